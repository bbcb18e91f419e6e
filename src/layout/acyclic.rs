//! Pass 1, break cycles.
//!
//! Invariant established: reversing the returned edges leaves an acyclic graph.
//! The checker's `Edge::back` flags (a depth-first search from `start`, edges in
//! source order) are taken as they are — they are the loops the author wrote —
//! and any cycle they leave (a hand-built flow) is broken by the same search,
//! run iteratively (no recursion per node).

use crate::model::Flow;

/// Each flow edge as layering sees it: `(top, bottom, reversed)`, a loop
/// (`reversed[e]`, from [`reversed_edges`]) turned round so that every edge
/// points down; `None` for self-loops and edges with an end out of range.
pub fn dag_edges(flow: &Flow, reversed: &[bool]) -> Vec<Option<(usize, usize, bool)>> {
    let n = flow.nodes.len();
    flow.edges
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if e.from >= n || e.to >= n || e.from == e.to {
                None
            } else if reversed.get(i).copied().unwrap_or(false) {
                Some((e.to, e.from, true))
            } else {
                Some((e.from, e.to, false))
            }
        })
        .collect()
}

/// Per flow edge: true when layering treats it reversed. Self-loops and edges
/// with an endpoint out of range are never reversed (they take no part in layering).
pub fn reversed_edges(flow: &Flow) -> Vec<bool> {
    let n = flow.nodes.len();
    let valid = |e: &crate::model::Edge| e.from < n && e.to < n && e.from != e.to;
    let mut rev: Vec<bool> = flow.edges.iter().map(|e| valid(e) && e.back).collect();
    if !has_cycle(flow, &rev) {
        return rev;
    }
    // Fall back: DFS from start, then from every unvisited node, in order.
    rev = vec![false; flow.edges.len()];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in flow.edges.iter().enumerate() {
        if valid(e) {
            out[e.from].push(i);
        }
    }
    // 0 = unvisited, 1 = on stack, 2 = done
    let mut state = vec![0u8; n];
    let mut roots = Vec::with_capacity(n + 1);
    if flow.start < n {
        roots.push(flow.start);
    }
    roots.extend(0..n);
    for root in roots {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if let Some(&ei) = out[v].get(*k) {
                *k += 1;
                let w = flow.edges[ei].to;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => rev[ei] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    rev
}

/// Whether the graph, with `rev` edges reversed and self-loops dropped, has a cycle (Kahn).
fn has_cycle(flow: &Flow, rev: &[bool]) -> bool {
    let n = flow.nodes.len();
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in flow.edges.iter().enumerate() {
        if e.from >= n || e.to >= n || e.from == e.to {
            continue;
        }
        let (a, b) = if rev[i] {
            (e.to, e.from)
        } else {
            (e.from, e.to)
        };
        out[a].push(b);
        indeg[b] += 1;
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut seen = 0;
    while let Some(v) = queue.pop() {
        seen += 1;
        for &w in &out[v] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    seen < n
}
