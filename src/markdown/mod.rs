//! Markdown scene folders: one note per scene with YAML front matter, as
//! Obsidian (Longform, StoryLine, Radial Timeline, obsidian-auto-timelines,
//! Calendarium) and plain folders in git keep them (`docs/markdown.md`).
//!
//! A note becomes the same syntax tree a scene file gives: its front
//! matter keys become scene lines, chronotope's own keys read with the
//! scene-file grammar in place (so spans are the note's own line and
//! column), other tools' keys mapped to the same lines. A folder of notes
//! is one story; [`telling_order`] says in which order its notes are told.

pub mod front;
mod note;
pub mod values;

use std::collections::HashSet;

use crate::diagnostics::{codes, Diagnostic};
use crate::span::{FileId, Span};
use crate::syntax::tree::Item;
use crate::syntax::SourceTree;

pub use note::NATIVE_KEYS;

/// What the Markdown reader needs besides the text.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions<'a> {
    /// The note's file stem: its scene id (slugged) and fallback title.
    pub name: &'a str,
    /// Declarations read before the note (the folder's `story.scenes`, a
    /// `Class: Story` note): their markers are scene keys here.
    pub companions: &'a [&'a SourceTree],
}

/// Read one note. A note without front matter, or whose front matter does
/// not make it a scene or a story, gives an empty tree and no problems.
pub fn read(file: FileId, text: &str, options: &ReadOptions<'_>) -> (SourceTree, Vec<Diagnostic>) {
    let mut tree = SourceTree::new(file, Vec::new());
    let fm = match front::read(text) {
        Ok(Some(fm)) => fm,
        Ok(None) => return (tree, Vec::new()),
        Err(e) => {
            let d = Diagnostic::error(codes::FRONT_MATTER, e.message)
                .primary(Span::new(file, e.start, e.end.min(text.len())), "here")
                .help(e.help);
            return (tree, vec![d]);
        }
    };
    let markers: HashSet<&str> = options
        .companions
        .iter()
        .flat_map(|t| t.items.iter())
        .filter_map(|i| match i {
            Item::Marker(m) => Some(m.name.text.as_str()),
            _ => None,
        })
        .collect();
    let mut reader = note::Note::new(file, text, &fm, options.name, &markers);
    tree.items = match note::kind(&fm, &markers) {
        note::Kind::Scene => vec![Item::Scene(reader.scene())],
        note::Kind::Story => reader.story(),
        note::Kind::Other => Vec::new(),
    };
    (tree, reader.diagnostics)
}

/// Whether a note declares the story (`Class: Story`), so that it is read
/// before the scene notes whose marker keys it declares.
pub fn is_story_note(text: &str) -> bool {
    match front::read(text) {
        Ok(Some(fm)) => note::kind(&fm, &HashSet::new()) == note::Kind::Story,
        _ => false,
    }
}

/// The scene folder of a Longform index among `notes` (paths of Markdown
/// files in one directory), read from the first 64 KiB of each (front
/// matter is at the top): the relative path, made only of plain folder
/// names (no `..`, no root), so it stays inside the walked tree.
pub fn longform_scene_folder(notes: &[&std::path::Path]) -> Option<std::path::PathBuf> {
    use std::io::Read;
    notes.iter().find_map(|path| {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let mut head = Vec::new();
        std::fs::File::open(path)
            .ok()?
            .take(64 * 1024)
            .read_to_end(&mut head)
            .ok()?;
        let text = String::from_utf8_lossy(&head);
        let fm = front::read(&text).ok().flatten()?;
        let folder = std::path::PathBuf::from(note::longform_scene_folder(&fm)?);
        folder
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
            .then_some(folder)
    })
}

/// The telling order of a folder's notes, given as `(file stem, text)` in
/// the natural order of their names: a permutation of their indices.
///
/// A Longform index (a note whose `longform:` key holds a `scenes:` list,
/// nested lists flattened) wins: listed notes in its order, the rest after
/// them. Else notes by Radial Timeline's `Act` (a note without one is in
/// the act of the note before it), and within an act those with a numeric `order`, `sequence` or `Scene`
/// key in that number's order (ties and notes without one keep natural
/// order, after them). Else natural order.
pub fn telling_order(notes: &[(&str, &str)]) -> Vec<usize> {
    let fronts: Vec<Option<front::FrontMatter>> = notes
        .iter()
        .map(|(_, text)| front::read(text).ok().flatten())
        .collect();
    if let Some(list) = fronts.iter().flatten().find_map(note::longform_scenes) {
        let by_id: std::collections::HashMap<String, usize> = notes
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (values::note_id(name), i))
            .collect();
        let mut order = Vec::with_capacity(notes.len());
        let mut placed = vec![false; notes.len()];
        for name in list {
            if let Some(&i) = by_id.get(&values::note_id(&name)) {
                if !placed[i] {
                    placed[i] = true;
                    order.push(i);
                }
            }
        }
        order.extend((0..notes.len()).filter(|&i| !placed[i]));
        return order;
    }
    let numbers: Vec<Option<f64>> = fronts
        .iter()
        .map(|f| f.as_ref().and_then(note::order_number))
        .collect();
    // Radial Timeline's order is act-specific: a note's number orders it
    // within its `Act`. A note without an act is in the act of the note
    // before it in natural order (notes before any act come first).
    let mut act = f64::NEG_INFINITY;
    let acts: Vec<f64> = fronts
        .iter()
        .map(|f| {
            if let Some(a) = f.as_ref().and_then(note::act) {
                act = a;
            }
            act
        })
        .collect();
    let mut order: Vec<usize> = (0..notes.len()).collect();
    // Stable: equal numbers, and notes without one, keep natural order.
    order.sort_by(|&a, &b| {
        acts[a]
            .total_cmp(&acts[b])
            .then(match (numbers[a], numbers[b]) {
                (Some(x), Some(y)) => x.total_cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
    });
    order
}

/// Declare the characters a folder's notes cast, when its story declares
/// none: notes name people as they go (`Character: [[Ada]]`), and a folder
/// without `character` lines would otherwise be all errors. Each name is
/// declared once, at its first mention, in the first note that casts it;
/// a story that declares any character keeps the usual check.
pub fn declare_cast(trees: &mut [SourceTree]) {
    use crate::syntax::tree::{CharacterDecl, PropertyValue};
    let declares = trees
        .iter()
        .flat_map(|t| t.items.iter())
        .any(|i| matches!(i, Item::Character(_)));
    if declares {
        return;
    }
    let mut seen: HashSet<String> = HashSet::new();
    for tree in trees.iter_mut() {
        let mut found = Vec::new();
        for scene in tree.scenes() {
            for p in scene.properties() {
                let PropertyValue::Cast(entries) = &p.value else {
                    continue;
                };
                for e in entries {
                    if seen.insert(e.name.text.to_lowercase().to_string()) {
                        found.push(Item::Character(Box::new(CharacterDecl {
                            name: e.name.clone(),
                            born: None,
                            died: None,
                            color: None,
                            span: e.span,
                        })));
                    }
                }
            }
        }
        tree.items.splice(0..0, found);
    }
}

#[cfg(test)]
mod tests;
