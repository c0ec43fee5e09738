//! `chronotope export`.

use std::path::PathBuf;

use crate::cli::load::{load_analyzed, load_clean};
use crate::cli::output::Console;
use crate::cli::{Env, ExportFormat, Outcome};
use crate::export;
use crate::report::{breakdown, interchange};

pub(super) fn run(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    format: ExportFormat,
    bom: bool,
) -> Outcome {
    if format != ExportFormat::Json {
        return run_interchange(con, env, paths, format, bom);
    }
    let refusal = "not exported: fix the errors above first";
    let resolved = match load_clean(con, env, paths, refusal) {
        Ok(resolved) => resolved,
        Err(outcome) => return outcome,
    };
    let stories: Vec<_> = resolved.stories.iter().map(|l| &l.story).collect();
    con.print_with(|out| export::write_json(&resolved.workspace.sources, &stories, out));
    Outcome::Clean
}

/// `aeon-csv`, `storycurve` and the breakdown: one file describes one
/// story, so several stories are refused, as `order --format csv` refuses
/// them.
fn run_interchange(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    format: ExportFormat,
    bom: bool,
) -> Outcome {
    let refusal = "not exported: fix the errors above first";
    let (checked, outcome) = match load_analyzed(con, env, paths, refusal) {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    if checked.stories.len() > 1 {
        con.error(&format!(
            "the paths hold {} stories; this format holds one story, so export them one at a time",
            checked.stories.len()
        ));
        return Outcome::Failure;
    }
    for story in &checked.stories {
        let Some(chronology) = story.chronology() else {
            continue;
        };
        let story = story.story();
        match format {
            ExportFormat::AeonCsv => {
                con.print_with(|out| interchange::write_aeon_csv(story, chronology, out));
            }
            ExportFormat::Breakdown => {
                con.print_with(|out| breakdown::write_csv(story, chronology, bom, out));
            }
            ExportFormat::BreakdownHtml => con.print(&breakdown::html(story, chronology)),
            _ => con.print_with(|out| interchange::write_storycurve(story, chronology, out)),
        }
    }
    outcome
}
