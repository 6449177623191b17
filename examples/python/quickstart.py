"""Quickstart: load a commission plan, quote a few orders and print each commission and why; then run a
tiny program: register an affiliate, track an order, approve it, pay it out, print the balance and events.

The Python twin of ``examples/rust/quickstart.rs``, on the same shared fixtures.
Run from anywhere: ``python examples/python/quickstart.py``
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import List

from affiliate_kit import Plan, Program, check_format, generate_code
from affiliate_kit.types import Order, QuoteContext

# The plan and orders are the shared fixtures that the tests and the other languages use too.
FIXTURES = Path(__file__).resolve().parents[2] / "core" / "tests" / "fixtures"


def print_quote(plan: Plan, order: Order, ctx: QuoteContext) -> None:
    quote = plan.quote(order, ctx)
    print(f"\n{quote.order_id} for {ctx['affiliate']}: total commission {quote.total}")
    for line in quote.lines:
        print(f"  level {line.level} {line.beneficiary:<10} {str(line.amount):>12}  {line.explanation.summary}")


def main() -> None:
    plan = Plan.from_json((FIXTURES / "quickstart-plan.json").read_text(encoding="utf-8"))
    orders: List[Order] = json.loads((FIXTURES / "quickstart-orders.json").read_text(encoding="utf-8"))

    code = generate_code(42)  # the same seed gives the same code in every language
    verdict = json.dumps(check_format(code).to_dict(), separators=(",", ":"))
    print(f"affiliate code for aff_alice: {code}, offline check: {verdict}")

    at = datetime(2026, 5, 14, 9, 30, tzinfo=timezone.utc)
    ctx: QuoteContext = {"affiliate": "aff_alice", "at": at, "parents": ["aff_bob", "aff_carol"]}
    for order in orders:
        print_quote(plan, order, ctx)

    # The same 199.99 order for a gold affiliate with 12 sales this month, rounded half-even.
    gold: QuoteContext = {"affiliate": "aff_dave", "at": at, "group": "gold", "period_sales_count": 12, "rounding": "half_even"}
    print_quote(plan, orders[1], gold)

    # A program on the same plan: Alice shares her code, an order comes in with it, the 30-day holding
    # period passes, the commission is approved and paid out.
    print("\n== a program on the same plan ==")
    program = Program({"currency": "EUR", "plan": plan.to_dict()})
    alice = program.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=at)
    tracked = program.track_order({**orders[0], "code": "alice"}, at=at + timedelta(hours=1))
    print(f"{tracked.order_id} tracked for {tracked.affiliate_id} by {tracked.attributed_by}: {tracked.total}")
    approved = program.approve_due(at=at + timedelta(days=31))
    print(f"approved {len(approved)} commissions after the holding period")
    for payout in program.create_payouts(at=at + timedelta(days=31)):
        paid = program.mark_payout_paid(payout.id, "sepa-0001", at=at + timedelta(days=32))
        print(f"payout {paid.id} to {paid.affiliate_id}: {paid.amount} {paid.status} ({paid.reference})")
    balance = program.balance(alice.id, "EUR")
    print(f"balance of {alice.id}: earned {balance.earned.amount}, pending {balance.pending.amount}, "
          f"payable {balance.payable.amount}, paid {balance.paid.amount}")
    for event in program.drain_events():
        print(f"{event.sequence:>3} {event.occurred_at:%m-%d %H:%M} {event.type}")


if __name__ == "__main__":
    main()
