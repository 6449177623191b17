#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Events: ids, sequences, the outbox, `events_since`, the JSON shape, and signed webhooks of every
//! event type.

mod program_support;

use std::collections::BTreeSet;

use affiliate_kit::program::{
    sign_webhook, verify_webhook, Acceptance, AffiliateStatus, AffiliateUpdate, Event, Payment, Program,
};
use affiliate_kit::ErrorKind;
use chrono::TimeDelta;
use program_support::*;
use serde_json::json;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A program whose history emits every event type.
fn eventful() -> Program {
    let mut p = Program::new(config_with(
        json!({"auto_approve": false, "holding_days": 0, "minimum_payout": {"EUR": "30.00"}}),
    ))
    .unwrap();
    let t = |d: u32| at(&format!("2026-01-{d:02}T10:00:00Z"));
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t(1)).unwrap();
    p.set_affiliate_status("aff_1", AffiliateStatus::Active, t(1)).unwrap();
    p.update_affiliate("aff_1", AffiliateUpdate { name: Some("Alice A.".into()), ..Default::default() }, t(2)).unwrap();
    p.invite(vec!["bob@example.com".into(), "carl@example.com".into()], Some("aff_1".into()), t(2)).unwrap();
    p.accept_invitation(
        "inv_1",
        Acceptance { name: "Bob".into(), code: Some("BOB".into()), ..Default::default() },
        t(3),
    )
    .unwrap();
    p.expire_invitations(at("2026-03-01T00:00:00Z"));
    p.register_affiliate(reg("Gone", "gone@example.com", None, None), t(3)).unwrap();
    p.delete_affiliate("aff_3", t(3)).unwrap();
    p.track_order(order("o1", "600.00", Some("BOB")), None, t(4)).unwrap();
    p.track_order(order("o2", "100.00", Some("BOB")), None, t(4)).unwrap();
    p.record_payment(Payment::new("o2-2", "o2"), t(5)).unwrap();
    p.refund(refund("r1", "o1", Some("60.00")), t(5)).unwrap();
    p.reject_commission("com_3", "test", t(5)).unwrap();
    p.approve_due(t(6)).unwrap();
    p.create_payouts(t(7)).unwrap();
    p.mark_payout_paid("pay_1", Some("tr-1".into()), t(8)).unwrap();
    p.mark_payout_failed("pay_2", "no bank account", t(8)).unwrap();
    p.refund(refund("r2", "o1", None), t(9)).unwrap();
    p
}

#[test]
fn events_have_ids_and_gapless_sequences() {
    let p = eventful();
    let events = p.events_since(0);
    assert!(events.len() > 20);
    for (k, e) in events.iter().enumerate() {
        assert_eq!(e.sequence, k as u64 + 1);
        assert_eq!(e.id, format!("evt_{}", k + 1));
    }
    assert_eq!(
        types(&events[..4]),
        vec!["affiliate.registered", "affiliate.approved", "affiliate.status_changed", "affiliate.updated"]
    );
    assert_eq!(events[0].occurred_at, at("2026-01-01T10:00:00Z"));
    let all: BTreeSet<&str> = events.iter().map(Event::event_type).collect();
    let expected: BTreeSet<&str> = [
        "affiliate.registered",
        "affiliate.updated",
        "affiliate.approved",
        "affiliate.status_changed",
        "affiliate.deleted",
        "affiliate.joined",
        "invitation.created",
        "invitation.expired",
        "order.tracked",
        "order.updated",
        "commission.created",
        "commission.approved",
        "commission.reversed",
        "commission.clawed_back",
        "commission.rejected",
        "payout.threshold_reached",
        "payout.created",
        "payout.marked_paid",
        "payout.failed",
    ]
    .into_iter()
    .collect();
    assert_eq!(all, expected);

    let json: serde_json::Value = serde_json::from_str(&events[0].to_json()).unwrap();
    let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["data", "id", "occurred_at", "sequence", "type"].into_iter().collect());
    assert_eq!(
        (json["id"].as_str(), json["sequence"].as_u64(), json["type"].as_str()),
        (Some("evt_1"), Some(1), Some("affiliate.registered"))
    );
    assert_eq!(json["occurred_at"], "2026-01-01T10:00:00Z");
    assert_eq!(json["data"]["affiliate"]["id"], "aff_1");
}

#[test]
fn the_outbox_drains_only_what_is_new() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p.track_order(order("o1", "10.00", Some("ALICE")), None, at("2026-01-02T00:00:00Z")).unwrap();
    let first = p.drain_events();
    assert_eq!(first.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), vec!["evt_1", "evt_2", "evt_3"]);
    assert!(p.drain_events().is_empty());
    p.refund(refund("r1", "o1", None), at("2026-01-03T00:00:00Z")).unwrap();
    let second = p.drain_events();
    assert_eq!(
        second.iter().map(|e| (e.sequence, e.event_type())).collect::<Vec<_>>(),
        vec![(4, "order.updated"), (5, "commission.reversed")]
    );
    // events_since reads the whole log regardless of the outbox.
    assert_eq!(p.events_since(0).len(), 5);
    assert_eq!(p.events_since(3).iter().map(|e| e.sequence).collect::<Vec<_>>(), vec![4, 5]);
    assert!(p.events_since(5).is_empty());
    assert!(p.events_since(u64::MAX).is_empty());
    // The drain is part of the state: a restored program does not deliver them again...
    let mut restored = Program::restore(&p.snapshot()).unwrap();
    assert!(restored.drain_events().is_empty());
    // ...and a replayed one neither.
    let mut replayed = Program::replay(config(), p.command_log()).unwrap();
    assert_eq!(replayed.snapshot(), p.snapshot());
    assert!(replayed.drain_events().is_empty());
}

#[test]
fn every_event_survives_a_signed_webhook() {
    let p = eventful();
    let sent = at("2026-03-02T12:00:00Z");
    for event in &p.events_since(0) {
        let signed = sign_webhook(event, SECRET, sent).unwrap();
        assert_eq!(signed.headers.id, event.id);
        assert_eq!(signed.headers.timestamp, sent.timestamp());
        assert_eq!(signed.body, event.to_json());
        let received = verify_webhook(&signed.headers, &signed.body, SECRET, sent + TimeDelta::seconds(30))
            .unwrap_or_else(|e| panic!("{} did not verify: {e}", event.id));
        assert_eq!(&received, event, "{}", event.event_type());
    }
}

#[test]
fn tampered_or_stale_webhooks_are_refused() {
    let p = eventful();
    let event = p.events_since(0).into_iter().find(|e| e.event_type() == "payout.created").unwrap();
    let sent = at("2026-03-02T12:00:00Z");
    let signed = sign_webhook(&event, SECRET, sent).unwrap();
    let tampered = signed.body.replace("\"37.00\"", "\"3700.00\"");
    assert_ne!(tampered, signed.body);
    assert_eq!(err_kind(verify_webhook(&signed.headers, &tampered, SECRET, sent)), ErrorKind::InvalidSignature);
    let other = "whsec_dGhpcyBpcyBhbm90aGVyIHNlY3JldCBrZXkhIQ==";
    assert_eq!(err_kind(verify_webhook(&signed.headers, &signed.body, other, sent)), ErrorKind::InvalidSignature);
    let mut renamed = signed.headers.clone();
    renamed.id = "evt_999".into();
    assert_eq!(err_kind(verify_webhook(&renamed, &signed.body, SECRET, sent)), ErrorKind::InvalidSignature);
    let late = sent + TimeDelta::minutes(6);
    assert_eq!(err_kind(verify_webhook(&signed.headers, &signed.body, SECRET, late)), ErrorKind::InvalidSignature);
    assert!(verify_webhook(&signed.headers, &signed.body, SECRET, sent + TimeDelta::minutes(5)).is_ok());
    // A correctly signed body that is not an event.
    let headers = affiliate_kit::webhook::sign_payload("msg_1", sent, "{}", SECRET).unwrap();
    assert_eq!(err_kind(verify_webhook(&headers, "{}", SECRET, sent)), ErrorKind::InvalidInput);
}
