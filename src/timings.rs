//! Stage timings for people measuring the pipeline: with the environment
//! variable `CHRONOTOPE_TIMINGS` set (to anything), each stage the pipeline
//! finishes prints one line to standard error, the seconds since the
//! previous mark and the process's peak memory so far (Linux `VmHWM`):
//!
//! ```text
//! CHRONOTOPE_TIMINGS=1 chronotope check big.scenes
//! timing read+parse      0.412 s  peak   310 MB
//! ```
//!
//! This is how benches/README.md breaks a whole command down by stage. Off,
//! a mark costs one relaxed atomic load, so the marks stay in release
//! builds.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// 0: not yet read from the environment; 1: off; 2: on.
static STATE: AtomicU8 = AtomicU8::new(0);
static LAST: Mutex<Option<Instant>> = Mutex::new(None);

fn enabled() -> bool {
    match STATE.load(Ordering::Relaxed) {
        0 => {
            let on = std::env::var_os("CHRONOTOPE_TIMINGS").is_some();
            STATE.store(if on { 2 } else { 1 }, Ordering::Relaxed);
            if on && LAST.lock().is_ok_and(|last| last.is_none()) {
                start();
            }
            on
        }
        state => state == 2,
    }
}

/// Start the clock (the first mark also starts it, from the first call).
pub fn start() {
    if let Ok(mut last) = LAST.lock() {
        *last = Some(Instant::now());
    }
}

/// The end of `stage`: print its time and the peak memory when timings
/// are on.
pub fn mark(stage: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let elapsed = LAST
        .lock()
        .ok()
        .and_then(|mut last| last.replace(now).map(|t| now - t))
        .unwrap_or_default();
    eprintln!(
        "timing {stage:<16} {:>7.3} s  peak {:>6} MB",
        elapsed.as_secs_f64(),
        peak_mb().map_or_else(|| "?".to_string(), |mb| mb.to_string())
    );
}

/// The process's peak resident memory in MB, where the system says.
fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
