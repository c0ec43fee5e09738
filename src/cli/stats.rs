//! `chronotope stats`.

use std::path::PathBuf;

use crate::cli::load::load_analyzed_in;
use crate::cli::output::Console;
use crate::cli::{Env, Outcome};
use crate::engine::stats::stats;
use crate::report::stats::{json, text};

/// Output formats of `stats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatsFormat {
    /// A report for people.
    Text,
    /// One JSON document per story.
    Json,
}

pub(super) fn run(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    format: StatsFormat,
    telling: Option<&str>,
) -> Outcome {
    let refusal = "no stats printed: fix the errors above first";
    let (checked, outcome) = match load_analyzed_in(con, env, paths, refusal, telling) {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    let analysed = checked
        .stories
        .iter()
        .filter_map(|s| Some((s.story(), s.chronology()?)));
    for (i, (story, chronology)) in analysed.enumerate() {
        let measured = stats(story, chronology);
        match format {
            StatsFormat::Text => {
                if i > 0 {
                    con.println("");
                }
                con.print(&text(story, &measured));
            }
            StatsFormat::Json => con.print(&json(story, &measured)),
        }
        if con.out_gone() {
            break;
        }
    }
    outcome
}
