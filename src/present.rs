//! How story-time and scenes read to a person: the words shared by the
//! text views ([`crate::report`]), the drawings' tooltips
//! ([`crate::render`]) and the editor's hover ([`crate::lsp`]).
//!
//! It sits below all three, so each shows a date, a length of story-time or
//! a scene's place the same way, and none of them imports another for it.
//! Everything here is a pure function of the story and the engine's output.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::engine::{Chronology, Placement, RelativeBounds};
use crate::model::{SceneId, Story};
use crate::time::{self, timecode, Calendar, Precision, Seconds, MINUTE};

/// Replace control characters (C0, DEL and C1) so text is safe to print on a
/// terminal: a tab becomes a space, anything else U+FFFD.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// Units for [`rough_duration`], longest first, in `calendar`'s lengths:
/// its mean year, a year's share per month, its day and its hour.
fn rough_units(calendar: &Calendar) -> [(&'static str, f64); 6] {
    let day = calendar.day_seconds() as f64;
    let year = calendar.mean_year_days() * day;
    [
        ("y", year),
        ("mo", year / calendar.months_per_year() as f64),
        ("d", day),
        ("h", calendar.hour_seconds() as f64),
        ("m", MINUTE as f64),
        ("s", 1.0),
    ]
}

/// A length of story-time for reading on the Gregorian calendar
/// ([`rough_duration_in`]).
pub fn rough_duration(seconds: Seconds, parts: usize) -> String {
    rough_duration_in(&Calendar::gregorian(), seconds, parts)
}

/// A length of story-time for reading, rounded to at most `parts` units
/// (`6y`, `5y 7mo`, `3d 4h`). Years and months are the calendar's mean
/// lengths, days and hours its own (a 31-hour day is `1d`), so this is for
/// display only; JSON always carries exact seconds.
pub fn rough_duration_in(calendar: &Calendar, seconds: Seconds, parts: usize) -> String {
    if seconds == 0 {
        return "0s".to_string();
    }
    let units = rough_units(calendar);
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs() as f64;
    let first = units
        .iter()
        .position(|&(_, size)| s >= size)
        .unwrap_or(units.len() - 1);
    let last = (first + parts.max(1) - 1).min(units.len() - 1);
    // Round in the smallest unit shown, then split into the larger ones; a
    // carry (11.6mo → 12mo) then becomes the next unit up (1y).
    let mut counts = vec![0u64; last + 1];
    let mut rest = s;
    for (i, &(_, size)) in units.iter().enumerate().take(last + 1).skip(first) {
        let n = if i == last {
            (rest / size).round()
        } else {
            (rest / size).floor()
        };
        counts[i] = n as u64;
        rest -= n * size;
    }
    for i in (first.max(1)..=last).rev() {
        let (_, size) = units[i];
        let (_, bigger) = units[i - 1];
        if counts[i] as f64 * size >= bigger - 0.5 * size {
            counts[i] = 0;
            counts[i - 1] += 1;
        }
    }
    let shown: Vec<String> = (0..=last)
        .filter(|&i| counts[i] > 0)
        .map(|i| format!("{}{}", counts[i], units[i].0))
        .take(parts.max(1))
        .collect();
    format!("{sign}{}", shown.join(" "))
}

/// A length of story-time exactly, in Gregorian days, hours, minutes and
/// seconds ([`exact_duration_in`]).
pub fn exact_duration(seconds: Seconds) -> String {
    exact_duration_in(&Calendar::gregorian(), seconds)
}

/// A length of story-time exactly, in the calendar's days and hours,
/// minutes and seconds without spaces (`1d`, `181d`, `2h30m`, `-1d`), for
/// offsets in tables.
pub fn exact_duration_in(calendar: &Calendar, seconds: Seconds) -> String {
    if seconds == 0 {
        return "0s".to_string();
    }
    let mut out = String::new();
    if seconds < 0 {
        out.push('-');
    }
    let mut s = seconds.unsigned_abs();
    let units = [
        ("d", calendar.day_seconds()),
        ("h", calendar.hour_seconds()),
        ("m", MINUTE),
        ("s", 1),
    ];
    for (name, size) in units {
        let size = size as u64;
        if s >= size {
            let _ = write!(out, "{}{name}", s / size);
            s %= size;
        }
    }
    out
}

/// An inclusive range of story-time `lo..=hi` for reading, in `calendar`:
/// one date when it is exactly one second, day, month or year
/// (`2020-10-10`, `2014-05`, `Midwinter 1372 DR`), else `lo .. hi` with
/// `hi` at the precision it ends on (a range ending at the day's last
/// second prints that day, so `2014-11-17 .. 2015-05-18` includes all of 18
/// May). An open side is left blank (`2020-10-17 ..`), both open is `?`.
pub fn time_range(calendar: &Calendar, lo: Option<Seconds>, hi: Option<Seconds>) -> String {
    let mut out = String::new();
    push_time_range(&mut out, calendar, lo, hi);
    out
}

/// [`time_range`], appended to `out`.
pub fn push_time_range(
    out: &mut String,
    calendar: &Calendar,
    lo: Option<Seconds>,
    hi: Option<Seconds>,
) {
    match (lo, hi) {
        (Some(a), Some(b)) if a == b => calendar.push_human(out, a),
        (Some(a), Some(b)) => {
            if !push_whole_unit(out, calendar, a, b) {
                calendar.push_human(out, a);
                out.push_str(" .. ");
                push_human_end(out, calendar, b);
            }
        }
        (Some(a), None) => {
            calendar.push_human(out, a);
            out.push_str(" ..");
        }
        (None, Some(b)) => {
            out.push_str(".. ");
            push_human_end(out, calendar, b);
        }
        (None, None) => out.push('?'),
    }
}

/// `lo..=hi` as one calendar unit (minute, day, month, year), appended to
/// `out`, if it is one; false (and nothing written) if not.
fn push_whole_unit(out: &mut String, calendar: &Calendar, lo: Seconds, hi: Seconds) -> bool {
    let Some(end) = hi.checked_add(1) else {
        return false;
    };
    let (a, b) = (calendar.split(lo), calendar.split(end));
    let unit = whole_unit(calendar, &a, &b, hi - lo + 1);
    if let Some(precision) = unit {
        calendar.push_civil(out, &a, precision);
    }
    unit.is_some()
}

/// The unit `a..b` spans exactly (`b` the first second after it, `length`
/// its seconds), if it is one minute, day, month or year.
fn whole_unit(
    calendar: &Calendar,
    a: &time::Civil,
    b: &time::Civil,
    length: Seconds,
) -> Option<Precision> {
    if a.second != 0 || b.second != 0 {
        return None;
    }
    if length == MINUTE {
        return Some(Precision::Minute);
    }
    let midnight = |c: &time::Civil| c.hour == 0 && c.minute == 0;
    if !midnight(a) || !midnight(b) {
        return None;
    }
    if b.day_number == a.day_number + 1 {
        return Some(Precision::Day);
    }
    if a.day != 1 || b.day != 1 {
        return None;
    }
    let next_period = if usize::from(a.period) == calendar.periods().len() {
        (a.year + 1, 1)
    } else {
        (a.year, a.period + 1)
    };
    if (b.year, b.period) == next_period {
        return Some(Precision::Month);
    }
    if a.period == 1 && b.period == 1 && b.year == a.year + 1 {
        return Some(Precision::Year);
    }
    None
}

/// The last second of a range at the precision it ends on, appended to
/// `out`: the end of a day prints as that day, the end of a minute as that
/// minute.
fn push_human_end(out: &mut String, calendar: &Calendar, t: Seconds) {
    let next = calendar.split(t.saturating_add(1));
    if next.hour == 0 && next.minute == 0 && next.second == 0 {
        calendar.push_text(out, t, Precision::Day);
    } else if next.second == 0 {
        calendar.push_text(out, t, Precision::Minute);
    } else {
        calendar.push_human(out, t);
    }
}

/// The weekday a placed scene starts on, when its start is certain to the
/// day (the earliest and latest start fall on one day) and the day has a
/// weekday in the story's calendar (festival days outside the week have
/// none).
pub fn weekday<'s>(story: &'s Story, p: &Placement) -> Option<&'s str> {
    let (lo, hi) = (p.start.earliest?, p.start.latest?);
    let calendar = &story.calendar;
    let day = calendar.day_seconds();
    if !p.anchored || lo.div_euclid(day) != hi.div_euclid(day) {
        return None;
    }
    calendar.weekday(lo)
}

/// Where a scene sits in story-time, for the table: absolute start bounds,
/// else start offsets from the anchor (`ferry +1d..3d`).
pub fn when(story: &Story, p: &Placement) -> String {
    let mut out = String::new();
    push_when(&mut out, story, p);
    out
}

/// [`when`], appended to `out`.
pub fn push_when(out: &mut String, story: &Story, p: &Placement) {
    if p.anchored {
        return push_time_range(out, &story.calendar, p.start.earliest, p.start.latest);
    }
    match p.relative.as_deref() {
        Some(&RelativeBounds { anchor, start, .. }) => {
            out.push_str(&clean(story.scene_name(anchor)));
            out.push(' ');
            out.push_str(&offset_range(&story.calendar, start.earliest, start.latest));
        }
        None => out.push('?'),
    }
}

/// [`when`], with the weekday when the day is certain:
/// `2014-05-17 18:00 (Saturday)`.
pub fn when_on(story: &Story, p: &Placement) -> String {
    let mut out = String::new();
    push_when_on(&mut out, story, p);
    out
}

/// [`when_on`], appended to `out`.
pub fn push_when_on(out: &mut String, story: &Story, p: &Placement) {
    push_when(out, story, p);
    if let Some(w) = weekday(story, p) {
        out.push_str(" (");
        out.push_str(w);
        out.push(')');
    }
}

/// `+1d..3d`, `+0s`, `-2d..-1d`, `+1d..`, `..+3d`.
fn offset_range(calendar: &Calendar, lo: Option<Seconds>, hi: Option<Seconds>) -> String {
    let exact_duration = |s| exact_duration_in(calendar, s);
    let signed = |s: Seconds| {
        if s < 0 {
            exact_duration(s)
        } else {
            format!("+{}", exact_duration(s))
        }
    };
    match (lo, hi) {
        (Some(a), Some(b)) if a == b => signed(a),
        (Some(a), Some(b)) => format!("{}..{}", signed(a), exact_duration(b)),
        (Some(a), None) => format!("{}..", signed(a)),
        (None, Some(b)) => format!("..{}", signed(b)),
        (None, None) => "?".to_string(),
    }
}

/// The tooltip of a scene mark: id and title, story date or bounds, screen
/// timecodes, era, and what is special about it.
pub fn tooltip(story: &Story, chronology: &Chronology, id: SceneId) -> String {
    let mut out = String::new();
    push_tooltip(&mut out, story, chronology, id);
    out
}

/// [`tooltip`], appended to `out`: a drawing writes one per scene.
pub fn push_tooltip(t: &mut String, story: &Story, chronology: &Chronology, id: SceneId) {
    let scene = story.scene(id);
    t.push_str(story.scene_name(id));
    if !scene.title.is_empty() {
        t.push_str(" — ");
        t.push_str(&scene.title);
    }
    let p = chronology.placements.get(id.index());
    match p {
        Some(p) if p.chrono.is_some() => {
            t.push_str("\nstory: ");
            push_when_on(t, story, p);
            if p.anchored && (p.end.earliest != p.start.earliest || p.end.latest != p.start.latest)
            {
                t.push_str("; ends ");
                push_time_range(t, &story.calendar, p.end.earliest, p.end.latest);
            }
        }
        _ => t.push_str("\nstory: unplaced (no story-time tags)"),
    }
    if let Some(s) = scene.screen.as_deref() {
        t.push_str("\nscreen: ");
        t.push_str(&timecode(s.start));
        if let Some(e) = s.end {
            t.push_str(" – ");
            t.push_str(&timecode(e));
        }
    }
    if let Some(e) = p.and_then(|p| p.era) {
        t.push_str("\nera: ");
        t.push_str(&story.era(e).name);
    }
    if let Some(r) = scene.repeats {
        t.push_str("\nrepeats ");
        t.push_str(story.scene_name(r));
    }
    if p.is_some_and(|p| p.in_contradiction) {
        t.push_str("\nin a contradiction");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{DateTimeSpec, DAY, HOUR};

    fn at(y: i64, m: u32, d: u32, hm: Option<(u32, u32)>) -> Seconds {
        DateTimeSpec::new(y, Some(m), Some(d), hm, None)
            .unwrap()
            .first_second()
    }

    #[test]
    fn control_characters_are_replaced() {
        assert_eq!(clean("plain Kadıköy"), "plain Kadıköy");
        assert_eq!(clean("a\tb"), "a b");
        assert_eq!(clean("\u{1b}[31mred\u{7}"), "\u{FFFD}[31mred\u{FFFD}");
        assert_eq!(clean("c1\u{9b}x"), "c1\u{FFFD}x");
    }

    #[test]
    fn rough_durations_round_to_the_units_shown() {
        assert_eq!(rough_duration(0, 1), "0s");
        assert_eq!(rough_duration(3 * DAY, 1), "3d");
        assert_eq!(rough_duration(3 * DAY + 11 * HOUR, 1), "3d");
        assert_eq!(rough_duration(3 * DAY + 13 * HOUR, 1), "4d");
        assert_eq!(rough_duration(3 * DAY + 13 * HOUR, 2), "3d 13h");
        assert_eq!(rough_duration(-40 * MINUTE, 1), "-40m");
        // 2014-05-17 to 2020-10-03 is six years and a few months.
        let gap = at(2020, 10, 3, None) - at(2014, 5, 17, None);
        assert_eq!(rough_duration(gap, 1), "6y");
        assert_eq!(rough_duration(gap, 2), "6y 5mo");
        // 364 days rounds up to a year, not to "12mo".
        assert_eq!(rough_duration(364 * DAY, 1), "1y");
        assert_eq!(rough_duration(23 * HOUR + 50 * MINUTE, 1), "1d");
        assert_eq!(rough_duration(DAY + 10, 2), "1d");
    }

    #[test]
    fn exact_durations_keep_every_unit() {
        assert_eq!(exact_duration(181 * DAY + 40 * MINUTE), "181d40m");
        assert_eq!(exact_duration(-DAY), "-1d");
        assert_eq!(exact_duration(59), "59s");
    }

    #[test]
    fn ranges_print_at_their_precision() {
        let g = Calendar::gregorian();
        let day = at(2020, 10, 10, None);
        assert_eq!(time_range(&g, Some(day), Some(day + DAY - 1)), "2020-10-10");
        let may = at(2014, 5, 1, None);
        assert_eq!(
            time_range(&g, Some(may), Some(at(2014, 6, 1, None) - 1)),
            "2014-05"
        );
        let y = at(2014, 1, 1, None);
        assert_eq!(
            time_range(&g, Some(y), Some(at(2015, 1, 1, None) - 1)),
            "2014"
        );
        let six = at(2014, 5, 17, Some((18, 0)));
        assert_eq!(time_range(&g, Some(six), Some(six)), "2014-05-17 18:00");
        assert_eq!(
            time_range(&g, Some(six), Some(six + MINUTE - 1)),
            "2014-05-17 18:00"
        );
        assert_eq!(
            time_range(
                &g,
                Some(at(2014, 11, 17, None)),
                Some(at(2015, 5, 19, None) - 1)
            ),
            "2014-11-17 .. 2015-05-18"
        );
        assert_eq!(time_range(&g, Some(day), None), "2020-10-10 ..");
        assert_eq!(time_range(&g, None, Some(day - 1)), ".. 2020-10-09");
        // December's next month is the next year's January.
        let december = at(2014, 12, 1, None);
        assert_eq!(
            time_range(&g, Some(december), Some(at(2015, 1, 1, None) - 1)),
            "2014-12"
        );
        // Near misses of a whole unit print both ends: a stray second at
        // one end, a start at 00:30, an end at 06:00, a month and a half,
        // a quarter that starts in January.
        let next = day + DAY;
        assert_eq!(
            time_range(&g, Some(day), Some(next + 29)),
            "2020-10-10 .. 2020-10-11 00:00:29"
        );
        assert_eq!(
            time_range(&g, Some(day + 30 * MINUTE), Some(next + 30 * MINUTE - 1)),
            "2020-10-10 00:30 .. 2020-10-11 00:29"
        );
        assert_eq!(
            time_range(&g, Some(day), Some(next + 6 * HOUR - 1)),
            "2020-10-10 .. 2020-10-11 05:59"
        );
        assert_eq!(
            time_range(&g, Some(may), Some(at(2014, 6, 15, None) - 1)),
            "2014-05-01 .. 2014-06-14"
        );
        assert_eq!(
            time_range(&g, Some(y), Some(at(2014, 4, 1, None) - 1)),
            "2014-01-01 .. 2014-03-31"
        );
        assert_eq!(time_range(&g, None, None), "?");
    }

    #[test]
    fn ranges_before_year_one_read_bc() {
        let g = Calendar::gregorian();
        let ides = DateTimeSpec::new(-43, Some(3), Some(15), None, None).unwrap();
        let (lo, hi) = g.bounds(&ides).unwrap();
        assert_eq!(time_range(&g, Some(lo), Some(hi)), "15 March 44 BC");
        let year = DateTimeSpec::new(-43, None, None, None, None).unwrap();
        let (lo, hi) = g.bounds(&year).unwrap();
        assert_eq!(time_range(&g, Some(lo), Some(hi)), "44 BC");
        let march = DateTimeSpec::new(-43, Some(3), None, None, None).unwrap();
        let (lo, hi) = g.bounds(&march).unwrap();
        assert_eq!(time_range(&g, Some(lo), Some(hi)), "March 44 BC");
    }

    #[test]
    fn julian_ranges_read_in_julian() {
        let j = Calendar::julian();
        let ides = DateTimeSpec::new(-43, Some(3), Some(15), None, None).unwrap();
        let (lo, hi) = j.bounds(&ides).unwrap();
        assert_eq!(time_range(&j, Some(lo), Some(hi)), "15 March 44 BC");
        let g = Calendar::gregorian();
        assert_eq!(time_range(&g, Some(lo), Some(hi)), "13 March 44 BC");
    }
}
