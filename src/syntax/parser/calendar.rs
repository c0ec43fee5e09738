//! `calendar NAME:` blocks: the parser keeps each indented line as
//! `KIND [NAME]: VALUE`, checking only its shape and that the kind is one
//! of [`KINDS`]; the model reads the values into a calendar and reports
//! what they mean wrongly (`crate::model::calendar`).

use super::{Block, Cursor, Line, Parser};
use crate::diagnostics::{codes, Diagnostic};
use crate::syntax::lexer::{Token, TokenKind};
use crate::syntax::tree::{CalendarDecl, CalendarEntry, CalendarLine, DateLit, Item, Name};
use crate::text::clip;
use crate::time::DateTimeSpec;

/// The kinds of calendar lines, and whether each takes a name.
pub const KINDS: [(&str, bool); 9] = [
    ("month", true),
    ("festival", true),
    ("leap", true),
    ("weekdays", false),
    ("week", false),
    ("day", false),
    ("hour", false),
    ("era", true),
    ("moon", true),
];

impl<'t> Parser<'t> {
    /// `calendar NAME:` opens a block of calendar lines.
    pub(super) fn calendar_decl(&mut self, line: Line<'t>, word_end: usize) {
        self.block = Block::Calendar;
        self.trim_scene_lines();
        self.block_item = self.items.len();
        let span = self.span(line.start, line.end());
        let Some((name, after)) = self.declared_name(line, word_end, "a calendar name") else {
            self.block = Block::Closed("a calendar line without a name");
            return;
        };
        if let Some(rest_at) = self.expect_colon(
            line,
            after,
            &|| format!("the calendar name `{}`", clip(&name.text)),
            &|| format!("calendar {}:", clip(&name.text)),
        ) {
            if let Some(extra) = self.rest_as_name(line, rest_at) {
                self.error(
                    Diagnostic::error(codes::UNEXPECTED, "unexpected text after `calendar NAME:`")
                        .primary(
                            extra.span,
                            "months, weekdays and the rest go on their own indented lines",
                        )
                        .help(format!(
                            "write `calendar {}:` and below it lines such as `  month Thaw: 30`",
                            clip(&name.text)
                        )),
                );
            }
        }
        self.items.push(Item::Calendar(Box::new(CalendarDecl {
            name,
            lines: Vec::new(),
            span,
        })));
    }

    /// An indented line of a calendar block: `KIND [NAME]: VALUE`.
    pub(super) fn calendar_line(&mut self, line: Line<'t>) {
        let t = line.text;
        let Some(colon) = t.find(':') else {
            let span = self.span(line.start, line.end());
            self.error(
                Diagnostic::error(codes::EXPECTED_COLON, "expected `:` in a calendar line")
                    .primary(span, "a calendar line is `KIND [NAME]: VALUE`")
                    .help("write it as `month Thaw: 30`, `weekdays: Sul, Mol, Zor` or `day: 24h`"),
            );
            return;
        };
        let head = &t[..colon];
        let kind_end = head.find([' ', '\t']).unwrap_or(head.len());
        let kind_text = &head[..kind_end];
        let kind_span = self.span(line.start, line.start + kind_end);
        let Some(&(_, named)) = KINDS.iter().find(|(k, _)| *k == kind_text) else {
            let list: Vec<String> = KINDS.iter().map(|(k, _)| format!("`{k}`")).collect();
            self.error(
                Diagnostic::error(
                    codes::INVALID_CALENDAR,
                    format!("unknown calendar line `{}`", clip(kind_text)),
                )
                .primary(kind_span, "not a kind of calendar line")
                .help(format!("a calendar line starts with {}", list.join(", "))),
            );
            return;
        };
        let name_text = head[kind_end..].trim();
        let name_start = colon - (head.len() - head.trim_end().len()) - name_text.len();
        let name = (!name_text.is_empty()).then(|| Name {
            text: name_text.into(),
            span: self.span(
                line.start + name_start,
                line.start + name_start + name_text.len(),
            ),
        });
        let example = match kind_text {
            "month" | "festival" => format!("{kind_text} Thaw: 30"),
            "leap" => "leap Starfall: Thaw, every 4 years".to_string(),
            "era" => "era AV: from 1".to_string(),
            "moon" => "moon Pale: 29.5d".to_string(),
            "weekdays" => "weekdays: Sul, Mol, Zor".to_string(),
            "week" => "week: restarts each month".to_string(),
            "day" => "day: 24h".to_string(),
            _ => "hour: 60m".to_string(),
        };
        match (&name, named) {
            (None, true) => {
                self.error(
                    Diagnostic::error(codes::EXPECTED_NAME, format!("`{kind_text}` needs a name"))
                        .primary(kind_span, "name missing after this")
                        .help(format!("write it as `{example}`")),
                );
                return;
            }
            (Some(n), false) => {
                self.error(
                    Diagnostic::error(codes::UNEXPECTED, format!("`{kind_text}` takes no name"))
                        .primary(n.span, "unexpected name")
                        .help(format!("write it as `{example}`")),
                );
                return;
            }
            _ => {}
        }
        let value_text = t[colon + 1..].trim();
        let value_start = colon + 1 + (t[colon + 1..].len() - t[colon + 1..].trim_start().len());
        if value_text.is_empty() {
            self.error(
                Diagnostic::error(
                    codes::EXPECTED_VALUE,
                    format!("expected a value after `{}:`", clip(head.trim())),
                )
                .primary(self.span(line.end(), line.end()), "value missing")
                .help(format!("write it as `{example}`")),
            );
            return;
        }
        let entry = CalendarEntry {
            kind: Name {
                text: kind_text.into(),
                span: kind_span,
            },
            name,
            value: Name {
                text: value_text.into(),
                span: self.span(
                    line.start + value_start,
                    line.start + value_start + value_text.len(),
                ),
            },
            span: self.span(line.start, line.end()),
        };
        if let Some(Item::Calendar(c)) = self.items.get_mut(self.block_item) {
            c.lines.push(CalendarLine::Entry(entry));
        }
    }
}

/// Words that never start or continue a date with names.
const NOT_IN_DATES: [&str; 5] = ["after", "before", "during", "for", "by"];

impl<'t> Parser<'t> {
    /// True when the tokens ahead read as a date written with names:
    /// `15 Alturiak 1372`, `1372 DR`, `44 BC`, `Midwinter 1372`,
    /// `March 44 BC`. Only the story's calendar knows the names, so the
    /// words are kept as written and read in the model.
    pub(super) fn at_readable_date(&self, cur: &Cursor) -> bool {
        let kinds = |i: usize| cur.tokens.get(cur.pos + i).copied();
        let word =
            |t: Token| t.kind == TokenKind::Word && !NOT_IN_DATES.contains(&self.tok_text(t));
        let number = |t: Token| {
            t.kind == TokenKind::Literal && self.tok_text(t).bytes().all(|b| b.is_ascii_digit())
        };
        match (kinds(0), kinds(1)) {
            (Some(a), Some(b)) if number(a) => word(b),
            (Some(a), _) if word(a) => {
                // Up to four words of a name, then a year.
                (1..=4)
                    .map_while(kinds)
                    .find(|t| !word(*t))
                    .is_some_and(number)
            }
            _ => false,
        }
    }

    /// A date written with names, if one is ahead: every word and number
    /// up to a `,`, `..` or `for`.
    pub(super) fn readable_date(&mut self, cur: &mut Cursor) -> Option<DateLit> {
        if !self.at_readable_date(cur) {
            return None;
        }
        let first = cur.peek()?;
        let mut last = first;
        while let Some(t) = cur.peek() {
            let part = matches!(t.kind, TokenKind::Word | TokenKind::Literal)
                && !NOT_IN_DATES.contains(&self.tok_text(t));
            if !part {
                break;
            }
            last = t;
            cur.next();
        }
        let text = self.text[first.start..last.end].to_string();
        Some(DateLit {
            value: DateTimeSpec {
                year: 0,
                month: None,
                day: None,
                hour_minute: None,
                second: None,
            },
            span: self.span(first.start, last.end),
            readable: Some(Box::new(text.into())),
        })
    }
}
