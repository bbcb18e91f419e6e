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
            let right = cost.choose(g, ci, guess, |right| {
                (Some(key(right, top)), Some(key(right, bottom)))
            });
            // Each end on the other side when that crosses strictly fewer
            // edges (a loop between nodes in different columns runs
            // between them).
            let (mut rt, mut rb) = (right, right);
            {
                cost.set(ci, Some(key(right, top)), Some(key(right, bottom)));
                let same = cost.crossings(g, ci);
                cost.set(ci, Some(key(!right, top)), Some(key(right, bottom)));
                let a = cost.crossings(g, ci);
                cost.set(ci, Some(key(right, top)), Some(key(!right, bottom)));
                let b = cost.crossings(g, ci);
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
                cost.choose(g, ci, guess, |right| (Some(key(right)), None))
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
        g.elems.push(Elem {
            kind: ElemKind::Side {
                edge: e,
                owner,
                right,
            },
            rank: g.elems[owner].rank,
            left: 0.0,
            right: 0.0,
        });
        let s = g.elems.len() - 1;
        beside[owner][right as usize].push(s);
        if let Some(slot) = loop_slot.get_mut(e) {
            *slot = Some(s);
        }
    }
    for &(ci, at_top, owner, right) in &slots {
        let Some(c) = g.chains[ci].as_mut() else {
            continue;
        };
        g.elems.push(Elem {
            kind: ElemKind::Side {
                edge: c.edge,
                owner,
                right,
            },
            rank: g.elems[owner].rank,
            left: 0.0,
            right: 0.0,
        });
        let s = g.elems.len() - 1;
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
    /// Segments of each gap (between rank r and r + 1): (chain, index in chain).
    gaps: Vec<Vec<(usize, usize)>>,
    /// Key of each chain's top end when it leaves from a slot.
    top: Vec<Option<f64>>,
    /// Key of each chain's bottom end when it enters through a slot.
    bottom: Vec<Option<f64>>,
}

impl SideCost {
    fn new(g: &Layered) -> SideCost {
        let mut gaps = vec![Vec::new(); g.layers.len()];
        for (ci, c) in g.chains.iter().enumerate() {
            let Some(c) = c else { continue };
            for j in 0..c.elems.len().saturating_sub(1) {
                let r = g.elems[c.elems[j]].rank;
                if let Some(gap) = gaps.get_mut(r) {
                    gap.push((ci, j));
                }
            }
        }
        let k = g.chains.len();
        SideCost {
            gaps,
            top: vec![None; k],
            bottom: vec![None; k],
        }
    }

    fn set(&mut self, ci: usize, top: Option<f64>, bottom: Option<f64>) {
        self.top[ci] = top;
        self.bottom[ci] = bottom;
    }

    /// Ends (upper, lower key) of segment `j` of chain `ci`.
    fn ends(&self, g: &Layered, ci: usize, j: usize) -> Option<(f64, f64)> {
        let c = g.chains[ci].as_ref()?;
        let m = c.elems.len();
        let a = match self.top[ci] {
            Some(k) if j == 0 => k,
            _ => g.pos[c.elems[j]] as f64,
        };
        let b = match self.bottom[ci] {
            Some(k) if j + 2 == m => k,
            _ => g.pos[c.elems[j + 1]] as f64,
        };
        Some((a, b))
    }

    /// Crossings of chain `ci`'s end segments with all other segments.
    fn crossings(&self, g: &Layered, ci: usize) -> usize {
        let Some(c) = g.chains[ci].as_ref() else {
            return 0;
        };
        let m = c.elems.len();
        let mut js = vec![0];
        if m > 2 {
            js.push(m - 2);
        }
        let mut total = 0;
        for j in js {
            let r = g.elems[c.elems[j]].rank;
            let Some((a, b)) = self.ends(g, ci, j) else {
                continue;
            };
            for &(cj, jj) in &self.gaps[r] {
                if cj == ci {
                    continue;
                }
                if let Some((a2, b2)) = self.ends(g, cj, jj) {
                    if (a - a2) * (b - b2) < 0.0 {
                        total += 1;
                    }
                }
            }
        }
        total
    }

    /// The side (true = right) for chain `ci` whose slot keys per side are
    /// `keys(right)`: the one with fewer crossings, `guess` on a tie.
    fn choose(
        &mut self,
        g: &Layered,
        ci: usize,
        guess: bool,
        keys: impl Fn(bool) -> (Option<f64>, Option<f64>),
    ) -> bool {
        let Some(c) = g.chains[ci].as_ref() else {
            return guess;
        };
        let wide = |j: usize| {
            self.gaps
                .get(g.elems[c.elems[j]].rank)
                .is_none_or(|gap| gap.len() > COST_GAP_MAX)
        };
        if wide(0) || wide(c.elems.len().saturating_sub(2)) {
            return guess;
        }
        let mut cost = [0usize; 2];
        for right in [false, true] {
            let (t, b) = keys(right);
            self.set(ci, t, b);
            cost[right as usize] = self.crossings(g, ci);
        }
        self.set(ci, None, None);
        if cost[0] == cost[1] {
            guess
        } else {
            cost[1] < cost[0]
        }
    }
}
