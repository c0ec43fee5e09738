//! `chronotope order`.

use std::path::PathBuf;

use crate::cli::load::load_analyzed;
use crate::cli::Outcome;
use crate::report::order;

/// Output formats of `order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderFormat {
    /// A table for people.
    Text,
    /// One JSON document per story.
    Json,
    /// CSV with a header line (one story only).
    Csv,
}

pub(super) fn run(paths: &[PathBuf], format: OrderFormat, color: bool) -> Outcome {
    let (stories, outcome) =
        match load_analyzed(paths, color, "no order printed: fix the errors above first") {
            Ok(done) => done,
            Err(outcome) => return outcome,
        };
    if format == OrderFormat::Csv && stories.len() > 1 {
        // CSV has no room for a story column without changing the rows'
        // shape, and concatenated tables would not be one CSV file.
        eprintln!(
            "error: the paths hold {} stories; `--format csv` prints one at a time (or use `--format json`)",
            stories.len()
        );
        return Outcome::Failure;
    }
    for (i, (story, chronology)) in stories.iter().enumerate() {
        if i > 0 && format == OrderFormat::Text {
            println!();
        }
        print!(
            "{}",
            match format {
                OrderFormat::Text => order::text(story, chronology),
                OrderFormat::Json => order::json(story, chronology),
                OrderFormat::Csv => order::csv(story, chronology),
            }
        );
    }
    outcome
}
