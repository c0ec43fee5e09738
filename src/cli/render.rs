//! `chronotope render`: check the stories, then draw each clean one.
//!
//! The diagnostics are exactly `check`'s (the same pipeline,
//! [`crate::project::Project::check`]). A story with syntax or reference errors is
//! not drawn at all and its existing files are left untouched; a story whose
//! constraints contradict each other is drawn with the clashing scenes
//! marked, and the exit status is still 1.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::atomic::{check_target, Target};
use crate::cli::check::report;
use crate::cli::output::{shown, Console};
use crate::cli::write_behind::write_behind;
use crate::cli::{Env, Outcome, RenderArgs};
use crate::project::{Checked, Project};
use crate::render::{self, ThemeName, View};
use crate::text::escape::terminal;

/// Which views `render` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ViewChoice {
    /// Telling and chronology lanes joined by ribbons.
    Lanes,
    /// The story curve.
    Curve,
    /// One line per character through the chronology.
    Storylines,
    /// A series' works on the story-time axis (`DIR/<slug>.works.svg`).
    Works,
    /// Every view (works only for a story with works).
    All,
}

/// What `--group` groups the lanes view's chronology lane by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GroupChoice {
    /// One chronology lane per thread (`thread:`).
    Thread,
}

/// The file format `render` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    /// `<slug>.<view>.svg`.
    Svg,
    /// `<slug>.<view>.png`, at `--scale`.
    Png,
    /// `<slug>.pdf`, one page per view.
    Pdf,
}

/// `light` or `dark`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeChoice {
    /// Dark text on white.
    Light,
    /// Light text on near-black.
    Dark,
}

pub(super) fn run(con: &mut Console, env: &Env, args: &RenderArgs) -> Outcome {
    if let Err(why) = check_format(args) {
        con.error(&why);
        return Outcome::Failure;
    }
    if let Err(why) = check_target(&args.out, Target::Dir) {
        con.error(&format!("cannot write into `{}`: {why}", shown(&args.out)));
        return Outcome::Failure;
    }
    let mut resolved = Project::new(args.paths.clone(), env.load).resolve();
    if let Err(outcome) = crate::cli::viewing::apply(con, &mut resolved, args.order.as_deref()) {
        return outcome;
    }
    let checked = resolved.check(&crate::project::RuleLevels::default());
    let outcome = report(con, &checked.workspace, &checked.diagnostics, env.color);
    if outcome == Outcome::Failure {
        return outcome;
    }
    draw(con, &checked, args, outcome)
}

/// Draw every analysed story into `args.out`, noting the ones skipped;
/// `outcome` is the checking's, made a failure by a file not written.
/// Every file is written whatever happens to standard output.
pub(super) fn draw(
    con: &mut Console,
    checked: &Checked,
    args: &RenderArgs,
    mut outcome: Outcome,
) -> Outcome {
    let views: &[View] = match args.view {
        ViewChoice::Lanes => &[View::Lanes],
        ViewChoice::Curve => &[View::Curve],
        ViewChoice::Storylines => &[View::Storylines],
        ViewChoice::Works => &[View::Works],
        ViewChoice::All => &[View::Lanes, View::Curve, View::Storylines, View::Works],
    };
    let theme = match args.theme {
        ThemeChoice::Light => ThemeName::Light,
        ThemeChoice::Dark => ThemeName::Dark,
    };
    let options = render::grouping::Options {
        group: match args.group {
            Some(GroupChoice::Thread) => render::grouping::Group::Thread,
            None => render::grouping::Group::None,
        },
    };
    let out = &args.out;
    if checked.stories.iter().any(|s| s.chronology().is_some()) {
        if let Err(e) = fs::create_dir_all(out) {
            con.error(&format!("cannot create {}: {e}", shown(out)));
            return Outcome::Failure;
        }
    }
    let filter = args.filter.filter();
    let parts = if filter.is_empty() {
        None
    } else {
        match crate::cli::filter::apply(con, &filter, &checked.stories) {
            Ok(parts) => Some(parts),
            Err(outcome) => return outcome,
        }
    };
    let mut slugs: HashSet<String> = HashSet::new();
    for (index, checked_story) in checked.stories.iter().enumerate() {
        let base = file_slug(&checked_story.story().slug());
        let (story, chronology) = match &parts {
            None => match checked_story.chronology() {
                Some(c) => (checked_story.story(), c),
                None => {
                    con.eprintln(&format!(
                        "note: {} not drawn: fix its errors first ({base}.*.svg left as it was)",
                        terminal(&checked_story.story().title)
                    ));
                    continue;
                }
            },
            Some(parts) => match parts.iter().find(|(i, _)| *i == index) {
                Some((_, part)) => (part.story(), part.chronology()),
                None => continue,
            },
        };
        let what = match args.format {
            FormatChoice::Svg => "*.svg",
            FormatChoice::Png => "*.png",
            FormatChoice::Pdf => "pdf",
        };
        let slug = unique_slug(con, &mut slugs, &base, what);
        if args.verbose {
            let l = render::storylines::layout::layout(story, chronology);
            con.eprintln(&format!(
                "{}: storylines with {} (order by first appearance: {})",
                terminal(&story.title),
                crate::text::plural(l.crossings as usize, "crossing", "crossings"),
                l.baseline_crossings
            ));
        }
        // The works view belongs to a series: `--view all` skips it for
        // other stories, `--view works` notes the skip.
        if !story.has_works() && args.view == ViewChoice::Works {
            con.eprintln(&format!(
                "note: {} has no works (`work` lines); no works view drawn",
                terminal(&story.title)
            ));
        }
        let drawn: Vec<View> = views
            .iter()
            .copied()
            .filter(|&v| v != View::Works || story.has_works())
            .collect();
        let drawing = Drawing {
            theme,
            options,
            out,
        };
        let written = drawing.write(story, chronology, &slug, &drawn, args);
        for (name, path) in written {
            match path {
                Ok(path) => con.println(&shown(&path)),
                Err(e) => {
                    con.error(&format!("cannot write {}: {e}", shown(&out.join(&name))));
                    outcome = Outcome::Failure;
                }
            }
        }
    }
    outcome
}

/// How and where one story's views are drawn.
struct Drawing<'a> {
    theme: ThemeName,
    options: render::grouping::Options,
    out: &'a Path,
}

impl Drawing<'_> {
    /// Write the files of one story's `views`: each file's name and where
    /// it went, or why it could not be written.
    fn write(
        &self,
        story: &crate::model::Story,
        chronology: &crate::engine::Chronology,
        slug: &str,
        views: &[View],
        args: &RenderArgs,
    ) -> Vec<(String, Result<PathBuf, String>)> {
        let (theme, options, out) = (self.theme, self.options, self.out);
        match args.format {
            // Each SVG streams to its file as it is drawn; two views are
            // drawn at once on two cores, the files named in views' order.
            FormatChoice::Svg => crate::parallel::map(views, |&v| {
                let name = format!("{slug}.{}.svg", v.name());
                let path = write_atomic_with(out, &name, |file| {
                    write_behind(file, |w| {
                        render::write_with(story, chronology, v, theme, options, w)
                    })
                });
                (name, path.map_err(|e| e.to_string()))
            }),
            FormatChoice::Png | FormatChoice::Pdf => {
                let svgs: Vec<(View, String)> = crate::parallel::map(views, |&v| {
                    (v, render::render_with(story, chronology, v, theme, options))
                });
                files(slug, &svgs, args)
                    .into_iter()
                    .map(|(name, bytes)| {
                        let path = bytes
                            .and_then(|b| write_atomic(out, &name, &b).map_err(|e| e.to_string()));
                        (name, path)
                    })
                    .collect()
            }
        }
    }
}

/// A format this build cannot write, or a bad `--scale`, is a usage error
/// before anything is checked or written.
fn check_format(args: &RenderArgs) -> Result<(), String> {
    #[cfg(feature = "images")]
    {
        if args.format == FormatChoice::Png {
            render::raster::check_scale(args.scale).map_err(|e| e.to_string())?;
        }
        Ok(())
    }
    #[cfg(not(feature = "images"))]
    {
        match args.format {
            FormatChoice::Svg => Ok(()),
            FormatChoice::Png | FormatChoice::Pdf => Err(
                "this chronotope was built without the `images` feature: it writes SVG only"
                    .to_string(),
            ),
        }
    }
}

/// The files of one story: name and bytes (or why they could not be made).
type Files = Vec<(String, Result<Vec<u8>, String>)>;

/// The image files for one story's drawn views: a PNG each, or one PDF.
fn files(slug: &str, svgs: &[(View, String)], args: &RenderArgs) -> Files {
    match args.format {
        #[cfg(feature = "images")]
        FormatChoice::Png => crate::parallel::map(svgs, |(v, svg)| {
            let png = render::raster::png(svg, args.scale).map_err(|e| e.to_string());
            (format!("{slug}.{}.png", v.name()), png)
        }),
        #[cfg(feature = "images")]
        FormatChoice::Pdf => {
            let pages: Vec<&str> = svgs.iter().map(|(_, s)| s.as_str()).collect();
            let pdf = render::raster::pdf(&pages).map_err(|e| e.to_string());
            vec![(format!("{slug}.pdf"), pdf)]
        }
        // SVG is streamed by the caller, and without the `images` feature
        // `check_format` refused PNG and PDF before anything was drawn.
        _ => {
            let _ = (slug, svgs);
            Vec::new()
        }
    }
}

/// The longest slug used in a file name as it is: with `.lanes.svg` and a
/// `-NN` suffix it stays far below the 255 bytes a file name may have.
const MAX_SLUG: usize = 120;

/// A story's slug as a file name stem: a slug longer than [`MAX_SLUG`] is
/// cut there and given 8 hex digits of a stable hash of the whole slug, so
/// two long titles that share a beginning still get two files.
pub(super) fn file_slug(slug: &str) -> String {
    if slug.len() <= MAX_SLUG {
        return slug.to_string();
    }
    // A slug is ASCII, so any byte is a character boundary.
    let head = slug[..MAX_SLUG].trim_end_matches('-');
    let hash = crate::continuity::baseline::hash(slug);
    format!("{head}-{}", &hash[..8])
}

/// `base`, or `base-2`, `base-3` … when an earlier story took it (with a
/// note naming the files, `{slug}.{what}`): two stories with one title would
/// overwrite each other's files.
pub(super) fn unique_slug(
    con: &mut Console,
    taken: &mut HashSet<String>,
    base: &str,
    what: &str,
) -> String {
    let mut slug = base.to_string();
    let mut k = 2;
    while !taken.insert(slug.clone()) {
        slug = format!("{base}-{k}");
        k += 1;
    }
    if slug != base {
        con.eprintln(&format!(
            "note: another story is also called {base}; writing {slug}.{what}"
        ));
    }
    slug
}

/// Write `name` inside `dir` through a temporary file in the same
/// directory and a rename, so a reader never sees half a file. `name` must
/// be a plain file name: a slug never holds a separator, but a path that
/// would leave `dir` is refused rather than trusted.
pub(super) fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    write_atomic_with(dir, name, |f| f.write_all(bytes))
}

/// [`write_atomic`] with the bytes `produce` writes as it makes them.
fn write_atomic_with(
    dir: &Path,
    name: &str,
    produce: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<PathBuf> {
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
    crate::atomic::write_with(&target, crate::atomic::Existing::Replace, produce).map(|()| target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_slugs_are_cut_with_a_hash_that_keeps_them_apart() {
        assert_eq!(file_slug("dont-leave"), "dont-leave");
        let exact = "a".repeat(MAX_SLUG);
        assert_eq!(file_slug(&exact), exact);
        let one = format!("{}-one", "a".repeat(300));
        let two = format!("{}-two", "a".repeat(300));
        let (a, b) = (file_slug(&one), file_slug(&two));
        assert_ne!(a, b);
        assert_eq!(a.len(), MAX_SLUG + 9);
        assert_eq!(a, file_slug(&one), "stable");
        let longer = "a".repeat(MAX_SLUG + 1);
        assert_eq!(file_slug(&longer).len(), MAX_SLUG + 9);
    }
}
