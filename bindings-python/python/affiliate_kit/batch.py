"""``quote_many``: a million orders quoted in one call, as columns, never one Python object at a time.

Rows are order lines; consecutive rows with the same ``order_id`` form one order. Prices are decimal
strings, or integer minor units (cents) as a list of ints or any int64 buffer (``array.array("q")``,
a numpy ``int64`` array); totals come back in the same form. Every order is quoted on its own (the
core's ``host`` module, as in JavaScript and Kotlin): by default the first order's error (in row order)
is raised; with ``errors="collect"`` each order's error is answered in its row and the others are quoted.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from typing import Any, List, Literal, Mapping, Optional, Sequence, Union, overload

from . import _native
from ._args import text, timestamp
from ._codec import Record
from .errors import AffiliateKitError
from .plans import Plan
from .types import RoundingMode

__all__ = ["QuoteColumns", "CollectedQuoteColumns", "quote_many"]

# Native-order int64 formats (the native side reads the buffer in the machine's byte order).
_INT64_FORMATS = {"q", "l", "=q", "@q", "=l", "@l"} | ({"<q", "<l"} if sys.byteorder == "little" else {">q", ">l"})


@dataclass(frozen=True)
class QuoteColumns(Record):
    """One row per order: its id, its affiliate and its commission total (level 1 and parents)."""

    order_id: List[str]
    affiliate: List[str]
    total: Union[List[str], List[int]]
    """Decimal strings when the prices were strings; integer minor units when they were integers."""


@dataclass(frozen=True)
class CollectedQuoteColumns(Record):
    """``quote_many(..., errors="collect")``: one row per order, its total or its error."""

    order_id: List[str]
    affiliate: List[str]
    total: Union[List[Optional[str]], List[Optional[int]]]
    """As :attr:`QuoteColumns.total`; ``None`` where the order has an error."""
    error: List[Optional[AffiliateKitError]]
    """The order's error (a quantity out of range, a second affiliate, a total beyond int64 minor
    units, ...), or ``None``."""


def _strings(column: Any, name: str) -> List[str]:
    values = column if isinstance(column, list) else list(column)
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise TypeError(f"orders[{name!r}][{i}]: expected str, got {type(v).__name__}")
    return values


def _optional_strings(column: Any, name: str) -> List[Optional[str]]:
    values = column if isinstance(column, list) else list(column)
    for i, v in enumerate(values):
        if v is not None and not isinstance(v, str):
            raise TypeError(f"orders[{name!r}][{i}]: expected str or None, got {type(v).__name__}")
    return values


def _numbers(column: Any, name: str) -> Any:
    """A list as it is; a buffer of int64 as its bytes; anything else is a TypeError naming the column."""
    if isinstance(column, (list, tuple)):
        return list(column)
    try:
        view = memoryview(column)
    except TypeError:
        return list(column)
    if view.format not in _INT64_FORMATS or view.itemsize != 8:
        raise TypeError(
            f"orders[{name!r}]: a buffer of format {view.format!r} is refused; pass int64 integers "
            "(minor units for prices) or decimal strings (floats lose cents)"
        )
    return view.tobytes()


@overload
def quote_many(
    plan: Plan,
    orders: Mapping[str, Sequence[Any]],
    *,
    at: datetime,
    rounding: RoundingMode = ...,
    errors: Literal["raise"] = ...,
) -> QuoteColumns: ...


@overload
def quote_many(
    plan: Plan,
    orders: Mapping[str, Sequence[Any]],
    *,
    at: datetime,
    rounding: RoundingMode = ...,
    errors: Literal["collect"],
) -> CollectedQuoteColumns: ...


def quote_many(
    plan: Plan,
    orders: Mapping[str, Sequence[Any]],
    *,
    at: datetime,
    rounding: RoundingMode = "half_up",
    errors: Literal["raise", "collect"] = "raise",
) -> Union[QuoteColumns, CollectedQuoteColumns]:
    """Quotes every order of ``orders`` (columns ``order_id``, ``affiliate``, ``product``, ``quantity``,
    ``unit_price`` and optionally ``category``) under ``plan`` at ``at``. An order's error is raised
    (``errors="raise"``, the first in row order) or answered in its row (``errors="collect"``)."""
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors: expected 'raise' or 'collect', got {errors!r}")
    for required in ("order_id", "affiliate", "product", "quantity", "unit_price"):
        if required not in orders:
            raise KeyError(f"orders: missing column {required!r}")
    category = orders.get("category")
    # Checked before the call, so that their own TypeErrors (which name the column) are not re-worded.
    columns = (
        _strings(orders["order_id"], "order_id"),
        _strings(orders["affiliate"], "affiliate"),
        _strings(orders["product"], "product"),
        _numbers(orders["quantity"], "quantity"),
        _numbers(orders["unit_price"], "unit_price"),
    )
    at_text = timestamp(at, "at")
    categories = None if category is None else _optional_strings(category, "category")
    rounding_text = text(rounding, "rounding")
    try:
        ids, affiliates, totals, failures = _native.quote_many(
            plan._native, *columns, at_text, categories, rounding_text, errors == "collect"
        )
    except TypeError as error:
        raise TypeError(
            "orders: 'quantity' must be integers and 'unit_price' decimal strings or integer minor units "
            f"(floats are refused: they lose cents) ({error})"
        ) from None
    if errors == "collect":
        collected = [e if e is None or isinstance(e, AffiliateKitError) else _reraise(e) for e in failures]
        return CollectedQuoteColumns(order_id=ids, affiliate=affiliates, total=totals, error=collected)
    return QuoteColumns(order_id=ids, affiliate=affiliates, total=totals)  # type: ignore[arg-type]


def _reraise(error: BaseException) -> AffiliateKitError:
    """An error that is not the core's (cannot happen) is raised, not answered."""
    raise error
