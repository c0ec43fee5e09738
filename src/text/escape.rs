//! Escaping text from input files for each place it is written.
//!
//! One function per destination, so a call site says where the text goes
//! and the rules for that destination are written once.

use std::borrow::Cow;

/// Text for a terminal: control characters (C0 but tab, DEL, C1) are written
/// as `\u{…}` escapes, so a path or title from an input file cannot move
/// the cursor, change colours or rewrite the screen.
pub fn terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_terminal_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_terminal_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// C0 controls other than tab, DEL and the C1 block.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_controls_and_keeps_the_rest() {
        assert_eq!(terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal("tab\there"), "tab\there");
        assert_eq!(terminal("line\nbreak"), "line\\u{a}break");
        assert_eq!(terminal("c1\u{9b}x"), "c1\\u{9b}x");
        assert_eq!(terminal("del\u{7f}"), "del\\u{7f}");
        assert_eq!(terminal("Kadıköy ✓"), "Kadıköy ✓");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
    }
}
