//! Command-line interface: argument parsing and dispatch only.
//!
//! Each subcommand lives in its own file and returns an [`Outcome`], which
//! maps to the exit code: 0 clean, 1 problems found, 2 usage or I/O error.

mod check;
mod completions;
mod explain;
mod export;
mod filter;
mod fmt;
mod import;
mod init;
mod load;
mod man;
mod order;
mod output;
mod render;
mod report;
mod stats;
mod viewing;
mod watch;
mod write_behind;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::readers::READERS;
use crate::workspace::{InputFormat, LoadOptions};

use output::Console;

pub use order::OrderFormat;
pub use render::{ThemeChoice, ViewChoice};
pub use stats::StatsFormat;
pub use watch::rebuild;

/// How a command ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing wrong.
    Clean,
    /// Problems were found in the input.
    Problems,
    /// Bad usage or an I/O error.
    Failure,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        ExitCode::from(match o {
            Outcome::Clean => 0,
            Outcome::Problems => 1,
            Outcome::Failure => 2,
        })
    }
}

/// Check, order and draw nonlinear stories.
#[derive(Parser, Debug)]
#[command(name = "chronotope", version, about, long_about = None)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// How files named on the command line are read: `auto` by extension
    /// (`.fountain` is Fountain, `.fdx` Final Draft, `.md` Markdown, `.csv`/`.tsv`
    /// tables, a named `.json` Story Curves), or all as one format.
    #[arg(long, default_value = "auto", value_parser = input_format_parser(), global = true)]
    pub input_format: InputFormat,
    /// Infer story-time in Fountain scripts from chronology cues (years in
    /// headings, FLASHBACK, TWO DAYS LATER, SUPER: …); each inference is
    /// reported as a note.
    #[arg(long, global = true)]
    pub infer: bool,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// `auto`, `always` or `never`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output on stderr.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stderr().is_terminal()
            }
        }
    }
}

/// Output format for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Source snippets for people (on stderr).
    Human,
    /// One JSON document (on stdout).
    Json,
    /// GitHub Actions workflow commands, one per line (on stdout).
    Github,
    /// SARIF 2.1.0, for code scanning (on stdout).
    Sarif,
    /// JUnit XML, one test case per rule per file (on stdout).
    Junit,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse and resolve scene files and report every problem.
    #[command(
        after_help = "Examples:\n  chronotope check scenes/\n  chronotope check story.scenes --format json\n  chronotope check scenes/ --deny warnings --format github\n  chronotope check scenes/ --warn presence-may-overlap --allow W0409\n  chronotope check scenes/ --baseline chronotope-baseline.json\n\nRules and their names: `chronotope explain CODE`, docs/continuity.md.\nCI setups: docs/ci.md."
    )]
    Check {
        /// Scene files or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
        format: DiagnosticFormat,
        /// Make a rule an error (a code or name); `--deny warnings` makes
        /// any warning fail the run (exit 1).
        #[arg(long, value_name = "RULE")]
        deny: Vec<String>,
        /// Make a rule a warning.
        #[arg(long, value_name = "RULE")]
        warn: Vec<String>,
        /// Turn a rule off.
        #[arg(long, value_name = "RULE")]
        allow: Vec<String>,
        /// Report only findings not recorded in FILE; if FILE does not
        /// exist, record today's findings in it and report none.
        #[arg(long, value_name = "FILE")]
        baseline: Option<PathBuf>,
        /// Directory that paths in machine formats are relative to
        /// (default: the working directory).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Explain a diagnostic code: what it means, an example that triggers
    /// it and how to fix it.
    #[command(after_help = "Examples:\n  chronotope explain E0403\n  chronotope explain presence")]
    Explain {
        /// A code (`E0403`) or rule name (`presence`).
        code: String,
    },
    /// Write the resolved story as JSON, for other tools.
    #[command(
        after_help = "Example:\n  chronotope export scenes/dont-leave.scenes --format json > story.json"
    )]
    Export {
        /// A scene file or a directory of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format: chronotope's `json`, `aeon-csv` for Aeon
        /// Timeline's CSV import, `storycurve` for the Story Curves tools,
        /// `breakdown` (CSV) or `breakdown-html` (a printable page per story
        /// day) for the production departments.
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Start the `breakdown` CSV with a UTF-8 byte-order mark, for
        /// spreadsheets that need one to read UTF-8.
        #[arg(long)]
        bom: bool,
    },
    /// Print the scenes in story order, with where each sits in story-time
    /// and the jump the telling makes to reach it.
    #[command(
        after_help = "Examples:\n  chronotope order scenes/dont-leave.scenes\n  chronotope order scenes/ --format json > order.json\n  chronotope order story.scenes --format csv > order.csv\n\nJump symbols: ↶ back in story-time, → on to the next scene, ↷ further ahead.\nThe columns and formats are described in docs/ordering.md."
    )]
    Order {
        /// Scene files or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OrderFormat::Text)]
        format: OrderFormat,
        /// List the works of a series in story order (span, release date,
        /// place in the telling) instead of its scenes.
        #[arg(long)]
        works: bool,
        /// Tell each series in its declared viewing order NAME
        /// (`order NAME: WORK, …`) instead of its default order.
        #[arg(long, value_name = "NAME")]
        order: Option<String>,
        /// `--character NAME`, `--thread NAME`.
        #[command(flatten)]
        filter: filter::FilterArgs,
    },
    /// Measure how the telling moves through story-time: analepses,
    /// prolepses, Kendall tau, nonlinearity index, screen time per era.
    #[command(
        after_help = "Examples:\n  chronotope stats scenes/dont-leave.scenes\n  chronotope stats story.scenes --format json\n\nThe measures are defined in docs/ordering.md."
    )]
    Stats {
        /// Scene files or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
        /// Tell each series in its declared viewing order NAME
        /// (`order NAME: WORK, …`) instead of its default order.
        #[arg(long, value_name = "NAME")]
        order: Option<String>,
        /// `--character NAME`, `--thread NAME`.
        #[command(flatten)]
        filter: filter::FilterArgs,
    },
    /// Check the stories and draw each as SVG: the lanes view (telling
    /// above, chronology below), the story curve and the storylines.
    #[command(
        after_help = "Examples:\n  chronotope render scenes/ -o output/\n  chronotope render story.scenes -o out/ --view curve --theme dark\n\nWrites DIR/<story-slug>.lanes.svg, DIR/<story-slug>.curve.svg and\nDIR/<story-slug>.storylines.svg for every story without syntax or reference errors.\n--character NAME or --thread NAME draws only those scenes; --verbose prints the\nstorylines crossing counts. The views are described in docs/render.md."
    )]
    Render(RenderArgs),
    /// Write one self-contained HTML page per story: both timelines, the
    /// chronology table, the stats and the diagnostics.
    ///
    /// The page loads nothing from elsewhere (no scripts, fonts or network),
    /// follows the reader's light or dark preference and prints cleanly.
    #[command(
        after_help = "Examples:\n  chronotope report scenes/dont-leave.scenes -o dont-leave.html\n  chronotope report scenes/ -o reports/\n\nWith one story, -o is the file to write (an existing directory gets <story-slug>.html);\nwith several, -o is a directory (created if missing) holding <story-slug>.html for each.\nA story with errors still gets a page, listing them. Described in docs/report.md."
    )]
    Report {
        /// Scene files or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The page to write (one story) or the directory to write into.
        #[arg(short = 'o', long = "out", value_name = "FILE|DIR")]
        out: PathBuf,
        /// Tell each series in its declared viewing order NAME
        /// (`order NAME: WORK, …`) instead of its default order.
        #[arg(long, value_name = "NAME")]
        order: Option<String>,
        /// `--character NAME`, `--thread NAME`.
        #[command(flatten)]
        filter: filter::FilterArgs,
    },
    /// Rewrite scene files in the canonical layout.
    ///
    /// Two-space indentation, one space after `:`, a scene's values in one
    /// column, one blank line between scenes; comments and synopsis lines
    /// stay where they were. Only files that change are written.
    #[command(
        after_help = "Examples:\n  chronotope fmt scenes/\n  chronotope fmt story.scenes --check\n\nPrints the files it rewrites (with --check: the files it would rewrite, exiting 1 if any).\nA file with syntax errors is left as it was (exit 1); Fountain files are skipped.\nThe layout is described in docs/scene-format.md."
    )]
    Fmt {
        /// Scene files or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that are not formatted and exit 1
        /// if there are any (for CI).
        #[arg(long)]
        check: bool,
    },
    /// Convert a script, Fountain or Final Draft (and its companion
    /// `.scenes` file), to one scene file that `check` and `order` read the
    /// same way.
    #[command(
        after_help = "Examples:\n  chronotope import film.fountain -o film.scenes\n  chronotope import film.fdx -o film.scenes\n  chronotope import film.fountain -o film.scenes --infer --force\n\nIds, titles, places and time of day come from the headings, the cast from character\ncues, tags from notes; synopses become `>` lines. The readers are described in\ndocs/fountain.md and docs/fdx.md."
    )]
    Import {
        /// The script (`.fountain`, `.fdx`, or as `--input-format` says).
        script: PathBuf,
        /// The scene file to write.
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Start a new story from a commented example.
    ///
    /// Writes DIR/story.scenes: two eras, a marker and four scenes, with
    /// comments that explain the format. It checks clean and renders.
    #[command(
        after_help = "Examples:\n  chronotope init\n  chronotope init my-story/ && chronotope check my-story/\n\nCreates DIR if it is missing; never overwrites an existing story.scenes (exit 2)."
    )]
    Init {
        /// The directory to write story.scenes into.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Run the language server for editors (LSP over stdin and stdout).
    ///
    /// Diagnostics as you type, go-to-definition and references for scene
    /// ids, characters, eras and markers, completion, hover with a scene's
    /// story-time, and formatting. Your editor starts it; see
    /// docs/editors.md.
    #[command(
        after_help = "Example (what an editor runs):\n  chronotope lsp\n\nSetups for VS Code, Neovim and Helix: docs/editors.md."
    )]
    Lsp,
    /// Print a shell completion script on stdout.
    #[command(
        after_help = "Examples:\n  chronotope completions bash > ~/.local/share/bash-completion/completions/chronotope\n  chronotope completions zsh > \"${fpath[1]}/_chronotope\"\n  chronotope completions fish > ~/.config/fish/completions/chronotope.fish\n  chronotope completions powershell >> $PROFILE"
    )]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout.
    ///
    /// One page with every command, its options and examples.
    #[command(
        after_help = "Examples:\n  chronotope man | man -l -\n  chronotope man > ~/.local/share/man/man1/chronotope.1"
    )]
    Man,
    /// Check and render again whenever a scene file changes.
    ///
    /// Builds once, then after every save (edits in quick succession make one
    /// build), printing the diagnostics each time. A story with syntax or
    /// reference errors keeps its last good SVGs.
    #[cfg(feature = "watch")]
    #[command(
        after_help = "Examples:\n  chronotope watch scenes/ -o output/\n  chronotope watch story.scenes -o out/ --view lanes --theme dark\n\nWrites what `chronotope render` writes; stop it with Ctrl-C."
    )]
    Watch(RenderArgs),
}

/// What `render` and `watch` take: the same, since `watch` renders.
#[derive(clap::Args, Debug)]
pub struct RenderArgs {
    /// Scene files or directories of them.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The directory to write into (created if missing).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Which views to draw.
    #[arg(long, value_enum, default_value_t = ViewChoice::All)]
    pub view: ViewChoice,
    /// Colour theme.
    #[arg(long, value_enum, default_value_t = ThemeChoice::Light)]
    pub theme: ThemeChoice,
    /// Tell each series in its declared viewing order NAME
    /// (`order NAME: WORK, …`) instead of its default order.
    #[arg(long, value_name = "NAME")]
    pub order: Option<String>,
    /// `--character NAME`, `--thread NAME`.
    #[command(flatten)]
    pub filter: filter::FilterArgs,
    /// Group the lanes view's chronology lane: `thread` draws one lane per
    /// thread.
    #[arg(long, value_enum, value_name = "BY")]
    pub group: Option<render::GroupChoice>,
    /// Also print, per story, how many crossings the storylines layout has
    /// and how many the plain order by first appearance would have.
    #[arg(long)]
    pub verbose: bool,
    /// File format: SVG, PNG (one file per view) or PDF (one page per view).
    #[arg(long, value_enum, default_value_t = render::FormatChoice::Svg)]
    pub format: render::FormatChoice,
    /// PNG pixels per SVG pixel, from 0.1 to 8 (the views are 1200 px wide at 1).
    #[arg(long, default_value_t = 1.0, value_name = "FACTOR")]
    pub scale: f32,
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// JSON.
    Json,
    /// CSV that Aeon Timeline's import maps without configuration.
    AeonCsv,
    /// Story Curves JSON (the storyexplorer datasets' shape).
    Storycurve,
    /// The breakdown as CSV: one row per scene, grouped by story day.
    Breakdown,
    /// The breakdown as a printable HTML page per story day.
    BreakdownHtml,
}

/// What every command takes from the global flags.
#[derive(Clone, Copy, Debug)]
struct Env {
    /// Colour diagnostics on standard error.
    color: bool,
    /// How to read the inputs (`--input-format`, `--infer`).
    load: LoadOptions,
}

/// `--input-format`'s values: `auto` and every reader's name, from the
/// reader table, so a new reader needs no change here.
fn input_format_parser() -> impl clap::builder::TypedValueParser<Value = InputFormat> {
    use clap::builder::PossibleValue;
    let auto = PossibleValue::new("auto").help("by extension");
    let names = std::iter::once(auto).chain(
        READERS
            .iter()
            .map(|r| PossibleValue::new(r.name).help(r.reader.kind())),
    );
    clap::builder::TypedValueParser::map(clap::builder::PossibleValuesParser::new(names), |name| {
        READERS
            .iter()
            .find(|r| r.name == name)
            .map_or(InputFormat::Auto, |r| InputFormat::Only(r.reader))
    })
}

/// Parse arguments, run, and return the exit code.
pub fn main() -> ExitCode {
    match Cli::try_parse() {
        Ok(cli) => run(cli).into(),
        Err(e) => clap_message(&e),
    }
}

/// Print clap's help, version or usage error. Help and version go to
/// standard output (exit 0), errors to standard error (exit 2); a write
/// that fails, other than into a closed pipe, exits 2.
fn clap_message(e: &clap::Error) -> ExitCode {
    let code = if e.use_stderr() { 2 } else { 0 };
    match e.print() {
        Ok(()) => ExitCode::from(code),
        Err(w) if w.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::from(code),
        Err(w) => {
            if !e.use_stderr() {
                let mut con = Console::std();
                con.error(&format!(
                    "cannot write to standard output: {}",
                    crate::source::io_reason(&w)
                ));
                let _ = con.finish(Outcome::Failure);
            }
            ExitCode::from(2)
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Outcome {
    crate::timings::start();
    let env = Env {
        color: cli.color.enabled(),
        load: LoadOptions {
            input_format: cli.input_format,
            infer: cli.infer,
            outline: false,
        },
    };
    let mut con = Console::std();
    let outcome = dispatch(cli.command, &env, &mut con);
    crate::timings::mark("output");
    let outcome = con.finish(outcome);
    crate::timings::mark("finish");
    outcome
}

/// Run one command.
fn dispatch(command: Command, env: &Env, con: &mut Console) -> Outcome {
    match command {
        Command::Check {
            paths,
            format,
            deny,
            warn,
            allow,
            baseline,
            root,
        } => match check::Options::new(&allow, &warn, &deny) {
            Ok(options) => check::run(
                con,
                env,
                &paths,
                format,
                &check::Options {
                    baseline,
                    root,
                    ..options
                },
            ),
            Err(e) => {
                con.error(&e);
                Outcome::Failure
            }
        },
        Command::Explain { code } => explain::run(con, &code),
        Command::Export { paths, format, bom } => export::run(con, env, &paths, format, bom),
        Command::Order {
            paths,
            format,
            works,
            order,
            filter,
        } => order::run(
            con,
            env,
            &paths,
            format,
            works,
            order.as_deref(),
            &filter.filter(),
        ),
        Command::Stats {
            paths,
            format,
            order,
            filter,
        } => stats::run(con, env, &paths, format, order.as_deref(), &filter.filter()),
        Command::Fmt { paths, check } => fmt::run(con, env, &paths, check),
        Command::Import { script, out, force } => import::run(con, env, &script, &out, force),
        Command::Init { dir } => init::run(con, &dir),
        Command::Completions { shell } => completions::run(con, shell),
        Command::Man => man::run(con),
        Command::Lsp => match crate::lsp::run_stdio(env.load) {
            Ok(0) => Outcome::Clean,
            Ok(_) => Outcome::Problems,
            Err(e) => {
                con.error(&format!("the language server stopped: {e}"));
                Outcome::Failure
            }
        },
        #[cfg(feature = "watch")]
        Command::Watch(a) => watch::run(con, env, &a),
        Command::Render(a) => render::run(con, env, &a),
        Command::Report {
            paths,
            out,
            order,
            filter,
        } => report::run(con, env, &paths, &out, order.as_deref(), &filter.filter()),
    }
}
