//! Byte-identity guard for the printed outputs: every bundled story in
//! `scenes/` (each file or directory story that CI's `check scenes/`
//! reads) through every format of `order`, `stats`, `export` and `check`,
//! compared byte for byte with the golden files in
//! `tests/fixtures/output-bytes/`.
//!
//! The goldens were written by the binary before `order`, `stats` and
//! `export` learnt to stream their output (issue 18): streaming must not
//! change a byte. When an output is meant to change, regenerate them and
//! review the diff:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test output_bytes
//! git diff tests/fixtures/output-bytes/
//! ```
//!
//! Each case is stored as `NAME.stdout` (exactly the bytes printed),
//! `NAME.stderr` when standard error is not empty, and a line of
//! `index.txt` with the exit status and the arguments. The SVGs in
//! `output/` are checked by `.ci/run` instead.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{repo, Test};

/// One run of the binary: a file-name-safe name and its arguments (paths
/// relative to the test's directory, which holds a copy of `scenes/`).
struct Case {
    name: String,
    args: Vec<String>,
}

/// What one run printed.
struct Printed {
    status: i32,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn case(name: String, args: &[&str]) -> Case {
    Case {
        name,
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

/// Every output format of the four commands for one story path.
fn formats(stem: &str, path: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for format in ["text", "json", "csv"] {
        cases.push(case(
            format!("{stem}.order-{format}"),
            &["order", "--format", format, path],
        ));
        cases.push(case(
            format!("{stem}.order-works-{format}"),
            &["order", "--works", "--format", format, path],
        ));
    }
    for format in ["text", "json"] {
        cases.push(case(
            format!("{stem}.stats-{format}"),
            &["stats", "--format", format, path],
        ));
    }
    for format in [
        "json",
        "aeon-csv",
        "storycurve",
        "breakdown",
        "breakdown-html",
    ] {
        cases.push(case(
            format!("{stem}.export-{format}"),
            &["export", "--format", format, path],
        ));
    }
    cases.push(case(
        format!("{stem}.export-breakdown-bom"),
        &["export", "--format", "breakdown", "--bom", path],
    ));
    for format in ["human", "json", "sarif", "junit", "github"] {
        cases.push(case(
            format!("{stem}.check-{format}"),
            &["check", "--format", format, path],
        ));
    }
    cases
}

/// The bundled stories, in name order: every entry of `scenes/`.
fn bundled() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(repo().join("scenes"))
        .expect("read scenes/")
        .map(|e| e.expect("a scenes/ entry").file_name())
        .map(|n| n.into_string().expect("UTF-8 names in scenes/"))
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Every case: each bundled story alone, all of them at once (several
/// stories in one output), the variants of `order` and `stats` that take
/// another code path (a character's order, a viewing order), and a story
/// with errors (the refusals and the diagnostics).
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for name in bundled() {
        let stem = name.split('.').next().unwrap_or(&name).to_string();
        cases.extend(formats(&stem, &format!("scenes/{name}")));
    }
    cases.extend(formats("all", "scenes/"));
    cases.extend(formats("broken", "dont-leave-broken.scenes"));
    for format in ["text", "json", "csv"] {
        let path = "scenes/dont-leave.scenes";
        cases.push(case(
            format!("dont-leave.order-character-{format}"),
            &["order", "--character", "Semih", "--format", format, path],
        ));
        let path = "scenes/narnia";
        cases.push(case(
            format!("narnia.order-reading-{format}"),
            &["order", "--order", "reading", "--format", format, path],
        ));
    }
    for format in ["text", "json"] {
        cases.push(case(
            format!("narnia.stats-reading-{format}"),
            &[
                "stats",
                "--order",
                "reading",
                "--format",
                format,
                "scenes/narnia",
            ],
        ));
    }
    cases
}

/// A directory holding a copy of `scenes/` and the broken story.
fn stories() -> Test {
    let t = Test::new();
    copy_dir(&repo().join("scenes"), &t.dir().join("scenes"));
    let broken = repo().join("tests/fixtures/dont-leave-broken.scenes");
    std::fs::copy(broken, t.dir().join("dont-leave-broken.scenes")).expect("copy the broken story");
    t
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a directory");
    for entry in std::fs::read_dir(from).expect("read a directory") {
        let entry = entry.expect("a directory entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy a file");
        }
    }
}

fn run(t: &Test, case: &Case) -> Printed {
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let out = t
        .command(&args)
        .env_remove("CHRONOTOPE_TIMINGS")
        .output()
        .expect("run chronotope");
    Printed {
        status: out.status.code().expect("an exit status, not a signal"),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

fn golden_dir() -> PathBuf {
    repo().join("tests/fixtures/output-bytes")
}

fn index_line(case: &Case, printed: &Printed) -> String {
    format!(
        "{}\t{}\t{}\n",
        case.name,
        printed.status,
        case.args.join(" ")
    )
}

/// Write every golden file anew (`UPDATE_GOLDEN=1`).
fn update(cases: &[Case], printed: &[Printed]) {
    let dir = golden_dir();
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove the old goldens");
    }
    std::fs::create_dir_all(&dir).expect("create the goldens' directory");
    let mut index = String::new();
    for (case, p) in cases.iter().zip(printed) {
        index.push_str(&index_line(case, p));
        std::fs::write(dir.join(format!("{}.stdout", case.name)), &p.stdout).expect("write");
        if !p.stderr.is_empty() {
            std::fs::write(dir.join(format!("{}.stderr", case.name)), &p.stderr).expect("write");
        }
    }
    std::fs::write(dir.join("index.txt"), index).expect("write the index");
}

/// The first line where two outputs differ, for the failure message.
fn first_difference(want: &[u8], got: &[u8]) -> String {
    let (want, got) = (String::from_utf8_lossy(want), String::from_utf8_lossy(got));
    let mut lines = want.lines().zip(got.lines()).enumerate();
    match lines.find(|(_, (w, g))| w != g) {
        Some((i, (w, g))) => format!("line {}:\n  want {w:?}\n  got  {g:?}", i + 1),
        None => format!(
            "lengths differ: want {} bytes ({} lines), got {} bytes ({} lines)",
            want.len(),
            want.lines().count(),
            got.len(),
            got.lines().count()
        ),
    }
}

/// Compare one case with its goldens; a difference is described in `report`.
fn compare(case: &Case, p: &Printed, report: &mut String) {
    let dir = golden_dir();
    let read = |suffix: &str| std::fs::read(dir.join(format!("{}.{suffix}", case.name)));
    match read("stdout") {
        Ok(want) if want == p.stdout => {}
        Ok(want) => {
            let diff = first_difference(&want, &p.stdout);
            let _ = writeln!(report, "{}: stdout differs at {diff}", case.name);
        }
        Err(_) => {
            let _ = writeln!(report, "{}: no golden file", case.name);
        }
    }
    let want_err = read("stderr").unwrap_or_default();
    if want_err != p.stderr {
        let diff = first_difference(&want_err, &p.stderr);
        let _ = writeln!(report, "{}: stderr differs at {diff}", case.name);
    }
}

#[test]
fn every_bundled_story_prints_the_same_bytes_in_every_format() {
    let t = stories();
    let cases = cases();
    let printed: Vec<Printed> = cases.iter().map(|c| run(&t, c)).collect();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        update(&cases, &printed);
        return;
    }
    let mut report = String::new();
    for (case, p) in cases.iter().zip(&printed) {
        compare(case, p, &mut report);
    }
    let index: String = cases
        .iter()
        .zip(&printed)
        .map(|(c, p)| index_line(c, p))
        .collect();
    let want_index = std::fs::read_to_string(golden_dir().join("index.txt")).unwrap_or_default();
    if want_index != index {
        let diff = first_difference(want_index.as_bytes(), index.as_bytes());
        let _ = writeln!(report, "index.txt (exit statuses, cases) differs at {diff}");
    }
    assert!(
        report.is_empty(),
        "outputs differ from tests/fixtures/output-bytes/ (if the change is meant, \
         regenerate with UPDATE_GOLDEN=1 cargo test --test output_bytes and review the diff):\n{report}"
    );
}

/// The guard can fail: one changed byte in a golden is noticed, and the
/// golden's own bytes pass.
#[test]
fn a_changed_byte_is_noticed() {
    let case = case("dont-leave.order-json".into(), &[]);
    let want = std::fs::read(golden_dir().join("dont-leave.order-json.stdout")).expect("golden");
    let mut changed = want.clone();
    let last = changed.len() - 2;
    changed[last] ^= 1;
    let report_for = |stdout: Vec<u8>| {
        let p = Printed {
            status: 0,
            stdout,
            stderr: Vec::new(),
        };
        let mut report = String::new();
        compare(&case, &p, &mut report);
        report
    };
    let report = report_for(changed);
    assert!(report.contains("stdout differs"), "{report}");
    let report = report_for(want);
    assert!(report.is_empty(), "{report}");
}
