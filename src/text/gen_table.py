#!/usr/bin/env python3
"""Regenerates src/text/table.rs, the bundled character-width table.

Run from the crate root:  python3 src/text/gen_table.py > src/text/table.rs
Needs fontTools and uharfbuzz (`pip install fonttools uharfbuzz`) and the
Debian packages fonts-noto-cjk and fonts-wqy-microhei. flowc never reads fonts at run time;
this script is only how the numbers in table.rs were obtained.

Each code point gets a regular and a bold width (Noto Sans CJK SC Bold for
the bold one; WenQuanYi Micro Hei has no bold). Rules, first match wins
(widths in 1/100 em, flag ID = breakable around like an ideograph):
  1. planes 2 and 3 (CJK Ext B-I, compatibility supplement): 100, ID
  2. zero: general categories Cc Cf Mn Me Zl Zp (except the visible Arabic
     prepended marks), Hangul medial/final jamo and fillers
  3. East Asian Width W or F: 100, ID; emoji (W in 2300-2BFF or
     1F000-1FAFF) 125, ID
  4. a glyph in Noto Sans CJK SC (Regular, resp. Bold) or WenQuanYi Micro
     Hei: the larger advance of the two, rounded up to 1/100 em; ID when it is a symbol or punctuation (S*, P*) of
     >= 0.95 em above U+2000 (e.g. ○ ※ ★ in a CJK font)
  5. unassigned or private use: 100 (a missing-glyph box)
  6. anything else: 65 (bold 70)

Kerning: the fonts' GPOS pair kerning mostly narrows pairs (`AV`, `To`),
which the sum of advances ignores (errs wide), but some pairs widen
(`(j`, `fV`). Every printable-ASCII pair is shaped with HarfBuzz in each
font; a pair whose shaped width exceeds the two advances in any font gets
that excess, rounded up to 1/100 em, as a pair extra (KERN / KERN_BOLD).
"""
import math
import sys
import unicodedata

import uharfbuzz as hb
from fontTools.ttLib import TTCollection

NOTO = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "Noto Sans CJK SC")
NOTO_BOLD = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "Noto Sans CJK SC")
WQY = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "WenQuanYi Micro Hei")


def face_index(path, family):
    for index, font in enumerate(TTCollection(path).fonts):
        if family in font["name"].getDebugName(1):
            return index, font
    sys.exit(f"{family} not found in {path}")


def load(path, family):
    _, font = face_index(path, family)
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    upm = font["head"].unitsPerEm
    return {cp: hmtx[g][0] / upm for cp, g in cmap.items()}


def pair_extras(fonts):
    """{(a, b): units} for printable-ASCII pairs that shape wider than the
    sum of their two advances in any of `fonts` ((path, family) pairs)."""
    extras = {}
    for path, family in fonts:
        index, _ = face_index(path, family)
        face = hb.Face(hb.Blob.from_file_path(path), index)
        font = hb.Font(face)

        def shaped(text):
            buf = hb.Buffer()
            buf.add_str(text)
            buf.guess_segment_properties()
            buf.language = "zh-Hans"
            hb.shape(font, buf, {})
            return sum(p.x_advance for p in buf.glyph_positions) / face.upem

        single = {cp: shaped(chr(cp)) for cp in range(0x21, 0x7F)}
        for a in range(0x21, 0x7F):
            for b in range(0x21, 0x7F):
                extra = shaped(chr(a) + chr(b)) - single[a] - single[b]
                units = math.ceil(round(extra * 100, 6))
                if units > 0:
                    extras[(a, b)] = max(units, extras.get((a, b), 0))
    return extras


VISIBLE_FORMAT = {0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x08E2, 0x110BD, 0x110CD}


def classify(cp, noto, wqy, default=65):
    if 0x20000 <= cp <= 0x3FFFF:
        return 100, True
    ch = chr(cp)
    cat = unicodedata.category(ch)
    if cat in ("Cc", "Cf", "Mn", "Me", "Zl", "Zp") and cp not in VISIBLE_FORMAT:
        return 0, False
    if 0x1160 <= cp <= 0x11FF or 0xD7B0 <= cp <= 0xD7FF or cp in (0x115F, 0x3164, 0xFFA0):
        return 0, False
    eaw = unicodedata.east_asian_width(ch)
    if eaw in ("W", "F") and cat != "Cn":
        if (0x2300 <= cp <= 0x2BFF or 0x1F000 <= cp <= 0x1FAFF) and cp not in (0x2329, 0x232A):
            return 125, True
        return 100, True
    measured = [w for w in (noto.get(cp), wqy.get(cp)) if w is not None]
    if measured:
        em = max(measured)
        units = math.ceil(round(em * 100, 6))
        return units, cat[0] in "SP" and cp >= 0x2000 and em >= 0.95
    if cat in ("Cn", "Co", "Cs"):
        if 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF:
            return 100, True
        return 100, False
    return default, False


def byte_literal(cp):
    ch = chr(cp)
    if ch in "\\'":
        return "'\\%s'" % ch
    return "'%s'" % ch


def main():
    noto = load(*NOTO)
    bold = load(*NOTO_BOLD)
    wqy = load(*WQY)
    runs = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            value = (0, 0, False)
        else:
            regular, ideo = classify(cp, noto, wqy)
            value = (regular, classify(cp, bold, wqy, 70)[0], ideo)
        if not runs or runs[-1][1:] != value:
            runs.append((cp,) + value)
    ascii_ = [classify(cp, noto, wqy)[0] for cp in range(0x80)]
    ascii_bold = [classify(cp, bold, wqy, 70)[0] for cp in range(0x80)]
    out = sys.stdout
    out.write("//! Generated by `src/text/gen_table.py` from Noto Sans CJK SC (Regular,\n")
    out.write("//! Bold) and WenQuanYi Micro Hei (Unicode %s data); do not edit by hand.\n\n" % unicodedata.unidata_version)
    for name, table, what in (("ASCII", ascii_, "Regular"), ("ASCII_BOLD", ascii_bold, "Bold")):
        out.write("/// %s advance widths of U+0000..U+007F in 1/100 em.\n" % what)
        out.write("pub(super) static %s: [u8; 128] = [\n" % name)
        for i in range(0, 128, 16):
            out.write("    " + ", ".join(str(w) for w in table[i:i + 16]) + ",\n")
        out.write("];\n\n")
    for name, fonts, what in (("KERN", (NOTO, WQY), "regular"), ("KERN_BOLD", (NOTO_BOLD, WQY), "bold")):
        extras = sorted(pair_extras(fonts).items())
        out.write("/// Printable-ASCII pairs that %s fonts set wider than their two\n" % what)
        out.write("/// advances: (first, second, extra in 1/100 em), sorted.\n")
        out.write("pub(super) static %s: [(u8, u8, u8); %d] = [\n" % (name, len(extras)))
        for (a, b), units in extras:
            out.write("    (b%s, b%s, %d),\n" % (byte_literal(a), byte_literal(b), units))
        out.write("];\n\n")
    out.write("/// Runs of code points sharing a regular and a bold width (1/100 em) and\n")
    out.write("/// a line-breaking flag (`true`: breakable on both sides like an\n")
    out.write("/// ideograph). Each run starts at its code point and ends where the next\n")
    out.write("/// one starts.\n")
    out.write("pub(super) static RUNS: [(u32, u8, u8, bool); %d] = [\n" % len(runs))
    for cp, w, wb, ident in runs:
        out.write("    (0x%04X, %d, %d, %s),\n" % (cp, w, wb, "true" if ident else "false"))
    out.write("];\n")


main()
