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

/// Earliest starts by scene id, from `order --format json` on `s.scenes`.
fn starts(t: &Test) -> std::collections::HashMap<String, String> {
    let run = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    scenes(&run.json()).into_iter().collect()
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
fn after_by_2000y_from_year_one_runs_past_9999_without_a_warning() {
    // Five hops of `after X by 2000y` from 1 January of year 1: each lands
    // on the same day 2000 Gregorian years on (2000 years hold exactly 485
    // leap days, so there is no slack), the last in year 10001.
    let text = "title: T\n\nscene y1: One\n  story: 0001-01-01\n\nscene y2001: Two\n  story: after y1 by 2000y\n\nscene y4001: Three\n  story: after y2001 by 2000y\n\nscene y6001: Four\n  story: after y4001 by 2000y\n\nscene y8001: Five\n  story: after y6001 by 2000y\n\nscene y10001: Six\n  story: after y8001 by 2000y\n";
    let found = order(text);
    let years: Vec<&str> = found.iter().map(|(_, at)| &at[..at.len() - 15]).collect();
    assert_eq!(
        years,
        ["0001", "2001", "4001", "6001", "8001", "+10001"],
        "{found:?}"
    );
    assert_eq!(found[5].1, "+10001-01-01T00:00:00");
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

/// Calendarium's Harptos preset with an era `DR` from year 1 added (the
/// preset has none), to read and write `1372 DR`.
fn harptos_dr() -> String {
    let text =
        std::fs::read_to_string(common::repo().join("tests/fixtures/calendars/harptos.json"))
            .unwrap();
    let mut cal: Value = serde_json::from_str(&text).unwrap();
    cal["static"]["eras"] = serde_json::json!([{
        "name": "DR",
        "format": "{{year}} DR",
        "date": {"year": 1, "month": 0, "day": 1},
        "isStartingEra": false,
        "endsYear": false,
        "isEvent": false,
        "type": "era",
        "category": null,
        "id": "ID_dr"
    }]);
    cal.to_string()
}

fn harptos_story(date: &str) -> Test {
    Test::new().file("cal/harptos.json", harptos_dr()).file(
        "s.scenes",
        format!("title: T\ncalendar: cal/harptos.json\n\nscene a: A\n  story: {date}\n"),
    )
}

#[test]
fn dates_a_calendar_lacks_are_errors_at_the_date() {
    for (date, says) in [
        ("1372-18-01", "month 18 is out of range (1 to 17)"),
        ("1372-03-31", "day 31 does not exist: Alturiak has 30 days"),
        ("1371-10-02", "not a leap year, so Midsummer has 1 day"),
        ("1372-02-01 24:00", "hour 24 is out of range (0 to 23)"),
        // Zero is no month or day in any calendar (it once read "1 to
        // 255" and "the month has 0 days").
        (
            "1372-00-01",
            "there is no month 0: months are counted from 1",
        ),
        ("1372-03-00", "there is no day 0: days are counted from 1"),
    ] {
        harptos_story(date)
            .args(&["check", "s.scenes"])
            .run()
            .status(1)
            .error_at("E0105", "s.scenes:5:10")
            .stderr_contains(says);
    }
    // Shieldmeet exists in 1372: day 2 of Midsummer.
    harptos_story("1372-10-02")
        .cmd(&["order", "s.scenes"])
        .stdout_contains("Shieldmeet 1372 DR")
        .run();
}

#[test]
fn a_json_file_that_is_not_a_calendar_names_the_field() {
    for (json, says) in [
        ("{\"name\": \"X\"}", "`static` is missing"),
        ("[1, 2", "is not JSON"),
        (
            "{\"name\": \"X\", \"static\": {\"months\": [{\"name\": \"A\", \"type\": \"month\", \"length\": \"thirty\"}], \"weekdays\": [{\"name\": \"D\"}]}}",
            "`static.months[0].length` must be a whole number",
        ),
        (
            "{\"name\": \"X\", \"static\": {\"months\": [{\"name\": \"A\", \"type\": \"month\", \"length\": 30}], \"weekdays\": [{\"name\": \"D\"}], \"useCustomYears\": true}}",
            "`static.useCustomYears` is true",
        ),
        (
            "{\"name\": \"X\", \"static\": {\"months\": [{\"name\": \"A\", \"type\": \"month\", \"length\": 30}], \"weekdays\": [{\"name\": \"D\"}], \"leapDays\": [{\"timespan\": 4, \"interval\": [{\"interval\": 4}]}]}}",
            "`static.leapDays[0].timespan` is 4, not the index of one of the 1 months",
        ),
    ] {
        Test::new()
            .file("c.json", json)
            .file("s.scenes", "title: T\ncalendar: c.json\n\nscene a: A\n  story: 0001\n")
            .args(&["check", "s.scenes"])
            .run()
            .status(1)
            .error_at("E0802", "s.scenes:2:11")
            .stderr_contains(says);
    }
}

#[test]
fn a_calendar_file_outside_the_story_is_refused() {
    for path in ["../c.json", "/etc/c.json", "sub/../../c.json"] {
        Test::new()
            .file(
                "story/s.scenes",
                format!("title: T\ncalendar: {path}\n\nscene a: A\n  story: 0001\n"),
            )
            .file("c.json", "{}")
            .args(&["check", "story/s.scenes"])
            .run()
            .status(1)
            .stderr_contains("outside the story's directory")
            .error_at("E0801", "story/s.scenes:2:11");
    }
    Test::new()
        .file(
            "s.scenes",
            "title: T\ncalendar: missing.json\n\nscene a: A\n  story: 0001\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0801", "s.scenes:2:11")
        .stderr_contains("cannot read calendar file `missing.json`");
}

#[test]
fn a_list_needs_a_name_and_the_name_must_be_there() {
    let fixture =
        std::fs::read(common::repo().join("tests/fixtures/calendars/presets.json")).unwrap();
    for (header, says) in [
        ("presets.json", "holds 7 calendars"),
        (
            "presets.json#Calendar of Mystara",
            "has no calendar named `Calendar of Mystara`",
        ),
    ] {
        Test::new()
            .file("presets.json", &fixture)
            .file(
                "s.scenes",
                format!("title: T\ncalendar: {header}\n\nscene a: A\n  story: 0001\n"),
            )
            .args(&["check", "s.scenes"])
            .run()
            .status(1)
            .error_at("E0802", "s.scenes:2:11")
            .stderr_contains(says);
    }
}

#[test]
fn a_scene_may_say_its_weekday() {
    // Certain: 17 May 2014 was a Saturday.
    Test::new()
        .file(
            "s.scenes",
            "title: T\n\nscene a: A\n  story: 2014-05-17, Saturday\n",
        )
        .cmd(&["check", "s.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
    Test::new()
        .file(
            "s.scenes",
            "title: T\n\nscene a: A\n  story: 2014-05-17, Sunday\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0803", "s.scenes:4:22")
        .stderr_contains("`a` starts on 2014-05-17, a Saturday, not a Sunday");
    // Uncertain: some day of 16..17 May is a Saturday; none is a Monday.
    Test::new()
        .file(
            "s.scenes",
            "title: T\n\nscene a: A\n  story: 2014-05-16 .. 2014-05-17, saturday\n",
        )
        .cmd(&["check", "s.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
    Test::new()
        .file(
            "s.scenes",
            "title: T\n\nscene a: A\n  story: 2014-05-16 .. 2014-05-17, Monday\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0803", "s.scenes:4:36")
        .stderr_contains("no day `a` may start on (2014-05-16 .. 2014-05-17) is a Monday");
}

#[test]
fn dates_may_be_written_with_names_and_eras() {
    let fixture = harptos_dr();
    let text = "title: T\ncalendar: harptos.json\n\nscene a: A\n  story: 15 Alturiak 1372 DR 18:00\n\nscene b: B\n  story: Midwinter 1372\n\nscene c: C\n  story: Shieldmeet 1372 DR\n\nscene d: D\n  story: 1372-03-15 18:00\n";
    let t = Test::new()
        .file("harptos.json", fixture)
        .file("s.scenes", text);
    let found = starts(&t);
    assert_eq!(found["a"], "1372-03-15T18:00:00");
    assert_eq!(found["a"], found["d"]);
    assert_eq!(found["b"], "1372-02-01T00:00:00");
    assert_eq!(found["c"], "1372-10-02T00:00:00");
    // `fmt` keeps them as written.
    t.cmd(&["fmt", "--check", "s.scenes"])
        .stderr("0 of 1 file would be reformatted\n")
        .run();
    // On the Gregorian calendar, BC reads back.
    let found =
        order("title: T\n\nscene a: A\n  story: 15 March 44 BC\n\nscene b: B\n  story: 44 BC\n");
    assert_eq!(found[0].1, "-0043-01-01T00:00:00");
    assert_eq!(found[1].1, "-0043-03-15T00:00:00");
    Test::new()
        .file(
            "s.scenes",
            "title: T\n\nscene a: A\n  story: 15 Marhc 44 BC\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0105", "s.scenes:4:10")
        .stderr_contains("no month `Marhc` in the gregorian calendar (its months: January");
}

/// Scene `id` of `order --format json` of one story.
fn scene_json(json: &Value, id: &str) -> Value {
    let found = json["scenes"]
        .as_array()
        .and_then(|scenes| scenes.iter().find(|s| s["id"] == id));
    found
        .cloned()
        .unwrap_or_else(|| panic!("no scene {id} in {json}"))
}

/// A calendar of 31-hour days and six-day weeks, declared in the story.
const LONG_DAYS: &str = "title: Long Days\n\ncalendar dune:\n  month Thaw: 30\n  month Seed: 30\n  weekdays: Sul, Mol, Zor, Tam, Vey, Rin\n  day: 31h\n\ncalendar: dune\n\n";

#[test]
fn in_a_31_hour_day_for_1d_is_31_hours() {
    let text = format!(
        "{LONG_DAYS}scene a: Arrival\n  story: 0001-01-01 00:00 for 1d\n\nscene b: Next\n  story: after a\n\nscene c: Hours\n  story: a + 31h\n\nscene d: Day\n  story: a + 1d\n\nscene e: Late\n  story: 0001-01-02 30:00\n"
    );
    let t = Test::new().file("s.scenes", &text);
    let run = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    let json = run.json();
    let scene = |id: &str| scene_json(&json, id);
    // The day after 1 Thaw starts 31 hours after it, not 24.
    assert_eq!(scene("a")["earliest_end"], "1-01-02T00:00:00");
    assert_eq!(scene("b")["earliest_start"], "1-01-02T00:00:00");
    assert_eq!(scene("c")["earliest_start"], scene("d")["earliest_start"]);
    assert_eq!(scene("d")["earliest_start"], "1-01-02T00:00:00");
    assert_eq!(scene("e")["earliest_start"], "1-01-02T30:00:00");
    assert_eq!(scene("a")["weekday"], "Sul");
    assert_eq!(scene("d")["weekday"], "Mol");
    // Text: the jump from 1 Thaw 00:00 to 2 Thaw 00:00 is one day, and
    // from there to 30:00 on 2 Thaw thirty hours.
    let run = t.cmd(&["order", "s.scenes"]).stdout_any().run();
    let out = &run.stdout;
    let row = |id: &str| {
        out.lines()
            .find(|l| l.split_whitespace().nth(1) == Some(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(row("e").contains("2 Thaw 1 30:00 (Mol)"), "{out}");
    assert!(row("b").ends_with(" 1d"), "{out}");
    assert!(row("e").ends_with(" 30h"), "{out}");
    // 30:00 on 2 Thaw is still the story's second day.
    assert_eq!(scene("e")["story_day"], 2);
    // The axis counts the day's hours past 24.
    t.cmd(&["render", "s.scenes", "-o", "out"])
        .stdout_any()
        .stderr("no problems in 1 file\n")
        .run();
    let svg = t.read("out/long-days.lanes.svg");
    for tick in [">24:00<", ">30:00<"] {
        assert!(svg.contains(tick), "the axis lacks {tick}");
    }
    t.cmd(&["check", "s.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
}

#[test]
fn a_relative_axis_counts_the_calendars_days() {
    // No date, only offsets: the lanes axis counts days from the first
    // scene. Five days of 31 hours are 155 hours: `day 6` begins there (in
    // 24-hour days it would be `day 7`).
    let text = format!(
        "{LONG_DAYS}scene a: Arrival\n  story: for 1h\n\nscene b: Next\n  story: a + 2d\n\nscene c: Last\n  story: a + 5d\n"
    );
    let t = Test::new().file("s.scenes", &text);
    t.cmd(&["render", "s.scenes", "--view", "lanes", "-o", "out"])
        .stdout_any()
        .stderr("no problems in 1 file\n")
        .run();
    let svg = t.read("out/long-days.lanes.svg");
    for label in [">day 1<", ">day 3<", ">day 6<"] {
        assert!(svg.contains(label), "the axis lacks {label}");
    }
    assert!(
        !svg.contains(">day 7<"),
        "24-hour days on a 31-hour calendar"
    );
}

#[test]
fn months_and_years_are_the_calendars_own() {
    // In Harptos a month runs 30 to 32 days from a month's start to the
    // next's (Midwinter, Shieldmeet between): `+ 1mo` from 1 Hammer 1372
    // is day 30 to day 32, so 1 Midwinter to 2 Alturiak; a Gregorian month
    // would have allowed 28 days. A Harptos year is 365 or 366 days.
    let text = "title: T\ncalendar: harptos.json\n\nscene a: A\n  story: 1372-01-01\n\nscene b: B\n  story: a + 1mo\n\nscene c: C\n  story: a + 1y\n\nscene d: D\n  story: 1371-01-01\n\nscene e: E\n  story: d + 1y\n";
    let t = Test::new()
        .file("harptos.json", harptos_dr())
        .file("s.scenes", text);
    let run = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    let json = run.json();
    let get = |id: &str, key: &str| scene_json(&json, id)[key].clone();
    assert_eq!(get("b", "earliest_start"), "1372-02-01T00:00:00");
    assert_eq!(get("b", "latest_start"), "1372-03-02T23:59:59");
    // 1372 is a leap year (366 days): 1 Hammer 1373 at the latest; 365
    // days is the last day of 1372 at the earliest.
    assert_eq!(get("c", "earliest_start"), "1372-17-30T00:00:00");
    assert_eq!(get("c", "latest_start"), "1373-01-01T23:59:59");
    // From a common year, both land on 1 Hammer or the day after.
    assert_eq!(get("e", "earliest_start"), "1372-01-01T00:00:00");
}

#[test]
fn a_range_empty_only_in_the_calendar_is_an_error_at_the_range() {
    // `1d..30h` holds on the Gregorian calendar (24 ≤ 30 hours) but is
    // empty where a day has 31 hours: one error at the range, not a
    // contradiction later.
    let text = format!("{LONG_DAYS}scene a: A\n  story: 0001-01-01 for 1d..30h\n");
    Test::new()
        .file("s.scenes", &text)
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0107", "s.scenes:12:25")
        .stderr_contains("the range `1d..30h` is empty")
        .stderr_contains("write the smaller bound first: `30h..1d`")
        .summary("1 error in 1 file");
    // `1d..32h` is not, nor is the suggested `30h..1d`, which is empty on
    // the Gregorian calendar only.
    for range in ["1d..32h", "30h..1d"] {
        Test::new()
            .file("s.scenes", text.replace("1d..30h", range))
            .cmd(&["check", "s.scenes"])
            .stderr("no problems in 1 file\n")
            .run();
    }
    Test::new()
        .file(
            "s.scenes",
            "title: T\n\nscene a: A\n  story: 0001-01-01 for 30h..1d\n",
        )
        .args(&["check", "s.scenes"])
        .run()
        .status(1)
        .error_at("E0107", "s.scenes:4:25");
}
