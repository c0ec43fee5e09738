//! Light and dark colour themes, and the style sheet the views embed.
//!
//! Every mark carries CSS classes (`scene`, `era-past`, `c0` …) and takes its
//! colours from one `<style>` element, so a user can restyle a view by
//! editing or overriding that sheet; the layout never depends on colour.

use std::fmt::Write;

/// Which theme to draw with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ThemeName {
    /// Dark text on white.
    #[default]
    Light,
    /// Light text on near-black.
    Dark,
}

/// The colours of one theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Background.
    pub background: &'static str,
    /// Titles and labels.
    pub text: &'static str,
    /// Secondary text (subtitles, axis labels).
    pub muted: &'static str,
    /// Axis lines and ticks.
    pub axis: &'static str,
    /// Faint grid lines and lane backgrounds.
    pub grid: &'static str,
    /// Lane background fill.
    pub lane: &'static str,
    /// Fill of scenes without a coloured marker.
    pub neutral: &'static str,
    /// Outline of every scene mark, so dark marker colours stay visible on a
    /// dark background (and pale ones on white).
    pub outline: &'static str,
    /// Contradictions and other problems.
    pub problem: &'static str,
    /// Era bands, alternating.
    pub bands: [&'static str; 2],
}

impl Theme {
    /// The theme called `name`.
    pub fn get(name: ThemeName) -> Theme {
        match name {
            ThemeName::Light => Theme {
                background: "#ffffff",
                text: "#1f2328",
                muted: "#59636e",
                axis: "#818b98",
                grid: "#d1d9e0",
                lane: "#f6f8fa",
                neutral: "#a7b0ba",
                outline: "#1f2328",
                problem: "#cf222e",
                bands: ["#f3f5f8", "#e9edf2"],
            },
            ThemeName::Dark => Theme {
                background: "#0d1117",
                text: "#e6edf3",
                muted: "#9198a1",
                axis: "#656c76",
                grid: "#2a313a",
                lane: "#151b23",
                neutral: "#6e7681",
                outline: "#e6edf3",
                problem: "#ff6b61",
                bands: ["#161c24", "#1d242e"],
            },
        }
    }

    /// The style sheet: one rule per class the views use, then one fill per
    /// palette entry (`.c0`, `.c1` …, the marker colours).
    pub fn css(&self, palette: &[String]) -> String {
        let t = self;
        let mut s = String::new();
        let _ = write!(
            s,
            ".bg{{fill:{bg}}}\
             .title{{fill:{text}}}\
             .subtitle,.axis-label,.lane-label,.legend-label,.break-label{{fill:{muted}}}\
             .label,.key-number,.key-label{{fill:{text}}}\
             .leader{{stroke:{muted};stroke-width:0.75}}\
             .problem-note{{fill:{problem}}}\
             .axis{{stroke:{axis};stroke-width:1;fill:none}}\
             .tick{{stroke:{axis};stroke-width:1}}\
             .grid{{stroke:{grid};stroke-width:1}}\
             .lane{{fill:{lane}}}\
             .break{{stroke:{axis};stroke-width:1.5;fill:none}}\
             .band-0{{fill:{b0}}}.band-1{{fill:{b1}}}\
             .band-label{{fill:{muted}}}\
             .mark{{fill:{neutral};stroke:{outline};stroke-opacity:0.45;stroke-width:0.75}}\
             .span{{fill:{neutral};fill-opacity:0.45;stroke:none}}\
             .ribbon{{fill:{neutral};fill-opacity:0.32;stroke:none}}\
             .ribbon-line{{fill:none;stroke:{neutral};stroke-opacity:0.35}}\
             .curve{{fill:none;stroke:{muted};stroke-width:1.5;stroke-linejoin:round}}\
             .repeat .mark{{fill-opacity:0.35;stroke-dasharray:2 1.5;stroke-opacity:0.9}}\
             .mode-memory .mark{{stroke:{text};stroke-opacity:0.9;stroke-width:1.5;stroke-dasharray:4 2}}\
             .mode-dream .mark{{stroke:{text};stroke-opacity:0.9;stroke-width:1.5;stroke-dasharray:1 2;stroke-linecap:round}}\
             .mode-imagined .mark{{fill-opacity:0.5;stroke:{text};stroke-opacity:0.9;stroke-width:2}}\
             .hatch{{fill:none;stroke:{text};stroke-opacity:0.35;stroke-width:0.75}}\
             .hatch-dots{{stroke-dasharray:1 3;stroke-width:1.5}}\
             .contradiction .mark{{stroke:{problem};stroke-opacity:1;stroke-width:2}}\
             .swatch-problem{{fill:none;stroke:{problem};stroke-width:2}}",
            bg = t.background,
            text = t.text,
            muted = t.muted,
            problem = t.problem,
            axis = t.axis,
            grid = t.grid,
            lane = t.lane,
            b0 = t.bands[0],
            b1 = t.bands[1],
            neutral = t.neutral,
            outline = t.outline,
        );
        for (i, colour) in palette.iter().enumerate() {
            // Ribbons and spans are drawn faint, so a colour close to the
            // background (dark hair on a dark theme) is lifted towards the
            // text colour until it stands out.
            let faint = lift(colour, t.background, t.text);
            let _ = write!(
                s,
                ".c{i} .mark,.c{i}.mark{{fill:{colour}}}.c{i} .span{{fill:{faint}}}\
                 .c{i} .ribbon{{fill:{faint}}}.c{i} .ribbon-line{{stroke:{faint}}}"
            );
        }
        s
    }
}

fn rgb(c: &str) -> [f64; 3] {
    let hex = c.trim_start_matches('#');
    let hex: String = if hex.len() == 3 {
        hex.chars().flat_map(|c| [c, c]).collect()
    } else {
        hex.to_string()
    };
    let ch = |i: usize| {
        f64::from(u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128))
    };
    [ch(0), ch(2), ch(4)]
}

/// Perceived lightness difference is approximated by the distance of the
/// mean channel; good enough to decide whether a faint mark would vanish.
pub(crate) fn lift(colour: &str, background: &str, towards: &str) -> String {
    let (c, b, t) = (rgb(colour), rgb(background), rgb(towards));
    let mean = |v: [f64; 3]| (v[0] + v[1] + v[2]) / 3.0;
    let mut mix = 0.0;
    let mut out = c;
    while (mean(out) - mean(b)).abs() < 70.0 && mix < 0.7 {
        mix += 0.1;
        out = [0, 1, 2].map(|k| c[k] + (t[k] - c[k]) * mix);
    }
    format!(
        "#{:02x}{:02x}{:02x}",
        out[0].round() as u8,
        out[1].round() as u8,
        out[2].round() as u8
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dark_colours_are_lifted_on_a_dark_background() {
        let dark = Theme::get(ThemeName::Dark);
        assert_ne!(lift("#2b1d14", dark.background, dark.text), "#2b1d14");
        let light = Theme::get(ThemeName::Light);
        assert_eq!(lift("#2b1d14", light.background, light.text), "#2b1d14");
    }
}
