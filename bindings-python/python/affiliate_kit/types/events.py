"""Events (``core/src/program/events/mod.rs``): the envelope, written by hand, and the typed views of
each event's data (generated into ``event_data``, re-exported here).

``Event`` keeps the exact JSON text the core produced, so that :meth:`Event.to_json` hands a webhook
receiver (or a signature check) the very bytes the core signed. ``Event.data`` is the raw JSON object;
:meth:`Event.payload` decodes it into the typed class for the event's ``type``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Mapping

from .._codec import Record, decode, dumps
from .event_data import *  # noqa: F401,F403  (this module's names before the data was generated)
from .event_data import EVENT_DATA_BY_TYPE, EventData

__all__ = ["Event"]


@dataclass(frozen=True)
class Event(Record):
    """One event: ``{"id", "sequence", "occurred_at", "type", "data"}``, with its exact JSON text."""

    id: str
    sequence: int
    occurred_at: datetime
    type: str
    # The raw JSON object of the event's data, values as JSON gives them (amounts are strings).
    data: Mapping[str, Any]
    # The core's JSON text of the whole event (set by from_json); not part of equality or repr.
    json_text: str = field(default="", compare=False, repr=False, metadata={"internal": True})

    @classmethod
    def from_json(cls, text: str) -> "Event":
        """Decodes an event from the core's JSON text, keeping that text for :meth:`to_json`."""
        event: Event = decode(cls, json.loads(text), "event")
        return replace(event, json_text=text)

    def to_json(self) -> str:
        """The event's JSON exactly as the core wrote it (compact JSON of the fields if built by hand)."""
        return self.json_text or dumps(self.to_dict(), "event")

    def payload(self) -> EventData:
        """The event's data decoded into the typed class for its ``type``."""
        cls = EVENT_DATA_BY_TYPE.get(self.type)
        if cls is None:
            raise TypeError(f"Event: unknown event type {self.type!r}")
        result: EventData = decode(cls, self.data, f"event.data ({self.type})")
        return result
