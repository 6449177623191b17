//! Payouts. The core's `Payout` has a crate-private field, so `uniffi::remote` cannot restate it: it
//! crosses as the binding's `PayoutRecord` (the same public fields, checked against the description
//! by `records_match_the_core.rs`; in Kotlin `Payout` is a typealias of it).

use affiliate_kit::money::Money;
use affiliate_kit::program::PayoutStatus;

use crate::custom::{via_json, Timestamp};

/// The core's `Payout` (a payout to one affiliate in one currency), as it crosses.
pub type Payout = affiliate_kit::program::Payout;

/// A payout to one affiliate in one currency (the public fields of the core's `Payout`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, uniffi::Record)]
pub struct PayoutRecord {
    /// `pay_<n>`.
    pub id: String,
    /// The affiliate paid.
    pub affiliate_id: String,
    /// Approved commissions minus outstanding clawbacks.
    pub amount: Money,
    /// Status.
    pub status: PayoutStatus,
    /// Ledger entries it settles.
    pub entry_count: u64,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it was marked paid or failed.
    pub settled_at: Option<Timestamp>,
    /// The host's payment reference, when paid.
    pub reference: Option<String>,
    /// Why it failed.
    pub failure_reason: Option<String>,
}

impl From<Payout> for PayoutRecord {
    fn from(p: Payout) -> Self {
        PayoutRecord {
            id: p.id,
            affiliate_id: p.affiliate_id,
            amount: p.amount,
            status: p.status,
            entry_count: p.entry_count,
            created_at: p.created_at,
            settled_at: p.settled_at,
            reference: p.reference,
            failure_reason: p.failure_reason,
        }
    }
}

uniffi::custom_type!(Payout, PayoutRecord, {
    remote,
    lower: |p| PayoutRecord::from(p),
    try_lift: |r| via_json("payout", &r),
});
