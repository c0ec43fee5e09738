//! `chronotope completions SHELL`: a completion script, generated from the
//! clap definitions so it can never fall behind the commands.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::output::Console;
use crate::cli::{Cli, Outcome};

/// Print the completion script for `shell` on stdout. It is made in memory
/// first: the generator panics when its writer fails.
pub(super) fn run(con: &mut Console, shell: Shell) -> Outcome {
    let mut cmd = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "chronotope", &mut script);
    con.print_bytes(&script);
    Outcome::Clean
}
