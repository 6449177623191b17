"""The shared scenarios (``core/tests/scenarios/*.json``) run through the Python public API.

Each file is one pytest case. The format and the matching rules are those of
``core/tests/scenarios/README.md``; this runner follows the Rust one (``core/tests/scenarios.rs``):

* a command verb is ``getattr(program, verb)(**arguments)``, with the timestamp arguments (``at``,
  ``expires_at``, ``effective_from``, ``now``, ``from``, ``to``) parsed to aware datetimes and ``from`` passed as ``from_``;
* a read verb calls the method of the same name (``sign_webhook`` / ``verify_webhook`` call the module
  functions; ``verify_webhook`` takes the headers and body of the last ``sign_webhook`` step unless
  given); ``restore`` replaces the program by ``Program.restore(program.snapshot())``;
* ``expect`` is matched partially against the answer's ``to_dict()`` (a list of records: a list of
  dicts); a decimal string matches a ``Decimal`` (or another decimal string) of the same value, a
  timestamp string matches a ``datetime`` at the same instant;
* ``error`` is matched against the ``code`` of the ``AffiliateKitError`` raised; the snapshot and the
  command log must then be unchanged. A read must leave the snapshot unchanged too;
* the final checks: ``final.balances``, ``final.event_types``, money conservation in every currency, events reading back
  from their JSON, ``Program.restore`` and ``Program.replay`` giving the same snapshot and answers.

A failure names the file, the step (1-based) and its verb, and shows the expected and actual JSON.
``SCENARIO_STRICT_DECIMALS=1`` compares decimals by their text, as the Rust runner does.

Each scenario also runs on a durable program (``Program.open`` on a file in a temporary directory, a
checkpoint every 3 commands), closed and reopened from its file after every step; reopening must give
the same snapshot. Its snapshot
holds no events (they are in the file, read with ``events_since``) and its command log is the file's
journal (``drain_events`` is not journaled), so: a ``restore`` step checks that ``Program.restore``
gives the same snapshot and goes on with the file; the final ``Program.replay`` check compares the
snapshots without their ``events``, and the replayed program's events with the file's, one by one.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from affiliate_kit import (
    AffiliateKitError,
    DurableProgram,
    Event,
    Program,
    sign_webhook,
    verify_webhook,
)
from affiliate_kit._codec import format_datetime, parse_datetime
from affiliate_kit.errors import BY_CODE
from affiliate_kit.types import SignedWebhook

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "core" / "tests" / "scenarios"
SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "affiliate-kit.json"

#: The verbs that are commands (they go into the command log; the core's ``Command::VERBS``, read
#: from schema/affiliate-kit.json); every other verb is a read.
COMMAND_VERBS = frozenset(json.loads(SCHEMA.read_text())["command_verbs"])
#: The verbs that drop the command log (it held the personal data they erase).
ERASE_VERBS = frozenset({"erase_affiliate", "erase_customer"})

#: The reads that are ``Program`` methods taking the step's arguments as they are.
PROGRAM_READS = frozenset(
    {
        "affiliate",
        "affiliate_by_code",
        "affiliates",
        "validate_code",
        "quote",
        "balance",
        "stats",
        "report",
        "events_since",
        "plans",
        "what_if",
    }
)

#: Step keys the runner strips before reading the verb's arguments.
RUNNER_KEYS = ("expect", "error", "note")

#: Top-level arguments that are RFC 3339 timestamps (nested ones travel as JSON strings).
TIMESTAMP_KEYS = frozenset({"at", "expires_at", "effective_from", "now", "from", "to"})

#: Arguments whose JSON name is a Python keyword.
RENAMED_KEYS = {"from": "from_"}

#: A durable program checkpoints every 3 commands: reopening starts from a checkpoint, then replays.
CHECKPOINT_EVERY = 3

BALANCE_FIELDS = ("pending", "held", "approved", "payable", "in_payout", "paid", "earned", "reversed")

TOP_LEVEL_KEYS = frozenset({"name", "description", "note", "config", "steps", "final"})


class ScenarioFailure(AssertionError):
    """A scenario does not hold; the message names the step and shows expected vs actual."""


# ---------------------------------------------------------------------------------------------------
# Plain values: what an answer's to_dict() holds (dicts, lists, Decimal, datetime, str, int, bool, None)


def plain(answer: Any) -> Any:
    """An answer as plain data: a record as its ``to_dict()``, a list of records as a list of dicts."""
    if answer is None or isinstance(answer, (str, int, bool, Decimal, datetime)):
        return answer
    if isinstance(answer, (list, tuple)):
        return [plain(item) for item in answer]
    if isinstance(answer, dict):
        return {str(k): plain(v) for k, v in answer.items()}
    to_dict: Optional[Callable[[], Dict[str, Any]]] = getattr(answer, "to_dict", None)
    if to_dict is None:
        raise TypeError(f"cannot compare an answer of type {type(answer).__name__}")
    return plain(to_dict())


def as_json(value: Any) -> Any:
    """Plain data with decimals and datetimes as the strings JSON would carry (for messages and exact
    comparisons)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def pretty(value: Any) -> str:
    return json.dumps(as_json(value), indent=2, ensure_ascii=False).replace("\n", "\n      ")


def as_decimal(value: Any) -> Optional[Decimal]:
    """A strictly written decimal string (``-12.50``, ``3``), as the library writes amounts."""
    if not isinstance(value, str):
        return None
    body = value[1:] if value.startswith("-") else value
    whole, _, frac = body.partition(".")
    if "." in body and not frac:
        return None
    if not (whole.isascii() and whole.isdigit()) or not (frac == "" or (frac.isascii() and frac.isdigit())):
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def strict_decimals() -> bool:
    return os.environ.get("SCENARIO_STRICT_DECIMALS") == "1"


def scalar_matches(expected: Any, actual: Any) -> bool:
    """Whether a JSON scalar of ``expect`` matches a plain value of the answer."""
    if isinstance(expected, str):
        if isinstance(actual, Decimal):
            if strict_decimals():
                return format(actual, "f") == expected
            wanted = as_decimal(expected)
            return wanted is not None and wanted == actual
        if isinstance(actual, datetime):
            try:
                return parse_datetime(expected) == actual
            except ValueError:
                return False
        if isinstance(actual, str):
            e, a = as_decimal(expected), as_decimal(actual)
            if e is not None and a is not None and not strict_decimals():
                return e == a
            return expected == actual
        return False
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if expected is None:
        return actual is None
    if isinstance(expected, (int, float)):
        return isinstance(actual, (int, float)) and expected == actual
    return bool(expected == actual)


def compare(expected: Any, actual: Any, path: str, diffs: List[str]) -> None:
    """Partial match: every key of ``expected`` must be in ``actual`` and match; lists match element-wise
    with the same length; scalars as :func:`scalar_matches` says."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            sub = f"{path}.{key}"
            if key in actual:
                compare(value, actual[key], sub, diffs)
            else:
                diffs.append(f"{sub}: expected {json.dumps(value)}, but the key is absent")
    elif isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            diffs.append(f"{path}: expected {len(expected)} elements, got {len(actual)}")
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare(e, a, f"{path}[{i}]", diffs)
    elif not scalar_matches(expected, actual):
        diffs.append(f"{path}: expected {json.dumps(as_json(expected))}, got {json.dumps(as_json(actual))}")


def project(expected: Any, actual: Any) -> Any:
    """``actual`` cut down to the keys ``expected`` names (for readable failure messages)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: project(v, actual[k]) for k, v in expected.items() if k in actual}
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [project(e, a) for e, a in zip(expected, actual)]
    return actual


def exact_diffs(a: Any, b: Any, path: str, out: List[str]) -> None:
    """Every path where two JSON-like values differ at all (decimal text included)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key, value in a.items():
            if key in b:
                exact_diffs(value, b[key], f"{path}.{key}", out)
            else:
                out.append(f"{path}.{key}: {json.dumps(value)} vs absent")
        for key in b:
            if key not in a:
                out.append(f"{path}.{key}: absent vs {json.dumps(b[key])}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            exact_diffs(x, y, f"{path}[{i}]", out)
    elif a != b or type(a) is not type(b):
        out.append(f"{path}: {json.dumps(a)} vs {json.dumps(b)}")


# ---------------------------------------------------------------------------------------------------
# The runner


def arguments(args: Dict[str, Any]) -> Dict[str, Any]:
    """A step's arguments as Python keyword arguments: timestamps parsed, ``from`` as ``from_``."""
    out: Dict[str, Any] = {}
    for key, value in args.items():
        if key in TIMESTAMP_KEYS and isinstance(value, str):
            value = parse_datetime(value)
        out[RENAMED_KEYS.get(key, key)] = value
    return out


@dataclass
class Runner:
    """The scenario's program, the last signed webhook and the commands accepted before a restore; for
    a durable program, its file."""

    config: Dict[str, Any]
    program: Program
    last_signed: Optional[SignedWebhook] = None
    earlier_log: List[Dict[str, Any]] = field(default_factory=list)
    #: The commands accepted, as the file gives them: the log to replay once an erasure has dropped
    #: the program's (a durable program's journal before an erasure is redacted and does not replay).
    accepted: List[Dict[str, Any]] = field(default_factory=list)
    file: Optional[Path] = None

    @property
    def durable(self) -> bool:
        return self.file is not None

    def reopen(self) -> None:
        """Closes a durable program and opens its file again: the same snapshot must come back."""
        if self.file is None:
            return
        assert isinstance(self.program, DurableProgram)
        before = self.program.snapshot()
        self.program.close()
        self.program = Program.open(self.file, checkpoint_every=CHECKPOINT_EVERY)
        if self.program.snapshot() != before:
            raise ScenarioFailure("reopening the file gives a different snapshot")

    def close(self) -> None:
        if isinstance(self.program, DurableProgram):
            self.program.close()

    def read(self, verb: str, kwargs: Dict[str, Any]) -> Any:
        if verb in PROGRAM_READS:
            return getattr(self.program, verb)(**kwargs)
        if verb == "sign_webhook":
            return self.sign(**kwargs)
        if verb == "verify_webhook":
            return self.verify(**kwargs)
        raise ScenarioFailure(f"unknown verb {verb!r}")

    def sign(self, *, sequence: int, secret: str, at: datetime) -> SignedWebhook:
        following = self.program.events_since(sequence - 1) if sequence > 0 else []
        if not following or following[0].sequence != sequence:
            raise ScenarioFailure(f"sign_webhook: no event with sequence {sequence}")
        signed = sign_webhook(following[0], secret, at)
        self.last_signed = signed
        return signed

    def verify(self, *, secret: str, now: datetime, headers: Any = None, body: Optional[str] = None) -> Event:
        if headers is None:
            if self.last_signed is None:
                raise ScenarioFailure("verify_webhook: no headers and no earlier sign_webhook step")
            headers = self.last_signed.headers
        if body is None:
            if self.last_signed is None:
                raise ScenarioFailure("verify_webhook: no body and no earlier sign_webhook step")
            body = self.last_signed.body
        return verify_webhook(headers, body, secret, now)

    def restore(self, before: str) -> None:
        restored = Program.restore(before)
        if restored.snapshot() != before:
            raise ScenarioFailure("Program.restore(snapshot) gives a different snapshot")
        if self.durable:  # a durable program is restored from its file: reopened after every step
            return
        self.earlier_log.extend(self.program.command_log())
        self.program = restored

    def full_log(self) -> List[Dict[str, Any]]:
        if any(c["verb"] in ERASE_VERBS for c in self.accepted):
            return self.accepted
        return self.earlier_log + self.program.command_log()


def run_step(runner: Runner, number: int, step: Any) -> None:
    verb = step.get("verb", "?") if isinstance(step, dict) else "?"

    def fail(message: str) -> ScenarioFailure:
        return ScenarioFailure(f"step {number} ({verb}): {message}")

    if not isinstance(step, dict):
        raise fail("a step is a JSON object")
    args = {k: v for k, v in step.items() if k not in RUNNER_KEYS and k != "verb"}
    has_expect, expect, error = "expect" in step, step.get("expect"), step.get("error")
    if has_expect and error is not None:
        raise fail('give "expect" or "error", not both')
    if error is not None and not isinstance(error, str):
        raise fail(f'"error" must be an error code string, not {json.dumps(error)}')

    before = runner.program.snapshot()
    log_before = len(runner.program.command_log())
    is_command = verb in COMMAND_VERBS
    answer: Any = None
    raised: Optional[BaseException] = None

    if verb == "restore":
        if args:
            raise fail("restore takes no arguments")
        try:
            runner.restore(before)
        except ScenarioFailure as e:
            raise fail(str(e)) from None
        except AffiliateKitError as e:
            raise fail(f"Program.restore failed: {e.code} {e}") from None
    else:
        if not is_command and verb not in PROGRAM_READS and verb not in ("sign_webhook", "verify_webhook"):
            raise fail(f"unknown verb {verb!r}")
        try:
            kwargs = arguments(args)
        except ValueError as e:
            raise fail(f"bad timestamp argument: {e}") from None
        try:
            if is_command:
                answer = getattr(runner.program, verb)(**kwargs)
                if verb != "drain_events":
                    runner.accepted.append({"verb": verb, **args})
            else:
                answer = runner.read(verb, kwargs)
        except ScenarioFailure as e:
            raise fail(str(e)) from None
        except Exception as e:  # noqa: BLE001 - any exception is an answer to check
            raised = e
        if not is_command and runner.program.snapshot() != before:
            raise fail("a read changed the state (snapshot differs)")

    if raised is not None:
        if not isinstance(raised, AffiliateKitError):
            raise fail(
                f"expected {'error ' + error if error else 'success'}, but {type(raised).__name__} was raised "
                f"(not an AffiliateKitError): {raised}"
            ) from raised
        if error is None:
            raise fail(f"expected success, got error {raised.code} ({type(raised).__name__}: {raised})")
        if raised.code != error:
            raise fail(f"expected error {error}, got {raised.code} ({type(raised).__name__}: {raised})")
        if BY_CODE.get(error) is not type(raised):
            raise fail(f"error {error} raised as {type(raised).__name__}, not {BY_CODE.get(error)}")
        if runner.program.snapshot() != before:
            raise fail(f"error {error} changed the state (snapshot differs)")
        if len(runner.program.command_log()) != log_before:
            raise fail(f"error {error} was written to the command log")
        return

    if error is not None:
        raise fail(f"expected error {error}, but it succeeded with\n      {pretty(plain(answer))}")
    if has_expect:
        actual = plain(answer)
        diffs: List[str] = []
        compare(expect, actual, "$", diffs)
        if diffs:
            raise fail(
                "answer does not match\n    "
                + "\n    ".join(diffs)
                + f"\n    expected: {pretty(expect)}\n    actual:   {pretty(project(expect, actual))}"
            )


def currencies(program: Program) -> List[str]:
    """The currencies the program accepts, its own first."""
    config = program.config()
    return [config.currency] + [c for c in config.currencies if c != config.currency]


def derived_reads(program: Program) -> Any:
    """What the reads derived from the indices answer, in every currency; a restored or replayed
    program must answer the same."""
    return as_json(
        {
            "affiliates": plain(program.affiliates()),
            "stats": [plain(program.stats(currency=c)) for c in currencies(program)],
            "per_affiliate": [
                {"stats": plain(program.stats(a.id, c)), "balance": plain(program.balance(a.id, c))}
                for a in program.affiliates()
                for c in currencies(program)
            ],
        }
    )


def without_events(snapshot: str) -> Any:
    """A snapshot without its events (the outbox of a durable program is its file, not its snapshot)."""
    document = json.loads(snapshot)
    del document["state"]["events"]
    return document


def check_final(final: Any, runner: Runner) -> None:
    program = runner.program
    if final is None:
        final = {}
    if not isinstance(final, dict):
        raise ScenarioFailure(f'"final" must be an object, not {json.dumps(final)}')
    for key in final:
        if key not in ("balances", "event_types", "note"):
            raise ScenarioFailure(f"final: unknown key {key!r}")
    problems: List[str] = []

    for item in final.get("balances", []):
        affiliate_id, currency = item["affiliate_id"], item["currency"]
        try:
            balance = plain(program.balance(affiliate_id, currency))
        except AffiliateKitError as e:
            problems.append(f"final balance of {affiliate_id}: {e.code} {e}")
            continue
        for name, value in item.items():
            if name in ("affiliate_id", "currency"):
                continue
            if name not in BALANCE_FIELDS:
                raise ScenarioFailure(f"final.balances: unknown field {name!r}")
            compare(value, balance[name]["amount"], f"balance {affiliate_id} {currency} {name}", problems)

    events = program.events_since(0)
    types = [e.type for e in events]
    if "event_types" in final and final["event_types"] != types:
        expected_types: List[str] = final["event_types"]
        first = next(
            (i for i, (e, a) in enumerate(zip(expected_types, types)) if e != a), min(len(expected_types), len(types))
        )
        problems.append(
            f"event types differ (first difference at index {first}, sequence {first + 1})\n"
            f"    expected: {expected_types}\n    actual:   {types}"
        )

    for affiliate in program.affiliates():
        for currency in currencies(program):
            b = program.balance(affiliate.id, currency)
            left = b.earned.amount - b.reversed.amount
            right = b.pending.amount + b.held.amount + b.payable.amount + b.in_payout.amount + b.paid.amount
            if left != right:
                problems.append(
                    f"money is not conserved for {affiliate.id} in {currency}: earned - reversed = {left}, "
                    f"pending + held + payable + in_payout + paid = {right}"
                )

    for event in events:
        text = event.to_json()
        try:
            parsed = Event.from_json(text)
            event.payload()  # the typed view of the data decodes
        except (TypeError, ValueError) as e:
            problems.append(f"event {event.id} ({event.type}) does not read back: {e}")
            continue
        if parsed != event or parsed.to_json() != text:
            problems.append(f"event {event.id} ({event.type}) does not read back from its JSON as itself: {parsed.to_json()}")

    snapshot = program.snapshot()
    reads = derived_reads(program)
    rebuilt: List[Tuple[str, Callable[[], Program]]] = [
        ("Program.restore(snapshot)", lambda: Program.restore(snapshot)),
        ("Program.replay(config, command_log)", lambda: Program.replay(json.dumps(runner.config), runner.full_log())),
    ]
    for how, build in rebuilt:
        try:
            other = build()
        except AffiliateKitError as e:
            problems.append(f"{how} failed: {e.code} {e}")
            continue
        if runner.durable and how.startswith("Program.replay"):
            # The replay holds the events in memory; the durable program has them in its file.
            if without_events(other.snapshot()) != without_events(snapshot):
                problems.append(f"{how} gives a different snapshot (events aside)")
                continue
            if [e.to_json() for e in other.events_since(0)] != [e.to_json() for e in events]:
                problems.append(f"{how} gives other events than the file holds")
                continue
        elif other.snapshot() != snapshot:
            problems.append(f"{how} gives a different snapshot")
            continue
        diffs: List[str] = []
        exact_diffs(reads, derived_reads(other), "$", diffs)
        if diffs:
            problems.append(f"{how} answers reads differently (live vs rebuilt):\n      " + "\n      ".join(diffs[:8]))

    if problems:
        raise ScenarioFailure("final checks:\n    " + "\n    ".join(problems))


def run_scenario(path: Path, directory: Optional[Path] = None) -> None:
    """Runs one scenario file; raises ScenarioFailure (naming the file) at its first failing step. With
    ``directory``, on a durable program kept in a file there, reopened after every step."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict):
            raise ScenarioFailure("a scenario is a JSON object")
        for key in doc:
            if key not in TOP_LEVEL_KEYS:
                raise ScenarioFailure(f"unknown top-level key {key!r}")
        for key in ("name", "description"):
            if not isinstance(doc.get(key), str):
                raise ScenarioFailure(f"missing {key!r} (a string)")
        config = doc.get("config")
        if not isinstance(config, dict):
            raise ScenarioFailure('missing "config" (an object)')
        file = None if directory is None else directory / f"{path.stem}.db"
        try:
            if file is None:
                program = Program(json.dumps(config))
            else:
                program = Program.open(file, json.dumps(config), checkpoint_every=CHECKPOINT_EVERY)
        except AffiliateKitError as e:
            raise ScenarioFailure(f"config rejected: {e.code} {e}") from None
        runner = Runner(config=config, program=program, file=file)
        try:
            steps = doc.get("steps")
            if not isinstance(steps, list):
                raise ScenarioFailure('missing "steps" (an array)')
            for number, step in enumerate(steps, start=1):
                run_step(runner, number, step)
                try:
                    runner.reopen()
                except ScenarioFailure as e:
                    raise ScenarioFailure(f"after step {number}: {e}") from None
            check_final(doc.get("final"), runner)
        finally:
            runner.close()
    except ScenarioFailure as e:
        raise ScenarioFailure(f"{path.name}: {e}") from None


# ---------------------------------------------------------------------------------------------------
# The tests


def scenario_params() -> List[Any]:
    params: List[Any] = [pytest.param(p, id=p.name) for p in sorted(SCENARIOS_DIR.glob("*.json"))]
    # Files documenting known core bugs: expected to fail until the bug is fixed.
    params += [
        pytest.param(p, id=f"pending/{p.name}", marks=pytest.mark.xfail(reason="known core bug", strict=False))
        for p in sorted((SCENARIOS_DIR / "pending").glob("*.json"))
    ]
    return params


def test_the_scenario_files_are_found() -> None:
    assert sorted(SCENARIOS_DIR.glob("*.json")), f"no scenario files in {SCENARIOS_DIR}"


@pytest.mark.parametrize("durable", [False, True], ids=["memory", "durable"])
@pytest.mark.parametrize("path", scenario_params())
def test_scenario(path: Path, durable: bool, tmp_path: Path) -> None:
    failure: Optional[str] = None
    try:
        run_scenario(path, tmp_path if durable else None)
    except ScenarioFailure as e:
        failure = str(e)
    if failure is not None:
        pytest.fail(failure, pytrace=False)


def test_the_partial_matcher_matches_as_documented(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCENARIO_STRICT_DECIMALS", raising=False)
    actual = {
        "a": {"amount": Decimal("60.00"), "currency": "EUR"},
        "b": [1, 2],
        "c": "x",
        "d": None,
        "e": "60.00",
        "t": parse_datetime("2026-01-31T23:30:00Z"),
        "f": True,
    }

    def ok(expected: Dict[str, Any]) -> bool:
        diffs: List[str] = []
        compare(expected, actual, "$", diffs)
        return not diffs

    assert ok({"a": {"amount": "60.00"}})
    assert ok({"a": {"amount": "60"}, "b": [1, 2], "d": None, "e": "60"})
    assert ok({"t": "2026-02-01T00:30:00+01:00"})
    assert ok({"f": True})
    assert not ok({"a": {"amount": "60.01"}})
    assert not ok({"a": {"amount": "6e1"}})
    assert not ok({"b": [1]})
    assert not ok({"c": "y"})
    assert not ok({"g": 1})
    assert not ok({"d": "x"})
    assert not ok({"f": 1})
    assert not ok({"b": [True, 2]})
    assert not ok({"t": "2026-01-31T23:30:01Z"})
    assert not ok({"t": "yesterday"})


def test_a_failure_names_the_file_the_step_and_shows_expected_and_actual(tmp_path: Path) -> None:
    scenario = {
        "name": "wrong on purpose",
        "description": "10% of 600.00 is 60.00, not 61.00",
        "config": {"currency": "EUR", "plan": {"currency": "EUR", "rules": [
            {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]}},
        "steps": [
            {"verb": "register_affiliate", "at": "2026-01-01T00:00:00Z",
             "registration": {"name": "Alice", "email": "alice@example.com", "code": "ALICE"}},
            {"verb": "track_order", "at": "2026-01-10T00:00:00Z",
             "order": {"id": "o1", "currency": "EUR", "code": "ALICE",
                       "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "600.00"}]},
             "expect": {"credited": True, "total": {"amount": "61.00"}}},
        ],
    }
    path = tmp_path / "99-wrong.json"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    with pytest.raises(ScenarioFailure) as failure:
        run_scenario(path)
    message = str(failure.value)
    assert message.startswith("99-wrong.json: step 2 (track_order): answer does not match")
    assert '$.total.amount: expected "61.00", got "60.00"' in message
    assert '"amount": "61.00"' in message and '"amount": "60.00"' in message
