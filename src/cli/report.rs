//! `chronotope report`: one self-contained HTML page per story.
//!
//! The diagnostics are `check`'s (shared through [`super::check::diagnose_owned`])
//! and are printed as `check` prints them. Every story gets a page, even
//! one with errors: its page then lists the errors instead of the views.
//! With one story, `-o` is the file to write (or, when it is an existing
//! directory, the directory to write `<slug>.html` into); with several it is
//! a directory, created if missing, holding `<slug>.html` for each.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::check::{diagnose_owned, report};
use crate::cli::render::{unique_slug, write_atomic};
use crate::cli::{DiagnosticFormat, Outcome};
use crate::diagnostics::Diagnostic;
use crate::report::html::{page, Page};
use crate::workspace::Workspace;

pub(super) fn run(paths: &[PathBuf], out: &Path, color: bool) -> Outcome {
    let mut ws = Workspace::load(paths);
    let (all, stories) = diagnose_owned(&mut ws, &[]);
    let mut outcome = report(&ws, &all, DiagnosticFormat::Human, color);
    if outcome == Outcome::Failure {
        return outcome;
    }
    if stories.is_empty() {
        eprintln!("error: no story found to report on");
        return Outcome::Failure;
    }
    let into_dir = stories.len() > 1 || out.is_dir();
    let dir = if into_dir { Some(out) } else { out.parent() };
    if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = fs::create_dir_all(dir) {
            eprintln!("error: cannot create {}: {e}", dir.display());
            return Outcome::Failure;
        }
    }
    let mut slugs: HashSet<String> = HashSet::new();
    for (loaded, chronology) in &stories {
        let story = &loaded.story;
        // A diagnostic without a place (none today) goes on every page
        // rather than on none.
        let own: Vec<Diagnostic> = all
            .iter()
            .filter(|d| d.main_span().is_none_or(|s| story.files.contains(&s.file)))
            .cloned()
            .collect();
        let html = page(&Page {
            story,
            chronology: chronology.as_ref(),
            diagnostics: &own,
            sources: &ws.sources,
        });
        let written = if into_dir {
            let slug = unique_slug(&mut slugs, &story.slug(), "html");
            write_atomic(out, &format!("{slug}.html"), html.as_bytes())
        } else {
            crate::atomic::write(out, html.as_bytes(), crate::atomic::Existing::Replace)
                .map(|()| out.to_path_buf())
        };
        match written {
            Ok(path) => println!("{}", path.display()),
            Err(e) => {
                eprintln!("error: cannot write a report into {}: {e}", out.display());
                outcome = Outcome::Failure;
            }
        }
    }
    outcome
}
