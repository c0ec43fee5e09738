//! Storylines, threads, ages and filters (issue 13), through the binary.

mod common;

use common::Test;
use serde_json::Value;

/// Four characters who swap company, two threads, one death, one memory;
/// births at day, month and year precision.
const SWAPS: &str = "\
title: Swaps
thread Harbour: #3366cc
thread City
character Ana: born 1990-03-10
character Ben: born 1985
character Cem: born 1970-06, died 2010-01-01
character Dil
scene a1: Ana and Ben meet
  story: 2000-01-01 10:00 for 1h
  cast: Ana, Ben
  where: Port
  thread: Harbour
scene c1: Cem and Dil
  story: 2000-01-02 for 1h
  cast: Cem, Dil
  thread: City
scene x1: Ana with Cem
  story: 2000-02-01 for 1h
  cast: Ana, Cem
  thread: City, Harbour
scene x2: Ben with Dil
  story: 2000-02-02 for 1h
  cast: Ben, Dil
scene m1: Ana remembers Cem
  story: 2012-05 for 1h
  mode: memory
  cast: Ana, Cem
scene y1: Ana and Dil
  story: 2005-03-01 for 1h
  cast: Ana, Dil
  thread: harbour
scene y2: Ben and Cem
  story: 2005-03-02 for 1h
  cast: Ben, Cem
";

fn json_rows(run: &common::Run) -> Vec<Value> {
    run.json()["scenes"].as_array().expect("scenes").clone()
}

fn row<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter().find(|r| r["id"] == id).expect(id)
}

fn cast_of<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["cast"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .expect(name)
}

#[test]
fn order_json_gives_exact_ages_ranges_modes_and_threads() {
    let t = Test::new().file("s.scenes", SWAPS);
    let run = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    let rows = json_rows(&run);
    // Born on a known day, a scene on a known day: exact.
    let a = cast_of(row(&rows, "a1"), "Ana");
    assert_eq!(
        (a["age_min"].as_i64(), a["age_max"].as_i64()),
        (Some(9), Some(9))
    );
    // Born some time in 1985, on 2000-01-01: 14 or 15.
    let b = cast_of(row(&rows, "a1"), "Ben");
    assert_eq!(
        (b["age_min"].as_i64(), b["age_max"].as_i64()),
        (Some(14), Some(15))
    );
    // Born in June 1970, a scene on 2000-01-02: exactly 29.
    let c = cast_of(row(&rows, "c1"), "Cem");
    assert_eq!(
        (c["age_min"].as_i64(), c["age_max"].as_i64()),
        (Some(29), Some(29))
    );
    // No birth date: unknown, as null.
    let d = cast_of(row(&rows, "c1"), "Dil");
    assert!(d["age_min"].is_null() && d["age_max"].is_null());
    // A scene dated to a month (May 2012), born 1990-03-10: exactly 22.
    let m = cast_of(row(&rows, "m1"), "Ana");
    assert_eq!(m["age_max"].as_i64(), Some(22));
    assert_eq!(m["mode"], "memory");
    assert!(cast_of(row(&rows, "a1"), "Ana")["mode"].is_null());
    // Threads by declared name, in the story's thread order.
    assert_eq!(
        row(&rows, "x1")["threads"],
        serde_json::json!(["Harbour", "City"])
    );
    assert_eq!(row(&rows, "y1")["threads"], serde_json::json!(["Harbour"]));
    assert_eq!(row(&rows, "x2")["threads"], serde_json::json!([]));
}

#[test]
fn a_written_age_outside_the_range_is_an_error_with_both_figures() {
    let story = SWAPS.replace(
        "  cast: Ana, Ben\n  where: Port",
        "  cast: Ana, Ben (age 17)\n  where: Port",
    );
    Test::new()
        .file("s.scenes", story)
        .cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_contains("error[E0407]: `Ben` is 17 in `a1`, but born 1985 they are 14–15 then")
        .stderr_contains("write `(age 14)` or `(age 15)`")
        .stderr_any()
        .run();
    // Either end of the range is fine.
    for age in [14, 15] {
        let story = SWAPS.replace(
            "  cast: Ana, Ben\n  where: Port",
            &format!("  cast: Ana, Ben (age {age})\n  where: Port"),
        );
        Test::new()
            .file("s.scenes", story)
            .cmd(&["check", "s.scenes"])
            .stderr_any()
            .run();
    }
}

#[test]
fn order_for_a_character_lists_their_life_with_age_and_place() {
    let t = Test::new().file("s.scenes", SWAPS);
    let run = t
        .cmd(&["order", "--character", "ana", "s.scenes"])
        .stdout_any()
        .run();
    let out = &run.stdout;
    assert!(
        out.starts_with("Ana in Swaps: 4 scenes in story order\n"),
        "{out}"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), 4, "{out}");
    // Story order a1 (2000), x1 (2000), y1 (2005), m1 (2012).
    for (r, id) in rows.iter().zip(["a1", "x1", "y1", "m1"]) {
        assert!(r.split_whitespace().nth(1) == Some(id), "{r}");
    }
    assert!(rows[0].contains("Port") && rows[0].contains(" 9 "), "{out}");
    assert!(rows[3].contains("22 (memory)"), "{out}");
    // Told a1, x1, m1, y1: y1 comes back from m1 in her own life.
    assert!(rows[2].contains('↶'), "{out}");
    // An unknown name is a usage error with the nearest name.
    t.cmd(&["order", "--character", "Anna", "s.scenes"])
        .status(2)
        .stderr_contains("did you mean `Ana`?")
        .run();
}

#[test]
fn filters_cut_order_and_stats_to_the_scenes_named() {
    let t = Test::new().file("s.scenes", SWAPS);
    let run = t
        .cmd(&[
            "order", "--format", "json", "--thread", "harbour", "s.scenes",
        ])
        .stdout_any()
        .run();
    let ids: Vec<String> = json_rows(&run)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a1", "x1", "y1"]);
    // Chronological positions count the scenes kept.
    let chrono: Vec<i64> = json_rows(&run)
        .iter()
        .map(|r| r["chrono"].as_i64().unwrap())
        .collect();
    assert_eq!(chrono, [1, 2, 3]);
    let both = t
        .cmd(&[
            "order",
            "--format",
            "json",
            "--thread",
            "City",
            "--character",
            "Cem",
            "s.scenes",
        ])
        .stdout_any()
        .run();
    let ids: Vec<String> = json_rows(&both)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["c1", "x1"]);
    // Stats of Ana's own telling: four scenes, one told out of order.
    let whole = t
        .cmd(&["stats", "--format", "json", "s.scenes"])
        .stdout_any()
        .run()
        .json();
    let ana = t
        .cmd(&[
            "stats",
            "--format",
            "json",
            "--character",
            "Ana",
            "s.scenes",
        ])
        .stdout_any()
        .run()
        .json();
    assert_eq!(ana["scenes"], 4, "{ana}");
    assert_ne!(whole["scenes"], ana["scenes"]);
    t.cmd(&["stats", "--thread", "Nowhere", "s.scenes"])
        .status(2)
        .stderr_contains("no thread `Nowhere`")
        .run();
}
