//! End-to-end tests of the `chronotope` binary: exit codes, exact
//! `file:line:column` of every diagnostic the scene format promises, the JSON
//! formats, multi-file stories and large inputs.
//!
//! Human output is snapshotted (`tests/snapshots/cli__*.snap`); review changes
//! with `cargo insta review` or rerun with `INSTA_UPDATE=always`.

mod common;

use std::time::Duration;

use common::{repo, Run, Test};
use serde_json::Value;

/// Check one file called `story.scenes`.
fn check(text: impl AsRef<[u8]>) -> Run {
    Test::new()
        .file("story.scenes", text)
        .args(&["check", "story.scenes"])
        .run()
}

/// `check --format json` on one file, parsed.
fn check_json(text: &str) -> (Run, Value) {
    let run = Test::new()
        .file("story.scenes", text)
        .args(&["check", "--format", "json", "story.scenes"])
        .run();
    let json = run.json();
    (run, json)
}

/// Snapshot the full human output (stderr) of a run.
macro_rules! snapshot {
    ($name:literal, $run:expr) => {
        insta::assert_snapshot!($name, $run.stderr)
    };
}

// ----- the bad inputs of the scene-format issue ------------------------------

#[test]
fn missing_colon_after_scene_id() {
    let run = check("title: T\n\nscene ferry Strangers on the ferry\n  story: 2014-05-17\n")
        .status(1)
        .error_at("E0102", "story.scenes:3:13")
        .stderr_contains("expected `:` after the scene id `ferry`")
        .stderr_contains("help: write it as `scene ferry: TITLE`")
        // The scene still opens its block: its property is not a stray.
        .summary("1 error in 1 file");
    snapshot!("missing_colon_after_scene_id", run);
}

#[test]
fn scene_id_used_twice_labels_both_places() {
    let text = "title: T\n\nscene ferry: A\n  story: 2014\nscene ferry: B\n  story: 2015\n";
    let run = check(text)
        .status(1)
        .error_at("E0201", "story.scenes:5:7")
        .stderr_contains("scene id `ferry` is declared twice")
        .stderr_contains("first declared here")
        .stderr_contains("declared again here")
        .summary("1 error in 1 file");
    snapshot!("scene_id_used_twice", run);

    let (_, json) = check_json(text);
    let labels = json["diagnostics"][0]["labels"].as_array().unwrap();
    let at = |primary: bool| {
        labels
            .iter()
            .find(|l| l["primary"] == primary)
            .map(|l| (l["line"].clone(), l["column"].clone(), l["message"].clone()))
            .unwrap()
    };
    assert_eq!(at(true), (5.into(), 7.into(), "declared again here".into()));
    assert_eq!(
        at(false),
        (3.into(), 7.into(), "first declared here".into())
    );
}

#[test]
fn unknown_scene_with_and_without_suggestion() {
    let text = "title: T\n\nscene ferry: A\n  story: 2014\n\
                scene b: B\n  story: after nowhere\n\
                scene c: C\n  story: after fery\n";
    let run = check(text)
        .status(1)
        .error_at("E0202", "story.scenes:6:16")
        .error_at("E0202", "story.scenes:8:16")
        .stderr_contains("unknown scene `nowhere`")
        .stderr_contains("help: did you mean `ferry`?")
        .summary("2 errors in 1 file");
    // `nowhere` is not near any id, so it gets no "did you mean".
    let nowhere = run.stderr.split("unknown scene `fery`").next().unwrap();
    assert!(!nowhere.contains("did you mean"), "{nowhere}");
    snapshot!("unknown_scene", run);
}

#[test]
fn month_thirteen_day_forty() {
    let run = check("title: T\n\nscene a: A\n  story: 2014-13-40\n")
        .status(1)
        .error_at("E0105", "story.scenes:4:10")
        .stderr_contains("invalid date `2014-13-40`")
        .stderr_contains("month 13 is out of range");
    snapshot!("month_thirteen", run);
}

#[test]
fn february_29_of_a_common_year() {
    let run = check("title: T\n\nscene a: A\n  story: 2019-02-29\n")
        .status(1)
        .error_at("E0105", "story.scenes:4:10")
        .stderr_contains("not a leap year");
    snapshot!("february_29_common_year", run);
    // The same day of a leap year is fine.
    check("title: T\n\nscene a: A\n  story: 2020-02-29\n")
        .status(0)
        .summary("no problems in 1 file");
}

#[test]
fn duration_with_unknown_unit() {
    let run = check("title: T\n\nscene a: A\n  story: 2014\nscene b: B\n  story: after a by 3x\n")
        .status(1)
        .error_at("E0106", "story.scenes:6:21")
        .stderr_contains("invalid duration `3x`")
        .stderr_contains("unknown unit `x`");
    snapshot!("duration_unknown_unit", run);
}

#[test]
fn empty_duration_range() {
    let run =
        check("title: T\n\nscene a: A\n  story: 2014\nscene b: B\n  story: after a by 3d..1d\n")
            .status(1)
            .error_at("E0107", "story.scenes:6:21")
            .stderr_contains("the range `3d..1d` is empty")
            .stderr_contains("`1d..3d`");
    snapshot!("empty_duration_range", run);
}

#[test]
fn screen_time_going_backwards_within_a_line() {
    let run = check("title: T\n\nscene a: A\n  screen: 00:10:00 .. 00:05:00\n  story: 2014\n")
        .status(1)
        .error_at("E0109", "story.scenes:4:23")
        .stderr_contains("screen time runs backwards");
    snapshot!("screen_backwards_within_line", run);
}

#[test]
fn screen_time_going_backwards_between_scenes() {
    let text = "title: T\n\nscene a: A\n  screen: 00:10:00\n  story: 2014\n\
                scene b: B\n  screen: 00:05:00\n  story: 2014\n";
    let run = check(text)
        .status(1)
        .error_at("E0109", "story.scenes:7:11")
        .stderr_contains("scene `b` starts on screen before the scene above it")
        .stderr_contains("`a` starts later, at 00:10:00");
    snapshot!("screen_backwards_between_scenes", run);
}

#[test]
fn marker_value_not_declared() {
    let text = "title: T\n\nmarker hair:\n  dark:\n  bleached:\n\n\
                scene a: A\n  story: 2014\n  hair: blond\n";
    let run = check(text)
        .status(1)
        .error_at("E0205", "story.scenes:9:9")
        .stderr_contains("`blond` is not a declared value of marker `hair`")
        .stderr_contains("the marker is declared here")
        .stderr_contains("`hair` may be `dark`, `bleached`");
    snapshot!("marker_value_not_declared", run);
}

#[test]
fn cast_names_an_undeclared_character() {
    let text =
        "title: T\n\ncharacter Semih\n\nscene a: A\n  story: 2014\n  cast: Semih, Defne, Semi\n";
    let run = check(text)
        .status(1)
        .error_at("E0203", "story.scenes:7:16")
        .error_at("E0203", "story.scenes:7:23")
        .stderr_contains("unknown character `Defne`")
        .stderr_contains("did you mean `Semih`?")
        .summary("2 errors in 1 file");
    snapshot!("cast_undeclared_character", run);
}

#[test]
fn property_before_any_scene() {
    let run = check("  story: 2014\nscene a: A\n  story: 2014\n")
        .status(1)
        .error_at("E0110", "story.scenes:1:3")
        .stderr_contains("property before any scene");
    snapshot!("property_before_any_scene", run);

    // Unindented, after a header.
    let run = check("title: T\nstory: 2014\nscene a: A\n  story: 2014\n")
        .status(1)
        .error_at("E0110", "story.scenes:2:1")
        .stderr_contains("property `story` is not inside a scene");
    snapshot!("property_at_top_level_after_header", run);
}

#[test]
fn empty_file() {
    let run = check("")
        .status(1)
        .error_at("E0002", "story.scenes:1:1")
        .stderr_contains("the file is empty")
        .summary("1 error in 1 file");
    snapshot!("empty_file", run);
    // Blank lines and comments alone are still empty.
    check("\n# only a comment\n\n")
        .status(1)
        .error_at("E0002", "story.scenes:1:1");
}

/// A 10 MB line must neither panic nor take long, and must not be echoed.
fn huge_line(text: String, code: &str, at: &str) -> Run {
    // About 1 s in release on an idle machine (most of it drawing the
    // snippet); the limit catches quadratic work, not noise.
    let limit = if cfg!(debug_assertions) { 60 } else { 15 };
    let run = check(text)
        .status(1)
        .error_at(code, at)
        .faster_than(Duration::from_secs(limit));
    assert!(
        run.stderr.len() < 5_000,
        "{} bytes of output for a 10 MB line",
        run.stderr.len()
    );
    run
}

const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn ten_megabyte_line_at_the_top_level() {
    let run = huge_line("x".repeat(TEN_MB), "E0101", "story.scenes:1:1")
        // It is not empty; it is wrong.
        .stderr_lacks("E0002")
        .summary("1 error in 1 file");
    snapshot!("ten_megabyte_line", run);
}

#[test]
fn ten_megabyte_names_are_clipped_in_messages() {
    // Six runs: 10 MB each in release, 1 MB in (much slower) debug builds.
    let size = if cfg!(debug_assertions) {
        TEN_MB / 10
    } else {
        TEN_MB
    };
    let long = "a".repeat(size);
    let header = "title: T\n\nscene s: S\n";
    huge_line(
        format!("{header}  story: {long}\n"),
        "E0206",
        "story.scenes:4:10",
    );
    huge_line(
        format!("{header}  story: after {long}\n"),
        "E0202",
        "story.scenes:4:16",
    );
    huge_line(
        format!("{header}  story: 2014\n  cast: {long}\n"),
        "E0203",
        "story.scenes:5:9",
    );
    huge_line(
        format!("{header}  story: 2014\n  {long}: x\n"),
        "E0204",
        "story.scenes:5:3",
    );
    huge_line(
        format!("{header}  story: 2014\n  mode: {long}\n"),
        "E0208",
        "story.scenes:5:9",
    );
    huge_line(
        format!("{header}  story: 1{long}\n"),
        "E0105",
        "story.scenes:4:10",
    );
}

#[test]
fn invalid_utf8_reports_the_byte_offset() {
    let mut bytes = b"title: T\n\nscene a: A\n  story: 2014\n  where: caf".to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xe9 noir\n");
    let run = check(bytes)
        .status(1)
        .error_at("E0001", "story.scenes:5:13")
        .stderr_contains(&format!(
            "the file is not valid UTF-8 (byte offset {offset})"
        ));
    assert_eq!(offset, 47);
    snapshot!("invalid_utf8", run);
    // The offset counts bytes of the file, byte-order mark included.
    check(b"\xef\xbb\xbftitle: T\n\xff\n")
        .status(1)
        .error_at("E0001", "story.scenes:2:1")
        .stderr_contains("(byte offset 12)");
}

#[test]
#[cfg_attr(debug_assertions, ignore = "run with --release")]
fn two_hundred_thousand_scenes_check_clean() {
    let mut text = String::from("title: Many\ncharacter Ana\n");
    for i in 0..200_000u32 {
        let story = match i {
            0 => "2014-05-17 18:00 for 5m".to_string(),
            _ if i % 1000 == 0 => format!("after s{} by 1m..1h, for 2m", i - 1),
            _ => format!("after s{}", i - 1),
        };
        let (h, m, s) = (i / 3600, i / 60 % 60, i % 60);
        text.push_str(&format!(
            "scene s{i}: Scene {i}\n  screen: {h:02}:{m:02}:{s:02}\n  story: {story}\n  cast: Ana\n"
        ));
    }
    // Screen time runs to 55 hours: say so, or W0306 flags it.
    Test::new()
        .file("chronotope.toml", "[telling]\nruntime = \"60h\"\n")
        .file("story.scenes", text)
        .args(&["check", "story.scenes"])
        .run()
        .status(0)
        .summary("no problems in 1 file")
        .faster_than(Duration::from_secs(20));
}

// ----- exit codes and the summary line -------------------------------------

#[test]
fn reference_story_checks_clean() {
    let reference = repo().join("scenes").join("dont-leave.scenes");
    Test::new()
        .args(&["check", reference.to_str().unwrap()])
        .run()
        .status(0)
        .summary("no problems in 1 file");
}

#[test]
fn every_bundled_story_checks_clean() {
    let scenes = repo().join("scenes");
    let run = Test::new()
        .args(&["check", "--deny", "warnings", scenes.to_str().unwrap()])
        .run();
    run.status(0).stderr_contains("no problems in");
}

#[test]
fn missing_path_is_an_io_error() {
    Test::new()
        .args(&["check", "nope.scenes"])
        .run()
        .status(2)
        .stderr_contains("cannot read `nope.scenes`: no such file or directory")
        .stderr_contains("1 path could not be read")
        .stderr_lacks("no problems");
    // A missing path wins over problems found in other files.
    Test::new()
        .file("bad.scenes", "")
        .args(&["check", "bad.scenes", "nope"])
        .run()
        .status(2);
}

#[test]
fn usage_errors_exit_2() {
    Test::new().args(&["check"]).run().status(2);
    Test::new().args(&["frobnicate"]).run().status(2);
    Test::new()
        .args(&["check", "--format", "xml", "a.scenes"])
        .run()
        .status(2);
}

#[test]
fn summary_counts_errors_warnings_and_files() {
    let run = Test::new()
        .file(
            "story/01-head.scenes",
            "title: T\n\ncharacter Ana\n\nscene a: A\n  story: 2014\n  cast: Ana, ana\n",
        )
        .file(
            "story/02-mid.scenes",
            "scene b: B\n  story: after nowhere\n",
        )
        .file("story/03-end.scenes", "scene c: C\n  story: 2014-13\n")
        .args(&["check", "story"])
        .run()
        .status(1)
        .warning_at("W0211", "story/01-head.scenes:7:14")
        .error_at("E0202", "story/02-mid.scenes:2:16")
        .error_at("E0105", "story/03-end.scenes:2:10")
        .summary("2 errors, 1 warning in 3 files");
    // Diagnostics are sorted by file, then position.
    let first = |code: &str| run.stderr.find(&format!("[{code}]")).unwrap();
    assert!(first("W0211") < first("E0202") && first("E0202") < first("E0105"));
}

#[test]
fn warnings_alone_exit_0() {
    check("title: T\ncharacter Ana\nscene a: A\n  story: 2014\n  cast: Ana, Ana\n")
        .status(0)
        .warning_at("W0211", "story.scenes:5:14")
        .summary("1 warning in 1 file");
}

// ----- JSON diagnostics ----------------------------------------------------

#[test]
fn json_diagnostics_locate_the_problem() {
    let (run, json) = check_json("title: T\n\nscene ferry: A\n  story: after nowhere\n");
    let run = run.status(1);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(json["files"], 1);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 0);
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "E0202");
    assert_eq!(d["message"], "unknown scene `nowhere`");
    assert_eq!(d["file"], "story.scenes");
    assert_eq!((&d["line"], &d["column"]), (&4.into(), &16.into()));
    // The end is exclusive: just past `nowhere`.
    assert_eq!((&d["end_line"], &d["end_column"]), (&4.into(), &23.into()));
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn json_of_a_clean_file() {
    let (run, json) = check_json("title: T\nscene a: A\n  story: 2014\n");
    run.status(0);
    assert_eq!(json["errors"], 0);
    assert_eq!(json["diagnostics"], Value::Array(vec![]));
}

#[test]
fn columns_count_code_points() {
    let text = "title: T\n\ncharacter Kadıköy\n\nscene Kadıköy: Ferry\n  story: 2014\n\
                scene b: B\n  story: after Kadıköy by 3x\n  cast: Kadıköy, Defne\n";
    check(text)
        .status(1)
        .error_at("E0106", "story.scenes:8:27")
        .error_at("E0203", "story.scenes:9:18");
    let (_, json) = check_json(text);
    let by_code = |code: &str| {
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == code)
            .cloned()
            .unwrap()
    };
    let unit = by_code("E0106");
    assert_eq!(
        (&unit["column"], &unit["end_column"]),
        (&27.into(), &29.into())
    );
    let cast = by_code("E0203");
    assert_eq!(
        (&cast["column"], &cast["end_column"]),
        (&18.into(), &23.into())
    );
}

// ----- encodings -------------------------------------------------------------

#[test]
fn crlf_and_bom_are_accepted() {
    let text =
        "\u{feff}title: T\r\n\r\nscene a: Title\r\n  story: 2014-05-17 18:00\r\n  where: Moda\r\n\
                scene b: B\r\n  story: after a by 1d..\r\n";
    check(text).status(0).summary("no problems in 1 file");
    let run = Test::new()
        .file("story.scenes", text)
        .args(&["export", "story.scenes"])
        .run()
        .status(0);
    let json = run.json();
    let scene = &json["stories"][0]["scenes"][0];
    assert_eq!(json["stories"][0]["title"], "T");
    assert_eq!(scene["title"], "Title");
    assert_eq!(scene["place"], "Moda");
    assert_eq!(scene["line"], 3);
}

#[test]
fn bom_is_not_a_column_and_crlf_not_part_of_a_span() {
    check("\u{feff}titel: T\r\nscene a: A\r\n  story: 2014\r\n")
        .status(1)
        .error_at("E0114", "story.scenes:1:1")
        .stderr_contains("did you mean `title`?");
    let (_, json) = check_json("title: T\r\nscene a: A\r\n  story: after b\r\n");
    let d = &json["diagnostics"][0];
    assert_eq!(d["code"], "E0202");
    assert_eq!((&d["line"], &d["column"]), (&3.into(), &16.into()));
    assert_eq!(d["end_column"], 17);
    assert_eq!(d["message"], "unknown scene `b`");
}

// ----- multi-file stories ----------------------------------------------------

fn export(test: Test, path: &str) -> Value {
    test.args(&["export", path]).run().status(0).json()
}

/// A one-scene story with a header.
fn single(title: &str) -> String {
    format!("title: {title}\nscene a: A\n  story: 2014\n")
}

fn titles(json: &Value) -> Vec<&str> {
    json["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect()
}

fn scene_ids(story: &Value) -> Vec<String> {
    story["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn directory_story_in_natural_order_header_first() {
    let test = Test::new()
        .file(
            "kal/05-header.scenes",
            "title: Kal\n\nera past: .. 2020-09\n\nscene head: H\n  story: 2014\n",
        )
        .file("kal/10-end.scenes", "scene end: E\n  story: after mid\n")
        .file(
            "kal/2-mid.scenes",
            "scene mid: M\n  story: past, after head\n",
        )
        .file(
            "kal/01-start.scenes",
            "scene start: S\n  story: before head\n",
        );
    let json = export(test, "kal");
    let stories = json["stories"].as_array().unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["title"], "Kal");
    assert_eq!(
        scene_ids(&stories[0]),
        ["head", "start", "mid", "end"],
        "header file first, then 01 < 2 < 10"
    );
    assert_eq!(stories[0]["files"][1], "kal/01-start.scenes");
    assert_eq!(stories[0]["files"][3], "kal/10-end.scenes");
    // Names resolve across files, in both directions.
    assert_eq!(stories[0]["scenes"][2]["story"][1]["scene"], "head");
    assert_eq!(stories[0]["scenes"][3]["story"][0]["scene"], "mid");
}

#[test]
fn headerless_directory_is_one_story_named_after_it() {
    let test = Test::new()
        .file("ferry/b.scenes", "scene two: 2\n  story: after one\n")
        .file("ferry/a.scenes", "scene one: 1\n  story: 2014\n");
    let json = export(test, "ferry");
    assert_eq!(json["stories"][0]["title"], "ferry");
    assert_eq!(scene_ids(&json["stories"][0]), ["one", "two"]);
}

#[test]
fn directory_with_several_headers_holds_several_stories() {
    let test = Test::new()
        .file("films/kal.scenes", single("Kal"))
        .file("films/gel.scenes", single("Gel"));
    // Separate stories: the same scene id in each is no duplicate.
    assert_eq!(titles(&export(test, "films")), ["Gel", "Kal"]);
}

#[test]
fn headerless_file_among_several_stories_is_an_error() {
    let run = Test::new()
        .file("films/kal.scenes", single("Kal"))
        .file("films/gel.scenes", single("Gel"))
        .file("films/extra.scenes", "scene b: B\n  story: after a\n")
        .args(&["check", "films"])
        .run()
        .status(1)
        .error_at("E0003", "films/extra.scenes:1:1")
        .stderr_contains(
            "`films/extra.scenes` has no story header, but its directory holds 2 stories",
        )
        .summary("1 error in 3 files");
    snapshot!("headerless_file_among_stories", run);
}

#[test]
fn subdirectories_are_stories_of_their_own() {
    let test = Test::new()
        .file("all/one/a.scenes", single("One"))
        .file("all/two/a.scenes", single("Two"))
        .file("all/.hidden/a.scenes", "this is not a scene file\n")
        .file("all/notes.txt", "ignored\n");
    assert_eq!(titles(&export(test, "all")), ["One", "Two"]);
}

#[test]
fn duplicate_ids_across_files_of_one_story() {
    let run = Test::new()
        .file("s/1.scenes", "title: T\nscene a: A\n  story: 2014\n")
        .file("s/2.scenes", "scene a: again\n  story: 2015\n")
        .args(&["check", "s"])
        .run()
        .status(1)
        .error_at("E0201", "s/2.scenes:1:7")
        .stderr_contains("first declared here");
    assert!(run.stderr.contains("s/1.scenes:2:7"), "{}", run.stderr);
}

// ----- export ----------------------------------------------------------------

#[test]
fn export_reference_story() {
    let path = repo().join("scenes/dont-leave.scenes");
    let json = export(Test::new(), path.to_str().unwrap());
    assert_eq!(json["format"], "chronotope-story");
    let story = &json["stories"][0];
    assert_eq!(story["title"], "Don't Leave");
    assert_eq!(story["slug"], "dont-leave");
    assert_eq!(story["header"]["original"], "Kal");
    assert_eq!(
        scene_ids(story),
        [
            "gone",
            "ferry",
            "friends",
            "moving-in",
            "letter",
            "quiet-dinner",
            "search",
            "rain",
            "argument",
            "ferry-again",
            "gallery",
            "memory-ferry",
            "last"
        ]
    );
    let scene = |id: &str| {
        story["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap()
    };
    let constraint = |id: &str, kind: &str| {
        scene(id)["story"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == kind)
            .unwrap_or_else(|| panic!("`{id}` has no `{kind}`"))
            .clone()
    };

    let friends = scene("friends");
    assert_eq!(friends["telling"], 3);
    let after = constraint("friends", "after");
    assert_eq!(after["scene"], "gone");
    assert_eq!(after["min_seconds"], 86_400);
    assert_eq!(after["max_seconds"], 259_200);
    assert_eq!(after["text"], "after gone by 1d..3d");
    assert_eq!(constraint("friends", "lasts")["max_seconds"], 3 * 3600);

    let gone = constraint("gone", "starts_within");
    assert_eq!(gone["earliest"], "2020-10-03T08:10:00");
    assert_eq!(gone["latest"], "2020-10-03T08:10:59");
    assert_eq!(constraint("gone", "lasts")["min_seconds"], 20 * 60);

    // `before gone by 1mo..`: at least the shortest month, no upper bound.
    let before = constraint("quiet-dinner", "before");
    assert_eq!(before["min_seconds"], 28 * 86_400);
    assert!(before.get("max_seconds").is_none());
    assert_eq!(constraint("quiet-dinner", "in_era")["era"], "past");

    // `moving-in + 2mo..4mo`: 59 to 123 days.
    let rain = constraint("rain", "offset");
    assert_eq!(rain["scene"], "moving-in");
    assert_eq!(rain["min_seconds"], 59 * 86_400);
    assert_eq!(rain["max_seconds"], 123 * 86_400);

    // `repeats:` and the hair marker's era become constraints too.
    let memory = scene("memory-ferry");
    assert_eq!(memory["repeats"], "ferry");
    assert_eq!(constraint("memory-ferry", "same_as")["origin"], "repeats");
    let era = constraint("memory-ferry", "in_era");
    assert_eq!(
        (&era["era"], &era["origin"]),
        (&"past".into(), &"marker".into())
    );
    assert_eq!(memory["markers"]["hair"], "dark");
    assert_eq!(scene("ferry")["cast"][1]["name"], "Defne");
    assert_eq!(scene("ferry")["place"], "Kadıköy ferry");
    assert_eq!(scene("gone")["screen_end"], "00:04:10");
}

#[test]
fn export_refuses_a_story_with_errors() {
    Test::new()
        .file("story.scenes", "title: T\nscene a: A\n  story: after b\n")
        .args(&["export", "story.scenes"])
        .run()
        .status(1)
        .error_at("E0202", "story.scenes:3:16")
        .stderr_contains("not exported");
}

#[test]
fn writer_slips_get_pointed_help() {
    // A character line missing its `:` before the dates: one error, and the
    // name is still declared so the cast does not cascade.
    check("title: T\ncharacter Ada born 1956-03-02\nscene a: A\n  story: 2004\n  cast: Ada\n")
        .status(1)
        .error_at("E0102", "story.scenes:2:15")
        .stderr_contains("write `character Ada: born 1956-03-02`")
        .stderr_lacks("E0203");
    // An hour without minutes after a date.
    check("title: T\nscene a: A\n  story: 2004-06-12 17\n")
        .status(1)
        .error_at("E0105", "story.scenes:3:21")
        .stderr_contains("write `2004-06-12 17:00`");
    // A fractional story duration.
    check("title: T\nscene a: A\n  story: 2004, for 1.5h\n")
        .status(1)
        .error_at("E0106", "story.scenes:3:20")
        .stderr_contains("story-time durations are whole numbers");
}

#[test]
fn a_story_without_scenes_is_a_warning() {
    check("title: T\ncharacter X\n")
        .status(0)
        .stderr_contains("warning[W0210]: the story has no scenes")
        .summary("1 warning in 1 file");
}

#[test]
fn a_missing_colon_in_a_declaration_does_not_cascade() {
    let run = check(
        "title: T\nera childhood 1968 .. 1975\nmarker coat:\n  oil childhood #c98b2b\nscene a: A\n  story: childhood\n  coat: oil\n",
    )
    .status(1)
    .error_at("E0102", "story.scenes:2:15")
    .error_at("E0102", "story.scenes:4:7");
    run.stderr_lacks("E0206")
        .stderr_lacks("E0205")
        .summary("2 errors in 1 file");
}

/// The global flags reach every command that reads stories: the load
/// options are passed to the pipeline, not kept in a process-wide default.
#[test]
fn every_loading_command_honours_input_format() {
    let script =
        "Title: Script\n\nINT. ROOM - DAY\n[[story: 2020-01-01 10:00 for 1h]]\n\nA scene.\n";
    let commands: &[&[&str]] = &[
        &["check", "script.txt"],
        &["order", "script.txt"],
        &["stats", "script.txt"],
        &["export", "script.txt"],
        &["render", "script.txt", "-o", "out"],
        &["report", "script.txt", "-o", "r.html"],
    ];
    for args in commands {
        Test::new()
            .file("script.txt", script)
            .args(args)
            .args(&["--input-format", "fountain"])
            .run()
            .status(0);
        // Read as a scene file, the same text is full of errors.
        Test::new()
            .file("script.txt", script)
            .args(args)
            .run()
            .status(1);
    }
}

#[test]
fn input_format_names_every_reader_and_refuses_others() {
    // The names come from the reader table; each one must be accepted
    // (exit 0 or 1 on this scene text, never the usage error 2).
    for name in [
        "auto",
        "scenes",
        "fountain",
        "fdx",
        "markdown",
        "csv",
        "tsv",
        "storycurve",
    ] {
        let run = Test::new()
            .file("story.scenes", "title: T\nscene a: A\n")
            .args(&["check", "--input-format", name, "story.scenes"])
            .run();
        assert_ne!(run.code, Some(2), "--input-format {name}: {}", run.stderr);
    }
    Test::new()
        .file("story.scenes", "title: T\nscene a: A\n")
        .args(&["check", "--input-format", "aeon", "story.scenes"])
        .run()
        .status(2)
        .stderr_contains(
            "[possible values: auto, scenes, fountain, fdx, markdown, csv, tsv, storycurve]",
        );
}
