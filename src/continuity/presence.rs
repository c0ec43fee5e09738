//! Presence: one character in two places at once (`E0403`, `W0404`).
//!
//! Two scenes *must overlap* when, in every schedule the tags allow, they
//! share a stretch of story-time of positive length. From each scene's own
//! bounds that holds when `max(latest starts) < min(earliest ends)`: the
//! scenes' *cores* `[latest start, earliest end)` intersect. A `during` or
//! `repeats` pair must overlap when the inner scene has a positive least
//! length (`for …`), whatever the bounds say. Two scenes *may overlap* when
//! their *spans* `[earliest start, latest end)` intersect and no tag orders
//! them directly.
//!
//! Per character, scenes are split by frame (dates, or one floating part of
//! the network), sorted once by core start (or span start), and swept,
//! keeping the two furthest-reaching scenes at different places: a scene is
//! reported against the furthest-reaching earlier scene at another place.
//! `O(c log c)` for `c` cast entries.

use std::collections::{HashMap, HashSet};

use crate::continuity::{times, Finding, Times};
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::{Chronology, Frame};
use crate::model::{fold_name, CharacterId, ConstraintKind, SceneId, Story};
use crate::text::clip;
use crate::time::Seconds;

/// One scene of one character in a sweep.
#[derive(Clone, Copy)]
struct Item {
    scene: u32,
    place: u32,
    from: Seconds,
    to: Seconds,
}

/// The two furthest-reaching items seen so far at different places.
#[derive(Default)]
struct Reach {
    best: Option<Item>,
    other: Option<Item>,
}

impl Reach {
    /// The furthest-reaching earlier item at a place other than `place`.
    fn witness(&self, place: u32) -> Option<Item> {
        match self.best {
            Some(b) if b.place != place => Some(b),
            _ => self.other,
        }
    }

    fn add(&mut self, item: Item) {
        match self.best {
            None => self.best = Some(item),
            Some(b) if item.to > b.to => {
                if item.place != b.place {
                    self.other = Some(b);
                }
                self.best = Some(item);
            }
            Some(b) => {
                if item.place != b.place && self.other.is_none_or(|o| item.to > o.to) {
                    self.other = Some(item);
                }
            }
        }
    }
}

/// Sweep intervals `[from, to)` (sorted by `from`); report each item that
/// overlaps an earlier one at another place, with that one.
fn sweep(items: &mut [Item], mut report: impl FnMut(Item, Item)) {
    items.sort_unstable_by_key(|i| (i.from, i.scene));
    let mut reach = Reach::default();
    for &item in items.iter() {
        if let Some(w) = reach.witness(item.place) {
            if item.from < w.to {
                report(item, w);
            }
        }
        reach.add(item);
    }
}

/// Run the presence rules.
pub fn check(story: &Story, chronology: &Chronology, must: bool, may: bool) -> Vec<Finding> {
    let who = Participants::new(story, chronology);
    let mut report = Report {
        story,
        chronology,
        reported: HashSet::new(),
        out: Vec::new(),
    };
    let mut frames: HashMap<Frame, Sweeps> = HashMap::new();
    for (c, scenes) in who.by_character(story).iter().enumerate() {
        let character = CharacterId(c as u32);
        frames.clear();
        for &s in scenes {
            who.add_items(s, must, may, &mut frames);
        }
        let mut keys: Vec<Frame> = frames.keys().copied().collect();
        keys.sort_unstable();
        for frame in keys {
            let sweeps = frames.get_mut(&frame).expect("key listed");
            sweep(&mut sweeps.cores, |a, b| {
                report.add(character, a.scene, b.scene, true)
            });
            sweep(&mut sweeps.spans, |a, b| {
                if !ordered(story, a.scene, b.scene) {
                    report.add(character, a.scene, b.scene, false);
                }
            });
        }
    }
    if must {
        inner_scenes(story, &who, &mut report);
    }
    report.out
}

/// The items of one character in one frame: cores for `E0403`, spans for
/// `W0404`.
#[derive(Default)]
struct Sweeps {
    cores: Vec<Item>,
    spans: Vec<Item>,
}

/// Each scene's place id (places compared by folded name) and times, for
/// the scenes that take part: scenes without a place, with a mode, unplaced
/// or caught in a contradiction have `None`.
struct Participants {
    place: Vec<Option<u32>>,
    time: Vec<Option<Times>>,
}

impl Participants {
    fn new(story: &Story, chronology: &Chronology) -> Participants {
        let n = story.scenes.len();
        let mut place_ids: HashMap<String, u32> = HashMap::new();
        let mut place: Vec<Option<u32>> = vec![None; n];
        let mut time: Vec<Option<Times>> = vec![None; n];
        for (i, scene) in story.scenes.values().enumerate() {
            let p = &chronology.placements[i];
            if scene.mode.is_some() || p.in_contradiction {
                continue;
            }
            let Some(text) = &scene.place else { continue };
            let key = fold_name(&text.text);
            let next = place_ids.len() as u32;
            place[i] = Some(*place_ids.entry(key).or_insert(next));
            time[i] = times(p);
        }
        Participants { place, time }
    }

    /// The place and times of a scene that takes part.
    fn get(&self, scene: usize) -> Option<(u32, Times)> {
        Some((self.place[scene]?, self.time[scene]?))
    }

    /// The scenes each character is cast in, among those that take part.
    fn by_character(&self, story: &Story) -> Vec<Vec<u32>> {
        let mut by_character: Vec<Vec<u32>> = vec![Vec::new(); story.characters.len()];
        for (i, scene) in story.scenes.values().enumerate() {
            if self.get(i).is_some() {
                for c in &scene.cast {
                    by_character[c.character.0 as usize].push(i as u32);
                }
            }
        }
        by_character
    }

    /// A scene's core (if `must` and the core is not empty) and span (if
    /// `may` and not empty), in its frame's sweeps.
    fn add_items(&self, s: u32, must: bool, may: bool, frames: &mut HashMap<Frame, Sweeps>) {
        let Some((place, t)) = self.get(s as usize) else {
            return;
        };
        let entry = frames.entry(t.frame).or_default();
        if must && t.start_hi < t.end_lo {
            entry.cores.push(Item {
                scene: s,
                place,
                from: t.start_hi,
                to: t.end_lo,
            });
        }
        if may && t.start_lo < t.end_hi {
            entry.spans.push(Item {
                scene: s,
                place,
                from: t.start_lo,
                to: t.end_hi,
            });
        }
    }
}

/// Findings so far, each (character, pair of scenes) once.
struct Report<'a> {
    story: &'a Story,
    chronology: &'a Chronology,
    reported: HashSet<(u32, u32, u32)>,
    out: Vec<Finding>,
}

impl Report<'_> {
    /// Report `character` in scenes `a` and `b` unless that pair is already
    /// reported (as must or may overlap).
    fn add(&mut self, character: CharacterId, a: u32, b: u32, must: bool) {
        if self.reported.insert(pair(character.0, a, b)) {
            let f = finding(self.story, self.chronology, character, a, b, must);
            self.out.push(f);
        }
    }
}

/// `during` and `repeats` pairs at different places overlap by the inner
/// scene's length when it is positive, which the bounds alone may not show
/// (floating parts): each character in both is reported. Linear in the two
/// casts: the host's cast is marked once per pair.
fn inner_scenes(story: &Story, who: &Participants, report: &mut Report<'_>) {
    // `in_host[c] == stamp` when character `c` is in the current host's cast.
    let mut in_host: Vec<u32> = vec![0; story.characters.len()];
    let mut stamp = 0u32;
    for (i, scene) in story.scenes.values().enumerate() {
        let Some((pi, _)) = who.get(i) else {
            continue;
        };
        let positive = scene.constraints.iter().any(|k| {
            matches!(k.kind, ConstraintKind::Lasts { length } if length.lo.is_some_and(|l| l > 0))
        });
        for k in &scene.constraints {
            let host = match k.kind {
                ConstraintKind::During { other } | ConstraintKind::SameAs { other } => other,
                _ => continue,
            };
            let Some((ph, _)) = who.get(host.index()) else {
                continue;
            };
            if ph == pi || !positive {
                continue;
            }
            stamp += 1;
            for o in &story.scene(host).cast {
                in_host[o.character.0 as usize] = stamp;
            }
            for c in &scene.cast {
                if in_host[c.character.0 as usize] == stamp {
                    report.add(c.character, i as u32, host.0, true);
                }
            }
        }
    }
}

fn pair(c: u32, a: u32, b: u32) -> (u32, u32, u32) {
    (c, a.min(b), a.max(b))
}

/// True when a tag on either scene orders them (`after`, `before`).
fn ordered(story: &Story, a: u32, b: u32) -> bool {
    let refers = |x: u32, y: u32| {
        story.scene(SceneId(x)).constraints.iter().any(|k| {
            matches!(k.kind, ConstraintKind::After { other, .. } | ConstraintKind::Before { other, .. } if other.0 == y)
        })
    };
    refers(a, b) || refers(b, a)
}

fn finding(
    story: &Story,
    chronology: &Chronology,
    character: CharacterId,
    a: u32,
    b: u32,
    must: bool,
) -> Finding {
    let (sa, sb) = (story.scene(SceneId(a)), story.scene(SceneId(b)));
    let name = clip(&story.character(character).name);
    let place_a = sa.place.as_ref().expect("placed scenes have a place");
    let place_b = sb.place.as_ref().expect("placed scenes have a place");
    let entry = |s: &crate::model::Scene| {
        s.cast
            .iter()
            .find(|c| c.character == character)
            .map(|c| c.span)
            .unwrap_or(s.id_span)
    };
    let (code, verb) = if must {
        (codes::PRESENCE, "overlap in story-time")
    } else {
        (codes::PRESENCE_MAY_OVERLAP, "may overlap in story-time")
    };
    let message = format!(
        "`{name}` is in two places at once: `{}` at `{}` and `{}` at `{}` {verb}",
        clip(&sa.id),
        clip(place_a.text.trim()),
        clip(&sb.id),
        clip(place_b.text.trim()),
    );
    let mut d = Diagnostic::new(code, message)
        .primary(
            entry(sa),
            format!("`{name}` is here, at `{}`", clip(place_a.text.trim())),
        )
        .secondary(place_a.span, "this place")
        .secondary(entry(sb), format!("and here, in `{}`", clip(&sb.id)))
        .secondary(place_b.span, "at another place");
    let (pa, pb) = (
        &chronology.placements[a as usize],
        &chronology.placements[b as usize],
    );
    if must && pa.anchored && pb.anchored {
        if let (Some(s1), Some(s2), Some(e1), Some(e2)) = (
            pa.start.latest,
            pb.start.latest,
            pa.end.earliest,
            pb.end.earliest,
        ) {
            d = d.with_note(format!(
                "both scenes cover {} to {} in every schedule the tags allow",
                story.calendar.human(s1.max(s2)),
                story.calendar.human(e1.min(e2))
            ));
        }
    }
    d = d.help("if one of them is remembered, dreamt or imagined, say so with `mode: memory`; otherwise move one in story-time or correct a place (or `# chronotope: allow presence` in either scene)");
    Finding::new(d, vec![SceneId(a), SceneId(b)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::continuity::tests::load;
    use crate::engine::Frame;

    fn item(scene: u32, place: u32, from: Seconds, to: Seconds) -> Item {
        Item {
            scene,
            place,
            from,
            to,
        }
    }

    /// The witness's scene for an item at `place`.
    fn witness(reach: &Reach, place: u32) -> Option<u32> {
        reach.witness(place).map(|w| w.scene)
    }

    #[test]
    fn reach_keeps_the_furthest_item_and_the_furthest_at_another_place() {
        let mut reach = Reach::default();
        assert_eq!(witness(&reach, 0), None);
        reach.add(item(1, 0, 0, 10));
        assert_eq!((witness(&reach, 1), witness(&reach, 0)), (Some(1), None));
        // Further at the same place: replaces the best, no other yet.
        reach.add(item(2, 0, 0, 20));
        assert_eq!((witness(&reach, 1), witness(&reach, 0)), (Some(2), None));
        // Less far at another place: becomes the other.
        reach.add(item(3, 1, 0, 15));
        assert_eq!((witness(&reach, 0), witness(&reach, 1)), (Some(3), Some(2)));
        // Less far than the other: ignored.
        reach.add(item(4, 2, 0, 12));
        assert_eq!(witness(&reach, 0), Some(3));
        // Further than the other (not the best): replaces the other.
        reach.add(item(5, 2, 0, 18));
        assert_eq!(witness(&reach, 0), Some(5));
        // Further than the best at another place: the best becomes the
        // other.
        reach.add(item(6, 1, 0, 30));
        assert_eq!((witness(&reach, 1), witness(&reach, 0)), (Some(2), Some(6)));
        // Further than the best at the same place: the other stays.
        reach.add(item(7, 1, 0, 40));
        assert_eq!((witness(&reach, 1), witness(&reach, 0)), (Some(2), Some(7)));
        // As far as the best, at another place: not the best (the first to
        // reach stays), but the other.
        reach.add(item(8, 3, 0, 40));
        assert_eq!((witness(&reach, 2), witness(&reach, 1)), (Some(7), Some(8)));
        // As far as the other: the other stays.
        reach.add(item(9, 4, 0, 40));
        assert_eq!(witness(&reach, 1), Some(8));
    }

    #[test]
    fn the_other_is_only_replaced_from_another_place() {
        let mut reach = Reach::default();
        reach.add(item(1, 0, 0, 30));
        reach.add(item(2, 1, 0, 10));
        // At the best's place, however far (short of the best): no other.
        reach.add(item(3, 0, 0, 20));
        assert_eq!(witness(&reach, 0), Some(2));
    }

    fn swept(mut items: Vec<Item>) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        sweep(&mut items, |a, b| out.push((a.scene, b.scene)));
        out
    }

    #[test]
    fn sweep_reports_half_open_overlaps_at_other_places() {
        // [0, 10) and [10, 20) only touch.
        assert_eq!(swept(vec![item(1, 0, 0, 10), item(2, 1, 10, 20)]), []);
        assert_eq!(swept(vec![item(1, 0, 0, 10), item(2, 1, 9, 20)]), [(2, 1)]);
        // Same place: never.
        assert_eq!(swept(vec![item(1, 0, 0, 10), item(2, 0, 5, 20)]), []);
        // Unsorted input, ties broken by scene.
        assert_eq!(
            swept(vec![item(3, 1, 5, 6), item(2, 0, 0, 10), item(1, 2, 0, 1)]),
            [(2, 1), (3, 2)]
        );
    }

    fn times(start_lo: Seconds, start_hi: Seconds, end_lo: Seconds, end_hi: Seconds) -> Times {
        Times {
            frame: Frame::Absolute,
            start_lo,
            start_hi,
            end_lo,
            end_hi,
        }
    }

    /// (cores, spans) of one scene with these times.
    fn items(t: Times, must: bool, may: bool) -> (usize, usize) {
        let who = Participants {
            place: vec![Some(0)],
            time: vec![Some(t)],
        };
        let mut frames = HashMap::new();
        who.add_items(0, must, may, &mut frames);
        let sweeps = frames.remove(&Frame::Absolute).unwrap_or_default();
        (sweeps.cores.len(), sweeps.spans.len())
    }

    #[test]
    fn empty_cores_and_spans_take_no_part() {
        // Core [start_hi, end_lo), span [start_lo, end_hi).
        assert_eq!(items(times(0, 10, 11, 20), true, true), (1, 1));
        assert_eq!(items(times(0, 10, 10, 20), true, true), (0, 1));
        assert_eq!(items(times(0, 10, 11, 20), false, true), (0, 1));
        assert_eq!(items(times(5, 10, 11, 20), true, false), (1, 0));
        assert_eq!(items(times(5, 5, 5, 5), true, true), (0, 0));
        assert_eq!(items(times(5, 5, 5, 6), true, true), (0, 1));
    }

    /// Presence findings of a story: (code, first scene, second scene,
    /// notes).
    fn presence(text: &str, must: bool, may: bool) -> Vec<(String, String, usize)> {
        let (_, story, chronology) = load(text);
        check(&story, &chronology, must, may)
            .into_iter()
            .map(|f| {
                let scenes: Vec<&str> = f.scenes.iter().map(|&s| story.scene_name(s)).collect();
                (
                    f.diagnostic.code.to_string(),
                    scenes.join(" "),
                    f.diagnostic.notes.len(),
                )
            })
            .collect()
    }

    const TWO: &str = "title: T\ncharacter A\nscene x: X\n  story: 2020-01-01 10:00:00 for 2h\n  where: Here\n  cast: A\nscene y: Y\n  story: START for 1h\n  where: There\n  cast: A\n";

    #[test]
    fn must_overlap_needs_shared_time_of_positive_length() {
        let at = |start: &str| TWO.replace("START", start);
        // Seconds, so the times are exact: x's core is [10:00:00, 12:00:00).
        assert_eq!(presence(&at("2020-01-01 12:00:00"), true, false), []);
        let found = presence(&at("2020-01-01 11:59:59"), true, false);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, codes::PRESENCE.to_string());
        assert_eq!(found[0].1, "y x");
        // Both dated: a note with the shared stretch.
        assert_eq!(found[0].2, 1);
        let (_, story, chronology) = load(&at("2020-01-01 11:00:00"));
        let d = &check(&story, &chronology, true, false)[0].diagnostic;
        assert_eq!(
            d.notes,
            ["both scenes cover 2020-01-01 11:00 to 2020-01-01 12:00 in every schedule the tags allow"]
        );
        // Not asked for: nothing.
        assert_eq!(presence(&at("2020-01-01 11:00"), false, false), []);
        // Same place: nothing.
        assert_eq!(
            presence(&at("2020-01-01 11:00").replace("There", "here"), true, true),
            []
        );
    }

    #[test]
    fn may_overlap_is_reported_once_and_not_for_ordered_scenes() {
        // A whole day: may overlap with x, not must.
        let day = TWO.replace("START", "2020-01-01");
        let found = presence(&day, true, true);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, codes::PRESENCE_MAY_OVERLAP.to_string());
        // No note for a may-overlap.
        assert_eq!(found[0].2, 0);
        assert_eq!(presence(&day, true, false), []);
        // Must and may at once: one finding, the must.
        let both = presence(&TWO.replace("START", "2020-01-01 11:00"), true, true);
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].0, codes::PRESENCE.to_string());
        // A tag on either scene that orders them settles it, though the
        // spans (whole days, open ends) still overlap.
        let open = TWO
            .replace("2020-01-01 10:00:00 for 2h", "2020-01-01")
            .replace("START for 1h", "2020-01-01");
        assert_eq!(presence(&open, true, true).len(), 1);
        let after = open.replace(
            "2020-01-01\n  where: There",
            "2020-01-01, after x\n  where: There",
        );
        assert_ne!(after, open);
        assert_eq!(presence(&after, true, true), []);
        let before = open.replace(
            "2020-01-01\n  where: Here",
            "2020-01-01, before y\n  where: Here",
        );
        assert_ne!(before, open);
        assert_eq!(presence(&before, true, true), []);
    }

    const DURING: &str = "title: T\ncharacter A\nscene h: H\n  story: for 2h\n  where: Here\n  cast: A\nscene d: D\n  story: during h, LENGTH\n  where: There\n  cast: A\n";

    #[test]
    fn an_inner_scene_of_positive_length_overlaps_its_host() {
        // Floating: the bounds alone do not show it; no dates, no note.
        let found = presence(&DURING.replace("LENGTH", "for 10m"), true, false);
        assert_eq!(found, [(codes::PRESENCE.to_string(), "d h".to_string(), 0)]);
        for length in ["for 0m..10m", "for 0m"] {
            assert_eq!(
                presence(&DURING.replace("LENGTH", length), true, false),
                [],
                "{length}"
            );
        }
        let here = DURING.replace("LENGTH", "for 10m").replace("There", "Here");
        assert_eq!(presence(&here, true, false), []);
        assert_eq!(
            presence(&DURING.replace("LENGTH", "for 10m"), false, false),
            []
        );
        // Each character in both scenes, once; one only in the inner scene
        // is not in two places.
        let three = DURING
            .replace("LENGTH", "for 10m")
            .replace("character A\n", "character A\ncharacter B\ncharacter C\n")
            .replace(
                "  where: Here\n  cast: A\n",
                "  where: Here\n  cast: A, B\n",
            )
            .replace(
                "  where: There\n  cast: A\n",
                "  where: There\n  cast: A, B, C\n",
            );
        let (_, story, chronology) = load(&three);
        let found = check(&story, &chronology, true, false);
        let who: Vec<&str> = found
            .iter()
            .map(|f| f.diagnostic.message.split('`').nth(1).unwrap_or(""))
            .collect();
        assert_eq!(who, ["A", "B"]);
    }

    #[test]
    fn a_pair_found_twice_is_reported_once() {
        // The repeat is told first; the sweep finds (x, r) and the
        // inner-scene rule (r, x).
        let text = "title: T\ncharacter A\nscene r: R\n  repeats: x\n  story: for 1h\n  where: There\n  cast: A\nscene x: X\n  story: 2020-01-01 10:00 for 1h\n  where: Here\n  cast: A\n";
        let found = presence(text, true, false);
        assert_eq!(found.len(), 1, "{found:?}");
    }
}
