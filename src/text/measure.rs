//! Per-character advance widths from the bundled table (see [`super`] for
//! where the numbers come from).
//!
//! Widths are kept as integers in 1/100 em ("units") so that sums are exact
//! and the same on every machine; they become `f64` only at the public API.

use crate::text::table::{ASCII, RUNS};

/// Units per em: widths are stored and summed in 1/100 em.
pub(super) const UNITS_PER_EM: f64 = 100.0;

/// Width and line-breaking flag of one character, from the table.
///
/// The flag is `true` for ideograph-like characters (CJK, kana, hangul,
/// full-width forms, emoji, full-width symbols) that allow a line break on
/// either side.
pub(super) fn lookup(c: char) -> (u32, bool) {
    let cp = u32::from(c);
    if c == '\t' {
        // SVG turns a tab into a space when it lays out text.
        return (u32::from(ASCII[usize::from(b' ')]), false);
    }
    if let Some(&w) = ASCII.get(cp as usize) {
        return (u32::from(w), false);
    }
    if matches!(cp, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3) {
        return (100, true); // ideographs and hangul syllables, the bulk of CJK text
    }
    // RUNS starts at U+0000, so the partition point is at least 1.
    let i = RUNS.partition_point(|run| run.0 <= cp);
    RUNS.get(i.wrapping_sub(1))
        .map_or((100, false), |&(_, w, ideo)| (u32::from(w), ideo))
}

/// Width of one character in 1/100 em.
pub(super) fn char_units(c: char) -> u32 {
    lookup(c).0
}

/// Sum of the widths of `text`'s characters in 1/100 em.
pub(super) fn str_units(text: &str) -> u64 {
    text.chars().map(|c| u64::from(char_units(c))).sum()
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
            assert_eq!(lookup(c).0, u32::from(RUNS[i].1), "U+{cp:04X}");
        }
    }

    #[test]
    fn fast_paths_agree_with_runs() {
        let ranges = [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xAC00..=0xD7A3];
        for cp in ranges.into_iter().flatten() {
            let i = RUNS.partition_point(|run| run.0 <= cp) - 1;
            assert_eq!((RUNS[i].1, RUNS[i].2), (100, true), "U+{cp:04X}");
        }
    }

    #[test]
    fn last_plane_is_covered() {
        // Private use and unassigned code points draw a one-em box.
        assert_eq!(lookup('\u{10FFFD}'), (100, false));
        assert_eq!(lookup(char::MAX), (100, false));
    }
}
