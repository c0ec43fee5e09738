//! The resolved story as JSON (`chronotope export`).
//!
//! The shape is documented in `docs/export.md`. Scene references are given by
//! id, never by internal index, and every constraint carries the text that
//! wrote it, so other tools need not re-parse scene files.

use indexmap::IndexMap;
use serde::{Serialize, Serializer};

use crate::model::{
    Constraint, ConstraintKind, Era, EraBound, Interval, Marker, Origin, Scene, Story,
};
use crate::source::Sources;
use crate::time::stamp::{Iso, Timecode};
use crate::time::timecode;

/// Version of the export format; bumped on incompatible changes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct Export<'a> {
    format: &'static str,
    version: u32,
    stories: Vec<StoryOut<'a>>,
}

#[derive(Serialize)]
struct StoryOut<'a> {
    title: &'a str,
    slug: String,
    header: &'a IndexMap<String, String>,
    files: Vec<String>,
    eras: Vec<EraOut<'a>>,
    markers: Vec<MarkerOut<'a>>,
    characters: Vec<CharacterOut<'a>>,
    /// A series' works in telling order (absent without works).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    works: Vec<WorkOut<'a>>,
    /// A series' viewing orders by name (absent when none is declared).
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    orders: IndexMap<&'a str, Vec<&'a str>>,
    scenes: Scenes<'a>,
    threads: Vec<ThreadOut<'a>>,
}

/// A story's scenes in telling order, each made as it is written (a
/// million scenes are never held as [`SceneOut`]s at once).
struct Scenes<'a> {
    sources: &'a Sources,
    story: &'a Story,
}

impl Serialize for Scenes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (sources, s) = (self.sources, self.story);
        serializer.collect_seq(
            s.scenes
                .values()
                .enumerate()
                .map(|(i, sc)| scene(sources, s, i, sc)),
        )
    }
}

#[derive(Serialize)]
struct ThreadOut<'a> {
    name: &'a str,
    color: Option<&'a str>,
    declared: bool,
}

#[derive(Serialize)]
struct WorkOut<'a> {
    id: &'a str,
    title: &'a str,
    released: Option<&'a str>,
    season: Option<u32>,
    episode: Option<u32>,
    runtime: Option<String>,
    fields: &'a IndexMap<String, String>,
    file: String,
    line: usize,
    scenes: usize,
}

#[derive(Serialize)]
struct EraOut<'a> {
    name: &'a str,
    from: Option<BoundOut<'a>>,
    to: Option<BoundOut<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum BoundOut<'a> {
    Time { time: String },
    Scene { scene_start: &'a str },
}

#[derive(Serialize)]
struct MarkerOut<'a> {
    name: &'a str,
    values: Vec<MarkerValueOut<'a>>,
}

#[derive(Serialize)]
struct MarkerValueOut<'a> {
    name: &'a str,
    era: Option<&'a str>,
    color: Option<&'a str>,
}

#[derive(Serialize)]
struct CharacterOut<'a> {
    name: &'a str,
    born: Option<[String; 2]>,
    died: Option<[String; 2]>,
    color: Option<&'a str>,
}

#[derive(Serialize)]
struct SceneOut<'a> {
    id: &'a str,
    title: &'a str,
    /// The scene's work in a series (absent without works).
    #[serde(skip_serializing_if = "Option::is_none")]
    work: Option<&'a str>,
    telling: usize,
    file: String,
    line: usize,
    screen_start: Option<Timecode>,
    screen_end: Option<Timecode>,
    story: Vec<ConstraintOut<'a>>,
    cast: Vec<CastOut<'a>>,
    place: Option<&'a str>,
    repeats: Option<&'a str>,
    markers: IndexMap<&'a str, &'a str>,
    mode: Option<crate::model::Mode>,
    synopsis: &'a [String],
    threads: Vec<&'a str>,
}

#[derive(Serialize)]
struct CastOut<'a> {
    name: &'a str,
    age: Option<u32>,
}

#[derive(Serialize)]
struct ConstraintOut<'a> {
    kind: &'static str,
    text: &'a str,
    origin: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    scene: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    era: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    earliest: Option<Iso>,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest: Option<Iso>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_seconds: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_seconds: Option<i64>,
}

fn interval(c: &mut ConstraintOut<'_>, i: Interval) {
    c.min_seconds = i.lo;
    c.max_seconds = i.hi;
}

/// Serialise stories as the export JSON document.
pub fn to_json(sources: &Sources, stories: &[&Story]) -> String {
    crate::text::pretty_json(&document(sources, stories))
}

/// [`to_json`] written to `out` scene by scene.
pub fn write_json(
    sources: &Sources,
    stories: &[&Story],
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    crate::text::write_pretty_json(out, &document(sources, stories))
}

fn document<'a>(sources: &'a Sources, stories: &[&'a Story]) -> Export<'a> {
    Export {
        format: "chronotope-story",
        version: FORMAT_VERSION,
        stories: stories.iter().map(|s| story(sources, s)).collect(),
    }
}

fn story<'a>(sources: &'a Sources, s: &'a Story) -> StoryOut<'a> {
    StoryOut {
        title: &s.title,
        slug: s.slug(),
        header: &s.header,
        files: s.files.iter().map(|&f| file_path(sources, f)).collect(),
        eras: s.eras.values().map(|e| era(s, e)).collect(),
        markers: s.markers.values().map(|m| marker(s, m)).collect(),
        characters: s
            .characters
            .values()
            .map(|c| CharacterOut {
                name: &c.name,
                born: c.born.map(|b| [s.calendar.iso(b.lo), s.calendar.iso(b.hi)]),
                died: c.died.map(|b| [s.calendar.iso(b.lo), s.calendar.iso(b.hi)]),
                color: c.color.as_deref(),
            })
            .collect(),
        works: s
            .works
            .iter()
            .map(|w| WorkOut {
                id: &w.id,
                title: &w.title,
                released: w.released_text.as_deref(),
                season: w.season,
                episode: w.episode,
                runtime: w.runtime.map(timecode),
                fields: &w.fields,
                file: file_path(sources, w.file),
                line: sources.get(w.file).line_col(w.span.start).line,
                scenes: w.scenes.len(),
            })
            .collect(),
        orders: s
            .orders
            .values()
            .map(|o| {
                let works = o.works.iter().map(|&w| s.work(w).id.as_str()).collect();
                (o.name.as_str(), works)
            })
            .collect(),
        scenes: Scenes { sources, story: s },
        threads: s
            .threads
            .values()
            .map(|t| ThreadOut {
                name: &t.name,
                color: t.color.as_deref(),
                declared: t.declared,
            })
            .collect(),
    }
}

/// A file's path as export writes it, with `/` on every platform.
fn file_path(sources: &Sources, file: crate::span::FileId) -> String {
    sources
        .get(file)
        .path()
        .to_string_lossy()
        .replace('\\', "/")
}

/// An era with its bounds.
fn era<'a>(s: &'a Story, e: &'a Era) -> EraOut<'a> {
    let bound = |b: &Option<EraBound>| {
        b.as_ref().map(|b| match b {
            EraBound::Time { at, .. } => BoundOut::Time {
                time: s.calendar.iso(*at),
            },
            EraBound::Scene { scene, .. } => BoundOut::Scene {
                scene_start: s.scene_name(*scene),
            },
        })
    };
    EraOut {
        name: &e.name,
        from: bound(&e.from),
        to: bound(&e.to),
    }
}

/// A marker with its values and the eras they imply.
fn marker<'a>(s: &'a Story, m: &'a Marker) -> MarkerOut<'a> {
    MarkerOut {
        name: &m.name,
        values: m
            .values
            .values()
            .map(|v| MarkerValueOut {
                name: &v.name,
                era: v.era.map(|e| s.era(e).name.as_str()),
                color: v.color.as_deref(),
            })
            .collect(),
    }
}

/// A scene, told `index`-th (0-based), with its tags as written.
fn scene<'a>(sources: &'a Sources, s: &'a Story, index: usize, sc: &'a Scene) -> SceneOut<'a> {
    SceneOut {
        id: &sc.id,
        title: &sc.title,
        work: s
            .work_of(crate::model::SceneId(index as u32))
            .map(|w| s.work(w).id.as_str()),
        telling: index + 1,
        file: file_path(sources, sc.file),
        line: sources.get(sc.file).line_col(sc.span.start).line,
        screen_start: sc.screen.as_deref().map(|x| Timecode(x.start)),
        screen_end: sc.screen.as_deref().and_then(|x| x.end).map(Timecode),
        story: sc
            .constraints
            .iter()
            .map(|c| constraint(sources, s, c))
            .collect(),
        cast: sc
            .cast
            .iter()
            .map(|c| CastOut {
                name: &s.character(c.character).name,
                age: c.age,
            })
            .collect(),
        place: sc.place.as_ref().map(|p| p.text.as_str()),
        repeats: sc.repeats.map(|r| s.scene_name(r)),
        markers: sc
            .markers
            .iter()
            .map(|m| {
                let marker = s.marker(m.marker);
                let value = marker
                    .values
                    .get_index(m.value as usize)
                    .map(|(k, _)| k.as_str())
                    .unwrap_or("");
                (marker.name.as_str(), value)
            })
            .collect(),
        mode: sc.mode,
        synopsis: &sc.synopsis,
        threads: sc
            .threads
            .iter()
            .map(|&t| s.thread(t).name.as_str())
            .collect(),
    }
}

/// One story-time constraint: its kind, its text as written and its
/// bounds.
fn constraint<'a>(sources: &'a Sources, s: &'a Story, c: &'a Constraint) -> ConstraintOut<'a> {
    let mut out = ConstraintOut {
        kind: "",
        text: sources.slice(c.span),
        origin: match c.origin {
            Origin::Story => "story",
            Origin::Marker { .. } => "marker",
            Origin::Repeats => "repeats",
        },
        scene: c.kind.other().map(|o| s.scene_name(o)),
        era: None,
        earliest: None,
        latest: None,
        min_seconds: None,
        max_seconds: None,
    };
    out.kind = match c.kind {
        ConstraintKind::StartsWithin { lo, hi } => {
            out.earliest = Some(s.calendar.iso_display(lo));
            out.latest = Some(s.calendar.iso_display(hi));
            "starts_within"
        }
        ConstraintKind::InEra { era } => {
            out.era = Some(&s.era(era).name);
            "in_era"
        }
        ConstraintKind::After { gap, .. } => {
            interval(&mut out, gap);
            "after"
        }
        ConstraintKind::Before { gap, .. } => {
            interval(&mut out, gap);
            "before"
        }
        ConstraintKind::During { .. } => "during",
        ConstraintKind::Offset { offset, .. } => {
            interval(&mut out, offset);
            "offset"
        }
        ConstraintKind::Lasts { length } => {
            interval(&mut out, length);
            "lasts"
        }
        ConstraintKind::SameAs { .. } => "same_as",
    };
    out
}
