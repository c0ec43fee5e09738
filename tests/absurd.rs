//! Tags that parse and agree, yet cannot be meant (issue 11, item 4):
//! `repeats:` loops (`E0305`), screen time past the runtime (`W0306`),
//! scenes that may last more than a year (`W0307`), a path with no story
//! (exit 2) and a story on standard input.

mod common;

use common::Test;

#[test]
fn scenes_that_repeat_each_other_are_one_error() {
    let two = "title: T\nscene a: A\n  story: 2020-01-01\n  repeats: b\nscene b: B\n  repeats: a\n";
    let run = Test::new()
        .file("s.scenes", two)
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0305", "s.scenes:4:3")
        .summary("1 error in 1 file");
    assert!(
        run.stderr.contains("`a` and `b` repeat each other"),
        "{}",
        run.stderr
    );
    // A longer loop is still one error; a chain that ends is none.
    let three = "title: T\nscene a: A\n  story: 2020-01-01\n  repeats: c\nscene b: B\n  repeats: a\nscene c: C\n  repeats: b\n";
    Test::new()
        .file("s.scenes", three)
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0305", "s.scenes:4:3")
        .summary("1 error in 1 file");
    let chain = "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n  repeats: a\nscene c: C\n  repeats: b\n";
    Test::new()
        .file("s.scenes", chain)
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .summary("no problems in 1 file");
}

const SCREENS: &str = "title: T\nscene a: A\n  screen: 00:00:00 .. 00:10:00\n  story: 2020-01-01\nscene b: B\n  screen: 00:10:00 .. END\n  story: after a\nscene c: C\n  screen: 00:20:00 .. 00:30:00\n  story: after b\n";

#[test]
fn a_timecode_past_the_runtime_is_one_warning() {
    for end in ["32:00:00", "999999:00:00"] {
        Test::new()
            .file("s.scenes", SCREENS.replace("END", end))
            .args(&["check", "s.scenes"])
            .run()
            .status(0)
            .warning_at("W0306", "s.scenes:6:3")
            .stderr_contains("past the runtime of 10:00:00")
            // The next scene starts before that end: not an overlap too.
            .summary("1 warning in 1 file");
    }
    // At the runtime is fine; the runtime is configurable.
    Test::new()
        .file("s.scenes", SCREENS.replace("END", "10:00:00"))
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .stderr_lacks("W0306");
    Test::new()
        .file("s.scenes", SCREENS.replace("END", "10:00:01"))
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .warning_at("W0306", "s.scenes:6:3");
    Test::new()
        .file("s.scenes", SCREENS.replace("END", "32:00:00"))
        .file("chronotope.toml", "[telling]\nruntime = \"40h\"\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .stderr_lacks("W0306");
}

#[test]
fn scenes_past_the_runtime_one_after_another_are_one_warning() {
    // `b` and `c` both run past 15 minutes: the work is longer than its
    // runtime, one cause, so one warning on the first naming the last.
    Test::new()
        .file("s.scenes", SCREENS.replace("END", "00:20:00"))
        .file("chronotope.toml", "[telling]\nruntime = \"15m\"\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .warning_at("W0306", "s.scenes:6:3")
        .stderr_contains("`b` and 1 scene after it are on screen past the runtime of 00:15:00")
        .stderr_contains("`c`, the last, until 00:30:00")
        .stderr_contains("set `[telling] runtime = \"1h\"`")
        .summary("1 warning in 1 file");
    // The runtime it suggests is enough.
    Test::new()
        .file("s.scenes", SCREENS.replace("END", "00:20:00"))
        .file("chronotope.toml", "[telling]\nruntime = \"1h\"\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .stderr_lacks("W0306");
    // The runtime suggested covers the latest end in the run, which need
    // not be the last scene's.
    Test::new()
        .file("s.scenes", SCREENS.replace("END", "02:00:01"))
        .file("chronotope.toml", "[telling]\nruntime = \"15m\"\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .stderr_contains("`c`, the last, until 00:30:00")
        .stderr_contains("set `[telling] runtime = \"3h\"`")
        .summary("1 warning in 1 file");
    // A scene back within the runtime ends a run: a typo, then a run of
    // two, are two warnings.
    let story = "title: T\nscene a: A\n  screen: 00:00:00 .. 09:00:00\n  story: 2020-01-01\nscene b: B\n  screen: 00:10:00 .. 00:11:00\n  story: after a\nscene c: C\n  screen: 00:11:00 .. 00:20:00\n  story: after b\nscene d: D\n  screen: 00:20:00 .. 00:30:00\n  story: after c\n";
    Test::new()
        .file("s.scenes", story)
        .file("chronotope.toml", "[telling]\nruntime = \"15m\"\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .warning_at("W0306", "s.scenes:3:3")
        .stderr_contains("`a` is on screen until 09:00:00")
        .warning_at("W0306", "s.scenes:9:3")
        .stderr_contains("`c` and 1 scene after it")
        .summary("2 warnings in 1 file");
}

#[test]
fn a_scene_that_may_last_for_years_is_warned_about() {
    let story = |tags: &str| {
        format!("title: T\nera present: 2018 .. 2022\nscene a: A\n  story: 2018-06-01 18:00{tags}, present\n")
    };
    let run = Test::new()
        .file("s.scenes", story(""))
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .warning_at("W0307", "s.scenes:4:10");
    assert!(
        run.stderr
            .contains("no `for`: scene `a` may last until 2022-12-31"),
        "{}",
        run.stderr
    );
    Test::new()
        .file("s.scenes", story(" for 2h"))
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .summary("no problems in 1 file");
    // An era that ends within the year leaves no room for the absurd.
    Test::new()
        .file(
            "s.scenes",
            "title: T\nera present: 2018-06 .. 2018-12\nscene a: A\n  story: 2018-06-01 18:00, present\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .summary("no problems in 1 file");
    // Nothing bounds the end at all: an outline's ordinary scene.
    Test::new()
        .file("s.scenes", "title: T\nscene a: A\n  story: 2018-06-01\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .summary("no problems in 1 file");
}

#[test]
fn a_path_with_no_story_is_a_usage_error_and_stdin_is_read() {
    let t = Test::new().file("empty/notes.txt", "nothing here\n");
    t.cmd(&["check", "empty"])
        .status(2)
        .stderr_contains("empty")
        .run();
    t.cmd(&["check", "-"])
        .stdin("title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n")
        .stderr_contains("<stdin>:4:7")
        .run();
}
