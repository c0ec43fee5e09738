//! Small text helpers shared by every stage, each with one home.
//!
//! Escaping for each output format lives in [`escape`]; shortening and
//! counting words for messages will live here too, so a message is clipped
//! and pluralised the same way wherever it is made.

pub mod escape;
pub mod suggest;
