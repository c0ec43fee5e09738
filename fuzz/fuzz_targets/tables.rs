//! Arbitrary bytes as a CSV table, a TSV table and Story Curves JSON, then
//! resolved and ordered as `chronotope order` does. Nothing may panic, and
//! every diagnostic span must lie inside the text.

#![no_main]

use chronotope::span::FileId;
use chronotope::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for name in ["t.csv", "t.tsv", "t.json"] {
        let ws = Workspace::from_text(name, &text);
        for d in &ws.diagnostics {
            for label in &d.labels {
                assert!(label.span.end as usize <= text.len(), "{name}: {d:?}");
            }
        }
        for loaded in ws.resolve() {
            let _ = chronotope::engine::analyze(&loaded.story, &ws.sources);
        }
    }
    let _ = chronotope::csv_reader::storycurve::read(FileId(0), &text);
});
