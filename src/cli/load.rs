//! Loading stories for the commands that need them free of errors.
//!
//! `export`, `order` and `stats` all refuse a story with syntax or reference
//! errors: its meaning is unknown, so any output would mislead. They share
//! this one path from paths to resolved stories, so the refusal looks the
//! same everywhere and exit codes stay consistent (2 for I/O, 1 for errors).

use std::path::PathBuf;

use crate::cli::{print_io_errors, Outcome};
use crate::continuity::{self, config};
use crate::diagnostics::{self, human, Diagnostic, Severity};
use crate::engine::{self, Chronology};
use crate::model::Story;
use crate::source::Sources;
use crate::workspace::{LoadedStory, Workspace};

/// The stories of some paths, all free of errors.
pub(super) struct Clean {
    /// The workspace they came from (for sources).
    pub ws: Workspace,
    /// The stories, in path order.
    pub stories: Vec<LoadedStory>,
}

/// Load and resolve `paths`. On an I/O error, or an error diagnostic in any
/// file, print what went wrong (and `refusal`) to stderr and return the
/// outcome to exit with.
pub(super) fn load_clean(paths: &[PathBuf], color: bool, refusal: &str) -> Result<Clean, Outcome> {
    let mut ws = Workspace::load(paths);
    let stories = ws.resolve_owned();
    let mut errors: Vec<Diagnostic> = ws.diagnostics.clone();
    for l in &stories {
        errors.extend(l.diagnostics.iter().cloned());
    }
    errors.retain(|d| d.severity() == Severity::Error);
    diagnostics::sort(&mut errors);
    print_io_errors(&ws.io_errors);
    if !ws.io_errors.is_empty() {
        return Err(Outcome::Failure);
    }
    if !errors.is_empty() {
        print_diagnostics(&ws.sources, &errors, color);
        eprintln!("error: {refusal}");
        return Err(Outcome::Problems);
    }
    Ok(Clean { ws, stories })
}

/// Print diagnostics for people on stderr.
pub(super) fn print_diagnostics(sources: &Sources, diagnostics: &[Diagnostic], color: bool) {
    let style = human::Style { color, width: 100 };
    eprint!("{}", human::render_all(sources, diagnostics, style));
}

/// Load `paths` and run the engine on every story. Contradictions are
/// printed on stderr and make the outcome [`Outcome::Problems`], but the
/// chronologies are still returned: the engine orders the rest of the story
/// without the contradicting constraints, and the views mark the scenes
/// involved.
pub(super) fn load_analyzed(
    paths: &[PathBuf],
    color: bool,
    refusal: &str,
) -> Result<(Vec<(Story, Chronology)>, Outcome), Outcome> {
    let clean = load_clean(paths, color, refusal)?;
    let mut outcome = Outcome::Clean;
    let mut out = Vec::with_capacity(clean.stories.len());
    for loaded in clean.stories {
        let chronology = engine::analyze(&loaded.story, &clean.ws.sources);
        // The same errors `check` reports (continuity rules included, at the
        // levels `chronotope.toml` sets), so a story `check` passes is never
        // refused here and one it fails always exits 1.
        let (config, problem) = config::for_story(&loaded.story, &clean.ws.sources);
        let mut errors: Vec<Diagnostic> = problem.into_iter().collect();
        errors.extend(continuity::check(
            &loaded.story,
            &chronology,
            &clean.ws.sources,
            &config,
        ));
        // Warnings (unplaced scenes among them) are `check`'s to report; the
        // views already show unplaced scenes as rows.
        errors.retain(|d| d.severity() == Severity::Error);
        diagnostics::sort(&mut errors);
        if !errors.is_empty() {
            print_diagnostics(&clean.ws.sources, &errors, color);
            outcome = Outcome::Problems;
        }
        out.push((loaded.story, chronology));
    }
    Ok((out, outcome))
}
