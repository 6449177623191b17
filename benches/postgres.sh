#!/usr/bin/env bash
# Programs shared in PostgreSQL (issue 18): benches/postgres.rs in a release build against a real
# server started here (scripts/lib/postgres.sh), with the SQLite file side by side. One JSON line per
# figure on stdout; progress on stderr. Usage: benches/postgres.sh   (about a minute on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/rust.sh >&2
source scripts/lib/postgres.sh
start_postgres >&2

step "postgres bench: cargo run --release --bin postgres" >&2
cargo run --quiet --release -p affiliate-kit-benches --bin postgres
