//! Explaining contradictions in the writer's terms.
//!
//! A contradiction is a cycle of difference constraints. When it runs
//! through two absolute bounds, the explanation starts at the latest-time
//! bound and carries the time along each constraint ("so `quiet-dinner`
//! ends no later than …"), then does the same from the earliest-time bound,
//! until both reach the point where they clash. A purely relative cycle is
//! told as offsets from one of its points.
//!
//! [`contradiction`] keeps that reasoning as data (each step's constraint
//! and the time it carries); the words are written only when a diagnostic is
//! built ([`step_text`], [`summary`], [`diagnostics`]), so later stages can
//! read a contradiction's constraints by index.

use std::collections::BTreeSet;

use crate::diagnostics::{codes, Diagnostic};
use crate::engine::network::{Edge, Network, Source, Which};
use crate::engine::solve::Cycle;
use crate::engine::{Chronology, Claim, Contradiction, Point, Step};
use crate::model::{SceneId, Story};
use crate::source::Sources;
use crate::span::Span;
use crate::text::clip;
use crate::time::{human_duration_in, Calendar, Seconds, MAX_SPAN, MINUTE};

/// A latest time as a writer reads it: the last second of a minute or day
/// is shown as that minute or day ("by 2020-09-05 08:10").
fn by(calendar: &Calendar, t: Seconds) -> String {
    let day = calendar.day_seconds();
    if (t + 1).rem_euclid(day) == 0 {
        format!("by the end of {}", calendar.human(t + 1 - day))
    } else if (t + 1).rem_euclid(MINUTE) == 0 {
        format!("by {}", calendar.human(t + 1 - MINUTE))
    } else {
        format!("no later than {}", calendar.human(t))
    }
}

/// "`quiet-dinner` ends".
fn point_name(story: &Story, point: Point) -> String {
    let verb = match point.which {
        Which::Start => "starts",
        Which::End => "ends",
    };
    format!("`{}` {verb}", story.scene_name(point.scene))
}

/// Where a constraint was written: a `story:` item or marker line, or the
/// scene header for the implicit "a scene ends after it starts".
pub fn source_span(story: &Story, source: Source) -> Span {
    match source {
        Source::Constraint { scene, index } => story.scene(scene).constraints[index as usize].span,
        Source::Implicit { scene } => story.scene(scene).span,
    }
}

/// The constraint behind a step, quoted as the writer wrote it.
fn why(sources: &Sources, story: &Story, source: Source) -> String {
    match source {
        Source::Implicit { .. } => "a scene cannot end before it starts".to_string(),
        Source::Constraint { scene, index } => {
            let text = sources.slice(source_span(story, source));
            let short = clip(text);
            // A duration's span is the range alone; say what it is.
            match story.scene(scene).constraints[index as usize].kind {
                crate::model::ConstraintKind::Lasts { .. } => format!("`for {short}`"),
                _ => format!("`{short}`"),
            }
        }
    }
}

/// A step in the writer's terms: what it implies, then the constraint
/// quoted ("so `gone` ends by 2020-09-05 08:10 (`for 20m`)").
pub fn step_text(sources: &Sources, story: &Story, step: &Step) -> String {
    let why = why(sources, story, step.source);
    match step.claim {
        Claim::Latest { point, at } => format!(
            "{} {} ({why})",
            point_name(story, point),
            by(&story.calendar, at)
        ),
        Claim::Carried { point, at } => format!(
            "so {} {} ({why})",
            point_name(story, point),
            by(&story.calendar, at)
        ),
        Claim::Earliest { point, at } => format!(
            "but {} no earlier than {} ({why})",
            point_name(story, point),
            story.calendar.human(at)
        ),
        Claim::Relative {
            origin,
            point,
            offset,
        } => {
            let prefix = match origin {
                Some(origin) => format!("if {} at time T, ", point_name(story, origin)),
                None => "so ".to_string(),
            };
            format!(
                "{prefix}{} no later than {} ({why})",
                point_name(story, point),
                relative(&story.calendar, offset)
            )
        }
    }
}

/// The contradiction's one-line summary, naming its scenes.
pub fn summary(story: &Story, c: &Contradiction) -> String {
    let scenes: BTreeSet<&str> = c.steps.iter().map(|s| story.scene_name(s.scene)).collect();
    let names: Vec<String> = scenes.iter().map(|s| format!("`{s}`")).collect();
    match c.clash {
        Some(p) => format!(
            "the story-time tags of {} contradict each other: {} too late for one constraint and too early for another",
            list(&names),
            point_name(story, p)
        ),
        None => relative_summary(story, c, &names),
    }
}

/// The summary of a cycle with no absolute time. It is "circular" only
/// when every tag orders scenes (a genuine cycle of precedences); a scene
/// `during` another that cannot fit in it says exactly that; other cycles
/// mix lengths and gaps that cannot all hold.
fn relative_summary(story: &Story, c: &Contradiction, names: &[String]) -> String {
    use crate::model::ConstraintKind as K;
    let kinds: Vec<Option<K>> = c
        .steps
        .iter()
        .map(|st| match st.source {
            Source::Constraint { scene, index } => {
                Some(story.scene(scene).constraints[index as usize].kind)
            }
            Source::Implicit { .. } => None,
        })
        .collect();
    let lasts = kinds.iter().any(|k| matches!(k, Some(K::Lasts { .. })));
    let during = c.steps.iter().zip(&kinds).find_map(|(st, k)| match k {
        Some(K::During { other }) => Some((st.scene, *other)),
        _ => None,
    });
    if let (true, Some((inner, outer))) = (lasts, during) {
        return format!(
            "`{}` cannot take place during `{}`: it lasts longer than `{}` can",
            story.scene_name(inner),
            story.scene_name(outer),
            story.scene_name(outer)
        );
    }
    let orders_only = kinds.iter().all(|k| {
        matches!(
            k,
            None | Some(K::After { .. } | K::Before { .. } | K::Offset { .. } | K::SameAs { .. })
        )
    });
    if orders_only {
        format!(
            "the story-time of {} is circular: the constraints below put a scene before itself",
            list(names)
        )
    } else {
        format!(
            "the story-time tags of {} contradict each other: the lengths and gaps below cannot all hold",
            list(names)
        )
    }
}

/// The contradiction for a cycle, as data: each constraint of the cycle
/// with the time it carries, in the order the reasoning follows.
pub fn contradiction(net: &Network, cycle: &Cycle) -> Contradiction {
    let point = |p: u32| {
        let (scene, which) = net.scene_of(p);
        Point { scene, which }
    };
    let step = |source: Source, claim: Claim| Step {
        scene: source.scene(),
        source,
        claim,
    };
    let mut steps = Vec::with_capacity(cycle.edges.len() + 2);
    match (cycle.upper, cycle.lower) {
        (Some(upper), Some(lower)) => {
            // From the latest-time bound, carry the time along each edge to
            // the earliest-time bound it clashes with.
            let ub = net.bounds[upper as usize];
            let mut at: Seconds = ub.at;
            let first = Claim::Latest {
                point: point(ub.point),
                at,
            };
            steps.push(step(ub.source, first));
            for &e in &cycle.edges {
                let edge: Edge = net.edges[e as usize];
                at = at.saturating_add(edge.weight);
                let carried = Claim::Carried {
                    point: point(edge.to),
                    at,
                };
                steps.push(step(edge.source, carried));
            }
            let lb = net.bounds[lower as usize];
            let last = Claim::Earliest {
                point: point(lb.point),
                at: lb.at,
            };
            steps.push(step(lb.source, last));
        }
        _ => {
            // A relative cycle: offsets from its first point.
            let first = cycle
                .edges
                .first()
                .map(|&e| net.edges[e as usize].from)
                .unwrap_or(0);
            let mut offset: Seconds = 0;
            for (i, &e) in cycle.edges.iter().enumerate() {
                let edge = net.edges[e as usize];
                offset = offset.saturating_add(edge.weight);
                let claim = Claim::Relative {
                    origin: (i == 0).then(|| point(first)),
                    point: point(edge.to),
                    offset,
                };
                steps.push(step(edge.source, claim));
            }
        }
    }
    Contradiction {
        steps,
        clash: cycle.point.map(point),
        culprit: 0,
        culprit_certain: false,
    }
}

fn relative(calendar: &Calendar, offset: Seconds) -> String {
    match offset {
        0 => "T".to_string(),
        o if o > 0 => format!("T + {}", human_duration_in(calendar, o)),
        o => format!("T − {}", human_duration_in(calendar, -o)),
    }
}

fn list(names: &[String]) -> String {
    match names {
        [] => "the story".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        _ if names.len() <= 4 => format!(
            "{} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
        _ => format!(
            "{} and {} more scenes",
            names[..3].join(", "),
            names.len() - 3
        ),
    }
}

/// Diagnostics for the engine's findings: contradictions (errors), the cap
/// (warning), scenes beyond the calendar and unplaced scenes (warnings), in
/// that order. Each comes from one of the functions below, which callers
/// that need to know which finding is which (continuity) use directly.
pub fn diagnostics(story: &Story, sources: &Sources, chronology: &Chronology) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = chronology
        .contradictions
        .iter()
        .map(|c| contradiction_diagnostic(sources, story, c))
        .collect();
    out.extend(cap_diagnostic(story, chronology).map(|(_, d)| d));
    out.extend(beyond_calendar(story, chronology).map(|(_, d)| d));
    out.extend(super::weekdays::diagnostics(story, chronology).map(|(_, d)| d));
    out.extend(
        chronology
            .unplaced
            .iter()
            .map(|&s| unplaced_diagnostic(story, s)),
    );
    out
}

/// `E0301`: a contradiction, labelled at each constraint of its cycle (each
/// place once) with one note per step. The primary label is on the step
/// to blame ([`Contradiction::culprit`]), the tag most likely mistyped.
pub fn contradiction_diagnostic(sources: &Sources, story: &Story, c: &Contradiction) -> Diagnostic {
    let mut d = Diagnostic::error(codes::CONTRADICTION, summary(story, c));
    let texts: Vec<String> = c
        .steps
        .iter()
        .map(|s| step_text(sources, story, s))
        .collect();
    let mut seen = BTreeSet::new();
    if let (Some(s), Some(text)) = (c.culprit(), texts.get(c.culprit)) {
        let span = source_span(story, s.source);
        seen.insert(span);
        d = d.primary(span, text.clone());
    }
    for (s, text) in c.steps.iter().zip(&texts) {
        let span = source_span(story, s.source);
        if seen.insert(span) {
            d = d.secondary(span, text.clone());
        }
    }
    for (s, text) in c.steps.iter().zip(texts) {
        d = d.with_note(match series_place(sources, story, s) {
            Some(place) => format!("{text} [{place}]"),
            None => text,
        });
    }
    d.help("these constraints cannot all hold; change or remove one of them (the rest of the story is still ordered without them)")
}

/// In a series, where a step's constraint was written: its work's title,
/// file and line (a saga's contradiction runs through several films).
fn series_place(sources: &Sources, story: &Story, step: &Step) -> Option<String> {
    let work = story.work(story.work_of(step.scene)?);
    let span = source_span(story, step.source);
    let file = sources.get(span.file);
    Some(format!(
        "{}, {}:{}",
        clip(&work.title),
        file.path().display(),
        file.line_col(span.start).line
    ))
}

/// `W0303`: more contradictions than reported, at the first one's first
/// constraint; with the scene it is about.
pub fn cap_diagnostic(story: &Story, chronology: &Chronology) -> Option<(SceneId, Diagnostic)> {
    if !chronology.truncated {
        return None;
    }
    let first = chronology.contradictions.first()?.steps.first()?;
    let d = Diagnostic::warning(
        codes::TOO_MANY_CONTRADICTIONS,
        format!(
            "more than {} contradictions; only the first are reported",
            super::MAX_CONTRADICTIONS
        ),
    )
    .primary(source_span(story, first.source), "the first contradiction")
    .help("fix these and run again");
    Some((first.scene, d))
}

/// `W0304`: scenes the tags put wholly beyond the range of story-time
/// ([`MAX_SPAN`] seconds either way), each with its scene. No date can be
/// written there, and sums of such times come near the ends of `i64`.
pub fn beyond_calendar<'a>(
    story: &'a Story,
    chronology: &'a Chronology,
) -> impl Iterator<Item = (SceneId, Diagnostic)> + 'a {
    chronology
        .placements
        .iter()
        .enumerate()
        .filter_map(move |(i, p)| {
            let after = p.start.earliest.is_some_and(|t| t > MAX_SPAN);
            let before = p.end.latest.is_some_and(|t| t < -MAX_SPAN);
            if !(after || before) {
                return None;
            }
            let id = SceneId(i as u32);
            let scene = story.scene(id);
            let side = if after {
                "after the end of story-time"
            } else {
                "before the start of story-time"
            };
            let d = Diagnostic::warning(
                codes::BEYOND_CALENDAR,
                format!("the story-time tags put scene `{}` {side}", clip(&scene.id)),
            )
            .primary(scene.id_span, format!("falls {side}"))
            .help("check the gaps and offsets that lead here (`by`, `+`, `for`): story-time reaches about nine billion years either way");
            Some((id, d))
        })
}

/// `W0302`: a scene no constraint touches.
pub fn unplaced_diagnostic(story: &Story, s: SceneId) -> Diagnostic {
    let scene = story.scene(s);
    Diagnostic::warning(codes::UNPLACED, format!("scene `{}` has no story-time, so its place in the chronology is unknown", clip(&scene.id)))
        .primary(scene.id_span, "no `story:` tag, no marker with an era, and no other scene refers to it")
        .help("give it a `story:` line: a date (`story: 2014-05-17`), an era, or a relation such as `story: after ferry`")
}
