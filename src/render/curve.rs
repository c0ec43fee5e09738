//! The story curve (after Kim et al., "Visualizing Nonlinear Narratives
//! with Story Curves", IEEE TVCG 2018): telling order across, chronological
//! order down, one mark per scene joined by a line in telling order, so an
//! analepsis is a rise back up and a prolepsis a drop further down. Era
//! bands lie behind; unplaced scenes sit in a strip under the plot.

use crate::engine::Chronology;
use crate::model::{EraId, SceneId, Story};

use super::key;
use super::lanes::ordinal_ticks;
use super::lanes::LABELLED_SCENES;
use super::metrics::{text_width, Weight};
use super::svg::push_num;
use super::theme::Theme;
use super::{
    begin, emit_legend, rect, size, Anchor, Common, Drawing, Heading, Label, LegendItem, Rect,
    Target, View, MARGIN,
};

/// Default width of the view.
pub const WIDTH: f64 = 1200.0;
/// Narrowest left gutter for the row labels (scene titles in story order).
pub const GUTTER: f64 = 210.0;
/// Widest left gutter: the gutter grows to fit the longest title up to
/// this; a longer title shows its telling number and goes into the key.
pub const MAX_GUTTER: f64 = 420.0;
/// Right gutter for the era names.
pub const ERA_GUTTER: f64 = 96.0;
/// Widest right gutter: it grows to fit the longest era name up to this;
/// a longer name is left out (the band stays), never cut.
pub const MAX_ERA_GUTTER: f64 = 240.0;

/// One era band.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    /// The rows it covers.
    pub rect: Rect,
    /// `band-0` or `band-1`.
    pub class: &'static str,
    /// The era's name, where it fits.
    pub label: Option<Label>,
}

/// One scene's mark.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// The scene.
    pub scene: SceneId,
    /// Centre.
    pub x: f64,
    /// Centre.
    pub y: f64,
    /// Radius.
    pub r: f64,
    /// True in the unplaced strip.
    pub unplaced: bool,
}

/// The whole view before it becomes SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct Curve {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Title, subtitle, problem note.
    pub header: Vec<Label>,
    /// Legend.
    pub legend: Vec<LegendItem>,
    /// The plot area.
    pub plot: Rect,
    /// Era bands.
    pub bands: Vec<Band>,
    /// Row labels, axis titles, tick labels.
    pub labels: Vec<Label>,
    /// x of telling ticks.
    pub ticks: Vec<f64>,
    /// The unplaced strip.
    pub unplaced: Option<Rect>,
    /// The line through the placed marks in telling order.
    pub line: Vec<(f64, f64)>,
    /// Marks in telling order.
    pub marks: Vec<Mark>,
    /// A series' works along the telling axis (empty without works).
    pub works: Vec<super::works::TellingBand>,
    /// The numbered key: titles shown by number in the gutter.
    pub key: Vec<Label>,
}

/// The height the plot aims at, pixels: rows shrink as scenes are added so
/// the view stays one screen tall.
pub const PLOT_HEIGHT: f64 = 640.0;
/// Tallest row, pixels: a short story is not stretched to the full height.
pub const MAX_ROW: f64 = 26.0;
/// Shortest row: below it a million-scene story would have rows that
/// round to nothing.
pub const MIN_ROW: f64 = 0.004;
/// Row height when nothing is placed (the plot keeps one empty row).
pub const EMPTY_ROW: f64 = 24.0;
/// Shortest row that gets the scene's title in the gutter: a shorter one
/// could not hold the 11-pixel text.
pub const LABELLED_ROW: f64 = 12.0;
/// Shortest era band that gets the era's name beside it.
pub const LABELLED_BAND: f64 = 14.0;

/// The plot's grid: a column per scene in telling order, a row per
/// chronological position.
#[derive(Clone, Copy, Debug)]
struct Grid {
    plot: Rect,
    /// Row height.
    row: f64,
    /// Column width.
    step: f64,
    /// Room for an era's name right of the plot.
    era_room: f64,
}

impl Grid {
    /// The centre of column `i`.
    fn x(&self, i: usize) -> f64 {
        self.plot.x0 + (i as f64 + 0.5) * self.step
    }

    /// The centre of row `c`.
    fn y(&self, c: usize) -> f64 {
        self.plot.y0 + (c as f64 + 0.5) * self.row
    }
}

/// One band for chronological positions `from..to`, all in era `era`,
/// with the era's name beside it where the band is tall enough.
fn band(story: &Story, grid: &Grid, era: EraId, (from, to): (usize, usize), index: usize) -> Band {
    let plot = grid.plot;
    let rect = Rect {
        x0: plot.x0,
        y0: plot.y0 + from as f64 * grid.row,
        x1: plot.x1,
        y1: plot.y0 + to as f64 * grid.row,
    };
    let class = if index % 2 == 0 { "band-0" } else { "band-1" };
    let name = &story.era(era).name;
    let label = (rect.y1 - rect.y0 >= LABELLED_BAND
        && text_width(name, size::LABEL, Weight::Bold) <= grid.era_room)
        .then(|| name.clone())
        .map(|t| {
            Label::new(
                plot.x1 + 10.0,
                (rect.y0 + rect.y1) / 2.0 + 4.0,
                t,
                size::LABEL,
                "band-label",
            )
            .bold()
        });
    Band { rect, class, label }
}

/// Era bands: one per run of consecutive chronological positions in one
/// era (none for positions without an era), alternating in shade.
fn era_bands(story: &Story, chronology: &Chronology, grid: &Grid) -> Vec<Band> {
    let mut bands = Vec::new();
    let mut flush = |era: Option<EraId>, from: usize, to: usize| {
        if let Some(e) = era {
            let b = band(story, grid, e, (from, to), bands.len());
            bands.push(b);
        }
    };
    let mut run: Option<(Option<EraId>, usize)> = None;
    for (c, id) in chronology.order.iter().enumerate() {
        let era = chronology.placements[id.index()].era;
        match run {
            Some((e, _)) if e == era => {}
            Some((e, from)) => {
                flush(e, from, c);
                run = Some((era, c));
            }
            None => run = Some((era, c)),
        }
    }
    if let Some((e, from)) = run {
        flush(e, from, chronology.order.len());
    }
    bands
}

/// The title of the scene at each chronological position, in the gutter
/// `gutter` wide: whole, or its telling number when it does not fit (then
/// `keyed` marks it for the key).
fn row_labels(
    chronology: &Chronology,
    common: &Common,
    grid: &Grid,
    gutter: f64,
    keyed: &mut [bool],
) -> Vec<Label> {
    let mut out = Vec::new();
    for (c, id) in chronology.order.iter().enumerate() {
        let title = &common.labels[id.index()];
        let text = if text_width(title, size::SMALL, Weight::Regular) <= gutter - 24.0 {
            title.to_string()
        } else {
            keyed[id.index()] = true;
            key::number(id.index())
        };
        out.push(
            Label::new(
                grid.plot.x0 - 12.0,
                grid.y(c) + 4.0,
                text,
                size::SMALL,
                "axis-label",
            )
            .anchored(Anchor::End),
        );
    }
    out
}

/// The gutter that fits the longest row title, within [`GUTTER`] ..
/// [`MAX_GUTTER`].
fn gutter_width(chronology: &Chronology, common: &Common) -> f64 {
    let longest = chronology
        .order
        .iter()
        .map(|id| text_width(common.labels[id.index()], size::SMALL, Weight::Regular))
        .fold(0.0, f64::max);
    (longest + 24.0).clamp(GUTTER, MAX_GUTTER).ceil()
}

/// One mark per scene in telling order: placed ones on their row, joined
/// by the line; unplaced ones in the strip (or on the plot's bottom edge).
fn marks(
    chronology: &Chronology,
    grid: &Grid,
    strip: Option<Rect>,
) -> (Vec<Mark>, Vec<(f64, f64)>) {
    let n = chronology.placements.len();
    let r = (grid.row * 0.32)
        .clamp(0.8, 6.0)
        .min(grid.step * 0.45)
        .max(0.6);
    let mut marks = Vec::with_capacity(n);
    let mut line = Vec::with_capacity(chronology.order.len());
    for (i, p) in chronology.placements.iter().enumerate() {
        let x = grid.x(i);
        let scene = SceneId(i as u32);
        match p.chrono {
            Some(c) => {
                let y = grid.y(c);
                line.push((x, y));
                marks.push(Mark {
                    scene,
                    x,
                    y,
                    r,
                    unplaced: false,
                });
            }
            None => {
                let y = strip.map_or(grid.plot.y1, |s| (s.y0 + s.y1) / 2.0);
                marks.push(Mark {
                    scene,
                    x,
                    y,
                    r: r.clamp(2.0, 6.0),
                    unplaced: true,
                });
            }
        }
    }
    (marks, line)
}

/// Compute the curve: header and legend, the plot's grid, era bands, row
/// labels, telling ticks, the unplaced strip, then the marks and line.
pub fn layout(story: &Story, chronology: &Chronology, common: &Common) -> Curve {
    let n = story.scenes.len();
    let width = WIDTH;
    let heading = Heading::new(story, common, width);
    let (grid, gutter) = grid(story, chronology, common, heading.bottom + 30.0);
    let plot = grid.plot;
    let mut keyed = vec![false; n];
    let mut labels = vec![Label::new(
        plot.x0 - 12.0,
        plot.y0 - 10.0,
        "story order ↓",
        size::SMALL,
        "lane-label",
    )
    .anchored(Anchor::End)
    .bold()];
    let bands = era_bands(story, chronology, &grid);
    if grid.row >= LABELLED_ROW {
        labels.extend(row_labels(chronology, common, &grid, gutter, &mut keyed));
    }
    let (ticks, mut bottom) = telling_axis(n, &grid, &mut labels);
    let unplaced = unplaced_row(chronology, plot, &mut bottom, &mut labels);
    let (marks, line) = marks(chronology, &grid, unplaced);
    let half = grid.step / 2.0;
    let works = super::works::telling_bands(
        story,
        |id| (grid.x(id.index()) - half, grid.x(id.index()) + half),
        (plot.y0 - 24.0, plot.y0),
        plot.y0 - 9.0,
    );
    let entries: Vec<(usize, &str)> = (0..n)
        .filter(|&i| keyed[i])
        .map(|i| (i, common.labels[i]))
        .collect();
    let (key, key_h) = key::layout(&entries, MARGIN, width - MARGIN, bottom + 30.0);
    if key_h > 0.0 {
        bottom += 30.0 + key_h;
    }
    Curve {
        width,
        height: (bottom + MARGIN).round(),
        header: heading.header,
        legend: heading.legend,
        plot,
        bands,
        labels,
        ticks,
        unplaced,
        line,
        marks,
        works,
        key,
    }
}

/// The plot's grid from `top` down, and the width of the row labels'
/// gutter left of it. Up to [`LABELLED_SCENES`] every row keeps room for
/// its title: the plot grows rather than drop them.
fn grid(story: &Story, chronology: &Chronology, common: &Common, top: f64) -> (Grid, f64) {
    let n = story.scenes.len();
    let placed = chronology.order.len();
    let shortest = if n <= LABELLED_SCENES {
        LABELLED_ROW
    } else {
        MIN_ROW
    };
    let row = if placed == 0 {
        EMPTY_ROW
    } else {
        (PLOT_HEIGHT / placed as f64).clamp(shortest, MAX_ROW)
    };
    let gutter = gutter_width(chronology, common);
    let era_gutter = story
        .eras
        .values()
        .map(|e| text_width(&e.name, size::LABEL, Weight::Bold) + 12.0)
        .fold(ERA_GUTTER, f64::max)
        .min(MAX_ERA_GUTTER)
        .ceil();
    let plot = Rect {
        x0: MARGIN + gutter,
        y0: top,
        x1: WIDTH - MARGIN - era_gutter,
        y1: top + row * placed.max(1) as f64,
    };
    let grid = Grid {
        plot,
        row,
        step: (plot.x1 - plot.x0) / n.max(1) as f64,
        era_room: era_gutter - 10.0,
    };
    (grid, gutter)
}

/// The telling ticks under the plot and their labels (into `labels`);
/// returns the ticks' x and the bottom of the axis' text.
fn telling_axis(n: usize, grid: &Grid, labels: &mut Vec<Label>) -> (Vec<f64>, f64) {
    let plot = grid.plot;
    let axis_y = plot.y1 + 8.0;
    let (ticks, tick_labels): (Vec<f64>, Vec<Option<Label>>) =
        ordinal_ticks(n, plot.x0, grid.step, axis_y + 16.0)
            .into_iter()
            .unzip();
    labels.extend(tick_labels.into_iter().flatten());
    labels.push(
        Label::new(
            plot.x1,
            axis_y + 34.0,
            "telling order →",
            size::SMALL,
            "lane-label",
        )
        .anchored(Anchor::End)
        .bold(),
    );
    (ticks, axis_y + 34.0)
}

/// The strip of unplaced scenes under `bottom` (which it moves down), if
/// there are any, with its name in `labels`.
fn unplaced_row(
    chronology: &Chronology,
    plot: Rect,
    bottom: &mut f64,
    labels: &mut Vec<Label>,
) -> Option<Rect> {
    if chronology.unplaced.is_empty() {
        return None;
    }
    let r = Rect {
        x0: plot.x0,
        y0: *bottom + 14.0,
        x1: plot.x1,
        y1: *bottom + 38.0,
    };
    labels.push(
        Label::new(
            plot.x0 - 12.0,
            r.y0 + 16.0,
            "unplaced",
            size::SMALL,
            "lane-label",
        )
        .anchored(Anchor::End)
        .bold(),
    );
    *bottom = r.y1;
    Some(r)
}

/// Write the curve as SVG.
pub fn emit(
    c: &Curve,
    common: &Common,
    theme: &Theme,
    target: Target,
    sink: Option<&mut dyn std::io::Write>,
) -> std::io::Result<Drawing> {
    let mut doc = begin(
        common,
        theme,
        View::Curve,
        target,
        (c.width, c.height),
        512 + c.marks.len() * 260,
        sink,
    );
    for h in &c.header {
        h.emit(&mut doc);
    }
    emit_legend(&mut doc, &c.legend);
    rect(&mut doc, c.plot, "lane");
    for b in &c.bands {
        rect(&mut doc, b.rect, b.class);
        if let Some(l) = &b.label {
            l.emit(&mut doc);
        }
    }
    if let Some(top) = c.works.first().map(|b| b.rect.y0) {
        super::works::emit_bands(&mut doc, &c.works, (top, c.plot.y1));
    }
    for &x in &c.ticks {
        doc.leaf(
            "line",
            &[
                ("class", "tick".into()),
                ("x1", x.into()),
                ("x2", x.into()),
                ("y1", c.plot.y1.into()),
                ("y2", (c.plot.y1 + 5.0).into()),
            ],
        );
    }
    doc.leaf(
        "line",
        &[
            ("class", "axis".into()),
            ("x1", c.plot.x0.into()),
            ("x2", c.plot.x1.into()),
            ("y1", c.plot.y1.into()),
            ("y2", c.plot.y1.into()),
        ],
    );
    if let Some(u) = c.unplaced {
        rect(&mut doc, u, "lane");
    }
    for l in c.labels.iter().chain(&c.key) {
        l.emit(&mut doc);
    }
    if c.line.len() > 1 {
        let mut d = String::with_capacity(c.line.len() * 14);
        for (i, &(x, y)) in c.line.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            push_num(&mut d, x);
            d.push(' ');
            push_num(&mut d, y);
        }
        doc.leaf("path", &[("class", "curve".into()), ("d", d.into())]);
    }
    for m in &c.marks {
        let i = m.scene.index();
        common.open_scene(&mut doc, i);
        doc.leaf(
            "circle",
            &[
                ("class", "mark".into()),
                ("cx", m.x.into()),
                ("cy", m.y.into()),
                ("r", m.r.into()),
            ],
        );
        doc.close();
    }
    let (svg, css) = doc.end()?;
    Ok(Drawing { svg, css })
}
