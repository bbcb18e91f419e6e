//! Greedy and balanced line filling over precomputed break opportunities.
//!
//! The text is prepared once ([`Prepared`]): characters without the hard
//! breaks, prefix sums of their widths, the break tier before each
//! character, and the paragraph ranges. A fill pass is then a single linear
//! scan, so balanced wrapping (a binary search over the width, one pass per
//! step) stays O(n log w).

use crate::text::breaks::{self, Class, Tier};
use crate::text::{measure, Weight};

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
    /// `phrase[i]`: the break before `chars[i]` is allowed and follows
    /// clause punctuation or a closing bracket (`，` `。` `、` `）` `,`): a
    /// phrase boundary, the nicest place for a line to end.
    phrase: Vec<bool>,
    /// Paragraphs as `[start, end)` ranges into `chars`, in order.
    paragraphs: Vec<(usize, usize)>,
}

/// How a full line chooses its break.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fill {
    /// The latest break of the best tier: the fullest lines.
    Greedy,
    /// Like `Greedy`, but the latest phrase boundary if the line is at
    /// least 2/3 full there.
    Phrases,
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
    /// Measures (at `weight`) and classifies `text` once.
    pub(super) fn new(text: &str, weight: Weight) -> Prepared {
        let cap = text.chars().count();
        let mut p = Prepared {
            chars: Vec::with_capacity(cap),
            prefix: Vec::with_capacity(cap + 1),
            tier: Vec::with_capacity(cap),
            space: Vec::with_capacity(cap),
            phrase: Vec::with_capacity(cap),
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
            let after_punct = matches!(scan.last, Some(Class::NoStart | Class::WideNoStart));
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
            // A pair extra counts with the second character; at a line start
            // it is then counted although its pair is split (errs wide).
            let kern = match p.chars.last() {
                Some(&prev) if p.chars.len() > para_start => measure::pair_extra(prev, c, weight),
                _ => 0,
            };
            p.chars.push(c);
            p.prefix
                .push(total + u64::from(measure::char_units(c, weight) + kern));
            p.tier.push(tier);
            p.space.push(class == Class::Space);
            p.phrase.push(tier == Tier::Allowed && after_punct);
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
        para: (usize, usize),
        limit: u64,
        max_lines: usize,
        out: Option<&mut Vec<(usize, usize)>>,
    ) -> usize {
        self.fill_with(Fill::Greedy, para, limit, max_lines, out)
    }

    /// [`Prepared::fill`], choosing where a full line breaks by `mode`.
    fn fill_with(
        &self,
        mode: Fill,
        (start, end): (usize, usize),
        limit: u64,
        max_lines: usize,
        mut out: Option<&mut Vec<(usize, usize)>>,
    ) -> usize {
        let mut count = 0;
        let mut line = start;
        // Latest break candidate after `line`, per tier (index = tier).
        let mut best: [Option<usize>; 4] = [None; 4];
        // Latest phrase boundary after `line` (also in `best[Allowed]`).
        let mut phrase: Option<usize> = None;
        // A line may end at a phrase boundary when it is 2/3 full there.
        let phrase_min = limit.saturating_mul(2) / 3;
        for i in start..end {
            let tier = self.tier.get(i).copied().unwrap_or(Tier::Never);
            if i > line && tier != Tier::Never {
                if let Some(slot) = best.get_mut(tier as usize) {
                    *slot = Some(i);
                }
                if self.phrase.get(i).copied().unwrap_or(false) {
                    phrase = Some(i);
                }
            }
            if self.space.get(i).copied().unwrap_or(false) {
                continue; // trailing spaces hang
            }
            while self.units(line, i + 1) > limit {
                let Some(latest) = best.iter().rev().find_map(|b| *b) else {
                    break; // one unbreakable run: let it overflow
                };
                let at = match (mode, phrase) {
                    (Fill::Phrases, Some(p))
                        if self.units(line, self.trim_end(line, p)) >= phrase_min =>
                    {
                        p
                    }
                    _ => latest,
                };
                count += 1;
                if let Some(out) = out.as_deref_mut() {
                    out.push((line, self.trim_end(line, at)));
                }
                if count > max_lines {
                    return count;
                }
                line = at;
                for b in best.iter_mut().chain([&mut phrase]) {
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

    /// Lines of the paragraph, as many as greedy filling at `limit` gives,
    /// but as even as possible and, where it costs little, ending at phrase
    /// boundaries.
    ///
    /// Two candidates, each filled at the smallest width (binary search)
    /// that still needs no more lines: plain greedy filling (even lines),
    /// and filling that ends a line at the last phrase boundary whenever the
    /// line is 2/3 full there (`审查材料，` / `提出审核意见` rather than
    /// `审查材料，提` / `出审核意见`). The phrase one wins unless its widest
    /// line is over 25% wider or its last line is shorter than two
    /// characters where the even one's is not.
    pub(super) fn fill_balanced(&self, para: (usize, usize), limit: u64) -> Vec<(usize, usize)> {
        let mut greedy = Vec::new();
        let k = self.fill(para, limit, usize::MAX, Some(&mut greedy));
        if k <= 1 {
            return greedy;
        }
        let lo = (self.ink(para) / k as u64).saturating_sub(1);
        let even = self
            .narrowest(Fill::Greedy, para, lo, limit.min(self.widest(&greedy)), k)
            .unwrap_or(greedy);
        let Some(phrased) = self.narrowest(Fill::Phrases, para, lo, limit, k) else {
            return even;
        };
        let chars = |lines: &[(usize, usize)]| lines.last().map_or(0, |&(a, b)| b - a);
        let wide = self.widest(&phrased).saturating_mul(4) > self.widest(&even).saturating_mul(5);
        let lone = chars(&phrased) < chars(&even).min(2);
        if wide || lone {
            even
        } else {
            phrased
        }
    }

    /// The lines of filling by `mode` at the smallest width in `(lo, hi]`
    /// that gives at most `k` lines, or `None` when even `hi` gives more.
    fn narrowest(
        &self,
        mode: Fill,
        para: (usize, usize),
        mut lo: u64,
        mut hi: u64,
        k: usize,
    ) -> Option<Vec<(usize, usize)>> {
        // Invariant: filling at `hi` gives at most k lines; at `lo` (if
        // ever tried) more. No k lines can be narrower than ink / k.
        if self.fill_with(mode, para, hi, k, None) > k {
            return None;
        }
        while hi > lo.saturating_add(1) {
            let mid = lo + (hi - lo) / 2;
            if self.fill_with(mode, para, mid, k, None) <= k {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let mut lines = Vec::with_capacity(k);
        self.fill_with(mode, para, hi, usize::MAX, Some(&mut lines));
        Some(lines)
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
        let p = Prepared::new("一二三四五六七八九十", Weight::Regular);
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
        let p = Prepared::new("a\r\nb\rc\nd\u{2028}e", Weight::Regular);
        assert_eq!(p.paragraphs(), [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]);
        assert_eq!(Prepared::new("", Weight::Regular).paragraphs(), [(0, 0)]);
    }

    #[test]
    fn trailing_spaces_do_not_count() {
        let p = Prepared::new("审核   ", Weight::Regular);
        let mut lines = Vec::new();
        assert_eq!(
            p.fill(p.paragraphs()[0], 200, usize::MAX, Some(&mut lines)),
            1
        );
        assert_eq!(lines, [(0, 2)]);
    }
}
