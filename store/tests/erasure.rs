#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Erasure in a durable program: the personal data leaves the journal, its events and answers, the
//! checkpoints and (after `VACUUM`) the file; balances and payouts stay; reopening gives the erased
//! program; another process's replica reloads.

mod support;

use affiliate_kit::money::Currency;
use affiliate_kit::program::{Command, CommandOutcome};
use affiliate_kit::ErrorKind;
use affiliate_kit_store::{DurableProgram, OpenOptions};
use support::{config, temp_dir};

fn cmd(json: serde_json::Value) -> Command {
    affiliate_kit::host::arguments::command(&json.to_string()).unwrap()
}

/// Alice registers (and changes her name and e-mail), invites Bob; Carol buys through Alice twice,
/// once as a visitor; Dave buys once; approvals and a payout.
fn history() -> Vec<(Command, Option<&'static str>)> {
    let at = |d: u32| format!("2026-03-{d:02}T10:00:00Z");
    let order = |id: &str, customer: serde_json::Value| {
        serde_json::json!({"id": id, "currency": "EUR", "code": "ALICE", "customer": customer,
            "lines": [{"id": "l1", "product": "p", "category": "books", "quantity": 1, "unit_price": "300.00"}]})
    };
    vec![
        (
            cmd(serde_json::json!({"verb": "register_affiliate", "at": at(1),
            "registration": {"name": "Alice Martin", "email": "alice.martin@example.com", "code": "ALICE"}})),
            Some("reg-alice"),
        ),
        (
            cmd(serde_json::json!({"verb": "update_affiliate", "at": at(1), "affiliate_id": "aff_1",
            "update": {"name": "Alice Dupont", "email": "alice.dupont@example.com"}})),
            None,
        ),
        (
            cmd(
                serde_json::json!({"verb": "invite", "at": at(1), "emails": ["bob.stone@example.com"], "invited_by": "aff_1"}),
            ),
            None,
        ),
        (
            cmd(serde_json::json!({"verb": "track_order", "at": at(2), "visitor_id": "carol-browser",
            "order": order("o1", serde_json::json!({"id": "cust-carol-77", "email": "carol.white@example.com"}))})),
            None,
        ),
        (
            cmd(serde_json::json!({"verb": "track_order", "at": at(3),
            "order": order("o2", serde_json::json!({"id": "cust-dave-5", "email": "dave@example.com"}))})),
            None,
        ),
        (cmd(serde_json::json!({"verb": "approve_due", "at": "2026-05-01T00:00:00Z"})), None),
        (cmd(serde_json::json!({"verb": "create_payouts", "at": "2026-05-01T01:00:00Z"})), None),
    ]
}

fn file_bytes(path: &std::path::Path) -> String {
    let mut all = std::fs::read(path).unwrap();
    for suffix in ["-wal", "-shm"] {
        let side = std::path::PathBuf::from(format!("{}{suffix}", path.display()));
        all.extend(std::fs::read(side).unwrap_or_default());
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[test]
fn erasure_leaves_nothing_in_the_file_and_the_money_stays() {
    let dir = temp_dir("erasure");
    let path = dir.join("program.db");
    let options = OpenOptions { checkpoint_every: 3, ..OpenOptions::default() };
    let mut p = DurableProgram::open_with(&path, Some(config()), options.clone()).unwrap();
    for (command, request) in history() {
        match request {
            Some(id) => p.execute_once(command, id).unwrap(),
            None => p.execute(command).unwrap(),
        };
    }
    // A second process, opened before the erasure.
    let mut other = DurableProgram::open_with(&path, None, options.clone()).unwrap();
    let balance = p.balance("aff_1", Currency::EUR).unwrap();
    let payouts = p.payouts().unwrap().to_vec();
    assert!(file_bytes(&path).contains("alice.martin@example.com"), "the file holds her e-mail before");

    let erased = p
        .execute(cmd(serde_json::json!({"verb": "erase_affiliate", "affiliate_id": "aff_1",
        "at": "2026-06-01T00:00:00Z"})))
        .unwrap();
    let CommandOutcome::Affiliate(view) = erased else { panic!("{erased:?}") };
    assert_eq!((view.name, view.email), (None, None));
    let customer = p
        .execute(cmd(serde_json::json!({"verb": "erase_customer", "customer": "carol.white@example.com",
        "at": "2026-06-01T00:00:01Z"})))
        .unwrap();
    assert_eq!(
        customer,
        CommandOutcome::CustomerErased(affiliate_kit::program::CustomerErasure { sales: vec!["o1".into()] })
    );
    assert_eq!(p.balance("aff_1", Currency::EUR).unwrap(), balance);
    assert_eq!(p.payouts().unwrap(), &payouts[..]);
    // A retry of the first request answers, without her data.
    let again = p.execute_once(history().remove(0).0, "reg-alice");
    assert!(matches!(again, Err(ref e) if e.kind() == ErrorKind::Conflict), "{again:?}");
    p.close().unwrap();

    let bytes = file_bytes(&path);
    for personal in [
        "Alice Martin",
        "alice.martin@",
        "Alice Dupont",
        "alice.dupont@",
        "carol.white@",
        "cust-carol-77",
        "carol-browser",
    ] {
        assert!(!bytes.contains(personal), "the file still holds {personal}");
    }
    for kept in ["bob.stone@example.com", "cust-dave-5", "dave@example.com"] {
        assert!(bytes.contains(kept), "the file lost {kept}");
    }

    // The other process reloads from the erasure's checkpoint: the erased program.
    assert_eq!(other.balance("aff_1", Currency::EUR).unwrap(), balance);
    assert_eq!(other.affiliate("aff_1").unwrap().email, None);
    let mut reopened = DurableProgram::open_with(&path, None, options).unwrap();
    assert_eq!(reopened.open_report().checkpoint_seq, Some(9));
    assert_eq!(reopened.snapshot().unwrap(), other.snapshot().unwrap());
    let journal = reopened.journal(0, 100).unwrap();
    assert_eq!(journal.len(), 9);
    assert_eq!(
        journal[0].command.to_json(),
        r#"{"verb":"register_affiliate","registration":{"name":"[erased]","email":"[erased]","code":"ALICE"},"at":"2026-03-01T10:00:00Z"}"#
    );
    let events: Vec<String> = reopened.events_since(0, 100).unwrap().iter().map(|e| e.to_json()).collect();
    assert!(events.iter().any(|e| e.contains(r#""type":"affiliate.erased","data":{"affiliate_id":"aff_1"}"#)));
    // Commands go on after it.
    reopened.execute(cmd(serde_json::json!({"verb": "approve_due", "at": "2026-07-01T00:00:00Z"}))).unwrap();
    drop(reopened);
    let mut last = DurableProgram::open(&path, None).unwrap();
    assert_eq!(last.head(), 10);
    assert_eq!(last.balance("aff_1", Currency::EUR).unwrap(), balance);
}
