//! Pass 8, needless bends.
//!
//! Invariant established: no polyline has two equal consecutive points or an
//! interior point where it goes straight on (collinear), so every interior
//! point is a real bend; the endpoints are untouched.

/// Removes duplicate and collinear points from one polyline.
pub fn simplify(pts: &mut Vec<[f64; 2]>) {
    let mut out: Vec<[f64; 2]> = Vec::with_capacity(pts.len());
    for &p in pts.iter() {
        if let Some(&last) = out.last() {
            if (last[0] - p[0]).abs() < 1e-6 && (last[1] - p[1]).abs() < 1e-6 {
                continue;
            }
        }
        while out.len() >= 2 {
            let a = out[out.len() - 2];
            let b = out[out.len() - 1];
            let straight = ((a[0] - b[0]).abs() < 1e-6 && (b[0] - p[0]).abs() < 1e-6)
                || ((a[1] - b[1]).abs() < 1e-6 && (b[1] - p[1]).abs() < 1e-6);
            if straight {
                out.pop();
            } else {
                break;
            }
        }
        out.push(p);
    }
    if out.len() == 1 && pts.len() >= 2 {
        // Degenerate (both ends on one point): keep two points.
        out.push(out[0]);
    }
    *pts = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_collinear_and_duplicates() {
        let mut p = vec![
            [0.0, 0.0],
            [0.0, 5.0],
            [0.0, 5.0],
            [0.0, 10.0],
            [4.0, 10.0],
            [8.0, 10.0],
            [8.0, 20.0],
        ];
        simplify(&mut p);
        assert_eq!(p, vec![[0.0, 0.0], [0.0, 10.0], [8.0, 10.0], [8.0, 20.0]]);
    }
}
