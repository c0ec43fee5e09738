//! chronotope: check, order and draw nonlinear stories.
//!
//! Data flows one way, one module per stage:
//! [`syntax`] (text to a tree with spans) → [`model`] (a resolved [`Story`])
//! → [`engine`] (temporal network, chronology) → [`continuity`] (rules) →
//! [`render`] (SVG). [`fountain`] reads screenplays into the same syntax tree.
//! [`diagnostics`] serves every stage. [`project`] is the pipeline every
//! command and [`lsp`] (which serves editors) call; [`workspace`] finds
//! stories on disk and [`readers`] says which files it reads and how;
//! [`cli`] only parses arguments, calls the library and prints.
//!
//! # Layers
//!
//! A module imports from the layers below it (and from modules of its own
//! layer without a cycle), never from a layer above: `tests/layering.rs`
//! reads every `crate::` path and fails on any import cycle between these
//! modules. From the bottom:
//!
//! 1. Foundations, importing nothing above: [`span`], [`source`], [`time`],
//!    [`text`] (escaping, suggestions and other text helpers, each with one
//!    home), [`atomic`] (writing files whole), [`parallel`] (work shared
//!    by two threads, results in order) and [`timings`] (stage times for
//!    people measuring).
//! 2. [`diagnostics`]: messages with spans, and their formats.
//! 3. Reading: [`syntax`], [`fountain`] and [`fdx`] turn text into a syntax tree.
//! 4. [`model`] resolves a tree into a [`Story`]; [`readers`] names the
//!    reader of each file and [`workspace`] loads the files of stories and
//!    resolves them.
//! 5. Analysis: [`engine`] (chronology), then [`continuity`] (rules).
//! 6. [`present`]: how dates, lengths of story-time and a scene's place
//!    read to a person, shared by every view below.
//! 7. Views: [`render`] (SVG, and inline drawings for pages), [`report`]
//!    (text, JSON, CSV and the HTML page, which embeds [`render`]'s
//!    drawings) and [`export`].
//! 8. [`project`]: the pipeline (load, resolve, analyse, check) that the
//!    front ends call.
//! 9. Front ends: [`lsp`] and [`cli`].
//!
//! [`Story`]: model::Story

pub mod atomic;
pub mod cli;
pub mod continuity;
pub mod csv_reader;
pub mod diagnostics;
pub mod engine;
pub mod export;
pub mod fdx;
pub mod fountain;
pub mod lsp;
pub mod markdown;
pub mod model;
pub mod parallel;
pub mod present;
pub mod project;
pub mod readers;
pub mod render;
pub mod report;
pub mod source;
pub mod span;
pub mod syntax;
pub mod text;
pub mod time;
pub mod timings;
pub mod workspace;
#[cfg(test)]
mod xorshift;
