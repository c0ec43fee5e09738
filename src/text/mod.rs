//! Small text helpers shared by every stage, each with one home.
//!
//! Escaping for each output format lives in [`escape`]; shortening quoted
//! input ([`clip`]), counting words ([`plural`]) and pretty JSON
//! ([`pretty_json`], [`write_pretty_json`]) live here, so a message is clipped and pluralised the
//! same way wherever it is made; [`suggest`] finds the nearest name for a
//! "did you mean" hint.

pub mod escape;
mod json;
pub use json::push_string as push_json_string;
pub mod suggest;

/// How many characters of input text a message quotes before cutting it.
pub const CLIP: usize = 40;

/// Input text quoted in a message, cut to [`CLIP`] characters with `…`
/// after the cut, so a huge token cannot flood the output. Costs the
/// length of the result, not of the text.
pub fn clip(text: &str) -> String {
    match text.char_indices().nth(CLIP) {
        None => text.to_string(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

/// The decimal digits of `n`, written at the end of `buf` without
/// allocating (ASCII). Outputs with a row or an element per scene print
/// millions of numbers, and `format!` would go through the formatting
/// machinery (and often a `String`) for each. The digits are `itoa`'s,
/// as for [`push_decimal`]: one formatter for every integer.
pub fn decimal(n: u64, buf: &mut [u8; 20]) -> &[u8] {
    let mut formatted = itoa::Buffer::new();
    let digits = formatted.format(n).as_bytes();
    let start = buf.len() - digits.len();
    buf[start..].copy_from_slice(digits);
    &buf[start..]
}

/// [`decimal`], appended to `out`.
pub fn push_decimal(out: &mut String, n: u64) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// `n` with at least two digits (`07`, `12`, `123`), as `{:02}` prints it,
/// for the fields of dates and times.
pub fn push_two_digits(out: &mut String, n: u64) {
    if n < 100 {
        out.push(char::from(b'0' + (n / 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    } else {
        push_decimal(out, n);
    }
}

/// `1 scene`, `3 scenes`, `0 anachronies`: a count and its noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A white-space character as a reader can find it again: its code point
/// and, for the spaces that look like a space, its Unicode name
/// (`U+00A0 NO-BREAK SPACE`).
pub fn unicode_space_name(c: char) -> String {
    let name = match c {
        '\u{a0}' => " NO-BREAK SPACE",
        '\u{1680}' => " OGHAM SPACE MARK",
        '\u{2000}'..='\u{200a}' => " (a typographic space)",
        '\u{2028}' => " LINE SEPARATOR",
        '\u{2029}' => " PARAGRAPH SEPARATOR",
        '\u{202f}' => " NARROW NO-BREAK SPACE",
        '\u{205f}' => " MEDIUM MATHEMATICAL SPACE",
        '\u{3000}' => " IDEOGRAPHIC SPACE",
        '\u{b}' => " (vertical tab)",
        '\u{c}' => " (form feed)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

/// Serialise a value as pretty JSON with a final newline.
///
/// Every value written this way is one of our own plain data types: structs,
/// strings, numbers, lists, and maps with string keys. `serde_json` fails
/// only when a `Serialize` impl reports an error or a map key is not a
/// string or number, and none of ours can do either, so a failure is a bug
/// in this program, not a property of the input: it stops the run loudly
/// instead of writing a silently empty `{}`.
pub fn pretty_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // A Vec takes every byte; only a bug can fail (see above).
    write_pretty_json(&mut out, value)
        .expect("our output types serialise to JSON (plain data, string keys)");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// [`pretty_json`] written to `out` as it is produced, for outputs too big
/// to hold whole. Only a failure of `out` itself is returned; a failure of
/// serialisation is a bug, as [`pretty_json`] says, and stops the run.
pub fn write_pretty_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    match json::write(out, value) {
        Ok(()) => Ok(()),
        Err(Ok(e)) => Err(e),
        Err(Err(e)) => panic!("our output types serialise to JSON (plain data, string keys): {e}"),
    }
}

/// [`write_pretty_json`] for a value `level` levels deep in a document
/// written by hand around it: its lines indented to match, no final
/// newline. Only a failure of `out` is returned (see [`pretty_json`]).
pub fn write_pretty_json_nested<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
    level: usize,
) -> std::io::Result<()> {
    match json::write_nested(out, value, level) {
        Ok(()) => Ok(()),
        Err(Ok(e)) => Err(e),
        Err(Err(e)) => panic!("our output types serialise to JSON (plain data, string keys): {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_digit_fields_are_padded_and_never_cut() {
        for (n, text) in [
            (0, "00"),
            (7, "07"),
            (10, "10"),
            (99, "99"),
            (100, "100"),
            (1234, "1234"),
        ] {
            let mut out = String::from(":");
            push_two_digits(&mut out, n);
            assert_eq!(out, format!(":{text}"), "{n}");
            assert_eq!(&out[1..], format!("{n:02}"), "as {{:02}} prints {n}");
        }
    }

    #[test]
    fn decimals_are_the_digits_of_the_number() {
        let mut buf = [0u8; 20];
        for n in [0, 7, 10, 99, 100, 1_234_567, u64::MAX] {
            assert_eq!(decimal(n, &mut buf), n.to_string().as_bytes());
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn clip_cuts_at_the_limit_in_characters() {
        let exact = "é".repeat(CLIP);
        assert_eq!(clip(&exact), exact);
        let over = "é".repeat(CLIP + 1);
        assert_eq!(clip(&over), format!("{exact}…"));
        assert_eq!(clip(""), "");
        assert_eq!(clip("Kadıköy ferry"), "Kadıköy ferry");
        let huge = "x".repeat(100_000);
        assert_eq!(clip(&huge).len(), CLIP + '…'.len_utf8());
    }

    #[test]
    fn plural_picks_the_noun_by_count() {
        assert_eq!(plural(0, "scene", "scenes"), "0 scenes");
        assert_eq!(plural(1, "scene", "scenes"), "1 scene");
        assert_eq!(plural(2, "anachrony", "anachronies"), "2 anachronies");
    }

    #[test]
    fn pretty_json_ends_in_a_newline() {
        assert_eq!(pretty_json(&["a"]), "[\n  \"a\"\n]\n");
    }

    /// A value whose serialisation fails, as a bug in an impl would.
    struct Broken;

    impl serde::Serialize for Broken {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("broken"))
        }
    }

    #[test]
    #[should_panic(expected = "serialise to JSON")]
    fn a_serialisation_failure_is_loud_not_an_empty_object() {
        let _ = pretty_json(&Broken);
    }
}
