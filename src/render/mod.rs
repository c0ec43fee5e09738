//! Drawing a story as SVG: the lanes view and the story curve.
//!
//! Each view is computed first as a plain layout (boxes, paths and labels in
//! pixels, see [`lanes::Lanes`] and [`curve::Curve`]) that tests can inspect,
//! and only then written out as SVG by [`svg::Doc`]. Text is measured with
//! the font metrics embedded in [`metrics`], never with installed fonts, so
//! the same story gives the same bytes on every machine. The rules (colour,
//! classes, themes, axis) are documented in `docs/render.md`.

pub mod axis;
pub mod curve;
pub mod lanes;
pub mod metrics;
pub mod svg;
pub mod theme;

#[cfg(test)]
mod tests;

use crate::engine::stats::stats;
use crate::engine::Chronology;
use crate::model::{slug, SceneId, Story};
use crate::report::{rough_duration, time_range};
use crate::text::plural;
use crate::time::timecode;

use metrics::{text_width, truncate_to_width, Weight};
use svg::Doc;
pub use theme::{Theme, ThemeName};

/// Which view to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// Telling above, chronology below, joined by ribbons.
    Lanes,
    /// The story curve: telling order across, chronological order down.
    Curve,
}

impl View {
    /// Both views, in the order files are written.
    pub const ALL: [View; 2] = [View::Lanes, View::Curve];

    /// The file-name part: `lanes` or `curve`.
    pub fn name(self) -> &'static str {
        match self {
            View::Lanes => "lanes",
            View::Curve => "curve",
        }
    }
}

/// Draw one view of a story in a theme, as a complete SVG document.
pub fn render(story: &Story, chronology: &Chronology, view: View, theme: ThemeName) -> String {
    let common = Common::new(story, chronology);
    let theme = Theme::get(theme);
    match view {
        View::Lanes => lanes::emit(&lanes::layout(story, chronology, &common), &common, &theme),
        View::Curve => curve::emit(&curve::layout(story, chronology, &common), &common, &theme),
    }
}

/// Font sizes, in pixels, shared by both views.
pub mod size {
    /// The story title.
    pub const TITLE: f64 = 22.0;
    /// The line under it.
    pub const SUBTITLE: f64 = 13.0;
    /// Lane names, legend entries.
    pub const LABEL: f64 = 12.0;
    /// Scene labels and tick labels.
    pub const SMALL: f64 = 11.0;
}

/// Outer margin of both views.
pub const MARGIN: f64 = 32.0;

/// How a label is anchored on its `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `x` is the left edge.
    Start,
    /// `x` is the centre.
    Middle,
    /// `x` is the right edge.
    End,
}

/// A piece of text placed in the layout.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// Anchor position.
    pub x: f64,
    /// Baseline.
    pub y: f64,
    /// The text (unescaped).
    pub text: String,
    /// Font size in pixels.
    pub size: f64,
    /// Weight.
    pub weight: Weight,
    /// How `x` anchors the text.
    pub anchor: Anchor,
    /// CSS class.
    pub class: &'static str,
}

impl Label {
    /// A label.
    pub fn new(x: f64, y: f64, text: impl Into<String>, size: f64, class: &'static str) -> Label {
        Label {
            x,
            y,
            text: text.into(),
            size,
            weight: Weight::Regular,
            anchor: Anchor::Start,
            class,
        }
    }

    /// The same, anchored differently.
    pub fn anchored(mut self, anchor: Anchor) -> Label {
        self.anchor = anchor;
        self
    }

    /// The same, bold.
    pub fn bold(mut self) -> Label {
        self.weight = Weight::Bold;
        self
    }

    /// Width by the embedded metrics.
    pub fn width(&self) -> f64 {
        text_width(&self.text, self.size, self.weight)
    }

    /// The box the text occupies: `(x0, y0, x1, y1)`, from the ascender to
    /// the descender (DejaVu Sans: 0.93 em up, 0.24 em down).
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        let w = self.width();
        let x0 = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        (
            x0,
            self.y - 0.93 * self.size,
            x0 + w,
            self.y + 0.24 * self.size,
        )
    }

    /// Write it.
    pub fn emit(&self, doc: &mut Doc) {
        let anchor = match self.anchor {
            Anchor::Start => None,
            Anchor::Middle => Some("middle"),
            Anchor::End => Some("end"),
        };
        let mut attrs: Vec<(&'static str, svg::Value)> = vec![
            ("x", self.x.into()),
            ("y", self.y.into()),
            ("class", self.class.into()),
        ];
        if (self.size - size::SMALL).abs() > f64::EPSILON {
            attrs.push(("font-size", self.size.into()));
        }
        if self.weight == Weight::Bold {
            attrs.push(("font-weight", "bold".into()));
        }
        if let Some(a) = anchor {
            attrs.push(("text-anchor", a.into()));
        }
        doc.text_el("text", &attrs, &self.text);
    }
}

/// True when two boxes `(x0, y0, x1, y1)` overlap (touching is fine).
pub fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// A laid-out legend item: swatch box `(x0, y0, x1, y1)`, swatch class,
/// text.
pub type LegendItem = ((f64, f64, f64, f64), String, Label);

/// One legend entry: a swatch class and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LegendEntry {
    /// Classes of the swatch (`c0`, or empty for the neutral colour).
    pub class: String,
    /// The text.
    pub text: String,
}

/// What both views share: colours, classes, tooltips and the header.
#[derive(Clone, Debug)]
pub struct Common {
    /// Distinct marker colours, `#rrggbb`, in marker declaration order.
    pub palette: Vec<String>,
    /// Legend entries for the colours, then the neutral colour if used.
    pub legend: Vec<LegendEntry>,
    /// Per scene: its palette index, if a marker colours it.
    pub colour: Vec<Option<usize>>,
    /// Per scene: the CSS classes of its group.
    pub classes: Vec<String>,
    /// Per scene: the tooltip.
    pub tooltips: Vec<String>,
    /// Per scene: the short label (title, else id).
    pub labels: Vec<String>,
    /// The title line.
    pub title: String,
    /// The line under the title.
    pub subtitle: String,
    /// "2 contradictions", when the story has problems.
    pub problems: Option<String>,
    /// A sentence for `<desc>`.
    pub description: String,
}

/// A marker colour the renderer will write into its style sheet: `#rgb` or
/// `#rrggbb` only, so nothing else can reach the CSS.
fn valid_colour(c: &str) -> Option<String> {
    let hex = c.strip_prefix('#')?;
    (matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| c.to_ascii_lowercase())
}

impl Common {
    /// Compute everything shared for a story.
    pub fn new(story: &Story, chronology: &Chronology) -> Common {
        let n = story.scenes.len();
        // Palette and legend: every coloured marker value, in declaration
        // order; values sharing a colour share an entry.
        let mut palette: Vec<String> = Vec::new();
        let mut legend: Vec<LegendEntry> = Vec::new();
        // (marker, value) -> palette index
        let mut value_colour: Vec<Vec<Option<usize>>> = Vec::new();
        for marker in story.markers.values() {
            let mut per_value = Vec::new();
            for value in marker.values.values() {
                let idx = value.color.as_deref().and_then(valid_colour).map(|c| {
                    if let Some(i) = palette.iter().position(|p| *p == c) {
                        i
                    } else {
                        palette.push(c);
                        let era = value.era.map(|e| format!(" · {}", story.era(e).name));
                        legend.push(LegendEntry {
                            class: format!("c{}", palette.len() - 1),
                            text: format!(
                                "{}: {}{}",
                                marker.name,
                                value.name,
                                era.unwrap_or_default()
                            ),
                        });
                        palette.len() - 1
                    }
                });
                per_value.push(idx);
            }
            value_colour.push(per_value);
        }
        let mut colour = Vec::with_capacity(n);
        let mut classes = Vec::with_capacity(n);
        let mut tooltips = Vec::with_capacity(n);
        let mut labels = Vec::with_capacity(n);
        let mut neutral_used = false;
        for (i, scene) in story.scenes.values().enumerate() {
            let id = SceneId(i as u32);
            // The colour rule: the first marker in declaration order whose
            // value on this scene has a colour.
            let chosen = scene
                .markers
                .iter()
                .filter_map(|m| {
                    let c = value_colour
                        .get(m.marker.0 as usize)?
                        .get(m.value as usize)
                        .copied()
                        .flatten()?;
                    Some((m.marker.0, m.value, c))
                })
                .min_by_key(|&(marker, _, _)| marker);
            colour.push(chosen.map(|(_, _, c)| c));
            neutral_used |= chosen.is_none();
            let p = chronology.placements.get(i);
            let era = p.and_then(|p| p.era).or_else(|| {
                let (m, v, _) = chosen?;
                story.marker(crate::model::MarkerId(m)).values[v as usize].era
            });
            let mut class = String::from("scene");
            if let Some(e) = era {
                class.push_str(" era-");
                class.push_str(&slug(&story.era(e).name));
            }
            if let Some((_, _, c)) = chosen {
                class.push_str(&format!(" c{c}"));
            }
            if scene.repeats.is_some() {
                class.push_str(" repeat");
            }
            if p.is_some_and(|p| p.in_contradiction) {
                class.push_str(" contradiction");
            }
            if p.is_none_or(|p| p.chrono.is_none()) {
                class.push_str(" unplaced");
            }
            classes.push(class);
            tooltips.push(tooltip(story, chronology, id));
            labels.push(if scene.title.trim().is_empty() {
                story.scene_name(id).to_string()
            } else {
                scene.title.to_string()
            });
        }
        if neutral_used && n > 0 {
            legend.push(LegendEntry {
                class: String::new(),
                text: if palette.is_empty() {
                    "scene".to_string()
                } else {
                    "no coloured marker".to_string()
                },
            });
        }

        let st = stats(story, chronology);
        let mut parts: Vec<String> = Vec::new();
        if let Some(original) = story
            .header
            .get("original")
            .filter(|o| !o.trim().is_empty())
        {
            parts.push(format!("“{original}”"));
        }
        parts.push(plural(n, "scene", "scenes"));
        if st.time.screen_ms > 0 {
            parts.push(format!("{} running time", timecode(st.time.screen_ms)));
        }
        let anchored: Vec<_> = chronology
            .placements
            .iter()
            .filter(|p| p.anchored && p.chrono.is_some())
            .collect();
        if let (Some(lo), Some(hi)) = (
            anchored.iter().map(|p| p.scheduled_start).min(),
            anchored.iter().map(|p| p.scheduled_end).max(),
        ) {
            let span = rough_duration(hi - lo, 2);
            parts.push(format!(
                "story span {span} ({} – {})",
                crate::time::human(lo).split(' ').next().unwrap_or_default(),
                crate::time::human(hi).split(' ').next().unwrap_or_default()
            ));
        } else if !chronology.order.is_empty() {
            parts.push("no absolute dates".to_string());
        }
        let count = chronology.contradictions.len();
        let problems = (count > 0).then(|| {
            format!(
                "⚠ {}{}",
                plural(count, "contradiction", "contradictions"),
                if chronology.truncated {
                    " (and more)"
                } else {
                    ""
                }
            )
        });
        let description = format!(
            "{} scenes of {}: {} placed in story-time, {} unplaced{}.",
            n,
            story.title,
            chronology.order.len(),
            chronology.unplaced.len(),
            problems
                .as_deref()
                .map(|p| format!(", {}", p.trim_start_matches("⚠ ")))
                .unwrap_or_default()
        );
        Common {
            palette,
            legend,
            colour,
            classes,
            tooltips,
            labels,
            title: story.title.clone(),
            subtitle: parts.join("  ·  "),
            problems,
            description,
        }
    }
}

impl Common {
    /// Legend rows as `(swatch class, text)`: the colours, then "in a
    /// contradiction" and "repeats an earlier scene" when they occur.
    pub fn legend_entries(&self, story: &Story) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .legend
            .iter()
            .map(|e| (e.class.clone(), e.text.clone()))
            .collect();
        if self.problems.is_some() {
            out.push(("problem".into(), "in a contradiction".into()));
        }
        if story.scenes.values().any(|s| s.repeats.is_some()) {
            out.push(("repeat".into(), "repeats an earlier scene".into()));
        }
        out
    }
}

/// The tooltip of a scene mark: id and title, story date or bounds, screen
/// timecodes, era, and what is special about it.
pub fn tooltip(story: &Story, chronology: &Chronology, id: SceneId) -> String {
    let scene = story.scene(id);
    let name = story.scene_name(id);
    let mut t = if scene.title.is_empty() {
        name.to_string()
    } else {
        format!("{name} — {}", scene.title)
    };
    let p = chronology.placements.get(id.index());
    match p {
        Some(p) if p.chrono.is_some() => {
            t.push_str("\nstory: ");
            t.push_str(&crate::report::order::when(story, p));
            if p.anchored && (p.end.earliest != p.start.earliest || p.end.latest != p.start.latest)
            {
                t.push_str(&format!(
                    "; ends {}",
                    time_range(p.end.earliest, p.end.latest)
                ));
            }
        }
        _ => t.push_str("\nstory: unplaced (no story-time tags)"),
    }
    if let Some(s) = scene.screen {
        t.push_str("\nscreen: ");
        t.push_str(&timecode(s.start));
        if let Some(e) = s.end {
            t.push_str(" – ");
            t.push_str(&timecode(e));
        }
    }
    if let Some(e) = p.and_then(|p| p.era) {
        t.push_str("\nera: ");
        t.push_str(&story.era(e).name);
    }
    if let Some(r) = scene.repeats {
        t.push_str("\nrepeats ");
        t.push_str(story.scene_name(r));
    }
    if p.is_some_and(|p| p.in_contradiction) {
        t.push_str("\nin a contradiction");
    }
    t
}

/// Fit a text into a width, or nothing if not even an ellipsis fits.
pub fn fit(text: &str, max: f64, size: f64, weight: Weight) -> Option<String> {
    truncate_to_width(text, max, size, weight).filter(|t| t != "…" || text == "…")
}

/// Write the root element, accessibility title and description, style
/// sheet, background, header and legend; returns the document still open.
/// `legend_y` is where the legend row's baseline goes.
pub(crate) fn begin(
    common: &Common,
    theme: &Theme,
    view: View,
    width: f64,
    height: f64,
    capacity: usize,
) -> Doc {
    let mut doc = Doc::with_capacity(capacity);
    doc.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let view_name = match view {
        View::Lanes => "Telling and chronology",
        View::Curve => "Story curve",
    };
    let viewbox = format!("0 0 {} {}", svg::num(width), svg::num(height));
    doc.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("width", width.into()),
            ("height", height.into()),
            ("viewBox", viewbox.into()),
            ("role", "img".into()),
            ("aria-labelledby", "chronotope-title chronotope-desc".into()),
            ("font-family", metrics::FONT_FAMILY.into()),
            ("font-size", size::SMALL.into()),
            ("class", format!("chronotope view-{}", view.name()).into()),
        ],
    );
    doc.raw("\n");
    doc.text_el(
        "title",
        &[("id", "chronotope-title".into())],
        &format!("{view_name}: {}", common.title),
    );
    doc.text_el(
        "desc",
        &[("id", "chronotope-desc".into())],
        &format!("{} {}", common.subtitle, common.description),
    );
    doc.raw("<style>");
    doc.raw(&theme.css(&common.palette));
    doc.raw("</style>\n");
    doc.leaf(
        "rect",
        &[
            ("class", "bg".into()),
            ("width", width.into()),
            ("height", height.into()),
        ],
    );
    doc
}

/// The header labels: title, subtitle and the problem note, fitted into
/// `width`.
pub(crate) fn header_labels(common: &Common, width: f64) -> Vec<Label> {
    let inner = width - 2.0 * MARGIN;
    let mut out = Vec::new();
    let mut right = width - MARGIN;
    if let Some(p) = &common.problems {
        let l = Label::new(
            width - MARGIN,
            MARGIN + 20.0,
            p.clone(),
            size::LABEL,
            "problem-note",
        )
        .anchored(Anchor::End)
        .bold();
        right -= l.width() + 16.0;
        out.push(l);
    }
    let title = fit(&common.title, right - MARGIN, size::TITLE, Weight::Bold)
        .unwrap_or_else(|| "…".to_string());
    out.push(Label::new(MARGIN, MARGIN + 20.0, title, size::TITLE, "title").bold());
    if let Some(sub) = fit(&common.subtitle, inner, size::SUBTITLE, Weight::Regular) {
        out.push(Label::new(
            MARGIN,
            MARGIN + 42.0,
            sub,
            size::SUBTITLE,
            "subtitle",
        ));
    }
    out
}

/// Height taken by the header.
pub const HEADER: f64 = 64.0;

/// Legend items laid out in rows from `(x, y)` within `width`: each item is
/// `(swatch box, label)`; returns them and the height used.
pub(crate) fn legend_layout(
    entries: &[(String, String)],
    x: f64,
    y: f64,
    width: f64,
) -> (Vec<LegendItem>, f64) {
    let mut out = Vec::new();
    let (mut cx, mut cy) = (x, y);
    let row = 20.0;
    for (class, text) in entries {
        let text = fit(text, width - 24.0, size::LABEL, Weight::Regular).unwrap_or_default();
        let w = 18.0 + text_width(&text, size::LABEL, Weight::Regular) + 22.0;
        if cx > x && cx + w > x + width {
            cx = x;
            cy += row;
        }
        let swatch = (cx, cy - 10.0, cx + 12.0, cy + 2.0);
        out.push((
            swatch,
            class.clone(),
            Label::new(cx + 18.0, cy, text, size::LABEL, "legend-label"),
        ));
        cx += w;
    }
    let height = if entries.is_empty() {
        0.0
    } else {
        cy - y + row
    };
    (out, height)
}
