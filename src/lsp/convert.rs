//! Byte offsets to LSP positions and back, and file paths to `file:` URIs.
//!
//! Spans are byte offsets; an LSP position is a 0-based line and a column
//! counted in the code units the client negotiated: UTF-16 (the protocol's
//! default) or UTF-8 (bytes). Lines end at `\n`, with a `\r` before it part
//! of the ending, as [`LineIndex`] counts them.

use std::path::{Path, PathBuf};

use lsp_types::Position;

use crate::span::LineIndex;

/// The unit an LSP column counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default.
    #[default]
    Utf16,
    /// Bytes of UTF-8.
    Utf8,
}

impl Encoding {
    /// Width of one character in this encoding's units.
    fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf8 => c.len_utf8() as u32,
        }
    }
}

/// A text with its line index, for converting many positions.
#[derive(Debug)]
pub struct LineMap<'a> {
    text: &'a str,
    lines: LineIndex,
    encoding: Encoding,
}

impl<'a> LineMap<'a> {
    /// Index `text` for positions in `encoding`.
    pub fn new(text: &'a str, encoding: Encoding) -> LineMap<'a> {
        LineMap {
            text,
            lines: LineIndex::new(text),
            encoding,
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to a
    /// character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.line_of(offset as u32);
        let start = self.lines.line_range(self.text, line).start;
        let character = match self.encoding {
            // Columns are bytes: nothing to count.
            Encoding::Utf8 => offset - start,
            // Code points (the index counts them from a checkpoint in a
            // long line, so many positions on one line do not each count
            // it whole), plus one for each character beyond the BMP, which
            // takes two UTF-16 units: the 4-byte sequences, whose lead
            // bytes are the only ones from 0xF0 up.
            Encoding::Utf16 => {
                let column = self.lines.line_col(self.text, offset as u32).column - 1;
                let astral = self.text.as_bytes()[start..offset]
                    .iter()
                    .filter(|&&b| b >= 0xF0)
                    .count();
                column + astral
            }
        };
        Position {
            line: line as u32,
            character: character as u32,
        }
    }

    /// The byte offset of a position. A line past the end is the end of
    /// the text; a column past the end of its line is the line's end (as
    /// the protocol asks), and one inside a character is that character's
    /// start.
    pub fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let range = self.lines.line_range(self.text, line);
        let mut units = 0;
        for (i, c) in self.text[range.clone()].char_indices() {
            let next = units + self.encoding.width(c);
            if next > position.character {
                return range.start + i;
            }
            units = next;
        }
        range.end
    }
}

/// The path of a `file:` URI, percent-decoded; `None` for other schemes.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://host/path`: only the local host (empty or `localhost`).
    let path = match rest.strip_prefix("localhost") {
        Some(p) if p.starts_with('/') => p,
        _ if rest.starts_with('/') => rest,
        _ => return None,
    };
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(out).ok()?;
    // Windows: `file:///C:/x` names `C:/x`.
    let path = match path.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => path[1..].to_string(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// A `file:` URI for an absolute path, percent-encoding everything but
/// unreserved characters and `/` (so a client compares it equal to its own).
pub fn path_to_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (b == b':' && cfg!(windows)) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn columns_count_the_negotiated_units() {
        // `ö` is 2 bytes and 1 UTF-16 unit; `𝄞` is 4 bytes and 2 units.
        let text = "ab\nKö𝄞x\r\nlast";
        let x = text.find('x').unwrap();
        let utf16 = LineMap::new(text, Encoding::Utf16);
        let utf8 = LineMap::new(text, Encoding::Utf8);
        assert_eq!(utf16.position(x), pos(1, 4));
        assert_eq!(utf8.position(x), pos(1, 7));
        assert_eq!(utf16.offset(pos(1, 4)), x);
        assert_eq!(utf8.offset(pos(1, 7)), x);
        // Past the end of a line: the line's end, before `\r\n`.
        assert_eq!(utf16.offset(pos(1, 99)), x + 1);
        // Inside a surrogate pair: the character's start.
        assert_eq!(utf16.offset(pos(1, 3)), text.find('𝄞').unwrap());
        assert_eq!(utf16.offset(pos(9, 0)), text.len());
        assert_eq!(utf16.position(text.len()), pos(2, 4));
    }

    #[test]
    fn columns_far_into_a_long_line_are_counted_right() {
        let line = "aı€😀".repeat(2000); // 1, 2, 3 and 4 bytes; 1, 1, 1, 2 units
        let text = format!("x\n{line}end");
        let end = text.len() - 3;
        let utf16 = LineMap::new(&text, Encoding::Utf16);
        assert_eq!(utf16.position(end), pos(1, 2000 * 5));
        assert_eq!(utf16.offset(pos(1, 2000 * 5)), end);
        let utf8 = LineMap::new(&text, Encoding::Utf8);
        assert_eq!(utf8.position(end), pos(1, 2000 * 10));
    }

    #[test]
    fn every_offset_round_trips() {
        let text = "é𝄞\n\r\nz ı";
        for enc in [Encoding::Utf16, Encoding::Utf8] {
            let map = LineMap::new(text, enc);
            for (i, _) in text.char_indices() {
                if text[..i].ends_with('\r') {
                    continue; // `\r\n` is one line ending.
                }
                assert_eq!(map.offset(map.position(i)), i, "{enc:?} {i}");
            }
        }
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/home/a b/Kadıköy/story.scenes");
        let uri = path_to_uri(path);
        assert_eq!(uri, "file:///home/a%20b/Kad%C4%B1k%C3%B6y/story.scenes");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(
            uri_to_path("file://localhost/x.scenes").as_deref(),
            Some(Path::new("/x.scenes"))
        );
    }
}
