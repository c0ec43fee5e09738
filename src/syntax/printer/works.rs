//! Canonical text of `work` blocks and `order` lines.

use std::fmt::Write;

use super::{merge, screen_duration, BlockLine};
use crate::span::Span;
use crate::syntax::tree::*;

/// Where a line of a work block was written.
pub(super) fn line_span(line: &WorkLine) -> Span {
    match line {
        WorkLine::Field(f) => f.span,
        WorkLine::Comment(c) => c.span,
    }
}

/// A work block: `work ID: TITLE`, then its fields two spaces in with their
/// values in one column, and the left-margin comments `inner` where they
/// were written.
pub(super) fn layout_work(out: &mut String, w: &WorkDecl, inner: &[&Comment]) {
    let _ = write!(out, "work {}:", w.id.text);
    if let Some(t) = &w.title {
        let _ = write!(out, " {}", t.text);
    }
    out.push('\n');
    let width = w
        .lines
        .iter()
        .filter_map(|l| match l {
            WorkLine::Field(f) => Some(f.key.text.chars().count()),
            WorkLine::Comment(_) => None,
        })
        .max()
        .unwrap_or(0);
    for line in merge(&w.lines, inner, line_span) {
        match line {
            BlockLine::Margin(c) => {
                let _ = writeln!(out, "#{}", c.text);
            }
            BlockLine::Own(WorkLine::Comment(c)) => {
                let _ = writeln!(out, "  #{}", c.text);
            }
            BlockLine::Own(WorkLine::Field(f)) => {
                let pad = width.saturating_sub(f.key.text.chars().count());
                let _ = writeln!(out, "  {}:{:pad$} {}", f.key.text, "", value(&f.value));
            }
        }
    }
}

/// The canonical text of a work field's value.
pub fn value(value: &WorkValue) -> String {
    match value {
        WorkValue::Released(d) => d.value.to_string(),
        WorkValue::Number(n) => n.to_string(),
        WorkValue::Runtime(t) => screen_duration(t.millis),
        WorkValue::Text(t) => t.text.to_string(),
        WorkValue::Invalid => String::new(),
    }
}

/// `order NAME: WORK, WORK`.
pub(super) fn print_order(out: &mut String, o: &OrderDecl) {
    let works: Vec<&str> = o.works.iter().map(|w| w.text.as_str()).collect();
    let _ = writeln!(out, "order {}: {}", o.name.text, works.join(", "));
}
