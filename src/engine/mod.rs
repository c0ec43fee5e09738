//! The ordering engine: story-time tags to a chronology.
//!
//! [`network`] compiles a [`Story`] into a simple temporal network (two time
//! points per scene, difference constraints with provenance); [`solve`]
//! checks it and computes bounds; [`chronology`] orders the scenes; [`explain`]
//! turns contradictions into diagnostics; [`stats`] measures how the telling
//! moves through story-time. [`analyze`] runs them all.
//!
//! [`Story`]: crate::model::Story

pub mod stats;

use serde::Serialize;

use crate::model::{EraId, SceneId};
use crate::span::Span;
use crate::time::Seconds;

/// Bounds on one time point: absolute seconds, `None` where unbounded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TimeBounds {
    /// Earliest possible value.
    pub earliest: Option<Seconds>,
    /// Latest possible value.
    pub latest: Option<Seconds>,
}

/// Bounds relative to another scene's start, for scenes in a part of the
/// story with no absolute date anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct RelativeBounds {
    /// The scene whose start is taken as 0 (the component's first scene in
    /// telling order).
    pub anchor: SceneId,
    /// Start relative to the anchor's start.
    pub start: TimeBounds,
    /// End relative to the anchor's start.
    pub end: TimeBounds,
}

/// Where one scene sits in story-time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Placement {
    /// Absolute bounds on the start (both `None` in a floating component).
    pub start: TimeBounds,
    /// Absolute bounds on the end.
    pub end: TimeBounds,
    /// True when the scene's connected part of the network has an absolute
    /// date somewhere, so its bounds may be dates.
    pub anchored: bool,
    /// Bounds relative to an anchor scene, for floating components.
    pub relative: Option<RelativeBounds>,
    /// One consistent schedule: the earliest start and end the tags allow
    /// (relative to the anchor in a floating component). Used to number
    /// story days and to place marks where the time is only bounded.
    pub scheduled_start: Seconds,
    /// End in the same schedule.
    pub scheduled_end: Seconds,
    /// 0-based position in the chronology; `None` for unplaced scenes.
    pub chrono: Option<usize>,
    /// Story day (1-based), by the rule in `docs/ordering.md`.
    pub story_day: Option<u32>,
    /// The era the scene lies in, if any era contains it for certain.
    pub era: Option<EraId>,
    /// Connected component of the network (scenes tied by constraints).
    pub component: u32,
    /// True when a reported contradiction involves this scene.
    pub in_contradiction: bool,
}

/// One constraint of a contradiction, in the writer's terms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The scene the constraint is written on.
    pub scene: SceneId,
    /// Where it was written (a `story:` item, a marker line, a scene header
    /// for the implicit "a scene ends after it starts").
    #[serde(skip)]
    pub span: Span,
    /// What it requires, with the derived time where there is one.
    pub explanation: String,
}

/// A set of constraints that cannot all hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contradiction {
    /// The constraints of the cycle, in the order the reasoning follows.
    pub steps: Vec<Step>,
    /// One-line summary.
    pub summary: String,
}

/// Everything the engine computed for a story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Chronology {
    /// One placement per scene, indexed by [`SceneId`] (telling order).
    pub placements: Vec<Placement>,
    /// Placed scenes in chronological order.
    pub order: Vec<SceneId>,
    /// Scenes no constraint touches, in telling order.
    pub unplaced: Vec<SceneId>,
    /// Contradictions found (at most [`MAX_CONTRADICTIONS`]).
    pub contradictions: Vec<Contradiction>,
    /// True when more contradictions existed than were reported.
    pub truncated: bool,
}

/// Most contradictions reported for one story.
pub const MAX_CONTRADICTIONS: usize = 100;

pub mod blocks;
pub mod chronology;
pub mod explain;
pub mod network;
pub mod solve;

use std::collections::HashSet;

use crate::model::{ConstraintKind, EraBound, Story};
use crate::source::Sources;

use network::{Source, Which};
use solve::INF;

/// Run the engine on a story: compile, solve, explain, order.
///
/// `sources` is used only to quote constraints in explanations.
pub fn analyze(story: &Story, sources: &Sources) -> Chronology {
    let n = story.scenes.len();
    let net = network::compile(story);
    // Floating parts are pinned at the start of their first scene in telling
    // order, so their bounds come out relative to it.
    let anchor_of = |component: &[u32], anchored: &[bool]| -> Vec<Option<SceneId>> {
        let mut anchor = vec![None; anchored.len()];
        for i in 0..n {
            let s = SceneId(i as u32);
            let c = component[net.point(s, Which::Start) as usize] as usize;
            if !anchored[c] && anchor[c].is_none() {
                anchor[c] = Some(s);
            }
        }
        anchor
    };
    let solution = solve::solve(&net, MAX_CONTRADICTIONS, |component, anchored| {
        anchor_of(component, anchored)
            .into_iter()
            .flatten()
            .map(|s| (net.point(s, Which::Start), 0))
            .collect()
    });
    let anchors = anchor_of(&solution.component, &solution.component_anchored);

    // A scene takes part when it has a constraint or another refers to it.
    let mut placed = vec![false; n];
    for (i, scene) in story.scenes.values().enumerate() {
        if !scene.constraints.is_empty() {
            placed[i] = true;
        }
        for c in &scene.constraints {
            if let Some(o) = c.kind.other() {
                placed[o.index()] = true;
            }
            if let ConstraintKind::InEra { era } = c.kind {
                let era = story.era(era);
                for b in [&era.from, &era.to].into_iter().flatten() {
                    if let EraBound::Scene { scene, .. } = b {
                        placed[scene.index()] = true;
                    }
                }
            }
        }
    }

    let contradictions: Vec<Contradiction> = solution
        .cycles
        .iter()
        .map(|c| explain::contradiction(sources, story, &net, c))
        .collect();
    let mut in_contradiction = vec![false; n];
    for c in &contradictions {
        for s in &c.steps {
            in_contradiction[s.scene.index()] = true;
        }
    }
    let mut set_aside: HashSet<Source> = HashSet::new();
    for (i, e) in net.edges.iter().enumerate() {
        if solution.edge_disabled[i] {
            set_aside.insert(e.source);
        }
    }

    let point = |s: usize, w: Which| net.point(SceneId(s as u32), w) as usize;
    let anchored: Vec<bool> = (0..n)
        .map(|s| solution.component_anchored[solution.component[point(s, Which::Start)] as usize])
        .collect();
    let earliest_start: Vec<Seconds> = (0..n)
        .map(|s| solution.earliest[point(s, Which::Start)])
        .collect();
    let latest_start: Vec<Seconds> = (0..n)
        .map(|s| solution.latest[point(s, Which::Start)])
        .collect();
    let scheduled_start: Vec<Seconds> = (0..n)
        .map(|s| solution.schedule[point(s, Which::Start)])
        .collect();
    let part: Vec<u32> = (0..n)
        .map(|s| {
            let c = solution.component[point(s, Which::Start)] as usize;
            anchors[c].map_or(0, |a| a.0)
        })
        .collect();
    let order = chronology::order(&chronology::OrderInput {
        story,
        network: &net,
        placed: &placed,
        earliest_start: &earliest_start,
        latest_start: &latest_start,
        anchored: &anchored,
        part: &part,
        scheduled_start: &scheduled_start,
        set_aside: &set_aside,
    });

    let bounds = |p: usize| TimeBounds {
        earliest: Some(solution.earliest[p]).filter(|&v| v != Seconds::MIN),
        latest: Some(solution.latest[p]).filter(|&v| v != INF),
    };
    let mut placements: Vec<Placement> = (0..n)
        .map(|s| {
            let (start, end) = (point(s, Which::Start), point(s, Which::End));
            let component = solution.component[start];
            let (abs_start, abs_end, relative) = if anchored[s] {
                (bounds(start), bounds(end), None)
            } else {
                let anchor = anchors[component as usize].unwrap_or(SceneId(s as u32));
                (
                    TimeBounds::default(),
                    TimeBounds::default(),
                    Some(RelativeBounds {
                        anchor,
                        start: bounds(start),
                        end: bounds(end),
                    }),
                )
            };
            Placement {
                start: abs_start,
                end: abs_end,
                anchored: anchored[s],
                relative,
                scheduled_start: solution.schedule[start],
                scheduled_end: solution.schedule[end],
                chrono: None,
                story_day: None,
                era: None,
                component,
                in_contradiction: in_contradiction[s],
            }
        })
        .collect();
    for (position, s) in order.iter().enumerate() {
        placements[s.index()].chrono = Some(position);
    }
    number_story_days(&order, &mut placements);
    assign_eras(story, &mut placements);
    let unplaced = (0..n)
        .filter(|&s| !placed[s])
        .map(|s| SceneId(s as u32))
        .collect();
    Chronology {
        placements,
        order,
        unplaced,
        contradictions,
        truncated: solution.truncated,
    }
}

/// Story days: walking the chronology, a new day starts whenever a scene's
/// scheduled start falls on a different calendar day from the previous
/// scene's (or in a different part of the network).
fn number_story_days(order: &[SceneId], placements: &mut [Placement]) {
    let mut day = 0u32;
    let mut previous: Option<(u32, i64)> = None;
    for s in order {
        let p = &placements[s.index()];
        let key = (p.component, p.scheduled_start.div_euclid(crate::time::DAY));
        let same = previous.is_some_and(|(c, d)| {
            let (pc, pd) = key;
            // Anchored scenes compare calendar days; floating parts compare
            // days since their anchor within the same part.
            d == pd && (c == pc || p.anchored)
        });
        if !same {
            day += 1;
        }
        previous = Some(key);
        placements[s.index()].story_day = Some(day);
    }
}

/// The era each scene lies in: the first era a constraint puts it in, else
/// the first era whose fixed bounds contain its whole possible span.
fn assign_eras(story: &Story, placements: &mut [Placement]) {
    const MAX_SCANNED_ERAS: usize = 64;
    for (i, scene) in story.scenes.values().enumerate() {
        let direct = scene.constraints.iter().find_map(|c| match c.kind {
            ConstraintKind::InEra { era } => Some(era),
            _ => None,
        });
        let p = &placements[i];
        let era = direct.or_else(|| {
            if story.eras.len() > MAX_SCANNED_ERAS || !p.anchored {
                return None;
            }
            story.eras.values().enumerate().find_map(|(e, era)| {
                let from_ok = match era.from {
                    Some(EraBound::Time { at, .. }) => p.start.earliest.is_some_and(|s| s >= at),
                    Some(EraBound::Scene { scene, .. }) => {
                        let other = placements[scene.index()].start.latest;
                        matches!((p.start.earliest, other), (Some(a), Some(b)) if a >= b)
                    }
                    None => true,
                };
                let to_ok = match era.to {
                    Some(EraBound::Time { at, .. }) => p.end.latest.is_some_and(|s| s <= at),
                    Some(EraBound::Scene { scene, .. }) => {
                        let other = placements[scene.index()].start.earliest;
                        matches!((p.end.latest, other), (Some(a), Some(b)) if a <= b)
                    }
                    None => true,
                };
                (from_ok && to_ok && (era.from.is_some() || era.to.is_some()))
                    .then_some(EraId(e as u32))
            })
        });
        placements[i].era = era;
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
