//! GitHub Actions workflow commands, one line per diagnostic:
//!
//! ```text
//! ::error file=scenes/a.scenes,line=3,col=5,endLine=3,endColumn=12,title=E0403 presence::message%0Ahelp: …
//! ```
//!
//! Errors are `::error`, warnings `::warning`, notes `::notice`; a finding
//! that fails the run (`--deny warnings`, rule levels) is an error by then
//! (`Denial::apply`), so the `::error` lines are exactly what fails it. The message
//! carries the notes and the help line after `%0A`. Escaping follows the
//! runner: in the message `%`, `\r`, `\n`; in properties also `:` and `,`
//! (`text::escape::github_message`/`github_property`, which also write
//! other control characters as `\u{…}`).
//! `endColumn` is the column just past the span, as in every other format.

use crate::diagnostics::json::locate_with;
use crate::diagnostics::paths::Paths;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Sources;
use crate::text::escape::{github_message, github_property};

/// One workflow command per diagnostic, each ending in a newline, then an
/// `::error` for each of `unreadable`, the messages for paths that could
/// not be read.
pub fn report(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    paths: &Paths,
    unreadable: &[String],
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let title = format!("{} {}", d.code, d.code.name());
        let mut props = Vec::new();
        if let Some(span) = d.main_span() {
            let l = locate_with(sources, span, paths);
            props.push(format!("file={}", github_property(&l.file)));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.column));
            props.push(format!("endLine={}", l.end_line));
            props.push(format!("endColumn={}", l.end_column));
        }
        props.push(format!("title={}", github_property(&title)));
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push_str("\nnote: ");
            message.push_str(note);
        }
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            github_message(&message)
        ));
    }
    for message in unreadable {
        out.push_str(&format!(
            "::error title={}::{}\n",
            github_property("unreadable path"),
            github_message(message)
        ));
    }
    out
}
