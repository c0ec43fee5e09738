//! Story-time values: calendar dates at a written precision, durations with
//! calendar units, gap ranges, and screen timecodes.
//!
//! Story-time is whole seconds with no time zones ([`Seconds`]); for the
//! Gregorian and Julian calendars second 0 is 1970-01-01 00:00:00
//! (Gregorian). The arithmetic is plain integers over any year within
//! [`MAX_YEAR`] ([`civil`]); a [`Calendar`] turns written dates into seconds
//! and seconds back into dates, and gives the lengths of calendar units.
//!
//! Months and years are not fixed lengths. A duration of N months is bounded
//! by the shortest and the longest run of N consecutive months of the
//! story's calendar (Gregorian: 1mo = 28..31 days, 6mo = 181..184 days,
//! 12mo = 1y = 365..366 days), so every bound the engine derives from them
//! is sound. The runs repeat with the calendar's leap cycle (Gregorian: 400
//! years, 4800 months, 146,097 days), which keeps the computation small.

pub mod calendar;
pub mod civil;
pub mod daypart;
pub mod fantasy;
pub mod rules;
pub mod stamp;

use std::fmt;

use serde::Serialize;

pub use calendar::{Calendar, Civil};

/// Whole seconds of story-time since the calendar's epoch (may be negative).
pub type Seconds = i64;

/// Seconds in a minute.
pub const MINUTE: Seconds = 60;
/// Seconds in a Gregorian hour.
pub const HOUR: Seconds = 3600;
/// Seconds in a Gregorian day.
pub const DAY: Seconds = 86_400;
/// Seconds in a Gregorian week.
pub const WEEK: Seconds = 7 * DAY;

/// The farthest story-time reaches either way: 2^58 seconds, about
/// 9.1 billion Gregorian years. Dates and durations beyond it are refused,
/// so sums of a few dozen of them stay far inside `i64`.
pub const MAX_SPAN: Seconds = 1 << 58;

/// The largest year a date may be written with (either sign), before the
/// calendar checks that the date is within [`MAX_SPAN`].
pub const MAX_YEAR: i64 = 100_000_000_000;

/// How precisely a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// `2014`
    Year,
    /// `2014-05`
    Month,
    /// `2014-05-17`
    Day,
    /// `2014-05-17 18:00`
    Minute,
    /// `2014-05-17 18:00:30`
    Second,
}

/// A calendar date (and maybe time of day) as written, in the numbering of
/// the story's calendar (month = 1-based position among its months and
/// intercalary periods). [`Calendar::validate`] checks it against a
/// calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateTimeSpec {
    /// Year, astronomical (0 is 1 BC, -43 is 44 BC).
    pub year: i64,
    /// Month (or intercalary period), from 1, when written.
    pub month: Option<u8>,
    /// Day of the month, from 1, when written.
    pub day: Option<u16>,
    /// Hour and minute, when written.
    pub hour_minute: Option<(u8, u8)>,
    /// Second, when written.
    pub second: Option<u8>,
}

/// Why a written date is not a real one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Year beyond the range of story-time.
    Year(i64),
    /// Month beyond the calendar's months and intercalary periods.
    Month {
        /// The month written.
        month: u32,
        /// How many the calendar has.
        count: u32,
    },
    /// Day outside the month.
    Day {
        /// The day written.
        day: u32,
        /// Days in that month that year.
        days_in_month: u32,
        /// True when the day is a leap day in a year without it.
        leap: bool,
        /// The month's name.
        month: String,
    },
    /// Hour, minute or second out of range: the unit, the value, the most
    /// allowed.
    Time(&'static str, u32, u32),
    /// Month or day 0 (the unit): every calendar counts them from 1, and
    /// the spec refuses it before any calendar is asked.
    Zero(&'static str),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Year(y) => write!(
                f,
                "year {y} is out of range (story-time reaches about 9,000,000,000 years either way)"
            ),
            DateError::Month { month, count } => {
                write!(f, "month {month} is out of range (1 to {count})")
            }
            DateError::Day {
                day,
                days_in_month,
                leap: true,
                month,
            } => write!(
                f,
                "day {day} does not exist: that year is not a leap year, so {month} has {}",
                days(*days_in_month)
            ),
            DateError::Day {
                day,
                days_in_month,
                month,
                ..
            } => write!(
                f,
                "day {day} does not exist: {month} has {}",
                days(*days_in_month)
            ),
            DateError::Time(unit, v, max) => write!(f, "{unit} {v} is out of range (0 to {max})"),
            DateError::Zero(unit) => write!(f, "there is no {unit} 0: {unit}s are counted from 1"),
        }
    }
}

/// `1 day`, `30 days`.
fn days(n: u32) -> String {
    crate::text::plural(n as usize, "day", "days")
}

/// Days in `month` of `year` (proleptic Gregorian).
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// True for a Gregorian leap year.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl DateTimeSpec {
    /// Build a date from its written parts without a calendar: the parts
    /// must fit (a month up to 255, a day up to 65,535, a year within
    /// [`MAX_YEAR`], a month and day from 1); the story's calendar checks
    /// the rest.
    pub fn written(
        year: i64,
        month: Option<u32>,
        day: Option<u32>,
        hour_minute: Option<(u32, u32)>,
        second: Option<u32>,
    ) -> Result<DateTimeSpec, DateError> {
        if year.unsigned_abs() > MAX_YEAR as u64 {
            return Err(DateError::Year(year));
        }
        let month = match month {
            Some(0) => return Err(DateError::Zero("month")),
            Some(m) => Some(u8::try_from(m).map_err(|_| DateError::Month {
                month: m,
                count: 255,
            })?),
            None => None,
        };
        let day = match day {
            Some(0) => return Err(DateError::Zero("day")),
            Some(d) => Some(u16::try_from(d).map_err(|_| DateError::Day {
                day: d,
                days_in_month: 0,
                leap: false,
                month: "the month".into(),
            })?),
            None => None,
        };
        let hour_minute = match hour_minute {
            Some((h, m)) => Some((
                u8::try_from(h).map_err(|_| DateError::Time("hour", h, 255))?,
                u8::try_from(m).map_err(|_| DateError::Time("minute", m, 255))?,
            )),
            None => None,
        };
        let second = match second {
            Some(s) => Some(u8::try_from(s).map_err(|_| DateError::Time("second", s, 59))?),
            None => None,
        };
        Ok(DateTimeSpec {
            year,
            month,
            day,
            hour_minute,
            second,
        })
    }

    /// Build and validate a date on the proleptic Gregorian calendar.
    pub fn new(
        year: i64,
        month: Option<u32>,
        day: Option<u32>,
        hour_minute: Option<(u32, u32)>,
        second: Option<u32>,
    ) -> Result<DateTimeSpec, DateError> {
        let d = DateTimeSpec::written(year, month, day, hour_minute, second)?;
        Calendar::gregorian().validate(&d)?;
        Ok(d)
    }

    /// The precision it was written at.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day, self.hour_minute, self.second) {
            (None, ..) => Precision::Year,
            (Some(_), None, ..) => Precision::Month,
            (Some(_), Some(_), None, _) => Precision::Day,
            (Some(_), Some(_), Some(_), None) => Precision::Minute,
            _ => Precision::Second,
        }
    }

    /// The first second the written date covers, on the Gregorian calendar
    /// (0 for a date that is not on it).
    pub fn first_second(&self) -> Seconds {
        Calendar::gregorian().bounds(self).map_or(0, |b| b.0)
    }

    /// The last second the written date covers (inclusive), on the
    /// Gregorian calendar (0 for a date that is not on it).
    pub fn last_second(&self) -> Seconds {
        Calendar::gregorian().bounds(self).map_or(0, |b| b.1)
    }

    /// The written parts in order, missing ones as the earliest (`late`
    /// false) or latest (`late` true) they could be: two written dates in
    /// one calendar compare by these keys whatever the calendar.
    pub fn order_key(&self, late: bool) -> (i64, u8, u16, u8, u8, u8) {
        let fill = |v: Option<u8>| v.unwrap_or(if late { u8::MAX } else { 0 });
        let (h, m) = match self.hour_minute {
            Some((h, m)) => (h, m),
            None if late => (u8::MAX, u8::MAX),
            None => (0, 0),
        };
        (
            self.year,
            fill(self.month),
            self.day.unwrap_or(if late { u16::MAX } else { 0 }),
            h,
            m,
            fill(self.second),
        )
    }
}

impl fmt::Display for DateTimeSpec {
    /// As written: a year of four digits, signed below 0 and above 9999
    /// (`-0043-03-15`, `+12024`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(stamp::Stamp::iso_year(self.year).as_str())?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        if let Some((h, m)) = self.hour_minute {
            write!(f, " {h:02}:{m:02}")?;
        }
        if let Some(s) = self.second {
            write!(f, ":{s:02}")?;
        }
        Ok(())
    }
}

/// Turn story seconds into a chrono date-time, when in chrono's range
/// (about ±262,000 years; Gregorian).
pub fn to_datetime(t: Seconds) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.naive_utc())
}

/// Print story seconds on the Gregorian calendar as ISO 8601
/// (`2014-05-17T18:00:00`, `-0043-03-15T00:00:00`); stories print with
/// their own calendar's [`Calendar::iso`].
pub fn iso(t: Seconds) -> String {
    Calendar::gregorian().iso(t)
}

/// Print story seconds on the Gregorian calendar at the coarsest precision
/// that loses nothing: `2014-05-17`, `2014-05-17 18:00`, `15 March 44 BC`
/// ([`Calendar::human`]).
pub fn human(t: Seconds) -> String {
    Calendar::gregorian().human(t)
}

/// Gregorian year of a story time.
pub fn year_of(t: Seconds) -> Option<i64> {
    Some(Calendar::gregorian().split(t).year)
}

/// A duration unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// `s`
    Second,
    /// `m`
    Minute,
    /// `h`
    Hour,
    /// `d`
    Day,
    /// `w`
    Week,
    /// `mo`, a calendar month
    Month,
    /// `y`, a calendar year (12 calendar months)
    Year,
}

impl Unit {
    /// Every unit with its written suffix.
    pub const ALL: [(&'static str, Unit); 7] = [
        ("s", Unit::Second),
        ("m", Unit::Minute),
        ("h", Unit::Hour),
        ("d", Unit::Day),
        ("w", Unit::Week),
        ("mo", Unit::Month),
        ("y", Unit::Year),
    ];

    /// Parse a unit suffix.
    pub fn parse(s: &str) -> Option<Unit> {
        Unit::ALL.iter().find(|(k, _)| *k == s).map(|&(_, u)| u)
    }

    /// The written suffix.
    pub fn suffix(self) -> &'static str {
        Unit::ALL
            .iter()
            .find(|(_, u)| *u == self)
            .map(|(k, _)| *k)
            .unwrap_or("s")
    }

    /// Position in [`Unit::ALL`].
    fn bit(self) -> u32 {
        Unit::ALL.iter().position(|(_, u)| *u == self).unwrap_or(0) as u32
    }
}

/// A duration as written, pooled per calendar unit.
///
/// Seconds and minutes are the same in every calendar and pool into
/// `seconds`; hours, days, weeks, months and years keep their counts, since
/// their lengths are the story's calendar's ([`Calendar::duration_bounds`]).
/// The units the writer used are remembered, so printing gives back `1w`,
/// `90m` or `1y2mo` as written (in a canonical order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Duration {
    /// Years (`y`).
    pub years: u64,
    /// Calendar months (`mo`).
    pub months: u32,
    /// Weeks (`w`).
    pub weeks: u32,
    /// Days (`d`).
    pub days: u32,
    /// Hours (`h`).
    pub hours: u32,
    /// Seconds (`s`, and `m` as 60).
    pub seconds: u64,
    /// The units written, one bit per [`Unit::ALL`] entry.
    pub units: u8,
}

/// The most of one of the middle units (`h`, `d`, `w`, `mo`) a duration
/// counts: those are 32-bit, which keeps a duration at 40 bytes (every
/// `by`, `for` and `+` range of a story holds two), and four billion of any
/// of them is longer than anyone writes in that unit. Years and seconds
/// are 64-bit.
pub const MAX_UNIT_COUNT: u64 = u32::MAX as u64;

/// The duration is too long to represent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

impl Duration {
    /// Pool written parts into a duration.
    pub fn from_parts(parts: &[(u64, Unit)]) -> Result<Duration, Overflow> {
        let mut d = Duration::default();
        for &(n, unit) in parts {
            d = d.plus(n, unit)?;
        }
        d.bounds()?;
        Ok(d)
    }

    /// Add `n` of `unit`.
    pub fn plus(self, n: u64, unit: Unit) -> Result<Duration, Overflow> {
        let mut d = self;
        d.units |= 1 << unit.bit();
        let wide = |slot: &mut u64, n: u64| -> Result<(), Overflow> {
            *slot = slot.checked_add(n).ok_or(Overflow)?;
            Ok(())
        };
        let narrow = |slot: &mut u32, n: u64| -> Result<(), Overflow> {
            let n = u32::try_from(n).map_err(|_| Overflow)?;
            *slot = slot.checked_add(n).ok_or(Overflow)?;
            Ok(())
        };
        match unit {
            Unit::Second => wide(&mut d.seconds, n)?,
            Unit::Minute => wide(&mut d.seconds, n.checked_mul(60).ok_or(Overflow)?)?,
            Unit::Hour => narrow(&mut d.hours, n)?,
            Unit::Day => narrow(&mut d.days, n)?,
            Unit::Week => narrow(&mut d.weeks, n)?,
            Unit::Month => narrow(&mut d.months, n)?,
            Unit::Year => wide(&mut d.years, n)?,
        }
        Ok(d)
    }

    /// True when this duration is longer than `other` in every calendar:
    /// no months or years (whose runs differ by calendar), each unit at
    /// least `other`'s, and not the same.
    pub fn exceeds_in_every_calendar(&self, other: &Duration) -> bool {
        let parts = |d: &Duration| {
            [
                u64::from(d.weeks),
                u64::from(d.days),
                u64::from(d.hours),
                d.seconds,
            ]
        };
        let (a, b) = (parts(self), parts(other));
        self.years + u64::from(self.months) + other.years + u64::from(other.months) == 0
            && a.iter().zip(&b).all(|(x, y)| x >= y)
            && a != b
    }

    /// Shortest and longest length in seconds this duration can have on
    /// the Gregorian calendar ([`Calendar::duration_bounds`] for others).
    pub fn bounds(&self) -> Result<(Seconds, Seconds), Overflow> {
        Calendar::with_gregorian(|g| g.duration_bounds(self))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every unit the writer used prints, zero or not, so printing and
        // parsing again gives the same value and the same units; seconds
        // and minutes share one pool, spread over the two as written. With
        // no record of units (a computed duration) every non-zero part
        // prints.
        let used = |u: Unit| self.units & (1 << u.bit()) != 0;
        let mut wrote = false;
        let mut part = |f: &mut fmt::Formatter<'_>, n: u64, unit: Unit| {
            if used(unit) || (self.units == 0 && n > 0) {
                wrote = true;
                write!(f, "{n}{}", unit.suffix())
            } else {
                Ok(())
            }
        };
        part(f, self.years, Unit::Year)?;
        part(f, self.months.into(), Unit::Month)?;
        part(f, self.weeks.into(), Unit::Week)?;
        part(f, self.days.into(), Unit::Day)?;
        part(f, self.hours.into(), Unit::Hour)?;
        let minutes_shown = used(Unit::Minute) || (self.units == 0 && self.seconds >= 60);
        let (minutes, seconds) = if minutes_shown {
            (self.seconds / 60, self.seconds % 60)
        } else {
            (0, self.seconds)
        };
        if minutes_shown {
            part(f, minutes, Unit::Minute)?;
        }
        part(f, seconds, Unit::Second)?;
        // Seconds the written units cannot express (never from the parser).
        if seconds > 0 && !used(Unit::Second) && self.units != 0 {
            wrote = true;
            write!(f, "{seconds}s")?;
        }
        if !wrote {
            write!(f, "0s")?;
        }
        Ok(())
    }
}

/// Fewest and most days in any run of `n` consecutive Gregorian months
/// ([`Calendar::month_run_days`]).
pub fn month_run_days(n: i64) -> Option<(i64, i64)> {
    Calendar::gregorian().month_run_days(u64::try_from(n).ok()?)
}

/// A gap or duration range in whole seconds: `lo ..= hi`, `hi` unbounded
/// when `None`. Offsets may be negative; gaps and durations never are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Bounds {
    /// Least value.
    pub lo: Seconds,
    /// Greatest value, if any.
    pub hi: Option<Seconds>,
}

impl Bounds {
    /// Any non-negative value.
    pub const NON_NEGATIVE: Bounds = Bounds { lo: 0, hi: None };
}

/// Print a length of story-time compactly in Gregorian days, for messages
/// (`3d 4h`, `28d`; [`human_duration_in`]).
pub fn human_duration(s: Seconds) -> String {
    human_duration_in(&Calendar::gregorian(), s)
}

/// Print a length of story-time compactly in the calendar's days and hours,
/// for messages (`3d 4h`, `28d`).
pub fn human_duration_in(calendar: &Calendar, mut s: Seconds) -> String {
    if s == 0 {
        return "0s".to_string();
    }
    let sign = if s < 0 { "-" } else { "" };
    s = s.saturating_abs();
    let units = [
        ("d", calendar.day_seconds()),
        ("h", calendar.hour_seconds()),
        ("m", MINUTE),
        ("s", 1),
    ];
    let mut parts = Vec::new();
    for (name, size) in units {
        if s >= size {
            parts.push(format!("{}{name}", s / size));
            s %= size;
        }
        if parts.len() == 2 {
            break;
        }
    }
    format!("{sign}{}", parts.join(" "))
}

/// A screen timecode or screen duration in milliseconds.
pub type Millis = i64;

/// Print milliseconds of screen-time as `HH:MM:SS` (with `.mmm` if needed).
/// ([`stamp::Timecode`] formats it without allocating.)
pub fn timecode(ms: Millis) -> String {
    stamp::Timecode(ms).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn the_middle_units_count_to_the_largest_u32_and_no_further() {
        for unit in [Unit::Hour, Unit::Day, Unit::Week, Unit::Month] {
            let most = Duration::default().plus(MAX_UNIT_COUNT, unit);
            assert!(most.is_ok(), "{unit:?}");
            assert_eq!(
                Duration::default().plus(MAX_UNIT_COUNT + 1, unit),
                Err(Overflow),
                "{unit:?}"
            );
            // Two parts of one unit that together pass the limit.
            assert_eq!(most.unwrap().plus(1, unit), Err(Overflow), "{unit:?}");
        }
        // Years and seconds are wide: past the 32-bit limit is still a count.
        for unit in [Unit::Year, Unit::Second] {
            let d = Duration::default().plus(MAX_UNIT_COUNT + 1, unit).unwrap();
            assert_eq!(d.plus(1, unit).map(|d| d.units), Ok(d.units));
        }
        // 4,294,967,295 hours (about 490,000 years) is a real length.
        let hours = Duration::from_parts(&[(MAX_UNIT_COUNT, Unit::Hour)]).unwrap();
        assert_eq!(
            hours.bounds(),
            Ok((MAX_UNIT_COUNT as i64 * 3600, MAX_UNIT_COUNT as i64 * 3600))
        );
    }

    fn dur(parts: &[(u64, Unit)]) -> (Seconds, Seconds) {
        Duration::from_parts(parts).unwrap().bounds().unwrap()
    }

    #[test]
    fn only_calendar_free_comparisons_exceed_in_every_calendar() {
        let d = |parts: &[(u64, Unit)]| Duration::from_parts(parts).unwrap();
        let (day, hours30) = (d(&[(1, Unit::Day)]), d(&[(30, Unit::Hour)]));
        assert!(d(&[(3, Unit::Day)]).exceeds_in_every_calendar(&day));
        assert!(d(&[(1, Unit::Day), (1, Unit::Hour)]).exceeds_in_every_calendar(&day));
        assert!(!day.exceeds_in_every_calendar(&day));
        // A day is more than 30 hours in some calendars, fewer in others.
        assert!(!day.exceeds_in_every_calendar(&hours30));
        assert!(!hours30.exceeds_in_every_calendar(&day));
        // Month runs differ by calendar.
        let (y, mo6) = (d(&[(1, Unit::Year)]), d(&[(6, Unit::Month)]));
        assert!(!y.exceeds_in_every_calendar(&mo6));
    }

    #[test]
    fn calendar_units_have_documented_bounds() {
        assert_eq!(dur(&[(1, Unit::Month)]), (28 * DAY, 31 * DAY));
        assert_eq!(dur(&[(2, Unit::Month)]), (59 * DAY, 62 * DAY));
        assert_eq!(dur(&[(6, Unit::Month)]), (181 * DAY, 184 * DAY));
        assert_eq!(dur(&[(12, Unit::Month)]), (365 * DAY, 366 * DAY));
        assert_eq!(dur(&[(1, Unit::Year)]), (365 * DAY, 366 * DAY));
        assert_eq!(dur(&[(4, Unit::Year)]), (1460 * DAY, 1461 * DAY));
        assert_eq!(dur(&[(400, Unit::Year)]), (146_097 * DAY, 146_097 * DAY));
        assert_eq!(dur(&[(1, Unit::Hour), (30, Unit::Minute)]), (5400, 5400));
        assert_eq!(
            dur(&[(1, Unit::Year), (1, Unit::Month), (1, Unit::Day)]),
            (394 * DAY, 398 * DAY)
        );
    }

    #[test]
    fn month_runs_agree_with_brute_force() {
        // Every start month over 800 years, against chrono's calendar.
        for n in [1i64, 3, 11, 13, 25, 49, 100] {
            let (lo, hi) = month_run_days(n).unwrap();
            let (mut blo, mut bhi) = (i64::MAX, i64::MIN);
            for start in 0..9600i64 {
                let (y, m) = (1600 + start / 12, start % 12 + 1);
                let end = start + n;
                let (ey, em) = (1600 + end / 12, end % 12 + 1);
                let a = NaiveDate::from_ymd_opt(y as i32, m as u32, 1).unwrap();
                let b = NaiveDate::from_ymd_opt(ey as i32, em as u32, 1).unwrap();
                let d = (b - a).num_days();
                blo = blo.min(d);
                bhi = bhi.max(d);
            }
            assert_eq!((lo, hi), (blo, bhi), "{n} months");
        }
    }

    #[test]
    fn huge_durations_overflow_instead_of_wrapping() {
        assert_eq!(
            Duration::from_parts(&[(u64::MAX, Unit::Year)]),
            Err(Overflow)
        );
        // Deep time is fine up to about nine billion years; a trillion is
        // a clear overflow, not a wrapped number.
        assert!(Duration::from_parts(&[(20_000, Unit::Year)]).is_ok());
        let billion = Duration::from_parts(&[(1_000_000_000, Unit::Year)]).unwrap();
        let (lo, hi) = billion.bounds().unwrap();
        assert_eq!(lo, hi);
        assert_eq!(lo, 2_500_000 * 146_097 * DAY);
        assert_eq!(
            Duration::from_parts(&[(1_000_000_000_000, Unit::Year)]),
            Err(Overflow)
        );
        assert_eq!(
            Duration::from_parts(&[(u64::MAX / 2, Unit::Minute)]),
            Err(Overflow)
        );
    }

    #[test]
    fn signed_years_print_in_iso_form() {
        let ides = DateTimeSpec::new(-43, Some(3), Some(15), None, None).unwrap();
        assert_eq!(ides.to_string(), "-0043-03-15");
        assert_eq!(iso(ides.first_second()), "-0043-03-15T00:00:00");
        assert_eq!(human(ides.first_second()), "15 March 44 BC");
        let far = DateTimeSpec::new(12_024, Some(1), Some(1), None, None).unwrap();
        assert_eq!(far.to_string(), "+12024-01-01");
        assert_eq!(iso(far.first_second()), "+12024-01-01T00:00:00");
        assert_eq!(human(far.first_second()), "+12024-01-01");
        let year_zero = DateTimeSpec::new(0, None, None, None, None).unwrap();
        assert_eq!(human(year_zero.first_second()), "1 January 1 BC");
        let deep = DateTimeSpec::new(-1_000_000, None, None, None, None).unwrap();
        assert_eq!(
            Calendar::gregorian().text(deep.first_second(), Precision::Year),
            "1000001 BC"
        );
        assert!(DateTimeSpec::new(1_000_000_000_000, None, None, None, None).is_err());
        assert!(DateTimeSpec::new(-9_000_000_000, None, None, None, None).is_ok());
        assert!(DateTimeSpec::new(-9_200_000_000, None, None, None, None).is_err());
    }

    #[test]
    fn precision_bounds_are_inclusive() {
        let may = DateTimeSpec::new(2014, Some(5), None, None, None).unwrap();
        assert_eq!(iso(may.first_second()), "2014-05-01T00:00:00");
        assert_eq!(iso(may.last_second()), "2014-05-31T23:59:59");
        let leap = DateTimeSpec::new(2020, None, None, None, None).unwrap();
        assert_eq!(iso(leap.last_second()), "2020-12-31T23:59:59");
        let minute = DateTimeSpec::new(2020, Some(10), Some(3), Some((8, 10)), None).unwrap();
        assert_eq!(iso(minute.last_second()), "2020-10-03T08:10:59");
        assert_eq!(minute.to_string(), "2020-10-03 08:10");
    }

    #[test]
    fn invalid_dates_are_rejected() {
        assert_eq!(
            DateTimeSpec::new(2014, Some(13), Some(40), None, None),
            Err(DateError::Month {
                month: 13,
                count: 12
            })
        );
        assert!(matches!(
            DateTimeSpec::new(2019, Some(2), Some(29), None, None),
            Err(DateError::Day { leap: true, .. })
        ));
        assert!(DateTimeSpec::new(2020, Some(2), Some(29), None, None).is_ok());
        assert!(DateTimeSpec::new(0, None, None, None, None).is_ok());
        assert!(DateTimeSpec::new(2020, Some(1), Some(1), Some((24, 0)), None).is_err());
    }

    #[test]
    fn durations_print_canonically() {
        let d = |parts: &[(u64, Unit)]| Duration::from_parts(parts).unwrap().to_string();
        assert_eq!(d(&[(1, Unit::Hour), (30, Unit::Minute)]), "1h30m");
        assert_eq!(d(&[(90, Unit::Minute)]), "90m");
        assert_eq!(d(&[(14, Unit::Month)]), "14mo");
        assert_eq!(d(&[(1, Unit::Year), (2, Unit::Month)]), "1y2mo");
        assert_eq!(d(&[(2, Unit::Month), (1, Unit::Year)]), "1y2mo");
        assert_eq!(d(&[(1, Unit::Week)]), "1w");
        assert_eq!(d(&[(1, Unit::Week), (2, Unit::Day)]), "1w2d");
        assert_eq!(d(&[(0, Unit::Day)]), "0d");
        assert_eq!(d(&[(2, Unit::Year)]), "2y");
    }

    #[test]
    fn timecodes_print() {
        assert_eq!(timecode(4 * 60_000 + 10_000), "00:04:10");
        assert_eq!(timecode(3_723_500), "01:02:03.500");
        assert_eq!(human_duration(28 * DAY + 3 * HOUR), "28d 3h");
    }
}
