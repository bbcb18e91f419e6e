//! "Did you mean" suggestions for unknown names.
//!
//! Names are compared by characters (optimal string alignment distance), so a
//! one-character slip in a Chinese name (`审合` for `审核`) is found just like
//! one in an ASCII name. Only close matches are offered. A budget caps the total
//! work per file, so that a huge file full of unknown names stays near-linear:
//! once the budget is spent, no further suggestions are made.

/// Total comparison work allowed per checked file (in character pairs, plus
/// one per candidate looked at).
const BUDGET: u64 = 4_000_000;

/// Finds close matches for unknown names, within a per-file work budget.
#[derive(Debug)]
pub(super) struct Suggester {
    budget: u64,
}

impl Suggester {
    /// A suggester with the full budget.
    pub(super) fn new() -> Suggester {
        Suggester { budget: BUDGET }
    }

    /// The candidate closest to `name`, if one is close enough: at most one
    /// edit per three characters (at least one), and not a complete rewrite.
    /// Ties go to the earliest candidate. Candidates equal to `name` are skipped.
    pub(super) fn best<'c, I>(&mut self, name: &str, candidates: I) -> Option<&'c str>
    where
        I: IntoIterator<Item = &'c str>,
    {
        let len = name.chars().count();
        let max = (len / 3).max(1);
        let mut best: Option<(usize, &'c str)> = None;
        for candidate in candidates {
            if self.budget == 0 {
                break;
            }
            self.budget -= 1;
            if candidate == name {
                continue;
            }
            // A cheap length bound before the quadratic distance.
            let clen = candidate.chars().count();
            if clen.abs_diff(len) > max {
                continue;
            }
            let cost = (len as u64).saturating_mul(clen as u64);
            if cost > self.budget {
                self.budget = 0;
                break;
            }
            self.budget -= cost;
            let distance = strsim::osa_distance(name, candidate);
            if distance > max || distance >= len.max(clen) {
                continue;
            }
            if best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_one_character_slips_in_chinese_names() {
        let mut s = Suggester::new();
        assert_eq!(s.best("审合", ["受理", "审核", "审批岗"]), Some("审核"));
        assert_eq!(s.best("审核", ["审核岗", "受理岗"]), Some("审核岗"));
        assert_eq!(s.best("核审", ["审核"]), Some("审核"));
    }

    #[test]
    fn offers_nothing_when_no_name_is_close() {
        let mut s = Suggester::new();
        assert_eq!(s.best("制证", ["受理", "审核"]), None);
        assert_eq!(s.best("A", ["B"]), None);
        assert_eq!(s.best("review", ["approve", "accept"]), None);
    }

    #[test]
    fn prefers_the_closest_then_the_first() {
        let mut s = Suggester::new();
        assert_eq!(
            s.best("review1", ["reviewXY", "review2", "review3"]),
            Some("review2")
        );
        assert_eq!(s.best("reveiw", ["review"]), Some("review"));
    }

    #[test]
    fn stops_when_the_budget_is_spent() {
        let mut s = Suggester { budget: 3 };
        assert_eq!(s.best("abcd", ["x", "y", "z", "abce"]), None);
    }
}
