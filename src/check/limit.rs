//! Time along the flow: back edges, per-unit longest start→end sums, and the
//! lint `over-limit`.
//!
//! Loops are excluded by dropping the back edges an iterative depth-first
//! search from `start` finds, taking edges in source order; the rest of what
//! `start` reaches is then acyclic, and the reverse of the search's postorder
//! is a topological order of it. On that order one linear pass per unit
//! computes the largest sum over start→end paths.
//!
//! What a node adds to a path (§8 of the language contract):
//! - a party step (its lead is a party) adds nothing;
//! - a node's own numeric deadline counts once (即时 is 0 in every unit; a
//!   string or an invalid deadline is not summed but still counts as given);
//! - a node without its own deadline inherits its lead post's, counted once
//!   for each maximal run of consecutive nodes led by that post; a node with
//!   its own deadline stays in the run but inherits nothing.
//!
//! Runs make the sum path-dependent, so the pass keeps two states per node:
//! whether the lead post's deadline has already been counted in the run that
//! ends at the node. A run continues over an edge exactly when both ends are
//! led by the same post.

use crate::ast::{self, FieldName, NodeKind, Unit, Value};
use crate::check::decl::Decls;
use crate::diagnostic::messages::{self, LimitKind};
use crate::diagnostic::Diagnostic;
use crate::model::{ActorId, Deadline, Edge, EdgeId, NodeId, Total};

/// The depth-first search from `start`.
#[derive(Debug)]
pub(super) struct Walk {
    /// Per edge: whether it closes a loop.
    pub back: Vec<bool>,
    /// The nodes `start` reaches, in topological order of the forward edges.
    pub topo: Vec<NodeId>,
}

/// Iterative depth-first search from `start`, edges in source order: marks
/// back edges (to a node still on the stack) and orders what it reaches.
pub(super) fn walk(nodes: usize, edges: &[Edge], out: &[Vec<EdgeId>], start: NodeId) -> Walk {
    const WHITE: u8 = 0;
    const GREY: u8 = 1;
    const BLACK: u8 = 2;
    let mut colour = vec![WHITE; nodes];
    let mut back = vec![false; edges.len()];
    let mut post = Vec::new();
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    if let Some(c) = colour.get_mut(start) {
        *c = GREY;
        stack.push((start, 0));
    }
    while let Some(top) = stack.last_mut() {
        let (v, next) = *top;
        match out.get(v).and_then(|list| list.get(next)) {
            Some(&e) => {
                top.1 += 1;
                let Some(w) = edges.get(e).map(|edge| edge.to) else {
                    continue;
                };
                match colour.get(w).copied() {
                    Some(GREY) => {
                        if let Some(b) = back.get_mut(e) {
                            *b = true;
                        }
                    }
                    Some(WHITE) => {
                        colour[w] = GREY;
                        stack.push((w, 0));
                    }
                    _ => {}
                }
            }
            None => {
                stack.pop();
                if let Some(c) = colour.get_mut(v) {
                    *c = BLACK;
                }
                post.push(v);
            }
        }
    }
    post.reverse();
    Walk { back, topo: post }
}

/// What one node adds to a path, in one unit.
#[derive(Debug, Clone, Copy, Default)]
struct Cost {
    /// Its own deadline's amount (0 for a party step).
    own: u64,
    /// The post whose run it belongs to (`None`: led by a party or by no one).
    lead_post: Option<ActorId>,
    /// Whether it inherits its lead post's deadline.
    inherits: bool,
    /// The lead post's amount (counted once per run when `inherits`).
    post: u64,
}

fn amount_in(deadline: Option<&Deadline>, unit: Unit) -> u64 {
    match deadline {
        Some(Deadline::Amount { amount, unit: u }) if *u == unit => *amount,
        _ => 0,
    }
}

fn costs(decls: &Decls<'_>, unit: Unit) -> Vec<Cost> {
    decls
        .nodes
        .iter()
        .zip(&decls.node_info)
        .map(|(node, info)| {
            let lead = node
                .actors
                .first()
                .and_then(|&a| decls.actors.get(a).map(|x| (a, x)));
            match lead {
                Some((_, actor)) if actor.party => Cost::default(),
                Some((a, actor)) => Cost {
                    own: amount_in(node.deadline.as_ref(), unit),
                    lead_post: Some(a),
                    inherits: !info.deadline_given,
                    post: amount_in(actor.deadline.as_ref(), unit),
                },
                None => Cost {
                    own: amount_in(node.deadline.as_ref(), unit),
                    ..Cost::default()
                },
            }
        })
        .collect()
}

/// The longest start→end sum of one unit and a path that takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Longest {
    /// The sum.
    pub amount: u64,
    /// The path's nodes, start first.
    pub path: Vec<NodeId>,
}

/// The largest sum in `unit` over start→end paths without back edges, or
/// `None` when `start` reaches no end. Linear in nodes plus edges.
pub(super) fn longest(
    decls: &Decls<'_>,
    edges: &[Edge],
    out: &[Vec<EdgeId>],
    walk: &Walk,
    start: NodeId,
    unit: Unit,
) -> Option<Longest> {
    let costs = costs(decls, unit);
    let n = decls.nodes.len();
    // best[v][s]: the largest sum of a path start→v whose run at v has
    // (s = 1) or has not (s = 0) counted its post's deadline yet.
    let mut best: Vec<[Option<u64>; 2]> = vec![[None; 2]; n];
    let mut parent: Vec<[Option<(NodeId, usize)>; 2]> = vec![[None; 2]; n];
    let first = costs.get(start).copied()?;
    let s0 = usize::from(first.inherits);
    let add0 = first
        .own
        .saturating_add(if first.inherits { first.post } else { 0 });
    if let Some(slot) = best.get_mut(start) {
        slot[s0] = Some(add0);
    }
    for &v in &walk.topo {
        let Some(states) = best.get(v).copied() else {
            continue;
        };
        let from = costs.get(v).copied().unwrap_or_default();
        for &e in out.get(v).into_iter().flatten() {
            if walk.back.get(e).copied().unwrap_or(true) {
                continue;
            }
            let Some(w) = edges.get(e).map(|edge| edge.to) else {
                continue;
            };
            let to = costs.get(w).copied().unwrap_or_default();
            let same_run = to.lead_post.is_some() && to.lead_post == from.lead_post;
            for (s, value) in states.iter().enumerate() {
                let Some(value) = *value else {
                    continue;
                };
                let counted = same_run && s == 1;
                let post = if to.inherits && !counted { to.post } else { 0 };
                let sum = value.saturating_add(to.own).saturating_add(post);
                let t = usize::from(counted || to.inherits);
                if let (Some(b), Some(p)) = (best.get_mut(w), parent.get_mut(w)) {
                    if b[t].is_none_or(|old| sum > old) {
                        b[t] = Some(sum);
                        p[t] = Some((v, s));
                    }
                }
            }
        }
    }
    // The best end state; ties go to the first end declared.
    let mut top: Option<(u64, NodeId, usize)> = None;
    for (v, node) in decls.nodes.iter().enumerate() {
        if node.kind != NodeKind::End {
            continue;
        }
        for (s, value) in best.get(v).into_iter().flat_map(|b| b.iter().enumerate()) {
            if let Some(value) = *value {
                if top.is_none_or(|(old, _, _)| value > old) {
                    top = Some((value, v, s));
                }
            }
        }
    }
    let (amount, end, state) = top?;
    let mut path = vec![end];
    let mut at = (end, state);
    // Each step goes back one rank in a topological order: at most n steps.
    while let Some(prev) = parent.get(at.0).and_then(|p| p[at.1]) {
        path.push(prev.0);
        at = prev;
        if path.len() > n {
            break;
        }
    }
    path.reverse();
    Some(Longest { amount, path })
}

/// The longest sum of each unit that matters: units some deadline on the way
/// uses, and the units of `limit` and `promise`.
pub(super) fn totals(
    decls: &Decls<'_>,
    edges: &[Edge],
    out: &[Vec<EdgeId>],
    walk: &Walk,
    start: NodeId,
) -> Vec<(Unit, Longest)> {
    let power = decls.model_power.as_ref();
    let named = |d: Option<&Deadline>, u: Unit| matches!(d, Some(Deadline::Amount { unit, .. }) if *unit == u);
    Unit::ALL
        .iter()
        .filter_map(|&unit| {
            let l = longest(decls, edges, out, walk, start, unit)?;
            let wanted = l.amount > 0
                || named(power.and_then(|p| p.limit.as_ref()), unit)
                || named(power.and_then(|p| p.promise.as_ref()), unit);
            wanted.then_some((unit, l))
        })
        .collect()
}

/// The model's per-unit totals.
pub(super) fn model_totals(totals: &[(Unit, Longest)]) -> Vec<Total> {
    totals
        .iter()
        .map(|(unit, l)| Total {
            unit: *unit,
            amount: l.amount,
        })
        .collect()
}

/// The lint `over-limit`: the longest sum in the unit of `limit` exceeds it,
/// or likewise for `promise`. A `即时` limit is exceeded by any positive sum.
/// Text limits are not checked.
pub(super) fn over_limit(
    decls: &Decls<'_>,
    totals: &[(Unit, Longest)],
    diags: &mut Vec<Diagnostic>,
) {
    let Some(power) = decls.power else {
        return;
    };
    for (name, kind) in [
        (FieldName::Limit, LimitKind::Limit),
        (FieldName::Promise, LimitKind::Promise),
    ] {
        let Some(field) = power.fields.iter().find(|f| f.name == name) else {
            continue;
        };
        let Value::Deadline(written) = &field.value else {
            continue;
        };
        let (limit, over) = match &written.value {
            ast::DeadlineValue::Amount(amount, unit) => (
                Deadline::Amount {
                    amount: *amount,
                    unit: *unit,
                },
                totals.iter().find(|(u, l)| u == unit && l.amount > *amount),
            ),
            ast::DeadlineValue::Immediate => (
                Deadline::Immediate,
                totals.iter().find(|(_, l)| l.amount > 0),
            ),
            _ => continue,
        };
        if let Some((unit, l)) = over {
            let names: Vec<&str> = l
                .path
                .iter()
                .filter_map(|&v| decls.nodes.get(v).map(|n| n.id.as_str()))
                .collect();
            diags.push(messages::over_limit(
                kind,
                (l.amount, *unit),
                &limit,
                field.span,
                &names,
            ));
        }
    }
}
