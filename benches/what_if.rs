//! What-if on history (issue 19): `Program::what_if` over every sale of a program of `WHAT_IF_ORDERS`
//! orders (default 10^6), with tracking the same orders measured side by side in the same run (what
//! a host would otherwise do: replay the history under the candidate). One JSON line per figure, as
//! the other benches/*.sh parts print; progress on stderr.
//!
//! Usage: `cargo run --release -p affiliate-kit-benches --bin what_if`
#![allow(clippy::print_stderr)]

use std::time::Instant;

use affiliate_kit::plan::PlanSpec;
use affiliate_kit_benches::{emit, order_time, program, start, track_orders, AFFILIATES};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let orders: u64 = std::env::var("WHAT_IF_ORDERS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let mut p = program(AFFILIATES)?;
    let began = Instant::now();
    track_orders(&mut p, AFFILIATES, 0, orders)?;
    let tracking = began.elapsed().as_secs_f64();
    eprintln!("what_if: {orders} orders tracked in {tracking:.1} s");
    emit("what_if/baseline_track_order/sales_per_s", orders as f64 / tracking, "sales/s");
    // The candidate: 12 % instead of 10 %, books at 25 %, the parent level kept.
    let candidate: PlanSpec = serde_json::from_value(serde_json::json!({
        "currency": "EUR",
        "rules": [
            {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "12"},
            {"id": "books", "target": {"type": "category", "categories": ["books"]}, "commission": "percentage", "rate": "25"}
        ],
        "levels": [{"rate": "5", "of": "sale"}]
    }))?;
    let began = Instant::now();
    let w = p.what_if(&candidate, start(), order_time(orders), 10)?;
    let took = began.elapsed().as_secs_f64();
    eprintln!("what_if: {} sales in {took:.2} s: {} -> {}", w.sales, w.total.now.amount, w.total.candidate.amount);
    emit("what_if/seconds", took, "s");
    emit("what_if/sales_per_s", w.sales as f64 / took, "sales/s");
    Ok(())
}
