//! SVG renderer tests: golden pages, XML well-formedness, every user text
//! present as text, markup injection through every field, determinism, and
//! rasterisation with `rsvg-convert` when it is installed.

mod common;

use std::path::{Path, PathBuf};

use flowc::ast::{Category, Level, NodeKind, Unit};
use flowc::diagram::{Diagram, EdgePath, NodeBox, Rect, TextStyle};
use flowc::model::{Actor, Deadline, Edge, Flow, Node, Power, Risk};
use flowc::render::{svg, SvgOptions};
use flowc::Span;

// ---------------------------------------------------------------- builders

fn post(id: &str, duty: &str, staff: &str, place: &str, deadline: Option<Deadline>) -> Actor {
    Actor {
        id: id.to_string(),
        full_name: None,
        party: false,
        duty: Some(duty.to_string()).filter(|s| !s.is_empty()),
        staff: Some(staff.to_string()).filter(|s| !s.is_empty()),
        place: Some(place.to_string()).filter(|s| !s.is_empty()),
        deadline,
        level: None,
        risks: Vec::new(),
        row: None,
        span: Span::default(),
    }
}

fn party(id: &str) -> Actor {
    Actor {
        party: true,
        ..post(id, "", "", "", None)
    }
}

fn days(n: u64, unit: Unit) -> Option<Deadline> {
    Some(Deadline::Amount { amount: n, unit })
}

fn risk(level: Option<Level>, desc: &str, measures: &[&str]) -> Risk {
    Risk {
        level,
        category: Some(Category::PowerUse),
        description: desc.to_string(),
        measures: measures.iter().map(|s| s.to_string()).collect(),
        owner: None,
    }
}

/// Node spec for the hand-made flows: id, kind, text, actors, own deadline,
/// grid column and row.
struct N<'a> {
    id: &'a str,
    kind: NodeKind,
    text: &'a str,
    actors: Vec<usize>,
    deadline: Option<Deadline>,
    col: u32,
    row: u32,
}

fn n<'a>(
    id: &'a str,
    kind: NodeKind,
    text: &'a str,
    actors: &[usize],
    col: u32,
    row: u32,
) -> N<'a> {
    N {
        id,
        kind,
        text,
        actors: actors.to_vec(),
        deadline: None,
        col,
        row,
    }
}

/// A flow and a simple grid layout of it (until the layout engine lands,
/// this stands in for `layout::layout`): nodes on a grid, edges orthogonal,
/// back edges around the left side, labels beside their source.
fn build(
    power: Option<Power>,
    actors: Vec<Actor>,
    nodes: Vec<N>,
    edges: &[(usize, usize, Option<&str>, bool)],
) -> (Flow, Diagram) {
    let mut actors = actors;
    let mut table = Vec::new();
    for spec in &nodes {
        for &a in &spec.actors {
            if !actors[a].party && !table.contains(&a) {
                table.push(a);
            }
        }
    }
    for (i, a) in actors.iter().enumerate() {
        if !a.party && !table.contains(&i) {
            table.push(i);
        }
    }
    for (row, &a) in table.iter().enumerate() {
        actors[a].row = Some(row + 1);
    }
    let style = TextStyle::default();
    let mut flow_nodes = Vec::new();
    let mut boxes = Vec::new();
    for (i, spec) in nodes.iter().enumerate() {
        let lead = spec.actors.first().map(|&a| &actors[a]);
        let party_step = lead.is_some_and(|a| a.party);
        let effective = spec
            .deadline
            .clone()
            .or_else(|| lead.filter(|a| !a.party).and_then(|a| a.deadline.clone()));
        let risks = match i {
            _ if spec.id == "准予" => {
                vec![risk(Some(Level::High), "违规审批", &["审批结果网上公示"])]
            }
            _ => Vec::new(),
        };
        let mut sub = Vec::new();
        if spec.kind == NodeKind::Step || spec.kind == NodeKind::Decide {
            if let Some(a) = lead {
                let mut s = match a.row {
                    Some(r) => format!("{} {}", circled(r), a.display_name()),
                    None => a.display_name().to_string(),
                };
                if let Some(d) = &effective {
                    s.push_str(&format!(" · {}", d.display()));
                }
                sub.push(s);
            }
        }
        let (w, h) = match spec.kind {
            NodeKind::Decide => (210.0, 84.0),
            NodeKind::Start | NodeKind::End => (170.0, 44.0),
            NodeKind::Step => (190.0, if sub.is_empty() { 40.0 } else { 56.0 }),
        };
        let cx = 150.0 + f64::from(spec.col) * 240.0;
        let cy = 40.0 + f64::from(spec.row) * 110.0;
        let mut levels: Vec<Level> = risks.iter().filter_map(|r| r.level).collect();
        if let Some(a) = lead {
            if spec.kind != NodeKind::Start && spec.kind != NodeKind::End {
                levels.extend(a.level);
            }
        }
        levels.sort();
        levels.dedup();
        boxes.push(NodeBox {
            id: spec.id.to_string(),
            kind: spec.kind,
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
            text: spec.text.to_string(),
            lines: spec.text.split('\n').map(str::to_string).collect(),
            sub_lines: sub,
            party: party_step,
            risks: levels,
        });
        flow_nodes.push(Node {
            id: spec.id.to_string(),
            kind: spec.kind,
            text: spec.text.to_string(),
            actors: spec.actors.clone(),
            deadline: spec.deadline.clone(),
            effective_deadline: effective,
            risks,
            note: None,
            party_step,
            span: Span::default(),
        });
    }
    let mut paths = Vec::new();
    let mut flow_edges = Vec::new();
    for &(f, t, label, back) in edges {
        let (a, b) = (&boxes[f], &boxes[t]);
        let (acx, acy) = (a.x + a.w / 2.0, a.y + a.h / 2.0);
        let (bcx, bcy) = (b.x + b.w / 2.0, b.y + b.h / 2.0);
        let points = if back {
            let side = a.x.min(b.x) - 30.0;
            vec![[a.x, acy], [side, acy], [side, bcy], [b.x, bcy]]
        } else if (acx - bcx).abs() < 1.0 {
            vec![[acx, a.y + a.h], [bcx, b.y]]
        } else if bcy > acy + 1.0 {
            let sx = if bcx > acx { a.x + a.w } else { a.x };
            vec![[sx, acy], [bcx, acy], [bcx, b.y]]
        } else {
            let sx = if bcx > acx { a.x + a.w } else { a.x };
            let tx = if bcx > acx { b.x } else { b.x + b.w };
            vec![[sx, acy], [tx, bcy]]
        };
        let label_box = label.map(|l| {
            let w = flowc::text::width(l, style.label_font_size) + 6.0;
            let h = style.label_font_size * style.line_height + 2.0;
            let [x0, y0] = points[0];
            let [x1, _] = points[1];
            if (x0 - x1).abs() < 0.5 {
                Rect {
                    x: x0 + 4.0,
                    y: y0 + 4.0,
                    w,
                    h,
                }
            } else {
                Rect {
                    x: x0 + if x1 > x0 { 6.0 } else { -6.0 - w },
                    y: y0 - h - 2.0,
                    w,
                    h,
                }
            }
        });
        paths.push(EdgePath {
            from: boxes[f].id.clone(),
            to: boxes[t].id.clone(),
            label: label.map(str::to_string),
            points,
            label_box,
            back,
        });
        flow_edges.push(Edge {
            from: f,
            to: t,
            label: label.map(str::to_string),
            back,
            span: Span::default(),
        });
    }
    let width = boxes.iter().map(|b| b.x + b.w).fold(0.0, f64::max) + 40.0;
    let height = boxes.iter().map(|b| b.y + b.h).fold(0.0, f64::max) + 20.0;
    let flow = Flow {
        power,
        actors,
        nodes: flow_nodes,
        edges: flow_edges,
        start: 0,
        table,
        totals: Vec::new(),
    };
    let diagram = Diagram {
        width,
        height,
        style,
        nodes: boxes,
        edges: paths,
    };
    (flow, diagram)
}

fn circled(n: usize) -> String {
    char::from_u32(0x2460 + (n as u32).saturating_sub(1)).map_or(n.to_string(), String::from)
}

/// The contract's §1 example, by hand.
fn licensing() -> (Flow, Diagram) {
    use NodeKind::*;
    let power = Power {
        name: "医疗机构执业登记".into(),
        code: Some("XK-0012".into()),
        kind: Some("行政许可".into()),
        content: Some("对申请执业登记的医疗机构进行审查，作出是否准予登记的决定".into()),
        subject: Some("医政医管处".into()),
        basis: vec![
            "《医疗机构管理条例》第十五条".into(),
            "《医疗机构管理条例实施细则》第二十五条".into(),
        ],
        conditions: Some("申请材料齐全、符合法定形式".into()),
        limit: days(20, Unit::Workdays),
        promise: None,
    };
    let mut shen = post(
        "审核岗",
        "审查申请材料的合理性，提出是否准予许可的意见",
        "李某",
        "",
        days(15, Unit::Workdays),
    );
    shen.risks.push(Risk {
        level: Some(Level::Medium),
        category: Some(Category::PowerUse),
        description: "审查标准掌握不一，自由裁量空间大".into(),
        measures: vec!["制定审查细则并向社会公开".into(), "实行集体会审".into()],
        owner: None,
    });
    let mut pi = post(
        "审批岗",
        "决定是否准予许可",
        "张某",
        "",
        days(3, Unit::Workdays),
    );
    pi.level = Some(Level::High);
    let actors = vec![
        post(
            "受理岗",
            "审查申请材料完整性、准确性，根据行政许可受理程序的相关规定，作出受理决定",
            "王某",
            "政务服务中心3号窗口，工作日9:00-17:00",
            Some(Deadline::Immediate),
        ),
        shen,
        pi,
        post(
            "制证岗",
            "登记许可结果，制作证书，送达申请人",
            "赵某",
            "",
            days(2, Unit::Workdays),
        ),
        party("申请人"),
    ];
    let mut nodes = vec![
        n("申请", Start, "申请人提交申请", &[4], 0, 0),
        n("受理", Step, "接收并审查申请材料", &[0], 0, 1),
        n("齐全", Decide, "材料是否齐全、\n符合法定形式？", &[0], 0, 2),
        n("补正", Step, "一次性告知需补正的全部内容", &[0], 1, 2),
        n("补交", Step, "申请人补正材料", &[4], 1, 1),
        n("审核", Step, "审查材料，提出审核意见", &[1], 0, 3),
        n("准予", Decide, "是否准予许可？", &[2], 0, 4),
        n("制证", Step, "制作许可证书并送达", &[3], 0, 5),
        n("不予", Step, "作出不予许可决定\n并说明理由", &[2], 1, 5),
        n("办结", End, "办结", &[], 0, 6),
    ];
    nodes[3].deadline = days(5, Unit::Workdays);
    nodes[4].deadline = days(30, Unit::Days);
    nodes[8].deadline = days(2, Unit::Workdays);
    build(
        Some(power),
        actors,
        nodes,
        &[
            (0, 1, None, false),
            (1, 2, None, false),
            (2, 5, Some("是"), false),
            (2, 3, Some("否"), false),
            (3, 4, None, false),
            (4, 1, None, false),
            (5, 6, None, false),
            (6, 7, Some("是"), false),
            (6, 8, Some("否"), false),
            (7, 9, None, false),
            (8, 9, None, false),
        ],
    )
}

/// A flow without a `power` header, with a loop back to start.
fn headless() -> (Flow, Diagram) {
    use NodeKind::*;
    let actors = vec![post("办公室", "", "", "", None), party("当事人")];
    build(
        None,
        actors,
        vec![
            n("开始", Start, "当事人申请", &[1], 0, 0),
            n("审查", Step, "审查", &[0], 0, 1),
            n("通过", Decide, "通过？", &[0], 0, 2),
            n("结束", End, "结束", &[], 0, 3),
        ],
        &[
            (0, 1, None, false),
            (1, 2, None, false),
            (2, 3, Some("是"), false),
            (2, 0, Some("否"), true),
        ],
    )
}

const HOSTILE: &str = "<script>alert(1)</script>\" onload=\"alert(2)\" ]]> <!-- x --> &amp; &\u{0}\u{1}\u{8}\u{b}\u{c}\u{1f}\u{7f}\u{fffe}\u{ffff}'";

/// Every user text field set to hostile markup (with a marker so the tests can find it).
fn hostile() -> (Flow, Diagram) {
    use NodeKind::*;
    let h = |tag: &str| format!("{tag}{HOSTILE}");
    let power = Power {
        name: h("P"),
        code: Some(h("C")),
        kind: Some(h("K")),
        content: Some(h("T")),
        subject: Some(h("S")),
        basis: vec![h("B1"), h("B2")],
        conditions: Some(h("D")),
        limit: Some(Deadline::Text { text: h("L") }),
        promise: Some(Deadline::Text { text: h("M") }),
    };
    let mut a = post(
        &h("id"),
        &h("duty"),
        &h("staff"),
        &h("place"),
        Some(Deadline::Text { text: h("dl") }),
    );
    a.full_name = Some(h("full"));
    a.level = Some(Level::Low);
    a.risks.push(Risk {
        level: Some(Level::Medium),
        category: None,
        description: h("rd"),
        measures: vec![h("rm1"), h("rm2")],
        owner: Some(h("ro")),
    });
    let (mut flow, mut d) = build(
        Some(power),
        vec![a, party(&h("party"))],
        vec![
            n("s", Start, "start", &[1], 0, 0),
            n("x", Step, "step", &[0], 0, 1),
            n("e", End, "end", &[], 0, 2),
        ],
        &[(0, 1, Some("l1"), false), (1, 2, Some("l2"), false)],
    );
    for (i, (node, b)) in flow.nodes.iter_mut().zip(d.nodes.iter_mut()).enumerate() {
        node.id = h(&format!("nid{i}"));
        node.text = h(&format!("nt{i}"));
        node.note = Some(h("note"));
        node.risks
            .push(risk(Some(Level::High), &h("nr"), &[&h("nm")]));
        b.id = node.id.clone();
        b.text = node.text.clone();
        b.lines = vec![node.text.clone()];
        b.sub_lines.push(h("sub"));
        b.risks = vec![Level::High, Level::Medium, Level::Low];
    }
    for e in d.edges.iter_mut() {
        e.label = Some(h("lab"));
        e.from = h("from");
        e.to = h("to");
    }
    (flow, d)
}

// ---------------------------------------------------------------- XML helpers

/// What a parsed SVG holds: element names, attributes and all character data.
struct Parsed {
    /// Largest absolute x and y any shape or text anchor reaches (translates applied).
    extent: (f64, f64),
    elements: Vec<String>,
    attributes: Vec<(String, String)>,
    texts: Vec<String>,
}

fn parse_xml(s: &str) -> Parsed {
    use quick_xml::events::Event;
    for c in s.chars() {
        let u = c as u32;
        assert!(
            !(u < 0x20 && c != '\t' && c != '\n' && c != '\r') && u != 0xFFFE && u != 0xFFFF,
            "character U+{u:04X} is not allowed in XML"
        );
    }
    let mut r = quick_xml::Reader::from_str(s);
    r.config_mut().check_end_names = true;
    let mut out = Parsed {
        extent: (0.0, 0.0),
        elements: Vec::new(),
        attributes: Vec::new(),
        texts: Vec::new(),
    };
    let mut stack: Vec<String> = Vec::new();
    let mut offsets: Vec<(f64, f64)> = vec![(0.0, 0.0)];
    let mut roots = 0;
    let mut text = String::new();
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed XML at {}: {e}", r.buffer_position()));
        let mut open = |e: &quick_xml::events::BytesStart,
                        out: &mut Parsed,
                        depth: usize,
                        base: (f64, f64)|
         -> (String, (f64, f64)) {
            let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
            if depth == 0 {
                roots += 1;
            }
            for a in e.attributes() {
                let a = a.unwrap_or_else(|err| panic!("bad attribute in <{name}>: {err}"));
                let v = a
                    .unescape_value()
                    .unwrap_or_else(|err| panic!("bad attribute value: {err}"))
                    .into_owned();
                out.attributes
                    .push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), v));
            }
            out.elements.push(name.clone());
            let attrs: Vec<(String, String)> = e
                .attributes()
                .flatten()
                .map(|a| {
                    (
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        String::from_utf8_lossy(&a.value).into_owned(),
                    )
                })
                .collect();
            let get = |k: &str| {
                attrs
                    .iter()
                    .find(|(n, _)| n == k)
                    .and_then(|(_, v)| v.parse::<f64>().ok())
            };
            let mut off = base;
            if let Some((_, t)) = attrs.iter().find(|(n, _)| n == "transform") {
                let inner = t.trim_start_matches("translate(").trim_end_matches(')');
                let mut it = inner
                    .split(',')
                    .map(|v| v.parse::<f64>().expect("numeric translate"));
                off = (
                    base.0 + it.next().unwrap_or(0.0),
                    base.1 + it.next().unwrap_or(0.0),
                );
            }
            if name != "svg" && name != "pattern" && depth > 0 {
                let xs = [
                    get("x"),
                    get("x1"),
                    get("x2"),
                    get("cx").zip(get("r").or(get("rx"))).map(|(c, r)| c + r),
                    get("x").zip(get("width")).map(|(a, b)| a + b),
                ];
                let ys = [
                    get("y"),
                    get("y1"),
                    get("y2"),
                    get("cy").zip(get("r").or(get("ry"))).map(|(c, r)| c + r),
                    get("y").zip(get("height")).map(|(a, b)| a + b),
                ];
                for x in xs.into_iter().flatten() {
                    out.extent.0 = out.extent.0.max(off.0 + x);
                }
                for y in ys.into_iter().flatten() {
                    out.extent.1 = out.extent.1.max(off.1 + y);
                }
            }
            (name, off)
        };
        match ev {
            Event::Start(e) => {
                flush(&mut text, &mut out);
                let base = *offsets.last().unwrap_or(&(0.0, 0.0));
                let (name, off) = open(&e, &mut out, stack.len(), base);
                stack.push(name);
                offsets.push(off);
            }
            Event::Empty(e) => {
                flush(&mut text, &mut out);
                let base = *offsets.last().unwrap_or(&(0.0, 0.0));
                let _ = open(&e, &mut out, stack.len(), base);
            }
            Event::End(_) => {
                flush(&mut text, &mut out);
                stack.pop();
                offsets.pop();
            }
            Event::Text(t) => {
                let raw = std::str::from_utf8(t.as_ref()).expect("utf-8 text");
                assert!(
                    !raw.contains('<') && !raw.contains("]]>"),
                    "raw markup in text: {raw}"
                );
                if stack.is_empty() {
                    assert!(raw.trim().is_empty(), "text outside the root: {raw}");
                }
                if raw.trim().is_empty()
                    && !matches!(stack.last().map(String::as_str), Some("text" | "title"))
                {
                    continue;
                }
                text.push_str(raw);
            }
            Event::GeneralRef(g) => {
                let name = std::str::from_utf8(g.as_ref()).expect("utf-8 ref");
                let c = match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => g
                        .resolve_char_ref()
                        .unwrap_or_else(|e| panic!("bad reference &{name};: {e}"))
                        .unwrap_or_else(|| panic!("undefined entity &{name};")),
                };
                text.push(c);
            }
            Event::CData(_) => panic!("unexpected CDATA"),
            Event::Comment(_) => panic!("unexpected comment"),
            Event::PI(_) => panic!("unexpected processing instruction"),
            Event::DocType(_) => panic!("unexpected doctype"),
            Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert_eq!(roots, 1, "exactly one root element");
    out
}

fn flush(text: &mut String, out: &mut Parsed) {
    if !text.is_empty() {
        out.texts.push(std::mem::take(text));
    }
}

fn root_attr(svg: &str, name: &str) -> f64 {
    let p = parse_xml(svg);
    p.attributes
        .iter()
        .find(|(k, _)| k == name)
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or_else(|| panic!("no numeric {name} on the root"))
}

fn cases() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/render")
}

fn all_text(svg: &str) -> String {
    parse_xml(svg).texts.concat()
}

// ---------------------------------------------------------------- tests

/// Compiles a `.flow` file and lays it out with the default options.
fn compile_case(path: &Path) -> (Flow, Diagram) {
    let text = std::fs::read_to_string(path).unwrap();
    let source = flowc::Source::new(path.display().to_string(), text);
    let checked = flowc::compile(&source);
    let Some(flow) = checked.flow else {
        panic!(
            "{} does not compile: {:#?}",
            path.display(),
            checked.diagnostics
        )
    };
    let diagram = flowc::layout::layout(&flow, &flowc::layout::LayoutOptions::default());
    (flow, diagram)
}

/// Every `tests/cases/render/NAME.flow` against its `NAME.svg`, the page
/// titled with the file stem when the flow has no `power` header (as the CLI does).
#[test]
fn golden_flow_pages() {
    let files = common::files_with_ext(&cases(), "flow");
    assert!(files.len() >= 5, "{files:?}");
    for path in files {
        let (flow, d) = compile_case(&path);
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let opts = SvgOptions {
            fallback_title: Some(stem),
            ..SvgOptions::default()
        };
        let out = svg(&flow, &d, &opts);
        let text = all_text(&out);
        for n in &d.nodes {
            for l in n
                .lines
                .iter()
                .chain(&n.sub_lines)
                .flat_map(|l| l.split('\n'))
            {
                assert!(
                    text.contains(l),
                    "{}: missing node line {l}",
                    path.display()
                );
            }
        }
        assert_eq!(
            out,
            svg(&flow, &d, &opts),
            "{}: not deterministic",
            path.display()
        );
        common::assert_golden(&path.with_extension("svg"), &out);
    }
}

/// Every example in `examples/` renders to a well-formed page holding every
/// post's row (a squeezed comparison: wrapping drops the spaces it breaks at).
#[test]
fn examples_render() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let files = common::files_with_ext(&dir, "flow");
    assert!(!files.is_empty());
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for path in files {
        let (flow, d) = compile_case(&path);
        let text = squeeze(&all_text(&svg(&flow, &d, &SvgOptions::default())));
        for &a in &flow.table {
            let a = &flow.actors[a];
            for field in [
                Some(a.display_name().to_string()),
                a.duty.clone(),
                a.staff.clone(),
                a.place.clone(),
                a.deadline.as_ref().map(|d| d.display()),
            ]
            .into_iter()
            .flatten()
            {
                assert!(
                    text.contains(&squeeze(&field)),
                    "{}: missing table cell {field}",
                    path.display()
                );
            }
        }
        if let Some(p) = &flow.power {
            assert!(text.contains(&squeeze(&p.name)));
            for b in &p.basis {
                assert!(
                    text.contains(&squeeze(b)),
                    "{}: missing basis {b}",
                    path.display()
                );
            }
        }
    }
}

/// Markup typed into a `.flow` file stays text on the page.
#[test]
fn markup_in_a_flow_file_stays_text() {
    let (flow, d) = compile_case(&cases().join("markup.flow"));
    let p = parse_xml(&svg(&flow, &d, &SvgOptions::default()));
    let allowed = [
        "svg", "title", "defs", "pattern", "rect", "line", "g", "ellipse", "polygon", "polyline",
        "text", "circle",
    ];
    for e in &p.elements {
        assert!(allowed.contains(&e.as_str()), "unexpected element <{e}>");
    }
    for (k, v) in &p.attributes {
        assert!(!k.starts_with("on") && !v.contains('<'), "{k}={v}");
    }
    let text = p.texts.concat();
    for needle in [
        "<script>alert('p')</script>",
        "</text><script>alert(1)</script>",
        "<step onload=\"alert(2)\">",
        "?><!DOCTYPE x>",
        "</svg>",
        "<yes/>",
        "<no>&",
        "<post attr=\"v\">",
        "<risk>",
        "<node-risk/>",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
}

#[test]
fn page_holds_title_nodes_and_table() {
    let (flow, d) = licensing();
    let out = svg(&flow, &d, &SvgOptions::default());
    let text = all_text(&out);
    for needle in [
        "医疗机构执业登记",
        "行政许可 · XK-0012",
        "岗位说明",
        "法律依据：",
        "《医疗机构管理条例》第十五条",
        "廉政风险等级：",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    for n in &d.nodes {
        for l in n.lines.iter().chain(&n.sub_lines) {
            assert!(text.contains(l.as_str()), "missing node line {l}");
        }
    }
    for &a in &flow.table {
        let a = &flow.actors[a];
        for field in [
            Some(a.display_name().to_string()),
            a.duty.clone(),
            a.staff.clone(),
            a.place.clone(),
            a.deadline.as_ref().map(|d| d.display()),
        ]
        .into_iter()
        .flatten()
        {
            assert!(text.contains(&field), "missing table cell {field}");
        }
    }
    // Parties are never rows of the table: no 序号 precedes 申请人.
    assert_eq!(text.matches("承诺办结期限").count(), 1);
    for row in 1..=flow.actors.len() {
        assert!(
            !text.contains(&format!("{row}申请人")),
            "the party got a table row"
        );
    }
    assert_eq!(flow.table.len(), 4);
}

#[test]
fn header_fields_and_table_rows_in_table_order() {
    let (flow, d) = licensing();
    let text = all_text(&svg(&flow, &d, &SvgOptions::default()));
    let positions: Vec<usize> = flow
        .table
        .iter()
        .map(|&a| {
            text.find(&format!(
                "{}{}",
                flow.actors[a].row.unwrap(),
                flow.actors[a].display_name()
            ))
            .unwrap_or_else(|| panic!("row of {}", flow.actors[a].id))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(text.contains("行使主体：医政医管处"));
    assert!(text.contains("法定时限：20工作日"));
}

#[test]
fn document_size_holds_everything() {
    for (flow, d) in [licensing(), headless(), hostile()] {
        let out = svg(&flow, &d, &SvgOptions::default());
        let p = parse_xml(&out);
        let (w, h) = (root_attr(&out, "width"), root_attr(&out, "height"));
        assert!(out.contains(&format!("viewBox=\"0 0 {} {}\"", fmt(w), fmt(h))));
        // The white background is the page itself; everything else stays inside the margins.
        assert!(
            p.extent.0 <= w + 0.01 && p.extent.1 <= h + 0.01,
            "{:?} vs {w}x{h}",
            p.extent
        );
        assert!(w >= d.width && h >= d.height);
    }
}

fn fmt(v: f64) -> String {
    flowc::render::escape::num(v)
}

#[test]
fn no_title_block_without_power_or_fallback() {
    let (flow, d) = headless();
    let out = svg(&flow, &d, &SvgOptions::default());
    let p = parse_xml(&out);
    assert!(!p.elements.iter().any(|e| e == "title"));
    let with = svg(
        &flow,
        &d,
        &SvgOptions {
            fallback_title: Some("行政检查-07".into()),
            ..SvgOptions::default()
        },
    );
    let text = all_text(&with);
    assert!(text.starts_with("行政检查-07"), "{text}");
    assert!(root_attr(&with, "height") > root_attr(&out, "height"));
}

#[test]
fn legend_only_when_risks_exist() {
    let (flow, d) = headless();
    let text = all_text(&svg(&flow, &d, &SvgOptions::default()));
    assert!(!text.contains("廉政风险等级"));
    // The party entry shows whenever a party leads a node.
    assert!(text.contains("相对人办理的环节"));
    let (flow, d) = licensing();
    let text = all_text(&svg(&flow, &d, &SvgOptions::default()));
    assert!(
        text.contains("廉政风险等级：高高风险中中风险低低风险"),
        "{text}"
    );
    // The risk table lists the post's risk and the node's.
    assert!(text.contains("廉政风险点"));
    assert!(text.contains("审查标准掌握不一，自由裁量空间大"));
    assert!(text.contains("1. 制定审查细则并向社会公开2. 实行集体会审"));
    assert!(text.contains("审批岗：是否准予许可？违规审批"), "{text}");
    let off = svg(
        &flow,
        &d,
        &SvgOptions {
            risk_table: false,
            ..SvgOptions::default()
        },
    );
    assert!(!all_text(&off).contains("廉政风险点"));
}

#[test]
fn arrow_tips_end_exactly_on_the_last_point() {
    let (flow, d) = licensing();
    let out = svg(&flow, &d, &SvgOptions::default());
    for e in &d.edges {
        let [x, y] = *e.points.last().unwrap();
        let needle = format!("<polygon points=\"{},{} ", fmt(x), fmt(y));
        assert!(
            out.contains(&needle),
            "no arrowhead tipped at {x},{y} for {}→{}",
            e.from,
            e.to
        );
    }
    assert_eq!(out.matches("<polyline").count(), d.edges.len());
}

#[test]
fn party_steps_are_dashed_and_hatched() {
    let (flow, d) = licensing();
    let out = svg(&flow, &d, &SvgOptions::default());
    let parties = d.nodes.iter().filter(|n| n.party).count();
    assert_eq!(parties, 2);
    // Each party node, plus the legend's sample.
    assert_eq!(
        out.matches("fill=\"url(#flowc-party)\"").count(),
        parties + 1
    );
    assert_eq!(out.matches("stroke-dasharray=\"6 3\"").count(), parties);
    let (flow, mut d) = licensing();
    for n in &mut d.nodes {
        n.party = false;
    }
    let text = all_text(&svg(&flow, &d, &SvgOptions::default()));
    assert!(!text.contains("相对人办理的环节"));
}

#[test]
fn badges_read_in_black_and_white() {
    let (flow, d) = licensing();
    let out = svg(&flow, &d, &SvgOptions::default());
    // 高: white letter on a black disc.
    assert!(out.contains("fill=\"#ffffff\" font-size=\"10.5\" font-weight=\"bold\""));
    let text = all_text(&out);
    assert!(text.contains("高") && text.contains("中") && text.contains("低"));
}

#[test]
fn markup_in_every_field_stays_text() {
    let (flow, d) = hostile();
    let opts = SvgOptions {
        font_family: format!("x{HOSTILE}"),
        fallback_title: Some(HOSTILE.into()),
        risk_table: true,
    };
    let out = svg(&flow, &d, &opts);
    let p = parse_xml(&out);
    let allowed = [
        "svg", "title", "defs", "pattern", "rect", "line", "g", "ellipse", "polygon", "polyline",
        "text", "circle",
    ];
    for e in &p.elements {
        assert!(allowed.contains(&e.as_str()), "unexpected element <{e}>");
    }
    for (k, v) in &p.attributes {
        assert!(!k.starts_with("on"), "event attribute {k}");
        if k != "font-family" {
            assert!(
                !v.contains("script") && !v.contains("alert"),
                "user text in attribute {k}={v}"
            );
        }
    }
    // Long fields wrap, and wrapping drops the spaces it breaks at: compare without spaces.
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let text = squeeze(&p.texts.concat());
    let clean = squeeze("<script>alert(1)</script>\" onload=\"alert(2)\" ]]> <!-- x --> &amp; &'");
    for tag in [
        "P", "C", "K", "S", "L", "B1", "B2", "full", "duty", "staff", "place", "dl", "rd", "rm1",
        "rm2", "ro", "nt0", "nt1", "nt2", "sub", "lab", "nr", "nm",
    ] {
        assert!(
            text.contains(&format!("{tag}{clean}")),
            "field {tag} not shown as text"
        );
    }
    // Ids, the note and the party never show in the page.
    assert!(!text.contains("nid0") && !text.contains("from<"));
}

#[test]
fn same_input_same_bytes() {
    let (flow, d) = licensing();
    let a = svg(&flow, &d, &SvgOptions::default());
    let b = svg(&flow.clone(), &d.clone(), &SvgOptions::default());
    assert_eq!(a, b);
    assert!(!a.contains("-0 ") && !a.contains("-0,") && !a.contains("=\"-0\""));
    // No float noise: every number has at most two decimals.
    let long_decimal = a
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .any(|t| t.split_once('.').is_some_and(|(_, f)| f.len() > 2));
    assert!(!long_decimal);
}

#[test]
fn degenerate_diagrams_still_render() {
    let (flow, mut d) = headless();
    d.edges[0].points = vec![[f64::NAN, 1.0]];
    d.edges[1].points = vec![[5.0, 5.0], [5.0, 5.0]];
    d.nodes[0].lines.clear();
    d.width = f64::INFINITY;
    let out = svg(&flow, &d, &SvgOptions::default());
    parse_xml(&out);
    assert!(!out.contains("NaN") && !out.contains("inf"));
}

#[test]
fn rsvg_convert_rasterises_the_pages() {
    let probe = std::process::Command::new("rsvg-convert")
        .arg("--version")
        .output();
    if probe.is_err() {
        eprintln!("skipped: rsvg-convert is not installed (apt-get install librsvg2-bin)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut pages = vec![
        ("licensing".to_string(), licensing()),
        ("hostile".to_string(), hostile()),
    ];
    for path in common::files_with_ext(&cases(), "flow") {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        pages.push((stem, compile_case(&path)));
    }
    for (name, (flow, d)) in pages {
        let svg_path = dir.path().join(format!("{name}.svg"));
        let png = dir.path().join(format!("{name}.png"));
        std::fs::write(&svg_path, svg(&flow, &d, &SvgOptions::default())).unwrap();
        let st = std::process::Command::new("rsvg-convert")
            .arg("-w")
            .arg("800")
            .arg(&svg_path)
            .arg("-o")
            .arg(&png)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&st.stderr)
        );
        let bytes = std::fs::read(&png).unwrap();
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 1000,
            "{name}: no PNG"
        );
    }
}

#[test]
fn long_chains_render_without_deep_recursion() {
    use NodeKind::*;
    let count = 20_000u32;
    let texts: Vec<String> = (0..count).map(|i| format!("步骤{i}")).collect();
    let mut nodes = vec![n("s", Start, "开始", &[], 0, 0)];
    for (i, t) in texts.iter().enumerate() {
        nodes.push(n(t, Step, t, &[0], 0, i as u32 + 1));
    }
    nodes.push(n("e", End, "结束", &[], 0, count + 1));
    let edges: Vec<(usize, usize, Option<&str>, bool)> = (0..=count as usize)
        .map(|i| (i, i + 1, None, false))
        .collect();
    let (flow, d) = build(
        None,
        vec![post("岗", "职能", "某", "", None)],
        nodes,
        &edges,
    );
    let t = std::time::Instant::now();
    let out = svg(&flow, &d, &SvgOptions::default());
    eprintln!(
        "rendered {} nodes in {:?} ({} bytes)",
        d.nodes.len(),
        t.elapsed(),
        out.len()
    );
    let p = parse_xml(&out);
    assert_eq!(out.matches("<polyline").count(), d.edges.len());
    assert!(p.texts.iter().any(|t| t == "步骤19999"));
}

#[test]
fn no_posts_no_table() {
    use NodeKind::*;
    let (flow, d) = build(
        None,
        vec![party("当事人")],
        vec![
            n("s", Start, "开始", &[0], 0, 0),
            n("e", End, "结束", &[], 0, 1),
        ],
        &[(0, 1, None, false)],
    );
    let text = all_text(&svg(&flow, &d, &SvgOptions::default()));
    assert!(
        !text.contains("岗位说明") && !text.contains("序号"),
        "{text}"
    );
    assert!(text.contains("开始") && text.contains("结束"));
}

#[test]
fn blank_power_name_falls_back() {
    let (mut flow, d) = licensing();
    if let Some(p) = flow.power.as_mut() {
        p.name = " \u{1} ".into();
    }
    let opts = SvgOptions {
        fallback_title: Some("许可-12".into()),
        ..SvgOptions::default()
    };
    let text = all_text(&svg(&flow, &d, &opts));
    assert!(
        text.starts_with("许可-12许可-12行政许可 · XK-0012"),
        "{text}"
    );
}
