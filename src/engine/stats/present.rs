//! Moves against a named present strand (`present: ERA`).
//!
//! Genette's first narrative is the temporal level from which anachronies
//! depart. Without `present:` the telling decides it (the first placed scene
//! opens it, [`super::classify`]); with `present:`, the first narrative is
//! that strand, wherever the telling starts. Its scenes open, continue and
//! return to it, and skip ahead of it, by the usual rules applied to the
//! present strand alone; every scene outside it is an analepsis when it
//! comes before the present strand's current point in the chronology (its
//! furthest told point, or before any is told, its first point) and a
//! prolepsis when it comes after. So a film that opens on a flashback opens
//! with an analepsis, and one that opens in 1901 but names 1958 its present
//! counts the 1958 scenes as the first narrative, not as flash-forwards.

use super::{MoveKind, RawMove};
use crate::model::{SceneId, Story};

/// Classify every placed scene against the present strand; `in_present`
/// is indexed by telling order.
pub(super) fn classify(
    story: &Story,
    told: &[(SceneId, usize)],
    in_present: &[bool],
) -> Vec<RawMove> {
    // Positions of the chronology that are not in the present strand count
    // as told already, so "untold" speaks of present scenes only.
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
    let mut untold = 0usize;
    while untold < seen.len() && seen[untold] {
        untold += 1;
    }
    let mut previous_anachronic = false;
    let mut moves = Vec::with_capacity(told.len());
    for &(scene, c) in told {
        let repeats = story.scene(scene).repeats.is_some();
        let back = if repeats {
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
