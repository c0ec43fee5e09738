//! Escaping text from input files for each place it is written.
//!
//! One function per destination, so a call site says where the text goes
//! and the rules for that destination are written once:
//!
//! | destination | function | rules |
//! |---|---|---|
//! | XML text (SVG, JUnit bodies) | [`xml_text`], [`push_xml_text`] | `& < > " '` as entities; characters XML 1.0 forbids or discourages become U+FFFD |
//! | XML attribute values (JUnit) | [`xml_attr`] | as [`xml_text`], and tab, LF, CR as character references, so attribute-value normalisation keeps them |
//! | HTML text and quoted attributes | [`html`] | as [`xml_text`]: DEL, C0/C1 controls and noncharacters become U+FFFD |
//! | CSV cells | [`csv_cell`] | RFC 4180 quoting; a cell that a spreadsheet would run as a formula gets a leading `'` |
//! | a terminal | [`terminal`] | control characters written as `\u{…}` |
//! | GitHub workflow commands | [`github_message`], [`github_property`] | the runner's `%XX` escapes; controls as for [`terminal`] |
//!
//! Every function returns its input unchanged (borrowed) when nothing in it
//! needs escaping, so ordinary text costs a scan and no allocation.

use std::borrow::Cow;

/// What replaces a character a destination cannot carry.
const REPLACEMENT: &str = "\u{fffd}";

/// Text for a terminal: control characters (C0 but tab, DEL, C1) are written
/// as `\u{…}` escapes, so a path or title from an input file cannot move
/// the cursor, change colours or rewrite the screen. Other Unicode text
/// (`Kadıköy`) is kept.
pub fn terminal(text: &str) -> Cow<'_, str> {
    escape_controls(text, is_terminal_control)
}

/// [`terminal`] for text of several lines (a source snippet): LF and CR
/// are kept, since the snippet drawer lays the lines out itself.
pub fn terminal_lines(text: &str) -> Cow<'_, str> {
    escape_controls(text, |c| {
        is_terminal_control(c) && !matches!(c, '\n' | '\r')
    })
}

fn escape_controls(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
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

/// Characters no markup output carries: those XML 1.0 forbids (C0 controls
/// but tab, LF and CR; U+FFFE and U+FFFF; surrogates cannot occur in a
/// `str`) and those XML 1.0 §2.2 and HTML ask authors to avoid (DEL, the C1
/// controls, and the noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF of
/// every plane).
pub fn is_unwritable_in_markup(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || n & 0xfffe == 0xfffe
}

/// Whether markup escaping changes `c`.
fn is_markup_special(c: char) -> bool {
    matches!(c, '&' | '<' | '>' | '"' | '\'') || is_unwritable_in_markup(c)
}

/// Text for an XML text node or a quoted attribute value whose whitespace
/// does not matter (SVG): `&`, `<`, `>`, `"` and `'` as entities, and
/// characters XML should not carry ([`is_unwritable_in_markup`]) as U+FFFD.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_markup_special) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    push_xml_text(&mut out, text);
    Cow::Owned(out)
}

/// [`xml_text`], appended to `out`.
pub fn push_xml_text(out: &mut String, text: &str) {
    push_markup(out, text, false);
}

/// Text for an XML attribute value that must keep its line breaks and tabs
/// (a JUnit `message="…"`): as [`xml_text`], and tab, LF and CR as
/// character references, since a parser turns them into spaces otherwise.
/// Also valid in text nodes; JUnit uses it for both, so a finding reads the
/// same in its attribute and its body.
pub fn xml_attr(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| is_markup_special(c) || matches!(c, '\t' | '\n' | '\r'))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    push_markup(&mut out, text, true);
    Cow::Owned(out)
}

/// Text for HTML, in an element or a quoted attribute value. The rules of
/// [`xml_text`] are HTML's too: `&apos;` is an HTML5 named reference, and
/// DEL, C0/C1 controls and noncharacters, which HTML parsers report as
/// errors, become U+FFFD. One set of rules means an SVG embedded in the
/// report is clean by the same test.
pub fn html(text: &str) -> Cow<'_, str> {
    xml_text(text)
}

fn push_markup(out: &mut String, text: &str, whitespace_as_references: bool) {
    // Most text has no special character at all, and a view of a million
    // scenes escapes hundreds of megabytes: one pass that the compiler can
    // vectorise finds printable ASCII other than the five markup
    // characters, and the text goes in whole. Anything else (a control,
    // any non-ASCII byte) takes the careful way below.
    let plain = text.bytes().fold(true, |plain, b| {
        plain
            & (0x20..0x7f).contains(&b)
            & (b != b'&')
            & (b != b'<')
            & (b != b'>')
            & (b != b'"')
            & (b != b'\'')
    });
    if plain {
        out.push_str(text);
        return;
    }
    // Runs of characters that pass unchanged are copied as slices; only
    // the bytes in LOOK need a look (a tooltip has line breaks and dashes,
    // and skips every other byte).
    let bytes = text.as_bytes();
    let mut unchanged_from = 0;
    let mut at = 0;
    while at < bytes.len() {
        let b = bytes[at];
        if !LOOK[usize::from(b)] {
            at += 1;
            continue;
        }
        let written: &str = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            b'\t' if whitespace_as_references => "&#9;",
            b'\n' if whitespace_as_references => "&#10;",
            b'\r' if whitespace_as_references => "&#13;",
            b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            // Another control, DEL, or a lead byte (never inside a
            // character): decode the one character it starts.
            _ => match text.get(at..).and_then(|rest| rest.chars().next()) {
                Some(c) if is_unwritable_in_markup(c) => {
                    out.push_str(&text[unchanged_from..at]);
                    out.push_str(REPLACEMENT);
                    at += c.len_utf8();
                    unchanged_from = at;
                    continue;
                }
                Some(c) => {
                    at += c.len_utf8();
                    continue;
                }
                None => {
                    at += 1;
                    continue;
                }
            },
        };
        out.push_str(&text[unchanged_from..at]);
        out.push_str(written);
        at += 1;
        unchanged_from = at;
    }
    out.push_str(&text[unchanged_from..]);
}

/// The bytes markup escaping must look at: the five markup characters,
/// the C0 controls (tab, LF and CR may need references) and DEL, and the
/// lead bytes of the only non-ASCII characters it replaces: the C1
/// controls (U+0080..U+009F, lead byte 0xC2), the noncharacters
/// U+FDD0..U+FDEF, U+FFFE and U+FFFF (0xEF), and those of the other planes
/// (0xF0..=0xF4). A continuation byte is never in it.
static LOOK: [bool; 256] = {
    let mut look = [false; 256];
    let mut b = 0;
    while b < 256 {
        look[b] = b < 0x20
            || b == 0x7f
            || b == b'&' as usize
            || b == b'<' as usize
            || b == b'>' as usize
            || b == b'"' as usize
            || b == b'\'' as usize
            || b == 0xc2
            || b == 0xef
            || (b >= 0xf0 && b <= 0xf4);
        b += 1;
    }
    look
};

/// One CSV cell (RFC 4180): quoted, with `"` doubled, when it holds a
/// comma, a quote or a line break.
///
/// A cell a spreadsheet would run as a formula (one starting with `=`, `+`,
/// `-`, `@`, tab or CR, as OWASP lists them) gets a leading `'`, which
/// spreadsheets read as "this is text" and hide. A plain number (`-5`,
/// `+2.5`) is left alone: a spreadsheet reads it as the number it is, and
/// our own columns (relative offsets in seconds) are negative numbers that
/// must stay numbers. Text that merely looks like a signed number carries
/// no formula, so nothing is lost by keeping it too.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let neutralise = starts_formula(text) && !is_plain_number(text);
    let quote = text.contains([',', '"', '\r', '\n']);
    if !neutralise && !quote {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    if quote {
        out.push('"');
    }
    if neutralise {
        out.push('\'');
    }
    for c in text.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
    Cow::Owned(out)
}

/// [`csv_cell`] always in quotes, for importers that want every value
/// quoted (Aeon Timeline's CSV import): the same neutralising, the same
/// doubling of `"`.
pub fn csv_cell_quoted(text: &str) -> String {
    let cell = csv_cell(text);
    if cell.starts_with('"') {
        return cell.into_owned();
    }
    let mut out = String::with_capacity(cell.len() + 2);
    out.push('"');
    out.push_str(&cell);
    out.push('"');
    out
}

/// Whether a spreadsheet could read `text` as a formula (it starts with
/// `=`, `+`, `-`, `@`, tab or CR, as OWASP lists them).
pub fn starts_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// An optional sign, digits, and an optional `.` with more digits.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// A GitHub workflow command's message (after `::`): `%`, CR and LF as the
/// runner's `%25`, `%0D`, `%0A`, and other control characters as
/// [`terminal_lines`] writes them, since the job log is shown by a terminal
/// emulator.
pub fn github_message(text: &str) -> Cow<'_, str> {
    let text = terminal_lines(text);
    if !text.contains(['%', '\r', '\n']) {
        return text;
    }
    Cow::Owned(
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// A GitHub workflow command's property value (`file=`, `title=`): as
/// [`github_message`], and `:` and `,` as `%3A` and `%2C`.
pub fn github_property(text: &str) -> Cow<'_, str> {
    let text = github_message(text);
    if !text.contains([':', ',']) {
        return text;
    }
    Cow::Owned(text.replace(':', "%3A").replace(',', "%2C"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quoted_csv_cells_are_quoted_and_neutralised() {
        assert_eq!(csv_cell_quoted("plain"), "\"plain\"");
        assert_eq!(
            csv_cell_quoted("say \"hi\", then"),
            "\"say \"\"hi\"\", then\""
        );
        assert_eq!(csv_cell_quoted("=1+2"), "\"'=1+2\"");
        assert_eq!(csv_cell_quoted("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell_quoted("\tx"), "\"'\tx\"");
        assert_eq!(csv_cell_quoted("a=b"), "\"a=b\"");
        assert_eq!(csv_cell_quoted(""), "\"\"");
    }

    proptest::proptest! {
        /// An independent CSV parser reads the cell back as the text, with
        /// the `'` prefix exactly when the text could start a formula.
        #[test]
        fn quoted_csv_cells_read_back(text in "(\\PC|\t|\r|\n)*") {
            let line = format!("{}\n", csv_cell_quoted(&text));
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(line.as_bytes());
            let record = reader.records().next().expect("one row").expect("valid CSV");
            let expected = if starts_formula(&text) && !is_plain_number(&text) { format!("'{text}") } else { text.clone() };
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

    /// Every Unicode scalar value.
    fn every_char() -> impl Iterator<Item = char> {
        (0..=0x10ffff_u32).filter_map(char::from_u32)
    }

    /// XML 1.0 `Char`, less the discouraged characters.
    fn writable_in_xml(c: char) -> bool {
        let n = c as u32;
        let char_production =
            matches!(n, 0x9 | 0xa | 0xd | 0x20..=0xd7ff | 0xe000..=0xfffd | 0x10000..=0x10ffff);
        // XML 1.0 §2.2 leaves NEL (U+0085) off its list; HTML does not.
        let discouraged = matches!(n, 0x7f..=0x9f | 0xfdd0..=0xfdef) || (n & 0xffff) >= 0xfffe;
        char_production && !discouraged
    }

    /// Output that an XML parser reads back: only writable characters, and
    /// every `&` starts one of the references we write. A raw `<` never
    /// appears.
    fn well_formed(escaped: &str) -> bool {
        if escaped.contains('<') || escaped.contains('>') {
            return false;
        }
        if !escaped.chars().all(writable_in_xml) {
            return false;
        }
        let references = [
            "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#9;", "&#10;", "&#13;",
        ];
        escaped
            .match_indices('&')
            .all(|(at, _)| references.iter().any(|r| escaped[at..].starts_with(r)))
    }

    /// Undo markup escaping, as a parser would.
    fn unescape(escaped: &str) -> String {
        escaped
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&#9;", "\t")
            .replace("&#10;", "\n")
            .replace("&#13;", "\r")
            .replace("&amp;", "&")
    }

    /// What survives escaping: every character but the unwritable ones.
    fn kept(text: &str) -> String {
        text.chars()
            .map(|c| if writable_in_xml(c) { c } else { '\u{fffd}' })
            .collect()
    }

    /// Every code point, each between two letters, in one text, so one
    /// pass checks them all.
    fn every_char_in_context() -> String {
        every_char().flat_map(|c| ['a', c]).chain(['b']).collect()
    }

    #[test]
    fn markup_escaping_is_well_formed_for_every_code_point() {
        let text = every_char_in_context();
        for (name, out) in [
            ("xml_text", xml_text(&text)),
            ("xml_attr", xml_attr(&text)),
            ("html", html(&text)),
        ] {
            assert!(well_formed(&out), "{name}");
            assert!(unescape(&out) == kept(&text), "{name} loses text");
        }
        assert!(!xml_attr(&text).contains(['\t', '\n', '\r']));
        // Each character on its own: the ones escaping keeps are kept as
        // they are, without copying.
        for c in every_char().filter(|&c| !is_markup_special(c)) {
            let mut buffer = [0; 4];
            assert!(matches!(
                xml_text(c.encode_utf8(&mut buffer)),
                Cow::Borrowed(_)
            ));
        }
    }

    #[test]
    fn each_ascii_character_is_escaped_when_appended() {
        // push_xml_text's quick scan decides alone whether the text goes in
        // whole: every ASCII character, in the middle of plain text.
        for b in 0u8..0x80 {
            let c = char::from(b);
            let expected: String = match c {
                '&' => "&amp;".into(),
                '<' => "&lt;".into(),
                '>' => "&gt;".into(),
                '"' => "&quot;".into(),
                '\'' => "&apos;".into(),
                '\t' | '\n' | '\r' => c.into(),
                _ if b < 0x20 || b == 0x7f => REPLACEMENT.into(),
                c => c.into(),
            };
            let mut out = String::from(">");
            push_xml_text(&mut out, &format!("ab{c}cd"));
            assert_eq!(out, format!(">ab{expected}cd"), "{b:#04x}");
        }
    }

    #[test]
    fn markup_escaping_keeps_ordinary_text_as_it_is() {
        for text in [
            "Don’t Leave",
            "Kadıköy ferry",
            "2014-05-17 18:00",
            "Semih (age 24)",
        ] {
            assert!(matches!(xml_text(text), Cow::Borrowed(_)), "{text}");
            assert!(matches!(xml_attr(text), Cow::Borrowed(_)), "{text}");
            assert!(matches!(html(text), Cow::Borrowed(_)), "{text}");
        }
        assert_eq!(
            xml_text("Don't <b> & \"c\""),
            "Don&apos;t &lt;b&gt; &amp; &quot;c&quot;"
        );
        assert_eq!(xml_text("two\nlines\tand\r"), "two\nlines\tand\r");
        assert_eq!(xml_attr("two\nlines\tand\r"), "two&#10;lines&#9;and&#13;");
        assert_eq!(
            xml_text("\u{fffe}\u{ffff}\u{1}\u{7f}\u{85}\u{fdd0}\u{1fffe}"),
            "\u{fffd}".repeat(7)
        );
    }

    /// Read CSV records back. Every record starts with a plain cell, since
    /// a reader drops a byte-order mark at the very start of its input.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.expect("valid CSV").iter().map(str::to_string).collect())
            .collect()
    }

    /// A record of `cells` after a plain first cell, as `csv_cell` writes it.
    fn record(cells: &[String]) -> String {
        let mut line = String::from("row");
        for cell in cells {
            line.push(',');
            line.push_str(&csv_cell(cell));
        }
        line.push('\n');
        line
    }

    /// What a reader gets back for a cell.
    fn read_back(text: &str) -> String {
        if starts_formula(text) && !is_plain_number(text) {
            format!("'{text}")
        } else {
            text.to_string()
        }
    }

    #[test]
    fn csv_cells_neutralise_formulas_but_not_numbers() {
        assert_eq!(csv_cell("plain"), "plain");
        assert!(matches!(csv_cell("Kadıköy ferry"), Cow::Borrowed(_)));
        assert_eq!(csv_cell("a, b"), "\"a, b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("=1+2"), "'=1+2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("+1 555"), "'+1 555");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        assert_eq!(
            csv_cell("=HYPERLINK(\"x\",\"y\")"),
            "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""
        );
        for number in ["-5", "+5", "-86400", "-1.5", "0", "12"] {
            assert_eq!(csv_cell(number), number);
        }
        for not_number in ["-", "-.5", "-5.", "-5m", "--5"] {
            assert_eq!(csv_cell(not_number), format!("'{not_number}"));
        }
    }

    #[test]
    fn csv_cells_round_trip_for_every_code_point() {
        // Inside a cell every code point at once; at the start of a cell,
        // where the formula rule looks, each of the first 2,048 code points
        // (ASCII, controls, Latin) and a sample of the rest, which the rule
        // treats alike.
        let mut rows = vec![vec![every_char_in_context(), every_char().collect()]];
        let leading = every_char()
            .filter(|&c| (c as u32) < 0x800 || c as u32 % 101 == 0)
            .chain(",\"\r\n=+-@\t'\u{feff}\u{fffe}\u{10ffff}".chars());
        rows.extend(leading.map(|c| vec![format!("{c}x"), c.to_string(), format!("{c}1")]));
        let text: String = rows.iter().map(|r| record(r)).collect();
        let back = parse_csv(&text);
        assert_eq!(back.len(), rows.len());
        for (cells, read) in rows.iter().zip(&back) {
            let expected: Vec<String> = std::iter::once("row".to_string())
                .chain(cells.iter().map(|c| read_back(c)))
                .collect();
            assert!(read == &expected, "{:?}", cells.last());
        }
    }

    #[test]
    fn github_escapes_follow_the_runner_and_drop_controls() {
        assert_eq!(github_message("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(github_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(github_message("x\u{1b}[2Jy\nz"), "x\\u{1b}[2Jy%0Az");
        assert!(matches!(github_message("plain Kadıköy"), Cow::Borrowed(_)));
        let text = every_char_in_context();
        let out = github_property(&text);
        assert!(!out.chars().any(|c| c != '\t' && c.is_control()));
    }

    #[test]
    fn terminal_output_has_no_controls_for_any_code_point() {
        let text = every_char_in_context();
        let out = terminal(&text);
        assert!(!out.chars().any(|c| c != '\t' && is_terminal_control(c)));
        for c in every_char().filter(|&c| !is_terminal_control(c)) {
            let mut buffer = [0; 4];
            assert!(matches!(
                terminal(c.encode_utf8(&mut buffer)),
                Cow::Borrowed(_)
            ));
        }
    }

    proptest! {
        #[test]
        fn markup_of_any_string_is_well_formed(text in "\\PC*|.*|[\\x00-\\x{10ffff}]{0,40}") {
            prop_assert!(well_formed(&xml_text(&text)));
            prop_assert!(well_formed(&xml_attr(&text)));
            prop_assert_eq!(unescape(&xml_text(&text)), kept(&text));
        }

        #[test]
        fn csv_of_any_strings_round_trips(cells in proptest::collection::vec("[\\x00-\\x{10ffff}]{0,12}", 0..5)) {
            let back = parse_csv(&record(&cells));
            let expected: Vec<String> = std::iter::once("row".to_string())
                .chain(cells.iter().map(|c| read_back(c)))
                .collect();
            prop_assert_eq!(back, vec![expected]);
        }
    }
}
