#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Shared helpers for the stateful program integration tests (`program_*.rs`).

use std::str::FromStr;

use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{Balance, Event, Program, ProgramConfig, Refund, Registration};
use affiliate_kit::{Error, ErrorKind};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::{json, Value};

/// A UTC timestamp from RFC 3339.
pub fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap_or_else(|e| panic!("bad timestamp {s:?}: {e}"))
}

/// An exact decimal from its string form.
pub fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("bad decimal {s:?}: {e}"))
}

/// The plan used by most tests: 10 % on everything, 5 % of the sale for the parent.
pub fn default_plan() -> Value {
    json!({
        "currency": "EUR",
        "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}],
        "levels": [{"rate": "5", "of": "sale"}]
    })
}

/// A config from the default plan with extra top-level settings merged in.
pub fn config_with(extra: Value) -> ProgramConfig {
    config_from(default_plan(), extra)
}

/// A config from `plan` with extra top-level settings merged in (currency EUR).
pub fn config_from(plan: Value, extra: Value) -> ProgramConfig {
    let mut doc = json!({"currency": "EUR", "plan": plan});
    if let (Some(doc), Some(extra)) = (doc.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            doc.insert(k.clone(), v.clone());
        }
    }
    ProgramConfig::from_json(&doc.to_string()).unwrap_or_else(|e| panic!("bad config {doc}: {e}"))
}

/// The default config (default plan, every default setting).
pub fn config() -> ProgramConfig {
    config_with(json!({}))
}

/// A new program with the default config.
pub fn program() -> Program {
    Program::new(config()).unwrap()
}

/// A registration with an optional vanity code and parent.
pub fn reg(name: &str, email: &str, code: Option<&str>, parent: Option<&str>) -> Registration {
    Registration {
        name: name.into(),
        email: email.into(),
        code: code.map(str::to_string),
        parent: parent.map(str::to_string),
        ..Registration::default()
    }
}

/// An order with one line of `price` EUR, an optional code.
pub fn order(id: &str, price: &str, code: Option<&str>) -> Order {
    order_json(json!({
        "id": id, "currency": "EUR",
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": price}],
        "code": code,
    }))
}

/// An order with one line of `price` EUR, an optional code and a customer (id and/or e-mail).
pub fn order_for(id: &str, price: &str, code: Option<&str>, customer_id: Option<&str>, email: Option<&str>) -> Order {
    order_json(json!({
        "id": id, "currency": "EUR",
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": price}],
        "code": code,
        "customer": {"id": customer_id, "email": email},
    }))
}

/// An order from JSON (`null` fields removed, so optional fields may be given as `null`).
pub fn order_json(mut value: Value) -> Order {
    strip_nulls(&mut value);
    Order::from_json(&value.to_string()).unwrap_or_else(|e| panic!("bad order {value}: {e}"))
}

fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            for v in map.values_mut() {
                strip_nulls(v);
            }
            let empty: Vec<String> = map
                .iter()
                .filter(|(_, v)| v.as_object().is_some_and(|o| o.is_empty()))
                .map(|(k, _)| k.clone())
                .collect();
            for k in empty {
                map.remove(&k);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// A refund of an amount (`None`: everything left).
pub fn refund(id: &str, order_id: &str, amount: Option<&str>) -> Refund {
    Refund { id: id.into(), order_id: order_id.into(), amount: amount.map(dec), lines: None }
}

/// A refund of whole lines.
pub fn refund_lines(id: &str, order_id: &str, lines: &[&str]) -> Refund {
    Refund {
        id: id.into(),
        order_id: order_id.into(),
        amount: None,
        lines: Some(lines.iter().map(|l| (*l).to_string()).collect()),
    }
}

/// The kind of an error, panicking on success.
pub fn err_kind<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorKind {
    match result {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.kind(),
    }
}

/// The types of events.
pub fn types(events: impl AsRef<[Event]>) -> Vec<&'static str> {
    events.as_ref().iter().map(Event::event_type).collect()
}

/// The types of the events after `sequence`.
pub fn types_since(p: &Program, sequence: u64) -> Vec<&'static str> {
    types(p.events_since(sequence))
}

/// The last event sequence so far (0 when none).
pub fn last_sequence(p: &Program) -> u64 {
    p.events_since(0).last().map_or(0, |e| e.sequence)
}

/// A balance as strings: [pending, approved, payable, in_payout, paid, earned, reversed].
pub fn bal(p: &Program, affiliate: &str) -> [String; 7] {
    let b: Balance = p.balance(affiliate, Currency::EUR).unwrap();
    [b.pending, b.approved, b.payable, b.in_payout, b.paid, b.earned, b.reversed].map(|m| m.amount.to_string())
}

/// Strings from string slices, for comparing with [`bal`].
pub fn strs<const N: usize>(values: [&str; N]) -> [String; N] {
    values.map(str::to_string)
}

/// Checks money is conserved for an affiliate: earned − reversed = pending + held + payable + in_payout + paid.
pub fn assert_conserved(p: &Program, affiliate: &str) {
    let b = p.balance(affiliate, Currency::EUR).unwrap();
    assert_eq!(
        b.earned.amount - b.reversed.amount,
        b.pending.amount + b.held.amount + b.payable.amount + b.in_payout.amount + b.paid.amount,
        "money not conserved for {affiliate}: {b:?}"
    );
}
