//! `chronotope order`.

use std::path::PathBuf;

use crate::cli::filter;
use crate::cli::load::load_analyzed_in;
use crate::cli::output::Console;
use crate::cli::{Env, Outcome};
use crate::project::filter::Filter;
use crate::report::{characters, order};

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

pub(super) fn run(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    format: OrderFormat,
    works: bool,
    telling: Option<&str>,
    filter: &Filter,
) -> Outcome {
    let refusal = "no order printed: fix the errors above first";
    let (checked, outcome) = match load_analyzed_in(con, env, paths, refusal, telling) {
        Ok(done) => done,
        Err(outcome) => return outcome,
    };
    if format == OrderFormat::Csv && checked.stories.len() > 1 {
        // CSV has no room for a story column without changing the rows'
        // shape, and concatenated tables would not be one CSV file.
        con.error(&format!(
            "the paths hold {} stories; `--format csv` prints one at a time (or use `--format json`)",
            checked.stories.len()
        ));
        return Outcome::Failure;
    }
    let shown = match filter::apply(con, filter, &checked.stories) {
        Ok(shown) => shown,
        Err(outcome) => return outcome,
    };
    for (i, (_, part)) in shown.iter().enumerate() {
        let (story, chronology) = (part.story(), part.chronology());
        if i > 0 && format == OrderFormat::Text {
            con.println("");
        }
        let character = filter.character_in(story).ok().flatten();
        con.print(&match (format, works, character) {
            (OrderFormat::Text, true, _) => crate::report::works::text(story, chronology),
            (OrderFormat::Json, true, _) => crate::report::works::json(story, chronology),
            (OrderFormat::Csv, true, _) => crate::report::works::csv(story, chronology),
            (OrderFormat::Text, false, Some(c)) => characters::order_text(story, chronology, c),
            (OrderFormat::Text, false, None) => order::text(story, chronology),
            (OrderFormat::Json, false, _) => order::json(story, chronology),
            (OrderFormat::Csv, false, _) => order::csv(story, chronology),
        });
        if con.out_gone() {
            break;
        }
    }
    outcome
}
