#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Every rejected command leaves the program byte-identical: a table of bad commands, each run
//! through `Program::execute` against a program with some history, with its expected error kind.

mod program_support;

use affiliate_kit::codes::{generate_code_seeded, CodePolicy};
use affiliate_kit::plan::Order;
use affiliate_kit::program::{Acceptance, AffiliateStatus, AffiliateUpdate, Command, Payment, Program, Registration};
use affiliate_kit::ErrorKind;
use chrono::{DateTime, Utc};
use program_support::*;
use serde_json::json;

/// A program with history: affiliates (one deleted, one suspended), invitations (one expired, one
/// pending), refunded, rejected, paid and in-payout commissions.
fn busy() -> Program {
    let mut p = program();
    let t0 = at("2026-01-01T00:00:00Z");
    p.invite(vec!["old@example.com".into()], None, at("2025-11-01T00:00:00Z")).unwrap();
    p.expire_invitations(t0);
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t0).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), Some("aff_1")), t0).unwrap();
    p.register_affiliate(reg("Del", "del@example.com", Some("DEL"), None), t0).unwrap();
    p.delete_affiliate("aff_3", t0).unwrap();
    p.register_affiliate(reg("Sue", "sue@example.com", Some("SUE"), None), t0).unwrap();
    p.set_affiliate_status("aff_4", AffiliateStatus::Suspended, t0).unwrap();
    p.record_click("v1", "BOB", t0).unwrap();
    let t1 = at("2026-01-02T00:00:00Z");
    p.track_order(order("o1", "600.00", Some("BOB")), None, t1).unwrap(); // com_1 Bob 60, com_2 Alice 30
    p.track_order(order("o2", "100.00", Some("ALICE")), None, t1).unwrap(); // com_3 Alice 10
    p.refund(refund("r1", "o2", None), t1).unwrap();
    p.track_order(order("o3", "300.00", Some("ALICE")), None, t1).unwrap(); // com_4 Alice 30
    p.reject_commission("com_4", "test order", t1).unwrap();
    p.track_order(order("o4", "600.00", Some("BOB")), Some("v1".into()), t1).unwrap(); // com_5, com_6
    p.approve_due(at("2026-02-03T00:00:00Z")).unwrap();
    let payouts = p.create_payouts(at("2026-02-04T00:00:00Z")).unwrap();
    let got: Vec<_> =
        payouts.iter().map(|x| (x.id.as_str(), x.affiliate_id.as_str(), x.amount.amount.to_string())).collect();
    assert_eq!(got, vec![("pay_1", "aff_1", "60.00".to_string()), ("pay_2", "aff_2", "120.00".to_string())]);
    p.mark_payout_paid("pay_2", None, at("2026-02-05T00:00:00Z")).unwrap();
    p.invite(vec!["new@example.com".into()], Some("aff_1".into()), at("2026-02-05T00:00:00Z")).unwrap();
    p.drain_events();
    p
}

fn t() -> DateTime<Utc> {
    at("2026-02-10T00:00:00Z")
}

fn register(name: &str, email: &str, code: Option<&str>, parent: Option<&str>) -> Command {
    Command::RegisterAffiliate { registration: reg(name, email, code, parent), at: t() }
}

fn track(order: Order) -> Command {
    Command::TrackOrder { order, visitor_id: None, at: t() }
}

#[test]
fn rejected_commands_change_nothing() {
    let generated = generate_code_seeded(&CodePolicy::default(), 3).unwrap();
    let last = generated.chars().last().unwrap();
    let bad_check = format!("{}{}", &generated[..generated.len() - 1], if last == 'A' { 'B' } else { 'A' });
    let unchecked: Order = serde_json::from_value(json!({"id": "o9", "currency": "EUR",
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "-1.00"}]}))
    .unwrap();
    let usd = order_json(json!({"id": "o9", "currency": "USD",
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "1.00"}]}));
    let mut both = refund_lines("r9", "o1", &["l1"]);
    both.amount = Some(dec("1.00"));

    let cases: Vec<(Command, ErrorKind)> = vec![
        (register("Alias", "ALICE@example.com", None, None), ErrorKind::Conflict),
        (register("Bad", "bad@", None, None), ErrorKind::InvalidInput),
        (register("Orphan", "orphan@example.com", None, Some("aff_99")), ErrorKind::NotFound),
        (register("Admin", "admin@example.com", Some("admin"), None), ErrorKind::InvalidCode),
        (register("Copy", "copy@example.com", Some("b-o-b"), None), ErrorKind::Conflict),
        (
            Command::RegisterAffiliate {
                registration: Registration { id: Some("aff_2".into()), ..reg("Dup", "dup@example.com", None, None) },
                at: t(),
            },
            ErrorKind::Conflict,
        ),
        (
            Command::UpdateAffiliate {
                affiliate_id: "aff_3".into(),
                update: AffiliateUpdate { name: Some("Back".into()), ..AffiliateUpdate::default() },
                at: t(),
            },
            ErrorKind::InvalidState,
        ),
        (
            Command::UpdateAffiliate {
                affiliate_id: "aff_2".into(),
                update: AffiliateUpdate { email: Some("Alice@Example.com".into()), ..AffiliateUpdate::default() },
                at: t(),
            },
            ErrorKind::Conflict,
        ),
        (
            Command::SetAffiliateStatus { affiliate_id: "aff_1".into(), status: AffiliateStatus::Deleted, at: t() },
            ErrorKind::InvalidInput,
        ),
        (
            Command::SetAffiliateStatus { affiliate_id: "nobody".into(), status: AffiliateStatus::Active, at: t() },
            ErrorKind::NotFound,
        ),
        (Command::DeleteAffiliate { affiliate_id: "aff_3".into(), at: t() }, ErrorKind::InvalidState),
        (
            Command::AddCode {
                affiliate_id: "aff_1".into(),
                code: "del".into(),
                incentive: None,
                expires_at: None,
                at: t(),
            },
            ErrorKind::Conflict,
        ),
        (
            Command::AddCode {
                affiliate_id: "aff_1".into(),
                code: bad_check,
                incentive: None,
                expires_at: None,
                at: t(),
            },
            ErrorKind::InvalidCode,
        ),
        (
            Command::GenerateCode {
                affiliate_id: "aff_99".into(),
                seed: 1,
                incentive: None,
                expires_at: None,
                at: t(),
            },
            ErrorKind::NotFound,
        ),
        (
            Command::Invite {
                emails: (0..26).map(|i| format!("p{i}@example.com")).collect(),
                invited_by: None,
                at: t(),
            },
            ErrorKind::LimitExceeded,
        ),
        (
            Command::Invite { emails: vec!["x@example.com".into()], invited_by: Some("aff_3".into()), at: t() },
            ErrorKind::InvalidState,
        ),
        (
            Command::AcceptInvitation {
                invitation_id: "inv_1".into(),
                acceptance: Acceptance { name: "Old".into(), ..Acceptance::default() },
                at: t(),
            },
            ErrorKind::InvalidState,
        ),
        (
            Command::AcceptInvitation {
                invitation_id: "inv_2".into(),
                acceptance: Acceptance { name: "New".into(), code: Some("ALICE".into()), ..Acceptance::default() },
                at: t(),
            },
            ErrorKind::Conflict,
        ),
        (
            Command::AcceptInvitation {
                invitation_id: "inv_7".into(),
                acceptance: Acceptance { name: "Nobody".into(), ..Acceptance::default() },
                at: t(),
            },
            ErrorKind::NotFound,
        ),
        (Command::RecordClick { visitor_id: "v2".into(), code: "NOSUCH".into(), at: t() }, ErrorKind::NotFound),
        (Command::RecordClick { visitor_id: "v 2".into(), code: "BOB".into(), at: t() }, ErrorKind::InvalidInput),
        (track(order("o1", "600.01", Some("BOB"))), ErrorKind::Conflict),
        (
            Command::TrackOrder { order: order("o4", "600.00", Some("BOB")), visitor_id: None, at: t() },
            ErrorKind::Conflict,
        ),
        (track(usd), ErrorKind::CurrencyMismatch),
        (track(unchecked), ErrorKind::InvalidOrder),
        (Command::RecordPayment { payment: Payment::new("pay-x", "o99"), at: t() }, ErrorKind::NotFound),
        (Command::RecordPayment { payment: Payment::new("o2", "o1"), at: t() }, ErrorKind::Conflict),
        (Command::Refund { refund: refund("r9", "o1", Some("600.01")), at: t() }, ErrorKind::LimitExceeded),
        (Command::Refund { refund: refund("r9", "o2", None), at: t() }, ErrorKind::LimitExceeded),
        (Command::Refund { refund: refund("r1", "o1", None), at: t() }, ErrorKind::Conflict),
        (Command::Refund { refund: refund("r9", "o1", Some("0.00")), at: t() }, ErrorKind::InvalidAmount),
        (Command::Chargeback { refund: both, at: t() }, ErrorKind::InvalidInput),
        (Command::Chargeback { refund: refund_lines("r9", "o1", &["l2"]), at: t() }, ErrorKind::NotFound),
        (Command::ApproveDue { at: DateTime::<Utc>::MIN_UTC }, ErrorKind::Overflow),
        (
            Command::RejectCommission { commission_id: "com_2".into(), reason: "in payout".into(), at: t() },
            ErrorKind::InvalidState,
        ),
        (
            Command::RejectCommission { commission_id: "com_1".into(), reason: "paid".into(), at: t() },
            ErrorKind::InvalidState,
        ),
        (
            Command::RejectCommission { commission_id: "com_4".into(), reason: "twice".into(), at: t() },
            ErrorKind::InvalidState,
        ),
        (
            Command::RejectCommission { commission_id: "com_0".into(), reason: "none".into(), at: t() },
            ErrorKind::NotFound,
        ),
        (Command::MarkPayoutPaid { payout_id: "pay_2".into(), reference: None, at: t() }, ErrorKind::InvalidState),
        (
            Command::MarkPayoutFailed { payout_id: "pay_2".into(), reason: "late".into(), at: t() },
            ErrorKind::InvalidState,
        ),
        (Command::MarkPayoutFailed { payout_id: "pay_3".into(), reason: "x".into(), at: t() }, ErrorKind::NotFound),
        (Command::MarkPayoutFailed { payout_id: "pay_1".into(), reason: "".into(), at: t() }, ErrorKind::InvalidInput),
    ];
    assert!(cases.len() >= 20);

    let mut p = busy();
    let before = p.snapshot();
    let log = p.command_log().len();
    for (command, kind) in cases {
        let shown = format!("{command:?}");
        let result = p.execute(command);
        assert_eq!(err_kind(result), kind, "{shown}");
        assert_eq!(p.snapshot(), before, "{shown} changed the program");
        assert_eq!(p.command_log().len(), log, "{shown} was logged");
    }
    // Nothing was emitted either.
    assert!(p.drain_events().is_empty());
    // And the program still works: the pending invitation can be accepted, the payout paid.
    p.execute(Command::AcceptInvitation {
        invitation_id: "inv_2".into(),
        acceptance: Acceptance { name: "New".into(), ..Acceptance::default() },
        at: t(),
    })
    .unwrap();
    p.mark_payout_paid("pay_1", None, t()).unwrap();
    assert_eq!(bal(&p, "aff_1"), strs(["0.00", "0.00", "0.00", "0.00", "60.00", "100.00", "40.00"]));
    assert_eq!(Program::replay(config(), p.command_log()).unwrap().snapshot(), p.snapshot());
}
