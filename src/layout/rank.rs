//! Pass 2, layering.
//!
//! Invariant established: `rank[to] ≥ rank[from] + 1` for every DAG edge, the
//! sources sit on rank 0, and no rank is empty. Ranks start from the longest
//! path (everything as high as it can go, `start` on top) and are then
//! compacted by a budgeted descent on the total edge length — each node moves,
//! within the window its neighbours allow, to the end that shortens its edges
//! (the vertex moves of network simplex, without the tree bookkeeping; at most
//! a few passes of O(V + E) each).

/// Ranks of `n` nodes for the DAG `edges` (pairs from → to, acyclic).
/// `pinned` nodes (the start) stay on rank 0.
pub fn rank(n: usize, edges: &[(usize, usize)], pinned: Option<usize>) -> Vec<usize> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut inn: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(a, b) in edges {
        out[a].push(b);
        inn[b].push(a);
        indeg[b] += 1;
    }
    // Topological order (Kahn, lowest index first among ready nodes for determinism).
    let mut topo = Vec::with_capacity(n);
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..n)
        .filter(|&v| indeg[v] == 0)
        .map(std::cmp::Reverse)
        .collect();
    while let Some(std::cmp::Reverse(v)) = ready.pop() {
        topo.push(v);
        for &w in &out[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                ready.push(std::cmp::Reverse(w));
            }
        }
    }
    // A cycle would leave nodes out; append them so that every node gets a rank.
    if topo.len() < n {
        let mut seen = vec![false; n];
        for &v in &topo {
            seen[v] = true;
        }
        topo.extend((0..n).filter(|&v| !seen[v]));
    }
    let mut rank = vec![0usize; n];
    for &v in &topo {
        for &w in &out[v] {
            if rank[w] < rank[v] + 1 {
                rank[w] = rank[v] + 1;
            }
        }
    }
    // Descent: move a node down when it has more out- than in-edges, up when
    // it has more in- than out-edges; sources with one successor hang just
    // above it. Budgeted to a few sweeps.
    for _ in 0..4 {
        let mut moved = false;
        for &v in topo.iter().rev() {
            if Some(v) == pinned || out[v].is_empty() {
                continue;
            }
            let lo = inn[v].iter().map(|&u| rank[u] + 1).max().unwrap_or(0);
            let hi = out[v].iter().map(|&w| rank[w]).min().unwrap_or(1) - 1;
            let target = if out[v].len() > inn[v].len() {
                hi
            } else {
                lo.max(rank[v].min(hi))
            };
            if target != rank[v] && target >= lo && target <= hi {
                rank[v] = target;
                moved = true;
            }
        }
        for &v in &topo {
            if Some(v) == pinned || inn[v].is_empty() {
                continue;
            }
            let lo = inn[v].iter().map(|&u| rank[u] + 1).max().unwrap_or(0);
            let hi = out[v]
                .iter()
                .map(|&w| rank[w])
                .min()
                .map_or(usize::MAX, |m| m - 1);
            let target = if inn[v].len() > out[v].len() {
                lo
            } else {
                rank[v].max(lo).min(hi)
            };
            if target != rank[v] && target >= lo && target <= hi {
                rank[v] = target;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    // Normalise: drop empty ranks, so that the smallest rank is 0 and none is empty.
    let max = rank.iter().copied().max().unwrap_or(0);
    let mut used = vec![false; max + 1];
    for &r in &rank {
        used[r] = true;
    }
    let mut remap = vec![0usize; max + 1];
    let mut next = 0;
    for r in 0..=max {
        remap[r] = next;
        if used[r] {
            next += 1;
        }
    }
    for r in rank.iter_mut() {
        *r = remap[*r];
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;

    fn respects(rank: &[usize], edges: &[(usize, usize)]) -> bool {
        edges.iter().all(|&(a, b)| rank[b] > rank[a])
    }

    #[test]
    fn chain_ranks_consecutive() {
        let edges: Vec<(usize, usize)> = (0..99).map(|i| (i, i + 1)).collect();
        let r = rank(100, &edges, Some(0));
        assert!(respects(&r, &edges));
        assert_eq!(r[99], 99);
    }

    #[test]
    fn side_source_hangs_above_its_target() {
        // 0 -> 1 -> 2 -> 3, and 4 -> 3: node 4 should sit right above 3.
        let edges = vec![(0, 1), (1, 2), (2, 3), (4, 3)];
        let r = rank(5, &edges, Some(0));
        assert!(respects(&r, &edges));
        assert_eq!(r[4], r[3] - 1);
        assert_eq!(r[0], 0);
    }

    #[test]
    fn fan_out_node_moves_down() {
        // 0 -> 1 -> 2 -> 3 -> 4; 5 (a source) -> 6 -> {3, 4}: 6 has more out
        // than in edges and should hang right above 3.
        let edges = vec![
            (0, 1),
            (1, 2),
            (2, 3),
            (3, 4),
            (0, 5),
            (5, 6),
            (6, 3),
            (6, 4),
        ];
        let r = rank(7, &edges, Some(0));
        assert!(respects(&r, &edges));
        assert_eq!(r[6], r[3] - 1);
    }
}
