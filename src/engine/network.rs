//! Compiling a story into a simple temporal network.
//!
//! Every scene has two time points, its start and its end. A tag becomes
//! difference constraints `t[to] − t[from] ≤ weight` (an [`Edge`]) between
//! points of different scenes, or bounds on one point's absolute domain (a
//! [`Bound`]). Absolute times never become edges through a shared origin:
//! that would tie the whole story into one strongly connected lump and make
//! the solver quadratic. Each edge and bound keeps its [`Source`], so a
//! contradiction can be explained in the writer's terms.
//!
//! Points are numbered by scene id in sorted order, not by telling order, so
//! every choice the solver makes (which cycle to report first) is the same
//! however the scenes are arranged in the file.

use serde::Serialize;

use crate::model::{ConstraintKind, EraBound, Interval, SceneId, Story};
use crate::time::Seconds;

/// Where an edge or bound came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Source {
    /// The `index`-th constraint of `scene` (see `Scene::constraints`).
    Constraint {
        /// The scene the constraint is written on.
        scene: SceneId,
        /// Its index in the scene's constraint list.
        index: u32,
    },
    /// A scene ends no earlier than it starts.
    Implicit {
        /// The scene.
        scene: SceneId,
    },
}

/// `t[to] − t[from] ≤ weight`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Point the constraint is measured from.
    pub from: u32,
    /// Point it bounds.
    pub to: u32,
    /// Greatest allowed difference (seconds).
    pub weight: Seconds,
    /// Provenance.
    pub source: Source,
}

/// Which side of a domain a bound limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Earliest value.
    Lower,
    /// Latest value.
    Upper,
}

/// An absolute bound on one point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// The point.
    pub point: u32,
    /// Lower or upper.
    pub side: Side,
    /// The time.
    pub at: Seconds,
    /// Provenance.
    pub source: Source,
}

/// Start or end of a scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Which {
    /// The scene's start.
    Start,
    /// The scene's end.
    End,
}

/// A story as points, edges and bounds.
#[derive(Clone, Debug)]
pub struct Network {
    /// Rank of each scene (by telling index) in sorted-id order.
    pub rank: Vec<u32>,
    /// Scene of each rank.
    pub scene_of_rank: Vec<SceneId>,
    /// Difference constraints.
    pub edges: Vec<Edge>,
    /// Absolute bounds.
    pub bounds: Vec<Bound>,
    /// Precedences the chronology must respect.
    pub precedences: Vec<Precedence>,
}

/// `earlier` comes before `later` in the chronology (a tag orders them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Precedence {
    /// The scene that comes first.
    pub earlier: SceneId,
    /// The scene that comes after it.
    pub later: SceneId,
    /// The constraint that says so.
    pub source: Source,
}

impl Source {
    /// The scene the constraint belongs to.
    pub fn scene(self) -> SceneId {
        match self {
            Source::Constraint { scene, .. } | Source::Implicit { scene } => scene,
        }
    }
}

impl Network {
    /// Number of scenes.
    pub fn scene_count(&self) -> usize {
        self.rank.len()
    }

    /// Number of points (two per scene).
    pub fn point_count(&self) -> usize {
        self.rank.len() * 2
    }

    /// The point of a scene's start or end.
    pub fn point(&self, scene: SceneId, which: Which) -> u32 {
        self.rank[scene.index()] * 2 + u32::from(which == Which::End)
    }

    /// The scene and side of a point.
    pub fn scene_of(&self, point: u32) -> (SceneId, Which) {
        let which = if point % 2 == 0 {
            Which::Start
        } else {
            Which::End
        };
        (self.scene_of_rank[(point / 2) as usize], which)
    }
}

/// Compile a story into its network.
pub fn compile(story: &Story) -> Network {
    let n = story.scenes.len();
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_by(|&a, &b| {
        story
            .scenes
            .get_index(a as usize)
            .map(|(k, _)| k)
            .cmp(&story.scenes.get_index(b as usize).map(|(k, _)| k))
    });
    let mut rank = vec![0u32; n];
    for (r, &s) in by_id.iter().enumerate() {
        rank[s as usize] = r as u32;
    }
    let mut net = Network {
        rank,
        scene_of_rank: by_id.into_iter().map(SceneId).collect(),
        // Exact-ish size: one implicit edge per scene, at most two edges per
        // bounded side of each constraint (most have one or two).
        edges: Vec::with_capacity(
            n + 2 * story
                .scenes
                .values()
                .map(|s| s.constraints.len())
                .sum::<usize>(),
        ),
        bounds: Vec::new(),
        precedences: Vec::new(),
    };
    // Scenes in id order and each scene's constraints in a canonical order,
    // so edge ids (and every tie the solver breaks by them) do not depend on
    // where scenes or tags sit in the file.
    let mut constraint_order: Vec<u32> = Vec::new();
    for r in 0..n {
        let me = net.scene_of_rank[r];
        let scene = &story.scenes[me.index()];
        let start = net.point(me, Which::Start);
        let end = net.point(me, Which::End);
        net.edges.push(Edge {
            from: end,
            to: start,
            weight: 0,
            source: Source::Implicit { scene: me },
        });
        constraint_order.clear();
        constraint_order.extend(0..scene.constraints.len() as u32);
        if constraint_order.len() > 1 {
            constraint_order
                .sort_by_key(|&i| canonical_key(&net, &scene.constraints[i as usize].kind));
        }
        for &index in &constraint_order {
            let source = Source::Constraint { scene: me, index };
            compile_constraint(
                story,
                &mut net,
                me,
                scene.constraints[index as usize].kind,
                source,
            );
        }
    }
    net
}

fn compile_constraint(
    story: &Story,
    net: &mut Network,
    me: SceneId,
    kind: ConstraintKind,
    source: Source,
) {
    let start = net.point(me, Which::Start);
    let end = net.point(me, Which::End);
    match kind {
        ConstraintKind::StartsWithin { lo, hi } => {
            bound(net, start, Side::Lower, lo, source);
            bound(net, start, Side::Upper, hi, source);
        }
        ConstraintKind::InEra { era } => {
            let era = story.era(era);
            match era.from {
                Some(EraBound::Time { at, .. }) => bound(net, start, Side::Lower, at, source),
                Some(EraBound::Scene { scene, .. }) => {
                    let other = net.point(scene, Which::Start);
                    difference(net, other, start, Interval::NON_NEGATIVE, source);
                }
                None => {}
            }
            match era.to {
                Some(EraBound::Time { at, .. }) => bound(net, end, Side::Upper, at, source),
                Some(EraBound::Scene { scene, .. }) => {
                    let other = net.point(scene, Which::Start);
                    difference(net, end, other, Interval::NON_NEGATIVE, source);
                }
                None => {}
            }
        }
        ConstraintKind::After { other, gap } => {
            let other_end = net.point(other, Which::End);
            difference(net, other_end, start, gap, source);
            net.precedences.push(Precedence {
                earlier: other,
                later: me,
                source,
            });
        }
        ConstraintKind::Before { other, gap } => {
            let other_start = net.point(other, Which::Start);
            difference(net, end, other_start, gap, source);
            net.precedences.push(Precedence {
                earlier: me,
                later: other,
                source,
            });
        }
        ConstraintKind::During { other } => {
            let other_start = net.point(other, Which::Start);
            let other_end = net.point(other, Which::End);
            difference(net, other_start, start, Interval::NON_NEGATIVE, source);
            difference(net, end, other_end, Interval::NON_NEGATIVE, source);
        }
        ConstraintKind::Offset { other, offset } => {
            let other_start = net.point(other, Which::Start);
            difference(net, other_start, start, offset, source);
            if offset.lo.is_some_and(|lo| lo >= 0) {
                net.precedences.push(Precedence {
                    earlier: other,
                    later: me,
                    source,
                });
            } else if offset.hi.is_some_and(|hi| hi < 0) {
                net.precedences.push(Precedence {
                    earlier: me,
                    later: other,
                    source,
                });
            }
        }
        ConstraintKind::Lasts { length } => difference(net, start, end, length, source),
        ConstraintKind::SameAs { other } => {
            let exactly = Interval {
                lo: Some(0),
                hi: Some(0),
            };
            difference(net, net.point(other, Which::Start), start, exactly, source);
            difference(net, net.point(other, Which::End), end, exactly, source);
            net.precedences.push(Precedence {
                earlier: other,
                later: me,
                source,
            });
        }
    }
}

/// A key ordering a scene's constraints by what they say, not where.
fn canonical_key(net: &Network, kind: &ConstraintKind) -> (u8, u32, i64, i64) {
    let other = |o: SceneId| net.rank[o.index()];
    let ends = |i: Interval| (i.lo.unwrap_or(i64::MIN), i.hi.unwrap_or(i64::MAX));
    match *kind {
        ConstraintKind::StartsWithin { lo, hi } => (0, 0, lo, hi),
        ConstraintKind::InEra { era } => (1, era.0, 0, 0),
        ConstraintKind::After { other: o, gap } => (2, other(o), ends(gap).0, ends(gap).1),
        ConstraintKind::Before { other: o, gap } => (3, other(o), ends(gap).0, ends(gap).1),
        ConstraintKind::During { other: o } => (4, other(o), 0, 0),
        ConstraintKind::Offset { other: o, offset } => {
            (5, other(o), ends(offset).0, ends(offset).1)
        }
        ConstraintKind::Lasts { length } => (6, 0, ends(length).0, ends(length).1),
        ConstraintKind::SameAs { other: o } => (7, other(o), 0, 0),
    }
}

/// `t[b] − t[a] ∈ range`.
fn difference(net: &mut Network, a: u32, b: u32, range: Interval, source: Source) {
    if let Some(hi) = range.hi {
        net.edges.push(Edge {
            from: a,
            to: b,
            weight: hi,
            source,
        });
    }
    if let Some(lo) = range.lo {
        net.edges.push(Edge {
            from: b,
            to: a,
            weight: lo.saturating_neg(),
            source,
        });
    }
}

fn bound(net: &mut Network, point: u32, side: Side, at: Seconds, source: Source) {
    net.bounds.push(Bound {
        point,
        side,
        at,
        source,
    });
}
