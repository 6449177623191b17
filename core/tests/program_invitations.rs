#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Invitations: batches, skips, malformed addresses, acceptance and expiry.

mod program_support;

use affiliate_kit::program::{Acceptance, AffiliateSource, AffiliateStatus, EventData, InvitationStatus, Program};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

fn emails(list: &[&str]) -> Vec<String> {
    list.iter().map(|e| (*e).to_string()).collect()
}

fn acceptance(name: &str) -> Acceptance {
    Acceptance { name: name.into(), ..Acceptance::default() }
}

#[test]
fn a_batch_over_the_limit_creates_nothing() {
    let mut p = program();
    let before = p.snapshot();
    let batch: Vec<String> = (0..26).map(|i| format!("person{i}@example.com")).collect();
    assert_eq!(err_kind(p.invite(batch, None, at("2026-01-01T00:00:00Z"))), ErrorKind::LimitExceeded);
    assert_eq!(p.snapshot(), before);
    assert!(p.invitations().is_empty());
    let batch: Vec<String> = (0..25).map(|i| format!("person{i}@example.com")).collect();
    assert_eq!(p.invite(batch, None, at("2026-01-01T00:00:00Z")).unwrap().invitations.len(), 25);
    assert_eq!(p.invitations().last().unwrap().id, "inv_25");

    let mut small = Program::new(config_with(json!({"invitations": {"batch_limit": 2}}))).unwrap();
    let before = small.snapshot();
    let three = emails(&["a@example.com", "b@example.com", "c@example.com"]);
    assert_eq!(err_kind(small.invite(three, None, at("2026-01-01T00:00:00Z"))), ErrorKind::LimitExceeded);
    assert_eq!(small.snapshot(), before);
}

#[test]
fn invite_sorts_addresses_into_created_skipped_and_errors() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    p.invite(emails(&["earlier@example.com"]), Some("aff_1".into()), at("2026-01-01T00:00:00Z")).unwrap();
    let seq = last_sequence(&p);
    let out = p
        .invite(
            emails(&[
                "new1@example.com",
                "ALICE@example.com",
                "Earlier@Example.com",
                "new2@example.com",
                "NEW1@example.com",
                "broken@",
                "new2@example.com",
            ]),
            Some("aff_1".into()),
            at("2026-01-02T00:00:00Z"),
        )
        .unwrap();
    let created: Vec<_> = out.invitations.iter().map(|i| (i.id.as_str(), i.email.as_str())).collect();
    assert_eq!(created, vec![("inv_2", "new1@example.com"), ("inv_3", "new2@example.com")]);
    assert_eq!(out.skipped.already_affiliate, vec!["ALICE@example.com"]);
    assert_eq!(out.skipped.already_invited, vec!["Earlier@Example.com", "NEW1@example.com", "new2@example.com"]);
    assert_eq!(out.errors.len(), 1);
    assert_eq!(out.errors[0].email, "broken@");
    assert!(!out.errors[0].reason.is_empty());
    let inv = &out.invitations[0];
    assert_eq!(inv.status, InvitationStatus::Pending);
    assert_eq!(inv.invited_by.as_deref(), Some("aff_1"));
    assert_eq!(inv.created_at, at("2026-01-02T00:00:00Z"));
    assert_eq!(inv.expires_at, at("2026-02-01T00:00:00Z"));
    assert_eq!(types_since(&p, seq), vec!["invitation.created", "invitation.created"]);

    // An unknown inviter is rejected whole.
    let before = p.snapshot();
    assert_eq!(
        err_kind(p.invite(emails(&["x@example.com"]), Some("aff_9".into()), at("2026-01-03T00:00:00Z"))),
        ErrorKind::NotFound
    );
    assert_eq!(p.snapshot(), before);
}

#[test]
fn accepting_registers_an_active_child_of_the_inviter() {
    let mut p = Program::new(config_with(json!({"auto_approve": false}))).unwrap();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p.set_affiliate_status("aff_1", AffiliateStatus::Active, at("2026-01-01T00:00:00Z")).unwrap();
    p.invite(emails(&["Bob@Example.com"]), Some("aff_1".into()), at("2026-01-02T00:00:00Z")).unwrap();
    let seq = last_sequence(&p);
    let bob = p
        .accept_invitation(
            "inv_1",
            Acceptance { code: Some("bob-5".into()), ..acceptance("Bob") },
            at("2026-01-10T00:00:00Z"),
        )
        .unwrap();
    assert_eq!(bob.id, "aff_2");
    assert_eq!(bob.status, AffiliateStatus::Active);
    assert_eq!(bob.parent.as_deref(), Some("aff_1"));
    assert_eq!(bob.email.as_deref(), Some("Bob@Example.com"));
    assert_eq!(bob.code.as_deref(), Some("BOB5"));
    let events = p.events_since(seq);
    assert_eq!(types(&events), vec!["affiliate.joined"]);
    match &events[0].data {
        EventData::AffiliateJoined { affiliate, invitation_id, source } => {
            assert_eq!(
                (affiliate.id.as_str(), invitation_id.as_str(), source.as_str()),
                ("aff_2", "inv_1", "invitation")
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    let json = serde_json::to_value(&events[0]).unwrap();
    assert_eq!(json["type"], "affiliate.joined");
    assert_eq!(json["data"]["source"], "invitation");
    let inv = &p.invitations()[0];
    assert_eq!((inv.status, inv.affiliate_id.as_deref()), (InvitationStatus::Accepted, Some("aff_2")));
    // The parent earns level 2 on the child's sales.
    let t = p.track_order(order("o1", "100.00", Some("BOB5")), None, at("2026-01-11T00:00:00Z")).unwrap();
    let got: Vec<_> =
        t.commissions.iter().map(|c| (c.affiliate_id.as_str(), c.level, c.amount.amount.to_string())).collect();
    assert_eq!(got, vec![("aff_2", 1, "10.00".to_string()), ("aff_1", 2, "5.00".to_string())]);

    let before = p.snapshot();
    let t = at("2026-01-12T00:00:00Z");
    assert_eq!(err_kind(p.accept_invitation("inv_1", acceptance("Bob"), t)), ErrorKind::InvalidState);
    assert_eq!(err_kind(p.accept_invitation("inv_2", acceptance("Bob"), t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.accept_invitation("inv_01", acceptance("Bob"), t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.accept_invitation("bogus", acceptance("Bob"), t)), ErrorKind::NotFound);
    assert_eq!(p.snapshot(), before);
    let src: serde_json::Value = serde_json::from_str(&p.snapshot()).unwrap();
    assert_eq!(src["state"]["affiliates"][1]["source"], serde_json::to_value(AffiliateSource::Invitation).unwrap());
}

#[test]
fn acceptance_checks_happen_before_anything_changes() {
    let mut p = program();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p.invite(emails(&["bob@example.com", "carl@example.com"]), None, at("2026-01-02T00:00:00Z")).unwrap();
    let before = p.snapshot();
    let t = at("2026-01-03T00:00:00Z");
    let taken_code = Acceptance { code: Some("alice".into()), ..acceptance("Bob") };
    assert_eq!(err_kind(p.accept_invitation("inv_1", taken_code, t)), ErrorKind::Conflict);
    let taken_id = Acceptance { id: Some("aff_1".into()), ..acceptance("Bob") };
    assert_eq!(err_kind(p.accept_invitation("inv_1", taken_id, t)), ErrorKind::Conflict);
    assert_eq!(err_kind(p.accept_invitation("inv_1", acceptance(" "), t)), ErrorKind::InvalidInput);
    assert_eq!(p.snapshot(), before);
    // The address became an affiliate's meanwhile.
    p.register_affiliate(reg("Carl", "CARL@example.com", None, None), t).unwrap();
    let before = p.snapshot();
    assert_eq!(err_kind(p.accept_invitation("inv_2", acceptance("Carl"), t)), ErrorKind::Conflict);
    assert_eq!(p.snapshot(), before);
    // Without an inviter there is no parent.
    let bob = p.accept_invitation("inv_1", acceptance("Bob"), t).unwrap();
    assert_eq!((bob.id.as_str(), bob.parent), ("aff_3", None));
}

#[test]
fn invitations_expire() {
    let mut p = Program::new(config_with(json!({"invitations": {"expiry_days": 7}}))).unwrap();
    p.invite(emails(&["bob@example.com", "carl@example.com"]), None, at("2026-01-01T12:00:00Z")).unwrap();
    p.invite(emails(&["dora@example.com"]), None, at("2026-01-03T12:00:00Z")).unwrap();
    assert_eq!(p.invitations()[0].expires_at, at("2026-01-08T12:00:00Z"));

    // At the expiry instant, acceptance is refused.
    let before = p.snapshot();
    assert_eq!(
        err_kind(p.accept_invitation("inv_1", acceptance("Bob"), at("2026-01-08T12:00:00Z"))),
        ErrorKind::InvalidState
    );
    assert_eq!(p.snapshot(), before);
    // One second earlier it would have been accepted.
    let mut q = p.clone();
    assert_eq!(q.accept_invitation("inv_1", acceptance("Bob"), at("2026-01-08T11:59:59Z")).unwrap().id, "aff_1");

    let seq = last_sequence(&p);
    let expired = p.expire_invitations(at("2026-01-08T12:00:00Z"));
    let ids: Vec<_> = expired.iter().map(|i| (i.id.as_str(), i.status)).collect();
    assert_eq!(ids, vec![("inv_1", InvitationStatus::Expired), ("inv_2", InvitationStatus::Expired)]);
    assert_eq!(types_since(&p, seq), vec!["invitation.expired", "invitation.expired"]);
    assert_eq!(p.invitations()[2].status, InvitationStatus::Pending);
    assert!(p.expire_invitations(at("2026-01-09T00:00:00Z")).is_empty());
    assert_eq!(
        err_kind(p.accept_invitation("inv_1", acceptance("Bob"), at("2026-01-09T00:00:00Z"))),
        ErrorKind::InvalidState
    );

    // An expired address can be invited again.
    let out = p.invite(emails(&["bob@example.com", "dora@example.com"]), None, at("2026-01-09T00:00:00Z")).unwrap();
    assert_eq!(out.invitations.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), vec!["inv_4"]);
    assert_eq!(out.skipped.already_invited, vec!["dora@example.com"]);

    // A pending invitation past its expiry (not yet expired by expire_invitations) is replaced.
    let seq = last_sequence(&p);
    let out = p.invite(emails(&["dora@example.com"]), None, at("2026-01-10T12:00:00Z")).unwrap();
    assert_eq!(out.invitations[0].id, "inv_5");
    assert_eq!(types_since(&p, seq), vec!["invitation.expired", "invitation.created"]);
    assert_eq!(p.invitations()[2].status, InvitationStatus::Expired);
    let replayed = Program::replay(p.config().clone(), p.command_log()).unwrap();
    assert_eq!(replayed.snapshot(), p.snapshot());
}

#[test]
fn an_invite_answer_names_its_invitations_and_reads_back_from_created() {
    // Chariow's key is `invitations`; answers journaled before (execute_once keeps them) say `created`.
    let mut p = Program::new(config()).unwrap();
    let out = p.invite(vec!["bob@example.com".into()], None, at("2026-01-01T00:00:00Z")).unwrap();
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["invitations"][0]["id"], "inv_1");
    assert!(json.get("created").is_none());
    let old = json.to_string().replace("\"invitations\"", "\"created\"");
    let read: affiliate_kit::program::InviteOutcome = serde_json::from_str(&old).unwrap();
    assert_eq!(read, out);
}
