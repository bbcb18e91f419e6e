//! The layout verifier on hand-made diagrams: one clean chart, then one test per
//! rule that breaks exactly that rule (and a fixed variant that passes again).

use std::time::Instant;

use flowc::ast::NodeKind;
use flowc::diagram::{Diagram, EdgePath, NodeBox, Rect, TextStyle};
use flowc::verify::{verify, verify_with, VerifyOptions, RULES};

fn node(id: &str, kind: NodeKind, x: f64, y: f64, w: f64, h: f64) -> NodeBox {
    NodeBox {
        id: id.to_string(),
        kind,
        x,
        y,
        w,
        h,
        text: id.to_string(),
        lines: vec![id.to_string()],
        sub_lines: Vec::new(),
        party: false,
        risks: Vec::new(),
    }
}

fn edge(from: &str, to: &str, points: &[[f64; 2]]) -> EdgePath {
    EdgePath {
        from: from.to_string(),
        to: to.to_string(),
        label: None,
        points: points.to_vec(),
        label_box: None,
        back: false,
    }
}

fn labelled(mut e: EdgePath, text: &str, x: f64, y: f64) -> EdgePath {
    e.label = Some(text.to_string());
    e.label_box = Some(Rect {
        x,
        y,
        w: 16.0,
        h: 14.0,
    });
    e
}

/// A clean chart: start s → step a → decide q; q 是 → end e1, q 否 → end e2
/// (out of the diamond's right vertex), q 补 → back into a's left side.
///
/// ```text
///        s  (ellipse 100..220 × 10..50)
///        a  (box     100..220 × 100..148)
///   ┌─→  q  (diamond 100..220 × 200..260) ──┐
///   └────┘                                  │
///        e1 (ellipse 100..220 × 320..360)  e2 (ellipse 260..360 × 320..360)
/// ```
fn good() -> Diagram {
    Diagram {
        width: 400.0,
        height: 400.0,
        style: TextStyle::default(),
        nodes: vec![
            node("s", NodeKind::Start, 100.0, 10.0, 120.0, 40.0),
            node("a", NodeKind::Step, 100.0, 100.0, 120.0, 48.0),
            node("q", NodeKind::Decide, 100.0, 200.0, 120.0, 60.0),
            node("e1", NodeKind::End, 100.0, 320.0, 120.0, 40.0),
            node("e2", NodeKind::End, 260.0, 320.0, 100.0, 40.0),
        ],
        edges: vec![
            edge("s", "a", &[[160.0, 50.0], [160.0, 100.0]]),
            edge("a", "q", &[[160.0, 148.0], [160.0, 200.0]]),
            labelled(
                edge("q", "e1", &[[160.0, 260.0], [160.0, 320.0]]),
                "是",
                166.0,
                270.0,
            ),
            labelled(
                edge("q", "e2", &[[220.0, 230.0], [310.0, 230.0], [310.0, 320.0]]),
                "否",
                226.0,
                212.0,
            ),
            labelled(
                edge(
                    "q",
                    "a",
                    &[[100.0, 230.0], [60.0, 230.0], [60.0, 124.0], [100.0, 124.0]],
                ),
                "补",
                70.0,
                236.0,
            ),
        ],
    }
}

fn rules(d: &Diagram) -> Vec<&'static str> {
    verify(d).iter().map(|v| v.rule).collect()
}

fn details(d: &Diagram) -> Vec<String> {
    verify(d).iter().map(|v| v.to_string()).collect()
}

fn node_mut<'a>(d: &'a mut Diagram, id: &str) -> &'a mut NodeBox {
    d.nodes.iter_mut().find(|n| n.id == id).expect("test node")
}

#[test]
fn the_clean_chart_passes() {
    assert_eq!(details(&good()), Vec::<String>::new());
}

#[test]
fn node_overlap() {
    let mut d = good();
    d.nodes
        .push(node("z", NodeKind::Step, 110.0, 110.0, 40.0, 20.0));
    assert_eq!(details(&d), ["node-overlap: nodes a and z overlap"]);
    // Touching (sharing a border) or overlapping by less than 0.5 px is fine.
    node_mut(&mut d, "z").x = 219.6;
    assert_eq!(rules(&d), Vec::<&str>::new());
    node_mut(&mut d, "z").x = 10.0;
    assert!(rules(&d).is_empty());
}

#[test]
fn edge_through_a_foreign_node() {
    let mut d = good();
    // Sits on the s → a edge (x = 160, y 50..100).
    d.nodes
        .push(node("z", NodeKind::Step, 140.0, 60.0, 40.0, 30.0));
    assert_eq!(
        details(&d),
        ["edge-through-node: edge 0 (s -> a) segment 0 passes through node z"]
    );
    // Grazing the box (within its 1 px inset) is not passing through.
    node_mut(&mut d, "z").x = 159.5;
    assert!(rules(&d).is_empty());
    node_mut(&mut d, "z").x = 250.0;
    assert!(rules(&d).is_empty());
}

#[test]
fn edge_through_its_own_end_node() {
    let mut d = good();
    // Overshoots into a, then comes back up to a's top border.
    d.edges[0].points = vec![[160.0, 50.0], [160.0, 120.0], [160.0, 100.0]];
    assert_eq!(
        details(&d),
        ["edge-through-end: edge 0 (s -> a) segment 0 passes through its own end node a"]
    );
    // Leaves the start ellipse upward, through it, then around to a.
    d.edges[0].points = vec![
        [160.0, 50.0],
        [160.0, 5.0],
        [240.0, 5.0],
        [240.0, 75.0],
        [160.0, 75.0],
        [160.0, 100.0],
    ];
    assert_eq!(
        details(&d),
        ["edge-through-end: edge 0 (s -> a) segment 0 passes through its own end node s"]
    );
    // Same detour, but leaving from the ellipse's top: fine.
    d.edges[0].points = vec![
        [160.0, 10.0],
        [160.0, 5.0],
        [240.0, 5.0],
        [240.0, 75.0],
        [160.0, 75.0],
        [160.0, 100.0],
    ];
    assert!(rules(&d).is_empty(), "{:?}", details(&d));
}

#[test]
fn edge_leaving_a_shape_through_its_bounding_box_corner_is_fine() {
    let mut d = good();
    // Straight down from a point on the start ellipse's lower-left arc: outside the
    // ellipse all the way, though inside its bounding box.
    let (cx, cy, a, b) = (160.0_f64, 30.0_f64, 60.0_f64, 20.0_f64);
    let x = 115.0_f64;
    let y = cy + b * (1.0 - ((x - cx) / a).powi(2)).sqrt();
    d.edges[0].points = vec![[x, y], [x, 100.0]];
    assert!(rules(&d).is_empty(), "{:?}", details(&d));
    // A box start would have its border 6.8 px lower: that edge starts inside it.
    node_mut(&mut d, "s").kind = NodeKind::Step;
    assert_eq!(
        rules(&d),
        ["edge-through-end", "start-off-outline"],
        "{:?}",
        details(&d)
    );
}

#[test]
fn start_off_the_outline() {
    let mut d = good();
    d.edges[0].points[0] = [160.0, 55.0];
    // (4.5, not 5: the first-order ellipse distance of metrics.py, exact near the outline.)
    assert_eq!(
        details(&d),
        ["start-off-outline: edge 0 (s -> a) starts at (160, 55), 4.50 px off the outline of start s"]
    );
    // Within 2 px is on the outline.
    d.edges[0].points[0] = [160.0, 51.5];
    assert!(rules(&d).is_empty());
}

#[test]
fn end_on_the_bounding_box_of_an_ellipse_is_off_its_outline() {
    let mut d = good();
    // Ends at y = 320 on e2's bounding box, near its left end: far from the ellipse.
    d.edges[3].points = vec![[220.0, 230.0], [262.0, 230.0], [262.0, 320.0]];
    let got = rules(&d);
    assert_eq!(got, ["end-off-outline"], "{:?}", details(&d));
    // The same on a diamond's bounding box.
    let mut d = good();
    d.edges[1].points = vec![
        [160.0, 148.0],
        [160.0, 175.0],
        [110.0, 175.0],
        [110.0, 200.0],
    ];
    assert_eq!(rules(&d), ["end-off-outline"], "{:?}", details(&d));
    // On a box the bounding box is the outline: a corner end is fine.
    let mut d = good();
    d.edges[0].points = vec![[160.0, 50.0], [160.0, 75.0], [100.0, 75.0], [100.0, 100.0]];
    assert!(rules(&d).is_empty(), "{:?}", details(&d));
}

#[test]
fn non_orthogonal_segment() {
    let mut d = good();
    d.edges[0].points = vec![[160.0, 50.0], [170.0, 100.0]];
    assert_eq!(
        details(&d),
        ["non-orthogonal: edge 0 (s -> a) segment 0 (160, 50) -> (170, 100) is neither horizontal nor vertical"]
    );
    // A 0.4 px wobble is within metrics.py's orthogonality tolerance.
    d.edges[0].points = vec![[160.0, 50.0], [160.4, 100.0]];
    assert!(rules(&d).is_empty());
}

#[test]
fn label_on_a_node() {
    let mut d = good();
    d.edges[2].label_box = Some(Rect {
        x: 150.0,
        y: 250.0,
        w: 16.0,
        h: 14.0,
    });
    assert_eq!(
        details(&d),
        ["label-on-node: label of edge 2 (q -> e1) overlaps node q"]
    );
}

#[test]
fn label_on_a_label() {
    let mut d = good();
    d.edges[3].label_box = Some(Rect {
        x: 170.0,
        y: 275.0,
        w: 16.0,
        h: 14.0,
    });
    assert_eq!(
        details(&d),
        ["label-on-label: labels of edge 2 (q -> e1) and edge 3 (q -> e2) overlap"]
    );
}

#[test]
fn label_on_a_foreign_edge_but_not_its_own() {
    let mut d = good();
    // 否's label moved onto the 是 edge (x = 160).
    d.edges[3].label_box = Some(Rect {
        x: 150.0,
        y: 290.0,
        w: 16.0,
        h: 14.0,
    });
    assert_eq!(
        details(&d),
        ["label-on-edge: edge 2 (q -> e1) segment 0 crosses the label of edge 3 (q -> e2)"]
    );
    // 是's own label on its own edge is allowed.
    let mut d = good();
    d.edges[2].label_box = Some(Rect {
        x: 152.0,
        y: 280.0,
        w: 16.0,
        h: 14.0,
    });
    assert!(rules(&d).is_empty());
}

#[test]
fn out_of_bounds() {
    let mut d = good();
    d.width = 300.0;
    assert_eq!(
        details(&d),
        [
            "out-of-bounds: node e2 at [260, 320, 360, 360] leaves the 300 x 400 drawing",
            "out-of-bounds: edge 3 (q -> e2) point 1 (310, 230) leaves the 300 x 400 drawing",
        ]
    );
    let mut d = good();
    d.edges[4].label_box = Some(Rect {
        x: -5.0,
        y: 236.0,
        w: 16.0,
        h: 14.0,
    });
    assert_eq!(rules(&d), ["out-of-bounds"]);
    // Exactly on the border is inside.
    let mut d = good();
    d.width = 360.0;
    assert!(rules(&d).is_empty());
}

#[test]
fn non_finite_coordinates() {
    let mut d = good();
    d.edges[1].points[1][1] = f64::NAN;
    assert_eq!(
        details(&d),
        ["non-finite: edge 1 (a -> q) point 1 is (160, NaN)"]
    );
    let mut d = good();
    node_mut(&mut d, "e2").w = f64::INFINITY;
    assert_eq!(rules(&d), ["non-finite"]);
    let mut d = good();
    d.height = f64::NAN;
    assert!(rules(&d).contains(&"non-finite"));
}

#[test]
fn too_few_points() {
    let mut d = good();
    d.edges[1].points.truncate(1);
    assert_eq!(
        details(&d),
        ["too-few-points: edge 1 (a -> q) has 1 point(s)"]
    );
    d.edges[1].points.clear();
    assert_eq!(rules(&d), ["too-few-points"]);
}

#[test]
fn structure_ids_and_sizes() {
    let mut d = good();
    d.edges[0].to = "zz".to_string();
    assert_eq!(
        rules(&d),
        ["unknown-node"],
        "an unknown end is reported once and its geometry skipped"
    );
    let mut d = good();
    let mut dup = node("a", NodeKind::Step, 10.0, 300.0, 40.0, 20.0);
    dup.text = "again".to_string();
    d.nodes.push(dup);
    assert_eq!(
        details(&d),
        ["duplicate-node: node a is declared at positions 1 and 5"]
    );
    let mut d = good();
    d.nodes
        .push(node("z", NodeKind::Step, 10.0, 300.0, 0.0, 20.0));
    assert_eq!(rules(&d), ["bad-size"]);
}

#[test]
fn violations_come_sorted_by_rule_then_position() {
    let mut d = good();
    d.edges[0].points = vec![[160.0, 55.0], [170.0, 100.0]]; // start off + diagonal
    d.nodes
        .push(node("z", NodeKind::Step, 110.0, 110.0, 40.0, 20.0)); // on a
    d.nodes
        .push(node("y", NodeKind::Step, 105.0, 105.0, 20.0, 20.0)); // on a and z
    let got = rules(&d);
    let rank = |r: &str| RULES.iter().position(|x| *x == r).unwrap_or(usize::MAX);
    let mut sorted = got.clone();
    sorted.sort_by_key(|r| rank(r));
    assert_eq!(got, sorted);
    assert_eq!(
        details(&d)[..3],
        [
            "node-overlap: nodes a and z overlap",
            "node-overlap: nodes a and y overlap",
            "node-overlap: nodes z and y overlap",
        ]
    );
    assert_eq!(verify(&d), verify(&d.clone()));
}

#[test]
fn the_cap_per_rule_bounds_a_hopeless_diagram() {
    // 2,000 nodes on one spot: ~2M overlapping pairs, capped at 50.
    let mut d = good();
    for i in 0..2000 {
        d.nodes.push(node(
            &format!("z{i}"),
            NodeKind::Step,
            10.0,
            300.0,
            40.0,
            20.0,
        ));
    }
    let got = verify_with(&d, &VerifyOptions { max_per_rule: 50 });
    assert_eq!(got.len(), 50);
    assert!(got.iter().all(|v| v.rule == "node-overlap"));
}

/// The stub layout's way of failing: nodes in one column, an edge from the top
/// node straight down to the fourth passes through the two between.
#[test]
fn a_column_with_a_long_edge_is_flagged() {
    let mut d = good();
    d.nodes = (0..4)
        .map(|i| {
            node(
                &format!("n{i}"),
                NodeKind::Step,
                10.0,
                10.0 + 80.0 * i as f64,
                160.0,
                48.0,
            )
        })
        .collect();
    d.edges = vec![edge("n0", "n3", &[[90.0, 58.0], [90.0, 250.0]])];
    assert_eq!(
        details(&d),
        [
            "edge-through-node: edge 0 (n0 -> n3) segment 0 passes through node n1",
            "edge-through-node: edge 0 (n0 -> n3) segment 0 passes through node n2",
        ]
    );
}

/// 100,000 nodes in a 250-wide grid, each wired to the one below and to its right
/// neighbour, verify in seconds (an O(n²) verifier would take hours).
#[test]
fn a_hundred_thousand_nodes_verify_quickly() {
    let (cols, n) = (250usize, 100_000usize);
    let (w, h, gx, gy) = (120.0, 40.0, 200.0, 100.0);
    let pos = |i: usize| ((i % cols) as f64 * gx + 10.0, (i / cols) as f64 * gy + 10.0);
    let nodes: Vec<NodeBox> = (0..n)
        .map(|i| {
            let (x, y) = pos(i);
            node(&format!("n{i}"), NodeKind::Step, x, y, w, h)
        })
        .collect();
    let mut edges = Vec::new();
    for i in 0..n {
        let (x, y) = pos(i);
        if i + cols < n {
            edges.push(edge(
                &format!("n{i}"),
                &format!("n{}", i + cols),
                &[[x + w / 2.0, y + h], [x + w / 2.0, y + gy]],
            ));
        }
        if (i + 1) % cols != 0 && i + 1 < n {
            edges.push(edge(
                &format!("n{i}"),
                &format!("n{}", i + 1),
                &[[x + w, y + h / 2.0], [x + gx, y + h / 2.0]],
            ));
        }
    }
    let mut d = Diagram {
        width: cols as f64 * gx + 20.0,
        height: (n / cols) as f64 * gy + 20.0,
        style: TextStyle::default(),
        nodes,
        edges,
    };
    let t = Instant::now();
    assert!(verify(&d).is_empty());
    // One node dropped on a vertical edge in a gap is found among them all.
    let (x, y) = pos(n / 2);
    d.nodes.push(node(
        "extra",
        NodeKind::Step,
        x + w / 2.0 - 10.0,
        y + h + 20.0,
        20.0,
        20.0,
    ));
    let got = verify(&d);
    let secs = t.elapsed().as_secs_f64();
    let want = format!(
        "edge-through-node: edge {} (n{} -> n{}) segment 0 passes through node extra",
        2 * (n / 2) - (n / 2) / cols,
        n / 2,
        n / 2 + cols
    );
    assert_eq!(
        got.iter().map(|v| v.to_string()).collect::<Vec<_>>(),
        [want]
    );
    assert!(secs < 60.0, "two verifications took {secs:.1} s");
}

/// A diagram from a fixture written by `bench/verify_fixtures.py`.
fn fixture_diagram(v: &serde_json::Value) -> Diagram {
    let f = |v: &serde_json::Value, k: &str| v[k].as_f64().unwrap_or(f64::NAN);
    let s = |v: &serde_json::Value, k: &str| v[k].as_str().unwrap_or_default().to_string();
    let nodes = v["nodes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| {
                    let kind = match n["kind"].as_str() {
                        Some("start") => NodeKind::Start,
                        Some("end") => NodeKind::End,
                        Some("decide") => NodeKind::Decide,
                        _ => NodeKind::Step,
                    };
                    node(
                        &s(n, "id"),
                        kind,
                        f(n, "x"),
                        f(n, "y"),
                        f(n, "w"),
                        f(n, "h"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let edges = v["edges"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    let points: Vec<[f64; 2]> = e["points"]
                        .as_array()
                        .map(|ps| {
                            ps.iter()
                                .map(|p| {
                                    [
                                        p[0].as_f64().unwrap_or(f64::NAN),
                                        p[1].as_f64().unwrap_or(f64::NAN),
                                    ]
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    let mut out = edge(&s(e, "from"), &s(e, "to"), &points);
                    if e["label_box"].is_object() {
                        let b = &e["label_box"];
                        out.label_box = Some(Rect {
                            x: f(b, "x"),
                            y: f(b, "y"),
                            w: f(b, "w"),
                            h: f(b, "h"),
                        });
                    }
                    out
                })
                .collect()
        })
        .unwrap_or_default();
    Diagram {
        width: f(v, "width"),
        height: f(v, "height"),
        style: TextStyle::default(),
        nodes,
        edges,
    }
}

/// On real geometries — flowc's, flowc's damaged at random, dot's sampled splines,
/// ELK's and dagre's orthogonal/polyline routes — the verifier counts exactly what
/// shared/bench/metrics.py counts (fixtures and expected counts written by
/// `bench/verify_fixtures.py`).
#[test]
fn agrees_with_metrics_py() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/verify");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases/verify")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "fixtures missing in {}", dir.display());
    let mut nonzero = std::collections::BTreeSet::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("fixture");
        let v: serde_json::Value = serde_json::from_str(&text).expect("fixture JSON");
        let d = fixture_diagram(&v);
        let got = verify(&d);
        let expect = v["expect"].as_object().expect("expect");
        for (rule, want) in expect {
            let want = want.as_u64().unwrap_or(u64::MAX) as usize;
            let n = got.iter().filter(|x| x.rule == rule).count();
            assert_eq!(
                n,
                want,
                "{}: {rule}: verifier {n}, metrics.py {want}; first: {:?}",
                p.display(),
                got.iter().find(|x| x.rule == rule)
            );
            if want > 0 {
                nonzero.insert(rule.clone());
            }
        }
    }
    // The fixtures exercise every shared rule with a positive count.
    assert_eq!(nonzero.len(), 7, "{nonzero:?}");
}
