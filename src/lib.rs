//! chronotope: check, order and draw nonlinear stories.
//!
//! Data flows one way, one module per stage:
//! [`syntax`] (text to a tree with spans) → [`model`] (a resolved [`Story`])
//! → [`engine`] (temporal network, chronology) → [`continuity`] (rules) →
//! `render` (SVG). [`fountain`] reads screenplays into the same syntax tree.
//! [`diagnostics`] serves every stage. [`project`] is the pipeline every
//! command and [`lsp`] (which serves editors) call; [`workspace`] finds
//! stories on disk and [`readers`] says which files it reads and how;
//! [`cli`] only parses arguments, calls the library and prints.
//!
//! [`Story`]: model::Story

pub mod atomic;
pub mod cli;
pub mod continuity;
pub mod diagnostics;
pub mod engine;
pub mod export;
pub mod fountain;
pub mod lsp;
pub mod model;
pub mod project;
pub mod readers;
pub mod render;
pub mod report;
pub mod source;
pub mod span;
pub mod syntax;
pub mod text;
pub mod time;
pub mod workspace;
