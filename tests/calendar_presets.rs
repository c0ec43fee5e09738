//! The Fantasy Calendar plugin's preset calendars, as the plugins save
//! them, through the binary: every preset loads, and chains of offsets over
//! thousands of days land on the dates (and weekdays) the preset's own
//! months, leap days and intercalary periods imply.
//!
//! `tests/fixtures/calendars/presets.json` is the plugin's `PRESET_CALENDARS`
//! list (obsidian-fantasy-calendar `src/utils/presets.ts`) as JSON;
//! `harptos.json` is Calendarium's Harptos preset (javalent/calendarium
//! `src/utils/presets.ts`), one calendar object in Calendarium's newer
//! shape. Their README names the commits.
//!
//! The expected dates are computed here, from the fixture's JSON, by a
//! plain day-by-day walk written for this test (never by the code under
//! test), and the weekdays by the plugin's own counting.

mod common;

use std::collections::HashMap;

use common::Test;
use serde_json::Value;

/// One leap day of a preset: the month index that gets it, whether it
/// stands outside the week, its offset, and its intervals `(years,
/// exclusive, ignore offset)` in ascending order.
struct Leap {
    month: usize,
    intercalary: bool,
    offset: i64,
    intervals: Vec<(i64, bool, bool)>,
}

/// A preset read straight from its JSON.
struct Preset {
    /// `(name, intercalary, length)` of each month in order.
    months: Vec<(String, bool, i64)>,
    leaps: Vec<Leap>,
    weekdays: Vec<String>,
    first_weekday: i64,
    overflow: bool,
}

/// A date as `(year, month index from 0, day from 1)`.
type Ymd = (i64, usize, i64);

fn fixture(name: &str) -> String {
    std::fs::read_to_string(common::repo().join("tests/fixtures/calendars").join(name)).unwrap()
}

impl Preset {
    fn from_json(cal: &Value) -> Preset {
        let st = &cal["static"];
        let months = st["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["name"].as_str().unwrap().to_string(),
                    m["type"] == "intercalary",
                    m["length"].as_i64().unwrap(),
                )
            })
            .collect();
        let leaps = st["leapDays"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                let mut intervals: Vec<(i64, bool, bool)> = l["interval"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| {
                        (
                            i["interval"].as_i64().unwrap(),
                            i["exclusive"].as_bool().unwrap_or(false),
                            i["ignore"].as_bool().unwrap_or(false),
                        )
                    })
                    .collect();
                intervals.sort_by_key(|i| i.0);
                Leap {
                    month: l["timespan"].as_u64().unwrap() as usize,
                    intercalary: l["intercalary"].as_bool().unwrap_or(false),
                    offset: l["offset"].as_i64().unwrap_or(0),
                    intervals,
                }
            })
            .collect();
        Preset {
            months,
            leaps,
            weekdays: st["weekdays"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w["name"].as_str().unwrap().to_string())
                .collect(),
            first_weekday: st["firstWeekDay"].as_i64().unwrap_or(0)
                + st["offset"].as_i64().unwrap_or(0),
            overflow: st["overflow"].as_bool().unwrap_or(true),
        }
    }

    fn named(name: &str) -> Preset {
        let all: Value = serde_json::from_str(&fixture("presets.json")).unwrap();
        let cal = all
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no preset {name}"));
        Preset::from_json(cal)
    }

    /// The plugins' leap test: intervals ascending; an interval selects the
    /// years it divides, less those of an exclusive interval right after
    /// it; an exclusive interval first in the list selects the years it
    /// does not divide. (Every preset's offsets are 0.)
    fn is_leap(leap: &Leap, year: i64) -> bool {
        let divides = |&(n, _, ignore): &(i64, bool, bool)| {
            let off = if ignore { 0 } else { leap.offset };
            (year - off) % n == 0
        };
        let iv = &leap.intervals;
        (0..iv.len()).any(|k| {
            if iv[k].1 {
                return k == 0 && !divides(&iv[k]);
            }
            match iv.get(k + 1) {
                Some(next) if next.1 => divides(&iv[k]) && !divides(next),
                _ => divides(&iv[k]),
            }
        })
    }

    fn length(&self, year: i64, month: usize) -> i64 {
        let extra = self
            .leaps
            .iter()
            .filter(|l| l.month == month && Preset::is_leap(l, year))
            .count() as i64;
        self.months[month].2 + extra
    }

    /// `date` moved by `n` days (either way), one day at a time.
    fn add(&self, (mut y, mut m, mut d): Ymd, n: i64) -> Ymd {
        for _ in 0..n.abs() {
            if n > 0 {
                d += 1;
                while d > self.length(y, m) {
                    d = 1;
                    m += 1;
                    if m == self.months.len() {
                        m = 0;
                        y += 1;
                    }
                }
            } else {
                d -= 1;
                while d < 1 {
                    if m == 0 {
                        m = self.months.len();
                        y -= 1;
                    }
                    m -= 1;
                    d = self.length(y, m);
                }
            }
        }
        (y, m, d)
    }

    /// Days counted for the week in `year` before month `month`: days of
    /// months (not intercalary ones) and leap days that are not
    /// intercalary, as the plugin counts them.
    fn week_days_before(&self, year: i64, month: usize) -> i64 {
        let months: i64 = (0..month)
            .filter(|&m| !self.months[m].1)
            .map(|m| self.months[m].2)
            .sum();
        let leaps = self
            .leaps
            .iter()
            .filter(|l| !l.intercalary && l.month < month && Preset::is_leap(l, year))
            .count() as i64;
        months + leaps
    }

    /// The weekday the plugin gives a day: none in an intercalary month;
    /// with `overflow: false` each month starts the week anew; else the
    /// week runs on from `firstWeekDay` (+ `offset`) on the first day of
    /// year 1.
    fn weekday(&self, (y, m, d): Ymd) -> Option<String> {
        if self.months[m].1 {
            return None;
        }
        let n = self.weekdays.len() as i64;
        let count = if self.overflow {
            let years: i64 = (1..y)
                .map(|year| self.week_days_before(year, self.months.len()))
                .sum();
            years + self.week_days_before(y, m) + d - 1 + self.first_weekday
        } else {
            d - 1
        };
        Some(self.weekdays[count.rem_euclid(n) as usize].clone())
    }

    /// The first leap day after `from`, else the first day of the first
    /// month a year later: a day the chains should be seen to land on.
    fn landmark(&self, from: Ymd) -> i64 {
        let mut n = 0;
        let mut at = from;
        loop {
            n += 1;
            at = self.add(at, 1);
            let (y, m, d) = at;
            let leap_day = d > self.months[m].2;
            let later = y > from.0 + 1 && m == 0 && d == 1;
            if leap_day || (self.leaps.is_empty() && later) {
                return n;
            }
        }
    }
}

fn json_date((y, m, d): Ymd) -> String {
    format!("{y}-{:02}-{d:02}T00:00:00", m + 1)
}

/// `order --format json` of `s.scenes`: earliest start and weekday by id.
fn solved(t: &Test) -> HashMap<String, (String, Value)> {
    let run = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    let json = run.json();
    let story = if json.is_array() { &json[0] } else { &json };
    story["scenes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                (
                    s["earliest_start"].as_str().unwrap().to_string(),
                    s["weekday"].clone(),
                ),
            )
        })
        .collect()
}

/// A story dated in `header`'s calendar from `start`, with chains of
/// offsets both ways, and the day count from `start` each scene should
/// land at, and whether its day is certain (`after X by Nd` is a least
/// distance: the earliest start is certain, the day is not).
fn chain_story(
    header: &str,
    start: Ymd,
    landmark: i64,
) -> (String, Vec<(&'static str, i64, bool)>) {
    let (y, m, d) = start;
    let text = format!(
        "title: Chains\ncalendar: {header}\n\n\
         scene s0: Start\n  story: {y:04}-{:02}-{d:02}\n\n\
         scene s1: One\n  story: s0 + 1000d\n\n\
         scene s2: Two\n  story: after s1 by 1461d\n\n\
         scene s3: Three\n  story: s2 + 4000d\n\n\
         scene s4: Four\n  story: after s3 by 1d\n\n\
         scene back: Back\n  story: s0 - 2500d\n\n\
         scene mark: Mark\n  story: s0 + {landmark}d\n\n\
         scene after_mark: After the mark\n  story: after mark by 1d\n",
        m + 1
    );
    let expected = vec![
        ("s0", 0, true),
        ("s1", 1000, true),
        ("s2", 2461, false),
        ("s3", 6461, false),
        ("s4", 6462, false),
        ("back", -2500, true),
        ("mark", landmark, true),
        ("after_mark", landmark + 1, false),
    ];
    (text, expected)
}

const PRESETS: [(&str, Ymd); 7] = [
    ("Gregorian Calendar", (2014, 4, 17)),
    ("Calendar of Greyhawk", (591, 0, 3)),
    ("Calendar of Golarion", (4719, 1, 20)),
    ("Calendar of Galifar", (998, 6, 27)),
    ("Barovian Calendar", (735, 1, 28)),
    ("Exandrian Calendar", (835, 8, 27)),
    ("Calendar of Harptos", (1371, 8, 29)),
];

#[test]
fn every_preset_loads_and_chains_land_where_its_rules_say() {
    let presets = fixture("presets.json");
    for (name, start) in PRESETS {
        let preset = Preset::named(name);
        let landmark = preset.landmark(preset.add(start, 2000));
        let landmark = 2000 + landmark;
        let (text, expected) = chain_story(&format!("presets.json#{name}"), start, landmark);
        let t = Test::new()
            .file("presets.json", &presets)
            .file("s.scenes", &text);
        let found = solved(&t);
        for (id, n, certain) in expected {
            let date = preset.add(start, n);
            let (at, weekday) = &found[id];
            assert_eq!(at, &json_date(date), "{name}: {id} is start {n:+}d");
            let want = match preset.weekday(date) {
                Some(w) if certain => Value::String(w),
                _ => Value::Null,
            };
            assert_eq!(weekday, &want, "{name}: weekday of {id} ({at})");
        }
        t.cmd(&["check", "s.scenes"])
            .stderr("no problems in 1 file\n")
            .run();
    }
}

#[test]
fn the_chains_cross_leap_years_and_intercalary_days() {
    // The test above means something only if its chains pass the days
    // that make the presets differ: leap days, festivals outside the week.
    for (name, start) in PRESETS {
        let preset = Preset::named(name);
        let end = preset.add(start, 6462);
        let leap_years = (start.0..=end.0)
            .filter(|&y| preset.leaps.iter().any(|l| Preset::is_leap(l, y)))
            .count();
        assert_eq!(leap_years > 0, !preset.leaps.is_empty(), "{name}");
        assert!(end.0 - start.0 >= 15, "{name}: {start:?} .. {end:?}");
    }
    let harptos = Preset::named("Calendar of Harptos");
    let start = PRESETS[6].1;
    let mark = 2000 + harptos.landmark(harptos.add(start, 2000));
    // Harptos' landmark is Shieldmeet, day 2 of Midsummer in a leap year,
    // whose weekday is none.
    let (y, m, d) = harptos.add(start, mark);
    assert_eq!((harptos.months[m].0.as_str(), d), ("Midsummer", 2));
    assert_eq!(y % 4, 0);
    assert_eq!(harptos.weekday((y, m, d)), None);
    // Greyhawk's festival weeks are months in the preset (`type: "month"`)
    // and run in the week; Harptos' festivals are intercalary.
    let greyhawk = Preset::named("Calendar of Greyhawk");
    assert!(!greyhawk.months[0].1 && harptos.months[1].1);
}

#[test]
fn the_gregorian_preset_has_the_real_weekdays() {
    // 17 May 2014 was a Saturday; chrono's proleptic Gregorian calendar,
    // not the code under test, gives the rest.
    let preset = Preset::named("Gregorian Calendar");
    let start = (2014, 4, 17);
    assert_eq!(preset.weekday(start).as_deref(), Some("Saturday"));
    let (text, expected) = chain_story("presets.json#gregorian calendar", start, 3);
    let t = Test::new()
        .file("presets.json", fixture("presets.json"))
        .file("s.scenes", &text);
    let found = solved(&t);
    let real = chrono::NaiveDate::from_ymd_opt(2014, 5, 17).unwrap();
    for (id, n, certain) in expected {
        let day = real + chrono::Duration::days(n);
        let (at, weekday) = &found[id];
        assert_eq!(
            at,
            &day.format("%Y-%m-%dT00:00:00").to_string(),
            "{id}: 2014-05-17 {n:+}d"
        );
        if certain {
            assert_eq!(weekday, &day.format("%A").to_string(), "{id} ({at})");
        }
    }
    assert_eq!(found["s0"].1, "Saturday");
}

#[test]
fn calendariums_harptos_reads_as_the_fantasy_calendar_one() {
    // The same calendar in Calendarium's newer shape (short names,
    // subtitles, month intervals, seasons, weather) gives the same dates.
    let preset = Preset::named("Calendar of Harptos");
    let start = (1372, 6, 1);
    let mark = 2000 + preset.landmark(preset.add(start, 2000));
    let (text, expected) = chain_story("cal/harptos.json", start, mark);
    let t = Test::new()
        .file("cal/harptos.json", fixture("harptos.json"))
        .file("s.scenes", &text);
    let found = solved(&t);
    for (id, n, _) in expected {
        let date = preset.add(start, n);
        assert_eq!(found[id].0, json_date(date), "{id} is start {n:+}d");
    }
    // Text outputs use the short names; dates may be written with them.
    let t = Test::new()
        .file("harptos.json", fixture("harptos.json"))
        .file(
            "s.scenes",
            "title: T\ncalendar: harptos.json\n\nscene a: A\n  story: 15 Alturiak 1372 18:00\n\nscene b: B\n  story: Alturiak 1372\n\nscene c: C\n  story: Shieldmeet 1372\n\nscene d: D\n  story: Midwinter 1372\n",
        );
    let found = solved(&t);
    assert_eq!(found["a"].0, "1372-03-15T18:00:00");
    assert_eq!(found["b"].0, "1372-03-01T00:00:00");
    assert_eq!(found["c"].0, "1372-10-02T00:00:00");
    assert_eq!(found["d"].0, "1372-02-01T00:00:00");
    let run = t.cmd(&["order", "s.scenes"]).stdout_any().run();
    for shown in [
        "15 Alturiak 1372 18:00",
        "Alturiak 1372",
        "Shieldmeet 1372",
        "Midwinter 1372",
    ] {
        assert!(run.stdout.contains(shown), "{shown}:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("Claw of Winter"), "{}", run.stdout);
    // A name the calendar lacks is an error at the date, naming the
    // calendar once.
    t.write(
        "s.scenes",
        "title: T\ncalendar: harptos.json\n\nscene a: A\n  story: 15 Altruiak 1372\n",
    );
    t.cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_contains("no month `Altruiak` in the Calendar of Harptos (its months: Hammer (Deepwinter), Midwinter")
        .stderr_contains(" --> s.scenes:5:10")
        .run();
}

/// A change made to a calendar's JSON.
type Change = fn(&mut Value);

#[test]
fn what_the_presets_cannot_mean_is_refused_by_field() {
    // Fields of the newer plugin that would move dates chronotope cannot
    // move: each is refused at the `calendar:` line, naming the field.
    let base: Value = serde_json::from_str(&fixture("harptos.json")).unwrap();
    let cases: [(Change, &str); 5] = [
        (
            |c| c["static"]["leapDays"][0]["after"] = 0.into(),
            "`static.leapDays[0].after` is 0",
        ),
        (
            |c| c["static"]["months"][0]["week"] = serde_json::json!([{"name": "A"}]),
            "`static.months[0].week`",
        ),
        (
            |c| c["static"]["eras"] = serde_json::json!([{"name": "X", "format": "{{year}}", "date": {"year": 5, "month": 2, "day": 1}, "endsYear": true}]),
            "`static.eras[0].endsYear` is true",
        ),
        (
            |c| c["static"]["months"][0]["interval"] = 2.into(),
            "`static.months[0].interval` is 2",
        ),
        (
            |c| c["static"]["useCustomYears"] = true.into(),
            "`static.useCustomYears` is true",
        ),
    ];
    for (change, says) in cases {
        let mut cal = base.clone();
        change(&mut cal);
        Test::new()
            .file("h.json", cal.to_string())
            .file(
                "s.scenes",
                "title: T\ncalendar: h.json\n\nscene a: A\n  story: 1372\n",
            )
            .args(&["check", "s.scenes"])
            .run()
            .status(1)
            .error_at("E0802", "s.scenes:2:11")
            .stderr_contains(says);
    }
    // The same leap day after its month's last day is what it always was.
    let mut cal = base.clone();
    cal["static"]["leapDays"][0]["after"] = 1.into();
    Test::new()
        .file("h.json", cal.to_string())
        .file(
            "s.scenes",
            "title: T\ncalendar: h.json\n\nscene a: A\n  story: Shieldmeet 1372\n",
        )
        .cmd(&["check", "s.scenes"])
        .stderr("no problems in 1 file\n")
        .run();
}
