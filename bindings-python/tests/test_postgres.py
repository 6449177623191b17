"""Programs kept in PostgreSQL (``Program.open("postgresql://...")``) and webhook delivery from them,
on the real server ``./scripts/test`` starts (``AFFILIATE_KIT_POSTGRES_URL``; skipped without it,
except with ``CI=true``, where a missing server fails). Amounts as in ``test_durable.setup``: Alice
40.00 and Bob 20.00 pending."""

from __future__ import annotations

import json
import os
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, Iterator, List, Tuple

import pytest

from affiliate_kit import (
    ConflictError,
    DurableProgram,
    Endpoint,
    InvalidInputError,
    NotFoundError,
    Program,
    WebhookWorker,
    verify_webhook,
)
from affiliate_kit.types import DeliveryReport

from conftest import T, line, order
from test_durable import pending, setup

SERVER = os.environ.get("AFFILIATE_KIT_POSTGRES_URL")
if SERVER is None and os.environ.get("CI") == "true":
    raise RuntimeError("CI=true: AFFILIATE_KIT_POSTGRES_URL must be set (scripts/test starts PostgreSQL)")
pytestmark = pytest.mark.skipif(SERVER is None, reason="no AFFILIATE_KIT_POSTGRES_URL")

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def program_url(name: str) -> str:
    """A program of this test's own in the shared database."""
    return f"{SERVER}?program=py-{name}-{os.getpid()}-{time.time_ns()}"


def test_a_program_in_postgresql_is_shared_by_two_handles_and_reopened(config_dict: Dict[str, Any]) -> None:
    url = program_url("shared")
    with Program.open(url, config_dict) as first, Program.open(url) as second:
        assert isinstance(first, DurableProgram) and first.path == url
        setup(first)
        # The second handle (another machine's replica) reads what the first committed ...
        assert pending(second) == ["40.00", "20.00"]
        # ... and its own command reaches the first: o3, a course of 100.00 by ALICE, 10 % = 10.00.
        second.track_order(order("o3", line("l1", "course", "100.00"), code="ALICE"), at=T(4))
        assert pending(first) == ["50.00", "20.00"]
        assert first.head == second.head == 5
        assert repr(first) == f"<DurableProgram {url!r} head=5>"
    with Program.open(url) as again:
        assert pending(again) == ["50.00", "20.00"]
        assert [c["verb"] for c in again.command_log()] == ["register_affiliate"] * 2 + ["track_order"] * 3
    with pytest.raises(ConflictError):
        Program.open(url, dict(config_dict, holding_days=1))
    with pytest.raises(InvalidInputError):
        Program.open(program_url("missing"))


def test_a_retry_with_the_same_request_id_answers_the_first_outcome(config_dict: Dict[str, Any]) -> None:
    url = program_url("once")
    with Program.open(url, config_dict) as p, Program.open(url) as other:
        setup(p)
        o3 = order("o3", line("l1", "course", "100.00"), code="ALICE")
        first = p.once("checkout-3").track_order(o3, at=T(4))
        assert [str(c.amount.amount) for c in first.commissions] == ["10.00"]
        # The retry, from another handle: the first answer; nothing runs again.
        assert other.once("checkout-3").track_order(o3, at=T(4)) == first
        assert len(other.commissions()) == 4 and pending(other) == ["50.00", "20.00"]
        with pytest.raises(ConflictError):
            p.once("checkout-3").track_order(order("o4", line("l1", "course", "1.00"), code="ALICE"), at=T(4))
        assert p.head == 5


def test_checkpoints_and_the_outbox_of_a_postgresql_program(config_dict: Dict[str, Any]) -> None:
    url = program_url("outbox")
    with Program.open(url, config_dict, checkpoint_every=0) as p:
        setup(p)
        info = p.checkpoint()
        assert info.seq == 4 and 0 < info.stored_bytes < info.raw_bytes
        assert [e.type for e in p.pending_events("crm", 3)] == ["affiliate.registered"] * 2 + ["order.tracked"]
        p.ack_events("crm", 3)
        assert p.cursor("crm") == 3
        assert [e.sequence for e in p.pending_events("crm")] == [4, 5, 6, 7]
    with Program.open(url) as again:
        assert pending(again) == ["40.00", "20.00"]


class Receiver:
    """A webhook receiver on 127.0.0.1: answers 500 to ``order.tracked`` events until ``fixed``, 200
    to the rest; keeps every request (headers, body, status)."""

    def __init__(self) -> None:
        self.fixed = False
        self.received: List[Tuple[Dict[str, str], str, int]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["content-length"])).decode()
                refused = json.loads(body)["type"] == "order.tracked" and not receiver.fixed
                status = 500 if refused else 200
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body, status))
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def accepted(self) -> List[int]:
        """The sequences of the events answered 200, in arrival order, each verified."""
        now = datetime.now(timezone.utc)
        return [
            verify_webhook(
                {"id": h["webhook-id"], "timestamp": int(h["webhook-timestamp"]), "signature": h["webhook-signature"]},
                body,
                SECRET,
                now,
            ).sequence
            for h, body, status in self.received
            if status == 200
        ]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def test_webhook_delivery_retries_dead_letters_and_replays(config_dict: Dict[str, Any], receiver: Receiver) -> None:
    url = program_url("webhooks")
    p = Program.open(url, config_dict)
    setup(p)  # events 1..7: order.tracked at 3 and 5
    worker = WebhookWorker(
        url, [Endpoint("crm", receiver.url, SECRET)], max_attempts=2, backoff=0.001, max_backoff=0.001, timeout=2
    )
    deadline = time.monotonic() + 30
    while p.cursor("webhook:crm") < 7:
        assert time.monotonic() < deadline
        worker.deliver_once()
    assert receiver.accepted() == [1, 2, 4, 6, 7]
    dead = worker.dead_letters("crm")
    assert [(d.sequence, d.event_type, d.attempts, d.error, d.requeued) for d in dead] == [
        (3, "order.tracked", 2, "HTTP 500", False),
        (5, "order.tracked", 2, "HTTP 500", False),
    ]
    assert [(a.attempt, a.status, a.error) for a in worker.attempts("crm", 3)] == [(1, 500, "HTTP 500"), (2, 500, "HTTP 500")]
    with pytest.raises(NotFoundError):
        worker.replay_dead_letters("crm", [3, 4])
    receiver.fixed = True
    assert worker.replay_dead_letters("crm") == 2
    assert worker.deliver_once() == DeliveryReport(delivered=0, failed=0, dead=0, replayed=2, skipped=0, waiting=0)
    assert receiver.accepted() == [1, 2, 4, 6, 7, 3, 5]
    assert all(d.delivered_at is not None for d in worker.dead_letters())
    # A worker running in a thread delivers what is tracked meanwhile, until stopped.
    running = threading.Thread(target=lambda: results.append(worker.run(idle=0.01)))
    results: List[DeliveryReport] = []
    running.start()
    p.track_order(order("o3", line("l1", "course", "100.00"), code="ALICE"), at=T(4))  # events 8, 9
    while receiver.accepted()[-1:] != [9]:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    worker.stop()
    running.join(10)
    assert results[0].delivered == 2
    p.close()


def test_bad_endpoints_and_options_are_refused(config_dict: Dict[str, Any]) -> None:
    url = program_url("worker")
    Program.open(url, config_dict).close()
    with pytest.raises(InvalidInputError, match="endpoints.crm.secret"):
        WebhookWorker(url, [Endpoint("crm", "https://example.com/hooks", "nope!")])
    with pytest.raises(InvalidInputError, match="max_attempts"):
        WebhookWorker(url, [Endpoint("crm", "https://example.com/hooks", SECRET)], max_attempts=0)
    with pytest.raises(TypeError):
        WebhookWorker(url, [("crm", "https://example.com/hooks", SECRET)])  # type: ignore[list-item]
    assert "secret" not in repr(Endpoint("crm", "https://example.com/hooks", SECRET))
