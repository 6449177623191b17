#!/usr/bin/env bash
# Compact program state (issue 16), measured beside the program as it was before (BASELINE_REV,
# default abf15d4, the last commit before the issue) in the same run: the baseline's
# `ledger_memory` and `instructions` binaries are built from a git worktree into
# target/baseline, this tree's into target/release.
#
# One JSON line per figure on stdout, `"side": "now"` or `"baseline"`:
#   memory/bytes_per_entry/N   peak resident size of `ledger_memory N` less that of N = 0 (the
#                              100 000 affiliates), per ledger entry, at N = 10^5, 10^6, 10^7
#   track_order/orders_per_s/N the orders of that run (N/2) over its time less the N = 0 run's
#   track_order/instructions   callgrind instructions per tracked order (2 000 orders less 0)
# Sizes that would not fit in 80 % of the available memory are skipped with a note (the baseline
# needs about 4.6 KB per entry: 10^7 entries is 46 GB). Progress on stderr.
# Usage: benches/compact.sh     (COMPACT_SIZES="100000 1000000 10000000", BASELINE_REV=<rev>)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
baseline_rev=${BASELINE_REV:-abf15d4}
sizes=${COMPACT_SIZES:-100000 1000000 10000000}

for tool in /usr/bin/time valgrind; do
  if [ ! -x "$tool" ] && ! command -v "$tool" >/dev/null; then
    echo "compact: installing $(basename "$tool")" >&2
    apt-get install -y -qq "$(basename "$tool")" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq "$(basename "$tool")" >&2; }
  fi
done

echo "compact: building this tree's ledger_memory and instructions (release)" >&2
cargo build --quiet --release -p affiliate-kit-benches --bin ledger_memory --bin instructions >&2
worktree="$root/target/baseline-src"
if [ ! -d "$worktree" ]; then
  git worktree add --detach "$worktree" "$baseline_rev" >&2
else
  git -C "$worktree" checkout --quiet --detach "$baseline_rev" >&2
fi
echo "compact: building the baseline ($baseline_rev) into target/baseline" >&2
(cd "$worktree" && CARGO_TARGET_DIR="$root/target/baseline" \
  cargo build --quiet --release -p affiliate-kit-benches --bin ledger_memory --bin instructions >&2)

declare -A bin=([now]="$root/target/release" [baseline]="$root/target/baseline/release")
declare -A per_entry=([now]=500 [baseline]=4700)  # bytes, for the fit check

# "<peak resident bytes> <seconds>" of `ledger_memory N` on one side.
run() {
  local out
  out=$({ /usr/bin/time -f "%M %e" "${bin[$1]}/ledger_memory" "$2" 2>&1 1>/dev/null; } | tail -n 1)
  echo "$(( ${out% *} * 1024 )) ${out#* }"
}

# emit <bench> <side> <entries> <value> <unit>: the bench name ends in the entries when there are some.
emit() {
  local name=$1
  [ "$3" -gt 0 ] && name="$1/$3"
  printf '{"bench": "%s", "side": "%s", "entries": %s, "value": %s, "unit": "%s"}\n' "$name" "$2" "$3" "$4" "$5"
}

for side in baseline now; do
  read -r base_bytes base_seconds < <(run "$side" 0)
  for n in $sizes; do
    available=$(( $(awk '/MemAvailable/ {print $2}' /proc/meminfo) * 1024 ))
    if [ $(( n * per_entry[$side] )) -gt $(( available * 8 / 10 )) ]; then
      echo "compact: $side at $n entries would need about $(( n * per_entry[$side] / 1000000000 )) GB; skipped" >&2
      continue
    fi
    echo "compact: $side, $n entries" >&2
    read -r bytes seconds < <(run "$side" "$n")
    emit memory/bytes_per_entry "$side" "$n" "$(awk -v b="$bytes" -v z="$base_bytes" -v n="$n" 'BEGIN {printf "%.1f", (b - z) / n}')" bytes
    emit track_order/orders_per_s "$side" "$n" "$(awk -v s="$seconds" -v z="$base_seconds" -v n="$n" 'BEGIN {printf "%.0f", (n / 2) / (s - z)}')" orders/s
  done
  counts=()
  for orders in 2000 0; do
    out=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file="$out" "${bin[$side]}/instructions" track "$orders" >/dev/null 2>&1
    counts+=("$(awk '/^totals:/ {print $2}' "$out")")
    rm -f "$out"
  done
  emit track_order/instructions "$side" 0 "$(( (counts[0] - counts[1]) / 2000 ))" instructions/order
done
