//! Loaded source files.
//!
//! Every stage refers to text through [`Span`]s; this is the one place that
//! owns the text and turns spans back into paths, lines and columns.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::span::{FileId, LineCol, LineIndex, Span};

/// One source file: its path as the user named it, and its text (UTF-8,
/// without a byte-order mark).
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: String,
    lines: OnceLock<LineIndex>,
}

impl SourceFile {
    /// The path as given on the command line or found by walking a directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The line index, built on first use.
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    /// Line and column of a byte offset.
    pub fn line_col(&self, offset: u32) -> LineCol {
        self.lines().line_col(&self.text, offset)
    }
}

/// Why a file could not be turned into text.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all.
    Io(std::io::Error),
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    ///
    /// The valid text before that byte is still added under `file`, so the
    /// error can point at a line and column.
    InvalidUtf8 {
        /// The file holding the valid prefix.
        file: FileId,
        /// Offset of the first byte that is not valid UTF-8.
        offset: usize,
    },
    /// The file is larger than spans can address (4 GiB).
    TooLarge(u64),
}

/// All files of a run, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

/// The largest file a span can address.
pub const MAX_FILE_LEN: usize = u32::MAX as usize - 1;

impl Sources {
    /// An empty set of sources.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Add text under a path and return its id. A leading BOM is dropped.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> FileId {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            path: path.into(),
            text,
            lines: OnceLock::new(),
        });
        id
    }

    /// Decode bytes read from `path` and add them.
    ///
    /// On invalid UTF-8 the valid prefix is still added, so the error can
    /// point at a line and column; the id comes back with the error.
    pub fn add_bytes(
        &mut self,
        path: impl Into<PathBuf>,
        bytes: Vec<u8>,
    ) -> Result<FileId, (FileId, usize)> {
        let path = path.into();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.add(path, text)),
            Err(err) => {
                let offset = err.utf8_error().valid_up_to();
                let mut bytes = err.into_bytes();
                bytes.truncate(offset);
                let prefix = String::from_utf8(bytes).unwrap_or_default();
                Err((self.add(path, prefix), offset))
            }
        }
    }

    /// Read a file from disk and add it.
    pub fn load(&mut self, path: &Path) -> Result<FileId, LoadError> {
        let bytes = std::fs::read(path).map_err(LoadError::Io)?;
        if bytes.len() > MAX_FILE_LEN {
            return Err(LoadError::TooLarge(bytes.len() as u64));
        }
        self.add_bytes(path, bytes)
            .map_err(|(file, offset)| LoadError::InvalidUtf8 { file, offset })
    }

    /// The file behind an id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        let text = self.get(span.file).text();
        text.get(span.range()).unwrap_or("")
    }

    /// Every file, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
