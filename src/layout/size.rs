//! Node sizing: every shape is made large enough for its wrapped text.
//!
//! Invariant established: each node's text lines (and its smaller post/deadline
//! sub lines) fit inside the node's real outline — a box with padding, the text
//! rectangle inside the diamond (`tw/w + th/h ≤ 1`) or inside the ellipse
//! (`(tw/w)² + (th/h)² ≤ 1`), with room left at the top-right corner for the
//! risk badges.

use crate::ast::{Level, NodeKind};
use crate::diagram::TextStyle;
use crate::model::{Flow, Node};
use crate::text;

/// Side of the square risk badge drawn at a node's top-right corner, px.
pub const BADGE: f64 = 16.0;
/// Horizontal text padding inside a box, px.
const PAD_X: f64 = 12.0;
/// Vertical text padding inside a box, px.
const PAD_Y: f64 = 9.0;
/// Narrowest box, px.
const MIN_BOX_W: f64 = 96.0;
/// Lowest box, px.
const MIN_BOX_H: f64 = 40.0;

/// A measured node: its size and the text it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    /// Width of the bounding box.
    pub w: f64,
    /// Height of the bounding box.
    pub h: f64,
    /// Text lines.
    pub lines: Vec<String>,
    /// Post/deadline lines.
    pub sub_lines: Vec<String>,
    /// Risk levels present, highest first.
    pub risks: Vec<Level>,
}

/// The circled table row number: ①…⑳, then `(21)`.
pub fn circled(row: usize) -> String {
    if (1..=20).contains(&row) {
        char::from_u32(0x2460 + row as u32 - 1)
            .map(String::from)
            .unwrap_or_else(|| format!("({row})"))
    } else {
        format!("({row})")
    }
}

/// The sub line of a node: `② 审核岗、受理岗 · 15工作日`, or `None` when the node
/// names no actor and shows no deadline.
pub fn sub_text(flow: &Flow, node: &Node) -> Option<String> {
    let names: Vec<&str> = node
        .actors
        .iter()
        .filter_map(|&a| flow.actors.get(a))
        .map(|a| a.display_name())
        .collect();
    let mut out = String::new();
    if let Some(lead) = node.actors.first().and_then(|&a| flow.actors.get(a)) {
        if !lead.party {
            if let Some(row) = lead.row {
                out.push_str(&circled(row));
                out.push(' ');
            }
        }
    }
    out.push_str(&names.join("、"));
    if let Some(d) = &node.effective_deadline {
        if !out.is_empty() {
            out.push_str(" · ");
        }
        out.push_str(&d.display());
    }
    (!out.is_empty()).then_some(out)
}

/// Risk levels present on the node's own risks, highest first, each once.
pub fn risk_levels(node: &Node) -> Vec<Level> {
    let mut levels: Vec<Level> = node.risks.iter().filter_map(|r| r.level).collect();
    levels.sort();
    levels.dedup();
    levels
}

/// Wraps a sub line: whole when it fits; otherwise the actors and the
/// deadline go on lines of their own (`③ 招标采购办公室` / `15工作日`), each
/// wrapped further only if it still does not fit — never a break inside a
/// post's name while the ` · ` is there to break at.
fn wrap_sub(s: &str, max_width: f64, size: f64) -> Vec<String> {
    if text::width(s, size) <= max_width {
        return vec![s.to_string()];
    }
    match s.rsplit_once(" · ") {
        Some((actors, deadline)) => {
            let mut out = text::wrap_balanced(actors, max_width, size);
            out.extend(text::wrap_balanced(deadline, max_width, size));
            out
        }
        None => text::wrap_balanced(s, max_width, size),
    }
}

/// Widest line of `lines` at `size`.
fn widest(lines: &[String], size: f64) -> f64 {
    lines
        .iter()
        .map(|l| text::width(l, size))
        .fold(0.0, f64::max)
}

/// Measures one node. `max_text_width` bounds a line before it wraps;
/// `min_w` is a lower bound on the width (room for several labelled exits).
pub fn measure(
    flow: &Flow,
    node: &Node,
    style: &TextStyle,
    max_text_width: f64,
    min_w: f64,
) -> Measured {
    let risks = risk_levels(node);
    let sub = sub_text(flow, node);
    // Diamonds and ellipses lose their corners: wrap their text narrower.
    let wrap_w = match node.kind {
        NodeKind::Decide => (max_text_width * 0.75).max(4.0 * style.font_size),
        NodeKind::Start | NodeKind::End => (max_text_width * 0.85).max(4.0 * style.font_size),
        NodeKind::Step => max_text_width.max(2.0 * style.font_size),
    };
    let mut lines = text::wrap_balanced(&node.text, wrap_w, style.font_size);
    if lines.is_empty() {
        lines.push(String::new());
    }
    let sub_lines = match &sub {
        Some(s) => wrap_sub(s, wrap_w, style.sub_font_size),
        None => Vec::new(),
    };
    let tw = widest(&lines, style.font_size).max(widest(&sub_lines, style.sub_font_size));
    let th = lines.len() as f64 * style.font_size * style.line_height
        + sub_lines.len() as f64 * style.sub_font_size * style.line_height;
    let badge = if risks.is_empty() { 0.0 } else { BADGE + 2.0 };
    let (w, h) = match node.kind {
        NodeKind::Step => {
            let w = (tw + 2.0 * PAD_X).max(MIN_BOX_W).max(min_w);
            // The badge sits in the top-right corner above the text: grow the
            // height on both sides so the centred text clears it.
            let h = (th + 2.0 * PAD_Y + 2.0 * badge).max(MIN_BOX_H);
            (w, h)
        }
        NodeKind::Decide => {
            // A text rectangle tw×th (with margins) inside a diamond of w×h
            // needs tw/w + th/h ≤ 1; with w = 2k·h this is w = tw + 2k·th… we
            // take the aspect w:h = 2:1, so w = tw + 2·th, h = w / 2.
            let tw = tw + 12.0;
            let th = th + 6.0;
            let w = (tw + 2.0 * th).max(120.0).max(min_w);
            let h = (w / 2.0).max(th * 2.0).max(60.0);
            // A badge of side s fits in the corner outside the diamond when
            // s·(2/w + 2/h) ≤ 1.
            let (w, h) = if badge > 0.0 && badge * (2.0 / w + 2.0 / h) > 1.0 {
                (w.max(4.0 * badge), h.max(4.0 * badge))
            } else {
                (w, h)
            };
            (w, h)
        }
        NodeKind::Start | NodeKind::End => {
            // (tw/w)² + (th/h)² ≤ 1 holds with w = √2·tw, h = √2·th.
            let tw = tw + 16.0;
            let th = th + 6.0;
            let w = (tw * std::f64::consts::SQRT_2).max(96.0).max(min_w);
            let h = (th * std::f64::consts::SQRT_2).max(40.0) + badge;
            (w, h)
        }
    };
    Measured {
        w,
        h,
        lines,
        sub_lines,
        risks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_line_breaks_at_the_dot_before_inside_a_name() {
        let s = "③ 招标采购办公室 · 15工作日";
        let size = 11.0;
        // fits: one line
        assert_eq!(wrap_sub(s, 1_000.0, size), vec![s.to_string()]);
        // too narrow for the whole, wide enough for each part
        let w = text::width("③ 招标采购办公室", size) + 1.0;
        assert!(text::width(s, size) > w);
        assert_eq!(
            wrap_sub(s, w, size),
            vec!["③ 招标采购办公室".to_string(), "15工作日".to_string()]
        );
        // no dot: wrapped as text
        let plain = "招标采购办公室招标采购办公室";
        assert_eq!(
            wrap_sub(plain, 60.0, size),
            text::wrap_balanced(plain, 60.0, size)
        );
    }

    #[test]
    fn circled_numbers() {
        assert_eq!(circled(1), "①");
        assert_eq!(circled(2), "②");
        assert_eq!(circled(20), "⑳");
        assert_eq!(circled(21), "(21)");
    }
}
