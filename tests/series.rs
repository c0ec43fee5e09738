//! Series: works, names across works, viewing orders (issue 14).

mod common;

use common::Test;

/// A three-film series in one directory: a header with two orders, then one
/// file per film, in file order `a`, `b`, `c` but released `b`, `a`, `c`.
fn trilogy() -> Test {
    Test::new()
        .file(
            "saga/00-saga.scenes",
            "title: Saga\norder chrono: c, a, b\norder two: a, c\ncharacter Ana: died 2005\n",
        )
        .file(
            "saga/1-a.scenes",
            "work a: Alpha\n  released: 1990-05\n  director: Someone\nscene x: X\n  screen: 00:00:00 .. 00:10:00\n  story: 2000\nscene y: Y\n  screen: 00:10:00 .. 00:20:00\n  story: after x by 1d\n",
        )
        .file(
            "saga/2-b.scenes",
            "work b: Beta\n  released: 1985\nscene x: X of Beta\n  screen: 00:00:00 .. 00:05:00\n  story: after a/y by 10y\n",
        )
        .file(
            "saga/3-c.scenes",
            "work c: Gamma\n  released: 1995\nscene z: Z\n  screen: 00:00:00 .. 00:05:00\n  story: before a/x by 2y\n",
        )
}

/// The `id` of every scene of `order --format json`, in story order.
fn chronology(json: &serde_json::Value) -> Vec<String> {
    json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_series_checks_clean_and_names_scenes_by_work() {
    let t = trilogy();
    t.cmd(&["check", "saga"])
        .status(0)
        .stderr("no problems in 4 files\n")
        .run();
    let run = t
        .cmd(&["order", "saga", "--format", "json"])
        .status(0)
        .stdout_any()
        .run();
    let json = run.json();
    assert_eq!(chronology(&json), ["c/z", "a/x", "a/y", "b/x"]);
    let telling: Vec<u64> = json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["telling"].as_u64().unwrap())
        .collect();
    // Released b (1985), a (1990), c (1995): b/x is told first.
    assert_eq!(telling, [4, 2, 3, 1]);
}

#[test]
fn a_plain_id_is_looked_up_in_its_own_work_first() {
    // In `b`, `x` is `b/x` although `a` has an `x` too.
    let t = trilogy();
    t.write(
        "saga/2-b.scenes",
        "work b: Beta\n  released: 1985\nscene x: X of Beta\n  story: after a/y by 10y\nscene w: W\n  story: after x by 1d\n",
    );
    let run = t
        .cmd(&["order", "saga", "--format", "json"])
        .status(0)
        .stdout_any()
        .run();
    assert_eq!(chronology(&run.json()), ["c/z", "a/x", "a/y", "b/x", "b/w"]);
}

#[test]
fn an_ambiguous_plain_id_lists_its_candidates() {
    let t = trilogy();
    t.write(
        "saga/3-c.scenes",
        "work c: Gamma\n  released: 1995\nscene z: Z\n  story: before x by 2y\n",
    );
    let run = t.cmd(&["check", "saga"]).status(1).stderr_any().run();
    let run = run
        .error_at("E0605", "saga/3-c.scenes:4:17")
        .stderr_contains("`x` is a scene of 2 works: `a/x`, `b/x`");
    assert_eq!(run.count("E0605"), 1);
    // One mistake, one error: no "unknown scene" besides.
    assert_eq!(run.count("E0202"), 0);
}

#[test]
fn unknown_and_incomplete_references_are_clear_errors() {
    let t = trilogy();
    t.write(
        "saga/3-c.scenes",
        "work c: Gamma\n  released: 1995\nscene z: Z\n  story: before nowhere/x, after a/\nscene v: V\n  story: after a/nope\n",
    );
    t.cmd(&["check", "saga"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0606", "saga/3-c.scenes:4:17")
        .stderr_contains("declared works are `a`, `b`, `c`")
        .error_at("E0607", "saga/3-c.scenes:4:34")
        .error_at("E0202", "saga/3-c.scenes:6:16");
}

#[test]
fn a_reference_into_another_work_in_a_story_without_works() {
    Test::new()
        .file(
            "s.scenes",
            "title: T\nscene a: A\n  story: 2000\nscene b: B\n  story: after w/a\n",
        )
        .cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0606", "s.scenes:5:16")
        .stderr_contains("this story has no `work` lines");
}

#[test]
fn malformed_works_are_one_error_each() {
    let t = Test::new()
        .file("s/00.scenes", "title: T\n")
        .file(
            "s/1.scenes",
            "work a: A\n  released: 1990\nwork b: B\nscene x: X\n  story: 2000\n  released: 1991\n",
        )
        .file("s/2.scenes", "work b: B again\nscene y: Y\n  story: 2001\n");
    let run = t.cmd(&["check", "s"]).status(1).stderr_any().run();
    let run = run
        .error_at("E0602", "s/1.scenes:1:6")
        .error_at("E0601", "s/1.scenes:6:3")
        .error_at("E0603", "s/2.scenes:1:6");
    for code in ["E0601", "E0602", "E0603"] {
        assert_eq!(run.count(code), 1, "{code}");
    }
}

#[test]
fn a_scene_before_the_first_work_line_belongs_to_no_work() {
    Test::new()
        .file(
            "s.scenes",
            "title: T\nscene early: E\n  story: 2000\nscene early2: E\n  story: 2000\nwork a: A\nscene x: X\n  story: 2001\n",
        )
        .cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0604", "s.scenes:2:7");
}

#[test]
fn work_fields_are_checked() {
    let run = Test::new()
        .file(
            "s.scenes",
            "title: T\nwork a: A\n  season: one\n  runtime: 2 hours\n  released: 1990-13\n  note:\nscene x: X\n  story: 2000\n",
        )
        .cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_any()
        .run();
    let run = run
        .error_at("E0608", "s.scenes:3:11")
        .error_at("E0105", "s.scenes:5:13")
        .error_at("E0116", "s.scenes:6:8");
    assert_eq!(run.count("E0608"), 2, "season and runtime");
}

#[test]
fn screen_time_restarts_in_each_work() {
    // Two works in one file, each from 00:00:00: no E0109.
    Test::new()
        .file(
            "s.scenes",
            "title: T\nwork a: A\nscene x: X\n  screen: 00:30:00 .. 00:40:00\n  story: 2000\nwork b: B\nscene y: Y\n  screen: 00:00:00 .. 00:10:00\n  story: 2001\n",
        )
        .cmd(&["check", "s.scenes"])
        .status(0)
        .stderr("no problems in 1 file\n")
        .run();
    // The same scenes in one work: the second starts before the first.
    Test::new()
        .file(
            "s.scenes",
            "title: T\nwork a: A\nscene x: X\n  screen: 00:30:00 .. 00:40:00\n  story: 2000\nscene y: Y\n  screen: 00:00:00 .. 00:10:00\n  story: 2001\n",
        )
        .cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0109", "s.scenes:7:11");
}

#[test]
fn the_default_telling_falls_back_to_season_and_episode_then_file_order() {
    let episodes = |b_season: &str| {
        Test::new().file(
            "s.scenes",
            format!("title: T\nwork a: A\n  season: 2\n  episode: 1\nscene x: X\n  story: 2000\nwork b: B\n{b_season}scene y: Y\n  story: 2001\n"),
        )
    };
    let telling = |t: &Test| -> Vec<String> {
        let run = t
            .cmd(&["order", "s.scenes", "--format", "json"])
            .status(0)
            .stdout_any()
            .run();
        // Chronology is x then y; read each one's telling position.
        run.json()["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["telling"].to_string())
            .collect()
    };
    // b is season 1: told first.
    assert_eq!(
        telling(&episodes("  season: 1\n  episode: 5\n")),
        ["2", "1"]
    );
    // b has neither: file order.
    assert_eq!(telling(&episodes("")), ["1", "2"]);
}

#[test]
fn a_viewing_order_is_the_telling_with_order() {
    let t = trilogy();
    let run = t
        .cmd(&["order", "saga", "--format", "json", "--order", "chrono"])
        .status(0)
        .stdout_any()
        .run();
    let telling: Vec<u64> = run.json()["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["telling"].as_u64().unwrap())
        .collect();
    // Order c, a, b: c/z 1, a/x 2, a/y 3, b/x 4.
    assert_eq!(telling, [1, 2, 3, 4]);
}

#[test]
fn an_undeclared_order_is_a_usage_error_listing_the_declared_ones() {
    let t = trilogy();
    for command in ["order", "stats"] {
        t.cmd(&[command, "saga", "--order", "machete"])
            .status(2)
            .stderr_contains("no viewing order `machete`; the declared orders are `chrono` (saga/00-saga.scenes:2:7), `two` (saga/00-saga.scenes:3:7)")
            .run();
    }
    t.cmd(&["render", "saga", "-o", "out", "--order", "machete"])
        .status(2)
        .stderr_any()
        .run();
    assert!(!t.dir().join("out").exists());
}

#[test]
fn an_order_naming_an_unknown_or_repeated_work_is_an_error() {
    let t = trilogy();
    t.write(
        "saga/00-saga.scenes",
        "title: Saga\norder chrono: c, a, zz\norder two: a, a\norder two: b\n",
    );
    let run = t.cmd(&["check", "saga"]).status(1).stderr_any().run();
    run.error_at("E0606", "saga/00-saga.scenes:2:21")
        .error_at("E0609", "saga/00-saga.scenes:3:15")
        .error_at("E0609", "saga/00-saga.scenes:4:7");
}

#[test]
fn fmt_keeps_works_and_orders() {
    let t = Test::new().file(
        "s.scenes",
        "title: T\norder o:a,b\nwork a:A\n  released:1990\n  # note\n  runtime:   2h1m\nscene x: X\n  story: 2000\nwork b: B\nscene y: Y\n  story: after a/x\n",
    );
    t.cmd(&["fmt", "s.scenes"]).stdout_any().stderr_any().run();
    assert_eq!(
        t.read("s.scenes"),
        "title: T\n\norder o: a, b\n\nwork a: A\n  released: 1990\n  # note\n  runtime:  2h1m\n\nscene x: X\n  story: 2000\n\nwork b: B\n\nscene y: Y\n  story: after a/x\n"
    );
    t.cmd(&["check", "s.scenes"])
        .status(0)
        .stderr("no problems in 1 file\n")
        .run();
}
