//! The title page: `<TitlePage>` paragraphs become header fields.
//!
//! A Final Draft title page is laid out, not labelled, so the fields are
//! found by the conventions writers follow: a `Key: value` paragraph whose
//! key is one the Fountain title page knows (`Title`, `Author`, `Source`,
//! `Draft date`, `Notes`); otherwise the first paragraph is the title and
//! the paragraph after a `Written by` (`by`, `Screenplay by` …) line names
//! the author.

use crate::fountain::reader::{collapse_spaces, header_key, Reader as Builder};
use crate::span::{FileId, Span};
use crate::syntax::tree::Name;

use super::shadow::Paragraph;

/// Lines that say the next paragraph names the author.
const BY_LINES: &[&str] = &[
    "by",
    "written by",
    "screenplay by",
    "teleplay by",
    "story by",
];

/// Add the title page's header fields to the builder.
pub(crate) fn header<'t>(b: &mut Builder<'t, '_>, file: FileId, page: &'t [Paragraph]) {
    let mut seen: Vec<&'static str> = Vec::new();
    let mut after_by = false;
    for p in page {
        let line = p.line();
        let t = p.text.trim();
        if t.is_empty() {
            continue;
        }
        let lead = p.text.len() - p.text.trim_start().len();
        let span_of = |from: usize, to: usize| {
            Span::new(
                file,
                line.offset(from),
                line.end_offset(to).max(line.offset(from)),
            )
        };
        let labelled = t.split_once(':').and_then(|(k, v)| {
            let key = header_key(k.trim())?;
            let value = v.trim();
            let at = lead + k.len() + 1 + (v.len() - v.trim_start().len());
            (!value.is_empty()).then_some((key, lead..lead + k.trim_end().len(), value, at))
        });
        let (key, key_span, value, at) = match labelled {
            Some((key, k, value, at)) => (key, span_of(k.start, k.end), value, at),
            None if BY_LINES.iter().any(|l| l.eq_ignore_ascii_case(t)) => {
                after_by = true;
                continue;
            }
            None if after_by => ("author", span_of(lead, lead + t.len()), t, lead),
            None if seen.is_empty() => ("title", span_of(lead, lead + t.len()), t, lead),
            None => continue,
        };
        after_by = false;
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let value = Name {
            text: collapse_spaces(value).into(),
            span: span_of(at, at + value.len()),
        };
        b.header_field(key, key_span, value);
    }
}
