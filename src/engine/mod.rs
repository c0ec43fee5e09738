//! The ordering engine: story-time tags to a chronology.
//!
//! [`network`] compiles a [`Story`] into a simple temporal network (two time
//! points per scene, difference constraints with provenance); [`solve`]
//! checks it and computes bounds; [`chronology`] orders the scenes; [`explain`]
//! keeps each contradiction as data (its constraints by [`network::Source`])
//! and puts it into words when diagnostics are built; [`stats`] measures how
//! the telling moves through story-time. [`analyze`] runs them all.
//!
//! [`Story`]: crate::model::Story

pub mod stats;

use std::collections::HashSet;

use compact_str::CompactString;
use serde::Serialize;

use crate::model::{ConstraintKind, EraBound, EraId, SceneId, Story};
use crate::source::Sources;
use crate::time::Seconds;

use network::{Network, Source, Which};
use solve::{Solution, INF};

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
    /// Bounds relative to an anchor scene, for floating components. Boxed:
    /// most scenes are anchored, and the box keeps every placement 72 bytes
    /// smaller.
    pub relative: Option<Box<RelativeBounds>>,
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
    /// The story day as a set labels it: `"1"`, `"2"` in the main narrative,
    /// `"X1"` (or an era's prefix) outside it ([`days`]). Inline, as
    /// every scene has one and few are longer than a few bytes.
    pub day_label: Option<CompactString>,
    /// The era the scene lies in, if any era contains it for certain.
    pub era: Option<EraId>,
    /// Connected component of the network (scenes tied by constraints).
    pub component: u32,
    /// True when a reported contradiction involves this scene.
    pub in_contradiction: bool,
}

/// The frame a scene's times are measured in: absolute story-time (dates),
/// or offsets from the anchor of one floating part of the network. Times in
/// different frames cannot be compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Frame {
    /// Dates: the scene's part of the network has an absolute date.
    Absolute,
    /// Relative to the anchor of this connected component.
    Floating(u32),
}

impl Placement {
    /// The frame this placement's times are measured in.
    pub fn frame(&self) -> Frame {
        if self.anchored {
            Frame::Absolute
        } else {
            Frame::Floating(self.component)
        }
    }
}

/// One end of a scene: a time point of the network, named by scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Point {
    /// The scene.
    pub scene: SceneId,
    /// Its start or its end.
    pub which: Which,
}

/// What one step of a contradiction derives, as data; the words are written
/// when the diagnostic is built ([`explain::step_text`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Claim {
    /// The reasoning starts at an absolute latest time: `point` is no later
    /// than `at`.
    Latest {
        /// The bounded point.
        point: Point,
        /// The bound.
        at: Seconds,
    },
    /// Carried along one constraint: so `point` is no later than `at`.
    Carried {
        /// The point reached.
        point: Point,
        /// Its latest time so far.
        at: Seconds,
    },
    /// The reasoning ends at an absolute earliest time that clashes: but
    /// `point` is no earlier than `at`.
    Earliest {
        /// The bounded point.
        point: Point,
        /// The bound.
        at: Seconds,
    },
    /// A cycle with no absolute time: `point` is no later than `offset`
    /// after the cycle's first point, taken as time T. `origin` is that
    /// first point, given on the cycle's first step only.
    Relative {
        /// The cycle's first point, on the first step.
        origin: Option<Point>,
        /// The point reached.
        point: Point,
        /// Its latest time relative to T.
        offset: Seconds,
    },
}

/// One constraint of a contradiction: which one, and what it implies there.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The scene the constraint is written on.
    pub scene: SceneId,
    /// The constraint: a scene's `index`-th constraint, or the implicit "a
    /// scene ends after it starts" (read its span with
    /// [`explain::source_span`]).
    pub source: Source,
    /// What it implies at this step of the reasoning.
    pub claim: Claim,
}

/// A set of constraints that cannot all hold.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Contradiction {
    /// The constraints of the cycle, in the order the reasoning follows.
    pub steps: Vec<Step>,
    /// For a cycle through two absolute bounds, the point that comes out
    /// too late for one constraint and too early for another; `None` for a
    /// circular (purely relative) cycle.
    pub clash: Option<Point>,
    /// The step whose constraint is most likely the typo, where the
    /// diagnostic's primary label goes ([`minimal`] says how it is chosen).
    pub culprit: usize,
    /// True when the culprit is the only tag whose removal alone resolves
    /// the conflict; false when [`minimal::rank`] chose among several.
    pub culprit_certain: bool,
}

impl Contradiction {
    /// The same contradiction, blaming the first step with `source`
    /// (`certain` when no other tag alone resolves it).
    pub fn blaming(mut self, source: Source, certain: bool) -> Contradiction {
        if let Some(i) = self.steps.iter().position(|s| s.source == source) {
            self.culprit = i;
            self.culprit_certain = certain;
        }
        self
    }

    /// The step to blame.
    pub fn culprit(&self) -> Option<&Step> {
        self.steps.get(self.culprit)
    }

    /// The scenes of the steps, in step order (repeats included).
    pub fn scenes(&self) -> Vec<SceneId> {
        self.steps.iter().map(|s| s.scene).collect()
    }
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
    /// Scenes whose start a time of day narrowed (`--infer`): the scene
    /// and the start's new earliest and latest time.
    pub narrowed: Vec<(SceneId, Seconds, Seconds)>,
    /// `day:` pins the story days cannot hold, found as the days were
    /// labelled (continuity reports them as `E0514`).
    pub day_conflicts: Vec<days::PinConflict>,
}

/// What the engine needs besides the story: how days are labelled and, for
/// `--infer`, the hours a time of day narrows a start to.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Labels of story days outside the main narrative.
    pub days: days::DayOptions,
    /// The hours of each time of day.
    pub hours: crate::time::daypart::Hours,
    /// Narrow a start whose day is known to its `time:` (`--infer`).
    pub narrow_hours: bool,
}

/// Most contradictions reported for one story.
pub const MAX_CONTRADICTIONS: usize = 100;

pub mod ages;
pub mod blocks;
pub mod chronology;
pub mod days;
pub mod explain;
pub mod minimal;
pub mod narrow;
pub mod network;
pub mod position;
pub mod solve;
pub mod weekdays;
pub mod works;

/// Run the engine on a story: compile, solve, explain, order.
///
/// `sources` is not read: contradictions are kept as data and put into
/// words only when their diagnostics are built ([`explain::diagnostics`]).
/// The parameter stays until every caller goes through one pipeline.
pub fn analyze(story: &Story, _sources: &Sources) -> Chronology {
    analyze_with(story, &Options::default())
}

/// [`analyze`] with options: day labels, and the hours `--infer` narrows
/// starts to ([`narrow::narrowed`]).
pub fn analyze_with(story: &Story, options: &Options) -> Chronology {
    let mut net = network::compile(story);
    crate::timings::mark("  network");
    let (mut solution, mut anchors) = solve_anchored(story, &net);
    crate::timings::mark("  solve");
    let mut narrowed = Vec::new();
    if options.narrow_hours && solution.cycles.is_empty() {
        let found = narrow::narrowed(story, &net, &solution, &options.hours);
        if !found.is_empty() {
            let bounds = net.bounds.len();
            narrow::add_bounds(&mut net, &found);
            let (again, again_anchors) = solve_anchored(story, &net);
            // Each narrowing alone fits the minimal network; should two
            // not fit together, the tags' own chronology stands.
            if again.cycles.is_empty() {
                (solution, anchors, narrowed) = (again, again_anchors, found);
            } else {
                net.bounds.truncate(bounds);
            }
        }
    }
    let placed = placed_scenes(story);
    // Each cycle shrunk to the fewest constraints of its conflict, with the
    // tag to blame (`minimal`).
    let contradictions: Vec<Contradiction> =
        minimal::explain_all(&net, &solution.cycles, |s| minimal::rank(story, s))
            .iter()
            .map(|x| explain::contradiction(&net, &x.cycle).blaming(x.culprit, x.certain))
            .collect();
    crate::timings::mark("  explain");
    let set_aside = set_aside(&net, &solution);
    // From here on only the scenes' ranks and the precedences are read:
    // the edges and bounds (a hundred megabytes on a million scenes) go
    // before the placements are made.
    net.edges = Vec::new();
    net.bounds = Vec::new();
    let truncated = solution.truncated;
    let part = parts(&net, &solution, &anchors);
    let mut placements = placements(&net, &solution, &anchors);
    // Every time the rest needs is in the placements now: the point-indexed
    // arrays of the solution go before the ordering allocates its own.
    drop(solution);
    crate::timings::mark("  placements");
    let order = chronology::order(&chronology::OrderInput {
        story,
        network: &net,
        placed: &placed,
        placements: &placements,
        part: &part,
        set_aside: &set_aside,
    });
    drop(part);
    crate::timings::mark("  order");
    for c in &contradictions {
        for s in &c.steps {
            placements[s.scene.index()].in_contradiction = true;
        }
    }
    for (position, s) in order.iter().enumerate() {
        placements[s.index()].chrono = Some(position);
    }
    number_story_days(&order, &mut placements, story.calendar.day_seconds());
    assign_eras(story, &mut placements);
    let unplaced = (0..story.scenes.len())
        .filter(|&s| !placed[s])
        .map(|s| SceneId(s as u32))
        .collect();
    let mut chronology = Chronology {
        placements,
        order,
        unplaced,
        contradictions,
        truncated,
        narrowed,
        day_conflicts: Vec::new(),
    };
    crate::timings::mark("  numbering");
    days::apply(story, &mut chronology, &options.days);
    crate::timings::mark("  days");
    chronology
}

/// Solve the network with each floating part pinned at the start of its
/// first scene in telling order, so its bounds come out relative to that
/// scene. Returns the solution and each component's anchor scene (`None`
/// for anchored components).
fn solve_anchored(story: &Story, net: &Network) -> (Solution, Vec<Option<SceneId>>) {
    let n = story.scenes.len();
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
    let solution = solve::solve(net, MAX_CONTRADICTIONS, |component, anchored| {
        anchor_of(component, anchored)
            .into_iter()
            .flatten()
            .map(|s| (net.point(s, Which::Start), 0))
            .collect()
    });
    let anchors = anchor_of(&solution.component, &solution.component_anchored);
    (solution, anchors)
}

/// The scenes that take part in the chronology: a scene takes part when it
/// has a constraint or another scene's constraint refers to it (directly,
/// or as the bound of an era a scene is put in).
fn placed_scenes(story: &Story) -> Vec<bool> {
    let mut placed = vec![false; story.scenes.len()];
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
    placed
}

/// The constraints the solver set aside as part of a contradiction.
fn set_aside(net: &Network, solution: &Solution) -> HashSet<Source> {
    net.edges
        .iter()
        .zip(&solution.edge_disabled)
        .filter(|(_, &disabled)| disabled)
        .map(|(e, _)| e.source)
        .collect()
}

/// For each scene, the telling index of the anchor of its floating part
/// (0 for anchored scenes): the chronology orders floating parts by it.
fn parts(net: &Network, solution: &Solution, anchors: &[Option<SceneId>]) -> Vec<u32> {
    (0..net.scene_count())
        .map(|s| {
            let start = net.point(SceneId(s as u32), Which::Start) as usize;
            anchors[solution.component[start] as usize].map_or(0, |a| a.0)
        })
        .collect()
}

/// One placement per scene from the solution: absolute bounds for anchored
/// scenes, bounds relative to the part's anchor for floating ones. The
/// chronological position, story day and era are filled in later.
fn placements(net: &Network, solution: &Solution, anchors: &[Option<SceneId>]) -> Vec<Placement> {
    let bounds = |p: usize| TimeBounds {
        earliest: Some(solution.earliest[p]).filter(|&v| v != Seconds::MIN),
        latest: Some(solution.latest[p]).filter(|&v| v != INF),
    };
    (0..net.scene_count())
        .map(|s| {
            let scene = SceneId(s as u32);
            let start = net.point(scene, Which::Start) as usize;
            let end = net.point(scene, Which::End) as usize;
            let component = solution.component[start];
            let anchored = solution.component_anchored[component as usize];
            let (abs_start, abs_end, relative) = if anchored {
                (bounds(start), bounds(end), None)
            } else {
                let anchor = anchors[component as usize].unwrap_or(scene);
                let relative = RelativeBounds {
                    anchor,
                    start: bounds(start),
                    end: bounds(end),
                };
                (
                    TimeBounds::default(),
                    TimeBounds::default(),
                    Some(Box::new(relative)),
                )
            };
            Placement {
                start: abs_start,
                end: abs_end,
                anchored,
                relative,
                scheduled_start: solution.schedule[start],
                scheduled_end: solution.schedule[end],
                chrono: None,
                story_day: None,
                day_label: None,
                era: None,
                component,
                in_contradiction: false,
            }
        })
        .collect()
}

/// Story days: walking the chronology, a new day starts whenever a scene's
/// scheduled start falls on a different calendar day (of `day_seconds`, the
/// story calendar's) from the previous scene's (or in a different part of
/// the network).
fn number_story_days(order: &[SceneId], placements: &mut [Placement], day_seconds: i64) {
    let mut day = 0u32;
    let mut previous: Option<(u32, i64)> = None;
    for s in order {
        let p = &placements[s.index()];
        let key = (p.component, p.scheduled_start.div_euclid(day_seconds));
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

#[cfg(test)]
mod production_proptests;
