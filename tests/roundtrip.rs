//! Property tests of the syntax layer.
//!
//! * Random *valid* scene files parse without diagnostics, keep every line
//!   they were written with, and survive parse → print → parse unchanged
//!   (trees compared as JSON; spans are not serialised). Printing is
//!   idempotent. `fmt`'s layout keeps the tree and every comment too, and
//!   is idempotent.
//! * Arbitrary text never panics the parser or the resolver.
//! * A huge token never turns into a huge message.

use chronotope::syntax::tree::{Item, MarkerLine, SceneLine, SourceTree};
use chronotope::syntax::{format, literal, parse, printer};
use chronotope::workspace::Workspace;
use chronotope::{span::FileId, syntax::reserved};
use proptest::prelude::*;
use proptest::strategy::Union;

// ----- generators of valid text ----------------------------------------------

/// An id that is not a reserved word.
fn id() -> impl Strategy<Value = String> {
    "[a-zA-Zçğıİöşü][a-zA-Z0-9_çğıöşü-]{0,7}"
        .prop_filter("not reserved", |s| reserved::reserved(s).is_none())
}

/// Free text for titles, places and header values: never blank, and never
/// with white space at either end, where the parser trims it.
fn prose() -> impl Strategy<Value = String> {
    "[A-Za-z0-9ıöüİ ,.'#()>:!?-]{1,24}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("not blank", |s| !s.is_empty())
}

/// A character name: letters, spaces and a little punctuation.
fn person() -> impl Strategy<Value = String> {
    "[A-ZÇŞİ][a-zçğıöşü]{0,6}( [A-Z][a-z.'-]{0,5})?"
}

fn comment_text() -> impl Strategy<Value = String> {
    "[ -~ıö]{0,20}".prop_map(|s| s.trim_end().to_string())
}

/// A valid date at a random precision, in a random but valid spelling.
fn date() -> impl Strategy<Value = String> {
    (
        1u32..=9999,
        1u32..=12,
        1u32..=31,
        0u32..24,
        0u32..60,
        0u32..60,
        0usize..5,
        any::<bool>(),
        prop::sample::select(vec![" ", "T", "t", "  "]),
    )
        .prop_map(|(y, mo, d, h, mi, s, precision, pad, sep)| {
            let d = d.min(days_in_month(y, mo));
            let month = if pad {
                format!("{mo:02}")
            } else {
                mo.to_string()
            };
            match precision {
                0 => format!("{y:04}"),
                1 => format!("{y:04}-{month}"),
                2 => format!("{y:04}-{month}-{d:02}"),
                3 => format!("{y:04}-{month}-{d:02}{sep}{h:02}:{mi:02}"),
                _ => format!("{y:04}-{month}-{d:02}{sep}{h}:{mi:02}:{s:02}"),
            }
        })
}

fn days_in_month(y: u32, m: u32) -> u32 {
    chronotope::time::days_in_month(i64::from(y), m)
}

/// The value of a date as `date()` writes it.
fn date_value(text: &str) -> chronotope::time::DateTimeSpec {
    literal::date(&text.split_whitespace().collect::<Vec<_>>().join("T")).unwrap()
}

/// Two dates in order (`A .. B` is never empty).
fn ordered(a: String, b: String) -> (String, String) {
    if date_value(&a).first_second() <= date_value(&b).last_second() {
        (a, b)
    } else {
        (b, a)
    }
}

fn date_range() -> impl Strategy<Value = (String, String)> {
    (date(), date()).prop_map(|(a, b)| ordered(a, b))
}

fn duration() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            0u32..40,
            prop::sample::select(vec!["s", "m", "h", "d", "w", "mo", "y"]),
        ),
        1..=3,
    )
    .prop_map(|parts| parts.iter().map(|(n, u)| format!("{n}{u}")).collect())
}

/// `DUR`, `DUR..DUR` (never empty), `DUR..` or `..DUR`, spaced or not.
fn range() -> impl Strategy<Value = String> {
    (duration(), duration(), 0usize..4, any::<bool>()).prop_map(|(a, b, shape, spaced)| {
        let dots = if spaced { " .. " } else { ".." };
        let bounds = |t: &str| literal::duration(t).unwrap().bounds().unwrap();
        match shape {
            0 => a,
            1 => {
                let (a, b) = if bounds(&a).0 <= bounds(&b).1 {
                    (a, b)
                } else {
                    (b, a)
                };
                format!("{a}{dots}{b}")
            }
            2 => format!("{a}{}", dots.trim_end()),
            _ => format!("{}{b}", dots.trim_start()),
        }
    })
}

/// One constraint of every kind `story:` knows.
fn constraint() -> impl Strategy<Value = String> {
    Union::new(vec![
        date().boxed(),
        date_range()
            .prop_map(|(a, b)| format!("{a} .. {b}"))
            .boxed(),
        id().boxed(),
        (id(), prop::option::of(range()))
            .prop_map(|(s, r)| match r {
                Some(r) => format!("after {s} by {r}"),
                None => format!("after {s}"),
            })
            .boxed(),
        (id(), prop::option::of(range()))
            .prop_map(|(s, r)| match r {
                Some(r) => format!("before {s} by {r}"),
                None => format!("before {s}"),
            })
            .boxed(),
        id().prop_map(|s| format!("during {s}")).boxed(),
        (id(), prop::sample::select(vec!["+", "-"]), range())
            .prop_map(|(s, op, r)| format!("{s} {op} {r}"))
            .boxed(),
    ])
}

/// A `story:` item: a constraint, `for RANGE`, or both.
fn story_item() -> impl Strategy<Value = String> {
    (prop::option::of(constraint()), prop::option::of(range())).prop_map(|(c, d)| match (c, d) {
        (Some(c), Some(d)) => format!("{c} for {d}"),
        (Some(c), None) => c,
        (None, Some(d)) => format!("for {d}"),
        (None, None) => "for 1h".to_string(),
    })
}

fn timecode() -> impl Strategy<Value = String> {
    (
        0u32..100,
        0u32..60,
        0u32..60,
        prop::option::of(0u32..1000),
        any::<bool>(),
    )
        .prop_map(|(h, m, s, ms, long)| {
            let base = if long || h > 0 {
                format!("{h:02}:{m:02}:{s:02}")
            } else {
                format!("{m:02}:{s:02}")
            };
            match ms {
                Some(ms) => format!("{base}.{ms:03}"),
                None => base,
            }
        })
}

fn screen() -> impl Strategy<Value = String> {
    (
        timecode(),
        timecode(),
        0usize..3,
        0u32..3,
        0u32..60,
        0u32..60,
        0u32..10,
    )
        .prop_map(|(a, b, shape, h, m, s, tenth)| match shape {
            0 => a,
            1 => {
                let ms = |t: &str| literal::timecode(t).unwrap();
                let (a, b) = if ms(&a) <= ms(&b) { (a, b) } else { (b, a) };
                format!("{a} .. {b}")
            }
            _ => {
                let mut d = String::new();
                if h > 0 {
                    d.push_str(&format!("{h}h"));
                }
                if m > 0 {
                    d.push_str(&format!("{m}m"));
                }
                if tenth > 0 {
                    d.push_str(&format!("{s}.{tenth}s"));
                } else if s > 0 || d.is_empty() {
                    d.push_str(&format!("{s}s"));
                }
                format!("{a} for {d}")
            }
        })
}

fn cast() -> impl Strategy<Value = String> {
    prop::collection::vec((person(), prop::option::of(0u32..=200)), 1..4).prop_map(|v| {
        v.iter()
            .map(|(n, age)| match age {
                Some(a) => format!("{n} (age {a})"),
                None => n.clone(),
            })
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// One line of a scene block, without indentation. `true` marks a property.
fn scene_line() -> impl Strategy<Value = (String, bool)> {
    let property = |s: BoxedStrategy<String>| s.prop_map(|l| (l, true)).boxed();
    Union::new(vec![
        property(screen().prop_map(|v| format!("screen: {v}")).boxed()),
        property(
            prop::collection::vec(story_item(), 1..4)
                .prop_map(|v| format!("story: {}", v.join(", ")))
                .boxed(),
        ),
        property(cast().prop_map(|v| format!("cast: {v}")).boxed()),
        property(prose().prop_map(|v| format!("where: {v}")).boxed()),
        property(id().prop_map(|v| format!("repeats: {v}")).boxed()),
        property(
            prop::sample::select(vec!["memory", "dream", "imagined"])
                .prop_map(|v| format!("mode: {v}"))
                .boxed(),
        ),
        property(
            (
                id().prop_filter("a marker", |k| {
                    !reserved::SCENE_PROPERTIES.contains(&k.as_str())
                }),
                id(),
                prop::option::of("[a-z ]{0,12}"),
            )
                .prop_map(|(k, v, note)| match note {
                    Some(n) => format!("{k}: {v} ({n})"),
                    None => format!("{k}: {v}"),
                })
                .boxed(),
        ),
        "[ -~ıö]{0,30}"
            .prop_map(|s| (format!("> {s}"), false))
            .boxed(),
        comment_text()
            .prop_map(|s| (format!("#{s}"), false))
            .boxed(),
    ])
}

/// An `era` line.
fn era_block() -> impl Strategy<Value = (String, usize, usize)> {
    let era_bound = || {
        prop_oneof![
            date().prop_map(|d| (Some(d), None)),
            id().prop_map(|s| (None, Some(s)))
        ]
    };
    let era = (id(), era_bound(), era_bound(), 0usize..4).prop_map(|(name, a, b, shape)| {
        let text = |b: &(Option<String>, Option<String>)| b.0.clone().or(b.1.clone()).unwrap();
        let line = match (shape, &a, &b) {
            // Two dates: keep them in order, or write one date alone.
            (_, (Some(x), _), (Some(y), _)) => {
                let (x, y) = ordered(x.clone(), y.clone());
                if shape == 0 {
                    x.clone()
                } else {
                    format!("{x} .. {y}")
                }
            }
            (0, ..) => format!("{} ..", text(&a)),
            (1, ..) => format!(".. {}", text(&b)),
            _ => format!("{} .. {}", text(&a), text(&b)),
        };
        (format!("era {name}: {line}\n"), 0, 0)
    });
    era
}

/// A `marker` block with its values and comments.
fn marker_block() -> impl Strategy<Value = (String, usize, usize)> {
    let marker_value = (
        id(),
        prop::option::of(id()),
        prop::option::of(prop_oneof!["[0-9a-fA-F]{6}", "[0-9a-f]{3}"]),
    )
        .prop_map(|(v, era, hex)| {
            let mut line = format!("  {v}:");
            if let Some(e) = era {
                line.push_str(&format!(" {e}"));
            }
            if let Some(h) = hex {
                line.push_str(&format!(" #{h}"));
            }
            line
        });
    let marker_line = prop_oneof![
        3 => marker_value,
        1 => comment_text().prop_map(|c| format!("  #{c}")),
    ];
    let marker = (id(), prop::collection::vec(marker_line, 0..4)).prop_map(|(name, lines)| {
        let mut text = format!("marker {name}:\n");
        for l in lines {
            text.push_str(&l);
            text.push('\n');
        }
        (text, 0, 0)
    });
    marker
}

/// A `character` line with optional life dates.
fn character_block() -> impl Strategy<Value = (String, usize, usize)> {
    let character = (person(), prop::option::of(date()), prop::option::of(date())).prop_map(
        |(name, born, died)| {
            let mut parts = Vec::new();
            if let Some(b) = born {
                parts.push(format!("born {b}"));
            }
            if let Some(d) = died {
                parts.push(format!("died {d}"));
            }
            let text = if parts.is_empty() {
                format!("character {name}\n")
            } else {
                format!("character {name}: {}\n", parts.join(", "))
            };
            (text, 0, 0)
        },
    );
    character
}

/// A scene with its lines.
fn scene_block() -> impl Strategy<Value = (String, usize, usize)> {
    // Scene lines are indented by two spaces, a tab or four spaces; a `#`
    // comment may also sit at the left margin between them.
    let scene = (
        id(),
        prop::option::of(prose()),
        prop::collection::vec(
            (
                scene_line(),
                prop::sample::select(vec!["  ", "\t", "    ", ""]),
            ),
            0..6,
        ),
    )
        .prop_map(|(id, title, lines)| {
            let mut text = match title {
                Some(t) => format!("scene {id}: {t}\n"),
                None => format!("scene {id}:\n"),
            };
            let mut properties = 0;
            for ((line, is_property), indent) in lines {
                let indent = if indent.is_empty() && !line.starts_with('#') {
                    "  "
                } else {
                    indent
                };
                properties += usize::from(is_property);
                text.push_str(indent);
                text.push_str(&line);
                text.push('\n');
            }
            (text, 1, properties)
        });
    scene
}

/// A top-level block as text, with how many scenes and properties it holds.
fn block() -> impl Strategy<Value = (String, usize, usize)> {
    let comment = comment_text().prop_map(|c| (format!("#{c}\n"), 0, 0));
    prop_oneof![
        1 => era_block(),
        1 => marker_block(),
        1 => character_block(),
        4 => scene_block(),
        1 => comment,
    ]
}

/// A whole valid file: header fields, then blocks separated by optional
/// blank lines.
fn file() -> impl Strategy<Value = (String, usize, usize)> {
    (
        prop::collection::vec(
            (
                prop::sample::select(chronotope::syntax::parser::HEADER_KEYS.to_vec()),
                prose(),
            ),
            0..3,
        ),
        prop::collection::vec((block(), any::<bool>()), 0..8),
        any::<bool>(),
    )
        .prop_map(|(header, blocks, crlf)| {
            let mut text = String::new();
            for (k, v) in header {
                text.push_str(&format!("{k}: {v}\n"));
            }
            let (mut scenes, mut properties) = (0, 0);
            for ((block, s, p), blank) in blocks {
                if blank {
                    text.push('\n');
                }
                text.push_str(&block);
                scenes += s;
                properties += p;
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            (text, scenes, properties)
        })
}

// ----- helpers ----------------------------------------------------------------

fn parse_clean(text: &str) -> SourceTree {
    let (tree, diagnostics) = parse(FileId(0), text);
    assert!(
        diagnostics.is_empty(),
        "diagnostics for valid text:\n{text}\n{diagnostics:#?}"
    );
    tree
}

fn json(tree: &SourceTree) -> serde_json::Value {
    serde_json::to_value(tree).expect("trees serialise")
}

fn count(tree: &SourceTree) -> (usize, usize) {
    let scenes: Vec<_> = tree.scenes().collect();
    let properties = scenes.iter().map(|s| s.properties().count()).sum();
    (scenes.len(), properties)
}

fn comments(tree: &SourceTree) -> usize {
    tree.items
        .iter()
        .map(|i| match i {
            Item::Comment(_) => 1,
            Item::Scene(s) => s
                .lines
                .iter()
                .filter(|l| matches!(l, SceneLine::Comment(_)))
                .count(),
            Item::Marker(m) => m
                .lines
                .iter()
                .filter(|l| matches!(l, MarkerLine::Comment(_)))
                .count(),
            _ => 0,
        })
        .sum()
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ----- properties -----------------------------------------------------------------

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn valid_text_round_trips((text, scenes, properties) in file()) {
        let tree = parse_clean(&text);
        // Nothing the writer wrote is lost.
        prop_assert_eq!(count(&tree), (scenes, properties), "in:\n{}", text);
        let printed = printer::print(&tree);
        let again = parse_clean(&printed);
        prop_assert_eq!(json(&tree), json(&again), "printed:\n{}", printed);
        prop_assert_eq!(comments(&tree), comments(&again));
        // Printing is idempotent.
        prop_assert_eq!(printer::print(&again), printed);
    }

    #[test]
    fn valid_text_formats_faithfully((text, _, _) in file()) {
        // `chronotope fmt`: the layout reads back as the same tree (the
        // function refuses otherwise), keeps every comment, and is stable.
        let tree = parse_clean(&text);
        let laid = match format::format_text(FileId(0), &text) {
            Ok(t) => t,
            Err(e) => panic!("not formatted ({e:?}):\n{text}"),
        };
        let again = parse_clean(&laid);
        prop_assert_eq!(json(&tree), json(&again), "laid out:\n{}", laid);
        prop_assert_eq!(comments(&tree), comments(&again));
        let twice = format::format_text(FileId(0), &laid).expect("formatted text formats");
        prop_assert_eq!(twice, laid);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        resolve_all(&text);
    }

    #[test]
    fn scene_like_text_never_panics(
        lines in prop::collection::vec(
            prop_oneof![
                "(scene|era|marker|character|title|story|  story|  screen|  cast|  hair| ) ?[a-z0-9:. ,+()#>-]{0,30}",
                file().prop_map(|f| f.0),
                "[\\PC\t\r]{0,40}",
            ],
            0..12,
        )
    ) {
        resolve_all(&lines.join("\n"));
    }
}

fn resolve_all(text: &str) {
    let ws = Workspace::from_text("fuzz.scenes", text);
    let stories = ws.resolve();
    // Resolving from owned trees, freeing them as it goes (what `check`
    // does), means exactly the same.
    let mut owned = Workspace::from_text("fuzz.scenes", text);
    let owned_stories = owned.resolve_owned();
    assert_eq!(stories.len(), owned_stories.len());
    for (by_ref, by_value) in stories.iter().zip(&owned_stories) {
        assert_eq!(by_ref.diagnostics, by_value.diagnostics);
        assert_eq!(
            serde_json::to_string(&by_ref.story).unwrap(),
            serde_json::to_string(&by_value.story).unwrap()
        );
    }
    // Every located diagnostic points inside the file, on char boundaries.
    for d in ws
        .diagnostics
        .iter()
        .chain(stories.iter().flat_map(|s| &s.diagnostics))
    {
        for l in &d.labels {
            let text = ws.sources.get(l.span.file).text();
            assert!(l.span.start <= l.span.end, "{d:?}");
            assert!(text.get(l.span.range()).is_some(), "{d:?} in {text:?}");
        }
    }
}

/// The bundled stories resolve the same from borrowed and owned trees (and
/// do not panic, and point inside their files).
#[test]
fn bundled_scene_files_resolve_alike_either_way() {
    let mut dirs = vec![std::path::PathBuf::from("scenes")];
    let mut seen = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "scenes") {
                resolve_all(&std::fs::read_to_string(&path).unwrap());
                seen += 1;
            }
        }
    }
    assert!(seen >= 4, "only {seen} scene files found");
}

/// A 100 kB token anywhere must not make a 100 kB message.
#[test]
fn huge_tokens_are_clipped_in_messages() {
    let big = "w".repeat(100_000);
    let templates = [
        "scene X x\n",
        "scene X:\n  story: 2014\nscene X: again\n",
        "era X 2014\n",
        "marker X\n",
        "marker X: junk\n",
        "marker m:\n  X junk\n",
        "marker m:\n  X: past junk\n",
        "marker m:\n  v: X\nscene a: A\n  m: v\n",
        "character X: born 2014 x\n",
        "character X: foo 2014\n",
        "X: y\n",
        "X\n",
        "scene a: A\n  X: y\n",
        "scene a: A\n  X y\n",
        "scene a: A\n  X:\n",
        "scene a: A\n  mode: X extra\n",
        "scene a: A\n  repeats: X extra\n",
        "scene a: A\n  mode: X\n",
        "scene a: A\n  repeats: X\n",
        "scene a: A\n  story: X\n",
        "scene a: A\n  story: after X\n",
        "scene a: A\n  story: X + 1d\n",
        "scene a: A\n  story: 2014 X\n",
        "scene a: A\n  story: after a by 1X\n",
        "scene a: A\n  story: 1X\n",
        "scene a: A\n  story: for X\n",
        "scene a: A\n  screen: 1X\n",
        "scene a: A\n  screen: 00:00:00 for 1X\n",
        "scene a: A\n  screen: 00:00:00 .. X\n",
        "scene a: A\n  cast: X (age 3x)\n",
        "scene a: A\n  cast: X#\n",
        "scene a: A\n  hair: X\n",
        "marker hair:\n  d:\nscene a: A\n  hair: X\n",
        "marker hair:\n  d:\nscene a: A\n  hair: d X\n",
        "marker hair:\n  d:\nscene a: A\n  hair: d (X\n",
        "marker hair:\n  d: #X\n",
        "title: T\nscene a: A\ntitle: X\n",
        "scene X: A\n  story: 2014\n  screen: 00:00:05\nscene b: B\n  screen: 00:00:01\n",
        "scene X: A\n  story: 2014\n  story: 2015\n",
        "scene X: A\n  story: during X\n",
        "era e: X ..\n",
        "era X: 2014\nscene X: a\n  story: after X\n",
        "scene X: a\nscene b: b\n  story: X\n",
        "character X\nscene a: A\n  cast: X, X\n",
        "character X\ncharacter X\n",
        "scene a: A\n  X: 1\n  X: 2\n",
    ];
    let mut failures = Vec::new();
    for template in templates {
        let ws = Workspace::from_text("a.scenes", &template.replace('X', &big));
        let mut all = ws.diagnostics.clone();
        for story in ws.resolve() {
            all.extend(story.diagnostics);
        }
        assert!(!all.is_empty(), "no diagnostic for {template:?}");
        for d in &all {
            let size = d.message.len()
                + d.help.as_ref().map_or(0, String::len)
                + d.labels.iter().map(|l| l.message.len()).sum::<usize>()
                + d.notes.iter().map(String::len).sum::<usize>();
            if size > 2_000 {
                let start: String = d.message.chars().take(50).collect();
                failures.push(format!("{template:?}: {} {start}… ({size} bytes)", d.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
