//! Hover text for the names that are not scenes: characters, eras, markers
//! and marker values; and for a scene, its timeline tooltip with its place
//! in the chronology ([`scene`]).
//!
//! Each says what the declaration says, in the writer's own words (dates
//! are quoted as written), and how much of the story uses it. Counting the
//! uses is a pass over the scenes per hover, which an editor asks for one
//! name at a time.

use super::index::Symbol;
use crate::engine::{ages, Chronology};
use crate::model::{fold_name, EraBound, EraId, SceneId, Story};
use crate::source::Sources;

/// Markdown for a hover on `symbol`, or `None` when the story does not
/// declare it (or it is a scene).
pub fn describe(
    story: &Story,
    chronology: Option<&Chronology>,
    sources: &Sources,
    symbol: &Symbol,
) -> Option<String> {
    match symbol {
        Symbol::Scene(_) => None,
        Symbol::Character(folded) => {
            let (index, character) = story
                .characters
                .values()
                .enumerate()
                .find(|(_, c)| fold_name(&c.name) == *folded)?;
            let mut out = format!("**{}** (character)", character.name);
            for (what, date) in [("born", &character.born), ("died", &character.died)] {
                if let Some(d) = date {
                    out.push_str(&format!("\n- {what} {}", sources.slice(d.span)));
                }
            }
            let scenes: Vec<&str> = story
                .scenes
                .values()
                .filter(|s| s.cast.iter().any(|m| m.character.0 as usize == index))
                .map(|s| s.id.as_str())
                .collect();
            out.push_str(&format!("\n- {}", counted(&scenes, "in the cast of")));
            if let Some(age) = chronology
                .and_then(|c| ages::spans(story, c).get(index).copied())
                .and_then(|a| a.text())
            {
                out.push_str(&format!("\n- aged {age} over their dated scenes"));
            }
            Some(out)
        }
        Symbol::Era(name) => {
            let index = story.eras.get_index_of(name.as_str())?;
            let era = &story.eras[index];
            let bound = |b: &Option<EraBound>| match b {
                Some(EraBound::Time { span, .. }) => sources.slice(*span).to_string(),
                Some(EraBound::Scene { scene, .. }) => {
                    format!("the start of `{}`", story.scene(*scene).id)
                }
                None => "open".to_string(),
            };
            let mut out = format!(
                "**{}** (era)\n- from {} to {}",
                era.name,
                bound(&era.from),
                bound(&era.to)
            );
            if let Some(c) = chronology {
                let id = EraId(index as u32);
                let scenes: Vec<&str> = c
                    .placements
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.era == Some(id))
                    .map(|(i, _)| story.scenes[i].id.as_str())
                    .collect();
                out.push_str(&format!("\n- {}", counted(&scenes, "holds")));
            }
            Some(out)
        }
        Symbol::Marker(name) => {
            let marker = story.markers.get(name.as_str())?;
            let mut out = format!("**{}** (marker)", marker.name);
            for value in marker.values.values() {
                let era = value
                    .era
                    .map(|e| format!(": `{}`", story.era(e).name))
                    .unwrap_or_default();
                out.push_str(&format!("\n- `{}`{era}", value.name));
            }
            Some(out)
        }
        Symbol::Value(marker_name, value_name) => {
            let marker_index = story.markers.get_index_of(marker_name.as_str())?;
            let marker = &story.markers[marker_index];
            let value_index = marker.values.get_index_of(value_name.as_str())?;
            let value = &marker.values[value_index];
            let mut out = format!("**{}: {}** (marker value)", marker.name, value.name);
            match value.era {
                Some(e) => out.push_str(&format!("\n- implies the era `{}`", story.era(e).name)),
                None => out.push_str("\n- implies no era"),
            }
            let scenes: Vec<&str> = story
                .scenes
                .values()
                .filter(|s| {
                    s.markers.iter().any(|m| {
                        m.marker.0 as usize == marker_index && m.value as usize == value_index
                    })
                })
                .map(|s| s.id.as_str())
                .collect();
            out.push_str(&format!("\n- {}", counted(&scenes, "set in")));
            Some(out)
        }
    }
}

/// Markdown for a hover on the scene `name`: the timeline's tooltip (title,
/// solved story-time, screen time, era) and its place in the chronology;
/// `None` when the story has no such scene.
pub fn scene(story: &Story, chronology: Option<&Chronology>, name: &str) -> Option<String> {
    let index = story.scenes.get_index_of(name)?;
    let Some(c) = chronology else {
        return Some(format!(
            "**{name}**\n\nstory-time not solved: the story has syntax or reference errors"
        ));
    };
    let tooltip = crate::render::tooltip(story, c, SceneId(index as u32));
    let mut lines = tooltip.lines();
    let head = lines.next().unwrap_or_default();
    let mut out = format!("**{head}**\n");
    for l in lines {
        out.push_str("\n- ");
        out.push_str(l);
    }
    let told = format!("told {} of {}", index + 1, story.scenes.len());
    let position = match c.placements.get(index).and_then(|p| p.chrono) {
        Some(k) => format!(
            "chronological position: {} of {} ({told})",
            k + 1,
            c.order.len()
        ),
        None => format!("not placed in story order ({told})"),
    };
    out.push_str("\n- ");
    out.push_str(&position);
    // Who is in it, with the ages the dates give.
    let id = SceneId(index as u32);
    let cast: Vec<String> = story.scenes[index]
        .cast
        .iter()
        .map(|m| {
            let name = &story.character(m.character).name;
            match ages::in_scene(story, c, id, m.character).and_then(|a| a.text()) {
                Some(age) => format!("{name} ({age})"),
                None => name.clone(),
            }
        })
        .collect();
    if !cast.is_empty() {
        out.push_str("\n- cast: ");
        out.push_str(&cast.join(", "));
    }
    Some(out)
}

/// `in the cast of 3 scenes: `a`, `b`, `c``, the list cut after five.
fn counted(scenes: &[&str], what: &str) -> String {
    if scenes.is_empty() {
        return format!("{what} no scene");
    }
    let shown: Vec<String> = scenes.iter().take(5).map(|s| format!("`{s}`")).collect();
    let more = if scenes.len() > 5 { ", …" } else { "" };
    let count = crate::text::plural(scenes.len(), "scene", "scenes");
    format!("{what} {count}: {}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::continuity::tests::load;

    const STORY: &str = "title: T\ncharacter Ana: born 1990-03-10\ncharacter Ben: born 1985\ncharacter Cem\nscene a: A\n  story: 2014-05-17\n  cast: Ana, Ben, Cem\nscene b: B\n  story: 2020-06-01\n  cast: Ana\n";

    #[test]
    fn hovers_show_ages_from_the_birth_dates() {
        let (ws, story, chronology) = load(STORY);
        let a = scene(&story, Some(&chronology), "a").unwrap();
        // Exact where the dates allow, a range where they do not, nothing
        // without a birth date.
        assert!(a.contains("- cast: Ana (24), Ben (28–29), Cem"), "{a}");
        let ana = describe(
            &story,
            Some(&chronology),
            &ws.sources,
            &Symbol::Character("ana".into()),
        )
        .unwrap();
        assert!(ana.contains("aged 24–30 over their dated scenes"), "{ana}");
        let cem = describe(
            &story,
            Some(&chronology),
            &ws.sources,
            &Symbol::Character("cem".into()),
        )
        .unwrap();
        assert!(!cem.contains("aged"), "{cem}");
    }
}
