"""Tests of affiliate_kit._codec and the result types, on concrete values and real core JSON."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List, Literal, Optional

import pytest

from affiliate_kit import _codec
from affiliate_kit import types as t
from affiliate_kit.types import (
    AffiliateStatusChanged,
    AffiliateView,
    AmountOff,
    Balance,
    BelowMinimum,
    Click,
    CodeFormatGenerated,
    CodeFormatInvalid,
    CodePolicy,
    CodeProblemInvalidCharacter,
    CodeProblemTooShort,
    CodeValidation,
    CommissionView,
    Entry,
    Event,
    Incentive,
    IncentivePreview,
    Invitation,
    InviteOutcome,
    Money,
    OrderTracked,
    Payout,
    PercentOff,
    ProgramConfig,
    ProgramStats,
    Quote,
    RefundOutcome,
    Report,
    Sale,
    SaleCustomer,
    SignedWebhook,
    TrackOutcome,
)

UTC = timezone.utc
SCENARIOS = Path(__file__).resolve().parents[2] / "core" / "tests" / "scenarios"


def scenario_expect(file: str, step: int) -> Any:
    """The ``expect`` block of step ``step`` (1-based) of a shared scenario file."""
    data = json.loads((SCENARIOS / file).read_text(encoding="utf-8"))
    return data["steps"][step - 1]["expect"]


def eur(amount: str) -> Dict[str, str]:
    return {"amount": amount, "currency": "EUR"}


# ---------------------------------------------------------------------------------------------------
# encode / dumps


def test_float_is_refused_with_the_path() -> None:
    order = {"id": "o1", "lines": [{"id": "l1", "unit_price": 19.99}]}
    with pytest.raises(TypeError) as error:
        _codec.encode(order, "order")
    assert str(error.value) == (
        "order.lines[0].unit_price: float is not accepted for money or amounts (floats lose cents); "
        "pass decimal.Decimal, int or str"
    )


def test_float_at_top_level_names_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^amount: float is not accepted"):
        _codec.encode(1.5, "amount")


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError) as error:
        _codec.encode({"at": datetime(2026, 1, 1)}, "context")
    assert str(error.value) == (
        "context.at: naive datetime refused; pass a timezone-aware datetime, "
        "e.g. datetime(2026, 1, 1, tzinfo=timezone.utc)"
    )


def test_decimals_encode_as_plain_strings() -> None:
    assert _codec.encode(Decimal("1E+3"), "x") == "1000"
    assert _codec.encode(Decimal("1.50"), "x") == "1.50"
    assert _codec.encode(Decimal("-3.10"), "x") == "-3.10"
    assert _codec.encode(Decimal("1E-7"), "x") == "0.0000001"
    # Not finite: passed as text so that the core rejects it with its own typed error.
    assert _codec.encode(Decimal("NaN"), "x") == "NaN"
    assert _codec.encode(Decimal("-Infinity"), "x") == "-Infinity"


def test_aware_datetimes_encode_in_utc_with_z() -> None:
    paris_summer = timezone(timedelta(hours=2))
    assert _codec.encode(datetime(2026, 1, 10, 2, 0, tzinfo=paris_summer), "at") == "2026-01-10T00:00:00Z"
    assert _codec.encode(datetime(2026, 1, 10, tzinfo=UTC), "at") == "2026-01-10T00:00:00Z"
    assert _codec.encode(datetime(2026, 1, 10, 0, 0, 1, 500, tzinfo=UTC), "at") == "2026-01-10T00:00:01.000500Z"
    assert _codec.encode(datetime(1, 1, 1, tzinfo=UTC), "at") == "0001-01-01T00:00:00Z"


def test_plain_values_pass_through() -> None:
    assert _codec.encode(None, "x") is None
    assert _codec.encode(True, "x") is True
    assert _codec.encode(7, "x") == 7
    assert _codec.encode("19.99", "x") == "19.99"
    assert _codec.encode(date(2026, 2, 1), "x") == "2026-02-01"
    assert _codec.encode(("a", 1), "x") == ["a", 1]


def test_unknown_values_and_keys_are_refused() -> None:
    with pytest.raises(TypeError, match=r"^refund\.lines: cannot pass a set"):
        _codec.encode({"lines": {"l1"}}, "refund")
    with pytest.raises(TypeError, match=r"^order: keys must be str"):
        _codec.encode({1: "x"}, "order")


def test_records_encode_with_their_tags() -> None:
    incentive = Incentive(
        discount=PercentOff(percent=Decimal("10")), min_order=Money(Decimal("20"), "EUR"), expires_at=None
    )
    assert _codec.encode(incentive, "incentive") == {
        "discount": {"type": "percent_off", "percent": "10"},
        "min_order": {"amount": "20", "currency": "EUR"},
        "expires_at": None,
    }


def test_dumps_is_compact_and_keeps_non_ascii() -> None:
    text = _codec.dumps({"name": "Zoë", "amount": Decimal("5.00"), "lines": [1, True, None]}, "x")
    assert text == '{"name":"Zoë","amount":"5.00","lines":[1,true,null]}'


# ---------------------------------------------------------------------------------------------------
# timestamps


def test_parse_datetime_handles_z_offsets_and_long_fractions() -> None:
    assert _codec.parse_datetime("2026-01-10T00:00:00Z") == datetime(2026, 1, 10, tzinfo=UTC)
    assert _codec.parse_datetime("2026-01-10T02:00:00+02:00") == datetime(2026, 1, 10, tzinfo=UTC)
    assert _codec.parse_datetime("2026-01-10T00:00:00-00:30") == datetime(2026, 1, 10, 0, 30, tzinfo=UTC)
    parsed = _codec.parse_datetime("2026-01-10T00:00:00.123456789z")
    assert parsed == datetime(2026, 1, 10, 0, 0, 0, 123456, tzinfo=UTC)
    assert parsed.tzinfo is UTC
    assert _codec.parse_datetime("2026-01-10T00:00:00.5Z").microsecond == 500000


@pytest.mark.parametrize(
    "text",
    ["2026-01-10", "2026-01-10T00:00:00", "2026-02-30T00:00:00Z", "2026-01-10T00:00:00+0200", " 2026-01-10T00:00:00Z"],
)
def test_parse_datetime_refuses_malformed(text: str) -> None:
    with pytest.raises(ValueError):
        _codec.parse_datetime(text)


# ---------------------------------------------------------------------------------------------------
# decode: basics and strictness


def test_decode_money() -> None:
    money = _codec.decode(Money, {"amount": "60.00", "currency": "EUR"})
    assert money == Money(amount=Decimal("60.00"), currency="EUR")
    assert str(money.amount) == "60.00"  # the scale is kept


def test_decode_tagged_unions() -> None:
    incentive = _codec.decode(
        Incentive, {"discount": {"type": "amount_off", "amount": eur("5.00")}, "min_order": None, "expires_at": None}
    )
    assert incentive.discount == AmountOff(amount=Money(Decimal("5.00"), "EUR"))

    verdict = _codec.decode(
        t.CodeFormat, {"verdict": "invalid", "problem": {"type": "too_short", "length": 2, "min": 3}}
    )
    assert verdict == CodeFormatInvalid(problem=CodeProblemTooShort(length=2, min=3))
    assert _codec.decode(t.CodeFormat, {"verdict": "generated", "code": "1VXSNZGEY"}) == CodeFormatGenerated(
        code="1VXSNZGEY"
    )
    problem = _codec.decode(t.CodeProblem, {"type": "invalid_character", "character": "А", "position": 0})
    assert problem == CodeProblemInvalidCharacter(character="А", position=0)

    with pytest.raises(TypeError, match=r"unknown verdict 'maybe'"):
        _codec.decode(t.CodeFormat, {"verdict": "maybe", "code": "X"})
    with pytest.raises(TypeError, match=r"unknown key 'code'"):
        _codec.decode(t.CodeFormat, {"verdict": "invalid", "code": "X", "problem": {"type": "empty"}})


def test_unknown_key_is_a_type_error_naming_class_and_key() -> None:
    with pytest.raises(TypeError) as error:
        _codec.decode(Money, {"amount": "1.00", "currency": "EUR", "scale": 2})
    assert "Money" in str(error.value) and "'scale'" in str(error.value)


def test_missing_key_is_a_type_error_naming_class_and_key() -> None:
    with pytest.raises(TypeError) as error:
        _codec.decode(Money, {"amount": "1.00"})
    assert "Money" in str(error.value) and "missing key 'currency'" in str(error.value)


def test_nested_errors_name_the_path() -> None:
    with pytest.raises(TypeError, match=r"^total_earnings: Money: missing key 'currency'"):
        _codec.decode(t.AffiliateStats, {"total_referrals": 0, "total_sales": 0, "total_earnings": {"amount": "0"}})


def test_wrong_json_types_are_refused() -> None:
    with pytest.raises(TypeError, match="expected a decimal string"):
        _codec.decode(Money, {"amount": 60, "currency": "EUR"})
    with pytest.raises(TypeError, match="expected an integer"):
        _codec.decode(t.WebhookHeaders, {"id": "evt_1", "timestamp": True, "signature": "v1,x"})
    with pytest.raises(TypeError, match="unexpected value 'gone'"):
        _codec.decode(
            t.Invitation,
            {
                "id": "inv_1",
                "email": "a@b.co",
                "status": "gone",
                "created_at": "2026-01-01T00:00:00Z",
                "expires_at": "2026-01-31T00:00:00Z",
            },
        )
    with pytest.raises(TypeError, match="expected a decimal string, got null"):
        _codec.decode(Money, {"amount": None, "currency": "EUR"})
    with pytest.raises(TypeError, match=r"^\[1\]: unexpected null"):
        _codec.decode(List[t.Discount], [{"type": "percent_off", "percent": "5"}, None])
    with pytest.raises(ValueError, match="not a decimal"):
        _codec.decode(Money, {"amount": "sixty", "currency": "EUR"})
    with pytest.raises(ValueError, match=r"^amount: not a decimal: 'NaN'"):
        _codec.decode(Money, {"amount": "NaN", "currency": "EUR"})
    with pytest.raises(ValueError, match=r"^at: not an RFC 3339 timestamp"):
        _codec.decode(Click, {"affiliate_id": "aff_1", "code": "ALICE", "at": "yesterday"})


def test_error_paths_name_the_failing_item_after_good_ones() -> None:
    # decode formats a path only when something fails; the indexes and keys must still be the exact ones.
    beaten = {"rule_id": "a", "target": "program", "priority": 0, "reason": "lower_priority"}
    decision = {
        "line_id": "l1",
        "base": eur("1.00"),
        "amount": eur("1.00"),
        "rule_id": "b",
        "target": "product",
        "priority": 0,
        "beaten": [beaten, beaten],
    }
    bad = {**decision, "beaten": [beaten, beaten, {**beaten, "reason": "nope"}]}
    with pytest.raises(TypeError) as error:
        _codec.decode(List[t.LineDecision], [decision, bad, bad], "explanation.decisions")
    assert str(error.value) == (
        "explanation.decisions[1].beaten[2].reason: unexpected value 'nope'; "
        "expected one of ['less_specific_target', 'lower_priority', 'later_in_plan']"
    )
    with pytest.raises(ValueError, match=r"^minimum_payout\.USD: not a decimal: 'x'$"):
        _codec.decode(Dict[str, Decimal], {"EUR": "1", "USD": "x"}, "minimum_payout")
    # Equal typing constructs in another order list their members in their own order.
    with pytest.raises(TypeError, match=r"expected one of \['a', 'b'\]$"):
        _codec.decode(Literal["a", "b"], "c")
    with pytest.raises(TypeError, match=r"expected one of \['b', 'a'\]$"):
        _codec.decode(Literal["b", "a"], "c")


def test_decoded_records_are_the_records_their_constructor_builds() -> None:
    decision = {"line_id": "l1", "base": eur("1.00"), "amount": eur("2.00"), "rule_id": "b", "target": "product"}
    decoded = _codec.decode(t.LineDecision, {**decision, "priority": 0})
    built = t.LineDecision("l1", Money(Decimal("1.00"), "EUR"), Money(Decimal("2.00"), "EUR"), "b", "product", 0)
    assert decoded == built and repr(decoded) == repr(built)
    assert list(vars(decoded).items()) == list(vars(built).items())
    assert hash(decoded.base) == hash(built.base)
    again = _codec.decode(t.LineDecision, {**decision, "priority": 0})
    assert decoded.beaten == [] and decoded.beaten is not again.beaten  # a fresh default per record
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.priority = 1  # type: ignore[misc]


def test_absent_optional_keys_take_defaults() -> None:
    invitation = _codec.decode(
        Invitation,
        {
            "id": "inv_1",
            "email": "bob@example.com",
            "status": "pending",
            "created_at": "2026-01-01T00:00:00Z",
            "expires_at": "2026-01-31T00:00:00Z",
        },
    )
    assert invitation.invited_by is None and invitation.affiliate_id is None


def test_decode_typing_constructs() -> None:
    assert _codec.decode(List[Decimal], ["1", "2.50"]) == [Decimal("1"), Decimal("2.50")]
    assert _codec.decode(Optional[int], None) is None
    assert _codec.decode(Dict[str, Decimal], {"EUR": "50.00"}) == {"EUR": Decimal("50.00")}


def test_every_result_class_resolves_its_annotations() -> None:
    classes = [getattr(t, name) for name in t.__all__]
    records = [c for c in classes if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(records) > 60
    for cls in records:
        assert issubclass(cls, _codec.Record), cls
        # Documented from the core (not dataclass's stand-in, the signature `Name(field: type, ...)`).
        assert cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("), cls
        assert _codec._hints(cls).keys() >= {f.name for f in dataclasses.fields(cls)}


def test_records_are_frozen() -> None:
    money = Money(Decimal("1.00"), "EUR")
    with pytest.raises(dataclasses.FrozenInstanceError):
        money.amount = Decimal("2.00")  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------------
# decode: samples from the shared scenarios (complete expect blocks)


def test_scenario_click() -> None:
    click = _codec.decode(Click, scenario_expect("02-click-attribution-window.json", 2))
    assert click == Click(affiliate_id="aff_1", code="ALICE", at=datetime(2026, 1, 1, 12, tzinfo=UTC))


def test_scenario_code_validations() -> None:
    inactive = _codec.decode(CodeValidation, scenario_expect("07-pending-inactive-suspended-earn-nothing.json", 2))
    assert inactive == CodeValidation(
        valid=False, reason="affiliate_not_active", code="ALICE", affiliate_id="aff_1", incentive=None
    )

    with_incentive = _codec.decode(CodeValidation, scenario_expect("25-codes-and-validate-code.json", 7))
    assert with_incentive.valid and with_incentive.code == "1VXSNZGEY"
    assert with_incentive.incentive == Incentive(
        discount=PercentOff(percent=Decimal("10")), min_order=None, expires_at=None
    )

    typo = _codec.decode(CodeValidation, scenario_expect("25-codes-and-validate-code.json", 9))
    assert (typo.valid, typo.reason, typo.affiliate_id) == (False, "likely_typo", None)
    expired = _codec.decode(CodeValidation, scenario_expect("25-codes-and-validate-code.json", 12))
    assert (expired.reason, expired.code) == ("expired", "SPRING")


def test_scenario_invite_outcome() -> None:
    outcome = _codec.decode(InviteOutcome, scenario_expect("15-invitations.json", 13))
    assert outcome.invitations == [] and outcome.errors == []
    assert outcome.skipped.already_affiliate == ["BOB@example.com"]


def test_scenario_expired_invitations() -> None:
    assert _codec.decode(List[Invitation], scenario_expect("16-invitations-expire.json", 4)) == []


def test_scenario_verified_webhook_event() -> None:
    expect = scenario_expect("26-webhook-sign-verify.json", 4)
    event = Event.from_json(json.dumps(expect))
    assert (event.id, event.sequence, event.type) == ("evt_2", 2, "order.tracked")
    assert event.occurred_at == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert event.data["outcome"]["total"] == {"amount": "8.00", "currency": "EUR"}


def test_scenario_deleted_affiliate_event_payload() -> None:
    (item,) = scenario_expect("24-delete-affiliate.json", 5)
    event = Event.from_json(json.dumps({"id": "evt_4", "sequence": 4, "occurred_at": "2026-01-20T00:00:00Z", **item}))
    assert event.payload() == t.AffiliateDeleted(affiliate_id="aff_1")


# ---------------------------------------------------------------------------------------------------
# decode: complete answers written as serde_json writes them


VIEW = {
    "id": "aff_1",
    "code": "ALICE",
    "name": "Alice",
    "email": "alice@example.com",
    "commission_rate": "10",
    "status": "active",
    "group": None,
    "parent": None,
    "codes": ["ALICE"],
    "stats": {"total_referrals": 1, "total_sales": 1, "total_earnings": eur("10.00")},
    "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-01-01T00:00:00Z",
}

COMMISSION = {
    "id": "com_1",
    "affiliate_id": "aff_1",
    "sale_id": "o1",
    "level": 1,
    "rule_id": "default",
    "amount": eur("10.00"),
    "reversed": eur("0.00"),
    "status": "pending",
    "created_at": "2026-01-02T00:00:00Z",
}

OUTCOME = {
    "sale_id": "o1",
    "order_id": "o1",
    "payment_number": 1,
    "affiliate_id": "aff_1",
    "attributed_by": "code",
    "code": "ALICE",
    "credited": True,
    "commissions": [COMMISSION],
    "total": eur("10.00"),
    "quote": {
        "order_id": "o1",
        "currency": "EUR",
        "lines": [
            {
                "beneficiary": "aff_1",
                "level": 1,
                "rule_id": "default",
                "order_lines": ["l1"],
                "base": eur("100.00"),
                "amount": eur("10.00"),
                "explanation": {
                    "summary": 'rule "default" (program): 10% of 100.00 EUR = 10.00 EUR',
                    "calculation": {
                        "method": "percentage",
                        "base": eur("100.00"),
                        "rate": "10",
                        "exact": "10.0000",
                        "rounding": "half_up",
                    },
                    "decisions": [
                        {
                            "line_id": "l1",
                            "base": eur("100.00"),
                            "amount": eur("10.00"),
                            "rule_id": "default",
                            "target": "program",
                            "priority": 0,
                        }
                    ],
                },
            }
        ],
        "total": eur("10.00"),
    },
}


def test_affiliate_view() -> None:
    view = _codec.decode(AffiliateView, VIEW)
    assert view.commission_rate == Decimal("10") and view.group is None
    assert view.stats.total_earnings == Money(Decimal("10.00"), "EUR")
    assert view.created_at == datetime(2026, 1, 1, tzinfo=UTC)


def test_track_outcome_with_quote_and_explanation() -> None:
    outcome = _codec.decode(TrackOutcome, OUTCOME)
    assert outcome.reason is None and outcome.affiliate_status is None
    assert outcome.commissions == [_codec.decode(CommissionView, COMMISSION)]
    assert isinstance(outcome.quote, Quote) and outcome.quote.unmatched == []
    line = outcome.quote.lines[0]
    assert line.explanation.calculation.rate == Decimal("10")
    assert line.explanation.calculation.tier is None
    assert line.explanation.caps == []
    assert line.explanation.decisions[0].beaten == []


def test_track_outcome_without_credit() -> None:
    outcome = _codec.decode(
        TrackOutcome,
        {
            "sale_id": "o2",
            "order_id": "o2",
            "payment_number": 1,
            "affiliate_id": "aff_1",
            "attributed_by": "code",
            "code": "ALICE",
            "affiliate_status": "suspended",
            "credited": False,
            "reason": "affiliate_not_active",
            "commissions": [],
            "total": eur("0.00"),
        },
    )
    assert (outcome.affiliate_status, outcome.reason, outcome.quote) == ("suspended", "affiliate_not_active", None)


def test_quote_with_tiers_caps_and_unmatched_lines() -> None:
    quote = _codec.decode(
        Quote,
        {
            "order_id": "o9",
            "currency": "EUR",
            "lines": [
                {
                    "beneficiary": "aff_1",
                    "level": 1,
                    "rule_id": "gold",
                    "order_lines": ["l1"],
                    "base": eur("500.00"),
                    "amount": eur("40.00"),
                    "explanation": {
                        "summary": "tier 1",
                        "calculation": {
                            "method": "tiered",
                            "base": eur("500.00"),
                            "rate": "10",
                            "tier": {"metric": "sales_count", "volume": "12", "index": 1, "threshold": "10"},
                            "exact": "50.000",
                            "rounding": "half_up",
                        },
                        "decisions": [
                            {
                                "line_id": "l1",
                                "base": eur("500.00"),
                                "amount": eur("40.00"),
                                "rule_id": "gold",
                                "target": "group",
                                "priority": 1,
                                "beaten": [
                                    {
                                        "rule_id": "default",
                                        "target": "program",
                                        "priority": 0,
                                        "reason": "less_specific_target",
                                    }
                                ],
                                "skipped": [{"rule_id": "fr", "failed": "country"}],
                            }
                        ],
                        "caps": [
                            {"cap": "per_order", "limit": eur("40.00"), "before": eur("50.00"), "after": eur("40.00")}
                        ],
                    },
                }
            ],
            "unmatched": [{"line_id": "l2", "skipped": [{"rule_id": "launch", "failed": "window"}]}],
            "total": eur("40.00"),
        },
    )
    calculation = quote.lines[0].explanation.calculation
    assert calculation.tier is not None and calculation.tier.threshold == Decimal("10")
    assert quote.lines[0].explanation.caps[0].cap == "per_order"
    assert quote.unmatched[0].skipped[0].failed == "window"


def test_refund_outcome() -> None:
    refund = _codec.decode(
        RefundOutcome,
        {
            "refund_id": "r1",
            "order_id": "o1",
            "kind": "refund",
            "amount": eur("30.00"),
            "remaining": eur("70.00"),
            "reversals": [
                {"commission_id": "com_1", "affiliate_id": "aff_1", "kind": "clawback", "amount": eur("3.00")}
            ],
        },
    )
    assert refund.reversals[0].kind == "clawback" and refund.remaining.amount == Decimal("70.00")


def test_entry_settlements() -> None:
    base = {
        "id": "ent_2",
        "commission_id": "com_1",
        "affiliate_id": "aff_1",
        "kind": "reversal",
        "amount": eur("-3.00"),
        "at": "2026-01-05T00:00:00Z",
        "cause": "r1",
    }
    in_payout = _codec.decode(Entry, {**base, "settlement": {"state": "in_payout", "payout": 3}})
    assert (in_payout.settlement.state, in_payout.settlement.payout) == ("in_payout", 3)
    pending = _codec.decode(Entry, {**base, "settlement": {"state": "pending"}})
    assert pending.settlement == t.Settlement(state="pending") and pending.amount.amount == Decimal("-3.00")


def test_payouts() -> None:
    created = _codec.decode(
        Payout,
        {
            "id": "pay_1",
            "affiliate_id": "aff_1",
            "amount": eur("57.00"),
            "status": "created",
            "entry_count": 2,
            "created_at": "2026-03-01T00:00:00Z",
        },
    )
    assert created.settled_at is None and created.reference is None
    failed = _codec.decode(
        Payout,
        {
            "id": "pay_1",
            "affiliate_id": "aff_1",
            "amount": eur("57.00"),
            "status": "failed",
            "entry_count": 2,
            "created_at": "2026-03-01T00:00:00Z",
            "settled_at": "2026-03-02T00:00:00Z",
            "failure_reason": "bank refused",
        },
    )
    assert failed.failure_reason == "bank refused" and failed.settled_at == datetime(2026, 3, 2, tzinfo=UTC)


def test_balance_stats_and_report() -> None:
    balance = _codec.decode(
        Balance,
        {
            "affiliate_id": "aff_1",
            "currency": "EUR",
            "pending": eur("0.00"),
            "held": eur("0.00"),
            "approved": eur("0.00"),
            "payable": eur("-3.00"),
            "in_payout": eur("0.00"),
            "paid": eur("60.00"),
            "earned": eur("60.00"),
            "reversed": eur("3.00"),
        },
    )
    assert balance.payable.amount == Decimal("-3.00")
    stats = _codec.decode(
        ProgramStats,
        {
            "affiliate_id": None,
            "affiliates": 2,
            "active_affiliates": 1,
            "sales": 3,
            "referrals": 2,
            "revenue": eur("300.00"),
            "earned": eur("30.00"),
            "reversed": eur("0.00"),
            "pending": eur("30.00"),
            "held": eur("0.00"),
            "payable": eur("0.00"),
            "in_payout": eur("0.00"),
            "paid": eur("0.00"),
        },
    )
    assert stats.affiliate_id is None and stats.sales == 3
    report = _codec.decode(
        Report,
        {
            "timezone": "Europe/Paris",
            "granularity": "day",
            "affiliate_id": "aff_1",
            "rows": [
                {
                    "label": "2026-02-01",
                    "start": "2026-01-31T23:00:00Z",
                    "end": "2026-02-01T23:00:00Z",
                    "sales": 1,
                    "revenue": eur("100.00"),
                    "earned": eur("10.00"),
                    "reversed": eur("0.00"),
                }
            ],
        },
    )
    assert report.rows[0].start == datetime(2026, 1, 31, 23, tzinfo=UTC)


def test_incentive_preview_and_code_policy() -> None:
    preview = _codec.decode(
        IncentivePreview,
        {
            "eligible": False,
            "reason": {"type": "below_minimum", "minimum": eur("50.00")},
            "discount": eur("0.00"),
            "total": eur("40.00"),
        },
    )
    assert preview.reason == BelowMinimum(minimum=Money(Decimal("50.00"), "EUR"))
    eligible = _codec.decode(
        IncentivePreview, {"eligible": True, "reason": None, "discount": eur("4.00"), "total": eur("36.00")}
    )
    assert eligible.reason is None
    expired = _codec.decode(
        IncentivePreview,
        {"eligible": False, "reason": {"type": "expired"}, "discount": eur("0.00"), "total": eur("40.00")},
    )
    assert expired.reason == t.IncentiveExpired()


def test_program_config_read_back() -> None:
    plan = {
        "currency": "EUR",
        "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}],
    }
    config = _codec.decode(
        ProgramConfig,
        {
            "currency": "EUR",
            "timezone": "Europe/Paris",
            "rounding": "half_even",
            "holding_days": 30,
            "minimum_payout": {"EUR": "50.00", "USD": "0"},
            "attribution": {"window_days": 30, "model": "last_click", "lifetime_customers": False},
            "invitations": {"expiry_days": 30, "batch_limit": 25},
            "code_policy": {
                "min_length": 3,
                "max_length": 32,
                "reserved": ["ADMIN"],
                "generated_length": 8,
                "prefix": "",
            },
            "auto_approve": True,
            "plan": plan,
        },
    )
    assert config.minimum_payout == {"EUR": Decimal("50.00"), "USD": Decimal("0")}
    assert config.code_policy == CodePolicy(3, 32, ["ADMIN"], 8, "")
    assert config.plan == plan


def test_sale_with_defaults_of_the_order() -> None:
    sale = _codec.decode(
        Sale,
        {
            "id": "o1",
            "origin": "order",
            "order": {
                "id": "o1",
                "currency": "EUR",
                "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "100.00"}],
                "code": "ALICE",
            },
            "at": "2026-01-02T00:00:00Z",
            "outcome": OUTCOME,
            "gross": "100.00",
            "refunded": "0",
            "payments": 1,
            "new_customer": False,
        },
    )
    assert sale.order.discount == 0 and sale.order.customer == SaleCustomer()
    assert sale.order.lines[0].tax == 0 and sale.refunded_lines == [] and sale.visitor_id is None


def test_signed_webhook() -> None:
    signed = _codec.decode(
        SignedWebhook, {"headers": {"id": "evt_2", "timestamp": 1767607205, "signature": "v1,abc="}, "body": "{}"}
    )
    assert signed.headers.to_pairs() == [
        ("webhook-id", "evt_2"),
        ("webhook-timestamp", "1767607205"),
        ("webhook-signature", "v1,abc="),
    ]


# ---------------------------------------------------------------------------------------------------
# events


EVENT_TEXT = (
    '{"id":"evt_2","sequence":2,"occurred_at":"2026-01-02T00:00:00Z","type":"order.tracked","data":{"outcome":'
    + json.dumps(OUTCOME, separators=(",", ":"), ensure_ascii=False)
    + "}}"
)


def test_event_keeps_its_exact_json() -> None:
    spaced = EVENT_TEXT.replace(",", ", ")
    event = Event.from_json(spaced)
    assert event.to_json() == spaced
    assert event == Event.from_json(EVENT_TEXT)  # the text is not part of equality
    assert "json_text" not in repr(event) and "json_text" not in event.to_dict()


def test_event_payload_is_typed() -> None:
    payload = Event.from_json(EVENT_TEXT).payload()
    assert isinstance(payload, OrderTracked)
    assert payload.outcome.total == Money(Decimal("10.00"), "EUR")


def test_event_json_key_that_is_a_python_keyword() -> None:
    data = {"affiliate": VIEW, "from": "pending", "to": "active"}
    text = json.dumps(
        {
            "id": "evt_3",
            "sequence": 3,
            "occurred_at": "2026-01-03T00:00:00Z",
            "type": "affiliate.status_changed",
            "data": data,
        }
    )
    payload = Event.from_json(text).payload()
    assert isinstance(payload, AffiliateStatusChanged)
    assert (payload.from_, payload.to) == ("pending", "active")
    assert payload.to_dict()["from"] == "pending"


def test_unknown_event_type_fails_loudly() -> None:
    event = Event.from_json('{"id":"evt_1","sequence":1,"occurred_at":"2026-01-01T00:00:00Z","type":"x.y","data":{}}')
    with pytest.raises(TypeError, match="unknown event type 'x.y'"):
        event.payload()


def test_compact_dumps_of_parsed_event_is_the_core_text() -> None:
    # serde_json and json.dumps(separators=(",", ":"), ensure_ascii=False) write the same text, so an
    # event re-serialized from a parsed JSON array keeps the core's bytes.
    assert _codec.dumps(json.loads(EVENT_TEXT), "event") == EVENT_TEXT
    built = _codec.decode(Event, json.loads(EVENT_TEXT))
    assert built.to_json() == EVENT_TEXT


# ---------------------------------------------------------------------------------------------------
# to_dict and round trips


def test_to_dict_keeps_python_values_and_tags() -> None:
    outcome = _codec.decode(TrackOutcome, OUTCOME)
    plain = outcome.to_dict()
    assert plain["total"] == {"amount": Decimal("10.00"), "currency": "EUR"}
    assert plain["commissions"][0]["created_at"] == datetime(2026, 1, 2, tzinfo=UTC)
    assert plain["quote"]["lines"][0]["explanation"]["decisions"][0]["beaten"] == []
    verdict = CodeFormatInvalid(problem=CodeProblemTooShort(length=2, min=3))
    assert verdict.to_dict() == {"verdict": "invalid", "problem": {"type": "too_short", "length": 2, "min": 3}}


@pytest.mark.parametrize(
    "cls, sample",
    [(TrackOutcome, OUTCOME), (AffiliateView, VIEW), (CommissionView, COMMISSION)],
)
def test_encode_then_decode_round_trips(cls: Any, sample: Dict[str, Any]) -> None:
    record = _codec.decode(cls, sample)
    assert _codec.decode(cls, json.loads(_codec.dumps(record, "record"))) == record
