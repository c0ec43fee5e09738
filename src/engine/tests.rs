//! Engine tests on small stories written as scene text.

use crate::engine::{analyze, explain, Chronology};
use crate::model::Story;
use crate::workspace::Workspace;

/// Parse, resolve and analyse a story; panics on syntax or name errors.
pub(crate) fn run(text: &str) -> (Story, Chronology) {
    let (_, story, chronology) = load(text);
    (story, chronology)
}

/// [`run`], keeping the workspace (its sources quote constraints).
pub(crate) fn load(text: &str) -> (Workspace, Story, Chronology) {
    let ws = Workspace::from_text("test.scenes", text);
    assert!(ws.diagnostics.is_empty(), "{:?}", ws.diagnostics);
    let mut loaded = ws.resolve();
    let loaded = loaded.remove(0);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let chronology = analyze(&loaded.story, &ws.sources);
    (ws, loaded.story, chronology)
}

/// Each contradiction's steps in words, prefixed with their scene.
fn explanations(ws: &Workspace, story: &Story, c: &Chronology) -> Vec<Vec<String>> {
    c.contradictions
        .iter()
        .map(|x| {
            x.steps
                .iter()
                .map(|st| {
                    let text = explain::step_text(&ws.sources, story, st);
                    format!("{}: {text}", story.scene_name(st.scene))
                })
                .collect()
        })
        .collect()
}

fn order(story: &Story, c: &Chronology) -> Vec<String> {
    c.order
        .iter()
        .map(|&s| story.scene_name(s).to_string())
        .collect()
}

#[test]
fn reference_story_chronology() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenes/dont-leave.scenes"
    ))
    .unwrap();
    let (story, c) = run(&text);
    assert!(c.contradictions.is_empty());
    assert_eq!(
        order(&story, &c),
        [
            "ferry",
            "memory-ferry",
            "moving-in",
            "rain",
            "gallery",
            "argument",
            "quiet-dinner",
            "gone",
            "friends",
            "letter",
            "search",
            "ferry-again",
            "last"
        ]
    );
    assert!(c.unplaced.is_empty());
    // `friends` starts 1–3 days after `gone` ends (08:30 at the earliest).
    let friends = &c.placements[story.scenes.get_index_of("friends").unwrap()];
    assert_eq!(
        crate::time::iso(friends.start.earliest.unwrap()),
        "2020-10-04T08:30:00"
    );
    assert_eq!(
        crate::time::iso(friends.start.latest.unwrap()),
        "2020-10-06T08:30:59"
    );
    // Every scene lies in an era.
    let past = story.eras.get_index_of("past").unwrap() as u32;
    let gallery = &c.placements[story.scenes.get_index_of("gallery").unwrap()];
    assert_eq!(gallery.era.map(|e| e.0), Some(past));
}

#[test]
fn zero_gap_chains_keep_their_order() {
    let (story, c) = run("scene c: C\n  story: after b\nscene b: B\n  story: after a\nscene a: A\n  story: 2020-01-01\n");
    assert_eq!(order(&story, &c), ["a", "b", "c"]);
}

#[test]
fn floating_parts_follow_in_telling_order_with_relative_bounds() {
    let (story, c) = run(
        "scene x: X\n  story: 2020\nscene p: P\n  story: after q by 1d..2d\nscene q: Q\n  story: for 1h\nscene lone: L\n",
    );
    assert_eq!(order(&story, &c), ["x", "q", "p"]);
    assert_eq!(c.unplaced.len(), 1);
    let p = &c.placements[1];
    assert!(!p.anchored);
    let rel = p.relative.as_deref().unwrap();
    // Anchor is the first scene of the part in telling order: `p` itself.
    assert_eq!(story.scene_name(rel.anchor), "p");
    let q = &c.placements[2];
    let qr = q.relative.as_deref().unwrap();
    // q ends 1–2 days before p starts and lasts 1h.
    assert_eq!(qr.start.earliest, Some(-2 * 86400 - 3600));
    assert_eq!(qr.start.latest, Some(-86400 - 3600));
}

#[test]
fn contradictions_are_reported_and_the_rest_still_ordered() {
    let (story, c) = run(
        "scene a: A\n  story: 2020-01-10\nscene b: B\n  story: after a by 1d, 2020-01-05\nscene c: C\n  story: after a by 2d\nscene d: D\n  story: after d2\nscene d2: D2\n  story: after d by 1h\n",
    );
    assert_eq!(c.contradictions.len(), 2, "{:#?}", c.contradictions);
    // `c` is still placed after `a`.
    let names = order(&story, &c);
    let pos = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(pos("a") < pos("c"));
    assert!(c.placements[1].in_contradiction);
    assert!(!c.placements[2].in_contradiction);
}

#[test]
fn reported_cycle_does_not_depend_on_declaration_order() {
    let a = "scene a: A\n  story: 2020-01-10\nscene b: B\n  story: after a by 1d, 2020-01-05\nscene z: Z\n  story: after b, before a\n";
    let b = "scene z: Z\n  story: before a, after b\nscene b: B\n  story: 2020-01-05, after a by 1d\nscene a: A\n  story: 2020-01-10\n";
    let (wa, sa, ca) = load(a);
    let (wb, sb, cb) = load(b);
    assert!(!ca.contradictions.is_empty());
    assert_eq!(explanations(&wa, &sa, &ca), explanations(&wb, &sb, &cb));
}

#[test]
fn repeats_sit_right_after_their_scene() {
    let (story, c) = run(
        "scene a: A\n  story: 2020-01-01\nscene b: B\n  story: 2020-01-01\nscene r: R\n  repeats: a\n",
    );
    assert_eq!(order(&story, &c), ["a", "r", "b"]);
}

#[test]
fn story_days_count_distinct_days() {
    let (story, c) = run(
        "scene a: A\n  story: 2020-01-01 10:00\nscene b: B\n  story: 2020-01-01 18:00\nscene c: C\n  story: 2020-03-01\n",
    );
    let day = |n: &str| c.placements[story.scenes.get_index_of(n).unwrap()].story_day;
    assert_eq!((day("a"), day("b"), day("c")), (Some(1), Some(1), Some(2)));
}

#[test]
fn floating_parts_are_ordered_by_their_relative_times() {
    let (story, c) = run(
        "scene c: C\n  story: a + 10d\nscene b: B\n  story: a + 5d\nscene a: A\n  story: for 1h\n",
    );
    assert_eq!(order(&story, &c), ["a", "b", "c"]);
    let (story, c) = run("scene d: D\n  story: during x\nscene w: W\n  story: for 1h\nscene x: X\n  story: after w by 1d\n");
    // `d` must start at least a day after `w` ends; it ties with `x` (both
    // start at the anchor), so telling order puts `d` first.
    assert_eq!(order(&story, &c), ["w", "d", "x"]);
}

/// Shuffle the items of every `story:` line and the property lines of every
/// scene, deterministically from `seed`.
fn permute(text: &str, seed: u64) -> String {
    let mut state = seed | 1;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    let mut out = String::new();
    let mut block: Vec<String> = Vec::new();
    let flush =
        |block: &mut Vec<String>, out: &mut String, next: &mut dyn FnMut(usize) -> usize| {
            for i in (1..block.len()).rev() {
                let j = next(i + 1);
                block.swap(i, j);
            }
            for line in block.drain(..) {
                out.push_str(&line);
                out.push('\n');
            }
        };
    for line in text.lines() {
        if let Some(items) = line.strip_prefix("  story: ") {
            let mut parts: Vec<&str> = items.split(", ").collect();
            for i in (1..parts.len()).rev() {
                let j = next(i + 1);
                parts.swap(i, j);
            }
            block.push(format!("  story: {}", parts.join(", ")));
        } else if line.starts_with("  ") && !line.trim_start().starts_with('>') {
            block.push(line.to_string());
        } else {
            flush(&mut block, &mut out, &mut next);
            out.push_str(line);
            out.push('\n');
        }
    }
    flush(&mut block, &mut out, &mut next);
    out
}

#[test]
fn permuting_tags_and_properties_changes_nothing() {
    let reference = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenes/dont-leave.scenes"
    ))
    .unwrap();
    // Also a version with a contradiction, so explanations are compared too:
    // `argument` moves a year later, past `quiet-dinner`'s era (`past`).
    let broken = reference.replace(
        "story:  2019-12-31 22:00 for 1h",
        "story:  2020-12-31 22:00 for 1h",
    );
    assert_ne!(
        broken, reference,
        "the broken variant must change the story"
    );
    for (text, contradictions) in [(reference, false), (broken, true)] {
        let (ws, story, expected) = load(&text);
        assert_eq!(
            !expected.contradictions.is_empty(),
            contradictions,
            "{:#?}",
            expected.contradictions
        );
        let summary = |ws: &Workspace, s: &Story, c: &Chronology| {
            (
                order(s, c),
                c.placements
                    .iter()
                    .map(|p| (p.start, p.end, p.chrono, p.story_day))
                    .collect::<Vec<_>>(),
                explanations(ws, s, c),
            )
        };
        let want = summary(&ws, &story, &expected);
        assert_ne!(
            permute(&text, 1),
            text,
            "the permutation must change something"
        );
        for seed in 1..40 {
            let permuted = permute(&text, seed);
            let (ws, s, c) = load(&permuted);
            assert_eq!(summary(&ws, &s, &c), want, "seed {seed}:\n{permuted}");
        }
    }
}

/// The engine's diagnostics, in order: contradictions, the cap, scenes
/// beyond the calendar, unplaced scenes; each contradiction told step by
/// step from its latest-time bound to the earliest-time bound it clashes
/// with.
#[test]
fn diagnostics_tell_each_finding_in_the_writers_terms() {
    let (ws, story, c) = load(
        "scene a: A\n  story: 2020-01-10\nscene b: B\n  story: after a by 1d, 2020-01-05\nscene f: F\n  story: +9000000000\nscene g: G\n  story: after f by 500000000y\nscene u: U\n",
    );
    let found = explain::diagnostics(&story, &ws.sources, &c);
    let codes: Vec<String> = found.iter().map(|d| d.code.to_string()).collect();
    assert_eq!(codes, ["E0301", "W0304", "W0302"]);
    let contradiction = &found[0];
    assert_eq!(
        contradiction.message,
        "the story-time tags of `a` and `b` contradict each other: `a` starts too late for one constraint and too early for another"
    );
    assert_eq!(
        contradiction.notes,
        [
            "`b` starts by the end of 2020-01-05 (`2020-01-05`)",
            "so `a` ends by the end of 2020-01-04 (`after a by 1d`)",
            "so `a` starts by the end of 2020-01-04 (a scene cannot end before it starts)",
            "but `a` starts no earlier than 2020-01-10 (`2020-01-10`)",
        ]
    );
    assert_eq!(
        found[1].message,
        "the story-time tags put scene `g` after the end of story-time"
    );
    assert_eq!(
        found[2].message,
        "scene `u` has no story-time, so its place in the chronology is unknown"
    );
}

/// A cycle with no date is told as offsets from time T.
#[test]
fn a_circular_contradiction_is_told_from_time_t() {
    let (ws, story, c) = load("scene d: D\n  story: after e\nscene e: E\n  story: after d by 1h\n");
    let found = explain::diagnostics(&story, &ws.sources, &c);
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "the story-time of `d` and `e` is circular: the constraints below put a scene before itself"
    );
    assert_eq!(
        found[0].notes,
        [
            "if `d` ends at time T, `d` starts no later than T (a scene cannot end before it starts)",
            "so `e` ends no later than T (`after e`)",
            "so `e` starts no later than T (a scene cannot end before it starts)",
            "so `d` ends no later than T − 1h (`after d by 1h`)",
        ]
    );
}

/// Seconds of a UTC date and time.
fn utc(text: &str) -> crate::time::Seconds {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .unwrap()
        .and_utc()
        .timestamp()
}

/// Past the cap of contradictions the engine keeps only what is sure: each
/// scene's own dates (dropped where they clash) and "a scene ends after it
/// starts"; relations between scenes are not used.
#[test]
fn past_the_cap_only_each_scenes_own_dates_are_kept() {
    let mut text = String::from("era old: .. 2019-12\n");
    text.push_str("scene a: A\n  story: 2020-03-01 10:00:00\nscene b: B\n  story: after a by 1d\nscene o: O\n  story: old\n");
    for i in 0..=crate::engine::MAX_CONTRADICTIONS {
        text.push_str(&format!("scene s{i}: S\n  story: 2020-01-01, 2021-01-01\n"));
    }
    let (story, c) = run(&text);
    assert!(c.truncated);
    assert_eq!(c.contradictions.len(), crate::engine::MAX_CONTRADICTIONS);
    let at = |id: &str| &c.placements[story.scenes.get_index_of(id).unwrap()];
    let ten = utc("2020-03-01 10:00:00");
    assert_eq!(
        (at("a").start.earliest, at("a").start.latest),
        (Some(ten), Some(ten))
    );
    // Its end is only bounded below by its start.
    assert_eq!(
        (at("a").end.earliest, at("a").end.latest),
        (Some(ten), None)
    );
    assert_eq!(at("a").scheduled_start, ten);
    // `after a` is not used: nothing bounds `b`.
    assert!(!at("b").anchored);
    assert_eq!(at("b").scheduled_start, 0);
    // `o` ends with 2019 at the latest, so it starts by then too; with no
    // earliest time, the schedule takes the latest.
    let end_of_2019 = utc("2019-12-31 23:59:59");
    assert_eq!(
        (at("o").start.earliest, at("o").start.latest),
        (None, Some(end_of_2019))
    );
    assert_eq!(at("o").scheduled_start, end_of_2019);
    // The 101st contradiction (by sorted id: `s99` comes last) was not
    // reported: its clashing dates are dropped, the scene keeps no bounds.
    let last = at("s99");
    assert_eq!((last.start.earliest, last.start.latest), (None, None));
    // A reported one has its clashing bounds set aside; the others stay.
    let first = at("s0");
    assert_eq!(
        (first.start.earliest, first.start.latest),
        (
            Some(utc("2020-01-01 00:00:00")),
            Some(utc("2021-01-01 23:59:59"))
        )
    );
}

/// `--infer` narrows a start known only to its day to its time of day, and
/// only with the option: the narrowed bounds are the ones placed.
#[test]
fn infer_narrows_a_day_to_its_time_of_day() {
    let text = "scene a: A\n  story: 2020-01-01\n  time: morning\n";
    let (story, plain) = run(text);
    assert!(plain.narrowed.is_empty());
    let wide = plain.placements[0].start;
    let options = crate::engine::Options {
        narrow_hours: true,
        ..crate::engine::Options::default()
    };
    let inferred = crate::engine::analyze_with(&story, &options);
    assert_eq!(inferred.narrowed.len(), 1);
    let (scene, lo, hi) = inferred.narrowed[0];
    assert_eq!(scene.index(), 0);
    let narrow = inferred.placements[0].start;
    assert_eq!((narrow.earliest, narrow.latest), (Some(lo), Some(hi)));
    assert!(
        narrow.latest.unwrap() - narrow.earliest.unwrap()
            < wide.latest.unwrap() - wide.earliest.unwrap()
    );
}
