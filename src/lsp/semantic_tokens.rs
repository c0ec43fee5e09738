//! Semantic tokens (`textDocument/semanticTokens/full`): the kind of every
//! id, date, duration, era, marker and keyword of a scene file, so any LSP
//! editor colours them by meaning, not by pattern.
//!
//! The tokens come from the document's own syntax tree ([`parse`]), read
//! fresh from the buffer on each request (parsing is linear and needs no
//! analysis), plus the keywords the tree does not keep a span for, found
//! by their words on the lines that hold them. A file with errors still
//! gets tokens for what parses. Fountain and other readers' files get
//! none (their grammar colours them).
//!
//! | token type | for |
//! |---|---|
//! | `keyword` | `scene`, `era`, `marker`, `character`, `thread`, `after`, `before`, `during`, `for`, `by`, `born`, `died` |
//! | `variable` | scene ids (`declaration` where the scene is declared) |
//! | `enum` | era names |
//! | `type` | marker names |
//! | `enumMember` | marker values |
//! | `class` | character names |
//! | `number` | dates and timecodes; durations and ranges carry the `duration` modifier |
//! | `property` | property and header keys (`story:`, `title:`) |
//! | `string` | titles, places and synopsis lines |
//! | `comment` | comments |
//! | `namespace` | thread names (`thread Istanbul`, `thread: Istanbul`) |

use lsp_types as lsp;

use crate::lsp::convert::{Encoding, LineMap};
use crate::span::{FileId, Span};
use crate::syntax::parse;
use crate::syntax::tree::{
    CalendarLine, EraBound, Item, MarkerLine, PropertyValue, RangeLit, SceneLine, ScreenEnd,
    StoryConstraint, StoryItem, WorkLine,
};

/// Token types, in the legend's order (an index is the type's number).
pub const TYPES: [&str; 11] = [
    "keyword",
    "variable",
    "enum",
    "type",
    "enumMember",
    "class",
    "number",
    "property",
    "string",
    "comment",
    "namespace",
];

/// Token modifiers, each a bit in the legend's order.
pub const MODIFIERS: [&str; 2] = ["declaration", "duration"];

const KEYWORD: u32 = 0;
const SCENE: u32 = 1;
const ERA: u32 = 2;
const MARKER: u32 = 3;
const VALUE: u32 = 4;
const CHARACTER: u32 = 5;
const NUMBER: u32 = 6;
const PROPERTY: u32 = 7;
const STRING: u32 = 8;
const COMMENT: u32 = 9;
const THREAD: u32 = 10;

const DECLARATION: u32 = 1;
const DURATION: u32 = 2;

/// The legend announced in `initialize`.
pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TYPES
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t))
            .collect(),
        token_modifiers: MODIFIERS
            .iter()
            .map(|m| lsp::SemanticTokenModifier::new(m))
            .collect(),
    }
}

/// One token: a byte range of the document, its type and modifier bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Token {
    /// Byte offset of the start.
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// Index into [`TYPES`].
    pub kind: u32,
    /// Bits of [`MODIFIERS`].
    pub modifiers: u32,
}

/// The tokens of a scene file, sorted and not overlapping.
pub fn tokens(text: &str) -> Vec<Token> {
    let (tree, _) = parse(FileId(0), text);
    let mut out = Tokens(Vec::new());
    for item in &tree.items {
        out.item(text, item);
    }
    let mut tokens = out.0;
    tokens.retain(|t| t.start < t.end && t.end <= text.len());
    tokens.sort();
    // Keep the first of overlapping tokens (a span the tree gives twice).
    let mut last_end = 0;
    tokens.retain(|t| {
        let keep = t.start >= last_end;
        if keep {
            last_end = t.end;
        }
        keep
    });
    tokens
}

/// The tokens of `text` in the protocol's relative encoding, split at line
/// ends (a token may not span lines).
pub fn encode(text: &str, encoding: Encoding, tokens: &[Token]) -> Vec<lsp::SemanticToken> {
    let map = LineMap::new(text, encoding);
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0u32, 0u32);
    for t in tokens {
        let mut start = t.start;
        for piece in text[t.start..t.end].split_inclusive('\n') {
            let end = start + piece.trim_end_matches(['\n', '\r']).len();
            if end > start {
                let (a, b) = (map.position(start), map.position(end));
                let delta_line = a.line - line;
                let delta_start = if delta_line == 0 {
                    a.character - col
                } else {
                    a.character
                };
                out.push(lsp::SemanticToken {
                    delta_line,
                    delta_start,
                    length: b.character - a.character,
                    token_type: t.kind,
                    token_modifiers_bitset: t.modifiers,
                });
                (line, col) = (a.line, a.character);
            }
            start += piece.len();
        }
    }
    out
}

/// Collects tokens from the tree.
struct Tokens(Vec<Token>);

impl Tokens {
    fn push(&mut self, span: Span, kind: u32, modifiers: u32) {
        let r = span.range();
        self.0.push(Token {
            start: r.start,
            end: r.end,
            kind,
            modifiers,
        });
    }

    /// The keyword that starts a declaration line.
    fn first_word(&mut self, text: &str, line: Span) {
        let at = line.range().start;
        let word = text[at..]
            .find([' ', '\t', ':'])
            .map_or(text.len(), |i| at + i);
        self.0.push(Token {
            start: at,
            end: word,
            kind: KEYWORD,
            modifiers: 0,
        });
    }

    /// Words among `words` in `span`, standing alone: the keywords of a
    /// `story:`, `screen:` or `character` line (a name that contains one
    /// keeps its own token, which starts first).
    fn keywords(&mut self, text: &str, span: Span, words: &[&str]) {
        let r = span.range();
        let line = &text[r.clone()];
        let part_of_word =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
        for word in words {
            for (i, _) in line.match_indices(word) {
                let before = line[..i].chars().next_back();
                let after = line[i + word.len()..].chars().next();
                if !part_of_word(before) && !part_of_word(after) {
                    self.0.push(Token {
                        start: r.start + i,
                        end: r.start + i + word.len(),
                        kind: KEYWORD,
                        modifiers: 0,
                    });
                }
            }
        }
    }

    fn item(&mut self, text: &str, item: &Item) {
        match item {
            Item::Comment(c) => self.push(c.span, COMMENT, 0),
            Item::Header(h) => {
                self.push(h.key.span, PROPERTY, 0);
                self.push(h.value.span, STRING, 0);
            }
            Item::Era(e) => {
                self.first_word(text, e.span);
                self.push(e.name.span, ERA, DECLARATION);
                for bound in [&e.from, &e.to].into_iter().flatten() {
                    match bound {
                        EraBound::Date(d) => self.push(d.span, NUMBER, 0),
                        EraBound::Scene(n) => self.push(n.span, SCENE, 0),
                    }
                }
            }
            Item::Marker(m) => {
                self.first_word(text, m.span);
                self.push(m.name.span, MARKER, DECLARATION);
                for line in &m.lines {
                    match line {
                        MarkerLine::Value(v) => {
                            self.push(v.value.span, VALUE, DECLARATION);
                            if let Some(era) = &v.era {
                                self.push(era.span, ERA, 0);
                            }
                            if let Some(c) = &v.color {
                                self.push(c.span, NUMBER, 0);
                            }
                        }
                        MarkerLine::Comment(c) => self.push(c.span, COMMENT, 0),
                    }
                }
            }
            Item::Character(c) => {
                self.first_word(text, c.span);
                self.push(c.name.span, CHARACTER, DECLARATION);
                for d in [&c.born, &c.died].into_iter().flatten() {
                    self.push(d.span, NUMBER, 0);
                }
                if let Some(col) = &c.color {
                    self.push(col.span, NUMBER, 0);
                }
                self.keywords(text, c.span, &["born", "died"]);
            }
            Item::Thread(t) => {
                self.first_word(text, t.span);
                self.push(t.name.span, THREAD, DECLARATION);
                if let Some(c) = &t.color {
                    self.push(c.span, NUMBER, 0);
                }
            }
            Item::Calendar(c) => {
                self.first_word(text, c.span);
                self.push(c.name.span, STRING, DECLARATION);
                for line in &c.lines {
                    match line {
                        CalendarLine::Entry(e) => {
                            self.push(e.kind.span, KEYWORD, 0);
                            if let Some(n) = &e.name {
                                self.push(n.span, STRING, DECLARATION);
                            }
                            self.push(e.value.span, STRING, 0);
                        }
                        CalendarLine::Comment(c) => self.push(c.span, COMMENT, 0),
                    }
                }
            }
            Item::Work(w) => {
                self.first_word(text, w.span);
                self.push(w.id.span, STRING, DECLARATION);
                if let Some(t) = &w.title {
                    self.push(t.span, STRING, 0);
                }
                for line in &w.lines {
                    match line {
                        WorkLine::Field(f) => self.push(f.key.span, PROPERTY, 0),
                        WorkLine::Comment(c) => self.push(c.span, COMMENT, 0),
                    }
                }
            }
            Item::Order(o) => {
                self.first_word(text, o.span);
                self.push(o.name.span, STRING, DECLARATION);
                for w in &o.works {
                    self.push(w.span, STRING, 0);
                }
            }
            Item::Scene(s) => {
                self.first_word(text, s.span);
                self.push(s.id.span, SCENE, DECLARATION);
                if let Some(t) = &s.title {
                    self.push(t.span, STRING, 0);
                }
                for line in &s.lines {
                    self.scene_line(text, line);
                }
            }
        }
    }

    fn scene_line(&mut self, text: &str, line: &SceneLine) {
        let p = match line {
            SceneLine::Comment(c) => return self.push(c.span, COMMENT, 0),
            SceneLine::Synopsis(n) => return self.push(n.span, STRING, 0),
            SceneLine::Property(p) => p,
        };
        let builtin = crate::syntax::reserved::SCENE_PROPERTIES.contains(&p.key.text.as_str());
        self.push(p.key.span, if builtin { PROPERTY } else { MARKER }, 0);
        match &p.value {
            PropertyValue::Screen(s) => {
                self.push(s.start.span, NUMBER, 0);
                match &s.end {
                    Some(ScreenEnd::At(t)) => self.push(t.span, NUMBER, 0),
                    Some(ScreenEnd::For(t)) => self.push(t.span, NUMBER, DURATION),
                    None => {}
                }
                self.keywords(text, p.span, &["for"]);
            }
            PropertyValue::Story(items) => {
                for item in items {
                    self.story_item(item);
                }
                self.keywords(text, p.span, &["after", "before", "during", "for", "by"]);
            }
            PropertyValue::Cast(entries) => {
                for e in entries {
                    self.push(e.name.span, CHARACTER, 0);
                }
            }
            PropertyValue::Where(n) => self.push(n.span, STRING, 0),
            PropertyValue::Repeats(n) => self.push(n.span, SCENE, 0),
            PropertyValue::Mode(n) => self.push(n.span, VALUE, 0),
            PropertyValue::Marker(m) => self.push(m.value.span, VALUE, 0),
            PropertyValue::Thread(names) => {
                for n in names {
                    self.push(n.span, THREAD, 0);
                }
            }
            PropertyValue::Day(n) => self.push(n.span, NUMBER, 0),
            PropertyValue::Time(n) => self.push(n.span, VALUE, 0),
            PropertyValue::Change(names) => {
                for n in names {
                    self.push(n.span, MARKER, 0);
                }
            }
            PropertyValue::PerCharacter(settings) => {
                for s in settings {
                    self.push(s.character.span, CHARACTER, 0);
                    self.push(s.value.span, VALUE, 0);
                }
            }
            PropertyValue::Invalid => {}
        }
    }

    fn story_item(&mut self, item: &StoryItem) {
        if let Some(c) = &item.constraint {
            match c {
                StoryConstraint::At { from, to } => {
                    self.push(from.span, NUMBER, 0);
                    if let Some(to) = to {
                        self.push(to.span, NUMBER, 0);
                    }
                }
                StoryConstraint::Era { era } => self.push(era.span, ERA, 0),
                StoryConstraint::After { scene, gap } | StoryConstraint::Before { scene, gap } => {
                    self.push(scene.span, SCENE, 0);
                    self.range(gap.as_deref());
                }
                StoryConstraint::During { scene } => self.push(scene.span, SCENE, 0),
                StoryConstraint::Offset { scene, range, .. } => {
                    self.push(scene.span, SCENE, 0);
                    self.range(Some(range));
                }
            }
        }
        self.range(item.duration.as_deref());
    }

    fn range(&mut self, range: Option<&RangeLit>) {
        if let Some(r) = range {
            self.push(r.span, NUMBER, DURATION);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, &str)> {
        tokens(text)
            .iter()
            .map(|t| (&text[t.start..t.end], TYPES[t.kind as usize]))
            .collect()
    }

    #[test]
    fn every_kind_of_name_and_literal_has_its_type() {
        let text = "title: T\nera past: 2014 .. 2020\nmarker hair:\n  dark: past #2b1d14\n\
                    character Ada: born 1990\nscene a: The ferry\n  screen: 00:01:00 for 2m\n\
                    \x20 story: 2014-05-17 for 1h, after b by 1d..2d, past\n  hair: dark\n  cast: Ada\n\
                    \x20 > She waits.\n# note\nscene b: B\n";
        let k = kinds(text);
        for expected in [
            ("title", "property"),
            ("era", "keyword"),
            ("past", "enum"),
            ("2014", "number"),
            ("marker", "keyword"),
            ("hair", "type"),
            ("dark", "enumMember"),
            ("character", "keyword"),
            ("Ada", "class"),
            ("born", "keyword"),
            ("1990", "number"),
            ("scene", "keyword"),
            ("a", "variable"),
            ("The ferry", "string"),
            ("00:01:00", "number"),
            ("2m", "number"),
            ("2014-05-17", "number"),
            ("1h", "number"),
            ("after", "keyword"),
            ("b", "variable"),
            ("by", "keyword"),
            ("1d..2d", "number"),
            ("She waits.", "string"),
            ("# note", "comment"),
        ] {
            assert!(k.contains(&expected), "{expected:?} not in {k:?}");
        }
        let durations: Vec<&str> = tokens(text)
            .iter()
            .filter(|t| t.modifiers & DURATION != 0)
            .map(|t| &text[t.start..t.end])
            .collect();
        assert_eq!(durations, ["2m", "1h", "1d..2d"]);
    }

    #[test]
    fn tokens_are_sorted_disjoint_and_encoded_relative() {
        let text = "scene a: A\n  story: 2014 for 1h\nscene é: B\n  story: after a\n";
        let t = tokens(text);
        assert!(t.windows(2).all(|w| w[0].end <= w[1].start), "{t:?}");
        let data = encode(text, Encoding::Utf16, &t);
        assert_eq!(data.len(), t.len());
        // Rebuild absolute positions and compare with the text.
        let (mut line, mut col) = (0, 0);
        let lines: Vec<&str> = text.lines().collect();
        for (d, tok) in data.iter().zip(&t) {
            line += d.delta_line;
            col = if d.delta_line == 0 {
                col + d.delta_start
            } else {
                d.delta_start
            };
            let l: Vec<u16> = lines[line as usize].encode_utf16().collect();
            let got = String::from_utf16(&l[col as usize..(col + d.length) as usize]).unwrap();
            assert_eq!(got, text[tok.start..tok.end]);
        }
    }

    #[test]
    fn a_file_with_errors_still_gets_tokens() {
        let text = "scene a: A\n  story: 2014-13-01\n  cast: Ada\n";
        let k = kinds(text);
        assert!(k.contains(&("a", "variable")), "{k:?}");
        assert!(k.contains(&("Ada", "class")), "{k:?}");
    }
}
