//! The storylines view: one line per character running through the
//! chronology, in the manner of Randall Munroe's movie narrative charts and
//! the StoryFlow layout (Liu et al., IEEE TVCG 2013).
//!
//! [`layout`](mod@layout) decides the order of the lines in every time slot and their
//! heights (the hard part: few crossings, few wiggles, linear time);
//! [`draw`] places it in pixels, labels the lines and writes the SVG. The
//! view and its SVG attributes are described in `docs/render.md`.

pub mod draw;
pub mod layout;

pub use draw::{emit, layout, Storylines};
