"""Referral codes: normalization, seeded generation with a check symbol, the offline format verdict,
vanity codes and the customer incentive a code carries. A ``policy`` is a ``CodePolicyInput`` dict
(or ``None`` for the default policy)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import List, Optional, Union

from . import _codec, _native
from ._args import amount, dumps, load, text, timestamp
from .types import CodeFormat, CodePolicy, CodePolicyInput, Incentive, IncentiveInput, IncentivePreview, Money, Order, RoundingMode

__all__ = [
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
    "normalize",
    "parse_generated",
    "validate_vanity",
]

PolicyArg = Optional[Union[CodePolicyInput, CodePolicy]]
"""A code policy: a dict, a ``CodePolicy`` read back, or ``None`` for the default."""

IncentiveArg = Union[IncentiveInput, Incentive]
"""An incentive: a dict or an ``Incentive`` read back."""


def _policy(policy: PolicyArg) -> Optional[str]:
    return None if policy is None else dumps(policy, "policy")


def normalize(code: str, policy: PolicyArg = None) -> str:
    """A code as typed (spaces, hyphens, look-alikes, case) in its normal form."""
    return _native.normalize(text(code, "code"), _policy(policy))


def canonical_code(code: str, policy: PolicyArg = None) -> str:
    """The key a code is stored and looked up under, so every spelling finds it."""
    return _native.canonical_code(text(code, "code"), _policy(policy))


def check_format(code: str, policy: PolicyArg = None) -> CodeFormat:
    """The offline verdict on a code as typed: generated, likely typo, vanity, or invalid (and why)."""
    verdict: CodeFormat = _codec.decode(CodeFormat, json.loads(_native.check_format(text(code, "code"), _policy(policy))))
    return verdict


def parse_generated(code: str, policy: PolicyArg = None) -> str:
    """A generated code with a valid check symbol, normalized; else InvalidCodeError."""
    return _native.parse_generated(text(code, "code"), _policy(policy))


def validate_vanity(code: str, policy: PolicyArg = None) -> str:
    """A vanity code allowed by the policy, normalized; else InvalidCodeError."""
    return _native.validate_vanity(text(code, "code"), _policy(policy))


def generate_code(seed: int, policy: PolicyArg = None) -> str:
    """A generated code from ``seed`` (the same seed gives the same code in every language)."""
    return _native.generate_code(seed, _policy(policy))


def generate_codes(seed: int, count: int, policy: PolicyArg = None) -> List[str]:
    """``count`` distinct generated codes from ``seed``."""
    return _native.generate_codes(seed, count, _policy(policy))


def check_symbol(payload: str) -> Optional[str]:
    """The check symbol of a Crockford base32 payload, or None if it has other symbols."""
    return _native.check_symbol(text(payload, "payload"))


def has_valid_check(code: str) -> bool:
    """Whether the last symbol of ``code`` is the check symbol of the rest."""
    return _native.has_valid_check(text(code, "code"))


def default_code_policy() -> CodePolicy:
    """The default code policy."""
    return load(CodePolicy, _native.default_code_policy())


def incentive(value: IncentiveArg) -> Incentive:
    """An incentive as the core reads it (validated): a malformed shape is an InvalidInputError naming
    the field; a percent outside 0..100 or a negative amount an InvalidAmountError."""
    return load(Incentive, _native.incentive(dumps(value, "incentive")))


def incentive_preview(
    value: IncentiveArg, subtotal: Money, at: datetime, rounding: RoundingMode = "half_up"
) -> IncentivePreview:
    """The effect of an incentive on a subtotal at ``at``: the discount and the total to pay."""
    return load(
        IncentivePreview,
        _native.incentive_preview(
            dumps(value, "incentive"), amount(subtotal.amount, "subtotal"), subtotal.currency, timestamp(at, "at"), text(rounding, "rounding")
        ),
    )


def incentive_preview_order(
    value: IncentiveArg, order: Order, at: datetime, rounding: RoundingMode = "half_up"
) -> IncentivePreview:
    """The effect of an incentive on an order's subtotal."""
    return load(
        IncentivePreview,
        _native.incentive_preview_order(dumps(value, "incentive"), dumps(order, "order"), timestamp(at, "at"), text(rounding, "rounding")),
    )


def email_key(email: str) -> str:
    """The case-insensitive key of an e-mail address (how duplicates are found); checks the address."""
    return _native.email_key(text(email, "email"))
