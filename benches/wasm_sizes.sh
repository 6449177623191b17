#!/usr/bin/env bash
# The size of each export group of the `checkout` WASM module (issue 21): each group built alone
# (features checkout-codes, checkout-list, checkout-previews of bindings-wasm), then all three, as the
# browser gets them (wasm-bindgen --target web, wasm-opt -Oz, gzip -9). JSON lines on stdout.
# The group sizes overlap (each carries the allocator, the error type, the formatting): the sum is
# more than the whole module.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  source scripts/lib/rust.sh
  source scripts/lib/wasm.sh
} >&2
dir=target/bench/wasm-sizes
for group in checkout-codes checkout-list checkout-previews checkout; do
  rm -rf "$dir" && mkdir -p "$dir"
  wasm_module "$group" web "$dir" >&2
  wasm="$dir/affiliate_kit_wasm_bg.wasm"
  printf '{"bench": "wasm/size/%s/raw", "value": %d, "unit": "bytes"}\n' "$group" "$(wc -c <"$wasm")"
  printf '{"bench": "wasm/size/%s/gzip", "value": %d, "unit": "bytes"}\n' "$group" "$(gzip -9 -c "$wasm" | wc -c)"
done
