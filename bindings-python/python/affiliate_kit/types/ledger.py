"""Sales, refunds, the commission ledger and payouts (``core/src/program/``: sales.rs, ledger.rs,
payouts.rs)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import List, Literal, Optional

from .._codec import Record
from .money import Money
from .plans import Quote
from .program import AffiliateStatus

__all__ = [
    "AttributionSource",
    "NoCreditReason",
    "UpdateKind",
    "SaleOrigin",
    "CommissionStatus",
    "EntryKind",
    "PayoutStatus",
    "SettlementState",
    "CommissionView",
    "TrackOutcome",
    "SaleCustomer",
    "SaleOrderLine",
    "SaleOrder",
    "Sale",
    "Reversal",
    "RefundOutcome",
    "LineShare",
    "Commission",
    "Settlement",
    "Entry",
    "Balance",
    "Payout",
]

#: How an order was attributed to its affiliate (``AttributionSource``).
AttributionSource = Literal["code", "click", "lifetime", "subscription"]
#: Why a tracked sale earns nothing (``NoCreditReason``).
NoCreditReason = Literal["no_attribution", "affiliate_not_active", "self_referral", "no_commission"]
#: The kinds of order update (``UpdateKind``).
UpdateKind = Literal["payment", "refund", "chargeback"]
#: Where a sale comes from (``SaleOrigin``).
SaleOrigin = Literal["order", "payment"]
#: Where a commission is in its life (``CommissionStatus``).
CommissionStatus = Literal["pending", "approved", "paid", "rejected"]
#: The kinds of ledger entry (``EntryKind``).
EntryKind = Literal["commission", "reversal", "clawback", "rejection"]
#: Where a payout is (``PayoutStatus``).
PayoutStatus = Literal["created", "paid", "failed"]
#: The settlement bucket of an entry (the ``state`` of ``Settlement``).
SettlementState = Literal["pending", "approved", "in_payout", "paid"]


@dataclass(frozen=True)
class CommissionView(Record):
    """A commission as reads, outcomes and events show it."""

    id: str
    affiliate_id: str
    sale_id: str
    level: int
    rule_id: str
    amount: Money
    reversed: Money
    status: CommissionStatus
    created_at: datetime


@dataclass(frozen=True)
class TrackOutcome(Record):
    """What tracking a sale (order or subscription payment) answered."""

    sale_id: str
    order_id: str
    payment_number: int
    affiliate_id: Optional[str]
    attributed_by: Optional[AttributionSource]
    credited: bool
    commissions: List[CommissionView]
    total: Money
    code: Optional[str] = None
    affiliate_status: Optional[AffiliateStatus] = None
    reason: Optional[NoCreditReason] = None
    quote: Optional[Quote] = None


# The order content kept in a Sale (the core's plan::Order, Customer and OrderLine as serialized: zero
# amounts and empty customers are left out). Named Sale* so as not to clash with the input TypedDicts.


@dataclass(frozen=True)
class SaleCustomer(Record):
    """The buyer of a tracked order, as far as commission rules care."""

    id: Optional[str] = None
    email: Optional[str] = None
    country: Optional[str] = None


@dataclass(frozen=True)
class SaleOrderLine(Record):
    """One line of a tracked order."""

    id: str
    product: str
    quantity: int
    unit_price: Decimal
    category: Optional[str] = None
    discount: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)


@dataclass(frozen=True)
class SaleOrder(Record):
    """The content of a tracked order, as the program keeps it."""

    id: str
    currency: str
    lines: List[SaleOrderLine]
    discount: Decimal = Decimal(0)
    shipping: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)
    customer: SaleCustomer = field(default_factory=SaleCustomer)
    code: Optional[str] = None


@dataclass(frozen=True)
class Sale(Record):
    """A tracked sale (order or payment) as the program keeps it."""

    id: str
    origin: SaleOrigin
    order: SaleOrder
    at: datetime
    outcome: TrackOutcome
    gross: Decimal
    refunded: Decimal
    payments: int
    new_customer: bool
    visitor_id: Optional[str] = None
    refunded_lines: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reversal(Record):
    """One commission's correction by a refund or chargeback."""

    commission_id: str
    affiliate_id: str
    kind: EntryKind
    amount: Money


@dataclass(frozen=True)
class RefundOutcome(Record):
    """What a refund or chargeback answered."""

    refund_id: str
    order_id: str
    kind: UpdateKind
    amount: Money
    remaining: Money
    reversals: List[Reversal]


@dataclass(frozen=True)
class LineShare(Record):
    """An order line's share of a commission."""

    line_id: str
    amount: Decimal


@dataclass(frozen=True)
class Commission(Record):
    """A commission as the ledger keeps it: one beneficiary level of one sale."""

    id: str
    affiliate_id: str
    sale_id: str
    level: int
    rule_id: str
    amount: Money
    status: CommissionStatus
    created_at: datetime
    line_shares: List[LineShare]


@dataclass(frozen=True)
class Settlement(Record):
    """The settlement bucket of a ledger entry, and its payout number when in or paid by one."""

    # The core's Settlement is adjacently tagged (tag "state", content "payout"):
    # {"state": "pending"}, {"state": "in_payout", "payout": 3}. One class models every variant.
    state: SettlementState
    payout: Optional[int] = None


@dataclass(frozen=True)
class Entry(Record):
    """One immutable ledger entry."""

    id: str
    commission_id: str
    affiliate_id: str
    kind: EntryKind
    amount: Money
    at: datetime
    settlement: Settlement
    cause: Optional[str] = None


@dataclass(frozen=True)
class Balance(Record):
    """An affiliate's balance in one currency."""

    affiliate_id: str
    currency: str
    pending: Money
    approved: Money
    payable: Money
    in_payout: Money
    paid: Money
    earned: Money
    reversed: Money


@dataclass(frozen=True)
class Payout(Record):
    """A payout to one affiliate in one currency."""

    id: str
    affiliate_id: str
    amount: Money
    status: PayoutStatus
    entry_count: int
    created_at: datetime
    settled_at: Optional[datetime] = None
    reference: Optional[str] = None
    failure_reason: Optional[str] = None
