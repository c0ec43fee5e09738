//! The pipeline, owned by the library: a [`Project`] says what to read and
//! how, and one call runs the stages every command and the language server
//! share.
//!
//! 1. [`Project::load`]: read and parse the inputs ([`crate::workspace`],
//!    with the readers of [`crate::readers`]);
//! 2. [`resolve`]: resolve each story's names ([`crate::model`]);
//! 3. [`gate`]: decide which stories can go on (a story whose files did not
//!    parse cleanly, or whose names did not resolve, is [`Skipped`]: the
//!    engine would report consequences, not causes);
//! 4. [`configure`]: each story's rule levels (`chronotope.toml` beside its
//!    first file, then the command line's [`RuleLevels`]);
//! 5. [`analyse`]: the engine's chronology ([`crate::engine`]);
//! 6. [`check_continuity`]: the continuity rules ([`crate::continuity`]).
//!
//! [`Project::resolve`] stops after stage 2 (for `export`),
//! [`Project::check`] runs them all, and [`Project::check_keeping_trees`]
//! does too but keeps the syntax trees (for the language server);
//! [`check_stories`] runs stages 3–6 on a workspace already loaded.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::continuity::{self, config, Config, Level};
use crate::diagnostics::{self, codes, Diagnostic, Severity};
use crate::engine::{self, Chronology};
use crate::model::Story;
use crate::source::{self, Open, Sources};
use crate::span::FileId;
use crate::workspace::{LoadOptions, LoadedStory, Workspace};

pub mod filter;
#[cfg(test)]
mod tests;

/// What a run reads.
#[derive(Clone, Debug)]
pub enum Inputs {
    /// Files and directories as the command line names them (directories
    /// walked; `-` is standard input).
    Paths(Vec<PathBuf>),
    /// The files directly in one directory, with unsaved text standing in
    /// for some of them (an editor's open buffers).
    Directory {
        /// The directory.
        dir: PathBuf,
        /// Text to read instead of the disk's, by path.
        overlays: HashMap<PathBuf, String>,
    },
    /// One text in memory, read as the file `path` would be.
    Text {
        /// The name it goes by (its extension picks the reader).
        path: String,
        /// The text.
        text: String,
    },
}

/// Rule levels from the command line, applied in order on top of each
/// story's `chronotope.toml`. Every name is checked when it is added, so
/// applying them cannot fail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleLevels(Vec<(String, Level)>);

impl RuleLevels {
    /// Add a level for a rule code or name; an unknown name is an error
    /// (a usage error on the command line).
    pub fn push(&mut self, name: &str, level: Level) -> Result<(), String> {
        Config::default().set(name, level)?;
        self.0.push((name.to_string(), level));
        Ok(())
    }

    /// Set the levels in `config`, in the order they were added.
    pub fn apply(&self, config: &mut Config) {
        for (name, level) in &self.0 {
            let set = config.set(name, *level);
            debug_assert!(set.is_ok(), "checked by `RuleLevels::push`");
        }
    }
}

/// A run's inputs, how to read them and the command line's rule levels.
#[derive(Clone, Debug)]
pub struct Project {
    /// What to read.
    pub inputs: Inputs,
    /// How to read it.
    pub options: LoadOptions,
    /// Rule levels on top of `chronotope.toml`.
    pub rules: RuleLevels,
}

/// Stories resolved but not yet analysed.
#[derive(Debug)]
pub struct Resolved {
    /// What was read: sources, I/O errors, and the diagnostics of reading.
    pub workspace: Workspace,
    /// The stories, in path order, each with its resolution diagnostics.
    pub stories: Vec<LoadedStory>,
}

/// Why a story was not analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Skipped {
    /// A file of the story did not read cleanly (a syntax error, bad
    /// UTF-8): the story lost constraints.
    UnreadableFile,
    /// A name in the story did not resolve (or another resolution error).
    Unresolved,
}

/// What the pipeline made of one story.
#[derive(Debug)]
pub enum StoryResult {
    /// The engine and the rules ran.
    Analysed {
        /// The chronology.
        chronology: Chronology,
        /// What checking found beyond reading and resolving: a problem
        /// with `chronotope.toml` first (if any), then the engine's and the
        /// continuity rules' diagnostics, in the order they were made.
        findings: Vec<Diagnostic>,
    },
    /// The story has errors that make analysing it meaningless.
    Skipped(Skipped),
}

/// One story after the pipeline.
#[derive(Debug)]
pub struct CheckedStory {
    /// The story and its reading and resolution diagnostics.
    pub loaded: LoadedStory,
    /// Its chronology and findings, or why there are none.
    pub result: StoryResult,
}

impl CheckedStory {
    /// The story.
    pub fn story(&self) -> &Story {
        &self.loaded.story
    }

    /// The chronology, if the story was analysed.
    pub fn chronology(&self) -> Option<&Chronology> {
        match &self.result {
            StoryResult::Analysed { chronology, .. } => Some(chronology),
            StoryResult::Skipped(_) => None,
        }
    }

    /// Why the story was not analysed, if it was not.
    pub fn skipped(&self) -> Option<Skipped> {
        match self.result {
            StoryResult::Skipped(why) => Some(why),
            StoryResult::Analysed { .. } => None,
        }
    }

    /// The errors checking found in this story (not reading or resolving),
    /// sorted: what `order` and `stats` print before their output.
    pub fn finding_errors(&self) -> Vec<Diagnostic> {
        let StoryResult::Analysed { findings, .. } = &self.result else {
            return Vec::new();
        };
        let mut errors: Vec<Diagnostic> = findings
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .cloned()
            .collect();
        diagnostics::sort(&mut errors);
        errors
    }
}

/// Every story analysed and checked.
#[derive(Debug)]
pub struct Checked {
    /// What was read (its syntax trees freed while resolving).
    pub workspace: Workspace,
    /// Every diagnostic, sorted, as `check` reports them: reading,
    /// resolving, configuration (each distinct problem once), engine and
    /// continuity rules.
    pub diagnostics: Vec<Diagnostic>,
    /// The stories, in path order.
    pub stories: Vec<CheckedStory>,
}

impl Project {
    /// Paths from the command line, read with `options`, with no rule
    /// levels beyond `chronotope.toml`.
    pub fn new(paths: Vec<PathBuf>, options: LoadOptions) -> Project {
        Project {
            inputs: Inputs::Paths(paths),
            options,
            rules: RuleLevels::default(),
        }
    }

    /// Stage 1: read and parse the inputs.
    pub fn load(&self) -> Workspace {
        self.load_with(&self.options)
    }

    fn load_with(&self, options: &LoadOptions) -> Workspace {
        match &self.inputs {
            Inputs::Paths(paths) => Workspace::load_with(paths, options),
            Inputs::Directory { dir, overlays } => {
                Workspace::load_dir_overlaid(dir, overlays.clone(), options)
            }
            Inputs::Text { path, text } => Workspace::from_text_with(path, text, options),
        }
    }

    /// Stages 1 and 2: read and resolve, freeing the syntax trees. Scene
    /// files are read as outlines, their scenes parsed while they are
    /// resolved ([`LoadOptions::outline`]): the trees are never whole.
    pub fn resolve(&self) -> Resolved {
        let outline = LoadOptions {
            outline: true,
            ..self.options
        };
        let mut workspace = self.load_with(&outline);
        crate::timings::mark("read+parse");
        let stories = resolve(&mut workspace, Trees::Free);
        crate::timings::mark("resolve");
        Resolved { workspace, stories }
    }

    /// Every stage: read, resolve, analyse and check.
    pub fn check(&self) -> Checked {
        self.resolve().check(&self.rules)
    }

    /// [`Project::check`] keeping the syntax trees in the workspace (for
    /// an editor, which indexes them): the language server's entry point.
    pub fn check_keeping_trees(&self) -> Checked {
        let mut workspace = self.load();
        let stories = resolve(&mut workspace, Trees::Keep);
        Resolved { workspace, stories }.check(&self.rules)
    }
}

impl Resolved {
    /// The errors of reading and resolving, sorted: any of them makes the
    /// commands that need a whole, meaningful story (`export`, `order`,
    /// `stats`) refuse.
    pub fn errors(&self) -> Vec<Diagnostic> {
        let mut errors: Vec<Diagnostic> = self
            .workspace
            .diagnostics
            .iter()
            .chain(self.stories.iter().flat_map(|l| &l.diagnostics))
            .filter(|d| d.severity() == Severity::Error)
            .cloned()
            .collect();
        diagnostics::sort(&mut errors);
        errors
    }

    /// Stages 3 to 6 on these stories.
    pub fn check(self, rules: &RuleLevels) -> Checked {
        let (diagnostics, stories) = check_stories(&self.workspace, self.stories, rules);
        Checked {
            workspace: self.workspace,
            diagnostics,
            stories,
        }
    }
}

/// Whether resolving keeps the syntax trees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trees {
    /// Keep them (the language server indexes them).
    Keep,
    /// Free each story's trees scene by scene while it resolves, so a large
    /// story is never held twice.
    Free,
}

/// Stage 2: resolve every story of the workspace.
pub fn resolve(ws: &mut Workspace, trees: Trees) -> Vec<LoadedStory> {
    match trees {
        Trees::Keep => ws.resolve(),
        Trees::Free => ws.resolve_owned(),
    }
}

/// The files whose text did not read cleanly (an error among the reading
/// diagnostics points into them).
pub fn broken_files(ws: &Workspace) -> HashSet<FileId> {
    ws.diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .filter_map(|d| d.main_span().map(|s| s.file))
        .collect()
}

/// Stage 3: whether a story goes on to the engine, and if not, why. Only
/// stories whose files all read cleanly and whose names all resolved do: a
/// missing reference would otherwise surface again as odd bounds.
pub fn gate(loaded: &LoadedStory, broken: &HashSet<FileId>) -> Option<Skipped> {
    if loaded.story.files.iter().any(|f| broken.contains(f)) {
        Some(Skipped::UnreadableFile)
    } else if loaded
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error)
    {
        Some(Skipped::Unresolved)
    } else {
        None
    }
}

/// Stage 4: a story's configuration: `chronotope.toml` in the directory of
/// its first file (read only if it is a regular file, never through a
/// symbolic link), then `rules`. A file that cannot be read or is invalid
/// gives the defaults (with `rules`) and an `E0416` diagnostic without a
/// span (the file is not a scene file).
pub fn configure(
    story: &Story,
    sources: &Sources,
    rules: &RuleLevels,
) -> (Config, Option<Diagnostic>) {
    let (mut config, problem) = match story.files.first() {
        Some(&first) => match read_config(&config::dir_of(sources.get(first).path())) {
            Ok(config) => (config, None),
            Err(message) => (
                Config::default(),
                Some(Diagnostic::error(codes::INVALID_CONFIG, message).help(
                    "the rules ran with their default levels; `chronotope explain E0416` shows the file's format",
                )),
            ),
        },
        None => (Config::default(), None),
    };
    rules.apply(&mut config);
    (config, problem)
}

/// `dir/chronotope.toml` on top of the defaults, or the defaults when there
/// is none. Errors name the file.
fn read_config(dir: &Path) -> Result<Config, String> {
    // `chronotope.toml`, not `./chronotope.toml`, in messages.
    let path = if dir == Path::new(".") {
        PathBuf::from(config::FILE_NAME)
    } else {
        dir.join(config::FILE_NAME)
    };
    if std::fs::symlink_metadata(&path).is_err() {
        return Ok(Config::default());
    }
    let text = source::read(&path, Open::RegularOnly)
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| source::LoadError::InvalidUtf8 {
                file: FileId(0),
                offset: e.utf8_error().valid_up_to(),
            })
        })
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Config::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Stage 5: the engine's chronology of a story.
pub fn analyse(story: &Story, sources: &Sources) -> Chronology {
    engine::analyze(story, sources)
}

/// Stage 5 with the story's configuration: day labels as
/// `chronotope.toml` sets them, and with `--infer` (`infer`) starts narrowed
/// to their time of day.
pub fn analyse_configured(story: &Story, config: &Config, infer: bool) -> Chronology {
    engine::analyze_with(
        story,
        &engine::Options {
            days: config.days.clone(),
            hours: config.hours,
            narrow_hours: infer,
        },
    )
}

/// Stage 6: the continuity rules at the levels `config` sets.
pub fn check_continuity(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    config: &Config,
) -> Vec<Diagnostic> {
    continuity::check(story, chronology, sources, config)
}

/// What stages 3 to 6 make of one story that passed the [`gate`].
struct Analysis {
    /// A problem with its `chronotope.toml`, if any.
    problem: Option<Diagnostic>,
    /// The engine's result.
    chronology: Chronology,
    /// The continuity rules' findings.
    rules_found: Vec<Diagnostic>,
}

/// Stages 3 to 6 on one story: its configuration, the engine, the rules.
fn analyse_story(ws: &Workspace, loaded: &LoadedStory, rules: &RuleLevels) -> Analysis {
    let (config, problem) = configure(&loaded.story, &ws.sources, rules);
    let chronology = analyse_configured(&loaded.story, &config, ws.options.infer);
    crate::timings::mark("engine");
    let rules_found = check_continuity(&loaded.story, &chronology, &ws.sources, &config);
    crate::timings::mark("continuity");
    Analysis {
        problem,
        chronology,
        rules_found,
    }
}

/// Stages 3 to 6 on stories resolved from `ws`: every diagnostic (sorted,
/// each distinct configuration problem once, as stories of one directory
/// share the file) and each story's result.
pub fn check_stories(
    ws: &Workspace,
    resolved: Vec<LoadedStory>,
    rules: &RuleLevels,
) -> (Vec<Diagnostic>, Vec<CheckedStory>) {
    let broken = broken_files(ws);
    // Stories are independent: several are analysed two at a time on two
    // cores, and their results gathered below in the stories' order.
    let analyses = crate::parallel::map(&resolved, |loaded| match gate(loaded, &broken) {
        Some(why) => Err(why),
        None => Ok(analyse_story(ws, loaded, rules)),
    });
    let mut all: Vec<Diagnostic> = ws.diagnostics.clone();
    let mut config_problems: HashSet<String> = HashSet::new();
    let mut stories = Vec::with_capacity(resolved.len());
    for (loaded, analysis) in resolved.into_iter().zip(analyses) {
        all.extend(loaded.diagnostics.iter().cloned());
        let result = match analysis {
            Err(why) => StoryResult::Skipped(why),
            Ok(Analysis {
                problem,
                chronology,
                rules_found,
            }) => {
                let mut findings: Vec<Diagnostic> = problem.into_iter().collect();
                if let Some(p) = findings.first() {
                    if config_problems.insert(p.message.clone()) {
                        all.push(p.clone());
                    }
                }
                all.extend(rules_found.iter().cloned());
                findings.extend(rules_found);
                StoryResult::Analysed {
                    chronology,
                    findings,
                }
            }
        };
        stories.push(CheckedStory { loaded, result });
    }
    diagnostics::sort(&mut all);
    crate::timings::mark("collect");
    (all, stories)
}

/// Stages 2 to 6 on a workspace whose trees stay, in the shape the
/// language server keeps: every diagnostic, and each story with its
/// chronology (`None` for a skipped story). No command-line rule levels.
/// [`Project::check_keeping_trees`] is the same with the load options
/// honoured.
pub fn diagnose(ws: &Workspace) -> (Vec<Diagnostic>, Vec<(LoadedStory, Option<Chronology>)>) {
    let (all, stories) = check_stories(ws, ws.resolve(), &RuleLevels::default());
    let pairs = stories
        .into_iter()
        .map(|s| match s.result {
            StoryResult::Analysed { chronology, .. } => (s.loaded, Some(chronology)),
            StoryResult::Skipped(_) => (s.loaded, None),
        })
        .collect();
    (all, pairs)
}
