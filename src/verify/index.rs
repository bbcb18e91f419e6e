//! A static packed R-tree (sort-tile-recursive) over boxes, so the verifier
//! finds candidate pairs in O(log n + k) per query instead of scanning all nodes.
//!
//! Queries use an explicit stack (no recursion) and return items in a
//! deterministic order for a given input.

use crate::verify::geom::Bbox;

/// Children per tree node.
const FANOUT: usize = 16;

/// One entry of a level: its box and, on the leaf level, the item index;
/// above it, the range of child entries on the level below.
#[derive(Debug, Clone, Copy)]
struct Entry {
    b: Bbox,
    start: usize,
    end: usize,
}

/// A read-only spatial index of item boxes.
#[derive(Debug, Default)]
pub struct BoxIndex {
    /// `levels[0]` holds one entry per item; each higher level groups `FANOUT` entries.
    levels: Vec<Vec<Entry>>,
}

fn union(a: Bbox, b: Bbox) -> Bbox {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

fn touches(a: &Bbox, b: &Bbox) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

impl BoxIndex {
    /// Indexes `items` (index, box); boxes must be finite.
    pub fn new(items: Vec<(usize, Bbox)>) -> BoxIndex {
        let mut leaves: Vec<Entry> = items
            .into_iter()
            .map(|(i, b)| Entry {
                b,
                start: i,
                end: i + 1,
            })
            .collect();
        if leaves.is_empty() {
            return BoxIndex::default();
        }
        // Sort-tile-recursive: vertical strips by centre x, each strip by centre y.
        let cx = |e: &Entry| e.b[0] + e.b[2];
        let cy = |e: &Entry| e.b[1] + e.b[3];
        leaves.sort_by(|p, q| cx(p).total_cmp(&cx(q)).then(p.start.cmp(&q.start)));
        let pages = leaves.len().div_ceil(FANOUT);
        let strips = (pages as f64).sqrt().ceil().max(1.0) as usize;
        let per_strip = strips * FANOUT;
        for strip in leaves.chunks_mut(per_strip) {
            strip.sort_by(|p, q| cy(p).total_cmp(&cy(q)).then(p.start.cmp(&q.start)));
        }
        let mut levels = vec![leaves];
        while levels.last().is_some_and(|l| l.len() > FANOUT) {
            let below = levels.last().map(Vec::as_slice).unwrap_or(&[]);
            let mut up = Vec::with_capacity(below.len().div_ceil(FANOUT));
            for (k, group) in below.chunks(FANOUT).enumerate() {
                let b = group.iter().fold(group[0].b, |acc, e| union(acc, e.b));
                up.push(Entry {
                    b,
                    start: k * FANOUT,
                    end: k * FANOUT + group.len(),
                });
            }
            levels.push(up);
        }
        BoxIndex { levels }
    }

    /// Calls `f` with every item whose box touches `q` (closed boxes).
    pub fn query(&self, q: Bbox, mut f: impl FnMut(usize)) {
        let Some(top) = self.levels.len().checked_sub(1) else {
            return;
        };
        let mut stack: Vec<(usize, usize, usize)> = vec![(top, 0, self.levels[top].len())];
        while let Some((level, start, end)) = stack.pop() {
            let entries = &self.levels[level][start..end];
            for e in entries.iter().rev() {
                if !touches(&e.b, &q) {
                    continue;
                }
                if level == 0 {
                    f(e.start);
                } else {
                    stack.push((level - 1, e.start, e.end));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_touching_boxes() {
        // A 40×40 grid of unit boxes spaced 2 apart, so a query sees a known set.
        let items: Vec<(usize, Bbox)> = (0..1600)
            .map(|i| {
                let (x, y) = ((i % 40) as f64 * 2.0, (i / 40) as f64 * 2.0);
                (i, [x, y, x + 1.0, y + 1.0])
            })
            .collect();
        let idx = BoxIndex::new(items.clone());
        let q = [3.5, 5.5, 9.0, 6.5];
        let mut got = Vec::new();
        idx.query(q, |i| got.push(i));
        got.sort_unstable();
        let want: Vec<usize> = items
            .iter()
            .filter(|(_, b)| touches(b, &q))
            .map(|(i, _)| *i)
            .collect();
        assert_eq!(got, want);
        assert_eq!(want.len(), 3);
    }
}
