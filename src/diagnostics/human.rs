//! Human-readable diagnostics with source snippets.
//!
//! Drawing is delegated to `annotate-snippets` (the rust-lang crate behind
//! rustc's output). What we hand it is bounded, so printing costs the size
//! of what is printed, never the size of the input:
//!
//! * only the lines around each label, never a whole file;
//! * a line longer than [`LONG_LINE`] bytes only around its labels (see
//!   `Cut`), also when it sits among other labelled lines;
//! * at most [`MAX_LABELS`] labels per diagnostic, the rest counted in a
//!   note (`… and 9 more labels`);
//! * through [`render_all`], at most [`MAX_PER_FILE`] diagnostics per file,
//!   the rest counted on one line.
//!
//! Text from input files (messages quote it, snippets show it, paths name
//! it) goes through [`terminal`] first, so no escape sequence reaches the
//! terminal; other Unicode text is printed as it is.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostics::{Diagnostic, Label, Severity, Tally};
use crate::source::Sources;
use crate::span::{FileId, Span};
use crate::text::escape::{terminal, terminal_lines};
use crate::text::plural;

/// Labels closer than this many lines share one snippet.
const CLUSTER_LINES: usize = 6;

/// A line longer than this many bytes is cut around its labels (see
/// `Cut`).
pub const LONG_LINE: usize = 1024;

/// Bytes of context kept on each side of the labels of a cut line.
const CONTEXT: usize = 48;

/// Labels drawn per diagnostic. A contradiction cycle through 40,000
/// scenes has 80,000 labels; drawing them all would print every line of
/// the file in one snippet. Its notes still list every step.
pub const MAX_LABELS: usize = 16;

/// Diagnostics [`render_all`] draws in full per file; the rest of a file's
/// are counted on one line. 8,000 undeclared names in one `cast:` line are
/// 8,000 errors, but a person reads the first few and the count.
pub const MAX_PER_FILE: usize = 200;

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

/// Render diagnostics for a person: each as [`render`] does, but at most
/// [`MAX_PER_FILE`] per file (by the file of the main span); after them, a
/// `note:` line per file that had more says how many and of what severity.
pub fn render_all(sources: &Sources, diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    let mut per_file: BTreeMap<FileId, (usize, Vec<&Diagnostic>)> = BTreeMap::new();
    for d in diagnostics {
        if let Some(span) = d.main_span() {
            let (shown, hidden) = per_file.entry(span.file).or_default();
            if *shown == MAX_PER_FILE {
                hidden.push(d);
                continue;
            }
            *shown += 1;
        }
        out.push_str(&render(sources, d, style));
    }
    for (file, (_, hidden)) in per_file {
        if hidden.is_empty() {
            continue;
        }
        let tally = Tally::of_refs(&hidden);
        let path = display_path(sources, Span::new(file, 0, 0));
        out.push_str(&format!(
            "note: {} in `{}` not shown ({}); `--format json` lists every one\n\n",
            plural(hidden.len(), "more diagnostic", "more diagnostics"),
            terminal(&path),
            tally.counts()
        ));
    }
    out
}

/// Render one diagnostic, ending in a newline.
pub fn render(sources: &Sources, diagnostic: &Diagnostic, style: Style) -> String {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let (labels, hidden) = drawn_labels(&diagnostic.labels);
    let windows = split_long_lines(sources, windows(sources, &labels));
    let pieces = pieces(sources, &windows);
    let message = terminal(&diagnostic.message);
    let mut group = Group::with_title(
        level
            .primary_title(message.as_ref())
            .id(diagnostic.code.as_str()),
    );
    for piece in &pieces {
        group = if piece.cut {
            // annotate-snippets cannot be told a snippet's first column, so
            // a cut's location is an element of its own.
            group
                .element(
                    Origin::path(piece.path.as_str())
                        .line(piece.line)
                        .char_column(piece.column),
                )
                .element(piece.snippet())
        } else {
            group.element(piece.snippet().path(piece.path.as_str()))
        };
    }
    let notes: Vec<Cow<str>> = diagnostic.notes.iter().map(|n| terminal(n)).collect();
    for note in &notes {
        group = group.element(Level::NOTE.message(note.as_ref()));
    }
    let more = (hidden > 0).then(|| {
        format!(
            "… and {} not drawn",
            plural(hidden, "more label", "more labels")
        )
    });
    if let Some(more) = &more {
        group = group.element(Level::NOTE.message(more.as_str()));
    }
    let help = diagnostic.help.as_deref().map(terminal);
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(style.width);
    let mut out = renderer.render(&[group]);
    if pieces.iter().any(|p| p.cut) {
        out = without_bare_origins(&out);
    }
    out.push_str("\n\n");
    out
}

/// The labels to draw: primary ones first, then the others in order, at
/// most [`MAX_LABELS`], kept in their original order; and how many are
/// left out.
fn drawn_labels(labels: &[Label]) -> (Vec<&Label>, usize) {
    if labels.len() <= MAX_LABELS {
        return (labels.iter().collect(), 0);
    }
    let mut keep = vec![false; labels.len()];
    let by_rank = labels
        .iter()
        .enumerate()
        .filter(|(_, l)| l.primary)
        .chain(labels.iter().enumerate().filter(|(_, l)| !l.primary));
    for (i, _) in by_rank.take(MAX_LABELS) {
        keep[i] = true;
    }
    let drawn = labels
        .iter()
        .zip(&keep)
        .filter_map(|(l, &k)| k.then_some(l))
        .collect();
    (drawn, labels.len() - MAX_LABELS)
}

/// Snippets ready to draw, one per window in order: whole windows, and
/// cuts of long lines. Each owns its text, cleaned for the terminal.
fn pieces(sources: &Sources, windows: &[Window]) -> Vec<Piece> {
    let mut out = Vec::with_capacity(windows.len());
    for window in windows {
        let file = sources.get(window.span.file);
        let path = display_path(sources, window.span);
        let one_line = file.lines().line_of(window.span.end) + 1 == window.first_line;
        if one_line && window.span.range().len() > LONG_LINE {
            out.push(Cut::around(sources, window, path).printable());
            continue;
        }
        let body = &file.text()[window.span.range()];
        let labels = window
            .labels
            .iter()
            .map(|label| {
                let start = (label.span.start.max(window.span.start) - window.span.start) as usize;
                let end = (label.span.end.min(window.span.end).max(label.span.start)
                    - window.span.start) as usize;
                (start..end, label.primary, label.message.clone())
            })
            .collect();
        let piece = Piece {
            path,
            cut: false,
            line: window.first_line,
            column: 1,
            body: body.to_string(),
            labels,
        };
        out.push(piece.printable());
    }
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

/// A snippet to draw: a run of whole lines (drawn under its path), or a
/// cut of one long line (drawn after an explicit location).
struct Piece {
    path: String,
    /// A cut of a long line rather than whole lines.
    cut: bool,
    /// 1-based line number of the body's first line.
    line: usize,
    /// 1-based column, in code points, of the primary (else the first)
    /// label; used for cuts, whose body does not start at the line's start.
    column: usize,
    body: String,
    /// Label ranges in `body`, with their kind and message.
    labels: Vec<(Range<usize>, bool, String)>,
}

impl Piece {
    /// The same piece with control characters in its body and label
    /// messages written as `\u{…}` ([`terminal_lines`], [`terminal`]),
    /// label ranges moved to match. A body without them is unchanged.
    fn printable(mut self) -> Piece {
        if let Cow::Owned(clean) = terminal(&self.path) {
            self.path = clean;
        }
        for label in &mut self.labels {
            if let Cow::Owned(clean) = terminal(&label.2) {
                label.2 = clean;
            }
        }
        let Cow::Owned(clean) = terminal_lines(&self.body) else {
            return self;
        };
        let shifts = shifts(&self.body);
        let moved = |at: usize| {
            let before = shifts.partition_point(|&(end, _)| end <= at);
            at + before.checked_sub(1).map_or(0, |i| shifts[i].1)
        };
        for label in &mut self.labels {
            label.0 = moved(label.0.start)..moved(label.0.end);
        }
        self.body = clean;
        self
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

/// For each character [`terminal_lines`] escapes: the byte offset just past it
/// in `text`, and how many bytes longer the text is up to there once
/// escaped.
fn shifts(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut grown = 0;
    for (at, c) in text.char_indices() {
        let mut buffer = [0; 4];
        let escaped = terminal_lines(c.encode_utf8(&mut buffer)).len();
        if escaped != c.len_utf8() {
            grown += escaped - c.len_utf8();
            out.push((at + c.len_utf8(), grown));
        }
    }
    out
}

/// A long line cut down to the text around its labels, with `…` where text
/// was left out. Drawing the whole of a 10 MB line for each of its
/// diagnostics would cost the line's length every time; a cut costs the
/// context. The location is given explicitly, since the snippet no longer
/// starts at the line's start.
struct Cut;

impl Cut {
    /// The cut of `window`'s single line: the text around each label's
    /// start and end, pieces joined by `…`. A long label keeps its ends and
    /// loses its middle, so the underline still runs from start to end.
    fn around(sources: &Sources, window: &Window, path: String) -> Piece {
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
        Piece {
            path,
            cut: true,
            line: at.line,
            column: at.column,
            body,
            labels,
        }
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
fn windows<'a>(sources: &Sources, labels: &[&'a Label]) -> Vec<Window<'a>> {
    let mut ordered: Vec<&Label> = labels.to_vec();
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

/// `windows` with every window that spans several lines, one of them
/// longer than [`LONG_LINE`], split into one window per labelled line, so
/// the long line is cut like a label's only line (the unlabelled lines
/// between are left out). A label running over several lines stays with
/// its first.
fn split_long_lines<'a>(sources: &Sources, windows: Vec<Window<'a>>) -> Vec<Window<'a>> {
    let mut out = Vec::with_capacity(windows.len());
    for window in windows {
        let file = sources.get(window.span.file);
        let (lines, text) = (file.lines(), file.text());
        let first = window.first_line - 1;
        let last = lines.line_of(window.span.end);
        let long = (first..=last).any(|l| lines.line_range(text, l).len() > LONG_LINE);
        if first == last || !long {
            out.push(window);
            continue;
        }
        let mut by_line: BTreeMap<usize, Vec<&Label>> = BTreeMap::new();
        for label in window.labels {
            by_line
                .entry(lines.line_of(label.span.start))
                .or_default()
                .push(label);
        }
        for (line, labels) in by_line {
            let range = lines.line_range(text, line);
            out.push(Window {
                span: Span::new(window.span.file, range.start, range.end),
                first_line: line + 1,
                labels,
            });
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

    #[test]
    fn a_long_line_among_other_labelled_lines_is_cut_too() {
        let mut sources = Sources::new();
        let long = format!("  cast: {}Kerem", "Ana, ".repeat(10_000));
        let text = format!("scene a: A\n{long}\n  where: here\n");
        let f = sources.add("a.scenes", text.clone());
        let kerem = text.find("Kerem").unwrap();
        let here = text.rfind("here").unwrap();
        let d = Diagnostic::error(crate::diagnostics::codes::UNKNOWN_CHARACTER, "x")
            .primary(Span::new(f, kerem, kerem + 5), "not declared")
            .secondary(Span::new(f, here, here + 4), "here");
        let out = render(&sources, &d, Style::default());
        assert!(out.len() < 2_000, "{} bytes", out.len());
        assert!(out.contains("^^^^^ not declared"), "{out}");
        assert!(out.contains("---- here"), "{out}");
        assert!(out.contains("a.scenes:2:50009"), "{out}");
        // Without the long line, the two lines share one snippet as before.
        let g = sources.add("b.scenes", "scene a: A\n  cast: Kerem\n  where: here\n");
        let d = Diagnostic::error(crate::diagnostics::codes::UNKNOWN_CHARACTER, "x")
            .primary(Span::new(g, 19, 24), "not declared")
            .secondary(Span::new(g, 34, 38), "here");
        let out = render(&sources, &d, Style::default());
        assert!(out.contains("2 |   cast: Kerem\n"), "{out}");
        assert!(out.contains("3 |   where: here\n"), "{out}");
    }

    #[test]
    fn labels_past_the_cap_are_counted_not_drawn() {
        let mut sources = Sources::new();
        let n = MAX_LABELS + 5;
        let text: String = (0..n).map(|i| format!("scene s{i}: S\n")).collect();
        let f = sources.add("a.scenes", text.clone());
        let mut d = Diagnostic::error(crate::diagnostics::codes::CONTRADICTION, "cycle");
        for i in 0..n {
            let at = text.find(&format!("s{i}:")).unwrap();
            d = if i == n - 1 {
                d.primary(Span::new(f, at, at + 2), format!("label {i}"))
            } else {
                d.secondary(Span::new(f, at, at + 2), format!("label {i}"))
            };
        }
        let out = render(&sources, &d, Style::default());
        // The primary label is drawn although it comes last.
        assert!(out.contains(&format!("label {}", n - 1)), "{out}");
        assert!(out.contains(&format!("label {}", MAX_LABELS - 2)), "{out}");
        assert!(!out.contains(&format!("label {}", MAX_LABELS - 1)), "{out}");
        assert!(out.contains("… and 5 more labels not drawn"), "{out}");
        // At the cap exactly, nothing is left out.
        let mut d = Diagnostic::error(crate::diagnostics::codes::CONTRADICTION, "cycle");
        for i in 0..MAX_LABELS {
            let at = text.find(&format!("s{i}:")).unwrap();
            d = d.secondary(Span::new(f, at, at + 2), format!("label {i}"));
        }
        let out = render(&sources, &d, Style::default());
        assert!(!out.contains("not drawn"), "{out}");
        assert!(out.contains(&format!("label {}", MAX_LABELS - 1)), "{out}");
    }

    #[test]
    fn a_file_shows_at_most_its_share_and_counts_the_rest() {
        let mut sources = Sources::new();
        let f = sources.add("a.scenes", "scene a: A\n");
        let g = sources.add("b\u{1b}[2J.scenes", "scene b: B\n");
        let one = |file| {
            Diagnostic::error(crate::diagnostics::codes::UNKNOWN_SCENE, "unknown")
                .primary(Span::new(file, 6, 7), "here")
        };
        let mut all: Vec<Diagnostic> = (0..MAX_PER_FILE + 3).map(|_| one(f)).collect();
        all.push(
            Diagnostic::warning(crate::diagnostics::codes::UNPLACED, "w")
                .primary(Span::new(f, 0, 5), "x"),
        );
        all.push(one(g));
        let out = render_all(&sources, &all, Style::default());
        assert_eq!(out.matches("error[E0202]").count(), MAX_PER_FILE + 1);
        assert!(
            out.ends_with("note: 4 more diagnostics in `a.scenes` not shown (3 errors, 1 warning); `--format json` lists every one\n\n"),
            "{}",
            &out[out.len() - 300..]
        );
        assert!(
            out.contains("b\\u{1b}[2J.scenes:1:7"),
            "the path is escaped"
        );
        assert!(!out.contains('\u{1b}'));
        let exact: Vec<Diagnostic> = (0..MAX_PER_FILE).map(|_| one(f)).collect();
        assert!(!render_all(&sources, &exact, Style::default()).contains("not shown"));
    }

    #[test]
    fn control_characters_are_escaped_and_underlines_still_fit() {
        let mut sources = Sources::new();
        let text = "scene a: A\n  cast: X\u{1b}[31mY\u{9b}Z, Kerem\n";
        let f = sources.add("a.scenes", text);
        let at = text.find("Kerem").unwrap();
        let bad = text.find('X').unwrap();
        let d = Diagnostic::error(
            crate::diagnostics::codes::UNKNOWN_CHARACTER,
            "unknown `X\u{1b}`",
        )
        .primary(Span::new(f, at, at + 5), "not declared")
        .secondary(Span::new(f, bad, at - 2), "this \u{9b}one")
        .with_note("a note \u{7}")
        .help("help \u{85}");
        let out = render(&sources, &d, Style::default());
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("unknown `X\\u{1b}`"), "{out}");
        assert!(out.contains("cast: X\\u{1b}[31mY\\u{9b}Z, Kerem"), "{out}");
        let line = out.lines().find(|l| l.contains("^^^^^")).unwrap();
        let column = |l: &str, pat: &str| l.find(pat).unwrap();
        let source = out.lines().find(|l| l.contains("Kerem")).unwrap();
        assert_eq!(column(line, "^^^^^"), column(source, "Kerem"), "{out}");
        assert!(
            out.contains("this \\u{9b}one") && out.contains("a note \\u{7}"),
            "{out}"
        );
        assert!(out.contains("help \\u{85}"), "{out}");
    }
}
