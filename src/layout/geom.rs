//! Shape outlines: where a vertical or horizontal line meets a node's real
//! border (box, diamond, ellipse), so edges start and end exactly on it.

use crate::ast::NodeKind;

/// A node's shape and place (centre, size) in layout space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Shape {
    /// Shape kind.
    pub kind: NodeKind,
    /// Centre x.
    pub cx: f64,
    /// Centre y.
    pub cy: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Shape {
    /// Half the outline's vertical extent at `x` (how far above/below the centre
    /// a vertical line at `x` meets the outline).
    fn half_height_at(&self, x: f64) -> f64 {
        let a = self.w / 2.0;
        let b = self.h / 2.0;
        let t = ((x - self.cx).abs() / a.max(1e-9)).min(1.0);
        match self.kind {
            NodeKind::Step => b,
            NodeKind::Decide => b * (1.0 - t),
            NodeKind::Start | NodeKind::End => b * (1.0 - t * t).max(0.0).sqrt(),
        }
    }

    /// Half the outline's horizontal extent at `y`.
    fn half_width_at(&self, y: f64) -> f64 {
        let a = self.w / 2.0;
        let b = self.h / 2.0;
        let t = ((y - self.cy).abs() / b.max(1e-9)).min(1.0);
        match self.kind {
            NodeKind::Step => a,
            NodeKind::Decide => a * (1.0 - t),
            NodeKind::Start | NodeKind::End => a * (1.0 - t * t).max(0.0).sqrt(),
        }
    }

    /// Where a vertical line at `x` leaves the bottom of the outline.
    pub fn bottom_at(&self, x: f64) -> f64 {
        self.cy + self.half_height_at(x)
    }

    /// Where a vertical line at `x` meets the top of the outline.
    pub fn top_at(&self, x: f64) -> f64 {
        self.cy - self.half_height_at(x)
    }

    /// Where a horizontal line at `y` meets the right (or left) side of the outline.
    pub fn side_at(&self, y: f64, right: bool) -> f64 {
        let hw = self.half_width_at(y);
        if right {
            self.cx + hw
        } else {
            self.cx - hw
        }
    }

    /// Left edge of the bounding box.
    pub fn x0(&self) -> f64 {
        self.cx - self.w / 2.0
    }

    /// Right edge of the bounding box.
    pub fn x1(&self) -> f64 {
        self.cx + self.w / 2.0
    }

    /// Top edge of the bounding box.
    pub fn y0(&self) -> f64 {
        self.cy - self.h / 2.0
    }

    /// Bottom edge of the bounding box.
    pub fn y1(&self) -> f64 {
        self.cy + self.h / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_points() {
        let d = Shape {
            kind: NodeKind::Decide,
            cx: 0.0,
            cy: 0.0,
            w: 100.0,
            h: 50.0,
        };
        assert_eq!(d.bottom_at(0.0), 25.0);
        assert_eq!(d.bottom_at(25.0), 12.5);
        assert_eq!(d.side_at(0.0, true), 50.0);
        let e = Shape {
            kind: NodeKind::Start,
            cx: 0.0,
            cy: 0.0,
            w: 100.0,
            h: 50.0,
        };
        let y = e.bottom_at(30.0);
        assert!(((30.0f64 / 50.0).powi(2) + (y / 25.0).powi(2) - 1.0).abs() < 1e-9);
        let b = Shape {
            kind: NodeKind::Step,
            cx: 0.0,
            cy: 0.0,
            w: 100.0,
            h: 50.0,
        };
        assert_eq!(b.top_at(40.0), -25.0);
        assert_eq!(b.side_at(10.0, false), -50.0);
    }
}
