"""Arguments read by the native module from Python values (``execute_values_into``,
``quote_values_into``) give exactly what the JSON path gives; a value that path converts in Python
(or that the core refuses) is not read natively, and the JSON path then answers as it always did."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Dict, List

import pytest

from affiliate_kit import InvalidOrderError, Plan, Program
from affiliate_kit._args import dumps, shape
from affiliate_kit.types import Quote, TrackOutcome

from conftest import T, line, order

PARIS_SUMMER = timezone(timedelta(hours=2))


def registered(config_dict: Dict[str, Any]) -> Program:
    program = Program(config_dict)
    program.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE10"}, at=T(1))
    return program


def test_a_command_of_python_values_is_read_natively_and_answers_as_its_json(config_dict: Dict[str, Any]) -> None:
    # Decimal and int prices, a tuple of lines, an instant two hours ahead of UTC (12:00 UTC).
    lines = (
        {"id": "l1", "product": "p", "quantity": 2, "unit_price": Decimal("49.95")},
        {"id": "l2", "product": "rust-book", "category": "books", "quantity": 1, "unit_price": 30},
    )
    values = {"id": "o1", "currency": "EUR", "code": "ALICE10", "lines": lines, "discount": Decimal("9.90")}
    at = datetime(2026, 3, 2, 14, 0, tzinfo=PARIS_SUMMER)
    native, by_json = registered(config_dict), registered(config_dict)
    command = {"verb": "track_order", "order": values, "at": at}
    read = native._native.execute_values_into(command, shape(TrackOutcome))
    assert read is not NotImplemented
    answered = by_json._native.execute_into(by_json._command("track_order", {"order": values, "at": at}), shape(TrackOutcome))
    assert read == answered
    # 99.90 + 30.00 = 129.90, less 9.90 shared by amount: 92.29 at 10 % and 27.71 at 20 % (books).
    assert [(c.rule_id, c.amount.amount) for c in read.commissions] == [("default", Decimal("9.23")), ("books", Decimal("5.54"))]
    assert read.commissions[0].created_at == datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "price",
    [0.5, Decimal("NaN")],
    ids=["a float (the encoder refuses it)", "a decimal that is not a number (the core refuses it)"],
)
def test_values_not_read_natively_take_the_json_path(config_dict: Dict[str, Any], price: Any) -> None:
    program = registered(config_dict)
    values = {"id": "o1", "currency": "EUR", "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": price}]}
    command = {"verb": "track_order", "order": values, "at": T(2)}
    assert program._native.execute_values_into(command, shape(TrackOutcome)) is NotImplemented
    with pytest.raises((TypeError, InvalidOrderError)) as raised:
        program.track_order(values, at=T(2))  # type: ignore[arg-type]
    with pytest.raises(type(raised.value)) as again:
        program._native.execute_into(program._command("track_order", {"order": values, "at": T(2)}), shape(TrackOutcome))
    assert str(again.value) == str(raised.value)


def test_instants_the_core_cannot_read_as_given_take_the_json_path(config_dict: Dict[str, Any]) -> None:
    program = registered(config_dict)
    sale = order("o1", line("l1", "p", "100.00"), code="ALICE10")
    # An offset with seconds: not RFC 3339 as isoformat writes it, so converted to UTC in Python.
    odd = datetime(2026, 3, 2, 12, 0, 30, tzinfo=timezone(timedelta(seconds=30)))
    assert program._native.execute_values_into({"verb": "track_order", "order": sale, "at": odd}, shape(TrackOutcome)) is NotImplemented
    outcome = program.track_order(sale, at=odd)
    assert outcome.commissions[0].created_at == datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)
    # A naive datetime is refused as before, naming the argument.
    with pytest.raises(ValueError, match="track_order.at: naive datetime refused"):
        program.track_order(order("o2", line("l1", "p", "1.00")), at=datetime(2026, 3, 2))


def test_a_quote_of_python_values_is_read_natively_and_answers_as_its_json(
    quickstart_plan: Plan, quickstart_orders: List[Dict[str, Any]]
) -> None:
    context = {"affiliate": "aff_alice", "at": T(14, 9, 30, month=5), "parents": ["aff_bob", "aff_carol"]}
    for one in quickstart_orders:
        read = quickstart_plan._native.quote_values_into(one, context, shape(Quote))
        assert read is not NotImplemented
        assert read == quickstart_plan._native.quote_into(dumps(one, "order"), dumps(context, "context"), shape(Quote))
    # A float in the context is not read natively; the public call raises the encoder's TypeError.
    floating = {**context, "period_revenue": 1.5}
    assert quickstart_plan._native.quote_values_into(quickstart_orders[0], floating, shape(Quote)) is NotImplemented
    with pytest.raises(TypeError, match="context.period_revenue: float is not accepted"):
        quickstart_plan.quote(quickstart_orders[0], floating)  # type: ignore[arg-type]
    # An order the core refuses after reading it (a discount above the lines) raises the same error.
    bad = {**quickstart_orders[0], "discount": "100000.00"}
    with pytest.raises(InvalidOrderError) as raised:
        quickstart_plan.quote(bad, context)  # type: ignore[arg-type]
    assert raised.value.path == "discount"
