//! The readers: one place that says which files chronotope reads and how.
//!
//! Every input format turns a file's text into the same [`SourceTree`]. A
//! reader registers here with its name (the `--input-format` value) and
//! its extensions; the loader ([`crate::workspace`]) asks this module
//! which reader a path takes, so a new format (Markdown, FDX, CSV …) is a
//! variant, a row in [`READERS`] and its `read` arm, and the pipeline does
//! not change.

use std::path::Path;

use crate::csv_reader;
use crate::diagnostics::{codes, Diagnostic};
use crate::fountain;
use crate::markdown;
use crate::span::{FileId, Span};
use crate::syntax::{self, SourceTree};

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reader {
    /// Scene files (`docs/scene-format.md`).
    Scenes,
    /// Fountain screenplays (`docs/fountain.md`).
    Fountain,
    /// Final Draft scripts (`docs/fdx.md`).
    Fdx,
    /// Markdown notes with front matter, a folder of them one story
    /// (`docs/markdown.md`).
    Markdown,
    /// CSV tables, Aeon Timeline's columns included (`docs/csv.md`).
    Csv,
    /// TSV tables, as CSV with tabs.
    Tsv,
    /// Story Curves JSON (`docs/csv.md`); read only when named or chosen
    /// with `--input-format storycurve`, never by a directory walk.
    StoryCurve,
}

/// A reader's entry in the table.
#[derive(Debug)]
pub struct Registration {
    /// The reader.
    pub reader: Reader,
    /// Its name, as `--input-format` spells it.
    pub name: &'static str,
    /// The file extensions it reads when walking a directory (matched
    /// exactly) and, ignoring case, when a named file goes by extension.
    pub extensions: &'static [&'static str],
}

/// Every reader, the scene-file reader first (the default for a named file
/// whose extension no reader claims).
pub const READERS: &[Registration] = &[
    Registration {
        reader: Reader::Scenes,
        name: "scenes",
        extensions: &["scenes"],
    },
    Registration {
        reader: Reader::Fountain,
        name: "fountain",
        extensions: &["fountain"],
    },
    Registration {
        reader: Reader::Fdx,
        name: "fdx",
        extensions: &["fdx"],
    },
    Registration {
        reader: Reader::Markdown,
        name: "markdown",
        extensions: &["md", "markdown"],
    },
    Registration {
        reader: Reader::Csv,
        name: "csv",
        extensions: &["csv"],
    },
    Registration {
        reader: Reader::Tsv,
        name: "tsv",
        extensions: &["tsv"],
    },
    Registration {
        reader: Reader::StoryCurve,
        name: "storycurve",
        extensions: &[],
    },
];

/// Extensions a named file goes by that a directory walk never reads: any
/// `.json` may sit beside a story, so only a named one is Story Curves.
const NAMED_ONLY: &[(&str, Reader)] = &[("json", Reader::StoryCurve)];

/// What a reader needs besides the text.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions<'a> {
    /// Infer story-time from chronology cues (Fountain's `--infer`).
    pub infer: bool,
    /// The script's companion scene files, whose declarations it uses.
    pub companions: &'a [&'a SourceTree],
    /// The file's stem, for readers that make ids and titles from file
    /// names (a Markdown note).
    pub name: &'a str,
    /// Read a scene file as an outline, its scenes' lines left for the
    /// resolver to have parsed ([`crate::syntax::parser::parse_outline`]).
    pub outline: bool,
}

impl Reader {
    /// The reader a file goes to by its extension (ignoring case), if any
    /// reader claims it.
    pub fn by_extension(path: &Path) -> Option<Reader> {
        let ext = path.extension()?.to_str()?;
        READERS
            .iter()
            .find(|r| r.extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)))
            .map(|r| r.reader)
            .or_else(|| {
                NAMED_ONLY
                    .iter()
                    .find(|(e, _)| e.eq_ignore_ascii_case(ext))
                    .map(|&(_, r)| r)
            })
    }

    /// The reader a file named on the command line goes to when no
    /// `--input-format` is given: by extension, else a scene file.
    pub fn for_named(path: &Path) -> Reader {
        Reader::by_extension(path).unwrap_or(Reader::Scenes)
    }

    /// The reader of an `--input-format` name.
    pub fn by_name(name: &str) -> Option<Reader> {
        READERS.iter().find(|r| r.name == name).map(|r| r.reader)
    }

    /// What files of this format are called in messages (`Final Draft`,
    /// `CSV tables`).
    pub fn kind(self) -> &'static str {
        match self {
            Reader::Scenes => "scene files",
            Reader::Fountain => "Fountain",
            Reader::Fdx => "Final Draft",
            Reader::Markdown => "Markdown notes",
            Reader::Csv => "CSV tables",
            Reader::Tsv => "TSV tables",
            Reader::StoryCurve => "Story Curves JSON",
        }
    }

    /// The reader's name.
    pub fn name(self) -> &'static str {
        READERS
            .iter()
            .find(|r| r.reader == self)
            .map_or("scenes", |r| r.name)
    }

    /// Whether a file of this format is a story of its own, with an
    /// optional companion scene file of the same stem beside it (every
    /// format but scene files and Markdown notes, which group by directory).
    pub fn is_script(self) -> bool {
        !matches!(self, Reader::Scenes | Reader::Markdown)
    }

    /// Read one file's text into a tree, with the problems found. A file
    /// with nothing in it gets an `E0104`-style "empty" error saying what
    /// a story of this format starts with.
    pub fn read(
        self,
        id: FileId,
        text: &str,
        options: &ReadOptions<'_>,
    ) -> (SourceTree, Vec<Diagnostic>) {
        match self {
            Reader::Scenes => read_scenes(id, text, options.outline),
            Reader::Fountain | Reader::Fdx => read_script(self, id, text, options),
            Reader::Markdown => {
                let markdown_options = markdown::ReadOptions {
                    name: options.name,
                    companions: options.companions,
                };
                markdown::read(id, text, &markdown_options)
            }
            Reader::Csv => read_table(id, text, b',', options),
            Reader::Tsv => read_table(id, text, b'\t', options),
            Reader::StoryCurve => csv_reader::storycurve::read(id, text),
        }
    }
}

/// A scene file. A file whose every line is wrong is not empty: its errors
/// say why.
///
/// As an outline, the problems inside scenes come when they are parsed; a
/// file with a scene is not empty either way.
fn read_scenes(id: FileId, text: &str, outline: bool) -> (SourceTree, Vec<Diagnostic>) {
    let (tree, mut diagnostics) = if outline {
        syntax::parser::parse_outline(id, text)
    } else {
        syntax::parse(id, text)
    };
    let is_empty = diagnostics.is_empty()
        && tree
            .items
            .iter()
            .all(|i| matches!(i, syntax::tree::Item::Comment(_)));
    if is_empty {
        diagnostics.push(
            Diagnostic::error(codes::EMPTY_FILE, "the file is empty")
                .primary(Span::new(id, 0, 0), "no declarations or scenes")
                .help("a story starts with `title: …` and has at least one `scene ID: TITLE`"),
        );
    }
    (tree, diagnostics)
}

/// A script: Fountain or Final Draft. A Final Draft file that is not read
/// at all (malformed XML) has its error already, not an "empty" one.
fn read_script(
    reader: Reader,
    id: FileId,
    text: &str,
    options: &ReadOptions<'_>,
) -> (SourceTree, Vec<Diagnostic>) {
    let fountain_options = fountain::ReadOptions {
        infer: options.infer,
        companions: options.companions,
    };
    let (tree, mut diagnostics) = if reader == Reader::Fdx {
        crate::fdx::read(id, text, &fountain_options)
    } else {
        fountain::read(id, text, &fountain_options)
    };
    let unread = diagnostics
        .iter()
        .any(|d| d.code == codes::MALFORMED_XML || d.code == codes::NOT_FINAL_DRAFT);
    if tree.items.is_empty() && !unread {
        diagnostics.push(
            Diagnostic::error(codes::EMPTY_FILE, "the script has no scenes")
                .primary(Span::new(id, 0, 0), "no scene headings or declarations")
                .help("a scene starts with a heading such as `INT. KITCHEN - NIGHT`, with a blank line before and after it"),
        );
    }
    (tree, diagnostics)
}

/// A CSV or TSV table; a table without rows says what one looks like.
fn read_table(
    id: FileId,
    text: &str,
    delimiter: u8,
    options: &ReadOptions<'_>,
) -> (SourceTree, Vec<Diagnostic>) {
    let (tree, mut diagnostics) = csv_reader::read(id, text, delimiter, options.companions);
    if tree.items.is_empty() && diagnostics.is_empty() {
        diagnostics.push(
            Diagnostic::error(codes::EMPTY_FILE, "the table has no scenes")
                .primary(Span::new(id, 0, 0), "no header row and scene rows")
                .help("a table starts with a header row such as `Title,Start Date,Participants` and has one row per scene"),
        );
    }
    (tree, diagnostics)
}

/// Whether a directory walk reads this file: its extension is one a reader
/// registered (exactly, as the walk has always matched).
pub fn is_story_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| READERS.iter().any(|r| r.extensions.contains(&e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_and_names_pick_the_reader() {
        assert_eq!(
            Reader::by_extension(Path::new("a/film.fountain")),
            Some(Reader::Fountain)
        );
        assert_eq!(
            Reader::by_extension(Path::new("FILM.FOUNTAIN")),
            Some(Reader::Fountain)
        );
        assert_eq!(
            Reader::by_extension(Path::new("a.scenes")),
            Some(Reader::Scenes)
        );
        assert_eq!(Reader::by_extension(Path::new("notes.txt")), None);
        assert_eq!(Reader::for_named(Path::new("notes.txt")), Reader::Scenes);
        assert_eq!(Reader::by_name("fountain"), Some(Reader::Fountain));
        assert_eq!(Reader::by_name("auto"), None);
        for r in READERS {
            assert_eq!(Reader::by_name(r.name), Some(r.reader));
            assert_eq!(r.reader.name(), r.name);
        }
    }

    #[test]
    fn the_walk_matches_extensions_exactly() {
        assert!(is_story_file(Path::new("d/a.scenes")));
        assert!(is_story_file(Path::new("d/a.fountain")));
        assert!(is_story_file(Path::new("d/a.fdx")));
        assert_eq!(Reader::by_extension(Path::new("A.FDX")), Some(Reader::Fdx));
        assert!(!is_story_file(Path::new("d/a.Fountain")));
        assert!(!is_story_file(Path::new("d/a.svg")));
        assert!(!is_story_file(Path::new("d/scenes")));
        assert!(is_story_file(Path::new("d/01 Opening.md")));
        assert!(!Reader::Markdown.is_script());
        assert_eq!(Reader::for_named(Path::new("a/Note.MD")), Reader::Markdown);
    }

    #[test]
    fn an_empty_file_says_what_a_story_starts_with() {
        let options = ReadOptions::default();
        for reader in [Reader::Scenes, Reader::Fountain] {
            let (_, d) = reader.read(FileId(0), "", &options);
            assert_eq!(d.len(), 1, "{reader:?}");
            assert_eq!(d[0].code, codes::EMPTY_FILE);
        }
        let (_, d) = Reader::Scenes.read(FileId(0), "not a declaration\n", &options);
        assert!(d.iter().all(|d| d.code != codes::EMPTY_FILE));
    }
}
