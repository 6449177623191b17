"""Commission plans (from JSON or dicts, validated on load) and quotes that explain every amount."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Dict, Mapping, Tuple

from . import _native
from ._args import dumps, shape, text
from .types import Order, Quote, QuoteContext

__all__ = ["Plan", "order_totals"]


class Plan:
    """A validated commission plan. Build one with :meth:`from_json` or :meth:`from_dict`."""

    __slots__ = ("_native",)

    def __init__(self, native: _native.Plan) -> None:
        self._native = native

    @staticmethod
    def from_json(json_text: str) -> "Plan":
        """Parses and validates a plan; errors are InvalidPlanError with the ``path`` of the bad field."""
        return Plan(_native.Plan.from_json(text(json_text, "json")))

    @staticmethod
    def from_dict(spec: Mapping[str, Any]) -> "Plan":
        """A plan from a dict shaped like the JSON (rates and amounts as Decimal, int or str)."""
        return Plan(_native.Plan.from_json(dumps(spec, "plan")))

    def to_json(self) -> str:
        """The plan as JSON (the shape :meth:`from_json` reads)."""
        return self._native.to_json()

    def to_dict(self) -> Dict[str, Any]:
        """The plan as a dict (amounts and rates as the core's decimal strings)."""
        result: Dict[str, Any] = json.loads(self._native.to_json())
        return result

    @property
    def currency(self) -> str:
        """The plan's currency code."""
        return self._native.currency()

    def quote(self, order: Order, context: QuoteContext, *, explain: bool = True) -> Quote:
        """The commissions of ``order`` in ``context``, each with its explanation. With
        ``explain=False`` the same quote of amounts, faster: every line, base, amount, calculation, cap
        and per-line share, but each ``summary`` is empty and the rules a winner beat or skipped are
        left out (the core's ``Plan::quote_amounts``)."""
        # Read by the native module as Python values; as JSON when it cannot read them (the same
        # answer, errors included).
        quote: Quote = self._native.quote_values_into(order, context, shape(Quote), explain)
        if quote is NotImplemented:
            quote = self._native.quote_into(dumps(order, "order"), dumps(context, "context"), shape(Quote), explain)
        return quote

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plan) and self.to_json() == other.to_json()

    def __hash__(self) -> int:
        return hash(self.to_json())

    def __repr__(self) -> str:
        return f"Plan({self.to_json()})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Plan.from_json, (self.to_json(),))


def order_totals(order: Order) -> Tuple[Decimal, Decimal]:
    """Validates an order and returns (sum of line amounts, subtotal after the order discount)."""
    _, lines_net, subtotal = _native.order_totals(dumps(order, "order"))
    return Decimal(lines_net), Decimal(subtotal)
