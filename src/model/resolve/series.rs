//! Works while resolving: which work each scene belongs to, scene names
//! across works, viewing orders, and the series' telling.
//!
//! A child of the resolver, so it can look scenes up through the resolver's
//! own index. In a series every scene is keyed `WORK/SCENE` in
//! [`Story::scenes`]; a plain id is looked up in its scene's own work
//! first, then must name exactly one scene of the series. A story without
//! `work` lines never enters this module past [`Series::new`]'s scan.

use std::fmt::Write;

use compact_str::CompactString;
use indexmap::IndexMap;

use super::{FastMap, Resolver};
use crate::diagnostics::{codes, Diagnostic};
use crate::model::works::{self, ViewingOrder, Work, WorkId};
use crate::model::{DateBound, SceneId, Story};
use crate::span::{FileId, Span};
use crate::syntax::tree::{self, Item, WorkLine, WorkValue};
use crate::text::clip;
use crate::text::suggest;

/// Not a work: a scene outside every work.
const NO_WORK: u32 = u32::MAX;

/// What [`Resolver::declarations`] and the scene pass learn about works.
#[derive(Default)]
pub(super) struct Series {
    /// True when any file of the story has a `work` line.
    active: bool,
    /// Works in file order, with the scenes declared under each.
    works: Vec<Work>,
    /// Work id to index in `works` (the first declaration).
    index: FastMap<String, u32>,
    /// The work the declarations pass is in (`NO_WORK` at a file's start).
    current: u32,
    /// The work of each scene, by scene index (a series only).
    scene_work: Vec<u32>,
    /// Plain scene id to the scenes with it, made at the first plain id not
    /// found in its own work.
    plain: Option<FastMap<CompactString, Vec<u32>>>,
    /// `order` lines, resolved once every work is declared.
    orders: Vec<tree::OrderDecl>,
    /// Files that already have a scene outside every work reported.
    outside_reported: Vec<FileId>,
    /// Reused to build `WORK/SCENE` keys.
    key: String,
}

impl Series {
    /// The series of `trees`: active when any of them has a `work` line.
    pub(super) fn new(outline: &[&Item]) -> Series {
        let active = outline.iter().any(|i| matches!(i, Item::Work(_)));
        Series {
            active,
            current: NO_WORK,
            ..Series::default()
        }
    }

    /// True in a story with works.
    pub(super) fn active(&self) -> bool {
        self.active
    }

    /// A new file starts: no work is open.
    pub(super) fn start_file(&mut self) {
        self.current = NO_WORK;
    }

    /// The key of scene `id` declared now: `WORK/SCENE` inside a work.
    pub(super) fn scene_key(&mut self, id: &CompactString) -> CompactString {
        match self.works.get(self.current as usize) {
            Some(w) => {
                self.key.clear();
                let _ = write!(self.key, "{}/{}", w.id, id);
                CompactString::from(self.key.as_str())
            }
            None => id.clone(),
        }
    }

    /// The scene at index `scene` was declared (in the current work, if
    /// any); a scene outside every work of a series is reported once per
    /// file.
    pub(super) fn scene_declared(
        &mut self,
        scene: usize,
        decl: &tree::SceneDecl,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if !self.active {
            return;
        }
        self.scene_work.push(self.current);
        if let Some(w) = self.works.get_mut(self.current as usize) {
            w.scenes.end = scene as u32 + 1;
            return;
        }
        let file = decl.id.span.file;
        if !self.outside_reported.contains(&file) {
            self.outside_reported.push(file);
            diagnostics.push(
                Diagnostic::error(
                    codes::SCENE_OUTSIDE_WORK,
                    format!("scene `{}` belongs to no work", clip(&decl.id.text)),
                )
                .primary(decl.id.span, "no `work` line above it in this file")
                .help("this story has works: put a `work ID: TITLE` line above the file's first scene"),
            );
        }
    }

    /// `work ID: TITLE` in `file`, declared when `next_scene` scenes are
    /// declared: it opens a work, or reports a second work with the id.
    pub(super) fn declare_work(
        &mut self,
        w: &tree::WorkDecl,
        file: FileId,
        next_scene: usize,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        if w.id.text.is_empty() {
            self.current = NO_WORK;
            return;
        }
        let index = self.works.len() as u32;
        if let Some(&first) = self.index.get(w.id.text.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    codes::DUPLICATE_WORK,
                    format!("work `{}` is declared twice", clip(&w.id.text)),
                )
                .primary(w.id.span, "declared again here")
                .secondary(self.works[first as usize].span, "first declared here")
                .help("give each work its own id, such as `anh` and `esb`"),
            );
        } else {
            self.index.insert(w.id.text.to_string(), index);
        }
        let start = next_scene as u32;
        self.works.push(Work {
            id: w.id.text.to_string(),
            title: w
                .title
                .as_ref()
                .map_or_else(|| w.id.text.to_string(), |t| t.text.to_string()),
            released: None,
            released_text: None,
            season: None,
            episode: None,
            runtime: None,
            fields: IndexMap::new(),
            file,
            span: w.id.span,
            scenes: start..start,
            omitted: false,
        });
        self.current = index;
        fields(self.works.last_mut(), w, diagnostics);
    }

    /// `order NAME: …`, kept until every work is declared.
    pub(super) fn declare_order(&mut self, o: &tree::OrderDecl) {
        self.orders.push(o.clone());
    }

    /// The work of a scene, if it has one.
    fn work_of(&self, scene: SceneId) -> Option<u32> {
        self.scene_work
            .get(scene.index())
            .copied()
            .filter(|&w| w != NO_WORK)
    }
}

/// The fields under a work line, into `work`; a field given twice is
/// reported.
fn fields(work: Option<&mut Work>, w: &tree::WorkDecl, diagnostics: &mut Vec<Diagnostic>) {
    let Some(work) = work else { return };
    let mut seen: Vec<(&str, Span)> = Vec::new();
    for line in &w.lines {
        let WorkLine::Field(f) = line else { continue };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == f.key.text.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_WORK_FIELD,
                    format!(
                        "field `{}` given twice in work `{}`",
                        clip(&f.key.text),
                        clip(&w.id.text)
                    ),
                )
                .primary(f.key.span, "given again here")
                .secondary(*first, "first given here")
                .help("keep one of them"),
            );
            continue;
        }
        seen.push((f.key.text.as_str(), f.key.span));
        match (&f.value, f.key.text.as_str()) {
            (WorkValue::Released(d), _) => {
                // Release dates are real-world dates: Gregorian, whatever
                // the story's own calendar.
                match crate::time::calendar::Calendar::gregorian().bounds(&d.value) {
                    Ok((lo, hi)) => {
                        work.released = Some(DateBound {
                            lo,
                            hi,
                            span: d.span,
                        });
                        work.released_text = Some(d.value.to_string());
                    }
                    Err(e) => diagnostics.push(
                        Diagnostic::error(
                            codes::INVALID_DATE,
                            format!("invalid date `{}`", d.value),
                        )
                        .primary(d.span, e.to_string())
                        .help("write the release date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"),
                    ),
                }
            }
            (WorkValue::Number(n), "season") => work.season = Some(*n),
            (WorkValue::Number(n), _) => work.episode = Some(*n),
            (WorkValue::Runtime(t), _) => work.runtime = Some(t.millis),
            (WorkValue::Text(t), key) => {
                work.fields.insert(key.to_string(), t.text.to_string());
            }
            (WorkValue::Invalid, _) => {}
        }
    }
}

/// How a name in a series was looked up.
pub(super) enum Lookup {
    /// The scene at this index.
    Found(usize),
    /// An error was reported.
    Reported,
    /// No scene has the name: the caller reports it as unknown.
    Missing,
}

impl Resolver {
    /// Look `name` up in a series (or any `WORK/SCENE` name), for a
    /// reference made by scene `from` (`None`: from outside every scene).
    pub(super) fn lookup_in_series(&mut self, name: &tree::Name, from: Option<SceneId>) -> Lookup {
        let text = name.text.as_str();
        if let Some((work, scene)) = text.split_once('/') {
            return self.lookup_qualified(name, work, scene);
        }
        let own = from.and_then(|f| self.series.work_of(f));
        if let Some(w) = own {
            let mut key = std::mem::take(&mut self.series.key);
            key.clear();
            let _ = write!(key, "{}/{}", self.series.works[w as usize].id, text);
            let found = self.find_scene(&key);
            self.series.key = key;
            if let Some(i) = found {
                return Lookup::Found(i);
            }
        }
        let scenes = &self.story.scenes;
        let plain = self.series.plain.get_or_insert_with(|| {
            let mut map: FastMap<CompactString, Vec<u32>> = FastMap::default();
            for (i, s) in scenes.values().enumerate() {
                // `WORK/SCENE`: the plain id is after the `/` (neither id
                // may hold one).
                let plain = s.id.split_once('/').map_or(s.id.as_str(), |(_, p)| p);
                map.entry(plain.into()).or_default().push(i as u32);
            }
            map
        });
        match plain.get(text).map(Vec::as_slice) {
            Some(&[one]) => Lookup::Found(one as usize),
            Some(many) if many.len() > 1 => {
                let many = many.to_vec();
                self.diagnostics.push(ambiguous(&self.story, name, &many));
                Lookup::Reported
            }
            _ => Lookup::Missing,
        }
    }

    /// `WORK/SCENE`: the work must exist (and the story have works), and
    /// both halves be written.
    fn lookup_qualified(&mut self, name: &tree::Name, work: &str, scene: &str) -> Lookup {
        if scene.is_empty() || work.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::INCOMPLETE_REFERENCE,
                    format!("`{}` names no scene", clip(&name.text)),
                )
                .primary(name.span, "a scene id must follow the `/`")
                .help(format!(
                    "write `{}/SCENE`, or the scene's id alone for a scene of this work",
                    clip(work)
                )),
            );
            return Lookup::Reported;
        }
        if !self.series.index.contains_key(work) {
            let d = self.unknown_work(work, name.span, scene);
            self.diagnostics.push(d);
            return Lookup::Reported;
        }
        match self.find_scene(&name.text) {
            Some(i) => Lookup::Found(i),
            None => Lookup::Missing,
        }
    }

    /// The error for a work id no `work` line declares.
    fn unknown_work(&self, work: &str, span: Span, scene: &str) -> Diagnostic {
        let d = Diagnostic::error(
            codes::UNKNOWN_WORK,
            format!("unknown work `{}`", clip(work)),
        )
        .primary(span, "no work has this id");
        if !self.series.active {
            return d.help(format!(
                "this story has no `work` lines; name the scene alone (`{}`), or declare the work with `work {}: TITLE`",
                clip(scene),
                clip(work)
            ));
        }
        let near = suggest::closest(work, self.series.index.keys().map(String::as_str));
        d.help(match near {
            Some(n) => format!("did you mean `{n}`?"),
            None => {
                let mut ids: Vec<(&u32, &String)> =
                    self.series.index.iter().map(|(k, v)| (v, k)).collect();
                ids.sort();
                format!(
                    "declared works are {}",
                    super::listing(ids.into_iter().map(|(_, k)| k))
                )
            }
        })
    }

    /// Every `order` line, once the works are known: each must name
    /// declared works, each once, and have a name of its own.
    fn resolve_orders(&mut self) {
        let decls = std::mem::take(&mut self.series.orders);
        let mut names: FastMap<&str, Span> = FastMap::default();
        for o in &decls {
            let mut works: Vec<WorkId> = Vec::with_capacity(o.works.len());
            let mut ok = true;
            for w in &o.works {
                let Some(&i) = self.series.index.get(w.text.as_str()) else {
                    let d = self.unknown_work(&w.text, w.span, "SCENE");
                    self.diagnostics.push(d);
                    ok = false;
                    continue;
                };
                if works.contains(&WorkId(i)) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::DUPLICATE_ORDER,
                            format!(
                                "order `{}` lists `{}` twice",
                                clip(&o.name.text),
                                clip(&w.text)
                            ),
                        )
                        .primary(w.span, "listed again here")
                        .help("list each work once"),
                    );
                    ok = false;
                    continue;
                }
                works.push(WorkId(i));
            }
            if let Some(first) = names.get(o.name.text.as_str()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::DUPLICATE_ORDER,
                        format!("order `{}` is declared twice", clip(&o.name.text)),
                    )
                    .primary(o.name.span, "declared again here")
                    .secondary(*first, "first declared here")
                    .help("give each viewing order its own name"),
                );
                continue;
            }
            names.insert(o.name.text.as_str(), o.name.span);
            if ok {
                self.story.orders.insert(
                    o.name.text.to_string(),
                    ViewingOrder {
                        name: o.name.text.to_string(),
                        works,
                        span: o.name.span,
                    },
                );
            }
        }
    }

    /// The end of resolving a series: works without scenes are reported,
    /// orders resolved, and the works told in their default order.
    pub(super) fn finish_series(&mut self) {
        if !self.series.active {
            return;
        }
        let mut works = std::mem::take(&mut self.series.works);
        for w in &works {
            if w.scenes.is_empty() {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::EMPTY_WORK,
                        format!("work `{}` has no scenes", clip(&w.id)),
                    )
                    .primary(w.span, "no scene follows this line in its file")
                    .help("add its scenes below the `work` line (before the next `work` line), or remove the line"),
                );
            }
        }
        // Duplicates (reported) are dropped, their scenes outside every
        // work; the story does not reach the engine.
        let mut keep = vec![false; works.len()];
        for &i in self.series.index.values() {
            keep[i as usize] = true;
        }
        if keep.iter().all(|&k| k) {
            self.series.index.clear();
            for (i, w) in works.iter().enumerate() {
                self.series.index.insert(w.id.clone(), i as u32);
            }
        } else {
            let mut i = 0;
            works.retain(|_| {
                i += 1;
                keep[i - 1]
            });
            self.series.index = works
                .iter()
                .enumerate()
                .map(|(i, w)| (w.id.clone(), i as u32))
                .collect();
        }
        self.story.works = works;
        self.resolve_orders();
        let order = works::default_telling(&self.story.works);
        works::retell(&mut self.story, &order);
    }
}

/// The error for a plain id that several works' scenes have.
fn ambiguous(story: &Story, name: &tree::Name, candidates: &[u32]) -> Diagnostic {
    let keys = |n: usize| -> Vec<String> {
        candidates
            .iter()
            .take(n)
            .map(|&i| format!("`{}`", clip(story.scene_name(SceneId(i)))))
            .collect()
    };
    let mut d = Diagnostic::error(
        codes::AMBIGUOUS_SCENE,
        format!(
            "`{}` is a scene of {} works: {}",
            clip(&name.text),
            candidates.len(),
            keys(10).join(", ")
        ),
    )
    .primary(name.span, "which one?");
    for &i in candidates.iter().take(10) {
        let s = story.scene(SceneId(i));
        d = d.secondary(
            s.id_span,
            format!("`{}` is here", clip(story.scene_name(SceneId(i)))),
        );
    }
    d.help(format!("name the work too, such as {}", keys(1).join("")))
}
