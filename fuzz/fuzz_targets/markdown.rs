//! Arbitrary bytes as Markdown notes: one note alone, and split at NUL
//! bytes into up to four notes of one folder (Longform index, story note,
//! scenes), resolved, exported and rendered as diagnostics. Nothing may
//! panic, every span must lie inside its note, and no alias may expand.

#![no_main]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chronotope::diagnostics::human;
use chronotope::workspace::{LoadOptions, Workspace};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lossy = String::from_utf8_lossy(data);
    let single = Workspace::from_text("01 Note.md", &lossy);
    // A folder that exists nowhere: every note comes from the overlay.
    let dir = Path::new("/nonexistent-chronotope-fuzz");
    let overlays: HashMap<PathBuf, String> = lossy
        .splitn(4, '\0')
        .enumerate()
        .map(|(i, part)| (dir.join(format!("{i} note.md")), part.to_string()))
        .collect();
    let folder = Workspace::load_dir_overlaid(dir, overlays, &LoadOptions::default());
    for ws in [&single, &folder] {
        let mut all = ws.diagnostics.clone();
        for loaded in ws.resolve() {
            let _ = chronotope::export::to_json(&ws.sources, &[&loaded.story]);
            all.extend(loaded.diagnostics);
        }
        for d in &all {
            for label in &d.labels {
                let len = ws.sources.get(label.span.file).text().len() as u32;
                assert!(label.span.start <= label.span.end && label.span.end <= len);
            }
            let _ = human::render(&ws.sources, d, human::Style::default());
        }
    }
});
