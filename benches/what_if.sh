#!/usr/bin/env bash
# What-if on history (issue 19): benches/what_if.rs in a release build, tracking the same orders side
# by side. One JSON line per figure on stdout; progress on stderr. WHAT_IF_ORDERS sets the history's
# size (default 1 000 000). Usage: benches/what_if.sh   (about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/rust.sh >&2

step "what-if bench: cargo run --release --bin what_if" >&2
cargo run --quiet --release -p affiliate-kit-benches --bin what_if
