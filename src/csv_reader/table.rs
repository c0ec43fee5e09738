//! Cells of a CSV or TSV file with where each was written.
//!
//! `csv-core` does the splitting (quotes, doubled quotes, CRLF); this module
//! only keeps, for every cell, the byte offset its text starts at, so a
//! problem inside a cell is reported at its line and column.

use csv_core::{ReadFieldResult, ReaderBuilder};

/// One cell.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// The cell's value, quotes removed.
    pub value: String,
    /// Byte offset of the raw cell (its opening quote, if quoted).
    pub raw_start: usize,
    /// Byte offset of the value's first byte in the file (after the quote).
    pub start: usize,
    /// Byte offset just past the value as written (before a closing quote).
    pub end: usize,
    /// A quoted cell whose quote never closed.
    pub unclosed: bool,
}

/// Split `text` into rows of cells. Blank lines are skipped, as `csv-core`
/// skips them. One pass over the text.
pub(crate) fn rows(text: &str, delimiter: u8) -> Vec<Vec<Cell>> {
    let input = text.as_bytes();
    let mut reader = ReaderBuilder::new().delimiter(delimiter).build();
    let mut out = vec![0u8; input.len() + 1];
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut pos = 0;
    let mut field_start = 0;
    // Bytes of the current value written to `out` so far: a value can
    // arrive in pieces (the last one at the end of the input).
    let mut written = 0;
    loop {
        let (result, nin, nout) = reader.read_field(&input[pos..], &mut out[written..]);
        pos += nin;
        written += nout;
        match result {
            ReadFieldResult::InputEmpty => {}
            // `out` is as long as the input, and a value is never longer.
            ReadFieldResult::OutputFull => out.resize(out.len() * 2, 0),
            ReadFieldResult::Field { record_end } => {
                let value = String::from_utf8_lossy(&out[..written]).into_owned();
                written = 0;
                let ends = (record_end, delimiter);
                row.push(cell(input, (field_start, pos), value, row.is_empty(), ends));
                field_start = pos;
                if record_end {
                    rows.push(std::mem::take(&mut row));
                }
            }
            ReadFieldResult::End => break,
        }
    }
    rows
}

/// Where a cell's value sits in `input[from..to]` (which may include the
/// delimiter or line end after it, and, for a row's first cell, blank lines
/// before it).
fn cell(input: &[u8], span: (usize, usize), value: String, first: bool, ends: (bool, u8)) -> Cell {
    let (from, to) = span;
    let (record_end, delimiter) = ends;
    let mut raw_start = from;
    if first {
        while raw_start < to && matches!(input[raw_start], b'\r' | b'\n') {
            raw_start += 1;
        }
    }
    let mut raw_end = to;
    while raw_end > raw_start && matches!(input[raw_end - 1], b'\r' | b'\n') {
        raw_end -= 1;
    }
    if !record_end && raw_end > raw_start && input[raw_end - 1] == delimiter {
        raw_end -= 1;
    }
    let raw = &input[raw_start..raw_end];
    let quoted = raw.first() == Some(&b'"');
    let quotes = raw.iter().filter(|&&b| b == b'"').count();
    let unclosed = quoted && quotes % 2 == 1;
    let (start, end) = if quoted {
        let end = if unclosed || raw_end - raw_start < 2 {
            raw_end
        } else {
            raw_end - 1
        };
        (raw_start + 1, end.max(raw_start + 1))
    } else {
        (raw_start, raw_end)
    };
    Cell {
        value,
        raw_start,
        start,
        end,
        unclosed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(rows: &[Vec<Cell>]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.value.as_str()).collect())
            .collect()
    }

    #[test]
    fn cells_keep_their_offsets() {
        let text = "id,title\na,\"Hi, there\"\r\n\nb,\"say \"\"x\"\"\"\n";
        let rows = rows(text, b',');
        assert_eq!(
            values(&rows),
            [
                vec!["id", "title"],
                vec!["a", "Hi, there"],
                vec!["b", "say \"x\""]
            ]
        );
        let hi = &rows[1][1];
        assert!(!hi.unclosed);
        assert_eq!(&text[hi.start..hi.end], "Hi, there");
        let b = &rows[2][0];
        assert_eq!(&text[b.start..b.end], "b");
    }

    #[test]
    fn an_unclosed_quote_is_seen() {
        let text = "id,title\na,\"open\nb,c\n";
        let rows = rows(text, b',');
        let last = rows.last().and_then(|r| r.last()).expect("a cell");
        assert!(last.unclosed);
        assert_eq!(last.raw_start, 11);
    }

    #[test]
    fn tabs_split_tsv() {
        let rows = rows("id\ttitle\na\tb, c", b'\t');
        assert_eq!(values(&rows), [vec!["id", "title"], vec!["a", "b, c"]]);
        assert_eq!(rows[1][1].start, 11);
    }
}
