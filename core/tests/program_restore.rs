#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Restoring reads each sale, commission and entry into its record as it is parsed: tampered
//! snapshots it must refuse (without allocating for what they claim), and what the program itself
//! writes, at the edges of its amounts, that it must read back.

mod program_support;

use affiliate_kit::program::Program;
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::{json, Value};

/// Alice (ALICE) and her parent Bob; o1 (600.00: com_1 60.00, com_2 30.00), o2 by customer c1
/// (100.00: com_3 10.00, com_4 5.00), and r1 refunding 100.00 of o1.
fn small() -> Program {
    let mut p = program();
    p.register_affiliate(reg("Bob", "bob@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), Some("aff_1")), at("2026-01-01T00:00:00Z"))
        .unwrap();
    p.track_order(order("o1", "600.00", Some("ALICE")), None, at("2026-01-02T00:00:00Z")).unwrap();
    p.track_order(order_for("o2", "100.00", Some("ALICE"), Some("c1"), None), None, at("2026-01-03T00:00:00Z"))
        .unwrap();
    p.refund(refund("r1", "o1", Some("100.00")), at("2026-01-04T00:00:00Z")).unwrap();
    p
}

fn refused(doc: &Value, wanted: &str) {
    for (how, result) in [
        ("restore", Program::restore(&doc.to_string())),
        ("restore_from_reader", Program::restore_from_reader(canonical(doc).as_bytes())),
    ] {
        match result {
            Ok(_) => panic!("{how} accepted a snapshot that {wanted}"),
            Err(e) => {
                assert_eq!(e.kind(), ErrorKind::InvalidSnapshot, "{how}: {e}");
                assert!(e.to_string().contains(wanted), "{how}: {e:?} does not say {wanted:?}");
            }
        }
    }
}

/// The document with its keys in the order snapshots write them (serde_json's `Value` sorts them).
fn canonical(doc: &Value) -> String {
    let order = [
        "affiliates",
        "next_affiliate",
        "invitations",
        "clicks",
        "customers",
        "sales",
        "refunds",
        "commissions",
        "entries",
        "payouts",
        "events",
    ];
    let state: Vec<String> = order.iter().map(|k| format!("{:?}:{}", k, doc["state"][k])).collect();
    format!(
        r#"{{"schema_version":{},"config":{},"state":{{{}}}}}"#,
        doc["schema_version"],
        doc["config"],
        state.join(",")
    )
}

#[test]
fn the_canonical_order_reads_back() {
    let p = small();
    let doc: Value = serde_json::from_str(&p.snapshot()).unwrap();
    assert_eq!(Program::restore_from_reader(canonical(&doc).as_bytes()).unwrap().snapshot(), p.snapshot());
}

#[test]
fn a_commission_number_far_ahead_is_refused_at_once() {
    let mut doc: Value = serde_json::from_str(&small().snapshot()).unwrap();
    // o2 lists com_3 and com_4; claiming com_1048579 would have sized a table for a million.
    doc["state"]["sales"][1]["outcome"]["commissions"][0]["id"] = json!("com_1048579");
    refused(&doc, "sale \"o2\" lists commission com_1048579 wrongly");
}

#[test]
fn a_quote_context_the_plan_refuses_is_refused() {
    let mut doc: Value = serde_json::from_str(&small().snapshot()).unwrap();
    doc["state"]["sales"][1]["context"]["period_revenue"] = json!("-1");
    refused(&doc, "sale \"o2\" has a quote context the plan refuses");
    let mut doc: Value = serde_json::from_str(&small().snapshot()).unwrap();
    doc["state"]["sales"][1]["context"]["parents"] = json!(["aff_2"]);
    refused(&doc, "sale \"o2\" has a quote context the plan refuses");
}

#[test]
fn a_reversal_naming_a_commission_otherwise_is_refused() {
    let mut doc: Value = serde_json::from_str(&small().snapshot()).unwrap();
    doc["state"]["refunds"][0]["outcome"]["reversals"][0]["commission_id"] = json!("com_01");
    refused(&doc, "refund \"r1\" does not match its ledger entries");
}

#[test]
fn a_customer_listed_twice_is_refused() {
    let p = small();
    let text = p.snapshot();
    let link = r#""id:c1":{"first_at":"2026-01-03T00:00:00Z","affiliate":"aff_2"}"#;
    assert!(text.contains(link), "{text}");
    let twice = text.replacen(link, &format!("{link},{link}"), 1);
    let err = Program::restore_from_reader(twice.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("customer \"id:c1\" is listed twice"), "{err}");
}

#[test]
fn context_sums_with_every_digit_of_a_decimal_read_back() {
    // A quote context holds sums the program made (of order amounts with up to 12 decimals): they
    // may use all 29 digits of a Decimal, which amounts given as input may not.
    let mut doc: Value = serde_json::from_str(&small().snapshot()).unwrap();
    doc["state"]["sales"][1]["context"]["period_revenue"] = json!("10999999999999989.000000000011");
    let restored = Program::restore(&doc.to_string()).unwrap();
    let again: Value = serde_json::from_str(&restored.snapshot()).unwrap();
    assert_eq!(again["state"]["sales"][1]["context"]["period_revenue"], json!("10999999999999989.000000000011"));
    let streamed = Program::restore_from_reader(restored.snapshot().as_bytes()).unwrap();
    assert_eq!(streamed.snapshot(), restored.snapshot());
}

#[test]
fn zero_amounts_keep_their_scale() {
    // A free order with shipping written 0.00: its gross was 0.00 when tracked, and stays so.
    let mut p = program();
    let free = order_json(json!({"id": "f1", "currency": "EUR", "shipping": "0.00",
        "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "0.00"}]}));
    p.track_order(free, None, at("2026-01-02T00:00:00Z")).unwrap();
    assert_eq!(p.sale("f1").unwrap().gross.to_string(), "0.00");
    assert_eq!(p.sale("f1").unwrap().order.shipping.to_string(), "0.00");
}
