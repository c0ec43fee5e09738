//! Marker rules: a marker against its era (`E0401`), a marker that changes
//! back over story-time (`W0402`), a repeat whose markers differ (`W0413`).

use std::collections::{HashMap, HashSet};

use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::network::Source;
use crate::engine::{explain, Chronology, Contradiction};
use crate::model::{
    ConstraintKind, Era, EraBound, EraId, MarkerId, MarkerState, Mode, Origin, SceneId, Story,
};
use crate::source::Sources;
use crate::span::Span;
use crate::text::clip;
use crate::time::Seconds;

/// Which side of an era a date falls outside.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// The step of a contradiction whose constraint is a marker's era.
struct MarkerStep {
    /// The scene carrying the marker line.
    scene: SceneId,
    /// The marker line (the constraint's span).
    span: Span,
    marker: MarkerId,
    value: u32,
    era: EraId,
}

/// A date written on the scene (`story: 2020-10-10`) that the cycle runs
/// through.
#[derive(Clone, Copy)]
struct Dated {
    lo: Seconds,
    hi: Seconds,
    span: Span,
}

/// What `E0401` says about one contradiction, gathered before any words.
struct Clash<'a> {
    step: MarkerStep,
    era: &'a Era,
    /// `marker: value` as written, clipped.
    setting: String,
    date: Option<Dated>,
    /// Which side of the era the date falls outside, when it does.
    side: Option<Side>,
    /// Another bounded era that contains the date, if any.
    inside: Option<EraId>,
}

/// A contradiction that runs through a marker's era, told as `E0401`:
/// "`hair: dark` means `past` (until 2020-09), yet this scene is dated
/// 2020-10-10, inside `present`". `None` when no step of the cycle is a
/// marker's era. Also returns the (scene, marker) flagged.
pub fn marker_era(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    c: &Contradiction,
) -> Option<(Finding, (SceneId, MarkerId))> {
    let step = marker_step(story, c)?;
    let m = story.marker(step.marker);
    let era = story.era(step.era);
    let setting = format!(
        "{}: {}",
        clip(&m.name),
        clip(&m.values[step.value as usize].name)
    );
    let date = scene_date(story, c, step.scene);
    let (lo_of, hi_of) = era_times(story, chronology, step.era);
    let side = date.and_then(|d| {
        if hi_of.is_some_and(|to| d.lo > to) {
            Some(Side::After)
        } else if lo_of.is_some_and(|from| d.hi < from) {
            Some(Side::Before)
        } else {
            None
        }
    });
    let inside = date.and_then(|d| other_era_containing(story, chronology, step.era, d));
    let clash = Clash {
        step,
        era,
        setting,
        date,
        side,
        inside,
    };
    let d = Diagnostic::error(
        codes::MARKER_ERA,
        clash_message(story, chronology, sources, &clash),
    );
    let d = clash_labels(story, sources, c, &clash, d).help(clash_help(story, &clash));
    let flagged = (clash.step.scene, clash.step.marker);
    let mut scenes = c.scenes();
    scenes.dedup();
    Some((Finding::new(d, scenes), flagged))
}

/// The first step whose constraint a marker value put there (`hair: dark`
/// with `dark: past`), read by the constraint's index.
fn marker_step(story: &Story, c: &Contradiction) -> Option<MarkerStep> {
    c.steps.iter().find_map(|st| {
        let Source::Constraint { scene, index } = st.source else {
            return None;
        };
        let k = &story.scene(scene).constraints[index as usize];
        match (k.origin, k.kind) {
            (Origin::Marker { marker, value }, ConstraintKind::InEra { era }) => Some(MarkerStep {
                scene,
                span: k.span,
                marker,
                value,
                era,
            }),
            _ => None,
        }
    })
}

/// The date on `scene` itself, if the cycle runs through one.
fn scene_date(story: &Story, c: &Contradiction, scene: SceneId) -> Option<Dated> {
    c.steps.iter().find_map(|st| match st.source {
        Source::Constraint { scene: s, index } if s == scene => {
            let k = &story.scene(scene).constraints[index as usize];
            match k.kind {
                ConstraintKind::StartsWithin { lo, hi } => Some(Dated {
                    lo,
                    hi,
                    span: k.span,
                }),
                _ => None,
            }
        }
        _ => None,
    })
}

/// Another era with a bound that wholly contains the date.
fn other_era_containing(
    story: &Story,
    chronology: &Chronology,
    era: EraId,
    date: Dated,
) -> Option<EraId> {
    (0..story.eras.len() as u32).map(EraId).find(|&e| {
        if e == era {
            return false;
        }
        let (from, to) = era_times(story, chronology, e);
        let bounded = story.era(e).from.is_some() || story.era(e).to.is_some();
        bounded && from.is_none_or(|f| f <= date.lo) && to.is_none_or(|t| date.hi <= t)
    })
}

/// One era bound in words: "until 2020-09", "from `ferry` starts, no
/// earlier than …".
fn bound_text(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    b: &EraBound,
    side: Side,
) -> String {
    let word = if side == Side::After { "until" } else { "from" };
    match *b {
        EraBound::Time { span, .. } => format!("{word} {}", sources.slice(span)),
        EraBound::Scene { scene, .. } => {
            let (earliest, latest) = scene_start(story, chronology, scene);
            let solved = match side {
                Side::After => latest.map(|t| format!(", by {}", story.calendar.human(t))),
                Side::Before => {
                    earliest.map(|t| format!(", no earlier than {}", story.calendar.human(t)))
                }
            };
            format!(
                "{word} `{}` starts{}",
                story.scene_name(scene),
                solved.unwrap_or_default()
            )
        }
    }
}

/// The headline: the era's bound the date falls outside (or both bounds),
/// and the date when there is one.
fn clash_message(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    clash: &Clash<'_>,
) -> String {
    let era = clash.era;
    let text = |b: &EraBound, side| bound_text(story, chronology, sources, b, side);
    let described = match clash.side {
        Some(Side::After) => era.to.as_ref().map(|b| text(b, Side::After)),
        Some(Side::Before) => era.from.as_ref().map(|b| text(b, Side::Before)),
        None => {
            let parts: Vec<String> = [
                era.from.as_ref().map(|b| text(b, Side::Before)),
                era.to.as_ref().map(|b| text(b, Side::After)),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    }
    .unwrap_or_default();
    let setting = &clash.setting;
    match (clash.date, clash.side) {
        (Some(date), Some(_)) => format!(
            "`{setting}` means `{}` ({described}), yet this scene is dated {}{}",
            clip(&era.name),
            sources.slice(date.span),
            clash
                .inside
                .map(|e| format!(", inside `{}`", clip(&story.era(e).name)))
                .unwrap_or_default()
        ),
        _ => format!(
            "`{setting}` means `{}` ({described}), yet the story-time tags of `{}` put it outside `{}`",
            clip(&era.name),
            clip(&story.scene(clash.step.scene).id),
            clip(&era.name)
        ),
    }
}

/// Labels: the marker line, the date and the era bound it falls outside,
/// then every other constraint of the cycle (each place once), and one note
/// per step.
fn clash_labels(
    story: &Story,
    sources: &Sources,
    c: &Contradiction,
    clash: &Clash<'_>,
    d: Diagnostic,
) -> Diagnostic {
    let era_name = clip(&clash.era.name);
    let marker_text = format!(
        "`{}` puts `{}` in `{era_name}`",
        clash.setting,
        clip(&story.scene(clash.step.scene).id),
    );
    // The primary label goes on the tag to blame (`engine::minimal`), but
    // stays on the marker the message is about when the blame is a guess
    // between tags of the marker's own scene (its date or the marker).
    let blamed = c
        .culprit()
        .filter(|st| c.culprit_certain || st.scene != clash.step.scene)
        .filter(|st| matches!(st.source, Source::Constraint { .. }))
        .map(|st| (explain::source_span(story, st.source), st))
        .filter(|(span, _)| *span != clash.step.span);
    let mut labelled: HashSet<Span> = HashSet::from([clash.step.span]);
    let mut d = match blamed {
        Some((span, st)) => {
            labelled.insert(span);
            d.primary(span, explain::step_text(sources, story, st))
                .secondary(clash.step.span, marker_text)
        }
        None => d.primary(clash.step.span, marker_text),
    };
    if let (Some(date), Some(side)) = (clash.date, clash.side) {
        if labelled.insert(date.span) {
            d = d.secondary(date.span, "the scene is dated here");
        }
        let (bound, verb) = match side {
            Side::After => (clash.era.to.as_ref(), "ends"),
            Side::Before => (clash.era.from.as_ref(), "begins"),
        };
        if let Some(b) = bound {
            let span = match *b {
                EraBound::Time { span, .. } | EraBound::Scene { span, .. } => span,
            };
            if labelled.insert(span) {
                d = d.secondary(span, format!("`{era_name}` {verb} here"));
            }
        }
    }
    let texts: Vec<String> = c
        .steps
        .iter()
        .map(|st| explain::step_text(sources, story, st))
        .collect();
    for (st, text) in c.steps.iter().zip(&texts) {
        // "A scene cannot end before it starts" points at the header; the
        // notes carry it, a label there would only add noise.
        let span = explain::source_span(story, st.source);
        if matches!(st.source, Source::Constraint { .. }) && labelled.insert(span) {
            d = d.secondary(span, text.clone());
        }
    }
    for text in texts {
        d = d.with_note(text);
    }
    d
}

/// The fix: the marker value that goes with the era the date lies in, if
/// one does; else either side may be wrong.
fn clash_help(story: &Story, clash: &Clash<'_>) -> String {
    let m = story.marker(clash.step.marker);
    let better = clash.inside.and_then(|e| {
        m.values
            .values()
            .find(|val| val.era == Some(e))
            .map(|val| (val, e))
    });
    match better {
        Some((val, e)) => format!(
            "if the date is right, write `{}: {}` (the value for `{}`); if the look is right, correct the date",
            clip(&m.name),
            clip(&val.name),
            clip(&story.era(e).name)
        ),
        None => "change the marker's value or the scene's story-time; a value declared without an era does not date the scene".to_string(),
    }
}

/// An era's first and last second, with scene bounds taken from the solved
/// times (the widest the tags allow: earliest start for `from`, latest for
/// `to`).
fn era_times(
    story: &Story,
    chronology: &Chronology,
    era: EraId,
) -> (Option<Seconds>, Option<Seconds>) {
    let era = story.era(era);
    let time = |b: &Option<EraBound>, to: bool| match *b {
        Some(EraBound::Time { at, .. }) => Some(at),
        Some(EraBound::Scene { scene, .. }) => {
            let (earliest, latest) = scene_start(story, chronology, scene);
            if to {
                latest
            } else {
                earliest
            }
        }
        None => None,
    };
    (time(&era.from, false), time(&era.to, true))
}

/// Earliest and latest start of a scene: the solved bounds, or, where the
/// solver set the scene's own date aside (it is part of the contradiction
/// being told), the dates written on the scene.
fn scene_start(
    story: &Story,
    chronology: &Chronology,
    scene: SceneId,
) -> (Option<Seconds>, Option<Seconds>) {
    let p = &chronology.placements[scene.index()];
    let written = |pick: fn(Seconds, Seconds) -> Seconds, hi: bool| {
        story
            .scene(scene)
            .constraints
            .iter()
            .filter_map(|k| match k.kind {
                ConstraintKind::StartsWithin { lo, hi: h } => Some(if hi { h } else { lo }),
                _ => None,
            })
            .reduce(pick)
    };
    (
        p.start.earliest.or_else(|| written(Seconds::max, false)),
        p.start.latest.or_else(|| written(Seconds::min, true)),
    )
}

/// Where one marker stands in a walk over the chronology.
struct Walk {
    /// The value now shown.
    current: u32,
    /// The marker line that changed to it.
    changed_at: Span,
    /// The scene that changed to it.
    changed_in: SceneId,
    /// For each value, the last marker line that showed it, if any.
    last: Vec<Option<Span>>,
    /// A scene since the last change carried a note on this marker.
    noted: bool,
    /// The last era the walk passed through (markers with eras only).
    era: Option<EraId>,
}

/// `W0402`: walking the chronology, a marker that changes and later changes
/// back, at the scene that changes it back, unless a scene after the change
/// (up to and including that one) carries a note on the marker. For a
/// marker with eras the walk forgets earlier values whenever it enters
/// another era (scenes in no certain era do not count), so only changes
/// within an era are compared. Dreams and imagined scenes are left out;
/// scenes already flagged by `E0401` for the marker are skipped.
pub fn reverts(
    story: &Story,
    chronology: &Chronology,
    flagged: &HashSet<(SceneId, MarkerId)>,
) -> Vec<Finding> {
    let with_eras: Vec<bool> = story
        .markers
        .values()
        .map(|m| m.values.values().any(|v| v.era.is_some()))
        .collect();
    let mut walks: Vec<Option<Walk>> = (0..story.markers.len()).map(|_| None).collect();
    let mut out = Vec::new();
    for &s in &chronology.order {
        let scene = story.scene(s);
        if matches!(scene.mode, Some(Mode::Dream) | Some(Mode::Imagined)) {
            continue;
        }
        for ms in &scene.markers {
            if flagged.contains(&(s, ms.marker)) {
                continue;
            }
            let era = if with_eras[ms.marker.0 as usize] {
                chronology.placements[s.index()].era
            } else {
                None
            };
            let marker = story.marker(ms.marker);
            let walk = walks[ms.marker.0 as usize].get_or_insert_with(|| Walk {
                current: ms.value,
                changed_at: ms.span,
                changed_in: s,
                last: vec![None; marker.values.len()],
                noted: false,
                era,
            });
            if era.is_some() && era != walk.era {
                walk.last.iter_mut().for_each(|l| *l = None);
                walk.era = era;
            }
            if ms.value == walk.current {
                walk.noted |= ms.note.is_some() && walk.changed_in != s;
            } else {
                if let Some(before) = walk.last[ms.value as usize] {
                    if !walk.noted && ms.note.is_none() {
                        let value = clip(&marker.values[ms.value as usize].name);
                        let away = clip(&marker.values[walk.current as usize].name);
                        let name = clip(&marker.name);
                        let d = Diagnostic::warning(
                            codes::MARKER_REVERTS,
                            format!(
                                "`{name}` goes back to `{value}` in `{}` after changing to `{away}` in `{}`, and no scene in between says why",
                                clip(&scene.id),
                                clip(story.scene_name(walk.changed_in))
                            ),
                        )
                        .primary(ms.span, format!("`{value}` again here"))
                        .secondary(walk.changed_at, format!("changed to `{away}` here"))
                        .secondary(before, format!("`{value}` last shown here"))
                        .help(format!(
                            "if the change back is real, say so with a note: `{name}: {value} (…)`; otherwise correct the value"
                        ));
                        out.push(Finding::new(d, vec![s, walk.changed_in]));
                    }
                }
                walk.current = ms.value;
                walk.changed_at = ms.span;
                walk.changed_in = s;
                walk.noted = false;
            }
            walk.last[ms.value as usize] = Some(ms.span);
        }
    }
    out
}

/// `W0413`: a scene that `repeats` another gives a marker a different value
/// without a note.
pub fn repeats_differ(story: &Story) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, scene) in story.scenes.values().enumerate() {
        let Some(original) = scene.repeats else {
            continue;
        };
        let other = story.scene(original);
        // The original's marker lines by marker, so a long list of lines is
        // not searched once per line.
        let originals: HashMap<MarkerId, &MarkerState> =
            other.markers.iter().rev().map(|o| (o.marker, o)).collect();
        for ms in &scene.markers {
            if ms.note.is_some() {
                continue;
            }
            let Some(&theirs) = originals.get(&ms.marker) else {
                continue;
            };
            if theirs.value == ms.value {
                continue;
            }
            let m = story.marker(ms.marker);
            let mine = clip(&m.values[ms.value as usize].name);
            let was = clip(&m.values[theirs.value as usize].name);
            let d = Diagnostic::warning(
                codes::REPEAT_MARKERS_DIFFER,
                format!(
                    "`{}` repeats `{}`, but shows `{}: {mine}` where the original shows `{was}`",
                    clip(&scene.id),
                    clip(&other.id),
                    clip(&m.name)
                ),
            )
            .primary(ms.span, format!("`{mine}` in the repeat"))
            .secondary(theirs.span, format!("`{was}` in the original"))
            .help(format!(
                "a repeat shows the same moment: use `{was}`, or say why it differs with a note (`{}: {mine} (…)`)",
                clip(&m.name)
            ));
            out.push(Finding::new(d, vec![SceneId(i as u32), original]));
        }
    }
    out
}
