//! Per-character advance widths from the bundled table (see [`super`] for
//! where the numbers come from).
//!
//! Widths are kept as integers in 1/100 em ("units") so that sums are exact
//! and the same on every machine; they become `f64` only at the public API.

use crate::text::table::{ASCII, ASCII_BOLD, KERN, KERN_BOLD, RUNS};
use crate::text::Weight;

/// Units per em: widths are stored and summed in 1/100 em.
pub(super) const UNITS_PER_EM: f64 = 100.0;

/// Width (at `weight`) and line-breaking flag of one character.
///
/// The flag is `true` for ideograph-like characters (CJK, kana, hangul,
/// full-width forms, emoji, full-width symbols) that allow a line break on
/// either side.
pub(super) fn lookup(c: char, weight: Weight) -> (u32, bool) {
    let cp = u32::from(c);
    let ascii = match weight {
        Weight::Regular => &ASCII,
        Weight::Bold => &ASCII_BOLD,
    };
    // SVG turns a tab into a space when it lays out text.
    let cp = if c == '\t' { u32::from(b' ') } else { cp };
    if let Some(&w) = ascii.get(cp as usize) {
        return (u32::from(w), false);
    }
    if matches!(cp, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3) {
        return (100, true); // ideographs and hangul syllables, the bulk of CJK text
    }
    // RUNS starts at U+0000, so the partition point is at least 1.
    let i = RUNS.partition_point(|run| run.0 <= cp);
    RUNS.get(i.wrapping_sub(1))
        .map_or((100, false), |&(_, regular, bold, ideo)| {
            let w = match weight {
                Weight::Regular => regular,
                Weight::Bold => bold,
            };
            (u32::from(w), ideo)
        })
}

/// Width of one character in 1/100 em.
pub(super) fn char_units(c: char, weight: Weight) -> u32 {
    lookup(c, weight).0
}

/// Width of an emoji in 1/100 em (Noto Color Emoji's advance, 1.245 em).
const EMOJI: u32 = 125;

/// Extra width in 1/100 em when `b` directly follows `a`: positive pair
/// kerning (`(j`, `fV`), and VARIATION SELECTOR-16 turning a text symbol
/// (`❤`, `☎`) into an emoji as wide as any other. 0 for most pairs.
pub(super) fn pair_extra(a: char, b: char, weight: Weight) -> u32 {
    if b == '\u{FE0F}' {
        return EMOJI.saturating_sub(char_units(a, weight));
    }
    let (Ok(a), Ok(b)) = (u8::try_from(a), u8::try_from(b)) else {
        return 0;
    };
    let table: &[(u8, u8, u8)] = match weight {
        Weight::Regular => &KERN,
        Weight::Bold => &KERN_BOLD,
    };
    table
        .binary_search_by(|&(x, y, _)| (x, y).cmp(&(a, b)))
        .ok()
        .and_then(|i| table.get(i))
        .map_or(0, |&(_, _, extra)| u32::from(extra))
}

/// Width of `text` in 1/100 em: its characters plus pair extras.
pub(super) fn str_units(text: &str, weight: Weight) -> u64 {
    let mut prev = None;
    let mut total = 0;
    for c in text.chars() {
        total += u64::from(char_units(c, weight));
        if let Some(p) = prev {
            total += u64::from(pair_extra(p, c, weight));
        }
        prev = Some(c);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_sorted_and_start_at_zero() {
        assert_eq!(RUNS.first().map(|r| r.0), Some(0));
        assert!(RUNS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn ascii_fast_path_agrees_with_runs() {
        for cp in 0u32..0x80 {
            let c = char::from_u32(cp).unwrap_or(' ');
            if c == '\t' {
                continue;
            }
            let i = RUNS.partition_point(|run| run.0 <= cp) - 1;
            assert_eq!(
                lookup(c, Weight::Regular).0,
                u32::from(RUNS[i].1),
                "U+{cp:04X}"
            );
            assert_eq!(
                lookup(c, Weight::Bold).0,
                u32::from(RUNS[i].2),
                "U+{cp:04X}"
            );
        }
    }

    #[test]
    fn kerning_tables_are_sorted_and_apply_to_pairs_only() {
        assert!(KERN.windows(2).all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        assert!(KERN_BOLD
            .windows(2)
            .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
        let j = char_units('j', Weight::Regular);
        let open = char_units('(', Weight::Regular);
        let extra = pair_extra('(', 'j', Weight::Regular);
        assert!(extra >= 8, "Noto Sans CJK SC sets (j 0.082 em wider");
        assert_eq!(
            str_units("(j", Weight::Regular),
            u64::from(open + j + extra)
        );
        assert_eq!(str_units("j(", Weight::Regular), u64::from(open + j));
        assert_eq!(pair_extra('审', 'j', Weight::Regular), 0);
        // An emoji presentation selector widens a text symbol to an emoji.
        assert_eq!(str_units("\u{2764}\u{FE0F}", Weight::Regular), 125);
        assert_eq!(str_units("😀\u{FE0F}", Weight::Regular), 125);
    }

    #[test]
    fn fast_paths_agree_with_runs() {
        let ranges = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xAC00..=0xD7A3];
        for cp in ranges.into_iter().flatten() {
            let i = RUNS.partition_point(|run| run.0 <= cp) - 1;
            let (_, regular, bold, ideo) = RUNS[i];
            assert_eq!((regular, bold, ideo), (100, 100, true), "U+{cp:04X}");
        }
    }

    #[test]
    fn last_plane_is_covered() {
        // Private use and unassigned code points draw a one-em box.
        assert_eq!(lookup('\u{10FFFD}', Weight::Regular), (100, false));
        assert_eq!(lookup(char::MAX, Weight::Bold), (100, false));
    }
}
