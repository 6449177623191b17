"""Durable programs: a :class:`~affiliate_kit.Program` kept in a SQLite file (embedded, no server) or,
for several machines, in PostgreSQL (``Program.open("postgresql://user@host/db?program=main")``).

Every accepted command is committed to the journal, with the events it emitted, before it answers;
reopening after the process is killed gives the same program, and after a power loss too with
``durability="full"`` (the default) on a disk that honours fsync (PostgreSQL: the server's
``synchronous_commit``). Several processes, machines, and handles in one process may open one program:
each sees the commands the others committed before each command and each read.

A command whose commit may or may not have happened (the connection broke: ``StorageError``) is sent
again with the same request id, through :meth:`DurableProgram.once`: the retry answers the first
outcome if it was committed, and never runs twice::

    program.once("checkout-8812").track_order(order, at=now)

Usage::

    with Program.open("program.db", config) as program:    # created with config (a new file)
        program.register_affiliate({"name": "Ana", "email": "ana@example.com"}, at=now)
    with Program.open("program.db") as program:            # the stored config
        for event in program.pending_events("webhooks"):
            deliver(event)
            program.ack_events("webhooks", event.sequence)

Events live in the file (the outbox), not in the program's snapshot: read them with
:meth:`DurableProgram.events_since`, deliver them at least once with :meth:`DurableProgram.pending_events`
and :meth:`DurableProgram.ack_events` per consumer, or take them once with
:meth:`DurableProgram.drain_events` (one cursor shared by every handle of the file).

Calls that touch the file release the GIL: other Python threads run meanwhile. A handle may be shared by
threads (its calls take turns) but not pickled: pickle ``Program.restore(program.snapshot())`` instead
(an in-memory copy without the events), or pass the path and open the file again.
"""

from __future__ import annotations

import math
import os
import re
from types import TracebackType
from typing import Any, Dict, List, Mapping, NoReturn, Optional, Sequence, Type, Union

from . import _native
from ._args import count, load, text
from .program import ConfigArg, Program, _config
from .types import CheckpointInfo, Durability, Event

__all__ = ["DurableProgram"]


def _seconds_to_ms(value: float, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name}: expected seconds as int or float, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}: expected a non-negative number of seconds, got {value!r}")
    return round(value * 1000)


class DurableProgram(Program):
    """A :class:`Program` kept in a SQLite file (see the module). Usually made by
    :meth:`Program.open` (same arguments); closes on leaving a ``with`` block.

    Every verb and read of :class:`Program` works unchanged, each command answered once it is
    committed. A command that could not be committed raises :class:`~affiliate_kit.StorageError` or
    :class:`~affiliate_kit.BusyError` and is not in the program; a file that is not a program, or whose
    journal was tampered with, is :class:`~affiliate_kit.CorruptJournalError`; a closed program is
    :class:`~affiliate_kit.InvalidStateError`. Not picklable (it is a handle to a file)."""

    __slots__ = ("_durable", "_path")

    def __init__(
        self,
        path: Union[str, "os.PathLike[str]"],
        config: Optional[ConfigArg] = None,
        *,
        durability: Durability = "full",
        busy_timeout: float = 5.0,
        checkpoint_every: int = 100_000,
    ) -> None:
        file = os.fspath(path)
        if not isinstance(file, str):
            raise TypeError(f"path: expected str or os.PathLike[str] (a file or a postgresql:// URL), got {type(file).__name__}")
        native = _native.Program.open(
            file,
            None if config is None else _config(config),
            text(durability, "durability"),
            _seconds_to_ms(busy_timeout, "busy_timeout"),
            count(checkpoint_every, "checkpoint_every"),
        )
        self._native = native
        self._durable = native
        self._path = file

    @classmethod
    def restore(cls, snapshot: str) -> Program:
        """An in-memory :class:`Program` from a snapshot (a durable one is opened from its file)."""
        return Program.restore(snapshot)

    @classmethod
    def replay(cls, config: ConfigArg, log: Union[str, Sequence[Mapping[str, Any]]]) -> Program:
        """An in-memory :class:`Program` from a command log (a durable one is opened from its file)."""
        return Program.replay(config, log)

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "a DurableProgram is a handle to a file and cannot be pickled: "
            "pickle Program.restore(program.snapshot()) (in memory), or pass the path and open it again"
        )

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"head={self.head}"
        # A URL's password is not shown.
        shown = re.sub(r"^(postgres(?:ql)?://[^:/@]*):[^@]*@", r"\1:***@", self._path)
        return f"<DurableProgram {shown!r} {state}>"

    def once(self, request_id: str) -> "DurableProgram":
        """This program, for one command sent with ``request_id``: if a command with this id is already
        in the journal (a retry after an unknown outcome, from any process or machine), its first
        answer is returned and nothing runs again; the same id with another command is
        :class:`~affiliate_kit.ConflictError`. Use the view for one command."""
        view = object.__new__(type(self))
        view._native = _Once(self._durable, text(request_id, "request_id"))  # type: ignore[assignment]
        view._durable = self._durable
        view._path = self._path
        return view

    def __enter__(self) -> "DurableProgram":
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()

    # ---- the file -------------------------------------------------------------------------------

    @property
    def path(self) -> str:
        """The file's path or the PostgreSQL URL, as given to :meth:`Program.open`."""
        return self._path

    @property
    def head(self) -> int:
        """The journal seq of the last command this handle applied (0 for a new program); commands
        of other handles or processes count once a call (or :meth:`refresh`) applied them."""
        return self._durable.head()

    def refresh(self) -> None:
        """Applies the commands other handles and processes committed (every call does it first)."""
        self._durable.refresh()

    def checkpoint(self) -> CheckpointInfo:
        """Writes a checkpoint of the current state, so that reopening replays only what follows it
        (taken automatically every ``checkpoint_every`` commands)."""
        return load(CheckpointInfo, self._durable.checkpoint())

    def close(self) -> None:
        """Closes the file; every later call is :class:`~affiliate_kit.InvalidStateError`. Closing
        twice does nothing."""
        self._durable.close()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._durable.closed

    # ---- events: the outbox in the file ---------------------------------------------------------

    def drain_events(self) -> List[Event]:
        """The events no handle of this file drained before, in order; they are then acknowledged for
        the consumer ``"drain_events"`` (one cursor shared by every handle and process)."""
        return super().drain_events()

    def events_since(self, sequence: int) -> List[Event]:
        """Every event with a sequence number above ``sequence`` (``0``: all), read from the file."""
        return super().events_since(count(sequence, "sequence"))

    def pending_events(self, consumer: str, limit: int = 100) -> List[Event]:
        """The events ``consumer`` has not acknowledged yet, oldest first, at most ``limit``. Delivery is
        at least once: they come again until :meth:`ack_events` moves the cursor past them."""
        events = self._durable.pending_events(text(consumer, "consumer"), count(limit, "limit"))
        return [Event.from_json(t) for t in events]

    def ack_events(self, consumer: str, sequence: int) -> None:
        """Acknowledges ``consumer``'s events up to and including ``sequence`` (a cursor never moves
        back; a sequence past the last event is :class:`~affiliate_kit.InvalidInputError`)."""
        self._durable.ack_events(text(consumer, "consumer"), count(sequence, "sequence"))

    def cursor(self, consumer: str) -> int:
        """The last sequence ``consumer`` acknowledged (0 when it never did)."""
        return self._durable.cursor(text(consumer, "consumer"))

    # ---- reads whose meaning differs in a file --------------------------------------------------

    def command_log(self) -> List[Dict[str, Any]]:
        """Every command in the file's journal, in order, as the core's JSON (``drain_events`` is not
        journaled)."""
        return super().command_log()

    def snapshot(self) -> str:
        """The state as JSON, without the events (they are in the file): :meth:`Program.restore` of it
        is an in-memory copy whose events start after the last one here."""
        return super().snapshot()


class _Once:
    """The native program with ``execute``, ``execute_into`` and ``execute_values_into`` sent under one
    request id (see :meth:`DurableProgram.once`); everything else is the program's."""

    __slots__ = ("_program", "_request_id")

    def __init__(self, program: Any, request_id: str) -> None:
        self._program = program
        self._request_id = request_id

    def execute(self, command_json: str) -> str:
        return str(self._program.execute_once(command_json, self._request_id))

    def execute_into(self, command_json: str, shape: Any) -> Any:
        return self._program.execute_once_into(command_json, self._request_id, shape)

    def execute_values_into(self, command: Any, shape: Any) -> Any:
        return self._program.execute_once_values_into(command, self._request_id, shape)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._program, name)
