//! The values other tools write in front matter, read into chronotope's
//! own: dates with `2:30pm` times, durations like `45 seconds` or `3days`,
//! `[[wikilinks]]` and ids made from note names.

use crate::syntax::literal;
use crate::time::{DateTimeSpec, Duration, Unit};

/// An id from a note name: letters and digits kept (ASCII ones lowercased),
/// every other run a single `-`, a leading number with its separator
/// dropped (`01 Opening` → `opening`), so a stem and a `[[link]]` to it
/// give the same id. Never longer, in bytes, than `name`; `scene` when
/// nothing is left.
pub fn note_id(name: &str) -> String {
    let base = without_number(name);
    let mut out = String::with_capacity(base.len());
    for word in base.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    if out.is_empty() || !out.starts_with(|c: char| c.is_alphabetic()) {
        // Ids start with a letter; a name of digits alone keeps them.
        out.insert(0, 's');
    }
    // A keyword (`before`, `after` …) cannot be an id: `before-1`, as the
    // scene format's own help suggests. At most three bytes were added, and
    // a link is four longer than its name.
    if crate::syntax::reserved::reserved(&out).is_some() {
        out.push_str("-1");
    }
    out
}

/// A note name without its leading number and the separator after it
/// (`01 Opening` → `Opening`), unless nothing else is left.
pub fn without_number(name: &str) -> &str {
    let trimmed = name.trim();
    let rest = trimmed
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    if rest.is_empty() || rest.len() == trimmed.len() {
        trimmed
    } else {
        rest
    }
}

/// A `[[Target|Alias]]` or `[[Target#Heading]]` link inside `text`: the
/// byte range of the whole link and the target's name.
pub fn wikilinks(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("[[").map(|i| from + i) {
        let Some(close) = text[open + 2..].find("]]").map(|i| open + 2 + i) else {
            break;
        };
        let inner = &text[open + 2..close];
        let target = inner.split(['|', '#']).next().unwrap_or("").trim();
        out.push((open..close + 2, target));
        from = close + 2;
    }
    out
}

/// A character's name from a front matter value: the target of a
/// wikilink, else the text, trimmed.
pub fn person(text: &str) -> &str {
    match wikilinks(text).first() {
        Some((_, target)) => target,
        None => text.trim(),
    }
}

/// Read a date with an optional time: `2024-03-01`, `2024-03-01 14:00`,
/// `2024-03-01 2:30pm`, `2024-03-01T14:00`; `time` is a separate time
/// (StoryLine's `storyTime`).
pub fn date_time(text: &str, time: Option<&str>) -> Result<DateTimeSpec, String> {
    let text = text.trim();
    let (date, inline_time) = match text.find([' ', 'T', 't']) {
        Some(i) => (&text[..i], Some(text[i + 1..].trim())),
        None => (text, None),
    };
    match inline_time
        .or(time.map(str::trim))
        .filter(|t| !t.is_empty())
    {
        Some(t) => literal::date(&format!("{date}T{}", clock(t)?)).map_err(|e| e.to_string()),
        None => literal::date(date).map_err(|e| e.to_string()),
    }
}

/// `2:30pm` → `14:30`, `12am` → `00:00`, `14:00` as is.
fn clock(text: &str) -> Result<String, String> {
    let lower = text.to_ascii_lowercase();
    let (digits, pm) = if let Some(t) = lower.strip_suffix("pm") {
        (t.trim(), Some(true))
    } else if let Some(t) = lower.strip_suffix("am") {
        (t.trim(), Some(false))
    } else {
        (lower.as_str(), None)
    };
    let Some(pm) = pm else {
        return Ok(digits.to_string());
    };
    let (h, m) = digits.split_once(':').unwrap_or((digits, "00"));
    let hour: u32 = h
        .parse()
        .ok()
        .filter(|h| (1..=12).contains(h))
        .ok_or_else(|| format!("expected a time like `2:30pm`, not `{text}`"))?;
    let hour = (hour % 12) + if pm { 12 } else { 0 };
    Ok(format!("{hour:02}:{m}"))
}

/// Read `45 seconds`, `45s`, `45sec`, `2 hours`, `3days`, `1 hour 30 minutes`.
pub fn duration(text: &str) -> Result<Duration, String> {
    let bad = || {
        format!(
            "expected a duration like `45 seconds`, `2 hours` or `3d`, not `{}`",
            text.trim()
        )
    };
    let mut parts = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let n: u64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = rest[digits..].trim_start();
        let word_len = rest.len() - rest.trim_start_matches(|c: char| c.is_alphabetic()).len();
        let unit = unit(&rest[..word_len].to_ascii_lowercase()).ok_or_else(bad)?;
        parts.push((n, unit));
        rest = rest[word_len..].trim_start_matches([' ', ',']);
        rest = rest.strip_prefix("and ").unwrap_or(rest);
    }
    if parts.is_empty() {
        return Err(bad());
    }
    Duration::from_parts(&parts).map_err(|_| "this duration is too long".to_string())
}

fn unit(word: &str) -> Option<Unit> {
    let suffix = match word {
        "s" | "sec" | "secs" | "second" | "seconds" => "s",
        "m" | "min" | "mins" | "minute" | "minutes" => "m",
        "h" | "hr" | "hrs" | "hour" | "hours" => "h",
        "d" | "day" | "days" => "d",
        "w" | "wk" | "wks" | "week" | "weeks" => "w",
        "mo" | "month" | "months" => "mo",
        "y" | "yr" | "yrs" | "year" | "years" => "y",
        _ => return None,
    };
    Unit::parse(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn note_ids() {
        assert_eq!(note_id("01 Opening"), "opening");
        assert_eq!(note_id("Summer of 99"), "summer-of-99");
        assert_eq!(note_id("1999"), "s1999");
        assert_eq!(note_id("Café Scene"), "café-scene");
        assert_eq!(note_id("Before"), "before-1");
        assert_eq!(note_id("02 During"), "during-1");
        for name in [
            "01 Opening",
            "Summer of 99",
            "1999",
            "Ünï",
            "7",
            "-",
            "after",
        ] {
            assert!(note_id(name).len() <= name.len() + 4, "{name}");
        }
    }

    #[test]
    fn links_and_people() {
        assert_eq!(person("[[Ada|Ada L.]]"), "Ada");
        assert_eq!(person(" Ben "), "Ben");
        let links = wikilinks("after [[Summer of 99]] by 1d");
        assert_eq!(links, vec![(6..22, "Summer of 99")]);
        assert!(wikilinks("[[open").is_empty());
    }

    #[test]
    fn dates_and_times() {
        let d = date_time("2024-03-01 2:30pm", None).unwrap();
        assert_eq!(d.hour_minute, Some((14, 30)));
        assert_eq!(
            date_time("2024-03-01 12:05am", None).unwrap().hour_minute,
            Some((0, 5))
        );
        assert_eq!(
            date_time("2024-03-01 12pm", None).unwrap().hour_minute,
            Some((12, 0))
        );
        assert_eq!(
            date_time("2024-03-01", Some("14:00")).unwrap().hour_minute,
            Some((14, 0))
        );
        assert_eq!(date_time("2024-03-01", None).unwrap().hour_minute, None);
        assert!(date_time("next Tuesday", None).is_err());
        // Whether the day exists is the story's calendar's question, asked
        // when the story is resolved.
        assert!(date_time("2024-02-30", None).is_ok());
        assert!(date_time("2024-2-30x", None).is_err());
        assert!(date_time("2024-03-01 13pm", None).is_err());
    }

    #[test]
    fn durations() {
        let secs = |t: &str| duration(t).unwrap().bounds().unwrap().0;
        assert_eq!(secs("45 seconds"), 45);
        assert_eq!(secs("45s"), 45);
        assert_eq!(secs("45sec"), 45);
        assert_eq!(secs("2 hours"), 7200);
        assert_eq!(secs("3days"), 3 * 86400);
        assert_eq!(secs("1 hour 30 minutes"), 5400);
        assert!(duration("soon").is_err());
        assert!(duration("").is_err());
        assert!(duration("5 fortnights").is_err());
    }
}
