//! Layered layout of a checked flow into a [`Diagram`].

use crate::diagram::{Diagram, EdgePath, NodeBox, TextStyle};
use crate::model::Flow;

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

/// Lays out `flow`.
pub fn layout(flow: &Flow, opts: &LayoutOptions) -> Diagram {
    let nodes: Vec<NodeBox> = flow
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| NodeBox {
            id: n.id.clone(),
            kind: n.kind,
            x: 10.0,
            y: 10.0 + 80.0 * i as f64,
            w: 160.0,
            h: 48.0,
            text: n.text.clone(),
            lines: vec![n.text.clone()],
            sub_lines: Vec::new(),
            party: n.party_step,
            risks: Vec::new(),
        })
        .collect();
    let edges = flow
        .edges
        .iter()
        .map(|e| EdgePath {
            from: flow.nodes[e.from].id.clone(),
            to: flow.nodes[e.to].id.clone(),
            label: e.label.clone(),
            points: vec![
                [90.0, 58.0 + 80.0 * e.from as f64],
                [90.0, 10.0 + 80.0 * e.to as f64],
            ],
            label_box: None,
            back: e.back,
        })
        .collect();
    Diagram {
        width: 180.0,
        height: 20.0 + 80.0 * nodes.len() as f64,
        style: opts.style,
        nodes,
        edges,
    }
}
