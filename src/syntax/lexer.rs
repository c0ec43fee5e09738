//! Tokens of a property value.
//!
//! Scene files are line-oriented, so the parser splits lines itself and only
//! the value part of a line (after `story:`, `screen:` …) is tokenised here.
//! Words follow the id alphabet (a letter, then letters, digits, `-`, `_`), so
//! `moving-in` is one word and `moving-in + 2mo` needs the spaces. Literals
//! start with a digit and swallow the characters dates, times and durations
//! use (`2014-05-17T18:00`, `1h30m`, `00:04:10.5`); `..` always separates.

/// What kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// An identifier-like word: `after`, `moving-in`, `past`.
    Word,
    /// A literal starting with a digit: a date, time, duration or timecode.
    Literal,
    /// `..`
    DotDot,
    /// `,`
    Comma,
    /// `+`
    Plus,
    /// `-` standing alone
    Minus,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `#`
    Hash,
    /// Any other character.
    Other,
}

/// A token: its kind and absolute byte range in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// The kind.
    pub kind: TokenKind,
    /// First byte (absolute).
    pub start: usize,
    /// One past the last byte (absolute).
    pub end: usize,
}

/// True for a character that may start an id.
pub fn is_id_start(c: char) -> bool {
    c.is_alphabetic()
}

/// True for a character that may continue an id.
pub fn is_id_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// The length of the run of id characters ([`is_id_continue`]) that starts
/// `s`. ASCII, nearly all of a scene file, is classified byte by byte; the
/// Unicode tables are consulted only for other characters.
pub fn id_run(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            i += 1;
        } else if b.is_ascii() {
            break;
        } else {
            match s[i..].chars().next() {
                Some(c) if is_id_continue(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

/// True when `s` is a well-formed id.
pub fn is_id(s: &str) -> bool {
    s.chars().next().is_some_and(is_id_start) && id_run(s) == s.len()
}

/// Tokenise `text` (which starts at absolute offset `base`) into `out`.
pub fn tokenize(text: &str, base: usize, out: &mut Vec<Token>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let kind = match b {
            b' ' | b'\t' => {
                i += 1;
                continue;
            }
            b'.' if bytes.get(i + 1) == Some(&b'.') => {
                i += 2;
                TokenKind::DotDot
            }
            b',' => {
                i += 1;
                TokenKind::Comma
            }
            b'+' => {
                i += 1;
                TokenKind::Plus
            }
            b'-' => {
                i += 1;
                TokenKind::Minus
            }
            b'(' => {
                i += 1;
                TokenKind::LParen
            }
            b')' => {
                i += 1;
                TokenKind::RParen
            }
            b'#' => {
                i += 1;
                TokenKind::Hash
            }
            b'0'..=b'9' => {
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b':' | b'-' => i += 1,
                        b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => i += 1,
                        _ => break,
                    }
                }
                TokenKind::Literal
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                i += c.len_utf8();
                if is_id_start(c) {
                    i += id_run(&text[i..]);
                    // `anh/cantina` names a scene of another work: one
                    // word, so every place that takes a scene id takes it.
                    // `anh/` alone stays one word too, for the resolver to
                    // report whole.
                    if bytes.get(i) == Some(&b'/') {
                        i += 1;
                        i += id_run(&text[i..]);
                    }
                    TokenKind::Word
                } else {
                    TokenKind::Other
                }
            }
        };
        out.push(Token {
            kind,
            start: base + start,
            end: base + i,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_runs_agree_with_the_character_classes() {
        for (text, run) in [
            ("moving-in + 2mo", 9),
            ("Kadıköy, x", "Kadıköy".len()),
            ("s_1:", 3),
            ("İlkin", "İlkin".len()),
            ("a\u{2014}b", 1),
            ("", 0),
            (":x", 0),
        ] {
            assert_eq!(id_run(text), run, "{text:?}");
            let by_chars = text
                .find(|c: char| !is_id_continue(c))
                .unwrap_or(text.len());
            assert_eq!(id_run(text), by_chars, "{text:?}");
        }
        assert!(is_id("Ayşe-2") && !is_id("2a") && !is_id("a b") && !is_id(""));
    }

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        let mut out = Vec::new();
        tokenize(text, 0, &mut out);
        out.iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn splits_story_values() {
        use TokenKind::*;
        assert_eq!(
            kinds("after ferry by 6mo..1y, for 3h"),
            vec![
                (Word, "after"),
                (Word, "ferry"),
                (Word, "by"),
                (Literal, "6mo"),
                (DotDot, ".."),
                (Literal, "1y"),
                (Comma, ","),
                (Word, "for"),
                (Literal, "3h"),
            ]
        );
        assert_eq!(
            kinds("moving-in + 2mo..4mo"),
            vec![
                (Word, "moving-in"),
                (Plus, "+"),
                (Literal, "2mo"),
                (DotDot, ".."),
                (Literal, "4mo")
            ]
        );
        assert_eq!(
            kinds("2014-05-17T18:00 .. 00:01.5"),
            vec![
                (Literal, "2014-05-17T18:00"),
                (DotDot, ".."),
                (Literal, "00:01.5")
            ]
        );
        assert_eq!(
            kinds("İlkin ğ <"),
            vec![(Word, "İlkin"), (Word, "ğ"), (Other, "<")]
        );
        assert_eq!(
            kinds("after anh/cantina + 1d, esb/ x/y/z"),
            vec![
                (Word, "after"),
                (Word, "anh/cantina"),
                (Plus, "+"),
                (Literal, "1d"),
                (Comma, ","),
                (Word, "esb/"),
                (Word, "x/y"),
                (Other, "/"),
                (Word, "z"),
            ]
        );
    }

    #[test]
    fn ids() {
        assert!(is_id("moving-in"));
        assert!(is_id("Kadıköy_2"));
        assert!(!is_id("2nd"));
        assert!(!is_id(""));
        assert!(!is_id("a b"));
    }
}
