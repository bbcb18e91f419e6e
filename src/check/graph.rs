//! Graph rules over a petgraph `DiGraph` of the nodes and edges.
//!
//! Rules here: `no-start`, `multiple-start`, `no-end`, `edge-from-end`,
//! `unreachable`, `no-way-out`, `decide-branches`, `unlabeled-branch`,
//! `duplicate-branch`, and the lint `step-branches`.
//!
//! The "check graph" has one vertex per declared node (same index) plus one
//! per unknown edge name without a close match (a wildcard). An unknown name
//! with a close match is read as that node. Wildcards count as reachable and
//! as leading to an end, so that one typo in an edge yields one error, not a
//! cascade of unreachable nodes and dead ends. Every traversal is iterative.

use std::collections::{HashMap, VecDeque};

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{Bfs, NodeFiltered, Reversed, VisitMap};

use crate::ast::NodeKind;
use crate::check::decl::Decls;
use crate::check::edges::{Edges, Endpoint};
use crate::diagnostic::messages;
use crate::diagnostic::Diagnostic;
use crate::model::NodeId;
use crate::source::Span;

/// The nodes and edges as a graph, with unknown names folded in.
#[derive(Debug)]
pub(super) struct CheckGraph {
    /// Vertex `i < nodes` is node `i`; the rest are wildcards. Edge weights
    /// are indices into [`Edges::edges`].
    pub graph: DiGraph<(), usize>,
    /// Number of declared nodes.
    pub nodes: usize,
    /// Per vertex: its outgoing edges (indices into [`Edges::edges`]) in source order.
    pub out: Vec<Vec<usize>>,
    /// Per edge: its (source, target) vertex.
    pub ends: Vec<(usize, usize)>,
    /// Whether some edge leads into a wildcard (its intended target is unknown).
    pub wild_target: bool,
}

impl CheckGraph {
    /// Builds the check graph.
    pub fn new(decls: &Decls<'_>, edges: &Edges<'_>) -> CheckGraph {
        let nodes = decls.nodes.len();
        let mut wild_of = vec![usize::MAX; edges.unknown.len()];
        let mut vertices = nodes;
        for (slot, unknown) in wild_of.iter_mut().zip(&edges.unknown) {
            if unknown.alias.is_none() {
                *slot = vertices;
                vertices += 1;
            }
        }
        let vertex = |e: Endpoint| -> usize {
            match e {
                Endpoint::Node(n) => n,
                Endpoint::Unknown(u) => edges
                    .unknown
                    .get(u)
                    .and_then(|k| k.alias)
                    .unwrap_or_else(|| wild_of.get(u).copied().unwrap_or(usize::MAX)),
            }
        };
        let mut graph = DiGraph::with_capacity(vertices, edges.edges.len());
        for _ in 0..vertices {
            graph.add_node(());
        }
        let mut out = vec![Vec::new(); vertices];
        let mut ends = Vec::with_capacity(edges.edges.len());
        let mut wild_target = false;
        for (i, edge) in edges.edges.iter().enumerate() {
            let (from, to) = (vertex(edge.from), vertex(edge.to));
            ends.push((from, to));
            if from >= vertices || to >= vertices {
                continue;
            }
            wild_target |= to >= nodes;
            graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), i);
            if let Some(list) = out.get_mut(from) {
                list.push(i);
            }
        }
        CheckGraph {
            graph,
            nodes,
            out,
            ends,
            wild_target,
        }
    }

    fn wildcards(&self) -> impl Iterator<Item = usize> {
        self.nodes..self.graph.node_count()
    }

    fn out_degree(&self, v: usize) -> usize {
        self.out.get(v).map_or(0, Vec::len)
    }
}

/// Start and end nodes, in declaration order.
#[derive(Debug, Default)]
pub(super) struct Terminals {
    /// `start` nodes.
    pub starts: Vec<NodeId>,
    /// `end` nodes.
    pub ends: Vec<NodeId>,
}

/// `no-start`, `multiple-start`, `no-end`.
pub(super) fn terminals(decls: &Decls<'_>, diags: &mut Vec<Diagnostic>) -> Terminals {
    let of_kind = |kind: NodeKind| -> Vec<NodeId> {
        (0..decls.nodes.len())
            .filter(|&n| decls.nodes.get(n).is_some_and(|node| node.kind == kind))
            .collect()
    };
    let t = Terminals {
        starts: of_kind(NodeKind::Start),
        ends: of_kind(NodeKind::End),
    };
    let first_node = decls.node_info.first().map(|i| i.id_span);
    let at_top = Span::new(0, 0);
    match t.starts.split_first() {
        None => diags.push(messages::no_start(first_node.unwrap_or(at_top))),
        Some((&first, rest)) => {
            for &extra in rest {
                diags.push(messages::multiple_start(
                    id(decls, extra),
                    id_span(decls, extra),
                    id(decls, first),
                    id_span(decls, first),
                ));
            }
        }
    }
    if t.ends.is_empty() {
        let at = t
            .starts
            .first()
            .map(|&s| id_span(decls, s))
            .or(first_node)
            .unwrap_or(at_top);
        diags.push(messages::no_end(at));
    }
    t
}

/// `edge-from-end`: every edge written out of an `end`.
pub(super) fn edge_from_end(decls: &Decls<'_>, edges: &Edges<'_>, diags: &mut Vec<Diagnostic>) {
    for edge in &edges.edges {
        let Endpoint::Node(from) = edge.from else {
            continue;
        };
        if decls
            .nodes
            .get(from)
            .is_some_and(|n| n.kind == NodeKind::End)
        {
            diags.push(messages::edge_from_end(
                id(decls, from),
                edge.span,
                id_span(decls, from),
            ));
        }
    }
}

/// Breadth-first discovery order of every vertex reachable from the starts
/// and the wildcards (`None`: unreached), or `None` when there is no start.
pub(super) fn reach(cg: &CheckGraph, terminals: &Terminals) -> Option<Vec<Option<usize>>> {
    let (&first, rest) = terminals.starts.split_first()?;
    let mut bfs = Bfs::new(&cg.graph, NodeIndex::new(first));
    for root in rest.iter().copied().chain(cg.wildcards()) {
        if bfs.discovered.visit(NodeIndex::<u32>::new(root)) {
            bfs.stack.push_back(NodeIndex::new(root));
        }
    }
    let mut order = vec![None; cg.graph.node_count()];
    let mut next = 0;
    while let Some(v) = bfs.next(&cg.graph) {
        if let Some(slot) = order.get_mut(v.index()) {
            *slot = Some(next);
            next += 1;
        }
    }
    Some(order)
}

/// `unreachable`: one error per root cause. A node that is unreachable only
/// because an unreachable node before it is, is folded into that node's
/// error; after an edge into an unknown name, unreachable nodes are not
/// reported at all (the unknown name probably meant one of them).
pub(super) fn unreachable(
    decls: &Decls<'_>,
    cg: &CheckGraph,
    order: &[Option<usize>],
    diags: &mut Vec<Diagnostic>,
) {
    if cg.wild_target {
        return;
    }
    let lost = |v: usize| order.get(v).is_some_and(Option::is_none);
    let mut has_lost_pred = vec![false; cg.nodes];
    for &(from, to) in &cg.ends {
        if from < cg.nodes && lost(from) {
            if let Some(flag) = has_lost_pred.get_mut(to) {
                *flag = true;
            }
        }
    }
    let mut marked = vec![false; cg.nodes];
    // Roots first (nothing leads to them), then what is left: unreachable loops.
    let roots =
        (0..cg.nodes).filter(|&v| lost(v) && !has_lost_pred.get(v).copied().unwrap_or(true));
    let loops = (0..cg.nodes).filter(|&v| lost(v));
    let mut queue = VecDeque::new();
    for v in roots.chain(loops) {
        if marked.get(v).copied().unwrap_or(true) {
            continue;
        }
        marked[v] = true;
        queue.push_back(v);
        let mut after = 0;
        while let Some(u) = queue.pop_front() {
            for &e in cg.out.get(u).into_iter().flatten() {
                let Some(&(_, w)) = cg.ends.get(e) else {
                    continue;
                };
                if let Some(m) = marked.get_mut(w) {
                    if !*m && lost(w) {
                        *m = true;
                        after += 1;
                        queue.push_back(w);
                    }
                }
            }
        }
        diags.push(messages::unreachable(
            id(decls, v),
            id_span(decls, v),
            after,
        ));
    }
}

/// `no-way-out`: nodes from which no `end` can be reached, one error per root
/// cause: each dead end, and each loop with no exit. Nodes that merely lead
/// into one of those are folded into its error. Skipped without an `end`; only
/// reachable nodes are judged (unreachable ones have their own error).
pub(super) fn no_way_out(
    decls: &Decls<'_>,
    cg: &CheckGraph,
    terminals: &Terminals,
    order: Option<&[Option<usize>]>,
    diags: &mut Vec<Diagnostic>,
) {
    if terminals.ends.is_empty() {
        return;
    }
    let reversed = Reversed(&cg.graph);
    let mut seeds = terminals.ends.iter().copied().chain(cg.wildcards());
    let Some(first) = seeds.next() else {
        return;
    };
    let mut bfs = Bfs::new(reversed, NodeIndex::new(first));
    for s in seeds {
        if bfs.discovered.visit(NodeIndex::<u32>::new(s)) {
            bfs.stack.push_back(NodeIndex::new(s));
        }
    }
    let mut way_out = vec![false; cg.graph.node_count()];
    while let Some(v) = bfs.next(reversed) {
        if let Some(flag) = way_out.get_mut(v.index()) {
            *flag = true;
        }
    }
    let judged = |v: usize| order.is_none_or(|o| o.get(v).is_some_and(Option::is_some));
    let bad: Vec<bool> = (0..cg.graph.node_count())
        .map(|v| v < cg.nodes && !way_out.get(v).copied().unwrap_or(true) && judged(v))
        .collect();
    if !bad.contains(&true) {
        return;
    }
    let filtered = NodeFiltered::from_fn(&cg.graph, |n: NodeIndex| {
        bad.get(n.index()).copied().unwrap_or(false)
    });
    let sccs = kosaraju_scc(&filtered);
    let mut scc_of = vec![usize::MAX; cg.graph.node_count()];
    for (i, scc) in sccs.iter().enumerate() {
        for v in scc {
            if let Some(slot) = scc_of.get_mut(v.index()) {
                *slot = i;
            }
        }
    }
    // A component is a root cause when no edge leaves it (every successor of
    // a node with no way out has no way out either).
    let mut sink = vec![true; sccs.len()];
    let mut self_loop = vec![false; cg.graph.node_count()];
    for &(from, to) in &cg.ends {
        let (Some(&a), Some(&b)) = (scc_of.get(from), scc_of.get(to)) else {
            continue;
        };
        if a == usize::MAX {
            continue;
        }
        if a != b {
            if let Some(s) = sink.get_mut(a) {
                *s = false;
            }
        } else if from == to {
            if let Some(s) = self_loop.get_mut(from) {
                *s = true;
            }
        }
    }
    let rank = |v: usize| -> (usize, usize) {
        (
            order
                .and_then(|o| o.get(v).copied().flatten())
                .unwrap_or(usize::MAX),
            v,
        )
    };
    let end_name = terminals.ends.first().map(|&e| id(decls, e));
    for (scc, _) in sccs.iter().zip(&sink).filter(|(_, &s)| s) {
        let Some(entry) = scc.iter().map(|n| n.index()).min_by_key(|&v| rank(v)) else {
            continue;
        };
        let is_loop = scc.len() > 1 || self_loop.get(entry).copied().unwrap_or(false);
        if is_loop {
            let cycle = cycle_through(cg, entry, |v| scc_of.get(v) == scc_of.get(entry));
            let names: Vec<&str> = cycle.iter().map(|&v| id(decls, v)).collect();
            diags.push(messages::loop_no_exit(&names, id_span(decls, entry)));
        } else {
            let kind = decls.nodes.get(entry).map(|n| n.kind);
            // A decision with no branch already has `decide-branches`.
            if kind == Some(NodeKind::Decide) && cg.out_degree(entry) == 0 {
                continue;
            }
            diags.push(messages::dead_end(
                id(decls, entry),
                id_span(decls, entry),
                end_name,
            ));
        }
    }
}

/// A shortest cycle from `entry` back to itself inside the component, taking
/// edges in source order: `[entry, …, entry]`.
fn cycle_through(cg: &CheckGraph, entry: usize, inside: impl Fn(usize) -> bool) -> Vec<usize> {
    let mut parent: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([entry]);
    let mut last = None;
    'search: while let Some(u) = queue.pop_front() {
        for &e in cg.out.get(u).into_iter().flatten() {
            let Some(&(_, w)) = cg.ends.get(e) else {
                continue;
            };
            if w == entry {
                last = Some(u);
                break 'search;
            }
            if inside(w) && !parent.contains_key(&w) {
                parent.insert(w, u);
                queue.push_back(w);
            }
        }
    }
    let mut path = vec![entry];
    let mut at = last;
    while let Some(v) = at {
        path.push(v);
        at = if v == entry {
            None
        } else {
            parent.get(&v).copied()
        };
    }
    if path.last() != Some(&entry) {
        path.push(entry);
    }
    path.reverse();
    path
}

/// `decide-branches`, `unlabeled-branch`, `duplicate-branch`.
pub(super) fn decisions(
    decls: &Decls<'_>,
    edges: &Edges<'_>,
    cg: &CheckGraph,
    diags: &mut Vec<Diagnostic>,
) {
    for (d, node) in decls.nodes.iter().enumerate() {
        if node.kind != NodeKind::Decide {
            continue;
        }
        let out = cg.out.get(d).map_or(&[][..], Vec::as_slice);
        if out.len() < 2 {
            diags.push(messages::decide_branches(
                &node.id,
                id_span(decls, d),
                out.len(),
            ));
        }
        let mut labels: HashMap<&str, Span> = HashMap::new();
        for edge in out.iter().filter_map(|&e| edges.edges.get(e)) {
            if edge.label_error {
                continue;
            }
            match edge.label {
                None => diags.push(messages::unlabeled_branch(
                    &node.id,
                    edge.to_name,
                    edge.span,
                )),
                Some(label) => match labels.get(label.value.as_str()) {
                    Some(&first) => diags.push(messages::duplicate_branch(
                        &node.id,
                        &label.value,
                        label.span,
                        first,
                    )),
                    None => {
                        labels.insert(&label.value, label.span);
                    }
                },
            }
        }
    }
}

/// The lint `step-branches`: a step with more than one outgoing edge.
pub(super) fn step_branches(decls: &Decls<'_>, cg: &CheckGraph, diags: &mut Vec<Diagnostic>) {
    for (s, node) in decls.nodes.iter().enumerate() {
        let count = cg.out_degree(s);
        if node.kind == NodeKind::Step && count > 1 {
            diags.push(messages::step_branches(&node.id, id_span(decls, s), count));
        }
    }
}

fn id<'d>(decls: &'d Decls<'_>, n: NodeId) -> &'d str {
    decls.nodes.get(n).map_or("", |node| node.id.as_str())
}

fn id_span(decls: &Decls<'_>, n: NodeId) -> Span {
    decls
        .node_info
        .get(n)
        .map(|i| i.id_span)
        .unwrap_or_default()
}
