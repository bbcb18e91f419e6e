//! The checker: name resolution, graph checks and lints over petgraph,
//! producing the checked [`Flow`].
//!
//! One function per rule, grouped by what they look at:
//!
//! | module | rules |
//! |---|---|
//! | [`decl`] | `duplicate-post`, `duplicate-node`, `duplicate-field` (a field, an `owner` or a whole `power` header given twice), `bad-deadline`, `unknown-post` |
//! | [`edges`] | `unknown-node`, `label-on-chain` |
//! | [`graph`] | `no-start`, `multiple-start`, `no-end`, `edge-from-end`, `unreachable`, `no-way-out`, `decide-branches`, `unlabeled-branch`, `duplicate-branch`; lint `step-branches` |
//! | [`lints`] | `missing-power`, `missing-post`, `missing-deadline`, `unused-post`, `incomplete-post`, `unmitigated-risk`, `ungraded-risk` |
//! | [`limit`] | lint `over-limit`; back edges and per-unit totals |
//!
//! Every rule runs on every file, so that all errors and warnings of a run are
//! reported together, sorted by source position. Rules fold their follow-on
//! errors (see [`graph`]). Every pass is iterative and near-linear.

mod decl;
mod edges;
mod graph;
mod limit;
mod lints;
mod suggest;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use crate::ast;
use crate::diagnostic::Diagnostic;
use crate::model::{ActorId, Edge, EdgeId, Flow};
use crate::source::Source;

use self::decl::Decls;
use self::edges::{Edges, Endpoint};

/// At most this many further uses of an unknown name are shown beside its error.
const MAX_ALSO: usize = 8;

/// A checked flow (when there is no error) and every diagnostic found.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The flow, `None` when any error was found.
    pub flow: Option<Flow>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks a parsed file: every error and lint of the language contract (§5,
/// §8), and the checked [`Flow`] when there is no error.
pub fn check(file: &ast::File, source: &Source) -> Checked {
    let mut diags = Vec::new();
    let mut suggester = suggest::Suggester::new();
    let decls = decl::declare(file, source, &mut suggester, &mut diags);
    let edges = edges::resolve(file, &decls, &mut suggester, &mut diags);

    let cg = graph::CheckGraph::new(&decls, &edges);
    let terminals = graph::terminals(&decls, &mut diags);
    graph::edge_from_end(&decls, &edges, &mut diags);
    let order = graph::reach(&cg, &terminals);
    if let Some(order) = &order {
        graph::unreachable(&decls, &cg, order, &mut diags);
    }
    graph::no_way_out(&decls, &cg, &terminals, order.as_deref(), &mut diags);
    graph::decisions(&decls, &edges, &cg, &mut diags);
    graph::step_branches(&decls, &cg, &mut diags);

    lints::missing_power(&decls, &mut diags);
    lints::missing_post(&decls, &mut diags);
    lints::missing_deadline(&decls, &mut diags);
    lints::unused_post(&decls, &mut diags);
    lints::incomplete_post(&decls, &mut diags);
    lints::risks(file, &mut diags);

    let (model_edges, out) = model_edges(&decls, &edges);
    let start = terminals.starts.first().copied();
    let walk = start.map(|s| limit::walk(decls.nodes.len(), &model_edges, &out, s));
    let totals = match (start, &walk) {
        (Some(s), Some(w)) => limit::totals(&decls, &model_edges, &out, w, s),
        _ => Vec::new(),
    };
    limit::over_limit(&decls, &totals, &mut diags);

    // Errors and warnings interleaved, in source order (stable: rules that
    // report at one position keep their order).
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    let flow = match (start, walk) {
        (Some(start), Some(walk)) if !diags.iter().any(Diagnostic::is_error) => {
            Some(build(decls, model_edges, &out, walk, start, &totals))
        }
        _ => None,
    };
    Checked {
        flow,
        diagnostics: diags,
    }
}

/// The edges between declared nodes (unknown endpoints dropped), and each
/// node's outgoing edges in source order.
fn model_edges(decls: &Decls<'_>, edges: &Edges<'_>) -> (Vec<Edge>, Vec<Vec<EdgeId>>) {
    let mut list = Vec::with_capacity(edges.edges.len());
    let mut out = vec![Vec::new(); decls.nodes.len()];
    for edge in &edges.edges {
        let (Endpoint::Node(from), Endpoint::Node(to)) = (edge.from, edge.to) else {
            continue;
        };
        if let Some(o) = out.get_mut(from) {
            o.push(list.len());
        }
        list.push(Edge {
            from,
            to,
            label: edge.label.map(|w| w.value.clone()),
            back: false,
            span: edge.span,
        });
    }
    (list, out)
}

/// Assembles the checked flow of an error-free file.
fn build(
    decls: Decls<'_>,
    mut edges: Vec<Edge>,
    out: &[Vec<EdgeId>],
    walk: limit::Walk,
    start: usize,
    totals: &[(ast::Unit, limit::Longest)],
) -> Flow {
    for (edge, back) in edges.iter_mut().zip(&walk.back) {
        edge.back = *back;
    }
    let mut actors = decls.actors;
    let table = table(&decls.nodes, &actors, &edges, out, start);
    for (row, &a) in table.iter().enumerate() {
        if let Some(actor) = actors.get_mut(a) {
            actor.row = Some(row + 1);
        }
    }
    Flow {
        power: decls.model_power,
        actors,
        nodes: decls.nodes,
        edges,
        start,
        table,
        totals: limit::model_totals(totals),
    }
}

/// Rows of the 岗位说明 table: posts (never parties) in the order they first
/// appear along the flow from `start` (breadth-first, edges in source order,
/// a node's actors lead first), then posts no node names, in declaration order.
fn table(
    nodes: &[crate::model::Node],
    actors: &[crate::model::Actor],
    edges: &[Edge],
    out: &[Vec<EdgeId>],
    start: usize,
) -> Vec<ActorId> {
    let mut in_table = vec![false; actors.len()];
    let mut rows = Vec::new();
    let mut add = |a: ActorId, rows: &mut Vec<ActorId>| {
        let is_post = actors.get(a).is_some_and(|x| !x.party);
        if let Some(seen) = in_table.get_mut(a) {
            if is_post && !*seen {
                *seen = true;
                rows.push(a);
            }
        }
    };
    let mut visited = vec![false; nodes.len()];
    let mut queue = VecDeque::new();
    if let Some(v) = visited.get_mut(start) {
        *v = true;
        queue.push_back(start);
    }
    while let Some(v) = queue.pop_front() {
        for &a in nodes.get(v).map_or(&[][..], |n| n.actors.as_slice()) {
            add(a, &mut rows);
        }
        for &e in out.get(v).into_iter().flatten() {
            let Some(w) = edges.get(e).map(|edge| edge.to) else {
                continue;
            };
            if let Some(seen) = visited.get_mut(w) {
                if !*seen {
                    *seen = true;
                    queue.push_back(w);
                }
            }
        }
    }
    for a in 0..actors.len() {
        add(a, &mut rows);
    }
    rows
}
