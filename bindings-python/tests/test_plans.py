"""Commission plans: loading and validation, JSON round trips, quotes and their explanations, tiers
and levels on the shared quickstart fixtures, order validation."""

from __future__ import annotations

import json
import pickle
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List

import pytest

from affiliate_kit import CurrencyMismatchError, InvalidOrderError, InvalidPlanError, Plan, order_totals
from affiliate_kit.types import Order, QuoteContext, TierChoice

from conftest import FIXTURES, T, line, order

#: The instant of the quickstart (inside the course-launch window of May 2026).
QUICKSTART_AT = T(14, 9, 30, month=5)


def alice() -> QuoteContext:
    """The quickstart's context: Alice, with Bob and Carol above her."""
    return {"affiliate": "aff_alice", "at": QUICKSTART_AT, "parents": ["aff_bob", "aff_carol"]}


def one_line(price: str, currency: str = "EUR") -> Order:
    return order("o1", line("l1", "p1", price), currency=currency)


# ---- loading -------------------------------------------------------------------------------------


def test_plan_json_round_trips(quickstart_plan: Plan) -> None:
    text = quickstart_plan.to_json()
    again = Plan.from_json(text)
    assert again == quickstart_plan
    assert again.to_json() == text
    assert hash(again) == hash(quickstart_plan)
    assert Plan.from_dict(quickstart_plan.to_dict()) == quickstart_plan
    # The fixture's content survives, rates as decimal strings.
    fixture = json.loads((FIXTURES / "quickstart-plan.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in quickstart_plan.to_dict()["rules"]] == [r["id"] for r in fixture["rules"]]
    assert quickstart_plan.to_dict()["levels"] == [{"rate": "2", "of": "sale"}, {"rate": "1", "of": "sale"}]


def test_plan_from_dict_fills_the_defaults(plan_dict: Dict[str, Any]) -> None:
    plan = Plan.from_dict(plan_dict)
    assert plan.currency == "EUR"
    assert plan.to_json() == (
        '{"currency":"EUR","base":{"include_tax":false,"include_shipping":false},"period":"month",'
        '"rules":[{"id":"default","target":{"type":"program"},"priority":0,"commission":"percentage","rate":"15"}]}'
    )
    # Rates may be Decimal or int in a dict.
    plan_dict["rules"][0]["rate"] = Decimal("15")
    assert Plan.from_dict(plan_dict) == plan
    plan_dict["rules"][0]["rate"] = 15
    assert Plan.from_dict(plan_dict) == plan


def test_pickling_a_plan(quickstart_plan: Plan, quickstart_orders: List[Order]) -> None:
    again = pickle.loads(pickle.dumps(quickstart_plan))
    assert isinstance(again, Plan)
    assert again == quickstart_plan
    assert again.quote(quickstart_orders[0], alice()) == quickstart_plan.quote(quickstart_orders[0], alice())


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        ({"rate": "-1"}, "rules[0].rate", "invalid plan at rules[0].rate: rate -1 is outside 0..=100"),
        ({"rate": "100.01"}, "rules[0].rate", "invalid plan at rules[0].rate: rate 100.01 is outside 0..=100"),
        ({"rate": "abc"}, "rules[0].rate", None),
    ],
)
def test_invalid_plan_names_the_path(
    plan_dict: Dict[str, Any], change: Dict[str, Any], path: str, message: Any
) -> None:
    plan_dict["rules"][0].update(change)
    with pytest.raises(InvalidPlanError) as error:
        Plan.from_dict(plan_dict)
    assert error.value.path == path
    assert error.value.code == "INVALID_PLAN"
    assert isinstance(error.value, ValueError)
    if message is not None:
        assert str(error.value) == message


def test_invalid_plan_paths_of_nested_fields() -> None:
    with pytest.raises(InvalidPlanError) as error:
        Plan.from_dict({"currency": "EUR", "rules": []})
    assert error.value.path == "rules"
    tiers = [{"threshold": "10", "rate": "5"}, {"threshold": "5", "rate": "6"}]
    with pytest.raises(InvalidPlanError) as error:
        Plan.from_dict({"currency": "EUR", "rules": [
            {"id": "t", "target": {"type": "program"}, "commission": "tiered", "metric": "revenue", "tiers": tiers}]})
    assert error.value.path == "rules[0].tiers[1].threshold"
    assert str(error.value) == "invalid plan at rules[0].tiers[1].threshold: thresholds must ascend: 5 is not above 10"


def test_float_in_a_plan_is_a_type_error(plan_dict: Dict[str, Any]) -> None:
    plan_dict["rules"][0]["rate"] = 15.0
    with pytest.raises(TypeError, match=r"^plan\.rules\[0\]\.rate: float is not accepted"):
        Plan.from_dict(plan_dict)


# ---- quotes --------------------------------------------------------------------------------------


def test_quote_explains_every_amount(small_plan: Plan) -> None:
    quote = small_plan.quote(one_line("199.99"), {"affiliate": "aff_1", "at": T(1)})
    assert quote.order_id == "o1" and quote.currency == "EUR"
    assert str(quote.total.amount) == "30.00"  # 15 % of 199.99 = 29.9985 -> 30.00 half up
    (only,) = quote.lines
    assert (only.beneficiary, only.level, only.rule_id, only.order_lines) == ("aff_1", 1, "default", ["l1"])
    assert str(only.base.amount) == "199.99"
    calc = only.explanation.calculation
    assert (calc.method, calc.rate, calc.rounding) == ("percentage", Decimal(15), "half_up")
    assert str(calc.exact) == "29.9985"
    assert only.explanation.summary == 'rule "default" (program, priority 0) applied: 15% of 199.99 EUR = 30.00 EUR'
    decision = only.explanation.decisions[0]
    assert (decision.line_id, decision.rule_id, decision.target, decision.beaten) == ("l1", "default", "program", [])
    assert quote.unmatched == []
    assert quote.to_dict()["total"] == {"amount": Decimal("30.00"), "currency": "EUR"}


def test_quote_rounding_and_yen() -> None:
    jpy = Plan.from_dict({"currency": "JPY", "rules": [
        {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]})
    context: QuoteContext = {"affiliate": "aff_1", "at": T(1)}
    # 10 % of 1005 = 100.5 -> 101 half up, 100 half even (JPY has no minor units).
    assert str(jpy.quote(one_line("1005", "JPY"), context).total.amount) == "101"
    assert str(jpy.quote(one_line("1005", "JPY"), {**context, "rounding": "half_even"}).total.amount) == "100"


def test_quickstart_order_with_levels(quickstart_plan: Plan, quickstart_orders: List[Order]) -> None:
    # As core/tests/plan_serde.rs (quickstart_order_end_to_end): bases after the 10.00 discount
    # (shares 6.96 / 2.78 / 0.26) are 193.03 / 77.02 / 7.24 = 277.29.
    # l1 course-launch 50 % of 193.03 = 96.515 -> 96.52; l2 books 20 % of 77.02 = 15.404 -> 15.40;
    # l3 default 10 % of 7.24 = 0.724 -> 0.72. Level 2 (bob): 2 % of 277.29 = 5.5458 -> 5.55;
    # level 3 (carol): 1 % of 277.29 = 2.7729 -> 2.77. Total 96.52 + 15.40 + 0.72 + 5.55 + 2.77 = 120.96.
    quote = quickstart_plan.quote(quickstart_orders[0], alice())
    got = [(q.beneficiary, q.level, q.rule_id, str(q.amount.amount)) for q in quote.lines]
    assert got == [
        ("aff_alice", 1, "course-launch", "96.52"),
        ("aff_alice", 1, "books", "15.40"),
        ("aff_alice", 1, "default", "0.72"),
        ("aff_bob", 2, "levels[0]", "5.55"),
        ("aff_carol", 3, "levels[1]", "2.77"),
    ]
    assert [str(q.base.amount) for q in quote.lines] == ["193.03", "77.02", "7.24", "277.29", "277.29"]
    assert quote.lines[3].explanation.calculation.method == "level_of_sale"
    assert str(quote.total.amount) == "120.96"
    assert quote.order_id == "order-1001"
    beaten = quote.lines[0].explanation.decisions[0].beaten
    assert [(b.rule_id, b.reason) for b in beaten] == [("default", "less_specific_target")]


def test_quickstart_mug_and_gold_tier(quickstart_plan: Plan, quickstart_orders: List[Order]) -> None:
    mug = quickstart_orders[1]
    # Alice: 10 % of 199.99 = 19.999 -> 20.00; 2 % = 3.9998 -> 4.00; 1 % = 1.9999 -> 2.00. Total 26.00.
    assert str(quickstart_plan.quote(mug, alice()).total.amount) == "26.00"
    # Dave, gold, 12 sales this month, half even, no parents: tier 1 (>= 10) at 15 % of 199.99
    # = 29.9985 -> 30.00.
    gold: QuoteContext = {
        "affiliate": "aff_dave", "at": QUICKSTART_AT, "group": "gold", "period_sales_count": 12, "rounding": "half_even"}
    quote = quickstart_plan.quote(mug, gold)
    (only,) = quote.lines
    assert only.rule_id == "gold-volume"
    assert only.explanation.calculation.tier == TierChoice(
        metric="sales_count", volume=Decimal(12), index=1, threshold=Decimal(10))
    assert str(quote.total.amount) == "30.00"
    # With 9 sales the first tier (12 %) applies: 12 % of 199.99 = 23.9988 -> 24.00.
    assert str(quickstart_plan.quote(mug, {**gold, "period_sales_count": 9}).total.amount) == "24.00"


def test_course_launch_window_is_half_open(quickstart_plan: Plan) -> None:
    course = order("o1", line("l1", "course-rust", "100.00", category="courses"))
    # In the window [05-01, 06-01): 50 % of 100.00; at 06-01 the default 10 % applies.
    inside = quickstart_plan.quote(course, {"affiliate": "a", "at": T(31, 23, 59, month=5)})
    after = quickstart_plan.quote(course, {"affiliate": "a", "at": T(1, month=6)})
    assert (str(inside.total.amount), str(after.total.amount)) == ("50.00", "10.00")
    assert after.lines[0].explanation.decisions[0].skipped[0].failed == "window"


# ---- orders --------------------------------------------------------------------------------------


def test_order_totals(quickstart_orders: List[Order]) -> None:
    # Lines 199.99 + 2 x 39.90 + 3 x 2.50 = 287.29; minus the 10.00 order discount = 277.29.
    assert order_totals(quickstart_orders[0]) == (Decimal("287.29"), Decimal("277.29"))
    assert order_totals(one_line("5")) == (Decimal(5), Decimal(5))


def test_invalid_order_names_the_path(small_plan: Plan) -> None:
    context: QuoteContext = {"affiliate": "aff_1", "at": T(1)}
    bad = order("o1", line("l1", "p", "1.00", quantity=0))
    with pytest.raises(InvalidOrderError) as error:
        small_plan.quote(bad, context)
    assert error.value.path == "lines[0].quantity"
    assert str(error.value) == "invalid order at lines[0].quantity: must be at least 1"
    assert isinstance(error.value, ValueError)
    with pytest.raises(InvalidOrderError) as error:
        order_totals(order("o1", line("l1", "p", "100.00"), discount="300"))
    assert error.value.path == "discount"
    with pytest.raises(InvalidOrderError) as error:
        small_plan.quote(one_line("1.00"), {"affiliate": "", "at": T(1)})
    assert error.value.path == "context.affiliate"
    with pytest.raises(CurrencyMismatchError):
        small_plan.quote(one_line("1.00", "USD"), context)


def test_quote_refuses_naive_datetimes_and_floats(small_plan: Plan) -> None:
    with pytest.raises(ValueError, match=r"^context\.at: naive datetime refused"):
        small_plan.quote(one_line("1.00"), {"affiliate": "aff_1", "at": datetime(2026, 3, 1)})
    bad: Any = one_line("1.00")
    bad["lines"][0]["unit_price"] = 1.0
    with pytest.raises(TypeError, match=r"^order\.lines\[0\]\.unit_price: float is not accepted"):
        small_plan.quote(bad, {"affiliate": "aff_1", "at": T(1)})


def test_a_quote_without_explanation_has_the_same_amounts_and_no_texts(
    quickstart_plan: Plan, quickstart_orders: List[Order]
) -> None:
    context: QuoteContext = {"affiliate": "aff_alice", "at": T(14, 9, 30, month=5), "parents": ["aff_bob", "aff_carol"]}
    first = quickstart_plan.quote(quickstart_orders[0], context)
    amounts = quickstart_plan.quote(quickstart_orders[0], context, explain=False)
    # 96.52 + 15.40 + 0.72 + 5.55 + 2.77 = 120.96 EUR, as explained (see test_shapes.py).
    assert amounts.total.amount == first.total.amount == Decimal("120.96")
    assert [(q.beneficiary, q.level, q.rule_id, q.amount) for q in amounts.lines] == [
        (q.beneficiary, q.level, q.rule_id, q.amount) for q in first.lines
    ]
    assert [q.explanation.calculation for q in amounts.lines] == [q.explanation.calculation for q in first.lines]
    # What the explanation alone holds is left out: the sentences, and the rules each winner beat.
    assert all(q.explanation.summary for q in first.lines)
    assert [q.explanation.summary for q in amounts.lines] == [""] * 5
    assert any(d.beaten for q in first.lines for d in q.explanation.decisions)
    assert [(d.line_id, d.amount, d.beaten, d.skipped) for q in amounts.lines for d in q.explanation.decisions] == [
        (d.line_id, d.amount, [], []) for q in first.lines for d in q.explanation.decisions
    ]
