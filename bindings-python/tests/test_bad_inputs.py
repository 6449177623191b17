"""The shared bad-input table (``core/tests/fixtures/bad-inputs.json``) run through the Python API.

The format is in ``core/tests/fixtures/README.md``; this runner follows the Rust one
(``core/tests/bad_inputs.rs``). Each entry is one pytest case, run on a fresh reference program (the
config fixture plus the table's ``setup`` commands). It must raise exactly the exception class of its
``expect`` code (``BY_CODE``), with that ``code`` and a message containing its ``message``, and leave
the program as it was: ``snapshot()`` byte-identical, ``command_log()`` unchanged.

* ``command``: the method of the verb with the command's fields as keyword arguments
  (``program.track_order(order=..., at=...)``); ``at`` / ``expires_at`` become ``datetime`` objects
  the way a host makes them (``datetime.fromisoformat``), aware when the text has an offset, naive when
  it has none;
* ``money``: ``affiliate_kit.money.money(amount, currency)``; ``code``: ``normalize(code)``;
  ``plan``: ``Plan.from_dict(plan)``; ``restore``: ``Program.restore`` of the reference snapshot after
  the entry's edit (``set`` a JSON pointer, or ``truncate_to``); ``allocate``: ``money.allocate(total,
  weights)``; ``policy``: ``normalize("ABC", policy)``; ``config``: ``Program(config)``;
  ``signature``: ``verify_payload(headers, body, secret, now)``.

An entry with ``host.python`` (``"ValueError: naive datetime refused"``) never reaches the core in
Python: the binding's own check (or ``datetime`` itself) refuses it with that plain builtin exception
(not an ``AffiliateKitError``) whose message contains the text after the colon, if any.

The binding's own bad inputs (floats anywhere money goes, naive datetimes in every verb, wrong
argument types) are in ``test_errors.py`` (``BINDING_CASES``), not repeated here.

``BAD_INPUT=<part of a name> pytest test_bad_inputs.py`` runs only the matching entries.
"""

from __future__ import annotations

import builtins
import json
import os
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Dict, List, Optional

import pytest

from affiliate_kit import AffiliateKitError, Plan, Program, normalize, verify_payload
from affiliate_kit import money as m
from affiliate_kit.errors import BY_CODE

from conftest import FIXTURES, load_fixture

TABLE: Dict[str, Any] = load_fixture("bad-inputs.json")

#: The smallest table every language accepts (issue 8 asks for 40 at least).
MIN_ENTRIES = 40

#: The kinds of entry; an entry has exactly one of these keys.
KINDS = ("command", "money", "code", "plan", "restore", "allocate", "policy", "config", "signature")

#: The other keys an entry may have.
ENTRY_KEYS = ("name", "why", "expect", "message", "host")

#: The languages a ``host`` override may name.
HOSTS = ("python", "js", "kotlin")

#: Top-level command arguments that are timestamps (nested ones travel as JSON strings).
TIMESTAMP_KEYS = ("at", "expires_at")


def expand(value: Any) -> Any:
    """``{"$repeat": "ab", "times": 3}`` anywhere in a value becomes ``"ababab"``."""
    if isinstance(value, dict):
        if "$repeat" in value:
            assert set(value) == {"$repeat", "times"}, value
            return str(value["$repeat"]) * int(value["times"])
        return {k: expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [expand(v) for v in value]
    return value


def host_datetime(text: str) -> datetime:
    """A timestamp of the table as a Python host makes it: aware with an offset, naive without one.
    A text no ``datetime`` can hold (30 February, year 262144) raises ``ValueError``."""
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def run_command(program: Program, command: Dict[str, Any]) -> Any:
    """Runs a command of the core's JSON through the method of its verb."""
    verb = command["verb"]
    kwargs = {k: host_datetime(v) if k in TIMESTAMP_KEYS else v for k, v in command.items() if k != "verb"}
    method: Callable[..., Any] = getattr(program, verb)
    return method(**kwargs)


def reference() -> Program:
    """The reference program: the config fixture and the table's setup commands, each accepted."""
    program = Program(load_fixture(TABLE["config"]))
    for command in TABLE["setup"]:
        run_command(program, command)
    return program


def edited_snapshot(snapshot: str, edit: Dict[str, Any]) -> str:
    """The snapshot after ``{"set": "/json/pointer", "value": ...}`` or ``{"truncate_to": n}`` (the
    first n characters; a negative n drops -n characters from the end)."""
    if set(edit) == {"set", "value"}:
        doc = json.loads(snapshot)
        *parents, last = [part.replace("~1", "/").replace("~0", "~") for part in edit["set"].split("/")[1:]]
        node = doc
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = edit["value"]
        else:
            assert last in node, f"the snapshot has nothing at {edit['set']}"
            node[last] = edit["value"]
        return json.dumps(doc)
    if set(edit) == {"truncate_to"}:
        assert snapshot.isascii()
        n = int(edit["truncate_to"])
        keep = len(snapshot) + n if n < 0 else n
        assert 0 < keep < len(snapshot), f"truncate_to {n} does not cut the snapshot"
        return snapshot[:keep]
    raise AssertionError(f"unknown restore edit {edit!r}")


def run(kind: str, value: Any, program: Program) -> Any:
    """Runs one entry's input through the Python API."""
    if kind == "command":
        return run_command(program, value)
    if kind == "money":
        return m.money(value["amount"], value["currency"])
    if kind == "code":
        return normalize(value)
    if kind == "plan":
        return Plan.from_dict(value)
    if kind == "restore":
        return Program.restore(edited_snapshot(program.snapshot(), value))
    if kind == "allocate":
        total = m.money(value["total"]["amount"], value["total"]["currency"])
        return m.allocate(total, [Decimal(w) for w in value["weights"]])
    if kind == "policy":
        return normalize("ABC", value)
    if kind == "config":
        return Program(value)
    if kind == "signature":
        now = datetime.fromisoformat(value["now"].replace("Z", "+00:00"))
        return verify_payload(value["headers"], value["body"], value["secret"], now)
    raise AssertionError(f"unknown kind {kind!r}")


def check_entry(entry: Dict[str, Any]) -> List[str]:
    """Runs one entry on a fresh reference program; returns what is wrong (empty when it holds)."""
    unknown = [k for k in entry if k not in ENTRY_KEYS and k not in KINDS]
    if unknown:
        return [f"unknown keys {unknown}"]
    kinds = [k for k in KINDS if k in entry]
    if len(kinds) != 1:
        return [f"an entry has exactly one of {list(KINDS)}, this one has {kinds}"]
    expect = entry.get("expect")
    if expect not in BY_CODE:
        return [f'"expect" must be one of the {len(BY_CODE)} error codes, not {expect!r}']
    host: Optional[str] = entry.get("host", {}).get("python")
    problems: List[str] = []
    program = reference()
    before, log = program.snapshot(), program.command_log()
    raised: Optional[BaseException] = None
    try:
        answer = run(kinds[0], expand(entry[kinds[0]]), program)
    except Exception as e:  # noqa: BLE001 - what was raised is the answer to check
        raised = e
    if raised is None:
        problems.append(f"expected {host or expect}, but it succeeded with {answer!r}"[:500])
    elif host is not None:
        name, _, text = host.partition(": ")
        if type(raised) is not getattr(builtins, name):
            problems.append(f"expected the builtin {name}, got {type(raised).__name__}: {raised}")
        if text and text not in str(raised):
            problems.append(f"the message {str(raised)!r} does not contain {text!r}")
    elif not isinstance(raised, AffiliateKitError):
        problems.append(f"expected {expect}, got {type(raised).__name__} (not an AffiliateKitError): {raised}")
    else:
        if type(raised) is not BY_CODE[expect] or raised.code != expect:
            problems.append(f"expected {expect} ({BY_CODE[expect].__name__}), got {raised.code} ({type(raised).__name__}: {raised})")
        wanted = entry.get("message")
        if wanted is not None and wanted not in str(raised):
            problems.append(f"the message {str(raised)!r} does not contain {wanted!r}")
    if program.snapshot() != before:
        problems.append("the reference program changed (snapshot differs)")
    if program.command_log() != log:
        problems.append("the command log changed")
    return problems


def selected() -> List[Any]:
    only = os.environ.get("BAD_INPUT", "")
    return [pytest.param(e, id=e["name"]) for e in TABLE["entries"] if only in e["name"]]


@pytest.mark.parametrize("entry", selected())
def test_bad_input(entry: Dict[str, Any]) -> None:
    problems = check_entry(entry)
    if problems:
        pytest.fail(f"{entry['name']}:\n    " + "\n    ".join(problems), pytrace=False)


def test_the_table_is_well_formed() -> None:
    assert set(TABLE) <= {"description", "config", "setup", "entries"}
    entries = TABLE["entries"]
    assert len(entries) >= MIN_ENTRIES, f"{len(entries)} entries; the table needs {MIN_ENTRIES} at least"
    names = [e["name"] for e in entries]
    assert len(set(names)) == len(names), "names are unique"
    for entry in entries:
        assert isinstance(entry.get("why"), str) and entry["why"].strip(), entry["name"]
        assert set(entry.get("host", {})) <= set(HOSTS), entry["name"]
    for kind in KINDS:
        assert any(kind in e for e in entries), f"no entry of kind {kind}"
    assert (FIXTURES / TABLE["config"]).is_file()


def test_the_reference_program_round_trips() -> None:
    program = reference()
    snapshot = program.snapshot()
    assert snapshot.isascii()
    # Re-serializing the snapshot (as the restore edits do) keeps it restorable and identical.
    assert Program.restore(json.dumps(json.loads(snapshot))).snapshot() == snapshot
    assert len(program.command_log()) == len(TABLE["setup"])
    assert program.payouts()[0].amount.amount == program.commissions()[0].amount.amount


def test_the_runner_fails_when_an_entry_does_not_hold() -> None:
    good = {"name": "x", "why": "a valid amount", "expect": "INVALID_AMOUNT", "money": {"amount": "1.50", "currency": "EUR"}}
    assert check_entry(good) == ["expected INVALID_AMOUNT, but it succeeded with Money(amount=Decimal('1.50'), currency='EUR')"]
    wrong = {"name": "x", "why": "w", "expect": "INVALID_CURRENCY", "message": "nope", "money": {"amount": "1e3", "currency": "EUR"}}
    problems = check_entry(wrong)
    assert len(problems) == 2 and problems[0].startswith("expected INVALID_CURRENCY (InvalidCurrencyError), got INVALID_AMOUNT")
    accepted = {"name": "x", "why": "w", "expect": "NOT_FOUND", "command": {"verb": "approve_due", "at": "2026-04-30T00:00:00Z"}}
    problems = check_entry(accepted)
    assert problems[0].startswith("expected NOT_FOUND, but it succeeded")
    assert problems[1:] == ["the reference program changed (snapshot differs)", "the command log changed"]
    host = {"name": "x", "why": "w", "expect": "INVALID_INPUT", "host": {"python": "TypeError"},
            "command": {"verb": "approve_due", "at": "2026-03-25T10:00:00"}}
    assert check_entry(host)[0].startswith("expected the builtin TypeError, got ValueError: approve_due.at: naive datetime refused")
    assert "exactly one of" in check_entry({"name": "x", "why": "w", "expect": "INVALID_CODE", "code": "A", "plan": {}})[0]


def test_repeat_expands_anywhere() -> None:
    assert expand({"a": [{"$repeat": "ab", "times": 3}], "b": {"$repeat": "x", "times": 0}}) == {"a": ["ababab"], "b": ""}
