//! Fountain scripts through the binary: every command reads them, diagnostics
//! point into the script, `--infer` explains itself and `import` round-trips.

mod common;

use common::{repo, Test};
use serde_json::Value;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/fountain").join(name))
        .unwrap_or_else(|e| panic!("read fixture {name}: {e}"))
}

fn export(test: Test, path: &str) -> Value {
    let run = test.args(&["export", path]).run().status(0);
    run.json()["stories"][0].clone()
}

fn ids(story: &Value) -> Vec<String> {
    story["scenes"]
        .as_array()
        .expect("scenes")
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_kind_of_heading_and_only_headings() {
    let story = export(
        Test::new().file("h.fountain", fixture("headings.fountain")),
        "h.fountain",
    );
    assert_eq!(story["title"], "Every Heading");
    assert_eq!(
        ids(&story),
        [
            "s1",
            "s2",
            "town-square-dawn-3",
            "car-moving-4",
            "s4-1",
            "s12A",
            "underwater-7",
            "B-2",
        ]
    );
    let scenes = story["scenes"].as_array().unwrap();
    assert_eq!(scenes[1]["place"], "kitchen");
    assert_eq!(scenes[3]["place"], "CAR");
    assert_eq!(scenes[6]["title"], "UNDERWATER");
    // Only the last `#…#` is the number; the first stays in the title.
    assert_eq!(scenes[7]["title"], "INT. LAST ROOM - DAY #A-1#");
}

#[test]
fn the_tricky_cases() {
    let run = Test::new()
        .file("tricky.fountain", fixture("tricky.fountain"))
        .args(&["check", "tricky.fountain"])
        .run()
        .status(0)
        // Two headings without a blank line between: neither is one.
        .warning_at("W0501", "tricky.fountain:7:1")
        .warning_at("W0501", "tricky.fountain:8:1")
        .warning_at("W0505", "tricky.fountain:20:18");
    assert_eq!(run.count("W0501"), 2, "{}", run.stderr);
    let story = export(
        Test::new().file("tricky.fountain", fixture("tricky.fountain")),
        "tricky.fountain",
    );
    // The scene in the boneyard does not exist; `...and then` is action.
    assert_eq!(
        ids(&story),
        [
            "first-day-1",
            "hello-day-2",
            "notes-day-3",
            "house-night-1973-flashback-4",
            "house-night-1974-flashback-5",
        ]
    );
    let notes = &story["scenes"][2];
    assert_eq!(
        notes["place"], "Notes room",
        "a note spanning lines, one tag a line"
    );
    assert_eq!(notes["story"][0]["text"], "after first-day-1 by 1d..");
    assert_eq!(story["scenes"][3]["place"], "HOUSE");
}

#[test]
fn heading_with_a_year_and_a_flashback_infers_both_unless_tagged() {
    let run = Test::new()
        .file("tricky.fountain", fixture("tricky.fountain"))
        .args(&["check", "--infer", "tricky.fountain"])
        .run()
        .status(0);
    assert!(run
        .stderr
        .contains("inferred `story: 1973` for scene `house-night-1973-flashback-4` from `1973`"));
    assert!(run.stderr.contains(
        "inferred `story: before notes-day-3` for scene `house-night-1973-flashback-4` from `FLASHBACK`"
    ));
    // The tagged scene takes nothing, and says so.
    assert_eq!(run.count("N0507"), 2, "{}", run.stderr);
    // Two from the cues, one for the scene with none, which continues the
    // present (docs/production.md).
    assert_eq!(run.count("N0506"), 3, "{}", run.stderr);
    assert!(run.stderr.contains(
        "inferred `story: after first-day-1` for scene `hello-day-2` from `INT. HELLO - DAY #*HELLO*#`: no cue, so it continues the present"
    ));
}

#[test]
fn structure_cues_sections_synopses_and_extensions() {
    let story = export(
        Test::new().file("s.fountain", fixture("structure.fountain")),
        "s.fountain",
    );
    let names: Vec<&str> = story["characters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    // `ADA` matches the declared `Ada`; `^`, `@`, `(V.O.)`, `(CONT'D)` stripped.
    assert_eq!(names, ["Ada", "BOB", "McCOY"]);
    let first = &story["scenes"][0];
    assert_eq!(first["synopsis"][1], "Second synopsis line.");
    assert_eq!(first["markers"]["hair"], "short");
    let cast: Vec<&str> = first["cast"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(cast, ["Ada", "BOB", "McCOY"]);
    assert_eq!(story["scenes"][1]["id"], "early");
    assert_eq!(story["scenes"][1]["markers"]["hair"], "long");
}

#[test]
fn diagnostics_point_into_the_script() {
    let run = Test::new()
        .file("errors.fountain", fixture("errors.fountain"))
        .args(&["check", "errors.fountain"])
        .run()
        .status(1)
        .error_at("E0106", "errors.fountain:4:27")
        .warning_at("W0504", "errors.fountain:5:3")
        .error_at("E0103", "errors.fountain:10:7")
        .error_at("E0203", "errors.fountain:11:9")
        .warning_at("W0502", "errors.fountain:13:1")
        .warning_at("W0503", "errors.fountain:17:1");
    assert!(
        run.stderr.contains("did you mean `story`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn crlf_bom_and_tabs() {
    let run = Test::new()
        .file("w.fountain", fixture("crlf-bom-tabs.fountain"))
        .args(&["order", "--format", "json", "w.fountain"])
        .run()
        .status(0);
    let json = run.json();
    let text = json.to_string();
    assert!(text.contains("\"s1\"") && text.contains("\"s2\""), "{text}");
    let story = export(
        Test::new().file("w.fountain", fixture("crlf-bom-tabs.fountain")),
        "w.fountain",
    );
    assert_eq!(story["title"], "Windows");
    assert_eq!(story["characters"][0]["name"], "BOB");
    // Columns count from the first character after the BOM.
    Test::new()
        .file(
            "w.fountain",
            fixture("crlf-bom-tabs.fountain").replace("2001-02-03", "2001-02-30"),
        )
        .args(&["check", "w.fountain"])
        .run()
        .status(1)
        .error_at("E0105", "w.fountain:4:10");
}

#[test]
fn screen_time_follows_the_page_model() {
    let story = export(
        Test::new().file("s.fountain", fixture("structure.fountain")),
        "s.fountain",
    );
    let scenes = story["scenes"].as_array().unwrap();
    assert_eq!(scenes[0]["screen_start"], "00:00:00");
    // Scenes abut: one ends where the next starts.
    assert_eq!(scenes[0]["screen_end"], scenes[1]["screen_start"]);
    // Heading (2 lines), three cues with dialogue, the cue with a
    // parenthetical: 2 + 3 + 3 + 3 = 12 lines at 55 a minute.
    assert_eq!(scenes[0]["screen_end"], "00:00:13.090");
}

#[test]
fn infer_is_opt_in_and_explains_every_inference() {
    Test::new()
        .file("c.fountain", fixture("infer.fountain"))
        .args(&["check", "c.fountain"])
        .run()
        .status(0)
        .stderr_lacks("N0506");
    let run = Test::new()
        .file("c.fountain", fixture("infer.fountain"))
        .args(&["check", "--infer", "c.fountain"])
        .run()
        .status(0);
    for expected in [
        "`story: after office-day-1 by ..1m` for scene `office-continuous-2` from `CONTINUOUS`",
        "`story: after office-continuous-2 by ..10m` for scene `cafe-moments-later-3` from `MOMENTS LATER`",
        "`story: after cafe-moments-later-3` for scene `street-later-4` from `LATER`",
        "`story: street-later-4 + 1d..2d` for scene `flat-the-next-morning-5` from `NEXT MORNING`",
        "`story: flat-the-next-morning-5 + 2d` for scene `flat-night-6` from `TWO DAYS LATER`",
        "`story: flat-night-6 - 6y` for scene `park-day-7` from `SIX YEARS EARLIER`",
        "`story: before park-day-7` for scene `school-day-1998-8` from `FLASHBACK`",
        "`story: 1998` for scene `school-day-1998-8` from `1998`",
        "`story: after park-day-7` for scene `flat-present-day-9` from `PRESENT DAY`",
        "`story: flat-present-day-9 + 0s` for scene `flat-same-time-10` from `SAME TIME`",
    ] {
        assert!(run.stderr.contains(expected), "missing {expected}\n{}", run.stderr);
    }
    // The note points at the words.
    let run = run.error_at_note();
    assert!(run.contains(&"c.fountain:32:8".to_string()), "{run:?}");
    // With the inferences every scene is placed.
    let order = Test::new()
        .file("c.fountain", fixture("infer.fountain"))
        .args(&["order", "--infer", "--format", "json", "c.fountain"])
        .run()
        .status(0)
        .json();
    assert!(!order.to_string().contains("\"placed\":false"), "{order}");
}

/// Locations of the `N0506` notes.
trait Notes {
    fn error_at_note(&self) -> Vec<String>;
}

impl Notes for common::Run {
    fn error_at_note(&self) -> Vec<String> {
        self.locations("note", "N0506")
    }
}

#[test]
fn a_companion_scene_file_declares_for_the_script() {
    let test = Test::new()
        .file("film/film.fountain", fixture("companion/film.fountain"))
        .file("film/film.scenes", fixture("companion/film.scenes"));
    let run = test.args(&["check", "film"]).run().status(0);
    assert!(
        run.stderr.contains("no problems in 2 files"),
        "{}",
        run.stderr
    );
    let story = export(
        Test::new()
            .file("film/film.fountain", fixture("companion/film.fountain"))
            .file("film/film.scenes", fixture("companion/film.scenes")),
        "film/film.fountain",
    );
    // One story, titled by the title page; `DR. OKAFOR` is the declared name.
    assert_eq!(story["title"], "With a Companion");
    assert_eq!(story["scenes"][0]["cast"][0]["name"], "Dr. Okafor");
    assert_eq!(story["scenes"][0]["markers"]["mood"], "tense");
    // Without the companion the markers are unknown: the notes are no tags.
    Test::new()
        .file("film.fountain", fixture("companion/film.fountain"))
        .args(&["check", "film.fountain"])
        .run()
        .status(1)
        .error_at("E0206", "film.fountain:5:10");
}

#[test]
fn input_format_overrides_the_extension() {
    let text = fixture("structure.fountain");
    Test::new()
        .file("script.txt", &text)
        .args(&["check", "script.txt"])
        .run()
        .status(1);
    Test::new()
        .file("script.txt", &text)
        .args(&["check", "--input-format", "fountain", "script.txt"])
        .run()
        .status(0);
    Test::new()
        .file("x.fountain", "title: T\nscene a: A\n")
        .args(&["check", "--input-format", "scenes", "x.fountain"])
        .run()
        .status(0);
}

fn round_trip(name: &str, text: &str, extra: &[&str]) {
    let script = format!("{name}.fountain");
    let out = format!("{name}.scenes.out");
    let test = Test::new().file(&script, text);
    let dir = test.dir().to_path_buf();
    let mut args = vec!["import", script.as_str(), "-o", out.as_str()];
    args.extend(extra);
    // The run keeps the directory alive until the end of the test.
    let _kept = test.args(&args).run().status(0);
    let order = |path: &str, format: &[&str]| {
        let mut args = vec!["order", "--format", "json"];
        args.extend(format);
        args.push(path);
        let run = Test::new()
            .file(path, std::fs::read(dir.join(path)).unwrap())
            .args(&args)
            .run()
            .status(0);
        run.stdout
    };
    let from_script = order(&script, extra);
    let from_import = order(&out, &["--input-format", "scenes"]);
    assert_eq!(from_script, from_import, "order differs for {name}");
    let check = Test::new()
        .file(&out, std::fs::read(dir.join(&out)).unwrap())
        .args(&["check", "--input-format", "scenes", &out])
        .run();
    assert_eq!(check.code, Some(0), "{}", check.stderr);
}

#[test]
fn import_round_trips() {
    round_trip("structure", &fixture("structure.fountain"), &[]);
    round_trip("headings", &fixture("headings.fountain"), &[]);
    round_trip("tricky", &fixture("tricky.fountain"), &["--infer"]);
    round_trip("infer", &fixture("infer.fountain"), &["--infer"]);
    round_trip("crlf", &fixture("crlf-bom-tabs.fountain"), &[]);
    let keeper =
        std::fs::read_to_string(repo().join("scenes/the-lighthouse-keeper.fountain")).unwrap();
    round_trip("keeper", &keeper, &[]);
}

#[test]
fn import_writes_a_scene_file_and_never_overwrites_without_force() {
    let test = Test::new()
        .file("s.fountain", fixture("structure.fountain"))
        .file("s.scenes", "title: existing\nscene a: A\n");
    let dir = test.dir().to_path_buf();
    let _kept = test
        .args(&["import", "s.fountain", "-o", "s.scenes"])
        .run()
        .status(2)
        .stderr_contains("pass `--force`");
    assert_eq!(
        std::fs::read_to_string(dir.join("s.scenes")).unwrap(),
        "title: existing\nscene a: A\n"
    );
    let test = Test::new().file("s.fountain", fixture("structure.fountain"));
    let dir = test.dir().to_path_buf();
    let _kept = test
        .args(&["import", "s.fountain", "-o", "s.scenes"])
        .run()
        .status(0);
    let written = std::fs::read_to_string(dir.join("s.scenes")).unwrap();
    for line in [
        "title: Structure",
        "era past: 1970 .. 1979",
        "character BOB",
        "scene studio-day-1: INT. STUDIO - DAY",
        "  where:  STUDIO",
        "  time:   day",
        "  cast:   Ada, BOB, McCOY",
        "  > Ada finishes the record.",
        "scene early: INT. STUDIO - NIGHT (1973)",
    ] {
        assert!(written.contains(line), "missing {line:?} in\n{written}");
    }
    // An imported file with a header is its own story, not a companion.
    Test::new()
        .file("s.fountain", fixture("structure.fountain"))
        .file("s.scenes", written)
        .args(&["check", "s.fountain"])
        .run()
        .status(0);
}

#[test]
fn import_refuses_a_script_with_errors() {
    let test = Test::new().file("e.fountain", fixture("errors.fountain"));
    let dir = test.dir().to_path_buf();
    let _kept = test
        .args(&["import", "e.fountain", "-o", "e.scenes"])
        .run()
        .status(1)
        .stderr_contains("not imported");
    assert!(!dir.join("e.scenes").exists());
}

#[test]
fn every_command_reads_the_bundled_screenplay() {
    let keeper = repo().join("scenes/the-lighthouse-keeper.fountain");
    let path = keeper.to_str().unwrap();
    Test::new()
        .args(&["check", "--deny", "warnings", path])
        .run()
        .status(0)
        .summary("no problems in 1 file");
    for command in ["order", "stats", "export"] {
        Test::new().args(&[command, path]).run().status(0);
    }
    let test = Test::new();
    let out = test.dir().join("out");
    test.args(&["render", path, "-o", out.to_str().unwrap()])
        .run()
        .status(0);
}
