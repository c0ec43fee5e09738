//! SARIF 2.1.0, for code scanning (GitHub's `upload-sarif`, and others).
//!
//! One run; `tool.driver.rules` lists every code with its name, explanation
//! and default level; each result has `ruleId`, `ruleIndex`, `level`,
//! `message.text` (with the help line), the primary location and the other
//! labels as `relatedLocations`. URIs are relative to the working directory
//! (or `--root`); columns count Unicode code points (`columnKind`), and
//! `endColumn` is just past the span.

use serde_json::{json, Value};

use crate::diagnostics::codes::{self, CodeInfo};
use crate::diagnostics::json::{locate_with, JsonLocation};
use crate::diagnostics::paths::Paths;
use crate::diagnostics::{Diagnostic, Severity};
use crate::source::Sources;

/// The schema URI written in `$schema`.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn default_level(code: &str) -> &'static str {
    match code.as_bytes().first() {
        Some(b'E') => "error",
        Some(b'W') => "warning",
        _ => "note",
    }
}

/// Percent-encode a relative path for a URI (RFC 3986: keep unreserved
/// characters and `/`).
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn location(l: &JsonLocation) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&l.file) },
            "region": {
                "startLine": l.line,
                "startColumn": l.column,
                "endLine": l.end_line,
                "endColumn": l.end_column,
            }
        }
    })
}

fn rule(info: &CodeInfo) -> Value {
    let mut help = info.explanation.to_string();
    if let Some(e) = super::examples::find(info.code) {
        help.push_str("\n\nFix: ");
        help.push_str(e.fix);
    }
    json!({
        "id": info.code,
        "name": info.name,
        "shortDescription": { "text": info.name },
        "fullDescription": { "text": info.explanation },
        "help": { "text": help },
        "defaultConfiguration": { "level": default_level(info.code) },
    })
}

/// The whole log as pretty JSON with a trailing newline. `unreadable` are
/// the messages for paths that could not be read: the run's invocation
/// then says it did not succeed, with one error notification a path.
pub fn report(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    paths: &Paths,
    unreadable: &[String],
) -> String {
    let rules: Vec<Value> = codes::ALL.iter().map(rule).collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let primary = d.main_span();
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": d.code.index(),
                "level": level(d.severity()),
                "message": { "text": text },
                "locations": primary
                    .map(|s| vec![location(&locate_with(sources, s, paths))])
                    .unwrap_or_default(),
            });
            let related: Vec<Value> = d
                .labels
                .iter()
                .filter(|l| Some(l.span) != primary || !l.primary)
                .enumerate()
                .map(|(i, l)| {
                    let mut v = location(&locate_with(sources, l.span, paths));
                    v["id"] = json!(i + 1);
                    v["message"] = json!({ "text": l.message });
                    v
                })
                .collect();
            if !related.is_empty() {
                result["relatedLocations"] = json!(related);
            }
            result
        })
        .collect();
    let mut log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "chronotope",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://crates.io/crates/chronotope",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    if !unreadable.is_empty() {
        let notifications: Vec<Value> = unreadable
            .iter()
            .map(|m| json!({ "level": "error", "message": { "text": m } }))
            .collect();
        log["runs"][0]["invocations"] = json!([{
            "executionSuccessful": false,
            "toolExecutionNotifications": notifications,
        }]);
    }
    crate::text::pretty_json(&log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("scenes/a b.scenes"), "scenes/a%20b.scenes");
        assert_eq!(uri("Kadıköy.scenes"), "Kad%C4%B1k%C3%B6y.scenes");
    }
}
