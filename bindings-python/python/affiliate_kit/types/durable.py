"""What a kept program answers about its store, and what webhook delivery reports (``store/src/``:
options.rs, checkpoint.rs, webhooks/mod.rs)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Optional

from .._codec import Record

__all__ = ["Durability", "CheckpointInfo", "DeliveryReport", "DeadLetter", "Attempt"]

#: When a commit is on disk (``Durability``): ``full`` syncs every commit (survives a power loss),
#: ``normal`` syncs at the write-ahead log's checkpoints (survives the process being killed).
Durability = Literal["full", "normal"]


@dataclass(frozen=True)
class CheckpointInfo(Record):
    """A checkpoint written to the file: its journal seq, its records' size, their compressed size."""

    seq: int
    raw_bytes: int
    stored_bytes: int


@dataclass(frozen=True)
class DeliveryReport(Record):
    """What a pass (or a run) of the webhook worker did."""

    #: Events delivered (a 2xx answer).
    delivered: int
    #: Attempts that failed (the event waits for its next attempt, or a requeued dead letter stays dead).
    failed: int
    #: Events that became dead letters.
    dead: int
    #: Requeued dead letters delivered.
    replayed: int
    #: Events passed over: a type the endpoint does not want.
    skipped: int
    #: Endpoints passed over: another worker held them, or their next attempt is not due.
    waiting: int


@dataclass(frozen=True)
class DeadLetter(Record):
    """An event an endpoint kept refusing."""

    endpoint: str
    #: The event's sequence.
    sequence: int
    event_type: str
    #: Failed attempts.
    attempts: int
    #: The last attempt's error.
    error: str
    dead_at: datetime
    #: Requeued by an operator, not yet sent again.
    requeued: bool
    #: When a replay was delivered.
    delivered_at: Optional[datetime] = None


@dataclass(frozen=True)
class Attempt(Record):
    """One delivery attempt, as recorded."""

    endpoint: str
    #: The event's sequence.
    sequence: int
    #: 1, 2, ... for this event and endpoint (replays continue the count).
    attempt: int
    at: datetime
    #: The HTTP status, when an answer came.
    status: Optional[int] = None
    #: Why it failed; ``None``: delivered.
    error: Optional[str] = None
    #: How long it took, in milliseconds.
    millis: int = 0
