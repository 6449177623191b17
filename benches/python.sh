#!/usr/bin/env bash
# The Python comparison of issue 7: builds a release wheel into target/bench/python-venv, then runs
# benches/python/bench_quote.py (pure-Python Decimal vs Plan.quote vs quote_many, checked to agree)
# on the fixtures of benches/fixtures. Prints only the bench's JSON lines on stdout; the build and the
# progress go to stderr.
# Usage: benches/python.sh    ORDERS=100000 benches/python.sh (shorter run; default 1 000 000)
#        QUOTE_ONE_ORDERS=n (orders quoted one by one, default 20 000: ~1 ms each), SEED=n (default 7)
set -euo pipefail
cd "$(dirname "$0")/.."
{
  source scripts/lib/rust.sh
  source scripts/lib/python.sh
} >&2

venv=target/bench/python-venv
wheels=target/bench/python-wheels
maturin_pin=$(grep '^maturin==' bindings-python/requirements-dev.txt)

{
  if ! "$venv/bin/maturin" --version >/dev/null 2>&1; then
    step "python bench: virtual environment ($venv) with $maturin_pin"
    rm -rf "$venv"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$maturin_pin"
  fi
  step "python bench: release wheel"
  rm -rf "$wheels"
  "$venv/bin/maturin" build --quiet --release --interpreter "$venv/bin/python" \
    --manifest-path bindings-python/Cargo.toml --out "$wheels"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps \
    "$wheels"/affiliate_kit-*.whl
} >&2

exec "$venv/bin/python" benches/python/bench_quote.py --fixtures benches/fixtures \
  --orders "${ORDERS:-1000000}" --quote-one-orders "${QUOTE_ONE_ORDERS:-20000}" --seed "${SEED:-7}"
