"""Signed webhooks (``core/src/webhook/mod.rs``, ``core/src/program/events/webhooks.rs``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Tuple

from .._codec import Record

__all__ = ["WebhookHeaders", "SignedWebhook"]


@dataclass(frozen=True)
class WebhookHeaders(Record):
    """The three Standard Webhooks headers: ``webhook-id``, ``-timestamp`` and ``-signature``."""

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


@dataclass(frozen=True)
class SignedWebhook(Record):
    """An event ready to POST: the headers and the exact body they sign."""

    headers: WebhookHeaders
    body: str
