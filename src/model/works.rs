//! Works of a series: films, episodes, books sharing one chronology.
//!
//! A story with `work` lines is a *series*: its scenes are grouped into
//! [`Work`]s, each a contiguous run of [`Story::scenes`], and the works are
//! kept in telling order, so a scene's [`SceneId`] is still its place in the
//! telling. The default telling is by release date when every work has one,
//! else by season and episode when every work has one of them, else file
//! order; a declared [`ViewingOrder`] is another telling, applied with
//! [`retell`] (which renumbers scenes, so the rest of the pipeline needs no
//! notion of works to follow it).

use std::ops::Range;

use indexmap::IndexMap;
use serde::Serialize;

use crate::model::{ConstraintKind, DateBound, EraBound, SceneId, Story};
use crate::span::{FileId, Span};
use crate::time::Millis;

/// Index of a work in [`Story::works`] (its place in the telling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct WorkId(pub u32);

impl WorkId {
    /// As a `usize` index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// One work: a film, an episode, a book.
#[derive(Clone, Debug, Serialize)]
pub struct Work {
    /// The id (`anh`), unique in the series.
    pub id: String,
    /// The title (`A New Hope`); the id when the line gives none.
    pub title: String,
    /// `released:`, at its precision.
    pub released: Option<DateBound>,
    /// `released:` in its normal form (`1977-05-25`, `1977`).
    pub released_text: Option<String>,
    /// `season:`.
    pub season: Option<u32>,
    /// `episode:`.
    pub episode: Option<u32>,
    /// `runtime:`, in milliseconds.
    pub runtime: Option<Millis>,
    /// Every other field, as written, in order.
    pub fields: IndexMap<String, String>,
    /// The file its `work` line is in.
    #[serde(skip)]
    pub file: FileId,
    /// The work's id as written on its `work` line.
    #[serde(skip)]
    pub span: Span,
    /// Its scenes: indices into [`Story::scenes`].
    pub scenes: Range<u32>,
    /// True when the telling is a viewing order that leaves this work out
    /// ([`retell_in`]): its scenes are told after the order's works, and
    /// work-level measures of the telling leave it out.
    #[serde(skip)]
    pub omitted: bool,
}

impl Work {
    /// The year of release, if known (the first year a `released:` range
    /// covers).
    pub fn release_year(&self) -> Option<i64> {
        self.released.and_then(|r| crate::time::year_of(r.lo))
    }

    /// Its scenes' ids.
    pub fn scene_ids(&self) -> impl Iterator<Item = SceneId> {
        self.scenes.clone().map(SceneId)
    }
}

/// A declared viewing order: `order NAME: WORK, WORK, …`.
#[derive(Clone, Debug, Serialize)]
pub struct ViewingOrder {
    /// The name.
    pub name: String,
    /// The works it names, in its order (it may leave works out).
    pub works: Vec<WorkId>,
    /// Where the order's name was written.
    #[serde(skip)]
    pub span: Span,
}

impl Story {
    /// True when the story is a series (has `work` lines).
    pub fn has_works(&self) -> bool {
        !self.works.is_empty()
    }

    /// The work at an index.
    pub fn work(&self, id: WorkId) -> &Work {
        &self.works[id.index()]
    }

    /// The work a scene belongs to, if the story has works (a binary search
    /// over the works' runs of scenes).
    pub fn work_of(&self, scene: SceneId) -> Option<WorkId> {
        let i = self.works.partition_point(|w| w.scenes.end <= scene.0);
        self.works
            .get(i)
            .filter(|w| w.scenes.contains(&scene.0))
            .map(|_| WorkId(i as u32))
    }

    /// The works in the telling of the viewing order `name`: the works it
    /// names, in its order. `None` when no order has that name.
    pub fn order_works(&self, name: &str) -> Option<&[WorkId]> {
        self.orders.get(name).map(|o| o.works.as_slice())
    }
}

/// The default telling order of works declared in file order: by release
/// when every work has a `released:`, else by season then episode when
/// every work has a `season:` or an `episode:`, else file order. Ties keep
/// file order.
pub fn default_telling(works: &[Work]) -> Vec<WorkId> {
    let mut order: Vec<WorkId> = (0..works.len() as u32).map(WorkId).collect();
    if works.iter().all(|w| w.released.is_some()) {
        order.sort_by_key(|w| {
            let r = works[w.index()].released.map(|r| (r.lo, r.hi));
            r.unwrap_or_default()
        });
    } else if works
        .iter()
        .all(|w| w.season.is_some() || w.episode.is_some())
    {
        order.sort_by_key(|w| {
            let w = &works[w.index()];
            (w.season.unwrap_or(0), w.episode.unwrap_or(0))
        });
    }
    order
}

/// The works of `story` in the order `named`, followed by every work it
/// leaves out, in their present order: a whole telling for [`retell`].
pub fn complete(story: &Story, named: &[WorkId]) -> Vec<WorkId> {
    let mut seen = vec![false; story.works.len()];
    let mut out = Vec::with_capacity(story.works.len());
    for &w in named {
        if let Some(s) = seen.get_mut(w.index()) {
            if !*s {
                *s = true;
                out.push(w);
            }
        }
    }
    out.extend(
        (0..story.works.len() as u32)
            .map(WorkId)
            .filter(|w| !seen[w.index()]),
    );
    out
}

/// Tell the works of `story` in `order` (a permutation of its works, as
/// [`complete`] makes): scenes, works and viewing orders are renumbered,
/// and every scene reference follows its scene. A story already in that
/// order is left as it is.
pub fn retell(story: &mut Story, order: &[WorkId]) {
    let identity = order.iter().enumerate().all(|(i, w)| w.index() == i);
    // Scenes outside every work (only in a story with errors) would have
    // no place in the new telling: such a story keeps its own.
    let in_works: usize = story.works.iter().map(|w| w.scenes.len()).sum();
    if identity || order.len() != story.works.len() || in_works != story.scenes.len() {
        return;
    }
    let mut new_of_old = vec![0u32; story.scenes.len()];
    let mut next = 0u32;
    for &w in order {
        for old in story.works[w.index()].scenes.clone() {
            new_of_old[old as usize] = next;
            next += 1;
        }
    }
    // Every reference follows its scene, then the entries are sorted in
    // place by their work's new place (stable, so a work's scenes keep
    // their order): no second copy of the scenes, which a large series
    // would feel.
    let map = |id: SceneId| SceneId(new_of_old[id.index()]);
    for scene in story.scenes.values_mut() {
        for c in &mut scene.constraints {
            remap(&mut c.kind, map);
        }
        scene.repeats = scene.repeats.map(map);
    }
    let mut rank: std::collections::HashMap<String, u32, foldhash::fast::RandomState> =
        Default::default();
    for (new, &w) in order.iter().enumerate() {
        rank.insert(story.works[w.index()].id.clone(), new as u32);
    }
    // In a series every key is `WORK/SCENE` (checked above: every scene is
    // in a work).
    story.scenes.sort_by_cached_key(|key, _| {
        let work = key.split_once('/').map_or(key.as_str(), |(w, _)| w);
        rank.get(work).copied().unwrap_or(u32::MAX)
    });
    for era in story.eras.values_mut() {
        for bound in [&mut era.from, &mut era.to].into_iter().flatten() {
            if let EraBound::Scene { scene, .. } = bound {
                *scene = map(*scene);
            }
        }
    }
    let mut new_work = vec![WorkId(0); order.len()];
    let old_works = std::mem::take(&mut story.works);
    let mut start = 0u32;
    let mut works: Vec<Option<Work>> = old_works.into_iter().map(Some).collect();
    for (new, &w) in order.iter().enumerate() {
        new_work[w.index()] = WorkId(new as u32);
        if let Some(mut work) = works[w.index()].take() {
            let len = work.scenes.len() as u32;
            work.scenes = start..start + len;
            start += len;
            story.works.push(work);
        }
    }
    for o in story.orders.values_mut() {
        for w in &mut o.works {
            *w = new_work[w.index()];
        }
    }
}

/// Point a constraint's other scene at its new index.
fn remap(kind: &mut ConstraintKind, map: impl Fn(SceneId) -> SceneId) {
    match kind {
        ConstraintKind::After { other, .. }
        | ConstraintKind::Before { other, .. }
        | ConstraintKind::During { other }
        | ConstraintKind::Offset { other, .. }
        | ConstraintKind::SameAs { other } => *other = map(*other),
        ConstraintKind::StartsWithin { .. }
        | ConstraintKind::InEra { .. }
        | ConstraintKind::Lasts { .. } => {}
    }
}

/// Tell `story` in its viewing order `name`: the works it names first, in
/// its order, then the works it leaves out, marked [`Work::omitted`].
/// False (and the story unchanged) when the story declares no such order.
pub fn retell_in(story: &mut Story, name: &str) -> bool {
    let Some(named) = story.order_works(name).map(<[WorkId]>::to_vec) else {
        return false;
    };
    let order = complete(story, &named);
    retell(story, &order);
    for (i, w) in story.works.iter_mut().enumerate() {
        w.omitted = i >= named.len();
    }
    true
}

/// The works of a story cut to the scenes `kept` (by telling index): each
/// keeps its place (so viewing orders still name it), its run of scenes
/// shrunk to those kept, counted among them.
pub fn cut(works: &[Work], kept: &[bool]) -> Vec<Work> {
    let mut start = 0u32;
    works
        .iter()
        .map(|w| {
            let mut work = w.clone();
            let count = w
                .scenes
                .clone()
                .filter(|&i| kept.get(i as usize).copied().unwrap_or(false))
                .count() as u32;
            work.scenes = start..start + count;
            start += count;
            work
        })
        .collect()
}
