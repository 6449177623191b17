#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Shared helpers for the commission-plan integration tests (`plan_*.rs`).

use std::str::FromStr;

use affiliate_kit::plan::{Order, Plan, Quote, QuoteContext, QuoteLine};
use affiliate_kit::{Error, Money, RoundingMode};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// The default "now" of the tests.
pub const NOW: &str = "2026-05-14T09:30:00Z";

/// A UTC timestamp from RFC 3339.
pub fn ts(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("bad timestamp {s:?}: {e}"))
}

/// An exact decimal from its string form.
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

/// Money from amount and currency code.
pub fn money(amount: &str, currency: &str) -> Money {
    Money::parse(amount, currency).unwrap()
}

/// A context for `affiliate` at [`NOW`] (new customer, payment 1, half-up).
pub fn ctx(affiliate: &str) -> QuoteContext {
    QuoteContext::new(affiliate, ts(NOW))
}

/// A context with a rounding mode.
pub fn ctx_rounding(affiliate: &str, rounding: RoundingMode) -> QuoteContext {
    let mut c = ctx(affiliate);
    c.rounding = rounding;
    c
}

/// Loads a plan, panicking with the error on failure.
pub fn plan(json: &str) -> Plan {
    Plan::from_json(json).unwrap_or_else(|e| panic!("plan rejected: {e}\n{json}"))
}

/// Loads a plan from a `serde_json::Value`.
pub fn plan_v(value: Value) -> Plan {
    plan(&value.to_string())
}

/// Loads an order, panicking with the error on failure.
pub fn order(json: &str) -> Order {
    Order::from_json(json).unwrap_or_else(|e| panic!("order rejected: {e}\n{json}"))
}

/// Loads an order from a `serde_json::Value`.
pub fn order_v(value: Value) -> Order {
    order(&value.to_string())
}

/// Expects a plan to be rejected and returns the error.
pub fn plan_err(value: &Value) -> Error {
    match Plan::from_json(&value.to_string()) {
        Ok(p) => panic!("plan accepted: {p:?}"),
        Err(e) => e,
    }
}

/// A program-wide percentage rule.
pub fn program_rule(id: &str, rate: &str) -> Value {
    json!({"id": id, "target": {"type": "program"}, "commission": "percentage", "rate": rate})
}

/// A category percentage rule.
pub fn category_rule(id: &str, category: &str, rate: &str) -> Value {
    json!({"id": id, "target": {"type": "category", "categories": [category]}, "commission": "percentage", "rate": rate})
}

/// A product percentage rule.
pub fn product_rule(id: &str, product: &str, rate: &str) -> Value {
    json!({"id": id, "target": {"type": "product", "products": [product]}, "commission": "percentage", "rate": rate})
}

/// A plan with one program-wide percentage rule `default`.
pub fn single_rate_plan(currency: &str, rate: &str) -> Plan {
    plan_v(json!({"currency": currency, "rules": [program_rule("default", rate)]}))
}

/// An order line value.
pub fn line(id: &str, product: &str, quantity: u32, unit_price: &str) -> Value {
    json!({"id": id, "product": product, "quantity": quantity, "unit_price": unit_price})
}

/// An order line value with a category.
pub fn cat_line(id: &str, product: &str, category: &str, quantity: u32, unit_price: &str) -> Value {
    json!({"id": id, "product": product, "category": category, "quantity": quantity, "unit_price": unit_price})
}

/// A one-line order `o1` of `unit_price` (quantity 1).
pub fn one_line_order(currency: &str, unit_price: &str) -> Order {
    order_v(json!({"id": "o1", "currency": currency, "lines": [line("l1", "p1", 1, unit_price)]}))
}

/// An order `o1` with the given lines.
pub fn order_of(currency: &str, lines: Vec<Value>) -> Order {
    order_v(json!({"id": "o1", "currency": currency, "lines": lines}))
}

/// Quotes, panicking with the error on failure.
pub fn quote(plan: &Plan, order: &Order, ctx: &QuoteContext) -> Quote {
    let quote = plan.quote(order, ctx).unwrap_or_else(|e| panic!("quote failed: {e}"));
    // Every quote of the plan tests also checks the total alone: the same digits, every level.
    let total = plan.quote_total(order, ctx).unwrap_or_else(|e| panic!("quote_total failed: {e}"));
    assert_eq!((total.amount.to_string(), total.currency), (quote.total.amount.to_string(), quote.total.currency));
    quote
}

/// The string form of a money amount.
pub fn s(m: &Money) -> String {
    m.amount.to_string()
}

/// The quote's total as a string.
pub fn total(q: &Quote) -> String {
    s(&q.total)
}

/// The level-1 quote line produced by `rule_id`.
pub fn line_of<'q>(q: &'q Quote, rule_id: &str) -> &'q QuoteLine {
    q.lines
        .iter()
        .find(|l| l.rule_id == rule_id && l.level == 1)
        .unwrap_or_else(|| panic!("no level-1 line for rule {rule_id:?} in {q:#?}"))
}

/// The level-1 lines of a quote.
pub fn direct_lines(q: &Quote) -> Vec<&QuoteLine> {
    q.lines.iter().filter(|l| l.level == 1).collect()
}
