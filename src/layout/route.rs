//! Pass 6, orthogonal routing, and the vertical coordinates it needs.
//!
//! Invariants established: every edge is a polyline of horizontal and vertical
//! segments that starts and ends on the true outline of its nodes; vertical
//! segments run only through a node's own column (its ports), dummy columns and
//! side slots, horizontal segments only inside routing channels between ranks
//! (or from a node's side to its own slot), so no edge passes through a node;
//! horizontal segments sharing a channel get distinct tracks wherever their
//! spans overlap (the channel grows to hold them), ordered so that segments
//! going the same way do not cross. A direct edge between adjacent ranks whose
//! end ports can share one x (inside both port ranges, spacing and port
//! order kept) is one straight vertical segment. Where a port range leaves
//! room, no port of a node lies on the x where a foreign edge leaves or
//! enters the other side of the same channel (two edges would run down one
//! x between their tracks); a dummy whose edge turns on both sides steps off
//! such an x too where its layer leaves room. A side exit's label is
//! reserved a place clear of its side's other exits: above the exit where
//! that fits, else beside the edge's own column, with channel room kept.

use crate::ast::NodeKind;
use crate::diagram::Rect;

use super::geom::Shape;
use super::graph::{Attach, Chain, ElemKind, Layered};
use super::range::MaxTree;
use super::size::BADGE;
use super::{EdgeInfo, NodeInfo};

/// Vertical distance between routing tracks, px.
pub const TRACK_SP: f64 = 10.0;
/// Minimum distance between two ports on one side of a box, px.
const PORT_SP: f64 = 10.0;
/// Minimum horizontal distance between two horizontal segments on one track, px.
const TRACK_CLEAR: f64 = 4.0;

/// The routed drawing, in layout space (before the final translation).
#[derive(Debug, Clone, Default)]
pub struct Routed {
    /// Centre of each node.
    pub centers: Vec<(f64, f64)>,
    /// Polyline of each flow edge (empty when it could not be drawn).
    pub points: Vec<Vec<[f64; 2]>>,
    /// Preferred label box of each labelled edge.
    pub labels: Vec<Option<Rect>>,
}

/// Port range on the bottom (or top) of a shape, and whether single edges
/// must use the centre.
fn port_range(s: &Shape, top: bool, badge: bool) -> (f64, f64, bool) {
    match s.kind {
        NodeKind::Step => {
            let m = (s.w / 4.0).min(12.0);
            let lo = s.x0() + m;
            let mut hi = s.x1() - m;
            if top && badge {
                hi = (s.x1() - BADGE - 6.0).max(lo);
            }
            (lo, hi, false)
        }
        NodeKind::Decide => (s.cx - s.w / 4.0, s.cx + s.w / 4.0, true),
        NodeKind::Start | NodeKind::End => (s.cx - 0.3 * s.w, s.cx + 0.3 * s.w, true),
    }
}

/// How far right of the centre a bottom port of this node may lie (for reserving label room).
pub fn max_port_offset(kind: NodeKind, w: f64, main: bool) -> f64 {
    match kind {
        NodeKind::Step => w / 2.0 - (w / 4.0).min(12.0),
        _ if main => 0.0,
        NodeKind::Decide => w / 4.0,
        _ => 0.3 * w,
    }
}

/// Spreads the ports of one side: items are (edge, desired x, main). On a
/// box or ellipse each port goes as near its desired x (the column it heads
/// for; the centre for the main edge) as the range and the spacing `sp` allow,
/// so edges run straight where they can; on diamonds (and where the range is
/// too narrow) the main edge takes the corner and the others are spread evenly
/// on either side.
fn assign_ports(
    s: &Shape,
    items: &mut [(usize, f64, bool)],
    top: bool,
    badge: bool,
    sp: f64,
    out: &mut [f64],
) {
    let (lo, hi, centred) = port_range(s, top, badge);
    if items.is_empty() {
        return;
    }
    if items.len() == 1 {
        let (e, d, main) = items[0];
        out[e] = if main || centred {
            s.cx
        } else {
            d.clamp(lo, hi)
        };
        return;
    }
    let free = s.kind != NodeKind::Decide;
    if free {
        for it in items.iter_mut().filter(|it| it.2) {
            it.1 = s.cx;
        }
    }
    items.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let k = items.len();
    let main_at = items.iter().position(|it| it.2);
    if free && (hi - lo) >= sp * (k - 1) as f64 {
        // The main edge heads for the centre; the rest for their columns.
        let mut p: Vec<f64> = items.iter().map(|it| it.1.clamp(lo, hi)).collect();
        for i in 1..k {
            p[i] = p[i].max(p[i - 1] + sp);
        }
        if p[k - 1] > hi {
            p[k - 1] = hi;
            for i in (0..k - 1).rev() {
                p[i] = p[i].min(p[i + 1] - sp);
            }
        }
        for (it, &x) in items.iter().zip(&p) {
            out[it.0] = x;
        }
    } else if let Some(mi) = main_at {
        let cx = s.cx.clamp(lo, hi);
        out[items[mi].0] = cx;
        let nl = mi;
        for (i, it) in items[..mi].iter().enumerate() {
            out[it.0] = lo + (cx - lo) * i as f64 / nl as f64;
        }
        let nr = k - mi - 1;
        for (i, it) in items[mi + 1..].iter().enumerate() {
            out[it.0] = cx + (hi - cx) * (i + 1) as f64 / nr as f64;
        }
    } else {
        for (i, it) in items.iter().enumerate() {
            out[it.0] = lo + (hi - lo) * (i as f64 + 0.5) / k as f64;
        }
    }
}

/// Whether `v`'s ports on one side may take `x` for edge `e`: inside the port
/// range of a flat or round (not diamond) outline, at least `PORT_SP` from every
/// other port of that side and on the same side of each as before (so no two
/// edges swap and cross).
fn port_free(
    s: &Shape,
    top: bool,
    badge: bool,
    items: &[(usize, f64, bool)],
    ports: &[f64],
    e: usize,
    x: f64,
) -> bool {
    if s.kind == NodeKind::Decide {
        return false;
    }
    let (lo, hi, _) = port_range(s, top, badge);
    if x < lo - 1e-6 || x > hi + 1e-6 {
        return false;
    }
    let old = ports[e];
    items.iter().filter(|it| it.0 != e).all(|it| {
        let p = ports[it.0];
        (p - x).abs() >= PORT_SP - 1e-6 && ((p < old) == (p < x))
    })
}

/// Straightens direct edges between adjacent ranks: when the bottom port of
/// the upper node and the top port of the lower one differ but one x is free
/// on both sides (see [`port_free`]), both ports take it and the edge runs as
/// one vertical segment instead of a Z. Bottom ports of a node with labelled
/// edges stay put (their spacing reserves label room).
#[allow(clippy::too_many_arguments)]
fn align_direct_ports(
    g: &Layered,
    shape: &dyn Fn(usize, f64) -> Shape,
    nodes: &[NodeInfo],
    edges: &[EdgeInfo],
    bottoms: &[Vec<(usize, f64, bool)>],
    tops: &[Vec<(usize, f64, bool)>],
    out_port: &mut [f64],
    in_port: &mut [f64],
) {
    let n = nodes.len();
    for c in g.chains.iter().flatten() {
        if c.elems.len() != 2 || c.top != Attach::Vertical || c.bottom != Attach::Vertical {
            continue;
        }
        let (a, b, e) = (c.elems[0], c.elems[1], c.edge);
        if a >= n || b >= n || (out_port[e] - in_port[e]).abs() < 1e-6 {
            continue;
        }
        let (sa, sb) = (shape(a, 0.0), shape(b, 0.0));
        let labelled = bottoms[a]
            .iter()
            .any(|it| edges.get(it.0).is_some_and(|ed| ed.label.is_some()));
        let (alo, ahi, _) = port_range(&sa, false, nodes[a].badge);
        let (blo, bhi, _) = port_range(&sb, true, nodes[b].badge);
        let mid = (alo.max(blo) + ahi.min(bhi)) / 2.0;
        for x in [out_port[e], in_port[e], mid] {
            let a_ok = (out_port[e] - x).abs() < 1e-6
                || (!labelled
                    && port_free(&sa, false, nodes[a].badge, &bottoms[a], out_port, e, x));
            let b_ok = (in_port[e] - x).abs() < 1e-6
                || port_free(&sb, true, nodes[b].badge, &tops[b], in_port, e, x);
            if a_ok && b_ok {
                out_port[e] = x;
                in_port[e] = x;
                break;
            }
        }
    }
}

/// How far a port keeps from the other end of a foreign edge in its
/// channel, px (half the port spacing: a port steps onto the half grid).
const END_CLEAR: f64 = PORT_SP / 2.0;

/// One segment of a chain between consecutive ranks.
#[derive(Debug, Clone, Copy)]
struct ChannelSeg {
    /// The channel: the rank of its upper end.
    rank: usize,
    /// Its upper end is a node (so `x_top` is a bottom port).
    from_node: bool,
    /// Its lower end is a node (so `x_bot` is a top port).
    to_node: bool,
    /// Where it leaves the rank above: a node's bottom port, else the column.
    x_top: f64,
    /// Where it enters the rank below: a node's top port, else the column.
    x_bot: f64,
}

/// The segments of `c` that cross a channel (side slots on a node's own rank
/// and a rail's jump are not channel segments), top to bottom.
fn channel_segments<'a>(
    g: &'a Layered,
    c: &'a Chain,
    n: usize,
    x: &'a [f64],
    out_port: &'a [f64],
    in_port: &'a [f64],
) -> impl Iterator<Item = ChannelSeg> + 'a {
    c.elems.windows(2).filter_map(move |w| {
        let (a, b) = (w[0], w[1]);
        let rank = g.elems[a].rank;
        (g.elems[b].rank == rank + 1).then(|| ChannelSeg {
            rank,
            from_node: a < n,
            to_node: b < n,
            x_top: if a < n { out_port[c.edge] } else { x[a] },
            x_bot: if b < n { in_port[c.edge] } else { x[b] },
        })
    })
}

/// Keeps the two ends of each channel apart. Where one edge leaves the rank
/// above (a bottom port or a dummy column) at the x where another edge
/// enters the rank below (a top port or a dummy column), the two run on top
/// of each other between their tracks (and touch each other's corners).
/// The ports of the node side involved are restacked past the other edge's
/// x: order kept, `PORT_SP` apart, inside the port range; ports of straight
/// edges stay put, and so do diamonds' ports and bottoms with labels (their
/// spacing reserves label room). Top sides go first, then bottom sides
/// against the moved tops; a side that cannot be restacked is left as it was.
#[allow(clippy::too_many_arguments)]
fn separate_channel_ends(
    g: &Layered,
    shape: &dyn Fn(usize, f64) -> Shape,
    nodes: &[NodeInfo],
    edges: &[EdgeInfo],
    x: &[f64],
    bottoms: &[Vec<(usize, f64, bool)>],
    tops: &[Vec<(usize, f64, bool)>],
    out_port: &mut [f64],
    in_port: &mut [f64],
) {
    let n = nodes.len();
    let ranks = g.layers.len();
    if ranks < 2 {
        return;
    }
    // Per channel, sorted by x: where edges leave the rank above and where
    // they enter the rank below; per edge, whether its segment out of a
    // node's bottom (into a node's top) is straight.
    type Ends = Vec<Vec<(f64, usize)>>;
    let ends = |out_port: &[f64], in_port: &[f64]| -> (Ends, Ends, Vec<[bool; 2]>) {
        let mut leave: Ends = vec![Vec::new(); ranks];
        let mut enter: Ends = vec![Vec::new(); ranks];
        let mut straight = vec![[false; 2]; out_port.len()];
        for c in g.chains.iter().flatten() {
            for sg in channel_segments(g, c, n, x, out_port, in_port) {
                leave[sg.rank].push((sg.x_top, c.edge));
                enter[sg.rank].push((sg.x_bot, c.edge));
                if (sg.x_top - sg.x_bot).abs() < 1e-6 {
                    if let Some(st) = straight.get_mut(c.edge) {
                        // [bottom port straight, top port straight]
                        st[0] |= sg.from_node;
                        st[1] |= sg.to_node;
                    }
                }
            }
        }
        for l in leave.iter_mut().chain(enter.iter_mut()) {
            l.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
        }
        (leave, enter, straight)
    };
    for top_side in [true, false] {
        let (leave, enter, straight) = ends(out_port, in_port);
        for v in 0..n {
            if nodes[v].kind == NodeKind::Decide {
                continue;
            }
            let r = g.elems[v].rank;
            let (items, other) = if top_side {
                if r == 0 {
                    continue;
                }
                (&tops[v], &leave[r - 1])
            } else {
                if r + 1 >= ranks
                    || bottoms[v]
                        .iter()
                        .any(|it| edges.get(it.0).is_some_and(|e| e.label.is_some()))
                {
                    continue;
                }
                (&bottoms[v], &enter[r])
            };
            if items.is_empty() {
                continue;
            }
            let ports: &[f64] = if top_side { in_port } else { out_port };
            let fixed = |e: usize| straight.get(e).is_some_and(|st| st[top_side as usize]);
            let (lo, hi, _) = port_range(&shape(v, 0.0), top_side, nodes[v].badge);
            // foreign ends near the port range, sorted by x
            let mut mine: Vec<usize> = items.iter().map(|it| it.0).collect();
            mine.sort_unstable();
            let from = other.partition_point(|t| t.0 < lo - END_CLEAR);
            let to = other.partition_point(|t| t.0 <= hi + END_CLEAR);
            let foreign: Vec<f64> = other[from..to.max(from)]
                .iter()
                .filter(|t| mine.binary_search(&t.1).is_err())
                .map(|t| t.0)
                .collect();
            if foreign.is_empty() {
                continue;
            }
            let hits = |p: f64| near_any(&foreign, p).is_some();
            if !items.iter().any(|it| !fixed(it.0) && hits(ports[it.0])) {
                continue;
            }
            let mut cur: Vec<(usize, f64, bool)> = items
                .iter()
                .map(|it| (it.0, ports[it.0], fixed(it.0)))
                .collect();
            cur.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
            let fwd = restack(&cur, lo, hi, &foreign);
            let neg = |v: &[(usize, f64, bool)]| -> Vec<(usize, f64, bool)> {
                v.iter().rev().map(|&(e, p, f)| (e, -p, f)).collect()
            };
            let foreign_neg: Vec<f64> = foreign.iter().rev().map(|f| -f).collect();
            let bwd = restack(&neg(&cur), -hi, -lo, &foreign_neg).map(|b| neg(&b));
            // fewest ports on a foreign end, then the least movement
            let cost = |s: &Vec<(usize, f64, bool)>| -> (usize, f64) {
                let on = s.iter().filter(|&&(_, p, fixed)| !fixed && hits(p)).count();
                let moved = s.iter().map(|&(e, p, _)| (p - ports[e]).abs()).sum::<f64>();
                (on, moved)
            };
            let before = cost(&cur).0;
            let best = [fwd, bwd]
                .into_iter()
                .flatten()
                .filter(|s| cost(s).0 < before)
                .min_by(|a, b| {
                    let (ca, cb) = (cost(a), cost(b));
                    ca.0.cmp(&cb.0).then(ca.1.total_cmp(&cb.1))
                });
            if let Some(best) = best {
                let ports: &mut [f64] = if top_side { in_port } else { out_port };
                for (e, p, _) in best {
                    ports[e] = p;
                }
            }
        }
    }
}

/// Least room a shifted dummy keeps from a neighbouring node's room, px.
const DUMMY_NODE_CLEAR: f64 = 10.0;

/// Moves dummies off the other end of foreign edges: where a long edge
/// turns into a dummy's column at the x where another edge leaves the rank
/// above (or turns out of it at the x where another enters the rank below),
/// the two would run on top of each other between their tracks. Such a
/// dummy, when its edge turns on both sides anyway (so no bend is added),
/// moves `END_CLEAR` left or right where that x is free of foreign ends and
/// keeps clear of its layer neighbours. Returns the x of every element to
/// route with (nodes and slots unchanged).
fn shift_dummies(g: &Layered, n: usize, x: &[f64], out_port: &[f64], in_port: &[f64]) -> Vec<f64> {
    use std::collections::BTreeSet;
    let mut xr = x.to_vec();
    let ranks = g.layers.len();
    // (channel, x in 1/64 px, edge) where edges leave the rank above / enter the rank below
    let key = |x: f64| (x * 64.0).round() as i64;
    let mut leave: BTreeSet<(usize, i64, usize)> = BTreeSet::new();
    let mut enter: BTreeSet<(usize, i64, usize)> = BTreeSet::new();
    for c in g.chains.iter().flatten() {
        for sg in channel_segments(g, c, n, x, out_port, in_port) {
            leave.insert((sg.rank, key(sg.x_top), c.edge));
            enter.insert((sg.rank, key(sg.x_bot), c.edge));
        }
    }
    let reach = key(END_CLEAR) - 1;
    let taken = |set: &BTreeSet<(usize, i64, usize)>, r: usize, p: f64, own: usize| {
        let k = key(p);
        set.range((r, k - reach, 0)..=(r, k + reach, usize::MAX))
            .any(|t| t.2 != own)
    };
    for c in g.chains.iter().flatten() {
        let e = c.edge;
        for i in 1..c.elems.len().saturating_sub(1) {
            let (prev, d, next) = (c.elems[i - 1], c.elems[i], c.elems[i + 1]);
            let k = g.elems[d].rank;
            if !matches!(g.elems[d].kind, ElemKind::Dummy(_))
                || k == 0
                || k + 1 >= ranks
                || g.elems[prev].rank + 1 != k
                || g.elems[next].rank != k + 1
            {
                continue;
            }
            let x_in = if prev < n { out_port[e] } else { xr[prev] };
            let x_out = if next < n { in_port[e] } else { xr[next] };
            let at = xr[d];
            if (x_in - at).abs() < 1e-6 || (x_out - at).abs() < 1e-6 {
                continue;
            }
            let crowded = |p: f64| taken(&leave, k - 1, p, e) || taken(&enter, k, p, e);
            if !crowded(at) {
                continue;
            }
            let layer = &g.layers[k];
            let pos = g.pos[d];
            let clear_of = |p: f64, nb: usize| -> bool {
                let el = &g.elems[nb];
                if nb < n {
                    p >= xr[nb] + el.right + DUMMY_NODE_CLEAR
                        || p <= xr[nb] - el.left - DUMMY_NODE_CLEAR
                } else {
                    (p - xr[nb]).abs() >= END_CLEAR - 1e-6
                }
            };
            let fits = |p: f64| {
                [pos.checked_sub(1), Some(pos + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(|q| layer.get(q))
                    .all(|&nb| clear_of(p, nb))
            };
            let Some(to) = [at - END_CLEAR, at + END_CLEAR]
                .into_iter()
                .find(|&p| fits(p) && !crowded(p))
            else {
                continue;
            };
            enter.remove(&(k - 1, key(at), e));
            leave.remove(&(k, key(at), e));
            enter.insert((k - 1, key(to), e));
            leave.insert((k, key(to), e));
            xr[d] = to;
        }
    }
    xr
}

/// The first x of the sorted `xs` closer to `p` than `END_CLEAR`.
fn near_any(xs: &[f64], p: f64) -> Option<f64> {
    let i = xs.partition_point(|&f| f <= p - END_CLEAR + 1e-6);
    xs.get(i).copied().filter(|&f| f < p + END_CLEAR - 1e-6)
}

/// Restacks ports sorted by x (edge, x, fixed) from the left: each movable
/// port at least `PORT_SP` right of the previous one, never left of where it
/// was, and at least `END_CLEAR` from every x in `avoid` (sorted) unless that would
/// pass `hi` (then it keeps the nearest place); fixed ports stay. `None` when
/// a port would pass `hi` anyway or crowd a fixed one.
fn restack(
    cur: &[(usize, f64, bool)],
    lo: f64,
    hi: f64,
    avoid: &[f64],
) -> Option<Vec<(usize, f64, bool)>> {
    let mut out = Vec::with_capacity(cur.len());
    let mut prev = f64::NEG_INFINITY;
    for &(e, x, fixed) in cur {
        if fixed {
            if x < prev + PORT_SP - 1e-6 {
                return None;
            }
            out.push((e, x, true));
            prev = x;
            continue;
        }
        let near = x.max(lo).max(prev + PORT_SP);
        let mut p = near;
        // each step passes one x of `avoid`, so this ends
        for _ in 0..=avoid.len() {
            match near_any(avoid, p) {
                Some(f) => p = f + END_CLEAR,
                None => break,
            }
        }
        if p > hi + 1e-6 {
            p = near;
        }
        if p > hi + 1e-6 {
            return None;
        }
        out.push((e, p, false));
        prev = p;
    }
    Some(out)
}

/// A horizontal run in a channel.
#[derive(Debug, Clone, Copy)]
struct Seg {
    x_top: f64,
    x_bot: f64,
    track: Option<usize>,
}

/// Assigns tracks to the segments `ids` of one channel; returns the number of tracks.
/// Segments going right are stacked with the larger start higher, segments going
/// left with the smaller start higher — that order never crosses two segments of
/// the same direction needlessly. A segment takes the lowest track above every
/// earlier segment whose span overlaps its own (a range-max segment tree).
fn assign_tracks(segs: &mut [Seg], ids: &mut Vec<usize>) -> usize {
    ids.retain(|&i| segs[i].x_top != segs[i].x_bot);
    if ids.is_empty() {
        return 0;
    }
    ids.sort_by(|&a, &b| {
        let (sa, sb) = (&segs[a], &segs[b]);
        let ra = sa.x_top < sa.x_bot;
        let rb = sb.x_top < sb.x_bot;
        rb.cmp(&ra)
            .then_with(|| {
                if ra {
                    sb.x_top.total_cmp(&sa.x_top)
                } else {
                    sa.x_top.total_cmp(&sb.x_top)
                }
            })
            .then_with(|| sa.x_bot.total_cmp(&sb.x_bot))
            .then(a.cmp(&b))
    });
    // coordinate compression of span ends (widened so tracks keep a little clearance)
    let mut coords: Vec<f64> = Vec::with_capacity(ids.len() * 2);
    for &i in ids.iter() {
        let s = &segs[i];
        coords.push(s.x_top.min(s.x_bot) - TRACK_CLEAR);
        coords.push(s.x_top.max(s.x_bot) + TRACK_CLEAR);
    }
    coords.sort_by(f64::total_cmp);
    coords.dedup();
    let m = coords.len();
    let mut tree = MaxTree::new(m, 0usize);
    let mut tracks = 0;
    for &i in ids.iter() {
        let s = &segs[i];
        let lo = s.x_top.min(s.x_bot) - TRACK_CLEAR;
        let hi = s.x_top.max(s.x_bot) + TRACK_CLEAR;
        let l = coords.partition_point(|&c| c < lo);
        let r = coords.partition_point(|&c| c <= hi).saturating_sub(1);
        let t = tree.query(l, r);
        segs[i].track = Some(t);
        tree.assign(l, r, t + 1);
        tracks = tracks.max(t + 1);
    }
    tracks
}

/// Routes every edge and fixes the vertical coordinates.
pub fn route(
    g: &Layered,
    x: &[f64],
    nodes: &[NodeInfo],
    edges: &[EdgeInfo],
    loop_slot: &[Option<usize>],
    layer_gap: f64,
    transposed: bool,
) -> Routed {
    let n = nodes.len();
    let ne = edges.len();
    let ranks = g.layers.len();
    // Provisional shapes (y comes later) for port computation.
    let shape = |v: usize, cy: f64| Shape {
        kind: nodes[v].kind,
        cx: x[v],
        cy,
        w: nodes[v].w,
        h: nodes[v].h,
    };

    // ---- ports on the top and bottom of nodes
    let mut count_bottom = vec![0usize; n];
    let mut count_top = vec![0usize; n];
    for c in g.chains.iter().flatten() {
        if c.top == Attach::Vertical {
            count_bottom[c.elems[0]] += 1;
        }
        if c.bottom == Attach::Vertical {
            count_top[c.elems[c.elems.len() - 1]] += 1;
        }
    }
    let mut bottoms: Vec<Vec<(usize, f64, bool)>> = vec![Vec::new(); n];
    let mut tops: Vec<Vec<(usize, f64, bool)>> = vec![Vec::new(); n];
    for c in g.chains.iter().flatten() {
        let m = c.elems.len();
        let e = c.edge;
        if c.top == Attach::Vertical {
            let (a, b) = (c.elems[0], c.elems[1]);
            let single =
                b < n && c.bottom == Attach::Vertical && count_top[b] == 1 && count_bottom[a] == 1;
            let d = if single { (x[a] + x[b]) / 2.0 } else { x[b] };
            let main = (edges[e].main && nodes[a].kind == NodeKind::Decide) || edges[e].main_path;
            bottoms[a].push((e, d, main));
        }
        if c.bottom == Attach::Vertical {
            let (a, b) = (c.elems[m - 2], c.elems[m - 1]);
            let single =
                a < n && c.top == Attach::Vertical && count_bottom[a] == 1 && count_top[b] == 1;
            let d = if single { (x[a] + x[b]) / 2.0 } else { x[a] };
            tops[b].push((e, d, edges[e].main_path));
        }
    }
    let mut out_port = vec![0.0f64; ne];
    let mut in_port = vec![0.0f64; ne];
    for v in 0..n {
        let s = shape(v, 0.0);
        let widest = bottoms[v]
            .iter()
            .filter_map(|it| edges[it.0].label.map(|l| l.0))
            .fold(0.0, f64::max);
        let sp = if widest > 0.0 { widest + 10.0 } else { PORT_SP };
        assign_ports(
            &s,
            &mut bottoms[v],
            false,
            nodes[v].badge,
            sp,
            &mut out_port,
        );
        assign_ports(
            &s,
            &mut tops[v],
            true,
            nodes[v].badge,
            PORT_SP,
            &mut in_port,
        );
    }
    align_direct_ports(
        g,
        &shape,
        nodes,
        edges,
        &bottoms,
        &tops,
        &mut out_port,
        &mut in_port,
    );
    separate_channel_ends(
        g,
        &shape,
        nodes,
        edges,
        x,
        &bottoms,
        &tops,
        &mut out_port,
        &mut in_port,
    );
    // From here on dummies may sit a little off their column (see `shift_dummies`).
    let x_route = shift_dummies(g, n, x, &out_port, &in_port);
    let x: &[f64] = &x_route;

    // ---- side slot offsets (relative to the owner's centre)
    let mut slot_off = vec![0.0f64; g.elems.len()];
    let mut slot_off2 = vec![0.0f64; g.elems.len()];
    // the slots of each node side, and the side of each slot
    let mut side_slots: Vec<Vec<usize>> = Vec::new();
    let mut side_of = vec![usize::MAX; g.elems.len()];
    for layer in &g.layers {
        for (p, &v) in layer.iter().enumerate() {
            if v >= n {
                continue;
            }
            for right in [false, true] {
                let mut near: Vec<usize> = Vec::new();
                let mut q = p as i64;
                loop {
                    q += if right { 1 } else { -1 };
                    if q < 0 || q as usize >= layer.len() {
                        break;
                    }
                    let s = layer[q as usize];
                    match g.elems[s].kind {
                        ElemKind::Side {
                            owner, right: r, ..
                        } if owner == v && r == right => near.push(s),
                        _ => break,
                    }
                }
                if near.is_empty() {
                    continue;
                }
                for &s in &near {
                    side_of[s] = side_slots.len();
                }
                side_slots.push(near.clone());
                // top to bottom: up-goers nearest first, loops (two slots),
                // down-goers farthest first (transposed: loops after them)
                let mut ups = Vec::new();
                let mut loops = Vec::new();
                let mut downs = Vec::new();
                let mut labelled = false;
                for &s in &near {
                    let ElemKind::Side { edge, .. } = g.elems[s].kind else {
                        continue;
                    };
                    labelled |= edges.get(edge).is_some_and(|e| e.label.is_some());
                    if loop_slot.get(edge).copied().flatten() == Some(s) {
                        loops.push(s);
                    } else if g
                        .chains
                        .get(edge)
                        .and_then(|c| c.as_ref())
                        .is_some_and(|c| c.elems.get(1) == Some(&s))
                    {
                        downs.push(s);
                    } else {
                        ups.push(s);
                    }
                }
                downs.reverse();
                let k = ups.len() + 2 * loops.len() + downs.len();
                let mut sp = if labelled { 24.0 } else { 14.0 };
                if k > 1 {
                    sp = f64::min(sp, 0.8 * nodes[v].h / (k - 1) as f64);
                }
                let off = |i: usize| (i as f64 - (k - 1) as f64 / 2.0) * sp;
                // (slot, is a loop) top to bottom. Transposed, loops go
                // last, the nearest lowest, so each loop's label (below it,
                // beyond its column) meets no farther slot's exit.
                let mut seq: Vec<(usize, bool)> = ups.iter().map(|&s| (s, false)).collect();
                let downs_seq = downs.iter().map(|&s| (s, false));
                if transposed {
                    seq.extend(downs_seq);
                    seq.extend(loops.iter().rev().map(|&s| (s, true)));
                } else {
                    seq.extend(loops.iter().map(|&s| (s, true)));
                    seq.extend(downs_seq);
                }
                let mut i = 0;
                for (s, is_loop) in seq {
                    if is_loop {
                        slot_off2[s] = off(i); // entry (upper)
                        slot_off[s] = off(i + 1); // exit (lower)
                        i += 2;
                    } else {
                        slot_off[s] = off(i);
                        i += 1;
                    }
                }
            }
        }
    }

    // ---- channel segments and tracks
    let mut segs: Vec<Seg> = Vec::new();
    let mut chain_segs: Vec<Vec<(usize, usize)>> = vec![Vec::new(); g.chains.len()]; // (seg, rank of upper)
    let mut per_channel: Vec<Vec<usize>> = vec![Vec::new(); ranks];
    for (ci, c) in g.chains.iter().enumerate() {
        let Some(c) = c else { continue };
        for sg in channel_segments(g, c, n, x, &out_port, &in_port) {
            segs.push(Seg {
                x_top: sg.x_top,
                x_bot: sg.x_bot,
                track: None,
            });
            per_channel[sg.rank].push(segs.len() - 1);
            chain_segs[ci].push((segs.len() - 1, sg.rank));
        }
    }
    let mut tracks = vec![0usize; ranks];
    for r in 0..ranks {
        let mut ids = std::mem::take(&mut per_channel[r]);
        tracks[r] = assign_tracks(&mut segs, &mut ids);
    }

    // ---- vertical coordinates
    let mut band = vec![0.0f64; ranks];
    for (r, layer) in g.layers.iter().enumerate() {
        for &v in layer {
            if v < n {
                band[r] = band[r].max(nodes[v].h);
            }
        }
    }
    let mut zone = vec![0.0f64; ranks];
    for c in g.chains.iter().flatten() {
        let e = c.edge;
        if c.reversed || c.top != Attach::Vertical {
            continue;
        }
        let Some((_, lh)) = edges[e].label else {
            continue;
        };
        let a = c.elems[0];
        let r = g.elems[a].rank;
        let s = shape(a, band[r] / 2.0);
        // below the bounding box, not the outline at the port: off-centre
        // ports on ellipses and diamonds sit above the box's bottom
        let bottom = s.y1() + 3.0 + lh + 4.0;
        zone[r] = zone[r].max(bottom - band[r]);
    }
    // A side label sits above its exit, next to the node, where that fits:
    // inside the band and clear of the side's other exits (any of them
    // crosses the room beside the node). Otherwise, and always when
    // transposed (`Direction::Right`: the label's long side runs along the
    // rank axis), it runs beside its own column on the node's side of it, in
    // the room `set_room` keeps there, which no other column and no exit of
    // a slot nearer the node reaches; away from the band's centre the way the
    // column goes: an up-goer's label above its exit, a down-goer's below.
    // The slot order (up-goers nearest first, down-goers farthest first)
    // leaves no exit of a farther slot across either. Transposed, a loop's
    // label runs beyond its column from its entry down (loops come last on
    // their side). The part outside the band gets room in the channel above
    // (its bottom, `zone_up`) or below (its top, `zone`).
    // every exit's offset on each node side, sorted
    let side_ys: Vec<Vec<f64>> = side_slots
        .iter()
        .map(|group| {
            let mut ys: Vec<f64> = Vec::with_capacity(group.len());
            for &o in group {
                ys.push(slot_off[o]);
                if let ElemKind::Side { edge, .. } = g.elems[o].kind {
                    if loop_slot.get(edge).copied().flatten() == Some(o) {
                        ys.push(slot_off2[o]);
                    }
                }
            }
            ys.sort_by(f64::total_cmp);
            ys
        })
        .collect();
    let fits_above = |s: usize, lh: f64| -> bool {
        let r = g.elems[s].rank;
        let off = slot_off[s];
        let top = off - 2.0 - lh;
        // no other exit in [top - 1, off - 1)
        top >= -band[r] / 2.0
            && side_ys.get(side_of[s]).is_none_or(|ys| {
                let i = ys.partition_point(|&y| y < top - 1.0);
                ys.get(i).is_none_or(|&y| y >= off - 1.0)
            })
    };
    let mut at_column = vec![false; ne];
    let mut zone_up = vec![0.0f64; ranks];
    for (e, v, s, up) in side_label_ends(g, n) {
        let Some((_, lh)) = edges[e].label else {
            continue;
        };
        if !transposed && fits_above(s, lh) {
            continue;
        }
        at_column[e] = true;
        let r = g.elems[v].rank;
        let rel = band[r] / 2.0 + slot_off[s];
        if up {
            if r > 0 {
                zone_up[r - 1] = zone_up[r - 1].max(lh + 3.0 + 4.0 - rel);
            }
        } else {
            zone[r] = zone[r].max(rel + 3.0 + lh + 4.0 - band[r]);
        }
    }
    if transposed {
        for (e, slot) in loop_slot.iter().enumerate() {
            let (Some(s), Some((_, lh))) = (*slot, edges[e].label) else {
                continue;
            };
            let r = g.elems[s].rank;
            let rel = band[r] / 2.0 + slot_off2[s];
            zone[r] = zone[r].max(rel + lh + 4.0 - band[r]);
        }
    }
    let mut chan = vec![0.0f64; ranks];
    let mut top = vec![0.0f64; ranks];
    let mut y = 0.0;
    for r in 0..ranks {
        top[r] = y;
        chan[r] = layer_gap.max(zone[r] + zone_up[r] + (tracks[r] + 1) as f64 * TRACK_SP);
        y += band[r] + chan[r];
    }
    let track_y = |r: usize, t: usize| -> f64 {
        let sp = (chan[r] - zone[r] - zone_up[r]) / (tracks[r] + 1) as f64;
        top[r] + band[r] + zone[r] + (t + 1) as f64 * sp
    };
    let centers: Vec<(f64, f64)> = (0..n)
        .map(|v| (x[v], top[g.elems[v].rank] + band[g.elems[v].rank] / 2.0))
        .collect();
    let real = |v: usize| shape(v, centers[v].1);

    // ---- polylines
    let side_label = |e: usize, s: usize, sh: &Shape, right: bool, sy: f64, up: bool| {
        let (lw, lh) = edges[e].label.unwrap_or_default();
        if at_column[e] {
            Rect {
                x: if right { x[s] - 4.0 - lw } else { x[s] + 4.0 },
                y: if up { sy - 3.0 - lh } else { sy + 3.0 },
                w: lw,
                h: lh,
            }
        } else {
            side_label(sh, right, sy, lw, lh)
        }
    };
    let mut points: Vec<Vec<[f64; 2]>> = vec![Vec::new(); ne];
    let mut labels: Vec<Option<Rect>> = vec![None; ne];
    for (ci, c) in g.chains.iter().enumerate() {
        let Some(c) = c else { continue };
        let e = c.edge;
        let m = c.elems.len();
        let (a, b) = (c.elems[0], c.elems[m - 1]);
        let (sa, sb) = (real(a), real(b));
        let mut pts: Vec<[f64; 2]> = Vec::new();
        let mut label: Option<Rect> = None;
        let lab = edges[e].label;
        if c.top == Attach::Vertical {
            let px = out_port[e];
            let py = sa.bottom_at(px);
            pts.push([px, py]);
            if let (Some((lw, lh)), false) = (lab, c.reversed) {
                label = Some(Rect {
                    x: px + 4.0,
                    y: py.max(sa.y1()) + 3.0,
                    w: lw,
                    h: lh,
                });
            }
        } else {
            let s = c.elems[1];
            let right = matches!(g.elems[s].kind, ElemKind::Side { right: true, .. });
            let sy = sa.cy + slot_off[s];
            let sx = sa.side_at(sy, right);
            pts.push([sx, sy]);
            pts.push([x[s], sy]);
            if let (Some(_), false) = (lab, c.reversed) {
                label = Some(side_label(e, s, &sa, right, sy, false));
            }
        }
        for &(si, r) in &chain_segs[ci] {
            let sg = segs[si];
            if let Some(t) = sg.track {
                let ty = track_y(r, t);
                pts.push([sg.x_top, ty]);
                pts.push([sg.x_bot, ty]);
            }
        }
        if c.bottom == Attach::Vertical {
            let px = in_port[e];
            pts.push([px, sb.top_at(px)]);
        } else {
            let s = c.elems[m - 2];
            let right = matches!(g.elems[s].kind, ElemKind::Side { right: true, .. });
            let sy = sb.cy + slot_off[s];
            pts.push([x[s], sy]);
            pts.push([sb.side_at(sy, right), sy]);
            if let (Some(_), true) = (lab, c.reversed) {
                label = Some(side_label(e, s, &sb, right, sy, true));
            }
        }
        if c.reversed {
            pts.reverse();
        }
        points[e] = pts;
        labels[e] = label;
    }
    // self-loops
    for (e, slot) in loop_slot.iter().enumerate() {
        let Some(s) = *slot else { continue };
        let ElemKind::Side { owner, right, .. } = g.elems[s].kind else {
            continue;
        };
        let sh = real(owner);
        let y_out = sh.cy + slot_off[s];
        let y_in = sh.cy + slot_off2[s];
        let sx = x[s];
        points[e] = vec![
            [sh.side_at(y_out, right), y_out],
            [sx, y_out],
            [sx, y_in],
            [sh.side_at(y_in, right), y_in],
        ];
        if let Some((lw, lh)) = edges[e].label {
            let lx = if right { sx + 4.0 } else { sx - 4.0 - lw };
            // transposed: from the entry down (see the slot order)
            let ly = if transposed {
                y_in
            } else {
                (y_out + y_in) / 2.0 - lh / 2.0
            };
            labels[e] = Some(Rect {
                x: lx,
                y: ly,
                w: lw,
                h: lh,
            });
        }
    }
    Routed {
        centers,
        points,
        labels,
    }
}

/// The side ends of chains that carry the edge's label: (edge, node, slot,
/// whether the edge goes up from it). A reversed chain's label belongs to
/// its source, the bottom end; any other chain's to its top end.
fn side_label_ends(g: &Layered, n: usize) -> Vec<(usize, usize, usize, bool)> {
    let mut out = Vec::new();
    for c in g.chains.iter().flatten() {
        let m = c.elems.len();
        if m < 2 {
            continue;
        }
        let end = if c.reversed {
            (c.bottom == Attach::Side).then(|| (c.elems[m - 1], c.elems[m - 2], true))
        } else {
            (c.top == Attach::Side).then(|| (c.elems[0], c.elems[1], false))
        };
        if let Some((v, s, up)) = end {
            if v < n {
                out.push((c.edge, v, s, up));
            }
        }
    }
    out
}

/// Label box above a horizontal side exit, next to the node.
fn side_label(s: &Shape, right: bool, sy: f64, lw: f64, lh: f64) -> Rect {
    let y = sy - lh - 2.0;
    if right {
        Rect {
            x: s.side_at(sy, true).max(s.x1()) + 3.0,
            y,
            w: lw,
            h: lh,
        }
    } else {
        Rect {
            x: s.side_at(sy, false).min(s.x0()) - 3.0 - lw,
            y,
            w: lw,
            h: lh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_get_distinct_tracks() {
        let mut segs = vec![
            Seg {
                x_top: 0.0,
                x_bot: 100.0,
                track: None,
            },
            Seg {
                x_top: 50.0,
                x_bot: 150.0,
                track: None,
            },
            Seg {
                x_top: 300.0,
                x_bot: 200.0,
                track: None,
            },
            Seg {
                x_top: 10.0,
                x_bot: 10.0,
                track: None,
            },
        ];
        let mut ids = vec![0, 1, 2, 3];
        let t = assign_tracks(&mut segs, &mut ids);
        assert_eq!(t, 2);
        assert_ne!(segs[0].track, segs[1].track);
        // right-going: larger start is higher (smaller track)
        assert!(segs[1].track < segs[0].track);
        assert_eq!(segs[2].track, Some(0));
        assert_eq!(segs[3].track, None);
    }

    #[test]
    fn port_free_keeps_range_spacing_and_order() {
        let step = Shape {
            kind: NodeKind::Step,
            cx: 100.0,
            cy: 0.0,
            w: 120.0,
            h: 40.0,
        };
        // edges 0 and 1 on the top at 80 and 120
        let items = [(0, 80.0, false), (1, 120.0, false)];
        let ports = [80.0, 120.0];
        assert!(port_free(&step, true, false, &items, &ports, 0, 95.0));
        // too near the other port
        assert!(!port_free(&step, true, false, &items, &ports, 0, 115.0));
        // would pass the other port (the two edges would cross)
        assert!(!port_free(&step, true, false, &items, &ports, 0, 140.0));
        // outside the port range (12 px margin)
        assert!(!port_free(
            &step,
            true,
            false,
            &[(0, 80.0, false)],
            &ports,
            0,
            45.0
        ));
        let diamond = Shape {
            kind: NodeKind::Decide,
            ..step
        };
        assert!(!port_free(
            &diamond,
            true,
            false,
            &[(0, 80.0, false)],
            &ports,
            0,
            95.0
        ));
    }

    #[test]
    fn restack_steps_past_foreign_ends_and_keeps_spacing() {
        // ports at 100, 110 and a fixed one at 150; foreign ends at 100 and 110
        let cur = [(0, 100.0, false), (1, 110.0, false), (2, 150.0, true)];
        let got = restack(&cur, 100.0, 170.0, &[100.0, 110.0]).expect("room");
        let xs: Vec<f64> = got.iter().map(|p| p.1).collect();
        assert_eq!(xs, vec![105.0, 115.0, 150.0]);
        // no room before the fixed port: refused
        let tight = [(0, 100.0, false), (1, 110.0, false), (2, 120.0, true)];
        assert!(restack(&tight, 100.0, 170.0, &[100.0]).is_none());
        // stepping past a foreign end would leave the range: the port stays on it
        let edge = [(0, 160.0, false)];
        let got = restack(&edge, 100.0, 160.0, &[160.0]).expect("in range");
        assert_eq!(got[0].1, 160.0);
    }
}
