//! `--emit FILE [SCENES]`: write a bench's generated story to FILE instead
//! of timing anything, for the whole-CLI timings of `benches/run.sh`.

/// If the arguments hold `--emit FILE [SCENES]`, writes `generate(SCENES)`
/// (or `generate(default)`) to FILE and returns true.
pub fn emit_if_asked(default: usize, generate: impl FnOnce(usize) -> String) -> bool {
    let args: Vec<String> = std::env::args().collect();
    let Some(i) = args.iter().position(|a| a == "--emit") else {
        return false;
    };
    let path = args.get(i + 1).expect("--emit FILE [SCENES]");
    let n: usize = args
        .get(i + 2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    std::fs::write(path, generate(n)).expect("write the story");
    true
}
