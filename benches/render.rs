//! `render` speed and size: draw both views of two generated 100,000-scene
//! stories and report time and bytes.
//!
//! ```text
//! cargo bench --bench render                      # 100,000 scenes
//! cargo bench --bench render -- --scenes 20000    # smaller stories
//! cargo bench --bench render -- --out DIR         # also keep the SVGs
//! ```
//!
//! The stories: `long`, shaped like a real film (dated and relative scenes,
//! two eras), and `floating`, made only of pairs of scenes placed relative
//! to each other and to nothing else, so the axis gets one part per pair
//! (issue 19: a pass per part over the parts made this quadratic).
//!
//! The timed work is what `chronotope render` does per view once the story
//! is checked: lay the view out and write the SVG text. Targets: under 1 s
//! and under 50 MB per view.

use std::path::PathBuf;
use std::time::Instant;

use chronotope::engine;
use chronotope::render::{render, ThemeName, View};
use chronotope::workspace::Workspace;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut scenes = 100_000;
    let mut runs = 3;
    let mut keep: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scenes" => scenes = args.next().and_then(|n| n.parse().ok()).unwrap_or(scenes),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            // Write the SVGs into a directory, to look at them.
            "--out" => keep = args.next().map(PathBuf::from),
            // `cargo bench` passes `--bench`; ignore it and any filter.
            _ => {}
        }
    }
    for (shape, text) in [("long", story(scenes)), ("floating", floating(scenes))] {
        bench(shape, &text, runs, keep.as_deref());
    }
}

/// Load, analyse and draw one story `runs` times per view; print the best
/// and median times and the size.
fn bench(shape: &str, text: &str, runs: usize, keep: Option<&std::path::Path>) {
    let dir = std::env::temp_dir().join(format!("chronotope-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path: PathBuf = dir.join("generated.scenes");
    std::fs::write(&path, text).expect("write the story");
    let ws = Workspace::load(std::slice::from_ref(&path));
    let loaded = ws.resolve().remove(0);
    let started = Instant::now();
    let chronology = engine::analyze(&loaded.story, &ws.sources);
    println!(
        "{shape}: {} scenes, {} placed; engine {:.2} s (not counted below)",
        loaded.story.scenes.len(),
        chronology.order.len(),
        started.elapsed().as_secs_f64()
    );
    println!("view     best      median    size");
    for view in View::ALL {
        let mut times = Vec::new();
        let mut size = 0;
        for _ in 0..runs.max(1) {
            let t = Instant::now();
            let svg = render(&loaded.story, &chronology, view, ThemeName::Light);
            times.push(t.elapsed().as_secs_f64());
            size = svg.len();
            if let Some(dir) = keep {
                let name = format!("generated-{shape}.{}.svg", view.name());
                std::fs::write(dir.join(name), &svg).expect("write the SVG");
            }
            std::hint::black_box(svg);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:<8} {:>6.3} s  {:>6.3} s  {:>6.1} MB",
            view.name(),
            times[0],
            times[times.len() / 2],
            size as f64 / 1e6
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A story of `scenes` scenes in pairs, the second of each pair a day after
/// the first and neither dated: every pair is a floating part of its own.
fn floating(scenes: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(scenes * 60);
    out.push_str("title: Floating\n\n");
    for i in 0..scenes / 2 {
        let _ = writeln!(
            out,
            "scene a{i}: First of pair {i}\n\nscene b{i}: Second of pair {i}\n  story: after a{i} by 1d\n"
        );
    }
    out
}

/// A long story shaped like a real one: two eras told in alternation, a
/// marker with colours, dated scenes and chains of relative ones, some
/// `repeats`, timecodes on every scene. Deterministic.
fn story(scenes: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(scenes * 120);
    out.push_str("title: Generated\n\nera past: 1990 .. 2009\nera present: 2010 ..\n\n");
    out.push_str("marker hair:\n  dark: past #2b1d14\n  bleached: present #e9d8a6\n\n");
    let mut state: u64 = 0x5eed;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..scenes {
        let present = i % 3 != 0;
        let s = i as u64 * 60;
        let _ = writeln!(
            out,
            "scene s{i}: Scene number {i}\n  screen: {:02}:{:02}:{:02} for 1m",
            s / 3600,
            s / 60 % 60,
            s % 60
        );
        let r = next();
        if i >= 3 && r % 4 != 0 {
            // Relative to a recent scene of the same era.
            let _ = writeln!(out, "  story: after s{} by 1h..2d", i - 3);
        } else if present {
            let _ = writeln!(
                out,
                "  story: {}-{:02}-{:02}",
                2010 + r % 10,
                1 + r % 12,
                1 + r % 28
            );
        } else {
            let _ = writeln!(out, "  story: {}-{:02}", 1990 + r % 19, 1 + r % 12);
        }
        let _ = writeln!(
            out,
            "  hair: {}\n",
            if present { "bleached" } else { "dark" }
        );
    }
    out
}

// Measure with the allocator the binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
