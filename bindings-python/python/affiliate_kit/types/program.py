"""Affiliates, code validation, invitations, clicks and the program config read back
(``core/src/program/``: affiliate.rs, registry.rs, invitations.rs, attribution.rs, config.rs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Literal, Mapping, Optional

from .._codec import Record
from .codes import CodePolicy, Incentive
from .money import Money, RoundingMode

__all__ = [
    "AffiliateStatus",
    "AffiliateSource",
    "AffiliateStats",
    "AffiliateView",
    "AffiliateCode",
    "Affiliate",
    "CodeValidity",
    "CodeValidation",
    "InvitationStatus",
    "Invitation",
    "InviteSkipped",
    "InviteError",
    "InviteOutcome",
    "Click",
    "AttributionModel",
    "AttributionConfig",
    "InvitationConfig",
    "ProgramConfig",
]

#: Where an affiliate is in their life with the program (``AffiliateStatus``).
AffiliateStatus = Literal["pending", "active", "inactive", "suspended", "deleted"]
#: How an affiliate joined (``AffiliateSource``).
AffiliateSource = Literal["registration", "invitation"]
#: The verdict of ``validate_code`` (``CodeValidity``).
CodeValidity = Literal["valid", "malformed", "likely_typo", "unknown", "expired", "affiliate_not_active"]
#: Where an invitation is (``InvitationStatus``).
InvitationStatus = Literal["pending", "accepted", "expired"]
#: Which click wins attribution (``AttributionModel``).
AttributionModel = Literal["last_click", "first_click"]


@dataclass(frozen=True)
class AffiliateStats(Record):
    """Running totals of an affiliate."""

    total_referrals: int
    total_sales: int
    total_earnings: Money


@dataclass(frozen=True)
class AffiliateView(Record):
    """An affiliate as reads, commands and ``affiliate.*`` events answer it."""

    id: str
    code: Optional[str]
    name: Optional[str]
    email: Optional[str]
    commission_rate: Optional[Decimal]
    status: AffiliateStatus
    group: Optional[str]
    parent: Optional[str]
    codes: List[str]
    stats: AffiliateStats
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class AffiliateCode(Record):
    """A referral code of an affiliate as stored: canonical text, incentive and expiry."""

    code: str
    created_at: datetime
    incentive: Optional[Incentive] = None
    expires_at: Optional[datetime] = None


@dataclass(frozen=True)
class Affiliate(Record):
    """An affiliate as the program keeps it (snapshot shape; reads answer ``AffiliateView``)."""

    id: str
    name: Optional[str]
    email: Optional[str]
    status: AffiliateStatus
    source: AffiliateSource
    codes: List[AffiliateCode]
    created_at: datetime
    updated_at: datetime
    group: Optional[str] = None
    parent: Optional[str] = None


@dataclass(frozen=True)
class CodeValidation(Record):
    """Whether a typed code may be accepted at checkout, and its incentive."""

    valid: bool
    reason: CodeValidity
    code: Optional[str]
    affiliate_id: Optional[str]
    incentive: Optional[Incentive]


@dataclass(frozen=True)
class Invitation(Record):
    """An invitation to join the program."""

    id: str
    email: str
    status: InvitationStatus
    created_at: datetime
    expires_at: datetime
    invited_by: Optional[str] = None
    affiliate_id: Optional[str] = None


@dataclass(frozen=True)
class InviteSkipped(Record):
    """Addresses ``invite`` skipped."""

    already_affiliate: List[str]
    already_invited: List[str]


@dataclass(frozen=True)
class InviteError(Record):
    """A malformed address in an ``invite`` batch."""

    email: str
    reason: str


@dataclass(frozen=True)
class InviteOutcome(Record):
    """What ``invite`` answers: invitations created, addresses skipped, malformed addresses."""

    created: List[Invitation]
    skipped: InviteSkipped
    errors: List[InviteError]


@dataclass(frozen=True)
class Click(Record):
    """A visit through an affiliate's link or code."""

    affiliate_id: str
    code: str
    at: datetime


@dataclass(frozen=True)
class AttributionConfig(Record):
    """Attribution settings of a program."""

    window_days: int
    model: AttributionModel
    lifetime_customers: bool


@dataclass(frozen=True)
class InvitationConfig(Record):
    """Invitation expiry and batch size."""

    expiry_days: int
    batch_limit: int


@dataclass(frozen=True)
class ProgramConfig(Record):
    """The program's settings as read back; ``plan`` is the plan's raw JSON object."""

    currency: str
    timezone: str
    rounding: RoundingMode
    holding_days: int
    attribution: AttributionConfig
    invitations: InvitationConfig
    code_policy: CodePolicy
    auto_approve: bool
    # The plan (PlanSpec) is large and nested; it is kept as its JSON object, values as JSON gives them.
    plan: Mapping[str, Any]
    # Currency code -> minimum payout; absent when the config leaves the default.
    minimum_payout: Optional[Dict[str, Decimal]] = None
