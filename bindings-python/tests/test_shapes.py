"""Results built by the native module from a compiled shape (``_args.shape``) are exactly what the
JSON decoder makes of the same result: the same records, field for field, defaults included."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Dict, List, Optional

import pytest

from affiliate_kit import Plan, Program
from affiliate_kit._args import dumps, load, shape
from affiliate_kit._codec import Record, describe
from affiliate_kit.types import Quote, TrackOutcome

from conftest import T, line, order


def test_a_quote_built_from_its_shape_is_the_decoded_quote(
    quickstart_plan: Plan, quickstart_orders: List[Dict[str, Any]]
) -> None:
    context = {"affiliate": "aff_alice", "at": T(14, 9, 30, month=5), "parents": ["aff_bob", "aff_carol"]}
    for one in quickstart_orders:
        order_json, context_json = dumps(one, "order"), dumps(context, "context")
        built = quickstart_plan._native.quote_into(order_json, context_json, shape(Quote))
        decoded = load(Quote, quickstart_plan._native.quote(order_json, context_json))
        assert type(built) is Quote
        assert built == decoded
    # The first order: 96.52 + 15.40 + 0.72 + 5.55 + 2.77 = 120.96 EUR (see test_plans.py).
    first = quickstart_plan.quote(quickstart_orders[0], context)  # type: ignore[arg-type]
    assert first.total.amount == Decimal("120.96")
    assert [q.amount.amount for q in first.lines] == [Decimal(a) for a in ["96.52", "15.40", "0.72", "5.55", "2.77"]]
    # Fields the core leaves out take the dataclass defaults: no line is unmatched.
    assert first.unmatched == []


def test_a_command_answer_built_from_its_shape_is_the_decoded_answer(program: Program) -> None:
    at = T(2, 10)
    program.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE10"}, at=at)
    command = program._command("track_order", {"order": order("o1", line("l1", "p1", "80.00"), code="ALICE10"), "at": at})
    built = program._native.execute_into(command, shape(TrackOutcome))
    # Tracking the same order again answers the same outcome (idempotent), here as JSON decoded.
    decoded = load(TrackOutcome, program._native.execute(command))
    assert type(built) is TrackOutcome
    assert built == decoded
    assert (built.affiliate_id, built.credited, built.total.amount) == ("aff_1", True, Decimal("8.00"))  # 10 % of 80.00


@dataclass(frozen=True)
class _Node(Record):
    name: str
    children: List["_Node"] = field(default_factory=list)


@dataclass(frozen=True)
class _Measured(Record):
    weight: float
    note: Optional[str] = None


def test_types_without_a_shape_are_refused() -> None:
    with pytest.raises(TypeError, match="recursive type _Node"):
        describe(_Node)
    with pytest.raises(TypeError, match="no shape for <class 'float'>"):
        describe(_Measured)
