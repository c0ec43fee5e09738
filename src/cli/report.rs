//! `chronotope report`: one self-contained HTML page per story.
//!
//! The diagnostics are `check`'s (the same pipeline, [`crate::project::Project::check`])
//! and are printed as `check` prints them. Every story gets a page, even
//! one with errors: its page then lists the errors instead of the views.
//! With one story, `-o` is the file to write (or, when it is an existing
//! directory, the directory to write `<slug>.html` into); with several it is
//! a directory, created if missing, holding `<slug>.html` for each.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::atomic::{check_target, Target};
use crate::cli::check::report;
use crate::cli::output::{shown, Console};
use crate::cli::render::{file_slug, unique_slug, write_atomic};
use crate::cli::{Env, Outcome};
use crate::diagnostics::Diagnostic;
use crate::project::filter::{Filter, Filtered};
use crate::project::{Checked, Project};
use crate::report::html::{page, Page};

pub(super) fn run(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    out: &Path,
    telling: Option<&str>,
    filter: &Filter,
) -> Outcome {
    // `-o DIR/` (with the separator) is a directory even before it exists.
    let named_dir = out
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::is_separator);
    let target = if named_dir || out.is_dir() {
        Target::Dir
    } else {
        Target::File
    };
    if let Err(why) = check_target(out, target) {
        con.error(&format!("cannot write a report to `{}`: {why}", shown(out)));
        return Outcome::Failure;
    }
    let mut resolved = Project::new(paths.to_vec(), env.load).resolve();
    if let Err(outcome) = crate::cli::viewing::apply(con, &mut resolved, telling) {
        return outcome;
    }
    let checked = resolved.check(&crate::project::RuleLevels::default());
    let outcome = report(con, &checked.workspace, &checked.diagnostics, env.color);
    if outcome == Outcome::Failure {
        return outcome;
    }
    if checked.stories.is_empty() {
        // Every file failed to read as text (bad UTF-8): the diagnostics
        // above say why, and that is a problem in the input (exit 1), as
        // `check` has it.
        con.error("no story found to report on");
        return if outcome == Outcome::Problems {
            outcome
        } else {
            Outcome::Failure
        };
    }
    let into_dir = target == Target::Dir || checked.stories.len() > 1;
    let dir = if into_dir { Some(out) } else { out.parent() };
    if let Some(dir) = dir.filter(|d| !d.as_os_str().is_empty()) {
        if let Err(e) = fs::create_dir_all(dir) {
            con.error(&format!("cannot create {}: {e}", shown(dir)));
            return Outcome::Failure;
        }
    }
    // With a filter, only the stories that have what it names, cut down.
    let parts = if filter.is_empty() {
        None
    } else {
        match crate::cli::filter::apply(con, filter, &checked.stories) {
            Ok(parts) => Some(parts),
            Err(outcome) => return outcome,
        }
    };
    write_pages(con, &checked, parts.as_deref(), out, into_dir, outcome)
}

/// Write one page per story: into `out` as a directory, or as the file
/// `out`. Every page is written whatever happens to standard output.
fn write_pages(
    con: &mut Console,
    checked: &Checked,
    parts: Option<&[(usize, Filtered)]>,
    out: &Path,
    into_dir: bool,
    mut outcome: Outcome,
) -> Outcome {
    let mut slugs: HashSet<String> = HashSet::new();
    for (index, checked_story) in checked.stories.iter().enumerate() {
        let (story, chronology) = match parts {
            None => (checked_story.story(), checked_story.chronology()),
            Some(parts) => match parts.iter().find(|(i, _)| *i == index) {
                Some((_, part)) => (part.story(), Some(part.chronology())),
                None => continue,
            },
        };
        // A diagnostic without a place (none today) goes on every page
        // rather than on none.
        let own: Vec<Diagnostic> = checked
            .diagnostics
            .iter()
            .filter(|d| d.main_span().is_none_or(|s| story.files.contains(&s.file)))
            .cloned()
            .collect();
        let html = page(&Page {
            story,
            chronology,
            diagnostics: &own,
            sources: &checked.workspace.sources,
        });
        let written = if into_dir {
            let slug = unique_slug(con, &mut slugs, &file_slug(&story.slug()), "html");
            write_atomic(out, &format!("{slug}.html"), html.as_bytes())
        } else {
            crate::atomic::write(out, html.as_bytes(), crate::atomic::Existing::Replace)
                .map(|()| out.to_path_buf())
        };
        match written {
            Ok(path) => con.println(&shown(&path)),
            Err(e) => {
                con.error(&format!("cannot write a report into {}: {e}", shown(out)));
                outcome = Outcome::Failure;
            }
        }
    }
    outcome
}
