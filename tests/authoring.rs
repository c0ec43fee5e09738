//! End-to-end tests of the authoring commands: `fmt`, `init`, `watch`,
//! `completions` and `man`.
//!
//! These run several commands on one directory, so they drive the binary
//! directly rather than through the one-shot `common::Test`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::repo;

/// Run the binary in `dir` without colour.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run chronotope")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Assert the exit code, showing the output when it differs.
#[track_caller]
fn expect_code(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "\n--- stdout:\n{}\n--- stderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary directory")
}

/// Every bundled story and fixture.
fn scene_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![repo().join("scenes"), repo().join("tests/fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)
            .expect("read a scene directory")
            .flatten()
        {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "scenes") {
                out.push(path);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 4, "bundled scene files not found: {out:?}");
    out
}

// ----- fmt --------------------------------------------------------------------

#[test]
fn fmt_never_changes_what_a_story_means() {
    let mut compared = 0;
    for source in scene_files() {
        let dir = tempdir();
        let name = source.file_name().unwrap().to_str().unwrap().to_string();
        let original = fs::read_to_string(&source).unwrap();
        // Unformat it first, so `fmt` has work to do on every file.
        let messy = original
            .lines()
            .map(|l| match l.strip_prefix("  ") {
                Some(rest) if !rest.starts_with(['>', '#']) => {
                    format!("    {}", rest.replacen(": ", " :   ", 1))
                }
                _ => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        fs::write(dir.path().join(&name), &messy).unwrap();
        let checked = run(dir.path(), &["check", &name]);
        let clean = checked.status.code() == Some(0);
        let before = run(dir.path(), &["order", "--format", "json", &name]);
        let formatted = run(dir.path(), &["fmt", &name]);
        expect_code(&formatted, 0);
        assert!(
            stdout(&formatted).contains(&name),
            "{name} was not rewritten"
        );
        let after = run(dir.path(), &["order", "--format", "json", &name]);
        if clean {
            expect_code(&before, 0);
            expect_code(&after, 0);
            assert_eq!(stdout(&before), stdout(&after), "{name}: order changed");
            compared += 1;
        } else {
            // A story `check` fails is refused by `order` both times.
            assert_eq!(before.status.code(), after.status.code(), "{name}");
        }
        // Formatting twice changes nothing, and `--check` agrees.
        let text = fs::read_to_string(dir.path().join(&name)).unwrap();
        let again = run(dir.path(), &["fmt", &name]);
        expect_code(&again, 0);
        assert_eq!(stdout(&again), "", "{name}: second fmt rewrote it");
        assert_eq!(fs::read_to_string(dir.path().join(&name)).unwrap(), text);
        expect_code(&run(dir.path(), &["fmt", "--check", &name]), 0);
    }
    assert!(compared >= 4, "only {compared} clean stories compared");
}

#[test]
fn bundled_scenes_are_formatted() {
    let o = run(&repo(), &["fmt", "--check", "scenes/"]);
    expect_code(&o, 0);
    assert_eq!(stdout(&o), "");
}

#[test]
fn fmt_check_lists_files_and_exits_one_without_writing() {
    let dir = tempdir();
    let messy = "title: T\nscene a:A\n   story:2020\n    hair :dark\n";
    fs::write(dir.path().join("a.scenes"), messy).unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("sub/b.scenes"), "title: B\n\nscene b: B\n").unwrap();
    let o = run(dir.path(), &["fmt", "--check", "."]);
    expect_code(&o, 1);
    assert_eq!(
        stdout(&o).trim(),
        Path::new(".").join("a.scenes").display().to_string()
    );
    assert!(
        stderr(&o).contains("1 of 2 files would be reformatted"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.scenes")).unwrap(),
        messy
    );

    let o = run(dir.path(), &["fmt", "."]);
    expect_code(&o, 0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.scenes")).unwrap(),
        "title: T\n\nscene a: A\n  story: 2020\n  hair:  dark\n"
    );
    expect_code(&run(dir.path(), &["fmt", "--check", "."]), 0);
}

#[test]
fn fmt_refuses_a_file_with_syntax_errors() {
    let dir = tempdir();
    let broken = "title: T\nscene a:   A\n  story 2020\n";
    fs::write(dir.path().join("a.scenes"), broken).unwrap();
    for args in [&["fmt", "a.scenes"][..], &["fmt", "--check", "a.scenes"]] {
        let o = run(dir.path(), args);
        expect_code(&o, 1);
        let err = stderr(&o);
        assert!(err.contains("error[E0"), "no diagnostic: {err}");
        assert!(err.contains("a.scenes:3:"), "no location: {err}");
        assert!(err.contains("left as it was"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join("a.scenes")).unwrap(),
            broken
        );
    }
}

#[test]
fn fmt_keeps_crlf_line_endings_and_a_bom() {
    let dir = tempdir();
    let text = "\u{feff}title: T\r\n# a comment\r\nscene a:  A\r\n  story:2020\r\n";
    fs::write(dir.path().join("a.scenes"), text).unwrap();
    expect_code(&run(dir.path(), &["fmt", "a.scenes"]), 0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.scenes")).unwrap(),
        "\u{feff}title: T\r\n\r\n# a comment\r\nscene a: A\r\n  story: 2020\r\n"
    );
}

#[test]
fn fmt_keeps_comments_and_synopsis_where_they_were() {
    let dir = tempdir();
    let text = "\
# The story.


title: T
scene a: A
  screen:0:00..0:01:00
# a margin note between lines
  > A synopsis line.
  # chronotope: allow presence
  story:   2020-1-5
  cast: X
# trailing note about a


scene b: B
  story: after a  by 1d .. 3d
";
    fs::write(dir.path().join("a.scenes"), text).unwrap();
    expect_code(&run(dir.path(), &["fmt", "a.scenes"]), 0);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.scenes")).unwrap(),
        "\
# The story.

title: T

scene a: A
  screen: 00:00:00 .. 00:01:00
# a margin note between lines
  > A synopsis line.
  # chronotope: allow presence
  story:  2020-01-05
  cast:   X
# trailing note about a

scene b: B
  story: after a by 1d..3d
"
    );
}

#[test]
fn fmt_skips_fountain_files_with_a_note() {
    let dir = tempdir();
    let fountain = "INT. FLAT - DAY\n\nSemih wakes.\n";
    fs::write(dir.path().join("a.fountain"), fountain).unwrap();
    let o = run(dir.path(), &["fmt", "a.fountain"]);
    expect_code(&o, 0);
    assert!(
        stderr(&o).contains("skipping `a.fountain`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.fountain")).unwrap(),
        fountain
    );
}

#[test]
fn fmt_reports_a_missing_path() {
    let dir = tempdir();
    let o = run(dir.path(), &["fmt", "nowhere.scenes"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("cannot read `nowhere.scenes`"),
        "{}",
        stderr(&o)
    );
}

// ----- init -------------------------------------------------------------------

#[test]
fn init_writes_an_example_that_checks_clean_orders_and_renders() {
    let dir = tempdir();
    let o = run(dir.path(), &["init", "new-story"]);
    expect_code(&o, 0);
    let file = dir.path().join("new-story/story.scenes");
    let text = fs::read_to_string(&file).expect("init wrote story.scenes");
    assert!(text.starts_with('#'), "the example is commented");
    assert_eq!(text.matches("\nera ").count(), 2, "two eras");
    assert_eq!(text.matches("\nmarker ").count(), 1, "a marker");
    assert_eq!(text.matches("\nscene ").count(), 4, "four scenes");

    let checked = run(dir.path(), &["check", "--deny", "warnings", "new-story"]);
    expect_code(&checked, 0);
    let order = run(dir.path(), &["order", "--format", "json", "new-story"]);
    expect_code(&order, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout(&order)).unwrap();
    let placed: Vec<&str> = json["scenes"]
        .as_array()
        .expect("scenes")
        .iter()
        .filter(|s| s["chrono"].is_u64())
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(placed, ["first-night", "storm", "arrival", "keys"]);
    assert_eq!(json["unplaced"], serde_json::json!([]));
    expect_code(&run(dir.path(), &["fmt", "--check", "new-story"]), 0);
    let rendered = run(dir.path(), &["render", "new-story", "-o", "out"]);
    expect_code(&rendered, 0);
    assert!(dir
        .path()
        .join("out/the-keepers-daughter.lanes.svg")
        .is_file());
}

#[test]
fn init_defaults_to_the_working_directory_and_never_overwrites() {
    let dir = tempdir();
    expect_code(&run(dir.path(), &["init"]), 0);
    let file = dir.path().join("story.scenes");
    fs::write(&file, "title: Mine\n\nscene a: A\n").unwrap();
    let o = run(dir.path(), &["init"]);
    expect_code(&o, 2);
    assert!(
        stderr(&o).contains("`./story.scenes` already exists"),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "title: Mine\n\nscene a: A\n"
    );
}

// ----- completions, man and help ---------------------------------------------

/// The subcommands `chronotope --help` lists (without `help`).
fn subcommands() -> Vec<String> {
    let o = run(&repo(), &["--help"]);
    expect_code(&o, 0);
    let help = stdout(&o);
    let mut names = Vec::new();
    for line in help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
    {
        if line.is_empty() || !line.starts_with("  ") {
            break;
        }
        // Wrapped descriptions are indented further than the names.
        if !line.starts_with("   ") {
            let name = line.split_whitespace().next().unwrap_or_default();
            if name != "help" {
                names.push(name.to_string());
            }
        }
    }
    for expected in ["check", "fmt", "init", "completions", "man"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} not in {names:?}"
        );
    }
    names
}

#[test]
fn completions_mention_every_subcommand_in_every_shell() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&repo(), &["completions", shell]);
        expect_code(&o, 0);
        let script = stdout(&o);
        for name in &names {
            assert!(
                script.contains(name.as_str()),
                "{shell} completions lack {name}"
            );
        }
    }
    let o = run(&repo(), &["completions", "tcsh"]);
    expect_code(&o, 2);
}

#[test]
fn man_page_is_roff_with_every_subcommand_and_its_examples() {
    let o = run(&repo(), &["man"]);
    expect_code(&o, 0);
    let page = stdout(&o);
    assert!(
        page.lines().any(|l| l.starts_with(".TH chronotope 1")),
        "no title line:\n{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains(".SH COMMANDS"));
    for name in subcommands() {
        assert!(
            page.contains(&format!(".SS \"chronotope {name}\"")),
            "man page lacks a section for {name}"
        );
    }
    assert!(page.contains("chronotope fmt story.scenes \\-\\-check"));
}

#[test]
fn every_subcommand_help_has_an_example() {
    for name in subcommands() {
        let o = run(&repo(), &[&name, "--help"]);
        expect_code(&o, 0);
        let help = stdout(&o);
        let example = help
            .lines()
            .skip_while(|l| !l.starts_with("Example"))
            .nth(1)
            .unwrap_or_default();
        assert!(
            example.trim_start().starts_with("chronotope "),
            "`chronotope {name} --help` has no example:\n{help}"
        );
    }
}

// ----- watch ------------------------------------------------------------------

/// Poll `probe` every 50 ms until it gives a value, for at most 10 s.
#[cfg(feature = "watch")]
fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A child process that is killed when the test ends, passing or not.
#[cfg(feature = "watch")]
struct KillOnDrop(std::process::Child);

#[cfg(feature = "watch")]
impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[cfg(feature = "watch")]
#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_svgs_on_a_broken_one() {
    let dir = tempdir();
    let story = |title: &str| format!("title: Watched\n\nscene a: {title}\n  story: 2020\n");
    fs::write(dir.path().join("story.scenes"), story("Before")).unwrap();
    let log = |name: &str| fs::File::create(dir.path().join(name)).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_chronotope"))
        .args(["watch", "story.scenes", "-o", "out"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(log("watch.out"))
        .stderr(log("watch.err"))
        .spawn()
        .expect("start chronotope watch");
    let _child = KillOnDrop(child);
    let err = || fs::read_to_string(dir.path().join("watch.err")).unwrap_or_default();
    let svg_path = dir.path().join("out/watched.lanes.svg");
    let svg = || fs::read_to_string(&svg_path).ok();

    // The first build, after which the watches are in place.
    wait_for("the first build", || {
        err().contains("watching for changes").then_some(())
    });
    let first = svg().expect("the first build drew the story");
    assert!(first.contains("Before"));

    fs::write(dir.path().join("story.scenes"), story("After")).unwrap();
    let second = wait_for("a new SVG after a save", || {
        svg().filter(|s| s != &first && s.contains("After"))
    });

    fs::write(
        dir.path().join("story.scenes"),
        "title: Watched\n\nscene a: Broken\n  story 2020\n",
    )
    .unwrap();
    wait_for("the errors of the broken save", || {
        let e = err();
        (e.contains("error[E0120]") && e.contains("left as it was")).then_some(())
    });
    assert_eq!(
        svg().as_deref(),
        Some(second.as_str()),
        "the last good SVG was replaced"
    );
    assert!(err().contains("story.scenes:4:3"), "{}", err());
}
