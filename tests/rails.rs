//! Rails (src/layout/rail.rs): in a big flow whose refusal branches all run
//! to one `end` at the bottom, the longest of them leave the layered graph's
//! dummies and run down outer rails. These tests check the drawing that comes
//! out: clean for the verifier in both directions, every rail right of every
//! node it passes, rails nested so they do not cross, and the same bytes twice.

use flowc::diagram::{Diagram, EdgePath};
use flowc::layout::{layout, Direction, LayoutOptions};
use flowc::model::Flow;
use flowc::Source;

/// A chain of `n` steps with a decision every `every` steps whose 否 branch
/// goes to one refusal `end` below everything: about `n² / (2·every)` dummies
/// without rails, far above the rail budget for n = 1,500.
fn refusals(n: usize, every: usize) -> Flow {
    chain(n, every, &|_| "no".to_string())
}

/// As [`refusals`], but each 否 branch loops back to the step at an eighth
/// of its own index: long loops, which take rails upward.
fn far_loops(n: usize, every: usize) -> Flow {
    chain(n, every, &|i| format!("a{}", i / 8))
}

/// A chain `s → a0 → … → ok` with a decision every `every` steps whose 否
/// branch goes to `no_target(index)`.
fn chain(n: usize, every: usize, no_target: &dyn Fn(usize) -> String) -> Flow {
    let mut text = String::from("start s \"申请人提出申请\"\nend ok \"办结\"\n");
    if (0..n).any(|i| no_target(i) == "no") {
        text.push_str("end no \"不予许可\"\n");
    }
    let mut prev = "s".to_string();
    let mut yes = ""; // the label of the edge leaving `prev`
    let mut edges = String::new();
    for i in 0..n {
        let id = format!("a{i}");
        edges.push_str(&format!("{prev} -> {id}{yes}\n"));
        if i % every == every - 1 {
            text.push_str(&format!("decide {id} \"材料是否齐全\"\n"));
            edges.push_str(&format!("{id} -> {} : 否\n", no_target(i)));
            yes = " : 是";
        } else {
            text.push_str(&format!("step {id} \"审查申请材料\"\n"));
            yes = "";
        }
        prev = id;
    }
    edges.push_str(&format!("{prev} -> ok{yes}\n"));
    text.push_str(&edges);
    let source = Source::new("refusals.flow", text.as_str());
    let checked = flowc::compile(&source);
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == flowc::diagnostic::Severity::Error)
        .map(|d| d.name.to_string())
        .collect();
    checked
        .flow
        .unwrap_or_else(|| panic!("the generated flow does not compile: {errors:?}"))
}

/// The longest vertical segment of an edge: (x, y0, y1).
fn longest_vertical(e: &EdgePath) -> Option<(f64, f64, f64)> {
    e.points
        .windows(2)
        .filter(|w| (w[0][0] - w[1][0]).abs() < 1e-6)
        .map(|w| (w[0][0], w[0][1].min(w[1][1]), w[0][1].max(w[1][1])))
        .max_by(|a, b| (a.2 - a.1).total_cmp(&(b.2 - b.1)))
}

/// The 否 edges into `no`, top (earliest source) first, with their longest
/// vertical segment.
fn refusal_rails(d: &Diagram) -> Vec<(f64, f64, f64)> {
    let mut out: Vec<(f64, f64, f64)> = d
        .edges
        .iter()
        .filter(|e| e.to == "no")
        .filter_map(longest_vertical)
        .collect();
    out.sort_by(|a, b| a.1.total_cmp(&b.1));
    out
}

/// Which edges of `flow` the rail pass picks (the layout's own steps up to it).
fn picked(flow: &Flow) -> Vec<bool> {
    use flowc::layout::{acyclic, rail, rank};
    let reversed = acyclic::reversed_edges(flow);
    let dag = acyclic::dag_edges(flow, &reversed);
    let pairs: Vec<(usize, usize)> = dag.iter().flatten().map(|&(a, b, _)| (a, b)).collect();
    let ranks = rank::rank(flow.nodes.len(), &pairs, Some(flow.start));
    rail::pick(flow.nodes.len(), &ranks, &dag, &vec![false; dag.len()])
}

#[test]
fn long_refusal_branches_run_in_outer_rails() {
    let flow = refusals(1_500, 10);
    let picked = picked(&flow);
    let rails_used = picked.iter().filter(|&&l| l).count();
    assert!(
        rails_used >= 5,
        "only {rails_used} rail edges: the test would not exercise rails"
    );
    assert!(picked
        .iter()
        .zip(&flow.edges)
        .all(|(&l, e)| !l || flow.nodes[e.to].id == "no"));
    let d = layout(&flow, &LayoutOptions::default());
    let v = flowc::verify::verify(&d);
    assert!(v.is_empty(), "{} violations, first {}", v.len(), v[0]);
    let rails = refusal_rails(&d);
    assert_eq!(rails.len(), 150);
    // The longest branch runs in a rail right of every node it passes.
    let (x, y0, y1) = rails[0];
    assert!(
        y1 - y0 > 0.5 * d.height,
        "the first branch runs most of the way down"
    );
    for n in d.nodes.iter().filter(|n| n.y < y1 && n.y + n.h > y0) {
        assert!(
            n.x + n.w < x,
            "node {} at x {} reaches the rail at {x}",
            n.id,
            n.x + n.w
        );
    }
    // Rails that start higher run further out: the vertical parts of two
    // refusal branches whose spans overlap never cross the other's horizontal
    // run, because the outer one starts above and ends at the same target.
    let far: Vec<&(f64, f64, f64)> = rails
        .iter()
        .filter(|l| l.2 - l.1 > 0.3 * d.height)
        .collect();
    assert!(far.len() >= 2, "several branches take rails");
    for w in far.windows(2) {
        assert!(
            w[0].0 > w[1].0,
            "rail starting at {} is inside the one below it",
            w[0].1
        );
    }
}

#[test]
fn rails_are_clean_to_the_right_and_deterministic() {
    let flow = refusals(1_500, 10);
    let opts = LayoutOptions {
        direction: Direction::Right,
        ..LayoutOptions::default()
    };
    let a = layout(&flow, &opts);
    let v = flowc::verify::verify(&a);
    assert!(v.is_empty(), "{} violations, first {}", v.len(), v[0]);
    let b = layout(&flow, &opts);
    assert_eq!(
        serde_json::to_string(&a).expect("json"),
        serde_json::to_string(&b).expect("json")
    );
}

#[test]
fn far_loops_take_rails_and_stay_clean() {
    let flow = far_loops(1_500, 10);
    let picked = picked(&flow);
    let loops = picked
        .iter()
        .zip(&flow.edges)
        .filter(|(&l, e)| l && e.back)
        .count();
    assert!(
        loops >= 5,
        "only {loops} loops take rails: the test would not exercise them"
    );
    for direction in [Direction::Down, Direction::Right] {
        let opts = LayoutOptions {
            direction,
            ..LayoutOptions::default()
        };
        let d = layout(&flow, &opts);
        let v = flowc::verify::verify(&d);
        assert!(
            v.is_empty(),
            "{direction:?}: {} violations, first {}",
            v.len(),
            v[0]
        );
        // A loop enters its target from the side: its last segment is horizontal.
        for e in d.edges.iter().filter(|e| e.back) {
            let k = e.points.len();
            assert!(k >= 2);
            let (p, q) = (e.points[k - 2], e.points[k - 1]);
            let horizontal = match direction {
                Direction::Down => (p[1] - q[1]).abs() < 1e-6,
                Direction::Right => (p[0] - q[0]).abs() < 1e-6,
            };
            assert!(
                horizontal,
                "loop {} -> {} does not enter from the side",
                e.from, e.to
            );
        }
    }
}
