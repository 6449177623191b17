"""affiliate-kit: an embeddable affiliate program engine with decimal money.

The same Rust core as the JavaScript and Kotlin bindings, behind a typed Python API: money as
``decimal.Decimal`` (int and str accepted on input, floats refused), timezone-aware datetimes,
immutable result records with ``to_dict()``, and one exception class per error kind.

>>> from datetime import datetime, timezone
>>> plan = Plan.from_dict({"currency": "EUR", "rules": [
...     {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "15"}]})
>>> order = {"id": "o1", "currency": "EUR",
...          "lines": [{"id": "l1", "product": "p1", "quantity": 1, "unit_price": "199.99"}]}
>>> plan.quote(order, {"affiliate": "aff_1", "at": datetime(2026, 5, 1, tzinfo=timezone.utc)}).total
Money(amount=Decimal('30.00'), currency='EUR')
"""

from __future__ import annotations

from . import errors, types
from ._native import __version__
from .batch import CollectedQuoteColumns, QuoteColumns, quote_many
from .codes import (
    canonical_code,
    check_format,
    check_symbol,
    default_code_policy,
    email_key,
    generate_code,
    generate_codes,
    has_valid_check,
    incentive,
    incentive_preview,
    incentive_preview_order,
    normalize,
    parse_generated,
    validate_vanity,
)
from .delivery import Endpoint, WebhookWorker
from .durable import DurableProgram
from .errors import *  # noqa: F401,F403 - the exception classes are part of the top-level API
from .errors import __all__ as _error_names
from .money import (
    Currency,
    Money,
    RoundingMode,
    allocate,
    parse_decimal,
    parse_non_negative,
    round_to_minor_units,
)
from .periods import bucket_of, buckets_between, next_bucket, timezone
from .plans import Plan, order_totals
from .program import Program
from .types import Event
from .webhooks import DEFAULT_TOLERANCE_SECONDS, sign_payload, sign_webhook, verify_payload, verify_webhook

__all__ = [
    "__version__",
    "errors",
    "types",
    "Currency",
    "DEFAULT_TOLERANCE_SECONDS",
    "DurableProgram",
    "Endpoint",
    "Event",
    "Money",
    "Plan",
    "Program",
    "QuoteColumns",
    "CollectedQuoteColumns",
    "RoundingMode",
    "WebhookWorker",
    "allocate",
    "bucket_of",
    "buckets_between",
    "canonical_code",
    "check_format",
    "check_symbol",
    "default_code_policy",
    "email_key",
    "generate_code",
    "generate_codes",
    "has_valid_check",
    "incentive",
    "incentive_preview",
    "incentive_preview_order",
    "next_bucket",
    "normalize",
    "order_totals",
    "parse_decimal",
    "parse_generated",
    "parse_non_negative",
    "quote_many",
    "round_to_minor_units",
    "sign_payload",
    "sign_webhook",
    "timezone",
    "validate_vanity",
    "verify_payload",
    "verify_webhook",
    *_error_names,
]
