//! Baselines: record today's findings, later report only new ones.
//!
//! A baseline is a JSON file:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     {
//!       "code": "E0403",
//!       "file": "scenes/story.scenes",
//!       "scene": "gallery",
//!       "hash": "8c1f0e2b9d4a7733",
//!       "message": "`Semih` is in two places at once: …"
//!     }
//!   ]
//! }
//! ```
//!
//! A finding is keyed by its code, its file (relative, `/`-separated), the
//! id of the scene its primary label is in (empty outside scenes) and a
//! hash of its message (64-bit FNV-1a, hex); never by line numbers, so a
//! baseline survives edits elsewhere in the file. `message` is there for
//! people and is not compared. Keys are matched as a multiset: two equal
//! findings need two entries.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::Diagnostic;
use crate::model::Story;
use crate::span::{FileId, Span};

/// The file format version written.
pub const VERSION: u32 = 1;

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The code.
    pub code: String,
    /// The file, relative to the working directory or `--root`.
    pub file: String,
    /// The scene the finding is in, or empty.
    pub scene: String,
    /// FNV-1a hash of the message, 16 hex digits.
    pub hash: String,
    /// The message, for people; not compared.
    pub message: String,
}

impl Entry {
    fn key(&self) -> (&str, &str, &str, &str) {
        (&self.code, &self.file, &self.scene, &self.hash)
    }
}

/// A baseline file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version ([`VERSION`]).
    pub version: u32,
    /// The recorded findings, sorted.
    pub findings: Vec<Entry>,
}

/// 64-bit FNV-1a of a text, as 16 hex digits: stable across platforms and
/// Rust versions (unlike `std`'s hasher).
pub fn hash(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Finds the scene a span lies in: the last scene header at or before it in
/// its file.
#[derive(Default)]
pub struct SceneIndex {
    by_file: HashMap<FileId, Vec<(u32, String)>>,
}

impl SceneIndex {
    /// Index the scenes of some stories.
    pub fn new<'a>(stories: impl IntoIterator<Item = &'a Story>) -> SceneIndex {
        let mut by_file: HashMap<FileId, Vec<(u32, String)>> = HashMap::new();
        for story in stories {
            for scene in story.scenes.values() {
                by_file
                    .entry(scene.file)
                    .or_default()
                    .push((scene.span.start, scene.id.to_string()));
            }
        }
        for v in by_file.values_mut() {
            v.sort_unstable();
        }
        SceneIndex { by_file }
    }

    /// The id of the scene `span` is in, or `""`.
    pub fn scene_of(&self, span: Span) -> &str {
        let Some(v) = self.by_file.get(&span.file) else {
            return "";
        };
        let i = v.partition_point(|(start, _)| *start <= span.start);
        if i == 0 {
            ""
        } else {
            &v[i - 1].1
        }
    }
}

/// The entry of a diagnostic, given its file path as shown.
pub fn entry(d: &Diagnostic, file: &str, scene: &str) -> Entry {
    Entry {
        code: d.code.to_string(),
        file: file.to_string(),
        scene: scene.to_string(),
        hash: hash(&d.message),
        message: d.message.clone(),
    }
}

impl Baseline {
    /// A baseline of some entries, sorted.
    pub fn of(mut findings: Vec<Entry>) -> Baseline {
        findings.sort_by(|a, b| a.key().cmp(&b.key()));
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Read a baseline; `Ok(None)` when the file does not exist.
    pub fn read(path: &Path) -> Result<Option<Baseline>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("cannot read baseline `{}`: {e}", path.display())),
        };
        let b: Baseline = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a chronotope baseline: {e}", path.display()))?;
        if b.version != VERSION {
            return Err(format!(
                "baseline `{}` has version {}; this chronotope reads version {VERSION}",
                path.display(),
                b.version
            ));
        }
        Ok(Some(b))
    }

    /// Write as pretty JSON with a trailing newline.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write baseline `{}`: {e}", path.display()))
    }

    /// Which of `entries` are new (not recorded); returns a flag per entry
    /// and the number of recorded entries that matched nothing (fixed).
    pub fn new_findings(&self, entries: &[Entry]) -> (Vec<bool>, usize) {
        let mut left: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
        for e in &self.findings {
            *left.entry(e.key()).or_default() += 1;
        }
        let new = entries
            .iter()
            .map(|e| match left.get_mut(&e.key()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .collect();
        (new, left.values().sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(code: &str, scene: &str, message: &str) -> Entry {
        Entry {
            code: code.into(),
            file: "a.scenes".into(),
            scene: scene.into(),
            hash: hash(message),
            message: message.into(),
        }
    }

    #[test]
    fn hash_is_fnv1a() {
        assert_eq!(hash(""), "cbf29ce484222325");
        assert_eq!(hash("a"), "af63dc4c8601ec8c");
    }

    #[test]
    fn matching_is_a_multiset_and_ignores_the_message_text_field() {
        let b = Baseline::of(vec![e("E0403", "x", "m"), e("E0403", "x", "m")]);
        let mut later = e("E0403", "x", "m");
        later.message = "m".into();
        let (new, fixed) =
            b.new_findings(&[later.clone(), later.clone(), later, e("W0402", "x", "m")]);
        assert_eq!(new, vec![false, false, true, true]);
        assert_eq!(fixed, 0);
        let (_, fixed) = b.new_findings(&[]);
        assert_eq!(fixed, 2);
    }
}
