"""Standard Webhooks: the reference test vector, tampering, timestamps, secrets, and program events
signed and verified."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from affiliate_kit import (
    DEFAULT_TOLERANCE_SECONDS,
    InvalidInputError,
    InvalidSignatureError,
    Program,
    sign_payload,
    sign_webhook,
    verify_payload,
    verify_webhook,
)
from affiliate_kit.types import WebhookHeaders, WebhookHeadersInput

from conftest import T

# The test vector of the standard-webhooks reference libraries, as in core/tests/webhook.rs.
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
TIMESTAMP = 1614265330
BODY = '{"test": 2432232314}'
SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

REFERENCE = WebhookHeaders(id=MSG_ID, timestamp=TIMESTAMP, signature=SIGNATURE)


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, timezone.utc)


def signature_reason(headers: WebhookHeaders, body: str, now: int, tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> str:
    with pytest.raises(InvalidSignatureError) as error:
        verify_payload(headers, body, SECRET, at(now), tolerance)
    assert error.value.code == "INVALID_SIGNATURE"
    assert isinstance(error.value, ValueError)
    prefix = "invalid webhook signature: "
    assert str(error.value).startswith(prefix)
    return str(error.value)[len(prefix):]


def test_reproduces_the_reference_signature() -> None:
    assert sign_payload(MSG_ID, at(TIMESTAMP), BODY, SECRET) == REFERENCE
    # Sub-second time is truncated; the bare base64 secret (without whsec_) is the same key.
    assert sign_payload(MSG_ID, at(TIMESTAMP) + timedelta(microseconds=999_000), BODY, SECRET) == REFERENCE
    assert sign_payload(MSG_ID, at(TIMESTAMP), BODY, SECRET[len("whsec_"):]).signature == SIGNATURE
    assert REFERENCE.to_pairs() == [
        ("webhook-id", MSG_ID), ("webhook-timestamp", "1614265330"), ("webhook-signature", SIGNATURE)]


def test_verifies_the_reference_signature() -> None:
    assert DEFAULT_TOLERANCE_SECONDS == 300
    verify_payload(REFERENCE, BODY, SECRET, at(TIMESTAMP))
    as_dict: WebhookHeadersInput = {"id": MSG_ID, "timestamp": TIMESTAMP, "signature": SIGNATURE}
    verify_payload(as_dict, BODY, SECRET, at(TIMESTAMP))
    for now in (TIMESTAMP - 300, TIMESTAMP + 300):  # the edges of the tolerance
        verify_payload(REFERENCE, BODY, SECRET, at(now))
    # Any matching entry of a space-separated list passes.
    several = replace(REFERENCE, signature=f"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SIGNATURE}")
    verify_payload(several, BODY, SECRET, at(TIMESTAMP))


def test_tampering_is_detected() -> None:
    assert signature_reason(REFERENCE, '{"test": 2432232315}', TIMESTAMP) == "no matching signature"
    assert signature_reason(REFERENCE, '{"test":2432232314}', TIMESTAMP) == "no matching signature"  # whitespace
    assert signature_reason(replace(REFERENCE, id=MSG_ID[:-1] + "l"), BODY, TIMESTAMP) == "no matching signature"
    assert signature_reason(replace(REFERENCE, timestamp=TIMESTAMP + 1), BODY, TIMESTAMP) == "no matching signature"
    truncated = replace(REFERENCE, signature="v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJE")
    assert signature_reason(truncated, BODY, TIMESTAMP) == "no matching signature"
    assert signature_reason(replace(REFERENCE, signature=""), BODY, TIMESTAMP) == "no matching signature"


def test_stale_and_future_timestamps() -> None:
    assert signature_reason(REFERENCE, BODY, TIMESTAMP + 301) == "timestamp too old"
    assert signature_reason(REFERENCE, BODY, TIMESTAMP - 301) == "timestamp too new"
    verify_payload(REFERENCE, BODY, SECRET, at(TIMESTAMP + 10), 10)
    assert signature_reason(REFERENCE, BODY, TIMESTAMP + 11, 10) == "timestamp too old"
    with pytest.raises(InvalidInputError):
        verify_payload(REFERENCE, BODY, SECRET, at(TIMESTAMP), -1)


def test_bad_secrets_and_ids_are_invalid_input() -> None:
    for secret in ("whsec_", "", "whsec_not base64!", "%%%%"):
        with pytest.raises(InvalidInputError) as error:
            sign_payload(MSG_ID, at(TIMESTAMP), BODY, secret)
        assert error.value.path == "secret"
    with pytest.raises(InvalidInputError) as error:
        sign_payload("", at(TIMESTAMP), BODY, SECRET)
    assert error.value.path == "msg_id"
    with pytest.raises(InvalidSignatureError):
        verify_payload(replace(REFERENCE, id=""), BODY, SECRET, at(TIMESTAMP))
    with pytest.raises(ValueError, match=r"^at: naive datetime refused"):
        sign_payload(MSG_ID, datetime(2021, 2, 25, 15, 2, 10), BODY, SECRET)


def test_program_events_sign_and_verify(alice_program: Program) -> None:
    event = alice_program.events_since(0)[-1]  # commission.created of o1
    assert event.type == "commission.created"
    signed = sign_webhook(event, SECRET, T(2, 0, 5))
    assert signed.body == event.to_json()  # the core's exact bytes
    assert signed.headers.id == event.id
    assert signed.headers.timestamp == int(T(2, 0, 5).timestamp())
    assert signed.headers.signature.startswith("v1,")
    # The same bytes signed as a payload give the same headers.
    assert sign_payload(event.id, T(2, 0, 5), signed.body, SECRET) == signed.headers
    received = verify_webhook(signed.headers, signed.body, SECRET, T(2, 0, 6))
    assert received == event and received.to_json() == event.to_json()
    assert received.payload() == event.payload()
    tampered = signed.body.replace('"10.00"', '"99.00"')
    assert tampered != signed.body
    with pytest.raises(InvalidSignatureError, match="no matching signature"):
        verify_webhook(signed.headers, tampered, SECRET, T(2, 0, 6))
    with pytest.raises(InvalidSignatureError, match="timestamp too old"):
        verify_webhook(signed.headers, signed.body, SECRET, T(2, 0, 11) + timedelta(seconds=1))
