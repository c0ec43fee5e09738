//! CSV reader throughput: a generated 100,000-row table in Aeon Timeline's
//! columns plus a `story` column, read and resolved (the issue's target:
//! under one second).
//!
//! ```text
//! cargo bench --bench tables
//! ```

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chronotope::csv_reader;
use chronotope::model;
use chronotope::span::FileId;

const ROWS: usize = 100_000;
/// The acceptance bound for reading and resolving the table.
const TARGET: Duration = Duration::from_secs(1);

/// Rows with a title, a start date (every fourth as Aeon writes it,
/// `05/17/1900 6:00 PM`), a duration, participants, a place and, every
/// fourth row, a relative `story` cell instead of a date.
fn table() -> String {
    let mut out = String::from("id,Title,Start Date,Duration,Participants,Location,story\n");
    for i in 0..ROWS {
        let day = i % 28 + 1;
        let month = i / 28 % 12 + 1;
        let year = 1900 + i / 336;
        if i % 4 == 3 {
            let _ = writeln!(
                out,
                "s{i},\"Scene {i}, late\",,,\"Ada|Can\",Pier,after s{} by 1d",
                i - 1
            );
        } else if i % 4 == 1 {
            // Aeon Timeline's own date form, converted before parsing.
            let _ = writeln!(
                out,
                "s{i},Scene {i},{month:02}/{day:02}/{year} 6:00 PM,40m,Ada|Bo,\"Room {i}\","
            );
        } else {
            let _ = writeln!(
                out,
                "s{i},Scene {i},{year}-{month:02}-{day:02} 18:00,40m,Ada|Bo,\"Room {i}\","
            );
        }
    }
    out
}

fn main() {
    let text = table();
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let (tree, diagnostics) = csv_reader::read(FileId(0), &text, b',', &[]);
        assert!(diagnostics.is_empty(), "{:?}", diagnostics.first());
        let (story, problems) = model::resolve(&[&tree], "bench");
        black_box((&story, &problems));
        best = best.min(start.elapsed());
    }
    let mb = text.len() as f64 / 1e6;
    println!(
        "tables: {ROWS} rows, {mb:.1} MB read and resolved in {:.0} ms (best of 5), {:.0} MB/s",
        best.as_secs_f64() * 1e3,
        mb / best.as_secs_f64()
    );
    assert!(best < TARGET, "slower than {TARGET:?}");
}
