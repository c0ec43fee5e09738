//! Classifying Fountain lines and building the syntax tree.
//!
//! Lines come from the [`Lexer`] with notes and boneyard removed. Each
//! visible line is classified by the Fountain rules with one line of
//! look-ahead (a heading needs a blank line after it, a character cue a
//! non-blank one); notes are handed to the scene that is open when their
//! line is reached, so a note on a heading's own line belongs to that scene.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{codes, Diagnostic};
use crate::fountain::infer::{self, Cue, SceneCues, Source};
use crate::fountain::lexer::{Lexer, Line, Note};
use crate::fountain::pagination::{
    millis_at, wrapped_lines, ACTION_WIDTH, DIALOGUE_WIDTH, PARENTHETICAL_WIDTH,
};
use crate::fountain::ReadOptions;
use crate::model::fold_name;
use crate::parallel::second_core;
use crate::span::{FileId, Span};
use crate::syntax::lexer::{is_id, is_id_continue};
use crate::syntax::parser::{parse_declarations, parse_scene_lines, HEADER_KEYS};
use crate::syntax::reserved::{self, SCENE_PROPERTIES};
use crate::syntax::tree::*;
use crate::syntax::PARALLEL_FROM_BYTES;
use crate::text::clip;

/// Scene heading prefixes, longest first so `INT./EXT` wins over `INT`.
const HEADING_PREFIXES: &[&str] = &["INT./EXT", "INT/EXT", "I/E", "INT", "EXT", "EST"];

/// Title page keys that are always keys, whatever their case.
const TITLE_KEYS: &[&str] = &[
    "title",
    "credit",
    "author",
    "authors",
    "source",
    "draft date",
    "date",
    "contact",
    "copyright",
    "notes",
    "revision",
];

/// Lines that put text on screen; their words may carry chronology cues.
const SUPER_PREFIXES: &[&str] = &[
    "SUPER:",
    "SUPERIMPOSE:",
    "CHYRON:",
    "TITLE CARD:",
    "TITLE:",
    "INSERT CARD:",
    "CARD:",
    "INTERTITLE:",
];

struct SceneBuild {
    heading: Span,
    title: Name,
    number: Option<Name>,
    place: Option<Name>,
    time_of_day: Option<Name>,
    /// Text after the heading prefix, for the default id's slug.
    slug_text: String,
    start_lines: u64,
    end_lines: u64,
    /// Folded names in order of first cue, with that cue's span.
    cast: Vec<(String, Span)>,
    lines: Vec<SceneLine>,
    id_tag: Option<Name>,
    cues: Vec<(Cue, Span, String)>,
    /// Sections seen before the heading, kept as comments in place.
    before: Vec<Comment>,
}

/// The tree builder: the Fountain classifier drives it line by line, and
/// other script readers (Final Draft, [`crate::fdx`]) drive it element by
/// element, so scenes, cast, page-time, notes and `--infer` have one home.
pub(crate) struct Reader<'t, 'o> {
    file: FileId,
    text: &'t str,
    options: &'o ReadOptions<'o>,
    lexer: Lexer<'t>,
    peeked: Option<Line<'t>>,
    notes_done: usize,
    diagnostics: Vec<Diagnostic>,
    header: Vec<Item>,
    declarations: Vec<Item>,
    scenes: Vec<SceneBuild>,
    pending_comments: Vec<Comment>,
    /// Printed lines since the first heading.
    lines_total: u64,
    prev_blank: bool,
    in_dialogue: bool,
    /// Cues of transitions, for the next scene.
    pending_cues: Vec<(Cue, Span, String)>,
    /// Characters from cues: folded name → (name as first written, span).
    characters: HashMap<String, (String, Span)>,
    character_order: Vec<String>,
    /// Declared elsewhere (opening note, companion): folded → declared name.
    declared: HashMap<String, String>,
    markers: HashSet<String>,
    fold_buf: String,
}

/// Read a script. A large one is read in two halves at once when there
/// is a second core: the second from a scene heading past the middle
/// ([`heading_after`]); the tree and the diagnostics are the same as one
/// pass would give.
pub(crate) fn read(
    file: FileId,
    text: &str,
    options: &ReadOptions,
) -> (SourceTree, Vec<Diagnostic>) {
    let split = if text.len() >= PARALLEL_FROM_BYTES && second_core() {
        heading_after(text, text.len() / 2)
    } else {
        None
    };
    read_split(file, text, options, split).0
}

/// [`read`], with the lines from `split` on (the start of a line that
/// [`heading_after`] chose) read by a second reader on a second thread;
/// and whether the halves were joined (if not, one reader read it all).
///
/// The second reader starts as the first would arrive there: outside any
/// note or boneyard (an empty line before the heading ends a note), out of
/// dialogue, after a blank line, knowing the declarations, which all come
/// before the first scene. The first reader checks the first of these
/// when it gets there; if it is inside a boneyard after all, the second
/// half is thrown away and the first reads on, as one pass would.
fn read_split(
    file: FileId,
    text: &str,
    options: &ReadOptions,
    split: Option<usize>,
) -> ((SourceTree, Vec<Diagnostic>), bool) {
    let mut r = Reader::new(file, text, options);
    r.title_page();
    let mut joined = false;
    if let Some(at) = split {
        // Up to the first scene (every declaration is before it) or `at`.
        while r.scenes.is_empty() && r.lexer.position() < at && r.read_line() {}
        // Not when the line looked ahead at runs past `at`.
        if r.lexer.position() <= at {
            // If the halves do not join, `r` reads on from `at` below.
            joined = r.read_halves(at);
        }
    }
    r.read_to_end();
    (r.finish(), joined)
}

/// The start of a line at or after `from` where a second reader can
/// start: a scene heading by its prefix (`INT. …`, at the margin, with no
/// note or boneyard mark on it) with an empty line before it and, after
/// it and any lines that are each one whole note (`[[story: …]]`), an
/// empty line.
fn heading_after(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let line_end =
        |start: usize| memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
    let line = |start: usize| {
        let end = line_end(start);
        let line = &bytes[start..end];
        (line.strip_suffix(b"\r").unwrap_or(line), end)
    };
    let hidden = crate::fountain::lexer::opens_hidden;
    // `[[…]]` and nothing else: hidden whole, and no note stays open.
    let whole_note = |l: &[u8]| {
        l.len() >= 4
            && l.starts_with(b"[[")
            && l.ends_with(b"]]")
            && !hidden(&l[2..l.len() - 2])
            && !l[2..l.len() - 2].windows(2).any(|w| w == b"]]")
    };
    // Whether the next visible line after the one ending at `end` is
    // blank (or the end of the text after a line ending).
    let blank_after = |mut end: usize| loop {
        if end >= bytes.len() {
            return false;
        }
        let (next, next_end) = line(end + 1);
        if next.is_empty() {
            return true;
        }
        if !whole_note(next) {
            return false;
        }
        end = next_end;
    };
    // From the start of the first whole line after `from`.
    let mut start = line_end(from.min(bytes.len())) + 1;
    let mut prev_empty = false;
    while start < bytes.len() {
        let (l, end) = line(start);
        if prev_empty
            && heading_prefix(&text[start..start + l.len()]).is_some()
            && !hidden(l)
            && blank_after(end)
        {
            return Some(start);
        }
        prev_empty = l.is_empty();
        start = end + 1;
    }
    None
}

impl<'t, 'o> Reader<'t, 'o> {
    /// A builder over `text` (the text every span and note range points
    /// into), with the companions' declarations learnt.
    pub(crate) fn new(file: FileId, text: &'t str, options: &'o ReadOptions<'o>) -> Self {
        let mut r = Reader {
            file,
            text,
            options,
            lexer: Lexer::new(text),
            peeked: None,
            notes_done: 0,
            diagnostics: Vec::new(),
            header: Vec::new(),
            declarations: Vec::new(),
            scenes: Vec::new(),
            pending_comments: Vec::new(),
            lines_total: 0,
            prev_blank: true,
            in_dialogue: false,
            pending_cues: Vec::new(),
            characters: HashMap::new(),
            character_order: Vec::new(),
            declared: HashMap::new(),
            markers: HashSet::new(),
            fold_buf: String::new(),
        };
        for tree in options.companions {
            r.learn_declarations(&tree.items);
        }
        r
    }
}

impl<'t, 'o> Reader<'t, 'o> {
    /// Read and classify the next visible line, handing its notes to the
    /// scene open before it and after it; false at the end.
    fn read_line(&mut self) -> bool {
        let Some(line) = self.next() else {
            return false;
        };
        self.drain_notes(line.index, false);
        self.classify(&line);
        self.drain_notes(line.index, true);
        true
    }

    /// Read the rest of the lines, then hand over the notes still waiting.
    fn read_to_end(&mut self) {
        while self.read_line() {}
        self.drain_notes(usize::MAX, true);
    }

    /// Read up to `at` in this thread and from `at` on in a second one,
    /// then take the second half's scenes, cast and diagnostics, if this
    /// reader arrives at `at` in the state the second started in: whether
    /// it did (if not, this reader reads on from `at`).
    fn read_halves(&mut self, at: usize) -> bool {
        let mut second = Reader {
            lexer: Lexer::starting_at(self.text, at),
            // Which note keys are tags. (Declared characters matter only
            // when the tree is built, from the joined reader's own.)
            markers: self.markers.clone(),
            ..Reader::new(self.file, self.text, self.options)
        };
        self.lexer.stop_at(at);
        let second = std::thread::scope(|scope| {
            let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                second.read_to_end();
                second
            });
            self.read_to_end();
            spawned.ok().and_then(|thread| thread.join().ok())
        });
        self.lexer.stop_at(self.text.len());
        match second.filter(|_| self.lexer.in_text()) {
            Some(second) => {
                self.take_second_half(second);
                true
            }
            None => false,
        }
    }

    /// Append the second half's reading, as if this reader had read on.
    fn take_second_half(&mut self, mut second: Reader<'t, 'o>) {
        if let Some(last) = self.scenes.last_mut() {
            last.end_lines = self.lines_total;
        }
        let offset = self.lines_total;
        let mut scenes = std::mem::take(&mut second.scenes);
        if let Some(first) = scenes.first_mut() {
            // What waited for the next scene here is the second half's
            // first. Its own comments before it are none: its heading is
            // the second reader's first line.
            first.before = std::mem::take(&mut self.pending_comments);
            self.pending_cues.append(&mut first.cues);
            first.cues = std::mem::take(&mut self.pending_cues);
        }
        for scene in &mut scenes {
            scene.start_lines += offset;
            scene.end_lines += offset;
        }
        self.scenes.append(&mut scenes);
        self.lines_total += second.lines_total;
        for folded in second.character_order {
            if let Some(first_cue) = second.characters.remove(&folded) {
                if !self.characters.contains_key(&folded) {
                    self.characters.insert(folded.clone(), first_cue);
                    self.character_order.push(folded);
                }
            }
        }
        self.diagnostics.append(&mut second.diagnostics);
        self.pending_comments = second.pending_comments;
        self.pending_cues = second.pending_cues;
        self.prev_blank = second.prev_blank;
        self.in_dialogue = second.in_dialogue;
        self.lexer = second.lexer;
        self.notes_done = second.notes_done;
        self.peeked = second.peeked;
    }
}

impl<'t> Reader<'t, '_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn lex_visible(&mut self) -> Option<Line<'t>> {
        loop {
            let line = self.lexer.next_line()?;
            if !line.hidden {
                return Some(line);
            }
        }
    }

    fn next(&mut self) -> Option<Line<'t>> {
        match self.peeked.take() {
            Some(l) => Some(l),
            None => self.lex_visible(),
        }
    }

    fn peek(&mut self) -> Option<&Line<'t>> {
        if self.peeked.is_none() {
            self.peeked = self.lex_visible();
        }
        self.peeked.as_ref()
    }

    /// True when the next visible line is blank or there is none.
    fn next_is_blank(&mut self) -> bool {
        self.peek().is_none_or(Line::is_blank)
    }

    // ----- title page ------------------------------------------------------

    fn title_page(&mut self) {
        let Some(first) = self.peek() else { return };
        if first.is_blank() || title_key(&first.text).is_none() {
            return;
        }
        // (key, value pieces with spans)
        let mut fields: Vec<(Name, Vec<(String, Span)>)> = Vec::new();
        while let Some(line) = self.peek() {
            if line.is_blank() {
                break;
            }
            let line = self.next().unwrap_or_else(unreachable_line);
            let indented = line.text.starts_with([' ', '\t']);
            match (indented, title_key(&line.text)) {
                (false, Some(key_end)) => {
                    let key = Name {
                        text: line.text[..key_end].trim().to_string().into(),
                        span: self.span(line.offset(0), line.end_offset(key_end)),
                    };
                    let mut pieces = Vec::new();
                    self.value_piece(&line, key_end + 1, &mut pieces);
                    fields.push((key, pieces));
                }
                _ => {
                    if let Some((_, pieces)) = fields.last_mut() {
                        let mut more = Vec::new();
                        self.value_piece(&line, 0, &mut more);
                        pieces.extend(more);
                    }
                }
            }
        }
        for (key, pieces) in fields {
            let Some(name) = header_key(&key.text) else {
                continue;
            };
            let mut text = String::new();
            for (piece, _) in &pieces {
                let piece = strip_emphasis(piece);
                let piece = piece.trim();
                if piece.is_empty() {
                    continue;
                }
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(piece);
            }
            let text = collapse_spaces(&text);
            if text.is_empty() {
                continue;
            }
            let span = match (pieces.first(), pieces.last()) {
                (Some((_, a)), Some((_, b))) => a.to(*b),
                _ => key.span,
            };
            self.header_field(
                name,
                key.span,
                Name {
                    text: text.into(),
                    span,
                },
            );
        }
    }

    fn value_piece(&self, line: &Line<'t>, from: usize, out: &mut Vec<(String, Span)>) {
        let rest = &line.text[from.min(line.text.len())..];
        let trimmed = rest.trim();
        if trimmed.is_empty() {
            return;
        }
        let s = from + (rest.len() - rest.trim_start().len());
        let span = self.span(line.offset(s), line.end_offset(s + trimmed.len()));
        out.push((trimmed.to_string(), span));
    }

    // ----- notes -----------------------------------------------------------

    /// Hand every note opened before line `index` (or on it, with
    /// `inclusive`) to the scene open now.
    fn drain_notes(&mut self, index: usize, inclusive: bool) {
        while let Some(note) = self.lexer.notes.get(self.notes_done) {
            let due = if inclusive {
                note.line <= index
            } else {
                note.line < index
            };
            if !due {
                break;
            }
            let note = note.clone();
            self.notes_done += 1;
            self.note(&note);
        }
    }

    pub(crate) fn note(&mut self, note: &Note) {
        if !note.closed {
            self.diagnostics.push(
                Diagnostic::warning(codes::UNCLOSED_NOTE, "this note is not closed")
                    .primary(self.span(note.open, note.open + 2), "`[[` without `]]`")
                    .help("close it with `]]`; a note may not span a blank line (put two spaces on a line to keep it going)"),
            );
        }
        let content = note.content.clone();
        let text = self.text;
        if self.scenes.is_empty() {
            let first = first_word(text, content.clone());
            let header = first_key(text, content.clone())
                .is_some_and(|(k, _)| HEADER_KEYS.contains(&&text[k]));
            if matches!(first, "era" | "marker" | "character") || header {
                let (items, diagnostics) = parse_declarations(self.file, text, content);
                self.diagnostics.extend(diagnostics);
                self.learn_declarations(&items);
                self.declarations.extend(items);
            } else if let Some((key, _)) = first_key(text, content.clone()) {
                let key_text = &text[key.clone()];
                if self.is_tag_key(key_text) {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            codes::UNKNOWN_TAG,
                            format!("tag `{key_text}:` before the first scene"),
                        )
                        .primary(self.span(key.start, key.end), "no scene to tag yet")
                        .help("put scene tags after the scene heading they belong to; before the first scene a note holds declarations (`era`, `marker`, `character`, `title:` …)"),
                    );
                }
            }
            return;
        }
        let Some((key, _)) = first_key(text, content.clone()) else {
            return;
        };
        let key_text = &text[key.clone()];
        if !self.is_tag_key(key_text) {
            // Tags are lower case; `TODO:` or `Note:` is a writer's note.
            if is_id(key_text) && !key_text.chars().any(char::is_uppercase) {
                let known: Vec<&str> = SCENE_PROPERTIES
                    .iter()
                    .copied()
                    .chain(["id"])
                    .chain(self.markers.iter().map(String::as_str))
                    .collect();
                if let Some(s) = crate::model::suggest::closest(key_text, known.into_iter()) {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            codes::UNKNOWN_TAG,
                            format!("note `{key_text}:` is not a tag"),
                        )
                        .primary(
                            self.span(key.start, key.end),
                            "neither a scene property nor a declared marker",
                        )
                        .help(format!("did you mean `{s}`? The note is ignored")),
                    );
                }
            }
            return;
        }
        // A tag note: every line is a scene line, except `id:`.
        let mut pos = content.start;
        let bytes = self.text.as_bytes();
        while pos < content.end {
            let end = bytes[pos..content.end]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(content.end, |i| pos + i);
            let line = &self.text[pos..end];
            let lead = line.len() - line.trim_start().len();
            let body = line.trim();
            if let Some(value) = body
                .strip_prefix("id")
                .and_then(|r| r.trim_start().strip_prefix(':'))
            {
                let key_at = pos + lead;
                let value_start = pos + lead + (body.len() - value.len());
                self.id_tag(key_at, value_start, value);
            } else if !body.is_empty() {
                let (lines, diagnostics) = parse_scene_lines(self.file, self.text, pos..end);
                self.diagnostics.extend(diagnostics);
                if let Some(scene) = self.scenes.last_mut() {
                    scene.lines.extend(lines);
                }
            }
            pos = end + 1;
        }
    }

    fn is_tag_key(&self, key: &str) -> bool {
        key == "id" || SCENE_PROPERTIES.contains(&key) || self.markers.contains(key)
    }

    fn id_tag(&mut self, key_at: usize, value_start: usize, value: &str) {
        let trimmed = value.trim();
        let start = value_start + (value.len() - value.trim_start().len());
        let span = self.span(start, start + trimmed.len());
        if trimmed.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(codes::EXPECTED_VALUE, "expected a scene id after `id:`")
                    .primary(self.span(key_at, key_at + 3), "value missing")
                    .help("write `[[id: ferry]]`"),
            );
            return;
        }
        if !is_id(trimmed) || reserved::reserved(trimmed).is_some() {
            let fixed = id_from(trimmed);
            self.diagnostics.push(
                Diagnostic::error(codes::INVALID_ID, format!("invalid scene id: `{}`", clip(trimmed)))
                    .primary(span, if is_id(trimmed) { "a reserved word" } else { "not an id" })
                    .help(format!("ids start with a letter and continue with letters, digits, `-` and `_`; for example `{}`", clip(&fixed))),
            );
            return;
        }
        let Some(scene) = self.scenes.last_mut() else {
            return;
        };
        if let Some(first) = &scene.id_tag {
            let first = first.span;
            self.diagnostics.push(
                Diagnostic::error(codes::DUPLICATE_PROPERTY, "the scene is given an id twice")
                    .primary(span, "second `id:`")
                    .secondary(first, "first given here"),
            );
            return;
        }
        scene.id_tag = Some(Name {
            text: trimmed.to_string().into(),
            span,
        });
    }

    fn learn_declarations(&mut self, items: &[Item]) {
        for item in items {
            match item {
                Item::Marker(m) => {
                    self.markers.insert(m.name.text.to_string());
                }
                Item::Character(c) => {
                    let folded = fold_name(&c.name.text);
                    self.declared
                        .entry(folded)
                        .or_insert_with(|| c.name.text.to_string());
                }
                _ => {}
            }
        }
    }

    // ----- lines -----------------------------------------------------------

    pub(crate) fn count(&mut self, lines: u64) {
        if !self.scenes.is_empty() {
            self.lines_total += lines;
        }
    }

    fn classify(&mut self, line: &Line<'t>) {
        let raw: &str = &line.text;
        if line.is_blank() {
            if self.in_dialogue && raw.len() >= 2 && raw.bytes().all(|b| b == b' ') {
                // Two spaces keep dialogue going across an empty line.
                self.count(1);
                return;
            }
            self.prev_blank = true;
            self.in_dialogue = false;
            return;
        }
        let lead = raw.len() - raw.trim_start().len();
        let t = raw.trim();
        let prev_blank = std::mem::replace(&mut self.prev_blank, false);
        if self.in_dialogue {
            let width = if t.starts_with('(') {
                PARENTHETICAL_WIDTH
            } else {
                DIALOGUE_WIDTH
            };
            self.count(wrapped_lines(t, width));
            return;
        }
        let next_blank = self.next_is_blank();
        if self.forced_element(line, lead, t, prev_blank, next_blank) {
            return;
        }
        self.plain_element(line, lead, t, prev_blank, next_blank);
    }

    /// An element forced or marked by its first character (`!` action,
    /// `.` heading, `=` synopsis or page break, `#` section, `~` lyric,
    /// `>` transition or centred text, `@` character): whether `t` was one.
    fn forced_element(
        &mut self,
        line: &Line<'t>,
        lead: usize,
        t: &str,
        prev_blank: bool,
        next_blank: bool,
    ) -> bool {
        let spacing = u64::from(prev_blank);
        match t.as_bytes()[0] {
            b'!' => {
                self.count(spacing + wrapped_lines(&t[1..], ACTION_WIDTH));
                return true;
            }
            b'.' if t.len() > 1 && !t.starts_with("..") => {
                if prev_blank && next_blank {
                    self.heading(line, lead + 1, 0, true);
                } else {
                    self.not_a_heading(line, lead, t, prev_blank);
                    self.count(spacing + wrapped_lines(t, ACTION_WIDTH));
                }
                return true;
            }
            b'=' => {
                if !t.bytes().all(|b| b == b'=') || t.len() < 3 {
                    self.synopsis(line, lead + 1);
                }
                // A page break takes no screen-time of its own.
                return true;
            }
            b'#' => {
                let comment = Comment {
                    text: t[1..].to_string(),
                    span: self.span(line.offset(lead), line.end_offset(lead + t.len())),
                };
                self.pending_comments.push(comment);
                return true;
            }
            b'~' => {
                self.count(spacing + wrapped_lines(&t[1..], DIALOGUE_WIDTH));
                return true;
            }
            b'>' => {
                if !t.ends_with('<') {
                    self.transition(line, lead + 1, &t[1..]);
                }
                self.count(spacing + wrapped_lines(t, ACTION_WIDTH));
                return true;
            }
            b'@' if !next_blank => {
                self.character(line, lead + 1, &t[1..]);
                return true;
            }
            _ => {}
        }
        false
    }

    /// A line with no forcing character: a heading by its prefix, a
    /// transition, a `SUPER:` line, a character cue, or action.
    fn plain_element(
        &mut self,
        line: &Line<'t>,
        lead: usize,
        t: &str,
        prev_blank: bool,
        next_blank: bool,
    ) {
        let spacing = u64::from(prev_blank);
        if let Some(prefix) = heading_prefix(t) {
            if prev_blank && next_blank {
                self.heading(line, lead, prefix, true);
                return;
            }
            if !t.chars().any(char::is_lowercase) {
                self.not_a_heading(line, lead, t, prev_blank);
                self.count(spacing + wrapped_lines(t, ACTION_WIDTH));
                return;
            }
        }
        let upper = !t.chars().any(char::is_lowercase);
        if prev_blank && next_blank && upper && t.ends_with("TO:") {
            self.transition(line, lead, t);
            self.count(spacing + 1);
            return;
        }
        if self.on_screen_text(line, lead, t) {
            self.count(spacing + wrapped_lines(t, ACTION_WIDTH));
            return;
        }
        if prev_blank && !next_blank && upper && !t.ends_with(':') && is_cue(t) {
            self.character(line, lead, t);
            return;
        }
        self.count(spacing + wrapped_lines(t, ACTION_WIDTH));
    }

    /// If `t` (at `lead` in the line) is on-screen text (`SUPER: …`), hand
    /// its chronology cues to the open scene (with `--infer`) and say so.
    pub(crate) fn on_screen_text(&mut self, line: &Line<'t>, lead: usize, t: &str) -> bool {
        let Some(after) = super_text(t) else {
            return false;
        };
        if self.options.infer {
            let at = lead + (t.len() - after.len());
            let found = self.cues_in(line, at, after, Source::Other);
            if let Some(scene) = self.scenes.last_mut() {
                scene.cues.extend(found);
            }
        }
        true
    }

    /// Give the scene just started its number (a script format's own
    /// scene number, such as Final Draft's `Number` attribute).
    pub(crate) fn set_scene_number(&mut self, number: Name) {
        if let Some(scene) = self.scenes.last_mut() {
            scene.number = Some(number);
        }
    }

    /// Add a header field from a title page (`key` is a header key such as
    /// `title`; `key_span` where the field is named in the file).
    pub(crate) fn header_field(&mut self, key: &str, key_span: Span, value: Name) {
        self.header.push(Item::Header(HeaderField {
            key: Name {
                text: key.to_string().into(),
                span: key_span,
            },
            value,
        }));
    }

    fn not_a_heading(&mut self, line: &Line<'t>, lead: usize, t: &str, prev_blank: bool) {
        let why = if prev_blank {
            "no blank line after it"
        } else {
            "no blank line before it"
        };
        let span = self.span(line.offset(lead), line.end_offset(lead + t.len()));
        self.diagnostics.push(
            Diagnostic::warning(
                codes::NOT_A_HEADING,
                format!("`{}` looks like a scene heading but is not one", clip(t)),
            )
            .primary(span, format!("{why}, so this is action"))
            .help("put a blank line before and after a scene heading; to keep it as action, start it with `!`"),
        );
    }

    fn cues_in(
        &self,
        line: &Line<'t>,
        at: usize,
        text: &str,
        source: Source,
    ) -> Vec<(Cue, Span, String)> {
        infer::scan(text, source)
            .into_iter()
            .map(|f| {
                let span = self.span(
                    line.offset(at + f.words.start),
                    line.end_offset(at + f.words.end),
                );
                (f.cue, span, text[f.words].to_string())
            })
            .collect()
    }

    pub(crate) fn transition(&mut self, line: &Line<'t>, at: usize, text: &str) {
        if self.options.infer {
            let found = self.cues_in(line, at, text, Source::Transition);
            self.pending_cues.extend(found);
        }
    }

    fn synopsis(&mut self, line: &Line<'t>, at: usize) {
        let rest = &line.text[at.min(line.text.len())..];
        let trimmed = rest.trim();
        let s = at + (rest.len() - rest.trim_start().len());
        let name = Name {
            text: trimmed.to_string().into(),
            span: self.span(line.offset(s), line.end_offset(s + trimmed.len())),
        };
        if let Some(scene) = self.scenes.last_mut() {
            scene.lines.push(SceneLine::Synopsis(name));
        }
    }

    /// A scene heading whose text starts at `at` in the line; `prefix` is
    /// the length of `INT` etc. (0 for a forced heading).
    /// With `hash_numbers`, a `#12A#` at the end is the scene number
    /// (Fountain); formats that keep the number elsewhere pass false.
    pub(crate) fn heading(
        &mut self,
        line: &Line<'t>,
        at: usize,
        prefix: usize,
        hash_numbers: bool,
    ) {
        let full = line.text[at..].trim_end();
        let mut text_end = at + full.len();
        let mut number = None;
        // Where place and time of day end: before any `#…#` at the end.
        let mut body_end = text_end;
        // `#12A#` at the very end: the last one on the line is the number.
        if hash_numbers && full.len() >= 3 && full.ends_with('#') {
            if let Some(open) = full[..full.len() - 1].rfind('#') {
                let inner = &full[open + 1..full.len() - 1];
                let (ns, ne) = (at + open + 1, at + full.len() - 1);
                if !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
                {
                    number = Some(Name {
                        text: inner.to_string().into(),
                        span: self.span(line.offset(ns), line.end_offset(ne)),
                    });
                    text_end = at + full[..open].trim_end().len();
                    body_end = text_end;
                } else if !inner.is_empty() && !inner.contains('#') {
                    body_end = at + full[..open].trim_end().len();
                    self.diagnostics.push(
                        Diagnostic::warning(
                            codes::NOT_A_SCENE_NUMBER,
                            format!("`#{}#` is not a scene number", clip(inner)),
                        )
                        .primary(
                            self.span(line.offset(ns - 1), line.end_offset(ne + 1)),
                            "scene numbers hold letters, digits, `-` and `.`",
                        )
                        .help("it stays part of the heading; write a scene number like `#12A#`"),
                    );
                }
            }
        }
        let heading_text = &line.text[at..text_end];
        let title_text = collapse_spaces(heading_text);
        let title_span = self.span(line.offset(at), line.end_offset(text_end));
        let heading_span = self.span(
            line.offset(at.saturating_sub(usize::from(prefix == 0))),
            line.end_offset(at + full.len()),
        );

        // Place and time of day from the text after the prefix.
        let mut body_at = at + prefix;
        let body = &line.text[body_at..body_end.max(body_at)];
        let skip = body.len() - body.trim_start_matches(['.', ' ', '\t']).len();
        body_at += if prefix > 0 { skip } else { 0 };
        let body = &line.text[body_at.min(body_end)..body_end];
        let (place, time_of_day) = self.place_and_time(line, body_at, body);

        let cues = if self.options.infer {
            self.cues_in(line, at, heading_text, Source::Heading)
        } else {
            Vec::new()
        };
        self.start_scene(SceneBuild {
            heading: heading_span,
            title: Name {
                text: title_text.into(),
                span: title_span,
            },
            number,
            place,
            time_of_day,
            slug_text: body.to_string(),
            start_lines: 0,
            end_lines: 0,
            cast: Vec::new(),
            lines: Vec::new(),
            id_tag: None,
            cues,
            before: Vec::new(),
        });
        self.count(1 + wrapped_lines(heading_text, ACTION_WIDTH));
    }

    fn place_and_time(
        &self,
        line: &Line<'t>,
        at: usize,
        body: &str,
    ) -> (Option<Name>, Option<Name>) {
        // Parts between ` - `; trailing parts that are only a year or a
        // parenthesis (`(1973)`, `(FLASHBACK)`) are neither place nor time.
        let mut parts: Vec<(usize, &str)> = Vec::new();
        let mut from = 0;
        for (i, _) in body.match_indices(" - ") {
            parts.push((from, &body[from..i]));
            from = i + 3;
        }
        parts.push((from, &body[from..]));
        while parts.len() > 1 {
            let last = parts[parts.len() - 1].1.trim();
            let only_year = last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit());
            let cue = ["FLASHBACK", "FLASH BACK", "FLASHFORWARD", "FLASH FORWARD"]
                .iter()
                .any(|c| c.eq_ignore_ascii_case(last));
            let parenthesised = last.starts_with('(') && last.ends_with(')');
            if only_year || cue || parenthesised || last.is_empty() {
                parts.pop();
            } else {
                break;
            }
        }
        let (place_parts, time) = if parts.len() >= 2 {
            let (t_at, t) = parts[parts.len() - 1];
            (&parts[..parts.len() - 1], Some((t_at, t)))
        } else {
            (&parts[..], None)
        };
        // The text of `body[from..to]` without trailing parentheses, as a
        // name with its span, if anything is left.
        let piece = |from: usize, to: usize| {
            let raw = strip_parentheses(&body[from..to]);
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                return None;
            }
            let start = from + (raw.len() - raw.trim_start().len());
            Some(Name {
                text: collapse_spaces(trimmed).into(),
                span: self.span(
                    line.offset(at + start),
                    line.end_offset(at + start + trimmed.len()),
                ),
            })
        };
        let place = place_parts.first().and_then(|&(s, _)| {
            let (e, last) = place_parts[place_parts.len() - 1];
            piece(s, e + last.len())
        });
        let time = time.and_then(|(t_at, t)| piece(t_at, t_at + t.len()));
        (place, time)
    }

    fn start_scene(&mut self, mut scene: SceneBuild) {
        if let Some(prev) = self.scenes.last_mut() {
            prev.end_lines = self.lines_total;
        }
        scene.start_lines = self.lines_total;
        scene.before = std::mem::take(&mut self.pending_comments);
        let mut cues = std::mem::take(&mut self.pending_cues);
        cues.append(&mut scene.cues);
        scene.cues = cues;
        self.scenes.push(scene);
        self.in_dialogue = false;
    }

    pub(crate) fn character(&mut self, line: &Line<'t>, at: usize, t: &str) {
        self.in_dialogue = true;
        self.count(2);
        let name_part = cue_name(t);
        let clean: String = name_part
            .chars()
            .filter(|c| !matches!(c, ',' | '(' | ')' | '#' | '>' | ':'))
            .collect();
        let clean = collapse_spaces(clean.trim());
        if clean.is_empty() {
            return;
        }
        let start = at + (t.len() - t.trim_start().len());
        let span = self.span(
            line.offset(start),
            line.end_offset(start + name_part.trim_end().len()),
        );
        let mut folded = std::mem::take(&mut self.fold_buf);
        crate::model::fold_name_into(&clean, &mut folded);
        if !self.characters.contains_key(&folded) {
            self.characters.insert(folded.clone(), (clean, span));
            self.character_order.push(folded.clone());
        }
        if let Some(scene) = self.scenes.last_mut() {
            if !scene.cast.iter().any(|(f, _)| *f == folded) {
                scene.cast.push((folded.clone(), span));
            }
        }
        self.fold_buf = folded;
    }

    // ----- the tree ----------------------------------------------------------

    pub(crate) fn finish(mut self) -> (SourceTree, Vec<Diagnostic>) {
        if let Some(last) = self.scenes.last_mut() {
            last.end_lines = self.lines_total;
        }
        if let Some(open) = self.lexer.open_boneyard {
            self.diagnostics.push(
                Diagnostic::warning(codes::UNCLOSED_BONEYARD, "this boneyard is never closed")
                    .primary(self.span(open.open, open.open + 2), "`/*` without `*/`")
                    .help("everything after it is ignored; close it with `*/`"),
            );
        }
        let ids: Vec<compact_str::CompactString> = self
            .scenes
            .iter()
            .enumerate()
            .map(|(i, s)| match (&s.id_tag, &s.number) {
                (Some(tag), _) => tag.text.clone(),
                (None, Some(n)) => id_from(&n.text).into(),
                (None, None) => id_from(&format!("{}-{}", slug(&s.slug_text), i + 1)).into(),
            })
            .collect();
        let mut inferred: Vec<infer::Inferred> = Vec::new();
        if self.options.infer {
            let cues: Vec<SceneCues> = self
                .scenes
                .iter_mut()
                .zip(&ids)
                .map(|(s, id)| SceneCues {
                    id: id.to_string(),
                    cues: std::mem::take(&mut s.cues),
                    explicit_story: has_property(&s.lines, "story"),
                    heading: (s.title.span, s.title.text.to_string()),
                    place: s.place.as_ref().map(|p| p.text.to_string()),
                    time: s.time_of_day.as_ref().map(|t| t.text.to_string()),
                })
                .collect();
            let (items, notes) = infer::infer(&cues);
            inferred = items;
            self.diagnostics.extend(notes);
        }

        let mut items = std::mem::take(&mut self.header);
        items.append(&mut self.declarations);
        for folded in &self.character_order {
            if self.declared.contains_key(folded) {
                continue;
            }
            let (name, span) = &self.characters[folded];
            items.push(Item::Character(Box::new(CharacterDecl {
                name: Name {
                    text: name.clone().into(),
                    span: *span,
                },
                born: None,
                died: None,
                color: None,
                span: *span,
            })));
        }
        let scenes = std::mem::take(&mut self.scenes);
        let strands = strands_as_threads(&items, &scenes, &inferred);
        if strands {
            // The telling's present, named so story days and `stats` count
            // the strands away from it apart (docs/production.md).
            let span = scenes
                .first()
                .map_or(Span::new(self.file, 0, 0), |s| s.heading);
            let name = |text: &str| Name {
                text: text.into(),
                span,
            };
            items.insert(
                0,
                Item::Header(HeaderField {
                    key: name("present"),
                    value: name("present"),
                }),
            );
        }
        for (i, (scene, id)) in scenes.into_iter().zip(ids).enumerate() {
            items.extend(scene.before.iter().cloned().map(Item::Comment));
            let (story, strand) = inferred.get_mut(i).map_or((Vec::new(), None), |inf| {
                (std::mem::take(&mut inf.story), Some(inf.strand))
            });
            let mut decl = self.scene_decl(scene, id, story);
            strand_properties(&mut decl, strand, strands);
            items.push(Item::Scene(decl));
        }
        items.extend(self.pending_comments.drain(..).map(Item::Comment));
        (SourceTree::new(self.file, items), self.diagnostics)
    }

    fn scene_decl(
        &self,
        scene: SceneBuild,
        id: compact_str::CompactString,
        story: Vec<StoryItem>,
    ) -> SceneDecl {
        let h = scene.heading;
        let mut lines = Vec::with_capacity(scene.lines.len() + 5);
        let explicit = |key: &str| has_property(&scene.lines, key);
        let property = |key: &str, value: PropertyValue, span: Span| {
            SceneLine::Property(Property {
                key: Name {
                    text: key.to_string().into(),
                    span,
                },
                value,
                span,
            })
        };
        if !explicit("screen") {
            let start = Timecode {
                millis: millis_at(scene.start_lines),
                span: h,
            };
            let end = Timecode {
                millis: millis_at(scene.end_lines),
                span: h,
            };
            lines.push(property(
                "screen",
                PropertyValue::Screen(ScreenTime {
                    start,
                    end: Some(ScreenEnd::At(end)),
                }),
                h,
            ));
        }
        if !explicit("where") {
            if let Some(place) = scene.place {
                let span = place.span;
                lines.push(property("where", PropertyValue::Where(place), span));
            }
        }
        if let Some(time) = scene.time_of_day {
            match slugline_time(&time.text) {
                Some(word) if !explicit("time") => {
                    let value = Name {
                        text: word.into(),
                        span: time.span,
                    };
                    lines.push(property("time", PropertyValue::Time(value), time.span));
                }
                Some(_) => {}
                None => lines.push(SceneLine::Comment(Comment {
                    text: format!(" time of day: {}", time.text),
                    span: h,
                })),
            }
        }
        if !explicit("cast") && !scene.cast.is_empty() {
            let entries = scene
                .cast
                .iter()
                .map(|(folded, span)| {
                    let text = self
                        .declared
                        .get(folded)
                        .or_else(|| self.characters.get(folded).map(|(n, _)| n))
                        .cloned()
                        .unwrap_or_default();
                    CastEntry {
                        name: Name {
                            text: text.into(),
                            span: *span,
                        },
                        age: None,
                        span: *span,
                    }
                })
                .collect();
            lines.push(property("cast", PropertyValue::Cast(entries), h));
        }
        lines.extend(scene.lines);
        if let Some(first) = story.first() {
            let span = first.span;
            lines.push(property("story", PropertyValue::Story(story), span));
        }
        let id_span = scene
            .id_tag
            .as_ref()
            .map(|t| t.span)
            .or(scene.number.as_ref().map(|n| n.span))
            .unwrap_or(h);
        SceneDecl {
            id: Name {
                text: id,
                span: id_span,
            },
            title: Some(scene.title),
            lines,
            span: h,
        }
    }
}

/// The `time:` word a slugline's time of day stands for: `NIGHT`,
/// `MOMENTS LATER`, a synonym (`SUNSET` is dusk, `NOON` day, `MIDNIGHT`
/// night), or a phrase ending in a part of the day (`LATER THAT NIGHT`,
/// `EARLY MORNING`, `THE NEXT MORNING`). `None` for anything else
/// (`SAME`, `1973`).
pub(crate) fn slugline_time(text: &str) -> Option<&'static str> {
    use crate::time::daypart::TimeOfDay;
    if let Some(t) = TimeOfDay::parse(text) {
        return Some(t.word());
    }
    // A `#…#` left at the end (a Final Draft heading keeps its number
    // text) is not a word of the time.
    let last = text
        .split_whitespace()
        .rev()
        .find(|w| !(w.len() > 1 && w.starts_with('#') && w.ends_with('#')))?;
    let synonym = match last.to_ascii_uppercase().as_str() {
        "SUNRISE" | "DAYBREAK" => Some("dawn"),
        "SUNSET" | "TWILIGHT" => Some("dusk"),
        "NOON" | "MIDDAY" => Some("day"),
        "MIDNIGHT" => Some("night"),
        _ => None,
    };
    synonym.or_else(|| match TimeOfDay::parse(last)? {
        TimeOfDay::Part(p) => Some(p.word()),
        _ => None,
    })
}

/// With `--infer`, strands away from the present become threads (`present`,
/// `flashback`, `flash-forward`, `dream`) and `present: present` names the
/// present: when some scene is told away from it and the script names no
/// present and uses no threads of its own.
fn strands_as_threads(items: &[Item], scenes: &[SceneBuild], inferred: &[infer::Inferred]) -> bool {
    let away = inferred.iter().any(|i| i.strand != infer::Strand::Present);
    let own = items.iter().any(|i| match i {
        Item::Header(h) => h.key.text == "present",
        Item::Thread(_) => true,
        _ => false,
    }) || scenes.iter().any(|s| has_property(&s.lines, "thread"));
    away && !own
}

/// The properties a strand read by `--infer` gives a scene: its thread
/// (when `strands` are named as threads) and, in a dream, `mode: dream`.
fn strand_properties(decl: &mut SceneDecl, strand: Option<infer::Strand>, strands: bool) {
    let span = decl.span;
    let property = |key: &str, value: PropertyValue| {
        SceneLine::Property(Property {
            key: Name {
                text: key.into(),
                span,
            },
            value,
            span,
        })
    };
    if let Some(strand) = strand.filter(|_| strands) {
        let thread = vec![Name {
            text: strand.thread().into(),
            span,
        }];
        decl.lines
            .push(property("thread", PropertyValue::Thread(thread)));
    }
    if strand == Some(infer::Strand::Dream) && !has_property(&decl.lines, "mode") {
        // A dream strand's scenes are dreams: their own strand of story
        // days, and no lifetime checks.
        let dream = Name {
            text: "dream".into(),
            span,
        };
        decl.lines
            .push(property("mode", PropertyValue::Mode(dream)));
    }
}

fn unreachable_line<'t>() -> Line<'t> {
    // `peek` just returned a line, so `next` has one; this keeps the reader
    // free of panics all the same.
    Line {
        index: usize::MAX,
        text: std::borrow::Cow::Borrowed(""),
        start: 0,
        runs: Vec::new(),
        hidden: true,
    }
}

fn has_property(lines: &[SceneLine], key: &str) -> bool {
    lines
        .iter()
        .any(|l| matches!(l, SceneLine::Property(p) if p.key.text == key))
}

/// The length of the heading prefix (`INT`, `INT./EXT` …) when `t` starts
/// with one followed by `.` or a space, any case.
pub(crate) fn heading_prefix(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    HEADING_PREFIXES.iter().find_map(|p| {
        let n = p.len();
        let matches = b.len() > n
            && b[..n].eq_ignore_ascii_case(p.as_bytes())
            && matches!(b[n], b'.' | b' ' | b'\t');
        matches.then_some(n)
    })
}

/// The end of a title page key in `line` (the offset of its `:`).
fn title_key(line: &str) -> Option<usize> {
    if line.starts_with([' ', '\t']) {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || c == ' ') {
        return None;
    }
    let known = TITLE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key));
    // `FADE IN:` is action, not a key: keys are known or written in mixed case.
    (known || key.chars().any(char::is_lowercase)).then_some(colon)
}

/// The header field a title page key becomes, if any.
pub(crate) fn header_key(key: &str) -> Option<&'static str> {
    let k = key.to_ascii_lowercase();
    match k.as_str() {
        "title" => Some("title"),
        "author" | "authors" => Some("author"),
        "source" => Some("source"),
        "draft date" => Some("draft"),
        "notes" => Some("notes"),
        _ => None,
    }
}

/// If `t` is on-screen text (`SUPER: …`), the text after the prefix.
fn super_text(t: &str) -> Option<&str> {
    SUPER_PREFIXES.iter().find_map(|p| {
        let n = p.len();
        (t.len() >= n && t.as_bytes()[..n].eq_ignore_ascii_case(p.as_bytes())).then(|| &t[n..])
    })
}

/// The name part of a character cue: without `^` and trailing
/// parenthesised extensions such as `(V.O.)` or `(CONT'D)`.
fn cue_name(t: &str) -> &str {
    let mut s = t.trim_end();
    loop {
        let before = s;
        s = s.trim_end_matches('^').trim_end();
        if s.ends_with(')') {
            if let Some(open) = s.rfind('(') {
                s = s[..open].trim_end();
            }
        }
        if s == before {
            return s;
        }
    }
}

/// A character cue: the name has a letter and no lower-case letter.
fn is_cue(t: &str) -> bool {
    let name = cue_name(t);
    name.chars().any(char::is_alphabetic) && !name.chars().any(char::is_lowercase)
}

/// `text` made into an id: characters outside the id alphabet become `-`,
/// and an `s` goes in front unless it starts with a letter.
pub(crate) fn id_from(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if is_id_continue(c) { c } else { '-' })
        .collect();
    if !out.chars().next().is_some_and(char::is_alphabetic) {
        out.insert(0, 's');
    }
    if reserved::reserved(&out).is_some() {
        out.push_str("-1");
    }
    out
}

/// Lower-case words of `text` joined by `-` (`KITCHEN - NIGHT` →
/// `kitchen-night`); letters outside ASCII are kept, as ids allow them.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('-');
        }
        if word.is_ascii() {
            // Most headings are ASCII: no case tables to consult.
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    if out.is_empty() {
        out.push_str("scene");
    }
    out
}

fn strip_emphasis(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '*' | '_')).collect()
}

fn strip_parentheses(s: &str) -> &str {
    let mut s = s.trim_end();
    while s.ends_with(')') {
        match s.rfind('(') {
            Some(open) => s = s[..open].trim_end(),
            None => break,
        }
    }
    s
}

pub(crate) fn collapse_spaces(s: &str) -> String {
    // Most text is already collapsed: printable ASCII with single spaces
    // and none at either end is kept as it is.
    let bytes = s.as_bytes();
    let collapsed = bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && bytes.iter().all(|&b| (b' '..=b'~').contains(&b))
        && memchr::memmem::find(bytes, b"  ").is_none();
    if collapsed {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for (i, w) in s.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The key of a note's first non-blank line (`story` in `story: …`), as a
/// byte range of `text`, and the offset of its `:`.
fn first_key(
    text: &str,
    content: std::ops::Range<usize>,
) -> Option<(std::ops::Range<usize>, usize)> {
    let body = &text[content.clone()];
    let lead = body.len() - body.trim_start().len();
    let start = content.start + lead;
    let rest = &text[start..content.end];
    let end = start
        + rest
            .find(|c: char| !is_id_continue(c))
            .unwrap_or(rest.len());
    let after = text[end..content.end].trim_start();
    after
        .starts_with(':')
        .then(|| (start..end, content.end - after.len()))
        .filter(|(r, _)| !r.is_empty())
}

/// The first word of a note (`era` in `era then: …`).
fn first_word(text: &str, content: std::ops::Range<usize>) -> &str {
    let body = text[content].trim_start();
    let end = body
        .find([' ', '\t', ':', '\n', '\r'])
        .unwrap_or(body.len());
    &body[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapsing_keeps_collapsed_text_and_squeezes_the_rest() {
        for kept in ["KITCHEN", "OLD HOUSE - NIGHT", "a", ""] {
            assert_eq!(collapse_spaces(kept), kept);
        }
        assert_eq!(collapse_spaces("OLD  HOUSE"), "OLD HOUSE");
        assert_eq!(collapse_spaces(" OLD HOUSE"), "OLD HOUSE");
        assert_eq!(collapse_spaces("OLD HOUSE "), "OLD HOUSE");
        assert_eq!(collapse_spaces("OLD\tHOUSE"), "OLD HOUSE");
        assert_eq!(collapse_spaces("OLD \u{a0} HOUSE"), "OLD HOUSE");
        assert_eq!(collapse_spaces("CAFÉ  ÉTÉ"), "CAFÉ ÉTÉ");
        assert_eq!(collapse_spaces("CAFÉ ÉTÉ"), "CAFÉ ÉTÉ");
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_dashes() {
        assert_eq!(slug("KITCHEN - NIGHT"), "kitchen-night");
        assert_eq!(slug("  OLD   HOUSE/Garden  "), "old-house-garden");
        assert_eq!(slug("CAFÉ ÉTÉ"), "café-été");
        assert_eq!(slug("ÄRGER Über"), "ärger-über");
        assert_eq!(slug("- . -"), "scene");
        assert_eq!(slug(""), "scene");
    }

    /// Every place a second reader could start, in random scripts made of
    /// the blocks that carry state across lines (notes over several lines,
    /// unclosed notes, boneyards around headings, dialogue, sections and
    /// transitions waiting for the next scene, cast first seen late, tags
    /// and declarations): reading in two halves gives the tree and the
    /// diagnostics of one pass, with and without `--infer`.
    #[test]
    fn two_halves_read_as_one_pass() {
        const BLOCKS: &[&str] = &[
            "INT. KITCHEN - NIGHT\n\n",
            "EXT. PIER - DAY #7A#\n\n",
            "INT. HALL\n[[story: after s1 by 1d]]\n\n",
            "EXT. YARD - DAY\n[[story: now]]\n[[coat: new]]\n\n",
            "INT. ROOF\n[[story: then]]\n[[note\nover two lines]]\n\n",
            "INT. CELLAR\n[[id: cellar]]\n[[]]\n\n",
            "INT. ATTIC\n[[story: after ferry by 2h]]\n[[cast: BOB]]\nBOB\nHi.\n\n",
            "INT. BOAT - LATER\n\n[[story: 2020-01-0\n2]]\n\n",
            "BOB\nHello there.\n\n",
            "MARA (V.O.)\n(quietly)\nIt turns.\n  \nStill talking.\n\n",
            "ÉLODIE\nBonjour.\n\n",
            "Wind against the glass. [[check this]]\n\n",
            "/* cut\n\nINT. GONE - DAY\n\n*/\n\n",
            "/* never closed\n\n",
            "[[unclosed note\n\n",
            "# ACT TWO\n\n",
            "= a synopsis\n\n",
            "CUT TO:\n\n",
            "FLASHBACK TO:\n\n",
            "SUPER: TWO YEARS LATER\n\n",
            "[[coat: new]]\n\n",
            "[[id: ferry]]\n\n",
            "[[colour: red]]\n\n",
            ".FORCED HEADING\n\n",
            "INT. NOT A HEADING\nbecause no blank after\n\n",
            "\n",
        ];
        const OPENING: &str =
            "Title: Halves\n\n[[\nmarker coat:\n  new: then #e8c33a\ncharacter Ines\n]]\n\n";
        let mut rng = crate::xorshift::Xorshift(0x9e37_79b9_7f4a_7c15);
        let (mut splits, mut joined) = (0, 0);
        for round in 0..300 {
            let mut text = String::from(if round % 2 == 0 { OPENING } else { "" });
            // The last value drawn sets how many blocks the round has.
            for _ in 0..(4 + rng.0 % 30) {
                text.push_str(BLOCKS[rng.below(BLOCKS.len() as u64) as usize]);
            }
            if round % 3 == 0 {
                text = text.replace('\n', "\r\n");
            }
            let mut points: Vec<usize> = (0..text.len())
                .filter_map(|from| heading_after(&text, from))
                .collect();
            points.dedup();
            for infer in [false, true] {
                let options = ReadOptions {
                    infer,
                    ..ReadOptions::default()
                };
                let (one, no_split) = read_split(FileId(0), &text, &options, None);
                assert!(!no_split);
                let one = format!("{one:?}");
                for &at in &points {
                    let (two, two_joined) = read_split(FileId(0), &text, &options, Some(at));
                    assert_eq!(one, format!("{two:?}"), "split at {at} of {text:?}");
                    splits += 1;
                    joined += usize::from(two_joined);
                }
            }
        }
        assert!(splits > 1000, "only {splits} splits tried");
        // Most splits are joined halves: some fall inside a boneyard, and
        // one at the first scene has no first half to join.
        assert!(joined * 2 > splits, "{joined} of {splits} splits joined");
    }

    #[test]
    fn the_second_half_is_taken_unless_a_boneyard_is_open_at_the_split() {
        let options = ReadOptions::default();
        // (script, halves joined, scenes)
        for (text, joined, scenes) in [
            ("INT. A\n\nBOB\nHi.\n\nINT. B\n\nAction.\n", true, 2),
            ("INT. A\n\n/* cut\n\nINT. B\n\n*/\n", false, 1),
            ("INT. A\n\n[[open note\n\nINT. B\n\n", true, 2),
        ] {
            let at = heading_after(text, 1).unwrap();
            assert_eq!(&text[at..at + 6], "INT. B");
            let mut r = Reader::new(FileId(0), text, &options);
            while r.scenes.is_empty() && r.read_line() {}
            assert_eq!(r.read_halves(at), joined, "{text:?}");
            // Joined, the second half is read: nothing is left.
            if joined {
                assert_eq!(r.scenes.len(), scenes, "{text:?}");
                assert!(!r.read_line(), "{text:?}");
            }
            r.read_to_end();
            assert_eq!(r.scenes.len(), scenes, "{text:?}");
        }
    }

    #[test]
    fn a_second_reader_starts_only_at_a_heading_between_empty_lines() {
        let text = "A\n\nINT. X\nnot blank\n\n INT. Y\n\nINT. Z [[n]]\n\nINT. W\n\nEND\n";
        let w = text.find("INT. W").unwrap();
        assert_eq!(heading_after(text, 0), Some(w));
        assert_eq!(heading_after(text, w), None, "a line after `from`");
        assert_eq!(
            heading_after("A\n\nINT. X\nB", 0),
            None,
            "no empty line after"
        );
        assert_eq!(heading_after("A\n\nINT. X", 0), None, "no line after");
        assert_eq!(
            heading_after("A\nINT. X\n\n", 0),
            None,
            "no empty line before"
        );
        // The end of the text after a heading's line ending is blank, as
        // to the reader.
        assert_eq!(heading_after("A\n\nINT. X\n", 0), Some(3));
        assert_eq!(heading_after("A\r\n\r\nINT. X\r\n\r\n", 0), Some(5));
        assert_eq!(heading_after("", 0), None);
        // Lines that are each one whole note may come between.
        assert_eq!(
            heading_after("A\n\nINT. X\n[[a: b]]\n[[c]]\n\n", 0),
            Some(3)
        );
        assert_eq!(heading_after("A\n\nINT. X\n[[a]] b\n\n", 0), None);
        assert_eq!(heading_after("A\n\nINT. X\n[[a]]]]\n\n", 0), None);
        assert_eq!(heading_after("A\n\nINT. X\n[[a /* b]]\n\n", 0), None);
        assert_eq!(heading_after("A\n\nINT. X\n[[a]]\nB\n\n", 0), None);
        assert_eq!(heading_after("A\n\nINT. X\n[[a]]", 0), None);
        assert_eq!(heading_after("INT. X", 3), None);
    }

    /// Random mixtures of the pieces that steer the reader: nothing panics,
    /// and every span lies on character boundaries inside the text.
    #[test]
    fn no_panics_on_mixtures() {
        const PIECES: &[&str] = &[
            "[[",
            "]]",
            "/*",
            "*/",
            "INT. X",
            "EXT",
            ".",
            "..",
            "\n",
            "\r\n",
            "\n\n",
            "#1#",
            "#*A*#",
            "@",
            "^",
            "(",
            ")",
            "=",
            "===",
            "~",
            ">",
            "<",
            "  ",
            "\t",
            "é",
            "İ",
            "FLASHBACK",
            "(1973)",
            " - ",
            "story: ",
            "id: ",
            "cast: ",
            ":",
            "TWO DAYS LATER",
            "SUPER:",
            "era a: 2000 ..",
            "marker m:",
            "Title: T",
            "BOB",
            "x",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(state % 40) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
            }
            for infer in [false, true] {
                let options = ReadOptions {
                    infer,
                    ..ReadOptions::default()
                };
                let (tree, diagnostics) = read(FileId(0), &text, &options);
                for d in &diagnostics {
                    for l in &d.labels {
                        let r = l.span.range();
                        assert!(r.start <= r.end && r.end <= text.len(), "{text:?}: {d:?}");
                        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                    }
                }
                let printed = crate::syntax::printer::print(&tree);
                let _ = crate::syntax::parse(FileId(0), &printed);
            }
        }
    }
}
