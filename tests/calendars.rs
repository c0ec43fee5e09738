//! Calendars and deep time, through the binary: signed ISO years, years
//! before 1 and after 9999, the edges of story-time, and the `calendar:`
//! header.

mod common;

use common::Test;
use serde_json::Value;

/// `order --format json` of one story file, as (id, earliest start) pairs
/// in story order.
fn order(text: &str) -> Vec<(String, String)> {
    let run = Test::new()
        .file("s.scenes", text)
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    scenes(&run.json())
}

/// `check` finds nothing in the story.
fn assert_clean(text: &str) {
    Test::new()
        .file("s.scenes", text)
        .cmd(&["check", "s.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
}

fn scenes(json: &Value) -> Vec<(String, String)> {
    let story = if json.is_array() { &json[0] } else { json };
    story["scenes"]
        .as_array()
        .expect("a list of scenes")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or_default().to_string(),
                s["earliest_start"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn dates_before_christ_order_with_their_gap() {
    // The Ides of March 44 BC and the battle of Actium, 31 BC: thirteen
    // years and five and a half months apart.
    let text = "title: Rome\n\nscene actium: Actium\n  story: -0030-09-02\n\nscene ides: The Ides\n  story: -0043-03-15\n";
    assert_eq!(
        order(text),
        [
            ("ides".to_string(), "-0043-03-15T00:00:00".to_string()),
            ("actium".to_string(), "-0030-09-02T00:00:00".to_string()),
        ]
    );
    let t = Test::new().file("s.scenes", text);
    let run = t
        .cmd(&["order", "s.scenes"])
        .stdout_contains("15 March 44 BC")
        .run();
    let out = run.stdout.clone();
    assert!(out.contains("2 September 31 BC"), "{out}");
    assert!(
        out.contains("13y 6mo"),
        "the jump is about 13½ years: {out}"
    );
    t.cmd(&["check", "s.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
}

#[test]
fn two_thousand_years_from_year_one_land_after_9999_without_a_warning() {
    let text =
        "title: T\n\nscene a: A\n  story: 0001-01-01\n\nscene b: B\n  story: after a by 10000y\n";
    let found = order(text);
    assert_eq!(found[1].0, "b");
    assert!(found[1].1.starts_with("+10001-01-0"), "{found:?}");
    assert_clean(text);
}

#[test]
fn a_chain_reaches_a_billion_years_either_way() {
    let text = "title: Deep\n\nscene now: Now\n  story: 2000\n\nscene far: Far\n  story: after now by 500000000y\n\nscene farther: Farther\n  story: after far by 500000000y\n\nscene past: Past\n  story: now - 999999200y\n\nscene rock: Rock\n  story: -1000000000\n";
    let found = order(text);
    let ids: Vec<&str> = found.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["rock", "past", "now", "far", "farther"]);
    assert_eq!(found[0].1, "-1000000000-01-01T00:00:00");
    assert_eq!(found[1].1, "-999997200-01-01T00:00:00");
    assert!(found[4].1.starts_with("+1000002000-01-01"), "{found:?}");
    assert_clean(text);
}

#[test]
fn a_trillion_years_is_a_clear_error_not_a_panic() {
    Test::new()
        .file(
            "s.scenes",
            "scene a: A\n  story: -1000000000000\n\nscene b: B\n  story: after a by 1000000000000y\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0105", "s.scenes:2:10")
        .error_at("E0106", "s.scenes:5:21")
        .stderr_contains("out of range");
}

#[test]
fn years_after_9999_need_a_sign() {
    Test::new()
        .file("s.scenes", "scene a: A\n  story: 12024-01-01\n")
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0105", "s.scenes:2:10")
        .stderr_contains("+12024");
}

#[test]
fn the_julian_calendar_measures_in_julian_years() {
    // 1900 is a Julian leap year: 29 February exists, and the day after 28
    // February is the 29th, not 1 March.
    let text = "title: T\ncalendar: julian\n\nscene a: A\n  story: 1900-02-28\n\nscene b: B\n  story: a + 1d\n\nscene c: C\n  story: 1900-02-29\n";
    let found = order(text);
    assert_eq!(found[1].1, "1900-02-29T00:00:00");
    assert_eq!(found[2].1, "1900-02-29T00:00:00");
    // The same on the Gregorian calendar is an invalid date.
    Test::new()
        .file("s.scenes", text.replace("calendar: julian\n", ""))
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0105", "s.scenes:10:10")
        .stderr_contains("not a leap year");
}

#[test]
fn an_unknown_calendar_is_an_error_at_its_name() {
    Test::new()
        .file(
            "s.scenes",
            "title: T\ncalendar: mayan\n\nscene a: A\n  story: 2020\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0801", "s.scenes:2:11");
}
