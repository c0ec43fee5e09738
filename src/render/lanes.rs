//! The lanes view: the telling above, the chronology below, one ribbon per
//! placed scene joining its two blocks, so crossings show the jumps.

use crate::engine::Chronology;
use crate::model::{SceneId, Story};
use crate::time::Millis;

use super::axis::{self, Axis, Point, SegmentKind, TextRows};
use super::metrics::{text_width, Weight};
use super::svg::{num, push_num, Doc};
use super::theme::Theme;
use super::{
    begin, fit, header_labels, legend_layout, overlaps, size, Anchor, Common, Drawing, Label,
    LegendItem, Target, View, HEADER, MARGIN,
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

/// A rectangle `(x0, y0)..(x1, y1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

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
}

/// A chronology block before rows: scene, x range, possible span.
type Block = (SceneId, f64, f64, Option<(f64, f64)>);
/// The same with its row and where its label goes.
type Placed = (SceneId, f64, f64, Option<(f64, f64)>, usize, Side);

/// Where a chronology block's label goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// No label (too many scenes, or no room).
    None,
    /// After the block, the usual place.
    Right,
    /// Before the block: a block near the right edge has no room after it.
    Left,
}

/// Screen lengths in telling order: from timecodes where both ends are
/// known, else up to the next scene's start in the same file; `None` when no
/// scene has a length (then every block gets the same width).
fn screen_lengths(story: &Story) -> Option<Vec<Millis>> {
    let scenes: Vec<_> = story.scenes.values().collect();
    let mut known: Vec<Option<Millis>> = Vec::with_capacity(scenes.len());
    for (i, s) in scenes.iter().enumerate() {
        let len = s.screen.and_then(|sc| {
            let end = sc.end.or_else(|| {
                let next = scenes.get(i + 1)?;
                (next.file == s.file).then_some(next.screen?.start)
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

/// Compute the lanes view.
pub fn layout(story: &Story, chronology: &Chronology, common: &Common) -> Lanes {
    let n = story.scenes.len();
    let width = WIDTH;
    let x0 = MARGIN + GUTTER;
    let x1 = width - MARGIN;
    let header = header_labels(common, width);
    let legend_top = MARGIN + HEADER + 8.0;
    let (legend, legend_h) = legend_layout(
        &common.legend_entries(story),
        MARGIN,
        legend_top,
        width - 2.0 * MARGIN,
    );
    let mut gutter = Vec::new();

    // --- The telling lane.
    let ticks_y = legend_top + legend_h + 22.0;
    let telling_top = ticks_y + 10.0;
    let telling_lane = Rect {
        x0,
        y0: telling_top,
        x1,
        y1: telling_top + TELLING_HEIGHT,
    };
    gutter.push(
        Label::new(
            MARGIN,
            telling_top + 15.0,
            "Telling",
            size::LABEL,
            "lane-label",
        )
        .bold(),
    );
    let lengths = screen_lengths(story);
    let total: f64 = match &lengths {
        Some(l) => l.iter().map(|&v| v as f64).sum(),
        None => n as f64,
    };
    let scale = (x1 - x0) / total.max(1.0);
    let mut telling_x = Vec::with_capacity(n);
    let mut acc = 0.0;
    for i in 0..n {
        let len = lengths.as_ref().map_or(1.0, |l| l[i] as f64);
        telling_x.push((x0 + acc * scale, x0 + (acc + len) * scale));
        acc += len;
    }
    gutter.push(Label::new(
        MARGIN,
        telling_top + 29.0,
        if lengths.is_some() {
            "screen time"
        } else {
            "scene order"
        },
        size::SMALL,
        "axis-label",
    ));
    let telling_ticks = if lengths.is_some() {
        timecode_ticks(total, x0, scale, ticks_y)
    } else {
        ordinal_ticks(n, x0, (x1 - x0) / n.max(1) as f64, ticks_y)
    };

    // --- The chronology lane.
    let chrono_top = telling_lane.y1 + RIBBONS;
    let mut points = Vec::new();
    let mut floating: Vec<(u32, Vec<SceneId>)> = Vec::new();
    for &id in &chronology.order {
        let p = &chronology.placements[id.index()];
        if p.anchored {
            points.push(Point {
                scene: id,
                start: p.scheduled_start,
                end: p.scheduled_end.max(p.scheduled_start),
                era: p.era,
            });
        } else if let Some(f) = floating.iter_mut().find(|(c, _)| *c == p.component) {
            f.1.push(id);
        } else {
            floating.push((p.component, vec![id]));
        }
    }
    let ordinal: Vec<Vec<SceneId>> = floating.into_iter().map(|(_, v)| v).collect();

    // Rows: assign each placed scene (by x) to the first row whose extent
    // it does not overlap, counting its label when labels are wanted.
    let want_labels = n <= 80;
    let provisional_rows = TextRows {
        ticks: 0.0,
        captions: 0.0,
        breaks: 0.0,
    };
    let era_name = |e: crate::model::EraId| story.era(e).name.clone();
    let probe = axis::build(&points, &ordinal, x0, x1, provisional_rows, &era_name);
    let mut blocks: Vec<Block> = Vec::new();
    for seg in &probe.segments {
        match &seg.kind {
            SegmentKind::Time { .. } => {}
            SegmentKind::Ordinal { scenes } => {
                let step = (seg.x1 - seg.x0) / scenes.len().max(1) as f64;
                let w = (step * 0.6).clamp(0.5, 12.0);
                for (k, &id) in scenes.iter().enumerate() {
                    let c = seg.x0 + (k as f64 + 0.5) * step;
                    blocks.push((id, c - w / 2.0, c + w / 2.0, None));
                }
            }
        }
    }
    let min_w = if n > 2000 { 0.6 } else { 5.0 };
    for pt in &points {
        let p = &chronology.placements[pt.scene.index()];
        let a = probe.x(pt.start);
        let b = probe.x(pt.end).max(a + min_w);
        let lo = p
            .start
            .earliest
            .map_or(probe.segments[0].x0, |t| probe.x(t));
        let hi = p.end.latest.map_or(x1, |t| probe.x(t));
        let span = (lo < a - 1.0 || hi > b + 1.0).then_some((lo.min(a), hi.max(b)));
        blocks.push((pt.scene, a, b, span));
    }
    blocks.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut row_end: Vec<f64> = Vec::new();
    let mut placed_rows: Vec<Placed> = Vec::new();
    for &(id, a, b, span) in &blocks {
        let label_w = if want_labels {
            text_width(&common.labels[id.index()], size::SMALL, Weight::Regular).min(170.0) + 8.0
        } else {
            0.0
        };
        // In a long story the possible spans would claim every row, so
        // only the blocks compete for room there; spans are drawn under.
        let span_room = if n > THIN_RIBBONS { None } else { span };
        // A label that would run past the right edge goes before the block.
        let on_left = want_labels && b + label_w > x1 && a - label_w >= x0;
        let left = span_room.map_or(a, |s| s.0.min(a)) - if on_left { label_w } else { 0.0 };
        let right_without = span_room.map_or(b, |s| s.1).max(b);
        let right_with = if on_left {
            right_without
        } else {
            right_without.max(b + label_w)
        };
        let free = |end: f64| end + 2.0 <= left;
        let (row, labelled) = if let Some(r) = row_end.iter().position(|&e| free(e)) {
            (r, true)
        } else if row_end.len() < MAX_ROWS {
            row_end.push(f64::MIN);
            (row_end.len() - 1, true)
        } else {
            // Full: the row that frees up first, without a label.
            let r = (0..row_end.len())
                .min_by(|&i, &j| row_end[i].total_cmp(&row_end[j]))
                .unwrap_or(0);
            (r, false)
        };
        let side = match (labelled && want_labels, on_left) {
            (false, _) => Side::None,
            (true, false) => Side::Right,
            (true, true) => Side::Left,
        };
        row_end[row] = row_end[row].max(if side == Side::None {
            right_without
        } else {
            right_with
        });
        placed_rows.push((id, a, b, span, row, side));
    }
    let rows = row_end.len().max(1);
    let chrono_lane = Rect {
        x0,
        y0: chrono_top,
        x1,
        y1: chrono_top + rows as f64 * ROW + 6.0,
    };
    gutter.push(
        Label::new(
            MARGIN,
            chrono_top + 15.0,
            "Story-time",
            size::LABEL,
            "lane-label",
        )
        .bold(),
    );
    gutter.push(Label::new(
        MARGIN,
        chrono_top + 29.0,
        "chronology",
        size::SMALL,
        "axis-label",
    ));
    let axis_y = chrono_lane.y1 + 6.0;
    let text_rows = TextRows {
        ticks: axis_y + 16.0,
        captions: axis_y + 34.0,
        breaks: axis_y + 16.0,
    };
    let axis = axis::build(&points, &ordinal, x0, x1, text_rows, &era_name);

    // --- The unplaced strip.
    let mut y = text_rows.captions + 22.0;
    let unplaced_lane = (!chronology.unplaced.is_empty()).then(|| {
        let r = Rect {
            x0,
            y0: y,
            x1,
            y1: y + TELLING_HEIGHT - 8.0,
        };
        gutter.push(Label::new(MARGIN, y + 17.0, "Unplaced", size::LABEL, "lane-label").bold());
        y = r.y1 + 12.0;
        r
    });
    let mut unplaced_x = vec![None; n];
    if let Some(lane) = unplaced_lane {
        let k = chronology.unplaced.len();
        let step = ((lane.x1 - lane.x0) / k as f64).min(160.0);
        for (j, id) in chronology.unplaced.iter().enumerate() {
            let a = lane.x0 + j as f64 * step;
            unplaced_x[id.index()] = Some((a + 1.0, a + step - 1.0));
        }
    }

    // --- Marks per scene.
    let mut chrono_of: Vec<Option<Placed>> = vec![None; n];
    for &(id, a, b, span, row, side) in &placed_rows {
        chrono_of[id.index()] = Some((id, a, b, span, row, side));
    }
    let thin = n > THIN_RIBBONS;
    let mut scenes = Vec::with_capacity(n);
    for i in 0..n {
        let id = SceneId(i as u32);
        let (ta, tb) = telling_x[i];
        let gap = if tb - ta > 4.0 { 0.5 } else { 0.0 };
        let telling = Rect {
            x0: ta + gap,
            y0: telling_lane.y0,
            x1: tb - gap,
            y1: telling_lane.y1,
        };
        let mut labels = Vec::new();
        let label = &common.labels[i];
        if tb - ta > 24.0 {
            if let Some(t) = fit(label, tb - ta - 10.0, size::SMALL, Weight::Regular) {
                labels.push(Label::new(
                    ta + 5.0,
                    telling.y0 + 21.0,
                    t,
                    size::SMALL,
                    "inside",
                ));
            }
        }
        let (chrono, unplaced, span, ribbon) = if let Some((_, a, b, span, row, side)) =
            chrono_of[i]
        {
            let y0 = chrono_lane.y0 + 3.0 + row as f64 * ROW + (ROW - BLOCK) / 2.0;
            let rect = Rect {
                x0: a,
                y0,
                x1: b,
                y1: y0 + BLOCK,
            };
            let fitted = fit(label, 170.0, size::SMALL, Weight::Regular);
            match (side, fitted) {
                (Side::Right, Some(t)) => {
                    labels.push(Label::new(b + 4.0, y0 + 11.0, t, size::SMALL, "label"));
                }
                (Side::Left, Some(t)) => labels.push(
                    Label::new(a - 4.0, y0 + 11.0, t, size::SMALL, "label").anchored(Anchor::End),
                ),
                _ => {}
            }
            // A thin bar just under the block, clear of the label's text.
            let span = span.map_or_else(Vec::new, |(lo, hi)| {
                axis_pieces(&axis.segments, lo, hi)
                    .map(|(lo, hi)| Rect {
                        x0: lo,
                        y0: y0 + BLOCK + 1.0,
                        x1: hi,
                        y1: y0 + BLOCK + 3.5,
                    })
                    .collect()
            });
            let ribbon = if thin {
                Ribbon::Line {
                    a: (ta + tb) / 2.0,
                    ya: telling.y1,
                    b: (a + b) / 2.0,
                    yb: chrono_lane.y0,
                }
            } else {
                Ribbon::Band {
                    a0: telling.x0,
                    a1: telling.x1.max(telling.x0 + 1.5),
                    ya: telling.y1,
                    b0: a,
                    b1: b.max(a + 1.5),
                    yb: chrono_lane.y0,
                }
            };
            (rect, false, span, Some(ribbon))
        } else {
            let (a, b) = unplaced_x[i].unwrap_or((x0, x0 + 1.0));
            let lane = unplaced_lane.unwrap_or(chrono_lane);
            let rect = Rect {
                x0: a,
                y0: lane.y0 + 4.0,
                x1: b,
                y1: lane.y1 - 4.0,
            };
            if b - a > 24.0 {
                if let Some(t) = fit(label, b - a - 10.0, size::SMALL, Weight::Regular) {
                    labels.push(Label::new(
                        a + 5.0,
                        rect.y0 + 13.0,
                        t,
                        size::SMALL,
                        "inside",
                    ));
                }
            }
            (rect, true, Vec::new(), None)
        };
        scenes.push(SceneMarks {
            scene: id,
            telling,
            chrono,
            unplaced,
            span,
            ribbon,
            labels,
        });
    }
    // Beside-block labels must not run into another scene's block.
    let blocks_by_row: Vec<(f64, f64, f64, f64)> = scenes
        .iter()
        .map(|s| (s.chrono.x0, s.chrono.y0, s.chrono.x1, s.chrono.y1))
        .collect();
    if want_labels {
        for i in 0..scenes.len() {
            let own = blocks_by_row[i];
            scenes[i].labels.retain(|l| {
                l.class != "label"
                    || (l.bbox().2 <= x1
                        && l.bbox().0 >= x0
                        && !blocks_by_row
                            .iter()
                            .any(|&b| b != own && overlaps(b, l.bbox())))
            });
        }
    }

    let mut notes = Vec::new();
    let note = if lengths.is_some() {
        "Block widths follow screen time. Story-time is cut where nothing happens for long; each part gets room by its scene count."
    } else {
        "No timecodes: scenes get equal widths. Story-time is cut where nothing happens for long; each part gets room by its scene count."
    };
    if let Some(t) = fit(note, width - 2.0 * MARGIN, size::SMALL, Weight::Regular) {
        notes.push(Label::new(MARGIN, y + 12.0, t, size::SMALL, "axis-label"));
    }
    let height = (y + 12.0 + MARGIN).round();
    Lanes {
        width,
        height,
        header,
        legend,
        gutter,
        telling_lane,
        telling_ticks,
        chrono_lane,
        axis,
        axis_y,
        unplaced_lane,
        scenes,
        notes,
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

/// Scene-number ticks (1, 5, 10 …) when there are no timecodes.
fn ordinal_ticks(n: usize, x0: f64, step_px: f64, y: f64) -> Vec<(f64, Option<Label>)> {
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

fn rect(doc: &mut Doc, r: Rect, class: &'static str) {
    doc.leaf(
        "rect",
        &[
            ("class", class.into()),
            ("x", r.x0.into()),
            ("y", r.y0.into()),
            ("width", (r.x1 - r.x0).max(0.0).into()),
            ("height", (r.y1 - r.y0).max(0.0).into()),
        ],
    );
}

fn rounded(doc: &mut Doc, r: Rect, class: &'static str, radius: f64) {
    let w = (r.x1 - r.x0).max(0.0);
    let radius = radius.min(w / 2.0);
    if radius < 0.5 {
        return rect(doc, r, class);
    }
    doc.leaf(
        "rect",
        &[
            ("class", class.into()),
            ("x", r.x0.into()),
            ("y", r.y0.into()),
            ("width", w.into()),
            ("height", (r.y1 - r.y0).max(0.0).into()),
            ("rx", radius.into()),
        ],
    );
}

/// Write the legend, shared with the curve view.
pub(crate) fn emit_legend(doc: &mut Doc, legend: &[LegendItem], common: &Common) {
    for (b, class, label) in legend {
        let r = Rect {
            x0: b.0,
            y0: b.1,
            x1: b.2,
            y1: b.3,
        };
        match class.as_str() {
            "problem" => rounded(doc, r, "swatch-problem", 2.0),
            "repeat" => {
                doc.open("g", &[("class", "repeat".into())]);
                rounded(doc, r, "mark", 2.0);
                doc.close();
            }
            "" => rounded(doc, r, "mark", 2.0),
            c => {
                let _ = common;
                doc.open("g", &[("class", c.to_string().into())]);
                rounded(doc, r, "mark", 2.0);
                doc.close();
            }
        }
        label.emit(doc);
    }
}

/// Write the lanes view as SVG.
pub fn emit(l: &Lanes, common: &Common, theme: &Theme, target: Target) -> Drawing {
    let mut doc = begin(
        common,
        theme,
        View::Lanes,
        target,
        (l.width, l.height),
        256 + l.scenes.len() * 420,
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
    emit_legend(&mut doc, &l.legend, common);
    for g in &l.gutter {
        g.emit(&mut doc);
    }
    // Lanes and axes.
    rect(&mut doc, l.telling_lane, "lane");
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
            label.emit(&mut doc);
        }
    }
    for seg in &l.axis.segments {
        rect(
            &mut doc,
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
            label.emit(&mut doc);
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
            label.emit(&mut doc);
        }
    }
    for c in &l.axis.captions {
        c.emit(&mut doc);
    }
    if let Some(u) = l.unplaced_lane {
        rect(&mut doc, u, "lane");
    }
    for n in &l.notes {
        n.emit(&mut doc);
    }

    // Scenes: one group each, its tooltip covering every mark.
    let radius = if l.scenes.len() > 500 { 0.0 } else { 2.0 };
    for s in &l.scenes {
        let i = s.scene.index();
        doc.open("g", &[("class", (&common.classes[i]).into())]);
        doc.text_el("title", &[], &common.tooltips[i]);
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
            rounded(&mut doc, piece, "span", 2.0);
        }
        rounded(&mut doc, s.telling, "mark", radius);
        rounded(&mut doc, s.chrono, "mark", radius);
        let fill = common.colour[i].map_or(theme.neutral, |c| common.palette[c].as_str());
        for label in &s.labels {
            if label.class == "inside" {
                let mut l2 = label.clone();
                l2.class = on(fill);
                l2.emit(&mut doc);
            } else {
                label.emit(&mut doc);
            }
        }
        doc.close();
    }
    let (svg, css) = doc.finish_with_styles();
    Drawing { svg, css }
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
