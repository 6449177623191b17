"""The writer process of ``test_crash.py``: runs a seeded stream of mixed commands on a durable program
until it is killed, and says which were acknowledged.

Usage: ``python crash_writer.py PATH SEED CHECKPOINT_EVERY LIMIT``. Opens (or creates) the program of
``month-config.json`` in the file at PATH, prints ``READY <head>``, then for each of at most LIMIT
commands, once it has returned, prints ``ACK <index> <head> <verb> <at> <key>`` (``head``: the journal
seq the command got; ``key``: the id it carries, or ``-``) or, for a command the core rejected,
``REJECT <index> <code>``; each line is flushed before the next command starts. Commands carry
timestamps that only move forward (6 hours per journaled command), also across runs on one file.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, List, Optional, Tuple

from affiliate_kit import AffiliateKitError, BusyError, CorruptJournalError, Program, StorageError
from affiliate_kit.durable import DurableProgram
from affiliate_kit.types import OrderLine, Refund, Registration

CONFIG = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures" / "month-config.json"
START = datetime(2026, 3, 1, tzinfo=timezone.utc)
STEP = timedelta(hours=6)


def rfc3339(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """The writer's view of the program: what the next commands may refer to."""

    def __init__(self, program: DurableProgram, seed: int) -> None:
        self.p = program
        self.seed = seed
        self.rng = random.Random(seed)
        self.affiliates: List[Tuple[str, str]] = [(a.id, a.code) for a in program.affiliates() if a.code]
        self.sales: List[str] = sorted({c.sale_id for c in program.commissions()})
        self.payouts: List[str] = [x.id for x in program.payouts() if x.status == "created"]

    def command(self, index: int, at: datetime) -> Tuple[str, Optional[str], Callable[[], object]]:
        """The next command: its verb, the id it carries, and the call."""
        rng, p = self.rng, self.p
        roll = rng.random() if self.affiliates else 0.0
        if roll < 0.15:
            n = len(self.affiliates) + 1
            email = f"affiliate{n}@example.com"
            registration: Registration = {"name": f"Affiliate {n}", "email": email, "code": f"AFF{n}"}
            if self.affiliates and rng.random() < 0.5:
                registration["parent"] = rng.choice(self.affiliates)[0]

            def register() -> object:
                view = p.register_affiliate(registration, at=at)
                self.affiliates.append((view.id, view.code or ""))
                return view

            return "register_affiliate", email, register
        if roll < 0.60 or not self.sales:
            order_id = f"o-{self.seed}-{index}"
            lines: List[OrderLine] = []
            for k in range(rng.randint(1, 2)):
                line: OrderLine = {"id": f"l{k}", "product": f"p{rng.randint(1, 5)}", "quantity": rng.randint(1, 3),
                                   "unit_price": f"{rng.randint(1000, 50000) / 100:.2f}"}
                if rng.random() < 0.3:
                    line["category"] = "books"
                lines.append(line)
            code = rng.choice(self.affiliates)[1]

            def track() -> object:
                outcome = p.track_order({"id": order_id, "currency": "EUR", "code": code, "lines": lines}, at=at)
                self.sales.append(order_id)
                return outcome

            return "track_order", order_id, track
        if roll < 0.75:
            refund_id = f"r-{self.seed}-{index}"
            refund: Refund = {"id": refund_id, "order_id": rng.choice(self.sales),
                              "amount": f"{rng.randint(100, 1000) / 100:.2f}"}
            return "refund", refund_id, lambda: p.refund(refund, at=at)
        if roll < 0.85:
            return "approve_due", None, lambda: p.approve_due(at=at)
        if roll < 0.93 or not self.payouts:

            def create() -> object:
                created = p.create_payouts(at=at)
                self.payouts.extend(x.id for x in created)
                return created

            return "create_payouts", None, create
        payout_id = self.payouts.pop(0)
        return "mark_payout_paid", payout_id, lambda: p.mark_payout_paid(payout_id, f"sepa-{index}", at=at)


def main() -> None:
    path, seed, checkpoint_every, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    config = json.loads(CONFIG.read_text(encoding="utf-8"))
    with Program.open(path, config, checkpoint_every=checkpoint_every) as program:
        writer = Writer(program, seed)
        print("READY", program.head, flush=True)
        for index in range(limit):
            at = START + STEP * (program.head + 1)
            verb, key, call = writer.command(index, at)
            try:
                call()
            except (StorageError, BusyError, CorruptJournalError):
                raise  # not expected with one writer: the test fails on the traceback
            except AffiliateKitError as e:  # a refund larger than what is left, ...
                print("REJECT", index, e.code, flush=True)
                continue
            print("ACK", index, program.head, verb, rfc3339(at), key or "-", flush=True)


if __name__ == "__main__":
    main()
