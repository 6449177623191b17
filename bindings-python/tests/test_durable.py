"""Durable programs (``Program.open``): a program kept in a SQLite file, on the shared
``month-config.json`` program (EUR, 14 holding days, 50.00 minimum payout, 10 % default, 20 % books,
level 2: 5 % of the sale), with hand-computed amounts. What the file holds is checked with the stdlib's
``sqlite3`` (independent of the library; see ``conftest.query``)."""

from __future__ import annotations

import hashlib
import json
import pickle
import sqlite3
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from affiliate_kit import (
    BusyError,
    ConflictError,
    CorruptJournalError,
    DurableProgram,
    InvalidInputError,
    InvalidOrderError,
    InvalidStateError,
    NotFoundError,
    Program,
)
from affiliate_kit.types import CheckpointInfo, CommissionCreated

from conftest import T, count_rows, line, locked, order, query, unchanged
from test_program import MONTH_EVENTS, run_month

#: The events of `setup` (below), in order.
SETUP_EVENTS = [
    "affiliate.registered", "affiliate.registered",  # Alice, Bob (parent Alice)
    "order.tracked", "commission.created",  # o1: a book by ALICE
    "order.tracked", "commission.created", "commission.created",  # o2 by BOB; Alice at level 2
]


def setup(p: Program) -> None:
    """Alice (aff_1, ALICE) and Bob (aff_2, BOB, parent Alice); o1, a book of 150.00 by ALICE: 20 % =
    30.00 to Alice; o2, a course of 200.00 by BOB: 10 % = 20.00 to Bob, 5 % of the sale = 10.00 to Alice.
    Pending: Alice 40.00, Bob 20.00."""
    p.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=T(1))
    p.register_affiliate({"name": "Bob", "email": "bob@example.com", "code": "BOB", "parent": "aff_1"}, at=T(1, 1))
    p.track_order(order("o1", line("l1", "rust-book", "150.00", category="books"), code="ALICE"), at=T(2))
    p.track_order(order("o2", line("l1", "course", "200.00"), code="BOB"), at=T(3))


def pending(p: Program) -> List[str]:
    return [str(p.balance(a, "EUR").pending.amount) for a in ("aff_1", "aff_2")]


def edit(path: Path, *sql: str) -> None:
    """Runs statements on the file with the stdlib's sqlite3 and closes it (in this process: only while
    no handle of the library has the file open)."""
    connection = sqlite3.connect(path)
    for statement in sql:
        connection.execute(statement)
    connection.commit()
    connection.close()


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "program.db"


@pytest.fixture
def durable(path: Path, config_dict: Dict[str, Any]) -> Iterator[DurableProgram]:
    with Program.open(path, config_dict) as p:
        yield p


def test_a_program_reopens_with_its_state(path: Path, config_dict: Dict[str, Any]) -> None:
    p = Program.open(path, config_dict)
    assert isinstance(p, DurableProgram) and isinstance(p, Program)
    assert (p.head, p.closed, p.path) == (0, False, str(path))
    setup(p)
    assert pending(p) == ["40.00", "20.00"]
    assert p.head == 4
    p.close()
    assert p.closed

    again = Program.open(str(path))  # a str works as well as a Path; no config: the stored one
    assert again.head == 4
    assert pending(again) == ["40.00", "20.00"]
    assert [a.id for a in again.affiliates()] == ["aff_1", "aff_2"]
    assert again.affiliate("aff_2").parent == "aff_1"
    assert (again.config().currency, again.config().holding_days, again.config().timezone) == ("EUR", 14, "Europe/Paris")
    assert [r["id"] for r in again.plan().to_dict()["rules"]] == ["default", "books"]
    assert [c["verb"] for c in again.command_log()] == ["register_affiliate"] * 2 + ["track_order"] * 2
    assert again.command_log()[2]["order"]["lines"][0]["unit_price"] == "150.00"
    assert [(c.id, str(c.amount.amount)) for c in again.commissions()] == [
        ("com_1", "30.00"), ("com_2", "20.00"), ("com_3", "10.00")]
    again.close()
    # The file holds what was acknowledged, seen without the library.
    assert query(path, "SELECT seq, verb FROM journal ORDER BY seq", "SELECT head FROM program")[0:2] == [
        [[1, "register_affiliate"], [2, "register_affiliate"], [3, "track_order"], [4, "track_order"]], [[4]]]


def test_events_come_from_the_outbox_not_the_snapshot(durable: DurableProgram, path: Path) -> None:
    setup(durable)
    events = durable.events_since(0)
    assert [e.type for e in events] == SETUP_EVENTS
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5, 6, 7]
    assert [e.id for e in durable.events_since(5)] == ["evt_6", "evt_7"]
    assert durable.events_since(7) == []
    created = events[5].payload()
    assert isinstance(created, CommissionCreated)
    assert (created.commission.affiliate_id, str(created.commission.amount.amount)) == ("aff_2", "20.00")
    # The snapshot holds no event: they are in the file (7 numbers used).
    state = json.loads(durable.snapshot())["state"]["events"]
    assert (state["events"], state["forgotten"]) == ([], 7)
    assert query(path, "SELECT sequence, journal_seq, type FROM events ORDER BY sequence")[0] == [
        [1, 1, "affiliate.registered"], [2, 2, "affiliate.registered"], [3, 3, "order.tracked"],
        [4, 3, "commission.created"], [5, 4, "order.tracked"], [6, 4, "commission.created"],
        [7, 4, "commission.created"]]
    # An in-memory copy of the snapshot continues the numbering.
    copy = Program.restore(durable.snapshot())
    assert copy.events_since(0) == []
    copy.register_affiliate({"name": "Carol", "email": "carol@example.com"}, at=T(4))
    assert [(e.sequence, e.type) for e in copy.events_since(0)] == [(8, "affiliate.registered")]


def test_pending_events_and_acknowledgements_per_consumer(durable: DurableProgram, path: Path) -> None:
    setup(durable)
    assert durable.cursor("webhooks") == 0
    assert [e.sequence for e in durable.pending_events("webhooks", limit=3)] == [1, 2, 3]
    assert [e.sequence for e in durable.pending_events("webhooks", limit=3)] == [1, 2, 3]  # at least once
    durable.ack_events("webhooks", 3)
    assert durable.cursor("webhooks") == 3
    assert [e.type for e in durable.pending_events("webhooks")] == SETUP_EVENTS[3:]
    durable.ack_events("webhooks", 2)  # a cursor never moves back
    assert durable.cursor("webhooks") == 3
    with pytest.raises(InvalidInputError) as past:
        durable.ack_events("webhooks", 8)
    assert str(past.value) == "invalid input at sequence: event 8 does not exist (the last is 7)"
    assert (durable.cursor("audit"), len(durable.pending_events("audit"))) == (0, 7)  # its own cursor
    assert durable.pending_events("audit", limit=0) == []
    with pytest.raises(InvalidInputError):
        durable.cursor("")
    with pytest.raises(ValueError, match="limit: expected a non-negative int, got -1"):
        durable.pending_events("audit", limit=-1)
    durable.close()
    with Program.open(path) as again:  # cursors are in the file
        assert (again.cursor("webhooks"), again.cursor("audit")) == (3, 0)
        durable_events = again.pending_events("webhooks", limit=100)
        assert [e.sequence for e in durable_events] == [4, 5, 6, 7]
        again.ack_events("webhooks", 7)
        assert again.pending_events("webhooks") == []
    assert query(path, "SELECT consumer, sequence FROM cursors ORDER BY consumer")[0] == [["webhooks", 7]]


def test_drain_events_is_shared_by_every_handle_of_the_file(durable: DurableProgram, path: Path) -> None:
    setup(durable)
    other = Program.open(path)
    try:
        assert [e.type for e in durable.drain_events()] == SETUP_EVENTS
        assert other.drain_events() == []
        other.register_affiliate({"name": "Carol", "email": "carol@example.com"}, at=T(4))
        assert [(e.sequence, e.type) for e in durable.drain_events()] == [(8, "affiliate.registered")]
        assert other.drain_events() == []
        assert other.cursor("drain_events") == 8
        assert len(durable.command_log()) == 5  # draining is not journaled
        assert durable.events_since(0)[-1].sequence == 8  # and the events stay in the file
    finally:
        other.close()


def test_two_handles_in_one_process_see_each_others_commands(durable: DurableProgram, path: Path) -> None:
    with Program.open(path) as other:
        durable.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=T(1))
        assert other.head == 0  # not applied yet
        assert [a.code for a in other.affiliates()] == ["ALICE"]  # every read applies it first
        assert other.head == 1
        other.track_order(order("o1", line("l1", "p", "100.00"), code="ALICE"), at=T(2))  # 10 % = 10.00
        assert str(durable.balance("aff_1", "EUR").pending.amount) == "10.00"
        assert durable.head == other.head == 2
        assert durable.snapshot() == other.snapshot()
        assert durable == other
        durable.register_affiliate({"name": "Bob", "email": "bob@example.com"}, at=T(3))
        other.refresh()
        assert other.head == 3
        with pytest.raises(ConflictError):  # the other handle's Bob is there before this command runs
            other.register_affiliate({"name": "Bob again", "email": "BOB@example.com"}, at=T(4))


def test_another_config_is_a_conflict_and_no_config_needs_a_program(path: Path, config_dict: Dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError) as no_config:
        Program.open(path)
    assert (no_config.value.path, str(no_config.value)) == (
        "config", "invalid input at config: the file holds no program yet: a config is needed to create one")
    with Program.open(path, config_dict) as p:
        setup(p)
    with pytest.raises(ConflictError) as conflict:
        Program.open(path, dict(config_dict, holding_days=30))
    assert str(conflict.value) == (
        "conflict: the file holds a program with another config (open it without one to use it)")
    with Program.open(path, json.dumps(config_dict)) as same:  # the same config (as JSON text) is fine
        assert same.head == 4


def test_a_text_file_is_a_corrupt_journal_and_is_left_untouched(tmp_path: Path, config_dict: Dict[str, Any]) -> None:
    notes = tmp_path / "notes.txt"
    content = b"Not a database.\n" * 512
    notes.write_bytes(content)
    with pytest.raises(CorruptJournalError) as caught:
        Program.open(notes, config_dict)
    assert str(caught.value) == "corrupt journal: open: file is not a database"
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no -wal or -shm file either


def test_a_foreign_sqlite_file_is_a_corrupt_journal_and_is_left_untouched(
    tmp_path: Path, config_dict: Dict[str, Any]
) -> None:
    foreign = tmp_path / "crm.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO customers (name) VALUES ('Ana')")
    connection.commit()
    connection.close()
    content = foreign.read_bytes()
    with pytest.raises(CorruptJournalError) as caught:
        Program.open(foreign, config_dict)
    assert str(caught.value) == "corrupt journal: the file is a SQLite database of another application"
    assert foreign.read_bytes() == content
    assert query(foreign, "SELECT name FROM customers")[0] == [["Ana"]]


@pytest.mark.parametrize(
    ("forge_digest", "message"),
    [
        (False, "corrupt journal: journal seq 3 (track_order) does not match its digest"),
        (True, "corrupt journal: journal seq 3 (track_order) replays to other events than it recorded"),
    ],
    ids=["edited", "edited-with-its-digest"],
)
def test_an_edited_journal_row_is_a_corrupt_journal(
    path: Path, config_dict: Dict[str, Any], forge_digest: bool, message: str
) -> None:
    with Program.open(path, config_dict) as p:
        setup(p)
    connection = sqlite3.connect(path)  # no handle of the library is open: safe in this process
    with pytest.raises(sqlite3.DatabaseError, match="journal rows are immutable"):
        connection.execute("UPDATE journal SET at = at WHERE seq = 3")
    connection.execute("DROP TRIGGER journal_no_update")
    (command,) = connection.execute("SELECT command FROM journal WHERE seq = 3").fetchone()
    edited = command.replace('"150.00"', '"1500.00"')  # o1 ten times bigger
    assert edited != command
    connection.execute("UPDATE journal SET command = ? WHERE seq = 3", (edited,))
    if forge_digest:
        connection.execute("UPDATE journal SET digest = ? WHERE seq = 3", (hashlib.sha256(edited.encode()).digest(),))
    connection.commit()
    connection.close()
    with pytest.raises(CorruptJournalError) as caught:
        Program.open(path)
    assert str(caught.value) == message
    assert count_rows(path, "journal", "events") == [4, 7]  # nothing changed


def test_a_locked_file_is_busy_and_nothing_changes(durable: DurableProgram, path: Path, config_dict: Dict[str, Any]) -> None:
    setup(durable)
    durable.close()
    p = Program.open(path, busy_timeout=0.1)
    try:
        with unchanged(p), locked(path):
            started = time.monotonic()
            with pytest.raises(BusyError) as caught:
                p.register_affiliate({"name": "Carol", "email": "carol@example.com"}, at=T(4))
            waited = time.monotonic() - started
            assert str(caught.value) == "database busy: append: database is locked"
            assert isinstance(caught.value, TimeoutError)
            assert 0.09 <= waited < 5
            assert pending(p) == ["40.00", "20.00"]  # reads go on under another writer's lock
            assert p.head == 4
        assert count_rows(path, "journal", "events") == [4, 7]
        # Once the lock is gone the same command runs.
        assert p.register_affiliate({"name": "Carol", "email": "carol@example.com"}, at=T(4)).id == "aff_3"
        assert p.head == 5
    finally:
        p.close()


def test_a_closed_program_is_an_invalid_state(durable: DurableProgram) -> None:
    setup(durable)
    durable.close()
    durable.close()  # closing twice does nothing
    calls: List[Callable[[], Any]] = [
        lambda: durable.register_affiliate({"name": "Carol", "email": "carol@example.com"}, at=T(4)),
        lambda: durable.balance("aff_1", "EUR"),
        lambda: durable.affiliates(),
        lambda: durable.snapshot(),
        lambda: durable.events_since(0),
        lambda: durable.drain_events(),
        lambda: durable.pending_events("webhooks"),
        lambda: durable.ack_events("webhooks", 1),
        lambda: durable.cursor("webhooks"),
        lambda: durable.command_log(),
        lambda: durable.checkpoint(),
        lambda: durable.refresh(),
    ]
    for call in calls:
        with pytest.raises(InvalidStateError) as caught:
            call()
        assert str(caught.value) == "invalid state: the program is closed"
    assert durable.closed
    assert repr(durable).endswith("closed>")


def test_a_rejected_command_writes_nothing(durable: DurableProgram, path: Path) -> None:
    setup(durable)
    assert count_rows(path, "journal", "events") == [4, 7]
    with unchanged(durable):
        with pytest.raises(NotFoundError):
            durable.refund({"id": "r1", "order_id": "o9", "amount": "5.00"}, at=T(4))
        with pytest.raises(ConflictError):
            durable.register_affiliate({"name": "Alice 2", "email": "ALICE@example.com"}, at=T(4))
    assert durable.head == 4
    assert count_rows(path, "journal", "events") == [4, 7]
    # The next accepted command takes the next seq: no gap was left.
    durable.refund({"id": "r1", "order_id": "o1", "amount": "75.00"}, at=T(4))  # half of o1: 15.00 back
    assert pending(durable) == ["25.00", "20.00"]
    assert query(path, "SELECT seq, verb FROM journal WHERE seq > 4")[0] == [[5, "refund"]]


def test_every_verb_answers_as_in_memory(durable: DurableProgram, path: Path, config_dict: Dict[str, Any]) -> None:
    in_memory = Program(config_dict)
    assert run_month(durable) == run_month(in_memory)
    assert [e.type for e in durable.events_since(0)] == MONTH_EVENTS
    assert durable.events_since(0) == in_memory.events_since(0)
    assert durable.command_log() == in_memory.command_log()
    for read in ("affiliates", "commissions", "entries", "payouts", "invitations", "stats"):
        assert getattr(durable, read)() == getattr(in_memory, read)(), read
    assert durable.report("week", T(1), T(31)) == in_memory.report("week", T(1), T(31))
    durable.close()
    with Program.open(path) as again:
        assert again.stats() == in_memory.stats()
        assert again.balance("aff_1", "EUR") == in_memory.balance("aff_1", "EUR")
        assert again.payout("pay_1") == in_memory.payout("pay_1")
        assert again.sale("o-2") == in_memory.sale("o-2")
        assert again.commission("com_2") == in_memory.commission("com_2")


def test_checkpoints(tmp_path: Path, config_dict: Dict[str, Any]) -> None:
    path = tmp_path / "program.db"
    with Program.open(path, config_dict, checkpoint_every=0) as p:
        setup(p)
        info = p.checkpoint()
        assert isinstance(info, CheckpointInfo)
        assert info.seq == 4
        # The records, not the snapshot JSON: smaller.
        assert 0 < info.raw_bytes < len(p.snapshot().encode("utf-8"))
        assert 0 < info.stored_bytes < info.raw_bytes
    assert query(path, "SELECT seq, complete, raw_bytes FROM checkpoints")[0] == [[4, 1, info.raw_bytes]]
    # Automatic checkpoints every 2 commands; the 2 newest are kept.
    auto = tmp_path / "auto.db"
    with Program.open(auto, config_dict, checkpoint_every=2) as p:
        setup(p)
        p.refund({"id": "r1", "order_id": "o1", "amount": "75.00"}, at=T(4))
        p.approve_due(at=T(20))
        assert p.head == 6
    assert query(auto, "SELECT seq FROM checkpoints WHERE complete = 1 ORDER BY seq")[0] == [[4], [6]]
    # Reopening starts from the newest checkpoint: a row edited before it is not even read...
    edit(auto, "DROP TRIGGER journal_no_update", "UPDATE journal SET digest = x'00' WHERE seq = 3")
    with Program.open(auto) as again:
        assert pending(again) == ["0.00", "0.00"]  # approved on 03-20: 14 days after 03-02 and 03-03
        assert [str(again.balance(a, "EUR").payable.amount) for a in ("aff_1", "aff_2")] == ["25.00", "20.00"]
    # ... until the checkpoints are gone (they only save time) and the whole journal is replayed.
    edit(auto, "DELETE FROM checkpoints", "DELETE FROM checkpoint_chunks")
    with pytest.raises(CorruptJournalError, match="journal seq 3 \\(track_order\\) does not match its digest"):
        Program.open(auto)


def test_open_checks_its_arguments(tmp_path: Path, config_dict: Dict[str, Any]) -> None:
    path = tmp_path / "program.db"
    with pytest.raises(InvalidInputError) as durability:
        Program.open(path, config_dict, durability="sometimes")  # type: ignore[arg-type]
    assert str(durability.value) == 'invalid input at durability: "sometimes" is not "full" or "normal"'
    with pytest.raises(TypeError, match="busy_timeout: expected seconds as int or float, got str"):
        Program.open(path, config_dict, busy_timeout="5")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="busy_timeout: expected a non-negative number of seconds, got -1"):
        Program.open(path, config_dict, busy_timeout=-1)
    with pytest.raises(ValueError, match="busy_timeout: expected a non-negative number of seconds, got nan"):
        Program.open(path, config_dict, busy_timeout=float("nan"))
    with pytest.raises(TypeError, match="checkpoint_every: expected int, got bool"):
        Program.open(path, config_dict, checkpoint_every=True)
    with pytest.raises(TypeError):
        Program.open(5, config_dict)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="path: expected str or os.PathLike"):
        Program.open(b"program.db", config_dict)  # type: ignore[arg-type]
    with Program.open(path, config_dict, durability="normal", busy_timeout=0, checkpoint_every=0) as p:
        assert p.head == 0
    with DurableProgram(path) as p:  # the class itself takes the same arguments
        assert p.config().currency == "EUR"


def test_a_durable_program_does_not_pickle(durable: DurableProgram) -> None:
    setup(durable)
    with pytest.raises(TypeError, match="a DurableProgram is a handle to a file and cannot be pickled"):
        pickle.dumps(durable)
    # What to pickle instead: an in-memory copy.
    copy = pickle.loads(pickle.dumps(Program.restore(durable.snapshot())))
    assert type(copy) is Program
    assert pending(copy) == ["40.00", "20.00"]
    assert type(DurableProgram.restore(durable.snapshot())) is Program


def test_the_context_manager_closes_even_on_an_error(path: Path, config_dict: Dict[str, Any]) -> None:
    with pytest.raises(NotFoundError):
        with Program.open(path, config_dict) as p:
            p.affiliate("aff_9")
    assert p.closed
    assert repr(p) == f"<DurableProgram {str(path)!r} closed>"
    with Program.open(path) as again:
        assert repr(again) == f"<DurableProgram {str(path)!r} head=0>"


def test_a_call_waiting_on_the_file_releases_the_gil(durable: DurableProgram, path: Path) -> None:
    """A command waits for another process's lock (busy_timeout 10 s) in one thread; this thread runs
    Python meanwhile and releases the lock. Had the wait held the GIL, this thread could not run until
    the timeout, and the command would fail with BusyError."""
    durable.close()
    p = Program.open(path, busy_timeout=10)
    times: Dict[str, float] = {}
    failure: List[Optional[BaseException]] = [None]
    entering = threading.Event()

    def command() -> None:
        entering.set()
        times["start"] = time.monotonic()
        try:
            p.register_affiliate({"name": "Alice", "email": "alice@example.com"}, at=T(1))
        except BaseException as e:  # noqa: BLE001 - reported to the test thread
            failure[0] = e
        times["done"] = time.monotonic()

    try:
        with locked(path):
            worker = threading.Thread(target=command)
            worker.start()
            assert entering.wait(5)
            time.sleep(0.3)  # the worker is now inside the call, waiting for the lock
            spins = sum(1 for _ in range(100_000))  # Python runs in this thread meanwhile
            times["main"] = time.monotonic()
        worker.join(15)
        assert not worker.is_alive()
        assert failure[0] is None, failure[0]
        assert spins == 100_000
        assert times["start"] < times["main"] < times["done"] < times["start"] + 10
        assert p.head == 1
    finally:
        p.close()


def test_track_many_commits_the_accepted_orders_together(durable: DurableProgram, path: Path,
                                                         config_dict: Dict[str, Any]) -> None:
    durable.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=T(1))
    [rows_before] = count_rows(path, "journal")
    answers = durable.track_many([
        order("o1", line("l1", "p", "200.00"), code="ALICE"),  # 10 % = 20.00
        order("o2", line("l1", "p", "1.00", quantity=0), code="ALICE"),  # refused: changes nothing
        order("o3", line("l1", "rust-book", "50.00", category="books"), code="ALICE"),  # 20 % = 10.00
    ], at=T(2))
    assert [type(a).__name__ for a in answers] == ["TrackOutcome", "InvalidOrderError", "TrackOutcome"]
    assert isinstance(answers[1], InvalidOrderError)
    assert count_rows(path, "journal") == [rows_before + 2]  # the two accepted orders
    with Program.open(path, config_dict) as again:
        assert again.balance("aff_1", "EUR").pending.amount == Decimal("30.00")
        assert (again.sale("o1").gross, again.sale("o3").gross) == (Decimal("200.00"), Decimal("50.00"))
        with pytest.raises(NotFoundError):
            again.sale("o2")


def test_a_request_id_answers_its_first_outcome_and_refuses_another_command(tmp_path: Path, config_dict: Dict[str, Any]) -> None:
    with Program.open(tmp_path / "once.db", config_dict) as p:
        setup(p)
        o3 = order("o3", line("l1", "course", "100.00"), code="ALICE")
        first = p.once("checkout-3").track_order(o3, at=T(4))
        assert [str(c.amount.amount) for c in first.commissions] == ["10.00"]  # 10 % of 100.00
        head = p.head
        # The retry answers the first outcome and journals nothing.
        assert p.once("checkout-3").track_order(o3, at=T(4)) == first
        assert p.head == head
        # The same request id with another command is a conflict, and changes nothing.
        with pytest.raises(ConflictError):
            p.once("checkout-3").track_order(order("o4", line("l1", "course", "1.00"), code="ALICE"), at=T(4))
        assert p.head == head and pending(p) == ["50.00", "20.00"]
