//! Plane geometry for the verifier: distances to the true node outlines and
//! segment-versus-shape interior tests.
//!
//! The formulas mirror `shared/bench/metrics.py` (`dist_to_outline`,
//! `dist_to_rect_border`, `seg_hits_box`, `boxes_overlap`) so that the
//! verifier and the benchmark count the same things.

use crate::ast::NodeKind;

/// An axis-aligned box as `[x0, y0, x1, y1]`.
pub type Bbox = [f64; 4];

/// Parameter slack when clipping a segment: a hit must have a positive length.
const T_EPS: f64 = 1e-9;

/// Distance from `(px, py)` to the segment `a`–`b`.
pub fn seg_dist(px: f64, py: f64, a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let l2 = dx * dx + dy * dy;
    let t = if l2 == 0.0 {
        0.0
    } else {
        (((px - a[0]) * dx + (py - a[1]) * dy) / l2).clamp(0.0, 1.0)
    };
    (px - (a[0] + t * dx)).hypot(py - (a[1] + t * dy))
}

/// Distance from `(px, py)` to the border of the rectangle `b` (inside or out).
pub fn dist_to_rect_border(px: f64, py: f64, b: Bbox) -> f64 {
    let [x0, y0, x1, y1] = b;
    if x0 <= px && px <= x1 && y0 <= py && py <= y1 {
        return (px - x0).min(x1 - px).min(py - y0).min(y1 - py);
    }
    let dx = (x0 - px).max(0.0).max(px - x1);
    let dy = (y0 - py).max(0.0).max(py - y1);
    dx.hypot(dy)
}

/// Distance from `(px, py)` to the true outline of a node of `kind` with bounding box `b`:
/// an ellipse for start/end, a diamond for decide, the rectangle for step.
///
/// For the ellipse this is the first-order distance `|f| / |∇f|` that metrics.py uses,
/// exact enough near the outline, which is where the tolerance is applied.
pub fn dist_to_outline(px: f64, py: f64, b: Bbox, kind: NodeKind) -> f64 {
    let [x0, y0, x1, y1] = b;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (a, bb) = ((x1 - x0) / 2.0, (y1 - y0) / 2.0);
    if a <= 0.0 || bb <= 0.0 {
        // A degenerate shape has no interior: fall back to the box border.
        return dist_to_rect_border(px, py, b);
    }
    match kind {
        NodeKind::Decide => {
            let pts = [[cx, y0], [x1, cy], [cx, y1], [x0, cy]];
            (0..4)
                .map(|i| seg_dist(px, py, pts[i], pts[(i + 1) % 4]))
                .fold(f64::INFINITY, f64::min)
        }
        NodeKind::Start | NodeKind::End => {
            let (dx, dy) = (px - cx, py - cy);
            let f = (dx / a).powi(2) + (dy / bb).powi(2) - 1.0;
            let g = 2.0 * (dx / (a * a)).hypot(dy / (bb * bb));
            if g < 1e-12 {
                a.min(bb)
            } else {
                f.abs() / g
            }
        }
        NodeKind::Step => dist_to_rect_border(px, py, b),
    }
}

/// Whether the interiors of two boxes overlap by more than `tol` on both axes.
pub fn boxes_overlap(a: Bbox, b: Bbox, tol: f64) -> bool {
    a[0] + tol < b[2] && b[0] + tol < a[2] && a[1] + tol < b[3] && b[1] + tol < a[3]
}

/// Liang–Barsky: does the segment `a`–`b` pass through the open box `r`
/// for a positive length?
pub fn seg_hits_box(a: [f64; 2], b: [f64; 2], r: Bbox) -> bool {
    let [x0, y0, x1, y1] = r;
    if x1 <= x0 || y1 <= y0 {
        return false;
    }
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let planes = [
        (-dx, a[0] - x0),
        (dx, x1 - a[0]),
        (-dy, a[1] - y0),
        (dy, y1 - a[1]),
    ];
    clip(&planes)
}

/// Clips the parameter range [0, 1] by half-planes `p·t <= q`; true when a range
/// of positive length survives.
fn clip(planes: &[(f64, f64)]) -> bool {
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for &(p, q) in planes {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                if r > t1 {
                    return false;
                }
                t0 = t0.max(r);
            } else {
                if r < t0 {
                    return false;
                }
                t1 = t1.min(r);
            }
        }
    }
    t1 - t0 > T_EPS
}

/// Does the segment `a`–`b` pass through the interior of the true shape of a
/// node (`kind`, bounding box `r`) shrunk by `inset` px, for a positive length?
///
/// Used for an edge's own end nodes: an end point on the outline that leaves
/// outward never touches the shrunk shape, one that turns inward does.
pub fn seg_hits_shape(a: [f64; 2], b: [f64; 2], r: Bbox, kind: NodeKind, inset: f64) -> bool {
    let [x0, y0, x1, y1] = r;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (ha, hb) = ((x1 - x0) / 2.0, (y1 - y0) / 2.0);
    match kind {
        NodeKind::Step => seg_hits_box(a, b, [x0 + inset, y0 + inset, x1 - inset, y1 - inset]),
        NodeKind::Decide => {
            if ha <= 0.0 || hb <= 0.0 {
                return false;
            }
            // Interior: sx·(x−cx)/ha + sy·(y−cy)/hb < c for the four sign pairs,
            // where c moves each side inward by `inset` px.
            let c = 1.0 - inset * (1.0 / (ha * ha) + 1.0 / (hb * hb)).sqrt();
            if c <= 0.0 {
                return false;
            }
            let (ax, ay) = ((a[0] - cx) / ha, (a[1] - cy) / hb);
            let (dx, dy) = ((b[0] - a[0]) / ha, (b[1] - a[1]) / hb);
            let mut planes = [(0.0, 0.0); 4];
            for (k, (sx, sy)) in [(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)]
                .into_iter()
                .enumerate()
            {
                planes[k] = (sx * dx + sy * dy, c - (sx * ax + sy * ay));
            }
            clip(&planes)
        }
        NodeKind::Start | NodeKind::End => {
            let (ea, eb) = (ha - inset, hb - inset);
            if ea <= 0.0 || eb <= 0.0 {
                return false;
            }
            let (ax, ay) = ((a[0] - cx) / ea, (a[1] - cy) / eb);
            let (dx, dy) = ((b[0] - a[0]) / ea, (b[1] - a[1]) / eb);
            let qa = dx * dx + dy * dy;
            if qa == 0.0 {
                return false;
            }
            let qb = 2.0 * (ax * dx + ay * dy);
            let qc = ax * ax + ay * ay - 1.0;
            let disc = qb * qb - 4.0 * qa * qc;
            if disc <= 0.0 {
                return false;
            }
            let s = disc.sqrt();
            let t0 = ((-qb - s) / (2.0 * qa)).max(0.0);
            let t1 = ((-qb + s) / (2.0 * qa)).min(1.0);
            t1 - t0 > T_EPS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Bbox = [0.0, 0.0, 100.0, 40.0];

    #[test]
    fn outline_distances_by_kind() {
        // The top-middle point lies on all three outlines.
        for kind in [NodeKind::Start, NodeKind::Decide, NodeKind::Step] {
            assert!(dist_to_outline(50.0, 0.0, B, kind) < 1e-9, "{kind:?}");
        }
        // The box corner is on the rectangle only.
        assert!(dist_to_outline(0.0, 0.0, B, NodeKind::Step) < 1e-9);
        assert!(dist_to_outline(0.0, 0.0, B, NodeKind::Decide) > 10.0);
        assert!(dist_to_outline(0.0, 0.0, B, NodeKind::End) > 5.0);
        // The diamond's right vertex, the ellipse's rightmost point.
        assert!(dist_to_outline(100.0, 20.0, B, NodeKind::Decide) < 1e-9);
        assert!(dist_to_outline(100.0, 20.0, B, NodeKind::Start) < 1e-9);
    }

    #[test]
    fn segment_versus_shapes() {
        // Straight down out of the bottom middle: clear of every shape.
        for kind in [NodeKind::Start, NodeKind::Decide, NodeKind::Step] {
            assert!(!seg_hits_shape([50.0, 40.0], [50.0, 90.0], B, kind, 2.0));
            assert!(seg_hits_shape([50.0, 40.0], [50.0, 10.0], B, kind, 2.0));
        }
        // Down into the box's corner region: hits the box, misses diamond and ellipse.
        let (a, b) = ([5.0, -10.0], [5.0, 5.0]);
        assert!(seg_hits_shape(a, b, B, NodeKind::Step, 2.0));
        assert!(!seg_hits_shape(a, b, B, NodeKind::Decide, 2.0));
        assert!(!seg_hits_shape(a, b, B, NodeKind::End, 2.0));
        // Grazing the border is not passing through.
        assert!(!seg_hits_box([0.0, -5.0], [0.0, 50.0], B));
        assert!(seg_hits_box([0.5, -5.0], [0.5, 50.0], B));
    }
}
