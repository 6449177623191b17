"""What a Python shop would write instead of affiliate-kit: the benchmark plan quoted in pure Python
with ``decimal.Decimal``. It is the comparison of ``bench_quote.py`` and must compute the same amounts
as the core (the bench checks it, order by order).

It handles the constructs of ``benches/fixtures/plan-*-rules.json`` only, with the core's semantics
(``core/src/plan/``):

- targets ``program`` < ``group`` < ``category`` < ``product`` (``affiliate`` too): per order line the
  most specific matching target wins, then the higher ``priority``, then the earlier rule;
- commissions ``percentage``, ``flat_per_order`` and ``tiered`` on ``sales_count`` (the last tier whose
  threshold is at most the context's ``period_sales_count``; its rate applies to the whole base);
- each line's base is ``quantity x unit_price`` less its share of the order ``discount``, shared in
  proportion to the lines' amounts by largest remainder, in cents (ties: the earlier line);
- one commission per winning rule over the bases of the lines it won, computed exactly and rounded
  once, half-up, to cents; a base of zero or less earns zero;
- ``levels[k]`` pays ``parents[k]`` (level ``k + 2``) its rate of the sale base (the positive level-1
  bases), rounded the same way.

No caps, conditions, tax, shipping or line discounts: plans using them are refused.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Dict, List, Mapping, Optional, Tuple

__all__ = ["PurePlan"]

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
# Precedence of targets: a larger number wins.
KINDS = {"program": 0, "group": 1, "affiliate": 2, "category": 3, "product": 4}


class Rule:
    __slots__ = ("index", "id", "kind", "priority", "members", "name", "commission", "rate", "flat", "tiers")

    def __init__(self, index: int, spec: Mapping[str, Any]) -> None:
        unsupported = set(spec) - {"id", "target", "priority", "commission", "rate", "amount", "metric", "tiers"}
        if unsupported:
            raise NotImplementedError(f"rule {spec['id']}: {sorted(unsupported)}")
        target = spec["target"]
        self.index = index
        self.id: str = spec["id"]
        self.kind: int = KINDS[target["type"]]
        self.priority: int = spec.get("priority", 0)
        # What the target matches: a set of products or categories; a group or an affiliate.
        self.members = frozenset(target.get("products") or target.get("categories") or ())
        self.name: Optional[str] = target.get("group", target.get("affiliate"))
        self.commission: str = spec["commission"]
        self.rate: Optional[Decimal] = None
        self.flat: Optional[Decimal] = None
        self.tiers: List[Tuple[Decimal, Decimal]] = []
        if self.commission == "percentage":
            self.rate = Decimal(spec["rate"])
        elif self.commission == "flat_per_order":
            self.flat = Decimal(spec["amount"]["amount"])
        elif self.commission == "tiered" and spec["metric"] == "sales_count":
            self.tiers = sorted((Decimal(t["threshold"]), Decimal(t["rate"])) for t in spec["tiers"])
        else:
            raise NotImplementedError(f"rule {self.id}: {self.commission}")

    def matches(self, line: Mapping[str, Any], context: Mapping[str, Any]) -> bool:
        kind = self.kind
        if kind == 0:
            return True
        if kind == 4:
            return line["product"] in self.members
        if kind == 3:
            return line.get("category") in self.members
        if kind == 1:
            return bool(context.get("group") == self.name)
        return bool(context["affiliate"] == self.name)

    def amount(self, base: Decimal, context: Mapping[str, Any]) -> Decimal:
        """The exact commission on ``base`` (not rounded)."""
        if base <= ZERO:
            return ZERO
        if self.flat is not None:
            return self.flat
        rate = self.rate
        if rate is None:
            volume = context.get("period_sales_count", 0)
            for threshold, tier_rate in self.tiers:
                if threshold <= volume:
                    rate = tier_rate
            if rate is None:
                return ZERO  # below the first tier
        return base * rate / HUNDRED


class PurePlan:
    """A plan (the JSON as a dict) that quotes orders shaped like ``benches/fixtures/order.json``."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        unsupported = set(spec) - {"currency", "rules", "levels"}
        if unsupported:
            raise NotImplementedError(f"plan: {sorted(unsupported)}")
        self.currency: str = spec["currency"]
        self.rules = [Rule(i, r) for i, r in enumerate(spec["rules"])]
        self.levels: List[Decimal] = []
        for level in spec.get("levels", []):
            if level.get("of", "sale") != "sale":
                raise NotImplementedError("levels of the commission")
            self.levels.append(Decimal(level["rate"]))

    def winner(self, line: Mapping[str, Any], context: Mapping[str, Any]) -> Optional[Rule]:
        best: Optional[Rule] = None
        for rule in self.rules:
            if rule.matches(line, context) and (
                best is None or (rule.kind, rule.priority) > (best.kind, best.priority)
            ):
                best = rule  # on a tie the earlier rule stays
        return best

    def quote(self, order: Mapping[str, Any], context: Mapping[str, Any]) -> Dict[Tuple[str, int], Decimal]:
        """The commission of each (beneficiary, level) of ``order`` in ``context``, rounded to cents."""
        if order["currency"] != self.currency:
            raise ValueError(f"order in {order['currency']}, plan in {self.currency}")
        lines = order["lines"]
        nets = [line["quantity"] * Decimal(line["unit_price"]) for line in lines]
        bases = nets
        discount = Decimal(order.get("discount", 0))
        if discount:
            bases = [net - share for net, share in zip(nets, prorate(discount, nets))]

        # Per winning rule (in order of first win): the sum of the bases of the lines it won.
        won: Dict[int, Tuple[Rule, Decimal]] = {}
        for line, base in zip(lines, bases):
            rule = self.winner(line, context)
            if rule is not None:
                previous = won.get(rule.index)
                won[rule.index] = (rule, base if previous is None else previous[1] + base)

        result: Dict[Tuple[str, int], Decimal] = {}
        if not won:
            return result
        direct = ZERO
        sale_base = ZERO
        for rule, base in won.values():
            direct += rule.amount(base, context).quantize(CENT, rounding=ROUND_HALF_UP)
            if base > ZERO:
                sale_base += base
        result[(context["affiliate"], 1)] = direct
        for k, (rate, parent) in enumerate(zip(self.levels, context.get("parents", ()))):
            amount = sale_base * rate / HUNDRED if sale_base > ZERO else ZERO
            result[(parent, k + 2)] = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        return result


def prorate(amount: Decimal, weights: List[Decimal]) -> List[Decimal]:
    """``amount`` shared in proportion to ``weights`` by largest remainder, in cents."""
    cents = int(amount * 100)
    ints = [int(w * 100) for w in weights]
    total = sum(ints)
    if total == 0:  # every line free: equal shares
        ints = [1] * len(ints)
        total = len(ints)
    floors = [cents * w // total for w in ints]
    leftover = cents - sum(floors)
    by_remainder = sorted(range(len(ints)), key=lambda i: (-(cents * ints[i] % total), i))
    for i in by_remainder[:leftover]:
        floors[i] += 1
    return [Decimal(f) / 100 for f in floors]
