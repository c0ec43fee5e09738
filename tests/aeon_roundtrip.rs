//! `export --format aeon-csv`, read back, gives the same chronology, for
//! every bundled story whose scenes all have dates; and the date forms
//! Aeon Timeline and spreadsheets write (`05/17/2014`, `17/05/2014 6:30
//! PM`, `May 17, 2014`) read as the dates they are.

mod common;

use common::{repo, Test};
use serde_json::Value;

fn order(test: &Test, path: &str) -> Value {
    test.cmd(&["order", path, "--format", "json"])
        .stdout_any()
        .stderr_any()
        .run()
        .json()
}

/// `(title, earliest start)` of every placed scene in chronological order.
fn chronology(order: &Value) -> Vec<(String, Value)> {
    order["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().to_string(),
                s["earliest_start"].clone(),
            )
        })
        .collect()
}

/// Copy a bundled story (a file or a folder) into the test directory.
fn copy(test: &Test, name: &str) {
    let from = repo().join("scenes").join(name);
    if from.is_dir() {
        for entry in std::fs::read_dir(&from).unwrap() {
            let path = entry.unwrap().path();
            let file = path.file_name().unwrap().to_str().unwrap();
            test.write(&format!("{name}/{file}"), std::fs::read(&path).unwrap());
        }
    } else {
        test.write(name, std::fs::read(&from).unwrap());
    }
}

/// The declarations of a scene file (everything before its first scene),
/// as a companion of the exported table: a story in its own calendar needs
/// them to read its dates back.
fn declarations(name: &str) -> Option<String> {
    let text = std::fs::read_to_string(repo().join("scenes").join(name)).ok()?;
    let end = text
        .lines()
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len() + 1;
            Some((start, line))
        })
        .find(|(_, line)| line.starts_with("scene "))
        .map_or(text.len(), |(start, _)| start);
    Some(text[..end].to_string())
}

#[test]
fn every_dated_bundled_story_round_trips_through_aeon_csv() {
    let mut checked = Vec::new();
    let mut entries: Vec<String> = std::fs::read_dir(repo().join("scenes"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    for name in entries {
        let test = Test::new();
        copy(&test, &name);
        let before = order(&test, &name);
        let rows = chronology(&before);
        let undated = rows.iter().any(|(_, start)| start.is_null())
            || before["unplaced"].as_array().is_some_and(|u| !u.is_empty());
        if undated {
            continue;
        }
        let csv = test
            .cmd(&["export", &name, "--format", "aeon-csv"])
            .stdout_any()
            .stderr_any()
            .run()
            .stdout;
        let back = Test::new().file("story.csv", &csv);
        if name.ends_with(".scenes") {
            back.write("story.scenes", declarations(&name).unwrap());
        }
        let after = order(&back, "story.csv");
        assert_eq!(chronology(&after), rows, "{name}");
        checked.push(name);
    }
    // The bundled stories with dates throughout, the one in its own
    // calendar among them; a story losing its dates would drop out here.
    for name in [
        "dont-leave.scenes",
        "narnia",
        "orchard-letters.csv",
        "the-ides.scenes",
        "the-lighthouse-keeper.fountain",
        "the-night-ferry.fdx",
        "the-salt-road.scenes",
        "tide-clock",
    ] {
        assert!(
            checked.iter().any(|c| c == name),
            "{name} not checked: {checked:?}"
        );
    }
}

#[test]
fn aeon_date_forms_read_as_the_dates_they_are() {
    let table = "Title,Start Date,End Date\n\
        Ferry,05/17/2014 6:00 PM,05/17/2014 7:30 PM\n\
        Letter,\"May 20, 2014\",\n\
        Storm,06/02/2014,\n";
    let test = Test::new().file("t.csv", table);
    let o = order(&test, "t.csv");
    let rows = chronology(&o);
    let titles: Vec<&str> = rows.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(titles, ["Ferry", "Letter", "Storm"]);
    // `05/17/2014` settles the table as month first, so `06/02/2014` is
    // 2 June, not 6 February (which would come first).
    let check = test.cmd(&["check", "t.csv"]).stderr_any().run();
    assert_eq!(check.count("W0704"), 0);
    let starts: Vec<&str> = o["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["earliest_start"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2014-05-17T18:00:00",
            "2014-05-20T00:00:00",
            "2014-06-02T00:00:00"
        ]
    );
    // `End Date` 7:30 PM gives the ferry its 1h30m.
    assert_eq!(o["scenes"][0]["earliest_end"], "2014-05-17T19:30:00");
}

#[test]
fn a_day_first_table_reads_day_first() {
    let table = "Title,Start Date\nA,17/05/2014\nB,06/02/2014\n";
    let o = order(&Test::new().file("t.csv", table), "t.csv");
    let titles: Vec<String> = chronology(&o).into_iter().map(|(t, _)| t).collect();
    // Day first: B is 6 February, before A on 17 May.
    assert_eq!(titles, ["B", "A"]);
}

#[test]
fn an_ambiguous_table_is_read_month_first_with_one_warning() {
    let table = "Title,Start Date\nA,05/06/2014\nB,07/05/2014\n";
    let test = Test::new().file("t.csv", table);
    let run = test.cmd(&["check", "t.csv"]).stderr_any().run();
    assert_eq!(run.count("W0704"), 1);
    let _ = run.warning_at("W0704", "t.csv:2:3");
    let titles: Vec<String> = chronology(&order(&test, "t.csv"))
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(titles, ["A", "B"]);
}

#[test]
fn a_date_against_the_tables_order_is_an_error_at_its_cell() {
    let table = "Title,Start Date\nA,05/17/2014\nB,17/05/2014\nC,05/17/14\n";
    let run = Test::new()
        .file("t.csv", table)
        .cmd(&["check", "t.csv"])
        .stderr_any()
        .status(1)
        .run();
    assert_eq!(run.count("E0105"), 2);
    run.error_at("E0105", "t.csv:3:3")
        .error_at("E0105", "t.csv:4:3");
}
