//! Stats on hand-built chronologies, so the measures are checked without
//! depending on the solver.

use super::*;
use crate::engine::{Chronology, Placement, TimeBounds};
use crate::time::{DAY, HOUR};
use crate::workspace::Workspace;

/// A story of `n` scenes `s0..`, each one minute of screen-time, with the
/// given `repeats:` pairs (scene, repeated scene) and two eras.
fn story(n: usize, repeats: &[(usize, usize)]) -> Story {
    let mut text = String::from("title: Test\nera past: 2000 .. 2009\nera present: 2010 ..\n");
    for i in 0..n {
        text.push_str(&format!(
            "scene s{i}: Scene {i}\n  screen: 00:{i:02}:00 .. 00:{:02}:00\n",
            i + 1
        ));
        if let Some((_, r)) = repeats.iter().find(|(s, _)| *s == i) {
            text.push_str(&format!("  repeats: s{r}\n"));
        }
    }
    let ws = Workspace::from_text("test.scenes", &text);
    let mut loaded = ws.resolve();
    assert_eq!(loaded.len(), 1);
    let l = loaded.remove(0);
    assert!(
        l.diagnostics.is_empty(),
        "test story has diagnostics: {:?}",
        l.diagnostics
    );
    l.story
}

/// A chronology giving telling position `i` the chronological position
/// `chrono[i]` (`None` = unplaced); placed scenes are anchored, start on day
/// `position` and last an hour.
fn chronology(chrono: &[Option<usize>]) -> Chronology {
    let placements: Vec<Placement> = chrono
        .iter()
        .map(|&c| {
            let start = c.unwrap_or(0) as i64 * DAY;
            Placement {
                start: TimeBounds {
                    earliest: Some(start),
                    latest: Some(start),
                },
                end: TimeBounds {
                    earliest: Some(start + HOUR),
                    latest: Some(start + HOUR),
                },
                anchored: c.is_some(),
                relative: None,
                scheduled_start: start,
                scheduled_end: start + HOUR,
                chrono: c,
                story_day: c.map(|c| c as u32 + 1),
                day_label: None,
                era: None,
                component: 0,
                in_contradiction: false,
            }
        })
        .collect();
    let mut order: Vec<(usize, SceneId)> = chrono
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (c, SceneId(i as u32))))
        .collect();
    order.sort();
    Chronology {
        placements,
        order: order.into_iter().map(|(_, id)| id).collect(),
        unplaced: chrono
            .iter()
            .enumerate()
            .filter(|(_, c)| c.is_none())
            .map(|(i, _)| SceneId(i as u32))
            .collect(),
        contradictions: Vec::new(),
        truncated: false,
        narrowed: Vec::new(),
        day_conflicts: Vec::new(),
    }
}

fn placed(chrono: &[usize]) -> Vec<Option<usize>> {
    chrono.iter().map(|&c| Some(c)).collect()
}

fn kinds(s: &Stats) -> Vec<MoveKind> {
    s.moves.iter().map(|m| m.kind).collect()
}

fn brute_inversions(p: &[usize]) -> u64 {
    let mut n = 0;
    for i in 0..p.len() {
        for j in i + 1..p.len() {
            n += u64::from(p[i] > p[j]);
        }
    }
    n
}

use MoveKind::*;

#[test]
fn linear_telling_has_no_disorder() {
    let s = stats(&story(6, &[]), &chronology(&placed(&[0, 1, 2, 3, 4, 5])));
    assert_eq!(s.inversions, 0);
    assert_eq!(s.kendall_tau, 1.0);
    assert_eq!(s.footrule, 0);
    assert_eq!(s.nonlinearity_index, 0.0);
    assert_eq!(
        kinds(&s),
        [Opens, Continues, Continues, Continues, Continues, Continues]
    );
    assert!(s.anachronies.is_empty());
    let run = s.longest_run.unwrap();
    assert_eq!(
        (run.length, run.first.as_str(), run.last.as_str()),
        (6, "s0", "s5")
    );
}

#[test]
fn reversed_telling_is_maximally_disordered() {
    // Footrule of a reversal is ⌊n²/2⌋, so the index is n/(n−1) for even n
    // and (n+1)/n for odd n.
    let s = stats(&story(4, &[]), &chronology(&placed(&[3, 2, 1, 0])));
    assert_eq!(s.kendall_tau, -1.0);
    assert_eq!(s.footrule, 8);
    assert_eq!(s.nonlinearity_index, 4.0 / 3.0);
    let s = stats(&story(5, &[]), &chronology(&placed(&[4, 3, 2, 1, 0])));
    assert_eq!(s.inversions, 10);
    assert_eq!(s.kendall_tau, -1.0);
    assert_eq!(s.footrule, 12);
    assert_eq!(s.nonlinearity_index, 6.0 / 5.0);
    assert_eq!(
        kinds(&s),
        [Opens, Analepsis, Analepsis, Analepsis, Analepsis]
    );
    // One backward run, reaching four days back from s0 and spanning from
    // the start of day 0 to the end of day 3.
    assert_eq!(s.anachronies.len(), 1);
    let a = &s.anachronies[0];
    assert_eq!(
        (a.first.as_str(), a.last.as_str(), a.from.as_str()),
        ("s1", "s4", "s0")
    );
    assert_eq!(a.reach, Measure::Seconds(4 * DAY));
    assert_eq!(a.extent, Measure::Seconds(3 * DAY + HOUR));
}

#[test]
fn fewer_than_two_scenes_are_in_order() {
    for n in 0..2 {
        let chrono: Vec<usize> = (0..n).collect();
        let s = stats(&story(n.max(1), &[]), &chronology(&placed(&chrono)));
        assert_eq!((s.pairs, s.inversions, s.footrule), (0, 0, 0));
        assert_eq!((s.kendall_tau, s.nonlinearity_index), (1.0, 0.0));
    }
}

/// Don't Leave's telling: telling position → chronological position.
const DONT_LEAVE: [usize; 13] = [7, 0, 8, 2, 9, 6, 10, 3, 5, 11, 4, 1, 12];

#[test]
fn dont_leave_shape() {
    // memory-ferry (telling 11) repeats ferry (telling 1).
    let s = stats(&story(13, &[(11, 1)]), &chronology(&placed(&DONT_LEAVE)));
    assert_eq!(
        kinds(&s),
        [
            Opens,
            Analepsis,
            Returns,
            Analepsis,
            Returns,
            Analepsis,
            Returns,
            Analepsis,
            Analepsis,
            Returns,
            Analepsis,
            RepeatingAnalepsis,
            Returns,
        ]
    );
    assert_eq!(
        s.counts,
        MoveCounts {
            opens: 1,
            continues: 0,
            returns: 5,
            analepses: 7,
            repeating_analepses: 1,
            prolepses: 0,
            analepsis_groups: 5,
            prolepsis_groups: 0,
        }
    );
    // |0−7|+|1−0|+|2−8|+|3−2|+|4−9|+|5−6|+|6−10|+|7−3|+|8−5|+|9−11|+|10−4|
    // +|11−1|+|12−12| = 7+1+6+1+5+1+4+4+3+2+6+10+0 = 50, over 13·12/2 = 78.
    assert_eq!(s.footrule, 50);
    assert_eq!(s.pairs, 78);
    assert_eq!(s.nonlinearity_index, 50.0 / 78.0);
    assert_eq!(s.inversions, brute_inversions(&DONT_LEAVE));
    assert_eq!(s.inversions, 33);
    assert_eq!(s.kendall_tau, 1.0 - 2.0 * 33.0 / 78.0);
    // rain (3) then argument (5), told from friends-letter-search's furthest
    // point search (10): reach back to rain's day.
    let a = &s.anachronies[3];
    assert_eq!(
        (a.first.as_str(), a.last.as_str(), a.from.as_str()),
        ("s7", "s8", "s6")
    );
    assert_eq!(a.reach, Measure::Seconds(7 * DAY));
    assert_eq!(a.extent, Measure::Seconds(2 * DAY + HOUR));
    let last = &s.anachronies[4];
    assert_eq!((last.scenes, last.repeating), (2, 1));
    assert_eq!(s.longest_run.as_ref().map(|r| r.length), Some(1));
}

#[test]
fn prolepsis_leaves_the_first_narrative_where_it_was() {
    // 0 1 5 2 3 4 6: 5 skips the untold 2..4 (prolepsis); 2 returns; 6 then
    // continues, since 5 between 4 and 6 is already told.
    let s = stats(&story(7, &[]), &chronology(&placed(&[0, 1, 5, 2, 3, 4, 6])));
    assert_eq!(
        kinds(&s),
        [Opens, Continues, Prolepsis, Returns, Continues, Continues, Continues]
    );
    let a = &s.anachronies[0];
    assert_eq!(a.direction, Direction::Prolepsis);
    assert_eq!(a.from, "s1");
    assert_eq!(a.reach, Measure::Seconds(4 * DAY));
    assert_eq!(s.counts.prolepsis_groups, 1);
}

#[test]
fn scenes_outside_the_present_go_back_or_forward_from_it() {
    // s0 and s3 are the present (chronological 1 and 2); s1 (0) lies before
    // the first narrative's 1, s2 (3) after it.
    let told = [
        (SceneId(0), 1),
        (SceneId(1), 0),
        (SceneId(2), 3),
        (SceneId(3), 2),
    ];
    let in_present = [true, false, false, true];
    let moves = classify(&story(4, &[]), &told, &in_present);
    let kinds: Vec<MoveKind> = moves.iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [Opens, Analepsis, Prolepsis, Returns]);
    assert!(moves.iter().all(|m| m.first_narrative == 1));
}

#[test]
fn direction_changes_split_anachronies() {
    // 5 opens; 0 goes back; 7 skips the untold 6 (forward); 6 returns.
    let s = stats(
        &story(8, &[]),
        &chronology(&placed(&[5, 0, 7, 1, 2, 3, 4, 6])),
    );
    assert_eq!(kinds(&s)[..3], [Opens, Analepsis, Prolepsis]);
    assert_eq!(s.anachronies.len(), 3);
    assert_eq!(s.counts.analepsis_groups, 2);
    assert_eq!(s.counts.prolepsis_groups, 1);
}

#[test]
fn unplaced_scenes_are_skipped() {
    let s = stats(
        &story(5, &[]),
        &chronology(&[Some(1), None, Some(0), None, Some(2)]),
    );
    assert_eq!((s.scenes, s.placed, s.unplaced), (5, 3, 2));
    assert_eq!(kinds(&s), [Opens, Analepsis, Returns]);
    // Positions among placed scenes: telling 0,1,2 against chrono 1,0,2.
    assert_eq!(s.footrule, 2);
    assert_eq!(s.moves[1].telling, 3);
    assert_eq!(s.moves[1].chrono, 1);
}

#[test]
fn floating_scenes_are_measured_in_scenes() {
    let mut c = chronology(&placed(&[3, 0, 1, 2]));
    for p in &mut c.placements[1..] {
        p.anchored = false;
        p.component = 1;
    }
    let s = stats(&story(4, &[]), &c);
    let a = &s.anachronies[0];
    // The run s1..s3 shares a frame (extent in time) but not with s0.
    assert_eq!(a.reach, Measure::Scenes(3));
    assert_eq!(a.extent, Measure::Seconds(2 * DAY + HOUR));
}

#[test]
fn time_use_per_era() {
    let mut c = chronology(&placed(&[0, 2, 1, 3]));
    // Overlapping scenes 0 and 2 (day 0, two hours each) in the past; 1 and
    // 3 in the present.
    c.placements[0].scheduled_end = 2 * HOUR;
    c.placements[1].scheduled_start = HOUR;
    c.placements[1].scheduled_end = 3 * HOUR;
    // Spans are measured where scenes are drawn (`engine::position`),
    // inside their windows: make the windows say the same.
    c.placements[0].end = TimeBounds {
        earliest: Some(2 * HOUR),
        latest: Some(2 * HOUR),
    };
    c.placements[1].start = TimeBounds {
        earliest: Some(HOUR),
        latest: Some(HOUR),
    };
    c.placements[1].end = TimeBounds {
        earliest: Some(3 * HOUR),
        latest: Some(3 * HOUR),
    };
    for (i, e) in [0, 0, 1, 1].into_iter().enumerate() {
        c.placements[i].era = Some(EraId(e));
    }
    let s = stats(&story(4, &[]), &c);
    assert_eq!(s.time.screen_ms, 4 * 60_000);
    assert_eq!(s.time.story_span, Some(3 * DAY + HOUR));
    assert_eq!(s.time.story_covered, Some(3 * HOUR + 2 * HOUR));
    let past = &s.eras[0];
    assert_eq!(past.era.as_deref(), Some("past"));
    assert_eq!(past.time.scenes, 2);
    assert_eq!(past.time.screen_share, Some(0.5));
    assert_eq!(past.time.story_covered, Some(3 * HOUR));
    assert_eq!(past.time.story_span, Some(3 * HOUR));
    assert_eq!(s.eras.len(), 2, "no bucket for scenes in no era");
}

#[test]
fn inversions_match_brute_force() {
    // A fixed pseudo-random permutation per length (xorshift), no RNG crate.
    let mut rng = crate::xorshift::Xorshift(0x9E37_79B9_7F4A_7C15);
    for n in 0..200usize {
        let mut p: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            p.swap(i, rng.below(i as u64 + 1) as usize);
        }
        assert_eq!(count_inversions(&p), brute_inversions(&p), "{p:?}");
    }
}

#[test]
fn a_large_reversed_telling_counts_every_inversion() {
    // Built by cloning one parsed scene. Speed is measured in
    // `benches/engine.rs`; here only the counts at scale are checked (a
    // quadratic pass would not finish, which a timeout would show).
    let template = story(1, &[]);
    let scene = template.scenes[0].clone();
    let mut big = template.clone();
    big.scenes.clear();
    let n = 200_000;
    for i in 0..n {
        big.scenes.insert(format!("s{i}").into(), scene.clone());
    }
    let chrono: Vec<usize> = (0..n).rev().collect();
    let s = stats(&big, &chronology(&placed(&chrono)));
    assert_eq!(s.inversions, (n as u64) * (n as u64 - 1) / 2);
    assert_eq!(s.kendall_tau, -1.0);
}
