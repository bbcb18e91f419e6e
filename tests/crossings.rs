//! Where the crossings of a drawing come from: the ordering's count between
//! layers against the geometric count of the final drawing (the same
//! definition as the bench harness's `metrics.py`).
//!
//! `north_crossing_sources` (ignored) lays out every `.flow` file of a folder
//! (`FLOWC_CROSS_DIR`, default `target/bench-compare/north`, written by
//! `bench/compare.sh --corpora north`) and prints, in total and for the worst
//! files, the ordering's crossings (before and after the side slots) and the
//! drawing's crossings split by where they happen:
//!
//! ```sh
//! cargo test --release --test crossings -- --ignored --nocapture
//! ```
//!
//! Environment: `FLOWC_CROSS_ORDER_ONLY=1` counts the ordering only (fast);
//! `FLOWC_CROSS_RAW=1` leaves out the edges at the added `s`/`t` (the raw
//! North graphs); `FLOWC_CROSS_EVERY=N` takes every Nth file;
//! `FLOWC_CROSS_SHOW=1` prints each crossing; `FLOWC_CROSS_TIME_SIDE=1` times
//! the side slots. `order_time_big` (ignored) times the ordering of
//! `FLOWC_TIME_FILE` (default `/tmp/g10000.flow`).

use std::path::Path;

use flowc::diagram::Diagram;
use flowc::layout::graph::Layered;
use flowc::layout::{acyclic, layout, order, rank, side, EdgeInfo, LayoutOptions, NodeInfo};
use flowc::model::Flow;
use flowc::Source;

/// Segments `(x0, y0, x1, y1, edge)` of every edge of `d`.
fn segments(d: &Diagram) -> Vec<(f64, f64, f64, f64, usize)> {
    let mut out = Vec::new();
    for (i, e) in d.edges.iter().enumerate() {
        for w in e.points.windows(2) {
            out.push((w[0][0], w[0][1], w[1][0], w[1][1], i));
        }
    }
    out
}

/// Crossing points between segments of different edges, as `metrics.py`
/// counts them: proper intersections not within 1 px of either edge's ends,
/// collinear overlaps excluded, deduplicated per edge pair and half-pixel point.
pub fn geometric_crossings(d: &Diagram) -> Vec<(usize, usize, f64, f64)> {
    let segs = segments(d);
    let ends: Vec<Option<([f64; 2], [f64; 2])>> = d
        .edges
        .iter()
        .map(|e| Some((*e.points.first()?, *e.points.last()?)))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for a in 0..segs.len() {
        let (ax, ay, bx, by, e1) = segs[a];
        let (dx1, dy1) = (bx - ax, by - ay);
        for s2 in &segs[a + 1..] {
            let &(cx, cy, qx, qy, e2) = s2;
            if e1 == e2 {
                continue;
            }
            if (cx < ax.min(bx) && qx < ax.min(bx))
                || (cx > ax.max(bx) && qx > ax.max(bx))
                || (cy < ay.min(by) && qy < ay.min(by))
                || (cy > ay.max(by) && qy > ay.max(by))
            {
                continue;
            }
            let (dx2, dy2) = (qx - cx, qy - cy);
            let den = dx1 * dy2 - dy1 * dx2;
            if den.abs() <= 1e-9 * (dx1.abs() + dy1.abs()) * (dx2.abs() + dy2.abs()) + 1e-12 {
                continue;
            }
            let t = ((cx - ax) * dy2 - (cy - ay) * dx2) / den;
            let u = ((cx - ax) * dy1 - (cy - ay) * dx1) / den;
            if !(-1e-9..=1.0 + 1e-9).contains(&t) || !(-1e-9..=1.0 + 1e-9).contains(&u) {
                continue;
            }
            let (px, py) = (ax + t * dx1, ay + t * dy1);
            let near = |e: usize| {
                ends[e].is_some_and(|(s, t)| {
                    ((px - s[0]).abs() <= 1.0 && (py - s[1]).abs() <= 1.0)
                        || ((px - t[0]).abs() <= 1.0 && (py - t[1]).abs() <= 1.0)
                })
            };
            if near(e1) || near(e2) {
                continue;
            }
            let (i, j) = (e1.min(e2), e1.max(e2));
            let key = (i, j, (px * 2.0).round() as i64, (py * 2.0).round() as i64);
            if seen.insert(key) {
                out.push((i, j, px, py));
            }
        }
    }
    out
}

/// The layered graph after ordering and after side slots, rebuilt the way
/// `layout` does it (no labels in the North graphs, so main = first exit).
fn layered(flow: &Flow) -> (u64, u64) {
    layered_timed(flow).0
}

/// [`layered`] and the time `order::order` took.
fn layered_timed(flow: &Flow) -> ((u64, u64), std::time::Duration) {
    let n = flow.nodes.len();
    let reversed = acyclic::reversed_edges(flow);
    let raw = std::env::var_os("FLOWC_CROSS_RAW").is_some();
    let st = |e: &flowc::model::Edge| {
        raw && (flow.nodes[e.from].id == "s" || flow.nodes[e.to].id == "t")
    };
    let dag: Vec<Option<(usize, usize, bool)>> = acyclic::dag_edges(flow, &reversed)
        .into_iter()
        .zip(&flow.edges)
        .map(|(d, e)| d.filter(|_| !st(e)))
        .collect();
    let mut main = vec![false; flow.edges.len()];
    let mut has = vec![false; n];
    for (i, d) in dag.iter().enumerate() {
        if let Some((a, _, false)) = *d {
            if !has[a] {
                has[a] = true;
                main[i] = true;
            }
        }
    }
    let pairs: Vec<(usize, usize)> = dag.iter().flatten().map(|&(a, b, _)| (a, b)).collect();
    let ranks = rank::rank(n, &pairs, Some(flow.start));
    let mut g = Layered::build(n, &ranks, &dag);
    // prefer_main
    let mut first: Vec<Option<usize>> = vec![None; g.elems.len()];
    for c in g.chains.iter().flatten() {
        if main[c.edge] && !c.reversed && c.elems.len() >= 2 {
            first[c.elems[0]] = Some(c.elems[1]);
        }
    }
    for (v, f) in first.iter().enumerate() {
        if let Some(w) = *f {
            if let Some(p) = g.down[v].iter().position(|&u| u == w) {
                g.down[v][..=p].rotate_right(1);
            }
        }
    }
    let t0 = std::time::Instant::now();
    order::order(&mut g, &[flow.start]);
    let took = t0.elapsed();
    let ordered = order::crossings(&g);
    let nodes: Vec<NodeInfo> = flow
        .nodes
        .iter()
        .map(|v| NodeInfo {
            kind: v.kind,
            w: 100.0,
            h: 40.0,
            badge: false,
        })
        .collect();
    let edges: Vec<EdgeInfo> = main
        .iter()
        .map(|&m| EdgeInfo {
            label: None,
            main: m,
            main_path: false,
        })
        .collect();
    let loops: Vec<(usize, usize)> = flow
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.from == e.to && e.from < n)
        .map(|(i, e)| (i, e.from))
        .collect();
    let t1 = std::time::Instant::now();
    side::insert(&mut g, &nodes, &edges, &loops);
    if std::env::var_os("FLOWC_CROSS_TIME_SIDE").is_some() {
        println!("side slots: {:.1} ms", t1.elapsed().as_secs_f64() * 1e3);
    }
    ((ordered, order::crossings(&g)), took)
}

/// Where a crossing lies: inside a rank's band of nodes, or in a channel
/// between ranks; and whether a back edge takes part.
fn classify(d: &Diagram, i: usize, j: usize, py: f64) -> (bool, bool) {
    let band = d.nodes.iter().any(|b| py > b.y && py < b.y + b.h);
    (band, d.edges[i].back || d.edges[j].back)
}

#[test]
fn geometric_count_sees_a_plain_crossing() {
    let src = "start s\nend t\nstep a\nstep b\nstep c\nstep d\n\
               s -> a\ns -> b\na -> d\nb -> c\nc -> t\nd -> t\na -> c\nb -> d\n";
    let checked = flowc::compile(&Source::new("x.flow", src));
    let flow = checked.flow.expect("valid flow");
    let d = layout(&flow, &LayoutOptions::default());
    // K2,2 between {a, b} and {c, d}: exactly one crossing is unavoidable.
    assert_eq!(layered(&flow).0, 1);
    assert!(!geometric_crossings(&d).is_empty());
}

#[test]
#[ignore]
fn north_crossing_sources() {
    let dir = std::env::var("FLOWC_CROSS_DIR")
        .unwrap_or_else(|_| "target/bench-compare/north".to_string());
    let mut files: Vec<_> = std::fs::read_dir(Path::new(&dir))
        .expect("run bench/compare.sh --corpora north first")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "flow"))
        .collect();
    files.sort();
    let every: usize = std::env::var("FLOWC_CROSS_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let files: Vec<_> = files.into_iter().step_by(every.max(1)).collect();
    let only_order = std::env::var_os("FLOWC_CROSS_ORDER_ONLY").is_some();
    let (mut t_ord, mut t_slot, mut t_geo) = (0u64, 0u64, 0u64);
    let mut times = Vec::new();
    let mut by_st = [0u64; 3];
    let mut by_class = [[0u64; 2]; 2]; // [band][back]
    let mut rows = Vec::new();
    let t0 = std::time::Instant::now();
    for p in &files {
        let text = std::fs::read_to_string(p).expect("readable");
        let Some(flow) = flowc::compile(&Source::new("f.flow", text)).flow else {
            continue;
        };
        let ((ord, slot), took) = layered_timed(&flow);
        times.push(took.as_secs_f64() * 1e3);
        if only_order {
            t_ord += ord;
            continue;
        }
        let d = layout(&flow, &LayoutOptions::default());
        let geo = geometric_crossings(&d);
        let st = |e: usize| {
            let ed = &d.edges[e];
            ed.from == "s" || ed.to == "t"
        };
        for &(i, j, _, _) in &geo {
            by_st[st(i) as usize + st(j) as usize] += 1;
        }
        if std::env::var_os("FLOWC_CROSS_SHOW").is_some() {
            for &(i, j, px, py) in &geo {
                let (a, b) = (&d.edges[i], &d.edges[j]);
                println!(
                    "{}: {}->{}{} x {}->{}{} at ({px:.0},{py:.0})",
                    p.display(),
                    a.from,
                    a.to,
                    if a.back { " (back)" } else { "" },
                    b.from,
                    b.to,
                    if b.back { " (back)" } else { "" },
                );
            }
        }
        for &(i, j, _, py) in &geo {
            let (band, back) = classify(&d, i, j, py);
            by_class[band as usize][back as usize] += 1;
        }
        t_ord += ord;
        t_slot += slot;
        t_geo += geo.len() as u64;
        rows.push((
            geo.len() as i64 - ord as i64,
            ord,
            slot,
            geo.len(),
            p.clone(),
        ));
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} files in {:.1} s: ordering {t_ord}, with slots {t_slot}, drawing {t_geo}; \
         order ms median {:.2} max {:.2}",
        times.len(),
        t0.elapsed().as_secs_f64(),
        times.get(times.len() / 2).copied().unwrap_or(0.0),
        times.last().copied().unwrap_or(0.0)
    );
    println!(
        "drawing: channel {} (+back {}), node bands {} (+back {})",
        by_class[0][0], by_class[0][1], by_class[1][0], by_class[1][1]
    );
    println!(
        "edges at s/t per crossing: none {} one {} both {}",
        by_st[0], by_st[1], by_st[2]
    );
    let more: u64 = rows.iter().map(|r| r.0.max(0) as u64).sum();
    let fewer: u64 = rows.iter().map(|r| (-r.0).max(0) as u64).sum();
    println!("drawing above ordering: +{more} over files, below: -{fewer}");
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.4.cmp(&b.4)));
    for r in rows.iter().take(15) {
        println!(
            "{:+5} ord {:4} slot {:4} geo {:4} {}",
            r.0,
            r.1,
            r.2,
            r.3,
            r.4.display()
        );
    }
}

#[test]
#[ignore]
fn order_time_big() {
    let path = std::env::var("FLOWC_TIME_FILE").unwrap_or_else(|_| "/tmp/g10000.flow".into());
    let text = std::fs::read_to_string(&path).expect("readable");
    let flow = flowc::compile(&Source::new("f.flow", text))
        .flow
        .expect("valid flow");
    let ((ord, _), took) = layered_timed(&flow);
    println!(
        "{path}: ordering {ord} crossings in {:.1} ms",
        took.as_secs_f64() * 1e3
    );
}
