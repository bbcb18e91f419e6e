//! Greedy and balanced line filling over precomputed break opportunities.
//!
//! The text is prepared once ([`Prepared`]): characters without the hard
//! breaks, prefix sums of their widths, the break tier before each
//! character, and the paragraph ranges. A fill pass is then a single linear
//! scan, so balanced wrapping (a binary search over the width, one pass per
//! step) stays O(n log w).

use crate::text::breaks::{self, Class, Tier};
use crate::text::measure;

/// A text ready for line filling.
pub(super) struct Prepared {
    /// The characters, hard breaks removed.
    chars: Vec<char>,
    /// `prefix[i]` = width of `chars[..i]` in 1/100 em.
    prefix: Vec<u64>,
    /// `tier[i]` = how acceptable a break before `chars[i]` is.
    tier: Vec<Tier>,
    /// `space[i]`: `chars[i]` is a breaking space (dropped at line ends).
    space: Vec<bool>,
    /// Paragraphs as `[start, end)` ranges into `chars`, in order.
    paragraphs: Vec<(usize, usize)>,
}

/// Whether `c` is a hard line break (`\r\n` counts once, see [`Prepared::new`]).
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Per-paragraph scanning state for computing break tiers.
#[derive(Default)]
struct Scan {
    /// Class of the last non-space, non-mark character of the paragraph.
    last: Option<Class>,
    /// A non-space character came right before `last`.
    last_has_left: bool,
    /// Spaces came after `last`.
    spaces_since_last: bool,
    /// The previous character is a non-space one.
    prev_nonspace: bool,
}

impl Prepared {
    /// Measures and classifies `text` once.
    pub(super) fn new(text: &str) -> Prepared {
        let cap = text.chars().count();
        let mut p = Prepared {
            chars: Vec::with_capacity(cap),
            prefix: Vec::with_capacity(cap + 1),
            tier: Vec::with_capacity(cap),
            space: Vec::with_capacity(cap),
            paragraphs: Vec::new(),
        };
        p.prefix.push(0);
        let mut scan = Scan::default();
        let mut para_start = 0;
        let mut after_cr = false;
        for c in text.chars() {
            if is_hard_break(c) {
                if !(c == '\n' && after_cr) {
                    p.paragraphs.push((para_start, p.chars.len()));
                    para_start = p.chars.len();
                    scan = Scan::default();
                }
                after_cr = c == '\r';
                continue;
            }
            after_cr = false;
            let mut class = breaks::classify(c);
            if class == Class::Mark && (scan.last.is_none() || scan.spaces_since_last) {
                // A mark with no base to attach to stands alone (UAX #14 LB10).
                class = Class::Other;
            }
            let tier = if class == Class::Space {
                scan.prev_nonspace = false;
                scan.spaces_since_last |= scan.last.is_some();
                Tier::Never
            } else {
                let tier = match scan.last {
                    None => Tier::Never,
                    Some(a) if scan.spaces_since_last => breaks::after_spaces(a, class),
                    Some(a) => breaks::between(a, class, scan.last_has_left),
                };
                if class != Class::Mark {
                    scan.last = Some(class);
                    scan.last_has_left = scan.prev_nonspace;
                    scan.spaces_since_last = false;
                }
                scan.prev_nonspace = true;
                tier
            };
            let total = p.prefix.last().copied().unwrap_or(0);
            p.chars.push(c);
            p.prefix.push(total + u64::from(measure::char_units(c)));
            p.tier.push(tier);
            p.space.push(class == Class::Space);
        }
        p.paragraphs.push((para_start, p.chars.len()));
        p
    }

    /// The paragraphs, as `[start, end)` character ranges.
    pub(super) fn paragraphs(&self) -> &[(usize, usize)] {
        &self.paragraphs
    }

    /// Width of `chars[start..end]` in 1/100 em.
    fn units(&self, start: usize, end: usize) -> u64 {
        let at = |i: usize| self.prefix.get(i).copied().unwrap_or(0);
        at(end).saturating_sub(at(start))
    }

    /// `end` moved back over trailing spaces, not before `start`.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.space.get(end - 1).copied().unwrap_or(false) {
            end -= 1;
        }
        end
    }

    /// Fills the paragraph `[start, end)` greedily into lines of at most
    /// `limit` units, pushing `[from, to)` line ranges into `out` (when
    /// given). Stops once more than `max_lines` lines are found; returns the
    /// number of lines found (at least 1).
    ///
    /// Invariant: each line fits `limit`, or is a single run of characters
    /// with no break opportunity inside; no line starts with a space; the
    /// lines cover every non-space character of the paragraph once, in order.
    pub(super) fn fill(
        &self,
        (start, end): (usize, usize),
        limit: u64,
        max_lines: usize,
        mut out: Option<&mut Vec<(usize, usize)>>,
    ) -> usize {
        let mut count = 0;
        let mut line = start;
        // Latest break candidate after `line`, per tier (index = tier).
        let mut best: [Option<usize>; 4] = [None; 4];
        for i in start..end {
            let tier = self.tier.get(i).copied().unwrap_or(Tier::Never);
            if i > line && tier != Tier::Never {
                if let Some(slot) = best.get_mut(tier as usize) {
                    *slot = Some(i);
                }
            }
            if self.space.get(i).copied().unwrap_or(false) {
                continue; // trailing spaces hang
            }
            while self.units(line, i + 1) > limit {
                let Some(at) = best.iter().rev().find_map(|b| *b) else {
                    break; // one unbreakable run: let it overflow
                };
                count += 1;
                if let Some(out) = out.as_deref_mut() {
                    out.push((line, self.trim_end(line, at)));
                }
                if count > max_lines {
                    return count;
                }
                line = at;
                for b in &mut best {
                    if b.is_some_and(|b| b <= at) {
                        *b = None;
                    }
                }
            }
        }
        if let Some(out) = out {
            out.push((line, self.trim_end(line, end)));
        }
        count + 1
    }

    /// Widest line of `lines` in 1/100 em.
    pub(super) fn widest(&self, lines: &[(usize, usize)]) -> u64 {
        lines
            .iter()
            .map(|&(a, b)| self.units(a, b))
            .max()
            .unwrap_or(0)
    }

    /// Width of the paragraph's non-space characters in 1/100 em.
    fn ink(&self, (start, end): (usize, usize)) -> u64 {
        let spaces: u64 = (start..end)
            .filter(|&i| self.space.get(i).copied().unwrap_or(false))
            .map(|i| self.units(i, i + 1))
            .sum();
        self.units(start, end).saturating_sub(spaces)
    }

    /// Lines of the paragraph as greedy filling at `limit` gives them, but
    /// at the smallest width that still gives no more lines, so the lines
    /// come out about even.
    pub(super) fn fill_balanced(&self, para: (usize, usize), limit: u64) -> Vec<(usize, usize)> {
        let mut greedy = Vec::new();
        let k = self.fill(para, limit, usize::MAX, Some(&mut greedy));
        if k <= 1 {
            return greedy;
        }
        // Invariant: filling at `hi` gives at most k lines; at `lo` (if
        // ever tried) more. No k lines can be narrower than ink / k.
        let mut hi = limit.min(self.widest(&greedy));
        let mut lo = (self.ink(para) / k as u64).saturating_sub(1);
        if self.fill(para, hi, k, None) > k {
            return greedy;
        }
        while hi > lo.saturating_add(1) {
            let mid = lo + (hi - lo) / 2;
            if self.fill(para, mid, k, None) <= k {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let mut lines = Vec::with_capacity(k);
        self.fill(para, hi, usize::MAX, Some(&mut lines));
        lines
    }

    /// The text of a line range.
    pub(super) fn text(&self, (start, end): (usize, usize)) -> String {
        self.chars
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .collect()
    }
}

/// Converts a width in px at `font_size` to a whole number of 1/100 em,
/// rounding down (a line must fit). Zero or invalid font sizes measure
/// everything as zero, so nothing wraps.
pub(super) fn limit_units(max_width: f64, font_size: f64) -> u64 {
    if font_size.is_nan() || font_size <= 0.0 {
        return u64::MAX;
    }
    // `as` saturates: NaN and negatives become 0, +inf becomes u64::MAX.
    (max_width / font_size * measure::UNITS_PER_EM + 1e-6).floor() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_counts_lines_and_stops_early() {
        let p = Prepared::new("一二三四五六七八九十");
        let para = p.paragraphs()[0];
        assert_eq!(p.fill(para, 300, usize::MAX, None), 4);
        // Asked for at most 2 lines, it stops at the third.
        assert_eq!(p.fill(para, 300, 2, None), 3);
        let mut lines = Vec::new();
        p.fill(para, 300, usize::MAX, Some(&mut lines));
        assert_eq!(lines, [(0, 3), (3, 6), (6, 9), (9, 10)]);
        assert_eq!(p.widest(&lines), 300);
    }

    #[test]
    fn paragraphs_split_on_every_hard_break_once() {
        let p = Prepared::new("a\r\nb\rc\nd\u{2028}e");
        assert_eq!(p.paragraphs(), [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]);
        assert_eq!(Prepared::new("").paragraphs(), [(0, 0)]);
    }

    #[test]
    fn trailing_spaces_do_not_count() {
        let p = Prepared::new("审核   ");
        let mut lines = Vec::new();
        assert_eq!(
            p.fill(p.paragraphs()[0], 200, usize::MAX, Some(&mut lines)),
            1
        );
        assert_eq!(lines, [(0, 2)]);
    }
}
