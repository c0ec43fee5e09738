//! Calendars of the Fantasy Calendar and Calendarium Obsidian plugins, read
//! from their JSON: one calendar object, a list of them, or an object with
//! a `calendars` list, from which one is picked by name.
//!
//! Every field that shapes dates is mapped ([`Definition`]): `name`,
//! `static.months` (`name`, `length`, `type: "month" | "intercalary"`),
//! `static.weekdays`, `static.firstWeekDay`, `static.overflow`,
//! `static.leapDays` (`name`, `timespan`, `intercalary`, `offset`,
//! `interval` of `{interval, exclusive, ignore}`), `static.eras`,
//! `static.moons`, `static.offset` and a `clock` of `hours` and `minutes`
//! (top level or in `static`). Fields that only style the plugin's own
//! views (`padDays`, `displayMoons`, `events`, `seasonal` …) are read
//! past. What would change dates but cannot be honoured is refused with
//! the field's path and the reason ([`ImportError`]): nothing of a calendar
//! is guessed.

use serde_json::{Map, Value};

use super::calendar::{Definition, Era, LeapSpec, Moon};
use super::rules::{Interval, Period};
use super::Calendar;

/// Why a JSON file is not a calendar chronotope can use: the field (a path
/// such as `static.months[3].length`) and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    /// Where in the JSON, or empty for the whole document.
    pub field: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.reason)
        } else {
            write!(f, "`{}` {}", self.field, self.reason)
        }
    }
}

fn err(field: impl Into<String>, reason: impl Into<String>) -> ImportError {
    ImportError {
        field: field.into(),
        reason: reason.into(),
    }
}

/// Read a calendar from Fantasy Calendar / Calendarium JSON; `pick` names
/// the calendar to take from a list (any case).
pub fn read(text: &str, pick: Option<&str>) -> Result<Calendar, ImportError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        err(
            "",
            format!(
                "is not JSON: {} (line {}, column {})",
                e,
                e.line(),
                e.column()
            ),
        )
    })?;
    let (path, object) = choose(&doc, pick)?;
    let def = definition(&path, object)?;
    Calendar::custom(def).map_err(|e| err(path, format!("cannot be used: {e}")))
}

/// The calendar object to read and its path in the document.
fn choose<'a>(
    doc: &'a Value,
    pick: Option<&str>,
) -> Result<(String, &'a Map<String, Value>), ImportError> {
    let (list, base): (&Vec<Value>, &str) = match doc {
        Value::Array(list) => (list, ""),
        Value::Object(o) => match o.get("calendars") {
            Some(Value::Array(list)) => (list, "calendars"),
            _ if o.contains_key("static") => {
                return match pick {
                    Some(name) if !same_name(o, name) => Err(err(
                        "name",
                        format!("is not `{name}`: the file holds one calendar, `{}`", name_of(o)),
                    )),
                    _ => Ok((String::new(), o)),
                };
            }
            _ => return Err(err("static", "is missing: a calendar object has `name` and `static` (its months, weekdays and leap days)")),
        },
        _ => return Err(err("", "is not a calendar: expected a JSON object with `static`, or a list of them")),
    };
    let objects: Vec<(usize, &Map<String, Value>)> = list
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.as_object().map(|o| (i, o)))
        .collect();
    let chosen = match pick {
        Some(name) => objects.iter().find(|(_, o)| same_name(o, name)),
        None if objects.len() == 1 => objects.first(),
        None => {
            let names: Vec<String> = objects
                .iter()
                .map(|(_, o)| format!("`{}`", name_of(o)))
                .collect();
            return Err(err(
                base,
                format!(
                    "holds {} calendars ({}): pick one with `#NAME` after the file name",
                    objects.len(),
                    names.join(", ")
                ),
            ));
        }
    };
    match chosen {
        Some((i, o)) => Ok((index_path(base, *i), o)),
        None => {
            let names: Vec<String> = objects
                .iter()
                .map(|(_, o)| format!("`{}`", name_of(o)))
                .collect();
            Err(err(
                base,
                format!(
                    "has no calendar named `{}`; it has {}",
                    pick.unwrap_or_default(),
                    names.join(", ")
                ),
            ))
        }
    }
}

fn same_name(o: &Map<String, Value>, name: &str) -> bool {
    name_of(o).trim().eq_ignore_ascii_case(name.trim())
}

fn name_of(o: &Map<String, Value>) -> &str {
    o.get("name").and_then(Value::as_str).unwrap_or("")
}

fn index_path(base: &str, i: usize) -> String {
    format!("{base}[{i}]")
}

fn field(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}

/// Fields of `static` that are read, or read past because they style the
/// plugins' views and do not move any date.
const IGNORED: &[&str] = &[
    "id",
    "description",
    "path",
    "supportInlineEvents",
    "inlineEventTag",
    "showIntercalarySeparately",
    "seasonal",
    "weather",
    "locations",
    "current",
    "events",
    "categories",
    "date",
    "displayDayNumber",
    "incrementDay",
    "displayMoons",
    "padDays",
    "padMonths",
    "dateFormat",
    "autoParse",
    "displayWeeks",
    "useCustomYears",
    "years",
    "hideEras",
    "showIntercalary",
    "padYears",
    "clock",
    "months",
    "weekdays",
    "firstWeekDay",
    "overflow",
    "leapDays",
    "eras",
    "moons",
    "offset",
    "type",
];

fn definition(base: &str, o: &Map<String, Value>) -> Result<Definition, ImportError> {
    let statics_path = field(base, "static");
    let Some(statics) = o.get("static").and_then(Value::as_object) else {
        return Err(err(statics_path, "is missing or not an object"));
    };
    // The calendar object's other fields are the plugins' own (events,
    // notes, views); `static` is where dates are shaped, so a field there
    // that is not known is refused rather than guessed at.
    if let Some(k) = statics.keys().find(|k| !IGNORED.contains(&k.as_str())) {
        return Err(err(field(&statics_path, k), "is not a field chronotope knows; it cannot tell whether it changes dates, so the calendar is refused (docs/calendars.md lists the fields read)"));
    }
    if statics.get("useCustomYears").and_then(Value::as_bool) == Some(true) {
        return Err(err(
            field(&statics_path, "useCustomYears"),
            "is true: named years are not supported; number the years instead",
        ));
    }
    let mut def = Definition {
        name: name_of(o).to_string(),
        hours_per_day: 24,
        minutes_per_hour: 60,
        ..Definition::default()
    };
    def.periods = months(&statics_path, statics)?;
    def.weekdays = names(&field(&statics_path, "weekdays"), statics.get("weekdays"))?;
    let weekday_offset = integer(&field(&statics_path, "offset"), statics.get("offset"), 0)?;
    let first = integer(
        &field(&statics_path, "firstWeekDay"),
        statics.get("firstWeekDay"),
        0,
    )?;
    let days = def.weekdays.len().max(1) as i64;
    def.first_weekday = (first + weekday_offset).rem_euclid(days) as u32;
    if first < 0 || first >= days {
        return Err(err(
            field(&statics_path, "firstWeekDay"),
            format!("is {first}, not the index of one of the {days} weekdays"),
        ));
    }
    def.week_restarts = match statics.get("overflow") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => !b,
        Some(_) => {
            return Err(err(
                field(&statics_path, "overflow"),
                "must be true or false",
            ))
        }
    };
    let lengths: Vec<u32> = def.periods.iter().map(|p| p.length).collect();
    def.leap_days = leap_days(&statics_path, statics, &lengths)?;
    def.eras = eras(&statics_path, statics, def.periods.len())?;
    def.moons = moons(&statics_path, statics)?;
    clock(base, o, &statics_path, statics, &mut def)?;
    Ok(def)
}

fn integer(path: &str, v: Option<&Value>, default: i64) -> Result<i64, ImportError> {
    match v {
        None | Some(Value::Null) => Ok(default),
        Some(v) => v
            .as_i64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    .map(|f| f as i64)
            })
            .ok_or_else(|| err(path, "must be a whole number")),
    }
}

fn names(path: &str, v: Option<&Value>) -> Result<Vec<String>, ImportError> {
    let Some(list) = v.and_then(Value::as_array) else {
        return Err(err(path, "is missing or not a list"));
    };
    list.iter()
        .enumerate()
        .map(|(i, d)| {
            d.get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| err(format!("{path}[{i}].name"), "is missing or not text"))
        })
        .collect()
}

fn months(statics_path: &str, statics: &Map<String, Value>) -> Result<Vec<Period>, ImportError> {
    let path = field(statics_path, "months");
    let Some(list) = statics.get("months").and_then(Value::as_array) else {
        return Err(err(path, "is missing or not a list"));
    };
    let mut out = Vec::new();
    for (i, m) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let name = m
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("{at}.name"), "is missing or not text"))?;
        let length = integer(&format!("{at}.length"), m.get("length"), -1)?;
        let length = u32::try_from(length)
            .ok()
            .filter(|&l| l <= 100_000)
            .ok_or_else(|| {
                err(
                    format!("{at}.length"),
                    "must be a whole number of days from 0 to 100000",
                )
            })?;
        let intercalary = match m.get("type").and_then(Value::as_str) {
            Some("month") | None => false,
            Some("intercalary") => true,
            Some(other) => {
                return Err(err(
                    format!("{at}.type"),
                    format!("is `{other}`; expected `month` or `intercalary`"),
                ))
            }
        };
        for k in ["interval", "offset"] {
            let v = integer(
                &format!("{at}.{k}"),
                m.get(k),
                if k == "interval" { 1 } else { 0 },
            )?;
            let usual = if k == "interval" { 1 } else { 0 };
            if v != usual {
                return Err(err(
                    format!("{at}.{k}"),
                    format!("is {v}: a month that appears only in some years is not supported"),
                ));
            }
        }
        if m.get("week")
            .and_then(Value::as_array)
            .is_some_and(|w| !w.is_empty())
        {
            return Err(err(
                format!("{at}.week"),
                "gives this month its own weekdays, which is not supported",
            ));
        }
        out.push(Period {
            name: name.to_string(),
            short: short_name(&at, m, name)?,
            length,
            intercalary,
            advances_week: !intercalary,
        });
    }
    Ok(out)
}

/// A month's short name: Calendarium's `short`, else the name before a
/// parenthesised subtitle (`Alturiak` of `Alturiak (The Claw of Winter)`,
/// as Fantasy Calendar's presets write them).
fn short_name(at: &str, m: &Value, name: &str) -> Result<Option<String>, ImportError> {
    match m.get("short") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if !s.trim().is_empty() => return Ok(Some(s.trim().to_string())),
        Some(_) => return Err(err(format!("{at}.short"), "must be text")),
    }
    let subtitled = name
        .strip_suffix(')')
        .and_then(|n| n.split_once(" ("))
        .map(|(short, _)| short.trim())
        .filter(|short| !short.is_empty());
    Ok(subtitled.map(str::to_string))
}

fn leap_days(
    statics_path: &str,
    statics: &Map<String, Value>,
    lengths: &[u32],
) -> Result<Vec<LeapSpec>, ImportError> {
    let periods = lengths.len();
    let path = field(statics_path, "leapDays");
    let list = match statics.get("leapDays") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(l)) => l,
        Some(_) => return Err(err(path, "must be a list")),
    };
    let mut out = Vec::new();
    for (i, l) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let name = l
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("leap day")
            .to_string();
        let timespan = integer(&format!("{at}.timespan"), l.get("timespan"), -1)?;
        let period = usize::try_from(timespan)
            .ok()
            .filter(|&p| p < periods)
            .ok_or_else(|| {
                err(
                    format!("{at}.timespan"),
                    format!("is {timespan}, not the index of one of the {periods} months"),
                )
            })?;
        let offset = integer(&format!("{at}.offset"), l.get("offset"), 0)?;
        // Calendarium's `after` puts the day after that many days of its
        // month; chronotope adds a leap day at the month's end only.
        let length = i64::from(lengths[period]);
        let after = integer(&format!("{at}.after"), l.get("after"), length)?;
        if after < length {
            return Err(err(
                format!("{at}.after"),
                format!("is {after}: a leap day inside its month (not after its last day, {length}) is not supported"),
            ));
        }
        let intercalary = l
            .get("intercalary")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let Some(intervals) = l.get("interval").and_then(Value::as_array) else {
            return Err(err(format!("{at}.interval"), "is missing or not a list"));
        };
        let mut rules = Vec::new();
        for (k, iv) in intervals.iter().enumerate() {
            let ip = format!("{at}.interval[{k}]");
            let every = integer(&format!("{ip}.interval"), iv.get("interval"), 0)?;
            let every = u32::try_from(every)
                .ok()
                .filter(|&e| e > 0)
                .ok_or_else(|| {
                    err(
                        format!("{ip}.interval"),
                        "must be a whole number of years from 1",
                    )
                })?;
            rules.push(Interval {
                every,
                exclusive: iv
                    .get("exclusive")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                ignore_offset: iv.get("ignore").and_then(Value::as_bool).unwrap_or(false),
            });
        }
        if rules.is_empty() {
            return Err(err(
                format!("{at}.interval"),
                "is empty: a leap day needs at least one interval",
            ));
        }
        out.push((name, period, rules, offset, !intercalary));
    }
    Ok(out)
}

fn eras(
    statics_path: &str,
    statics: &Map<String, Value>,
    periods: usize,
) -> Result<Vec<Era>, ImportError> {
    let path = field(statics_path, "eras");
    let list = match statics.get("eras") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(l)) => l,
        Some(_) => return Err(err(path, "must be a list")),
    };
    let mut out = Vec::new();
    for (i, e) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let name = e
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| err(format!("{at}.name"), "is missing or not text"))?;
        let starting = e
            .get("isStartingEra")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let date = e.get("start").or_else(|| e.get("date"));
        let start = match (starting, date) {
            (true, _) => None,
            (false, Some(d)) => {
                let key = if e.get("start").is_some() {
                    "start"
                } else {
                    "date"
                };
                let dp = format!("{at}.{key}");
                let year = integer(&format!("{dp}.year"), d.get("year"), 1)?;
                let month = integer(&format!("{dp}.month"), d.get("month"), 0)?;
                let day = integer(&format!("{dp}.day"), d.get("day"), 1)?;
                let month = u8::try_from(month + 1)
                    .ok()
                    .filter(|&m| usize::from(m) <= periods && m > 0)
                    .ok_or_else(|| {
                        err(
                            format!("{dp}.month"),
                            "is not the index of one of the months",
                        )
                    })?;
                // The plugins compare era starts as dates; day 0 (as the
                // Barovian preset writes) comes before day 1, so the era
                // starts with its month.
                let day = u16::try_from(day.max(1))
                    .map_err(|_| err(format!("{dp}.day"), "must be a day from 1 to 65535"))?;
                Some((year, month, day))
            }
            (false, None) => {
                return Err(err(
                    format!("{at}.date"),
                    "is missing: an era needs the date it starts",
                ))
            }
        };
        if e.get("endsYear").and_then(Value::as_bool) == Some(true) {
            return Err(err(
                format!("{at}.endsYear"),
                "is true: an era that ends the year early is not supported",
            ));
        }
        if e.get("static")
            .is_some_and(|v| !v.is_null() && v.as_object().is_none_or(|o| !o.is_empty()))
        {
            return Err(err(
                format!("{at}.static"),
                "changes the calendar within an era, which is not supported",
            ));
        }
        out.push(Era {
            name: name.to_string(),
            start,
            backwards: false,
            restart: e.get("restart").and_then(Value::as_bool).unwrap_or(false),
        });
    }
    Ok(out)
}

fn moons(statics_path: &str, statics: &Map<String, Value>) -> Result<Vec<Moon>, ImportError> {
    let path = field(statics_path, "moons");
    let list = match statics.get("moons") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(l)) => l,
        Some(_) => return Err(err(path, "must be a list")),
    };
    let mut out = Vec::new();
    for (i, m) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let number = |k: &str| {
            m.get(k)
                .and_then(Value::as_f64)
                .filter(|v| v.is_finite())
                .ok_or_else(|| err(format!("{at}.{k}"), "is missing or not a number"))
        };
        let cycle = number("cycle")?;
        if cycle <= 0.0 {
            return Err(err(format!("{at}.cycle"), "must be more than 0 days"));
        }
        out.push(Moon {
            name: m
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("Moon")
                .to_string(),
            cycle,
            // The plugins count a moon's phase from `offset` days before
            // the calendar's first day.
            offset: -number("offset").unwrap_or(0.0),
        });
    }
    Ok(out)
}

fn clock(
    base: &str,
    o: &Map<String, Value>,
    statics_path: &str,
    statics: &Map<String, Value>,
    def: &mut Definition,
) -> Result<(), ImportError> {
    let (path, clock) = match (o.get("clock"), statics.get("clock")) {
        (Some(c), _) => (field(base, "clock"), c),
        (None, Some(c)) => (field(statics_path, "clock"), c),
        (None, None) => return Ok(()),
    };
    let hours = integer(&format!("{path}.hours"), clock.get("hours"), 24)?;
    let minutes = integer(&format!("{path}.minutes"), clock.get("minutes"), 60)?;
    def.hours_per_day = u32::try_from(hours)
        .ok()
        .filter(|&h| (1..=1000).contains(&h))
        .ok_or_else(|| {
            err(
                format!("{path}.hours"),
                "must be a whole number of hours from 1 to 1000",
            )
        })?;
    def.minutes_per_hour = u32::try_from(minutes)
        .ok()
        .filter(|&m| (1..=1000).contains(&m))
        .ok_or_else(|| {
            err(
                format!("{path}.minutes"),
                "must be a whole number of minutes from 1 to 1000",
            )
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DateTimeSpec;

    /// A calendar object with `static` built from `fields` (JSON text).
    fn doc(fields: &str) -> String {
        format!("{{\"name\": \"T\", \"static\": {{{fields}}}}}")
    }

    const MONTHS: &str = "\"months\": [{\"name\": \"A\", \"type\": \"month\", \"length\": 10}, {\"name\": \"F\", \"type\": \"intercalary\", \"length\": 1}, {\"name\": \"B\", \"type\": \"month\", \"length\": 10}], \"weekdays\": [{\"name\": \"1\"}, {\"name\": \"2\"}, {\"name\": \"3\"}, {\"name\": \"4\"}, {\"name\": \"5\"}, {\"name\": \"6\"}, {\"name\": \"7\"}]";

    fn refused(fields: &str) -> ImportError {
        match read(&doc(fields), None) {
            Ok(c) => panic!("{fields} was read as {c:?}"),
            Err(e) => e,
        }
    }

    fn weekday(c: &Calendar, year: i64, month: u32, day: u32) -> Option<usize> {
        let d = DateTimeSpec::written(year, Some(month), Some(day), None, None).unwrap();
        let (t, _) = c.bounds(&d).unwrap();
        c.weekday_index(t)
    }

    #[test]
    fn malformed_calendars_are_refused_by_field_never_a_panic() {
        for (fields, field) in [
            ("\"months\": [], \"weekdays\": [{\"name\": \"D\"}]", ""),
            ("\"months\": {}, \"weekdays\": [{\"name\": \"D\"}]", "static.months"),
            (&format!("{MONTHS}, \"firstWeekDay\": 7"), "static.firstWeekDay"),
            (&format!("{MONTHS}, \"firstWeekDay\": -1"), "static.firstWeekDay"),
            ("\"months\": [{\"name\": \"A\", \"length\": -1}], \"weekdays\": [{\"name\": \"D\"}]", "static.months[0].length"),
            ("\"months\": [{\"name\": \"A\", \"length\": 1e20}], \"weekdays\": [{\"name\": \"D\"}]", "static.months[0].length"),
            ("\"months\": [{\"name\": \"A\", \"length\": 3, \"type\": \"week\"}], \"weekdays\": [{\"name\": \"D\"}]", "static.months[0].type"),
            (&format!("{MONTHS}, \"leapDays\": [{{\"timespan\": 0, \"interval\": []}}]"), "static.leapDays[0].interval"),
            (&format!("{MONTHS}, \"leapDays\": [{{\"timespan\": 0, \"interval\": [{{\"interval\": 0}}]}}]"), "static.leapDays[0].interval[0].interval"),
            (&format!("{MONTHS}, \"leapDays\": [{{\"timespan\": -1, \"interval\": [{{\"interval\": 4}}]}}]"), "static.leapDays[0].timespan"),
            (&format!("{MONTHS}, \"leapDays\": [{{\"timespan\": 0, \"interval\": [{{\"interval\": 99991}}, {{\"interval\": 99989}}]}}]"), ""),
            (&format!("{MONTHS}, \"eras\": [{{\"name\": \"E\", \"start\": {{\"year\": 1, \"month\": 9, \"day\": 1}}}}]"), "static.eras[0].start.month"),
            (&format!("{MONTHS}, \"moons\": [{{\"name\": \"M\", \"cycle\": 0}}]"), "static.moons[0].cycle"),
            (&format!("{MONTHS}, \"clock\": {{\"hours\": 0}}"), "static.clock.hours"),
            (&format!("{MONTHS}, \"foo\": 1"), "static.foo"),
        ] {
            let e = refused(fields);
            assert_eq!(e.field, field, "{fields}: {e}");
            assert!(!e.reason.is_empty());
        }
        for text in [
            "",
            "3",
            "[]",
            "{\"static\": []}",
            "[{\"name\": \"T\"}]",
            "{\"calendars\": [1, 2]}",
        ] {
            assert!(read(text, None).is_err(), "{text}");
        }
    }

    #[test]
    fn short_names_come_from_short_or_the_subtitle() {
        let c = read(
            &doc("\"months\": [{\"name\": \"Hammer (Deepwinter)\", \"length\": 30}, {\"name\": \"Alturiak (Claw)\", \"short\": \"Alt\", \"length\": 30}, {\"name\": \"Ches\", \"length\": 30}], \"weekdays\": [{\"name\": \"D\"}]"),
            None,
        )
        .unwrap();
        let shorts: Vec<Option<&str>> = c.periods().iter().map(|p| p.short.as_deref()).collect();
        assert_eq!(shorts, [Some("Hammer"), Some("Alt"), None]);
        assert_eq!(c.period_named("hammer"), Some(1));
        assert_eq!(c.period_named("Hammer (Deepwinter)"), Some(1));
        assert_eq!(c.period_named("alt"), Some(2));
        assert_eq!(c.period_named("Alturiak"), None);
    }

    #[test]
    fn an_era_from_day_0_starts_with_its_month() {
        let c = read(
            &doc(&format!("{MONTHS}, \"eras\": [{{\"name\": \"E\", \"start\": {{\"year\": -9, \"month\": 0, \"day\": 0}}}}]")),
            None,
        )
        .unwrap();
        assert_eq!(c.eras()[0].start, Some((-9, 1, 1)));
    }

    #[test]
    fn a_leap_day_in_a_festival_moves_the_week_unless_it_is_intercalary() {
        // A: 10 days, F: a festival day outside the week, B: 10 days; a leap
        // day every year added to F. In the week it counts for B; outside
        // it, it does not. The festival's days themselves have no weekday.
        let with = |intercalary: bool| {
            read(
                &doc(&format!("{MONTHS}, \"overflow\": true, \"leapDays\": [{{\"name\": \"L\", \"timespan\": 1, \"intercalary\": {intercalary}, \"interval\": [{{\"interval\": 1}}]}}]")),
                None,
            )
            .unwrap()
        };
        let counted = with(false);
        assert_eq!(weekday(&counted, 1, 1, 1), Some(0));
        assert_eq!(weekday(&counted, 1, 3, 1), Some(11 % 7));
        assert_eq!(weekday(&counted, 2, 1, 1), Some(21 % 7));
        assert_eq!(weekday(&counted, 1, 2, 1), None);
        assert_eq!(weekday(&counted, 1, 2, 2), None);
        let apart = with(true);
        assert_eq!(weekday(&apart, 1, 3, 1), Some(10 % 7));
        assert_eq!(weekday(&apart, 2, 1, 1), Some(20 % 7));
    }
}
