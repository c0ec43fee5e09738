//! Drawing a story as an SVG timeline.
//!
//! [`metrics`] measures label text with font metrics embedded in the binary,
//! so layout (and therefore the SVG bytes) is identical on every machine.

pub mod metrics;
