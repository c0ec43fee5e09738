//! Every output format agrees with the exit code (issue 11, item 2).
//!
//! A matrix: each way a finding can pass or fail the run (clean, warnings
//! only, `--deny warnings`, `--deny RULE`, a `chronotope.toml` level,
//! errors, `--allow`, a baseline hiding known findings, a baseline with a
//! new finding) × each `--format`. For every cell the exit code is the one
//! the case expects, and what the format calls an error (human
//! `error[…]` headers, JSON `errors` and `severity`, GitHub `::error`,
//! SARIF `level: error`, JUnit `failures` and `<failure>`) counts exactly
//! the findings that fail the run: none when it exits 0.

mod common;

use common::Test;
use serde_json::Value;

/// One scene with no story-time: a single `W0302 unplaced` warning.
const WARN: &str = "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n";
/// A clean story.
const CLEAN: &str =
    "title: T\nscene a: A\n  story: 2020-01-01\nscene b: B\n  story: after a by 1d\n";
/// One character in two places at once: a single `E0403` error.
const ERROR: &str = "title: T\ncharacter Semih\nscene ferry: Ferry\n  story: 2014-05-17 18:00 for 40m\n  cast: Semih\n  where: Kadıköy ferry\nscene gallery: Gallery\n  story: 2014-05-17 18:10 for 1h\n  cast: Semih\n  where: Karaköy gallery\n";

/// One case of the matrix.
struct Case {
    name: &'static str,
    /// The story checked.
    story: String,
    /// A baseline recorded first from this story, if any.
    baseline_of: Option<&'static str>,
    /// A `chronotope.toml` beside the story, if any.
    config: Option<&'static str>,
    /// Extra arguments to `check`.
    args: &'static [&'static str],
    /// The expected exit code.
    exit: i32,
    /// Findings that fail the run (reported as errors everywhere).
    failing: usize,
    /// Findings reported that do not fail it (warnings).
    passing: usize,
}

/// A case with no baseline and no configuration.
fn case(
    name: &'static str,
    story: &str,
    args: &'static [&'static str],
    exit: i32,
    failing: usize,
    passing: usize,
) -> Case {
    Case {
        name,
        story: story.to_string(),
        baseline_of: None,
        config: None,
        args,
        exit,
        failing,
        passing,
    }
}

fn cases() -> Vec<Case> {
    let mut all = warning_cases();
    all.extend(error_cases());
    all
}

/// Warnings, and the levels that make them fail the run or not.
fn warning_cases() -> Vec<Case> {
    vec![
        case("clean", CLEAN, &[], 0, 0, 0),
        case(
            "clean, --deny warnings",
            CLEAN,
            &["--deny", "warnings"],
            0,
            0,
            0,
        ),
        case("warnings only", WARN, &[], 0, 0, 1),
        case(
            "warnings, --deny warnings",
            WARN,
            &["--deny", "warnings"],
            1,
            1,
            0,
        ),
        case(
            "warnings, --deny unplaced",
            WARN,
            &["--deny", "unplaced"],
            1,
            1,
            0,
        ),
        case(
            "warnings, --deny W0302",
            WARN,
            &["--deny", "W0302"],
            1,
            1,
            0,
        ),
        Case {
            config: Some("[rules]\nunplaced = \"error\"\n"),
            ..case("warnings, config error level", WARN, &[], 1, 1, 0)
        },
        Case {
            config: Some("[rules]\nunplaced = \"allow\"\n"),
            ..case(
                "warnings allowed by config, --deny warnings",
                WARN,
                &["--deny", "warnings"],
                0,
                0,
                0,
            )
        },
    ]
}

/// Errors, lowered or allowed, and baselines.
fn error_cases() -> Vec<Case> {
    vec![
        case("errors", ERROR, &[], 1, 1, 0),
        case(
            "errors, --allow E0403",
            ERROR,
            &["--allow", "E0403"],
            0,
            0,
            0,
        ),
        case(
            "errors, --warn presence",
            ERROR,
            &["--warn", "presence"],
            0,
            0,
            1,
        ),
        case(
            "errors lowered, --deny warnings",
            ERROR,
            &["--warn", "presence", "--deny", "warnings"],
            1,
            1,
            0,
        ),
        Case {
            baseline_of: Some(ERROR),
            ..case("errors baselined", ERROR, &[], 0, 0, 0)
        },
        Case {
            baseline_of: Some(WARN),
            ..case(
                "warnings baselined, --deny warnings",
                WARN,
                &["--deny", "warnings"],
                0,
                0,
                0,
            )
        },
        Case {
            baseline_of: Some(ERROR),
            ..case(
                "errors baselined, a new warning",
                &format!("{ERROR}scene c: C\n"),
                &[],
                0,
                0,
                1,
            )
        },
        Case {
            baseline_of: Some(ERROR),
            ..case(
                "errors baselined, a new warning, --deny warnings",
                &format!("{ERROR}scene c: C\n"),
                &["--deny", "warnings"],
                1,
                1,
                0,
            )
        },
    ]
}

/// What one format says: (findings it calls errors, findings it calls
/// warnings).
fn counts(format: &str, stdout: &str, stderr: &str) -> (usize, usize) {
    let count = |text: &str, prefix: &str| text.lines().filter(|l| l.starts_with(prefix)).count();
    match format {
        "human" => (count(stderr, "error["), count(stderr, "warning[")),
        "github" => (count(stdout, "::error "), count(stdout, "::warning ")),
        "json" => {
            let v: Value = serde_json::from_str(stdout).expect("JSON output");
            let of = |s: &str| {
                v["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|d| d["severity"] == s)
                    .count()
            };
            let (errors, warnings) = (of("error"), of("warning"));
            assert_eq!(v["errors"].as_u64(), Some(errors as u64), "{stdout}");
            assert_eq!(v["warnings"].as_u64(), Some(warnings as u64), "{stdout}");
            (errors, warnings)
        }
        "sarif" => {
            let v: Value = serde_json::from_str(stdout).expect("SARIF output");
            let results = v["runs"][0]["results"].as_array().unwrap();
            let of = |s: &str| results.iter().filter(|r| r["level"] == s).count();
            (of("error"), of("warning"))
        }
        "junit" => junit_counts(stdout),
        other => panic!("no such format {other}"),
    }
}

/// JUnit: the `failures` attribute of `<testsuites>` and of every suite
/// must equal the `<failure>` elements; each failed case lists its
/// failing findings one a line, and warnings sit in `<system-out>`.
fn junit_counts(xml: &str) -> (usize, usize) {
    let attr = |line: &str, name: &str| -> usize {
        let key = format!(" {name}=\"");
        let at = line.find(&key).expect("attribute") + key.len();
        line[at..].split('"').next().unwrap().parse().unwrap()
    };
    let top = xml.lines().find(|l| l.starts_with("<testsuites ")).unwrap();
    let suites: usize = xml
        .lines()
        .filter(|l| l.trim_start().starts_with("<testsuite "))
        .map(|l| attr(l, "failures"))
        .sum();
    let elements = xml.matches("<failure ").count();
    assert_eq!(attr(top, "failures"), elements, "{xml}");
    assert_eq!(suites, elements, "{xml}");
    // Each finding is one `file:line:col: severity[CODE]` line in an
    // element's text (a `<failure>`'s `message` attribute repeats the
    // first, so attributes are left out).
    let text: String = xml
        .split(" message=\"")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('"').unwrap().1
            }
        })
        .collect();
    let findings = |severity: &str| text.matches(&format!(": {severity}[")).count();
    let inside_failures: usize = xml
        .split("<failure ")
        .skip(1)
        .map(|f| {
            let body = &f[f.find('>').unwrap()..f.find("</failure>").unwrap()];
            body.matches(": error[").count()
        })
        .sum();
    assert_eq!(
        inside_failures,
        findings("error"),
        "every error is inside a <failure>: {xml}"
    );
    (findings("error"), findings("warning"))
}

const FORMATS: [&str; 5] = ["human", "json", "github", "sarif", "junit"];

#[test]
fn every_format_agrees_with_the_exit_code() {
    for case in cases() {
        for format in FORMATS {
            let mut t = Test::new().file("s.scenes", &case.story);
            if let Some(config) = case.config {
                t = t.file("chronotope.toml", config);
            }
            let mut args = vec!["check", "s.scenes", "--format", format];
            if let Some(first) = case.baseline_of {
                t.write("s.scenes", first);
                let out = t
                    .command(&["check", "s.scenes", "--baseline", "base.json"])
                    .output()
                    .unwrap();
                assert_eq!(out.status.code(), Some(0), "{}: recording", case.name);
                t.write("s.scenes", &case.story);
                args.extend(["--baseline", "base.json"]);
            }
            args.extend(case.args);
            let out = t.command(&args).output().unwrap();
            let stdout = String::from_utf8(out.stdout).unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            let context = format!(
                "{} × {format}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}",
                case.name
            );
            assert_eq!(out.status.code(), Some(case.exit), "exit code: {context}");
            let (errors, warnings) = counts(format, &stdout, &stderr);
            assert_eq!(errors, case.failing, "errors: {context}");
            assert_eq!(warnings, case.passing, "warnings: {context}");
            // The agreement itself, stated directly.
            assert_eq!(errors > 0, case.exit == 1, "{context}");
        }
    }
}

#[test]
fn the_human_summary_says_why_the_run_fails() {
    Test::new()
        .file("s.scenes", WARN)
        .args(&["check", "s.scenes", "--deny", "warnings"])
        .run()
        .status(1)
        .summary("1 error in 1 file; 1 warning denied by `--deny warnings`");
    Test::new()
        .file("s.scenes", WARN)
        .args(&["check", "s.scenes", "--deny", "unplaced"])
        .run()
        .status(1)
        .summary(
            "1 error in 1 file; 1 warning denied by a rule level (`--deny RULE` or `chronotope.toml`)",
        );
    // A real error needs no reason; a warning that does not fail says so
    // by exiting 0 with the plain count.
    Test::new()
        .file("s.scenes", ERROR)
        .args(&["check", "s.scenes", "--deny", "warnings"])
        .run()
        .status(1)
        .summary("1 error in 1 file");
    Test::new()
        .file("s.scenes", WARN)
        .args(&["check", "s.scenes"])
        .run()
        .status(0)
        .summary("1 warning in 1 file");
}

/// A path that cannot be read exits 2, and every machine format says the
/// run failed: JSON counts it in `errors` and lists it in `unreadable`,
/// SARIF marks the invocation unsuccessful, JUnit has a test case in
/// error, GitHub an `::error`. A CI page never shows a clean run on a job
/// that exits 2. The path has XML's and GitHub's special characters.
#[test]
fn an_unreadable_path_fails_every_machine_format() {
    let missing = "gone <&> 100%.scenes";
    let run = |format: &str, paths: &[&str]| {
        let mut args = vec!["check", "--format", format];
        args.extend(paths);
        let expected = if paths.contains(&missing) { 2 } else { 0 };
        Test::new()
            .file("a.scenes", CLEAN)
            .cmd(&args)
            .status(expected)
            .stdout_any()
            .stderr_any()
            .run()
    };

    let json = run("json", &["a.scenes", missing]).json();
    assert_eq!(json["errors"], 1, "{json}");
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0, "{json}");
    let unreadable = json["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 1, "{json}");
    assert!(
        unreadable[0]
            .as_str()
            .unwrap()
            .contains("gone <&> 100%.scenes"),
        "{json}"
    );
    let clean = run("json", &["a.scenes"]).json();
    assert_eq!(clean["errors"], 0, "{clean}");
    assert!(clean.get("unreadable").is_none(), "{clean}");

    let sarif = run("sarif", &["a.scenes", missing]).json();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false, "{sarif}");
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{sarif}");
    assert_eq!(notes[0]["level"], "error", "{sarif}");
    let clean = run("sarif", &["a.scenes"]).json();
    assert!(clean["runs"][0].get("invocations").is_none(), "{clean}");

    let junit = run("junit", &["a.scenes", missing]).stdout;
    let top = junit
        .lines()
        .find(|l| l.starts_with("<testsuites "))
        .unwrap();
    assert!(top.contains(" errors=\"1\""), "{junit}");
    assert_eq!(junit.matches("<error ").count(), 1, "{junit}");
    assert!(junit.contains("gone &lt;&amp;&gt; 100%.scenes"), "{junit}");
    assert!(!junit.contains("<&>"), "{junit}");
    let clean = run("junit", &["a.scenes"]).stdout;
    assert!(clean.contains(" errors=\"0\""), "{clean}");
    assert!(!clean.contains("<error "), "{clean}");

    let github = run("github", &["a.scenes", missing]).stdout;
    let errors: Vec<&str> = github
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 1, "{github}");
    assert!(errors[0].contains("gone <&> 100%25.scenes"), "{github}");
    assert_eq!(run("github", &["a.scenes"]).stdout, "");
}
