"""Issue 7's Python comparison, in one run: quoting orders of the 10-rule benchmark plan with
(a) pure_decimal.py, the hand-written Decimal implementation a Python shop would write instead,
(b) the wheel's one-order ``Plan.quote`` (amounts, ``explain=False``: ``python/quote_one``; and
explained: ``python/quote_one_explained``) and (c) the wheel's batch ``quote_many`` (columns).

Two workloads, because ``quote_many`` takes only order lines and an affiliate (no order discount, no
group, no parents, no period volume: see bindings-python/src/batch.rs):

- batch workload, N orders (``--orders``, default 1 000 000): three lines each, products and
  categories drawn so that product, category and program-default rules win, no order discount,
  context = affiliate + time. Measured: (a) on all N; (b) on the first ``--quote-one-orders``
  (default 20 000: the one-order path costs about 1 ms an order, mostly decoding the explained Quote
  into dataclasses); (c) on all N in one call, prices as int64 cents (best of 3 calls). Checked: (a) == (c) for every
  order's total, (a) == (b) per beneficiary and level on the subset.
- full workload, the first ``--quote-one-orders`` orders with the fixture's context (group ``gold``,
  two parents, a period sales count of 0-20 so both tiers pay) and an order discount on half of them:
  (a) and (b), checked per beneficiary and level. This is what proves pure_decimal.py right on every
  construct of the plan (group flat, tiers, prorated discount, parent levels).

- the floor of a one-order call (``python/quote_one_floor``): the records and decimals of the batch
  workload's first quote of amounts, each at the cost of an empty record and of a decimal from text,
  timed in the run; ``python/floor_vs_pure`` is the most any call answering those records could reach.

- ``Program.track_order`` per call (issue 21): the month configuration, 100 affiliates, the first
  ``--quote-one-orders`` one-line orders tracked one call each, each outcome checked and dropped
  (``python/track_order``, ns per call), then again with every outcome kept (``python/track_order_kept``).

Prints one JSON line per figure on stdout (orders/s, and the ratios as "x"); progress on stderr. Any
disagreement exits 1 before a figure is printed for it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
import timeit
from array import array
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

from affiliate_kit import Plan, quote_many

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pure_decimal import PurePlan  # noqa: E402

PRODUCTS = ["sku-3", "sku-6", "sku-9", "sku-1", "sku-2", "sku-4", "sku-5", "other"]  # 3 with a rule
CATEGORIES = ["cat-1", "cat-4", "cat-7", "cat-2", None]  # 3 with a (tiered) rule
CHUNK = 10_000
Amounts = Dict[Tuple[str, int], Decimal]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def emit(bench: str, value: float, unit: str, orders: int) -> None:
    print(json.dumps({"bench": bench, "value": round(value, 2), "unit": unit, "orders": orders}), flush=True)


def fail(message: str) -> None:
    log(f"CHECK FAILED: {message}")
    sys.exit(1)


class Orders:
    """N orders of 3 lines, drawn from ``seed``: flat columns, one row per line."""

    def __init__(self, n: int, seed: int) -> None:
        rng = random.Random(seed)
        self.n = n
        self.products = [rng.choice(PRODUCTS) for _ in range(3 * n)]
        self.categories = [rng.choice(CATEGORIES) for _ in range(3 * n)]
        self.quantities = array("q", (rng.randint(1, 3) for _ in range(3 * n)))
        self.cents = array("q", (rng.randint(50, 30_000) for _ in range(3 * n)))
        nets = [sum(self.quantities[r] * self.cents[r] for r in range(3 * i, 3 * i + 3)) for i in range(n)]
        # Half the orders get a discount of up to 10 % (full workload only).
        self.discounts = array("q", (rng.randint(1, net // 10) if rng.random() < 0.5 else 0 for net in nets))
        self.sales = array("q", (rng.randint(0, 20) for _ in range(n)))
        self.affiliates = [f"aff_{k}" for k in range(1000)]

    def order(self, i: int, discount: bool) -> Dict[str, Any]:
        lines = []
        for j, r in enumerate(range(3 * i, 3 * i + 3)):
            line: Dict[str, Any] = {"id": "abc"[j], "product": self.products[r], "quantity": self.quantities[r]}
            if self.categories[r] is not None:
                line["category"] = self.categories[r]
            line["unit_price"] = Decimal(self.cents[r]).scaleb(-2)
            lines.append(line)
        order: Dict[str, Any] = {"id": f"o{i}", "currency": "EUR", "lines": lines}
        if discount and self.discounts[i]:
            order["discount"] = Decimal(self.discounts[i]).scaleb(-2)
        return order

    def chunks(self, count: int, make: Callable[[int], Tuple[Any, Any]]) -> Iterator[List[Tuple[Any, Any]]]:
        for start in range(0, count, CHUNK):
            yield [make(i) for i in range(start, min(count, start + CHUNK))]


WINNERS: Set[Tuple[str, Optional[int]]] = set()  # (rule id, tier index or None) of every quote line the wheel returned


def by_level(quote: Any) -> Amounts:
    """A wheel Quote as pure_decimal's result: amount per (beneficiary, level); notes the winners."""
    out: Amounts = {}
    for line in quote.lines:
        key = (line.beneficiary, line.level)
        out[key] = out.get(key, Decimal(0)) + line.amount.amount
        tier = line.explanation.calculation.tier
        WINNERS.add((line.rule_id, None if tier is None else tier.index))
    return out


def same(result: Any) -> Any:
    return result


def records_and_decimals(value: Any) -> Tuple[int, int]:
    """How many records (dataclass objects) and decimals a result holds, all the way down."""
    if dataclasses.is_dataclass(value):
        counts = [records_and_decimals(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return 1 + sum(r for r, _ in counts), sum(d for _, d in counts)
    if isinstance(value, Decimal):
        return 0, 1
    if isinstance(value, (list, tuple)):
        counts = [records_and_decimals(item) for item in value]
        return sum(r for r, _ in counts), sum(d for _, d in counts)
    return 0, 0


def record_floor(quote: Any) -> float:
    """A lower bound, in ns, on any one-order call that answers ``quote``'s records: each record
    costs at least an empty ``object.__new__`` of its class (the native module builds records that
    way, then fills their fields) and each decimal a ``Decimal`` made from its text, both timed here
    (fields, lists, strings, reading the order and the quote itself come on top)."""
    records, decimals = records_and_decimals(quote)
    new_ns = min(timeit.repeat("new(Money)", "from affiliate_kit import Money; new = object.__new__", number=200_000, repeat=5)) / 200_000 * 1e9
    decimal_ns = min(timeit.repeat("Decimal('12.34')", "from decimal import Decimal", number=200_000, repeat=5)) / 200_000 * 1e9
    floor = records * new_ns + decimals * decimal_ns
    log(f"python/quote_one_floor: {records} records x {new_ns:.0f} ns + {decimals} decimals x {decimal_ns:.0f} ns = {floor:,.0f} ns")
    return floor


def timed(
    label: str,
    count: int,
    chunks: Iterator[List[Tuple[Any, Any]]],
    quote: Callable[[Any, Any], Any],
    keep: Callable[[Any], Any],
) -> Tuple[float, List[Any]]:
    """Quotes every (order, context) of ``chunks``; returns (orders/s, ``keep`` of each result). Building
    the inputs and ``keep`` are not timed."""
    elapsed = 0.0
    results: List[Any] = []
    for chunk in chunks:
        start = time.perf_counter()
        quoted = [quote(order, context) for order, context in chunk]
        elapsed += time.perf_counter() - start
        results.extend(map(keep, quoted))
    log(f"{label}: {count} orders in {elapsed:.2f} s = {count / elapsed:,.0f} orders/s")
    return count / elapsed, results


def compare(label: str, pure: List[Amounts], core: List[Amounts]) -> None:
    bad = [i for i, (p, c) in enumerate(zip(pure, core)) if p != c]
    if len(pure) != len(core) or bad:
        shown = "; ".join(f"o{i}: pure {pure[i]} core {core[i]}" for i in bad[:3])
        fail(f"{label}: {len(bad)} of {len(pure)} orders differ ({shown})")
    log(f"check {label}: {len(pure)} orders agree per beneficiary and level")


def track_per_call(config_path: Path, n: int) -> Tuple[float, float, int]:
    """Issue 21's ``Program.track_order`` per call (in memory): the month configuration, 100 affiliates
    with a code each, ``n`` one-line orders by code, one call each. Microseconds per call, twice: each
    outcome checked and dropped as it comes (as a web app answers one order per request), then every
    outcome kept alive until the end (the garbage collector then walks them again and again). Checks
    every order earned its 10 % (3.00 EUR of 30.00) for its affiliate."""
    from affiliate_kit import Program

    def run(keep: bool) -> float:
        program = Program(json.loads(config_path.read_text()))
        start = datetime(2026, 3, 1, tzinfo=timezone.utc)
        for k in range(100):
            program.register_affiliate({"name": f"A{k}", "email": f"a{k}@example.com", "code": f"CODE{k:03d}"}, at=start)
        orders = [
            {"id": f"o{i}", "currency": "EUR", "code": f"CODE{i % 100:03d}",
             "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "30.00"}]}
            for i in range(n)
        ]
        instants = [start + timedelta(seconds=i) for i in range(n)]
        expected = [(f"aff_{i % 100 + 1}", Decimal("3.00")) for i in range(n)]
        kept: List[Any] = []
        wrong: List[str] = []
        began = time.perf_counter()
        for order, at, want in zip(orders, instants, expected):
            outcome = program.track_order(order, at=at)  # type: ignore[arg-type]
            if (outcome.affiliate_id, outcome.total.amount) != want:
                wrong.append(outcome.order_id)
            if keep:
                kept.append(outcome)
        seconds = time.perf_counter() - began
        if wrong:
            fail(f"track_order: {len(wrong)} orders did not earn 3.00 EUR for their affiliate, e.g. {wrong[:3]}")
        label = "kept" if keep else "dropped"
        log(f"python/track_order ({label}): {n} orders in {seconds:.2f} s = {seconds / n * 1e6:.1f} us per call")
        return seconds / n * 1e6

    return run(keep=False), run(keep=True), n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=Path(__file__).resolve().parents[1] / "fixtures")
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--quote-one-orders", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    n, m = args.orders, min(args.orders, args.quote_one_orders)
    began = time.perf_counter()

    plan_text = (args.fixtures / "plan-10-rules.json").read_text()
    plan, pure = Plan.from_json(plan_text), PurePlan(json.loads(plan_text))
    fixture_context = json.loads((args.fixtures / "context.json").read_text())
    at = datetime.fromisoformat(fixture_context["at"].replace("Z", "+00:00"))
    fixture_context["at"] = at
    fixture_order = json.loads((args.fixtures / "order.json").read_text())
    expected = by_level(plan.quote(fixture_order, fixture_context))
    compare("fixtures/order.json", [pure.quote(fixture_order, fixture_context)], [expected])
    log(f"fixture quote: {expected}")

    start = time.perf_counter()
    orders = Orders(n, args.seed)
    log(f"generated {n} orders (seed {args.seed}) in {time.perf_counter() - start:.1f} s")

    # Batch workload.
    def batch_input(i: int) -> Tuple[Any, Any]:
        return orders.order(i, discount=False), {"affiliate": orders.affiliates[i % 1000], "at": at}

    pure_rate, pure_results = timed("python/pure_decimal", n, orders.chunks(n, batch_input), pure.quote, same)
    def amounts(order: Any, context: Any) -> Any:
        return plan.quote(order, context, explain=False)

    floor_ns = record_floor(amounts(*batch_input(0)))  # the first order of the workload below
    one_rate, one_results = timed("python/quote_one", m, orders.chunks(m, batch_input), amounts, by_level)
    compare("quote_one == pure (batch workload)", pure_results[:m], one_results)
    explained_rate, explained_results = timed(
        "python/quote_one_explained", m, orders.chunks(m, batch_input), plan.quote, by_level
    )
    compare("quote_one_explained == pure (batch workload)", pure_results[:m], explained_results)

    columns: Dict[str, Sequence[Any]] = {
        "order_id": [f"o{i}" for i in range(n) for _ in range(3)],
        "affiliate": [orders.affiliates[i % 1000] for i in range(n) for _ in range(3)],
        "product": orders.products,
        "category": orders.categories,
        "quantity": orders.quantities,
        "unit_price": orders.cents,  # int64 cents: totals come back in cents
    }
    # Best of 3 runs: the first one also pays for the memory the batch's orders take the first time.
    batch_seconds = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        batch = quote_many(plan, columns, at=at)
        batch_seconds = min(batch_seconds, time.perf_counter() - start)
    batch_rate = n / batch_seconds
    log(f"python/quote_many: {n} orders in {batch_seconds:.2f} s = {batch_rate:,.0f} orders/s")
    del columns
    pure_cents = [int(sum(r.values()) * 100) for r in pure_results]
    del pure_results
    if batch.order_id != [f"o{i}" for i in range(n)] or batch.total != pure_cents:
        bad = [i for i, (p, b) in enumerate(zip(pure_cents, batch.total)) if p != b]
        first = [(f"o{i}", pure_cents[i], batch.total[i]) for i in bad[:3]]
        fail(f"quote_many: {len(bad)} of {n} totals (cents) differ from pure; first (order, pure, batch): {first}")
    log(f"check quote_many == pure: {n} order totals agree")

    # Full workload: the fixture's context, order discounts, period volumes.
    def full_input(i: int) -> Tuple[Any, Any]:
        return orders.order(i, discount=True), {**fixture_context, "period_sales_count": orders.sales[i]}

    pure_full_rate, pure_full = timed("python/pure_decimal_full", m, orders.chunks(m, full_input), pure.quote, same)
    one_full_rate, one_full = timed("python/quote_one_full", m, orders.chunks(m, full_input), amounts, by_level)
    compare("quote_one == pure (full workload)", pure_full, one_full)
    winners = sorted({rule for rule, _ in WINNERS})
    tiers = sorted(w for w in WINNERS if w[1] is not None)
    log(f"rules that won: {winners}; tiers paid: {tiers}")
    missing = {"default", "p3", "p6", "p9", "c1", "c4", "c7", "g8", "levels[0]", "levels[1]"} - set(winners)
    if missing or len(tiers) < 6:
        fail(f"the orders do not exercise the plan: rules never won {sorted(missing)}, tiers {tiers}")

    track_us, track_kept_us, tracked = track_per_call(args.fixtures.parents[1] / "core" / "tests" / "fixtures" / "month-config.json", m)

    emit("python/pure_decimal", pure_rate, "orders/s", n)
    emit("python/quote_one", one_rate, "orders/s", m)
    emit("python/quote_many", batch_rate, "orders/s", n)
    emit("python/batch_vs_pure", batch_rate / pure_rate, "x", n)
    emit("python/one_vs_pure", one_rate / pure_rate, "x", m)
    emit("python/quote_one_floor", floor_ns, "ns/op", 1)
    emit("python/floor_vs_pure", 1e9 / floor_ns / pure_rate, "x", 1)
    emit("python/quote_one_explained", explained_rate, "orders/s", m)
    emit("python/explained_vs_pure", explained_rate / pure_rate, "x", m)
    emit("python/pure_decimal_full", pure_full_rate, "orders/s", m)
    emit("python/quote_one_full", one_full_rate, "orders/s", m)
    emit("python/one_vs_pure_full", one_full_rate / pure_full_rate, "x", m)
    emit("python/track_order", track_us * 1000, "ns/op", tracked)
    emit("python/track_order_kept", track_kept_us * 1000, "ns/op", tracked)
    log(f"all checks passed; run time {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
