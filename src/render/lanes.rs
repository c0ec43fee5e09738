//! The lanes view: the telling above, the chronology below, one ribbon per
//! placed scene joining its two blocks, so crossings show the jumps.

use std::collections::HashMap;

use crate::engine::Chronology;
use crate::model::{EraId, SceneId, Story};
use crate::time::Millis;

use super::axis::{self, Axis, Point, SegmentKind, TextRows};
use super::grouping;
use super::key;
use super::metrics::{text_width, Weight};
use super::relative_axis::{self, Composed, RelativePart};
use super::svg::{num, push_num, Doc};
use super::theme::Theme;
use super::{
    begin, emit_legend, fit, hatch, rect, rounded, size, Anchor, Common, Drawing, Heading, Label,
    LegendItem, Rect, Target, View, MARGIN,
};

/// Default width of the view, pixels.
pub const WIDTH: f64 = 1200.0;
/// Left gutter holding the lane names.
pub const GUTTER: f64 = 92.0;
/// Height of a telling block.
pub const TELLING_HEIGHT: f64 = 34.0;
/// Height of one row of the chronology lane.
pub const ROW: f64 = 20.0;
/// Height of a block in that row.
pub const BLOCK: f64 = 14.0;
/// Most rows the chronology lane stacks overlapping scenes into.
pub const MAX_ROWS: usize = 8;
/// Vertical room the ribbons cross.
pub const RIBBONS: f64 = 150.0;
/// Above this many scenes, ribbons are single thin lines.
pub const THIN_RIBBONS: usize = 150;

/// A ribbon from a telling block to a chronology block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Ribbon {
    /// A filled band from `a0..a1` at `ya` to `b0..b1` at `yb`.
    Band {
        /// Top left.
        a0: f64,
        /// Top right.
        a1: f64,
        /// Top y.
        ya: f64,
        /// Bottom left.
        b0: f64,
        /// Bottom right.
        b1: f64,
        /// Bottom y.
        yb: f64,
    },
    /// A single stroke from `a` at `ya` to `b` at `yb` (long stories).
    Line {
        /// Top x.
        a: f64,
        /// Top y.
        ya: f64,
        /// Bottom x.
        b: f64,
        /// Bottom y.
        yb: f64,
    },
}

/// Every mark of one scene.
#[derive(Clone, Debug, PartialEq)]
pub struct SceneMarks {
    /// The scene.
    pub scene: SceneId,
    /// Its block in the telling.
    pub telling: Rect,
    /// Its block in the chronology, or in the unplaced strip.
    pub chrono: Rect,
    /// True when it sits in the unplaced strip.
    pub unplaced: bool,
    /// Where it could be, when its time is only bounded: one piece per part
    /// of the story-time axis it crosses, none drawn across a break.
    pub span: Vec<Rect>,
    /// The ribbon, for placed scenes.
    pub ribbon: Option<Ribbon>,
    /// Labels shown (inside the telling block, beside the chronology block).
    pub labels: Vec<Label>,
    /// Its telling number above the lane, when the block is too narrow.
    /// Boxed: few scenes have one, and inline it would double the size of
    /// every scene's marks (a million scenes, 100 MB).
    pub leader: Option<Box<Leader>>,
}

/// The whole view, in pixels, before it becomes SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct Lanes {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Title, subtitle, problem note.
    pub header: Vec<Label>,
    /// Legend: swatch box, swatch class, text.
    pub legend: Vec<LegendItem>,
    /// Lane names in the gutter.
    pub gutter: Vec<Label>,
    /// The telling lane.
    pub telling_lane: Rect,
    /// Screen-time ticks above it: x and label.
    pub telling_ticks: Vec<(f64, Option<Label>)>,
    /// The chronology lane.
    pub chrono_lane: Rect,
    /// The story-time axis under it.
    pub axis: Axis,
    /// y of the axis line.
    pub axis_y: f64,
    /// The unplaced strip, if any scene is unplaced.
    pub unplaced_lane: Option<Rect>,
    /// Every scene's marks, in telling order.
    pub scenes: Vec<SceneMarks>,
    /// Footnotes.
    pub notes: Vec<Label>,
    /// A series' works along the telling lane (empty without works).
    pub works: Vec<super::works::TellingBand>,
    /// The numbered key: titles of scenes shown by number ([`key`]).
    pub key: Vec<Label>,
}

/// Up to this many scenes, chronology blocks carry a label beside them;
/// past it the labels would cover one another and the blocks.
pub const LABELLED_SCENES: usize = 80;
/// Past this many scenes a dated block may be as thin as [`THIN_BLOCK`]:
/// at [`MIN_BLOCK`] the blocks of a long story would merge into one bar.
pub const THIN_BLOCK_SCENES: usize = 2000;
/// Narrowest dated block, pixels, so a scene of a few minutes stays visible.
pub const MIN_BLOCK: f64 = 5.0;
/// Narrowest dated block in a story of more than [`THIN_BLOCK_SCENES`].
pub const THIN_BLOCK: f64 = 0.6;
/// Widest text beside a chronology block, pixels: one long title must not
/// claim a whole row of the lane.
pub const SIDE_LABEL: f64 = 170.0;
/// Widest block in the unplaced strip, so a few unplaced scenes do not
/// stretch across the whole lane.
pub const UNPLACED_BLOCK: f64 = 160.0;
/// Narrowest block with a label inside: with 5 pixels of padding each side,
/// a narrower one holds barely a letter.
pub const INSIDE_LABEL: f64 = 24.0;
/// Room kept free between two blocks, or a block and a label, in one row.
const ROW_GAP: f64 = 2.0;
/// Room between a block and the label beside it (4) and after the label.
const SIDE_LABEL_PAD: f64 = 8.0;

/// A chronology block before it has a row.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Block {
    scene: SceneId,
    /// Left edge.
    x0: f64,
    /// Right edge.
    x1: f64,
    /// Where the scene could be, `(left, right)`, when its time is only
    /// bounded and that reaches past the block.
    span: Option<(f64, f64)>,
    /// True when that span is open at one end (runs to the lane's edge):
    /// it is drawn, but claims no room in its row, or every such scene
    /// would take a row of its own.
    open: bool,
}

/// A chronology block in its row, with where its label goes.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Placed {
    block: Block,
    row: usize,
    side: Side,
    /// What the label beside it says.
    text: Shown,
}

/// What stands for a scene on a mark or beside it: its title, whole, or
/// its telling number (the title then goes into the key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// The title.
    Title,
    /// The telling number, inside or beside the mark.
    Number,
    /// The telling number above the lane, joined to a mark too narrow for
    /// it by a leader line.
    Leader,
    /// Nothing (a story too long for labels; the tooltip names it).
    Nothing,
}

/// Where a chronology block's label goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// No label (too many scenes, or no room).
    None,
    /// After the block, the usual place.
    Right,
    /// Before the block: a block near the right edge has no room after it.
    Left,
    /// Inside a block wide enough for it.
    Inside,
}

/// Screen lengths in telling order: from timecodes where both ends are
/// known, else up to the next scene's start in the same file; `None` when no
/// scene has a length (then every block gets the same width).
fn screen_lengths(story: &Story) -> Option<Vec<Millis>> {
    let scenes: Vec<_> = story.scenes.values().collect();
    let mut known: Vec<Option<Millis>> = Vec::with_capacity(scenes.len());
    for (i, s) in scenes.iter().enumerate() {
        let len = s.screen.as_deref().and_then(|sc| {
            let end = sc.end.or_else(|| {
                let next = scenes.get(i + 1)?;
                (next.file == s.file).then_some(next.screen.as_deref()?.start)
            })?;
            (end > sc.start).then_some(end - sc.start)
        });
        known.push(len);
    }
    let lens: Vec<Millis> = known.iter().flatten().copied().collect();
    if lens.is_empty() {
        return None;
    }
    // Scenes without a length get the mean of the known ones.
    let mean = lens.iter().sum::<Millis>() / lens.len() as Millis;
    Some(
        known
            .into_iter()
            .map(|l| l.unwrap_or(mean).max(1))
            .collect(),
    )
}

/// The telling lane: where it is, each scene's x range in it, and its
/// ticks.
struct Telling {
    lane: Rect,
    /// Per scene in telling order: left and right edge.
    x: Vec<(f64, f64)>,
    ticks: Vec<(f64, Option<Label>)>,
    /// True when widths follow screen time, false for equal widths.
    timed: bool,
}

/// Lay out the telling lane under the tick row at `ticks_y`, between `x0`
/// and `x1`; its names go into `gutter`.
fn telling_lane(story: &Story, x0: f64, x1: f64, ticks_y: f64, gutter: &mut Vec<Label>) -> Telling {
    let n = story.scenes.len();
    let top = ticks_y + 10.0;
    let lane = Rect {
        x0,
        y0: top,
        x1,
        y1: top + TELLING_HEIGHT,
    };
    gutter.push(Label::new(MARGIN, top + 15.0, "Telling", size::LABEL, "lane-label").bold());
    let lengths = screen_lengths(story);
    let total: f64 = match &lengths {
        Some(l) => l.iter().map(|&v| v as f64).sum(),
        None => n as f64,
    };
    let scale = (x1 - x0) / total.max(1.0);
    let mut x = Vec::with_capacity(n);
    let mut acc = 0.0;
    for i in 0..n {
        let len = lengths.as_ref().map_or(1.0, |l| l[i] as f64);
        x.push((x0 + acc * scale, x0 + (acc + len) * scale));
        acc += len;
    }
    let timed = lengths.is_some();
    let axis_name = if timed { "screen time" } else { "scene order" };
    gutter.push(Label::new(
        MARGIN,
        top + 29.0,
        axis_name,
        size::SMALL,
        "axis-label",
    ));
    let ticks = if timed {
        timecode_ticks(total, x0, scale, ticks_y)
    } else {
        ordinal_ticks(n, x0, (x1 - x0) / n.max(1) as f64, ticks_y)
    };
    Telling {
        lane,
        x,
        ticks,
        timed,
    }
}

/// The placed scenes for the story-time axis, where the placement rule
/// ([`crate::engine::position`]) draws them: dated points; floating parts
/// (placed relative to each other only) whose relative times are known, as
/// relative parts; and the scenes of the other floating parts in story
/// order. Parts come in the order their first scene comes in the chronology.
pub(crate) struct StoryTime {
    /// Dated scenes.
    pub dated: Vec<Point>,
    /// Floating parts with relative times.
    pub relative: Vec<RelativePart>,
    /// Floating parts whose scenes all share one time: story order only.
    pub ordinal: Vec<Vec<SceneId>>,
}

/// Sort the placed scenes into [`StoryTime`]'s frames. A floating part has
/// known relative times when its drawn starts tell at least a third of its
/// scenes apart (and more than one); a part whose tags leave most scenes at
/// a few instants (`after` tags with open gaps) is ordinal: a relative axis
/// would pile them up.
pub(crate) fn story_time_groups(chronology: &Chronology) -> StoryTime {
    let drawn = crate::engine::position::drawn(chronology);
    let mut dated = Vec::new();
    let mut floating: Vec<Vec<Point>> = Vec::new();
    // Component → its place in `floating`: one lookup per scene, so many
    // floating parts cost no more than one.
    let mut part_of: HashMap<u32, usize> = HashMap::new();
    for &id in &chronology.order {
        let p = &chronology.placements[id.index()];
        let Some(d) = drawn[id.index()] else { continue };
        let point = Point {
            scene: id,
            start: d.start,
            end: d.end,
            era: p.era,
        };
        if p.anchored {
            dated.push(point);
        } else {
            let part = *part_of.entry(p.component).or_insert_with(|| {
                floating.push(Vec::new());
                floating.len() - 1
            });
            floating[part].push(point);
        }
    }
    let mut out = StoryTime {
        dated,
        relative: Vec::new(),
        ordinal: Vec::new(),
    };
    for points in floating {
        // Distinct drawn starts: the points come in chronological order,
        // and drawn starts never decrease along it.
        let distinct = 1 + points
            .windows(2)
            .filter(|w| w[1].start != w[0].start)
            .count();
        if points.len() > 1 && distinct > 1 && distinct * 3 >= points.len() {
            out.relative.push(RelativePart { points });
        } else {
            out.ordinal.push(points.iter().map(|p| p.scene).collect());
        }
    }
    out
}

/// Every placed scene's chronology block on the provisional axis `probe`,
/// sorted by left edge (then scene), as rows are filled.
fn chrono_blocks(
    chronology: &Chronology,
    probe: &Composed,
    times: &StoryTime,
    n: usize,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for seg in &probe.axis.segments {
        if let SegmentKind::Ordinal { scenes } = &seg.kind {
            // Evenly spaced, at most 12 px wide, never under half a pixel.
            let step = (seg.x1 - seg.x0) / scenes.len().max(1) as f64;
            let w = (step * 0.6).clamp(0.5, 12.0);
            for (k, &id) in scenes.iter().enumerate() {
                let c = seg.x0 + (k as f64 + 0.5) * step;
                blocks.push(Block {
                    scene: id,
                    x0: c - w / 2.0,
                    x1: c + w / 2.0,
                    span: None,
                    open: false,
                });
            }
        }
    }
    let min_w = if n > THIN_BLOCK_SCENES {
        THIN_BLOCK
    } else {
        MIN_BLOCK
    };
    let frames = std::iter::once((&probe.dated, &times.dated[..])).chain(
        probe
            .relative
            .iter()
            .zip(times.relative.iter().map(|r| &r.points[..])),
    );
    for (axis, points) in frames {
        let (Some(first), Some(last)) = (axis.segments.first(), axis.segments.last()) else {
            continue;
        };
        for pt in points {
            let p = &chronology.placements[pt.scene.index()];
            let (start, end) = match (&p.relative, p.anchored) {
                (Some(r), false) => (r.start, r.end),
                _ => (p.start, p.end),
            };
            let (a, b) = widened(axis, axis.x(pt.start), axis.x(pt.end), min_w);
            let lo = start.earliest.map_or(first.x0, |t| axis.x(t));
            let hi = end.latest.map_or(last.x1, |t| axis.x(t));
            // A span within a pixel of the block says nothing the block
            // does not. In a floating part an open bound is only "some
            // time before or after the others": no span.
            let open = start.earliest.is_none() || end.latest.is_none();
            let span = ((p.anchored || !open) && (lo < a - 1.0 || hi > b + 1.0))
                .then_some((lo.min(a), hi.max(b)));
            blocks.push(Block {
                scene: pt.scene,
                x0: a,
                x1: b,
                span,
                open,
            });
        }
    }
    blocks.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.scene.cmp(&b.scene)));
    blocks
}

/// A block from `a` to `b` at least `min_w` wide. A block widened to be
/// seen stays inside its axis segment (it is pulled back from the
/// segment's right edge), so neither it nor its label reaches into a
/// break; a scene whose own length runs over a break keeps its length.
fn widened(axis: &Axis, a: f64, b: f64, min_w: f64) -> (f64, f64) {
    if b >= a + min_w {
        return (a, b);
    }
    let k = axis.segments.partition_point(|s| s.x1 < a);
    match axis.segments.get(k) {
        Some(seg) if a + min_w > seg.x1 && seg.x0 <= a => {
            let right = seg.x1.max(a);
            ((right - min_w).max(seg.x0), right)
        }
        _ => (a, a + min_w),
    }
}

/// Put each block (sorted by x) into the first row whose extent it does not
/// reach, counting its label when `labels` is set. With labels the lane
/// grows as many rows as it needs, and each label is its scene's whole
/// title, else its telling number, on whichever side keeps it inside the
/// block's axis segment (`segments`, left to right), so no label crosses a
/// break. Without labels (a long story) there are at most [`MAX_ROWS`]
/// rows, and when all are taken a block goes into the row that frees up
/// first. Returns the blocks in that order and the row count.
fn assign_rows(
    blocks: &[Block],
    common: &Common,
    labels: bool,
    segments: &[(f64, f64)],
    thin: bool,
) -> (Vec<Placed>, usize) {
    let mut row_end: Vec<f64> = Vec::new();
    let mut placed: Vec<Placed> = Vec::with_capacity(blocks.len());
    for &block in blocks {
        let Block { x0: a, x1: b, .. } = block;
        let (side, text, label_w) = if labels {
            side_label(block, common.labels[block.scene.index()], segments)
        } else {
            (Side::None, Shown::Nothing, 0.0)
        };
        // In a long story the possible spans would claim every row, so
        // only the blocks compete for room there; spans are drawn under.
        let span_room = if thin || block.open { None } else { block.span };
        let left =
            span_room.map_or(a, |s| s.0.min(a)) - if side == Side::Left { label_w } else { 0.0 };
        let right_without = span_room.map_or(b, |s| s.1).max(b);
        let right = if side == Side::Right {
            right_without.max(b + label_w)
        } else {
            right_without
        };
        let row = if let Some(r) = row_end.iter().position(|&e| e + ROW_GAP <= left) {
            r
        } else if labels || row_end.len() < MAX_ROWS {
            row_end.push(f64::MIN);
            row_end.len() - 1
        } else {
            // Full: the row that frees up first.
            (0..row_end.len())
                .min_by(|&i, &j| row_end[i].total_cmp(&row_end[j]))
                .unwrap_or(0)
        };
        row_end[row] = row_end[row].max(right);
        placed.push(Placed {
            block,
            row,
            side,
            text,
        });
    }
    let rows = row_end.len().max(1);
    (placed, rows)
}

/// Where a chronology block's label goes and what it says: the whole
/// title after the block, else before it, else the telling number after or
/// before, whichever first stays inside the block's segment; with its
/// width including the padding.
fn side_label(block: Block, title: &str, segments: &[(f64, f64)]) -> (Side, Shown, f64) {
    let mid = (block.x0 + block.x1) / 2.0;
    let k = segments.partition_point(|s| s.1 < mid);
    let (s0, s1) = segments.get(k).copied().unwrap_or((f64::MIN, f64::MAX));
    let number = key::number(block.scene.index());
    if text_width(title, size::SMALL, Weight::Regular) + 10.0 <= block.x1 - block.x0 {
        return (Side::Inside, Shown::Title, 0.0);
    }
    for (shown, text) in [(Shown::Title, title), (Shown::Number, number.as_str())] {
        let w = text_width(text, size::SMALL, Weight::Regular) + SIDE_LABEL_PAD;
        if block.x1 + w <= s1 {
            return (Side::Right, shown, w);
        }
        if block.x0 - w >= s0 {
            return (Side::Left, shown, w);
        }
    }
    (Side::None, Shown::Nothing, 0.0)
}

/// The unplaced strip from `*y` down, when some scene is unplaced, and each
/// unplaced scene's x range in it (indexed by scene); moves `*y` under it.
fn unplaced_strip(
    chronology: &Chronology,
    n: usize,
    (x0, x1): (f64, f64),
    y: &mut f64,
    gutter: &mut Vec<Label>,
) -> (Option<Rect>, Vec<Option<(f64, f64)>>) {
    let mut x = vec![None; n];
    if chronology.unplaced.is_empty() {
        return (None, x);
    }
    let lane = Rect {
        x0,
        y0: *y,
        x1,
        y1: *y + TELLING_HEIGHT - 8.0,
    };
    gutter.push(Label::new(MARGIN, *y + 17.0, "Unplaced", size::LABEL, "lane-label").bold());
    *y = lane.y1 + 12.0;
    let step = ((lane.x1 - lane.x0) / chronology.unplaced.len() as f64).min(UNPLACED_BLOCK);
    for (j, id) in chronology.unplaced.iter().enumerate() {
        let a = lane.x0 + j as f64 * step;
        x[id.index()] = Some((a + 1.0, a + step - 1.0));
    }
    (Some(lane), x)
}

/// What the scene marks are drawn against.
struct Ground<'a> {
    telling: &'a Telling,
    chrono_lane: Rect,
    unplaced_lane: Option<Rect>,
    axis: &'a Axis,
    /// Single-line ribbons (a long story).
    thin: bool,
    /// Telling numbers stand in for titles that do not fit.
    numbers: bool,
}

/// What a telling block `width` wide shows: its whole title when it fits
/// inside, else its number inside, else (with `numbers`) its number above
/// the lane on a leader line, else nothing.
pub fn telling_shown(width: f64, title: &str, i: usize, numbers: bool) -> Shown {
    if width > INSIDE_LABEL && text_width(title, size::SMALL, Weight::Regular) <= width - 10.0 {
        Shown::Title
    } else if !numbers {
        Shown::Nothing
    } else if text_width(&key::number(i), size::SMALL, Weight::Regular) <= width - 4.0 {
        Shown::Number
    } else {
        Shown::Leader
    }
}

/// A scene's block in the telling, with its title or number inside as
/// `shown` says (a leader number is laid out with the others in `layout`).
fn telling_mark(at: &Ground, i: usize, label: &str, shown: Shown, labels: &mut Vec<Label>) -> Rect {
    let (ta, tb) = at.telling.x[i];
    // Half a pixel apart, so neighbours do not merge, unless that would
    // swallow the block.
    let gap = if tb - ta > 4.0 { 0.5 } else { 0.0 };
    let telling = Rect {
        x0: ta + gap,
        y0: at.telling.lane.y0,
        x1: tb - gap,
        y1: at.telling.lane.y1,
    };
    match shown {
        Shown::Title => labels.push(Label::new(
            ta + 5.0,
            telling.y0 + 21.0,
            label,
            size::SMALL,
            "inside",
        )),
        Shown::Number => labels.push(
            Label::new(
                (ta + tb) / 2.0,
                telling.y0 + 21.0,
                key::number(i),
                size::SMALL,
                "inside",
            )
            .anchored(Anchor::Middle),
        ),
        Shown::Leader | Shown::Nothing => {}
    }
    telling
}

/// A placed scene's marks: its block in its row, its label beside it, the
/// pieces of its possible span and the ribbon up to `telling`.
fn placed_marks(
    at: &Ground,
    placed: &Placed,
    telling: Rect,
    label: &str,
    labels: &mut Vec<Label>,
) -> (Rect, Vec<Rect>, Ribbon) {
    let Block {
        x0: a, x1: b, span, ..
    } = placed.block;
    let y0 = at.chrono_lane.y0 + 3.0 + placed.row as f64 * ROW + (ROW - BLOCK) / 2.0;
    let rect = Rect {
        x0: a,
        y0,
        x1: b,
        y1: y0 + BLOCK,
    };
    let text = match placed.text {
        Shown::Title => Some(label.to_string()),
        Shown::Number | Shown::Leader => Some(key::number(placed.block.scene.index())),
        Shown::Nothing => None,
    };
    match (placed.side, text) {
        (Side::Right, Some(t)) => {
            labels.push(Label::new(b + 4.0, y0 + 11.0, t, size::SMALL, "label"));
        }
        (Side::Left, Some(t)) => labels
            .push(Label::new(a - 4.0, y0 + 11.0, t, size::SMALL, "label").anchored(Anchor::End)),
        (Side::Inside, Some(t)) => {
            labels.push(Label::new(a + 5.0, y0 + 11.0, t, size::SMALL, "inside"));
        }
        _ => {}
    }
    // A thin bar just under the block, clear of the label's text.
    let span = span.map_or_else(Vec::new, |(lo, hi)| {
        axis_pieces(&at.axis.segments, lo, hi)
            .map(|(lo, hi)| Rect {
                x0: lo,
                y0: y0 + BLOCK + 1.0,
                x1: hi,
                y1: y0 + BLOCK + 3.5,
            })
            .collect()
    });
    let ribbon = if at.thin {
        let (ta, tb) = at.telling.x[placed.block.scene.index()];
        Ribbon::Line {
            a: (ta + tb) / 2.0,
            ya: telling.y1,
            b: (a + b) / 2.0,
            yb: at.chrono_lane.y0,
        }
    } else {
        // At least 1.5 px wide at both ends, so a short scene's ribbon shows.
        Ribbon::Band {
            a0: telling.x0,
            a1: telling.x1.max(telling.x0 + 1.5),
            ya: telling.y1,
            b0: a,
            b1: b.max(a + 1.5),
            yb: at.chrono_lane.y0,
        }
    };
    (rect, span, ribbon)
}

/// An unplaced scene's block in the strip (x range `x`), with its title
/// inside when it fits.
fn unplaced_mark(
    at: &Ground,
    i: usize,
    x: Option<(f64, f64)>,
    label: &str,
    labels: &mut Vec<Label>,
) -> (Rect, Shown) {
    let (a, b) = x.unwrap_or((at.chrono_lane.x0, at.chrono_lane.x0 + 1.0));
    let lane = at.unplaced_lane.unwrap_or(at.chrono_lane);
    let rect = Rect {
        x0: a,
        y0: lane.y0 + 4.0,
        x1: b,
        y1: lane.y1 - 4.0,
    };
    let shown = telling_shown(b - a, label, i, at.numbers);
    match shown {
        Shown::Title => labels.push(Label::new(
            a + 5.0,
            rect.y0 + 13.0,
            label,
            size::SMALL,
            "inside",
        )),
        Shown::Number => labels.push(
            Label::new(
                (a + b) / 2.0,
                rect.y0 + 13.0,
                key::number(i),
                size::SMALL,
                "inside",
            )
            .anchored(Anchor::Middle),
        ),
        Shown::Leader | Shown::Nothing => {}
    }
    // No leader row under the lanes: a strip block too narrow for its
    // number is named by its telling block (and the key).
    let shown = if shown == Shown::Leader {
        Shown::Nothing
    } else {
        shown
    };
    (rect, shown)
}

/// A telling number above the lane, joined by a leader line to a block too
/// narrow to hold it.
#[derive(Clone, Debug, PartialEq)]
pub struct Leader {
    /// The number.
    pub label: Label,
    /// The line: from under the number to the top of the block.
    pub line: (f64, f64, f64, f64),
}

/// Height of one row of leader numbers.
const LEADER_ROW: f64 = 14.0;

/// Places for the leader numbers of the blocks `shown` as [`Shown::Leader`]
/// (x ranges `x`, lane `x0..x1`): each number as near the centre of its
/// block as the others allow, in one row if they fit side by side, else
/// spread over as many rows as their widths need (every k-th number in a
/// row). Within a row numbers keep telling order and never overlap; the
/// leader line runs from under the number to its block. Returns each
/// scene's (row, centre) and the row count.
fn leader_places(
    x: &[(f64, f64)],
    shown: &[Shown],
    (x0, x1): (f64, f64),
) -> (Vec<Option<(usize, f64)>>, usize) {
    const GAP: f64 = 4.0;
    let mut out: Vec<Option<(usize, f64)>> = vec![None; x.len()];
    let wanted: Vec<(usize, f64, f64)> = (0..x.len())
        .filter(|&i| shown[i] == Shown::Leader)
        .map(|i| {
            let w = text_width(&key::number(i), size::SMALL, Weight::Regular);
            (i, (x[i].0 + x[i].1) / 2.0, w)
        })
        .collect();
    if wanted.is_empty() {
        return (out, 0);
    }
    let total: f64 = wanted.iter().map(|&(_, _, w)| w + GAP).sum();
    let rows = ((total / (x1 - x0).max(1.0)).ceil() as usize).max(1);
    for row in 0..rows {
        let members: Vec<(usize, f64, f64)> =
            wanted.iter().copied().skip(row).step_by(rows).collect();
        // Left to right, pushed right past the previous number …
        let mut left: Vec<f64> = Vec::with_capacity(members.len());
        let mut end = x0;
        for &(_, c, w) in &members {
            let l = (c - w / 2.0).max(end);
            left.push(l);
            end = l + w + GAP;
        }
        // … then right to left, pulled back inside the lane.
        let mut limit = x1;
        for (k, &(_, _, w)) in members.iter().enumerate().rev() {
            left[k] = left[k].min(limit - w).max(x0);
            limit = left[k] - GAP;
        }
        for (k, &(i, _, w)) in members.iter().enumerate() {
            out[i] = Some((row, left[k] + w / 2.0));
        }
    }
    (out, rows)
}

/// Every scene's marks, in telling order, and whether each is shown by
/// number somewhere (so it belongs in the key).
fn scene_marks(
    at: &Ground,
    common: &Common,
    placed: Vec<Placed>,
    unplaced_x: &[Option<(f64, f64)>],
    shown: &[Shown],
) -> (Vec<SceneMarks>, Vec<bool>) {
    let n = unplaced_x.len();
    let mut chrono_of: Vec<Option<Placed>> = vec![None; n];
    for p in placed {
        let i = p.block.scene.index();
        chrono_of[i] = Some(p);
    }
    let mut scenes = Vec::with_capacity(n);
    let mut keyed = vec![false; n];
    for (i, chrono) in chrono_of.iter().enumerate() {
        let label = &common.labels[i];
        let mut labels = Vec::new();
        let telling = telling_mark(at, i, label, shown[i], &mut labels);
        keyed[i] = matches!(shown[i], Shown::Number | Shown::Leader);
        let (chrono, unplaced, span, ribbon) = match chrono {
            Some(p) => {
                keyed[i] |= p.text == Shown::Number;
                let (rect, span, ribbon) = placed_marks(at, p, telling, label, &mut labels);
                (rect, false, span, Some(ribbon))
            }
            None => {
                let (rect, how) = unplaced_mark(at, i, unplaced_x[i], label, &mut labels);
                keyed[i] |= how == Shown::Number;
                (rect, true, Vec::new(), None)
            }
        };
        scenes.push(SceneMarks {
            scene: SceneId(i as u32),
            telling,
            chrono,
            unplaced,
            span,
            ribbon,
            labels,
            leader: None,
        });
    }
    (scenes, keyed)
}

/// The footnote under the view: how widths and the axis were made.
fn notes(timed: bool, width: f64, y: f64) -> Vec<Label> {
    let note = if timed {
        "Block widths follow screen time. Story-time is cut where nothing happens for long; each part gets room by its scene count."
    } else {
        "No timecodes: scenes get equal widths. Story-time is cut where nothing happens for long; each part gets room by its scene count."
    };
    fit(note, width - 2.0 * MARGIN, size::SMALL, Weight::Regular)
        .map(|t| Label::new(MARGIN, y + 12.0, t, size::SMALL, "axis-label"))
        .into_iter()
        .collect()
}

/// Compute the lanes view: header and legend, the telling lane, the
/// chronology lane with its blocks in rows and the story-time axis under
/// it, the unplaced strip, then each scene's marks.
pub fn layout(story: &Story, chronology: &Chronology, common: &Common) -> Lanes {
    layout_grouped(story, chronology, common, None)
}

/// [`layout`] with the chronology lane split into the lanes of `group`
/// (`--group thread`, [`crate::render::grouping`]).
pub fn layout_grouped(
    story: &Story,
    chronology: &Chronology,
    common: &Common,
    group: Option<&grouping::Lanes>,
) -> Lanes {
    let n = story.scenes.len();
    let width = WIDTH;
    let xs = (MARGIN + GUTTER, width - MARGIN);
    let heading = Heading::new(story, common, width);
    let mut gutter = Vec::new();
    let want_labels = n <= LABELLED_SCENES;
    let top = telling_top(story, common, &heading, xs, want_labels, &mut gutter);
    let mut telling = top.telling;
    let chrono = chronology_lane(
        story,
        chronology,
        common,
        group,
        (xs, telling.lane.y1 + RIBBONS),
        want_labels,
        &mut gutter,
    );
    let mut y = chrono.text_rows.captions + 22.0;
    let (unplaced_lane, unplaced_x) = unplaced_strip(chronology, n, xs, &mut y, &mut gutter);
    let at = Ground {
        telling: &telling,
        chrono_lane: chrono.lane,
        unplaced_lane,
        axis: &chrono.axis,
        thin: chrono.thin,
        numbers: want_labels,
    };
    let (mut scenes, keyed) = scene_marks(&at, common, chrono.placed, &unplaced_x, &top.shown);
    attach_leaders(&mut scenes, &top.leader_at, &telling.x, top.leaders_top);
    drop_ticks_under_leaders(&mut telling, &scenes);
    let notes = notes(telling.timed, width, y);
    let entries: Vec<(usize, &str)> = (0..n)
        .filter(|&i| keyed[i])
        .map(|i| (i, common.labels[i]))
        .collect();
    let (key, key_h) = key::layout(&entries, MARGIN, width - MARGIN, y + 40.0);
    if key_h > 0.0 {
        y += 40.0 + key_h;
    }
    Lanes {
        width,
        height: (y + 12.0 + MARGIN).round(),
        header: heading.header,
        legend: heading.legend,
        gutter,
        telling_lane: telling.lane,
        telling_ticks: telling.ticks,
        chrono_lane: chrono.lane,
        axis: chrono.axis,
        axis_y: chrono.axis_y,
        unplaced_lane,
        scenes,
        notes,
        works: top.works,
        key,
    }
}

/// The top of the lanes view: the telling lane under the works row (for a
/// series) and the rows of leader numbers its narrow blocks need.
struct TellingTop {
    telling: Telling,
    /// Per scene: how its title is shown.
    shown: Vec<Shown>,
    /// Per scene: the (row, centre) of its leader number, if it has one.
    leader_at: Vec<Option<(usize, f64)>>,
    /// The top of the first row of leader numbers.
    leaders_top: f64,
    works: Vec<super::works::TellingBand>,
}

/// Lay out the top of the view under `heading`: block widths do not depend
/// on the lane's height, so which blocks need a leader number is found
/// first, then the lane goes under their rows.
fn telling_top(
    story: &Story,
    common: &Common,
    heading: &Heading,
    xs: (f64, f64),
    want_labels: bool,
    gutter: &mut Vec<Label>,
) -> TellingTop {
    let widths = telling_lane(story, xs.0, xs.1, 0.0, &mut Vec::new()).x;
    let shown: Vec<Shown> = widths
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| telling_shown(b - a, common.labels[i], i, want_labels))
        .collect();
    let (leader_at, leader_rows) = leader_places(&widths, &shown, xs);
    // A series' works get a row of their own above the leader numbers.
    let works_row = super::works::LANES_ROW * f64::from(story.has_works());
    let leaders_top = heading.bottom + 6.0 + works_row;
    let ticks_y = heading.bottom + 22.0 + works_row + leader_rows as f64 * LEADER_ROW;
    let telling = telling_lane(story, xs.0, xs.1, ticks_y, gutter);
    let works = super::works::above_telling(story, &telling.x, heading.bottom + 10.0);
    TellingTop {
        telling,
        shown,
        leader_at,
        leaders_top,
        works,
    }
}

/// The chronology lane with its blocks in rows, and the story-time axis
/// under it.
struct ChronologyLane {
    lane: Rect,
    placed: Vec<Placed>,
    axis: Axis,
    axis_y: f64,
    text_rows: TextRows,
    /// True when blocks are drawn as thin ribbons (many scenes).
    thin: bool,
}

/// Lay out the chronology lane over `xs` from `top` down. Rows are found
/// on an axis without text rows, since its width does not depend on them;
/// the real axis comes after, under the rows.
fn chronology_lane(
    story: &Story,
    chronology: &Chronology,
    common: &Common,
    group: Option<&grouping::Lanes>,
    (xs, top): ((f64, f64), f64),
    want_labels: bool,
    gutter: &mut Vec<Label>,
) -> ChronologyLane {
    let n = story.scenes.len();
    let times = story_time_groups(chronology);
    let era_name = |e: EraId| story.era(e).name.clone();
    let compose = |rows| {
        relative_axis::compose(
            &story.calendar,
            &times.dated,
            &times.relative,
            &times.ordinal,
            xs,
            rows,
            &era_name,
        )
    };
    let probe = compose(TextRows {
        ticks: 0.0,
        captions: 0.0,
        breaks: 0.0,
    });
    let blocks = chrono_blocks(chronology, &probe, &times, n);
    let thin = n > THIN_RIBBONS;
    let segments: Vec<(f64, f64)> = probe.axis.segments.iter().map(|s| (s.x0, s.x1)).collect();
    let assign = |bs: &[Block]| assign_rows(bs, common, want_labels, &segments, thin);
    let (placed, rows, lane_rows) = match group {
        None => {
            let (placed, rows) = assign(&blocks);
            (placed, rows, Vec::new())
        }
        Some(g) => grouping::stack(
            &blocks,
            |b| g.of_scene[b.scene.index()],
            g.names.len(),
            assign,
            |p, by| p.row += by,
        ),
    };
    let lane = Rect {
        x0: xs.0,
        y0: top,
        x1: xs.1,
        y1: top + rows as f64 * ROW + 6.0,
    };
    if let Some(g) = group {
        grouping::gutter_labels(g, &lane_rows, top, ROW, gutter);
    } else {
        gutter.push(Label::new(MARGIN, top + 15.0, "Story-time", size::LABEL, "lane-label").bold());
        gutter.push(Label::new(
            MARGIN,
            top + 29.0,
            "chronology",
            size::SMALL,
            "axis-label",
        ));
    }
    let axis_y = lane.y1 + 6.0;
    let text_rows = TextRows {
        ticks: axis_y + 16.0,
        captions: axis_y + 34.0,
        breaks: axis_y + 16.0,
    };
    ChronologyLane {
        lane,
        placed,
        axis: compose(text_rows).axis,
        axis_y,
        text_rows,
        thin,
    }
}

/// Give each scene with a leader number its number, in its row above the
/// telling lane, and the line from under it down to the block's top.
fn attach_leaders(
    scenes: &mut [SceneMarks],
    leader_at: &[Option<(usize, f64)>],
    x: &[(f64, f64)],
    leaders_top: f64,
) {
    let tops: Vec<f64> = scenes.iter().map(|s| s.telling.y0).collect();
    for (i, at) in leader_at.iter().enumerate() {
        let Some((row, lx)) = *at else { continue };
        let (a, b) = x[i];
        let base = leaders_top + 11.0 + row as f64 * LEADER_ROW;
        scenes[i].leader = Some(Box::new(Leader {
            label: Label::new(lx, base, key::number(i), size::SMALL, "label")
                .anchored(Anchor::Middle),
            line: (lx, base + 3.0, (a + b) / 2.0, tops[i]),
        }));
    }
}

/// A screen-time tick label that a leader line would cross goes.
fn drop_ticks_under_leaders(telling: &mut Telling, scenes: &[SceneMarks]) {
    let lines: Vec<(f64, f64)> = scenes
        .iter()
        .filter_map(|s| {
            s.leader
                .as_ref()
                .map(|l| (l.line.0.min(l.line.2), l.line.0.max(l.line.2)))
        })
        .collect();
    for (_, label) in &mut telling.ticks {
        if label.as_ref().is_some_and(|l| {
            let bb = l.bbox().widened(2.0);
            lines.iter().any(|&(a, b)| a <= bb.x1 && bb.x0 <= b)
        }) {
            *label = None;
        }
    }
}

/// The parts of `lo..hi` that lie on axis segments (sorted by x): a span
/// that runs over a break is drawn up to it and on from the other side.
fn axis_pieces(
    segments: &[axis::Segment],
    lo: f64,
    hi: f64,
) -> impl Iterator<Item = (f64, f64)> + '_ {
    let first = segments.partition_point(|s| s.x1 <= lo);
    segments[first..]
        .iter()
        .take_while(move |s| s.x0 < hi)
        .map(move |s| (lo.max(s.x0), hi.min(s.x1)))
        .filter(|(a, b)| b > a)
}

/// Screen-time ticks at a round step whose labels fit.
fn timecode_ticks(total_ms: f64, x0: f64, scale: f64, y: f64) -> Vec<(f64, Option<Label>)> {
    const STEPS_MIN: [i64; 12] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200, 3000];
    let label_w = text_width("0:00", size::SMALL, Weight::Regular) + 24.0;
    let step = STEPS_MIN
        .iter()
        .map(|m| m * 60_000)
        .find(|&s| s as f64 * scale >= label_w)
        .unwrap_or(3000 * 60_000);
    let mut out = Vec::new();
    let mut t = 0i64;
    while (t as f64) <= total_ms {
        let mins = t / 60_000;
        let text = format!("{}:{:02}", mins / 60, mins % 60);
        let x = x0 + t as f64 * scale;
        out.push((
            x,
            Some(Label::new(x, y, text, size::SMALL, "axis-label").anchored(Anchor::Middle)),
        ));
        t += step;
    }
    out
}

/// Scene-number ticks (1, 5, 10 …) at scene centres `step_px` apart from
/// `x0`, labelled on the baseline `y`: the telling axis without timecodes,
/// and the curve's.
pub(crate) fn ordinal_ticks(n: usize, x0: f64, step_px: f64, y: f64) -> Vec<(f64, Option<Label>)> {
    let label_w = text_width("00000", size::SMALL, Weight::Regular) + 16.0;
    let every = [
        1usize, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000,
    ]
    .into_iter()
    .find(|&k| k as f64 * step_px >= label_w)
    .unwrap_or(100_000);
    let mut out = Vec::new();
    let mut k = 1;
    while k <= n {
        let x = x0 + (k as f64 - 0.5) * step_px;
        out.push((
            x,
            Some(
                Label::new(x, y, k.to_string(), size::SMALL, "axis-label").anchored(Anchor::Middle),
            ),
        ));
        k = if k == 1 && every > 1 {
            every
        } else {
            k + every
        };
    }
    out
}

/// Relative luminance of `#rrggbb` (or `#rgb`), 0 black .. 1 white.
pub(crate) fn luminance(colour: &str) -> f64 {
    let hex = colour.trim_start_matches('#');
    let expand: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_string()
    };
    let ch = |i: usize| {
        let v = u8::from_str_radix(expand.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(0) + 0.7152 * ch(2) + 0.0722 * ch(4)
}

/// The text class that reads on a fill.
pub(crate) fn on(fill: &str) -> &'static str {
    if luminance(fill) > 0.22 {
        "on-light"
    } else {
        "on-dark"
    }
}

/// Write the lanes view as SVG.
pub fn emit(
    l: &Lanes,
    common: &Common,
    theme: &Theme,
    target: Target,
    sink: Option<&mut dyn std::io::Write>,
) -> std::io::Result<Drawing> {
    let mut doc = begin(
        common,
        theme,
        View::Lanes,
        target,
        (l.width, l.height),
        256 + l.scenes.len() * 420,
        sink,
    );
    let mut own = String::from(".on-dark{fill:#ffffff}.on-light{fill:#1f2328}");
    if l.scenes.len() > THIN_RIBBONS {
        // Outlines on sub-pixel blocks would paint the lane in the outline
        // colour; overlapping possible spans would paint it solid.
        own.push_str(".mark{stroke:none}.span{fill-opacity:0.12}");
    }
    doc.style(&own);
    doc.raw("\n");
    for h in &l.header {
        h.emit(&mut doc);
    }
    emit_legend(&mut doc, &l.legend);
    for g in &l.gutter {
        g.emit(&mut doc);
    }
    emit_lanes_and_axis(&mut doc, l);
    if let Some(top) = l.works.first().map(|b| b.rect.y0) {
        super::works::emit_bands(&mut doc, &l.works, (top, l.telling_lane.y1));
    }
    // Scenes: one group each, its tooltip covering every mark. Square
    // corners past 500 scenes: the rounding is invisible there and costs
    // an attribute per mark.
    let radius = if l.scenes.len() > 500 { 0.0 } else { 2.0 };
    for s in &l.scenes {
        emit_scene(&mut doc, s, common, theme, radius);
    }
    let (svg, css) = doc.end()?;
    Ok(Drawing { svg, css })
}

/// The lanes, ticks, story-time axis with its breaks and captions, the
/// unplaced strip and the notes.
fn emit_lanes_and_axis(doc: &mut Doc, l: &Lanes) {
    rect(doc, l.telling_lane, "lane");
    for (x, label) in &l.telling_ticks {
        doc.leaf(
            "line",
            &[
                ("class", "tick".into()),
                ("x1", (*x).into()),
                ("x2", (*x).into()),
                ("y1", (l.telling_lane.y0 - 6.0).into()),
                ("y2", l.telling_lane.y0.into()),
            ],
        );
        if let Some(label) = label {
            label.emit(doc);
        }
    }
    for seg in &l.axis.segments {
        rect(
            doc,
            Rect {
                x0: seg.x0,
                y0: l.chrono_lane.y0,
                x1: seg.x1,
                y1: l.chrono_lane.y1,
            },
            "lane",
        );
        doc.leaf(
            "line",
            &[
                ("class", "axis".into()),
                ("x1", seg.x0.into()),
                ("x2", seg.x1.into()),
                ("y1", l.axis_y.into()),
                ("y2", l.axis_y.into()),
            ],
        );
    }
    for t in &l.axis.ticks {
        doc.leaf(
            "line",
            &[
                ("class", "grid".into()),
                ("x1", t.x.into()),
                ("x2", t.x.into()),
                ("y1", l.chrono_lane.y0.into()),
                ("y2", l.chrono_lane.y1.into()),
            ],
        );
        doc.leaf(
            "line",
            &[
                ("class", "tick".into()),
                ("x1", t.x.into()),
                ("x2", t.x.into()),
                ("y1", l.axis_y.into()),
                ("y2", (l.axis_y + 4.0).into()),
            ],
        );
        if let Some(label) = &t.label {
            label.emit(doc);
        }
    }
    for b in &l.axis.breaks {
        // Two slanted strokes across the axis: the usual "axis break" sign.
        let y1 = l.axis_y;
        let d = format!(
            "M{} {}L{} {}M{} {}L{} {}",
            num(b.x0 + 9.0),
            num(y1 + 5.0),
            num(b.x0 + 15.0),
            num(y1 - 5.0),
            num(b.x1 - 15.0),
            num(y1 + 5.0),
            num(b.x1 - 9.0),
            num(y1 - 5.0),
        );
        doc.leaf("path", &[("class", "break".into()), ("d", d.into())]);
        if let Some(label) = &b.label {
            label.emit(doc);
        }
    }
    for c in &l.axis.captions {
        c.emit(doc);
    }
    if let Some(u) = l.unplaced_lane {
        rect(doc, u, "lane");
    }
    for n in l.notes.iter().chain(&l.key) {
        n.emit(doc);
    }
}

/// One scene's group: tooltip, ribbon, possible span, its two blocks and
/// their labels (text inside a block in the colour that reads on its fill).
fn emit_scene(doc: &mut Doc, s: &SceneMarks, common: &Common, theme: &Theme, radius: f64) {
    let i = s.scene.index();
    common.open_scene(doc, i);
    if let Some(r) = &s.ribbon {
        let (class, d) = match *r {
            Ribbon::Band {
                a0,
                a1,
                ya,
                b0,
                b1,
                yb,
            } => {
                let ym = (ya + yb) / 2.0;
                (
                    "ribbon",
                    path_d(&[
                        ('M', &[a0, ya]),
                        ('C', &[a0, ym, b0, ym, b0, yb]),
                        ('L', &[b1, yb]),
                        ('C', &[b1, ym, a1, ym, a1, ya]),
                        ('Z', &[]),
                    ]),
                )
            }
            Ribbon::Line { a, ya, b, yb } => {
                let ym = (ya + yb) / 2.0;
                (
                    "ribbon-line",
                    path_d(&[('M', &[a, ya]), ('C', &[a, ym, b, ym, b, yb])]),
                )
            }
        };
        doc.leaf("path", &[("class", class.into()), ("d", d.into())]);
    }
    for &piece in &s.span {
        rounded(doc, piece, "span", 2.0);
    }
    rounded(doc, s.telling, "mark", radius);
    rounded(doc, s.chrono, "mark", radius);
    if let Some(mode) = common.modes[i] {
        hatch(doc, s.telling, mode);
        hatch(doc, s.chrono, mode);
    }
    let fill = common.colour[i].map_or(theme.neutral, |c| common.palette[c].as_str());
    if let Some(l) = &s.leader {
        let (x1, y1, x2, y2) = l.line;
        doc.leaf(
            "line",
            &[
                ("class", "leader".into()),
                ("x1", x1.into()),
                ("y1", y1.into()),
                ("x2", x2.into()),
                ("y2", y2.into()),
            ],
        );
        l.label.emit(doc);
    }
    for label in &s.labels {
        if label.class == "inside" {
            let mut l2 = label.clone();
            l2.class = on(fill);
            l2.emit(doc);
        } else {
            label.emit(doc);
        }
    }
    doc.close();
}

/// Path data from commands and their numbers, without a `format!` per
/// number (a long story has a ribbon per scene).
fn path_d(commands: &[(char, &[f64])]) -> String {
    let mut d = String::with_capacity(96);
    for (c, nums) in commands {
        d.push(*c);
        for (k, v) in nums.iter().enumerate() {
            if k > 0 {
                d.push(' ');
            }
            push_num(&mut d, *v);
        }
    }
    d
}
