//! The parts of a calendar definition and its year arithmetic: periods
//! (months and intercalary days), leap rules of the Gregorian kind, and the
//! day on which each year starts.
//!
//! A leap rule is periodic: whether year `y` is a leap year depends only on
//! `y` modulo the least common multiple of its intervals. One period's
//! pattern is counted once into prefix sums, so the number of leap years
//! before any year (even a billion years away) is one division and one
//! lookup.

/// A month or an intercalary period (festival days outside any month).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// Its name (`Hammer`, `Midwinter`, `Alturiak (The Claw of Winter)`).
    pub name: String,
    /// A shorter name text outputs use and dates may be written with
    /// (`Alturiak`), when the calendar gives one.
    pub short: Option<String>,
    /// Days in a common year.
    pub length: u32,
    /// True for an intercalary period: not a month, so `mo` skips it.
    pub intercalary: bool,
    /// False when its days do not advance the weekday.
    pub advances_week: bool,
}

impl Period {
    /// The name text outputs use: the short name when there is one.
    pub fn label(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.name)
    }

    /// True when `name` (any case) is this period's name or short name.
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim();
        self.name.eq_ignore_ascii_case(name)
            || self
                .short
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case(name))
    }
}

/// One interval of a leap rule: every `every` years, or (when `exclusive`)
/// not every `every` years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// The number of years.
    pub every: u32,
    /// True for an exception (`except every 100`).
    pub exclusive: bool,
    /// True when the rule's offset does not apply to this interval.
    pub ignore_offset: bool,
}

/// A leap day: one day added to a period in the years its rule selects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeapDay {
    /// Its name (`Shieldmeet`, `leap day`).
    pub name: String,
    /// Index of the period that gets the day.
    pub period: usize,
    /// The rule's intervals, ascending.
    pub intervals: Vec<Interval>,
    /// The year the intervals count from (year `offset` is a leap year of an
    /// `every 4` rule).
    pub offset: i64,
    /// False when the added day does not advance the weekday.
    pub advances_week: bool,
    /// Prefix counts of leap years over one cycle (`cycle + 1` entries).
    prefix: Vec<u32>,
}

/// Why a leap rule cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    /// An interval of zero years.
    ZeroInterval,
    /// The intervals' common cycle is longer than [`MAX_CYCLE`] years.
    CycleTooLong(u64),
}

/// The longest leap cycle accepted, in years (the Gregorian one is 400).
pub const MAX_CYCLE: u64 = 100_000;

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl LeapDay {
    /// A leap day with its rule; the intervals may come in any order.
    pub fn new(
        name: String,
        period: usize,
        mut intervals: Vec<Interval>,
        offset: i64,
        advances_week: bool,
    ) -> Result<LeapDay, RuleError> {
        intervals.sort_by_key(|i| i.every);
        let mut cycle: u64 = 1;
        for i in &intervals {
            if i.every == 0 {
                return Err(RuleError::ZeroInterval);
            }
            let every = u64::from(i.every);
            cycle = cycle / gcd(cycle, every) * every;
            if cycle > MAX_CYCLE {
                return Err(RuleError::CycleTooLong(cycle));
            }
        }
        let mut day = LeapDay {
            name,
            period,
            intervals,
            offset,
            advances_week,
            prefix: Vec::new(),
        };
        let mut prefix = Vec::with_capacity(cycle as usize + 1);
        let mut count = 0u32;
        prefix.push(0);
        for y in 0..cycle as i64 {
            count += u32::from(day.test(y));
            prefix.push(count);
        }
        day.prefix = prefix;
        Ok(day)
    }

    fn divides(&self, i: &Interval, year: i64) -> bool {
        let off = if i.ignore_offset { 0 } else { self.offset };
        (year - off).rem_euclid(i64::from(i.every)) == 0
    }

    /// True when `year` gets this leap day.
    ///
    /// The intervals are read in ascending order, as the Fantasy Calendar
    /// plugins read them: an interval selects the years it divides, less
    /// those of an exclusive interval just after it; an exclusive interval
    /// first in the list selects the years it does not divide. So `4`,
    /// `100` exclusive, `400` is the Gregorian rule.
    pub fn test(&self, year: i64) -> bool {
        let n = self.intervals.len();
        (0..n).any(|k| {
            let i = &self.intervals[k];
            if i.exclusive {
                return k == 0 && !self.divides(i, year);
            }
            match self.intervals.get(k + 1) {
                Some(next) if next.exclusive => self.divides(i, year) && !self.divides(next, year),
                _ => self.divides(i, year),
            }
        })
    }

    /// True when `year` gets this leap day, from the precomputed cycle.
    pub fn is_leap(&self, year: i64) -> bool {
        let cycle = (self.prefix.len() - 1) as i64;
        let r = year.rem_euclid(cycle) as usize;
        self.prefix[r + 1] > self.prefix[r]
    }

    /// Leap years in `[0, year)`, negative for `year < 0` (so the count
    /// between two years is a difference).
    pub fn count_before(&self, year: i64) -> i128 {
        let cycle = (self.prefix.len() - 1) as i64;
        let per_cycle = i128::from(self.prefix[self.prefix.len() - 1]);
        let q = i128::from(year.div_euclid(cycle));
        let r = year.rem_euclid(cycle) as usize;
        q * per_cycle + i128::from(self.prefix[r])
    }

    /// Years in one cycle of the rule.
    pub fn cycle(&self) -> u64 {
        (self.prefix.len() - 1) as u64
    }

    /// Leap years per cycle.
    pub fn per_cycle(&self) -> u32 {
        self.prefix[self.prefix.len() - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(every: u32, exclusive: bool) -> Interval {
        Interval {
            every,
            exclusive,
            ignore_offset: false,
        }
    }

    fn gregorian() -> LeapDay {
        LeapDay::new(
            "leap day".into(),
            1,
            vec![iv(400, false), iv(100, true), iv(4, false)],
            0,
            true,
        )
        .unwrap()
    }

    #[test]
    fn gregorian_rule_from_intervals() {
        let g = gregorian();
        for y in -1000..3000 {
            let expected = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            assert_eq!(g.test(y), expected, "{y}");
            assert_eq!(g.is_leap(y), expected, "{y}");
        }
        assert_eq!(g.cycle(), 400);
        assert_eq!(g.per_cycle(), 97);
        // 1..=2021 has 490 leap years (Calendarium's own test), so [0, 2022)
        // has 491 with year 0.
        assert_eq!(g.count_before(2022) - g.count_before(1), 490);
        assert_eq!(g.count_before(0), 0);
        assert_eq!(g.count_before(-4), -1);
        assert_eq!(g.count_before(-400), -97);
    }

    #[test]
    fn offsets_and_leading_exclusions() {
        let every4from2 = LeapDay::new("x".into(), 0, vec![iv(4, false)], 2, true).unwrap();
        assert!(every4from2.is_leap(2) && every4from2.is_leap(6) && !every4from2.is_leap(4));
        assert!(every4from2.is_leap(-2));
        let not_every_3 = LeapDay::new("x".into(), 0, vec![iv(3, true)], 0, true).unwrap();
        assert!(!not_every_3.is_leap(3) && not_every_3.is_leap(4) && not_every_3.is_leap(5));
        assert_eq!(
            LeapDay::new("x".into(), 0, vec![iv(0, false)], 0, true),
            Err(RuleError::ZeroInterval)
        );
        assert!(matches!(
            LeapDay::new(
                "x".into(),
                0,
                vec![iv(99_991, false), iv(7, false)],
                0,
                true
            ),
            Err(RuleError::CycleTooLong(_))
        ));
    }
}
