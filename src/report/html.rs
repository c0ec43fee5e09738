//! One self-contained HTML page per story (`chronotope report`).
//!
//! The page holds both SVG views inline, the chronology table, the stats and
//! the diagnostics. It loads nothing: no scripts, fonts, images or style
//! sheets from elsewhere, and a Content-Security-Policy that forbids them,
//! so it can be mailed or archived as one file. Light and dark follow
//! `prefers-color-scheme`; print always uses the light colours.
//!
//! Every text that comes from a scene file goes through [`escape`]
//! (`text::escape::html`), whose rules are the SVG writer's too. The SVGs are
//! drawn for inline use ([`render::Target::Inline`]): no XML declaration
//! (it means nothing inside HTML), ids unique on the page, and no `<style>`
//! elements, because a style sheet inside inline SVG applies to the whole
//! page. The page's style sheet carries their rules instead, scoped to the
//! drawings: the views' light and dark themes, and each view's own extras.
//! The output depends only on the input (no clock, no environment), so two
//! runs give the same bytes.

use std::fmt::Write as _;

use crate::diagnostics::{human, Diagnostic, Tally};
use crate::engine::stats::stats;
use crate::engine::Chronology;
use crate::model::Story;
use crate::present::when_on;
use crate::render::{self, Common, Target, Theme, ThemeName, View};
use crate::report::interactive;
use crate::report::order::{jumps, AHEAD, BACK, NEXT};
use crate::source::Sources;
use crate::text::escape::html as escape;

/// What one page shows.
#[derive(Clone, Copy, Debug)]
pub struct Page<'a> {
    /// The story.
    pub story: &'a Story,
    /// Its chronology, when the engine could run (no syntax or reference
    /// errors); without one the page shows only the diagnostics.
    pub chronology: Option<&'a Chronology>,
    /// The diagnostics that belong to the story, as `check` reports them.
    pub diagnostics: &'a [Diagnostic],
    /// The loaded text, to quote the diagnostics' source lines.
    pub sources: &'a Sources,
}

/// The page's own style: layout, then colours as custom properties so the
/// dark scheme only swaps values.
const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1f2328;--muted:#59636e;--bg:#ffffff;--panel:#f6f8fa;\
--line:#d1d9e0;--error:#cf222e;--warning:#9a6700;--note:#0969da}\
@media screen and (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9198a1;\
--bg:#0d1117;--panel:#151b23;--line:#2a313a;--error:#ff6b61;--warning:#d29922;--note:#4493f8}}\
*{box-sizing:border-box}\
body{margin:0 auto;max-width:1200px;padding:24px;font:15px/1.5 system-ui,-apple-system,\
'Segoe UI',sans-serif;color:var(--fg);background:var(--bg)}\
h1{font-size:1.8em;margin:0 0 .2em}h2{font-size:1.3em;margin:1.6em 0 .6em;\
border-bottom:1px solid var(--line);padding-bottom:.2em}\
.summary,.muted{color:var(--muted)}\
nav ul{list-style:none;padding:0;display:flex;gap:1.2em;flex-wrap:wrap}\
a{color:var(--note)}\
figure{margin:0 0 1.5em;overflow-x:auto}figcaption{color:var(--muted);margin-bottom:.4em}\
svg.chronotope{display:block;max-width:100%;height:auto}\
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}\
th,td{text-align:left;padding:.25em .6em;border-bottom:1px solid var(--line);vertical-align:top}\
th{background:var(--panel)}td.num{text-align:right}\
tr.contradiction td:first-child{color:var(--error);font-weight:bold}\
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.8em;\
overflow-x:auto;font:13px/1.4 ui-monospace,'DejaVu Sans Mono',monospace}\
ul.diagnostics{list-style:none;padding:0}ul.diagnostics li{margin-bottom:1em}\
.sev{font-weight:bold}.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}\
.sev-note{color:var(--note)}\
@media print{body{max-width:none;padding:0;font-size:11pt}nav{display:none}\
figure,tr,li{break-inside:avoid}h2{break-after:avoid}pre{white-space:pre-wrap}\
a{color:inherit;text-decoration:none}}\
";

/// The page for one story, a complete HTML document.
pub fn page(p: &Page) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = escape(&p.story.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src {}\">\n\
         <meta name=\"generator\" content=\"chronotope\">\n\
         <title>{title} — chronotope report</title>\n<style>\n{STYLE}{}\n",
        interactive::script_hash(),
        interactive::STYLE
    );
    // Drawn first: their style sheets go into the page's head.
    let views: Vec<(View, String)> = match p.chronology {
        Some(c) => {
            let palette = Common::new(p.story, c).palette;
            let light = Theme::get(ThemeName::Light).css(&palette);
            let dark = Theme::get(ThemeName::Dark).css(&palette);
            let _ = writeln!(
                out,
                "{}\n@media screen and (prefers-color-scheme:dark){{{}}}",
                scoped(&light, "svg.chronotope"),
                scoped(&dark, "svg.chronotope")
            );
            View::ALL
                .into_iter()
                .chain(p.story.has_works().then_some(View::Works))
                .map(|v| {
                    let (svg, css) = inline_svg(p.story, c, v);
                    out.push_str(&css);
                    (v, svg)
                })
                .collect()
        }
        None => Vec::new(),
    };
    out.push_str("\n</style>\n</head>\n<body>\n");
    let _ = writeln!(out, "<header>\n<h1>{title}</h1>");
    let tally = Tally::of(p.diagnostics);
    let scenes = p.story.scenes.len();
    let _ = write!(
        out,
        "<p class=\"summary\">{} · {}",
        crate::text::plural(scenes, "scene", "scenes"),
        escape(&tally.summary(p.story.files.len()))
    );
    if let Some(c) = p.chronology {
        let _ = write!(out, " · {} placed in story order", c.order.len());
    }
    out.push_str("</p>\n");
    out.push_str("<nav><ul>");
    if p.chronology.is_some() {
        out.push_str(
            "<li><a href=\"#timelines\">Timelines</a></li>\
             <li><a href=\"#chronology\">Chronology</a></li>\
             <li><a href=\"#scenes\">Scenes</a></li>\
             <li><a href=\"#stats\">Stats</a></li>\
             <li><a href=\"#characters\">Characters</a></li>",
        );
        if p.story.scenes.values().any(|s| !s.looks.is_empty()) {
            out.push_str("<li><a href=\"#wardrobe\">Wardrobe</a></li>");
        }
        if p.story.has_works() {
            out.push_str("<li><a href=\"#works\">Works</a></li>");
        }
    }
    out.push_str(
        "<li><a href=\"#diagnostics\">Diagnostics</a></li></ul></nav>\n</header>\n<main>\n",
    );
    match p.chronology {
        Some(c) => {
            interactive::controls(&mut out, p.story, c);
            timelines(&mut out, &views);
            out.push_str(&crate::report::works::html_section(p.story, c));
            chronology(&mut out, p.story, c);
            interactive::cards(&mut out, p.story, c, p.sources, p.diagnostics);
            stats_section(&mut out, p.story, c);
            super::characters::html_section(&mut out, p.story, c);
            crate::report::wardrobe::section(&mut out, p.story, c);
        }
        None => out.push_str(
            "<p class=\"muted\">Not analysed: the story has syntax or reference errors \
             (below); fix them to see its timelines, chronology and stats.</p>\n",
        ),
    }
    diagnostics(&mut out, p.sources, p.diagnostics);
    out.push_str("</main>\n");
    if p.chronology.is_some() {
        let _ = writeln!(out, "<script>{}</script>", interactive::SCRIPT);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Prefix every selector of a flat style sheet (`a,b{…}c{…}`, as the
/// themes write it: no nesting, no at-rules) with `scope`.
fn scoped(css: &str, scope: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    for rule in css.split_inclusive('}') {
        match rule.split_once('{') {
            Some((selectors, body)) => {
                for (i, s) in selectors.split(',').enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{scope} {}", s.trim());
                }
                out.push('{');
                out.push_str(body);
            }
            None => out.push_str(rule),
        }
    }
    out
}

/// One view as inline SVG, and its own style rules beyond the theme scoped
/// to it: the renderer leaves out the XML declaration and the style
/// sheets, and starts its ids with the view's name so they are unique on
/// the page.
fn inline_svg(story: &Story, chronology: &Chronology, view: View) -> (String, String) {
    let name = view.name();
    let id_prefix = format!("{name}-svg-");
    let drawing = render::draw(
        story,
        chronology,
        view,
        ThemeName::Light,
        Target::Inline {
            id_prefix: &id_prefix,
        },
    );
    let css = if drawing.css.is_empty() {
        String::new()
    } else {
        scoped(&drawing.css, &format!("svg.view-{name}"))
    };
    (drawing.svg, css)
}

fn timelines(out: &mut String, views: &[(View, String)]) {
    out.push_str("<section id=\"timelines\">\n<h2>Timelines</h2>\n");
    for (view, svg) in views {
        let caption = match view {
            View::Lanes => "Telling (above) and story-time (below), joined by ribbons.",
            View::Curve => "The story curve: telling order across, story order down.",
            View::Works => {
                "The works: each a bar over its story-time, in telling order top to bottom."
            }
            View::Storylines => "Storylines: each character's line through the story order; who shares a scene runs through its block together.",
        };
        let _ = write!(
            out,
            "<figure>\n<figcaption>{caption}</figcaption>\n{svg}</figure>\n"
        );
    }
    out.push_str("</section>\n");
}

fn chronology(out: &mut String, story: &Story, chronology: &Chronology) {
    out.push_str("<section id=\"chronology\">\n<h2>Chronology</h2>\n");
    if chronology.order.is_empty() {
        out.push_str("<p class=\"muted\">No scene is placed: none has story-time tags.</p>\n");
    } else {
        out.push_str(
            "<table>\n<thead><tr><th>#</th><th>id</th><th>title</th><th>story time</th>\
             <th>era</th><th>day</th><th>told</th><th>jump</th></tr></thead>\n<tbody>\n",
        );
        let jumps = jumps(&story.calendar, chronology);
        let mut flagged = false;
        for (pos, &id) in chronology.order.iter().enumerate() {
            let p = &chronology.placements[id.index()];
            flagged |= p.in_contradiction;
            let era = p.era.map(|e| story.era(e).name.as_str()).unwrap_or("");
            let _ = writeln!(
                out,
                "<tr data-scene=\"{}\"{}><td class=\"num\">{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                escape(story.scene_name(id)),
                if p.in_contradiction {
                    " class=\"contradiction\""
                } else {
                    ""
                },
                pos + 1,
                if p.in_contradiction { "!" } else { "" },
                escape(story.scene_name(id)),
                escape(&story.scene(id).title),
                escape(&when_on(story, p)),
                escape(era),
                escape(p.day_label.as_deref().unwrap_or("")),
                id.index() + 1,
                escape(jumps[id.index()].as_deref().unwrap_or("")),
            );
        }
        out.push_str("</tbody>\n</table>\n");
        let _ = writeln!(
            out,
            "<p class=\"muted\">jump: from the scene told before; {BACK} back, {NEXT} to the \
             next scene, {AHEAD} further ahead.{}</p>",
            if flagged {
                " !: part of a contradiction; its bounds are not reliable."
            } else {
                ""
            }
        );
    }
    if !chronology.unplaced.is_empty() {
        out.push_str(
            "<h3>Not placed (no story-time tags)</h3>\n<table>\n<thead><tr><th>told</th>\
             <th>id</th><th>title</th></tr></thead>\n<tbody>\n",
        );
        for &id in &chronology.unplaced {
            let _ = writeln!(
                out,
                "<tr data-scene=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(story.scene_name(id)),
                id.index() + 1,
                escape(story.scene_name(id)),
                escape(&story.scene(id).title)
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

/// The stats as `chronotope stats` prints them: its aligned columns are the
/// layout, so they stay preformatted.
fn stats_section(out: &mut String, story: &Story, chronology: &Chronology) {
    let text = super::stats::text(story, &stats(story, chronology));
    let _ = write!(
        out,
        "<section id=\"stats\">\n<h2>Stats</h2>\n<pre>{}</pre>\n</section>\n",
        escape(&text)
    );
}

fn diagnostics(out: &mut String, sources: &Sources, all: &[Diagnostic]) {
    out.push_str("<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n");
    if all.is_empty() {
        out.push_str("<p class=\"muted\">No problems found.</p>\n");
    } else {
        out.push_str("<ul class=\"diagnostics\">\n");
        for d in all {
            let sev = d.severity().as_str();
            let place = d
                .main_span()
                .map(|s| {
                    let at = sources.get(s.file).line_col(s.start);
                    format!(
                        "{}:{}:{}",
                        human::display_path(sources, s),
                        at.line,
                        at.column
                    )
                })
                .unwrap_or_default();
            // The snippet is `check`'s own drawing, uncoloured.
            let snippet = human::render(sources, d, human::Style::default());
            let _ = writeln!(
                out,
                "<li><span class=\"sev sev-{sev}\">{sev}[{}]</span> {} <span class=\"muted\">{}</span>\
                 <pre>{}</pre></li>",
                escape(d.code.as_str()),
                escape(&d.message),
                escape(&place),
                escape(&snippet)
            );
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    fn page_of(text: &str) -> String {
        let ws = Workspace::from_text("t.scenes", text);
        let loaded = ws.resolve().remove(0);
        let chronology = crate::engine::analyze(&loaded.story, &ws.sources);
        page(&Page {
            story: &loaded.story,
            chronology: Some(&chronology),
            diagnostics: &loaded.diagnostics,
            sources: &ws.sources,
        })
    }

    #[test]
    fn scene_text_is_escaped_everywhere() {
        let html = page_of(
            "title: <script>alert(1)</script>\n\nscene a: <img src=x onerror=alert(1)>\n  story: 2020-01-01\n",
        );
        // The one script is the page's own, after everything else.
        assert_eq!(html.matches("<script").count(), 1, "{html}");
        assert!(html.contains(&format!("<script>{}</script>", interactive::SCRIPT)));
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    }

    #[test]
    fn the_svgs_keep_no_style_sheet_or_shared_ids() {
        let html = page_of("title: T\n\nscene a: A\n  story: 2020-01-01\n");
        assert_eq!(html.matches("<style>").count(), 1);
        assert!(!html.contains("<?xml"));
        assert!(!html.contains("chronotope-title"));
        assert!(html.contains("id=\"lanes-svg-title\""));
        assert!(html.contains("id=\"curve-svg-title\""));
        assert!(html.contains("svg.chronotope .bg{"));
        assert!(html.contains("svg.view-lanes .on-dark{"));
    }

    #[test]
    fn scoping_prefixes_every_selector() {
        assert_eq!(
            scoped(".a,.b .c{x:1}.d{y:2}", "svg"),
            "svg .a,svg .b .c{x:1}svg .d{y:2}"
        );
    }
}
