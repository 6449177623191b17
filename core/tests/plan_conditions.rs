#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: rule conditions (date window, payments, new customers, countries, minimum
//! subtotal, product and category lists) and unmatched lines.

mod plan_support;

use affiliate_kit::plan::{FailedCondition, Order, Plan, QuoteContext, Skipped, UnmatchedLine};
use plan_support::*;
use serde_json::{json, Value};

/// A plan with a program default of 10 % and a product rule "course" of 50 % with `conditions`.
fn promo_plan(conditions: Value) -> Plan {
    let mut promo = product_rule("promo", "course", "50");
    promo["conditions"] = conditions;
    plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10"), promo]}))
}

/// A plan with only a program rule of 10 % with `conditions` (so a failing line is unmatched).
fn only_rule(conditions: Value) -> Plan {
    let mut rule = program_rule("only", "10");
    rule["conditions"] = conditions;
    plan_v(json!({"currency": "EUR", "rules": [rule]}))
}

fn course_order() -> Order {
    // 100.00: 50 % = 50.00 under the promo, 10 % = 10.00 under the default.
    order_of("EUR", vec![line("l1", "course", 1, "100.00")])
}

fn at_ctx(at: &str) -> QuoteContext {
    QuoteContext::new("aff_1", ts(at))
}

fn skipped(rule_id: &str, failed: FailedCondition) -> Skipped {
    Skipped { rule_id: rule_id.to_string(), failed }
}

// ---------------------------------------------------------------- window

#[test]
fn window_is_half_open() {
    let plan = promo_plan(json!({"window": {"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}}));
    for (at, expected) in [
        ("2026-04-30T23:59:59Z", "10.00"), // one second before `from`: outside
        ("2026-05-01T00:00:00Z", "50.00"), // at == from: inside
        ("2026-05-14T09:30:00Z", "50.00"),
        ("2026-05-31T23:59:59Z", "50.00"), // one second before `to`: inside
        ("2026-06-01T00:00:00Z", "10.00"), // at == to: outside (open end)
    ] {
        let q = quote(&plan, &course_order(), &at_ctx(at));
        assert_eq!(total(&q), expected, "at {at}");
    }
    // Outside, the promo shows up as skipped on the winning decision.
    let q = quote(&plan, &course_order(), &at_ctx("2026-06-01T00:00:00Z"));
    let d = &line_of(&q, "default").explanation.decisions[0];
    assert_eq!(d.skipped, vec![skipped("promo", FailedCondition::Window)]);
    assert!(d.beaten.is_empty());
}

#[test]
fn window_with_one_open_end() {
    let from_only = promo_plan(json!({"window": {"from": "2026-05-01T00:00:00Z"}}));
    assert_eq!(total(&quote(&from_only, &course_order(), &at_ctx("2026-04-30T23:59:59Z"))), "10.00");
    assert_eq!(total(&quote(&from_only, &course_order(), &at_ctx("2099-01-01T00:00:00Z"))), "50.00");
    let to_only = promo_plan(json!({"window": {"to": "2026-05-01T00:00:00Z"}}));
    assert_eq!(total(&quote(&to_only, &course_order(), &at_ctx("2000-01-01T00:00:00Z"))), "50.00");
    assert_eq!(total(&quote(&to_only, &course_order(), &at_ctx("2026-05-01T00:00:00Z"))), "10.00");
}

// ---------------------------------------------------------------- payments

fn payment_ctx(number: u32) -> QuoteContext {
    let mut c = ctx("aff_1");
    c.payment_number = number;
    c
}

#[test]
fn payments_first_only() {
    let plan = only_rule(json!({"payments": {"type": "first_only"}}));
    let order = one_line_order("EUR", "30.00");
    // payment 1: 10 % of 30.00 = 3.00
    assert_eq!(total(&quote(&plan, &order, &payment_ctx(1))), "3.00");
    // payment 2: nothing, the line is unmatched with the failed condition
    let q = quote(&plan, &order, &payment_ctx(2));
    assert_eq!(total(&q), "0.00");
    assert!(q.lines.is_empty());
    assert_eq!(
        q.unmatched,
        vec![UnmatchedLine { line_id: "l1".into(), skipped: vec![skipped("only", FailedCondition::Payment)] }]
    );
}

#[test]
fn payments_first_n() {
    let plan = only_rule(json!({"payments": {"type": "first_n", "count": 3}}));
    let order = one_line_order("EUR", "30.00");
    for (n, expected) in [(1, "3.00"), (3, "3.00"), (4, "0.00"), (12, "0.00")] {
        assert_eq!(total(&quote(&plan, &order, &payment_ctx(n))), expected, "payment {n}");
    }
}

#[test]
fn payments_within_months_of_the_first_payment() {
    // First payment 2025-05-14T09:30:00Z; 12 months later is 2026-05-14T09:30:00Z (excluded).
    let plan = only_rule(json!({"payments": {"type": "months", "months": 12}}));
    let order = one_line_order("EUR", "30.00");
    for (at, expected) in [
        ("2025-05-14T09:30:00Z", "3.00"),
        ("2026-05-14T09:29:59Z", "3.00"), // + 12 months − 1 s
        ("2026-05-14T09:30:00Z", "0.00"), // exactly + 12 months
        ("2027-01-01T00:00:00Z", "0.00"),
    ] {
        let mut c = at_ctx(at);
        c.payment_number = 7;
        c.first_payment_at = Some(ts("2025-05-14T09:30:00Z"));
        assert_eq!(total(&quote(&plan, &order, &c)), expected, "at {at}");
    }
    // Without first_payment_at, the first payment starts the clock: it earns.
    assert_eq!(total(&quote(&plan, &order, &at_ctx("2030-01-01T00:00:00Z"))), "3.00");
    // A later payment whose start is unknown cannot be placed in the window: it earns nothing.
    let mut unknown_start = at_ctx("2030-01-01T00:00:00Z");
    unknown_start.payment_number = 60;
    let q = quote(&plan, &order, &unknown_start);
    assert_eq!(total(&q), "0.00");
    assert_eq!(q.unmatched[0].skipped, vec![skipped("only", FailedCondition::Payment)]);
    // A first payment after this one is a malformed context.
    let mut future_start = at_ctx("2026-01-01T00:00:00Z");
    future_start.first_payment_at = Some(ts("2026-02-01T00:00:00Z"));
    let err = plan.quote(&order, &future_start).unwrap_err();
    assert_eq!(err.kind(), affiliate_kit::ErrorKind::InvalidOrder);
    assert_eq!(err.path(), Some("context.first_payment_at"));
}

#[test]
fn payments_months_clamp_to_the_end_of_a_shorter_month() {
    // 2026-01-31 + 1 month = 2026-02-28 (chrono clamps the day).
    let plan = only_rule(json!({"payments": {"type": "months", "months": 1}}));
    let order = one_line_order("EUR", "30.00");
    let mut c = at_ctx("2026-02-28T11:59:59Z");
    c.first_payment_at = Some(ts("2026-01-31T12:00:00Z"));
    assert_eq!(total(&quote(&plan, &order, &c)), "3.00");
    c.at = ts("2026-02-28T12:00:00Z");
    assert_eq!(total(&quote(&plan, &order, &c)), "0.00");
}

#[test]
fn payments_lifetime_and_no_condition_earn_on_every_payment() {
    let lifetime = only_rule(json!({"payments": {"type": "lifetime"}}));
    let none = only_rule(json!({}));
    let order = one_line_order("EUR", "30.00");
    for n in [1, 2, 100, u32::MAX] {
        assert_eq!(total(&quote(&lifetime, &order, &payment_ctx(n))), "3.00", "payment {n}");
        assert_eq!(total(&quote(&none, &order, &payment_ctx(n))), "3.00", "payment {n}");
    }
}

// ---------------------------------------------------------------- customer

#[test]
fn new_customers_only() {
    let plan = promo_plan(json!({"new_customers_only": true}));
    let mut new = ctx("aff_1");
    new.new_customer = true;
    assert_eq!(total(&quote(&plan, &course_order(), &new)), "50.00");
    // A context says "returning" unless told otherwise.
    let returning = ctx("aff_1");
    assert!(!returning.new_customer);
    let q = quote(&plan, &course_order(), &returning);
    assert_eq!(total(&q), "10.00");
    assert_eq!(
        line_of(&q, "default").explanation.decisions[0].skipped,
        vec![skipped("promo", FailedCondition::NewCustomersOnly)]
    );
}

fn order_from(country: Option<&str>) -> Order {
    let mut v = json!({"id": "o1", "currency": "EUR", "lines": [line("l1", "course", 1, "100.00")]});
    if let Some(c) = country {
        v["customer"] = json!({"country": c});
    }
    order_v(v)
}

#[test]
fn countries() {
    let plan = promo_plan(json!({"countries": ["FR", "BE"]}));
    assert_eq!(total(&quote(&plan, &order_from(Some("FR")), &ctx("a"))), "50.00");
    assert_eq!(total(&quote(&plan, &order_from(Some("BE")), &ctx("a"))), "50.00");
    for country in [Some("DE"), None] {
        let q = quote(&plan, &order_from(country), &ctx("a"));
        assert_eq!(total(&q), "10.00", "{country:?}");
        assert_eq!(
            line_of(&q, "default").explanation.decisions[0].skipped,
            vec![skipped("promo", FailedCondition::Country)],
            "{country:?}"
        );
    }
}

// ---------------------------------------------------------------- min subtotal

#[test]
fn min_subtotal_uses_the_subtotal_after_discounts() {
    // Rule pays 10 % when the subtotal reaches 100.00. Lines 80.00 + 30.00 = 110.00.
    let plan = only_rule(json!({"min_subtotal": {"amount": "100.00", "currency": "EUR"}}));
    let with_discount = |discount: &str| {
        order_v(json!({"id": "o1", "currency": "EUR", "discount": discount,
            "lines": [line("l1", "p1", 1, "80.00"), line("l2", "p2", 1, "30.00")]}))
    };
    // 110.00 − 10.00 = 100.00 reaches the minimum: 10 % of 100.00 = 10.00.
    assert_eq!(total(&quote(&plan, &with_discount("10.00"), &ctx("a"))), "10.00");
    // 110.00 − 10.01 = 99.99 does not: both lines unmatched, MinSubtotal.
    let q = quote(&plan, &with_discount("10.01"), &ctx("a"));
    assert_eq!(total(&q), "0.00");
    assert_eq!(
        q.unmatched,
        vec![
            UnmatchedLine { line_id: "l1".into(), skipped: vec![skipped("only", FailedCondition::MinSubtotal)] },
            UnmatchedLine { line_id: "l2".into(), skipped: vec![skipped("only", FailedCondition::MinSubtotal)] },
        ]
    );
    // A line discount counts too: 80.00 + (30.00 − 10.01) = 99.99.
    let line_discounted = order_v(json!({"id": "o1", "currency": "EUR", "lines": [
        line("l1", "p1", 1, "80.00"),
        {"id": "l2", "product": "p2", "quantity": 1, "unit_price": "30.00", "discount": "10.01"}]}));
    assert_eq!(total(&quote(&plan, &line_discounted, &ctx("a"))), "0.00");
}

#[test]
fn min_subtotal_ignores_tax_and_shipping() {
    // 95.00 of goods + 20.00 tax + 10.00 shipping: the subtotal is 95.00 < 100.00.
    let plan = only_rule(json!({"min_subtotal": {"amount": "100.00", "currency": "EUR"}}));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "tax": "20.00", "shipping": "10.00",
        "lines": [line("l1", "p1", 1, "95.00")]}));
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(total(&q), "0.00");
    assert_eq!(q.unmatched[0].skipped, vec![skipped("only", FailedCondition::MinSubtotal)]);
}

// ---------------------------------------------------------------- line conditions

#[test]
fn product_and_category_conditions_apply_per_line() {
    // A program rule restricted by conditions to category "books": the book line earns
    // 10 % of 40.00 = 4.00; the toy line fails Category; the line without a category fails too.
    let plan = only_rule(json!({"categories": ["books"]}));
    let order = order_of(
        "EUR",
        vec![
            cat_line("l1", "novel", "books", 1, "40.00"),
            cat_line("l2", "yoyo", "toys", 1, "9.00"),
            line("l3", "x", 1, "5.00"),
        ],
    );
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(total(&q), "4.00");
    assert_eq!(line_of(&q, "only").order_lines, vec!["l1".to_string()]);
    assert_eq!(
        q.unmatched,
        vec![
            UnmatchedLine { line_id: "l2".into(), skipped: vec![skipped("only", FailedCondition::Category)] },
            UnmatchedLine { line_id: "l3".into(), skipped: vec![skipped("only", FailedCondition::Category)] },
        ]
    );

    let plan = only_rule(json!({"products": ["novel"]}));
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(total(&q), "4.00");
    assert_eq!(q.unmatched.len(), 2);
    assert_eq!(q.unmatched[0].skipped, vec![skipped("only", FailedCondition::Product)]);
}

#[test]
fn unmatched_lines_list_the_rules_that_were_skipped() {
    // Rules: books (category, needs FR), course (product, needs a window that has ended).
    // l1 novel/books from DE: books skipped (Country). l2 course: course skipped (Window).
    // l3 mug: no rule targets it → unmatched with nothing skipped.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "books", "target": {"type": "category", "categories": ["books"]}, "commission": "percentage",
         "rate": "20", "conditions": {"countries": ["FR"]}},
        {"id": "course", "target": {"type": "product", "products": ["course"]}, "commission": "percentage",
         "rate": "50", "conditions": {"window": {"to": "2026-01-01T00:00:00Z"}}},
    ]}));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "customer": {"country": "DE"}, "lines": [
        cat_line("l1", "novel", "books", 1, "10.00"), line("l2", "course", 1, "10.00"), line("l3", "mug", 1, "10.00")]}));
    let q = quote(&plan, &order, &ctx("a"));
    assert!(q.lines.is_empty());
    assert_eq!(total(&q), "0.00");
    assert_eq!(
        q.unmatched,
        vec![
            UnmatchedLine { line_id: "l1".into(), skipped: vec![skipped("books", FailedCondition::Country)] },
            UnmatchedLine { line_id: "l2".into(), skipped: vec![skipped("course", FailedCondition::Window)] },
            UnmatchedLine { line_id: "l3".into(), skipped: vec![] },
        ]
    );
}

#[test]
fn all_conditions_must_hold() {
    // FR + new customers + within the window: 50 %; break any one of them and the default applies.
    let plan = promo_plan(json!({"countries": ["FR"], "new_customers_only": true,
        "window": {"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}}));
    let mut new = ctx("a");
    new.new_customer = true;
    assert_eq!(total(&quote(&plan, &order_from(Some("FR")), &new)), "50.00");
    assert_eq!(total(&quote(&plan, &order_from(Some("IT")), &new)), "10.00");
    let returning = ctx("a");
    assert_eq!(total(&quote(&plan, &order_from(Some("FR")), &returning)), "10.00");
    let mut late = at_ctx("2026-06-01T00:00:00Z");
    late.new_customer = true;
    assert_eq!(total(&quote(&plan, &order_from(Some("FR")), &late)), "10.00");
}
