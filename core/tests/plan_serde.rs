#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: JSON shapes of plans, quotes, orders and contexts, and an end-to-end quote of
//! the README / quickstart plan.

mod plan_support;

use affiliate_kit::plan::{CapKind, FailedCondition, Order, Plan, Quote, QuoteContext};
use affiliate_kit::RoundingMode;
use plan_support::*;
use serde_json::{json, Value};

/// The plan of examples/rust/quickstart.rs (a shared fixture).
const QUICKSTART_PLAN: &str = include_str!("fixtures/quickstart-plan.json");

/// The first order of the quickstart.
fn quickstart_order() -> Order {
    let orders: Vec<Order> = serde_json::from_str(include_str!("fixtures/quickstart-orders.json")).unwrap();
    orders[0].clone()
}

/// The plan of the README's "Commission plans" section.
const README_PLAN: &str = r#"{
  "currency": "EUR",
  "base": {"include_tax": false, "include_shipping": false},
  "rules": [
    {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
    {"id": "books", "target": {"type": "category", "categories": ["books"]}, "commission": "percentage", "rate": "20"},
    {"id": "launch", "target": {"type": "product", "products": ["course"]}, "commission": "percentage", "rate": "50",
     "conditions": {"window": {"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}}},
    {"id": "volume", "target": {"type": "group", "group": "gold"}, "commission": "tiered", "metric": "sales_count",
     "tiers": [{"threshold": "0", "rate": "12"}, {"threshold": "10", "rate": "15"}]},
    {"id": "monthly", "target": {"type": "product", "products": ["pro-plan"]}, "commission": "percentage", "rate": "30",
     "conditions": {"payments": {"type": "first_n", "count": 12}}}
  ],
  "caps": {"per_order": {"amount": "500.00", "currency": "EUR"}},
  "levels": [{"rate": "2"}, {"rate": "10", "of": "commission"}]
}"#;

fn alice() -> QuoteContext {
    let mut c = QuoteContext::new("aff_alice", ts("2026-05-14T09:30:00Z"));
    c.parents = vec!["aff_bob".into(), "aff_carol".into()];
    c
}

#[test]
fn quickstart_order_end_to_end() {
    // Bases after the 10.00 discount (shares 6.96 / 2.78 / 0.26): 193.03 / 77.02 / 7.24 = 277.29.
    // l1 course-launch 50 % of 193.03 = 96.515 → 96.52; l2 books 20 % of 77.02 = 15.404 → 15.40;
    // l3 default 10 % of 7.24 = 0.724 → 0.72. Level 1: 112.64.
    // Level 2 (bob): 2 % of 277.29 = 5.5458 → 5.55; level 3 (carol): 1 % = 2.7729 → 2.77.
    // Total 112.64 + 5.55 + 2.77 = 120.96.
    let plan = plan(QUICKSTART_PLAN);
    let q = quote(&plan, &quickstart_order(), &alice());
    let got: Vec<(&str, u32, &str, String)> =
        q.lines.iter().map(|l| (l.beneficiary.as_str(), l.level, l.rule_id.as_str(), s(&l.amount))).collect();
    assert_eq!(
        got,
        vec![
            ("aff_alice", 1, "course-launch", "96.52".to_string()),
            ("aff_alice", 1, "books", "15.40".to_string()),
            ("aff_alice", 1, "default", "0.72".to_string()),
            ("aff_bob", 2, "levels[0]", "5.55".to_string()),
            ("aff_carol", 3, "levels[1]", "2.77".to_string()),
        ]
    );
    assert_eq!(s(&q.lines[3].base), "277.29");
    assert_eq!(total(&q), "120.96");
    assert_eq!(q.order_id, "order-1001");
}

#[test]
fn quickstart_second_order_and_gold_affiliate() {
    let plan = plan(QUICKSTART_PLAN);
    let mug = r#"{"id": "order-1002", "currency": "EUR",
        "lines": [{"id": "l1", "product": "mug", "quantity": 1, "unit_price": "199.99"}]}"#;
    // Alice: 10 % of 199.99 = 19.999 → 20.00; 2 % = 3.9998 → 4.00; 1 % = 1.9999 → 2.00. Total 26.00.
    assert_eq!(total(&quote(&plan, &order(mug), &alice())), "26.00");
    // Dave, gold, 12 sales, half-even, no parents: tier 15 % of 199.99 = 29.9985 → 30.00.
    let mut gold = QuoteContext::new("aff_dave", ts("2026-05-14T09:30:00Z"));
    gold.group = Some("gold".into());
    gold.period_sales_count = 12;
    gold.rounding = RoundingMode::HalfEven;
    let q = quote(&plan, &order(mug), &gold);
    assert_eq!(q.lines.len(), 1);
    assert_eq!(q.lines[0].rule_id, "gold-volume");
    assert_eq!(total(&q), "30.00");
}

#[test]
fn quote_serializes_amounts_as_strings() {
    let q = quote(&single_rate_plan("EUR", "15"), &one_line_order("EUR", "199.99"), &ctx("aff_1"));
    let text = serde_json::to_string(&q).unwrap();
    assert!(text.contains(r#""total":{"amount":"30.00","currency":"EUR"}"#), "{text}");
    assert!(text.contains(r#""amount":"30.00""#), "{text}");
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["order_id"], json!("o1"));
    assert_eq!(v["currency"], json!("EUR"));
    let l = &v["lines"][0];
    assert_eq!(l["amount"], json!({"amount": "30.00", "currency": "EUR"}));
    assert_eq!(l["base"], json!({"amount": "199.99", "currency": "EUR"}));
    assert_eq!(l["level"], json!(1));
    let calc = &l["explanation"]["calculation"];
    assert_eq!(calc["method"], json!("percentage"));
    assert_eq!(calc["rate"], json!("15"));
    assert_eq!(calc["exact"], json!("29.9985"));
    assert_eq!(calc["rounding"], json!("half_up"));
    assert_eq!(l["explanation"]["decisions"][0]["target"], json!("program"));
    // Nothing is a JSON number except the level and counts.
    assert!(!text.contains("29.9985,") && !text.contains(":30.0"), "{text}");
    // JPY amounts carry no decimals.
    let jpy = quote(&single_rate_plan("JPY", "10"), &one_line_order("JPY", "1005"), &ctx("aff_1"));
    assert_eq!(serde_json::to_value(&jpy).unwrap()["total"], json!({"amount": "101", "currency": "JPY"}));
}

#[test]
fn a_detailed_quote_round_trips_through_json() {
    // Beaten and skipped rules, tiers, caps, unmatched lines and levels all survive the round trip.
    let plan = plan_v(json!({"currency": "EUR",
    "caps": {"per_order": {"amount": "20.00", "currency": "EUR"}},
    "levels": [{"rate": "2"}, {"rate": "10", "of": "commission"}],
    "rules": [
        program_rule("default", "10"),
        {"id": "books", "target": {"type": "category", "categories": ["books"]}, "commission": "tiered",
         "metric": "revenue", "tiers": [{"threshold": "0", "rate": "20"}, {"threshold": "500", "rate": "25"}]},
        {"id": "promo", "target": {"type": "product", "products": ["novel"]}, "commission": "percentage",
         "rate": "50", "conditions": {"new_customers_only": true}},
        {"id": "fr-only", "target": {"type": "product", "products": ["mug"]}, "commission": "percentage",
         "rate": "5", "conditions": {"countries": ["FR"], "categories": ["kitchen"]}},
    ]}));
    let order = order_v(json!({"id": "o9", "currency": "EUR", "discount": "3.00", "lines": [
        cat_line("l1", "novel", "books", 2, "40.00"), line("l2", "mug", 1, "25.00")]}));
    let mut c = ctx("aff_1");
    c.parents = vec!["p1".into(), "p2".into()];
    c.new_customer = false;
    c.period_revenue = dec("750.00");
    let q = quote(&plan, &order, &c);
    // Spot checks: l1 is won by "books" (tier 25 %), promo skipped; l2 by default, fr-only skipped.
    let books = line_of(&q, "books");
    assert_eq!(books.explanation.decisions[0].skipped[0].failed, FailedCondition::NewCustomersOnly);
    assert_eq!(books.explanation.calculation.tier.as_ref().unwrap().index, 1);
    assert!(q.lines.iter().any(|l| l.explanation.caps.iter().any(|c| c.cap == CapKind::PerOrder)));
    let text = serde_json::to_string(&q).unwrap();
    let back: Quote = serde_json::from_str(&text).unwrap();
    assert_eq!(back, q);
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
}

#[test]
fn plan_to_json_round_trips() {
    for json in [QUICKSTART_PLAN, README_PLAN] {
        let plan = plan(json);
        let again = Plan::from_json(&plan.to_json()).unwrap();
        assert_eq!(again, plan);
        assert_eq!(again.to_json(), plan.to_json());
        // The Serialize impl writes the same JSON as to_json, and Deserialize validates.
        assert_eq!(serde_json::to_string(&plan).unwrap(), plan.to_json());
        let via_serde: Plan = serde_json::from_str(&plan.to_json()).unwrap();
        assert_eq!(via_serde, plan);
    }
}

#[test]
fn plan_to_json_keeps_every_feature() {
    let plan = plan_v(json!({"currency": "KWD", "period": "quarter",
    "base": {"include_tax": true, "include_shipping": false},
    "caps": {"per_customer": {"amount": "10.000", "currency": "KWD"},
             "per_affiliate_period": {"amount": "99.999", "currency": "KWD"}},
    "levels": [{"rate": "2.5", "of": "sale"}, {"rate": "10", "of": "commission"}],
    "rules": [
        {"id": "a", "target": {"type": "affiliate", "affiliate": "aff_1"}, "priority": -3,
         "commission": "flat_per_unit", "amount": {"amount": "0.125", "currency": "KWD"},
         "cap": {"amount": "5.000", "currency": "KWD"},
         "conditions": {"min_subtotal": {"amount": "1.000", "currency": "KWD"}, "new_customers_only": true,
                        "countries": ["KW"], "window": {"from": "2026-01-01T00:00:00Z"},
                        "products": ["p"], "categories": ["c"], "payments": {"type": "months", "months": 6}}},
        {"id": "b", "target": {"type": "product", "products": ["p", "q"]}, "commission": "tiered",
         "metric": "revenue", "tiers": [{"threshold": "0", "amount": {"amount": "1.000", "currency": "KWD"}},
                                       {"threshold": "100.5", "rate": "12.50"}]},
        {"id": "c", "target": {"type": "group", "group": "g"}, "commission": "flat_per_order",
         "amount": {"amount": "2.000", "currency": "KWD"}, "conditions": {"payments": {"type": "first_only"}}}
    ]}));
    let text = plan.to_json();
    let again = Plan::from_json(&text).unwrap();
    assert_eq!(again, plan);
    assert_eq!(again.spec(), plan.spec());
    // Decimals stay strings with their scale.
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["rules"][1]["tiers"][1]["rate"], json!("12.50"));
    assert_eq!(v["rules"][1]["tiers"][1]["threshold"], json!("100.5"));
    assert_eq!(v["levels"][0]["rate"], json!("2.5"));
    assert_eq!(v["rules"][0]["amount"], json!({"amount": "0.125", "currency": "KWD"}));
}

#[test]
fn orders_and_contexts_round_trip() {
    let o = quickstart_order();
    let back = Order::from_json(&serde_json::to_string(&o).unwrap()).unwrap();
    assert_eq!(back, o);
    assert_eq!(o.subtotal().unwrap(), dec("277.29"));

    // A minimal context in JSON gets the documented defaults, the same as QuoteContext::new.
    let c: QuoteContext = serde_json::from_value(json!({"affiliate": "aff_1", "at": NOW})).unwrap();
    assert_eq!(c, ctx("aff_1"));
    // Not a new customer unless the host says so, so `new_customers_only` rules never pay by default.
    assert!(!c.new_customer);
    assert_eq!(c.payment_number, 1);
    assert_eq!(c.rounding, RoundingMode::HalfUp);
    let mut full = alice();
    full.rounding = RoundingMode::HalfEven;
    full.customer_earned = dec("1.50");
    full.first_payment_at = Some(ts("2026-01-01T00:00:00Z"));
    let text = serde_json::to_string(&full).unwrap();
    assert!(text.contains(r#""customer_earned":"1.50""#), "{text}");
    assert_eq!(serde_json::from_str::<QuoteContext>(&text).unwrap(), full);
}
