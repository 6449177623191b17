"""Standard Webhooks signing and verification (HMAC-SHA256), of events and of raw payloads."""

from __future__ import annotations

from datetime import datetime
from typing import Union

from . import _native
from ._args import dumps, load, text, timestamp
from .types import Event, SignedWebhook, WebhookHeaders, WebhookHeadersInput

__all__ = ["DEFAULT_TOLERANCE_SECONDS", "sign_payload", "sign_webhook", "verify_payload", "verify_webhook"]

DEFAULT_TOLERANCE_SECONDS = 300
"""How far a delivery's timestamp may be from ``now`` (the core's default, 5 minutes)."""

HeadersArg = Union[WebhookHeaders, WebhookHeadersInput]


def sign_webhook(event: Event, secret: str, at: datetime) -> SignedWebhook:
    """The headers and body to deliver ``event`` with (``secret``: ``whsec_...`` or base64)."""
    return load(SignedWebhook, _native.sign_webhook(event.to_json(), text(secret, "secret"), timestamp(at, "at")))


def verify_webhook(headers: HeadersArg, body: str, secret: str, now: datetime) -> Event:
    """The event of a delivery whose signature and timestamp check out; else InvalidSignatureError."""
    return Event.from_json(_native.verify_webhook(dumps(headers, "headers"), text(body, "body"), text(secret, "secret"), timestamp(now, "now")))


def sign_payload(msg_id: str, at: datetime, body: str, secret: str) -> WebhookHeaders:
    """The Standard Webhooks headers of any payload."""
    return load(WebhookHeaders, _native.sign_payload(text(msg_id, "msg_id"), timestamp(at, "at"), text(body, "body"), text(secret, "secret")))


def verify_payload(
    headers: HeadersArg, body: str, secret: str, now: datetime, tolerance_seconds: int = DEFAULT_TOLERANCE_SECONDS
) -> None:
    """Checks a payload's signature and timestamp; raises InvalidSignatureError if they fail."""
    _native.verify_payload(dumps(headers, "headers"), text(body, "body"), text(secret, "secret"), timestamp(now, "now"), tolerance_seconds)
