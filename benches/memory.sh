#!/usr/bin/env bash
# Memory per ledger entry (issue 7): builds the benchmark program (100 000 affiliates) holding N
# ledger entries with the `ledger_memory` binary under /usr/bin/time -v, subtracts the peak resident
# size of the same binary with N=0 (the affiliates only), divides by the entries. One JSON line on
# stdout: {"bench": "memory/bytes_per_entry", "value": <bytes>, "unit": "bytes", "entries": N}.
# Progress on stderr.
# Usage: benches/memory.sh [N]     (default 10 000 000; MEMORY_ENTRIES=N works too)
# If N entries would not fit in 80 % of the memory available (projected from a first run at
# 100 000 entries), N is lowered to the largest power of ten that fits, with a note on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

entries=${1:-${MEMORY_ENTRIES:-10000000}}
if [ ! -x /usr/bin/time ]; then
  echo "memory: installing GNU time (Debian package time)" >&2
  apt-get install -y -qq time >&2 || { apt-get update -qq >&2 && apt-get install -y -qq time >&2; }
fi
echo "memory: building the ledger_memory binary (release)" >&2
cargo build --quiet --release -p affiliate-kit-benches --bin ledger_memory >&2
bin=target/release/ledger_memory

# Peak resident size in bytes of `ledger_memory N`; the program's own line goes to stderr.
peak() {
  local out
  out=$({ /usr/bin/time -v "$bin" "$1" 2>&1 1>&3 | awk '/Maximum resident set size/ {print $NF}'; } 3>&2)
  echo $((out * 1024))
}

base=$(peak 0)
probe_entries=100000
probe=$(peak "$probe_entries")
per_entry=$(((probe - base) / probe_entries))
available=$(($(awk '/MemAvailable/ {print $2}' /proc/meminfo) * 1024))
while [ "$entries" -gt "$probe_entries" ] && [ $((entries * per_entry * 5 / 4)) -gt "$available" ]; do
  echo "memory: $entries entries would need about $((entries * per_entry / 1000000000)) GB" \
    "(~$per_entry bytes each), $((available / 1000000000)) GB available: trying $((entries / 10))" >&2
  entries=$((entries / 10))
done
if [ "$entries" -eq "$probe_entries" ]; then
  peak_n=$probe
else
  peak_n=$(peak "$entries")
fi
echo "memory: peak resident $peak_n bytes with $entries entries, $base bytes with none" >&2
awk -v e="$entries" -v p="$peak_n" -v b="$base" 'BEGIN {
  printf "{\"bench\": \"memory/bytes_per_entry\", \"value\": %.1f, \"unit\": \"bytes\", \"entries\": %d}\n", (p - b) / e, e
}'
