//! Radial Timeline's `Subplot` (the scene's threads), `Place` (a string or a
//! list, wikilinks allowed) and `POV` modes.

use super::{Build, Note};
use crate::diagnostics::{codes, Diagnostic};
use crate::markdown::front::{Entry, Scalar, Value};
use crate::markdown::values;
use crate::syntax::tree::{Name, PropertyValue, SceneLine};

/// Radial Timeline's `POV:` values that name a mode of narration, not a
/// character (its wiki: blank, first, you, third, omni, narrator, two, all,
/// count).
const POV_MODES: &[&str] = &[
    "blank", "first", "you", "third", "omni", "narrator", "two", "all", "count",
];

/// Whether a `POV:` value is one of Radial Timeline's modes, kept as a
/// comment rather than read as a cast name.
pub(super) fn is_pov_mode(text: &str) -> bool {
    let t = text.trim();
    POV_MODES.iter().any(|m| m.eq_ignore_ascii_case(t))
}

impl Note<'_, '_> {
    /// `Subplot: Main plot` or a list of subplots: each one a thread of the
    /// scene (`[[Main plot]]` is `Main plot`). chronotope's own `thread:`
    /// key wins: with it, `Subplot` is kept as a comment, as written.
    pub(super) fn subplot(&mut self, value: &Value, entry: &Entry, build: &mut Build) {
        if self.fm.get("thread").is_some() {
            build.lines.push(SceneLine::Comment(self.kept(entry)));
            return;
        }
        let scalars: &[Scalar] = match value {
            Value::Scalar(s) => std::slice::from_ref(s),
            Value::List(list) => list,
            _ => {
                build.lines.push(SceneLine::Comment(self.kept(entry)));
                return;
            }
        };
        let mut names: Vec<Name> = Vec::new();
        for s in scalars {
            let name = values::person(&s.text).trim();
            if name.is_empty() || names.iter().any(|n| n.text.eq_ignore_ascii_case(name)) {
                continue;
            }
            if let Some(bad) = name
                .chars()
                .find(|c| matches!(c, ',' | '(' | ')' | '#' | '>' | ':'))
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_NAME,
                        format!("a thread name cannot contain `{bad}`"),
                    )
                    .primary(self.span(s), "this subplot becomes a thread")
                    .help("names may contain letters, digits, spaces, `.`, `'` and `-`; list several subplots as a YAML list"),
                );
                continue;
            }
            names.push(Name {
                text: name.into(),
                span: self.span(s),
            });
        }
        if !names.is_empty() {
            let line = self.property("thread", entry, PropertyValue::Thread(names));
            build.lines.push(line);
        }
    }

    /// `Place: Harbour` or a list (`- "[[Castle]]"`): the first place is
    /// the scene's `where` (`[[Castle]]` is `Castle`) unless the note has a
    /// `where` key; a list of several is also kept, as written, as a
    /// comment, since a scene has one `where`.
    pub(super) fn place(&mut self, value: &Value, entry: &Entry, build: &mut Build) {
        let scalars: &[Scalar] = match value {
            Value::Scalar(s) => std::slice::from_ref(s),
            Value::List(list) => list,
            _ => &[],
        };
        let first = scalars
            .iter()
            .find(|s| !values::person(&s.text).trim().is_empty());
        if let (Some(s), false, None) = (first, build.has_where, self.fm.get("where")) {
            build.has_where = true;
            let value = PropertyValue::Where(Name {
                text: values::person(&s.text).trim().into(),
                span: self.span(s),
            });
            build.lines.push(self.property("where", entry, value));
        }
        if scalars.len() > 1 || !matches!(value, Value::Scalar(_) | Value::List(_)) {
            build.lines.push(SceneLine::Comment(self.kept(entry)));
        }
    }
}
