//! `chronotope export`.

use std::path::PathBuf;

use crate::cli::load::load_clean;
use crate::cli::output::Console;
use crate::cli::{Env, Outcome};
use crate::export;

pub(super) fn run(con: &mut Console, env: &Env, paths: &[PathBuf]) -> Outcome {
    let refusal = "not exported: fix the errors above first";
    let resolved = match load_clean(con, env, paths, refusal) {
        Ok(resolved) => resolved,
        Err(outcome) => return outcome,
    };
    let stories: Vec<_> = resolved.stories.iter().map(|l| &l.story).collect();
    con.print(&export::to_json(&resolved.workspace.sources, &stories));
    Outcome::Clean
}
