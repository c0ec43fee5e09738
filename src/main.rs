//! The `chronotope` binary: all work happens in the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    chronotope::cli::main()
}
