//! Layered layout of a checked flow into a [`Diagram`].
//!
//! Small named passes, each establishing one invariant (see each module):
//!
//! | pass | module | invariant |
//! |---|---|---|
//! | size | [`size`] | text fits inside each shape's real outline |
//! | 1 break cycles | [`acyclic`] | reversing the loops leaves a DAG |
//! | 2 rank | [`rank`] | every edge points to a lower rank; least total edge length (network simplex, capped); start on top |
//! | 2b rails | [`rail`] | dummies linear in the graph's size; long edges in outer rails |
//! | 3 chains | [`graph`] | long edges run through one dummy per rank |
//! | 4 order | [`order`] | crossings never above the initial order's |
//! | 3b slots | [`side`] | decision branches and loops leave from the sides |
//! | 5 x | [`position`] | neighbours keep their separation; main path straight |
//! | 6 route | [`route`] | orthogonal edges, ends on outlines, none through nodes |
//! | 7 labels | [`label`] | labels clear of nodes, labels and foreign edges |
//! | 8 bends | [`simplify`] | every interior point is a real bend |
//! | 9 final | here | margins, rounding, size |
//!
//! `Direction::Right` lays out the transposed drawing (sizes swapped) and swaps
//! the axes at the end, so text stays horizontal. Everything is deterministic:
//! no hash-order iteration reaches the output, the PRNG is seeded, sorts are stable.

pub mod acyclic;
pub mod geom;
pub mod graph;
pub mod label;
pub mod order;
pub mod position;
pub mod rail;
pub mod range;
pub mod rank;
pub mod route;
pub mod side;
pub mod simplify;
pub mod size;

use crate::ast::NodeKind;
use crate::diagram::{round2, Diagram, EdgePath, NodeBox, Rect, TextStyle};
use crate::model::Flow;
use crate::text;

use self::graph::{ElemKind, Layered};

/// Which way the main path runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// Top to bottom.
    #[default]
    Down,
    /// Left to right.
    Right,
}

/// Layout options.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutOptions {
    /// Direction of the main path.
    pub direction: Direction,
    /// Gap between neighbouring nodes of one layer, px.
    pub node_gap: f64,
    /// Gap between layers, px (routing channels are added on top when needed).
    pub layer_gap: f64,
    /// Widest a box's text may be before it wraps, px.
    pub max_text_width: f64,
    /// Text sizes.
    pub style: TextStyle,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            direction: Direction::Down,
            node_gap: 40.0,
            layer_gap: 48.0,
            max_text_width: 168.0,
            style: TextStyle::default(),
        }
    }
}

/// Margin around the drawing, px.
const MARGIN: f64 = 20.0;
/// Gap between a node and a dummy column, px.
const NODE_DUMMY_GAP: f64 = 16.0;
/// Gap between two dummy columns, px.
const DUMMY_GAP: f64 = 10.0;

/// Layout-space facts about a node (width/height already swapped for `Right`).
#[derive(Debug, Clone, Copy)]
pub struct NodeInfo {
    /// Shape.
    pub kind: NodeKind,
    /// Width in layout space.
    pub w: f64,
    /// Height in layout space.
    pub h: f64,
    /// Whether it carries risk badges.
    pub badge: bool,
}

/// Layout-space facts about an edge.
#[derive(Debug, Clone, Copy, Default)]
pub struct EdgeInfo {
    /// Label box size in layout space.
    pub label: Option<(f64, f64)>,
    /// The main (first/是) branch of its source.
    pub main: bool,
    /// On the main path from `start`.
    pub main_path: bool,
}

/// Whether a label names the affirmative branch.
fn is_yes(label: &str) -> bool {
    let l = label.trim();
    matches!(l, "是" | "通过" | "同意" | "符合" | "齐全" | "Y" | "y")
        || l.eq_ignore_ascii_case("yes")
}

/// Lays out `flow`.
pub fn layout(flow: &Flow, opts: &LayoutOptions) -> Diagram {
    let style = opts.style;
    let transpose = opts.direction == Direction::Right;
    let n = flow.nodes.len();
    let valid = |e: &crate::model::Edge| e.from < n && e.to < n;

    // ---- edge facts: labels, main branches, main path
    let label_size: Vec<Option<(f64, f64)>> = flow
        .edges
        .iter()
        .map(|e| {
            e.label.as_ref().map(|l| {
                let w = text::width(l, style.label_font_size) + 8.0;
                let h = style.label_font_size * style.line_height + 4.0;
                (w, h)
            })
        })
        .collect();
    let reversed = acyclic::reversed_edges(flow);
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in flow.edges.iter().enumerate() {
        if valid(e) && e.from != e.to && !reversed[i] {
            out_edges[e.from].push(i);
        }
    }
    let mut main = vec![false; flow.edges.len()];
    for outs in &out_edges {
        let pick = outs
            .iter()
            .copied()
            .find(|&i| flow.edges[i].label.as_deref().is_some_and(is_yes))
            .or_else(|| outs.first().copied());
        if let Some(i) = pick {
            main[i] = true;
        }
    }
    let mut main_path = vec![false; flow.edges.len()];
    if flow.start < n {
        let mut seen = vec![false; n];
        let mut v = flow.start;
        seen[v] = true;
        while let Some(&i) = out_edges[v].iter().find(|&&i| main[i]) {
            let w = flow.edges[i].to;
            if seen[w] {
                break;
            }
            main_path[i] = true;
            seen[w] = true;
            v = w;
        }
    }

    // ---- node sizes (labelled exits need room side by side)
    let measured: Vec<size::Measured> = flow
        .nodes
        .iter()
        .enumerate()
        .map(|(v, node)| {
            // Labelled exits sit side by side along the exit side: the width
            // (down) or the height (right) must hold them.
            let labelled: Vec<f64> = out_edges[v]
                .iter()
                .filter_map(|&i| label_size[i].map(|s| if transpose { s.1 } else { s.0 }))
                .collect();
            let k = out_edges[v].len();
            let widest = labelled.iter().copied().fold(0.0, f64::max);
            let room = if labelled.is_empty() || k < 2 {
                0.0
            } else {
                match node.kind {
                    NodeKind::Step => k as f64 * (widest + 10.0) + 24.0,
                    // Ellipse ports spread over 0.6 of the width, the main
                    // one in the centre (see `route::port_range`).
                    NodeKind::Start | NodeKind::End => {
                        let gaps = (k - 1) as f64 * (widest + 10.0);
                        (gaps / 0.3).max(k as f64 * (widest + 10.0) / 0.6)
                    }
                    NodeKind::Decide => 0.0,
                }
            };
            let min_w = if transpose { 0.0 } else { room };
            let mut m = size::measure(flow, node, &style, opts.max_text_width, min_w);
            if transpose {
                m.h = m.h.max(room);
            }
            m
        })
        .collect();
    let swap = |w: f64, h: f64| if transpose { (h, w) } else { (w, h) };
    let nodes: Vec<NodeInfo> = flow
        .nodes
        .iter()
        .zip(&measured)
        .map(|(node, m)| {
            let (w, h) = swap(m.w, m.h);
            NodeInfo {
                kind: node.kind,
                w,
                h,
                badge: !m.risks.is_empty(),
            }
        })
        .collect();
    let edges: Vec<EdgeInfo> = (0..flow.edges.len())
        .map(|i| EdgeInfo {
            label: label_size[i].map(|(w, h)| swap(w, h)),
            main: main[i],
            main_path: main_path[i],
        })
        .collect();

    // ---- rank and chains
    let dag_pairs = acyclic::dag_edges(flow, &reversed);
    let pairs: Vec<(usize, usize)> = dag_pairs
        .iter()
        .flatten()
        .map(|&(a, b, _)| (a, b))
        .collect();
    let start = (flow.start < n).then_some(flow.start);
    let ranks = rank::rank(n, &pairs, start);
    // main edges first in each node's downward list, so the initial order follows them
    let rails = rail::pick(n, &ranks, &dag_pairs, &main_path);
    let mut g = Layered::build_with_rails(n, &ranks, &dag_pairs, &rails);
    prefer_main(&mut g, &edges);
    order::order(&mut g, &start.into_iter().collect::<Vec<_>>());
    let rails = rail::to_layer_ends(&mut g, &rails);

    // ---- side slots, then room for each element
    let self_loops: Vec<(usize, usize)> = flow
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| valid(e) && e.from == e.to)
        .map(|(i, e)| (i, e.from))
        .collect();
    let loop_slot = side::insert(&mut g, &nodes, &edges, &self_loops);
    set_room(&mut g, &nodes, &edges, &loop_slot);

    // ---- x coordinates
    let mut forced_up: Vec<Option<usize>> = vec![None; g.elems.len()];
    for c in g.chains.iter().flatten() {
        if edges[c.edge].main_path {
            for w in c.elems.windows(2) {
                if g.elems[w[0]].rank + 1 == g.elems[w[1]].rank {
                    forced_up[w[1]] = Some(w[0]);
                }
            }
        }
    }
    let node_gap = opts.node_gap;
    let sep = |a: usize, b: usize| -> f64 {
        let (ea, eb) = (&g.elems[a], &g.elems[b]);
        let gap = match (ea.kind, eb.kind) {
            (ElemKind::Node(_), ElemKind::Node(_)) => node_gap,
            (ElemKind::Node(v), ElemKind::Side { owner, .. })
            | (ElemKind::Side { owner, .. }, ElemKind::Node(v))
                if owner == v =>
            {
                0.0
            }
            (ElemKind::Node(_), _) | (_, ElemKind::Node(_)) => NODE_DUMMY_GAP,
            _ => DUMMY_GAP,
        };
        ea.right + gap + eb.left
    };
    let mut x = position::place(&g, &forced_up, &sep);
    rail::place(&g, &mut x, &rails);

    // ---- route, labels, bends
    let routed = route::route(
        &g,
        &x,
        &nodes,
        &edges,
        &loop_slot,
        opts.layer_gap,
        transpose,
    );
    let boxes: Vec<Rect> = (0..n)
        .map(|v| {
            let (cx, cy) = routed.centers[v];
            Rect {
                x: cx - nodes[v].w / 2.0,
                y: cy - nodes[v].h / 2.0,
                w: nodes[v].w,
                h: nodes[v].h,
            }
        })
        .collect();
    let mut points = routed.points;
    for p in points.iter_mut() {
        simplify::simplify(p);
    }
    let label_sizes: Vec<Option<(f64, f64)>> = edges.iter().map(|e| e.label).collect();
    let label_boxes = label::place(&boxes, &points, &routed.labels, &label_sizes);

    // ---- final: transpose back, translate to margins, round
    let tr = |p: [f64; 2]| if transpose { [p[1], p[0]] } else { p };
    let tr_rect = |r: Rect| {
        if transpose {
            Rect {
                x: r.y,
                y: r.x,
                w: r.h,
                h: r.w,
            }
        } else {
            r
        }
    };
    let boxes: Vec<Rect> = boxes.into_iter().map(tr_rect).collect();
    let points: Vec<Vec<[f64; 2]>> = points
        .into_iter()
        .map(|p| p.into_iter().map(tr).collect())
        .collect();
    let label_boxes: Vec<Option<Rect>> = label_boxes.into_iter().map(|r| r.map(tr_rect)).collect();
    let (mut x0, mut y0, mut x1, mut y1) = (
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    );
    let mut grow = |x: f64, y: f64| {
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    };
    for b in boxes.iter().chain(label_boxes.iter().flatten()) {
        grow(b.x, b.y);
        grow(b.x + b.w, b.y + b.h);
    }
    for p in points.iter().flatten() {
        grow(p[0], p[1]);
    }
    if !x0.is_finite() {
        (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
    }
    let dx = MARGIN - x0;
    let dy = MARGIN - y0;
    let node_boxes: Vec<NodeBox> = flow
        .nodes
        .iter()
        .zip(measured)
        .zip(&boxes)
        .map(|((node, m), b)| NodeBox {
            id: node.id.clone(),
            kind: node.kind,
            x: round2(b.x + dx),
            y: round2(b.y + dy),
            w: round2(b.w),
            h: round2(b.h),
            text: node.text.clone(),
            lines: m.lines,
            sub_lines: m.sub_lines,
            party: node.party_step,
            risks: m.risks,
        })
        .collect();
    let edge_paths: Vec<EdgePath> = flow
        .edges
        .iter()
        .enumerate()
        .map(|(i, e)| EdgePath {
            from: flow
                .nodes
                .get(e.from)
                .map(|v| v.id.clone())
                .unwrap_or_default(),
            to: flow
                .nodes
                .get(e.to)
                .map(|v| v.id.clone())
                .unwrap_or_default(),
            label: e.label.clone(),
            points: points[i]
                .iter()
                .map(|p| [round2(p[0] + dx), round2(p[1] + dy)])
                .collect(),
            label_box: label_boxes[i].map(|r| Rect {
                x: round2(r.x + dx),
                y: round2(r.y + dy),
                w: round2(r.w),
                h: round2(r.h),
            }),
            back: e.back,
        })
        .collect();
    Diagram {
        width: round2(x1 - x0 + 2.0 * MARGIN),
        height: round2(y1 - y0 + 2.0 * MARGIN),
        style,
        nodes: node_boxes,
        edges: edge_paths,
    }
}

/// Puts each node's main-branch chain first in its `down` list, so the
/// initial depth-first order follows the main path.
fn prefer_main(g: &mut Layered, edges: &[EdgeInfo]) {
    let mut first: Vec<Option<usize>> = vec![None; g.elems.len()];
    for c in g.chains.iter().flatten() {
        if edges[c.edge].main && !c.reversed && c.elems.len() >= 2 {
            first[c.elems[0]] = Some(c.elems[1]);
        }
    }
    for (v, f) in first.iter().enumerate() {
        if let Some(w) = *f {
            if let Some(p) = g.down[v].iter().position(|&u| u == w) {
                g.down[v][..=p].rotate_right(1);
            }
        }
    }
}

/// Sets the room each element needs left and right of its centre line:
/// nodes their half width (plus a label below a labelled bottom exit), slots
/// the room for their label between node and column.
fn set_room(g: &mut Layered, nodes: &[NodeInfo], edges: &[EdgeInfo], loop_slot: &[Option<usize>]) {
    let n = nodes.len();
    for (el, node) in g.elems.iter_mut().zip(nodes) {
        el.left = node.w / 2.0;
        el.right = node.w / 2.0;
    }
    let chains: Vec<(usize, usize, bool)> = g
        .chains
        .iter()
        .flatten()
        .filter(|c| !c.reversed && c.top == graph::Attach::Vertical)
        .map(|c| (c.elems[0], c.edge, edges[c.edge].main))
        .collect();
    for (a, e, main) in chains {
        if let Some((lw, _)) = edges[e].label {
            let off = route::max_port_offset(
                nodes[a].kind,
                nodes[a].w,
                main && nodes[a].kind == NodeKind::Decide,
            );
            let need = off + 4.0 + lw + 4.0;
            if need > g.elems[a].right {
                g.elems[a].right = need;
            }
        }
    }
    for s in n..g.elems.len() {
        let ElemKind::Side { edge, right, .. } = g.elems[s].kind else {
            continue;
        };
        let lw = edges.get(edge).and_then(|e| e.label).map(|l| l.0);
        let is_loop = loop_slot.get(edge).copied().flatten() == Some(s);
        let (inner, outer) = if is_loop {
            (18.0, lw.map_or(2.0, |w| w + 8.0))
        } else {
            (lw.map_or(side::SLOT_ROOM, |w| w + 10.0), 2.0)
        };
        let el = &mut g.elems[s];
        if right {
            el.left = inner;
            el.right = outer;
        } else {
            el.left = outer;
            el.right = inner;
        }
    }
}
