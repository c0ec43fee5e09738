//! The scene-file parser.
//!
//! One pass over the lines, no backtracking: each line is classified by its
//! indentation and first word, and only the value after `key:` is tokenised.
//! An error spoils at most its own line: the parser reports it, keeps what it
//! can (a scene whose header lacks the `:` still opens its block, so its
//! properties are not reported again as strays) and goes on, so a file's
//! every error is found in one run. Memory is the tree plus one reused token
//! buffer.

use compact_str::CompactString;

use crate::diagnostics::codes;
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};
use crate::syntax::lexer::{id_run, is_id, is_id_continue, tokenize, Token, TokenKind};
use crate::syntax::tree::*;
use crate::syntax::{literal, reserved};
use crate::text::clip;
use crate::time::Duration;

mod calendar;
mod works;

/// Header fields a story may carry before its first scene.
pub const HEADER_KEYS: &[&str] = &[
    "title", "original", "language", "author", "writer", "director", "year", "country", "genre",
    "source", "draft", "notes", "present", "calendar",
];

/// Below this much text a second thread costs more than it saves (for one
/// file here, and for the files of a directory story in the workspace).
pub const PARALLEL_FROM_BYTES: usize = 1 << 20;

/// Parse one file. Always returns a tree; problems come back as diagnostics.
///
/// A large file is read in two halves at once when there is a second
/// core, split at a scene line (`parse_halves`); the tree and the
/// diagnostics are the same as one pass would give.
pub fn parse(file: FileId, text: &str) -> (SourceTree, Vec<Diagnostic>) {
    parse_as(file, text, Lines::File)
}

/// Parse one file as an outline: every line but the indented lines of
/// scenes, which are noted in [`SourceTree::unparsed`] for
/// [`SceneBodies`] to parse one scene at a time. The outline's
/// diagnostics and the bodies' together are the whole parse's, and a scene
/// whose lines are parsed into it is the scene the whole parse gives.
///
/// For the commands that only resolve a story and drop its tree: the tree
/// of a large story is then never whole in memory. A file too large for
/// 32-bit offsets is parsed whole.
pub fn parse_outline(file: FileId, text: &str) -> (SourceTree, Vec<Diagnostic>) {
    if u32::try_from(text.len()).is_err() {
        return parse(file, text);
    }
    parse_as(file, text, Lines::Outline)
}

fn parse_as(file: FileId, text: &str, lines: Lines) -> (SourceTree, Vec<Diagnostic>) {
    let split = if text.len() >= PARALLEL_FROM_BYTES && crate::parallel::second_core() {
        scene_line_after(text, text.len() / 2)
    } else {
        None
    };
    let (mut items, mut unparsed, diagnostics) = match split {
        Some(at) => parse_halves(file, text, at, lines),
        None => {
            let mut parser = Parser::new(file, text);
            parser.run_range(0, text.len(), lines);
            (parser.items, parser.unparsed, parser.diagnostics)
        }
    };
    // Trim the slack `Vec` growth leaves; the tree lives as long as the run.
    for item in &mut items {
        if let Item::Marker(m) = item {
            m.lines.shrink_to_fit();
        }
    }
    items.shrink_to_fit();
    unparsed.shrink_to_fit();
    let mut tree = SourceTree::new(file, items);
    tree.unparsed = unparsed;
    (tree, diagnostics)
}

/// Parses the scenes an outline left unparsed ([`parse_outline`]), one at
/// a time, in any order, reusing its buffers from one scene to the next.
pub struct SceneBodies<'t> {
    parser: Parser<'t>,
}

impl<'t> SceneBodies<'t> {
    /// A parser for the scenes of `text`, the text of file `file` whose
    /// outline noted them.
    pub fn new(file: FileId, text: &'t str) -> SceneBodies<'t> {
        SceneBodies {
            parser: Parser::new(file, text),
        }
    }

    /// The lines of one scene, as the whole-file parse reads them; their
    /// problems are kept for [`SceneBodies::take_diagnostics`].
    pub fn parse(&mut self, body: &UnparsedLines) -> Vec<SceneLine> {
        let p = &mut self.parser;
        let end = (body.end as usize).min(p.text.len());
        let start = (body.start as usize).min(end);
        let span = Span::new(p.file, start, start);
        p.items.clear();
        p.items.push(Item::Scene(SceneDecl {
            id: Name {
                text: CompactString::default(),
                span,
            },
            title: None,
            lines: Vec::with_capacity(body.lines as usize),
            span,
        }));
        p.block = Block::Scene;
        p.block_item = 0;
        p.seen_scene = true;
        p.run_range(start, end, Lines::SceneBody);
        match p.items.pop() {
            Some(Item::Scene(s)) => s.lines,
            _ => Vec::new(),
        }
    }

    /// The problems found in the scenes parsed since the last call.
    pub fn take_diagnostics(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.parser.diagnostics)
    }
}

/// True when `line` starts with white space: [`Parser::indentation`] reads
/// it as indented (or as blank).
fn starts_indented(line: &str) -> bool {
    line.chars().next().is_some_and(char::is_whitespace)
}

/// The start of the first line at or after byte `from` (past the line
/// `from` falls in) that opens a scene at the margin, `scene ` or
/// `scene\t`; `None` if there is none.
fn scene_line_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut pos = from.min(bytes.len());
    while let Some(newline) = memchr::memchr(b'\n', &bytes[pos..]) {
        let start = pos + newline + 1;
        let line = &bytes[start..];
        if line.starts_with(b"scene ") || line.starts_with(b"scene\t") {
            return Some(start);
        }
        pos = start;
    }
    None
}

/// Parse `text` as two runs at once, `..at` here and `at..` on a second
/// thread, `at` being the start of a scene line. Lines are read one by one
/// and a scene line opens a fresh block, so the second half alone reads to
/// the same items, with one exception: how a stray line at the margin is
/// reported depends on the markers declared before it. So the second half
/// is kept only when it reported nothing; otherwise the first half's parser
/// reads on through it, exactly as one pass would.
fn parse_halves(
    file: FileId,
    text: &str,
    at: usize,
    lines: Lines,
) -> (Vec<Item>, Vec<UnparsedLines>, Vec<Diagnostic>) {
    std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            let mut parser = Parser::new(file, text);
            parser.run_range(at, text.len(), lines);
            (parser.items, parser.unparsed, parser.diagnostics)
        });
        let mut first = Parser::new(file, text);
        first.room_end = Some(text.len());
        first.run_range(0, at, lines);
        let (items, unparsed, diagnostics) = match second.join() {
            Ok(half) => half,
            // A reader never panics on input (the fuzz targets hold it to
            // that); if one did, fail as it would have on one thread.
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if diagnostics.is_empty() {
            // The second half's scenes come after the first half's items.
            let shift = first.items.len() as u32;
            first.unparsed.reserve_exact(unparsed.len());
            first
                .unparsed
                .extend(unparsed.into_iter().map(|u| UnparsedLines {
                    item: u.item + shift,
                    ..u
                }));
            first.items.reserve_exact(items.len());
            first.items.extend(items);
        } else {
            drop(items);
            first.run_range(at, text.len(), lines);
        }
        (first.items, first.unparsed, first.diagnostics)
    })
}

/// Parse the lines of `text[range]` as the top of a scene file (header
/// fields, `era`, `marker`, `character`, comments; scenes too). Spans point
/// into `text`, so a block of declarations embedded in another format (a
/// Fountain note) reports its errors where the writer wrote them.
pub fn parse_declarations(
    file: FileId,
    text: &str,
    range: std::ops::Range<usize>,
) -> (Vec<Item>, Vec<Diagnostic>) {
    let mut parser = Parser::new(file, text);
    parser.run_range(range.start, range.end.min(text.len()), Lines::File);
    (parser.items, parser.diagnostics)
}

/// Parse the lines of `text[range]` as the lines of one scene block
/// (`key: value` properties, `> synopsis`, `# comments`), whatever their
/// indentation, with the same grammar as a scene file. Spans point into
/// `text`.
pub fn parse_scene_lines(
    file: FileId,
    text: &str,
    range: std::ops::Range<usize>,
) -> (Vec<SceneLine>, Vec<Diagnostic>) {
    let mut parser = Parser::new(file, text);
    let span = Span::new(file, range.start, range.start);
    let end = range.end.min(text.len());
    // Sized for every line of the range: a `Vec` grown by pushing would be
    // copied as it grows and again when trimmed, for each note of a script.
    let most = text
        .as_bytes()
        .get(range.start..end)
        .map_or(0, |b| memchr::memchr_iter(b'\n', b).count() + 1);
    parser.items.reserve_exact(1);
    parser.items.push(Item::Scene(SceneDecl {
        id: Name {
            text: String::new().into(),
            span,
        },
        title: None,
        lines: Vec::with_capacity(most),
        span,
    }));
    parser.block = Block::Scene;
    parser.seen_scene = true;
    parser.run_range(range.start, end, Lines::AllInScene);
    let lines = match parser.items.pop() {
        Some(Item::Scene(s)) => s.lines,
        _ => Vec::new(),
    };
    (lines, parser.diagnostics)
}

/// Parse `text[range]` as the value of a scene property `key` (`story`,
/// `screen`, a marker …) with the scene-file grammar, as if written after
/// `key:`. Spans point into `text`, so a value kept in a cell of another
/// format (a CSV column) reports its errors where the writer wrote it.
pub fn parse_property_value(
    file: FileId,
    text: &str,
    key: &str,
    range: std::ops::Range<usize>,
) -> (PropertyValue, Vec<Diagnostic>) {
    let mut parser = Parser::new(file, text);
    let end = range.end.min(text.len());
    let start = range.start.min(end);
    let line = Line {
        text: text.get(start..end).unwrap_or(""),
        start,
        indent: 0,
    };
    let value = parser.property_value(line, key, 0);
    (value, parser.diagnostics)
}

/// How [`Parser::run_range`] reads its lines.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    /// As a scene file: each line by its indentation.
    File,
    /// As a scene file, except that the indented lines of a scene are only
    /// noted in [`Parser::unparsed`] ([`parse_outline`]).
    Outline,
    /// Every line as a line of the open scene, whatever its indentation
    /// (tags in a Fountain note are written at the margin).
    AllInScene,
    /// The indented lines as lines of the open scene; lines at the margin
    /// skipped (a scene an outline left unparsed: the margin lines among
    /// its lines are comments, which the outline read).
    SceneBody,
}

/// Which block indented lines belong to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Scene,
    Marker,
    /// Inside `calendar NAME:`.
    Calendar,
    /// A `work` line's indented fields.
    Work,
    /// After a top-level line that takes no indented lines; the `&str` names it.
    Closed(&'static str),
}

struct Parser<'t> {
    file: FileId,
    text: &'t str,
    items: Vec<Item>,
    diagnostics: Vec<Diagnostic>,
    tokens: Vec<Token>,
    /// Reused while reading a `story:` line; the tree gets an exact-size copy
    /// (a `StoryItem` is large and most lines hold one or two).
    story_items: Vec<StoryItem>,
    /// Reused by every `cast:` line, likewise.
    cast_entries: Vec<CastEntry>,
    /// Markers declared so far, so that a marker line at the margin is
    /// told apart from an unknown header field without a scan of the items.
    marker_names: std::collections::HashSet<CompactString>,
    block: Block,
    /// Index in `items` of the scene or marker `block` refers to. Comments
    /// at the left margin may follow it without closing the block.
    block_item: usize,
    seen_scene: bool,
    /// The end of the run of lines being read ([`Parser::run_range`]).
    run_end: usize,
    /// Where that run starts, and how many items there were then: the
    /// density of scenes is measured over the run alone.
    run_start: (usize, usize),
    /// The scenes whose lines an outline left unparsed ([`Lines::Outline`]).
    unparsed: Vec<UnparsedLines>,
    /// True while reading an outline.
    outline: bool,
    /// Where the text whose items end up in `items` ends: the run's end,
    /// or the file's for the first half of [`parse_halves`], whose items
    /// take the second half's in after it (room made once, no copy).
    room_end: Option<usize>,
}

/// One line: absolute offsets of its content after indentation.
#[derive(Clone, Copy)]
struct Line<'t> {
    /// Content after indentation, without the line ending.
    text: &'t str,
    /// Absolute offset of `text`.
    start: usize,
    /// Bytes of indentation.
    indent: usize,
}

impl<'t> Line<'t> {
    /// Absolute offset just past the line's content.
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

impl<'t> Parser<'t> {
    /// A parser for `text`, the whole of file `file`, before any line.
    fn new(file: FileId, text: &'t str) -> Parser<'t> {
        Parser {
            file,
            text,
            items: Vec::new(),
            diagnostics: Vec::new(),
            tokens: Vec::new(),
            story_items: Vec::new(),
            cast_entries: Vec::new(),
            marker_names: Default::default(),
            block: Block::None,
            block_item: 0,
            seen_scene: false,
            run_end: text.len(),
            run_start: (0, 0),
            room_end: None,
            unparsed: Vec::new(),
            outline: false,
        }
    }

    /// `start..end` (absolute offsets) in this file.
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Report a problem; parsing goes on.
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// Read every line of the file.
    #[cfg(test)]
    fn run(&mut self) {
        self.run_range(0, self.text.len(), Lines::File);
    }

    /// Read the lines of `text[from..to]` as `lines` says: the whole
    /// grammar,
    ///
    /// ```text
    /// file  = { top-level line | indented line | blank line }
    /// ```
    fn run_range(&mut self, from: usize, to: usize, lines: Lines) {
        self.outline = lines == Lines::Outline;
        self.run_end = to;
        self.run_start = (from, self.items.len());
        let text = self.text;
        let bytes = &text.as_bytes()[..to];
        let mut pos = from;
        while pos < bytes.len() {
            let line_end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            let mut content_end = line_end;
            if content_end > pos && bytes[content_end - 1] == b'\r' {
                content_end -= 1;
            }
            let indented = starts_indented(&text[pos..content_end]);
            match lines {
                Lines::Outline if indented && self.block == Block::Scene => {
                    self.leave_unparsed(pos, line_end, &bytes[pos..content_end]);
                    pos = line_end + 1;
                    continue;
                }
                Lines::SceneBody if !indented => {
                    pos = line_end + 1;
                    continue;
                }
                _ => {}
            }
            let start = self.indentation(pos, content_end);
            // Trailing white space is never meaningful.
            let mut end = content_end;
            while end > start && (bytes[end - 1] == b' ' || bytes[end - 1] == b'\t') {
                end -= 1;
            }
            if start < end {
                let line = Line {
                    text: &text[start..end],
                    start,
                    indent: start - pos,
                };
                if line.indent == 0 && lines != Lines::AllInScene {
                    self.top_level(line);
                } else {
                    self.indented(line);
                }
            }
            pos = line_end + 1;
        }
        self.trim_scene_lines();
    }

    /// Note the line `pos..end` of the open scene as unparsed: it joins the
    /// scene's run of unparsed lines, or starts it. `content` is the line
    /// without its ending, to count it if it is not blank.
    fn leave_unparsed(&mut self, pos: usize, end: usize, content: &[u8]) {
        let item = self.block_item as u32;
        let line = u32::from(content.iter().any(|b| !b.is_ascii_whitespace()));
        match self.unparsed.last_mut() {
            Some(u) if u.item == item => {
                u.end = end as u32;
                u.lines += line;
            }
            _ => self.unparsed.push(UnparsedLines {
                item,
                start: pos as u32,
                end: end as u32,
                lines: line,
            }),
        }
    }

    /// The offset just past the indentation of the line `pos..end`. Only
    /// spaces and tabs indent; a Unicode space among them (a no-break
    /// space pasted from a word processor) is reported once and counted
    /// as a space, so the line is read as the writer meant and nothing
    /// cascades.
    fn indentation(&mut self, pos: usize, end: usize) -> usize {
        let mut start = pos;
        let mut odd: Option<char> = None;
        for c in self.text[pos..end].chars() {
            if !c.is_whitespace() {
                break;
            }
            if c != ' ' && c != '\t' {
                odd.get_or_insert(c);
            }
            start += c.len_utf8();
        }
        if let Some(c) = odd {
            let indent = &self.text[pos..start];
            let spaces: String = indent
                .chars()
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let span = self.span(pos, start);
            self.error(
                Diagnostic::error(
                    codes::UNICODE_INDENT,
                    format!(
                        "the indentation uses {}, not a space",
                        crate::text::unicode_space_name(c)
                    ),
                )
                .primary(span, "read as spaces")
                .help("replace it with ordinary spaces")
                .fix(span, spaces),
            );
        }
        start
    }

    // ----- top level -------------------------------------------------------

    /// A line at the margin, told by its first word:
    ///
    /// ```text
    /// # COMMENT
    /// scene ID: TITLE
    /// era NAME: FROM .. TO
    /// marker NAME:
    /// character NAME[: born DATE, died DATE]
    /// KEY: VALUE                 (a header field)
    /// ```
    ///
    /// Anything else is reported, with the nearest keyword when one is close.
    fn top_level(&mut self, line: Line<'t>) {
        let t = line.text;
        if t.starts_with('#') {
            // The block stays as it is: a comment between a scene's lines
            // does not end the scene.
            let comment = self.comment(line);
            self.items.push(Item::Comment(comment));
            return;
        }
        let word_end = t.find([' ', '\t', ':']).unwrap_or(t.len());
        let word = &t[..word_end];
        let after_word = &t[word_end..];
        let has_space = after_word.starts_with([' ', '\t']);
        match word {
            "scene" if has_space => self.scene_header(line, word_end),
            "era" if has_space => self.era(line, word_end),
            "marker" if has_space => self.marker(line, word_end),
            "character" if has_space => self.character(line, word_end),
            "calendar" if has_space => self.calendar_decl(line, word_end),
            "work" if has_space => self.work(line, word_end),
            "order" if has_space => self.order(line, word_end),
            "thread" if has_space => self.thread(line, word_end),
            _ if after_word.starts_with(':') => self.header_field(line, word_end),
            _ if has_space && self.misspelled_keyword(line, word_end) => {}
            _ => {
                self.block = Block::Closed("this line");
                let span = self.span(line.start, line.start + word_end.max(1));
                let mut d = Diagnostic::error(
                    codes::EXPECTED_DECLARATION,
                    format!("expected a declaration, found `{}`", clip(word)),
                )
                .primary(span, "not a keyword");
                d = if t.starts_with('>') {
                    d.help("synopsis lines (`> …`) belong inside a scene: indent them under a `scene ID: TITLE` line")
                } else if let Some(k) = near_keyword(word) {
                    d.help(format!("did you mean `{k}`?"))
                } else {
                    d.help("a top-level line is `scene ID: TITLE`, `era NAME: FROM .. TO`, `marker NAME:`, `character NAME`, a header field such as `title: …`, or a `#` comment")
                };
                self.error(d);
            }
        }
    }

    /// `Scene x: …`, `Charcter Frank`: a first word that is a keyword in
    /// another case or one typo away. Reported once, with the keyword as
    /// the fix, then read as that declaration so the block's lines and the
    /// uses of its name do not cascade into more errors. False (nothing
    /// reported) when the word is near no keyword.
    fn misspelled_keyword(&mut self, line: Line<'t>, word_end: usize) -> bool {
        let word = &line.text[..word_end];
        let lower = word.to_lowercase();
        let keywords = ["scene", "era", "marker", "character", "thread"];
        let Some(k) = keywords
            .iter()
            .copied()
            .find(|k| *k == lower)
            .or_else(|| near_keyword(word))
        else {
            return false;
        };
        let span = self.span(line.start, line.start + word_end);
        let how = if lower == k {
            "keywords are lowercase"
        } else {
            "not a keyword"
        };
        self.error(
            Diagnostic::error(
                codes::EXPECTED_DECLARATION,
                format!("expected a declaration, found `{}`", clip(word)),
            )
            .primary(span, how)
            .help(format!("did you mean `{k}`?"))
            .fix(span, k),
        );
        match k {
            "scene" => self.scene_header(line, word_end),
            "era" => self.era(line, word_end),
            "marker" => self.marker(line, word_end),
            "thread" => self.thread(line, word_end),
            _ => self.character(line, word_end),
        }
        true
    }

    /// `# TEXT`: the text after the `#`, kept for the formatter.
    fn comment(&self, line: Line<'t>) -> Comment {
        Comment {
            text: line.text[1..].to_string(),
            span: self.span(line.start, line.end()),
        }
    }

    /// Read a name after a keyword: skips spaces, returns (name, offset after
    /// it within the line). The name runs to `:` or the end of the line.
    fn declared_name(&mut self, line: Line<'t>, from: usize, what: &str) -> Option<(Name, usize)> {
        let t = line.text;
        let rest = &t[from..];
        let lead = rest.len() - rest.trim_start().len();
        let name_start = from + lead;
        let name_end = t[name_start..]
            .find([':', ' ', '\t'])
            .map_or(t.len(), |i| name_start + i);
        let text = &t[name_start..name_end];
        let span = self.span(line.start + name_start, line.start + name_end);
        if text.is_empty() {
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_NAME,
                    format!("expected {what} after the keyword"),
                )
                .primary(
                    self.span(line.start + from, line.start + from),
                    format!("{what} missing here"),
                ),
            );
            return None;
        }
        if !is_id(text) {
            self.error(invalid_id(what, text, span));
        } else if let Some(r) = reserved::reserved(text) {
            self.error(
                Diagnostic::error(
                    codes::RESERVED,
                    format!("`{text}` is a reserved word and cannot name {what}"),
                )
                .primary(span, format!("`{r}` is a keyword of the scene format"))
                .help(format!(
                    "choose another name, such as `{text}-1` or `my-{text}`"
                )),
            );
        }
        Some((
            Name {
                text: text.into(),
                span,
            },
            name_end,
        ))
    }

    /// Expect `:` at `at` (after optional spaces); return the offset after it.
    /// `after` and `example` word the error; they are closures because the
    /// error is rare and the line common.
    fn expect_colon(
        &mut self,
        line: Line<'t>,
        at: usize,
        after: &dyn Fn() -> String,
        example: &dyn Fn() -> String,
    ) -> Option<usize> {
        let t = line.text;
        let rest = &t[at..];
        let skipped = at + (rest.len() - rest.trim_start().len());
        if t[skipped..].starts_with(':') {
            Some(skipped + 1)
        } else {
            let found = t[skipped..].chars().next();
            let span = match found {
                Some(c) => self.span(line.start + skipped, line.start + skipped + c.len_utf8()),
                None => self.span(line.start + at, line.start + at),
            };
            let label = match found {
                Some(c) => format!("expected `:` here, found `{c}`"),
                None => "expected `:` here".to_string(),
            };
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_COLON,
                    format!("expected `:` after {}", after()),
                )
                .primary(span, label)
                .help(format!("write it as `{}`", example()))
                .fix(self.span(line.start + at, line.start + at), ":"),
            );
            None
        }
    }

    /// A scene's first line, after the word `scene` (ending at `word_end`);
    /// opens the scene's block of indented lines:
    ///
    /// ```text
    /// scene ID: TITLE
    /// scene ID:
    /// ```
    ///
    /// Without an id the block still opens, under a placeholder, so its
    /// lines are not reported again as strays.
    fn scene_header(&mut self, line: Line<'t>, word_end: usize) {
        self.seen_scene = true;
        self.block = Block::Scene;
        self.trim_scene_lines();
        self.block_item = self.items.len();
        self.make_room_for_scenes(line.start);
        let header_span = self.span(line.start, line.end());
        // An outline's scenes get their lines later, sized then.
        let capacity = if self.outline {
            0
        } else {
            self.block_lines_after(line.end())
        };
        let Some((id, after)) = self.declared_name(line, word_end, "a scene id") else {
            // Keep the block open under a placeholder so its lines are not strays.
            self.items.push(Item::Scene(SceneDecl {
                id: Name {
                    text: String::new().into(),
                    span: header_span,
                },
                title: None,
                lines: Vec::with_capacity(capacity),
                span: header_span,
            }));
            return;
        };
        let title_from = match self.expect_colon(
            line,
            after,
            &|| format!("the scene id `{}`", clip(&id.text)),
            &|| format!("scene {}: TITLE", clip(&id.text)),
        ) {
            Some(i) => i,
            // Recover: treat the rest of the line as the title.
            None => after,
        };
        let title = self.rest_as_name(line, title_from);
        self.items.push(Item::Scene(SceneDecl {
            id,
            title,
            lines: Vec::with_capacity(capacity),
            span: header_span,
        }));
    }

    /// Before a scene is added at byte `at`: when the items are full, make
    /// room for as many more as the rest of the text holds at the density
    /// so far. A doubling `Vec` would copy the items over and over and hold
    /// two copies at the peak (a million scenes are 120 MB of items); this
    /// guess is near exact for the long, even stories where that matters,
    /// and a wrong one only costs another step.
    fn make_room_for_scenes(&mut self, at: usize) {
        const FIRST_GUESS_AFTER: usize = 64;
        let len = self.items.len();
        let (run_from, items_before) = self.run_start;
        let read = at.saturating_sub(run_from);
        let made = len.saturating_sub(items_before);
        if made < FIRST_GUESS_AFTER || len < self.items.capacity() || read == 0 {
            return;
        }
        let rest = self.room_end.unwrap_or(self.run_end).saturating_sub(at);
        // A little over the rate so far, so one guess usually suffices.
        let more = (rest as u128 * made as u128 / read as u128) as usize;
        self.items
            .reserve_exact(more + more / 16 + FIRST_GUESS_AFTER);
    }

    /// The rest of the line from `from`, trimmed, as a name; `None` if empty.
    fn rest_as_name(&self, line: Line<'t>, from: usize) -> Option<Name> {
        let rest = &line.text[from..];
        let trimmed = rest.trim();
        if trimmed.is_empty() {
            return None;
        }
        let start = line.start + from + (rest.len() - rest.trim_start().len());
        Some(Name {
            text: trimmed.into(),
            span: self.span(start, start + trimmed.len()),
        })
    }

    /// An era, after the word `era` (ending at `word_end`):
    ///
    /// ```text
    /// era NAME: FROM .. TO       (either bound may be left out)
    /// era NAME: DATE             (that whole period)
    /// ```
    ///
    /// where a bound is a date or a scene id.
    fn era(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Closed("an era");
        let Some((name, after)) = self.declared_name(line, word_end, "an era name") else {
            return;
        };
        let example = || format!("era {}: 2014-05 .. 2020-09", clip(&name.text));
        // Recover from a missing `:` by reading the bounds anyway, so the
        // era is still declared and its uses do not cascade into errors.
        let value_at = self
            .expect_colon(
                line,
                after,
                &|| format!("the era name `{}`", clip(&name.text)),
                &example,
            )
            .unwrap_or(after);
        self.tokenize_from(line, value_at);
        let tokens = std::mem::take(&mut self.tokens);
        let result = self.era_bounds(line, &tokens, &example());
        self.tokens = tokens;
        // Bounds that cannot be read were reported; the era is still
        // declared (unbounded) so its uses do not cascade into errors.
        let (from, to) = result.unwrap_or((None, None));
        self.items.push(Item::Era(Box::new(EraDecl {
            name,
            from,
            to,
            span: self.span(line.start, line.end()),
        })));
    }

    /// The bounds after an era's `:`, from `tokens`:
    ///
    /// ```text
    /// BOUND .. BOUND
    /// BOUND ..
    /// .. BOUND
    /// DATE                       (that whole period)
    /// ```
    ///
    /// `example` is a well-formed era line for the error's help.
    #[allow(clippy::type_complexity)] // (from, to) bounds, each optional.
    fn era_bounds(
        &mut self,
        line: Line<'t>,
        tokens: &[Token],
        example: &str,
    ) -> Option<(Option<EraBound>, Option<EraBound>)> {
        let mut cur = Cursor::new(tokens, line.end());
        let from = self.era_bound(&mut cur)?;
        let dots = cur.eat(TokenKind::DotDot);
        if let (Some(dots), Some(dot)) = (dots, cur.peek()) {
            if dot.start == dots.end && self.tok_text(dot) == "." {
                // `1901 ... 1925`: an ellipsis for `..`; read on as `..`.
                cur.next();
                let span = self.span(dots.start, dot.end);
                self.error(
                    Diagnostic::error(codes::UNEXPECTED, "`...` between the era's bounds")
                        .primary(span, "a range is written with two dots")
                        .help("write `..`")
                        .fix(span, ".."),
                );
            }
        }
        if dots.is_none() {
            if cur.at_end() {
                // A single date is an era of that whole period.
                if let Some(EraBound::Date(d)) = &from {
                    return Some((from.clone(), Some(EraBound::Date(d.clone()))));
                }
            }
            let span = cur.here_span(self.file);
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_RANGE,
                    "expected `..` between the era's bounds",
                )
                .primary(span, "expected `..`")
                .help(format!(
                    "write `{example}`; either side may be left open (`2020-10 ..`)"
                )),
            );
            return None;
        }
        let to = self.era_bound(&mut cur)?;
        if from.is_none() && to.is_none() {
            self.error(
                Diagnostic::error(codes::EXPECTED_RANGE, "an era needs at least one bound")
                    .primary(self.span(line.start, line.end()), "both sides are open")
                    .help(format!("write `{example}`")),
            );
            return None;
        }
        self.expect_end(&mut cur, &|| "the era's bounds".to_string())?;
        if let (Some(EraBound::Date(a)), Some(EraBound::Date(b))) = (&from, &to) {
            let numeric = a.readable.is_none() && b.readable.is_none();
            if numeric && a.value.order_key(false) > b.value.order_key(true) {
                let (a_text, b_text) = (&self.text[a.span.range()], &self.text[b.span.range()]);
                let swapped = format!("{b_text} .. {a_text}");
                let both = self.span(a.span.range().start, b.span.range().end);
                self.error(
                    Diagnostic::error(codes::EMPTY_RANGE, "the era ends before it starts")
                        .primary(b.span, format!("`{}` is before `{}`", b.value, a.value))
                        .secondary(a.span, "the era starts here")
                        .help(format!("swap the two dates: `{swapped}`"))
                        .fix(both, swapped),
                );
                // Read as swapped, as the fix writes it.
                return Some((to, from));
            }
        }
        Some((from, to))
    }

    /// One era bound, if there is one before `..` or the end:
    ///
    /// ```text
    /// DATE
    /// SCENE-ID
    /// ```
    ///
    /// `None` after an invalid date; `Some(None)` when the bound is left out.
    fn era_bound(&mut self, cur: &mut Cursor) -> Option<Option<EraBound>> {
        match cur.peek_kind() {
            Some(TokenKind::Literal) => self.date(cur).map(|d| Some(EraBound::Date(d))),
            Some(TokenKind::Minus | TokenKind::Plus) if cur.at_signed_literal() => {
                self.date(cur).map(|d| Some(EraBound::Date(d)))
            }
            Some(TokenKind::Word) if self.at_readable_date(cur) => {
                self.date(cur).map(|d| Some(EraBound::Date(d)))
            }
            Some(TokenKind::Word) => {
                let t = cur.next().unwrap_or(cur.eol());
                Some(Some(EraBound::Scene(self.name(t))))
            }
            _ => Some(None),
        }
    }

    /// A marker's first line, after the word `marker` (ending at
    /// `word_end`); opens the block of its values:
    ///
    /// ```text
    /// marker NAME:
    /// ```
    fn marker(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Marker;
        self.trim_scene_lines();
        self.block_item = self.items.len();
        let mut name = self.declared_name(line, word_end, "a marker name");
        let per_character = name
            .as_mut()
            .is_some_and(|(_, after)| per_character_words(line.text, after));
        if let Some((name, after)) = &name {
            if let Some(rest_at) = self.expect_colon(
                line,
                *after,
                &|| format!("the marker name `{}`", clip(&name.text)),
                &|| format!("marker {}:", clip(&name.text)),
            ) {
                if let Some(extra) = self.rest_as_name(line, rest_at) {
                    self.error(
                        Diagnostic::error(
                            codes::UNEXPECTED,
                            "unexpected text after `marker NAME:`",
                        )
                        .primary(extra.span, "values go on their own indented lines")
                        .help(format!(
                            "write `marker {}:` and below it lines such as `  dark: past #2b1d14`",
                            clip(&name.text)
                        )),
                    );
                }
            }
        }
        let span = self.span(line.start, line.end());
        let name = name.map(|(n, _)| n).unwrap_or(Name {
            text: String::new().into(),
            span,
        });
        self.marker_names.insert(name.text.clone());
        self.items.push(Item::Marker(MarkerDecl {
            name,
            lines: Vec::new(),
            per_character,
            span,
        }));
    }

    /// An indented line of a marker block, one value:
    ///
    /// ```text
    /// VALUE:
    /// VALUE: ERA
    /// VALUE: #RRGGBB
    /// VALUE: ERA #RRGGBB
    /// ```
    fn marker_value(&mut self, line: Line<'t>) {
        let t = line.text;
        let word_end = t.find([':', ' ', '\t']).unwrap_or(t.len());
        let value_text = &t[..word_end];
        let value_span = self.span(line.start, line.start + word_end);
        if !is_id(value_text) {
            self.error(invalid_id("a marker value", value_text, value_span));
            return;
        }
        // As for eras: report a missing `:` but keep the value declared.
        let rest_at = self
            .expect_colon(
                line,
                word_end,
                &|| format!("the marker value `{}`", clip(value_text)),
                &|| format!("{}: ERA #rrggbb", clip(value_text)),
            )
            .unwrap_or(word_end);
        self.tokenize_from(line, rest_at);
        let tokens = std::mem::take(&mut self.tokens);
        let mut cur = Cursor::new(&tokens, line.end());
        let mut era = None;
        let mut color = None;
        let mut ok = true;
        if let Some(t) = cur.eat(TokenKind::Word) {
            era = Some(self.name(t));
        }
        if let Some(hash) = cur.eat(TokenKind::Hash) {
            match self.color(hash, &mut cur) {
                Some(c) => color = Some(c),
                None => ok = false,
            }
        }
        if ok && !cur.at_end() {
            let span = cur.here_span(self.file);
            self.error(
                Diagnostic::error(codes::UNEXPECTED, "unexpected text in a marker value line")
                    .primary(span, "expected an era name and/or a colour `#rrggbb`")
                    .help({
                        let v = clip(value_text);
                        format!("write `{v}: past #2b1d14`, `{v}: past`, `{v}: #2b1d14` or `{v}:`")
                    }),
            );
            ok = false;
        }
        self.tokens = tokens;
        if !ok {
            return;
        }
        let decl = MarkerValueDecl {
            value: Name {
                text: value_text.into(),
                span: value_span,
            },
            era,
            color,
            span: self.span(line.start, line.end()),
        };
        if let Some(Item::Marker(m)) = self.items.get_mut(self.block_item) {
            m.lines.push(MarkerLine::Value(decl));
        }
    }

    /// A colour after its `#` (the token `hash`, already read):
    ///
    /// ```text
    /// #RRGGBB
    /// #RGB
    /// ```
    fn color(&mut self, hash: Token, cur: &mut Cursor) -> Option<Color> {
        // `#2b1d14` lexes as `#` plus a literal or word; the hex digits must
        // follow the `#` directly.
        let next = cur.peek().filter(|t| {
            t.start == hash.end && matches!(t.kind, TokenKind::Literal | TokenKind::Word)
        });
        let hex = next.map(|t| &self.text[t.start..t.end]).unwrap_or("");
        let end = next.map_or(hash.end, |t| t.end);
        let span = self.span(hash.start, end);
        let digits: Option<Vec<u8>> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect();
        let rgb = match digits.as_deref() {
            Some([r1, r2, g1, g2, b1, b2]) => [r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2],
            Some([r, g, b]) => [r * 17, g * 17, b * 17],
            _ => {
                self.error(
                    Diagnostic::error(
                        codes::INVALID_COLOR,
                        format!("invalid colour `#{}`", clip(hex)),
                    )
                    .primary(span, "expected six hexadecimal digits")
                    .help("write a colour as `#rrggbb`, e.g. `#2b1d14`"),
                );
                return None;
            }
        };
        cur.next();
        Some(Color { rgb, span })
    }

    /// A character declaration, after the word `character` (ending at
    /// `word_end`):
    ///
    /// ```text
    /// character NAME
    /// character NAME: born DATE, died DATE     (either part may be left out)
    /// ```
    ///
    /// A name may not hold `,`, `(`, `)`, `#` or `>`.
    fn character(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Closed("a character");
        let t = line.text;
        let rest = &t[word_end..];
        let name_start = word_end + (rest.len() - rest.trim_start().len());
        let colon = t[name_start..].find(':').map(|i| name_start + i);
        let name_end_raw = colon.unwrap_or(t.len());
        let name_text = t[name_start..name_end_raw].trim_end();
        let span = self.span(
            line.start + name_start,
            line.start + name_start + name_text.len(),
        );
        if name_text.is_empty() {
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_NAME,
                    "expected a character name after `character`",
                )
                .primary(
                    self.span(line.start + word_end, line.start + word_end),
                    "name missing here",
                )
                .help("write `character Defne`"),
            );
            return;
        }
        if let Some(bad) = name_text
            .chars()
            .find(|c| matches!(c, ',' | '(' | ')' | '#' | '>'))
        {
            self.error(
                Diagnostic::error(
                    codes::INVALID_NAME,
                    format!("a character name cannot contain `{bad}`"),
                )
                .primary(span, "in this name")
                .help("names may contain letters, digits, spaces, `.`, `'` and `-`"),
            );
            return;
        }
        let (born, died, color) = match colon {
            None if self.dates_without_colon(line, name_start, name_text) => return,
            None => (None, None, None),
            // Dates that cannot be read were reported; the character is
            // still declared (without them) so the casts that name it do
            // not cascade into "unknown character" errors.
            Some(colon) => self
                .character_dates(line, colon, name_text)
                .unwrap_or((None, None, None)),
        };
        self.items.push(Item::Character(Box::new(CharacterDecl {
            name: Name {
                text: name_text.into(),
                span,
            },
            born,
            died,
            color,
            span: self.span(line.start, line.end()),
        })));
    }

    /// `character Ada born 1956`: a name (starting at `name_start` in the
    /// line) that ends in `born` or `died` and a date is a missing `:`, not
    /// a character called that. Reports it, declares the name before the
    /// keyword so its scenes do not cascade into "unknown character"
    /// errors, and returns true; false when the name is just a name.
    fn dates_without_colon(&mut self, line: Line<'t>, name_start: usize, name_text: &str) -> bool {
        let words: Vec<(usize, &str)> = name_text
            .split(' ')
            .scan(0usize, |at, w| {
                let start = *at;
                *at += w.len() + 1;
                Some((start, w))
            })
            .collect();
        let keyword = words.windows(2).find(|pair| {
            matches!(pair[0].1, "born" | "died")
                && pair[1].1.starts_with(|c: char| c.is_ascii_digit())
        });
        let Some(pair) = keyword else {
            return false;
        };
        let (at, word) = pair[0];
        let before = name_text[..at].trim_end();
        let kw_start = line.start + name_start + at;
        self.error(
            Diagnostic::error(
                codes::EXPECTED_COLON,
                format!("expected `:` before `{word}`"),
            )
            .primary(
                self.span(kw_start, kw_start + word.len()),
                "dates follow a `:` after the name",
            )
            .help(format!(
                "write `character {}: {}`",
                clip(before),
                clip(&name_text[at..])
            )),
        );
        if !before.is_empty() {
            self.items.push(Item::Character(Box::new(CharacterDecl {
                name: Name {
                    text: before.into(),
                    span: self.span(
                        line.start + name_start,
                        line.start + name_start + before.len(),
                    ),
                },
                born: None,
                died: None,
                color: None,
                span: self.span(line.start, line.end()),
            })));
        }
        true
    }

    /// The dates after a character's `:` (at `colon` in the line):
    ///
    /// ```text
    /// born DATE
    /// died DATE
    /// born DATE, died DATE
    /// born DATE, colour #RRGGBB
    /// ```
    ///
    /// `None` after reporting the first error.
    fn character_dates(
        &mut self,
        line: Line<'t>,
        colon: usize,
        name_text: &str,
    ) -> Option<CharacterParts> {
        let mut born = None;
        let mut died = None;
        let mut color = None;
        self.tokenize_from(line, colon + 1);
        let tokens = std::mem::take(&mut self.tokens);
        let mut cur = Cursor::new(&tokens, line.end());
        let mut ok = true;
        while ok && !cur.at_end() {
            let word = cur.eat(TokenKind::Word);
            let which = word.map(|w| &self.text[w.start..w.end]);
            let slot = match which {
                Some("born") => &mut born,
                Some("died") => &mut died,
                Some("colour") => {
                    match cur.eat(TokenKind::Hash) {
                        Some(hash) => match self.color(hash, &mut cur) {
                            Some(c) => color = Some(c),
                            None => ok = false,
                        },
                        None => {
                            let span = cur.here_span(self.file);
                            self.error(
                                Diagnostic::error(
                                    codes::INVALID_COLOR,
                                    "expected a colour `#rrggbb` after `colour`",
                                )
                                .primary(span, "colour missing here")
                                .help(format!(
                                    "write `character {}: colour #3366cc`",
                                    clip(name_text)
                                )),
                            );
                            ok = false;
                        }
                    }
                    if ok && !cur.at_end() && cur.eat(TokenKind::Comma).is_none() {
                        let span = cur.here_span(self.file);
                        self.error(
                            Diagnostic::error(codes::UNEXPECTED, "expected `,` after the colour")
                                .primary(span, "expected `,`"),
                        );
                        ok = false;
                    }
                    continue;
                }
                _ => {
                    let span = cur.here_span(self.file);
                    let span = word.map_or(span, |w| self.span(w.start, w.end));
                    self.error(
                        Diagnostic::error(codes::UNEXPECTED, "expected `born DATE`, `died DATE` or `colour #rrggbb`")
                            .primary(span, "not `born`, `died` or `colour`")
                            .help(format!("write `character {}: born 1993-02-11, died 2019-06-01` (either part may be left out)", clip(name_text))),
                    );
                    ok = false;
                    continue;
                }
            };
            match self.date(&mut cur) {
                Some(d) => *slot = Some(d),
                None => ok = false,
            }
            if ok && !cur.at_end() && cur.eat(TokenKind::Comma).is_none() {
                let span = cur.here_span(self.file);
                self.error(
                    Diagnostic::error(codes::UNEXPECTED, "expected `,` between `born` and `died`")
                        .primary(span, "expected `,`"),
                );
                ok = false;
            }
        }
        self.tokens = tokens;
        ok.then_some((born, died, color))
    }

    /// A thread declaration, after the word `thread` (ending at
    /// `word_end`):
    ///
    /// ```text
    /// thread NAME
    /// thread NAME: #RRGGBB
    /// ```
    ///
    /// A name follows the rules of character names.
    fn thread(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Closed("a thread");
        let t = line.text;
        let rest = &t[word_end..];
        let name_start = word_end + (rest.len() - rest.trim_start().len());
        let colon = t[name_start..].find(':').map(|i| name_start + i);
        let name_text = t[name_start..colon.unwrap_or(t.len())].trim_end();
        let span = self.span(
            line.start + name_start,
            line.start + name_start + name_text.len(),
        );
        if !self.thread_name(name_text, span, "`thread`") {
            return;
        }
        let mut color = None;
        if let Some(colon) = colon {
            self.tokenize_from(line, colon + 1);
            let tokens = std::mem::take(&mut self.tokens);
            let mut cur = Cursor::new(&tokens, line.end());
            let mut ok = true;
            if let Some(hash) = cur.eat(TokenKind::Hash) {
                color = self.color(hash, &mut cur);
                ok = color.is_some();
            }
            if ok && !cur.at_end() {
                let span = cur.here_span(self.file);
                self.error(
                    Diagnostic::error(
                        codes::UNEXPECTED,
                        "expected a colour `#rrggbb` after the thread's name",
                    )
                    .primary(span, "not a colour")
                    .help(format!(
                        "write `thread {}: #3366cc`, or `thread {}` without a colour",
                        clip(name_text),
                        clip(name_text)
                    )),
                );
                ok = false;
            }
            self.tokens = tokens;
            if !ok {
                return;
            }
        }
        self.items.push(Item::Thread(Box::new(ThreadDecl {
            name: Name {
                text: name_text.into(),
                span,
            },
            color,
            span: self.span(line.start, line.end()),
        })));
    }

    /// Whether `text` (at `span`) can name a thread, reporting why not:
    /// the rules of character names, as both are free text in lists.
    fn thread_name(&mut self, text: &str, span: Span, after: &str) -> bool {
        if text.is_empty() {
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_NAME,
                    format!("expected a thread name after {after}"),
                )
                .primary(span, "name missing here")
                .help("write `thread Istanbul` or, in a scene, `thread: Istanbul, Defne's story`"),
            );
            return false;
        }
        if let Some(bad) = text
            .chars()
            .find(|c| matches!(c, ',' | '(' | ')' | '#' | '>' | ':'))
        {
            self.error(
                Diagnostic::error(
                    codes::INVALID_NAME,
                    format!("a thread name cannot contain `{bad}`"),
                )
                .primary(span, "in this name")
                .help("names may contain letters, digits, spaces, `.`, `'` and `-`"),
            );
            return false;
        }
        true
    }

    /// The names after `thread:` (from `value_at` in the line), split on
    /// commas:
    ///
    /// ```text
    /// thread: NAME, NAME, …
    /// ```
    fn thread_list(&mut self, line: Line<'t>, value_at: usize) -> Option<Vec<Name>> {
        let base = line.start + value_at;
        let value = &line.text[value_at..];
        let mut out = Vec::new();
        let mut ok = true;
        let mut offset = 0;
        for part in value.split(',') {
            let lead = part.len() - part.trim_start().len();
            let trimmed = part.trim();
            let start = base + offset + lead;
            let span = self.span(start, start + trimmed.len());
            offset += part.len() + 1;
            if self.thread_name(trimmed, span, "`thread:` or a comma") {
                out.push(Name {
                    text: trimmed.into(),
                    span: self.span(start, start + trimmed.len()),
                });
            } else {
                ok = false;
            }
        }
        ok.then_some(out)
    }

    /// A header field at the margin, its key ending at `word_end`:
    ///
    /// ```text
    /// KEY: VALUE                 (KEY one of the header keys)
    /// ```
    ///
    /// A scene property or marker at the margin is reported as a stray
    /// property, an unknown key with the nearest header key.
    fn header_field(&mut self, line: Line<'t>, word_end: usize) {
        let key_text = &line.text[..word_end];
        let key_span = self.span(line.start, line.start + word_end);
        let value = self.rest_as_name(line, word_end + 1);
        if !HEADER_KEYS.contains(&key_text) {
            self.block = Block::Closed("this line");
            let is_property = reserved::SCENE_PROPERTIES.contains(&key_text)
                || self.marker_names.contains(key_text);
            let d = if is_property {
                Diagnostic::error(
                    codes::STRAY_PROPERTY,
                    format!("property `{}` is not inside a scene", clip(key_text)),
                )
                .primary(key_span, "scene properties must be indented under a scene")
                .help("indent it under a `scene ID: TITLE` line")
            } else {
                let suggestion =
                    crate::text::suggest::closest(key_text, HEADER_KEYS.iter().copied());
                Diagnostic::error(
                    codes::UNKNOWN_HEADER,
                    format!("unknown header field `{}`", clip(key_text)),
                )
                .primary(key_span, "not a header field")
                .maybe_fix(key_span, suggestion)
                .help(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "header fields are {}",
                        HEADER_KEYS
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                })
            };
            self.error(d);
            return;
        }
        self.block = Block::Closed("a header field");
        if self.seen_scene {
            self.error(
                Diagnostic::error(
                    codes::HEADER_AFTER_SCENE,
                    format!("header field `{key_text}` after the first scene"),
                )
                .primary(key_span, "the story header must come before any scene")
                .help("move it to the top of the file"),
            );
            return;
        }
        let Some(value) = value else {
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_VALUE,
                    format!("expected a value after `{key_text}:`"),
                )
                .primary(self.span(line.end(), line.end()), "value missing")
                .help(format!("write `{key_text}: …` or remove the line")),
            );
            return;
        };
        self.items.push(Item::Header(HeaderField {
            key: Name {
                text: key_text.into(),
                span: key_span,
            },
            value,
        }));
    }

    // ----- indented lines ---------------------------------------------------

    /// An indented line: a comment anywhere, else a line of the open scene
    /// or marker block; outside a block it is reported as a stray.
    fn indented(&mut self, line: Line<'t>) {
        let t = line.text;
        if t.starts_with('#') {
            let comment = self.comment(line);
            match (self.block, self.items.get_mut(self.block_item)) {
                (Block::Scene, Some(Item::Scene(s))) => s.lines.push(SceneLine::Comment(comment)),
                (Block::Marker, Some(Item::Marker(m))) => {
                    m.lines.push(MarkerLine::Comment(comment))
                }
                (Block::Calendar, Some(Item::Calendar(c))) => {
                    c.lines.push(CalendarLine::Comment(comment))
                }
                (Block::Work, Some(Item::Work(w))) => w.lines.push(WorkLine::Comment(comment)),
                _ => self.items.push(Item::Comment(comment)),
            }
            return;
        }
        match self.block {
            Block::Scene => self.scene_line(line),
            Block::Marker => self.marker_value(line),
            Block::Calendar => self.calendar_line(line),
            Block::Work => self.work_field(line),
            Block::None | Block::Closed(_) => {
                let what = match self.block {
                    Block::Closed(w) => w,
                    _ => "the story header",
                };
                let span = self.span(line.start, line.end().min(line.start + first_word_len(t)));
                let word = &t[..first_word_len(t)];
                if ["scene", "era", "marker", "character", "thread"].contains(&word)
                    && t[word.len()..].starts_with([' ', '\t'])
                {
                    // `  character Frank` after a declaration: a declaration
                    // indented by mistake. Read it as one, so its name is
                    // declared and nothing cascades.
                    let indent = self.span(line.start - line.indent, line.start);
                    self.error(
                        Diagnostic::error(
                            codes::STRAY_PROPERTY,
                            format!("unexpected indented `{word}` after {what}"),
                        )
                        .primary(span, "declarations start at the left margin")
                        .help("remove the indentation")
                        .fix(indent, ""),
                    );
                    self.top_level(line);
                    return;
                }
                let d = if self.seen_scene || what != "the story header" {
                    Diagnostic::error(
                        codes::STRAY_PROPERTY,
                        format!("unexpected indented line after {what}"),
                    )
                    .primary(span, "indented lines belong to a `scene` or `marker` block")
                    .help("indent it under a `scene ID: TITLE` line, or remove the indentation")
                } else {
                    Diagnostic::error(codes::STRAY_PROPERTY, "property before any scene")
                        .primary(span, "not inside a scene")
                        .help("start a scene first with `scene ID: TITLE`, then indent its properties below it")
                };
                self.error(d);
            }
        }
    }

    /// An indented line of a scene:
    ///
    /// ```text
    /// > SYNOPSIS
    /// screen: TIMECODE [.. TIMECODE | for DURATION]
    /// story: ITEM, ITEM, …
    /// cast: NAME [(AGE)], …
    /// where: PLACE
    /// repeats: SCENE-ID
    /// mode: memory | dream | imagined
    /// MARKER: VALUE [(NOTE)]
    /// ```
    ///
    /// A property whose value cannot be read is kept as invalid, so the
    /// formatter and the resolver still see its key.
    fn scene_line(&mut self, line: Line<'t>) {
        let t = line.text;
        if let Some(prose) = t.strip_prefix('>') {
            let trimmed = prose.trim();
            let start = line.start + 1 + (prose.len() - prose.trim_start().len());
            let name = Name {
                text: trimmed.into(),
                span: self.span(start, start + trimmed.len()),
            };
            self.push_scene_line(SceneLine::Synopsis(name));
            return;
        }
        let Some((key_text, key_span, value_at)) = self.keyed(line) else {
            let key_text = &t[..id_run(t)];
            let span = self.span(line.start, line.end());
            let d = Diagnostic::error(codes::EXPECTED_PROPERTY, "expected a property `key: value`")
                .primary(span, "not a property, synopsis (`>`) or comment (`#`)");
            let d = if key_text.is_empty() {
                d.help("properties look like `story: 2014-05-17`; prose lines start with `>`")
            } else {
                d.help(format!("if `{}` is a property, add `:` after it; if it is prose, start the line with `>`", clip(key_text)))
            };
            self.error(d);
            return;
        };
        if key_text == "released" {
            self.error(works::released_on_scene(key_span));
            self.push_property(line, key_text, key_span, PropertyValue::Invalid);
            return;
        }
        if t[value_at..].trim().is_empty() {
            let help = property_example(&clip(key_text));
            self.error(self.value_missing(line, key_text, help));
            self.push_property(line, key_text, key_span, PropertyValue::Invalid);
            return;
        }
        let value = self.property_value(line, key_text, value_at);
        self.push_property(line, key_text, key_span, value);
    }

    /// `line` split as `key: value`: the key (the id run the line starts
    /// with), where it is, and where the value starts in the line (past the
    /// colon). `None` when the line does not start with a key and a colon.
    fn keyed(&self, line: Line<'t>) -> Option<(&'t str, Span, usize)> {
        let t = line.text;
        let key_end = id_run(t);
        let after = &t[key_end..];
        let colon = after.len() - after.trim_start().len();
        if key_end == 0 || !after[colon..].starts_with(':') {
            return None;
        }
        let key_span = self.span(line.start, line.start + key_end);
        Some((&t[..key_end], key_span, key_end + colon + 1))
    }

    /// `key:` with nothing after it, reported at the line's end.
    fn value_missing(&self, line: Line<'t>, key: &str, help: String) -> Diagnostic {
        Diagnostic::error(
            codes::EXPECTED_VALUE,
            format!("expected a value after `{}:`", clip(key)),
        )
        .primary(self.span(line.end(), line.end()), "value missing")
        .help(help)
    }

    /// The value of property `key`, written from `value_at` in `line`.
    fn property_value(&mut self, line: Line<'t>, key_text: &str, value_at: usize) -> PropertyValue {
        // `cast:` and `where:` read the text themselves; only the others
        // need tokens.
        // A marker's value may name characters; a property's never does.
        let per_character = !reserved::SCENE_PROPERTIES.contains(&key_text)
            && names_characters(&line.text[value_at..]);
        if !matches!(key_text, "cast" | "where" | "thread") && !per_character {
            self.tokenize_from(line, value_at);
        }
        let tokens = std::mem::take(&mut self.tokens);
        let mut cur = Cursor::new(&tokens, line.end());
        let value = match key_text {
            "screen" => self.screen(&mut cur).map(PropertyValue::Screen),
            "story" => self.story(&mut cur).map(PropertyValue::Story),
            "cast" => self.cast(line, value_at).map(PropertyValue::Cast),
            "where" => self.rest_as_name(line, value_at).map(PropertyValue::Where),
            "thread" => self.thread_list(line, value_at).map(PropertyValue::Thread),
            "repeats" => self
                .single_id(&mut cur, "repeats", "a scene id")
                .map(PropertyValue::Repeats),
            "mode" => self
                .single_id(&mut cur, "mode", "a mode (`memory`, `dream` or `imagined`)")
                .map(PropertyValue::Mode),
            "day" => self.single_id_or_number(&mut cur).map(PropertyValue::Day),
            "time" => self
                .single_id(&mut cur, "time", "a time of day such as `day` or `night`")
                .map(PropertyValue::Time),
            "change" => self.change(&mut cur).map(PropertyValue::Change),
            _ if per_character => self
                .per_character(line, value_at)
                .map(PropertyValue::PerCharacter),
            _ => self
                .marker_or_misspelled(line, key_text, &mut cur)
                .map(PropertyValue::Marker),
        };
        self.tokens = tokens;
        value.unwrap_or(PropertyValue::Invalid)
    }

    /// A marker's value, unless the key is a misspelled property whose
    /// value is no marker value (`cats: Frank Pentangeli`, `stroy: 1958`):
    /// then the one error is the key, with the property it is near as the
    /// fix, not the value's shape. (A misspelled key with a one-word value
    /// reads as a marker and the resolver, which knows the markers,
    /// reports it.)
    fn marker_or_misspelled(
        &mut self,
        line: Line<'t>,
        key: &str,
        cur: &mut Cursor,
    ) -> Option<MarkerSetting> {
        let before = self.diagnostics.len();
        let setting = self.marker_setting(line, cur);
        if setting.is_some() {
            return setting;
        }
        let properties = reserved::SCENE_PROPERTIES.iter().copied();
        if let Some(p) = crate::text::suggest::closest(key, properties) {
            self.diagnostics.truncate(before);
            let span = self.span(line.start, line.start + key.len());
            self.error(
                Diagnostic::error(
                    codes::UNKNOWN_MARKER,
                    format!("unknown property `{}`", clip(key)),
                )
                .primary(span, "not a property, and its value is no marker value")
                .help(format!("did you mean `{p}`?"))
                .fix(span, p),
            );
        }
        None
    }

    /// Add `key: value` (spanning `line`) to the open scene.
    fn push_property(&mut self, line: Line<'t>, key: &str, key_span: Span, value: PropertyValue) {
        let property = Property {
            key: Name {
                text: key.into(),
                span: key_span,
            },
            value,
            span: self.span(line.start, line.end()),
        };
        self.push_scene_line(SceneLine::Property(property));
    }

    /// Add a line to the open scene, if a scene is open.
    fn push_scene_line(&mut self, scene_line: SceneLine) {
        if let Some(Item::Scene(s)) = self.items.get_mut(self.block_item) {
            s.lines.push(scene_line);
        }
    }

    /// Trim the open scene's lines to their count (they were sized for
    /// every indented line of the block, some of which may not have been
    /// lines of it). Called before `block_item` moves on and when a run of
    /// lines ends.
    fn trim_scene_lines(&mut self) {
        if let Some(Item::Scene(s)) = self.items.get_mut(self.block_item) {
            if s.lines.capacity() > s.lines.len() {
                s.lines.shrink_to_fit();
            }
        }
    }

    /// How many lines the block that starts on the line ending at `from`
    /// can have: the indented, non-blank lines up to the next line at the
    /// margin that is not a comment. Sizing a scene's lines with this spares
    /// the copies a growing `Vec` makes.
    fn block_lines_after(&self, from: usize) -> usize {
        // Only the lines of this run: in a Fountain note, the script after
        // it is not part of the block.
        let bytes = &self.text.as_bytes()[..self.run_end];
        let Some(newline) = memchr::memchr(b'\n', &bytes[from..]) else {
            return 0;
        };
        let mut pos = from + newline + 1;
        let mut count = 0;
        while pos < bytes.len() {
            let end = memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i);
            let line = &bytes[pos..end];
            match line.first() {
                Some(b' ' | b'\t') => {
                    count += usize::from(line.iter().any(|b| !b.is_ascii_whitespace()));
                }
                // Comments at the margin do not close a block; blank lines
                // are nothing.
                Some(b'#' | b'\r') | None => {}
                Some(_) => break,
            }
            pos = end + 1;
        }
        count
    }

    /// Tokenise `line` from offset `from` into the reused token buffer.
    fn tokenize_from(&mut self, line: Line<'t>, from: usize) {
        let mut tokens = std::mem::take(&mut self.tokens);
        tokenize(&line.text[from..], line.start + from, &mut tokens);
        self.tokens = tokens;
    }

    /// The text and span of token `t`.
    fn name(&self, t: Token) -> Name {
        Name {
            text: self.text[t.start..t.end].into(),
            span: self.span(t.start, t.end),
        }
    }

    /// The text of token `t`.
    fn tok_text(&self, t: Token) -> &'t str {
        &self.text[t.start..t.end]
    }

    /// Expect the end of the line; `after` words the error (a closure, as
    /// in [`Parser::expect_colon`]).
    fn expect_end(&mut self, cur: &mut Cursor, after: &dyn Fn() -> String) -> Option<()> {
        if let Some(t) = cur.peek() {
            if let Some(d) = self.trailing_comment(t, cur.line_end) {
                self.error(d);
                return None;
            }
            let span = self.span(t.start, cur.line_end);
            self.error(
                Diagnostic::error(
                    codes::UNEXPECTED,
                    format!(
                        "unexpected `{}` after {}",
                        clip(&self.text[t.start..t.end]),
                        after()
                    ),
                )
                .primary(span, "nothing more was expected here"),
            );
            return None;
        }
        Some(())
    }

    /// `story: 1958 # the village`: a `#` after a value starts no comment
    /// (comments are whole lines). The fix moves the comment to a line of
    /// its own above, at the same indentation, keeping both.
    fn trailing_comment(&self, t: Token, line_end: usize) -> Option<Diagnostic> {
        if t.kind != TokenKind::Hash {
            return None;
        }
        let line_start = self.text[..t.start].rfind('\n').map_or(0, |i| i + 1);
        let before_hash = &self.text[line_start..t.start];
        let code = before_hash.trim_start_matches([' ', '\t']);
        let indent = &before_hash[..before_hash.len() - code.len()];
        let comment = self.text[t.start..line_end].trim_end();
        let span = self.span(line_start + indent.len(), line_end);
        let fixed = format!("{comment}\n{indent}{}", code.trim_end());
        Some(
            Diagnostic::error(
                codes::UNEXPECTED,
                "a comment cannot follow a value on the same line",
            )
            .primary(self.span(t.start, line_end), "comments are whole lines")
            .help("put the comment on a line of its own, above this one")
            .fix(span, fixed),
        )
    }

    /// The value of `repeats:` or `mode:` (`key`), one word and nothing
    /// after it:
    ///
    /// ```text
    /// KEY: WORD
    /// ```
    ///
    /// `what` names the word in the error.
    fn single_id(&mut self, cur: &mut Cursor, key: &str, what: &str) -> Option<Name> {
        let Some(t) = cur.eat(TokenKind::Word) else {
            let span = cur.here_span(self.file);
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_NAME,
                    format!("expected {what} after `{key}:`"),
                )
                .primary(span, format!("expected {what}")),
            );
            return None;
        };
        let name = self.name(t);
        self.expect_end(cur, &|| format!("`{key}: {}`", clip(&name.text)))?;
        Some(name)
    }

    /// A marker's value on a scene, read from the cursor after `MARKER:`:
    ///
    /// ```text
    /// MARKER: VALUE
    /// MARKER: VALUE (NOTE)
    /// ```
    fn marker_setting(&mut self, line: Line<'t>, cur: &mut Cursor) -> Option<MarkerSetting> {
        let Some(t) = cur.eat(TokenKind::Word) else {
            let span = cur.here_span(self.file);
            self.error(
                Diagnostic::error(codes::EXPECTED_NAME, "expected a marker value")
                    .primary(span, "expected a value such as `dark`")
                    .help("a marker line is `MARKER: VALUE`, optionally with a note: `hair: dark (dyed back)`"),
            );
            return None;
        };
        let value = self.name(t);
        let mut note = None;
        if let Some(open) = cur.eat(TokenKind::LParen) {
            let inner_start = open.end;
            let close = line.text[inner_start - line.start..]
                .rfind(')')
                .map(|i| inner_start + i);
            match close {
                Some(close) if close + 1 == line.end() => {
                    let raw = &self.text[inner_start..close];
                    let trimmed = raw.trim();
                    let s = inner_start + (raw.len() - raw.trim_start().len());
                    note = Some(Box::new(Name {
                        text: trimmed.into(),
                        span: self.span(s, s + trimmed.len()),
                    }));
                    cur.skip_to(line.end());
                }
                _ => {
                    self.error(
                        Diagnostic::error(codes::UNEXPECTED, "unclosed `(` in a marker note")
                            .primary(
                                self.span(open.start, line.end()),
                                "expected `)` at the end of the line",
                            )
                            .help("write `hair: dark (dyed back)`"),
                    );
                    return None;
                }
            }
        }
        self.expect_end(cur, &|| format!("the marker value `{}`", clip(&value.text)))?;
        Some(MarkerSetting { value, note })
    }

    /// The value of `day:`, one word or number and nothing after it:
    ///
    /// ```text
    /// day: 7
    /// day: X2
    /// ```
    fn single_id_or_number(&mut self, cur: &mut Cursor) -> Option<Name> {
        let Some(t) = cur
            .eat(TokenKind::Word)
            .or_else(|| cur.eat(TokenKind::Literal))
        else {
            let span = cur.here_span(self.file);
            self.error(
                Diagnostic::error(codes::EXPECTED_NAME, "expected a day label after `day:`")
                    .primary(span, "expected a day such as `7` or `X2`")
                    .help(property_example("day")),
            );
            return None;
        };
        let name = self.name(t);
        self.expect_end(cur, &|| format!("`day: {}`", clip(&name.text)))?;
        Some(name)
    }

    /// The marker names after `change:`, separated by commas:
    ///
    /// ```text
    /// change: MARKER, MARKER, …
    /// ```
    fn change(&mut self, cur: &mut Cursor) -> Option<Vec<Name>> {
        let mut names = Vec::new();
        loop {
            let Some(t) = cur.eat(TokenKind::Word) else {
                let span = cur.here_span(self.file);
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, "expected a marker name in `change:`")
                        .primary(span, "expected a marker such as `look`")
                        .help(property_example("change")),
                );
                return None;
            };
            names.push(self.name(t));
            if cur.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        self.expect_end(cur, &|| "the marker names of `change:`".to_string())?;
        Some(names)
    }

    /// The setting of a per-character marker, split on commas:
    ///
    /// ```text
    /// MARKER: NAME=VALUE, NAME=VALUE, …
    /// ```
    fn per_character(&mut self, line: Line<'t>, value_at: usize) -> Option<Vec<CharacterSetting>> {
        let base = line.start + value_at;
        let mut out = Vec::new();
        for (offset, part) in split_top_level_commas(&line.text[value_at..]) {
            let start = base + offset + (part.len() - part.trim_start().len());
            let trimmed = part.trim();
            let span = self.span(start, start + trimmed.len());
            let Some((who, value)) = trimmed.split_once('=') else {
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, "expected `NAME=VALUE`")
                        .primary(span, "each entry names a character and its value")
                        .help("write `look: Semih=suit, Defne=red-dress`"),
                );
                return None;
            };
            let who_text = who.trim();
            let value_text = value.trim();
            let value_start = start + who.len() + 1 + (value.len() - value.trim_start().len());
            let value_span = self.span(value_start, value_start + value_text.len());
            if who_text.is_empty() {
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, "expected a character name before `=`")
                        .primary(span, "whose value is this?")
                        .help("write `look: Semih=suit, Defne=red-dress`"),
                );
                return None;
            }
            if !is_id(value_text) {
                self.error(invalid_id("a marker value", value_text, value_span));
                return None;
            }
            let who_start = start + (who.len() - who.trim_start().len());
            out.push(CharacterSetting {
                character: Name {
                    text: who_text.into(),
                    span: self.span(who_start, who_start + who_text.len()),
                },
                value: Name {
                    text: value_text.into(),
                    span: value_span,
                },
                span,
            });
        }
        Some(out)
    }

    /// The names after `cast:` (from `value_at` in the line), split on
    /// commas outside parentheses:
    ///
    /// ```text
    /// cast: NAME, NAME (AGE), …
    /// ```
    fn cast(&mut self, line: Line<'t>, value_at: usize) -> Option<Vec<CastEntry>> {
        let mut entries = std::mem::take(&mut self.cast_entries);
        entries.clear();
        let base = line.start + value_at;
        let value = &line.text[value_at..];
        let mut ok = true;
        for (offset, part) in split_top_level_commas(value) {
            let raw_start = base + offset;
            let trimmed = part.trim();
            let start = raw_start + (part.len() - part.trim_start().len());
            let span = self.span(start, start + trimmed.len());
            if trimmed.is_empty() {
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, "empty name in `cast:`").primary(
                        self.span(raw_start, raw_start + part.len()),
                        "a name is missing between the commas",
                    ),
                );
                ok = false;
                continue;
            }
            let (name_part, age) = match trimmed.find('(') {
                Some(open) => {
                    let inner = trimmed[open + 1..].strip_suffix(')');
                    let age = inner
                        .and_then(|i| i.trim().strip_prefix("age"))
                        .map(str::trim)
                        .and_then(|n| n.parse::<u32>().ok());
                    match age {
                        Some(age) if age <= 200 => (&trimmed[..open], Some(age)),
                        _ => {
                            self.error(
                                Diagnostic::error(
                                    codes::UNEXPECTED,
                                    "expected `(age N)` after a cast name",
                                )
                                .primary(
                                    self.span(start + open, start + trimmed.len()),
                                    "not an age",
                                )
                                .help("write `cast: Semih (age 24), Defne`"),
                            );
                            ok = false;
                            continue;
                        }
                    }
                }
                None => (trimmed, None),
            };
            let name_text = name_part.trim_end();
            if let Some(bad) = name_text
                .chars()
                .find(|c| matches!(c, ')' | '#' | ':' | '>'))
            {
                self.error(
                    Diagnostic::error(
                        codes::INVALID_NAME,
                        format!("a character name cannot contain `{bad}`"),
                    )
                    .primary(span, "in this name"),
                );
                ok = false;
                continue;
            }
            if name_text.is_empty() {
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, "expected a name before `(age N)`")
                        .primary(span, "name missing"),
                );
                ok = false;
                continue;
            }
            entries.push(CastEntry {
                name: Name {
                    text: name_text.into(),
                    span: self.span(start, start + name_text.len()),
                },
                age,
                span,
            });
        }
        // The tree gets an exact-size copy; the buffer is kept for the next
        // line.
        let result = ok.then(|| entries.to_vec());
        self.cast_entries = entries;
        result
    }

    // ----- screen-time ------------------------------------------------------

    /// The value of `screen:`, which may not run backwards:
    ///
    /// ```text
    /// TIMECODE
    /// TIMECODE .. TIMECODE
    /// TIMECODE for DURATION
    /// ```
    fn screen(&mut self, cur: &mut Cursor) -> Option<ScreenTime> {
        let start = self.timecode(cur)?;
        let end = if cur.eat(TokenKind::DotDot).is_some() {
            let end = self.timecode(cur)?;
            if end.millis < start.millis {
                self.error(
                    Diagnostic::error(codes::SCREEN_BACKWARDS, "screen time runs backwards")
                        .primary(
                            end.span,
                            format!("ends at {} ...", crate::time::timecode(end.millis)),
                        )
                        .secondary(
                            start.span,
                            format!(
                                "... before it starts at {}",
                                crate::time::timecode(start.millis)
                            ),
                        )
                        .help("the end timecode must not be earlier than the start"),
                );
                return None;
            }
            Some(ScreenEnd::At(end))
        } else if self.eat_keyword(cur, "for") {
            let t = self.expect_literal(cur, "a duration such as `6m50s`")?;
            let text = self.tok_text(t);
            match literal::screen_duration(text) {
                Ok(ms) => Some(ScreenEnd::For(Timecode {
                    millis: ms,
                    span: self.span(t.start, t.end),
                })),
                Err(msg) => {
                    self.error(
                        Diagnostic::error(codes::INVALID_DURATION, format!("invalid screen duration `{}`", clip(text)))
                            .primary(self.span(t.start, t.end), msg.to_string())
                            .help("write a screen duration with `h`, `m` and `s`, e.g. `6m50s` or `1h2m3.5s`"),
                    );
                    return None;
                }
            }
        } else {
            None
        };
        self.expect_end(cur, &|| "the screen time".to_string())?;
        Some(ScreenTime { start, end })
    }

    /// One timecode:
    ///
    /// ```text
    /// HH:MM:SS[.FRACTION]
    /// MM:SS[.FRACTION]
    /// ```
    fn timecode(&mut self, cur: &mut Cursor) -> Option<Timecode> {
        let t = self.expect_literal(cur, "a timecode such as `00:04:10`")?;
        let text = self.tok_text(t);
        match literal::timecode(text) {
            Ok(ms) => Some(Timecode {
                millis: ms,
                span: self.span(t.start, t.end),
            }),
            Err(msg) => {
                self.error(
                    Diagnostic::error(codes::INVALID_TIMECODE, format!("invalid timecode `{}`", clip(text)))
                        .primary(self.span(t.start, t.end), msg.to_string())
                        .help("write `HH:MM:SS` or `MM:SS`, with optional fractional seconds (`00:04:10.5`)"),
                );
                None
            }
        }
    }

    /// The next token, which must be a literal (a date, timecode or
    /// duration); `what` names it in the error.
    fn expect_literal(&mut self, cur: &mut Cursor, what: &str) -> Option<Token> {
        match cur.eat(TokenKind::Literal) {
            Some(t) => Some(t),
            None => {
                let span = cur.here_span(self.file);
                let found = cur
                    .peek()
                    .map(|t| format!(", found `{}`", clip(self.tok_text(t))))
                    .unwrap_or_default();
                self.error(
                    Diagnostic::error(codes::EXPECTED_VALUE, format!("expected {what}{found}"))
                        .primary(span, format!("expected {what}")),
                );
                None
            }
        }
    }

    /// Read `keyword` if it comes next; true when it did.
    fn eat_keyword(&self, cur: &mut Cursor, keyword: &str) -> bool {
        match cur.peek() {
            Some(t) if t.kind == TokenKind::Word && self.tok_text(t) == keyword => {
                cur.next();
                true
            }
            _ => false,
        }
    }

    // ----- story-time -------------------------------------------------------

    /// The value of `story:`, items separated by commas:
    ///
    /// ```text
    /// story: ITEM, ITEM, …
    /// ```
    ///
    /// After a bad item the rest of the line is still read, so each of its
    /// errors is reported; the value is `None` if any item was bad.
    fn story(&mut self, cur: &mut Cursor) -> Option<Vec<StoryItem>> {
        let mut items = std::mem::take(&mut self.story_items);
        items.clear();
        let mut ok = true;
        loop {
            let item_start = cur.peek().map_or(cur.line_end, |t| t.start);
            match self.story_item(cur) {
                Some(mut item) => {
                    item.span = self.span(item_start, cur.last_end.max(item_start));
                    items.push(item);
                }
                None => {
                    ok = false;
                    cur.skip_past(TokenKind::Comma);
                    if cur.at_end() {
                        break;
                    }
                    continue;
                }
            }
            if cur.at_end() {
                break;
            }
            if cur.eat(TokenKind::Comma).is_none() {
                let t = cur.peek().unwrap_or(cur.eol());
                if let Some(d) = self.trailing_comment(t, cur.line_end) {
                    self.error(d);
                    ok = false;
                    break;
                }
                let d = Diagnostic::error(codes::UNEXPECTED, format!("unexpected `{}` in `story:`", clip(self.tok_text(t))))
                    .primary(self.span(t.start, t.end), "expected `,` or the end of the line")
                    .help("separate story-time constraints with commas: `past, after argument, before gone by 1mo..`");
                // A word that starts a constraint after a complete one: the
                // comma between them is missing, and only that.
                let starts_item = t.kind == TokenKind::Word
                    && ["after", "before", "during", "for"].contains(&self.tok_text(t));
                let gap = self.span(cur.last_end, t.start);
                self.error(if starts_item { d.fix(gap, ", ") } else { d });
                ok = false;
                cur.skip_past(TokenKind::Comma);
                if cur.at_end() {
                    break;
                }
            }
        }
        // Moved out into an exact-size `Vec`; the buffer is kept for the next line.
        let exact = ok.then(|| {
            let mut exact = Vec::with_capacity(items.len());
            exact.append(&mut items);
            exact
        });
        self.story_items = items;
        exact
    }

    /// One item of a `story:` line, between commas:
    ///
    /// ```text
    /// CONSTRAINT [for RANGE]
    /// for RANGE
    /// ```
    ///
    /// where a constraint is a date or date range, an era, `after ID [by
    /// RANGE]`, `before ID [by RANGE]`, `during ID`, `ID + RANGE` or
    /// `ID - RANGE`. The span is filled in by [`Parser::story`].
    fn story_item(&mut self, cur: &mut Cursor) -> Option<StoryItem> {
        let placeholder = self.span(0, 0);
        let Some(first) = cur.peek() else {
            let span = cur.here_span(self.file);
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_CONSTRAINT,
                    "expected a story-time constraint",
                )
                .primary(span, "nothing between the commas"),
            );
            return None;
        };
        // The keywords first: no date starts with one, and most items
        // start with one, so the date lookahead is spared for them.
        let keyword = (first.kind == TokenKind::Word).then(|| self.tok_text(first));
        let constraint = match (first.kind, keyword) {
            (_, Some("for")) => None,
            (_, Some(word @ ("after" | "before"))) => {
                cur.next();
                Some(self.relation(cur, word)?)
            }
            (_, Some("during")) => {
                cur.next();
                Some(StoryConstraint::During {
                    scene: self.scene_ref(cur, "during")?,
                })
            }
            (TokenKind::Word, _) if self.at_readable_date(cur) => Some(self.dates(cur)?),
            (TokenKind::Word, _) => {
                cur.next();
                Some(self.offset_or_era(cur, first)?)
            }
            (TokenKind::Literal, _) => Some(self.dates(cur)?),
            (TokenKind::Minus | TokenKind::Plus, _) if cur.at_signed_literal() => {
                Some(self.dates(cur)?)
            }
            _ => {
                self.error(
                    Diagnostic::error(codes::EXPECTED_CONSTRAINT, format!("expected a story-time constraint, found `{}`", clip(self.tok_text(first))))
                        .primary(self.span(first.start, first.end), "not a date, era or scene relation")
                        .help("a constraint is a date, an era, `after ID [by RANGE]`, `before ID [by RANGE]`, `during ID`, `ID + RANGE`, `ID - RANGE` or `for RANGE`"),
                );
                return None;
            }
        };
        let duration = if self.eat_keyword(cur, "for") {
            Some(self.range(cur, "for")?)
        } else {
            None
        };
        Some(StoryItem {
            constraint,
            duration,
            span: placeholder,
        })
    }

    /// The rest of a relation to another scene, after `after` or `before`
    /// (`word`):
    ///
    /// ```text
    /// after ID [by RANGE]
    /// before ID [by RANGE]
    /// ```
    fn relation(&mut self, cur: &mut Cursor, word: &str) -> Option<StoryConstraint> {
        let scene = self.scene_ref(cur, word)?;
        let gap = if self.eat_keyword(cur, "by") {
            Some(self.range(cur, "by")?)
        } else {
            None
        };
        Some(if word == "after" {
            StoryConstraint::After { scene, gap }
        } else {
            StoryConstraint::Before { scene, gap }
        })
    }

    /// A constraint starting with a name (the token `first`, already
    /// read):
    ///
    /// ```text
    /// ID + RANGE
    /// ID - RANGE
    /// ERA
    /// ```
    ///
    /// A keyword cannot name an era here.
    fn offset_or_era(&mut self, cur: &mut Cursor, first: Token) -> Option<StoryConstraint> {
        let name = self.name(first);
        let sign = match cur.peek_kind() {
            Some(TokenKind::Plus) => Sign::Plus,
            Some(TokenKind::Minus) => Sign::Minus,
            _ => {
                if let Some(r) = reserved::reserved(&name.text) {
                    self.error(
                        Diagnostic::error(codes::EXPECTED_CONSTRAINT, format!("`{r}` cannot start a story-time constraint"))
                            .primary(name.span, "unexpected keyword")
                            .help("a constraint is a date, an era, `after ID`, `before ID`, `during ID`, `ID + RANGE` or `for RANGE`"),
                    );
                    return None;
                }
                return Some(StoryConstraint::Era { era: name });
            }
        };
        cur.next();
        let op_text = if sign == Sign::Plus { "+" } else { "-" };
        let range = self.range(cur, op_text)?;
        Some(StoryConstraint::Offset {
            scene: name,
            sign,
            range,
        })
    }

    /// A date, or a range of dates that is not empty:
    ///
    /// ```text
    /// DATE
    /// DATE .. DATE
    /// ```
    fn dates(&mut self, cur: &mut Cursor) -> Option<StoryConstraint> {
        let from = self.date(cur)?;
        if cur.eat(TokenKind::DotDot).is_none() {
            return Some(StoryConstraint::At { from, to: None });
        }
        let to = self.date(cur)?;
        let numeric = from.readable.is_none() && to.readable.is_none();
        if numeric && from.value.order_key(false) > to.value.order_key(true) {
            self.error(
                Diagnostic::error(codes::EMPTY_RANGE, "the date range is empty")
                    .primary(
                        to.span,
                        format!("`{}` is before `{}`", to.value, from.value),
                    )
                    .secondary(from.span, "the range starts here")
                    .help("write the earlier date first"),
            );
            return None;
        }
        Some(StoryConstraint::At {
            from,
            to: Some(Box::new(to)),
        })
    }

    /// The scene id after `after` (`after`, `before`, `during`):
    ///
    /// ```text
    /// SCENE-ID
    /// ```
    fn scene_ref(&mut self, cur: &mut Cursor, after: &str) -> Option<Name> {
        match cur.eat(TokenKind::Word) {
            Some(t) => Some(self.name(t)),
            None => {
                let span = cur.here_span(self.file);
                let found = cur
                    .peek()
                    .map(|t| format!(", found `{}`", clip(self.tok_text(t))))
                    .unwrap_or_default();
                self.error(
                    Diagnostic::error(
                        codes::EXPECTED_NAME,
                        format!("expected a scene id after `{after}`{found}"),
                    )
                    .primary(span, "expected a scene id")
                    .help(format!("write `{after} ferry`, naming the scene by its id")),
                );
                None
            }
        }
    }

    /// `DUR`, `DUR..DUR`, `DUR..` or `..DUR`.
    fn range(&mut self, cur: &mut Cursor, after: &str) -> Option<Box<RangeLit>> {
        let start = cur.peek().map_or(cur.line_end, |t| t.start);
        let min = match cur.peek_kind() {
            Some(TokenKind::Literal) => Some(self.duration(cur)?),
            _ => None,
        };
        let dotted = cur.eat(TokenKind::DotDot).is_some();
        let max = if dotted && cur.peek_kind() == Some(TokenKind::Literal) {
            Some(self.duration(cur)?)
        } else {
            None
        };
        let span = self.span(start, cur.last_end.max(start));
        if min.is_none() && max.is_none() {
            let here = cur.here_span(self.file);
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_VALUE,
                    format!("expected a duration after `{after}`"),
                )
                .primary(
                    here,
                    "expected a duration such as `3d`, `1d..3d`, `1mo..` or `..2h`",
                )
                .help("durations are numbers with units `s`, `m`, `h`, `d`, `w`, `mo`, `y`"),
            );
            return None;
        }
        // Empty in every calendar: checked here. Whether `1y..6mo` or
        // `30h..1d` is empty depends on the story's calendar (the length
        // of its days, weeks and months), so resolving checks those.
        if let (Some(a), Some(b)) = (&min, &max) {
            if a.exceeds_in_every_calendar(b) {
                self.error(
                    Diagnostic::error(codes::EMPTY_RANGE, format!("the range `{a}..{b}` is empty"))
                        .primary(span, format!("at least {a} but at most {b}"))
                        .help(format!("write the smaller bound first: `{b}..{a}`"))
                        .fix(span, format!("{b}..{a}")),
                );
                return None;
            }
        }
        Some(Box::new(RangeLit {
            min,
            max,
            dotted,
            span,
        }))
    }

    /// One duration, such as `1d`, `6m50s` or `2h30m`.
    fn duration(&mut self, cur: &mut Cursor) -> Option<Duration> {
        let t = cur.next()?;
        let text = self.tok_text(t);
        match literal::duration(text) {
            Ok(value) => Some(value),
            Err(e) => {
                if let Some(d) = self.spaced_unit(cur, t) {
                    self.error(d);
                    return None;
                }
                let span = self.span(t.start, t.end);
                let d = Diagnostic::error(
                    codes::INVALID_DURATION,
                    format!("invalid duration `{}`", clip(text)),
                )
                .primary(span, e.label)
                .help(e.help);
                let d = match e.fix {
                    Some(fixed) => d.fix(span, fixed),
                    None => d,
                };
                self.error(d);
                None
            }
        }
    }

    /// `2 weeks`, `3 hours`, `6 mo`: a number, then its unit as a separate
    /// word. The error spans both, suggests the unit that word means
    /// (`2w`, never a guess), and takes the word so nothing cascades.
    fn spaced_unit(&mut self, cur: &mut Cursor, number: Token) -> Option<Diagnostic> {
        let digits = self.tok_text(number);
        let next = cur.peek().filter(|n| n.kind == TokenKind::Word)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let word = self.tok_text(next);
        let unit = literal::unit_word(word)?;
        cur.next();
        let span = self.span(number.start, next.end);
        let fixed = format!("{digits}{unit}");
        Some(
            Diagnostic::error(
                codes::INVALID_DURATION,
                format!("invalid duration `{digits} {}`", clip(word)),
            )
            .primary(
                span,
                "the unit is written right after the number, as a letter",
            )
            .help(format!("write `{fixed}`"))
            .fix(span, fixed),
        )
    }

    /// A date literal, optionally followed by a separate time literal.
    fn date(&mut self, cur: &mut Cursor) -> Option<DateLit> {
        if let Some(d) = self.readable_date(cur) {
            return Some(d);
        }
        // A sign glued to the year is ISO 8601's expanded year (`-0043`).
        let sign = if cur.at_signed_literal() {
            cur.next()
        } else {
            None
        };
        let t = self.expect_literal(cur, "a date such as `2014-05-17`")?;
        if let Some(d) = self.foreign_date(cur, t) {
            self.error(d);
            return None;
        }
        let start = sign.map_or(t.start, |s| s.start);
        let mut end = t.end;
        let written = &self.text[start..t.end];
        // `2014-05-17 18:00` is read as `2014-05-17T18:00`; only then is a
        // string made (most dates are one token, read where written).
        let mut joined = String::new();
        if !written.contains(['T', 't']) {
            if let Some(next) = cur.peek() {
                let nt = self.tok_text(next);
                if next.kind == TokenKind::Literal && nt.contains(':') {
                    cur.next();
                    joined = format!("{written}T{nt}");
                    end = next.end;
                } else if next.kind == TokenKind::Literal
                    && nt.len() <= 2
                    && nt.bytes().all(|b| b.is_ascii_digit())
                    && written.matches('-').count() == 2
                {
                    // `2004-06-12 17`: an hour without minutes would
                    // otherwise be reported as a stray item.
                    let span = self.span(next.start, next.end);
                    self.error(
                        Diagnostic::error(
                            codes::INVALID_DATE,
                            format!("a time of day needs minutes: `{nt}`"),
                        )
                        .primary(span, "an hour alone")
                        .help(format!("write `{written} {nt:0>2}:00`"))
                        .fix(span, format!("{nt:0>2}:00")),
                    );
                    cur.next();
                    return None;
                }
            }
        }
        let span = self.span(start, end);
        let text = if joined.is_empty() { written } else { &joined };
        match literal::date(text) {
            Ok(value) => Some(DateLit {
                value,
                span,
                readable: None,
            }),
            Err(msg) => {
                self.error(
                    Diagnostic::error(codes::INVALID_DATE, format!("invalid date `{}`", clip(&self.text[start..end])))
                        .primary(span, msg.to_string())
                        .help("write a date as `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS`; a year before 0 or after 9999 takes a sign (`-0043`, `+12024`)"),
                );
                None
            }
        }
    }
}

impl Parser<'_> {
    /// A date written as people write them elsewhere: `12/31/1958`,
    /// `1958/06/01` (slashes), or `1958-12-31 10pm` (the 12-hour clock).
    /// The error spans all of it, and the fix writes it the format's way
    /// when that is certain; the tokens are taken so nothing cascades.
    fn foreign_date(&mut self, cur: &mut Cursor, first: Token) -> Option<Diagnostic> {
        let next = cur.peek()?;
        let first_text = self.tok_text(first);
        if next.kind == TokenKind::Literal && first_text.matches('-').count() == 2 {
            let fixed = literal::twelve_hour(self.tok_text(next))?;
            cur.next();
            let span = self.span(next.start, next.end);
            return Some(
                Diagnostic::error(
                    codes::INVALID_DATE,
                    format!(
                        "a time of day on the 12-hour clock: `{}`",
                        clip(self.tok_text(next))
                    ),
                )
                .primary(span, "times are written on the 24-hour clock")
                .help(format!("write `{first_text} {fixed}`"))
                .fix(span, fixed),
            );
        }
        if self.tok_text(next) != "/" || next.start != first.end {
            return None;
        }
        let mut end = first.end;
        while let Some(t) = cur.peek() {
            let glued = t.start == end && (t.kind == TokenKind::Literal || self.tok_text(t) == "/");
            if !glued {
                break;
            }
            end = t.end;
            cur.next();
        }
        let span = self.span(first.start, end);
        let written = &self.text[first.start..end];
        let d = Diagnostic::error(
            codes::INVALID_DATE,
            format!("invalid date `{}`", clip(written)),
        )
        .primary(span, "dates are written year first, with `-`");
        Some(match literal::slash_date(written) {
            Some(iso) => d.help(format!("write `{iso}`")).fix(span, iso),
            None => d.help("write the date as `YYYY-MM-DD`: for 5 June 1958, `1958-06-05`"),
        })
    }
}

/// A cursor over a line's tokens.
struct Cursor<'a> {
    tokens: &'a [Token],
    pos: usize,
    line_end: usize,
    last_end: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor before the first of `tokens`, on a line ending at
    /// `line_end`.
    fn new(tokens: &'a [Token], line_end: usize) -> Cursor<'a> {
        Cursor {
            tokens,
            pos: 0,
            line_end,
            last_end: tokens.first().map_or(line_end, |t| t.start),
        }
    }

    /// The next token, not read.
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    /// True when the next tokens are a sign glued to a literal, as in
    /// `-0043-03-15` (`ferry - 2d` keeps its spaces).
    fn at_signed_literal(&self) -> bool {
        match (self.tokens.get(self.pos), self.tokens.get(self.pos + 1)) {
            (Some(sign), Some(lit)) => {
                matches!(sign.kind, TokenKind::Minus | TokenKind::Plus)
                    && lit.kind == TokenKind::Literal
                    && lit.start == sign.end
            }
            _ => false,
        }
    }

    /// The kind of the next token, not read.
    fn peek_kind(&self) -> Option<TokenKind> {
        self.peek().map(|t| t.kind)
    }

    /// Read the next token.
    fn next(&mut self) -> Option<Token> {
        let t = self.peek()?;
        self.pos += 1;
        self.last_end = t.end;
        Some(t)
    }

    /// Read the next token if it is of `kind`.
    fn eat(&mut self, kind: TokenKind) -> Option<Token> {
        if self.peek_kind() == Some(kind) {
            self.next()
        } else {
            None
        }
    }

    /// True when every token is read.
    fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    /// A zero-width token at the end of the line.
    fn eol(&self) -> Token {
        Token {
            kind: TokenKind::Other,
            start: self.line_end,
            end: self.line_end,
        }
    }

    /// The span of the next token, or an empty span at the end of the line.
    fn here_span(&self, file: FileId) -> Span {
        let t = self.peek().unwrap_or(self.eol());
        Span::new(file, t.start, t.end)
    }

    /// Skip up to and past the next token of `kind` (error recovery).
    fn skip_past(&mut self, kind: TokenKind) {
        while let Some(t) = self.next() {
            if t.kind == kind {
                break;
            }
        }
    }

    /// Skip the tokens before absolute offset `offset`.
    fn skip_to(&mut self, offset: usize) {
        while self.peek().is_some_and(|t| t.start < offset) {
            self.next();
        }
    }
}

/// The length of a line's first word (up to a space, tab or `:`), at
/// least 1 so a span over it is never empty.
fn first_word_len(t: &str) -> usize {
    t.find([' ', '\t', ':']).unwrap_or(t.len()).max(1)
}

/// What a character line gives after its `:`: born, died, colour.
type CharacterParts = (Option<DateLit>, Option<DateLit>, Option<Color>);

/// Split on commas outside parentheses, with each part's offset.
fn split_top_level_commas(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        // Bytes, not chars: the three that matter are ASCII, and UTF-8
        // never uses ASCII bytes inside another character.
        // A plain loop: most parts are a name or two long, too short for a
        // SIMD search (`memchr3`) to pay for its set-up at each part.
        let mut depth = 0usize;
        let from = start;
        for (i, &b) in bytes[from..].iter().enumerate() {
            let i = from + i;
            match b {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                b',' if depth == 0 => {
                    let part = (start, &s[start..i]);
                    start = i + 1;
                    return Some(part);
                }
                _ => {}
            }
        }
        done = true;
        Some((start, &s[start..]))
    })
}

/// The error for `text`, which is not an id and so cannot be `what` (an
/// id starts with a letter and goes on with letters, digits, `-` and `_`).
fn invalid_id(what: &str, text: &str, span: Span) -> Diagnostic {
    let label = match text.chars().next() {
        Some(c) if !c.is_alphabetic() => format!("starts with `{c}`"),
        _ => {
            let bad = text.chars().find(|&c| !is_id_continue(c)).unwrap_or(' ');
            format!("contains `{bad}`")
        }
    };
    let fixed: String = text
        .chars()
        .map(|c| if is_id_continue(c) { c } else { '-' })
        .collect();
    let fixed = if fixed.chars().next().is_some_and(char::is_alphabetic) {
        fixed
    } else {
        format!("s{fixed}")
    };
    Diagnostic::error(
        codes::INVALID_ID,
        format!(
            "invalid {}: `{}`",
            what.trim_start_matches("a ").trim_start_matches("an "),
            clip(text)
        ),
    )
    .primary(span, label)
    .help(format!(
        "ids start with a letter and continue with letters, digits, `-` and `_`; for example `{}`",
        clip(&fixed)
    ))
}

/// The top-level keyword a mistyped first word is closest to.
/// True when a marker's value names characters (`Semih=suit`): an `=`
/// before any note in parentheses.
fn names_characters(value: &str) -> bool {
    value.split('(').next().is_some_and(|v| v.contains('='))
}

/// After a marker's name: the words `per character` (any spacing). When
/// present, `after` moves past them.
fn per_character_words(text: &str, after: &mut usize) -> bool {
    let rest = &text[*after..];
    let mut words = rest.split_whitespace();
    if words.next() != Some("per") {
        return false;
    }
    let Some(at) = rest.find("per") else {
        return false;
    };
    let tail = &rest[at + 3..];
    let lead = tail.len() - tail.trim_start().len();
    if lead == 0 {
        return false;
    }
    let Some(word) = tail.trim_start().get(..9).filter(|w| *w == "character") else {
        return false;
    };
    let end = *after + at + 3 + lead + word.len();
    // `characters:` or `character-x` is not the phrase.
    if text[end..].chars().next().is_some_and(is_id_continue) {
        return false;
    }
    *after = end;
    true
}

fn near_keyword(word: &str) -> Option<&'static str> {
    let lower = word.to_lowercase();
    crate::text::suggest::closest(&lower, ["scene", "era", "marker", "character"].into_iter())
}

/// The help for a property without a value: a well-formed line for `key`.
fn property_example(key: &str) -> String {
    match key {
        "screen" => "write `screen: 00:04:10 .. 00:11:00` or `screen: 00:04:10 for 6m50s`".into(),
        "story" => {
            "write `story: 2014-05-17`, `story: after ferry by 1d..`, `story: past` …".into()
        }
        "cast" => "write `cast: Semih, Defne`".into(),
        "where" => "write `where: Kadıköy ferry`".into(),
        "repeats" => "write `repeats: ferry`".into(),
        "mode" => "write `mode: memory`, `mode: dream` or `mode: imagined`".into(),
        "thread" => "write `thread: Istanbul` or `thread: Istanbul, Defne's story`".into(),
        "day" => "write `day: 7` (a main story day) or `day: X2`".into(),
        "time" => "write `time: day`, `time: night`, `time: dawn`, `time: dusk`, `time: morning` or `time: evening`".into(),
        "change" => "write `change: look`, naming the per-character marker that changes".into(),
        _ => format!("write `{key}: VALUE`, a value declared under `marker {key}:`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items and diagnostics of one pass over all of `text`, as text.
    fn one_pass(text: &str) -> (String, String) {
        let mut parser = Parser::new(FileId(0), text);
        parser.run();
        (
            format!("{:?}", parser.items),
            format!("{:?}", parser.diagnostics),
        )
    }

    /// The same from [`parse_halves`] split at the scene line after the
    /// middle, with where it split.
    fn two_halves(text: &str) -> ((String, String), usize) {
        let at = scene_line_after(text, text.len() / 2).expect("a scene line after the middle");
        let (items, unparsed, diagnostics) = parse_halves(FileId(0), text, at, Lines::File);
        assert!(unparsed.is_empty());
        ((format!("{items:?}"), format!("{diagnostics:?}")), at)
    }

    /// A story of `n` scenes of every common kind of line.
    fn story(n: usize) -> String {
        let mut text = String::from(
            "title: Halves\nmarker hair:\n  dark:\ncharacter Ana: born 1990-01-01\n\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "# part {i}\nscene s{i}: Scene {i}\n  story: 2014-05-{:02} 10:00, for 1h\n  cast: Ana\n  hair: dark\n  > A line.\n\n",
                1 + i % 28
            ));
        }
        text
    }

    #[test]
    fn keys_and_values_are_found_around_the_colon() {
        // Spaces before the colon, none after it, and a work's field.
        let text = "work w: W\n  director :Ana\n\nscene a: A\n  story: 2014\n  where :Pier\n";
        let (tree, d) = parse(FileId(0), text);
        assert!(d.is_empty(), "{d:#?}");
        let at = |span: Span| &text[span.range()];
        let Some(Item::Work(w)) = tree.items.first() else {
            panic!("{:#?}", tree.items)
        };
        let Some(WorkLine::Field(f)) = w.lines.first() else {
            panic!("{:#?}", w.lines)
        };
        assert_eq!(
            (f.key.text.as_str(), at(f.key.span)),
            ("director", "director")
        );
        assert!(
            matches!(&f.value, WorkValue::Text(n) if at(n.span) == "Ana"),
            "{f:#?}"
        );
        let Some(Item::Scene(scene)) = tree.items.get(1) else {
            panic!("{:#?}", tree.items)
        };
        let keys: Vec<&str> = scene
            .lines
            .iter()
            .filter_map(|l| match l {
                SceneLine::Property(p) => Some(at(p.key.span)),
                _ => None,
            })
            .collect();
        assert_eq!(keys, ["story", "where"]);
        let place = scene.lines.iter().find_map(|l| match l {
            SceneLine::Property(Property {
                value: PropertyValue::Where(n),
                ..
            }) => Some(at(n.span)),
            _ => None,
        });
        assert_eq!(place, Some("Pier"));
    }

    /// The whole parse of `text`: its items and sorted diagnostics.
    fn whole(text: &str) -> (String, String) {
        let (tree, mut diagnostics) = parse(FileId(0), text);
        assert!(tree.unparsed.is_empty());
        crate::diagnostics::sort(&mut diagnostics);
        (format!("{:?}", tree.items), format!("{diagnostics:?}"))
    }

    /// The outline of `text` with each scene's lines parsed into it, and
    /// the diagnostics of both, sorted; also how many scenes were left
    /// unparsed, so a test knows it tried something.
    fn outline_filled(text: &str) -> ((String, String), usize) {
        let (mut tree, mut diagnostics) = parse_outline(FileId(0), text);
        let mut bodies = SceneBodies::new(FileId(0), text);
        // Parsed out of order: a body owes nothing to the one before it.
        for u in tree.unparsed.iter().rev() {
            let Some(Item::Scene(s)) = tree.items.get_mut(u.item as usize) else {
                panic!("unparsed lines of item {} that is no scene", u.item);
            };
            assert!(s.lines.is_empty(), "the outline parsed a scene's lines");
            s.lines = bodies.parse(u);
            assert!(s.lines.len() <= u.lines as usize, "more lines than counted");
        }
        diagnostics.extend(bodies.take_diagnostics());
        crate::diagnostics::sort(&mut diagnostics);
        let shown = (format!("{:?}", tree.items), format!("{diagnostics:?}"));
        (shown, tree.unparsed.len())
    }

    #[test]
    fn an_outline_and_its_scenes_read_as_the_whole_parse() {
        let cases = [
            story(30),
            // A margin comment between a scene's lines keeps the block; an
            // indented comment is the scene's; a directive in each.
            "scene a: A\n  story: 2014\n# chronotope: allow overlap\n  # chronotope: allow gap\n  cast: Ana\nscene b: B\n  story: after a\n".to_string(),
            // Blank lines of spaces, tabs, a no-break space, CRLF endings.
            "scene a: A\r\n  story: 2014\r\n   \r\n\t\n\u{a0}\n\u{a0} where: Pier\r\n\tcast: Ana\nscene b: B\n".to_string(),
            // Errors inside scenes and out, an indented declaration, a
            // scene without an id and one without a colon.
            "title: T\n  stray: 1\nscene : untitled\n  story: nonsense ++\n  character Frank\n  bad line\nscene b B\n  screen: 00:01\n  screen: 00:02\nmarker hair:\n  dark:\nscene c: C\n  hair: dark\n  > prose\nhair: dark\n  story: 2014\n".to_string(),
            // Misspelled keywords open blocks too.
            "Scene a: A\n  story: 2014\nscen b: B\n  story: 2015\n".to_string(),
            // A scene whose lines run to the end without a newline.
            "scene a: A\n  story: 2014".to_string(),
            // No scenes at all, and scenes with no lines.
            "title: T\n# only a comment\n".to_string(),
            "scene a: A\nscene b: B\n\nscene c: C\n".to_string(),
        ];
        for text in &cases {
            let (filled, _) = outline_filled(text);
            assert_eq!(filled, whole(text), "{text:?}");
        }
        // Every case with indented scene lines left some unparsed.
        assert_eq!(outline_filled(&cases[0]).1, 30);
        assert_eq!(outline_filled(&cases[1]).1, 2);
        assert_eq!(outline_filled(&cases[6]).1, 0);
    }

    #[test]
    fn an_outline_notes_each_scenes_lines_once_with_their_count() {
        let text =
            "scene a: A\n  story: 2014\n# note\n  \n  cast: Ana\n\nscene b: B\n  where: Pier";
        let (tree, d) = parse_outline(FileId(0), text);
        assert!(d.is_empty(), "{d:#?}");
        let a = text.find("  story").unwrap();
        let a_end = text.find("\n\nscene b").unwrap();
        let b = text.find("  where").unwrap();
        let noted: Vec<(u32, usize, usize, u32)> = tree
            .unparsed
            .iter()
            .map(|u| (u.item, u.start as usize, u.end as usize, u.lines))
            .collect();
        // Items: scene a, the margin comment, scene b. The blank line of
        // spaces is among a's lines but not counted.
        assert_eq!(noted, [(0, a, a_end, 2), (2, b, text.len(), 1)]);
        // No room is made for lines the outline does not read.
        assert!(tree.scenes().all(|s| s.lines.capacity() == 0));
    }

    #[test]
    fn two_halves_of_an_outline_number_the_second_halfs_scenes_after_the_first() {
        let text = story(400);
        let at = scene_line_after(&text, text.len() / 2).expect("a scene line");
        let (items, unparsed, d) = parse_halves(FileId(0), &text, at, Lines::Outline);
        assert!(d.is_empty(), "{d:#?}");
        let mut alone = Parser::new(FileId(0), &text);
        alone.run_range(0, text.len(), Lines::Outline);
        assert_eq!(unparsed, alone.unparsed);
        assert_eq!(format!("{items:?}"), format!("{:?}", alone.items));
        assert_eq!(unparsed.len(), 400);
        // Each names a scene: the second half's too.
        for u in &unparsed {
            assert!(matches!(items[u.item as usize], Item::Scene(_)), "{u:?}");
        }
    }

    proptest::proptest! {
        /// Any arrangement of these lines reads the same as an outline
        /// filled scene by scene as it does whole.
        #[test]
        fn any_outline_filled_reads_as_the_whole_parse(
            picks in proptest::collection::vec((0usize..24, proptest::bool::ANY), 0..40)
        ) {
            const LINES: [&str; 24] = [
                "scene a: A", "scene b: B", "scene : x", "scene c C", "Scene d: D",
                "  story: 2014", "  story: after a by 2h, for 1h", "  story: ++",
                "  cast: Ana, Ana", "  where: Pier", "  > prose", "  # chronotope: allow gap",
                "# margin", "", "   ", "\u{a0}", "\u{a0} where: x", "\tstory: 2015",
                "  character Frank", "title: T", "marker hair:", "  dark:", "hair: dark",
                "  bad line",
            ];
            let mut text = String::new();
            for (i, crlf) in &picks {
                text.push_str(LINES[*i]);
                text.push_str(if *crlf { "\r\n" } else { "\n" });
            }
            proptest::prop_assert_eq!(outline_filled(&text).0, whole(&text));
        }
    }

    #[test]
    fn two_halves_read_a_story_as_one_pass_does() {
        let text = story(400);
        let (halves, at) = two_halves(&text);
        assert!(at > text.len() / 2 && at < text.len(), "split at {at}");
        assert!(text[at..].starts_with("scene s"), "split inside a scene");
        assert_eq!(halves, one_pass(&text));
        assert!(halves.1 == "[]", "a clean story: {}", halves.1);
        // A tab after `scene` opens a scene too.
        let tabbed = text.replace("\nscene s", "\nscene\ts");
        assert_eq!(two_halves(&tabbed).0, one_pass(&tabbed));
    }

    #[test]
    fn a_second_half_that_reports_anything_is_read_again_after_the_first() {
        // `hair` is a marker declared at the top: at the margin in the
        // second half it is a stray property. The second half read alone
        // cannot know that and would call it an unknown header field.
        let mut text = story(400);
        text.push_str("hair: dark\n");
        let (halves, at) = two_halves(&text);
        assert_eq!(halves, one_pass(&text));
        assert!(
            halves.1.contains("property `hair` is not inside a scene"),
            "{}",
            halves.1
        );
        let mut alone = Parser::new(FileId(0), &text);
        alone.run_range(at, text.len(), Lines::File);
        let alone = format!("{:?}", alone.diagnostics);
        assert!(alone.contains("unknown header field `hair`"), "{alone}");
    }

    #[test]
    fn the_split_comes_at_a_scene_line_at_the_margin() {
        let text = "scene a: A\n  scene: no\nscenes: no\nxscene b\nscene\tc: C\nscene d: D\n";
        assert_eq!(scene_line_after(text, 0), text.find("scene\tc"));
        assert_eq!(
            scene_line_after(text, text.find("scene\tc").unwrap()),
            text.find("scene d")
        );
        // The line `from` falls in is never the answer, even at its start.
        assert_eq!(scene_line_after(text, text.find("scene d").unwrap()), None);
        assert_eq!(scene_line_after(text, text.len()), None);
        assert_eq!(scene_line_after("", 0), None);
    }

    #[test]
    fn a_marker_at_the_margin_is_a_stray_property_not_a_header() {
        let (_, d) = parse(FileId(0), "marker hair:\n  dark:\nhair: dark\nzz: 1\n");
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "property `hair` is not inside a scene",
                "unknown header field `zz`"
            ]
        );
    }

    #[test]
    fn commas_split_outside_parentheses_only() {
        let parts: Vec<_> = split_top_level_commas("Ana (age 3, or 4), Can,  İlkin").collect();
        assert_eq!(
            parts,
            [(0, "Ana (age 3, or 4)"), (18, " Can"), (23, "  İlkin")]
        );
        assert_eq!(split_top_level_commas("").collect::<Vec<_>>(), [(0, "")]);
        assert_eq!(
            split_top_level_commas("a,").collect::<Vec<_>>(),
            [(0, "a"), (2, "")]
        );
    }

    #[test]
    fn scenes_get_room_by_the_density_so_far() {
        let text = "scene a: A\n".repeat(1000);
        let filler = || {
            Item::Comment(Comment {
                text: String::new(),
                span: Span::new(FileId(0), 0, 0),
            })
        };
        let full = |n: usize| {
            let mut p = Parser::new(FileId(0), &text);
            p.items = Vec::with_capacity(n);
            p.items.extend((0..n).map(|_| filler()));
            p
        };
        // 64 items in the first tenth: 576 more to come at that rate, a
        // sixteenth over that (36), and 64 to spare.
        let mut p = full(64);
        p.make_room_for_scenes(text.len() / 10);
        let room = p.items.capacity() - 64;
        assert_eq!(room, 576 + 36 + 64);
        // Too few items yet to judge by: the `Vec` grows as it would.
        let mut p = full(63);
        p.make_room_for_scenes(text.len() / 10);
        assert_eq!(p.items.capacity(), 63);
        // Room left: nothing to do.
        let mut p = full(64);
        p.items.reserve_exact(1);
        let before = p.items.capacity();
        p.make_room_for_scenes(text.len() / 10);
        assert_eq!(p.items.capacity(), before);
        // At the very start there is no density to go by.
        let mut p = full(64);
        p.make_room_for_scenes(0);
        assert_eq!(p.items.capacity(), 64);
    }

    fn clean(text: &str) -> SourceTree {
        let (tree, diagnostics) = parse(FileId(0), text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        tree
    }

    /// The messages of `story: VALUE` in a scene.
    fn story_messages(value: &str) -> Vec<String> {
        let (_, d) = parse(FileId(0), &format!("scene a: A\n  story: {value}\n"));
        d.into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn story_items_start_with_a_keyword_a_date_or_a_name() {
        // A date written with names may start with a word.
        let tree = clean("scene a: A\n  story: March 44 BC, for 2h\n");
        let items = tree
            .scenes()
            .next()
            .and_then(|s| s.properties().next())
            .map(|p| &p.value);
        let Some(PropertyValue::Story(items)) = items else {
            panic!("a story line: {items:?}");
        };
        let Some(StoryConstraint::At { from, to: None }) = &items[0].constraint else {
            panic!("a date: {:?}", items[0].constraint);
        };
        assert_eq!(
            from.readable.as_deref().map(|r| r.as_str()),
            Some("March 44 BC")
        );
        assert!(items[1].constraint.is_none() && items[1].duration.is_some());
        // A sign starts a date only when a number follows it.
        assert_eq!(
            story_messages("+ x"),
            ["expected a story-time constraint, found `+`"]
        );
        assert!(story_messages("-0043-03-15").is_empty());
    }

    #[test]
    fn an_hour_alone_after_a_day_asks_for_minutes() {
        assert_eq!(
            story_messages("2004-06-12 17"),
            ["a time of day needs minutes: `17`"]
        );
        assert!(story_messages("2004-06-12 17:30").is_empty());
        // Not an hour: three digits, or after a month rather than a day.
        for value in ["2004-06-12 123", "2004-06 17"] {
            let messages = story_messages(value);
            assert_eq!(messages.len(), 1, "{value}: {messages:?}");
            assert!(
                !messages[0].contains("needs minutes"),
                "{value}: {messages:?}"
            );
        }
    }

    #[test]
    fn margin_comment_does_not_end_a_block() {
        let tree = clean(
            "marker hair:\n# note\n  dark:\nscene a: A\n# note\n  story: 2014\n  hair: dark\n",
        );
        let Item::Marker(m) = &tree.items[0] else {
            panic!("{:?}", tree.items[0])
        };
        assert!(matches!(&m.lines[..], [MarkerLine::Value(v)] if v.value.text == "dark"));
        let scene = tree.scenes().next().unwrap();
        let keys: Vec<&str> = scene.properties().map(|p| p.key.text.as_str()).collect();
        assert_eq!(keys, ["story", "hair"]);
        // The comments stay top-level items, in place.
        assert!(matches!(tree.items[1], Item::Comment(_)));
        assert!(matches!(tree.items[3], Item::Comment(_)));
    }

    #[test]
    fn long_names_are_clipped_in_messages() {
        let id = "x".repeat(1000);
        let (_, diagnostics) = parse(FileId(0), &format!("scene {id} Title\n"));
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!(d.code, codes::EXPECTED_COLON);
        assert!(d.message.len() < 100, "{}", d.message);
        assert!(d.message.ends_with("…`"), "{}", d.message);
        assert!(d.help.as_ref().is_some_and(|h| h.len() < 100));
    }
}
