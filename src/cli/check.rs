//! `chronotope check`.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::cli::{print_io_errors, DiagnosticFormat, Outcome};
use crate::continuity::{self, baseline, config, Level};
use crate::diagnostics::paths::Paths;
use crate::diagnostics::{
    self, github, human, json, junit, sarif, Code, Diagnostic, Severity, Tally,
};
use crate::engine::{self, Chronology};
use crate::span::FileId;
use crate::text::plural;
use crate::workspace::{LoadedStory, Workspace};

/// What `check` takes beyond the paths and format.
#[derive(Clone, Debug, Default)]
pub(super) struct Options {
    /// Rule levels from the command line, applied in order after
    /// `chronotope.toml` (`--allow`, then `--warn`, then `--deny`).
    pub rules: Vec<(String, Level)>,
    /// `--deny warnings`: warnings make the run exit 1.
    pub deny_warnings: bool,
    /// `--baseline FILE`.
    pub baseline: Option<PathBuf>,
    /// `--root DIR`: paths in machine formats are relative to it.
    pub root: Option<PathBuf>,
}

impl Options {
    /// Collect `--allow`, `--warn` and `--deny` values; `warnings` after
    /// `--deny` is the flag, not a rule. Unknown rule names are usage
    /// errors.
    pub fn new(allow: &[String], warn: &[String], deny: &[String]) -> Result<Options, String> {
        let mut o = Options::default();
        let mut probe = continuity::Config::default();
        let groups = [
            (allow, Level::Allow),
            (warn, Level::Warn),
            (deny, Level::Error),
        ];
        for (names, level) in groups {
            for name in names.iter().flat_map(|n| n.split(',')) {
                let name = name.trim();
                if level == Level::Error && name == "warnings" {
                    o.deny_warnings = true;
                    continue;
                }
                probe.set(name, level)?;
                o.rules.push((name.to_string(), level));
            }
        }
        Ok(o)
    }
}

/// Every diagnostic `check` reports for a workspace, and the chronology of
/// each story the engine could run on (`None` for a story with syntax or
/// reference errors). `render` shares this, so both commands report the
/// same problems. Rule levels come from each story's `chronotope.toml`.
pub(crate) fn diagnose(
    ws: &Workspace,
) -> (Vec<Diagnostic>, Vec<(LoadedStory, Option<Chronology>)>) {
    diagnose_stories(ws, ws.resolve(), &[])
}

/// [`diagnose`] for commands that need no syntax tree afterwards: the trees
/// are freed while the stories resolve (see [`Workspace::resolve_owned`]).
pub(crate) fn diagnose_owned(
    ws: &mut Workspace,
    rules: &[(String, Level)],
) -> (Vec<Diagnostic>, Vec<(LoadedStory, Option<Chronology>)>) {
    let loaded = ws.resolve_owned();
    diagnose_stories(ws, loaded, rules)
}

/// [`diagnose`] of stories already resolved, with command-line rule levels
/// on top of `chronotope.toml`.
fn diagnose_stories(
    ws: &Workspace,
    resolved: Vec<LoadedStory>,
    rules: &[(String, Level)],
) -> (Vec<Diagnostic>, Vec<(LoadedStory, Option<Chronology>)>) {
    let mut all: Vec<Diagnostic> = ws.diagnostics.clone();
    // Files whose text did not parse cleanly: a story in them has lost
    // constraints, so the engine would report consequences, not causes.
    let broken: HashSet<FileId> = ws
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter_map(|d| d.main_span().map(|s| s.file))
        .collect();
    let mut stories = Vec::new();
    let mut config_errors: HashSet<String> = HashSet::new();
    for loaded in resolved {
        let has_errors = loaded.story.files.iter().any(|f| broken.contains(f))
            || loaded
                .diagnostics
                .iter()
                .any(|d| d.severity() == Severity::Error);
        all.extend(loaded.diagnostics.iter().cloned());
        // The engine runs only on stories whose names all resolved: a
        // missing reference would otherwise surface again as odd bounds.
        let chronology = (!has_errors).then(|| {
            let (mut config, problem) = config::for_story(&loaded.story, &ws.sources);
            if let Some(d) = problem {
                // Stories of one directory share the file: report it once.
                if config_errors.insert(d.message.clone()) {
                    all.push(d);
                }
            }
            for (name, level) in rules {
                // Validated by `Options::new`.
                let _ = config.set(name, *level);
            }
            let chronology = engine::analyze(&loaded.story, &ws.sources);
            all.extend(continuity::check(
                &loaded.story,
                &chronology,
                &ws.sources,
                &config,
            ));
            chronology
        });
        stories.push((loaded, chronology));
    }
    diagnostics::sort(&mut all);
    (all, stories)
}

/// Print diagnostics and the summary as `check` does; return the outcome
/// they imply.
pub(super) fn report(
    ws: &Workspace,
    all: &[Diagnostic],
    format: DiagnosticFormat,
    color: bool,
) -> Outcome {
    report_with(ws, all, format, color, &Paths::default(), false)
}

/// [`report`] with paths relative to a root, and `--deny warnings`.
pub(super) fn report_with(
    ws: &Workspace,
    all: &[Diagnostic],
    format: DiagnosticFormat,
    color: bool,
    paths: &Paths,
    deny_warnings: bool,
) -> Outcome {
    let tally = Tally::of(all);
    match format {
        DiagnosticFormat::Human => {
            let style = human::Style { color, width: 100 };
            eprint!("{}", human::render_all(&ws.sources, all, style));
            print_io_errors(&ws.io_errors);
            // After an I/O error "no problems in 0 files" would read as an
            // all-clear; say what was not read instead.
            if ws.io_errors.is_empty() || tally.errors + tally.warnings > 0 || ws.file_count() > 0 {
                eprintln!("{}", tally.summary(ws.file_count()));
            }
            if !ws.io_errors.is_empty() {
                let n = ws.io_errors.len();
                eprintln!("{} could not be read", plural(n, "path", "paths"));
            }
        }
        DiagnosticFormat::Json => {
            print!(
                "{}",
                json::report_with(&ws.sources, all, ws.file_count(), paths)
            );
            print_io_errors(&ws.io_errors);
        }
        DiagnosticFormat::Github => {
            print!("{}", github::report(&ws.sources, all, paths));
            print_io_errors(&ws.io_errors);
        }
        DiagnosticFormat::Sarif => {
            print!("{}", sarif::report(&ws.sources, all, paths));
            print_io_errors(&ws.io_errors);
        }
        DiagnosticFormat::Junit => {
            let rules: Vec<Code> = config::rules()
                .map(|r| r.id)
                .filter(|c| config::default_level(c.as_str()) != Level::Allow)
                .collect();
            print!("{}", junit::report(&ws.sources, all, paths, &rules));
            print_io_errors(&ws.io_errors);
        }
    }
    if !ws.io_errors.is_empty() {
        Outcome::Failure
    } else if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}

pub(super) fn run(
    paths: &[PathBuf],
    format: DiagnosticFormat,
    color: bool,
    options: &Options,
) -> Outcome {
    let mut ws = Workspace::load(paths);
    let (mut all, stories) = diagnose_owned(&mut ws, &options.rules);
    let paths = Paths::new(options.root.as_deref());
    if let Some(file) = &options.baseline {
        let index = baseline::SceneIndex::new(stories.iter().map(|(l, _)| &l.story));
        let entries: Vec<baseline::Entry> = all
            .iter()
            .map(|d| {
                let (path, scene) = match d.main_span() {
                    Some(s) => (paths.of(&ws.sources, s.file), index.scene_of(s)),
                    None => (String::new(), ""),
                };
                baseline::entry(d, &path, scene)
            })
            .collect();
        match baseline::Baseline::read(file) {
            Err(e) => {
                eprintln!("error: {e}");
                return Outcome::Failure;
            }
            Ok(None) => {
                let n = entries.len();
                if let Err(e) = baseline::Baseline::of(entries).write(file) {
                    eprintln!("error: {e}");
                    return Outcome::Failure;
                }
                eprintln!(
                    "wrote baseline `{}` with {}; later runs with `--baseline` report only new ones",
                    file.display(),
                    plural(n, "finding", "findings")
                );
                all.clear();
            }
            Ok(Some(b)) => {
                let (new, fixed) = b.new_findings(&entries);
                let known = new.iter().filter(|n| !**n).count();
                let mut keep = new.into_iter();
                all.retain(|_| keep.next().unwrap_or(true));
                if format == DiagnosticFormat::Human && (known > 0 || fixed > 0) {
                    eprintln!(
                        "{} hidden by the baseline `{}`{}",
                        plural(known, "known finding", "known findings"),
                        file.display(),
                        if fixed > 0 {
                            format!("; {} no longer occur (delete the file and rerun to record the current ones)", plural(fixed, "recorded finding", "recorded findings"))
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
    }
    report_with(&ws, &all, format, color, &paths, options.deny_warnings)
}
