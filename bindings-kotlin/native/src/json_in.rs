//! The core's JSON of the input types, read into the typed records (`orderFromJson(json)`, ...): for
//! hosts whose orders, registrations or refunds arrive as JSON, and for the shared scenarios, whose
//! arguments are JSON. Each reads the JSON exactly as the core's serde does (defaults included) and
//! checks nothing more: the verb the value is passed to validates it. Malformed JSON is
//! `InvalidInput`, but a malformed field of an order is `InvalidOrder` (as in the other languages).
//! Events read with `eventFromJson` (`webhooks.rs`).

use affiliate_kit::codes::{CodePolicy, Incentive};
use affiliate_kit::plan::{Order, QuoteContext};
use affiliate_kit::program::{Acceptance, AffiliateUpdate, Payment, Refund, Registration};
use affiliate_kit::time::Bucket;
use affiliate_kit::webhook::WebhookHeaders;
use affiliate_kit::Money;

use crate::error::Result;

/// An order from the core's JSON of an order (`{"id", "currency", "lines": [...], ...}`; amounts are
/// decimal strings); not validated (`trackOrder`, `quote` and `orderTotals` validate it). A malformed
/// field (`"unit_price": "1e3"`, `"currency": "eur"`, a negative quantity) is `InvalidOrder` naming
/// its path, as the core reads an order in the other languages (`affiliate_kit::host::arguments::command`);
/// text that is not JSON stays `InvalidInput`.
#[uniffi::export]
pub fn order_from_json(json: String) -> Result<Order> {
    serde_json::from_str(&json).map_err(|e| {
        if serde_json::from_str::<serde_json::Value>(&json).is_err() {
            return e.into();
        }
        // The core's reading fails on the same field (before any validation) and names its path.
        match Order::from_json(&json) {
            Err(core) => core.into(),
            Ok(_) => e.into(),
        }
    })
}

/// A registration from the core's JSON of a registration (`{"name", "email", "code"?, ...}`).
#[uniffi::export]
pub fn registration_from_json(json: String) -> Result<Registration> {
    Ok(serde_json::from_str(&json)?)
}

/// An affiliate update from the core's JSON of an update (`{"name"?, "email"?, "group"?}`).
#[uniffi::export]
pub fn affiliate_update_from_json(json: String) -> Result<AffiliateUpdate> {
    Ok(serde_json::from_str(&json)?)
}

/// An acceptance from the core's JSON of an acceptance (`{"id"?, "name", "code"?}`).
#[uniffi::export]
pub fn acceptance_from_json(json: String) -> Result<Acceptance> {
    Ok(serde_json::from_str(&json)?)
}

/// A payment from the core's JSON of a payment (`{"id", "order_id"}`).
#[uniffi::export]
pub fn payment_from_json(json: String) -> Result<Payment> {
    Ok(serde_json::from_str(&json)?)
}

/// A refund from the core's JSON of a refund (`{"id", "order_id", "amount"?, "lines"?}`).
#[uniffi::export]
pub fn refund_from_json(json: String) -> Result<Refund> {
    Ok(serde_json::from_str(&json)?)
}

/// An incentive from the core's JSON of an incentive (`{"discount": {"type": "percent_off", ...}}`);
/// not validated (`validateIncentive` and the verbs taking it validate it).
#[uniffi::export]
pub fn incentive_from_json(json: String) -> Result<Incentive> {
    Ok(serde_json::from_str(&json)?)
}

/// A code policy from the core's JSON of a policy (absent fields take the defaults); not validated
/// (`validateCodePolicy` and the functions taking it validate it).
#[uniffi::export]
pub fn code_policy_from_json(json: String) -> Result<CodePolicy> {
    Ok(serde_json::from_str(&json)?)
}

/// The three webhook headers from the core's JSON of them (`{"id", "timestamp", "signature"}`).
#[uniffi::export]
pub fn webhook_headers_from_json(json: String) -> Result<WebhookHeaders> {
    Ok(serde_json::from_str(&json)?)
}

/// A report bucket from the core's JSON of a bucket (`{"label", "start", "end"}`).
#[uniffi::export]
pub fn bucket_from_json(json: String) -> Result<Bucket> {
    Ok(serde_json::from_str(&json)?)
}

/// A quote context from the core's JSON of a context (`{"affiliate", "at", ...}`; absent fields take
/// the defaults of `quoteContext`).
#[uniffi::export]
pub fn quote_context_from_json(json: String) -> Result<QuoteContext> {
    Ok(serde_json::from_str(&json)?)
}

/// Money from the core's JSON of money (`{"amount": "12.50", "currency": "EUR"}`).
#[uniffi::export]
pub fn money_from_json(json: String) -> Result<Money> {
    Ok(serde_json::from_str(&json)?)
}
