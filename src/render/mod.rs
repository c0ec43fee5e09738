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
pub mod grouping;
pub mod key;
pub mod lanes;
pub mod metrics;
#[cfg(feature = "images")]
pub mod raster;
pub mod relative_axis;
pub mod storylines;
pub mod svg;
pub mod theme;
pub mod works;

#[cfg(test)]
mod tests;

use crate::engine::Chronology;
use crate::engine::Placement;
use crate::model::{slug, MarkerId, Mode, Scene, SceneId, Story};
use crate::present::rough_duration_in;
use crate::text::plural;
use crate::time::timecode;

use metrics::{text_width, truncate_to_width, Weight};
use svg::Doc;

pub use theme::{Theme, ThemeName};

/// The editor's hover shows the same text; its home is [`crate::present`].
pub use crate::present::tooltip;

/// Which view to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// Telling above, chronology below, joined by ribbons.
    Lanes,
    /// The story curve: telling order across, chronological order down.
    Curve,
    /// A series' works as bars on the story-time axis, in telling order
    /// ([`works`]).
    Works,
    /// One line per character through the chronology.
    Storylines,
}

impl View {
    /// Every view, in the order files are written.
    pub const ALL: [View; 3] = [View::Lanes, View::Curve, View::Storylines];

    /// The file-name part: `lanes`, `curve` or `storylines`.
    pub fn name(self) -> &'static str {
        match self {
            View::Lanes => "lanes",
            View::Curve => "curve",
            View::Works => "works",
            View::Storylines => "storylines",
        }
    }
}

/// Draw one view of a story in a theme, as a complete SVG document.
pub fn render(story: &Story, chronology: &Chronology, view: View, theme: ThemeName) -> String {
    draw(story, chronology, view, theme, Target::File).svg
}

/// [`render`] with [`grouping::Options`] (`--group thread`).
pub fn render_with(
    story: &Story,
    chronology: &Chronology,
    view: View,
    theme: ThemeName,
    options: grouping::Options,
) -> String {
    draw_with(story, chronology, view, theme, Target::File, options).svg
}

/// Where a drawing goes, which decides how it is wrapped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    /// An SVG file of its own: the XML declaration, the ids
    /// `chronotope-title` and `chronotope-desc`, the style sheets inside.
    File,
    /// An `<svg>` element inline in an HTML page. It has no XML declaration
    /// (it means nothing inside HTML) and no style sheet, since one inside
    /// inline SVG applies to the whole page: the page carries the theme and
    /// [`Drawing::css`]. Ids start with `id_prefix`, so several drawings can
    /// share a page.
    Inline {
        /// Prefix of the ids: `lanes-svg-` gives `lanes-svg-title`.
        id_prefix: &'a str,
    },
}

impl Target<'_> {
    /// What the title and description ids start with.
    fn id_prefix(&self) -> &str {
        match self {
            Target::File => "chronotope-",
            Target::Inline { id_prefix } => id_prefix,
        }
    }
}

/// One drawn view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drawing {
    /// The SVG: a document for [`Target::File`], an element for
    /// [`Target::Inline`].
    pub svg: String,
    /// For [`Target::Inline`], the view's own style rules beyond the theme,
    /// flat (`a,b{…}c{…}`) and unscoped; empty for [`Target::File`], whose
    /// rules are inside [`Drawing::svg`].
    pub css: String,
}

/// Draw one view of a story in a theme, for a file or a page.
pub fn draw(
    story: &Story,
    chronology: &Chronology,
    view: View,
    theme: ThemeName,
    target: Target,
) -> Drawing {
    draw_with(
        story,
        chronology,
        view,
        theme,
        target,
        grouping::Options::default(),
    )
}

/// [`draw`] with [`grouping::Options`].
pub fn draw_with(
    story: &Story,
    chronology: &Chronology,
    view: View,
    theme: ThemeName,
    target: Target,
    options: grouping::Options,
) -> Drawing {
    // Only a sink can fail to take the bytes; a drawing kept in memory
    // has none.
    draw_into(story, chronology, view, theme, target, options, None)
        .expect("a drawing kept in memory has no writer to fail")
}

/// Draw one view as an SVG file into `sink` as it is made (see
/// [`svg::Doc::to_sink`]): the same bytes as [`render_with`], never held
/// whole.
pub fn write_with(
    story: &Story,
    chronology: &Chronology,
    view: View,
    theme: ThemeName,
    options: grouping::Options,
    sink: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    draw_into(
        story,
        chronology,
        view,
        theme,
        Target::File,
        options,
        Some(sink),
    )
    .map(|_| ())
}

/// The stages of a drawing: what the views share, the view's layout, its
/// SVG (into `sink` when there is one).
fn draw_into(
    story: &Story,
    chronology: &Chronology,
    view: View,
    theme: ThemeName,
    target: Target,
    options: grouping::Options,
    sink: Option<&mut dyn std::io::Write>,
) -> std::io::Result<Drawing> {
    let common = Common::new(story, chronology);
    crate::timings::mark("  common");
    let name = theme;
    let theme = Theme::get(theme);
    let drawing = match view {
        View::Lanes => {
            let group = match options.group {
                grouping::Group::Thread => grouping::Lanes::by_thread(story),
                grouping::Group::None => None,
            };
            let layout = lanes::layout_grouped(story, chronology, &common, group.as_ref());
            crate::timings::mark("  layout");
            lanes::emit(&layout, &common, &theme, target, sink)
        }
        View::Curve => {
            let layout = curve::layout(story, chronology, &common);
            crate::timings::mark("  layout");
            curve::emit(&layout, &common, &theme, target, sink)
        }
        View::Works => {
            let layout = works::layout(story, chronology, &common);
            crate::timings::mark("  layout");
            works::emit(&layout, &common, &theme, name, target, sink)
        }
        View::Storylines => {
            let layout = storylines::layout(story, chronology, &common);
            crate::timings::mark("  layout");
            storylines::emit(&layout, &common, &theme, target, sink)
        }
    };
    crate::timings::mark("  svg");
    drawing
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

    /// The box the text occupies, from the ascender to the descender
    /// (DejaVu Sans: 0.93 em up, 0.24 em down).
    pub fn bbox(&self) -> Rect {
        let w = self.width();
        let x0 = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        Rect {
            x0,
            y0: self.y - 0.93 * self.size,
            x1: x0 + w,
            y1: self.y + 0.24 * self.size,
        }
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

/// A rectangle `(x0, y0)..(x1, y1)` in pixels: a mark, a lane, the box a
/// label occupies.
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

impl Rect {
    /// True when the two overlap; touching is fine.
    pub fn overlaps(self, other: Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// The same, wider by `by` on the left and on the right.
    pub fn widened(self, by: f64) -> Rect {
        Rect {
            x0: self.x0 - by,
            x1: self.x1 + by,
            ..self
        }
    }
}

/// A laid-out legend item.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// The colour swatch.
    pub swatch: Rect,
    /// Its classes (`c0`, `problem`, `repeat`, or empty for the neutral
    /// colour).
    pub class: String,
    /// The text beside it.
    pub label: Label,
}

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
pub struct Common<'s> {
    /// The story drawn.
    story: &'s Story,
    /// Its chronology.
    chronology: &'s Chronology,
    /// Each (marker, value)'s palette index ([`Colours::of_value`]).
    of_value: Vec<Vec<Option<usize>>>,
    /// Distinct marker colours, `#rrggbb`, in marker declaration order.
    pub palette: Vec<String>,
    /// Legend entries for the colours, then the neutral colour if used.
    pub legend: Vec<LegendEntry>,
    /// Per scene: its palette index, if a marker colours it.
    pub colour: Vec<Option<usize>>,
    /// Per scene: the short label (title, else id), borrowed from the
    /// story: a view of a million scenes copies none of them.
    pub labels: Vec<&'s str>,
    /// Per scene: its `mode:`, drawn hatched (`hatch`).
    pub modes: Vec<Option<Mode>>,
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

/// The marker colours of a story: the palette, its legend entries, and
/// each (marker, value)'s palette index.
struct Colours {
    palette: Vec<String>,
    legend: Vec<LegendEntry>,
    /// Indexed by marker, then value.
    of_value: Vec<Vec<Option<usize>>>,
}

/// Every coloured marker value, in declaration order; values sharing a
/// colour share a palette entry and a legend entry.
fn colours(story: &Story) -> Colours {
    let mut palette: Vec<String> = Vec::new();
    let mut legend: Vec<LegendEntry> = Vec::new();
    let mut of_value: Vec<Vec<Option<usize>>> = Vec::new();
    for marker in story.markers.values() {
        let mut per_value = Vec::new();
        for value in marker.values.values() {
            let idx = value.color.as_deref().and_then(valid_colour).map(|c| {
                if let Some(i) = palette.iter().position(|p| *p == c) {
                    return i;
                }
                palette.push(c);
                let era = value.era.map(|e| format!(" · {}", story.era(e).name));
                legend.push(LegendEntry {
                    class: format!("c{}", palette.len() - 1),
                    text: format!("{}: {}{}", marker.name, value.name, era.unwrap_or_default()),
                });
                palette.len() - 1
            });
            per_value.push(idx);
        }
        of_value.push(per_value);
    }
    Colours {
        palette,
        legend,
        of_value,
    }
}

/// The colour rule: the first marker in declaration order whose value on
/// the scene has a colour, as `(marker, value, palette index)`; `of_value`
/// is [`Colours::of_value`].
fn colour_of_scene(of_value: &[Vec<Option<usize>>], scene: &Scene) -> Option<(u32, u32, usize)> {
    scene
        .markers
        .iter()
        .filter_map(|m| {
            let c = of_value
                .get(m.marker.0 as usize)?
                .get(m.value as usize)
                .copied()
                .flatten()?;
            Some((m.marker.0, m.value, c))
        })
        .min_by_key(|&(marker, _, _)| marker)
}

/// The CSS classes of a scene's group, appended to `class`: `scene`, its
/// era, its colour, and `repeat`, `contradiction` or `unplaced` when they
/// apply.
fn push_scene_class(
    class: &mut String,
    story: &Story,
    scene: &Scene,
    p: Option<&Placement>,
    chosen: Option<(u32, u32, usize)>,
) {
    // The era of its placement, else the era its colouring value belongs to.
    let era = p.and_then(|p| p.era).or_else(|| {
        let (m, v, _) = chosen?;
        story.marker(MarkerId(m)).values[v as usize].era
    });
    class.push_str("scene");
    if let Some(e) = era {
        class.push_str(" era-");
        class.push_str(&slug(&story.era(e).name));
    }
    if let Some((_, _, c)) = chosen {
        class.push_str(" c");
        crate::text::push_decimal(class, c as u64);
    }
    if scene.repeats.is_some() {
        class.push_str(" repeat");
    }
    if let Some(mode) = scene.mode {
        class.push(' ');
        class.push_str(mode_class(mode));
    }
    if p.is_some_and(|p| p.in_contradiction) {
        class.push_str(" contradiction");
    }
    if p.is_none_or(|p| p.chrono.is_none()) {
        class.push_str(" unplaced");
    }
}

/// The class of a scene's `mode:`: `mode-memory`, `mode-dream`,
/// `mode-imagined`.
pub fn mode_class(mode: Mode) -> &'static str {
    match mode {
        Mode::Memory => "mode-memory",
        Mode::Dream => "mode-dream",
        Mode::Imagined => "mode-imagined",
    }
}

/// Every mode, in legend order, with its legend text.
pub const MODES: [(Mode, &str); 3] = [
    (Mode::Memory, "memory"),
    (Mode::Dream, "dream"),
    (Mode::Imagined, "imagined"),
];

/// The line under the title: the original title, the scene count, the
/// running time and the span of story-time the dated scenes cover.
fn subtitle(story: &Story, chronology: &Chronology) -> String {
    let screen_ms = crate::engine::stats::screen_ms(story, chronology);
    let mut parts: Vec<String> = Vec::new();
    if let Some(original) = story
        .header
        .get("original")
        .filter(|o| !o.trim().is_empty())
    {
        parts.push(format!("“{original}”"));
    }
    parts.push(plural(story.scenes.len(), "scene", "scenes"));
    if screen_ms > 0 {
        parts.push(format!("{} running time", timecode(screen_ms)));
    }
    let drawn = crate::engine::position::drawn(chronology);
    if let Some((lo, hi)) = crate::engine::position::dated_bounds(&drawn) {
        let calendar = &story.calendar;
        let span = rough_duration_in(calendar, hi - lo, 2);
        let day = crate::time::Precision::Day;
        parts.push(format!(
            "story span {span} ({} – {})",
            calendar.text(lo, day),
            calendar.text(hi, day)
        ));
    } else if !chronology.order.is_empty() {
        parts.push("no absolute dates".to_string());
    }
    parts.join("  ·  ")
}

impl<'s> Common<'s> {
    /// Compute everything shared for a story.
    pub fn new(story: &'s Story, chronology: &'s Chronology) -> Common<'s> {
        let n = story.scenes.len();
        let colours = colours(story);
        let mut colour = Vec::with_capacity(n);
        let mut labels = Vec::with_capacity(n);
        let mut neutral_used = false;
        for (i, scene) in story.scenes.values().enumerate() {
            let id = SceneId(i as u32);
            let chosen = colour_of_scene(&colours.of_value, scene);
            colour.push(chosen.map(|(_, _, c)| c));
            neutral_used |= chosen.is_none();
            labels.push(if scene.title.trim().is_empty() {
                story.scene_name(id)
            } else {
                scene.title.as_str()
            });
        }
        let Colours {
            palette,
            mut legend,
            of_value,
        } = colours;
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
            story,
            chronology,
            of_value,
            palette,
            legend,
            colour,
            labels,
            modes: story.scenes.values().map(|s| s.mode).collect(),
            title: story.title.clone(),
            subtitle: subtitle(story, chronology),
            problems,
            description,
        }
    }
}

impl Common<'_> {
    /// The CSS classes of scene `i`'s group, appended to `out`: `scene`,
    /// its era, its colour, and `repeat`, a mode, `contradiction` or
    /// `unplaced` when they apply. Made as each group is written, not kept.
    pub fn push_class(&self, out: &mut String, i: usize) {
        let scene = &self.story.scenes[i];
        let chosen = colour_of_scene(&self.of_value, scene);
        push_scene_class(
            out,
            self.story,
            scene,
            self.chronology.placements.get(i),
            chosen,
        );
    }

    /// Open scene `i`'s group (`<g class=… data-scene=…>`) and write its
    /// tooltip (`<title>`); the caller writes the marks and closes it.
    pub fn open_scene(&self, doc: &mut Doc, i: usize) {
        let mut class = String::with_capacity(32);
        self.push_class(&mut class, i);
        doc.open(
            "g",
            &[
                ("class", class.as_str().into()),
                (
                    "data-scene",
                    self.story.scene_name(SceneId(i as u32)).into(),
                ),
            ],
        );
        doc.text_el_with("title", &[], |t| self.push_tooltip(t, i));
    }

    /// Scene `i`'s tooltip ([`tooltip`]), appended to `out`.
    pub fn push_tooltip(&self, out: &mut String, i: usize) {
        crate::present::push_tooltip(out, self.story, self.chronology, SceneId(i as u32));
    }

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
        for (mode, text) in MODES {
            if story.scenes.values().any(|s| s.mode == Some(mode)) {
                out.push((mode_class(mode).into(), text.into()));
            }
        }
        out
    }
}

/// Fit a text into a width, or nothing if not even an ellipsis fits.
pub fn fit(text: &str, max: f64, size: f64, weight: Weight) -> Option<String> {
    truncate_to_width(text, max, size, weight).filter(|t| t != "…" || text == "…")
}

/// Write the root element, accessibility title and description, style
/// sheet, background, header and legend; returns the document still open.
/// For [`Target::Inline`] the theme is left to the page.
pub(crate) fn begin<'w>(
    common: &Common,
    theme: &Theme,
    view: View,
    target: Target,
    size: (f64, f64),
    capacity: usize,
    sink: Option<&'w mut dyn std::io::Write>,
) -> Doc<'w> {
    let (width, height) = size;
    let mut doc = match (target, sink) {
        (Target::File, None) => Doc::with_capacity(capacity),
        (Target::Inline { .. }, None) => Doc::with_styles_aside(capacity),
        (target, Some(sink)) => {
            let mut doc = Doc::to_sink(sink);
            if matches!(target, Target::Inline { .. }) {
                doc.set_styles_aside();
            }
            doc
        }
    };
    if target == Target::File {
        doc.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    let view_name = match view {
        View::Lanes => "Telling and chronology",
        View::Curve => "Story curve",
        View::Works => "Works in story-time",
        View::Storylines => "Storylines",
    };
    let ids = target.id_prefix();
    let (title_id, desc_id) = (format!("{ids}title"), format!("{ids}desc"));
    let viewbox = format!("0 0 {} {}", svg::num(width), svg::num(height));
    doc.open(
        "svg",
        &[
            ("xmlns", "http://www.w3.org/2000/svg".into()),
            ("width", width.into()),
            ("height", height.into()),
            ("viewBox", viewbox.into()),
            ("role", "img".into()),
            ("aria-labelledby", format!("{title_id} {desc_id}").into()),
            ("font-family", metrics::FONT_FAMILY.into()),
            ("font-size", size::SMALL.into()),
            ("class", format!("chronotope view-{}", view.name()).into()),
        ],
    );
    doc.raw("\n");
    doc.text_el(
        "title",
        &[("id", title_id.into())],
        &format!("{view_name}: {}", common.title),
    );
    doc.text_el(
        "desc",
        &[("id", desc_id.into())],
        &format!("{} {}", common.subtitle, common.description),
    );
    if !doc.styles_aside() {
        doc.style(&theme.css(&common.palette));
    }
    doc.raw("\n");
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

/// The top of both views: title lines and the legend under them.
#[derive(Clone, Debug, PartialEq)]
pub struct Heading {
    /// Title, subtitle, problem note.
    pub header: Vec<Label>,
    /// The legend.
    pub legend: Vec<LegendItem>,
    /// Where the legend ends; the view goes on from here.
    pub bottom: f64,
}

impl Heading {
    /// Lay out the header and legend of a view `width` wide.
    pub fn new(story: &Story, common: &Common, width: f64) -> Heading {
        let header = header_labels(common, width);
        let legend_top = MARGIN + HEADER + 8.0;
        let (legend, legend_h) = legend_layout(
            &common.legend_entries(story),
            MARGIN,
            legend_top,
            width - 2.0 * MARGIN,
        );
        Heading {
            header,
            legend,
            bottom: legend_top + legend_h,
        }
    }
}

/// Legend items laid out in rows from `(x, y)` within `width`; returns
/// them and the height used.
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
        out.push(LegendItem {
            swatch: Rect {
                x0: cx,
                y0: cy - 10.0,
                x1: cx + 12.0,
                y1: cy + 2.0,
            },
            class: class.clone(),
            label: Label::new(cx + 18.0, cy, text, size::LABEL, "legend-label"),
        });
        cx += w;
    }
    let height = if entries.is_empty() {
        0.0
    } else {
        cy - y + row
    };
    (out, height)
}

/// A rectangle element with square corners.
pub(crate) fn rect(doc: &mut Doc, r: Rect, class: &'static str) {
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

/// A rectangle element with rounded corners, square when it is too narrow
/// for a radius of half a pixel.
pub(crate) fn rounded(doc: &mut Doc, r: Rect, class: &'static str, radius: f64) {
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

/// Write the legend, the same in both views: each swatch drawn as a mark
/// of its class, so it takes the colour the marks take.
pub(crate) fn emit_legend(doc: &mut Doc, legend: &[LegendItem]) {
    for item in legend {
        let r = item.swatch;
        match item.class.as_str() {
            "problem" => rounded(doc, r, "swatch-problem", 2.0),
            "" => rounded(doc, r, "mark", 2.0),
            class => {
                doc.open("g", &[("class", class.to_string().into())]);
                rounded(doc, r, "mark", 2.0);
                if let Some(&(mode, _)) = MODES.iter().find(|(m, _)| mode_class(*m) == class) {
                    hatch(doc, r, mode);
                }
                doc.close();
            }
        }
        item.label.emit(doc);
    }
}

/// Hatch a mark of a scene in `mode`, so memory, dream and imagined scenes
/// read apart from the rest (and from each other) in every view and in
/// grey: memory `/` lines, dream dotted rows, imagined `\\` lines. The
/// lines are cut to the rectangle here, so no clip path is needed. Marks
/// narrower or lower than 3 px keep only their outline style.
pub(crate) fn hatch(doc: &mut Doc, r: Rect, mode: Mode) {
    const STEP: f64 = 4.0;
    let (w, h) = (r.x1 - r.x0, r.y1 - r.y0);
    if w < 3.0 || h < 3.0 {
        return;
    }
    let mut d = String::new();
    let mut seg = |a: (f64, f64), b: (f64, f64)| {
        d.push('M');
        svg::push_num(&mut d, a.0);
        d.push(' ');
        svg::push_num(&mut d, a.1);
        d.push('L');
        svg::push_num(&mut d, b.0);
        d.push(' ');
        svg::push_num(&mut d, b.1);
    };
    let class = match mode {
        Mode::Dream => {
            let mut y = r.y0 + STEP / 2.0;
            while y < r.y1 {
                seg((r.x0, y), (r.x1, y));
                y += STEP;
            }
            "hatch hatch-dots"
        }
        Mode::Memory | Mode::Imagined => {
            // Lines x + y = c (y grows down, so `/`), each cut to the
            // rectangle; mirrored left to right for imagined (`\`).
            let mirror = mode == Mode::Imagined;
            let mut c = STEP / 2.0;
            while c < w + h {
                let (lo, hi) = ((c - h).max(0.0), c.min(w));
                let x = |v: f64| if mirror { r.x1 - v } else { r.x0 + v };
                seg((x(lo), r.y0 + c - lo), (x(hi), r.y0 + c - hi));
                c += STEP;
            }
            "hatch"
        }
    };
    doc.leaf("path", &[("class", class.into()), ("d", d.into())]);
}
