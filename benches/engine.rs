//! Engine throughput: parse, resolve, solve and order generated stories.
//!
//! ```text
//! cargo bench --bench engine                 # 10k, 100k and 1M scenes, then the adversarial case
//! cargo bench --bench engine -- --one 100000 # one size, in this process
//! cargo bench --bench engine -- --emit FILE 1000000  # only write the story
//! ```
//!
//! Stories are generated from a hidden schedule, so they are consistent and
//! the solver does its full work (no early exit on a contradiction): 30% of
//! scenes carry an absolute date, 70% only a relation to a recent scene
//! (`after … by`, `… + …`, `during`), half carry a duration. The adversarial
//! case ties every scene to the previous one and to the one `k` scenes back
//! with two-sided gaps, so the whole story is one biconnected block and the
//! label-correcting solver works at its worst. Each size runs in a child
//! process so that its peak memory (VmHWM) is its own.

use std::fmt::Write;
use std::hint::black_box;
use std::process::Command;
use std::time::Instant;

use chronotope::engine;
use chronotope::workspace::Workspace;

mod emit;

struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const HOUR: i64 = 3600;

fn stamp(t: i64) -> String {
    chronotope::time::to_datetime(t)
        .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// A consistent story: hidden minute-aligned schedule, tags it satisfies.
fn realistic(n: usize, seed: u64) -> String {
    let mut rng = Xorshift(seed | 1);
    let mut out = String::with_capacity(n * 80);
    out.push_str("title: Engine benchmark\n\n");
    let mut start = vec![0i64; n];
    let mut end = vec![0i64; n];
    let mut t = 1_400_000_000i64 / 60 * 60;
    for i in 0..n {
        t += (1 + rng.below(48) as i64) * HOUR;
        start[i] = t;
        end[i] = t + (rng.below(6) as i64 + 1) * 600;
        let _ = writeln!(out, "scene s{i}: Scene {i}");
        out.push_str("  story: ");
        let j = if i == 0 {
            0
        } else {
            i - 1 - rng.below(i.min(20) as u64) as usize
        };
        if i == 0 || rng.below(10) < 3 {
            out.push_str(&stamp(start[i]));
        } else {
            match rng.below(3) {
                0 => {
                    let gap = (start[i] - end[j]) / HOUR;
                    let _ = write!(out, "after s{j} by {}h..{}h", gap.max(0), gap + 1);
                }
                1 => {
                    let diff = (start[i] - start[j]) / HOUR;
                    let _ = write!(out, "s{j} + {}h..{}h", diff.max(0), diff + 1);
                }
                _ => {
                    let gap = (start[i] - end[j]) / HOUR;
                    let _ = write!(out, "after s{j} by {}h..", gap.max(0));
                }
            }
        }
        if rng.below(2) == 0 {
            let _ = write!(out, ", for {}m", (end[i] - start[i]) / 60);
        }
        out.push_str("\n\n");
    }
    out
}

/// One big block: every scene tied both ways to the previous one and to the
/// one `k` back, plus a few dates.
fn adversarial(n: usize, k: usize) -> String {
    let mut out = String::with_capacity(n * 80);
    out.push_str("title: Interlocking cycles\n\n");
    for i in 0..n {
        let _ = writeln!(out, "scene s{i}: Scene {i}");
        if i == 0 {
            out.push_str("  story: 2020-01-01 00:00, for 1h\n\n");
            continue;
        }
        let _ = write!(out, "  story: after s{} by 1h..3h, for 1h", i - 1);
        if i >= k {
            let _ = write!(out, ", s{} + {}h..{}h", i - k, 2 * k, 4 * k);
        }
        if i % 1000 == 0 {
            let _ = write!(out, ", 2020-01-01 .. 2999-12-31");
        }
        out.push_str("\n\n");
    }
    out
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn run_one(label: &str, text: &str) {
    let started = Instant::now();
    let mut ws = Workspace::from_text("bench.scenes", text);
    let loaded = ws.resolve_owned();
    let parsed = started.elapsed();
    let parse_peak = peak_rss_mb();
    let story = &loaded[0].story;
    assert!(ws.diagnostics.is_empty() && loaded[0].diagnostics.is_empty());
    let solve_started = Instant::now();
    let chronology = engine::analyze(story, &ws.sources);
    let solved = solve_started.elapsed();
    assert!(
        chronology.contradictions.is_empty(),
        "generated story must be consistent"
    );
    assert_eq!(chronology.order.len(), story.scenes.len());
    black_box(&chronology);
    let total = started.elapsed();
    let n = story.scenes.len() as f64;
    println!(
        "{label:<28} {:>9} scenes {:>7.1} MB  parse+resolve {:>6.2}s  solve+order {:>6.2}s  total {:>6.2}s  {:>9.0} scenes/s  peak {:>7.0} MB (after parse+resolve {:>5.0} MB)",
        story.scenes.len(),
        text.len() as f64 / 1e6,
        parsed.as_secs_f64(),
        solved.as_secs_f64(),
        total.as_secs_f64(),
        n / total.as_secs_f64(),
        peak_rss_mb(),
        parse_peak,
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if emit::emit_if_asked(1_000_000, |n| realistic(n, 0x5eed)) {
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--one") {
        let n: usize = args
            .get(i + 1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(10_000);
        let text = realistic(n, 0x5eed);
        run_one(&format!("realistic {n}"), &text);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--adversarial") {
        let n: usize = args
            .get(i + 1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(10_000);
        let text = adversarial(n, 7);
        run_one(&format!("adversarial {n} (k = 7)"), &text);
        return;
    }
    let exe = std::env::current_exe().expect("own path");
    let mut cases: Vec<Vec<String>> = [10_000, 100_000, 1_000_000]
        .iter()
        .map(|n| vec!["--one".to_string(), n.to_string()])
        .collect();
    cases.extend(
        [10_000, 100_000]
            .iter()
            .map(|n| vec!["--adversarial".to_string(), n.to_string()]),
    );
    for case in cases {
        let status = Command::new(&exe).args(&case).status().expect("run a case");
        assert!(status.success());
    }
}

// Measure with the allocator the binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
