//! Every fuzz seed of every reader through the binary, so the seed corpus
//! (`fuzz/seeds*/`, hostile documents included) is exercised by the
//! ordinary test suite even where cargo-fuzz is not installed: each input
//! is checked as the reader it was written for, and must end with exit 0
//! (clean or warnings) or 1 (errors found), never a panic, an abort or a
//! usage error, within a time bound.

mod common;

use std::time::Duration;

use common::{repo, Test};

/// The seed folders and the file names each seed is read as.
const READERS: &[(&str, &[&str])] = &[
    ("seeds", &["seed.scenes"]),
    ("seeds-fountain", &["seed.fountain"]),
    ("seeds-fdx", &["seed.fdx"]),
    ("seeds-markdown", &["seed.md"]),
    ("seeds-tables", &["seed.csv", "seed.tsv", "seed.json"]),
];

#[test]
fn every_seed_reads_without_a_crash() {
    let mut read = 0;
    for (folder, names) in READERS {
        let dir = repo().join("fuzz").join(folder);
        let mut seeds: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "{folder} has no seeds");
        for seed in seeds {
            let bytes = std::fs::read(&seed).unwrap();
            for name in *names {
                let test = Test::new().file(name, &bytes);
                for args in [
                    vec!["check", name],
                    vec!["export", name, "--format", "json"],
                ] {
                    let run = test.command(&args).output().unwrap();
                    let code = run.status.code();
                    let stderr = String::from_utf8_lossy(&run.stderr);
                    assert!(
                        matches!(code, Some(0 | 1)) && !stderr.contains("panicked"),
                        "{} as {name}, {args:?}: exit {code:?}\n{stderr}",
                        seed.display()
                    );
                    read += 1;
                }
            }
        }
    }
    assert!(read >= 40, "only {read} runs");
}

#[test]
fn the_hostile_seeds_finish_quickly() {
    for (folder, seed, name) in [
        ("seeds-fdx", "laughs.fdx", "x.fdx"),
        ("seeds-fdx", "external.fdx", "x.fdx"),
        ("seeds-fdx", "deep.fdx", "x.fdx"),
    ] {
        let bytes = std::fs::read(repo().join("fuzz").join(folder).join(seed)).unwrap();
        let _ = Test::new()
            .file(name, &bytes)
            .cmd(&["check", name])
            .status(1)
            .stderr_any()
            .run()
            .faster_than(Duration::from_secs(5))
            .stderr_contains("E0010");
    }
}
