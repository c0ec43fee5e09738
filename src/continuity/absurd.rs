//! Tags that parse and do not contradict each other, yet cannot be meant:
//! scenes that repeat each other in a cycle (`E0305`), a screen timecode
//! past the work's runtime (`W0306`, `[telling] runtime`, default 10 hours),
//! and a scene dated to the day with no `for` that its era (or a later
//! date) lets run on for more than a year (`W0307`).
//!
//! Each is one pass over the scenes (the `repeats:` walk visits each scene
//! once in all), so linear in the story.

use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::Chronology;
use crate::model::{ConstraintKind, SceneId, Story};
use crate::text::{clip, plural};
use crate::time::{human, timecode, Millis, Seconds, DAY};

/// How long the rest of an era must run past a scene's start before a
/// scene with no bound on its length is worth a warning: a year.
pub const LONG_ERA: Seconds = 366 * DAY;

/// `E0305`: scenes whose `repeats:` lead back to themselves, so none of
/// them is the scene first shown. One finding per cycle, on the `repeats:`
/// line of its first scene in telling order.
pub fn repeats_cycles(story: &Story) -> Vec<Finding> {
    let n = story.scenes.len();
    // 0 unvisited, 1 on the current walk, 2 done.
    let mut state = vec![0u8; n];
    let mut out = Vec::new();
    // One walk buffer for all: most walks are one scene long.
    let mut walk = Vec::new();
    for first in 0..n {
        let mut at = first;
        // Whether the walk came back to a scene it is still on.
        let mut closed = false;
        while state[at] == 0 {
            state[at] = 1;
            walk.push(at);
            match story.scene(SceneId(at as u32)).repeats {
                Some(next) => {
                    at = next.index();
                    closed = state[at] == 1;
                }
                None => break,
            }
        }
        if closed {
            if let Some(k) = walk.iter().position(|&s| s == at) {
                out.push(cycle_finding(story, &walk[k..]));
            }
        }
        for s in walk.drain(..) {
            state[s] = 2;
        }
    }
    out
}

fn cycle_finding(story: &Story, cycle: &[usize]) -> Finding {
    let first = cycle.iter().copied().min().unwrap_or(0);
    let scene = story.scene(SceneId(first as u32));
    let names: Vec<String> = cycle
        .iter()
        .map(|&s| format!("`{}`", clip(&story.scene(SceneId(s as u32)).id)))
        .collect();
    let span = repeats_span(story, SceneId(first as u32)).unwrap_or(scene.id_span);
    let mut d = Diagnostic::error(
        codes::REPEATS_CYCLE,
        format!(
            "{} repeat each other, so none of them is the scene first shown",
            names.join(" and ")
        ),
    )
    .primary(span, "this `repeats:` leads back to this scene");
    for &s in cycle.iter().filter(|&&s| s != first) {
        if let Some(other) = repeats_span(story, SceneId(s as u32)) {
            d = d.secondary(other, "and this one");
        }
    }
    let d = d.help("remove `repeats:` from the scene that is shown first; the others repeat it");
    Finding::new(d, cycle.iter().map(|&s| SceneId(s as u32)).collect())
}

/// The span of a scene's `repeats:` constraint.
fn repeats_span(story: &Story, s: SceneId) -> Option<crate::span::Span> {
    story
        .scene(s)
        .constraints
        .iter()
        .find(|c| matches!(c.kind, ConstraintKind::SameAs { .. }))
        .map(|c| c.span)
}

/// `W0306`: a scene whose screen time ends (or starts, without an end)
/// past the runtime. The scene after it is not then reported as
/// overlapping it (see `telling`).
///
/// Scenes past the runtime one after another (scenes with no screen time
/// between them do not count) are one warning, on the first: a single
/// scene past it is a typo in its timecode, but a run of them is a work
/// longer than the runtime, one cause that a warning per scene would bury
/// (a long script read with the page-a-minute rule can run for days).
pub fn past_runtime(story: &Story, runtime: Millis) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut run: Vec<PastRuntime> = Vec::new();
    for (i, scene) in story.scenes.values().enumerate() {
        let Some(&screen) = scene.screen.as_deref() else {
            continue;
        };
        let last = screen.end.unwrap_or(screen.start).max(screen.start);
        if last > runtime {
            run.push(PastRuntime {
                scene: SceneId(i as u32),
                span: screen.span,
                last,
            });
        } else if !run.is_empty() {
            out.push(past_runtime_finding(story, runtime, &run));
            run.clear();
        }
    }
    if !run.is_empty() {
        out.push(past_runtime_finding(story, runtime, &run));
    }
    out
}

/// A scene on screen past the runtime: its `screen:` line and the last
/// moment of the telling it reaches.
struct PastRuntime {
    scene: SceneId,
    span: crate::span::Span,
    last: Millis,
}

/// The one warning for scenes past the runtime one after another.
fn past_runtime_finding(story: &Story, runtime: Millis, run: &[PastRuntime]) -> Finding {
    let id = |p: &PastRuntime| clip(&story.scenes[p.scene.index()].id);
    let first = &run[0];
    let d = match run.last().filter(|_| run.len() > 1) {
        None => Diagnostic::warning(
            codes::SCREEN_PAST_RUNTIME,
            format!(
                "`{}` is on screen until {}, past the runtime of {}",
                id(first),
                timecode(first.last),
                timecode(runtime)
            ),
        )
        .primary(first.span, format!("until {}", timecode(first.last)))
        .help("correct the timecode (`HH:MM:SS`); for a longer work set `[telling] runtime = \"12h\"` in chronotope.toml"),
        Some(end) => Diagnostic::warning(
            codes::SCREEN_PAST_RUNTIME,
            format!(
                "`{}` and {} after it are on screen past the runtime of {}",
                id(first),
                plural(run.len() - 1, "scene", "scenes"),
                timecode(runtime)
            ),
        )
        .primary(first.span, format!("until {}", timecode(first.last)))
        .secondary(
            end.span,
            format!("`{}`, the last, until {}", id(end), timecode(end.last)),
        )
        .help(format!(
            "the work runs longer than its runtime: set `[telling] runtime = \"{}\"` in chronotope.toml, or correct these timecodes",
            runtime_setting(run.iter().map(|p| p.last).max().unwrap_or(end.last))
        )),
    };
    Finding::new(d, run.iter().map(|p| p.scene).collect())
}

/// A `[telling] runtime` value that covers `last`: whole hours, rounded up.
fn runtime_setting(last: Millis) -> String {
    const HOUR: Millis = 3_600_000;
    // `last` is past a runtime of zero or more, so this is one hour or more.
    format!("{}h", last.saturating_add(HOUR - 1) / HOUR)
}

/// `W0307`: a scene dated to the day (or finer) with no `for` whose latest
/// end is more than a year after its start (its era's end, or a later scene's date): it may
/// last until then, which a scene is rarely meant to. Scenes in a
/// contradiction, floating scenes, repeats, scenes whose end nothing
/// bounds at all and scenes whose length another tag bounds within the
/// year are left alone.
pub fn unbounded_lengths(story: &Story, chronology: &Chronology) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, scene) in story.scenes.values().enumerate() {
        let p = &chronology.placements[i];
        if !p.anchored || p.in_contradiction || scene.repeats.is_some() {
            continue;
        }
        let has_length = scene
            .constraints
            .iter()
            .any(|c| matches!(c.kind, ConstraintKind::Lasts { .. }));
        let Some(start) = p.start.latest.or(p.start.earliest) else {
            continue;
        };
        if has_length {
            continue;
        }
        // A scene nothing bounds at all is common in an outline and says
        // nothing absurd; one that an era's or a later date's bound lets
        // run on for more than a year does.
        let Some(until) = p.end.latest else { continue };
        if until.saturating_sub(start) <= LONG_ERA {
            continue;
        }
        let until_text = format!("may last until {}", human(until));
        // Only a scene dated to the day or finer: a year or a month is the
        // writer being vague on purpose.
        let Some(span) = scene
            .constraints
            .iter()
            .find(|c| matches!(c.kind, ConstraintKind::StartsWithin { lo, hi } if hi - lo < DAY))
            .map(|c| c.span)
        else {
            continue;
        };
        let d = Diagnostic::warning(
            codes::UNBOUNDED_LENGTH,
            format!("no `for`: scene `{}` {until_text}", clip(&scene.id)),
        )
        .primary(span, "nothing bounds when this scene ends")
        .help("give its length with `for`, as in `story: 2014-05-17 18:00 for 2h` (`for 1h..3h` when unsure)");
        out.push(Finding::new(d, vec![SceneId(i as u32)]));
    }
    out
}
