//! Scene-file syntax: text to a syntax tree with spans.
//!
//! [`lexer`] tokenises property values, [`parser`] reads lines into the
//! [`tree`] (whole, or as an outline whose scenes are parsed one at a time
//! later, for the commands that drop the tree once resolved), [`literal`] validates dates, durations and timecodes,
//! [`printer`] writes a tree back as canonical text, and [`mod@format`] is
//! `chronotope fmt` on one file.

pub mod format;
pub mod lexer;
pub mod literal;
pub mod parser;
pub mod printer;
pub mod reserved;
pub mod tree;

pub use parser::{parse, PARALLEL_FROM_BYTES};
pub use tree::SourceTree;
