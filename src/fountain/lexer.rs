//! Lines of a Fountain script with notes and boneyard taken out.
//!
//! Notes (`[[…]]`) and boneyard (`/* … */`) may start and end anywhere,
//! spanning lines, so they are removed before any line is classified: the
//! classifier sees each line's *visible* text, and the notes come out on
//! the side with the index of the line they opened on. One pass over the
//! bytes; every byte is looked at a bounded number of times.

use std::borrow::Cow;

/// One line as the classifier sees it.
#[derive(Clone, Debug)]
pub(crate) struct Line<'t> {
    /// Index of the line among all lines read (blank and hidden ones too).
    pub index: usize,
    /// Visible text: the line without its ending, notes and boneyard.
    pub text: Cow<'t, str>,
    /// Offset of the line's first byte in the file.
    pub start: usize,
    /// Where each run of visible text starts: (offset in `text`, offset in
    /// the file). Only filled when something was hidden.
    pub runs: Vec<(usize, usize)>,
    /// Everything on the line was inside a note or boneyard (and something
    /// was): such a line is neither blank nor content.
    pub hidden: bool,
}

impl Line<'_> {
    /// The file offset of byte `i` of the visible text.
    pub fn offset(&self, i: usize) -> usize {
        if self.runs.is_empty() {
            return self.start + i;
        }
        let k = self.runs.partition_point(|&(v, _)| v <= i);
        match k.checked_sub(1).and_then(|k| self.runs.get(k)) {
            Some(&(v, o)) => o + (i - v),
            None => self.start + i,
        }
    }

    /// The file offset just past byte `i - 1` of the visible text (for the
    /// end of a span, which must not jump over a hidden note).
    pub fn end_offset(&self, i: usize) -> usize {
        if i == 0 {
            return self.offset(0);
        }
        self.offset(i - 1) + 1
    }

    /// True when the visible text is only white space.
    pub fn is_blank(&self) -> bool {
        !self.hidden && self.text.trim().is_empty()
    }
}

/// A note `[[…]]`.
#[derive(Clone, Debug)]
pub(crate) struct Note {
    /// The line it opened on.
    pub line: usize,
    /// Offset of `[[`.
    pub open: usize,
    /// The text between the brackets.
    pub content: std::ops::Range<usize>,
    /// False when a blank line or the end of the file came before `]]`.
    pub closed: bool,
}

/// An unclosed boneyard: where its `/*` is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OpenBoneyard {
    /// Offset of `/*`.
    pub open: usize,
}

enum Mode {
    Text,
    Note { line: usize, open: usize },
    Boneyard { open: usize },
}

/// Reads lines one at a time.
pub(crate) struct Lexer<'t> {
    text: &'t str,
    pos: usize,
    /// Where reading stops: the end of the text, or the start of a line
    /// another lexer reads from (see [`Lexer::stop_at`]).
    end: usize,
    index: usize,
    mode: Mode,
    /// Every note read so far, in order.
    pub notes: Vec<Note>,
    /// Set at the end of the file when a boneyard was never closed.
    pub open_boneyard: Option<OpenBoneyard>,
}

impl<'t> Lexer<'t> {
    /// Start at the beginning of `text` (after a byte-order mark, if any).
    pub fn new(text: &'t str) -> Lexer<'t> {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            text,
            pos,
            end: text.len(),
            index: 0,
            mode: Mode::Text,
            notes: Vec::new(),
            open_boneyard: None,
        }
    }

    /// Start at the line that begins at `pos` (a line start of `text`),
    /// outside any note or boneyard: the second half of a script read in
    /// two (`reader`).
    pub fn starting_at(text: &'t str, pos: usize) -> Lexer<'t> {
        Lexer {
            pos,
            ..Lexer::new(text)
        }
    }

    /// Stop before the line that begins at `end`: the lines from there on
    /// are another lexer's. Nothing open is closed at that point; see
    /// [`Lexer::in_text`]. `stop_at(text.len())` reads on to the end.
    pub fn stop_at(&mut self, end: usize) {
        self.end = end;
    }

    /// Where the next line starts.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// True when no note or boneyard is open: what a lexer starting here
    /// with [`Lexer::starting_at`] would assume.
    pub fn in_text(&self) -> bool {
        matches!(self.mode, Mode::Text)
    }

    /// The next line, or `None` at the end of the file (or of its part).
    pub fn next_line(&mut self) -> Option<Line<'t>> {
        let text = self.text;
        let bytes = text.as_bytes();
        if self.pos >= self.end.min(bytes.len()) {
            if self.end >= bytes.len() {
                self.close_at_end();
            }
            return None;
        }
        let start = self.pos;
        let line_end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        self.pos = line_end + 1;
        let mut end = line_end;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let index = self.index;
        self.index += 1;
        self.end_note_at_blank(start, end);

        // Fast path: a plain line with nothing hidden.
        let plain = matches!(self.mode, Mode::Text) && !opens_hidden(&bytes[start..end]);
        if plain {
            return Some(Line {
                index,
                text: Cow::Borrowed(&text[start..end]),
                start,
                runs: Vec::new(),
                hidden: false,
            });
        }
        Some(self.line_with_hidden_parts(index, start, end))
    }

    /// At the end of the file: an open boneyard is remembered for its
    /// error, an open note ends unclosed.
    fn close_at_end(&mut self) {
        if let Mode::Boneyard { open } = self.mode {
            self.open_boneyard = Some(OpenBoneyard { open });
            self.mode = Mode::Text;
        }
        if let Mode::Note { line, open } = self.mode {
            self.notes.push(Note {
                line,
                open,
                content: open + 2..self.text.len(),
                closed: false,
            });
            self.mode = Mode::Text;
        }
    }

    /// A note may not span a blank line (a line of two spaces is not
    /// blank): it ends there, unclosed.
    fn end_note_at_blank(&mut self, start: usize, end: usize) {
        if let Mode::Note { line, open } = self.mode {
            let raw = &self.text[start..end];
            if raw.trim().is_empty() && raw.len() < 2 {
                self.notes.push(Note {
                    line,
                    open,
                    content: open + 2..start,
                    closed: false,
                });
                self.mode = Mode::Text;
            }
        }
    }

    /// A line some of which is inside a note or boneyard (or opens one):
    /// its visible text, the runs of the source it came from, and the
    /// notes it closes.
    fn line_with_hidden_parts(&mut self, index: usize, start: usize, end: usize) -> Line<'t> {
        let text = self.text;
        let bytes = text.as_bytes();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut visible = String::new();
        let mut hid = false;
        let mut seg = start;
        let mut i = start;
        while i < end {
            match self.mode {
                Mode::Text => {
                    if i + 1 < end && bytes[i] == b'[' && bytes[i + 1] == b'[' {
                        push_run(&mut visible, &mut runs, text, seg, i);
                        self.mode = Mode::Note {
                            line: index,
                            open: i,
                        };
                        hid = true;
                        i += 2;
                    } else if i + 1 < end && bytes[i] == b'/' && bytes[i + 1] == b'*' {
                        push_run(&mut visible, &mut runs, text, seg, i);
                        self.mode = Mode::Boneyard { open: i };
                        hid = true;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                Mode::Note { line, open } => {
                    hid = true;
                    if i + 1 < end && bytes[i] == b']' && bytes[i + 1] == b']' {
                        self.notes.push(Note {
                            line,
                            open,
                            content: open + 2..i,
                            closed: true,
                        });
                        self.mode = Mode::Text;
                        i += 2;
                        seg = i;
                    } else {
                        i += 1;
                    }
                }
                Mode::Boneyard { .. } => {
                    hid = true;
                    if i + 1 < end && bytes[i] == b'*' && bytes[i + 1] == b'/' {
                        self.mode = Mode::Text;
                        i += 2;
                        seg = i;
                    } else {
                        i += 1;
                    }
                }
            }
        }
        if matches!(self.mode, Mode::Text) {
            push_run(&mut visible, &mut runs, text, seg, end);
        } else {
            // A line wholly or partly inside a note or boneyard.
            hid = true;
        }
        let hidden = hid && visible.trim().is_empty();
        Line {
            index,
            text: Cow::Owned(visible),
            start,
            runs,
            hidden,
        }
    }
}

fn push_run(
    visible: &mut String,
    runs: &mut Vec<(usize, usize)>,
    text: &str,
    from: usize,
    to: usize,
) {
    if from < to {
        runs.push((visible.len(), from));
        visible.push_str(&text[from..to]);
    }
}

/// True when `line` holds `[[` or `/*`. Most lines hold neither `[` nor
/// `/`, so the search jumps between those bytes instead of pairing every
/// byte with the next.
pub(crate) fn opens_hidden(line: &[u8]) -> bool {
    memchr::memchr2_iter(b'[', b'/', line).any(|i| {
        let want = if line[i] == b'[' { b'[' } else { b'*' };
        line.get(i + 1) == Some(&want)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> (Vec<(String, bool)>, Vec<Note>) {
        let mut lx = Lexer::new(text);
        let mut out = Vec::new();
        while let Some(l) = lx.next_line() {
            out.push((l.text.to_string(), l.hidden));
        }
        (out, lx.notes)
    }

    #[test]
    fn notes_and_boneyard_are_hidden() {
        let (ls, notes) = lines("A [[x]] B\r\n[[multi\nline]]\n/* gone\nINT. X\n*/C\n");
        assert_eq!(ls[0], ("A  B".into(), false));
        assert!(ls[1].1 && ls[2].1 && ls[3].1 && ls[4].1);
        assert_eq!(ls[5], ("C".into(), false));
        assert_eq!(notes.len(), 2);
        assert!(notes.iter().all(|n| n.closed));
    }

    #[test]
    fn a_note_stops_at_a_blank_line() {
        let (ls, notes) = lines("[[open\n\nINT. X\n");
        assert_eq!(notes.len(), 1);
        assert!(!notes[0].closed);
        assert_eq!(ls[2], ("INT. X".into(), false));
    }

    #[test]
    fn only_a_bracket_pair_or_slash_star_opens_hidden_text() {
        assert!(opens_hidden(b"a [[b"));
        assert!(opens_hidden(b"a /*b"));
        assert!(opens_hidden(b"[["));
        assert!(opens_hidden(b"/*"));
        assert!(!opens_hidden(b"a [b] / c *"));
        assert!(!opens_hidden(b"a [/ b /[ *"));
        assert!(!opens_hidden(b"["));
        assert!(!opens_hidden(b"/"));
        assert!(!opens_hidden(b""));
        assert!(opens_hidden(b"// [ /[[x"));
    }

    #[test]
    fn offsets_skip_hidden_text() {
        let text = "AB[[n]]CD";
        let mut lx = Lexer::new(text);
        let l = lx.next_line().unwrap();
        assert_eq!(l.text, "ABCD");
        assert_eq!(l.offset(2), 7);
        assert_eq!(l.end_offset(2), 2);
        assert_eq!(l.end_offset(4), 9);
    }
}
