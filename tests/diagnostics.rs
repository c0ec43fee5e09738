//! Diagnostics as a whole: every code's letter agrees with the severity it
//! is printed with, every code can be explained, rendering stays linear in
//! what it prints, and hostile bytes in input files reach no output raw.

mod common;

use std::path::PathBuf;

use chronotope::diagnostics::codes::{self, Code};
use chronotope::diagnostics::Severity;
use common::Test;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `(code, text)` of every `<!-- triggers: CODE -->` example in a document.
fn doc_examples(doc: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join(doc)).expect("read the document");
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("<!-- triggers: ") {
        rest = &rest[at + "<!-- triggers: ".len()..];
        let code = rest[..rest.find(" -->").expect("a closed marker")].to_string();
        let open = rest
            .find("```scenes\n")
            .expect("a scenes block after the marker");
        let body = &rest[open + "```scenes\n".len()..];
        let close = body.find("\n```").expect("a closed block");
        out.push((code, format!("{}\n", &body[..close])));
        rest = &body[close..];
    }
    out
}

/// Every `severity[CODE]` heading in human output.
fn headings(stderr: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in stderr.lines() {
        for severity in ["error", "warning", "note"] {
            if let Some(rest) = line.strip_prefix(&format!("{severity}[")) {
                if let Some(end) = rest.find(']') {
                    out.push((severity.to_string(), rest[..end].to_string()));
                }
            }
        }
    }
    out
}

/// The code's letter names the severity it is shown with.
#[track_caller]
fn assert_letter_agrees(severity: &str, code: &str, context: &str) {
    let found = Code::find(code).unwrap_or_else(|| panic!("unknown code {code} in {context}"));
    assert_eq!(
        found.severity().as_str(),
        severity,
        "{severity}[{code}] in {context}"
    );
}

/// Run `check` on one story, in human and JSON form, and check every
/// diagnostic's severity against its code. Returns the codes seen.
fn sweep(name: &str, text: &str, extra: &[&str]) -> Vec<String> {
    let human = Test::new()
        .file(name, text)
        .args(&["check", name])
        .args(extra)
        .run();
    for (severity, code) in headings(&human.stderr) {
        assert_letter_agrees(&severity, &code, name);
    }
    let json = Test::new()
        .file(name, text)
        .args(&["check", "--format", "json", name])
        .args(extra)
        .run();
    let report: Value = serde_json::from_str(&json.stdout).expect("JSON output");
    let mut seen = Vec::new();
    for d in report["diagnostics"].as_array().expect("a list") {
        let (severity, code) = (d["severity"].as_str().unwrap(), d["code"].as_str().unwrap());
        assert_letter_agrees(severity, code, name);
        seen.push(code.to_string());
    }
    seen
}

#[test]
fn no_code_is_printed_with_another_letters_severity() {
    let mut seen: Vec<String> = Vec::new();
    for (code, text) in doc_examples("docs/scene-format.md") {
        let found = sweep("story.scenes", &text, &[]);
        assert!(
            found.contains(&code),
            "the example for {code} gives {found:?}"
        );
        seen.extend(found);
    }
    for e in codes::ALL
        .iter()
        .filter_map(|c| chronotope::diagnostics::examples::find(c.code))
    {
        if !e.example.is_empty() {
            seen.extend(sweep("story.scenes", e.example, &[]));
        }
    }
    let fixtures = [
        "tests/fixtures/dont-leave-broken.scenes",
        "scenes/dont-leave.scenes",
        "scenes/memento.scenes",
    ];
    for path in fixtures {
        let text = std::fs::read_to_string(repo().join(path)).unwrap();
        seen.extend(sweep("story.scenes", &text, &[]));
    }
    for entry in std::fs::read_dir(repo().join("tests/fixtures/fountain")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "fountain") {
            let text = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&text);
            seen.extend(sweep("script.fountain", &text, &["--infer"]));
        }
    }
    // The sweep reached every family, so it can fail for each of them.
    for family in [
        "E01", "E02", "W02", "E03", "W03", "E04", "W04", "W05", "N05",
    ] {
        assert!(
            seen.iter().any(|c| c.starts_with(family)),
            "no {family}xx code seen: {seen:?}"
        );
    }
}

#[test]
fn a_character_listed_twice_is_its_own_warning() {
    Test::new()
        .file(
            "story.scenes",
            "title: T\ncharacter Ana\nscene a: A\n  story: 2014\n  cast: Ana, ana\n",
        )
        .args(&["check", "story.scenes"])
        .run()
        .status(0)
        .stderr_contains("warning[W0211]: `ana` is listed twice in this cast")
        .stderr_lacks("[E0201]");
}

#[test]
fn every_code_is_explained() {
    for code in Code::all() {
        for key in [code.as_str().to_string(), code.name().to_string()] {
            let run = Test::new().args(&["explain", &key]).run().status(0);
            let first = run.stdout.lines().next().unwrap_or_default().to_string();
            assert_eq!(first, format!("{} ({})", code, code.name()), "{key}");
            assert!(run.stdout.contains(code.explanation()), "{key}");
            let severity = match code.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            assert!(
                run.stdout.contains(&format!("Severity: {severity} "))
                    || run.stdout.contains("Default: "),
                "{key}: {}",
                run.stdout
            );
        }
    }
}

// ----- rendering stays linear in what it prints -----------------------------

/// A story whose scenes form one contradiction cycle through all of them:
/// each starts a day after the previous one ends, and the first a day after
/// the last.
fn cycle(scenes: usize) -> String {
    let mut text = String::from("title: Cycle\n");
    for i in 0..scenes {
        let previous = (i + scenes - 1) % scenes;
        text.push_str(&format!(
            "scene s{i}: S{i}\n  story: after s{previous} by 1d\n"
        ));
    }
    text
}

/// Generous in a debug build, where everything is several times slower.
fn seconds(release: u64) -> std::time::Duration {
    let factor = if cfg!(debug_assertions) { 15 } else { 1 };
    std::time::Duration::from_secs(release * factor)
}

/// CPU time this thread has used, from `/proc/thread-self/stat` (user
/// plus system, in clock ticks of 1/100 s, Linux's `USER_HZ`); `None`
/// elsewhere. CPU time, unlike wall time, does not grow when other jobs
/// share the machine, so a bound on it holds on a busy CI runner.
fn thread_cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses: state is the
    // first, utime the 12th and stime the 13th.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}

#[test]
fn a_40k_scene_contradiction_cycle_is_checked_and_drawn_in_linear_time() {
    use chronotope::diagnostics::human;
    let text = cycle(40_000);
    let (cpu, wall) = (thread_cpu_time(), std::time::Instant::now());
    let mut ws = chronotope::workspace::Workspace::from_text("cycle.scenes", &text);
    let loaded = ws.resolve_owned();
    let chronology = chronotope::engine::analyze(&loaded[0].story, &ws.sources);
    let found =
        chronotope::engine::explain::diagnostics(&loaded[0].story, &ws.sources, &chronology);
    let out = human::render_all(&ws.sources, &found, human::Style::default());
    let spent = match (cpu, thread_cpu_time()) {
        (Some(before), Some(after)) => after - before,
        _ => wall.elapsed(),
    };
    assert!(spent < seconds(2), "took {spent:?}");
    assert_eq!(found.len(), 1);
    assert!(out.contains("… and 79984 more labels not drawn"));
    assert!(out.len() < 8_000_000, "{} bytes", out.len());
}

#[test]
fn a_40k_scene_contradiction_cycle_prints_one_bounded_diagnostic() {
    let run = Test::new()
        .file("cycle.scenes", cycle(40_000))
        .args(&["check", "cycle.scenes"])
        .run()
        .status(1);
    // Wall time on a shared machine: only a gross regression shows here
    // (the CPU-time bound is in the test above).
    assert!(run.elapsed < seconds(10), "took {:?}", run.elapsed);
    assert_eq!(
        headings(&run.stderr),
        [("error".to_string(), "E0301".to_string())]
    );
    assert!(run.stderr.contains("… and 79984 more labels not drawn"));
    // Every step is still listed as a note: 80,000 lines, nothing more.
    assert_eq!(run.stderr.matches("= note: ").count(), 80_000 + 1);
    assert!(run.stderr.len() < 8_000_000, "{} bytes", run.stderr.len());
}

/// `cast:` with `n` names on one line, none declared (or every one the same
/// declared name, when `repeat` is given).
fn cast_line(n: usize, repeat: Option<&str>) -> String {
    let names: Vec<String> = (0..n)
        .map(|i| repeat.map_or_else(|| format!("Name{i}"), str::to_string))
        .collect();
    let declared = repeat.map_or(String::new(), |r| format!("character {r}\n"));
    format!(
        "title: Cast\n{declared}scene a: A\n  story: 2020-01-01\n  cast: {}\n",
        names.join(", ")
    )
}

#[test]
fn an_8000_name_cast_line_prints_a_bounded_amount() {
    for (what, text) in [
        ("undeclared", cast_line(8_000, None)),
        ("repeated", cast_line(8_000, Some("Ana"))),
    ] {
        let run = Test::new()
            .file("cast.scenes", text)
            .args(&["check", "cast.scenes"])
            .run();
        assert!(
            run.stderr.len() < 50_000_000,
            "{what}: {} bytes",
            run.stderr.len()
        );
        assert!(run.elapsed < seconds(10), "{what}: took {:?}", run.elapsed);
        let shown = headings(&run.stderr).len();
        assert_eq!(
            shown,
            chronotope::diagnostics::human::MAX_PER_FILE,
            "{what}"
        );
        let hidden = if what == "undeclared" { 7_800 } else { 7_799 };
        assert!(
            run.stderr.contains(&format!(
                "note: {hidden} more diagnostics in `cast.scenes` not shown"
            )),
            "{what}: {}",
            &run.stderr[run.stderr.len().saturating_sub(400)..]
        );
        // Each shown diagnostic cuts the line around its labels.
        for line in run.stderr.lines() {
            assert!(line.len() < 400, "{what}: a line of {} bytes", line.len());
        }
    }
}

// ----- clean bytes in every format ------------------------------------------

/// Characters that break a terminal or an XML document.
const HOSTILE: [char; 10] = [
    '\u{1b}', '\u{7}', '\u{0}', '\u{7f}', '\u{85}', '\u{9b}', '\u{fffe}', '\u{ffff}', '\u{d}',
    '\u{fdd0}',
];

/// A story with an undeclared cast name made of every hostile character,
/// and its title full of them too.
fn hostile_story() -> (String, String) {
    let name: String = HOSTILE.iter().flat_map(|&c| ['X', c]).collect();
    let text = format!(
        "title: T{}\ncharacter Ana\nscene a: A{}\n  story: 2020-01-01\n  cast: Ana, {name}\n",
        '\u{1b}', '\u{9b}'
    );
    (text, name)
}

/// The hostile characters that may not appear raw in terminal output.
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c))
}

#[test]
fn no_escape_sequence_reaches_stderr() {
    let (text, _) = hostile_story();
    let dir = "walk";
    let evil = format!("{dir}/a\u{1b}[2J\u{9b}1m.scenes");
    let run = Test::new()
        .file("story.scenes", &text)
        .file(&evil, &text)
        .args(&["check", "story.scenes", dir])
        .run()
        .status(1);
    assert_eq!(raw_control(&run.stderr), None, "{:?}", run.stderr);
    assert!(
        run.stderr.contains("walk/a\\u{1b}[2J\\u{9b}1m.scenes:5:14"),
        "{}",
        run.stderr
    );
    assert!(run
        .stderr
        .contains("unknown character `X\\u{1b}X\\u{7}X\\u{0}X\\u{7f}X\\u{85}"));
    // Unicode text that is not a control is kept as it is.
    let run = Test::new()
        .file(
            "Kadıköy.scenes",
            "title: T\nscene a: Kadıköy\n  story: after nowhere\n",
        )
        .args(&["check", "Kadıköy.scenes"])
        .run()
        .status(1);
    assert!(
        run.stderr.contains("--> Kadıköy.scenes:3:16"),
        "{}",
        run.stderr
    );
}

#[test]
fn junit_is_well_formed_with_any_character() {
    let (text, _) = hostile_story();
    let run = Test::new()
        .file("story.scenes", &text)
        .args(&["check", "--format", "junit", "story.scenes"])
        .run()
        .status(1);
    let parsed = chronotope_xml(&run.stdout);
    assert!(parsed.is_ok(), "{parsed:?}\n{}", run.stdout);
    for c in HOSTILE.iter().filter(|&&c| c != '\u{d}') {
        assert!(!run.stdout.contains(*c), "{:?} in JUnit", *c as u32);
    }
    assert!(
        run.stdout.contains("unknown character `X\u{fffd}X\u{fffd}"),
        "{}",
        run.stdout
    );
}

/// Parse XML as a strict parser does (roxmltree, through resvg's usvg).
fn chronotope_xml(text: &str) -> Result<(), String> {
    resvg::usvg::roxmltree::Document::parse(text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn json_and_sarif_keep_the_text_exactly_and_parse() {
    let (text, name) = hostile_story();
    for format in ["json", "sarif"] {
        let run = Test::new()
            .file("story.scenes", &text)
            .args(&["check", "--format", format, "story.scenes"])
            .run()
            .status(1);
        let value: Value = serde_json::from_str(&run.stdout).expect(format);
        let found = serde_json::to_string(&value).unwrap();
        let quoted = serde_json::to_string(&format!("unknown character `{name}`")).unwrap();
        assert!(
            found.contains(quoted.trim_matches('"')),
            "{format}: {found}"
        );
        // JSON escapes what it must (C0 controls); DEL and C1 are valid
        // JSON text and stay, so the text is exactly what the file says.
        let c0 = run.stdout.chars().find(|&c| c < ' ' && c != '\n');
        assert_eq!(c0, None, "{format}");
    }
}

#[test]
fn github_commands_carry_no_control_characters() {
    let (text, _) = hostile_story();
    let run = Test::new()
        .file("story.scenes", &text)
        .args(&["check", "--format", "github", "story.scenes"])
        .run()
        .status(1);
    assert!(run.stdout.lines().count() >= 1);
    for line in run.stdout.lines() {
        assert!(line.starts_with("::"), "{line}");
        assert_eq!(raw_control(line), None, "{line:?}");
    }
}

#[test]
fn the_html_report_carries_no_controls_or_noncharacters() {
    let (text, _) = hostile_story();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("out.html");
    let run = Test::new()
        .file("story.scenes", &text)
        .args(&["report", "story.scenes", "--out", file.to_str().unwrap()])
        .run();
    let html = std::fs::read_to_string(&file);
    let html = html.unwrap_or_else(|e| panic!("no report ({e}): {}", run.stderr));
    for c in html.chars() {
        let n = c as u32;
        let bad = (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
            || (0xfdd0..=0xfdef).contains(&n)
            || n & 0xfffe == 0xfffe;
        assert!(!bad, "U+{n:04X} in the report");
    }
}

#[test]
fn other_notes_on_stderr_escape_input_text_too() {
    let (text, _) = hostile_story();
    let out = tempfile::tempdir().unwrap();
    let run = Test::new()
        .file("story.scenes", &text)
        .args(&["render", "story.scenes", "-o", out.path().to_str().unwrap()])
        .run()
        .status(1)
        .stderr_contains("note: T\\u{1b} not drawn");
    assert_eq!(raw_control(&run.stderr), None, "{:?}", run.stderr);
    let run = Test::new()
        .args(&["explain", "E04\u{1b}[2J"])
        .run()
        .status(2)
        .stderr_contains("no code or rule named `E04\\u{1b}[2J`");
    assert_eq!(raw_control(&run.stderr), None, "{:?}", run.stderr);
}
