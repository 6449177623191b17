//! Affiliates: what registering and updating take, how they are read, and clicks (mirrors).

use affiliate_kit::money::Money;
use affiliate_kit::program::{AffiliateStats, AffiliateStatus, AffiliateUpdate, AffiliateView, Click, Registration};
use rust_decimal::Decimal;

use crate::custom::Timestamp;

/// Where an affiliate is in their life with the program; only active affiliates earn.
#[uniffi::remote(Enum)]
pub enum AffiliateStatus {
    /// Registered, waiting for approval.
    Pending,
    /// Earning.
    Active,
    /// Paused; keeps the balance, earns nothing.
    Inactive,
    /// Blocked; earns nothing and is not paid out.
    Suspended,
    /// Personal data erased; the ledger is kept under the id.
    Deleted,
}

/// What `Program.registerAffiliate` takes.
#[uniffi::remote(Record)]
pub struct Registration {
    /// The host's id; when absent the program assigns `aff_<n>`.
    #[uniffi(default = None)]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// A vanity code to start with.
    #[uniffi(default = None)]
    pub code: Option<String>,
    /// Group, for group rules.
    #[uniffi(default = None)]
    pub group: Option<String>,
    /// The referring affiliate's id.
    #[uniffi(default = None)]
    pub parent: Option<String>,
}

/// What `Program.updateAffiliate` changes; absent fields stay as they are.
#[uniffi::remote(Record)]
pub struct AffiliateUpdate {
    /// New display name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// New e-mail.
    #[uniffi(default = None)]
    pub email: Option<String>,
    /// New group (`""` clears it).
    #[uniffi(default = None)]
    pub group: Option<String>,
}

/// Running totals of an affiliate.
#[uniffi::remote(Record)]
pub struct AffiliateStats {
    /// Customers first brought by this affiliate.
    pub total_referrals: u64,
    /// Credited sales (orders and subscription payments).
    pub total_sales: u64,
    /// Commission earned net of corrections, in the program currency.
    pub total_earnings: Money,
}

/// An affiliate as reads, command answers and events show it.
#[uniffi::remote(Record)]
pub struct AffiliateView {
    /// Id.
    pub id: String,
    /// Primary code, if any.
    pub code: Option<String>,
    /// Display name (`null` once deleted).
    pub name: Option<String>,
    /// E-mail (`null` once deleted).
    pub email: Option<String>,
    /// The percentage the plan pays this affiliate by default, if any.
    pub commission_rate: Option<Decimal>,
    /// Status.
    pub status: AffiliateStatus,
    /// Group.
    pub group: Option<String>,
    /// Referrer.
    pub parent: Option<String>,
    /// Every code of the affiliate.
    pub codes: Vec<String>,
    /// Totals.
    pub stats: AffiliateStats,
    /// Registration instant.
    pub created_at: Timestamp,
    /// Last change.
    pub updated_at: Timestamp,
}

/// A visit through an affiliate's link or code.
#[uniffi::remote(Record)]
pub struct Click {
    /// The affiliate the link belongs to.
    pub affiliate_id: String,
    /// The canonical code of the link.
    pub code: String,
    /// When.
    pub at: Timestamp,
}
