//! Regression tests for the bugs fuzzing found (see `known.rs` and the README's "Bugs found").
//! Each fails until its bug is fixed in the core.

use affiliate_kit::plan::{Order, Plan};
use affiliate_kit::program::{Program, ProgramConfig, Registration};
use serde_json::Value;

const PLAN: &str = r#"{"currency": "EUR", "rules": [{"id": "d", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]}"#;
const ORDER: &str = r#"{"id": "o1", "currency": "EUR", "code": "ALICE", "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "600.00"}]}"#;

/// B1: a reader must refuse what follows the JSON document (serde_json's `from_str` does).
#[test]
fn b1_json_readers_refuse_trailing_characters() {
    let plan = format!("{PLAN} trailing");
    // Two orders sent as one body: the second would be silently dropped.
    let orders = format!("{ORDER}{}", ORDER.replace("o1", "o2"));
    let config = format!(r#"{{"currency": "EUR", "plan": {PLAN}}}]"#);
    let accepted: Vec<&str> = [
        ("Plan::from_json", Plan::from_json(&plan).is_ok()),
        ("Order::from_json", Order::from_json(&orders).is_ok()),
        ("ProgramConfig::from_json", ProgramConfig::from_json(&config).is_ok()),
        ("arguments::command", affiliate_kit::host::arguments::command(r#"{"verb": "drain_events"} x"#).is_ok()),
        // A log sent in two pieces: replay would rebuild only the first.
        (
            "arguments::command_log",
            affiliate_kit::host::arguments::command_log(r#"[{"verb": "drain_events"}][]"#).is_ok(),
        ),
        ("arguments::code_policy", affiliate_kit::host::arguments::code_policy("{} {}").is_ok()),
        (
            "arguments::quote_context",
            affiliate_kit::host::arguments::quote_context(r#"{"affiliate": "a", "at": "2026-01-01T00:00:00Z"}x"#)
                .is_ok(),
        ),
    ]
    .into_iter()
    .filter_map(|(reader, ok)| ok.then_some(reader))
    .collect();
    assert!(accepted.is_empty(), "these accept trailing characters: {accepted:?}");
}

/// A real snapshot: Alice registered, an order tracked (one commission, events 1-3).
fn snapshot() -> String {
    let config = ProgramConfig::from_json(&format!(r#"{{"currency": "EUR", "plan": {PLAN}}}"#)).unwrap();
    let mut program = Program::new(config).unwrap();
    let at = "2026-01-01T00:00:00Z".parse().unwrap();
    let alice =
        Registration { name: "Alice".into(), email: "a@x.io".into(), code: Some("ALICE".into()), ..Default::default() };
    program.register_affiliate(alice, at).unwrap();
    program.track_order(Order::from_json(ORDER).unwrap(), None, at).unwrap();
    program.snapshot()
}

/// Restores `tampered` (which must differ from the real snapshot) and expects a refusal.
fn refused(tampered: &str, what: &str) {
    assert_ne!(tampered, snapshot(), "the tampering of {what} did not apply");
    let restored = Program::restore(tampered);
    assert!(restored.is_err(), "restore accepts a snapshot with {what}");
}

/// B2: events are `evt_<n>` with sequence n, without gaps; a duplicated event id would make a
/// Standard Webhooks receiver drop the later event (it deduplicates by `webhook-id`).
#[test]
fn b2_restore_refuses_events_out_of_sequence() {
    let s = snapshot();
    refused(&s.replacen(r#""id":"evt_2","sequence":2"#, r#""id":"evt_1","sequence":1"#, 1), "a duplicated event");
    refused(&s.replacen(r#""id":"evt_3","sequence":3"#, r#""id":"evt_9","sequence":9"#, 1), "a gap in the events");
}

/// B2: a commission marked approved while its entry is still pending: approve_due never moves the
/// entry (the commission is not in its queue), so the money stays pending for ever.
#[test]
fn b2_restore_refuses_a_status_its_entries_contradict() {
    let s = snapshot();
    let tampered = s.replacen(r#""status":"pending","created_at""#, r#""status":"approved","created_at""#, 1);
    refused(&tampered, "an approved commission whose entry is pending");
}

/// B2: a sale's outcome whose total is not the sum of its commissions (a tampered total): a retry
/// of the order answers the tampered total.
#[test]
fn b2_restore_refuses_a_tampered_outcome_total() {
    let s = snapshot();
    let tampered = s.replacen(r#""total":{"amount":"60.00""#, r#""total":{"amount":"0.60""#, 1);
    refused(&tampered, "a sale outcome's total that is not its commissions'");
}

/// B2: commissions and entries of an affiliate the snapshot does not have: nobody can read the
/// balance (`NOT_FOUND`) and `create_payouts` skips the account, so the money is stuck.
#[test]
fn b2_restore_refuses_entries_of_an_unknown_affiliate() {
    let s = snapshot();
    let tampered = s.replacen(r#""id":"aff_1""#, r#""id":"aff_9""#, 1);
    refused(&tampered, "commissions of an affiliate it does not have");
}

/// A real snapshot after a payout: no holding period, no minimum; Alice and Bob registered, o1
/// tracked with Alice's code (com_1, 60.00) and paid out to her in pay_1 (created, not yet paid);
/// o2 tracked without a code (no commission).
fn snapshot_with_payout() -> String {
    let config =
        format!(r#"{{"currency": "EUR", "holding_days": 0, "minimum_payout": {{"EUR": "0"}}, "plan": {PLAN}}}"#);
    let mut program = Program::new(ProgramConfig::from_json(&config).unwrap()).unwrap();
    let at = "2026-01-01T00:00:00Z".parse().unwrap();
    for (name, email, code) in [("Alice", "a@x.io", "ALICE"), ("Bob", "b@x.io", "BOB")] {
        let registration =
            Registration { name: name.into(), email: email.into(), code: Some(code.into()), ..Default::default() };
        program.register_affiliate(registration, at).unwrap();
    }
    program.track_order(Order::from_json(ORDER).unwrap(), None, at).unwrap();
    let o2 = ORDER.replace("o1", "o2").replace(r#""code": "ALICE", "#, "");
    program.track_order(Order::from_json(&o2).unwrap(), None, at).unwrap();
    program.approve_due(at).unwrap();
    assert_eq!(program.create_payouts(at).unwrap().len(), 1);
    program.snapshot()
}

/// `snapshot_with_payout` with `edit` applied to its JSON.
fn tamper(edit: impl FnOnce(&mut Value)) -> String {
    let mut doc: Value = serde_json::from_str(&snapshot_with_payout()).unwrap();
    edit(&mut doc);
    doc.to_string()
}

/// B2: a payout of one affiliate holding another's entries (here: pay_1 handed to Bob while it
/// settles Alice's commission). Marking it paid pays Bob Alice's money.
#[test]
fn b2_restore_refuses_a_payout_of_another_account() {
    let tampered = tamper(|doc| doc["state"]["payouts"][0]["affiliate_id"] = "aff_2".into());
    assert!(Program::restore(&tampered).is_err(), "restore accepts a payout of aff_2 holding aff_1's entries");
}

/// B2: a commission its sale does not list (o1's outcome emptied): refunding o1 reverses nothing,
/// so the commission survives the refund of its sale.
#[test]
fn b2_restore_refuses_a_commission_its_sale_does_not_list() {
    let tampered = tamper(|doc| {
        let outcome = &mut doc["state"]["sales"][0]["outcome"];
        outcome["commissions"] = Value::Array(Vec::new());
        outcome["total"]["amount"] = "0.00".into();
        outcome["credited"] = false.into();
    });
    assert!(Program::restore(&tampered).is_err(), "restore accepts com_1 of o1 while o1 lists no commission");
}

/// A program of Alice at 10% with one order `o1` of 600.00 tracked at `at`.
fn alice_with_o1(at: &str) -> Program {
    let config = ProgramConfig::from_json(&format!(r#"{{"currency": "EUR", "plan": {PLAN}}}"#)).unwrap();
    let mut program = Program::new(config).unwrap();
    let alice =
        Registration { name: "Alice".into(), email: "a@x.io".into(), code: Some("ALICE".into()), ..Default::default() };
    program.register_affiliate(alice, at.parse().unwrap()).unwrap();
    program.track_order(Order::from_json(ORDER).unwrap(), None, at.parse().unwrap()).unwrap();
    program
}

/// B3: a payment with its own amount that the line's quantity divides packed a discount of `0.00`,
/// which the order's JSON leaves out: the restored program packed other bytes (`restored != live`).
#[test]
fn b3_a_payment_of_its_own_amount_restores_equal() {
    let mut program = alice_with_o1("2026-01-01T00:00:00Z");
    let mut payment = affiliate_kit::program::Payment::new("p2", "o1");
    payment.amount = Some("10.00".parse().unwrap());
    program.record_payment(payment, "2026-02-01T00:00:00Z".parse().unwrap()).unwrap();
    let restored = Program::restore(&program.snapshot()).unwrap();
    assert!(restored == program, "the restored program differs from the live one");
}

/// B4: `set_plan` checked `effective_from` against the command's `at` only; a sale tracked later
/// than `at` but at or after `effective_from` was then explained with the new version, not the one
/// that quoted it (a retry answered `plan_version` 2 for an answer of version 1).
#[test]
fn b4_set_plan_does_not_rewrite_a_tracked_sale() {
    let mut program = alice_with_o1("2026-03-07T00:00:00Z");
    let plan: affiliate_kit::plan::PlanSpec = serde_json::from_str(&PLAN.replace("\"10\"", "\"20\"")).unwrap();
    let err = program
        .set_plan(plan.clone(), "2026-03-05T00:00:00Z".parse().unwrap(), "2026-03-01T00:00:00Z".parse().unwrap())
        .unwrap_err();
    assert_eq!(err.kind(), affiliate_kit::ErrorKind::InvalidInput);
    assert_eq!(
        err.to_string(),
        "invalid input at effective_from: 2026-03-05 00:00:00 UTC is not after the last sale tracked \
         (2026-03-07 00:00:00 UTC): history is not rewritten"
    );
    let after = "2026-03-07T00:00:01Z".parse().unwrap();
    assert!(program.set_plan(plan, after, "2026-03-01T00:00:00Z".parse().unwrap()).is_ok());
}
