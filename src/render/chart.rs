//! The chart: shapes exactly at the diagram's boxes, node text centred,
//! edges as polylines whose arrowheads end exactly on the last point, labels
//! on white, risk badges on the nodes' top-right corners.
//!
//! Arrowheads are drawn as triangles computed here rather than SVG markers, so
//! the tip lands on the last polyline point in every renderer; the line itself
//! stops inside the head so its end never shows past the tip.

use svg::node::element::{Circle, Ellipse, Group, Polygon, Polyline, Rectangle};
use svg::node::Blob;
use svg::Node;

use crate::ast::{Level, NodeKind};
use crate::diagram::{Diagram, EdgePath, NodeBox, Rect};
use crate::render::escape::num;
use crate::render::{baseline, text_el, SetAttr, PARTY_PATTERN};

/// Radius of a risk badge, px.
pub(crate) const BADGE_R: f64 = 9.0;
/// Arrowhead length and half width, px.
const ARROW_LEN: f64 = 9.0;
const ARROW_HALF: f64 = 3.8;
/// Outline widths, px.
const NODE_STROKE: f64 = 1.4;
const EDGE_STROKE: f64 = 1.2;
/// Colour of the post/deadline lines under a node's text: dark grey, prints solid.
const SUB_FILL: &str = "#333333";

/// The chart at the origin, in the diagram's own coordinates.
pub(crate) fn chart(d: &Diagram) -> Group {
    // Each element is written out as soon as it is built, so memory stays
    // proportional to the output text, not to a tree of 100,000 nodes.
    let mut edges = String::new();
    let mut heads = String::new();
    for e in &d.edges {
        if let Some((line, head)) = edge(e) {
            push(&mut edges, &line);
            if let Some(h) = head {
                push(&mut heads, &h);
            }
        }
    }
    let mut nodes = String::new();
    for n in &d.nodes {
        push(&mut nodes, &node(n, d));
    }
    let mut labels = String::new();
    for e in &d.edges {
        if let Some(l) = label(e, d) {
            push(&mut labels, &l);
        }
    }
    let mut badges = String::new();
    for n in &d.nodes {
        for (&level, (x, y)) in n.risks.iter().zip(badge_positions(n)) {
            push(&mut badges, &badge(level, x, y));
        }
    }
    // Nodes over edges (an edge ends on an outline, never inside), labels and
    // badges over both.
    Group::new()
        .add(
            layer(edges)
                .set("fill", "none")
                .set("stroke", "#000000")
                .set("stroke-width", num(EDGE_STROKE))
                .set("stroke-linejoin", "round"),
        )
        .add(layer(heads).set("fill", "#000000"))
        .add(layer(nodes))
        .add(layer(labels).set("text-anchor", "middle"))
        .add(layer(badges))
}

/// A group holding markup written by [`push`] (empty: an empty group).
pub(crate) fn layer(mut content: String) -> Group {
    while content.ends_with('\n') {
        content.pop();
    }
    if content.is_empty() {
        Group::new()
    } else {
        Group::new().add(Blob::new(content))
    }
}

/// Appends `node`'s markup and a line break to `out`.
pub(crate) fn push(out: &mut String, node: &impl std::fmt::Display) {
    use std::fmt::Write;
    let _ = writeln!(out, "{node}");
}

/// Where a node's badges sit, one per entry of `risks`: on the outline, up
/// and to the right, so they read as the node's and stay clear of its text —
/// a box's top-right corner then leftwards along its top edge; the middle of a
/// diamond's upper-right side then up along that side; the 45° point of an
/// ellipse then along the outline towards its top.
fn badge_positions(n: &NodeBox) -> Vec<(f64, f64)> {
    let (w, h) = (n.w.max(0.0), n.h.max(0.0));
    let (cx, cy) = (n.x + w / 2.0, n.y + h / 2.0);
    let step = 2.0 * BADGE_R + 2.0;
    (0..n.risks.len())
        .map(|i| {
            let i = i as f64;
            match n.kind {
                NodeKind::Step => (n.x + w - i * step, n.y),
                NodeKind::Decide => {
                    // Unit vector from the side's middle towards the top vertex.
                    let (dx, dy) = (-w / 4.0, -h / 4.0);
                    let len = (dx * dx + dy * dy).sqrt().max(1.0);
                    (
                        n.x + 0.75 * w + i * step * dx / len,
                        n.y + 0.25 * h + i * step * dy / len,
                    )
                }
                NodeKind::Start | NodeKind::End => {
                    let mean = ((w * w + h * h) / 8.0).sqrt().max(1.0);
                    let a = std::f64::consts::FRAC_PI_4 + i * step / mean;
                    (cx + w / 2.0 * a.cos(), cy - h / 2.0 * a.sin())
                }
            }
        })
        .collect()
}

/// A node: its shape and its text block, centred.
fn node(n: &NodeBox, d: &Diagram) -> Group {
    let (x, y, w, h) = (n.x, n.y, n.w.max(0.0), n.h.max(0.0));
    let fill = if n.party {
        format!("url(#{PARTY_PATTERN})")
    } else {
        "#ffffff".to_string()
    };
    let mut g = Group::new();
    let style = |e: svg::node::element::Element| -> svg::node::element::Element {
        let mut e = e;
        e.assign("fill", fill.clone());
        e.assign("stroke", "#000000");
        e.assign("stroke-width", num(NODE_STROKE));
        if n.party {
            e.assign("stroke-dasharray", "6 3");
        }
        e
    };
    let shape: svg::node::element::Element = match n.kind {
        NodeKind::Start | NodeKind::End => Ellipse::new()
            .set("cx", num(x + w / 2.0))
            .set("cy", num(y + h / 2.0))
            .set("rx", num(w / 2.0))
            .set("ry", num(h / 2.0))
            .into(),
        NodeKind::Step => Rectangle::new()
            .set("x", num(x))
            .set("y", num(y))
            .set("width", num(w))
            .set("height", num(h))
            .set("rx", 3)
            .into(),
        NodeKind::Decide => Polygon::new()
            .set(
                "points",
                format!(
                    "{},{} {},{} {},{} {},{}",
                    num(x + w / 2.0),
                    num(y),
                    num(x + w),
                    num(y + h / 2.0),
                    num(x + w / 2.0),
                    num(y + h),
                    num(x),
                    num(y + h / 2.0)
                ),
            )
            .into(),
    };
    g.append(style(shape));

    let s = d.style;
    // Layout hands over wrapped lines; a line that still holds `\n` (or no
    // lines at all) is split here rather than drawn as one run.
    let lines: Vec<&str> = if n.lines.is_empty() {
        n.text.split('\n').collect()
    } else {
        n.lines.iter().flat_map(|l| l.split('\n')).collect()
    };
    let sub_lines: Vec<&str> = n.sub_lines.iter().flat_map(|l| l.split('\n')).collect();
    let main_lh = s.font_size * s.line_height;
    let sub_lh = s.sub_font_size * s.line_height;
    let block = lines.len() as f64 * main_lh + sub_lines.len() as f64 * sub_lh;
    let cx = x + w / 2.0;
    let mut top = y + h / 2.0 - block / 2.0;
    let mut t = Group::new().set("text-anchor", "middle");
    for l in lines {
        t.append(text_el(
            l,
            cx,
            baseline(top, s.font_size, s.line_height),
            s.font_size,
        ));
        top += main_lh;
    }
    for l in sub_lines {
        t.append(
            text_el(
                l,
                cx,
                baseline(top, s.sub_font_size, s.line_height),
                s.sub_font_size,
            )
            .set("fill", SUB_FILL),
        );
        top += sub_lh;
    }
    g.append(t);
    g
}

/// An edge's line (shortened into its head) and its arrowhead; None when it
/// has fewer than two points.
fn edge(e: &EdgePath) -> Option<(Polyline, Option<Polygon>)> {
    let pts: Vec<[f64; 2]> = e
        .points
        .iter()
        .copied()
        .filter(|p| p[0].is_finite() && p[1].is_finite())
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let tip = *pts.last()?;
    // The last point that differs from the tip gives the arrow's direction.
    let from = pts.iter().rev().find(|p| **p != tip).copied();
    let mut line = pts.clone();
    let head = from.map(|f| {
        let (dx, dy) = (tip[0] - f[0], tip[1] - f[1]);
        let len = (dx * dx + dy * dy).sqrt();
        let (ux, uy) = (dx / len, dy / len);
        // Stop the line well inside the head, never behind the previous point.
        let cut = (ARROW_LEN * 0.7).min(len);
        if let Some(last) = line.last_mut() {
            *last = [tip[0] - ux * cut, tip[1] - uy * cut];
        }
        let (bx, by) = (tip[0] - ux * ARROW_LEN, tip[1] - uy * ARROW_LEN);
        let (nx, ny) = (-uy * ARROW_HALF, ux * ARROW_HALF);
        Polygon::new().set(
            "points",
            format!(
                "{},{} {},{} {},{}",
                num(tip[0]),
                num(tip[1]),
                num(bx + nx),
                num(by + ny),
                num(bx - nx),
                num(by - ny)
            ),
        )
    });
    let points = line
        .iter()
        .map(|p| format!("{},{}", num(p[0]), num(p[1])))
        .collect::<Vec<_>>()
        .join(" ");
    Some((Polyline::new().set("points", points), head))
}

/// An edge label: text centred in its box over a white rectangle. Without a
/// box from layout, the label sits beside the middle of the first segment.
fn label(e: &EdgePath, d: &Diagram) -> Option<Group> {
    let text = e.label.as_deref()?;
    let size = d.style.label_font_size;
    let r = match e.label_box {
        Some(r) => r,
        None => {
            let a = e.points.first()?;
            let b = e.points.get(1).unwrap_or(a);
            let w = crate::text::width(text, size) + 4.0;
            let h = size * d.style.line_height;
            Rect {
                x: (a[0] + b[0]) / 2.0 + 4.0,
                y: (a[1] + b[1]) / 2.0 - h / 2.0,
                w,
                h,
            }
        }
    };
    let mut g = Group::new();
    g.append(
        Rectangle::new()
            .set("x", num(r.x))
            .set("y", num(r.y))
            .set("width", num(r.w.max(0.0)))
            .set("height", num(r.h.max(0.0)))
            .set("fill", "#ffffff"),
    );
    let lines: Vec<&str> = text.split('\n').collect();
    let lh = size * d.style.line_height;
    let mut top = r.y + r.h / 2.0 - lines.len() as f64 * lh / 2.0;
    for l in lines {
        g.append(text_el(
            l,
            r.x + r.w / 2.0,
            baseline(top, size, d.style.line_height),
            size,
        ));
        top += lh;
    }
    Some(g)
}

/// A risk badge centred at (`cx`, `cy`), legible in black and white:
/// 高 white on a filled black disc, 中 black in a double ring, 低 black in a dashed ring.
pub(crate) fn badge(level: Level, cx: f64, cy: f64) -> Group {
    let mut g = Group::new();
    let ring = |r: f64| {
        Circle::new()
            .set("cx", num(cx))
            .set("cy", num(cy))
            .set("r", num(r))
    };
    let letter_fill = match level {
        Level::High => {
            g.append(ring(BADGE_R).set("fill", "#000000"));
            "#ffffff"
        }
        Level::Medium => {
            g.append(
                ring(BADGE_R)
                    .set("fill", "#ffffff")
                    .set("stroke", "#000000")
                    .set("stroke-width", 1),
            );
            g.append(
                ring(BADGE_R - 2.3)
                    .set("fill", "none")
                    .set("stroke", "#000000")
                    .set("stroke-width", 0.8),
            );
            "#000000"
        }
        Level::Low => {
            g.append(
                ring(BADGE_R)
                    .set("fill", "#ffffff")
                    .set("stroke", "#000000")
                    .set("stroke-width", 1.1)
                    .set("stroke-dasharray", "2.4 1.6"),
            );
            "#000000"
        }
    };
    // The letter fits inside the ring (中 inside the inner one).
    let inner = if level == Level::Medium { 9.0 } else { 10.5 };
    g.append(
        text_el(
            level.zh(),
            cx,
            cy + inner * crate::render::BASELINE_SHIFT,
            inner,
        )
        .set("text-anchor", "middle")
        .set("font-weight", "bold")
        .set("fill", letter_fill),
    );
    g
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nb(kind: NodeKind, risks: Vec<Level>) -> NodeBox {
        NodeBox {
            id: "n".into(),
            kind,
            x: 10.0,
            y: 20.0,
            w: 200.0,
            h: 80.0,
            text: String::new(),
            lines: Vec::new(),
            sub_lines: Vec::new(),
            party: false,
            risks,
        }
    }

    #[test]
    fn badges_sit_on_the_outline() {
        let three = vec![Level::High, Level::Medium, Level::Low];
        let (cx, cy, a, b) = (110.0, 60.0, 100.0, 40.0);
        for (x, y) in badge_positions(&nb(NodeKind::Decide, three.clone())) {
            let d = (x - cx).abs() / a + (y - cy).abs() / b;
            assert!((d - 1.0).abs() < 1e-9 && x >= cx && y <= cy, "{x},{y}");
        }
        for (x, y) in badge_positions(&nb(NodeKind::Start, three.clone())) {
            let d = ((x - cx) / a).powi(2) + ((y - cy) / b).powi(2);
            assert!((d - 1.0).abs() < 1e-9 && x >= cx && y <= cy, "{x},{y}");
        }
        let boxes = badge_positions(&nb(NodeKind::Step, three));
        assert_eq!(boxes[0], (210.0, 20.0));
        assert!(boxes.iter().all(|&(_, y)| y == 20.0));
        assert!(boxes.windows(2).all(|w| w[1].0 < w[0].0 - 2.0 * BADGE_R));
    }

    #[test]
    fn arrow_tip_is_the_last_point_and_the_line_stops_inside_the_head() {
        let e = EdgePath {
            from: "a".into(),
            to: "b".into(),
            label: None,
            points: vec![[0.0, 0.0], [0.0, 50.0], [40.0, 50.0]],
            label_box: None,
            back: false,
        };
        let (line, head) = edge(&e).unwrap();
        let head = head.unwrap().to_string();
        assert!(head.contains("points=\"40,50 31,53.8 31,46.2\""), "{head}");
        assert!(line.to_string().contains("points=\"0,0 0,50 33.7,50\""));
        // Degenerate input: no arrow direction, no panic.
        let mut d = e.clone();
        d.points = vec![[1.0, 1.0], [1.0, 1.0]];
        assert!(edge(&d).unwrap().1.is_none());
        d.points = vec![[1.0, 1.0]];
        assert!(edge(&d).is_none());
    }
}
