//! Story Curves JSON (Kim et al., the storyexplorer datasets) read into a
//! syntax tree.
//!
//! `{"script_info": {"title", "characters", "scenes": [{"narrative_order",
//! "story_order", "characters", "scene_metadata": {"location", "time",
//! "setting"}}]}}`, both orders 0-based. Scenes come in narrative order;
//! each is placed `after` the scene before it in story order, so the
//! chronology is `story_order`.

use serde::Deserialize;

use crate::diagnostics::{codes, Diagnostic};
use crate::span::{FileId, Span};
use crate::syntax::tree::{
    CastEntry, Comment, HeaderField, Item, Name, Property, PropertyValue, SceneDecl, SceneLine,
    SourceTree, StoryConstraint, StoryItem,
};

#[derive(Deserialize)]
struct File {
    script_info: Info,
}

#[derive(Deserialize)]
struct Info {
    #[serde(default)]
    title: Option<String>,
    scenes: Vec<Scene>,
}

#[derive(Deserialize)]
struct Scene {
    narrative_order: u64,
    story_order: u64,
    #[serde(default)]
    characters: Option<Vec<String>>,
    #[serde(default)]
    scene_metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    time: Option<String>,
    #[serde(default)]
    setting: Option<String>,
}

/// Read Story Curves JSON. A file of another shape gives one error.
pub fn read(file: FileId, text: &str) -> (SourceTree, Vec<Diagnostic>) {
    let parsed: File = match serde_json::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let at = offset_of(text, e.line(), e.column());
            let d = Diagnostic::error(codes::NOT_STORY_CURVES, "not Story Curves JSON")
                .primary(Span::new(file, at, at), crate::text::clip(&e.to_string()))
                .help("a Story Curves file is `{\"script_info\": {\"scenes\": [{\"narrative_order\": 0, \"story_order\": 0, \"characters\": [], \"scene_metadata\": {}}]}}`");
            return (SourceTree::new(file, Vec::new()), vec![d]);
        }
    };
    (tree(file, parsed.script_info), Vec::new())
}

/// The byte offset of a 1-based line and column (serde's error position).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column.saturating_sub(1)).min(text.len())
}

const NO_METADATA: Metadata = Metadata {
    location: None,
    time: None,
    setting: None,
};

fn tree(file: FileId, info: Info) -> SourceTree {
    let span = Span::new(file, 0, 0);
    let name = |text: &str| Name {
        text: text.into(),
        span,
    };
    let id_of = |n: u64| format!("n{n}");
    let mut scenes = info.scenes;
    scenes.sort_by_key(|s| s.narrative_order);
    // The scene before each in story order: sort by story order once.
    let mut by_story: Vec<(u64, u64)> = scenes
        .iter()
        .map(|s| (s.story_order, s.narrative_order))
        .collect();
    by_story.sort_unstable();
    let mut before = std::collections::HashMap::with_capacity(by_story.len());
    for pair in by_story.windows(2) {
        before.insert(pair[1].1, pair[0].1);
    }
    let mut items = Vec::with_capacity(scenes.len() + 1);
    if let Some(title) = info.title.as_deref().filter(|t| !t.trim().is_empty()) {
        items.push(Item::Header(HeaderField {
            key: name("title"),
            value: name(title.trim()),
        }));
    }
    for s in &scenes {
        let mut lines = Vec::new();
        let property = |key: &str, value| {
            SceneLine::Property(Property {
                key: name(key),
                value,
                span,
            })
        };
        if let Some(prev) = before.get(&s.narrative_order) {
            let item = StoryItem {
                constraint: Some(StoryConstraint::After {
                    scene: name(&id_of(*prev)),
                    gap: None,
                }),
                duration: None,
                span,
            };
            lines.push(property("story", PropertyValue::Story(vec![item])));
        }
        let cast: Vec<CastEntry> = s
            .characters
            .iter()
            .flatten()
            .filter(|c| !c.trim().is_empty())
            .map(|c| CastEntry {
                name: name(c.trim()),
                age: None,
                span,
            })
            .collect();
        if !cast.is_empty() {
            lines.push(property("cast", PropertyValue::Cast(cast)));
        }
        let m = s.scene_metadata.as_ref().unwrap_or(&NO_METADATA);
        if let Some(place) = m.location.as_deref().filter(|l| !l.trim().is_empty()) {
            lines.push(property("where", PropertyValue::Where(name(place.trim()))));
        }
        for (what, v) in [("setting", &m.setting), ("time", &m.time)] {
            if let Some(v) = v.as_deref().filter(|v| !v.trim().is_empty()) {
                lines.push(SceneLine::Comment(Comment {
                    text: format!(" {what}: {}", v.trim()),
                    span,
                }));
            }
        }
        items.push(Item::Scene(SceneDecl {
            id: name(&id_of(s.narrative_order)),
            title: m.location.as_deref().map(|l| name(l.trim())),
            lines,
            span,
        }));
    }
    super::declare_cast(&mut items, &[]);
    SourceTree::new(file, items)
}
