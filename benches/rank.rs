//! Criterion benchmarks of the ranking pass (`layout::rank::rank`) alone, on
//! the DAG that `layout` ranks (loops reversed by `acyclic::reversed_edges`,
//! self-loops left out) of generated flowcharts of 10,000 and 100,000 nodes
//! (`support/flowgen.rs`), a 100,000-node random DAG (each node points to
//! one of the next four; many sources, the worst case seen), plus any
//! `.flow` files named in `FLOWC_RANK_FLOWS` (colon-separated paths).
//!
//! Before timing, each graph's total edge length `Σ (rank[to] − rank[from])`
//! is printed next to the longest-path ranking's, so that a change of the
//! ranking shows both its time and its effect.
//!
//! `cargo bench --bench rank`, or one size: `cargo bench --bench rank -- 'rank/flow/10000$'`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use flowc::layout::{acyclic, rank};
use flowc::model::Flow;
use flowc::Source;

#[path = "support/flowgen.rs"]
mod flowgen;

/// The DAG `layout` ranks: (node count, edges from → to, start).
fn dag(flow: &Flow) -> (usize, Vec<(usize, usize)>, Option<usize>) {
    let n = flow.nodes.len();
    let reversed = acyclic::reversed_edges(flow);
    let pairs = flow
        .edges
        .iter()
        .zip(&reversed)
        .filter(|(e, _)| e.from < n && e.to < n && e.from != e.to)
        .map(|(e, &rev)| if rev { (e.to, e.from) } else { (e.from, e.to) })
        .collect();
    (n, pairs, (flow.start < n).then_some(flow.start))
}

fn span(ranks: &[usize], pairs: &[(usize, usize)]) -> usize {
    pairs
        .iter()
        .map(|&(a, b)| ranks[b].abs_diff(ranks[a]))
        .sum()
}

fn longest_path_span(n: usize, pairs: &[(usize, usize)]) -> usize {
    let mut out = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for &(a, b) in pairs {
        out[a].push(b);
        indeg[b] += 1;
    }
    let mut r = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out[v] {
            r[w] = r[w].max(r[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                ready.push(w);
            }
        }
    }
    span(&r, pairs)
}

/// `m` edges, each from a node to one of the next four (seeded xorshift);
/// node 0 is the start.
fn random_dag(n: usize, m: usize) -> (usize, Vec<(usize, usize)>, Option<usize>) {
    let mut x: u64 = 99;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pairs = (0..m)
        .map(|_| {
            let i = (next() % (n as u64 - 1)) as usize;
            let j = (i + 1 + (next() % 4) as usize).min(n - 1);
            (i, j)
        })
        .collect();
    (n, pairs, Some(0))
}

fn ranking(c: &mut Criterion) {
    let mut graphs: Vec<(String, String)> = [10_000, 100_000]
        .iter()
        .map(|&n| (format!("flow/{n}"), flowgen::flow(n, 1)))
        .collect();
    if let Ok(list) = std::env::var("FLOWC_RANK_FLOWS") {
        for path in list.split(':').filter(|p| !p.is_empty()) {
            match std::fs::read_to_string(path) {
                Ok(text) => graphs.push((format!("file/{path}"), text)),
                Err(err) => eprintln!("rank bench: {path}: {err}"),
            }
        }
    }
    let mut dags = Vec::new();
    for (name, text) in graphs {
        let Some(flow) = flowc::compile(&Source::new(name.clone(), text.as_str())).flow else {
            eprintln!("rank bench: {name} does not compile; skipped");
            continue;
        };
        dags.push((name, dag(&flow)));
    }
    dags.push(("random/100000".to_string(), random_dag(100_000, 150_000)));
    for (name, (n, pairs, start)) in dags {
        let ranks = rank::rank(n, &pairs, start);
        eprintln!(
            "rank bench: {name}: {n} nodes, {} edges, {} ranks, total edge length {} (longest path {})",
            pairs.len(),
            ranks.iter().max().map_or(0, |m| m + 1),
            span(&ranks, &pairs),
            longest_path_span(n, &pairs),
        );
        let mut group = c.benchmark_group("rank");
        group
            .sample_size(if n >= 100_000 { 10 } else { 20 })
            .measurement_time(Duration::from_secs(if n >= 100_000 { 10 } else { 5 }));
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&name), &pairs, |b, pairs| {
            b.iter(|| rank::rank(n, black_box(pairs), start))
        });
        group.finish();
    }
}

criterion_group!(benches, ranking);
criterion_main!(benches);
