//! A story's own calendar: the lines of a `calendar NAME:` block read into a
//! [`Calendar`], every mistake reported at its line (`E0802`).
//!
//! ```text
//! calendar vessari:
//!   month Thaw: 30
//!   festival Firstlight: 1
//!   month Seedfall: 31
//!   leap Starfall: Firstlight, every 4 years, except every 100 years
//!   weekdays: Sul, Mol, Zor, Tam, Vey
//!   week: restarts each month
//!   day: 31h
//!   hour: 60m
//!   era AV: from 1
//!   era BV: before 1
//!   moon Pale: 29.5d
//! ```

use crate::diagnostics::{codes, Diagnostic};
use crate::span::Span;
use crate::syntax::tree::{CalendarDecl, CalendarEntry, CalendarLine};
use crate::text::clip;
use crate::time::calendar::{Definition, Era, Moon};
use crate::time::rules::{Interval, Period};
use crate::time::Calendar;

/// Read a declared calendar; `Err` holds every problem found.
pub fn read(decl: &CalendarDecl) -> Result<Calendar, Vec<Diagnostic>> {
    let mut def = Definition {
        name: decl.name.text.to_string(),
        hours_per_day: 24,
        minutes_per_hour: 60,
        ..Definition::default()
    };
    let mut errors = Vec::new();
    let entries: Vec<&CalendarEntry> = decl
        .lines
        .iter()
        .filter_map(|l| match l {
            CalendarLine::Entry(e) => Some(e),
            CalendarLine::Comment(_) => None,
        })
        .collect();
    // Periods first: leap days name them.
    for e in &entries {
        if let Err(d) = period(&mut def, e) {
            errors.push(d);
        }
    }
    let mut first_weekday: Option<(String, Span)> = None;
    for e in &entries {
        let result = match e.kind.text.as_str() {
            "leap" => leap(&mut def, e),
            "weekdays" => {
                def.weekdays = list(&e.value.text);
                Ok(())
            }
            "week" => week(&mut def, e, &mut first_weekday),
            "day" => number_with(&e.value.text, "h")
                .map(|h| def.hours_per_day = h)
                .ok_or_else(|| bad(e, "expected a number of hours, as in `day: 31h`")),
            "hour" => number_with(&e.value.text, "m")
                .map(|m| def.minutes_per_hour = m)
                .ok_or_else(|| bad(e, "expected a number of minutes, as in `hour: 60m`")),
            "era" => era(&mut def, e),
            "moon" => moon(&mut def, e),
            _ => Ok(()),
        };
        if let Err(d) = result {
            errors.push(d);
        }
    }
    if def.weekdays.is_empty() {
        def.weekdays = vec!["Day".to_string()];
    }
    if let Some((name, span)) = first_weekday {
        match def
            .weekdays
            .iter()
            .position(|w| w.eq_ignore_ascii_case(&name))
        {
            Some(i) => def.first_weekday = i as u32,
            None => errors.push(
                Diagnostic::error(
                    codes::INVALID_CALENDAR,
                    format!("`{}` is not one of the calendar's weekdays", clip(&name)),
                )
                .primary(span, "not in `weekdays:`")
                .help(format!("name one of {}", def.weekdays.join(", "))),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Calendar::custom(def).map_err(|e| {
        vec![Diagnostic::error(
            codes::INVALID_CALENDAR,
            format!("calendar `{}` cannot be used: {e}", clip(&decl.name.text)),
        )
        .primary(decl.name.span, "declared here")
        .help("docs/calendars.md shows a complete calendar declaration")]
    })
}

fn bad(e: &CalendarEntry, label: &str) -> Diagnostic {
    Diagnostic::error(
        codes::INVALID_CALENDAR,
        format!(
            "invalid calendar line `{}: {}`",
            line_head(e),
            clip(&e.value.text)
        ),
    )
    .primary(e.value.span, label.to_string())
    .help("docs/calendars.md lists every kind of calendar line")
}

fn line_head(e: &CalendarEntry) -> String {
    match &e.name {
        Some(n) => format!("{} {}", e.kind.text, clip(&n.text)),
        None => e.kind.text.to_string(),
    }
}

/// Comma-separated names, trimmed, empty ones dropped.
fn list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `31h` or `31` (with `suffix` optional), at least 1.
fn number_with(text: &str, suffix: &str) -> Option<u32> {
    let t = text.trim();
    let t = t.strip_suffix(suffix).unwrap_or(t).trim();
    t.parse().ok().filter(|&n| n > 0)
}

/// `month NAME: DAYS` and `festival NAME: DAYS[, in the week]`.
fn period(def: &mut Definition, e: &CalendarEntry) -> Result<(), Diagnostic> {
    let intercalary = match e.kind.text.as_str() {
        "month" => false,
        "festival" => true,
        _ => return Ok(()),
    };
    let parts = list(&e.value.text);
    let days = parts.first().and_then(|d| {
        let d = d.strip_suffix('d').unwrap_or(d).trim();
        d.parse::<u32>().ok()
    });
    let Some(length) = days.filter(|&d| intercalary || d > 0) else {
        return Err(bad(e, "expected a number of days, as in `month Thaw: 30`"));
    };
    let mut advances_week = !intercalary;
    for flag in &parts[1..] {
        match flag.as_str() {
            "in the week" => advances_week = true,
            "outside the week" => advances_week = false,
            _ => {
                return Err(bad(
                    e,
                    "after the days only `in the week` or `outside the week` may follow",
                ))
            }
        }
    }
    let name = e
        .name
        .as_ref()
        .map(|n| n.text.to_string())
        .unwrap_or_default();
    if def
        .periods
        .iter()
        .any(|p| p.name.eq_ignore_ascii_case(&name))
    {
        return Err(Diagnostic::error(
            codes::INVALID_CALENDAR,
            format!("`{}` is declared twice in the calendar", clip(&name)),
        )
        .primary(e.span, "declared again here")
        .help("give every month and festival its own name"));
    }
    def.periods.push(Period {
        name,
        short: None,
        length,
        intercalary,
        advances_week,
    });
    Ok(())
}

/// `leap NAME: PERIOD, every N years[, except every M years][, unless every
/// K years][, from YEAR][, outside the week]`.
fn leap(def: &mut Definition, e: &CalendarEntry) -> Result<(), Diagnostic> {
    let parts = list(&e.value.text);
    let Some(target) = parts.first() else {
        return Err(bad(e, "expected the month that gets the day"));
    };
    let Some(period) = def
        .periods
        .iter()
        .position(|p| p.name.eq_ignore_ascii_case(target))
    else {
        return Err(bad(
            e,
            "the first item names the month or festival that gets the day",
        ));
    };
    let mut intervals = Vec::new();
    let mut offset = 0i64;
    let mut advances = def.periods[period].advances_week;
    for part in &parts[1..] {
        let words: Vec<&str> = part.split_whitespace().collect();
        let (exclusive, rest) = match words.as_slice() {
            ["every", rest @ ..] => (false, rest),
            ["except", "every", rest @ ..] | ["except", rest @ ..] => (true, rest),
            ["unless", "every", rest @ ..] | ["unless", rest @ ..] => (false, rest),
            ["from", year] => {
                offset = year
                    .parse()
                    .map_err(|_| bad(e, "`from` takes a year, as in `from 2`"))?;
                continue;
            }
            ["outside", "the", "week"] => {
                advances = false;
                continue;
            }
            ["in", "the", "week"] => {
                advances = true;
                continue;
            }
            _ => return Err(bad(e, "expected `every N years`, `except every N years`, `unless every N years`, `from YEAR` or `outside the week`")),
        };
        let every = match rest {
            [n] | [n, "years" | "year"] => n.parse::<u32>().ok().filter(|&n| n > 0),
            _ => None,
        };
        let Some(every) = every else {
            return Err(bad(
                e,
                "expected a whole number of years, as in `every 4 years`",
            ));
        };
        intervals.push(Interval {
            every,
            exclusive,
            ignore_offset: false,
        });
    }
    if intervals.is_empty() {
        return Err(bad(e, "a leap day needs `every N years`"));
    }
    let name = e
        .name
        .as_ref()
        .map(|n| n.text.to_string())
        .unwrap_or_default();
    def.leap_days
        .push((name, period, intervals, offset, advances));
    Ok(())
}

/// `week: runs on | restarts each month[, year 1 starts on NAME]`.
fn week(
    def: &mut Definition,
    e: &CalendarEntry,
    first: &mut Option<(String, Span)>,
) -> Result<(), Diagnostic> {
    for part in list(&e.value.text) {
        if part == "runs on" {
            def.week_restarts = false;
        } else if part == "restarts each month" {
            def.week_restarts = true;
        } else if let Some(day) = part.strip_prefix("year 1 starts on ") {
            *first = Some((day.trim().to_string(), e.value.span));
        } else {
            return Err(bad(
                e,
                "expected `runs on`, `restarts each month` or `year 1 starts on DAY`",
            ));
        }
    }
    Ok(())
}

/// `era NAME: from YEAR[-PERIOD[-DAY]][, counting on]` or `era NAME: before
/// YEAR`.
fn era(def: &mut Definition, e: &CalendarEntry) -> Result<(), Diagnostic> {
    let parts = list(&e.value.text);
    let name = e
        .name
        .as_ref()
        .map(|n| n.text.to_string())
        .unwrap_or_default();
    let first = parts.first().map(String::as_str).unwrap_or_default();
    let (backwards, date) = if let Some(d) = first.strip_prefix("from ") {
        (false, d.trim())
    } else if let Some(y) = first.strip_prefix("before ") {
        (true, y.trim())
    } else {
        return Err(bad(e, "expected `from YEAR` or `before YEAR`"));
    };
    let start = era_date(date).ok_or_else(|| {
        bad(
            e,
            "expected a year, or a date `YEAR-MM-DD` in this calendar's numbering",
        )
    })?;
    let restart = match &parts[1..] {
        [] => true,
        [flag] if flag == "counting on" && !backwards => false,
        _ => return Err(bad(e, "only `counting on` may follow `from YEAR`")),
    };
    def.eras.push(Era {
        name,
        start: Some(start),
        backwards,
        restart,
    });
    Ok(())
}

/// `YEAR`, `YEAR-PERIOD` or `YEAR-PERIOD-DAY`, the year maybe negative.
fn era_date(text: &str) -> Option<(i64, u8, u16)> {
    let (sign, rest) = match text.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut parts = rest.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let period: u8 = parts.next().map_or(Some(1), |p| p.parse().ok())?;
    let day: u16 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
    if parts.next().is_some() || period == 0 || day == 0 {
        return None;
    }
    Some((sign * year, period, day))
}

/// `moon NAME: CYCLE d[, offset N d]`.
fn moon(def: &mut Definition, e: &CalendarEntry) -> Result<(), Diagnostic> {
    let parts = list(&e.value.text);
    let days = |t: &str| {
        let t = t.trim();
        t.strip_suffix('d')
            .unwrap_or(t)
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
    };
    let cycle = parts
        .first()
        .and_then(|c| days(c))
        .filter(|&c| c > 0.0)
        .ok_or_else(|| {
            bad(
                e,
                "expected the days from one new moon to the next, as in `29.5d`",
            )
        })?;
    let offset = match &parts[1..] {
        [] => 0.0,
        [o] => o
            .strip_prefix("offset ")
            .and_then(days)
            .ok_or_else(|| bad(e, "expected `offset N d`"))?,
        _ => return Err(bad(e, "only `offset N d` may follow the cycle")),
    };
    def.moons.push(Moon {
        name: e
            .name
            .as_ref()
            .map(|n| n.text.to_string())
            .unwrap_or_default(),
        cycle,
        offset,
    });
    Ok(())
}

/// `the gregorian calendar`, `the Calendar of Harptos`: a calendar's name
/// in a sentence, not saying "calendar" twice.
fn the_calendar(calendar: &Calendar) -> String {
    let name = clip(calendar.name());
    let lower = name.to_lowercase();
    if lower.starts_with("calendar ") || lower.ends_with(" calendar") {
        format!("the {name}")
    } else {
        format!("the {name} calendar")
    }
}

/// Read a date written with names in `calendar`: `[DAY] [MONTH] YEAR [ERA]
/// [HH:MM[:SS]]`, as in `15 Alturiak 1372 DR`, `Midwinter 1372`, `1372 DR`,
/// `32 BBY`, `15 March 44 BC 11:00`. A festival or a leap day named alone
/// is its day (`Shieldmeet 1372 DR`). Names are matched in any case.
pub fn readable(calendar: &Calendar, text: &str) -> Result<crate::time::DateTimeSpec, String> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut time: (Option<(u32, u32)>, Option<u32>) = (None, None);
    if words.last().is_some_and(|w| w.contains(':')) {
        let t = words.pop().unwrap_or_default();
        let parts: Vec<&str> = t.split(':').collect();
        let n = |s: &str| {
            s.parse::<u32>()
                .map_err(|_| format!("`{}` is not a time like `18:00`", clip(t)))
        };
        time = match parts.as_slice() {
            [h, m] => (Some((n(h)?, n(m)?)), None),
            [h, m, s] => (Some((n(h)?, n(m)?)), Some(n(s)?)),
            _ => return Err(format!("`{}` is not a time like `18:00`", clip(t))),
        };
    }
    let numeric = |w: &&str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let Some(at) = words.iter().rposition(numeric) else {
        return Err("a date needs a year".to_string());
    };
    let year: i64 = words[at]
        .parse()
        .map_err(|_| format!("year `{}` is too long", clip(words[at])))?;
    let (before, after) = (&words[..at], &words[at + 1..]);
    let (day, month_words) = match before.first() {
        Some(d) if numeric(d) => (
            Some(
                d.parse::<u32>()
                    .map_err(|_| format!("day `{}` is too long", clip(d)))?,
            ),
            &before[1..],
        ),
        _ => (None, before),
    };
    let (mut month, mut day) = (None, day);
    if !month_words.is_empty() {
        let name = month_words.join(" ");
        match calendar.period_named(&name) {
            Some(p) => month = Some(u32::from(p)),
            None => {
                let leap = calendar
                    .leap_days()
                    .iter()
                    .find(|l| calendar.is_custom() && l.name.eq_ignore_ascii_case(&name))
                    .ok_or_else(|| {
                        let months: Vec<&str> =
                            calendar.periods().iter().map(|p| p.name.as_str()).collect();
                        format!(
                            "no month `{}` in {} (its months: {})",
                            clip(&name),
                            the_calendar(calendar),
                            clip(&months.join(", "))
                        )
                    })?;
                if day.is_some() {
                    return Err(format!(
                        "`{}` is one day: write it without a day number",
                        clip(&leap.name)
                    ));
                }
                month = Some(leap.period as u32 + 1);
                day = Some(calendar.periods()[leap.period].length + 1);
            }
        }
        // A one-day festival named alone is that day.
        let single = month
            .and_then(|m| calendar.periods().get(m as usize - 1))
            .is_some_and(|p| p.intercalary && p.length == 1);
        if day.is_none() && single {
            day = Some(1);
        }
    }
    if time.0.is_some() && day.is_none() {
        return Err("a time of day needs a day: write `15 Alturiak 1372 18:00`".to_string());
    }
    if day.is_some() && month.is_none() {
        return Err("a day needs a month: write `15 Alturiak 1372`".to_string());
    }
    let year = match after {
        [] => year,
        era => {
            let name = era.join(" ");
            let index = calendar.era_named(&name).ok_or_else(|| {
                let eras: Vec<&str> = calendar.eras().iter().map(|e| e.name.as_str()).collect();
                format!(
                    "no era `{}` in {} (its eras: {})",
                    clip(&name),
                    the_calendar(calendar),
                    clip(&eras.join(", "))
                )
            })?;
            calendar
                .year_in_era(index, year)
                .ok_or("the year is out of range")?
        }
    };
    crate::time::DateTimeSpec::written(year, month, day, time.0, time.1).map_err(|e| e.to_string())
}
