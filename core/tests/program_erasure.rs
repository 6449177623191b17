#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Erasure: personal data leaves the state, the events, the command log, snapshots and checkpoints;
//! ids, money and the ledger stay exact.

mod program_support;

use affiliate_kit::program::{Acceptance, AffiliateStatus, AffiliateUpdate, Program};
use affiliate_kit::ErrorKind;
use program_support::*;

/// Alice (who changed her name and e-mail once) invited Bob, who joined; Carol bought twice through
/// Alice with her customer id and e-mail, once from her browser (visitor `carol-browser`); Alice
/// bought herself as a customer with her old e-mail; Dave bought once.
fn history() -> Program {
    let mut p = program();
    p.register_affiliate(
        reg("Alice Martin", "alice.martin@example.com", Some("ALICE"), None),
        at("2026-01-01T09:00:00Z"),
    )
    .unwrap();
    let update = AffiliateUpdate {
        name: Some("Alice Dupont".into()),
        email: Some("alice.dupont@example.com".into()),
        ..AffiliateUpdate::default()
    };
    p.update_affiliate("aff_1", update, at("2026-01-02T09:00:00Z")).unwrap();
    p.invite(vec!["bob.stone@example.com".into()], Some("aff_1".into()), at("2026-01-02T10:00:00Z")).unwrap();
    let bob = Acceptance { name: "Bob Stone".into(), ..Acceptance::default() };
    p.accept_invitation("inv_1", bob, at("2026-01-03T09:00:00Z")).unwrap();
    p.record_click("carol-browser", "ALICE", at("2026-01-04T09:00:00Z")).unwrap();
    let carol = Some("cust-carol-77");
    let first = order_for("o1", "100.00", None, carol, Some("carol.white@example.com"));
    p.track_order(first, Some("carol-browser".into()), at("2026-01-04T09:10:00Z")).unwrap();
    p.track_order(order_for("o2", "200.00", Some("ALICE"), carol, None), None, at("2026-01-05T09:00:00Z")).unwrap();
    p.track_order(
        order_for("o3", "50.00", Some("BOB"), None, Some("Alice.Martin@example.com")),
        None,
        at("2026-01-06T09:00:00Z"),
    )
    .unwrap();
    p.track_order(
        order_for("o4", "80.00", Some("ALICE"), Some("cust-dave-5"), Some("dave@example.com")),
        None,
        at("2026-01-06T10:00:00Z"),
    )
    .unwrap();
    p
}

/// Every form a program's data leaves it in: snapshot, checkpoint bytes, events, command log.
fn everything(p: &Program) -> String {
    let mut checkpoint = Vec::new();
    p.write_checkpoint(&mut checkpoint).unwrap();
    let events: Vec<String> = p.events_since(0).iter().map(|e| e.to_json()).collect();
    let log: Vec<String> = p.command_log().iter().map(|c| c.to_json()).collect();
    format!("{}\n{}\n{}\n{}", p.snapshot(), String::from_utf8_lossy(&checkpoint), events.join("\n"), log.join("\n"))
}

#[test]
fn an_erased_affiliate_leaves_no_name_or_email_behind_and_the_money_stays() {
    let mut p = history();
    let all = everything(&p);
    for personal in ["Alice Martin", "alice.martin@example.com", "Alice Dupont", "alice.dupont@example.com"] {
        assert!(all.contains(personal), "the history holds {personal}");
    }
    let balances = (bal(&p, "aff_1"), bal(&p, "aff_2"));
    let view = p.erase_affiliate("aff_1", at("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!((view.name, view.email, view.status), (None, None, AffiliateStatus::Deleted));
    let all = everything(&p);
    // Her names and e-mails (any case), and the customer id of her own purchase, are nowhere.
    for personal in ["Alice Martin", "alice.martin@", "Alice.Martin@", "Alice Dupont", "alice.dupont@"] {
        assert!(!all.contains(personal), "{personal} is still there");
    }
    // Bob and Carol are untouched; so are ids, codes and money.
    for kept in ["Bob Stone", "bob.stone@example.com", "carol.white@example.com", "cust-carol-77", "aff_1", "ALICE"] {
        assert!(all.contains(kept), "{kept} is gone");
    }
    assert_eq!((bal(&p, "aff_1"), bal(&p, "aff_2")), balances);
    assert_eq!(p.sale("o3").unwrap().order.customer.email, None);
    // The event says who, not what.
    let last = p.events_since(0).pop().unwrap();
    assert_eq!(
        last.to_json(),
        format!(
            r#"{{"id":"evt_{0}","sequence":{0},"occurred_at":"2026-02-01T00:00:00Z","type":"affiliate.erased","data":{{"affiliate_id":"aff_1"}}}}"#,
            last.sequence
        )
    );
    // The log held her data as given: it is gone, and the erasure is not in it.
    assert!(p.command_log().is_empty());
    // What is left restores to the same program; new commands go on.
    let restored = Program::restore(&p.snapshot()).unwrap();
    assert_eq!(restored.snapshot(), p.snapshot());
    p.track_order(order("o5", "10.00", Some("BOB")), None, at("2026-02-02T00:00:00Z")).unwrap();
    assert_eq!(p.command_log().len(), 1);
    assert_eq!(err_kind(p.erase_affiliate("aff_9", at("2026-02-03T00:00:00Z"))), ErrorKind::NotFound);
}

#[test]
fn an_erased_customer_leaves_no_id_email_or_visitor_behind() {
    let mut p = history();
    let balances = [bal(&p, "aff_1"), bal(&p, "aff_2")];
    let stats = p.stats(Some("aff_1")).unwrap();
    assert_eq!(err_kind(p.erase_customer("nobody@example.com", at("2026-02-01T00:00:00Z"))), ErrorKind::NotFound);
    // Found by her e-mail: o2 (her id, no e-mail) is hers too.
    let erased = p.erase_customer("Carol.White@example.com", at("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!(erased.sales, ["o1", "o2"]);
    let all = everything(&p);
    for personal in ["carol.white@example.com", "cust-carol-77", "carol-browser"] {
        assert!(!all.contains(personal), "{personal} is still there");
    }
    for kept in ["cust-dave-5", "dave@example.com", "Alice Dupont"] {
        assert!(all.contains(kept), "{kept} is gone");
    }
    let o1 = p.sale("o1").unwrap();
    assert_eq!(
        (o1.order.customer.id.as_deref(), o1.order.customer.email, o1.visitor_id),
        (Some("erased:o1"), None, None)
    );
    assert_eq!(p.sale("o2").unwrap().order.customer.id.as_deref(), Some("erased:o1"));
    assert_eq!([bal(&p, "aff_1"), bal(&p, "aff_2")], balances);
    assert_eq!(p.stats(Some("aff_1")).unwrap(), stats);
    let last = p.events_since(0).pop().unwrap();
    assert_eq!(last.event_type(), "customer.erased");
    assert_eq!(serde_json::to_value(&last.data).unwrap()["data"], serde_json::json!({"sales": ["o1", "o2"]}));
    let restored = Program::restore(&p.snapshot()).unwrap();
    assert_eq!(restored.snapshot(), p.snapshot());
    let mut bytes = Vec::new();
    p.write_checkpoint(&mut bytes).unwrap();
    assert_eq!(Program::read_checkpoint(&bytes[..], |_| Ok(())).unwrap().snapshot(), p.snapshot());
}
