"""Prints the benchmark results (JSON lines from benches/*.sh) as one table, with each goal of
issues 7, 15, 16 and 21 next to the figure it applies to and whether it is met. Figures measured beside
a baseline (benches/compact.sh) name their side."""

import json
import sys

#: (bench name prefix, unit, comparison, goal value, goal text)
GOALS = [
    ("quote/rules/10", "ns/op", "<=", 100, "<= 100 ns per order"),
    ("track_order", "ns/op", "<=", 1000, ">= 1 M orders/s (<= 1 000 ns)"),
    ("memory/bytes_per_entry", "bytes", "<=", 200, "<= 200 bytes per entry"),
    # issue 21: faster than hand-written code in every host (it replaced issue 7's binding goals)
    ("python/batch_vs_pure", "x", ">=", 20, ">= 20x pure Decimal"),
    ("python/one_vs_pure", "x", ">=", 5, ">= 5x pure Decimal"),
    ("python/track_order", "ns/op", "<=", 20_000, "<= 20 us per call"),
    ("js/check_format/wasm_vs_hand", "x", ">=", 1, ">= 1x hand-written"),
    ("js/quote/wasm_vs_hand", "x", ">=", 2, ">= 2x decimal.js"),
    ("kotlin/quote_one", "ns/op", "<=", 20_000, "<= 20 us per call"),
    ("wasm/size/checkout/gzip", "bytes", "<=", 25 * 1024, "<= 25 KB gzipped"),
    # issue 15: durable programs
    ("durable/track_order/batch_100/full/orders_per_s", "orders/s", ">=", 50_000, ">= 50 000 orders/s"),
    ("durable/reopen/from_checkpoint/seconds", "s", "<=", 5, "<= 5 s at 10^6 commands"),
    ("durable/checkpoint/bytes_per_entry", "bytes", "<=", 150, "<= 150 bytes per entry"),
    # issue 16: compact program state (benches/compact.sh)
    ("track_order/orders_per_s", "orders/s", ">=", 1_000_000, ">= 1 M orders/s"),
]


def goal_for(bench: str, unit: str):
    for prefix, goal_unit, op, value, text in GOALS:
        if bench.startswith(prefix) and unit == goal_unit:
            return op, value, text
    return None


def main(path: str) -> None:
    rows = [json.loads(line) for line in open(path) if line.startswith("{")]
    for r in rows:
        if "side" in r:
            r["bench"] = f"{r['bench']} ({r['side']})"
    width = max([len(r["bench"]) for r in rows] + [5])
    print(f"{'bench':<{width}}  {'value':>14}  {'unit':<9}  goal")
    for r in rows:
        goal = goal_for(r["bench"], r["unit"])
        verdict = ""
        if goal:
            op, value, text = goal
            met = r["value"] <= value if op == "<=" else r["value"] >= value
            verdict = f"{text}: {'met' if met else 'MISSED'}"
        print(f"{r['bench']:<{width}}  {r['value']:>14,.2f}  {r['unit']:<9}  {verdict}")


if __name__ == "__main__":
    main(sys.argv[1])
