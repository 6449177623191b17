#!/usr/bin/env bash
# Durable programs (issue 15): benches/durable.rs in a release build, with the in-memory program side
# by side. One JSON line per figure on stdout; progress on stderr. Files in target/bench/durable (the
# file of DURABLE_COMMANDS commands, default 1 000 000, is built once and reused).
# Usage: benches/durable.sh     (a few minutes on 2 cores; the first run builds the big file)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/rust.sh >&2

step "durable bench: cargo run --release --bin durable" >&2
cargo run --quiet --release -p affiliate-kit-benches --bin durable
