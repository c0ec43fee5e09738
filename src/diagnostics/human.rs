//! Human-readable diagnostics with source snippets.
//!
//! Drawing is delegated to `annotate-snippets` (the rust-lang crate behind
//! rustc's output). We hand it only the lines around each label, never a
//! whole file, so printing a diagnostic costs the size of its snippet even
//! in a 10 MB file, and long lines are cut to the terminal width.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::Sources;
use crate::span::Span;

/// Labels closer than this many lines share one snippet.
const CLUSTER_LINES: usize = 6;

/// How to draw diagnostics.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Cut long source lines to this width.
    pub width: usize,
}

impl Default for Style {
    fn default() -> Style {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// Render one diagnostic, ending in a newline.
pub fn render(sources: &Sources, diagnostic: &Diagnostic, style: Style) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let windows = windows(sources, &diagnostic.labels);
    let paths: Vec<String> = windows
        .iter()
        .map(|w| display_path(sources, w.span))
        .collect();
    let mut group = Group::with_title(
        level
            .primary_title(diagnostic.message.as_str())
            .id(diagnostic.code),
    );
    for (window, path) in windows.iter().zip(&paths) {
        let text = sources.get(window.span.file).text();
        let body = &text[window.span.range()];
        let mut snippet = Snippet::source(body)
            .line_start(window.first_line)
            .path(path.as_str())
            .fold(false);
        for label in &window.labels {
            let start = (label.span.start.max(window.span.start) - window.span.start) as usize;
            let end = (label.span.end.min(window.span.end).max(label.span.start)
                - window.span.start) as usize;
            let kind = if label.primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            snippet = snippet.annotation(kind.span(start..end).label(label.message.as_str()));
        }
        group = group.element(snippet);
    }
    for note in &diagnostic.notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(style.width);
    let mut out = renderer.render(&[group]);
    out.push_str("\n\n");
    out
}

/// `path` as it should be shown: as given, with `/` separators.
pub fn display_path(sources: &Sources, span: Span) -> String {
    sources
        .get(span.file)
        .path()
        .to_string_lossy()
        .replace('\\', "/")
}

/// A run of whole lines of one file, with the labels that fall in it.
struct Window<'a> {
    span: Span,
    first_line: usize,
    labels: Vec<&'a Label>,
}

/// Group labels into windows of nearby lines, primary label's window first.
fn windows<'a>(sources: &Sources, labels: &'a [Label]) -> Vec<Window<'a>> {
    let mut ordered: Vec<&Label> = labels.iter().collect();
    // Primary first, then by position, so the header names the primary spot.
    ordered.sort_by_key(|l| (!l.primary, l.span.file, l.span.start));
    let mut out: Vec<Window> = Vec::new();
    for label in ordered {
        let file = sources.get(label.span.file);
        let lines = file.lines();
        let text = file.text();
        let first = lines.line_of(label.span.start);
        let last = lines.line_of(label.span.end.max(label.span.start));
        let joined = out.iter_mut().find(|w| {
            w.span.file == label.span.file
                && first + CLUSTER_LINES >= w.first_line - 1
                && lines.line_of(w.span.end) + CLUSTER_LINES >= first
        });
        let start = lines.line_range(text, first).start;
        let end = lines.line_range(text, last).end;
        match joined {
            Some(w) => {
                let old_first = w.first_line - 1;
                w.span = w.span.to(Span::new(label.span.file, start, end));
                if first < old_first {
                    w.first_line = first + 1;
                }
                w.labels.push(label);
            }
            None => out.push(Window {
                span: Span::new(label.span.file, start, end),
                first_line: first + 1,
                labels: vec![label],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;

    #[test]
    fn renders_path_line_and_column() {
        let mut sources = Sources::new();
        let f = sources.add("a.scenes", "scene x: X\n  story: after nowhere\n");
        let at = "scene x: X\n  story: after ".len();
        let d = Diagnostic::error("E0202", "unknown scene `nowhere`")
            .primary(Span::new(f, at, at + 7), "no scene has this id")
            .help("declare it with `scene nowhere: TITLE`");
        let out = render(&sources, &d, Style::default());
        assert!(
            out.contains("error[E0202]: unknown scene `nowhere`"),
            "{out}"
        );
        assert!(out.contains("a.scenes:2:16"), "{out}");
        assert!(out.contains("^^^^^^^ no scene has this id"), "{out}");
        assert!(out.contains("help: declare it"), "{out}");
    }
}
