#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Refunds and chargebacks: proportional reversals with one rounding, line refunds, limits,
//! idempotency, and clawbacks after (or during) a payout.

mod program_support;

use affiliate_kit::program::{EntryKind, EventData, Program, RefundOutcome, UpdateKind};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

/// Alice (ALICE) and her child Bob (BOB).
fn chain(config: affiliate_kit::program::ProgramConfig) -> Program {
    let mut p = Program::new(config).unwrap();
    let t = at("2026-01-01T00:00:00Z");
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), Some("aff_1")), t).unwrap();
    p
}

fn reversals(r: &RefundOutcome) -> Vec<(String, EntryKind, String)> {
    r.reversals.iter().map(|x| (x.commission_id.clone(), x.kind, x.amount.amount.to_string())).collect()
}

fn rev(id: &str, kind: EntryKind, amount: &str) -> (String, EntryKind, String) {
    (id.to_string(), kind, amount.to_string())
}

#[test]
fn partial_refunds_reverse_in_proportion_rounded_half_up() {
    let mut p = chain(config());
    let t = p.track_order(order("o1", "99.99", Some("BOB")), None, at("2026-01-02T00:00:00Z")).unwrap();
    let got: Vec<_> = t.commissions.iter().map(|c| (c.affiliate_id.as_str(), c.amount.amount.to_string())).collect();
    assert_eq!(got, vec![("aff_2", "10.00".to_string()), ("aff_1", "5.00".to_string())]);

    let seq = last_sequence(&p);
    let r1 = p.refund(refund("r1", "o1", Some("33.33")), at("2026-01-03T00:00:00Z")).unwrap();
    // 10.00 × 33.33 / 99.99 = 3.333… → 3.33; 5.00 × 33.33 / 99.99 = 1.666… → 1.67
    assert_eq!(
        reversals(&r1),
        vec![rev("com_1", EntryKind::Reversal, "3.33"), rev("com_2", EntryKind::Reversal, "1.67")]
    );
    assert_eq!((r1.amount.amount.to_string(), r1.remaining.amount.to_string()), ("33.33".into(), "66.66".into()));
    assert_eq!(r1.kind, UpdateKind::Refund);
    assert_eq!(types_since(&p, seq), vec!["order.updated", "commission.reversed", "commission.reversed"]);
    match &p.events_since(seq)[1].data {
        EventData::CommissionReversed { commission, amount, refund_id } => {
            assert_eq!((commission.id.as_str(), refund_id.as_str()), ("com_1", "r1"));
            assert_eq!(
                (amount.amount.to_string(), commission.reversed.amount.to_string()),
                ("3.33".into(), "3.33".into())
            );
        }
        other => panic!("unexpected {other:?}"),
    }

    let r2 = p.refund(refund("r2", "o1", Some("33.33")), at("2026-01-04T00:00:00Z")).unwrap();
    // 6.67 × 33.33 / 66.66 = 3.335 → 3.34; 3.33 × 33.33 / 66.66 = 1.665 → 1.67
    assert_eq!(
        reversals(&r2),
        vec![rev("com_1", EntryKind::Reversal, "3.34"), rev("com_2", EntryKind::Reversal, "1.67")]
    );
    assert_eq!(r2.remaining.amount.to_string(), "33.33");

    // Everything left: what is left of each commission.
    let r3 = p.refund(refund("r3", "o1", None), at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(
        reversals(&r3),
        vec![rev("com_1", EntryKind::Reversal, "3.33"), rev("com_2", EntryKind::Reversal, "1.66")]
    );
    assert_eq!((r3.amount.amount.to_string(), r3.remaining.amount.to_string()), ("33.33".into(), "0.00".into()));
    assert_eq!(bal(&p, "aff_2"), strs(["0.00", "0.00", "0.00", "0.00", "0.00", "10.00", "10.00"]));
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "0.00", "0.00", "0.00", "5.00", "5.00"]));
    assert_eq!(p.commission("com_1").unwrap().remaining().to_string(), "0.00");
    assert_eq!(p.sale("o1").unwrap().refunded.to_string(), "99.99");

    let before = p.snapshot();
    assert_eq!(err_kind(p.refund(refund("r4", "o1", None), at("2026-01-06T00:00:00Z"))), ErrorKind::LimitExceeded);
    assert_eq!(
        err_kind(p.refund(refund("r4", "o1", Some("0.01")), at("2026-01-06T00:00:00Z"))),
        ErrorKind::LimitExceeded
    );
    assert_eq!(p.snapshot(), before);
}

#[test]
fn the_config_rounding_mode_is_used_for_reversals() {
    let mut p = chain(config_with(json!({"rounding": "half_even"})));
    p.track_order(order("o1", "99.99", Some("BOB")), None, at("2026-01-02T00:00:00Z")).unwrap();
    p.refund(refund("r1", "o1", Some("33.33")), at("2026-01-03T00:00:00Z")).unwrap();
    let r2 = p.refund(refund("r2", "o1", Some("33.33")), at("2026-01-04T00:00:00Z")).unwrap();
    // 3.335 → 3.34 (to even), 1.665 → 1.66 (to even).
    assert_eq!(
        reversals(&r2),
        vec![rev("com_1", EntryKind::Reversal, "3.34"), rev("com_2", EntryKind::Reversal, "1.66")]
    );
}

#[test]
fn bad_refunds_are_rejected_whole() {
    let mut p = chain(config());
    p.track_order(order("o1", "100.00", Some("BOB")), None, at("2026-01-02T00:00:00Z")).unwrap();
    let before = p.snapshot();
    let t = at("2026-01-03T00:00:00Z");
    assert_eq!(err_kind(p.refund(refund("r1", "o1", Some("100.01")), t)), ErrorKind::LimitExceeded);
    assert_eq!(err_kind(p.refund(refund("r1", "o1", Some("0")), t)), ErrorKind::InvalidAmount);
    assert_eq!(err_kind(p.refund(refund("r1", "o1", Some("-5.00")), t)), ErrorKind::InvalidAmount);
    assert_eq!(err_kind(p.refund(refund("r1", "o1", Some("0.0000000000001")), t)), ErrorKind::InvalidAmount);
    assert_eq!(err_kind(p.refund(refund("r1", "nope", None), t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.refund(refund("", "o1", None), t)), ErrorKind::InvalidInput);
    let mut both = refund_lines("r1", "o1", &["l1"]);
    both.amount = Some(dec("1.00"));
    assert_eq!(err_kind(p.refund(both, t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.refund(refund_lines("r1", "o1", &[]), t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.refund(refund_lines("r1", "o1", &["l9"]), t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.refund(refund_lines("r1", "o1", &["l1", "l1"]), t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.chargeback(refund("r1", "o1", Some("100.01")), t)), ErrorKind::LimitExceeded);
    assert_eq!(p.snapshot(), before);
}

#[test]
fn refunds_by_line_use_the_line_shares() {
    let mut p = chain(config());
    let o = order_json(json!({"id": "o1", "currency": "EUR",
        "lines": [
            {"id": "l1", "product": "a", "quantity": 1, "unit_price": "60.00", "tax": "6.00"},
            {"id": "l2", "product": "b", "quantity": 2, "unit_price": "20.00"}
        ],
        "discount": "10.00", "shipping": "5.00", "code": "BOB"}));
    let t = p.track_order(o, None, at("2026-01-02T00:00:00Z")).unwrap();
    // Bases 54.00 and 36.00 (the order discount prorated 6/4): 9.00 for Bob, 4.50 for Alice.
    let got: Vec<_> = t.commissions.iter().map(|c| c.amount.amount.to_string()).collect();
    assert_eq!(got, vec!["9.00", "4.50"]);
    let shares: Vec<_> = p
        .commissions()
        .iter()
        .map(|c| c.line_shares.iter().map(|s| (s.line_id.clone(), s.amount.to_string())).collect::<Vec<_>>())
        .collect();
    assert_eq!(
        shares,
        vec![
            vec![("l1".to_string(), "5.40".to_string()), ("l2".to_string(), "3.60".to_string())],
            vec![("l1".to_string(), "2.70".to_string()), ("l2".to_string(), "1.80".to_string())],
        ]
    );
    assert_eq!(p.sale("o1").unwrap().gross.to_string(), "101.00");

    // Line 1: 60.00 − 6.00 discount + 6.00 tax.
    let r1 = p.refund(refund_lines("r1", "o1", &["l1"]), at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!((r1.amount.amount.to_string(), r1.remaining.amount.to_string()), ("60.00".into(), "41.00".into()));
    assert_eq!(
        reversals(&r1),
        vec![rev("com_1", EntryKind::Reversal, "5.40"), rev("com_2", EntryKind::Reversal, "2.70")]
    );
    let before = p.snapshot();
    assert_eq!(
        err_kind(p.refund(refund_lines("r2", "o1", &["l1"]), at("2026-01-04T00:00:00Z"))),
        ErrorKind::LimitExceeded
    );
    assert_eq!(
        err_kind(p.refund(refund_lines("r2", "o1", &["l2", "l1"]), at("2026-01-04T00:00:00Z"))),
        ErrorKind::LimitExceeded
    );
    assert_eq!(p.snapshot(), before);
    // The rest: 36.00 of line 2 and 5.00 shipping.
    let r2 = p.refund(refund("r2", "o1", None), at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!(r2.amount.amount.to_string(), "41.00");
    assert_eq!(
        reversals(&r2),
        vec![rev("com_1", EntryKind::Reversal, "3.60"), rev("com_2", EntryKind::Reversal, "1.80")]
    );
}

#[test]
fn a_line_refund_of_everything_left_reverses_everything_left() {
    // Line 1 earns 10 %, line 2 earns 30 %: two commissions for Bob, each with one line.
    let plan = json!({"currency": "EUR", "rules": [
        {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
        {"id": "premium", "target": {"type": "product", "products": ["b"]}, "commission": "percentage", "rate": "30"}
    ]});
    let mut p = chain(config_from(plan, json!({})));
    let o = order_json(json!({"id": "o1", "currency": "EUR", "code": "BOB", "lines": [
        {"id": "l1", "product": "a", "quantity": 1, "unit_price": "100.00"},
        {"id": "l2", "product": "b", "quantity": 1, "unit_price": "100.00"}]}));
    let t = p.track_order(o, None, at("2026-01-02T00:00:00Z")).unwrap();
    let got: Vec<_> = t.commissions.iter().map(|c| (c.rule_id.as_str(), c.amount.amount.to_string())).collect();
    assert_eq!(got, vec![("default", "10.00".to_string()), ("premium", "30.00".to_string())]);
    let r1 = p.refund(refund("r1", "o1", Some("100.00")), at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(
        reversals(&r1),
        vec![rev("com_1", EntryKind::Reversal, "5.00"), rev("com_2", EntryKind::Reversal, "15.00")]
    );
    // Line 1 is all that is left to refund (100.00): the order is then fully refunded, so nothing of
    // its commissions may remain.
    let r2 = p.refund(refund_lines("r2", "o1", &["l1"]), at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!(r2.remaining.amount.to_string(), "0.00");
    assert_eq!(
        reversals(&r2),
        vec![rev("com_1", EntryKind::Reversal, "5.00"), rev("com_2", EntryKind::Reversal, "15.00")]
    );
    assert_eq!(bal(&p, "aff_2"), strs(["0.00", "0.00", "0.00", "0.00", "0.00", "40.00", "40.00"]));
}

#[test]
fn refunds_are_idempotent_by_id_and_chargebacks_are_their_own_kind() {
    let mut p = chain(config());
    p.track_order(order("o1", "200.00", Some("BOB")), None, at("2026-01-02T00:00:00Z")).unwrap();
    let r1 = p.refund(refund("r1", "o1", Some("50.00")), at("2026-01-03T00:00:00Z")).unwrap();
    let (seq, snap) = (last_sequence(&p), p.snapshot());
    assert_eq!(p.refund(refund("r1", "o1", Some("50.00")), at("2026-01-09T00:00:00Z")).unwrap(), r1);
    assert_eq!((last_sequence(&p), p.snapshot()), (seq, snap.clone()));
    let t = at("2026-01-10T00:00:00Z");
    assert_eq!(err_kind(p.refund(refund("r1", "o1", Some("60.00")), t)), ErrorKind::Conflict);
    assert_eq!(err_kind(p.refund(refund("r1", "o1", None), t)), ErrorKind::Conflict);
    assert_eq!(err_kind(p.chargeback(refund("r1", "o1", Some("50.00")), t)), ErrorKind::Conflict);
    assert_eq!(p.snapshot(), snap);

    let seq = last_sequence(&p);
    let cb = p.chargeback(refund("cb1", "o1", None), at("2026-01-11T00:00:00Z")).unwrap();
    assert_eq!(cb.kind, UpdateKind::Chargeback);
    assert_eq!(cb.amount.amount.to_string(), "150.00");
    // 20.00 − 5.00 and 10.00 − 2.50 left.
    assert_eq!(
        reversals(&cb),
        vec![rev("com_1", EntryKind::Reversal, "15.00"), rev("com_2", EntryKind::Reversal, "7.50")]
    );
    let events = p.events_since(seq);
    assert_eq!(types(&events), vec!["order.updated", "commission.reversed", "commission.reversed"]);
    match &events[0].data {
        EventData::OrderUpdated { order_id, kind, id, amount } => {
            assert_eq!(
                (order_id.as_str(), *kind, id.as_str(), amount.amount.to_string()),
                ("o1", UpdateKind::Chargeback, "cb1", "150.00".to_string())
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(serde_json::to_value(&events[0]).unwrap()["data"]["kind"], "chargeback");
    assert_eq!(p.chargeback(refund("cb1", "o1", None), at("2026-01-12T00:00:00Z")).unwrap(), cb);
    assert_eq!(err_kind(p.refund(refund("cb1", "o1", None), at("2026-01-12T00:00:00Z"))), ErrorKind::Conflict);
}

#[test]
fn a_clawback_after_payout_is_netted_by_the_next_payout() {
    let mut p = chain(config());
    p.track_order(order("o1", "1000.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.approve_due(at("2026-01-31T00:00:00Z")).unwrap();
    let pay1 = p.create_payouts(at("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!((pay1[0].id.as_str(), pay1[0].amount.amount.to_string()), ("pay_1", "100.00".to_string()));
    p.mark_payout_paid("pay_1", Some("tr-1".into()), at("2026-02-02T00:00:00Z")).unwrap();
    assert_eq!(p.commission("com_1").unwrap().status, affiliate_kit::program::CommissionStatus::Paid);

    let seq = last_sequence(&p);
    let r = p.refund(refund("r1", "o1", Some("400.00")), at("2026-02-10T00:00:00Z")).unwrap();
    assert_eq!(reversals(&r), vec![rev("com_1", EntryKind::Clawback, "40.00")]);
    assert_eq!(types_since(&p, seq), vec!["order.updated", "commission.clawed_back"]);
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "-40.00", "0.00", "100.00", "100.00", "40.00"]));

    // 50.00 more: payable 10.00, below the 50.00 minimum.
    p.track_order(order("o2", "500.00", Some("ALICE")), None, at("2026-02-15T00:00:00Z")).unwrap();
    p.approve_due(at("2026-03-17T00:00:00Z")).unwrap();
    assert_eq!(bal(&p, "aff_1")[2], "10.00");
    assert!(p.create_payouts(at("2026-03-18T00:00:00Z")).unwrap().is_empty());

    // 80.00 more: payable 90.00, paid net of the clawback.
    p.track_order(order("o3", "800.00", Some("ALICE")), None, at("2026-03-01T00:00:00Z")).unwrap();
    let seq = last_sequence(&p);
    p.approve_due(at("2026-03-31T00:00:00Z")).unwrap();
    let events = p.events_since(seq);
    assert_eq!(types(&events), vec!["commission.approved", "payout.threshold_reached"]);
    match &events[1].data {
        EventData::PayoutThresholdReached { affiliate_id, payable, minimum } => {
            assert_eq!(
                (affiliate_id.as_str(), payable.amount.to_string(), minimum.amount.to_string()),
                ("aff_1", "90.00".into(), "50.00".into())
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let pay2 = p.create_payouts(at("2026-04-01T00:00:00Z")).unwrap();
    assert_eq!(pay2.len(), 1);
    assert_eq!(
        (pay2[0].id.as_str(), pay2[0].amount.amount.to_string(), pay2[0].entry_count),
        ("pay_2", "90.00".to_string(), 3)
    );
    p.mark_payout_paid("pay_2", None, at("2026-04-02T00:00:00Z")).unwrap();
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "0.00", "0.00", "190.00", "230.00", "40.00"]));
    assert_conserved(&p, "aff_1");
}

#[test]
fn a_refund_while_in_a_created_payout_is_a_clawback() {
    let mut p = chain(config());
    p.track_order(order("o1", "1000.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.approve_due(at("2026-01-31T00:00:00Z")).unwrap();
    p.create_payouts(at("2026-02-01T00:00:00Z")).unwrap();
    let r = p.refund(refund("r1", "o1", Some("250.00")), at("2026-02-02T00:00:00Z")).unwrap();
    assert_eq!(reversals(&r), vec![rev("com_1", EntryKind::Clawback, "25.00")]);
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "-25.00", "100.00", "0.00", "100.00", "25.00"]));
    assert_eq!(p.payout("pay_1").unwrap().amount.amount.to_string(), "100.00");

    let mut paid = p.clone();
    paid.mark_payout_paid("pay_1", None, at("2026-02-03T00:00:00Z")).unwrap();
    assert_eq!(bal(&paid, "aff_1"), strs(["0.00", "0.00", "-25.00", "0.00", "100.00", "100.00", "25.00"]));

    // A failed payout brings the commission back, net of the clawback: 75.00 payable, a new crossing.
    let seq = last_sequence(&p);
    p.mark_payout_failed("pay_1", "bank refused", at("2026-02-03T00:00:00Z")).unwrap();
    assert_eq!(types_since(&p, seq), vec!["payout.failed", "payout.threshold_reached"]);
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "100.00", "75.00", "0.00", "0.00", "100.00", "25.00"]));
    let pay2 = p.create_payouts(at("2026-02-04T00:00:00Z")).unwrap();
    assert_eq!(
        (pay2[0].id.as_str(), pay2[0].amount.amount.to_string(), pay2[0].entry_count),
        ("pay_2", "75.00".to_string(), 2)
    );
    assert_conserved(&p, "aff_1");
    let snap = p.snapshot();
    assert_eq!(Program::restore(&snap).unwrap().snapshot(), snap);
}
