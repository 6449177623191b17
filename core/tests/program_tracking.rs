#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Tracking orders: idempotency, validation, who earns, new customers, caps and tiers from the
//! ledger's totals, and subscription payments.

mod program_support;

use affiliate_kit::plan::Order;
use affiliate_kit::program::{
    AffiliateStatus, AttributionSource, EventData, NoCreditReason, Payment, Program, UpdateKind,
};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::{json, Value};

fn alice(config: affiliate_kit::program::ProgramConfig) -> Program {
    let mut p = Program::new(config).unwrap();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p
}

fn amounts(t: &affiliate_kit::program::TrackOutcome) -> Vec<String> {
    t.commissions.iter().map(|c| c.amount.amount.to_string()).collect()
}

fn plan(rules: Value, extra: Value) -> Value {
    let mut plan = json!({"currency": "EUR", "rules": rules});
    for (k, v) in extra.as_object().unwrap() {
        plan[k] = v.clone();
    }
    plan
}

#[test]
fn tracking_is_idempotent_by_order_id() {
    let mut p = alice(config());
    let o = order("o1", "600.00", Some("ALICE"));
    let first = p.track_order(o.clone(), Some("v1".into()), at("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!((first.credited, first.reason), (true, None));
    assert_eq!(amounts(&first), vec!["60.00"]);
    assert_eq!(first.commissions[0].id, "com_1");
    assert_eq!(first.total.amount.to_string(), "60.00");
    assert_eq!(types_since(&p, 1), vec!["order.tracked", "commission.created"]);
    let (events, entries, snap) = (last_sequence(&p), p.entries().len(), p.snapshot());

    // The same payload, even at another time: the first answer, nothing new.
    let again = p.track_order(o.clone(), Some("v1".into()), at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(again, first);
    assert_eq!((last_sequence(&p), p.entries().len()), (events, entries));
    assert_eq!(p.snapshot(), snap);

    // A different payload under the same id.
    let t = at("2026-01-06T00:00:00Z");
    assert_eq!(
        err_kind(p.track_order(order("o1", "601.00", Some("ALICE")), Some("v1".into()), t)),
        ErrorKind::Conflict
    );
    assert_eq!(err_kind(p.track_order(o.clone(), Some("v2".into()), t)), ErrorKind::Conflict);
    assert_eq!(err_kind(p.track_order(o.clone(), None, t)), ErrorKind::Conflict);
    assert_eq!(p.snapshot(), snap);
    // Replay reproduces the program including the repeated command.
    assert_eq!(Program::replay(config(), p.command_log()).unwrap().snapshot(), snap);
}

#[test]
fn orders_are_checked_before_anything_changes() {
    let mut p = alice(config());
    let before = p.snapshot();
    let t = at("2026-01-02T00:00:00Z");
    let usd = order_json(json!({"id": "o1", "currency": "USD",
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "10.00"}], "code": "ALICE"}));
    assert_eq!(err_kind(p.track_order(usd, None, t)), ErrorKind::CurrencyMismatch);
    let unchecked: Order = serde_json::from_value(json!({"id": "o1", "currency": "EUR",
        "lines": [{"id": "l1", "product": "p", "quantity": 0, "unit_price": "10.00"}]}))
    .unwrap();
    assert_eq!(err_kind(p.track_order(unchecked, None, t)), ErrorKind::InvalidOrder);
    let no_lines: Order = serde_json::from_value(json!({"id": "o1", "currency": "EUR", "lines": []})).unwrap();
    assert_eq!(err_kind(p.track_order(no_lines, None, t)), ErrorKind::InvalidOrder);
    assert_eq!(err_kind(p.track_order(order("has space", "10.00", None), None, t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.track_order(order("o1", "10.00", None), Some(String::new()), t)), ErrorKind::InvalidInput);
    let huge = order("o1", "1000000000000000.01", Some("ALICE"));
    assert_eq!(err_kind(p.track_order(huge, None, t)), ErrorKind::InvalidOrder);
    assert_eq!(p.snapshot(), before);
    assert_eq!(p.command_log().len(), 1);
}

#[test]
fn only_active_affiliates_earn() {
    let mut p = alice(config_with(json!({"auto_approve": false})));
    p.register_affiliate(reg("Ina", "ina@example.com", Some("INA"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p.register_affiliate(reg("Sue", "sue@example.com", Some("SUE"), None), at("2026-01-01T00:00:00Z")).unwrap();
    let t = at("2026-01-01T00:00:00Z");
    p.set_affiliate_status("aff_2", AffiliateStatus::Inactive, t).unwrap();
    p.set_affiliate_status("aff_3", AffiliateStatus::Suspended, t).unwrap();
    for (id, code, status) in [
        ("o1", "ALICE", AffiliateStatus::Pending),
        ("o2", "INA", AffiliateStatus::Inactive),
        ("o3", "SUE", AffiliateStatus::Suspended),
    ] {
        let out = p.track_order(order(id, "100.00", Some(code)), None, at("2026-01-02T00:00:00Z")).unwrap();
        assert_eq!((out.credited, out.reason), (false, Some(NoCreditReason::AffiliateNotActive)), "{id}");
        assert_eq!(out.affiliate_status, Some(status), "{id}");
        assert_eq!(out.attributed_by, Some(AttributionSource::Code));
        assert!(out.commissions.is_empty() && out.quote.is_none());
    }
    assert!(p.commissions().is_empty());
    let tracked = p.events_since(0).iter().filter(|e| e.event_type() == "order.tracked").count();
    assert_eq!(tracked, 3);
    assert_eq!(p.stats(None).unwrap().sales, 0);
}

#[test]
fn an_inactive_parent_loses_only_its_level() {
    let mut p = program();
    let t = at("2026-01-01T00:00:00Z");
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), Some("aff_1")), t).unwrap();
    p.set_affiliate_status("aff_1", AffiliateStatus::Inactive, t).unwrap();
    let out = p.track_order(order("o1", "200.00", Some("BOB")), None, at("2026-01-02T00:00:00Z")).unwrap();
    let got: Vec<_> = out.commissions.iter().map(|c| (c.affiliate_id.as_str(), c.amount.amount.to_string())).collect();
    assert_eq!(got, vec![("aff_2", "20.00".to_string())]);
    assert_eq!(out.total.amount.to_string(), "20.00");
}

#[test]
fn self_referrals_earn_nothing() {
    let mut p = alice(config());
    let out = p
        .track_order(
            order_for("o1", "100.00", Some("ALICE"), None, Some("ALICE@Example.COM")),
            None,
            at("2026-01-02T00:00:00Z"),
        )
        .unwrap();
    assert_eq!((out.credited, out.reason), (false, Some(NoCreditReason::SelfReferral)));
    assert_eq!(out.affiliate_id.as_deref(), Some("aff_1"));
    assert!(out.commissions.is_empty());
    let other = p
        .track_order(
            order_for("o2", "100.00", Some("ALICE"), None, Some("alice2@example.com")),
            None,
            at("2026-01-02T00:00:00Z"),
        )
        .unwrap();
    assert_eq!(amounts(&other), vec!["10.00"]);
    let json = serde_json::to_value(&out).unwrap();
    assert_eq!(json["reason"], "self_referral");
}

#[test]
fn new_customers_are_detected_from_the_program_history() {
    let rules = json!([
        {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
        {"id": "welcome", "target": {"type": "program"}, "priority": 1, "commission": "percentage", "rate": "20",
         "conditions": {"new_customers_only": true}}
    ]);
    let mut p = alice(config_from(plan(rules, json!({})), json!({})));
    let track = |p: &mut Program, id: &str, code: Option<&str>, customer: Option<&str>, email: Option<&str>| {
        let out =
            p.track_order(order_for(id, "100.00", code, customer, email), None, at("2026-01-02T00:00:00Z")).unwrap();
        (
            out.commissions.first().map(|c| (c.rule_id.clone(), c.amount.amount.to_string())),
            p.sale(id).unwrap().new_customer,
        )
    };
    let c = |rule: &str, amount: &str| Some((rule.to_string(), amount.to_string()));
    assert_eq!(track(&mut p, "o1", Some("ALICE"), Some("c1"), None), (c("welcome", "20.00"), true));
    assert_eq!(track(&mut p, "o2", Some("ALICE"), Some("c1"), None), (c("default", "10.00"), false));
    assert_eq!(track(&mut p, "o3", Some("ALICE"), Some("c2"), None), (c("welcome", "20.00"), true));
    // No customer at all: not known to be new.
    assert_eq!(track(&mut p, "o4", Some("ALICE"), None, None), (c("default", "10.00"), false));
    // A customer who bought before without any affiliate is not new.
    assert_eq!(track(&mut p, "o5", None, None, Some("dan@example.com")), (None, true));
    assert_eq!(track(&mut p, "o6", Some("ALICE"), None, Some("DAN@example.com")), (c("default", "10.00"), false));
    // Referrals: c1, c2, the anonymous o4 (Dan's first order was not Alice's).
    let stats = p.affiliate("aff_1").unwrap().stats;
    assert_eq!((stats.total_referrals, stats.total_sales), (3, 5));
    assert_eq!(stats.total_earnings.amount.to_string(), "70.00");
}

#[test]
fn the_customer_cap_uses_what_was_earned_from_the_customer() {
    let rules = json!([{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]);
    let caps = json!({"caps": {"per_customer": {"amount": "25.00", "currency": "EUR"}}});
    let mut p = alice(config_from(plan(rules, caps), json!({})));
    let track = |p: &mut Program, id: &str, price: &str, customer: &str| {
        let out = p
            .track_order(order_for(id, price, Some("ALICE"), Some(customer), None), None, at("2026-01-02T00:00:00Z"))
            .unwrap();
        (amounts(&out), out.reason)
    };
    assert_eq!(track(&mut p, "o1", "200.00", "c1"), (vec!["20.00".to_string()], None));
    assert_eq!(track(&mut p, "o2", "100.00", "c1"), (vec!["5.00".to_string()], None));
    assert_eq!(track(&mut p, "o3", "100.00", "c1"), (vec![], Some(NoCreditReason::NoCommission)));
    assert_eq!(track(&mut p, "o4", "300.00", "c2"), (vec!["25.00".to_string()], None));
    assert_eq!(bal(&p, "aff_1")[0], "50.00");
}

#[test]
fn the_period_cap_uses_the_month_in_the_program_timezone() {
    let rules = json!([{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}]);
    let caps = json!({"caps": {"per_affiliate_period": {"amount": "50.00", "currency": "EUR"}}});
    let mut p = alice(config_from(plan(rules, caps), json!({"timezone": "Europe/Paris"})));
    let track = |p: &mut Program, id: &str, price: &str, when: &str| {
        amounts(&p.track_order(order(id, price, Some("ALICE")), None, at(when)).unwrap())
    };
    assert_eq!(track(&mut p, "o1", "300.00", "2026-01-05T00:00:00Z"), vec!["30.00"]);
    assert_eq!(track(&mut p, "o2", "300.00", "2026-01-20T00:00:00Z"), vec!["20.00"]);
    assert_eq!(track(&mut p, "o3", "100.00", "2026-01-31T22:59:59Z"), Vec::<String>::new());
    // 23:00Z on January 31st is February 1st in Paris: a new period.
    assert_eq!(track(&mut p, "o4", "300.00", "2026-01-31T23:00:00Z"), vec!["30.00"]);
    assert_eq!(track(&mut p, "o5", "300.00", "2026-02-10T00:00:00Z"), vec!["20.00"]);
}

#[test]
fn tiers_are_crossed_within_a_month_and_reset_the_next() {
    let rules = json!([{"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
        "tiers": [{"threshold": "0", "rate": "10"}, {"threshold": "3", "rate": "20"}]}]);
    let mut p = alice(config_from(plan(rules, json!({})), json!({"timezone": "Europe/Paris"})));
    let mut got = Vec::new();
    for (k, when) in [
        "2026-01-03T10:00:00Z",
        "2026-01-10T10:00:00Z",
        "2026-01-15T10:00:00Z",
        "2026-01-20T10:00:00Z",
        "2026-01-31T22:59:59Z",
        "2026-01-31T23:30:00Z", // February in Paris
        "2026-02-05T10:00:00Z",
    ]
    .iter()
    .enumerate()
    {
        let out = p.track_order(order(&format!("o{k}"), "100.00", Some("ALICE")), None, at(when)).unwrap();
        got.extend(amounts(&out));
    }
    assert_eq!(got, vec!["10.00", "10.00", "10.00", "20.00", "20.00", "10.00", "10.00"]);
}

#[test]
fn sales_below_the_first_tier_still_count_towards_it() {
    // The first tier starts at 2 sales: the first two sales earn nothing but must count as volume.
    let rules = json!([{"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
        "tiers": [{"threshold": "2", "rate": "10"}, {"threshold": "3", "rate": "20"}]}]);
    let mut p = alice(config_from(plan(rules, json!({})), json!({})));
    let mut got = Vec::new();
    for k in 1..=4 {
        let out =
            p.track_order(order(&format!("o{k}"), "100.00", Some("ALICE")), None, at("2026-01-05T00:00:00Z")).unwrap();
        got.push((amounts(&out), out.reason));
    }
    assert_eq!(
        got,
        vec![
            (vec![], Some(NoCreditReason::NoCommission)),
            (vec![], Some(NoCreditReason::NoCommission)),
            (vec!["10.00".to_string()], None),
            (vec!["20.00".to_string()], None),
        ]
    );
    // Credited sales (for stats) are the two that earned.
    assert_eq!(p.affiliate("aff_1").unwrap().stats.total_sales, 2);
    // And a restored program continues with the same volume.
    let mut restored = Program::restore(&p.snapshot()).unwrap();
    let out = restored.track_order(order("o5", "100.00", Some("ALICE")), None, at("2026-01-06T00:00:00Z")).unwrap();
    let live = p.track_order(order("o5", "100.00", Some("ALICE")), None, at("2026-01-06T00:00:00Z")).unwrap();
    assert_eq!((amounts(&out), amounts(&live)), (vec!["20.00".to_string()], vec!["20.00".to_string()]));
}

#[test]
fn revenue_tiers_count_the_period_revenue() {
    let rules = json!([{"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "revenue",
        "tiers": [{"threshold": "0", "rate": "5"}, {"threshold": "1000", "rate": "10"}]}]);
    let mut p = alice(config_from(plan(rules, json!({})), json!({})));
    let mut got = Vec::new();
    for (id, price, when) in [
        ("o1", "600.00", "2026-03-01T00:00:00Z"),
        ("o2", "399.99", "2026-03-02T00:00:00Z"),
        ("o3", "100.00", "2026-03-03T00:00:00Z"),
        ("o4", "0.01", "2026-03-04T00:00:00Z"),
        ("o5", "100.00", "2026-03-05T00:00:00Z"),
        ("o6", "100.00", "2026-04-01T00:00:00Z"),
    ] {
        got.extend(amounts(&p.track_order(order(id, price, Some("ALICE")), None, at(when)).unwrap()));
    }
    // 999.99 before o3 (5 %), 1099.99 before o4 (0.001 → 0.00, nothing written), 1100.00 before o5.
    assert_eq!(got, vec!["30.00", "20.00", "5.00", "10.00", "5.00"]);
}

fn subscription_program() -> Program {
    let rules = json!([
        {"id": "monthly", "target": {"type": "product", "products": ["pro"]}, "commission": "percentage", "rate": "30",
         "conditions": {"payments": {"type": "first_n", "count": 3}}},
        {"id": "annual", "target": {"type": "product", "products": ["ann"]}, "commission": "percentage", "rate": "20",
         "conditions": {"payments": {"type": "months", "months": 2}}},
        {"id": "life", "target": {"type": "product", "products": ["life"]}, "commission": "percentage", "rate": "10",
         "conditions": {"payments": {"type": "lifetime"}}}
    ]);
    alice(config_from(plan(rules, json!({})), json!({})))
}

fn product_order(id: &str, product: &str, price: &str, code: Option<&str>) -> Order {
    order_json(json!({"id": id, "currency": "EUR",
        "lines": [{"id": "l1", "product": product, "quantity": 1, "unit_price": price}], "code": code}))
}

fn pay(p: &mut Program, id: &str, order_id: &str, when: &str) -> (u32, Vec<String>, Option<NoCreditReason>) {
    let out = p.record_payment(Payment::new(id, order_id), at(when)).unwrap();
    assert_eq!((out.sale_id.as_str(), out.order_id.as_str()), (id, order_id));
    (out.payment_number, amounts(&out), out.reason)
}

#[test]
fn first_n_payments_earn() {
    let mut p = subscription_program();
    let first =
        p.track_order(product_order("sub1", "pro", "50.00", Some("ALICE")), None, at("2026-01-10T00:00:00Z")).unwrap();
    assert_eq!((first.payment_number, amounts(&first)), (1, vec!["15.00".to_string()]));
    let seq = last_sequence(&p);
    assert_eq!(pay(&mut p, "pay-2", "sub1", "2026-02-10T00:00:00Z"), (2, vec!["15.00".to_string()], None));
    let events = p.events_since(seq);
    assert_eq!(types(&events), vec!["order.updated", "commission.created"]);
    match &events[0].data {
        EventData::OrderUpdated { order_id, kind, id, amount } => {
            assert_eq!((order_id.as_str(), *kind, id.as_str()), ("sub1", UpdateKind::Payment, "pay-2"));
            assert_eq!(amount.amount.to_string(), "50.00");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(pay(&mut p, "pay-3", "sub1", "2026-03-10T00:00:00Z"), (3, vec!["15.00".to_string()], None));
    assert_eq!(pay(&mut p, "pay-4", "sub1", "2026-04-10T00:00:00Z"), (4, vec![], Some(NoCreditReason::NoCommission)));
    let sale = p.sale("pay-3").unwrap();
    assert_eq!(sale.outcome.attributed_by, Some(AttributionSource::Subscription));
    assert_eq!(p.sale("sub1").unwrap().payments, 4);
    assert_eq!(bal(&p, "aff_1")[0], "45.00");

    // Idempotent by payment id.
    let (seq, snap) = (last_sequence(&p), p.snapshot());
    assert_eq!(pay(&mut p, "pay-3", "sub1", "2026-05-10T00:00:00Z"), (3, vec!["15.00".to_string()], None));
    assert_eq!(last_sequence(&p), seq);
    assert_eq!(p.snapshot(), snap);
    let t = at("2026-05-10T00:00:00Z");
    let payment = |id: &str, order_id: &str| Payment::new(id, order_id);
    assert_eq!(err_kind(p.record_payment(payment("nope", "unknown"), t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.record_payment(payment("sub1", "sub1"), t)), ErrorKind::Conflict);
    p.track_order(product_order("sub9", "pro", "10.00", None), None, at("2026-01-10T00:00:00Z")).unwrap();
    let snap = p.snapshot();
    assert_eq!(err_kind(p.record_payment(payment("pay-3", "sub9"), t)), ErrorKind::Conflict);
    assert_eq!(err_kind(p.record_payment(payment("pay-x", "pay-3"), t)), ErrorKind::InvalidInput);
    assert_eq!(
        err_kind(p.record_payment(payment("pay-x", "sub1"), at("2026-01-09T00:00:00Z"))),
        ErrorKind::InvalidInput
    );
    assert_eq!(err_kind(p.record_payment(payment("", "sub1"), t)), ErrorKind::InvalidInput);
    assert_eq!(p.snapshot(), snap);
    // An order nobody referred: its payments are not attributed either.
    assert_eq!(pay(&mut p, "pay-9", "sub9", "2026-02-10T00:00:00Z"), (2, vec![], Some(NoCreditReason::NoAttribution)));
}

#[test]
fn payments_within_months_and_for_life() {
    let mut p = subscription_program();
    p.track_order(product_order("ann", "ann", "100.00", Some("ALICE")), None, at("2026-01-31T00:00:00Z")).unwrap();
    assert_eq!(pay(&mut p, "a2", "ann", "2026-02-28T00:00:00Z"), (2, vec!["20.00".to_string()], None));
    assert_eq!(pay(&mut p, "a3", "ann", "2026-03-30T23:59:59Z"), (3, vec!["20.00".to_string()], None));
    assert_eq!(pay(&mut p, "a4", "ann", "2026-03-31T00:00:00Z"), (4, vec![], Some(NoCreditReason::NoCommission)));

    p.track_order(product_order("life", "life", "40.00", Some("ALICE")), None, at("2026-01-01T00:00:00Z")).unwrap();
    for n in 2..=24u32 {
        let when = format!("{}-{:02}-01T00:00:00Z", 2026 + (n - 1) / 12, (n - 1) % 12 + 1);
        assert_eq!(pay(&mut p, &format!("l{n}"), "life", &when), (n, vec!["4.00".to_string()], None));
    }
    assert_eq!(bal(&p, "aff_1")[0], "156.00");
}
