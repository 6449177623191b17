"""Webhook delivery from a program kept in PostgreSQL: :class:`WebhookWorker` signs each event of the
outbox (Standard Webhooks, like :func:`~affiliate_kit.sign_webhook`) and POSTs it to each
:class:`Endpoint`, at least once and in sequence order per endpoint, retrying with exponential backoff
and jitter; events an endpoint keeps refusing become dead letters that an operator lists and requeues.

Usage::

    worker = WebhookWorker("postgresql://app@db/shop?program=main",
                           [Endpoint("crm", "https://crm.example.com/hooks", secret)])
    threading.Thread(target=worker.run, daemon=True).start()   # until worker.stop()
    ...
    for letter in worker.dead_letters("crm"):
        print(letter.sequence, letter.event_type, letter.error)
    worker.replay_dead_letters("crm")                           # sent again by the next pass

Several workers (processes, machines) may run at once: one delivers an endpoint at a time. Calls
release the GIL.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

from . import _native
from ._args import count, load, text
from ._codec import decode
from .types import Attempt, DeadLetter, DeliveryReport

__all__ = ["Endpoint", "WebhookWorker"]


@dataclass(frozen=True)
class Endpoint:
    """Where events are POSTed: ``name`` (letters, digits, ``-``, ``_``, ``.``; its cursor is the
    consumer ``webhook:<name>``), an ``http(s)://`` ``url``, the ``whsec_...`` ``secret`` the receiver
    verifies with, and the ``event_types`` it wants (empty: every event)."""

    name: str
    url: str
    secret: str = field(repr=False)
    event_types: Sequence[str] = ()

    def _native(self) -> Tuple[str, str, str, List[str]]:
        types = [text(t, "event_types") for t in self.event_types]
        return (text(self.name, "name"), text(self.url, "url"), text(self.secret, "secret"), types)


def _ms(value: float, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name}: expected seconds as int or float, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}: expected a non-negative number of seconds, got {value!r}")
    return round(value * 1000)


class WebhookWorker:
    """Delivers the events of the program at ``url`` (``postgresql://...?program=NAME``) to
    ``endpoints``. ``max_attempts`` failures make an event a dead letter; the wait after failure
    ``n`` is ``backoff * 2**(n-1)`` seconds, at most ``max_backoff``, minus a random part of up to
    half (jitter); ``timeout`` bounds each POST; ``batch`` is events per endpoint per pass. Bad
    endpoints or options are :class:`~affiliate_kit.InvalidInputError`."""

    __slots__ = ("_native",)

    def __init__(
        self,
        url: str,
        endpoints: Sequence[Endpoint],
        *,
        max_attempts: int = 12,
        backoff: float = 10.0,
        max_backoff: float = 6 * 3600.0,
        timeout: float = 10.0,
        batch: int = 100,
    ) -> None:
        for endpoint in endpoints:
            if not isinstance(endpoint, Endpoint):
                raise TypeError(f"endpoints: expected Endpoint, got {type(endpoint).__name__}")
        self._native = _native.WebhookWorker(
            text(url, "url"),
            [endpoint._native() for endpoint in endpoints],
            count(max_attempts, "max_attempts"),
            _ms(backoff, "backoff"),
            _ms(max_backoff, "max_backoff"),
            _ms(timeout, "timeout"),
            count(batch, "batch"),
        )

    def deliver_once(self) -> DeliveryReport:
        """One pass: for each endpoint no other worker holds and whose next attempt is due, its
        requeued dead letters, then its events in order until one fails."""
        return load(DeliveryReport, self._native.deliver_once())

    def run(self, *, idle: float = 1.0) -> DeliveryReport:
        """Passes until :meth:`stop` is called (from another thread), sleeping ``idle`` seconds after
        a pass that did nothing; answers what all the passes did. A server that goes away is waited
        for; other errors end the run."""
        return load(DeliveryReport, self._native.run(_ms(idle, "idle")))

    def stop(self) -> None:
        """Ends a :meth:`run` in progress after its current pass."""
        self._native.stop()

    def dead_letters(self, endpoint: Optional[str] = None) -> List[DeadLetter]:
        """The dead letters of ``endpoint`` (of every endpoint when ``None``), by endpoint and
        sequence, delivered replays included (``delivered_at``)."""
        letters = json.loads(self._native.dead_letters(None if endpoint is None else text(endpoint, "endpoint")))
        return [decode(DeadLetter, letter) for letter in letters]

    def replay_dead_letters(self, endpoint: str, sequences: Sequence[int] = ()) -> int:
        """Requeues dead letters of ``endpoint`` for the next pass (none given: every one not yet
        delivered); answers how many. A sequence that is not one of its dead letters is
        :class:`~affiliate_kit.NotFoundError`, and nothing is requeued."""
        chosen = [count(s, "sequences") for s in sequences]
        return self._native.replay_dead_letters(text(endpoint, "endpoint"), chosen)

    def attempts(self, endpoint: str, sequence: int) -> List[Attempt]:
        """The delivery attempts of event ``sequence`` to ``endpoint``, oldest first."""
        found = json.loads(self._native.attempts(text(endpoint, "endpoint"), count(sequence, "sequence")))
        return [decode(Attempt, attempt) for attempt in found]
