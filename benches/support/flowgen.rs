//! A deterministic generator of flowchart-like `.flow` files, mirroring the shapes
//! of `shared/bench/gen.py` + `graph2flow.py` (administrative approval flows):
//! one start, a main chain of steps, a decision every 2–4 steps whose 'yes'
//! continues the chain and whose 'no' goes to a side branch of 0–3 steps that
//! rejoins the chain a few steps later, loops back to a recent step (补正 → 受理)
//! or ends in a refusal; occasional parallel review blocks (分送会签 → 2–3
//! reviews → 汇总意见); 1–3 ends. The share of 'no → end' branches shrinks as
//! 1/√(#decisions), as in gen.py, so big flows stay layout-able.
//!
//! Not byte-identical to gen.py (its own seeded RNG), but the same kinds of graph,
//! and every generated flow is valid (no errors; lints only). Shared by
//! `benches/pipeline.rs` and `tests/props.rs` (via `#[path]`).
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::fmt::Write as _;

const PROCESS: [&str; 16] = [
    "受理申请",
    "窗口收件",
    "材料初审",
    "形式审查",
    "实质审查",
    "现场核查",
    "专家评审",
    "科室负责人审核",
    "分管领导审批",
    "公示七个工作日",
    "制发许可证件",
    "送达申请人",
    "归档立卷",
    "征求相关部门意见",
    "合法性审查",
    "录入政务服务平台",
];
const SIDE: [&str; 8] = [
    "补正材料",
    "一次性告知补正内容",
    "退回修改",
    "限期整改",
    "复查整改情况",
    "重新核查",
    "出具不予受理通知书",
    "补充技术资料",
];
const DECISION: [&str; 8] = [
    "材料是否齐全",
    "是否符合法定形式",
    "是否需要现场核查",
    "核查是否合格",
    "审核是否通过",
    "公示有无异议",
    "投资额是否超过5000万元",
    "是否符合规划要求",
];
const DEPTS: [&str; 6] = [
    "市场监管局",
    "住建局",
    "发改委",
    "生态环境局",
    "自然资源局",
    "应急管理局",
];
const YES: [&str; 4] = ["是", "通过", "符合", "同意"];
const NO: [&str; 4] = ["否", "不通过", "不符合", "不同意"];
const POSTS: [&str; 8] = [
    "受理岗",
    "审核岗",
    "审批岗",
    "制证岗",
    "复核岗",
    "会签岗",
    "监督岗",
    "档案岗",
];
const BAD_ENDS: [&str; 4] = ["不予许可", "终止办理", "退件归档", "不予受理"];

/// SplitMix64: a tiny seeded generator, the same numbers on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn pick<'a>(&mut self, pool: &[&'a str]) -> &'a str {
        pool[self.range(0, pool.len() - 1)]
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Start,
    End,
    Step,
    Decide,
}

struct Graph {
    rng: Rng,
    nodes: Vec<(Kind, String)>,
    edges: Vec<(usize, usize, Option<&'static str>)>,
    seen: BTreeSet<(usize, usize)>,
}

impl Graph {
    fn node(&mut self, kind: Kind, label: String) -> usize {
        self.nodes.push((kind, label));
        self.nodes.len() - 1
    }
    fn edge(&mut self, a: usize, b: usize, label: Option<&'static str>) -> bool {
        if a == b || !self.seen.insert((a, b)) {
            return false;
        }
        self.edges.push((a, b, label));
        true
    }
    fn label(&mut self, pool: &[&str], dept_p: f64) -> String {
        let t = self.rng.pick(pool);
        if self.rng.unit() < dept_p {
            format!("{}{t}", self.rng.pick(&DEPTS))
        } else {
            t.to_string()
        }
    }
}

/// A valid `.flow` file with exactly `n` nodes (n ≥ 6) in gen.py's shapes.
pub fn flow(n: usize, seed: u64) -> String {
    let n = n.max(6);
    let mut g = Graph {
        rng: Rng((n as u64).wrapping_mul(1_000_003) ^ seed.wrapping_mul(7919) ^ 17),
        nodes: Vec::with_capacity(n),
        edges: Vec::with_capacity(n * 5 / 4),
        seen: BTreeSet::new(),
    };
    let n_bad = if n < 12 { 0 } else { g.rng.range(1, 2) };
    let start = g.node(Kind::Start, "申请人提出申请".to_string());
    let mut remaining = n - 2 - n_bad;
    let p_end = (1.8 / (remaining as f64 / 4.5).max(1.0).sqrt()).min(0.3);

    let mut main = vec![start];
    let mut joins: std::collections::BTreeMap<usize, Vec<(usize, Option<&'static str>)>> =
        Default::default();
    let mut to_end: Vec<(usize, Option<&'static str>)> = Vec::new();
    let (mut cur, mut cur_label): (usize, Option<&'static str>) = (start, None);
    let (mut since_dec, mut gap) = (0usize, g.rng.range(1, 3));

    fn resolve(
        g: &mut Graph,
        joins: &mut std::collections::BTreeMap<usize, Vec<(usize, Option<&'static str>)>>,
        main: &[usize],
    ) {
        let at = main.len() - 1;
        for (tail, lab) in joins.remove(&at).unwrap_or_default() {
            g.edge(tail, main[at], lab);
        }
    }

    while remaining > 0 {
        let roll = g.rng.unit();
        if since_dec >= gap && remaining >= 2 {
            let label = g.label(&DECISION, 0.15);
            let d = g.node(Kind::Decide, label);
            remaining -= 1;
            g.edge(cur, d, cur_label);
            since_dec = 0;
            gap = g.rng.range(2, 4);
            let no = NO[g.rng.range(0, 3)];
            let yes = YES[g.rng.range(0, 3)];
            let k = [0, 1, 1, 1, 2, 2, 3][g.rng.range(0, 6)].min(remaining - 1);
            let (mut tail, mut tail_label) = (d, Some(no));
            for _ in 0..k {
                let label = g.label(&SIDE, 0.3);
                let s = g.node(Kind::Step, label);
                remaining -= 1;
                g.edge(tail, s, tail_label);
                tail = s;
                tail_label = None;
            }
            let what = g.rng.unit();
            if what < p_end {
                to_end.push((tail, tail_label));
            } else if what < p_end + (1.0 - p_end) * 0.5 && main.len() > 1 {
                let lo = main.len().saturating_sub(6).max(1);
                let tgt = main[g.rng.range(lo, main.len() - 1)];
                if !g.edge(tail, tgt, tail_label) {
                    to_end.push((tail, tail_label));
                }
            } else {
                let at = main.len() + g.rng.range(1, 4);
                joins.entry(at).or_default().push((tail, tail_label));
            }
            cur = d;
            cur_label = Some(yes);
        } else if roll < 0.08 && remaining >= 5 && since_dec >= 1 {
            let f = g.node(Kind::Step, "分送会签".to_string());
            remaining -= 1;
            g.edge(cur, f, cur_label);
            main.push(f);
            resolve(&mut g, &mut joins, &main);
            let k = g.rng.range(2, 3).min(remaining - 2);
            let mut reviews = Vec::new();
            for _ in 0..k {
                let label = format!("{}审查意见", g.rng.pick(&DEPTS));
                let r = g.node(Kind::Step, label);
                remaining -= 1;
                g.edge(f, r, None);
                reviews.push(r);
            }
            let j = g.node(Kind::Step, "汇总各部门意见".to_string());
            remaining -= 1;
            for r in reviews {
                g.edge(r, j, None);
            }
            cur = j;
            cur_label = None;
            main.push(j);
            resolve(&mut g, &mut joins, &main);
            since_dec += 1;
        } else {
            let label = g.label(&PROCESS, 0.3);
            let p = g.node(Kind::Step, label);
            remaining -= 1;
            g.edge(cur, p, cur_label);
            cur = p;
            cur_label = None;
            main.push(p);
            resolve(&mut g, &mut joins, &main);
            since_dec += 1;
        }
    }
    // Only as many refusal ends as there are branches to them; the budget of the
    // others goes to extra steps on the main chain, so the count stays exactly n.
    let bad = n_bad.min(to_end.len());
    for _ in bad..n_bad {
        let p = g.node(Kind::Step, "归档立卷".to_string());
        g.edge(cur, p, cur_label);
        cur = p;
        cur_label = None;
    }
    let ok_end = g.node(Kind::End, "办结".to_string());
    let bad_ends: Vec<usize> = (0..bad)
        .map(|i| g.node(Kind::End, BAD_ENDS[i % BAD_ENDS.len()].to_string()))
        .collect();
    g.edge(cur, ok_end, cur_label);
    for (_, tails) in std::mem::take(&mut joins) {
        for (tail, lab) in tails {
            g.edge(tail, ok_end, lab);
        }
    }
    for (k, (tail, lab)) in to_end.into_iter().enumerate() {
        let tgt = if bad_ends.is_empty() {
            ok_end
        } else if k < bad_ends.len() {
            bad_ends[k]
        } else {
            bad_ends[g.rng.range(0, bad_ends.len() - 1)]
        };
        g.edge(tail, tgt, lab);
    }
    write_flow(&g, n, seed)
}

fn write_flow(g: &Graph, n: usize, seed: u64) -> String {
    let mut out = String::with_capacity(g.nodes.len() * 48);
    let _ = writeln!(
        out,
        "power \"generated g{n}_s{seed}\" {{ kind 行政许可 subject \"测试单位\" }}"
    );
    for (i, p) in POSTS.iter().enumerate() {
        let _ = writeln!(
            out,
            "post {p} {{ duty \"办理{p}事项\" staff \"工作人员{}\" deadline {} 工作日 }}",
            i + 1,
            i % 5 + 1
        );
    }
    for (i, (kind, label)) in g.nodes.iter().enumerate() {
        let kw = match kind {
            Kind::Start => "start",
            Kind::End => "end",
            Kind::Step => "step",
            Kind::Decide => "decide",
        };
        let _ = write!(out, "{kw} n{i} \"{label}\"");
        if matches!(kind, Kind::Step | Kind::Decide) {
            let _ = write!(out, " @{}", POSTS[i % POSTS.len()]);
        }
        out.push('\n');
    }
    for (a, b, label) in &g.edges {
        match label {
            Some(l) => {
                let _ = writeln!(out, "n{a} -> n{b} : \"{l}\"");
            }
            None => {
                let _ = writeln!(out, "n{a} -> n{b}");
            }
        }
    }
    out
}
