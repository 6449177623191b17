"""``quote_many``: many orders quoted from columns, compared with one-by-one quotes."""

from __future__ import annotations

import array
import random
from decimal import Decimal
from typing import Any, Dict, List, Optional

import pytest

from affiliate_kit import (
    CollectedQuoteColumns,
    InvalidAmountError,
    InvalidInputError,
    InvalidOrderError,
    Plan,
    QuoteColumns,
    quote_many,
)
from affiliate_kit.types import Order, OrderLine

from conftest import T

#: In the course-launch window of the quickstart plan.
AT = T(14, 9, 30, month=5)


def columns() -> Dict[str, Any]:
    """Two orders: ``a`` (two lines, affiliate x) and ``b`` (one line, affiliate y)."""
    return {
        "order_id": ["a", "a", "b"],
        "affiliate": ["x", "x", "y"],
        "product": ["course-rust", "mug", "mug"],
        "quantity": [1, 2, 1],
        "unit_price": ["199.99", "10.00", "5.55"],
    }


# a: course-rust 50 % (launch window) of 199.99 = 99.995 and mug 10 % of 2 x 10.00 = 2.00 are two
# commissions, each rounded once: 100.00 + 2.00 = 102.00. b: 10 % of 5.55 = 0.555 -> 0.56 half up.


def test_string_prices_give_string_totals(quickstart_plan: Plan) -> None:
    result = quote_many(quickstart_plan, columns(), at=AT)
    assert result == QuoteColumns(order_id=["a", "b"], affiliate=["x", "y"], total=["102.00", "0.56"])


def test_int_minor_units_give_int_totals(quickstart_plan: Plan) -> None:
    cols = dict(columns(), unit_price=[19999, 1000, 555])
    assert quote_many(quickstart_plan, cols, at=AT).total == [10200, 56]


def test_int64_buffers(quickstart_plan: Plan) -> None:
    cols = dict(columns(), quantity=array.array("q", [1, 2, 1]), unit_price=array.array("q", [19999, 1000, 555]))
    result = quote_many(quickstart_plan, cols, at=AT)
    assert result.total == [10200, 56]
    assert result.order_id == ["a", "b"]


def test_categories_and_rounding(quickstart_plan: Plan) -> None:
    # The mug of a as a book: 20 % of 20.00 = 4.00, so a = 100.00 + 4.00 = 104.00.
    cols = dict(columns(), category=[None, "books", None])
    assert quote_many(quickstart_plan, cols, at=AT).total == ["104.00", "0.56"]
    # Half even: 99.995 -> 100.00 (the 0 is even), 0.555 -> 0.56 (6 is even).
    assert quote_many(quickstart_plan, columns(), at=AT, rounding="half_even").total == ["102.00", "0.56"]
    # Toward zero: 99.99 + 2.00 = 101.99 and 0.55.
    assert quote_many(quickstart_plan, columns(), at=AT, rounding="toward_zero").total == ["101.99", "0.55"]


def test_empty_batch(quickstart_plan: Plan) -> None:
    empty: Dict[str, List[Any]] = {"order_id": [], "affiliate": [], "product": [], "quantity": [], "unit_price": []}
    result = quote_many(quickstart_plan, empty, at=AT)
    assert (result.order_id, result.affiliate, result.total) == ([], [], [])


def test_matches_one_by_one_quotes(quickstart_plan: Plan) -> None:
    rng = random.Random(2026)
    products = [("course-rust", "courses"), ("rust-book", "books"), ("mug", None), ("stickers", None)]
    cols: Dict[str, List[Any]] = {k: [] for k in ("order_id", "affiliate", "product", "quantity", "unit_price")}
    cols["category"] = []
    cents: List[int] = []
    orders: List[Order] = []
    for n in range(50):
        lines: List[OrderLine] = []
        for i in range(rng.randint(1, 4)):
            product, category = rng.choice(products)
            quantity, price = rng.randint(1, 5), rng.randint(1, 50_000)
            text = str(Decimal(price) / 100)  # cents as a decimal string: 1234 -> "12.34"
            cols["order_id"].append(f"o{n}")
            cols["affiliate"].append(f"aff_{n % 7}")
            cols["product"].append(product)
            cols["category"].append(category)
            cols["quantity"].append(quantity)
            cols["unit_price"].append(text)
            cents.append(price)
            lines.append({"id": str(i + 1), "product": product, "category": category, "quantity": quantity,
                          "unit_price": text})
        orders.append({"id": f"o{n}", "currency": "EUR", "lines": lines})
    expected: List[Decimal] = [
        quickstart_plan.quote(o, {"affiliate": f"aff_{n % 7}", "at": AT}).total.amount for n, o in enumerate(orders)]
    as_text = quote_many(quickstart_plan, cols, at=AT)
    assert as_text.order_id == [o["id"] for o in orders]
    assert [Decimal(t) for t in as_text.total] == expected
    as_cents = quote_many(quickstart_plan, dict(cols, unit_price=array.array("q", cents)), at=AT)
    assert as_cents.total == [int(e * 100) for e in expected]
    assert sum(expected) > 0


@pytest.mark.parametrize(
    "prices",
    [[19.99, 10.0, 5.55], array.array("d", [19.99, 10.0, 5.55]), [Decimal("19.99"), Decimal("10"), Decimal("5.55")]],
    ids=["float list", "float buffer", "Decimal list"],
)
def test_non_integer_non_string_prices_are_refused(quickstart_plan: Plan, prices: Any) -> None:
    with pytest.raises(TypeError, match="unit_price"):
        quote_many(quickstart_plan, dict(columns(), unit_price=prices), at=AT)


def test_float_buffer_error_names_the_format(quickstart_plan: Plan) -> None:
    with pytest.raises(TypeError, match=r"orders\['unit_price'\]: a buffer of format 'd' is refused"):
        quote_many(quickstart_plan, dict(columns(), unit_price=array.array("d", [1.0, 2.0, 3.0])), at=AT)
    with pytest.raises(TypeError, match=r"^orders\['quantity'\]: a buffer of format 'i' is refused"):
        quote_many(quickstart_plan, dict(columns(), quantity=array.array("i", [1, 2, 1])), at=AT)


def test_wrong_column_contents(quickstart_plan: Plan) -> None:
    with pytest.raises(TypeError, match=r"^orders\['order_id'\]\[1\]: expected str, got int$"):
        quote_many(quickstart_plan, dict(columns(), order_id=["a", 1, "b"]), at=AT)
    with pytest.raises(TypeError, match=r"^at: expected a timezone-aware datetime, got str$"):
        quote_many(quickstart_plan, columns(), at="2026-05-14T09:30:00Z")  # type: ignore[call-overload]
    with pytest.raises(InvalidAmountError):
        quote_many(quickstart_plan, dict(columns(), unit_price=["1e3", "1", "1"]), at=AT)
    with pytest.raises(InvalidOrderError) as error:
        quote_many(quickstart_plan, dict(columns(), quantity=[1, -1, 1]), at=AT)
    assert error.value.path == "rows[1].quantity"


def test_length_mismatch_is_invalid_input(quickstart_plan: Plan) -> None:
    with pytest.raises(InvalidInputError) as error:
        quote_many(quickstart_plan, dict(columns(), affiliate=["x"]), at=AT)
    assert error.value.path == "affiliates"
    assert str(error.value) == "invalid input at affiliates: 1 values for 3 rows"


def test_an_order_with_rows_for_two_affiliates_is_invalid_input(quickstart_plan: Plan) -> None:
    with pytest.raises(InvalidInputError) as error:
        quote_many(quickstart_plan, dict(columns(), affiliate=["x", "z", "y"]), at=AT)
    assert error.value.path == "affiliates[1]"
    assert str(error.value) == 'invalid input at affiliates[1]: order "a" has rows for two affiliates ("x" first)'


@pytest.mark.parametrize("missing", ["order_id", "affiliate", "product", "quantity", "unit_price"])
def test_missing_column_is_a_key_error(quickstart_plan: Plan, missing: str) -> None:
    cols: Dict[str, Optional[Any]] = {k: v for k, v in columns().items() if k != missing}
    with pytest.raises(KeyError, match=f"missing column '{missing}'"):
        quote_many(quickstart_plan, cols, at=AT)  # type: ignore[arg-type]


def test_collected_errors_stay_in_their_rows(quickstart_plan: Plan) -> None:
    # Order a has a second affiliate on its second row, c a quantity of -1; b and d are quoted:
    # b 10 % of 5.55 = 0.56 (half up), d 10 % of 2 x 10.00 = 2.00.
    cols: Dict[str, Any] = {
        "order_id": ["a", "a", "b", "c", "d"],
        "affiliate": ["x", "z", "y", "y", "x"],
        "product": ["course-rust", "mug", "mug", "mug", "mug"],
        "quantity": [1, 2, 1, -1, 2],
        "unit_price": ["199.99", "10.00", "5.55", "1.00", "10.00"],
    }
    result = quote_many(quickstart_plan, cols, at=AT, errors="collect")
    assert isinstance(result, CollectedQuoteColumns)
    assert (result.order_id, result.affiliate, result.total) == (
        ["a", "b", "c", "d"], ["x", "y", "y", "x"], [None, "0.56", None, "2.00"])
    a, b, c, d = result.error
    assert isinstance(a, InvalidInputError) and a.path == "affiliates[1]"
    assert isinstance(c, InvalidOrderError) and str(c) == "invalid order at rows[3].quantity: -1 is not a quantity"
    assert (b, d) == (None, None)
    # Raised instead, it is the first error in row order.
    with pytest.raises(InvalidInputError):
        quote_many(quickstart_plan, cols, at=AT)


def test_errors_must_be_raise_or_collect(quickstart_plan: Plan) -> None:
    with pytest.raises(ValueError, match="errors: expected 'raise' or 'collect', got 'ignore'"):
        quote_many(quickstart_plan, columns(), at=AT, errors="ignore")  # type: ignore[call-overload]
