//! The `chronotope` binary: all work happens in the library.

use std::process::ExitCode;

// Parsing a story makes many small allocations; mimalloc serves them about
// twice as fast as the system allocator (benches/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    chronotope::cli::main()
}
