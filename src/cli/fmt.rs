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

use crate::cli::load::print_diagnostics;
use crate::cli::{print_io_errors, Outcome};
use crate::source::Sources;
use crate::syntax::format::{format_text, FormatError};
use crate::text::plural;
use crate::workspace::{io_reason, walk};

/// Format (or with `check`, only compare) every scene file in `paths`.
pub(super) fn run(paths: &[PathBuf], check: bool, color: bool) -> Outcome {
    let (files, mut io_errors) = collect(paths);
    let mut sources = Sources::new();
    let mut changed = 0;
    let mut problems = false;
    let mut failed = false;
    for path in &files {
        let bytes = match fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                io_errors.push(format!(
                    "cannot read `{}`: {}",
                    path.display(),
                    io_reason(&e)
                ));
                continue;
            }
        };
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                eprintln!(
                    "error: `{}` is not valid UTF-8 (byte offset {}); left as it was",
                    path.display(),
                    e.utf8_error().valid_up_to()
                );
                problems = true;
                continue;
            }
        };
        // Sources drops a BOM, as the spans of `format_text` do.
        let id = sources.add(path.clone(), text.clone());
        match format_text(id, &text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => {
                changed += 1;
                if check {
                    println!("{}", path.display());
                } else {
                    match crate::atomic::write(
                        path,
                        formatted.as_bytes(),
                        crate::atomic::Existing::ReplaceInPlace,
                    ) {
                        Ok(()) => println!("{}", path.display()),
                        Err(e) => {
                            io_errors.push(format!(
                                "cannot write `{}`: {}",
                                path.display(),
                                io_reason(&e)
                            ));
                        }
                    }
                }
            }
            Err(FormatError::Syntax(diagnostics)) => {
                print_diagnostics(&sources, &diagnostics, color);
                eprintln!(
                    "error: `{}` has syntax errors; fix them first (left as it was)",
                    path.display()
                );
                problems = true;
            }
            Err(FormatError::Unfaithful) => {
                eprintln!(
                    "error: formatting `{}` would change what it means, which is a bug in chronotope; left as it was",
                    path.display()
                );
                failed = true;
            }
        }
    }
    print_io_errors(&io_errors);
    if check {
        eprintln!(
            "{changed} of {} would be reformatted",
            plural(files.len(), "file", "files")
        );
    } else {
        eprintln!(
            "reformatted {changed} of {}",
            plural(files.len(), "file", "files")
        );
    }
    if failed || !io_errors.is_empty() {
        Outcome::Failure
    } else if problems || (check && changed > 0) {
        Outcome::Problems
    } else {
        Outcome::Clean
    }
}

/// The scene files named by `paths`: files as given, directories walked as
/// `check` walks them, each file once. Fountain files are passed over with
/// a note: their layout is the screenplay's, not ours.
fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut io_errors = Vec::new();
    let mut found = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) => io_errors.push(format!(
                "cannot read `{}`: {}",
                path.display(),
                io_reason(&e)
            )),
            Ok(m) if m.is_dir() => {
                for (_, files) in walk(path, &mut io_errors) {
                    found.extend(files);
                }
            }
            Ok(_) => found.push(path.clone()),
        }
    }
    let mut seen = HashSet::new();
    let mut files = Vec::with_capacity(found.len());
    for path in found {
        if is_fountain(&path) {
            eprintln!(
                "note: skipping `{}`: fmt formats scene files only, not Fountain",
                path.display()
            );
            continue;
        }
        let key = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            files.push(path);
        }
    }
    (files, io_errors)
}

fn is_fountain(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("fountain"))
}
