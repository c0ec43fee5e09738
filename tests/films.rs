//! The example films in `scenes/`: each is tagged with relative constraints
//! only, and the engine must recover the film's known chronology from them,
//! with no contradiction and no unplaced scene, whatever the telling order.
//!
//! The chronologies are read from `chronotope order --format json`; the finer
//! checks (bounds, repeats, markers) use the library.

use std::path::{Path, PathBuf};
use std::process::Command;

use chronotope::engine::{analyze, Chronology};
use chronotope::model::Story;
use chronotope::workspace::Workspace;
use serde_json::Value;

const DAY: i64 = 86_400;

fn scene_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenes")
        .join(name)
}

/// `chronotope order PATH --format json`: the ids in chronological order.
/// Panics unless the run is clean: exit status 0, nothing on standard error
/// (so no contradiction), one story, every scene placed.
fn cli_order(path: &Path) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .arg("order")
        .arg(path)
        .args(["--format", "json"])
        .env("NO_COLOR", "1")
        .output()
        .expect("run chronotope");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let doc: Value = serde_json::from_str(&stdout).expect("one JSON document");
    assert_eq!(
        doc["unplaced"],
        Value::Array(Vec::new()),
        "nothing unplaced"
    );
    let scenes = doc["scenes"].as_array().expect("scenes");
    for (position, scene) in scenes.iter().enumerate() {
        assert_eq!(scene["chrono"].as_u64(), Some(position as u64 + 1));
    }
    scenes
        .iter()
        .map(|scene| scene["id"].as_str().unwrap().to_string())
        .collect()
}

/// Resolve and analyse one loaded story; panics on any diagnostic.
fn analyze_workspace(ws: Workspace) -> (Story, Chronology) {
    assert!(ws.io_errors.is_empty(), "{:?}", ws.io_errors);
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    let mut stories = ws.resolve();
    assert_eq!(stories.len(), 1, "one story per file");
    let loaded = stories.remove(0);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let chronology = analyze(&loaded.story, &ws.sources);
    (loaded.story, chronology)
}

/// Load a film from `scenes/` and analyse it.
fn film(name: &str) -> (Story, Chronology) {
    analyze_workspace(Workspace::load(&[scene_file(name)]))
}

/// Analyse scene text held in memory.
fn film_text(path: &str, text: &str) -> (Story, Chronology) {
    analyze_workspace(Workspace::from_text(path, text))
}

fn order(story: &Story, c: &Chronology) -> Vec<String> {
    c.order
        .iter()
        .map(|&s| story.scene_name(s).to_string())
        .collect()
}

/// Telling order: the scene ids as written.
fn telling(story: &Story) -> Vec<String> {
    story.scenes.keys().map(|k| k.to_string()).collect()
}

/// The engine's verdict is clean: nothing contradicts, everything is placed.
fn assert_clean(story: &Story, c: &Chronology) {
    let summaries: Vec<String> = c
        .contradictions
        .iter()
        .map(|k| chronotope::engine::explain::summary(story, k))
        .collect();
    assert!(summaries.is_empty(), "contradictions: {summaries:?}");
    assert!(!c.truncated);
    let unplaced: Vec<&str> = c.unplaced.iter().map(|&s| story.scene_name(s)).collect();
    assert!(unplaced.is_empty(), "unplaced: {unplaced:?}");
    assert_eq!(
        c.order.len(),
        story.scenes.len(),
        "every scene is in the order"
    );
    for (position, s) in c.order.iter().enumerate() {
        assert_eq!(c.placements[s.index()].chrono, Some(position));
    }
}

/// The same file with its scene blocks in reverse telling order. Everything
/// before the first `scene` line (header, markers, characters) stays first;
/// top-level comments travel with the block above them.
fn reverse_scene_blocks(text: &str) -> String {
    let mut head = String::new();
    let mut blocks: Vec<String> = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("scene ") {
            blocks.push(String::new());
        }
        match blocks.last_mut() {
            Some(block) => block.push_str(line),
            None => head.push_str(line),
        }
    }
    let mut out = head;
    for block in blocks.iter().rev() {
        out.push_str(block);
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// Reversing the telling changes the telling, never the chronology.
fn assert_reversal_keeps_chronology(name: &str, expected: &[&str]) {
    let text = std::fs::read_to_string(scene_file(name)).unwrap();
    let reversed = reverse_scene_blocks(&text);
    let (story, _) = film(name);
    let (r_story, r_c) = film_text(name, &reversed);
    let mut backwards = telling(&story);
    backwards.reverse();
    assert_eq!(telling(&r_story), backwards, "the telling is reversed");
    assert_clean(&r_story, &r_c);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, reversed).unwrap();
    assert_eq!(cli_order(&path), expected);
}

// ----- Pulp Fiction ----------------------------------------------------------

/// The documented chronology of the seven sequences is 4a, 2, 6, 1, 7, 3, 4b,
/// 5: Koons; the apartment; the Bonnie situation; the diner from both sides;
/// the bar and Mia; Butch's fight night and the next morning.
const PULP_FICTION: &[&str] = &[
    "koons",
    "car-ride",
    "apartment",
    "apartment-again",
    "miracle",
    "marvin",
    "jimmie",
    "junkyard",
    "diner-talk",
    "breakfast",
    "robbery",
    "robbery-again",
    "standoff",
    "bar",
    "lance",
    "jack-rabbit-slims",
    "overdose",
    "dressing-room",
    "escape",
    "motel",
    "watch",
    "pawnshop",
];

#[test]
fn pulp_fiction_chronology() {
    assert_eq!(cli_order(&scene_file("pulp-fiction.scenes")), PULP_FICTION);
    let (story, c) = film("pulp-fiction.scenes");
    assert_clean(&story, &c);
    assert_eq!(order(&story, &c), PULP_FICTION);
    // The film opens in the diner, in the middle of the story.
    assert_eq!(telling(&story)[0], "diner-talk");
    // Nothing is dated: the whole story floats, measured from its first scene.
    for p in &c.placements {
        assert!(!p.anchored);
        assert_eq!(
            p.relative.as_deref().map(|r| story.scene_name(r.anchor)),
            Some("diner-talk")
        );
    }
    // Koons visits Butch at least ten years before the car ride.
    let koons = &c.placements[story.scenes.get_index_of("koons").unwrap()];
    assert!(koons.relative.as_deref().unwrap().start.latest.unwrap() <= -3651 * DAY);
}

#[test]
fn pulp_fiction_repeats_sit_right_after_their_scene() {
    let (story, c) = film("pulp-fiction.scenes");
    for (repeat, original) in [
        ("apartment-again", "apartment"),
        ("robbery-again", "robbery"),
    ] {
        let of = |id: &str| c.placements[story.scenes.get_index_of(id).unwrap()].clone();
        let (r, o) = (of(repeat), of(original));
        assert_eq!(
            r.chrono,
            o.chrono.map(|p| p + 1),
            "{repeat} follows {original}"
        );
        assert_eq!(
            r.relative.as_deref().unwrap().start,
            o.relative.as_deref().unwrap().start
        );
        assert_eq!(
            r.relative.as_deref().unwrap().end,
            o.relative.as_deref().unwrap().end
        );
    }
}

#[test]
fn pulp_fiction_reversed_telling_keeps_the_chronology() {
    assert_reversal_keeps_chronology("pulp-fiction.scenes", PULP_FICTION);
}

// ----- Memento ---------------------------------------------------------------

/// Black and white forwards, then the turn into colour, then the colour
/// sequences in the reverse of their telling, ending with the shooting that
/// opens the film.
const MEMENTO: &[&str] = &[
    "bw1", "bw2", "bw3", "bw4", "bw5", "jimmy", "turn", "colour2", "colour3", "colour4", "drive",
    "polaroid", "shot",
];

#[test]
fn memento_chronology() {
    assert_eq!(cli_order(&scene_file("memento.scenes")), MEMENTO);
    let (story, c) = film("memento.scenes");
    assert_clean(&story, &c);
    assert_eq!(order(&story, &c), MEMENTO);
}

#[test]
fn memento_runs_colour_backwards_and_black_and_white_forwards() {
    let (story, c) = film("memento.scenes");
    let stock = story.markers.get_index_of("stock").unwrap();
    let is_colour = |id: &str| {
        let scene = &story.scenes[id];
        let set = scene
            .markers
            .iter()
            .find(|m| m.marker.0 as usize == stock)
            .unwrap_or_else(|| panic!("{id} has no stock"));
        story.markers[stock]
            .values
            .get_index(set.value as usize)
            .unwrap()
            .0
            == "colour"
    };
    let chrono = |id: &str| {
        c.placements[story.scenes.get_index_of(id).unwrap()]
            .chrono
            .unwrap()
    };
    let tell = telling(&story);
    let (colour, bw): (Vec<&String>, Vec<&String>) = tell.iter().partition(|id| is_colour(id));
    // Black and white: telling order is chronological order.
    assert!(bw.windows(2).all(|w| chrono(w[0]) < chrono(w[1])));
    // Colour, leaving out the repeat of the opening and the final turn into
    // colour: telling order is the reverse of chronological order.
    let colour: Vec<&&String> = colour
        .iter()
        .filter(|id| !matches!(id.as_str(), "shot" | "turn"))
        .collect();
    assert!(colour.windows(2).all(|w| chrono(w[0]) > chrono(w[1])));
    // Every black-and-white scene comes before every colour scene.
    let last_bw = bw.iter().map(|id| chrono(id)).max().unwrap();
    let first_colour = tell
        .iter()
        .filter(|id| is_colour(id))
        .map(|id| chrono(id))
        .min()
        .unwrap();
    assert_eq!(first_colour, last_bw + 1);
}

#[test]
fn memento_reversed_telling_keeps_the_chronology() {
    assert_reversal_keeps_chronology("memento.scenes", MEMENTO);
}

// ----- (500) Days of Summer --------------------------------------------------

/// Scene id and the day number on screen (`None`: placed by another scene).
const FIVE_HUNDRED_DAYS: &[(&str, Option<i64>)] = &[
    ("day1", Some(1)),
    ("elevator", Some(4)),
    ("office-party", Some(8)),
    ("karaoke", Some(28)),
    ("copy-room", Some(31)),
    ("ikea", Some(34)),
    ("breakup", Some(290)),
    ("plates", Some(290)),
    ("wedding", Some(402)),
    ("party", None),
    ("day488", Some(488)),
    ("bench", None),
    ("interview", Some(500)),
    ("autumn", None),
];

#[test]
fn five_hundred_days_chronology() {
    let expected: Vec<&str> = FIVE_HUNDRED_DAYS.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        cli_order(&scene_file("500-days-of-summer.scenes")),
        expected
    );
    let (story, c) = film("500-days-of-summer.scenes");
    assert_clean(&story, &c);
    assert_eq!(order(&story, &c), expected);
    assert_reversal_keeps_chronology("500-days-of-summer.scenes", &expected);
}

#[test]
fn five_hundred_days_bounds_follow_the_day_cards() {
    let (story, c) = film("500-days-of-summer.scenes");
    assert_clean(&story, &c);
    let placement = |id: &str| &c.placements[story.scenes.get_index_of(id).unwrap()];
    let day1 = placement("day1").relative.as_deref().unwrap();
    let (d1_lo, d1_hi) = (day1.start.earliest.unwrap(), day1.start.latest.unwrap());
    for &(id, day) in FIVE_HUNDRED_DAYS {
        let p = placement(id);
        let rel = p.relative.as_deref().unwrap();
        // Every scene floats with the rest of the film, measured from the
        // first scene told (Day 488).
        assert!(!p.anchored);
        assert_eq!(story.scene_name(rel.anchor), "day488");
        let Some(n) = day else { continue };
        if id == "day488" || id == "day1" {
            continue; // the anchor itself, and the reference
        }
        // Day N starts N-1 to N days after the Day 1 meeting.
        assert_eq!(
            (rel.start.earliest, rel.start.latest),
            (Some(d1_lo + (n - 1) * DAY), Some(d1_hi + n * DAY)),
            "{id} is on Day {n}"
        );
    }
    // Day 1 is 487 to 488 days before the bench.
    assert_eq!((d1_lo, d1_hi), (-488 * DAY, -487 * DAY));
    // Sorting by the solved bounds (earliest start, then latest) gives the
    // film's chronology: the day cards fix it completely. The only equal
    // bounds are two scenes of one day whose order a tag fixes (`plates` is
    // `after breakup`, `bench` repeats `day488`); the stable sort keeps the
    // listed order for them.
    let key = |id: &str| {
        let s = placement(id).relative.as_deref().unwrap().start;
        (s.earliest, s.latest.unwrap_or(i64::MAX))
    };
    let mut by_bounds: Vec<&str> = FIVE_HUNDRED_DAYS.iter().map(|(id, _)| *id).collect();
    by_bounds.sort_by_key(|id| key(id));
    let expected: Vec<&str> = FIVE_HUNDRED_DAYS.iter().map(|(id, _)| *id).collect();
    assert_eq!(by_bounds, expected);
    let ties: Vec<(&str, &str)> = expected
        .windows(2)
        .filter(|w| key(w[0]) == key(w[1]))
        .map(|w| (w[0], w[1]))
        .collect();
    assert_eq!(ties, [("breakup", "plates"), ("day488", "bench")]);
}

// ----- the command line ------------------------------------------------------

#[test]
fn check_reports_no_problem_in_the_films() {
    let names = [
        "pulp-fiction.scenes",
        "memento.scenes",
        "500-days-of-summer.scenes",
    ];
    let output = Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .arg("check")
        .args(names.iter().map(|n| scene_file(n)))
        .env("NO_COLOR", "1")
        .output()
        .expect("run chronotope");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}
