//! End-to-end tests of the production features (`docs/production.md`):
//! story days as a set labels them, `present:` in `stats`, time of day
//! against the chronology, looks held within a day, the breakdown, and
//! `--infer` reading a script's strands. The screenplays here are written
//! for these tests.

mod common;

use common::{repo, Run, Test};
use serde_json::Value;

/// Run a command on one file.
fn on(name: &str, text: &str, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.push(name);
    Test::new().file(name, text).args(&all).run()
}

/// The diagnostics of `check --format json` with a code.
fn with_code(json: &Value, code: &str) -> Vec<Value> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

/// `(id, day_label)` of the placed scenes of `order --format json`, in
/// chronological order.
fn day_labels(json: &Value) -> Vec<(String, String)> {
    json["scenes"]
        .as_array()
        .expect("scenes")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["day_label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

// ----- story days ------------------------------------------------------------

/// A script with a present strand in 1998 and flashbacks to the fifties,
/// told out of order and dated by cues and tags.
const RIVER: &str = "Title: The River Keeps

[[
present: now
era then: 1950 .. 1960
era now: 1998 ..
]]

INT. HOSPITAL ROOM - DAY
[[id: bedside]]
[[story: 1998-06-01 10:00]]

Will sits by the bed.

EXT. RIVER BANK - DAY (1952)
[[id: boy]]

A boy with a fishing rod.

EXT. RIVER BANK - NIGHT
[[id: boy-night]]
[[story: after boy by 8h..12h]]

The boy waits in the dark.

INT. HOSPITAL ROOM - NIGHT
[[id: vigil]]
[[story: bedside + 11h]]

Will has not moved.

INT. KITCHEN - THE NEXT MORNING
[[id: breakfast]]
[[story: 1998-06-02 08:00]]

Coffee nobody drinks.

EXT. CIRCUS - NIGHT (1955)
[[id: circus]]

Lights and a giant.

INT. HOSPITAL ROOM - DAY
[[id: last]]
[[story: 1998-06-04 11:00]]

The bed is empty.
";

#[test]
fn main_days_are_numbered_in_order_and_flashbacks_apart() {
    let run = on(
        "river.fountain",
        RIVER,
        &["order", "--infer", "--format", "json"],
    );
    let run = run.status(0);
    let days = day_labels(&run.json());
    let label = |id: &str| {
        days.iter()
            .find(|(i, _)| i == id)
            .map(|(_, l)| l.clone())
            .unwrap_or_else(|| panic!("{id} not placed: {days:?}"))
    };
    // Main days 1..N in chronological order, the same day for scenes of
    // one calendar day.
    assert_eq!(label("bedside"), "1");
    assert_eq!(label("vigil"), "1");
    assert_eq!(label("breakfast"), "2");
    assert_eq!(label("last"), "3");
    // Flashback days in a sequence of their own, in their chronological
    // order, not plain numbers.
    assert_eq!(label("boy"), "X1");
    assert_eq!(label("boy-night"), "X1");
    assert_eq!(label("circus"), "X2");
    // `story_day` stays: one sequence over everything.
    let json = run.json();
    let story_days: Vec<u64> = json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["story_day"].as_u64().unwrap())
        .collect();
    assert_eq!(story_days, [1, 1, 2, 3, 3, 4, 5]);
}

#[test]
fn day_labels_are_in_every_order_format() {
    let csv = on(
        "river.fountain",
        RIVER,
        &["order", "--infer", "--format", "csv"],
    )
    .status(0);
    let header: Vec<&str> = csv.stdout.lines().next().unwrap().split(',').collect();
    let at = header
        .iter()
        .position(|c| *c == "day_label")
        .expect("day_label column");
    assert_eq!(header[at - 1], "story_day");
    let boy = csv.stdout.lines().find(|l| l.starts_with("boy,")).unwrap();
    assert_eq!(boy.split(',').nth(at), Some("X1"));
    let text = on("river.fountain", RIVER, &["order", "--infer"]).status(0);
    let circus = text.stdout.lines().find(|l| l.contains("circus")).unwrap();
    assert!(circus.contains(" X2 "), "{circus}");
}

#[test]
fn era_prefixes_come_from_chronotope_toml() {
    let run = Test::new()
        .file("river.fountain", RIVER)
        .file(
            "chronotope.toml",
            "[days]\noutside = \"F\"\n[days.eras]\nthen = \"P\"\n",
        )
        .args(&["order", "--infer", "--format", "json", "river.fountain"])
        .run()
        .status(0);
    let days = day_labels(&run.json());
    assert!(
        days.contains(&("boy".to_string(), "P1".to_string())),
        "{days:?}"
    );
    assert!(
        days.contains(&("circus".to_string(), "P2".to_string())),
        "{days:?}"
    );
}

const PINNED: &str = "title: Pins
scene a: A
  story: 2020-01-01 09:00
scene b: B
  story: 2020-01-02 09:00
  day: 7
scene c: C
  story: 2020-01-03 09:00
";

#[test]
fn a_pin_renames_its_day_and_the_days_after_it_count_on() {
    let run = on("s.scenes", PINNED, &["order", "--format", "json"]).status(0);
    let days = day_labels(&run.json());
    let labels: Vec<&str> = days.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["1", "7", "8"]);
}

#[test]
fn a_pin_that_contradicts_the_chronology_is_an_error_with_both_values() {
    // Day 2 pinned to 1: it comes after day 1, so it cannot be day 1.
    let text = PINNED.replace("day: 7", "day: 1");
    let run = on("s.scenes", &text, &["check", "--format", "json"]).status(1);
    let found = with_code(&run.json(), "E0514");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("day 1") && message.contains("day 2"),
        "{message}"
    );
    // The same day pinned twice, differently.
    let text = "title: P\nscene a: A\n  story: 2020-01-01 09:00\n  day: 3\nscene b: B\n  story: 2020-01-01 12:00\n  day: 4\n";
    let run = on("s.scenes", text, &["check", "--format", "json"]).status(1);
    let found = with_code(&run.json(), "E0514");
    assert_eq!(found.len(), 1);
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("day 4") && message.contains("day 3"),
        "{message}"
    );
    // Agreeing pins are clean; a main-day pin with a prefix is not.
    let text = "title: P\nscene a: A\n  story: 2020-01-01 09:00\n  day: 3\nscene b: B\n  story: 2020-01-01 12:00\n  day: 3\n";
    on("s.scenes", text, &["check"]).status(0);
    let text = "title: P\nscene a: A\n  story: 2020-01-01 09:00\n  day: X3\n";
    on("s.scenes", text, &["check"])
        .status(1)
        .stderr_contains("E0514");
    on("s.scenes", "title: P\nscene a: A\n  day: 0\n", &["check"])
        .status(1)
        .stderr_contains("E0518");
}

// ----- present: and stats ----------------------------------------------------

/// Opens in 1901 and tells the 1958 present after it.
fn opening_in_the_past(present: bool) -> String {
    let mut text = String::from("title: Back\n");
    if present {
        text.push_str("present: now\n");
    }
    text.push_str(
        "era then: 1900 .. 1910\nera now: 1958 ..\n\
         scene p1: Then\n  story: 1901-05-01\n\
         scene n1: Now\n  story: 1958-05-01\n\
         scene n2: Now again\n  story: 1958-05-02\n\
         scene p2: Then again\n  story: 1901-05-02\n\
         scene n3: Now at last\n  story: 1958-05-03\n",
    );
    text
}

#[test]
fn present_changes_the_analepsis_and_prolepsis_counts() {
    let counts = |present: bool| {
        let run = on(
            "s.scenes",
            &opening_in_the_past(present),
            &["stats", "--format", "json"],
        );
        run.status(0).json()["counts"].clone()
    };
    // Without `present:` the 1901 opening is the first narrative: the 1958
    // scenes are flash-forwards, and going back to 1901 is a return.
    let before = counts(false);
    assert_eq!(before["opens"], 1);
    assert_eq!(before["prolepses"], 2, "{before}");
    assert_eq!(before["analepses"], 0, "{before}");
    // With `present: now`, 1958 is the first narrative: both 1901 scenes
    // are analepses, the film opens with one, and n1 opens the present.
    let after = counts(true);
    assert_eq!(after["analepses"], 2, "{after}");
    assert_eq!(after["prolepses"], 0, "{after}");
    assert_eq!(after["opens"], 1, "{after}");
    let run = on(
        "s.scenes",
        &opening_in_the_past(true),
        &["stats", "--format", "json"],
    );
    let moves = run.json()["moves"].clone();
    assert_eq!(moves[0]["scene"], "p1");
    assert_eq!(moves[0]["kind"], "analepsis");
    assert_eq!(moves[1]["kind"], "opens");
}

#[test]
fn present_may_name_a_thread() {
    let text = "title: T\npresent: Now\n\
                scene p1: Then\n  story: 1901-05-01\n  thread: then\n\
                scene n1: Now\n  story: 1958-05-01\n  thread: now\n\
                scene n2: Later\n  story: 1958-05-02\n  thread: now\n";
    let run = on("s.scenes", text, &["order", "--format", "json"]).status(0);
    let days = day_labels(&run.json());
    let labels: Vec<&str> = days.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["X1", "1", "2"]);
    let stats = on("s.scenes", text, &["stats", "--format", "json"]).status(0);
    assert_eq!(stats.json()["counts"]["analepses"], 1);
}

#[test]
fn present_must_name_an_era() {
    let text = opening_in_the_past(true).replace("present: now", "present: noww");
    on("s.scenes", &text, &["check"])
        .status(1)
        .stderr_contains("E0515")
        .stderr_contains("did you mean `now`?");
}

// ----- time of day -----------------------------------------------------------

#[test]
fn night_at_two_in_the_afternoon_is_an_error_with_both_facts() {
    let script =
        "Title: Clock\n\nINT. KITCHEN - NIGHT\n[[story: 1958-06-01 14:00]]\n\nAnna cooks.\n";
    let run = on("clock.fountain", script, &["check", "--format", "json"]).status(1);
    let found = with_code(&run.json(), "E0510");
    assert_eq!(found.len(), 1);
    let d = &found[0];
    let message = d["message"].as_str().unwrap();
    assert!(
        message.contains("NIGHT") && message.contains("20:00–05:00"),
        "{message}"
    );
    assert!(message.contains("14:00"), "{message}");
    // Both facts labelled: the slugline's word and the tag.
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 2);
    assert_eq!(
        (labels[0]["line"].as_u64(), labels[0]["column"].as_u64()),
        (Some(3), Some(16))
    );
    assert_eq!(labels[1]["line"].as_u64(), Some(4));
    // 20:00 is night: the boundary is inside.
    let at_eight = script.replace("14:00", "20:00");
    on("clock.fountain", &at_eight, &["check"]).status(0);
    let before_eight = script.replace("14:00", "19:59");
    on("clock.fountain", &before_eight, &["check"])
        .status(1)
        .stderr_contains("E0510");
    // A scene-file `time:` is checked the same way.
    let scenes = "title: T\nscene a: A\n  story: 1958-06-01 14:00\n  time: night\n";
    on("s.scenes", scenes, &["check"])
        .status(1)
        .stderr_contains("E0510");
}

#[test]
fn the_hours_come_from_chronotope_toml() {
    let scenes = "title: T\nscene a: A\n  story: 1958-06-01 20:30\n  time: night\n";
    on("s.scenes", scenes, &["check"]).status(0);
    Test::new()
        .file("s.scenes", scenes)
        .file("chronotope.toml", "[time-of-day]\nnight = \"21..04\"\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .stderr_contains("21:00–04:00");
}

#[test]
fn with_a_latitude_day_and_night_follow_the_sun() {
    // Midsummer evening at 20:30: still day in Stockholm, not by the
    // default hours; in December the same hour is night there.
    let june = "title: T\nscene a: A\n  story: 1958-06-21 20:30\n  time: day\n";
    on("s.scenes", june, &["check"])
        .status(1)
        .stderr_contains("E0510");
    let north = "[time-of-day]\nlatitude = 59.3\n";
    Test::new()
        .file("s.scenes", june)
        .file("chronotope.toml", north)
        .args(&["check", "s.scenes"])
        .run()
        .status(0);
    let december = june.replace("1958-06-21 20:30", "1958-12-21 16:00");
    Test::new()
        .file("s.scenes", december)
        .file("chronotope.toml", north)
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .stderr_contains("E0510");
}

#[test]
fn continuous_keeps_the_time_of_day_of_the_scene_before() {
    let script = "Title: C\n\nINT. HALL - NIGHT\n[[story: 1958-06-01 22:00]]\n\nA.\n\nINT. STAIRS - CONTINUOUS\n[[story: 1958-06-02 13:00]]\n\nB.\n";
    let run = on("c.fountain", script, &["check", "--format", "json"]).status(1);
    let found = with_code(&run.json(), "E0510");
    assert_eq!(found.len(), 1);
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("`CONTINUOUS`"));
}

#[test]
fn day_narrows_an_unknown_hour_with_infer_and_not_otherwise() {
    let script = "Title: Narrow\n\nEXT. FIELD - DAY\n[[story: 1958-06-01]]\n\nCorn.\n";
    let start = |args: &[&str]| {
        let mut all = vec!["order", "--format", "json"];
        all.extend_from_slice(args);
        let run = on("n.fountain", script, &all).status(0);
        let json = run.json();
        let s = &json["scenes"][0];
        (
            s["earliest_start"].as_str().unwrap().to_string(),
            s["latest_start"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        start(&[]),
        (
            "1958-06-01T00:00:00".to_string(),
            "1958-06-01T23:59:59".to_string()
        )
    );
    assert_eq!(
        start(&["--infer"]),
        (
            "1958-06-01T07:00:00".to_string(),
            "1958-06-01T18:00:00".to_string()
        )
    );
    // The narrowing is a note; without --infer the open hour is a note too.
    on("n.fountain", script, &["check", "--infer"])
        .status(0)
        .stderr_contains("N0512");
    on("n.fountain", script, &["check"])
        .status(0)
        .stderr_contains("N0511");
    // Night meets the day twice: nothing to narrow.
    let night = script.replace("- DAY", "- NIGHT");
    let run = on(
        "n.fountain",
        &night,
        &["order", "--infer", "--format", "json"],
    )
    .status(0);
    assert_eq!(
        run.json()["scenes"][0]["earliest_start"],
        "1958-06-01T00:00:00"
    );
}

#[test]
fn an_unknown_time_of_day_is_an_error_with_a_suggestion() {
    on(
        "s.scenes",
        "title: T\nscene a: A\n  time: nigth\n",
        &["check"],
    )
    .status(1)
    .stderr_contains("E0517")
    .stderr_contains("did you mean `night`?");
}

// ----- looks -----------------------------------------------------------------

fn looks(second: &str) -> String {
    format!(
        "title: Looks\nmarker look per character:\n  suit:\n  pyjamas:\n  red-dress:\n\
         character Semih\ncharacter Defne\n\
         scene dinner: Dinner\n  story: 2020-05-01 20:00\n  look: Semih=suit, Defne=red-dress\n\
         scene bedtime: Bedtime\n  story: 2020-05-01 23:00\n{second}"
    )
}

#[test]
fn a_look_that_changes_within_a_day_is_one_warning_naming_both() {
    let text = looks("  look: Semih=pyjamas, Defne=red-dress\n");
    let run = on("s.scenes", &text, &["check", "--format", "json"]).status(0);
    let found = with_code(&run.json(), "W0513");
    assert_eq!(found.len(), 1, "{found:?}");
    let message = found[0]["message"].as_str().unwrap();
    for part in ["Semih", "`suit`", "`pyjamas`", "`dinner`", "`bedtime`"] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert_eq!(found[0]["labels"].as_array().unwrap().len(), 2);
}

#[test]
fn change_look_a_memory_or_another_day_silences_it() {
    let changed = looks("  look: Semih=pyjamas\n  change: look\n");
    on("s.scenes", &changed, &["check", "--deny", "warnings"]).status(0);
    let memory = looks("  look: Semih=pyjamas\n  mode: memory\n");
    on("s.scenes", &memory, &["check", "--deny", "warnings"]).status(0);
    let next_day = looks("  look: Semih=pyjamas\n").replace("2020-05-01 23:00", "2020-05-02 08:00");
    on("s.scenes", &next_day, &["check", "--deny", "warnings"]).status(0);
    // The same look all day is clean; the control case really warns.
    let same = looks("  look: Semih=suit\n");
    on("s.scenes", &same, &["check", "--deny", "warnings"]).status(0);
    let differs = looks("  look: Semih=pyjamas\n");
    on("s.scenes", &differs, &["check", "--deny", "warnings"]).status(1);
}

#[test]
fn per_character_markers_are_set_per_character() {
    let plain = looks("  look: pyjamas\n");
    on("s.scenes", &plain, &["check"])
        .status(1)
        .stderr_contains("E0516");
    let stranger = looks("  look: Ayse=pyjamas\n");
    on("s.scenes", &stranger, &["check"])
        .status(1)
        .stderr_contains("E0203");
    let not_per = "title: T\nmarker hair:\n  dark:\ncharacter A\nscene a: A\n  hair: A=dark\n  change: hair\n";
    let run = on("s.scenes", not_per, &["check"]).status(1);
    assert_eq!(run.count("E0516"), 2, "{}", run.stderr);
}

#[test]
fn the_report_has_a_wardrobe_plot() {
    let text = looks("  look: Semih=pyjamas\n  change: look\n");
    let test = Test::new().file("s.scenes", text);
    let out = test.dir().join("r.html");
    let _kept = test
        .args(&["report", "s.scenes", "-o", out.to_str().unwrap()])
        .run()
        .status(0);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("id=\"wardrobe\""));
    assert!(html.contains("suit (dinner); pyjamas (bedtime)"), "{html}");
}

#[test]
fn formatting_keeps_the_production_properties() {
    let text = looks("  look: Semih=pyjamas\n  change: look\n  time: night\n  day: 1\n");
    let test = Test::new().file("s.scenes", &text);
    test.cmd(&["fmt", "s.scenes"])
        .stderr_any()
        .stdout_any()
        .run();
    let formatted = test.read("s.scenes");
    assert!(
        formatted.contains("marker look per character:"),
        "{formatted}"
    );
    assert!(formatted.contains("look:   Semih=pyjamas"), "{formatted}");
    test.cmd(&["check", "s.scenes"])
        .stderr_contains("no problems")
        .run();
}

// ----- the breakdown ---------------------------------------------------------

const COLUMNS: [&str; 12] = [
    "scene",
    "id",
    "slugline",
    "day",
    "time_of_day",
    "story_time",
    "length",
    "pages",
    "cast",
    "location",
    "markers",
    "notes",
];

/// The CSV read back by Python's csv module, as JSON rows.
fn python_rows(csv: &[u8]) -> Vec<Vec<String>> {
    let test = Test::new().file("b.csv", csv);
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n\
                  \x20   print(json.dumps(list(csv.reader(f))))\n";
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(test.dir().join("b.csv"))
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_breakdown_csv_round_trips_through_python() {
    let run = on(
        "river.fountain",
        RIVER,
        &["export", "--infer", "--format", "breakdown"],
    )
    .status(0);
    let rows = python_rows(run.stdout.as_bytes());
    assert_eq!(rows[0], COLUMNS);
    assert_eq!(rows.len(), 1 + 7);
    assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
    // Grouped by day: main days in order, then the flashback days; telling
    // order within a day.
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        ids,
        [
            "bedside",
            "vigil",
            "breakfast",
            "last",
            "boy",
            "boy-night",
            "circus"
        ]
    );
    let days: Vec<&str> = rows[1..].iter().map(|r| r[3].as_str()).collect();
    assert_eq!(days, ["1", "1", "2", "3", "X1", "X1", "X2"]);
    assert_eq!(rows[2][4], "NIGHT");
    assert_eq!(rows[2][9], "HOSPITAL ROOM");
    // Every cell quoted, lines ending in CRLF.
    assert!(run.stdout.starts_with("\"scene\",\"id\","));
    assert!(run.stdout.ends_with("\"\r\n"));
}

#[test]
fn breakdown_cells_survive_commas_quotes_newlines_and_formulas() {
    let text = "title: Tricky\ncharacter Ayşe Kaya\nmarker look per character:\n  coat:\n\
                scene a: =HYPERLINK(\"http://x\"), \"quoted\"\n  story: 2020-01-01\n  cast: Ayşe Kaya (age 30)\n  look: Ayşe Kaya=coat\n  where: Kadıköy, pier 2\n  > First line, with a comma.\n  > Second line.\n";
    let run = on(
        "s.scenes",
        text,
        &["export", "--format", "breakdown", "--bom"],
    )
    .status(0);
    assert!(run.stdout.starts_with('\u{feff}'));
    let rows = python_rows(run.stdout.as_bytes());
    assert_eq!(rows[0], COLUMNS);
    let row = &rows[1];
    assert_eq!(row[2], "'=HYPERLINK(\"http://x\"), \"quoted\"");
    assert_eq!(row[8], "Ayşe Kaya (age 30, look: coat)");
    assert_eq!(row[9], "Kadıköy, pier 2");
    assert_eq!(row[11], "First line, with a comma. Second line.");
    // Without the flag there is no byte-order mark.
    let plain = on("s.scenes", text, &["export", "--format", "breakdown"]).status(0);
    assert!(plain.stdout.starts_with("\"scene\""));
}

#[test]
fn the_breakdown_page_has_a_section_per_day() {
    let run = on(
        "river.fountain",
        RIVER,
        &["export", "--infer", "--format", "breakdown-html"],
    )
    .status(0);
    let html = &run.stdout;
    assert_eq!(html.matches("<section class=\"day\">").count(), 5);
    assert!(html.contains("<h2>Day 1</h2>"));
    assert!(html.contains("<h2>Day X2 (outside the main narrative)</h2>"));
    assert!(html.contains("break-before:page"));
    assert!(!html.contains("<script"));
}

#[test]
fn the_breakdown_refuses_several_stories() {
    Test::new()
        .file("a/a.scenes", "title: A\nscene a: A\n  story: 2020\n")
        .file("b/b.scenes", "title: B\nscene b: B\n  story: 2020\n")
        .args(&["export", "--format", "breakdown", "a", "b"])
        .run()
        .status(2)
        .stderr_contains("one story");
}

/// The per-day page loads in headless Chromium without console errors.
#[test]
#[ignore = "needs headless Chromium: cargo test --test production -- --ignored (.ci/run does where Chromium is installed)"]
fn the_breakdown_page_renders_in_headless_chromium() {
    let run = on(
        "river.fountain",
        RIVER,
        &["export", "--infer", "--format", "breakdown-html"],
    )
    .status(0);
    let test = Test::new().file("b.html", &run.stdout);
    let page = common::chromium(&test.dir().join("b.html"), false);
    assert!(
        page.console.is_empty(),
        "console:\n{}",
        page.console.join("\n")
    );
    assert!(page.success, "chromium failed:\n{}", page.log);
    let dom = &page.dom;
    assert_eq!(dom.matches("<section class=\"day\">").count(), 5, "{dom}");
    assert!(dom.contains("HOSPITAL ROOM"));
}

// ----- reading a script with --infer ------------------------------------------

/// A feature-length shape in miniature: year cues, a present strand,
/// flashbacks opened and closed by cues and by returning to the present's
/// place, scenes with no cue at all.
const FEATURE: &str = "Title: Long Way Home

INT. BEDROOM - NIGHT (1973)

A father tells a story.

EXT. CAMPFIRE - NIGHT (1977)

The same story, years later.

INT. RESTAURANT - NIGHT (1998)

A wedding toast goes wrong.

EXT. SIDEWALK - NIGHT

The argument.

INT. NEWSROOM - DAY

Years of silence.

INT. APARTMENT - (PRESENT) DAY

The phone rings.

INT. PLANE - NIGHT

They fly home.

INT. GUEST ROOM - DAY

The father in bed.

INT. HALLWAY - DAY

The son listens at the door.

INT. SCHOOLROOM - DAY [FLASHBACK]

A boy grows too fast.

EXT. BALL FIELD - DAY

The boy hits a home run.

EXT. ROAD - DAY

The boy leaves town.

INT. HALLWAY - DAY

Back at the door.

INT. KITCHEN - NIGHT

Dinner.

FLASHBACK TO:

EXT. CIRCUS - NIGHT

A giant.

EXT. CIRCUS LOT - NIGHT

Looking for a girl.

BACK TO:

INT. KITCHEN - THE NEXT MORNING

Breakfast.

EXT. GARDEN - DREAM

A fish in the pool.

INT. HOSPITAL - NIGHT

The end.
";

#[test]
fn infer_places_a_real_shaped_script_with_every_assumption_a_note() {
    let run = on(
        "feature.fountain",
        FEATURE,
        &["order", "--infer", "--format", "json"],
    )
    .status(0);
    let json = run.json();
    let placed = json["scenes"].as_array().unwrap().len();
    let total = placed + json["unplaced"].as_array().unwrap().len();
    assert_eq!(total, 19);
    assert!(placed * 10 >= total * 9, "{placed} of {total} placed");
    // Without --infer, nothing is placed.
    let plain = on("feature.fountain", FEATURE, &["order", "--format", "json"]).status(0);
    assert_eq!(plain.json()["scenes"].as_array().unwrap().len(), 0);
    // The year-tagged scenes come in year order.
    let order: Vec<&str> = json["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    let at = |t: &str| order.iter().position(|o| o.contains(t)).unwrap();
    assert!(at("(1973)") < at("(1977)") && at("(1977)") < at("(1998)"));
    // The flashback comes before the present scene it leaves; the scene
    // after it with no cue continues the flashback, not the present.
    assert!(at("SCHOOLROOM") < at("HALLWAY"));
    // The strands read become threads and `present: present`, so the
    // flashback's days are numbered apart.
    let label = |t: &str| {
        let scene = json["scenes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"].as_str().unwrap().contains(t))
            .unwrap();
        scene["day_label"].as_str().unwrap().to_string()
    };
    assert!(
        label("SCHOOLROOM").starts_with('X'),
        "{}",
        label("SCHOOLROOM")
    );
    assert!(label("BALL FIELD").starts_with('X'));
    assert!(label("CIRCUS LOT").starts_with('X'));
    assert!(label("HALLWAY").parse::<u32>().is_ok());
    assert!(label("(1998)").parse::<u32>().is_ok());
    assert!(at("BALL FIELD") < at("HALLWAY"), "{order:?}");
    // Every inference is a note naming its words; none is an error.
    let check = on("feature.fountain", FEATURE, &["check", "--infer"]).status(0);
    assert!(check.count("N0506") >= 17, "{}", check.stderr);
    assert!(check
        .stderr
        .contains("no cue, so it continues the flashback"));
    assert!(check.stderr.contains("no cue, so it continues the present"));
}

#[test]
fn a_flashback_returns_at_the_present_place_and_time() {
    let script = "Title: R\n\nINT. KITCHEN - NIGHT\n[[story: 2000-01-01 21:00]]\n\nA.\n\nEXT. FIELD - DAY [FLASHBACK]\n\nB.\n\nEXT. RIVER - DAY\n\nC.\n\nINT. KITCHEN - NIGHT\n\nD.\n";
    let run = on("r.fountain", script, &["check", "--infer"]).status(0);
    assert!(
        run.stderr
            .contains("like the present it left, so it returns to the present"),
        "{}",
        run.stderr
    );
    let json = on(
        "r.fountain",
        script,
        &["order", "--infer", "--format", "json"],
    )
    .status(0)
    .json();
    let last = json["scenes"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["title"], "INT. KITCHEN - NIGHT");
    assert_eq!(last["telling"], 4);
}

#[test]
fn a_dream_strand_is_dreamt_and_has_days_of_its_own() {
    let script = "Title: D\n\nINT. BEDROOM - NIGHT\n[[story: 2000-01-01 23:00]]\n\nSleep.\n\nEXT. SEA - DREAM\n\nWaves.\n";
    let json = on(
        "d.fountain",
        script,
        &["order", "--infer", "--format", "json"],
    )
    .status(0)
    .json();
    let days = day_labels(&json);
    assert!(
        days.contains(&("sea-dream-2".to_string(), "X1".to_string())),
        "{days:?}"
    );
    let export = on("d.fountain", script, &["export", "--infer"])
        .status(0)
        .json();
    assert_eq!(export["stories"][0]["scenes"][1]["mode"], "dream");
}

// ----- the bundled example ----------------------------------------------------

#[test]
fn the_bundled_breakdown_is_current() {
    let keeper = repo().join("scenes/the-lighthouse-keeper.fountain");
    let path = keeper.to_str().unwrap();
    for (format, file) in [
        ("breakdown", "output/the-lighthouse-keeper.breakdown.csv"),
        (
            "breakdown-html",
            "output/the-lighthouse-keeper.breakdown.html",
        ),
    ] {
        let run = Test::new()
            .args(&["export", "--format", format, path])
            .run()
            .status(0);
        let committed = std::fs::read_to_string(repo().join(file)).unwrap();
        assert_eq!(run.stdout, committed, "{file} is stale: see .ci/run");
    }
}
