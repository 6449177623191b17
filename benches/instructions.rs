//! Runs one benchmark operation in a loop, for instruction counts that do not depend on the
//! machine's load: `valgrind --tool=callgrind target/release/instructions <op> [N]`, where `op` is
//! `quote`, `quote_amounts`, `quote_total` (the 10-rule plan), `check_format` (4 codes per run), `track` (N orders against a program of 1 000
//! affiliates, after 1 000 warm-up orders) or `report` (N month reports over 20 000 orders). Divide
//! the counts by N. See README.md, "Where the time goes".
#![allow(clippy::print_stdout)]

use std::hint::black_box;

use affiliate_kit_benches::{order, order_time, plan, program, quote_context, quote_order, start, track_orders};

const AFFILIATES: usize = 1_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let op = std::env::args().nth(1).unwrap_or_else(|| "quote".to_string());
    let n: u64 = std::env::args().nth(2).map(|a| a.parse()).transpose()?.unwrap_or(10_000);
    match op.as_str() {
        "quote" | "quote_amounts" | "quote_total" => {
            let (plan, order, ctx) = (plan(10)?, quote_order()?, quote_context()?);
            for _ in 0..n {
                match op.as_str() {
                    "quote" => drop(black_box(plan.quote(&order, &ctx)?)),
                    "quote_amounts" => drop(black_box(plan.quote_amounts(&order, &ctx)?)),
                    _ => drop(black_box(plan.quote_total(&order, &ctx)?)),
                }
            }
        }
        "check_format" => {
            // The checkout's keystroke check: a generated code as typed, its typo, a vanity code, a reserved word.
            let policy = affiliate_kit::codes::CodePolicy::default();
            for _ in 0..n {
                for code in ["1vxs-nzgey", "ZVXSNZGEY", "john-25", " admin "] {
                    black_box(affiliate_kit::codes::check_format(black_box(code), &policy));
                }
            }
        }
        "track" => {
            let mut p = program(AFFILIATES)?;
            let warm = track_orders(&mut p, AFFILIATES, 0, 1_000)?;
            for k in warm..warm + n {
                black_box(p.track_order(order(k, AFFILIATES), None, order_time(k))?);
            }
        }
        "report" => {
            // A month's report over a program of 20 000 orders (N reports).
            let mut p = program(AFFILIATES)?;
            track_orders(&mut p, AFFILIATES, 0, 20_000)?;
            let (from, to) = (start(), start() + chrono::TimeDelta::days(31));
            for _ in 0..n {
                black_box(p.report(affiliate_kit::time::Granularity::Month, from, to, None)?);
            }
        }
        other => {
            return Err(format!(
                "unknown operation {other:?}: quote, quote_amounts, quote_total, check_format, track or report"
            )
            .into())
        }
    }
    println!("{op}: {n} runs");
    Ok(())
}
