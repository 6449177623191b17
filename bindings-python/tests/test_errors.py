"""Every error kind, raised by a real bad input through the public API: its class, its builtin base,
code, message and path; a rejected command changes nothing; exceptions pickle. Then the binding's
own checks: floats, naive datetimes and wrong types."""

from __future__ import annotations

import json
import pickle
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Type

import pytest

from affiliate_kit import (
    AffiliateKitError,
    ArithmeticOverflowError,
    BusyError,
    ConflictError,
    CorruptJournalError,
    CurrencyMismatchError,
    InvalidAllocationError,
    InvalidAmountError,
    InvalidCodeError,
    InvalidConfigError,
    InvalidCurrencyError,
    InvalidInputError,
    InvalidOrderError,
    InvalidPlanError,
    InvalidPolicyError,
    InvalidSignatureError,
    InvalidSnapshotError,
    InvalidStateError,
    LimitExceededError,
    NotFoundError,
    Plan,
    Program,
    StorageError,
    UnsupportedVersionError,
    allocate,
    generate_code,
    parse_decimal,
    verify_payload,
)
from affiliate_kit import money as m
from affiliate_kit.errors import BY_CODE
from affiliate_kit.types import WebhookHeadersInput

from conftest import SMALL_PLAN, T, eur, line, load_fixture, locked, order, unchanged

Call = Callable[[Program], Any]


def no_setup(p: Program) -> None:
    pass


def failed_payout(p: Program) -> None:
    """o2 of 500.00 brings Alice to 10.00 + 50.00 = 60.00; approved, paid out, the payout failed."""
    p.track_order(order("o2", line("l1", "p", "500.00"), code="ALICE"), at=T(2))
    p.approve_due(at=T(20))
    p.create_payouts(at=T(20))
    p.mark_payout_failed("pay_1", "bank rejected", at=T(21))


def with_schema_version(p: Program, version: int) -> str:
    snapshot = json.loads(p.snapshot())
    snapshot["schema_version"] = version
    return json.dumps(snapshot)


def config(**change: Any) -> Dict[str, Any]:
    result: Dict[str, Any] = load_fixture("month-config.json")
    result.update(change)
    return result


def in_tmp(call: Callable[[Path], Any]) -> Any:
    """``call`` on a fresh temporary directory, removed afterwards (whatever ``call`` raises)."""
    with tempfile.TemporaryDirectory() as directory:
        return call(Path(directory))


def open_text_file(directory: Path) -> Any:
    """Opens a text file as a durable program."""
    (directory / "notes.txt").write_text("not a database\n" * 100, encoding="utf-8")
    return Program.open(directory / "notes.txt", config())


def register_while_locked(directory: Path) -> Any:
    """Registers an affiliate in a durable program whose file another process holds locked."""
    with Program.open(directory / "program.db", config(), busy_timeout=0.05) as durable, locked(directory / "program.db"):
        return durable.register_affiliate({"name": "Bob", "email": "bob@example.com"}, at=T(3))


#: The reference test vector of Standard Webhooks (core/tests/webhook.rs), with the body tampered.
REFERENCE_HEADERS: WebhookHeadersInput = {"id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "timestamp": 1614265330,
                     "signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}

# (code, class, builtin, setup, call, is a program command, message (exact, or prefix if ending in "..."), path)
CASES: List[Any] = [
    ("INVALID_AMOUNT", InvalidAmountError, ValueError, no_setup,
     lambda p: p.refund({"id": "r1", "order_id": "o1", "amount": "0"}, at=T(3)), True,
     'invalid amount "0": a refund is positive, with at most 12 decimals', None),
    ("INVALID_AMOUNT", InvalidAmountError, ValueError, no_setup, lambda p: parse_decimal("1,50"), False,
     'invalid amount "1,50": ...', None),
    ("INVALID_CURRENCY", InvalidCurrencyError, ValueError, no_setup, lambda p: p.balance("aff_1", "eur"), False,
     'invalid currency "eur": expected three upper-case letters (ISO 4217), e.g. "EUR"', None),
    ("CURRENCY_MISMATCH", CurrencyMismatchError, ValueError, no_setup,
     lambda p: p.track_order(order("o2", line("l1", "p", "1.00"), currency="USD", code="ALICE"), at=T(3)), True,
     "currency mismatch: expected EUR, found USD", None),
    ("OVERFLOW", ArithmeticOverflowError, OverflowError, no_setup,
     # 7922816251426433759354395033 (28 digits, ~7.9e27) x 100 = ~7.9e29: beyond 96 bits (~7.9e28).
     lambda p: m.mul(eur("7922816251426433759354395033"), 100), False,
     "arithmetic overflow in money multiplication", None),
    ("INVALID_ALLOCATION", InvalidAllocationError, ValueError, no_setup, lambda p: allocate(eur("1.00"), [0, 0]), False,
     "invalid allocation: weights sum to zero", None),
    ("INVALID_CODE", InvalidCodeError, ValueError, no_setup,
     lambda p: p.register_affiliate({"name": "Bob", "email": "bob@example.com", "code": "ADMIN"}, at=T(3)), True,
     'invalid code "ADMIN": ADMIN is a reserved word', None),
    ("INVALID_POLICY", InvalidPolicyError, ValueError, no_setup, lambda p: generate_code(1, {"generated_length": 0}),
     False, "invalid code policy: generated_length must be at least 1", None),
    ("INVALID_PLAN", InvalidPlanError, ValueError, no_setup,
     lambda p: Plan.from_dict({**SMALL_PLAN, "rules": [{**SMALL_PLAN["rules"][0], "rate": "-1"}]}), False,
     "invalid plan at rules[0].rate: rate -1 is outside 0..=100", "rules[0].rate"),
    ("INVALID_PLAN", InvalidPlanError, ValueError, no_setup,
     lambda p: Program(config(plan={"currency": "EUR", "rules": []})), False,
     "invalid plan at plan.rules: a plan needs at least one rule", "plan.rules"),
    ("INVALID_ORDER", InvalidOrderError, ValueError, no_setup,
     lambda p: p.track_order(order("o2", line("l1", "p", "1.00", quantity=0)), at=T(3)), True,
     "invalid order at lines[0].quantity: must be at least 1", "lines[0].quantity"),
    ("NOT_FOUND", NotFoundError, KeyError, no_setup, lambda p: p.set_affiliate_status("aff_9", "active", at=T(3)),
     True, 'affiliate not found: "aff_9"', None),
    ("NOT_FOUND", NotFoundError, KeyError, no_setup, lambda p: p.record_click("v1", "NOPE", at=T(3)), True,
     'code not found: "NOPE"', None),
    ("CONFLICT", ConflictError, ValueError, no_setup,
     lambda p: p.register_affiliate({"name": "Alice 2", "email": "ALICE@EXAMPLE.COM"}, at=T(3)), True,
     'conflict: e-mail "ALICE@EXAMPLE.COM" belongs to another affiliate', None),
    ("CONFLICT", ConflictError, ValueError, no_setup,  # o1 again with another payload
     lambda p: p.track_order(order("o1", line("l1", "p", "200.00"), code="ALICE"), at=T(2)), True,
     'conflict: order "o1" was already tracked with a different payload', None),
    ("LIMIT_EXCEEDED", LimitExceededError, ValueError, no_setup,
     lambda p: p.invite([f"friend{i}@example.com" for i in range(26)], at=T(3)), True,
     "limit exceeded: 26 e-mails in one invitation batch; the limit is 25", None),
    ("LIMIT_EXCEEDED", LimitExceededError, ValueError, no_setup,
     lambda p: p.refund({"id": "r1", "order_id": "o1", "amount": "100.01"}, at=T(3)), True,
     'limit exceeded: refund of 100.01 EUR is more than the 100.00 EUR left on order "o1"', None),
    ("INVALID_STATE", InvalidStateError, RuntimeError, failed_payout, lambda p: p.mark_payout_paid("pay_1", at=T(22)),
     True, "invalid state: payout pay_1 is already failed", None),
    ("INVALID_INPUT", InvalidInputError, ValueError, no_setup,
     lambda p: p.register_affiliate({"name": "Bob", "email": "bob@"}, at=T(3)), True,
     'invalid input at email: "bob@" is not an e-mail address: the domain must be labels separated by dots, '
     "e.g. example.com", "email"),
    ("INVALID_INPUT", InvalidInputError, ValueError, no_setup, lambda p: p.record_click("", "ALICE", at=T(3)), True,
     'invalid input at visitor_id: "" must be 1 to 320 visible ASCII characters', "visitor_id"),
    ("INVALID_CONFIG", InvalidConfigError, ValueError, no_setup, lambda p: Program(config(timezone="Mars/Olympus")),
     False, 'invalid config at timezone: unknown timezone "Mars/Olympus": ...', "timezone"),
    ("INVALID_SNAPSHOT", InvalidSnapshotError, ValueError, no_setup, lambda p: Program.restore(p.snapshot()[:50]),
     False, "invalid snapshot: ...", None),
    ("INVALID_SNAPSHOT", InvalidSnapshotError, ValueError, no_setup,
     lambda p: Program.replay(config(), [{"verb": "delete_affiliate", "affiliate_id": "aff_9", "at": "2026-03-01T00:00:00Z"}]),
     False, 'invalid snapshot: command 0 (delete_affiliate) was rejected: affiliate not found: "aff_9"', None),
    ("UNSUPPORTED_VERSION", UnsupportedVersionError, ValueError, no_setup,
     lambda p: Program.restore(with_schema_version(p, 99)), False,
     "unsupported snapshot schema_version 99 (this library reads up to 3)", None),
    ("INVALID_SIGNATURE", InvalidSignatureError, ValueError, no_setup,
     lambda p: verify_payload(REFERENCE_HEADERS, '{"test": 2432232315}', "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                              datetime.fromtimestamp(1614265330, T(1).tzinfo)), False,
     "invalid webhook signature: no matching signature", None),
    ("STORAGE", StorageError, OSError, no_setup,  # a directory that does not exist
     lambda p: in_tmp(lambda d: Program.open(d / "missing" / "program.db", config())), False,
     "storage error in open: unable to open database file: ...", None),
    ("BUSY", BusyError, TimeoutError, no_setup, lambda p: in_tmp(register_while_locked), False,
     "database busy: append: database is locked", None),
    ("CORRUPT_JOURNAL", CorruptJournalError, ValueError, no_setup, lambda p: in_tmp(open_text_file), False,
     "corrupt journal: open: file is not a database", None),
]


def test_every_error_kind_is_covered() -> None:
    assert len(BY_CODE) == 21
    assert {case[0] for case in CASES} == set(BY_CODE)
    for code, cls in BY_CODE.items():
        assert cls.code == code and issubclass(cls, AffiliateKitError)


@pytest.mark.parametrize(
    ("code", "cls", "builtin", "setup", "call", "command", "message", "path"), CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_error_kind(
    alice_program: Program, code: str, cls: Type[AffiliateKitError], builtin: Type[Exception],
    setup: Callable[[Program], None], call: Call, command: bool, message: str, path: Optional[str],
) -> None:
    p = alice_program  # Alice (aff_1, code ALICE) and o1 of 100.00
    setup(p)
    log = len(p.command_log())
    with unchanged(p), pytest.raises(cls) as caught:
        call(p)
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, builtin) and isinstance(error, AffiliateKitError)
    assert error.code == code == BY_CODE[code].code
    if message.endswith("..."):
        assert str(error).startswith(message[:-3])
    else:
        assert str(error) == message
    assert error.message == str(error)
    assert error.path == path
    assert len(p.command_log()) == log
    # Pickling keeps the class, the message, the path and the details.
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert (str(again), again.path, again.details) == (str(error), error.path, error.details)


def test_structured_details() -> None:
    program = Program(config())
    with pytest.raises(NotFoundError) as not_found:
        program.affiliate("aff_9")
    assert (not_found.value.entity, not_found.value.id) == ("affiliate", "aff_9")
    assert str(not_found.value) == 'affiliate not found: "aff_9"'  # not KeyError's quoted repr
    with pytest.raises(UnsupportedVersionError) as version:
        Program.restore(with_schema_version(program, 99))
    assert (version.value.document, version.value.found, version.value.supported) == ("snapshot schema_version", 99, 3)
    with pytest.raises(StorageError) as storage:
        in_tmp(lambda d: Program.open(d / "missing" / "program.db", config()))
    assert storage.value.operation == "open"
    assert storage.value.errno is None  # an OSError, but not one of the operating system's
    again_storage = pickle.loads(pickle.dumps(storage.value))
    assert (type(again_storage), again_storage.operation) == (StorageError, "open")
    with pytest.raises(CurrencyMismatchError) as mismatch:
        m.add(eur("1.00"), m.money("1.00", "USD"))
    again = pickle.loads(pickle.dumps(mismatch.value))
    assert (again.expected, again.found) == ("EUR", "USD")
    with pytest.raises(InvalidCodeError) as invalid:
        program.register_affiliate({"name": "Bob", "email": "bob@example.com", "code": "ADMIN"}, at=T(1))
    assert invalid.value.problem is not None
    assert json.loads(invalid.value.problem) == {"type": "reserved", "word": "ADMIN"}


# ---- the binding's own checks --------------------------------------------------------------------


def float_line() -> Any:
    bad: Any = order("o2", line("l1", "p", "1.00"))
    bad["lines"][0]["unit_price"] = 19.99
    return bad


BINDING_CASES: List[Any] = [
    # (exception, message prefix, call)
    (TypeError, "track_order.order.lines[0].unit_price: float is not accepted",
     lambda p: p.track_order(float_line(), at=T(3))),
    (TypeError, "refund.refund.amount: float is not accepted",
     lambda p: p.refund({"id": "r1", "order_id": "o1", "amount": 5.0}, at=T(3))),
    (TypeError, "add_code.incentive.discount.percent: float is not accepted",
     lambda p: p.add_code("aff_1", "VIP", {"discount": {"type": "percent_off", "percent": 10.0}}, at=T(3))),
    (TypeError, "order.lines[0].unit_price: float is not accepted", lambda p: p.quote(float_line(), at=T(3))),
    (ValueError, "track_order.at: naive datetime refused",
     lambda p: p.track_order(order("o2", line("l1", "p", "1.00")), at=datetime(2026, 3, 3))),
    (ValueError, "add_code.expires_at: naive datetime refused",
     lambda p: p.add_code("aff_1", "VIP", expires_at=datetime(2026, 4, 1), at=T(3))),
    (ValueError, "at: naive datetime refused", lambda p: p.validate_code("ALICE", at=datetime(2026, 3, 3))),
    (ValueError, "from: naive datetime refused", lambda p: p.report("day", datetime(2026, 3, 1), T(2))),
    (TypeError, "register_affiliate.at: expected a timezone-aware datetime, got str",
     lambda p: p.register_affiliate({"name": "Bob", "email": "bob@example.com"}, at="2026-03-03T00:00:00Z")),
    (TypeError, "approve_due.at: expected a timezone-aware datetime, got NoneType", lambda p: p.approve_due(at=None)),
    (TypeError, "emails: expected a sequence of e-mail addresses, got a single str",
     lambda p: p.invite("bob@example.com", at=T(3))),
    (TypeError, "seed: expected int, got str", lambda p: p.generate_code("aff_1", "42", at=T(3))),
    (TypeError, "affiliate_id: expected str, got int", lambda p: p.affiliate(5)),
    (TypeError, "code: expected str, got NoneType", lambda p: p.validate_code(None, at=T(3))),
    (TypeError, "config.minimum_payout.EUR: float is not accepted",
     lambda p: Program(config(minimum_payout={"EUR": 50.0}))),
]


@pytest.mark.parametrize(("exception", "message", "call"), BINDING_CASES, ids=[c[1].split(":")[0] for c in BINDING_CASES])
def test_binding_checks(alice_program: Program, exception: Type[Exception], message: str, call: Call) -> None:
    with unchanged(alice_program), pytest.raises(exception) as caught:
        call(alice_program)
    assert type(caught.value) is exception  # a plain builtin, not a core error
    assert str(caught.value).startswith(message)
