//! Criterion benchmarks of the pipeline on generated flowcharts of 1,000,
//! 10,000 and 100,000 nodes (gen.py's shapes, see `support/flowgen.rs`):
//!
//! - `layout/N`: `layout::layout` on an already checked flow;
//! - `verify/N`: `verify::verify` on its diagram;
//! - `end_to_end/N`: text → parse → check → layout → SVG.
//!
//! `cargo bench --bench pipeline` (all), `cargo bench --bench pipeline -- layout/1000`
//! (one). The big sizes take 10 samples. Self-contained: no files, no network.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use flowc::layout::{layout, LayoutOptions};
use flowc::render::{svg, SvgOptions};
use flowc::verify::verify;
use flowc::Source;

#[path = "support/flowgen.rs"]
mod flowgen;

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn pipeline(c: &mut Criterion) {
    let opts = LayoutOptions::default();
    let svg_opts = SvgOptions::default();
    for n in SIZES {
        let text = flowgen::flow(n, 1);
        let source = Source::new(format!("g{n}.flow"), text.as_str());
        let Some(flow) = flowc::compile(&source).flow else {
            eprintln!("pipeline: the generated {n}-node flow does not compile; skipped");
            continue;
        };
        let samples = if n >= 10_000 { 10 } else { 20 };
        let time = Duration::from_secs(if n >= 100_000 { 20 } else { 5 });

        let mut group = c.benchmark_group("layout");
        group.sample_size(samples).measurement_time(time);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &flow, |b, flow| {
            b.iter(|| layout(black_box(flow), &opts))
        });
        group.finish();

        let diagram = layout(&flow, &opts);
        let mut group = c.benchmark_group("verify");
        group.sample_size(samples).measurement_time(time);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &diagram, |b, d| {
            b.iter(|| verify(black_box(d)))
        });
        group.finish();

        let mut group = c.benchmark_group("end_to_end");
        group.sample_size(samples).measurement_time(time);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &text, |b, text| {
            b.iter(|| {
                let source = Source::new("g.flow", black_box(text.as_str()));
                let checked = flowc::compile(&source);
                checked.flow.map(|flow| {
                    let diagram = layout(&flow, &opts);
                    svg(&flow, &diagram, &svg_opts).len()
                })
            })
        });
        group.finish();
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
