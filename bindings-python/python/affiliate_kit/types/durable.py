"""What a durable program answers about its file (``store/src/``: options.rs, checkpoint.rs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .._codec import Record

__all__ = ["Durability", "CheckpointInfo"]

#: When a commit is on disk (``Durability``): ``full`` syncs every commit (survives a power loss),
#: ``normal`` syncs at the write-ahead log's checkpoints (survives the process being killed).
Durability = Literal["full", "normal"]


@dataclass(frozen=True)
class CheckpointInfo(Record):
    """A checkpoint written to the file: its journal seq, its records' size, their compressed size."""

    seq: int
    raw_bytes: int
    stored_bytes: int
