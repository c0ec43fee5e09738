//! `--group thread`: the lanes view's chronology lane split into one lane
//! per thread (and one for scenes in none), stacked in the story's thread
//! order. A scene in several threads is drawn in the lane of the first
//! (in that order). Rows are assigned lane by lane with the view's own
//! rule, so each lane packs its blocks as the whole lane would.

use crate::model::{Story, ThreadId};

use super::metrics::Weight;
use super::{fit, size, Label, MARGIN};

/// How the chronology lane is grouped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Group {
    /// One chronology lane.
    #[default]
    None,
    /// One chronology lane per thread.
    Thread,
}

/// Options a view may take beyond the story and the theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// How the lanes view groups its chronology lane.
    pub group: Group,
}

/// The lanes of a grouping: names, and each scene's lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lanes {
    /// Lane names, top to bottom.
    pub names: Vec<String>,
    /// Lane of each scene, by scene index.
    pub of_scene: Vec<usize>,
}

impl Lanes {
    /// The thread lanes of a story: one per thread that has a scene, in
    /// thread order, then `no thread` when some scene has none. `None`
    /// when the story has no threads (the view stays as it is).
    pub fn by_thread(story: &Story) -> Option<Lanes> {
        if story.threads.is_empty() {
            return None;
        }
        let mut used = vec![false; story.threads.len() + 1];
        let first = |s: &crate::model::Scene| {
            s.threads
                .first()
                .map_or(story.threads.len(), |t: &ThreadId| t.0 as usize)
        };
        for s in story.scenes.values() {
            used[first(s)] = true;
        }
        // Lane index per thread slot, skipping threads without scenes.
        let mut lane_of = vec![0usize; used.len()];
        let mut names = Vec::new();
        for (slot, &u) in used.iter().enumerate() {
            if u {
                lane_of[slot] = names.len();
                names.push(match story.threads.get_index(slot) {
                    Some((name, _)) => name.clone(),
                    None => "no thread".to_string(),
                });
            }
        }
        let of_scene = story.scenes.values().map(|s| lane_of[first(s)]).collect();
        Some(Lanes { names, of_scene })
    }
}

/// Assign rows lane by lane and stack the lanes: `assign` gives a lane's
/// blocks their rows (and the lane's row count), `shift` moves a placed
/// block down by some rows. Returns every placed block, the total rows and
/// each lane's first row and row count.
pub(crate) fn stack<B: Copy, P>(
    blocks: &[B],
    lane_of: impl Fn(&B) -> usize,
    lanes: usize,
    mut assign: impl FnMut(&[B]) -> (Vec<P>, usize),
    shift: impl Fn(&mut P, usize),
) -> (Vec<P>, usize, Vec<(usize, usize)>) {
    let mut per_lane: Vec<Vec<B>> = vec![Vec::new(); lanes];
    for b in blocks {
        per_lane[lane_of(b).min(lanes.saturating_sub(1))].push(*b);
    }
    let mut placed = Vec::with_capacity(blocks.len());
    let mut extents = Vec::with_capacity(lanes);
    let mut row = 0;
    for lane in &per_lane {
        let (mut p, rows) = assign(lane);
        for q in &mut p {
            shift(q, row);
        }
        extents.push((row, rows));
        placed.extend(p);
        row += rows;
    }
    (placed, row.max(1), extents)
}

/// The lane names in the lanes view's gutter, at the top of each lane
/// (`lane_rows` from [`stack`], rows `row` pixels high from `top`), cut to
/// the gutter's width.
pub(crate) fn gutter_labels(
    lanes: &Lanes,
    lane_rows: &[(usize, usize)],
    top: f64,
    row: f64,
    gutter: &mut Vec<Label>,
) {
    for (name, &(first, _)) in lanes.names.iter().zip(lane_rows) {
        let width = super::lanes::GUTTER - 8.0;
        if let Some(text) = fit(name, width, size::SMALL, Weight::Bold) {
            gutter.push(
                Label::new(
                    MARGIN,
                    top + first as f64 * row + 15.0,
                    text,
                    size::SMALL,
                    "lane-label",
                )
                .bold(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_stack_in_order_each_packed_on_its_own() {
        // Blocks are (lane, x); a lane's rows: one per block here.
        let blocks = [(1, 0), (0, 5), (1, 7), (2, 1)];
        let (placed, rows, extents) = stack(
            &blocks,
            |b| b.0,
            3,
            |bs| {
                (
                    bs.iter().enumerate().map(|(i, b)| (b.1, i)).collect(),
                    bs.len(),
                )
            },
            |p: &mut (i32, usize), by| p.1 += by,
        );
        assert_eq!(rows, 4);
        assert_eq!(extents, [(0, 1), (1, 2), (3, 1)]);
        assert_eq!(placed, [(5, 0), (0, 1), (7, 2), (1, 3)]);
    }
}
