//! `chronotope export`.

use std::path::PathBuf;

use crate::cli::{print_io_errors, Outcome};
use crate::diagnostics::{self, human, Diagnostic, Severity};
use crate::export;
use crate::workspace::Workspace;

pub(super) fn run(paths: &[PathBuf], color: bool) -> Outcome {
    let ws = Workspace::load(paths);
    let loaded = ws.resolve();
    let mut errors: Vec<Diagnostic> = ws.diagnostics.clone();
    for l in &loaded {
        errors.extend(l.diagnostics.iter().cloned());
    }
    errors.retain(|d| d.severity == Severity::Error);
    diagnostics::sort(&mut errors);
    print_io_errors(&ws.io_errors);
    if !ws.io_errors.is_empty() {
        return Outcome::Failure;
    }
    if !errors.is_empty() {
        let style = human::Style { color, width: 100 };
        for d in &errors {
            eprint!("{}", human::render(&ws.sources, d, style));
        }
        eprintln!("error: not exported: fix the errors above first");
        return Outcome::Problems;
    }
    let stories: Vec<_> = loaded.iter().map(|l| &l.story).collect();
    print!("{}", export::to_json(&ws.sources, &stories));
    Outcome::Clean
}
