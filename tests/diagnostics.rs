//! Diagnostics as a whole: every code's letter agrees with the severity it
//! is printed with, every code can be explained, rendering stays linear in
//! what it prints, and hostile bytes in input files reach no output raw.

mod common;

use std::path::PathBuf;

use chronotope::diagnostics::codes::{self, Code};
use chronotope::diagnostics::Severity;
use common::Test;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(code, text)` of every `<!-- triggers: CODE -->` example in a document.
fn doc_examples(doc: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join(doc)).expect("read the document");
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<!-- triggers: ") {
        rest = &rest[at + "<!-- triggers: ".len()..];
        let code = rest[..rest.find(" -->").expect("a closed marker")].to_string();
        let open = rest
            .find("```scenes\n")
            .expect("a scenes block after the marker");
        let body = &rest[open + "```scenes\n".len()..];
        let close = body.find("\n```").expect("a closed block");
        out.push((code, format!("{}\n", &body[..close])));
        rest = &body[close..];
    }
    out
}

/// Every `severity[CODE]` heading in human output.
fn headings(stderr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        for severity in ["error", "warning", "note"] {
            if let Some(rest) = line.strip_prefix(&format!("{severity}[")) {
                if let Some(end) = rest.find(']') {
                    out.push((severity.to_string(), rest[..end].to_string()));
                }
            }
        }
    }
    out
}

/// The code's letter names the severity it is shown with.
#[track_caller]
fn assert_letter_agrees(severity: &str, code: &str, context: &str) {
    let found = Code::find(code).unwrap_or_else(|| panic!("unknown code {code} in {context}"));
    assert_eq!(
        found.severity().as_str(),
        severity,
        "{severity}[{code}] in {context}"
    );
}

/// Run `check` on one story, in human and JSON form, and check every
/// diagnostic's severity against its code. Returns the codes seen.
fn sweep(name: &str, text: &str, extra: &[&str]) -> Vec<String> {
    let human = Test::new()
        .file(name, text)
        .args(&["check", name])
        .args(extra)
        .run();
    for (severity, code) in headings(&human.stderr) {
        assert_letter_agrees(&severity, &code, name);
    }
    let json = Test::new()
        .file(name, text)
        .args(&["check", "--format", "json", name])
        .args(extra)
        .run();
    let report: Value = serde_json::from_str(&json.stdout).expect("JSON output");
    let mut seen = Vec::new();
    for d in report["diagnostics"].as_array().expect("a list") {
        let (severity, code) = (d["severity"].as_str().unwrap(), d["code"].as_str().unwrap());
        assert_letter_agrees(severity, code, name);
        seen.push(code.to_string());
    }
    seen
}

#[test]
fn no_code_is_printed_with_another_letters_severity() {
    let mut seen: Vec<String> = Vec::new();
    for (code, text) in doc_examples("docs/scene-format.md") {
        let found = sweep("story.scenes", &text, &[]);
        assert!(
            found.contains(&code),
            "the example for {code} gives {found:?}"
        );
        seen.extend(found);
    }
    for e in codes::ALL
        .iter()
        .filter_map(|c| chronotope::diagnostics::examples::find(c.code))
    {
        if !e.example.is_empty() {
            seen.extend(sweep("story.scenes", e.example, &[]));
        }
    }
    let fixtures = [
        "tests/fixtures/dont-leave-broken.scenes",
        "scenes/dont-leave.scenes",
        "scenes/memento.scenes",
    ];
    for path in fixtures {
        let text = std::fs::read_to_string(repo().join(path)).unwrap();
        seen.extend(sweep("story.scenes", &text, &[]));
    }
    for entry in std::fs::read_dir(repo().join("tests/fixtures/fountain")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "fountain") {
            let text = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&text);
            seen.extend(sweep("script.fountain", &text, &["--infer"]));
        }
    }
    // The sweep reached every family, so it can fail for each of them.
    for family in [
        "E01", "E02", "W02", "E03", "W03", "E04", "W04", "W05", "N05",
    ] {
        assert!(
            seen.iter().any(|c| c.starts_with(family)),
            "no {family}xx code seen: {seen:?}"
        );
    }
}

#[test]
fn a_character_listed_twice_is_its_own_warning() {
    Test::new()
        .file(
            "story.scenes",
            "title: T\ncharacter Ana\nscene a: A\n  story: 2014\n  cast: Ana, ana\n",
        )
        .args(&["check", "story.scenes"])
        .run()
        .status(0)
        .stderr_contains("warning[W0211]: `ana` is listed twice in this cast")
        .stderr_lacks("[E0201]");
}

#[test]
fn every_code_is_explained() {
    for code in Code::all() {
        for key in [code.as_str().to_string(), code.name().to_string()] {
            let run = Test::new().args(&["explain", &key]).run().status(0);
            let first = run.stdout.lines().next().unwrap_or_default().to_string();
            assert_eq!(first, format!("{} ({})", code, code.name()), "{key}");
            assert!(run.stdout.contains(code.explanation()), "{key}");
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            assert!(
                run.stdout.contains(&format!("Severity: {severity} "))
                    || run.stdout.contains("Default: "),
                "{key}: {}",
                run.stdout
            );
        }
    }
}
