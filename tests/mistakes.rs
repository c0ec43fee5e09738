//! A corpus of single mistakes (issue 11, item 3): one wrong line gives
//! one error, at the right line and column, and where a fix is offered,
//! applying it mechanically gives back what the writer meant.
//!
//! Every mistake is made in `tests/fixtures/mistakes/base.scenes`, a clean
//! story: the test replaces one piece of text (`old`) with the mistake
//! (`new`), runs `check --format json`, and asserts exactly one
//! diagnostic, an error with the expected code at the expected
//! `line:column`. When the diagnostic carries a `fix` (the help as an
//! edit), the test applies it to the file and asserts the result is the
//! story the writer meant (`Fix::Restores`: the base itself, so `2 weeks`
//! becomes exactly `2w`, `10pm` exactly `22:00`; `Fix::To`: the base with
//! an equivalent spelling) and that it checks clean. A mistake that
//! leaves the meaning open (an ambiguous `05/06/1958`, a contradiction)
//! must offer no fix (`Fix::None`).

mod common;

use common::Test;
use serde_json::Value;

/// What applying a diagnostic's fix must give.
#[derive(Clone, Copy, Debug)]
enum Fix {
    /// No fix is offered: the help cannot know what was meant.
    None,
    /// The fix gives back the clean story exactly.
    Restores,
    /// The fix writes `old` of the base as this equivalent text.
    To(&'static str),
}

/// `(what, old, new, code, line:column, fix)`.
type Mistake = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Fix,
);

const BASE: &str = include_str!("fixtures/mistakes/base.scenes");

/// Units, clocks and dates as people write them elsewhere.
const LITERALS: &[Mistake] = &[
    (
        "a unit spelled out (weeks)",
        "by 2w,",
        "by 2 weeks,",
        "E0106",
        "29:24",
        Fix::Restores,
    ),
    (
        "a unit spelled out (minutes)",
        "for 90m",
        "for 90 minutes",
        "E0106",
        "29:32",
        Fix::Restores,
    ),
    (
        "a unit spelled out (hours)",
        "22:00 for 3h",
        "22:00 for 3 hours",
        "E0106",
        "36:31",
        Fix::Restores,
    ),
    (
        "a unit word glued on",
        "14:00 for 3h",
        "14:00 for 3hours",
        "E0106",
        "15:31",
        Fix::Restores,
    ),
    (
        "a unit word in a range",
        "by 6mo..1y",
        "by 6 months..1y",
        "E0106",
        "36:51",
        Fix::Restores,
    ),
    (
        "a range written backwards",
        "6mo..1y",
        "1y..6mo",
        "E0107",
        "36:51",
        Fix::Restores,
    ),
    (
        "a date with slashes, month first",
        "story: 1901-12-31",
        "story: 12/31/1901",
        "E0105",
        "23:10",
        Fix::Restores,
    ),
    (
        "a date with slashes, year first",
        "story: 1901-12-31",
        "story: 1901/12/31",
        "E0105",
        "23:10",
        Fix::Restores,
    ),
    (
        "an ambiguous date with slashes",
        "1958-06-01 14:00",
        "06/01/1958 14:00",
        "E0105",
        "15:10",
        Fix::None,
    ),
    (
        "the 12-hour clock",
        "1958-12-31 22:00",
        "1958-12-31 10pm",
        "E0105",
        "36:21",
        Fix::Restores,
    ),
    (
        "an hour without minutes",
        "1958-06-01 14:00",
        "1958-06-01 14",
        "E0105",
        "15:21",
        Fix::Restores,
    ),
    (
        "a month that does not exist",
        "1958-06-01 14:00",
        "1958-13-01 14:00",
        "E0105",
        "15:10",
        Fix::None,
    ),
    (
        "a day that does not exist",
        "1958-06-01 14:00",
        "1958-02-30 14:00",
        "E0105",
        "15:10",
        Fix::None,
    ),
    (
        "a second that does not exist",
        "00:22:00 for 8m",
        "00:22:60 for 8m",
        "E0108",
        "28:11",
        Fix::None,
    ),
    (
        "screen time backwards",
        "00:00:00 .. 00:10:00",
        "00:10:00 .. 00:00:00",
        "E0109",
        "14:23",
        Fix::None,
    ),
    (
        "an era written backwards",
        "1958 .. 1959",
        "1959 .. 1958",
        "E0107",
        "3:22",
        Fix::Restores,
    ),
    (
        "an ellipsis in an era",
        "1901 .. 1902",
        "1901 ... 1902",
        "E0119",
        "2:16",
        Fix::Restores,
    ),
    (
        "a missing comma",
        "for 3h, after senate",
        "for 3h after senate",
        "E0119",
        "36:34",
        Fix::Restores,
    ),
    (
        "a comment after a value",
        "  # the village\n  story: 1901-12-31",
        "  story: 1901-12-31 # the village",
        "E0119",
        "22:21",
        Fix::Restores,
    ),
    (
        "an empty story line",
        "story: 1901-12-31",
        "story:",
        "E0116",
        "23:9",
        Fix::None,
    ),
];

/// Keywords, keys and layout.
const LAYOUT: &[Mistake] = &[
    (
        "`Scene` capitalised",
        "scene havana",
        "Scene havana",
        "E0101",
        "34:1",
        Fix::Restores,
    ),
    (
        "`Character` capitalised",
        "character Michael",
        "Character Michael",
        "E0101",
        "10:1",
        Fix::Restores,
    ),
    (
        "`Era` capitalised",
        "era past",
        "Era past",
        "E0101",
        "2:1",
        Fix::Restores,
    ),
    (
        "`Marker` capitalised",
        "marker grade",
        "Marker grade",
        "E0101",
        "5:1",
        Fix::Restores,
    ),
    (
        "`scene` misspelled",
        "scene senate",
        "scen senate",
        "E0101",
        "27:1",
        Fix::Restores,
    ),
    (
        "a declaration indented",
        "character Frank Pentangeli",
        "  character Frank Pentangeli",
        "E0110",
        "11:3",
        Fix::Restores,
    ),
    (
        "an indent of no-break spaces",
        "  story: 1901-12-31",
        "\u{a0}\u{a0}story: 1901-12-31",
        "E0122",
        "23:1",
        Fix::Restores,
    ),
    (
        "an ideographic space in an indent",
        "  grade: warm",
        "\u{3000}grade: warm",
        "E0122",
        "24:1",
        Fix::To(" grade: warm"),
    ),
    (
        "a missing `:` after a scene id",
        "scene sicily: Corleone",
        "scene sicily Corleone",
        "E0102",
        "20:14",
        Fix::Restores,
    ),
    (
        "`cats` for `cast`, two words",
        "  cast: Michael (age 37), Frank Pentangeli",
        "  cats: Michael (age 37), Frank Pentangeli",
        "E0204",
        "17:3",
        Fix::Restores,
    ),
    (
        "`cats` for `cast`, one word",
        "  cast: Michael\n\nscene memory",
        "  cats: Michael\n\nscene memory",
        "E0204",
        "38:3",
        Fix::Restores,
    ),
    (
        "`wher` for `where`",
        "  where: Lake Tahoe",
        "  wher: Lake Tahoe",
        "E0204",
        "18:3",
        Fix::Restores,
    ),
    (
        "`stroy` for `story`",
        "  story: 1901-12-31",
        "  stroy: 1901-12-31",
        "E0204",
        "23:3",
        Fix::Restores,
    ),
    (
        "`Story` capitalised",
        "  story: 1901-12-31",
        "  Story: 1901-12-31",
        "E0204",
        "23:3",
        Fix::Restores,
    ),
    (
        "`screeen` for `screen`",
        "  screen: 00:10:00 for 12m",
        "  screeen: 00:10:00 for 12m",
        "E0204",
        "21:3",
        Fix::Restores,
    ),
    (
        "`mdoe` for `mode`",
        "  mode: memory",
        "  mdoe: memory",
        "E0204",
        "43:3",
        Fix::Restores,
    ),
    (
        "`titel` for `title`",
        "title: The",
        "titel: The",
        "E0114",
        "1:1",
        Fix::Restores,
    ),
    (
        "a property given twice",
        "  grade: warm\n",
        "  grade: warm\n  grade: warm\n",
        "E0113",
        "25:3",
        Fix::None,
    ),
    (
        "a scene id used twice",
        "scene memory",
        "scene lake",
        "E0201",
        "40:7",
        Fix::None,
    ),
];

/// Names, references and the story's facts.
const NAMES: &[Mistake] = &[
    (
        "a scene id misspelled",
        "after lake by 2w",
        "after lkae by 2w",
        "E0202",
        "29:16",
        Fix::Restores,
    ),
    (
        "a repeated scene misspelled",
        "repeats: sicily",
        "repeats: sicliy",
        "E0202",
        "42:12",
        Fix::Restores,
    ),
    (
        "a scene repeating itself",
        "repeats: sicily",
        "repeats: memory",
        "E0207",
        "42:12",
        Fix::None,
    ),
    (
        "a character misspelled",
        "cast: Vito (age 10)",
        "cast: Vitto (age 10)",
        "E0203",
        "25:9",
        Fix::Restores,
    ),
    (
        "a marker value misspelled",
        "  grade: warm",
        "  grade: wram",
        "E0205",
        "24:10",
        Fix::Restores,
    ),
    (
        "an era misspelled in a marker",
        "  cold: present",
        "  cold: presnt",
        "E0206",
        "7:9",
        Fix::Restores,
    ),
    (
        "a mode misspelled",
        "mode: memory",
        "mode: memroy",
        "E0208",
        "43:9",
        Fix::Restores,
    ),
    (
        "born and died swapped",
        "born 1891-12-07, died 1954",
        "born 1954, died 1891-12-07",
        "E0411",
        "9:22",
        Fix::None,
    ),
    (
        "an age too young for the dates",
        "Michael (age 37)",
        "Michael (age 30)",
        "E0407",
        "17:9",
        Fix::Restores,
    ),
    (
        "an age too old for the dates",
        "Vito (age 10)",
        "Vito (age 12)",
        "E0407",
        "25:9",
        Fix::Restores,
    ),
    (
        "the wrong marker for the era",
        "  grade: cold\n  cast: Michael\n",
        "  grade: warm\n  cast: Michael\n",
        "E0401",
        "37:3",
        Fix::None,
    ),
];

fn corpus() -> Vec<Mistake> {
    [LITERALS, LAYOUT, NAMES].concat()
}

/// `check --format json` on `text`: the run's exit code and diagnostics.
fn check(text: &str) -> (Option<i32>, Vec<Value>) {
    let t = Test::new().file("s.scenes", text);
    let out = t
        .command(&["check", "--format", "json", "s.scenes"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let diagnostics = json["diagnostics"].as_array().unwrap().clone();
    (out.status.code(), diagnostics)
}

/// The byte offset of a 1-based `line` and code-point `column` in `text`.
fn offset(text: &str, line: u64, column: u64) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line as usize - 1)
        .map(str::len)
        .sum();
    let rest = &text[line_start..];
    rest.char_indices()
        .nth(column as usize - 1)
        .map_or(text.len(), |(i, _)| line_start + i)
}

/// The text a fix replaces.
fn replaced<'t>(text: &'t str, fix: &Value) -> &'t str {
    let n = |k: &str| fix[k].as_u64().unwrap();
    let start = offset(text, n("line"), n("column"));
    let end = offset(text, n("end_line"), n("end_column"));
    &text[start..end]
}

/// What a replacement changes, from the first word that differs: the help
/// must say that much (`Michael (age 30)` → `Michael (age 37)` changes
/// `(age 37)`).
fn changed_words<'r>(old: &str, replacement: &'r str) -> &'r str {
    let mut same = 0;
    for ((i, a), b) in replacement.char_indices().zip(old.chars()) {
        if a != b {
            break;
        }
        if a.is_whitespace() {
            same = i + a.len_utf8();
        }
    }
    replacement[same..].trim()
}

/// The text with the diagnostic's fix applied.
fn apply(text: &str, fix: &Value) -> String {
    let n = |k: &str| fix[k].as_u64().unwrap();
    let start = offset(text, n("line"), n("column"));
    let end = offset(text, n("end_line"), n("end_column"));
    let replacement = fix["replacement"].as_str().unwrap();
    format!("{}{replacement}{}", &text[..start], &text[end..])
}

#[test]
fn the_base_story_is_clean() {
    let (code, diagnostics) = check(BASE);
    assert_eq!((code, diagnostics.len()), (Some(0), 0), "{diagnostics:#?}");
}

#[test]
fn the_corpus_has_forty_distinct_mistakes() {
    let all = corpus();
    assert!(all.len() >= 40, "{}", all.len());
    let mut names: Vec<&str> = all.iter().map(|m| m.0).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "two mistakes share a name");
}

#[test]
fn each_mistake_gives_one_error_and_a_fix_that_restores_the_meaning() {
    let mut failures = Vec::new();
    for (what, old, new, code, at, fix) in corpus() {
        assert_eq!(
            BASE.matches(old).count(),
            1,
            "{what}: `{old}` is not unique in the base"
        );
        let text = BASE.replacen(old, new, 1);
        if let Err(why) = one_mistake(
            &text,
            code,
            at,
            fix,
            &BASE.replacen(old, expected(old, fix), 1),
        ) {
            failures.push(format!("{what}: {why}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// What `old` reads as once the fix is applied.
fn expected(old: &'static str, fix: Fix) -> &'static str {
    match fix {
        Fix::To(text) => text,
        Fix::None | Fix::Restores => old,
    }
}

/// Check one mistaken text; `meant` is the story once fixed.
fn one_mistake(text: &str, code: &str, at: &str, fix: Fix, meant: &str) -> Result<(), String> {
    let (exit, diagnostics) = check(text);
    let shown = || serde_json::to_string_pretty(&diagnostics).unwrap();
    if diagnostics.len() != 1 || exit != Some(1) {
        return Err(format!(
            "{} diagnostics, exit {exit:?}: {}",
            diagnostics.len(),
            shown()
        ));
    }
    let d = &diagnostics[0];
    let found_at = format!("{}:{}", d["line"], d["column"]);
    if d["severity"] != "error" || d["code"] != code || found_at != at {
        return Err(format!("expected error {code} at {at}: {}", shown()));
    }
    match (fix, d.get("fix")) {
        (Fix::None, None) => Ok(()),
        (Fix::None, Some(f)) => Err(format!("a fix where none is certain: {f}")),
        (_, None) => Err(format!("no fix offered: {}", shown())),
        (_, Some(f)) => {
            let fixed = apply(text, f);
            let replacement = f["replacement"].as_str().unwrap();
            let help = d["help"].as_str().unwrap_or("");
            let changed = changed_words(replaced(text, f), replacement);
            if !changed.is_empty() && !changed.contains('\n') && !help.contains(changed) {
                return Err(format!(
                    "the help does not say the fix `{replacement}`: {help}"
                ));
            }
            if fixed != meant {
                return Err(format!("the fix gives\n{fixed}\nnot\n{meant}"));
            }
            let (exit, after) = check(&fixed);
            if exit != Some(0) || !after.is_empty() {
                return Err(format!("the fixed story is not clean: {after:#?}"));
            }
            Ok(())
        }
    }
}

/// `(what, old, new, code, line of the primary label, constraints in the
/// explanation)`: contradictions, where the error must sit on the line of
/// the tag the writer mistyped and the explanation (one note per
/// constraint) must be a smallest one.
type Contradiction = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u64,
    usize,
);

const CONTRADICTIONS: &[Contradiction] = &[
    (
        "a date off by a year (against its marker)",
        "1958-12-31 22:00 for 3h",
        "1957-12-31 22:00 for 3h",
        "E0401",
        36,
        2,
    ),
    (
        "a date off by ten years",
        "story: 1958-06-01 14:00",
        "story: 1968-06-01 14:00",
        "E0401",
        15,
        3,
    ),
    (
        "a marker for the wrong era",
        "  grade: cold\n  cast: Michael\n",
        "  grade: warm\n  cast: Michael\n",
        "E0401",
        37,
        3,
    ),
    (
        "a gap too large for the dates",
        "after senate by 6mo..1y",
        "after senate by 1y..2y",
        "E0401",
        36,
        4,
    ),
    (
        "a gap typed in years",
        "after lake by 2w",
        "after lake by 2y",
        "E0401",
        29,
        5,
    ),
    (
        "`before` for `after`",
        "after senate by 6mo..1y",
        "before senate by 6mo..1y",
        "E0301",
        36,
        6,
    ),
    (
        "a duration typed in years",
        "14:00 for 3h",
        "14:00 for 3y",
        "E0401",
        15,
        3,
    ),
    (
        "a scene during a shorter one",
        "  story: after lake by 2w, for 90m",
        "  story: during lake, for 4h",
        "E0301",
        29,
        4,
    ),
];

#[test]
fn each_contradiction_blames_the_mistyped_line_with_a_smallest_explanation() {
    let mut failures = Vec::new();
    for &(what, old, new, code, line, steps) in CONTRADICTIONS {
        assert_eq!(BASE.matches(old).count(), 1, "{what}");
        let (exit, diagnostics) = check(&BASE.replacen(old, new, 1));
        let ok = exit == Some(1)
            && diagnostics.len() == 1
            && diagnostics[0]["code"] == code
            && diagnostics[0]["line"] == line
            && diagnostics[0]["notes"].as_array().map(Vec::len) == Some(steps);
        if !ok {
            failures.push(format!("{what}: {diagnostics:#?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The example: a scene dated `1959-12-31 22:00 for 3h` whose
/// marker means 1958 to 1959 ends in 1960. The scene contradicts itself,
/// so it alone is blamed, on the date the writer typed, in three steps;
/// not a chain through the scenes after it.
#[test]
fn a_self_contradictory_scene_is_blamed_on_its_own_date() {
    let story = "title: T\nera past: 1901 .. 1925\nera present: 1958 .. 1959\n\n\
                 marker grade:\n  warm: past\n  cold: present\n\n\
                 scene lake: Lake Tahoe\n  story: 1958-06-01 14:00 for 3h\n  grade: cold\n\n\
                 scene party: New Year's Eve\n  story: 1959-12-31 22:00 for 3h\n  grade: cold\n\n\
                 scene flight: The flight\n  story: after party by 1h..3h, for 2h\n  grade: cold\n\n\
                 scene miami: Miami\n  story: after flight by 1d..1w\n  grade: cold\n";
    let (exit, diagnostics) = check(story);
    assert_eq!((exit, diagnostics.len()), (Some(1), 1), "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(14), Some(10)),
        "{d:#}"
    );
    let notes = d["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 3, "{d:#}");
    for label in d["labels"].as_array().unwrap() {
        assert!(
            (14..=15).contains(&label["line"].as_u64().unwrap()),
            "a label off the scene: {d:#}"
        );
    }
}
