//! Range-max / range-raise segment tree, shared by the passes that stack
//! things over intervals: routing tracks in a channel ([`super::route`]) and
//! rails over ranks ([`super::rail`]).

/// Range-max / range-raise segment tree over `0..n` (values only grow;
/// `assign` raises a range to at least a value). Iterative: no recursion.
pub struct MaxTree<T> {
    size: usize,
    zero: T,
    max: Vec<T>,
    lazy: Vec<T>,
}

/// The larger of two values (`PartialOrd`; the first on ties and NaN).
fn larger<T: Copy + PartialOrd>(a: T, b: T) -> T {
    if b > a {
        b
    } else {
        a
    }
}

impl<T: Copy + PartialOrd> MaxTree<T> {
    /// A tree over `0..n` with every value `zero`.
    pub fn new(n: usize, zero: T) -> MaxTree<T> {
        let mut size = 1;
        while size < n.max(1) {
            size *= 2;
        }
        MaxTree {
            size,
            zero,
            max: vec![zero; 2 * size],
            lazy: vec![zero; 2 * size],
        }
    }

    /// Max over `[l, r]` (inclusive); `zero` when the range is empty.
    pub fn query(&self, l: usize, r: usize) -> T {
        let mut best = self.zero;
        let mut stack = vec![(1usize, 0usize, self.size - 1)];
        while let Some((node, nl, nr)) = stack.pop() {
            if r < nl || nr < l {
                continue;
            }
            if l <= nl && nr <= r {
                best = larger(best, self.max[node]);
                continue;
            }
            best = larger(best, self.lazy[node]);
            let mid = (nl + nr) / 2;
            stack.push((2 * node, nl, mid));
            stack.push((2 * node + 1, mid + 1, nr));
        }
        best
    }

    /// Raises every value in `[l, r]` to at least `v`.
    pub fn assign(&mut self, l: usize, r: usize, v: T) {
        // Without push-down: `lazy[node]` is a lower bound for its whole range,
        // `max[node]` the max of its range including lazies below.
        let mut stack = vec![(1usize, 0usize, self.size - 1)];
        let mut path = Vec::new();
        while let Some((node, nl, nr)) = stack.pop() {
            if r < nl || nr < l {
                continue;
            }
            if l <= nl && nr <= r {
                self.lazy[node] = larger(self.lazy[node], v);
                self.max[node] = larger(self.max[node], v);
                continue;
            }
            path.push(node);
            let mid = (nl + nr) / 2;
            stack.push((2 * node, nl, mid));
            stack.push((2 * node + 1, mid + 1, nr));
        }
        // Partially covered nodes: update their max from below, deepest first
        // (children have larger indices than their parents).
        path.sort_unstable_by(|a, b| b.cmp(a));
        for node in path {
            let m = larger(
                larger(self.max[2 * node], self.max[2 * node + 1]),
                self.lazy[node],
            );
            self.max[node] = m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_tree_ranges() {
        let mut t = MaxTree::new(10, 0usize);
        t.assign(2, 5, 3);
        assert_eq!(t.query(0, 1), 0);
        assert_eq!(t.query(5, 9), 3);
        t.assign(4, 8, 4);
        assert_eq!(t.query(0, 3), 3);
        assert_eq!(t.query(8, 9), 4);
        assert_eq!(t.query(9, 9), 0);
    }

    #[test]
    fn max_tree_agrees_with_a_plain_array() {
        // Seeded pseudo-random raises and queries against brute force.
        let n = 37;
        let mut t = MaxTree::new(n, f64::NEG_INFINITY);
        let mut plain = vec![f64::NEG_INFINITY; n];
        let mut s: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |m: usize| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % m as u64) as usize
        };
        for _ in 0..2_000 {
            let (a, b) = (next(n), next(n));
            let (l, r) = (a.min(b), a.max(b));
            if next(2) == 0 {
                let v = next(1000) as f64;
                t.assign(l, r, v);
                for p in &mut plain[l..=r] {
                    *p = p.max(v);
                }
            } else {
                let want = plain[l..=r]
                    .iter()
                    .copied()
                    .fold(f64::NEG_INFINITY, f64::max);
                assert_eq!(t.query(l, r), want, "[{l}, {r}]");
            }
        }
    }
}
