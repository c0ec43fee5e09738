//! `chronotope completions SHELL`: a completion script, generated from the
//! clap definitions so it can never fall behind the commands.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, Outcome};

/// Print the completion script for `shell` on stdout.
pub(super) fn run(shell: Shell) -> Outcome {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "chronotope", &mut std::io::stdout());
    Outcome::Clean
}
