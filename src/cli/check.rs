//! `chronotope check`.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::cli::{print_io_errors, DiagnosticFormat, Outcome};
use crate::diagnostics::{self, human, json, Diagnostic, Severity, Tally};
use crate::engine;
use crate::span::FileId;
use crate::workspace::Workspace;

pub(super) fn run(paths: &[PathBuf], format: DiagnosticFormat, color: bool) -> Outcome {
    let ws = Workspace::load(paths);
    let mut all: Vec<Diagnostic> = ws.diagnostics.clone();
    // Files whose text did not parse cleanly: a story in them has lost
    // constraints, so the engine would report consequences, not causes.
    let broken: HashSet<FileId> = ws
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter_map(|d| d.main_span().map(|s| s.file))
        .collect();
    for loaded in ws.resolve() {
        let has_errors = loaded.story.files.iter().any(|f| broken.contains(f))
            || loaded
                .diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error);
        all.extend(loaded.diagnostics);
        // The engine runs only on stories whose names all resolved: a
        // missing reference would otherwise surface again as odd bounds.
        if !has_errors {
            let chronology = engine::analyze(&loaded.story, &ws.sources);
            all.extend(engine::explain::diagnostics(&loaded.story, &chronology));
        }
    }
    diagnostics::sort(&mut all);
    let tally = Tally::of(&all);
    match format {
        DiagnosticFormat::Human => {
            let style = human::Style { color, width: 100 };
            let mut out = String::new();
            for d in &all {
                out.push_str(&human::render(&ws.sources, d, style));
            }
            eprint!("{out}");
            print_io_errors(&ws.io_errors);
            eprintln!("{}", tally.summary(ws.file_count()));
        }
        DiagnosticFormat::Json => {
            print!("{}", json::report(&ws.sources, &all, ws.file_count()));
            print_io_errors(&ws.io_errors);
        }
    }
    if !ws.io_errors.is_empty() {
        Outcome::Failure
    } else if tally.errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}
