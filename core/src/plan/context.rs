//! What a quote knows besides the order: who sells, their chain, volumes so far and the payment.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{decimal, RoundingMode};

/// Everything the rules need that is not in the order. A program fills it from its ledger; a host
/// quoting by hand sets what it knows. Decimal totals are in the order's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct QuoteContext {
    /// The affiliate credited with the order (level 1).
    pub affiliate: String,
    /// The affiliate's group, for group rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The affiliate's own percentage (their `commission_rate`), which acts as an affiliate rule
    /// `commission_rate` placed before the plan's rules (see [`crate::plan::OWN_RATE_RULE`]).
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub affiliate_rate: Option<Decimal>,
    /// Parents up the referral chain, nearest first (level 2, level 3, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    /// Whether the customer never bought before. Default false: a host (or the program, from its
    /// ledger) must assert it for `new_customers_only` rules to pay.
    #[serde(default)]
    pub new_customer: bool,
    /// The affiliate's number of sales in the plan's period, before this order.
    #[serde(default)]
    pub period_sales_count: u32,
    /// The affiliate's revenue in the plan's period, before this order.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string")]
    pub period_revenue: Decimal,
    /// Commission the affiliate already earned in the plan's period (for the period cap).
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string")]
    pub period_earned: Decimal,
    /// Commission the affiliate already earned from this customer (for the customer cap).
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string")]
    pub customer_earned: Decimal,
    /// Which payment of a subscription this is: 1 for the first (and for one-off orders).
    #[serde(default = "one")]
    pub payment_number: u32,
    /// When the subscription's first payment was made (for `months` payment conditions; required
    /// from the second payment on, else those conditions fail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_payment_at: Option<DateTime<Utc>>,
    /// When the order happens (for date windows).
    pub at: DateTime<Utc>,
    /// How commissions are rounded to minor units.
    #[serde(default)]
    pub rounding: RoundingMode,
}

fn one() -> u32 {
    1
}

impl QuoteContext {
    /// A context for `affiliate` at `at`: returning customer, first payment, no volume yet, half-up.
    pub fn new(affiliate: impl Into<String>, at: DateTime<Utc>) -> QuoteContext {
        QuoteContext {
            affiliate: affiliate.into(),
            group: None,
            affiliate_rate: None,
            parents: Vec::new(),
            new_customer: false,
            period_sales_count: 0,
            period_revenue: Decimal::ZERO,
            period_earned: Decimal::ZERO,
            customer_earned: Decimal::ZERO,
            payment_number: 1,
            first_payment_at: None,
            at,
            rounding: RoundingMode::HalfUp,
        }
    }
}
