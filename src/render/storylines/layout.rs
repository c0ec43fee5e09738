//! Where each storyline runs: the order of the lines in every time slot,
//! then their heights. No pixels but heights here; [`super::draw`] turns
//! this into a picture.
//!
//! # Slots
//!
//! One **slot** per scene: the placed scenes in chronological order, then
//! the unplaced ones in telling order. A character's line is **active**
//! from the slot of their first scene to the slot of their last *lived*
//! scene; a scene that certainly starts after their death (a memory of
//! them, say) is a **ghost** appearance: a short stub inside that scene's
//! block, joined to nothing, so no line runs past the death.
//!
//! # Ordering (crossings)
//!
//! In every slot the scene's cast runs together through its block: the
//! block is one contiguous run of lines. Between two slots only the
//! lines of the new block move: the others keep their relative order. The
//! block is inserted where it crosses fewest other lines: at the **median**
//! of its members' places among the lines that stay (the crossing-optimal
//! place for a block that moves as one, the median form of the barycentre
//! heuristic), members in their previous order, newcomers after them. A
//! block of newcomers only goes below every line.
//!
//! That greedy sweep runs left to right and right to left (a line's
//! "first" slot is then its last), and the **baseline** is the plain order
//! by first appearance, each block pulled together at its first-appearing
//! member. The order with the fewest crossings is kept (ties: forward,
//! backward, baseline), so the layout is never worse than the baseline.
//!
//! A **crossing** is a pair of lines active in two consecutive slots whose
//! vertical order differs between them; the count is the sum over all
//! consecutive slots. Each sweep counts its own crossings in O(lines) per
//! slot: the lines that did not move keep their order, so a moved line
//! crosses exactly `|a − b|` of them (`a` of them were above it before,
//! `b` are above it now), and moved lines are compared pairwise.
//!
//! # Straightening (wiggles)
//!
//! Heights are then set slot by slot, in the direction of the sweep: each
//! line (each block, as one piece) wants to stay at its height in the slot
//! before (a block: the mean of its members' heights), under the order
//! just found and the minimum gaps (lines of a block [`GAP_IN`] apart,
//! pieces [`GAP_OUT`] apart). The least-squares heights under those
//! constraints are an isotonic regression, solved exactly by pool-adjacent-
//! violators in linear time, so a line moves only when it must.
//!
//! Cost: O(slots × active lines) for each sweep, memory O(lines + the
//! points where a line changes height).

use crate::engine::Chronology;
use crate::model::{CharacterId, SceneId, Story};

/// Vertical distance between two lines inside one block, pixels: a label
/// (11 px text) fits between them.
pub const GAP_IN: f64 = 14.0;
/// Least vertical distance between two pieces (blocks or idle lines).
pub const GAP_OUT: f64 = 22.0;

/// Past this many slots a drawing is no longer read line by line: each
/// line's height is recorded only at its own scenes (and drawn straight
/// between them), so the picture and its size stay proportional to the
/// appearances, not to slots × lines.
pub const SKETCH_SLOTS: usize = 2000;

/// How the order was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// The median sweep, left to right.
    Forward,
    /// The median sweep, right to left.
    Backward,
    /// Order of first appearance, each block at its first member.
    Baseline,
}

/// How a character is in a scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Lived.
    Lived,
    /// `mode: memory`, `dream` or `imagined`: drawn distinctly on the line.
    Remembered,
    /// After their death: a stub inside the block, no line.
    Ghost,
}

/// One character's line.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The character.
    pub character: CharacterId,
    /// Their scenes: slot and presence, in slot (chronological) order.
    pub scenes: Vec<(u32, Presence)>,
    /// First active slot.
    pub first: u32,
    /// Last active slot (their last lived scene).
    pub last: u32,
    /// True when the story shows them dying: the line ends in a death mark.
    pub dies: bool,
    /// Heights along the line: `(slot, y)` at both ends of every stretch
    /// of one height, in slot order (a straight stretch is two points).
    pub points: Vec<(u32, f64)>,
    /// Height of each ghost stub, by slot.
    pub ghosts: Vec<(u32, f64)>,
}

/// One slot's scene block: the run of lines through it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    /// Top line's height (equal to `y1` for one line).
    pub y0: f64,
    /// Bottom line's height.
    pub y1: f64,
}

/// The layout, in slot units across and pixels down (from 0 at the top).
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// The scene of each slot.
    pub slots: Vec<SceneId>,
    /// How many leading slots are placed in the chronology.
    pub placed: usize,
    /// One line per character who appears, in declaration order.
    pub lines: Vec<Line>,
    /// The block of each slot; `None` for a scene without cast.
    pub blocks: Vec<Option<Block>>,
    /// Height of everything (the lowest line's `y`).
    pub height: f64,
    /// Crossings of the order kept.
    pub crossings: u64,
    /// Crossings of the baseline (order by first appearance).
    pub baseline_crossings: u64,
    /// Which order was kept.
    pub method: Method,
}

/// Per slot, the cast: active members and ghosts, by line index.
struct Slots {
    /// The scene per slot.
    scenes: Vec<SceneId>,
    /// Members per slot: `offsets[s]..offsets[s + 1]` into `members`.
    offsets: Vec<u32>,
    /// Line indices of the lived and remembered members, in cast order.
    members: Vec<u32>,
    /// Ghost members per slot, the same way.
    ghost_offsets: Vec<u32>,
    ghosts: Vec<u32>,
}

impl Slots {
    fn members(&self, s: usize) -> &[u32] {
        &self.members[self.offsets[s] as usize..self.offsets[s + 1] as usize]
    }

    fn ghosts(&self, s: usize) -> &[u32] {
        &self.ghosts[self.ghost_offsets[s] as usize..self.ghost_offsets[s + 1] as usize]
    }

    fn len(&self) -> usize {
        self.scenes.len()
    }
}

/// Slots × lines from which the crossing-only sweeps run on a second
/// thread: below it a thread costs more than it saves.
const PARALLEL_WORK: usize = 200_000;

/// Lay the story out.
pub fn layout(story: &Story, chronology: &Chronology) -> Layout {
    let (slots, mut lines) = collect(story, chronology);
    let n_slots = slots.len();
    let fresh = || Heights {
        sketch: n_slots > SKETCH_SLOTS,
        blocks: vec![None; n_slots],
        points: vec![Vec::new(); lines.len()],
        ghosts: vec![Vec::new(); lines.len()],
        y: vec![f64::NAN; lines.len()],
    };
    // The forward and backward sweeps both set heights as they go, so the
    // one kept needs no sweep again; the baseline only counts crossings (it
    // is drawn only if it beats both, which is rare). On a large story the
    // backward and baseline sweeps run on the second core meanwhile: each
    // sweep is deterministic, so the result does not depend on which
    // finishes first.
    let sweeps = || {
        let mut ahead = fresh();
        let forward = sweep(&slots, &lines, Method::Forward, Some(&mut ahead));
        (forward, ahead)
    };
    let others = || {
        let mut behind = fresh();
        let backward = sweep(&slots, &lines, Method::Backward, Some(&mut behind));
        let baseline = sweep(&slots, &lines, Method::Baseline, None);
        (backward, behind, baseline)
    };
    let ((forward, ahead), (backward, behind, baseline)) = if n_slots * lines.len() >= PARALLEL_WORK
    {
        std::thread::scope(|scope| {
            let others = scope.spawn(others);
            let first = sweeps();
            let others = others
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, others)
        })
    } else {
        (sweeps(), others())
    };
    let best = [
        (forward, Method::Forward),
        (backward, Method::Backward),
        (baseline, Method::Baseline),
    ]
    .into_iter()
    .min_by_key(|&(c, _)| c)
    .map_or(Method::Forward, |(_, m)| m);
    let (crossings, heights) = match best {
        Method::Forward => (forward, ahead),
        Method::Backward => (backward, behind),
        Method::Baseline => {
            let mut heights = fresh();
            (sweep(&slots, &lines, best, Some(&mut heights)), heights)
        }
    };
    // Heights start at 0 at the top.
    let top = heights
        .points
        .iter()
        .flatten()
        .chain(heights.ghosts.iter().flatten())
        .map(|&(_, y)| y)
        .fold(f64::INFINITY, f64::min);
    let top = if top.is_finite() { top } else { 0.0 };
    let mut bottom: f64 = 0.0;
    for (line, (mut points, mut ghosts)) in lines
        .iter_mut()
        .zip(heights.points.into_iter().zip(heights.ghosts))
    {
        points.sort_by_key(|&(s, _)| s);
        points.dedup_by_key(|p| p.0);
        ghosts.sort_by_key(|&(s, _)| s);
        for p in points.iter_mut().chain(ghosts.iter_mut()) {
            p.1 -= top;
            bottom = bottom.max(p.1);
        }
        line.points = points;
        line.ghosts = ghosts;
    }
    let blocks = heights
        .blocks
        .into_iter()
        .map(|b| {
            b.map(|b: Block| Block {
                y0: b.y0 - top,
                y1: b.y1 - top,
            })
        })
        .collect();
    Layout {
        placed: chronology.order.len(),
        slots: slots.scenes,
        lines,
        blocks,
        height: bottom,
        crossings,
        baseline_crossings: baseline,
        method: best,
    }
}

/// The slots and each appearing character's line (no heights yet).
fn collect(story: &Story, chronology: &Chronology) -> (Slots, Vec<Line>) {
    let scenes: Vec<SceneId> = chronology
        .order
        .iter()
        .chain(&chronology.unplaced)
        .copied()
        .collect();
    // Line index per character, in declaration order of those who appear.
    let mut appears = vec![false; story.characters.len()];
    for &s in &scenes {
        for m in &story.scene(s).cast {
            appears[m.character.0 as usize] = true;
        }
    }
    let mut line_of = vec![u32::MAX; appears.len()];
    let mut lines = Vec::new();
    for (c, &a) in appears.iter().enumerate() {
        if a {
            line_of[c] = lines.len() as u32;
            lines.push(Line {
                character: CharacterId(c as u32),
                scenes: Vec::new(),
                first: u32::MAX,
                last: 0,
                dies: false,
                points: Vec::new(),
                ghosts: Vec::new(),
            });
        }
    }
    // The latest dated start: a death before it is shown.
    let story_end = chronology
        .placements
        .iter()
        .filter(|p| p.anchored && p.chrono.is_some())
        .filter_map(|p| p.start.earliest)
        .max();
    let mut offsets = vec![0u32];
    let mut members = Vec::new();
    let mut ghost_offsets = vec![0u32];
    let mut ghosts = Vec::new();
    for (slot, &s) in scenes.iter().enumerate() {
        let scene = story.scene(s);
        let p = &chronology.placements[s.index()];
        for m in &scene.cast {
            let l = line_of[m.character.0 as usize];
            let died = story.character(m.character).died;
            let after_death = died.is_some_and(|d| {
                p.anchored && p.chrono.is_some() && p.start.earliest.is_some_and(|e| e > d.hi)
            });
            let presence = if after_death {
                Presence::Ghost
            } else if scene.mode.is_some() {
                Presence::Remembered
            } else {
                Presence::Lived
            };
            let line = &mut lines[l as usize];
            line.scenes.push((slot as u32, presence));
            if presence == Presence::Ghost {
                ghosts.push(l);
            } else {
                members.push(l);
                line.first = line.first.min(slot as u32);
                line.last = slot as u32;
            }
        }
        offsets.push(members.len() as u32);
        ghost_offsets.push(ghosts.len() as u32);
    }
    for line in &mut lines {
        let died = story.character(line.character).died;
        line.dies = died.is_some_and(|d| story_end.is_some_and(|e| e > d.hi));
        if line.first == u32::MAX {
            // Only ghost appearances: no line at all.
            line.first = 1;
            line.last = 0;
        }
    }
    let slots = Slots {
        scenes,
        offsets,
        members,
        ghost_offsets,
        ghosts,
    };
    (slots, lines)
}

/// Heights as a sweep sets them.
struct Heights {
    /// Record a line's height only at its own scenes (see [`SKETCH_SLOTS`]).
    sketch: bool,
    blocks: Vec<Option<Block>>,
    points: Vec<Vec<(u32, f64)>>,
    ghosts: Vec<Vec<(u32, f64)>>,
    /// Current height per line (`NaN` before it starts).
    y: Vec<f64>,
}

/// Run one ordering over every slot, counting crossings; with `heights`,
/// also straighten and record the heights. The forward sweep and the
/// baseline go left to right, the backward sweep right to left.
fn sweep(slots: &Slots, lines: &[Line], method: Method, mut heights: Option<&mut Heights>) -> u64 {
    let n = slots.len();
    let mut order: Vec<u32> = Vec::new();
    let mut next: Vec<u32> = Vec::new();
    // The baseline's lines by first appearance.
    let mut base: Vec<u32> = Vec::new();
    let mut pos = vec![u32::MAX; lines.len()];
    let mut in_block = vec![false; lines.len()];
    let mut moved = vec![false; lines.len()];
    let mut crossings = 0u64;
    let mut scratch = Scratch::new(lines.len());
    let mut previous: Option<usize> = None;
    let mut buffers = (Vec::new(), Vec::new());
    // Each line's active span, packed: read for every line in every slot.
    let spans: Vec<(u32, u32)> = lines.iter().map(|l| (l.first, l.last)).collect();
    let mut pieces: Vec<Piece> = Vec::new();
    for step in 0..n {
        let s = if method == Method::Backward {
            n - 1 - step
        } else {
            step
        };
        let members = slots.members(s);
        // Lines whose span this slot leaves drop out; the rest keep order.
        let active = |l: u32| {
            let (first, last) = spans[l as usize];
            (first as usize) <= s && s <= last as usize
        };
        for &m in members {
            in_block[m as usize] = true;
            moved[m as usize] = true;
        }
        next.clear();
        match method {
            Method::Forward | Method::Backward => {
                median_insert(
                    &order,
                    members,
                    &pos,
                    &in_block,
                    active,
                    &mut next,
                    &mut buffers,
                );
            }
            Method::Baseline => {
                base.retain(|&l| active(l));
                let mut newcomers: Vec<u32> = members
                    .iter()
                    .copied()
                    .filter(|&m| pos[m as usize] == u32::MAX)
                    .collect();
                newcomers.sort_unstable();
                base.extend(newcomers);
                pull_block(&base, &in_block, &mut next);
                // The previous block's lines go back to their places.
                if let Some(p) = previous {
                    for &m in slots.members(p) {
                        moved[m as usize] = true;
                    }
                }
            }
        }
        crossings += count_crossings(&order, &next, &pos, &moved, &mut scratch);
        for &l in &order {
            pos[l as usize] = u32::MAX;
        }
        for (i, &l) in next.iter().enumerate() {
            pos[l as usize] = i as u32;
        }
        if let Some(h) = heights.as_deref_mut() {
            let before = previous.map_or(s as u32, |p| p as u32);
            straighten(
                (s as u32, before),
                &next,
                slots.ghosts(s),
                &in_block,
                h,
                &mut pieces,
            );
        }
        for &m in members {
            in_block[m as usize] = false;
        }
        if let Some(p) = previous {
            for &m in slots.members(p) {
                moved[m as usize] = false;
            }
        }
        for &m in members {
            moved[m as usize] = false;
        }
        std::mem::swap(&mut order, &mut next);
        previous = Some(s);
    }
    if let Some(h) = heights {
        close_lines(h, lines, method);
    }
    crossings
}

/// Close every line's last stretch at its end in the sweep's direction.
fn close_lines(h: &mut Heights, lines: &[Line], method: Method) {
    for (l, y) in h.y.iter().enumerate() {
        let line = &lines[l];
        if y.is_finite() && line.first <= line.last {
            let end = if method == Method::Backward {
                line.first
            } else {
                line.last
            };
            h.points[l].push((end, *y));
        }
    }
}

/// The next order of the median sweep: the lines that stay (active, not in
/// the block) in their order, and the block inserted at the median of its
/// members' places among them; newcomers join the block's end, and a block
/// of newcomers only goes below every line.
fn median_insert(
    order: &[u32],
    members: &[u32],
    pos: &[u32],
    in_block: &[bool],
    active: impl Fn(u32) -> bool,
    next: &mut Vec<u32>,
    buffers: &mut (Vec<(u32, u32)>, Vec<u32>),
) {
    // Each member already there, with how many staying lines are above it.
    let (above, block) = buffers;
    above.clear();
    block.clear();
    let mut staying = 0u32;
    for &l in order {
        if in_block[l as usize] {
            above.push((staying, l));
        } else if active(l) {
            staying += 1;
        }
    }
    // `above` is sorted by place already: take the lower median.
    let at = above
        .get(above.len().saturating_sub(1) / 2)
        .map_or(u32::MAX, |&(a, _)| a);
    block.extend(above.iter().map(|&(_, l)| l));
    let known = block.len();
    block.extend(
        members
            .iter()
            .copied()
            .filter(|&m| pos[m as usize] == u32::MAX),
    );
    block[known..].sort_unstable();
    let mut seen = 0u32;
    let mut placed = false;
    for &l in order {
        if in_block[l as usize] || !active(l) {
            continue;
        }
        if !placed && seen == at {
            next.extend_from_slice(block);
            placed = true;
        }
        next.push(l);
        seen += 1;
    }
    if !placed {
        next.extend_from_slice(block);
    }
}

/// `base` (lines by first appearance) with the block's lines pulled
/// together where its first line is.
fn pull_block(base: &[u32], in_block: &[bool], next: &mut Vec<u32>) {
    let mut done = false;
    for &l in base {
        if !in_block[l as usize] {
            next.push(l);
        } else if !done {
            next.extend(base.iter().copied().filter(|&m| in_block[m as usize]));
            done = true;
        }
    }
}

/// Scratch space for counting crossings, reused slot after slot.
struct Scratch {
    /// Per line: whether it is in the new order.
    in_new: Vec<bool>,
    /// Per moved line: staying lines above it in the new order.
    above_new: Vec<u32>,
    /// Moved lines' old positions, in new order.
    moved_old_pos: Vec<u32>,
    merge: Vec<u32>,
}

impl Scratch {
    fn new(lines: usize) -> Scratch {
        Scratch {
            in_new: vec![false; lines],
            above_new: vec![0; lines],
            moved_old_pos: Vec::new(),
            merge: Vec::new(),
        }
    }
}

/// Crossings between two consecutive orders: pairs of lines in both whose
/// relative order differs. Lines not `moved` keep their relative order
/// (each ordering moves only block lines), so the same staying lines are
/// above a moved line in both orders but for `|a − b|` of them (`a` above
/// it before, `b` now): exactly its crossings with them. Moved lines are
/// compared among themselves by counting inversions. O(lines) plus
/// O(k log k) for k moved lines.
fn count_crossings(
    old: &[u32],
    new: &[u32],
    old_pos: &[u32],
    moved: &[bool],
    scratch: &mut Scratch,
) -> u64 {
    scratch.moved_old_pos.clear();
    let mut b = 0u32;
    for &l in new {
        scratch.in_new[l as usize] = true;
        let p = old_pos[l as usize];
        if p == u32::MAX {
            continue; // a newcomer: in one order only
        }
        if moved[l as usize] {
            scratch.moved_old_pos.push(p);
            scratch.above_new[l as usize] = b;
        } else {
            b += 1;
        }
    }
    let mut total = 0u64;
    let mut a = 0u32;
    for &l in old {
        if !scratch.in_new[l as usize] {
            continue; // it left: in one order only
        }
        if moved[l as usize] {
            total += u64::from(a.abs_diff(scratch.above_new[l as usize]));
        } else {
            a += 1;
        }
    }
    for &l in new {
        scratch.in_new[l as usize] = false;
    }
    total + inversions(&mut scratch.moved_old_pos, &mut scratch.merge)
}

/// Inversions of `v` (pairs out of order), by merge sort; sorts `v`.
fn inversions(v: &mut [u32], buf: &mut Vec<u32>) -> u64 {
    if v.len() < 2 {
        return 0;
    }
    let mid = v.len() / 2;
    let mut count = inversions(&mut v[..mid], buf) + inversions(&mut v[mid..], buf);
    buf.clear();
    let (mut i, mut j) = (0, mid);
    while i < mid && j < v.len() {
        if v[i] <= v[j] {
            buf.push(v[i]);
            i += 1;
        } else {
            buf.push(v[j]);
            count += (mid - i) as u64;
            j += 1;
        }
    }
    buf.extend_from_slice(&v[i..mid]);
    buf.extend_from_slice(&v[j..]);
    v.copy_from_slice(buf);
    count
}

/// One piece of a slot's column: a block of lines, or one idle line.
struct Piece {
    /// Where its lines start in the order.
    from: usize,
    /// How many lines of the order it holds.
    len: usize,
    /// Its height from top line to bottom line (ghost stubs included).
    size: f64,
    /// The top it wants.
    want: f64,
    /// How much it counts (lines it holds that have a height already).
    weight: f64,
}

/// Set this slot's heights: each piece (the block, or an idle line) wants
/// its height in the slot before; pool-adjacent-violators finds the least-
/// squares tops with the gaps kept. `slots` is (this slot, the slot swept
/// before it).
fn straighten(
    (slot, before): (u32, u32),
    order: &[u32],
    ghosts: &[u32],
    in_block: &[bool],
    h: &mut Heights,
    pieces: &mut Vec<Piece>,
) {
    pieces.clear();
    let mut block_piece = None;
    let mut i = 0;
    // The lowest bottom wanted so far: where a new block goes.
    let mut floor = f64::NEG_INFINITY;
    while i < order.len() {
        let l = order[i] as usize;
        if in_block[l] {
            let from = i;
            while i < order.len() && in_block[order[i] as usize] {
                i += 1;
            }
            let len = i - from;
            let (mut sum, mut known) = (0.0, 0usize);
            for (k, &l) in order[from..i].iter().enumerate() {
                let y = h.y[l as usize];
                if y.is_finite() {
                    sum += y - k as f64 * GAP_IN;
                    known += 1;
                }
            }
            let size = (len + ghosts.len()).saturating_sub(1) as f64 * GAP_IN;
            let (want, weight) = if known == 0 {
                (
                    if floor.is_finite() {
                        floor + GAP_OUT
                    } else {
                        0.0
                    },
                    1.0,
                )
            } else {
                (sum / known as f64, known as f64)
            };
            floor = floor.max(want + size);
            block_piece = Some(pieces.len());
            pieces.push(Piece {
                from,
                len,
                size,
                want,
                weight,
            });
        } else {
            let want = h.y[l];
            floor = floor.max(want);
            pieces.push(Piece {
                from: i,
                len: 1,
                size: 0.0,
                want,
                weight: 1.0,
            });
            i += 1;
        }
    }
    if block_piece.is_none() && !ghosts.is_empty() {
        // Only ghosts: a block of stubs below everything.
        block_piece = Some(pieces.len());
        pieces.push(Piece {
            from: order.len(),
            len: 0,
            size: (ghosts.len() - 1) as f64 * GAP_IN,
            want: if floor.is_finite() {
                floor + GAP_OUT
            } else {
                0.0
            },
            weight: 1.0,
        });
    }
    let tops = isotonic_tops(pieces);
    for (piece, &top) in pieces.iter().zip(&tops) {
        for k in 0..piece.len {
            let l = order[piece.from + k] as usize;
            let y = top + k as f64 * GAP_IN;
            let old = h.y[l];
            if !old.is_finite() || (h.sketch && piece.len > 0 && in_block[l]) {
                h.points[l].push((slot, y));
            } else if h.sketch {
                // Between its scenes a sketched line is drawn straight.
            } else if (old - y).abs() > 1e-6 {
                h.points[l].push((before, old));
                h.points[l].push((slot, y));
            }
            h.y[l] = y;
        }
    }
    if let Some(b) = block_piece {
        let (piece, top) = (&pieces[b], tops[b]);
        for (j, &g) in ghosts.iter().enumerate() {
            let y = top + (piece.len + j) as f64 * GAP_IN;
            h.ghosts[g as usize].push((slot, y));
        }
        h.blocks[slot as usize] = Some(Block {
            y0: top,
            y1: top + piece.size,
        });
    }
}

/// The tops `t` closest to the pieces' wishes (least squares, weighted)
/// with `t[i + 1] ≥ t[i] + size[i] + GAP_OUT`: with `z[i] = t[i] − c[i]`
/// (`c` the sizes and gaps above piece `i`) the constraint is `z`
/// non-decreasing, an isotonic regression that pool-adjacent-violators
/// solves in linear time.
fn isotonic_tops(pieces: &[Piece]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(pieces.len());
    let mut c = 0.0;
    for p in pieces {
        offset.push(c);
        c += p.size + GAP_OUT;
    }
    // Pools: (mean, weight, count).
    let mut pools: Vec<(f64, f64, usize)> = Vec::with_capacity(pieces.len());
    for (p, &o) in pieces.iter().zip(&offset) {
        let mut pool = (p.want - o, p.weight, 1usize);
        while let Some(&last) = pools.last() {
            if last.0 <= pool.0 {
                break;
            }
            pools.pop();
            let w = last.1 + pool.1;
            pool = ((last.0 * last.1 + pool.0 * pool.1) / w, w, last.2 + pool.2);
        }
        pools.push(pool);
    }
    let mut tops = Vec::with_capacity(pieces.len());
    for (mean, _, count) in pools {
        for _ in 0..count {
            tops.push(mean + offset[tops.len()]);
        }
    }
    tops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_are_counted() {
        let mut buf = Vec::new();
        assert_eq!(inversions(&mut [3, 1, 2], &mut buf), 2);
        assert_eq!(inversions(&mut [1, 2, 3], &mut buf), 0);
        assert_eq!(inversions(&mut [4, 3, 2, 1], &mut buf), 6);
    }

    #[test]
    fn crossings_of_one_moved_line_are_the_lines_it_passes() {
        // a b c d -> b c a d: `a` passes `b` and `c`.
        let old = [0, 1, 2, 3];
        let new = [1, 2, 0, 3];
        let mut pos = vec![u32::MAX; 4];
        for (i, &l) in old.iter().enumerate() {
            pos[l as usize] = i as u32;
        }
        let moved = [true, false, false, false];
        let mut s = Scratch::new(4);
        assert_eq!(count_crossings(&old, &new, &pos, &moved, &mut s), 2);
        // `a` and `b` move below `c` together (2), then also swap (3).
        let moved = [true, true, false, false];
        assert_eq!(
            count_crossings(&old, &[2, 0, 1, 3], &pos, &moved, &mut s),
            2
        );
        assert_eq!(
            count_crossings(&old, &[2, 1, 0, 3], &pos, &moved, &mut s),
            3
        );
        // A line that left and one that arrived count for nothing.
        let moved = [false; 5];
        let mut pos5 = pos.clone();
        pos5.push(u32::MAX);
        let mut s5 = Scratch::new(5);
        assert_eq!(
            count_crossings(&old, &[1, 4, 2, 3], &pos5, &moved, &mut s5),
            0
        );
    }

    #[test]
    fn pieces_keep_their_height_unless_pushed() {
        let piece = |want: f64, size: f64| Piece {
            from: 0,
            len: 1,
            size,
            want,
            weight: 1.0,
        };
        let tops = isotonic_tops(&[piece(0.0, 0.0), piece(100.0, 0.0)]);
        assert_eq!(tops, [0.0, 100.0]);
        // Too close: both give way equally.
        let tops = isotonic_tops(&[piece(0.0, 0.0), piece(10.0, 0.0)]);
        assert_eq!(tops, [-6.0, 16.0]);
        assert!((tops[1] - tops[0] - GAP_OUT).abs() < 1e-9);
    }
}
