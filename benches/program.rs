//! Program throughput: `track_order`, `refund` and `balance` against a program that already holds a
//! growing ledger (1 000 affiliates in a two-level chain), to show that per-order verbs do not grow
//! with the ledger. Issue 7 extends this to 10 million entries.
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench program`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{Program, ProgramConfig, Refund, Registration};
use chrono::{DateTime, TimeDelta, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const CONFIG: &str = include_str!("../core/tests/fixtures/month-config.json");
const AFFILIATES: usize = 1_000;

fn start() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap()
}

fn order(n: usize) -> Order {
    Order::from_json(&format!(
        r#"{{"id": "o{n}", "currency": "EUR", "code": "CODE{a}", "customer": {{"id": "c{n}"}},
            "lines": [{{"id": "l1", "product": "p", "category": "{cat}", "quantity": 1, "unit_price": "{price}.90"}}]}}"#,
        a = n % AFFILIATES,
        cat = if n.is_multiple_of(3) { "books" } else { "course" },
        price = 20 + n % 200,
    ))
    .unwrap()
}

/// A program with `orders` tracked orders (two ledger entries each).
fn program(orders: usize) -> Program {
    let mut p = Program::new(ProgramConfig::from_json(CONFIG).unwrap()).unwrap();
    for a in 0..AFFILIATES {
        let parent = (a > 0).then(|| format!("aff_{a}"));
        let reg = Registration {
            name: format!("Affiliate {a}"),
            email: format!("a{a}@example.com"),
            code: Some(format!("CODE{a}")),
            parent,
            ..Registration::default()
        };
        p.register_affiliate(reg, start()).unwrap();
    }
    for n in 0..orders {
        p.track_order(order(n), None, start() + TimeDelta::seconds(n as i64)).unwrap();
    }
    p
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("program");
    for existing in [10_000, 100_000] {
        let mut p = program(existing);
        let mut n = existing;
        group.bench_function(BenchmarkId::new("track_order", existing * 2), |b| {
            b.iter(|| {
                n += 1;
                black_box(p.track_order(order(n), None, start() + TimeDelta::seconds(n as i64)).unwrap());
            })
        });
        let mut k = 0;
        group.bench_function(BenchmarkId::new("refund_one_cent", existing * 2), |b| {
            b.iter(|| {
                k += 1;
                // One cent of a different order each time (every order has at least 20.90 to refund).
                let refund = Refund {
                    id: format!("r{k}"),
                    order_id: format!("o{}", k % existing),
                    amount: Some("0.01".parse().unwrap()),
                    lines: None,
                };
                black_box(p.refund(refund, start() + TimeDelta::days(1)).unwrap());
            })
        });
        group.bench_function(BenchmarkId::new("balance", existing * 2), |b| {
            b.iter(|| black_box(p.balance("aff_500", Currency::EUR).unwrap()))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
