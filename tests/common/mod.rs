//! A small fluent harness that runs the built `chronotope` binary on files
//! written into a fresh temporary directory, in the manner of just's test
//! harness.
//!
//! The exact way, for new tests: each [`Test::cmd`] is one step, checked
//! when it runs against exactly what it expects. Exit code 0 and empty
//! stdout and stderr unless the step says otherwise; `*_contains` and
//! `*_any` are the explicit ways to check less. One `Test` runs as many
//! steps as it likes in its directory:
//!
//! ```ignore
//! let t = Test::new().file("a.scenes", "scene x Title\n");
//! t.cmd(&["fmt", "--check", "a.scenes"]).status(1).stderr_contains("E0102").run();
//! t.cmd(&["explain", "E0102"]).stdout_any().run();
//! ```
//!
//! The older way, still supported: [`Test::run`] gives a [`Run`] to assert
//! on piece by piece.
//!
//! ```ignore
//! Test::new()
//!     .file("a.scenes", "scene x Title\n")
//!     .args(&["check", "a.scenes"])
//!     .run()
//!     .status(1)
//!     .error_at("E0102", "a.scenes:1:9");
//! ```
//!
//! Every assertion is `#[track_caller]`, so a failure points at the test's
//! line, and prints the command, its exit code and both streams.

#![allow(dead_code)] // Not every test binary uses every helper.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A temporary directory holding some files, and the arguments of
/// [`Test::run`].
#[must_use = "a Test does nothing until a command runs in it"]
pub struct Test {
    /// Shared with every [`Run`], which keeps it alive.
    dir: Arc<TempDir>,
    args: Vec<String>,
}

impl Default for Test {
    fn default() -> Self {
        Test::new()
    }
}

impl Test {
    /// An empty temporary directory and no arguments.
    pub fn new() -> Test {
        Test {
            dir: Arc::new(tempfile::tempdir().expect("create a temporary directory")),
            args: Vec::new(),
        }
    }

    /// Write `contents` to `path` (relative to the directory; parents are
    /// created).
    #[track_caller]
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Test {
        self.write(path, contents);
        self
    }

    /// Write `contents` to `path` between steps.
    #[track_caller]
    pub fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let full = self.dir.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&full, contents).expect("write test file");
    }

    /// Read `path` (relative to the directory) as text.
    #[track_caller]
    pub fn read(&self, path: &str) -> String {
        let full = self.dir.path().join(path);
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("read {}: {e}", full.display()))
    }

    /// Append arguments (for [`Test::run`]).
    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// The temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The binary with these arguments, to run in the directory with
    /// `NO_COLOR=1` and without stage timings (a developer measuring with
    /// `CHRONOTOPE_TIMINGS` set would otherwise see every stderr check
    /// fail).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_chronotope"));
        command
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CHRONOTOPE_TIMINGS");
        command
    }

    /// Start the binary in the directory with piped stdin and stdout (for
    /// a conversation, as with `lsp`); stderr goes to the test's.
    #[track_caller]
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start chronotope")
    }

    /// One step: the binary with `args`, expected to exit 0 with nothing
    /// on stdout or stderr unless the step says otherwise.
    pub fn cmd(&self, args: &[&str]) -> Step<'_> {
        Step {
            test: self,
            args: args.iter().map(|a| a.to_string()).collect(),
            stdin: Vec::new(),
            status: 0,
            stdout: Expect::default(),
            stderr: Expect::default(),
        }
    }

    /// Run the binary with the arguments given by [`Test::args`], with the
    /// directory as working directory and `NO_COLOR=1`.
    #[must_use = "a run nobody asserts on cannot fail: assert on it, or use `cmd`"]
    #[track_caller]
    pub fn run(&self) -> Run {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        self.execute(&args, &[])
    }

    #[track_caller]
    fn execute(&self, args: &[&str], stdin: &[u8]) -> Run {
        let started = Instant::now();
        let mut child = self
            .command(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run chronotope");
        let mut input = child.stdin.take().expect("stdin is piped");
        let stdin = stdin.to_vec();
        // On a thread, so a command that writes much before it reads cannot
        // block on a full pipe. It may exit without reading: a closed pipe
        // is its business, and its exit code tells.
        let writer = std::thread::spawn(move || {
            let _ = input.write_all(&stdin);
        });
        let output = child.wait_with_output().expect("run chronotope");
        writer.join().expect("write stdin");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            elapsed: started.elapsed(),
            args: args.iter().map(|a| a.to_string()).collect(),
            _dir: Arc::clone(&self.dir),
        }
    }
}

/// What a step expects on one stream.
#[derive(Clone, Debug)]
enum Expect {
    /// Exactly this text.
    Exact(String),
    /// Each of these pieces, anywhere.
    Contains(Vec<String>),
    /// Anything at all (checked by other means, or not at all on purpose).
    Any,
}

impl Default for Expect {
    fn default() -> Expect {
        Expect::Exact(String::new())
    }
}

impl Expect {
    fn contains(&mut self, needle: &str) {
        match self {
            Expect::Contains(all) => all.push(needle.to_string()),
            _ => *self = Expect::Contains(vec![needle.to_string()]),
        }
    }

    /// What is wrong with `text`, if anything.
    fn check(&self, text: &str) -> Option<String> {
        match self {
            Expect::Exact(want) if want != text => Some(format!("expected exactly:\n{want}")),
            Expect::Contains(all) => all
                .iter()
                .find(|n| !text.contains(n.as_str()))
                .map(|n| format!("lacks {n:?}")),
            _ => None,
        }
    }
}

/// One command of a [`Test`] and everything it should do; checked by
/// [`Step::run`].
#[must_use = "a step checks nothing until `.run()`"]
pub struct Step<'a> {
    test: &'a Test,
    args: Vec<String>,
    stdin: Vec<u8>,
    status: i32,
    stdout: Expect,
    stderr: Expect,
}

impl Step<'_> {
    /// Feed this to standard input.
    pub fn stdin(mut self, input: impl AsRef<[u8]>) -> Self {
        self.stdin = input.as_ref().to_vec();
        self
    }

    /// Expect this exit code (0 unless set).
    pub fn status(mut self, code: i32) -> Self {
        self.status = code;
        self
    }

    /// Expect exactly this on stdout (empty unless set).
    pub fn stdout(mut self, text: &str) -> Self {
        self.stdout = Expect::Exact(text.to_string());
        self
    }

    /// Expect exactly this on stderr (empty unless set).
    pub fn stderr(mut self, text: &str) -> Self {
        self.stderr = Expect::Exact(text.to_string());
        self
    }

    /// Check only that stdout contains `needle` (each call adds one).
    pub fn stdout_contains(mut self, needle: &str) -> Self {
        self.stdout.contains(needle);
        self
    }

    /// Check only that stderr contains `needle` (each call adds one).
    pub fn stderr_contains(mut self, needle: &str) -> Self {
        self.stderr.contains(needle);
        self
    }

    /// Do not check stdout (the test looks at [`Run::stdout`] itself).
    pub fn stdout_any(mut self) -> Self {
        self.stdout = Expect::Any;
        self
    }

    /// Do not check stderr.
    pub fn stderr_any(mut self) -> Self {
        self.stderr = Expect::Any;
        self
    }

    /// Run the command and check the exit code and both streams; the run
    /// is returned for more checks.
    #[track_caller]
    pub fn run(self) -> Run {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        let run = self.test.execute(&args, &self.stdin);
        assert_eq!(
            run.code,
            Some(self.status),
            "unexpected exit code{}",
            run.context()
        );
        for (name, expect, text) in [
            ("stdout", &self.stdout, &run.stdout),
            ("stderr", &self.stderr, &run.stderr),
        ] {
            if let Some(problem) = expect.check(text) {
                panic!("{name} is not as expected: {problem}{}", run.context());
            }
        }
        run
    }
}

/// A finished run, with assertions that return `self` for chaining.
pub struct Run {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    /// Everything written to stdout.
    pub stdout: String,
    /// Everything written to stderr.
    pub stderr: String,
    /// Wall-clock time of the run.
    pub elapsed: Duration,
    args: Vec<String>,
    _dir: Arc<TempDir>,
}

impl Run {
    fn context(&self) -> String {
        format!(
            "\n--- args: {:?}\n--- exit: {:?}\n--- stdout:\n{}\n--- stderr:\n{}",
            self.args,
            self.code,
            clip(&self.stdout),
            clip(&self.stderr)
        )
    }

    /// Assert the exit code.
    #[track_caller]
    pub fn status(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code{}",
            self.context()
        );
        self
    }

    #[track_caller]
    fn expect(self, stdout: bool, needle: &str, present: bool) -> Run {
        let (name, text) = if stdout {
            ("stdout", &self.stdout)
        } else {
            ("stderr", &self.stderr)
        };
        let verb = if present {
            "lacks"
        } else {
            "unexpectedly contains"
        };
        assert!(
            text.contains(needle) == present,
            "{name} {verb} {needle:?}{}",
            self.context()
        );
        self
    }

    /// Assert stderr contains `needle`.
    #[track_caller]
    pub fn stderr_contains(self, needle: &str) -> Run {
        self.expect(false, needle, true)
    }

    /// Assert stderr does not contain `needle`.
    #[track_caller]
    pub fn stderr_lacks(self, needle: &str) -> Run {
        self.expect(false, needle, false)
    }

    /// Assert stdout contains `needle`.
    #[track_caller]
    pub fn stdout_contains(self, needle: &str) -> Run {
        self.expect(true, needle, true)
    }

    /// Assert the last line of stderr (the summary) equals `summary`.
    #[track_caller]
    pub fn summary(self, summary: &str) -> Run {
        assert_eq!(
            self.stderr.trim_end().lines().last(),
            Some(summary),
            "unexpected summary line{}",
            self.context()
        );
        self
    }

    /// Assert the human output has a diagnostic with `code` (e.g. `E0102`)
    /// whose primary location is exactly `at` (`file:line:column`).
    #[track_caller]
    pub fn error_at(self, code: &str, at: &str) -> Run {
        self.diagnostic_at("error", code, at)
    }

    /// Like [`Run::error_at`] for a warning.
    #[track_caller]
    pub fn warning_at(self, code: &str, at: &str) -> Run {
        self.diagnostic_at("warning", code, at)
    }

    #[track_caller]
    fn diagnostic_at(self, severity: &str, code: &str, at: &str) -> Run {
        let found = self.locations(severity, code);
        assert!(
            found.iter().any(|l| l == at),
            "no {severity}[{code}] at {at}; found it at {found:?}{}",
            self.context()
        );
        self
    }

    /// Primary locations of every `severity[code]` diagnostic on stderr: the
    /// first ` --> ` line after each header.
    pub fn locations(&self, severity: &str, code: &str) -> Vec<String> {
        let header = format!("{severity}[{code}]:");
        let mut out = Vec::new();
        let mut lines = self.stderr.lines();
        while let Some(line) = lines.next() {
            if line.starts_with(&header) {
                let arrow = lines
                    .by_ref()
                    .find_map(|l| l.trim_start().strip_prefix("--> "));
                if let Some(at) = arrow {
                    out.push(at.to_string());
                }
            }
        }
        out
    }

    /// Number of diagnostics of any severity with this code.
    pub fn count(&self, code: &str) -> usize {
        self.stderr.matches(&format!("[{code}]:")).count()
    }

    /// Parse stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}{}", self.context()))
    }

    /// Assert the run took less than `limit`.
    #[track_caller]
    pub fn faster_than(self, limit: Duration) -> Run {
        assert!(
            self.elapsed < limit,
            "took {:?}, limit {limit:?}{}",
            self.elapsed,
            self.context()
        );
        self
    }
}

fn clip(s: &str) -> String {
    const MAX: usize = 4000;
    if s.len() <= MAX {
        s.to_string()
    } else {
        let mut cut = MAX;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        format!("{}… ({} bytes in all)", &s[..cut], s.len())
    }
}

/// The repository root, for tests on the bundled stories.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A page loaded in headless Chromium: the DOM after load, the console
/// lines the browser logged, and its log when it failed. Panics when no
/// Chromium is installed (the tests that call this are `#[ignore]`d and run
/// where `.ci/run` installs one).
pub struct BrowserRun {
    /// The document after loading, as `--dump-dom` prints it.
    pub dom: String,
    /// Lines the page logged to the console (errors among them).
    pub console: Vec<String>,
    /// Whether the browser exited successfully.
    pub success: bool,
    /// The browser's log, for messages.
    pub log: String,
}

/// Load `page` in headless Chromium, in dark mode when `dark`.
pub fn chromium(page: &Path, dark: bool) -> BrowserRun {
    let browser = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect("no chromium on this machine (`apt-get install chromium`)");
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        "--dump-dom",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()));
    if dark {
        cmd.arg("--force-dark-mode");
    }
    let out = cmd
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    BrowserRun {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console: log
            .lines()
            .filter(|l| l.contains(":CONSOLE"))
            .map(str::to_string)
            .collect(),
        success: out.status.success(),
        log,
    }
}
