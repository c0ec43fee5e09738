//! Story-time values: calendar dates at a written precision, durations with
//! calendar units, gap ranges, and screen timecodes.
//!
//! Story-time is whole seconds on a proleptic Gregorian calendar with no time
//! zones ([`Seconds`], counted from 1970-01-01 00:00:00). chrono is used only
//! at the edges, to validate dates and to print them back.
//!
//! Months and years are not fixed lengths. A duration of N months is bounded
//! by the shortest and the longest run of N consecutive Gregorian months
//! (1mo = 28..31 days, 6mo = 181..184 days, 12mo = 1y = 365..366 days), so
//! every bound the engine derives from them is sound. The runs repeat every
//! 400 years (4800 months, 146,097 days), which keeps the computation small.

pub mod daypart;

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use serde::Serialize;

/// Whole seconds of story-time since 1970-01-01 00:00:00 (may be negative).
pub type Seconds = i64;

/// Seconds in a minute, hour, day and week.
pub const MINUTE: Seconds = 60;
/// Seconds in an hour.
pub const HOUR: Seconds = 3600;
/// Seconds in a day.
pub const DAY: Seconds = 86_400;
/// Seconds in a week.
pub const WEEK: Seconds = 7 * DAY;

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

/// A calendar date (and maybe time of day) as written, validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct DateTimeSpec {
    /// Year, 1 to 9999.
    pub year: i32,
    /// Month 1–12, when written.
    pub month: Option<u8>,
    /// Day of month, when written.
    pub day: Option<u8>,
    /// Hour and minute, when written.
    pub hour_minute: Option<(u8, u8)>,
    /// Second, when written.
    pub second: Option<u8>,
}

/// Why a written date is not a real one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Year outside 1..=9999.
    Year(i64),
    /// Month outside 1..=12.
    Month(u32),
    /// Day outside the month.
    Day {
        /// The day written.
        day: u32,
        /// Days in that month.
        days_in_month: u32,
        /// True when the day is 29 February of a common year.
        leap: bool,
    },
    /// Hour, minute or second out of range.
    Time(&'static str, u32),
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Year(y) => write!(f, "year {y} is out of range (1 to 9999)"),
            DateError::Month(m) => write!(f, "month {m} is out of range (1 to 12)"),
            DateError::Day {
                day,
                days_in_month,
                leap: true,
            } => write!(
                f,
                "day {day} does not exist: that year is not a leap year, so February has {days_in_month} days"
            ),
            DateError::Day {
                day, days_in_month, ..
            } => write!(
                f,
                "day {day} does not exist: that month has {days_in_month} days"
            ),
            DateError::Time(unit, v) => write!(f, "{unit} {v} is out of range"),
        }
    }
}

/// Days in `month` of `year` (proleptic Gregorian).
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

/// True for a Gregorian leap year.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_from_epoch(year: i32, month: u32, day: u32) -> i64 {
    // Validated before every call, so the date exists.
    let date = NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default();
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
    (date - epoch).num_days()
}

impl DateTimeSpec {
    /// Build and validate a date from its written parts.
    pub fn new(
        year: i64,
        month: Option<u32>,
        day: Option<u32>,
        hour_minute: Option<(u32, u32)>,
        second: Option<u32>,
    ) -> Result<DateTimeSpec, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::Year(year));
        }
        let year = year as i32;
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::Month(m));
            }
            if let Some(d) = day {
                let dim = days_in_month(year, m);
                if d == 0 || d > dim {
                    return Err(DateError::Day {
                        day: d,
                        days_in_month: dim,
                        leap: m == 2 && d == 29,
                    });
                }
            }
        }
        if let Some((h, mi)) = hour_minute {
            if h > 23 {
                return Err(DateError::Time("hour", h));
            }
            if mi > 59 {
                return Err(DateError::Time("minute", mi));
            }
        }
        if let Some(s) = second {
            if s > 59 {
                return Err(DateError::Time("second", s));
            }
        }
        Ok(DateTimeSpec {
            year,
            month: month.map(|m| m as u8),
            day: day.map(|d| d as u8),
            hour_minute: hour_minute.map(|(h, m)| (h as u8, m as u8)),
            second: second.map(|s| s as u8),
        })
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

    /// The first second the written date covers.
    pub fn first_second(&self) -> Seconds {
        let month = self.month.unwrap_or(1) as u32;
        let day = self.day.unwrap_or(1) as u32;
        let (h, m) = self.hour_minute.unwrap_or((0, 0));
        let s = self.second.unwrap_or(0);
        days_from_epoch(self.year, month, day) * DAY
            + h as i64 * HOUR
            + m as i64 * MINUTE
            + s as i64
    }

    /// The last second the written date covers (inclusive).
    pub fn last_second(&self) -> Seconds {
        match self.precision() {
            Precision::Second => self.first_second(),
            Precision::Minute => self.first_second() + MINUTE - 1,
            Precision::Day => self.first_second() + DAY - 1,
            Precision::Month => {
                let month = self.month.unwrap_or(1) as u32;
                self.first_second() + days_in_month(self.year, month) as i64 * DAY - 1
            }
            Precision::Year => {
                let days = if is_leap(self.year) { 366 } else { 365 };
                self.first_second() + days * DAY - 1
            }
        }
    }
}

impl fmt::Display for DateTimeSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
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

/// Turn story seconds into a calendar date-time, when in chrono's range.
pub fn to_datetime(t: Seconds) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.naive_utc())
}

/// Print story seconds as ISO 8601 (`2014-05-17T18:00:00`).
pub fn iso(t: Seconds) -> String {
    match to_datetime(t) {
        Some(d) => d.format("%Y-%m-%dT%H:%M:%S").to_string(),
        None => format!("{t}s"),
    }
}

/// Print story seconds at the coarsest precision that loses nothing:
/// `2014-05-17`, `2014-05-17 18:00`, `2014-05-17 18:00:30`.
pub fn human(t: Seconds) -> String {
    match to_datetime(t) {
        Some(d) if d.second() != 0 => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        Some(d) if d.hour() != 0 || d.minute() != 0 => d.format("%Y-%m-%d %H:%M").to_string(),
        Some(d) => d.format("%Y-%m-%d").to_string(),
        None => format!("{t}s"),
    }
}

/// Year of a story time, for axis labels.
pub fn year_of(t: Seconds) -> Option<i32> {
    to_datetime(t).map(|d| d.year())
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

    fn fixed_seconds(self) -> Option<Seconds> {
        match self {
            Unit::Second => Some(1),
            Unit::Minute => Some(MINUTE),
            Unit::Hour => Some(HOUR),
            Unit::Day => Some(DAY),
            Unit::Week => Some(WEEK),
            Unit::Month | Unit::Year => None,
        }
    }
}

/// A duration as calendar months plus fixed seconds.
///
/// Written durations (`1h30m`, `1y2mo`, `6mo`) are pooled into these two
/// numbers when parsed: that is all their meaning (years are 12 months, and a
/// run of months is bounded as a whole), and it keeps a duration to 16 bytes
/// with no allocation. The units the writer used are remembered, so printing
/// gives back `1w`, `90m` or `1y2mo` as written (in a canonical order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Duration {
    /// Calendar months (`y` counts 12).
    pub months: u32,
    /// Fixed seconds (`s m h d w`).
    pub seconds: u64,
    /// The units written, one bit per [`Unit::ALL`] entry.
    pub units: u8,
}

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
        match unit.fixed_seconds() {
            Some(s) => {
                d.seconds = n
                    .checked_mul(s as u64)
                    .and_then(|v| d.seconds.checked_add(v))
                    .ok_or(Overflow)?
            }
            None => {
                let m = if unit == Unit::Year {
                    n.checked_mul(12).ok_or(Overflow)?
                } else {
                    n
                };
                let m = u32::try_from(m).map_err(|_| Overflow)?;
                d.months = d.months.checked_add(m).ok_or(Overflow)?;
            }
        }
        Ok(d)
    }

    /// Shortest and longest length in seconds this duration can have.
    ///
    /// Fixed units add exactly; months are one run of consecutive months,
    /// bounded by [`month_run_days`].
    pub fn bounds(&self) -> Result<(Seconds, Seconds), Overflow> {
        let months = i64::from(self.months);
        let fixed = i64::try_from(self.seconds).map_err(|_| Overflow)?;
        let (lo_days, hi_days) = month_run_days(months).ok_or(Overflow)?;
        let lo = lo_days
            .checked_mul(DAY)
            .and_then(|v| v.checked_add(fixed))
            .ok_or(Overflow)?;
        let hi = hi_days
            .checked_mul(DAY)
            .and_then(|v| v.checked_add(fixed))
            .ok_or(Overflow)?;
        // Story-time stays within years 1..=9999; anything longer is a typo.
        const LIMIT: Seconds = 10_000 * 366 * DAY;
        if hi > LIMIT {
            return Err(Overflow);
        }
        Ok((lo, hi))
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Spread the value over the units written, largest first; with no
        // record of units (a computed duration) use years, months, days,
        // hours, minutes and seconds.
        let used = |u: Unit| self.units == 0 || self.units & (1 << u.bit()) != 0;
        let mut wrote = false;
        let mut months = u64::from(self.months);
        let mut rest = self.seconds;
        for (suffix, unit) in Unit::ALL.iter().rev() {
            if !used(*unit) || (self.units == 0 && *unit == Unit::Week) {
                continue;
            }
            let n = match unit.fixed_seconds() {
                None if *unit == Unit::Year => {
                    let n = months / 12;
                    months -= n * 12;
                    n
                }
                None => std::mem::take(&mut months),
                Some(size) => {
                    let n = rest / size as u64;
                    rest %= size as u64;
                    n
                }
            };
            // Every unit the writer used prints, zero or not, so printing
            // and parsing again gives the same value and the same units.
            if n > 0 || self.units != 0 {
                wrote = true;
                write!(f, "{n}{suffix}")?;
            }
        }
        // Anything the written units cannot express exactly (never from the
        // parser) still prints, in the finest units.
        if months > 0 {
            wrote = true;
            write!(f, "{months}mo")?;
        }
        if rest > 0 {
            wrote = true;
            write!(f, "{rest}s")?;
        }
        if !wrote {
            write!(f, "0s")?;
        }
        Ok(())
    }
}

const CYCLE_MONTHS: i64 = 4800;
const CYCLE_DAYS: i64 = 146_097;

thread_local! {
    static MONTH_RUNS: RefCell<HashMap<i64, (i64, i64)>> = RefCell::new(HashMap::new());
}

/// Fewest and most days in any run of `n` consecutive Gregorian months.
///
/// The calendar repeats every 400 years, so `n = q·4800 + r` months span
/// exactly `q·146097` days plus a run of `r` months, whose extremes are found
/// by sliding over one cycle (4800 starts) and cached per `r`.
pub fn month_run_days(n: i64) -> Option<(i64, i64)> {
    if n < 0 {
        return None;
    }
    let (q, r) = (n / CYCLE_MONTHS, n % CYCLE_MONTHS);
    let base = q.checked_mul(CYCLE_DAYS)?;
    let (lo, hi) = MONTH_RUNS.with(|cache| {
        *cache
            .borrow_mut()
            .entry(r)
            .or_insert_with(|| slide_month_runs(r as usize))
    });
    Some((base.checked_add(lo)?, base.checked_add(hi)?))
}

fn slide_month_runs(r: usize) -> (i64, i64) {
    if r == 0 {
        return (0, 0);
    }
    let months = CYCLE_MONTHS as usize;
    let lengths: Vec<i64> = (0..2 * months)
        .map(|i| {
            let year = 2000 + (i / 12) as i32;
            days_in_month(year, (i % 12) as u32 + 1) as i64
        })
        .collect();
    let mut window: i64 = lengths[..r].iter().sum();
    let (mut lo, mut hi) = (window, window);
    for start in 1..months {
        window += lengths[start + r - 1] - lengths[start - 1];
        lo = lo.min(window);
        hi = hi.max(window);
    }
    (lo, hi)
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

/// Print a length of story-time compactly, for messages (`3d 4h`, `28d`).
pub fn human_duration(mut s: Seconds) -> String {
    if s == 0 {
        return "0s".to_string();
    }
    let sign = if s < 0 { "-" } else { "" };
    s = s.abs();
    let units = [("d", DAY), ("h", HOUR), ("m", MINUTE), ("s", 1)];
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
pub fn timecode(ms: Millis) -> String {
    let sign = if ms < 0 { "-" } else { "" };
    let ms = ms.abs();
    let (s, frac) = (ms / 1000, ms % 1000);
    let base = format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    if frac == 0 {
        base
    } else {
        format!("{base}.{frac:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dur(parts: &[(u64, Unit)]) -> (Seconds, Seconds) {
        Duration::from_parts(parts).unwrap().bounds().unwrap()
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
        assert_eq!(Duration::from_parts(&[(20_000, Unit::Year)]), Err(Overflow));
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
            Err(DateError::Month(13))
        );
        assert!(matches!(
            DateTimeSpec::new(2019, Some(2), Some(29), None, None),
            Err(DateError::Day { leap: true, .. })
        ));
        assert!(DateTimeSpec::new(2020, Some(2), Some(29), None, None).is_ok());
        assert!(DateTimeSpec::new(0, None, None, None, None).is_err());
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
