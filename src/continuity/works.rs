//! Continuity across the works of a series: a finding about a character's
//! life names the works it spans ("dead in one film, on screen in a
//! later-set one").

use crate::continuity::Finding;
use crate::engine::Chronology;
use crate::model::{CharacterId, SceneId, Story};
use crate::text::clip;

/// For each character (by index), the chronologically last scene showing
/// them that may start by their death: where they are last seen alive.
/// Empty for a story without works or deaths. One pass over the casts.
pub fn last_alive(story: &Story, chronology: &Chronology) -> Vec<Option<SceneId>> {
    if !story.has_works() || story.characters.values().all(|c| c.died.is_none()) {
        return Vec::new();
    }
    let mut last = vec![None; story.characters.len()];
    for &id in &chronology.order {
        let Some(p) = chronology.placements.get(id.index()) else {
            continue;
        };
        for m in &story.scene(id).cast {
            let died = story.character(m.character).died;
            let alive = died.is_some_and(|d| p.start.earliest.is_none_or(|e| e <= d.hi));
            if alive {
                last[m.character.0 as usize] = Some(id);
            }
        }
    }
    last
}

/// `finding` (about scene `scene` showing `character` after their death)
/// with a note naming the work the character is last seen alive in and the
/// scene's own work, when they differ.
pub fn after_death(
    story: &Story,
    last_alive: &[Option<SceneId>],
    mut finding: Finding,
    character: CharacterId,
    scene: SceneId,
) -> Finding {
    let Some(alive) = last_alive.get(character.0 as usize).copied().flatten() else {
        return finding;
    };
    let (Some(then), Some(now)) = (story.work_of(alive), story.work_of(scene)) else {
        return finding;
    };
    if then == now {
        return finding;
    }
    let (then, now) = (story.work(then), story.work(now));
    finding.diagnostic = finding.diagnostic.with_note(format!(
        "`{}` is last seen alive in {} (`{}`), and this scene is in {}",
        clip(&story.character(character).name),
        clip(&then.title),
        clip(story.scene_name(alive)),
        clip(&now.title)
    ));
    finding.diagnostic = finding.diagnostic.secondary(
        story.scene(alive).id_span,
        format!("last seen alive here, in {}", clip(&then.title)),
    );
    finding
}
