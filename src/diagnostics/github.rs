//! GitHub Actions workflow commands, one line per diagnostic:
//!
//! ```text
//! ::error file=scenes/a.scenes,line=3,col=5,endLine=3,endColumn=12,title=E0403 presence::message%0Ahelp: …
//! ```
//!
//! Errors are `::error`, warnings `::warning`, notes `::notice`. The message
//! carries the notes and the help line after `%0A`. Escaping follows the
//! runner: in the message `%`, `\r`, `\n`; in properties also `:` and `,`.
//! `endColumn` is the column just past the span, as in every other format.

use crate::diagnostics::json::locate_with;
use crate::diagnostics::paths::Paths;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Sources;

/// Escape a message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per diagnostic, each ending in a newline.
pub fn report(sources: &Sources, diagnostics: &[Diagnostic], paths: &Paths) -> String {
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
            props.push(format!("file={}", escape_property(&l.file)));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.column));
            props.push(format!("endLine={}", l.end_line));
            props.push(format!("endColumn={}", l.end_column));
        }
        props.push(format!("title={}", escape_property(&title)));
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
            escape_data(&message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
