//! How the telling moves through story-time, in Genette's terms.
//!
//! [`stats`] reads a [`Story`] and the [`Chronology`] the engine computed for
//! it and measures the order of the telling against the order of the story:
//! which scenes are analepses (flashbacks) or prolepses (flash-forwards),
//! how far they reach and how much story they cover, how disordered the
//! telling is as a whole (inversions, Kendall's tau, the nonlinearity index
//! of Kim et al.), and how screen-time is spent on story-time per era.
//!
//! Only placed scenes (those the chronology orders, `chrono: Some(_)`)
//! take part in the order measures; "telling order" below means the placed
//! scenes in [`SceneId`] order with unplaced ones skipped. Every pass is
//! linear or `O(n log n)`, since a generated story may have a million
//! scenes. The definitions are spelled out in `docs/ordering.md`.

use serde::Serialize;

use crate::engine::{Chronology, Frame, Placement};
use crate::model::{EraId, Scene, SceneId, Story};
use crate::time::{Millis, Seconds};

/// Every measure of one story's telling.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stats {
    /// Number of scenes in the story.
    pub scenes: usize,
    /// Number of scenes the chronology orders.
    pub placed: usize,
    /// Number of scenes it leaves unplaced.
    pub unplaced: usize,
    /// How each placed scene relates to the first narrative, in telling
    /// order.
    pub moves: Vec<Move>,
    /// How many placed scenes made each kind of move.
    pub counts: MoveCounts,
    /// Runs of consecutive anachronic scenes, in telling order.
    pub anachronies: Vec<Anachrony>,
    /// Pairs of placed scenes told in the opposite order to the story's.
    pub inversions: u64,
    /// Pairs of placed scenes, `n(n−1)/2`.
    pub pairs: u64,
    /// Kendall's tau-a between telling and chronology:
    /// `1 − 2·inversions/pairs` (1 when `n < 2`).
    pub kendall_tau: f64,
    /// Spearman's footrule `Σ|telling_i − chrono_i|` over 0-based positions.
    pub footrule: u64,
    /// Kim et al.'s nonlinearity index, `footrule / pairs` (0 when `n < 2`).
    pub nonlinearity_index: f64,
    /// The longest stretch of scenes told in chronological order (`None`
    /// when nothing is placed).
    pub longest_run: Option<Run>,
    /// Screen-time and story-time over the whole story.
    pub time: TimeUse,
    /// The same per era: every declared era in declaration order, then the
    /// scenes in no era (if any) with `era: null`.
    pub eras: Vec<EraTime>,
    /// The work-level measures of a series ([`crate::engine::works`]);
    /// absent for a story without works.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub works: Option<crate::engine::works::WorkStats>,
}

/// What a scene does to the first narrative.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// The first placed scene told: it starts the first narrative.
    Opens,
    /// Carries the first narrative on, straight after a scene that did too.
    Continues,
    /// Carries the first narrative on right after an anachrony.
    Returns,
    /// Goes back before the first narrative's furthest point (a
    /// flashback).
    Analepsis,
    /// An analepsis that shows a scene already told again (`repeats:`).
    RepeatingAnalepsis,
    /// Skips ahead of the first narrative over scenes not yet told (a
    /// flash-forward).
    Prolepsis,
}

impl MoveKind {
    /// True for analepses (repeating or not) and prolepses.
    pub fn is_anachrony(self) -> bool {
        matches!(
            self,
            MoveKind::Analepsis | MoveKind::RepeatingAnalepsis | MoveKind::Prolepsis
        )
    }

    /// The direction of an anachronic move.
    pub fn direction(self) -> Option<Direction> {
        match self {
            MoveKind::Analepsis | MoveKind::RepeatingAnalepsis => Some(Direction::Analepsis),
            MoveKind::Prolepsis => Some(Direction::Prolepsis),
            _ => None,
        }
    }
}

/// One placed scene's move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    /// The scene id.
    pub scene: String,
    /// 1-based position in the telling (all scenes counted).
    pub telling: usize,
    /// 1-based position in the chronology.
    pub chrono: usize,
    /// What it does.
    pub kind: MoveKind,
}

/// How many placed scenes made each move, and how many anachronies of
/// each direction there are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct MoveCounts {
    /// Scenes that open the first narrative (1, or 0 when nothing is placed).
    pub opens: usize,
    /// Scenes that continue it.
    pub continues: usize,
    /// Scenes that return to it after an anachrony.
    pub returns: usize,
    /// Analepsis scenes, repeating ones included.
    pub analepses: usize,
    /// Of those, repeating analepses.
    pub repeating_analepses: usize,
    /// Prolepsis scenes.
    pub prolepses: usize,
    /// Anachronies (grouped runs) going back.
    pub analepsis_groups: usize,
    /// Anachronies going forward.
    pub prolepsis_groups: usize,
}

/// Which way an anachrony goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Back (flashback).
    Analepsis,
    /// Forward (flash-forward).
    Prolepsis,
}

/// A distance or length: story-time where the scenes involved share a time
/// frame, else a count of chronological positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Seconds of story-time.
    Seconds(Seconds),
    /// Positions in the chronology.
    Scenes(u64),
}

/// A run of consecutive placed scenes (in telling order) that are all
/// analepses or all prolepses.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Anachrony {
    /// Back or forward.
    pub direction: Direction,
    /// The first scene of the run (telling order).
    pub first: String,
    /// The last scene of the run.
    pub last: String,
    /// Number of scenes in the run.
    pub scenes: usize,
    /// How many of them repeat an earlier scene (`repeats:`); equal to
    /// `scenes` for a purely repeating analepsis.
    pub repeating: usize,
    /// The first narrative's furthest scene when the run starts: the "now"
    /// the anachrony departs from.
    pub from: String,
    /// How far from `from` the run goes: to its earliest start (analepsis) or
    /// latest start (prolepsis), measured start to start.
    pub reach: Measure,
    /// How much story the run spans: earliest start to latest end of its
    /// scenes, or the number of chronological positions from its first to
    /// its last scene.
    pub extent: Measure,
}

/// The longest stretch of consecutive told scenes whose chronological
/// positions are consecutive and increasing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    /// Number of scenes.
    pub length: usize,
    /// First scene (telling order).
    pub first: String,
    /// Last scene.
    pub last: String,
}

/// Screen-time used and story-time covered by a set of scenes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct TimeUse {
    /// Number of scenes in the set.
    pub scenes: usize,
    /// Sum of `screen` end − start over scenes with both timecodes, in
    /// milliseconds.
    pub screen_ms: Millis,
    /// Scenes whose screen length is unknown (no `screen:` or no end).
    pub screen_unknown: usize,
    /// Fraction of the whole story's `screen_ms` (`None` when that is 0).
    pub screen_share: Option<f64>,
    /// Length of the union of the placed scenes' drawn intervals
    /// ([`super::position`]), seconds (`None` without placed scenes).
    pub story_covered: Option<Seconds>,
    /// From the first drawn start to the last drawn end, seconds
    /// (`None` without placed scenes).
    pub story_span: Option<Seconds>,
}

/// [`TimeUse`] for one era.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EraTime {
    /// The era's name; `None` for scenes in no era.
    pub era: Option<String>,
    /// Its time use.
    #[serde(flatten)]
    pub time: TimeUse,
}

/// True when two placements' scheduled times can be subtracted: both are
/// anchored (calendar time), or both float in the same component (time from
/// the same anchor).
pub fn same_frame(a: &Placement, b: &Placement) -> bool {
    a.frame() == b.frame()
}

/// Measure the telling of `story` against `chronology`.
pub fn stats(story: &Story, chronology: &Chronology) -> Stats {
    let placements = &chronology.placements;
    let name = |id: SceneId| story.scene_name(id).to_string();
    // The placed scenes in telling order, with their 0-based chronological
    // positions. `order` is the authority on positions (`Placement::chrono`
    // mirrors it); deriving them from it keeps them a permutation of 0..n.
    let mut chrono_of = vec![usize::MAX; placements.len()];
    for (pos, id) in chronology.order.iter().enumerate() {
        if let Some(slot) = chrono_of.get_mut(id.index()) {
            *slot = pos;
        }
    }
    let told: Vec<(SceneId, usize)> = chrono_of
        .iter()
        .enumerate()
        .filter(|(_, &c)| c != usize::MAX)
        .map(|(i, &c)| (SceneId(i as u32), c))
        .collect();
    let n = told.len();
    let positions: Vec<usize> = told.iter().map(|&(_, c)| c).collect();

    let in_present: Vec<bool> = match &story.present {
        Some(_) => (0..placements.len())
            .map(|i| crate::engine::days::in_main(story, placements, SceneId(i as u32)))
            .collect(),
        None => vec![true; placements.len()],
    };
    let moves = classify(story, &told, &in_present);
    let counts = count_moves(&moves);
    let anachronies = group_anachronies(story, chronology, &moves);
    let moves = moves
        .iter()
        .map(|m| Move {
            scene: name(m.scene),
            telling: m.scene.index() + 1,
            chrono: m.chrono + 1,
            kind: m.kind,
        })
        .collect();

    let OrderMeasures {
        pairs,
        inversions,
        footrule,
        kendall_tau,
        nonlinearity_index,
    } = order_measures(&positions);

    let longest_run = longest_run(&positions).map(|(start, length)| Run {
        length,
        first: name(told[start].0),
        last: name(told[start + length - 1].0),
    });

    let (time, eras) = time_use(story, chronology);

    Stats {
        scenes: story.scenes.len(),
        placed: n,
        unplaced: story.scenes.len() - n,
        moves,
        counts,
        anachronies,
        inversions,
        pairs,
        kendall_tau,
        footrule,
        nonlinearity_index,
        longest_run,
        time,
        eras,
        works: crate::engine::works::measure(story, chronology),
    }
}

/// A move before names are looked up.
struct RawMove {
    scene: SceneId,
    chrono: usize,
    kind: MoveKind,
    /// The first narrative's furthest position when the scene was told.
    first_narrative: usize,
}

/// Classify every placed scene against the first narrative; `in_present`
/// (indexed by telling order) marks the scenes of its strand.
///
/// Genette's first narrative is the temporal level from which anachronies
/// depart. Without `present:` every scene is of its strand and the telling
/// decides it: the first placed scene opens it. With `present:`, the first
/// narrative is that strand, wherever the telling starts: its scenes open,
/// continue and return to it, and skip ahead of it, by the same rules
/// applied to the strand alone; every scene outside it is an analepsis when
/// it comes before the strand's current point in the chronology (its
/// furthest told point, or before any is told, its first point) and a
/// prolepsis when it comes after. So a film that opens on a flashback opens
/// with an analepsis, and one that opens in 1901 but names 1958 its present
/// counts the 1958 scenes as the first narrative, not as flash-forwards.
///
/// `f` is the first narrative's furthest chronological position: the
/// largest position of a scene that opened, continued or returned to it.
/// Prolepses do not move it, so the scenes a prolepsis skipped can still
/// carry the first narrative on afterwards. A scene of the strand after `f`
/// is a prolepsis when some position between `f` and it is still untold,
/// else it carries the first narrative on. `untold` is the smallest untold
/// position of the strand above `f` (positions outside the strand count as
/// told); it only ever moves up, so the check is amortised O(1).
fn classify(story: &Story, told: &[(SceneId, usize)], in_present: &[bool]) -> Vec<RawMove> {
    let mut seen = vec![false; told.len()];
    let mut first_present: Option<usize> = None;
    for &(scene, c) in told {
        if in_present[scene.index()] {
            first_present = Some(first_present.map_or(c, |f: usize| f.min(c)));
        } else {
            seen[c] = true;
        }
    }
    let mut f = first_present.unwrap_or(0);
    let mut opened = false;
    // The first chronological position not yet told, counting the scenes
    // outside the present as told; read only once the telling has opened,
    // after the advance at the end of the loop has run.
    let mut untold = 0usize;
    let mut previous_anachronic = false;
    let mut moves = Vec::with_capacity(told.len());
    for &(scene, c) in told {
        let back = if story.scene(scene).repeats.is_some() {
            MoveKind::RepeatingAnalepsis
        } else {
            MoveKind::Analepsis
        };
        let kind = if !in_present[scene.index()] {
            if c < f {
                back
            } else {
                MoveKind::Prolepsis
            }
        } else if !opened {
            MoveKind::Opens
        } else if c < f {
            back
        } else if untold < c {
            MoveKind::Prolepsis
        } else if previous_anachronic {
            MoveKind::Returns
        } else {
            MoveKind::Continues
        };
        moves.push(RawMove {
            scene,
            chrono: c,
            kind,
            first_narrative: f,
        });
        seen[c] = true;
        if !kind.is_anachrony() {
            opened = true;
            f = c;
            untold = untold.max(c + 1);
        }
        while untold < seen.len() && seen[untold] {
            untold += 1;
        }
        previous_anachronic = kind.is_anachrony();
    }
    moves
}

fn count_moves(moves: &[RawMove]) -> MoveCounts {
    let mut counts = MoveCounts::default();
    let mut previous = None;
    for m in moves {
        match m.kind {
            MoveKind::Opens => counts.opens += 1,
            MoveKind::Continues => counts.continues += 1,
            MoveKind::Returns => counts.returns += 1,
            MoveKind::Analepsis => counts.analepses += 1,
            MoveKind::RepeatingAnalepsis => {
                counts.analepses += 1;
                counts.repeating_analepses += 1;
            }
            MoveKind::Prolepsis => counts.prolepses += 1,
        }
        let direction = m.kind.direction();
        if direction.is_some() && direction != previous {
            match direction {
                Some(Direction::Analepsis) => counts.analepsis_groups += 1,
                Some(Direction::Prolepsis) => counts.prolepsis_groups += 1,
                None => {}
            }
        }
        previous = direction;
    }
    counts
}

/// Group consecutive anachronic moves of one direction and measure each
/// group's reach and extent.
fn group_anachronies(story: &Story, chronology: &Chronology, moves: &[RawMove]) -> Vec<Anachrony> {
    let placements = &chronology.placements;
    let mut out = Vec::new();
    let mut k = 0;
    while k < moves.len() {
        let Some(direction) = moves[k].kind.direction() else {
            k += 1;
            continue;
        };
        let start = k;
        while k < moves.len() && moves[k].kind.direction() == Some(direction) {
            k += 1;
        }
        let group = &moves[start..k];
        // `classify` only fixes `f` on non-anachronic scenes, so every scene
        // of the group saw the same first-narrative position.
        let from_pos = group[0].first_narrative;
        let from = chronology.order[from_pos];
        let min_pos = group.iter().map(|m| m.chrono).min().unwrap_or(from_pos);
        let max_pos = group.iter().map(|m| m.chrono).max().unwrap_or(from_pos);

        let scheduled: Vec<&Placement> =
            group.iter().map(|m| &placements[m.scene.index()]).collect();
        let from_placement = &placements[from.index()];
        let group_frame = scheduled[0].frame();
        let same_frame = scheduled.iter().all(|p| p.frame() == group_frame);
        let earliest = scheduled.iter().map(|p| p.scheduled_start).min();
        let latest_start = scheduled.iter().map(|p| p.scheduled_start).max();
        let latest_end = scheduled.iter().map(|p| p.scheduled_end).max();

        let reach = match (
            same_frame && from_placement.frame() == group_frame,
            direction,
        ) {
            (true, Direction::Analepsis) => {
                Measure::Seconds(from_placement.scheduled_start - earliest.unwrap_or(0))
            }
            (true, Direction::Prolepsis) => {
                Measure::Seconds(latest_start.unwrap_or(0) - from_placement.scheduled_start)
            }
            (false, Direction::Analepsis) => Measure::Scenes(from_pos.abs_diff(min_pos) as u64),
            (false, Direction::Prolepsis) => Measure::Scenes(max_pos.abs_diff(from_pos) as u64),
        };
        let extent = match (same_frame, earliest, latest_end) {
            (true, Some(a), Some(b)) => Measure::Seconds(b - a),
            _ => Measure::Scenes((max_pos - min_pos + 1) as u64),
        };
        let repeating = group
            .iter()
            .filter(|m| m.kind == MoveKind::RepeatingAnalepsis)
            .count();
        out.push(Anachrony {
            direction,
            first: story.scene_name(group[0].scene).to_string(),
            last: story.scene_name(group[group.len() - 1].scene).to_string(),
            scenes: group.len(),
            repeating,
            from: story.scene_name(from).to_string(),
            reach,
            extent,
        });
    }
    out
}

/// The order measures of a telling: `positions[t]` is the 0-based
/// chronological position of the `t`-th item told (a permutation of
/// `0..n`). Scenes here, works in [`crate::engine::works`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrderMeasures {
    /// `n(n−1)/2`.
    pub pairs: u64,
    /// Pairs told in the opposite order to the story's.
    pub inversions: u64,
    /// Spearman's footrule `Σ|t − c_t|`.
    pub footrule: u64,
    /// Kendall's tau-a, `1 − 2·inversions/pairs` (1 when `n < 2`).
    pub kendall_tau: f64,
    /// `footrule / pairs` (0 when `n < 2`).
    pub nonlinearity_index: f64,
}

/// [`OrderMeasures`] of `positions`.
pub fn order_measures(positions: &[usize]) -> OrderMeasures {
    let n = positions.len() as u64;
    let pairs = n * n.saturating_sub(1) / 2;
    let inversions = count_inversions(positions);
    let footrule: u64 = positions
        .iter()
        .enumerate()
        .map(|(t, &c)| t.abs_diff(c) as u64)
        .sum();
    // With fewer than two items there is no pair to disorder: the telling
    // is trivially in order.
    let (kendall_tau, nonlinearity_index) = if pairs == 0 {
        (1.0, 0.0)
    } else {
        (
            1.0 - 2.0 * inversions as f64 / pairs as f64,
            footrule as f64 / pairs as f64,
        )
    };
    OrderMeasures {
        pairs,
        inversions,
        footrule,
        kendall_tau,
        nonlinearity_index,
    }
}

/// Pairs `i < j` with `values[i] > values[j]`, by a bottom-up merge sort:
/// `O(n log n)` time, one scratch buffer, no recursion.
pub fn count_inversions(values: &[usize]) -> u64 {
    let n = values.len();
    let mut a = values.to_vec();
    let mut b = vec![0usize; n];
    let mut inversions = 0u64;
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut o) = (lo, mid, lo);
            while i < mid && j < hi {
                if a[j] < a[i] {
                    // Every element left in the left half is greater than
                    // a[j] and comes before it.
                    inversions += (mid - i) as u64;
                    b[o] = a[j];
                    j += 1;
                } else {
                    b[o] = a[i];
                    i += 1;
                }
                o += 1;
            }
            b[o..o + (mid - i)].copy_from_slice(&a[i..mid]);
            o += mid - i;
            b[o..o + (hi - j)].copy_from_slice(&a[j..hi]);
            lo = hi;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    inversions
}

/// Start index and length of the longest run with `p[i+1] == p[i] + 1`
/// (the earliest such run on ties).
fn longest_run(positions: &[usize]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for i in 0..positions.len() {
        if i > 0 && positions[i] != positions[i - 1] + 1 {
            start = i;
        }
        let length = i - start + 1;
        if best.is_none_or(|(_, l)| length > l) {
            best = Some((start, length));
        }
    }
    best
}

/// A scene's length on screen, when both its ends are tagged.
fn screen_length(scene: &Scene) -> Option<Millis> {
    scene
        .screen
        .as_deref()
        .and_then(|s| s.end.map(|end| (end - s.start).max(0)))
}

/// The running time of the placed scenes ([`TimeUse::screen_ms`] of the
/// whole story) without the rest of the statistics.
pub fn screen_ms(story: &Story, chronology: &Chronology) -> Millis {
    story
        .scenes
        .values()
        .take(chronology.placements.len())
        .filter_map(screen_length)
        .sum()
}

/// Time use overall and per era.
fn time_use(story: &Story, chronology: &Chronology) -> (TimeUse, Vec<EraTime>) {
    let placements = &chronology.placements;
    let buckets = story.eras.len() + 1;
    let bucket_of = |p: &Placement| match p.era {
        Some(EraId(e)) if (e as usize) < story.eras.len() => e as usize,
        _ => story.eras.len(),
    };
    let mut per: Vec<TimeUse> = vec![TimeUse::default(); buckets];
    let mut overall = TimeUse::default();
    // Scheduled stretches of placed scenes, tagged with their era bucket.
    let mut intervals: Vec<Stretch> = Vec::new();
    let drawn = super::position::drawn(chronology);
    for (i, scene) in story.scenes.values().enumerate() {
        let Some(p) = placements.get(i) else { continue };
        let bucket = bucket_of(p);
        let screen = screen_length(scene);
        for t in [&mut overall, &mut per[bucket]] {
            t.scenes += 1;
            match screen {
                Some(ms) => t.screen_ms += ms,
                None => t.screen_unknown += 1,
            }
        }
        // Where the scene is drawn (`position`), so spans agree with the
        // pictures: a scene somewhere in 1901 does not start the span on 1 Jan.
        if let Some(d) = drawn.get(i).copied().flatten() {
            let (a, b) = (d.start, d.end);
            intervals.push(Stretch {
                frame: p.frame(),
                start: a,
                end: b,
                bucket,
            });
        }
    }
    intervals.sort_unstable_by_key(|s| (s.frame, s.start));
    (overall.story_covered, overall.story_span) = cover(&intervals);
    let mut by_bucket: Vec<Vec<Stretch>> = vec![Vec::new(); buckets];
    for &stretch in &intervals {
        by_bucket[stretch.bucket].push(stretch);
    }
    for (t, list) in per.iter_mut().zip(&by_bucket) {
        (t.story_covered, t.story_span) = cover(list);
    }
    let total = overall.screen_ms;
    let share = |ms: Millis| (total > 0).then(|| ms as f64 / total as f64);
    overall.screen_share = share(overall.screen_ms);
    let mut eras = Vec::with_capacity(buckets);
    for (b, mut t) in per.into_iter().enumerate() {
        let era = story.eras.get_index(b).map(|(name, _)| name.clone());
        if era.is_none() && t.scenes == 0 {
            continue;
        }
        t.screen_share = share(t.screen_ms);
        eras.push(EraTime { era, time: t });
    }
    (overall, eras)
}

/// A placed scene's stretch of story-time, where it is drawn.
#[derive(Clone, Copy)]
struct Stretch {
    frame: Frame,
    start: Seconds,
    end: Seconds,
    /// The era bucket it counts towards.
    bucket: usize,
}

/// Union length and first-start-to-last-end span of stretches sorted by
/// `(frame, start)`. Different frames cannot be compared, so each frame is
/// measured on its own and the results are summed.
fn cover(sorted: &[Stretch]) -> (Option<Seconds>, Option<Seconds>) {
    if sorted.is_empty() {
        return (None, None);
    }
    let (mut covered, mut span) = (0, 0);
    let mut k = 0;
    while k < sorted.len() {
        let fr = sorted[k].frame;
        let (first, mut last_end) = (sorted[k].start, sorted[k].end);
        let (mut run_start, mut run_end) = (sorted[k].start, sorted[k].end);
        k += 1;
        while k < sorted.len() && sorted[k].frame == fr {
            let (a, b) = (sorted[k].start, sorted[k].end);
            if a > run_end {
                covered += run_end - run_start;
                run_start = a;
                run_end = b;
            } else {
                run_end = run_end.max(b);
            }
            last_end = last_end.max(b);
            k += 1;
        }
        covered += run_end - run_start;
        span += last_end - first;
    }
    (Some(covered), Some(span))
}

#[cfg(test)]
mod tests;
