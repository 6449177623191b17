"""Month-end payouts from a shop's CSV exports: what a Python shop runs on the first of the month.

1. loads the program config (the shared fixture ``core/tests/fixtures/month-config.json``: EUR,
   Europe/Paris, 10 % (books 20 %), 5 % of the sale to the referrer's parent, 14 holding days,
   50.00 EUR minimum payout);
2. registers the affiliates of ``affiliates.csv`` (code, name, e-mail, parent's code);
3. replays the month's orders and refunds of ``orders-2026-03.csv`` (one row per order line; rows of
   ``type`` ``refund`` refund ``quantity x unit_price`` of an earlier order) with ``track_order`` and
   ``refund``;
4. at ``--at`` approves what is past the holding period, creates the payouts, marks them paid;
5. prints a statement per affiliate and writes ``payouts-<month>.csv`` and the program's snapshot
   (reloaded to show that it holds the whole state) to ``--out`` (default: a new temporary directory).

Money is ``decimal.Decimal`` throughout, never float.

Run: ``python examples/python/monthly_payouts.py [--orders FILE] [--affiliates FILE] [--out DIR] [--at TIME]``
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Union

from affiliate_kit import AffiliateKitError, Program, bucket_of
from affiliate_kit.types import Commission, Order, OrderLine, Payout

HERE = Path(__file__).resolve().parent
CONFIG = HERE.parents[1] / "core" / "tests" / "fixtures" / "month-config.json"

# 2026-04-01 00:00 in Paris (summer time since 29 March: UTC+2): the month of March is over.
DEFAULT_AT = "2026-03-31T22:00:00Z"


def parse_datetime(text: str) -> datetime:
    """An ISO 8601 timestamp with its offset (``2026-03-02T10:15:00Z``); the library refuses naive ones."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r}: give the UTC offset (Z or +01:00)")
    return value


@dataclass
class OrderRow:
    """An order gathered from its line rows."""

    id: str
    at: datetime
    code: str
    email: str
    lines: List[OrderLine] = field(default_factory=list)


@dataclass
class RefundRow:
    """A refund of part (or all) of an order."""

    id: str
    order_id: str
    at: datetime
    amount: Decimal


Item = Union[OrderRow, RefundRow]


def read_orders(path: Path) -> List[Item]:
    """The orders and refunds of the CSV, in time order (the rows of one order form its lines)."""
    orders: Dict[str, OrderRow] = {}
    items: List[Item] = []
    refunds_per_order: Dict[str, int] = {}
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            at = parse_datetime(row["date"])
            if row["type"] == "refund":
                n = refunds_per_order[row["order_id"]] = refunds_per_order.get(row["order_id"], 0) + 1
                amount = int(row["quantity"]) * Decimal(row["unit_price"])
                items.append(RefundRow(f"{row['order_id']}-refund-{n}", row["order_id"], at, amount))
                continue
            order = orders.get(row["order_id"])
            if order is None:
                order = orders[row["order_id"]] = OrderRow(row["order_id"], at, row["affiliate_code"], row["customer_email"])
                items.append(order)
            line: OrderLine = {
                "id": f"l{len(order.lines) + 1}",
                "product": row["product"],
                "category": row["category"] or None,
                "quantity": int(row["quantity"]),
                "unit_price": Decimal(row["unit_price"]),
            }
            order.lines.append(line)
    return sorted(items, key=lambda item: item.at)


def register_affiliates(program: Program, path: Path) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            parent = program.affiliate_by_code(row["parent_code"]).id if row["parent_code"] else None
            program.register_affiliate(
                {"name": row["name"], "email": row["email"], "code": row["code"], "parent": parent},
                at=parse_datetime(row["joined_at"]),
            )


def replay(program: Program, items: Sequence[Item], until: datetime) -> None:
    """Tracks the orders and refunds dated before ``until``, printing one line each."""
    for item in items:
        if isinstance(item, OrderRow) and item.at < until:
            order: Order = {
                "id": item.id,
                "currency": "EUR",
                "customer": {"email": item.email},
                "lines": item.lines,
                "code": item.code or None,
            }
            outcome = program.track_order(order, at=item.at)
            why = f"{outcome.total}" if outcome.credited else f"nothing ({outcome.reason})"
            print(f"  {item.at:%m-%d} order  {item.id} {item.code or '-':<6} -> {outcome.affiliate_id or '-':<5} {why}")
        elif isinstance(item, RefundRow) and item.at < until:
            try:
                refunded = program.refund({"id": item.id, "order_id": item.order_id, "amount": item.amount}, at=item.at)
            except AffiliateKitError as e:  # e.g. a refund of an order of another month
                print(f"  {item.at:%m-%d} refund {item.order_id} skipped: {e.code} {e}")
                continue
            reversed_ = ", ".join(f"{r.affiliate_id} -{r.amount.amount} ({r.kind})" for r in refunded.reversals)
            print(f"  {item.at:%m-%d} refund {item.order_id} {item.amount} EUR: {reversed_ or 'no commission'}")


def explanation(program: Program, commission: Commission) -> str:
    """The one-sentence explanation the quote gave for this commission."""
    quote = program.sale(commission.sale_id).outcome.quote
    for line in quote.lines if quote else []:
        if line.beneficiary == commission.affiliate_id and line.rule_id == commission.rule_id and line.level == commission.level:
            return line.explanation.summary
    return ""


def taken_back(program: Program) -> Dict[str, Decimal]:
    """What refunds took back from each commission (reversal, clawback and rejection entries are negative)."""
    back: Dict[str, Decimal] = {}
    for e in program.entries():
        if e.kind != "commission":
            back[e.commission_id] = back.get(e.commission_id, Decimal(0)) - e.amount.amount
    return back


def print_statements(program: Program, payouts: Dict[str, Payout], month: str) -> None:
    currency = program.config().currency
    minimum = (program.config().minimum_payout or {}).get(currency, Decimal(0))
    back = taken_back(program)
    print(f"\n== payout statements {month} ({currency}) ==")
    for affiliate in program.affiliates():
        balance = program.balance(affiliate.id, currency)
        print(f"\n{affiliate.id} {affiliate.name} <{affiliate.email}> code {affiliate.code}")
        payout = payouts.get(affiliate.id)
        if payout is not None:
            print(f"  paid {payout.amount} as {payout.id} (reference {payout.reference})")
        else:
            print(f"  no payout: payable {balance.payable} is below the {minimum} {currency} minimum")
        for c in program.commissions():
            if c.affiliate_id == affiliate.id:
                minus = back.get(c.id)
                net = f"{c.amount.amount:>7} - {minus:>6}" if minus else f"{c.amount.amount:>7}"
                print(f"    {c.id:<6} {c.sale_id} {net:<16} {c.status:<8} {explanation(program, c)}")
        print(f"  pending (holding period) {balance.pending.amount}, payable {balance.payable.amount}, paid {balance.paid.amount}")


def write_payouts_csv(path: Path, program: Program, payouts: Sequence[Payout]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["payout_id", "affiliate_id", "name", "email", "amount", "currency", "status", "reference", "entries", "paid_at"])
        for p in payouts:
            a = program.affiliate(p.affiliate_id)
            settled = p.settled_at.isoformat().replace("+00:00", "Z") if p.settled_at else ""
            out.writerow([p.id, p.affiliate_id, a.name, a.email, p.amount.amount, p.amount.currency, p.status, p.reference, p.entry_count, settled])


def main(argv: Optional[Sequence[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--orders", type=Path, default=HERE / "orders-2026-03.csv", help="the month's orders and refunds (CSV)")
    parser.add_argument("--affiliates", type=Path, default=HERE / "affiliates.csv", help="the affiliates (CSV)")
    parser.add_argument("--out", type=Path, default=None, help="where to write the payouts CSV and the snapshot (default: a new temp dir)")
    parser.add_argument("--at", type=parse_datetime, default=parse_datetime(DEFAULT_AT), help=f"when the month-end run happens (RFC 3339, default {DEFAULT_AT})")
    args = parser.parse_args(argv)
    at: datetime = args.at
    out_dir: Path = args.out if args.out is not None else Path(tempfile.mkdtemp(prefix="affiliate-payouts-"))
    out_dir.mkdir(parents=True, exist_ok=True)

    program = Program(CONFIG.read_text(encoding="utf-8"))
    config = program.config()
    month = bucket_of(at - timedelta(microseconds=1), config.timezone, "month").label  # the month that just ended

    register_affiliates(program, args.affiliates)
    print(f"== {month}: orders and refunds ==")
    replay(program, read_orders(args.orders), at)

    approved = program.approve_due(at=at)
    created = program.create_payouts(at=at)
    paid = [program.mark_payout_paid(p.id, f"sepa-{month}-{p.id}", at=at) for p in created]
    print(f"\napproved {len(approved)} commissions; {len(paid)} payouts, "
          f"total {sum((p.amount.amount for p in paid), Decimal(0))} {config.currency}")
    print_statements(program, {p.affiliate_id: p for p in paid}, month)

    payouts_csv = out_dir / f"payouts-{month}.csv"
    write_payouts_csv(payouts_csv, program, paid)
    snapshot_file = out_dir / f"program-{month}.json"
    snapshot_file.write_text(program.snapshot(), encoding="utf-8")
    restored = Program.restore(snapshot_file.read_text(encoding="utf-8"))  # next month starts from here
    same = all(restored.balance(a.id, config.currency) == program.balance(a.id, config.currency) for a in program.affiliates())
    print(f"\nwrote {payouts_csv}")
    print(f"wrote {snapshot_file} (restored: {len(restored.affiliates())} affiliates, same balances: {same})")


if __name__ == "__main__":
    main()
