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
    /// The file is larger than spans can address (4 GiB), or a stream
    /// (standard input, a pipe, a device) longer than [`MAX_STREAM_LEN`].
    TooLarge(u64),
    /// The path is a symbolic link or not a regular file, where only a
    /// regular file is read (a companion, `chronotope.toml`, a file found by
    /// walking a directory), or a device. The text says which.
    NotRegular(&'static str),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io(e) => f.write_str(&io_reason(e)),
            LoadError::InvalidUtf8 { offset, .. } => {
                write!(f, "not valid UTF-8 (byte offset {offset})")
            }
            LoadError::TooLarge(n) if *n > MAX_FILE_LEN as u64 => {
                write!(f, "{n} bytes is larger than the 4 GiB limit")
            }
            LoadError::TooLarge(_) => write!(
                f,
                "a stream longer than the {} MiB limit for standard input, pipes and devices",
                MAX_STREAM_LEN >> 20
            ),
            LoadError::NotRegular(why) => f.write_str(why),
        }
    }
}

/// A short, lower-case reason for an I/O error, for messages.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string().to_lowercase(),
    }
}

/// How [`read`] treats a path that is not a plain regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Open {
    /// A path the user named: symbolic links are followed, and a pipe or
    /// device is read up to [`MAX_STREAM_LEN`] (`<(cmd)`, `/dev/stdin`).
    Named,
    /// A file chronotope found itself (by walking a directory, as a
    /// script's companion, as `chronotope.toml`): read only if it is a
    /// regular file and not a symbolic link, so a link planted in someone
    /// else's repository cannot make chronotope print a file outside it.
    RegularOnly,
}

/// The most read from standard input, a pipe or a device: far above any
/// real story (the 200,000-scene benchmark story is 42 MB), and small
/// enough that `/dev/zero` fails in a fraction of a second.
pub const MAX_STREAM_LEN: usize = 256 << 20;

/// Read a file's bytes, bounded: a regular file larger than
/// [`MAX_FILE_LEN`] is refused before reading, anything else is read up to
/// [`MAX_STREAM_LEN`]. With [`Open::RegularOnly`] a symbolic link or a
/// non-regular file is refused without being opened, and the file opened is
/// checked to be the one examined (no link swapped in between).
pub fn read(path: &Path, open: Open) -> Result<Vec<u8>, LoadError> {
    let before = match open {
        Open::Named => std::fs::metadata(path),
        Open::RegularOnly => std::fs::symlink_metadata(path),
    }
    .map_err(LoadError::Io)?;
    if open == Open::RegularOnly && !before.file_type().is_file() {
        return Err(LoadError::NotRegular(kind_of(&before.file_type())));
    }
    let file = std::fs::File::open(path).map_err(LoadError::Io)?;
    let meta = file.metadata().map_err(LoadError::Io)?;
    if open == Open::RegularOnly && !same_file(&before, &meta) {
        return Err(LoadError::NotRegular("it was replaced while being opened"));
    }
    let limit = limit_for(&meta, false)?;
    // A regular file's size is known: one allocation of the right size, as
    // `std::fs::read` makes (no doubling, no peak of twice the file).
    let expected = if meta.is_file() {
        meta.len() as usize
    } else {
        0
    };
    read_limited_sized(file, limit, expected)
}

/// Read standard input as [`read`] reads a named file: a redirected
/// regular file is checked for size first, a device (`< /dev/zero`) is
/// refused unless it is the terminal, and a pipe is read up to
/// [`MAX_STREAM_LEN`].
pub fn read_stdin() -> Result<Vec<u8>, LoadError> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let fd = stdin.as_fd().try_clone_to_owned().map_err(LoadError::Io)?;
        let meta = std::fs::File::from(fd).metadata().map_err(LoadError::Io)?;
        let limit = limit_for(&meta, terminal)?;
        read_limited(stdin.lock(), limit)
    }
    #[cfg(not(unix))]
    {
        let _ = terminal;
        read_limited(stdin.lock(), MAX_STREAM_LEN)
    }
}

/// How much may be read from an open file: a regular file up to
/// [`MAX_FILE_LEN`] (refused at once if it is larger), a pipe or socket up
/// to [`MAX_STREAM_LEN`]; a directory and a device other than the terminal
/// are refused (`/dev/zero` would never end).
fn limit_for(meta: &std::fs::Metadata, terminal: bool) -> Result<usize, LoadError> {
    if meta.is_file() {
        if meta.len() > MAX_FILE_LEN as u64 {
            return Err(LoadError::TooLarge(meta.len()));
        }
        return Ok(MAX_FILE_LEN);
    }
    if meta.is_dir() {
        return Err(LoadError::NotRegular("it is a directory"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if (kind.is_char_device() || kind.is_block_device()) && !terminal {
            return Err(LoadError::NotRegular(
                "it is a device, not a file or a pipe",
            ));
        }
    }
    let _ = terminal;
    Ok(MAX_STREAM_LEN)
}

/// Read at most `limit` bytes from a stream; more is [`LoadError::TooLarge`].
pub fn read_limited(stream: impl std::io::Read, limit: usize) -> Result<Vec<u8>, LoadError> {
    read_limited_sized(stream, limit, 0)
}

/// [`read_limited`] with room for `expected` bytes made first.
fn read_limited_sized(
    stream: impl std::io::Read,
    limit: usize,
    expected: usize,
) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    // One byte more than expected, so reaching the end needs no growth.
    let mut bytes = Vec::with_capacity(expected.min(limit).saturating_add(1));
    stream
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(LoadError::Io)?;
    if bytes.len() > limit {
        return Err(LoadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Why a file found by chronotope itself is not read, for messages.
fn kind_of(t: &std::fs::FileType) -> &'static str {
    if t.is_symlink() {
        "it is a symbolic link, and chronotope follows no link to a file it finds by itself"
    } else if t.is_dir() {
        "it is a directory"
    } else {
        "it is not a regular file, and chronotope reads no other kind of file it finds by itself"
    }
}

/// Whether two metadata describe one file (device and inode on Unix; on
/// other platforms only that both are regular files).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino() && b.is_file()
    }
    #[cfg(not(unix))]
    {
        a.is_file() && b.is_file()
    }
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

    /// Read a file from disk (see [`read`]) and add it.
    pub fn load(&mut self, path: &Path, open: Open) -> Result<FileId, LoadError> {
        let bytes = read(path, open)?;
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
