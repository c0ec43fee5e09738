//! `chronotope stats`.

use std::path::PathBuf;

use crate::cli::load::load_analyzed;
use crate::cli::Outcome;
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

pub(super) fn run(paths: &[PathBuf], format: StatsFormat, color: bool) -> Outcome {
    let (stories, outcome) =
        match load_analyzed(paths, color, "no stats printed: fix the errors above first") {
            Ok(done) => done,
            Err(outcome) => return outcome,
        };
    for (i, (story, chronology)) in stories.iter().enumerate() {
        let measured = stats(story, chronology);
        match format {
            StatsFormat::Text => {
                if i > 0 {
                    println!();
                }
                print!("{}", text(story, &measured));
            }
            StatsFormat::Json => print!("{}", json(story, &measured)),
        }
    }
    outcome
}
