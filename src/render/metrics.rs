//! Text measurement from font metrics embedded in the binary.
//!
//! Labels in the SVG are placed, padded and truncated by their width, so the
//! renderer has to know how wide a string will be without a browser. We do
//! not ask the machine: reading installed fonts would make the same story
//! render to different SVG bytes on different computers (or fail in a bare
//! container), and golden tests would break. Nor do we guess
//! `characters × constant`, which is badly wrong for `"iiii"` against
//! `"WWWW"`. Instead the horizontal advance widths of **DejaVu Sans**
//! (regular and bold) were copied once by `tools/gen-metrics.py` into the
//! generated table `metrics_table.rs`, and every width is a sum of those
//! integers. The SVG names the same font first in its `font-family` (see
//! [`FONT_FAMILY`]), so viewers that have it draw exactly what we measured;
//! viewers falling back to Verdana or another sans-serif get a close match.
//!
//! DejaVu Sans is derived from Bitstream Vera: Copyright (c) 2003 by
//! Bitstream, Inc.; DejaVu changes are in the public domain. Only numeric
//! advance widths are embedded, no glyph outlines; the full licence text is
//! reproduced in the header of the generated table.
//!
//! # Coverage and fallbacks
//!
//! The table covers Basic Latin, Latin-1 Supplement, Latin Extended-A and -B
//! (so Turkish `ğĞıİşŞçÇöÖüÜ` and other European text), Greek, Cyrillic,
//! General Punctuation (`– — ‘ ’ “ ” … •`), Currency Symbols, Arrows (`→`)
//! and Mathematical Operators (`≈`). Kerning is ignored. For every
//! character the width in font units is, in this order:
//!
//! 1. tab, line feed and carriage return: the advance of a space (SVG's
//!    default whitespace handling draws them as spaces);
//! 2. other control characters, and characters of general category Mn, Me
//!    or Cf (combining marks such as U+0300..=U+036F, zero-width joiners,
//!    bidi marks, soft hyphen): **zero**, since they add no advance of their
//!    own;
//! 3. a character in the table: its DejaVu Sans advance;
//! 4. an East Asian Wide or Fullwidth character (CJK ideographs, kana,
//!    Hangul, fullwidth forms, most emoji): **one em**, the usual advance of
//!    such glyphs in any font;
//! 5. anything else (Arabic, Hebrew, Indic scripts, rare symbols): the
//!    **mean advance of `a`..=`z`** of the same weight, a neutral estimate.
//!
//! The results only depend on the input, never on the environment, so they
//! are identical on every machine.

use std::ops::RangeInclusive;

#[path = "metrics_table.rs"]
mod table;

/// The `font-family` value for SVG text measured by this module.
///
/// DejaVu Sans comes first because its metrics are the ones embedded here;
/// Verdana and Bitstream Vera Sans have very similar widths.
pub const FONT_FAMILY: &str = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/// Font units per em of the embedded metrics (advances are in these units).
pub const UNITS_PER_EM: u32 = table::UNITS_PER_EM;

/// The ellipsis appended by [`truncate_to_width`].
pub const ELLIPSIS: char = '…';

/// Font weight of a label; each has its own advance widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Weight {
    /// DejaVu Sans (`font-weight="normal"`).
    #[default]
    Regular,
    /// DejaVu Sans Bold (`font-weight="bold"`).
    Bold,
}

impl Weight {
    /// The SVG `font-weight` attribute value for this weight.
    pub fn svg_value(self) -> &'static str {
        match self {
            Weight::Regular => "normal",
            Weight::Bold => "bold",
        }
    }
}

fn in_ranges(ranges: &[(u32, u32)], cp: u32) -> bool {
    let i = ranges.partition_point(|&(_, last)| last < cp);
    ranges.get(i).is_some_and(|&(first, _)| first <= cp)
}

fn table_advance(cp: u32, weight: Weight) -> Option<u16> {
    let i = table::BLOCKS.partition_point(|b| b.first <= cp);
    let block = table::BLOCKS.get(i.checked_sub(1)?)?;
    let column = match weight {
        Weight::Regular => block.regular,
        Weight::Bold => block.bold,
    };
    let offset = usize::try_from(cp - block.first).ok()?;
    column.get(offset).copied().filter(|&w| w != table::MISSING)
}

fn is_zero_width(c: char) -> bool {
    c.is_control() || in_ranges(table::ZERO_WIDTH, u32::from(c))
}

/// Advance width of one character in font units ([`UNITS_PER_EM`] per em),
/// following the fallback rules in the [module docs](self).
pub fn char_advance(c: char, weight: Weight) -> u32 {
    let c = match c {
        '\t' | '\n' | '\r' => ' ',
        other => other,
    };
    if is_zero_width(c) {
        return 0;
    }
    let cp = u32::from(c);
    if let Some(w) = table_advance(cp, weight) {
        return u32::from(w);
    }
    if in_ranges(table::WIDE, cp) {
        return UNITS_PER_EM;
    }
    u32::from(match weight {
        Weight::Regular => table::FALLBACK_REGULAR,
        Weight::Bold => table::FALLBACK_BOLD,
    })
}

/// Sum of the advances of `text` in font units.
pub fn text_advance(text: &str, weight: Weight) -> u64 {
    text.chars()
        .map(|c| u64::from(char_advance(c, weight)))
        .sum()
}

fn units_to_px(units: u64, size_px: f64) -> f64 {
    // Font units stay far below 2^53, so the conversion is exact.
    units as f64 * size_px / f64::from(UNITS_PER_EM)
}

/// Width in pixels of `text` set in DejaVu Sans at `size_px` (the SVG
/// `font-size`) and `weight`, without kerning.
///
/// Characters outside the embedded table use the fallbacks described in
/// the [module docs](self). The empty string has width 0.
pub fn text_width(text: &str, size_px: f64, weight: Weight) -> f64 {
    units_to_px(text_advance(text, weight), size_px)
}

/// Fits `text` into `max_px` pixels at `size_px` and `weight`.
///
/// Returns the whole text if it fits. Otherwise returns the longest prefix
/// that fits together with a trailing [`ELLIPSIS`] (trailing whitespace of
/// the prefix is dropped, and the cut never separates a character from the
/// combining marks that follow it), which may be `"…"` alone. Returns
/// `None` if not even `"…"` fits (or `max_px` is NaN). The returned string
/// never measures more than `max_px` by [`text_width`].
pub fn truncate_to_width(text: &str, max_px: f64, size_px: f64, weight: Weight) -> Option<String> {
    if text_width(text, size_px, weight) <= max_px {
        return Some(text.to_owned());
    }
    let ellipsis = u64::from(char_advance(ELLIPSIS, weight));
    if max_px.is_nan() || units_to_px(ellipsis, size_px) > max_px {
        return None;
    }
    // Longest cut point (a char boundary not followed by a zero-width mark)
    // whose prefix plus the ellipsis fits. Widths only grow with the prefix,
    // so we can stop at the first prefix that does not fit.
    let mut best = 0;
    let mut units = 0u64; // advance of text[..i]
    for (i, c) in text.char_indices() {
        if i > 0 && !is_zero_width(c) {
            let trimmed = text[..i].trim_end();
            let width = units - text_advance(&text[trimmed.len()..i], weight);
            if units_to_px(width + ellipsis, size_px) > max_px {
                break;
            }
            best = trimmed.len();
        }
        units += u64::from(char_advance(c, weight));
    }
    let mut out = String::with_capacity(best + ELLIPSIS.len_utf8());
    out.push_str(&text[..best]);
    out.push(ELLIPSIS);
    Some(out)
}

/// The code point ranges stored densely in the table, for documentation
/// and tests.
pub fn covered_ranges() -> impl Iterator<Item = RangeInclusive<char>> {
    table::BLOCKS.iter().filter_map(|b| {
        let last = b.first + u32::try_from(b.regular.len()).ok()? - 1;
        Some(char::from_u32(b.first)?..=char::from_u32(last)?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f64 = 1e-9;

    #[test]
    fn known_values_semih() {
        // DejaVu Sans advances: S 1300, e 1260, m 1995, i 569, h 1298, in
        // its 2048 units per em (read with fontTools from DejaVuSans.ttf,
        // not from the table), so a wrong advance or em size fails here.
        let units: u32 = 1300 + 1260 + 1995 + 569 + 1298;
        assert_eq!(text_advance("Semih", Weight::Regular), u64::from(units));
        let expected = f64::from(units) * 12.0 / 2048.0;
        assert!((text_width("Semih", 12.0, Weight::Regular) - expected).abs() < EPS);
        assert!((expected - 37.62890625).abs() < EPS);
        // DejaVu Sans Bold: S 1475, e 1389, m 2134, i 702, h 1458.
        assert_eq!(text_advance("Semih", Weight::Bold), 7158);
        assert!((text_width("Semih", 12.0, Weight::Bold) - 41.94140625).abs() < EPS);
    }

    #[test]
    fn known_single_characters() {
        let r = Weight::Regular;
        assert_eq!(char_advance(' ', r), 651);
        assert_eq!(char_advance('W', r), 2025);
        assert_eq!(char_advance('…', r), 2048);
        assert_eq!(char_advance('→', r), 1716);
        assert_eq!(char_advance('≈', r), 1716);
        assert_eq!(char_advance('·', r), 651);
        assert_eq!(char_advance('ğ', r), 1300);
        assert_eq!(char_advance('İ', r), 604);
        assert_eq!(char_advance('ı', r), 569);
        assert_eq!(char_advance('ş', r), 1067);
        assert_eq!(char_advance('·', Weight::Bold), 778);
    }

    #[test]
    fn european_and_punctuation_are_in_table() {
        for c in "ğĞıİşŞçÇöÖüÜßæøåœŒ–—‘’“”…•→≈·€ΑβΓжЖ".chars()
        {
            for weight in [Weight::Regular, Weight::Bold] {
                assert!(
                    table_advance(u32::from(c), weight).is_some(),
                    "{c:?} missing from the table"
                );
            }
        }
    }

    #[test]
    fn bold_is_wider() {
        let text = "The quick brown fox";
        assert!(text_width(text, 12.0, Weight::Bold) > text_width(text, 12.0, Weight::Regular));
    }

    #[test]
    fn proportional_not_constant() {
        assert!(
            text_width("WWWW", 12.0, Weight::Regular)
                > 2.0 * text_width("iiii", 12.0, Weight::Regular)
        );
    }

    #[test]
    fn scales_linearly_with_size() {
        let w12 = text_width("Scene 12", 12.0, Weight::Regular);
        let w24 = text_width("Scene 12", 24.0, Weight::Regular);
        assert!((w24 - 2.0 * w12).abs() < EPS);
    }

    #[test]
    fn empty_string() {
        assert_eq!(text_width("", 12.0, Weight::Regular), 0.0);
        assert_eq!(
            truncate_to_width("", 0.0, 12.0, Weight::Regular).as_deref(),
            Some("")
        );
        assert_eq!(
            truncate_to_width("", 100.0, 12.0, Weight::Bold).as_deref(),
            Some("")
        );
    }

    #[test]
    fn monotonic_in_prefix_length() {
        let text = "Gölge · İstanbul’da bir gece — 1984 → bugün";
        for weight in [Weight::Regular, Weight::Bold] {
            let mut prev = 0.0;
            for (i, c) in text.char_indices() {
                let w = text_width(&text[..i + c.len_utf8()], 11.0, weight);
                assert!(w >= prev, "width shrank at {i}");
                prev = w;
            }
        }
    }

    #[test]
    fn combining_marks_are_zero_width() {
        let r = Weight::Regular;
        assert_eq!(char_advance('\u{0301}', r), 0);
        assert_eq!(char_advance('\u{0308}', Weight::Bold), 0);
        assert_eq!(char_advance('\u{200D}', r), 0);
        assert_eq!(char_advance('\u{FE0F}', r), 0);
        // "é" decomposed measures as "e".
        assert_eq!(text_advance("e\u{0301}", r), text_advance("e", r));
        // Control characters other than whitespace are zero; tabs are spaces.
        assert_eq!(char_advance('\u{0007}', r), 0);
        assert_eq!(char_advance('\t', r), char_advance(' ', r));
    }

    #[test]
    fn cjk_falls_back_to_one_em() {
        for c in ['漢', 'あ', 'カ', '한', 'Ａ', '😀'] {
            assert_eq!(char_advance(c, Weight::Regular), UNITS_PER_EM, "{c:?}");
            assert_eq!(char_advance(c, Weight::Bold), UNITS_PER_EM, "{c:?}");
        }
        assert!((text_width("時間", 10.0, Weight::Regular) - 20.0).abs() < EPS);
    }

    #[test]
    fn other_scripts_fall_back_to_mean_lowercase() {
        let mean = |weight| {
            let total: u32 = ('a'..='z').map(|c| char_advance(c, weight)).sum();
            f64::from(total) / 26.0
        };
        for weight in [Weight::Regular, Weight::Bold] {
            let fallback = f64::from(char_advance('ש', weight));
            assert!((fallback - mean(weight)).abs() <= 0.5, "{weight:?}");
            assert_eq!(char_advance('\u{0E01}', weight), fallback as u32);
        }
    }

    #[test]
    fn truncate_keeps_text_that_fits() {
        let w = text_width("Semih", 12.0, Weight::Regular);
        assert_eq!(
            truncate_to_width("Semih", w, 12.0, Weight::Regular).as_deref(),
            Some("Semih")
        );
    }

    #[test]
    fn truncate_cuts_with_ellipsis() {
        let r = Weight::Regular;
        let max = text_width("Semi…", 12.0, r);
        assert_eq!(
            truncate_to_width("Semih Yıldız", max, 12.0, r).as_deref(),
            Some("Semi…")
        );
        // Just below: one character fewer.
        assert_eq!(
            truncate_to_width("Semih Yıldız", max - 0.01, 12.0, r).as_deref(),
            Some("Sem…")
        );
    }

    #[test]
    fn truncate_drops_trailing_space() {
        let r = Weight::Regular;
        let max = text_width("Semih …", 12.0, r);
        assert_eq!(
            truncate_to_width("Semih Yıldız", max, 12.0, r).as_deref(),
            Some("Semih…")
        );
    }

    #[test]
    fn truncate_to_lone_ellipsis_or_none() {
        let r = Weight::Regular;
        let ellipsis = text_width("…", 12.0, r);
        assert_eq!(
            truncate_to_width("Semih", ellipsis, 12.0, r).as_deref(),
            Some("…")
        );
        assert_eq!(truncate_to_width("Semih", ellipsis - 0.01, 12.0, r), None);
        assert_eq!(truncate_to_width("Semih", 0.0, 12.0, r), None);
        assert_eq!(truncate_to_width("Semih", f64::NAN, 12.0, r), None);
    }

    #[test]
    fn truncate_keeps_combining_marks_with_their_base() {
        let r = Weight::Regular;
        // "Ce\u{301}sar": a cut right after "e" would strip its accent.
        let text = "Ce\u{301}sar";
        let max = text_width("Ce…", 12.0, r);
        assert_eq!(
            truncate_to_width(text, max, 12.0, r).as_deref(),
            Some("Ce\u{301}…")
        );
    }

    #[test]
    fn truncation_never_exceeds_max() {
        let texts = [
            "Semih Yıldız",
            "Ağustos 1999 — İzmir’de “son” gece…",
            "漢字とかな mixed",
            "a\u{0301}b\u{0302}c\u{0303}d",
            "WWWWWWWWWW iiiiiiiii",
        ];
        for text in texts {
            for weight in [Weight::Regular, Weight::Bold] {
                for tenth in 0..=1500 {
                    let max = f64::from(tenth) / 10.0;
                    match truncate_to_width(text, max, 11.0, weight) {
                        Some(out) => {
                            assert!(text_width(&out, 11.0, weight) <= max, "{out:?} > {max}");
                            let stem = out.strip_suffix(ELLIPSIS).unwrap_or(&out);
                            assert!(text.starts_with(stem));
                        }
                        None => assert!(text_width("…", 11.0, weight) > max),
                    }
                }
            }
        }
    }

    #[test]
    fn truncation_is_monotonic_in_width() {
        let text = "Ağustos 1999 — İzmir’de son gece";
        let mut prev = 0;
        for px in 0..200 {
            if let Some(out) = truncate_to_width(text, f64::from(px), 12.0, Weight::Regular) {
                let len = out.strip_suffix(ELLIPSIS).unwrap_or(&out).len();
                assert!(len >= prev);
                prev = len;
            }
        }
    }

    #[test]
    fn table_is_well_formed() {
        let ranges: Vec<_> = covered_ranges().collect();
        assert!(ranges.windows(2).all(|w| w[0].end() < w[1].start()));
        for block in table::BLOCKS {
            assert_eq!(block.regular.len(), block.bold.len());
        }
        for list in [table::ZERO_WIDTH, table::WIDE] {
            assert!(list.iter().all(|(a, b)| a <= b));
            assert!(list.windows(2).all(|w| w[0].1 < w[1].0));
        }
    }
}
