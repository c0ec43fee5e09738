//! Every diagnostic code, in one table.
//!
//! Codes are stable: once published a code keeps its meaning. `E00xx` are
//! about files, `E01xx` syntax, `E02xx`/`W02xx` names and references,
//! `E03xx`/`W03xx` the ordering engine, `E04xx`/`W04xx`/`N04xx` continuity
//! rules, `W05xx`/`N05xx` the Fountain reader, `E06xx` works and series, `E07xx` tables (CSV, TSV,
//! Story Curves JSON). The table is in numeric order
//! (a test checks it), and a code's first letter is its default severity:
//! `E` error, `W` warning, `N` note (checked when the table is compiled).

use std::fmt;

use serde::{Serialize, Serializer};

use super::Severity;

/// A code with its short name, default severity and one-paragraph
/// explanation.
#[derive(Debug)]
pub struct CodeInfo {
    /// The typed code of this row.
    pub id: Code,
    /// The code, e.g. `E0102`.
    pub code: &'static str,
    /// A kebab-case name usable in configuration.
    pub name: &'static str,
    /// What it means and how to fix it.
    pub explanation: &'static str,
    /// The severity a diagnostic with this code has unless a rule level
    /// says otherwise; always the one its first letter names.
    pub severity: Severity,
}

/// A diagnostic code: an index into [`ALL`], so it is as cheap to copy and
/// compare as an integer and always names an entry of the table.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Code(u16);

impl Code {
    /// The table entry.
    pub const fn info(self) -> &'static CodeInfo {
        &ALL[self.index()]
    }

    /// The row of [`ALL`] that describes this code.
    pub const fn index(self) -> usize {
        self.0 as usize
    }

    /// The code as written, e.g. `E0201`.
    pub const fn as_str(self) -> &'static str {
        self.info().code
    }

    /// The kebab-case name, e.g. `duplicate-name`.
    pub const fn name(self) -> &'static str {
        self.info().name
    }

    /// The severity a diagnostic with this code has by default.
    pub const fn severity(self) -> Severity {
        self.info().severity
    }

    /// What the code means.
    pub const fn explanation(self) -> &'static str {
        self.info().explanation
    }

    /// Look a code up by code (any case) or name.
    pub fn find(key: &str) -> Option<Code> {
        ALL.iter()
            .position(|c| c.code.eq_ignore_ascii_case(key) || c.name == key)
            .map(Code::at)
    }

    /// Every code, in numeric order.
    pub fn all() -> impl Iterator<Item = Code> {
        (0..ALL.len()).map(Code::at)
    }

    fn at(index: usize) -> Code {
        // The table is built by the macro below and has far fewer than
        // 65,536 rows, so every position fits.
        Code(u16::try_from(index).expect("the code table fits in u16"))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes sort as their text does (the table is in numeric order, so this is
/// also table order).
impl Ord for Code {
    fn cmp(&self, other: &Code) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Code) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Code> for str {
    fn eq(&self, other: &Code) -> bool {
        self == other.as_str()
    }
}

impl AsRef<str> for Code {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Serialised as its text (`"E0201"`), as JSON and SARIF have always shown it.
impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The severity a code's first letter names; a letter other than `E`, `W`
/// or `N` stops the build, since the table is evaluated at compile time.
const fn severity_of(code: &str) -> Severity {
    match code.as_bytes()[0] {
        b'E' => Severity::Error,
        b'W' => Severity::Warning,
        b'N' => Severity::Note,
        _ => panic!("a code starts with E, W or N"),
    }
}

macro_rules! codes {
    ($($konst:ident = $code:literal, $name:literal, $explanation:literal;)*) => {
        /// Row numbers of the table, named like the constants.
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(u16)]
        enum Row { $($konst,)* }
        $(
            #[doc = $explanation]
            pub const $konst: Code = Code(Row::$konst as u16);
        )*
        /// All codes in numeric order.
        pub const ALL: &[CodeInfo] = &[
            $(CodeInfo {
                id: $konst,
                code: $code,
                name: $name,
                explanation: $explanation,
                severity: severity_of($code),
            },)*
        ];
    };
}

codes! {
    INVALID_UTF8 = "E0001", "invalid-utf8", "The file is not valid UTF-8. Scene files must be UTF-8; re-save the file as UTF-8 in your editor.";
    EMPTY_FILE = "E0002", "empty-file", "The file has no declarations or scenes. A story needs at least a scene.";
    NO_STORY = "E0003", "no-story", "A scene file carries no story header while its directory holds several stories, so it is unclear which story it continues.";
    TWO_HEADERS = "E0004", "duplicate-header", "Two files of one multi-file story both carry a story header; only the first file of a story may.";
    FRONT_MATTER = "E0005", "front-matter", "A Markdown note's YAML front matter cannot be read: the `---` block is never closed, the YAML is malformed (a tab in the indentation, an unclosed quote), it uses aliases (`*name`, refused so that nothing expands without bound), or a chronotope key holds a list or a multi-line value where one line of the scene-file grammar is expected.";
    MALFORMED_XML = "E0010", "malformed-xml", "A Final Draft (`.fdx`) file is not well-formed XML, or it has a document type declaration (`<!DOCTYPE`), which is refused so that no entity is expanded and no external file is read. The error points at the place the XML parser stopped.";
    NOT_FINAL_DRAFT = "E0011", "not-final-draft", "An XML file read as Final Draft does not have `<FinalDraft>` as its root element, so it is some other XML document.";
    EXPECTED_DECLARATION = "E0101", "expected-declaration", "A line at the left margin must be a declaration: `scene`, `era`, `marker`, `character`, a header field or a comment.";
    EXPECTED_COLON = "E0102", "expected-colon", "A `:` is missing, typically after a scene id (`scene ferry: Title`).";
    INVALID_ID = "E0103", "invalid-id", "Ids start with a letter and continue with letters, digits, `-` and `_`.";
    RESERVED = "E0104", "reserved-word", "Keywords and property names cannot name a scene, era or marker.";
    INVALID_DATE = "E0105", "invalid-date", "A date is malformed or does not exist on the story's calendar (Gregorian unless `calendar:` says otherwise): a month or day beyond the calendar's, a leap day in a common year, an hour beyond the day's hours, or a year beyond about nine billion years either way.";
    INVALID_DURATION = "E0106", "invalid-duration", "A duration is malformed or uses an unknown unit.";
    EMPTY_RANGE = "E0107", "empty-range", "A range's lower bound exceeds its upper bound, so nothing satisfies it.";
    INVALID_TIMECODE = "E0108", "invalid-timecode", "A screen timecode is malformed.";
    SCREEN_BACKWARDS = "E0109", "screen-backwards", "Screen time runs backwards: a scene ends before it starts, or starts before the previous scene in the same file.";
    STRAY_PROPERTY = "E0110", "stray-property", "An indented line or property appears outside a scene or marker block.";
    EXPECTED_CONSTRAINT = "E0111", "expected-constraint", "A `story:` item is not a date, era or relation to another scene.";
    INVALID_COLOR = "E0112", "invalid-colour", "A colour must be written `#rrggbb`.";
    DUPLICATE_PROPERTY = "E0113", "duplicate-property", "A scene gives the same property twice.";
    UNKNOWN_HEADER = "E0114", "unknown-header", "A top-level `key: value` line is not a known header field.";
    HEADER_AFTER_SCENE = "E0115", "header-after-scene", "Header fields must come before the first scene.";
    EXPECTED_VALUE = "E0116", "expected-value", "A property or keyword is missing its value.";
    EXPECTED_NAME = "E0117", "expected-name", "A name or id is missing.";
    INVALID_NAME = "E0118", "invalid-name", "A character name contains a character reserved by the format.";
    UNEXPECTED = "E0119", "unexpected-text", "Unexpected text follows a complete value.";
    EXPECTED_PROPERTY = "E0120", "expected-property", "A line inside a scene is not `key: value`, `> prose` or a `#` comment.";
    EXPECTED_RANGE = "E0121", "expected-range", "An era needs `FROM .. TO` (either side may be open, not both).";
    UNICODE_INDENT = "E0122", "unicode-indent", "A line is indented with a Unicode space that looks like a space (U+00A0 NO-BREAK SPACE, often pasted from a word processor, or another of the Unicode spaces); only spaces and tabs indent. The line is read as indented, so nothing else is reported about it; replace the character with a space.";
    DUPLICATE = "E0201", "duplicate-name", "Two declarations use the same name: scene ids, eras, markers, marker values and characters must be unique within a story.";
    UNKNOWN_SCENE = "E0202", "unknown-scene", "A constraint names a scene id that no scene declares.";
    UNKNOWN_CHARACTER = "E0203", "unknown-character", "`cast:` names a character that no `character` line declares.";
    UNKNOWN_MARKER = "E0204", "unknown-marker", "A scene property is neither a built-in property nor a declared marker.";
    UNKNOWN_MARKER_VALUE = "E0205", "unknown-marker-value", "A marker is given a value its declaration does not list.";
    UNKNOWN_ERA = "E0206", "unknown-era", "A name in `story:` or a marker value is not a declared era.";
    SELF_REFERENCE = "E0207", "self-reference", "A scene refers to itself (`repeats`, `after`, `during` …).";
    UNKNOWN_MODE = "E0208", "unknown-mode", "`mode:` must be `memory`, `dream` or `imagined`.";
    SCENE_NOT_ERA = "E0209", "scene-not-era", "A bare name in `story:` names a scene, not an era.";
    NO_SCENES = "W0210", "no-scenes", "The story has declarations but no scenes.";
    DUPLICATE_CAST = "W0211", "duplicate-cast-entry", "A scene's `cast:` lists the same character twice. The second entry is ignored; delete it (or, if two people share a name, declare them as two characters).";
    CONTRADICTION = "E0301", "contradiction", "The story-time tags cannot all hold: the labelled constraints form a cycle that no schedule satisfies.";
    UNPLACED = "W0302", "unplaced", "No story-time constraint touches this scene, so its place in the chronology is unknown.";
    TOO_MANY_CONTRADICTIONS = "W0303", "contradiction-cap", "More contradictions exist than are reported; fix these and run again.";
    BEYOND_CALENDAR = "W0304", "beyond-calendar", "The tags put a scene wholly beyond the range of story-time (2^58 seconds, about nine billion Gregorian years, either way of the epoch), where dates cannot be written.";
    REPEATS_CYCLE = "E0305", "repeats-cycle", "Scenes repeat each other in a cycle (`a` repeats `b`, which repeats `a`), so none of them is the scene first shown. Remove `repeats:` from the scene that is shown first.";
    SCREEN_PAST_RUNTIME = "W0306", "screen-past-runtime", "A screen timecode lies past the work's runtime (`[telling] runtime` in chronotope.toml, 10 hours unless set), which is almost always a typo in the timecode.";
    UNBOUNDED_LENGTH = "W0307", "unbounded-length", "A dated scene has no `for`, and the only bound on when it ends is its era's end (or a later date) more than a year away, so it may last that long. Give its length with `for`.";
    MARKER_ERA = "E0401", "marker-era", "A marker value implies an era (`dark: past`), but the scene's story-time lies outside that era. Either the marker or the date is wrong.";
    MARKER_REVERTS = "W0402", "marker-reverts", "Walking the chronology, a marker changes and later changes back (a bandage vanishes and reappears) with no scene in between saying why.";
    PRESENCE = "E0403", "presence", "A character is in two scenes at different places whose story-times overlap in every schedule the tags allow.";
    PRESENCE_MAY_OVERLAP = "W0404", "presence-may-overlap", "A character is in two scenes at different places whose story-times may overlap (off by default).";
    OUTSIDE_LIFETIME = "E0405", "outside-lifetime", "A character appears in a scene that starts before they are born or after they die, in every schedule the tags allow.";
    MAY_BE_OUTSIDE_LIFETIME = "W0406", "may-be-outside-lifetime", "A character appears in a scene that may start before they are born or after they die.";
    AGE_MISMATCH = "E0407", "age-mismatch", "A cast entry's `(age N)` cannot be the character's age at any time the scene may start, given their birth date.";
    SCREEN_OVERLAP = "W0408", "screen-overlap", "A scene's screen-time starts before the previous scene in the file has ended.";
    SCREEN_GAP = "W0409", "screen-gap", "The screen-time between one scene's end and the next scene's start is longer than the configured gap (`[telling] max-gap`).";
    AMBIGUOUS_ORDER = "N0410", "ambiguous-order", "Two scenes are consecutive in the chronology, but their story-time tags do not settle which comes first (off by default).";
    BORN_AFTER_DIED = "E0411", "born-after-died", "A character's birth date is after their death date.";
    AGE_INCONSISTENT = "W0412", "age-inconsistent", "A character's `(age N)` in two scenes cannot both be right for any one birth date.";
    REPEAT_MARKERS_DIFFER = "W0413", "repeat-markers-differ", "A scene that `repeats` another shows the same moment, yet gives a marker a different value, without a note saying why.";
    UNKNOWN_RULE = "E0414", "unknown-rule", "A `# chronotope: allow …` directive names no rule: use a code (`E0403`) or a rule name (`presence`).";
    UNKNOWN_DIRECTIVE = "W0415", "unknown-directive", "A `# chronotope:` comment is not a known directive; the only directive is `allow RULE, …`.";
    INVALID_CONFIG = "E0416", "invalid-config", "`chronotope.toml` beside the scene files is not valid: a TOML syntax error, an unknown section or setting, an unknown rule name, or a level other than `allow`, `note`, `warn` or `error`.";
    NOT_A_HEADING = "W0501", "not-a-heading", "A Fountain line looks like a scene heading (`INT.`, `EXT.` …) but is not one: a heading needs a blank line before it and after it. The line is read as action, so no scene starts there.";
    UNCLOSED_NOTE = "W0502", "unclosed-note", "A Fountain note `[[` is not closed by `]]` before a blank line or the end of the file. It is ended there; a tag in it still counts.";
    UNCLOSED_BONEYARD = "W0503", "unclosed-boneyard", "A Fountain boneyard `/*` is never closed by `*/`, so everything after it, to the end of the file, is ignored.";
    UNKNOWN_TAG = "W0504", "unknown-tag", "A Fountain note reads like a tag (`[[key: value]]`) but its key is neither a scene property, `id`, nor a declared marker, or it comes before the first scene. The note is ignored.";
    NOT_A_SCENE_NUMBER = "W0505", "not-a-scene-number", "`#…#` at the end of a Fountain scene heading holds characters other than letters, digits, `-` and `.`, so it is not a scene number; it stays part of the heading.";
    INFERRED = "N0506", "inferred-story-time", "With `--infer`, words in a Fountain script (a year in a heading, `FLASHBACK`, `TWO DAYS LATER`, `SUPER: SIX YEARS EARLIER` …) gave a scene a story-time constraint. The note names the words; tag the scene with its own `[[story: …]]` to override it.";
    INFERENCE_OVERRIDDEN = "N0507", "inference-skipped", "With `--infer`, words that would give a story-time constraint were not used: the scene has its own `story:` tag, or there is no earlier scene to relate it to.";
    TIME_OF_DAY = "E0510", "time-of-day", "A scene's time of day (`time: night`, or `- NIGHT` in its slugline) cannot hold: the story-time tags put its start at an hour outside that part of the day (night is 20:00 to 05:00 unless `chronotope.toml` says otherwise). Correct the time of day or the tags.";
    TIME_OF_DAY_MAY_DIFFER = "N0511", "time-of-day-may-differ", "A scene's time of day may not hold: the story-time tags fix its day and allow hours both inside and outside that part of the day. `--infer` narrows the hour to the part of the day when that is one stretch of time.";
    TIME_OF_DAY_NARROWED = "N0512", "time-of-day-narrowed", "With `--infer`, a scene's time of day narrowed its start to that part of its known day (`- DAY` on a scene dated `1958-06-01` starts between 07:00 and 18:00).";
    LOOK_WITHIN_DAY = "W0513", "look-within-day", "A character's look (a marker declared `per character`, such as `look`) differs between two scenes of one story day, and neither says `change: look` nor is a memory or dream. Wardrobe keeps a look for the whole story day: give the later scene `change: look` if the change is meant, or correct the look.";
    DAY_PIN = "E0514", "day-pin", "A scene's `day:` label contradicts the story days solved from the chronology: two scenes of one story day pinned to different labels, a later story day pinned to a label that is not after an earlier one, or a label of the wrong strand (`X2` on a day of the main narrative).";
    UNKNOWN_PRESENT = "E0515", "unknown-present", "`present:` names no era and no thread of the story. It names the strand of the main narrative (`present: now`, an era, or a thread that scenes join with `thread:`), against which flashbacks and flash-forwards are counted and story days numbered.";
    PER_CHARACTER = "E0516", "per-character", "A marker declared `per character` is set without a character (`look: suit` instead of `look: Semih=suit`), a marker not declared so is set per character, or `change:` names a marker that is not declared `per character`.";
    UNKNOWN_TIME_OF_DAY = "E0517", "unknown-time-of-day", "`time:` is not a time of day: `day`, `night`, `dawn`, `dusk`, `morning`, `evening`, `afternoon`, `continuous`, `moments-later` or `later`.";
    INVALID_DAY = "E0518", "invalid-day", "`day:` is not a story-day label: a whole number (`7`) for the main narrative, or letters and a number (`X2`, `P1`) for a strand outside it.";
    RELEASED_ON_SCENE = "E0601", "released-on-scene", "`released:` is a field of a work (`work ID: TITLE` with `released: DATE` indented below it), not of a scene: a scene's place in story-time is its `story:` line. Move the line under the work the scene belongs to.";
    EMPTY_WORK = "E0602", "empty-work", "A `work` line has no scenes after it before the next `work` line or the end of its file. A work is the scenes after its line; add them, or remove the line.";
    DUPLICATE_WORK = "E0603", "duplicate-work", "Two `work` lines of one series use the same id. Work ids name works across the series (`WORK/SCENE`, `order NAME: WORK, …`), so each must be unique; rename one of them.";
    SCENE_OUTSIDE_WORK = "E0604", "scene-outside-work", "In a story with works, a scene comes before any `work` line of its file, so it belongs to no work. Put a `work ID: TITLE` line above it (each file starts its works afresh).";
    AMBIGUOUS_SCENE = "E0605", "ambiguous-scene", "A plain scene id is not a scene of the referring scene's own work, and several other works have a scene with that id. Name the one meant as `WORK/SCENE`.";
    UNKNOWN_WORK = "E0606", "unknown-work", "`WORK/SCENE` or an `order` line names a work no `work` line declares (or the story has no works at all).";
    INCOMPLETE_REFERENCE = "E0607", "incomplete-reference", "A reference `WORK/SCENE` is missing its work or its scene (`anh/` with nothing after the `/`). Write both: `anh/cantina`.";
    INVALID_WORK_FIELD = "E0608", "invalid-work-field", "A field under a `work` line cannot be read: `season:` and `episode:` take a whole number, `runtime:` a screen duration (`2h1m`), `released:` a date at any precision; other fields take any text. A field may be given once per work.";
    DUPLICATE_ORDER = "E0609", "duplicate-order", "Two `order` lines use the same name, or one `order` line lists a work twice. Each viewing order has its own name and lists each work at most once.";
    MALFORMED_TABLE = "E0701", "malformed-table", "A CSV or TSV row does not fit the table: it has more or fewer cells than the header row, or a quoted cell is not closed. Every row needs one cell per header column (an empty cell is fine); a cell holding a comma, tab, quote or line break is written in straight double quotes, with a quote inside written twice (`\"\"`).";
    UNKNOWN_COLUMN = "E0702", "unknown-column", "A CSV or TSV header names a column chronotope does not read. The columns are `id`, `title`, `story`, `start`, `end`, `duration`, `screen`, `cast`, `where`, `synopsis`, `tags`, Aeon Timeline's `Title`, `Start Date`, `End Date`, `Duration`, `Participants`, `Location`, `Tags`, `Summary`, and any marker declared in the companion scene file (docs/csv.md). Rename the column, or declare the marker.";
    NOT_STORY_CURVES = "E0703", "not-story-curves", "A JSON file read as Story Curves data does not have the shape of the storyexplorer datasets: an object `script_info` with a `scenes` list whose entries carry `narrative_order`, `story_order`, `characters` and `scene_metadata` (docs/csv.md). JSON files are read only when named on the command line or with `--input-format storycurve`.";
    AMBIGUOUS_DATE = "W0704", "ambiguous-date", "A CSV or TSV date cell such as `05/06/2014` can be read month first or day first, and no date in the table settles it (a cell whose first or second number is over 12, such as `05/17/2014` or `17/05/2014`, does). chronotope reads such a table month first, as `mm/dd/yyyy`; write the dates as `YYYY-MM-DD`, or check that month first is meant (docs/csv.md).";
    UNKNOWN_CALENDAR = "E0801", "unknown-calendar", "`calendar:` names no calendar: it takes `gregorian` (the default), `julian`, the name of a calendar declared in the story (`calendar NAME:`), or a relative path to a calendar file (`calendar: harptos.scenes`, `calendar: presets.json#Calendar of Harptos`) inside the story's directory tree (docs/calendars.md).";
    INVALID_CALENDAR = "E0802", "invalid-calendar", "A calendar declared in the story or read from a file cannot be used: a line of its declaration is malformed, or a field of a Fantasy Calendar / Calendarium JSON file is missing, has the wrong type, or asks for something chronotope cannot honour (the message names the field). Nothing of a calendar is guessed.";
    WEEKDAY_MISMATCH = "E0803", "weekday-mismatch", "A scene says it starts on a weekday (`story: 2014-05-17, Saturday`), but no day it may start on, given all its story-time tags, is that weekday in the story's calendar.";
    UNKNOWN_THREAD = "W0901", "unknown-thread", "A scene's `thread:` names a thread that no `thread NAME` line declares, while the story declares threads. The scene still joins a thread of that name; declare it (`thread NAME: #rrggbb`) or correct the name.";
}

/// Look a code up by code (any case) or name.
pub fn find(key: &str) -> Option<&'static CodeInfo> {
    Code::find(key).map(Code::info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_numeric_order() {
        for pair in ALL.windows(2) {
            assert!(
                pair[0].code[1..] < pair[1].code[1..],
                "{} comes before {}",
                pair[0].code,
                pair[1].code
            );
        }
    }

    #[test]
    fn every_code_knows_its_row_and_its_letter_is_its_severity() {
        assert_eq!(Code::all().count(), ALL.len());
        for (code, info) in Code::all().zip(ALL) {
            assert_eq!(code.info().code, info.code);
            assert_eq!(info.id, code);
            let letter = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
                Severity::Note => 'N',
            };
            assert!(code.as_str().starts_with(letter), "{code}");
            assert_eq!(code.as_str().len(), 5, "{code}");
            assert!(code.as_str()[1..].bytes().all(|b| b.is_ascii_digit()));
            assert!(!code.explanation().is_empty(), "{code}");
            assert_eq!(Code::find(code.name()), Some(code));
            assert_eq!(Code::find(&code.as_str().to_lowercase()), Some(code));
        }
        assert_eq!(Code::find("E9999"), None);
    }

    #[test]
    fn codes_compare_and_print_as_their_text() {
        assert_eq!(DUPLICATE.to_string(), "E0201");
        assert_eq!(format!("{DUPLICATE_CAST:?}"), "W0211");
        assert!(DUPLICATE == "E0201");
        assert!("W0211" == DUPLICATE_CAST);
        assert!(EXPECTED_PROPERTY < EXPECTED_RANGE && DUPLICATE < DUPLICATE_CAST);
        assert_eq!(serde_json::to_string(&UNPLACED).unwrap(), "\"W0302\"");
    }

    #[test]
    fn codes_and_names_are_unique() {
        let mut codes: Vec<_> = ALL.iter().map(|c| c.code).collect();
        let mut names: Vec<_> = ALL.iter().map(|c| c.name).collect();
        codes.sort();
        names.sort();
        let n = codes.len();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), n);
        assert_eq!(names.len(), n);
        assert_eq!(find("e0102").map(|c| c.name), Some("expected-colon"));
    }
}
