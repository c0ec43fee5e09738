//! Outputs that stream (issue 18): `order` (text, JSON, CSV), `stats
//! --format json` and `export` (JSON, Aeon CSV, Story Curves, the breakdown
//! CSV) are written
//! as they are made, many times the 64 KiB buffer here. A stream that
//! breaks part-way behaves as a printed string did: a closed pipe ends it
//! quietly with the command's own status, a full disk fails the run with
//! exit 2 and one line. The bytes themselves are pinned by
//! `tests/output_bytes.rs`.

mod common;

use std::fs;
use std::io::Read;
use std::process::{Output, Stdio};

use common::Test;

/// Scenes in the generated story: its outputs are megabytes, far past
/// every buffer (ours, the pipe's).
const SCENES: usize = 6000;

/// A dated chain of scenes with cast, threads and an undated tail.
fn story() -> String {
    let mut s = String::from("title: Long\n\ncharacter Ada\ncharacter Ben\n\n");
    for i in 0..SCENES {
        s.push_str(&format!("scene s{i}: Scene \"{i}\", told\n"));
        if i % 50 == 0 {
            s.push_str(&format!("  story: 2020-01-{:02} 09:00\n", 1 + i / 50 % 28));
        } else if i < SCENES - 10 {
            s.push_str(&format!("  story: after s{} by 1h..3h\n", i - 1));
        }
        s.push_str("  cast: Ada, Ben\n  thread: main\n\n");
    }
    s
}

/// Every streamed command and format.
const STREAMED: &[&[&str]] = &[
    &["order", "--format", "text", "long.scenes"],
    &["order", "--format", "json", "long.scenes"],
    &["order", "--format", "csv", "long.scenes"],
    &["stats", "--format", "json", "long.scenes"],
    &["export", "--format", "json", "long.scenes"],
    &["export", "--format", "aeon-csv", "long.scenes"],
    &["export", "--format", "storycurve", "long.scenes"],
    &["export", "--format", "breakdown", "long.scenes"],
];

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn streamed_outputs_arrive_whole() {
    let t = Test::new().file("long.scenes", story());
    for args in STREAMED {
        let o = t.command(args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(
            o.stdout.len() > 256 * 1024,
            "{args:?}: {} bytes",
            o.stdout.len()
        );
        assert!(o.stdout.ends_with(b"\n"), "{args:?}");
        if args.contains(&"json") || args.contains(&"storycurve") {
            let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert!(v.is_object(), "{args:?}");
        }
    }
    let o = t.command(STREAMED[1]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let placed = v["scenes"].as_array().unwrap().len();
    let unplaced = v["unplaced"].as_array().unwrap().len();
    assert_eq!((placed, unplaced), (SCENES - 10, 10));
    assert_eq!(v["scenes"][0]["earliest_start"], "2020-01-01T09:00:00");
    assert_eq!(v["scenes"][0]["threads"], serde_json::json!(["main"]));
    let csv = t.command(STREAMED[2]).output().unwrap().stdout;
    assert_eq!(csv.iter().filter(|&&b| b == b'\n').count(), SCENES + 1);
}

#[test]
fn a_reader_that_goes_away_mid_stream_ends_it_quietly() {
    let t = Test::new().file("long.scenes", story());
    for args in STREAMED {
        let whole = t.command(args).output().unwrap().stdout;
        let mut child = t
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut head = vec![0; 1000];
        let mut out = child.stdout.take().unwrap();
        out.read_exact(&mut head).unwrap();
        drop(out);
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
        assert_eq!(head, whole[..1000], "{args:?}");
    }
}

#[test]
fn a_full_disk_mid_stream_fails_the_run_with_one_line() {
    let t = Test::new().file("long.scenes", story());
    for args in STREAMED {
        let full = fs::File::options().write(true).open("/dev/full").unwrap();
        let o = t
            .command(args)
            .stdout(full)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("error: cannot write to standard output"),
            "{args:?}: {err}"
        );
    }
}

/// `CHRONOTOPE_TIMINGS` prints one line per stage, in pipeline order, on
/// standard error only; without it nothing extra is printed.
#[test]
fn timings_print_each_stage_only_when_asked() {
    let t = Test::new().file(
        "a.scenes",
        "scene a: A\n  story: 2020-01-01\n\nscene b: B\n  story: after a by 1d\n",
    );
    let timed = t
        .command(&["order", "--format", "csv", "a.scenes"])
        .env("CHRONOTOPE_TIMINGS", "1")
        .output()
        .expect("run chronotope");
    assert!(timed.status.success());
    let stderr = String::from_utf8_lossy(&timed.stderr);
    let stages: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing "))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        stages,
        [
            "read+parse",
            "declarations",
            "resolve",
            "network",
            "solve",
            "explain",
            "placements",
            "order",
            "numbering",
            "days",
            "engine",
            "continuity",
            "collect",
            "output",
            "finish"
        ],
        "{stderr}"
    );
    // Each line has seconds and a peak.
    assert!(stderr.lines().all(|l| l.contains(" s  peak ")), "{stderr}");
    // Standard output is the CSV alone, as without timings.
    let plain = t
        .command(&["order", "--format", "csv", "a.scenes"])
        .output()
        .expect("run chronotope");
    assert_eq!(timed.stdout, plain.stdout);
    assert!(
        plain.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&plain.stderr)
    );
}
