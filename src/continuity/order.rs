//! Ambiguous order (`N0410`, off by default): two scenes consecutive in the
//! chronology whose tags do not settle which comes first.
//!
//! A pair `a, b` (in chronological order) is settled when a tag on either
//! relates them so that `a` cannot start after `b` (`b after a`, `a before
//! b`, `b: a + R` with `R ≥ 0`, `b during a`, `repeats`), or when both are
//! in one frame and `a`'s latest start is no later than `b`'s earliest.
//! Any chain through a third scene would put that scene between them, so
//! looking at the pair alone is exact for precedences.

use crate::continuity::{clip, times, Finding};
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::Chronology;
use crate::model::{ConstraintKind, SceneId, Story};

/// Consecutive scenes of the chronology whose order is not settled.
pub fn ambiguous(story: &Story, chronology: &Chronology) -> Vec<Finding> {
    let mut out = Vec::new();
    for w in chronology.order.windows(2) {
        let (a, b) = (w[0], w[1]);
        if settled(story, chronology, a, b) {
            continue;
        }
        let (sa, sb) = (story.scene(a), story.scene(b));
        out.push(Finding::new(
            Diagnostic::note(
                codes::AMBIGUOUS_ORDER,
                format!(
                    "`{}` comes before `{}` in the chronology, but their tags would also allow the other order",
                    clip(&sa.id),
                    clip(&sb.id)
                ),
            )
            .primary(sb.id_span, "may also come first")
            .secondary(sa.id_span, "placed first")
            .help(format!("to settle it, add `story: after {}` (or a date) to `{}`", clip(&sa.id), clip(&sb.id))),
            vec![a, b],
        ));
    }
    out
}

fn settled(story: &Story, chronology: &Chronology, a: SceneId, b: SceneId) -> bool {
    let later_refers = story.scene(b).constraints.iter().any(|k| match k.kind {
        ConstraintKind::After { other, .. }
        | ConstraintKind::During { other }
        | ConstraintKind::SameAs { other } => other == a,
        ConstraintKind::Offset { other, offset } => other == a && offset.lo.is_some_and(|l| l >= 0),
        _ => false,
    });
    let earlier_refers = story.scene(a).constraints.iter().any(|k| match k.kind {
        ConstraintKind::Before { other, .. } => other == b,
        ConstraintKind::Offset { other, offset } => other == b && offset.hi.is_some_and(|h| h <= 0),
        ConstraintKind::SameAs { other } => other == b,
        _ => false,
    });
    if later_refers || earlier_refers {
        return true;
    }
    match (
        times(&chronology.placements[a.index()]),
        times(&chronology.placements[b.index()]),
    ) {
        (Some(ta), Some(tb)) => ta.frame == tb.frame && ta.start_hi <= tb.start_lo,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::continuity::tests::codes_found;

    /// N0410 findings for two scenes `a` and `b` with these tags.
    fn ambiguous(a: &str, b: &str) -> usize {
        let text = format!("title: T\nscene a: A\n  story: {a}\nscene b: B\n  story: {b}\n");
        codes_found(&text).iter().filter(|c| *c == "N0410").count()
    }

    #[test]
    fn times_settle_the_order_when_one_cannot_start_after_the_other() {
        assert_eq!(ambiguous("2020-01-01 10:00:00", "2020-01-01 10:00:00"), 0);
        assert_eq!(ambiguous("2020-01-01 10:00", "2020-01-01 10:00:30"), 1);
        assert_eq!(ambiguous("2020-01", "2020-01"), 1);
    }

    #[test]
    fn tags_settle_the_order() {
        for (a, b) in [
            ("2020-01", "2020-01, after a"),
            ("2020-01, before b", "2020-01"),
            ("2020-01", "a + 0d..3d"),
            ("2020-01", "during a"),
            ("b - 0d..3d", "2020-01"),
        ] {
            assert_eq!(ambiguous(a, b), 0, "{a} / {b}");
        }
        // Ordered the other way by the tag: `b` first, still settled.
        assert_eq!(ambiguous("b + 1d", "2020-01"), 0);
    }
}
