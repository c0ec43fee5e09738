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
    con.print(&export::to_json(&resolved.workspace.sources, &stories));
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
        con.print(&match format {
            ExportFormat::AeonCsv => interchange::aeon_csv(story.story(), chronology),
            ExportFormat::Breakdown => breakdown::csv(story.story(), chronology, bom),
            ExportFormat::BreakdownHtml => breakdown::html(story.story(), chronology),
            _ => interchange::storycurve(story.story(), chronology),
        });
    }
    outcome
}
