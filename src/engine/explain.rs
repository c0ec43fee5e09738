//! Explaining contradictions in the writer's terms.
//!
//! A contradiction is a cycle of difference constraints. When it runs
//! through two absolute bounds, the explanation starts at the latest-time
//! bound and carries the time along each constraint ("so `quiet-dinner`
//! ends no later than …"), then does the same from the earliest-time bound,
//! until both reach the point where they clash. A purely relative cycle is
//! told as offsets from one of its points.

use std::collections::BTreeSet;

use crate::diagnostics::{codes, Diagnostic};
use crate::engine::network::{Edge, Network, Source, Which};
use crate::engine::solve::Cycle;
use crate::engine::{Chronology, Contradiction, Step};
use crate::model::{SceneId, Story};
use crate::source::Sources;
use crate::span::Span;
use crate::text::clip;
use crate::time::{human, human_duration, DateTimeSpec, Seconds, DAY, MINUTE};

/// A latest time as a writer reads it: the last second of a minute or day
/// is shown as that minute or day ("by 2020-09-05 08:10").
fn by(t: Seconds) -> String {
    if (t + 1).rem_euclid(DAY) == 0 {
        format!("by the end of {}", human(t + 1 - DAY))
    } else if (t + 1).rem_euclid(MINUTE) == 0 {
        format!("by {}", human(t + 1 - MINUTE))
    } else {
        format!("no later than {}", human(t))
    }
}

fn point_name(story: &Story, net: &Network, point: u32) -> String {
    let (scene, which) = net.scene_of(point);
    let verb = match which {
        Which::Start => "starts",
        Which::End => "ends",
    };
    format!("`{}` {verb}", story.scene_name(scene))
}

/// The scene and span a source points at.
fn locate(story: &Story, source: Source) -> (SceneId, Span) {
    match source {
        Source::Constraint { scene, index } => {
            (scene, story.scene(scene).constraints[index as usize].span)
        }
        Source::Implicit { scene } => (scene, story.scene(scene).span),
    }
}

fn why(sources: &Sources, story: &Story, source: Source) -> String {
    match source {
        Source::Implicit { .. } => "a scene cannot end before it starts".to_string(),
        Source::Constraint { scene, index } => {
            let (_, span) = locate(story, source);
            let text = sources.slice(span);
            let short = clip(text);
            // A duration's span is the range alone; say what it is.
            match story.scene(scene).constraints[index as usize].kind {
                crate::model::ConstraintKind::Lasts { .. } => format!("`for {short}`"),
                _ => format!("`{short}`"),
            }
        }
    }
}

/// Build the contradiction report for a cycle.
pub fn contradiction(
    sources: &Sources,
    story: &Story,
    net: &Network,
    cycle: &Cycle,
) -> Contradiction {
    let mut steps = Vec::new();
    let step = |source: Source, explanation: String| {
        let (scene, span) = locate(story, source);
        Step {
            scene,
            span,
            explanation,
        }
    };
    match (cycle.upper, cycle.lower) {
        (Some(upper), Some(lower)) => {
            let ub = net.bounds[upper as usize];
            let mut t: Seconds = ub.at;
            steps.push(step(
                ub.source,
                format!(
                    "{} {} ({})",
                    point_name(story, net, ub.point),
                    by(t),
                    why(sources, story, ub.source)
                ),
            ));
            for &e in &cycle.edges {
                let edge: Edge = net.edges[e as usize];
                t = t.saturating_add(edge.weight);
                steps.push(step(
                    edge.source,
                    format!(
                        "so {} {} ({})",
                        point_name(story, net, edge.to),
                        by(t),
                        why(sources, story, edge.source)
                    ),
                ));
            }
            let lb = net.bounds[lower as usize];
            steps.push(step(
                lb.source,
                format!(
                    "but {} no earlier than {} ({})",
                    point_name(story, net, lb.point),
                    human(lb.at),
                    why(sources, story, lb.source)
                ),
            ));
        }
        _ => {
            // A relative cycle: offsets from its first point.
            let first = cycle
                .edges
                .first()
                .map(|&e| net.edges[e as usize].from)
                .unwrap_or(0);
            let mut offset: Seconds = 0;
            let name = point_name(story, net, first);
            for (i, &e) in cycle.edges.iter().enumerate() {
                let edge = net.edges[e as usize];
                offset = offset.saturating_add(edge.weight);
                let prefix = if i == 0 {
                    format!("if {name} at time T, ")
                } else {
                    "so ".to_string()
                };
                steps.push(step(
                    edge.source,
                    format!(
                        "{prefix}{} no later than {} ({})",
                        point_name(story, net, edge.to),
                        relative(offset),
                        why(sources, story, edge.source)
                    ),
                ));
            }
        }
    }
    let mut scenes: BTreeSet<&str> = BTreeSet::new();
    for s in &steps {
        scenes.insert(story.scene_name(s.scene));
    }
    let names: Vec<String> = scenes.iter().map(|s| format!("`{s}`")).collect();
    let summary = match cycle.point {
        Some(p) => format!(
            "the story-time tags of {} contradict each other: {} too late for one constraint and too early for another",
            list(&names),
            point_name(story, net, p)
        ),
        None => format!("the story-time of {} is circular: the constraints below put a scene before itself", list(&names)),
    };
    Contradiction { steps, summary }
}

fn relative(offset: Seconds) -> String {
    match offset {
        0 => "T".to_string(),
        o if o > 0 => format!("T + {}", human_duration(o)),
        o => format!("T − {}", human_duration(-o)),
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
/// (warning) and unplaced scenes (warnings).
pub fn diagnostics(story: &Story, chronology: &Chronology) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in &chronology.contradictions {
        let mut d = Diagnostic::error(codes::CONTRADICTION, c.summary.clone());
        let mut seen = BTreeSet::new();
        for (i, s) in c.steps.iter().enumerate() {
            if !seen.insert(s.span) {
                continue;
            }
            d = if i == 0 {
                d.primary(s.span, s.explanation.clone())
            } else {
                d.secondary(s.span, s.explanation.clone())
            };
        }
        for s in &c.steps {
            d = d.with_note(s.explanation.clone());
        }
        d = d.help("these constraints cannot all hold; change or remove one of them (the rest of the story is still ordered without them)");
        out.push(d);
    }
    if chronology.truncated {
        if let Some(first) = chronology
            .contradictions
            .first()
            .and_then(|c| c.steps.first())
        {
            out.push(
                Diagnostic::warning(
                    codes::TOO_MANY_CONTRADICTIONS,
                    format!(
                        "more than {} contradictions; only the first are reported",
                        super::MAX_CONTRADICTIONS
                    ),
                )
                .primary(first.span, "the first contradiction")
                .help("fix these and run again"),
            );
        }
    }
    // Story-time is written with years 1 to 9999; a scene the tags put
    // wholly outside them could only be shown with dates the format cannot
    // read back.
    let year = |year| DateTimeSpec {
        year,
        month: None,
        day: None,
        hour_minute: None,
        second: None,
    };
    let (first, last) = (year(1).first_second(), year(9999).last_second());
    for (i, p) in chronology.placements.iter().enumerate() {
        let after = p.start.earliest.is_some_and(|t| t > last);
        let before = p.end.latest.is_some_and(|t| t < first);
        if !(after || before) {
            continue;
        }
        let scene = story.scene(SceneId(i as u32));
        let side = if after {
            "after the year 9999"
        } else {
            "before the year 1"
        };
        out.push(
            Diagnostic::warning(
                codes::BEYOND_CALENDAR,
                format!("the story-time tags put scene `{}` {side}", clip(&scene.id)),
            )
            .primary(scene.id_span, format!("falls {side}"))
            .help("check the gaps and offsets that lead here (`by`, `+`, `for`): story-time is written with years 1 to 9999"),
        );
    }
    for &s in &chronology.unplaced {
        let scene = story.scene(s);
        out.push(
            Diagnostic::warning(codes::UNPLACED, format!("scene `{}` has no story-time, so its place in the chronology is unknown", clip(&scene.id)))
                .primary(scene.id_span, "no `story:` tag, no marker with an era, and no other scene refers to it")
                .help("give it a `story:` line: a date (`story: 2014-05-17`), an era, or a relation such as `story: after ferry`"),
        );
    }
    out
}
