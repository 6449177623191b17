"""Every verb of ``Program``, on one scripted month of the shared ``month-config.json`` program (EUR,
Europe/Paris, 14 holding days, 50.00 minimum payout, 10 % default, 20 % books, level 2: 5 % of the
sale), with hand-computed amounts and the exact event stream."""

from __future__ import annotations

import dataclasses
import json
import pickle
from decimal import Decimal
from typing import Any, Dict, List

import pytest

from affiliate_kit import Event, InvalidOrderError, NotFoundError, Plan, Program
from affiliate_kit.types import Incentive, IncentiveInput, PercentOff, Settlement, TrackOutcome

from conftest import T, line, order, unchanged

TEN_PERCENT: IncentiveInput = {"discount": {"type": "percent_off", "percent": "10"}}

#: Every event of the month, in order (see run_month for what causes each).
MONTH_EVENTS = [
    "affiliate.registered", "affiliate.updated",  # Alice, then her group
    "invitation.created", "invitation.created",  # Bob and Carol (not-an-email is an error)
    "affiliate.joined", "affiliate.updated", "affiliate.updated",  # Bob joins, gets a code; Alice's 2nd code
    "order.tracked", "commission.created",  # o-1 (Alice)
    "order.tracked", "commission.created", "commission.created",  # o-2 (Bob, Alice at level 2)
    "order.updated", "commission.created",  # the second payment of o-1
    "order.updated", "commission.reversed", "commission.reversed",  # refund r1
    "order.updated", "commission.reversed", "commission.reversed",  # chargeback cb1
    "commission.rejected",  # com_4
    "affiliate.registered", "affiliate.status_changed", "affiliate.deleted",  # Dave
    "commission.approved", "commission.approved", "commission.approved",  # com_1..3
    "payout.threshold_reached", "payout.created",  # Alice: 60.00 >= 50.00
    "payout.marked_paid", "invitation.expired",  # pay_1; Carol's invitation
]


def run_month(p: Program) -> Dict[str, Any]:
    """Runs the month; returns every answer by name."""
    r: Dict[str, Any] = {}
    r["alice"] = p.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=T(1, 9))
    r["gold"] = p.update_affiliate("aff_1", {"group": "gold"}, at=T(1, 9, 1))
    r["invite"] = p.invite(["bob@example.com", "carol@example.com", "not-an-email"], "aff_1", at=T(1, 9, 5))
    r["bob"] = p.accept_invitation("inv_1", {"name": "Bob"}, at=T(2, 18))
    r["bob_code"] = p.generate_code("aff_2", 42, at=T(2, 18, 1))
    r["vip"] = p.add_code("aff_1", "alice-vip", TEN_PERCENT, at=T(2, 19))
    r["validation"] = p.validate_code("alice vip", at=T(2, 20))
    r["click"] = p.record_click("visitor-7", "1vxs-nzgey", at=T(3, 12))
    # o-1 by Alice's code: 10 % of 600.00 = 60.00 (com_1).
    r["o1"] = p.track_order(order("o-1", line("l1", "course", "600.00", category="course"), code="ALICE"), at=T(3, 10))
    # o-2 by Bob's click: Bob 10 % of 300.00 = 30.00 (com_2), Alice 5 % of 300.00 = 15.00 (com_3).
    r["o2"] = p.track_order(order("o-2", line("l1", "course", "300.00")), "visitor-7", at=T(4, 8))
    # A quote of a book by Bob's code: 20 % of 250.00 = 50.00 + Alice 5 % = 12.50 = 62.50; nothing written.
    with unchanged(p):
        r["quote"] = p.quote(order("o-3", line("l1", "rust-book", "250.00", category="books"), code="1VXSNZGEY"), at=T(5))
    # The second payment of o-1 earns again (no payment condition): 60.00 (com_4).
    r["payment"] = p.record_payment({"id": "o-1-p2", "order_id": "o-1"}, at=T(5, 10))
    # Half of o-2 refunded: Bob 30.00 x 150 / 300 = 15.00, Alice 15.00 x 150 / 300 = 7.50.
    r["refund"] = p.refund({"id": "r1", "order_id": "o-2", "amount": "150.00"}, at=T(6))
    # The rest charged back: the remaining 15.00 and 7.50.
    r["chargeback"] = p.chargeback({"id": "cb1", "order_id": "o-2"}, at=T(6, 1))
    r["rejected"] = p.reject_commission("com_4", "duplicate", at=T(6, 2))
    r["dave"] = p.register_affiliate({"name": "Dave", "email": "dave@example.com"}, at=T(7))
    r["suspended"] = p.set_affiliate_status("aff_3", "suspended", at=T(7, 1))
    r["deleted"] = p.delete_affiliate("aff_3", at=T(7, 2))
    # 14 holding days before 03-20: commissions of 03-06 or before (com_1, com_2, com_3; com_4 is rejected).
    r["approved"] = p.approve_due(at=T(20))
    # Alice: 60.00 + 15.00 - 7.50 - 7.50 = 60.00 >= 50.00 (4 entries); Bob: 30.00 - 30.00 = 0.00.
    r["payouts"] = p.create_payouts(at=T(20, 1))
    r["paid"] = p.mark_payout_paid("pay_1", "sepa-1", at=T(21))
    r["expired"] = p.expire_invitations(at=T(31, 10))  # Carol's: created 03-01 09:05 + 30 days
    return r


@pytest.fixture
def month(program: Program) -> Dict[str, Any]:
    return run_month(program)


def amount(money: Any) -> str:
    return str(money.amount)


def test_affiliate_verbs(program: Program, month: Dict[str, Any]) -> None:
    alice = month["alice"]
    assert (alice.id, alice.code, alice.status, alice.group, alice.codes) == ("aff_1", "ALICE", "active", None, ["ALICE"])
    assert alice.created_at == T(1, 9)
    assert (month["gold"].group, month["gold"].updated_at) == ("gold", T(1, 9, 1))
    assert month["dave"].id == "aff_3"
    assert month["suspended"].status == "suspended"
    deleted = month["deleted"]
    assert (deleted.status, deleted.name, deleted.email) == ("deleted", None, None)  # personal data erased
    assert [a.id for a in program.affiliates()] == ["aff_1", "aff_2", "aff_3"]
    assert program.affiliate("aff_2").parent == "aff_1"


def test_codes_in_a_program(program: Program, month: Dict[str, Any]) -> None:
    # Seed 42 gives the code pinned by core/tests/codes.rs.
    assert month["bob_code"].code == "1VXSNZGEY"
    assert month["vip"].codes == ["ALICE", "ALICEVIP"]
    validation = month["validation"]
    assert (validation.valid, validation.reason, validation.code, validation.affiliate_id) == (
        True, "valid", "ALICEVIP", "aff_1")
    assert validation.incentive == Incentive(discount=PercentOff(percent=Decimal(10)), min_order=None, expires_at=None)
    assert program.validate_code("!!", at=T(3)).reason == "malformed"
    assert program.affiliate_by_code("alice-vip").id == "aff_1"
    assert program.affiliate_by_code("IVXS-NZGEY").id == "aff_2"


def test_invitations(program: Program, month: Dict[str, Any]) -> None:
    invite = month["invite"]
    assert [(i.id, i.email, i.invited_by) for i in invite.invitations] == [
        ("inv_1", "bob@example.com", "aff_1"), ("inv_2", "carol@example.com", "aff_1")]
    assert invite.invitations[0].expires_at == T(31, 9, 5)  # 30 days after 03-01 09:05
    assert [e.email for e in invite.errors] == ["not-an-email"]
    bob = month["bob"]
    assert (bob.id, bob.name, bob.parent, bob.status) == ("aff_2", "Bob", "aff_1", "active")
    assert [(i.id, i.status) for i in month["expired"]] == [("inv_2", "expired")]
    assert [(i.id, i.status, i.affiliate_id) for i in program.invitations()] == [
        ("inv_1", "accepted", "aff_2"), ("inv_2", "expired", None)]
    again = program.invite(["BOB@example.com", "dan@example.com"], at=T(31, 11))
    assert again.skipped.already_affiliate == ["BOB@example.com"]
    assert [i.id for i in again.invitations] == ["inv_3"]
    assert program.expire_invitations(at=T(31, 12)) == []


def test_tracking_attribution_and_quote(program: Program, month: Dict[str, Any]) -> None:
    assert (month["click"].affiliate_id, month["click"].code) == ("aff_2", "1VXSNZGEY")
    o1 = month["o1"]
    assert (o1.sale_id, o1.affiliate_id, o1.attributed_by, o1.code, o1.credited) == ("o-1", "aff_1", "code", "ALICE", True)
    assert [(c.id, amount(c.amount)) for c in o1.commissions] == [("com_1", "60.00")]
    o2 = month["o2"]
    assert (o2.affiliate_id, o2.attributed_by, amount(o2.total)) == ("aff_2", "click", "45.00")
    assert [(c.id, c.affiliate_id, c.level, c.rule_id, amount(c.amount)) for c in o2.commissions] == [
        ("com_2", "aff_2", 1, "default", "30.00"), ("com_3", "aff_1", 2, "levels[0]", "15.00")]
    quote = month["quote"]
    assert (amount(quote.total), quote.attributed_by) == ("62.50", "code")
    assert [amount(c.amount) for c in quote.commissions] == ["50.00", "12.50"]
    assert quote.quote.lines[0].rule_id == "books"
    payment = month["payment"]
    assert (payment.sale_id, payment.payment_number, payment.attributed_by) == ("o-1-p2", 2, "subscription")
    assert [(c.id, amount(c.amount)) for c in payment.commissions] == [("com_4", "60.00")]
    sale = program.sale("o-2")
    assert (sale.origin, sale.gross, sale.refunded, sale.visitor_id) == ("order", Decimal("300.00"), Decimal("300.00"), "visitor-7")
    # The explanation is rebuilt from what the sale keeps: the quote tracking answered.
    assert program.explain("o-2") == o2.quote
    why = program.explain_commission("com_3")
    assert (why.beneficiary, why.level, why.rule_id, amount(why.amount)) == ("aff_1", 2, "levels[0]", "15.00")
    assert o2.quote is not None and why == o2.quote.lines[1]
    with pytest.raises(NotFoundError):
        program.explain("no-such-order")


def test_refund_and_chargeback(month: Dict[str, Any]) -> None:
    refund, chargeback = month["refund"], month["chargeback"]
    assert (refund.kind, amount(refund.amount), amount(refund.remaining)) == ("refund", "150.00", "150.00")
    assert [(r.commission_id, r.kind, amount(r.amount)) for r in refund.reversals] == [
        ("com_2", "reversal", "15.00"), ("com_3", "reversal", "7.50")]
    assert (chargeback.kind, amount(chargeback.amount), amount(chargeback.remaining)) == ("chargeback", "150.00", "0.00")
    assert [amount(r.amount) for r in chargeback.reversals] == ["15.00", "7.50"]


def test_settlement(program: Program, month: Dict[str, Any]) -> None:
    rejected = month["rejected"]
    assert (rejected.id, rejected.status, amount(rejected.reversed)) == ("com_4", "rejected", "60.00")
    assert [c.id for c in month["approved"]] == ["com_1", "com_2", "com_3"]
    (payout,) = month["payouts"]
    assert (payout.id, payout.affiliate_id, amount(payout.amount), payout.entry_count) == ("pay_1", "aff_1", "60.00", 4)
    paid = month["paid"]
    assert (paid.status, paid.reference, paid.settled_at) == ("paid", "sepa-1", T(21))
    assert program.payout("pay_1") == paid and program.payouts() == [paid]
    # Alice earned 60.00 + 15.00 + 60.00 = 135.00, reversed 7.50 + 7.50 + 60.00 = 75.00, paid 60.00.
    balance = program.balance("aff_1", "EUR")
    assert [amount(getattr(balance, f)) for f in ("pending", "payable", "in_payout", "paid", "earned", "reversed")] == [
        "0.00", "0.00", "0.00", "60.00", "135.00", "75.00"]
    assert amount(program.balance("aff_2", "EUR").reversed) == "30.00"


def test_failed_payout_makes_its_entries_payable_again(alice_program: Program) -> None:
    p = alice_program  # o1: 10.00 pending; o2: 10 % of 500.00 = 50.00, total 60.00
    p.track_order(order("o2", line("l1", "p", "500.00"), code="ALICE"), at=T(2))
    p.approve_due(at=T(20))
    (payout,) = p.create_payouts(at=T(20))
    failed = p.mark_payout_failed(payout.id, "bank rejected", at=T(21))
    assert (failed.status, failed.failure_reason, amount(failed.amount)) == ("failed", "bank rejected", "60.00")
    assert amount(p.balance("aff_1", "EUR").payable) == "60.00"
    # The payable balance rises to the minimum again when the payout fails: a second threshold event.
    assert [e.type for e in p.drain_events()] == [
        "affiliate.registered", "order.tracked", "commission.created", "order.tracked", "commission.created",
        "commission.approved", "commission.approved", "payout.threshold_reached", "payout.created",
        "payout.failed", "payout.threshold_reached"]


def test_ledger_reads(program: Program, month: Dict[str, Any]) -> None:
    commission = program.commission("com_3")
    assert (commission.affiliate_id, commission.level, commission.status) == ("aff_1", 2, "paid")
    assert [(s.line_id, s.amount) for s in commission.line_shares] == [("l1", Decimal("15.00"))]
    assert [c.id for c in program.commissions()] == ["com_1", "com_2", "com_3", "com_4"]
    entries = program.entries()
    assert [(e.kind, amount(e.amount), e.cause) for e in entries] == [
        ("commission", "60.00", None), ("commission", "30.00", None), ("commission", "15.00", None),
        ("commission", "60.00", None), ("reversal", "-15.00", "r1"), ("reversal", "-7.50", "r1"),
        ("reversal", "-15.00", "cb1"), ("reversal", "-7.50", "cb1"), ("rejection", "-60.00", "duplicate")]
    assert entries[0].settlement == Settlement(state="paid", payout=1)
    assert entries[1].settlement == Settlement(state="approved")


def test_stats_report_config_plan(program: Program, month: Dict[str, Any], config_dict: Dict[str, Any]) -> None:
    stats = program.stats()
    # Sales: o-1, o-2 and the payment; referrals: the two orders. Revenue 600 + 300 + 600 = 1500.00;
    # earned 60 + 30 + 15 + 60 = 165.00; reversed 30 + 15 + 60 = 105.00.
    assert (stats.affiliates, stats.active_affiliates, stats.sales, stats.referrals) == (3, 2, 3, 2)
    assert [amount(stats.revenue), amount(stats.earned), amount(stats.reversed), amount(stats.paid)] == [
        "1500.00", "165.00", "105.00", "60.00"]
    assert (program.stats("aff_1").sales, amount(program.stats("aff_1").earned)) == (2, "135.00")
    # [03-01, 04-01) UTC in Paris: all of March (from 02-28 23:00 UTC) and the first of April.
    report = program.report("month", T(1), T(1, month=4))
    assert [(r.label, r.sales, amount(r.earned), amount(r.reversed)) for r in report.rows] == [
        ("2026-03", 3, "165.00", "105.00"), ("2026-04", 0, "0.00", "0.00")]
    assert report.rows[0].start == T(28, 23, month=2) and report.rows[0].end == T(31, 22)
    config = program.config()
    assert (config.currency, config.timezone, config.holding_days, config.auto_approve) == ("EUR", "Europe/Paris", 14, True)
    assert config.minimum_payout == {"EUR": Decimal("50.00")}
    assert program.plan() == Plan.from_dict(config_dict["plan"])


def test_events(program: Program, month: Dict[str, Any]) -> None:
    events = program.events_since(0)
    assert [e.type for e in events] == MONTH_EVENTS
    assert [e.sequence for e in events] == list(range(1, len(MONTH_EVENTS) + 1))
    assert [e.id for e in events[:2]] == ["evt_1", "evt_2"]
    assert [e.type for e in program.events_since(29)] == ["payout.marked_paid", "invitation.expired"]
    drained = program.drain_events()
    assert drained == events
    assert [e.to_json() for e in drained] == [e.to_json() for e in events]  # the same core bytes
    assert program.drain_events() == []
    assert len(program.events_since(0)) == len(MONTH_EVENTS)  # draining keeps the history


def test_event_json_is_the_core_json(program: Program, month: Dict[str, Any]) -> None:
    for event in program.events_since(0):
        text = event.to_json()
        assert Event.from_json(text) == event
        assert Event.from_json(text).to_json() == text
        raw = json.loads(text)
        assert list(raw) == ["id", "sequence", "occurred_at", "type", "data"]
        assert raw["data"] == event.data
        # Rebuilt from its fields (without the kept text), the event writes the same bytes.
        assert dataclasses.replace(event, json_text="").to_json() == text
        event.payload()  # every type decodes into its typed class
    first = program.events_since(0)[0]
    assert json.loads(first.to_json())["data"]["affiliate"]["stats"]["total_earnings"] == {
        "amount": "0.00", "currency": "EUR"}


def test_to_dict_of_results(month: Dict[str, Any]) -> None:
    o1 = month["o1"].to_dict()
    assert o1["total"] == {"amount": Decimal("60.00"), "currency": "EUR"}
    assert o1["commissions"][0]["created_at"] == T(3, 10)
    assert month["paid"].to_dict()["reference"] == "sepa-1"
    assert month["invite"].to_dict()["skipped"] == {"already_affiliate": [], "already_invited": []}


def test_snapshot_restore_and_replay(program: Program, month: Dict[str, Any], config_dict: Dict[str, Any]) -> None:
    snapshot = program.snapshot()
    assert json.loads(snapshot)["schema_version"] == 2
    restored = Program.restore(snapshot)
    assert restored.snapshot() == snapshot and restored == program
    assert restored.command_log() == []  # a restored program's log starts empty
    log = program.command_log()
    assert len(log) == 20  # every command of run_month; validate_code and quote are reads
    assert log[0] == {"verb": "register_affiliate", "at": "2026-03-01T09:00:00Z",
                      "registration": {"name": "Alice", "email": "alice@example.com", "code": "ALICE"}}
    assert Program.replay(config_dict, log).snapshot() == snapshot
    assert Program.replay(json.dumps(config_dict), json.dumps(log)).snapshot() == snapshot


def test_pickle_round_trip_continues_identically(program: Program, month: Dict[str, Any]) -> None:
    copy = pickle.loads(pickle.dumps(program))
    assert isinstance(copy, Program) and copy == program
    for p in (program, copy):
        p.track_order(order("o-9", line("l1", "rust-book", "100.00", category="books"), code="ALICE"), at=T(31, 20))
    assert copy == program  # books 20 % of 100.00 = 20.00 for both
    assert copy.balance("aff_1", "EUR") == program.balance("aff_1", "EUR")
    assert amount(copy.balance("aff_1", "EUR").pending) == "20.00"
    assert copy.events_since(0) == program.events_since(0)


def test_idempotent_retries_refund_by_lines_and_weekly_report(program: Program) -> None:
    program.register_affiliate({"name": "Alice", "email": "alice@example.com", "code": "ALICE"}, at=T(1))
    # 10 % of 100.00 + 50.00 = 15.00, one commission (one winning rule).
    two_lines = order("o1", line("l1", "p", "100.00"), line("l2", "q", "50.00"), code="ALICE")
    first = program.track_order(two_lines, at=T(2))
    assert amount(first.total) == "15.00"
    snapshot = program.snapshot()
    assert program.track_order(two_lines, at=T(2, 5)) == first  # the same order again: the first answer
    assert program.snapshot() == snapshot
    # Refunding line l2 reverses its share: 10 % of 50.00 = 5.00.
    refund = program.refund({"id": "r1", "order_id": "o1", "lines": ["l2"]}, at=T(3))
    assert (amount(refund.amount), amount(refund.remaining)) == ("50.00", "100.00")
    assert [amount(r.amount) for r in refund.reversals] == ["5.00"]
    assert program.refund({"id": "r1", "order_id": "o1", "lines": ["l2"]}, at=T(3)) == refund
    assert program.sale("o1").refunded_lines == ["l2"]
    # ISO weeks in Paris: W10 runs from Monday 03-02 00:00 local (03-01 23:00 UTC).
    report = program.report("week", T(1), T(9), "aff_1")
    assert (report.granularity, report.affiliate_id, report.timezone) == ("week", "aff_1", "Europe/Paris")
    assert [(r.label, r.sales, amount(r.revenue), amount(r.earned), amount(r.reversed)) for r in report.rows] == [
        ("2026-W09", 0, "0.00", "0.00", "0.00"), ("2026-W10", 1, "150.00", "15.00", "5.00"),
        ("2026-W11", 0, "0.00", "0.00", "0.00")]
    assert report.rows[1].start == T(1, 23)


def test_track_many_answers_each_order_and_a_bad_one_changes_nothing(alice_program: Program) -> None:
    p = alice_program
    good1 = order("o2", line("l1", "p", "200.00"), code="ALICE")  # 10 % = 20.00
    bad = order("o3", line("l1", "p", "1.00", quantity=0), code="ALICE")
    good2 = order("o4", line("l1", "rust-book", "50.00", category="books"), code="ALICE")  # 20 % = 10.00
    unreadable = order("o5", line("l1", "p", "1.00", quantity=-1), code="ALICE")  # not a u32
    p.drain_events()
    first, error, second, unread = p.track_many([good1, bad, good2, unreadable], at=T(3),
                                                visitor_ids=[None, None, "v-9", None])
    assert isinstance(first, TrackOutcome) and isinstance(second, TrackOutcome)
    assert (first.sale_id, first.total.amount, second.sale_id, second.total.amount) == (
        "o2", Decimal("20.00"), "o4", Decimal("10.00"))
    assert isinstance(error, InvalidOrderError) and error.path == "lines[0].quantity"
    assert isinstance(unread, InvalidOrderError) and unread.path == "lines[0].quantity"
    for refused in ("o3", "o5"):
        with pytest.raises(NotFoundError):
            p.sale(refused)
    assert [e.type for e in p.drain_events()] == ["order.tracked", "commission.created"] * 2
    assert p.balance("aff_1", "EUR").pending.amount == Decimal("40.00")  # 10.00 (o1) + 20.00 + 10.00
    assert p.track_many([], at=T(4)) == []
    with pytest.raises(ValueError, match="visitor_ids: 1 values for 2 orders"):
        p.track_many([good1, good2], at=T(4), visitor_ids=["v"])
