//! `chronotope check`.

use std::path::PathBuf;

use crate::cli::output::{shown, Console};
use crate::cli::{DiagnosticFormat, Env, Outcome};
use crate::continuity::{baseline, config, Level};
use crate::diagnostics::paths::Paths;
use crate::diagnostics::{github, human, json, junit, sarif, Code, Denial, Diagnostic, Tally};
use crate::project::{Project, RuleLevels};
use crate::text::plural;
use crate::workspace::Workspace;

/// What `check` takes beyond the paths and format.
#[derive(Clone, Debug, Default)]
pub(super) struct Options {
    /// Rule levels from the command line, applied in order after
    /// `chronotope.toml` (`--allow`, then `--warn`, then `--deny`).
    pub rules: RuleLevels,
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
                o.rules.push(name, level)?;
            }
        }
        Ok(o)
    }
}

/// Diagnostics for people, as one text (the sources' own snippets).
pub(super) fn human_text(ws: &Workspace, diagnostics: &[Diagnostic], color: bool) -> String {
    let style = human::Style { color, width: 100 };
    human::render_all(&ws.sources, diagnostics, style)
}

/// Print diagnostics and the summary as `check` does; return the outcome
/// they imply.
pub(super) fn report(
    con: &mut Console,
    ws: &Workspace,
    all: &[Diagnostic],
    color: bool,
) -> Outcome {
    report_with(
        con,
        ws,
        all,
        DiagnosticFormat::Human,
        color,
        &Paths::default(),
        false,
    )
}

/// [`report`] in any format, with paths relative to a root, and `--deny
/// warnings`.
pub(super) fn report_with(
    con: &mut Console,
    ws: &Workspace,
    all: &[Diagnostic],
    format: DiagnosticFormat,
    color: bool,
    paths: &Paths,
    deny_warnings: bool,
) -> Outcome {
    // What fails the run is an error in every format, so that JUnit
    // `failures`, GitHub `::error`, SARIF `level` and the JSON counts agree
    // with the exit code.
    let denial = Denial {
        warnings: deny_warnings,
    };
    let denied = denial.apply(all);
    let all = denied.as_slice();
    let tally = Tally::of(all);
    match format {
        DiagnosticFormat::Human => {
            con.eprint(&human_text(ws, all, color));
            con.errors(&ws.io_errors);
            // After an I/O error "no problems in 0 files" would read as an
            // all-clear; say what was not read instead.
            if ws.io_errors.is_empty() || tally.errors + tally.warnings > 0 || ws.file_count() > 0 {
                let mut summary = tally.summary(ws.file_count());
                if let Some(why) = denial.reason(all) {
                    summary.push_str(&format!("; {why}"));
                }
                con.eprintln(&summary);
            }
            if !ws.io_errors.is_empty() {
                let n = ws.io_errors.len();
                con.eprintln(&format!("{} could not be read", plural(n, "path", "paths")));
            }
        }
        DiagnosticFormat::Json => {
            con.print(&json::report_with(
                &ws.sources,
                all,
                ws.file_count(),
                paths,
                &ws.io_errors,
            ));
            con.errors(&ws.io_errors);
        }
        DiagnosticFormat::Github => {
            con.print(&github::report(&ws.sources, all, paths, &ws.io_errors));
            con.errors(&ws.io_errors);
        }
        DiagnosticFormat::Sarif => {
            con.print(&sarif::report(&ws.sources, all, paths, &ws.io_errors));
            con.errors(&ws.io_errors);
        }
        DiagnosticFormat::Junit => {
            let rules: Vec<Code> = config::rules()
                .map(|r| r.id)
                .filter(|c| config::default_level(c.as_str()) != Level::Allow)
                .collect();
            con.print(&junit::report(
                &ws.sources,
                all,
                paths,
                &rules,
                &ws.io_errors,
            ));
            con.errors(&ws.io_errors);
        }
    }
    if !ws.io_errors.is_empty() {
        Outcome::Failure
    } else if tally.errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}

pub(super) fn run(
    con: &mut Console,
    env: &Env,
    paths: &[PathBuf],
    format: DiagnosticFormat,
    options: &Options,
) -> Outcome {
    if let Some(file) = &options.baseline {
        if let Err(why) = crate::atomic::check_target(file, crate::atomic::Target::File) {
            con.error(&format!("cannot use the baseline `{}`: {why}", shown(file)));
            return Outcome::Failure;
        }
    }
    let mut project = Project::new(paths.to_vec(), env.load);
    project.rules = options.rules.clone();
    let checked = project.check();
    let mut all = checked.diagnostics;
    let paths = Paths::new(options.root.as_deref());
    if let Some(file) = &options.baseline {
        let stories = checked.stories.iter().map(|s| s.story());
        let index = baseline::SceneIndex::new(stories);
        if let Err(outcome) = apply_baseline(
            con,
            &checked.workspace,
            &mut all,
            &index,
            &paths,
            file,
            format,
        ) {
            return outcome;
        }
    }
    report_with(
        con,
        &checked.workspace,
        &all,
        format,
        env.color,
        &paths,
        options.deny_warnings,
    )
}

/// `--baseline FILE`: record today's findings in FILE if it does not exist
/// (and report none), else keep in `all` only the findings it does not
/// record.
fn apply_baseline(
    con: &mut Console,
    ws: &Workspace,
    all: &mut Vec<Diagnostic>,
    index: &baseline::SceneIndex,
    paths: &Paths,
    file: &std::path::Path,
    format: DiagnosticFormat,
) -> Result<(), Outcome> {
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
            con.error(&e);
            Err(Outcome::Failure)
        }
        Ok(None) => {
            let n = entries.len();
            if let Err(e) = write_baseline(&baseline::Baseline::of(entries), file) {
                con.error(&format!("cannot write baseline `{}`: {e}", shown(file)));
                return Err(Outcome::Failure);
            }
            con.eprintln(&format!(
                "wrote baseline `{}` with {}; later runs with `--baseline` report only new ones",
                shown(file),
                plural(n, "finding", "findings")
            ));
            all.clear();
            Ok(())
        }
        Ok(Some(b)) => {
            let (new, fixed) = b.new_findings(&entries);
            let known = new.iter().filter(|n| !**n).count();
            let mut keep = new.into_iter();
            all.retain(|_| keep.next().unwrap_or(true));
            if format == DiagnosticFormat::Human && (known > 0 || fixed > 0) {
                con.eprintln(&format!(
                    "{} hidden by the baseline `{}`{}",
                    plural(known, "known finding", "known findings"),
                    shown(file),
                    if fixed > 0 {
                        format!("; {} no longer occur (delete the file and rerun to record the current ones)", plural(fixed, "recorded finding", "recorded findings"))
                    } else {
                        String::new()
                    }
                ));
            }
            Ok(())
        }
    }
}

/// Write a baseline as pretty JSON with a trailing newline, atomically
/// (a killed run leaves the old file or none, never half of one) and never
/// through a symbolic link.
fn write_baseline(b: &baseline::Baseline, file: &std::path::Path) -> Result<(), String> {
    let mut text = serde_json::to_string_pretty(b).map_err(|e| e.to_string())?;
    text.push('\n');
    crate::atomic::write(file, text.as_bytes(), crate::atomic::Existing::Replace)
        .map_err(|e| crate::source::io_reason(&e))
}
