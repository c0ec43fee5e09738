//! One note's front matter and body as scene-file items.

use std::collections::HashSet;

use crate::diagnostics::Diagnostic;
use crate::markdown::front::{Entry, FrontMatter, Scalar, Value};
use crate::markdown::values;
use crate::span::{FileId, Span};
use crate::syntax::parser::{parse_declarations, HEADER_KEYS};
use crate::syntax::tree::*;

/// chronotope's own scene keys, read with the scene-file grammar.
pub const NATIVE_KEYS: &[&str] = &[
    "story", "screen", "cast", "where", "mode", "repeats", "thread",
];

/// Keys whose values name the scene's characters.
const PEOPLE_KEYS: &[&str] = &["Character", "Characters", "characters", "POV"];
/// Keys giving the start date of the scene's story-time.
const START_KEYS: &[&str] = &["When", "storyDate", "aat-event-start-date", "fc-date"];
/// Keys giving the end date.
const END_KEYS: &[&str] = &["aat-event-end-date", "fc-end"];
/// Keys that are read elsewhere and not kept as comments.
const CONSUMED_KEYS: &[&str] = &[
    "title",
    "Class",
    "class",
    "type",
    "Synopsis",
    "Place",
    "Duration",
    "storyTime",
];

/// What a note is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A scene.
    Scene,
    /// The story's declarations (`Class: Story`).
    Story,
    /// Anything else: not read.
    Other,
}

fn scalar<'f>(fm: &'f FrontMatter, key: &str) -> Option<&'f Scalar> {
    match &fm.get(key)?.value {
        Value::Scalar(s) => Some(s),
        _ => None,
    }
}

/// What the front matter makes of the note.
pub fn kind(fm: &FrontMatter, markers: &HashSet<&str>) -> Kind {
    let class = scalar(fm, "Class")
        .or_else(|| scalar(fm, "class"))
        .map(|s| s.text.to_ascii_lowercase());
    match class.as_deref() {
        Some("story") => return Kind::Story,
        Some("scene") => return Kind::Scene,
        _ => {}
    }
    let scene_type = scalar(fm, "type").is_some_and(|s| s.text.eq_ignore_ascii_case("scene"));
    let own_key = fm.entries.iter().any(|e| {
        NATIVE_KEYS.contains(&e.key.text.as_str()) || markers.contains(e.key.text.as_str())
    });
    if scene_type || own_key {
        Kind::Scene
    } else {
        Kind::Other
    }
}

/// The names a Longform index lists under `longform:` → `scenes:`.
pub fn longform_scenes(fm: &FrontMatter) -> Option<Vec<String>> {
    let Value::Map(pairs) = &fm.get("longform")?.value else {
        return None;
    };
    let (_, list) = pairs.iter().find(|(k, _)| k.text == "scenes")?;
    Some(
        list.iter()
            .map(|s| values::person(&s.text).to_string())
            .collect(),
    )
}

/// The folder a Longform index keeps its scenes in (`longform:` →
/// `sceneFolder:`), relative to the index; `None` when it is the index's
/// own folder (`/`, `.`, empty) or not given.
pub fn longform_scene_folder(fm: &FrontMatter) -> Option<String> {
    let Value::Map(pairs) = &fm.get("longform")?.value else {
        return None;
    };
    let (_, value) = pairs.iter().find(|(k, _)| k.text == "sceneFolder")?;
    let [s] = &value[..] else {
        return None;
    };
    let folder = s.text.trim().trim_start_matches("./").trim_matches('/');
    (!folder.is_empty() && folder != ".").then(|| folder.to_string())
}

/// A numeric `order`, `sequence` or `Scene` key.
pub fn order_number(fm: &FrontMatter) -> Option<f64> {
    ["order", "sequence", "Scene"]
        .iter()
        .find_map(|k| scalar(fm, k)?.text.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite())
}

/// Radial Timeline's numeric `Act`.
pub fn act(fm: &FrontMatter) -> Option<f64> {
    ["Act", "act"]
        .iter()
        .find_map(|k| scalar(fm, k)?.text.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite())
}

/// The start, end, time and duration keys of a scene, gathered.
#[derive(Default)]
struct Timing<'f> {
    start: Option<&'f Scalar>,
    start_key: &'f str,
    time: Option<&'f Scalar>,
    end: Option<&'f Scalar>,
    end_key: &'f str,
    duration: Option<&'f Scalar>,
}

/// The items of one scene being built.
#[derive(Default)]
struct Build {
    lines: Vec<SceneLine>,
    story: Vec<StoryItem>,
    story_span: Option<Span>,
    cast: Vec<CastEntry>,
    cast_span: Option<Span>,
    has_where: bool,
}

/// A note being read.
pub struct Note<'t, 'f> {
    file: FileId,
    text: &'t str,
    fm: &'f FrontMatter,
    name: &'t str,
    markers: &'f HashSet<&'f str>,
    /// The note's text with quotes and `[[links]]` blanked out in place,
    /// made once when a value needs it: same byte offsets as `text`.
    overlay: Option<String>,
    /// The problems found.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'t, 'f> Note<'t, 'f> {
    /// Start reading a note.
    pub fn new(
        file: FileId,
        text: &'t str,
        fm: &'f FrontMatter,
        name: &'t str,
        markers: &'f HashSet<&'f str>,
    ) -> Self {
        Note {
            file,
            text,
            fm,
            name,
            markers,
            overlay: None,
            diagnostics: Vec::new(),
        }
    }

    fn span(&self, s: &Scalar) -> Span {
        Span::new(self.file, s.start, s.end)
    }

    fn name_of(&self, s: &Scalar) -> Name {
        Name {
            text: s.text.trim().into(),
            span: self.span(s),
        }
    }

    /// The whole note as one scene.
    pub fn scene(&mut self) -> SceneDecl {
        let head = Span::new(self.file, 0, 3.min(self.text.len()));
        let body = Body::read(self.file, self.text, self.fm.body);
        let title = match scalar(self.fm, "title") {
            Some(t) => self.name_of(t),
            None => body.heading.clone().unwrap_or(Name {
                text: values::without_number(self.name).into(),
                span: head,
            }),
        };
        let mut build = Build::default();
        let mut timing = Timing::default();
        let fm = self.fm;
        for entry in &fm.entries {
            self.entry(entry, &mut build, &mut timing);
        }
        self.timing(&timing, &mut build);
        self.finish(build, body, title, head)
    }

    /// One front matter entry into the scene being built.
    fn entry(&mut self, entry: &'f Entry, build: &mut Build, timing: &mut Timing<'f>) {
        let key = entry.key.text.as_str();
        match (key, &entry.value) {
            ("cast", Value::List(list)) => self.people(list, entry, build),
            (k, _) if NATIVE_KEYS.contains(&k) || self.markers.contains(k) => {
                self.native(entry, build)
            }
            ("POV", Value::Scalar(s)) if radial::is_pov_mode(&s.text) => {
                build.lines.push(SceneLine::Comment(self.kept(entry)))
            }
            (k, Value::Scalar(s)) if PEOPLE_KEYS.contains(&k) => {
                self.people(std::slice::from_ref(s), entry, build)
            }
            (k, Value::List(list)) if PEOPLE_KEYS.contains(&k) => self.people(list, entry, build),
            (k, v) if START_KEYS.contains(&k) => match v {
                Value::Scalar(s) => {
                    timing.start = Some(s);
                    timing.start_key = k;
                }
                _ => self.unreadable_date(entry),
            },
            (k, v) if END_KEYS.contains(&k) => match v {
                Value::Scalar(s) => {
                    timing.end = Some(s);
                    timing.end_key = k;
                }
                _ => self.unreadable_date(entry),
            },
            ("storyTime", Value::Scalar(s)) => timing.time = Some(s),
            ("Duration", Value::Scalar(s)) => timing.duration = Some(s),
            ("Place", v) => self.place(v, entry, build),
            ("Subplot", v) => self.subplot(v, entry, build),
            ("Synopsis", Value::Scalar(s)) => {
                build.lines.push(SceneLine::Synopsis(self.name_of(s)))
            }
            (k, _) if CONSUMED_KEYS.contains(&k) => {}
            _ => build.lines.push(SceneLine::Comment(self.kept(entry))),
        }
    }

    /// A property made by the reader, spanning the key's line.
    fn property(&self, key: &str, entry: &Entry, value: PropertyValue) -> SceneLine {
        SceneLine::Property(Property {
            key: Name {
                text: key.into(),
                span: self.span(&entry.key),
            },
            value,
            span: Span::new(self.file, entry.key.start, self.line_end(entry.key.start)),
        })
    }

    fn line_end(&self, from: usize) -> usize {
        self.text[from..]
            .find('\n')
            .map_or(self.text.len(), |i| from + i)
    }

    /// An entry no key maps: kept, as written, as a comment in the scene.
    fn kept(&self, entry: &Entry) -> Comment {
        let raw = &self.text[entry.key.start..entry.end.max(entry.key.start)];
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        Comment {
            text: format!(" {text}"),
            span: Span::new(self.file, entry.key.start, self.line_end(entry.key.start)),
        }
    }

    /// `Character`, `POV`, a `cast:` list: one cast entry per name.
    fn people(&mut self, list: &[Scalar], entry: &Entry, build: &mut Build) {
        build.cast_span.get_or_insert(Span::new(
            self.file,
            entry.key.start,
            self.line_end(entry.key.start),
        ));
        for s in list {
            let name = values::person(&s.text);
            let name = name.split('(').next().unwrap_or(name).trim();
            if name.is_empty()
                || build
                    .cast
                    .iter()
                    .any(|c| c.name.text.eq_ignore_ascii_case(name))
            {
                continue;
            }
            build.cast.push(CastEntry {
                name: Name {
                    text: name.into(),
                    span: self.span(s),
                },
                age: None,
                span: self.span(s),
            });
        }
    }
}

mod body;
mod native;
mod radial;
mod timing;

use body::Body;

impl Note<'_, '_> {
    /// The scene from what was gathered: title, cast, story, synopsis.
    fn finish(&mut self, build: Build, body: Body, title: Name, head: Span) -> SceneDecl {
        let mut lines = Vec::new();
        if let Some(span) = build.story_span {
            lines.push(SceneLine::Property(Property {
                key: Name {
                    text: "story".into(),
                    span,
                },
                value: PropertyValue::Story(build.story),
                span,
            }));
        }
        if let Some(span) = build.cast_span {
            lines.push(SceneLine::Property(Property {
                key: Name {
                    text: "cast".into(),
                    span,
                },
                value: PropertyValue::Cast(build.cast),
                span,
            }));
        }
        let has_synopsis = build
            .lines
            .iter()
            .any(|l| matches!(l, SceneLine::Synopsis(_)));
        lines.extend(build.lines);
        if !has_synopsis {
            if let Some((text, range)) = body.paragraph {
                lines.push(SceneLine::Synopsis(Name {
                    text: text.into(),
                    span: Span::new(self.file, range.start, range.end),
                }));
            }
        }
        SceneDecl {
            id: Name {
                text: values::note_id(self.name).into(),
                span: head,
            },
            title: Some(title),
            lines,
            span: head,
        }
    }

    /// A `Class: Story` note: its header keys, and the declarations in its
    /// ```` ```scenes ```` blocks.
    pub fn story(&mut self) -> Vec<Item> {
        let mut items = Vec::new();
        let body = Body::read(self.file, self.text, self.fm.body);
        for entry in &self.fm.entries {
            let key = entry.key.text.to_ascii_lowercase();
            if let (true, Value::Scalar(v)) = (HEADER_KEYS.contains(&key.as_str()), &entry.value) {
                items.push(Item::Header(HeaderField {
                    key: Name {
                        text: key.into(),
                        span: self.span(&entry.key),
                    },
                    value: self.name_of(v),
                }));
            }
        }
        if scalar(self.fm, "title").is_none() {
            if let Some(h) = body.heading {
                items.insert(
                    0,
                    Item::Header(HeaderField {
                        key: Name {
                            text: "title".into(),
                            span: h.span,
                        },
                        value: h,
                    }),
                );
            }
        }
        for block in body.scene_blocks {
            let (found, diagnostics) = parse_declarations(self.file, self.text, block);
            items.extend(found);
            self.diagnostics.extend(diagnostics);
        }
        items
    }
}
