//! The plan as data: the serde shape of a commission plan, exactly as it appears in JSON.
//!
//! A spec is validated and compiled into a [`Plan`](super::Plan) by [`Plan::new`](super::Plan::new)
//! or [`Plan::from_json`](super::Plan::from_json). Decimals are JSON strings (`"12.5"`), money is
//! `{"amount": "5.00", "currency": "EUR"}`. Unknown fields are rejected, so a misspelt condition
//! never silently widens a rule.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::amounts::{Amounts, Threshold};
use crate::money::{decimal, Currency};

/// A commission plan: rules evaluated per order line, plan-wide caps and multi-level rates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    /// The plan's currency: the program's. Fixed amounts (flat commissions, caps, minimums) are in
    /// it or given per currency, one for each currency the program accepts (see [`Amounts`]).
    pub currency: Currency,
    /// What the commission base includes.
    #[serde(default)]
    pub base: BaseOptions,
    /// The period over which tier metrics and the per-affiliate cap are counted (the host or the
    /// program computes the totals for the context).
    #[serde(default)]
    pub period: Period,
    /// The rules; for each order line the most specific matching rule wins.
    pub rules: Vec<RuleSpec>,
    /// Caps on an affiliate's direct (level 1) commission.
    #[serde(default, skip_serializing_if = "Caps::is_empty")]
    pub caps: Caps,
    /// Rates for parents up the referral chain: `levels[0]` is level 2 (the referrer's referrer).
    /// The list's length is the depth limit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelSpec>,
}

/// What the commission base of a line includes besides the discounted line amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BaseOptions {
    /// Include tax (line tax plus prorated order tax). Default: excluded.
    pub include_tax: bool,
    /// Include prorated shipping. Default: excluded.
    pub include_shipping: bool,
}

/// The counting period for tiers and period caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// Calendar month in the program's timezone (the default).
    #[default]
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year.
    Year,
    /// Since the affiliate joined.
    Lifetime,
}

/// One commission rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Unique id, quoted back in every commission the rule produces.
    pub id: String,
    /// What the rule applies to; decides its precedence.
    pub target: Target,
    /// Breaks ties between rules of the same target kind: higher wins. Default 0.
    #[serde(default)]
    pub priority: i32,
    /// How the amount is computed; the fields below that it needs must be present.
    pub commission: CommissionKind,
    /// Percentage of the base, for `percentage` (0..=100).
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// Fixed amount, for `flat_per_order` and `flat_per_unit`; per currency in a program of several
    /// (the rule does not apply to orders in a currency it gives no amount in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amounts>,
    /// What tiers are counted by, for `tiered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<TierMetric>,
    /// Tiers with ascending thresholds, for `tiered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tiers: Option<Vec<TierSpec>>,
    /// Conditions that must all hold for the rule to apply.
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    pub conditions: Conditions,
    /// Most this rule pays for one order (in every currency the program accepts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Amounts>,
}

/// How a rule computes its amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommissionKind {
    /// `rate` % of the base.
    Percentage,
    /// `amount` once per order (for the lines the rule wins).
    FlatPerOrder,
    /// `amount` per unit sold.
    FlatPerUnit,
    /// A tier chosen by the affiliate's volume before this order; its rate (or amount) applies to the
    /// whole base.
    Tiered,
}

/// The volume a tier is chosen by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TierMetric {
    /// Number of the affiliate's sales in the period before this order.
    SalesCount,
    /// The affiliate's revenue in the order's currency in the period before this order.
    Revenue,
}

/// One volume tier: from `threshold` (inclusive) on, pay `rate` % of the base or `amount` per order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TierSpec {
    /// Volume from which this tier applies (inclusive): a sales count, or revenue (in the plan's
    /// currency, or per currency: one for each currency the program accepts).
    pub threshold: Threshold,
    /// Percentage of the base (0..=100); exactly one of `rate` and `amount`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// Fixed amount per order; exactly one of `rate` and `amount`. Per currency in a program of
    /// several (the rule does not apply to orders in a currency it gives no amount in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amounts>,
}

/// What a rule applies to, from least to most specific: program < group < affiliate < category <
/// product < group with categories < group with products < affiliate with categories < affiliate
/// with products. The most specific matching rule wins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// Every line (the program default). (An empty struct variant, so that stray fields such as
    /// `categories` are rejected rather than ignored.)
    Program {},
    /// Lines sold by affiliates of this group; with `categories` or `products`, only those lines
    /// (a combined target, more specific than any single one: "20% on books for the gold group").
    Group {
        /// The affiliate group.
        group: String,
        /// Only lines whose category is one of these (at most one of `categories` and `products`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        categories: Option<Vec<String>>,
        /// Only lines whose product is one of these.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        products: Option<Vec<String>>,
    },
    /// Lines sold by this affiliate (an override); with `categories` or `products`, only those lines
    /// (a combined target, the most specific: "VIP rate for aff_7 on the course").
    Affiliate {
        /// The affiliate id.
        affiliate: String,
        /// Only lines whose category is one of these (at most one of `categories` and `products`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        categories: Option<Vec<String>>,
        /// Only lines whose product is one of these.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        products: Option<Vec<String>>,
    },
    /// Lines whose category is one of these.
    Category {
        /// The categories.
        categories: Vec<String>,
    },
    /// Lines whose product is one of these.
    Product {
        /// The product ids.
        products: Vec<String>,
    },
}

/// Conditions of a rule; all present ones must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Conditions {
    /// The order subtotal (after discounts, before tax and shipping) must reach this (in every
    /// currency the program accepts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_subtotal: Option<Amounts>,
    /// Only for customers who never bought before.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub new_customers_only: bool,
    /// The customer's country (ISO 3166 alpha-2) must be one of these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub countries: Option<Vec<String>>,
    /// The order must fall in `[from, to)`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<Window>,
    /// The line's product must be one of these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
    /// The line's category must be one of these.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
    /// Which payments of a subscription earn (recurring commissions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payments: Option<Payments>,
}

/// A half-open date window `[from, to)`; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// First instant included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<DateTime<Utc>>,
    /// First instant excluded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<DateTime<Utc>>,
}

/// Which payments of a subscription or installment plan earn commission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Payments {
    /// Only the first payment.
    FirstOnly {},
    /// The first `count` payments.
    FirstN {
        /// How many payments earn.
        count: u32,
    },
    /// Payments made within `months` months of the first payment.
    Months {
        /// How many months earn.
        months: u32,
    },
    /// Every payment (the same as no condition).
    Lifetime {},
}

/// Caps on the direct (level 1) commission of an order, each in every currency the program accepts
/// (counting what was earned in the order's currency).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Caps {
    /// Most one order pays.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_order: Option<Amounts>,
    /// Most an affiliate earns from one customer, ever.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_customer: Option<Amounts>,
    /// Most an affiliate earns in one period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_affiliate_period: Option<Amounts>,
}

impl Caps {
    /// Whether no cap is set.
    pub fn is_empty(&self) -> bool {
        self.per_order.is_none() && self.per_customer.is_none() && self.per_affiliate_period.is_none()
    }
}

impl Conditions {
    /// Whether no condition is set.
    pub fn is_empty(&self) -> bool {
        self == &Conditions::default()
    }
}

/// The rate of one level up the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LevelSpec {
    /// Percentage (0..=100) of `of`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub rate: Decimal,
    /// What the percentage is taken of.
    #[serde(default)]
    pub of: LevelBase,
}

/// What a level's percentage is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum LevelBase {
    /// The sale's commissionable base (the default): 2 % of 1000.00 is 20.00.
    #[default]
    Sale,
    /// The commission of the level below: 10 % of a 100.00 commission is 10.00.
    Commission,
}

crate::names::snake_names!(CommissionKind {
    Percentage => "percentage",
    FlatPerOrder => "flat_per_order",
    FlatPerUnit => "flat_per_unit",
    Tiered => "tiered",
});

crate::names::snake_names!(TierMetric { SalesCount => "sales_count", Revenue => "revenue" });
