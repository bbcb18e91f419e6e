//! Pass 2, layering: network simplex (Gansner, Koutsofios, North, Vo, "A
//! technique for drawing directed graphs", IEEE TSE 1993, §2.3).
//!
//! Invariant established: `rank[to] ≥ rank[from] + 1` for every DAG edge, the
//! start sits on rank 0 with no node above it, every weakly connected
//! component starts on rank 0, and no rank is empty. Within that, the ranks
//! minimise the total weighted edge length `Σ w(e)·(rank[to] − rank[from])`
//! unless the caps on exchanges and work ([`Limits::for_size`]) stop it first; the
//! ranking is valid at every step, so a capped run is still a correct (only
//! less compact) layering.
//!
//! Steps:
//! 1. initial feasible ranking: longest path from the sources;
//! 2. feasible tight tree: the tight components (edges of slack 0), merged
//!    smallest first — the smallest is shifted by the smallest slack of its
//!    incident edges, which makes that edge tight (each node is shifted
//!    O(log V) times); one tree per weakly connected component;
//! 3. cut values from a postorder `low`/`lim` numbering of each tree;
//! 4. exchanges: the leaving edge is a tree edge of negative cut value, the
//!    most negative among the next [`SEARCH_SIZE`] found by a cyclic scan
//!    that resumes where the last stopped (Graphviz `ns.c`); the entering
//!    edge is the non-tree edge of least slack crossing the cut from the head
//!    side to the tail side. Only the cut values on the tree path between the
//!    ends of the entering edge change, and only the subtree of their lowest
//!    common ancestor is renumbered (unchanged subtrees are skipped);
//! 5. each component shifted so that its top is rank 0, then empty ranks dropped.
//!
//! The start (`pinned`): zero-weight, zero-length constraint edges keep every
//! node of the start's weakly connected component at or below it — through a
//! binary fan of virtual nodes (degree ≤ 3, so no hub slows the tree
//! updates) from the start down to each other source of the component that
//! is not an ancestor of it. After step 5 the start is on rank 0 (unless it
//! has predecessors in the DAG, which the caller's cycle breaking never
//! leaves). Other sources hang above their targets where the optimum puts them.
//!
//! Everything is iterative (no recursion per node) and deterministic (ties go
//! to the lowest index or the first found in a fixed scan order). An input
//! with a cycle (never produced by the caller) does not panic: the edges the
//! longest-path ranking cannot satisfy are left out of the optimisation.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// How many tree edges of negative cut value the leaving-edge search looks at
/// before it takes the most negative one (Graphviz's default).
pub const SEARCH_SIZE: usize = 30;

/// Sentinel for "no edge / no node / not numbered".
const NONE: usize = usize::MAX;

/// Work units charged for visiting a node while searching or renumbering
/// (one unit is one step of the leaving-edge scan, a sequential read).
const NODE_WORK: usize = 8;

/// When network simplex stops short of the optimum. Every exchange keeps the
/// ranking feasible, so stopping anywhere yields a valid layering.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Most exchanges.
    pub exchanges: usize,
    /// Most search work: steps of the leaving-edge scan, plus [`NODE_WORK`]
    /// per node visited by the entering-edge search or the renumbering. A
    /// guard against graphs whose exchanges each touch most of the tree.
    pub work: usize,
}

impl Limits {
    /// No limit: run to the optimum.
    pub const NONE: Limits = Limits {
        exchanges: usize::MAX,
        work: usize::MAX,
    };

    /// The limits for `n` nodes and `m` edges: `max(1000, n / 4)` exchanges
    /// and `128·(n + m) + 2^20` work. Generated 100,000-node flowcharts
    /// converge in about 110 exchanges and 7·10^6 work, 100,000-node random
    /// DAGs in about 4,100 exchanges and 17·10^6 work (`benches/rank.rs`).
    pub fn for_size(n: usize, m: usize) -> Limits {
        Limits {
            exchanges: (n / 4).max(1_000),
            work: n
                .saturating_add(m)
                .saturating_mul(128)
                .saturating_add(1 << 20),
        }
    }
}

/// Ranks of `n` nodes for the DAG `edges` (pairs from → to, acyclic), every
/// edge of weight 1. `pinned` (the start) ends on rank 0 with no node above it.
pub fn rank(n: usize, edges: &[(usize, usize)], pinned: Option<usize>) -> Vec<usize> {
    let weighted: Vec<(usize, usize, u32)> = edges.iter().map(|&(a, b)| (a, b, 1)).collect();
    rank_weighted(n, &weighted, pinned)
}

/// [`rank`] with a weight per edge (from, to, weight): heavier edges are kept
/// shorter. Parallel edges add their weights; self-loops and out-of-range
/// endpoints are ignored.
pub fn rank_weighted(n: usize, edges: &[(usize, usize, u32)], pinned: Option<usize>) -> Vec<usize> {
    solve(n, edges, pinned, Limits::for_size(n, edges.len())).ranks
}

/// The result of one run, with what the tests check besides the ranks.
#[cfg_attr(not(test), allow(dead_code))]
struct Solved {
    ranks: Vec<usize>,
    /// Exchanges made.
    exchanges: usize,
    /// True when no tree edge had a negative cut value at the end (optimum).
    optimal: bool,
}

fn solve(n: usize, edges: &[(usize, usize, u32)], pinned: Option<usize>, limits: Limits) -> Solved {
    let mut ns = Simplex::new(n, edges, pinned);
    ns.run(limits)
}

/// Incident edges of each node (both directions), in edge order:
/// `adj[start[v]..start[v + 1]]`.
fn incidence(n: usize, edges: &[(usize, usize, i64, i64)]) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; n + 1];
    for &(a, b, _, _) in edges {
        start[a + 1] += 1;
        start[b + 1] += 1;
    }
    for v in 0..n {
        start[v + 1] += start[v];
    }
    let mut fill = start.clone();
    let mut adj = vec![0usize; start[n]];
    for (i, &(a, b, _, _)) in edges.iter().enumerate() {
        adj[fill[a]] = i;
        fill[a] += 1;
        adj[fill[b]] = i;
        fill[b] += 1;
    }
    (start, adj)
}

/// Network simplex state. Edges are indices into `tail`/`head`/`weight`/`minlen`.
struct Simplex {
    /// Nodes, the virtual ones of the start's fan (see `new`) included.
    n: usize,
    /// Real nodes: `0..real`.
    real: usize,
    pinned: Option<usize>,
    tail: Vec<usize>,
    head: Vec<usize>,
    weight: Vec<i64>,
    minlen: Vec<i64>,
    /// Incident edges of node `v` (both directions): `adj[adj_start[v]..adj_start[v + 1]]`.
    adj_start: Vec<usize>,
    adj: Vec<usize>,
    rank: Vec<i64>,
    /// Tree edges at each node.
    tree_adj: Vec<Vec<usize>>,
    /// Position of an edge in `tree_edges`, or `NONE` for a non-tree edge.
    tree_pos: Vec<usize>,
    tree_edges: Vec<usize>,
    /// Tree edge to the parent (`NONE` at a root).
    par: Vec<usize>,
    /// Postorder numbering: the subtree of `v` is the nodes with `lim` in `low[v]..=lim[v]`.
    low: Vec<usize>,
    lim: Vec<usize>,
    /// Node with a given `lim`.
    at_lim: Vec<usize>,
    /// Tree (weakly connected component) of each node, and each tree's `lim` range.
    tree_of: Vec<usize>,
    tree_span: Vec<(usize, usize)>,
    cut: Vec<i64>,
    /// Where the next leaving-edge search starts in `tree_edges`.
    search_pos: usize,
    /// Search work done so far (see [`Limits::work`]).
    work: usize,
    /// Scratch: nodes on the tree path closed by the entering edge.
    path: Vec<usize>,
    /// Nodes in the subtree of each node.
    size: Vec<usize>,
    /// Scratch: the explicit stack of the iterative numbering (node, first
    /// child, next child, end of children in `kids`).
    stack: Vec<(usize, usize, usize, usize)>,
    kids: Vec<usize>,
}

impl Simplex {
    /// Sanitised edges, the pinned constraint edges, the adjacency and the
    /// initial (longest-path) feasible ranking.
    fn new(n: usize, edges: &[(usize, usize, u32)], pinned: Option<usize>) -> Self {
        let pinned = pinned.filter(|&p| p < n);
        let mut list: Vec<(usize, usize, i64)> = edges
            .iter()
            .filter(|&&(a, b, _)| a < n && b < n && a != b)
            .map(|&(a, b, w)| (a, b, i64::from(w)))
            .collect();
        list.sort_unstable_by_key(|&(a, b, _)| (a, b));
        // (tail, head, weight, minlen); parallel edges merged
        let mut merged: Vec<(usize, usize, i64, i64)> = Vec::with_capacity(list.len());
        for (a, b, w) in list {
            match merged.last_mut() {
                Some(last) if last.0 == a && last.1 == b => last.2 += w,
                _ => merged.push((a, b, w, 1)),
            }
        }
        let mut n_all = n;
        if let Some(p) = pinned {
            // Keep every node of the start's component at or below it: a fan
            // of virtual nodes (zero weight, zero length, degree ≤ 3) from the
            // start down to each other source there that is not its ancestor.
            let (adj_start, adj) = incidence(n, &merged);
            let reach = |up_only: bool| {
                let mut seen = vec![false; n];
                let mut stack = vec![p];
                seen[p] = true;
                while let Some(v) = stack.pop() {
                    for &i in &adj[adj_start[v]..adj_start[v + 1]] {
                        let (a, b, _, _) = merged[i];
                        let u = if a == v { b } else { a };
                        if !seen[u] && (!up_only || b == v) {
                            seen[u] = true;
                            stack.push(u);
                        }
                    }
                }
                seen
            };
            let component = reach(false);
            let ancestor = reach(true);
            let mut level: Vec<usize> = (0..n)
                .filter(|&s| {
                    s != p
                        && component[s]
                        && !ancestor[s]
                        && adj[adj_start[s]..adj_start[s + 1]]
                            .iter()
                            .all(|&i| merged[i].0 == s)
                })
                .collect();
            while level.len() > 2 {
                let mut up = Vec::with_capacity(level.len() / 2 + 1);
                for pair in level.chunks(2) {
                    if let [a, b] = *pair {
                        merged.push((n_all, a, 0, 0));
                        merged.push((n_all, b, 0, 0));
                        up.push(n_all);
                        n_all += 1;
                    } else {
                        up.extend_from_slice(pair);
                    }
                }
                level = up;
            }
            for s in level {
                merged.push((p, s, 0, 0));
            }
        }
        let real = n;
        let n = n_all;
        let (mut adj_start, mut adj) = incidence(n, &merged);

        // Longest path (any topological order gives the same values).
        let mut indeg = vec![0usize; n];
        for &(_, b, _, _) in &merged {
            indeg[b] += 1;
        }
        let mut rank = vec![0i64; n];
        let mut done = vec![false; n];
        let mut ready: Vec<usize> = (0..n).rev().filter(|&v| indeg[v] == 0).collect();
        // A cycle stalls the order: its lowest-index waiting node goes next,
        // and the edges back into ranked nodes are left out below.
        let mut forced = 0;
        loop {
            while let Some(v) = ready.pop() {
                if done[v] {
                    continue;
                }
                done[v] = true;
                for &i in &adj[adj_start[v]..adj_start[v + 1]] {
                    let (a, b, _, ml) = merged[i];
                    if a != v || done[b] {
                        continue;
                    }
                    rank[b] = rank[b].max(rank[v] + ml);
                    indeg[b] -= 1;
                    if indeg[b] == 0 {
                        ready.push(b);
                    }
                }
            }
            while forced < n && done[forced] {
                forced += 1;
            }
            if forced == n {
                break;
            }
            ready.push(forced);
        }
        let before = merged.len();
        merged.retain(|&(a, b, _, ml)| rank[b] - rank[a] >= ml);
        if merged.len() < before {
            (adj_start, adj) = incidence(n, &merged);
        }
        let m = merged.len();
        Simplex {
            n,
            real,
            pinned,
            tail: merged.iter().map(|e| e.0).collect(),
            head: merged.iter().map(|e| e.1).collect(),
            weight: merged.iter().map(|e| e.2).collect(),
            minlen: merged.iter().map(|e| e.3).collect(),
            adj_start,
            adj,
            rank,
            tree_adj: vec![Vec::new(); n],
            tree_pos: vec![NONE; m],
            tree_edges: Vec::with_capacity(n),
            par: vec![NONE; n],
            low: vec![NONE; n],
            lim: vec![NONE; n],
            at_lim: vec![NONE; n],
            tree_of: vec![NONE; n],
            tree_span: Vec::new(),
            cut: vec![0; m],
            search_pos: 0,
            work: 0,
            path: Vec::new(),
            size: vec![1; n],
            stack: Vec::new(),
            kids: Vec::new(),
        }
    }

    /// Feasible tree, cut values, then exchanges within `limits`.
    fn run(&mut self, limits: Limits) -> Solved {
        self.feasible_tree();
        self.number_all();
        self.init_cut_values();
        let (exchanges, optimal) = self.run_loop(limits);
        Solved {
            ranks: self.normalised(),
            exchanges,
            optimal,
        }
    }

    /// Exchanges within `limits`; returns how many and whether the optimum was reached.
    fn run_loop(&mut self, limits: Limits) -> (usize, bool) {
        let mut exchanges = 0;
        let mut optimal = false;
        loop {
            let Some(e) = self.leave_edge() else {
                optimal = true;
                break;
            };
            if exchanges >= limits.exchanges || self.work >= limits.work {
                break;
            }
            // A negative cut value means some edge crosses back; never None.
            let Some(f) = self.enter_edge(e) else { break };
            self.update(e, f);
            exchanges += 1;
        }
        (exchanges, optimal)
    }

    fn incident(&self, v: usize) -> &[usize] {
        &self.adj[self.adj_start[v]..self.adj_start[v + 1]]
    }

    fn other(&self, e: usize, v: usize) -> usize {
        if self.tail[e] == v {
            self.head[e]
        } else {
            self.tail[e]
        }
    }

    fn slack(&self, e: usize) -> i64 {
        self.rank[self.head[e]] - self.rank[self.tail[e]] - self.minlen[e]
    }

    fn add_tree_edge(&mut self, e: usize) {
        self.tree_pos[e] = self.tree_edges.len();
        self.tree_edges.push(e);
        self.tree_adj[self.tail[e]].push(e);
        self.tree_adj[self.head[e]].push(e);
    }

    /// Spanning forest of tight edges, one tree per weakly connected
    /// component, shifting ranks (feasibly) where no tight edge connects.
    fn feasible_tree(&mut self) {
        let n = self.n;
        let mut comp = vec![NONE; n];
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut stack = Vec::new();
        for v0 in 0..n {
            if comp[v0] != NONE {
                continue;
            }
            let c = members.len();
            comp[v0] = c;
            let mut mem = vec![v0];
            stack.push(v0);
            while let Some(v) = stack.pop() {
                for k in self.adj_start[v]..self.adj_start[v + 1] {
                    let e = self.adj[k];
                    let w = self.other(e, v);
                    if comp[w] == NONE && self.slack(e) == 0 {
                        comp[w] = c;
                        mem.push(w);
                        stack.push(w);
                        self.add_tree_edge(e);
                    }
                }
            }
            members.push(mem);
        }
        let mut heap: BinaryHeap<Reverse<(usize, usize)>> = members
            .iter()
            .enumerate()
            .map(|(c, m)| Reverse((m.len(), c)))
            .collect();
        while let Some(Reverse((size, c))) = heap.pop() {
            if members[c].len() != size {
                continue; // merged away, or grown since this entry
            }
            let mut best: Option<(i64, usize)> = None;
            'scan: for &v in &members[c] {
                for &e in self.incident(v) {
                    if comp[self.other(e, v)] != c {
                        let s = self.slack(e);
                        if best.is_none_or(|(bs, _)| s < bs) {
                            best = Some((s, e));
                            if s == 0 {
                                break 'scan;
                            }
                        }
                    }
                }
            }
            let Some((s, e)) = best else {
                continue; // a whole weakly connected component
            };
            let (delta, u) = if comp[self.tail[e]] == c {
                (s, comp[self.head[e]])
            } else {
                (-s, comp[self.tail[e]])
            };
            let moved = std::mem::take(&mut members[c]);
            for &v in &moved {
                self.rank[v] += delta;
                comp[v] = u;
            }
            self.add_tree_edge(e);
            members[u].extend(moved);
            heap.push(Reverse((members[u].len(), u)));
        }
    }

    /// Numbers every tree, the start's first, then by lowest node index:
    /// once to learn the subtree sizes, then again largest child first.
    fn number_all(&mut self) {
        let mut next = 0;
        let mut roots = Vec::new();
        for r in self.pinned.into_iter().chain(0..self.n) {
            if self.low[r] != NONE {
                continue;
            }
            let lo = next;
            next = self.number(r, NONE, lo);
            let t = self.tree_span.len();
            self.tree_span.push((lo, next - 1));
            roots.push(r);
            for l in lo..next {
                self.tree_of[self.at_lim[l]] = t;
            }
        }
        for v in 0..self.n {
            self.size[v] = self.lim[v] + 1 - self.low[v];
            self.low[v] = NONE;
        }
        for (t, &r) in roots.iter().enumerate() {
            self.number(r, NONE, self.tree_span[t].0);
        }
    }

    /// Postorder numbering of the subtree under `root` (entered by tree edge
    /// `root_par`) from `low0`, largest child (by `size`) first; returns the
    /// next free number. A child whose parent edge and `low` are unchanged
    /// keeps its (unchanged) numbering: with the largest child first, an
    /// exchange renumbers little more than the tree path it changed.
    fn number(&mut self, root: usize, root_par: usize, low0: usize) -> usize {
        let mut next = low0;
        self.par[root] = root_par;
        self.low[root] = next;
        let mut stack = std::mem::take(&mut self.stack);
        let mut kids = std::mem::take(&mut self.kids);
        stack.clear();
        kids.clear();
        self.push_frame(root, &mut stack, &mut kids);
        while let Some(top) = stack.last_mut() {
            let (v, begin, cursor, end) = *top;
            if cursor < end {
                top.2 += 1;
                let e = kids[cursor];
                let w = self.other(e, v);
                if self.par[w] == e && self.low[w] == next {
                    next = self.lim[w] + 1;
                    continue;
                }
                self.par[w] = e;
                self.low[w] = next;
                self.work += NODE_WORK;
                self.push_frame(w, &mut stack, &mut kids);
            } else {
                self.lim[v] = next;
                self.at_lim[next] = v;
                next += 1;
                stack.pop();
                kids.truncate(begin);
            }
        }
        self.stack = stack;
        self.kids = kids;
        next
    }

    /// Pushes `v`'s children (tree edges but its parent's), largest first.
    fn push_frame(
        &self,
        v: usize,
        stack: &mut Vec<(usize, usize, usize, usize)>,
        kids: &mut Vec<usize>,
    ) {
        let begin = kids.len();
        kids.extend(self.tree_adj[v].iter().filter(|&&e| e != self.par[v]));
        kids[begin..].sort_by_key(|&e| Reverse(self.size[self.other(e, v)]));
        stack.push((v, begin, begin, kids.len()));
    }

    /// The parent of `v` in its tree, `None` at a root.
    fn parent(&self, v: usize) -> Option<usize> {
        let e = self.par[v];
        (e != NONE).then(|| self.other(e, v))
    }

    fn in_subtree(&self, v: usize, x: usize) -> bool {
        self.low[v] <= self.lim[x] && self.lim[x] <= self.lim[v]
    }

    /// Cut values of all tree edges, children before parents (postorder).
    fn init_cut_values(&mut self) {
        for l in 0..self.n {
            let v = self.at_lim[l];
            let f = self.par[v];
            if f != NONE {
                self.cut[f] = self.x_cutval(f, v);
            }
        }
    }

    /// Cut value of tree edge `f` whose lower end is `v`, from the cut values
    /// of the tree edges below `v` (Graphviz `x_cutval`).
    fn x_cutval(&self, f: usize, v: usize) -> i64 {
        let dir_down = v == self.tail[f];
        let mut sum = 0;
        for &e in self.incident(v) {
            let other = self.other(e, v);
            let outside = !self.in_subtree(v, other);
            let mut rv = if outside {
                self.weight[e]
            } else {
                let c = if self.tree_pos[e] != NONE {
                    self.cut[e]
                } else {
                    0
                };
                c - self.weight[e]
            };
            let mut d = if dir_down {
                self.head[e] == v
            } else {
                self.tail[e] == v
            };
            if outside {
                d = !d;
            }
            if !d {
                rv = -rv;
            }
            sum += rv;
        }
        sum
    }

    /// A tree edge of negative cut value: the most negative of the next
    /// `SEARCH_SIZE` such edges, scanning cyclically from the last stop.
    fn leave_edge(&mut self) -> Option<usize> {
        let len = self.tree_edges.len();
        let start = self.search_pos.min(len);
        let mut best: Option<(i64, usize)> = None;
        let mut found = 0;
        let mut steps = 0;
        for i in (start..len).chain(0..start) {
            steps += 1;
            let e = self.tree_edges[i];
            let c = self.cut[e];
            if c < 0 {
                if best.is_none_or(|(bc, _)| c < bc) {
                    best = Some((c, e));
                }
                found += 1;
                if found >= SEARCH_SIZE {
                    self.search_pos = i;
                    break;
                }
            }
        }
        self.work += steps;
        best.map(|(_, e)| e)
    }

    /// The lower end of tree edge `e` (the root of the subtree it cuts off)
    /// and whether that subtree is the tail side.
    fn lower_end(&self, e: usize) -> (usize, bool) {
        let (t, h) = (self.tail[e], self.head[e]);
        if self.lim[t] < self.lim[h] {
            (t, true)
        } else {
            (h, false)
        }
    }

    /// `lim` ranges of the smaller side of the cut below `v`: the subtree, or
    /// the rest of its tree. Returns the ranges and whether they are the subtree.
    fn smaller_side(&self, v: usize) -> ([(usize, usize); 2], bool) {
        let (lo, hi) = (self.low[v], self.lim[v]);
        let (tlo, thi) = self.tree_span[self.tree_of[v]];
        let sub = hi - lo + 1;
        let total = thi - tlo + 1;
        if sub <= total.saturating_sub(sub) {
            ([(lo, hi + 1), (0, 0)], true)
        } else {
            ([(tlo, lo), (hi + 1, thi + 1)], false)
        }
    }

    /// The non-tree edge of least slack going from the head side of tree edge
    /// `e` to its tail side (first found on ties).
    fn enter_edge(&mut self, e: usize) -> Option<usize> {
        let (v, tail_is_sub) = self.lower_end(e);
        let (ranges, _) = self.smaller_side(v);
        let mut best: Option<(i64, usize)> = None;
        for (a, b) in ranges {
            for l in a..b {
                let u = self.at_lim[l];
                self.work += NODE_WORK;
                for &g in self.incident(u) {
                    if self.tree_pos[g] != NONE {
                        continue;
                    }
                    if self.in_subtree(v, self.head[g]) == tail_is_sub
                        && self.in_subtree(v, self.tail[g]) != tail_is_sub
                    {
                        let s = self.slack(g);
                        if best.is_none_or(|(bs, _)| s < bs) {
                            best = Some((s, g));
                            if s == 0 {
                                return Some(g);
                            }
                        }
                    }
                }
            }
        }
        best.map(|(_, g)| g)
    }

    /// Exchange tree edge `e` for non-tree edge `f`: shift one side so `f`
    /// is tight, update the cut values on the tree path `f` closes, swap the
    /// edges and renumber the subtree of the path's top.
    fn update(&mut self, e: usize, f: usize) {
        let delta = self.slack(f);
        if delta > 0 {
            // the tail side moves up by delta, or the head side down
            let (v, tail_is_sub) = self.lower_end(e);
            let (ranges, is_sub) = self.smaller_side(v);
            let shift = if tail_is_sub == is_sub { -delta } else { delta };
            for (a, b) in ranges {
                for l in a..b {
                    self.rank[self.at_lim[l]] += shift;
                }
            }
        }
        let cv = self.cut[e];
        let mut path = std::mem::take(&mut self.path);
        path.clear();
        let lca = self.tree_update(self.tail[f], self.head[f], cv, true, &mut path);
        let lca2 = self.tree_update(self.head[f], self.tail[f], cv, false, &mut path);
        debug_assert_eq!(lca, lca2, "both tree paths meet at one ancestor");
        // subtree sizes: the cut-off subtree hangs from f's end in it now
        let (c, _) = self.lower_end(e);
        let s = self.size[c];
        let (x, y) = if self.in_subtree(c, self.tail[f]) {
            (self.tail[f], self.head[f])
        } else {
            (self.head[f], self.tail[f])
        };
        let (mut u, mut below) = (x, 0);
        loop {
            let old = self.size[u];
            self.size[u] = s.saturating_sub(below);
            below = old;
            match self.parent(u) {
                Some(p) if u != c => u = p,
                _ => break,
            }
        }
        // (the parent walks below end at the LCA; the root guard is defensive)
        let mut u = self.parent(c);
        while let Some(v) = u.filter(|&v| v != lca) {
            self.size[v] = self.size[v].saturating_sub(s);
            u = self.parent(v);
        }
        let mut u = Some(y);
        while let Some(v) = u.filter(|&v| v != lca) {
            self.size[v] += s;
            u = self.parent(v);
        }
        let lca_low = self.low[lca];
        for &v in &path {
            self.low[v] = NONE; // renumber, never skip
        }
        self.path = path;
        self.cut[f] = -cv;
        self.cut[e] = 0;
        let pos = self.tree_pos[e];
        self.tree_edges[pos] = f;
        self.tree_pos[f] = pos;
        self.tree_pos[e] = NONE;
        for x in [self.tail[e], self.head[e]] {
            if let Some(k) = self.tree_adj[x].iter().position(|&g| g == e) {
                self.tree_adj[x].remove(k);
            }
        }
        self.tree_adj[self.tail[f]].push(f);
        self.tree_adj[self.head[f]].push(f);
        self.number(lca, self.par[lca], lca_low);
    }

    /// Walks up from `v` until the subtree holds `w`, adding (`dir`) or
    /// subtracting `cv` to the cut values on the way; returns where it stopped.
    fn tree_update(
        &mut self,
        v: usize,
        w: usize,
        cv: i64,
        dir: bool,
        path: &mut Vec<usize>,
    ) -> usize {
        let mut v = v;
        while !self.in_subtree(v, w) {
            let e = self.par[v];
            if e == NONE {
                break; // a root holds its whole tree; unreachable
            }
            path.push(v);
            if (v == self.tail[e]) == dir {
                self.cut[e] += cv;
            } else {
                self.cut[e] -= cv;
            }
            v = if self.lim[self.tail[e]] > self.lim[self.head[e]] {
                self.tail[e]
            } else {
                self.head[e]
            };
        }
        v
    }

    /// Ranks with each tree's top on 0 and no empty rank.
    fn normalised(&self) -> Vec<usize> {
        let mut top = vec![i64::MAX; self.tree_span.len()];
        for v in 0..self.real {
            let t = self.tree_of[v];
            top[t] = top[t].min(self.rank[v]);
        }
        // Tree edges are tight, so a tree spans fewer than n ranks.
        let r: Vec<usize> = (0..self.real)
            .map(|v| usize::try_from(self.rank[v] - top[self.tree_of[v]]).unwrap_or(0))
            .collect();
        let max = r.iter().copied().max().unwrap_or(0);
        let mut used = vec![false; max + 1];
        for &x in &r {
            used[x] = true;
        }
        let mut remap = vec![0usize; max + 1];
        let mut next = 0;
        for (x, slot) in remap.iter_mut().enumerate() {
            *slot = next;
            if used[x] {
                next += 1;
            }
        }
        r.iter().map(|&x| remap[x]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn respects(rank: &[usize], edges: &[(usize, usize)]) -> bool {
        edges.iter().all(|&(a, b)| rank[b] > rank[a])
    }

    fn no_empty_rank(rank: &[usize]) -> bool {
        let max = rank.iter().copied().max().unwrap_or(0);
        let mut used = vec![false; max + 1];
        for &r in rank {
            used[r] = true;
        }
        used.iter().all(|&u| u)
    }

    fn length(rank: &[usize], edges: &[(usize, usize)]) -> usize {
        edges.iter().map(|&(a, b)| rank[b] - rank[a]).sum()
    }

    /// Seeded xorshift, enough for test graphs.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n.max(1) as u64) as usize
        }
    }

    /// A random DAG on `n` nodes with about `m` edges: edges go forward in a
    /// shuffled order, whose first node (returned) is a source.
    fn random_dag(rng: &mut Rng, n: usize, m: usize, local: bool) -> (Vec<(usize, usize)>, usize) {
        let mut perm: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            perm.swap(i, rng.below(i + 1));
        }
        let mut edges = Vec::new();
        if n >= 2 {
            for _ in 0..m {
                let i = rng.below(n - 1);
                let j = if local {
                    (i + 1 + rng.below(4)).min(n - 1)
                } else {
                    i + 1 + rng.below(n - 1 - i)
                };
                edges.push((perm[i], perm[j]));
            }
        }
        (edges, perm.first().copied().unwrap_or(0))
    }

    /// The plain longest-path ranking (sources on 0).
    fn longest_path(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
        let mut r = vec![0usize; n];
        // Bellman-Ford style passes suffice for the small test graphs.
        loop {
            let mut changed = false;
            for &(a, b) in edges {
                if r[b] < r[a] + 1 {
                    r[b] = r[a] + 1;
                    changed = true;
                }
            }
            if !changed {
                return r;
            }
        }
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

    #[test]
    fn nothing_goes_above_the_start() {
        // Unconstrained, 3 -> 4 -> 2 would put 3 above the start 0 (0 -> 2 has
        // length 1 and 3's chain is two long); the start stays on top.
        let edges = vec![(0, 2), (3, 4), (4, 2), (1, 4)];
        let r = rank(5, &edges, Some(0));
        assert!(respects(&r, &edges));
        assert_eq!((r[0], r[3], r[4], r[2]), (0, 0, 1, 2));
        // without a start the optimum lifts 3 above 0
        let free = rank(5, &edges, None);
        assert!(respects(&free, &edges));
        assert_eq!((free[3], free[4], free[0], free[2]), (0, 1, 1, 2));
        assert_eq!(free[1], 0);
    }

    #[test]
    fn components_each_start_on_rank_zero() {
        // two chains and an isolated node
        let edges = vec![(0, 1), (1, 2), (3, 4)];
        for pinned in [None, Some(0)] {
            let r = rank(6, &edges, pinned);
            assert!(respects(&r, &edges));
            assert_eq!((r[0], r[3], r[5]), (0, 0, 0));
            assert_eq!((r[2], r[4]), (2, 1));
        }
    }

    #[test]
    fn weights_shorten_heavy_edges() {
        // 0 -> 1 -> 2 -> 3 and 0 -> 4 -> 3: node 4 sits next to its heavier edge.
        let chain = [(0, 1, 1), (1, 2, 1), (2, 3, 1)];
        let mut edges = chain.to_vec();
        edges.extend([(0, 4, 5), (4, 3, 1)]);
        let r = rank_weighted(5, &edges, Some(0));
        assert_eq!(r[4], 1);
        edges[3].2 = 1;
        edges[4].2 = 5;
        let r = rank_weighted(5, &edges, Some(0));
        assert_eq!(r[4], 2);
    }

    #[test]
    fn hostile_edges_do_not_panic() {
        // a cycle, a self-loop, an out-of-range end and parallel edges
        let edges = vec![(0, 1), (1, 2), (2, 0), (2, 3), (3, 3), (9, 1), (2, 3)];
        let r = rank(4, &edges, Some(0));
        assert_eq!(r.len(), 4);
        assert!(r[3] > r[2] && r[2] > r[1] && r[1] > r[0]);
        assert!(rank(0, &[], None).is_empty());
        assert_eq!(rank(1, &[], Some(7)), vec![0]);
    }

    #[test]
    fn random_dags_are_valid_and_no_longer_than_longest_path() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..300 {
            let n = 1 + rng.below(120);
            let m = rng.below(3 * n);
            let (edges, start) = random_dag(&mut rng, n, m, case % 2 == 0);
            let pinned = (case % 3 != 0).then_some(start);
            let r = rank(n, &edges, pinned);
            assert!(respects(&r, &edges), "case {case}");
            assert!(no_empty_rank(&r), "case {case}");
            if let Some(s) = pinned {
                assert_eq!(r[s], 0, "case {case}");
            }
            let lp = longest_path(n, &edges);
            assert!(length(&r, &edges) <= length(&lp, &edges), "case {case}");
        }
    }

    /// The least total length over all rankings of height < n (enough: an
    /// optimum is spanned by tight edges), all nodes at or below `pinned`.
    fn brute_force(n: usize, edges: &[(usize, usize, u32)], pinned: Option<usize>) -> u64 {
        let mut r = vec![0usize; n];
        let mut best = u64::MAX;
        loop {
            let ok = edges.iter().all(|&(a, b, _)| r[b] > r[a])
                && pinned.is_none_or(|p| r.iter().all(|&x| x >= r[p]));
            if ok {
                let len: u64 = edges
                    .iter()
                    .map(|&(a, b, w)| u64::from(w) * (r[b] - r[a]) as u64)
                    .sum();
                best = best.min(len);
            }
            // next ranking, odometer style
            let mut i = 0;
            while i < n && r[i] == n - 1 {
                r[i] = 0;
                i += 1;
            }
            if i == n {
                return best;
            }
            r[i] += 1;
        }
    }

    #[test]
    fn small_dags_are_optimal_by_enumeration() {
        let mut rng = Rng(12345);
        for case in 0..120 {
            let n = 2 + rng.below(5); // 2..=6 nodes
            let m = 1 + rng.below(2 * n);
            let (pairs, start) = random_dag(&mut rng, n, m, false);
            let edges: Vec<(usize, usize, u32)> = pairs
                .iter()
                .map(|&(a, b)| (a, b, 1 + (rng.below(3) as u32)))
                .collect();
            let pinned = (case % 2 == 0).then_some(start);
            let s = solve(n, &edges, pinned, Limits::NONE);
            assert!(s.optimal);
            let len: u64 = edges
                .iter()
                .map(|&(a, b, w)| u64::from(w) * (s.ranks[b] - s.ranks[a]) as u64)
                .sum();
            assert_eq!(
                len,
                brute_force(n, &edges, pinned),
                "case {case}: {edges:?}"
            );
        }
    }

    /// Cut values by their definition, from the tree alone.
    fn check_state(ns: &Simplex) {
        for e in 0..ns.tail.len() {
            assert!(ns.slack(e) >= 0, "feasible");
        }
        for (pos, &e) in ns.tree_edges.iter().enumerate() {
            assert_eq!(ns.tree_pos[e], pos);
            assert_eq!(ns.slack(e), 0, "tree edges are tight");
            // the tail side of e in the tree without e
            let mut side = vec![false; ns.n];
            let mut stack = vec![ns.tail[e]];
            side[ns.tail[e]] = true;
            while let Some(v) = stack.pop() {
                for &g in &ns.tree_adj[v] {
                    let w = ns.other(g, v);
                    if g != e && !side[w] {
                        side[w] = true;
                        stack.push(w);
                    }
                }
            }
            let mut cut = 0;
            for g in 0..ns.tail.len() {
                match (side[ns.tail[g]], side[ns.head[g]]) {
                    (true, false) => cut += ns.weight[g],
                    (false, true) => cut -= ns.weight[g],
                    _ => {}
                }
            }
            assert_eq!(ns.cut[e], cut, "cut value of tree edge {e}");
            // numbering: the lower end's subtree nests in the upper end's
            let (c, p) = if ns.par[ns.tail[e]] == e {
                (ns.tail[e], ns.head[e])
            } else {
                (ns.head[e], ns.tail[e])
            };
            assert_eq!(ns.par[c], e);
            assert!(ns.low[p] <= ns.low[c] && ns.lim[c] < ns.lim[p]);
        }
        for v in 0..ns.n {
            assert_eq!(ns.at_lim[ns.lim[v]], v);
            assert_eq!(ns.size[v], ns.lim[v] + 1 - ns.low[v], "size of {v}");
            assert!(ns.low[v] <= ns.lim[v]);
        }
        assert_eq!(ns.tree_edges.len() + ns.tree_span.len(), ns.n);
    }

    #[test]
    fn incremental_cut_values_match_their_definition() {
        let mut rng = Rng(777);
        let mut pivots = 0;
        for case in 0..60 {
            let n = 2 + rng.below(50);
            let m = rng.below(3 * n);
            let (pairs, start) = random_dag(&mut rng, n, m, case % 2 == 1);
            let edges: Vec<(usize, usize, u32)> = pairs
                .iter()
                .map(|&(a, b)| (a, b, 1 + (rng.below(4) as u32)))
                .collect();
            let pinned = (case % 3 != 0).then_some(start);
            let mut ns = Simplex::new(n, &edges, pinned);
            ns.feasible_tree();
            ns.number_all();
            ns.init_cut_values();
            check_state(&ns);
            let mut steps = 0;
            while let Some(e) = ns.leave_edge() {
                let f = ns.enter_edge(e).expect("an edge crosses back");
                ns.update(e, f);
                check_state(&ns);
                steps += 1;
                assert!(steps < 10_000, "case {case} does not converge");
            }
            pivots += steps;
            // optimal: the dual is feasible
            assert!(ns.tree_edges.iter().all(|&e| ns.cut[e] >= 0));
        }
        assert!(pivots > 50, "the cases exercise exchanges ({pivots})");
    }

    #[test]
    fn capped_runs_stay_valid() {
        let mut rng = Rng(4242);
        let mut limits = Vec::new();
        for cap in [0, 1, 3, 10] {
            limits.push(Limits {
                exchanges: cap,
                work: usize::MAX,
            });
        }
        for work in [0, 100, 10_000] {
            limits.push(Limits {
                exchanges: usize::MAX,
                work,
            });
        }
        for limit in limits {
            let (edges, start) = random_dag(&mut rng, 300, 700, true);
            let w: Vec<(usize, usize, u32)> = edges.iter().map(|&(a, b)| (a, b, 1)).collect();
            let s = solve(300, &w, Some(start), limit);
            assert!(s.exchanges <= limit.exchanges);
            if limit.work == 0 {
                assert_eq!(s.exchanges, 0);
            }
            assert!(respects(&s.ranks, &edges));
            assert!(no_empty_rank(&s.ranks));
            assert_eq!(s.ranks[start], 0);
        }
    }

    #[test]
    fn hundred_thousand_node_chain() {
        let n = 100_000;
        let edges: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        let r = rank(n, &edges, Some(0));
        assert!(r.iter().enumerate().all(|(i, &x)| x == i));
    }

    #[test]
    fn hundred_thousand_node_random_dag() {
        let mut rng = Rng(99);
        let n = 100_000;
        let (edges, start) = random_dag(&mut rng, n, 150_000, true);
        let r = rank(n, &edges, Some(start));
        assert!(respects(&r, &edges));
        assert!(no_empty_rank(&r));
        assert_eq!(r[start], 0);
    }
}
