//! Payouts: what an affiliate is paid in one go, and its status.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::money::Money;

/// Where a payout is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayoutStatus {
    /// Created; the host is paying it.
    Created,
    /// Paid.
    Paid,
    /// Failed; its entries are payable again.
    Failed,
}

crate::names::snake_names!(PayoutStatus {
    Created => "created",
    Paid => "paid",
    Failed => "failed",
});

/// A payout to one affiliate in one currency.
#[derive(Debug, Clone, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Payout {
    /// `pay_<n>`, n from 1.
    pub id: String,
    /// The affiliate paid.
    pub affiliate_id: String,
    /// The amount: approved commissions minus outstanding clawbacks.
    pub amount: Money,
    /// Status.
    pub status: PayoutStatus,
    /// Ledger entries it settles.
    pub entry_count: u64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was marked paid or failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settled_at: Option<DateTime<Utc>>,
    /// The host's payment reference (e.g. a bank transfer id), when paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// The entries it settles (rebuilt from their settlement on restore).
    #[serde(skip)]
    pub(crate) entries: Vec<usize>,
}

/// Equality of what a payout is (its serialized fields): the internal `entries` index is left out,
/// so that a payout read back from JSON (a webhook, a restored program's event log) equals the original.
impl PartialEq for Payout {
    fn eq(&self, other: &Payout) -> bool {
        let Payout {
            id,
            affiliate_id,
            amount,
            status,
            entry_count,
            created_at,
            settled_at,
            reference,
            failure_reason,
            entries: _,
        } = self;
        (id, affiliate_id, amount, status, entry_count, created_at, settled_at, reference, failure_reason)
            == (
                &other.id,
                &other.affiliate_id,
                &other.amount,
                &other.status,
                &other.entry_count,
                &other.created_at,
                &other.settled_at,
                &other.reference,
                &other.failure_reason,
            )
    }
}
