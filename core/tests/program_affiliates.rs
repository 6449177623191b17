#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Affiliates: registration, approval, update, deletion, and the Chariow view.

mod program_support;

use affiliate_kit::program::{AffiliateStatus, AffiliateUpdate, EventData, NoCreditReason, Program, Registration};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

#[test]
fn registration_assigns_ids_and_keeps_host_ids() {
    let mut p = program();
    let a = p.register_affiliate(reg("Alice", "alice@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(a.id, "aff_1");
    assert_eq!(a.status, AffiliateStatus::Active);
    assert_eq!(a.code, None);
    let host = Registration { id: Some("aff_2".into()), ..reg("Host", "host@example.com", Some("HOST1"), None) };
    let h = p.register_affiliate(host, at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(h.id, "aff_2");
    assert_eq!(h.code.as_deref(), Some("HOST1"));
    // The next automatic id skips the host's aff_2.
    let c = p.register_affiliate(reg("Carol", "carol@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(c.id, "aff_3");
    let d = p
        .register_affiliate(
            Registration { id: Some("partner-42".into()), ..reg("Dan", "dan@example.com", None, Some("aff_1")) },
            at("2026-01-02T00:00:00Z"),
        )
        .unwrap();
    assert_eq!(d.id, "partner-42");
    assert_eq!(d.parent.as_deref(), Some("aff_1"));
    assert_eq!(types_since(&p, 0), vec!["affiliate.registered"; 4]);
    let ids: Vec<_> = p.affiliates().into_iter().map(|a| a.id).collect();
    assert_eq!(ids, vec!["aff_1", "aff_2", "aff_3", "partner-42"]);
}

#[test]
fn registration_rejections_change_nothing() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "Alice@Example.com", Some("ALICE10"), None), at("2026-01-01T00:00:00Z")).unwrap();
    let before = p.snapshot();
    let t = at("2026-01-02T00:00:00Z");
    let cases = [
        (reg("Alias", "alice@example.COM", None, None), ErrorKind::Conflict),
        (reg("Bob", "bob@example.com", Some("alice-10"), None), ErrorKind::Conflict),
        (reg("Bob", "bob@example", None, None), ErrorKind::InvalidInput),
        (reg("Bob", "bob.example.com", None, None), ErrorKind::InvalidInput),
        (reg("Bob", "bob@@example.com", None, None), ErrorKind::InvalidInput),
        (reg("   ", "bob@example.com", None, None), ErrorKind::InvalidInput),
        (reg("Bob", "bob@example.com", None, Some("aff_9")), ErrorKind::NotFound),
        (reg("Bob", "bob@example.com", Some("ADMIN"), None), ErrorKind::InvalidCode),
        (Registration { id: Some("aff_1".into()), ..reg("Bob", "bob@example.com", None, None) }, ErrorKind::Conflict),
        (
            Registration { id: Some("has space".into()), ..reg("Bob", "bob@example.com", None, None) },
            ErrorKind::InvalidInput,
        ),
    ];
    for (registration, kind) in cases {
        let shown = format!("{registration:?}");
        assert_eq!(err_kind(p.register_affiliate(registration, t)), kind, "{shown}");
        assert_eq!(p.snapshot(), before, "{shown} changed the program");
    }
    assert_eq!(p.command_log().len(), 1);
}

#[test]
fn pending_affiliates_are_approved_with_two_events() {
    let mut p = Program::new(config_with(json!({"auto_approve": false}))).unwrap();
    let a = p
        .register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z"))
        .unwrap();
    assert_eq!(a.status, AffiliateStatus::Pending);
    // A pending affiliate earns nothing.
    let t = p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-02T00:00:00Z")).unwrap();
    assert!(!t.credited);
    assert_eq!(t.reason, Some(NoCreditReason::AffiliateNotActive));
    assert_eq!(t.affiliate_status, Some(AffiliateStatus::Pending));
    assert_eq!(t.affiliate_id.as_deref(), Some("aff_1"));
    assert!(t.commissions.is_empty());

    let seq = last_sequence(&p);
    let v = p.set_affiliate_status("aff_1", AffiliateStatus::Active, at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(v.status, AffiliateStatus::Active);
    assert_eq!(v.updated_at, at("2026-01-03T00:00:00Z"));
    let events = p.events_since(seq);
    assert_eq!(types(&events), vec!["affiliate.approved", "affiliate.status_changed"]);
    match &events[1].data {
        EventData::AffiliateStatusChanged { from, to, affiliate } => {
            assert_eq!((*from, *to), (AffiliateStatus::Pending, AffiliateStatus::Active));
            assert_eq!(affiliate.id, "aff_1");
        }
        other => panic!("unexpected {other:?}"),
    }
    // The same status again: no event.
    let seq = last_sequence(&p);
    p.set_affiliate_status("aff_1", AffiliateStatus::Active, at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!(last_sequence(&p), seq);
    // Suspending and reactivating: status_changed only, never approved.
    p.set_affiliate_status("aff_1", AffiliateStatus::Suspended, at("2026-01-05T00:00:00Z")).unwrap();
    p.set_affiliate_status("aff_1", AffiliateStatus::Active, at("2026-01-06T00:00:00Z")).unwrap();
    assert_eq!(types_since(&p, seq), vec!["affiliate.status_changed", "affiliate.status_changed"]);
    // Deleted is not a status to set.
    let before = p.snapshot();
    assert_eq!(
        err_kind(p.set_affiliate_status("aff_1", AffiliateStatus::Deleted, at("2026-01-07T00:00:00Z"))),
        ErrorKind::InvalidInput
    );
    assert_eq!(
        err_kind(p.set_affiliate_status("nobody", AffiliateStatus::Active, at("2026-01-07T00:00:00Z"))),
        ErrorKind::NotFound
    );
    assert_eq!(p.snapshot(), before);
}

#[test]
fn update_changes_fields_and_frees_the_old_email() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    let t = at("2026-01-02T00:00:00Z");
    // Another's e-mail, in another case.
    let before = p.snapshot();
    let update = AffiliateUpdate { email: Some("BOB@example.com".into()), ..AffiliateUpdate::default() };
    assert_eq!(err_kind(p.update_affiliate("aff_1", update, t)), ErrorKind::Conflict);
    let update = AffiliateUpdate { email: Some("not-an-email".into()), ..AffiliateUpdate::default() };
    assert_eq!(err_kind(p.update_affiliate("aff_1", update, t)), ErrorKind::InvalidInput);
    let update = AffiliateUpdate { name: Some("\u{7}bell".into()), ..AffiliateUpdate::default() };
    assert_eq!(err_kind(p.update_affiliate("aff_1", update, t)), ErrorKind::InvalidInput);
    assert_eq!(p.snapshot(), before);

    // Own address in another case is fine.
    let update = AffiliateUpdate { email: Some("ALICE@example.com".into()), ..AffiliateUpdate::default() };
    let v = p.update_affiliate("aff_1", update, t).unwrap();
    assert_eq!(v.email.as_deref(), Some("ALICE@example.com"));

    let update = AffiliateUpdate {
        name: Some("Alice B.".into()),
        email: Some("alice.b@example.org".into()),
        group: Some("gold".into()),
        commission_rate: Some("17.5".into()),
    };
    let seq = last_sequence(&p);
    let v = p.update_affiliate("aff_1", update, at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!(
        (v.name.as_deref(), v.email.as_deref(), v.group.as_deref()),
        (Some("Alice B."), Some("alice.b@example.org"), Some("gold"))
    );
    assert_eq!(v.commission_rate.map(|r| r.to_string()).as_deref(), Some("17.5"));
    assert_eq!(v.updated_at, at("2026-01-03T00:00:00Z"));
    assert_eq!(v.created_at, at("2026-01-01T00:00:00Z"));
    assert_eq!(types_since(&p, seq), vec!["affiliate.updated"]);
    // The old address is free again; the new one is taken.
    let c = p.register_affiliate(reg("Carol", "Alice@Example.com", None, None), at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!(c.id, "aff_3");
    assert_eq!(
        err_kind(p.register_affiliate(reg("X", "ALICE.B@example.org", None, None), at("2026-01-04T00:00:00Z"))),
        ErrorKind::Conflict
    );
    // "" clears the group.
    let update = AffiliateUpdate { group: Some(String::new()), ..AffiliateUpdate::default() };
    assert_eq!(p.update_affiliate("aff_1", update, at("2026-01-05T00:00:00Z")).unwrap().group, None);
}

#[test]
fn deletion_erases_personal_data_and_keeps_the_ledger() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p.track_order(order("o1", "200.00", Some("ALICE")), None, at("2026-01-02T00:00:00Z")).unwrap();
    let seq = last_sequence(&p);
    let v = p.delete_affiliate("aff_1", at("2026-01-03T00:00:00Z")).unwrap();
    assert_eq!((v.name, v.email, v.status), (None, None, AffiliateStatus::Deleted));
    assert_eq!(v.code.as_deref(), Some("ALICE"));
    assert_eq!(v.stats.total_earnings.amount.to_string(), "20.00");
    assert_eq!(types_since(&p, seq), vec!["affiliate.deleted"]);
    match &p.events_since(seq)[0].data {
        EventData::AffiliateDeleted { affiliate_id } => assert_eq!(affiliate_id, "aff_1"),
        other => panic!("unexpected {other:?}"),
    }
    // Still readable, ledger kept.
    assert_eq!(p.affiliate("aff_1").unwrap().status, AffiliateStatus::Deleted);
    assert_eq!(bal(&p, "aff_1"), strs(["20.00", "0.00", "0.00", "0.00", "0.00", "20.00", "0.00"]));
    assert_eq!(p.commissions().len(), 1);
    // Earns nothing any more, and the code stays reserved.
    let t = p.track_order(order("o2", "200.00", Some("alice")), None, at("2026-01-04T00:00:00Z")).unwrap();
    assert_eq!((t.credited, t.reason), (false, Some(NoCreditReason::AffiliateNotActive)));
    assert_eq!(t.affiliate_status, Some(AffiliateStatus::Deleted));
    assert_eq!(p.commissions().len(), 1);
    let before = p.snapshot();
    let t = at("2026-01-05T00:00:00Z");
    assert_eq!(
        err_kind(p.update_affiliate("aff_1", AffiliateUpdate { name: Some("A".into()), ..Default::default() }, t)),
        ErrorKind::InvalidState
    );
    assert_eq!(err_kind(p.delete_affiliate("aff_1", t)), ErrorKind::InvalidState);
    assert_eq!(err_kind(p.set_affiliate_status("aff_1", AffiliateStatus::Active, t)), ErrorKind::InvalidState);
    assert_eq!(err_kind(p.add_code("aff_1", "NEWCODE", None, None, t)), ErrorKind::InvalidState);
    assert_eq!(
        err_kind(p.register_affiliate(reg("Bob", "bob@example.com", Some("ALICE"), None), t)),
        ErrorKind::Conflict
    );
    assert_eq!(p.snapshot(), before);
    // The e-mail is free again.
    let b = p.register_affiliate(reg("Alice again", "alice@example.com", None, None), t).unwrap();
    assert_eq!(b.id, "aff_2");
}

#[test]
fn the_affiliate_view_has_the_chariow_shape() {
    let plan = json!({
        "currency": "EUR",
        "rules": [
            {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
            {"id": "gold", "target": {"type": "group", "group": "gold"}, "commission": "percentage", "rate": "15"},
            {"id": "vip", "target": {"type": "affiliate", "affiliate": "aff_2"}, "commission": "percentage", "rate": "25"}
        ]
    });
    let mut p = Program::new(config_from(plan, json!({}))).unwrap();
    let t0 = at("2026-01-01T10:00:00Z");
    p.register_affiliate(
        Registration { group: Some("gold".into()), ..reg("Alice", "alice@example.com", Some("ALICE"), None) },
        t0,
    )
    .unwrap();
    p.register_affiliate(reg("Vip", "vip@example.com", None, None), t0).unwrap();
    p.register_affiliate(reg("Plain", "plain@example.com", None, None), t0).unwrap();
    p.track_order(order_for("o1", "100.00", Some("ALICE"), Some("c1"), None), None, at("2026-01-02T00:00:00Z"))
        .unwrap();
    p.track_order(order_for("o2", "50.00", Some("ALICE"), Some("c1"), None), None, at("2026-01-03T00:00:00Z")).unwrap();
    p.track_order(order_for("o3", "20.00", Some("ALICE"), Some("c2"), None), None, at("2026-01-04T00:00:00Z")).unwrap();
    p.refund(refund("r1", "o3", None), at("2026-01-05T00:00:00Z")).unwrap();

    let v = serde_json::to_value(p.affiliate("aff_1").unwrap()).unwrap();
    assert_eq!(v["id"], "aff_1");
    assert_eq!(v["code"], "ALICE");
    assert_eq!(v["name"], "Alice");
    assert_eq!(v["email"], "alice@example.com");
    assert_eq!(v["commission_rate"], "15");
    assert_eq!(v["status"], "active");
    // 3 sales, 2 customers first brought; 15.00 + 7.50 + 3.00 earned, 3.00 reversed.
    assert_eq!(
        v["stats"],
        json!({"total_referrals": 2, "total_sales": 3, "total_earnings": {"amount": "22.50", "currency": "EUR"}})
    );
    assert_eq!(v["created_at"], "2026-01-01T10:00:00Z");
    assert_eq!(v["updated_at"], "2026-01-01T10:00:00Z");
    assert_eq!(serde_json::to_value(p.affiliate("aff_2").unwrap()).unwrap()["commission_rate"], "25");
    let plain = serde_json::to_value(p.affiliate("aff_3").unwrap()).unwrap();
    assert_eq!(plain["commission_rate"], "10");
    assert_eq!(plain["code"], serde_json::Value::Null);
    assert_eq!(
        plain["stats"],
        json!({"total_referrals": 0, "total_sales": 0, "total_earnings": {"amount": "0.00", "currency": "EUR"}})
    );
    assert_eq!(err_kind(p.affiliate("aff_9")), ErrorKind::NotFound);
}
