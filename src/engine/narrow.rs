//! Times of day in the chronology: which part of the day each scene is in
//! ([`day_parts`]), and with `--infer` the starts a time of day narrows
//! ([`narrowed`]).
//!
//! `CONTINUOUS` and `MOMENTS LATER` keep the part of the day of the scene
//! told just before; `LATER` keeps none. A start is narrowed only where its
//! day is known (its possible starts span less than a day) and the part of
//! the day meets them in one stretch: `DAY` on a scene dated `1958-06-01`
//! starts between 07:00 and 18:00, while `NIGHT` on it stays unknown (before
//! dawn or after dusk). A single point's possible times are exact in a
//! consistent network, so each narrowing alone can hold.

use crate::engine::network::{Bound, Network, Side, Source, Which};
use crate::engine::solve::{Solution, INF};
use crate::model::{SceneId, Story};
use crate::time::daypart::{DayPart, Hours, TimeOfDay};
use crate::time::Seconds;

/// A scene's part of the day and the scene whose `time:` (or slugline)
/// says so: itself, or for `CONTINUOUS` the scene told before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartOfDay {
    /// The part of the day.
    pub part: DayPart,
    /// The scene that names it.
    pub from: SceneId,
}

/// Each scene's part of the day, by telling order.
pub fn day_parts(story: &Story) -> Vec<Option<PartOfDay>> {
    let mut out: Vec<Option<PartOfDay>> = Vec::with_capacity(story.scenes.len());
    for (i, scene) in story.scenes.values().enumerate() {
        let me = SceneId(i as u32);
        let part = match scene.time.map(|t| t.value) {
            Some(TimeOfDay::Part(part)) => Some(PartOfDay { part, from: me }),
            Some(t) if t.follows_previous() => out.last().copied().flatten(),
            _ => None,
        };
        out.push(part);
    }
    out
}

/// The starts a time of day narrows: scene, new earliest, new latest.
pub fn narrowed(
    story: &Story,
    net: &Network,
    solution: &Solution,
    hours: &Hours,
) -> Vec<(SceneId, Seconds, Seconds)> {
    let mut out = Vec::new();
    for (i, part) in day_parts(story).into_iter().enumerate() {
        let Some(part) = part else { continue };
        let scene = SceneId(i as u32);
        let point = net.point(scene, Which::Start) as usize;
        if !solution.component_anchored[solution.component[point] as usize] {
            continue;
        }
        let (lo, hi) = (solution.earliest[point], solution.latest[point]);
        if lo == Seconds::MIN || hi == INF {
            continue;
        }
        if let Some((a, b)) = hours.window_at(part.part, lo).narrow(lo, hi) {
            out.push((scene, a, b));
        }
    }
    out
}

/// Add the narrowed starts to the network as bounds. They are never part
/// of a contradiction (the network was consistent, and the caller drops
/// them if together they are not), so the scene's own implicit source
/// stands for them.
pub fn add_bounds(net: &mut Network, narrowed: &[(SceneId, Seconds, Seconds)]) {
    for &(scene, lo, hi) in narrowed {
        let point = net.point(scene, Which::Start);
        let source = Source::Implicit { scene };
        for (side, at) in [(Side::Lower, lo), (Side::Upper, hi)] {
            net.bounds.push(Bound {
                point,
                side,
                at,
                source,
            });
        }
    }
}
