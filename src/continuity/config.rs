//! Rule severities: defaults, `chronotope.toml`, command-line overrides and
//! the per-scene `# chronotope: allow RULE` directive.
//!
//! A *rule* is a diagnostic of the engine (`E03xx`/`W03xx`) or of the
//! continuity stage (`E04xx`/`W04xx`/`N04xx`). Syntax and reference codes
//! are not rules: a story with those errors has no known meaning, so they
//! cannot be turned down. Every rule has a default [`Level`] taken from its
//! code's first letter, except the few listed in [`OFF_BY_DEFAULT`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::codes::{self, CodeInfo};
use crate::diagnostics::{Diagnostic, Severity};
use crate::engine::days::DayOptions;
use crate::model::suggest;
use crate::model::Story;
use crate::source::Sources;
use crate::time::daypart::Hours;
use crate::time::Millis;

mod production;

/// Rules that report nothing unless turned on.
pub const OFF_BY_DEFAULT: &[&str] = &[
    codes::PRESENCE_MAY_OVERLAP.as_str(),
    codes::AMBIGUOUS_ORDER.as_str(),
];

/// The production rules (`docs/production.md`), configurable like the
/// continuity rules though their codes are in the `05xx` range.
pub const PRODUCTION_RULES: &[&str] = &[
    codes::TIME_OF_DAY.as_str(),
    codes::TIME_OF_DAY_MAY_DIFFER.as_str(),
    codes::TIME_OF_DAY_NARROWED.as_str(),
    codes::LOOK_WITHIN_DAY.as_str(),
    codes::DAY_PIN.as_str(),
];

/// Default largest gap between consecutive scenes' screen-times (1 minute).
pub const DEFAULT_MAX_GAP: Millis = 60_000;
/// `[telling] runtime` unless set: ten hours, past any film or play.
pub const DEFAULT_RUNTIME: Millis = 10 * 3_600_000;

/// The name of the configuration file looked for beside the scene files.
pub const FILE_NAME: &str = "chronotope.toml";

/// How a rule is reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Not reported (and not computed).
    Allow,
    /// Reported as a note.
    Note,
    /// Reported as a warning.
    Warn,
    /// Reported as an error.
    Error,
}

impl Level {
    /// Parse `allow`/`off`, `note`, `warn`/`warning`, `error`/`deny`.
    pub fn parse(text: &str) -> Option<Level> {
        Some(match text {
            "allow" | "off" => Level::Allow,
            "note" => Level::Note,
            "warn" | "warning" => Level::Warn,
            "error" | "deny" => Level::Error,
            _ => return None,
        })
    }

    /// The severity a diagnostic gets at this level (`None` when allowed).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Allow => None,
            Level::Note => Some(Severity::Note),
            Level::Warn => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// True for the codes a configuration may set.
pub fn is_rule(code: &str) -> bool {
    // Errors in the configuration itself cannot be configured away.
    (matches!(code.get(1..3), Some("03") | Some("04")) || PRODUCTION_RULES.contains(&code))
        && code != codes::UNKNOWN_RULE
        && code != codes::INVALID_CONFIG
}

/// Every configurable rule, in code order.
pub fn rules() -> impl Iterator<Item = &'static CodeInfo> {
    codes::ALL.iter().filter(|c| is_rule(c.code))
}

/// A rule's default level.
pub fn default_level(code: &str) -> Level {
    if OFF_BY_DEFAULT.contains(&code) {
        return Level::Allow;
    }
    match code.as_bytes().first() {
        Some(b'E') => Level::Error,
        Some(b'W') => Level::Warn,
        _ => Level::Note,
    }
}

/// The rules a name stands for: a code (`E0403`, any case), a rule name
/// (`presence`), or a rule name that others extend with `-…` (`presence`
/// also covers `presence-may-overlap`).
pub fn lookup(name: &str) -> Result<Vec<&'static str>, String> {
    let name = name.trim();
    if let Some(info) = codes::find(name) {
        if is_rule(info.code) {
            let mut out = vec![info.code];
            for other in rules() {
                if other.code != info.code
                    && other.name.len() > info.name.len()
                    && other.name.starts_with(info.name)
                    && other.name.as_bytes()[info.name.len()] == b'-'
                {
                    out.push(other.code);
                }
            }
            return Ok(out);
        }
        return Err(format!(
            "`{}` ({}) is not a rule that can be configured; only `E03xx` and `04xx` codes are",
            info.code, info.name
        ));
    }
    Err(unknown_rule_message(name))
}

/// "unknown rule `x`; did you mean `y`?"
pub fn unknown_rule_message(name: &str) -> String {
    let candidates = rules().flat_map(|c| [c.code, c.name]);
    match suggest::closest(name, candidates) {
        Some(s) => format!("unknown rule `{name}`; did you mean `{s}`?"),
        None => format!("unknown rule `{name}`; `chronotope explain` lists none by that name"),
    }
}

/// Rule levels and thresholds for one run.
#[derive(Clone, Debug)]
pub struct Config {
    levels: HashMap<&'static str, Level>,
    /// Largest screen gap between consecutive scenes before `W0409`.
    pub max_gap: Millis,
    /// How story days outside the main narrative are labelled (`[days]`).
    pub days: DayOptions,
    /// The hours of each time of day (`[time-of-day]`).
    pub hours: Hours,
    /// The work's runtime: a timecode past it is `W0306`.
    pub runtime: Millis,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            levels: HashMap::new(),
            max_gap: DEFAULT_MAX_GAP,
            days: DayOptions::default(),
            hours: Hours::default(),
            runtime: DEFAULT_RUNTIME,
        }
    }
}

impl Config {
    /// The level of a rule.
    pub fn level(&self, code: impl AsRef<str>) -> Level {
        let code = code.as_ref();
        self.levels
            .get(code)
            .copied()
            .unwrap_or_else(|| default_level(code))
    }

    /// Whether a rule reports anything (rules that do not are not run).
    pub fn enabled(&self, code: impl AsRef<str>) -> bool {
        self.level(code) != Level::Allow
    }

    /// Set the level of every rule a name stands for (see [`lookup`]).
    pub fn set(&mut self, name: &str, level: Level) -> Result<(), String> {
        for code in lookup(name)? {
            self.levels.insert(code, level);
        }
        Ok(())
    }

    /// Read a `chronotope.toml` text:
    ///
    /// ```toml
    /// [rules]
    /// presence-may-overlap = "warn"
    /// E0409 = "allow"
    ///
    /// [telling]
    /// max-gap = "2m30s"
    /// ```
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let mut config = Config::default();
        config.merge_toml(text)?;
        Ok(config)
    }

    /// Apply a `chronotope.toml` text on top of this configuration.
    pub fn merge_toml(&mut self, text: &str) -> Result<(), String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            e.message().trim_end_matches('.').to_lowercase().to_string()
        })?;
        for (key, value) in &table {
            match (key.as_str(), value) {
                ("rules", toml::Value::Table(rules)) => {
                    for (name, level) in rules {
                        let level = level
                            .as_str()
                            .and_then(Level::parse)
                            .ok_or_else(|| format!("rule `{name}`: the level must be \"allow\", \"note\", \"warn\" or \"error\""))?;
                        self.set(name, level)?;
                    }
                }
                ("telling", toml::Value::Table(telling)) => {
                    for (name, value) in telling {
                        match (name.as_str(), value.as_str()) {
                            ("max-gap", Some(text)) => {
                                self.max_gap = parse_screen_duration(text).ok_or_else(|| {
                                    format!("`max-gap = \"{text}\"` is not a screen duration such as \"90s\" or \"2m30s\"")
                                })?;
                            }
                            ("runtime", Some(text)) => {
                                self.runtime = parse_screen_duration(text).ok_or_else(|| {
                                    format!("`runtime = \"{text}\"` is not a screen duration such as \"2h\" or \"1h45m\"")
                                })?;
                            }
                            _ => {
                                return Err(format!(
                                    "unknown setting `telling.{name}`; the settings are `max-gap = \"1m\"` and `runtime = \"10h\"`"
                                ))
                            }
                        }
                    }
                }
                ("days", toml::Value::Table(days)) => self.days = production::days(days)?,
                ("time-of-day", toml::Value::Table(parts)) => {
                    production::hours(&mut self.hours, parts)?;
                }
                _ => {
                    return Err(format!(
                        "unknown section `{key}`; the sections are `[rules]`, `[telling]`, `[days]` and `[time-of-day]`"
                    ))
                }
            }
        }
        Ok(())
    }

    /// Read `chronotope.toml` from `dir` if it exists, on top of the
    /// defaults. Errors name the file.
    pub fn from_dir(dir: &Path) -> Result<Config, String> {
        let mut config = Config::default();
        if let Some(path) = config_path(dir) {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            config
                .merge_toml(&text)
                .map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(config)
    }
}

/// The configuration for a story: `chronotope.toml` in the directory of its
/// first file, if any, else the defaults. A file that cannot be read or is
/// invalid gives the defaults and an `E0416` diagnostic (without a span:
/// the file is not a scene file).
pub fn for_story(story: &Story, sources: &Sources) -> (Config, Option<Diagnostic>) {
    let Some(&first) = story.files.first() else {
        return (Config::default(), None);
    };
    let dir = dir_of(sources.get(first).path());
    match Config::from_dir(&dir) {
        Ok(c) => (c, None),
        Err(e) => (
            Config::default(),
            Some(
                Diagnostic::error(codes::INVALID_CONFIG, e)
                    .help("the rules ran with their default levels; `chronotope explain E0416` shows the file's format"),
            ),
        ),
    }
}

/// `dir/chronotope.toml` if it is a file.
pub fn config_path(dir: &Path) -> Option<PathBuf> {
    // `chronotope.toml`, not `./chronotope.toml`, in messages.
    let path = if dir == Path::new(".") {
        PathBuf::from(FILE_NAME)
    } else {
        dir.join(FILE_NAME)
    };
    path.is_file().then_some(path)
}

/// The directory whose `chronotope.toml` applies to a scene file: the one
/// it sits in.
pub fn dir_of(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `90s`, `2m30s`, `1h`, `0s` (whole units `h`, `m`, `s`) in milliseconds.
pub fn parse_screen_duration(text: &str) -> Option<Millis> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let mut total: Millis = 0;
    let mut number = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit: Millis = match c {
            'h' => 3_600_000,
            'm' => 60_000,
            's' => 1_000,
            _ => return None,
        };
        let n: Millis = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
    }
    number.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_code_letter() {
        let c = Config::default();
        assert_eq!(c.level("E0403"), Level::Error);
        assert_eq!(c.level("W0402"), Level::Warn);
        assert_eq!(c.level("W0404"), Level::Allow);
        assert_eq!(c.level("N0410"), Level::Allow);
    }

    #[test]
    fn toml_sets_levels_and_gap() {
        let c = Config::from_toml(
            "[rules]\npresence-may-overlap = \"warn\"\nE0301 = \"warn\"\n[telling]\nmax-gap = \"2m30s\"\n",
        )
        .unwrap();
        assert_eq!(c.level("W0404"), Level::Warn);
        assert_eq!(c.level("E0301"), Level::Warn);
        assert_eq!(c.max_gap, 150_000);
    }

    #[test]
    fn unknown_names_are_errors_with_a_suggestion() {
        let e = Config::from_toml("[rules]\npresense = \"allow\"\n").unwrap_err();
        assert!(
            e.contains("unknown rule `presense`; did you mean `presence`?"),
            "{e}"
        );
        assert!(Config::from_toml("[rule]\n").is_err());
        assert!(Config::from_toml("[rules]\npresence = \"loud\"\n").is_err());
        assert!(lookup("E0102").is_err());
    }

    #[test]
    fn a_name_covers_its_extensions() {
        assert_eq!(lookup("presence").unwrap(), vec!["E0403", "W0404"]);
        assert_eq!(lookup("w0404").unwrap(), vec!["W0404"]);
    }

    #[test]
    fn screen_durations() {
        assert_eq!(parse_screen_duration("90s"), Some(90_000));
        assert_eq!(parse_screen_duration("1h2m"), Some(3_720_000));
        assert_eq!(parse_screen_duration("5"), None);
        assert_eq!(parse_screen_duration("5d"), None);
    }
}
