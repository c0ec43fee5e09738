//! The outline of one scene file, for an editor's symbol list
//! (`textDocument/documentSymbol`).
//!
//! It is read from the file's syntax tree alone, so it is there while the
//! story still has errors. Scenes come in telling order, as written, with
//! their titles; markers carry their values as children.

use crate::span::Span;
use crate::syntax::tree::{Item, MarkerLine, SceneDecl, SceneLine};
use crate::syntax::SourceTree;

/// What an outline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A story header field (`title: …`).
    Header,
    /// `era NAME: …`
    Era,
    /// `marker NAME:`
    Marker,
    /// A value line under a marker.
    Value,
    /// `character NAME`
    Character,
    /// `scene ID: TITLE`
    Scene,
    /// `calendar NAME:`
    Calendar,
    /// `thread NAME`
    Thread,
}

/// One entry of the outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The name shown: a scene id, an era name, a character …
    pub name: String,
    /// More to show beside it: a scene's title, a header field's value.
    pub detail: Option<String>,
    /// What it is.
    pub kind: Kind,
    /// The whole declaration: for a scene, its header line and every
    /// line of its block.
    pub span: Span,
    /// The name itself.
    pub name_span: Span,
    /// A marker's values.
    pub children: Vec<Entry>,
}

/// The most entries (values included) an outline lists. A story of a few
/// thousand scenes fits many times over; beyond it an outline is no use to
/// a reader, and the answer would grow to hundreds of bytes per line of a
/// file of one-line scenes.
pub const LIMIT: usize = 20_000;

/// The outline of `tree`, in file order: its first `limit` entries,
/// counting a marker's values.
pub fn outline(tree: &SourceTree, limit: usize) -> Vec<Entry> {
    entries(tree, limit).collect()
}

/// The entries of [`outline`] one at a time, so an answer can be written
/// without holding them all.
pub fn entries(tree: &SourceTree, limit: usize) -> Entries<'_> {
    Entries {
        items: tree.items.iter(),
        left: limit,
    }
}

/// The iterator of [`entries`].
#[derive(Debug)]
pub struct Entries<'a> {
    items: std::slice::Iter<'a, Item>,
    /// How many entries (values included) may still come.
    left: usize,
}

impl Iterator for Entries<'_> {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        while self.left > 0 {
            let Some(entry) = entry(self.items.next()?, self.left - 1) else {
                continue;
            };
            // A declaration whose name is missing has nothing to list.
            if !entry.name.is_empty() {
                self.left -= 1 + entry.children.len();
                return Some(entry);
            }
        }
        None
    }
}

/// The entry of one item, with at most `children` children.
fn entry(item: &Item, children: usize) -> Option<Entry> {
    Some(match item {
        Item::Header(h) => Entry {
            name: h.key.text.to_string(),
            detail: Some(h.value.text.to_string()),
            kind: Kind::Header,
            span: h.key.span.to(h.value.span),
            name_span: h.key.span,
            children: Vec::new(),
        },
        Item::Era(e) => leaf(&e.name.text, Kind::Era, e.span, e.name.span),
        Item::Character(c) => leaf(&c.name.text, Kind::Character, c.span, c.name.span),
        Item::Thread(t) => leaf(&t.name.text, Kind::Thread, t.span, t.name.span),
        Item::Marker(m) => {
            let values: Vec<Entry> = m
                .lines
                .iter()
                .filter_map(|l| match l {
                    MarkerLine::Value(v) => {
                        Some(leaf(&v.value.text, Kind::Value, v.span, v.value.span))
                    }
                    MarkerLine::Comment(_) => None,
                })
                .take(children)
                .collect();
            let end = values.last().map_or(m.span, |c| c.span);
            Entry {
                children: values,
                ..leaf(&m.name.text, Kind::Marker, m.span.to(end), m.name.span)
            }
        }
        Item::Scene(s) => Entry {
            detail: s.title.as_ref().map(|t| t.text.to_string()),
            ..leaf(&s.id.text, Kind::Scene, block_span(s), s.id.span)
        },
        Item::Calendar(c) => leaf(&c.name.text, Kind::Calendar, c.span, c.name.span),
        Item::Comment(_) | Item::Work(_) | Item::Order(_) => return None,
    })
}

fn leaf(name: &str, kind: Kind, span: Span, name_span: Span) -> Entry {
    Entry {
        name: name.to_string(),
        detail: None,
        kind,
        span,
        name_span,
        children: Vec::new(),
    }
}

/// A scene's header line and all of its lines.
fn block_span(scene: &SceneDecl) -> Span {
    scene.lines.iter().fold(scene.span, |span, line| {
        span.to(match line {
            SceneLine::Property(p) => p.span,
            SceneLine::Synopsis(s) => s.span,
            SceneLine::Comment(c) => c.span,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;
    use crate::syntax;

    #[test]
    fn lists_declarations_and_scenes_with_their_blocks() {
        let text = "title: T\n\nmarker hair:\n  dark: past\n  # note\n  light:\n\nera past: 2014 ..\ncharacter Ayşe Nur\n\nscene ferry: Strangers\n  story: past\n  > They meet.\n\nscene gone:\n  story: 2020\n";
        let (tree, _) = syntax::parse(FileId(0), text);
        let entries = outline(&tree, LIMIT);
        let shown: Vec<(&str, Kind, Option<&str>)> = entries
            .iter()
            .map(|e| (e.name.as_str(), e.kind, e.detail.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("title", Kind::Header, Some("T")),
                ("hair", Kind::Marker, None),
                ("past", Kind::Era, None),
                ("Ayşe Nur", Kind::Character, None),
                ("ferry", Kind::Scene, Some("Strangers")),
                ("gone", Kind::Scene, None),
            ]
        );
        let values: Vec<&str> = entries[1]
            .children
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(values, ["dark", "light"]);
        // A scene's entry covers its whole block; the name is the id.
        let ferry = &entries[4];
        assert_eq!(
            &text[ferry.span.range()],
            "scene ferry: Strangers\n  story: past\n  > They meet."
        );
        assert_eq!(&text[ferry.name_span.range()], "ferry");
        assert_eq!(
            &text[entries[1].span.range()],
            "marker hair:\n  dark: past\n  # note\n  light:"
        );
    }

    #[test]
    fn the_outline_stops_at_its_limit_values_included() {
        let text = "marker m:\n  a:\n  b:\n  c:\n\nscene x:\n\nscene y:\n";
        let (tree, _) = syntax::parse(FileId(0), text);
        let count = |entries: &[Entry]| {
            let names: Vec<&str> = entries
                .iter()
                .flat_map(|e| std::iter::once(e).chain(&e.children))
                .map(|e| e.name.as_str())
                .collect();
            names.join(" ")
        };
        assert_eq!(count(&outline(&tree, 6)), "m a b c x y");
        assert_eq!(count(&outline(&tree, 5)), "m a b c x");
        assert_eq!(count(&outline(&tree, 4)), "m a b c");
        assert_eq!(count(&outline(&tree, 2)), "m a");
        assert_eq!(count(&outline(&tree, 0)), "");
    }
}
