//! The chronology as a table (`chronotope order`).
//!
//! [`text`] prints the placed scenes in chronological order, with where each
//! sits in story-time and the jump the telling makes to reach it; [`json`]
//! and [`csv`] give the same rows as data. Columns, symbols and shapes are
//! documented in `docs/ordering.md`.

use std::borrow::Cow;
use std::io::Write;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::engine::ages;
use crate::engine::stats::same_frame;
use crate::engine::{Chronology, Placement};
use crate::model::{Mode, SceneId, Story, ThreadId};
use crate::present::{clean, rough_duration_in, when_on};
use crate::report::{Align, Layout};
use crate::text::escape::csv_cell;
use crate::text::plural;
use crate::time::stamp::{Iso, Stamp, Timecode};
use crate::time::{Calendar, Seconds};

/// The jump symbol for a scene told chronologically before the previous one.
pub const BACK: char = '↶';
/// The jump symbol for the very next scene of the chronology.
pub const NEXT: char = '→';
/// The jump symbol for a scene further ahead, past scenes in between.
pub const AHEAD: char = '↷';

/// The whole order as data: the JSON document of `order --format json`.
///
/// Nothing is built ahead: serialising it makes one [`OrderRow`] at a
/// time and writes it, so the document is never held whole (a million
/// scenes print as they are made).
#[derive(Clone, Copy)]
pub struct OrderView<'a> {
    story: &'a Story,
    chronology: &'a Chronology,
}

impl<'a> Serialize for OrderView<'a> {
    /// `story`, `scenes` (placed, chronological), `unplaced` (in telling
    /// order, `chrono` null), `works` (a series' works in chronological
    /// order, empty without works).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (story, chronology) = (self.story, self.chronology);
        let rows = |ids: &'a [SceneId]| Rows {
            story,
            chronology,
            ids,
        };
        let mut s = serializer.serialize_struct("OrderView", 4)?;
        s.serialize_field("story", &story.title)?;
        s.serialize_field("scenes", &rows(&chronology.order))?;
        s.serialize_field("unplaced", &rows(&chronology.unplaced))?;
        s.serialize_field("works", &crate::report::works::rows(story, chronology))?;
        s.end()
    }
}

/// Scenes serialised as a list of [`OrderRow`]s, each made as it is written.
struct Rows<'a> {
    story: &'a Story,
    chronology: &'a Chronology,
    ids: &'a [SceneId],
}

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.ids
                .iter()
                .map(|&id| row(self.story, self.chronology, id)),
        )
    }
}

/// One scene of the order; its text is borrowed from the story.
#[derive(Clone, Copy, Serialize)]
pub struct OrderRow<'a> {
    /// Scene id.
    pub id: &'a str,
    /// Scene title.
    pub title: &'a str,
    /// 1-based position in the telling.
    pub telling: usize,
    /// 1-based position in the chronology (`None` when unplaced).
    pub chrono: Option<usize>,
    /// Earliest start, ISO 8601 (`None` when unbounded or floating).
    pub earliest_start: Option<Iso>,
    /// Latest start.
    pub latest_start: Option<Iso>,
    /// Earliest end.
    pub earliest_end: Option<Iso>,
    /// Latest end.
    pub latest_end: Option<Iso>,
    /// Screen start as `HH:MM:SS[.mmm]`.
    pub screen_start: Option<Timecode>,
    /// Screen end.
    pub screen_end: Option<Timecode>,
    /// The era the scene lies in for certain.
    pub era: Option<&'a str>,
    /// Story day (1-based).
    pub story_day: Option<u32>,
    /// The story day as a set labels it: `"1"` in the main narrative, `"X1"`
    /// (or an era's prefix) outside it (`docs/production.md`).
    pub day_label: Option<&'a str>,
    /// The weekday of the scene's start, in the story's calendar, when the
    /// day is certain (and the calendar gives that day a weekday).
    pub weekday: Option<&'a str>,
    /// The scene this one repeats.
    pub repeats: Option<&'a str>,
    /// For a scene with no absolute date in reach: bounds relative to an
    /// anchor scene's start.
    pub relative: Option<RelativeRow<'a>>,
    /// The id of the work the scene belongs to (`None` without works);
    /// last, so the columns before it keep their places.
    pub work: Option<&'a str>,
    /// The threads it belongs to, by name.
    pub threads: Threads<'a>,
    /// Who is in it, with their ages.
    pub cast: Cast<'a>,
}

/// The names of a scene's threads, serialised as a list.
#[derive(Clone, Copy)]
pub struct Threads<'a> {
    story: &'a Story,
    ids: &'a [ThreadId],
}

impl<'a> Threads<'a> {
    /// The names, in the scene's order.
    pub fn names(&self) -> impl Iterator<Item = &'a str> + 'a {
        let story = self.story;
        self.ids.iter().map(move |&t| story.thread(t).name.as_str())
    }
}

impl Serialize for Threads<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.names())
    }
}

/// A scene's cast, serialised as a list of [`CastRow`]s made as they are
/// written (each age is worked out then).
#[derive(Clone, Copy)]
pub struct Cast<'a> {
    story: &'a Story,
    chronology: &'a Chronology,
    scene: SceneId,
}

impl<'a> Cast<'a> {
    /// The cast in the scene's order.
    pub fn rows(&self) -> impl Iterator<Item = CastRow<'a>> + 'a {
        let (story, chronology, id) = (self.story, self.chronology, self.scene);
        let scene = story.scene(id);
        scene.cast.iter().map(move |m| {
            let age = ages::in_scene(story, chronology, id, m.character).unwrap_or_default();
            CastRow {
                name: &story.character(m.character).name,
                age_min: age.min,
                age_max: age.max,
                mode: scene.mode,
            }
        })
    }
}

impl Serialize for Cast<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.rows())
    }
}

/// One character of a scene's cast: their age there from `born` (each end
/// `null` where the dates leave it unknown; equal ends are an exact age)
/// and the scene's mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct CastRow<'a> {
    /// The character's declared name.
    pub name: &'a str,
    /// The least age the dates allow.
    pub age_min: Option<i64>,
    /// The greatest.
    pub age_max: Option<i64>,
    /// `memory`, `dream` or `imagined` when the scene is not reality.
    pub mode: Option<Mode>,
}

/// Bounds of a floating scene relative to its anchor's start, in seconds
/// (negative = before the anchor starts; `None` = unbounded).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RelativeRow<'a> {
    /// The anchor scene's id.
    pub anchor: &'a str,
    /// Earliest start offset, seconds.
    pub earliest_start: Option<Seconds>,
    /// Latest start offset.
    pub latest_start: Option<Seconds>,
    /// Earliest end offset.
    pub earliest_end: Option<Seconds>,
    /// Latest end offset.
    pub latest_end: Option<Seconds>,
}

/// The order as data, serialised row by row as it is written.
pub fn view<'a>(story: &'a Story, chronology: &'a Chronology) -> OrderView<'a> {
    OrderView { story, chronology }
}

/// The row of one scene.
pub fn row<'a>(story: &'a Story, chronology: &'a Chronology, id: SceneId) -> OrderRow<'a> {
    let scene = story.scene(id);
    let p = chronology.placements.get(id.index());
    let calendar = &story.calendar;
    let abs = |f: fn(&Placement) -> Option<Seconds>| p.and_then(f).map(|t| calendar.iso_display(t));
    OrderRow {
        id: story.scene_name(id),
        title: &scene.title,
        telling: id.index() + 1,
        chrono: p.and_then(|p| p.chrono).map(|c| c + 1),
        earliest_start: abs(|p| p.start.earliest),
        latest_start: abs(|p| p.start.latest),
        earliest_end: abs(|p| p.end.earliest),
        latest_end: abs(|p| p.end.latest),
        screen_start: scene.screen.as_deref().map(|s| Timecode(s.start)),
        screen_end: scene.screen.as_deref().and_then(|s| s.end).map(Timecode),
        era: p
            .and_then(|p| p.era)
            .and_then(|e| story.eras.get_index(e.0 as usize))
            .map(|(name, _)| name.as_str()),
        story_day: p.and_then(|p| p.story_day),
        day_label: p.and_then(|p| p.day_label.as_deref()),
        weekday: p.and_then(|p| crate::present::weekday(story, p)),
        repeats: scene.repeats.map(|r| story.scene_name(r)),
        relative: p.and_then(|p| p.relative.as_deref()).map(|r| RelativeRow {
            anchor: story.scene_name(r.anchor),
            earliest_start: r.start.earliest,
            latest_start: r.start.latest,
            earliest_end: r.end.earliest,
            latest_end: r.end.latest,
        }),
        work: story.work_of(id).map(|w| story.work(w).id.as_str()),
        threads: Threads {
            story,
            ids: &scene.threads,
        },
        cast: Cast {
            story,
            chronology,
            scene: id,
        },
    }
}

/// `order --format json`: [`write_json`] into a `String`.
pub fn json(story: &Story, chronology: &Chronology) -> String {
    crate::report::written(|out| write_json(story, chronology, out))
}

/// `order --format json` written to `out` row by row.
///
/// Each row is written by hand in serde_json's pretty layout (the
/// [`Serialize`] impls above say what the document is; a test holds the
/// two to the same bytes): on a million scenes the generic serialiser's
/// per-field calls were a fifth of the command. The `works` list, a few
/// rows, still goes through serde.
pub fn write_json(
    story: &Story,
    chronology: &Chronology,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // The few lines around the rows gather in `text`; the rows go to `out`
    // in chunks ([`write_json_rows`]).
    let mut text = String::new();
    text.push_str("{\n  \"story\": ");
    crate::text::push_json_string(&mut text, &story.title);
    text.push_str(",\n  \"scenes\": ");
    write_json_rows(story, chronology, &chronology.order, out, &mut text)?;
    text.push_str(",\n  \"unplaced\": ");
    write_json_rows(story, chronology, &chronology.unplaced, out, &mut text)?;
    text.push_str(",\n  \"works\": ");
    out.write_all(text.as_bytes())?;
    let works = crate::report::works::rows(story, chronology);
    crate::text::write_pretty_json_nested(out, &works, 1)?;
    out.write_all(b"\n}\n")?;
    out.flush()
}

/// The rows of `ids` as a JSON list one level deep: what `text` holds is
/// written to `out` first, then the rows, a chunk at a time (made on two
/// threads for a long list, [`crate::parallel::write_in_chunks`]); the
/// list's end is left in `text`.
fn write_json_rows(
    story: &Story,
    chronology: &Chronology,
    ids: &[SceneId],
    out: &mut dyn Write,
    text: &mut String,
) -> std::io::Result<()> {
    if ids.is_empty() {
        text.push_str("[]");
        return Ok(());
    }
    text.push('[');
    out.write_all(text.as_bytes())?;
    text.clear();
    crate::parallel::write_in_chunks(out, ids.len(), ROWS_PER_CHUNK, |range, chunk| {
        for i in range {
            push_break(chunk, i == 0, 2);
            json_row(chunk, &row(story, chronology, ids[i]));
        }
    })?;
    text.push_str("\n  ]");
    Ok(())
}

/// Rows made at a time by [`write_json_rows`], [`write_csv`] and the text
/// table ([`write_text`]): about
/// 64 KiB of JSON, so two threads each make a good run between handing
/// over, and a few such chunks are all the table that is ever in memory.
pub(super) const ROWS_PER_CHUNK: usize = 96;

/// A field's key as it follows the field before it: `,`, a newline, the
/// indentation of `depth` levels and `"name": `, made at compile time, so
/// that each field of a row is one copy, not five. The first field of an
/// object leaves out the comma. Only the depths rows have are needed.
macro_rules! key {
    (3, $name:literal) => {
        concat!(",\n      \"", $name, "\": ")
    };
    (4, $name:literal) => {
        concat!(",\n        \"", $name, "\": ")
    };
    (5, $name:literal) => {
        concat!(",\n          \"", $name, "\": ")
    };
}

/// The fields of one JSON object at `depth` levels, written in order:
/// each on its own line, separated by commas.
struct JsonFields<'l> {
    line: &'l mut String,
    depth: usize,
    first: bool,
}

impl<'l> JsonFields<'l> {
    /// Open an object whose `{` is already placed, its fields `depth`
    /// levels deep.
    fn new(line: &'l mut String, depth: usize) -> JsonFields<'l> {
        JsonFields {
            line,
            depth,
            first: true,
        }
    }

    /// A field's `key` (made by [`key!`] for this object's depth) on a new
    /// line, after a comma unless it is the first.
    ///
    /// Inlined, as are the field writers, so that the key's length is known
    /// where it is copied and the copy needs no call.
    #[inline(always)]
    fn key(&mut self, key: &'static str) -> &mut String {
        debug_assert!(
            key.len() > 2 * self.depth + 4 && key.as_bytes()[2 * self.depth + 2] == b'"',
            "`{key}` is not indented for depth {}",
            self.depth
        );
        if self.first {
            self.first = false;
            self.line.push_str(&key[1..]);
        } else {
            self.line.push_str(key);
        }
        self.line
    }

    #[inline(always)]
    fn str(&mut self, key: &'static str, value: Option<&str>) {
        let line = self.key(key);
        match value {
            Some(v) => crate::text::push_json_string(line, v),
            None => line.push_str("null"),
        }
    }

    #[inline(always)]
    fn stamp(&mut self, key: &'static str, value: Option<Stamp>) {
        let line = self.key(key);
        match value {
            // Digits and `-:T+.` only: nothing to escape.
            Some(v) => {
                line.push('"');
                line.push_str(v.as_str());
                line.push('"');
            }
            None => line.push_str("null"),
        }
    }

    #[inline(always)]
    fn int(&mut self, key: &'static str, value: Option<i64>) {
        let line = self.key(key);
        match value {
            Some(v) => line.push_str(Stamp::integer(v).as_str()),
            None => line.push_str("null"),
        }
    }

    /// A list of strings.
    fn strs<'s>(&mut self, key: &'static str, values: impl Iterator<Item = &'s str>) {
        let depth = self.depth;
        let line = self.key(key);
        let mut empty = true;
        for v in values {
            if empty {
                line.push('[');
            }
            push_break(line, empty, depth + 1);
            empty = false;
            crate::text::push_json_string(line, v);
        }
        close_list(line, empty, depth);
    }

    /// Close the object: its `}` on a line of its own one level out.
    fn close(self) {
        if self.first {
            self.line.push('}');
            return;
        }
        push_break(self.line, true, self.depth - 1);
        self.line.push('}');
    }
}

/// Two spaces a level.
fn push_indent(line: &mut String, depth: usize) {
    for _ in 0..depth {
        line.push_str("  ");
    }
}

/// A comma (unless `first`), a newline and `depth` levels of indentation,
/// as one slice for the depths rows have.
fn push_break(line: &mut String, first: bool, depth: usize) {
    const BREAK: &str = ",\n            ";
    let from = usize::from(first);
    match BREAK.get(from..2 + 2 * depth) {
        Some(slice) => line.push_str(slice),
        None => {
            line.push_str(&BREAK[from..2]);
            push_indent(line, depth);
        }
    }
}

/// `]` after a list's items (on its own line one level out), or `[]`.
fn close_list(line: &mut String, empty: bool, depth: usize) {
    if empty {
        line.push_str("[]");
    } else {
        push_break(line, true, depth);
        line.push(']');
    }
}

/// One row of [`write_json`]: an object two levels deep, after its
/// indentation.
fn json_row(line: &mut String, r: &OrderRow<'_>) {
    line.push('{');
    let mut f = JsonFields::new(line, 3);
    let count = |v: Option<usize>| v.map(|n| n as i64);
    f.str(key!(3, "id"), Some(r.id));
    f.str(key!(3, "title"), Some(r.title));
    f.int(key!(3, "telling"), Some(r.telling as i64));
    f.int(key!(3, "chrono"), count(r.chrono));
    f.stamp(
        key!(3, "earliest_start"),
        r.earliest_start.map(|d| d.stamp()),
    );
    f.stamp(key!(3, "latest_start"), r.latest_start.map(|d| d.stamp()));
    f.stamp(key!(3, "earliest_end"), r.earliest_end.map(|d| d.stamp()));
    f.stamp(key!(3, "latest_end"), r.latest_end.map(|d| d.stamp()));
    f.stamp(key!(3, "screen_start"), r.screen_start.map(|t| t.stamp()));
    f.stamp(key!(3, "screen_end"), r.screen_end.map(|t| t.stamp()));
    f.str(key!(3, "era"), r.era);
    f.int(key!(3, "story_day"), r.story_day.map(i64::from));
    f.str(key!(3, "day_label"), r.day_label);
    f.str(key!(3, "weekday"), r.weekday);
    f.str(key!(3, "repeats"), r.repeats);
    match &r.relative {
        None => f.str(key!(3, "relative"), None),
        Some(rel) => {
            let line = f.key(key!(3, "relative"));
            line.push('{');
            let mut g = JsonFields::new(line, 4);
            g.str(key!(4, "anchor"), Some(rel.anchor));
            g.int(key!(4, "earliest_start"), rel.earliest_start);
            g.int(key!(4, "latest_start"), rel.latest_start);
            g.int(key!(4, "earliest_end"), rel.earliest_end);
            g.int(key!(4, "latest_end"), rel.latest_end);
            g.close();
        }
    }
    f.str(key!(3, "work"), r.work);
    f.strs(key!(3, "threads"), r.threads.names());
    let line = f.key(key!(3, "cast"));
    let mut empty = true;
    for member in r.cast.rows() {
        if empty {
            line.push('[');
        }
        push_break(line, empty, 4);
        empty = false;
        line.push('{');
        let mut g = JsonFields::new(line, 5);
        g.str(key!(5, "name"), Some(member.name));
        g.int(key!(5, "age_min"), member.age_min);
        g.int(key!(5, "age_max"), member.age_max);
        g.str(key!(5, "mode"), member.mode.map(Mode::keyword));
        g.close();
    }
    close_list(line, empty, 3);
    f.close();
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
    crate::report::written(|out| write_csv(story, chronology, out))
}

/// [`csv`] written to `out` row by row.
pub fn write_csv(
    story: &Story,
    chronology: &Chronology,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    out.write_all(CSV_COLUMNS.join(",").as_bytes())?;
    out.write_all(b"\n")?;
    let (order, unplaced) = (&chronology.order, &chronology.unplaced);
    let id = |i: usize| {
        order
            .get(i)
            .copied()
            .unwrap_or_else(|| unplaced[i - order.len()])
    };
    crate::parallel::write_in_chunks(
        out,
        order.len() + unplaced.len(),
        ROWS_PER_CHUNK,
        |range, chunk| {
            for i in range {
                csv_row(chunk, &row(story, chronology, id(i)));
            }
        },
    )
}

/// One line of [`csv`]: every field through [`csv_cell`], numbers and
/// dates formatted on the stack.
fn csv_row(line: &mut String, r: &OrderRow<'_>) {
    let rel = r.relative.as_ref();
    let num = |v: Option<i64>| v.map(Stamp::integer);
    let count = |v: Option<usize>| v.map(|n| Stamp::integer(n as i64));
    let stamps = [
        count(Some(r.telling)),
        count(r.chrono),
        r.earliest_start.map(|t| t.stamp()),
        r.latest_start.map(|t| t.stamp()),
        r.earliest_end.map(|t| t.stamp()),
        r.latest_end.map(|t| t.stamp()),
        r.screen_start.map(|t| t.stamp()),
        r.screen_end.map(|t| t.stamp()),
        r.story_day.map(|d| Stamp::integer(d.into())),
        num(rel.and_then(|r| r.earliest_start)),
        num(rel.and_then(|r| r.latest_start)),
        num(rel.and_then(|r| r.earliest_end)),
        num(rel.and_then(|r| r.latest_end)),
    ];
    let stamp = |i: usize| stamps[i].as_ref().map_or("", Stamp::as_str);
    let fields: [&str; 21] = [
        r.id,
        r.title,
        stamp(0),
        stamp(1),
        stamp(2),
        stamp(3),
        stamp(4),
        stamp(5),
        stamp(6),
        stamp(7),
        r.era.unwrap_or_default(),
        stamp(8),
        r.day_label.unwrap_or_default(),
        r.weekday.unwrap_or_default(),
        r.repeats.unwrap_or_default(),
        rel.map_or("", |r| r.anchor),
        stamp(9),
        stamp(10),
        stamp(11),
        stamp(12),
        r.work.unwrap_or_default(),
    ];
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push_str(&csv_cell(f));
    }
    line.push('\n');
}

/// `order` as a table for people.
pub fn text(story: &Story, chronology: &Chronology) -> String {
    crate::report::written(|out| write_text(story, chronology, out))
}

/// [`text`] written to `out` row by row. The columns are as wide as their
/// widest cell, so the rows are made twice: once to measure, once to
/// write; none is kept.
pub fn write_text(
    story: &Story,
    chronology: &Chronology,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} of {} in story order",
        clean(&story.title),
        chronology.order.len(),
        plural(story.scenes.len(), "scene", "scenes")
    )?;
    out.write_all(b"\n")?;
    let flagged = chronology
        .order
        .iter()
        .any(|&id| chronology.placements[id.index()].in_contradiction);
    if chronology.order.is_empty() {
        out.write_all(b"  no scene is placed: none has story-time tags\n")?;
    } else {
        placed_table(story, chronology, out)?;
        writeln!(
            out,
            "\n  jump: from the scene told before; {BACK} back, {NEXT} to the next scene, {AHEAD} further ahead"
        )?;
    }
    if flagged {
        out.write_all(b"  !: part of a contradiction; its bounds are not reliable\n")?;
    }
    if !chronology.unplaced.is_empty() {
        writeln!(out, "\n  not placed (no story-time tags):")?;
        let mut rest = Layout::new(&[
            ("told", Align::Right),
            ("id", Align::Left),
            ("title", Align::Left),
        ]);
        let cells = |id: SceneId| {
            [
                Cow::Owned((id.index() + 1).to_string()),
                clean(story.scene_name(id)),
                clean(&story.scene(id).title),
            ]
        };
        for &id in &chronology.unplaced {
            rest.measure(&cells(id));
        }
        out.write_all(rest.header_line(4).as_bytes())?;
        for &id in &chronology.unplaced {
            out.write_all(rest.line(4, &cells(id)).as_bytes())?;
        }
    }
    Ok(())
}

/// The table of placed scenes, in chronological order: measured in a first
/// pass over the rows, written in a second.
fn placed_table(
    story: &Story,
    chronology: &Chronology,
    out: &mut dyn Write,
) -> std::io::Result<()> {
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
    let before = told_before(chronology);
    let cells = |pos: usize, id: SceneId| {
        let p = &chronology.placements[id.index()];
        let mut number = (pos + 1).to_string();
        if p.in_contradiction {
            number.push('!');
        }
        let jump = before[id.index()]
            .and_then(|prev| jump(&story.calendar, &chronology.placements[prev.index()], p));
        let mut cells = vec![
            Cow::Owned(number),
            clean(story.scene_name(id)),
            clean(&story.scene(id).title),
            Cow::Owned(when_on(story, p)),
            p.era
                .and_then(|e| story.eras.get_index(e.0 as usize))
                .map_or(Cow::Borrowed(""), |(name, _)| clean(name)),
            Cow::Borrowed(p.day_label.as_deref().unwrap_or_default()),
            Cow::Owned((id.index() + 1).to_string()),
            Cow::Owned(jump.unwrap_or_default()),
        ];
        if series {
            let work = story.work_of(id).map(|w| story.work(w).title.as_str());
            cells.insert(3, clean(work.unwrap_or_default()));
        }
        if threads {
            let names: Vec<Cow<str>> = story
                .scene(id)
                .threads
                .iter()
                .map(|&t| clean(&story.thread(t).name))
                .collect();
            cells.push(Cow::Owned(names.join(", ")));
        }
        cells
    };
    let mut layout = Layout::new(&columns);
    for (pos, &id) in chronology.order.iter().enumerate() {
        layout.measure(&cells(pos, id));
    }
    out.write_all(layout.header_line(2).as_bytes())?;
    let (layout, order) = (&layout, &chronology.order);
    crate::parallel::write_in_chunks(out, order.len(), ROWS_PER_CHUNK, |range, chunk| {
        for pos in range {
            layout.push_line(chunk, 2, &cells(pos, order[pos]));
        }
    })
}

/// For each scene (by telling), the placed scene told last before it:
/// where the telling jumps from to reach it.
fn told_before(chronology: &Chronology) -> Vec<Option<SceneId>> {
    let mut previous = None;
    let mut out = Vec::with_capacity(chronology.placements.len());
    for (i, p) in chronology.placements.iter().enumerate() {
        out.push(previous);
        if p.chrono.is_some() {
            previous = Some(SceneId(i as u32));
        }
    }
    out
}

/// The jump cell of a placed scene `p`, measured from the placed scene
/// `prev` told just before it: the symbol gives the direction in the
/// chronology, the size is the difference of scheduled starts when both
/// scenes share a time frame, else the number of chronological positions.
fn jump(calendar: &Calendar, prev: &Placement, p: &Placement) -> Option<String> {
    let c = p.chrono?;
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
    Some(format!("{symbol} {size}"))
}

/// The jump cell of every placed scene (indexed by telling), measured from
/// the placed scene told just before it (see [`jump`]).
pub(crate) fn jumps(calendar: &Calendar, chronology: &Chronology) -> Vec<Option<String>> {
    let placements = &chronology.placements;
    told_before(chronology)
        .into_iter()
        .zip(placements)
        .map(|(prev, p)| jump(calendar, &placements[prev?.index()], p))
        .collect()
}
