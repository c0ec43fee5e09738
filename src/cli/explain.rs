//! `chronotope explain CODE`.

use crate::cli::Outcome;
use crate::continuity::config;
use crate::diagnostics::{codes, examples};
use crate::model::suggest;
use crate::text::escape::terminal;

pub(super) fn run(key: &str) -> Outcome {
    let Some(info) = codes::find(key.trim()) else {
        let candidates = codes::ALL.iter().flat_map(|c| [c.code, c.name]);
        let upper = key.trim().to_uppercase();
        let hint = suggest::closest(&upper, candidates.clone())
            .or_else(|| suggest::closest(key.trim(), candidates));
        let shown = terminal(key);
        match hint {
            Some(s) => eprintln!("error: no code or rule named `{shown}`; did you mean `{s}`?"),
            None => eprintln!("error: no code or rule named `{shown}`; codes look like `E0403`, names like `presence`"),
        }
        return Outcome::Failure;
    };
    print!("{}", text(info));
    Outcome::Clean
}

/// The full explanation of a code, as printed.
fn text(info: &codes::CodeInfo) -> String {
    let severity = info.severity.as_str();
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
