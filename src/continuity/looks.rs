//! Looks held within a story day (`W0513`): wardrobe, hair and make-up keep
//! a character's look for a whole story day, so two scenes of one day that
//! give a character different values of a per-character marker (`look:
//! Semih=suit` … `look: Semih=pyjamas`) are a warning naming both scenes
//! and both looks, unless the later one (in the chronology) says `change:
//! look`. Remembered, dreamt and imagined scenes (`mode:`) neither set nor
//! break a day's look. Story days are the set's ([`crate::engine::days`]):
//! a flashback's day is its own. One pass over the chronology with a map
//! keyed by day, character and marker.

use std::collections::HashMap;

use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::Chronology;
use crate::model::{CharacterId, MarkerId, SceneId, Story};
use crate::text::clip;

/// The look warnings of a story.
pub fn check(story: &Story, chronology: &Chronology) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut worn: HashMap<(&str, CharacterId, MarkerId), (SceneId, u32)> = HashMap::new();
    for &s in &chronology.order {
        let scene = story.scene(s);
        if scene.looks.is_empty() || scene.mode.is_some() {
            continue;
        }
        let Some(day) = chronology.placements[s.index()].day_label.as_deref() else {
            continue;
        };
        for look in &scene.looks {
            let key = (day, look.character, look.marker);
            let before = worn.insert(key, (s, look.value));
            let Some((earlier, value)) = before else {
                continue;
            };
            if value == look.value || scene.changes.contains(&look.marker) {
                continue;
            }
            out.push(warning(story, day, look, earlier, value, s));
        }
    }
    out
}

fn warning(
    story: &Story,
    day: &str,
    look: &crate::model::Look,
    earlier: SceneId,
    earlier_value: u32,
    later: SceneId,
) -> Finding {
    let marker = story.marker(look.marker);
    let value = |v: u32| {
        marker
            .values
            .get_index(v as usize)
            .map_or("?", |(k, _)| k.as_str())
    };
    let who = clip(&story.character(look.character).name);
    let (then, now) = (clip(value(earlier_value)), clip(value(look.value)));
    let earlier_span = story
        .scene(earlier)
        .looks
        .iter()
        .find(|l| l.character == look.character && l.marker == look.marker)
        .map_or(story.scene(earlier).span, |l| l.span);
    let d = Diagnostic::warning(
        codes::LOOK_WITHIN_DAY,
        format!(
            "{who}'s {} changes from `{then}` in scene `{}` to `{now}` in scene `{}`, on the same story day {day}",
            clip(&marker.name),
            clip(story.scene_name(earlier)),
            clip(story.scene_name(later)),
        ),
    )
    .primary(look.span, format!("`{now}` here"))
    .secondary(earlier_span, format!("`{then}` earlier that day"))
    .help(format!(
        "if the change is meant, add `change: {}` to scene `{}`; otherwise give both scenes the same {}",
        clip(&marker.name),
        clip(story.scene_name(later)),
        clip(&marker.name)
    ));
    Finding::new(d, vec![earlier, later])
}
