//! Pass 2b, rails: very long edges run down the outside of the drawing.
//!
//! A long edge normally crosses each rank through a dummy element, so its
//! cost in every later pass grows with its span. In big flowcharts the
//! branches that end the procedure early (`否 → 不予许可 → 结束`) all go to one
//! `end` at the very bottom, and their dummies grow with (edges × height):
//! 8 million elements for a 100,000-node chart. When the dummies exceed a
//! budget linear in the graph's size, the longest edges (never a main-path
//! edge) become *rail* edges, which get only two dummies: one on the rank
//! below their upper end, one on the rank above their lower end. A loop (an
//! edge reversed by [`super::acyclic`]) takes its rail upward, entering and
//! leaving its nodes from the side as every loop does. After
//! ordering both go to the right end of their layers ([`to_layer_ends`]), and
//! after placement both take the x of a vertical rail right of everything
//! the edge passes ([`place`]): the edge leaves its upper end, runs right in
//! the channel below it, along its rail, and left in the channel above its
//! lower end.
//!
//! Invariants established: the layered graph holds at most
//! `BUDGET_PER_ITEM · (V + E) + BUDGET_BASE` dummies when long edges alone
//! exceed it (so every later pass stays linear); a rail's vertical segment is
//! right of every element (with its room) on the ranks it spans and of every
//! rail nested inside it, so it passes through no node and crosses no other
//! rail; rails starting lower (or, from the same rank, ending higher) run
//! nearer the drawing. Small flows never reach the budget and have no rails.

use super::graph::{ElemKind, Layered};
use super::range::MaxTree;

/// Dummies allowed per node and edge before rails are used.
const BUDGET_PER_ITEM: usize = 2;
/// Dummies always allowed.
const BUDGET_BASE: usize = 20_000;
/// Distance between a rail and what it passes (or the next rail inside it), px.
pub const RAIL_GAP: f64 = 16.0;

/// Picks the rail edges. `dag[e]` is `(top, bottom, reversed)` as for
/// [`Layered::build`]; `main_path[e]` marks the main path.
pub fn pick(
    n: usize,
    rank: &[usize],
    dag: &[Option<(usize, usize, bool)>],
    main_path: &[bool],
) -> Vec<bool> {
    let span = |a: usize, b: usize| rank[b].saturating_sub(rank[a]).saturating_sub(1);
    let mut total: usize = dag.iter().flatten().map(|&(a, b, _)| span(a, b)).sum();
    let budget = BUDGET_PER_ITEM * (n + dag.len()) + BUDGET_BASE;
    let mut rail = vec![false; dag.len()];
    if total <= budget {
        return rail;
    }
    let mut cands: Vec<(usize, usize)> = dag
        .iter()
        .enumerate()
        .filter_map(|(e, d)| {
            let (a, b, _) = (*d)?;
            let s = span(a, b);
            (!main_path.get(e).copied().unwrap_or(false) && s > 2).then_some((s, e))
        })
        .collect();
    cands.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    for (s, e) in cands {
        if total <= budget {
            break;
        }
        rail[e] = true;
        total -= s - 2;
    }
    rail
}

/// The rail edges' dummies, innermost rail first, as [`to_layer_ends`]
/// found them for [`place`] (side slots added in between leave them valid).
#[derive(Debug, Clone, Default)]
pub struct Rails(Vec<Rail>);

/// A rail edge's two dummies and the ranks of its ends.
#[derive(Debug, Clone, Copy)]
struct Rail {
    top: usize,
    bottom: usize,
    first: usize,
    last: usize,
}

/// The rail edges' dummies, innermost rail first (lower start first; from
/// the same rank, the one ending higher first).
fn rails(g: &Layered, rail: &[bool]) -> Vec<Rail> {
    let mut out: Vec<(Rail, usize)> = g
        .chains
        .iter()
        .flatten()
        .filter(|c| rail.get(c.edge).copied().unwrap_or(false))
        .filter_map(|c| {
            // the two dummies (side slots may sit beside the ends)
            let mut dummies = c
                .elems
                .iter()
                .copied()
                .filter(|&v| matches!(g.elems[v].kind, ElemKind::Dummy(_)));
            let (first, last) = (dummies.next()?, dummies.next()?);
            let (&top, &bottom) = (c.elems.first()?, c.elems.last()?);
            Some((
                Rail {
                    top: g.elems[top].rank,
                    bottom: g.elems[bottom].rank,
                    first,
                    last,
                },
                c.edge,
            ))
        })
        .collect();
    out.sort_by(|(a, ea), (b, eb)| {
        b.top
            .cmp(&a.top)
            .then(a.bottom.cmp(&b.bottom))
            .then(ea.cmp(eb))
    });
    out.into_iter().map(|(l, _)| l).collect()
}

/// Moves the rail dummies to the right end of their layers, innermost rail
/// first, keeping the order of everything else. Returns them for [`place`].
pub fn to_layer_ends(g: &mut Layered, rail: &[bool]) -> Rails {
    let ls = rails(g, rail);
    if ls.is_empty() {
        return Rails::default();
    }
    let mut key: Vec<Option<usize>> = vec![None; g.elems.len()];
    for (k, l) in ls.iter().enumerate() {
        key[l.first] = Some(k);
        key[l.last] = Some(k);
    }
    for layer in g.layers.iter_mut() {
        let mut tail: Vec<usize> = layer
            .iter()
            .copied()
            .filter(|&v| key[v].is_some())
            .collect();
        if tail.is_empty() {
            continue;
        }
        tail.sort_by_key(|&v| key[v]);
        layer.retain(|&v| key[v].is_none());
        layer.extend(tail);
    }
    g.renumber();
    Rails(ls)
}

/// Gives both dummies of each rail edge the x of its rail: right of every
/// other element (centre plus its room) on the ranks from the edge's source
/// to its target, and right of the rails nested inside it.
pub fn place(g: &Layered, x: &mut [f64], rails: &Rails) {
    let ls = &rails.0;
    if ls.is_empty() {
        return;
    }
    let mut is_rail = vec![false; g.elems.len()];
    for l in ls {
        is_rail[l.first] = true;
        is_rail[l.last] = true;
    }
    let mut tree = MaxTree::new(g.layers.len(), f64::NEG_INFINITY);
    for (r, layer) in g.layers.iter().enumerate() {
        let ext = layer
            .iter()
            .filter(|&&v| !is_rail[v])
            .map(|&v| x[v] + g.elems[v].right)
            .fold(f64::NEG_INFINITY, f64::max);
        if ext.is_finite() {
            tree.assign(r, r, ext);
        }
    }
    for l in ls {
        let base = tree.query(l.top, l.bottom);
        let lx = if base.is_finite() {
            base + RAIL_GAP
        } else {
            x[l.first]
        };
        x[l.first] = lx;
        x[l.last] = lx;
        tree.assign(l.top, l.bottom, lx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Dag = Vec<Option<(usize, usize, bool)>>;

    /// A chain 0 → 1 → … → len−1 plus one edge from each of `sources` to the
    /// last node: ranks from longest path.
    fn chain_with_shortcuts(len: usize, sources: &[usize]) -> (Vec<usize>, Dag) {
        let rank: Vec<usize> = (0..len).collect();
        let mut dag: Dag = (0..len - 1).map(|i| Some((i, i + 1, false))).collect();
        for &s in sources {
            dag.push(Some((s, len - 1, false)));
        }
        (rank, dag)
    }

    #[test]
    fn small_graphs_have_no_rails() {
        let (rank, dag) = chain_with_shortcuts(200, &[0, 10, 20]);
        let rail = pick(200, &rank, &dag, &vec![false; dag.len()]);
        assert!(rail.iter().all(|&l| !l));
    }

    #[test]
    fn longest_edges_become_rails_until_the_budget_holds() {
        let len = 20_000;
        let sources: Vec<usize> = (0..40).map(|k| k * 400).collect();
        let (rank, dag) = chain_with_shortcuts(len, &sources);
        let main = vec![false; dag.len()];
        let rail = pick(len, &rank, &dag, &main);
        let span = |e: usize| {
            let (a, b, _) = dag[e].expect("edge");
            rank[b] - rank[a] - 1
        };
        let dummies: usize = (0..dag.len())
            .map(|e| if rail[e] { 2 } else { span(e) })
            .sum();
        let budget = BUDGET_PER_ITEM * (len + dag.len()) + BUDGET_BASE;
        assert!(dummies <= budget, "{dummies} dummies > budget {budget}");
        let chosen: Vec<usize> = (0..dag.len()).filter(|&e| rail[e]).collect();
        assert!(!chosen.is_empty());
        // the chosen ones are the longest: every unchosen edge is no longer
        let shortest_chosen = chosen.iter().map(|&e| span(e)).min().unwrap_or(0);
        assert!((0..dag.len())
            .filter(|&e| !rail[e])
            .all(|e| span(e) <= shortest_chosen));
        // and no more were taken than needed: dropping the last one breaks the budget
        let last = *chosen
            .iter()
            .max_by_key(|&&e| (std::cmp::Reverse(span(e)), e))
            .unwrap_or(&0);
        assert!(dummies - 2 + span(last) > budget);
    }

    #[test]
    fn main_path_never_becomes_a_rail_but_a_long_loop_does() {
        let len = 20_000;
        let (rank, mut dag) = chain_with_shortcuts(len, &[0, 1]);
        let k = dag.len();
        // edge k−2 (from 0) is on the main path, edge k−1 (from 1) a reversed loop
        let mut main = vec![false; k];
        main[k - 2] = true;
        if let Some((a, b, _)) = dag[k - 1] {
            dag[k - 1] = Some((a, b, true));
        }
        let sources: Vec<usize> = (3..60).map(|s| s * 300).collect();
        for &s in &sources {
            dag.push(Some((s, len - 1, false)));
            main.push(false);
        }
        let rail = pick(len, &rank, &dag, &main);
        assert!(!rail[k - 2], "the main path stays in the layers");
        assert!(rail[k - 1], "the longest other edge, a loop, is a rail");
    }
}
