#!/usr/bin/env bash
# JavaScript benchmark: hand-written decimal.js code checking and quoting versus the WASM module, in
# one Node run (benches/js/bench.mjs). Needs the npm package in target/wasm/pkg (./scripts/wasm-build).
# Prints JSON lines only on stdout ({"bench", "value", "unit"}); npm and the input summary go to stderr.
set -euo pipefail
cd "$(dirname "$0")/js"
if [[ ! -f ../../target/wasm/pkg/package.json ]]; then
  echo "benches/js.sh: target/wasm/pkg is missing; run ./scripts/wasm-build first" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error >/dev/null
exec node bench.mjs
