#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Regression tests from a review of the stateful program: invitation re-invites, refunds by lines
//! whose discount share rounds up, and hostile snapshots (sale outcomes, line shares, entry signs,
//! failed payouts) that must be refused on restore instead of panicking or over-reversing.

mod program_support;

use affiliate_kit::program::{EventData, InvitationStatus, Program};
use affiliate_kit::ErrorKind;
use program_support::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// 28 significant digits, the most a snapshot amount may have.
const HUGE: &str = "9999999999999999999999999999";

fn doc(p: &Program) -> Value {
    serde_json::from_str(&p.snapshot()).unwrap()
}

/// Alice (code ALICE) earned 60.00 on order o1 of 600.00 (level 1 only).
fn one_sale() -> Program {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    let out = p.track_order(order("o1", "600.00", Some("ALICE")), None, at("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(out.commissions.len(), 1);
    assert_eq!(out.commissions[0].amount.amount, dec("60.00"));
    p
}

fn restore_with(p: &Program, f: &dyn Fn(&mut Value)) -> Result<Program, affiliate_kit::Error> {
    let mut v = doc(p);
    f(&mut v);
    Program::restore(&v.to_string())
}

#[test]
fn re_inviting_after_expiry_leaves_no_stale_expiry_behind() {
    let mut p = program();
    let emails = || vec!["dora@example.com".to_string()];
    p.invite(emails(), None, at("2026-01-01T00:00:00Z")).unwrap();
    // inv_1 expired on 2026-01-31 without expire_invitations being run; a new invite replaces it.
    let out = p.invite(emails(), None, at("2026-02-15T00:00:00Z")).unwrap();
    assert_eq!(out.invitations.len(), 1);
    assert_eq!(out.invitations[0].id, "inv_2");
    assert_eq!(p.invitations()[0].status, InvitationStatus::Expired);
    let expired_events = |p: &Program| {
        p.events_since(0).iter().filter(|e| matches!(e.data, EventData::InvitationExpired { .. })).count()
    };
    assert_eq!(expired_events(&p), 1);

    // A restored copy must behave exactly as the live program from here on.
    let mut restored = Program::restore(&p.snapshot()).unwrap();
    for q in [&mut p, &mut restored] {
        // inv_1 is already expired and inv_2 runs to 2026-03-17: nothing expires now.
        assert!(q.expire_invitations(at("2026-02-16T00:00:00Z")).is_empty());
        assert_eq!(expired_events(q), 1);
        // inv_2 is still the pending invitation of that address.
        let again = q.invite(emails(), None, at("2026-02-17T00:00:00Z")).unwrap();
        assert!(again.invitations.is_empty());
        assert_eq!(again.skipped.already_invited, vec!["dora@example.com".to_string()]);
        let expired = q.expire_invitations(at("2026-03-17T00:00:00Z"));
        assert_eq!(expired.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), vec!["inv_2"]);
    }
    assert_eq!(p.snapshot(), restored.snapshot());
}

#[test]
fn a_refund_by_lines_is_never_negative() {
    // The order discount of 0.01 split over nets 0.009 and 0.001: in cents, l1 would get the whole
    // cent (more than its net); split in the nets' own units it gets 0.009.
    let mut p = program();
    let o = order_json(json!({
        "id": "o1", "currency": "EUR", "discount": "0.01", "tax": "5",
        "lines": [
            {"id": "l1", "product": "p", "quantity": 1, "unit_price": "0.009"},
            {"id": "l2", "product": "p", "quantity": 1, "unit_price": "0.001"}
        ]
    }));
    p.track_order(o, None, at("2026-01-02T00:00:00Z")).unwrap();
    let out = p.refund(refund_lines("r1", "o1", &["l1"]), at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(out.amount.amount, Decimal::ZERO);
    assert!(!out.amount.amount.is_sign_negative());
    assert_eq!(out.remaining.amount, dec("5"));
    assert_eq!(p.sale("o1").unwrap().refunded, Decimal::ZERO);
    // The snapshot still restores (a negative `refunded` would be refused).
    let restored = Program::restore(&p.snapshot()).unwrap();
    assert_eq!(restored.snapshot(), p.snapshot());
}

#[test]
fn a_sale_outcome_with_huge_commission_amounts_is_refused_not_a_panic() {
    let p = one_sale();
    // Nine amounts of 28 nines: their sum is beyond Decimal's range.
    let r = restore_with(&p, &|v| {
        let c = &mut v["state"]["sales"][0]["outcome"]["commissions"];
        c[0]["amount"]["amount"] = json!(HUGE);
        let copy = c[0].clone();
        c.as_array_mut().unwrap().extend(std::iter::repeat_n(copy, 8));
    });
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
}

#[test]
fn a_sale_outcome_listing_a_commission_twice_is_refused() {
    let p = one_sale();
    let r = restore_with(&p, &|v| {
        let c = &mut v["state"]["sales"][0]["outcome"]["commissions"];
        let copy = c[0].clone();
        c.as_array_mut().unwrap().push(copy);
    });
    // Accepted, a full refund would reverse 120.00 of a 60.00 commission.
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    // Naming a commission of no sale, or of another affiliate, is refused too.
    let r = restore_with(&p, &|v| v["state"]["sales"][0]["outcome"]["commissions"][0]["id"] = json!("com_9"));
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    let r = restore_with(&p, &|v| v["state"]["sales"][0]["outcome"]["commissions"][0]["amount"]["amount"] = json!("1"));
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    // A commission whose id is not its position (commands find it by position) is refused.
    let r = restore_with(&p, &|v| {
        v["state"]["commissions"][0]["id"] = json!("com_2");
        v["state"]["entries"][0]["commission_id"] = json!("com_2");
        v["state"]["sales"][0]["outcome"]["commissions"][0]["id"] = json!("com_2");
    });
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    // The untouched snapshot restores and refunds exactly what was earned.
    let mut q = restore_with(&p, &|_| {}).unwrap();
    let out = q.refund(refund("r1", "o1", None), at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(out.reversals.len(), 1);
    assert_eq!(out.reversals[0].amount.amount, dec("60.00"));
    assert_eq!(q.commission("com_1").unwrap().remaining(), Decimal::ZERO);
}

#[test]
fn huge_line_shares_are_refused_not_a_panic() {
    let p = one_sale();
    let r = restore_with(&p, &|v| {
        v["state"]["commissions"][0]["line_shares"] = json!(vec![json!({"line_id": "l1", "amount": HUGE}); 9]);
    });
    // Accepted, refunding line l1 would add up the nine shares and overflow.
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
}

#[test]
fn correction_entries_must_be_negative_and_commission_entries_unique() {
    let p = one_sale();
    let extra = |kind: &str, amount: &str| {
        json!({
            "id": "ent_2", "commission_id": "com_1", "affiliate_id": "aff_1", "kind": kind,
            "amount": {"amount": amount, "currency": "EUR"},
            "at": "2026-01-02T00:00:00Z", "cause": "r0", "settlement": {"state": "pending"}
        })
    };
    // A positive "reversal" would let a full refund reverse 100.00 of a 60.00 commission.
    let r = restore_with(&p, &|v| v["state"]["entries"].as_array_mut().unwrap().push(extra("reversal", "40.00")));
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    // A second commission entry would make the account earn more than the commission.
    let r = restore_with(&p, &|v| v["state"]["entries"].as_array_mut().unwrap().push(extra("commission", "40.00")));
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    // A well-formed reversal that no refund wrote is refused as well: refund "r0" does not exist.
    let r = restore_with(&p, &|v| v["state"]["entries"].as_array_mut().unwrap().push(extra("reversal", "-40.00")));
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
    let message =
        restore_with(&p, &|v| v["state"]["entries"].as_array_mut().unwrap().push(extra("reversal", "-40.00")))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
    assert!(message.contains("unknown refund \"r0\""), "{message}");
}

#[test]
fn a_failed_payout_cannot_hold_entries() {
    let mut p = one_sale();
    p.approve_due(at("2026-02-05T00:00:00Z")).unwrap();
    let payouts = p.create_payouts(at("2026-02-06T00:00:00Z")).unwrap();
    assert_eq!(payouts.len(), 1);
    assert_eq!(payouts[0].amount.amount, dec("60.00"));
    // Untampered (payout created, entry in it) restores; the payout marked failed while its entry
    // stays in it would leave 60.00 stuck in `in_payout` for good.
    assert!(restore_with(&p, &|_| {}).is_ok());
    let r = restore_with(&p, &|v| v["state"]["payouts"][0]["status"] = json!("failed"));
    assert_eq!(err_kind(r), ErrorKind::InvalidSnapshot);
}
