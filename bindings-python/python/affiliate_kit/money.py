"""Decimal money: currencies, strict parsing, the one rounding policy, largest-remainder allocation.

Amounts are ``decimal.Decimal`` on the way out; on the way in a Decimal, an int or a decimal string
(``"30.00"``). Floats are refused with a TypeError: they cannot hold cents exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import List, Sequence, Tuple

from . import _native
from ._args import Amount, amount, text
from ._codec import Record
from .types import Money, RoundingMode

__all__ = [
    "Currency",
    "Money",
    "RoundingMode",
    "allocate",
    "parse_decimal",
    "parse_non_negative",
    "round_to_minor_units",
]


def _money(pair: Tuple[str, str]) -> Money:
    return Money(amount=Decimal(pair[0]), currency=pair[1])


def _parts(value: Money, name: str) -> Tuple[str, str]:
    """A Money argument as (amount text, currency); anything else is a TypeError naming ``name``."""
    if not isinstance(value, Money):
        raise TypeError(f"{name}: expected Money, got {type(value).__name__}")
    # Not str(): str(Decimal("1E+2")) is exponent notation, which the strict parser refuses.
    return amount(value.amount, name), value.currency


def parse_decimal(value: str) -> Decimal:
    """Parses a decimal strictly (no exponent, no separators, at most 28 significant digits)."""
    return Decimal(_native.parse_decimal(text(value, "value")))


def parse_non_negative(value: str) -> Decimal:
    """Parses a decimal strictly and refuses negatives."""
    return Decimal(_native.parse_non_negative(text(value, "value")))


@dataclass(frozen=True)
class Currency(Record):
    """An ISO 4217 currency: its code, number of minor units and name."""

    code: str
    minor_units: int
    name: str

    @staticmethod
    def from_code(code: str) -> "Currency":
        """The currency of an upper-case ISO 4217 code (``"EUR"``); else InvalidCurrencyError."""
        found, minor, name = _native.currency(text(code, "code"))
        return Currency(code=found, minor_units=minor, name=name)


def money(value: Amount, currency: str) -> Money:
    """``Money.parse``: an amount in a currency, parsed strictly."""
    return _money(_native.money_parse(amount(value, "value"), text(currency, "currency")))


def add(a: Money, b: Money) -> Money:
    """``Money::checked_add``; different currencies are a CurrencyMismatchError."""
    return _money(_native.money_add(*_parts(a, "a"), *_parts(b, "b")))


def sub(a: Money, b: Money) -> Money:
    """``Money::checked_sub``."""
    return _money(_native.money_sub(*_parts(a, "a"), *_parts(b, "b")))


def mul(a: Money, factor: Amount) -> Money:
    """``Money::checked_mul``: exact, not rounded."""
    return _money(_native.money_mul(*_parts(a, "a"), amount(factor, "factor")))


def percent(a: Money, rate: Amount) -> Money:
    """``Money::percent``: ``rate`` percent of the amount, exact, not rounded."""
    return _money(_native.money_percent(*_parts(a, "a"), amount(rate, "rate")))


def round_money(a: Money, mode: RoundingMode = "half_up") -> Money:
    """``Money::round``: to the currency's minor units with ``mode``."""
    return _money(_native.money_round(*_parts(a, "a"), text(mode, "mode")))


def negated(a: Money) -> Money:
    """``Money::negated``."""
    return _money(_native.money_negated(*_parts(a, "a")))


def compare(a: Money, b: Money) -> int:
    """``Money::checked_cmp``: -1, 0 or 1; different currencies are a CurrencyMismatchError."""
    return _native.money_cmp(*_parts(a, "a"), *_parts(b, "b"))


def round_to_minor_units(value: Amount, currency: str, mode: RoundingMode = "half_up") -> Decimal:
    """The one rounding point of the core: ``value`` to ``currency``'s minor units with ``mode``."""
    return Decimal(_native.round_to_minor_units(amount(value, "value"), text(currency, "currency"), text(mode, "mode")))


def allocate(total: Money, weights: Sequence[Amount]) -> List[Money]:
    """Splits ``total`` by ``weights`` (largest remainder): the parts always sum to the total."""
    parts = _native.allocate(
        *_parts(total, "total"), [amount(w, f"weights[{i}]") for i, w in enumerate(weights)]
    )
    return [Money(amount=Decimal(p), currency=total.currency) for p in parts]
