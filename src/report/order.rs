//! The chronology as a table (`chronotope order`).
//!
//! [`text`] prints the placed scenes in chronological order, with where each
//! sits in story-time and the jump the telling makes to reach it; [`json`]
//! and [`csv`] give the same rows as data. Columns, symbols and shapes are
//! documented in `docs/ordering.md`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::ages;
use crate::engine::stats::same_frame;
use crate::engine::{Chronology, Placement};
use crate::model::{Mode, SceneId, Story};
use crate::present::{clean, rough_duration_in, when_on};
use crate::report::{Align, Table};
use crate::text::escape::csv_cell;
use crate::text::plural;
use crate::time::{timecode, Calendar, Seconds};

/// The jump symbol for a scene told chronologically before the previous one.
pub const BACK: char = '↶';
/// The jump symbol for the very next scene of the chronology.
pub const NEXT: char = '→';
/// The jump symbol for a scene further ahead, past scenes in between.
pub const AHEAD: char = '↷';

/// The whole order as data: the JSON document of `order --format json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderView {
    /// The story's title.
    pub story: String,
    /// Placed scenes in chronological order.
    pub scenes: Vec<OrderRow>,
    /// Unplaced scenes in telling order (`chrono` is `null`).
    pub unplaced: Vec<OrderRow>,
    /// The works of a series in chronological order (empty without works).
    pub works: Vec<crate::report::works::WorkRow>,
}

/// One scene of the order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrderRow {
    /// Scene id.
    pub id: String,
    /// Scene title.
    pub title: String,
    /// 1-based position in the telling.
    pub telling: usize,
    /// 1-based position in the chronology (`None` when unplaced).
    pub chrono: Option<usize>,
    /// Earliest start, ISO 8601 (`None` when unbounded or floating).
    pub earliest_start: Option<String>,
    /// Latest start.
    pub latest_start: Option<String>,
    /// Earliest end.
    pub earliest_end: Option<String>,
    /// Latest end.
    pub latest_end: Option<String>,
    /// Screen start as `HH:MM:SS[.mmm]`.
    pub screen_start: Option<String>,
    /// Screen end.
    pub screen_end: Option<String>,
    /// The era the scene lies in for certain.
    pub era: Option<String>,
    /// Story day (1-based).
    pub story_day: Option<u32>,
    /// The story day as a set labels it: `"1"` in the main narrative, `"X1"`
    /// (or an era's prefix) outside it (`docs/production.md`).
    pub day_label: Option<String>,
    /// The weekday of the scene's start, in the story's calendar, when the
    /// day is certain (and the calendar gives that day a weekday).
    pub weekday: Option<String>,
    /// The scene this one repeats.
    pub repeats: Option<String>,
    /// For a scene with no absolute date in reach: bounds relative to an
    /// anchor scene's start.
    pub relative: Option<RelativeRow>,
    /// The id of the work the scene belongs to (`None` without works);
    /// last, so the columns before it keep their places.
    pub work: Option<String>,
    /// The threads it belongs to, by name.
    pub threads: Vec<String>,
    /// Who is in it, with their ages.
    pub cast: Vec<CastRow>,
}

/// One character of a scene's cast: their age there from `born` (each end
/// `null` where the dates leave it unknown; equal ends are an exact age)
/// and the scene's mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CastRow {
    /// The character's declared name.
    pub name: String,
    /// The least age the dates allow.
    pub age_min: Option<i64>,
    /// The greatest.
    pub age_max: Option<i64>,
    /// `memory`, `dream` or `imagined` when the scene is not reality.
    pub mode: Option<Mode>,
}

/// Bounds of a floating scene relative to its anchor's start, in seconds
/// (negative = before the anchor starts; `None` = unbounded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RelativeRow {
    /// The anchor scene's id.
    pub anchor: String,
    /// Earliest start offset, seconds.
    pub earliest_start: Option<Seconds>,
    /// Latest start offset.
    pub latest_start: Option<Seconds>,
    /// Earliest end offset.
    pub earliest_end: Option<Seconds>,
    /// Latest end offset.
    pub latest_end: Option<Seconds>,
}

/// Build the rows of the order.
pub fn view(story: &Story, chronology: &Chronology) -> OrderView {
    let row = |id: SceneId| row(story, chronology, id);
    OrderView {
        story: story.title.clone(),
        scenes: chronology.order.iter().map(|&id| row(id)).collect(),
        unplaced: chronology.unplaced.iter().map(|&id| row(id)).collect(),
        works: crate::report::works::rows(story, chronology),
    }
}

fn row(story: &Story, chronology: &Chronology, id: SceneId) -> OrderRow {
    let scene = story.scene(id);
    let p = chronology.placements.get(id.index());
    let abs = |f: fn(&Placement) -> Option<Seconds>| p.and_then(f).map(|t| story.calendar.iso(t));
    OrderRow {
        id: story.scene_name(id).to_string(),
        title: scene.title.to_string(),
        telling: id.index() + 1,
        chrono: p.and_then(|p| p.chrono).map(|c| c + 1),
        earliest_start: abs(|p| p.start.earliest),
        latest_start: abs(|p| p.start.latest),
        earliest_end: abs(|p| p.end.earliest),
        latest_end: abs(|p| p.end.latest),
        screen_start: scene.screen.map(|s| timecode(s.start)),
        screen_end: scene.screen.and_then(|s| s.end).map(timecode),
        era: p
            .and_then(|p| p.era)
            .and_then(|e| story.eras.get_index(e.0 as usize))
            .map(|(name, _)| name.clone()),
        story_day: p.and_then(|p| p.story_day),
        day_label: p.and_then(|p| p.day_label.clone()),
        weekday: p
            .and_then(|p| crate::present::weekday(story, p))
            .map(str::to_string),
        repeats: scene.repeats.map(|r| story.scene_name(r).to_string()),
        relative: p.and_then(|p| p.relative.as_deref()).map(|r| RelativeRow {
            anchor: story.scene_name(r.anchor).to_string(),
            earliest_start: r.start.earliest,
            latest_start: r.start.latest,
            earliest_end: r.end.earliest,
            latest_end: r.end.latest,
        }),
        work: story.work_of(id).map(|w| story.work(w).id.clone()),
        threads: scene
            .threads
            .iter()
            .map(|&t| story.thread(t).name.clone())
            .collect(),
        cast: scene
            .cast
            .iter()
            .map(|m| {
                let age = ages::in_scene(story, chronology, id, m.character).unwrap_or_default();
                CastRow {
                    name: story.character(m.character).name.clone(),
                    age_min: age.min,
                    age_max: age.max,
                    mode: scene.mode,
                }
            })
            .collect(),
    }
}

/// `order --format json`.
pub fn json(story: &Story, chronology: &Chronology) -> String {
    crate::text::pretty_json(&view(story, chronology))
}

/// Column names of [`csv`], in order.
pub const CSV_COLUMNS: [&str; 21] = [
    "id",
    "title",
    "telling",
    "chrono",
    "earliest_start",
    "latest_start",
    "earliest_end",
    "latest_end",
    "screen_start",
    "screen_end",
    "era",
    "story_day",
    "day_label",
    "weekday",
    "repeats",
    "relative_anchor",
    "relative_earliest_start",
    "relative_latest_start",
    "relative_earliest_end",
    "relative_latest_end",
    "work",
];

/// `order --format csv`: a header line, then the rows of the JSON `scenes`
/// and `unplaced` lists in that order; `null` is an empty field.
pub fn csv(story: &Story, chronology: &Chronology) -> String {
    let view = view(story, chronology);
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let num = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for r in view.scenes.iter().chain(&view.unplaced) {
        let rel = r.relative.as_ref();
        let fields = [
            r.id.clone(),
            r.title.clone(),
            r.telling.to_string(),
            r.chrono.map(|c| c.to_string()).unwrap_or_default(),
            opt(&r.earliest_start),
            opt(&r.latest_start),
            opt(&r.earliest_end),
            opt(&r.latest_end),
            opt(&r.screen_start),
            opt(&r.screen_end),
            opt(&r.era),
            r.story_day.map(|d| d.to_string()).unwrap_or_default(),
            opt(&r.day_label),
            opt(&r.weekday),
            opt(&r.repeats),
            rel.map(|r| r.anchor.clone()).unwrap_or_default(),
            num(rel.and_then(|r| r.earliest_start)),
            num(rel.and_then(|r| r.latest_start)),
            num(rel.and_then(|r| r.earliest_end)),
            num(rel.and_then(|r| r.latest_end)),
            opt(&r.work),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&csv_cell(f));
        }
        out.push('\n');
    }
    out
}

/// `order` as a table for people.
pub fn text(story: &Story, chronology: &Chronology) -> String {
    let placements = &chronology.placements;
    let jumps = jumps(&story.calendar, chronology);
    let mut columns = vec![
        ("#", Align::Right),
        ("id", Align::Left),
        ("title", Align::Left),
        ("story time", Align::Left),
        ("era", Align::Left),
        ("day", Align::Right),
        ("told", Align::Right),
        ("jump", Align::Left),
    ];
    // A series shows each scene's work; other stories keep their columns.
    let series = story.has_works();
    if series {
        columns.insert(3, ("work", Align::Left));
    }
    // Only a story with threads has the column.
    let threads = !story.threads.is_empty();
    if threads {
        columns.push(("threads", Align::Left));
    }
    let mut table = Table::new(&columns);
    let mut flagged = false;
    for (pos, &id) in chronology.order.iter().enumerate() {
        let p = &placements[id.index()];
        let mut number = (pos + 1).to_string();
        if p.in_contradiction {
            number.push('!');
            flagged = true;
        }
        let mut cells = vec![
            number,
            clean(story.scene_name(id)).into_owned(),
            clean(&story.scene(id).title).into_owned(),
            when_on(story, p),
            p.era
                .and_then(|e| story.eras.get_index(e.0 as usize))
                .map(|(name, _)| clean(name).into_owned())
                .unwrap_or_default(),
            p.day_label.clone().unwrap_or_default(),
            (id.index() + 1).to_string(),
            jumps[id.index()].clone().unwrap_or_default(),
        ];
        if series {
            let work = story.work_of(id).map(|w| story.work(w).title.as_str());
            cells.insert(3, clean(work.unwrap_or_default()).into_owned());
        }
        if threads {
            let names: Vec<String> = story
                .scene(id)
                .threads
                .iter()
                .map(|&t| clean(&story.thread(t).name).into_owned())
                .collect();
            cells.push(names.join(", "));
        }
        table.row(cells);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} of {} in story order",
        clean(&story.title),
        chronology.order.len(),
        plural(story.scenes.len(), "scene", "scenes")
    );
    out.push('\n');
    if chronology.order.is_empty() {
        out.push_str("  no scene is placed: none has story-time tags\n");
    } else {
        out.push_str(&table.render(2));
        let _ = writeln!(
            out,
            "\n  jump: from the scene told before; {BACK} back, {NEXT} to the next scene, {AHEAD} further ahead"
        );
    }
    if flagged {
        out.push_str("  !: part of a contradiction; its bounds are not reliable\n");
    }
    if !chronology.unplaced.is_empty() {
        let _ = writeln!(out, "\n  not placed (no story-time tags):");
        let mut rest = Table::new(&[
            ("told", Align::Right),
            ("id", Align::Left),
            ("title", Align::Left),
        ]);
        for &id in &chronology.unplaced {
            rest.row(vec![
                (id.index() + 1).to_string(),
                clean(story.scene_name(id)).into_owned(),
                clean(&story.scene(id).title).into_owned(),
            ]);
        }
        out.push_str(&rest.render(4));
    }
    out
}

/// The jump cell of every placed scene (indexed by telling), measured from
/// the placed scene told just before it: the symbol gives the direction in
/// the chronology, the size is the difference of scheduled starts when both
/// scenes share a time frame, else the number of chronological positions.
pub(crate) fn jumps(calendar: &Calendar, chronology: &Chronology) -> Vec<Option<String>> {
    let placements = &chronology.placements;
    let mut out = vec![None; placements.len()];
    let mut previous: Option<&Placement> = None;
    for (i, p) in placements.iter().enumerate() {
        let Some(c) = p.chrono else { continue };
        if let Some(prev) = previous {
            let pc = prev.chrono.unwrap_or(0);
            let symbol = if c < pc {
                BACK
            } else if c == pc + 1 {
                NEXT
            } else {
                AHEAD
            };
            let size = if same_frame(p, prev) {
                rough_duration_in(
                    calendar,
                    (p.scheduled_start - prev.scheduled_start).abs(),
                    2,
                )
            } else {
                plural(c.abs_diff(pc), "scene", "scenes")
            };
            out[i] = Some(format!("{symbol} {size}"));
        }
        previous = Some(p);
    }
    out
}
