//! A program kept in a file: every command is on disk before it answers, and the next run (or another
//! process) continues from it. Run it twice: the second run tracks the next order.
//!
//! Run from the repository root: `cargo run --example durable [path]` (default
//! `target/affiliate-program.db`; delete the file to start over).

use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{ProgramConfig, Registration};
use affiliate_kit_store::DurableProgram;
use chrono::{DateTime, TimeDelta, Utc};

/// The month config of the shared fixtures: 10 %, 20 % on books, the parent earns 5 % of the sale.
const CONFIG: &str = include_str!("../../core/tests/fixtures/month-config.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "target/affiliate-program.db".into());
    let mut program = DurableProgram::open(&path, Some(ProgramConfig::from_json(CONFIG)?))?;
    let start: DateTime<Utc> = "2026-03-01T09:00:00Z".parse()?;
    if program.affiliates()?.is_empty() {
        let alice = Registration {
            name: "Alice".into(),
            email: "alice@example.com".into(),
            code: Some("ALICE".into()),
            ..Registration::default()
        };
        let alice = program.register_affiliate(alice, start)?;
        let bob = Registration {
            name: "Bob".into(),
            email: "bob@example.com".into(),
            code: Some("BOB".into()),
            parent: Some(alice.id),
            ..Registration::default()
        };
        program.register_affiliate(bob, start)?;
        println!("new program in {path}: Alice (aff_1) and Bob (aff_2, referred by Alice)");
    }

    // This run's order: the n-th, a day after the last one, 120.00 EUR through Bob's code.
    let n = program.stats(None)?.sales + 1;
    let order = Order::from_json(&format!(
        r#"{{"id": "o{n}", "currency": "EUR", "code": "BOB", "customer": {{"id": "c{n}"}},
            "lines": [{{"id": "l1", "product": "course", "quantity": 1, "unit_price": "120.00"}}]}}"#
    ))?;
    let tracked = program.track_order(order, None, start + TimeDelta::days(i64::try_from(n)?))?;
    println!(
        "run {n}: order {} tracked (journal seq {}), commissions {}:",
        tracked.order_id,
        program.head(),
        tracked.total
    );
    for c in &tracked.commissions {
        println!("  {} level {}: {}", c.affiliate_id, c.level, c.amount);
    }
    for id in ["aff_1", "aff_2"] {
        let balance = program.balance(id, Currency::EUR)?;
        println!("  {id} pending {} (earned {} over {n} runs)", balance.pending, balance.earned);
    }
    // The outbox: what a webhook sender would deliver, acknowledged once delivered.
    let events = program.pending_events("example-webhooks", 100)?;
    let types: Vec<&str> = events.iter().map(|e| e.event_type()).collect();
    println!("  events to deliver: {}", types.join(", "));
    if let Some(last) = events.last() {
        program.ack_events("example-webhooks", last.sequence)?;
    }
    program.close()?;
    println!("run it again to continue from {path}");
    Ok(())
}
