//! The numbered key under a view: where a scene's title does not fit its
//! mark, the mark shows the scene's telling number and the title goes here,
//! whole (`12  Royale with cheese`). Titles are never cut with `…`; one too
//! wide for the view wraps at spaces onto further lines.

use super::metrics::{text_width, Weight};
use super::{size, Label};

/// Room between two entries on one line, pixels.
const ENTRY_GAP: f64 = 18.0;
/// Room between an entry's number and its title.
const NUMBER_GAP: f64 = 5.0;
/// Line height.
pub const LINE: f64 = 16.0;

/// The telling number of the scene at telling index `i`: 1-based, as the
/// telling axis counts.
pub fn number(i: usize) -> String {
    (i + 1).to_string()
}

/// Lay out key entries (telling index, title), in telling order, in lines
/// from the baseline `y` between `x0` and `x1`. Returns the labels (for
/// each entry its number, class `key-number`, then its title lines, class
/// `key-label`) and the height used (0 without entries).
pub fn layout(entries: &[(usize, &str)], x0: f64, x1: f64, y: f64) -> (Vec<Label>, f64) {
    let mut out = Vec::new();
    if entries.is_empty() {
        return (out, 0.0);
    }
    out.push(Label::new(x0, y, "Key", size::LABEL, "lane-label").bold());
    let (mut x, mut line_y) = (x0, y + LINE + 2.0);
    for &(i, title) in entries {
        let n = number(i);
        let nw = text_width(&n, size::SMALL, Weight::Bold);
        let tw = text_width(title, size::SMALL, Weight::Regular);
        let w = nw + NUMBER_GAP + tw;
        if x > x0 && x + w > x1 {
            x = x0;
            line_y += LINE;
        }
        out.push(Label::new(x, line_y, n, size::SMALL, "key-number").bold());
        let tx = x + nw + NUMBER_GAP;
        if tx + tw <= x1 {
            out.push(Label::new(tx, line_y, title, size::SMALL, "key-label"));
            x = tx + tw + ENTRY_GAP;
        } else {
            // Too wide for a line: wrap at spaces (a single word wider than
            // the view stays whole on its own line).
            for (k, part) in wrap(title, x1 - tx).into_iter().enumerate() {
                if k > 0 {
                    line_y += LINE;
                }
                out.push(Label::new(tx, line_y, part, size::SMALL, "key-label"));
            }
            x = x1;
        }
    }
    (out, line_y - y + 6.0)
}

/// Greedy word wrap of `text` into lines at most `width` wide.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size::SMALL, Weight::Regular) > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_flow_in_lines_without_overlap_and_keep_whole_titles() {
        let long = "word ".repeat(60);
        let titles = ["Royale with cheese", "The Wolf", long.trim(), "Day 290"];
        let entries: Vec<(usize, &str)> = titles.iter().copied().enumerate().collect();
        let (labels, h) = layout(&entries, 100.0, 600.0, 50.0);
        assert!(h > LINE * 3.0);
        for (a, la) in labels.iter().enumerate() {
            assert!(la.bbox().x1 <= 600.0 + 1e-9, "{la:?}");
            for lb in &labels[a + 1..] {
                assert!(!la.bbox().overlaps(lb.bbox()), "{la:?} {lb:?}");
            }
        }
        let text: Vec<&str> = labels
            .iter()
            .filter(|l| l.class == "key-label")
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(
            text.concat().replace(' ', ""),
            titles.concat().replace(' ', "")
        );
        assert!(labels.iter().all(|l| !l.text.contains('…')));
        assert_eq!(layout(&[], 0.0, 10.0, 0.0).1, 0.0);
    }
}
