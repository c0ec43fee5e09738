//! The works of a series in story-time: each work's span, the chronological
//! order of works, and how far a telling of works is from it.
//!
//! A work's story span runs from the earliest possible start of any of its
//! scenes to the latest possible end of any of them (open on a side when a
//! scene is open there). Works are ordered as scenes are: works with an
//! absolute date first, by earliest start (an open start first), then by
//! latest end (an open end last), then telling; works whose scenes float
//! (no date anywhere) after them, in telling order. The work-level measures
//! are the scene-level ones ([`super::stats`]) over works: inversions,
//! Kendall's tau-a and the nonlinearity index of the works' telling against
//! this order. All of it is linear in the scenes plus `O(w log w)` in works.

use serde::Serialize;

use crate::engine::stats::order_measures;
use crate::engine::Chronology;
use crate::model::{Story, WorkId};
use crate::time::{Millis, Seconds};

/// Where one work lies in story-time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WorkSpan {
    /// The earliest any of its scenes may start (`None`: open, or nothing
    /// placed).
    pub earliest_start: Option<Seconds>,
    /// The latest any of its scenes may end (`None`: open, or nothing
    /// placed).
    pub latest_end: Option<Seconds>,
    /// True when some scene of it has an absolute date.
    pub anchored: bool,
    /// Scenes of it the chronology places.
    pub placed: usize,
    /// Screen-time of its scenes with both timecodes, in milliseconds.
    pub screen: Millis,
}

impl WorkSpan {
    /// The length of the span in seconds, when both ends are known.
    pub fn length(&self) -> Option<Seconds> {
        Some(self.latest_end? - self.earliest_start?)
    }
}

/// The span of every work, indexed by [`WorkId`].
pub fn spans(story: &Story, chronology: &Chronology) -> Vec<WorkSpan> {
    story
        .works
        .iter()
        .map(|w| {
            let mut span = WorkSpan {
                earliest_start: None,
                latest_end: None,
                anchored: false,
                placed: 0,
                screen: 0,
            };
            let (mut open_start, mut open_end) = (false, false);
            for id in w.scene_ids() {
                let scene = story.scene(id);
                if let Some(screen) = scene.screen.as_deref() {
                    span.screen += screen.end.map_or(0, |e| e - screen.start);
                }
                let Some(p) = chronology.placements.get(id.index()) else {
                    continue;
                };
                if p.chrono.is_none() {
                    continue;
                }
                span.placed += 1;
                span.anchored |= p.anchored;
                match p.start.earliest {
                    Some(t) => {
                        span.earliest_start = Some(span.earliest_start.map_or(t, |s| s.min(t)))
                    }
                    None => open_start = true,
                }
                match p.end.latest {
                    Some(t) => span.latest_end = Some(span.latest_end.map_or(t, |s| s.max(t))),
                    None => open_end = true,
                }
            }
            if open_start || !span.anchored {
                span.earliest_start = None;
            }
            if open_end || !span.anchored {
                span.latest_end = None;
            }
            span
        })
        .collect()
}

/// The works in chronological order (every work, placed or not).
pub fn chronological(story: &Story, spans: &[WorkSpan]) -> Vec<WorkId> {
    let mut order: Vec<WorkId> = (0..story.works.len() as u32).map(WorkId).collect();
    order.sort_by_key(|w| {
        let s = &spans[w.index()];
        (
            !s.anchored,
            if s.anchored {
                s.earliest_start.unwrap_or(Seconds::MIN)
            } else {
                0
            },
            if s.anchored {
                s.latest_end.unwrap_or(Seconds::MAX)
            } else {
                0
            },
            w.0,
        )
    });
    order
}

/// How far a telling of works is from their chronological order.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Disorder {
    /// Pairs of works told in the opposite order to the story's.
    pub inversions: u64,
    /// Kendall's tau-a, `1 − 2·inversions/pairs` (1 with fewer than two
    /// works).
    pub kendall_tau: f64,
    /// Spearman's footrule over pairs, `Σ|telling_i − chrono_i| / pairs`
    /// (0 with fewer than two works).
    pub nonlinearity_index: f64,
}

/// The disorder of telling the works `told` (in that order; it may leave
/// works out) against `chronological` (every work): positions are ranks
/// among the works told, so an order of some works is measured over them
/// alone.
pub fn disorder(told: &[WorkId], chronological: &[WorkId]) -> Disorder {
    let mut rank = vec![usize::MAX; chronological.len()];
    for (pos, w) in chronological.iter().enumerate() {
        if let Some(r) = rank.get_mut(w.index()) {
            *r = pos;
        }
    }
    // Chronological positions of the works told, re-ranked 0..n among them.
    let mut by_chrono: Vec<(usize, usize)> = told
        .iter()
        .enumerate()
        .filter_map(|(t, w)| rank.get(w.index()).map(|&r| (r, t)))
        .collect();
    by_chrono.sort_unstable();
    let mut positions = vec![0usize; by_chrono.len()];
    for (c, &(_, t)) in by_chrono.iter().enumerate() {
        positions[t] = c;
    }
    let m = order_measures(&positions);
    Disorder {
        inversions: m.inversions,
        kendall_tau: m.kendall_tau,
        nonlinearity_index: m.nonlinearity_index,
    }
}

/// The works of the story's telling in use: every work but those the
/// viewing order in use leaves out, in telling order.
pub fn told(story: &Story) -> Vec<WorkId> {
    (0..story.works.len() as u32)
        .map(WorkId)
        .filter(|w| !story.work(*w).omitted)
        .collect()
}

/// The work-level measures of a series (`stats`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkStats {
    /// The telling in use (the default, or `--order`'s) against the works'
    /// chronology.
    #[serde(flatten)]
    pub telling: Disorder,
    /// Every declared viewing order against it, by name.
    pub orders: indexmap::IndexMap<String, Disorder>,
    /// Each work, in telling order.
    pub per_work: Vec<WorkMeasure>,
}

/// One work's place and time use.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkMeasure {
    /// The work id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// 1-based place in the telling.
    pub telling: usize,
    /// 1-based place in the works' chronology.
    pub chrono: usize,
    /// Scenes in it.
    pub scenes: usize,
    /// Screen-time of its scenes with both timecodes, milliseconds.
    pub screen_ms: Millis,
    /// `runtime:`, milliseconds, if given.
    pub runtime_ms: Option<Millis>,
    /// From its earliest start to its latest end, seconds (`None` when
    /// open or unplaced).
    pub story_span: Option<Seconds>,
}

/// The work-level measures of `story`; `None` for a story without works.
pub fn measure(story: &Story, chronology: &Chronology) -> Option<WorkStats> {
    if !story.has_works() {
        return None;
    }
    let spans = spans(story, chronology);
    let chrono = chronological(story, &spans);
    let mut chrono_pos = vec![0usize; chrono.len()];
    for (pos, w) in chrono.iter().enumerate() {
        chrono_pos[w.index()] = pos;
    }
    let orders = story
        .orders
        .iter()
        .map(|(name, o)| (name.clone(), disorder(&o.works, &chrono)))
        .collect();
    let per_work = story
        .works
        .iter()
        .enumerate()
        .map(|(i, w)| WorkMeasure {
            id: w.id.clone(),
            title: w.title.clone(),
            telling: i + 1,
            chrono: chrono_pos[i] + 1,
            scenes: w.scenes.len(),
            screen_ms: spans[i].screen,
            runtime_ms: w.runtime,
            story_span: spans[i].length(),
        })
        .collect();
    Some(WorkStats {
        telling: disorder(&told(story), &chrono),
        orders,
        per_work,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[u32]) -> Vec<WorkId> {
        v.iter().copied().map(WorkId).collect()
    }

    #[test]
    fn disorder_of_a_reversed_and_a_partial_telling() {
        let chrono = ids(&[0, 1, 2, 3]);
        let same = disorder(&ids(&[0, 1, 2, 3]), &chrono);
        assert_eq!(
            (same.inversions, same.kendall_tau, same.nonlinearity_index),
            (0, 1.0, 0.0)
        );
        // Reversed: 6 inversions of 6 pairs; footrule 3+1+1+3 = 8.
        let reversed = disorder(&ids(&[3, 2, 1, 0]), &chrono);
        assert_eq!(reversed.inversions, 6);
        assert_eq!(reversed.kendall_tau, -1.0);
        assert_eq!(reversed.nonlinearity_index, 8.0 / 6.0);
        // Works 3 and 1 only, told 3 then 1: one pair, inverted; ranks
        // among the two are 1, 0, so the footrule is 2.
        let partial = disorder(&ids(&[3, 1]), &chrono);
        assert_eq!(partial.inversions, 1);
        assert_eq!(partial.kendall_tau, -1.0);
        assert_eq!(partial.nonlinearity_index, 2.0);
        // One work: nothing to disorder.
        let one = disorder(&ids(&[2]), &chrono);
        assert_eq!(
            (one.inversions, one.kendall_tau, one.nonlinearity_index),
            (0, 1.0, 0.0)
        );
    }
}
