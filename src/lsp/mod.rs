//! `chronotope lsp`: a Language Server Protocol server for scene files.
//!
//! It speaks JSON-RPC over standard input and output and offers, for
//! `.scenes` (and `.fountain`) documents:
//!
//! * diagnostics as you type: `check`'s own pipeline (parse, resolve,
//!   engine, continuity) on the document together with the other files of
//!   its directory, open buffers standing in for their saved text, so the
//!   codes and spans are `check`'s;
//! * go-to-definition and find-references for scene ids, characters, eras,
//!   markers and marker values ([`index`]);
//! * completion of those names where they can be written;
//! * hover on a scene: its solved story-time bounds and its place in the
//!   chronology; on a character, era, marker or value: its declaration and
//!   the scenes that use it ([`hover`]);
//! * formatting through `fmt`;
//! * an outline of the document: header fields, markers with their values,
//!   eras, characters and scenes with their titles ([`outline`]);
//! * semantic tokens for scene files, so any editor colours ids, dates,
//!   durations, eras, markers and keywords by meaning ([`semantic_tokens`]).
//!
//! Positions are in the encoding the client negotiates: UTF-8 when it
//! offers it, else UTF-16 ([`convert`]). Documents are kept whole (full
//! sync; incremental edits are applied too if a client sends them).
//! Using it from editors: `docs/editors.md`.
//!
//! It stays responsive whatever the client sends: frames are bounded
//! ([`framing`]: 64 MiB a message, short headers), each story is analysed
//! once per burst of changes on a thread of its own ([`schedule`]), and
//! requests are answered meanwhile from the last analysis ([`server`]
//! describes the threads).

pub mod analysis;
pub mod completion;
pub mod convert;
pub mod framing;
pub mod hover;
pub mod index;
pub mod outline;
pub mod requests;
pub mod schedule;
pub mod semantic_tokens;
pub mod server;

use std::io;

use crate::workspace::LoadOptions;

/// Serve on standard input and output until the client says `exit`;
/// returns the exit code the protocol asks for (0 after `shutdown`).
pub fn run_stdio(options: LoadOptions) -> io::Result<i32> {
    // Each message is flushed whole; the buffer spares a system call per
    // piece of a large one.
    let out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    server::Server::new(out)
        .with_load_options(options)
        .serve(io::stdin())
}
