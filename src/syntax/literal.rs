//! Literal values: dates, durations and timecodes.
//!
//! Each function takes the text of one literal token and either returns the
//! value or says, in a label-sized phrase, what is wrong with it.

use std::fmt;

use crate::text::clip;
use crate::time::{DateError, DateTimeSpec, Duration, Millis, Unit, MAX_YEAR};

/// Why a date literal is not a date; shown as a label-sized phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateSyntaxError {
    /// Digits, but not four of them, before the first `-`.
    YearDigits,
    /// Five or more digits with no sign (`12024-01-01`).
    LongYear(String),
    /// A sign before fewer than four digits (`-43`).
    ShortSignedYear,
    /// The text does not start like a date.
    NotADate,
    /// Something other than a month number after the year.
    Month,
    /// Something other than a day number after the month.
    Day,
    /// More than three `-` parts.
    TooManyDateParts,
    /// A time of day after a year or month alone.
    TimeWithoutDay,
    /// The hour of a time of day is missing or malformed.
    Hour,
    /// The minutes of a time of day are missing or malformed.
    Minutes,
    /// The seconds of a time of day are malformed.
    Seconds,
    /// More than three `:` parts in the time of day.
    TooManyTimeParts,
    /// Well-formed, but not on the calendar (month 13, February 30).
    Calendar(DateError),
}

impl fmt::Display for DateSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DateSyntaxError::YearDigits => "the year must have four digits",
            DateSyntaxError::LongYear(y) => {
                return write!(f, "a year after 9999 is written with a sign, as in `+{y}`")
            }
            DateSyntaxError::ShortSignedYear => {
                "a signed year has at least four digits, as in `-0043`"
            }
            DateSyntaxError::NotADate => "expected a date like `2014-05-17`",
            DateSyntaxError::Month => "expected a month number after the year",
            DateSyntaxError::Day => "expected a day number after the month",
            DateSyntaxError::TooManyDateParts => "too many `-` parts for a date",
            DateSyntaxError::TimeWithoutDay => "a time of day needs a full date before it",
            DateSyntaxError::Hour => "expected a time like `18:00`",
            DateSyntaxError::Minutes => "expected minutes, as in `18:00`",
            DateSyntaxError::Seconds => "expected seconds, as in `18:00:30`",
            DateSyntaxError::TooManyTimeParts => "too many `:` parts for a time",
            DateSyntaxError::Calendar(e) => return e.fmt(f),
        })
    }
}

/// Why a screen timecode or screen duration is malformed; shown as a
/// label-sized phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScreenTimeError {
    /// Not two or three `:`-separated parts.
    TimecodeShape,
    /// A part between colons is not 1 to 6 digits.
    TimecodeDigits,
    /// Minutes or seconds of `HH:MM:SS` are 60 or more.
    MinutesOrSeconds,
    /// Seconds of `MM:SS` are 60 or more.
    SecondsOfMinute,
    /// Something other than digits after the `.`.
    Fraction,
    /// An empty screen duration.
    EmptyDuration,
    /// A unit or other text where a number should start (the text, clipped).
    NumberBefore(String),
    /// Digits and dots that are not a number.
    MalformedNumber,
    /// A number without `h`, `m` or `s`.
    MissingUnit,
    /// A unit other than `h`, `m` or `s` (clipped).
    UnknownUnit(String),
    /// More than about 30,000 years of screen time.
    TooLong,
}

impl fmt::Display for ScreenTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScreenTimeError::TimecodeShape => f.write_str("expected `HH:MM:SS` or `MM:SS`"),
            ScreenTimeError::TimecodeDigits => f.write_str("expected digits between the colons"),
            ScreenTimeError::MinutesOrSeconds => {
                f.write_str("minutes and seconds must be below 60")
            }
            ScreenTimeError::SecondsOfMinute => f.write_str("seconds must be below 60"),
            ScreenTimeError::Fraction => f.write_str("expected digits after `.`"),
            ScreenTimeError::EmptyDuration => f.write_str("expected a duration"),
            ScreenTimeError::NumberBefore(rest) => write!(f, "expected a number before `{rest}`"),
            ScreenTimeError::MalformedNumber => f.write_str("malformed number"),
            ScreenTimeError::MissingUnit => f.write_str("missing unit (`h`, `m` or `s`)"),
            ScreenTimeError::UnknownUnit(u) => {
                write!(f, "unknown unit `{u}` (use `h`, `m` or `s`)")
            }
            ScreenTimeError::TooLong => f.write_str("duration too long"),
        }
    }
}

fn digits(s: &str, min: usize, max: usize) -> Option<u32> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Parse `[±]YYYY[-MM[-DD[THH:MM[:SS]]]]`: four digits for a year from 0
/// to 9999, or ISO 8601's expanded form, a sign and four or more digits
/// (`-0043` is 44 BC, `+12024`, `-1000000`). The parts are checked only for
/// shape; the story's calendar checks that the date exists.
pub fn date(text: &str) -> Result<DateTimeSpec, DateSyntaxError> {
    let (date_part, time_part) = match text.find(['T', 't']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (sign, unsigned) = match date_part.as_bytes().first() {
        Some(b'-') => (-1, &date_part[1..]),
        Some(b'+') => (1, &date_part[1..]),
        _ => (0, date_part),
    };
    let mut parts = unsigned.split('-');
    let year_text = parts.next().unwrap_or("");
    let all_digits = !year_text.is_empty() && year_text.bytes().all(|b| b.is_ascii_digit());
    let year = match (sign, year_text.len()) {
        _ if !all_digits => return Err(DateSyntaxError::NotADate),
        (0, 4) => i64::from(digits(year_text, 4, 4).ok_or(DateSyntaxError::NotADate)?),
        (0, 5..) => return Err(DateSyntaxError::LongYear(clip(year_text).to_string())),
        (0, _) => return Err(DateSyntaxError::YearDigits),
        (_, 0..=3) => return Err(DateSyntaxError::ShortSignedYear),
        _ => {
            let magnitude: i64 = year_text
                .parse()
                .ok()
                .filter(|&y| y <= MAX_YEAR)
                .ok_or(DateSyntaxError::Calendar(DateError::Year(sign * MAX_YEAR)))?;
            sign * magnitude
        }
    };
    let month = match parts.next() {
        Some(m) => Some(digits(m, 1, 3).ok_or(DateSyntaxError::Month)?),
        None => None,
    };
    let day = match parts.next() {
        Some(d) => Some(digits(d, 1, 3).ok_or(DateSyntaxError::Day)?),
        None => None,
    };
    if parts.next().is_some() {
        return Err(DateSyntaxError::TooManyDateParts);
    }
    let (hour_minute, second) = match time_part {
        None => (None, None),
        Some(t) => {
            if day.is_none() {
                return Err(DateSyntaxError::TimeWithoutDay);
            }
            let mut p = t.split(':');
            let h = p
                .next()
                .and_then(|h| digits(h, 1, 2))
                .ok_or(DateSyntaxError::Hour)?;
            let m = p
                .next()
                .and_then(|m| digits(m, 2, 2))
                .ok_or(DateSyntaxError::Minutes)?;
            let s = match p.next() {
                Some(s) => Some(digits(s, 2, 2).ok_or(DateSyntaxError::Seconds)?),
                None => None,
            };
            if p.next().is_some() {
                return Err(DateSyntaxError::TooManyTimeParts);
            }
            (Some((h, m)), s)
        }
    };
    DateTimeSpec::written(year, month, day, hour_minute, second).map_err(DateSyntaxError::Calendar)
}

/// Why a duration failed, with a label and a help line.
#[derive(Debug)]
pub struct DurationError {
    /// Short label for the span.
    pub label: String,
    /// How to fix it.
    pub help: String,
    /// The whole literal rewritten so it reads as meant (`3hours` →
    /// `3h`), when the mistake leaves no doubt.
    pub fix: Option<String>,
}

/// The unit a spelled-out or abbreviated unit word means: `hours` → `h`,
/// `weeks` → `w`, `mins` → `m` (any case). `None` for a word that is no
/// unit.
pub fn unit_word(word: &str) -> Option<&'static str> {
    Some(match word.to_ascii_lowercase().as_str() {
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "m" | "min" | "mins" | "minute" | "minutes" => "m",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "wk" | "wks" | "week" | "weeks" => "w",
        "mo" | "mon" | "mos" | "month" | "months" => "mo",
        "y" | "yr" | "yrs" | "year" | "years" => "y",
        _ => return None,
    })
}

/// `10pm` → `22:00`, `9:30am` → `09:30`, `12am` → `00:00`: a time on the
/// 12-hour clock written on the 24-hour clock the format uses. `None` when
/// the text is no such time.
pub fn twelve_hour(text: &str) -> Option<String> {
    // Every 12-hour time ends in `am`, `pm` or their dotted forms; the
    // 24-hour times after most dates are turned away before any copy.
    if !text.ends_with(['m', 'M', '.']) {
        return None;
    }
    let lower = text.to_ascii_lowercase();
    let (clock, pm) = if let Some(c) = lower.strip_suffix("pm").or(lower.strip_suffix("p.m.")) {
        (c, true)
    } else {
        (
            lower.strip_suffix("am").or(lower.strip_suffix("a.m."))?,
            false,
        )
    };
    let (hour, minute) = clock.split_once(':').unwrap_or((clock, "00"));
    let digits = |s: &str, max: u32| -> Option<u32> {
        let ok = (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| s.parse().ok()).flatten().filter(|n| *n <= max)
    };
    let hour = digits(hour, 12).filter(|h| *h >= 1)?;
    let minute = digits(minute, 59).filter(|_| minute.len() == 2)?;
    let hour = hour % 12 + if pm { 12 } else { 0 };
    Some(format!("{hour:02}:{minute:02}"))
}

/// `12/31/1958` → `1958-12-31`, `1958/06/01` → `1958-06-01`: a date written
/// with slashes, as the format writes it, when the order of its parts is
/// certain (the year has four digits and, day and month, only one of the
/// two can be a month). `None` when it is ambiguous (`05/06/1958`) or no
/// date.
pub fn slash_date(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('/').collect();
    let [a, b, c] = parts[..] else { return None };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|x| x.is_ascii_digit()))
    {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let (year, month, day) = if a.len() == 4 {
        (a, n(b), n(c))
    } else if c.len() == 4 {
        match (n(a), n(b)) {
            (x, y) if x == y || (x <= 12 && y > 12) => (c, x, y),
            (x, y) if x > 12 && y <= 12 => (c, y, x),
            _ => return None,
        }
    } else {
        return None;
    };
    let iso = format!("{year}-{month:02}-{day:02}");
    // The parser leaves day-of-month checks to the story's calendar; a
    // slash date is a Gregorian habit, so check it against Gregorian months.
    let real = (1..=12).contains(&month)
        && year
            .parse::<i64>()
            .is_ok_and(|y| (1..=crate::time::days_in_month(y, month)).contains(&day));
    (real && date(&iso).is_ok()).then_some(iso)
}

/// Why a duration is too long, and what to write instead.
const TOO_LONG_HELP: &str = "story-time reaches about 9.1 billion years either way, and a duration counts at most 4,294,967,295 of each of `h`, `d`, `w` and `mo`: write long spans in larger units (`y`)";

/// Parse one or more `NUMBER UNIT` parts, e.g. `1h30m`, `6mo`.
pub fn duration(text: &str) -> Result<Duration, DurationError> {
    let units_help =
        "units are `s`, `m`, `h`, `d`, `w`, `mo` (calendar month) and `y` (calendar year)";
    // Nearly every duration has one part (`3d`); don't reserve four.
    let mut d = Duration::default();
    let too_long = |_| DurationError {
        label: "this duration is too long".into(),
        help: TOO_LONG_HELP.into(),
        fix: None,
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let n_start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if n_start == i {
            return Err(DurationError {
                label: format!("expected a number before `{}`", clip(&text[i..])),
                help: "write durations as numbers with units, e.g. `3d`, `1h30m`".into(),
                fix: None,
            });
        }
        let number: u64 = text[n_start..i].parse().map_err(|_| DurationError {
            label: "this number is too large".into(),
            help: TOO_LONG_HELP.into(),
            fix: None,
        })?;
        let u_start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let unit_text = &text[u_start..i];
        if unit_text.is_empty() && bytes.get(i) == Some(&b'.') {
            return Err(DurationError {
                label: "story-time durations are whole numbers".into(),
                help: "use a smaller unit instead of a fraction: `1h30m` for 1.5h, `36h` for 1.5d"
                    .into(),
                fix: None,
            });
        }
        if unit_text.is_empty() {
            let label = if i < bytes.len() {
                format!("unexpected `{}`", &text[i..i + 1])
            } else {
                format!("`{number}` has no unit")
            };
            return Err(DurationError {
                label,
                help: format!("add a unit after `{number}`; {units_help}"),
                fix: None,
            });
        }
        let unit = Unit::parse(unit_text).ok_or_else(|| {
            let guess = unit_word(unit_text);
            DurationError {
                fix: guess.map(|g| format!("{}{g}{}", &text[..u_start], &text[i..])),
                label: format!("unknown unit `{}`", clip(unit_text)),
                help: match guess {
                    Some(g) => format!("did you mean `{number}{g}`? {units_help}"),
                    None => units_help.to_string(),
                },
            }
        })?;
        d = d.plus(number, unit).map_err(too_long)?;
    }
    d.bounds().map_err(too_long)?;
    Ok(d)
}

/// Parse a timecode `HH:MM:SS[.fff]`, `H:MM:SS` or `MM:SS[.fff]` into milliseconds.
pub fn timecode(text: &str) -> Result<Millis, ScreenTimeError> {
    let (main, frac) = match text.split_once('.') {
        Some((m, f)) => (m, Some(f)),
        None => (text, None),
    };
    // At most three parts, kept on the stack: a story has a timecode or two
    // per scene.
    let mut parts = [""; 3];
    let mut count = 0;
    for part in main.split(':') {
        if count == parts.len() {
            return Err(ScreenTimeError::TimecodeShape);
        }
        parts[count] = part;
        count += 1;
    }
    // At most six digits, so the number always fits.
    let num = |s: &str| -> Result<i64, ScreenTimeError> {
        if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ScreenTimeError::TimecodeDigits);
        }
        Ok(s.bytes().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let seconds = match &parts[..count] {
        [h, m, s] => {
            let (h, m, s) = (num(h)?, num(m)?, num(s)?);
            if m > 59 || s > 59 {
                return Err(ScreenTimeError::MinutesOrSeconds);
            }
            h * 3600 + m * 60 + s
        }
        [m, s] => {
            let (m, s) = (num(m)?, num(s)?);
            if s > 59 {
                return Err(ScreenTimeError::SecondsOfMinute);
            }
            m * 60 + s
        }
        _ => return Err(ScreenTimeError::TimecodeShape),
    };
    let millis = match frac {
        None => 0,
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            // Milliseconds are the first three digits, padded with zeros.
            let digits = f.bytes().chain(std::iter::repeat(b'0')).take(3);
            digits.fold(0, |ms, d| ms * 10 + i64::from(d - b'0'))
        }
        Some(_) => return Err(ScreenTimeError::Fraction),
    };
    Ok(seconds * 1000 + millis)
}

/// Parse a screen duration such as `6m50s` or `1h2m3.5s` into milliseconds.
pub fn screen_duration(text: &str) -> Result<Millis, ScreenTimeError> {
    let mut total: i64 = 0;
    let mut rest = text;
    if rest.is_empty() {
        return Err(ScreenTimeError::EmptyDuration);
    }
    while !rest.is_empty() {
        let n_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n_len == 0 {
            return Err(ScreenTimeError::NumberBefore(clip(rest)));
        }
        let number: f64 = rest[..n_len]
            .parse()
            .map_err(|_| ScreenTimeError::MalformedNumber)?;
        rest = &rest[n_len..];
        let u_len = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let scale = match &rest[..u_len] {
            "h" => 3_600_000.0,
            "m" => 60_000.0,
            "s" => 1_000.0,
            "" => return Err(ScreenTimeError::MissingUnit),
            u => return Err(ScreenTimeError::UnknownUnit(clip(u))),
        };
        rest = &rest[u_len..];
        let ms = (number * scale).round();
        if !ms.is_finite() || ms > 1e15 {
            return Err(ScreenTimeError::TooLong);
        }
        total += ms as i64;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Precision;

    #[test]
    fn dates_at_every_precision() {
        assert_eq!(date("2014").unwrap().precision(), Precision::Year);
        assert_eq!(date("2014-05").unwrap().precision(), Precision::Month);
        assert_eq!(date("2014-05-17").unwrap().precision(), Precision::Day);
        assert_eq!(
            date("2014-05-17T18:00").unwrap().precision(),
            Precision::Minute
        );
        assert_eq!(
            date("2014-05-17T18:00:30").unwrap().precision(),
            Precision::Second
        );
        // Whether a date exists is the calendar's question, asked when the
        // story is resolved; here only the shape counts.
        assert!(date("2014-13-40").is_ok());
        assert!(date("2019-02-29").is_ok());
        assert!(date("14-05").is_err());
        assert!(date("2014-05-17T256:00").is_err());
    }

    #[test]
    fn signed_years() {
        let ides = date("-0043-03-15").unwrap();
        assert_eq!((ides.year, ides.month, ides.day), (-43, Some(3), Some(15)));
        assert_eq!(date("+12024-01-01").unwrap().year, 12_024);
        assert_eq!(date("-1000000").unwrap().year, -1_000_000);
        assert_eq!(date("+0000").unwrap().year, 0);
        assert_eq!(date("-43"), Err(DateSyntaxError::ShortSignedYear));
        assert_eq!(
            date("12024-01-01").unwrap_err().to_string(),
            "a year after 9999 is written with a sign, as in `+12024`"
        );
        assert!(matches!(
            date("-1000000000000"),
            Err(DateSyntaxError::Calendar(DateError::Year(_)))
        ));
        assert!(matches!(
            date("+99999999999999999999999"),
            Err(DateSyntaxError::Calendar(DateError::Year(_)))
        ));
        assert_eq!(date("-"), Err(DateSyntaxError::NotADate));
    }

    #[test]
    fn durations() {
        assert_eq!(duration("1h30m").unwrap().bounds().unwrap(), (5400, 5400));
        let e = duration("3x").unwrap_err();
        assert!(e.label.contains("unknown unit `x`"));
        assert!(duration("3days").unwrap_err().help.contains("`3d`"));
        assert!(duration("3").unwrap_err().label.contains("no unit"));
        assert!(duration("99999999999999999999999d").is_err());
        // Hours past the 32-bit count: refused, with the way out.
        assert!(duration("4294967295h").is_ok());
        let e = duration("4294967296h").unwrap_err();
        assert_eq!(e.label, "this duration is too long");
        assert!(e.help.contains("larger units (`y`)"), "{}", e.help);
        // The same span in years is fine.
        assert!(duration("490293y").is_ok());
    }

    #[test]
    fn timecodes() {
        assert_eq!(timecode("00:04:10").unwrap(), 250_000);
        assert_eq!(timecode("04:10.5").unwrap(), 250_500);
        assert_eq!(timecode("1:00:00").unwrap(), 3_600_000);
        assert!(timecode("00:61:00").is_err());
        assert!(timecode("1:2:3:4").is_err());
        assert_eq!(timecode("00:00:01.25").unwrap(), 1_250);
        assert_eq!(timecode("00:01.123456").unwrap(), 1_123);
        assert_eq!(timecode("00:01.007").unwrap(), 1_007);
        assert!(timecode("00:01.").is_err() && timecode("10").is_err());
        assert_eq!(screen_duration("6m50s").unwrap(), 410_000);
        assert_eq!(screen_duration("1.5s").unwrap(), 1500);
        assert!(screen_duration("5d").is_err());
    }

    #[test]
    fn malformed_literals_say_what_is_wrong() {
        assert_eq!(date("14-05"), Err(DateSyntaxError::YearDigits));
        assert_eq!(date("May"), Err(DateSyntaxError::NotADate));
        assert_eq!(date("2014-05-17-1"), Err(DateSyntaxError::TooManyDateParts));
        assert_eq!(date("2014-05T18:00"), Err(DateSyntaxError::TimeWithoutDay));
        assert_eq!(date("2014-05-17T18:0"), Err(DateSyntaxError::Minutes));
        let month = date("2014-300-01").unwrap_err();
        assert!(matches!(month, DateSyntaxError::Calendar(_)));
        assert!(month.to_string().contains("300"), "{month}");
        assert_eq!(
            DateSyntaxError::Month.to_string(),
            "expected a month number after the year"
        );
        assert_eq!(timecode("1:2:3:4"), Err(ScreenTimeError::TimecodeShape));
        assert_eq!(timecode("00:60"), Err(ScreenTimeError::SecondsOfMinute));
        assert_eq!(timecode("00:60:00"), Err(ScreenTimeError::MinutesOrSeconds));
        assert_eq!(timecode("1234567:00"), Err(ScreenTimeError::TimecodeDigits));
        assert_eq!(timecode("999999:59"), Ok((999_999 * 60 + 59) * 1000));
        assert_eq!(timecode("00:01.x"), Err(ScreenTimeError::Fraction));
        assert_eq!(screen_duration(""), Err(ScreenTimeError::EmptyDuration));
        assert_eq!(screen_duration("5"), Err(ScreenTimeError::MissingUnit));
        assert_eq!(
            screen_duration("1..2m"),
            Err(ScreenTimeError::MalformedNumber)
        );
        let long = format!("5{}", "d".repeat(100));
        let unknown = screen_duration(&long).unwrap_err();
        assert_eq!(
            unknown.to_string(),
            format!("unknown unit `{}…` (use `h`, `m` or `s`)", "d".repeat(40))
        );
        assert_eq!(
            screen_duration("99999999999999h"),
            Err(ScreenTimeError::TooLong)
        );
        assert_eq!(
            screen_duration("m").unwrap_err().to_string(),
            "expected a number before `m`"
        );
    }

    #[test]
    fn twelve_hour_times_become_24_hour_times() {
        assert_eq!(twelve_hour("10pm").as_deref(), Some("22:00"));
        assert_eq!(twelve_hour("9:30AM").as_deref(), Some("09:30"));
        assert_eq!(twelve_hour("12am").as_deref(), Some("00:00"));
        assert_eq!(twelve_hour("12pm").as_deref(), Some("12:00"));
        assert_eq!(twelve_hour("1p.m.").as_deref(), Some("13:00"));
        for not in [
            "13pm", "0am", "10:60pm", "10:5pm", "pm", "10", "22:00", "012pm", "9:30",
        ] {
            assert_eq!(twelve_hour(not), None, "{not}");
        }
    }

    #[test]
    fn slash_dates_are_rewritten_only_when_certain() {
        assert_eq!(slash_date("12/31/1958").as_deref(), Some("1958-12-31"));
        assert_eq!(slash_date("31/12/1958").as_deref(), Some("1958-12-31"));
        assert_eq!(slash_date("1958/6/1").as_deref(), Some("1958-06-01"));
        assert_eq!(slash_date("7/7/1958").as_deref(), Some("1958-07-07"));
        // Day and month both could be either: the writer must say.
        assert_eq!(slash_date("05/06/1958"), None);
        // No such day, or no year of four digits.
        assert_eq!(slash_date("02/30/1958"), None);
        assert_eq!(slash_date("12/31/58"), None);
        assert_eq!(slash_date("12/31"), None);
    }

    #[test]
    fn unit_words_name_their_unit_and_fix_the_literal() {
        assert_eq!(unit_word("Weeks"), Some("w"));
        assert_eq!(unit_word("hrs"), Some("h"));
        assert_eq!(unit_word("months"), Some("mo"));
        assert_eq!(unit_word("fortnight"), None);
        let e = duration("3hours").unwrap_err();
        assert_eq!(e.fix.as_deref(), Some("3h"));
        let e = duration("1h30mins").unwrap_err();
        assert_eq!(e.fix.as_deref(), Some("1h30m"));
        // No unit at all: which one was meant is unknown, so no fix.
        let e = duration("2").unwrap_err();
        assert_eq!(e.fix, None);
        assert!(!e.help.contains("`2d`"), "{}", e.help);
    }
}
