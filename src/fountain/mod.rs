//! Fountain screenplays read into the same syntax tree as scene files.
//!
//! [`read`] turns a `.fountain` script into a [`SourceTree`], so resolving,
//! ordering, checking and drawing work on it unchanged, and every span
//! points into the script. What the reader takes from the script:
//!
//! * the title page (`Title:` names the story; `Author:`, `Source:`,
//!   `Draft date:` and `Notes:` become header fields);
//! * scenes from scene headings, forced headings (`.KITCHEN`) and scene
//!   numbers (`#12A#` gives the id `s12A`), with the heading's place as
//!   `where:` and its time of day as `time:`;
//! * characters from character cues, and each scene's cast;
//! * screen-time from the length of each scene ([`pagination`]);
//! * tags in notes (`[[story: after ferry by 1d..]]`) with the scene-file
//!   grammar, and declarations in a note before the first scene;
//! * with `--infer`, story-time from words such as `FLASHBACK` ([`infer`]).
//!
//! `lexer` removes notes and boneyard; `reader` classifies lines. One
//! pass, one line of look-ahead, no recursion; a script of 1 MB or more is
//! read in two halves on two threads, split at a scene heading where a
//! reader starting afresh is in the state the first arrives in, and joined
//! into the tree and diagnostics one pass gives.

pub mod infer;
pub(crate) mod lexer;
pub mod pagination;
pub(crate) mod reader;

use crate::diagnostics::Diagnostic;
use crate::span::FileId;
use crate::syntax::SourceTree;

/// What the reader needs besides the script.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions<'a> {
    /// Infer story-time from chronology cues (`--infer`).
    pub infer: bool,
    /// Trees read before the script for the same story (a companion
    /// `.scenes` file): their markers make `[[marker: value]]` notes tags,
    /// and characters they declare are not declared again from cues.
    pub companions: &'a [&'a SourceTree],
}

/// Read a Fountain script. Always returns a tree; problems and, with
/// `--infer`, the inferences come back as diagnostics.
pub fn read(file: FileId, text: &str, options: &ReadOptions) -> (SourceTree, Vec<Diagnostic>) {
    reader::read(file, text, options)
}

/// One scene-file tree for `chronotope import`: the script's tree and its
/// companions' merged, so the written file means what they meant together.
///
/// The order keeps the story's meaning: header fields first (with `title`
/// added from `title` when no file has one, so the story keeps its name
/// whatever the new file is called), then every declaration, then the
/// script's scenes and then any companion scenes, in telling order.
pub fn import_tree(trees: &[&SourceTree], title: &str, note: &str) -> SourceTree {
    use crate::span::Span;
    use crate::syntax::tree::{Comment, HeaderField, Item, Name};

    let file = trees.first().map_or(FileId(0), |t| t.file);
    let span = Span::new(file, 0, 0);
    let mut items = vec![Item::Comment(Comment {
        text: format!(" {note}"),
        span,
    })];
    let all = || trees.iter().flat_map(|t| t.items.iter());
    items.extend(all().filter(|i| matches!(i, Item::Header(_))).cloned());
    let has_title = all().any(|i| matches!(i, Item::Header(h) if h.key.text == "title"));
    if !has_title {
        let name = |text: &str| Name {
            text: text.to_string().into(),
            span,
        };
        items.insert(
            1,
            Item::Header(HeaderField {
                key: name("title"),
                value: name(title),
            }),
        );
    }
    // Declarations of companions first: the script's own follow, then scenes.
    for tree in trees.iter().skip(1) {
        items.extend(
            tree.items
                .iter()
                .filter(|i| !matches!(i, Item::Header(_) | Item::Scene(_)))
                .cloned(),
        );
    }
    if let Some(script) = trees.first() {
        items.extend(
            script
                .items
                .iter()
                .filter(|i| !matches!(i, Item::Header(_)))
                .cloned(),
        );
    }
    for tree in trees.iter().skip(1) {
        items.extend(
            tree.items
                .iter()
                .filter(|i| matches!(i, Item::Scene(_)))
                .cloned(),
        );
    }
    SourceTree::new(file, items)
}
