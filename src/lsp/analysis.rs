//! The result of analysing one story: what `check` found, the names of
//! every file, and how to turn its spans into the client's positions.
//!
//! An analysis is made on the analyser thread from a snapshot of the open
//! documents and then only read, so a request is answered from the text
//! the analysis saw even if the client has typed since (positions are
//! clamped, never out of bounds).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types as lsp;

use super::convert::{path_to_uri, uri_to_path, Encoding, LineMap};
use super::index::Index;
use crate::diagnostics::Diagnostic;
use crate::engine::Chronology;
use crate::span::{FileId, Span};
use crate::workspace::{LoadedStory, Workspace, EXTENSIONS};

/// What is analysed together: the scene files of one directory (which may
/// hold several stories), or a document that is not a scene file on disk
/// (`untitled:`, another extension), alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StoryKey {
    /// The files directly in this directory.
    Dir(PathBuf),
    /// This document (by URI) on its own.
    Alone(String),
}

impl StoryKey {
    /// The unit a document belongs to.
    pub fn of(uri: &str) -> StoryKey {
        let on_disk = uri_to_path(uri).filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e))
        });
        match on_disk.as_deref().and_then(Path::parent) {
            Some(dir) => StoryKey::Dir(dir.to_path_buf()),
            None => StoryKey::Alone(uri.to_string()),
        }
    }
}

/// An open document as an analysis saw it.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// Its URI, as the client wrote it.
    pub uri: String,
    /// Its version.
    pub version: i32,
    /// Its text.
    pub text: String,
}

/// Everything known about one story after checking it.
#[derive(Debug)]
pub struct Analysis {
    /// What was analysed.
    pub key: StoryKey,
    /// The schedule's generation of the text analysed.
    pub generation: u64,
    /// The files, parsed.
    pub ws: Workspace,
    /// Every diagnostic `check` reports.
    pub diagnostics: Vec<Diagnostic>,
    /// Each story of `ws.stories`, resolved, with its chronology when the
    /// engine could run.
    pub stories: Vec<(LoadedStory, Option<Chronology>)>,
    /// The names of each story of `ws.stories`.
    pub indexes: Vec<Index>,
    /// The story each file belongs to.
    story_of: HashMap<FileId, usize>,
    /// The open documents analysed: URI → file and version.
    open: HashMap<String, (FileId, i32)>,
    /// The URI the client uses for a file it has open.
    uris: HashMap<FileId, String>,
    /// Files whose client text starts with a byte-order mark, which the
    /// sources drop but the client counts in the first line's columns.
    bom: HashSet<FileId>,
}

impl Analysis {
    /// Gather the analysis of `ws` made from the documents `open`.
    pub fn new(
        key: StoryKey,
        generation: u64,
        ws: Workspace,
        (diagnostics, stories): (Vec<Diagnostic>, Vec<(LoadedStory, Option<Chronology>)>),
        open: &[Snapshot],
    ) -> Analysis {
        let indexes: Vec<Index> = ws.stories.iter().map(|s| Index::build(&s.trees)).collect();
        let story_of = ws
            .stories
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.trees.iter().map(move |t| (t.file, i)))
            .collect();
        let mut a = Analysis {
            key,
            generation,
            ws,
            diagnostics,
            stories,
            indexes,
            story_of,
            open: HashMap::new(),
            uris: HashMap::new(),
            bom: HashSet::new(),
        };
        a.note_open(open);
        a
    }

    /// Find the files of the open documents.
    fn note_open(&mut self, open: &[Snapshot]) {
        let by_path: HashMap<&Path, FileId> = self
            .ws
            .sources
            .iter()
            .map(|(id, f)| (f.path(), id))
            .collect();
        for doc in open {
            let file = match &self.key {
                StoryKey::Alone(_) => (!self.ws.sources.is_empty()).then_some(FileId(0)),
                StoryKey::Dir(_) => uri_to_path(&doc.uri).and_then(|p| by_path.get(&*p).copied()),
            };
            let Some(file) = file else { continue };
            self.open.insert(doc.uri.clone(), (file, doc.version));
            self.uris.insert(file, doc.uri.clone());
            if doc.text.starts_with('\u{feff}') {
                self.bom.insert(file);
            }
        }
    }

    /// The file and analysed version of an open document, if this analysis
    /// saw it.
    pub fn document(&self, uri: &str) -> Option<(FileId, i32)> {
        self.open.get(uri).copied()
    }

    /// The index of the story `file` belongs to, and the story.
    pub fn story(&self, file: FileId) -> Option<(&Index, &(LoadedStory, Option<Chronology>))> {
        let i = *self.story_of.get(&file)?;
        Some((self.indexes.get(i)?, self.stories.get(i)?))
    }

    /// The URI of a file: the client's own for an open document.
    pub fn uri_of(&self, file: FileId) -> Option<lsp::Uri> {
        let text = match self.uris.get(&file) {
            Some(u) => u.clone(),
            None => path_to_uri(&absolute(self.ws.sources.get(file).path())),
        };
        lsp::Uri::from_str(&text).ok()
    }

    /// Position conversion for one file.
    pub fn positions(&self, file: FileId, encoding: Encoding) -> Positions<'_> {
        let bom = match (self.bom.contains(&file), encoding) {
            (false, _) => 0,
            (true, Encoding::Utf16) => 1,
            (true, Encoding::Utf8) => 3,
        };
        Positions {
            map: LineMap::new(self.ws.sources.get(file).text(), encoding),
            bom,
        }
    }
}

/// A file's byte offsets to the client's positions and back.
#[derive(Debug)]
pub struct Positions<'a> {
    map: LineMap<'a>,
    /// Width of a byte-order mark the client has before the first line.
    bom: u32,
}

impl Positions<'_> {
    /// The client's position of a byte offset.
    pub fn position(&self, offset: usize) -> lsp::Position {
        let mut p = self.map.position(offset);
        if p.line == 0 {
            p.character += self.bom;
        }
        p
    }

    /// The client's range of a span.
    pub fn range(&self, span: Span) -> lsp::Range {
        lsp::Range {
            start: self.position(span.start as usize),
            end: self.position(span.end as usize),
        }
    }

    /// The byte offset of a client's position (clamped to the text).
    pub fn offset(&self, mut position: lsp::Position) -> usize {
        if position.line == 0 {
            position.character = position.character.saturating_sub(self.bom);
        }
        self.map.offset(position)
    }
}

/// Locations in any file of an analysis, each file indexed once.
pub struct Locator<'a> {
    a: &'a Analysis,
    encoding: Encoding,
    maps: HashMap<FileId, Positions<'a>>,
}

impl<'a> Locator<'a> {
    /// A locator for spans of `a`.
    pub fn new(a: &'a Analysis, encoding: Encoding) -> Locator<'a> {
        Locator {
            a,
            encoding,
            maps: HashMap::new(),
        }
    }

    /// The range of a span in its file.
    pub fn range(&mut self, span: Span) -> lsp::Range {
        let (a, encoding) = (self.a, self.encoding);
        self.maps
            .entry(span.file)
            .or_insert_with(|| a.positions(span.file, encoding))
            .range(span)
    }

    /// The location of a span.
    pub fn location(&mut self, span: Span) -> Option<lsp::Location> {
        Some(lsp::Location {
            uri: self.a.uri_of(span.file)?,
            range: self.range(span),
        })
    }
}

/// `path` made absolute against the working directory, for a URI.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_belong_to_their_directory_or_stand_alone() {
        assert_eq!(
            StoryKey::of("file:///s/a.scenes"),
            StoryKey::Dir(PathBuf::from("/s"))
        );
        assert_eq!(
            StoryKey::of("file:///s/b.fountain"),
            StoryKey::Dir(PathBuf::from("/s"))
        );
        for alone in ["untitled:Untitled-1", "file:///s/notes.txt"] {
            assert_eq!(StoryKey::of(alone), StoryKey::Alone(alone.into()));
        }
    }

    #[test]
    fn a_byte_order_mark_shifts_the_first_line_only() {
        let text = "\u{feff}scene a: A\n  story: 2020\n";
        let doc = Snapshot {
            uri: "untitled:x".into(),
            version: 3,
            text: text.into(),
        };
        let ws = Workspace::from_text("x.scenes", text);
        let key = StoryKey::of(&doc.uri);
        let a = Analysis::new(key, 1, ws, (Vec::new(), Vec::new()), &[doc]);
        assert_eq!(a.document("untitled:x"), Some((FileId(0), 3)));
        // `a` is at byte 6 of the source, which has no BOM.
        let utf16 = a.positions(FileId(0), Encoding::Utf16);
        assert_eq!(utf16.position(6), lsp::Position::new(0, 7));
        assert_eq!(utf16.offset(lsp::Position::new(0, 7)), 6);
        assert_eq!(utf16.offset(lsp::Position::new(0, 0)), 0);
        let utf8 = a.positions(FileId(0), Encoding::Utf8);
        assert_eq!(utf8.position(6), lsp::Position::new(0, 9));
        assert_eq!(utf8.position(13), lsp::Position::new(1, 2));
        assert_eq!(utf8.offset(lsp::Position::new(1, 2)), 13);
    }
}
