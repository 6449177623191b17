//! The typed answers written as the core's JSON (`trackOutcomeToJson(outcome)`, ...): what a host
//! stores, logs or forwards, byte for byte what the core and the other bindings write (amounts as
//! decimal strings, instants as RFC 3339, enums in snake_case). A list answer converts item by item.
//! Events write with `eventToJson` (`webhooks.rs`).

use affiliate_kit::codes::{CodePolicy, Incentive, IncentivePreview};
use affiliate_kit::plan::{Order, Quote};
use affiliate_kit::program::{
    AffiliateView, Balance, Click, CodeValidation, Commission, CommissionView, CustomerErasure, Entry, Invitation,
    InviteOutcome, Payout, PlanVersion, ProgramStats, RefundOutcome, Report, Sale, SignedWebhook, TrackOutcome, WhatIf,
};
use affiliate_kit::time::Bucket;
use affiliate_kit::webhook::WebhookHeaders;
use affiliate_kit::Money;

use crate::error::Result;

/// The core's JSON of an affiliate view.
#[uniffi::export]
pub fn affiliate_view_to_json(value: AffiliateView) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of an invitation batch's outcome (`{"created", "skipped", "errors"}`).
#[uniffi::export]
pub fn invite_outcome_to_json(value: InviteOutcome) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of an invitation.
#[uniffi::export]
pub fn invitation_to_json(value: Invitation) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a click.
#[uniffi::export]
pub fn click_to_json(value: Click) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a tracking outcome (with its quote and explanation).
#[uniffi::export]
pub fn track_outcome_to_json(value: TrackOutcome) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a refund's or chargeback's outcome.
#[uniffi::export]
pub fn refund_outcome_to_json(value: RefundOutcome) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a payout.
#[uniffi::export]
pub fn payout_to_json(value: Payout) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a what-if.
#[uniffi::export]
pub fn what_if_to_json(value: WhatIf) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a plan version.
#[uniffi::export]
pub fn plan_version_to_json(value: PlanVersion) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a commission (with its line shares).
#[uniffi::export]
pub fn commission_to_json(value: Commission) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a commission view (as `approveDue`, `rejectCommission` and events show it).
#[uniffi::export]
pub fn commission_view_to_json(value: CommissionView) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of what `eraseCustomer` answers.
#[uniffi::export]
pub fn customer_erasure_to_json(value: CustomerErasure) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a ledger entry.
#[uniffi::export]
pub fn entry_to_json(value: Entry) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a tracked sale.
#[uniffi::export]
pub fn sale_to_json(value: Sale) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a balance.
#[uniffi::export]
pub fn balance_to_json(value: Balance) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a code validation.
#[uniffi::export]
pub fn code_validation_to_json(value: CodeValidation) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of program or affiliate stats.
#[uniffi::export]
pub fn program_stats_to_json(value: ProgramStats) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a report.
#[uniffi::export]
pub fn report_to_json(value: Report) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a quote (with its explanation).
#[uniffi::export]
pub fn quote_to_json(value: Quote) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a signed webhook (`{"headers", "body"}`).
#[uniffi::export]
pub fn signed_webhook_to_json(value: SignedWebhook) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of the three webhook headers.
#[uniffi::export]
pub fn webhook_headers_to_json(value: WebhookHeaders) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a report bucket.
#[uniffi::export]
pub fn bucket_to_json(value: Bucket) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of an order (zero amounts and an unknown customer left out).
#[uniffi::export]
pub fn order_to_json(value: Order) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of an incentive.
#[uniffi::export]
pub fn incentive_to_json(value: Incentive) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of an incentive preview.
#[uniffi::export]
pub fn incentive_preview_to_json(value: IncentivePreview) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of a code policy.
#[uniffi::export]
pub fn code_policy_to_json(value: CodePolicy) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}

/// The core's JSON of money.
#[uniffi::export]
pub fn money_to_json(value: Money) -> Result<String> {
    Ok(serde_json::to_string(&value)?)
}
