//! A series of 200 works × 500 scenes (100,000 scenes, one file per work)
//! through the whole `chronotope check` pipeline: read, parse, resolve
//! (`WORK/SCENE` keys, plain ids looked up in their own work, cross-work
//! references), the engine and the continuity rules; then `stats`' work
//! measures. Beside it the same scenes without `work` lines (ids made unique
//! instead), so the cost of works shows.
//!
//! ```text
//! cargo bench --bench series                          # 200 × 500, 5 runs
//! cargo bench --bench series -- --works 20 --scenes 500 --runs 3
//! ```
//!
//! Plain `std::time::Instant`; best and median are reported. The target
//! (issue 14): the series checks in under 1 s on one core.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chronotope::project::Project;
use chronotope::workspace::LoadOptions;

/// Write the series into `dir`: a header file, then one file per work.
/// Work `k` is set in the year 1000 + 5k, released in an order that is not
/// story order, and its first scene is tied to the previous work's last
/// scene; within a work each scene follows the one before by plain id,
/// every tenth one also `during` a scene two back, with a cast and screen
/// times restarting per work. With `works: false` the same scenes are
/// written without `work` lines, ids `wK-sI`.
fn write(dir: &Path, works: usize, scenes: usize, with_works: bool) {
    std::fs::create_dir_all(dir).expect("create the bench directory");
    let mut header = String::from("title: Bench series\ncharacter Ana\ncharacter Ben\n");
    if with_works {
        header.push_str("order story: ");
        let ids: Vec<String> = (0..works).map(|k| format!("w{k}")).collect();
        header.push_str(&ids.join(", "));
        header.push('\n');
    }
    std::fs::write(dir.join("0000-header.scenes"), header).expect("write");
    for k in 0..works {
        let mut text = String::with_capacity(scenes * 120);
        let id = |i: usize| {
            if with_works {
                format!("s{i}")
            } else {
                format!("w{k}-s{i}")
            }
        };
        if with_works {
            let released = 1950 + (k * 7919) % works;
            text.push_str(&format!("work w{k}: Work {k}\n  released: {released}\n\n"));
        }
        for i in 0..scenes {
            // A minute apart: 500 scenes stay inside a work's default
            // runtime of 10 h (W0306 past it).
            let minute = i;
            text.push_str(&format!(
                "scene {}: Scene {i}\n  screen: {:02}:{:02}:00 for 50s\n",
                id(i),
                minute / 60,
                minute % 60
            ));
            let story = match (i, k) {
                (0, 0) => "1000-01-01, for 1h".to_string(),
                (0, _) if with_works => {
                    format!("after w{}/s{} by 1y..5y, for 1h", k - 1, scenes - 1)
                }
                (0, _) => format!("after w{}-s{} by 1y..5y, for 1h", k - 1, scenes - 1),
                (i, _) if i % 10 == 0 && i >= 2 => {
                    format!("after {} by 1h..1d, for 10m", id(i - 1))
                }
                (i, _) => format!("after {} by 10m..2h, for 20m", id(i - 1)),
            };
            text.push_str(&format!("  story: {story}\n"));
            if i % 3 == 0 {
                text.push_str("  cast: Ana, Ben\n");
            }
        }
        std::fs::write(dir.join(format!("{:04}-w{k}.scenes", k + 1)), text).expect("write");
    }
}

/// One check of `dir`: the pipeline `chronotope check` runs, and the
/// work-level stats of the story.
fn check(dir: &Path) -> (usize, usize) {
    let checked = Project::new(vec![dir.to_path_buf()], LoadOptions::default()).check();
    let story = &checked.stories[0];
    let works = story
        .chronology()
        .and_then(|c| chronotope::engine::works::measure(story.story(), c))
        .map_or(0, |w| w.per_work.len());
    (checked.diagnostics.len(), works)
}

/// CPU time this process has used (user plus system), from
/// `/proc/self/stat` in clock ticks of 1/100 s; `None` off Linux. On a
/// shared machine wall time grows with the other jobs, CPU time does not:
/// it is what "on one core" measures.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Best and median wall time, best CPU time, and what the check found.
fn time(dir: &Path, runs: usize) -> (Duration, Duration, Option<Duration>, (usize, usize)) {
    let mut times = Vec::with_capacity(runs);
    let mut cpu: Option<Duration> = None;
    let mut result = (0, 0);
    for _ in 0..runs {
        let (start, cpu_start) = (Instant::now(), cpu_time());
        result = check(dir);
        times.push(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, cpu_time()) {
            cpu = Some(cpu.map_or(b - a, |c| c.min(b - a)));
        }
    }
    times.sort();
    (times[0], times[times.len() / 2], cpu, result)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut works, mut scenes, mut runs) = (200, 500, 5);
    while let Some(arg) = args.next() {
        let mut num = |d: usize| args.next().and_then(|n| n.parse().ok()).unwrap_or(d);
        match arg.as_str() {
            "--works" => works = num(works),
            "--scenes" => scenes = num(scenes),
            "--runs" => runs = num(runs),
            // `cargo bench` passes `--bench`; ignore it and any filter.
            _ => {}
        }
    }
    let base: PathBuf =
        std::env::temp_dir().join(format!("chronotope-series-{}", std::process::id()));
    println!(
        "case                                 wall best  median  CPU best  diagnostics  works"
    );
    for (name, with_works) in [("series", true), ("same scenes, no works", false)] {
        let dir = base.join(name.replace([' ', ','], "-"));
        write(&dir, works, scenes, with_works);
        let (best, median, cpu, (diags, measured)) = time(&dir, runs);
        println!(
            "{:<36} {:>8.3}s {:>6.3}s {:>8}  {:>11}  {:>5}",
            format!("{name}: {works} × {scenes}"),
            best.as_secs_f64(),
            median.as_secs_f64(),
            cpu.map_or("?".to_string(), |c| format!("{:.2}s", c.as_secs_f64())),
            diags,
            measured
        );
        if diags > 0 {
            eprintln!("{}", dir.display());
        }
        assert_eq!(diags, 0, "the generated {name} must be clean");
    }
    if std::env::var_os("KEEP").is_none() {
        let _ = std::fs::remove_dir_all(&base);
    }
}
