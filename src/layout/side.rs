//! Pass 3b, side slots: how each edge meets its nodes.
//!
//! Invariant established: a decision's main (first/是) branch leaves from the
//! bottom corner and its other branches from the left/right corners (a free
//! corner first); a loop (reversed edge) leaves its source and enters its
//! target from a side; each side exit or entry owns a slot element right
//! beside its node on the node's rank, so the vertical part of the edge runs
//! in a column no node occupies. Self-loops get a slot too. Slots are inserted
//! after ordering, next to their owner, nearest first.
//!
//! Sides are chosen by the crossings they cause between the slot's rank and
//! the next (counted against every other segment, earlier choices already in
//! place): a loop takes the side that crosses fewer edges for both ends, and
//! one end changes side only when that crosses strictly fewer; ties keep the
//! position rule (where the loop's middle runs, where the branch's neighbour
//! lies). Afterwards each node moves together with its slots (and each dummy
//! alone) to where it crosses fewest ([`super::order::refine_with_slots`]),
//! so the slots stay beside their owners and the crossings never grow.

use crate::ast::NodeKind;

use super::graph::{Attach, Elem, ElemKind, Layered};
use super::{EdgeInfo, NodeInfo};

/// Room between a node and a slot whose edge has no label, px.
pub const SLOT_ROOM: f64 = 14.0;

/// Appends a side slot for `edge` beside `owner` (on its rank); returns it.
fn push_slot(elems: &mut Vec<Elem>, edge: usize, owner: usize, right: bool) -> usize {
    let rank = elems[owner].rank;
    elems.push(Elem {
        kind: ElemKind::Side { edge, owner, right },
        rank,
        left: 0.0,
        right: 0.0,
    });
    elems.len() - 1
}

/// Decides attachments, creates the slots and inserts them into the layers.
/// Returns the slot of each self-loop edge (`None` for other edges).
pub fn insert(
    g: &mut Layered,
    nodes: &[NodeInfo],
    edges: &[EdgeInfo],
    self_loops: &[(usize, usize)],
) -> Vec<Option<usize>> {
    let n = nodes.len();
    // Fractional position of an element in its layer, to compare across layers.
    let frac = |g: &Layered, v: usize| -> f64 {
        let len = g.layers[g.elems[v].rank].len().max(1) as f64;
        (g.pos[v] as f64 + 0.5) / len
    };
    // main child (element below) of each node via its main-branch chain
    let mut main_child: Vec<Option<usize>> = vec![None; n];
    for c in g.chains.iter().flatten() {
        if !c.reversed && edges[c.edge].main {
            if let (Some(&a), Some(&b)) = (c.elems.first(), c.elems.get(1)) {
                if a < n {
                    main_child[a] = Some(b);
                }
            }
        }
    }
    let mut count = vec![[0usize; 2]; n]; // [left, right] attachments so far
    let mut cost = SideCost::new(g);
    // (chain index, at top end?, owner, right?)
    let mut slots: Vec<(usize, bool, usize, bool)> = Vec::new();
    for ci in 0..g.chains.len() {
        let Some(c) = g.chains[ci].as_ref() else {
            continue;
        };
        let m = c.elems.len();
        if m < 2 {
            continue;
        }
        let (top, bottom) = (c.elems[0], c.elems[m - 1]);
        if c.reversed {
            // One side for the whole loop: the side where its ends cross fewer
            // edges; on a tie where its middle runs, else right.
            let guess = if m > 2 {
                let mid: f64 =
                    c.elems[1..m - 1].iter().map(|&v| frac(g, v)).sum::<f64>() / (m - 2) as f64;
                let ends = (frac(g, top) + frac(g, bottom)) / 2.0;
                mid >= ends - 1e-9
            } else {
                true
            };
            let key = |right: bool, v: usize| slot_key(g.pos[v], count[v][right as usize], right);
            let right = cost.choose(ci, guess, |right| {
                (Some(key(right, top)), Some(key(right, bottom)))
            });
            // Each end on the other side when that crosses strictly fewer
            // edges (a loop between nodes in different columns runs
            // between them).
            let (mut rt, mut rb) = (right, right);
            {
                cost.set(ci, Some(key(right, top)), Some(key(right, bottom)));
                let same = cost.crossings(ci);
                cost.set(ci, Some(key(!right, top)), Some(key(right, bottom)));
                let a = cost.crossings(ci);
                cost.set(ci, Some(key(right, top)), Some(key(!right, bottom)));
                let b = cost.crossings(ci);
                if a < same && a <= b {
                    rt = !right;
                } else if b < same {
                    rb = !right;
                }
            }
            cost.set(ci, Some(key(rt, top)), Some(key(rb, bottom)));
            slots.push((ci, true, top, rt));
            slots.push((ci, false, bottom, rb));
            count[top][rt as usize] += 1;
            count[bottom][rb as usize] += 1;
        } else if top < n && nodes[top].kind == NodeKind::Decide && !edges[c.edge].main {
            let nb = c.elems[1];
            let guess = match main_child[top] {
                Some(mc) if mc != nb => {
                    g.pos[nb] > g.pos[mc] || (g.pos[nb] == g.pos[mc] && nb > mc)
                }
                _ => frac(g, nb) >= frac(g, top),
            };
            // A free corner first; else the side that crosses fewer edges.
            let [l, r] = count[top];
            let right = if r > 0 && l == 0 {
                false
            } else if l > 0 && r == 0 {
                true
            } else {
                let key = |right: bool| slot_key(g.pos[top], count[top][right as usize], right);
                cost.choose(ci, guess, |right| (Some(key(right)), None))
            };
            let k = slot_key(g.pos[top], count[top][right as usize], right);
            cost.set(ci, Some(k), None);
            slots.push((ci, true, top, right));
            count[top][right as usize] += 1;
        }
    }
    // Create slot elements and splice them into the chains.
    let mut beside: Vec<[Vec<usize>; 2]> = vec![[Vec::new(), Vec::new()]; n];
    let mut loop_slot = vec![None; edges.len()];
    for &(e, owner) in self_loops {
        if owner >= n {
            continue;
        }
        let right = count[owner][1] <= count[owner][0];
        count[owner][right as usize] += 1;
        let s = push_slot(&mut g.elems, e, owner, right);
        beside[owner][right as usize].push(s);
        if let Some(slot) = loop_slot.get_mut(e) {
            *slot = Some(s);
        }
    }
    for &(ci, at_top, owner, right) in &slots {
        let Some(c) = g.chains[ci].as_mut() else {
            continue;
        };
        let s = push_slot(&mut g.elems, c.edge, owner, right);
        if at_top {
            c.elems.insert(1, s);
            c.top = Attach::Side;
        } else {
            let at = c.elems.len() - 1;
            c.elems.insert(at, s);
            c.bottom = Attach::Side;
        }
        beside[owner][right as usize].push(s);
    }
    // Rebuild layers: left slots (farthest first), the element, right slots (nearest first).
    for r in 0..g.layers.len() {
        let old = std::mem::take(&mut g.layers[r]);
        let mut layer = Vec::with_capacity(old.len());
        for v in old {
            if v < n {
                layer.extend(beside[v][0].iter().rev().copied());
                layer.push(v);
                layer.extend(beside[v][1].iter().copied());
            } else {
                layer.push(v);
            }
        }
        g.layers[r] = layer;
    }
    g.rebuild_adjacency();
    g.renumber();
    if !slots.is_empty() {
        super::order::refine_with_slots(g);
    }
    loop_slot
}

/// Position key of the `k`-th slot (0 = nearest) beside the element at `pos`:
/// between `pos` and its neighbour, farther slots farther out.
fn slot_key(pos: usize, k: usize, right: bool) -> f64 {
    let off = (k + 1) as f64 / (k + 2) as f64;
    if right {
        pos as f64 + off
    } else {
        pos as f64 - off
    }
}

/// Most segments of one gap a side choice is weighed against; beyond that
/// (very wide drawings) the position rule alone decides.
const COST_GAP_MAX: usize = 4_000;

/// Crossings a side choice causes: the segments between consecutive ranks
/// with the ends already moved to their slots.
struct SideCost {
    /// Segments of each gap (between rank r and r + 1): (chain, upper key, lower key).
    gaps: Vec<Vec<(usize, f64, f64)>>,
    /// Where each chain's first and last segments sit: (gap, index) twice.
    ends: Vec<Option<[(usize, usize); 2]>>,
    /// Keys of each chain's end elements when they meet their nodes vertically.
    plain: Vec<(f64, f64)>,
}

impl SideCost {
    fn new(g: &Layered) -> SideCost {
        let mut gaps: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); g.layers.len()];
        let mut ends = vec![None; g.chains.len()];
        let mut plain = vec![(0.0, 0.0); g.chains.len()];
        for (ci, c) in g.chains.iter().enumerate() {
            let Some(c) = c else { continue };
            let m = c.elems.len();
            if m < 2 {
                continue;
            }
            let mut first = None;
            let mut last = None;
            for j in 0..m - 1 {
                let r = g.elems[c.elems[j]].rank;
                let Some(gap) = gaps.get_mut(r) else { continue };
                let (a, b) = (g.pos[c.elems[j]] as f64, g.pos[c.elems[j + 1]] as f64);
                if j == 0 {
                    first = Some((r, gap.len()));
                }
                if j + 2 == m {
                    last = Some((r, gap.len()));
                }
                gap.push((ci, a, b));
            }
            if let (Some(f), Some(l)) = (first, last) {
                ends[ci] = Some([f, l]);
            }
            plain[ci] = (g.pos[c.elems[0]] as f64, g.pos[c.elems[m - 1]] as f64);
        }
        SideCost { gaps, ends, plain }
    }

    /// Moves chain `ci`'s top end to key `top` (its node when `None`) and its
    /// bottom end to `bottom`.
    fn set(&mut self, ci: usize, top: Option<f64>, bottom: Option<f64>) {
        let Some([(r0, i0), (r1, i1)]) = self.ends.get(ci).copied().flatten() else {
            return;
        };
        let (pt, pb) = self.plain[ci];
        if let Some(seg) = self.gaps.get_mut(r0).and_then(|gap| gap.get_mut(i0)) {
            seg.1 = top.unwrap_or(pt);
        }
        if let Some(seg) = self.gaps.get_mut(r1).and_then(|gap| gap.get_mut(i1)) {
            seg.2 = bottom.unwrap_or(pb);
        }
    }

    /// Crossings of chain `ci`'s end segments with all other segments.
    fn crossings(&self, ci: usize) -> usize {
        let Some([f, l]) = self.ends.get(ci).copied().flatten() else {
            return 0;
        };
        let mut total = 0;
        for (k, (r, i)) in [f, l].into_iter().enumerate() {
            if k == 1 && (r, i) == f {
                break;
            }
            let Some(gap) = self.gaps.get(r) else {
                continue;
            };
            let Some(&(_, a, b)) = gap.get(i) else {
                continue;
            };
            total += gap
                .iter()
                .filter(|&&(cj, a2, b2)| cj != ci && (a - a2) * (b - b2) < 0.0)
                .count();
        }
        total
    }

    /// The side (true = right) for chain `ci` whose slot keys per side are
    /// `keys(right)`: the one with fewer crossings, `guess` on a tie.
    fn choose(
        &mut self,
        ci: usize,
        guess: bool,
        keys: impl Fn(bool) -> (Option<f64>, Option<f64>),
    ) -> bool {
        let Some([(r0, _), (r1, _)]) = self.ends.get(ci).copied().flatten() else {
            return guess;
        };
        let wide = |r: usize| self.gaps.get(r).is_none_or(|gap| gap.len() > COST_GAP_MAX);
        if wide(r0) || wide(r1) {
            return guess;
        }
        let mut cost = [0usize; 2];
        for right in [false, true] {
            let (t, b) = keys(right);
            self.set(ci, t, b);
            cost[right as usize] = self.crossings(ci);
        }
        self.set(ci, None, None);
        if cost[0] == cost[1] {
            guess
        } else {
            cost[1] < cost[0]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step() -> NodeInfo {
        NodeInfo {
            kind: NodeKind::Step,
            w: 100.0,
            h: 40.0,
            badge: false,
        }
    }

    #[test]
    fn loop_takes_the_side_without_crossings() {
        // t u on rank 0, b v on rank 1; edges t -> v, u -> v and a loop b -> t.
        // Right of t and b the loop's column would cross t -> v; the left
        // side crosses nothing (the old rule took the right for a short loop).
        let rank = vec![0, 0, 1, 1];
        let dag = vec![Some((0, 2, true)), Some((0, 3, false)), Some((1, 3, false))];
        let mut g = Layered::build(4, &rank, &dag);
        assert_eq!(g.layers, vec![vec![0, 1], vec![2, 3]]);
        let nodes = vec![step(); 4];
        let edges = vec![EdgeInfo::default(); 3];
        insert(&mut g, &nodes, &edges, &[]);
        let sides: Vec<bool> = g
            .elems
            .iter()
            .filter_map(|e| match e.kind {
                ElemKind::Side { right, .. } => Some(right),
                _ => None,
            })
            .collect();
        assert_eq!(sides, vec![false, false]);
        assert_eq!(super::super::order::crossings(&g), 0);
    }

    #[test]
    fn slots_stay_beside_their_owners() {
        // A decision with two side branches and a loop, among other nodes:
        // after the refinement each slot is still next to its owner (only
        // slots of the same owner in between).
        let rank = vec![0, 0, 1, 1, 1, 2, 2];
        let mut nodes = vec![step(); 7];
        nodes[0].kind = NodeKind::Decide;
        let pairs = [
            (0, 3, false),
            (0, 2, false),
            (0, 4, false),
            (1, 2, false),
            (1, 4, false),
            (3, 5, false),
            (2, 6, false),
            (4, 5, false),
            (1, 5, true),
        ];
        let dag: Vec<_> = pairs.iter().map(|&p| Some(p)).collect();
        let mut edges = vec![EdgeInfo::default(); dag.len()];
        edges[0].main = true;
        let mut g = Layered::build(7, &rank, &dag);
        super::super::order::order(&mut g, &[0]);
        insert(&mut g, &nodes, &edges, &[]);
        let mut slots = 0;
        for layer in &g.layers {
            for (i, &s) in layer.iter().enumerate() {
                let ElemKind::Side { owner, .. } = g.elems[s].kind else {
                    continue;
                };
                slots += 1;
                let Some(o) = layer.iter().position(|&v| v == owner) else {
                    panic!("slot {s} not on its owner's rank");
                };
                let (lo, hi) = (i.min(o), i.max(o));
                for &v in &layer[lo + 1..hi] {
                    assert!(
                        matches!(g.elems[v].kind, ElemKind::Side { owner: w, .. } if w == owner),
                        "element {v} between slot {s} and its owner {owner}"
                    );
                }
            }
        }
        assert_eq!(slots, 4, "two branch slots and two loop slots");
    }
}
