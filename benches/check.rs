//! `check` throughput: parse and resolve a generated 200,000-scene story, and
//! a set of pathological inputs (one 10 MB line, many errors on one line).
//!
//! Plain `std::time::Instant`, no framework:
//!
//! ```text
//! cargo bench --bench check                      # the default run
//! cargo bench --bench check -- --scenes 50000    # a smaller story
//! cargo bench --bench check -- --emit FILE       # only write the story
//! cargo bench --bench check -- --story-only      # skip the pathological cases
//! ```
//!
//! Each case is run a few times; the best and median are reported. The
//! timed work is what `chronotope check` does after reading the file: decode,
//! parse, resolve, sort the diagnostics and render them (human and JSON).
//! Freeing what it built happens after the clock stops.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chronotope::diagnostics::{self, human, json, Diagnostic};
use chronotope::source::Sources;
use chronotope::syntax;
use chronotope::workspace::{StoryFiles, Workspace};

mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut scenes = 200_000;
    let mut emit = None;
    let mut runs = 5;
    let mut story_only = false;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--memory" => {
                let path = args.next().expect("--memory FILE");
                memory(&path);
                return;
            }
            "--scenes" => scenes = args.next().and_then(|n| n.parse().ok()).unwrap_or(scenes),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--emit" => emit = args.next(),
            "--story-only" => story_only = true,
            // `cargo bench` passes `--bench`; ignore it and any filter.
            _ => {}
        }
    }
    let story = generate::story(scenes, 0x5eed);
    if let Some(path) = emit {
        std::fs::write(&path, &story).expect("write the generated story");
        eprintln!("wrote {scenes} scenes, {} bytes, to {path}", story.len());
        return;
    }

    println!("case                                   size      best      median     MB/s  diags");
    let diags = check(story.as_bytes(), false).diagnostics;
    assert_eq!(diags, 0, "the generated story must be clean");
    bench(&format!("{scenes} scenes"), story.as_bytes(), runs, false);
    phases(story.as_bytes());
    measure_memory(&story);
    if story_only {
        return;
    }

    const TEN_MB: usize = 10 * 1024 * 1024;
    let cases: Vec<(&str, String)> = vec![
        ("10 MB comment line", format!("# {}", "x".repeat(TEN_MB))),
        ("10 MB title line", format!("title: {}", "x".repeat(TEN_MB))),
        (
            "10 MB scene title",
            format!("scene a: {}\n  story: 2014", "ı".repeat(TEN_MB / 2)),
        ),
        ("10 MB garbage line", "§".repeat(TEN_MB / 2)),
        (
            "10 MB synopsis",
            format!("scene a: A\n  > {}", "word ".repeat(TEN_MB / 5)),
        ),
        (
            "10 MB story line, 1M refs",
            format!(
                "scene a: A\nscene b: B\n  story: {}a",
                "after a, ".repeat(TEN_MB / 9)
            ),
        ),
        (
            "10 MB cast line, 1M names",
            format!(
                "character Ana\nscene a: A\n  cast: {}Ana",
                "Ana, ".repeat(TEN_MB / 5)
            ),
        ),
        (
            "1 MB line of unknown refs (errors)",
            format!("scene a: A\n  story: {}", "after zz, ".repeat(100_000)),
        ),
        (
            "1 MB line of bad durations (errors)",
            format!(
                "scene a: A\n  story: 2014 for {}",
                "3x, for ".repeat(128_000)
            ),
        ),
        (
            "200k stray header lines (errors)",
            "scene a: A\nzz: 1\n".repeat(100_000),
        ),
    ];
    for (name, text) in &cases {
        bench(name, text.as_bytes(), runs.min(3), true);
    }
}

/// What one `check` leaves: the counts, and everything it built, which the
/// caller drops after stopping the clock (freeing is not parsing or
/// resolving, and a process that exits need not do it).
struct Checked {
    diagnostics: usize,
    rendered: usize,
    _kept: (Workspace, Vec<chronotope::model::Story>, Vec<Diagnostic>),
}

/// `bytes` decoded and read as `chronotope check` reads a scene file: as an
/// outline, whose scenes are parsed while they are resolved
/// ([`Workspace::resolve_owned`]). The outline's diagnostics come back
/// beside the workspace; the scenes' join its own when it resolves.
fn outline(bytes: Vec<u8>) -> (Workspace, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let id = match sources.add_bytes("bench.scenes", bytes) {
        Ok(id) => id,
        Err(_) => panic!("bench inputs are UTF-8"),
    };
    let (tree, diagnostics) = syntax::parser::parse_outline(id, sources.get(id).text());
    let ws = Workspace {
        sources,
        stories: vec![StoryFiles {
            trees: vec![tree],
            fallback_title: "bench".into(),
        }],
        ..Workspace::default()
    };
    (ws, diagnostics)
}

/// One `check` without the file read: the diagnostic count and the bytes of
/// rendered output (so rendering is not optimised away).
fn check(bytes: &[u8], render: bool) -> Checked {
    let (mut ws, mut all) = outline(bytes.to_vec());
    let mut stories = Vec::new();
    for loaded in ws.resolve_owned() {
        all.extend(loaded.diagnostics);
        stories.push(black_box(loaded.story));
    }
    all.append(&mut ws.diagnostics);
    diagnostics::sort(&mut all);
    let mut out = 0;
    if render {
        out += human::render_all(&ws.sources, &all, human::Style::default()).len();
        out += json::report(&ws.sources, &all, 1).len();
    }
    Checked {
        diagnostics: all.len(),
        rendered: out,
        _kept: (ws, stories, all),
    }
}

fn bench(name: &str, input: &[u8], runs: usize, render: bool) {
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut diags = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let checked = check(black_box(input), render);
        times.push(start.elapsed());
        black_box(checked.rendered);
        diags = checked.diagnostics;
        drop(checked);
    }
    times.sort();
    let best = times[0];
    let median = times[times.len() / 2];
    let mb = input.len() as f64 / 1e6;
    println!(
        "{name:<36} {:>7.1} MB {:>8.1} ms {:>8.1} ms {:>8.1} {:>6}",
        mb,
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        mb / best.as_secs_f64(),
        diags
    );
}

/// Where the time of one run goes: decode, parse, resolve, drop.
fn phases(input: &[u8]) {
    let t = Instant::now();
    let mut sources = Sources::new();
    let id = sources
        .add_bytes("bench.scenes", input.to_vec())
        .ok()
        .unwrap();
    let decode = t.elapsed();
    let t = Instant::now();
    let (tree, diags) = syntax::parse(id, sources.get(id).text());
    let parse = t.elapsed();
    let t = Instant::now();
    let (story, more) = chronotope::model::resolve_owned(vec![tree], "bench");
    let resolve = t.elapsed();
    let t = Instant::now();
    drop((story, more, diags));
    let drop_story = t.elapsed();
    let t = Instant::now();
    let (mut ws, diags) = outline(input.to_vec());
    let outlined = t.elapsed();
    let t = Instant::now();
    let loaded = ws.resolve_owned();
    let resolved = t.elapsed();
    drop((loaded, ws, diags));
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "  phases, whole tree: decode {:.1} ms, parse {:.1} ms, resolve {:.1} ms (freeing the tree), drop story {:.1} ms",
        ms(decode),
        ms(parse),
        ms(resolve),
        ms(drop_story),
    );
    println!(
        "  phases, as `check`: decode and outline {:.1} ms, resolve {:.1} ms (parsing each scene)",
        ms(outlined),
        ms(resolved),
    );
}

/// Peak memory of `check`'s parse and resolve, measured in a fresh process
/// (this one has allocated and freed too much to say): the story is written
/// to a temporary file and this bench runs again with `--memory FILE`.
fn measure_memory(story: &str) {
    let path = std::env::temp_dir().join(format!("chronotope-bench-{}.scenes", std::process::id()));
    let measured = std::fs::write(&path, story).ok().and_then(|()| {
        let exe = std::env::current_exe().ok()?;
        std::process::Command::new(exe)
            .arg("--memory")
            .arg(&path)
            .output()
            .ok()
    });
    let _ = std::fs::remove_file(&path);
    match measured {
        Some(out) if out.status.success() => print!("{}", String::from_utf8_lossy(&out.stdout)),
        _ => println!("  memory: not measured"),
    }
}

/// `--memory FILE`: read, decode, parse and resolve as `chronotope check`
/// does, then report the growth of the peak resident set over the process
/// before reading: the text, the tree and the story, with whatever the
/// allocator keeps. Linux only (`/proc/self/status`).
fn memory(path: &str) {
    let Some(before) = status_kb("VmRSS") else {
        println!("  memory: not measured (no /proc/self/status)");
        return;
    };
    let bytes = std::fs::read(path).expect("read the story");
    let size = bytes.len();
    let (mut ws, diags) = outline(bytes);
    let after_parse = status_kb("VmRSS").unwrap_or(0);
    let loaded = ws.resolve_owned();
    let peak = status_kb("VmHWM").unwrap_or(0);
    black_box((&loaded, &diags));
    let mb = |kb: u64| kb as f64 / 1024.0;
    let times = |kb: u64| kb as f64 * 1024.0 / size as f64;
    println!(
        "  memory: peak {:.0} MB over the process before reading = {:.1}x the input (text + outline {:.0} MB = {:.1}x after parsing)",
        mb(peak.saturating_sub(before)),
        times(peak.saturating_sub(before)),
        mb(after_parse.saturating_sub(before)),
        times(after_parse.saturating_sub(before)),
    );
}

/// A `kB` field of `/proc/self/status`.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

// Measure with the allocator the binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
