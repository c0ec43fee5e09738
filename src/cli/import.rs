//! `chronotope import`: a Fountain script (and its companion) as one scene
//! file.
//!
//! The script is read exactly as `check` reads it (`--infer` included), so
//! the scene file written means the same story: `check` and `order` give
//! the same result on both. Scripts with errors are refused, the output is
//! read back before it is written, and it is written through a temporary
//! file and a rename, never over an existing file without `--force`.

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
    if shown.iter().any(|d| d.severity() == Severity::Error) {
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
    if problems.iter().any(|d| d.severity() == Severity::Error) {
        eprintln!(
            "error: internal error: the scene file would have syntax errors; nothing written"
        );
        return Outcome::Failure;
    }
    if let Err(e) = crate::atomic::write(
        out,
        text.as_bytes(),
        if force {
            crate::atomic::Existing::Replace
        } else {
            crate::atomic::Existing::Refuse
        },
    ) {
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
