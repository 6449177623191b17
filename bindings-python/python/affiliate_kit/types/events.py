"""Events (``core/src/program/events/mod.rs``): the envelope, and typed views of each event's data.

``Event`` keeps the exact JSON text the core produced, so that :meth:`Event.to_json` hands a webhook
receiver (or a signature check) the very bytes the core signed. ``Event.data`` is the raw JSON object;
:meth:`Event.payload` decodes it into the typed class for the event's ``type``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, ClassVar, Dict, Mapping, Type, Union

from .._codec import Record, decode, dumps
from .ledger import CommissionView, Payout, TrackOutcome, UpdateKind
from .money import Money
from .program import AffiliateStatus, AffiliateView, Invitation

__all__ = [
    "Event",
    "EventData",
    "AffiliateRegistered",
    "AffiliateUpdated",
    "AffiliateApproved",
    "AffiliateStatusChanged",
    "AffiliateDeleted",
    "AffiliateJoined",
    "InvitationCreated",
    "InvitationExpired",
    "OrderTracked",
    "OrderUpdated",
    "CommissionCreated",
    "CommissionApproved",
    "CommissionReversed",
    "CommissionClawedBack",
    "CommissionRejected",
    "PayoutThresholdReached",
    "PayoutCreated",
    "PayoutMarkedPaid",
    "PayoutFailed",
]


# The data of each event type. The core's EventData is adjacently tagged (tag "type", content "data")
# and flattened into the event; each class below is the content of one variant, TYPE its tag.


@dataclass(frozen=True)
class AffiliateRegistered(Record):
    """``affiliate.registered``: an affiliate was registered by the host."""

    TYPE: ClassVar[str] = "affiliate.registered"
    affiliate: AffiliateView


@dataclass(frozen=True)
class AffiliateUpdated(Record):
    """``affiliate.updated``: an affiliate's name, e-mail, group or codes changed."""

    TYPE: ClassVar[str] = "affiliate.updated"
    affiliate: AffiliateView


@dataclass(frozen=True)
class AffiliateApproved(Record):
    """``affiliate.approved``: a pending affiliate became active."""

    TYPE: ClassVar[str] = "affiliate.approved"
    affiliate: AffiliateView


@dataclass(frozen=True)
class AffiliateStatusChanged(Record):
    """``affiliate.status_changed``: an affiliate's status changed (``from_`` is JSON ``from``)."""

    TYPE: ClassVar[str] = "affiliate.status_changed"
    affiliate: AffiliateView
    from_: AffiliateStatus = field(metadata={"json_key": "from"})
    to: AffiliateStatus


@dataclass(frozen=True)
class AffiliateDeleted(Record):
    """``affiliate.deleted``: an affiliate's personal data was erased."""

    TYPE: ClassVar[str] = "affiliate.deleted"
    affiliate_id: str


@dataclass(frozen=True)
class AffiliateJoined(Record):
    """``affiliate.joined``: an invited person joined."""

    TYPE: ClassVar[str] = "affiliate.joined"
    affiliate: AffiliateView
    invitation_id: str
    source: str


@dataclass(frozen=True)
class InvitationCreated(Record):
    """``invitation.created``: an invitation was sent."""

    TYPE: ClassVar[str] = "invitation.created"
    invitation: Invitation


@dataclass(frozen=True)
class InvitationExpired(Record):
    """``invitation.expired``: an invitation expired unanswered."""

    TYPE: ClassVar[str] = "invitation.expired"
    invitation: Invitation


@dataclass(frozen=True)
class OrderTracked(Record):
    """``order.tracked``: an order was tracked (credited or not, with the reason)."""

    TYPE: ClassVar[str] = "order.tracked"
    outcome: TrackOutcome


@dataclass(frozen=True)
class OrderUpdated(Record):
    """``order.updated``: a tracked order got a payment, a refund or a chargeback."""

    TYPE: ClassVar[str] = "order.updated"
    order_id: str
    kind: UpdateKind
    id: str
    amount: Money


@dataclass(frozen=True)
class CommissionCreated(Record):
    """``commission.created``: a commission was written (pending)."""

    TYPE: ClassVar[str] = "commission.created"
    commission: CommissionView


@dataclass(frozen=True)
class CommissionApproved(Record):
    """``commission.approved``: a commission passed its holding period."""

    TYPE: ClassVar[str] = "commission.approved"
    commission: CommissionView


@dataclass(frozen=True)
class CommissionReversed(Record):
    """``commission.reversed``: part or all of an unpaid commission was reversed."""

    TYPE: ClassVar[str] = "commission.reversed"
    commission: CommissionView
    amount: Money
    refund_id: str


@dataclass(frozen=True)
class CommissionClawedBack(Record):
    """``commission.clawed_back``: part or all of a paid commission was clawed back."""

    TYPE: ClassVar[str] = "commission.clawed_back"
    commission: CommissionView
    amount: Money
    refund_id: str


@dataclass(frozen=True)
class CommissionRejected(Record):
    """``commission.rejected``: a commission was rejected."""

    TYPE: ClassVar[str] = "commission.rejected"
    commission: CommissionView
    amount: Money
    reason: str


@dataclass(frozen=True)
class PayoutThresholdReached(Record):
    """``payout.threshold_reached``: a payable balance rose to the payout minimum."""

    TYPE: ClassVar[str] = "payout.threshold_reached"
    affiliate_id: str
    payable: Money
    minimum: Money


@dataclass(frozen=True)
class PayoutCreated(Record):
    """``payout.created``: a payout was created."""

    TYPE: ClassVar[str] = "payout.created"
    payout: Payout


@dataclass(frozen=True)
class PayoutMarkedPaid(Record):
    """``payout.marked_paid``: a payout was marked paid."""

    TYPE: ClassVar[str] = "payout.marked_paid"
    payout: Payout


@dataclass(frozen=True)
class PayoutFailed(Record):
    """``payout.failed``: a payout failed; its entries are payable again."""

    TYPE: ClassVar[str] = "payout.failed"
    payout: Payout


#: The typed data of any event (``EventData``); pick by ``isinstance`` or by ``TYPE``.
EventData = Union[
    AffiliateRegistered,
    AffiliateUpdated,
    AffiliateApproved,
    AffiliateStatusChanged,
    AffiliateDeleted,
    AffiliateJoined,
    InvitationCreated,
    InvitationExpired,
    OrderTracked,
    OrderUpdated,
    CommissionCreated,
    CommissionApproved,
    CommissionReversed,
    CommissionClawedBack,
    CommissionRejected,
    PayoutThresholdReached,
    PayoutCreated,
    PayoutMarkedPaid,
    PayoutFailed,
]

_PAYLOADS: Dict[str, Type[Any]] = {
    cls.TYPE: cls
    for cls in (
        AffiliateRegistered,
        AffiliateUpdated,
        AffiliateApproved,
        AffiliateStatusChanged,
        AffiliateDeleted,
        AffiliateJoined,
        InvitationCreated,
        InvitationExpired,
        OrderTracked,
        OrderUpdated,
        CommissionCreated,
        CommissionApproved,
        CommissionReversed,
        CommissionClawedBack,
        CommissionRejected,
        PayoutThresholdReached,
        PayoutCreated,
        PayoutMarkedPaid,
        PayoutFailed,
    )
}


@dataclass(frozen=True)
class Event(Record):
    """One event: ``{"id", "sequence", "occurred_at", "type", "data"}``, with its exact JSON text."""

    id: str
    sequence: int
    occurred_at: datetime
    type: str
    # The raw JSON object of the event's data, values as JSON gives them (amounts are strings).
    data: Mapping[str, Any]
    # The core's JSON text of the whole event (set by from_json); not part of equality or repr.
    json_text: str = field(default="", compare=False, repr=False, metadata={"internal": True})

    @classmethod
    def from_json(cls, text: str) -> "Event":
        """Decodes an event from the core's JSON text, keeping that text for :meth:`to_json`."""
        event: Event = decode(cls, json.loads(text), "event")
        return replace(event, json_text=text)

    def to_json(self) -> str:
        """The event's JSON exactly as the core wrote it (compact JSON of the fields if built by hand)."""
        return self.json_text or dumps(self.to_dict(), "event")

    def payload(self) -> EventData:
        """The event's data decoded into the typed class for its ``type``."""
        cls = _PAYLOADS.get(self.type)
        if cls is None:
            raise TypeError(f"Event: unknown event type {self.type!r}")
        result: EventData = decode(cls, self.data, f"event.data ({self.type})")
        return result
