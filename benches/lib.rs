//! Shared inputs of the Rust benchmarks: the fixtures in `fixtures/` (the same plans, order and
//! context the Python, JavaScript and Kotlin benchmarks read) and the program builders of the
//! `tracking`, `settlement`, `codes` and `snapshots` benches and of the `ledger_memory` binary.
//!
//! The benchmark program: the configuration of `core/tests/fixtures/month-config.json` (10 %, 20 % on
//! books, one parent level at 5 %, 14 holding days, 50 EUR minimum payout), [`AFFILIATES`] affiliates
//! `aff_0` .. in a tree of fan-out 10 (`aff_k`'s parent is `aff_{(k-1)/10}`), each with the vanity
//! code `AFF<k>`, and one-line orders spread over the affiliates by code. Every order but those of
//! `aff_0` writes two commissions and so two ledger entries.

use affiliate_kit::money::Currency;
use affiliate_kit::plan::{Customer, Order, OrderLine, Plan, QuoteContext};
use affiliate_kit::program::{Program, ProgramConfig, Registration};
use affiliate_kit::Result;
use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

/// The benchmark plan of 1 rule (see `fixtures/README.md`).
pub const PLAN_1: &str = include_str!("fixtures/plan-1-rules.json");
/// The benchmark plan of 10 rules.
pub const PLAN_10: &str = include_str!("fixtures/plan-10-rules.json");
/// The benchmark plan of 50 rules.
pub const PLAN_50: &str = include_str!("fixtures/plan-50-rules.json");
/// The order the quote benchmarks quote.
pub const ORDER: &str = include_str!("fixtures/order.json");
/// The quote context of the quote benchmarks.
pub const CONTEXT: &str = include_str!("fixtures/context.json");
/// The program configuration of the program benchmarks.
pub const CONFIG: &str = include_str!("../core/tests/fixtures/month-config.json");

/// Affiliates of the benchmark program.
pub const AFFILIATES: usize = 100_000;

/// The benchmark plan of `rules` rules (1, 10 or 50), parsed from its fixture.
pub fn plan(rules: usize) -> Result<Plan> {
    let json = match rules {
        1 => PLAN_1,
        10 => PLAN_10,
        _ => PLAN_50,
    };
    Plan::from_json(json)
}

/// The benchmark order, parsed from its fixture.
pub fn quote_order() -> Result<Order> {
    Order::from_json(ORDER)
}

/// The benchmark quote context, parsed from its fixture.
pub fn quote_context() -> Result<QuoteContext> {
    affiliate_kit::host::arguments::quote_context(CONTEXT)
}

/// When the benchmark program starts (affiliates register then; order `n` comes `n` seconds later).
pub fn start() -> DateTime<Utc> {
    DateTime::from_timestamp(1_772_323_200, 0).unwrap_or_default() // 2026-03-01T00:00:00Z
}

/// When order `n` is tracked.
pub fn order_time(n: u64) -> DateTime<Utc> {
    start() + TimeDelta::seconds(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Order `n`: one line of 20.90 to 219.90 EUR (a third of them books), a new customer `c<n>`,
/// brought by the code of affiliate `n * 7919 % affiliates` (spread over the tree).
pub fn order(n: u64, affiliates: usize) -> Order {
    let a = (n.wrapping_mul(7919)) % (affiliates.max(1) as u64);
    let cents = 2090 + i64::try_from(n % 200).unwrap_or(0) * 100;
    Order {
        id: format!("o{n}"),
        currency: Currency::EUR,
        lines: vec![OrderLine {
            id: "l1".to_string(),
            product: "p".to_string(),
            category: Some(if n.is_multiple_of(3) { "books" } else { "course" }.to_string()),
            quantity: 1,
            unit_price: Decimal::new(cents, 2),
            discount: Decimal::ZERO,
            tax: Decimal::ZERO,
        }],
        discount: Decimal::ZERO,
        shipping: Decimal::ZERO,
        tax: Decimal::ZERO,
        customer: Customer { id: Some(format!("c{n}")), ..Customer::default() },
        code: Some(format!("AFF{a}")),
    }
}

/// A program with `affiliates` affiliates (ids `aff_0` .., codes `AFF0` ..) and no orders. It keeps
/// no command log (`Program::keep_command_log(false)`), as a host with its own journal runs it.
pub fn program(affiliates: usize) -> Result<Program> {
    let mut p = Program::new(ProgramConfig::from_json(CONFIG)?)?;
    p.keep_command_log(false);
    for a in 0..affiliates {
        p.register_affiliate(registration(a), start())?;
    }
    Ok(p)
}

/// Affiliate `a` of the benchmark program: `aff_<a>`, code `AFF<a>`, parent `aff_{(a-1)/10}`.
pub fn registration(a: usize) -> Registration {
    Registration {
        id: Some(format!("aff_{a}")),
        name: format!("Affiliate {a}"),
        email: format!("a{a}@example.com"),
        code: Some(format!("AFF{a}")),
        group: None,
        parent: (a > 0).then(|| format!("aff_{}", (a - 1) / 10)),
    }
}

/// Tracks orders `from..to` into `p` (each `order_time(n)`), returning `to`.
pub fn track_orders(p: &mut Program, affiliates: usize, from: u64, to: u64) -> Result<u64> {
    for n in from..to {
        p.track_order(order(n, affiliates), None, order_time(n))?;
    }
    Ok(to)
}

/// Tracks orders from `from` until `p` holds at least `entries` ledger entries; returns the next
/// order number.
pub fn grow_to(p: &mut Program, affiliates: usize, mut from: u64, entries: usize) -> Result<u64> {
    while p.entry_count() < entries {
        // Two entries an order, less the few of the root affiliate: step in chunks, then check.
        let missing = (entries - p.entry_count()).div_ceil(2).max(1) as u64;
        from = track_orders(p, affiliates, from, from + missing)?;
    }
    Ok(from)
}

/// The benchmark program with [`AFFILIATES`] affiliates and at least `entries` ledger entries; returns
/// it with the next order number.
pub fn program_with_entries(entries: usize) -> Result<(Program, u64)> {
    let mut p = program(AFFILIATES)?;
    let next = grow_to(&mut p, AFFILIATES, 0, entries)?;
    Ok((p, next))
}

/// The largest ledger the program benchmarks build: `BENCH_MAX_ENTRIES` (default 10 000 000). Sizes
/// above it are skipped, and so are sizes that [`room_for`] says would not fit.
pub fn max_entries() -> usize {
    env_number("BENCH_MAX_ENTRIES").unwrap_or(10_000_000)
}

/// The longest a benchmark may spend building a program or running one timed call:
/// `BENCH_MAX_SECONDS` (default 300).
pub fn max_seconds() -> f64 {
    env_number::<u64>("BENCH_MAX_SECONDS").unwrap_or(300) as f64
}

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok())
}

/// This process's resident size in bytes (Linux `/proc/self/statm`), if known.
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// The peak resident memory of this process so far (Linux `VmHWM`), in bytes, if known.
pub fn peak_resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The memory the system can still give (Linux `MemAvailable`), in bytes, if known.
pub fn available_bytes() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Whether work needing about `bytes` more memory and `seconds` fits: the memory within 80 % of what
/// the system has available and the time within [`max_seconds`]. `Err` says why not, for the
/// benchmark's note on stderr. Unknown memory figures count as fitting.
pub fn room_for(bytes: f64, seconds: f64) -> std::result::Result<(), String> {
    if let Some(available) = available_bytes() {
        if bytes > available as f64 * 0.8 {
            let (need, have) = (bytes / 1e9, available as f64 / 1e9);
            return Err(format!("needs about {need:.1} GB more memory, {have:.1} GB available"));
        }
    }
    if seconds > max_seconds() {
        return Err(format!("would take about {seconds:.0} s, over BENCH_MAX_SECONDS={:.0}", max_seconds()));
    }
    Ok(())
}

/// Prints a measurement in criterion's `--output-format bencher` shape (`test <id> ... bench: <n>
/// ns/iter (+/- <d>)`), for the operations timed by hand (seconds each, too slow for criterion's ten
/// samples): the median of `runs` and their spread.
pub fn report(id: &str, runs: &[std::time::Duration]) {
    let mut ns: Vec<u128> = runs.iter().map(std::time::Duration::as_nanos).collect();
    ns.sort_unstable();
    let median = ns.get(ns.len() / 2).copied().unwrap_or_default();
    let spread = ns.last().copied().unwrap_or_default() - ns.first().copied().unwrap_or_default();
    println!("test {id} ... bench: {} ns/iter (+/- {})", thousands(median), thousands(spread));
}

fn thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a benchmark named `id` is selected by the command line (`cargo bench -- <filter>`): no
/// filter, or a filter it contains. For the benchmarks timed by hand.
pub fn selected(id: &str) -> bool {
    // Criterion's options that take a value (the value is not a filter).
    const VALUED: [&str; 15] = [
        "--output-format",
        "--color",
        "--noise-threshold",
        "--nresamples",
        "--confidence-level",
        "--significance-level",
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--profile-time",
        "--plotting-backend",
    ];
    let mut filters = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if VALUED.contains(&arg.as_str()) {
            args.next();
        } else if !arg.starts_with('-') {
            filters.push(arg);
        }
    }
    filters.is_empty() || filters.iter().any(|f| id.contains(f.as_str()))
}

/// Prints one figure as the JSON line the benches/*.sh parts emit.
#[allow(clippy::print_stdout)]
pub fn emit(bench: &str, value: f64, unit: &str) {
    println!(r#"{{"bench": "{bench}", "value": {value:.3}, "unit": "{unit}"}}"#);
}

/// Emits the p50 and p99 of `latencies` (sorted here) in microseconds, as `<name>/p50` and `<name>/p99`.
pub fn percentiles(name: &str, latencies: &mut [std::time::Duration]) {
    latencies.sort_unstable();
    for (label, q) in [("p50", 0.50), ("p99", 0.99)] {
        let i = ((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1));
        let value = latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e6);
        emit(&format!("{name}/{label}"), value, "us");
    }
}
