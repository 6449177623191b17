#!/usr/bin/env bash
# The Rust core benchmarks of issue 7: every bench of benches/Cargo.toml (quote, codes, tracking,
# settlement, snapshots), then memory.sh. One JSON line per benchmark on stdout:
#   {"bench": "quote/rules/10", "value": <ns per call>, "unit": "ns/op"}
# where the value is criterion's median (bencher output format), or for the operations timed by hand
# (approve_due, create_payouts, snapshot, restore: seconds per call) the median of their runs.
# Progress, and each bench's notes (ledger sizes built, sizes skipped), on stderr.
# Usage: benches/rust.sh     (about 10 minutes on 2 cores; BENCH_MAX_ENTRIES, BENCH_MAX_SECONDS,
#        BENCH_SETTLEMENT_ENTRIES and MEMORY_ENTRIES bound the sizes, see benches/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/rust.sh >&2

step "rust bench: cargo bench -p affiliate-kit-benches (criterion, bencher format)" >&2
cargo bench -p affiliate-kit-benches -- --output-format bencher 2> >(grep -v '^$' >&2) |
  tee >(cat >&2) |
  awk '/^test .* \.\.\. bench: / {
    name = $2
    value = $0; sub(/.* bench: */, "", value); sub(/ .*/, "", value); gsub(/,/, "", value)
    unit = $0; sub(/.* bench: *[0-9,.]+ /, "", unit); sub(/\/iter.*/, "", unit)
    scale = (unit == "ns") ? 1 : (unit == "us" || unit == "µs") ? 1e3 : (unit == "ms") ? 1e6 : (unit == "s") ? 1e9 : 1
    printf "{\"bench\": \"%s\", \"value\": %.1f, \"unit\": \"ns/op\"}\n", name, value * scale
  }'

step "rust bench: memory per ledger entry (benches/memory.sh)" >&2
benches/memory.sh
