//! The laid-out chart: plain positioned shapes and routed edges.
//!
//! Layout writes it, the SVG renderer and the `layout-json` export read it;
//! neither ever sees the graph. Coordinates are SVG user units (px at 96 dpi),
//! origin top-left, y downward, rounded to two decimals.

use serde::Serialize;

use crate::ast::{Level, NodeKind};

/// Font sizes and spacing the layout measured with; the renderer draws with the same.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TextStyle {
    /// Node text size, px.
    pub font_size: f64,
    /// Size of the post/deadline line under a step's text, px.
    pub sub_font_size: f64,
    /// Size of edge labels, px.
    pub label_font_size: f64,
    /// Line height as a multiple of the font size.
    pub line_height: f64,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            font_size: 14.0,
            sub_font_size: 11.0,
            label_font_size: 12.0,
            line_height: 1.35,
        }
    }
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagram {
    /// Width of the drawing, margins included.
    pub width: f64,
    /// Height of the drawing, margins included.
    pub height: f64,
    /// Text sizes used for measuring.
    #[serde(skip)]
    pub style: TextStyle,
    /// Nodes in the flow's declaration order.
    pub nodes: Vec<NodeBox>,
    /// Edges in the flow's source order.
    pub edges: Vec<EdgePath>,
}

/// A positioned node.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeBox {
    /// The node id.
    pub id: String,
    /// Shape: start/end ellipse, step box, decide diamond.
    pub kind: NodeKind,
    /// Left edge of the bounding box.
    pub x: f64,
    /// Top edge of the bounding box.
    pub y: f64,
    /// Width of the bounding box.
    pub w: f64,
    /// Height of the bounding box.
    pub h: f64,
    /// The node's text as one string (line breaks as `\n`).
    pub text: String,
    /// The text broken into lines that fit the shape.
    pub lines: Vec<String>,
    /// Smaller lines under the text: `② 审核岗 · 15工作日`, wrapped.
    pub sub_lines: Vec<String>,
    /// True when the node is led by a party (outside actor).
    pub party: bool,
    /// Risk badges to draw on the node, highest first, one per level present.
    pub risks: Vec<Level>,
}

/// A routed edge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EdgePath {
    /// Source node id.
    pub from: String,
    /// Target node id.
    pub to: String,
    /// Label text.
    pub label: Option<String>,
    /// Polyline from the source's outline to the arrow tip on the target's outline.
    pub points: Vec<[f64; 2]>,
    /// Where the label is drawn.
    pub label_box: Option<Rect>,
    /// True for a loop-back edge (reversed while layering).
    pub back: bool,
}

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether the two rectangles' interiors intersect.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w
            && other.x < self.x + self.w
            && self.y < other.y + other.h
            && other.y < self.y + self.h
    }
}

/// Rounds a coordinate to two decimals, so output bytes never depend on float noise.
pub fn round2(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
