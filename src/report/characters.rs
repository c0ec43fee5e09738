//! Characters through story-time: one character's scenes in story order
//! (`order --character NAME`) and the summary of every character that the
//! HTML report's Characters section shows.

use std::fmt::Write as _;

use crate::engine::ages::{self, Age};
use crate::engine::Chronology;
use crate::model::{CharacterId, SceneId, Story};
use crate::present::{clean, rough_duration_in, when};
use crate::report::order::{jumps, AHEAD, BACK, NEXT};
use crate::report::{Align, Table};
use crate::text::plural;

/// `order --character NAME` as a table: the story is already cut down to
/// the character's scenes ([`crate::project::filter`]), so positions count
/// their scenes only and each jump is the one their own life makes, from
/// the scene of theirs told before.
pub fn order_text(story: &Story, chronology: &Chronology, character: CharacterId) -> String {
    let name = &story.character(character).name;
    let jumps = jumps(&story.calendar, chronology);
    let mut table = Table::new(&[
        ("#", Align::Right),
        ("id", Align::Left),
        ("title", Align::Left),
        ("story time", Align::Left),
        ("age", Align::Right),
        ("place", Align::Left),
        ("told", Align::Right),
        ("jump", Align::Left),
    ]);
    for (pos, &id) in chronology.order.iter().enumerate() {
        let scene = story.scene(id);
        let p = &chronology.placements[id.index()];
        let mut age = ages::in_scene(story, chronology, id, character)
            .and_then(Age::text)
            .unwrap_or_default();
        if let Some(mode) = scene.mode {
            // A remembered scene is theirs too, but not lived then.
            let mode = mode.keyword();
            age = if age.is_empty() {
                format!("({mode})")
            } else {
                format!("{age} ({mode})")
            };
        }
        table.row(vec![
            (pos + 1).to_string(),
            clean(story.scene_name(id)).into_owned(),
            clean(&scene.title).into_owned(),
            when(story, p),
            age,
            scene
                .place
                .as_ref()
                .map(|t| clean(&t.text).into_owned())
                .unwrap_or_default(),
            (id.index() + 1).to_string(),
            jumps[id.index()].clone().unwrap_or_default(),
        ]);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} in {}: {} in story order",
        clean(name),
        clean(&story.title),
        plural(chronology.order.len(), "scene", "scenes"),
    );
    out.push('\n');
    if chronology.order.is_empty() {
        out.push_str("  none of their scenes is placed in story-time\n");
    } else {
        out.push_str(&table.render(2));
        let _ = writeln!(
            out,
            "\n  told: the scene's place in the whole telling; jump: from their scene told before; {BACK} back, {NEXT} to their next scene, {AHEAD} further ahead"
        );
    }
    if !chronology.unplaced.is_empty() {
        let ids: Vec<String> = chronology
            .unplaced
            .iter()
            .map(|&s| clean(story.scene_name(s)).into_owned())
            .collect();
        let _ = writeln!(out, "  not placed: {}", ids.join(", "));
    }
    out
}

/// One character over the whole story.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// The character.
    pub character: CharacterId,
    /// Scenes with them in the cast.
    pub scenes: usize,
    /// Their first scene in story order.
    pub first: Option<SceneId>,
    /// Their last.
    pub last: Option<SceneId>,
    /// From the start of the first to the end of the last, in words, when
    /// both are dated.
    pub span: Option<String>,
    /// Their placed scenes per era (era name, count), eras in declaration
    /// order, then `no era`.
    pub per_era: Vec<(String, usize)>,
    /// Their ages over their dated scenes.
    pub ages: Age,
}

/// Every character who appears, in declaration order. One pass over the
/// casts and one over the chronology.
pub fn summaries(story: &Story, chronology: &Chronology) -> Vec<Summary> {
    let n = story.characters.len();
    let eras = story.eras.len();
    let mut count = vec![0usize; n];
    let mut first: Vec<Option<SceneId>> = vec![None; n];
    let mut last: Vec<Option<SceneId>> = vec![None; n];
    // Per character, per era (the last slot: no era).
    let mut per_era = vec![vec![0usize; eras + 1]; n];
    for scene in story.scenes.values() {
        for m in &scene.cast {
            count[m.character.0 as usize] += 1;
        }
    }
    for &id in &chronology.order {
        let p = &chronology.placements[id.index()];
        for m in &story.scene(id).cast {
            let c = m.character.0 as usize;
            first[c].get_or_insert(id);
            last[c] = Some(id);
            per_era[c][p.era.map_or(eras, |e| e.0 as usize)] += 1;
        }
    }
    let spans = ages::spans(story, chronology);
    // Spans run between where the scenes are drawn (the one placement rule
    // of [`crate::engine::position`]), in the story's calendar.
    let drawn = crate::engine::position::drawn(chronology);
    (0..n)
        .filter(|&c| count[c] > 0)
        .map(|c| {
            let span = match (first[c], last[c]) {
                (Some(a), Some(b)) => {
                    let anchored = chronology.placements[a.index()].anchored
                        && chronology.placements[b.index()].anchored;
                    match (anchored, drawn[a.index()], drawn[b.index()]) {
                        (true, Some(da), Some(db)) => {
                            Some(rough_duration_in(&story.calendar, db.end - da.start, 2))
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            let mut eras_of: Vec<(String, usize)> = story
                .eras
                .keys()
                .zip(&per_era[c])
                .filter(|(_, &k)| k > 0)
                .map(|(name, &k)| (name.clone(), k))
                .collect();
            if per_era[c][eras] > 0 && eras > 0 {
                eras_of.push(("no era".to_string(), per_era[c][eras]));
            }
            Summary {
                character: CharacterId(c as u32),
                scenes: count[c],
                first: first[c],
                last: last[c],
                span,
                per_era: eras_of,
                ages: spans[c],
            }
        })
        .collect()
}

/// The HTML report's Characters section: a row per character who appears,
/// with the span of story-time their scenes cover, their first and last
/// scene in story order, their scenes per era and their ages.
pub fn html_section(out: &mut String, story: &Story, chronology: &Chronology) {
    use crate::text::escape::html as escape;
    out.push_str("<section id=\"characters\">\n<h2>Characters</h2>\n");
    let all = summaries(story, chronology);
    if all.is_empty() {
        out.push_str("<p class=\"muted\">No scene has a cast.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>character</th><th>scenes</th><th>span</th><th>first</th>\
         <th>last</th><th>per era</th><th>age</th></tr></thead>\n<tbody>\n",
    );
    let scene = |s: Option<SceneId>| s.map(|s| story.scene_name(s)).unwrap_or("");
    for c in &all {
        let eras: Vec<String> = c.per_era.iter().map(|(e, k)| format!("{e} {k}")).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td></tr>",
            escape(&story.character(c.character).name),
            c.scenes,
            escape(c.span.as_deref().unwrap_or("")),
            escape(scene(c.first)),
            escape(scene(c.last)),
            escape(&eras.join(", ")),
            escape(&c.ages.text().unwrap_or_default()),
        );
    }
    out.push_str(
        "</tbody>\n</table>\n<p class=\"muted\">span: from the start of their first scene \
         in story order to the end of their last, where both are dated; age: from \
         <code>born</code>, over their dated scenes.</p>\n</section>\n",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::continuity::tests::load;
    use crate::project::filter::Filter;

    const STORY: &str = "title: T\nera young: .. 2000-12-31\nera old: 2001 ..\ncharacter Ana: born 1980-06-01\ncharacter Ben\nscene a: A\n  story: 2010-07-01\n  cast: Ana, Ben\n  where: Port\nscene b: B\n  story: 1990-07-01 for 1h\n  cast: Ana\n  mode: memory\nscene c: C\n  story: 2005\n  cast: Ana\n";

    #[test]
    fn a_characters_own_order_has_ages_places_and_their_jumps() {
        let (_, story, chronology) = load(STORY);
        let filter = Filter {
            character: Some("Ana".into()),
            thread: None,
        };
        let f = filter.apply(&story, &chronology).unwrap();
        let ana = filter.character_in(&story).unwrap().unwrap();
        let text = order_text(f.story(), f.chronology(), ana);
        assert!(
            text.starts_with("Ana in T: 3 scenes in story order"),
            "{text}"
        );
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .collect();
        // Story order: b (1990, age 10, a memory), c (2005: 24–25), a (2010: 30).
        assert!(
            rows[0].contains(" b ") && rows[0].contains("10 (memory)"),
            "{text}"
        );
        assert!(
            rows[1].contains(" c ") && rows[1].contains("24–25"),
            "{text}"
        );
        assert!(
            rows[2].contains(" a ") && rows[2].contains(" 30 ") && rows[2].contains("Port"),
            "{text}"
        );
        // Told a, b, c: b jumps back from a, c jumps ahead to the middle.
        assert!(rows[0].contains('↶') && rows[1].contains('→'), "{text}");
    }

    #[test]
    fn the_report_section_lists_each_character() {
        let (_, story, chronology) = load(STORY);
        let mut html = String::new();
        html_section(&mut html, &story, &chronology);
        assert!(
            html.contains("<td>Ana</td><td class=\"num\">3</td>"),
            "{html}"
        );
        assert!(
            html.contains("<td>b</td><td>a</td><td>young 1, old 2</td><td>10–30</td>"),
            "{html}"
        );
        assert!(
            html.contains("<td>Ben</td><td class=\"num\">1</td>"),
            "{html}"
        );
    }

    #[test]
    fn summaries_count_eras_spans_and_ages() {
        let (_, story, chronology) = load(STORY);
        let all = summaries(&story, &chronology);
        assert_eq!(all.len(), 2);
        let ana = &all[0];
        assert_eq!(ana.scenes, 3);
        assert_eq!(story.scene_name(ana.first.unwrap()), "b");
        assert_eq!(story.scene_name(ana.last.unwrap()), "a");
        assert_eq!(
            ana.per_era,
            [("young".to_string(), 1), ("old".to_string(), 2)]
        );
        assert_eq!((ana.ages.min, ana.ages.max), (Some(10), Some(30)));
        assert!(
            ana.span.as_deref().is_some_and(|s| s.starts_with("20")),
            "{:?}",
            ana.span
        );
        // No birth date: no ages.
        assert!(all[1].ages.is_unknown());
    }
}
