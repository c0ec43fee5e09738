//! `chronotope report`: the HTML page, through the binary, and loaded in
//! headless Chromium.
//!
//! The browser test is `#[ignore]`d, so `cargo test` lists it as ignored
//! rather than passing it silently on a machine without Chromium; `.ci/run`
//! runs it with `--ignored` where Chromium is installed and prints a SKIP
//! line where it is not. What a page must be without a browser (one style
//! sheet, both drawings, nothing loaded from elsewhere) is checked always.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, Test};

// `\` continuations would eat the indentation, so lines are joined.
const STORY: &str = concat!(
    "title: Ferry <b>&</b> \"Rain\"\n",
    "era past: 2014 .. 2015\n",
    "character Semih\n",
    "\n",
    "scene ferry: Strangers <script>alert(1)</script>\n",
    "  story: 2014-05-17 18:00\n",
    "  cast: Semih\n",
    "\n",
    "scene rain: Caught in the rain\n",
    "  story: after ferry by 1d\n",
    "\n",
    "scene loose: Nowhere in time\n",
);

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

#[test]
fn one_story_writes_the_named_file_with_every_section() {
    let t = Test::new().file("story.scenes", STORY);
    let dir = t.dir().to_path_buf();
    let _run = t
        .args(&["report", "story.scenes", "-o", "out/page.html"])
        .run()
        .status(0)
        .stdout_contains("page.html");
    let html = read(&dir.join("out/page.html"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "<svg",
        "view-lanes",
        "view-curve",
        "id=\"chronology\"",
        "id=\"stats\"",
        "id=\"diagnostics\"",
        "prefers-color-scheme:dark",
        "@media print",
        "Content-Security-Policy",
    ] {
        assert!(html.contains(needle), "page lacks {needle:?}");
    }
    // Scene text is escaped: no markup from the file reaches the page.
    assert!(!html.contains("<script>alert"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "the page's own script only"
    );
    assert!(!html.contains("<b>"));
    assert!(html.contains("Strangers &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Ferry &lt;b&gt;&amp;&lt;/b&gt; &quot;Rain&quot;"));
    // Nothing is fetched from anywhere.
    assert!(!html.contains("src="), "no external resources");
    let outside = html.replace("http://www.w3.org/2000/svg", "");
    assert!(!outside.contains("http:") && !outside.contains("https:"));
    // The unplaced scene is listed apart.
    assert!(html.contains("Nowhere in time"));
}

#[test]
fn output_is_byte_identical_across_runs_and_leaves_no_temporary_files() {
    let t = Test::new().file("story.scenes", STORY);
    let dir = t.dir().to_path_buf();
    let _first = t
        .args(&["report", "story.scenes", "-o", "a.html"])
        .run()
        .status(0);
    let again = Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .args(["report", "story.scenes", "-o", "b.html"])
        .current_dir(&dir)
        .output()
        .expect("run chronotope");
    assert!(again.status.success());
    assert_eq!(read(&dir.join("a.html")), read(&dir.join("b.html")));
    let leftovers: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn several_stories_write_one_slug_page_each_into_a_directory() {
    let t = Test::new()
        .file(
            "s/a.scenes",
            "title: First Story\n\nscene a: A\n  story: 2020-01-01\n",
        )
        .file(
            "s/b.scenes",
            "title: Second Story\n\nscene b: B\n  story: 2020-01-02\n",
        )
        .file(
            "s/c.scenes",
            "title: First Story\n\nscene c: C\n  story: 2020-01-03\n",
        );
    let dir = t.dir().to_path_buf();
    let _run = t
        .args(&["report", "s", "-o", "reports"])
        .run()
        .status(0)
        .stderr_contains("writing first-story-2.html");
    for name in [
        "first-story.html",
        "second-story.html",
        "first-story-2.html",
    ] {
        assert!(
            read(&dir.join("reports").join(name)).contains("<svg"),
            "{name}"
        );
    }
}

#[test]
fn a_story_with_errors_gets_a_page_listing_them_and_exits_one() {
    let t = Test::new().file(
        "story.scenes",
        "title: Broken\n\nscene a: A\n  story: after nowhere\n",
    );
    let dir = t.dir().to_path_buf();
    let _run = t
        .args(&["report", "story.scenes", "-o", "broken.html"])
        .run()
        .status(1);
    let html = read(&dir.join("broken.html"));
    assert!(html.contains("Not analysed"));
    assert!(html.contains("sev-error"));
    assert!(html.contains("nowhere"));
    assert!(!html.contains("<svg"));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    Test::new()
        .args(&["report", "missing.scenes", "-o", "x.html"])
        .run()
        .status(2);
}

/// The page of every bundled story, written into `pages/` of a fresh test
/// directory; returns the directory (kept alive) and the pages, sorted.
fn bundled_pages() -> (common::Run, Vec<std::path::PathBuf>) {
    let t = Test::new();
    let dir = t.dir().to_path_buf();
    let scenes = repo().join("scenes");
    let run = t
        .args(&["report", scenes.to_str().unwrap(), "-o", "pages"])
        .run()
        .status(0);
    let mut pages: Vec<_> = std::fs::read_dir(dir.join("pages"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    pages.sort();
    assert!(pages.len() >= 4, "{pages:?}");
    (run, pages)
}

/// What the browser test proves, as far as it shows in the bytes: each
/// bundled page has one style sheet (the drawings carry none, since a
/// style sheet in inline SVG applies to the whole page), both drawings with
/// ids of their own, no script, and no link but to its own sections.
#[test]
fn bundled_pages_are_self_contained_without_a_browser() {
    let (_dir, pages) = bundled_pages();
    for page in &pages {
        let html = read(page);
        let name = page.display();
        assert_eq!(html.matches("<style>").count(), 1, "{name}");
        // Lanes, curve and storylines; a series' page adds its works view.
        let views = if html.contains("view-works") { 4 } else { 3 };
        assert_eq!(html.matches("<svg").count(), views, "{name}");
        for id in [
            "lanes-svg-title",
            "lanes-svg-desc",
            "curve-svg-title",
            "curve-svg-desc",
            "storylines-svg-title",
            "storylines-svg-desc",
        ] {
            assert_eq!(
                html.matches(&format!("id=\"{id}\"")).count(),
                1,
                "{name}: {id}"
            );
        }
        assert!(
            !html.contains("<?xml") && !html.contains("chronotope-title"),
            "{name}"
        );
        // One script, the page's own, allowed by its hash and nothing else.
        assert_eq!(html.matches("<script").count(), 1, "{name}");
        assert!(!html.contains("src="), "{name}");
        assert!(html.contains("script-src 'sha256-"), "{name}");
        assert!(html.contains("data-scene=\""), "{name}");
        let links = html.split("href=\"").skip(1);
        assert!(links.clone().all(|l| l.starts_with('#')), "{name}");
        assert!(links.count() >= 4, "{name}: the navigation");
        assert!(html.contains("default-src 'none'"), "{name}");
    }
}

/// Load every bundled story's page in headless Chromium and require that it
/// renders (the DOM comes back with both SVGs) without one console message:
/// the page's Content-Security-Policy turns any script or any fetch into a
/// console error, so this also proves the page is self-contained. Run on
/// request only; without Chromium it fails rather than pass unseen.
#[test]
#[ignore = "needs headless Chromium: cargo test --test report -- --ignored (.ci/run does where Chromium is installed)"]
fn pages_render_in_headless_chromium_without_console_errors() {
    let (_dir, pages) = bundled_pages();
    for page in pages.iter().take(2) {
        for dark in [false, true] {
            let run = common::chromium(page, dark);
            let dom = &run.dom;
            assert!(
                run.console.is_empty(),
                "{} (dark: {dark}) logged to the console:\n{}",
                page.display(),
                run.console.join("\n")
            );
            assert!(run.success, "chromium failed:\n{}", run.log);
            assert_eq!(dom.matches("<svg").count(), 3, "{}", page.display());
            assert!(dom.contains("id=\"chronology\""));
        }
    }
}

/// The browser to drive, if this machine has one.
fn chromium() -> &'static str {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("no chromium on this machine (`apt-get install chromium`)")
}

fn dump_dom(browser: &str, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--dump-dom",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    let out = cmd
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Drives the page as a reader would, with real DOM events (the page's own
/// listeners do the work), and writes what it saw as JSON into
/// `<pre id="driver">`. Test-only: it is added to a copy of the page.
const DRIVER: &str = r#"<script>(function(){
var r={},d=document;
function lit(sel){return Array.prototype.map.call(d.querySelectorAll(sel),function(e){return e.getAttribute("data-scene");});}
var block=d.querySelector("svg.view-lanes g[data-scene]:not(.unplaced)"),id=block.getAttribute("data-scene");
r.id=id;
block.dispatchEvent(new MouseEvent("mouseenter"));
r.hover_lanes=lit("svg.view-lanes g.hl");r.hover_curve=lit("svg.view-curve g.hl");r.hover_rows=lit("tr.hl");
block.dispatchEvent(new MouseEvent("mouseleave"));
r.after_leave=d.querySelectorAll(".hl").length;
block.dispatchEvent(new MouseEvent("click",{bubbles:true}));
var card=d.getElementById("card");
r.click_card=card.hidden?null:card.getAttribute("data-scene-shown");
r.click_text=d.getElementById("card-body").textContent;
d.dispatchEvent(new KeyboardEvent("keydown",{key:"Escape",bubbles:true}));
r.escape_closed=card.hidden;
var rows=d.querySelectorAll("tr[data-scene]"),row=rows[rows.length-1],rid=row.getAttribute("data-scene");
r.row_id=rid;r.row_tabindex=row.getAttribute("tabindex");
row.focus();
r.focus_active=d.activeElement===row;r.focus_marks=lit("svg g.hl");
row.dispatchEvent(new KeyboardEvent("keydown",{key:"Enter",bubbles:true}));
r.enter_card=card.hidden?null:card.getAttribute("data-scene-shown");
d.dispatchEvent(new KeyboardEvent("keydown",{key:"Escape",bubbles:true}));
r.focus_back=d.activeElement===row;
var sel=d.getElementById("filter-cast");
r.character=sel.options[sel.options.length-1].value;sel.value=r.character;sel.dispatchEvent(new Event("change"));
r.full=[];r.dimmed=[];
d.querySelectorAll("svg.view-lanes g[data-scene]").forEach(function(g){
  (getComputedStyle(g).opacity==="1"?r.full:r.dimmed).push(g.getAttribute("data-scene"));});
r.rows_dimmed=lit("tr.dim");
sel.value="";sel.dispatchEvent(new Event("change"));
r.cleared=d.querySelectorAll(".dim").length;
var q=d.getElementById("filter-search"),t=block.querySelector("title").textContent.split("\n")[0],dash=t.indexOf(" \u2014 ");
q.value=(dash>=0?t.slice(dash+3):t).slice(0,12);
q.dispatchEvent(new Event("input"));r.search_full=lit("svg.view-lanes g[data-scene]:not(.dim)");
var pre=d.createElement("pre");pre.id="driver";pre.textContent=JSON.stringify(r);d.body.appendChild(pre);
})();</script>"#;

/// The driver's report, from the dumped DOM.
fn driver_report(dom: &str) -> serde_json::Value {
    let start = dom.find("<pre id=\"driver\">").expect("the driver ran") + 17;
    let end = start + dom[start..].find("</pre>").expect("end of report");
    let json = dom[start..end]
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// Hover, click, keyboard and filter paths of the report in headless
/// Chromium, on the reference story: hovering a telling block lights the
/// same scene in the curve and its table row; clicking shows its card;
/// Escape closes it; a focused row highlights its marks and Enter opens its
/// card; a character filter leaves exactly that character's scenes (worked
/// out here from the story itself) at full opacity.
#[test]
#[ignore = "needs headless Chromium: cargo test --test report -- --ignored (.ci/run does where Chromium is installed)"]
fn report_reacts_to_hover_click_filter_and_keyboard_in_chromium() {
    let browser = chromium();
    let t = Test::new();
    let dir = t.dir().to_path_buf();
    let story = repo().join("scenes/dont-leave.scenes");
    let _run = t
        .args(&["report", story.to_str().unwrap(), "-o", "page.html"])
        .run()
        .status(0);
    let html = read(&dir.join("page.html"));
    // A copy that also runs the driver: the page's policy allows only its
    // own script, so the copy allows inline scripts.
    let start = html.find("script-src '").expect("a script hash");
    let end = start + html[start..].find('"').expect("end of the policy");
    let driven = format!(
        "{}script-src 'unsafe-inline'{}",
        &html[..start],
        &html[end..]
    )
    .replace("</body>", &format!("{DRIVER}\n</body>"));
    std::fs::write(dir.join("driven.html"), driven).unwrap();
    let r = driver_report(&dump_dom(browser, &dir.join("driven.html")));
    let id = r["id"].as_str().unwrap().to_string();
    assert_eq!(strings(&r["hover_lanes"]), std::slice::from_ref(&id));
    assert_eq!(strings(&r["hover_curve"]), std::slice::from_ref(&id));
    assert_eq!(strings(&r["hover_rows"]), std::slice::from_ref(&id));
    assert_eq!(r["after_leave"], 0);
    assert_eq!(r["click_card"].as_str(), Some(id.as_str()));
    assert!(r["click_text"].as_str().unwrap().contains("story time"));
    assert_eq!(r["escape_closed"], true);
    let rid = r["row_id"].as_str().unwrap().to_string();
    assert_eq!(r["row_tabindex"], "0");
    assert_eq!(r["focus_active"], true);
    // Its marks light up in every view that draws it: the lanes and the
    // curve always, the storylines when it has a cast.
    let marks = strings(&r["focus_marks"]);
    assert!((2..=3).contains(&marks.len()), "{marks:?}");
    assert!(marks.iter().all(|m| *m == rid), "{marks:?}");
    assert_eq!(r["enter_card"].as_str(), Some(rid.as_str()));
    assert_eq!(r["focus_back"], true);

    // The character filter, checked against the story itself.
    let character = r["character"].as_str().unwrap();
    let ws = chronotope::workspace::Workspace::load(&[story]);
    let loaded = ws.resolve().remove(0);
    let s = &loaded.story;
    let mut expected: Vec<String> = s
        .scenes
        .values()
        .filter(|sc| {
            sc.cast
                .iter()
                .any(|c| s.character(c.character).name == character)
        })
        .map(|sc| sc.id.to_string())
        .collect();
    let mut full = strings(&r["full"]);
    expected.sort();
    full.sort();
    assert!(!expected.is_empty() && expected.len() < s.scenes.len());
    assert_eq!(full, expected, "{character}");
    assert_eq!(
        full.len() + strings(&r["dimmed"]).len(),
        s.scenes.len(),
        "every scene is either lit or dimmed"
    );
    assert!(!strings(&r["rows_dimmed"]).is_empty());
    assert_eq!(r["cleared"], 0);
    assert!(strings(&r["search_full"]).contains(&id));
}

/// With JavaScript off the page is the static report: every scene's card is
/// there to open, the filter bar stays hidden, nothing is made focusable.
#[test]
#[ignore = "needs headless Chromium: cargo test --test report -- --ignored (.ci/run does where Chromium is installed)"]
fn report_makes_sense_without_javascript() {
    let browser = chromium();
    let (_dir, pages) = bundled_pages();
    let page = pages
        .iter()
        .find(|p| p.ends_with("dont-leave.html"))
        .expect("the reference page");
    // Chromium's `--dump-dom` reads the page back through script, so
    // `scriptEnabled=false` leaves it nothing to print: JavaScript off is
    // the page without its one script instead, loaded as it is.
    let html = read(page);
    let (start, end) = (
        html.find("<script").expect("the page's script"),
        html.find("</script>").expect("its end") + "</script>".len(),
    );
    let static_page = page.with_file_name("static.html");
    std::fs::write(&static_page, format!("{}{}", &html[..start], &html[end..])).unwrap();
    let dom = dump_dom(browser, &static_page);
    assert!(!dom.is_empty(), "chromium printed no DOM");
    let cards = dom.matches("<details class=\"card\"").count();
    assert!(cards >= 10, "{cards} cards");
    assert!(dom.contains("<form id=\"filters\" hidden"));
    assert!(!dom.contains("tabindex"));
    assert!(dom.contains("<aside id=\"card\" hidden"));
}
