//! `chronotope render`: check the stories, then draw each clean one.
//!
//! The diagnostics are exactly `check`'s (shared through
//! [`super::check::diagnose_owned`]). A story with syntax or reference errors is
//! not drawn at all and its existing files are left untouched; a story whose
//! constraints contradict each other is drawn with the clashing scenes
//! marked, and the exit status is still 1.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::check::{diagnose_owned, report};
use crate::cli::{DiagnosticFormat, Outcome};
use crate::render::{self, ThemeName, View};
use crate::workspace::Workspace;

/// Which views `render` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ViewChoice {
    /// Telling and chronology lanes joined by ribbons.
    Lanes,
    /// The story curve.
    Curve,
    /// Both.
    All,
}

/// `light` or `dark`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeChoice {
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
}

pub(super) fn run(
    paths: &[PathBuf],
    out: &Path,
    view: ViewChoice,
    theme: ThemeChoice,
    color: bool,
) -> Outcome {
    let mut ws = Workspace::load(paths);
    let (all, stories) = diagnose_owned(&mut ws, &[]);
    let mut outcome = report(&ws, &all, DiagnosticFormat::Human, color);
    if outcome == Outcome::Failure {
        return outcome;
    }
    let views: &[View] = match view {
        ViewChoice::Lanes => &[View::Lanes],
        ViewChoice::Curve => &[View::Curve],
        ViewChoice::All => &View::ALL,
    };
    let theme = match theme {
        ThemeChoice::Light => ThemeName::Light,
        ThemeChoice::Dark => ThemeName::Dark,
    };
    if stories.iter().any(|(_, c)| c.is_some()) {
        if let Err(e) = fs::create_dir_all(out) {
            eprintln!("error: cannot create {}: {e}", out.display());
            return Outcome::Failure;
        }
    }
    let mut slugs: HashSet<String> = HashSet::new();
    for (loaded, chronology) in &stories {
        let base = loaded.story.slug();
        let Some(chronology) = chronology else {
            eprintln!(
                "note: {} not drawn: fix its errors first ({base}.*.svg left as it was)",
                crate::text::escape::terminal(&loaded.story.title)
            );
            continue;
        };
        let slug = unique_slug(&mut slugs, &base, "*.svg");
        for &v in views {
            let svg = render::render(&loaded.story, chronology, v, theme);
            let name = format!("{slug}.{}.svg", v.name());
            match write_atomic(out, &name, svg.as_bytes()) {
                Ok(path) => println!("{}", path.display()),
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", out.join(&name).display());
                    outcome = Outcome::Failure;
                }
            }
        }
    }
    outcome
}

/// `base`, or `base-2`, `base-3` … when an earlier story took it (with a
/// note naming the files, `{slug}.{what}`): two stories with one title would
/// overwrite each other's files.
pub(super) fn unique_slug(taken: &mut HashSet<String>, base: &str, what: &str) -> String {
    let mut slug = base.to_string();
    let mut k = 2;
    while !taken.insert(slug.clone()) {
        slug = format!("{base}-{k}");
        k += 1;
    }
    if slug != base {
        eprintln!("note: another story is also called {base}; writing {slug}.{what}");
    }
    slug
}

/// Write `name` inside `dir` through a temporary file in the same
/// directory and a rename, so a reader never sees half a file. `name` must
/// be a plain file name: a slug never holds a separator, but a path that
/// would leave `dir` is refused rather than trusted.
pub(super) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !plain {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a plain file name",
        ));
    }
    let target = dir.join(name);
    crate::atomic::write(&target, bytes, crate::atomic::Existing::Replace).map(|()| target)
}
