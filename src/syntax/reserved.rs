//! Reserved words.
//!
//! Keywords and property names cannot name a scene, era or marker, so that
//! `story: after during` or a marker called `story` can never be ambiguous.

/// Properties a scene line may use besides marker names.
pub const SCENE_PROPERTIES: &[&str] = &[
    "screen", "story", "cast", "where", "repeats", "mode", "thread",
];

/// Every reserved word.
pub const RESERVED: &[&str] = &[
    "after",
    "before",
    "during",
    "for",
    "by",
    "story",
    "screen",
    "cast",
    "where",
    "repeats",
    "mode",
    "thread",
    "scene",
    "era",
    "marker",
    "character",
    "born",
    "died",
    "age",
];

/// The reserved word `name` is, if any.
pub fn reserved(name: &str) -> Option<&'static str> {
    RESERVED.iter().copied().find(|r| *r == name)
}
