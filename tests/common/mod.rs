//! A small fluent harness that runs the built `chronotope` binary on files
//! written into a fresh temporary directory.
//!
//! ```ignore
//! Test::new()
//!     .file("a.scenes", "scene x Title\n")
//!     .args(&["check", "a.scenes"])
//!     .run()
//!     .status(1)
//!     .error_at("E0102", "a.scenes:1:9");
//! ```

#![allow(dead_code)] // Not every test binary uses every helper.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A command line to run in a temporary directory holding some files.
pub struct Test {
    dir: TempDir,
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
            dir: tempfile::tempdir().expect("create a temporary directory"),
            args: Vec::new(),
        }
    }

    /// Write `contents` to `path` (relative to the directory; parents are
    /// created).
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Test {
        let full = self.dir.path().join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&full, contents).expect("write test file");
        self
    }

    /// Append arguments.
    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    /// The temporary directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// Run the binary with the directory as working directory and
    /// `NO_COLOR=1`.
    pub fn run(self) -> Run {
        let started = Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_chronotope"))
            .args(&self.args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .output()
            .expect("run chronotope");
        Run {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            elapsed: started.elapsed(),
            args: self.args,
            _dir: self.dir,
        }
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
    _dir: TempDir,
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
    pub fn status(self, code: i32) -> Run {
        assert_eq!(
            self.code,
            Some(code),
            "unexpected exit code{}",
            self.context()
        );
        self
    }

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
    pub fn stderr_contains(self, needle: &str) -> Run {
        self.expect(false, needle, true)
    }

    /// Assert stderr does not contain `needle`.
    pub fn stderr_lacks(self, needle: &str) -> Run {
        self.expect(false, needle, false)
    }

    /// Assert stdout contains `needle`.
    pub fn stdout_contains(self, needle: &str) -> Run {
        self.expect(true, needle, true)
    }

    /// Assert the last line of stderr (the summary) equals `summary`.
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
    pub fn error_at(self, code: &str, at: &str) -> Run {
        self.diagnostic_at("error", code, at)
    }

    /// Like [`Run::error_at`] for a warning.
    pub fn warning_at(self, code: &str, at: &str) -> Run {
        self.diagnostic_at("warning", code, at)
    }

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
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}{}", self.context()))
    }

    /// Assert the run took less than `limit`.
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
