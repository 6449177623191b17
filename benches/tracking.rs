//! Per-order verbs against a growing ledger, in the benchmark program of 100 000 affiliates (see
//! `lib.rs`): `track_order` end to end (attribution by code, the quote with what the ledger knows, two
//! commissions, their entries, the sale, events), a one-cent `refund` of an earlier order (reversing
//! its two commissions), and one affiliate's `balance`, at ledgers of 10^4, 10^5, 10^6 and 10^7
//! entries. One program grows from size to size; a size is skipped, with a note on stderr, when it
//! is above `BENCH_MAX_ENTRIES` or would not fit in the memory available. The orders and refunds a
//! measurement times are added to the ledger: the size named is the ledger when it starts (stderr
//! gives the ledger before and after each size; below 10^6 they run on a copy of the program).
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench tracking`. Benchmarks
//! `balance/ledger/<entries>`, `track_order/ledger/<entries>`, `refund/ledger/<entries>`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use affiliate_kit::money::Currency;
use affiliate_kit::program::{Program, Refund};
use affiliate_kit_benches::{grow_to, max_entries, order, order_time, program, resident_bytes, room_for, AFFILIATES};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput};
use rust_decimal::Decimal;

const SIZES: [usize; 4] = [10_000, 100_000, 1_000_000, 10_000_000];

/// Whether the program can grow to `size` entries; says why not on stderr.
fn fits(p: &Program, baseline: u64, size: usize) -> bool {
    if size > max_entries() {
        eprintln!("tracking: skipping the ledger of {size} entries (above BENCH_MAX_ENTRIES)");
        return false;
    }
    let have = p.entry_count();
    if have == 0 {
        return true;
    }
    let per_entry = resident_bytes().unwrap_or(0).saturating_sub(baseline) as f64 / have as f64;
    match room_for(per_entry * size.saturating_sub(have) as f64, 0.0) {
        Ok(()) => true,
        Err(why) => {
            eprintln!("tracking: skipping the ledger of {size} entries: it {why} ({per_entry:.0} bytes per entry)");
            false
        }
    }
}

fn bench(c: &mut Criterion) {
    let mut p = program(AFFILIATES).unwrap();
    let baseline = resident_bytes().unwrap_or(0);
    let mut next = 0u64;
    let mut refunds = 0u64;
    for size in SIZES {
        if !fits(&p, baseline, size) {
            break;
        }
        let started = Instant::now();
        next = grow_to(&mut p, AFFILIATES, next, size).unwrap();
        eprintln!(
            "tracking: built a ledger of {} entries ({next} orders) in {:.0} s, {:.0} MB resident",
            p.entry_count(),
            started.elapsed().as_secs_f64(),
            resident_bytes().unwrap_or(0) as f64 / 1e6
        );
        // Below 10^6 entries the measurements run on a copy, so that the orders and refunds they add
        // do not inflate the next size; from 10^6 on they add about a tenth.
        let mut copy = (size < 1_000_000).then(|| p.clone());
        let q = copy.as_mut().unwrap_or(&mut p);
        let before = q.entry_count();
        let orders = next;
        let mut n = next;

        let mut group = c.benchmark_group("balance");
        group.throughput(Throughput::Elements(1));
        group.bench_function(BenchmarkId::new("ledger", size), |b| {
            b.iter(|| black_box(q.balance(black_box("aff_5"), Currency::EUR).unwrap()))
        });
        group.finish();

        let mut group = c.benchmark_group("track_order");
        group.throughput(Throughput::Elements(1)).sampling_mode(SamplingMode::Flat);
        group.bench_function(BenchmarkId::new("ledger", size), |b| {
            b.iter(|| {
                n += 1;
                black_box(q.track_order(order(n, AFFILIATES), None, order_time(n)).unwrap())
            })
        });
        group.finish();

        let mut group = c.benchmark_group("refund");
        group.throughput(Throughput::Elements(1)).sampling_mode(SamplingMode::Flat);
        let at = order_time(n + 1);
        group.bench_function(BenchmarkId::new("ledger", size), |b| {
            b.iter(|| {
                refunds += 1;
                // One cent of a different order each time (every order has at least 20.90 to refund).
                let refund = Refund {
                    id: format!("r{refunds}"),
                    order_id: format!("o{}", refunds.wrapping_mul(104_729) % orders),
                    amount: Some(Decimal::new(1, 2)),
                    lines: None,
                };
                black_box(q.refund(refund, at).unwrap())
            })
        });
        group.finish();
        let after = q.entry_count();
        if copy.is_none() {
            next = n + 1;
        }
        eprintln!(
            "tracking: the ledger of {size} went from {before} to {after} entries while measured{}",
            if copy.is_some() { " (on a copy)" } else { "" }
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    targets = bench
}
criterion_main!(benches);
