//! Commissions. The core's `Commission` has crate-private fields, so `uniffi::remote` cannot restate
//! it: it crosses as the binding's `CommissionRecord` (the same public fields, checked against the
//! description by `records_match_the_core.rs`; in Kotlin `Commission` is a typealias of it).

use affiliate_kit::money::Money;
use affiliate_kit::program::{CommissionStatus, LineShare};

use crate::custom::{via_json, Timestamp};

/// The core's `Commission` (one beneficiary level of one sale), as it crosses.
pub type Commission = affiliate_kit::program::Commission;

/// A commission: one beneficiary level of one sale (the public fields of the core's `Commission`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, uniffi::Record)]
pub struct CommissionRecord {
    /// `com_<n>`.
    pub id: String,
    /// The beneficiary.
    pub affiliate_id: String,
    /// The sale (order or payment id).
    pub sale_id: String,
    /// 1 for the referring affiliate, 2 for their parent, ...
    pub level: u32,
    /// The rule that produced it.
    pub rule_id: String,
    /// What it earned.
    pub amount: Money,
    /// Its status.
    pub status: CommissionStatus,
    /// When it was earned.
    pub created_at: Timestamp,
    /// Each order line's share of the amount.
    pub line_shares: Vec<LineShare>,
}

impl From<Commission> for CommissionRecord {
    fn from(c: Commission) -> Self {
        CommissionRecord {
            id: c.id,
            affiliate_id: c.affiliate_id,
            sale_id: c.sale_id,
            level: c.level,
            rule_id: c.rule_id,
            amount: c.amount,
            status: c.status,
            created_at: c.created_at,
            line_shares: c.line_shares,
        }
    }
}

uniffi::custom_type!(Commission, CommissionRecord, {
    remote,
    lower: |c| CommissionRecord::from(c),
    try_lift: |r| via_json("commission", &r),
});
