//! Quote throughput: the order of `fixtures/order.json` (three lines, an order discount) in the
//! context of `fixtures/context.json` (group `gold`, two parents) against the plans of 1, 10 and 50
//! rules in `fixtures/` — the same inputs as the Python, JavaScript and Kotlin benchmarks.
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench quote`. Benchmarks `quote/rules/1|10|50`
//! (with the full explanation, `Plan::quote`) and `quote_amounts/rules/1|10|50` (the amounts only,
//! `Plan::quote_amounts`, what a batch uses).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use affiliate_kit::plan::Detail;
use affiliate_kit_benches::{plan, quote_context, quote_order};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn quote(c: &mut Criterion) {
    let order = quote_order().unwrap();
    let ctx = quote_context().unwrap();
    for detail in [Detail::Explained, Detail::Amounts] {
        let name = if detail == Detail::Explained { "quote" } else { "quote_amounts" };
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Elements(1));
        for rules in [1, 10, 50] {
            let plan = plan(rules).unwrap();
            group.bench_with_input(BenchmarkId::new("rules", rules), &plan, |b, plan| {
                b.iter(|| black_box(plan.quote_with(black_box(&order), black_box(&ctx), detail).unwrap()))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, quote);
criterion_main!(benches);
