//! Tables under the chart (岗位说明, 廉政风险点): column widths measured from
//! the content, cells wrapped CJK-aware, grid lines, a bold header on light grey.
//!
//! Invariant: every cell's lines fit inside its column (less padding), and each
//! row is as tall as its tallest cell, so nothing spills over a grid line.

use svg::node::element::{Group, Line, Rectangle};
use svg::Node;

use crate::ast::Level;
use crate::render::escape::num;
use crate::render::{baseline, bold_width, chart, fit, text_el, SetAttr, BODY_SIZE, LINE_HEIGHT};

/// Horizontal padding inside a cell, px.
const PAD_X: f64 = 8.0;
/// Vertical padding inside a cell, px.
const PAD_Y: f64 = 6.0;
/// Room a badge takes beside a cell's text, px.
const BADGE_ROOM: f64 = 2.0 * chart::BADGE_R + 4.0;

/// How a column's text sits in its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Flush left (long prose).
    Left,
    /// Centred (numbers, short values).
    Center,
}

/// A column: header, width bounds, alignment.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    header: &'static str,
    min: f64,
    max: f64,
    align: Align,
}

impl Column {
    /// A column whose width stays within `min..=max` unless the header needs more.
    pub(crate) fn new(header: &'static str, min: f64, max: f64, align: Align) -> Column {
        Column {
            header,
            min,
            max,
            align,
        }
    }

    /// The header's own width, padding included: a floor for the column.
    fn header_width(&self) -> f64 {
        bold_width(self.header, BODY_SIZE) + 2.0 * PAD_X
    }
}

/// One cell: user text (may hold `\n`), optionally a risk badge after it.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// The text.
    pub text: String,
    /// A badge drawn after the text (alone and centred when the text is empty).
    pub badge: Option<Level>,
}

impl Cell {
    /// A cell with text only.
    pub(crate) fn text(text: String) -> Cell {
        Cell { text, badge: None }
    }

    /// Width the cell would take unwrapped, padding included.
    fn natural_width(&self) -> f64 {
        let text = self
            .text
            .split('\n')
            .map(|l| crate::text::width(l, BODY_SIZE))
            .fold(0.0, f64::max);
        let badge = match (self.badge, self.text.is_empty()) {
            (None, _) => 0.0,
            (Some(_), true) => 2.0 * chart::BADGE_R,
            (Some(_), false) => BADGE_ROOM,
        };
        text + badge + 2.0 * PAD_X
    }
}

/// A table ready to be measured and drawn.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table; rows shorter than the header get empty cells.
    pub(crate) fn new(columns: Vec<Column>, rows: Vec<Vec<Cell>>) -> Table {
        Table { columns, rows }
    }

    /// Whether the table has no body row.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Each column's width before stretching, and how much more it would like.
    fn natural(&self) -> Vec<(f64, f64)> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let content = self
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(Cell::natural_width)
                    .fold(0.0, f64::max);
                let lo = c.min.max(c.header_width());
                let hi = c.max.max(lo);
                let w = content.clamp(lo, hi);
                (w, (content - w).max(0.0))
            })
            .collect()
    }

    /// The narrowest width the table takes without squeezing a column below its bounds.
    pub(crate) fn natural_width(&self) -> f64 {
        self.natural().iter().map(|(w, _)| w).sum()
    }

    /// Column widths filling `target` (or the natural width, if larger): extra
    /// room goes first to columns whose content wraps, then to prose columns.
    fn widths(&self, target: f64) -> Vec<f64> {
        let nat = self.natural();
        let mut widths: Vec<f64> = nat.iter().map(|(w, _)| *w).collect();
        let mut extra = target - widths.iter().sum::<f64>();
        if extra <= 0.0 {
            return widths;
        }
        let demand: f64 = nat.iter().map(|(_, d)| d).sum();
        if demand > 0.0 {
            let share = extra.min(demand);
            for (w, (_, d)) in widths.iter_mut().zip(&nat) {
                *w += share * d / demand;
            }
            extra -= share;
        }
        if extra > 0.0 {
            let prose: f64 = widths
                .iter()
                .zip(&self.columns)
                .filter(|(_, c)| c.align == Align::Left)
                .map(|(w, _)| w)
                .sum();
            for (w, c) in widths.iter_mut().zip(&self.columns) {
                if prose > 0.0 && c.align == Align::Left {
                    *w += extra * *w / prose;
                }
            }
        }
        widths
    }

    /// Draws the table `width` wide (wider if its content needs it) at the
    /// origin; returns the group and its height.
    pub(crate) fn draw(&self, width: f64) -> (Group, f64) {
        let widths = self.widths(width);
        let total: f64 = widths.iter().sum();
        let lh = BODY_SIZE * LINE_HEIGHT;
        let mut xs = Vec::with_capacity(widths.len() + 1);
        let mut x = 0.0;
        xs.push(x);
        for w in &widths {
            x += w;
            xs.push(x);
        }

        let mut g = Group::new();
        let mut grid = String::new();

        // Header row.
        let header_lines: Vec<Vec<String>> = self
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                fit(
                    c.header,
                    (w - 2.0 * PAD_X) / crate::render::BOLD_FACTOR,
                    BODY_SIZE,
                )
            })
            .collect();
        let header_h =
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f64 * lh + 2.0 * PAD_Y;
        g.append(
            Rectangle::new()
                .set("x", 0)
                .set("y", 0)
                .set("width", num(total))
                .set("height", num(header_h))
                .set("fill", "#e8e8e8"),
        );
        let mut head = Group::new()
            .set("font-weight", "bold")
            .set("text-anchor", "middle");
        for (i, lines) in header_lines.iter().enumerate() {
            let cx =
                (xs.get(i).copied().unwrap_or(0.0) + xs.get(i + 1).copied().unwrap_or(0.0)) / 2.0;
            let top = (header_h - lines.len() as f64 * lh) / 2.0;
            for (k, l) in lines.iter().enumerate() {
                head.append(text_el(
                    l,
                    cx,
                    baseline(top + k as f64 * lh, BODY_SIZE, LINE_HEIGHT),
                    BODY_SIZE,
                ));
            }
        }
        g.append(head);

        // Body rows.
        let mut y = header_h;
        let mut row_tops = Vec::with_capacity(self.rows.len());
        let mut body = String::new();
        for row in &self.rows {
            let mut cells = Vec::with_capacity(self.columns.len());
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i);
                let text = cell.map(|c| c.text.as_str()).unwrap_or("");
                let badge = cell.and_then(|c| c.badge);
                let room = if badge.is_some() && !text.is_empty() {
                    BADGE_ROOM
                } else {
                    0.0
                };
                let lines = if text.is_empty() {
                    Vec::new()
                } else {
                    fit(text, (w - 2.0 * PAD_X - room).max(BODY_SIZE), BODY_SIZE)
                };
                cells.push((lines, badge));
            }
            let n = cells.iter().map(|(l, _)| l.len()).max().unwrap_or(0).max(1);
            let row_h = (n as f64 * lh).max(2.0 * chart::BADGE_R) + 2.0 * PAD_Y;
            for (i, (lines, badge)) in cells.iter().enumerate() {
                let x0 = xs.get(i).copied().unwrap_or(0.0);
                let w = widths.get(i).copied().unwrap_or(0.0);
                let align = self.columns.get(i).map_or(Align::Left, |c| c.align);
                let top = y + (row_h - lines.len() as f64 * lh) / 2.0;
                for (k, l) in lines.iter().enumerate() {
                    let by = baseline(top + k as f64 * lh, BODY_SIZE, LINE_HEIGHT);
                    let t = match align {
                        Align::Left => text_el(l, x0 + PAD_X, by, BODY_SIZE),
                        Align::Center => {
                            text_el(l, x0 + w / 2.0, by, BODY_SIZE).set("text-anchor", "middle")
                        }
                    };
                    chart::push(&mut body, &t);
                }
                if let Some(level) = badge {
                    let (bx, by) = match lines.first() {
                        None => (x0 + w / 2.0, y + row_h / 2.0),
                        Some(first) => {
                            let tw = crate::text::width(first, BODY_SIZE);
                            let left = match align {
                                Align::Left => x0 + PAD_X,
                                Align::Center => x0 + w / 2.0 - tw / 2.0,
                            };
                            (left + tw + 4.0 + chart::BADGE_R, top + lh / 2.0)
                        }
                    };
                    chart::push(&mut body, &chart::badge(*level, bx, by));
                }
            }
            row_tops.push(y);
            y += row_h;
        }
        g.append(chart::layer(body));

        // Grid: row rules, column rules, a heavier frame.
        for &ty in row_tops.iter() {
            chart::push(&mut grid, &hline(0.0, total, ty));
        }
        for &cx in xs.iter().skip(1).take(widths.len().saturating_sub(1)) {
            chart::push(&mut grid, &vline(cx, 0.0, y));
        }
        g.append(
            chart::layer(grid)
                .set("stroke", "#000000")
                .set("stroke-width", 0.8),
        );
        g.append(
            Rectangle::new()
                .set("x", 0)
                .set("y", 0)
                .set("width", num(total))
                .set("height", num(y))
                .set("fill", "none")
                .set("stroke", "#000000")
                .set("stroke-width", 1.4),
        );
        (g, y)
    }
}

fn hline(x1: f64, x2: f64, y: f64) -> Line {
    Line::new()
        .set("x1", num(x1))
        .set("y1", num(y))
        .set("x2", num(x2))
        .set("y2", num(y))
}

fn vline(x: f64, y1: f64, y2: f64) -> Line {
    Line::new()
        .set("x1", num(x))
        .set("y1", num(y1))
        .set("x2", num(x))
        .set("y2", num(y2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(duty: &str) -> Table {
        Table::new(
            vec![
                Column::new("序号", 40.0, 48.0, Align::Center),
                Column::new("岗位职能", 100.0, 200.0, Align::Left),
            ],
            vec![vec![Cell::text("1".into()), Cell::text(duty.into())]],
        )
    }

    #[test]
    fn widths_respect_bounds_and_fill_the_target() {
        let t = table("短");
        let w = t.widths(600.0);
        assert!((w.iter().sum::<f64>() - 600.0).abs() < 1e-6, "{w:?}");
        assert!(w[0] >= 40.0 && w[0] <= 48.0, "{w:?}");
        let t = table(&"很长的职能描述".repeat(20));
        assert!((t.natural_width() - (t.widths(0.0)[0] + 200.0)).abs() < 1e-6);
    }

    #[test]
    fn long_cells_wrap_and_make_the_row_taller() {
        let (_, short) = table("短").draw(300.0);
        let (_, long) = table(&"很长的职能描述".repeat(20)).draw(300.0);
        assert!(long > short + 3.0 * BODY_SIZE, "{short} {long}");
    }
}
