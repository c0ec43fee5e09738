//! `calendar: FILE`: a story's calendar read from a file beside it, a
//! Fantasy Calendar / Calendarium JSON file (`harptos.json`, or
//! `presets.json#Calendar of Harptos` to pick one from a list) or another
//! scene file's `calendar NAME:` block.
//!
//! The path is relative to the directory of the file holding the header and
//! must stay inside it: no absolute path, no `..`, no symbolic link on the
//! way, and only a regular file is read (as for every file chronotope finds
//! itself). Problems are reported at the header's value, naming the file,
//! and for JSON the field and the reason.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{codes, Diagnostic};
use crate::source::{self, Open, Sources};
use crate::syntax::tree::{HeaderField, Item, SourceTree};
use crate::text::clip;
use crate::time::{fantasy, Calendar};

/// The calendar a story's `calendar:` header names as a file, read; `None`
/// when it names a built-in or declared calendar (or none).
pub fn external(
    sources: &Sources,
    trees: &[&SourceTree],
) -> Option<Result<Calendar, Box<Diagnostic>>> {
    let outline = crate::syntax::tree::outline(trees);
    let header = outline.iter().find_map(|i| match i {
        Item::Header(h) if h.key.text == "calendar" => Some(h),
        _ => None,
    })?;
    let value = header.value.text.as_str();
    let declared = outline
        .iter()
        .any(|i| matches!(i, Item::Calendar(c) if c.name.text.eq_ignore_ascii_case(value)));
    if declared || Calendar::builtin(value).is_some() || !looks_like_a_file(value) {
        return None;
    }
    Some(read(sources, header).map_err(Box::new))
}

/// A file name has a `.` extension or a `/`; a calendar name has neither.
fn looks_like_a_file(value: &str) -> bool {
    let path = value.split('#').next().unwrap_or(value);
    path.contains('/') || path.contains('\\') || Path::new(path).extension().is_some()
}

fn read(sources: &Sources, header: &HeaderField) -> Result<Calendar, Diagnostic> {
    let value = header.value.text.as_str();
    let (file, pick) = match value.split_once('#') {
        Some((f, n)) => (f.trim(), Some(n.trim())),
        None => (value.trim(), None),
    };
    let fail = |code, message: String, label: &str, help: &str| {
        Diagnostic::error(code, message)
            .primary(header.value.span, label.to_string())
            .help(help.to_string())
    };
    let dir = sources
        .get(header.key.span.file)
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let path = inside(&dir, file).ok_or_else(|| {
        fail(
            codes::UNKNOWN_CALENDAR,
            format!("calendar file `{}` is outside the story's directory", clip(file)),
            "not below the directory of this file",
            "put the calendar file in the story's directory (or below it) and name it by a relative path such as `calendar: calendars/harptos.json`",
        )
    })?;
    let bytes = source::read(&path, Open::RegularOnly).map_err(|e| {
        fail(
            codes::UNKNOWN_CALENDAR,
            format!("cannot read calendar file `{}`: {e}", clip(file)),
            "this calendar file",
            "check the file name; it is relative to the directory of this file",
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        fail(
            codes::INVALID_CALENDAR,
            format!("calendar file `{}` is not UTF-8 text", clip(file)),
            "this calendar file",
            "save it as UTF-8",
        )
    })?;
    let json = Path::new(file)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        return fantasy::read(&text, pick).map_err(|e| {
            fail(
                codes::INVALID_CALENDAR,
                format!("`{}` is not a calendar chronotope can read: {e}", clip(file)),
                "this calendar file",
                "docs/calendars.md lists the Fantasy Calendar and Calendarium fields read and why a field is refused",
            )
        });
    }
    scene_calendar(&path, &text, pick).map_err(|why| {
        fail(
            codes::INVALID_CALENDAR,
            format!("calendar file `{}`: {why}", clip(file)),
            "this calendar file",
            "fix the calendar block in that file (`chronotope check` on it shows where)",
        )
    })
}

/// `dir/relative`, if `relative` names a file below `dir` reached without a
/// symbolic link.
fn inside(dir: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    if relative.is_empty()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return None;
    }
    let mut at = dir.to_path_buf();
    let mut parts = rel.components().peekable();
    while let Some(c) = parts.next() {
        at.push(c);
        // Every directory on the way must be a real directory, not a link
        // out of the story's tree; the file itself is checked when read.
        if parts.peek().is_some() {
            let meta = std::fs::symlink_metadata(&at).ok()?;
            if !meta.file_type().is_dir() {
                return None;
            }
        }
    }
    Some(at)
}

/// The calendar block of a scene file: the one named `pick`, else the first.
fn scene_calendar(path: &Path, text: &str, pick: Option<&str>) -> Result<Calendar, String> {
    let mut sources = Sources::default();
    let id = sources.add(path, text);
    let (tree, _) = crate::syntax::parse(id, text);
    let decl = tree
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Calendar(c) => Some(c),
            _ => None,
        })
        .find(|c| pick.is_none_or(|p| c.name.text.eq_ignore_ascii_case(p)))
        .ok_or_else(|| match pick {
            Some(p) => format!("it declares no calendar `{}`", clip(p)),
            None => "it declares no calendar (`calendar NAME:`)".to_string(),
        })?;
    crate::model::calendar::read(decl).map_err(|errors| {
        let first = &errors[0];
        let at = first
            .labels
            .iter()
            .find(|l| l.primary)
            .map(|l| {
                let lc = sources.get(id).line_col(l.span.start);
                format!(" (line {}, column {})", lc.line, lc.column)
            })
            .unwrap_or_default();
        format!("{}{at}", first.message)
    })
}
