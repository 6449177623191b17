"""What hosts pass in: TypedDicts mirroring the core's Deserialize types.

Amounts are ``Decimal``, ``int`` or ``str`` (never ``float``); timestamps are timezone-aware
``datetime``. Keys the core may go without are optional (``total=False``); keys backed by a Rust
``Option`` also accept ``None``. Names that would clash with a result class end in ``Input``
(``IncentiveInput`` versus the ``Incentive`` a code validation answers). Result records
(``Incentive``, ``CodePolicy``, ``WebhookHeaders``, ...) are accepted wherever their input shape is,
since the codec encodes dataclasses too.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, List, Literal, Mapping, Optional, TypedDict, Union

from .money import RoundingMode
from .program import AttributionModel

__all__ = [
    "AmountInput",
    "MoneyInput",
    "OrderLine",
    "Customer",
    "Order",
    "QuoteContext",
    "Registration",
    "AffiliateUpdate",
    "Acceptance",
    "Payment",
    "Refund",
    "PercentOffInput",
    "AmountOffInput",
    "DiscountInput",
    "IncentiveInput",
    "CodePolicyInput",
    "AttributionConfigInput",
    "InvitationConfigInput",
    "PlanSpec",
    "ProgramConfigInput",
    "WebhookHeadersInput",
]

#: A decimal amount: ``Decimal("19.99")``, ``20`` or ``"19.99"`` (floats are refused).
AmountInput = Union[Decimal, int, str]

#: A commission plan as its JSON object (``PlanSpec``). Plans are large and nested, and are most often
#: loaded from JSON files, so they are passed as a plain mapping; the core validates them and names the
#: path of any bad field.
PlanSpec = Mapping[str, Any]


class MoneyInput(TypedDict):
    """An amount in a currency: ``{"amount": Decimal("5.00"), "currency": "EUR"}``."""

    amount: AmountInput
    currency: str


class _OrderLineRequired(TypedDict):
    id: str
    product: str
    quantity: int
    unit_price: AmountInput


class OrderLine(_OrderLineRequired, total=False):
    """One order line: ``id``, ``product``, ``quantity``, ``unit_price``; optional category, discount, tax."""

    category: Optional[str]
    discount: AmountInput
    tax: AmountInput


class Customer(TypedDict, total=False):
    """The buyer: id, e-mail (self-referral check) and ISO 3166 alpha-2 country, all optional."""

    id: Optional[str]
    email: Optional[str]
    country: Optional[str]


class _OrderRequired(TypedDict):
    id: str
    currency: str
    lines: List[OrderLine]


class Order(_OrderRequired, total=False):
    """An order to quote or track: ``id``, ``currency``, ``lines``; optional amounts, customer, code."""

    discount: AmountInput
    shipping: AmountInput
    tax: AmountInput
    customer: Customer
    code: Optional[str]


class _QuoteContextRequired(TypedDict):
    affiliate: str
    at: datetime


class QuoteContext(_QuoteContextRequired, total=False):
    """What a quote knows besides the order: ``affiliate`` and ``at``, then optional volumes so far."""

    group: Optional[str]
    parents: List[str]
    new_customer: bool
    period_sales_count: int
    period_revenue: AmountInput
    period_earned: AmountInput
    customer_earned: AmountInput
    payment_number: int
    first_payment_at: Optional[datetime]
    rounding: RoundingMode


class _RegistrationRequired(TypedDict):
    name: str
    email: str


class Registration(_RegistrationRequired, total=False):
    """What ``register_affiliate`` takes: ``name``, ``email``; optional id, vanity code, group, parent."""

    id: Optional[str]
    code: Optional[str]
    group: Optional[str]
    parent: Optional[str]


class AffiliateUpdate(TypedDict, total=False):
    """What ``update_affiliate`` changes; absent keys stay as they are (``group=""`` clears it)."""

    name: Optional[str]
    email: Optional[str]
    group: Optional[str]


class _AcceptanceRequired(TypedDict):
    name: str


class Acceptance(_AcceptanceRequired, total=False):
    """What ``accept_invitation`` takes besides the invitation id: ``name``; optional id and code."""

    id: Optional[str]
    code: Optional[str]


class Payment(TypedDict):
    """A follow-up payment of a subscription: its own ``id`` and the first order's ``order_id``."""

    id: str
    order_id: str


class _RefundRequired(TypedDict):
    id: str
    order_id: str


class Refund(_RefundRequired, total=False):
    """A refund or chargeback: everything left (no amount, no lines), an ``amount``, or whole ``lines``."""

    amount: Optional[AmountInput]
    lines: Optional[List[str]]


class PercentOffInput(TypedDict):
    """A percentage discount: ``{"type": "percent_off", "percent": "10"}``."""

    type: Literal["percent_off"]
    percent: AmountInput


class AmountOffInput(TypedDict):
    """A fixed discount: ``{"type": "amount_off", "amount": {"amount": "5.00", "currency": "EUR"}}``."""

    type: Literal["amount_off"]
    amount: MoneyInput


#: The discount of an incentive.
DiscountInput = Union[PercentOffInput, AmountOffInput]


class _IncentiveRequired(TypedDict):
    discount: DiscountInput


class IncentiveInput(_IncentiveRequired, total=False):
    """A customer incentive for a code: ``discount``; optional ``min_order`` and ``expires_at``."""

    min_order: Optional[MoneyInput]
    expires_at: Optional[datetime]


class CodePolicyInput(TypedDict, total=False):
    """Code rules; every key has a default in the core (3..32 characters, 8 generated symbols, ...)."""

    min_length: int
    max_length: int
    reserved: List[str]
    generated_length: int
    prefix: str


class AttributionConfigInput(TypedDict, total=False):
    """Attribution settings: window in days (30), model (last click), lifetime customers (off)."""

    window_days: int
    model: AttributionModel
    lifetime_customers: bool


class InvitationConfigInput(TypedDict, total=False):
    """Invitation settings: expiry in days (30) and batch limit (25)."""

    expiry_days: int
    batch_limit: int


class _ProgramConfigRequired(TypedDict):
    currency: str
    plan: PlanSpec


class ProgramConfigInput(_ProgramConfigRequired, total=False):
    """A program's settings: ``currency`` and ``plan``; every other key has a default in the core."""

    timezone: str
    rounding: RoundingMode
    holding_days: int
    minimum_payout: Optional[Mapping[str, AmountInput]]
    attribution: AttributionConfigInput
    invitations: InvitationConfigInput
    code_policy: CodePolicyInput
    auto_approve: bool


class WebhookHeadersInput(TypedDict):
    """Received webhook headers: ``id``, ``timestamp`` (unix seconds) and ``signature``."""

    id: str
    timestamp: int
    signature: str
