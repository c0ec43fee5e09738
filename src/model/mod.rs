//! The resolved story.
//!
//! A [`Story`] is what the scene files mean once every name is looked up:
//! scenes in telling order, eras, markers and characters, with each scene's
//! story-time tags turned into [`Constraint`]s between scene indices. Later
//! stages (engine, continuity, render) read only this model and the spans
//! it keeps for their diagnostics; they never look at the syntax tree.

pub mod calendar;
pub mod resolve;
pub mod threads;
pub mod works;

/// Kept for callers outside this module; the suggester lives in
/// [`crate::text::suggest`] so `syntax`, below `model`, can use it too.
pub use crate::text::suggest;

use compact_str::CompactString;
use indexmap::IndexMap;
use serde::Serialize;
use thin_vec::ThinVec;

use crate::span::{FileId, Span};
use crate::time::{Calendar, Millis, Seconds};

pub use resolve::{resolve, resolve_owned};
pub use works::{ViewingOrder, Work, WorkId};

/// `story: …, Saturday`: a scene starts on a weekday of the story's
/// calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct WeekdayClaim {
    /// The scene.
    pub scene: SceneId,
    /// The weekday's index in the calendar's week.
    pub weekday: usize,
    /// Where the weekday was written.
    #[serde(skip)]
    pub span: Span,
}

/// Index of a scene in [`Story::scenes`] (its position in the telling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SceneId(pub u32);

impl SceneId {
    /// As a `usize` index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of an era in [`Story::eras`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct EraId(pub u32);

/// Index of a marker in [`Story::markers`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct MarkerId(pub u32);

/// Index of a character in [`Story::characters`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct CharacterId(pub u32);

/// Index of a thread in [`Story::threads`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ThreadId(pub u32);

/// The maps of a [`Story`]: insertion-ordered, so output never depends on
/// hashing, with a fast hasher (foldhash, seeded per process) because a
/// story of a million scenes looks names up millions of times.
pub type NameMap<K, V> = IndexMap<K, V, foldhash::fast::RandomState>;

/// A whole story.
#[derive(Clone, Debug, Serialize)]
pub struct Story {
    /// The title (`title:`, else the file or directory name).
    pub title: String,
    /// Every header field in order, `title` included.
    pub header: IndexMap<String, String>,
    /// The calendar its dates are written in (`calendar:`; Gregorian when
    /// not given): every view reads and prints dates with it.
    pub calendar: Calendar,
    /// Weekdays the scenes say they start on (`story: 2014-05-17,
    /// Saturday`), checked against the chronology by the engine.
    pub weekday_claims: Vec<WeekdayClaim>,
    /// The files of the story, in telling order.
    #[serde(skip)]
    pub files: Vec<FileId>,
    /// Eras by name.
    pub eras: NameMap<String, Era>,
    /// Markers by name.
    pub markers: NameMap<String, Marker>,
    /// Characters by declared name.
    pub characters: NameMap<String, Character>,
    /// Scenes by id, in telling order. In a series (a story with works)
    /// the key is `WORK/SCENE`, unique across the series.
    pub scenes: NameMap<CompactString, Scene>,
    /// The works of a series, in telling order; empty for a story without
    /// `work` lines ([`works`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub works: Vec<Work>,
    /// Declared viewing orders (`order NAME: WORK, …`) by name.
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    pub orders: NameMap<String, ViewingOrder>,
    /// Threads (plotlines) by name: the declared ones in declaration
    /// order, then those scenes name without a declaration, in telling
    /// order.
    pub threads: NameMap<String, Thread>,
    /// The main narrative the telling returns to (`present: ERA`), if named.
    pub present: Option<Present>,
}

/// `present: NAME`: the strand of the first narrative (Genette), against
/// which `stats` measures analepses and prolepses and whose story days are
/// numbered 1, 2, 3 (`docs/production.md`).
#[derive(Clone, Debug, Serialize)]
pub struct Present {
    /// The name as written.
    pub name: String,
    /// The era it names.
    pub era: Option<EraId>,
    /// The thread it names, when it names no era.
    pub thread: Option<ThreadId>,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

impl Story {
    /// The scene at an index.
    pub fn scene(&self, id: SceneId) -> &Scene {
        &self.scenes[id.index()]
    }

    /// A scene's id text.
    pub fn scene_name(&self, id: SceneId) -> &str {
        self.scenes
            .get_index(id.index())
            .map(|(k, _)| k.as_str())
            .unwrap_or("?")
    }

    /// The era at an index.
    pub fn era(&self, id: EraId) -> &Era {
        &self.eras[id.0 as usize]
    }

    /// The marker at an index.
    pub fn marker(&self, id: MarkerId) -> &Marker {
        &self.markers[id.0 as usize]
    }

    /// The character at an index.
    pub fn character(&self, id: CharacterId) -> &Character {
        &self.characters[id.0 as usize]
    }

    /// The thread at an index.
    pub fn thread(&self, id: ThreadId) -> &Thread {
        &self.threads[id.0 as usize]
    }

    /// A file-name-safe slug of the title, ASCII-folded (`dont-leave`).
    pub fn slug(&self) -> String {
        slug(&self.title)
    }
}

/// Lowercase ASCII slug: letters folded to ASCII where a plain letter exists,
/// other runs turned into single `-`; never empty.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let folded = ascii_fold(c);
        match folded {
            Some(s) => {
                if dash && !out.is_empty() {
                    out.push('-');
                }
                dash = false;
                out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
            }
            // Apostrophes join words: "Don't" is `dont`, not `don-t`.
            None if matches!(c, '\'' | '’') => {}
            None => dash = true,
        }
    }
    if out.is_empty() {
        "story".to_string()
    } else {
        out
    }
}

fn ascii_fold(c: char) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        ("àáâãäåāăą", "a"),
        ("æ", "ae"),
        ("çćĉċč", "c"),
        ("ďđ", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏő", "o"),
        ("œ", "oe"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ß", "ss"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűų", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("þ", "th"),
        ("ð", "d"),
        ("ÀÁÂÃÄÅĀĂĄ", "a"),
        ("Æ", "ae"),
        ("ÇĆĈĊČ", "c"),
        ("ĎĐ", "d"),
        ("ÈÉÊËĒĔĖĘĚ", "e"),
        ("ĜĞĠĢ", "g"),
        ("ĤĦ", "h"),
        ("ÌÍÎÏĨĪĬĮİ", "i"),
        ("Ĵ", "j"),
        ("Ķ", "k"),
        ("ĹĻĽĿŁ", "l"),
        ("ÑŃŅŇ", "n"),
        ("ÒÓÔÕÖØŌŎŐ", "o"),
        ("Œ", "oe"),
        ("ŔŖŘ", "r"),
        ("ŚŜŞŠȘ", "s"),
        ("ŢŤŦȚ", "t"),
        ("ÙÚÛÜŨŪŬŮŰŲ", "u"),
        ("Ŵ", "w"),
        ("ÝŸŶ", "y"),
        ("ŹŻŽ", "z"),
        ("Þ", "th"),
    ];
    const ALNUM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    if c.is_ascii_alphanumeric() {
        let i = ALNUM.find(c)?;
        return Some(&ALNUM[i..i + 1]);
    }
    TABLE
        .iter()
        .find(|(from, _)| from.contains(c))
        .map(|(_, to)| *to)
}

/// The one case-folding rule for character names, used by scene files and
/// every importer: trim, collapse inner white space, then Unicode lowercase
/// (full mapping, no locale tailoring).
pub fn fold_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    fold_name_into(name, &mut out);
    out
}

/// [`fold_name`] into a reused buffer (cleared first), so folding many
/// names allocates nothing.
pub fn fold_name_into(name: &str, out: &mut String) {
    out.clear();
    // ASCII is the common case, folded without decoding characters; a
    // vertical tab is white space to `split_whitespace` but not to its
    // ASCII twin, so it takes the general path.
    if name.is_ascii() && !name.contains('\x0b') {
        for (i, word) in name.split_ascii_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
        // Whole, not char by char: pushing chars one by one re-checks
        // each one's UTF-8 length, and casts fold one name per entry.
        out.make_ascii_lowercase();
        return;
    }
    for (i, word) in name.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// A text with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The text (inline up to 24 bytes, as most places are).
    pub text: CompactString,
    /// Where.
    #[serde(skip)]
    pub span: Span,
}

/// One side of an era, resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum EraBound {
    /// A fixed time: the first second of the `from` date, or the last second
    /// of the `to` date.
    Time {
        /// The time.
        at: Seconds,
        /// Where it was written.
        #[serde(skip)]
        span: Span,
    },
    /// The start of a scene.
    Scene {
        /// The scene.
        scene: SceneId,
        /// Where it was written.
        #[serde(skip)]
        span: Span,
    },
}

/// A named span of story-time.
#[derive(Clone, Debug, Serialize)]
pub struct Era {
    /// Name.
    pub name: String,
    /// Start, if bounded.
    pub from: Option<EraBound>,
    /// End, if bounded.
    pub to: Option<EraBound>,
    /// The declaration line.
    #[serde(skip)]
    pub span: Span,
}

/// A declared marker (e.g. hair colour).
#[derive(Clone, Debug, Serialize)]
pub struct Marker {
    /// Name.
    pub name: String,
    /// Values by name, in declaration order.
    pub values: NameMap<String, MarkerValue>,
    /// Declared `per character`: a scene gives each character a value
    /// (`look: Semih=suit`), set in [`Scene::looks`].
    pub per_character: bool,
    /// The declaration line.
    #[serde(skip)]
    pub span: Span,
}

/// One value a marker may take.
#[derive(Clone, Debug, Serialize)]
pub struct MarkerValue {
    /// Name.
    pub name: String,
    /// The era it implies.
    pub era: Option<EraId>,
    /// Colour `#rrggbb`.
    pub color: Option<String>,
    /// The declaration line.
    #[serde(skip)]
    pub span: Span,
}

/// A date bound at its precision: `lo..=hi` seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DateBound {
    /// First second covered.
    pub lo: Seconds,
    /// Last second covered.
    pub hi: Seconds,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

/// A declared character.
#[derive(Clone, Debug, Serialize)]
pub struct Character {
    /// Name as declared.
    pub name: String,
    /// Birth date, if given.
    pub born: Option<DateBound>,
    /// Death date, if given.
    pub died: Option<DateBound>,
    /// The storyline colour `#rrggbb` (`colour` on the declaration).
    pub color: Option<String>,
    /// The declaration line.
    #[serde(skip)]
    pub span: Span,
}

/// A plotline, point of view or subplot: scenes join it with
/// `thread: NAME`.
#[derive(Clone, Debug, Serialize)]
pub struct Thread {
    /// Name as first written (declared, else first used).
    pub name: String,
    /// Colour `#rrggbb`, if declared with one.
    pub color: Option<String>,
    /// Whether a `thread NAME` line declares it.
    pub declared: bool,
    /// The declaration, else the first use.
    #[serde(skip)]
    pub span: Span,
}

/// How a scene relates to reality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// A memory shown as such.
    Memory,
    /// A dream.
    Dream,
    /// Imagined, not happening.
    Imagined,
}

impl Mode {
    /// The word a scene file writes it with (`mode: memory`), which is
    /// also its name in every output.
    pub fn keyword(self) -> &'static str {
        match self {
            Mode::Memory => "memory",
            Mode::Dream => "dream",
            Mode::Imagined => "imagined",
        }
    }
}

/// A scene's screen-time in milliseconds from its file's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Screen {
    /// Start.
    pub start: Millis,
    /// End, if given.
    pub end: Option<Millis>,
    /// The `screen:` line.
    #[serde(skip)]
    pub span: Span,
}

/// A cast entry.
#[derive(Clone, Debug, Serialize)]
pub struct CastMember {
    /// The character.
    pub character: CharacterId,
    /// Age in the scene, if given.
    pub age: Option<u32>,
    /// Where written.
    #[serde(skip)]
    pub span: Span,
}

/// A marker value a scene carries.
#[derive(Clone, Debug, Serialize)]
pub struct MarkerState {
    /// Which marker.
    pub marker: MarkerId,
    /// Index of the value in the marker's `values`.
    pub value: u32,
    /// The parenthesised note, if any (`dyed back`).
    pub note: Option<String>,
    /// The property line.
    #[serde(skip)]
    pub span: Span,
}

/// A closed interval of seconds with either side possibly unbounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Interval {
    /// Least value, if bounded.
    pub lo: Option<Seconds>,
    /// Greatest value, if bounded.
    pub hi: Option<Seconds>,
}

impl Interval {
    /// `[0, ∞)`.
    pub const NON_NEGATIVE: Interval = Interval {
        lo: Some(0),
        hi: None,
    };
}

/// Where a constraint came from, so messages can speak the writer's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Origin {
    /// A `story:` item.
    Story,
    /// A marker value implying an era.
    Marker {
        /// The marker.
        marker: MarkerId,
        /// The value's index.
        value: u32,
    },
    /// `repeats:`.
    Repeats,
}

/// What a constraint says about its scene (`self`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ConstraintKind {
    /// The scene starts within `lo..=hi` (an absolute date or date range).
    StartsWithin {
        /// Earliest start.
        lo: Seconds,
        /// Latest start.
        hi: Seconds,
    },
    /// The whole scene lies within an era.
    InEra {
        /// The era.
        era: EraId,
    },
    /// `self.start - other.end ∈ gap`.
    After {
        /// The other scene.
        other: SceneId,
        /// The gap.
        gap: Interval,
    },
    /// `other.start - self.end ∈ gap`.
    Before {
        /// The other scene.
        other: SceneId,
        /// The gap.
        gap: Interval,
    },
    /// `other.start <= self.start` and `self.end <= other.end`.
    During {
        /// The other scene.
        other: SceneId,
    },
    /// `self.start - other.start ∈ offset`.
    Offset {
        /// The other scene.
        other: SceneId,
        /// The offset, possibly negative.
        offset: Interval,
    },
    /// `self.end - self.start ∈ length`.
    Lasts {
        /// The scene's own duration.
        length: Interval,
    },
    /// Same start and end as `other`.
    SameAs {
        /// The repeated scene.
        other: SceneId,
    },
}

impl ConstraintKind {
    /// The other scene this constraint relates to, if any.
    pub fn other(&self) -> Option<SceneId> {
        match *self {
            ConstraintKind::After { other, .. }
            | ConstraintKind::Before { other, .. }
            | ConstraintKind::During { other }
            | ConstraintKind::Offset { other, .. }
            | ConstraintKind::SameAs { other } => Some(other),
            _ => None,
        }
    }
}

/// One resolved story-time constraint on a scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Constraint {
    /// What it says.
    #[serde(flatten)]
    pub kind: ConstraintKind,
    /// Where it came from.
    pub origin: Origin,
    /// The text that wrote it.
    #[serde(skip)]
    pub span: Span,
}

/// One scene.
///
/// Its lists are [`ThinVec`]s: one pointer each, with no allocation while
/// empty, where a `Vec` is three words. Most scenes leave most lists empty,
/// and a story of a million scenes holds a million of these (eight lists at
/// 16 bytes saved each is 128 MB there).
#[derive(Clone, Debug, Serialize)]
pub struct Scene {
    /// The id (in a series `WORK/SCENE`, as the story's key; inline up to 24 bytes, as are most titles: a story of a
    /// million scenes would otherwise make millions of small allocations).
    pub id: CompactString,
    /// The title (may be empty).
    pub title: CompactString,
    /// The file it is in.
    #[serde(skip)]
    pub file: FileId,
    /// The `scene ID: TITLE` line.
    #[serde(skip)]
    pub span: Span,
    /// The id as written.
    #[serde(skip)]
    pub id_span: Span,
    /// Screen timecodes, if given (boxed: inline they would cost every
    /// scene 40 bytes, a tenth of a large story's peak memory, written or
    /// not).
    pub screen: Option<Box<Screen>>,
    /// Story-time constraints, in written order (marker eras and `repeats`
    /// included).
    pub constraints: ThinVec<Constraint>,
    /// The cast.
    pub cast: ThinVec<CastMember>,
    /// The place (boxed, like `day`: inline, the 40 bytes of a place
    /// would be carried by every scene of a story that writes none).
    pub place: Option<Box<Text>>,
    /// The scene it shows again.
    pub repeats: Option<SceneId>,
    /// Marker values.
    pub markers: ThinVec<MarkerState>,
    /// Memory, dream or imagined.
    pub mode: Option<Mode>,
    /// The threads it belongs to (`thread:`), each once, in the story's
    /// thread order.
    pub threads: ThinVec<ThreadId>,
    /// Synopsis lines.
    pub synopsis: ThinVec<String>,
    /// `# chronotope: …` directives, text after `chronotope:`.
    pub directives: ThinVec<Text>,
    /// `day:` the story-day label production gave the scene (boxed: few
    /// scenes have one, and a million scenes' records are a third of the
    /// peak memory of `check`).
    pub day: Option<Box<Text>>,
    /// `time:` (or the slugline's) time of day.
    pub time: Option<TimeTag>,
    /// Values of per-character markers (`look: Semih=suit`).
    pub looks: ThinVec<Look>,
    /// `change:` per-character markers this scene may change within its
    /// story day.
    pub changes: ThinVec<MarkerId>,
}

/// A scene's time of day with where it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TimeTag {
    /// What it says.
    pub value: crate::time::daypart::TimeOfDay,
    /// Where.
    #[serde(skip)]
    pub span: Span,
}

/// One character's value of a per-character marker in a scene.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Look {
    /// The character.
    pub character: CharacterId,
    /// The marker (declared `per character`).
    pub marker: MarkerId,
    /// Index of the value in the marker's `values`.
    pub value: u32,
    /// The `NAME=VALUE` entry.
    #[serde(skip)]
    pub span: Span,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_lowercase_words_one_space_apart() {
        // ASCII, and the general path (any non-ASCII letter takes it).
        assert_eq!(fold_name("Frank"), "frank");
        assert_eq!(fold_name("  Kay \t ADAMS  "), "kay adams");
        assert_eq!(fold_name("Ömer"), "ömer");
        assert_eq!(fold_name("  AYŞE \t Kaya  Hanım "), "ayşe kaya hanım");
        // A vertical tab separates words too, on either path.
        assert_eq!(fold_name("Kay\x0bAdams"), "kay adams");
        assert_eq!(fold_name(""), "");
        // The buffer is cleared before each name.
        let mut out = String::from("stale");
        fold_name_into("İlkin", &mut out);
        assert_eq!(out, "i\u{307}lkin");
    }
}
