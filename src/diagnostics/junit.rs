//! JUnit XML, for CI test reports (GitLab's `artifacts:reports:junit`).
//!
//! One `<testsuite>` per file; in it one `<testcase>` per rule (every
//! enabled rule, plus any other code reported in the file), named
//! `CODE name`. A rule with errors in the file fails, with one `<failure>`
//! listing them; warnings and notes go to the case's `<system-out>` and do
//! not fail it. `check` raises the findings that fail the run (`--deny
//! warnings`, rule levels) to errors before this writer sees them, so
//! `failures` is non-zero exactly when the run exits 1. All text is
//! XML-escaped.

use std::collections::BTreeMap;

use crate::diagnostics::json::locate_with;
use crate::diagnostics::paths::Paths;
use crate::diagnostics::Code;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Sources;
use crate::text::escape::xml_attr as escape;

/// The suite of paths that could not be read, a test case in error each
/// (empty when every path was read).
fn unreadable_suite(unreadable: &[String]) -> String {
    if unreadable.is_empty() {
        return String::new();
    }
    let n = unreadable.len();
    let mut suite = format!(
        "  <testsuite name=\"unreadable paths\" tests=\"{n}\" failures=\"0\" errors=\"{n}\">\n"
    );
    for message in unreadable {
        let message = escape(message);
        suite.push_str(&format!(
            "    <testcase name=\"{message}\" classname=\"unreadable paths\">\n      <error type=\"io\" message=\"{message}\"/>\n    </testcase>\n"
        ));
    }
    suite.push_str("  </testsuite>\n");
    suite
}

/// A file's test cases: code to its findings (severity, text).
type Cases = BTreeMap<Code, Vec<(Severity, String)>>;

/// The report. `rules` are the codes that get a test case in every file
/// (the enabled rules); `files` lists every file read, with or without
/// findings. `unreadable` are the messages for paths that could not be
/// read: one suite of test cases in error, so that a CI page never shows
/// green tests on a job that exits 2.
pub fn report(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    paths: &Paths,
    rules: &[Code],
    unreadable: &[String],
) -> String {
    // file -> code -> diagnostics (as text lines)
    let mut by_file: BTreeMap<String, Cases> = BTreeMap::new();
    for (id, _) in sources.iter() {
        let cases = by_file.entry(paths.of(sources, id)).or_default();
        for r in rules {
            cases.entry(*r).or_default();
        }
    }
    for d in diagnostics {
        let Some(span) = d.main_span() else { continue };
        let l = locate_with(sources, span, paths);
        let mut line = format!(
            "{}:{}:{}: {}[{}]: {}",
            l.file,
            l.line,
            l.column,
            d.severity().as_str(),
            d.code,
            d.message
        );
        // Notes carry a contradiction's chain of constraints: the reason
        // a CI reader needs, as in the human and GitHub outputs.
        for note in &d.notes {
            line.push_str("\n  note: ");
            line.push_str(note);
        }
        if let Some(help) = &d.help {
            line.push_str("\n  help: ");
            line.push_str(help);
        }
        by_file
            .entry(l.file)
            .or_default()
            .entry(d.code)
            .or_default()
            .push((d.severity(), line));
    }
    let mut tests = 0;
    let mut failures = 0;
    let mut suites = String::new();
    for (file, cases) in &by_file {
        let suite_failures = cases
            .values()
            .filter(|v| v.iter().any(|(s, _)| *s == Severity::Error))
            .count();
        tests += cases.len();
        failures += suite_failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n",
            escape(file),
            cases.len(),
            suite_failures
        ));
        for (code, found) in cases {
            let name = code.name();
            suites.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"{}\"",
                escape(&format!("{code} {name}")),
                escape(file)
            ));
            if found.is_empty() {
                suites.push_str("/>\n");
                continue;
            }
            suites.push_str(">\n");
            let errors: Vec<&str> = found
                .iter()
                .filter(|(s, _)| *s == Severity::Error)
                .map(|(_, l)| l.as_str())
                .collect();
            if !errors.is_empty() {
                let first = found
                    .iter()
                    .find(|(s, _)| *s == Severity::Error)
                    .map(|(_, l)| l.lines().next().unwrap_or(""))
                    .unwrap_or("");
                suites.push_str(&format!(
                    "      <failure type=\"{code}\" message=\"{}\">{}</failure>\n",
                    escape(first),
                    escape(&errors.join("\n"))
                ));
            }
            let others: Vec<&str> = found
                .iter()
                .filter(|(s, _)| *s != Severity::Error)
                .map(|(_, l)| l.as_str())
                .collect();
            if !others.is_empty() {
                suites.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape(&others.join("\n"))
                ));
            }
            suites.push_str("    </testcase>\n");
        }
        suites.push_str("  </testsuite>\n");
    }
    let errors = unreadable.len();
    tests += errors;
    suites.push_str(&unreadable_suite(unreadable));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"chronotope\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}
