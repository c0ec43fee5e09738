//! Story days as a film set numbers them.
//!
//! The main narrative (the strand `present:` names; every scene when it
//! names none) gets Day 1, 2, 3 … in chronological order. Scenes outside it
//! — in another era, or remembered, dreamt or imagined (`mode:`) — get days
//! of their own strand, numbered apart with a prefix: `X1`, `X2` … by
//! default, or the prefix `chronotope.toml` gives their era (`P1`, `P2` for
//! `past`), each prefix its own sequence. Within a strand a new day starts
//! where `story_day` starts one: at a scene that falls on
//! another calendar day than the one before it (or in another part of the
//! network). `day: 7` on a scene pins its day's label; the days after it
//! count on from there. A pin that goes back, repeats a label, disagrees
//! with another pin of its day or names another strand is a
//! [`PinConflict`]. The rules are in `docs/production.md`.

use compact_str::{format_compact, CompactString};
use serde::Serialize;

use crate::engine::{Chronology, Placement};
use crate::model::{EraBound, EraId, Mode, SceneId, Story};
use crate::time::daypart::day_of;
use crate::time::stamp::Stamp;
use crate::time::Seconds;

/// How days outside the main narrative are labelled (`[days]` in
/// `chronotope.toml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DayOptions {
    /// The prefix of days outside the main narrative whose era has none of
    /// its own (`X`).
    pub outside: String,
    /// A prefix per era (`past` → `P`): each its own sequence.
    pub eras: Vec<(String, String)>,
}

impl Default for DayOptions {
    fn default() -> DayOptions {
        DayOptions {
            outside: "X".to_string(),
            eras: Vec::new(),
        }
    }
}

/// A scene's `day:` pin that the solved story days contradict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PinConflict {
    /// The pinned scene.
    pub scene: SceneId,
    /// The label it pins (`day: 2`).
    pub pinned: String,
    /// The label the chronology gives that day without this pin: the label
    /// after the previous day's, with the previous pinned scene.
    pub solved: String,
    /// What the pin clashes with.
    pub why: Clash,
}

/// Why a pin cannot hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Clash {
    /// An earlier story day of the strand already has this label or a later
    /// one (`scene` is the scene that set it, if pinned).
    NotAfter {
        /// The last scene of the earlier day.
        earlier: SceneId,
        /// That day's label.
        label: String,
    },
    /// Another scene of the same story day pins another label.
    SameDay {
        /// The other scene.
        other: SceneId,
        /// Its label.
        label: String,
    },
    /// The prefix names another strand (`X2` on a main day).
    Strand,
}

/// The prefix of a scene's strand: `None` for the main narrative.
///
/// With `present: ERA`, a scene is outside the main narrative when it lies
/// in another era. A scene whose era is not certain (most scenes have no
/// length, so no known end) is read where the engine's schedule puts it,
/// the same earliest consistent times that number story days: outside when
/// its scheduled start is not in the present era. Remembered, dreamt and
/// imagined scenes are always outside. The prefix is the era's
/// (`[days.eras]`), else `outside`.
pub fn strand<'a>(
    story: &Story,
    placements: &[Placement],
    scene: SceneId,
    options: &'a DayOptions,
) -> Option<&'a str> {
    let s = story.scene(scene);
    let placement = &placements[scene.index()];
    let remembered = matches!(s.mode, Some(Mode::Memory | Mode::Dream | Mode::Imagined));
    let era = placement
        .era
        .or_else(|| scheduled_era(story, placements, placement));
    let in_present = match story.present.as_ref() {
        Some(p) if p.thread.is_some() => p.thread.is_some_and(|t| s.threads.contains(&t)),
        Some(p) => match p.era {
            Some(present) if placement.era.is_some() => placement.era == Some(present),
            Some(present) if placement.anchored => {
                holds(story, placements, present, placement.scheduled_start)
            }
            _ => true,
        },
        None => true,
    };
    if in_present && !remembered {
        return None;
    }
    let prefix = era.and_then(|era| {
        let name = &story.era(era).name;
        options
            .eras
            .iter()
            .find(|(e, _)| e == name)
            .map(|(_, p)| p.as_str())
    });
    Some(prefix.unwrap_or(options.outside.as_str()))
}

/// An era's bounds as times: the start of a scene bound is that scene's
/// earliest start (for `from`) or latest start (for `to`).
fn era_bounds(
    story: &Story,
    placements: &[Placement],
    era: EraId,
) -> (Option<Seconds>, Option<Seconds>) {
    let era = story.era(era);
    let side = |b: &Option<EraBound>, from: bool| match b {
        Some(EraBound::Time { at, .. }) => Some(*at),
        Some(EraBound::Scene { scene, .. }) => {
            let p = &placements[scene.index()];
            if from {
                p.start.earliest
            } else {
                p.start.latest
            }
        }
        None => None,
    };
    (side(&era.from, true), side(&era.to, false))
}

/// True when `era`'s bounds hold the time `t`.
fn holds(story: &Story, placements: &[Placement], era: EraId, t: Seconds) -> bool {
    let (from, to) = era_bounds(story, placements, era);
    from.is_none_or(|f| f <= t) && to.is_none_or(|e| t <= e)
}

/// The first era (in declaration order) that holds the scene's scheduled
/// start, for a scene with a date somewhere in its part of the story.
fn scheduled_era(story: &Story, placements: &[Placement], p: &Placement) -> Option<EraId> {
    const MAX_SCANNED_ERAS: usize = 64;
    if !p.anchored || story.eras.len() > MAX_SCANNED_ERAS {
        return None;
    }
    (0..story.eras.len() as u32).map(EraId).find(|&e| {
        let era = story.era(e);
        (era.from.is_some() || era.to.is_some()) && holds(story, placements, e, p.scheduled_start)
    })
}

/// True when the scene belongs to the main narrative (the present strand).
pub fn in_main(story: &Story, placements: &[Placement], scene: SceneId) -> bool {
    strand(story, placements, scene, &DayOptions::default()).is_none()
}

/// One strand's walk through the chronology.
struct Walk<'a> {
    /// The strand's prefix (`None` for the main narrative), borrowed from
    /// the options: compared for every scene, never copied.
    prefix: Option<&'a str>,
    /// Label number of the current day.
    number: u64,
    /// Whether the current day's label was pinned, and by which scene.
    pinned_by: Option<SceneId>,
    /// The scenes of the current day so far.
    today: Vec<SceneId>,
    /// The last scene of the day before.
    yesterday: Option<SceneId>,
    /// (component, calendar day) of the current day.
    key: (u32, i64),
    anchored: bool,
}

/// Each placed scene's day label (`"1"`, `"X2"`), indexed by scene, and
/// the pins that cannot hold.
pub fn label(
    story: &Story,
    chronology: &Chronology,
    options: &DayOptions,
) -> (Vec<Option<CompactString>>, Vec<PinConflict>) {
    let placements = &chronology.placements;
    let mut labels: Vec<Option<CompactString>> = vec![None; placements.len()];
    let mut conflicts = Vec::new();
    let mut walks: Vec<Walk> = Vec::new();
    // Without `format!`: a label for every scene of a long story.
    let text = |prefix: Option<&str>, n: u64| {
        let mut label = CompactString::from(prefix.unwrap_or(""));
        label.push_str(Stamp::integer(i64::try_from(n).unwrap_or(i64::MAX)).as_str());
        label
    };
    for &s in &chronology.order {
        let p = &placements[s.index()];
        let prefix = strand(story, placements, s, options);
        let key = (p.component, day_of(p.scheduled_start));
        let w = match walks.iter().position(|w| w.prefix == prefix) {
            Some(i) => i,
            None => {
                walks.push(Walk {
                    prefix,
                    number: 0,
                    pinned_by: None,
                    today: Vec::new(),
                    yesterday: None,
                    key,
                    anchored: p.anchored,
                });
                walks.len() - 1
            }
        };
        let walk = &mut walks[w];
        // Anchored scenes compare calendar days; floating parts compare
        // days since their anchor within the same part.
        let same_day = walk.number > 0
            && walk.key.1 == key.1
            && (walk.key.0 == key.0 || (p.anchored && walk.anchored));
        if !same_day {
            walk.number += 1;
            walk.pinned_by = None;
            walk.yesterday = walk.today.last().copied();
            walk.today.clear();
        }
        if let Some(pin) = &story.scene(s).day {
            apply_pin(walk, s, &pin.text, &mut labels, &mut conflicts);
        }
        walk.today.push(s);
        walk.key = key;
        walk.anchored = p.anchored;
        labels[s.index()] = Some(text(walk.prefix, walk.number));
    }
    (labels, conflicts)
}

/// Apply `day: pin` on scene `s`, on the current day of `walk`: renumber
/// the day (and the scenes already labelled on it) when the pin can hold,
/// else record why it cannot.
fn apply_pin(
    walk: &mut Walk,
    s: SceneId,
    pin: &str,
    labels: &mut [Option<CompactString>],
    conflicts: &mut Vec<PinConflict>,
) {
    let digits_at = pin.len() - pin.trim_start_matches(|c: char| c.is_alphabetic()).len();
    let (prefix, digits) = pin.split_at(digits_at);
    let Ok(n) = digits.parse::<u64>() else { return };
    let solved = format!("{}{}", walk.prefix.unwrap_or(""), walk.number);
    let mut conflict = |why: Clash| {
        conflicts.push(PinConflict {
            scene: s,
            pinned: pin.to_string(),
            solved: solved.clone(),
            why,
        })
    };
    if prefix != walk.prefix.unwrap_or("") {
        conflict(Clash::Strand);
        return;
    }
    if let Some(other) = walk.pinned_by {
        if walk.number != n {
            conflict(Clash::SameDay {
                other,
                label: solved.clone(),
            });
        }
        return;
    }
    // The day before this one has the label `number - 1` (0: this day is
    // the strand's first): a pin must come after it.
    let floor = walk.number - 1;
    if n <= floor {
        if let Some(earlier) = walk.yesterday {
            let label = format!("{}{floor}", walk.prefix.unwrap_or(""));
            conflict(Clash::NotAfter { earlier, label });
        }
        return;
    }
    if n != walk.number {
        // Scenes of this day before the pin (in the chronology) take the
        // pinned label too.
        let new = Some(format_compact!("{prefix}{n}"));
        for t in &walk.today {
            labels[t.index()].clone_from(&new);
        }
        walk.number = n;
    }
    walk.pinned_by = Some(s);
}

/// Set every placement's `day_label` and the chronology's `day_conflicts`
/// (see [`label`]): labelled once, for the views and the rules alike.
pub fn apply(story: &Story, chronology: &mut Chronology, options: &DayOptions) {
    let (labels, conflicts) = label(story, chronology, options);
    for (p, l) in chronology.placements.iter_mut().zip(labels) {
        p.day_label = l;
    }
    chronology.day_conflicts = conflicts;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analyze;
    use crate::workspace::Workspace;

    fn labelled(text: &str, options: &DayOptions) -> (Vec<(String, String)>, Vec<PinConflict>) {
        let ws = Workspace::from_text("t.scenes", text);
        let loaded = ws.resolve().remove(0);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let story = &loaded.story;
        let chronology = analyze(story, &ws.sources);
        let (labels, conflicts) = label(story, &chronology, options);
        let ordered = chronology
            .order
            .iter()
            .map(|&s| {
                let l = labels[s.index()].as_deref().unwrap_or_default().to_string();
                (story.scene_name(s).to_string(), l)
            })
            .collect();
        (ordered, conflicts)
    }

    fn just_labels(text: &str) -> Vec<String> {
        labelled(text, &DayOptions::default())
            .0
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    #[test]
    fn without_present_every_scene_is_main_but_memories() {
        let text = "title: T\nscene a: A\n  story: 2020-01-01\nscene m: M\n  story: 2019-06-01\n  mode: memory\nscene b: B\n  story: 2020-01-01 22:00\nscene c: C\n  story: 2020-01-03\n";
        assert_eq!(just_labels(text), ["X1", "1", "1", "2"]);
    }

    #[test]
    fn present_puts_other_eras_apart_with_their_prefixes() {
        let text =
            "title: T\npresent: now\nera past: .. 1999\nera old: .. 1900\nera now: 2000 ..\n\
                    scene a: A\n  story: 2020-01-01\nscene p: P\n  story: 1990-01-01 for 1h\n\
                    scene q: Q\n  story: after p by 1h\nscene o: O\n  story: 1850\n";
        let options = DayOptions {
            outside: "X".into(),
            eras: vec![("past".into(), "P".into())],
        };
        let (labels, conflicts) = labelled(text, &options);
        assert!(conflicts.is_empty());
        // `q` has no end and so no certain era: its scheduled start, an
        // hour after `p` ends, is read. `o` lies in `past` too (the first
        // era that holds it).
        assert_eq!(
            labels,
            [
                ("o".to_string(), "P1".to_string()),
                ("p".to_string(), "P2".to_string()),
                ("q".to_string(), "P2".to_string()),
                ("a".to_string(), "1".to_string()),
            ]
        );
    }

    #[test]
    fn floating_parts_are_main_and_numbered_apart() {
        let text = "title: T\npresent: now\nera now: 2000 ..\nscene a: A\n  story: 2020-01-01\nscene f: F\n  story: after g by 2d\nscene g: G\n";
        let labels = just_labels(text);
        assert_eq!(labels.len(), 3);
        assert!(labels.iter().all(|l| !l.starts_with('X')), "{labels:?}");
    }

    #[test]
    fn pins_count_on_and_conflicts_say_why() {
        let base = "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n  story: 2020-01-02\nscene c: C\n  story: 2020-01-02 12:00\nscene d: D\n  story: 2020-01-03\n";
        let pin = |scene: &str, day: &str| {
            base.replace(
                &format!("scene {scene}: {}\n", scene.to_uppercase()),
                &format!("scene {scene}: {}\n  day: {day}\n", scene.to_uppercase()),
            )
        };
        let run = |text: &str| labelled(text, &DayOptions::default());
        // c shares b's day: pinning c renames b's day too.
        let (labels, conflicts) = run(&pin("c", "5"));
        assert!(conflicts.is_empty());
        let only: Vec<&str> = labels.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(only, ["1", "5", "5", "6"]);
        // The boundary: day 2 may be pinned 2 (no change) but not 1.
        assert!(run(&pin("b", "2")).1.is_empty());
        let (_, conflicts) = run(&pin("b", "1"));
        assert_eq!(conflicts.len(), 1);
        assert_eq!(
            (conflicts[0].pinned.as_str(), conflicts[0].solved.as_str()),
            ("1", "2")
        );
        assert!(matches!(&conflicts[0].why, Clash::NotAfter { label, .. } if label == "1"));
        // Two pins on one day must agree.
        let both = pin("b", "4").replace("scene c: C\n", "scene c: C\n  day: 3\n");
        let (_, conflicts) = run(&both);
        assert_eq!(conflicts.len(), 1);
        assert!(matches!(&conflicts[0].why, Clash::SameDay { label, .. } if label == "4"));
        // A prefix that is not the strand's.
        let (_, conflicts) = run(&pin("a", "X1"));
        assert!(matches!(conflicts[0].why, Clash::Strand));
    }
}
