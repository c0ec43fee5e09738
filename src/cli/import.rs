//! `chronotope import`: a Fountain script (and its companion) as one scene
//! file.
//!
//! The script is read exactly as `check` reads it (`--infer` included), so
//! the scene file written means the same story: `check` and `order` give
//! the same result on both. Scripts with errors are refused, the output is
//! read back before it is written, and it is written through a temporary
//! file and a rename, never over an existing file without `--force`.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::cli::load::print_diagnostics;
use crate::cli::{print_io_errors, Outcome};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::fountain;
use crate::syntax::{self, format, printer, SourceTree};
use crate::workspace::{InputFormat, LoadOptions, Workspace};

pub(super) fn run(script: &Path, out: &Path, force: bool, color: bool) -> Outcome {
    if out.exists() && !force {
        eprintln!(
            "error: `{}` exists; pass `--force` to overwrite it",
            out.display()
        );
        return Outcome::Failure;
    }
    let options = LoadOptions {
        input_format: InputFormat::Fountain,
        ..LoadOptions::default_options()
    };
    let ws = Workspace::load_with(&[script.to_path_buf()], &options);
    print_io_errors(&ws.io_errors);
    if !ws.io_errors.is_empty() {
        return Outcome::Failure;
    }
    let stories = ws.resolve();
    let mut shown: Vec<Diagnostic> = ws.diagnostics.clone();
    for l in &stories {
        shown.extend(l.diagnostics.iter().cloned());
    }
    diagnostics::sort(&mut shown);
    print_diagnostics(&ws.sources, &shown, color);
    if shown.iter().any(|d| d.severity == Severity::Error) {
        eprintln!("error: not imported: fix the errors above first");
        return Outcome::Problems;
    }
    let (Some(files), Some(loaded)) = (ws.stories.first(), stories.first()) else {
        eprintln!("error: `{}` holds no story", script.display());
        return Outcome::Problems;
    };
    let trees: Vec<&SourceTree> = files.trees.iter().collect();
    let name = script.file_name().map_or_else(
        || script.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let tree = fountain::import_tree(
        &trees,
        &loaded.story.title,
        &format!("Imported from {name} by `chronotope import`."),
    );
    let printed = printer::print(&tree);
    // The canonical layout, which also reads the text back and refuses a
    // printing that would change the story.
    let text = match format::format_text(tree.file, &printed) {
        Ok(text) => text,
        Err(_) => {
            eprintln!("error: internal error: the scene file would not read back as the script; nothing written");
            return Outcome::Failure;
        }
    };
    let (_, problems) = syntax::parse(tree.file, &text);
    if problems.iter().any(|d| d.severity == Severity::Error) {
        eprintln!(
            "error: internal error: the scene file would have syntax errors; nothing written"
        );
        return Outcome::Failure;
    }
    if let Err(e) = write_atomically(out, text.as_bytes(), force) {
        eprintln!("error: cannot write `{}`: {e}", out.display());
        return Outcome::Failure;
    }
    eprintln!(
        "wrote `{}`: {} scenes, {} characters",
        out.display(),
        loaded.story.scenes.len(),
        loaded.story.characters.len()
    );
    Outcome::Clean
}

/// Write `bytes` to `path` through a new temporary file in the same
/// directory and a rename, so a reader never sees half a file. Without
/// `replace`, an existing file is never overwritten (checked again at the
/// rename, by linking rather than renaming over it).
fn write_atomically(path: &Path, bytes: &[u8], replace: bool) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.import.tmp", std::process::id()));
    let result = (|| {
        // `create_new`: never write into a file that is not ours.
        let mut f = fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if replace {
            fs::rename(&tmp, path)
        } else {
            // A hard link fails if `path` appeared meanwhile.
            fs::hard_link(&tmp, path).or_else(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Err(e)
                } else {
                    // File systems without hard links: a plain rename.
                    fs::rename(&tmp, path)
                }
            })
        }
    })();
    let _ = fs::remove_file(&tmp);
    result
}
