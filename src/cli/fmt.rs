//! `chronotope fmt`: rewrite scene files in the canonical layout.
//!
//! The layout and its safety checks are the library's
//! ([`crate::syntax::format`]); this walks the paths, reports, and writes.
//! A file is written only when its text changes, through a temporary file
//! in its own directory and a rename, so an editor or a crash never sees
//! half a file. A file with syntax errors is never written.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::check::human_text;
use crate::cli::output::{shown, Console};
use crate::cli::{Env, Outcome};
use crate::readers::Reader;
use crate::source::{self, io_reason, Open};
use crate::syntax::format::{format_text, FormatError};
use crate::text::plural;
use crate::workspace::{cannot_read, walk, Workspace};

/// What happened to the files of one run.
#[derive(Default)]
struct Tally {
    changed: usize,
    problems: bool,
    failed: bool,
    io_errors: Vec<String>,
}

/// Format (or with `check`, only compare) every scene file in `paths`.
pub(super) fn run(con: &mut Console, env: &Env, paths: &[PathBuf], check: bool) -> Outcome {
    let (files, io_errors) = collect(con, paths);
    let mut ws = Workspace::default();
    let mut tally = Tally {
        io_errors,
        ..Tally::default()
    };
    for (path, open) in &files {
        format_one(con, env, &mut ws, &mut tally, path, *open, check);
    }
    con.errors(&tally.io_errors);
    let (changed, files) = (tally.changed, plural(files.len(), "file", "files"));
    con.eprintln(&if check {
        format!("{changed} of {files} would be reformatted")
    } else {
        format!("reformatted {changed} of {files}")
    });
    if tally.failed || !tally.io_errors.is_empty() {
        Outcome::Failure
    } else if tally.problems || (check && changed > 0) {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}

/// Format one file, or only compare it with `check`.
fn format_one(
    con: &mut Console,
    env: &Env,
    ws: &mut Workspace,
    tally: &mut Tally,
    path: &Path,
    open: Open,
    check: bool,
) {
    let text = match source::read(path, open).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => {
            con.error(&format!(
                "`{}` is not valid UTF-8 (byte offset {}); left as it was",
                shown(path),
                e.utf8_error().valid_up_to()
            ));
            tally.problems = true;
            return;
        }
        Err(e) => {
            tally.io_errors.push(cannot_read(path, e));
            return;
        }
    };
    // Sources drops a BOM, as the spans of `format_text` do.
    let id = ws.sources.add(path, text.clone());
    match format_text(id, &text) {
        Ok(formatted) if formatted == text => {}
        Ok(formatted) => {
            tally.changed += 1;
            if check {
                con.println(&shown(path));
                return;
            }
            let written = crate::atomic::write(
                path,
                formatted.as_bytes(),
                crate::atomic::Existing::ReplaceInPlace,
            );
            match written {
                Ok(()) => con.println(&shown(path)),
                Err(e) => tally.io_errors.push(format!(
                    "cannot write `{}`: {}",
                    shown(path),
                    io_reason(&e)
                )),
            }
        }
        Err(FormatError::Syntax(diagnostics)) => {
            con.eprint(&human_text(ws, &diagnostics, env.color));
            con.error(&format!(
                "`{}` has syntax errors; fix them first (left as it was)",
                shown(path)
            ));
            tally.problems = true;
        }
        Err(FormatError::Unfaithful) => {
            con.error(&format!(
                "formatting `{}` would change what it means, which is a bug in chronotope; left as it was",
                shown(path)
            ));
            tally.failed = true;
        }
    }
}

/// What a script format is called in the skipping note.
fn script_format(path: &Path) -> &'static str {
    Reader::by_extension(path).map_or("Fountain", Reader::kind)
}

/// The scene files named by `paths`: files as given (read as named),
/// directories walked as `check` walks them (read only if regular), each
/// file once. Fountain files are passed over with a note: their layout is
/// the screenplay's, not ours.
fn collect(con: &mut Console, paths: &[PathBuf]) -> (Vec<(PathBuf, Open)>, Vec<String>) {
    let mut io_errors = Vec::new();
    let mut found = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => io_errors.push(cannot_read(path, io_reason(&e))),
            Ok(m) if m.is_dir() => {
                for (_, files) in walk(path, &mut io_errors) {
                    found.extend(files.into_iter().map(|f| (f, Open::RegularOnly)));
                }
            }
            Ok(_) => found.push((path.clone(), Open::Named)),
        }
    }
    let mut seen = HashSet::new();
    let mut files = Vec::with_capacity(found.len());
    for (path, open) in found {
        if Reader::by_extension(&path).is_some_and(Reader::is_script) {
            con.eprintln(&format!(
                "note: skipping `{}`: fmt formats scene files only, not {}",
                shown(&path),
                script_format(&path)
            ));
            continue;
        }
        // Notes are the writer's own files: fmt never rewrites them, and a
        // folder of them is not worth a note per file.
        if Reader::by_extension(&path) == Some(Reader::Markdown) {
            if open == Open::Named {
                con.eprintln(&format!(
                    "note: skipping `{}`: fmt formats scene files only, not Markdown notes",
                    shown(&path)
                ));
            }
            continue;
        }
        let key = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            files.push((path, open));
        }
    }
    (files, io_errors)
}
