//! Name resolution: syntax trees to a [`Story`].
//!
//! Two passes. The first collects every declaration of every file (so a
//! scene may refer to one declared later or in another file) and reports
//! duplicates with both places labelled. The second resolves each scene's
//! properties. Unknown names get a suggestion from a [`Suggester`], computed
//! once per distinct unknown name. All work is linear in the input apart
//! from those capped suggestion queries.
//!
//! The second pass takes one scene at a time, so [`resolve_owned`] can free
//! each scene's syntax nodes once it is resolved: for a large story the tree
//! is several times the size of the text, and holding it whole beside the
//! story would double the peak. Scenes are built in the first pass, in
//! telling order, and found again in the second by position, not by id.
//!
//! The first pass needs no scene's lines, so the trees may be outlines
//! ([`crate::syntax::parser::parse_outline`]) whose scenes get their lines
//! only when the second pass comes to them ([`resolve_outlines_in`]): then
//! the tree is never whole at all.

use std::collections::HashMap;
use std::hash::BuildHasher;
use thin_vec::ThinVec;

use indexmap::map::Entry;
use indexmap::IndexMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::threads::ThreadIndex;
use crate::model::*;
use crate::span::Span;
use crate::syntax::reserved::SCENE_PROPERTIES;
use crate::syntax::tree::{self, Item, PropertyValue, SceneLine, Sign, StoryConstraint};
use crate::text::clip;
use crate::text::suggest::{self, Suggester};
use crate::time::{Calendar, DateError, DateTimeSpec, Duration, Seconds};

mod production;
pub use production::is_day_label;

mod series;

/// A hash map with the story's fast hasher, for lookups made per name.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Resolve the trees of one story (files in telling order) into a [`Story`].
///
/// `fallback_title` names the story when no file has a `title:`.
pub fn resolve(trees: &[&tree::SourceTree], fallback_title: &str) -> (Story, Vec<Diagnostic>) {
    resolve_in(trees, fallback_title, None)
}

/// A calendar a `calendar: FILE` header names, read by the workspace (or
/// why it could not be).
pub type ExternalCalendar = Option<Result<Calendar, Box<Diagnostic>>>;

/// [`resolve()`] with the calendar of a `calendar: FILE` header.
pub fn resolve_in(
    trees: &[&tree::SourceTree],
    fallback_title: &str,
    calendar: ExternalCalendar,
) -> (Story, Vec<Diagnostic>) {
    let outline = tree::outline(trees);
    let mut r = Resolver::new(trees, &outline, fallback_title);
    r.external_calendar = calendar;
    r.declarations(trees, &outline);
    drop(outline);
    let first = first_item_span(trees);
    crate::timings::mark("  declarations");
    for tree in trees {
        let mut pass = FilePass::default();
        for item in &tree.items {
            match item {
                Item::Scene(decl) => r.scene(decl, &mut pass),
                // Each work has its own screen clock.
                Item::Work(_) => pass = FilePass::default(),
                _ => {}
            }
        }
    }
    r.finish(first)
}

/// [`resolve()`], taking the trees: each scene's nodes are freed as soon as
/// the scene is resolved, so the tree and the story are never both whole in
/// memory. For commands that need only the model afterwards.
pub fn resolve_owned(
    trees: Vec<tree::SourceTree>,
    fallback_title: &str,
) -> (Story, Vec<Diagnostic>) {
    resolve_owned_in(trees, fallback_title, None)
}

/// [`resolve_owned()`] with the calendar of a `calendar: FILE` header.
/// The trees have every line parsed (no [`tree::SourceTree::unparsed`]
/// scenes): for outlines, [`resolve_outlines_in`].
pub fn resolve_owned_in(
    trees: Vec<tree::SourceTree>,
    fallback_title: &str,
    calendar: ExternalCalendar,
) -> (Story, Vec<Diagnostic>) {
    debug_assert!(
        trees.iter().all(|t| t.unparsed.is_empty()),
        "outlines are resolved by resolve_outlines_in"
    );
    resolve_outlines_in(trees, fallback_title, calendar, &mut |_, _| Vec::new())
}

/// [`resolve_owned_in`] for trees read as outlines
/// ([`crate::syntax::parser::parse_outline`]): `lines` gives the lines of
/// each scene an outline left unparsed, asked for in story order (file by
/// file, scene by scene) when the scene pass comes to it. Only a scene's
/// lines are held while it is resolved, so the tree is never whole.
pub fn resolve_outlines_in(
    trees: Vec<tree::SourceTree>,
    fallback_title: &str,
    calendar: ExternalCalendar,
    lines: &mut dyn FnMut(FileId, &tree::UnparsedLines) -> Vec<SceneLine>,
) -> (Story, Vec<Diagnostic>) {
    let refs: Vec<&tree::SourceTree> = trees.iter().collect();
    let outline = tree::outline(&refs);
    let mut r = Resolver::new(&refs, &outline, fallback_title);
    r.external_calendar = calendar;
    r.declarations(&refs, &outline);
    drop(outline);
    let first = first_item_span(&refs);
    drop(refs);
    crate::timings::mark("  declarations");
    for tree in trees {
        let mut pass = FilePass::default();
        let mut unparsed = tree.unparsed.iter().peekable();
        for (index, item) in tree.items.into_iter().enumerate() {
            match item {
                Item::Scene(mut decl) => {
                    if let Some(body) = unparsed.next_if(|u| u.item as usize == index) {
                        decl.lines = lines(tree.file, body);
                    }
                    r.scene(&decl, &mut pass)
                }
                Item::Work(_) => pass = FilePass::default(),
                _ => {}
            }
        }
    }
    r.finish(first)
}

/// Where the first top-level item of a story was written, for the warning
/// about a story without scenes.
fn first_item_span(trees: &[&tree::SourceTree]) -> Option<Span> {
    trees
        .iter()
        .find_map(|t| t.items.iter().find_map(item_span))
}

/// What the scene pass carries from one scene to the next within a file.
#[derive(Default)]
struct FilePass {
    /// The last `screen:` start, and the scene it was in: screen starts may
    /// not go backwards within one file.
    previous_screen: Option<(u32, tree::Timecode)>,
}

impl Resolver {
    fn new(trees: &[&tree::SourceTree], outline: &[&Item], fallback_title: &str) -> Resolver {
        // Sized up front: growing a map of a million scenes by doubling
        // copies it about twice over and briefly holds both copies. Items
        // bound the scenes without a pass over them; the few others cost
        // address space, not memory, as pages never written are never
        // mapped.
        let scene_count = trees.iter().map(|t| t.items.len()).sum();
        Resolver {
            diagnostics: Vec::new(),
            story: Story {
                title: fallback_title.to_string(),
                header: IndexMap::new(),
                calendar: Calendar::gregorian(),
                weekday_claims: Vec::new(),
                files: trees.iter().map(|t| t.file).collect(),
                eras: NameMap::default(),
                markers: NameMap::default(),
                characters: NameMap::default(),
                scenes: NameMap::with_capacity_and_hasher(scene_count, Default::default()),
                works: Vec::new(),
                orders: NameMap::default(),
                threads: NameMap::default(),
                present: None,
            },
            threads: ThreadIndex::default(),
            character_index: FastMap::default(),
            suggestions: HashMap::new(),
            scene_names: None,
            cast_seen: Seen::default(),
            property_seen: Seen::default(),
            fold_buffer: String::new(),
            next_scene: 0,
            recent_scenes: vec![u32::MAX; RECENT_SCENES],
            external_calendar: None,
            calendar_failed: false,
            series: series::Series::new(outline),
        }
    }

    fn finish(mut self, first_item: Option<Span>) -> (Story, Vec<Diagnostic>) {
        self.finish_series();
        if self.story.scenes.is_empty() {
            // A story with declarations but no scene has nothing to order
            // or draw; an empty file is already E0002.
            if let Some(span) = first_item {
                self.diagnostics.push(
                    Diagnostic::warning(codes::NO_SCENES, "the story has no scenes")
                        .primary(span, "the story starts here")
                        .help("add scenes with `scene ID: TITLE` (indented properties below each)"),
                );
            }
        }
        if let Some(title) = self.story.header.get("title") {
            self.story.title = title.clone();
        }
        self.present_thread();
        (self.story, self.diagnostics)
    }
}

/// Slots in the table of recently found scenes: 16 KiB, so it stays in the
/// fastest cache.
const RECENT_SCENES: usize = 4096;

/// What kind of name a suggestion is for; each has its own candidates.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Scene,
    Era,
    Character,
    Marker,
}

struct Resolver {
    diagnostics: Vec<Diagnostic>,
    story: Story,
    /// Folded character name to index.
    character_index: FastMap<String, CharacterId>,
    /// One suggestion per distinct unknown name.
    suggestions: HashMap<(Kind, String), Option<String>>,
    scene_names: Option<Suggester>,
    /// Reused by every `cast:` line: characters already listed.
    cast_seen: Seen<CharacterId>,
    /// Reused by every scene: property keys already given.
    property_seen: Seen<PropertyKey>,
    /// The scene pass: index of the next scene to resolve.
    next_scene: usize,
    /// Recently found scenes by hash ([`Resolver::find_scene`]).
    recent_scenes: Vec<u32>,
    /// Reused by every cast name: the name folded.
    fold_buffer: String,
    /// The calendar a `calendar: FILE` header names, read by the workspace.
    external_calendar: ExternalCalendar,
    /// True when the story's calendar could not be read: its dates are then
    /// not reported one by one.
    calendar_failed: bool,
    /// The works of a series ([`series`]).
    series: series::Series,
    /// Folded thread names to threads.
    threads: ThreadIndex,
}

/// The span each key was last recorded at: a linear scan while small (a
/// scene has a handful of properties, a cast a few names), a hash map once
/// large, so a pathological scene stays linear. Cleared and reused, so the
/// common case allocates nothing.
struct Seen<K> {
    small: Vec<(K, Span)>,
    /// Made only when needed: a default `Seen` is built for every scene.
    large: Option<FastMap<K, Span>>,
}

impl<K> Default for Seen<K> {
    fn default() -> Seen<K> {
        Seen {
            small: Vec::new(),
            large: None,
        }
    }
}

impl<K: Eq + std::hash::Hash> Seen<K> {
    /// Keys kept in the linear list before switching to the map.
    const SMALL: usize = 16;

    fn clear(&mut self) {
        self.small.clear();
        if let Some(large) = &mut self.large {
            large.clear();
        }
    }

    /// Record `key` at `span` unless it was recorded already; then return
    /// where it was first recorded (a third `cast: Ana` is labelled against
    /// the first, as the message says).
    fn insert(&mut self, key: K, span: Span) -> Option<Span> {
        let large = match &mut self.large {
            Some(large) if !large.is_empty() => large,
            _ => {
                if let Some(slot) = self.small.iter().find(|(k, _)| *k == key) {
                    return Some(slot.1);
                }
                if self.small.len() < Self::SMALL {
                    self.small.push((key, span));
                    return None;
                }
                let large = self.large.get_or_insert_with(FastMap::default);
                large.extend(self.small.drain(..));
                large
            }
        };
        match large.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(span);
                None
            }
        }
    }
}

impl Resolver {
    /// Declare every header field, era, marker, character and scene of the
    /// story, in file order, reporting duplicates; then resolve what needs
    /// them all declared first (era bounds, marker values' eras).
    fn declarations(&mut self, trees: &[&tree::SourceTree], outline: &[&Item]) {
        let mut header_file: Option<Span> = None;
        // Where each era's name is, by era index: an era's span is its
        // whole line, and a duplicate is labelled at the first one's name.
        let mut era_names: Vec<Span> = Vec::new();
        self.choose_calendar(outline);
        // Sized once: grown by doubling, the map of a large story is
        // copied about twice over, each copy into fresh pages.
        let scenes = trees
            .iter()
            .flat_map(|t| &t.items)
            .filter(|i| matches!(i, Item::Scene(_)))
            .count();
        self.story.scenes.reserve(scenes);
        for tree in trees {
            self.series.start_file();
            for item in &tree.items {
                match item {
                    Item::Work(w) => {
                        let next = self.story.scenes.len();
                        self.series
                            .declare_work(w, tree.file, next, &mut self.diagnostics);
                    }
                    Item::Order(o) => self.series.declare_order(o),
                    Item::Header(h) => self.declare_header(h, &mut header_file),
                    Item::Era(e) => self.declare_era(e, &mut era_names),
                    Item::Marker(m) => self.declare_marker(m),
                    Item::Character(c) => self.declare_character(c),
                    Item::Scene(s) => self.declare_scene(s, tree.file),
                    Item::Thread(t) => {
                        self.threads
                            .declare(&mut self.story.threads, t, &mut self.diagnostics)
                    }
                    Item::Comment(_) | Item::Calendar(_) => {}
                }
            }
        }
        // Era bounds and marker eras need every scene and era declared first.
        for item in outline {
            match item {
                Item::Era(e) => self.era_bounds(e),
                Item::Marker(m) => self.marker_eras(m),
                Item::Header(h) if h.key.text == "present" => self.present(h),
                _ => {}
            }
        }
    }

    /// `calendar: NAME` in the header: the calendar every date of the story
    /// is read with, chosen before any date is read.
    fn choose_calendar(&mut self, outline: &[&Item]) {
        let field = outline.iter().find_map(|i| match i {
            Item::Header(h) if h.key.text == "calendar" => Some(h),
            _ => None,
        });
        let Some(h) = field else { return };
        let wanted = h.value.text.as_str();
        let declared = outline.iter().find_map(|i| match i {
            Item::Calendar(c) if c.name.text.eq_ignore_ascii_case(wanted) => Some(c),
            _ => None,
        });
        if let Some(decl) = declared {
            match super::calendar::read(decl) {
                Ok(c) => self.story.calendar = c,
                // Dates cannot be read in a broken calendar: the story
                // stops at the calendar's errors (one mistake, one error).
                Err(errors) => {
                    self.diagnostics.extend(errors);
                    self.calendar_failed = true;
                }
            }
            return;
        }
        if let Some(c) = self.external_calendar.take() {
            match c {
                Ok(c) => self.story.calendar = c,
                Err(d) => {
                    self.diagnostics.push(*d);
                    self.calendar_failed = true;
                }
            }
            return;
        }
        match Calendar::builtin(wanted) {
            Some(c) => self.story.calendar = c,
            None => {
                let names: Vec<String> = outline
                    .iter()
                    .filter_map(|i| match i {
                        Item::Calendar(c) => Some(format!("`{}`", c.name.text)),
                        _ => None,
                    })
                    .collect();
                let mut known = vec!["`gregorian`".to_string(), "`julian`".to_string()];
                known.extend(names);
                self.calendar_failed = true;
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::UNKNOWN_CALENDAR,
                        format!("unknown calendar `{}`", clip(wanted)),
                    )
                    .primary(h.value.span, "no calendar of this name")
                    .help(format!(
                        "write one of {}, declare it with `calendar {}:`, or name a calendar file (`calendar: harptos.json`)",
                        known.join(", "),
                        clip(wanted)
                    )),
                );
            }
        }
    }

    /// `key: value` at the top of a story's first file. A header in a
    /// later file is refused (it belongs to another story); a field given
    /// twice keeps its first value.
    fn declare_header(&mut self, h: &tree::HeaderField, header_file: &mut Option<Span>) {
        match *header_file {
            Some(first) if first.file != h.key.span.file => {
                self.diagnostics.push(
                    Diagnostic::error(codes::TWO_HEADERS, "a second story header in one story")
                        .primary(h.key.span, "this file also has a header")
                        .secondary(first, "the story's header is here")
                        .help("only the first file of a multi-file story has header fields; move each story with its own header into its own directory"),
                );
                return;
            }
            None => *header_file = Some(h.key.span),
            _ => {}
        }
        match self.story.header.entry(h.key.text.to_string()) {
            Entry::Occupied(_) => self.diagnostics.push(
                Diagnostic::error(
                    codes::DUPLICATE,
                    format!("header field `{}` given twice", h.key.text),
                )
                .primary(h.key.span, "given again here")
                .help("keep one of them"),
            ),
            Entry::Vacant(v) => {
                v.insert(h.value.text.to_string());
            }
        }
    }

    /// `era NAME: FROM .. TO`: declared now, its bounds resolved once every
    /// scene is known ([`Resolver::era_bounds`]).
    fn declare_era(&mut self, e: &tree::EraDecl, era_names: &mut Vec<Span>) {
        let entry = self.story.eras.entry(e.name.text.to_string());
        let era = || Era {
            name: e.name.text.to_string(),
            from: None,
            to: None,
            span: e.span,
        };
        let first = |i: usize, _: &Era| era_names[i];
        if declare_once(&mut self.diagnostics, entry, ("era", &e.name), first, era).is_some() {
            era_names.push(e.name.span);
        }
    }

    /// `marker NAME:` and its value lines; values' eras are resolved later
    /// ([`Resolver::marker_eras`]). A marker without a name was reported by
    /// the parser; its values are still checked for duplicates.
    fn declare_marker(&mut self, m: &tree::MarkerDecl) {
        let mut values: NameMap<String, MarkerValue> = NameMap::default();
        for line in &m.lines {
            let tree::MarkerLine::Value(v) = line else {
                continue;
            };
            let value = || MarkerValue {
                name: v.value.text.to_string(),
                era: None,
                color: v.color.map(|c| c.hex()),
                span: v.value.span,
            };
            let entry = values.entry(v.value.text.to_string());
            let name = ("marker value", &v.value);
            declare_once(
                &mut self.diagnostics,
                entry,
                name,
                |_, first| first.span,
                value,
            );
        }
        if m.name.text.is_empty() {
            return;
        }
        let marker = || Marker {
            name: m.name.text.to_string(),
            values,
            per_character: m.per_character,
            span: m.name.span,
        };
        let entry = self.story.markers.entry(m.name.text.to_string());
        let name = ("marker", &m.name);
        declare_once(
            &mut self.diagnostics,
            entry,
            name,
            |_, first| first.span,
            marker,
        );
    }

    /// `character NAME (born, died)`. Names are compared folded (`Semih`
    /// and `semih` are one character), so the index of folded names finds
    /// duplicates, with one hash per character.
    fn declare_character(&mut self, c: &tree::CharacterDecl) {
        let id = CharacterId(self.story.characters.len() as u32);
        match self.character_index.entry(fold_name(&c.name.text)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                let first = self.story.character(*first.get()).span;
                let again = duplicate("character", &c.name.text, c.name.span, first);
                self.diagnostics.push(again);
                return;
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(id);
            }
        }
        let mut date = |d: &Option<tree::DateLit>| {
            let d = d.as_ref()?;
            let (lo, hi) = self.date_bounds(d)?;
            Some(DateBound {
                lo,
                hi,
                span: d.span,
            })
        };
        let (born, died) = (date(&c.born), date(&c.died));
        self.story.characters.insert(
            c.name.text.to_string(),
            Character {
                name: c.name.text.to_string(),
                born,
                died,
                color: c.color.map(|c| c.hex()),
                span: c.name.span,
            },
        );
    }

    /// `scene ID: TITLE`, declared empty: its lines are resolved in the
    /// scene pass, once every scene id is known. A scene without an id was
    /// reported by the parser.
    fn declare_scene(&mut self, s: &tree::SceneDecl, file: FileId) {
        if s.id.text.is_empty() {
            return;
        }
        // In a series the id is `WORK/SCENE`, as every message names it.
        let key = if self.series.active() {
            self.series.scene_key(&s.id.text)
        } else {
            s.id.text.clone()
        };
        let scene = || Scene {
            id: key.clone(),
            title: s.title.as_ref().map(|t| t.text.clone()).unwrap_or_default(),
            file,
            span: s.span,
            id_span: s.id.span,
            screen: None,
            constraints: ThinVec::new(),
            cast: ThinVec::new(),
            place: None,
            repeats: None,
            markers: ThinVec::new(),
            mode: None,
            threads: ThinVec::new(),
            synopsis: ThinVec::new(),
            directives: ThinVec::new(),
            day: None,
            time: None,
            looks: ThinVec::new(),
            changes: ThinVec::new(),
        };
        let entry = self.story.scenes.entry(key.clone());
        let name = ("scene id", &s.id);
        let declared = declare_once(
            &mut self.diagnostics,
            entry,
            name,
            |_, first| first.id_span,
            scene,
        );
        if let Some(index) = declared {
            self.series.scene_declared(index, s, &mut self.diagnostics);
        }
    }

    /// An era's `FROM .. TO`, once every scene is declared (a bound may be
    /// a scene). A duplicate era, already reported, is skipped.
    fn era_bounds(&mut self, e: &tree::EraDecl) {
        let Some(index) = self.story.eras.get_index_of(e.name.text.as_str()) else {
            return;
        };
        if self.story.eras[index].span != e.span {
            return; // a duplicate, already reported
        }
        let from = e.from.as_ref().and_then(|b| self.era_bound(b, true));
        let to = e.to.as_ref().and_then(|b| self.era_bound(b, false));
        let era = &mut self.story.eras[index];
        era.from = from;
        era.to = to;
    }

    /// The era of each value of a marker (`dark: past`), once every era is
    /// declared. Duplicate markers and values, already reported, are
    /// skipped.
    fn marker_eras(&mut self, m: &tree::MarkerDecl) {
        let Some(mi) = self.story.markers.get_index_of(m.name.text.as_str()) else {
            return;
        };
        if self.story.markers[mi].span != m.name.span {
            return;
        }
        for line in &m.lines {
            let tree::MarkerLine::Value(v) = line else {
                continue;
            };
            let Some(era_name) = &v.era else { continue };
            let era = self.lookup_era(era_name);
            if let Some(value) = self.story.markers[mi].values.get_mut(v.value.text.as_str()) {
                if value.span == v.value.span {
                    value.era = era;
                }
            }
        }
    }

    fn era_bound(&mut self, bound: &tree::EraBound, is_start: bool) -> Option<EraBound> {
        match bound {
            tree::EraBound::Date(d) => {
                let (lo, hi) = self.date_bounds(d)?;
                Some(EraBound::Time {
                    at: if is_start { lo } else { hi },
                    span: d.span,
                })
            }
            tree::EraBound::Scene(n) => self.lookup_scene(n, None).map(|scene| EraBound::Scene {
                scene,
                span: n.span,
            }),
        }
    }

    /// The first and last second of a written date on the story's
    /// calendar, or an `E0105` when the calendar has no such date.
    fn date_bounds(&mut self, d: &tree::DateLit) -> Option<(Seconds, Seconds)> {
        let value = match &d.readable {
            None => d.value,
            Some(text) => match super::calendar::readable(&self.story.calendar, text) {
                Ok(v) => v,
                Err(_) if self.calendar_failed => return None,
                Err(why) => {
                    self.diagnostics.push(
                        Diagnostic::error(codes::INVALID_DATE, format!("invalid date `{}`", clip(text)))
                            .primary(d.span, why)
                            .help("write `DAY MONTH YEAR [ERA]` with the calendar's names (`15 Alturiak 1372 DR`, `44 BC`), or `YEAR-MM-DD`"),
                    );
                    return None;
                }
            },
        };
        match self.story.calendar.bounds(&value) {
            Ok(b) => Some(b),
            Err(_) if self.calendar_failed => None,
            Err(e) => {
                let help = date_help(&self.story.calendar, &value, &e);
                self.diagnostics.push(
                    Diagnostic::error(codes::INVALID_DATE, format!("invalid date `{}`", d.value))
                        .primary(d.span, e.to_string())
                        .help(help),
                );
                None
            }
        }
    }

    fn suggestion(&mut self, kind: Kind, name: &str) -> Option<String> {
        let key = (kind, name.to_string());
        if let Some(s) = self.suggestions.get(&key) {
            return s.clone();
        }
        let found = match kind {
            Kind::Scene => {
                let names = self.scene_names.get_or_insert_with(|| {
                    Suggester::new(self.story.scenes.keys().map(CompactString::as_str))
                });
                names.closest(name).map(str::to_string)
            }
            Kind::Era => Suggester::new(self.story.eras.keys().map(String::as_str))
                .closest(name)
                .map(str::to_string),
            Kind::Marker => Suggester::new(
                self.story
                    .markers
                    .keys()
                    .map(String::as_str)
                    .chain(SCENE_PROPERTIES.iter().copied()),
            )
            .closest(name)
            .map(str::to_string),
            Kind::Character => Suggester::new(self.story.characters.keys().map(String::as_str))
                .closest(name)
                .map(str::to_string),
        };
        self.suggestions.insert(key, found.clone());
        found
    }

    /// The slot of `name` in the table of recent scenes.
    fn recent_slot(&self, name: &str) -> usize {
        self.story.scenes.hasher().hash_one(name) as usize % RECENT_SCENES
    }

    /// The index of the scene with id `name`. Scenes mostly refer to scenes
    /// told shortly before or after them, so a small table of the scenes
    /// resolved or found last, indexed by hash, usually finds the scene
    /// without probing the story-wide index (megabytes, so each probe
    /// misses the cache).
    fn find_scene(&mut self, name: &str) -> Option<usize> {
        let slot = self.recent_slot(name);
        let candidate = self.recent_scenes[slot] as usize;
        if let Some((id, _)) = self.story.scenes.get_index(candidate) {
            if id == name {
                return Some(candidate);
            }
        }
        let found = self.story.scenes.get_index_of(name)?;
        self.recent_scenes[slot] = found as u32;
        Some(found)
    }

    fn lookup_scene(&mut self, name: &tree::Name, from: Option<SceneId>) -> Option<SceneId> {
        let found = if self.series.active() || name.text.contains('/') {
            match self.lookup_in_series(name, from) {
                series::Lookup::Found(i) => Some(i),
                series::Lookup::Reported => return None,
                series::Lookup::Missing => None,
            }
        } else {
            self.find_scene(&name.text)
        };
        match found {
            Some(i) => {
                let id = SceneId(i as u32);
                if Some(id) == from {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::SELF_REFERENCE,
                            format!("scene `{}` refers to itself", clip(&name.text)),
                        )
                        .primary(name.span, "this is the scene's own id")
                        .help("name another scene"),
                    );
                    return None;
                }
                Some(id)
            }
            None => {
                let suggestion = self.suggestion(Kind::Scene, &name.text);
                let fix = suggestion.clone();
                let is_era = self.story.eras.contains_key(name.text.as_str());
                let shown = clip(&name.text);
                let help = match (suggestion, is_era) {
                    (Some(s), _) => format!("did you mean `{s}`?"),
                    (None, true) => {
                        format!("`{shown}` is an era; write it alone, as `story: {shown}`")
                    }
                    (None, false) => {
                        format!("declare it with `scene {shown}: TITLE`, or check the spelling")
                    }
                };
                self.diagnostics.push(
                    Diagnostic::error(codes::UNKNOWN_SCENE, format!("unknown scene `{shown}`"))
                        .primary(name.span, "no scene has this id")
                        .help(help)
                        .maybe_fix(name.span, fix),
                );
                None
            }
        }
    }

    /// A bare name in `story:` that is no era but a weekday of the story's
    /// calendar (`story: 2014-05-17, Saturday`).
    fn is_weekday(&self, name: &tree::Name) -> bool {
        !self.story.eras.contains_key(name.text.as_str())
            && self.story.calendar.weekday_named(&name.text).is_some()
    }

    fn lookup_era(&mut self, name: &tree::Name) -> Option<EraId> {
        if let Some(i) = self.story.eras.get_index_of(name.text.as_str()) {
            return Some(EraId(i as u32));
        }
        let shown = clip(&name.text);
        let mut fix = None;
        let (code, message, help) = if self.story.scenes.contains_key(name.text.as_str()) {
            (
                codes::SCENE_NOT_ERA,
                format!("`{shown}` is a scene, not an era"),
                format!("to place this scene within it, write `during {shown}`"),
            )
        } else {
            // `a-2d` is one word, since ids may contain `-`: an offset
            // written without spaces lands here.
            let offset = name.text.match_indices('-').find_map(|(i, _)| {
                let (scene, rest) = (&name.text[..i], &name.text[i + 1..]);
                (rest.starts_with(|d: char| d.is_ascii_digit())
                    && self.story.scenes.contains_key(scene))
                .then(|| {
                    format!(
                        "`{}` is a scene; for an offset write `{} - {}` with spaces around `-`",
                        clip(scene),
                        clip(scene),
                        clip(rest)
                    )
                })
            });
            let help = match self.suggestion(Kind::Era, &name.text) {
                _ if offset.is_some() => offset.unwrap_or_default(),
                Some(s) => {
                    let help = format!("did you mean `{s}`?");
                    fix = Some(s);
                    help
                }
                None if self.story.eras.is_empty() => {
                    format!("declare it with `era {shown}: FROM .. TO`")
                }
                None => format!("declared eras are {}", listing(self.story.eras.keys())),
            };
            (codes::UNKNOWN_ERA, format!("unknown era `{shown}`"), help)
        };
        self.diagnostics.push(
            Diagnostic::error(code, message)
                .primary(name.span, "no era has this name")
                .help(help)
                .maybe_fix(name.span, fix),
        );
        None
    }

    /// Resolve one scene's lines. Scenes come in the order they were
    /// declared, so the next declaration that is not a duplicate is the
    /// next scene: no lookup by id.
    fn scene(&mut self, decl: &tree::SceneDecl, pass: &mut FilePass) {
        match self.story.scenes.get_index(self.next_scene) {
            Some((_, scene)) if scene.id_span == decl.id.span => {}
            _ => return, // a duplicate or empty id, already reported
        }
        let index = self.next_scene;
        self.next_scene += 1;
        let id = SceneId(index as u32);
        // Scenes mostly refer to scenes told just before them: remember this
        // one, so that those references find it without the story-wide index.
        let slot = self.recent_slot(&decl.id.text);
        self.recent_scenes[slot] = index as u32;
        reserve_exact(&mut self.story.scenes[index], decl);
        let mut seen = std::mem::take(&mut self.property_seen);
        seen.clear();
        for line in &decl.lines {
            match line {
                SceneLine::Synopsis(s) => {
                    self.story.scenes[index].synopsis.push(s.text.to_string())
                }
                SceneLine::Comment(c) => {
                    if let Some(rest) = c.text.trim_start().strip_prefix("chronotope:") {
                        self.story.scenes[index].directives.push(Text {
                            text: rest.trim().into(),
                            span: c.span,
                        });
                    }
                }
                SceneLine::Property(p) => {
                    if let Some(prev) = seen.insert(PropertyKey::of(p), p.key.span) {
                        self.diagnostics.push(
                            Diagnostic::error(codes::DUPLICATE_PROPERTY, format!("property `{}` given twice in scene `{}`", clip(&p.key.text), clip(&decl.id.text)))
                                .primary(p.key.span, "given again here")
                                .secondary(prev, "first given here")
                                .help(match p.key.text.as_str() {
                                    "story" => "put all story-time constraints on one line, separated by commas".to_string(),
                                    "cast" => "list every character on one `cast:` line, separated by commas".to_string(),
                                    _ => "keep one of them".to_string(),
                                }),
                        );
                        continue;
                    }
                    if let PropertyValue::Screen(s) = &p.value {
                        if let Some((prev_index, prev)) = pass.previous_screen {
                            if s.start.millis < prev.millis {
                                let prev_id = clip(self.story.scene_name(SceneId(prev_index)));
                                self.diagnostics.push(
                                    Diagnostic::error(codes::SCREEN_BACKWARDS, format!("scene `{}` starts on screen before the scene above it", clip(&decl.id.text)))
                                        .primary(s.start.span, format!("starts at {}", crate::time::timecode(s.start.millis)))
                                        .secondary(prev.span, format!("`{prev_id}` starts later, at {}", crate::time::timecode(prev.millis)))
                                        .help("scenes are told in file order; reorder them, or fix the timecode"),
                                );
                            }
                        }
                        pass.previous_screen = Some((index as u32, s.start));
                    }
                    self.property(id, p);
                }
            }
        }
        self.property_seen = seen;
    }

    /// One `key: value` line of scene `id`, already parsed: screen time,
    /// place, mode, `repeats`, cast, a marker's value or story-time
    /// constraints.
    fn property(&mut self, id: SceneId, p: &tree::Property) {
        let index = id.index();
        match &p.value {
            PropertyValue::Invalid => {}
            PropertyValue::Screen(s) => {
                self.story.scenes[index].screen = Some(Box::new(Screen {
                    start: s.start.millis,
                    end: s.end_millis(),
                    span: p.span,
                }));
            }
            PropertyValue::Where(w) => {
                self.story.scenes[index].place = Some(Box::new(Text {
                    text: w.text.clone(),
                    span: w.span,
                }));
            }
            PropertyValue::Mode(m) => {
                let mode = self.mode(m);
                self.story.scenes[index].mode = mode;
            }
            PropertyValue::Repeats(r) => {
                if let Some(other) = self.lookup_scene(r, Some(id)) {
                    let scene = &mut self.story.scenes[index];
                    scene.repeats = Some(other);
                    scene.constraints.push(Constraint {
                        kind: ConstraintKind::SameAs { other },
                        origin: Origin::Repeats,
                        span: p.span,
                    });
                }
            }
            PropertyValue::Cast(entries) => self.cast(index, entries),
            PropertyValue::Thread(names) => {
                let ids = self.threads.scene_threads(
                    &mut self.story.threads,
                    names,
                    &mut self.diagnostics,
                );
                self.story.scenes[index].threads = ids.into();
            }
            PropertyValue::Day(_)
            | PropertyValue::Time(_)
            | PropertyValue::Change(_)
            | PropertyValue::PerCharacter(_) => self.production(id, p),
            PropertyValue::Marker(setting) => self.marker_setting(id, p, setting),
            PropertyValue::Story(items) => {
                for item in items {
                    self.story_item(id, item);
                }
            }
        }
    }

    /// `mode: memory`, `dream` or `imagined`; anything else is reported,
    /// with the nearest mode when one is close.
    fn mode(&mut self, m: &tree::Name) -> Option<Mode> {
        match m.text.as_str() {
            "memory" => Some(Mode::Memory),
            "dream" => Some(Mode::Dream),
            "imagined" => Some(Mode::Imagined),
            other => {
                let near = suggest::closest(other, ["memory", "dream", "imagined"].into_iter());
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::UNKNOWN_MODE,
                        format!("unknown mode `{}`", clip(other)),
                    )
                    .primary(m.span, "not a mode")
                    .maybe_fix(m.span, near)
                    .help(match near {
                        Some(n) => format!(
                            "did you mean `{n}`? modes are `memory`, `dream` and `imagined`"
                        ),
                        None => "modes are `memory`, `dream` and `imagined`".to_string(),
                    }),
                );
                None
            }
        }
    }

    /// `cast: NAME [(AGE)], …`: each name must be a declared character
    /// (compared folded) and is listed once; a repeat is a warning, an
    /// unknown name an error with the nearest character.
    fn cast(&mut self, index: usize, entries: &[tree::CastEntry]) {
        let mut seen = std::mem::take(&mut self.cast_seen);
        seen.clear();
        let mut folded = std::mem::take(&mut self.fold_buffer);
        for e in entries {
            fold_name_into(&e.name.text, &mut folded);
            match self.character_index.get(folded.as_str()).copied() {
                Some(character) => {
                    if let Some(prev) = seen.insert(character, e.name.span) {
                        self.diagnostics.push(
                            Diagnostic::warning(
                                codes::DUPLICATE_CAST,
                                format!("`{}` is listed twice in this cast", clip(&e.name.text)),
                            )
                            .primary(e.name.span, "listed again here")
                            .secondary(prev, "first listed here"),
                        );
                        continue;
                    }
                    self.story.scenes[index].cast.push(CastMember {
                        character,
                        age: e.age,
                        span: e.span,
                    });
                }
                None => {
                    let shown = clip(&e.name.text);
                    let fix = self.suggestion(Kind::Character, &e.name.text);
                    let help = match fix.clone() {
                        Some(s) => {
                            format!("did you mean `{s}`? otherwise declare `character {shown}`")
                        }
                        None => {
                            format!("declare it at the top level with `character {shown}`")
                        }
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::UNKNOWN_CHARACTER,
                            format!("unknown character `{shown}`"),
                        )
                        .primary(e.name.span, "not declared")
                        .help(help)
                        .maybe_fix(e.name.span, fix),
                    );
                }
            }
        }
        self.cast_seen = seen;
        self.fold_buffer = folded;
    }

    fn marker_setting(&mut self, id: SceneId, p: &tree::Property, setting: &tree::MarkerSetting) {
        let Some(mi) = self.story.markers.get_index_of(p.key.text.as_str()) else {
            let key = clip(&p.key.text);
            let fix = self.suggestion(Kind::Marker, &p.key.text);
            let help = match fix.clone() {
                Some(s) => format!("did you mean `{s}`? otherwise declare it with `marker {key}:`"),
                None => format!("declare it with `marker {key}:` and its values, or use a property: `screen`, `story`, `cast`, `where`, `repeats`, `mode`"),
            };
            self.diagnostics.push(
                Diagnostic::error(
                    codes::UNKNOWN_MARKER,
                    format!("unknown property or marker `{key}`"),
                )
                .primary(p.key.span, "not a property, and no marker has this name")
                .help(help)
                .maybe_fix(p.key.span, fix),
            );
            return;
        };
        let marker = &self.story.markers[mi];
        if marker.per_character {
            let shown = clip(&marker.name);
            self.diagnostics.push(
                Diagnostic::error(
                    codes::PER_CHARACTER,
                    format!("marker `{shown}` is declared per character"),
                )
                .primary(setting.value.span, "whose value is this?")
                .secondary(marker.span, "declared per character here")
                .help(format!(
                    "name the character: `{shown}: NAME={}`",
                    clip(&setting.value.text)
                )),
            );
            return;
        }
        let Some(vi) = marker.values.get_index_of(setting.value.text.as_str()) else {
            let near = Suggester::new(marker.values.keys().map(String::as_str))
                .closest(&setting.value.text)
                .map(str::to_string);
            let (value, name) = (clip(&setting.value.text), clip(&marker.name));
            let help = match &near {
                Some(n) => format!("did you mean `{n}`?"),
                None if marker.values.is_empty() => format!(
                    "`{name}` declares no values; add `  {value}: ERA` under `marker {name}:`"
                ),
                None => format!("`{name}` may be {}", listing(marker.values.keys())),
            };
            let d = Diagnostic::error(
                codes::UNKNOWN_MARKER_VALUE,
                format!("`{value}` is not a declared value of marker `{name}`"),
            )
            .primary(setting.value.span, "not declared")
            .secondary(marker.span, "the marker is declared here")
            .help(help)
            .maybe_fix(setting.value.span, near);
            self.diagnostics.push(d);
            return;
        };
        let era = marker.values[vi].era;
        let scene = &mut self.story.scenes[id.index()];
        scene.markers.push(MarkerState {
            marker: MarkerId(mi as u32),
            value: vi as u32,
            note: setting.note.as_ref().map(|n| n.text.to_string()),
            span: p.span,
        });
        if let Some(era) = era {
            scene.constraints.push(Constraint {
                kind: ConstraintKind::InEra { era },
                origin: Origin::Marker {
                    marker: MarkerId(mi as u32),
                    value: vi as u32,
                },
                span: p.span,
            });
        }
    }

    fn story_item(&mut self, id: SceneId, item: &tree::StoryItem) {
        // Lengths are the story calendar's: `1d` is its day, `1mo` its months.
        // Each range is measured once, and the item is dropped whole at the
        // first that does not hold (one mistake, one error).
        let measure = |r: Option<&tree::RangeLit>| {
            r.map(|r| range_interval(&self.story.calendar, r))
                .transpose()
        };
        let (gap, length) = match (measure(item_gap(item)), measure(item.duration.as_deref())) {
            (Ok(gap), Ok(length)) => (gap, length),
            (Err(d), _) | (_, Err(d)) => {
                self.diagnostics.push(d);
                return;
            }
        };
        let push = |this: &mut Resolver, kind: ConstraintKind, span: Span| {
            this.story.scenes[id.index()].constraints.push(Constraint {
                kind,
                origin: Origin::Story,
                span,
            });
        };
        if let Some(c) = &item.constraint {
            let span = constraint_span(c, item.span);
            let kind = match c {
                StoryConstraint::At { from, to } => {
                    let lo = self.date_bounds(from);
                    let hi = match to {
                        Some(to) => self.date_bounds(to),
                        None => lo,
                    };
                    lo.zip(hi)
                        .map(|((lo, _), (_, hi))| ConstraintKind::StartsWithin { lo, hi })
                }
                StoryConstraint::Era { era } if self.is_weekday(era) => {
                    let weekday = self.story.calendar.weekday_named(&era.text).unwrap_or(0);
                    self.story.weekday_claims.push(WeekdayClaim {
                        scene: id,
                        weekday,
                        span: era.span,
                    });
                    None
                }
                StoryConstraint::Era { era } => self
                    .lookup_era(era)
                    .map(|era| ConstraintKind::InEra { era }),
                StoryConstraint::After { scene, .. } => {
                    self.lookup_scene(scene, Some(id))
                        .map(|other| ConstraintKind::After {
                            other,
                            gap: gap.unwrap_or(Interval::NON_NEGATIVE),
                        })
                }
                StoryConstraint::Before { scene, .. } => {
                    self.lookup_scene(scene, Some(id))
                        .map(|other| ConstraintKind::Before {
                            other,
                            gap: gap.unwrap_or(Interval::NON_NEGATIVE),
                        })
                }
                StoryConstraint::During { scene } => self
                    .lookup_scene(scene, Some(id))
                    .map(|other| ConstraintKind::During { other }),
                StoryConstraint::Offset { scene, sign, .. } => {
                    self.lookup_scene(scene, Some(id)).map(|other| {
                        // An offset always has its range: `gap` is it.
                        let r = gap.unwrap_or(Interval::NON_NEGATIVE);
                        let offset = match sign {
                            Sign::Plus => r,
                            Sign::Minus => Interval {
                                lo: r.hi.map(|h| -h),
                                hi: r.lo.map(|l| -l),
                            },
                        };
                        ConstraintKind::Offset { other, offset }
                    })
                }
            };
            if let Some(kind) = kind {
                push(self, kind, span);
            }
        }
        if let (Some(d), Some(length)) = (&item.duration, length) {
            push(
                self,
                ConstraintKind::Lasts { length },
                // The duration alone, so a message can quote `for 1h`
                // apart from the date it follows.
                d.span,
            );
        }
    }
}

/// A property's key, compared without comparing text for the properties of
/// the format (every scene has several, and each is checked against the
/// ones before it).
#[derive(PartialEq, Eq, Hash)]
enum PropertyKey {
    /// A property of the format: its index in [`SCENE_PROPERTIES`].
    Format(usize),
    /// A marker's name, or any other key.
    Other(CompactString),
}

impl PropertyKey {
    fn of(p: &tree::Property) -> PropertyKey {
        // Indices in `SCENE_PROPERTIES` (a test keeps them in step).
        let index = match &p.value {
            PropertyValue::Screen(_) => Some(0),
            PropertyValue::Story(_) => Some(1),
            PropertyValue::Cast(_) => Some(2),
            PropertyValue::Where(_) => Some(3),
            PropertyValue::Repeats(_) => Some(4),
            PropertyValue::Mode(_) => Some(5),
            PropertyValue::Thread(_) => Some(6),
            PropertyValue::Day(_) => Some(7),
            PropertyValue::Time(_) => Some(8),
            PropertyValue::Change(_) => Some(9),
            PropertyValue::PerCharacter(_) => None,
            // An invalid value of a format property still counts as that
            // property.
            PropertyValue::Marker(_) | PropertyValue::Invalid => {
                SCENE_PROPERTIES.iter().position(|k| *k == p.key.text)
            }
        };
        match index {
            Some(i) => PropertyKey::Format(i),
            None => PropertyKey::Other(p.key.text.clone()),
        }
    }
}

/// Sizes the scene's lists for what its lines can add, so that a large story
/// holds no spare capacity (a `Vec` grows from 4, and most scenes have one
/// marker and a constraint or two).
fn reserve_exact(scene: &mut Scene, decl: &tree::SceneDecl) {
    let (mut constraints, mut cast, mut markers, mut synopsis) = (0, 0, 0, 0);
    for line in &decl.lines {
        match line {
            SceneLine::Synopsis(_) => synopsis += 1,
            SceneLine::Comment(_) => {}
            SceneLine::Property(p) => match &p.value {
                PropertyValue::Story(items) => {
                    constraints += items
                        .iter()
                        .map(|i| {
                            usize::from(i.constraint.is_some()) + usize::from(i.duration.is_some())
                        })
                        .sum::<usize>();
                }
                PropertyValue::Cast(entries) => cast += entries.len(),
                PropertyValue::Marker(_) => {
                    markers += 1;
                    constraints += 1;
                }
                PropertyValue::Repeats(_) => constraints += 1,
                PropertyValue::PerCharacter(settings) => scene.looks.reserve_exact(settings.len()),
                _ => {}
            },
        }
    }
    scene.constraints.reserve_exact(constraints);
    scene.cast.reserve_exact(cast);
    scene.markers.reserve_exact(markers);
    scene.synopsis.reserve_exact(synopsis);
}

/// How to fix a date the calendar does not have, in its own terms.
fn date_help(calendar: &Calendar, d: &DateTimeSpec, e: &DateError) -> String {
    let name = calendar.name();
    match e {
        DateError::Day {
            days_in_month,
            month,
            ..
        } if *days_in_month > 0 => {
            let last_day = DateTimeSpec {
                day: u16::try_from(*days_in_month).ok(),
                ..*d
            };
            // The writer's time of day stays in the fix, unless it is out
            // of range too: the fix must itself be a valid date.
            let last = if calendar.validate(&last_day).is_ok() {
                last_day
            } else {
                DateTimeSpec {
                    hour_minute: None,
                    second: None,
                    ..last_day
                }
            };
            format!("{month} has days 1 to {days_in_month} that year: write `{last}` for its last day")
        }
        DateError::Month { count, .. } => {
            let festivals = if calendar.periods().iter().any(|p| p.intercalary) {
                " (counting its intercalary periods)"
            } else {
                ""
            };
            format!("the {name} calendar has {count} months{festivals}: write a month from 1 to {count}")
        }
        DateError::Time(unit, _, max) => format!("write the {unit} as 0 to {max}"),
        _ => format!(
            "write a date that exists on the {name} calendar; story-time reaches about nine billion years either way"
        ),
    }
}

/// Where a top-level item was written (comments do not count).
fn item_span(item: &Item) -> Option<Span> {
    match item {
        Item::Header(h) => Some(h.key.span),
        Item::Era(e) => Some(e.span),
        Item::Marker(m) => Some(m.span),
        Item::Character(c) => Some(c.span),
        Item::Scene(s) => Some(s.span),
        Item::Calendar(c) => Some(c.span),
        Item::Work(w) => Some(w.span),
        Item::Order(o) => Some(o.span),
        Item::Comment(_) => None,
        Item::Thread(t) => Some(t.span),
    }
}

/// The span of a constraint without its trailing `for …`.
fn constraint_span(c: &StoryConstraint, item: Span) -> Span {
    let end = match c {
        StoryConstraint::At { from, to } => to.as_deref().unwrap_or(from).span.end,
        StoryConstraint::Era { era } => era.span.end,
        StoryConstraint::After { scene, gap } | StoryConstraint::Before { scene, gap } => {
            gap.as_ref().map_or(scene.span.end, |g| g.span.end)
        }
        StoryConstraint::During { scene } => scene.span.end,
        StoryConstraint::Offset { range, .. } => range.span.end,
    };
    Span {
        end: end.max(item.start),
        ..item
    }
}

/// The range between an item's scenes: its `by` gap or `+`/`-` offset.
fn item_gap(item: &tree::StoryItem) -> Option<&tree::RangeLit> {
    match &item.constraint {
        Some(StoryConstraint::After { gap, .. } | StoryConstraint::Before { gap, .. }) => {
            gap.as_deref()
        }
        Some(StoryConstraint::Offset { range, .. }) => Some(&**range),
        _ => None,
    }
}

/// A written range as an interval of seconds in `calendar`'s units, months
/// and years made sound ([`Calendar::duration_bounds`]), each bound
/// measured once.
///
/// It also checks what parsing could not, since it measured the range on
/// the Gregorian calendar: that it fits story-time in `calendar` (whose day
/// may be longer), and that its lower bound is not above its upper one
/// there (`1d..30h` is empty where a day has 31 hours).
pub fn range_interval(calendar: &Calendar, r: &tree::RangeLit) -> Result<Interval, Diagnostic> {
    let measure = |d: Option<Duration>| d.map(|d| calendar.duration_bounds(&d)).transpose();
    let (Ok(min), Ok(max)) = (measure(r.min), measure(r.max)) else {
        return Err(Diagnostic::error(
            codes::INVALID_DURATION,
            format!("duration `{}` is out of range", clip(&range_text(r))),
        )
        .primary(r.span, "longer than story-time reaches in this calendar")
        .help("story-time reaches about 2^58 seconds either way; write a shorter length"));
    };
    if let (Some((lo, _)), Some((_, hi)), Some(a), Some(b)) = (min, max, r.min, r.max) {
        if lo > hi {
            return Err(empty_range(calendar, a, b, r.span));
        }
    }
    if !r.dotted {
        let (lo, hi) = min.unwrap_or((0, 0));
        return Ok(Interval {
            lo: Some(lo),
            hi: Some(hi),
        });
    }
    Ok(Interval {
        lo: Some(min.map_or(0, |m| m.0)),
        hi: max.map(|m| m.1),
    })
}

/// The error for `a..b` whose lower bound is above its upper one in
/// `calendar`.
fn empty_range(calendar: &Calendar, a: Duration, b: Duration, span: Span) -> Diagnostic {
    let d = Diagnostic::error(codes::EMPTY_RANGE, format!("the range `{a}..{b}` is empty"))
        .primary(span, format!("at least {a} but at most {b}"));
    // The bounds swapped, when that range holds in this calendar.
    let swapped = calendar
        .duration_bounds(&b)
        .ok()
        .zip(calendar.duration_bounds(&a).ok())
        .is_some_and(|((lo, _), (_, hi))| lo <= hi);
    if swapped {
        d.help(format!("write the smaller bound first: `{b}..{a}`"))
            .fix(span, format!("{b}..{a}"))
    } else {
        d.help(format!(
            "in this calendar a day has {} hours and a week {} days; write the smaller bound first",
            calendar.hours_per_day(),
            calendar.week_days()
        ))
    }
}

/// A range as written: `1d`, `1d..3d`, `..2w`.
fn range_text(r: &tree::RangeLit) -> String {
    let show = |d: &Option<Duration>| d.map(|d| d.to_string()).unwrap_or_default();
    if r.dotted {
        format!("{}..{}", show(&r.min), show(&r.max))
    } else {
        show(&r.min)
    }
}

/// Names in backticks, separated by commas; long lists end in `…`.
fn listing<'a>(names: impl Iterator<Item = &'a String>) -> String {
    const MAX: usize = 10;
    let mut shown: Vec<String> = Vec::new();
    for (i, name) in names.enumerate() {
        if i == MAX {
            shown.push("…".to_string());
            break;
        }
        shown.push(format!("`{}`", clip(name)));
    }
    shown.join(", ")
}

pub(super) fn duplicate(what: &str, name: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::error(
        codes::DUPLICATE,
        format!("{what} `{}` is declared twice", clip(name)),
    )
    .primary(again, "declared again here")
    .secondary(first, "first declared here")
    .help(format!(
        "rename one of them; each {what} must be unique within a story"
    ))
}

/// Declare a name once: the first declaration wins, and a later one is
/// reported as a duplicate, labelled at the first (`first` gives its span
/// from its index and value), and dropped. The one way eras, markers,
/// marker values and scene ids are checked, with one hash per name.
/// Returns the new entry's index, `None` for a duplicate.
fn declare_once<K, V>(
    diagnostics: &mut Vec<Diagnostic>,
    entry: Entry<'_, K, V>,
    (what, name): (&str, &tree::Name),
    first: impl FnOnce(usize, &V) -> Span,
    value: impl FnOnce() -> V,
) -> Option<usize> {
    match entry {
        Entry::Occupied(o) => {
            let first = first(o.index(), o.get());
            diagnostics.push(duplicate(what, &name.text, name.span, first));
            None
        }
        Entry::Vacant(v) => {
            let index = v.index();
            v.insert(value());
            Some(index)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;
    use crate::syntax;
    use crate::time::DateTimeSpec;

    fn tree(file: u32, text: &str) -> tree::SourceTree {
        let (tree, diagnostics) = syntax::parse(FileId(file), text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        tree
    }

    /// The help of the one diagnostic `text` gives.
    fn the_help(text: &str) -> String {
        let (_, d) = run(text);
        assert_eq!(d.len(), 1, "{d:#?}");
        d[0].help.clone().unwrap_or_default()
    }

    #[test]
    fn a_day_past_the_months_end_gets_its_last_day_with_the_time_when_valid() {
        let help = |date: &str| the_help(&format!("scene a: A\n  story: {date}\n"));
        let fix = |help: &str| help.split('`').nth(1).unwrap_or("").to_string();
        assert_eq!(fix(&help("2019-02-29")), "2019-02-28");
        // The time of day is the writer's and stays.
        assert_eq!(fix(&help("2019-02-29 14:30:15")), "2019-02-28 14:30:15");
        assert_eq!(fix(&help("2019-04-31 08:05")), "2019-04-30 08:05");
        // Unless it is out of range as well: the fix must be a valid date.
        assert_eq!(fix(&help("2019-02-29 25:00:10")), "2019-02-28");
        for date in ["2019-02-28 14:30:15", "2019-04-30 08:05", "2019-02-28"] {
            let (_, d) = run(&format!("scene a: A\n  story: {date}\n"));
            assert!(d.is_empty(), "the fix `{date}` is valid: {d:#?}");
        }
    }

    #[test]
    fn a_date_out_of_the_calendar_gets_help_for_what_is_wrong() {
        let help = the_help;
        assert_eq!(
            help("scene a: A\n  story: 2019-13-01\n"),
            "the gregorian calendar has 12 months: write a month from 1 to 12"
        );
        assert_eq!(
            help("scene a: A\n  story: 2019-02-28 24:00\n"),
            "write the hour as 0 to 23"
        );
        // A leap-only festival has no day in a common year: there is no
        // last day to offer, so the help says what dates exist.
        let festival = "calendar harptos:\n  month Hammer: 30\n  festival Shieldmeet: 0\n  \
                        month Alturiak: 30\n  leap Shieldmeet: Shieldmeet, every 4 years\n\n\
                        calendar: harptos\n\n";
        let common = help(&format!("{festival}scene a: A\n  story: 0005-02-01\n"));
        assert!(
            common.starts_with("write a date that exists on the harptos calendar"),
            "{common}"
        );
        let (_, d) = run(&format!("{festival}scene a: A\n  story: 0004-02-01\n"));
        assert!(d.is_empty(), "a leap year has the festival's day: {d:#?}");
        // A month of one day, its day 2: `01` is the fix (the boundary of
        // the test for a month with days).
        let short = "calendar short:\n  month One: 1\n  month Two: 30\n\ncalendar: short\n\n";
        let one = help(&format!("{short}scene a: A\n  story: 0005-01-02\n"));
        assert!(one.contains("`0005-01-01`"), "{one}");
    }

    #[test]
    fn a_constraints_span_ends_before_its_own_for() {
        let text = "era past: 2014 .. 2015\n\
                    scene a: A\n  story: 2014-05-17 for 2h\n\
                    scene b: B\n  story: after a by 1d..2d for 3h, a + 2d  for 1h\n\
                    scene c: C\n  story: during a for 1h, before b for 10m, past for 1d\n\
                    scene d: D\n  story: 2014-05-20 .. 2014-05-21 for 1h, after c for 5m\n";
        let (story, diagnostics) = run(text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let spans = |id: &str| -> Vec<&str> {
            story.scenes[id]
                .constraints
                .iter()
                .filter(|c| !matches!(c.kind, ConstraintKind::Lasts { .. }))
                .map(|c| &text[c.span.range()])
                .collect()
        };
        assert_eq!(spans("a"), ["2014-05-17"]);
        assert_eq!(spans("b"), ["after a by 1d..2d", "a + 2d"]);
        assert_eq!(spans("c"), ["during a", "before b", "past"]);
        assert_eq!(spans("d"), ["2014-05-20 .. 2014-05-21", "after c"]);
    }

    #[test]
    fn an_offset_without_spaces_gets_a_hint() {
        let (_, d) = run(
            "scene a: A\n  story: 2020\nscene b: B\n  story: a-2d\nscene c: C\n  story: Ömer-2d\n",
        );
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].code, codes::UNKNOWN_ERA);
        assert!(
            d[0].help
                .as_deref()
                .unwrap_or("")
                .contains("write `a - 2d`"),
            "{:?}",
            d[0].help
        );
        assert!(!d[1].help.as_deref().unwrap_or("").contains("offset"));
    }

    fn run(text: &str) -> (Story, Vec<Diagnostic>) {
        resolve(&[&tree(0, text)], "fallback")
    }

    /// [`resolve_outlines_in`] on `text` read as an outline, each scene's
    /// lines parsed when the scene pass asks for them.
    fn run_outline(text: &str) -> (Story, Vec<Diagnostic>) {
        let (tree, d) = syntax::parser::parse_outline(FileId(0), text);
        assert!(d.is_empty(), "{d:#?}");
        let mut bodies = syntax::parser::SceneBodies::new(FileId(0), text);
        let (story, mut d) = resolve_outlines_in(
            vec![tree],
            "fallback",
            ExternalCalendar::default(),
            &mut |_, body| bodies.parse(body),
        );
        d.extend(bodies.take_diagnostics());
        (story, d)
    }

    #[test]
    fn a_work_in_an_outline_starts_screen_time_afresh() {
        // The second work's screen time starts again at 00:00; without the
        // `work` line between them the same scenes run backwards.
        let text = |between: &str| {
            format!(
                "work a: Alpha\nscene x: X\n  screen: 00:30:00\n  story: 2000\n{between}\
                 scene y: Y\n  screen: 00:00:00\n  story: 2001\n"
            )
        };
        for (between, backwards) in [("work b: Beta\n", false), ("", true)] {
            let (story, d) = run_outline(&text(between));
            let codes: Vec<_> = d.iter().map(|d| d.code).collect();
            assert_eq!(
                codes.contains(&codes::SCREEN_BACKWARDS),
                backwards,
                "{d:#?}"
            );
            assert_eq!(story.scenes.len(), 2);
            // As the whole tree reads it.
            let (whole, whole_d) = run(&text(between));
            assert_eq!(whole_d.len(), d.len());
            assert_eq!(
                whole.scenes.keys().collect::<Vec<_>>(),
                story.scenes.keys().collect::<Vec<_>>()
            );
        }
    }

    /// Two calendars of 31-hour days; the story picks one by name.
    const TWO_CALENDARS: &str = "calendar: Second\n\ncalendar first:\n  month A: 30\n  weekdays: X, Y\n\ncalendar second:\n  month B: 20\n  weekdays: X, Y\n  day: 31h\n\n";

    #[test]
    fn the_header_picks_a_declared_calendar_by_name_in_any_case() {
        let (story, d) = run(&format!("{TWO_CALENDARS}scene a: A\n  story: 0001-01-01\n"));
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(story.calendar.name(), "second");
        assert_eq!(story.calendar.hours_per_day(), 31);
        // A built-in calendar by name, in any case.
        let (story, d) = run("calendar: JULIAN\nscene a: A\n  story: 1500-02-29\n");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(story.calendar.name(), "julian");
        // Without the header, Gregorian; 1500 was no leap year there.
        let (story, d) = run("scene a: A\n  story: 1500-02-28\n");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(story.calendar.name(), "gregorian");
    }

    #[test]
    fn an_unknown_calendar_lists_the_declared_ones() {
        let (_, d) = run("calendar: third\n\ncalendar first:\n  month A: 30\n\nscene a: A\n");
        let help = d.iter().find_map(|d| d.help.as_deref()).unwrap_or_default();
        assert!(help.contains("`first`"), "{d:#?}");
        assert!(help.contains("`gregorian`"), "{d:#?}");
    }

    #[test]
    fn a_weekday_in_a_story_line_is_a_claim_not_an_era() {
        let (story, d) = run("scene a: A\n  story: 2014-05-17, Saturday\n");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(story.weekday_claims.len(), 1);
        assert_eq!(story.weekday_claims[0].scene, SceneId(0));
        assert_eq!(
            story.calendar.weekday_named("saturday"),
            Some(story.weekday_claims[0].weekday)
        );
    }

    #[test]
    fn ranges_are_measured_in_the_story_calendar() {
        let day = 31 * 3600;
        let gap = |text: &str| {
            let (story, d) = run(&format!(
                "{TWO_CALENDARS}scene a: A\n  story: 0001-01-01\nscene b: B\n  story: after a by {text}\n"
            ));
            let found = story.scenes[1]
                .constraints
                .iter()
                .find_map(|c| match c.kind {
                    ConstraintKind::After { gap, .. } => Some(gap),
                    _ => None,
                });
            (found, d)
        };
        // A range whose bounds meet holds: exactly one day.
        let (found, d) = gap("1d..1d");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(
            found,
            Some(Interval {
                lo: Some(day),
                hi: Some(day)
            })
        );
        let (found, d) = gap("30h..1d");
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(
            found,
            Some(Interval {
                lo: Some(30 * 3600),
                hi: Some(day)
            })
        );
        // A day of 31 hours is more than 30: empty here (not in Gregorian
        // time), and the bounds swapped are the fix.
        let (found, d) = gap("1d..30h");
        assert_eq!(found, None);
        let e = only(&d, codes::EMPTY_RANGE);
        assert_eq!(
            e.help.as_deref(),
            Some("write the smaller bound first: `30h..1d`")
        );
        assert_eq!(
            e.fix.as_ref().map(|f| f.replacement.as_str()),
            Some("30h..1d")
        );
    }

    fn only(diagnostics: &[Diagnostic], code: codes::Code) -> Diagnostic {
        let found: Vec<_> = diagnostics.iter().filter(|d| d.code == code).collect();
        assert_eq!(found.len(), 1, "one {code} expected in {diagnostics:#?}");
        found[0].clone()
    }

    /// The text under the primary and secondary labels.
    fn labelled<'a>(text: &'a str, d: &Diagnostic) -> (Vec<&'a str>, Vec<&'a str>) {
        let pick = |primary: bool| {
            d.labels
                .iter()
                .filter(|l| l.primary == primary)
                .map(|l| &text[l.span.range()])
                .collect()
        };
        (pick(true), pick(false))
    }

    #[test]
    fn duplicates_label_both_places() {
        let text = "era past: 2014 ..\nera past: 2015 ..\n\
                    marker hair:\n  dark:\n  dark: past\nmarker hair:\n\
                    character Semih\ncharacter  semih\n\
                    scene one: A\nscene one: B\n";
        let (story, diagnostics) = run(text);
        let dups: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.code == codes::DUPLICATE)
            .collect();
        let messages: Vec<&str> = dups.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "era `past` is declared twice",
                "marker value `dark` is declared twice",
                "marker `hair` is declared twice",
                "character `semih` is declared twice",
                "scene id `one` is declared twice",
            ]
        );
        for d in &dups {
            let (primary, secondary) = labelled(text, d);
            assert_eq!(primary.len(), 1, "{d:?}");
            assert_eq!(secondary.len(), 1, "{d:?}");
            // Both labels cover the same name (characters fold case).
            assert_eq!(fold_name(primary[0]), fold_name(secondary[0]));
            let (p, s) = (d.labels[0].span, d.labels[1].span);
            assert!(p.start > s.start, "the second declaration is primary");
        }
        // The first declaration wins.
        assert_eq!(story.scenes.len(), 1);
        assert_eq!(story.scenes["one"].title, "A");
        assert_eq!(story.characters.len(), 1);
        assert_eq!(story.markers["hair"].values.len(), 1);
        assert!(story.markers["hair"].values["dark"].era.is_none());
    }

    #[test]
    fn suggestions_for_near_names_only() {
        let text = "era present: 2020 ..\nmarker hair:\n  dark:\ncharacter Defne\n\
                    scene ferry: F\n\
                    scene a: A\n  story: after fery, presnt, before zzzzzzzz\n  cast: Defen\n  hiar: dark\n";
        let (_, diagnostics) = run(text);
        let help = |code: codes::Code| only(&diagnostics, code).help.unwrap_or_default();
        let unknown_scenes: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.code == codes::UNKNOWN_SCENE)
            .map(|d| d.help.clone().unwrap_or_default())
            .collect();
        assert_eq!(unknown_scenes.len(), 2);
        assert_eq!(unknown_scenes[0], "did you mean `ferry`?");
        assert!(
            !unknown_scenes[1].contains("did you mean"),
            "{unknown_scenes:?}"
        );
        assert_eq!(help(codes::UNKNOWN_ERA), "did you mean `present`?");
        assert!(help(codes::UNKNOWN_CHARACTER).starts_with("did you mean `Defne`?"));
        assert!(help(codes::UNKNOWN_MARKER).starts_with("did you mean `hair`?"));
    }

    #[test]
    fn long_lists_of_names_are_cut() {
        let values: String = (0..12).map(|i| format!("  v{i}:\n")).collect();
        let text = format!("marker m:\n{values}scene a: A\n  m: zzzzzzzz\n");
        let (_, diagnostics) = run(&text);
        let help = only(&diagnostics, codes::UNKNOWN_MARKER_VALUE)
            .help
            .unwrap();
        assert!(help.starts_with("`m` may be `v0`, `v1`,"), "{help}");
        assert!(help.ends_with("`v9`, …"), "{help}");
    }

    #[test]
    fn a_scene_named_as_an_era_says_so() {
        let (_, diagnostics) = run("scene ferry: F\nscene a: A\n  story: ferry\n");
        let d = only(&diagnostics, codes::SCENE_NOT_ERA);
        assert_eq!(d.message, "`ferry` is a scene, not an era");
        assert!(d.help.unwrap().contains("`during ferry`"));
    }

    #[test]
    fn marker_eras_become_in_era_constraints() {
        let text = "era past: .. 2020-09\nera present: 2020-10 ..\n\
                    marker hair:\n  dark: past #2b1d14\n  bleached: present\n  grey:\n\
                    scene a: A\n  hair: bleached\nscene b: B\n  hair: grey (dyed)\n";
        let (story, diagnostics) = run(text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let a = &story.scenes["a"];
        assert_eq!(
            a.constraints
                .iter()
                .map(|c| (c.kind, c.origin))
                .collect::<Vec<_>>(),
            [(
                ConstraintKind::InEra { era: EraId(1) },
                Origin::Marker {
                    marker: MarkerId(0),
                    value: 1
                }
            )]
        );
        assert_eq!(&text[a.constraints[0].span.range()], "hair: bleached");
        // A value without an era sets the marker but constrains nothing.
        let b = &story.scenes["b"];
        assert!(b.constraints.is_empty());
        assert_eq!(b.markers[0].value, 2);
        assert_eq!(b.markers[0].note.as_deref(), Some("dyed"));
        assert_eq!(
            story.markers["hair"].values["dark"].color.as_deref(),
            Some("#2b1d14")
        );
    }

    #[test]
    fn unknown_marker_era_is_reported() {
        let (story, diagnostics) = run("marker hair:\n  dark: pats\nera past: 2014\n");
        assert_eq!(
            only(&diagnostics, codes::UNKNOWN_ERA).help.as_deref(),
            Some("did you mean `past`?")
        );
        assert!(story.markers["hair"].values["dark"].era.is_none());
    }

    #[test]
    fn repeats_of_itself_is_an_error() {
        let (story, diagnostics) =
            run("scene a: A\n  story: 2014\nscene b: B\n  repeats: b\nscene c: C\n  repeats: a\n");
        let d = only(&diagnostics, codes::SELF_REFERENCE);
        assert_eq!(d.message, "scene `b` refers to itself");
        let b = &story.scenes["b"];
        assert!(b.repeats.is_none() && b.constraints.is_empty());
        let c = &story.scenes["c"];
        assert_eq!(c.repeats, Some(SceneId(0)));
        assert_eq!(
            c.constraints[0].kind,
            ConstraintKind::SameAs { other: SceneId(0) }
        );
        assert_eq!(c.constraints[0].origin, Origin::Repeats);
    }

    #[test]
    fn relations_to_itself_are_errors() {
        let (story, diagnostics) =
            run("scene a: A\n  story: after a, during a, a + 1d, before a by 1h\n");
        let n = diagnostics
            .iter()
            .filter(|d| d.code == codes::SELF_REFERENCE)
            .count();
        assert_eq!(n, 4, "{diagnostics:#?}");
        assert!(story.scenes["a"].constraints.is_empty());
    }

    #[test]
    fn story_items_become_constraints() {
        let text = "era past: 2014-05 .. a\n\
                    scene a: A\n  story: 2014-05-17 .. 2014-05, for 1h..2h\n\
                    scene b: B\n  story: past, a - 1d..3d, after a by ..2w, before a\n";
        let (story, diagnostics) = run(text);
        assert!(diagnostics.is_empty(), "{diagnostics:#?}");
        let kinds = |id: &str| -> Vec<ConstraintKind> {
            story.scenes[id]
                .constraints
                .iter()
                .map(|c| c.kind)
                .collect()
        };
        let day = 86_400;
        let may17 = DateTimeSpec::new(2014, Some(5), Some(17), None, None)
            .unwrap()
            .first_second();
        assert_eq!(
            kinds("a"),
            [
                ConstraintKind::StartsWithin {
                    lo: may17,
                    hi: may17 + 15 * day - 1
                },
                ConstraintKind::Lasts {
                    length: Interval {
                        lo: Some(3600),
                        hi: Some(7200)
                    }
                }
            ]
        );
        assert_eq!(
            kinds("b"),
            [
                ConstraintKind::InEra { era: EraId(0) },
                ConstraintKind::Offset {
                    other: SceneId(0),
                    offset: Interval {
                        lo: Some(-3 * day),
                        hi: Some(-day)
                    }
                },
                ConstraintKind::After {
                    other: SceneId(0),
                    gap: Interval {
                        lo: Some(0),
                        hi: Some(14 * day)
                    }
                },
                ConstraintKind::Before {
                    other: SceneId(0),
                    gap: Interval::NON_NEGATIVE
                },
            ]
        );
        // Each constraint keeps the text that wrote it, without `for …`.
        let b = &story.scenes["b"];
        assert_eq!(&text[b.constraints[1].span.range()], "a - 1d..3d");
        assert_eq!(
            &text[story.scenes["a"].constraints[0].span.range()],
            "2014-05-17 .. 2014-05"
        );
        // An era bound may be a scene.
        let past = &story.eras["past"];
        assert!(matches!(
            past.to,
            Some(EraBound::Scene {
                scene: SceneId(0),
                ..
            })
        ));
        assert!(matches!(past.from, Some(EraBound::Time { at, .. }) if at == may17 - 16 * day));
    }

    #[test]
    fn a_second_header_in_one_story_is_an_error() {
        let first = tree(0, "title: One\nscene a: A\n");
        let second = tree(1, "title: Two\nscene b: B\n  story: after a\n");
        let (story, diagnostics) = resolve(&[&first, &second], "fallback");
        let d = only(&diagnostics, codes::TWO_HEADERS);
        assert_eq!(d.labels[0].span.file, FileId(1));
        assert_eq!(d.labels[1].span.file, FileId(0));
        assert_eq!(story.title, "One");
        // Names still resolve across the files.
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    }

    #[test]
    fn property_keys_match_the_format_properties() {
        let text = "scene a: A\n  screen: 00:01\n  story: 2014\n  cast: Ana\n  where: x\n  repeats: b\n  mode: dream\n  thread: t\n  day: 3\n  time: night\n  change: look\n  hair: dark\n  story: by\nscene b: B\n";
        // The last line is an error, so the tree is taken as parsed.
        let (t, _) = syntax::parse(FileId(0), text);
        let Some(Item::Scene(a)) = t.items.first() else {
            panic!("a scene")
        };
        let keys: Vec<PropertyKey> = a.properties().map(PropertyKey::of).collect();
        for (i, name) in SCENE_PROPERTIES.iter().enumerate() {
            assert!(keys[i] == PropertyKey::Format(i), "{name}");
        }
        assert!(keys[10] == PropertyKey::Other("hair".into()));
        // An invalid `story:` is still `story`.
        assert!(keys[11] == PropertyKey::Format(1));
    }

    #[test]
    fn repeats_are_labelled_against_the_first_listing() {
        // Past the linear list too: 20 other names first.
        let names: Vec<String> = (0..20).map(|i| format!("C{i}")).collect();
        let mut text: String = names.iter().map(|n| format!("character {n}\n")).collect();
        text.push_str("character Ana\nscene a: A\n  cast: Ana, ");
        text.push_str(&names.join(", "));
        text.push_str(", Ana, Ana\n");
        let (_, diagnostics) = run(&text);
        let first = text.find("Ana, C0").unwrap() as u32;
        let repeats: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.code == codes::DUPLICATE_CAST)
            .collect();
        assert_eq!(repeats.len(), 2);
        for d in repeats {
            let secondary = d.labels.iter().find(|l| !l.primary).unwrap();
            assert_eq!(secondary.span.start, first, "{d:?}");
        }
    }

    #[test]
    fn a_property_given_twice_is_reported_once() {
        let (story, diagnostics) = run("scene a: A\n  story: 2014\n  story: 2015\n");
        let d = only(&diagnostics, codes::DUPLICATE_PROPERTY);
        assert_eq!(d.message, "property `story` given twice in scene `a`");
        assert_eq!(story.scenes["a"].constraints.len(), 1);
    }

    #[test]
    fn fallback_title_and_header() {
        let (story, _) = run("scene a: A\n");
        assert_eq!(story.title, "fallback");
        let (story, _) = run("title: Kal\noriginal: Kal\nlanguage: tr\nscene a: A\n");
        assert_eq!(story.title, "Kal");
        assert_eq!(
            story.header.keys().collect::<Vec<_>>(),
            ["title", "original", "language"]
        );
    }
}
