//! Calendars: how whole seconds of story-time read as dates, and how long
//! calendar units are.
//!
//! The solver never sees a calendar: story-time is whole seconds from a
//! fixed epoch ([`Seconds`]). A [`Calendar`] sits at the edges. It turns a
//! written date into its first and last second, a second back into a date
//! (for text, JSON and axis labels), gives the ranges of `d h w mo y`, and
//! names weekdays. The proleptic Gregorian calendar is the default;
//! `julian` is built in; a story may declare its own or import one
//! ([`Definition`]).
//!
//! For Gregorian and Julian stories second 0 is 1970-01-01 00:00 on the
//! Gregorian calendar (so both count real days); for a custom calendar it is
//! the first day of its year 1.

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, OnceLock};

use super::civil;
use super::rules::{Interval, LeapDay, Period};
use super::{DateError, DateTimeSpec, Duration, Overflow, Precision, Seconds, MAX_SPAN};

/// Which arithmetic turns dates into day numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Arith {
    Gregorian,
    Julian,
    Custom,
}

/// A named span of years for display and for reading (`DR`, `BBY`, `BC`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Era {
    /// The suffix written after the year (`DR`, `Age of Serpents`).
    pub name: String,
    /// For an era counting forwards, its first day as (year, 1-based
    /// period, day); for one counting backwards, the first day after it (so
    /// the year before is its year 1). `None` for a name for every year.
    pub start: Option<(i64, u8, u16)>,
    /// True when the era counts its years down towards its end (`32 BBY`,
    /// `44 BC`).
    pub backwards: bool,
    /// True when the era's own year 1 is its start year; false when it
    /// only names the calendar's year (`1372 DR` is year 1372).
    pub restart: bool,
}

/// A moon, for showing its phase.
#[derive(Clone, Debug, PartialEq)]
pub struct Moon {
    /// Its name.
    pub name: String,
    /// Days from one new moon to the next.
    pub cycle: f64,
    /// Days after the calendar's first day at which a new moon falls.
    pub offset: f64,
}

/// Why a calendar definition cannot be used; each names what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DefinitionError {
    /// The calendar has no month (intercalary periods alone are no year).
    NoMonths,
    /// More than 255 months and intercalary periods.
    TooManyPeriods,
    /// A year of no days.
    EmptyYear,
    /// No weekday names.
    NoWeekdays,
    /// A day of zero hours or an hour of zero minutes, or a day over
    /// 1,000,000 seconds.
    DayLength,
    /// A leap rule with an interval of 0 or a cycle that is too long.
    LeapRule(String, String),
    /// A leap day names a period that does not exist.
    LeapPeriod(String),
    /// The first weekday is not one of the weekdays.
    FirstWeekday(u32),
}

impl fmt::Display for DefinitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DefinitionError::NoMonths => f.write_str("the calendar has no month (intercalary periods alone cannot make a year)"),
            DefinitionError::TooManyPeriods => f.write_str("the calendar has more than 255 months and intercalary periods"),
            DefinitionError::EmptyYear => f.write_str("the calendar's year has no days"),
            DefinitionError::NoWeekdays => f.write_str("the calendar has no weekday names"),
            DefinitionError::DayLength => f.write_str("a day needs at least one hour of at least one minute, and at most 1,000,000 seconds"),
            DefinitionError::LeapRule(name, why) => write!(f, "leap day `{name}`: {why}"),
            DefinitionError::LeapPeriod(name) => write!(f, "leap day `{name}` is added to a month that does not exist"),
            DefinitionError::FirstWeekday(n) => write!(f, "the first weekday {n} is not one of the calendar's weekdays"),
        }
    }
}

/// A leap day as declared: its name, the index of the period that gets it,
/// its rule's intervals, the rule's offset, and whether it advances the
/// weekday.
pub type LeapSpec = (String, usize, Vec<Interval>, i64, bool);

/// Everything a custom calendar says, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct Definition {
    /// The calendar's name.
    pub name: String,
    /// Months and intercalary periods in order.
    pub periods: Vec<Period>,
    /// Leap days.
    pub leap_days: Vec<LeapSpec>,
    /// Weekday names.
    pub weekdays: Vec<String>,
    /// Weekday index (0-based) of the first day of year 1.
    pub first_weekday: u32,
    /// True when every month starts the week anew.
    pub week_restarts: bool,
    /// Hours in a day.
    pub hours_per_day: u32,
    /// Minutes in an hour.
    pub minutes_per_hour: u32,
    /// Eras, in order of their start.
    pub eras: Vec<Era>,
    /// Moons.
    pub moons: Vec<Moon>,
}

/// A calendar, cheap to clone (shared).
#[derive(Clone)]
pub struct Calendar(Arc<Inner>);

struct Inner {
    name: String,
    arith: Arith,
    periods: Vec<Period>,
    /// Indices of the periods that are months.
    months: Vec<usize>,
    leap_days: Vec<LeapDay>,
    weekdays: Vec<String>,
    first_weekday: u32,
    week_restarts: bool,
    hours_per_day: u32,
    minutes_per_hour: u32,
    eras: Vec<Era>,
    moons: Vec<Moon>,
    base_days: i64,
    base_advancing: i64,
    mean_year: f64,
    day_seconds: Seconds,
    /// Fewest and most days in a run of `r` months, by `r`: the short
    /// runs every story writes (`by 1mo..3mo`) without a lock, the rest
    /// behind one.
    short_runs: [OnceLock<(i64, i64)>; SHORT_RUNS],
    runs: Mutex<HashMap<u64, (i64, i64)>>,
    /// Years in one cycle of all leap rules together, when small enough
    /// to slide over (else month runs are bounded per year).
    cycle_years: Option<u64>,
    /// Days in those years, worked out once (`None` when they overflow).
    cycle_days: Option<i64>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Calendar({})", self.0.name)
    }
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Calendar) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || self.0.name == other.0.name
                && self.0.arith == other.0.arith
                && self.0.periods == other.0.periods
    }
}

impl serde::Serialize for Calendar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.name)
    }
}

impl Default for Calendar {
    fn default() -> Calendar {
        Calendar::gregorian()
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTH_LENGTHS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// Month runs up to this many months are cached without a lock.
const SHORT_RUNS: usize = 64;

thread_local! {
    static GREGORIAN: Calendar = Calendar::civil("gregorian", Arith::Gregorian);
    static JULIAN: Calendar = Calendar::civil("julian", Arith::Julian);
}

/// A date split into its parts, in a calendar's numbering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Civil {
    /// Year (astronomical: 0 and below for Gregorian BC).
    pub year: i64,
    /// 1-based position among months and intercalary periods.
    pub period: u8,
    /// Day of the period, from 1.
    pub day: u16,
    /// Hour of the day.
    pub hour: u32,
    /// Minute of the hour.
    pub minute: u32,
    /// Second of the minute.
    pub second: u32,
    /// Days since the epoch.
    pub day_number: i64,
}

impl Calendar {
    /// The proleptic Gregorian calendar, the default.
    pub fn gregorian() -> Calendar {
        GREGORIAN.with(Calendar::clone)
    }

    /// `f` of the Gregorian calendar, without a handle of one's own (for
    /// work done per duration or date, where taking one per call showed).
    pub fn with_gregorian<R>(f: impl FnOnce(&Calendar) -> R) -> R {
        GREGORIAN.with(f)
    }

    /// The proleptic Julian calendar (every fourth year a leap year).
    pub fn julian() -> Calendar {
        JULIAN.with(Calendar::clone)
    }

    /// A built-in calendar by name (`gregorian`, `julian`), any case.
    pub fn builtin(name: &str) -> Option<Calendar> {
        match name.to_ascii_lowercase().as_str() {
            "gregorian" => Some(Calendar::gregorian()),
            "julian" => Some(Calendar::julian()),
            _ => None,
        }
    }

    fn civil(name: &str, arith: Arith) -> Calendar {
        let periods = MONTH_NAMES
            .iter()
            .zip(MONTH_LENGTHS)
            .map(|(n, length)| Period {
                name: (*n).to_string(),
                short: None,
                length,
                intercalary: false,
                advances_week: true,
            })
            .collect();
        let every = |every, exclusive| Interval {
            every,
            exclusive,
            ignore_offset: false,
        };
        let intervals = if arith == Arith::Julian {
            vec![every(4, false)]
        } else {
            vec![every(4, false), every(100, true), every(400, false)]
        };
        let def = Definition {
            name: name.to_string(),
            periods,
            leap_days: vec![("29 February".to_string(), 1, intervals, 0, true)],
            weekdays: WEEKDAYS.iter().map(|s| (*s).to_string()).collect(),
            first_weekday: 0,
            week_restarts: false,
            hours_per_day: 24,
            minutes_per_hour: 60,
            eras: vec![
                Era {
                    name: "BC".into(),
                    start: Some((1, 1, 1)),
                    backwards: true,
                    restart: false,
                },
                Era {
                    name: "AD".into(),
                    start: Some((1, 1, 1)),
                    backwards: false,
                    restart: false,
                },
            ],
            moons: Vec::new(),
        };
        // The built-in definitions are constants, checked by the tests.
        Calendar::build(def, arith).expect("the built-in calendars are valid")
    }

    /// Check a custom calendar's definition and build it.
    pub fn custom(def: Definition) -> Result<Calendar, DefinitionError> {
        Calendar::build(def, Arith::Custom)
    }

    fn build(def: Definition, arith: Arith) -> Result<Calendar, DefinitionError> {
        let months: Vec<usize> = (0..def.periods.len())
            .filter(|&i| !def.periods[i].intercalary)
            .collect();
        if months.is_empty() {
            return Err(DefinitionError::NoMonths);
        }
        if def.periods.len() > 255 {
            return Err(DefinitionError::TooManyPeriods);
        }
        if def.weekdays.is_empty() {
            return Err(DefinitionError::NoWeekdays);
        }
        if def.first_weekday as usize >= def.weekdays.len() {
            return Err(DefinitionError::FirstWeekday(def.first_weekday));
        }
        let day_seconds = u64::from(def.hours_per_day) * u64::from(def.minutes_per_hour) * 60;
        if day_seconds == 0 || day_seconds > 1_000_000 {
            return Err(DefinitionError::DayLength);
        }
        let mut leap_days = Vec::new();
        for (name, period, intervals, offset, advances) in def.leap_days {
            if period >= def.periods.len() {
                return Err(DefinitionError::LeapPeriod(name));
            }
            let day =
                LeapDay::new(name.clone(), period, intervals, offset, advances).map_err(|e| {
                    DefinitionError::LeapRule(
                        name.clone(),
                        match e {
                            super::rules::RuleError::ZeroInterval => {
                                "an interval of 0 years".to_string()
                            }
                            super::rules::RuleError::CycleTooLong(c) => format!(
                                "its intervals repeat only every {c} years (at most {} allowed)",
                                super::rules::MAX_CYCLE
                            ),
                        },
                    )
                })?;
            leap_days.push(day);
        }
        let base_days: i64 = def.periods.iter().map(|p| i64::from(p.length)).sum();
        if base_days == 0 && leap_days.is_empty() {
            return Err(DefinitionError::EmptyYear);
        }
        let base_advancing = def
            .periods
            .iter()
            .filter(|p| p.advances_week)
            .map(|p| i64::from(p.length))
            .sum();
        let mean_year = base_days as f64
            + leap_days
                .iter()
                .map(|l| f64::from(l.per_cycle()) / l.cycle() as f64)
                .sum::<f64>();
        let mut cycle: Option<u64> = Some(1);
        for l in &leap_days {
            cycle = cycle.and_then(|c| {
                let g = gcd(c, l.cycle());
                let lcm = c / g * l.cycle();
                (lcm.saturating_mul(months.len() as u64) <= 2_000_000).then_some(lcm)
            });
        }
        if mean_year < 1.0 {
            return Err(DefinitionError::EmptyYear);
        }
        let mut calendar = Calendar(Arc::new(Inner {
            name: def.name,
            arith,
            periods: def.periods,
            months,
            leap_days,
            weekdays: def.weekdays,
            first_weekday: def.first_weekday,
            week_restarts: def.week_restarts,
            hours_per_day: def.hours_per_day,
            minutes_per_hour: def.minutes_per_hour,
            eras: def.eras,
            moons: def.moons,
            base_days,
            base_advancing,
            mean_year,
            day_seconds: day_seconds as Seconds,
            short_runs: std::array::from_fn(|_| OnceLock::new()),
            runs: Mutex::new(HashMap::new()),
            cycle_years: cycle,
            cycle_days: None,
        }));
        // The days of a leap cycle need the calendar's own year arithmetic,
        // so they are counted once it exists (every month run uses them).
        if let Some(years) = cycle {
            let days = calendar.year_start(years as i64 + 1) - calendar.year_start(1);
            if let Some(inner) = Arc::get_mut(&mut calendar.0) {
                inner.cycle_days = i64::try_from(days).ok();
            }
        }
        Ok(calendar)
    }

    /// The calendar's name (`gregorian`, `julian`, `Calendar of Harptos`).
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// True for the default proleptic Gregorian calendar.
    pub fn is_gregorian(&self) -> bool {
        self.0.arith == Arith::Gregorian
    }

    /// True for a calendar a story declared or imported.
    pub fn is_custom(&self) -> bool {
        self.0.arith == Arith::Custom
    }

    /// Seconds in a day.
    pub fn day_seconds(&self) -> Seconds {
        self.0.day_seconds
    }

    /// Seconds in an hour.
    pub fn hour_seconds(&self) -> Seconds {
        Seconds::from(self.0.minutes_per_hour) * 60
    }

    /// Hours in a day.
    pub fn hours_per_day(&self) -> u32 {
        self.0.hours_per_day
    }

    /// Minutes in an hour.
    pub fn minutes_per_hour(&self) -> u32 {
        self.0.minutes_per_hour
    }

    /// Days in a week.
    pub fn week_days(&self) -> usize {
        self.0.weekdays.len()
    }

    /// The weekday names in order.
    pub fn weekday_names(&self) -> &[String] {
        &self.0.weekdays
    }

    /// Months and intercalary periods in order.
    pub fn periods(&self) -> &[Period] {
        &self.0.periods
    }

    /// Months in a year (intercalary periods are not months).
    pub fn months_per_year(&self) -> u64 {
        self.0.months.len() as u64
    }

    /// The leap days.
    pub fn leap_days(&self) -> &[LeapDay] {
        &self.0.leap_days
    }

    /// The eras, in order.
    pub fn eras(&self) -> &[Era] {
        &self.0.eras
    }

    /// The moons.
    pub fn moons(&self) -> &[Moon] {
        &self.0.moons
    }

    /// Days in a common year.
    pub fn common_year_days(&self) -> i64 {
        self.0.base_days
    }

    /// Mean days in a year.
    pub fn mean_year_days(&self) -> f64 {
        self.0.mean_year
    }

    /// Days in period `period` (0-based) of `year`.
    pub fn period_days(&self, year: i64, period: usize) -> u32 {
        let base = self.0.periods.get(period).map_or(0, |p| p.length);
        base + self
            .0
            .leap_days
            .iter()
            .filter(|l| l.period == period && l.is_leap(year))
            .count() as u32
    }

    /// Day number (from the epoch) of the first day of `year`.
    fn year_start(&self, year: i64) -> i128 {
        match self.0.arith {
            Arith::Gregorian => i128::from(civil::days_from_gregorian(year, 1, 1)),
            Arith::Julian => i128::from(civil::days_from_julian(year, 1, 1)),
            Arith::Custom => {
                let leaps: i128 = self
                    .0
                    .leap_days
                    .iter()
                    .map(|l| l.count_before(year) - l.count_before(1))
                    .sum();
                (i128::from(year) - 1) * i128::from(self.0.base_days) + leaps
            }
        }
    }

    /// Day number of day `day` of period `period` (1-based) of `year`;
    /// the parts must be valid.
    fn day_number(&self, year: i64, period: u8, day: u16) -> i128 {
        match self.0.arith {
            Arith::Gregorian => {
                i128::from(civil::days_from_gregorian(year, period.into(), day.into()))
            }
            Arith::Julian => i128::from(civil::days_from_julian(year, period.into(), day.into())),
            Arith::Custom => {
                let before: i128 = (0..usize::from(period).saturating_sub(1))
                    .map(|p| i128::from(self.period_days(year, p)))
                    .sum();
                self.year_start(year) + before + i128::from(day) - 1
            }
        }
    }

    /// The (year, 1-based period, day) of a day number.
    fn ymd_of_day(&self, days: i64) -> (i64, u8, u16) {
        match self.0.arith {
            Arith::Gregorian => {
                let (y, m, d) = civil::gregorian_from_days(days);
                (y, m as u8, d as u16)
            }
            Arith::Julian => {
                let (y, m, d) = civil::julian_from_days(days);
                (y, m as u8, d as u16)
            }
            Arith::Custom => {
                let t = i128::from(days);
                let mut year = (days as f64 / self.0.mean_year).floor() as i64 + 1;
                while self.year_start(year) > t {
                    year -= 1;
                }
                while self.year_start(year + 1) <= t {
                    year += 1;
                }
                let mut rest = t - self.year_start(year);
                for p in 0..self.0.periods.len() {
                    let len = i128::from(self.period_days(year, p));
                    if rest < len {
                        return (year, p as u8 + 1, rest as u16 + 1);
                    }
                    rest -= len;
                }
                // Unreachable for a day inside the year; the last period.
                let last = self.0.periods.len();
                (year, last as u8, self.period_days(year, last - 1) as u16)
            }
        }
    }

    /// Check a written date against this calendar.
    pub fn validate(&self, d: &DateTimeSpec) -> Result<(), DateError> {
        if d.year.unsigned_abs() > super::MAX_YEAR as u64 {
            return Err(DateError::Year(d.year));
        }
        if let Some(m) = d.month {
            let count = self.0.periods.len();
            if m == 0 || usize::from(m) > count {
                return Err(DateError::Month {
                    month: m.into(),
                    count: count as u32,
                });
            }
            if let Some(day) = d.day {
                let p = usize::from(m) - 1;
                let dim = self.period_days(d.year, p);
                if day == 0 || u32::from(day) > dim {
                    let leap_here = self.0.leap_days.iter().any(|l| l.period == p);
                    let base = self.0.periods[p].length;
                    return Err(DateError::Day {
                        day: day.into(),
                        days_in_month: dim,
                        leap: leap_here && u32::from(day) == base + 1 && dim == base,
                        month: self.0.periods[p].label().to_string(),
                    });
                }
            }
        }
        if let Some((h, mi)) = d.hour_minute {
            if u32::from(h) >= self.0.hours_per_day {
                return Err(DateError::Time("hour", h.into(), self.0.hours_per_day - 1));
            }
            if u32::from(mi) >= self.0.minutes_per_hour {
                return Err(DateError::Time(
                    "minute",
                    mi.into(),
                    self.0.minutes_per_hour - 1,
                ));
            }
        }
        if let Some(s) = d.second {
            if s > 59 {
                return Err(DateError::Time("second", s.into(), 59));
            }
        }
        let (lo, hi) = self.raw_bounds(d);
        if lo < -i128::from(MAX_SPAN) || hi > i128::from(MAX_SPAN) {
            return Err(DateError::Year(d.year));
        }
        Ok(())
    }

    /// First and last second of a date the calendar has validated.
    fn raw_bounds(&self, d: &DateTimeSpec) -> (i128, i128) {
        let ds = i128::from(self.0.day_seconds);
        let first_day = self.day_number(d.year, d.month.unwrap_or(1), d.day.unwrap_or(1));
        let (h, m) = d.hour_minute.unwrap_or((0, 0));
        let first = first_day * ds
            + i128::from(h) * i128::from(self.hour_seconds())
            + i128::from(m) * 60
            + i128::from(d.second.unwrap_or(0));
        let last = match d.precision() {
            Precision::Second => first,
            Precision::Minute => first + 59,
            Precision::Day => first + ds - 1,
            Precision::Month => {
                let p = usize::from(d.month.unwrap_or(1)) - 1;
                first + i128::from(self.period_days(d.year, p)) * ds - 1
            }
            Precision::Year => self.year_start(d.year + 1) * ds - 1,
        };
        (first, last)
    }

    /// First and last second (inclusive) a written date covers, after
    /// checking it.
    pub fn bounds(&self, d: &DateTimeSpec) -> Result<(Seconds, Seconds), DateError> {
        self.validate(d)?;
        let (lo, hi) = self.raw_bounds(d);
        Ok((lo as Seconds, hi as Seconds))
    }

    /// Split story seconds into this calendar's date and time.
    pub fn split(&self, t: Seconds) -> Civil {
        let ds = self.0.day_seconds;
        let day_number = t.div_euclid(ds);
        let rest = t.rem_euclid(ds);
        let hs = self.hour_seconds();
        let (year, period, day) = self.ymd_of_day(day_number);
        Civil {
            year,
            period,
            day,
            hour: (rest / hs) as u32,
            minute: (rest % hs / 60) as u32,
            second: (rest % 60) as u32,
            day_number,
        }
    }

    /// Story seconds of the start of a day number.
    pub fn day_start(&self, day_number: i64) -> Seconds {
        day_number.saturating_mul(self.0.day_seconds)
    }

    /// The first second of the year `year`, if within range.
    pub fn year_start_seconds(&self, year: i64) -> Option<Seconds> {
        if year.unsigned_abs() > super::MAX_YEAR as u64 {
            return None;
        }
        let t = self.year_start(year) * i128::from(self.0.day_seconds);
        Seconds::try_from(t).ok()
    }

    /// The first second of period `period` (1-based) of `year`.
    pub fn period_start_seconds(&self, year: i64, period: u8) -> Option<Seconds> {
        if year.unsigned_abs() > super::MAX_YEAR as u64 || period == 0 {
            return None;
        }
        let t = self.day_number(year, period, 1) * i128::from(self.0.day_seconds);
        Seconds::try_from(t).ok()
    }

    /// The index (0-based) of the weekday of a day, when the day has one
    /// (intercalary days that stand outside the week have none).
    pub fn weekday_index(&self, t: Seconds) -> Option<usize> {
        let n = self.0.weekdays.len() as i64;
        if self.0.arith != Arith::Custom {
            // 1970-01-01 was a Thursday.
            return Some((t.div_euclid(self.0.day_seconds) + 3).rem_euclid(n) as usize);
        }
        let c = self.split(t);
        let p = usize::from(c.period) - 1;
        let period = &self.0.periods[p];
        // A day of a festival outside the week has no weekday, nor has a
        // leap day that stands outside it; a leap day added to such a
        // festival may still advance the week for the days after it.
        let is_leap_day = u32::from(c.day) > period.length;
        if !period.advances_week
            || is_leap_day
                && self
                    .0
                    .leap_days
                    .iter()
                    .any(|l| l.period == p && !l.advances_week)
        {
            return None;
        }
        let in_period = i64::from(c.day) - 1;
        if self.0.week_restarts {
            return Some(in_period.rem_euclid(n) as usize);
        }
        let leaps: i128 = self
            .0
            .leap_days
            .iter()
            .filter(|l| l.advances_week)
            .map(|l| l.count_before(c.year) - l.count_before(1))
            .sum();
        let before_year = (i128::from(c.year) - 1) * i128::from(self.0.base_advancing) + leaps;
        // A leap day advances the week by its own flag, even when added to
        // a festival outside the week, as the Calendarium plugin counts.
        let within: i128 = (0..p)
            .map(|q| {
                let extra = self
                    .0
                    .leap_days
                    .iter()
                    .filter(|l| l.period == q && l.advances_week && l.is_leap(c.year))
                    .count();
                let base = if self.0.periods[q].advances_week {
                    self.0.periods[q].length
                } else {
                    0
                };
                i128::from(base) + extra as i128
            })
            .sum();
        let count = before_year + within + i128::from(in_period) + i128::from(self.0.first_weekday);
        Some(count.rem_euclid(i128::from(n)) as usize)
    }

    /// The weekday of a day, by name.
    pub fn weekday(&self, t: Seconds) -> Option<&str> {
        self.weekday_index(t).map(|i| self.0.weekdays[i].as_str())
    }

    /// The weekday index of a name (any case), if it is one.
    pub fn weekday_named(&self, name: &str) -> Option<usize> {
        self.0
            .weekdays
            .iter()
            .position(|w| w.eq_ignore_ascii_case(name))
    }

    /// The 1-based period of a month name (any case), months and
    /// intercalary periods alike.
    pub fn period_named(&self, name: &str) -> Option<u8> {
        self.0
            .periods
            .iter()
            .position(|p| p.answers_to(name))
            .map(|i| i as u8 + 1)
    }

    /// The era index of a name (any case).
    pub fn era_named(&self, name: &str) -> Option<usize> {
        self.0
            .eras
            .iter()
            .position(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The calendar year of year `n` of era `era`.
    pub fn year_in_era(&self, era: usize, n: i64) -> Option<i64> {
        let e = self.0.eras.get(era)?;
        match (e.start, e.backwards, e.restart) {
            (Some(s), true, _) => s.0.checked_sub(n),
            (Some(s), false, true) => s.0.checked_add(n)?.checked_sub(1),
            _ => Some(n),
        }
    }

    /// The era a date falls in and the year within it: the last era
    /// counting forwards that has begun, else an era counting backwards
    /// that has not ended.
    pub fn era_of(&self, year: i64, period: u8, day: u16) -> Option<(&Era, i64)> {
        let at = (year, period, day);
        let eras = &self.0.eras;
        let forward = eras
            .iter()
            .filter(|e| !e.backwards && e.start.is_none_or(|s| s <= at))
            .max_by_key(|e| e.start);
        if let Some(e) = forward {
            let n = match e.start {
                Some(s) if e.restart => year - s.0 + 1,
                _ => year,
            };
            return Some((e, n));
        }
        let e = eras
            .iter()
            .filter(|e| e.backwards && e.start.is_some_and(|s| at < s))
            .min_by_key(|e| e.start)?;
        Some((e, e.start.map_or(0, |s| s.0) - year))
    }

    /// A year for reading: `1372 DR`, `32 BBY`, `44 BC`; for the Gregorian
    /// and Julian calendars years from 1 on are plain (`2014`).
    pub fn year_label(&self, year: i64, period: u8, day: u16) -> String {
        match self.era_of(year, period, day) {
            Some((e, n)) if self.0.arith == Arith::Custom || e.backwards => {
                format!("{n} {}", e.name)
            }
            _ => year.to_string(),
        }
    }

    /// The date of `t` at `precision` as people read it.
    ///
    /// Gregorian and Julian dates from year 1 on keep the ISO form the
    /// format reads (`2014-05-17 18:00`, `+12024-01-01`); years before 1
    /// read `15 March 44 BC`. Custom calendars read `15 Alturiak 1372 DR`,
    /// `Midwinter 1372 DR` (a one-day festival has no day number).
    pub fn text(&self, t: Seconds, precision: Precision) -> String {
        let mut out = String::with_capacity(24);
        self.push_text(&mut out, t, precision);
        out
    }

    /// [`Calendar::text`], appended to `out`: a view with a tooltip per
    /// scene prints millions of dates, with no allocation of their own.
    pub fn push_text(&self, out: &mut String, t: Seconds, precision: Precision) {
        self.push_civil(out, &self.split(t), precision);
    }

    /// [`Calendar::push_text`] of a date already split ([`Calendar::split`]).
    pub fn push_civil(&self, out: &mut String, c: &Civil, precision: Precision) {
        use crate::text::push_two_digits;
        if self.0.arith != Arith::Custom && c.year >= 1 {
            out.push_str(super::stamp::Stamp::iso_year(c.year).as_str());
            if precision >= Precision::Month {
                out.push('-');
                push_two_digits(out, u64::from(c.period));
            }
            if precision >= Precision::Day {
                out.push('-');
                push_two_digits(out, u64::from(c.day));
            }
        } else {
            let year = self.year_label(c.year, c.period, c.day);
            let p = &self.0.periods[usize::from(c.period) - 1];
            let _ = match precision {
                Precision::Year => write!(out, "{year}"),
                Precision::Month => write!(out, "{} {year}", p.label()),
                _ => write!(out, "{} {year}", self.day_name(c)),
            };
        }
        if precision >= Precision::Minute {
            out.push(' ');
            push_two_digits(out, u64::from(c.hour));
            out.push(':');
            push_two_digits(out, u64::from(c.minute));
        }
        if precision >= Precision::Second {
            out.push(':');
            push_two_digits(out, u64::from(c.second));
        }
    }

    /// `15 Alturiak`, `Midwinter`, or a leap day's own name.
    fn day_name(&self, c: &Civil) -> String {
        let pi = usize::from(c.period) - 1;
        let p = &self.0.periods[pi];
        if p.intercalary && u32::from(c.day) > p.length {
            if let Some(l) = self.0.leap_days.iter().find(|l| l.period == pi) {
                return l.name.clone();
            }
        }
        if p.intercalary && p.length == 1 && c.day == 1 {
            return p.label().to_string();
        }
        format!("{} {}", c.day, p.label())
    }

    /// The date of `t` at the coarsest precision that loses nothing.
    pub fn human(&self, t: Seconds) -> String {
        let mut out = String::with_capacity(24);
        self.push_human(&mut out, t);
        out
    }

    /// [`Calendar::human`], appended to `out`.
    pub fn push_human(&self, out: &mut String, t: Seconds) {
        let c = self.split(t);
        let precision = if c.second != 0 {
            Precision::Second
        } else if c.hour != 0 || c.minute != 0 {
            Precision::Minute
        } else {
            Precision::Day
        };
        self.push_civil(out, &c, precision);
    }

    /// The date-time of `t` for JSON: `2014-05-17T18:00:00`; Gregorian
    /// years before 0 or after 9999 in ISO 8601's signed form
    /// (`-0043-03-15T00:00:00`, `+12024-01-01T00:00:00`); custom calendars
    /// `YEAR-MM-DDTHH:MM:SS` in their own numbering.
    pub fn iso(&self, t: Seconds) -> String {
        self.iso_display(t).to_string()
    }

    /// [`Calendar::iso`] without allocating: a small value that prints
    /// (`Display`), serialises (`Serialize`) or gives its text on the
    /// stack ([`Iso::stamp`](super::stamp::Iso::stamp)), for outputs with
    /// a date per row.
    pub fn iso_display(&self, t: Seconds) -> super::stamp::Iso {
        super::stamp::Iso::new(self.split(t), self.0.arith != Arith::Custom)
    }

    /// Fewest and most days in any run of `n` consecutive months, counted
    /// from the start of a month to the start of the month `n` later (so
    /// intercalary days between them count, and are never a month).
    pub fn month_run_days(&self, n: u64) -> Option<(i64, i64)> {
        if n == 0 {
            return Some((0, 0));
        }
        let per_year = self.months_per_year();
        match self.0.cycle_years {
            Some(cycle) => {
                let cycle_months = cycle * per_year;
                let (q, r) = (n / cycle_months, n % cycle_months);
                let cycle_days = self.0.cycle_days?;
                let base = i64::try_from(q).ok()?.checked_mul(cycle_days)?;
                let (lo, hi) = self.cached_run(r, || self.slide(r, cycle));
                Some((base.checked_add(lo)?, base.checked_add(hi)?))
            }
            None => {
                // Leap cycles too long to slide over: bound each year
                // between a common year and one with every leap day.
                let (q, r) = (n / per_year, n % per_year);
                let leap_max = self.0.leap_days.len() as i64;
                let lo_year = self.0.base_days;
                let (lo, hi) = self.cached_run(r, || self.slide_loose(r));
                let q = i64::try_from(q).ok()?;
                Some((
                    q.checked_mul(lo_year)?.checked_add(lo)?,
                    q.checked_mul(lo_year + leap_max)?.checked_add(hi)?,
                ))
            }
        }
    }

    fn cached_run(&self, r: u64, compute: impl FnOnce() -> (i64, i64)) -> (i64, i64) {
        if let Some(slot) = usize::try_from(r)
            .ok()
            .and_then(|i| self.0.short_runs.get(i))
        {
            return *slot.get_or_init(compute);
        }
        if let Some(v) = self.0.runs.lock().ok().and_then(|m| m.get(&r).copied()) {
            return v;
        }
        let v = compute();
        if let Ok(mut m) = self.0.runs.lock() {
            m.insert(r, v);
        }
        v
    }

    /// Days from the start of each month to the start of the next, over
    /// `years` years from year 1.
    fn month_steps(&self, years: u64) -> Vec<i64> {
        let mut steps = Vec::with_capacity((years * self.months_per_year()) as usize);
        let months = &self.0.months;
        for y in 1..=years as i64 {
            for (k, &m) in months.iter().enumerate() {
                let start = self.day_number(y, m as u8 + 1, 1);
                let next = match months.get(k + 1) {
                    Some(&n) => self.day_number(y, n as u8 + 1, 1),
                    None => self.day_number(y + 1, months[0] as u8 + 1, 1),
                };
                steps.push((next - start) as i64);
            }
        }
        steps
    }

    fn slide(&self, r: u64, cycle: u64) -> (i64, i64) {
        let steps = self.month_steps(2 * cycle);
        slide_window(
            &steps,
            r as usize,
            (cycle * self.months_per_year()) as usize,
        )
    }

    fn slide_loose(&self, r: u64) -> (i64, i64) {
        // One year of steps with no leap day and with all of them.
        let months = &self.0.months;
        let per_year = months.len();
        let mut lo_steps = Vec::with_capacity(2 * per_year);
        let mut hi_steps = Vec::with_capacity(2 * per_year);
        for _ in 0..2 {
            for (k, &m) in months.iter().enumerate() {
                let end = months
                    .get(k + 1)
                    .copied()
                    .unwrap_or(self.0.periods.len() + months[0]);
                let (mut lo, mut hi) = (0i64, 0i64);
                for p in m..end {
                    let p = p % self.0.periods.len();
                    let len = i64::from(self.0.periods[p].length);
                    let extra = self.0.leap_days.iter().filter(|l| l.period == p).count() as i64;
                    lo += len;
                    hi += len + extra;
                }
                lo_steps.push(lo);
                hi_steps.push(hi);
            }
        }
        let (lo, _) = slide_window(&lo_steps, r as usize, per_year);
        let (_, hi) = slide_window(&hi_steps, r as usize, per_year);
        (lo, hi)
    }

    /// Shortest and longest a duration can be in this calendar: `s m h d w`
    /// exactly (in this calendar's hours, days and weeks), and the months
    /// and years as one run of consecutive months.
    pub fn duration_bounds(&self, d: &Duration) -> Result<(Seconds, Seconds), Overflow> {
        let ds = i128::from(self.0.day_seconds);
        let fixed = i128::from(d.seconds)
            + i128::from(d.hours) * i128::from(self.hour_seconds())
            + i128::from(d.days) * ds
            + i128::from(d.weeks) * ds * self.week_days() as i128;
        if d.years == 0 && d.months == 0 {
            // Exact: no run of months to bound (most lengths are these).
            if fixed > i128::from(MAX_SPAN) {
                return Err(Overflow);
            }
            return Ok((fixed as Seconds, fixed as Seconds));
        }
        let months =
            u128::from(d.years) * u128::from(self.months_per_year()) + u128::from(d.months);
        let months = u64::try_from(months).map_err(|_| Overflow)?;
        let (lo_days, hi_days) = self.month_run_days(months).ok_or(Overflow)?;
        let lo = i128::from(lo_days) * ds + fixed;
        let hi = i128::from(hi_days) * ds + fixed;
        if hi > i128::from(MAX_SPAN) {
            return Err(Overflow);
        }
        Ok((lo as Seconds, hi as Seconds))
    }

    /// The phase of each moon on the day of `t`, as a fraction of its cycle
    /// (0 new, 0.5 full).
    pub fn moon_phases(&self, t: Seconds) -> Vec<(&str, f64)> {
        let day = t.div_euclid(self.0.day_seconds) as f64;
        self.0
            .moons
            .iter()
            .filter(|m| m.cycle > 0.0)
            .map(|m| {
                let phase = ((day - m.offset) / m.cycle).rem_euclid(1.0);
                (m.name.as_str(), phase)
            })
            .collect()
    }
}

/// A Gregorian or Julian year as ISO 8601 writes it: four digits, a sign
/// before years below 0 or above 9999.
pub fn iso_year(year: i64) -> String {
    super::stamp::Stamp::iso_year(year).to_string()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Least and greatest sum of `r` consecutive steps over `starts` starts.
fn slide_window(steps: &[i64], r: usize, starts: usize) -> (i64, i64) {
    if r == 0 || steps.len() < r {
        return (0, 0);
    }
    let mut window: i64 = steps[..r].iter().sum();
    let (mut lo, mut hi) = (window, window);
    for start in 1..starts.min(steps.len() + 1 - r) {
        window += steps[start + r - 1] - steps[start - 1];
        lo = lo.min(window);
        hi = hi.max(window);
    }
    (lo, hi)
}

#[cfg(test)]
mod tests;
