"""The exceptions of affiliate-kit: one base class and one class per core error kind.

Each class also derives from the natural builtin, so ``except ValueError`` keeps working in code
that does not know this library. The message is the core's; ``code`` is the core's stable kind code
(the same one the JavaScript binding puts on its errors).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type

__all__ = [
    "AffiliateKitError",
    "InvalidAmountError",
    "InvalidCurrencyError",
    "CurrencyMismatchError",
    "ArithmeticOverflowError",
    "InvalidAllocationError",
    "InvalidCodeError",
    "InvalidPolicyError",
    "InvalidPlanError",
    "InvalidOrderError",
    "NotFoundError",
    "ConflictError",
    "LimitExceededError",
    "InvalidStateError",
    "InvalidInputError",
    "InvalidConfigError",
    "InvalidSnapshotError",
    "UnsupportedVersionError",
    "InvalidSignatureError",
    "StorageError",
    "BusyError",
    "CorruptJournalError",
]


class AffiliateKitError(Exception):
    """Base class of every error the core raises."""

    code: str = "AFFILIATE_KIT_ERROR"
    """The core's stable error kind, e.g. ``"INVALID_CODE"``."""

    def __init__(self, message: str, *, path: Optional[str] = None, details: Optional[Mapping[str, Any]] = None):
        super().__init__(message)
        self.message = message
        """The core's message."""
        self.path = path
        """The offending field (``rules[2].tiers[1].threshold``, ``lines[0].quantity``, ``email``), if any."""
        self.details: Dict[str, Any] = dict(details or {})
        """The error's other fields (e.g. ``entity`` and ``id`` of a ``NotFoundError``)."""

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        return (_rebuild, (type(self), self.message, self.path, self.details))


def _rebuild(cls: Type[AffiliateKitError], message: str, path: Optional[str], details: Dict[str, Any]) -> AffiliateKitError:
    return cls(message, path=path, details=details)


class InvalidAmountError(AffiliateKitError, ValueError):
    """A decimal amount could not be parsed or is out of range (``1e3``, ``NaN``, ``1,50``)."""

    code = "INVALID_AMOUNT"


class InvalidCurrencyError(AffiliateKitError, ValueError):
    """A currency code is unknown or malformed (``eur``, ``EURO``)."""

    code = "INVALID_CURRENCY"


class CurrencyMismatchError(AffiliateKitError, ValueError):
    """Two amounts in different currencies were combined; ``expected`` and ``found`` name them."""

    code = "CURRENCY_MISMATCH"

    @property
    def expected(self) -> Optional[str]:
        """The currency the operation works in."""
        return self.details.get("expected")

    @property
    def found(self) -> Optional[str]:
        """The currency that was offered."""
        return self.details.get("found")


class ArithmeticOverflowError(AffiliateKitError, OverflowError):
    """Arithmetic left the range of a 96-bit decimal."""

    code = "OVERFLOW"


class InvalidAllocationError(AffiliateKitError, ValueError):
    """An allocation could not be made (no weights, a negative weight, all weights zero)."""

    code = "INVALID_ALLOCATION"


class InvalidCodeError(AffiliateKitError, ValueError):
    """A referral code is malformed or breaks the code policy; ``problem`` says why (core JSON)."""

    code = "INVALID_CODE"

    @property
    def problem(self) -> Optional[str]:
        """The structured reason, as the core's JSON."""
        return self.details.get("problem")


class InvalidPolicyError(AffiliateKitError, ValueError):
    """A code policy is inconsistent."""

    code = "INVALID_POLICY"


class InvalidPlanError(AffiliateKitError, ValueError):
    """A commission plan failed to load or validate; ``path`` names the bad field."""

    code = "INVALID_PLAN"


class InvalidOrderError(AffiliateKitError, ValueError):
    """An order or quote context is malformed; ``path`` names the bad field."""

    code = "INVALID_ORDER"


class NotFoundError(AffiliateKitError, KeyError):
    """A referenced affiliate, code, order, commission, payout or invitation does not exist."""

    code = "NOT_FOUND"

    @property
    def entity(self) -> Optional[str]:
        """What was looked up: ``affiliate``, ``code``, ``order``, ..."""
        return self.details.get("entity")

    @property
    def id(self) -> Optional[str]:
        """The id (or code) asked for."""
        return self.details.get("id")


class ConflictError(AffiliateKitError, ValueError):
    """The command contradicts existing state (a duplicate e-mail or code, an order id reused)."""

    code = "CONFLICT"


class LimitExceededError(AffiliateKitError, ValueError):
    """A limit was exceeded (too many invitations, a refund larger than what is left)."""

    code = "LIMIT_EXCEEDED"


class InvalidStateError(AffiliateKitError, RuntimeError):
    """The command is not allowed in the current state (paying a failed payout, ...)."""

    code = "INVALID_STATE"


class InvalidInputError(AffiliateKitError, ValueError):
    """An argument is malformed (an e-mail, an empty id, a timestamp); ``path`` names it."""

    code = "INVALID_INPUT"


class InvalidConfigError(AffiliateKitError, ValueError):
    """A program configuration failed to load or validate; ``path`` names the bad field."""

    code = "INVALID_CONFIG"


class InvalidSnapshotError(AffiliateKitError, ValueError):
    """A snapshot or command log is malformed, truncated or inconsistent."""

    code = "INVALID_SNAPSHOT"


class UnsupportedVersionError(AffiliateKitError, ValueError):
    """A snapshot (or a durable program's file) was written by a newer version of the library."""

    code = "UNSUPPORTED_VERSION"

    @property
    def document(self) -> Optional[str]:
        """Which version: ``snapshot schema_version``, ``store schema version``, ``journal format``."""
        return self.details.get("document")

    @property
    def found(self) -> Optional[int]:
        """The version found."""
        return self.details.get("found")

    @property
    def supported(self) -> Optional[int]:
        """The newest schema_version this library reads."""
        return self.details.get("supported")


class InvalidSignatureError(AffiliateKitError, ValueError):
    """A webhook signature is missing, malformed, stale or does not match."""

    code = "INVALID_SIGNATURE"


class StorageError(AffiliateKitError, OSError):
    """A durable program's storage failed (a full disk, a read-only or missing file, an I/O error); the
    command was not acknowledged and is not in the program. ``operation`` says what the store was doing."""

    code = "STORAGE"

    @property
    def operation(self) -> Optional[str]:
        """What the store was doing: ``open``, ``append``, ``checkpoint``, ``read``, ..."""
        return self.details.get("operation")


class BusyError(AffiliateKitError, TimeoutError):
    """A durable program's file stayed locked by another writer past the busy timeout; nothing was
    written: retry later."""

    code = "BUSY"


class CorruptJournalError(AffiliateKitError, ValueError):
    """A durable program's file is not an affiliate-kit program, or its journal has a gap, a bad digest
    or replays differently than it was written; nothing was changed."""

    code = "CORRUPT_JOURNAL"


BY_CODE: Dict[str, Type[AffiliateKitError]] = {
    cls.code: cls
    for cls in (
        InvalidAmountError,
        InvalidCurrencyError,
        CurrencyMismatchError,
        ArithmeticOverflowError,
        InvalidAllocationError,
        InvalidCodeError,
        InvalidPolicyError,
        InvalidPlanError,
        InvalidOrderError,
        NotFoundError,
        ConflictError,
        LimitExceededError,
        InvalidStateError,
        InvalidInputError,
        InvalidConfigError,
        InvalidSnapshotError,
        UnsupportedVersionError,
        InvalidSignatureError,
        StorageError,
        BusyError,
        CorruptJournalError,
    )
}
"""Exception class by core error code."""


def _from_core(code: str, message: str, details: Dict[str, Any]) -> AffiliateKitError:
    """Called by the native module: the exception of a core error."""
    cls = BY_CODE.get(code, AffiliateKitError)
    path = details.pop("path", None)
    return cls(message, path=path, details=details)
