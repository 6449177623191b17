//! Stats and reports (mirrors).

use affiliate_kit::money::Money;
use affiliate_kit::program::{ProgramStats, Report, ReportRow};
use affiliate_kit::time::Granularity;

use crate::custom::Timestamp;

/// Totals for one affiliate or the whole program, in the program currency.
#[uniffi::remote(Record)]
pub struct ProgramStats {
    /// The affiliate, or `null` for the program.
    pub affiliate_id: Option<String>,
    /// Affiliates (1 for an affiliate's stats).
    pub affiliates: u64,
    /// Active affiliates.
    pub active_affiliates: u64,
    /// Credited sales (orders and payments).
    pub sales: u64,
    /// Customers first brought.
    pub referrals: u64,
    /// Subtotal of the credited sales.
    pub revenue: Money,
    /// Commissions written.
    pub earned: Money,
    /// Reversed, clawed back or rejected.
    pub reversed: Money,
    /// In the holding period.
    pub pending: Money,
    /// Payable now.
    pub payable: Money,
    /// In payouts not yet paid.
    pub in_payout: Money,
    /// Paid out.
    pub paid: Money,
}

/// A report: one row per calendar bucket of the program's timezone.
#[uniffi::remote(Record)]
pub struct Report {
    /// The IANA timezone of the buckets.
    pub timezone: String,
    /// The bucket size.
    pub granularity: Granularity,
    /// The affiliate, or `null` for the program.
    pub affiliate_id: Option<String>,
    /// The rows, oldest first, empty buckets included.
    pub rows: Vec<ReportRow>,
}

/// One bucket of a report.
#[uniffi::remote(Record)]
pub struct ReportRow {
    /// `2026-02-01`, `2026-W05`, `2026-02`, ...
    pub label: String,
    /// First instant of the bucket.
    pub start: Timestamp,
    /// First instant after it.
    pub end: Timestamp,
    /// Credited sales tracked in the bucket.
    pub sales: u64,
    /// Their subtotal.
    pub revenue: Money,
    /// Commissions written in the bucket.
    pub earned: Money,
    /// Corrections written in the bucket (positive).
    pub reversed: Money,
}
