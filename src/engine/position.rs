//! Where a placed scene is drawn and counted in story-time: one rule for
//! every view and for the spans that headers, captions and `stats` report
//! (documented in `docs/render.md`, "Where uncertain scenes sit").
//!
//! The engine's schedule puts every scene at the earliest time its tags
//! allow, which is right for numbering story days but wrong for a picture: a
//! scene known only to lie somewhere in 1901 would be drawn on 1 January,
//! and a scene bounded only from above would stretch the story's span back
//! to its earliest feasible moment. So a scene is drawn
//!
//! 1. at the **midpoint of its feasible start window** when the window is
//!    bounded on both sides,
//! 2. at its **scheduled (earliest) start** when the window is open on one
//!    side or both,
//! 3. then, walking the chronology in order within one frame (dates, or one
//!    floating part), **no earlier than the scene before it** and never past
//!    its latest start: declared precedences (and the chronology order)
//!    still read left to right, and no scene leaves its window.
//!
//! Its length is the scheduled one, clamped to the end's window. O(n).

use std::collections::HashMap;

use super::{Chronology, Frame, Placement, TimeBounds};
use crate::time::Seconds;

/// A placed scene's drawn stretch of story-time, in its frame (absolute
/// seconds, or seconds from its floating part's anchor).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Drawn {
    /// The frame `start` and `end` are measured in.
    pub frame: Frame,
    /// Where the scene starts.
    pub start: Seconds,
    /// Where it ends (never before `start`).
    pub end: Seconds,
}

/// The start and end windows of a placement in its own frame: absolute for
/// an anchored scene, relative to the anchor in a floating part.
fn windows(p: &Placement) -> (TimeBounds, TimeBounds) {
    match (&p.relative, p.anchored) {
        (Some(r), false) => (r.start, r.end),
        _ => (p.start, p.end),
    }
}

/// Where the rule puts `p` before the left-to-right clamp.
fn target(p: &Placement) -> Seconds {
    let (start, _) = windows(p);
    match (start.earliest, start.latest) {
        (Some(lo), Some(hi)) if hi >= lo => lo + (hi - lo) / 2,
        _ => p.scheduled_start,
    }
}

/// Every scene's drawn stretch (indexed by scene; `None` for unplaced
/// scenes), by the rule in the module docs.
pub fn drawn(chronology: &Chronology) -> Vec<Option<Drawn>> {
    let mut out = vec![None; chronology.placements.len()];
    // The latest start drawn so far in each frame.
    let mut running: HashMap<Frame, Seconds> = HashMap::new();
    for &id in &chronology.order {
        let Some(p) = chronology.placements.get(id.index()) else {
            continue;
        };
        let frame = p.frame();
        let (start_w, end_w) = windows(p);
        let mut start = target(p);
        if let Some(&prev) = running.get(&frame) {
            start = start.max(prev);
        }
        if let Some(lo) = start_w.earliest {
            start = start.max(lo);
        }
        if let Some(hi) = start_w.latest {
            start = start.min(hi);
        }
        running
            .entry(frame)
            .and_modify(|r| *r = (*r).max(start))
            .or_insert(start);
        let length = (p.scheduled_end - p.scheduled_start).max(0);
        let mut end = start.saturating_add(length);
        if let Some(hi) = end_w.latest {
            end = end.min(hi);
        }
        if let Some(lo) = end_w.earliest {
            end = end.max(lo);
        }
        out[id.index()] = Some(Drawn {
            frame,
            start,
            end: end.max(start),
        });
    }
    out
}

/// The first drawn start and last drawn end of the dated scenes (absolute
/// frame): the story's span as headers and `stats` report it.
pub fn dated_bounds(drawn: &[Option<Drawn>]) -> Option<(Seconds, Seconds)> {
    let dated = drawn
        .iter()
        .flatten()
        .filter(|d| d.frame == Frame::Absolute);
    let lo = dated.clone().map(|d| d.start).min()?;
    let hi = dated.map(|d| d.end).max()?;
    Some((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::tests::run;
    use crate::model::Story;
    use crate::time::{year_of, DAY};

    fn start_of(story: &Story, c: &Chronology, id: &str) -> Seconds {
        let i = story
            .scenes
            .get_index_of(id)
            .unwrap_or_else(|| panic!("no scene {id}"));
        drawn(c)[i].expect("placed").start
    }

    #[test]
    fn a_year_window_is_drawn_mid_year_and_the_span_starts_in_it() {
        let (story, c) =
            run("scene a: A\n  story: 1901\nscene b: B\n  story: 1903-06-01\nscene u: U\n");
        let a = start_of(&story, &c, "a");
        assert_eq!(year_of(a), Some(1901));
        // Mid-year, not 1 January (the earliest schedule).
        let earliest = c.placements[0].scheduled_start;
        assert!(a > earliest + 100 * DAY, "{a} vs {earliest}");
        let d = drawn(&c);
        let (lo, hi) = dated_bounds(&d).expect("dated");
        assert_eq!(lo, a);
        assert_eq!(year_of(hi), Some(1903));
        // The unplaced scene has no drawn stretch.
        assert!(d[2].is_none());
    }

    #[test]
    fn precedences_still_read_left_to_right() {
        // b comes after a; a's window is wide, b's narrow and early in it,
        // so the midpoint alone would draw a after b.
        let (story, c) = run(
            "scene a: A\n  story: 2020-01-01 .. 2020-12-31\nscene b: B\n  story: 2020-02-01, after a\n",
        );
        let (a, b) = (start_of(&story, &c, "a"), start_of(&story, &c, "b"));
        assert!(a <= b, "{a} > {b}");
        // And a stays inside its window.
        assert!(a >= c.placements[0].start.earliest.expect("bounded"));
    }

    #[test]
    fn open_windows_keep_the_earliest_start() {
        // a is pinned to the second; b, after it, is open above.
        let (story, c) =
            run("scene a: A\n  story: 2020-01-01 10:00:00\nscene b: B\n  story: after a by 1h..\n");
        let b = start_of(&story, &c, "b");
        assert_eq!(b, c.placements[1].scheduled_start);
        assert!(b > start_of(&story, &c, "a"));
    }
}
