//! A deterministic generator of large, clean scene files for benchmarks.
//!
//! The story mixes every construct the format has: header fields, eras with
//! date and scene bounds, a marker whose values imply eras, characters with
//! birth dates, and scenes with screen timecodes, absolute dates and date
//! ranges, eras, `after X by 1d..3d`, `before X by 1mo..`, `Y + 2mo..4mo`,
//! `Y - 1w`, `during X`, `for 3h`, `repeats`, `mode`, marker values with
//! notes, cast lists with ages, places, synopsis lines and comments.
//! Relative constraints mostly point back a short distance (as real stories
//! do) and sometimes far back or forward, so lookups are not all cache hits.
//! Every reference resolves: `chronotope check` reports no problems.

use std::fmt::Write;

/// SplitMix64: tiny, fast and deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const CHARACTERS: &[&str] = &[
    "Semih", "Defne", "Kerem", "Ayşe", "Mehmet", "Zeynep", "Can", "Elif", "Burak", "Selin", "Emre",
    "Deniz", "Ömer", "Leyla", "Kaan", "Nazlı",
];
const PLACES: &[&str] = &[
    "Cihangir flat",
    "Kadıköy ferry",
    "Meyhane in Beyoğlu",
    "Maslak office towers",
    "Moda seafront",
    "Karaköy gallery",
    "Kerem's rooftop",
];
const TITLES: &[&str] = &[
    "The empty wardrobe",
    "Strangers on the ferry",
    "Everyone saw it coming",
    "Boxes in Cihangir",
    "Defne's last message",
    "The quiet dinner",
    "Looking for Defne",
    "Caught in the rain",
];
const SYNOPSES: &[&str] = &[
    "Semih wakes to find Defne's side of the wardrobe empty.",
    "Semih sketches the quiet woman reading across the aisle.",
    "They eat without a word; Defne watches her phone.",
    "Semih paints the wardrobe door; for the first time he sees what he missed.",
];
const GAPS: &[&str] = &["1d..3d", "0d..2d", "2h..", "1w..", "..6h", "30m", "1mo..1y"];
const OFFSETS: &[&str] = &["2mo..4mo", "1y", "3d..5d", "1h30m..2h"];
const LENGTHS: &[&str] = &["3h", "20m", "40m..1h", "1d", "2h..3h"];

/// Scene id of scene `i`.
fn id(i: usize) -> String {
    format!("s{i}")
}

/// Generate a story of `scenes` scenes (all in one file), seeded.
pub fn story(scenes: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(scenes * 300 + 1024);
    out.push_str("# A generated benchmark story: every construct, no errors.\n\n");
    out.push_str("title: Benchmark\noriginal: Kal\nlanguage: tr\nauthor: chronotope bench\n\n");
    out.push_str("era past: 2014-05 .. 2020-09\n");
    out.push_str("era present: 2020-10 ..\n");
    out.push_str("era childhood: 1990 .. 2001-06-30\n");
    if scenes > 10 {
        out.push_str("era middle: s10 ..\n");
    }
    out.push('\n');
    out.push_str("marker hair:\n  # two looks\n  dark: past #2b1d14\n  bleached: present #e9d8a6\n  short: #abc\n\n");
    for (k, name) in CHARACTERS.iter().enumerate() {
        if k % 3 == 0 {
            let _ = writeln!(
                out,
                "character {name}: born 19{}-0{}-1{}",
                70 + k,
                1 + k % 9,
                k % 10
            );
        } else {
            let _ = writeln!(out, "character {name}");
        }
    }
    out.push('\n');
    let mut screen: u64 = 0;
    for i in 0..scenes {
        if i % 50 == 0 {
            let _ = writeln!(out, "# ----- act {} -----", i / 50 + 1);
        }
        let _ = writeln!(out, "scene {}: {} {}", id(i), rng.pick(TITLES), i);
        let length = 30 + rng.below(600);
        let _ = writeln!(
            out,
            "  screen: {} .. {}",
            timecode(screen),
            timecode(screen + length)
        );
        screen += length;
        out.push_str("  story: ");
        story_value(&mut out, &mut rng, i, scenes);
        out.push('\n');
        match rng.below(10) {
            0 => out.push_str("  hair: dark (dyed back)\n"),
            1..=4 => out.push_str("  hair: dark\n"),
            5..=8 => out.push_str("  hair: bleached\n"),
            _ => {}
        }
        out.push_str("  cast: ");
        let n = 1 + rng.below(3) as usize;
        let first = rng.below(CHARACTERS.len() as u64) as usize;
        for k in 0..n {
            if k > 0 {
                out.push_str(", ");
            }
            out.push_str(CHARACTERS[(first + k) % CHARACTERS.len()]);
            if rng.below(8) == 0 {
                let _ = write!(out, " (age {})", 18 + rng.below(50));
            }
        }
        out.push('\n');
        let _ = writeln!(out, "  where: {}", rng.pick(PLACES));
        match rng.below(20) {
            0 => out.push_str("  mode: memory\n"),
            1 => out.push_str("  mode: dream\n"),
            _ => {}
        }
        if i > 0 && rng.below(40) == 0 {
            let _ = writeln!(out, "  repeats: {}", id(rng.below(i as u64) as usize));
        }
        if rng.below(2) == 0 {
            let _ = writeln!(out, "  > {}", rng.pick(SYNOPSES));
        }
        if rng.below(16) == 0 {
            out.push_str("  # chronotope: allow overlap\n");
        }
        out.push('\n');
    }
    out
}

/// A reference to another scene: usually a few scenes back, sometimes far
/// back, sometimes ahead.
fn other(rng: &mut Rng, i: usize, scenes: usize) -> usize {
    match rng.below(10) {
        0 if i + 1 < scenes => i + 1 + rng.below((scenes - i - 1).min(1000) as u64) as usize,
        1 => rng.below(i as u64) as usize,
        _ => i - 1 - rng.below(i.min(20) as u64) as usize,
    }
}

fn story_value(out: &mut String, rng: &mut Rng, i: usize, scenes: usize) {
    if i == 0 {
        out.push_str("2014-05-17 18:00 for 40m");
        return;
    }
    let o = id(other(rng, i, scenes));
    match rng.below(12) {
        0 => {
            let _ = write!(
                out,
                "20{:02}-{:02}-{:02} {:02}:{:02} for {}",
                14 + rng.below(7),
                1 + rng.below(12),
                1 + rng.below(28),
                rng.below(24),
                rng.below(60),
                rng.pick(LENGTHS)
            );
        }
        1 => {
            let y = 2014 + rng.below(6);
            let _ = write!(out, "{y}-03 .. {y}-06, after {o}");
        }
        2 => {
            let _ = write!(out, "past, after {o}, for {}", rng.pick(LENGTHS));
        }
        3 => {
            let _ = write!(
                out,
                "after {o} by {}, for {}",
                rng.pick(GAPS),
                rng.pick(LENGTHS)
            );
        }
        4 => {
            let _ = write!(out, "{o} + {}", rng.pick(OFFSETS));
        }
        5 => {
            let _ = write!(out, "{o} - 1w, for 2h");
        }
        6 => {
            let _ = write!(out, "during {o}");
        }
        7 => {
            let _ = write!(out, "present, before {o} by 1mo..");
        }
        8 => {
            let o2 = id(other(rng, i, scenes));
            let _ = write!(out, "after {o} by {}, before {o2}", rng.pick(GAPS));
        }
        9 => {
            let _ = write!(out, "2020-10-{:02}", 1 + rng.below(30));
        }
        10 if scenes > 10 => {
            let _ = write!(out, "middle, after {o}");
        }
        _ => {
            let _ = write!(out, "after {o} by 1d..3d, for 3h");
        }
    }
}

fn timecode(s: u64) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}
