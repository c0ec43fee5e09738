//! Finding stories on disk.
//!
//! A story is a `.scenes` file with a header, or a directory whose files
//! carry exactly one header between them (the header file first, the others
//! in natural sort order). A directory whose files carry several headers holds
//! several single-file stories; a headerless file there is an error.
//! Directories are walked with an explicit stack, never following symbolic
//! links, and hidden entries (`.git`) are skipped.
//!
//! A `.fountain` script (a file of any reader but scene files, see
//! [`crate::readers`]) is always a story of its own. A `.scenes` file with
//! the same stem in the same directory and no story header is its
//! *companion*: it is read first (its declarations serve the script) and
//! joins the script's story instead of being a story itself.
//!
//! Files named on the command line are read as named (links followed,
//! pipes read up to a limit, `-` is standard input). Files found here (by
//! the walk, as a companion) are read only if they are regular files and
//! not symbolic links ([`crate::source::Open::RegularOnly`]).

mod calendar_file;

use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::{codes, Diagnostic};
use crate::markdown;
use crate::model::{self, Story};
use crate::readers::{self, ReadOptions, Reader};
use crate::source::{self, LoadError, Open, Sources};
use crate::span::{FileId, Span};
use crate::syntax::parser::SceneBodies;
use crate::syntax::tree::{Item, SceneLine, UnparsedLines};
use crate::syntax::SourceTree;
use crate::text::escape::terminal;

pub use crate::source::io_reason;

/// File extensions read when walking a directory (every reader's; see
/// [`crate::readers::READERS`]).
pub const EXTENSIONS: &[&str] = &["scenes", "fountain", "fdx", "md", "markdown", "csv", "tsv"];

/// The path that stands for standard input on the command line.
pub const STDIN: &str = "-";

/// The name standard input goes by in messages.
pub const STDIN_NAME: &str = "<stdin>";

/// How files named on the command line are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InputFormat {
    /// By extension ([`Reader::for_named`]): `.fountain` is Fountain,
    /// `.fdx` Final Draft, anything else a scene file.
    #[default]
    Auto,
    /// Every named file with this reader.
    Only(Reader),
}

/// What [`Workspace::load_with`] needs besides the paths. Passed
/// explicitly to every load: there is no process-wide default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// How files named on the command line are read; files found by walking
    /// a directory always go by their extension.
    pub input_format: InputFormat,
    /// Infer story-time from chronology cues in Fountain scripts.
    pub infer: bool,
    /// Read scene files as outlines: their scenes' lines are parsed while
    /// [`Workspace::resolve_owned`] resolves them, so a story's tree is
    /// never whole in memory. Only for a workspace that is resolved that
    /// way and whose trees are not looked at otherwise (until then its
    /// scenes have no lines, and the problems inside them are not yet in
    /// [`Workspace::diagnostics`]).
    pub outline: bool,
}

/// One story's files, parsed, in telling order.
#[derive(Debug)]
pub struct StoryFiles {
    /// The trees, in telling order.
    pub trees: Vec<SourceTree>,
    /// Title to use when no file has `title:`.
    pub fallback_title: String,
}

/// Everything read from the paths of one command.
#[derive(Debug, Default)]
pub struct Workspace {
    /// All loaded text.
    pub sources: Sources,
    /// Stories found, in path order.
    pub stories: Vec<StoryFiles>,
    /// Problems in the files (syntax errors, bad UTF-8, grouping errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Paths that could not be read at all (exit code 2), as messages
    /// whose paths are escaped for a terminal.
    pub io_errors: Vec<String>,
    /// How the files were read.
    pub options: LoadOptions,
    /// Text to use instead of the disk's for these paths (an editor's
    /// unsaved buffers, for the language server).
    pub overlays: HashMap<PathBuf, String>,
}

/// A resolved story with the diagnostics that belong to it.
#[derive(Debug)]
pub struct LoadedStory {
    /// The story.
    pub story: Story,
    /// Syntax and resolution diagnostics of its files.
    pub diagnostics: Vec<Diagnostic>,
}

/// `cannot read `PATH`: REASON`, with the path escaped for a terminal.
pub fn cannot_read(path: &Path, reason: impl std::fmt::Display) -> String {
    format!(
        "cannot read `{}`: {reason}",
        terminal(&path.display().to_string())
    )
}

impl Workspace {
    /// Read every path with the default [`LoadOptions`].
    pub fn load(paths: &[PathBuf]) -> Workspace {
        Workspace::load_with(paths, &LoadOptions::default())
    }

    /// Read every path with these options: files as given, directories
    /// walked, [`STDIN`] as a file named [`STDIN_NAME`]. A directory that
    /// holds no file a reader reads is an I/O error: a command on it would
    /// otherwise pass having checked nothing.
    pub fn load_with(paths: &[PathBuf], options: &LoadOptions) -> Workspace {
        let mut ws = Workspace {
            options: *options,
            ..Workspace::default()
        };
        for path in paths {
            if path.as_os_str() == STDIN {
                ws.load_stdin();
                continue;
            }
            match std::fs::metadata(path) {
                Err(e) => ws.io_errors.push(cannot_read(path, io_reason(&e))),
                Ok(m) if m.is_dir() => ws.load_dir(path),
                Ok(_) => match ws.named_reader(path) {
                    reader if reader.is_script() => {
                        ws.load_script(path, reader, Open::Named, None);
                    }
                    reader => ws.load_single(path, reader),
                },
            }
        }
        ws
    }

    /// Load text given in memory (for tests and the language server); the
    /// reader goes by the path's extension.
    pub fn from_text(path: &str, text: &str) -> Workspace {
        Workspace::from_text_with(path, text, &LoadOptions::default())
    }

    /// [`Workspace::from_text`] with these options (`--infer` reaches a
    /// Fountain text; the reader still goes by the path's extension).
    pub fn from_text_with(path: &str, text: &str, options: &LoadOptions) -> Workspace {
        let mut ws = Workspace {
            options: *options,
            ..Workspace::default()
        };
        let id = ws.sources.add(path, text);
        let reader = Reader::for_named(Path::new(path));
        let tree = ws.read_tree(id, reader, &[]);
        ws.stories.push(StoryFiles {
            trees: vec![tree],
            fallback_title: stem(Path::new(path)),
        });
        ws
    }

    /// Load the files directly in `dir` (not below it), grouped into
    /// stories as a directory walk groups them, with `overlays` standing in
    /// for the disk: an overlaid path is read from there, and one in `dir`
    /// that is not on disk yet is read as if it were.
    pub fn load_dir_overlaid(
        dir: &Path,
        overlays: HashMap<PathBuf, String>,
        options: &LoadOptions,
    ) -> Workspace {
        let mut ws = Workspace {
            options: *options,
            overlays,
            ..Workspace::default()
        };
        let (mut files, _) = list_dir(dir, &mut ws.io_errors);
        for path in ws.overlays.keys() {
            if path.parent() == Some(dir) && readers::is_story_file(path) && !files.contains(path) {
                files.push(path.clone());
            }
        }
        files.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
        ws.group_directory(dir, &files);
        ws
    }

    /// Number of files read.
    pub fn file_count(&self) -> usize {
        self.sources.len()
    }

    /// A named scene file as a story of its own.
    fn load_single(&mut self, path: &Path, reader: Reader) {
        if let Some(id) = self.load_source(path, Open::Named) {
            let tree = self.read_tree(id, reader, &[]);
            self.stories.push(StoryFiles {
                trees: vec![tree],
                fallback_title: stem(path),
            });
        }
    }

    /// Standard input, bounded like any stream, as one story.
    fn load_stdin(&mut self) {
        let bytes = match source::read_stdin() {
            Ok(b) => b,
            Err(e) => {
                self.io_errors
                    .push(format!("cannot read standard input: {e}"));
                return;
            }
        };
        let reader = match self.options.input_format {
            InputFormat::Auto => Reader::Scenes,
            InputFormat::Only(r) => r,
        };
        if let Some(id) = self.add_loaded(Path::new(STDIN_NAME), Ok(bytes)) {
            let tree = self.read_tree(id, reader, &[]);
            self.stories.push(StoryFiles {
                trees: vec![tree],
                fallback_title: "stdin".into(),
            });
        }
    }

    /// Read one file, found by walking (`Open::RegularOnly`) or named.
    fn load_file(&mut self, path: &Path, open: Open) -> Option<SourceTree> {
        let id = self.load_source(path, open)?;
        Some(self.read_tree(id, Reader::Scenes, &[]))
    }

    /// Read a file into the sources, reporting why it could not be.
    fn load_source(&mut self, path: &Path, open: Open) -> Option<FileId> {
        if let Some(text) = self.overlays.get(path) {
            return Some(self.sources.add(path, text.clone()));
        }
        let bytes = source::read(path, open);
        self.add_loaded(path, bytes)
    }

    /// Add the outcome of a read: the text, an I/O error, or the valid
    /// prefix of a file that is not UTF-8 with an `E0001`-style error.
    fn add_loaded(&mut self, path: &Path, bytes: Result<Vec<u8>, LoadError>) -> Option<FileId> {
        let loaded = bytes.and_then(|b| {
            self.sources
                .add_bytes(path, b)
                .map_err(|(file, offset)| LoadError::InvalidUtf8 { file, offset })
        });
        match loaded {
            Ok(id) => Some(id),
            Err(LoadError::InvalidUtf8 { file, offset }) => {
                let at = self.sources.get(file).text().len();
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_UTF8,
                        format!("the file is not valid UTF-8 (byte offset {offset})"),
                    )
                    .primary(Span::new(file, at, at), "invalid UTF-8 starts here")
                    .help("scene files must be UTF-8; re-save the file as UTF-8 in your editor"),
                );
                None
            }
            Err(e) => {
                self.io_errors.push(cannot_read(path, e));
                None
            }
        }
    }

    /// The reader of a file named on the command line.
    fn named_reader(&self, path: &Path) -> Reader {
        match self.options.input_format {
            InputFormat::Auto => Reader::for_named(path),
            InputFormat::Only(r) => r,
        }
    }

    /// Read a script and its companion: `companion` when the directory
    /// walk found it, else the same-stem `.scenes` file beside the script,
    /// if there is one and [`is_companion`] says it serves the script. The
    /// companion is read
    /// only if it is a regular file (never through a symbolic link).
    fn load_script(
        &mut self,
        path: &Path,
        reader: Reader,
        open: Open,
        companion: Option<SourceTree>,
    ) {
        let companion = companion.or_else(|| {
            let sibling = path.with_extension("scenes");
            if sibling == path || std::fs::symlink_metadata(&sibling).is_err() {
                return None;
            }
            self.load_file(&sibling, Open::RegularOnly)
                .filter(|t| is_companion(t, reader))
        });
        let Some(id) = self.load_source(path, open) else {
            return;
        };
        let companions: Vec<&SourceTree> = companion.iter().collect();
        let tree = self.read_tree(id, reader, &companions);
        let mut trees = vec![tree];
        trees.extend(companion);
        self.stories.push(StoryFiles {
            trees,
            fallback_title: stem(path),
        });
    }

    /// Parse a loaded file with its reader, keeping the diagnostics.
    fn read_tree(&mut self, id: FileId, reader: Reader, companions: &[&SourceTree]) -> SourceTree {
        let source = self.sources.get(id);
        let name = stem(source.path());
        let options = ReadOptions {
            infer: self.options.infer,
            companions,
            name: &name,
            outline: self.options.outline,
        };
        let (tree, diagnostics) = reader.read(id, source.text(), &options);
        self.diagnostics.extend(diagnostics);
        tree
    }

    /// Parse a directory's scene files, in their order. A large story's
    /// files are parsed on two threads, each taking the next file not yet
    /// taken; the trees and diagnostics come back in file order either
    /// way, so the output does not depend on it.
    fn parse_scene_files(&mut self, ids: &[FileId]) -> Vec<SourceTree> {
        let sources = &self.sources;
        let LoadOptions { infer, outline, .. } = self.options;
        let parse = |id: &FileId| {
            let source = sources.get(*id);
            let name = stem(source.path());
            let options = ReadOptions {
                infer,
                companions: &[],
                name: &name,
                outline,
            };
            Reader::Scenes.read(*id, source.text(), &options)
        };
        let total: usize = ids.iter().map(|id| sources.get(*id).text().len()).sum();
        let parsed: Vec<(SourceTree, Vec<Diagnostic>)> =
            if total < crate::syntax::PARALLEL_FROM_BYTES {
                ids.iter().map(parse).collect()
            } else {
                crate::parallel::map(ids, parse)
            };
        parsed
            .into_iter()
            .map(|(tree, diagnostics)| {
                self.diagnostics.extend(diagnostics);
                tree
            })
            .collect()
    }

    fn load_dir(&mut self, root: &Path) {
        let dirs = walk(root, &mut self.io_errors);
        if dirs.iter().all(|(_, files)| files.is_empty()) {
            self.io_errors.push(format!(
                "no story in `{}`: it holds no scene files or scripts (*.{})",
                terminal(&root.display().to_string()),
                EXTENSIONS.join(", *.")
            ));
            return;
        }
        for (dir, files) in join_longform_scene_folders(dirs) {
            self.group_directory(&dir, &files);
        }
    }

    fn group_directory(&mut self, dir: &Path, files: &[PathBuf]) {
        let (scripts, files): (Vec<&PathBuf>, Vec<&PathBuf>) =
            files.iter().partition(|f| Reader::for_named(f).is_script());
        let (notes, files): (Vec<&PathBuf>, Vec<&PathBuf>) = files
            .into_iter()
            .partition(|f| Reader::for_named(f) == Reader::Markdown);
        let ids: Vec<FileId> = files
            .iter()
            .filter_map(|f| self.load_source(f, Open::RegularOnly))
            .collect();
        let mut trees = self.parse_scene_files(&ids);
        for script in scripts {
            // The companion leaves the directory's own grouping.
            let companion = trees
                .iter()
                .position(|t| {
                    is_companion(t, Reader::for_named(script))
                        && self
                            .sources
                            .get(t.file)
                            .path()
                            .with_extension(script.extension().unwrap_or_default())
                            == *script
                })
                .map(|i| trees.remove(i));
            self.load_script(
                script,
                Reader::for_named(script),
                Open::RegularOnly,
                companion,
            );
        }
        self.load_notes(&notes, &mut trees);
        if trees.is_empty() {
            return;
        }
        let headers = trees.iter().filter(|t| t.has_header()).count();
        if headers <= 1 {
            let mut trees = trees;
            // The header file leads; the rest keep natural order.
            if let Some(i) = trees.iter().position(SourceTree::has_header) {
                let head = trees.remove(i);
                trees.insert(0, head);
            }
            let fallback = if trees.len() == 1 {
                stem(self.sources.get(trees[0].file).path())
            } else {
                dir.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_else(|| "story".into())
            };
            self.stories.push(StoryFiles {
                trees,
                fallback_title: fallback,
            });
            return;
        }
        for tree in trees {
            if tree.has_header() {
                let fallback = stem(self.sources.get(tree.file).path());
                self.stories.push(StoryFiles {
                    trees: vec![tree],
                    fallback_title: fallback,
                });
            } else {
                let path = self.sources.get(tree.file).path().display().to_string();
                self.diagnostics.push(
                    Diagnostic::error(codes::NO_STORY, format!("`{path}` has no story header, but its directory holds {headers} stories"))
                        .primary(Span::new(tree.file, 0, 0), "no `title:` header in this file")
                        .help("give it a header (`title: …`) to make it a story of its own, or move a multi-file story into its own directory"),
                );
            }
        }
    }

    /// Read a directory's Markdown notes into `trees`, after its scene
    /// files, in their telling order ([`markdown::telling_order`]). Story
    /// notes (`Class: Story`) are read first, so the markers they and the
    /// scene files declare are scene keys in every note; a note that is no
    /// scene and no story (a README) is left out.
    fn load_notes(&mut self, notes: &[&PathBuf], trees: &mut Vec<SourceTree>) {
        let ids: Vec<FileId> = notes
            .iter()
            .filter_map(|p| self.load_source(p, Open::RegularOnly))
            .collect();
        let is_story: Vec<bool> = ids
            .iter()
            .map(|&id| markdown::is_story_note(self.sources.get(id).text()))
            .collect();
        for (&id, _) in ids.iter().zip(&is_story).filter(|(_, &s)| s) {
            let tree = self.read_tree(id, Reader::Markdown, &[]);
            trees.push(tree);
        }
        // The index note may be the story note: order over every note.
        let named: Vec<(String, &str)> = ids
            .iter()
            .map(|&id| {
                (
                    stem(self.sources.get(id).path()),
                    self.sources.get(id).text(),
                )
            })
            .collect();
        let named: Vec<(&str, &str)> = named.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let order = markdown::telling_order(&named);
        let declared: Vec<SourceTree> = trees
            .iter()
            .filter(|t| t.items.iter().any(|i| matches!(i, Item::Marker(_))))
            .cloned()
            .collect();
        let companions: Vec<&SourceTree> = declared.iter().collect();
        let first_note = trees.len();
        for i in order.into_iter().filter(|&i| !is_story[i]) {
            let tree = self.read_tree(ids[i], Reader::Markdown, &companions);
            if !tree.items.is_empty() {
                trees.push(tree);
            }
        }
        if trees.len() > first_note
            && !trees[..first_note]
                .iter()
                .any(|t| t.items.iter().any(|i| matches!(i, Item::Character(_))))
        {
            markdown::declare_cast(&mut trees[first_note..]);
        }
    }

    /// Resolve every story. Diagnostics of a story's files go with it.
    pub fn resolve(&self) -> Vec<LoadedStory> {
        debug_assert!(
            self.stories
                .iter()
                .all(|s| s.trees.iter().all(|t| t.unparsed.is_empty())),
            "outlines are resolved by resolve_owned"
        );
        self.stories
            .iter()
            .map(|s| {
                let trees: Vec<&SourceTree> = s.trees.iter().collect();
                let calendar = calendar_file::external(&self.sources, &trees);
                let (story, diagnostics) =
                    model::resolve::resolve_in(&trees, &s.fallback_title, calendar);
                LoadedStory { story, diagnostics }
            })
            .collect()
    }

    /// [`Workspace::resolve`] for commands that need only the model: each
    /// story's trees are taken and freed scene by scene while it resolves,
    /// so a large story is never held twice. The stories keep their files
    /// and fallback titles, with no trees.
    ///
    /// Trees read as outlines ([`LoadOptions::outline`]) have their scenes
    /// parsed here, in batches on both cores just ahead of the resolver;
    /// the problems found in them join [`Workspace::diagnostics`], as the
    /// whole parse's would have.
    pub fn resolve_owned(&mut self) -> Vec<LoadedStory> {
        let Workspace {
            sources,
            stories,
            diagnostics: reading,
            ..
        } = self;
        stories
            .iter_mut()
            .map(|s| {
                let trees = std::mem::take(&mut s.trees);
                let refs: Vec<&SourceTree> = trees.iter().collect();
                let calendar = calendar_file::external(sources, &refs);
                drop(refs);
                let (story, diagnostics) =
                    resolve_outlines(sources, trees, &s.fallback_title, calendar, reading);
                LoadedStory { story, diagnostics }
            })
            .collect()
    }
}

/// Scenes parsed as one piece of work: enough that taking and handing
/// over a batch costs nothing beside parsing it, few enough that the
/// batches in flight are a few hundred kilobytes of tree.
const SCENES_A_BATCH: usize = 256;

/// One story's trees resolved, taking them. The scenes outlines left
/// unparsed are parsed on the way, in story order, into the lines the
/// resolver asks for next; their problems go to `reading`.
fn resolve_outlines(
    sources: &Sources,
    trees: Vec<SourceTree>,
    title: &str,
    calendar: model::resolve::ExternalCalendar,
    reading: &mut Vec<Diagnostic>,
) -> (Story, Vec<Diagnostic>) {
    if trees.iter().all(|t| t.unparsed.is_empty()) {
        return model::resolve::resolve_owned_in(trees, title, calendar);
    }
    // Where the scenes are, for the parsing (16 bytes a scene): the trees
    // go to the resolver.
    let unparsed: Vec<(FileId, Vec<UnparsedLines>)> = trees
        .iter()
        .filter(|t| !t.unparsed.is_empty())
        .map(|t| (t.file, t.unparsed.clone()))
        .collect();
    let batches: Vec<(FileId, &[UnparsedLines])> = unparsed
        .iter()
        .flat_map(|(file, scenes)| scenes.chunks(SCENES_A_BATCH).map(|b| (*file, b)))
        .collect();
    let parse = |(file, scenes): &(FileId, &[UnparsedLines])| {
        let mut parser = SceneBodies::new(*file, sources.get(*file).text());
        let lines: Vec<Vec<SceneLine>> = scenes.iter().map(|s| parser.parse(s)).collect();
        (lines, parser.take_diagnostics())
    };
    crate::parallel::in_order(&batches, parse, |parsed| {
        let mut batch = Vec::new().into_iter();
        let mut next_lines = |_: FileId, _: &UnparsedLines| loop {
            if let Some(lines) = batch.next() {
                return lines;
            }
            let Some((lines, problems)) = parsed.next() else {
                return Vec::new();
            };
            reading.extend(problems);
            batch = lines.into_iter();
        };
        model::resolve::resolve_outlines_in(trees, title, calendar, &mut next_lines)
    })
}

/// The directories below `root` (itself first), depth-first in natural
/// order, each with its scene files ([`EXTENSIONS`]) in natural order. Hidden
/// entries are skipped and symbolic links never followed; a directory that
/// cannot be read is reported in `io_errors` and passed over.
pub fn walk(root: &Path, io_errors: &mut Vec<String>) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut stack = vec![root.to_path_buf()];
    let mut dirs_in_order = Vec::new();
    // Collect directories depth-first in natural order without recursion.
    while let Some(dir) = stack.pop() {
        let (files, mut subdirs) = list_dir(&dir, io_errors);
        subdirs.sort_by(|a, b| natural_cmp(&b.to_string_lossy(), &a.to_string_lossy()));
        dirs_in_order.push((dir, files));
        stack.extend(subdirs);
    }
    dirs_in_order
}

/// The scene files of one directory in natural order, and its
/// subdirectories; hidden entries and symbolic links are passed over, and a
/// directory that cannot be read is reported in `io_errors` as empty.
fn list_dir(dir: &Path, io_errors: &mut Vec<String>) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut subdirs = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            io_errors.push(format!(
                "cannot read directory `{}`: {}",
                terminal(&dir.display().to_string()),
                io_reason(&e)
            ));
            return (files, subdirs);
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            subdirs.push(entry.path());
        } else if kind.is_file() && readers::is_story_file(&entry.path()) {
            files.push(entry.path());
        }
    }
    files.sort_by(|a, b| natural_cmp(&a.to_string_lossy(), &b.to_string_lossy()));
    (files, subdirs)
}

/// A Longform index keeps its scenes in its `sceneFolder` (docs/markdown.md):
/// the Markdown notes of that folder join the index's directory, so index
/// and scenes are one story, in the index's order.
fn join_longform_scene_folders(
    mut dirs: Vec<(PathBuf, Vec<PathBuf>)>,
) -> Vec<(PathBuf, Vec<PathBuf>)> {
    let is_note = |f: &PathBuf| Reader::for_named(f) == Reader::Markdown;
    for i in 0..dirs.len() {
        let notes: Vec<&Path> = dirs[i]
            .1
            .iter()
            .filter(|f| is_note(f))
            .map(PathBuf::as_path)
            .collect();
        let Some(folder) = markdown::longform_scene_folder(&notes) else {
            continue;
        };
        let target = dirs[i].0.join(folder);
        let Some(j) = dirs.iter().position(|(d, _)| *d == target) else {
            continue;
        };
        if i == j {
            continue;
        }
        let (moved, kept): (Vec<PathBuf>, Vec<PathBuf>) = std::mem::take(&mut dirs[j].1)
            .into_iter()
            .partition(is_note);
        dirs[j].1 = kept;
        dirs[i].1.extend(moved);
        dirs[i].1.sort_by(|a, b| {
            natural_cmp(
                &a.file_name().unwrap_or_default().to_string_lossy(),
                &b.file_name().unwrap_or_default().to_string_lossy(),
            )
        });
    }
    dirs
}

/// Whether a same-stem scene file serves a script or table as its
/// companion: it declares no scene of its own (a file with scenes, such as
/// one `import` wrote, is a story of its own), and it has no header when
/// the script has one (a title page). A table has none, so its companion
/// may carry the story's header (`title:`, `calendar:`).
fn is_companion(tree: &SourceTree, script: Reader) -> bool {
    let table = matches!(script, Reader::Csv | Reader::Tsv);
    tree.scenes().next().is_none() && (table || !tree.has_header())
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "story".into())
}

/// Compare names with digit runs taken as numbers: `2-x` < `10-x`.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, _) => return Ordering::Less,
            (_, None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let (na, nb) = (&a[..da], &b[..db]);
                let ta = trim_zeros(na);
                let tb = trim_zeros(nb);
                let ord = ta
                    .len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| da.cmp(&db));
                if ord != Ordering::Equal {
                    return ord;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                if x != y {
                    return x.cmp(y);
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let i = d.iter().take_while(|&&c| c == b'0').count();
    &d[i.min(d.len().saturating_sub(1))..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scene_files_parse_on_two_threads_in_file_order() {
        use std::fmt::Write as _;
        let mut ws = Workspace::default();
        let mut texts = Vec::new();
        let mut ids = Vec::new();
        for f in 0..5 {
            let mut text = String::new();
            for i in 0..5000 {
                let _ = writeln!(text, "scene f{f}s{i}: Scene {i}\n  story: 2014-05-17\n");
            }
            // A mistake in the first and in the last file.
            if f == 0 || f == 4 {
                text.push_str("scene oops\n");
            }
            ids.push(
                ws.sources
                    .add(Path::new(&format!("{f}.scenes")), text.clone()),
            );
            texts.push(text);
        }
        let total: usize = texts.iter().map(String::len).sum();
        assert!(total >= 1 << 20, "enough text for two threads: {total}");
        let trees = ws.parse_scene_files(&ids);
        let files: Vec<FileId> = trees.iter().map(|t| t.file).collect();
        assert_eq!(files, ids);
        for (tree, text) in trees.iter().zip(&texts) {
            assert_eq!(
                tree.scenes().count(),
                5000 + usize::from(text.ends_with("oops\n"))
            );
        }
        // The diagnostics as one thread reading the files in order gives.
        let one_thread: Vec<Diagnostic> = ids
            .iter()
            .zip(&texts)
            .flat_map(|(id, text)| crate::syntax::parse(*id, text).1)
            .collect();
        assert_eq!(one_thread.len(), 2);
        assert_eq!(ws.diagnostics, one_thread);
        assert_eq!(ws.diagnostics[0].labels[0].span.file, ids[0]);
        assert_eq!(ws.diagnostics[1].labels[0].span.file, ids[4]);
    }

    #[test]
    fn a_directory_with_overlays_reads_the_unsaved_texts_with_the_options_given() {
        let dir = tempfile::tempdir().unwrap();
        let on_disk = dir.path().join("a.scenes");
        std::fs::write(&on_disk, "scene a: As saved\n  story: 2014-05-17\n").unwrap();
        // An editor's unsaved buffers: one over the saved file, one for a
        // file not yet written.
        let overlays = HashMap::from([
            (
                on_disk.clone(),
                "scene a: As edited\n  story: 2014-05-18\n".to_string(),
            ),
            (
                dir.path().join("b.scenes"),
                "scene b: New\n  story: a + 1d\n".to_string(),
            ),
        ]);
        let options = LoadOptions {
            outline: true,
            ..LoadOptions::default()
        };
        let ws = Workspace::load_dir_overlaid(dir.path(), overlays, &options);
        assert!(ws.io_errors.is_empty(), "{:?}", ws.io_errors);
        assert_eq!(ws.stories.len(), 1);
        let trees = &ws.stories[0].trees;
        let texts: Vec<&str> = trees
            .iter()
            .map(|t| ws.sources.get(t.file).text())
            .collect();
        assert_eq!(
            texts,
            [
                "scene a: As edited\n  story: 2014-05-18\n",
                "scene b: New\n  story: a + 1d\n"
            ]
        );
        // Read as outlines, as asked: each scene's lines wait for the
        // resolver.
        assert!(ws.options.outline);
        assert!(trees.iter().all(|t| t.unparsed.len() == 1), "{trees:?}");
    }

    #[test]
    fn only_a_file_without_errors_is_empty() {
        let empty = |text: &str| {
            Workspace::from_text("a.scenes", text)
                .diagnostics
                .iter()
                .any(|d| d.code == codes::EMPTY_FILE)
        };
        assert!(empty(""));
        assert!(empty("\n# a comment\n\n"));
        assert!(!empty("not a declaration\n"));
        assert!(!empty("scene a: A\n"));
    }

    #[test]
    fn the_walk_reads_every_registered_extension() {
        let registered: Vec<&str> = crate::readers::READERS
            .iter()
            .flat_map(|r| r.extensions.iter().copied())
            .collect();
        assert_eq!(EXTENSIONS, registered.as_slice());
    }

    #[test]
    fn natural_order() {
        let mut v = vec![
            "10-end.scenes",
            "01-act-one.scenes",
            "2-two.scenes",
            "b",
            "a",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            [
                "01-act-one.scenes",
                "2-two.scenes",
                "10-end.scenes",
                "a",
                "b"
            ]
        );
    }
}
