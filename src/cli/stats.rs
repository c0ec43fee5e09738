//! `chronotope stats`.

use std::path::PathBuf;

use crate::cli::filter;
use crate::cli::load::load_analyzed_in;
use crate::cli::output::Console;
use crate::cli::{Env, Outcome};
use crate::engine::stats::stats;
use crate::project::filter::Filter;
use crate::report::stats::{text, write_json};

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
    filter: &Filter,
) -> Outcome {
    let refusal = "no stats printed: fix the errors above first";
    let (checked, outcome) = match load_analyzed_in(con, env, paths, refusal, telling) {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    let shown = match filter::apply(con, filter, &checked.stories) {
        Ok(shown) => shown,
        Err(outcome) => return outcome,
    };
    for (i, (_, part)) in shown.iter().enumerate() {
        let (story, chronology) = (part.story(), part.chronology());
        let measured = stats(story, chronology);
        match format {
            StatsFormat::Text => {
                if i > 0 {
                    con.println("");
                }
                con.print(&text(story, &measured));
            }
            StatsFormat::Json => con.print_with(|out| write_json(story, &measured, out)),
        }
        if con.out_gone() {
            break;
        }
    }
    outcome
}
