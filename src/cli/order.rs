//! `chronotope order`.

use std::path::PathBuf;

use crate::cli::filter;
use crate::cli::load::load_analyzed_in;
use crate::cli::output::Console;
use crate::cli::{Env, Outcome};
use crate::project::filter::Filter;
use crate::report::{characters, order, works};

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
        // The scenes' order streams (a million rows are never held whole);
        // a series' works and a character's scenes are few.
        match (format, works, character) {
            (OrderFormat::Text, true, _) => con.print(&works::text(story, chronology)),
            (OrderFormat::Json, true, _) => con.print(&works::json(story, chronology)),
            (OrderFormat::Csv, true, _) => con.print(&works::csv(story, chronology)),
            (OrderFormat::Text, false, Some(c)) => {
                con.print(&characters::order_text(story, chronology, c));
            }
            (OrderFormat::Text, false, None) => {
                con.print_with(|out| order::write_text(story, chronology, out));
            }
            (OrderFormat::Json, false, _) => {
                con.print_with(|out| order::write_json(story, chronology, out));
            }
            (OrderFormat::Csv, false, _) => {
                con.print_with(|out| order::write_csv(story, chronology, out));
            }
        }
        if con.out_gone() {
            break;
        }
    }
    outcome
}
