//! Screen-time from page length: the one-page-per-minute rule.
//!
//! The page model is the standard US screenplay page: 12-point Courier, ten
//! characters to the inch, six lines to the inch, 55 lines of text per page,
//! and a page runs one minute. Each element is word-wrapped to its column
//! width and preceded by one blank line, except dialogue and parentheticals,
//! which sit directly under their character cue:
//!
//! | element | width (characters) | blank line before |
//! |---|---|---|
//! | scene heading, action, centered, transition | 61 | yes |
//! | character cue | one line | yes |
//! | dialogue, lyrics | 35 | no |
//! | parenthetical | 20 | no |
//!
//! Notes, boneyard, sections, synopses and page breaks take no room: they
//! are not printed. A scene runs from its heading to the next heading, so
//! consecutive scenes abut exactly; the clock starts at the first heading.

use crate::time::Millis;

/// Lines of text on one page.
pub const LINES_PER_PAGE: u64 = 55;
/// Screen-time of one page, in milliseconds.
pub const MILLIS_PER_PAGE: u64 = 60_000;
/// Width of action, headings, centered text and transitions.
pub const ACTION_WIDTH: usize = 61;
/// Width of dialogue and lyrics.
pub const DIALOGUE_WIDTH: usize = 35;
/// Width of a parenthetical.
pub const PARENTHETICAL_WIDTH: usize = 20;

/// Screen-time of the first `lines` lines of the script. Scene boundaries
/// are computed from the running line count, never by adding rounded scene
/// lengths, so rounding never opens a gap between scenes.
pub fn millis_at(lines: u64) -> Millis {
    let ms = u128::from(lines) * u128::from(MILLIS_PER_PAGE) / u128::from(LINES_PER_PAGE);
    Millis::try_from(ms).unwrap_or(Millis::MAX)
}

/// How many printed lines `text` takes at `width` characters, wrapping at
/// spaces (a word longer than the width is broken). A tab counts as four
/// columns. Empty text takes one line.
pub fn wrapped_lines(text: &str, width: usize) -> u64 {
    let width = width.max(1);
    let mut lines = 1u64;
    // Columns used on the current line, and the length of the word being
    // read (not yet placed).
    let mut col = 0usize;
    let mut word = 0usize;
    let place = |col: &mut usize, word: &mut usize, lines: &mut u64| {
        if *word == 0 {
            return;
        }
        let need = if *col == 0 { *word } else { *col + 1 + *word };
        if need <= width {
            *col = need;
        } else {
            // Onto a fresh line; an over-long word fills whole lines.
            let mut w = *word;
            if *col > 0 {
                *lines += 1;
            }
            while w > width {
                *lines += 1;
                w -= width;
            }
            *col = w;
        }
        *word = 0;
    };
    // Bytes, not chars: a column is a code point, and a UTF-8 continuation
    // byte (`10xxxxxx`) never starts one, so counting the other bytes
    // counts code points without decoding them.
    for &b in text.as_bytes() {
        match b {
            b' ' => place(&mut col, &mut word, &mut lines),
            b'\t' => {
                place(&mut col, &mut word, &mut lines);
                col = (col + 4).min(width);
            }
            _ => word += usize::from(b & 0xC0 != 0x80),
        }
    }
    place(&mut col, &mut word, &mut lines);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_page_is_one_minute() {
        assert_eq!(millis_at(0), 0);
        assert_eq!(millis_at(55), 60_000);
        assert_eq!(millis_at(110), 120_000);
        assert_eq!(millis_at(1), 1090);
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("aaaa bbbb", 10), 1);
        assert_eq!(wrapped_lines("aaaa bbbbbb", 10), 2);
        assert_eq!(wrapped_lines("aaaaaaaaaaaaaaaaaaaaaaaaa", 10), 3);
        assert_eq!(wrapped_lines(&"word ".repeat(100), 61), 9);
        // A column is a code point, not a byte: ten two-byte letters fit
        // ten columns, eleven do not.
        assert_eq!(wrapped_lines(&"é".repeat(10), 10), 1);
        assert_eq!(wrapped_lines(&"é".repeat(11), 10), 2);
        assert_eq!(wrapped_lines("ééééé ééééé", 10), 2);
        assert_eq!(wrapped_lines("éééé éééé", 10), 1);
    }
}
