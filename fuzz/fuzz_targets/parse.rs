//! Arbitrary bytes through the whole front end: decode, parse, resolve,
//! sort and render every diagnostic as text and as JSON. Nothing may panic.
//! The whole input is also read as a Fountain script (with and without
//! `--infer`).
//!
//! A NUL byte splits the input into up to four files of one story, so
//! cross-file resolution (declarations in another file, two headers) is
//! exercised too. Each file goes through `Sources::add_bytes`, exactly as
//! `Workspace::load` does: invalid UTF-8 keeps the valid prefix and gets an
//! E0001 diagnostic pointing at its end.

#![no_main]

use chronotope::diagnostics::{self, codes, human, json, Diagnostic};
use chronotope::source::Sources;
use chronotope::span::Span;
use chronotope::syntax;
use chronotope::workspace::{StoryFiles, Workspace};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut ws = Workspace {
        sources: Sources::new(),
        ..Workspace::default()
    };
    let mut trees = Vec::new();
    for (i, part) in data.splitn(4, |&b| b == 0).enumerate() {
        let path = format!("part{i}.scenes");
        let id = match ws.sources.add_bytes(path, part.to_vec()) {
            Ok(id) => id,
            Err((id, offset)) => {
                let at = ws.sources.get(id).text().len();
                assert!(at <= offset && offset <= part.len());
                ws.diagnostics.push(
                    Diagnostic::error(codes::INVALID_UTF8, "the file is not valid UTF-8")
                        .primary(Span::new(id, at, at), "invalid UTF-8 starts here"),
                );
                id
            }
        };
        let (tree, diags) = syntax::parse(id, ws.sources.get(id).text());
        ws.diagnostics.extend(diags);
        trees.push(tree);
    }
    ws.stories.push(StoryFiles {
        trees,
        fallback_title: "fuzz".into(),
    });

    // The single-file entry point on the lossy text, as tests and the
    // language server use it.
    let lossy = String::from_utf8_lossy(data);
    let single = Workspace::from_text("lossy.scenes", &lossy);
    // The same text as a Fountain script, and once more with `--infer`.
    let script = Workspace::from_text("lossy.fountain", &lossy);
    let inferring = chronotope::fountain::ReadOptions {
        infer: true,
        ..Default::default()
    };
    let _ = chronotope::fountain::read(chronotope::span::FileId(0), &lossy, &inferring);

    for ws in [&ws, &single, &script] {
        let mut all: Vec<Diagnostic> = ws.diagnostics.clone();
        // `check` resolves from owned trees, freeing them as it goes: it
        // must mean exactly what resolving from borrowed trees does.
        let owned = ws.stories.iter().map(|s| {
            chronotope::model::resolve_owned(s.trees.clone(), &s.fallback_title)
        });
        for (loaded, (story, diagnostics)) in ws.resolve().into_iter().zip(owned) {
            assert_eq!(loaded.diagnostics, diagnostics);
            let json = chronotope::export::to_json(&ws.sources, &[&loaded.story]);
            assert_eq!(json, chronotope::export::to_json(&ws.sources, &[&story]));
            all.extend(loaded.diagnostics);
        }
        diagnostics::sort(&mut all);
        let narrow = human::Style {
            color: true,
            width: 20,
        };
        for (i, d) in all.iter().enumerate() {
            let _ = human::render(&ws.sources, d, human::Style::default());
            // Colour and cutting to a narrow terminal: a sample is enough.
            if i < 8 {
                let _ = human::render(&ws.sources, d, narrow);
            }
        }
        let _ = json::report(&ws.sources, &all, ws.file_count());
    }
});
