"""Methods of generated result classes, written by hand: the generator (generate/python_types.py)
makes ``Money`` derive from :class:`MoneyMethods` and ``WebhookHeaders`` from
:class:`WebhookHeadersMethods`. They convert and delegate to the core; they decide nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, List, Tuple, Union, cast

if TYPE_CHECKING:
    from .money import Money, RoundingMode

__all__ = ["MoneyMethods", "WebhookHeadersMethods"]

_Amount = Union[Decimal, int, str]


def _money(value: MoneyMethods) -> Money:
    """The record these methods belong to (only ``Money`` derives from :class:`MoneyMethods`)."""
    return cast("Money", value)


class MoneyMethods:
    """The core's exact, checked arithmetic on :class:`~affiliate_kit.types.Money` (``+ - * <``)."""

    __slots__ = ()
    amount: Decimal
    currency: str

    @staticmethod
    def parse(amount: _Amount, currency: str) -> Money:
        """An amount in a currency, parsed strictly (floats refused)."""
        from .. import money

        return money.money(amount, currency)

    @staticmethod
    def zero(currency: str) -> Money:
        """Zero in ``currency``."""
        from .. import money

        return money.money(0, currency)

    def is_zero(self) -> bool:
        """Whether the amount is zero."""
        return self.amount.is_zero()

    def is_negative(self) -> bool:
        """Whether the amount is below zero."""
        return self.amount < 0

    def checked_add(self, other: Money) -> Money:
        """The sum; different currencies raise CurrencyMismatchError."""
        from .. import money

        return money.add(_money(self), other)

    def checked_sub(self, other: Money) -> Money:
        """The difference; different currencies raise CurrencyMismatchError."""
        from .. import money

        return money.sub(_money(self), other)

    def checked_mul(self, factor: _Amount) -> Money:
        """The amount times ``factor``, exact (not rounded)."""
        from .. import money

        return money.mul(_money(self), factor)

    def percent(self, rate: _Amount) -> Money:
        """``rate`` percent of the amount, exact (not rounded)."""
        from .. import money

        return money.percent(_money(self), rate)

    def round(self, mode: RoundingMode = "half_up") -> Money:
        """Rounded to the currency's minor units: the core's one rounding point."""
        from .. import money

        return money.round_money(_money(self), mode)

    def negated(self) -> Money:
        """The opposite amount."""
        from .. import money

        return money.negated(_money(self))

    def checked_cmp(self, other: Money) -> int:
        """-1, 0 or 1; different currencies raise CurrencyMismatchError."""
        from .. import money

        return money.compare(_money(self), other)

    def checked_min(self, other: Money) -> Money:
        """The smaller amount; different currencies raise CurrencyMismatchError."""
        return _money(self) if self.checked_cmp(other) <= 0 else other

    def __add__(self, other: Money) -> Money:
        return self.checked_add(other)

    def __sub__(self, other: Money) -> Money:
        return self.checked_sub(other)

    def __neg__(self) -> Money:
        return self.negated()

    def __mul__(self, factor: _Amount) -> Money:
        return self.checked_mul(factor)

    def __lt__(self, other: Money) -> bool:
        return self.checked_cmp(other) < 0

    def __le__(self, other: Money) -> bool:
        return self.checked_cmp(other) <= 0

    def __gt__(self, other: Money) -> bool:
        return self.checked_cmp(other) > 0

    def __ge__(self, other: Money) -> bool:
        return self.checked_cmp(other) >= 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class WebhookHeadersMethods:
    """Helpers of :class:`~affiliate_kit.types.WebhookHeaders`."""

    __slots__ = ()
    id: str
    timestamp: int
    signature: str

    def to_pairs(self) -> List[Tuple[str, str]]:
        """The headers as ``(name, value)`` pairs, ready for an HTTP client."""
        return [
            ("webhook-id", self.id),
            ("webhook-timestamp", str(self.timestamp)),
            ("webhook-signature", self.signature),
        ]
