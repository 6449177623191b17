//! `snapshot` (the whole state as JSON) and `restore` (parse, check, re-index) of the benchmark
//! program of `lib.rs` (100 000 affiliates) at ledgers of 10^4, 10^5 and 10^6 entries. Each call
//! takes from a tenth of a second to tens of seconds, so they are timed by hand: three runs (one at
//! 10^6), the median printed in criterion's bencher format: `snapshot/entries/<n>`,
//! `restore/entries/<n>` (time per call; stderr gives the snapshot's size). A size is skipped, with
//! a note on stderr, when it projects past the memory available or `BENCH_MAX_SECONDS` (restore
//! needs about [`RESTORE_FACTOR`] times the snapshot's size).
//!
//! Run with `cargo bench -p affiliate-kit-benches --bench snapshots`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use affiliate_kit::program::Program;
use affiliate_kit_benches::{grow_to, max_entries, program, report, resident_bytes, room_for, selected, AFFILIATES};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];

/// Restore's peak memory as a multiple of the snapshot's size: it reads the whole document into a
/// `serde_json::Value` first (measured with `/usr/bin/time -v` at 10^5 entries: 359 MB of JSON, 4.4 GB
/// of peak above it). In-process figures undercount it, as freed memory is reused.
const RESTORE_FACTOR: f64 = 13.0;

fn main() {
    let (do_snapshot, do_restore) = (selected("snapshot/entries"), selected("restore/entries"));
    if !do_snapshot && !do_restore {
        return;
    }
    // Snapshots, growing one program; the documents are kept for the restores, which run after the
    // program is dropped (so that their garbage does not distort the memory projections).
    let mut p = program(AFFILIATES).unwrap();
    let baseline = resident_bytes().unwrap_or(0);
    let mut documents: Vec<(usize, String)> = Vec::new();
    let mut next = 0;
    let mut last_seconds = 0.0;
    for size in SIZES {
        if size > max_entries() {
            eprintln!("snapshots: skipping {size} entries (above BENCH_MAX_ENTRIES)");
            break;
        }
        let have = p.entry_count();
        if have > 0 {
            let factor = size as f64 / have as f64;
            let per_entry = resident_bytes().unwrap_or(0).saturating_sub(baseline) as f64 / have as f64;
            let last_json = documents.last().map_or(0, |(_, json)| json.len()) as f64;
            let more = per_entry * (size - have) as f64 + last_json * factor;
            if let Err(why) = room_for(more, last_seconds * factor) {
                eprintln!("snapshots: skipping {size} entries: the snapshot {why}");
                break;
            }
        }
        next = grow_to(&mut p, AFFILIATES, next, size).unwrap();
        let runs = if size >= 1_000_000 { 1 } else { 3 };
        let mut json = String::new();
        let mut times = Vec::new();
        for _ in 0..runs {
            drop(std::mem::take(&mut json));
            let started = Instant::now();
            json = black_box(p.snapshot());
            times.push(started.elapsed());
        }
        last_seconds = median(&times);
        if do_snapshot {
            report(&format!("snapshot/entries/{size}"), &times);
        }
        let entries = p.entry_count();
        eprintln!(
            "snapshots: {entries} entries: snapshot of {:.0} MB ({:.0} bytes per entry) in {last_seconds:.2} s",
            json.len() as f64 / 1e6,
            json.len() as f64 / entries as f64,
        );
        documents.push((size, json));
    }
    drop(p);

    if !do_restore {
        return;
    }
    let mut last: Option<(usize, f64)> = None;
    for (size, json) in &documents {
        let runs = if *size >= 1_000_000 { 1 } else { 3 };
        let seconds = last.map_or(0.0, |(n, s)| s * *size as f64 / n as f64) * runs as f64;
        if let Err(why) = room_for(json.len() as f64 * RESTORE_FACTOR, seconds) {
            eprintln!("snapshots: skipping restore of {size} entries: it {why}");
            break;
        }
        let mut times = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let restored = black_box(Program::restore(json).unwrap());
            times.push(started.elapsed());
            assert!(restored.entry_count() >= *size);
        }
        let seconds = median(&times);
        report(&format!("restore/entries/{size}"), &times);
        eprintln!("snapshots: {size} entries: restore in {seconds:.2} s");
        last = Some((*size, seconds));
    }
}

fn median(times: &[Duration]) -> f64 {
    let mut secs: Vec<f64> = times.iter().map(Duration::as_secs_f64).collect();
    secs.sort_by(f64::total_cmp);
    secs.get(secs.len() / 2).copied().unwrap_or_default()
}
