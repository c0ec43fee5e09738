//! The wardrobe plot: each character's looks per story day, for the HTML
//! report.
//!
//! For every character given a value of a per-character marker (`look:
//! Semih=suit`), one row per story day (in the order of the breakdown: main
//! days, then days outside the main narrative) listing the values worn that
//! day and the scenes that show them, so costume, hair and make-up see a
//! change within a day at a glance.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::engine::Chronology;
use crate::model::{CharacterId, SceneId, Story};
use crate::report::breakdown;
use crate::text::escape::html as escape;

/// One character's looks on one day: the values with the scenes (telling
/// order) that show each.
type DayLooks = Vec<(String, Vec<SceneId>)>;

/// Every character's looks, per story day label in breakdown order.
pub fn plot(story: &Story, chronology: &Chronology) -> Vec<(CharacterId, Vec<(String, DayLooks)>)> {
    let days = breakdown::days(story, chronology);
    let order: Vec<Option<String>> = days.iter().map(|d| d.label.clone()).collect();
    let mut by_character: BTreeMap<CharacterId, BTreeMap<usize, DayLooks>> = BTreeMap::new();
    for (i, scene) in story.scenes.values().enumerate() {
        let label = chronology.placements[i].day_label.as_deref();
        let Some(day) = order.iter().position(|l| l.as_deref() == label) else {
            continue;
        };
        for look in &scene.looks {
            let marker = story.marker(look.marker);
            let Some((value, _)) = marker.values.get_index(look.value as usize) else {
                continue;
            };
            let shown = if story.markers.values().filter(|m| m.per_character).count() > 1 {
                format!("{}: {value}", marker.name)
            } else {
                value.clone()
            };
            let looks = by_character
                .entry(look.character)
                .or_default()
                .entry(day)
                .or_default();
            match looks.iter_mut().find(|(v, _)| *v == shown) {
                Some((_, scenes)) => scenes.push(SceneId(i as u32)),
                None => looks.push((shown, vec![SceneId(i as u32)])),
            }
        }
    }
    by_character
        .into_iter()
        .map(|(c, days)| {
            let rows = days
                .into_iter()
                .map(|(d, looks)| (day_name(order[d].as_deref()), looks))
                .collect();
            (c, rows)
        })
        .collect()
}

fn day_name(label: Option<&str>) -> String {
    match label {
        Some(l) => format!("Day {l}"),
        None => "no story day".to_string(),
    }
}

/// The wardrobe section of the report page, or nothing when no scene sets
/// a per-character marker.
pub fn section(out: &mut String, story: &Story, chronology: &Chronology) {
    let plot = plot(story, chronology);
    if plot.is_empty() {
        return;
    }
    out.push_str(
        "<section id=\"wardrobe\">\n<h2>Wardrobe</h2>\n<p class=\"muted\">Each character's looks \
         per story day; two looks on one day is a change wardrobe must plan for.</p>\n<table>\n\
         <thead><tr><th>Character</th><th>Day</th><th>Looks (scenes)</th></tr></thead>\n<tbody>\n",
    );
    for (character, days) in plot {
        let name = escape(&story.character(character).name);
        for (day, looks) in days {
            let cells: Vec<String> = looks
                .iter()
                .map(|(value, scenes)| {
                    let ids: Vec<&str> = scenes.iter().map(|&s| story.scene_name(s)).collect();
                    format!("{} ({})", escape(value), escape(&ids.join(", ")))
                })
                .collect();
            let changes = if looks.len() > 1 {
                " class=\"contradiction\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<tr{changes}><td>{name}</td><td>{}</td><td>{}</td></tr>",
                escape(&day),
                cells.join("; ")
            );
        }
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
