"""Money as the core serializes it (``core/src/money/``), with the core's arithmetic as methods:
``a + b``, ``a - b``, ``-a``, ``a * factor`` and comparisons are exact and checked (different
currencies raise CurrencyMismatchError); rounding happens only through :meth:`Money.round`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, Union

from .._codec import Record

__all__ = ["Money", "RoundingMode"]

#: How a value between two minor units is rounded (``RoundingMode``).
RoundingMode = Literal["half_up", "half_even", "toward_zero", "away_from_zero"]

_Amount = Union[Decimal, int, str]


@dataclass(frozen=True)
class Money(Record):
    """A decimal amount in a currency, with the core's exact, checked arithmetic (``+ - * <``)."""

    amount: Decimal
    currency: str

    @staticmethod
    def parse(amount: _Amount, currency: str) -> "Money":
        """An amount in a currency, parsed strictly (floats refused)."""
        from .. import money

        return money.money(amount, currency)

    @staticmethod
    def zero(currency: str) -> "Money":
        """Zero in ``currency``."""
        from .. import money

        return money.money(0, currency)

    def is_zero(self) -> bool:
        """Whether the amount is zero."""
        return self.amount.is_zero()

    def is_negative(self) -> bool:
        """Whether the amount is below zero."""
        return self.amount < 0

    def checked_add(self, other: "Money") -> "Money":
        """The sum; different currencies raise CurrencyMismatchError."""
        from .. import money

        return money.add(self, other)

    def checked_sub(self, other: "Money") -> "Money":
        """The difference; different currencies raise CurrencyMismatchError."""
        from .. import money

        return money.sub(self, other)

    def checked_mul(self, factor: _Amount) -> "Money":
        """The amount times ``factor``, exact (not rounded)."""
        from .. import money

        return money.mul(self, factor)

    def percent(self, rate: _Amount) -> "Money":
        """``rate`` percent of the amount, exact (not rounded)."""
        from .. import money

        return money.percent(self, rate)

    def round(self, mode: RoundingMode = "half_up") -> "Money":
        """Rounded to the currency's minor units: the core's one rounding point."""
        from .. import money

        return money.round_money(self, mode)

    def negated(self) -> "Money":
        """The opposite amount."""
        from .. import money

        return money.negated(self)

    def checked_cmp(self, other: "Money") -> int:
        """-1, 0 or 1; different currencies raise CurrencyMismatchError."""
        from .. import money

        return money.compare(self, other)

    def checked_min(self, other: "Money") -> "Money":
        """The smaller amount; different currencies raise CurrencyMismatchError."""
        return self if self.checked_cmp(other) <= 0 else other

    def __add__(self, other: "Money") -> "Money":
        return self.checked_add(other)

    def __sub__(self, other: "Money") -> "Money":
        return self.checked_sub(other)

    def __neg__(self) -> "Money":
        return self.negated()

    def __mul__(self, factor: _Amount) -> "Money":
        return self.checked_mul(factor)

    def __lt__(self, other: "Money") -> bool:
        return self.checked_cmp(other) < 0

    def __le__(self, other: "Money") -> bool:
        return self.checked_cmp(other) <= 0

    def __gt__(self, other: "Money") -> bool:
        return self.checked_cmp(other) > 0

    def __ge__(self, other: "Money") -> bool:
        return self.checked_cmp(other) >= 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
