#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: a rule's own cap and the plan's per-order, per-customer and per-period caps.

mod plan_support;

use affiliate_kit::plan::{CapApplied, CapKind, Plan};
use plan_support::*;
use serde_json::{json, Value};

fn eur(amount: &str) -> Value {
    json!({"amount": amount, "currency": "EUR"})
}

#[test]
fn rule_cap_limits_the_rule_amount() {
    // 50 % of 300.00 = 150.00, capped by the rule at 100.00.
    let mut rule = program_rule("half", "50");
    rule["cap"] = eur("100.00");
    let plan = plan_v(json!({"currency": "EUR", "rules": [rule]}));
    let q = quote(&plan, &one_line_order("EUR", "300.00"), &ctx("a"));
    assert_eq!(total(&q), "100.00");
    let l = line_of(&q, "half");
    assert_eq!(l.explanation.calculation.exact, dec("150.00"));
    assert_eq!(
        l.explanation.caps,
        vec![CapApplied {
            cap: CapKind::Rule,
            limit: money("100.00", "EUR"),
            before: money("150.00", "EUR"),
            after: money("100.00", "EUR"),
        }]
    );
    assert!(l.explanation.summary.contains("capped"), "{}", l.explanation.summary);

    // Under the cap (50 % of 150.00 = 75.00) nothing is recorded; exactly at it (200.00 → 100.00) neither.
    let q = quote(&plan, &one_line_order("EUR", "150.00"), &ctx("a"));
    assert_eq!(total(&q), "75.00");
    assert!(line_of(&q, "half").explanation.caps.is_empty());
    let q = quote(&plan, &one_line_order("EUR", "200.00"), &ctx("a"));
    assert_eq!(total(&q), "100.00");
    assert!(line_of(&q, "half").explanation.caps.is_empty());
}

#[test]
fn rule_cap_applies_only_to_its_rule() {
    // books 50 % of 300.00 = 150.00 capped at 20.00; the default 10 % of 300.00 = 30.00 is not capped.
    let mut books = category_rule("books", "books", "50");
    books["cap"] = eur("20.00");
    let plan = plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10"), books]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "300.00"), line("l2", "mug", 1, "300.00")]);
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(s(&line_of(&q, "books").amount), "20.00");
    assert_eq!(s(&line_of(&q, "default").amount), "30.00");
    assert!(line_of(&q, "default").explanation.caps.is_empty());
    assert_eq!(total(&q), "50.00");
}

fn two_rule_plan(caps: Value) -> Plan {
    plan_v(json!({"currency": "EUR", "caps": caps,
        "rules": [program_rule("default", "10"), category_rule("books", "books", "20")]}))
}

fn two_line_order() -> affiliate_kit::plan::Order {
    // l1 books 50.00 → 20 % = 10.00; l2 mug 50.00 → 10 % = 5.00; 15.00 uncapped.
    order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "50.00"), line("l2", "mug", 1, "50.00")])
}

#[test]
fn per_order_cap_is_split_by_largest_remainder() {
    // Limit 10.01 split 1000:500 (cents of 10.00 and 5.00):
    // 1001 × 1000 / 1500 = 667 r 500; 1001 × 500 / 1500 = 333 r 1000. Floors 1000, one cent left
    // → the larger remainder (the 5.00 line): 6.67 / 3.34, summing to 10.01.
    let plan = two_rule_plan(json!({"per_order": eur("10.01")}));
    let q = quote(&plan, &two_line_order(), &ctx("a"));
    let books = line_of(&q, "books");
    let default = line_of(&q, "default");
    assert_eq!(s(&books.amount), "6.67");
    assert_eq!(s(&default.amount), "3.34");
    assert_eq!(total(&q), "10.01");
    assert!(
        books.explanation.summary.ends_with("; capped by per_order at 10.01 EUR to 6.67 EUR"),
        "{}",
        books.explanation.summary
    );
    // Each line's share follows the capped amount.
    assert_eq!(s(&books.explanation.decisions[0].amount), "6.67");
    assert_eq!(
        books.explanation.caps,
        vec![CapApplied {
            cap: CapKind::PerOrder,
            limit: money("10.01", "EUR"),
            before: money("10.00", "EUR"),
            after: money("6.67", "EUR"),
        }]
    );
    assert_eq!(
        default.explanation.caps,
        vec![CapApplied {
            cap: CapKind::PerOrder,
            limit: money("10.01", "EUR"),
            before: money("5.00", "EUR"),
            after: money("3.34", "EUR"),
        }]
    );
}

#[test]
fn per_order_cap_at_or_above_the_total_changes_nothing() {
    for limit in ["15.00", "15.01", "1000.00"] {
        let q = quote(&two_rule_plan(json!({"per_order": eur(limit)})), &two_line_order(), &ctx("a"));
        assert_eq!(total(&q), "15.00", "{limit}");
        assert!(q.lines.iter().all(|l| l.explanation.caps.is_empty()), "{limit}");
    }
}

#[test]
fn the_tightest_plan_cap_wins() {
    // One line: 10 % of 200.00 = 20.00.
    // per_order 20.00 → leaves 20.00; per_customer 50.00 − 45.00 earned → 5.00;
    // per_affiliate_period 100.00 − 92.50 earned → 7.50. The tightest is per_customer: 5.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10")],
        "caps": {"per_order": eur("20.00"), "per_customer": eur("50.00"), "per_affiliate_period": eur("100.00")}}));
    let order = one_line_order("EUR", "200.00");
    let mut c = ctx("a");
    c.customer_earned = dec("45.00");
    c.period_earned = dec("92.50");
    let q = quote(&plan, &order, &c);
    assert_eq!(total(&q), "5.00");
    assert_eq!(
        line_of(&q, "default").explanation.caps,
        vec![CapApplied {
            cap: CapKind::PerCustomer,
            limit: money("5.00", "EUR"),
            before: money("20.00", "EUR"),
            after: money("5.00", "EUR"),
        }]
    );

    // Nothing earned from this customer yet: the period cap (7.50 left) is the tightest.
    c.customer_earned = dec("0");
    let q = quote(&plan, &order, &c);
    assert_eq!(total(&q), "7.50");
    let caps = &line_of(&q, "default").explanation.caps;
    assert_eq!(caps.len(), 1);
    assert_eq!(caps[0].cap, CapKind::PerAffiliatePeriod);
    assert_eq!(s(&caps[0].limit), "7.50");

    // Nothing earned at all: per_order leaves 20.00, exactly the amount → no cap recorded.
    c.period_earned = dec("0");
    let q = quote(&plan, &order, &c);
    assert_eq!(total(&q), "20.00");
    assert!(line_of(&q, "default").explanation.caps.is_empty());
}

#[test]
fn exhausted_customer_cap_pays_zero() {
    // Already earned 60.00 from the customer against a 50.00 cap: nothing left, 0.00 (not negative).
    let plan = plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10")],
        "caps": {"per_customer": eur("50.00")}}));
    let mut c = ctx("a");
    c.customer_earned = dec("60.00");
    let q = quote(&plan, &one_line_order("EUR", "200.00"), &c);
    assert_eq!(total(&q), "0.00");
    let caps = &line_of(&q, "default").explanation.caps;
    assert_eq!(caps.len(), 1);
    assert_eq!(caps[0].cap, CapKind::PerCustomer);
    assert!(caps[0].limit.is_zero());
    assert_eq!(s(&caps[0].before), "20.00");
    assert!(caps[0].after.is_zero());
}

#[test]
fn remaining_cap_is_rounded_toward_zero() {
    // 10.00 − 2.555 earned = 7.445 left; a limit is never raised by rounding → 7.44.
    let plan = plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10")],
        "caps": {"per_affiliate_period": eur("10.00")}}));
    let mut c = ctx("a");
    c.period_earned = dec("2.555");
    let q = quote(&plan, &one_line_order("EUR", "200.00"), &c);
    assert_eq!(total(&q), "7.44");
    assert_eq!(s(&line_of(&q, "default").explanation.caps[0].limit), "7.44");
}

#[test]
fn three_way_split_ties_go_to_the_earlier_line() {
    // Three rules each paying 1.00 (10 % of 10.00), per_order 2.00: 200 × 1/3 = 66 r 2 each, 2 cents
    // left go to the first two lines (equal remainders, earlier first): 0.67 / 0.67 / 0.66 = 2.00.
    let plan = plan_v(json!({"currency": "EUR", "caps": {"per_order": eur("2.00")}, "rules": [
        product_rule("a", "pa", "10"), product_rule("b", "pb", "10"), product_rule("c", "pc", "10")]}));
    let order =
        order_of("EUR", vec![line("l1", "pa", 1, "10.00"), line("l2", "pb", 1, "10.00"), line("l3", "pc", 1, "10.00")]);
    let q = quote(&plan, &order, &ctx("x"));
    let amounts: Vec<String> = q.lines.iter().map(|l| s(&l.amount)).collect();
    assert_eq!(amounts, vec!["0.67", "0.67", "0.66"]);
    assert_eq!(total(&q), "2.00");
}

#[test]
fn rule_cap_applies_before_plan_caps() {
    // books 50 % of 100.00 = 50.00 → rule cap 30.00; default 10 % of 100.00 = 10.00. Sum 40.00,
    // per_order 20.00: split 3000:1000 → 2000 × 3/4 = 1500, 2000 × 1/4 = 500: 15.00 / 5.00.
    let mut books = category_rule("books", "books", "50");
    books["cap"] = eur("30.00");
    let plan = plan_v(json!({"currency": "EUR", "caps": {"per_order": eur("20.00")},
        "rules": [program_rule("default", "10"), books]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "100.00"), line("l2", "mug", 1, "100.00")]);
    let q = quote(&plan, &order, &ctx("a"));
    let b = line_of(&q, "books");
    assert_eq!(s(&b.amount), "15.00");
    let kinds: Vec<(CapKind, String, String)> =
        b.explanation.caps.iter().map(|c| (c.cap, s(&c.before), s(&c.after))).collect();
    assert_eq!(
        kinds,
        vec![
            (CapKind::Rule, "50.00".to_string(), "30.00".to_string()),
            (CapKind::PerOrder, "30.00".to_string(), "15.00".to_string())
        ]
    );
    assert_eq!(s(&line_of(&q, "default").amount), "5.00");
    assert_eq!(total(&q), "20.00");
}

#[test]
fn plan_caps_do_not_limit_parent_levels() {
    // Level 1: 10 % of 1000.00 = 100.00 capped per order at 50.00; level 2: 2 % of the sale base
    // 1000.00 = 20.00 (caps are on the direct commission only). Total 70.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10")],
        "caps": {"per_order": eur("50.00")}, "levels": [{"rate": "2"}]}));
    let mut c = ctx("a");
    c.parents = vec!["p".into()];
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &c);
    assert_eq!(s(&line_of(&q, "default").amount), "50.00");
    assert_eq!(s(&q.lines[1].amount), "20.00");
    assert!(q.lines[1].explanation.caps.is_empty());
    assert_eq!(total(&q), "70.00");
}

#[test]
fn rule_cap_finer_than_minor_units_is_rejected() {
    // QuoteLine.amount is always whole minor units, so a cap of 10.005 EUR is refused at load.
    let mut rule = program_rule("half", "50");
    rule["cap"] = eur("10.005");
    let value = json!({"currency": "EUR", "rules": [rule]});
    let err = Plan::from_json(&value.to_string()).unwrap_err();
    assert_eq!(err.kind(), affiliate_kit::ErrorKind::InvalidPlan);
    assert_eq!(err.path(), Some("rules[0].cap"), "{err}");
}
