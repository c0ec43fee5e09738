//! The storylines view in pixels, then as SVG: where the slots go across,
//! the lines' paths, the scene blocks, the labels (placed so that no two
//! overlap and none covers a line's end), thread bands and era bands.

use std::fmt::Write as _;

use crate::engine::Chronology;
use crate::model::{SceneId, Story};
use crate::render::metrics::{text_width, Weight};
use crate::render::svg::{num, push_num, Doc};
use crate::render::theme::lift;
use crate::render::{
    begin, emit_legend, header_labels, legend_layout, rect, rounded, size, Anchor, Common, Drawing,
    Label, LegendItem, Rect, Target, Theme, View, MARGIN,
};

use super::layout::{self, Layout, Presence, GAP_IN};

/// Line colours by declaration order: twenty colours that read on white
/// and (lifted where needed) on the dark theme.
pub const PALETTE: [&str; 20] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#e6550d", "#8c564b", "#d6449a", "#138d90",
    "#6b6b6b", "#9a9a1e", "#393b79", "#ad494a", "#637939", "#7b4173", "#b5651d", "#3182bd",
    "#31a354", "#756bb1", "#843c39", "#0f5e6b",
];

/// Widest slot, pixels (a story of a few hundred scenes).
pub const MAX_PITCH: f64 = 28.0;
/// Width of a scene block.
const BLOCK: f64 = 10.0;
/// The drawing is kept under this width by narrowing slots.
const MAX_WIDTH: f64 = 40_000.0;
/// Height of one thread track.
const TRACK: f64 = 14.0;
/// Space between a label and what it labels.
const LABEL_PAD: f64 = 6.0;

/// One character's line, placed.
#[derive(Clone, Debug, PartialEq)]
pub struct LinePath {
    /// Index among the layout's lines (its colour class `s{i}`).
    pub index: usize,
    /// The name.
    pub name: String,
    /// Path data through every one of its scenes.
    pub d: String,
    /// Its scenes in the order the path passes them (chronological).
    pub scenes: Vec<SceneId>,
    /// Points where a scene is remembered, dreamt or imagined.
    pub remembered: Vec<(SceneId, f64, f64)>,
    /// The end of the line: where, and whether it is a death.
    pub end: Option<(f64, f64, bool)>,
    /// The box of the end mark.
    pub end_box: Option<Rect>,
    /// The name label, unless no free place was found (the legend then
    /// still names the colour).
    pub label: Option<Label>,
}

/// A scene's block.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockMark {
    /// The scene.
    pub scene: SceneId,
    /// Where.
    pub rect: Rect,
}

/// A thread's band: its track above the lines and faint columns behind
/// its scenes.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadBand {
    /// Thread index (colour class `t{i}`).
    pub index: usize,
    /// The thread's name.
    pub name: String,
    /// Runs of consecutive slots in the thread, as track rectangles.
    pub track: Vec<Rect>,
    /// The same runs, full height, behind the lines.
    pub columns: Vec<Rect>,
    /// The track's label.
    pub label: Label,
}

/// The view laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct Storylines {
    /// Size.
    pub width: f64,
    /// Size.
    pub height: f64,
    /// Title lines.
    pub header: Vec<Label>,
    /// The legend: characters' colours.
    pub legend: Vec<LegendItem>,
    /// The plot area.
    pub plot: Rect,
    /// The order and heights.
    pub layout: Layout,
    /// Lines.
    pub lines: Vec<LinePath>,
    /// Scene blocks.
    pub blocks: Vec<BlockMark>,
    /// Scenes without a cast: a small mark on the axis.
    pub lone: Vec<BlockMark>,
    /// Threads.
    pub threads: Vec<ThreadBand>,
    /// Era bands behind the lines, with captions.
    pub eras: Vec<(Rect, usize, Label)>,
    /// Axis tick labels under the plot.
    pub ticks: Vec<Label>,
    /// Captions and notes.
    pub notes: Vec<Label>,
    /// Line colours by line index, `#rrggbb`.
    pub colours: Vec<String>,
    /// Thread colours by thread index.
    pub thread_colours: Vec<String>,
    /// Scene ids by scene index, for `data-scene` and `data-scenes`.
    pub ids: Vec<String>,
}

/// Geometry across: each slot's centre.
struct Across {
    left: f64,
    pitch: f64,
    placed: usize,
}

impl Across {
    fn x(&self, slot: u32) -> f64 {
        let slot = slot as usize;
        let gap = if slot >= self.placed && self.placed > 0 {
            2.0 * self.pitch
        } else {
            0.0
        };
        self.left + (slot as f64 + 0.5) * self.pitch + gap
    }
}

/// A colour usable in CSS, or `None`.
fn valid(c: &str) -> Option<String> {
    let hex = c.strip_prefix('#')?;
    (matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| c.to_ascii_lowercase())
}

/// Lay the view out.
pub fn layout(story: &Story, chronology: &Chronology, common: &Common) -> Storylines {
    let layout = layout::layout(story, chronology);
    let names: Vec<String> = layout
        .lines
        .iter()
        .map(|l| story.character(l.character).name.clone())
        .collect();
    let (colours, thread_colours) = colours(story, &layout);
    let label_w = names
        .iter()
        .map(|n| text_width(n, size::SMALL, Weight::Bold))
        .fold(0.0, f64::max)
        .min(220.0);
    let track_label_w = story
        .threads
        .keys()
        .map(|n| text_width(n, size::SMALL, Weight::Regular))
        .fold(0.0, f64::max)
        .min(220.0);
    let slots = layout.slots.len();
    let extra = if layout.placed < slots && layout.placed > 0 {
        2.0
    } else {
        0.0
    };
    let left = MARGIN + label_w.max(track_label_w) + 2.0 * LABEL_PAD + BLOCK;
    let pitch = (MAX_WIDTH / (slots as f64 + extra).max(1.0)).min(MAX_PITCH);
    let across = Across {
        left,
        pitch,
        placed: layout.placed,
    };
    let plot_w = ((slots as f64 + extra) * pitch).max(240.0);
    let width = (left + plot_w + label_w + 3.0 * LABEL_PAD + BLOCK + MARGIN).max(760.0);
    // The legend first: it sets where the plot starts.
    let header = header_labels(common, width);
    let entries: Vec<(String, String)> = if names.len() <= 40 {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| (format!("s{i}"), n.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let legend_top = MARGIN + crate::render::HEADER + 8.0;
    let (legend, legend_h) = legend_layout(&entries, MARGIN, legend_top, width - 2.0 * MARGIN);
    let tracks_top = legend_top + legend_h + 8.0;
    let era_row = tracks_top + story.threads.len() as f64 * TRACK + 18.0;
    let plot_top = era_row + 16.0;
    let plot = Rect {
        x0: left,
        y0: plot_top,
        x1: left + plot_w,
        y1: plot_top + layout.height + 2.0 * GAP_IN,
    };
    let y0 = plot_top + GAP_IN;
    let lines = line_paths(&layout, &across, y0, &names);
    let (blocks, lone) = block_marks(&layout, &across, y0, plot.y1);
    let threads = thread_bands(story, &layout, &across, tracks_top, &plot);
    let eras = era_bands(story, chronology, &layout, &across, era_row, &plot);
    let (ticks, notes) = axis_labels(story, chronology, &layout, &across, &plot);
    let height = plot.y1 + 56.0 + MARGIN;
    let mut view = Storylines {
        width,
        height,
        header,
        legend,
        plot,
        layout,
        lines,
        blocks,
        lone,
        threads,
        eras,
        ticks,
        notes,
        colours,
        thread_colours,
        ids: story.scenes.keys().map(|k| k.to_string()).collect(),
    };
    place_labels(&mut view, &across, y0);
    view
}

/// The colour of each line (declared, else the palette by declaration
/// order) and of each thread (declared, else the palette from its sixth
/// colour on, so the first threads differ from the first characters).
fn colours(story: &Story, layout: &Layout) -> (Vec<String>, Vec<String>) {
    let lines = layout
        .lines
        .iter()
        .map(|l| {
            let c = story.character(l.character);
            c.color
                .as_deref()
                .and_then(valid)
                .unwrap_or_else(|| PALETTE[l.character.0 as usize % PALETTE.len()].to_string())
        })
        .collect();
    let threads = story
        .threads
        .values()
        .enumerate()
        .map(|(i, t)| {
            t.color
                .as_deref()
                .and_then(valid)
                .unwrap_or_else(|| PALETTE[(i + 5) % PALETTE.len()].to_string())
        })
        .collect();
    (lines, threads)
}

/// Each line's path, scenes, memory marks and end.
fn line_paths(layout: &Layout, across: &Across, y0: f64, names: &[String]) -> Vec<LinePath> {
    let half = BLOCK / 2.0;
    layout
        .lines
        .iter()
        .enumerate()
        .map(|(index, line)| {
            let mut d = String::new();
            let mut prev: Option<(u32, f64)> = None;
            for &(slot, y) in &line.points {
                let (x, y) = (across.x(slot), y0 + y);
                match prev {
                    None => push_cmd(&mut d, 'M', &[x - half, y]),
                    Some((_, py)) if (py - y).abs() < 1e-9 => {}
                    Some((ps, py)) => {
                        // From the end of the point before (the slot before,
                        // except in a sketch), a smooth step.
                        let xa = across.x(ps) + half;
                        let xb = x - half;
                        let xm = (xa + xb) / 2.0;
                        push_cmd(&mut d, 'C', &[xm, py, xm, y, xb, y]);
                    }
                }
                push_cmd(&mut d, 'H', &[x + half]);
                prev = Some((slot, y));
            }
            // Ghost stubs: inside the block only, joined to nothing.
            for &(slot, y) in &line.ghosts {
                let x = across.x(slot);
                push_cmd(&mut d, 'M', &[x - half, y0 + y]);
                push_cmd(&mut d, 'H', &[x + half]);
            }
            let slots_scenes = |slot: u32| layout.slots[slot as usize];
            let remembered = line
                .scenes
                .iter()
                .filter(|&&(_, p)| p == Presence::Remembered)
                .filter_map(|&(slot, _)| {
                    let y = y_at(&line.points, slot)?;
                    Some((slots_scenes(slot), across.x(slot), y0 + y))
                })
                .collect();
            let end = line
                .points
                .last()
                .map(|&(slot, y)| (across.x(slot) + half, y0 + y, line.dies));
            let end_box = end.map(|(x, y, dies)| {
                let r = if dies { 6.0 } else { 3.5 };
                Rect {
                    x0: x - r,
                    y0: y - r,
                    x1: x + r,
                    y1: y + r,
                }
            });
            LinePath {
                index,
                name: names[index].clone(),
                d,
                scenes: line.scenes.iter().map(|&(s, _)| slots_scenes(s)).collect(),
                remembered,
                end,
                end_box,
                label: None,
            }
        })
        .collect()
}

/// The line's height at `slot`, from its stretch points.
fn y_at(points: &[(u32, f64)], slot: u32) -> Option<f64> {
    let i = points.partition_point(|&(s, _)| s <= slot);
    points.get(i.checked_sub(1)?).map(|&(_, y)| y)
}

/// Append one path command and its numbers, without allocating.
fn push_cmd(d: &mut String, c: char, nums: &[f64]) {
    d.push(c);
    for (k, v) in nums.iter().enumerate() {
        if k > 0 {
            d.push(' ');
        }
        push_num(d, *v);
    }
}

/// Scene blocks; scenes without cast get a small mark on the axis.
fn block_marks(
    layout: &Layout,
    across: &Across,
    y0: f64,
    axis_y: f64,
) -> (Vec<BlockMark>, Vec<BlockMark>) {
    let half = BLOCK / 2.0;
    let mut blocks = Vec::new();
    let mut lone = Vec::new();
    for (slot, (&scene, block)) in layout.slots.iter().zip(&layout.blocks).enumerate() {
        let x = across.x(slot as u32);
        match block {
            Some(b) => blocks.push(BlockMark {
                scene,
                rect: Rect {
                    x0: x - half,
                    y0: y0 + b.y0 - 7.0,
                    x1: x + half,
                    y1: y0 + b.y1 + 7.0,
                },
            }),
            None => lone.push(BlockMark {
                scene,
                rect: Rect {
                    x0: x - 3.0,
                    y0: axis_y - 3.0,
                    x1: x + 3.0,
                    y1: axis_y + 3.0,
                },
            }),
        }
    }
    (blocks, lone)
}

/// Runs of consecutive slots whose scene satisfies `pick`: `(first, last)`.
fn runs(slots: &[SceneId], pick: impl Fn(SceneId) -> bool) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (i, &s) in slots.iter().enumerate() {
        if !pick(s) {
            continue;
        }
        let i = i as u32;
        match out.last_mut() {
            Some(run) if run.1 + 1 == i => run.1 = i,
            _ => out.push((i, i)),
        }
    }
    out
}

fn thread_bands(
    story: &Story,
    layout: &Layout,
    across: &Across,
    top: f64,
    plot: &Rect,
) -> Vec<ThreadBand> {
    let half = across.pitch / 2.0;
    story
        .threads
        .values()
        .enumerate()
        .map(|(index, thread)| {
            let id = crate::model::ThreadId(index as u32);
            let y = top + index as f64 * TRACK;
            let spans = runs(&layout.slots, |s| story.scene(s).threads.contains(&id));
            let span_rect = |&(a, b): &(u32, u32), y0: f64, y1: f64| Rect {
                x0: across.x(a) - half,
                y0,
                x1: across.x(b) + half,
                y1,
            };
            ThreadBand {
                index,
                name: thread.name.clone(),
                track: spans
                    .iter()
                    .map(|r| span_rect(r, y + 2.0, y + TRACK - 2.0))
                    .collect(),
                columns: spans
                    .iter()
                    .map(|r| span_rect(r, plot.y0, plot.y1))
                    .collect(),
                label: Label::new(
                    plot.x0 - LABEL_PAD,
                    y + TRACK - 3.5,
                    thread.name.clone(),
                    size::SMALL,
                    "thread-label",
                )
                .anchored(Anchor::End),
            }
        })
        .collect()
}

fn era_bands(
    story: &Story,
    chronology: &Chronology,
    layout: &Layout,
    across: &Across,
    row: f64,
    plot: &Rect,
) -> Vec<(Rect, usize, Label)> {
    let era_of = |s: SceneId| chronology.placements[s.index()].era;
    let half = across.pitch / 2.0;
    let mut out = Vec::new();
    let mut start = 0usize;
    let placed = &layout.slots[..layout.placed];
    while start < placed.len() {
        let era = era_of(placed[start]);
        let mut end = start;
        while end + 1 < placed.len() && era_of(placed[end + 1]) == era {
            end += 1;
        }
        if let Some(e) = era {
            let r = Rect {
                x0: across.x(start as u32) - half,
                y0: plot.y0,
                x1: across.x(end as u32) + half,
                y1: plot.y1,
            };
            let name = &story.era(e).name;
            let label = crate::render::fit(name, r.x1 - r.x0 - 4.0, size::SMALL, Weight::Regular)
                .map(|t| Label::new(r.x0 + 2.0, row + 10.0, t, size::SMALL, "band-label"))
                .unwrap_or_else(|| Label::new(r.x0, row + 10.0, "", size::SMALL, "band-label"));
            out.push((r, out.len() % 2, label));
        }
        start = end + 1;
    }
    out
}

/// Tick labels under the plot (a scene's date where dated, else its place
/// in the story order), never closer than their widths; the caption of the
/// unplaced scenes.
fn axis_labels(
    story: &Story,
    chronology: &Chronology,
    layout: &Layout,
    across: &Across,
    plot: &Rect,
) -> (Vec<Label>, Vec<Label>) {
    let y = plot.y1 + 16.0;
    let mut ticks: Vec<Label> = Vec::new();
    let mut right = f64::NEG_INFINITY;
    for (slot, &s) in layout.slots[..layout.placed].iter().enumerate() {
        // Too close to the last label: no need to word it.
        if across.x(slot as u32) < right + 12.0 {
            continue;
        }
        let p = &chronology.placements[s.index()];
        let text = match (p.anchored, p.start.earliest) {
            (true, Some(t)) => story
                .calendar
                .human(t)
                .split(' ')
                .next()
                .unwrap_or_default()
                .to_string(),
            _ => format!("#{}", slot + 1),
        };
        let label = Label::new(across.x(slot as u32), y, text, size::SMALL, "axis-label")
            .anchored(Anchor::Middle);
        let b = label.bbox();
        if b.x0 > right + 12.0 && b.x0 >= plot.x0 - across.pitch && b.x1 <= plot.x1 + across.pitch {
            right = b.x1;
            ticks.push(label);
        }
    }
    let note = "across: the scenes in story order · a line per character · a block per scene, run through by its cast";
    let room = (plot.x1 - plot.x0).max(600.0);
    let mut notes: Vec<Label> = crate::render::fit(note, room, size::SMALL, Weight::Regular)
        .map(|t| Label::new(plot.x0, y + 20.0, t, size::SMALL, "axis-label"))
        .into_iter()
        .collect();
    if layout.placed < layout.slots.len() {
        let x = across.x(layout.placed as u32) - across.pitch / 2.0;
        notes.push(Label::new(
            x,
            plot.y0 - 4.0,
            "not placed",
            size::SMALL,
            "axis-label",
        ));
    }
    let _ = story;
    (ticks, notes)
}

/// Name every line where its label fits: left of its start, else right of
/// its end, else a row above or below either; a label never overlaps
/// another label or any line's end mark. A line with no free place keeps
/// no label (its colour is in the legend).
fn place_labels(view: &mut Storylines, across: &Across, y0: f64) {
    let ends: Vec<Rect> = view.lines.iter().filter_map(|l| l.end_box).collect();
    let mut taken: Vec<Rect> = Vec::new();
    let bounds = Rect {
        x0: MARGIN,
        y0: view.plot.y0,
        x1: view.width - MARGIN,
        y1: view.plot.y1,
    };
    let half = BLOCK / 2.0;
    for i in 0..view.lines.len() {
        let line = &view.layout.lines[i];
        let (Some(&(first, fy)), Some(&(_, ly))) = (line.points.first(), line.points.last()) else {
            continue;
        };
        let Some((ex, _, _)) = view.lines[i].end else {
            continue;
        };
        let start_x = across.x(first) - half - LABEL_PAD;
        let end_x = ex + 8.0 + LABEL_PAD;
        let (fy, ly) = (y0 + fy, y0 + ly);
        let name = view.lines[i].name.clone();
        let mk = |x: f64, y: f64, anchor: Anchor| {
            Label::new(x, y + 4.0, name.clone(), size::SMALL, "line-label")
                .bold()
                .anchored(anchor)
        };
        let candidates = [
            mk(start_x, fy, Anchor::End),
            mk(end_x, ly, Anchor::Start),
            mk(start_x, fy - GAP_IN, Anchor::End),
            mk(start_x, fy + GAP_IN, Anchor::End),
            mk(end_x, ly - GAP_IN, Anchor::Start),
            mk(end_x, ly + GAP_IN, Anchor::Start),
        ];
        let fits = |l: &Label| {
            let b = l.bbox();
            b.x0 >= bounds.x0
                && b.x1 <= bounds.x1
                && b.y0 >= bounds.y0 - GAP_IN
                && b.y1 <= bounds.y1 + GAP_IN
                && !taken.iter().any(|t| t.overlaps(b))
                && !ends.iter().any(|e| e.overlaps(b))
        };
        if let Some(l) = candidates.into_iter().find(|l| fits(l)) {
            taken.push(l.bbox());
            view.lines[i].label = Some(l);
        }
    }
}

/// The view's own style rules: line, thread and label colours.
fn css(view: &Storylines, theme: &Theme) -> String {
    let mut s = String::from(
        ".storyline{fill:none;stroke-width:2.5;stroke-linecap:round;stroke-linejoin:round}\
         .line-end{stroke:none}\
         .death{fill:none;stroke-width:2.5;stroke-linecap:round}\
         .remembered{stroke-width:2;stroke-dasharray:2 1.5}\
         .thread-column{fill-opacity:0.09;stroke:none}\
         .thread-track{fill-opacity:0.85;stroke:none}\
         .thread-label{font-style:italic}",
    );
    let _ = write!(
        s,
        ".remembered{{fill:{bg}}}.thread-label{{fill:{muted}}}\
         .line-label{{paint-order:stroke;stroke:{bg};stroke-width:3;stroke-linejoin:round}}",
        bg = theme.background,
        muted = theme.muted
    );
    for (i, c) in view.colours.iter().enumerate() {
        let c = lift(c, theme.background, theme.text);
        let _ = write!(
            s,
            ".s{i}.storyline,.s{i}.death,.s{i}.remembered{{stroke:{c}}}.s{i}.line-end,.s{i}.line-label,.s{i} .mark{{fill:{c}}}"
        );
    }
    for (i, c) in view.thread_colours.iter().enumerate() {
        let _ = write!(s, ".t{i}{{fill:{c}}}");
    }
    s
}

/// Write the view.
pub fn emit(
    view: &Storylines,
    common: &Common,
    theme: &Theme,
    target: Target,
    sink: Option<&mut dyn std::io::Write>,
) -> std::io::Result<Drawing> {
    let capacity =
        4096 + view.lines.iter().map(|l| l.d.len() + 64).sum::<usize>() + view.blocks.len() * 160;
    let mut doc = begin(
        common,
        theme,
        View::Storylines,
        target,
        (view.width, view.height),
        capacity,
        sink,
    );
    doc.style(&css(view, theme));
    doc.raw("\n");
    for h in &view.header {
        h.emit(&mut doc);
    }
    emit_legend(&mut doc, &view.legend);
    rect(&mut doc, view.plot, "lane");
    for (r, band, label) in &view.eras {
        rect(&mut doc, *r, if *band == 0 { "band-0" } else { "band-1" });
        label.emit(&mut doc);
    }
    emit_threads(&mut doc, view);
    doc.leaf(
        "line",
        &[
            ("class", "axis".into()),
            ("x1", view.plot.x0.into()),
            ("x2", view.plot.x1.into()),
            ("y1", view.plot.y1.into()),
            ("y2", view.plot.y1.into()),
        ],
    );
    for t in view.ticks.iter().chain(&view.notes) {
        t.emit(&mut doc);
    }
    for b in &view.blocks {
        emit_block(&mut doc, b, common, 3.0);
    }
    for b in &view.lone {
        emit_block(&mut doc, b, common, 0.0);
    }
    for line in &view.lines {
        emit_line(&mut doc, view, line);
    }
    // Names last, over every line.
    for line in &view.lines {
        if let Some(l) = &line.label {
            emit_label_with_class(&mut doc, l, &format!("s{}", line.index));
        }
    }
    let (svg, css) = doc.end()?;
    Ok(Drawing { svg, css })
}

fn emit_threads(doc: &mut Doc, view: &Storylines) {
    for t in &view.threads {
        doc.open(
            "g",
            &[
                ("class", format!("thread t{}", t.index).into()),
                ("data-thread", t.name.as_str().into()),
            ],
        );
        doc.text_el("title", &[], &format!("thread: {}", t.name));
        for r in &t.columns {
            rect(doc, *r, "thread-column");
        }
        for r in &t.track {
            rect(doc, *r, "thread-track");
        }
        doc.close();
        t.label.emit(doc);
    }
}

fn emit_block(doc: &mut Doc, b: &BlockMark, common: &Common, radius: f64) {
    let i = b.scene.index();
    common.open_scene(doc, i);
    rounded(doc, b.rect, "mark", radius);
    doc.close();
}

fn emit_line(doc: &mut Doc, view: &Storylines, line: &LinePath) {
    let class = format!("s{}", line.index);
    let scenes: Vec<&str> = line.scenes.iter().map(|&s| view_id(view, s)).collect();
    doc.open(
        "g",
        &[
            ("class", format!("character {class}").into()),
            ("data-character", line.name.as_str().into()),
        ],
    );
    doc.text_el("title", &[], &line.name);
    doc.leaf(
        "path",
        &[
            ("class", format!("storyline {class}").into()),
            ("data-character", line.name.as_str().into()),
            ("data-scenes", scenes.join(" ").into()),
            ("d", line.d.as_str().into()),
        ],
    );
    for &(scene, x, y) in &line.remembered {
        doc.leaf(
            "circle",
            &[
                ("class", format!("remembered {class}").into()),
                ("data-scene", view_id(view, scene).into()),
                ("cx", x.into()),
                ("cy", y.into()),
                ("r", 4.0.into()),
            ],
        );
    }
    if let Some((x, y, dies)) = line.end {
        if dies {
            let d = format!(
                "M{} {}V{}M{} {}H{}",
                num(x + 2.0),
                num(y - 6.0),
                num(y + 6.0),
                num(x - 1.0),
                num(y - 2.5),
                num(x + 5.0)
            );
            doc.leaf(
                "path",
                &[("class", format!("death {class}").into()), ("d", d.into())],
            );
        } else {
            doc.leaf(
                "circle",
                &[
                    ("class", format!("line-end {class}").into()),
                    ("cx", x.into()),
                    ("cy", y.into()),
                    ("r", 3.0.into()),
                ],
            );
        }
    }
    doc.close();
}

/// A label whose class also carries the line's colour class.
fn emit_label_with_class(doc: &mut Doc, l: &Label, class: &str) {
    let anchor = match l.anchor {
        Anchor::Start => None,
        Anchor::Middle => Some("middle"),
        Anchor::End => Some("end"),
    };
    let mut attrs: Vec<(&'static str, crate::render::svg::Value)> = vec![
        ("x", l.x.into()),
        ("y", l.y.into()),
        ("class", format!("line-label {class}").into()),
        ("font-weight", "bold".into()),
    ];
    if let Some(a) = anchor {
        attrs.push(("text-anchor", a.into()));
    }
    doc.text_el("text", &attrs, &l.text);
}

fn view_id(view: &Storylines, s: SceneId) -> &str {
    view.ids.get(s.index()).map_or("", String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    /// `scenes` dated scenes whose casts of two or three keep changing
    /// among `cast` characters (deterministic).
    fn story(scenes: usize, cast: usize) -> String {
        let mut out = String::from("title: Crowd\n");
        for c in 0..cast {
            let _ = writeln!(out, "character Character number {c}");
        }
        let mut state: u64 = 0x1234_5678;
        for i in 0..scenes {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let a = (i / 4 + state as usize % 3) % cast;
            let b = (a + 1 + (state >> 8) as usize % (cast - 1)) % cast;
            let _ = writeln!(
                out,
                "scene s{i}: S\n  story: {}-{:02}-{:02}\n  cast: Character number {a}, Character number {b}",
                1900 + i / 336,
                i % 336 / 28 + 1,
                i % 28 + 1
            );
        }
        out
    }

    fn laid_out(text: &str) -> Storylines {
        let ws = Workspace::from_text("crowd.scenes", text);
        let loaded = ws.resolve().remove(0);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let chronology = crate::engine::analyze(&loaded.story, &ws.sources);
        let common = Common::new(&loaded.story, &chronology);
        layout(&loaded.story, &chronology, &common)
    }

    #[test]
    fn twenty_characters_over_two_hundred_scenes_have_clear_labels() {
        let view = laid_out(&story(200, 20));
        assert_eq!(view.lines.len(), 20);
        let labels: Vec<Rect> = view
            .lines
            .iter()
            .filter_map(|l| l.label.as_ref())
            .map(Label::bbox)
            .collect();
        // Every line is named, by the embedded metrics' boxes.
        assert_eq!(labels.len(), 20);
        let ends: Vec<Rect> = view.lines.iter().filter_map(|l| l.end_box).collect();
        assert_eq!(ends.len(), 20);
        for (i, a) in labels.iter().enumerate() {
            assert!(a.x0 >= 0.0 && a.x1 <= view.width, "label {i} inside");
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(*b), "labels {a:?} and {b:?}");
            }
            for e in &ends {
                assert!(!a.overlaps(*e), "label {a:?} on a line's end {e:?}");
            }
        }
        // Crossings never exceed the order by first appearance.
        assert!(view.layout.crossings <= view.layout.baseline_crossings);
    }

    #[test]
    fn a_label_is_dropped_rather_than_overlap() {
        // Two lines that start and end together at one height apart: the
        // second name goes to the other end, never onto the first.
        let text = "title: T\ncharacter Aaaaaaaaaaaaaaaaaaa\ncharacter Bbbbbbbbbbbbbbbbbbbbb\nscene a: A\n  story: 2000-01-01\n  cast: Aaaaaaaaaaaaaaaaaaa, Bbbbbbbbbbbbbbbbbbbbb\n";
        let view = laid_out(text);
        let boxes: Vec<Rect> = view
            .lines
            .iter()
            .filter_map(|l| l.label.as_ref())
            .map(Label::bbox)
            .collect();
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(*b));
            }
        }
        assert_eq!(boxes.len(), 2, "both fit: one each side, or stacked");
    }
}
