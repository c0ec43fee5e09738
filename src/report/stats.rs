//! The measures of [`crate::engine::stats`] for people and as JSON
//! (`chronotope stats`).

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::stats::{Direction, Measure, Stats, TimeUse};
use crate::model::Story;
use crate::present::{clean, rough_duration_in};
use crate::report::{Align, Table};
use crate::text::plural;
use crate::time::{timecode, Calendar};

/// The JSON document of `stats --format json`: the story's title, then
/// every field of [`Stats`].
#[derive(Serialize)]
struct StatsView<'a> {
    story: &'a str,
    #[serde(flatten)]
    stats: &'a Stats,
}

/// `stats --format json`.
pub fn json(story: &Story, stats: &Stats) -> String {
    crate::report::written(|out| write_json(story, stats, out))
}

/// [`json`] written to `out` as it is serialised (the moves list has a
/// row per scene).
pub fn write_json(
    story: &Story,
    stats: &Stats,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    crate::text::write_pretty_json(
        out,
        &StatsView {
            story: &story.title,
            stats,
        },
    )
}

/// `stats` as a report for people.
pub fn text(story: &Story, stats: &Stats) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}, {} placed in story order",
        clean(&story.title),
        plural(stats.scenes, "scene", "scenes"),
        stats.placed
    );

    let calendar = &story.calendar;
    order_section(&mut out, stats);
    moves_section(&mut out, stats);
    anachronies_section(&mut out, stats, calendar);
    time_section(&mut out, stats, calendar);
    if let Some(works) = &stats.works {
        out.push_str(&crate::report::works::stats_section(works, calendar));
    }
    out
}

/// How far the telling is from story order: inversions, Kendall tau, the
/// nonlinearity index and the longest chronological run.
fn order_section(out: &mut String, stats: &Stats) {
    out.push_str("\nOrder of telling against story order\n");
    let run = match &stats.longest_run {
        Some(r) if r.length == 1 => format!("1 scene ({})", clean(&r.first)),
        Some(r) => format!(
            "{} scenes ({} .. {})",
            r.length,
            clean(&r.first),
            clean(&r.last)
        ),
        None => "none".to_string(),
    };
    let measures = [
        (
            "inversions",
            format!(
                "{} of {}",
                stats.inversions,
                plural(stats.pairs as usize, "pair", "pairs")
            ),
        ),
        ("Kendall tau", format!("{:.3}", stats.kendall_tau)),
        (
            "nonlinearity index",
            format!(
                "{:.3} (footrule {} / {})",
                stats.nonlinearity_index,
                stats.footrule,
                plural(stats.pairs as usize, "pair", "pairs")
            ),
        ),
        ("longest chronological run", run),
    ];
    out.push_str(&key_values(&measures));
}

/// Each scene's move against the first narrative, counted.
fn moves_section(out: &mut String, stats: &Stats) {
    let c = &stats.counts;
    out.push_str("\nMoves against the first narrative\n");
    let moves = [
        ("opens", c.opens.to_string()),
        ("continues", c.continues.to_string()),
        ("returns", c.returns.to_string()),
        (
            "analepses (back)",
            format!(
                "{} in {}{}",
                c.analepses,
                plural(c.analepsis_groups, "anachrony", "anachronies"),
                match c.repeating_analepses {
                    0 => String::new(),
                    r => format!(" ({r} repeating)"),
                }
            ),
        ),
        (
            "prolepses (ahead)",
            format!(
                "{} in {}",
                c.prolepses,
                plural(c.prolepsis_groups, "anachrony", "anachronies")
            ),
        ),
    ];
    out.push_str(&key_values(&moves));
}

/// One row per anachrony, when there is one.
fn anachronies_section(out: &mut String, stats: &Stats, calendar: &Calendar) {
    if !stats.anachronies.is_empty() {
        out.push_str("\nAnachronies\n");
        let mut table = Table::new(&[
            ("#", Align::Right),
            ("kind", Align::Left),
            ("scenes", Align::Left),
            ("from", Align::Left),
            ("reach", Align::Right),
            ("extent", Align::Right),
        ]);
        for (i, a) in stats.anachronies.iter().enumerate() {
            let kind = match (a.direction, a.repeating) {
                (Direction::Prolepsis, _) => "prolepsis".to_string(),
                (Direction::Analepsis, 0) => "analepsis".to_string(),
                (Direction::Analepsis, r) if r == a.scenes => "repeating analepsis".to_string(),
                (Direction::Analepsis, r) => format!("analepsis ({r} repeating)"),
            };
            let scenes = if a.scenes == 1 {
                clean(&a.first).into_owned()
            } else {
                format!("{} .. {} ({})", clean(&a.first), clean(&a.last), a.scenes)
            };
            table.row(vec![
                (i + 1).to_string(),
                kind,
                scenes,
                clean(&a.from).into_owned(),
                measure(a.reach, calendar),
                measure(a.extent, calendar),
            ]);
        }
        out.push_str(&table.render(2));
    }
}

/// Screen time against story time, per era and for the whole story.
fn time_section(out: &mut String, stats: &Stats, calendar: &Calendar) {
    out.push_str("\nScreen time and story time\n");
    let mut table = Table::new(&[
        ("era", Align::Left),
        ("scenes", Align::Right),
        ("screen", Align::Right),
        ("share", Align::Right),
        ("story span", Align::Right),
        ("story covered", Align::Right),
    ]);
    let time_row = |name: String, t: &TimeUse| {
        vec![
            name,
            t.scenes.to_string(),
            timecode(t.screen_ms),
            t.screen_share
                .map(|s| format!("{:.0}%", s * 100.0))
                .unwrap_or_default(),
            t.story_span
                .map(|s| rough_duration_in(calendar, s, 2))
                .unwrap_or_default(),
            t.story_covered
                .map(|s| rough_duration_in(calendar, s, 2))
                .unwrap_or_default(),
        ]
    };
    for e in &stats.eras {
        let name = match &e.era {
            Some(name) => clean(name).into_owned(),
            None => "(no era)".to_string(),
        };
        table.row(time_row(name, &e.time));
    }
    table.row(time_row("all".to_string(), &stats.time));
    out.push_str(&table.render(2));
    if stats.time.screen_unknown > 0 {
        let _ = writeln!(
            out,
            "  ({} without a screen length)",
            plural(stats.time.screen_unknown, "scene", "scenes")
        );
    }
}

/// `label  value` lines with the values aligned.
fn key_values(rows: &[(&str, String)]) -> String {
    let mut table = Table::new(&[("", Align::Left), ("", Align::Left)]).without_header();
    for (k, v) in rows {
        table.row(vec![k.to_string(), v.clone()]);
    }
    table.render(2)
}

/// A reach or extent for reading: a length in the story's calendar, or a
/// count of scenes.
fn measure(m: Measure, calendar: &Calendar) -> String {
    match m {
        Measure::Seconds(s) => rough_duration_in(calendar, s, 2),
        Measure::Scenes(n) => plural(n as usize, "scene", "scenes"),
    }
}
