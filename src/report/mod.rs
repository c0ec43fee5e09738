//! Text, JSON and CSV views of what the engine computed.
//!
//! [`order`] prints the chronology as a table, [`stats`] the measures of
//! [`crate::engine::stats`], [`html`] both with the timelines and the
//! diagnostics as one page. Views are pure functions from the story and the
//! engine's output to a `String`; the CLI only chooses one and prints it. The shapes are documented in `docs/ordering.md`.
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

/// A plain text table: columns padded to their widest cell, two spaces
/// apart, no trailing spaces.
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
        // Width is counted in chars: close enough for the Latin, Greek and
        // Cyrillic text scene files mostly hold, and it needs no table of
        // East Asian widths.
        let width = |s: &str| s.chars().count();
        let header: Vec<String> = if self.header {
            self.columns.iter().map(|(h, _)| h.clone()).collect()
        } else {
            Vec::new()
        };
        let mut widths: Vec<usize> = self.columns.iter().map(|(h, _)| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let mut out = String::new();
        let header = self.header.then_some(&header);
        for row in header.into_iter().chain(&self.rows) {
            let mut line = " ".repeat(indent);
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    line.push_str("  ");
                }
                let pad = " ".repeat(widths[i] - width(cell));
                match self.columns[i].1 {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&pad);
                    }
                    Align::Right => {
                        line.push_str(&pad);
                        line.push_str(cell);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
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
}

#[cfg(test)]
mod view_tests;
