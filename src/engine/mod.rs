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
