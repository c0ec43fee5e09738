//! Arbitrary bytes as a Fountain screenplay (with and without `--infer`):
//! nothing may panic, every diagnostic's span lies on character boundaries
//! inside the text, and the tree prints as a scene file that parses.
//! Seeds: `fuzz/seeds-fountain/` (the bundled example, the test fixtures
//! with CRLF, a BOM, tabs, errors and tricky constructs).

#![no_main]

use chronotope::fountain::ReadOptions;
use chronotope::span::FileId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for infer in [false, true] {
        let options = ReadOptions {
            infer,
            ..ReadOptions::default()
        };
        let (tree, diagnostics) = chronotope::fountain::read(FileId(0), &text, &options);
        for d in &diagnostics {
            for label in &d.labels {
                let r = label.span.range();
                assert!(r.start <= r.end && r.end <= text.len());
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
        let printed = chronotope::syntax::printer::print(&tree);
        let _ = chronotope::syntax::parse(FileId(0), &printed);
    }
});
