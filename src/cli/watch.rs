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

use crate::cli::output::Console;
use crate::cli::render::{self, ThemeChoice, ViewChoice};
use crate::cli::{Env, Outcome, RenderArgs};
use crate::workspace::LoadOptions;

/// One build: check `paths` and draw every story free of syntax and
/// reference errors into `out` (both views, light theme), as
/// `chronotope render PATHS -o OUT` does. Stories with such errors keep
/// whatever SVGs `out` already holds.
pub fn rebuild(paths: &[PathBuf], out: &Path) -> Outcome {
    let args = RenderArgs {
        paths: paths.to_vec(),
        out: out.to_path_buf(),
        view: ViewChoice::All,
        theme: ThemeChoice::Light,
        order: None,
        filter: Default::default(),
        group: None,
        verbose: false,
        format: render::FormatChoice::Svg,
        scale: 1.0,
    };
    let env = Env {
        color: false,
        load: LoadOptions::default(),
    };
    let mut con = Console::std();
    let outcome = render::run(&mut con, &env, &args);
    con.finish(outcome)
}

#[cfg(feature = "watch")]
pub(super) use watching::run;

#[cfg(feature = "watch")]
mod watching {
    use std::collections::{BTreeSet, HashMap};
    use std::path::{Path, PathBuf};
    use std::sync::mpsc;
    use std::time::{Duration, SystemTime};

    use notify_debouncer_mini::notify::{RecursiveMode, Watcher};
    use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

    use crate::cli::output::{shown, Console};
    use crate::cli::render;
    use crate::cli::{Env, Outcome, RenderArgs};

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
        name == "chronotope.toml" || crate::readers::is_story_file(path)
    }

    /// Quiet time after the last event before a build: long enough to
    /// gather one save's writes, short enough to feel immediate.
    const DEBOUNCE: Duration = Duration::from_millis(250);

    /// How often the watched directories are checked for having been
    /// deleted or replaced (a watch dies with its directory).
    const RECHECK: Duration = Duration::from_millis(500);

    /// A watched directory and the identity it had when the watch was set.
    struct Target {
        path: PathBuf,
        recursive: bool,
        identity: Option<Identity>,
    }

    /// Watch until interrupted; returns only if watching cannot start or
    /// the watcher stops.
    pub(in crate::cli) fn run(con: &mut Console, env: &Env, args: &RenderArgs) -> Outcome {
        let (tx, rx) = mpsc::channel();
        let mut debouncer = match new_debouncer(DEBOUNCE, tx) {
            Ok(d) => d,
            Err(e) => {
                con.error(&format!("cannot watch files: {e}"));
                return Outcome::Failure;
            }
        };
        // A file is watched through its directory: editors save by writing
        // a new file and renaming it over the old one, which would end a
        // watch on the file itself.
        let mut set: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
        for path in &args.paths {
            if path.is_dir() {
                set.insert((path.clone(), true));
            } else {
                set.insert((parent(path), false));
            }
        }
        let mut targets: Vec<Target> = set
            .into_iter()
            .map(|(path, recursive)| Target {
                identity: identity(&path),
                path,
                recursive,
            })
            .collect();
        for t in &targets {
            if let Err(e) = watch(&mut debouncer, t) {
                con.error(&format!("cannot watch `{}`: {e}", shown(&t.path)));
                return Outcome::Failure;
            }
        }
        let mut seen = Fingerprints::default();
        for path in &args.paths {
            seen.seed(path);
        }
        // The first build comes after the watches are in place, so no save
        // made after it can be missed.
        build(con, env, args);
        con.eprintln("watching for changes (Ctrl-C to stop)");
        loop {
            let result = match rx.recv_timeout(RECHECK) {
                Ok(result) => result,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if rewatch(con, &mut debouncer, &mut targets) {
                        con.eprintln("\na watched directory came back; checking again");
                        build(con, env, args);
                        con.eprintln("watching for changes (Ctrl-C to stop)");
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            if let Some(names) = changes(result, &mut seen, con) {
                con.eprintln(&format!("\nchanged: {}; checking again", names.join(", ")));
                build(con, env, args);
                con.eprintln("watching for changes (Ctrl-C to stop)");
            }
        }
        con.error("the file watcher stopped");
        Outcome::Failure
    }

    /// One build, exactly `render`'s.
    fn build(con: &mut Console, env: &Env, args: &RenderArgs) {
        let _ = render::run(con, env, args);
    }

    /// Watch one target.
    fn watch<W: Watcher>(
        d: &mut Debouncer<W>,
        t: &Target,
    ) -> notify_debouncer_mini::notify::Result<()> {
        let mode = if t.recursive {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        d.watcher().watch(&t.path, mode)
    }

    /// Check every target: one deleted is reported once; one that is back
    /// (or was replaced by another directory) is watched again. True when a
    /// target came back, so the caller builds again.
    fn rewatch<W: Watcher>(
        con: &mut Console,
        d: &mut Debouncer<W>,
        targets: &mut [Target],
    ) -> bool {
        let mut back = false;
        for t in targets {
            let now = identity(&t.path);
            if now == t.identity {
                continue;
            }
            let _ = d.watcher().unwatch(&t.path);
            t.identity = now;
            if now.is_none() {
                con.eprintln(&format!(
                    "note: `{}` is gone; watching for it to come back",
                    shown(&t.path)
                ));
            } else if let Err(e) = watch(d, t) {
                con.error(&format!("cannot watch `{}` again: {e}", shown(&t.path)));
                t.identity = None;
            } else {
                back = true;
            }
        }
        back
    }

    /// The names of the story files an event batch changed, if any.
    fn changes(
        result: DebounceEventResult,
        seen: &mut Fingerprints,
        con: &mut Console,
    ) -> Option<Vec<String>> {
        let events = match result {
            Ok(events) => events,
            Err(e) => {
                con.error(&format!("while watching: {e}"));
                return None;
            }
        };
        let mut changed: Vec<&Path> = events
            .iter()
            .map(|e| e.path.as_path())
            .filter(|p| is_story_file(p))
            .collect();
        changed.sort();
        changed.dedup();
        // Every event is a candidate, reads included (a build reads every
        // file): only a changed size or time counts.
        changed.retain(|p| seen.changed(p));
        if changed.is_empty() {
            return None;
        }
        let names = changed
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or_else(String::new, |n| shown(Path::new(n)))
            })
            .collect();
        Some(names)
    }

    /// What makes a directory the same one: device and inode on Unix,
    /// existence elsewhere.
    type Identity = (u64, u64);

    fn identity(path: &Path) -> Option<Identity> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some((meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            Some((0, 0))
        }
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
