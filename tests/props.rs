//! Property tests across the whole pipeline.
//!
//! Random VALID flows are generated as `.flow` text (start, steps, decisions
//! with labelled branches, loops back, parties, posts with deadlines, risks,
//! CJK/Latin text of random lengths with escapes and XML-special characters),
//! then `compile → layout → verify / render`:
//!
//! - the flow compiles without errors (this also checks the generator);
//! - the layout breaks no verifier rule;
//! - output is deterministic: two independent runs give the same layout JSON
//!   bytes and the same SVG bytes;
//! - every node's text (and every edge label) reaches the SVG.
//!
//! Mangled flows (a random slice of a valid one cut out) must never panic, and
//! when they still compile, their layout must verify too.

use std::fmt::Write as _;

use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use quick_xml::events::Event;
use quick_xml::Reader;

use flowc::diagram::Diagram;
use flowc::layout::{layout, LayoutOptions};
use flowc::model::Flow;
use flowc::render::{svg, SvgOptions};
use flowc::verify::verify;
use flowc::Source;

#[path = "../benches/support/flowgen.rs"]
mod flowgen;

// ------------------------------------------------------------------ the generator

/// What one middle node of the main path looks like.
#[derive(Debug, Clone)]
struct NodeSpec {
    decide: bool,
    text: String,
    /// Index into posts (or, past them, parties); `None` names no actor.
    actor: Option<usize>,
    /// Index into [`DEADLINES`].
    deadline: Option<usize>,
    risk: Option<usize>,
    /// Where a decision's second branch goes: 0 back up the path, 1 back to start,
    /// 2 forward past the next node, 3 a new end node, 4 back to itself (a retry).
    second: (u8, usize),
    /// A third branch (always to a new end node or back up) when set.
    third: Option<(u8, usize)>,
    /// Which label set the branches take.
    labels: usize,
    /// A step's out-edge label, when set.
    step_label: Option<usize>,
}

/// A whole flow.
#[derive(Debug, Clone)]
struct FlowSpec {
    zh: bool,
    header: Option<String>,
    posts: Vec<(String, Option<usize>)>,
    parties: usize,
    start_text: String,
    start_party: bool,
    nodes: Vec<NodeSpec>,
    end_texts: Vec<String>,
}

const DEADLINES: [&str; 7] = [
    "即时",
    "5 工作日",
    "3工作日",
    "2 日",
    "30 天",
    "\"当场办结\"",
    "4 hours",
];
const LABEL_SETS: [[&str; 3]; 5] = [
    ["是", "否", "待定"],
    ["通过", "\"不通过\"", "退回"],
    ["yes", "no", "maybe"],
    [
        "\"符合条件\"",
        "\"不符合条件，需补正\"",
        "\"材料 <不全> & 过期\"",
    ],
    ["1", "2", "3"],
];
const STEP_LABELS: [&str; 3] = ["提交", "\"送审\"", "next"];
const RISKS: [&str; 3] = [
    "risk 高 权力行使 \"违规审批\" { measure \"结果公示\" }",
    "风险 中 \"自由裁量空间大\"",
    "risk low competence \"经验不足\" { measure \"培训\" owner \"科长\" }",
];

/// Text of random length: CJK, Latin words, digits, punctuation, and the
/// characters that need escaping in `.flow` (`"`, `\`, line break) or XML (`<&>'`).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[一-龥]{1,24}",
        2 => "[一-龥，、？（）：0-9]{1,40}",
        2 => "[A-Za-z]{1,10}( [A-Za-z0-9]{1,12}){0,6}",
        1 => "[一-龥A-Za-z <>&'\"\\\\]{1,30}",
        1 => "[一-龥]{1,8}\n[一-龥A-Za-z]{1,12}",
        1 => "[一-龥]{60,120}",
    ]
}

fn node_spec() -> impl Strategy<Value = NodeSpec> {
    (
        (any::<bool>(), text(), proptest::option::of(0usize..6)),
        (
            proptest::option::of(0..DEADLINES.len()),
            proptest::option::weighted(0.2, 0..RISKS.len()),
        ),
        (
            (0u8..4, 0usize..1000),
            proptest::option::weighted(0.2, (0u8..2, 0usize..1000)),
        ),
        (
            0..LABEL_SETS.len(),
            proptest::option::weighted(0.2, 0..STEP_LABELS.len()),
        ),
    )
        .prop_map(
            |((decide, text, actor), (deadline, risk), (second, third), (labels, step_label))| {
                NodeSpec {
                    decide,
                    text,
                    actor,
                    deadline,
                    risk,
                    second,
                    third,
                    labels,
                    step_label,
                }
            },
        )
}

fn flow_spec() -> impl Strategy<Value = FlowSpec> {
    (
        (any::<bool>(), proptest::option::of(text())),
        (
            proptest::collection::vec(
                (
                    "[一-龥]{2,8}|[A-Za-z ]{3,16}",
                    proptest::option::of(0..DEADLINES.len()),
                ),
                1..5,
            ),
            0usize..3,
        ),
        (text(), any::<bool>()),
        proptest::collection::vec(node_spec(), 1..24),
        proptest::collection::vec(text(), 1..3),
    )
        .prop_map(
            |((zh, header), (posts, parties), (start_text, start_party), nodes, end_texts)| {
                FlowSpec {
                    zh,
                    header,
                    posts,
                    parties,
                    start_text,
                    start_party,
                    nodes,
                    end_texts,
                }
            },
        )
}

/// A generated flow: its text, and what the checker must make of it.
#[derive(Debug, Clone)]
struct Rendered {
    text: String,
    /// Node ids in declaration order.
    nodes: Vec<String>,
    /// Edges in source order: from, to, and whether it closes a loop (goes back up
    /// the main path or to start).
    edges: Vec<(String, String, bool)>,
}

/// A `.flow` string literal.
fn q(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn node_id(i: usize) -> String {
    // Alternate CJK ids and ids that begin with a keyword (keywords are contextual).
    if i % 2 == 0 {
        format!("节点{i}")
    } else {
        format!("step_{i}")
    }
}

fn new_end(ends: &mut Vec<String>) -> String {
    let id = format!("end_{}", ends.len());
    ends.push(id.clone());
    id
}

/// Renders the spec as `.flow` text. Every flow is valid by construction: the main
/// path start → n0 → … → end0 reaches every middle node and an end; branches go
/// back up the path, to itself, to start, forward, or to a fresh end; a decision's branches
/// have distinct targets and distinct labels.
fn render_flow(spec: &FlowSpec) -> Rendered {
    let kw = |en: &'static str, zh: &'static str| if spec.zh { zh } else { en };
    let mut out = String::new();
    if let Some(name) = &spec.header {
        let _ = writeln!(
            out,
            "{} {} {{ kind 行政许可 limit 40 工作日 promise 30 工作日 }}",
            kw("power", "职权"),
            q(name)
        );
    }
    let post_ids: Vec<String> = (0..spec.posts.len()).map(|i| format!("岗{i}")).collect();
    for (i, (full, deadline)) in spec.posts.iter().enumerate() {
        let _ = write!(
            out,
            "{} {} {} {{ duty \"办理\" staff \"某人\"",
            kw("post", "岗位"),
            post_ids[i],
            q(&format!("{full}{i}"))
        );
        if let Some(d) = deadline {
            let _ = write!(out, " deadline {}", DEADLINES[*d]);
        }
        out.push_str(" }\n");
    }
    let party_ids: Vec<String> = (0..spec.parties).map(|i| format!("party_{i}")).collect();
    for p in &party_ids {
        let _ = writeln!(out, "{} {p}", kw("party", "相对人"));
    }
    let actors: Vec<&String> = post_ids.iter().chain(party_ids.iter()).collect();

    let m = spec.nodes.len();
    let mut ends: Vec<String> = Vec::new();
    let mut edges: Vec<String> = Vec::new();
    let mut expected: Vec<(String, String, bool)> = Vec::new();
    let mut nodes: Vec<String> = vec!["开始".to_string()];
    let end0 = new_end(&mut ends);

    // Start.
    let _ = write!(out, "{} 开始 {}", kw("start", "开始"), q(&spec.start_text));
    if spec.start_party {
        if let Some(p) = party_ids.first() {
            let _ = write!(out, " @{p}");
        }
    }
    out.push('\n');
    edges.push(format!("开始 -> {}", node_id(0)));
    expected.push(("开始".to_string(), node_id(0), false));

    for (i, n) in spec.nodes.iter().enumerate() {
        let id = node_id(i);
        nodes.push(id.clone());
        let kind = if n.decide {
            kw("decide", "判断")
        } else {
            kw("step", "步骤")
        };
        let _ = write!(out, "{kind} {id} {}", q(&n.text));
        if let Some(a) = n.actor {
            if let Some(actor) = actors.get(a % actors.len().max(1)) {
                let _ = write!(out, " @{actor}");
            }
        }
        if let Some(d) = n.deadline {
            let _ = write!(out, " deadline {}", DEADLINES[d]);
        }
        if let Some(r) = n.risk {
            let _ = write!(out, " {{ {} }}", RISKS[r]);
        }
        out.push('\n');

        let next = if i + 1 < m {
            node_id(i + 1)
        } else {
            end0.clone()
        };
        if !n.decide {
            expected.push((id.clone(), next.clone(), false));
            match n.step_label {
                Some(l) => edges.push(format!("{id} -> {next} : {}", STEP_LABELS[l])),
                None => edges.push(format!("{id} -> {next}")),
            }
            continue;
        }
        let labels = LABEL_SETS[n.labels];
        let mut targets = vec![next];
        let pick = |(how, k): (u8, usize), targets: &[String], ends: &mut Vec<String>| {
            let t = match how {
                0 if i > 0 => node_id(k % i),
                1 => "开始".to_string(),
                2 if i + 2 < m => node_id(i + 2 + k % (m - i - 2)),
                4 => node_id(i),
                _ => new_end(ends),
            };
            if targets.contains(&t) {
                new_end(ends)
            } else {
                t
            }
        };
        let second = pick(n.second, &targets, &mut ends);
        targets.push(second);
        if let Some(third) = n.third {
            let t = pick((third.0 * 3, third.1), &targets, &mut ends);
            targets.push(t);
        }
        for (t, label) in targets.iter().zip(labels) {
            edges.push(format!("{id} -> {t} : {label}"));
            let back = t == "开始" || (0..=i).any(|j| *t == node_id(j));
            expected.push((id.clone(), t.clone(), back));
        }
    }
    for (k, e) in ends.iter().enumerate() {
        let text = &spec.end_texts[k % spec.end_texts.len()];
        let _ = writeln!(out, "{} {e} {}", kw("end", "结束"), q(text));
        nodes.push(e.clone());
    }
    for e in edges {
        out.push_str(&e);
        out.push('\n');
    }
    Rendered {
        text: out,
        nodes,
        edges: expected,
    }
}

// ------------------------------------------------------------------ the pipeline

/// The checked flow, or the diagnostics as text.
fn compile(name: &str, text: &str) -> Result<Flow, String> {
    let source = Source::new(name, text);
    let checked = flowc::compile(&source);
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{d:?}"))
        .collect();
    match checked.flow {
        Some(flow) if errors.is_empty() => Ok(flow),
        _ => Err(format!("{} error(s): {errors:#?}", errors.len())),
    }
}

/// Layout JSON bytes and SVG bytes of one full run from text.
fn run(text: &str) -> Result<(Diagram, String, String), String> {
    let flow = compile("prop.flow", text)?;
    let diagram = layout(&flow, &LayoutOptions::default());
    let json = serde_json::to_string(&diagram).map_err(|e| e.to_string())?;
    let svg = svg(&flow, &diagram, &SvgOptions::default());
    Ok((diagram, json, svg))
}

/// All character data of an SVG document, one string per run of text between
/// tags, unescaped (quick-xml reports `&amp;` etc. as separate events: they are
/// joined back into their run).
fn svg_texts(svg: &str) -> Result<Vec<String>, String> {
    let mut reader = Reader::from_str(svg);
    let mut texts = Vec::new();
    let mut run = String::new();
    loop {
        match reader.read_event() {
            Ok(Event::Text(t)) => {
                let s = t.decode().map_err(|e| e.to_string())?;
                let s = quick_xml::escape::unescape(&s).map_err(|e| e.to_string())?;
                run.push_str(&s);
            }
            Ok(Event::GeneralRef(r)) => {
                let name = r.decode().map_err(|e| e.to_string())?;
                match name.as_ref() {
                    "amp" => run.push('&'),
                    "lt" => run.push('<'),
                    "gt" => run.push('>'),
                    "quot" => run.push('"'),
                    "apos" => run.push('\''),
                    other => match r.resolve_char_ref() {
                        Ok(Some(c)) => run.push(c),
                        _ => return Err(format!("unknown entity &{other};")),
                    },
                }
            }
            Ok(Event::CData(t)) => run.push_str(&String::from_utf8_lossy(&t)),
            Ok(Event::Eof) => break,
            Ok(_) => texts.push(std::mem::take(&mut run)),
            Err(e) => return Err(format!("SVG is not well-formed XML: {e}")),
        }
    }
    texts.push(run);
    Ok(texts.into_iter().filter(|t| !t.is_empty()).collect())
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every node's text and every edge label reaches the SVG: the diagram's lines
/// spell the text (whitespace aside), and each line is some text node of the SVG.
fn text_reaches_svg(diagram: &Diagram, svg: &str) -> Result<(), String> {
    let texts = svg_texts(svg)?;
    let squashed: Vec<String> = texts.iter().map(|t| squash(t)).collect();
    let all = squashed.concat();
    for n in &diagram.nodes {
        let joined = squash(&n.lines.concat());
        if joined != squash(&n.text) {
            return Err(format!(
                "node {}: lines {:?} do not spell its text {:?}",
                n.id, n.lines, n.text
            ));
        }
        for line in &n.lines {
            let l = squash(line);
            if !l.is_empty() && !squashed.iter().any(|t| t.contains(&l)) {
                return Err(format!("node {}: line {line:?} is not in the SVG", n.id));
            }
        }
    }
    for e in &diagram.edges {
        if let Some(label) = &e.label {
            if !all.contains(&squash(label)) {
                return Err(format!(
                    "edge {} -> {}: label {label:?} is not in the SVG",
                    e.from, e.to
                ));
            }
        }
    }
    Ok(())
}

// ------------------------------------------------------------------ properties

/// 96 cases from a fixed seed, so CI runs the same flows every time; set
/// `PROPTEST_RNG_SEED` (and `PROPTEST_CASES`) to explore others. Failures are not
/// persisted to files: the seed reproduces them.
fn config() -> ProptestConfig {
    let mut c = ProptestConfig::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 96;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0xF10C);
    }
    c.failure_persistence = None;
    c
}

proptest! {
    #![proptest_config(config())]

    /// The generator makes only valid flows, and the checker agrees: same nodes,
    /// same edges, and exactly the edges back up the main path marked as loops.
    #[test]
    fn generated_flows_compile(spec in flow_spec()) {
        let r = render_flow(&spec);
        let flow = compile("prop.flow", &r.text)
            .map_err(|e| TestCaseError::fail(format!("{e}\n---\n{}", r.text)))?;
        let ids: Vec<&str> = flow.nodes.iter().map(|n| n.id.as_str()).collect();
        prop_assert_eq!(&ids, &r.nodes);
        let edges: Vec<(String, String, bool)> = flow
            .edges
            .iter()
            .map(|e| (ids[e.from].to_string(), ids[e.to].to_string(), e.back))
            .collect();
        prop_assert_eq!(&edges, &r.edges, "\n---\n{}", r.text);
    }

    /// The layout of a valid flow breaks no verifier rule.
    #[test]
    fn layouts_verify(spec in flow_spec()) {
        let text = render_flow(&spec).text;
        let (diagram, _, _) = run(&text).map_err(|e| TestCaseError::fail(format!("{e}\n---\n{text}")))?;
        let violations: Vec<String> = verify(&diagram).iter().map(|v| v.to_string()).collect();
        prop_assert!(violations.is_empty(), "{} violation(s), first: {:#?}\n---\n{}",
            violations.len(), &violations[..violations.len().min(8)], text);
    }

    /// Same input, same bytes: two independent runs agree on layout JSON and SVG.
    #[test]
    fn output_is_deterministic(spec in flow_spec()) {
        let text = render_flow(&spec).text;
        let (d1, json1, svg1) = run(&text).map_err(TestCaseError::fail)?;
        let (d2, json2, svg2) = run(&text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(d1, d2);
        prop_assert_eq!(json1, json2);
        prop_assert_eq!(svg1, svg2);
    }

    /// Every node's text and every label is in the SVG, which is well-formed XML.
    #[test]
    fn every_text_reaches_the_svg(spec in flow_spec()) {
        let text = render_flow(&spec).text;
        let (diagram, _, svg) = run(&text).map_err(TestCaseError::fail)?;
        prop_assert!(diagram.nodes.iter().map(|n| n.text.as_str()).eq(
            compile("prop.flow", &text).map_err(TestCaseError::fail)?.nodes.iter().map(|n| n.text.as_str())),
            "the diagram's nodes are not the flow's nodes in order");
        let checked = text_reaches_svg(&diagram, &svg);
        prop_assert!(checked.is_ok(), "{}\n---\n{}", checked.err().unwrap_or_default(), text);
    }

    /// A valid flow with a random slice cut out never panics anywhere in the
    /// pipeline; when it still compiles, its layout verifies.
    #[test]
    fn mangled_flows_never_panic(spec in flow_spec(), cut in (0.0f64..1.0, 0usize..40)) {
        let text = render_flow(&spec).text;
        let chars: Vec<char> = text.chars().collect();
        let from = ((chars.len() as f64) * cut.0) as usize;
        let to = (from + cut.1).min(chars.len());
        let mangled: String = chars[..from].iter().chain(chars[to..].iter()).collect();
        if let Ok((diagram, _, _)) = run(&mangled) {
            let violations: Vec<String> = verify(&diagram).iter().map(|v| v.to_string()).collect();
            prop_assert!(violations.is_empty(), "{:#?}\n---\n{}",
                &violations[..violations.len().min(8)], mangled);
        }
    }
}

/// The benchmark's generated flowcharts (gen.py's shapes) compile and verify
/// clean, from 6 to 2,560 nodes.
#[test]
fn benchmark_flowcharts_verify() {
    for (n, seed) in [(6, 0), (12, 1), (40, 2), (160, 3), (640, 4), (2_560, 5)] {
        let text = flowgen::flow(n, seed);
        let (diagram, _, _) = run(&text).unwrap_or_else(|e| panic!("g{n}_s{seed}: {e}"));
        assert_eq!(diagram.nodes.len(), n);
        let violations = verify(&diagram);
        assert!(
            violations.is_empty(),
            "g{n}_s{seed}: {} violation(s), first {:?}",
            violations.len(),
            &violations[..violations.len().min(5)]
        );
    }
}

/// A 100,000-node chain goes through the whole pipeline without overflowing the
/// stack (no recursion per node anywhere) and verifies clean.
#[test]
fn a_hundred_thousand_node_chain() {
    let n = 100_000;
    let mut text = String::from("start s \"开始\"\n");
    for i in 0..n {
        let _ = writeln!(text, "step n{i} \"第{i}步\"");
    }
    text.push_str("end e \"结束\"\ns");
    for i in 0..n {
        let _ = write!(text, " -> n{i}");
    }
    text.push_str(" -> e\n");
    let (diagram, _, svg) = run(&text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(diagram.nodes.len(), n + 2);
    assert_eq!(diagram.edges.len(), n + 1);
    let violations = verify(&diagram);
    assert!(
        violations.is_empty(),
        "{} violation(s), first {:?}",
        violations.len(),
        violations.first()
    );
    assert!(svg.contains("第99999步"));
}

/// The generator's output for a fixed spec, read by a human once: keeps the
/// generator itself honest (ids, escapes, branch labels, keywords).
#[test]
fn the_generator_writes_what_it_should() {
    let spec = FlowSpec {
        zh: true,
        header: Some("许可".to_string()),
        posts: vec![("受理岗".to_string(), Some(1))],
        parties: 1,
        start_text: "申请 \"A\\B\"".to_string(),
        start_party: true,
        nodes: vec![
            NodeSpec {
                decide: false,
                text: "受理\n审查".to_string(),
                actor: Some(0),
                deadline: Some(0),
                risk: None,
                second: (0, 0),
                third: None,
                labels: 0,
                step_label: None,
            },
            NodeSpec {
                decide: true,
                text: "齐全？".to_string(),
                actor: Some(1),
                deadline: None,
                risk: Some(0),
                second: (0, 0),
                third: Some((1, 0)),
                labels: 0,
                step_label: None,
            },
        ],
        end_texts: vec!["办结".to_string()],
    };
    let want = "\
职权 \"许可\" { kind 行政许可 limit 40 工作日 promise 30 工作日 }
岗位 岗0 \"受理岗0\" { duty \"办理\" staff \"某人\" deadline 5 工作日 }
相对人 party_0
开始 开始 \"申请 \\\"A\\\\B\\\"\" @party_0
步骤 节点0 \"受理\\n审查\" @岗0 deadline 即时
判断 step_1 \"齐全？\" @party_0 { risk 高 权力行使 \"违规审批\" { measure \"结果公示\" } }
结束 end_0 \"办结\"
结束 end_1 \"办结\"
开始 -> 节点0
节点0 -> step_1
step_1 -> end_0 : 是
step_1 -> 节点0 : 否
step_1 -> end_1 : 待定
";
    let r = render_flow(&spec);
    assert_eq!(r.text, want);
    assert_eq!(r.nodes, ["开始", "节点0", "step_1", "end_0", "end_1"]);
    assert_eq!(
        r.edges.iter().map(|e| e.2).collect::<Vec<_>>(),
        [false, false, false, true, false]
    );
}
