//! Human-readable diagnostics with source snippets.
//!
//! Drawing is delegated to `annotate-snippets` (the rust-lang crate behind
//! rustc's output). We hand it only the lines around each label, never a
//! whole file, so printing a diagnostic costs the size of its snippet even
//! in a 10 MB file, and long lines are cut to the terminal width.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::Sources;
use crate::span::Span;

/// Labels closer than this many lines share one snippet.
const CLUSTER_LINES: usize = 6;

/// A one-line snippet longer than this many bytes is cut around its labels
/// (see [`Cut`]).
const LONG_LINE: usize = 1024;

/// Bytes of context kept on each side of the labels of a cut line.
const CONTEXT: usize = 48;

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
    let level = match diagnostic.severity() {
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
            .id(diagnostic.code.as_str()),
    );
    let mut cuts: Vec<Cut> = Vec::new();
    for (window, path) in windows.iter().zip(&paths) {
        let text = sources.get(window.span.file).text();
        let body = &text[window.span.range()];
        let one_line = {
            let lines = sources.get(window.span.file).lines();
            lines.line_of(window.span.end) + 1 == window.first_line
        };
        if one_line && body.len() > LONG_LINE {
            cuts.push(Cut::around(sources, window, path));
            continue;
        }
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
    for cut in &cuts {
        group = group
            .element(
                Origin::path(cut.path.as_str())
                    .line(cut.line)
                    .char_column(cut.column),
            )
            .element(cut.snippet());
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
    if !cuts.is_empty() {
        out = without_bare_origins(&out);
    }
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

/// A long line cut down to the text around its labels, with `…` where text
/// was left out. Drawing the whole of a 10 MB line for each of its
/// diagnostics would cost the line's length every time; a cut costs the
/// context. The location is given explicitly, since the snippet no longer
/// starts at the line's start.
struct Cut {
    path: String,
    line: usize,
    /// 1-based column, in code points, of the primary (else the first) label.
    column: usize,
    body: String,
    /// Label ranges in `body`, with their kind and message.
    labels: Vec<(std::ops::Range<usize>, bool, String)>,
}

impl Cut {
    /// The cut of `window`'s single line: the text around each label's
    /// start and end, pieces joined by `…`. A long label keeps its ends and
    /// loses its middle, so the underline still runs from start to end.
    fn around(sources: &Sources, window: &Window, path: &str) -> Cut {
        let file = sources.get(window.span.file);
        let text = file.text();
        let line = window.span.range();
        let clamp = |at: usize| at.clamp(line.start, line.end);
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for label in &window.labels {
            let (start, end) = (
                label.span.start as usize,
                label.span.end.max(label.span.start) as usize,
            );
            for at in [start, end] {
                let from = floor_boundary(text, clamp(at.saturating_sub(CONTEXT)));
                let to = ceil_boundary(text, clamp(at + CONTEXT));
                pieces.push((from, to));
            }
        }
        pieces.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (from, to) in pieces {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        // Where each piece starts in the body.
        let mut body = String::new();
        let mut placed: Vec<(usize, usize, usize)> = Vec::with_capacity(merged.len());
        for (i, &(from, to)) in merged.iter().enumerate() {
            if from > line.start || i > 0 {
                body.push('…');
            }
            placed.push((from, to, body.len()));
            body.push_str(&text[from..to]);
        }
        if merged.last().is_some_and(|&(_, to)| to < line.end) {
            body.push('…');
        }
        let position = |at: usize| {
            let at = clamp(at);
            placed
                .iter()
                .find(|&&(from, to, _)| from <= at && at <= to)
                .map_or(0, |&(from, _, base)| base + floor_boundary(text, at) - from)
        };
        let labels = window
            .labels
            .iter()
            .map(|l| {
                let (start, end) = (l.span.start as usize, l.span.end.max(l.span.start) as usize);
                (position(start)..position(end), l.primary, l.message.clone())
            })
            .collect();
        let shown = window
            .labels
            .iter()
            .find(|l| l.primary)
            .or(window.labels.first())
            .map_or(line.start as u32, |l| l.span.start);
        let at = file.line_col(shown);
        Cut {
            path: path.to_string(),
            line: at.line,
            column: at.column,
            body,
            labels,
        }
    }

    fn snippet(&self) -> Snippet<'_, annotate_snippets::Annotation<'_>> {
        let mut snippet = Snippet::source(self.body.as_str())
            .line_start(self.line)
            .fold(false);
        for (range, primary, message) in &self.labels {
            let kind = if *primary {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            snippet = snippet.annotation(kind.span(range.clone()).label(message.as_str()));
        }
        snippet
    }
}

/// `out` without the lines that are only a `:::` marker. A cut's snippet has
/// no path of its own (its location is the [`Origin`] before it, since
/// annotate-snippets cannot be told a snippet's starting column), and
/// annotate-snippets marks such a snippet with an empty `:::` line.
fn without_bare_origins(out: &str) -> String {
    // The marker line always precedes its snippet, so it is never the last.
    out.split_inclusive('\n')
        .filter(|line| visible(line).trim() != ":::")
        .collect()
}

/// `line` without ANSI colour sequences.
fn visible(line: &str) -> String {
    let mut text = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // `ESC [ … m`
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            text.push(c);
        }
    }
    text
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
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
        let d = Diagnostic::error(
            crate::diagnostics::codes::UNKNOWN_SCENE,
            "unknown scene `nowhere`",
        )
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

    #[test]
    fn a_long_line_is_cut_around_its_labels_with_the_true_column() {
        let mut sources = Sources::new();
        // 100,000 code points of three bytes each, then the labelled words.
        let line = format!("{}first middle last", "€".repeat(100_000));
        let f = sources.add("a.scenes", format!("top\n{line}\n"));
        let at = |word: &str| (4 + line.find(word).unwrap()) as u32;
        let d = Diagnostic::warning(crate::diagnostics::codes::DUPLICATE_CAST, "listed twice")
            .primary(
                Span::new(f, at("last") as usize, at("last") as usize + 4),
                "again",
            )
            .secondary(
                Span::new(f, at("first") as usize, at("first") as usize + 5),
                "first",
            );
        let out = render(&sources, &d, Style::default());
        assert!(out.contains("a.scenes:2:100014"), "{out}");
        assert!(out.len() < 2_000, "{} bytes", out.len());
        assert!(out.contains("^^^^ again") && out.contains("first"), "{out}");
        assert!(!out.contains(":::"), "{out}");
        // The same with the labels far apart: each keeps its own context.
        let far = format!("first{}last", "x".repeat(50_000));
        let g = sources.add("b.scenes", far.clone());
        let d = Diagnostic::warning(crate::diagnostics::codes::DUPLICATE_CAST, "listed twice")
            .primary(Span::new(g, far.len() - 4, far.len()), "again")
            .secondary(Span::new(g, 0, 5), "first");
        let out = render(&sources, &d, Style::default());
        assert!(out.contains("b.scenes:1:50006"), "{out}");
        assert!(out.contains('…') && out.len() < 2_000, "{out}");
    }
}
