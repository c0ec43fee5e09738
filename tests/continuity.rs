//! End-to-end tests of the continuity rules (issue 5): for every rule a
//! story that triggers it, with the code, severity, line and column of every
//! label, and a near miss that must not; rule configuration (flags,
//! `chronotope.toml`, directives), baselines, `--root`, `explain`, and
//! snapshots of every output format on a deliberately broken copy of the
//! reference story (`tests/fixtures/dont-leave-broken.scenes`).
//!
//! Snapshots are in `tests/snapshots/continuity__*.snap`; review changes
//! with `cargo insta review` or rerun with `INSTA_UPDATE=always`.

mod common;

use common::{repo, Run, Test};
use serde_json::Value;

/// `check --format json story.scenes` plus extra arguments, parsed.
fn check_json(text: &str, extra: &[&str]) -> (Run, Value) {
    let mut args = vec!["check", "--format", "json", "story.scenes"];
    args.extend_from_slice(extra);
    let run = Test::new().file("story.scenes", text).args(&args).run();
    let json = run.json();
    (run, json)
}

/// Diagnostics with a code.
fn with_code<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

/// `(line, column, primary)` of every label of a diagnostic, in order.
fn labels(d: &Value) -> Vec<(u64, u64, bool)> {
    d["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["column"].as_u64().unwrap(),
                l["primary"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Exactly one diagnostic with `code`, of `severity`, with these labels.
fn assert_one(json: &Value, code: &str, severity: &str, expected: &[(u64, u64, bool)]) -> Value {
    let found = with_code(json, code);
    assert_eq!(found.len(), 1, "expected one {code}: {json:#}");
    let d = found[0];
    assert_eq!(d["severity"], severity, "{d:#}");
    assert_eq!(labels(d), expected, "{d:#}");
    assert!(d["help"].is_string(), "every rule has a help line: {d:#}");
    d.clone()
}

/// No diagnostics at all, exit 0.
fn assert_clean(text: &str, extra: &[&str]) {
    let (run, json) = check_json(text, extra);
    assert_eq!(
        json["diagnostics"].as_array().map(Vec::len),
        Some(0),
        "{json:#}"
    );
    assert_eq!(run.code, Some(0));
}

// ----- rule 1: contradictions ------------------------------------------------

#[test]
fn contradiction_keeps_e0301_when_no_marker_is_involved() {
    let text = "title: T\nscene a: A\n  story: 2020-01-01 for 1d\nscene b: B\n  story: after a by 2d, before a\n";
    let (run, json) = check_json(text, &[]);
    assert_eq!(run.code, Some(1));
    // The cycle's order of telling is the engine's; check the places.
    let found = with_code(&json, "E0301");
    assert_eq!(found.len(), 1, "{json:#}");
    let d = found[0];
    assert_eq!(d["severity"], "error");
    let mut at = labels(d);
    assert_eq!(at.iter().filter(|l| l.2).count(), 1, "one primary label");
    at.sort();
    let places: Vec<(u64, u64)> = at.iter().map(|l| (l.0, l.1)).collect();
    // The minimal cycle needs neither the date nor `for 1d`: `after a by 2d`
    // and `before a` with both scenes' start-before-end (header lines).
    assert_eq!(places, vec![(2, 1), (4, 1), (5, 10), (5, 25)]);
    assert!(d["notes"].as_array().unwrap().len() >= 3, "the full cycle");
    assert_clean(
        "title: T\nscene a: A\n  story: 2020-01-01 for 1d\nscene b: B\n  story: after a by 2d\n",
        &[],
    );
}

// ----- rule 2: marker against era ----------------------------------------------

const ERAS: &str = "title: T\nera past: 2014-05 .. 2020-09\nera present: 2020-10 ..\nmarker hair:\n  dark: past\n  bleached: present\n  wig:\n";

#[test]
fn marker_against_era_is_e0401_in_the_writers_terms() {
    let text =
        format!("{ERAS}scene ferry-again: The ferry, alone\n  story: 2020-10-10\n  hair: dark\n");
    let (run, json) = check_json(&text, &[]);
    assert_eq!(run.code, Some(1));
    let d = assert_one(
        &json,
        "E0401",
        "error",
        &[(10, 3, true), (9, 10, false), (2, 22, false)],
    );
    assert_eq!(
        d["message"],
        "`hair: dark` means `past` (until 2020-09), yet this scene is dated 2020-10-10, inside `present`"
    );
    assert!(d["help"].as_str().unwrap().contains("`hair: bleached`"));
    assert!(with_code(&json, "E0301").is_empty(), "converted, not both");
    // Near miss: the value of the scene's era.
    assert_clean(
        &format!(
            "{ERAS}scene ferry-again: The ferry, alone\n  story: 2020-10-10\n  hair: bleached\n"
        ),
        &[],
    );
}

#[test]
fn marker_against_an_era_bounded_by_scenes_uses_solved_times() {
    let text = "title: T\nera courtship: ferry .. moving-in\nmarker ring:\n  none: courtship\nscene ferry: F\n  story: 2014-05-17\nscene moving-in: M\n  story: 2015-01-10\nscene later: L\n  story: 2016-03-01\n  ring: none\n";
    let (_, json) = check_json(text, &[]);
    let d = assert_one(
        &json,
        "E0401",
        "error",
        &[
            (11, 3, true),
            (10, 10, false),
            (2, 25, false),
            (8, 10, false),
        ],
    );
    assert_eq!(
        d["message"],
        "`ring: none` means `courtship` (until `moving-in` starts, by 2015-01-10 23:59:59), yet this scene is dated 2016-03-01"
    );
}

// ----- rule 3: marker changes back -------------------------------------------

const BANDAGE: &str = "title: T\nmarker bandage:\n  on:\n  off:\nscene a: A\n  story: 2020-01-01\n  bandage: on\nscene b: B\n  story: 2020-01-02\n  bandage: off\nscene c: C\n  story: 2020-01-03\n  bandage: on";

#[test]
fn marker_that_changes_back_is_w0402_at_the_scene_that_changes_it_back() {
    // Told out of order: the walk follows the chronology, not the telling.
    let text = "title: T\nmarker bandage:\n  on:\n  off:\nscene c: C\n  story: 2020-01-03\n  bandage: on\nscene a: A\n  story: 2020-01-01\n  bandage: on\nscene b: B\n  story: 2020-01-02\n  bandage: off\n";
    let (run, json) = check_json(text, &[]);
    assert_eq!(run.code, Some(0), "a warning");
    let d = assert_one(
        &json,
        "W0402",
        "warning",
        &[(7, 3, true), (13, 3, false), (10, 3, false)],
    );
    assert_eq!(
        d["message"],
        "`bandage` goes back to `on` in `c` after changing to `off` in `b`, and no scene in between says why"
    );
    // Near misses: a note on the scene that changes it back, or on a scene
    // in between.
    assert_clean(&format!("{BANDAGE} (hurt again)\n"), &[]);
    let between = BANDAGE.replace(
        "scene c: C",
        "scene b2: B2\n  story: 2020-01-02 12:00\n  bandage: off (healing)\nscene c: C",
    );
    assert_clean(&format!("{between}\n"), &[]);
    // A note on the scene that changed it away does not explain the return.
    let away = BANDAGE.replace(
        "  story: 2020-01-02\n  bandage: off",
        "  story: 2020-01-02\n  bandage: off (taken off)",
    );
    let (_, json) = check_json(&format!("{away}\n"), &[]);
    assert_eq!(with_code(&json, "W0402").len(), 1);
}

#[test]
fn marker_walk_is_per_era_and_skips_scenes_flagged_by_e0401() {
    // dark (past) → wig → dark again dated in `present`: E0401 only.
    let text = format!("{ERAS}scene a: A\n  story: 2015\n  hair: dark\nscene b: B\n  story: 2016\n  hair: wig\nscene c: C\n  story: 2020-10-10\n  hair: dark\n");
    let (_, json) = check_json(&text, &[]);
    assert_eq!(with_code(&json, "E0401").len(), 1, "{json:#}");
    assert!(with_code(&json, "W0402").is_empty(), "{json:#}");
    // dark in the past, bleached in the present, no change back within an era.
    assert_clean(
        &format!("{ERAS}scene a: A\n  story: 2015\n  hair: dark\nscene b: B\n  story: 2021\n  hair: bleached\nscene c: C\n  story: 2022\n  hair: bleached\n"),
        &[],
    );
}

// ----- rule 4: presence -------------------------------------------------------

const TWO_PLACES: &str = "title: T\ncharacter Semih\nscene ferry: Ferry\n  story: 2014-05-17 18:00 for 40m\n  cast: Semih\n  where: Kadıköy ferry\nscene gallery: Gallery\n  story: 2014-05-17 18:10 for 1h\n  cast: Semih\n  where: Karaköy gallery\n";

#[test]
fn one_character_in_two_places_is_e0403() {
    let (run, json) = check_json(TWO_PLACES, &[]);
    assert_eq!(run.code, Some(1));
    let d = assert_one(
        &json,
        "E0403",
        "error",
        &[(9, 9, true), (10, 10, false), (5, 9, false), (6, 10, false)],
    );
    assert_eq!(
        d["message"],
        "`Semih` is in two places at once: `gallery` at `Karaköy gallery` and `ferry` at `Kadıköy ferry` overlap in story-time"
    );
}

#[test]
fn presence_near_misses() {
    // Places compared after trimming and case folding.
    assert_clean(
        &TWO_PLACES
            .replace("where: Karaköy gallery", "where:  KADIKÖY   Ferry ")
            .replace("where: Kadıköy ferry", "where: kadiköy ferry"),
        &[],
    );
    // A remembered scene is exempt.
    assert_clean(
        &TWO_PLACES.replace(
            "  where: Karaköy gallery",
            "  where: Karaköy gallery\n  mode: memory",
        ),
        &[],
    );
    // One after the other.
    assert_clean(&TWO_PLACES.replace("18:10 for 1h", "18:41 for 1h"), &[]);
    // `during` at the same place never fires.
    assert_clean(
        "title: T\ncharacter Semih\nscene party: Party\n  story: for 3h\n  cast: Semih\n  where: Rooftop\nscene call: Call\n  story: during party, for 10m\n  cast: Semih\n  where: rooftop\n",
        &[],
    );
}

#[test]
fn during_at_another_place_is_e0403_even_without_dates() {
    let text = "title: T\ncharacter Semih\nscene party: Party\n  story: for 3h\n  cast: Semih\n  where: Rooftop\nscene call: Call\n  story: during party, for 10m\n  cast: Semih\n  where: Office\n";
    let (_, json) = check_json(text, &[]);
    assert_one(
        &json,
        "E0403",
        "error",
        &[(9, 9, true), (10, 10, false), (5, 9, false), (6, 10, false)],
    );
}

#[test]
fn may_overlap_is_w0404_and_off_by_default() {
    let text = TWO_PLACES
        .replace("2014-05-17 18:00 for 40m", "2014-05-17")
        .replace("2014-05-17 18:10 for 1h", "2014-05-17");
    assert_clean(&text, &[]);
    let (run, json) = check_json(&text, &["--warn", "presence-may-overlap"]);
    assert_eq!(run.code, Some(0));
    assert_one(
        &json,
        "W0404",
        "warning",
        &[(9, 9, true), (10, 10, false), (5, 9, false), (6, 10, false)],
    );
    // Ordered by a tag: no warning.
    assert_clean(
        &text.replace(
            "  story: 2014-05-17\n  cast: Semih\n  where: Karaköy",
            "  story: 2014-05-17, after ferry\n  cast: Semih\n  where: Karaköy",
        ),
        &["--warn", "presence-may-overlap"],
    );
}

// ----- rule 5: lives ----------------------------------------------------------

const DEFNE: &str =
    "title: T\ncharacter Defne: born 1993-02-11, died 2019-06-01\nscene visit: The visit\n";

#[test]
fn scene_after_death_is_e0405() {
    let (run, json) = check_json(&format!("{DEFNE}  story: 2020-03-01\n  cast: Defne\n"), &[]);
    assert_eq!(run.code, Some(1));
    let d = assert_one(
        &json,
        "E0405",
        "error",
        &[(5, 9, true), (3, 7, false), (2, 40, false)],
    );
    assert_eq!(d["message"], "`Defne` appears in `visit` after dying");
    // Before birth, labelled at the birth date.
    let (_, json) = check_json(&format!("{DEFNE}  story: 1990\n  cast: Defne\n"), &[]);
    assert_one(
        &json,
        "E0405",
        "error",
        &[(5, 9, true), (3, 7, false), (2, 23, false)],
    );
    // Near misses: a memory, or a date within the life.
    assert_clean(
        &format!("{DEFNE}  story: 2020-03-01\n  cast: Defne\n  mode: memory\n"),
        &[],
    );
    assert_clean(
        &format!("{DEFNE}  story: 2019-06-01 23:00\n  cast: Defne\n"),
        &[],
    );
}

#[test]
fn scene_that_may_fall_outside_a_life_is_w0406() {
    let (run, json) = check_json(
        &format!("{DEFNE}  story: 1992 .. 1994\n  cast: Defne\n"),
        &[],
    );
    assert_eq!(run.code, Some(0));
    assert_one(
        &json,
        "W0406",
        "warning",
        &[(5, 9, true), (3, 7, false), (2, 23, false)],
    );
    assert_clean(
        &format!("{DEFNE}  story: 1993-02-11 .. 1994\n  cast: Defne\n"),
        &[],
    );
}

#[test]
fn age_against_birth_date_is_e0407() {
    let base =
        "title: T\ncharacter Semih: born 1990-03-01\nscene ferry: Ferry\n  story: 2014-05-17\n";
    let (_, json) = check_json(&format!("{base}  cast: Semih (age 30)\n"), &[]);
    let d = assert_one(
        &json,
        "E0407",
        "error",
        &[(5, 9, true), (3, 7, false), (2, 23, false)],
    );
    assert!(d["help"].as_str().unwrap().contains("`(age 24)`"));
    assert_eq!(d["fix"]["replacement"], "Semih (age 24)");
    assert_clean(&format!("{base}  cast: Semih (age 24)\n"), &[]);
    // On the birthday either age is possible within the day's precision.
    let birthday =
        "title: T\ncharacter Semih: born 1990-05-17\nscene ferry: Ferry\n  story: 2014-05-17\n";
    assert_clean(&format!("{birthday}  cast: Semih (age 24)\n"), &[]);
    assert_clean(&format!("{birthday}  cast: Semih (age 23)\n"), &[]);
}

// ----- rule 6: telling --------------------------------------------------------

#[test]
fn screen_overlap_is_w0408_and_gap_is_w0409() {
    let text = "title: T\nscene a: A\n  story: 2020\n  screen: 00:00:00 .. 00:05:00\nscene b: B\n  story: after a\n  screen: 00:04:00 .. 00:09:00\nscene c: C\n  story: after b\n  screen: 00:11:00 .. 00:12:00\n";
    let (run, json) = check_json(text, &[]);
    assert_eq!(run.code, Some(0));
    assert_one(&json, "W0408", "warning", &[(7, 3, true), (4, 3, false)]);
    let gap = assert_one(&json, "W0409", "warning", &[(10, 3, true), (7, 3, false)]);
    assert_eq!(
        gap["message"],
        "00:02:00 of screen-time between `b` and `c` belong to no scene"
    );
    // Near misses: contiguous timecodes; a gap within a configured threshold.
    assert_clean(
        "title: T\nscene a: A\n  story: 2020\n  screen: 00:00:00 .. 00:05:00\nscene b: B\n  story: after a\n  screen: 00:05:00 .. 00:09:00\n",
        &[],
    );
    let run = Test::new()
        .file("story.scenes", text.replace("00:04:00", "00:05:00"))
        .file("chronotope.toml", "[telling]\nmax-gap = \"2m\"\n")
        .args(&["check", "story.scenes"])
        .run()
        .status(0);
    assert_eq!(run.count("W0409"), 0, "{}", run.stderr);
}

#[test]
fn screen_going_backwards_stays_the_formats_error() {
    let text = "title: T\nscene a: A\n  story: 2020\n  screen: 00:20:00 .. 00:25:00\nscene b: B\n  story: after a\n  screen: 00:15:00 for 1m\n";
    let (_, json) = check_json(text, &[]);
    assert_eq!(with_code(&json, "E0109").len(), 1);
    assert!(with_code(&json, "W0408").is_empty());
}

// ----- rule 7: unplaced and ambiguous order -----------------------------------

#[test]
fn unplaced_scene_is_w0302() {
    let (_, json) = check_json(
        "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n",
        &[],
    );
    assert_one(&json, "W0302", "warning", &[(4, 7, true)]);
}

#[test]
fn ambiguous_order_is_a_note_off_by_default() {
    let text = "title: T\nscene a: A\n  story: 2020-01\nscene b: B\n  story: 2020-01\n";
    assert_clean(text, &[]);
    let run = Test::new()
        .file("story.scenes", text)
        .file("chronotope.toml", "[rules]\nambiguous-order = \"note\"\n")
        .args(&["check", "--format", "json", "story.scenes"])
        .run()
        .status(0);
    let json = run.json();
    assert_one(&json, "N0410", "note", &[(4, 7, true), (2, 7, false)]);
    assert_clean(
        "title: T\nscene a: A\n  story: 2020-01\nscene b: B\n  story: 2020-01, after a\n",
        &["--warn", "ambiguous-order"],
    );
}

// ----- rule 8: additions --------------------------------------------------------

#[test]
fn born_after_died_is_e0411() {
    let (_, json) = check_json(
        "title: T\ncharacter Nermin: born 1990, died 1931\nscene a: A\n  story: 2000\n",
        &[],
    );
    assert_one(&json, "E0411", "error", &[(2, 24, true), (2, 35, false)]);
    assert_clean(
        "title: T\ncharacter Nermin: born 1931, died 1990\nscene a: A\n  story: 1950\n",
        &[],
    );
}

#[test]
fn ages_no_birth_date_explains_are_w0412() {
    let text = "title: T\ncharacter Semih\nscene a: A\n  story: 2014-05-17\n  cast: Semih (age 24)\nscene b: B\n  story: 2015-05-17\n  cast: Semih (age 30)\n";
    let (_, json) = check_json(text, &[]);
    assert_one(&json, "W0412", "warning", &[(8, 9, true), (5, 9, false)]);
    assert_clean(&text.replace("(age 30)", "(age 25)"), &[]);
}

#[test]
fn repeat_with_other_marker_values_is_w0413() {
    let text = "title: T\nmarker hair:\n  dark:\n  bleached:\nscene ferry: Ferry\n  story: 2014-05-17\n  hair: dark\nscene memory-ferry: He remembers\n  repeats: ferry\n  hair: bleached\n";
    let (_, json) = check_json(text, &[]);
    assert_one(&json, "W0413", "warning", &[(10, 3, true), (7, 3, false)]);
    assert_clean(
        &text.replace("hair: bleached", "hair: bleached (as he remembers it)"),
        &[],
    );
    assert_clean(&text.replace("hair: bleached", "hair: dark"), &[]);
}

// ----- configuration ----------------------------------------------------------

#[test]
fn directive_silences_a_rule_in_its_scene() {
    let allowed = TWO_PLACES.replace(
        "  where: Karaköy gallery\n",
        "  where: Karaköy gallery\n  # chronotope: allow presence\n",
    );
    assert_clean(&allowed, &[]);
    let by_code = TWO_PLACES.replace(
        "  where: Kadıköy ferry\n",
        "  where: Kadıköy ferry\n  # chronotope: allow E0403\n",
    );
    assert_clean(&by_code, &[]);
}

#[test]
fn directive_naming_no_rule_is_e0414_and_other_directives_w0415() {
    let text = "title: T\nscene a: A\n  story: 2020\n  # chronotope: allow presense\n  # chronotope: ignore presence\n";
    let (run, json) = check_json(text, &[]);
    assert_eq!(run.code, Some(1));
    let d = assert_one(&json, "E0414", "error", &[(4, 3, true)]);
    assert_eq!(
        d["message"],
        "unknown rule `presense`; did you mean `presence`?"
    );
    assert_one(&json, "W0415", "warning", &[(5, 3, true)]);
}

#[test]
fn chronotope_toml_sets_levels_and_unknown_names_are_errors() {
    let run = Test::new()
        .file("story.scenes", TWO_PLACES)
        .file("chronotope.toml", "[rules]\npresence = \"warn\"\n")
        .args(&["check", "story.scenes"])
        .run()
        .status(0)
        .warning_at("E0403", "story.scenes:9:9");
    assert_eq!(run.count("E0403"), 1);
    Test::new()
        .file("story.scenes", TWO_PLACES)
        .file("chronotope.toml", "[rules]\npresense = \"warn\"\n")
        .args(&["check", "story.scenes"])
        .run()
        .status(1)
        .stderr_contains(
            "error[E0416]: chronotope.toml: unknown rule `presense`; did you mean `presence`?",
        );
}

#[test]
fn command_line_levels_and_deny_warnings() {
    let warn = "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n";
    Test::new()
        .file("s.scenes", warn)
        .args(&["check", "s.scenes"])
        .run()
        .status(0);
    Test::new()
        .file("s.scenes", warn)
        .args(&["check", "s.scenes", "--deny", "warnings"])
        .run()
        .status(1);
    Test::new()
        .file("s.scenes", warn)
        .args(&["check", "s.scenes", "--deny", "unplaced"])
        .run()
        .status(1)
        .error_at("W0302", "s.scenes:4:7");
    Test::new()
        .file("s.scenes", TWO_PLACES)
        .args(&["check", "s.scenes", "--allow", "E0403"])
        .run()
        .status(0)
        .summary("no problems in 1 file");
    Test::new()
        .file("s.scenes", warn)
        .args(&["check", "s.scenes", "--allow", "presense"])
        .run()
        .status(2)
        .stderr_contains("unknown rule `presense`; did you mean `presence`?");
    Test::new()
        .file("s.scenes", warn)
        .args(&["check", "s.scenes", "--allow", "E0102"])
        .run()
        .status(2)
        .stderr_contains("not a rule that can be configured");
}

// ----- baseline and paths -----------------------------------------------------

#[test]
fn baseline_records_then_reports_only_new_findings() {
    let t = Test::new().file("s.scenes", TWO_PLACES);
    let dir = t.dir().to_path_buf();
    // Keep the run (and so its directory) until the file is read.
    let first = t
        .args(&["check", "s.scenes", "--baseline", "base.json"])
        .run()
        .status(0)
        .stderr_contains("wrote baseline `base.json` with 1 finding");
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("base.json")).unwrap()).unwrap();
    assert_eq!(base["version"], 1);
    let entry = &base["findings"][0];
    assert_eq!(entry["code"], "E0403");
    assert_eq!(entry["file"], "s.scenes");
    assert_eq!(entry["scene"], "gallery");
    assert_eq!(entry["hash"].as_str().unwrap().len(), 16);

    // Lines moved by an edit elsewhere, and a new problem.
    let edited = format!("# a new comment\n\n{TWO_PLACES}scene c: C\n");
    let base_text = std::fs::read_to_string(dir.join("base.json")).unwrap();
    let run = Test::new()
        .file("s.scenes", edited)
        .file("base.json", base_text)
        .args(&["check", "s.scenes", "--baseline", "base.json"])
        .run()
        .status(0)
        .stderr_contains("1 known finding hidden by the baseline `base.json`")
        .warning_at("W0302", "s.scenes:13:7");
    assert_eq!(run.count("E0403"), 0, "{}", run.stderr);
    drop(first);
}

#[test]
fn machine_paths_are_relative_to_the_working_directory_or_root() {
    let t = Test::new().file("proj/scenes/s.scenes", TWO_PLACES);
    let run = t
        .args(&["check", "--format", "json", "proj/scenes", "--root", "proj"])
        .run();
    assert_eq!(run.json()["diagnostics"][0]["file"], "scenes/s.scenes");
    let run = Test::new()
        .file("proj/scenes/s.scenes", TWO_PLACES)
        .args(&[
            "check",
            "--format",
            "github",
            "./proj/scenes/../scenes/s.scenes",
        ])
        .run();
    assert!(
        run.stdout.starts_with("::error file=proj/scenes/s.scenes,line=9,col=9,endLine=9,endColumn=14,title=E0403 presence::"),
        "{}",
        run.stdout
    );
}

// ----- explain ----------------------------------------------------------------

#[test]
fn explain_prints_the_rule_with_example_and_fix() {
    let run = Test::new().args(&["explain", "E0403"]).run().status(0);
    for needle in [
        "E0403 (presence)",
        "Default: error",
        "Example:",
        "    cast: Semih",
        "Fix: ",
    ] {
        assert!(run.stdout.contains(needle), "{needle}: {}", run.stdout);
    }
    Test::new()
        .args(&["explain", "presence-may-overlap"])
        .run()
        .status(0)
        .stdout_contains("Default: off");
    Test::new()
        .args(&["explain", "e0102"])
        .run()
        .status(0)
        .stdout_contains("not configurable");
    Test::new()
        .args(&["explain", "E04O3"])
        .run()
        .status(2)
        .stderr_contains("did you mean `E0403`?");
    Test::new()
        .args(&["explain", "presense"])
        .run()
        .status(2)
        .stderr_contains("did you mean `presence`?");
}

#[test]
fn every_rule_example_triggers_its_code() {
    for e in chronotope::diagnostics::examples::ALL {
        if e.example.is_empty() {
            continue;
        }
        let (_, json) = check_json(
            e.example,
            &[
                "--warn",
                "presence-may-overlap",
                "--warn",
                "ambiguous-order",
            ],
        );
        assert!(!with_code(&json, e.code).is_empty(), "{}: {json:#}", e.code);
    }
}

#[test]
fn every_continuity_code_is_documented() {
    let docs = std::fs::read_to_string(repo().join("docs/continuity.md")).unwrap();
    let format = std::fs::read_to_string(repo().join("docs/scene-format.md")).unwrap();
    for c in chronotope::diagnostics::codes::ALL {
        assert!(
            format.contains(&format!("`{}`", c.code)),
            "{} not in scene-format.md",
            c.code
        );
        if chronotope::continuity::config::is_rule(c.code) || c.code.get(1..3) == Some("04") {
            assert!(
                docs.contains(&format!("`{}`", c.code)),
                "{} not in continuity.md",
                c.code
            );
            assert!(docs.contains(c.name), "{} not in continuity.md", c.name);
        }
    }
}

// ----- the bundled stories and the broken reference story ------------------------

#[test]
fn bundled_stories_are_clean_even_with_deny_warnings() {
    Test::new()
        .args(&[
            "check",
            repo().join("scenes").to_str().unwrap(),
            "--deny",
            "warnings",
        ])
        .run()
        .status(0)
        .stderr_lacks("warning")
        .stderr_lacks("error");
}

/// The broken story, as `scenes/dont-leave-broken.scenes` in a fresh
/// directory, checked with extra arguments.
fn broken(args: &[&str]) -> Run {
    let text =
        std::fs::read_to_string(repo().join("tests/fixtures/dont-leave-broken.scenes")).unwrap();
    let mut all = vec!["check", "scenes"];
    all.extend_from_slice(args);
    Test::new()
        .file("scenes/dont-leave-broken.scenes", text)
        .args(&all)
        .run()
}

const BROKEN: &[(&str, &str, &str)] = &[
    ("E0411", "error", "scenes/dont-leave-broken.scenes:21:24"),
    ("E0407", "error", "scenes/dont-leave-broken.scenes:35:9"),
    ("E0405", "error", "scenes/dont-leave-broken.scenes:43:16"),
    ("E0403", "error", "scenes/dont-leave-broken.scenes:57:9"),
    ("W0408", "warning", "scenes/dont-leave-broken.scenes:61:3"),
    ("W0409", "warning", "scenes/dont-leave-broken.scenes:69:3"),
    ("W0412", "warning", "scenes/dont-leave-broken.scenes:86:16"),
    ("E0401", "error", "scenes/dont-leave-broken.scenes:92:3"),
    ("W0402", "warning", "scenes/dont-leave-broken.scenes:99:3"),
    // On the scene that contradicts itself against `gone`: its own date
    // (`engine::minimal`), not `gone`'s.
    ("E0301", "error", "scenes/dont-leave-broken.scenes:119:10"),
    ("W0302", "warning", "scenes/dont-leave-broken.scenes:123:7"),
];

#[test]
fn broken_reference_story_human() {
    let run = broken(&[])
        .status(1)
        .summary("6 errors, 5 warnings in 1 file");
    for (code, severity, at) in BROKEN {
        assert_eq!(
            run.locations(severity, code),
            vec![at.to_string()],
            "{code}"
        );
    }
    insta::assert_snapshot!("broken_human", run.stderr);
}

#[test]
fn broken_reference_story_json() {
    let run = broken(&["--format", "json"]).status(1);
    let json = run.json();
    let found: Vec<(String, String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                format!(
                    "{}:{}:{}",
                    d["file"].as_str().unwrap(),
                    d["line"],
                    d["column"]
                ),
            )
        })
        .collect();
    let expected: Vec<(String, String, String)> = BROKEN
        .iter()
        .map(|(c, s, a)| (c.to_string(), s.to_string(), a.to_string()))
        .collect();
    assert_eq!(found, expected);
    insta::assert_snapshot!("broken_json", run.stdout);
}

#[test]
fn broken_reference_story_github() {
    let run = broken(&["--format", "github"]).status(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), BROKEN.len());
    for (line, (code, severity, at)) in lines.iter().zip(BROKEN) {
        let mut parts = at.rsplitn(3, ':');
        let (col, l, file) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let prefix = format!("::{severity} file={file},line={l},col={col},");
        assert!(line.starts_with(&prefix), "{line} / {prefix}");
        assert!(line.contains(&format!("title={code} ")), "{line}");
        assert!(line.contains("%0Ahelp: "), "{line}");
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    insta::assert_snapshot!("broken_github", run.stdout);
}

#[test]
fn broken_reference_story_sarif() {
    let run = broken(&["--format", "sarif"]).status(1);
    let log = run.json();
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "chronotope");
    let rules = driver["rules"].as_array().unwrap();
    for r in rules {
        assert!(r["id"].is_string());
        assert!(r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(r["shortDescription"]["text"].is_string());
    }
    let results = sarif_run["results"].as_array().unwrap();
    assert_eq!(results.len(), BROKEN.len());
    for (r, (code, severity, at)) in results.iter().zip(BROKEN) {
        assert_eq!(r["ruleId"], *code);
        assert_eq!(r["level"], *severity);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], *code);
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(
            loc["artifactLocation"]["uri"],
            "scenes/dont-leave-broken.scenes"
        );
        let region = &loc["region"];
        let want: Vec<&str> = at.rsplitn(3, ':').collect();
        assert_eq!(region["startColumn"].to_string(), want[0]);
        assert_eq!(region["startLine"].to_string(), want[1]);
        assert!(region["endLine"].as_u64().unwrap() >= region["startLine"].as_u64().unwrap());
        assert!(region["endColumn"].is_u64());
    }
    // Columns count code points: `Beyoğlu` and `Kadıköy` are 7 wide.
    let e0403 = &results[4];
    let related = e0403["relatedLocations"].as_array().unwrap();
    assert!(related
        .iter()
        .all(|l| l["message"]["text"].is_string() && l["id"].is_u64()));
    insta::assert_snapshot!("broken_sarif", run.stdout);
}

#[test]
fn broken_reference_story_junit() {
    let run = broken(&["--format", "junit"]).status(1);
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert_eq!(xml.matches("<testsuite ").count(), 1);
    // One test case per rule (the enabled rules plus any other code found).
    let cases = xml.matches("<testcase ").count();
    let failures = xml.matches("<failure ").count();
    assert_eq!(failures, 6, "one failing case per code with errors");
    assert!(
        xml.contains(&format!(
            "<testsuite name=\"scenes/dont-leave-broken.scenes\" tests=\"{cases}\" failures=\"6\""
        )),
        "{xml}"
    );
    assert!(xml.contains(
        "<testcase name=\"E0403 presence\" classname=\"scenes/dont-leave-broken.scenes\">"
    ));
    assert!(xml.contains("<testcase name=\"W0413 repeat-markers-differ\" classname=\"scenes/dont-leave-broken.scenes\"/>"));
    // Escaped: no raw quote or angle bracket inside text.
    assert!(xml.contains("&apos;") || !xml.contains("'"));
    assert!(!xml.contains("`Semih` is in two places at once: `letter` at `Cihangir flat` and `friends` at `Meyhane in Beyoğlu` overlap in story-time\n"));
    insta::assert_snapshot!("broken_junit", run.stdout);
}

#[test]
fn order_refuses_nothing_but_exits_1_on_continuity_errors() {
    // `order` reports what `check` reports as errors, and still prints.
    Test::new()
        .file("s.scenes", TWO_PLACES)
        .args(&["order", "s.scenes"])
        .run()
        .status(1)
        .stderr_contains("error[E0403]")
        .stdout_contains("gallery");
}
