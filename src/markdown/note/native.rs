//! chronotope's own keys, read by the scene-file grammar where the note
//! wrote them.

use super::{Build, Note};
use crate::diagnostics::{codes, Diagnostic};
use crate::markdown::front::{Entry, Value};
use crate::markdown::values;
use crate::syntax::parser::parse_scene_lines;
use crate::syntax::tree::{PropertyValue, SceneLine};

impl Note<'_, '_> {
    /// `story: after [[Summer of 99]] by 1d` and the like: parsed as a
    /// scene-file line over the note's own text (or its overlay, with
    /// quotes and links blanked to the same byte offsets).
    pub(super) fn native(&mut self, entry: &Entry, build: &mut Build) {
        let key = entry.key.text.as_str();
        let Value::Scalar(v) = &entry.value else {
            let span = self.span(&entry.key);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::FRONT_MATTER,
                    format!("`{key}` must be one line of text"),
                )
                .primary(span, "a list or mapping here")
                .help(format!("write `{key}: …` with the value on the same line")),
            );
            return;
        };
        if !entry.key.verbatim || !v.verbatim {
            let span = self.span(v);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::FRONT_MATTER,
                    format!("`{key}` must be a plain one-line value"),
                )
                .primary(span, "quoted with escapes, or over several lines")
                .help(format!("write it on one line: `{key}: …`")),
            );
            return;
        }
        let links = values::wikilinks(&v.text);
        let quoted = self.text[..v.start].ends_with(['"', '\'']);
        let range = entry.key.start..v.end;
        let (lines, diagnostics) = if links.is_empty() && !quoted {
            parse_scene_lines(self.file, self.text, range)
        } else {
            let text = self.text;
            let overlay = self.overlay.get_or_insert_with(|| text.to_string());
            if quoted {
                overlay.replace_range(v.start - 1..v.start, " ");
                overlay.replace_range(v.end..v.end + 1, " ");
            }
            for (at, target) in links {
                // Cast and thread names are names, not note ids.
                let with = if key == "cast" || key == "thread" {
                    target.to_string()
                } else {
                    values::note_id(target)
                };
                let mut at = v.start + at.start..v.start + at.end;
                // `"[[Odile]]", Wren` inside a plain value: the quotes go too.
                if text[..at.start].ends_with('"') && text[at.end..].starts_with('"') {
                    at = at.start - 1..at.end + 1;
                }
                // A link is at least four bytes longer than its target, and
                // an id at most one: the padded text always fits.
                let padded = format!("{with:<width$}", width = at.len());
                if padded.len() == at.len() {
                    overlay.replace_range(at, &padded);
                }
            }
            parse_scene_lines(self.file, overlay, range)
        };
        self.diagnostics.extend(diagnostics);
        for line in lines {
            match line {
                SceneLine::Property(p) => match p.value {
                    PropertyValue::Story(items) => {
                        build.story_span.get_or_insert(p.span);
                        build.story.extend(items);
                    }
                    PropertyValue::Cast(entries) => {
                        build.cast_span.get_or_insert(p.span);
                        build.cast.extend(entries);
                    }
                    PropertyValue::Where(_) => {
                        build.has_where = true;
                        build.lines.push(SceneLine::Property(p));
                    }
                    _ => build.lines.push(SceneLine::Property(p)),
                },
                other => build.lines.push(other),
            }
        }
    }
}
