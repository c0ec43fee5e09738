//! Source locations.
//!
//! A [`Span`] is a pair of byte offsets into one file plus the file's id. Line
//! and column are never stored: they are computed from a [`LineIndex`] only
//! when a diagnostic is printed, so the parser does no bookkeeping per
//! character and a span stays 12 bytes. Columns count Unicode code points,
//! which is what a writer sees in an editor (`Kadıköy` is 7 columns wide).

use serde::Serialize;

/// Identifies one loaded source file within a [`crate::source::Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A half-open byte range `start..end` inside one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range lies in.
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span from byte `start` to byte `end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            file,
            start: start as u32,
            end: end as u32,
        }
    }

    /// The smallest span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The byte range as `usize`s, for slicing.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// True when the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// Byte offsets of every line start in a text, for turning offsets into
/// line and column numbers on demand.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Inside lines longer than [`CHECKPOINT`] bytes: every `CHECKPOINT`
    /// bytes (on a character boundary), the offset and the code points
    /// from the line start to it. Columns far into a long line are then
    /// counted from the nearest checkpoint, so many diagnostics on one
    /// 10 MB line do not each count the whole line.
    checkpoints: Vec<(u32, u32)>,
}

/// Bytes between column checkpoints in long lines.
const CHECKPOINT: usize = 4096;

/// A 1-based line and column (column in code points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode code points.
    pub column: usize,
}

impl LineIndex {
    /// Index the line starts of `text` (`\n` ends a line; a `\r` before it is
    /// part of the line ending and never counted as a column).
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 32 + 1);
        starts.push(0);
        starts.extend(memchr_newlines(text.as_bytes()).map(|i| (i + 1) as u32));
        let mut checkpoints = Vec::new();
        for (line, &start) in starts.iter().enumerate() {
            let start = start as usize;
            let end = starts.get(line + 1).map_or(text.len(), |&s| s as usize);
            if end - start <= CHECKPOINT {
                continue;
            }
            let (mut at, mut chars) = (start, 0);
            loop {
                let mut next = at + CHECKPOINT;
                if next >= end {
                    break;
                }
                while !text.is_char_boundary(next) {
                    next += 1;
                }
                chars += text[at..next].chars().count();
                checkpoints.push((next as u32, chars as u32));
                at = next;
            }
        }
        LineIndex {
            starts,
            checkpoints,
        }
    }

    /// Number of lines (a trailing newline starts an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding byte `offset`.
    pub fn line_of(&self, offset: u32) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line] as usize;
        let mut end = self
            .starts
            .get(line + 1)
            .map(|&s| s as usize - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Line and column (1-based, code points) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: u32) -> LineCol {
        let offset = (offset as usize).min(text.len());
        let line = self.line_of(offset as u32);
        let start = self.starts[line] as usize;
        let mut cut = offset;
        while cut > start && !text.is_char_boundary(cut) {
            cut -= 1;
        }
        // The nearest checkpoint at or before `cut`, if it is in this line.
        let nearest = self
            .checkpoints
            .partition_point(|&(at, _)| at as usize <= cut)
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
            .filter(|&(at, _)| at as usize > start);
        let (from, before) =
            nearest.map_or((start, 0), |(at, chars)| (at as usize, chars as usize));
        LineCol {
            line: line + 1,
            column: before + text[from..cut].chars().count() + 1,
        }
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_code_points() {
        let text = "ab\nKadıköy x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 3);
        let x = text.find(" x").unwrap() as u32 + 1;
        assert_eq!(index.line_col(text, x), LineCol { line: 2, column: 9 });
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        let last = text.find("last").unwrap() as u32;
        assert_eq!(index.line_col(text, last), LineCol { line: 3, column: 1 });
        assert_eq!(&text[index.line_range(text, 1)], "Kadıköy x");
    }

    #[test]
    fn columns_in_long_lines_agree_with_counting() {
        let line: String = "aı€😀".repeat(3000); // 1, 2, 3 and 4 bytes
        let text = format!("short\n{line}\n{line}x\nend");
        let index = LineIndex::new(&text);
        assert!(!index.checkpoints.is_empty());
        let mut offset = 0;
        while offset <= text.len() {
            let mut cut = offset;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let line = text[..cut].matches('\n').count();
            let start = text[..cut].rfind('\n').map_or(0, |i| i + 1);
            let expected = LineCol {
                line: line + 1,
                column: text[start..cut].chars().count() + 1,
            };
            assert_eq!(
                index.line_col(&text, offset as u32),
                expected,
                "at {offset}"
            );
            offset += 97;
        }
    }

    #[test]
    fn offset_past_end_is_clamped() {
        let text = "abc";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 99), LineCol { line: 1, column: 4 });
    }
}
