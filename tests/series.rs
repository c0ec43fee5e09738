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

/// `value` is a number within rounding of `expected`.
#[track_caller]
fn close(value: &serde_json::Value, expected: f64) {
    let v = value.as_f64().unwrap_or(f64::NAN);
    assert!((v - expected).abs() < 1e-12, "{v} is not {expected}");
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

// ----- outputs -----------------------------------------------------------------

#[test]
fn order_works_lists_the_works_in_story_order() {
    let t = trilogy();
    // Story order: c (before a/x by 2y), a (2000), b (after a/y by 10y);
    // released b 1985, a 1990, c 1995, so told b, a, c.
    let run = t
        .cmd(&["order", "saga", "--works", "--format", "json"])
        .status(0)
        .stdout_any()
        .run();
    let works = run.json()["works"].as_array().unwrap().clone();
    let ids: Vec<&str> = works.iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c", "a", "b"]);
    let a = &works[1];
    assert_eq!(a["title"], "Alpha");
    assert_eq!(a["released"], "1990-05");
    assert_eq!(
        (a["telling"].as_u64(), a["chrono"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(a["earliest_start"], "2000-01-01T00:00:00");
    assert_eq!(a["scenes"], 2);
    // `y` has no length, so `a` is open at the end.
    assert!(a["latest_end"].is_null());
    let text = t
        .cmd(&["order", "saga", "--works"])
        .status(0)
        .stdout_any()
        .run()
        .stdout;
    assert!(text.starts_with("Saga: 3 works in story order\n"), "{text}");
    assert!(text.contains("  1  c   Gamma"), "{text}");
    let csv = t
        .cmd(&["order", "saga", "--works", "--format", "csv"])
        .status(0)
        .stdout_any()
        .run()
        .stdout;
    assert_eq!(
        csv.lines().next(),
        Some("id,title,released,telling,chrono,earliest_start,latest_end,scenes")
    );
    assert!(
        csv.contains("\na,Alpha,1990-05,2,2,2000-01-01T00:00:00,,2\n"),
        "{csv}"
    );
}

#[test]
fn order_json_gives_every_scene_its_work() {
    let run = trilogy()
        .cmd(&["order", "saga", "--format", "json"])
        .status(0)
        .stdout_any()
        .run();
    let json = run.json();
    let works: Vec<&str> = json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["work"].as_str().unwrap())
        .collect();
    assert_eq!(works, ["c", "a", "a", "b"]);
    assert_eq!(json["works"].as_array().unwrap().len(), 3);
    // Without works: `work` is null and `works` empty.
    let plain = Test::new()
        .file("s.scenes", "title: T\nscene a: A\n  story: 2000\n")
        .cmd(&["order", "s.scenes", "--format", "json"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    assert!(plain["scenes"][0]["work"].is_null());
    assert_eq!(plain["works"], serde_json::json!([]));
}

#[test]
fn stats_measure_the_works_for_the_telling_and_every_order() {
    let t = trilogy();
    let run = t
        .cmd(&["stats", "saga", "--format", "json"])
        .status(0)
        .stdout_any()
        .run();
    let works = run.json()["works"].clone();
    // Told b, a, c against story order c, a, b: chrono positions 2, 1, 0,
    // all three pairs inverted; footrule 2 + 0 + 2 = 4 over 3 pairs.
    assert_eq!(works["inversions"], 3);
    assert_eq!(works["kendall_tau"], -1.0);
    assert_eq!(works["nonlinearity_index"], 4.0 / 3.0);
    // `chrono` is c, a, b: story order exactly.
    let chrono = &works["orders"]["chrono"];
    assert_eq!(chrono["inversions"], 0);
    assert_eq!(chrono["kendall_tau"], 1.0);
    // `two` names a and c only, told a, c but story order c, a.
    let two = &works["orders"]["two"];
    assert_eq!(two["inversions"], 1);
    assert_eq!(two["kendall_tau"], -1.0);
    assert_eq!(two["nonlinearity_index"], 2.0);
    let per_work = works["per_work"].as_array().unwrap();
    assert_eq!(per_work[0]["id"], "b");
    assert_eq!(per_work[0]["screen_ms"], 300_000);
    assert_eq!(per_work[1]["screen_ms"], 1_200_000);
    // With --order, the top three follow it.
    let told = t
        .cmd(&["stats", "saga", "--format", "json", "--order", "two"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    assert_eq!(told["works"]["inversions"], 1);
    assert_eq!(told["works"]["nonlinearity_index"], 2.0);
    // Without works there is no `works` key at all.
    let plain = Test::new()
        .file("s.scenes", "title: T\nscene a: A\n  story: 2000\n")
        .cmd(&["stats", "s.scenes", "--format", "json"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    assert!(plain.get("works").is_none());
}

#[test]
fn export_keeps_works_their_fields_and_orders() {
    let json = trilogy()
        .cmd(&["export", "saga"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    let story = &json["stories"][0];
    let works = story["works"].as_array().unwrap();
    assert_eq!(works[1]["id"], "a");
    assert_eq!(works[1]["fields"]["director"], "Someone");
    assert_eq!(works[1]["file"], "saga/1-a.scenes");
    assert_eq!(works[1]["line"], 1);
    assert_eq!(story["orders"]["two"], serde_json::json!(["a", "c"]));
    assert_eq!(story["scenes"][0]["id"], "b/x");
    assert_eq!(story["scenes"][0]["work"], "b");
}

#[test]
fn a_contradiction_across_works_names_each_step_s_work_and_line() {
    let t = trilogy();
    // c/z is before a/x by 2y, yet now after b/x, which is 10y after a/y.
    t.write(
        "saga/3-c.scenes",
        "work c: Gamma\n  released: 1995\nscene z: Z\n  story: before a/x by 2y, after b/x\n",
    );
    t.cmd(&["check", "saga"])
        .status(1)
        .stderr_any()
        .run()
        .stderr_contains("[Gamma, saga/3-c.scenes:4]")
        .stderr_contains("[Beta, saga/2-b.scenes:")
        .stderr_contains("`b/x`");
}

#[test]
fn a_character_dead_in_one_work_caught_in_a_later_set_one() {
    let t = trilogy();
    t.write(
        "saga/1-a.scenes",
        "work a: Alpha\n  released: 1990-05\nscene x: X\n  story: 2000\n  cast: Ana\nscene y: Y\n  story: after x by 1d\n",
    );
    // b/x is at least ten years after a/y: 2010 or later, after Ana's death.
    t.write(
        "saga/2-b.scenes",
        "work b: Beta\n  released: 1985\nscene x: X of Beta\n  story: after a/y by 10y\n  cast: Ana\n",
    );
    t.cmd(&["check", "saga"])
        .status(1)
        .stderr_any()
        .run()
        .error_at("E0405", "saga/2-b.scenes:5:9")
        .stderr_contains("`Ana` appears in `b/x` after dying")
        .stderr_contains("`Ana` is last seen alive in Alpha (`a/x`), and this scene is in Beta");
}

#[test]
fn render_draws_the_works_view_for_a_series_only() {
    let t = trilogy().file("plain.scenes", "title: Plain\nscene a: A\n  story: 2000\n");
    t.cmd(&["render", "saga", "plain.scenes", "-o", "out"])
        .status(0)
        .stdout_any()
        .stderr_any()
        .run();
    let svg = t.read("out/saga.works.svg");
    assert!(t.dir().join("out/saga.lanes.svg").exists());
    assert!(!t.dir().join("out/plain.works.svg").exists());
    // One labelled row per work, in telling order b, a, c.
    let labels: Vec<usize> = ["Beta (1985)", "Alpha (1990)", "Gamma (1995)"]
        .iter()
        .map(|l| svg.find(&format!(">{l}<")).expect(l))
        .collect();
    assert!(labels[0] < labels[1] && labels[1] < labels[2], "{labels:?}");
    assert_eq!(svg.matches("class=\"work-bar\"").count(), 3);
    // The lanes view names the works above the telling.
    let lanes = t.read("out/saga.lanes.svg");
    assert!(lanes.contains(">Beta (1985)<"));
    // `--view works` on a story without works draws nothing, with a note.
    t.cmd(&["render", "plain.scenes", "-o", "out2", "--view", "works"])
        .status(0)
        .stdout_any()
        .stderr_contains("note: Plain has no works")
        .run();
    assert!(!t.dir().join("out2/plain.works.svg").exists());
}

#[test]
fn the_report_has_a_works_section_and_view() {
    let t = trilogy();
    t.cmd(&["report", "saga", "-o", "saga.html"])
        .status(0)
        .stdout_any()
        .stderr_any()
        .run();
    let page = t.read("saga.html");
    assert!(page.contains("<section id=\"works\">"));
    assert!(page.contains("view-works"));
    assert!(page.contains("<td>Gamma</td>"));
}

#[test]
fn the_bundled_series_reads_in_story_order_with_its_orders() {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let narnia = repo.join("scenes/narnia");
    let narnia = narnia.to_str().unwrap();
    let t = Test::new();
    let run = t
        .cmd(&["order", narnia, "--works", "--format", "json"])
        .status(0)
        .stdout_any()
        .run();
    let ids: Vec<String> = run.json()["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["mn", "lww", "hhb", "pc", "vdt", "sc", "lb"]);
    let stats = t
        .cmd(&["stats", narnia, "--format", "json"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    // Published lww pc vdt sc hhb mn lb: story positions 1 3 4 5 2 0 6,
    // 8 inversions of 21 pairs, footrule 1+2+2+2+2+5+0 = 14.
    assert_eq!(stats["works"]["inversions"], 8);
    close(&stats["works"]["kendall_tau"], 5.0 / 21.0);
    close(&stats["works"]["nonlinearity_index"], 14.0 / 21.0);
    assert_eq!(stats["works"]["orders"]["reading"]["inversions"], 0);
    assert_eq!(stats["works"]["orders"]["films"]["kendall_tau"], 1.0);
}

// ----- a held-out-style saga ---------------------------------------------------

/// Works in the saga.
const SAGA: usize = 24;

/// Work `k`'s place in story order: 7k mod 24 (7 is coprime with 24, so
/// every place is taken once).
fn story_rank(k: usize) -> usize {
    k * 7 % SAGA
}

/// Work `k`'s place in release order: 5k mod 24.
fn release_rank(k: usize) -> usize {
    k * 5 % SAGA
}

/// A saga of 24 films, one file each, in file order `k` = 0 … 23: film
/// `k` is set in the year 1000 + 10·story_rank(k) and released in
/// 1950 + release_rank(k). Each has three scenes a few days apart; the
/// first is tied to the last scene of the film set just before it by a
/// cross-work constraint (`after wJ/c by 9y..11y`), the other two refer to
/// their own film's scenes by plain id (every film has `a`, `b` and `c`).
/// The header declares `odd`: the odd films in descending file order.
fn saga() -> Test {
    let by_rank: Vec<usize> = {
        let mut v = vec![0; SAGA];
        for k in 0..SAGA {
            v[story_rank(k)] = k;
        }
        v
    };
    let odd: Vec<String> = (0..SAGA)
        .rev()
        .filter(|k| k % 2 == 1)
        .map(|k| format!("w{k}"))
        .collect();
    let mut t = Test::new().file(
        "saga/00-saga.scenes",
        format!("title: Saga\norder odd: {}\n", odd.join(", ")),
    );
    for k in 0..SAGA {
        let rank = story_rank(k);
        let year = 1000 + 10 * rank;
        let tie = match rank {
            0 => String::new(),
            r => format!(", after w{}/c by 9y..11y", by_rank[r - 1]),
        };
        t = t.file(
            &format!("saga/{k:02}-w{k}.scenes"),
            format!(
                "work w{k}: Film {k}\n  released: {}\n\nscene a: Opening\n  story: {year}-06-01{tie}, for 1h\nscene b: Middle\n  story: after a by 1d..3d, for 1h\nscene c: Ending\n  story: after b by 1d..3d, for 1h\n",
                1950 + release_rank(k)
            ),
        );
    }
    t
}

/// Inversions, Kendall tau and nonlinearity index of `positions` (the story
/// rank of each item told, ranks 0..n), counted pair by pair.
fn naive_measures(positions: &[usize]) -> (u64, f64, f64) {
    let n = positions.len();
    let mut inversions = 0u64;
    for i in 0..n {
        for j in i + 1..n {
            if positions[i] > positions[j] {
                inversions += 1;
            }
        }
    }
    let pairs = (n * (n - 1) / 2) as f64;
    let footrule: usize = positions
        .iter()
        .enumerate()
        .map(|(t, &c)| t.abs_diff(c))
        .sum();
    (
        inversions,
        1.0 - 2.0 * inversions as f64 / pairs,
        footrule as f64 / pairs,
    )
}

/// Ranks 0..n of `values` (distinct) in ascending order.
fn ranks(values: &[usize]) -> Vec<usize> {
    values
        .iter()
        .map(|v| values.iter().filter(|w| *w < v).count())
        .collect()
}

#[test]
fn a_24_work_saga_orders_works_and_scenes_and_measures_its_tellings() {
    let t = saga();
    t.cmd(&["check", "saga"])
        .status(0)
        .stderr("no problems in 25 files\n")
        .run();

    // Works in story order: by story rank.
    let mut expected_works: Vec<usize> = (0..SAGA).collect();
    expected_works.sort_by_key(|&k| story_rank(k));
    let works = t
        .cmd(&["order", "saga", "--works", "--format", "json"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    let got: Vec<String> = works["works"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = expected_works.iter().map(|k| format!("w{k}")).collect();
    assert_eq!(got, want);
    // Each work's telling position is its release rank (from 1).
    for w in works["works"].as_array().unwrap() {
        let k: usize = w["id"].as_str().unwrap()[1..].parse().unwrap();
        assert_eq!(w["telling"].as_u64(), Some(release_rank(k) as u64 + 1));
    }

    // Scenes in story order: film by film, a, b, c within each.
    let scenes = t
        .cmd(&["order", "saga", "--format", "json"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    let expected_scenes: Vec<String> = expected_works
        .iter()
        .flat_map(|k| ["a", "b", "c"].map(|s| format!("w{k}/{s}")))
        .collect();
    assert_eq!(chronology(&scenes), expected_scenes);

    // Work-level measures of the release order: the story rank of each
    // film in release order.
    let mut released: Vec<usize> = (0..SAGA).collect();
    released.sort_by_key(|&k| release_rank(k));
    let positions: Vec<usize> = released.iter().map(|&k| story_rank(k)).collect();
    let (inversions, tau, index) = naive_measures(&positions);
    let stats = t
        .cmd(&["stats", "saga", "--format", "json"])
        .status(0)
        .stdout_any()
        .run()
        .json();
    let w = &stats["works"];
    assert_eq!(w["inversions"].as_u64(), Some(inversions));
    close(&w["kendall_tau"], tau);
    close(&w["nonlinearity_index"], index);
    // The telling is not trivially ordered, so these numbers say something.
    assert!(inversions > 0 && tau < 1.0);

    // The declared order: odd films, descending; measured over those 12,
    // their story ranks re-ranked among themselves.
    let odd: Vec<usize> = (0..SAGA).rev().filter(|k| k % 2 == 1).collect();
    let odd_ranks = ranks(&odd.iter().map(|&k| story_rank(k)).collect::<Vec<_>>());
    let (inversions, tau, index) = naive_measures(&odd_ranks);
    let o = &w["orders"]["odd"];
    assert_eq!(o["inversions"].as_u64(), Some(inversions));
    close(&o["kendall_tau"], tau);
    close(&o["nonlinearity_index"], index);
}

#[test]
fn a_saga_contradiction_names_both_works() {
    let t = saga();
    // Film 0 (story rank 0, year 1000) now also after film 1's ending.
    t.write(
        "saga/00-w0.scenes",
        "work w0: Film 0\n  released: 1950\n\nscene a: Opening\n  story: 1000-06-01, after w1/c, for 1h\nscene b: Middle\n  story: after a by 1d..3d, for 1h\nscene c: Ending\n  story: after b by 1d..3d, for 1h\n",
    );
    let run = t.cmd(&["check", "saga"]).status(1).stderr_any().run();
    assert_eq!(run.count("E0301"), 1);
    run.stderr_contains("[Film 0, saga/00-w0.scenes:5]")
        .stderr_contains("[Film 1, saga/01-w1.scenes:");
}
