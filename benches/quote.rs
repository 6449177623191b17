//! Quote throughput: one order of three lines against plans of 1, 10 and 50 rules.
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench quote`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use affiliate_kit::plan::{Order, Plan, QuoteContext};
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn plan_with(rules: usize) -> Plan {
    let mut specs = vec![
        r#"{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}"#.to_string(),
    ];
    for i in 1..rules {
        let rule = match i % 3 {
            0 => format!(
                r#"{{"id": "p{i}", "target": {{"type": "product", "products": ["sku-{i}"]}}, "commission": "percentage", "rate": "{}"}}"#,
                5 + i % 40
            ),
            1 => format!(
                r#"{{"id": "c{i}", "target": {{"type": "category", "categories": ["cat-{i}"]}}, "commission": "tiered", "metric": "sales_count", "tiers": [{{"threshold": "0", "rate": "8"}}, {{"threshold": "10", "rate": "12"}}]}}"#
            ),
            _ => format!(
                r#"{{"id": "g{i}", "target": {{"type": "group", "group": "gold"}}, "priority": {i}, "commission": "flat_per_order", "amount": {{"amount": "2.50", "currency": "EUR"}}}}"#
            ),
        };
        specs.push(rule);
    }
    let json = format!(
        r#"{{"currency": "EUR", "rules": [{}], "levels": [{{"rate": "2"}}, {{"rate": "1"}}]}}"#,
        specs.join(",")
    );
    Plan::from_json(&json).unwrap()
}

fn order() -> Order {
    Order::from_json(
        r#"{"id": "o1", "currency": "EUR", "discount": "5.00", "lines": [
            {"id": "a", "product": "sku-3", "category": "cat-1", "quantity": 1, "unit_price": "199.99"},
            {"id": "b", "product": "sku-9", "category": "cat-4", "quantity": 2, "unit_price": "19.90"},
            {"id": "c", "product": "other", "quantity": 1, "unit_price": "5.00"}]}"#,
    )
    .unwrap()
}

fn quote(c: &mut Criterion) {
    let order = order();
    let mut ctx = QuoteContext::new("aff_1", "2026-05-01T00:00:00Z".parse().unwrap());
    ctx.group = Some("gold".into());
    ctx.parents = vec!["aff_0".into(), "aff_root".into()];
    let mut group = c.benchmark_group("quote");
    group.throughput(Throughput::Elements(1));
    for rules in [1, 10, 50] {
        let plan = plan_with(rules);
        group.bench_with_input(BenchmarkId::new("rules", rules), &plan, |b, plan| {
            b.iter(|| black_box(plan.quote(black_box(&order), black_box(&ctx)).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, quote);
criterion_main!(benches);
