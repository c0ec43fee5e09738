//! Text, JSON and CSV views of what the engine computed.
//!
//! [`order`] prints the chronology as a table, [`stats`] the measures of
//! [`crate::engine::stats`], [`html`] both with the timelines and the
//! diagnostics as one page. Views are pure functions from the story and the
//! engine's output to a `String`; the CLI only chooses one and prints it. The shapes are documented in `docs/ordering.md`.
//!
//! Views with a row per scene also come as `write_*` functions that write
//! to any `std::io::Write` as the rows are made (`order::write_json`,
//! `order::write_csv`, `order::write_text`, `stats::write_json`,
//! `interchange::write_aeon_csv`, `interchange::write_storycurve`,
//! `breakdown::write_csv`), so a million scenes are never held as one
//! string; the `String` forms are those, written into memory, and print
//! the same bytes.
//!
//! Text views are meant for terminals, so scene text passes through
//! [`crate::present::clean`] first: a title cannot smuggle escape sequences onto the
//! reader's screen. JSON and CSV keep the text exactly, since they are data
//! (serde escapes control characters in JSON; CSV quotes them).

pub mod breakdown;
pub mod characters;
pub mod html;
pub mod interactive;
pub mod interchange;
pub mod order;
pub mod stats;
pub mod wardrobe;
pub mod works;

/// How a table column is aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// What a view writes into a `Vec` as a `String`: the `String` forms of
/// the views that stream (`order::json` beside `order::write_json`).
pub(crate) fn written(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> String {
    let mut out = Vec::new();
    // A Vec takes every byte, and the views write only UTF-8 text.
    write(&mut out).expect("writing into memory cannot fail");
    String::from_utf8(out).expect("views write UTF-8")
}

/// The columns of a plain text table and their widths: each padded to its
/// widest cell, two spaces apart, no trailing spaces. A table too big to
/// hold is printed in two passes over its rows: [`Layout::measure`] each
/// row, then [`Layout::line`] each row (cells are made again, never kept).
pub(crate) struct Layout {
    aligns: Vec<Align>,
    header: Vec<String>,
    widths: Vec<usize>,
    /// The line being laid out, reused from row to row.
    line: String,
}

/// Width is counted in chars: close enough for the Latin, Greek and
/// Cyrillic text scene files mostly hold, and it needs no table of East
/// Asian widths.
fn width(s: &str) -> usize {
    s.chars().count()
}

impl Layout {
    /// The columns with these headers and alignments, as wide as their
    /// headers.
    pub(crate) fn new(columns: &[(&str, Align)]) -> Layout {
        Layout {
            aligns: columns.iter().map(|&(_, a)| a).collect(),
            header: columns.iter().map(|&(h, _)| h.to_string()).collect(),
            widths: columns.iter().map(|&(h, _)| width(h)).collect(),
            line: String::new(),
        }
    }

    /// Widen the columns to hold a row (one cell per column).
    pub(crate) fn measure<S: AsRef<str>>(&mut self, cells: &[S]) {
        debug_assert_eq!(cells.len(), self.widths.len());
        for (w, cell) in self.widths.iter_mut().zip(cells) {
            *w = (*w).max(width(cell.as_ref()));
        }
    }

    /// The header line, indented by `indent` spaces, with its newline.
    pub(crate) fn header_line(&mut self, indent: usize) -> &str {
        let header = std::mem::take(&mut self.header);
        self.line(indent, &header);
        self.header = header;
        &self.line
    }

    /// A row's line (measured before), indented by `indent` spaces, with
    /// its newline.
    pub(crate) fn line<S: AsRef<str>>(&mut self, indent: usize, cells: &[S]) -> &str {
        let mut line = std::mem::take(&mut self.line);
        line.clear();
        self.push_line(&mut line, indent, cells);
        self.line = line;
        &self.line
    }

    /// [`Layout::line`] appended to `out`: rows laid out on several threads
    /// at once share one measured layout.
    pub(crate) fn push_line<S: AsRef<str>>(&self, out: &mut String, indent: usize, cells: &[S]) {
        let start = out.len();
        out.extend(std::iter::repeat_n(' ', indent));
        for (i, cell) in cells.iter().enumerate() {
            let cell = cell.as_ref();
            if i > 0 {
                out.push_str("  ");
            }
            // Saturating: a cell wider than measured is printed whole, unpadded.
            let pad = std::iter::repeat_n(' ', self.widths[i].saturating_sub(width(cell)));
            match self.aligns[i] {
                Align::Left => {
                    out.push_str(cell);
                    out.extend(pad);
                }
                Align::Right => {
                    out.extend(pad);
                    out.push_str(cell);
                }
            }
        }
        // Trailing spaces of this line only: what `out` held before stays.
        let kept = start + out[start..].trim_end().len();
        out.truncate(kept);
        out.push('\n');
    }
}

/// A plain text table held whole: columns padded to their widest cell,
/// two spaces apart, no trailing spaces (see [`Layout`] for one too big
/// to hold).
pub(crate) struct Table {
    columns: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
    header: bool,
}

impl Table {
    /// A table with these column headers and alignments, and no rows.
    pub(crate) fn new(columns: &[(&str, Align)]) -> Table {
        Table {
            columns: columns.iter().map(|&(h, a)| (h.to_string(), a)).collect(),
            rows: Vec::new(),
            header: true,
        }
    }

    /// Print only the rows (for label–value lists).
    pub(crate) fn without_header(mut self) -> Table {
        self.header = false;
        self
    }

    /// Add a row: one cell per column.
    pub(crate) fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }

    /// Render with every line indented by `indent` spaces.
    pub(crate) fn render(&self, indent: usize) -> String {
        let columns: Vec<(&str, Align)> =
            self.columns.iter().map(|(h, a)| (h.as_str(), *a)).collect();
        let mut layout = Layout::new(&columns);
        for row in &self.rows {
            layout.measure(row);
        }
        let mut out = String::new();
        if self.header {
            out.push_str(layout.header_line(indent));
        }
        for row in &self.rows {
            out.push_str(layout.line(indent, row));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_pad_by_characters() {
        let mut t = Table::new(&[("id", Align::Left), ("n", Align::Right)]);
        t.row(vec!["Kadıköy".into(), "1".into()]);
        t.row(vec!["x".into(), "22".into()]);
        assert_eq!(t.render(2), "  id        n\n  Kadıköy   1\n  x        22\n");
    }

    #[test]
    fn a_layout_measured_then_written_is_the_tables_bytes() {
        let columns = [
            ("#", Align::Right),
            ("title", Align::Left),
            ("e", Align::Left),
        ];
        let rows = [
            ["1", "Kadıköy ferry", ""],
            ["10", "x", "end"],
            ["7", "", ""],
        ];
        let mut table = Table::new(&columns);
        let mut layout = Layout::new(&columns);
        for r in &rows {
            table.row(r.iter().map(|c| c.to_string()).collect());
            layout.measure(r);
        }
        let mut lines = layout.header_line(3).to_string();
        for r in &rows {
            lines.push_str(layout.line(3, r));
        }
        assert_eq!(lines, table.render(3));
        assert_eq!(
            lines,
            "    #  title          e\n    1  Kadıköy ferry\n   10  x              end\n    7\n"
        );
        // A cell wider than measured is printed whole, not a panic.
        assert_eq!(
            layout.line(0, &["1234", "a", "b"]),
            "1234  a              b\n"
        );
        // Appended rows give the same lines; trimming a row of empty cells
        // leaves the line before it whole.
        let mut appended = String::new();
        for r in &rows {
            layout.push_line(&mut appended, 3, r);
        }
        layout.push_line(&mut appended, 0, &["", "", ""]);
        assert_eq!(
            appended,
            "    1  Kadıköy ferry\n   10  x              end\n    7\n\n"
        );
    }
}

#[cfg(test)]
mod view_tests;
