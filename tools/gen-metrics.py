#!/usr/bin/env python3
"""Generate src/render/metrics_table.rs from the DejaVu Sans fonts.

The renderer measures label widths from advance widths embedded in the
binary, never from fonts installed on the machine that runs chronotope, so
the SVG output is byte-identical everywhere. This script is the only place
that reads a font file; run it again only to change the covered blocks or
the font version, and commit the regenerated table.

Requirements:
    pip install fonttools
    apt-get install fonts-dejavu-core   # DejaVuSans.ttf, DejaVuSans-Bold.ttf

Usage (from the repository root):
    python3 tools/gen-metrics.py [--font-dir DIR] [--out PATH]
"""

import argparse
import os
import sys
import unicodedata

try:
    from fontTools.ttLib import TTFont
except ImportError:  # pragma: no cover - only a hint for the developer
    sys.exit("gen-metrics.py needs fontTools: pip install fonttools")

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
DEFAULT_OUT = os.path.join("src", "render", "metrics_table.rs")
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"

# (first, last, name): inclusive ranges of code points stored densely.
BLOCKS = [
    (0x0020, 0x007E, "Basic Latin (printable)"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0180, 0x024F, "Latin Extended-B"),
    (0x0370, 0x03FF, "Greek and Coptic"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x20A0, 0x20C0, "Currency Symbols"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
]

# Stored for code points the font has no glyph for; the Rust side then
# applies its documented fallback.
MISSING = 0xFFFF

# DejaVu font licence, reproduced as the licence asks for copies of the Font
# Software. Only advance widths (numbers) are taken, no glyph outlines.
LICENCE = """\
Copyright (c) 2003 by Bitstream, Inc. All Rights Reserved. Bitstream Vera is
a trademark of Bitstream, Inc. DejaVu changes are in public domain.

Bitstream Vera licence: Permission is hereby granted, free of charge, to any
person obtaining a copy of the fonts accompanying this license ("Fonts") and
associated documentation files (the "Font Software"), to reproduce and
distribute the Font Software, including without limitation the rights to
use, copy, merge, publish, distribute, and/or sell copies of the Font
Software, and to permit persons to whom the Font Software is furnished to do
so, subject to the following conditions: The above copyright and trademark
notices and this permission notice shall be included in all copies of one or
more of the Font Software typefaces. The Font Software may be modified,
altered, or added to, and in particular the designs of glyphs or characters
in the Fonts may be modified and additional glyphs or characters may be
added to the Fonts, only if the fonts are renamed to names not containing
either the words "Bitstream" or the word "Vera". This License becomes null
and void to the extent applicable to Fonts or Font Software that has been
modified and is distributed under the "Bitstream Vera" names. The Font
Software may be sold as part of a larger software package but no copy of
one or more of the Font Software typefaces may be sold by itself. THE FONT
SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF COPYRIGHT, PATENT,
TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL BITSTREAM OR THE GNOME
FOUNDATION BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, INCLUDING
ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL DAMAGES,
WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF
THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM OTHER DEALINGS IN THE
FONT SOFTWARE. Except as contained in this notice, the names of Gnome, the
Gnome Foundation, and Bitstream Inc., shall not be used in advertising or
otherwise to promote the sale, use or other dealings in this Font Software
without prior written authorization from the Gnome Foundation or Bitstream
Inc., respectively. For further information, contact: fonts at gnome dot
org."""


def load(path):
    font = TTFont(path)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    upem = font["head"].unitsPerEm
    name = font["name"]
    version = name.getDebugName(5)
    full = name.getDebugName(4)

    def advance(cp):
        glyph = cmap.get(cp)
        if glyph is None:
            return MISSING
        width = hmtx[glyph][0]
        assert 0 <= width < MISSING, (cp, width)
        return width

    return upem, full, version, advance


def ranges(predicate):
    """Inclusive (first, last) runs of code points satisfying predicate."""
    runs = []
    start = None
    for cp in range(0x110000):
        if predicate(cp):
            if start is None:
                start = cp
        elif start is not None:
            runs.append((start, cp - 1))
            start = None
    if start is not None:
        runs.append((start, 0x10FFFF))
    return runs


def is_zero_width(cp):
    # Nonspacing and enclosing marks draw on the previous character; format
    # characters (ZWJ, ZWNJ, bidi marks, soft hyphen, BOM...) draw nothing.
    return unicodedata.category(chr(cp)) in ("Mn", "Me", "Cf")


def is_wide(cp):
    # East Asian Wide and Fullwidth: CJK ideographs, kana, Hangul, fullwidth
    # forms, most emoji. Unassigned code points are skipped.
    ch = chr(cp)
    return unicodedata.category(ch) != "Cn" and unicodedata.east_asian_width(ch) in ("W", "F")


def emit_ranges(w, name, runs):
    w(f"pub(super) static {name}: &[(u32, u32)] = &[")
    for i in range(0, len(runs), 4):
        chunk = runs[i : i + 4]
        w("    " + " ".join(f"(0x{a:04X}, 0x{b:04X})," for a, b in chunk))
    w("];")


def rust_array(values, indent="        "):
    lines = []
    for i in range(0, len(values), 12):
        chunk = values[i : i + 12]
        lines.append(indent + ", ".join(str(v) for v in chunk) + ",")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font-dir", default=DEFAULT_FONT_DIR)
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()

    reg_upem, reg_name, reg_version, reg = load(os.path.join(args.font_dir, REGULAR))
    bold_upem, bold_name, bold_version, bold = load(os.path.join(args.font_dir, BOLD))
    if reg_upem != bold_upem:
        sys.exit("regular and bold fonts disagree on units per em")
    upem = reg_upem

    def lowercase_mean(advance):
        widths = [advance(cp) for cp in range(ord("a"), ord("z") + 1)]
        return round(sum(widths) / len(widths))

    out = []
    w = out.append
    w("// @generated by tools/gen-metrics.py — do not edit by hand.")
    w("//")
    w("// Regenerate from the repository root with:")
    w("//     pip install fonttools && apt-get install fonts-dejavu-core")
    w("//     python3 tools/gen-metrics.py")
    w("//")
    w(f"// Source fonts: {reg_name} ({REGULAR}, {reg_version}) and")
    w(f"// {bold_name} ({BOLD}, {bold_version}).")
    w("// Only horizontal advance widths (hmtx) are copied, no glyph outlines.")
    w(f"// Character classes (ZERO_WIDTH, WIDE) come from Unicode {unicodedata.unidata_version}")
    w("// via Python's unicodedata module.")
    w("//")
    for line in LICENCE.splitlines():
        w("// " + line if line else "//")
    w("")
    w("//! Advance widths of DejaVu Sans, generated by `tools/gen-metrics.py`.")
    w("")
    w("/// Font units per em of both weights; advances below are in these units.")
    w(f"pub(super) const UNITS_PER_EM: u32 = {upem};")
    w("")
    w("/// Marks a code point inside a block that the font has no glyph for.")
    w(f"pub(super) const MISSING: u16 = 0x{MISSING:04X};")
    w("")
    w("/// Mean advance of `a`..=`z` in the regular face, the fallback for")
    w("/// characters outside the table.")
    w(f"pub(super) const FALLBACK_REGULAR: u16 = {lowercase_mean(reg)};")
    w("")
    w("/// Mean advance of `a`..=`z` in the bold face.")
    w(f"pub(super) const FALLBACK_BOLD: u16 = {lowercase_mean(bold)};")
    w("")
    w("/// A dense run of advances for the code points `first..first + len`.")
    w("pub(super) struct Block {")
    w("    /// First code point of the run.")
    w("    pub(super) first: u32,")
    w("    /// Advance per code point in the regular face (`MISSING` if none).")
    w("    pub(super) regular: &'static [u16],")
    w("    /// Advance per code point in the bold face (`MISSING` if none).")
    w("    pub(super) bold: &'static [u16],")
    w("}")
    w("")
    w("/// Covered blocks, sorted by `first` and not overlapping.")
    w("#[rustfmt::skip]")
    w("pub(super) static BLOCKS: &[Block] = &[")
    prev_end = -1
    for first, last, name in BLOCKS:
        assert first > prev_end, "blocks must be sorted and disjoint"
        prev_end = last
        cps = range(first, last + 1)
        w(f"    // U+{first:04X}..=U+{last:04X} {name}")
        w("    Block {")
        w(f"        first: 0x{first:04X},")
        w("        regular: &[")
        w(rust_array([reg(cp) for cp in cps], "            "))
        w("        ],")
        w("        bold: &[")
        w(rust_array([bold(cp) for cp in cps], "            "))
        w("        ],")
        w("    },")
    w("];")
    w("")
    w(f"/// Code point ranges of general category Mn, Me or Cf (Unicode")
    w(f"/// {unicodedata.unidata_version}, from Python's `unicodedata`): measured as zero width.")
    w("/// Sorted, disjoint, inclusive.")
    w("#[rustfmt::skip]")
    emit_ranges(w, "ZERO_WIDTH", ranges(is_zero_width))
    w("")
    w(f"/// Code point ranges with East Asian Width W or F (Unicode")
    w(f"/// {unicodedata.unidata_version}): measured as one em when not in `BLOCKS`.")
    w("/// Sorted, disjoint, inclusive.")
    w("#[rustfmt::skip]")
    emit_ranges(w, "WIDE", ranges(is_wide))
    text = "\n".join(out) + "\n"
    with open(args.out, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")


if __name__ == "__main__":
    main()
