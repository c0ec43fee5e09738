//! `chronotope explain CODE`.

use crate::cli::output::Console;
use crate::cli::Outcome;
use crate::continuity::config;
use crate::diagnostics::{codes, examples};
use crate::model::suggest;
use crate::text::escape::terminal;

pub(super) fn run(con: &mut Console, key: &str) -> Outcome {
    let Some(info) = codes::find(key.trim()) else {
        let candidates = codes::ALL.iter().flat_map(|c| [c.code, c.name]);
        let upper = key.trim().to_uppercase();
        let hint = suggest::closest(&upper, candidates.clone())
            .or_else(|| suggest::closest(key.trim(), candidates));
        let key = terminal(key);
        con.error(&match hint {
            Some(s) => format!("no code or rule named `{key}`; did you mean `{s}`?"),
            None => format!(
                "no code or rule named `{key}`; codes look like `E0403`, names like `presence`"
            ),
        });
        return Outcome::Failure;
    };
    con.print(&text(info));
    Outcome::Clean
}

/// The full explanation of a code, as printed.
fn text(info: &codes::CodeInfo) -> String {
    let severity = match info.code.as_bytes().first() {
        Some(b'E') => "error",
        Some(b'W') => "warning",
        _ => "note",
    };
    let mut out = format!("{} ({})\n\n{}\n", info.code, info.name, info.explanation);
    if config::is_rule(info.code) {
        let default = match config::default_level(info.code) {
            config::Level::Allow => "off (turn it on in chronotope.toml or with `--warn`)",
            _ => severity,
        };
        out.push_str(&format!(
            "\nDefault: {default}. Configure with `{} = \"allow\"|\"note\"|\"warn\"|\"error\"` under `[rules]` in chronotope.toml, `--allow/--warn/--deny {}`, or `# chronotope: allow {}` inside a scene.\n",
            info.name, info.name, info.name
        ));
    } else {
        out.push_str(&format!("\nSeverity: {severity} (not configurable).\n"));
    }
    if let Some(e) = examples::find(info.code) {
        if !e.example.is_empty() {
            out.push_str("\nExample:\n\n");
            for line in e.example.lines() {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
        out.push_str(&format!("\nFix: {}\n", e.fix));
    }
    out
}
