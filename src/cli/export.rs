//! `chronotope export`.

use std::path::PathBuf;

use crate::cli::load::load_clean;
use crate::cli::Outcome;
use crate::export;

pub(super) fn run(paths: &[PathBuf], color: bool) -> Outcome {
    let clean = match load_clean(paths, color, "not exported: fix the errors above first") {
        Ok(clean) => clean,
        Err(outcome) => return outcome,
    };
    let stories: Vec<_> = clean.stories.iter().map(|l| &l.story).collect();
    print!("{}", export::to_json(&clean.ws.sources, &stories));
    Outcome::Clean
}
