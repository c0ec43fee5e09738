//! The filter stage: `--character NAME` and `--thread NAME` keep only the
//! scenes with that character in their cast, or in that thread.
//!
//! Every view and report reads the result exactly as it reads a whole
//! story, so no command has filtering code of its own. The chronology is
//! the **whole story's**, cut down, never solved again: a character's
//! scenes keep the places in story-time the rest of the story gives them,
//! and the chronological positions, jumps and measures are then counted
//! among the scenes kept (so `stats --character Semih` measures how
//! nonlinear Semih's own story is told).
//!
//! What a filtered story drops: constraints that point at a scene left
//! out (the scenes kept are already placed, so nothing is lost), a
//! `repeats` of a scene left out, and the lists of contradictions and of
//! day pins that cannot hold (each is about the whole story; the scenes in
//! a contradiction keep their mark). An era bounded by a scene left out
//! keeps that scene's scheduled start as a date where it has one.
//! O(scenes + constraints).

use crate::engine::{Chronology, RelativeBounds};
use crate::model::{
    fold_name, CharacterId, ConstraintKind, EraBound, Scene, SceneId, Story, ThreadId,
};
use crate::text::clip;
use crate::text::suggest::Suggester;

/// Which scenes to keep; both given means scenes that match both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// `--character NAME`: scenes whose cast lists them.
    pub character: Option<String>,
    /// `--thread NAME`: scenes in that thread.
    pub thread: Option<String>,
}

/// A name the filter gives that the story does not have, with the
/// nearest name it does have: a usage error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    /// What the sentence says, ready to print.
    pub message: String,
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A story and chronology as a view reads them: the whole, or a filtered
/// copy.
#[derive(Debug)]
pub enum Filtered<'a> {
    /// No filter: the story itself.
    Whole(&'a Story, &'a Chronology),
    /// The scenes the filter keeps.
    Part(Box<(Story, Chronology)>),
}

impl Filtered<'_> {
    /// The story to show.
    pub fn story(&self) -> &Story {
        match self {
            Filtered::Whole(s, _) => s,
            Filtered::Part(p) => &p.0,
        }
    }

    /// Its chronology.
    pub fn chronology(&self) -> &Chronology {
        match self {
            Filtered::Whole(_, c) => c,
            Filtered::Part(p) => &p.1,
        }
    }
}

impl Filter {
    /// True when the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.character.is_none() && self.thread.is_none()
    }

    /// The character `--character` names, looked up by the folding rule
    /// of `cast:` lines; `Ok(None)` without `--character`.
    pub fn character_in(&self, story: &Story) -> Result<Option<CharacterId>, FilterError> {
        let Some(name) = &self.character else {
            return Ok(None);
        };
        let folded = fold_name(name);
        let names = story.characters.keys().map(String::as_str);
        find(names, &folded)
            .map(|i| Some(CharacterId(i as u32)))
            .ok_or_else(|| {
                unknown(
                    "character",
                    name,
                    story.characters.keys().map(String::as_str),
                )
            })
    }

    /// The thread `--thread` names; `Ok(None)` without `--thread`.
    pub fn thread_in(&self, story: &Story) -> Result<Option<ThreadId>, FilterError> {
        let Some(name) = &self.thread else {
            return Ok(None);
        };
        let folded = fold_name(name);
        let names = story.threads.keys().map(String::as_str);
        find(names, &folded)
            .map(|i| Some(ThreadId(i as u32)))
            .ok_or_else(|| unknown("thread", name, story.threads.keys().map(String::as_str)))
    }

    /// Whether the story has what the filter names (so a command over
    /// several stories can skip the others).
    pub fn applies_to(&self, story: &Story) -> bool {
        self.character_in(story).is_ok() && self.thread_in(story).is_ok()
    }

    /// The story as the filter leaves it.
    pub fn apply<'a>(
        &self,
        story: &'a Story,
        chronology: &'a Chronology,
    ) -> Result<Filtered<'a>, FilterError> {
        if self.is_empty() {
            return Ok(Filtered::Whole(story, chronology));
        }
        let character = self.character_in(story)?;
        let thread = self.thread_in(story)?;
        let keep = |scene: &Scene| {
            character.is_none_or(|c| scene.cast.iter().any(|m| m.character == c))
                && thread.is_none_or(|t| scene.threads.contains(&t))
        };
        let kept: Vec<bool> = story.scenes.values().map(keep).collect();
        Ok(Filtered::Part(Box::new(cut(story, chronology, &kept))))
    }
}

/// The index of the name among `names` that folds to `folded`.
fn find<'a>(names: impl Iterator<Item = &'a str>, folded: &str) -> Option<usize> {
    names.into_iter().position(|n| fold_name(n) == folded)
}

fn unknown<'a>(what: &str, name: &str, names: impl Iterator<Item = &'a str>) -> FilterError {
    let names: Vec<&str> = names.collect();
    let near = Suggester::new(names.iter().copied())
        .closest(name)
        .map(str::to_string);
    let message = match (near, names.is_empty()) {
        (Some(n), _) => format!(
            "no {what} `{}` in this story; did you mean `{n}`?",
            clip(name)
        ),
        (None, true) => format!("no {what} `{}`: the story has no {what}s", clip(name)),
        (None, false) => format!(
            "no {what} `{}` in this story; it has {}",
            clip(name),
            names
                .iter()
                .take(8)
                .map(|n| format!("`{}`", clip(n)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    FilterError { message }
}

/// The story and chronology of the scenes `kept` marks (indexed by telling).
pub fn cut(story: &Story, chronology: &Chronology, kept: &[bool]) -> (Story, Chronology) {
    // New index of each scene kept.
    let mut new_id: Vec<Option<SceneId>> = Vec::with_capacity(kept.len());
    let mut next = 0u32;
    for &k in kept {
        new_id.push(k.then(|| {
            next += 1;
            SceneId(next - 1)
        }));
    }
    let map = |id: SceneId| new_id.get(id.index()).copied().flatten();
    let mut out = Story {
        title: story.title.clone(),
        header: story.header.clone(),
        files: story.files.clone(),
        eras: story.eras.clone(),
        markers: story.markers.clone(),
        characters: story.characters.clone(),
        scenes: Default::default(),
        threads: story.threads.clone(),
        present: story.present.clone(),
        calendar: story.calendar.clone(),
        // Claims follow their scenes' new ids; a cut scene's claim goes.
        weekday_claims: story
            .weekday_claims
            .iter()
            .filter_map(|c| {
                Some(crate::model::WeekdayClaim {
                    scene: map(c.scene)?,
                    ..*c
                })
            })
            .collect(),
        works: crate::model::works::cut(&story.works, kept),
        orders: story.orders.clone(),
    };
    for (i, (id, scene)) in story.scenes.iter().enumerate() {
        if !kept[i] {
            continue;
        }
        let mut scene = scene.clone();
        scene
            .constraints
            .retain_mut(|c| match remap_kind(c.kind, &map) {
                Some(kind) => {
                    c.kind = kind;
                    true
                }
                None => false,
            });
        scene.repeats = scene.repeats.and_then(map);
        out.scenes.insert(id.clone(), scene);
    }
    for era in out.eras.values_mut() {
        for bound in [&mut era.from, &mut era.to] {
            if let Some(EraBound::Scene { scene, span }) = *bound {
                *bound = match map(scene) {
                    Some(s) => Some(EraBound::Scene { scene: s, span }),
                    None => chronology
                        .placements
                        .get(scene.index())
                        .filter(|p| p.anchored)
                        .map(|p| EraBound::Time {
                            at: p.scheduled_start,
                            span,
                        }),
                };
            }
        }
    }
    (out, cut_chronology(chronology, kept, &map))
}

/// The chronology of the scenes kept: their placements, positions counted
/// among them.
fn cut_chronology(
    chronology: &Chronology,
    kept: &[bool],
    map: &dyn Fn(SceneId) -> Option<SceneId>,
) -> Chronology {
    let order: Vec<SceneId> = chronology.order.iter().filter_map(|&s| map(s)).collect();
    let mut placements: Vec<_> = chronology
        .placements
        .iter()
        .zip(kept)
        .filter(|(_, &k)| k)
        .map(|(p, _)| p.clone())
        .collect();
    for p in &mut placements {
        p.chrono = None;
        p.relative = p.relative.take().and_then(|r| {
            Some(Box::new(RelativeBounds {
                anchor: map(r.anchor)?,
                ..*r
            }))
        });
    }
    for (pos, s) in order.iter().enumerate() {
        placements[s.index()].chrono = Some(pos);
    }
    Chronology {
        placements,
        order,
        unplaced: chronology.unplaced.iter().filter_map(|&s| map(s)).collect(),
        contradictions: Vec::new(),
        truncated: false,
        day_conflicts: Vec::new(),
        narrowed: chronology
            .narrowed
            .iter()
            .filter_map(|&(s, from, to)| Some((map(s)?, from, to)))
            .collect(),
    }
}

/// A constraint's kind with its other scene renumbered; `None` when that
/// scene is left out.
fn remap_kind(
    kind: ConstraintKind,
    map: &dyn Fn(SceneId) -> Option<SceneId>,
) -> Option<ConstraintKind> {
    Some(match kind {
        ConstraintKind::After { other, gap } => ConstraintKind::After {
            other: map(other)?,
            gap,
        },
        ConstraintKind::Before { other, gap } => ConstraintKind::Before {
            other: map(other)?,
            gap,
        },
        ConstraintKind::During { other } => ConstraintKind::During { other: map(other)? },
        ConstraintKind::Offset { other, offset } => ConstraintKind::Offset {
            other: map(other)?,
            offset,
        },
        ConstraintKind::SameAs { other } => ConstraintKind::SameAs { other: map(other)? },
        k @ (ConstraintKind::StartsWithin { .. }
        | ConstraintKind::InEra { .. }
        | ConstraintKind::Lasts { .. }) => k,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::continuity::tests::load;

    const STORY: &str = "title: T\ncharacter Ana\ncharacter Ben\nthread Main\nscene a: A\n  story: 2014-01-01\n  cast: Ana\n  thread: Main\nscene b: B\n  story: after c\n  cast: Ben\nscene c: C\n  story: 2013-01-01\n  cast: Ana, Ben\n  thread: main\nscene d: D\n  cast: Ana\n";

    #[test]
    fn a_character_keeps_their_scenes_in_the_whole_story_order() {
        let (_, story, chronology) = load(STORY);
        let filter = Filter {
            character: Some("ana".into()),
            thread: None,
        };
        let f = filter.apply(&story, &chronology).unwrap();
        let ids: Vec<&str> = f.story().scenes.keys().map(|k| k.as_str()).collect();
        assert_eq!(ids, ["a", "c", "d"]);
        // `c` (2013) comes before `a` (2014); `d` is unplaced.
        let order: Vec<&str> = f
            .chronology()
            .order
            .iter()
            .map(|&s| f.story().scene_name(s))
            .collect();
        assert_eq!(order, ["c", "a"]);
        assert_eq!(f.chronology().placements[1].chrono, Some(0));
        assert_eq!(f.chronology().unplaced, [SceneId(2)]);
        // Ben's `b` is after `c`; with Ana's scenes only, nothing points at it.
        let ben = Filter {
            character: Some("Ben".into()),
            thread: None,
        };
        let f = ben.apply(&story, &chronology).unwrap();
        let ids: Vec<&str> = f.story().scenes.keys().map(|k| k.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        let after = &f.story().scenes[0].constraints[0].kind;
        assert!(matches!(
            after,
            ConstraintKind::After {
                other: SceneId(1),
                ..
            }
        ));
    }

    #[test]
    fn threads_and_both_filters_and_unknown_names() {
        let (_, story, chronology) = load(STORY);
        let both = Filter {
            character: Some("Ben".into()),
            thread: Some("MAIN".into()),
        };
        let f = both.apply(&story, &chronology).unwrap();
        let ids: Vec<&str> = f.story().scenes.keys().map(|k| k.as_str()).collect();
        assert_eq!(ids, ["c"]);
        let wrong = Filter {
            character: Some("Anna".into()),
            thread: None,
        };
        let e = wrong.apply(&story, &chronology).unwrap_err();
        assert!(e.message.contains("did you mean `Ana`?"), "{e}");
        assert!(!wrong.applies_to(&story));
        let none = Filter::default();
        assert!(matches!(
            none.apply(&story, &chronology),
            Ok(Filtered::Whole(..))
        ));
    }
}
