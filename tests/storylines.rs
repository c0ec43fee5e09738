//! Storylines, threads, ages and filters (issue 13), through the binary.

mod common;

use common::Test;
use serde_json::Value;

/// Four characters who swap company, two threads, one death, one memory;
/// births at day, month and year precision.
const SWAPS: &str = "\
title: Swaps
thread Harbour: #3366cc
thread City
character Ana: born 1990-03-10
character Ben: born 1985
character Cem: born 1970-06, died 2010-01-01
character Dil
scene a1: Ana and Ben meet
  story: 2000-01-01 10:00 for 1h
  cast: Ana, Ben
  where: Port
  thread: Harbour
scene c1: Cem and Dil
  story: 2000-01-02 for 1h
  cast: Cem, Dil
  thread: City
scene x1: Ana with Cem
  story: 2000-02-01 for 1h
  cast: Ana, Cem
  thread: City, Harbour
scene x2: Ben with Dil
  story: 2000-02-02 for 1h
  cast: Ben, Dil
scene m1: Ana remembers Cem
  story: 2012-05 for 1h
  mode: memory
  cast: Ana, Cem
scene y1: Ana and Dil
  story: 2005-03-01 for 1h
  cast: Ana, Dil
  thread: harbour
scene y2: Ben and Cem
  story: 2005-03-02 for 1h
  cast: Ben, Cem
";

fn json_rows(run: &common::Run) -> Vec<Value> {
    run.json()["scenes"].as_array().expect("scenes").clone()
}

fn row<'a>(rows: &'a [Value], id: &str) -> &'a Value {
    rows.iter().find(|r| r["id"] == id).expect(id)
}

fn cast_of<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["cast"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .expect(name)
}

#[test]
fn order_json_gives_exact_ages_ranges_modes_and_threads() {
    let t = Test::new().file("s.scenes", SWAPS);
    let run = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    let rows = json_rows(&run);
    // Born on a known day, a scene on a known day: exact.
    let a = cast_of(row(&rows, "a1"), "Ana");
    assert_eq!(
        (a["age_min"].as_i64(), a["age_max"].as_i64()),
        (Some(9), Some(9))
    );
    // Born some time in 1985, on 2000-01-01: 14 or 15.
    let b = cast_of(row(&rows, "a1"), "Ben");
    assert_eq!(
        (b["age_min"].as_i64(), b["age_max"].as_i64()),
        (Some(14), Some(15))
    );
    // Born in June 1970, a scene on 2000-01-02: exactly 29.
    let c = cast_of(row(&rows, "c1"), "Cem");
    assert_eq!(
        (c["age_min"].as_i64(), c["age_max"].as_i64()),
        (Some(29), Some(29))
    );
    // No birth date: unknown, as null.
    let d = cast_of(row(&rows, "c1"), "Dil");
    assert!(d["age_min"].is_null() && d["age_max"].is_null());
    // A scene dated to a month (May 2012), born 1990-03-10: exactly 22.
    let m = cast_of(row(&rows, "m1"), "Ana");
    assert_eq!(m["age_max"].as_i64(), Some(22));
    assert_eq!(m["mode"], "memory");
    assert!(cast_of(row(&rows, "a1"), "Ana")["mode"].is_null());
    // Threads by declared name, in the story's thread order.
    assert_eq!(
        row(&rows, "x1")["threads"],
        serde_json::json!(["Harbour", "City"])
    );
    assert_eq!(row(&rows, "y1")["threads"], serde_json::json!(["Harbour"]));
    assert_eq!(row(&rows, "x2")["threads"], serde_json::json!([]));
}

#[test]
fn a_written_age_outside_the_range_is_an_error_with_both_figures() {
    let story = SWAPS.replace(
        "  cast: Ana, Ben\n  where: Port",
        "  cast: Ana, Ben (age 17)\n  where: Port",
    );
    Test::new()
        .file("s.scenes", story)
        .cmd(&["check", "s.scenes"])
        .status(1)
        .stderr_contains("error[E0407]: `Ben` is 17 in `a1`, but born 1985 they are 14–15 then")
        .stderr_contains("write `(age 14)` or `(age 15)`")
        .stderr_any()
        .run();
    // Either end of the range is fine.
    for age in [14, 15] {
        let story = SWAPS.replace(
            "  cast: Ana, Ben\n  where: Port",
            &format!("  cast: Ana, Ben (age {age})\n  where: Port"),
        );
        Test::new()
            .file("s.scenes", story)
            .cmd(&["check", "s.scenes"])
            .stderr_any()
            .run();
    }
}

#[test]
fn order_for_a_character_lists_their_life_with_age_and_place() {
    let t = Test::new().file("s.scenes", SWAPS);
    let run = t
        .cmd(&["order", "--character", "ana", "s.scenes"])
        .stdout_any()
        .run();
    let out = &run.stdout;
    assert!(
        out.starts_with("Ana in Swaps: 4 scenes in story order\n"),
        "{out}"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert_eq!(rows.len(), 4, "{out}");
    // Story order a1 (2000), x1 (2000), y1 (2005), m1 (2012).
    for (r, id) in rows.iter().zip(["a1", "x1", "y1", "m1"]) {
        assert!(r.split_whitespace().nth(1) == Some(id), "{r}");
    }
    assert!(rows[0].contains("Port") && rows[0].contains(" 9 "), "{out}");
    assert!(rows[3].contains("22 (memory)"), "{out}");
    // Told a1, x1, m1, y1: y1 comes back from m1 in her own life.
    assert!(rows[2].contains('↶'), "{out}");
    // An unknown name is a usage error with the nearest name.
    t.cmd(&["order", "--character", "Anna", "s.scenes"])
        .status(2)
        .stderr_contains("did you mean `Ana`?")
        .run();
}

#[test]
fn filters_cut_order_and_stats_to_the_scenes_named() {
    let t = Test::new().file("s.scenes", SWAPS);
    let run = t
        .cmd(&[
            "order", "--format", "json", "--thread", "harbour", "s.scenes",
        ])
        .stdout_any()
        .run();
    let ids: Vec<String> = json_rows(&run)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["a1", "x1", "y1"]);
    // Chronological positions count the scenes kept.
    let chrono: Vec<i64> = json_rows(&run)
        .iter()
        .map(|r| r["chrono"].as_i64().unwrap())
        .collect();
    assert_eq!(chrono, [1, 2, 3]);
    let both = t
        .cmd(&[
            "order",
            "--format",
            "json",
            "--thread",
            "City",
            "--character",
            "Cem",
            "s.scenes",
        ])
        .stdout_any()
        .run();
    let ids: Vec<String> = json_rows(&both)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["c1", "x1"]);
    // Stats of Ana's own telling: four scenes, one told out of order.
    let whole = t
        .cmd(&["stats", "--format", "json", "s.scenes"])
        .stdout_any()
        .run()
        .json();
    let ana = t
        .cmd(&[
            "stats",
            "--format",
            "json",
            "--character",
            "Ana",
            "s.scenes",
        ])
        .stdout_any()
        .run()
        .json();
    assert_eq!(ana["scenes"], 4, "{ana}");
    assert_ne!(whole["scenes"], ana["scenes"]);
    t.cmd(&["stats", "--thread", "Nowhere", "s.scenes"])
        .status(2)
        .stderr_contains("no thread `Nowhere`")
        .run();
}

// ----- the storylines view ---------------------------------------------------

/// Attributes of every `<name …>` tag in `svg`, in document order.
fn tags(svg: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{name} ");
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(at) = rest.find(&open) {
        rest = &rest[at + open.len()..];
        let end = rest.find('>').expect("a closed tag");
        let mut attrs = Vec::new();
        let mut body = &rest[..end];
        while let Some(eq) = body.find("=\"") {
            let key = body[..eq].trim().to_string();
            let after = &body[eq + 2..];
            let close = after.find('"').expect("a quoted value");
            attrs.push((key, after[..close].to_string()));
            body = &after[close + 1..];
        }
        out.push(attrs);
        rest = &rest[end..];
    }
    out
}

fn attr<'a>(tag: &'a [(String, String)], key: &str) -> Option<&'a str> {
    tag.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

fn num(tag: &[(String, String)], key: &str) -> f64 {
    attr(tag, key).and_then(|v| v.parse().ok()).expect(key)
}

/// The horizontal stretches `(y, x0, x1)` of path data made of `M`, `H`,
/// `V` and `C` commands.
fn stretches(d: &str) -> Vec<(f64, f64, f64)> {
    let mut out = Vec::new();
    let (mut x, mut y) = (0.0, 0.0);
    let mut cmd = ' ';
    let mut nums: Vec<f64> = Vec::new();
    let mut flush = |cmd: char, nums: &mut Vec<f64>, x: &mut f64, y: &mut f64| {
        match cmd {
            'M' => (*x, *y) = (nums[0], nums[1]),
            'H' => {
                out.push((*y, x.min(nums[0]), x.max(nums[0])));
                *x = nums[0];
            }
            'V' => *y = nums[0],
            'C' => (*x, *y) = (nums[4], nums[5]),
            _ => {}
        }
        nums.clear();
    };
    let mut token = String::new();
    for c in d.chars().chain([' ']) {
        if c.is_ascii_alphabetic() || c == ' ' {
            if !token.is_empty() {
                nums.push(token.parse().expect("a number"));
                token.clear();
            }
            if c.is_ascii_alphabetic() {
                if cmd != ' ' {
                    flush(cmd, &mut nums, &mut x, &mut y);
                }
                cmd = c;
            }
        } else {
            token.push(c);
        }
    }
    if cmd != ' ' {
        flush(cmd, &mut nums, &mut x, &mut y);
    }
    out
}

/// Each scene's block: `(x0, y0, x1, y1)` of the mark in its
/// `data-scene` group.
fn blocks(svg: &str) -> Vec<(String, [f64; 4])> {
    let mut out = Vec::new();
    for part in svg.split("<g ").skip(1) {
        let head = &part[..part.find('>').unwrap()];
        let Some(at) = head.find("data-scene=\"") else {
            continue;
        };
        let id = &head[at + 12..];
        let id = id[..id.find('"').unwrap()].to_string();
        let rect = &tags(part, "rect")[0];
        let (x, y) = (num(rect, "x"), num(rect, "y"));
        out.push((id, [x, y, x + num(rect, "width"), y + num(rect, "height")]));
    }
    out
}

fn render_storylines(t: &Test, file: &str) -> (String, String) {
    let run = t
        .cmd(&[
            "render",
            file,
            "-o",
            "out",
            "--view",
            "storylines",
            "--verbose",
        ])
        .stdout_any()
        .stderr_any()
        .run();
    let name = std::fs::read_dir(t.dir().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .find(|n| n.ends_with(".storylines.svg"))
        .expect("a storylines SVG");
    (t.read(&format!("out/{name}")), run.stderr)
}

#[test]
fn each_path_visits_exactly_its_scenes_in_story_order_through_their_blocks() {
    let t = Test::new().file("s.scenes", SWAPS);
    let (svg, _) = render_storylines(&t, "s.scenes");
    let order = t
        .cmd(&["order", "--format", "json", "s.scenes"])
        .stdout_any()
        .run();
    let rows = json_rows(&order);
    let blocks = blocks(&svg);
    let paths: Vec<_> = tags(&svg, "path")
        .into_iter()
        .filter(|p| attr(p, "class").is_some_and(|c| c.starts_with("storyline ")))
        .collect();
    assert_eq!(paths.len(), 4);
    for p in &paths {
        let name = attr(p, "data-character").unwrap();
        // The scenes whose cast lists them, in chronological order.
        let expected: Vec<&str> = rows
            .iter()
            .filter(|r| {
                r["cast"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["name"] == name)
            })
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        let scenes: Vec<&str> = attr(p, "data-scenes").unwrap().split(' ').collect();
        assert_eq!(scenes, expected, "{name}");
        let runs = stretches(attr(p, "d").unwrap());
        let through = |b: &[f64; 4]| {
            runs.iter()
                .any(|&(y, x0, x1)| y > b[1] && y < b[3] && x0 <= b[0] + 0.01 && x1 >= b[2] - 0.01)
        };
        for (id, b) in &blocks {
            // Through its own scenes' blocks, and no other's.
            assert_eq!(through(b), scenes.contains(&id.as_str()), "{name} and {id}");
        }
    }
    // Ana and Ben share a1: both run through its one block.
    assert_eq!(blocks.iter().filter(|(id, _)| id == "a1").count(), 1);
}

#[test]
fn a_dead_character_has_no_line_after_death_and_memories_are_marked() {
    let t = Test::new().file("s.scenes", SWAPS);
    let (svg, _) = render_storylines(&t, "s.scenes");
    let blocks = blocks(&svg);
    let block = |id: &str| blocks.iter().find(|(b, _)| b == id).unwrap().1;
    let cem = tags(&svg, "path")
        .into_iter()
        .find(|p| attr(p, "data-character") == Some("Cem"))
        .unwrap();
    let class = attr(&cem, "class").unwrap().replace("storyline ", "");
    // Cem dies on 2010-01-01, after y2 (2005) and before m1 (2012).
    let death = tags(&svg, "path")
        .into_iter()
        .find(|p| attr(p, "class") == Some(format!("death {class}").as_str()))
        .expect("a death mark");
    let death_x: f64 = attr(&death, "d").unwrap()[1..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        death_x > block("y2")[2] - 0.01 && death_x < block("m1")[0],
        "{death_x}"
    );
    // After the death only a stub inside m1's block, joined to nothing.
    for (y, x0, x1) in stretches(attr(&cem, "d").unwrap()) {
        if x1 > death_x {
            let m1 = block("m1");
            assert!(x0 >= m1[0] - 0.01 && x1 <= m1[2] + 0.01 && y > m1[1] && y < m1[3]);
        }
    }
    // Ana's m1 is a memory: marked on her line.
    let memory = tags(&svg, "circle")
        .into_iter()
        .find(|c| attr(c, "data-scene") == Some("m1"))
        .expect("the memory marked");
    assert!(attr(&memory, "class").unwrap().starts_with("remembered "));
    let m1 = block("m1");
    assert!(num(&memory, "cx") > m1[0] && num(&memory, "cx") < m1[2]);
    // A lived scene is not marked so.
    assert!(!tags(&svg, "circle")
        .iter()
        .any(|c| attr(c, "data-scene") == Some("a1")));
}

/// `(crossings, baseline)` from `render --verbose`, per story.
fn crossings(stderr: &str) -> Vec<(u64, u64)> {
    stderr
        .lines()
        .filter_map(|l| {
            let (_, rest) = l.split_once(": storylines with ")?;
            let (n, rest) = rest.split_once(' ')?;
            let base = rest
                .split_once("first appearance: ")?
                .1
                .trim_end_matches(')');
            Some((n.parse().ok()?, base.parse().ok()?))
        })
        .collect()
}

#[test]
fn crossings_are_fewer_than_by_first_appearance_when_company_swaps() {
    let t = Test::new().file("s.scenes", SWAPS);
    let (_, stderr) = render_storylines(&t, "s.scenes");
    let c = crossings(&stderr);
    assert_eq!(c.len(), 1, "{stderr}");
    assert!(c[0].0 < c[0].1, "{c:?}");
    // Every bundled story: never more than the baseline.
    let bundled = Test::new();
    let run = bundled
        .cmd(&[
            "render",
            &common::repo().join("scenes").to_string_lossy(),
            "-o",
            "out",
            "--view",
            "storylines",
            "--verbose",
        ])
        .stdout_any()
        .stderr_any()
        .run();
    let all = crossings(&run.stderr);
    assert!(all.len() >= 8, "{}", run.stderr);
    assert!(all.iter().all(|&(n, base)| n <= base), "{all:?}");
}

#[test]
fn threads_are_bands_and_lanes_group_by_thread() {
    let t = Test::new().file("s.scenes", SWAPS);
    let (svg, _) = render_storylines(&t, "s.scenes");
    let threads: Vec<String> = tags(&svg, "g")
        .iter()
        .filter_map(|g| attr(g, "data-thread").map(str::to_string))
        .collect();
    assert_eq!(threads, ["Harbour", "City"]);
    t.cmd(&[
        "render", "s.scenes", "-o", "lanes", "--view", "lanes", "--group", "thread",
    ])
    .stdout_any()
    .stderr_any()
    .run();
    let lanes = t.read("lanes/swaps.lanes.svg");
    for name in ["Harbour", "City", "no thread"] {
        assert!(lanes.contains(&format!(">{name}</text>")), "{name}");
    }
    // Every scene mark of every view names its scene.
    t.cmd(&["render", "s.scenes", "-o", "all"])
        .stdout_any()
        .stderr_any()
        .run();
    for view in ["lanes", "curve", "storylines"] {
        let svg = t.read(&format!("all/swaps.{view}.svg"));
        for id in ["a1", "c1", "x1", "x2", "m1", "y1", "y2"] {
            assert!(svg.contains(&format!("data-scene=\"{id}\"")), "{view} {id}");
        }
    }
}
