//! Pass 4, ordering within layers.
//!
//! Invariant established: each layer is a permutation of its elements, and the
//! total number of crossings (counted exactly, Barth–Jünger–Mutzel) is never
//! more than that of the initial depth-first order. Layer sweeps sort by
//! barycenter, then adjacent transpositions; a few seeded restarts on small
//! graphs; every pass is budgeted by the graph size, nothing recurses.

use super::graph::Layered;

/// A small deterministic PRNG (xorshift64*), so restarts are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// Orders the layers of `g` in place. `roots` are visited first by the initial
/// depth-first order (the start node); `first_down[v]`, when set, is the
/// neighbour the initial order visits first below `v` (the main branch).
pub fn order(g: &mut Layered, roots: &[usize]) {
    initial(g, roots);
    let size: usize = g.elems.len() + g.down.items.len();
    let (iters, restarts, transpose) = if size < 3_000 {
        (24, (40_000 / size.max(1)).clamp(2, 24), true)
    } else if size < 30_000 {
        (8, 0, true)
    } else if size < 300_000 {
        (4, 0, true)
    } else {
        (2, 0, false)
    };
    let mut best = g.layers.clone();
    let mut best_c = crossings(g);
    let start_layers = g.layers.clone();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for restart in 0..=restarts {
        if restart > 0 {
            // Restart from the best order so far (every other time from the
            // initial one), lightly shuffled.
            g.layers = if restart % 2 == 1 {
                best.clone()
            } else {
                start_layers.clone()
            };
            for layer in g.layers.iter_mut() {
                let len = layer.len();
                if len < 2 {
                    continue;
                }
                for i in (1..len).rev() {
                    if rng.next() % 3 == 0 {
                        let j = (rng.next() % (i as u64 + 1)) as usize;
                        layer.swap(i, j);
                    }
                }
            }
            g.renumber();
        }
        let mut since_best = 0;
        for it in 0..iters {
            let downward = it % 2 == 0;
            sweep(g, downward, it % 4 >= 2, it % 3 == 2);
            if transpose {
                transpose_pass(g, it % 2 == 1);
            }
            let c = crossings(g);
            if c < best_c {
                best_c = c;
                best = g.layers.clone();
                since_best = 0;
            } else {
                since_best += 1;
                if since_best >= 8 {
                    break;
                }
            }
            if best_c == 0 {
                break;
            }
        }
        if best_c == 0 {
            break;
        }
    }
    g.layers = best;
    g.renumber();
}

/// Initial order: elements in the order an iterative depth-first search from
/// the roots (then every other element) reaches them, children in chain order.
fn initial(g: &mut Layered, roots: &[usize]) {
    let n = g.elems.len();
    let mut seen = vec![false; n];
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); g.layers.len()];
    let order_roots = roots.iter().copied().chain(0..n);
    for root in order_roots {
        if root >= n || seen[root] {
            continue;
        }
        seen[root] = true;
        layers[g.elems[root].rank].push(root);
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if let Some(&w) = g.down[v].get(*k) {
                *k += 1;
                if !seen[w] {
                    seen[w] = true;
                    layers[g.elems[w].rank].push(w);
                    stack.push((w, 0));
                }
            } else {
                stack.pop();
            }
        }
    }
    g.layers = layers;
    g.renumber();
}

/// One sweep: each layer sorted by the barycenter of its neighbours on the
/// previous layer (downward) or next layer (upward); elements with no such
/// neighbour keep their slot and the others fill the remaining slots in order.
fn sweep(g: &mut Layered, downward: bool, median: bool, flip: bool) {
    let mut buf: Vec<usize> = Vec::new();
    let ranks = g.layers.len();
    let seq: Vec<usize> = if downward {
        (1..ranks).collect()
    } else {
        (0..ranks.saturating_sub(1)).rev().collect()
    };
    let mut keyed: Vec<(f64, usize, usize)> = Vec::new();
    let mut fixed: Vec<bool> = Vec::new();
    for r in seq {
        keyed.clear();
        fixed.clear();
        for (i, &v) in g.layers[r].iter().enumerate() {
            let nb = if downward { &g.up[v] } else { &g.down[v] };
            if nb.is_empty() {
                fixed.push(true);
            } else {
                fixed.push(false);
                let key = if median {
                    weighted_median(g, nb, &mut buf)
                } else {
                    nb.iter().map(|&u| g.pos[u] as f64).sum::<f64>() / nb.len() as f64
                };
                keyed.push((key, i, v));
            }
        }
        if flip {
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        } else {
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        }
        let mut it = keyed.iter();
        for (i, &f) in fixed.iter().enumerate() {
            if f {
                continue;
            }
            if let Some(&(_, _, v)) = it.next() {
                g.layers[r][i] = v;
                g.pos[v] = i;
            }
        }
    }
}

/// Weighted median of the neighbours' positions (Gansner et al.): the middle
/// one, or for an even count a mean of the two middle ones weighted towards
/// the side where the neighbours are packed more tightly.
fn weighted_median(g: &Layered, nb: &[usize], buf: &mut Vec<usize>) -> f64 {
    buf.clear();
    buf.extend(nb.iter().map(|&u| g.pos[u]));
    buf.sort_unstable();
    let m = buf.len();
    let p = |i: usize| buf[i] as f64;
    if m % 2 == 1 {
        p(m / 2)
    } else if m == 2 {
        (p(0) + p(1)) / 2.0
    } else {
        let left = p(m / 2 - 1) - p(0);
        let right = p(m - 1) - p(m / 2);
        if left + right == 0.0 {
            (p(m / 2 - 1) + p(m / 2)) / 2.0
        } else {
            (p(m / 2 - 1) * right + p(m / 2) * left) / (left + right)
        }
    }
}

/// Crossings between the edges of `v` and `w` (to layer `nb`) when `v` is left of `w`.
fn pair_crossings(
    g: &Layered,
    v: usize,
    w: usize,
    up: bool,
    buf: &mut (Vec<usize>, Vec<usize>),
) -> usize {
    let (a, b) = buf;
    a.clear();
    b.clear();
    let (nv, nw) = if up {
        (&g.up[v], &g.up[w])
    } else {
        (&g.down[v], &g.down[w])
    };
    a.extend(nv.iter().map(|&u| g.pos[u]));
    b.extend(nw.iter().map(|&u| g.pos[u]));
    a.sort_unstable();
    b.sort_unstable();
    // count pairs (x in a, y in b) with x > y
    let mut count = 0;
    let mut j = 0;
    for &x in a.iter() {
        while j < b.len() && b[j] < x {
            j += 1;
        }
        count += j;
    }
    count
}

/// Swaps neighbours in each layer while that lowers the crossings with both
/// neighbouring layers; a bounded number of rounds.
fn transpose_pass(g: &mut Layered, equal: bool) {
    let mut buf = (Vec::new(), Vec::new());
    for _round in 0..8 {
        let mut improved = false;
        for r in 0..g.layers.len() {
            let len = g.layers[r].len();
            for i in 0..len.saturating_sub(1) {
                let v = g.layers[r][i];
                let w = g.layers[r][i + 1];
                let before = pair_crossings(g, v, w, true, &mut buf)
                    + pair_crossings(g, v, w, false, &mut buf);
                let after = pair_crossings(g, w, v, true, &mut buf)
                    + pair_crossings(g, w, v, false, &mut buf);
                if after < before || (equal && after == before && before > 0) {
                    g.layers[r][i] = w;
                    g.layers[r][i + 1] = v;
                    g.pos[w] = i;
                    g.pos[v] = i + 1;
                    improved |= after < before;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Total crossings of the layered graph: per layer pair, the inversions of the
/// edge list sorted by upper then lower position, counted with an accumulator
/// tree (Barth, Jünger, Mutzel 2004), O(E log V).
pub fn crossings(g: &Layered) -> u64 {
    let mut total = 0u64;
    let mut lower: Vec<usize> = Vec::new();
    let mut tmp: Vec<usize> = Vec::new();
    for r in 0..g.layers.len().saturating_sub(1) {
        lower.clear();
        for &v in &g.layers[r] {
            tmp.clear();
            tmp.extend(g.down[v].iter().map(|&w| g.pos[w]));
            tmp.sort_unstable();
            lower.extend_from_slice(&tmp);
        }
        total += inversions(&lower, g.layers[r + 1].len());
    }
    total
}

/// Number of pairs i < j with seq[i] > seq[j], values below `n`.
fn inversions(seq: &[usize], n: usize) -> u64 {
    if seq.len() < 2 || n < 2 {
        return 0;
    }
    let mut first = 1usize;
    while first < n {
        first *= 2;
    }
    let size = 2 * first - 1;
    let first = first - 1;
    let mut tree = vec![0u64; size];
    let mut count = 0u64;
    for &p in seq {
        let mut index = p + first;
        tree[index] += 1;
        while index > 0 {
            if index % 2 == 1 {
                count += tree[index + 1];
            }
            index = (index - 1) / 2;
            tree[index] += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_counts_pairs() {
        assert_eq!(inversions(&[0, 1, 2], 3), 0);
        assert_eq!(inversions(&[2, 1, 0], 3), 3);
        assert_eq!(inversions(&[1, 0, 1, 0], 2), 3);
    }

    #[test]
    fn ordering_removes_an_avoidable_crossing() {
        // 0 -> 3, 1 -> 2 on ranks 0/1 with layers [0,1] and [2,3]: one crossing
        let rank = vec![0, 0, 1, 1];
        let dag = vec![Some((0, 3, false)), Some((1, 2, false))];
        let mut g = Layered::build(4, &rank, &dag);
        assert_eq!(crossings(&g), 1);
        order(&mut g, &[0]);
        assert_eq!(crossings(&g), 0);
    }

    #[test]
    fn ordering_never_worse_than_initial() {
        // A small tangled DAG on 3 ranks.
        let rank = vec![0, 0, 0, 1, 1, 1, 2, 2];
        let pairs = [
            (0, 5),
            (0, 4),
            (1, 3),
            (2, 3),
            (2, 5),
            (3, 7),
            (4, 6),
            (5, 6),
            (5, 7),
        ];
        let dag: Vec<_> = pairs.iter().map(|&(a, b)| Some((a, b, false))).collect();
        let mut g = Layered::build(8, &rank, &dag);
        initial(&mut g, &[0]);
        let before = crossings(&g);
        order(&mut g, &[0]);
        assert!(crossings(&g) <= before);
        for layer in &g.layers {
            let mut s = layer.clone();
            s.sort_unstable();
            s.dedup();
            assert_eq!(s.len(), layer.len());
        }
    }
}
