//! What makes the HTML report explorable (`docs/report.md`, "Exploring").
//!
//! Every scene's marks in both drawings, its chronology-table row and its
//! card carry `data-scene="ID"` (the scene id, as in the SVG files). The
//! page works without JavaScript: the **Scenes** section lists every scene
//! as a card (a `<details>` element: synopsis, cast with ages, place,
//! markers, story-time window, the constraints that bind it and the
//! diagnostics on it), and the filter bar stays hidden. With JavaScript a
//! small inline script ([`SCRIPT`], allowed by its hash in the page's
//! Content-Security-Policy, so nothing else can run) makes every scene mark
//! and row focusable: hovering or focusing a scene highlights it in both
//! drawings and the table, clicking (or Enter/Space) shows its card in a
//! panel, Escape closes it; filters by character, era and marker value and
//! a search box dim every scene that does not match.

use std::fmt::Write as _;

use crate::continuity::baseline::SceneIndex;
use crate::diagnostics::Diagnostic;
use crate::engine::Chronology;
use crate::model::{Scene, SceneId, Story};
use crate::present::when;
use crate::source::Sources;
use crate::text::escape::html as escape;

/// The page's rules for highlighting, dimming, the filter bar and the card
/// panel.
pub const STYLE: &str = "\
svg.chronotope g[data-scene]{cursor:pointer;outline:none}\
svg.chronotope g.hl .mark{stroke:var(--note);stroke-width:2.5;stroke-opacity:1}\
svg.chronotope g.hl .ribbon{fill-opacity:.75}svg.chronotope g.hl .ribbon-line{stroke-opacity:1}\
svg.chronotope g:focus-visible .mark{stroke:var(--note);stroke-width:3;stroke-opacity:1}\
tr.hl td{background:var(--panel);box-shadow:inset 0 -2px var(--note)}\
tr[data-scene]{cursor:pointer}tr[data-scene]:focus-visible{outline:2px solid var(--note)}\
.dim{opacity:.15}\
#filters{display:flex;flex-wrap:wrap;gap:.6em 1.2em;align-items:center;margin:0 0 1em;\
padding:.6em .8em;background:var(--panel);border:1px solid var(--line);border-radius:6px}\
#filters[hidden]{display:none}\
#filters label{display:flex;gap:.4em;align-items:center}\
#card{position:fixed;right:16px;bottom:16px;max-width:min(420px,90vw);max-height:70vh;\
overflow:auto;background:var(--bg);border:1px solid var(--line);border-radius:8px;\
box-shadow:0 4px 18px rgba(0,0,0,.25);padding:.4em 1em 1em;z-index:10}\
#card[hidden]{display:none}\
#card button{float:right;margin-top:.4em}\
details.card{border-bottom:1px solid var(--line);padding:.3em 0}\
details.card summary{cursor:pointer}\
dl.card{display:grid;grid-template-columns:max-content 1fr;gap:.1em .8em;margin:.4em 0}\
dl.card dt{color:var(--muted)}dl.card dd{margin:0}\
@media print{#filters,#card{display:none}}\
";

/// The script, inline. It only reads the page (the `data-*` attributes
/// below) and changes classes and the card panel; it loads nothing.
pub const SCRIPT: &str = r#"(function(){
"use strict";
var doc=document,by=new Map();
doc.querySelectorAll("[data-scene]").forEach(function(e){
  var k=e.getAttribute("data-scene");if(!by.has(k))by.set(k,[]);by.get(k).push(e);
});
var cards=new Map();
doc.querySelectorAll("details.card[data-scene]").forEach(function(c){cards.set(c.getAttribute("data-scene"),c);});
var panel=doc.getElementById("card"),body=doc.getElementById("card-body"),
    closer=doc.getElementById("card-close"),last=null;
function marks(k){return by.get(k)||[];}
function hl(k,on){marks(k).forEach(function(e){e.classList.toggle("hl",on);});}
function show(k,from){
  var c=cards.get(k);if(!c)return;
  body.innerHTML="";
  var h=doc.createElement("h3");h.textContent=c.querySelector("summary").textContent;body.appendChild(h);
  var dl=c.querySelector("dl");if(dl)body.appendChild(dl.cloneNode(true));
  panel.hidden=false;panel.setAttribute("data-scene-shown",k);last=from||null;closer.focus();
}
function hide(){panel.hidden=true;panel.removeAttribute("data-scene-shown");if(last)last.focus();}
closer.addEventListener("click",hide);
doc.addEventListener("keydown",function(ev){if(ev.key==="Escape"&&!panel.hidden)hide();});
by.forEach(function(list,k){list.forEach(function(e){
  if(e.tagName.toLowerCase()==="details")return;
  e.setAttribute("tabindex","0");
  if(e.tagName.toLowerCase()==="g")e.setAttribute("role","button");
  e.addEventListener("mouseenter",function(){hl(k,true);});
  e.addEventListener("mouseleave",function(){hl(k,false);});
  e.addEventListener("focus",function(){hl(k,true);});
  e.addEventListener("blur",function(){hl(k,false);});
  e.addEventListener("click",function(){show(k,e);});
  e.addEventListener("keydown",function(ev){
    if(ev.key==="Enter"||ev.key===" "){ev.preventDefault();show(k,e);}
  });
});});
var form=doc.getElementById("filters");
if(!form)return;
form.hidden=false;
var fields=["cast","era","markers"],inputs={};
fields.forEach(function(f){inputs[f]=doc.getElementById("filter-"+f);});
var search=doc.getElementById("filter-search");
function has(c,f,v){return !v||(c.getAttribute("data-"+f)||"").split("|").indexOf(v)>=0;}
function apply(){
  var q=search.value.trim().toLowerCase(),shown=0;
  cards.forEach(function(c,k){
    var ok=fields.every(function(f){return has(c,f,inputs[f]?inputs[f].value:"");})
      &&(!q||c.textContent.toLowerCase().indexOf(q)>=0);
    if(ok)shown++;
    marks(k).forEach(function(e){e.classList.toggle("dim",!ok);});
  });
  doc.getElementById("filter-count").textContent=shown+" of "+cards.size+" scenes";
}
fields.forEach(function(f){if(inputs[f])inputs[f].addEventListener("change",apply);});
search.addEventListener("input",apply);
form.addEventListener("submit",function(ev){ev.preventDefault();apply();});
apply();
})();"#;

/// The filter bar (hidden until the script shows it) and the card panel.
pub fn controls(out: &mut String, story: &Story, chronology: &Chronology) {
    let mut eras: Vec<&str> = chronology
        .placements
        .iter()
        .filter_map(|p| p.era.map(|e| story.era(e).name.as_str()))
        .collect();
    eras.sort_unstable();
    eras.dedup();
    let cast: Vec<&str> = story.characters.values().map(|c| c.name.as_str()).collect();
    let mut markers: Vec<String> = Vec::new();
    for m in story.markers.values() {
        for v in m.values.values() {
            markers.push(format!("{}: {}", m.name, v.name));
        }
    }
    out.push_str("<form id=\"filters\" hidden role=\"search\" aria-label=\"Filter scenes\">");
    select(out, "cast", "Character", &cast);
    select(out, "era", "Era", &eras);
    let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
    select(out, "markers", "Marker", &markers);
    out.push_str(
        "<label>Search <input id=\"filter-search\" type=\"search\" \
         placeholder=\"title, synopsis, place…\"></label>\
         <span id=\"filter-count\" class=\"muted\" aria-live=\"polite\"></span></form>\n",
    );
    out.push_str(
        "<aside id=\"card\" hidden aria-live=\"polite\" aria-label=\"Scene\">\
         <button id=\"card-close\" type=\"button\">Close</button>\
         <div id=\"card-body\"></div></aside>\n",
    );
}

/// One `<select>` of the filter bar (none when there is nothing to pick).
fn select(out: &mut String, field: &str, name: &str, values: &[&str]) {
    if values.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<label>{name} <select id=\"filter-{field}\"><option value=\"\">all</option>"
    );
    for v in values {
        let v = escape(v);
        let _ = write!(out, "<option value=\"{v}\">{v}</option>");
    }
    out.push_str("</select></label>");
}

/// The Scenes section: every scene's card, in telling order.
pub fn cards(
    out: &mut String,
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    diagnostics: &[Diagnostic],
) {
    // Diagnostics by the scene they fall in.
    let index = SceneIndex::new([story]);
    let mut on_scene: Vec<Vec<&Diagnostic>> = vec![Vec::new(); story.scenes.len()];
    for d in diagnostics {
        if let Some(span) = d.main_span() {
            if let Some(i) = story.scenes.get_index_of(index.scene_of(span)) {
                on_scene[i].push(d);
            }
        }
    }
    out.push_str(
        "<section id=\"scenes\">\n<h2>Scenes</h2>\n<p class=\"muted\">Every scene in telling \
         order; open one for its card. In the drawings and the tables, pick a scene to see \
         its card here.</p>\n",
    );
    for (i, diagnostics) in on_scene.iter().enumerate() {
        card(
            out,
            story,
            chronology,
            sources,
            SceneId(i as u32),
            diagnostics,
        );
    }
    out.push_str("</section>\n");
}

/// One scene's card: its summary line, then a row per field in reading
/// order.
fn card(
    out: &mut String,
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    id: SceneId,
    diagnostics: &[&Diagnostic],
) {
    let scene = story.scene(id);
    let markers: Vec<String> = scene
        .markers
        .iter()
        .map(|m| {
            let marker = story.marker(m.marker);
            let value = marker
                .values
                .get_index(m.value as usize)
                .map_or("", |(_, v)| v.name.as_str());
            format!("{}: {value}", marker.name)
        })
        .collect();
    let p = chronology.placements.get(id.index());
    let era = p
        .and_then(|p| p.era)
        .map(|e| story.era(e).name.as_str())
        .unwrap_or("");
    card_summary(out, story, id, era, &markers);
    card_fields(out, story, id, &markers);
    match p.filter(|p| p.chrono.is_some()) {
        Some(p) => {
            row(out, "story time", &escape(&when(story, p)));
            if !era.is_empty() {
                row(out, "era", &escape(era));
            }
        }
        None => row(out, "story time", "not placed (no story-time tags)"),
    }
    card_bindings(out, story.scene(id), sources, diagnostics);
    out.push_str("</dl></details>\n");
}

/// The card's `<details>` with the data the page's filters read (its
/// `data-scene` is the scene's key, as in the drawings: `WORK/SCENE` in a
/// series) and its summary line.
fn card_summary(out: &mut String, story: &Story, id: SceneId, era: &str, markers: &[String]) {
    let key = story.scene_name(id);
    let scene = story.scene(id);
    let names: Vec<&str> = scene
        .cast
        .iter()
        .map(|c| story.character(c.character).name.as_str())
        .collect();
    let title = if scene.title.trim().is_empty() {
        scene.id.as_str()
    } else {
        scene.title.as_str()
    };
    let _ = write!(
        out,
        "<details class=\"card\" id=\"card-{}\" data-scene=\"{}\" data-cast=\"{}\" \
         data-era=\"{}\" data-markers=\"{}\"><summary>{} <span class=\"muted\">{} · told {}</span>\
         </summary>\n<dl class=\"card\">",
        escape(key),
        escape(key),
        escape(&names.join("|")),
        escape(era),
        escape(&markers.join("|")),
        escape(title),
        escape(key),
        id.index() + 1,
    );
}

/// The rows a writer wrote: synopsis, cast with ages, place, markers, mode.
fn card_fields(out: &mut String, story: &Story, id: SceneId, markers: &[String]) {
    let scene = story.scene(id);
    if !scene.synopsis.is_empty() {
        row(out, "synopsis", &escape(&scene.synopsis.join(" ")));
    }
    if !scene.cast.is_empty() {
        let cast: Vec<String> = scene
            .cast
            .iter()
            .map(|c| {
                let name = &story.character(c.character).name;
                match c.age {
                    Some(age) => format!("{name} (age {age})"),
                    None => name.clone(),
                }
            })
            .collect();
        row(out, "cast", &escape(&cast.join(", ")));
    }
    if let Some(place) = &scene.place {
        row(out, "place", &escape(&place.text));
    }
    if !markers.is_empty() {
        row(out, "markers", &escape(&markers.join(", ")));
    }
    if let Some(mode) = scene.mode {
        row(
            out,
            "mode",
            crate::render::mode_class(mode).trim_start_matches("mode-"),
        );
    }
}

/// The scene's story-time tags as written, and the diagnostics on it.
fn card_bindings(out: &mut String, scene: &Scene, sources: &Sources, diagnostics: &[&Diagnostic]) {
    if !scene.constraints.is_empty() {
        let items: Vec<String> = scene
            .constraints
            .iter()
            .map(|c| format!("<code>{}</code>", escape(sources.slice(c.span).trim())))
            .collect();
        row(out, "bound by", &items.join("<br>"));
    }
    if !diagnostics.is_empty() {
        let items: Vec<String> = diagnostics
            .iter()
            .map(|d| {
                format!(
                    "<span class=\"sev sev-{0}\">{0}[{1}]</span> {2}",
                    d.severity().as_str(),
                    escape(d.code.as_str()),
                    escape(&d.message)
                )
            })
            .collect();
        row(out, "diagnostics", &items.join("<br>"));
    }
}

/// A `<dt>`/`<dd>` pair; `html` is already escaped.
fn row(out: &mut String, name: &str, html: &str) {
    let _ = write!(out, "<dt>{name}</dt><dd>{html}</dd>");
}

/// The Content-Security-Policy source for [`SCRIPT`]: the page may run
/// exactly this script and nothing else.
pub fn script_hash() -> String {
    csp_hash(SCRIPT)
}

/// CSP Level 2's hash source for an inline script: `'sha256-…'`, the
/// script's SHA-256 in standard base64 with padding.
fn csp_hash(script: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_hashes_are_standard_sha256_in_padded_standard_base64() {
        // FIPS 180-4's vectors; base64 with `+`, `/` and `=` padding, as
        // browsers compare it (the URL-safe alphabet or no padding would
        // not match).
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
        assert_eq!(
            csp_hash("abc"),
            "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='"
        );
        assert_eq!(script_hash(), csp_hash(SCRIPT));
    }
}
