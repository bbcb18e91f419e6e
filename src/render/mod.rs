//! SVG output: the print-ready page for one power — title block, chart, risk
//! legend, 岗位说明 table, 法律依据, and the 廉政风险点 table when risks exist.
//!
//! The page is a single column of blocks stacked top to bottom; each block
//! reports its height, so the document's `height` and `viewBox` always hold
//! everything (nothing is clipped). Black on white with shapes, outlines and
//! dash patterns carrying every distinction, so a B/W print loses nothing.
//!
//! Decisions a reader of the output may ask about:
//! - Title: the power's name, with `kind · code` and a line of 行使主体 /
//!   法定时限 / 承诺时限 under it. A file without `power` is titled with
//!   [`SvgOptions::fallback_title`] (the CLI passes the file stem); with no
//!   fallback either, the page starts with the chart — never with a node's text.
//! - Party-led nodes (申请人, 当事人 …) have a dashed outline and a light
//!   diagonal hatch; the legend explains the sample whenever one is drawn.
//! - Risk badges: 高 white on a black disc, 中 in a double ring, 低 in a
//!   dashed ring — shape, not colour, tells them apart. Posts with a `level`
//!   carry the badge after their name in the table.
//! - Arrowheads are triangles computed here (not SVG markers), tip exactly on
//!   the polyline's last point in every renderer.
//! - The 岗位说明 table is at least as wide as the chart and at least
//!   `MIN_CONTENT_WIDTH`; posts are rows in `Flow::table` order, 序号 is the
//!   post's `row` (the number the chart's ② refers to). No posts, no table.
//!
//! Files: [`escape`] (user text → safe XML text, fixed-precision numbers),
//! `chart` (shapes, edges, labels, badges), `table` (measured, wrapped tables).
//! User text only ever becomes XML character data; user ids never become XML
//! ids or class names. Output is a pure function of the inputs: same bytes
//! every run.

pub mod escape;

mod chart;
mod table;

use svg::node::element::{Definitions, Element, Group, Line, Pattern, Rectangle, Title};
use svg::Node;

use crate::ast::Level;
use crate::diagram::Diagram;
use crate::model::Flow;

use self::escape::num;
use self::table::{Align, Cell, Column, Table};

/// Rendering options.
#[derive(Debug, Clone, PartialEq)]
pub struct SvgOptions {
    /// CSS font-family list, CJK first (the CLI's `--font` sets it).
    pub font_family: String,
    /// Title used when the flow has no `power` header (the CLI passes the
    /// file stem). With neither, the page starts with the chart.
    pub fallback_title: Option<String>,
    /// Whether to add the 廉政风险点 table after the legal basis when the flow
    /// has any risk point.
    pub risk_table: bool,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            font_family: "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', SimSun, sans-serif".to_string(),
            fallback_title: None,
            risk_table: true,
        }
    }
}

/// Page margin, px.
const MARGIN: f64 = 28.0;
/// Narrowest content width: an A4 page's printable width at 96 dpi, roughly.
const MIN_CONTENT_WIDTH: f64 = 700.0;
/// Title size, px.
const TITLE_SIZE: f64 = 22.0;
/// Subtitle (kind · code) and info line size, px.
const SUBTITLE_SIZE: f64 = 13.0;
/// Section captions (岗位说明, 法律依据 …), px.
const CAPTION_SIZE: f64 = 15.0;
/// Table and basis text, px.
pub(crate) const BODY_SIZE: f64 = 12.0;
/// Line height factor outside the chart.
pub(crate) const LINE_HEIGHT: f64 = 1.4;
/// Vertical gap between blocks, px.
const GAP: f64 = 20.0;
/// Where the baseline sits below the middle of a line box, in em: the middle
/// of a CJK ideograph is about 0.38 em above the baseline, Latin x-height less.
pub(crate) const BASELINE_SHIFT: f64 = 0.36;
/// Bold text measures about this much wider than regular.
pub(crate) const BOLD_FACTOR: f64 = 1.06;
/// The id of the hatch pattern filling party-led shapes (never a user id).
pub(crate) const PARTY_PATTERN: &str = "flowc-party";

/// The print-ready SVG document for one power.
pub fn svg(flow: &Flow, diagram: &Diagram, opts: &SvgOptions) -> String {
    let posts = post_table(flow);
    let risks = if opts.risk_table {
        risk_table(flow)
    } else {
        None
    };
    let mut content_w = MIN_CONTENT_WIDTH.max(finite(diagram.width));
    content_w = content_w.max(posts.natural_width());
    if let Some(r) = &risks {
        content_w = content_w.max(r.natural_width());
    }

    let mut body = Group::new();
    let mut y = MARGIN;

    if let Some(block) = title_block(flow, opts, content_w) {
        body.append(block.group.set("transform", translate(MARGIN, y)));
        y += block.height + GAP;
    }

    let chart_x = MARGIN + (content_w - finite(diagram.width)).max(0.0) / 2.0;
    body.append(chart::chart(diagram).set("transform", translate(chart_x, y)));
    y += finite(diagram.height).max(0.0);

    let any_badge = diagram.nodes.iter().any(|n| !n.risks.is_empty())
        || flow.actors.iter().any(|a| !a.party && a.level.is_some())
        || risks.is_some();
    let any_party = diagram.nodes.iter().any(|n| n.party);
    if any_badge || any_party {
        y += GAP / 2.0;
        let (legend, h) = legend(any_badge, any_party);
        body.append(legend.set("transform", translate(MARGIN, y)));
        y += h;
    }

    // A flow whose actors are all parties has no 岗位说明 rows: no table then.
    if !posts.is_empty() {
        y += GAP;
        body.append(caption("岗位说明", MARGIN, y));
        y += CAPTION_SIZE * LINE_HEIGHT + 4.0;
        let (g, h) = posts.draw(content_w);
        body.append(g.set("transform", translate(MARGIN, y)));
        y += h;
    }

    if let Some(p) = &flow.power {
        if !p.basis.is_empty() {
            y += GAP;
            let (g, h) = basis_block(&p.basis, content_w);
            body.append(g.set("transform", translate(MARGIN, y)));
            y += h;
        }
    }

    if let Some(r) = &risks {
        y += GAP;
        body.append(caption("廉政风险点", MARGIN, y));
        y += CAPTION_SIZE * LINE_HEIGHT + 4.0;
        let (g, h) = r.draw(content_w);
        body.append(g.set("transform", translate(MARGIN, y)));
        y += h;
    }

    let width = content_w + 2.0 * MARGIN;
    let height = y + MARGIN;
    let mut doc = svg::Document::new()
        .set("width", num(width))
        .set("height", num(height))
        .set("viewBox", format!("0 0 {} {}", num(width), num(height)))
        .set("font-family", escape::attr(&opts.font_family))
        .set("fill", "#000000");
    if let Some(t) = page_title(flow, opts) {
        doc.append(Title::new(escape::text(&t)));
    }
    doc.append(defs());
    doc.append(
        Rectangle::new()
            .set("x", 0)
            .set("y", 0)
            .set("width", num(width))
            .set("height", num(height))
            .set("fill", "#ffffff"),
    );
    doc.append(body);
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doc}\n")
}

/// `translate(x,y)` at fixed precision.
pub(crate) fn translate(x: f64, y: f64) -> String {
    format!("translate({},{})", num(x), num(y))
}

/// A finite, non-negative length (a broken diagram must not break the page).
fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v.max(0.0)
    } else {
        0.0
    }
}

/// Bold text is measured a little wider.
pub(crate) fn bold_width(s: &str, size: f64) -> f64 {
    crate::text::width(s, size) * BOLD_FACTOR
}

/// Breaks `s` into lines no wider than `max_width` with [`crate::text::wrap`];
/// a line that still does not fit (an unbreakable run) is cut between characters,
/// so nothing ever overflows its cell.
pub(crate) fn fit(s: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut out = Vec::new();
    for line in crate::text::wrap(s, max_width, size) {
        if crate::text::width(&line, size) <= max_width + 0.01 {
            out.push(line);
            continue;
        }
        cut(&line, max_width, size, &mut out);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// Breaks one overlong line: at the last place before the overflow that does
/// not split a run of ASCII letters, digits and punctuation (`9:00-17:00`),
/// else between any two characters. Every line ends up within `max_width`
/// unless a single character is wider.
fn cut(line: &str, max_width: f64, size: f64, out: &mut Vec<String>) {
    let word = |c: char| c.is_ascii_graphic();
    let emit = |cur: &[(char, f64)], out: &mut Vec<String>| {
        let s: String = cur.iter().map(|(c, _)| c).collect();
        out.push(s.trim_end().to_string());
    };
    let mut cur: Vec<(char, f64)> = Vec::new();
    let mut cur_w = 0.0;
    // Where the current line may be broken: a new line starts at this index.
    let mut brk: Option<usize> = None;
    let mut buf = [0u8; 4];
    for c in line.chars() {
        let cw = crate::text::width(c.encode_utf8(&mut buf), size);
        if let Some(&(p, _)) = cur.last() {
            if !(word(p) && word(c)) {
                brk = Some(cur.len());
            }
        }
        if !cur.is_empty() && cur_w + cw > max_width + 0.01 {
            let at = brk.filter(|&b| b > 0).unwrap_or(cur.len());
            let mut tail = cur.split_off(at);
            emit(&cur, out);
            let lead = tail.iter().take_while(|(c, _)| c.is_whitespace()).count();
            tail.drain(..lead);
            cur = tail;
            cur_w = cur.iter().map(|(_, w)| w).sum();
            brk = None;
            if !cur.is_empty() && cur_w + cw > max_width + 0.01 {
                emit(&cur, out);
                cur.clear();
                cur_w = 0.0;
            }
        }
        if cur.is_empty() && c.is_whitespace() && !out.is_empty() {
            continue;
        }
        cur.push((c, cw));
        cur_w += cw;
    }
    emit(&cur, out);
}

/// Builder-style attribute setting for a plain [`Element`].
pub(crate) trait SetAttr {
    /// Sets attribute `name` to `value` and returns the element.
    fn set(self, name: &str, value: impl Into<svg::node::Value>) -> Self;
}

impl SetAttr for Element {
    fn set(mut self, name: &str, value: impl Into<svg::node::Value>) -> Self {
        self.assign(name, value);
        self
    }
}

/// A `<text>` element holding user text (escaped), baseline at `y`.
///
/// Built as a plain element: the crate's `Text` type writes its content on a
/// line of its own, which puts stray line breaks into the character data.
pub(crate) fn text_el(s: &str, x: f64, y: f64, size: f64) -> Element {
    let mut e = Element::new("text")
        .set("x", num(x))
        .set("y", num(y))
        .set("font-size", num(size));
    e.append(svg::node::Text::new(escape::text(s)));
    e
}

/// The baseline of a line whose box starts at `top` with height `size * lh`.
pub(crate) fn baseline(top: f64, size: f64, lh: f64) -> f64 {
    top + size * lh / 2.0 + size * BASELINE_SHIFT
}

/// A laid-out block and its height.
struct Block {
    group: Group,
    height: f64,
}

/// The page title: the power's name, else the fallback; None without either
/// (a blank name counts as none).
fn page_title(flow: &Flow, opts: &SvgOptions) -> Option<String> {
    let blank = |s: &&String| escape::text(s).trim().is_empty();
    flow.power
        .as_ref()
        .map(|p| &p.name)
        .filter(|n| !blank(n))
        .or(opts.fallback_title.as_ref().filter(|n| !blank(n)))
        .cloned()
}

/// Title, `kind · code`, and an info line (行使主体, 法定时限, 承诺时限), centred.
fn title_block(flow: &Flow, opts: &SvgOptions, w: f64) -> Option<Block> {
    let title = page_title(flow, opts)?;
    let mut g = Group::new().set("text-anchor", "middle");
    let cx = w / 2.0;
    let mut y = 0.0;
    for line in fit(&title, w / BOLD_FACTOR, TITLE_SIZE) {
        g.append(
            text_el(&line, cx, baseline(y, TITLE_SIZE, 1.3), TITLE_SIZE).set("font-weight", "bold"),
        );
        y += TITLE_SIZE * 1.3;
    }
    let mut subs: Vec<String> = Vec::new();
    if let Some(p) = &flow.power {
        let kc: Vec<&str> = [p.kind.as_deref(), p.code.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect();
        if !kc.is_empty() {
            subs.push(kc.join(" · "));
        }
        let mut info = Vec::new();
        if let Some(s) = p.subject.as_deref().filter(|s| !s.trim().is_empty()) {
            info.push(format!("行使主体：{s}"));
        }
        if let Some(d) = &p.limit {
            info.push(format!("法定时限：{}", d.display()));
        }
        if let Some(d) = &p.promise {
            info.push(format!("承诺时限：{}", d.display()));
        }
        if !info.is_empty() {
            subs.push(info.join("　"));
        }
    }
    if !subs.is_empty() {
        y += 4.0;
    }
    for s in subs {
        for line in fit(&s, w, SUBTITLE_SIZE) {
            g.append(
                text_el(
                    &line,
                    cx,
                    baseline(y, SUBTITLE_SIZE, LINE_HEIGHT),
                    SUBTITLE_SIZE,
                )
                .set("fill", "#222222"),
            );
            y += SUBTITLE_SIZE * LINE_HEIGHT;
        }
    }
    y += 6.0;
    g.append(
        Line::new()
            .set("x1", 0)
            .set("y1", num(y))
            .set("x2", num(w))
            .set("y2", num(y))
            .set("stroke", "#000000")
            .set("stroke-width", 1),
    );
    Some(Block {
        group: g,
        height: y,
    })
}

/// A bold section caption, top at `y`.
fn caption(s: &str, x: f64, y: f64) -> Element {
    text_el(s, x, baseline(y, CAPTION_SIZE, LINE_HEIGHT), CAPTION_SIZE).set("font-weight", "bold")
}

/// The legend line: `廉政风险等级：●高 ◎中 ○低` drawn with the chart's badges
/// when `risks`, and the dashed, hatched sample of a party-led step when
/// `party`; its height.
fn legend(risks: bool, party: bool) -> (Group, f64) {
    let h = 2.0 * chart::BADGE_R + 4.0;
    let cy = h / 2.0;
    let by = cy + BODY_SIZE * BASELINE_SHIFT;
    let mut g = Group::new();
    let mut x = 0.0;
    if risks {
        let label = "廉政风险等级：";
        g.append(text_el(label, x, by, BODY_SIZE));
        x += crate::text::width(label, BODY_SIZE) + 4.0;
        for (level, name) in [
            (Level::High, "高风险"),
            (Level::Medium, "中风险"),
            (Level::Low, "低风险"),
        ] {
            g.append(chart::badge(level, x + chart::BADGE_R, cy));
            x += 2.0 * chart::BADGE_R + 4.0;
            g.append(text_el(name, x, by, BODY_SIZE));
            x += crate::text::width(name, BODY_SIZE) + 16.0;
        }
        x += 16.0;
    }
    if party {
        let (w, sh) = (30.0, 14.0);
        g.append(
            Rectangle::new()
                .set("x", num(x))
                .set("y", num(cy - sh / 2.0))
                .set("width", num(w))
                .set("height", num(sh))
                .set("rx", 2)
                .set("fill", format!("url(#{PARTY_PATTERN})"))
                .set("stroke", "#000000")
                .set("stroke-width", 1.2)
                .set("stroke-dasharray", "4 2"),
        );
        x += w + 6.0;
        g.append(text_el(
            "相对人办理的环节（不计入办理时限）",
            x,
            by,
            BODY_SIZE,
        ));
    }
    (g, h)
}

/// The 岗位说明 table: one row per post in `flow.table` order.
fn post_table(flow: &Flow) -> Table {
    let columns = vec![
        Column::new("序号", 40.0, 48.0, Align::Center),
        Column::new("岗位名称", 80.0, 150.0, Align::Left),
        Column::new("岗位职能", 140.0, 320.0, Align::Left),
        Column::new("办理人员", 72.0, 130.0, Align::Left),
        Column::new("办理地点和时间", 110.0, 230.0, Align::Left),
        Column::new("承诺办结期限", 104.0, 140.0, Align::Center),
    ];
    let mut rows = Vec::new();
    for (i, &a) in flow.table.iter().enumerate() {
        let Some(actor) = flow.actors.get(a) else {
            continue;
        };
        if actor.party {
            continue;
        }
        let n = actor.row.unwrap_or(i + 1);
        rows.push(vec![
            Cell::text(n.to_string()),
            Cell {
                text: actor.display_name().to_string(),
                badge: actor.level,
            },
            Cell::text(actor.duty.clone().unwrap_or_default()),
            Cell::text(actor.staff.clone().unwrap_or_default()),
            Cell::text(actor.place.clone().unwrap_or_default()),
            Cell::text(
                actor
                    .deadline
                    .as_ref()
                    .map(|d| d.display())
                    .unwrap_or_default(),
            ),
        ]);
    }
    Table::new(columns, rows)
}

/// The 廉政风险点 table (附表3): every risk of a post, then of a node; None without risks.
fn risk_table(flow: &Flow) -> Option<Table> {
    let columns = vec![
        Column::new("序号", 40.0, 48.0, Align::Center),
        Column::new("岗位／环节", 80.0, 170.0, Align::Left),
        Column::new("风险点描述", 140.0, 280.0, Align::Left),
        Column::new("等级", 44.0, 48.0, Align::Center),
        Column::new("类别", 64.0, 72.0, Align::Center),
        Column::new("防控措施", 140.0, 300.0, Align::Left),
        Column::new("责任人", 64.0, 120.0, Align::Left),
    ];
    let mut rows = Vec::new();
    let mut push = |place: String, r: &crate::model::Risk| {
        let measures = match r.measures.len() {
            0 => String::new(),
            1 => r.measures.first().cloned().unwrap_or_default(),
            _ => r
                .measures
                .iter()
                .enumerate()
                .map(|(i, m)| format!("{}. {m}", i + 1))
                .collect::<Vec<_>>()
                .join("\n"),
        };
        rows.push(vec![
            Cell::text((rows.len() + 1).to_string()),
            Cell::text(place),
            Cell::text(r.description.clone()),
            Cell {
                text: String::new(),
                badge: r.level,
            },
            Cell::text(r.category.map(|c| c.zh().to_string()).unwrap_or_default()),
            Cell::text(measures),
            Cell::text(r.owner.clone().unwrap_or_default()),
        ]);
    };
    for &a in &flow.table {
        if let Some(actor) = flow.actors.get(a) {
            for r in &actor.risks {
                push(actor.display_name().to_string(), r);
            }
        }
    }
    for node in &flow.nodes {
        let lead = node
            .actors
            .first()
            .and_then(|&a| flow.actors.get(a))
            .map(|a| format!("{}：", a.display_name()))
            .unwrap_or_default();
        for r in &node.risks {
            push(format!("{lead}{}", node.text.replace('\n', "")), r);
        }
    }
    if rows.is_empty() {
        None
    } else {
        Some(Table::new(columns, rows))
    }
}

/// `法律依据：` and each basis, numbered, with a hanging indent.
fn basis_block(basis: &[String], w: f64) -> (Group, f64) {
    let mut g = Group::new();
    let lh = BODY_SIZE * LINE_HEIGHT;
    let head = "法律依据：";
    g.append(
        text_el(head, 0.0, baseline(0.0, BODY_SIZE, LINE_HEIGHT), BODY_SIZE)
            .set("font-weight", "bold"),
    );
    let mut y = lh;
    let indent = 2.0 * BODY_SIZE;
    for (i, b) in basis.iter().enumerate() {
        if basis.len() > 1 {
            let marker = format!("{}.", i + 1);
            g.append(text_el(
                &marker,
                BODY_SIZE,
                baseline(y, BODY_SIZE, LINE_HEIGHT),
                BODY_SIZE,
            ));
        }
        for line in fit(b, w - indent, BODY_SIZE) {
            g.append(text_el(
                &line,
                indent,
                baseline(y, BODY_SIZE, LINE_HEIGHT),
                BODY_SIZE,
            ));
            y += lh;
        }
    }
    (g, y)
}

/// Shared definitions: the hatch that marks party-led shapes.
fn defs() -> Definitions {
    let pattern = Pattern::new()
        .set("id", PARTY_PATTERN)
        .set("patternUnits", "userSpaceOnUse")
        .set("width", 7)
        .set("height", 7)
        .set("patternTransform", "rotate(45)")
        .add(
            Rectangle::new()
                .set("width", 7)
                .set("height", 7)
                .set("fill", "#ffffff"),
        )
        .add(
            Line::new()
                .set("x1", 0)
                .set("y1", 0)
                .set("x2", 0)
                .set("y2", 7)
                .set("stroke", "#bbbbbb")
                .set("stroke-width", 1.2),
        );
    Definitions::new().add(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_unbreakable_runs_to_the_width() {
        let long = "很".repeat(40);
        let lines = fit(&long, 120.0, 12.0);
        assert!(lines.len() >= 4, "{lines:?}");
        for l in &lines {
            assert!(crate::text::width(l, 12.0) <= 120.01, "{l}");
        }
        assert_eq!(lines.concat(), long);
        assert_eq!(fit("", 100.0, 12.0), vec![String::new()]);
        assert_eq!(fit("a\nb", 100.0, 12.0), vec!["a", "b"]);
    }

    #[test]
    fn fit_keeps_ascii_runs_whole_when_it_can() {
        let lines = fit("政务服务中心3号窗口，工作日9:00-17:00", 170.0, 12.0);
        assert_eq!(lines, vec!["政务服务中心3号窗口，工作日", "9:00-17:00"]);
        let lines = fit("aaaa bbbb cccc", 40.0, 12.0);
        assert_eq!(lines, vec!["aaaa", "bbbb", "cccc"]);
        for l in fit(&"x".repeat(50), 60.0, 12.0) {
            assert!(crate::text::width(&l, 12.0) <= 60.01, "{l}");
        }
    }

    #[test]
    fn fit_keeps_progress_when_one_char_is_wider_than_the_width() {
        let lines = fit("很很", 1.0, 12.0);
        assert_eq!(lines, vec!["很", "很"]);
    }
}
