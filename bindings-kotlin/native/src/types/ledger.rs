//! The commission ledger: commissions, entries, balances (mirrors). The core's `Commission` has
//! crate-private fields, so it crosses as the binding's `CommissionRecord` (same public fields; in
//! Kotlin `Commission` is a typealias of it).

use affiliate_kit::money::{Currency, Money};
use affiliate_kit::program::{Balance, CommissionStatus, CommissionView, Entry, EntryKind, LineShare, Settlement};
use rust_decimal::Decimal;

use crate::custom::{via_json, Timestamp};

/// Where a commission is in its life.
#[uniffi::remote(Enum)]
pub enum CommissionStatus {
    /// In its holding period.
    Pending,
    /// Payable (or in a payout not yet paid).
    Approved,
    /// Paid out.
    Paid,
    /// Rejected; its remaining amount was cancelled.
    Rejected,
}

/// The kinds of ledger entry.
#[uniffi::remote(Enum)]
pub enum EntryKind {
    /// A commission earned (positive).
    Commission,
    /// A refund or chargeback reversing an unpaid commission (negative).
    Reversal,
    /// A refund or chargeback after the commission was paid or put in a payout (negative).
    Clawback,
    /// A rejection cancelling what was left of a commission (negative).
    Rejection,
}

/// The settlement bucket an entry sits in.
#[uniffi::remote(Enum)]
pub enum Settlement {
    /// Waiting for the holding period.
    Pending,
    /// Payable.
    Approved,
    /// In a payout not yet paid (its number n, of id `pay_<n>`).
    InPayout(u32),
    /// Paid by a payout (its number n, of id `pay_<n>`).
    Paid(u32),
}

/// One immutable ledger entry; only its settlement moves.
#[uniffi::remote(Record)]
pub struct Entry {
    /// `ent_<n>`.
    pub id: String,
    /// The commission it belongs to.
    pub commission_id: String,
    /// The beneficiary.
    pub affiliate_id: String,
    /// What it records.
    pub kind: EntryKind,
    /// Signed amount: positive for commissions, negative for corrections.
    pub amount: Money,
    /// When it was written.
    pub at: Timestamp,
    /// The refund or rejection that caused it, for corrections.
    pub cause: Option<String>,
    /// Where it is in settlement.
    pub settlement: Settlement,
}

/// An order line's share of a commission.
#[uniffi::remote(Record)]
pub struct LineShare {
    /// The order line.
    pub line_id: String,
    /// Its share.
    pub amount: Decimal,
}

/// A commission as reads and events show it.
#[uniffi::remote(Record)]
pub struct CommissionView {
    /// Id.
    pub id: String,
    /// Beneficiary.
    pub affiliate_id: String,
    /// The sale (order or payment id).
    pub sale_id: String,
    /// Level.
    pub level: u32,
    /// Rule.
    pub rule_id: String,
    /// What it earned.
    pub amount: Money,
    /// Reversed, clawed back or rejected so far.
    pub reversed: Money,
    /// Status.
    pub status: CommissionStatus,
    /// When it was earned.
    pub created_at: Timestamp,
}

/// An affiliate's balance in one currency.
#[uniffi::remote(Record)]
pub struct Balance {
    /// The affiliate.
    pub affiliate_id: String,
    /// The currency.
    pub currency: Currency,
    /// Commissions in their holding period, net of their corrections.
    pub pending: Money,
    /// Approved commissions not yet in a payout, net of their corrections.
    pub approved: Money,
    /// What the next payout would pay (may be negative).
    pub payable: Money,
    /// In payouts created but not yet marked paid.
    pub in_payout: Money,
    /// Paid out.
    pub paid: Money,
    /// Every commission written.
    pub earned: Money,
    /// Every reversal, clawback and rejection (positive).
    pub reversed: Money,
}

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
