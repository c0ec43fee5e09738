//! One diagnostic type for every stage.
//!
//! Parser, resolver, engine and continuity rules all report a [`Diagnostic`]:
//! a severity, a stable code, a lowercase message with identifiers in
//! backticks, labelled spans and an optional help line. Output formats are
//! adapters over this one type ([`human`], [`json`], [`github`], [`sarif`],
//! [`junit`]), so a new format never
//! touches the stages that find problems.

pub mod codes;
pub mod examples;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod paths;
pub mod sarif;

use serde::Serialize;

pub use codes::Code;

use crate::text::plural;

use crate::span::Span;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Note,
    /// Likely a mistake; fails a run only under `--deny warnings`.
    Warning,
    /// The story is wrong; the run exits 1.
    Error,
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A labelled span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// What the label points at.
    pub span: Span,
    /// The text shown beside it (may be empty).
    pub message: String,
    /// The primary label is where the problem is; others give context.
    pub primary: bool,
}

/// A machine-applicable suggestion: replace the text of `span` with
/// `replacement`. Every fix is itself valid input that keeps the writer's
/// meaning (`tests/mistakes.rs` applies each one and checks the result);
/// the help line says the same in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// The text to replace (empty to insert).
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

/// A problem found in the input.
///
/// Its severity is its code's default ([`Code::severity`]) unless a rule
/// level changed it ([`Diagnostic::at_level`]); the field is private so no
/// other path can make a `warning[E…]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    severity: Severity,
    /// Stable code, e.g. `E0102`.
    pub code: Code,
    /// One lowercase sentence, identifiers in backticks.
    pub message: String,
    /// Labelled spans; the first primary one decides file, line and column.
    pub labels: Vec<Label>,
    /// Extra lines of explanation.
    pub notes: Vec<String>,
    /// How to fix it, if known.
    pub help: Option<String>,
    /// The help as an edit, when one replacement fixes it (boxed: most
    /// diagnostics have none, and the type travels in `Result`s).
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A new diagnostic at its code's default severity.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: code.severity(),
            code,
            message: message.into(),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
            fix: None,
        }
    }

    /// A new error: [`Diagnostic::new`] for an `E` code. The name says at
    /// the call site what is reported; a debug build checks the code agrees.
    #[track_caller]
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        debug_assert_eq!(
            code.severity(),
            Severity::Error,
            "{code} is not an error code"
        );
        Diagnostic::new(code, message)
    }

    /// A new warning: [`Diagnostic::new`] for a `W` code.
    #[track_caller]
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        debug_assert_eq!(
            code.severity(),
            Severity::Warning,
            "{code} is not a warning code"
        );
        Diagnostic::new(code, message)
    }

    /// A new note: [`Diagnostic::new`] for an `N` code.
    #[track_caller]
    pub fn note(code: Code, message: impl Into<String>) -> Diagnostic {
        debug_assert_eq!(code.severity(), Severity::Note, "{code} is not a note code");
        Diagnostic::new(code, message)
    }

    /// How serious it is.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The same finding at the severity a rule level gives it
    /// (`chronotope.toml`, `--warn`/`--deny`): the only way a diagnostic's
    /// severity departs from its code's default.
    pub fn at_level(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Add the primary label.
    pub fn primary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: true,
        });
        self
    }

    /// Add a secondary label.
    pub fn secondary(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
            primary: false,
        });
        self
    }

    /// Set the help line.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Set the machine-applicable fix: replace `span` with `replacement`.
    pub fn fix(mut self, span: Span, replacement: impl Into<String>) -> Diagnostic {
        self.fix = Some(Box::new(Fix {
            span,
            replacement: replacement.into(),
        }));
        self
    }

    /// Set the fix if there is one: replace `span` with `replacement`.
    pub fn maybe_fix(self, span: Span, replacement: Option<impl Into<String>>) -> Diagnostic {
        match replacement {
            Some(r) => self.fix(span, r),
            None => self,
        }
    }

    /// Set the help line if there is one.
    pub fn maybe_help(mut self, help: Option<String>) -> Diagnostic {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    /// Add a note line.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// The span that locates the diagnostic: the first primary label, else
    /// the first label.
    pub fn main_span(&self) -> Option<Span> {
        self.labels
            .iter()
            .find(|l| l.primary)
            .or_else(|| self.labels.first())
            .map(|l| l.span)
    }
}

/// Counts of diagnostics by severity, for the summary line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub notes: usize,
}

impl Tally {
    /// Count a list of diagnostics.
    pub fn of(diagnostics: &[Diagnostic]) -> Tally {
        Tally::of_all(diagnostics)
    }

    /// Count diagnostics given by reference.
    pub fn of_refs(diagnostics: &[&Diagnostic]) -> Tally {
        Tally::of_all(diagnostics.iter().copied())
    }

    fn of_all<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Tally {
        let mut t = Tally::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Note => t.notes += 1,
            }
        }
        t
    }

    /// `2 errors, 1 warning` (or `no problems`).
    pub fn counts(&self) -> String {
        let mut parts = Vec::new();
        if self.errors > 0 {
            parts.push(plural(self.errors, "error", "errors"));
        }
        if self.warnings > 0 {
            parts.push(plural(self.warnings, "warning", "warnings"));
        }
        if self.notes > 0 {
            parts.push(plural(self.notes, "note", "notes"));
        }
        if parts.is_empty() {
            "no problems".to_string()
        } else {
            parts.join(", ")
        }
    }

    /// `2 errors, 1 warning in 3 files` (or `no problems in 1 file`).
    pub fn summary(&self, files: usize) -> String {
        format!("{} in {}", self.counts(), plural(files, "file", "files"))
    }
}

/// What made findings fail the run beyond their codes' own severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Denial {
    /// `--deny warnings`: every warning fails the run.
    pub warnings: bool,
}

impl Denial {
    /// Apply the denial: under `--deny warnings` every warning becomes an
    /// error, so each output format (human, JSON, GitHub, SARIF, JUnit)
    /// reports the findings that fail the run as errors and agrees with
    /// the exit code by construction.
    pub fn apply(self, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
        diagnostics
            .iter()
            .map(|d| {
                if self.warnings && d.severity == Severity::Warning {
                    d.clone().at_level(Severity::Error)
                } else {
                    d.clone()
                }
            })
            .collect()
    }

    /// Why the run fails beyond the codes' own errors, for the human
    /// summary: `1 warning denied by --deny warnings`, or the findings a
    /// rule level raised (`--deny RULE`, `chronotope.toml`). `None` when no
    /// finding was raised to an error.
    pub fn reason(self, diagnostics: &[Diagnostic]) -> Option<String> {
        let raised = |from: Severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error && d.code.severity() == from)
                .count()
        };
        let (warnings, notes) = (raised(Severity::Warning), raised(Severity::Note));
        if warnings + notes == 0 {
            return None;
        }
        let mut parts = Vec::new();
        if warnings > 0 {
            parts.push(plural(warnings, "warning", "warnings"));
        }
        if notes > 0 {
            parts.push(plural(notes, "note", "notes"));
        }
        let by = if self.warnings && notes == 0 {
            "`--deny warnings`"
        } else if self.warnings {
            "`--deny warnings` and rule levels"
        } else {
            "a rule level (`--deny RULE` or `chronotope.toml`)"
        };
        Some(format!("{} denied by {by}", parts.join(" and ")))
    }
}

/// Sort diagnostics by file, position, then code, so output never depends on
/// the order stages ran in.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| d.main_span().map(|s| (s.file, s.start, s.end));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(&b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_takes_its_codes_severity() {
        for code in Code::all() {
            let d = Diagnostic::new(code, "m");
            assert_eq!(d.severity(), code.severity(), "{code}");
            let shown = format!("{}[{}]", d.severity().as_str(), d.code);
            for bad in [
                "warning[E",
                "error[W",
                "error[N",
                "note[E",
                "note[W",
                "warning[N",
            ] {
                assert!(!shown.starts_with(bad), "{shown}");
            }
        }
        let d = Diagnostic::warning(codes::UNPLACED, "m");
        assert_eq!(d.severity(), Severity::Warning);
        let raised = d.at_level(Severity::Error);
        assert_eq!(
            (raised.severity(), raised.code),
            (Severity::Error, codes::UNPLACED)
        );
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "E0201 is not a warning code")]
    fn a_constructor_that_disagrees_with_its_code_is_a_bug() {
        let _ = Diagnostic::warning(codes::DUPLICATE, "listed twice");
    }

    #[test]
    fn summary_line_pluralises() {
        let t = Tally {
            errors: 2,
            warnings: 1,
            notes: 0,
        };
        assert_eq!(t.summary(3), "2 errors, 1 warning in 3 files");
        assert_eq!(Tally::default().summary(1), "no problems in 1 file");
    }
}
