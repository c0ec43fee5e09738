//! The lines of a series: `work ID: TITLE` with its indented fields, and
//! `order NAME: WORK, WORK, …`.
//!
//! A child module of the parser, so it shares the parser's line reading and
//! cursor; the grammar:
//!
//! ```text
//! work   = "work" WS ID [WS] ":" [ TITLE ] { INDENT ( comment | field ) }
//! field  = "released:" DATE | "season:" N | "episode:" N
//!        | "runtime:" SCREEN-DURATION | KEY ":" text
//! order  = "order" WS ID [WS] ":" ID { "," ID }
//! ```

use super::{Block, Cursor, Line, Parser};
use crate::diagnostics::{codes, Diagnostic};
use crate::span::Span;
use crate::syntax::lexer::{is_id, TokenKind};
use crate::syntax::literal;
use crate::syntax::tree::*;
use crate::text::clip;

/// The error for `released:` on a scene: it is a work's field.
pub(super) fn released_on_scene(key: Span) -> Diagnostic {
    Diagnostic::error(
        codes::RELEASED_ON_SCENE,
        "`released:` is a field of a work, not of a scene",
    )
    .primary(key, "a scene has no release date")
    .help("move the line under the scene's `work ID: TITLE` line, indented; a scene's own time is its `story:` line")
}

impl<'t> Parser<'t> {
    /// A work's first line, after the word `work` (ending at `word_end`);
    /// opens the block of its fields:
    ///
    /// ```text
    /// work ID: TITLE
    /// work ID:
    /// ```
    pub(super) fn work(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Work;
        self.trim_scene_lines();
        self.block_item = self.items.len();
        let span = self.span(line.start, line.end());
        let (id, title) = match self.declared_name(line, word_end, "a work id") {
            Some((id, after)) => {
                let title_from = self
                    .expect_colon(
                        line,
                        after,
                        &|| format!("the work id `{}`", clip(&id.text)),
                        &|| format!("work {}: TITLE", clip(&id.text)),
                    )
                    .unwrap_or(after);
                let title = self.rest_as_name(line, title_from);
                (id, title)
            }
            // The block still opens, so its fields are not strays.
            None => (
                Name {
                    text: String::new().into(),
                    span,
                },
                None,
            ),
        };
        self.items.push(Item::Work(Box::new(WorkDecl {
            id,
            title,
            lines: Vec::new(),
            span,
        })));
    }

    /// An indented line of a work block, one field:
    ///
    /// ```text
    /// released: DATE
    /// season: N
    /// episode: N
    /// runtime: SCREEN-DURATION
    /// KEY: TEXT
    /// ```
    pub(super) fn work_field(&mut self, line: Line<'t>) {
        let t = line.text;
        let Some((key_text, key_span, value_at)) = self.keyed(line) else {
            self.error(
                Diagnostic::error(codes::EXPECTED_PROPERTY, "expected a work field `key: value`")
                    .primary(self.span(line.start, line.end()), "not a field or comment (`#`)")
                    .help("a work's fields look like `released: 1977-05-25`, `season: 1`, `episode: 3`, `runtime: 2h1m` or `director: …`"),
            );
            return;
        };
        let value = if t[value_at..].trim().is_empty() {
            let help = format!("write `{}: …` or remove the line", clip(key_text));
            self.error(self.value_missing(line, key_text, help));
            WorkValue::Invalid
        } else {
            self.work_value(line, key_text, value_at)
                .unwrap_or(WorkValue::Invalid)
        };
        let field = WorkField {
            key: Name {
                text: key_text.into(),
                span: key_span,
            },
            value,
            span: self.span(line.start, line.end()),
        };
        if let Some(Item::Work(w)) = self.items.get_mut(self.block_item) {
            w.lines.push(WorkLine::Field(field));
        }
    }

    /// The value of work field `key`, written from `value_at` in `line`.
    fn work_value(&mut self, line: Line<'t>, key: &str, value_at: usize) -> Option<WorkValue> {
        if !matches!(key, "released" | "season" | "episode" | "runtime") {
            return self.rest_as_name(line, value_at).map(WorkValue::Text);
        }
        self.tokenize_from(line, value_at);
        let tokens = std::mem::take(&mut self.tokens);
        let mut cur = Cursor::new(&tokens, line.end());
        let value = match key {
            "released" => self.date(&mut cur).map(WorkValue::Released),
            "runtime" => self.runtime(&mut cur),
            _ => self.work_number(&mut cur, key),
        };
        let value = match value {
            Some(v) => self
                .expect_end(&mut cur, &|| format!("`{key}:`'s value"))
                .map(|()| v),
            None => None,
        };
        self.tokens = tokens;
        value
    }

    /// `season: N` or `episode: N`: a whole number.
    fn work_number(&mut self, cur: &mut Cursor, key: &str) -> Option<WorkValue> {
        let token = cur.peek();
        let number = token
            .filter(|t| t.kind == TokenKind::Literal)
            .and_then(|t| self.tok_text(t).parse::<u32>().ok());
        if let Some(n) = number {
            cur.next();
            return Some(WorkValue::Number(n));
        }
        let span = token.map_or(cur.here_span(self.file), |t| self.span(t.start, t.end));
        self.error(
            Diagnostic::error(
                codes::INVALID_WORK_FIELD,
                format!("`{key}:` takes a whole number"),
            )
            .primary(span, "not a whole number")
            .help(format!("write `{key}: 2`")),
        );
        None
    }

    /// `runtime: 2h1m`: a screen duration.
    fn runtime(&mut self, cur: &mut Cursor) -> Option<WorkValue> {
        let t = self.expect_literal(cur, "a duration such as `2h1m`")?;
        let text = self.tok_text(t);
        let span = self.span(t.start, t.end);
        match literal::screen_duration(text) {
            Ok(millis) => Some(WorkValue::Runtime(Timecode { millis, span })),
            Err(msg) => {
                self.error(
                    Diagnostic::error(
                        codes::INVALID_WORK_FIELD,
                        format!("invalid runtime `{}`", clip(text)),
                    )
                    .primary(span, msg.to_string())
                    .help("write a runtime with `h`, `m` and `s`, e.g. `runtime: 2h1m`"),
                );
                None
            }
        }
    }

    /// A viewing order, after the word `order` (ending at `word_end`):
    ///
    /// ```text
    /// order NAME: WORK, WORK, …
    /// ```
    pub(super) fn order(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Closed("an order");
        let Some((name, after)) = self.order_name(line, word_end) else {
            return;
        };
        let example = || format!("order {}: WORK, WORK", clip(&name.text));
        let Some(value_at) = self.expect_colon(
            line,
            after,
            &|| format!("the order name `{}`", clip(&name.text)),
            &example,
        ) else {
            return;
        };
        self.tokenize_from(line, value_at);
        let tokens = std::mem::take(&mut self.tokens);
        let works = self.order_works(line, &tokens, &example());
        self.tokens = tokens;
        if let Some(works) = works {
            self.items.push(Item::Order(Box::new(OrderDecl {
                name,
                works,
                span: self.span(line.start, line.end()),
            })));
        }
    }

    /// The name after `order` (from `from` in the line) and the offset
    /// after it. Unlike scene, era and marker names an order's name is never
    /// written in a value, so keywords may name orders (`order story: …`).
    fn order_name(&mut self, line: Line<'t>, from: usize) -> Option<(Name, usize)> {
        let t = line.text;
        let start = from + (t[from..].len() - t[from..].trim_start().len());
        let end = t[start..]
            .find([':', ' ', '\t'])
            .map_or(t.len(), |i| start + i);
        let span = self.span(line.start + start, line.start + end);
        let text = &t[start..end];
        if text.is_empty() {
            self.error(
                Diagnostic::error(codes::EXPECTED_NAME, "expected an order name after `order`")
                    .primary(span, "name missing here")
                    .help("write `order reading: WORK, WORK`"),
            );
            return None;
        }
        if !is_id(text) {
            self.error(super::invalid_id("an order name", text, span));
        }
        Some((
            Name {
                text: text.into(),
                span,
            },
            end,
        ))
    }

    /// The work ids after an order's `:`, separated by commas; `None` after
    /// reporting the first problem.
    fn order_works(
        &mut self,
        line: Line<'t>,
        tokens: &[super::Token],
        example: &str,
    ) -> Option<Vec<Name>> {
        let mut cur = Cursor::new(tokens, line.end());
        let mut works = Vec::new();
        loop {
            let Some(t) = cur.eat(TokenKind::Word) else {
                let span = cur.here_span(self.file);
                let found = cur
                    .peek()
                    .map(|t| format!(", found `{}`", clip(self.tok_text(t))))
                    .unwrap_or_default();
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, format!("expected a work id{found}"))
                        .primary(span, "expected a work id")
                        .help(format!(
                            "write `{example}`, naming works declared with `work ID: TITLE`"
                        )),
                );
                return None;
            };
            works.push(self.name(t));
            if cur.at_end() {
                return Some(works);
            }
            if cur.eat(TokenKind::Comma).is_none() {
                self.expect_end(&mut cur, &|| {
                    "a work id (separate works with `,`)".to_string()
                })?;
            }
        }
    }
}
