"""Quotes of a commission plan and their explanations (``core/src/plan/quote.rs``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import List, Literal, Optional

from .._codec import Record
from .money import Money, RoundingMode

__all__ = [
    "TargetKind",
    "TierMetric",
    "Method",
    "ZeroReason",
    "BeatReason",
    "FailedCondition",
    "CapKind",
    "TierChoice",
    "Calculation",
    "Beaten",
    "Skipped",
    "LineDecision",
    "UnmatchedLine",
    "CapApplied",
    "Explanation",
    "QuoteLine",
    "Quote",
]

#: The kind of a rule's target, in precedence order (``TargetKind``).
TargetKind = Literal["program", "group", "affiliate", "category", "product"]
#: What a tier is chosen by (``TierMetric``).
TierMetric = Literal["sales_count", "revenue"]
#: How an amount was computed (``Method``).
Method = Literal["percentage", "flat_per_order", "flat_per_unit", "tiered", "level_of_sale", "level_of_commission"]
#: Why a rule that applied pays nothing (``ZeroReason``).
ZeroReason = Literal["non_positive_base", "below_first_tier"]
#: Why a matching rule lost (``BeatReason``).
BeatReason = Literal["less_specific_target", "lower_priority", "later_in_plan"]
#: A rule condition that did not hold (``FailedCondition``).
FailedCondition = Literal["min_subtotal", "new_customers_only", "country", "window", "product", "category", "payment"]
#: The kinds of cap (``CapKind``).
CapKind = Literal["rule", "per_order", "per_customer", "per_affiliate_period"]


@dataclass(frozen=True)
class TierChoice(Record):
    """The volume tier a tiered rule chose."""

    metric: TierMetric
    volume: Decimal
    index: int
    threshold: Decimal


@dataclass(frozen=True)
class Calculation(Record):
    """The arithmetic behind an amount."""

    method: Method
    base: Money
    exact: Decimal
    rounding: RoundingMode
    rate: Optional[Decimal] = None
    flat: Optional[Money] = None
    units: Optional[int] = None
    tier: Optional[TierChoice] = None
    zero_reason: Optional[ZeroReason] = None


@dataclass(frozen=True)
class Beaten(Record):
    """A matching rule that lost to the winner."""

    rule_id: str
    target: TargetKind
    priority: int
    reason: BeatReason


@dataclass(frozen=True)
class Skipped(Record):
    """A rule whose target matched a line but one of whose conditions failed."""

    rule_id: str
    failed: FailedCondition


@dataclass(frozen=True)
class LineDecision(Record):
    """For one order line: the winning rule and the candidates it beat."""

    line_id: str
    base: Money
    amount: Money
    rule_id: str
    target: TargetKind
    priority: int
    beaten: List[Beaten] = field(default_factory=list)
    skipped: List[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class UnmatchedLine(Record):
    """An order line that earned nothing because no rule applied."""

    line_id: str
    skipped: List[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class CapApplied(Record):
    """A cap that reduced a commission."""

    cap: CapKind
    limit: Money
    before: Money
    after: Money


@dataclass(frozen=True)
class Explanation(Record):
    """Why a commission is what it is, structured, with a one-sentence summary."""

    summary: str
    calculation: Calculation
    decisions: List[LineDecision] = field(default_factory=list)
    caps: List[CapApplied] = field(default_factory=list)


@dataclass(frozen=True)
class QuoteLine(Record):
    """One commission of a quote: a beneficiary level of a winning rule."""

    beneficiary: str
    level: int
    rule_id: str
    order_lines: List[str]
    base: Money
    amount: Money
    explanation: Explanation


@dataclass(frozen=True)
class Quote(Record):
    """What an order earns: commissions per level, unmatched lines, and their total."""

    order_id: str
    currency: str
    lines: List[QuoteLine]
    total: Money
    unmatched: List[UnmatchedLine] = field(default_factory=list)
