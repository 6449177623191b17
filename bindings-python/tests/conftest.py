"""Shared fixtures and helpers of the binding's tests.

Data that a shared fixture file holds (``core/tests/fixtures/*.json``) is always loaded from it, never
copied: the Rust tests, the examples and every binding check the same inputs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, cast

import pytest

from affiliate_kit import Plan, Program
from affiliate_kit.types import Money, Order, OrderLine

FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures"

UTC = timezone.utc


def load_fixture(name: str) -> Any:
    """A shared fixture file of ``core/tests/fixtures``, parsed."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def T(day: int, hour: int = 0, minute: int = 0, *, month: int = 3, year: int = 2026) -> datetime:
    """An aware UTC instant; by default in March 2026 (the month of ``month-config.json``)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def eur(amount: str) -> Money:
    """A Money in euros, built directly (no parsing)."""
    return Money(amount=Decimal(amount), currency="EUR")


def line(
    line_id: str, product: str, unit_price: str, *, quantity: int = 1, category: Optional[str] = None
) -> OrderLine:
    """An order line as a dict."""
    result: Dict[str, Any] = {"id": line_id, "product": product, "quantity": quantity, "unit_price": unit_price}
    if category is not None:
        result["category"] = category
    return cast(OrderLine, result)


def order(order_id: str, *lines: OrderLine, currency: str = "EUR", **extra: Any) -> Order:
    """An order as a dict (``extra``: ``code``, ``discount``, ``customer``, ...)."""
    result: Dict[str, Any] = {"id": order_id, "currency": currency, "lines": list(lines)}
    result.update(extra)
    return cast(Order, result)


@contextmanager
def unchanged(program: Program) -> Iterator[None]:
    """Asserts that the block changes nothing: the snapshot is byte-identical and the log did not grow."""
    snapshot = program.snapshot()
    log: List[Dict[str, Any]] = program.command_log()
    yield
    assert program.snapshot() == snapshot
    assert program.command_log() == log


# ---- SQLite files, seen independently of the library -----------------------------------------------
# The stdlib's sqlite3 is another SQLite library than the one compiled into the wheel. Within one
# process two libraries do not see each other's POSIX locks (and closing one's descriptor of a file drops
# the other's locks on it), so what must lock, or must run while a durable handle has the file open, runs
# in a child process.

_QUERY = """
import json, sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
rows = [connection.execute(sql).fetchall() for sql in json.loads(sys.argv[2])]
connection.close()
print(json.dumps(rows))
"""

_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
connection.close()
"""


def query(path: Path, *sql: str) -> List[List[List[Any]]]:
    """The rows of each SQL statement, run by the stdlib's sqlite3 in a child process."""
    done = subprocess.run(
        [sys.executable, "-c", _QUERY, str(path), json.dumps(list(sql))], capture_output=True, text=True, check=True
    )
    rows: List[List[List[Any]]] = json.loads(done.stdout)
    return rows


def count_rows(path: Path, *tables: str) -> Sequence[int]:
    """How many rows each table of the file has (stdlib sqlite3, in a child process)."""
    return [result[0][0] for result in query(path, *(f"SELECT count(*) FROM {t}" for t in tables))]


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Holds the file's write lock (``BEGIN IMMEDIATE`` with the stdlib's sqlite3) from a child process
    for the duration of the block."""
    child = subprocess.Popen(
        [sys.executable, "-c", _LOCK, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "locked\n"
        yield
    finally:
        child.communicate("\n", timeout=30)
    assert child.returncode == 0


#: A one-rule plan: 15 % of everything.
SMALL_PLAN: Dict[str, Any] = {
    "currency": "EUR",
    "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "15"}],
}


@pytest.fixture
def plan_dict() -> Dict[str, Any]:
    """A fresh copy of the one-rule plan (15 % of everything) as a dict."""
    result: Dict[str, Any] = json.loads(json.dumps(SMALL_PLAN))
    return result


@pytest.fixture
def small_plan(plan_dict: Dict[str, Any]) -> Plan:
    """The one-rule plan, loaded."""
    return Plan.from_dict(plan_dict)


@pytest.fixture
def quickstart_plan() -> Plan:
    """The quickstart plan (shared fixture ``quickstart-plan.json``)."""
    return Plan.from_json((FIXTURES / "quickstart-plan.json").read_text(encoding="utf-8"))


@pytest.fixture
def quickstart_orders() -> List[Dict[str, Any]]:
    """The quickstart orders (shared fixture ``quickstart-orders.json``)."""
    orders: List[Dict[str, Any]] = load_fixture("quickstart-orders.json")
    return orders


@pytest.fixture
def config_dict() -> Dict[str, Any]:
    """The program config of the month example (shared fixture ``month-config.json``): EUR,
    Europe/Paris, 14 holding days, 50.00 EUR minimum payout, 10 % default, 20 % books, level 2 at 5 %
    of the sale."""
    config: Dict[str, Any] = load_fixture("month-config.json")
    return config


@pytest.fixture
def program(config_dict: Dict[str, Any]) -> Program:
    """An empty program of the month config."""
    return Program(config_dict)


@pytest.fixture
def alice_program(program: Program) -> Program:
    """The month program with Alice (``aff_1``, code ALICE) and one tracked order ``o1`` of 100.00
    (10 % = 10.00 pending)."""
    program.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=T(1))
    program.track_order(order("o1", line("l1", "p", "100.00"), code="ALICE"), at=T(2))
    return program
