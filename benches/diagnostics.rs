//! Drawing diagnostics for people: the cost must follow what is printed,
//! not the size of the input.
//!
//! ```text
//! cargo bench --bench diagnostics                # every case
//! cargo bench --bench diagnostics -- --runs 1    # one run per case
//! ```
//!
//! Cases: one contradiction cycle through every scene of stories of 10k,
//! 40k and 200k scenes (an 80k-label diagnostic at 40k scenes: before the
//! label cap it took 6.7 s at 40k and 259 s at 200k), and one `cast:` line
//! of 8,000 and 32,000 names, undeclared or all the same name (one error or
//! warning per name, labels far apart on one long line: 868 MB of output
//! before lines were cut and files capped). The timed work is making the
//! diagnostics and rendering them as `check` does (`human::render_all`);
//! parsing, resolving and solving happen before the clock starts. Best and
//! median of the runs are printed, with the output size and the time per
//! scene or name, which stays flat when the work is linear.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chronotope::diagnostics::{self, human, Diagnostic};
use chronotope::engine;
use chronotope::workspace::Workspace;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut runs = 3;
    while let Some(arg) = args.next() {
        // `cargo bench` passes `--bench`; ignore it and any filter.
        if arg == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs);
        }
    }
    println!(
        "{:<34} {:>8} {:>10} {:>10} {:>10} {:>12}",
        "case", "input", "best", "median", "output", "per item"
    );
    for scenes in [10_000, 40_000, 200_000] {
        cycle_case(scenes, runs);
    }
    for names in [8_000, 32_000] {
        cast_case(names, None, runs);
        cast_case(names, Some("Ana"), runs);
    }
}

/// A story whose scenes form one contradiction cycle through all of them.
fn cycle(scenes: usize) -> String {
    let mut text = String::from("title: Cycle\n");
    for i in 0..scenes {
        let previous = (i + scenes - 1) % scenes;
        text.push_str(&format!(
            "scene s{i}: S{i}\n  story: after s{previous} by 1d\n"
        ));
    }
    text
}

fn cycle_case(scenes: usize, runs: usize) {
    let text = cycle(scenes);
    let mut ws = Workspace::from_text("cycle.scenes", &text);
    let loaded = ws.resolve_owned();
    let story = &loaded[0].story;
    let chronology = engine::analyze(story, &ws.sources);
    assert_eq!(chronology.contradictions.len(), 1, "one cycle");
    let timed = time(runs, || {
        let all = engine::explain::diagnostics(story, &ws.sources, &chronology);
        human::render_all(&ws.sources, &all, human::Style::default()).len()
    });
    report(
        &format!("cycle of {scenes} scenes"),
        text.len(),
        scenes,
        timed,
    );
}

/// `cast:` with `names` names on one line: undeclared ones, or the same
/// declared name every time.
fn cast_case(names: usize, repeat: Option<&str>, runs: usize) {
    let listed: Vec<String> = (0..names)
        .map(|i| repeat.map_or_else(|| format!("Name{i}"), str::to_string))
        .collect();
    let declared = repeat.map_or(String::new(), |r| format!("character {r}\n"));
    let text = format!(
        "title: Cast\n{declared}scene a: A\n  story: 2020-01-01\n  cast: {}\n",
        listed.join(", ")
    );
    let mut ws = Workspace::from_text("cast.scenes", &text);
    let mut all: Vec<Diagnostic> = ws.diagnostics.clone();
    for loaded in ws.resolve_owned() {
        all.extend(loaded.diagnostics);
    }
    diagnostics::sort(&mut all);
    assert!(all.len() >= names - 1, "one diagnostic per name");
    let timed = time(runs, || {
        human::render_all(&ws.sources, &all, human::Style::default()).len()
    });
    let what = if repeat.is_some() {
        "repeated"
    } else {
        "undeclared"
    };
    report(
        &format!("cast line, {names} {what}"),
        text.len(),
        names,
        timed,
    );
}

/// Best and median time of `runs` runs of `work`, and the bytes it made.
fn time(runs: usize, mut work: impl FnMut() -> usize) -> (Duration, Duration, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        bytes = black_box(work());
        times.push(start.elapsed());
    }
    times.sort();
    (times[0], times[times.len() / 2], bytes)
}

fn report(
    name: &str,
    input: usize,
    items: usize,
    (best, median, output): (Duration, Duration, usize),
) {
    println!(
        "{name:<34} {:>6.1}MB {:>8.1}ms {:>8.1}ms {:>8.2}MB {:>9.2}µs",
        input as f64 / 1e6,
        best.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        output as f64 / 1e6,
        best.as_secs_f64() * 1e6 / items as f64
    );
}
