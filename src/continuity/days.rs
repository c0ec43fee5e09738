//! Pinned story days (`E0514`): a scene's `day: 7` against the story days
//! solved from the chronology ([`crate::engine::days`]). The conflicts are
//! found where the days are numbered; this turns them into diagnostics.

use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::days::Clash;
use crate::engine::Chronology;
use crate::model::Story;
use crate::text::clip;

/// The pins that cannot hold, as the engine found them when it labelled
/// the days (with the day options the chronology was made with).
pub fn check(story: &Story, chronology: &Chronology) -> Vec<Finding> {
    chronology
        .day_conflicts
        .iter()
        .map(|c| {
            let scene = story.scene(c.scene);
            let span = scene.day.as_ref().map_or(scene.span, |d| d.span);
            let name = clip(story.scene_name(c.scene));
            let pinned = clip(&c.pinned);
            let solved = clip(&c.solved);
            let (d, mut scenes) = match &c.why {
                Clash::NotAfter { earlier, label } => (
                    Diagnostic::error(
                        codes::DAY_PIN,
                        format!("scene `{name}` is pinned to day {pinned}, but the chronology makes it day {solved}"),
                    )
                    .primary(span, format!("day {pinned}"))
                    .secondary(
                        story.scene(*earlier).span,
                        format!("day {} comes before it", clip(label)),
                    )
                    .help(format!("a later story day needs a later label: write `day: {solved}` or more, or correct the story-time")),
                    vec![*earlier],
                ),
                Clash::SameDay { other, label } => (
                    Diagnostic::error(
                        codes::DAY_PIN,
                        format!("scene `{name}` is pinned to day {pinned}, but it falls on the story day of `{}`, pinned to day {}", clip(story.scene_name(*other)), clip(label)),
                    )
                    .primary(span, format!("day {pinned}"))
                    .secondary(
                        story.scene(*other).day.as_ref().map_or(story.scene(*other).span, |d| d.span),
                        format!("day {}", clip(label)),
                    )
                    .help("one story day has one label: give both scenes the same `day:`, or correct the story-time that puts them on one day"),
                    vec![*other],
                ),
                Clash::Strand => (
                    Diagnostic::error(
                        codes::DAY_PIN,
                        format!("scene `{name}` is pinned to day {pinned}, but the chronology makes it day {solved}, in another strand"),
                    )
                    .primary(span, format!("day {pinned}"))
                    .help(format!("days of the main narrative are numbers and days outside it carry a prefix (`X1`): write `day: {solved}`, or change `present:`")),
                    Vec::new(),
                ),
            };
            scenes.push(c.scene);
            Finding::new(d, scenes)
        })
        .collect()
}
