//! `chronotope import`: a script (Fountain or Final Draft, and its
//! companion) as one scene file.
//!
//! The script is read exactly as `check` reads it (`--infer` included), so
//! the scene file written means the same story: `check` and `order` give
//! the same result on both. Scripts with errors are refused, the output is
//! read back before it is written, and it is written through a temporary
//! file and a rename, never over an existing file without `--force`.

use std::path::Path;

use crate::atomic::{check_target, Target};
use crate::cli::check::human_text;
use crate::cli::output::{shown, Console};
use crate::cli::{Env, Outcome};
use crate::diagnostics::{self, Diagnostic, Severity};
use crate::fountain;
use crate::project::{self, Project, Trees};
use crate::readers::Reader;
use crate::syntax::{self, format, printer, SourceTree};
use crate::workspace::{InputFormat, LoadOptions};

/// Refuse what cannot be imported or written before reading anything: a
/// scene file as the source (there is nothing to convert), an output that
/// is not a regular file, or one that exists without `--force`.
fn refuse(script: &Path, out: &Path, force: bool) -> Option<String> {
    if Reader::by_extension(script) == Some(Reader::Scenes) {
        return Some(format!(
            "`{}` is already a scene file; import converts scripts (*.fountain, *.fdx)",
            shown(script)
        ));
    }
    if let Err(why) = check_target(out, Target::File) {
        return Some(format!("cannot write `{}`: {why}", shown(out)));
    }
    if std::fs::symlink_metadata(out).is_ok() && !force {
        return Some(format!(
            "`{}` exists; pass `--force` to overwrite it",
            shown(out)
        ));
    }
    None
}

pub(super) fn run(con: &mut Console, env: &Env, script: &Path, out: &Path, force: bool) -> Outcome {
    if let Some(why) = refuse(script, out, force) {
        con.error(&why);
        return Outcome::Failure;
    }
    // `--input-format` decides; else a folder goes by its files'
    // extensions (Markdown notes) and a named file is a Fountain script
    // unless its extension says otherwise.
    let input_format = match env.load.input_format {
        InputFormat::Only(reader) => InputFormat::Only(reader),
        InputFormat::Auto if script.is_dir() => InputFormat::Auto,
        InputFormat::Auto => {
            InputFormat::Only(Reader::by_extension(script).unwrap_or(Reader::Fountain))
        }
    };
    let project = Project::new(
        vec![script.to_path_buf()],
        LoadOptions {
            input_format,
            ..env.load
        },
    );
    let mut ws = project.load();
    con.errors(&ws.io_errors);
    if !ws.io_errors.is_empty() {
        return Outcome::Failure;
    }
    let stories = project::resolve(&mut ws, Trees::Keep);
    let mut shown_diagnostics: Vec<Diagnostic> = ws.diagnostics.clone();
    for l in &stories {
        shown_diagnostics.extend(l.diagnostics.iter().cloned());
    }
    diagnostics::sort(&mut shown_diagnostics);
    con.eprint(&human_text(&ws, &shown_diagnostics, env.color));
    if shown_diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error)
    {
        con.error("not imported: fix the errors above first");
        return Outcome::Problems;
    }
    let (Some(files), Some(loaded)) = (ws.stories.first(), stories.first()) else {
        con.error(&format!("`{}` holds no story", shown(script)));
        return Outcome::Problems;
    };
    let trees: Vec<&SourceTree> = files.trees.iter().collect();
    let name = script.file_name().map_or_else(
        || script.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let note = format!("Imported from {name} by `chronotope import`.");
    let tree = if script.is_dir() {
        folder_tree(&trees, &loaded.story.title, &note)
    } else {
        fountain::import_tree(&trees, &loaded.story.title, &note)
    };
    let printed = printer::print(&tree);
    // The canonical layout, which also reads the text back and refuses a
    // printing that would change the story.
    let text = match format::format_text(tree.file, &printed) {
        Ok(text) => text,
        Err(_) => {
            con.error(
                "internal error: the scene file would not read back as the script; nothing written",
            );
            return Outcome::Failure;
        }
    };
    let (_, problems) = syntax::parse(tree.file, &text);
    if problems.iter().any(|d| d.severity() == Severity::Error) {
        con.error("internal error: the scene file would have syntax errors; nothing written");
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
        con.error(&format!("cannot write `{}`: {e}", shown(out)));
        return Outcome::Failure;
    }
    con.eprintln(&format!(
        "wrote `{}`: {} scenes, {} characters",
        shown(out),
        loaded.story.scenes.len(),
        loaded.story.characters.len()
    ));
    Outcome::Clean
}

/// A folder's files (a Markdown scene folder, scene files beside it) as
/// one tree: the import note, the header (with the story's title when no
/// file gives one), every declaration, then every scene in telling order.
fn folder_tree(trees: &[&SourceTree], title: &str, note: &str) -> SourceTree {
    use crate::span::Span;
    use crate::syntax::tree::{Comment, HeaderField, Item, Name};
    let file = trees.first().map_or(crate::span::FileId(0), |t| t.file);
    let span = Span::new(file, 0, 0);
    let all = || trees.iter().flat_map(|t| t.items.iter());
    let mut items = vec![Item::Comment(Comment {
        text: format!(" {note}"),
        span,
    })];
    if !all().any(|i| matches!(i, Item::Header(h) if h.key.text == "title")) {
        let name = |text: &str| Name {
            text: text.into(),
            span,
        };
        items.push(Item::Header(HeaderField {
            key: name("title"),
            value: name(title),
        }));
    }
    items.extend(all().filter(|i| matches!(i, Item::Header(_))).cloned());
    items.extend(
        all()
            .filter(|i| !matches!(i, Item::Header(_) | Item::Scene(_)))
            .cloned(),
    );
    items.extend(all().filter(|i| matches!(i, Item::Scene(_))).cloned());
    SourceTree::new(file, items)
}
