"""Referral codes: format verdicts, problems, incentives and the code policy (``core/src/codes/``).

Variants of internally tagged Rust enums are :class:`~affiliate_kit._codec.Tagged` dataclasses; the
enum itself is a ``Union`` of them. Variant names carry the enum's name where the bare Rust variant
name would be vague (``CodeProblemTooShort``, ``CodeFormatVanity``, ``IncentiveExpired``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import ClassVar, List, Optional, Union

from .._codec import Record, Tagged
from .money import Money

__all__ = [
    "CodeProblem",
    "CodeProblemEmpty",
    "CodeProblemInvalidCharacter",
    "CodeProblemTooShort",
    "CodeProblemTooLong",
    "CodeProblemReserved",
    "CodeProblemGeneratedShape",
    "CodeProblemBadCheckSymbol",
    "CodeProblemNotGenerated",
    "CodeProblemPrefixMismatch",
    "CodeFormat",
    "CodeFormatGenerated",
    "CodeFormatLikelyTypo",
    "CodeFormatVanity",
    "CodeFormatInvalid",
    "Discount",
    "PercentOff",
    "AmountOff",
    "Incentive",
    "IneligibleReason",
    "IncentiveExpired",
    "BelowMinimum",
    "IncentivePreview",
    "CodePolicy",
]


# CodeProblem: #[serde(tag = "type", rename_all = "snake_case")]


@dataclass(frozen=True)
class CodeProblemEmpty(Tagged):
    """Nothing is left after trimming and removing spaces and hyphens."""

    TAG: ClassVar[str] = "empty"


@dataclass(frozen=True)
class CodeProblemInvalidCharacter(Tagged):
    """A character other than ASCII letters, digits, spaces and hyphens."""

    TAG: ClassVar[str] = "invalid_character"
    character: str
    position: int


@dataclass(frozen=True)
class CodeProblemTooShort(Tagged):
    """Fewer characters than the policy's ``min_length``."""

    TAG: ClassVar[str] = "too_short"
    length: int
    min: int


@dataclass(frozen=True)
class CodeProblemTooLong(Tagged):
    """More characters than the policy's ``max_length``."""

    TAG: ClassVar[str] = "too_long"
    length: int
    max: int


@dataclass(frozen=True)
class CodeProblemReserved(Tagged):
    """The code is one of the policy's reserved words."""

    TAG: ClassVar[str] = "reserved"
    word: str


@dataclass(frozen=True)
class CodeProblemGeneratedShape(Tagged):
    """A vanity code that would be read as a generated code."""

    TAG: ClassVar[str] = "generated_shape"


@dataclass(frozen=True)
class CodeProblemBadCheckSymbol(Tagged):
    """A generated code whose check symbol does not match: almost certainly a typo."""

    TAG: ClassVar[str] = "bad_check_symbol"


@dataclass(frozen=True)
class CodeProblemNotGenerated(Tagged):
    """The code does not have the shape of a generated code."""

    TAG: ClassVar[str] = "not_generated"


@dataclass(frozen=True)
class CodeProblemPrefixMismatch(Tagged):
    """The code does not start with the policy's prefix for generated codes."""

    TAG: ClassVar[str] = "prefix_mismatch"
    expected: str


#: Why a referral code was rejected (``CodeProblem``).
CodeProblem = Union[
    CodeProblemEmpty,
    CodeProblemInvalidCharacter,
    CodeProblemTooShort,
    CodeProblemTooLong,
    CodeProblemReserved,
    CodeProblemGeneratedShape,
    CodeProblemBadCheckSymbol,
    CodeProblemNotGenerated,
    CodeProblemPrefixMismatch,
]


# CodeFormat: #[serde(tag = "verdict", rename_all = "snake_case")]


@dataclass(frozen=True)
class CodeFormatGenerated(Tagged):
    """A generated code with a matching check symbol."""

    TAG_KEY: ClassVar[str] = "verdict"
    TAG: ClassVar[str] = "generated"
    code: str


@dataclass(frozen=True)
class CodeFormatLikelyTypo(Tagged):
    """The shape of a generated code but a wrong check symbol: most likely a typo."""

    TAG_KEY: ClassVar[str] = "verdict"
    TAG: ClassVar[str] = "likely_typo"
    code: str


@dataclass(frozen=True)
class CodeFormatVanity(Tagged):
    """A well-formed vanity code."""

    TAG_KEY: ClassVar[str] = "verdict"
    TAG: ClassVar[str] = "vanity"
    code: str


@dataclass(frozen=True)
class CodeFormatInvalid(Tagged):
    """Not a possible code."""

    TAG_KEY: ClassVar[str] = "verdict"
    TAG: ClassVar[str] = "invalid"
    problem: CodeProblem


#: What a typed code looks like, judged offline (``CodeFormat``).
CodeFormat = Union[CodeFormatGenerated, CodeFormatLikelyTypo, CodeFormatVanity, CodeFormatInvalid]


# Discount: #[serde(tag = "type", rename_all = "snake_case")]


@dataclass(frozen=True)
class PercentOff(Tagged):
    """A percentage of the subtotal, from 0 to 100."""

    TAG: ClassVar[str] = "percent_off"
    percent: Decimal


@dataclass(frozen=True)
class AmountOff(Tagged):
    """A fixed amount off, capped at the subtotal."""

    TAG: ClassVar[str] = "amount_off"
    amount: Money


#: The discount of an incentive (``Discount``).
Discount = Union[PercentOff, AmountOff]


@dataclass(frozen=True)
class Incentive(Record):
    """A customer discount carried by a referral code, with optional conditions."""

    # The core always writes both options (as null when unset).
    discount: Discount
    min_order: Optional[Money]
    expires_at: Optional[datetime]


# IneligibleReason: #[serde(tag = "type", rename_all = "snake_case")]


@dataclass(frozen=True)
class IncentiveExpired(Tagged):
    """The preview instant is at or after the incentive's ``expires_at``."""

    TAG: ClassVar[str] = "expired"


@dataclass(frozen=True)
class BelowMinimum(Tagged):
    """The subtotal is below the incentive's ``min_order``."""

    TAG: ClassVar[str] = "below_minimum"
    minimum: Money


#: Why an incentive does not apply (``IneligibleReason``).
IneligibleReason = Union[IncentiveExpired, BelowMinimum]


@dataclass(frozen=True)
class IncentivePreview(Record):
    """The effect of an incentive on a subtotal, in the subtotal's minor units."""

    eligible: bool
    reason: Optional[IneligibleReason]
    discount: Money
    total: Money


@dataclass(frozen=True)
class CodePolicy(Record):
    """The rules referral codes follow (as read back; pass ``CodePolicyInput`` to set one)."""

    min_length: int
    max_length: int
    reserved: List[str]
    generated_length: int
    prefix: str
