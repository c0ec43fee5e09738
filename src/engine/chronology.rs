//! Ordering scenes chronologically.
//!
//! The chronology is a linear extension of the declared precedences
//! (`B after A`, `A before B`, `B: A + d` with d ≥ 0, `repeats`), built with
//! Kahn's algorithm and a priority queue. Among scenes free to come next:
//! anchored scenes by earliest possible start, then latest possible start,
//! then telling order. Scenes in floating parts (no absolute date anywhere in
//! their part of the network) have no dates; they come after the anchored
//! scenes, one part after another in the telling order of each part's first
//! scene, and within a part by their start in the earliest consistent
//! schedule relative to that first scene (relative bounds alone are often
//! open on one side, so they would not separate scenes), then telling order.
//! A scene that
//! `repeats` another comes right after it. A chain of zero-gap `after` tags is
//! still a chain: precedence wins over equal times.
//!
//! Precedences whose constraints were set aside as contradictory are
//! ignored. If the rest still forms a cycle (zero gaps both ways, which is
//! consistent but circular), the scene with the smallest key among those left
//! is taken next, so the order is always total. O(n log n).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};

use crate::engine::network::{Network, Source};
use crate::engine::Placement;
use crate::model::{SceneId, Story};
use crate::time::Seconds;

/// Sort key of a scene among those free to come next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    floating: bool,
    part: u32,
    earliest: Seconds,
    latest: Seconds,
    telling: u32,
}

/// What the ordering needs to know about each scene.
pub struct OrderInput<'a> {
    /// The story.
    pub story: &'a Story,
    /// The network (for precedences).
    pub network: &'a Network,
    /// Which scenes take part (are touched by some constraint).
    pub placed: &'a [bool],
    /// Each scene's placement: whether its part of the network is anchored,
    /// its start bounds (for anchored scenes) and its start in the earliest
    /// consistent schedule (for floating ones).
    pub placements: &'a [Placement],
    /// For a floating scene, the telling index of its part's first scene
    /// (its times are relative to that scene's start).
    pub part: &'a [u32],
    /// Sources of constraints set aside.
    pub set_aside: &'a HashSet<Source>,
}

/// The placed scenes in chronological order.
pub fn order(input: &OrderInput<'_>) -> Vec<SceneId> {
    let n = input.story.scenes.len();
    let key = |s: usize| {
        let p = &input.placements[s];
        Key {
            floating: !p.anchored,
            part: if p.anchored { 0 } else { input.part[s] },
            earliest: if p.anchored {
                p.start.earliest.unwrap_or(Seconds::MIN)
            } else {
                p.scheduled_start
            },
            latest: if p.anchored {
                p.start.latest.unwrap_or(Seconds::MAX)
            } else {
                p.scheduled_start
            },
            telling: s as u32,
        }
    };
    let Successors {
        offsets,
        successors,
        mut indegree,
    } = Successors::new(input);
    let repeats_of: Vec<Option<SceneId>> = input.story.scenes.values().map(|s| s.repeats).collect();

    // Every placed scene ranked by key, once: the queue then orders 4-byte
    // ranks, not 40-byte keys (the keys are fixed, and telling order makes
    // each distinct), and a circular set of precedences is broken by
    // taking the smallest rank left.
    let by_key: Vec<u32> = {
        let mut keyed: Vec<(Key, u32)> = (0..n)
            .filter(|&s| input.placed[s])
            .map(|s| (key(s), s as u32))
            .collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, s)| s).collect()
    };
    let mut rank = vec![u32::MAX; n];
    for (r, &s) in by_key.iter().enumerate() {
        rank[s as usize] = r as u32;
    }
    let mut heap: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
    for (s, &d) in indegree.iter().enumerate() {
        if input.placed[s] && d == 0 {
            heap.push(Reverse(rank[s]));
        }
    }
    let mut next_forced = 0;
    let total = by_key.len();
    let mut emitted = vec![false; n];
    let mut out = Vec::with_capacity(total);
    let mut immediate: Vec<u32> = Vec::new();
    while out.len() < total {
        let next = if let Some(s) = immediate.pop() {
            s
        } else if let Some(Reverse(r)) = heap.pop() {
            by_key[r as usize]
        } else {
            // A circular set of precedences: take the smallest key left.
            while emitted[by_key[next_forced] as usize] {
                next_forced += 1;
            }
            by_key[next_forced]
        };
        if emitted[next as usize] {
            continue;
        }
        emitted[next as usize] = true;
        out.push(SceneId(next));
        let mut repeaters = Vec::new();
        for &succ in
            &successors[offsets[next as usize] as usize..offsets[next as usize + 1] as usize]
        {
            let d = &mut indegree[succ as usize];
            *d = d.saturating_sub(1);
            if *d == 0 && !emitted[succ as usize] {
                if repeats_of[succ as usize] == Some(SceneId(next)) {
                    repeaters.push(succ);
                } else {
                    heap.push(Reverse(rank[succ as usize]));
                }
            }
        }
        // Repeats sit right after their scene, in telling order.
        repeaters.sort_unstable_by(|a, b| b.cmp(a));
        immediate.extend(repeaters);
    }
    out
}

/// The usable precedences as successor lists (compressed rows: the
/// successors of `a` are `successors[offsets[a]..offsets[a + 1]]`), with
/// each scene's in-degree.
struct Successors {
    offsets: Vec<u32>,
    successors: Vec<u32>,
    indegree: Vec<u32>,
}

impl Successors {
    /// Precedences between two different placed scenes whose constraint
    /// was not set aside.
    fn new(input: &OrderInput<'_>) -> Successors {
        let n = input.story.scenes.len();
        let usable: Vec<(SceneId, SceneId)> = input
            .network
            .precedences
            .iter()
            .filter(|p| {
                input.placed[p.earlier.index()]
                    && input.placed[p.later.index()]
                    && p.earlier != p.later
                    && !input.set_aside.contains(&p.source)
            })
            .map(|p| (p.earlier, p.later))
            .collect();
        let mut offsets = vec![0u32; n + 1];
        let mut indegree = vec![0u32; n];
        for &(a, b) in &usable {
            offsets[a.index() + 1] += 1;
            indegree[b.index()] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut successors = vec![0u32; usable.len()];
        for &(a, b) in &usable {
            successors[fill[a.index()] as usize] = b.0;
            fill[a.index()] += 1;
        }
        Successors {
            offsets,
            successors,
            indegree,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::tests::run;

    /// The chronology of a story, by scene id.
    fn order(text: &str) -> Vec<String> {
        let (story, c) = run(text);
        c.order
            .iter()
            .map(|&s| story.scene_name(s).to_string())
            .collect()
    }

    #[test]
    fn precedence_wins_over_times_and_telling() {
        // Same day for all: the keys alone would follow telling order.
        assert_eq!(
            order("scene c: C\n  story: 2020-01-01, after b\nscene b: B\n  story: 2020-01-01, after a\nscene a: A\n  story: 2020-01-01\n"),
            ["a", "b", "c"]
        );
        // A scene waits for all its predecessors, though its key is the
        // smallest (same times, told first).
        assert_eq!(
            order("scene z: Z\n  story: 2020-01-01 10:00:00, after x, after y\nscene x: X\n  story: 2020-01-01 10:00:00\nscene y: Y\n  story: 2020-01-01 10:00:00\n"),
            ["x", "y", "z"]
        );
    }

    #[test]
    fn anchored_scenes_come_by_earliest_then_latest_start() {
        assert_eq!(
            order("scene b: B\n  story: 2020-01-02\nscene a: A\n  story: 2020-01-01 .. 2020-01-03\nscene c: C\n  story: 2020-01-01\n"),
            ["c", "a", "b"]
        );
    }

    #[test]
    fn unplaced_scenes_take_no_part() {
        assert_eq!(
            order("scene b: B\n  story: 2020-01-02\nscene u: U\nscene a: A\n  story: 2020-01-01\n"),
            ["a", "b"]
        );
    }

    #[test]
    fn circular_precedences_are_broken_by_key() {
        // Zero gaps both ways are consistent but circular: once no scene is
        // free, the smallest key left comes next, and the order is still
        // total.
        assert_eq!(
            order("scene c: C\n  story: 2020-01-02\nscene b: B\n  story: 2020-01-01 10:00:00, after a\nscene a: A\n  story: 2020-01-01 10:00:00, after b\nscene d: D\n  story: after c\n"),
            ["c", "d", "b", "a"]
        );
        // Two circles: each broken in turn.
        assert_eq!(
            order("scene a: A\n  story: 2020-01-01 10:00:00, after b\nscene b: B\n  story: 2020-01-01 10:00:00, after a\nscene c: C\n  story: 2020-01-02 10:00:00, after d\nscene d: D\n  story: 2020-01-02 10:00:00, after c\n"),
            ["a", "b", "c", "d"]
        );
    }

    #[test]
    fn repeats_follow_their_scene_in_telling_order() {
        assert_eq!(
            order("scene a: A\n  story: 2020-01-01\nscene r2: R2\n  repeats: a\nscene b: B\n  story: 2020-01-01 12:00\nscene r1: R1\n  repeats: a\n"),
            ["a", "r2", "r1", "b"]
        );
    }
}
