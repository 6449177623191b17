//! Builds the benchmark program (100 000 affiliates) holding N ledger entries (N the first argument,
//! default 10 000 000; 0 for the baseline of affiliates only) and prints one JSON line with the
//! entries asked for and the program's own count. `memory.sh` runs it under `/usr/bin/time -v` and
//! divides the peak resident size, less the baseline's, by the entries.
#![allow(clippy::print_stdout)]

use affiliate_kit_benches::{program_with_entries, AFFILIATES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = match std::env::args().nth(1) {
        Some(arg) => arg.replace('_', "").parse()?,
        None => 10_000_000,
    };
    let (program, orders) = program_with_entries(n)?;
    println!(
        r#"{{"entries": {n}, "program_entries": {}, "commissions": {}, "orders": {orders}, "affiliates": {AFFILIATES}}}"#,
        program.entry_count(),
        program.commission_count(),
    );
    Ok(())
}
