//! The story curve (after Kim et al., "Visualizing Nonlinear Narratives
//! with Story Curves", IEEE TVCG 2018): telling order across, chronological
//! order down, one mark per scene joined by a line in telling order, so an
//! analepsis is a rise back up and a prolepsis a drop further down. Era
//! bands lie behind; unplaced scenes sit in a strip under the plot.

use crate::engine::Chronology;
use crate::model::{EraId, SceneId, Story};

use super::metrics::Weight;
use super::svg::push_num;
use super::theme::Theme;
use super::{
    begin, emit_legend, fit, header_labels, legend_layout, rect, size, Anchor, Common, Drawing,
    Label, LegendItem, Rect, Target, View, HEADER, MARGIN,
};

/// Default width of the view.
pub const WIDTH: f64 = 1200.0;
/// Left gutter for the row labels (scene titles in story order).
pub const GUTTER: f64 = 210.0;
/// Right gutter for the era names.
pub const ERA_GUTTER: f64 = 96.0;

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
}

/// Compute the curve.
pub fn layout(story: &Story, chronology: &Chronology, common: &Common) -> Curve {
    let n = story.scenes.len();
    let placed = chronology.order.len();
    let width = WIDTH;
    let header = header_labels(common, width);
    let legend_top = MARGIN + HEADER + 8.0;
    let (legend, legend_h) = legend_layout(
        &common.legend_entries(story),
        MARGIN,
        legend_top,
        width - 2.0 * MARGIN,
    );
    let top = legend_top + legend_h + 30.0;
    let row = if placed == 0 {
        24.0
    } else {
        (640.0 / placed as f64).clamp(0.004, 26.0)
    };
    let plot = Rect {
        x0: MARGIN + GUTTER,
        y0: top,
        x1: width - MARGIN - ERA_GUTTER,
        y1: top + row * placed.max(1) as f64,
    };
    let step = (plot.x1 - plot.x0) / n.max(1) as f64;
    let x_of = |i: usize| plot.x0 + (i as f64 + 0.5) * step;
    let y_of = |c: usize| plot.y0 + (c as f64 + 0.5) * row;
    let mut labels = Vec::new();
    labels.push(
        Label::new(
            plot.x0 - 12.0,
            plot.y0 - 10.0,
            "story order ↓",
            size::SMALL,
            "lane-label",
        )
        .anchored(Anchor::End)
        .bold(),
    );

    // Era bands: runs of consecutive chronological positions in one era.
    let mut bands = Vec::new();
    let mut run: Option<(Option<EraId>, usize)> = None;
    let flush = |era: Option<EraId>, from: usize, to: usize, bands: &mut Vec<Band>| {
        let Some(e) = era else { return };
        let rect = Rect {
            x0: plot.x0,
            y0: plot.y0 + from as f64 * row,
            x1: plot.x1,
            y1: plot.y0 + to as f64 * row,
        };
        let class = if bands.len() % 2 == 0 {
            "band-0"
        } else {
            "band-1"
        };
        let label = (rect.y1 - rect.y0 >= 14.0)
            .then(|| {
                fit(
                    &story.era(e).name,
                    ERA_GUTTER - 12.0,
                    size::LABEL,
                    Weight::Bold,
                )
            })
            .flatten()
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
        bands.push(Band { rect, class, label });
    };
    for (c, id) in chronology.order.iter().enumerate() {
        let era = chronology.placements[id.index()].era;
        match run {
            Some((e, _)) if e == era => {}
            Some((e, from)) => {
                flush(e, from, c, &mut bands);
                run = Some((era, c));
            }
            None => run = Some((era, c)),
        }
    }
    if let Some((e, from)) = run {
        flush(e, from, placed, &mut bands);
    }

    // Row labels: the scene at each chronological position, where rows are
    // tall enough to read.
    if row >= 12.0 {
        for (c, id) in chronology.order.iter().enumerate() {
            if let Some(t) = fit(
                &common.labels[id.index()],
                GUTTER - 24.0,
                size::SMALL,
                Weight::Regular,
            ) {
                labels.push(
                    Label::new(plot.x0 - 12.0, y_of(c) + 4.0, t, size::SMALL, "axis-label")
                        .anchored(Anchor::End),
                );
            }
        }
    }

    // Telling ticks under the plot.
    let axis_y = plot.y1 + 8.0;
    let mut ticks = Vec::new();
    let label_w = super::metrics::text_width("00000", size::SMALL, Weight::Regular) + 16.0;
    let every = [
        1usize, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000,
    ]
    .into_iter()
    .find(|&k| k as f64 * step >= label_w)
    .unwrap_or(100_000);
    let mut k = 1;
    while k <= n {
        let x = x_of(k - 1);
        ticks.push(x);
        labels.push(
            Label::new(x, axis_y + 16.0, k.to_string(), size::SMALL, "axis-label")
                .anchored(Anchor::Middle),
        );
        k = if k == 1 && every > 1 {
            every
        } else {
            k + every
        };
    }
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
    let mut bottom = axis_y + 34.0;

    let unplaced = (!chronology.unplaced.is_empty()).then(|| {
        let r = Rect {
            x0: plot.x0,
            y0: bottom + 14.0,
            x1: plot.x1,
            y1: bottom + 38.0,
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
        bottom = r.y1;
        r
    });

    let r = (row * 0.32).clamp(0.8, 6.0).min(step * 0.45).max(0.6);
    let mut marks = Vec::with_capacity(n);
    let mut line = Vec::with_capacity(placed);
    for i in 0..n {
        let p = &chronology.placements[i];
        let x = x_of(i);
        match (p.chrono, unplaced) {
            (Some(c), _) => {
                let y = y_of(c);
                line.push((x, y));
                marks.push(Mark {
                    scene: SceneId(i as u32),
                    x,
                    y,
                    r,
                    unplaced: false,
                });
            }
            (None, strip) => {
                let y = strip.map_or(plot.y1, |s| (s.y0 + s.y1) / 2.0);
                marks.push(Mark {
                    scene: SceneId(i as u32),
                    x,
                    y,
                    r: r.clamp(2.0, 6.0),
                    unplaced: true,
                });
            }
        }
    }
    Curve {
        width,
        height: (bottom + MARGIN).round(),
        header,
        legend,
        plot,
        bands,
        labels,
        ticks,
        unplaced,
        line,
        marks,
    }
}

/// Write the curve as SVG.
pub fn emit(c: &Curve, common: &Common, theme: &Theme, target: Target) -> Drawing {
    let mut doc = begin(
        common,
        theme,
        View::Curve,
        target,
        (c.width, c.height),
        512 + c.marks.len() * 260,
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
    for l in &c.labels {
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
        doc.open("g", &[("class", (&common.classes[i]).into())]);
        doc.text_el("title", &[], &common.tooltips[i]);
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
    let (svg, css) = doc.finish_with_styles();
    Drawing { svg, css }
}
