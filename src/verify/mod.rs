//! The layout verifier: checks the invariants every [`Diagram`] must hold
//! (no overlaps, no edge through a node, edges end on the real outline, labels clear).
//!
//! The rules, in the order their violations are reported:
//!
//! | rule | what is wrong |
//! |---|---|
//! | `non-finite` | a NaN or infinite size, coordinate or label box |
//! | `bad-size` | a drawing, node or label box with a size ≤ 0 |
//! | `duplicate-node` | two nodes with one id |
//! | `unknown-node` | an edge whose `from`/`to` names no node |
//! | `too-few-points` | an edge with fewer than 2 points |
//! | `out-of-bounds` | a node, edge point or label box outside `[0,width]×[0,height]` |
//! | `node-overlap` | two node boxes overlapping by more than 0.5 px on both axes |
//! | `edge-through-node` | a segment crossing the interior (box inset 1 px) of a node that is not its end |
//! | `edge-through-end` | a segment crossing the interior of its own source or target's true shape (inset 2 px) |
//! | `start-off-outline` | the first point is more than 2 px from the source's true outline |
//! | `end-off-outline` | the last point is more than 2 px from the target's true outline |
//! | `non-orthogonal` | a segment neither horizontal nor vertical (both deltas ≥ 0.5 px) |
//! | `label-on-node` | a label box overlapping a node box by more than 0.5 px |
//! | `label-on-label` | two label boxes overlapping by more than 0.5 px |
//! | `label-on-edge` | a segment of another edge crossing a label box (inset 0.5 px) |
//!
//! True outlines: ellipse for start/end, diamond for decide, rectangle for step.
//! Definitions and tolerances are those of `shared/bench/metrics.py`
//! (`node_overlaps`, `edge_through`, `ends_ok`/`starts_ok`, `ortho_pct`,
//! `label_node`/`label_label`/`label_edge`), so the counts agree with the
//! benchmark's. `edge-through-end` and the bounds, finiteness and structure rules
//! are the verifier's own.
//!
//! Candidate pairs come from packed R-trees ([`index::BoxIndex`]), so a
//! 100,000-node diagram verifies in well under a second when it is clean.

mod geom;
mod index;

use std::collections::BTreeMap;
use std::fmt;

use crate::ast::NodeKind;
use crate::diagram::{Diagram, EdgePath};
use crate::verify::geom::{boxes_overlap, dist_to_outline, seg_hits_box, seg_hits_shape, Bbox};
use crate::verify::index::BoxIndex;

/// How far (px) an edge's end may lie from its node's true outline (metrics.py `END_TOL`).
pub const END_TOL: f64 = 2.0;
/// Overlap (px) two boxes may share before it counts (metrics.py `boxes_overlap` tolerance).
pub const OVERLAP_TOL: f64 = 0.5;
/// Inset (px) of a foreign node's box before an edge through it counts.
pub const THROUGH_INSET: f64 = 1.0;
/// Inset (px) of a label box before a foreign edge through it counts.
pub const LABEL_INSET: f64 = 0.5;
/// A segment is orthogonal when its x or its y changes by less than this (px).
pub const ORTHO_TOL: f64 = 0.5;
/// Slack (px) on the drawing bounds: half the rounding unit of [`crate::diagram::round2`].
pub const BOUNDS_TOL: f64 = 0.005;

/// The rule names, in report order.
pub const RULES: [&str; 15] = [
    "non-finite",
    "bad-size",
    "duplicate-node",
    "unknown-node",
    "too-few-points",
    "out-of-bounds",
    "node-overlap",
    "edge-through-node",
    "edge-through-end",
    "start-off-outline",
    "end-off-outline",
    "non-orthogonal",
    "label-on-node",
    "label-on-label",
    "label-on-edge",
];

const NON_FINITE: usize = 0;
const BAD_SIZE: usize = 1;
const DUPLICATE_NODE: usize = 2;
const UNKNOWN_NODE: usize = 3;
const TOO_FEW_POINTS: usize = 4;
const OUT_OF_BOUNDS: usize = 5;
const NODE_OVERLAP: usize = 6;
const EDGE_THROUGH_NODE: usize = 7;
const EDGE_THROUGH_END: usize = 8;
const START_OFF: usize = 9;
const END_OFF: usize = 10;
const NON_ORTHOGONAL: usize = 11;
const LABEL_ON_NODE: usize = 12;
const LABEL_ON_LABEL: usize = 13;
const LABEL_ON_EDGE: usize = 14;

/// One broken invariant.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Which invariant (`node-overlap`, `edge-through-node`, …; see [`RULES`]).
    pub rule: &'static str,
    /// What, in words, with the ids involved.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.detail)
    }
}

/// Verifier options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Stop looking for more violations of a rule once this many were found
    /// (a hopeless diagram, e.g. 100,000 nodes on one spot, would otherwise
    /// produce billions of pairs).
    pub max_per_rule: usize,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            max_per_rule: usize::MAX,
        }
    }
}

/// All broken invariants of `diagram`, in a deterministic order: by rule (see
/// [`RULES`]), then by the positions of the nodes/edges involved.
pub fn verify(diagram: &Diagram) -> Vec<Violation> {
    verify_with(diagram, &VerifyOptions::default())
}

/// [`verify`] with options (a cap on violations per rule).
pub fn verify_with(diagram: &Diagram, opts: &VerifyOptions) -> Vec<Violation> {
    let mut v = Verifier {
        d: diagram,
        found: Vec::new(),
        counts: [0; RULES.len()],
        max: opts.max_per_rule,
    };
    v.run();
    let mut found = v.found;
    found.sort_by_key(|f| (f.0, f.1));
    found.into_iter().map(|(_, _, viol)| viol).collect()
}

/// The running check: the diagram, what was found (with sort keys), per-rule counts.
struct Verifier<'a> {
    d: &'a Diagram,
    found: Vec<(usize, [usize; 3], Violation)>,
    counts: [usize; RULES.len()],
    max: usize,
}

fn finite(vals: &[f64]) -> bool {
    vals.iter().all(|v| v.is_finite())
}

fn edge_name(k: usize, e: &EdgePath) -> String {
    format!("edge {k} ({} -> {})", e.from, e.to)
}

fn fmt_pt(p: [f64; 2]) -> String {
    format!("({}, {})", p[0], p[1])
}

impl<'a> Verifier<'a> {
    fn full(&self, rule: usize) -> bool {
        self.counts[rule] >= self.max
    }

    fn push(&mut self, rule: usize, key: [usize; 3], detail: String) {
        if self.full(rule) {
            return;
        }
        self.counts[rule] += 1;
        self.found.push((
            rule,
            key,
            Violation {
                rule: RULES[rule],
                detail,
            },
        ));
    }

    fn in_bounds(&self, b: Bbox) -> bool {
        b[0] >= -BOUNDS_TOL
            && b[1] >= -BOUNDS_TOL
            && b[2] <= self.d.width + BOUNDS_TOL
            && b[3] <= self.d.height + BOUNDS_TOL
    }

    fn run(&mut self) {
        let d = self.d;
        // ---- the drawing
        if !finite(&[d.width, d.height]) {
            self.push(
                NON_FINITE,
                [0, 0, 0],
                format!("drawing size {} x {}", d.width, d.height),
            );
        } else if d.width <= 0.0 || d.height <= 0.0 {
            self.push(
                BAD_SIZE,
                [0, 0, 0],
                format!("drawing size {} x {}", d.width, d.height),
            );
        }

        // ---- nodes: finiteness, size, ids, bounds
        let mut boxes: Vec<Option<Bbox>> = Vec::with_capacity(d.nodes.len());
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, n) in d.nodes.iter().enumerate() {
            if let Some(&first) = ids.get(n.id.as_str()) {
                self.push(
                    DUPLICATE_NODE,
                    [i, 0, 0],
                    format!("node {} is declared at positions {first} and {i}", n.id),
                );
            } else {
                ids.insert(&n.id, i);
            }
            if !finite(&[n.x, n.y, n.w, n.h]) {
                self.push(
                    NON_FINITE,
                    [1, i, 0],
                    format!("node {}: x={} y={} w={} h={}", n.id, n.x, n.y, n.w, n.h),
                );
                boxes.push(None);
                continue;
            }
            if n.w <= 0.0 || n.h <= 0.0 {
                self.push(
                    BAD_SIZE,
                    [1, i, 0],
                    format!("node {}: w={} h={}", n.id, n.w, n.h),
                );
            }
            if n.w < 0.0 || n.h < 0.0 {
                boxes.push(None);
                continue;
            }
            let b = [n.x, n.y, n.x + n.w, n.y + n.h];
            if !self.in_bounds(b) {
                self.push(
                    OUT_OF_BOUNDS,
                    [0, i, 0],
                    format!(
                        "node {} at [{}, {}, {}, {}] leaves the {} x {} drawing",
                        n.id, b[0], b[1], b[2], b[3], d.width, d.height
                    ),
                );
            }
            boxes.push(Some(b));
        }
        let nodes_idx = BoxIndex::new(
            boxes
                .iter()
                .enumerate()
                .filter_map(|(i, b)| b.map(|b| (i, b)))
                .collect(),
        );
        // Query chunk for long diagonal segments: about one node across.
        let valid: Vec<Bbox> = boxes.iter().flatten().copied().collect();
        let chunk = if valid.is_empty() {
            16.0
        } else {
            let avg = valid
                .iter()
                .map(|b| (b[2] - b[0]) + (b[3] - b[1]))
                .sum::<f64>()
                / (2.0 * valid.len() as f64);
            avg.max(16.0)
        };

        // ---- node–node overlaps
        for (i, b) in boxes.iter().enumerate() {
            let Some(b) = *b else { continue };
            if self.full(NODE_OVERLAP) {
                break;
            }
            let mut hits = Vec::new();
            nodes_idx.query(b, |j| {
                if j > i {
                    if let Some(bj) = boxes[j] {
                        if boxes_overlap(b, bj, OVERLAP_TOL) {
                            hits.push(j);
                        }
                    }
                }
            });
            hits.sort_unstable();
            for j in hits {
                self.push(
                    NODE_OVERLAP,
                    [i, j, 0],
                    format!("nodes {} and {} overlap", d.nodes[i].id, d.nodes[j].id),
                );
            }
        }

        // ---- labels: finiteness, size, bounds; indexed for the label checks
        let mut labels: Vec<Option<Bbox>> = Vec::with_capacity(d.edges.len());
        for (k, e) in d.edges.iter().enumerate() {
            let Some(r) = e.label_box else {
                labels.push(None);
                continue;
            };
            if !finite(&[r.x, r.y, r.w, r.h]) {
                self.push(
                    NON_FINITE,
                    [3, k, 0],
                    format!("label box of {}", edge_name(k, e)),
                );
                labels.push(None);
                continue;
            }
            if r.w <= 0.0 || r.h <= 0.0 {
                self.push(
                    BAD_SIZE,
                    [3, k, 0],
                    format!("label box of {}: w={} h={}", edge_name(k, e), r.w, r.h),
                );
                if r.w < 0.0 || r.h < 0.0 {
                    labels.push(None);
                    continue;
                }
            }
            let b = [r.x, r.y, r.x + r.w, r.y + r.h];
            if !self.in_bounds(b) {
                self.push(
                    OUT_OF_BOUNDS,
                    [2, k, 0],
                    format!("label box of {} leaves the drawing", edge_name(k, e)),
                );
            }
            labels.push(Some(b));
        }
        let labels_idx = BoxIndex::new(
            labels
                .iter()
                .enumerate()
                .filter_map(|(k, b)| b.map(|b| (k, b)))
                .collect(),
        );

        // ---- edges
        for (k, e) in d.edges.iter().enumerate() {
            self.check_edge(k, e, &ids, &boxes, &nodes_idx, &labels_idx, &labels, chunk);
        }

        // ---- labels against nodes and labels
        for (k, b) in labels.iter().enumerate() {
            let Some(b) = *b else { continue };
            let mut on_nodes = Vec::new();
            nodes_idx.query(b, |i| {
                if let Some(bi) = boxes[i] {
                    if boxes_overlap(b, bi, OVERLAP_TOL) {
                        on_nodes.push(i);
                    }
                }
            });
            on_nodes.sort_unstable();
            for i in on_nodes {
                self.push(
                    LABEL_ON_NODE,
                    [k, i, 0],
                    format!(
                        "label of {} overlaps node {}",
                        edge_name(k, &d.edges[k]),
                        d.nodes[i].id
                    ),
                );
            }
            let mut on_labels = Vec::new();
            labels_idx.query(b, |j| {
                if j > k {
                    if let Some(bj) = labels[j] {
                        if boxes_overlap(b, bj, OVERLAP_TOL) {
                            on_labels.push(j);
                        }
                    }
                }
            });
            on_labels.sort_unstable();
            for j in on_labels {
                self.push(
                    LABEL_ON_LABEL,
                    [k, j, 0],
                    format!(
                        "labels of {} and {} overlap",
                        edge_name(k, &d.edges[k]),
                        edge_name(j, &d.edges[j])
                    ),
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check_edge(
        &mut self,
        k: usize,
        e: &EdgePath,
        ids: &BTreeMap<&str, usize>,
        boxes: &[Option<Bbox>],
        nodes_idx: &BoxIndex,
        labels_idx: &BoxIndex,
        labels: &[Option<Bbox>],
        chunk: f64,
    ) {
        let d = self.d;
        let from = ids.get(e.from.as_str()).copied();
        let to = ids.get(e.to.as_str()).copied();
        for (end, id, found) in [(0, &e.from, from), (1, &e.to, to)] {
            if found.is_none() {
                self.push(
                    UNKNOWN_NODE,
                    [k, end, 0],
                    format!("{} names no node {id}", edge_name(k, e)),
                );
            }
        }
        if let Some(p) = e.points.iter().position(|p| !finite(p)) {
            self.push(
                NON_FINITE,
                [2, k, p],
                format!("{} point {p} is {}", edge_name(k, e), fmt_pt(e.points[p])),
            );
            return;
        }
        if e.points.len() < 2 {
            self.push(
                TOO_FEW_POINTS,
                [k, 0, 0],
                format!("{} has {} point(s)", edge_name(k, e), e.points.len()),
            );
            return;
        }
        if let Some(p) = e
            .points
            .iter()
            .position(|p| !self.in_bounds([p[0], p[1], p[0], p[1]]))
        {
            self.push(
                OUT_OF_BOUNDS,
                [1, k, p],
                format!(
                    "{} point {p} {} leaves the {} x {} drawing",
                    edge_name(k, e),
                    fmt_pt(e.points[p]),
                    d.width,
                    d.height
                ),
            );
        }

        // Ends on the true outline.
        let first = e.points[0];
        let last = e.points[e.points.len() - 1];
        let ends = [
            (START_OFF, "starts", from, first),
            (END_OFF, "ends", to, last),
        ];
        for (rule, verb, node, p) in ends {
            let Some(i) = node else { continue };
            let Some(b) = boxes[i] else { continue };
            let kind = d.nodes[i].kind;
            let dist = dist_to_outline(p[0], p[1], b, kind);
            if dist > END_TOL {
                self.push(
                    rule,
                    [k, 0, 0],
                    format!(
                        "{} {verb} at {}, {:.2} px off the outline of {} {}",
                        edge_name(k, e),
                        fmt_pt(p),
                        dist,
                        kind_name(kind),
                        d.nodes[i].id
                    ),
                );
            }
        }

        // Segments: orthogonality, foreign nodes, own ends, foreign labels.
        let own: Vec<usize> = [from, to].into_iter().flatten().collect();
        let mut through: Vec<(usize, usize)> = Vec::new(); // (node, segment)
        let mut through_end: Vec<(usize, usize)> = Vec::new();
        let mut on_labels: Vec<(usize, usize)> = Vec::new(); // (label edge, segment)
        let mut non_ortho: Option<usize> = None;
        for (s, w) in e.points.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            let (dx, dy) = ((b[0] - a[0]).abs(), (b[1] - a[1]).abs());
            if dx == 0.0 && dy == 0.0 {
                continue;
            }
            if dx >= ORTHO_TOL && dy >= ORTHO_TOL && non_ortho.is_none() {
                non_ortho = Some(s);
            }
            for &i in &own {
                if let Some(r) = boxes[i] {
                    if seg_hits_shape(a, b, r, d.nodes[i].kind, END_TOL) {
                        through_end.push((i, s));
                    }
                }
            }
            for q in query_boxes(a, b, chunk) {
                nodes_idx.query(q, |i| {
                    if own.contains(&i) {
                        return;
                    }
                    if let Some(r) = boxes[i] {
                        let inner = [
                            r[0] + THROUGH_INSET,
                            r[1] + THROUGH_INSET,
                            r[2] - THROUGH_INSET,
                            r[3] - THROUGH_INSET,
                        ];
                        if seg_hits_box(a, b, inner) {
                            through.push((i, s));
                        }
                    }
                });
                labels_idx.query(q, |j| {
                    if j == k {
                        return;
                    }
                    if let Some(r) = labels[j] {
                        let inner = [
                            r[0] + LABEL_INSET,
                            r[1] + LABEL_INSET,
                            r[2] - LABEL_INSET,
                            r[3] - LABEL_INSET,
                        ];
                        if seg_hits_box(a, b, inner) {
                            on_labels.push((j, s));
                        }
                    }
                });
            }
        }
        if let Some(s) = non_ortho {
            let (a, b) = (e.points[s], e.points[s + 1]);
            self.push(
                NON_ORTHOGONAL,
                [k, s, 0],
                format!(
                    "{} segment {s} {} -> {} is neither horizontal nor vertical",
                    edge_name(k, e),
                    fmt_pt(a),
                    fmt_pt(b)
                ),
            );
        }
        for (i, s) in first_per_item(through) {
            self.push(
                EDGE_THROUGH_NODE,
                [k, i, 0],
                format!(
                    "{} segment {s} passes through node {}",
                    edge_name(k, e),
                    d.nodes[i].id
                ),
            );
        }
        for (i, s) in first_per_item(through_end) {
            self.push(
                EDGE_THROUGH_END,
                [k, i, 0],
                format!(
                    "{} segment {s} passes through its own end node {}",
                    edge_name(k, e),
                    d.nodes[i].id
                ),
            );
        }
        for (j, s) in first_per_item(on_labels) {
            self.push(
                LABEL_ON_EDGE,
                [j, k, 0],
                format!(
                    "{} segment {s} crosses the label of {}",
                    edge_name(k, e),
                    edge_name(j, &d.edges[j])
                ),
            );
        }
    }
}

/// Sorts `(item, segment)` hits and keeps each item's first segment.
fn first_per_item(mut hits: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    hits.sort_unstable();
    hits.dedup_by_key(|h| h.0);
    hits
}

/// Query boxes covering the segment `a`–`b`: its own box when axis-parallel,
/// else pieces about `chunk` px long (at most 4,096), so a long diagonal does
/// not make every node a candidate.
fn query_boxes(a: [f64; 2], b: [f64; 2], chunk: f64) -> Vec<Bbox> {
    let bbox = |p: [f64; 2], q: [f64; 2]| {
        [
            p[0].min(q[0]),
            p[1].min(q[1]),
            p[0].max(q[0]),
            p[1].max(q[1]),
        ]
    };
    if a[0] == b[0] || a[1] == b[1] {
        return vec![bbox(a, b)];
    }
    let len = (b[0] - a[0]).hypot(b[1] - a[1]);
    let n = ((len / chunk).ceil() as usize).clamp(1, 4096);
    (0..n)
        .map(|i| {
            let t0 = i as f64 / n as f64;
            let t1 = (i + 1) as f64 / n as f64;
            let p = [a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0];
            let q = [a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1];
            bbox(p, q)
        })
        .collect()
}

fn kind_name(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Start => "start",
        NodeKind::End => "end",
        NodeKind::Step => "step",
        NodeKind::Decide => "decide",
    }
}
