//! `chronotope watch`: check and render again whenever a scene file
//! changes.
//!
//! Each build is exactly `render` ([`rebuild`]): the same diagnostics, and a
//! story with syntax or reference errors is not drawn, so a broken save
//! prints its errors and leaves the last good SVGs in place. The watching
//! itself (the `watch` cargo feature, on by default) uses `notify` through
//! `notify-debouncer-mini`, so an editor's burst of writes for one save
//! becomes one build.

use std::path::{Path, PathBuf};

use crate::cli::render::{self, ThemeChoice, ViewChoice};
use crate::cli::Outcome;

/// One build: check `paths` and draw every story free of syntax and
/// reference errors into `out` (both views, light theme), as
/// `chronotope render PATHS -o OUT` does. Stories with such errors keep
/// whatever SVGs `out` already holds.
pub fn rebuild(paths: &[PathBuf], out: &Path) -> Outcome {
    render::run(paths, out, ViewChoice::All, ThemeChoice::Light, false)
}

#[cfg(feature = "watch")]
pub(super) use watching::run;

#[cfg(feature = "watch")]
mod watching {
    use std::collections::{BTreeSet, HashMap};
    use std::path::{Path, PathBuf};
    use std::sync::mpsc;
    use std::time::{Duration, SystemTime};

    use notify_debouncer_mini::new_debouncer;
    use notify_debouncer_mini::notify::RecursiveMode;

    use crate::cli::render::{self, ThemeChoice, ViewChoice};
    use crate::cli::Outcome;

    /// True for a path whose change can change a story: a file the workspace
    /// reads (by extension) or `chronotope.toml`, and not a hidden file (editor
    /// swap and lock files such as `.#story.scenes`).
    pub(super) fn is_story_file(path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        if name.starts_with('.') {
            return false;
        }
        name == "chronotope.toml"
            || path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| crate::workspace::EXTENSIONS.contains(&e))
    }

    /// Quiet time after the last event before a build: long enough to
    /// gather one save's writes, short enough to feel immediate.
    const DEBOUNCE: Duration = Duration::from_millis(250);

    /// Watch until interrupted; returns only if watching cannot start or
    /// the watcher stops.
    pub(in crate::cli) fn run(
        paths: &[PathBuf],
        out: &Path,
        view: ViewChoice,
        theme: ThemeChoice,
        color: bool,
    ) -> Outcome {
        let (tx, rx) = mpsc::channel();
        let mut debouncer = match new_debouncer(DEBOUNCE, tx) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: cannot watch files: {e}");
                return Outcome::Failure;
            }
        };
        // A file is watched through its directory: editors save by writing
        // a new file and renaming it over the old one, which would end a
        // watch on the file itself.
        let mut targets: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
        for path in paths {
            if path.is_dir() {
                targets.insert((path.clone(), true));
            } else {
                targets.insert((parent(path), false));
            }
        }
        for (target, recursive) in &targets {
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = debouncer.watcher().watch(target, mode) {
                eprintln!("error: cannot watch `{}`: {e}", target.display());
                return Outcome::Failure;
            }
        }
        let mut seen = Fingerprints::default();
        for path in paths {
            seen.seed(path);
        }
        // The first build comes after the watches are in place, so no save
        // made after it can be missed.
        render::run(paths, out, view, theme, color);
        eprintln!("watching for changes (Ctrl-C to stop)");
        for result in rx {
            match result {
                Ok(events) => {
                    let mut changed: Vec<&Path> = events
                        .iter()
                        .map(|e| e.path.as_path())
                        .filter(|p| is_story_file(p))
                        .collect();
                    changed.sort();
                    changed.dedup();
                    // Every event is a candidate, reads included (a build
                    // reads every file): only a changed size or time counts.
                    changed.retain(|p| seen.changed(p));
                    if changed.is_empty() {
                        continue;
                    }
                    let names: Vec<String> = changed
                        .iter()
                        .map(|p| {
                            p.file_name()
                                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                        })
                        .collect();
                    eprintln!("\nchanged: {}; checking again", names.join(", "));
                    render::run(paths, out, view, theme, color);
                    eprintln!("watching for changes (Ctrl-C to stop)");
                }
                Err(e) => eprintln!("error: while watching: {e}"),
            }
        }
        eprintln!("error: the file watcher stopped");
        Outcome::Failure
    }

    /// Size and modification time of every story file seen, to tell a save
    /// from the events a mere read raises (inotify reports opens and
    /// closes). `stat` raises no event, so checking never triggers itself.
    #[derive(Default)]
    struct Fingerprints(HashMap<PathBuf, Option<(u64, SystemTime)>>);

    impl Fingerprints {
        /// Record the files `path` names (walking a directory) and each
        /// directory's `chronotope.toml`, before the first build.
        fn seed(&mut self, path: &Path) {
            if path.is_dir() {
                let mut ignored = Vec::new();
                for (dir, files) in crate::workspace::walk(path, &mut ignored) {
                    self.changed(&dir.join("chronotope.toml"));
                    for f in files {
                        self.changed(&f);
                    }
                }
            } else {
                self.changed(path);
                self.changed(&parent(path).join("chronotope.toml"));
            }
        }

        /// Record the file's state; true when it differs from the last one
        /// recorded, or none was.
        fn changed(&mut self, path: &Path) -> bool {
            let now = std::fs::metadata(path)
                .ok()
                .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)));
            self.0.insert(key(path), now) != Some(now)
        }
    }

    /// The directory holding `path`, `.` for a bare file name.
    fn parent(path: &Path) -> PathBuf {
        match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// One spelling per file, whether named on the command line
    /// (`story.scenes`) or by an event (`./story.scenes`, absolute), even
    /// after the file is gone.
    fn key(path: &Path) -> PathBuf {
        let dir = parent(path);
        let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
        dir.join(path.file_name().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "watch")]
    #[test]
    fn only_story_files_trigger_a_build() {
        use watching::is_story_file;
        assert!(is_story_file(Path::new("dir/story.scenes")));
        assert!(is_story_file(Path::new("chronotope.toml")));
        assert!(!is_story_file(Path::new("out/story.lanes.svg")));
        assert!(!is_story_file(Path::new("dir/.#story.scenes")));
        assert!(!is_story_file(Path::new("dir/.story.scenes.swp")));
    }

    #[test]
    fn a_broken_save_keeps_the_last_good_svgs() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("story.scenes");
        let out = dir.path().join("out");
        std::fs::write(&file, "title: Watched\n\nscene a: A\n  story: 2020\n").unwrap();
        assert_eq!(rebuild(std::slice::from_ref(&file), &out), Outcome::Clean);
        let svg = out.join("watched.lanes.svg");
        let good = std::fs::read_to_string(&svg).unwrap();
        std::fs::write(&file, "title: Watched\n\nscene a: A\n  story 2020\n").unwrap();
        assert_eq!(rebuild(&[file], &out), Outcome::Problems);
        assert_eq!(std::fs::read_to_string(&svg).unwrap(), good);
    }
}
