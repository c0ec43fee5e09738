//! One test per hardening finding (issue 19, items 1, 2, 5 and 7, and the
//! command-line edges of issue 11 item 4): broken and full output streams,
//! links and special files, bounded reads, and the edges of `report`,
//! `render`, `watch`, `import` and `check`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{repo, Test};

const STORY: &str =
    "title: Small\n\nscene a: A\n  story: 2020-01-01\n\nscene b: B\n  story: after a by 1d\n";

/// The binary, run in `dir` without colour.
fn chronotope(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_chronotope"));
    c.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    c
}

/// Run with standard output on `/dev/full`, where every write fails.
fn with_full_stdout(dir: &Path, args: &[&str]) -> Output {
    let full = fs::File::options().write(true).open("/dev/full").unwrap();
    chronotope(dir, args)
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scenes() -> PathBuf {
    repo().join("scenes")
}

/// Every bundled story's drawings: as many as `output/` holds, which CI
/// keeps equal to a fresh render of `scenes/`.
fn bundled_svgs() -> usize {
    svg_count(&repo().join("output"))
}

fn svg_count(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".svg"))
            })
            .count()
        })
        .unwrap_or(0)
}

/// Item 1: every command that prints, with standard output full, exits 2
/// with one line on standard error (no panic, exit 101).
#[test]
fn a_full_stdout_is_an_error_with_one_line_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("s.scenes"), STORY).unwrap();
    let runs: &[&[&str]] = &[
        &["order", "s.scenes"],
        &["stats", "s.scenes"],
        &["export", "s.scenes"],
        &["check", "s.scenes", "--format", "json"],
        &["check", "s.scenes", "--format", "junit"],
        &["explain", "E0301"],
        &["completions", "bash"],
        &["man"],
        &["init", "new"],
        &["render", "s.scenes", "-o", "out"],
        &["--help"],
    ];
    for args in runs {
        let o = with_full_stdout(dir.path(), args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        let failures: Vec<&str> = err
            .lines()
            .filter(|l| l.contains("cannot write to standard output"))
            .collect();
        assert_eq!(failures.len(), 1, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// Item 1: files are written whatever happens to standard output.
#[test]
fn render_writes_every_file_when_stdout_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("full");
    let o = with_full_stdout(
        dir.path(),
        &["render", scenes().to_str().unwrap(), "-o", "full"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(svg_count(&out), bundled_svgs());
}

/// Item 1: a reader that goes away (`| head -1`) ends the output quietly;
/// the files are all written and the run keeps its own exit status.
#[test]
fn a_closed_pipe_ends_quietly_and_render_still_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = chronotope(
        dir.path(),
        &["render", scenes().to_str().unwrap(), "-o", "out"],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .unwrap();
    // Close the reading end before render prints its first path.
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked") && !err.contains("error"), "{err}");
    assert_eq!(svg_count(&dir.path().join("out")), bundled_svgs());
}

/// Item 1: standard error failing ends the run with exit 2 and no panic.
#[test]
fn a_full_stderr_exits_2_silently() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.scenes"), "title: T\n\nscene a A\n").unwrap();
    let full = fs::File::options().write(true).open("/dev/full").unwrap();
    let o = chronotope(dir.path(), &["check", "bad.scenes"])
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Item 2: a companion that is a link to a file outside the story is not
/// read, and not one line of it is shown.
#[cfg(unix)]
#[test]
fn a_symlinked_companion_is_never_read() {
    let t = Test::new()
        .file("outside/secret.key", "TOP-SECRET-LINE\nanother\n")
        .file(
            "story/film.fountain",
            "Title: Film\n\nINT. ROOM - DAY\n\nSomeone waits.\n",
        );
    symlink(
        &t.dir().join("outside/secret.key"),
        &t.dir().join("story/film.scenes"),
    );
    for path in ["story/film.fountain", "story"] {
        let o = chronotope(t.dir(), &["check", path]).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("symbolic link"), "{err}");
        assert!(!err.contains("TOP-SECRET"), "{err}");
    }
    let o = chronotope(t.dir(), &["report", "story/film.fountain", "-o", "r.html"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!t.dir().join("r.html").exists());
}

/// Item 2: `chronotope.toml` is read only if it is a regular file.
#[cfg(unix)]
#[test]
fn a_symlinked_config_is_not_read() {
    let t = Test::new()
        .file("outside/chronotope.toml", "[rules]\nW0409 = \"allow\"\n")
        .file("story/s.scenes", STORY);
    symlink(
        &t.dir().join("outside/chronotope.toml"),
        &t.dir().join("story/chronotope.toml"),
    );
    t.args(&["check", "story"])
        .run()
        .status(1)
        .stderr_contains("error[E0416]")
        .stderr_contains("symbolic link");
}

/// Item 2: a FIFO where a companion would be is refused, not opened (an
/// open would wait for a writer forever).
#[cfg(unix)]
#[test]
fn a_fifo_companion_is_refused_without_blocking() {
    let t = Test::new().file(
        "story/film.fountain",
        "Title: Film\n\nINT. ROOM - DAY\n\nSomeone waits.\n",
    );
    let made = Command::new("mkfifo")
        .arg(t.dir().join("story/film.scenes"))
        .status()
        .unwrap();
    assert!(made.success());
    t.args(&["check", "story/film.fountain"])
        .run()
        .status(2)
        .stderr_contains("not a regular file")
        .faster_than(Duration::from_secs(10));
}

/// Item 2: `-o` targets that exist and are not regular files are refused
/// with exit 2, and nothing behind them changes.
#[cfg(unix)]
#[test]
fn output_targets_that_are_not_regular_files_are_refused() {
    let t = Test::new()
        .file("s.scenes", STORY)
        .file("film.fountain", "Title: F\n\nINT. ROOM - DAY\n\nWaiting.\n")
        .file("victim.txt", "keep me")
        .file("a-file", "not a directory");
    let dir = t.dir().to_path_buf();
    symlink(&dir.join("victim.txt"), &dir.join("link.html"));
    symlink(&dir.join("gone.txt"), &dir.join("dangling.scenes"));
    assert!(Command::new("mkfifo")
        .arg(dir.join("fifo"))
        .status()
        .unwrap()
        .success());
    let refused: &[&[&str]] = &[
        &["report", "s.scenes", "-o", "link.html"],
        &["report", "s.scenes", "-o", "fifo"],
        &["report", "s.scenes", "-o", "/dev/null"],
        &["import", "film.fountain", "-o", "link.html", "--force"],
        &[
            "import",
            "film.fountain",
            "-o",
            "dangling.scenes",
            "--force",
        ],
        &["import", "film.fountain", "-o", "fifo", "--force"],
        &["render", "s.scenes", "-o", "a-file"],
    ];
    for args in refused {
        let o = chronotope(&dir, args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).starts_with("error: "),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(
        fs::read_to_string(dir.join("victim.txt")).unwrap(),
        "keep me"
    );
    assert!(
        !dir.join("gone.txt").exists(),
        "nothing written through the dangling link"
    );
    assert_eq!(
        fs::read_to_string(dir.join("a-file")).unwrap(),
        "not a directory"
    );
}

/// Item 2: `--baseline` is written like every other output: never through
/// a link (a dangling one included), and whole, through a temporary file
/// and a rename that leaves nothing behind.
#[cfg(unix)]
#[test]
fn the_baseline_is_never_written_through_a_link() {
    let t = Test::new().file(
        "s.scenes",
        "title: T\n\nscene a: A\n  story: 2020\n\nscene b: B\n",
    );
    let dir = t.dir().to_path_buf();
    symlink(&dir.join("gone.json"), &dir.join("dangling.json"));
    let o = chronotope(&dir, &["check", "s.scenes", "--baseline", "dangling.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(!dir.join("gone.json").exists(), "written through the link");
    let _run = t
        .args(&["check", "s.scenes", "--baseline", "base.json"])
        .run()
        .status(0)
        .stderr_contains("wrote baseline `base.json`");
    let text = fs::read_to_string(dir.join("base.json")).unwrap();
    assert!(text.ends_with("}\n"), "{text}");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["base.json", "dangling.json", "s.scenes"]);
}

/// Item 2: `fmt` keeps a file's hard links and permissions (it writes in
/// place when a rename would split them).
#[cfg(unix)]
#[test]
fn fmt_keeps_hard_links_and_permissions() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let t = Test::new().file("s.scenes", "title:   T\n\nscene a:  A\n    story: 2020\n");
    let dir = t.dir().to_path_buf();
    let file = dir.join("s.scenes");
    fs::set_permissions(&file, fs::Permissions::from_mode(0o604)).unwrap();
    fs::hard_link(&file, dir.join("twin.txt")).unwrap();
    let ino = fs::metadata(&file).unwrap().ino();
    let _run = t.args(&["fmt", "s.scenes"]).run().status(0);
    let meta = fs::metadata(&file).unwrap();
    assert_eq!(meta.ino(), ino);
    assert_eq!(meta.nlink(), 2);
    assert_eq!(meta.permissions().mode() & 0o777, 0o604);
    let formatted = fs::read_to_string(&file).unwrap();
    assert!(formatted.contains("\n  story: 2020"), "{formatted}");
    assert_eq!(fs::read_to_string(dir.join("twin.txt")).unwrap(), formatted);
}

/// Item 5: a device is refused at once, not read until memory runs out.
#[cfg(unix)]
#[test]
fn check_dev_zero_fails_fast() {
    for args in [&["check", "/dev/zero"][..], &["order", "/dev/zero"][..]] {
        Test::new()
            .args(args)
            .run()
            .status(2)
            .stderr_contains("cannot read `/dev/zero`")
            .faster_than(Duration::from_secs(5));
    }
    let zero = fs::File::open("/dev/zero").unwrap();
    let started = Instant::now();
    let o = chronotope(&repo(), &["check", "-"])
        .stdin(zero)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// Item 5: a file larger than 4 GiB is refused before it is read (a sparse
/// file: nothing is written to disk).
#[test]
fn a_file_over_4_gib_fails_fast() {
    let t = Test::new();
    let big = fs::File::create(t.dir().join("big.scenes")).unwrap();
    big.set_len(4_600_000_000).unwrap();
    t.args(&["check", "big.scenes"])
        .run()
        .status(2)
        .stderr_contains("larger than the 4 GiB limit")
        .faster_than(Duration::from_secs(5));
}

/// Item 7: `report` exits as `check` does: a file that is not UTF-8 is a
/// problem in the input (1), shown as a diagnostic.
#[test]
fn report_on_invalid_utf8_exits_1_with_the_diagnostic() {
    Test::new()
        .file("bad.scenes", b"title: T\n\xff\xfe\n".as_slice())
        .args(&["report", "bad.scenes", "-o", "r.html"])
        .run()
        .status(1)
        .stderr_contains("error[E0001]");
}

/// Item 7: a 300-character title renders and reports; two such titles that
/// share their beginning get two files.
#[test]
fn a_300_character_title_renders() {
    let long = "Long ".repeat(60);
    let one = STORY.replace("title: Small", &format!("title: {long}one"));
    let two = STORY.replace("title: Small", &format!("title: {long}two"));
    let t = Test::new()
        .file("stories/one.scenes", &one)
        .file("stories/two.scenes", &two);
    let dir = t.dir().to_path_buf();
    // The run holds the directory: keep it while looking inside.
    let _run = t.args(&["render", "stories", "-o", "out"]).run().status(0);
    assert_eq!(svg_count(&dir.join("out")), 6);
    let o = chronotope(&dir, &["report", "stories", "-o", "pages"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_dir(dir.join("pages")).unwrap().count(), 2);
}

/// Item 7: `report one.scenes -o newdir/` makes the directory.
#[test]
fn report_into_a_new_directory() {
    let t = Test::new().file("one.scenes", STORY);
    let dir = t.dir().to_path_buf();
    let _run = t
        .args(&["report", "one.scenes", "-o", "newdir/"])
        .run()
        .status(0)
        .stdout_contains("small.html");
    assert!(dir.join("newdir/small.html").is_file());
}

/// Item 7: `import` refuses a scene file as its source (exit 2), writing
/// nothing.
#[test]
fn import_refuses_a_scene_file() {
    let t = Test::new().file("s.scenes", STORY);
    let dir = t.dir().to_path_buf();
    let _run = t
        .args(&["import", "s.scenes", "-o", "out.scenes"])
        .run()
        .status(2)
        .stderr_contains("already a scene file");
    assert!(!dir.join("out.scenes").exists());
}

/// Item 7: `watch` notices its directory deleted and made again, and
/// builds from the new one.
#[cfg(feature = "watch")]
#[test]
fn watch_follows_its_directory_back() {
    let dir = tempfile::tempdir().unwrap();
    let story = dir.path().join("w");
    fs::create_dir(&story).unwrap();
    fs::write(story.join("s.scenes"), STORY).unwrap();
    let mut child = chronotope(dir.path(), &["watch", "w", "-o", "out"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |path: &Path| {
        let started = Instant::now();
        while !path.exists() && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(100));
        }
        path.exists()
    };
    let first = wait_for(&dir.path().join("out/small.lanes.svg"));
    fs::remove_dir_all(&story).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    fs::create_dir(&story).unwrap();
    fs::write(
        story.join("s.scenes"),
        STORY.replace("title: Small", "title: Back"),
    )
    .unwrap();
    let back = wait_for(&dir.path().join("out/back.lanes.svg"));
    let _ = child.kill();
    let _ = child.wait();
    assert!(first, "the first build");
    assert!(back, "a build after the directory came back");
}

/// Issue 11 item 4: a path that yields no story is an error (exit 2), not
/// "no problems in 0 files".
#[test]
fn a_directory_without_a_story_exits_2() {
    Test::new()
        .file("empty/notes.txt", "nothing here")
        .args(&["check", "empty"])
        .run()
        .status(2)
        .stderr_contains("no story in `empty`")
        .stderr_lacks("no problems");
}

/// Issue 11 item 4: `check -` reads standard input as a scene file named
/// `<stdin>`.
#[test]
fn check_dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = chronotope(dir.path(), &["check", "-"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"title: T\n\nscene a A\n").unwrap();
    }
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("--> <stdin>:3:"), "{err}");
}

/// Terminal sanitising: a title with an escape sequence is shown escaped
/// in render's "not drawn" note.
#[test]
fn titles_printed_to_the_terminal_are_escaped() {
    Test::new()
        .file(
            "s.scenes",
            "title: Red\u{1b}[31mAlert\n\nscene a: A\n  story: after nowhere\n",
        )
        .args(&["render", "s.scenes", "-o", "out"])
        .run()
        .status(1)
        .stderr_contains("note: Red\\u{1b}[31mAlert not drawn")
        .stderr_lacks("\u{1b}");
}
