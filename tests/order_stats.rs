//! End-to-end tests of `chronotope order` and `chronotope stats`: the
//! reference story's chronology and measures, extreme tellings (linear,
//! reversed), the three formats, and exit codes.
//!
//! Text output is snapshotted (`tests/snapshots/order_stats__*.snap`);
//! review changes with `cargo insta review`.

mod common;

use common::{repo, Run, Test};
use serde_json::Value;

fn dont_leave(args: &[&str]) -> Run {
    let path = repo().join("scenes/dont-leave.scenes");
    let path = path.to_str().expect("UTF-8 path");
    let mut all = args.to_vec();
    all.push(path);
    Test::new().args(&all).run()
}

/// Run a command on one file `story.scenes`.
fn on(text: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.push("story.scenes");
    Test::new().file("story.scenes", text).args(&all).run()
}

/// A story of scenes `s1..=sN` told in the given order, scene `sK` dated
/// K days after 2020-01-01 (so `s1..sN` is the chronology).
fn dated(telling: &[usize]) -> String {
    let mut text = String::from("title: Dated\n");
    for &k in telling {
        text.push_str(&format!(
            "scene s{k}: Scene {k}\n  story: 2020-01-{:02}\n",
            k + 1
        ));
    }
    text
}

/// A float from JSON, compared within a few ulps: serde_json's default
/// parser does not promise the nearest double, so exact equality is checked
/// in the library's unit tests instead.
fn close(v: &Value, expected: f64) {
    let got = v.as_f64().unwrap_or(f64::NAN);
    assert!((got - expected).abs() < 1e-12, "{got} != {expected}");
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_str().expect("an id").to_string())
        .collect()
}

#[test]
fn reference_story_chronology() {
    let run = dont_leave(&["order", "--format", "json"]).status(0);
    let v = run.json();
    assert_eq!(v["story"], "Don't Leave");
    assert_eq!(
        ids(&v["scenes"]),
        [
            "ferry",
            "memory-ferry",
            "moving-in",
            "rain",
            "gallery",
            "argument",
            "quiet-dinner",
            "gone",
            "friends",
            "letter",
            "search",
            "ferry-again",
            "last"
        ]
    );
    assert_eq!(v["unplaced"], Value::Array(Vec::new()));
    let scenes = v["scenes"].as_array().unwrap();
    for (i, s) in scenes.iter().enumerate() {
        assert_eq!(s["chrono"], i + 1);
    }
    let ferry = &scenes[0];
    assert_eq!(ferry["telling"], 2);
    assert_eq!(ferry["earliest_start"], "2014-05-17T18:00:00");
    // Written to the minute, so the minute's last second is the latest.
    assert_eq!(ferry["latest_start"], "2014-05-17T18:00:59");
    assert_eq!(ferry["latest_end"], "2014-05-17T18:40:59");
    assert_eq!(ferry["screen_start"], "00:04:10");
    assert_eq!(ferry["era"], "past");
    assert_eq!(ferry["story_day"], 1);
    assert_eq!(scenes[1]["repeats"], "ferry");
    assert_eq!(scenes[7]["era"], "present");
    assert!(
        scenes[12]["latest_start"].is_null(),
        "`last` has no end bound"
    );
}

#[test]
fn reference_story_order_text() {
    let run = dont_leave(&["order"]).status(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn reference_story_order_csv() {
    let run = dont_leave(&["order", "--format", "csv"]).status(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 14);
    assert!(lines[0].starts_with("id,title,telling,chrono,earliest_start,"));
    assert!(lines[1]
        .starts_with("ferry,Strangers on the ferry,2,1,2014-05-17T18:00:00,2014-05-17T18:00:59,"));
    // A title with a comma or quote would be quoted; "Don't" needs nothing.
    assert!(lines[10].starts_with("letter,Defne's last message,5,10,"));
}

#[test]
fn reference_story_stats() {
    let run = dont_leave(&["stats", "--format", "json"]).status(0);
    let v = run.json();
    assert_eq!(v["story"], "Don't Leave");
    assert_eq!(v["placed"], 13);
    // Telling → chrono (0-based): gone 7, ferry 0, friends 8, moving-in 2,
    // letter 9, quiet-dinner 6, search 10, rain 3, argument 5,
    // ferry-again 11, gallery 4, memory-ferry 1, last 12. Footrule:
    // 7+1+6+1+5+1+4+4+3+2+6+10+0 = 50 over 13·12/2 = 78 pairs = 25/39.
    assert_eq!(v["footrule"], 50);
    assert_eq!(v["pairs"], 78);
    close(&v["nonlinearity_index"], 50.0 / 78.0);
    // Later-and-smaller pairs: 7+0+6+1+5+4+4+1+2+2+1+0+0 = 33.
    assert_eq!(v["inversions"], 33);
    close(&v["kendall_tau"], 1.0 - 2.0 * 33.0 / 78.0);
    // The present (gone, friends, letter, search, ferry-again, last) is the
    // first narrative; every past scene is an analepsis, memory-ferry a
    // repeating one.
    let c = &v["counts"];
    assert_eq!(c["opens"], 1);
    assert_eq!(c["returns"], 5);
    assert_eq!(c["continues"], 0);
    assert_eq!(c["analepses"], 7);
    assert_eq!(c["repeating_analepses"], 1);
    assert_eq!(c["prolepses"], 0);
    assert_eq!(c["analepsis_groups"], 5);
    let kinds: Vec<&str> = v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds[0], "opens");
    assert_eq!(kinds[11], "repeating_analepsis");
    let a = &v["anachronies"][0];
    assert_eq!(
        (&a["first"], &a["from"]),
        (&Value::from("ferry"), &Value::from("gone"))
    );
    // gone 2020-10-03 08:10 back to ferry 2014-05-17 18:00: 2331 days less
    // 9h50m.
    assert_eq!(a["reach"]["seconds"], 2331 * 86_400 - (9 * 3600 + 50 * 60));
    assert_eq!(a["extent"]["seconds"], 40 * 60);
    assert_eq!(v["anachronies"][4]["repeating"], 1);
    // Past scenes run 48 minutes of screen time, present ones 43.
    let eras = v["eras"].as_array().unwrap();
    assert_eq!(eras.len(), 2);
    assert_eq!(
        (&eras[0]["era"], &eras[0]["screen_ms"]),
        (&Value::from("past"), &Value::from(48 * 60_000))
    );
    assert_eq!(
        (&eras[1]["era"], &eras[1]["screen_ms"]),
        (&Value::from("present"), &Value::from(43 * 60_000))
    );
    assert_eq!(v["time"]["screen_ms"], 91 * 60_000);
    assert_eq!(v["longest_run"]["length"], 1);
}

#[test]
fn reference_story_stats_text() {
    let run = dont_leave(&["stats"]).status(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn reversed_telling() {
    // Footrule of a reversal of n is ⌊n²/2⌋: 12 for five scenes, so the index
    // is 12/10 = (n+1)/n; for even n it is n/(n−1).
    let v = on(&dated(&[5, 4, 3, 2, 1]), &["stats", "--format", "json"])
        .status(0)
        .json();
    close(&v["nonlinearity_index"], 6.0 / 5.0);
    close(&v["kendall_tau"], -1.0);
    assert_eq!(v["inversions"], 10);
    let v = on(&dated(&[4, 3, 2, 1]), &["stats", "--format", "json"])
        .status(0)
        .json();
    close(&v["nonlinearity_index"], 4.0 / 3.0);
    close(&v["kendall_tau"], -1.0);
}

#[test]
fn linear_telling() {
    let run = on(&dated(&[1, 2, 3, 4, 5]), &["stats", "--format", "json"]).status(0);
    let v = run.json();
    close(&v["nonlinearity_index"], 0.0);
    close(&v["kendall_tau"], 1.0);
    assert_eq!(v["counts"]["continues"], 4);
    assert_eq!(v["longest_run"]["length"], 5);
    let order = on(&dated(&[1, 2, 3, 4, 5]), &["order"]).status(0);
    assert_eq!(order.stdout.matches("→ 1d").count(), 4, "{}", order.stdout);
}

#[test]
fn errors_print_diagnostics_and_exit_1() {
    let text = "title: Broken\nscene a: A\n  story: after nowhere\n";
    for cmd in ["order", "stats"] {
        let run = on(text, &[cmd])
            .status(1)
            .error_at("E0202", "story.scenes:3:16")
            .stderr_contains("fix the errors above first");
        assert_eq!(run.stdout, "", "{cmd} printed output for a broken story");
    }
}

#[test]
fn contradictions_exit_1_but_still_order() {
    let text =
        "title: Knot\nscene a: A\n  story: 2020-01-02, before b\nscene b: B\n  story: 2020-01-01\n";
    on(text, &["order"])
        .status(1)
        .stderr_contains("error[E0301]")
        .stdout_contains("1!");
    on(text, &["stats"])
        .status(1)
        .stdout_contains("Kendall tau");
}

#[test]
fn io_errors_exit_2() {
    Test::new()
        .args(&["order", "missing.scenes"])
        .run()
        .status(2);
    Test::new()
        .args(&["stats", "missing.scenes"])
        .run()
        .status(2);
}

#[test]
fn csv_refuses_several_stories() {
    Test::new()
        .file("a.scenes", dated(&[1, 2]))
        .file("b.scenes", dated(&[2, 1]))
        .args(&["order", "--format", "csv", "a.scenes", "b.scenes"])
        .run()
        .status(2)
        .stderr_contains("2 stories");
}

#[test]
fn titles_cannot_inject_terminal_escapes() {
    let text = "title: T\nscene a: \u{1b}]0;owned\u{7}\n  story: 2020-01-01\n";
    let run = on(text, &["order"]).status(0);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(run.stdout.contains("\u{FFFD}]0;owned\u{FFFD}"));
}

#[test]
fn unplaced_scenes_are_listed() {
    let text = "title: T\nscene a: A\n  story: 2020-01-01\nscene loose: Loose\n";
    let run = on(text, &["order", "--format", "json"]).status(0);
    assert_eq!(ids(&run.json()["unplaced"]), ["loose"]);
    on(text, &["order"])
        .status(0)
        .stdout_contains("not placed")
        .stdout_contains("loose");
}

#[test]
fn floating_scenes_show_offsets_from_their_anchor() {
    let text = "title: T\nscene a: A\n  story: for 1h\nscene b: B\n  story: after a by 1d..3d\n";
    let run = on(text, &["order", "--format", "json"]).status(0);
    let b = &run.json()["scenes"][1];
    assert!(b["earliest_start"].is_null());
    assert_eq!(b["relative"]["anchor"], "a");
    assert_eq!(b["relative"]["earliest_start"], 3600 + 86_400);
    assert_eq!(b["relative"]["latest_start"], 3600 + 3 * 86_400);
    on(text, &["order"])
        .status(0)
        .stdout_contains("a +1d1h..3d1h");
}
