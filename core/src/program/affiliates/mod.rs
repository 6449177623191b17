//! Affiliates: who they are, their status, their codes, and the shape they are read in.

pub(in crate::program) mod attribution;
pub(crate) mod customers;
pub(in crate::program) mod invitations;
pub(in crate::program) mod verbs;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codes::Incentive;
use crate::error::{Error, Result};
use crate::money::{decimal, Money};

/// Where an affiliate is in their life with the program. Only `active` affiliates earn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AffiliateStatus {
    /// Registered, waiting for approval (when the program does not auto-approve).
    Pending,
    /// Earning.
    Active,
    /// Paused by the program or the affiliate; keeps the balance, earns nothing.
    Inactive,
    /// Blocked (e.g. fraud); earns nothing and is not paid out.
    Suspended,
    /// Personal data erased; the ledger is kept under the id.
    Deleted,
}

crate::names::snake_names!(AffiliateStatus {
    Pending => "pending",
    Active => "active",
    Inactive => "inactive",
    Suspended => "suspended",
    Deleted => "deleted",
});

/// How an affiliate joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AffiliateSource {
    /// Registered by the host (sign-up form, API, import).
    #[default]
    Registration,
    /// Accepted an invitation.
    Invitation,
}

/// A referral code of an affiliate, as stored: canonical text, optional incentive and expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AffiliateCode {
    /// The canonical code (see [`crate::codes::canonical_code`]).
    pub code: String,
    /// The customer discount the code carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incentive: Option<Incentive>,
    /// From this instant on, the code no longer validates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was added.
    pub created_at: DateTime<Utc>,
}

/// An affiliate as the program keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Affiliate {
    /// The id (the host's, or `aff_<n>` assigned by the program).
    pub id: String,
    /// Display name (`None` once deleted).
    pub name: Option<String>,
    /// E-mail, as given (`None` once deleted). Unique across the program, case-insensitively.
    pub email: Option<String>,
    /// Status.
    pub status: AffiliateStatus,
    /// Group, for group rules of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The affiliate who referred this one (level 2 of their sales).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Their own percentage (Chariow's `commission_rate`), set by `update_affiliate`: a plan-level
    /// override for them (see [`crate::plan::OWN_RATE_RULE`]).
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "crate::money::decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub commission_rate: Option<Decimal>,
    /// How they joined.
    #[serde(default)]
    pub source: AffiliateSource,
    /// Their codes, the first being the primary one.
    #[serde(default)]
    pub codes: Vec<AffiliateCode>,
    /// Their hold, while on hold (`hold_affiliate`): new commissions are held, payouts skip them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<AffiliateHold>,
    /// Registration instant.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// Why and since when an affiliate is on hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AffiliateHold {
    /// The reason given.
    pub reason: String,
    /// When the hold began.
    pub since: DateTime<Utc>,
}

/// What `register_affiliate` takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Registration {
    /// The host's id; when absent the program assigns `aff_<n>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// E-mail address.
    pub email: String,
    /// A vanity code to start with (validated against the code policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Group, for group rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The referring affiliate's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// What `update_affiliate` changes; absent fields stay as they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AffiliateUpdate {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// New group (`""` clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Their own percentage, `"0"` to `"100"` (`""` clears it: the plan's rules apply again). It
    /// quotes their sales from now on as an affiliate rule placed before the plan's rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commission_rate: Option<String>,
}

/// Running totals of an affiliate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AffiliateStats {
    /// Customers first brought by this affiliate (orders without a customer id count one each).
    pub total_referrals: u64,
    /// Credited sales (orders and subscription payments).
    pub total_sales: u64,
    /// Commission earned net of reversals, clawbacks and rejections, in the program currency.
    pub total_earnings: Money,
}

/// An affiliate in the shape of the Chariow affiliate object: what `affiliate`, `affiliates` and the
/// `affiliate.*` events answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AffiliateView {
    /// Id.
    pub id: String,
    /// Primary code, if any.
    pub code: Option<String>,
    /// Display name (`null` once deleted).
    pub name: Option<String>,
    /// E-mail (`null` once deleted).
    pub email: Option<String>,
    /// The percentage the plan pays this affiliate by default: the first percentage rule targeting
    /// the affiliate, else their group, else the program; `null` when none.
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(with = "decimal::option_string")]
    pub commission_rate: Option<Decimal>,
    /// Status.
    pub status: AffiliateStatus,
    /// Group.
    pub group: Option<String>,
    /// Referrer.
    pub parent: Option<String>,
    /// Every code of the affiliate.
    pub codes: Vec<String>,
    /// Their hold, while on hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold: Option<AffiliateHold>,
    /// Totals.
    pub stats: AffiliateStats,
    /// Registration instant.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
}

/// The longest id, name or e-mail accepted, in bytes.
pub const MAX_TEXT_LEN: usize = 320;

/// Checks an id: 1 to 320 visible ASCII characters, no spaces.
pub(crate) fn check_id(field: &str, id: &str) -> Result<()> {
    if id.is_empty() || id.len() > MAX_TEXT_LEN || !id.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::input(field, format!("{id:?} must be 1 to {MAX_TEXT_LEN} visible ASCII characters")));
    }
    Ok(())
}

/// Checks a display name: not blank, at most 320 bytes, no control characters.
pub(crate) fn check_name(name: &str) -> Result<()> {
    if name.trim().is_empty() || name.len() > MAX_TEXT_LEN || name.chars().any(char::is_control) {
        return Err(Error::input("name", format!("{name:?} must be non-blank text of at most {MAX_TEXT_LEN} bytes")));
    }
    Ok(())
}

/// Checks an e-mail address (a pragmatic subset of RFC 5321: `local@domain.tld`, ASCII, no spaces)
/// and returns its lookup key (lower case).
pub fn email_key(email: &str) -> Result<String> {
    let bad = |why: &str| Error::input("email", format!("{email:?} is not an e-mail address: {why}"));
    if email.len() > 254 {
        return Err(bad("longer than 254 characters"));
    }
    if !email.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad("only visible ASCII characters are allowed"));
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(bad("missing @"));
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return Err(bad("the part before @ must be 1 to 64 characters, and only one @"));
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return Err(bad("the domain must be labels separated by dots, e.g. example.com"));
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return Err(bad("dots in the local part must separate characters"));
    }
    Ok(email.to_ascii_lowercase())
}
