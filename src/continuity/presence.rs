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

use crate::continuity::{times, Finding, Frame, Times};
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::Chronology;
use crate::model::{fold_name, CharacterId, ConstraintKind, SceneId, Story};
use crate::text::clip;
use crate::time::{human, Seconds};

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
    let n = story.scenes.len();
    // Place ids by folded name; scenes without a place, with a mode, unplaced
    // or caught in a contradiction take no part.
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
    let mut by_character: Vec<Vec<u32>> = vec![Vec::new(); story.characters.len()];
    for (i, scene) in story.scenes.values().enumerate() {
        if place[i].is_some() && time[i].is_some() {
            for c in &scene.cast {
                by_character[c.character.0 as usize].push(i as u32);
            }
        }
    }
    let mut out = Vec::new();
    let mut reported: HashSet<(u32, u32, u32)> = HashSet::new();
    let mut frames: HashMap<Frame, (Vec<Item>, Vec<Item>)> = HashMap::new();
    for (c, scenes) in by_character.iter().enumerate() {
        frames.clear();
        for &s in scenes {
            let (Some(t), Some(pl)) = (time[s as usize], place[s as usize]) else {
                continue;
            };
            let entry = frames.entry(t.frame).or_default();
            if must && t.start_hi < t.end_lo {
                entry.0.push(Item {
                    scene: s,
                    place: pl,
                    from: t.start_hi,
                    to: t.end_lo,
                });
            }
            if may && t.start_lo < t.end_hi {
                entry.1.push(Item {
                    scene: s,
                    place: pl,
                    from: t.start_lo,
                    to: t.end_hi,
                });
            }
        }
        let mut keys: Vec<Frame> = frames.keys().copied().collect();
        keys.sort_unstable();
        for frame in keys {
            let (cores, spans) = frames.get_mut(&frame).expect("key listed");
            sweep(cores, |a, b| {
                if reported.insert(pair(c as u32, a.scene, b.scene)) {
                    out.push(finding(
                        story,
                        chronology,
                        CharacterId(c as u32),
                        a.scene,
                        b.scene,
                        true,
                    ));
                }
            });
            sweep(spans, |a, b| {
                if !ordered(story, a.scene, b.scene)
                    && reported.insert(pair(c as u32, a.scene, b.scene))
                {
                    out.push(finding(
                        story,
                        chronology,
                        CharacterId(c as u32),
                        a.scene,
                        b.scene,
                        false,
                    ));
                }
            });
        }
    }
    if must {
        // `during` and `repeats` pairs overlap by the inner scene's length,
        // which the bounds alone may not show (floating parts).
        for (i, scene) in story.scenes.values().enumerate() {
            let (Some(pi), Some(_)) = (place[i], time[i]) else {
                continue;
            };
            for k in &scene.constraints {
                let host = match k.kind {
                    ConstraintKind::During { other } | ConstraintKind::SameAs { other } => other,
                    _ => continue,
                };
                let h = host.index();
                let (Some(ph), Some(_)) = (place[h], time[h]) else {
                    continue;
                };
                let positive = scene.constraints.iter().any(|k| {
                    matches!(k.kind, ConstraintKind::Lasts { length } if length.lo.is_some_and(|l| l > 0))
                });
                if ph == pi || !positive {
                    continue;
                }
                for c in &scene.cast {
                    let shared = story
                        .scene(host)
                        .cast
                        .iter()
                        .any(|o| o.character == c.character);
                    if shared && reported.insert(pair(c.character.0, i as u32, host.0)) {
                        out.push(finding(
                            story,
                            chronology,
                            c.character,
                            i as u32,
                            host.0,
                            true,
                        ));
                    }
                }
            }
        }
    }
    out
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
                human(s1.max(s2)),
                human(e1.min(e2))
            ));
        }
    }
    d = d.help("if one of them is remembered, dreamt or imagined, say so with `mode: memory`; otherwise move one in story-time or correct a place (or `# chronotope: allow presence` in either scene)");
    Finding::new(d, vec![SceneId(a), SceneId(b)])
}
