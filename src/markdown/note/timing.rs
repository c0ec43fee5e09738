//! Other tools' date and duration keys as one `story:` item.

use super::{Build, Note, Timing};
use crate::diagnostics::{codes, Diagnostic};
use crate::markdown::front::{Entry, Scalar, Value};
use crate::markdown::values;
use crate::span::Span;
use crate::syntax::tree::*;
use crate::time::{DateTimeSpec, Duration, Unit};

impl Note<'_, '_> {
    /// A date key whose value is not text (a Calendarium date object, a
    /// list): an error naming the key, never a silent misread.
    pub(super) fn unreadable_date(&mut self, entry: &Entry) {
        let key = &entry.key.text;
        let span = self.span(&entry.key);
        let what = match entry.value {
            Value::Map(_) => "a mapping",
            _ => "a list",
        };
        self.diagnostics.push(
            Diagnostic::error(
                codes::INVALID_DATE,
                format!("`{key}` is {what}, not a date"),
            )
            .primary(span, "cannot read this date")
            .help(format!("write `{key}: 2024-03-01` (Gregorian dates only)")),
        );
    }

    fn date(&mut self, s: &Scalar, key: &str, time: Option<&Scalar>) -> Option<DateLit> {
        match values::date_time(&s.text, time.map(|t| t.text.as_str())) {
            Ok(value) => Some(DateLit {
                value,
                span: self.span(s),
                readable: None,
            }),
            Err(why) => {
                let span = self.span(s);
                self.diagnostics.push(
                    Diagnostic::error(codes::INVALID_DATE, format!("`{key}` is not a date"))
                        .primary(span, why)
                        .help(format!(
                            "write `{key}: 2024-03-01`, optionally with a time: `2024-03-01 14:00` or `2024-03-01 2:30pm`"
                        )),
                );
                None
            }
        }
    }

    fn duration_of(
        &mut self,
        timing: &Timing<'_>,
        from: Option<&DateTimeSpec>,
    ) -> Option<(Duration, Span)> {
        if let Some(d) = timing.duration {
            return match values::duration(&d.text) {
                Ok(v) => Some((v, self.span(d))),
                Err(why) => {
                    let span = self.span(d);
                    self.diagnostics.push(
                        Diagnostic::error(codes::INVALID_DURATION, "`Duration` is not a duration")
                            .primary(span, why)
                            .help("write `Duration: 45 seconds`, `2 hours` or `3d`"),
                    );
                    None
                }
            };
        }
        let end_scalar = timing.end?;
        let end = self.date(end_scalar, timing.end_key, None)?;
        let start = from?;
        let seconds = end.value.last_second() + 1 - start.first_second();
        let span = self.span(end_scalar);
        let Ok(seconds) = u64::try_from(seconds) else {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::EMPTY_RANGE,
                    format!("`{}` is before the start", timing.end_key),
                )
                .primary(span, "the end is before the start")
                .help("give an end date on or after the start date"),
            );
            return None;
        };
        Duration::from_parts(&[(seconds, Unit::Second)])
            .ok()
            .map(|d| (d, span))
    }

    /// When/Duration, storyDate/storyTime, start/end dates: one item.
    pub(super) fn timing(&mut self, timing: &Timing<'_>, build: &mut Build) {
        let start = match timing.start {
            Some(s) => self.date(s, timing.start_key, timing.time),
            None => None,
        };
        let duration = self.duration_of(timing, start.as_ref().map(|d| &d.value));
        if start.is_none() && duration.is_none() {
            return;
        }
        let range = duration.map(|(d, span)| {
            Box::new(RangeLit {
                min: Some(d),
                max: Some(d),
                dotted: false,
                span,
            })
        });
        let span = match (&start, &range) {
            (Some(s), Some(r)) => s.span.to(r.span),
            (Some(s), None) => s.span,
            (None, Some(r)) => r.span,
            (None, None) => return,
        };
        build.story_span.get_or_insert(span);
        build.story.push(StoryItem {
            constraint: start.map(|from| StoryConstraint::At { from, to: None }),
            duration: range,
            span,
        });
    }
}
