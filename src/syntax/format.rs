//! `chronotope fmt` on one file's text: the canonical layout, or the reason
//! the file is left alone.
//!
//! The layout itself is [`printer::layout`]. This adds what belongs to the
//! file rather than the tree: a byte-order mark and CRLF line endings are
//! kept as found, a file with syntax errors is refused (a line the parser
//! could not read is not in the tree, so printing would drop it), and the
//! result is parsed again and must give the same tree, so a bug in the
//! printer can never change what a story means.

use crate::diagnostics::{Diagnostic, Severity};
use crate::span::FileId;
use crate::syntax::{parse, printer};

/// Why a text was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The text has syntax errors (spans refer to `file`, without a BOM).
    Syntax(Vec<Diagnostic>),
    /// The layout would not read back as the same tree: a printer bug. The
    /// file must be left as it was.
    Unfaithful,
}

/// Format the text of one scene file (as read: with its BOM, if any, and
/// its line endings). Returns the canonical text, which equals `text` when
/// the file is already formatted.
///
/// Line endings follow the file's first line: CRLF in, CRLF out. `file` is
/// only used in the spans of the diagnostics returned.
pub fn format_text(file: FileId, text: &str) -> Result<String, FormatError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let (tree, diagnostics) = parse(file, body);
    let errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return Err(FormatError::Syntax(errors));
    }
    let laid = printer::layout(&tree, body);
    let (again, problems) = parse(file, &laid);
    let same = problems.iter().all(|d| d.severity() != Severity::Error)
        && serde_json::to_string(&tree).ok() == serde_json::to_string(&again).ok();
    if !same {
        return Err(FormatError::Unfaithful);
    }
    let crlf = body.find('\n').is_some_and(|i| body[..i].ends_with('\r'));
    let mut out = String::with_capacity(bom.len() + laid.len() + laid.len() / 16);
    out.push_str(bom);
    if crlf {
        out.push_str(&laid.replace('\n', "\r\n"));
    } else {
        out.push_str(&laid);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format_text(FileId(0), text) {
            Ok(t) => t,
            Err(e) => panic!("not formatted: {e:?}"),
        }
    }

    /// Formatting twice changes nothing the second time.
    fn stable(text: &str) -> String {
        let once = fmt(text);
        assert_eq!(fmt(&once), once, "not idempotent");
        once
    }

    #[test]
    fn aligns_values_within_a_scene() {
        let text = "title:  T\nscene a:   A\n    screen: 0:00 .. 0:01:00\n story :2020-01-01\n\thair: dark\n";
        assert_eq!(
            stable(text),
            "title: T\n\nscene a: A\n  screen: 00:00:00 .. 00:01:00\n  story:  2020-01-01\n  hair:   dark\n"
        );
    }

    #[test]
    fn one_blank_line_between_scenes() {
        let text = "scene a: A\n  story: 2020\nscene b: B\n\n\n\nscene c: C\n";
        assert_eq!(
            stable(text),
            "scene a: A\n  story: 2020\n\nscene b: B\n\nscene c: C\n"
        );
    }

    #[test]
    fn left_margin_comments_stay_between_a_scenes_lines() {
        let text = "scene a: A\n  story: 2020\n# cut:\n#   where: x\n  cast: Semih\n  # directive-like\n\n# about b\nscene b: B\n";
        assert_eq!(
            stable(text),
            "scene a: A\n  story: 2020\n# cut:\n#   where: x\n  cast:  Semih\n  # directive-like\n\n# about b\nscene b: B\n"
        );
    }

    #[test]
    fn a_comment_right_after_a_block_stays_with_it_when_a_blank_line_follows() {
        let attached = "scene a: A\n  story: 2020\n# end of act one\n\nscene b: B\n";
        assert_eq!(stable(attached), attached);
        // With no blank line anywhere, the comment introduces what follows.
        let leading = "scene a: A\n  story: 2020\n# about b\nscene b: B\n";
        assert_eq!(
            stable(leading),
            "scene a: A\n  story: 2020\n\n# about b\nscene b: B\n"
        );
    }

    #[test]
    fn blank_lines_the_writer_left_between_top_level_items_stay_one() {
        let text =
            "# header comment\n\n\ntitle: T\n\n\n\ncharacter A\n\ncharacter B\ncharacter C\n";
        assert_eq!(
            stable(text),
            "# header comment\n\ntitle: T\n\ncharacter A\n\ncharacter B\ncharacter C\n"
        );
    }

    #[test]
    fn marker_blocks_keep_their_comments() {
        let text = "marker hair:\n  # the colours\n  dark:   past  #2B1D14\n# margin\n  bleached: present\n";
        assert_eq!(
            stable(text),
            "marker hair:\n  # the colours\n  dark: past #2b1d14\n# margin\n  bleached: present\n"
        );
    }

    #[test]
    fn keeps_crlf_and_a_bom() {
        let text = "\u{feff}scene a: A\r\n  story:2020\r\n";
        assert_eq!(stable(text), "\u{feff}scene a: A\r\n  story: 2020\r\n");
    }

    #[test]
    fn refuses_a_file_with_syntax_errors() {
        let text = "scene a: A\n  story: 2020\n  this line is not a property\n";
        assert!(matches!(
            format_text(FileId(0), text),
            Err(FormatError::Syntax(d)) if !d.is_empty()
        ));
    }

    #[test]
    fn an_empty_file_stays_empty() {
        assert_eq!(stable(""), "");
        assert_eq!(stable("\n\n"), "");
    }
}
