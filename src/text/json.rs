//! Pretty JSON written fast: serde_json's `PrettyFormatter` layout (two
//! spaces a level, `"key": value`, `[]` and `{}` when empty), with each
//! line break and its indentation written as one slice instead of a write
//! per level, behind a buffer of a concrete type so serde_json's many small
//! writes are inlined copies. Used by [`super::pretty_json`] and
//! [`super::write_pretty_json`]; the layout is pinned by the tests below
//! against serde_json's own.

use std::io::{self, BufWriter, Write};

use serde_json::ser::Formatter;

/// Levels of indentation one slice of [`BREAK`] covers; deeper levels add
/// two spaces a write.
const DEEP: usize = 32;

/// `,`, a newline and the indentation of [`DEEP`] levels: every line break
/// is a slice of it.
const BREAK: [u8; 2 + 2 * DEEP] = {
    let mut b = [b' '; 2 + 2 * DEEP];
    b[0] = b',';
    b[1] = b'\n';
    b
};

/// How much is gathered before it goes to the writer underneath.
const BUFFER: usize = 64 * 1024;

/// serde_json's pretty layout with two-space indentation.
#[derive(Default)]
struct Pretty {
    level: usize,
    has_value: bool,
}

/// A newline (after a comma unless `first`) and `level` levels of
/// indentation.
fn line_break<W: ?Sized + Write>(w: &mut W, first: bool, level: usize) -> io::Result<()> {
    let from = usize::from(first);
    w.write_all(&BREAK[from..2 + 2 * level.min(DEEP)])?;
    for _ in DEEP..level {
        w.write_all(b"  ")?;
    }
    Ok(())
}

impl Pretty {
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            line_break(w, true, self.level)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        line_break(w, first, self.level)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        line_break(w, first, self.level)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `text` as a JSON string, quotes included, escaped as serde_json does:
/// `"` and `\` with a backslash, the control characters below U+0020 as
/// `\b \t \n \f \r` or `\u00xx`, everything else as it is. For
/// outputs that write their rows by hand ([`crate::report::order`]), whose
/// bytes must match the serde_json layout of [`super::pretty_json`].
pub fn push_string(out: &mut String, text: &str) {
    // Nearly every string of an output needs no escape: one pass that
    // the compiler can vectorise says so, and the text goes in whole.
    let needs_escape = text.bytes().fold(false, |any, b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !needs_escape {
        out.reserve(text.len() + 2);
        out.push('"');
        out.push_str(text);
        out.push('"');
        return;
    }
    out.push('"');
    let mut plain_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escaped: &str = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // Only ASCII bytes are ever cut at, so the slices are whole
        // characters.
        out.push_str(&text[plain_from..at]);
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        } else {
            out.push_str(escaped);
        }
        plain_from = at + 1;
    }
    out.push_str(&text[plain_from..]);
    out.push('"');
}

/// Serialise `value` in the pretty layout as the value of a field `level`
/// levels deep (its lines indented to match), with no final newline: a
/// hand-written document's serde-made part.
pub(super) fn write_nested<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
    level: usize,
) -> Result<(), Result<io::Error, serde_json::Error>> {
    let pretty = Pretty {
        level,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(out, pretty);
    match value.serialize(&mut serializer) {
        Ok(()) => Ok(()),
        Err(e) if e.is_io() => Err(Ok(e.into())),
        Err(e) => Err(Err(e)),
    }
}

/// Serialise `value` as pretty JSON and a final newline into `out`.
///
/// `Err(Ok(e))` is a failure of `out`; `Err(Err(e))` a failure of
/// serialisation (a bug, see [`super::pretty_json`]).
pub(super) fn write<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
) -> Result<(), Result<io::Error, serde_json::Error>> {
    let mut buffered = BufWriter::with_capacity(BUFFER, out);
    let mut serializer = serde_json::Serializer::with_formatter(&mut buffered, Pretty::default());
    let done = match value.serialize(&mut serializer) {
        Ok(()) => buffered
            .write_all(b"\n")
            .and_then(|()| buffered.flush())
            .map_err(Ok),
        Err(e) if e.is_io() => Err(Ok(e.into())),
        Err(e) => Err(Err(e)),
    };
    // After a failure the buffer holds bytes that must not be tried again
    // when it is dropped.
    let _ = buffered.into_parts();
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{json, Value};

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut every_byte: String = (0u8..0x80).map(char::from).collect();
        every_byte.push_str("é ☃ 𝄞 \u{7f} \u{2028} / '");
        // Two of a kind, which must not cancel out in the scan.
        let pairs = ["a\u{1}\u{2}b", "\"\"", "\\\\", "\n\t", "x\u{1f}\u{1f}"];
        for text in [every_byte.as_str(), "", "plain", "\"\\\"", "a\u{1}b\u{1f}"]
            .into_iter()
            .chain(pairs)
        {
            let mut out = String::new();
            push_string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap(), "{text:?}");
        }
        // Each ASCII character alone, first, last and amid plain text:
        // whether a string takes the path without escapes turns on each.
        for c in (0u8..0x80).map(char::from) {
            for text in [
                format!("{c}"),
                format!("{c}ab"),
                format!("ab{c}"),
                format!("a{c}b"),
            ] {
                let mut out = String::from("kept ");
                push_string(&mut out, &text);
                let expected = format!("kept {}", serde_json::to_string(&text).unwrap());
                assert_eq!(out, expected, "{text:?}");
            }
        }
    }

    #[test]
    fn a_nested_value_tells_a_failing_writer_from_a_failing_value() {
        struct Failing;
        impl Write for Failing {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        assert!(matches!(
            write_nested(&mut Failing, &json!([1]), 1),
            Err(Ok(_))
        ));
        // A map whose keys are not strings cannot be JSON.
        let bad: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
        assert!(matches!(
            write_nested(&mut Vec::new(), &bad, 1),
            Err(Err(_))
        ));
    }

    #[test]
    fn a_nested_value_is_indented_for_its_depth() {
        let value = json!({"a": [1, {"b": []}], "c": {}});
        let mut nested = Vec::new();
        write_nested(&mut nested, &value, 1).unwrap();
        let mut whole = Vec::new();
        write(&mut whole, &json!({"x": value})).unwrap();
        let whole = String::from_utf8(whole).unwrap();
        let expected = whole
            .strip_prefix("{\n  \"x\": ")
            .and_then(|rest| rest.strip_suffix("\n}\n"))
            .unwrap();
        assert_eq!(String::from_utf8(nested).unwrap(), expected);
    }

    fn ours(value: &Value) -> String {
        let mut out = Vec::new();
        write(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn serde_jsons(value: &Value) -> String {
        serde_json::to_string_pretty(value).unwrap() + "\n"
    }

    #[test]
    fn the_layout_is_serde_jsons_pretty_one() {
        for value in [
            json!(null),
            json!([]),
            json!({}),
            json!([[]]),
            json!({"a": {}, "b": [], "c": [{}], "d": [1, [2, [3, {"e": null}]]]}),
            json!({"s": "quote \" and \u{1b} escape", "n": -1.5, "t": true}),
        ] {
            assert_eq!(ours(&value), serde_jsons(&value));
        }
    }

    #[test]
    fn nesting_deeper_than_one_slice_indents_on() {
        let mut value = json!(["bottom"]);
        for _ in 0..DEEP + 5 {
            value = json!({ "k": [value] });
        }
        assert_eq!(ours(&value), serde_jsons(&value));
    }

    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
                proptest::collection::btree_map(".{0,4}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_value_is_laid_out_as_serde_json_does(value in any_json()) {
            prop_assert_eq!(ours(&value), serde_jsons(&value));
        }
    }
}
