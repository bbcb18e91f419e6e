//! Unit tests of the checker on syntax trees built by hand (independent of
//! the parser), with hand-computed expectations.

use crate::ast::{
    self, DeadlineValue, EdgeChain, Field, FieldName, Ident, Item, Level, NodeKind, PostRef, Str,
    Unit, Value, Word,
};
use crate::check::{check, Checked};
use crate::model::{Deadline, Total};
use crate::source::{Source, Span};

use NodeKind::{Decide, End, Start, Step};
use Unit::{Days, Hours, Workdays};

/// Builds a file statement by statement, giving every piece its own span
/// (increasing in statement order, so diagnostics sort as written).
#[derive(Default)]
struct B {
    file: ast::File,
    pos: usize,
}

fn wd(n: u64) -> DeadlineValue {
    DeadlineValue::Amount(n, Workdays)
}

fn days(n: u64) -> DeadlineValue {
    DeadlineValue::Amount(n, Days)
}

impl B {
    fn span(&mut self) -> Span {
        self.pos += 10;
        Span::new(self.pos, self.pos + 5)
    }

    fn ident(&mut self, name: &str) -> Ident {
        Ident {
            name: name.to_string(),
            span: self.span(),
        }
    }

    fn field(&mut self, name: FieldName, value: Value) -> Field {
        let (name_span, span) = (self.span(), self.span());
        Field {
            name,
            name_span,
            value,
            span,
        }
    }

    fn text(&mut self, s: &str) -> Value {
        Value::Text(Word {
            value: s.to_string(),
            span: self.span(),
        })
    }

    fn deadline(&mut self, d: DeadlineValue) -> Value {
        Value::Deadline(ast::Deadline {
            value: d,
            span: self.span(),
        })
    }

    fn power(&mut self, limit: Option<DeadlineValue>, promise: Option<DeadlineValue>) -> &mut Self {
        let keyword = self.span();
        let name = Str {
            value: "测试职权".into(),
            span: self.span(),
        };
        let mut fields = Vec::new();
        if let Some(l) = limit {
            let v = self.deadline(l);
            fields.push(self.field(FieldName::Limit, v));
        }
        if let Some(p) = promise {
            let v = self.deadline(p);
            fields.push(self.field(FieldName::Promise, v));
        }
        let span = keyword;
        self.file.items.push(Item::Power(ast::Power {
            name,
            fields,
            keyword,
            span,
        }));
        self
    }

    /// A complete post (duty and staff given) with an optional deadline.
    fn post(&mut self, id: &str, deadline: Option<DeadlineValue>) -> &mut Self {
        let id = self.ident(id);
        let duty = self.text("职能");
        let staff = self.text("某某");
        let mut fields = vec![
            self.field(FieldName::Duty, duty),
            self.field(FieldName::Staff, staff),
        ];
        if let Some(d) = deadline {
            let v = self.deadline(d);
            fields.push(self.field(FieldName::Deadline, v));
        }
        let span = id.span;
        self.file.items.push(Item::Post(ast::Post {
            id,
            full_name: None,
            fields,
            risks: Vec::new(),
            span,
        }));
        self
    }

    fn party(&mut self, id: &str) -> &mut Self {
        let id = self.ident(id);
        let span = id.span;
        self.file.items.push(Item::Party(ast::Party {
            id,
            full_name: None,
            span,
        }));
        self
    }

    fn node(
        &mut self,
        kind: NodeKind,
        id: &str,
        posts: &[&str],
        deadline: Option<DeadlineValue>,
    ) -> &mut Self {
        let keyword = self.span();
        let id = self.ident(id);
        let posts = posts
            .iter()
            .map(|p| PostRef {
                name: p.to_string(),
                quoted: false,
                span: self.span(),
            })
            .collect();
        let mut fields = Vec::new();
        if let Some(d) = deadline {
            let v = self.deadline(d);
            fields.push(self.field(FieldName::Deadline, v));
        }
        let span = keyword.to(id.span);
        self.file.items.push(Item::Node(ast::Node {
            kind,
            keyword,
            id,
            text: None,
            posts,
            fields,
            risks: Vec::new(),
            span,
        }));
        self
    }

    fn edge(&mut self, chain: &[&str], label: Option<&str>) -> &mut Self {
        let mut nodes = Vec::new();
        let mut arrows = Vec::new();
        for (i, name) in chain.iter().enumerate() {
            if i > 0 {
                arrows.push(self.span());
            }
            nodes.push(self.ident(name));
        }
        let label = label.map(|l| Word {
            value: l.to_string(),
            span: self.span(),
        });
        let span = Span::new(nodes.first().map_or(0, |n| n.span.start as usize), self.pos);
        self.file.items.push(Item::Edges(EdgeChain {
            nodes,
            arrows,
            label,
            span,
        }));
        self
    }

    fn edges(&mut self, chain: &[&str]) -> &mut Self {
        self.edge(chain, None)
    }

    fn check(&self) -> Checked {
        check(&self.file, &Source::new("test.flow", ""))
    }
}

fn names(checked: &Checked) -> Vec<&'static str> {
    checked.diagnostics.iter().map(|d| d.name).collect()
}

fn totals(checked: &Checked) -> Vec<Total> {
    checked
        .flow
        .as_ref()
        .map(|f| f.totals.clone())
        .unwrap_or_default()
}

fn total(unit: Unit, amount: u64) -> Total {
    Total { unit, amount }
}

/// The contract's §1 example, built by hand.
fn licensing() -> B {
    let mut b = B::default();
    b.power(Some(wd(20)), None)
        .post("受理岗", Some(DeadlineValue::Immediate))
        .post("审核岗", Some(wd(15)))
        .post("审批岗", Some(wd(3)))
        .post("制证岗", Some(wd(2)))
        .party("申请人")
        .node(Start, "申请", &["申请人"], None)
        .node(Step, "受理", &["受理岗"], None)
        .node(Decide, "齐全", &["受理岗"], None)
        .node(Step, "补正", &["受理岗"], Some(wd(5)))
        .node(Step, "补交", &["申请人"], Some(days(30)))
        .node(Step, "审核", &["审核岗"], None)
        .node(Decide, "准予", &["审批岗"], None)
        .node(Step, "制证", &["制证岗"], None)
        .node(Step, "不予", &["审批岗"], Some(wd(2)))
        .node(End, "办结", &[], None)
        .edges(&["申请", "受理", "齐全"])
        .edge(&["齐全", "审核"], Some("是"))
        .edge(&["齐全", "补正"], Some("否"))
        .edges(&["补正", "补交", "受理"])
        .edges(&["审核", "准予"])
        .edge(&["准予", "制证"], Some("是"))
        .edge(&["准予", "不予"], Some("否"))
        .edges(&["制证", "办结"])
        .edges(&["不予", "办结"]);
    b
}

#[test]
fn licensing_example_checks_clean_with_its_model() {
    let checked = licensing().check();
    assert_eq!(names(&checked), Vec::<&str>::new());
    let flow = checked.flow.expect("a flow");
    // 审核 15 + 准予 (审批岗 3) + 不予 (own 2, same run as 准予: nothing more) = 20;
    // via 制证: 15 + 3 + 2 = 20 as well. 补正's loop is excluded.
    assert_eq!(flow.totals, vec![total(Workdays, 20)]);
    let back: Vec<(String, String)> = flow
        .edges
        .iter()
        .filter(|e| e.back)
        .map(|e| (flow.nodes[e.from].id.clone(), flow.nodes[e.to].id.clone()))
        .collect();
    assert_eq!(back, vec![("补交".to_string(), "受理".to_string())]);
    let table: Vec<&str> = flow
        .table
        .iter()
        .map(|&a| flow.actors[a].id.as_str())
        .collect();
    assert_eq!(table, ["受理岗", "审核岗", "审批岗", "制证岗"]);
    assert_eq!(flow.actors[0].row, Some(1));
    assert_eq!(flow.actors[4].row, None, "parties have no row");
    let node = |id: &str| flow.nodes.iter().find(|n| n.id == id).unwrap();
    assert!(node("申请").party_step && node("补交").party_step);
    assert!(!node("受理").party_step);
    assert_eq!(
        node("审核").effective_deadline,
        Some(Deadline::Amount {
            amount: 15,
            unit: Workdays
        })
    );
    assert_eq!(node("受理").effective_deadline, Some(Deadline::Immediate));
    assert_eq!(node("办结").effective_deadline, None);
}

/// A straight chain start → a → b → c → end with the given leads/deadlines.
fn chain(b: &mut B, steps: &[(&str, &str, Option<DeadlineValue>)]) {
    b.node(Start, "S", &[], None);
    for (id, post, d) in steps {
        let posts: Vec<&str> = if post.is_empty() { vec![] } else { vec![post] };
        b.node(Step, id, &posts, d.clone());
    }
    b.node(End, "E", &[], None);
    let mut names = vec!["S"];
    names.extend(steps.iter().map(|s| s.0));
    names.push("E");
    b.edges(&names);
}

#[test]
fn a_post_deadline_counts_once_per_run() {
    let mut b = B::default();
    b.power(None, None)
        .post("P", Some(wd(15)))
        .post("Q", Some(wd(3)));
    // Runs along the path: [a b] of P, [c] of Q, [d] of P again.
    chain(
        &mut b,
        &[
            ("a", "P", None),
            ("b", "P", None),
            ("c", "Q", None),
            ("d", "P", None),
        ],
    );
    assert_eq!(totals(&b.check()), vec![total(Workdays, 15 + 3 + 15)]);
}

#[test]
fn an_own_deadline_stays_in_the_run_but_inherits_nothing() {
    let mut b = B::default();
    b.power(None, None).post("P", Some(wd(10)));
    // Run [a(own 2) b c(own 4)]: 2 + 10 (b inherits, once) + 4.
    chain(
        &mut b,
        &[
            ("a", "P", Some(wd(2))),
            ("b", "P", None),
            ("c", "P", Some(wd(4))),
        ],
    );
    assert_eq!(totals(&b.check()), vec![total(Workdays, 16)]);
    // Run [a(own 2) c(own 4)] only: the post's 10 is never inherited.
    let mut b = B::default();
    b.power(None, None).post("P", Some(wd(10)));
    chain(&mut b, &[("a", "P", Some(wd(2))), ("c", "P", Some(wd(4)))]);
    assert_eq!(totals(&b.check()), vec![total(Workdays, 6)]);
}

#[test]
fn party_steps_are_not_summed_and_break_runs() {
    let mut b = B::default();
    b.power(None, None).post("P", Some(wd(5))).party("申请人");
    // a(P) x(party, own 30 日) b(P): two runs of P = 10; the party's 30 日 are not summed.
    chain(
        &mut b,
        &[
            ("a", "P", None),
            ("x", "申请人", Some(days(30))),
            ("b", "P", None),
        ],
    );
    assert_eq!(totals(&b.check()), vec![total(Workdays, 10)]);
}

#[test]
fn units_are_kept_apart_and_immediate_is_zero() {
    let mut b = B::default();
    b.power(Some(days(10)), None)
        .post("P", Some(DeadlineValue::Immediate));
    chain(
        &mut b,
        &[
            ("a", "", Some(wd(3))),
            ("b", "", Some(days(4))),
            ("c", "", Some(DeadlineValue::Amount(6, Hours))),
            ("d", "P", None),
            ("e", "", Some(DeadlineValue::Immediate)),
            ("f", "", Some(DeadlineValue::Text("当场办结".into()))),
        ],
    );
    let checked = b.check();
    assert_eq!(
        totals(&checked),
        vec![total(Workdays, 3), total(Days, 4), total(Hours, 6)]
    );
    assert!(!names(&checked).contains(&"over-limit"), "4 日 ≤ 10 日");
}

#[test]
fn the_longest_branch_wins_and_loops_are_excluded() {
    let mut b = B::default();
    b.power(Some(wd(10)), None)
        .post("P", Some(wd(4)))
        .post("Q", Some(wd(9)))
        .node(Start, "S", &[], None)
        .node(Decide, "d", &["P"], None)
        .node(Step, "short", &["P"], Some(wd(1)))
        .node(Step, "long", &["Q"], None)
        .node(Step, "again", &["P"], Some(wd(50)))
        .node(End, "E", &[], None)
        .edges(&["S", "d"])
        .edge(&["d", "short"], Some("是"))
        .edge(&["d", "long"], Some("否"))
        .edges(&["short", "E"])
        .edges(&["long", "E"])
        .edges(&["long", "again", "d"]);
    let checked = b.check();
    // d (P: 4) then long (Q: 9) = 13; short's path is 4 + 1 = 5; the loop
    // long → again → d is a back edge at d, so `again` reaches no end without it.
    assert_eq!(totals(&checked), vec![total(Workdays, 13)]);
    let over: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.name == "over-limit")
        .collect();
    assert_eq!(over.len(), 1);
    assert!(
        over[0].message.en.contains("13 workdays"),
        "{}",
        over[0].message.en
    );
    assert!(over[0].message.en.contains("10 workdays"));
    assert!(over[0]
        .help
        .as_ref()
        .unwrap()
        .en
        .contains("S → d → long → E"));
}

#[test]
fn a_run_through_a_decision_counts_its_post_once() {
    // A post's 15 工作日 covers its step and its decision together.
    let mut b = B::default();
    b.power(Some(wd(14)), Some(wd(15)))
        .post("审核岗", Some(wd(15)))
        .node(Start, "S", &[], None)
        .node(Step, "审核", &["审核岗"], None)
        .node(Decide, "通过", &["审核岗"], None)
        .node(End, "E", &[], None)
        .node(End, "F", &[], None)
        .edges(&["S", "审核", "通过"])
        .edge(&["通过", "E"], Some("是"))
        .edge(&["通过", "F"], Some("否"));
    let checked = b.check();
    assert_eq!(totals(&checked), vec![total(Workdays, 15)]);
    // Over the limit (14), not over the promise (15).
    assert_eq!(names(&checked), ["over-limit"]);
}

#[test]
fn an_immediate_limit_is_exceeded_by_any_time() {
    let mut b = B::default();
    b.power(Some(DeadlineValue::Immediate), None);
    chain(&mut b, &[("a", "", Some(DeadlineValue::Amount(2, Hours)))]);
    let checked = b.check();
    assert_eq!(names(&checked)[..], ["over-limit", "missing-post"]);
    assert_eq!(
        checked.diagnostics[0].message.en,
        "the longest path takes 2 hours, but the statutory limit is immediate (即时)"
    );
    assert_eq!(
        checked.diagnostics[0].message.zh,
        "最长路径合计 2小时，但法定时限为即时"
    );
}

#[test]
fn runs_are_tracked_per_path_not_per_node() {
    // Two ways into x (led by P): from a (led by P: same run, P already
    // counted) and from q (led by Q: a new run, P counted again).
    // S → a(P) → x(P) → E : 7;  S → q(Q, 1) → x(P) → E : 1 + 7 = 8.
    // A per-node "counted" flag would get one of them wrong.
    let mut b = B::default();
    b.power(None, None)
        .post("P", Some(wd(7)))
        .post("Q", Some(wd(1)))
        .node(Start, "S", &[], None)
        .node(Decide, "d", &[], None)
        .node(Step, "a", &["P"], None)
        .node(Step, "q", &["Q"], None)
        .node(Step, "x", &["P"], None)
        .node(End, "E", &[], None)
        .edges(&["S", "d"])
        .edge(&["d", "a"], Some("1"))
        .edge(&["d", "q"], Some("2"))
        .edges(&["a", "x", "E"])
        .edges(&["q", "x"]);
    assert_eq!(totals(&b.check()), vec![total(Workdays, 8)]);
}

#[test]
fn start_and_end_count_like_any_node() {
    let mut b = B::default();
    b.power(None, None)
        .post("P", Some(wd(2)))
        .node(Start, "S", &["P"], None)
        .node(Step, "a", &["P"], None)
        .node(End, "E", &["P"], Some(wd(1)));
    b.edges(&["S", "a", "E"]);
    // One run of P over S, a, E: 2 once, plus E's own 1.
    assert_eq!(totals(&b.check()), vec![total(Workdays, 3)]);
}

#[test]
fn a_chain_of_100_000_nodes_is_checked_without_recursion() {
    let mut b = B::default();
    b.power(None, None).post("P", Some(wd(1)));
    let ids: Vec<String> = (0..100_000).map(|i| format!("n{i}")).collect();
    b.node(Start, "S", &[], None);
    for (i, id) in ids.iter().enumerate() {
        // Alternate posts so every node starts a new run… of the same post
        // only every other node: P, none, P, none…
        let posts: &[&str] = if i % 2 == 0 { &["P"] } else { &[] };
        b.node(Step, id, posts, if i % 2 == 0 { None } else { Some(wd(0)) });
    }
    b.node(End, "E", &[], None);
    let mut names: Vec<&str> = vec!["S"];
    names.extend(ids.iter().map(String::as_str));
    names.push("E");
    b.edges(&names);
    let checked = b.check();
    // 50,000 runs of P at 1 each; half the nodes lack a post.
    assert_eq!(totals(&checked), vec![total(Workdays, 50_000)]);
    assert_eq!(checked.diagnostics.len(), 50_000);
    assert!(checked.diagnostics.iter().all(|d| d.name == "missing-post"));
}

#[test]
fn post_lints_follow_the_section_8_rules() {
    let mut b = B::default();
    b.power(None, None)
        .post("P", None)
        .post("Unused", Some(wd(1)))
        .party("申请人")
        .node(Start, "S", &[], None)
        .node(Step, "a", &["P"], None) // missing-deadline (P has none)
        .node(Step, "b", &["申请人"], None) // party step: exempt from both
        .node(Decide, "d", &[], None) // missing-post only (decide)
        .node(Step, "c", &[], None) // missing-post and missing-deadline
        .node(End, "E", &[], None)
        .edges(&["S", "a", "b", "d"])
        .edge(&["d", "c"], Some("是"))
        .edge(&["d", "E"], Some("否"))
        .edges(&["c", "E"]);
    let checked = b.check();
    assert_eq!(
        names(&checked),
        [
            "unused-post",
            "missing-deadline",
            "missing-post",
            "missing-post",
            "missing-deadline"
        ]
    );
    assert!(
        checked.flow.is_some(),
        "lints alone do not stop compilation"
    );
}

#[test]
fn level_field_is_kept_on_the_post() {
    let mut b = licensing();
    if let Some(Item::Post(post)) = b.file.items.get_mut(2) {
        let v = Value::Level(Level::High, Span::default());
        post.fields.push(Field {
            name: FieldName::Level,
            name_span: Span::default(),
            value: v,
            span: Span::default(),
        });
    }
    let flow = b.check().flow.unwrap();
    assert_eq!(flow.actors[1].level, Some(Level::High));
}

/// S → a → E with `a` led by P (deadline 1): a clean base to break.
fn base() -> B {
    let mut b = B::default();
    b.power(None, None)
        .post("P", Some(wd(1)))
        .node(Start, "S", &[], None)
        .node(Step, "审核", &["P"], None)
        .node(End, "E", &[], None);
    b
}

#[test]
fn an_unknown_node_with_a_close_match_is_one_error() {
    let mut b = base();
    b.edges(&["S", "审合", "E"]);
    let checked = b.check();
    assert_eq!(names(&checked), ["unknown-node"]);
    let help = checked.diagnostics[0].help.as_ref().unwrap();
    assert_eq!(help.en, "did you mean `审核`?");
    assert_eq!(help.zh, "是否应为「审核」？");
    assert!(checked.flow.is_none());
}

#[test]
fn an_unknown_node_without_a_match_folds_what_it_leaves_unreachable() {
    let mut b = base();
    b.node(Step, "归档", &["P"], None)
        .edges(&["S", "zzz"])
        .edges(&["审核", "归档", "E"]);
    let checked = b.check();
    assert_eq!(names(&checked), ["unknown-node"]);
    assert!(checked.diagnostics[0]
        .help
        .as_ref()
        .unwrap()
        .en
        .starts_with("declare it"));
}

#[test]
fn each_unknown_name_is_reported_once_with_its_other_uses() {
    let mut b = base();
    b.edges(&["S", "审核", "E"])
        .edges(&["X", "E"])
        .edges(&["X", "审核"]);
    let checked = b.check();
    assert_eq!(names(&checked), ["unknown-node"]);
    assert_eq!(checked.diagnostics[0].related.len(), 1);
}

#[test]
fn an_unreachable_chain_is_one_error_at_its_head() {
    let mut b = base();
    b.node(Step, "x", &["P"], None)
        .node(Step, "y", &["P"], None)
        .node(Step, "u", &["P"], None)
        .node(Step, "v", &["P"], None)
        .edges(&["S", "审核", "E"])
        .edges(&["y", "x", "E"]) // head y (declared after x)
        .edges(&["u", "v", "u"]) // an unreachable loop: one error at u
        .edges(&["v", "E"]);
    let checked = b.check();
    // (v has two outgoing edges: a step-branches lint beside the errors.)
    assert_eq!(
        names(&checked),
        ["unreachable", "unreachable", "step-branches"]
    );
    let ids: Vec<&str> = checked.diagnostics[..2]
        .iter()
        .map(|d| d.message.en.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "`y` can never be reached from the start",
            "`u` can never be reached from the start"
        ]
    );
    assert!(checked.diagnostics[0]
        .label
        .as_ref()
        .unwrap()
        .en
        .contains("the 1 node after it"));
}

#[test]
fn a_dead_end_is_reported_once_not_for_every_node_before_it() {
    let mut b = base();
    b.node(Step, "x", &["P"], None)
        .node(Step, "y", &["P"], None)
        .node(Decide, "d", &["P"], None)
        .edges(&["S", "d"])
        .edge(&["d", "审核"], Some("是"))
        .edge(&["d", "x"], Some("否"))
        .edges(&["审核", "E"])
        .edges(&["x", "y"]);
    let checked = b.check();
    assert_eq!(names(&checked), ["no-way-out"]);
    assert_eq!(
        checked.diagnostics[0].message.en,
        "`y` is a dead end: no `end` can be reached from it"
    );
    assert_eq!(
        checked.diagnostics[0].help.as_ref().unwrap().en,
        "add an edge from it to the next step or to an end, e.g. `y -> E`"
    );
}

#[test]
fn a_loop_without_exit_is_named_from_its_entry() {
    let mut b = base();
    b.node(Step, "x", &["P"], None)
        .node(Step, "y", &["P"], None)
        .node(Decide, "d", &["P"], None)
        .edges(&["S", "d"])
        .edge(&["d", "审核"], Some("是"))
        .edge(&["d", "x"], Some("否"))
        .edges(&["审核", "E"])
        .edges(&["y", "x", "y"]);
    let checked = b.check();
    assert_eq!(names(&checked), ["no-way-out"]);
    assert_eq!(
        checked.diagnostics[0].message.en,
        "the loop `x → y → x` has no way out to an end"
    );
}

#[test]
fn no_way_out_is_skipped_without_an_end() {
    let mut b = B::default();
    b.power(None, None).post("P", Some(wd(1)));
    b.node(Start, "S", &[], None)
        .node(Step, "a", &["P"], None)
        .edges(&["S", "a"]);
    assert_eq!(names(&b.check()), ["no-end"]);
}

#[test]
fn start_and_end_errors() {
    let mut b = B::default();
    b.power(None, None)
        .post("P", Some(wd(1)))
        .node(Step, "a", &["P"], None)
        .node(Step, "b", &["P"], None)
        .edges(&["a", "b"]);
    assert_eq!(names(&b.check()), ["no-start", "no-end"]);

    let mut b = base();
    b.node(Start, "S2", &[], None)
        .node(Step, "after", &["P"], None)
        .edges(&["S", "审核", "E"])
        .edges(&["S2", "审核"])
        .edges(&["E", "after"]);
    // The edge out of E keeps `after` reachable (no cascade); `after` is a dead end.
    assert_eq!(
        names(&b.check()),
        ["multiple-start", "no-way-out", "edge-from-end"]
    );
}

#[test]
fn decision_rules() {
    let mut b = base();
    b.node(Decide, "one", &["P"], None)
        .node(Decide, "none", &["P"], None)
        .node(Decide, "dup", &["P"], None)
        .node(Decide, "bare", &["P"], None)
        .edges(&["S", "one"])
        .edge(&["one", "none"], Some("是"))
        .edge(&["dup", "审核"], Some("是"))
        .edge(&["dup", "E"], Some("是"))
        .edges(&["bare", "审核"])
        .edge(&["bare", "E"], Some("否"))
        .edges(&["审核", "E"]);
    let checked = b.check();
    // `none` has no branch: decide-branches only (its dead end is folded);
    // `dup` and `bare` are unreachable, and still get their branch errors.
    assert_eq!(
        names(&checked),
        [
            "decide-branches",
            "decide-branches",
            "unreachable",
            "unreachable",
            "duplicate-branch",
            "unlabeled-branch"
        ]
    );
}

#[test]
fn a_label_on_a_chain_is_one_error() {
    let mut b = base();
    b.node(Decide, "d", &["P"], None)
        .edges(&["S", "d"])
        .edge(&["d", "审核", "E"], Some("是"))
        .edge(&["d", "E"], Some("否"));
    let checked = b.check();
    assert_eq!(names(&checked), ["label-on-chain"]);
    assert_eq!(
        checked.diagnostics[0].help.as_ref().unwrap().en,
        "split the chain and put the label on its arrow, e.g. `d -> 审核 : 是` and `审核 -> E`"
    );
}

#[test]
fn duplicates_are_reported_at_the_second_declaration() {
    let mut b = base();
    b.post("P", None)
        .party("P")
        .node(Step, "审核", &["P"], None)
        .power(None, None)
        .edges(&["S", "审核", "E"]);
    // A second deadline on the first post.
    let extra = b.deadline(wd(2));
    let extra = b.field(FieldName::Deadline, extra);
    if let Some(Item::Post(post)) = b.file.items.get_mut(1) {
        post.fields.push(extra);
    }
    let checked = b.check();
    assert_eq!(
        names(&checked),
        [
            "duplicate-post",
            "duplicate-post",
            "duplicate-node",
            "duplicate-field",
            "duplicate-field"
        ]
    );
    assert_eq!(
        checked.diagnostics[3].message.en,
        "the file has a second `power` header"
    );
    let d = &checked.diagnostics[4];
    assert_eq!(d.message.en, "post `P` gives `deadline` twice");
    assert_eq!(d.related.len(), 1);
}

#[test]
fn bad_deadlines_say_why_and_still_count_as_given() {
    for (text, message) in [
        ("5 weeks", "unknown unit `weeks` in deadline `5 weeks`"),
        ("15", "deadline `15` has no unit"),
        ("soon", "`soon` is not a deadline"),
        (
            "99999999999999999999 日",
            "deadline `99999999999999999999 日` is too large",
        ),
    ] {
        let mut b = B::default();
        b.power(None, None)
            .post("P", None)
            .node(Start, "S", &[], None)
            .node(Step, "a", &["P"], Some(DeadlineValue::Bad(text.into())))
            .node(End, "E", &[], None)
            .edges(&["S", "a", "E"]);
        let checked = b.check();
        assert_eq!(names(&checked), ["bad-deadline"], "{text}");
        assert_eq!(checked.diagnostics[0].message.en, message);
        assert!(checked.diagnostics[0]
            .help
            .as_ref()
            .unwrap()
            .en
            .contains("工作日 (workdays)"));
    }
}

#[test]
fn unknown_posts_suggest_and_silence_the_post_lints() {
    let mut b = base();
    b.node(Step, "b", &["Px"], None)
        .node(Step, "c", &["Px"], None)
        .edges(&["S", "审核", "b", "c", "E"]);
    let checked = b.check();
    assert_eq!(names(&checked), ["unknown-post"]);
    let d = &checked.diagnostics[0];
    assert_eq!(d.help.as_ref().unwrap().en, "did you mean `@P`?");
    assert_eq!(d.related.len(), 1, "the second use is shown with the first");
}

#[test]
fn quoted_names_look_for_full_names_first() {
    let mut b = base();
    // Post `A` has full name "P"; `@"P"` means A, `@P` means P.
    b.post("A", Some(wd(4)));
    if let Some(Item::Post(post)) = b.file.items.last_mut() {
        post.full_name = Some(Str {
            value: "P".into(),
            span: Span::default(),
        });
    }
    b.node(Step, "q", &[], None).edges(&["S", "审核", "q", "E"]);
    if let Some(Item::Node(node)) = b.file.items.iter_mut().rev().nth(1) {
        node.posts.push(PostRef {
            name: "P".into(),
            quoted: true,
            span: Span::default(),
        });
    }
    let flow = b.check().flow.unwrap();
    let q = flow.nodes.iter().find(|n| n.id == "q").unwrap();
    assert_eq!(flow.actors[q.actors[0]].id, "A");
    let a = flow.nodes.iter().find(|n| n.id == "审核").unwrap();
    assert_eq!(flow.actors[a.actors[0]].id, "P");
    // P first along the flow, then A.
    assert_eq!(flow.table, [0, 1]);
}

/// The §8 sum of one path, computed directly from the checked model: own
/// numeric deadlines once, a lead post's deadline once per maximal run of
/// nodes led by that post (only when some node of the run inherits it),
/// party steps nothing.
fn path_sum(flow: &crate::model::Flow, path: &[usize], unit: Unit) -> u64 {
    let amount = |d: Option<&Deadline>| match d {
        Some(Deadline::Amount { amount, unit: u }) if *u == unit => *amount,
        _ => 0,
    };
    let mut sum = 0;
    let mut i = 0;
    while i < path.len() {
        let node = &flow.nodes[path[i]];
        let lead = node.actors.first().copied();
        let lead_post = lead.filter(|&a| !flow.actors[a].party);
        if node.party_step {
            i += 1;
            continue;
        }
        let Some(post) = lead_post else {
            sum += amount(node.deadline.as_ref());
            i += 1;
            continue;
        };
        // The maximal run of nodes led by `post` from here.
        let mut j = i;
        let mut inherits = false;
        while j < path.len() && flow.nodes[path[j]].actors.first().copied() == Some(post) {
            let n = &flow.nodes[path[j]];
            sum += amount(n.deadline.as_ref());
            inherits |= n.deadline.is_none();
            j += 1;
        }
        if inherits {
            sum += amount(flow.actors[post].deadline.as_ref());
        }
        i = j;
    }
    sum
}

/// The largest [`path_sum`] over every start→end path of forward edges, by enumeration.
fn brute_force(flow: &crate::model::Flow, unit: Unit) -> Option<u64> {
    let mut best = None;
    let mut stack = vec![vec![flow.start]];
    while let Some(path) = stack.pop() {
        let last = *path.last().unwrap();
        if flow.nodes[last].kind == End {
            let s = path_sum(flow, &path, unit);
            best = Some(best.map_or(s, |b: u64| b.max(s)));
        }
        for e in flow.edges.iter().filter(|e| e.from == last && !e.back) {
            let mut next = path.clone();
            next.push(e.to);
            stack.push(next);
        }
    }
    best
}

#[test]
fn longest_sums_match_enumeration_on_random_flows() {
    // A fixed-seed xorshift: the same graphs every run.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let deadline = |r: u64, k: u64| match r {
        0 => None,
        1 => Some(wd(k)),
        2 => Some(days(k)),
        3 => Some(DeadlineValue::Immediate),
        _ => Some(DeadlineValue::Text("当场".into())),
    };
    let mut checked_some = 0;
    for _ in 0..400 {
        let mut b = B::default();
        b.power(None, None);
        for p in ["P", "Q", "R"] {
            let d = deadline(rand(4), 1 + rand(9));
            b.post(p, d);
        }
        b.party("申请人");
        let n = 3 + rand(7) as usize;
        let ids: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        for (i, id) in ids.iter().enumerate() {
            let kind = if i == 0 {
                Start
            } else if i == n - 1 {
                End
            } else {
                Step
            };
            let lead: &[&str] = match rand(5) {
                0 => &[],
                1 => &["P"],
                2 => &["Q"],
                3 => &["R"],
                _ => &["申请人"],
            };
            let d = deadline(rand(6), 1 + rand(9));
            b.node(kind, id, lead, d);
        }
        for i in 0..n - 1 {
            b.edges(&[&ids[i], &ids[i + 1]]);
        }
        for _ in 0..rand(2 * n as u64) {
            let from = rand(n as u64 - 1) as usize; // never out of the end
            let to = 1 + rand(n as u64 - 1) as usize; // never into the start
            b.edges(&[&ids[from], &ids[to]]);
        }
        let checked = b.check();
        let Some(flow) = checked.flow.as_ref() else {
            panic!("{:?}", names(&checked));
        };
        checked_some += 1;
        for unit in [Workdays, Days] {
            let expected = brute_force(flow, unit).unwrap_or(0);
            let got = flow
                .totals
                .iter()
                .find(|t| t.unit == unit)
                .map_or(0, |t| t.amount);
            assert_eq!(got, expected, "{unit:?} in a flow of {n} nodes");
        }
    }
    assert_eq!(checked_some, 400);
}

#[test]
fn random_broken_files_never_panic_and_report_in_source_order() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rand = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n.max(1)
    };
    let names_pool = ["a", "b", "c", "d", "审核", "审合", "受理", "x", "y"];
    let kinds = [Start, End, Step, Decide];
    for _ in 0..500 {
        let mut b = B::default();
        if rand(3) > 0 {
            b.power(Some(wd(rand(30))), None);
        }
        if rand(2) == 0 {
            b.post("P", Some(wd(rand(20))));
        }
        if rand(2) == 0 {
            b.party("P");
        }
        for _ in 0..rand(8) {
            let id = names_pool[rand(names_pool.len() as u64) as usize];
            let kind = kinds[rand(4) as usize];
            let posts: &[&str] = match rand(4) {
                0 => &[],
                1 => &["P"],
                2 => &["Px"],
                _ => &["P", "Q"],
            };
            let d = match rand(3) {
                0 => None,
                1 => Some(wd(rand(9))),
                _ => Some(DeadlineValue::Bad("9 weeks".into())),
            };
            b.node(kind, id, posts, d);
        }
        for _ in 0..rand(10) {
            let len = 2 + rand(3) as usize;
            let chain: Vec<&str> = (0..len)
                .map(|_| names_pool[rand(names_pool.len() as u64) as usize])
                .collect();
            let label = match rand(3) {
                0 => None,
                1 => Some("是"),
                _ => Some("否"),
            };
            b.edge(&chain, label);
        }
        let checked = b.check();
        let starts: Vec<u32> = checked.diagnostics.iter().map(|d| d.span.start).collect();
        assert!(
            starts.windows(2).all(|w| w[0] <= w[1]),
            "not in source order"
        );
        let has_error = checked.diagnostics.iter().any(|d| d.is_error());
        assert_eq!(checked.flow.is_some(), !has_error);
    }
}

#[test]
fn a_post_named_only_by_a_duplicate_node_is_not_unused() {
    let mut b = base();
    b.post("Q", Some(wd(1)))
        .node(Step, "审核", &["Q"], None)
        .edges(&["S", "审核", "E"]);
    assert_eq!(names(&b.check()), ["duplicate-node"]);
    let mut b = base();
    b.post("Q", Some(wd(1))).edges(&["S", "审核", "E"]);
    assert_eq!(names(&b.check()), ["unused-post"]);
}
