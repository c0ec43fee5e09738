//! The views on a small hand-built chronology (the solver is not needed to
//! check how rows are printed).

use super::*;
use crate::engine::{Chronology, Placement, RelativeBounds, TimeBounds};
use crate::model::{EraId, SceneId, Story};
use crate::time::{DateTimeSpec, Seconds, DAY, HOUR, MINUTE};
use crate::workspace::Workspace;

const TEXT: &str = "\
title: Test \"story\"
era past: 2014 .. 2019
era present: 2020 ..

scene now: The morning after, alone
  screen: 00:00:00 .. 00:04:10
  story: 2020-10-03 08:10 for 20m

scene then: First, meeting
  screen: 00:04:10 .. 00:11:00
  story: 2014-05-17 18:00 for 40m

scene boxes: Boxes
  screen: 00:11:00 .. 00:19:30
  story: after then by 6mo..1y

scene dream: A dream, later
  screen: 00:19:30 .. 00:22:00
  story: for 1h

scene wake: Waking
  story: after dream by 1d..3d

scene loose: Nothing known
  screen: 00:22:00
";

fn story() -> Story {
    let ws = Workspace::from_text("test.scenes", TEXT);
    let l = ws.resolve().remove(0);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    l.story
}

fn at(y: i64, m: u32, d: u32, h: u32, mi: u32) -> Seconds {
    DateTimeSpec::new(y, Some(m), Some(d), Some((h, mi)), None)
        .unwrap()
        .first_second()
}

fn fixed(start: Seconds, end: Seconds) -> (TimeBounds, TimeBounds) {
    (
        TimeBounds {
            earliest: Some(start),
            latest: Some(start),
        },
        TimeBounds {
            earliest: Some(end),
            latest: Some(end),
        },
    )
}

fn placement(
    (start, end): (TimeBounds, TimeBounds),
    chrono: Option<usize>,
    era: Option<u32>,
) -> Placement {
    Placement {
        start,
        end,
        anchored: true,
        relative: None,
        scheduled_start: start.earliest.unwrap_or(0),
        scheduled_end: end.earliest.unwrap_or(0),
        chrono,
        story_day: None,
        day_label: None,
        era: era.map(EraId),
        component: 0,
        in_contradiction: false,
    }
}

/// What the engine should say about [`TEXT`]: then, boxes, now, then the
/// floating dream → wake; loose is unplaced.
fn chronology() -> Chronology {
    let then = at(2014, 5, 17, 18, 0);
    let now = at(2020, 10, 3, 8, 10);
    let mut boxes = placement(
        (
            TimeBounds {
                earliest: Some(then + 40 * MINUTE + 181 * DAY),
                latest: Some(then + 40 * MINUTE + 366 * DAY),
            },
            TimeBounds {
                earliest: Some(then + 40 * MINUTE + 181 * DAY),
                latest: None,
            },
        ),
        Some(1),
        Some(0),
    );
    boxes.story_day = Some(182);
    boxes.day_label = Some("182".into());
    let mut now = placement(fixed(now, now + 20 * MINUTE), Some(2), Some(1));
    now.story_day = Some(2332);
    now.day_label = Some("2332".into());
    now.in_contradiction = true;
    let mut then = placement(fixed(then, then + 40 * MINUTE), Some(0), Some(0));
    then.story_day = Some(1);
    then.day_label = Some("1".into());
    let floating = |start: (i64, Option<i64>), end: (i64, Option<i64>), c| Placement {
        start: TimeBounds::default(),
        end: TimeBounds::default(),
        anchored: false,
        relative: Some(Box::new(RelativeBounds {
            anchor: SceneId(3),
            start: TimeBounds {
                earliest: Some(start.0),
                latest: start.1,
            },
            end: TimeBounds {
                earliest: Some(end.0),
                latest: end.1,
            },
        })),
        scheduled_start: start.0,
        scheduled_end: end.0,
        chrono: Some(c),
        story_day: None,
        day_label: None,
        era: None,
        component: 1,
        in_contradiction: false,
    };
    let dream = floating((0, Some(0)), (HOUR, Some(HOUR)), 3);
    let wake = floating((HOUR + DAY, Some(HOUR + 3 * DAY)), (HOUR + DAY, None), 4);
    let mut loose = placement((TimeBounds::default(), TimeBounds::default()), None, None);
    loose.anchored = false;
    loose.component = 2;
    Chronology {
        placements: vec![now, then, boxes, dream, wake, loose],
        order: [1, 2, 0, 3, 4].map(SceneId).to_vec(),
        unplaced: vec![SceneId(5)],
        contradictions: Vec::new(),
        truncated: false,
        narrowed: Vec::new(),
        day_conflicts: Vec::new(),
    }
}

#[test]
fn order_text() {
    let out = order::text(&story(), &chronology());
    println!("{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn order_json() {
    let out = order::json(&story(), &chronology());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["story"], "Test \"story\"");
    // serde_json::Value sorts keys, so check the written order on the text.
    let first = &out[out.find("\"scenes\"").unwrap()..out.find("\"unplaced\"").unwrap()];
    // Up to the lists a scene carries beyond the CSV's columns.
    let first = &first[..first.find("\"threads\"").unwrap()];
    let keys: Vec<&str> = first
        .lines()
        .filter_map(|l| l.trim().strip_prefix('"')?.split('"').next())
        .filter(|k| *k != "scenes")
        .collect();
    // The CSV columns are the JSON keys with `relative` flattened; the
    // `threads` and `cast` lists are JSON only.
    let mut expected = order::CSV_COLUMNS[..15].to_vec();
    expected.extend(["relative", "work"]);
    assert_eq!(keys, expected);
    let then = &v["scenes"][0];
    assert!(then["threads"].is_array() && then["cast"].is_array());
    assert_eq!(then["id"], "then");
    assert_eq!(
        (then["telling"].as_u64(), then["chrono"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(then["earliest_start"], "2014-05-17T18:00:00");
    assert_eq!(then["screen_end"], "00:11:00");
    assert_eq!(then["era"], "past");
    assert!(then["relative"].is_null());
    let wake = &v["scenes"][4];
    assert!(wake["earliest_start"].is_null());
    assert_eq!(wake["relative"]["anchor"], "dream");
    assert_eq!(wake["relative"]["earliest_start"], HOUR + DAY);
    assert!(wake["relative"]["latest_end"].is_null());
    let loose = &v["unplaced"][0];
    assert_eq!(loose["id"], "loose");
    assert!(loose["chrono"].is_null());
    assert!(loose["screen_end"].is_null());
}

#[test]
fn order_csv() {
    let out = order::csv(&story(), &chronology());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + 6);
    assert_eq!(lines[0], order::CSV_COLUMNS.join(","));
    assert_eq!(
        lines[1],
        "then,\"First, meeting\",2,1,2014-05-17T18:00:00,2014-05-17T18:00:00,\
         2014-05-17T18:40:00,2014-05-17T18:40:00,00:04:10,00:11:00,past,1,1,Saturday,,,,,,,"
    );
    assert_eq!(
        lines[5],
        "wake,Waking,5,5,,,,,,,,,,,,dream,90000,262800,90000,,"
    );
    assert!(lines[6].starts_with("loose,Nothing known,6,,"));
}

#[test]
fn titles_cannot_inject_escapes() {
    let mut s = story();
    s.scenes[1].title = "\u{1b}]0;pwned\u{7}".into();
    let out = order::text(&s, &chronology());
    assert!(!out.contains('\u{1b}'));
    assert!(out.contains("\u{FFFD}]0;pwned\u{FFFD}"));
    // Data formats keep the text exactly (escaped by their own rules).
    assert!(order::json(&s, &chronology()).contains("\\u001b]0;pwned\\u0007"));
}

#[test]
fn stats_text() {
    let (s, c) = (story(), chronology());
    let out = stats::text(&s, &crate::engine::stats::stats(&s, &c));
    println!("{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn stats_json_has_the_story_and_every_measure() {
    let (s, c) = (story(), chronology());
    let out = stats::json(&s, &crate::engine::stats::stats(&s, &c));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["story"], "Test \"story\"");
    assert_eq!(v["placed"], 5);
    // Telling 0 1 2 3 4 against chrono 2 0 1 3 4: footrule 2+1+1 = 4 over 10.
    assert_eq!(v["footrule"], 4);
    assert_eq!(v["nonlinearity_index"], 0.4);
    assert_eq!(v["inversions"], 2);
    assert_eq!(v["anachronies"][0]["direction"], "analepsis");
    assert!(v["anachronies"][0]["reach"]["seconds"].is_i64());
    assert_eq!(v["eras"][0]["era"], "past");
}

/// `order --format json` is written row by row by hand; the `Serialize`
/// impls say what the document is. Both must give the same bytes: a
/// floating part (relative offsets, negative ones too), an unplaced scene,
/// eras, screen times, escapes in every string, a cast with ages and
/// modes, threads, works.
#[test]
fn order_json_written_by_hand_is_the_serialised_document() {
    let hand = |story: &Story, chronology: &Chronology| {
        let mut out = Vec::new();
        order::write_json(story, chronology, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    // The document as serde_json writes the `Serialize` impls.
    let serialise = |story: &Story, chronology: &Chronology| {
        crate::text::pretty_json(&order::view(story, chronology))
    };
    let (s, c) = (story(), chronology());
    assert_eq!(hand(&s, &c), serialise(&s, &c));
    assert_eq!(order::json(&s, &c), serialise(&s, &c));

    let text = "\
title: Tabs\tand \"quotes\" \\ and \u{1}\u{1f}é
thread A \"line\": #123456
thread B: #654321
character Ana: born 1990-03-01
character Can \\ C: born 1985-01-01

work one: One
scene s1: First\tscene
  story: 2000-01-01 10:00, for 1h
  cast: Ana, Can \\ C
  thread: A \"line\", B

scene s2: A memory
  story: 1995-06-01, for 2h
  mode: memory
  cast: Ana

work two: Two
scene s3: Floating
  story: for 1h

scene s4: After it
  story: s3 + 1d..2d
  thread: B

scene s5: Before it
  story: before s3 by 3h..
";
    let ws = Workspace::from_text("t.scenes", text);
    let loaded = ws.resolve().remove(0);
    let story = loaded.story;
    let chronology = crate::engine::analyze(&story, &ws.sources);
    assert!(!chronology.order.is_empty());
    let serialised = serialise(&story, &chronology);
    for wanted in [
        "\"relative\": {",
        "\"age_min\": 9",
        "\"mode\": \"memory\"",
        "\\u0001",
        "\"works\": [",
        "\"threads\": [\n",
        ": -",
    ] {
        assert!(serialised.contains(wanted), "{wanted} not in {serialised}");
    }
    assert_eq!(hand(&story, &chronology), serialised);
}

/// The hand-written rows reach the writer in chunks of rows, not one
/// write per row: a few writes for a small story, one per chunk for a
/// large one.
#[test]
fn order_json_is_written_in_blocks() {
    struct Counting {
        writes: usize,
        bytes: usize,
    }
    impl std::io::Write for Counting {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.writes += 1;
            self.bytes += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let count = |scenes: usize| {
        let mut text = String::from("title: Blocks\n");
        for i in 0..scenes {
            text.push_str(&format!(
                "scene s{i}: Scene {i}\n  story: 2020-01-01 10:00\n"
            ));
        }
        let ws = Workspace::from_text("b.scenes", &text);
        let story = ws.resolve().remove(0).story;
        let chronology = crate::engine::analyze(&story, &ws.sources);
        let mut out = Counting {
            writes: 0,
            bytes: 0,
        };
        order::write_json(&story, &chronology, &mut out).unwrap();
        (out.writes, out.bytes)
    };
    let (writes, bytes) = count(50);
    assert!(
        bytes < 64 * 1024 && writes <= 6,
        "{writes} writes of {bytes} bytes"
    );
    // One write per chunk of rows (made on either thread), and the few
    // lines around them: 3,000 rows of about 500 bytes are 32 chunks of
    // 96 rows or fewer, about 48 KiB each.
    let (writes, bytes) = count(3000);
    let chunks = 3000usize.div_ceil(order::ROWS_PER_CHUNK);
    assert!(
        (chunks..=chunks + 6).contains(&writes),
        "{writes} writes of {bytes} bytes"
    );
    assert!(
        bytes / writes > 32 * 1024,
        "{writes} writes of {bytes} bytes"
    );
}
