//! The production properties of a scene (`day:`, `time:`, `change:`, a
//! per-character marker such as `look: Semih=suit`) and the story's
//! `present:` header, resolved (`docs/production.md`).

use super::{listing, Kind, Resolver};
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{
    fold_name_into, Constraint, ConstraintKind, EraId, Look, MarkerId, Origin, Present, SceneId,
    Text, TimeTag,
};
use crate::syntax::tree::{self, CharacterSetting, PropertyValue};
use crate::text::clip;
use crate::time::daypart::{TimeOfDay, TIME_WORDS};

/// True for a story-day label: a whole number from 1 (`7`), or letters
/// followed by one (`X2`, `P1`).
pub fn is_day_label(text: &str) -> bool {
    let digits = text.trim_start_matches(|c: char| c.is_alphabetic());
    !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b != b'0')
}

impl Resolver {
    /// `day:`, `time:`, `change:` or a per-character marker's setting on
    /// scene `id`.
    pub(super) fn production(&mut self, id: SceneId, p: &tree::Property) {
        match &p.value {
            PropertyValue::Day(label) => self.day(id, label),
            PropertyValue::Time(word) => self.time_of_day(id, word),
            PropertyValue::Change(names) => {
                for name in names {
                    if let Some(marker) = self.per_character_marker(name) {
                        let changes = &mut self.story.scenes[id.index()].changes;
                        if !changes.contains(&marker) {
                            changes.push(marker);
                        }
                    }
                }
            }
            PropertyValue::PerCharacter(settings) => self.looks(id, p, settings),
            _ => {}
        }
    }

    fn day(&mut self, id: SceneId, label: &tree::Name) {
        if !is_day_label(&label.text) {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_DAY,
                    format!("`{}` is not a story-day label", clip(&label.text)),
                )
                .primary(label.span, "expected a number such as `7`, or letters and a number such as `X2`")
                .help("write `day: 7` for a day of the main narrative, `day: X2` for a day outside it"),
            );
            return;
        }
        self.story.scenes[id.index()].day = Some(Box::new(Text {
            text: label.text.clone(),
            span: label.span,
        }));
    }

    fn time_of_day(&mut self, id: SceneId, word: &tree::Name) {
        match TimeOfDay::parse(&word.text) {
            Some(value) => {
                self.story.scenes[id.index()].time = Some(TimeTag {
                    value,
                    span: word.span,
                });
            }
            None => {
                let words = [
                    "day",
                    "night",
                    "dawn",
                    "dusk",
                    "morning",
                    "evening",
                    "afternoon",
                    "continuous",
                    "moments-later",
                    "later",
                ];
                let lower = word.text.to_lowercase();
                let help = match crate::text::suggest::closest(&lower, words.into_iter()) {
                    Some(near) => format!("did you mean `{near}`? a time of day is {TIME_WORDS}"),
                    None => format!("a time of day is {TIME_WORDS}"),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::UNKNOWN_TIME_OF_DAY,
                        format!("`{}` is not a time of day", clip(&word.text)),
                    )
                    .primary(word.span, "not a time of day")
                    .help(help),
                );
            }
        }
    }

    /// The marker `name` names, if it is declared `per character`
    /// (reported otherwise).
    fn per_character_marker(&mut self, name: &tree::Name) -> Option<MarkerId> {
        let Some(mi) = self.story.markers.get_index_of(name.text.as_str()) else {
            let shown = clip(&name.text);
            let help = match self.suggestion(Kind::Marker, &name.text) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare it with `marker {shown} per character:` and its values"),
            };
            self.diagnostics.push(
                Diagnostic::error(codes::UNKNOWN_MARKER, format!("unknown marker `{shown}`"))
                    .primary(name.span, "no marker has this name")
                    .help(help),
            );
            return None;
        };
        let marker = &self.story.markers[mi];
        if !marker.per_character {
            let shown = clip(&marker.name);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::PER_CHARACTER,
                    format!("marker `{shown}` is not declared per character"),
                )
                .primary(name.span, "`change:` names per-character markers")
                .secondary(marker.span, "declared here")
                .help(format!(
                    "declare it `marker {shown} per character:`, or leave it out of `change:`"
                )),
            );
            return None;
        }
        Some(MarkerId(mi as u32))
    }

    /// `MARKER: NAME=VALUE, …` on scene `id`.
    fn looks(&mut self, id: SceneId, p: &tree::Property, settings: &[CharacterSetting]) {
        let Some(mi) = self.story.markers.get_index_of(p.key.text.as_str()) else {
            // Reported as an unknown marker, with the usual suggestion.
            let setting = tree::MarkerSetting {
                value: settings[0].value.clone(),
                note: None,
            };
            self.marker_setting(id, p, &setting);
            return;
        };
        let marker = MarkerId(mi as u32);
        if !self.story.markers[mi].per_character {
            let m = &self.story.markers[mi];
            let shown = clip(&m.name);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::PER_CHARACTER,
                    format!("marker `{shown}` is not declared per character"),
                )
                .primary(p.span, "a value per character needs `marker NAME per character:`")
                .secondary(m.span, "declared here")
                .help(format!("declare it `marker {shown} per character:`, or give one value: `{shown}: VALUE`")),
            );
            return;
        }
        let mut folded = String::new();
        for s in settings {
            fold_name_into(&s.character.text, &mut folded);
            let Some(character) = self.character_index.get(folded.as_str()).copied() else {
                let shown = clip(&s.character.text);
                let help = match self.suggestion(Kind::Character, &s.character.text) {
                    Some(near) => {
                        format!("did you mean `{near}`? otherwise declare `character {shown}`")
                    }
                    None => format!("declare it at the top level with `character {shown}`"),
                };
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::UNKNOWN_CHARACTER,
                        format!("unknown character `{shown}`"),
                    )
                    .primary(s.character.span, "no character has this name")
                    .help(help),
                );
                continue;
            };
            let m = &self.story.markers[mi];
            let Some(vi) = m.values.get_index_of(s.value.text.as_str()) else {
                let (value, name) = (clip(&s.value.text), clip(&m.name));
                let help = if m.values.is_empty() {
                    format!("`{name}` declares no values; add `  {value}:` under `marker {name} per character:`")
                } else {
                    format!("`{name}` may be {}", listing(m.values.keys()))
                };
                let d = Diagnostic::error(
                    codes::UNKNOWN_MARKER_VALUE,
                    format!("`{value}` is not a declared value of marker `{name}`"),
                )
                .primary(s.value.span, "not declared")
                .secondary(m.span, "the marker is declared here")
                .help(help);
                self.diagnostics.push(d);
                continue;
            };
            let era = m.values[vi].era;
            let scene = &mut self.story.scenes[id.index()];
            if scene
                .looks
                .iter()
                .any(|l| l.marker == marker && l.character == character)
            {
                self.diagnostics.push(
                    Diagnostic::warning(
                        codes::DUPLICATE_CAST,
                        format!(
                            "`{}` is given two values of `{}`",
                            clip(&s.character.text),
                            clip(&p.key.text)
                        ),
                    )
                    .primary(s.span, "given again here (ignored)"),
                );
                continue;
            }
            scene.looks.push(Look {
                character,
                marker,
                value: vi as u32,
                span: s.span,
            });
            if let Some(era) = era {
                scene.constraints.push(Constraint {
                    kind: ConstraintKind::InEra { era },
                    origin: Origin::Marker {
                        marker,
                        value: vi as u32,
                    },
                    span: s.span,
                });
            }
        }
    }

    /// `present: NAME` in the story header: an era.
    pub(super) fn present(&mut self, h: &tree::HeaderField) {
        let name = &h.value;
        let era = self
            .story
            .eras
            .get_index_of(name.text.as_str())
            .map(|i| EraId(i as u32));
        if era.is_none() {
            // Perhaps a thread, known once every scene is resolved
            // ([`Resolver::present_thread`]).
            self.story.present = Some(Present {
                name: name.text.to_string(),
                era: None,
                thread: None,
                span: name.span,
            });
            return;
        }
        self.story.present = Some(Present {
            name: name.text.to_string(),
            era,
            thread: None,
            span: name.span,
        });
    }

    /// `present:` that names no era: a thread (`thread: NAME` on scenes,
    /// or a `thread NAME` line), else `E0515`.
    pub(super) fn present_thread(&mut self) {
        let Some(present) = self.story.present.as_mut() else {
            return;
        };
        if present.era.is_some() {
            return;
        }
        let folded = crate::model::fold_name(&present.name);
        let thread = self
            .story
            .threads
            .values()
            .position(|t| crate::model::fold_name(&t.name) == folded);
        if let Some(i) = thread {
            present.thread = Some(crate::model::ThreadId(i as u32));
            return;
        }
        let name = tree::Name {
            text: present.name.as_str().into(),
            span: present.span,
        };
        self.story.present = None;
        {
            let shown = clip(&name.text);
            let help = match self.suggestion(Kind::Era, &name.text) {
                Some(s) => format!("did you mean `{s}`?"),
                None if self.story.eras.is_empty() => {
                    format!("declare the era of the main narrative, `era {shown}: FROM ..`")
                }
                None => format!("declared eras are {}", listing(self.story.eras.keys())),
            };
            self.diagnostics.push(
                Diagnostic::error(
                    codes::UNKNOWN_PRESENT,
                    format!("`present:` names no era or thread: `{shown}`"),
                )
                .primary(name.span, "no era or thread has this name")
                .help(help),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostic;
    use crate::model::{resolve, Story};
    use crate::span::FileId;
    use crate::syntax;
    use crate::time::daypart::{DayPart, TimeOfDay};

    fn run(text: &str) -> (Story, Vec<Diagnostic>) {
        let (tree, parsed) = syntax::parse(FileId(0), text);
        let (story, mut resolved) = resolve(&[&tree], "t");
        resolved.extend(parsed);
        (story, resolved)
    }

    fn codes_of(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
        diagnostics.iter().map(|d| d.code.as_str()).collect()
    }

    const HEAD: &str = "era now: 2000 ..\nmarker look per character:\n  suit:\n  coat: now\nmarker hair:\n  dark:\ncharacter Dr. Ayşe Kaya\ncharacter Ali\n";

    #[test]
    fn production_properties_resolve() {
        let text = format!(
            "present: now\n{HEAD}scene a: A\n  day: X3\n  time: NIGHT\n  look: dr. ayşe kaya=suit, Ali=coat\n  change: look\n  hair: dark (a note = not a name)\n"
        );
        let (story, diagnostics) = run(&text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let a = &story.scenes[0];
        assert_eq!(a.day.as_ref().map(|d| d.text.as_str()), Some("X3"));
        assert_eq!(
            a.time.map(|t| t.value),
            Some(TimeOfDay::Part(DayPart::Night))
        );
        assert_eq!(a.looks.len(), 2);
        assert_eq!(story.character(a.looks[0].character).name, "Dr. Ayşe Kaya");
        assert_eq!(a.looks[1].value, 1);
        // A value with an era places the scene in it, like any marker's.
        assert_eq!(a.constraints.len(), 1);
        assert_eq!(a.changes.len(), 1);
        assert_eq!(a.markers.len(), 1);
        assert!(story.markers["look"].per_character);
        assert!(!story.markers["hair"].per_character);
        assert!(story.present.as_ref().and_then(|p| p.era).is_some());
    }

    #[test]
    fn misuse_is_reported_once_each() {
        let cases = [
            ("  look: suit\n", "E0516"),
            ("  hair: Ali=dark\n", "E0516"),
            ("  change: hair\n", "E0516"),
            ("  change: lok\n", "E0204"),
            ("  look: Ali=tux\n", "E0205"),
            ("  look: Alı=suit\n", "E0203"),
            ("  look: Ali=suit, Ali=coat\n", "W0211"),
            ("  time: noon\n", "E0517"),
            ("  day: 7a\n", "E0518"),
            ("  day: 0\n", "E0518"),
            ("  day: X\n", "E0518"),
            ("  look: =suit\n", "E0117"),
            ("  look: Ali=2nd\n", "E0103"),
        ];
        for (line, code) in cases {
            let (_, diagnostics) = run(&format!("{HEAD}scene a: A\n{line}"));
            assert_eq!(codes_of(&diagnostics), [code], "{line}");
        }
        let (_, diagnostics) = run(&format!("present: then\n{HEAD}scene a: A\n"));
        assert_eq!(codes_of(&diagnostics), ["E0515"]);
        assert!(diagnostics[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("`now`"));
    }

    #[test]
    fn day_labels() {
        for good in ["1", "7", "X2", "P10", "Ä3"] {
            assert!(super::is_day_label(good), "{good}");
        }
        for bad in ["0", "X0", "X", "", "2X", "1.5", "X-2", "1234567890"] {
            assert!(!super::is_day_label(bad), "{bad}");
        }
    }

    #[test]
    fn the_printer_writes_what_the_parser_reads() {
        let text = format!("{HEAD}scene a: A\n  day: 3\n  time: moments-later\n  look: Dr. Ayşe Kaya=suit, Ali=coat\n  change: look, hair\n");
        let (tree, diagnostics) = syntax::parse(FileId(0), &text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let printed = syntax::printer::print(&tree);
        assert!(
            printed.contains("marker look per character:\n"),
            "{printed}"
        );
        assert!(
            printed.contains("look: Dr. Ayşe Kaya=suit, Ali=coat\n"),
            "{printed}"
        );
        assert!(printed.contains("change: look, hair\n"), "{printed}");
        let (again, diagnostics) = syntax::parse(FileId(0), &printed);
        assert!(diagnostics.is_empty());
        assert_eq!(
            serde_json::to_string(&tree).unwrap(),
            serde_json::to_string(&again).unwrap()
        );
        // `per characters:` and `per` alone are not the phrase.
        let (_, diagnostics) = syntax::parse(FileId(0), "marker look per characters:\n");
        assert!(!diagnostics.is_empty());
    }
}
