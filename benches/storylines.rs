//! The storylines view: lay out and draw stories of many scenes and
//! characters, and compare crossings with the order by first appearance.
//!
//! ```text
//! cargo bench --bench storylines                  # 10,000 × 20 and 100,000 × 200
//! cargo bench --bench storylines -- --runs 1
//! cargo bench --bench storylines -- --out DIR     # also keep the SVGs
//! ```
//!
//! Each story is dated scene by scene (a day apart, told in a shuffled
//! order), with casts of two to four characters drawn so that company
//! keeps changing, a memory every seventh scene and a death. The timed
//! work is what `render --view storylines` does once the story is checked:
//! lay the view out and write the SVG. Targets (issue 13): 10,000 scenes ×
//! 20 characters under 0.3 s; 100,000 × 200 under 2 s.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use chronotope::engine;
use chronotope::render::storylines::layout::layout;
use chronotope::render::{render, ThemeName, View};
use chronotope::workspace::Workspace;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut runs = 3;
    let mut keep: Option<PathBuf> = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--out" => keep = args.next().map(PathBuf::from),
            _ => {}
        }
    }
    println!("scenes × cast      layout    whole view  size     crossings (baseline)");
    for (scenes, cast, target) in [(200, 20, 0.05), (10_000, 20, 0.3), (100_000, 200, 2.0)] {
        bench(scenes, cast, target, runs, keep.as_deref());
    }
}

fn bench(scenes: usize, cast: usize, target: f64, runs: usize, keep: Option<&std::path::Path>) {
    let text = story(scenes, cast);
    let dir = std::env::temp_dir().join(format!("chronotope-storylines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("generated.scenes");
    std::fs::write(&path, &text).expect("write the story");
    let ws = Workspace::load(std::slice::from_ref(&path));
    let loaded = ws.resolve().remove(0);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    let chronology = engine::analyze(&loaded.story, &ws.sources);
    let (mut lay, mut whole) = (Vec::new(), Vec::new());
    let (mut size, mut crossings) = (0, (0, 0));
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let l = layout(&loaded.story, &chronology);
        lay.push(t.elapsed().as_secs_f64());
        crossings = (l.crossings, l.baseline_crossings);
        let t = Instant::now();
        let svg = render(
            &loaded.story,
            &chronology,
            View::Storylines,
            ThemeName::Light,
        );
        whole.push(t.elapsed().as_secs_f64());
        size = svg.len();
        if let Some(dir) = keep {
            std::fs::write(dir.join(format!("storylines-{scenes}x{cast}.svg")), &svg)
                .expect("write the SVG");
        }
    }
    lay.sort_by(f64::total_cmp);
    whole.sort_by(f64::total_cmp);
    println!(
        "{:>7} × {:<4}  {:>7.3} s  {:>7.3} s   {:>6.1} MB  {} ({}){}",
        scenes,
        cast,
        lay[0],
        whole[0],
        size as f64 / 1e6,
        crossings.0,
        crossings.1,
        if whole[0] <= target {
            ""
        } else {
            "  OVER TARGET"
        }
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `scenes` dated scenes with `cast` characters, deterministic.
fn story(scenes: usize, cast: usize) -> String {
    let mut out = String::with_capacity(scenes * 90);
    out.push_str("title: Generated storylines\n\n");
    for c in 0..cast {
        if c == 1 {
            // Dies two thirds of the way through.
            let year = 1900 + (scenes * 2 / 3) / 336;
            let _ = writeln!(out, "character C{c}: born 1880, died {year}");
        } else {
            let _ = writeln!(out, "character C{c}: born {}", 1870 + c % 30);
        }
    }
    out.push('\n');
    let mut state: u64 = 0x5eed_1234;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    // Characters mostly meet those near them in a slowly turning circle, so
    // company changes without being pure noise.
    for i in 0..scenes {
        // Told in blocks of ten, each block reversed: a nonlinear telling.
        let day = (i / 10) * 10 + (9 - i % 10).min(scenes - 1 - (i / 10) * 10);
        let date = chrono_date(day);
        let centre = (i / 3 + next() as usize % 3) % cast;
        let k = 2 + next() as usize % 3;
        let mut members: Vec<usize> = Vec::new();
        for j in 0..k {
            let c = (centre + j * (1 + next() as usize % 3)) % cast;
            if !members.contains(&c) {
                members.push(c);
            }
        }
        let names: Vec<String> = members.iter().map(|c| format!("C{c}")).collect();
        let _ = writeln!(
            out,
            "scene s{i}: Scene {i}\n  story: {date} for 1h\n  cast: {}",
            names.join(", ")
        );
        if i % 7 == 3 {
            out.push_str("  mode: memory\n");
        }
    }
    out
}

/// Day `n` of a calendar of 28-day months from 1900-01-01 as
/// `YYYY-MM-DD`: every date exists, and later days are later dates.
fn chrono_date(n: usize) -> String {
    let (year, d) = (1900 + n / 336, n % 336);
    format!("{year}-{:02}-{:02}", d / 28 + 1, d % 28 + 1)
}
