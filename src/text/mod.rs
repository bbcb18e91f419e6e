//! Text measurement and CJK-aware line breaking, without system fonts.
//!
//! Layout sizes every box with [`width`] and [`wrap_balanced`]; the SVG
//! renderer wraps table cells with [`wrap`]. Everything here is pure and
//! deterministic: the same text measures and breaks the same on every machine.
//!
//! # Widths
//!
//! Every character has a bundled advance width in em (`table.rs`, generated
//! by `gen_table.py` beside it; fonts are never read at run time). The width
//! of a line is the sum of its characters' widths times the font size; there
//! is no kerning or shaping. Widths are held in 1/100 em, so sums are exact.
//!
//! Where the numbers come from, first rule that applies:
//! 1. **1 em**: CJK ideographs (URO, Ext A–I, compatibility ideographs and
//!    their supplement: all of planes 2 and 3), radicals, kana, hangul
//!    syllables, bopomofo, full-width forms, CJK symbols and punctuation —
//!    everything Unicode marks East Asian Wide or Fullwidth. The ambiguous
//!    punctuation Chinese fonts draw full width (`“”‘’…—·`) is 1 em too,
//!    because rule 3 measures it so.
//! 2. **0**: control characters, format characters (ZWSP, ZWJ, bidi marks,
//!    soft hyphen, BOM), combining marks, variation selectors, hangul
//!    medial/final jamo. A tab measures like a space (SVG draws it as one).
//! 3. **Measured**: every other character with a glyph in Noto Sans CJK SC
//!    Regular (= Source Han Sans SC) or WenQuanYi Micro Hei gets the larger
//!    of its two advance widths (`hmtx` advance / `unitsPerEm`, read with
//!    fontTools from the Debian packages fonts-noto-cjk and
//!    fonts-wqy-microhei), rounded *up* to 1/100 em. These are the
//!    proportional Latin, digit, Greek and Cyrillic glyphs of the fonts the
//!    SVG names; taking the larger and rounding up errs slightly wide
//!    (e.g. `a` 0.57, `0` 0.56, `W` 0.89, `i` 0.28, space 0.26 em).
//! 4. **Emoji** (wide characters in U+2300–2BFF and U+1F000–1FAFF): 1.25 em,
//!    the advance of Noto Color Emoji; a ZWJ sequence measures as the sum of
//!    its parts (wide, never narrow).
//! 5. **1 em** for unassigned and private-use code points (a missing-glyph
//!    box), **0.65 em** for any other character neither font has (other
//!    scripts fall back to fonts we do not know; 0.65 em is wider than most
//!    Latin-like letters).
//!
//! # Line breaking
//!
//! A simplified UAX #14 with the Chinese 禁则 (kinsoku) rules, in tiers; the
//! filler takes the latest break of the best tier a line offers:
//! - **Hard breaks** `\n`, `\r\n`, `\r`, U+2028/2029 (and VT, FF, NEL) always
//!   break; an empty paragraph gives an empty line.
//! - **Allowed**: after a run of spaces; before and after an ideograph-like
//!   character (CJK, kana, hangul, full-width forms, emoji); after full-width
//!   closing punctuation and before a full-width opening bracket; on either
//!   side of an em dash (but not inside `——`); after a hyphen that follows a
//!   non-space and is not followed by a digit; after U+200B.
//! - **Emergency** (only inside a unit wider than the line): between the
//!   characters of a Latin word or number (`9:00-17:00`, `XK-0012`,
//!   `3.14`), between a digit and a following ideograph (`2024年`), around
//!   ASCII quotes.
//! - **Last resort** (only when nothing better exists, e.g. a line of
//!   nothing but punctuation): before closing punctuation
//!   `，。、：；！？）」』》】〕”’…%·/` and the like (no line may start with it),
//!   after opening brackets `（「『《【〔“‘(` and leading currency signs (no
//!   line may end with one), around no-break spaces.
//! - **Never**: before a combining mark or other zero-width character, after
//!   a zero-width joiner, before a space.
//!
//! 禁则 are met by pulling characters back: when `，` does not fit, the
//! character before it moves to the next line with it. Punctuation never
//! hangs past the width, so every line fits unless it is a single unit with
//! no break inside (one character wider than the line, or a cluster).
//!
//! Spaces at a break are dropped (trailing spaces of every line are
//! dropped; a line after a wrap starts at a non-space); spaces at the start
//! of a paragraph are kept. No other character is ever dropped or repeated:
//! the lines joined equal the input minus hard breaks and the spaces at the
//! breaks. Trailing spaces never count against the width.
//!
//! [`wrap_balanced`] keeps the greedy line count but finds, by binary search
//! over the width (O(n log w)), the narrowest width that still needs no more
//! lines, so the lines come out even instead of leaving one character on the
//! last line.

mod breaks;
mod measure;
mod table;
mod wrap;

use crate::text::wrap::{limit_units, Prepared};

/// Width of `text` (a single line) at `font_size` px: the sum of its
/// characters' widths (see the module docs), hard breaks counting zero.
pub fn width(text: &str, font_size: f64) -> f64 {
    width_em(text) * font_size
}

/// Width of `text` in em (its width at a font size of 1).
pub fn width_em(text: &str) -> f64 {
    measure::str_units(text) as f64 / measure::UNITS_PER_EM
}

/// Width of one character in em: 1.0 for CJK, 0 for combining marks and
/// control characters, the measured glyph advance for Latin and the like.
pub fn char_width_em(c: char) -> f64 {
    f64::from(measure::char_units(c)) / measure::UNITS_PER_EM
}

/// Width of the widest of `lines` at `font_size` px (0 for no lines).
pub fn max_line_width<S: AsRef<str>>(lines: &[S], font_size: f64) -> f64 {
    lines
        .iter()
        .map(|l| width(l.as_ref(), font_size))
        .fold(0.0, f64::max)
}

/// Breaks `text` into lines no wider than `max_width` at `font_size` px,
/// filling each line as far as it goes (greedy). An explicit `\n` always
/// breaks; a unit with no break inside that is wider than `max_width` gets a
/// line of its own and is broken by character only when it is wider than a
/// whole line (see the module docs for the rules). Always at least one line.
pub fn wrap(text: &str, max_width: f64, font_size: f64) -> Vec<String> {
    let prepared = Prepared::new(text);
    let limit = limit_units(max_width, font_size);
    let mut ranges = Vec::new();
    for &para in prepared.paragraphs() {
        prepared.fill(para, limit, usize::MAX, Some(&mut ranges));
    }
    ranges.into_iter().map(|r| prepared.text(r)).collect()
}

/// Like [`wrap`], with the same number of lines, but as even as possible:
/// each paragraph is filled at the narrowest width that does not need more
/// lines than [`wrap`] gives it. For node labels, where a lone character on
/// the last line looks broken. Every line still fits `max_width` (same
/// exception as [`wrap`]).
pub fn wrap_balanced(text: &str, max_width: f64, font_size: f64) -> Vec<String> {
    let prepared = Prepared::new(text);
    let limit = limit_units(max_width, font_size);
    let mut lines = Vec::new();
    for &para in prepared.paragraphs() {
        for range in prepared.fill_balanced(para, limit) {
            lines.push(prepared.text(range));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_in_units_are_exact() {
        assert_eq!(width("受理", 14.0), 28.0);
        assert_eq!(
            width_em("审核岗 · 15工作日"),
            3.0 + 0.26 + 1.0 + 0.26 + 1.12 + 3.0
        );
        assert_eq!(char_width_em('\u{0301}'), 0.0);
        assert_eq!(char_width_em('\n'), 0.0);
    }

    #[test]
    fn limit_handles_odd_sizes() {
        assert_eq!(limit_units(14.0, 14.0), 100);
        assert_eq!(limit_units(f64::NAN, 14.0), 0);
        assert_eq!(limit_units(-5.0, 14.0), 0);
        assert_eq!(limit_units(f64::INFINITY, 14.0), u64::MAX);
        assert_eq!(limit_units(10.0, 0.0), u64::MAX);
        assert_eq!(limit_units(10.0, f64::NAN), u64::MAX);
        // 0.1 * 3 is not exactly 0.3 in floating point; it must still fit.
        assert_eq!(limit_units(0.1 * 3.0, 0.1), 300);
    }

    #[test]
    fn balanced_evens_a_lone_last_character() {
        let text = "一二三四五六七八九十甲";
        assert_eq!(wrap(text, 100.0, 10.0), ["一二三四五六七八九十", "甲"]);
        assert_eq!(
            wrap_balanced(text, 100.0, 10.0),
            ["一二三四五六", "七八九十甲"]
        );
    }
}
