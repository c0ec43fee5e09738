//! Time of day against the chronology: a scene set at `NIGHT` (its
//! slugline's `- NIGHT` or `time: night`) whose tags put its start at 14:00
//! is `E0510`; one whose known day allows hours inside and outside the night
//! is the note `N0511`; with `--infer`, a start the time of day narrowed is
//! the note `N0512`. The hours of each part of the day come from
//! `chronotope.toml` (`[time-of-day]`); `CONTINUOUS` and `MOMENTS LATER`
//! take the part of the day of the scene told before
//! ([`crate::engine::narrow::day_parts`]). Only scenes with dates are
//! checked: a floating part of the story has no clock. Linear in the scenes.

use crate::continuity::config::Config;
use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::narrow::{day_parts, PartOfDay};
use crate::engine::Chronology;
use crate::model::{SceneId, Story};
use crate::span::Span;
use crate::text::clip;
use crate::time::daypart::{Relation, TimeOfDay, Window};
use crate::time::{human, Seconds};

/// Run the time-of-day rules that `config` enables.
pub fn check(story: &Story, chronology: &Chronology, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let clash = config.enabled(codes::TIME_OF_DAY);
    let may = config.enabled(codes::TIME_OF_DAY_MAY_DIFFER);
    if clash || may {
        for (i, part) in day_parts(story).into_iter().enumerate() {
            let Some(part) = part else { continue };
            let scene = SceneId(i as u32);
            let p = &chronology.placements[i];
            if !p.anchored || p.chrono.is_none() {
                continue;
            }
            let (Some(lo), Some(hi)) = (p.start.earliest, p.start.latest) else {
                continue;
            };
            let window = config.hours.window_at(part.part, lo);
            match window.relate(lo, hi) {
                Relation::Outside if clash => {
                    out.push(finding(story, scene, part, window, (lo, hi), true));
                }
                Relation::Partly if may && hi - lo < crate::time::DAY => {
                    out.push(finding(story, scene, part, window, (lo, hi), false));
                }
                _ => {}
            }
        }
    }
    if config.enabled(codes::TIME_OF_DAY_NARROWED) {
        let parts = day_parts(story);
        for &(scene, lo, hi) in &chronology.narrowed {
            let Some(part) = parts[scene.index()] else {
                continue;
            };
            let (span, said) = said(story, scene, part);
            let d = Diagnostic::note(
                codes::TIME_OF_DAY_NARROWED,
                format!(
                    "{said} narrowed the start of scene `{}`: it starts {}",
                    clip(story.scene_name(scene)),
                    between(lo, hi)
                ),
            )
            .primary(span, format!("read as {}", config.hours.window_at(part.part, lo).text()))
            .help("to place it otherwise, give the scene a time in `story:`; without `--infer` a time of day only checks");
            out.push(Finding::new(d, vec![scene]));
        }
    }
    out
}

/// `DAY (07:00–18:00)` and where the scene says it.
fn said(story: &Story, scene: SceneId, part: PartOfDay) -> (Span, String) {
    let own = story.scene(scene).time;
    let span = own.map_or(story.scene(scene).span, |t| t.span);
    let word = part.part.word().to_uppercase();
    let text = match own.map(|t| t.value) {
        Some(t @ (TimeOfDay::Continuous | TimeOfDay::MomentsLater)) => format!(
            "`{}` (the {word} of `{}`)",
            t.word().to_uppercase().replace('-', " "),
            clip(story.scene_name(part.from))
        ),
        _ => format!("`{word}`"),
    };
    (span, text)
}

/// `at 1958-06-01 14:00` (one moment, or one minute as a tag writes
/// it), else `between … and …`.
fn between(lo: Seconds, hi: Seconds) -> String {
    let one_minute = lo.rem_euclid(crate::time::MINUTE) == 0 && hi - lo < crate::time::MINUTE;
    if lo == hi || one_minute {
        format!("at {}", human(lo))
    } else {
        format!("between {} and {}", human(lo), human(hi))
    }
}

fn finding(
    story: &Story,
    scene: SceneId,
    part: PartOfDay,
    window: Window,
    (lo, hi): (Seconds, Seconds),
    certain: bool,
) -> Finding {
    let (span, said) = said(story, scene, part);
    let s = story.scene(scene);
    let tags = s
        .constraints
        .iter()
        .find(|c| c.origin == crate::model::Origin::Story)
        .map_or(s.span, |c| c.span);
    let name = clip(story.scene_name(scene));
    let d = if certain {
        Diagnostic::error(
            codes::TIME_OF_DAY,
            format!(
                "scene `{name}` is set at {said}, {}, but its tags put its start {}",
                window.text(),
                between(lo, hi)
            ),
        )
        .primary(span, format!("{} is {}", part.part.word(), window.text()))
        .secondary(tags, format!("starts {}", between(lo, hi)))
        .help("correct the time of day or the scene's story-time; the hours of each part of the day are set under `[time-of-day]` in chronotope.toml")
    } else {
        Diagnostic::note(
            codes::TIME_OF_DAY_MAY_DIFFER,
            format!(
                "scene `{name}` is set at {said}, {}, but its tags let it start outside those hours: {}",
                window.text(),
                between(lo, hi)
            ),
        )
        .primary(span, format!("{} is {}", part.part.word(), window.text()))
        .secondary(tags, format!("starts {}", between(lo, hi)))
        .help("give the scene an hour in `story:`, or run with `--infer` to narrow it to the time of day")
    };
    let mut scenes = vec![scene];
    if part.from != scene {
        scenes.push(part.from);
    }
    Finding::new(d, scenes)
}
