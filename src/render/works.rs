//! The works view of a series (`--view works`): each work a bar on the
//! story-time axis spanning its scenes, one row per work in telling order
//! top to bottom, labelled with its title and release year, so a saga's
//! timeline reads at a glance. Also the work boundaries the lanes and curve
//! views draw on their telling axis ([`telling_bands`]).

use crate::engine::works::{spans, WorkSpan};
use crate::engine::Chronology;
use crate::model::{EraId, SceneId, Story, WorkId};

use super::axis::{self, Axis, SegmentKind, TextRows};
use super::lanes::story_time_groups;
use super::metrics::{text_width, Weight};
use super::svg::{num, Doc};
use super::theme::{Theme, ThemeName};
use super::{
    begin, emit_legend, fit, rect, size, Anchor, Common, Drawing, Heading, Label, LegendItem, Rect,
    Target, View, MARGIN,
};

/// Default width of the view.
pub const WIDTH: f64 = 1200.0;
/// Left gutter holding the works' titles.
pub const GUTTER: f64 = 300.0;
/// The height the rows aim at together.
pub const ROWS_HEIGHT: f64 = 560.0;
/// Tallest row.
pub const MAX_ROW: f64 = 30.0;
/// Shortest row.
pub const MIN_ROW: f64 = 2.0;
/// Shortest row that gets its work's title in the gutter.
pub const LABELLED_ROW: f64 = 11.0;
/// Most scenes for which each scene gets a tick inside its work's bar.
pub const SCENE_TICKS: usize = 3000;

/// One work's row.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkRow {
    /// The work.
    pub work: WorkId,
    /// The row, across the plot.
    pub row: Rect,
    /// Its bar, one piece per axis segment it crosses (none when nothing
    /// of it is placed).
    pub bar: Vec<Rect>,
    /// x of each of its scenes' starts, when ticks are drawn.
    pub scene_ticks: Vec<f64>,
    /// Title and year in the gutter, where the row is tall enough.
    pub label: Option<Label>,
    /// `no date` or `not placed` beside an empty row.
    pub note: Option<Label>,
    /// The tooltip: title, year, span.
    pub tooltip: String,
}

/// The whole view before it becomes SVG.
#[derive(Clone, Debug, PartialEq)]
pub struct Works {
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
    /// Title, subtitle, problem note.
    pub header: Vec<Label>,
    /// Legend.
    pub legend: Vec<LegendItem>,
    /// The plot: the rows and the story-time axis under them.
    pub plot: Rect,
    /// The story-time axis.
    pub axis: Axis,
    /// y of the axis line.
    pub axis_y: f64,
    /// One row per work in the telling, top to bottom.
    pub rows: Vec<WorkRow>,
    /// Axis titles and notes.
    pub labels: Vec<Label>,
}

/// "A New Hope (1977)": a work's title with its release year.
pub fn title_with_year(story: &Story, w: WorkId) -> String {
    let work = story.work(w);
    match work.release_year() {
        Some(y) => format!("{} ({y})", work.title),
        None => work.title.clone(),
    }
}

/// Where each placed scene lies on `axis`: `(x0, x1)`, by scene index.
fn scene_xs(story: &Story, chronology: &Chronology, axis: &Axis) -> Vec<Option<(f64, f64)>> {
    let mut xs = vec![None; story.scenes.len()];
    for seg in &axis.segments {
        if let SegmentKind::Ordinal { scenes } = &seg.kind {
            let step = (seg.x1 - seg.x0) / scenes.len().max(1) as f64;
            for (k, id) in scenes.iter().enumerate() {
                let c = seg.x0 + (k as f64 + 0.5) * step;
                xs[id.index()] = Some((c - step * 0.3, c + step * 0.3));
            }
        }
    }
    // Where every view draws a scene ([`crate::engine::position`]).
    let drawn = crate::engine::position::drawn(chronology);
    for &id in &chronology.order {
        let p = &chronology.placements[id.index()];
        if let (true, Some(d)) = (p.anchored, drawn[id.index()]) {
            xs[id.index()] = Some((axis.x(d.start), axis.x(d.end.max(d.start))));
        }
    }
    xs
}

/// The parts of `lo..hi` on the axis' segments: a bar over a break is drawn
/// up to it and on from the other side.
fn pieces(axis: &Axis, lo: f64, hi: f64, y0: f64, y1: f64) -> Vec<Rect> {
    let mut out: Vec<Rect> = axis
        .segments
        .iter()
        .filter(|s| s.x1 > lo && s.x0 < hi)
        .map(|s| Rect {
            x0: lo.max(s.x0),
            y0,
            x1: hi.min(s.x1),
            y1,
        })
        .collect();
    // A work of one instant is still a visible bar.
    for r in &mut out {
        if r.x1 - r.x0 < 3.0 {
            let c = (r.x0 + r.x1) / 2.0;
            r.x0 = c - 1.5;
            r.x1 = c + 1.5;
        }
    }
    out
}

/// A work's tooltip: its title and year, its story time and scene count.
fn tooltip(story: &Story, w: WorkId, span: &WorkSpan) -> String {
    let work = story.work(w);
    let when = if span.placed == 0 {
        "not placed".to_string()
    } else if !span.anchored {
        "no date".to_string()
    } else {
        crate::present::time_range(&story.calendar, span.earliest_start, span.latest_end)
    };
    format!(
        "{} — {}; {}",
        title_with_year(story, w),
        when,
        crate::text::plural(work.scenes.len(), "scene", "scenes")
    )
}

/// Compute the works view.
pub fn layout(story: &Story, chronology: &Chronology, common: &Common) -> Works {
    let width = WIDTH;
    let heading = Heading::new(story, common, width);
    let told: Vec<WorkId> = crate::engine::works::told(story);
    let top = heading.bottom + 30.0;
    let row_h = (ROWS_HEIGHT / told.len().max(1) as f64).clamp(MIN_ROW, MAX_ROW);
    let plot = Rect {
        x0: MARGIN + GUTTER,
        y0: top,
        x1: width - MARGIN,
        y1: top + row_h * told.len().max(1) as f64,
    };
    let axis_y = plot.y1 + 6.0;
    let rows_text = TextRows {
        ticks: axis_y + 16.0,
        captions: axis_y + 34.0,
        breaks: axis_y + 16.0,
    };
    // Works span dates; a floating part is drawn in story order here (its
    // relative times belong to the lanes view's relative axis).
    let times = story_time_groups(chronology);
    let ordinal: Vec<Vec<SceneId>> = times
        .relative
        .iter()
        .map(|r| {
            let mut points = r.points.clone();
            points.sort_by_key(|p| (p.start, p.end, p.scene));
            points.iter().map(|p| p.scene).collect()
        })
        .chain(times.ordinal.iter().cloned())
        .collect();
    let era_name = |e: EraId| story.era(e).name.clone();
    let axis = axis::build_in(
        &story.calendar,
        &times.dated,
        &ordinal,
        (plot.x0, plot.x1),
        rows_text,
        &era_name,
    );
    let xs = scene_xs(story, chronology, &axis);
    let spans = spans(story, chronology);
    let ticks = story.scenes.len() <= SCENE_TICKS;
    let rows = told
        .iter()
        .enumerate()
        .map(|(k, &w)| {
            let y0 = plot.y0 + k as f64 * row_h;
            let row = Rect {
                x0: plot.x0,
                y0,
                x1: plot.x1,
                y1: y0 + row_h,
            };
            work_row(story, w, row, &xs, &axis, ticks, &spans[w.index()])
        })
        .collect();
    let labels = vec![
        Label::new(
            plot.x0 - 12.0,
            plot.y0 - 10.0,
            "told ↓",
            size::SMALL,
            "lane-label",
        )
        .anchored(Anchor::End)
        .bold(),
        Label::new(
            plot.x1,
            plot.y0 - 10.0,
            "story-time →",
            size::SMALL,
            "lane-label",
        )
        .anchored(Anchor::End)
        .bold(),
    ];
    Works {
        width,
        height: (rows_text.captions + 12.0 + MARGIN).round(),
        header: heading.header,
        legend: heading.legend,
        plot,
        axis,
        axis_y,
        rows,
        labels,
    }
}

/// One work's row: its bar over its scenes, their ticks, its label.
fn work_row(
    story: &Story,
    w: WorkId,
    row: Rect,
    xs: &[Option<(f64, f64)>],
    axis: &Axis,
    ticks: bool,
    span: &WorkSpan,
) -> WorkRow {
    let h = row.y1 - row.y0;
    let (y0, y1) = (row.y0 + h * 0.2, row.y1 - h * 0.2);
    let mut lo = f64::MAX;
    let mut hi = f64::MIN;
    let mut scene_ticks = Vec::new();
    for id in story.work(w).scene_ids() {
        if let Some((a, b)) = xs[id.index()] {
            lo = lo.min(a);
            hi = hi.max(b);
            if ticks {
                scene_ticks.push(a);
            }
        }
    }
    let bar = if lo <= hi {
        pieces(axis, lo, hi, y0, y1)
    } else {
        Vec::new()
    };
    let label = (h >= LABELLED_ROW)
        .then(|| {
            fit(
                &title_with_year(story, w),
                GUTTER - 24.0,
                size::LABEL,
                Weight::Regular,
            )
        })
        .flatten()
        .map(|t| {
            Label::new(
                row.x0 - 12.0,
                (row.y0 + row.y1) / 2.0 + 4.0,
                t,
                size::LABEL,
                "label",
            )
            .anchored(Anchor::End)
        });
    let note = (bar.is_empty() && h >= LABELLED_ROW).then(|| {
        let text = if span.placed == 0 {
            "not placed"
        } else {
            "no date"
        };
        Label::new(
            row.x0 + 8.0,
            (row.y0 + row.y1) / 2.0 + 4.0,
            text,
            size::SMALL,
            "axis-label",
        )
    });
    WorkRow {
        work: w,
        row,
        bar,
        scene_ticks,
        label,
        note,
        tooltip: tooltip(story, w, span),
    }
}

/// The view's own style rules: the bars, in a colour per theme that reads
/// on the lane, and the scene ticks across them.
fn own_css(theme: ThemeName) -> &'static str {
    match theme {
        ThemeName::Light => ".work-bar{fill:#4f7cac;stroke:#1f2328;stroke-width:0.5}.work-scene{stroke:#ffffff;stroke-width:1;stroke-opacity:0.8}",
        ThemeName::Dark => ".work-bar{fill:#6ea8fe;stroke:#e6edf3;stroke-width:0.5}.work-scene{stroke:#0d1117;stroke-width:1;stroke-opacity:0.8}",
    }
}

/// Write the works view as SVG.
pub fn emit(
    v: &Works,
    common: &Common,
    theme: &Theme,
    name: ThemeName,
    target: Target,
    sink: Option<&mut dyn std::io::Write>,
) -> std::io::Result<Drawing> {
    let mut doc = begin(
        common,
        theme,
        View::Works,
        target,
        (v.width, v.height),
        1024 + v.rows.len() * 400,
        sink,
    );
    doc.style(own_css(name));
    doc.raw("\n");
    for h in &v.header {
        h.emit(&mut doc);
    }
    emit_legend(&mut doc, &v.legend);
    for seg in &v.axis.segments {
        rect(
            &mut doc,
            Rect {
                x0: seg.x0,
                y0: v.plot.y0,
                x1: seg.x1,
                y1: v.plot.y1,
            },
            "lane",
        );
    }
    emit_axis(&mut doc, v);
    for l in &v.labels {
        l.emit(&mut doc);
    }
    for (k, r) in v.rows.iter().enumerate() {
        emit_row(&mut doc, r, k, &v.axis);
    }
    let (svg, css) = doc.end()?;
    Ok(Drawing { svg, css })
}

/// One row: its shading (every other row, on the axis' segments only),
/// then a group holding the work's tooltip, bar, scene ticks and labels.
fn emit_row(doc: &mut Doc, r: &WorkRow, k: usize, axis: &Axis) {
    if k % 2 == 1 {
        for piece in pieces(axis, r.row.x0, r.row.x1, r.row.y0, r.row.y1) {
            rect(doc, piece, "band-1");
        }
    }
    doc.open("g", &[("class", "work".into())]);
    doc.text_el("title", &[], &r.tooltip);
    for b in &r.bar {
        rect(doc, *b, "work-bar");
    }
    if let Some(b) = r.bar.first() {
        for &x in &r.scene_ticks {
            doc.leaf(
                "line",
                &[
                    ("class", "work-scene".into()),
                    ("x1", x.into()),
                    ("x2", x.into()),
                    ("y1", (b.y0 + 1.0).into()),
                    ("y2", (b.y1 - 1.0).into()),
                ],
            );
        }
    }
    for l in r.label.iter().chain(&r.note) {
        l.emit(doc);
    }
    doc.close();
}

/// The story-time axis under the rows: its line per segment, ticks with
/// their vertical grid lines up through the rows, breaks and captions.
fn emit_axis(doc: &mut Doc, v: &Works) {
    let y = v.axis_y;
    let line = |doc: &mut Doc, class: &str, (x1, y1): (f64, f64), (x2, y2): (f64, f64)| {
        doc.leaf(
            "line",
            &[
                ("class", class.to_string().into()),
                ("x1", x1.into()),
                ("x2", x2.into()),
                ("y1", y1.into()),
                ("y2", y2.into()),
            ],
        );
    };
    for seg in &v.axis.segments {
        line(doc, "axis", (seg.x0, y), (seg.x1, y));
    }
    for t in &v.axis.ticks {
        line(doc, "grid", (t.x, v.plot.y0), (t.x, v.plot.y1));
        line(doc, "tick", (t.x, y), (t.x, y + 4.0));
        if let Some(label) = &t.label {
            label.emit(doc);
        }
    }
    for b in &v.axis.breaks {
        let d = format!(
            "M{} {}L{} {}M{} {}L{} {}",
            num(b.x0 + 9.0),
            num(y + 5.0),
            num(b.x0 + 15.0),
            num(y - 5.0),
            num(b.x1 - 15.0),
            num(y + 5.0),
            num(b.x1 - 9.0),
            num(y - 5.0),
        );
        doc.leaf("path", &[("class", "break".into()), ("d", d.into())]);
        if let Some(label) = &b.label {
            label.emit(doc);
        }
    }
    for c in &v.axis.captions {
        c.emit(doc);
    }
}

// ----- work boundaries in the lanes and curve views -------------------------

/// One work's stretch of a telling axis.
#[derive(Clone, Debug, PartialEq)]
pub struct TellingBand {
    /// The work.
    pub work: WorkId,
    /// Its stretch: from its first scene's left edge to its last scene's
    /// right edge, over the band's height.
    pub rect: Rect,
    /// `band-0` or `band-1`, alternating (the era bands' shades, so every
    /// theme and the report's dark scheme colour them).
    pub class: &'static str,
    /// Its title (and year), where it fits in the band.
    pub label: Option<Label>,
}

/// The works' bands along a telling axis whose scenes span `x` (left and
/// right edge per scene, telling order), between `y0` and `y1`, with the
/// labels' baseline at `label_y`. Empty for a story without works.
pub fn telling_bands(
    story: &Story,
    x: impl Fn(SceneId) -> (f64, f64),
    (y0, y1): (f64, f64),
    label_y: f64,
) -> Vec<TellingBand> {
    story
        .works
        .iter()
        .enumerate()
        .filter(|(_, w)| !w.scenes.is_empty())
        .map(|(i, w)| {
            let first = x(SceneId(w.scenes.start)).0;
            let last = x(SceneId(w.scenes.end - 1)).1;
            let rect = Rect {
                x0: first,
                y0,
                x1: last,
                y1,
            };
            let id = WorkId(i as u32);
            // Whole or not at all, never cut: the title with its year, else
            // the title, else the work's id.
            let room = last - first - 6.0;
            let label = [title_with_year(story, id), w.title.clone(), w.id.clone()]
                .into_iter()
                .find(|t| !t.is_empty() && text_width(t, size::SMALL, Weight::Bold) <= room)
                .map(|t| Label::new(first + 3.0, label_y, t, size::SMALL, "lane-label").bold());
            TellingBand {
                work: id,
                rect,
                class: if i % 2 == 0 { "band-0" } else { "band-1" },
                label,
            }
        })
        .collect()
}

/// The row a series' work titles get above the lanes view's screen-time
/// ticks, pixels.
pub const LANES_ROW: f64 = 22.0;

/// The works' bands above the lanes view's telling lane (its scenes span
/// `x`): a row of [`LANES_ROW`] whose top is `top`, above the leader
/// numbers and screen-time ticks.
pub fn above_telling(story: &Story, x: &[(f64, f64)], top: f64) -> Vec<TellingBand> {
    telling_bands(story, |id| x[id.index()], (top, top + 12.0), top + 12.0)
}

/// Draw the bands (under whatever comes after), a boundary line at each
/// work's left edge from `edge.0` to `edge.1`, and the labels.
pub fn emit_bands(doc: &mut Doc, bands: &[TellingBand], edge: (f64, f64)) {
    for b in bands {
        rect(doc, b.rect, b.class);
    }
    for b in bands.iter().skip(1) {
        doc.leaf(
            "line",
            &[
                ("class", "axis".into()),
                ("x1", b.rect.x0.into()),
                ("x2", b.rect.x0.into()),
                ("y1", edge.0.into()),
                ("y2", edge.1.into()),
            ],
        );
    }
    for l in bands.iter().filter_map(|b| b.label.as_ref()) {
        l.emit(doc);
    }
}
