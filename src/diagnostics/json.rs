//! Diagnostics as JSON, for editors and scripts.
//!
//! Paths are relative to the working directory (or `--root`), with `/`.
//! Positions are 1-based; columns count Unicode code points; `end_*` is the
//! position just past the span (exclusive), as in LSP and SARIF.

use serde::Serialize;

use crate::diagnostics::paths::Paths;
use crate::diagnostics::{Diagnostic, Severity, Tally};
use crate::source::Sources;
use crate::span::Span;

/// A located span in JSON.
#[derive(Serialize)]
pub struct JsonLocation {
    /// Path relative to the working directory (or `--root`), `/`-separated.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start, in code points.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column just past the end, in code points.
    pub end_column: usize,
}

/// A label in JSON.
#[derive(Serialize)]
pub struct JsonLabel {
    /// Where.
    #[serde(flatten)]
    pub location: JsonLocation,
    /// The label's text.
    pub message: String,
    /// True for the primary label.
    pub primary: bool,
}

/// One diagnostic in JSON.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    /// `error`, `warning` or `note`.
    pub severity: Severity,
    /// Stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// Where the primary label points (null fields when there is none).
    #[serde(flatten)]
    pub location: Option<JsonLocation>,
    /// All labels.
    pub labels: Vec<JsonLabel>,
    /// Extra notes.
    pub notes: Vec<String>,
    /// The help line.
    pub help: Option<String>,
    /// The help as an edit: replace the text at this location with
    /// `replacement` (left out when there is none).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix>,
}

/// A machine-applicable fix in JSON.
#[derive(Serialize)]
pub struct JsonFix {
    /// The text to replace.
    #[serde(flatten)]
    pub location: JsonLocation,
    /// What to put there.
    pub replacement: String,
}

/// The whole report.
#[derive(Serialize)]
pub struct JsonReport {
    /// Files read.
    pub files: usize,
    /// Number of errors.
    pub errors: usize,
    /// Number of warnings.
    pub warnings: usize,
    /// Number of notes.
    pub notes: usize,
    /// Every diagnostic, sorted by file and position.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// Paths that could not be read at all (the run exits 2), each a
    /// message; counted in `errors`, so that a reader of the counts alone
    /// never sees a clean run. Left out when every path was read.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
}

/// Locate a span, with its path as given.
pub fn locate(sources: &Sources, span: Span) -> JsonLocation {
    let mut l = locate_with(sources, span, &Paths::default());
    l.file = super::human::display_path(sources, span);
    l
}

/// Locate a span, with its path relative to the root of `paths`.
pub fn locate_with(sources: &Sources, span: Span, paths: &Paths) -> JsonLocation {
    let file = sources.get(span.file);
    let start = file.line_col(span.start);
    let end = file.line_col(span.end);
    JsonLocation {
        file: paths.of(sources, span.file),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Convert one diagnostic (paths relative to the working directory).
pub fn convert(sources: &Sources, d: &Diagnostic) -> JsonDiagnostic {
    convert_with(sources, d, &Paths::default())
}

/// Convert one diagnostic, paths relative to the root of `paths`.
pub fn convert_with(sources: &Sources, d: &Diagnostic, paths: &Paths) -> JsonDiagnostic {
    JsonDiagnostic {
        severity: d.severity(),
        code: d.code.as_str(),
        message: d.message.clone(),
        location: d.main_span().map(|s| locate_with(sources, s, paths)),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                location: locate_with(sources, l.span, paths),
                message: l.message.clone(),
                primary: l.primary,
            })
            .collect(),
        notes: d.notes.clone(),
        help: d.help.clone(),
        fix: d.fix.as_ref().map(|f| JsonFix {
            location: locate_with(sources, f.span, paths),
            replacement: f.replacement.clone(),
        }),
    }
}

/// The whole report as pretty JSON with a trailing newline, paths relative
/// to the working directory.
pub fn report(sources: &Sources, diagnostics: &[Diagnostic], files: usize) -> String {
    report_with(sources, diagnostics, files, &Paths::default(), &[])
}

/// The whole report, paths relative to the root of `paths`; `unreadable`
/// are the messages for paths that could not be read.
pub fn report_with(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    files: usize,
    paths: &Paths,
    unreadable: &[String],
) -> String {
    let tally = Tally::of(diagnostics);
    let report = JsonReport {
        files,
        errors: tally.errors + unreadable.len(),
        warnings: tally.warnings,
        notes: tally.notes,
        diagnostics: diagnostics
            .iter()
            .map(|d| convert_with(sources, d, paths))
            .collect(),
        unreadable: unreadable.to_vec(),
    };
    crate::text::pretty_json(&report)
}
