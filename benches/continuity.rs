//! Continuity rules on large stories: a generated story of 100,000 scenes
//! and 10,000 characters (by default), and half and a quarter of it, to show
//! the rules scale linearly. Not a timed test; plain `Instant`:
//!
//! ```text
//! cargo bench --bench continuity                        # 25k, 50k, 100k scenes, then untagged
//! cargo bench --bench continuity -- --scenes 1000000    # one size
//! cargo bench --bench continuity -- --untagged 160000   # only an untagged story
//! ```
//!
//! The story has dated and relative scenes, `during` scenes, eras with a
//! marker whose values imply them, a marker without eras that changes often,
//! screen timecodes, places, casts of three out of 10,000 characters (every
//! tenth with a birth date and ages), so every rule family has work to do.
//! Parsing and the engine are timed separately from `continuity::check`.
//!
//! A second table times stories without any story-time tag (40k, 80k and
//! 160k scenes): every scene is unplaced, which once made the continuity
//! stage quadratic (22 s for 160k scenes).

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chronotope::continuity::{self, Config};
use chronotope::engine;
use chronotope::workspace::Workspace;

fn story(scenes: usize, characters: usize) -> String {
    let mut s = String::with_capacity(scenes * 160);
    s.push_str(
        "title: Continuity bench\n\nera past: 1990-01 .. 2009-12\nera present: 2010-01 ..\n\n",
    );
    s.push_str("marker hair:\n  dark: past\n  grey: present\n\nmarker bandage:\n  on:\n  off:\n\n");
    for c in 0..characters {
        if c % 10 == 0 {
            let _ = writeln!(s, "character C{c}: born 1950-01-01");
        } else {
            let _ = writeln!(s, "character C{c}");
        }
    }
    s.push('\n');
    // Scene i starts 2 h after scene i-1 and lasts 1 h, from 1990-01-01.
    let base = chrono::NaiveDate::from_ymd_opt(1990, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    for i in 0..scenes {
        let at = base + chrono::Duration::hours(2 * i as i64);
        let _ = writeln!(s, "scene s{i}: Scene {i}");
        let _ = writeln!(
            s,
            "  screen: {:02}:{:02}:00 .. {:02}:{:02}:00",
            i / 60,
            i % 60,
            (i + 1) / 60,
            (i + 1) % 60
        );
        let during = i % 50 == 49;
        if during {
            let _ = writeln!(s, "  story: during s{}, for 10m", i - 1);
        } else if i % 10 == 9 {
            let _ = writeln!(s, "  story: after s{} by 1h, for 1h", i - 1);
        } else {
            let _ = writeln!(s, "  story: {} for 1h", at.format("%Y-%m-%d %H:%M"));
        }
        let hair = if at.format("%Y").to_string().as_str() < "2010" {
            "dark"
        } else {
            "grey"
        };
        let _ = writeln!(s, "  hair: {hair}");
        // The bandage comes and goes every 100 scenes; each return says so.
        let bandage = if (i / 100) % 2 == 0 { "on" } else { "off" };
        let note = if i % 100 == 0 && i > 0 {
            " (again)"
        } else {
            ""
        };
        let _ = writeln!(s, "  bandage: {bandage}{note}");
        let cast: Vec<String> = [i * 7, i * 13 + 1, i * 31 + 2]
            .iter()
            .map(|k| {
                let c = k % characters;
                // `during` scenes share the host's time and place, so the
                // ages are checked too without clashing.
                if c % 10 == 0 && !during {
                    let year: i64 = at.format("%Y").to_string().parse().unwrap();
                    format!("C{c} (age {})", year - 1950)
                } else {
                    format!("C{c}")
                }
            })
            .collect();
        let _ = writeln!(s, "  cast: {}", cast.join(", "));
        let place = if during {
            (i - 1) / 3 % 500
        } else {
            i / 3 % 500
        };
        let _ = writeln!(s, "  where: Place {place}\n");
    }
    s
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        out = Some(r);
    }
    (best, out.expect("at least one run"))
}

/// A story of `scenes` scenes without any story-time tag (every one
/// unplaced), with places and a cast so the rules look at them.
fn untagged(scenes: usize) -> String {
    let mut s = String::with_capacity(scenes * 48);
    s.push_str("title: Untagged bench\n\ncharacter A\ncharacter B\n\n");
    for i in 0..scenes {
        let _ = writeln!(
            s,
            "scene s{i}: Scene {i}\n  cast: A, B\n  where: Place {}\n",
            i % 7
        );
    }
    s
}

/// Time parse + resolve, the engine and the rules on one story text.
fn run(label: &str, text: &str, runs: usize) {
    let (parse, (ws, loaded)) = time(1, || {
        let ws = Workspace::from_text("bench.scenes", text);
        let loaded = ws.resolve().pop().expect("one story");
        (ws, loaded)
    });
    assert!(
        loaded.diagnostics.is_empty(),
        "the generated story resolves cleanly: {:?}",
        loaded.diagnostics.first()
    );
    let n = loaded.story.scenes.len();
    let (analyze, chronology) = time(1, || engine::analyze(&loaded.story, &ws.sources));
    let mut config = Config::default();
    // Every rule on, the off-by-default ones included.
    config
        .set("presence-may-overlap", continuity::Level::Warn)
        .unwrap();
    config
        .set("ambiguous-order", continuity::Level::Note)
        .unwrap();
    let (check, found) = time(runs, || {
        black_box(continuity::check(
            &loaded.story,
            &chronology,
            &ws.sources,
            &config,
        ))
    });
    let mut by_code: std::collections::BTreeMap<String, usize> = Default::default();
    for d in &found {
        *by_code.entry(d.code.to_string()).or_default() += 1;
    }
    println!(
        "{n:>7}  {label:>10}   {:>10.0?}   {:>9.0?}   {:>9.0?}   {:>8.2}               {by_code:?}",
        parse,
        analyze,
        check,
        check.as_secs_f64() * 1e6 / n as f64
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut sizes = vec![25_000, 50_000, 100_000];
    let mut untagged_sizes = vec![40_000, 80_000, 160_000];
    let mut characters = 10_000;
    let mut runs = 3;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--scenes" => {
                sizes = vec![args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000)];
                untagged_sizes.clear();
            }
            "--untagged" => {
                untagged_sizes = vec![args.next().and_then(|n| n.parse().ok()).unwrap_or(160_000)];
                sizes.clear();
            }
            "--characters" => {
                characters = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .unwrap_or(characters)
            }
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            _ => {} // `cargo bench` passes `--bench`.
        }
    }
    println!("scenes   characters   parse+resolve   engine     continuity   µs/scene (continuity)  findings");
    for &n in &sizes {
        run(&characters.to_string(), &story(n, characters), runs);
    }
    for &n in &untagged_sizes {
        run("untagged", &untagged(n), runs);
    }
}

// Measure with the allocator the binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
