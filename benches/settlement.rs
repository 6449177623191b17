//! Batch verbs over a ledger of 1 000 000 entries, in the benchmark program of 100 000 affiliates
//! (see `lib.rs`): `approve_due` once the holding period of every order has passed (it approves all
//! the 500 000 commissions, i.e. the 1 000 000 entries), then `create_payouts` (a payout for every
//! affiliate whose approved balance reaches the 50 EUR minimum, settling their entries). Each takes
//! seconds and changes the whole ledger, so each is timed once, by hand, and printed in criterion's
//! bencher format: `approve_due/entries/1000000`, `create_payouts/entries/1000000` (time per call;
//! stderr gives the commissions and payouts made).
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench settlement`. `BENCH_SETTLEMENT_ENTRIES`
//! changes the size (default 1 000 000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, missing_docs)]

use std::time::Instant;

use affiliate_kit_benches::{order_time, program_with_entries, report, selected};
use chrono::TimeDelta;

fn main() {
    if !selected("approve_due/entries") && !selected("create_payouts/entries") {
        return;
    }
    let entries: usize = std::env::var("BENCH_SETTLEMENT_ENTRIES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000);
    let started = Instant::now();
    let (mut p, orders) = program_with_entries(entries).unwrap();
    eprintln!(
        "settlement: built a ledger of {} entries ({orders} orders) in {:.0} s",
        p.entry_count(),
        started.elapsed().as_secs_f64()
    );
    // Every order is past its 14 holding days.
    let at = order_time(orders) + TimeDelta::days(15);

    let started = Instant::now();
    let approved = p.approve_due(at).unwrap();
    let took = started.elapsed();
    report(&format!("approve_due/entries/{entries}"), &[took]);
    eprintln!(
        "settlement: approve_due approved {} commissions in {:.2} s ({:.0} ns per commission)",
        approved.len(),
        took.as_secs_f64(),
        took.as_nanos() as f64 / approved.len().max(1) as f64
    );
    drop(approved);

    let started = Instant::now();
    let payouts = p.create_payouts(at).unwrap();
    let took = started.elapsed();
    report(&format!("create_payouts/entries/{entries}"), &[took]);
    let settled: u64 = payouts.iter().map(|p| p.entry_count).sum();
    eprintln!(
        "settlement: create_payouts made {} payouts settling {settled} entries in {:.2} s ({:.0} ns per entry)",
        payouts.len(),
        took.as_secs_f64(),
        took.as_nanos() as f64 / settled.max(1) as f64
    );
}
