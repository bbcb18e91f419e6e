//! Pass 7, edge labels.
//!
//! Invariant established: each label box is placed beside its edge near the
//! source exit; every preferred place (room reserved by earlier passes) that
//! is free is taken first, so no fallback takes another edge's reserved room;
//! where the preferred place would touch a node, another label or a foreign
//! edge, the next free candidate along the edge's first segments (start,
//! middle and quarter points, room measured along the segment) is taken. A
//! uniform grid keeps the checks near-constant per label.

use std::collections::{BTreeSet, HashMap};

use crate::diagram::Rect;

/// Grid cell size, px.
const CELL: f64 = 64.0;

/// What a grid cell can hold.
#[derive(Debug, Clone, Copy)]
enum Item {
    Node(usize),
    Seg(usize, [f64; 4]),
    Label(usize),
}

/// A spatial index of node boxes, edge segments and placed labels, holding
/// only the cells some label candidate touches (so a long edge costs the few
/// cells near labels, not its whole length).
struct Grid {
    cells: HashMap<(i64, i64), Vec<Item>>,
    wanted: BTreeSet<(i64, i64)>,
}

fn cell_range(lo: f64, hi: f64) -> std::ops::RangeInclusive<i64> {
    ((lo / CELL).floor() as i64)..=((hi / CELL).floor() as i64)
}

impl Grid {
    fn add(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, it: Item) {
        let cy = cell_range(y0, y1);
        let mut hits = Vec::new();
        for i in cell_range(x0, x1) {
            hits.extend(
                self.wanted
                    .range((i, *cy.start())..=(i, *cy.end()))
                    .copied(),
            );
            if hits.len() > 100_000 {
                break;
            }
        }
        for key in hits {
            self.cells.entry(key).or_default().push(it);
        }
    }

    /// Marks the cells of `r` as wanted.
    fn want(&mut self, r: &Rect) {
        for i in cell_range(r.x, r.x + r.w) {
            for j in cell_range(r.y, r.y + r.h) {
                self.wanted.insert((i, j));
            }
        }
    }
}

/// Whether segment a–b passes through the open box (shrunk by `inset`).
fn seg_hits(s: &[f64; 4], r: &Rect, inset: f64) -> bool {
    let (x0, y0, x1, y1) = (
        r.x + inset,
        r.y + inset,
        r.x + r.w - inset,
        r.y + r.h - inset,
    );
    let (ax, ay, bx, by) = (s[0], s[1], s[2], s[3]);
    if ax.max(bx) <= x0 || ax.min(bx) >= x1 || ay.max(by) <= y0 || ay.min(by) >= y1 {
        return false;
    }
    if ax == bx || ay == by {
        return true;
    }
    // Liang–Barsky for slanted segments (not produced by the router, kept for safety).
    let (dx, dy) = (bx - ax, by - ay);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t1 - t0 > 1e-9
}

/// Places the labels. `boxes` are node bounding boxes, `points` the edge
/// polylines, `preferred` the reserved place per labelled edge, `size` the
/// label sizes. Returns the final boxes.
pub fn place(
    boxes: &[Rect],
    points: &[Vec<[f64; 2]>],
    preferred: &[Option<Rect>],
    size: &[Option<(f64, f64)>],
) -> Vec<Option<Rect>> {
    let mut grid = Grid {
        cells: HashMap::new(),
        wanted: BTreeSet::new(),
    };
    let all: Vec<Vec<Rect>> = (0..points.len())
        .map(|e| candidates(e, points, preferred, size))
        .collect();
    for r in all.iter().flatten() {
        grid.want(r);
    }
    for (i, b) in boxes.iter().enumerate() {
        grid.add(b.x, b.y, b.x + b.w, b.y + b.h, Item::Node(i));
    }
    for (e, pts) in points.iter().enumerate() {
        for w in pts.windows(2) {
            let s = [w[0][0], w[0][1], w[1][0], w[1][1]];
            grid.add(
                s[0].min(s[2]),
                s[1].min(s[3]),
                s[0].max(s[2]),
                s[1].max(s[3]),
                Item::Seg(e, s),
            );
        }
    }
    let mut placed: Vec<Option<Rect>> = vec![None; points.len()];
    // First every reserved place that is free, so that a fallback candidate of
    // one edge never takes the room an earlier pass reserved for another.
    for (e, cands) in all.iter().enumerate() {
        let Some(Some(p)) = preferred.get(e) else {
            continue;
        };
        if cands.first() == Some(p) && free(&grid, p, e, boxes, &placed) {
            grid.add(p.x, p.y, p.x + p.w, p.y + p.h, Item::Label(e));
            placed[e] = Some(*p);
        }
    }
    for (e, cands) in all.iter().enumerate() {
        let Some(&first) = cands.first() else {
            continue;
        };
        if placed[e].is_some() {
            continue;
        }
        let chosen = cands
            .iter()
            .copied()
            .find(|c| free(&grid, c, e, boxes, &placed))
            .unwrap_or(first);
        grid.add(
            chosen.x,
            chosen.y,
            chosen.x + chosen.w,
            chosen.y + chosen.h,
            Item::Label(e),
        );
        placed[e] = Some(chosen);
    }
    placed
}

/// Candidate boxes for the label of edge `e`, best first: the reserved place,
/// then beside the first segments of the edge, near their start, middle and
/// quarter points (where the label fits along the rest of the segment).
fn candidates(
    e: usize,
    points: &[Vec<[f64; 2]>],
    preferred: &[Option<Rect>],
    size: &[Option<(f64, f64)>],
) -> Vec<Rect> {
    let mut cands: Vec<Rect> = Vec::new();
    let Some(&Some((lw, lh))) = size.get(e) else {
        return cands;
    };
    let pts = &points[e];
    if pts.len() < 2 {
        return cands;
    }
    if let Some(Some(p)) = preferred.get(e) {
        cands.push(*p);
    }
    for w in pts.windows(2).take(8) {
        let ([ax, ay], [bx, by]) = (w[0], w[1]);
        let len = (bx - ax).abs() + (by - ay).abs();
        // the label's extent along the segment
        let along = if ax == bx { lh } else { lw };
        for frac in [0.0, 0.5, 0.25, 0.75] {
            if frac > 0.0 && len * (1.0 - frac) < along + 6.0 {
                continue;
            }
            if ax == bx {
                let dir = if by >= ay { 1.0 } else { -1.0 };
                let yy = ay + (by - ay) * frac + dir * 3.0;
                let yy = if dir > 0.0 { yy } else { yy - lh };
                cands.push(Rect {
                    x: ax + 4.0,
                    y: yy,
                    w: lw,
                    h: lh,
                });
                cands.push(Rect {
                    x: ax - 4.0 - lw,
                    y: yy,
                    w: lw,
                    h: lh,
                });
            } else {
                let dir = if bx >= ax { 1.0 } else { -1.0 };
                let xx = ax + (bx - ax) * frac + dir * 3.0;
                let xx = if dir > 0.0 { xx } else { xx - lw };
                cands.push(Rect {
                    x: xx,
                    y: ay - lh - 2.0,
                    w: lw,
                    h: lh,
                });
                cands.push(Rect {
                    x: xx,
                    y: ay + 2.0,
                    w: lw,
                    h: lh,
                });
            }
        }
    }
    cands
}

/// Whether `r` is clear of nodes, other labels and every edge segment
/// (its own edge may touch it only at the border).
fn free(grid: &Grid, r: &Rect, own: usize, boxes: &[Rect], placed: &[Option<Rect>]) -> bool {
    let pad = 1.0;
    let probe = Rect {
        x: r.x - pad,
        y: r.y - pad,
        w: r.w + 2.0 * pad,
        h: r.h + 2.0 * pad,
    };
    for i in cell_range(r.x, r.x + r.w) {
        for j in cell_range(r.y, r.y + r.h) {
            let Some(items) = grid.cells.get(&(i, j)) else {
                continue;
            };
            for it in items {
                let hit = match *it {
                    Item::Node(k) => boxes[k].overlaps(&probe),
                    Item::Label(k) => placed[k].is_some_and(|p| p.overlaps(&probe)),
                    Item::Seg(e, s) => seg_hits(
                        &s,
                        if e == own { r } else { &probe },
                        if e == own { 0.5 } else { 0.0 },
                    ),
                };
                if hit {
                    return false;
                }
            }
        }
    }
    true
}
