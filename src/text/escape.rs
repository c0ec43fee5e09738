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

/// A CSV cell: always quoted (RFC 4180, a quote inside written twice), and
/// neutralised against formula injection as OWASP recommends: a value that
/// starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
/// `'`, so a spreadsheet shows it as text instead of running it.
pub fn csv_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 3);
    out.push('"');
    if starts_formula(text) {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Whether a spreadsheet could read `text` as a formula.
pub fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_neutralised() {
        assert_eq!(csv_cell("plain"), "\"plain\"");
        assert_eq!(csv_cell("say \"hi\", then"), "\"say \"\"hi\"\", then\"");
        assert_eq!(csv_cell("=1+2"), "\"'=1+2\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("\tx"), "\"'\tx\"");
        assert_eq!(csv_cell("a=b"), "\"a=b\"");
        assert_eq!(csv_cell(""), "\"\"");
    }

    proptest::proptest! {
        /// An independent CSV parser reads the cell back as the text, with
        /// the `'` prefix exactly when the text could start a formula.
        #[test]
        fn csv_cells_read_back(text in "(\\PC|\t|\r|\n)*") {
            let line = format!("{}\n", csv_cell(&text));
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let record = reader.records().next().expect("one row").expect("valid CSV");
            let expected = if starts_formula(&text) { format!("'{text}") } else { text.clone() };
            proptest::prop_assert_eq!(record.get(0), Some(expected.as_str()));
        }
    }

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
