//! `E0803`: weekdays the scenes claim (`story: 2014-05-17, Saturday`),
//! checked against the chronology in the story's calendar.
//!
//! A weekday is not a distance between two times, so it cannot be an edge
//! of the temporal network. It is checked on the solved bounds instead: a
//! scene whose start is certain to the day must fall on the weekday it
//! names, and a scene whose start is uncertain must have at least one day
//! of that weekday among the days it may start on. A claim that leaves
//! some days possible does not narrow the others (the solver cannot
//! express "one day in seven"); it is then a check, not a constraint.

use crate::diagnostics::{codes, Diagnostic};
use crate::engine::Chronology;
use crate::model::{SceneId, Story, WeekdayClaim};
use crate::text::clip;
use crate::time::Precision;

/// More days than this between the earliest and the latest start, and the
/// claim is not checked day by day: any week holds every weekday.
const MAX_DAYS: i64 = 1000;

/// One error per claim no possible start day satisfies, with its scene.
pub fn diagnostics<'a>(
    story: &'a Story,
    chronology: &'a Chronology,
) -> impl Iterator<Item = (SceneId, Diagnostic)> + 'a {
    story
        .weekday_claims
        .iter()
        .filter_map(move |claim| Some((claim.scene, check(story, chronology, claim)?)))
}

fn check(story: &Story, chronology: &Chronology, claim: &WeekdayClaim) -> Option<Diagnostic> {
    let p = chronology.placements.get(claim.scene.index())?;
    if !p.anchored {
        return None;
    }
    let (lo, hi) = (p.start.earliest?, p.start.latest?);
    let calendar = &story.calendar;
    let day = calendar.day_seconds();
    let (first, last) = (lo.div_euclid(day), hi.div_euclid(day));
    if last - first > MAX_DAYS {
        return None;
    }
    if (first..=last).any(|d| calendar.weekday_index(calendar.day_start(d)) == Some(claim.weekday))
    {
        return None;
    }
    let wanted = &calendar.weekday_names()[claim.weekday];
    let scene = story.scene(claim.scene);
    let id = clip(&scene.id);
    let text = |d: i64| calendar.text(calendar.day_start(d), Precision::Day);
    let (message, label) = if first == last {
        let actual = match calendar.weekday(lo) {
            Some(w) => format!("a {w}"),
            None => "a day outside the week".to_string(),
        };
        (
            format!("`{id}` starts on {}, {actual}, not a {wanted}", text(first)),
            format!("{} is {actual}", text(first)),
        )
    } else {
        (
            format!(
                "no day `{id}` may start on ({} .. {}) is a {wanted}",
                text(first),
                text(last)
            ),
            format!("none of those days is a {wanted}"),
        )
    };
    Some(
        Diagnostic::error(codes::WEEKDAY_MISMATCH, message)
            .primary(claim.span, label)
            .secondary(scene.id_span, "this scene")
            .help("correct the date or the weekday; the weekday is counted in the story's calendar (`docs/calendars.md`)"),
    )
}
