//! Held-out Final Draft files: `tests/fixtures/fdx-heldout/*.fdx` were made
//! from the bundled Fountain screenplay and the Fountain fixtures by
//! `tools/fountain2fdx.py`, a converter that shares no code with chronotope
//! (`python3 tools/fountain2fdx.py X.fountain > X.fdx`). Each must read as
//! chronotope reads the Fountain original: the same exit code, scene count,
//! headings and cast per scene.

mod common;

use std::path::Path;

use common::{repo, Test};
use serde_json::Value;

/// `(exit code, [(heading, [cast names])])` of `export` on one file, with a
/// companion when given.
fn reading(path: &Path, companion: Option<&Path>) -> (Option<i32>, Vec<(String, Vec<String>)>) {
    let ext = path.extension().unwrap().to_str().unwrap();
    let name = format!("film.{ext}");
    let mut test = Test::new().file(&name, std::fs::read(path).unwrap());
    if let Some(c) = companion {
        test = test.file("film.scenes", std::fs::read(c).unwrap());
    }
    let run = test.command(&["export", &name]).output().unwrap();
    let json: Value = serde_json::from_slice(&run.stdout).unwrap_or(Value::Null);
    let scenes = json["stories"][0]["scenes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let cast = s["cast"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["name"].as_str().unwrap_or_default().to_string())
                .collect();
            (s["title"].as_str().unwrap_or_default().to_string(), cast)
        })
        .collect();
    (run.status.code(), scenes)
}

#[test]
fn held_out_fdx_reads_as_its_fountain_original() {
    let fixtures = repo().join("tests/fixtures");
    let mut originals = vec![(repo().join("scenes/the-lighthouse-keeper.fountain"), None)];
    for entry in std::fs::read_dir(fixtures.join("fountain")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "fountain") {
            originals.push((path, None));
        }
    }
    let companion = fixtures.join("fountain/companion/film.scenes");
    originals.push((
        fixtures.join("fountain/companion/film.fountain"),
        Some(companion),
    ));
    let mut scenes = 0;
    for (fountain, companion) in &originals {
        let stem = fountain.file_stem().unwrap().to_str().unwrap();
        let fdx = fixtures.join("fdx-heldout").join(format!("{stem}.fdx"));
        assert!(fdx.exists(), "no held-out file for {stem}");
        let original = reading(fountain, companion.as_deref());
        let held_out = reading(&fdx, companion.as_deref());
        assert_eq!(original, held_out, "{stem}");
        scenes += original.1.len();
        if stem == "the-lighthouse-keeper" {
            // The comparison is not of two empty readings.
            assert_eq!(original.1.len(), 9);
            let cast: usize = original.1.iter().map(|(_, c)| c.len()).sum();
            assert!(cast >= 9, "{:?}", original.1);
        }
    }
    assert!(originals.len() >= 8 && scenes >= 35, "{scenes} scenes");
}
