//! The refusal `export`, `order` and `stats` share.
//!
//! They refuse any story with syntax or reference errors: its meaning is
//! unknown, so any output would mislead. The pipeline is the library's
//! ([`crate::project`]); this only prints what it found the way these
//! commands print it, so the refusal looks the same everywhere and exit
//! codes stay consistent (2 for I/O, 1 for errors).

use std::path::PathBuf;

use crate::cli::check::human_text;
use crate::cli::output::Console;
use crate::cli::{Env, Outcome};
use crate::project::{Checked, Project, Resolved, RuleLevels};

/// Read and resolve `paths`. On an I/O error, or an error in any file,
/// print what went wrong (and `refusal`) and return the outcome to exit
/// with.
pub(super) fn load_clean(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    refusal: &str,
) -> Result<Resolved, Outcome> {
    let resolved = Project::new(paths.to_vec(), env.load).resolve();
    let errors = resolved.errors();
    con.errors(&resolved.workspace.io_errors);
    if !resolved.workspace.io_errors.is_empty() {
        return Err(Outcome::Failure);
    }
    if !errors.is_empty() {
        con.eprint(&human_text(&resolved.workspace, &errors, env.color));
        con.error(refusal);
        return Err(Outcome::Problems);
    }
    Ok(resolved)
}

/// [`load_clean`], then the engine and the continuity rules on every
/// story. Their errors are printed, story by story, and make the outcome
/// [`Outcome::Problems`], but every story is still returned with its
/// chronology: the engine orders the rest of the story without the
/// contradicting constraints. Warnings (unplaced scenes among them) are
/// `check`'s to report.
pub(super) fn load_analyzed(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    refusal: &str,
) -> Result<(Checked, Outcome), Outcome> {
    load_analyzed_in(con, env, paths, refusal, None)
}

/// [`load_analyzed`] with each series told in its viewing order `telling`
/// (`--order NAME`; [`crate::cli::viewing`]).
pub(super) fn load_analyzed_in(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    refusal: &str,
    telling: Option<&str>,
) -> Result<(Checked, Outcome), Outcome> {
    let mut resolved = load_clean(con, env, paths, refusal)?;
    crate::cli::viewing::apply(con, &mut resolved, telling)?;
    let checked = resolved.check(&RuleLevels::default());
    let mut outcome = Outcome::Clean;
    for story in &checked.stories {
        let errors = story.finding_errors();
        if !errors.is_empty() {
            con.eprint(&human_text(&checked.workspace, &errors, env.color));
            outcome = Outcome::Problems;
        }
    }
    Ok((checked, outcome))
}
