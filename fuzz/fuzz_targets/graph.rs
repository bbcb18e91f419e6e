//! Fuzz target `graph`: bytes → a *valid* flow → compile → layout → SVG.
//!
//! Random bytes rarely make a flow that passes the checker, so `pipeline`
//! mostly exercises error paths. This target decodes the bytes into the shape
//! of a well-formed flow (one start, one end, every node on a path to the end,
//! decisions with two or more uniquely labelled branches, loops back, joint
//! posts, parties, awkward texts) and then asserts what `pipeline` asserts —
//! plus that the checker accepts it, since the generator only writes valid flows.
#![no_main]

use std::fmt::Write as _;

use flowc::layout::{self, Direction, LayoutOptions};
use flowc::render::{self, SvgOptions};
use flowc::{verify, Source};
use libfuzzer_sys::fuzz_target;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Node texts: CJK, long, Latin, markup, explicit breaks, full-width, emoji.
const TEXTS: &[&str] = &[
    "受理",
    "审查申请材料的合理性，提出是否准予许可的意见",
    "a",
    "Check the application form and all attachments carefully",
    "是否符合法定形式？",
    "<&>\\\"'",
    "一次性告知需补正的全部内容\\n并出具通知书",
    "Ｗｉｄｅ　ｆｕｌｌｗｉｄｔｈ",
    "作出不予许可决定并说明理由，告知申请人享有依法申请行政复议或者提起行政诉讼的权利",
    "🙂 表情",
    "",
    "x\\n\\n\\ny",
];

/// Edge labels: short, long, CJK, markup.
const LABELS: &[&str] = &["是", "否", "Y", "不符合法定条件的", "<b>", "1", "需要补正材料的情形"];

/// Actors a node may name.
const ACTORS: &[&str] = &["", "@受理岗", "@审核岗", "@申请人", "@审核岗 @受理岗", "@申请人 @审核岗"];

/// Deadlines a node may carry.
const DEADLINES: &[&str] = &["", "deadline 即时", "deadline 5 工作日", "deadline 2小时", "deadline \"当场\""];

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn pick<'s>(&mut self, from: &[&'s str]) -> &'s str {
        from[self.next() as usize % from.len()]
    }
}

/// The `.flow` text for these bytes. Node 0 is start, `n+1` the end.
fn generate(data: &[u8]) -> (String, bool) {
    let mut b = Bytes(data);
    let n = 1 + b.next() as usize % 30;
    let right = b.next() % 4 == 0;
    let mut out = String::from("power \"随机\" { limit 30 工作日 promise 20 工作日 }\n");
    out.push_str("post 受理岗 { duty \"受理\" staff \"甲\" deadline 1 工作日 }\n");
    out.push_str("post 审核岗 \"审核岗（科室）\" { duty \"审核\" staff \"乙\" deadline 3 工作日 level 中 }\n");
    out.push_str("party 申请人\n");
    let mut decide = vec![false; n + 2];
    for i in 0..n + 2 {
        let kind = if i == 0 {
            "start"
        } else if i == n + 1 {
            "end"
        } else if b.next() % 3 == 0 {
            decide[i] = true;
            "decide"
        } else {
            "step"
        };
        let text = b.pick(TEXTS);
        let actors = b.pick(ACTORS);
        let deadline = b.pick(DEADLINES);
        let _ = write!(out, "{kind} n{i} \"{text}\" {actors} {deadline}");
        match b.next() % 8 {
            0 => out.push_str(" { risk 高 权力行使 \"风险\" { measure \"措施\" } }"),
            1 => out.push_str(" { risk 低 \"小风险\" risk 中 制度机制 \"中风险\" note \"备注\" }"),
            _ => {}
        }
        out.push('\n');
    }
    // Out-edges: the spine i -> i+1, then extra forward and back edges.
    let mut outs: Vec<Vec<usize>> = (0..=n).map(|i| vec![i + 1]).collect();
    let extra = b.next() as usize % (2 * n + 2);
    for _ in 0..extra {
        let from = 1 + b.next() as usize % n;
        let r = b.next() as usize;
        let to = if b.next() % 3 == 0 {
            r % (from + 1) // back to 0..=from (a self-loop included)
        } else {
            from + 1 + r % (n + 1 - from)
        };
        if !outs[from].contains(&to) {
            outs[from].push(to);
        }
    }
    for (from, targets) in outs.iter_mut().enumerate() {
        if decide[from] && targets.len() < 2 {
            targets.push(if targets.contains(&(n + 1)) { 0 } else { n + 1 });
        }
        let label_base = b.next() as usize;
        for (k, to) in targets.iter().enumerate() {
            if decide[from] {
                let label = LABELS[(label_base + k) % LABELS.len()];
                // Unique per decision: the pool index repeats only after a full turn.
                let suffix = if k >= LABELS.len() { format!("{k}") } else { String::new() };
                let _ = writeln!(out, "n{from} -> n{to} : \"{label}{suffix}\"");
            } else if b.next() % 5 == 0 {
                let _ = writeln!(out, "n{from} -> n{to} : \"{}\"", b.pick(LABELS));
            } else {
                let _ = writeln!(out, "n{from} -> n{to}");
            }
        }
    }
    (out, right)
}

fuzz_target!(|data: &[u8]| {
    let (text, right) = generate(data);
    let source = Source::new("graph.flow", text.clone());
    let checked = flowc::compile(&source);
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.name, d.message.en))
        .collect();
    assert!(errors.is_empty(), "errors on a valid flow: {errors:#?}\n{text}");
    let Some(flow) = checked.flow else {
        panic!("no flow and no error\n{text}");
    };
    let opts = LayoutOptions {
        direction: if right { Direction::Right } else { Direction::Down },
        ..LayoutOptions::default()
    };
    let diagram = layout::layout(&flow, &opts);
    let violations = verify::verify(&diagram);
    assert!(
        violations.is_empty(),
        "layout broke its invariants: {violations:#?}\n{text}"
    );
    let svg = render::svg(&flow, &diagram, &SvgOptions::default());
    let mut reader = Reader::from_str(&svg);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(err) => panic!("SVG not well-formed: {err}\n{text}"),
        }
    }
    let again = render::svg(&flow, &layout::layout(&flow, &opts), &SvgOptions::default());
    assert!(svg == again, "same input, different SVG bytes\n{text}");
});
