#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Plan versions (`set_plan`): the default config's plan (10 %, parent 5 % of the sale) is version 1;
//! version 2 pays 15 % (parent 5 %) from 2026-02-01. Amounts by hand.

mod program_support;

use affiliate_kit::plan::PlanSpec;
use affiliate_kit::program::{Command, EventData, Payment, Program, ProgramConfig};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

fn plan_15() -> PlanSpec {
    serde_json::from_value(json!({
        "currency": "EUR",
        "rules": [{"id": "fifteen", "target": {"type": "program"}, "commission": "percentage", "rate": "15"}],
        "levels": [{"rate": "5", "of": "sale"}]
    }))
    .unwrap()
}

/// Alice (ALICE) and o1 of 100.00 on 2026-01-10 under version 1: 10.00.
fn alice(config: ProgramConfig) -> Program {
    let mut p = Program::new(config).unwrap();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    let o1 = p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-10T00:00:00Z")).unwrap();
    assert_eq!(o1.total.amount, dec("10.00"));
    p
}

/// Version 2 (15 %), set on 2026-01-20, in force from 2026-02-01.
fn with_version_2(config: ProgramConfig) -> Program {
    let mut p = alice(config);
    let v2 = p.set_plan(plan_15(), at("2026-02-01T00:00:00Z"), at("2026-01-20T00:00:00Z")).unwrap();
    assert_eq!(v2.version, 2);
    assert_eq!(v2.effective_from, Some(at("2026-02-01T00:00:00Z")));
    p
}

#[test]
fn orders_are_quoted_with_the_version_in_force_at_their_time() {
    let mut p = with_version_2(config());
    // Before 2026-02-01: version 1, 10 % of 200.00 = 20.00; from it: version 2, 15 % = 30.00.
    let o2 = p.track_order(order("o2", "200.00", Some("ALICE")), None, at("2026-01-31T23:59:59Z")).unwrap();
    assert_eq!((o2.total.amount, o2.commissions[0].rule_id.as_str()), (dec("20.00"), "default"));
    let o3 = p.track_order(order("o3", "200.00", Some("ALICE")), None, at("2026-02-01T00:00:00Z")).unwrap();
    assert_eq!((o3.total.amount, o3.commissions[0].rule_id.as_str()), (dec("30.00"), "fifteen"));
    let (q2, q3) = (o2.quote.unwrap(), o3.quote.unwrap());
    assert_eq!((q2.plan_version, q2.lines[0].explanation.plan_version), (Some(1), Some(1)));
    assert_eq!((q3.plan_version, q3.lines[0].explanation.plan_version), (Some(2), Some(2)));
    // An explanation rebuilt later names the version that wrote it, and equals the answer given.
    assert_eq!(p.explain("o2").unwrap(), Some(q2.clone()));
    assert_eq!(p.explain("o3").unwrap(), Some(q3.clone()));
    assert_eq!(p.explain_commission("com_2").unwrap().explanation.plan_version, Some(1));
    assert_eq!(p.explain_commission("com_3").unwrap().explanation.plan_version, Some(2));
    // An order whose `at` lies before the version, tracked after it: still version 1.
    let late = p.track_order(order("o4", "100.00", Some("ALICE")), None, at("2026-01-15T00:00:00Z")).unwrap();
    assert_eq!(late.total.amount, dec("10.00"));
    assert_eq!(p.balance("aff_1", affiliate_kit::money::Currency::EUR).unwrap().pending.amount, dec("70.00"));
}

#[test]
fn the_versions_are_listed_and_announced() {
    let p = with_version_2(config());
    let plans = p.plans();
    assert_eq!(
        plans.iter().map(|v| (v.version, v.effective_from)).collect::<Vec<_>>(),
        [(1, None), (2, Some(at("2026-02-01T00:00:00Z")))]
    );
    assert_eq!(plans[0].plan, p.config().plan);
    assert_eq!(plans[1].plan, plan_15());
    assert_eq!(plans[1].set_at, Some(at("2026-01-20T00:00:00Z")));
    let last = p.events_since(0).pop().unwrap();
    assert_eq!(last.event_type(), "plan.changed");
    assert_eq!(last.occurred_at, at("2026-01-20T00:00:00Z"));
    let EventData::PlanChanged { version } = last.data else { panic!("{last:?}") };
    assert_eq!(version, plans[1]);
    assert_eq!(p.plan_at(at("2026-01-31T00:00:00Z")).spec(), &p.config().plan);
    assert_eq!(p.plan_at(at("2026-02-01T00:00:00Z")).spec(), &plan_15());
}

#[test]
fn history_is_not_rewritten_and_a_version_keeps_the_currency_and_period() {
    let mut p = with_version_2(config());
    let before = p.snapshot();
    let set = |p: &mut Program, plan: PlanSpec, from: &str, at_: &str| p.set_plan(plan, at(from), at(at_));
    // Effective before the command's time: refused.
    let err = set(&mut p, plan_15(), "2026-01-25T00:00:00Z", "2026-01-26T00:00:00Z").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.to_string().contains("history is not rewritten"), "{err}");
    // Not after version 2's start: refused.
    let err = set(&mut p, plan_15(), "2026-02-01T00:00:00Z", "2026-01-26T00:00:00Z").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid input at effective_from: 2026-02-01 00:00:00 UTC is not after version 2's (2026-02-01 00:00:00 UTC)"
    );
    let mut usd = plan_15();
    usd.currency = affiliate_kit::money::Currency::from_code("USD").unwrap();
    let err = set(&mut p, usd, "2026-03-01T00:00:00Z", "2026-01-26T00:00:00Z").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert!(err.to_string().contains("plan.currency"), "{err}");
    let quarterly: PlanSpec = serde_json::from_value(json!({"currency": "EUR", "period": "quarter",
        "rules": [{"id": "r", "target": {"type": "program"}, "commission": "percentage", "rate": "1"}]}))
    .unwrap();
    let err = set(&mut p, quarterly, "2026-03-01T00:00:00Z", "2026-01-26T00:00:00Z").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert!(err.to_string().contains("plan.period"), "{err}");
    let broken: PlanSpec = serde_json::from_value(json!({"currency": "EUR",
        "rules": [{"id": "r", "target": {"type": "program"}, "commission": "percentage", "rate": "120"}]}))
    .unwrap();
    assert_eq!(
        set(&mut p, broken, "2026-03-01T00:00:00Z", "2026-01-26T00:00:00Z").unwrap_err().kind(),
        ErrorKind::InvalidPlan
    );
    assert_eq!(p.snapshot(), before, "a refused set_plan changes nothing");
    // A version on its command's instant is fine.
    let v3 = set(&mut p, plan_15(), "2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z").unwrap();
    assert_eq!(v3.version, 3);
}

#[test]
fn follow_up_payments_keep_their_first_orders_version_unless_configured() {
    let payment = |p: &mut Program| {
        let paid = p.record_payment(Payment::new("p2", "o1"), at("2026-02-10T00:00:00Z")).unwrap();
        (paid.total.amount, paid.quote.unwrap().plan_version)
    };
    // Grandfathered (the default): o1 was quoted with version 1, so is its payment: 10.00.
    assert_eq!(payment(&mut with_version_2(config())), (dec("10.00"), Some(1)));
    // `payment_plan: "at_payment"`: the version in force on 2026-02-10, 15 % = 15.00.
    assert_eq!(
        payment(&mut with_version_2(config_with(json!({"payment_plan": "at_payment"})))),
        (dec("15.00"), Some(2))
    );
}

#[test]
fn snapshots_checkpoints_and_replay_keep_the_versions() {
    let mut p = with_version_2(config());
    p.track_order(order("o2", "200.00", Some("ALICE")), None, at("2026-02-02T00:00:00Z")).unwrap();
    let snap = p.snapshot();
    let doc: serde_json::Value = serde_json::from_str(&snap).unwrap();
    assert_eq!(doc["schema_version"], 3);
    assert_eq!(doc["state"]["plans"][0]["effective_from"], "2026-02-01T00:00:00Z");
    let restored = Program::restore(&snap).unwrap();
    assert_eq!(restored.snapshot(), snap);
    assert_eq!(restored.explain("o2").unwrap(), p.explain("o2").unwrap());
    assert_eq!(Program::restore_from_reader(snap.as_bytes()).unwrap().snapshot(), snap);
    let mut bytes = Vec::new();
    p.write_checkpoint(&mut bytes).unwrap();
    let read = Program::read_checkpoint(&bytes[..], |_| Ok(())).unwrap();
    assert_eq!(read.snapshot(), snap);
    assert_eq!(read.plans(), p.plans());
    let log = p.command_log().to_vec();
    assert!(log.iter().any(|c| matches!(c, Command::SetPlan { .. })));
    let replayed = Program::replay(config(), &log).unwrap();
    assert_eq!(replayed.snapshot(), snap);
    // Through the command JSON, as journals keep it.
    let json = log[2].to_json();
    assert!(json.starts_with(r#"{"verb":"set_plan","plan":"#), "{json}");
    assert_eq!(affiliate_kit::host::arguments::command(&json).unwrap(), log[2]);
    // A program without versions still writes version 2.
    let plain: serde_json::Value = serde_json::from_str(&alice(config()).snapshot()).unwrap();
    assert_eq!(plain["schema_version"], 2);
    assert!(plain["state"].get("plans").is_none());
}

#[test]
fn what_if_quotes_a_period_again_under_a_candidate_and_changes_nothing() {
    // Alice (aff_1) and Bob (aff_2, under Alice); 10 % and 5 % of the sale to the parent.
    let mut p = alice(config());
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), Some("aff_1")), at("2026-01-02T00:00:00Z"))
        .unwrap();
    // o2: Bob 20.00, Alice 10.00; o3 (February) is outside the period.
    p.track_order(order("o2", "200.00", Some("BOB")), None, at("2026-01-15T00:00:00Z")).unwrap();
    p.track_order(order("o3", "50.00", Some("ALICE")), None, at("2026-02-05T00:00:00Z")).unwrap();
    let before = p.snapshot();
    // Under 15 % (parent 5 %): o1 Alice 15.00; o2 Bob 30.00, Alice 10.00.
    let w = p.what_if(&plan_15(), at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), 10).unwrap();
    let m = |m: &affiliate_kit::money::Money| m.amount.to_string();
    let amounts = |a: &affiliate_kit::program::WhatIfAmounts| [m(&a.now), m(&a.candidate), m(&a.difference)];
    let three = |now, candidate, difference| [m(now), m(candidate), m(difference)];
    assert_eq!(w.sales, 2);
    assert_eq!(amounts(&w.total), strs(["40.00", "55.00", "15.00"]));
    assert_eq!(
        w.affiliates
            .iter()
            .map(|a| (a.affiliate_id.as_str(), three(&a.now, &a.candidate, &a.difference)))
            .collect::<Vec<_>>(),
        [("aff_1", strs(["20.00", "25.00", "5.00"])), ("aff_2", strs(["20.00", "30.00", "10.00"]))]
    );
    assert_eq!(
        w.largest_changes
            .iter()
            .map(|s| (s.sale_id.as_str(), s.affiliate_id.as_str(), three(&s.now, &s.candidate, &s.difference)))
            .collect::<Vec<_>>(),
        [("o2", "aff_2", strs(["30.00", "40.00", "10.00"])), ("o1", "aff_1", strs(["10.00", "15.00", "5.00"]))]
    );
    assert_eq!(
        p.what_if(&plan_15(), at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), 1).unwrap().largest_changes.len(),
        1
    );
    assert_eq!(p.snapshot(), before, "what-if changes nothing");
    // Its JSON: the amounts of an affiliate or a sale beside its id.
    let json = serde_json::to_value(&w).unwrap();
    assert_eq!(json["affiliates"][0]["difference"]["amount"], "5.00");
    let err = p.what_if(&plan_15(), at("2026-02-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), 10).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let mut usd = plan_15();
    usd.currency = affiliate_kit::money::Currency::from_code("USD").unwrap();
    let err = p.what_if(&usd, at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), 10).unwrap_err();
    assert_eq!((err.kind(), err.to_string().contains("candidate.currency")), (ErrorKind::InvalidPlan, true));
}
