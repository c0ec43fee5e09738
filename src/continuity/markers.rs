//! Marker rules: a marker against its era (`E0401`), a marker that changes
//! back over story-time (`W0402`), a repeat whose markers differ (`W0413`).

use std::collections::HashSet;

use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::{Chronology, Contradiction};
use crate::model::{ConstraintKind, EraBound, EraId, MarkerId, Mode, Origin, SceneId, Story};
use crate::source::Sources;
use crate::span::Span;
use crate::text::clip;
use crate::time::{human, Seconds};

/// Which side of an era a date falls outside.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
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
    let (step, marker, value, era_id) = c.steps.iter().find_map(|st| {
        story
            .scene(st.scene)
            .constraints
            .iter()
            .find_map(|k| match (k.origin, k.kind) {
                (Origin::Marker { marker, value }, ConstraintKind::InEra { era })
                    if k.span == st.span =>
                {
                    Some((st, marker, value, era))
                }
                _ => None,
            })
    })?;
    let scene_id = step.scene;
    let scene = story.scene(scene_id);
    let m = story.marker(marker);
    let v = &m.values[value as usize];
    let era = story.era(era_id);
    let setting = format!("{}: {}", clip(&m.name), clip(&v.name));

    // The date on this very scene, if the cycle runs through one.
    let date = c.steps.iter().find_map(|st| {
        (st.scene == scene_id)
            .then(|| {
                scene.constraints.iter().find_map(|k| match k.kind {
                    ConstraintKind::StartsWithin { lo, hi } if k.span == st.span => {
                        Some((lo, hi, k.span))
                    }
                    _ => None,
                })
            })
            .flatten()
    });
    let (lo_of, hi_of) = era_times(story, chronology, era_id);
    let side = date.and_then(|(lo, hi, _)| {
        if hi_of.is_some_and(|to| lo > to) {
            Some(Side::After)
        } else if lo_of.is_some_and(|from| hi < from) {
            Some(Side::Before)
        } else {
            None
        }
    });
    let bound_text = |b: &EraBound, side: Side| -> String {
        let word = if side == Side::After { "until" } else { "from" };
        match *b {
            EraBound::Time { span, .. } => format!("{word} {}", sources.slice(span)),
            EraBound::Scene { scene, .. } => {
                let (earliest, latest) = scene_start(story, chronology, scene);
                let solved = match side {
                    Side::After => latest.map(|t| format!(", by {}", human(t))),
                    Side::Before => earliest.map(|t| format!(", no earlier than {}", human(t))),
                };
                format!(
                    "{word} `{}` starts{}",
                    story.scene_name(scene),
                    solved.unwrap_or_default()
                )
            }
        }
    };
    let described = match side {
        Some(Side::After) => era.to.as_ref().map(|b| bound_text(b, Side::After)),
        Some(Side::Before) => era.from.as_ref().map(|b| bound_text(b, Side::Before)),
        None => {
            let parts: Vec<String> = [
                era.from.as_ref().map(|b| bound_text(b, Side::Before)),
                era.to.as_ref().map(|b| bound_text(b, Side::After)),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
    }
    .unwrap_or_default();
    let inside = date.and_then(|(lo, hi, _)| {
        (0..story.eras.len() as u32).map(EraId).find(|&e| {
            if e == era_id {
                return false;
            }
            let (from, to) = era_times(story, chronology, e);
            let bounded = story.era(e).from.is_some() || story.era(e).to.is_some();
            bounded && from.is_none_or(|f| f <= lo) && to.is_none_or(|t| hi <= t)
        })
    });
    let message = match (date, side) {
        (Some((_, _, span)), Some(_)) => format!(
            "`{setting}` means `{}` ({described}), yet this scene is dated {}{}",
            clip(&era.name),
            sources.slice(span),
            inside
                .map(|e| format!(", inside `{}`", clip(&story.era(e).name)))
                .unwrap_or_default()
        ),
        _ => format!(
            "`{setting}` means `{}` ({described}), yet the story-time tags of `{}` put it outside `{}`",
            clip(&era.name),
            clip(&scene.id),
            clip(&era.name)
        ),
    };
    let mut d = Diagnostic::error(codes::MARKER_ERA, message).primary(
        step.span,
        format!(
            "`{setting}` puts `{}` in `{}`",
            clip(&scene.id),
            clip(&era.name)
        ),
    );
    let mut labelled: HashSet<Span> = HashSet::from([step.span]);
    if let (Some((_, _, span)), Some(side)) = (date, side) {
        d = d.secondary(span, "the scene is dated here");
        labelled.insert(span);
        let bound = match side {
            Side::After => era.to.as_ref(),
            Side::Before => era.from.as_ref(),
        };
        if let Some(b) = bound {
            let span = match *b {
                EraBound::Time { span, .. } | EraBound::Scene { span, .. } => span,
            };
            let verb = if side == Side::After {
                "ends"
            } else {
                "begins"
            };
            if labelled.insert(span) {
                d = d.secondary(span, format!("`{}` {verb} here", clip(&era.name)));
            }
        }
    }
    for st in &c.steps {
        // "A scene cannot end before it starts" points at the header; the
        // notes carry it, a label there would only add noise.
        if st.span != story.scene(st.scene).span && labelled.insert(st.span) {
            d = d.secondary(st.span, st.explanation.clone());
        }
    }
    for st in &c.steps {
        d = d.with_note(st.explanation.clone());
    }
    let better = inside.and_then(|e| {
        m.values
            .values()
            .find(|val| val.era == Some(e))
            .map(|val| (val, e))
    });
    d = d.help(match better {
        Some((val, e)) => format!(
            "if the date is right, write `{}: {}` (the value for `{}`); if the look is right, correct the date",
            clip(&m.name),
            clip(&val.name),
            clip(&story.era(e).name)
        ),
        None => "change the marker's value or the scene's story-time; a value declared without an era does not date the scene".to_string(),
    });
    let mut scenes: Vec<SceneId> = c.steps.iter().map(|s| s.scene).collect();
    scenes.dedup();
    Some((Finding::new(d, scenes), (scene_id, marker)))
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
        for ms in &scene.markers {
            if ms.note.is_some() {
                continue;
            }
            let Some(theirs) = other.markers.iter().find(|o| o.marker == ms.marker) else {
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
