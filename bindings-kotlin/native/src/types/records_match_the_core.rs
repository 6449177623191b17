//! The two records written by hand (`CommissionRecord`, `PayoutRecord`: the core's types have
//! crate-private fields, so `uniffi::remote` cannot repeat them and the compiler cannot check them)
//! have exactly the fields of the core's types, as the description of the core's data lists them
//! (`schema/affiliate-kit.json`). A field added to the core fails here until the record has it.

use std::collections::BTreeSet;

use affiliate_kit::program::{Commission, Payout};

use super::ledger::CommissionRecord;
use super::payouts::PayoutRecord;

fn schema_fields(name: &str) -> BTreeSet<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../schema/affiliate-kit.json");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let description: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let properties = description["types"][name]["properties"].as_object().cloned().unwrap_or_default();
    properties.keys().cloned().collect()
}

fn json_fields<T: serde::Serialize>(value: &T) -> BTreeSet<String> {
    let json = serde_json::to_value(value).unwrap_or_default();
    json.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

#[test]
fn commission_record_has_the_fields_of_the_core_commission() -> Result<(), serde_json::Error> {
    let commission: Commission = serde_json::from_str(
        r#"{"id": "com_1", "affiliate_id": "aff_1", "sale_id": "ord_1", "level": 1, "rule_id": "base",
            "amount": {"amount": "3.00", "currency": "EUR"}, "status": "pending",
            "created_at": "2026-05-14T09:30:00Z", "line_shares": [{"line_id": "l1", "amount": "3.00"}]}"#,
    )?;
    let expected = schema_fields("Commission");
    assert_eq!(expected.len(), 9, "{expected:?}");
    assert_eq!(json_fields(&commission), expected);
    assert_eq!(json_fields(&CommissionRecord::from(commission)), expected);
    Ok(())
}

#[test]
fn payout_record_has_the_fields_of_the_core_payout() -> Result<(), serde_json::Error> {
    let payout: Payout = serde_json::from_str(
        r#"{"id": "pay_1", "affiliate_id": "aff_1", "amount": {"amount": "50.00", "currency": "EUR"},
            "status": "failed", "entry_count": 2, "created_at": "2026-05-14T09:30:00Z",
            "settled_at": "2026-05-15T09:30:00Z", "reference": "tr_1", "failure_reason": "closed account"}"#,
    )?;
    let expected = schema_fields("Payout");
    assert_eq!(expected.len(), 9, "{expected:?}");
    assert_eq!(json_fields(&payout), expected);
    assert_eq!(json_fields(&PayoutRecord::from(payout)), expected);
    Ok(())
}
