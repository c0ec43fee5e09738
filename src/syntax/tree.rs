//! The syntax tree of a scene file.
//!
//! The tree keeps everything a writer wrote, in order: declarations, scenes,
//! properties, synopsis lines and comments, each with its [`Span`]. Values are
//! already parsed (dates validated, durations split into parts) but names are
//! not yet resolved: `after ferry` holds the text `ferry`, and it is the
//! model's job to find that scene. Spans are skipped when serialising, so two
//! trees that differ only in layout serialise equally (the round-trip
//! property test relies on this).

use compact_str::CompactString;
use serde::Serialize;

use crate::span::{FileId, Span};
use crate::time::{DateTimeSpec, Duration, Millis};

/// A piece of text with the span it came from: an identifier, a title, a
/// place, a character name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Name {
    /// The text, trimmed (inline up to 24 bytes: most names never allocate).
    pub text: CompactString,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

/// One parsed scene file.
#[derive(Clone, Debug, Serialize)]
pub struct SourceTree {
    /// The file it was parsed from.
    #[serde(skip)]
    pub file: FileId,
    /// Top-level items in file order.
    pub items: Vec<Item>,
    /// The scenes whose indented lines are not parsed yet, in item order:
    /// empty unless the file was read as an outline
    /// ([`crate::syntax::parser::parse_outline`]), whose scenes have no
    /// lines until [`crate::syntax::parser::SceneBodies`] parses them.
    #[serde(skip)]
    pub unparsed: Vec<UnparsedLines>,
}

/// The indented lines of one scene, left unparsed by an outline parse.
///
/// Why an outline: a story of a million scenes is about 550 bytes of tree a
/// scene, and the whole tree was in memory before the first scene was
/// resolved. Parsed scene by scene while the story is resolved, the lines
/// of only a few scenes exist at a time. The lines are exactly those the
/// whole-file parse gives the scene: every line in `start..end` that does
/// not start at the margin (the margin lines among them are comments, which
/// the outline already holds as items).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnparsedLines {
    /// The scene's index in [`SourceTree::items`].
    pub item: u32,
    /// Where the first of the scene's indented lines starts in the text.
    pub start: u32,
    /// Where the last one ends.
    pub end: u32,
    /// How many of them are not blank: the scene's lines, at most.
    pub lines: u32,
}

impl SourceTree {
    /// A tree of `items`, every line parsed.
    pub fn new(file: FileId, items: Vec<Item>) -> SourceTree {
        SourceTree {
            file,
            items,
            unparsed: Vec::new(),
        }
    }

    /// True when the file has story header fields (`title:` …).
    pub fn has_header(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::Header(_)))
    }

    /// The scenes, in file order.
    pub fn scenes(&self) -> impl Iterator<Item = &SceneDecl> {
        self.items.iter().filter_map(|i| match i {
            Item::Scene(s) => Some(s),
            _ => None,
        })
    }
}

/// The top-level items of a story's files that are neither scenes nor
/// comments, in story order: the header fields and declarations.
///
/// A story of a million scenes has a few dozen of these; the passes that
/// look only at them (the calendar, the works, era bounds) walk this short
/// list instead of every scene again.
pub fn outline<'a>(trees: &[&'a SourceTree]) -> Vec<&'a Item> {
    trees
        .iter()
        .flat_map(|t| t.items.iter())
        .filter(|i| !matches!(i, Item::Scene(_) | Item::Comment(_)))
        .collect()
}

/// A top-level line or block.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", tag = "item")]
pub enum Item {
    /// `title: Don't Leave`
    Header(HeaderField),
    /// `era past: 2014-05 .. 2020-09` (boxed, like characters: there are
    /// few of them, and inline they would make every scene item larger)
    Era(Box<EraDecl>),
    /// `marker hair:` with its value lines
    Marker(MarkerDecl),
    /// `character Semih`
    Character(Box<CharacterDecl>),
    /// `scene ferry: Strangers on the ferry` with its properties
    Scene(SceneDecl),
    /// `# a comment`
    Comment(Comment),
    /// `work anh: A New Hope` with its fields: the scenes after it, to the
    /// next `work` line or the end of the file, belong to it (boxed: few).
    Work(Box<WorkDecl>),
    /// `order machete: anh, esb, tpm` (a viewing order of the works)
    Order(Box<OrderDecl>),
    /// `thread Istanbul: #3366cc` (a plotline; boxed like characters)
    Thread(Box<ThreadDecl>),
    /// `calendar NAME:` with its lines (boxed: few of them)
    Calendar(Box<CalendarDecl>),
}

/// `calendar NAME:` and its indented lines, as written; the model reads
/// them into a calendar (`crate::model::calendar`).
#[derive(Clone, Debug, Serialize)]
pub struct CalendarDecl {
    /// The calendar's name, which `calendar: NAME` in the header selects.
    pub name: Name,
    /// Its lines in order.
    pub lines: Vec<CalendarLine>,
    /// The first line.
    #[serde(skip)]
    pub span: Span,
}

/// A line of a calendar declaration.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarLine {
    /// `KIND [NAME]: VALUE`, such as `month Hammer: 30`.
    Entry(CalendarEntry),
    /// `# …`
    Comment(Comment),
}

/// `KIND [NAME]: VALUE`: `month Hammer: 30`, `weekdays: Sul, Mol`.
#[derive(Clone, Debug, Serialize)]
pub struct CalendarEntry {
    /// `month`, `festival`, `leap`, `weekdays`, `week`, `day`, `hour`,
    /// `era` or `moon`.
    pub kind: Name,
    /// The name after the kind, for the kinds that take one.
    pub name: Option<Name>,
    /// Everything after the `:`, trimmed.
    pub value: Name,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// A full-line comment; `text` is everything after the `#`.
#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    /// The text after `#`, untrimmed on the right side only.
    pub text: String,
    /// The whole comment, `#` included.
    #[serde(skip)]
    pub span: Span,
}

/// A story header field such as `title: Don't Leave`.
#[derive(Clone, Debug, Serialize)]
pub struct HeaderField {
    /// The field name.
    pub key: Name,
    /// The value, as written (trimmed).
    pub value: Name,
}

/// A date as written, with its span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DateLit {
    /// The date's numeric parts (placeholder zeros for a readable date).
    pub value: DateTimeSpec,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
    /// A date written with names (`15 Alturiak 1372 DR`, `44 BC`), as
    /// written: only the story's calendar can read it, in the model.
    /// (Boxed, so one word while absent: a date literal is in every dated
    /// `story:` item, most of them numeric.)
    #[serde(skip)]
    pub readable: Option<Box<CompactString>>,
}

/// One side of an era: a date, or a scene id meaning that scene's start.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EraBound {
    /// A date at its precision.
    Date(DateLit),
    /// A scene id.
    Scene(Name),
}

/// `era NAME: FROM .. TO`
#[derive(Clone, Debug, Serialize)]
pub struct EraDecl {
    /// The era's name.
    pub name: Name,
    /// The start, if bounded.
    pub from: Option<EraBound>,
    /// The end, if bounded.
    pub to: Option<EraBound>,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// `marker NAME:` and its values.
#[derive(Clone, Debug, Serialize)]
pub struct MarkerDecl {
    /// The marker's name.
    pub name: Name,
    /// The indented lines below it.
    pub lines: Vec<MarkerLine>,
    /// `marker NAME per character:`: each character in a scene carries a
    /// value of its own (`look: Semih=suit, Defne=red-dress`).
    pub per_character: bool,
    /// The `marker NAME:` line.
    #[serde(skip)]
    pub span: Span,
}

/// A line inside a marker block.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerLine {
    /// `dark: past #2b1d14`
    Value(MarkerValueDecl),
    /// A comment.
    Comment(Comment),
}

/// An sRGB colour `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Color {
    /// Red, green, blue.
    pub rgb: [u8; 3],
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

impl Color {
    /// `#rrggbb` in lower case.
    pub fn hex(&self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.rgb[0], self.rgb[1], self.rgb[2])
    }
}

/// `VALUE: [ERA] [#rrggbb]`
#[derive(Clone, Debug, Serialize)]
pub struct MarkerValueDecl {
    /// The value's name.
    pub value: Name,
    /// The era it implies, if any.
    pub era: Option<Name>,
    /// The colour to draw it in, if any.
    pub color: Option<Color>,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// `character NAME[: born DATE, died DATE, colour #rrggbb]`
#[derive(Clone, Debug, Serialize)]
pub struct CharacterDecl {
    /// The name, spaces allowed.
    pub name: Name,
    /// Date of birth, if given.
    pub born: Option<DateLit>,
    /// Date of death, if given.
    pub died: Option<DateLit>,
    /// `colour #rrggbb`: the storyline's colour, if given.
    pub color: Option<Color>,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// `thread NAME[: #rrggbb]`: a plotline (or point of view, subplot) that
/// scenes join with `thread: NAME`.
#[derive(Clone, Debug, Serialize)]
pub struct ThreadDecl {
    /// The name, spaces allowed (the rules of character names).
    pub name: Name,
    /// The colour to draw it in, if any.
    pub color: Option<Color>,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}

/// `scene ID: TITLE` and its lines.
#[derive(Clone, Debug, Serialize)]
pub struct SceneDecl {
    /// The scene id.
    pub id: Name,
    /// The title, if any.
    pub title: Option<Name>,
    /// Properties, synopsis and comments in order.
    pub lines: Vec<SceneLine>,
    /// The `scene ID: TITLE` line.
    #[serde(skip)]
    pub span: Span,
}

impl SceneDecl {
    /// The properties, in order.
    pub fn properties(&self) -> impl Iterator<Item = &Property> {
        self.lines.iter().filter_map(|l| match l {
            SceneLine::Property(p) => Some(p),
            _ => None,
        })
    }
}

/// A line inside a scene block.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SceneLine {
    /// `key: value`
    Property(Property),
    /// `> prose`; the text is after the `>`, trimmed.
    Synopsis(Name),
    /// `# …`, including `# chronotope: …` directives.
    Comment(Comment),
}

/// `key: value` inside a scene.
#[derive(Clone, Debug, Serialize)]
pub struct Property {
    /// The property name.
    pub key: Name,
    /// The parsed value.
    pub value: PropertyValue,
    /// The whole line, trimmed.
    #[serde(skip)]
    pub span: Span,
}

/// A parsed property value.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PropertyValue {
    /// `screen:`
    Screen(ScreenTime),
    /// `story:`
    Story(Vec<StoryItem>),
    /// `cast:`
    Cast(Vec<CastEntry>),
    /// `where:`
    Where(Name),
    /// `repeats:`
    Repeats(Name),
    /// `mode:`
    Mode(Name),
    /// `thread: NAME, NAME`
    Thread(Vec<Name>),
    /// `MARKER: VALUE [(note)]`
    Marker(MarkerSetting),
    /// `MARKER: NAME=VALUE, NAME=VALUE` for a marker declared `per
    /// character` (`look: Semih=suit, Defne=red-dress`).
    PerCharacter(Vec<CharacterSetting>),
    /// `day:` a story-day label production has already given (`7`, `X2`).
    Day(Name),
    /// `time:` the time of day (`day`, `night`, `dawn` …).
    Time(Name),
    /// `change:` the per-character markers that may change in this scene
    /// within its story day (`change: look`).
    Change(Vec<Name>),
    /// The value could not be parsed; the error has been reported.
    Invalid,
}

/// A timecode with its span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Timecode {
    /// Milliseconds from the start of the telling (or the file's clock).
    pub millis: Millis,
    /// Where it was written.
    #[serde(skip)]
    pub span: Span,
}

/// How a `screen:` line gives its end.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScreenEnd {
    /// `.. 00:11:00`
    At(Timecode),
    /// `for 6m50s`
    For(Timecode),
}

/// `screen: START [.. END | for DURATION]`
#[derive(Clone, Debug, Serialize)]
pub struct ScreenTime {
    /// The start timecode.
    pub start: Timecode,
    /// The end, if given.
    pub end: Option<ScreenEnd>,
}

impl ScreenTime {
    /// The end in milliseconds, if given.
    pub fn end_millis(&self) -> Option<Millis> {
        match &self.end {
            Some(ScreenEnd::At(t)) => Some(t.millis),
            Some(ScreenEnd::For(d)) => Some(self.start.millis + d.millis),
            None => None,
        }
    }
}

/// `DUR`, `DUR..DUR`, `DUR..` or `..DUR`.
///
/// The ends carry no spans of their own: every message about a range
/// points at the whole of it, and a story has hundreds of thousands of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RangeLit {
    /// The lower end, if written.
    pub min: Option<Duration>,
    /// The upper end, if written.
    pub max: Option<Duration>,
    /// True when `..` was written; `DUR` alone means exactly `DUR`.
    pub dotted: bool,
    /// The whole range.
    #[serde(skip)]
    pub span: Span,
}

/// `+` or `-` in `ID + RANGE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// Starts later than the other scene.
    Plus,
    /// Starts earlier than the other scene.
    Minus,
}

/// One story-time constraint without its optional `for` duration.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum StoryConstraint {
    /// A date, or a range of dates, bounding the start.
    At {
        /// The date, or the range's first date.
        from: DateLit,
        /// The range's last date (boxed: most dates are not ranges, and
        /// inline it would double every `story:` item).
        to: Option<Box<DateLit>>,
    },
    /// A bare name: an era.
    Era {
        /// The era name.
        era: Name,
    },
    /// `after ID [by RANGE]`
    After {
        /// The other scene.
        scene: Name,
        /// The gap, if written (boxed, as in [`StoryItem::duration`]).
        gap: Option<Box<RangeLit>>,
    },
    /// `before ID [by RANGE]`
    Before {
        /// The other scene.
        scene: Name,
        /// The gap, if written (boxed, as in [`StoryItem::duration`]).
        gap: Option<Box<RangeLit>>,
    },
    /// `during ID`
    During {
        /// The other scene.
        scene: Name,
    },
    /// `ID + RANGE` or `ID - RANGE`
    Offset {
        /// The other scene.
        scene: Name,
        /// Later or earlier.
        sign: Sign,
        /// How much.
        range: Box<RangeLit>,
    },
}

/// One comma-separated item of `story:`: a constraint, a `for` duration, or
/// both (`2020-10-03 08:10 for 20m`).
#[derive(Clone, Debug, Serialize)]
pub struct StoryItem {
    /// The constraint, unless the item is `for RANGE` alone.
    pub constraint: Option<StoryConstraint>,
    /// The scene's own duration, if given. Boxed, like the ranges inside
    /// constraints: most items have none, and inline it would more than
    /// double the size of every item.
    pub duration: Option<Box<RangeLit>>,
    /// The whole item.
    #[serde(skip)]
    pub span: Span,
}

/// One name in `cast:`, with an optional `(age N)`.
#[derive(Clone, Debug, Serialize)]
pub struct CastEntry {
    /// The character's name.
    pub name: Name,
    /// The age, if given.
    pub age: Option<u32>,
    /// The whole entry.
    #[serde(skip)]
    pub span: Span,
}

/// `MARKER: VALUE [(note)]`
#[derive(Clone, Debug, Serialize)]
pub struct MarkerSetting {
    /// The value.
    pub value: Name,
    /// The parenthesised note, e.g. `dyed back` (boxed: notes are rare, and
    /// inline it would make every scene line larger).
    pub note: Option<Box<Name>>,
}

/// `NAME=VALUE` in the setting of a per-character marker.
#[derive(Clone, Debug, Serialize)]
pub struct CharacterSetting {
    /// The character's name.
    pub character: Name,
    /// The marker value.
    pub value: Name,
    /// The whole entry.
    #[serde(skip)]
    pub span: Span,
}

/// `work ID: TITLE` and its indented fields.
#[derive(Clone, Debug, Serialize)]
pub struct WorkDecl {
    /// The work id.
    pub id: Name,
    /// The title, if any.
    pub title: Option<Name>,
    /// Fields and comments in order.
    pub lines: Vec<WorkLine>,
    /// The `work ID: TITLE` line.
    #[serde(skip)]
    pub span: Span,
}

/// A line inside a work block.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkLine {
    /// `key: value`
    Field(WorkField),
    /// `# …`
    Comment(Comment),
}

/// `key: value` under a work.
#[derive(Clone, Debug, Serialize)]
pub struct WorkField {
    /// The field name.
    pub key: Name,
    /// The parsed value.
    pub value: WorkValue,
    /// The whole line, trimmed.
    #[serde(skip)]
    pub span: Span,
}

/// The value of a work's field.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkValue {
    /// `released: DATE`, at any precision.
    Released(DateLit),
    /// `season: N` or `episode: N`.
    Number(u32),
    /// `runtime: DURATION` (a screen duration such as `2h1m`), in
    /// milliseconds.
    Runtime(Timecode),
    /// Any other field, kept as written.
    Text(Name),
    /// The value could not be read; the error has been reported.
    Invalid,
}

/// `order NAME: WORK, WORK, …`
#[derive(Clone, Debug, Serialize)]
pub struct OrderDecl {
    /// The order's name.
    pub name: Name,
    /// The works, in viewing order.
    pub works: Vec<Name>,
    /// The whole line.
    #[serde(skip)]
    pub span: Span,
}
