#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Settlement: approval after the holding period, rejections, payout thresholds, minimums,
//! suspended affiliates, failed and paid payouts.

mod program_support;

use affiliate_kit::program::ProgramConfig;
use affiliate_kit::program::{AffiliateStatus, EntryKind};
use affiliate_kit::program::{CommissionStatus, EventData, PayoutStatus, Program};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

fn alice(config: affiliate_kit::program::ProgramConfig) -> Program {
    let mut p = Program::new(config).unwrap();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p
}

fn threshold_events(p: &Program) -> Vec<String> {
    p.events_since(0)
        .iter()
        .filter_map(|e| match &e.data {
            EventData::PayoutThresholdReached { payable, .. } => Some(payable.amount.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn approval_waits_exactly_the_holding_period() {
    let mut p = alice(config());
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-01T12:00:00Z")).unwrap();
    p.track_order(order("o2", "200.00", Some("ALICE")), None, at("2026-01-02T12:00:00Z")).unwrap();
    assert!(p.approve_due(at("2026-01-31T11:59:59Z")).unwrap().is_empty());
    let seq = last_sequence(&p);
    let approved = p.approve_due(at("2026-01-31T12:00:00Z")).unwrap();
    assert_eq!(
        approved.iter().map(|c| (c.id.as_str(), c.status)).collect::<Vec<_>>(),
        vec![("com_1", CommissionStatus::Approved)]
    );
    assert_eq!(types_since(&p, seq), vec!["commission.approved"]);
    assert_eq!(bal(&p, "aff_1"), strs(["20.00", "10.00", "10.00", "0.00", "0.00", "30.00", "0.00"]));
    // Approving again approves nothing more until o2 is due.
    assert!(p.approve_due(at("2026-02-01T11:59:59Z")).unwrap().is_empty());
    let approved = p.approve_due(at("2026-02-01T12:00:00Z")).unwrap();
    assert_eq!(approved.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["com_2"]);

    let mut now = alice(config_with(json!({"holding_days": 0})));
    now.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-01T12:00:00Z")).unwrap();
    assert!(now.approve_due(at("2026-01-01T11:59:59Z")).unwrap().is_empty());
    assert_eq!(now.approve_due(at("2026-01-01T12:00:00Z")).unwrap().len(), 1);
}

#[test]
fn a_partly_reversed_pending_commission_is_approved_net() {
    let mut p = alice(config());
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.refund(refund("r1", "o1", Some("30.00")), at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(bal(&p, "aff_1"), strs(["7.00", "0.00", "0.00", "0.00", "0.00", "10.00", "3.00"]));
    let approved = p.approve_due(at("2026-01-31T00:00:00Z")).unwrap();
    assert_eq!(approved[0].reversed.amount.to_string(), "3.00");
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "7.00", "7.00", "0.00", "0.00", "10.00", "3.00"]));
}

#[test]
fn rejections_cancel_what_is_left() {
    let mut p = alice(config());
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.track_order(order("o2", "600.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.track_order(order("o3", "50.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.refund(refund("r1", "o1", Some("40.00")), at("2026-01-02T00:00:00Z")).unwrap();

    // Pending, partly refunded: 6.00 left is rejected.
    let seq = last_sequence(&p);
    let v = p.reject_commission("com_1", "fraudulent order", at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!((v.status, v.reversed.amount.to_string()), (CommissionStatus::Rejected, "10.00".to_string()));
    let events = p.events_since(seq);
    assert_eq!(types(&events), vec!["commission.rejected"]);
    match &events[0].data {
        EventData::CommissionRejected { commission, amount, reason } => {
            assert_eq!(
                (commission.id.as_str(), amount.amount.to_string(), reason.as_str()),
                ("com_1", "6.00".to_string(), "fraudulent order")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let last = p.entries().pop().unwrap();
    assert_eq!(
        (last.kind, last.amount.amount.to_string(), last.cause.as_deref()),
        (EntryKind::Rejection, "-6.00".to_string(), Some("fraudulent order"))
    );
    // A rejected commission is never approved.
    let approved = p.approve_due(at("2026-01-31T00:00:00Z")).unwrap();
    assert_eq!(approved.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), vec!["com_2", "com_3"]);
    assert_eq!(threshold_events(&p), vec!["65.00"]);
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "65.00", "65.00", "0.00", "0.00", "75.00", "10.00"]));

    // Approved: payable falls under the minimum, so no payout.
    p.reject_commission("com_2", "duplicate", at("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "5.00", "5.00", "0.00", "0.00", "75.00", "70.00"]));
    assert!(p.create_payouts(at("2026-02-02T00:00:00Z")).unwrap().is_empty());

    let before = p.snapshot();
    let t = at("2026-02-03T00:00:00Z");
    assert_eq!(err_kind(p.reject_commission("com_1", "again", t)), ErrorKind::InvalidState);
    assert_eq!(err_kind(p.reject_commission("com_9", "nope", t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.reject_commission("com_3", "  ", t)), ErrorKind::InvalidInput);
    assert_eq!(p.snapshot(), before);
    assert_conserved(&p, "aff_1");
}

#[test]
fn commissions_in_a_payout_or_paid_cannot_be_rejected() {
    let mut p = alice(config_with(json!({"holding_days": 0})));
    p.track_order(order("o1", "600.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.approve_due(at("2026-01-01T00:00:00Z")).unwrap();
    p.create_payouts(at("2026-01-02T00:00:00Z")).unwrap();
    let before = p.snapshot();
    assert_eq!(err_kind(p.reject_commission("com_1", "late", at("2026-01-03T00:00:00Z"))), ErrorKind::InvalidState);
    assert_eq!(p.snapshot(), before);
    // After a failed payout it can be rejected again.
    let mut failed = p.clone();
    failed.mark_payout_failed("pay_1", "no account", at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(
        failed.reject_commission("com_1", "late", at("2026-01-04T00:00:00Z")).unwrap().status,
        CommissionStatus::Rejected
    );
    assert_eq!(bal(&failed, "aff_1"), strs(["0.00", "0.00", "0.00", "0.00", "0.00", "60.00", "60.00"]));

    p.mark_payout_paid("pay_1", None, at("2026-01-03T00:00:00Z")).unwrap();
    let before = p.snapshot();
    assert_eq!(err_kind(p.reject_commission("com_1", "late", at("2026-01-04T00:00:00Z"))), ErrorKind::InvalidState);
    assert_eq!(p.snapshot(), before);
}

#[test]
fn the_threshold_is_reached_once_per_crossing() {
    let mut p = alice(config_with(json!({"holding_days": 0})));
    let step = |p: &mut Program, id: &str, price: &str, day: u32| {
        let t = at(&format!("2026-01-{day:02}T00:00:00Z"));
        p.track_order(order(id, price, Some("ALICE")), None, t).unwrap();
        p.approve_due(t).unwrap();
    };
    step(&mut p, "o1", "300.00", 1);
    assert_eq!(threshold_events(&p), Vec::<String>::new());
    step(&mut p, "o2", "300.00", 2);
    assert_eq!(threshold_events(&p), vec!["60.00"]);
    step(&mut p, "o3", "100.00", 3);
    p.refund(refund("r3", "o3", None), at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!(threshold_events(&p), vec!["60.00"]);
    // Down to 40.00, under the minimum, then up again: a second crossing.
    let r = p.refund(refund("r2", "o2", Some("200.00")), at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(r.reversals[0].amount.amount.to_string(), "20.00");
    assert_eq!(bal(&p, "aff_1")[2], "40.00");
    assert!(p.create_payouts(at("2026-01-05T00:00:00Z")).unwrap().is_empty());
    step(&mut p, "o4", "100.00", 6);
    assert_eq!(threshold_events(&p), vec!["60.00", "50.00"]);
    let payouts = p.create_payouts(at("2026-01-07T00:00:00Z")).unwrap();
    assert_eq!(payouts.iter().map(|x| x.amount.amount.to_string()).collect::<Vec<_>>(), vec!["50.00"]);
    // Payable is back at zero: the next crossing emits again.
    step(&mut p, "o5", "500.00", 8);
    assert_eq!(threshold_events(&p), vec!["60.00", "50.00", "50.00"]);
}

#[test]
fn minimums_come_from_the_config_per_currency() {
    let mut low = alice(config_with(json!({"holding_days": 0, "minimum_payout": {"EUR": "20.00"}})));
    low.track_order(order("o1", "190.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    low.approve_due(at("2026-01-01T00:00:00Z")).unwrap();
    assert!(low.create_payouts(at("2026-01-02T00:00:00Z")).unwrap().is_empty());
    low.track_order(order("o2", "10.00", Some("ALICE")), None, at("2026-01-02T00:00:00Z")).unwrap();
    low.approve_due(at("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(threshold_events(&low), vec!["20.00"]);
    let payouts = low.create_payouts(at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(payouts.iter().map(|x| x.amount.amount.to_string()).collect::<Vec<_>>(), vec!["20.00"]);

    // A minimum is given for every accepted currency: a map that leaves the program's out once made
    // its minimum 0 without a word, and is refused now; so is a minimum in a currency not accepted.
    let refused = |extra: serde_json::Value| {
        let mut doc = json!({"currency": "EUR", "plan": default_plan()});
        for (k, v) in extra.as_object().unwrap() {
            doc[k] = v.clone();
        }
        let e = ProgramConfig::from_json(&doc.to_string()).unwrap_err();
        (e.kind(), e.to_string())
    };
    assert_eq!(
        refused(json!({"minimum_payout": {}})),
        (
            ErrorKind::InvalidConfig,
            "invalid config at minimum_payout: no minimum for EUR: give one for every currency the program accepts (EUR)"
                .to_string()
        )
    );
    assert_eq!(
        refused(json!({"minimum_payout": {"EUR": "10.00", "USD": "10.00"}})),
        (
            ErrorKind::InvalidConfig,
            "invalid config at minimum_payout.USD: USD is not a currency the program accepts (EUR)".to_string()
        )
    );
    assert_eq!(
        refused(json!({"currencies": ["EUR", "USD"], "minimum_payout": {"USD": "10.00"}})),
        (
            ErrorKind::InvalidConfig,
            "invalid config at minimum_payout: no minimum for EUR: give one for every currency the program accepts (EUR, USD)"
                .to_string()
        )
    );
    assert_eq!(
        refused(json!({"currencies": ["EUR", "USD"]})),
        (
            ErrorKind::InvalidConfig,
            "invalid config at minimum_payout: a program of several currencies gives a minimum payout for each (EUR, USD)"
                .to_string()
        )
    );

    // The default: 50.00 in the program currency.
    let mut default = alice(config_with(json!({"holding_days": 0})));
    default.track_order(order("o1", "499.90", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    default.approve_due(at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(bal(&default, "aff_1")[2], "49.99");
    assert!(default.create_payouts(at("2026-01-02T00:00:00Z")).unwrap().is_empty());
}

#[test]
fn suspended_affiliates_are_not_paid_until_reactivated() {
    let mut p = alice(config_with(json!({"holding_days": 0})));
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), None), at("2026-01-01T00:00:00Z")).unwrap();
    for (id, code) in [("o1", "ALICE"), ("o2", "BOB")] {
        p.track_order(order(id, "600.00", Some(code)), None, at("2026-01-01T00:00:00Z")).unwrap();
    }
    p.approve_due(at("2026-01-01T00:00:00Z")).unwrap();
    p.set_affiliate_status("aff_1", AffiliateStatus::Suspended, at("2026-01-02T00:00:00Z")).unwrap();
    let payouts = p.create_payouts(at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(
        payouts.iter().map(|x| (x.id.as_str(), x.affiliate_id.as_str())).collect::<Vec<_>>(),
        vec![("pay_1", "aff_2")]
    );
    assert_eq!(bal(&p, "aff_1")[2], "60.00");
    // Inactive affiliates keep being paid what they earned.
    p.set_affiliate_status("aff_1", AffiliateStatus::Inactive, at("2026-01-04T00:00:00Z")).unwrap();
    let payouts = p.create_payouts(at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(
        payouts
            .iter()
            .map(|x| (x.id.as_str(), x.affiliate_id.as_str(), x.amount.amount.to_string()))
            .collect::<Vec<_>>(),
        vec![("pay_2", "aff_1", "60.00".to_string())]
    );
}

#[test]
fn payouts_are_marked_paid_or_failed_once() {
    let mut p = alice(config_with(json!({"holding_days": 0})));
    p.track_order(order("o1", "600.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.track_order(order("o2", "400.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.approve_due(at("2026-01-01T00:00:00Z")).unwrap();
    let seq = last_sequence(&p);
    let created = p.create_payouts(at("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(types_since(&p, seq), vec!["payout.created"]);
    let pay = &created[0];
    assert_eq!(
        (pay.id.as_str(), pay.amount.amount.to_string(), pay.status, pay.entry_count),
        ("pay_1", "100.00".to_string(), PayoutStatus::Created, 2)
    );
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "0.00", "100.00", "0.00", "100.00", "0.00"]));
    assert!(p.create_payouts(at("2026-01-02T00:00:00Z")).unwrap().is_empty());

    let before = p.snapshot();
    let t = at("2026-01-03T00:00:00Z");
    assert_eq!(err_kind(p.mark_payout_failed("pay_1", " ", t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.mark_payout_paid("pay_1", Some(String::new()), t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.mark_payout_paid("pay_2", None, t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.mark_payout_failed("pay_0", "x", t)), ErrorKind::NotFound);
    assert_eq!(p.snapshot(), before);

    let failed = p.mark_payout_failed("pay_1", "IBAN closed", t).unwrap();
    assert_eq!(
        (failed.status, failed.failure_reason.as_deref(), failed.settled_at),
        (PayoutStatus::Failed, Some("IBAN closed"), Some(t))
    );
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "100.00", "100.00", "0.00", "0.00", "100.00", "0.00"]));
    let before = p.snapshot();
    assert_eq!(err_kind(p.mark_payout_failed("pay_1", "again", t)), ErrorKind::InvalidState);
    assert_eq!(err_kind(p.mark_payout_paid("pay_1", None, t)), ErrorKind::InvalidState);
    assert_eq!(p.snapshot(), before);

    let again = p.create_payouts(at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!((again[0].id.as_str(), again[0].amount.amount.to_string()), ("pay_2", "100.00".to_string()));
    let seq = last_sequence(&p);
    let paid = p.mark_payout_paid("pay_2", Some("SEPA-77".into()), at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(types_since(&p, seq), vec!["payout.marked_paid"]);
    assert_eq!(
        (paid.status, paid.reference.as_deref(), paid.settled_at),
        (PayoutStatus::Paid, Some("SEPA-77"), Some(at("2026-01-05T00:00:00Z")))
    );
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "0.00", "0.00", "100.00", "100.00", "0.00"]));
    assert!(p.commissions().iter().all(|c| c.status == CommissionStatus::Paid));
    let before = p.snapshot();
    assert_eq!(err_kind(p.mark_payout_paid("pay_2", None, at("2026-01-06T00:00:00Z"))), ErrorKind::InvalidState);
    assert_eq!(err_kind(p.mark_payout_failed("pay_2", "late", at("2026-01-06T00:00:00Z"))), ErrorKind::InvalidState);
    assert_eq!(p.snapshot(), before);
    assert_eq!(
        p.payouts().iter().map(|x| x.status).collect::<Vec<_>>(),
        vec![PayoutStatus::Failed, PayoutStatus::Paid]
    );
}

#[test]
fn a_rejected_commission_stays_rejected_when_its_entries_are_paid_out() {
    let mut p = alice(config_with(json!({"holding_days": 0})));
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.track_order(order("o2", "600.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    p.approve_due(at("2026-01-01T00:00:00Z")).unwrap();
    p.reject_commission("com_1", "duplicate", at("2026-01-02T00:00:00Z")).unwrap();
    // The payout settles com_2 and the (netting) entries of the rejected com_1.
    let payouts = p.create_payouts(at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!((payouts[0].amount.amount.to_string(), payouts[0].entry_count), ("60.00".to_string(), 3));
    p.mark_payout_paid("pay_1", None, at("2026-01-04T00:00:00Z")).unwrap();
    let statuses: Vec<_> = p.commissions().into_iter().map(|c| (c.id, c.status)).collect();
    assert_eq!(
        statuses,
        vec![("com_1".to_string(), CommissionStatus::Rejected), ("com_2".to_string(), CommissionStatus::Paid)]
    );
    assert_eq!(err_kind(p.reject_commission("com_1", "again", at("2026-01-05T00:00:00Z"))), ErrorKind::InvalidState);
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "0.00", "0.00", "60.00", "70.00", "10.00"]));
    let snap = p.snapshot();
    assert_eq!(Program::restore(&snap).unwrap().snapshot(), snap);
}
