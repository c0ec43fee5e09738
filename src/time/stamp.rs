//! Date-times and timecodes formatted without allocating: the digits are
//! written into a small buffer on the stack.
//!
//! Outputs with a row per scene (`order --format json|csv` on a million
//! scenes) print millions of dates; `format!` would allocate a `String`
//! for each. [`Iso`] and [`Timecode`] are small `Copy` values that
//! implement `Display` and `Serialize` and give their text as a [`Stamp`],
//! a `&str` on the stack. [`Calendar::iso`](crate::time::Calendar::iso) and
//! [`timecode`](crate::time::timecode) are these, turned into a `String`.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{Civil, Millis};

/// The longest text a [`Stamp`] holds: a 20-character year, a 3-digit
/// period, a 5-digit day and three 10-digit clock fields with their
/// separators (63 bytes).
const ROOM: usize = 64;

/// ASCII text on the stack: a formatted [`Iso`] or [`Timecode`].
#[derive(Clone, Copy)]
pub struct Stamp {
    bytes: [u8; ROOM],
    len: usize,
}

impl Stamp {
    fn new() -> Stamp {
        Stamp {
            bytes: [0; ROOM],
            len: 0,
        }
    }

    fn push(&mut self, byte: u8) {
        self.bytes[self.len] = byte;
        self.len += 1;
    }

    /// `n` in decimal, with leading zeros up to `width` digits.
    fn number(&mut self, n: u64, width: usize) {
        if width == 2 && n < 100 {
            // Months, days, hours, minutes, seconds: five of a stamp's
            // six numbers, so they skip the general loop.
            self.push(b'0' + (n / 10) as u8);
            self.push(b'0' + (n % 10) as u8);
            return;
        }
        let mut buf = [0u8; 20];
        let digits = crate::text::decimal(n, &mut buf);
        for _ in digits.len()..width {
            self.push(b'0');
        }
        for &d in digits {
            self.push(d);
        }
    }

    /// A year: in ISO 8601's form (four digits, a sign below 0 and above
    /// 9999: `-0043`, `2014`, `+12024`) or as a plain number.
    fn year(&mut self, year: i64, iso: bool) {
        if year < 0 {
            self.push(b'-');
        } else if iso && year > 9999 {
            self.push(b'+');
        }
        self.number(year.unsigned_abs(), if iso { 4 } else { 0 });
    }

    /// A year in ISO 8601's form: four digits, a sign below 0 and above
    /// 9999 (`-0043`, `2014`, `+12024`).
    pub fn iso_year(year: i64) -> Stamp {
        let mut s = Stamp::new();
        s.year(year, true);
        s
    }

    /// An integer in decimal (`-3600`), as `Display` prints it.
    pub fn integer(n: i64) -> Stamp {
        let mut s = Stamp::new();
        if n < 0 {
            s.push(b'-');
        }
        s.number(n.unsigned_abs(), 0);
        s
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and punctuation are ever pushed.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl fmt::Display for Stamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date-time for JSON and CSV: `2014-05-17T18:00:00`. Years of the
/// Gregorian and Julian calendars have four digits, with a sign below 0 and
/// above 9999 (`-0043-03-15T00:00:00`, `+12024-01-01T00:00:00`, ISO 8601's
/// expanded form); custom calendars print the year as a plain number in
/// their own numbering. Made by
/// [`Calendar::iso_display`](crate::time::Calendar::iso_display).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Iso {
    civil: Civil,
    /// ISO 8601's year form (Gregorian, Julian), else a plain number.
    iso_year: bool,
}

impl Iso {
    /// The date-time `civil`, its year in ISO 8601's form or as a plain
    /// number.
    pub(crate) fn new(civil: Civil, iso_year: bool) -> Iso {
        Iso { civil, iso_year }
    }

    /// The text, on the stack.
    pub fn stamp(&self) -> Stamp {
        let c = &self.civil;
        let mut s = Stamp::new();
        s.year(c.year, self.iso_year);
        s.push(b'-');
        s.number(u64::from(c.period), 2);
        s.push(b'-');
        s.number(u64::from(c.day), 2);
        s.push(b'T');
        s.number(u64::from(c.hour), 2);
        s.push(b':');
        s.number(u64::from(c.minute), 2);
        s.push(b':');
        s.number(u64::from(c.second), 2);
        s
    }
}

impl fmt::Display for Iso {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.stamp().as_str())
    }
}

impl Serialize for Iso {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.stamp().as_str())
    }
}

/// Milliseconds of screen-time as `HH:MM:SS`, with `.mmm` when there
/// are milliseconds and `-` before a negative one; hours grow past two
/// digits (`100:00:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timecode(pub Millis);

impl Timecode {
    /// The text, on the stack.
    pub fn stamp(&self) -> Stamp {
        let mut s = Stamp::new();
        if self.0 < 0 {
            s.push(b'-');
        }
        let ms = self.0.unsigned_abs();
        let (secs, frac) = (ms / 1000, ms % 1000);
        s.number(secs / 3600, 2);
        s.push(b':');
        s.number(secs / 60 % 60, 2);
        s.push(b':');
        s.number(secs % 60, 2);
        if frac != 0 {
            s.push(b'.');
            s.number(frac, 3);
        }
        s
    }
}

impl fmt::Display for Timecode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.stamp().as_str())
    }
}

impl Serialize for Timecode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.stamp().as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Calendar;
    use proptest::prelude::*;

    /// The formatting `Calendar::iso` had before this module: the oracle.
    fn iso_by_format(c: &Civil, iso_year: bool) -> String {
        let year = if !iso_year {
            c.year.to_string()
        } else if c.year < 0 {
            format!("-{:04}", c.year.unsigned_abs())
        } else if c.year > 9999 {
            format!("+{}", c.year)
        } else {
            format!("{:04}", c.year)
        };
        format!(
            "{year}-{:02}-{:02}T{:02}:{:02}:{:02}",
            c.period, c.day, c.hour, c.minute, c.second
        )
    }

    /// The formatting `timecode` had before this module.
    fn timecode_by_format(ms: Millis) -> String {
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

    fn civil(year: i64, period: u8, day: u16, hour: u32, minute: u32, second: u32) -> Civil {
        Civil {
            year,
            period,
            day,
            hour,
            minute,
            second,
            day_number: 0,
        }
    }

    fn iso(year: i64, iso_year: bool) -> String {
        Iso::new(civil(year, 3, 15, 0, 0, 59), iso_year).to_string()
    }

    #[test]
    fn iso_years_have_four_digits_and_a_sign_outside_0_to_9999() {
        assert_eq!(iso(-43, true), "-0043-03-15T00:00:59");
        assert_eq!(iso(-1, true), "-0001-03-15T00:00:59");
        assert_eq!(iso(0, true), "0000-03-15T00:00:59");
        assert_eq!(iso(1, true), "0001-03-15T00:00:59");
        assert_eq!(iso(9999, true), "9999-03-15T00:00:59");
        assert_eq!(iso(10000, true), "+10000-03-15T00:00:59");
        assert_eq!(iso(-10000, true), "-10000-03-15T00:00:59");
        assert_eq!(iso(i64::MIN, true), "-9223372036854775808-03-15T00:00:59");
        assert_eq!(iso(i64::MAX, true), "+9223372036854775807-03-15T00:00:59");
    }

    #[test]
    fn custom_calendar_years_are_plain_numbers() {
        assert_eq!(iso(7, false), "7-03-15T00:00:59");
        assert_eq!(iso(0, false), "0-03-15T00:00:59");
        assert_eq!(iso(-43, false), "-43-03-15T00:00:59");
        assert_eq!(iso(12024, false), "12024-03-15T00:00:59");
    }

    #[test]
    fn wide_fields_grow_past_their_padding() {
        // A custom calendar's hour may hold more than 99 minutes; a
        // period number may pass 99.
        let c = civil(1, 200, 65535, 4_294_967_295, 4_294_967_295, 4_294_967_295);
        assert_eq!(Iso::new(c, true).to_string(), iso_by_format(&c, true));
        let c = civil(i64::MIN, 255, 65535, u32::MAX, u32::MAX, u32::MAX);
        assert_eq!(Iso::new(c, false).to_string(), iso_by_format(&c, false));
        assert_eq!(Iso::new(c, true).to_string(), iso_by_format(&c, true));
    }

    #[test]
    fn two_digit_fields_around_the_padding() {
        // 0-99 take the two-digit path; 100 and more the general one.
        for n in [0u32, 1, 9, 10, 11, 42, 98, 99, 100, 101, 255] {
            let c = civil(2014, n as u8, n as u16, n, n, n);
            assert_eq!(
                Iso::new(c, true).to_string(),
                iso_by_format(&c, true),
                "{n}"
            );
        }
        assert_eq!(
            Iso::new(civil(5, 9, 10, 99, 100, 0), true).to_string(),
            "0005-09-10T99:100:00"
        );
    }

    #[test]
    fn seconds_at_the_ends_of_a_minute() {
        let g = Calendar::gregorian();
        assert_eq!(g.iso_display(59).to_string(), "1970-01-01T00:00:59");
        assert_eq!(g.iso_display(60).to_string(), "1970-01-01T00:01:00");
        assert_eq!(g.iso_display(0).to_string(), "1970-01-01T00:00:00");
        assert_eq!(g.iso_display(-1).to_string(), "1969-12-31T23:59:59");
    }

    #[test]
    fn serialises_as_a_json_string() {
        let g = Calendar::gregorian();
        let t = g.iso_display(-62_167_219_200 - 86_400);
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"-0001-12-31T00:00:00\""
        );
        let tc = Timecode(-61_001);
        assert_eq!(serde_json::to_string(&tc).unwrap(), "\"-00:01:01.001\"");
    }

    #[test]
    fn timecodes_at_their_boundaries() {
        assert_eq!(Timecode(0).to_string(), "00:00:00");
        assert_eq!(Timecode(999).to_string(), "00:00:00.999");
        assert_eq!(Timecode(1000).to_string(), "00:00:01");
        assert_eq!(Timecode(59_999).to_string(), "00:00:59.999");
        assert_eq!(Timecode(3_599_000).to_string(), "00:59:59");
        assert_eq!(Timecode(360_000_000).to_string(), "100:00:00");
        assert_eq!(Timecode(-1).to_string(), "-00:00:00.001");
        assert_eq!(
            Timecode(Millis::MAX).to_string(),
            timecode_by_format(Millis::MAX)
        );
        // `abs` of the least value overflows in the old formatting; the
        // unsigned one prints it.
        assert_eq!(
            Timecode(Millis::MIN).to_string(),
            "-2562047788015:12:55.808"
        );
    }

    #[test]
    fn integers_print_as_display_does() {
        for n in [0, 1, 9, 10, -1, -10, 3600, -3600, i64::MAX, i64::MIN] {
            assert_eq!(Stamp::integer(n).as_str(), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn any_integer_prints_as_display_does(n in any::<i64>()) {
            prop_assert_eq!(Stamp::integer(n).to_string(), n.to_string());
        }

        #[test]
        fn iso_equals_the_old_formatting(t in any::<i64>()) {
            for calendar in [Calendar::gregorian(), Calendar::julian()] {
                let c = calendar.split(t);
                prop_assert_eq!(calendar.iso_display(t).to_string(), iso_by_format(&c, true));
            }
        }

        #[test]
        fn iso_near_the_common_era_equals_the_old_formatting(t in -400_000_000_000i64..400_000_000_000) {
            let calendar = Calendar::gregorian();
            let c = calendar.split(t);
            prop_assert_eq!(calendar.iso_display(t).to_string(), iso_by_format(&c, true));
        }

        #[test]
        fn any_civil_prints_as_the_old_formatting(
            year in any::<i64>(), period in any::<u8>(), day in any::<u16>(),
            hour in 0u32..100_000, minute in 0u32..1000, second in 0u32..1000, iso_year in any::<bool>(),
        ) {
            let c = civil(year, period, day, hour, minute, second);
            prop_assert_eq!(Iso::new(c, iso_year).to_string(), iso_by_format(&c, iso_year));
        }

        #[test]
        fn timecode_equals_the_old_formatting(ms in (Millis::MIN + 1)..=Millis::MAX) {
            prop_assert_eq!(Timecode(ms).to_string(), timecode_by_format(ms));
        }
    }
}
