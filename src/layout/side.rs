//! Pass 3b, side slots: how each edge meets its nodes.
//!
//! Invariant established: a decision's main (first/是) branch leaves from the
//! bottom corner and its other branches from the left/right corners; a loop
//! (reversed edge) leaves its source and enters its target from a side; each
//! side exit or entry owns a slot element right beside its node on the node's
//! rank, so the vertical part of the edge runs in a column no node occupies.
//! Self-loops get a slot too. Slots are inserted after ordering, next to their
//! owner, nearest first.

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
            // One side for the whole loop: where its middle runs, else right.
            let right = if m > 2 {
                let mid: f64 =
                    c.elems[1..m - 1].iter().map(|&v| frac(g, v)).sum::<f64>() / (m - 2) as f64;
                let ends = (frac(g, top) + frac(g, bottom)) / 2.0;
                mid >= ends - 1e-9
            } else {
                true
            };
            slots.push((ci, true, top, right));
            slots.push((ci, false, bottom, right));
            count[top][right as usize] += 1;
            count[bottom][right as usize] += 1;
        } else if top < n && nodes[top].kind == NodeKind::Decide && !edges[c.edge].main {
            let nb = c.elems[1];
            let mut right = match main_child[top] {
                Some(mc) if mc != nb => {
                    g.pos[nb] > g.pos[mc] || (g.pos[nb] == g.pos[mc] && nb > mc)
                }
                _ => frac(g, nb) >= frac(g, top),
            };
            if count[top][right as usize] > 0 && count[top][!right as usize] == 0 {
                right = !right;
            }
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
    loop_slot
}
