//! Chronology cues (`--infer`): story-time from the words of a screenplay.
//!
//! Cues are read from scene headings, on-screen text (`SUPER:`, `CHYRON:`,
//! `TITLE:`, `CARD:`, `INTERTITLE:` lines) and transitions (`FLASHBACK TO:`,
//! which speak for the *next* scene). Action and dialogue are never read:
//! prose mentions "later" and "the present" too freely. Each cue becomes one
//! `story:` constraint, reported as a note naming the words it came from; a
//! scene with its own `story:` tag takes none. `PREV` is the scene told
//! before it in its strand (else the one told just before); `ANCHOR` the
//! last scene of the present told before it (the
//! present line the story cuts away from). `FLASHBACK`, `FLASHFORWARD` and
//! `DREAM` open a strand away from the present that lasts until a return
//! cue or the next scene set in the present's place and time of day; a
//! scene with no cue continues its strand.
//!
//! | words | constraint |
//! |---|---|
//! | a year, `(1973)` or `- 1973` in a heading, any year in on-screen text | `1973` |
//! | `FLASHBACK`, `FLASH BACK` | `before ANCHOR` |
//! | `FLASHFORWARD`, `FLASH FORWARD`, `DREAM` | `after ANCHOR` |
//! | `PRESENT`, `PRESENT DAY`, `BACK TO PRESENT`, `END FLASHBACK`, a `BACK TO:` transition | `after ANCHOR` |
//! | `CONTINUOUS` | `after PREV by ..1m` |
//! | `MOMENTS LATER` | `after PREV by ..10m` |
//! | `LATER` | `after PREV` |
//! | `THE NEXT MORNING` (`DAY`, `NIGHT`, `EVENING`, `AFTERNOON`; `FOLLOWING`) | `PREV + 1d..2d` |
//! | no cue and no tag | `after LAST`, the last scene of its strand |
//! | `TWO DAYS LATER` (any number, `A`/`AN`; seconds to decades) | `PREV + 2d` |
//! | `SIX YEARS EARLIER` | `PREV - 6y` |
//! | `SAME TIME` | `PREV + 0s` |

use std::ops::Range;

use crate::diagnostics::{codes, Diagnostic};
use crate::span::Span;
use crate::syntax::literal;
use crate::syntax::tree::*;
use crate::text::clip;
use crate::time::Duration;

/// What a cue says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cue {
    /// A year.
    Year(u16),
    /// Before the present line.
    Flashback,
    /// After the present line, away from it.
    Flashforward,
    /// Back on the present line.
    Present,
    /// A dream: away from the present line, dreamt after it.
    Dream,
    /// Right after the previous scene.
    Continuous,
    /// Minutes after the previous scene.
    MomentsLater,
    /// Some time after the previous scene.
    Later,
    /// The next day.
    NextDay,
    /// At the same time as the previous scene.
    SameTime,
    /// `amount` `unit`s after (or before) the previous scene, start to start.
    Offset {
        /// How many.
        amount: u32,
        /// A duration unit of the scene format (`d`, `y` …).
        unit: &'static str,
        /// Later (true) or earlier.
        later: bool,
    },
}

impl Cue {
    /// The strand a cue that leaves the present opens.
    pub fn strand(self) -> Option<Strand> {
        match self {
            Cue::Flashback => Some(Strand::Flashback),
            Cue::Flashforward => Some(Strand::Flashforward),
            Cue::Dream => Some(Strand::Dream),
            _ => None,
        }
    }
}

/// A cue found in some text: what it says and the byte range of its words.
#[derive(Clone, Debug)]
pub(crate) struct Found {
    /// The cue.
    pub cue: Cue,
    /// The words, as a byte range of the scanned text.
    pub words: Range<usize>,
}

/// Where the scanned text came from; decides which years count.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// A scene heading: only a year in parentheses or between dashes, so a
    /// house number (`APARTMENT 1973`) is not a date.
    Heading,
    /// On-screen text: any year.
    Other,
    /// A transition (`BACK TO:`): any year, and `BACK TO` returns to the
    /// present.
    Transition,
}

const NUMBERS: &[(&str, u32)] = &[
    ("A", 1),
    ("AN", 1),
    ("ONE", 1),
    ("TWO", 2),
    ("THREE", 3),
    ("FOUR", 4),
    ("FIVE", 5),
    ("SIX", 6),
    ("SEVEN", 7),
    ("EIGHT", 8),
    ("NINE", 9),
    ("TEN", 10),
    ("ELEVEN", 11),
    ("TWELVE", 12),
    ("THIRTEEN", 13),
    ("FOURTEEN", 14),
    ("FIFTEEN", 15),
    ("SIXTEEN", 16),
    ("SEVENTEEN", 17),
    ("EIGHTEEN", 18),
    ("NINETEEN", 19),
    ("TWENTY", 20),
    ("THIRTY", 30),
    ("FORTY", 40),
    ("FIFTY", 50),
    ("SIXTY", 60),
    ("SEVENTY", 70),
    ("EIGHTY", 80),
    ("NINETY", 90),
    ("HUNDRED", 100),
];

const UNITS: &[(&str, &str, u32)] = &[
    ("SECOND", "s", 1),
    ("MINUTE", "m", 1),
    ("HOUR", "h", 1),
    ("DAY", "d", 1),
    ("NIGHT", "d", 1),
    ("WEEK", "w", 1),
    ("MONTH", "mo", 1),
    ("YEAR", "y", 1),
    ("DECADE", "y", 10),
];

const DAY_PARTS: &[&str] = &["MORNING", "DAY", "NIGHT", "EVENING", "AFTERNOON"];

fn is(word: &str, upper: &str) -> bool {
    word.eq_ignore_ascii_case(upper)
}

fn number(word: &str) -> Option<u32> {
    if word.bytes().all(|b| b.is_ascii_digit()) && word.len() <= 4 {
        return word.parse().ok();
    }
    NUMBERS.iter().find(|(w, _)| is(word, w)).map(|&(_, n)| n)
}

fn unit(word: &str) -> Option<(&'static str, u32)> {
    let singular = word
        .strip_suffix('S')
        .or_else(|| word.strip_suffix('s'))
        .unwrap_or(word);
    UNITS
        .iter()
        .find(|(w, _, _)| is(singular, w) || is(word, w))
        .map(|&(_, u, k)| (u, k))
}

/// The words of `text`: runs of letters and digits, with their ranges.
fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push((s..i, &text[s..i]));
        }
    }
    if let Some(s) = start {
        out.push((s..text.len(), &text[s..]));
    }
    out
}

/// Every cue in `text`, left to right; words used by one cue are not read
/// again (`TWO DAYS LATER` is one cue, not also `LATER`).
pub(crate) fn scan(text: &str, source: Source) -> Vec<Found> {
    let ws = words(text);
    let mut out = Vec::new();
    let w = |i: usize| ws.get(i).map_or("", |(_, s)| *s);
    let mut i = 0;
    while i < ws.len() {
        let mut found = |cue: Cue, last: usize| {
            out.push(Found {
                cue,
                words: ws[i].0.start..ws[last].0.end,
            });
            last + 1
        };
        let next = if is(w(i), "END") && is(w(i + 1), "FLASHBACK") {
            found(Cue::Present, i + 1)
        } else if is(w(i), "END") && is(w(i + 1), "OF") && is(w(i + 2), "FLASHBACK") {
            found(Cue::Present, i + 2)
        } else if is(w(i), "FLASHBACK") || is(w(i), "FLASHBACKS") {
            found(Cue::Flashback, i)
        } else if is(w(i), "FLASH") && is(w(i + 1), "BACK") {
            found(Cue::Flashback, i + 1)
        } else if is(w(i), "FLASHFORWARD") {
            found(Cue::Flashforward, i)
        } else if is(w(i), "FLASH") && is(w(i + 1), "FORWARD") {
            found(Cue::Flashforward, i + 1)
        } else if is(w(i), "DREAM") || is(w(i), "DREAMS") {
            found(Cue::Dream, i)
        } else if source == Source::Transition
            && is(w(i), "BACK")
            && is(w(i + 1), "TO")
            && !is(w(i + 2), "PRESENT")
        {
            found(Cue::Present, i + 1)
        } else if is(w(i), "PRESENT") {
            let last = if is(w(i + 1), "DAY") { i + 1 } else { i };
            found(Cue::Present, last)
        } else if is(w(i), "CONTINUOUS") {
            found(Cue::Continuous, i)
        } else if (is(w(i), "MOMENTS") || is(w(i), "MOMENT")) && is(w(i + 1), "LATER") {
            found(Cue::MomentsLater, i + 1)
        } else if is(w(i), "SAME") && is(w(i + 1), "TIME") {
            found(Cue::SameTime, i + 1)
        } else if (is(w(i), "NEXT") || is(w(i), "FOLLOWING"))
            && DAY_PARTS.iter().any(|p| is(w(i + 1), p))
        {
            found(Cue::NextDay, i + 1)
        } else if let (Some(n), Some((u, k))) = (number(w(i)), unit(w(i + 1))) {
            // `TWENTY FIVE YEARS LATER` is read from `FIVE`: good enough, and
            // the note shows the words used.
            let later = is(w(i + 2), "LATER") || is(w(i + 2), "AFTER");
            let earlier = is(w(i + 2), "EARLIER") || is(w(i + 2), "BEFORE");
            if later || earlier {
                found(
                    Cue::Offset {
                        amount: n.saturating_mul(k),
                        unit: u,
                        later,
                    },
                    i + 2,
                )
            } else {
                i + 1
            }
        } else if is(w(i), "LATER") {
            found(Cue::Later, i)
        } else if let Some(y) = year(text, &ws[i].0, source) {
            found(Cue::Year(y), i)
        } else {
            i + 1
        };
        i = next;
    }
    out
}

fn year(text: &str, at: &Range<usize>, source: Source) -> Option<u16> {
    let word = &text[at.clone()];
    if word.len() != 4 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: u16 = word.parse().ok()?;
    if !(1000..=2999).contains(&y) {
        return None;
    }
    if source == Source::Heading {
        let before = text[..at.start].trim_end().chars().next_back();
        let after = text[at.end..].trim_start().chars().next();
        let opens = matches!(before, Some('(' | '-' | '–' | '—'));
        let closes = matches!(after, None | Some(')' | '-' | '–' | '—'));
        if !(opens && closes) {
            return None;
        }
    }
    Some(y)
}

/// What one scene offers the inference: its id, its cues with the spans of
/// their words, whether it has its own `story:` tag, and its heading's
/// place and time of day (to tell when a flashback returns to the present).
pub(crate) struct SceneCues {
    /// The scene's final id.
    pub id: String,
    /// Cues with the span of their words and the words as written.
    pub cues: Vec<(Cue, Span, String)>,
    /// The scene has a `story:` tag: nothing is inferred for it.
    pub explicit_story: bool,
    /// The heading's span and text, for notes about scenes with no cue.
    pub heading: (Span, String),
    /// The place and time of day of the heading (`KITCHEN`, `NIGHT`), as
    /// written.
    pub place: Option<String>,
    /// The time of day of the heading, as written.
    pub time: Option<String>,
}

/// The strand a scene is told in: the present (the frame the telling
/// returns to) or one opened by a cue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strand {
    /// The present.
    Present,
    /// A flashback, opened by `FLASHBACK`.
    Flashback,
    /// A flash-forward, opened by `FLASHFORWARD`.
    Flashforward,
    /// A dream, opened by `DREAM`.
    Dream,
}

impl Strand {
    /// The thread a strand's scenes join (`present`, `flashback` …).
    pub fn thread(self) -> &'static str {
        match self {
            Strand::Present => "present",
            Strand::Flashback => "flashback",
            Strand::Flashforward => "flash-forward",
            Strand::Dream => "dream",
        }
    }
}

/// What the inference gives one scene.
pub(crate) struct Inferred {
    /// `story:` items.
    pub story: Vec<StoryItem>,
    /// The strand it is told in.
    pub strand: Strand,
}

/// The walk through the telling: the strand being told, the last scene of
/// the present and of the strand away from it.
struct Walk {
    strand: Strand,
    /// The last scene told in the present (`ANCHOR`).
    present: Option<usize>,
    /// The last scene of the strand away from the present, if one is open.
    away: Option<usize>,
}

/// Turn every scene's cues into `story:` items, one note per inference.
///
/// A scene without a tag or cue continues the strand it is told in: it
/// comes after the last scene of that strand (on the same story day, since
/// nothing moves it). `FLASHBACK`, `FLASHFORWARD` and `DREAM` open a strand
/// away from the present, which lasts until a return cue (`PRESENT`, `BACK
/// TO PRESENT`, `END FLASHBACK`, a `BACK TO:` transition) or the next scene
/// set in the present's place and time of day.
pub(crate) fn infer(scenes: &[SceneCues]) -> (Vec<Inferred>, Vec<Diagnostic>) {
    let mut out = Vec::with_capacity(scenes.len());
    let mut notes = Vec::new();
    let mut walk = Walk {
        strand: Strand::Present,
        present: None,
        away: None,
    };
    for (i, scene) in scenes.iter().enumerate() {
        let prev = i.checked_sub(1);
        let leaving = scene.cues.iter().find_map(|(c, _, _)| c.strand());
        let returning = scene.cues.iter().any(|(c, _, _)| *c == Cue::Present);
        let home = walk.strand != Strand::Present
            && leaving.is_none()
            && !returning
            && same_place(scene, walk.present.map(|p| &scenes[p]));
        match (leaving, returning || home) {
            (Some(strand), _) => {
                walk.strand = strand;
                walk.away = None;
            }
            (None, true) => walk.strand = Strand::Present,
            (None, false) => {}
        }
        // `PREV` is the scene told before this one in its strand (the
        // anchor when it returns to the present), else the one told before.
        let strand_prev = match walk.strand {
            Strand::Present => walk.present,
            _ => walk.away,
        }
        .or(prev);
        let mut mine = Vec::new();
        for (cue, span, words) in &scene.cues {
            if scene.explicit_story {
                notes.push(skipped(&scene.id, *span, words, "has its own `story:` tag"));
                continue;
            }
            let reference = match cue {
                Cue::Year(_) => None,
                Cue::Flashback | Cue::Flashforward | Cue::Present | Cue::Dream => walk.present,
                _ => strand_prev,
            };
            let needs_reference = !matches!(cue, Cue::Year(_));
            let Some(item) = (match (needs_reference, reference) {
                (true, None) => None,
                (_, r) => item(*cue, r.map(|r| scenes[r].id.as_str()), *span),
            }) else {
                notes.push(skipped(
                    &scene.id,
                    *span,
                    words,
                    "has no earlier scene to relate it to",
                ));
                continue;
            };
            notes.push(inferred(&scene.id, &item, *span, words));
            mine.push(item);
        }
        if mine.is_empty() && scene.cues.is_empty() && !scene.explicit_story {
            if let Some((item, note)) = continuation(scenes, i, &walk, home) {
                notes.push(note);
                mine.push(item);
            }
        }
        match walk.strand {
            Strand::Present => walk.present = Some(i),
            _ => walk.away = Some(i),
        }
        out.push(Inferred {
            story: mine,
            strand: walk.strand,
        });
    }
    (out, notes)
}

/// True when `scene` is set where and when the present last was: the same
/// place, and the same time of day unless either heading gives none.
fn same_place(scene: &SceneCues, present: Option<&SceneCues>) -> bool {
    let Some(present) = present else {
        return false;
    };
    let eq = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    let times_agree =
        scene.time.is_none() || present.time.is_none() || eq(&scene.time, &present.time);
    eq(&scene.place, &present.place) && times_agree
}

/// The `story:` item of a scene with no cue: after the last scene of its
/// strand, with a note saying what it rests on.
fn continuation(
    scenes: &[SceneCues],
    i: usize,
    walk: &Walk,
    home: bool,
) -> Option<(StoryItem, Diagnostic)> {
    let scene = &scenes[i];
    let (heading, words) = &scene.heading;
    let (before, why) = match walk.strand {
        Strand::Present if home => (
            walk.present?,
            format!(
                "set in {} like the present it left, so it returns to the present",
                place_and_time(scene)
            ),
        ),
        Strand::Present => (
            walk.present?,
            "no cue, so it continues the present".to_string(),
        ),
        away => (
            walk.away?,
            format!("no cue, so it continues the {}", strand_name(away)),
        ),
    };
    let other = &scenes[before].id;
    let item = StoryItem {
        constraint: Some(StoryConstraint::After {
            scene: Name {
                text: other.as_str().into(),
                span: *heading,
            },
            gap: None,
        }),
        duration: None,
        span: *heading,
    };
    let text = crate::syntax::printer::story_item(&item);
    let note = Diagnostic::note(
        codes::INFERRED,
        format!(
            "inferred `story: {}` for scene `{}` from `{}`: {why}",
            clip(&text),
            clip(&scene.id),
            clip(words)
        ),
    )
    .primary(*heading, format!("read as `{text}`, on the same story day unless a cue moves it"))
    .help("to override it, tag the scene with its own `[[story: …]]`, or give its heading a cue (`THE NEXT MORNING`, `FLASHBACK`, a year)");
    Some((item, note))
}

fn place_and_time(scene: &SceneCues) -> String {
    match (&scene.place, &scene.time) {
        (Some(p), Some(t)) => format!("`{}`, `{}`,", clip(p), clip(t)),
        (Some(p), None) => format!("`{}`", clip(p)),
        _ => "the same place".to_string(),
    }
}

fn strand_name(strand: Strand) -> &'static str {
    match strand {
        Strand::Present => "present",
        Strand::Flashback => "flashback",
        Strand::Flashforward => "flash-forward",
        Strand::Dream => "dream",
    }
}

fn skipped(id: &str, span: Span, words: &str, why: &str) -> Diagnostic {
    let d = Diagnostic::note(
        codes::INFERENCE_OVERRIDDEN,
        format!("`{words}` not used: scene `{}` {why}", clip(id)),
    )
    .primary(span, "no story-time inferred from these words");
    if why.starts_with("has its own") {
        d.help("a scene with a `story:` tag takes no inferred story-time")
    } else {
        d
    }
}

fn inferred(id: &str, item: &StoryItem, span: Span, words: &str) -> Diagnostic {
    let text = crate::syntax::printer::story_item(item);
    Diagnostic::note(
        codes::INFERRED,
        format!(
            "inferred `story: {}` for scene `{}` from `{words}`",
            clip(&text),
            clip(id)
        ),
    )
    .primary(span, format!("read as `{text}`"))
    .help("to override it, tag the scene with its own `[[story: …]]`; a scene with a `story:` tag takes no inferred story-time")
}

fn item(cue: Cue, other: Option<&str>, span: Span) -> Option<StoryItem> {
    let name = |text: &str| Name {
        text: text.to_string().into(),
        span,
    };
    let constraint = match cue {
        Cue::Year(y) => {
            let value = literal::date(&format!("{y:04}")).ok()?;
            StoryConstraint::At {
                from: DateLit {
                    value,
                    span,
                    readable: None,
                },
                to: None,
            }
        }
        Cue::Flashback => StoryConstraint::Before {
            scene: name(other?),
            gap: None,
        },
        Cue::Flashforward | Cue::Present | Cue::Later | Cue::Dream => StoryConstraint::After {
            scene: name(other?),
            gap: None,
        },
        Cue::Continuous => StoryConstraint::After {
            scene: name(other?),
            gap: Some(range(None, Some("1m"), span)?),
        },
        Cue::MomentsLater => StoryConstraint::After {
            scene: name(other?),
            gap: Some(range(None, Some("10m"), span)?),
        },
        // Story days are counted from the earliest schedule, so the next
        // day starts at least a day after the scene before it.
        Cue::NextDay => StoryConstraint::Offset {
            scene: name(other?),
            sign: Sign::Plus,
            range: range(Some("1d"), Some("2d"), span)?,
        },
        Cue::SameTime => StoryConstraint::Offset {
            scene: name(other?),
            sign: Sign::Plus,
            range: exact("0s", span)?,
        },
        Cue::Offset {
            amount,
            unit,
            later,
        } => StoryConstraint::Offset {
            scene: name(other?),
            sign: if later { Sign::Plus } else { Sign::Minus },
            range: exact(&format!("{amount}{unit}"), span)?,
        },
    };
    Some(StoryItem {
        constraint: Some(constraint),
        duration: None,
        span,
    })
}

fn duration(text: &str) -> Option<Duration> {
    literal::duration(text).ok()
}

fn range(min: Option<&str>, max: Option<&str>, span: Span) -> Option<Box<RangeLit>> {
    Some(Box::new(RangeLit {
        min: match min {
            Some(m) => Some(duration(m)?),
            None => None,
        },
        max: match max {
            Some(m) => Some(duration(m)?),
            None => None,
        },
        dotted: true,
        span,
    }))
}

fn exact(text: &str, span: Span) -> Option<Box<RangeLit>> {
    Some(Box::new(RangeLit {
        min: Some(duration(text)?),
        max: None,
        dotted: false,
        span,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str, source: Source) -> Vec<Cue> {
        scan(text, source).into_iter().map(|f| f.cue).collect()
    }

    #[test]
    fn heading_cues() {
        assert_eq!(
            cues("INT. HOUSE - DAY (1973) - FLASHBACK", Source::Heading),
            [Cue::Year(1973), Cue::Flashback]
        );
        assert_eq!(cues("INT. APARTMENT 1973 - DAY", Source::Heading), []);
        assert_eq!(
            cues("EXT. PIER - CONTINUOUS", Source::Heading),
            [Cue::Continuous]
        );
        assert_eq!(
            cues("INT. BAR - MOMENTS LATER", Source::Heading),
            [Cue::MomentsLater]
        );
        assert_eq!(cues("INT. BAR - LATER", Source::Heading), [Cue::Later]);
        assert_eq!(
            cues("INT. BAR - THE NEXT MORNING", Source::Heading),
            [Cue::NextDay]
        );
        assert_eq!(
            cues("INT. BAR - PRESENT DAY", Source::Heading),
            [Cue::Present]
        );
        assert_eq!(
            cues("INT. BAR - SAME TIME", Source::Heading),
            [Cue::SameTime]
        );
    }

    #[test]
    fn supers() {
        assert_eq!(
            cues("SUPER: SIX YEARS EARLIER", Source::Other),
            [Cue::Offset {
                amount: 6,
                unit: "y",
                later: false
            }]
        );
        assert_eq!(
            cues("TWO DAYS LATER", Source::Other),
            [Cue::Offset {
                amount: 2,
                unit: "d",
                later: true
            }]
        );
        assert_eq!(cues("SUPER: Paris, 1968", Source::Other), [Cue::Year(1968)]);
        assert_eq!(cues("END FLASHBACK", Source::Other), [Cue::Present]);
    }
}
