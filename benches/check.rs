//! Parse + check (`flowc::compile`) on generated flows of 100 to 100,000 nodes:
//! a chain of steps with a decision every tenth node whose 否 branch loops
//! back three nodes (补正-style loops), posts in rotation, one party step.
//!
//! A second group times the checker alone on a file parsed once.
//!
//! Run with `cargo bench --bench check`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use flowc::Source;

/// A flow of `n` nodes (n ≥ 3) as `.flow` text.
fn generate(n: usize) -> String {
    let mut s = String::new();
    s.push_str(
        "power \"基准测试\" {\n  kind 行政许可\n  limit 20 工作日\n  promise 15 工作日\n}\n",
    );
    for p in 0..5 {
        let _ = writeln!(
            s,
            "post 岗{p} {{ duty \"职能{p}\" staff \"人员{p}\" deadline {} 工作日 }}",
            p + 1
        );
    }
    s.push_str("party 申请人\n");
    s.push_str("start n0 \"申请人提出申请\" @申请人\n");
    for i in 1..n - 1 {
        if i % 10 == 0 {
            let _ = writeln!(s, "decide n{i} \"第{i}步是否通过？\" @岗{}", i % 5);
        } else if i % 37 == 0 {
            let _ = writeln!(s, "step n{i} \"申请人补正材料\" @申请人 deadline 30 日");
        } else {
            let _ = writeln!(s, "step n{i} \"办理第{i}步\" @岗{}", (i / 3) % 5);
        }
    }
    let _ = writeln!(s, "end n{} \"办结\"", n - 1);
    for i in 0..n - 1 {
        if i % 10 == 0 && i > 0 {
            let _ = writeln!(s, "n{i} -> n{} : 是", i + 1);
            let _ = writeln!(s, "n{i} -> n{} : 否", i.saturating_sub(3).max(1));
        } else {
            let _ = writeln!(s, "n{i} -> n{}", i + 1);
        }
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile");
    for n in [100usize, 1_000, 10_000, 100_000] {
        let source = Source::new(format!("bench-{n}.flow"), generate(n));
        // Sanity: the generated flow is error-free, so the bench measures a full check.
        let checked = flowc::compile(&source);
        assert!(
            checked.flow.is_some(),
            "generated flow has errors: {:?}",
            checked.diagnostics.first().map(|d| &d.message.en)
        );
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &source, |b, source| {
            b.iter(|| flowc::compile(black_box(source)))
        });
    }
    group.finish();

    // The checker alone, on a file parsed once.
    let mut group = c.benchmark_group("check");
    for n in [100usize, 1_000, 10_000, 100_000] {
        let source = Source::new(format!("bench-{n}.flow"), generate(n));
        let parsed = flowc::parse::parse(&source);
        if n >= 10_000 {
            group.sample_size(10);
        }
        group.bench_with_input(BenchmarkId::from_parameter(n), &parsed.file, |b, file| {
            b.iter(|| flowc::check::check(black_box(file), &source))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
