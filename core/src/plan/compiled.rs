//! The validated, typed form of a plan's rules that evaluation works on.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::amounts::{Amounts, Threshold};
use super::spec::{Conditions, Target, TierMetric};

/// The kind of a rule's target, in precedence order (later variants win).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// The program default.
    Program,
    /// An affiliate group.
    Group,
    /// One affiliate (override).
    Affiliate,
    /// A product category.
    Category,
    /// A product.
    Product,
    /// An affiliate group, on some categories.
    GroupCategory,
    /// An affiliate group, on some products.
    GroupProduct,
    /// One affiliate, on some categories.
    AffiliateCategory,
    /// One affiliate, on some products.
    AffiliateProduct,
}

crate::names::snake_names!(TargetKind {
    Program => "program",
    Group => "group",
    Affiliate => "affiliate",
    Category => "category",
    Product => "product",
    GroupCategory => "group_category",
    GroupProduct => "group_product",
    AffiliateCategory => "affiliate_category",
    AffiliateProduct => "affiliate_product",
});

impl Target {
    /// The kind of this target; its order is the precedence.
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Program {} => TargetKind::Program,
            Target::Group { products: Some(_), .. } => TargetKind::GroupProduct,
            Target::Group { categories: Some(_), .. } => TargetKind::GroupCategory,
            Target::Group { .. } => TargetKind::Group,
            Target::Affiliate { products: Some(_), .. } => TargetKind::AffiliateProduct,
            Target::Affiliate { categories: Some(_), .. } => TargetKind::AffiliateCategory,
            Target::Affiliate { .. } => TargetKind::Affiliate,
            Target::Category { .. } => TargetKind::Category,
            Target::Product { .. } => TargetKind::Product,
        }
    }
}

/// A rule after validation: the amount method is typed and complete.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CompiledRule {
    pub index: usize,
    pub id: String,
    pub target: Target,
    pub priority: i32,
    pub commission: Commission,
    pub conditions: Conditions,
    pub cap: Option<Amounts>,
}

/// How a rule computes its amount, with every field it needs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Commission {
    Percentage(Decimal),
    FlatPerOrder(Amounts),
    FlatPerUnit(Amounts),
    Tiered { metric: TierMetric, tiers: Vec<Tier> },
}

/// A validated tier.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tier {
    pub threshold: Threshold,
    pub value: TierValue,
}

/// What a tier pays.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TierValue {
    Rate(Decimal),
    Amount(Amounts),
}

impl Commission {
    /// Whether the commission can be computed for an order in `currency`: a flat amount (or every
    /// amount tier) gives an amount in it. (Revenue thresholds are checked on load to cover every
    /// accepted currency.)
    pub fn pays_in(&self, currency: crate::money::Currency) -> bool {
        match self {
            Commission::Percentage(_) => true,
            Commission::FlatPerOrder(amount) | Commission::FlatPerUnit(amount) => amount.get(currency).is_some(),
            Commission::Tiered { tiers, .. } => tiers.iter().all(|t| match &t.value {
                TierValue::Rate(_) => true,
                TierValue::Amount(amount) => amount.get(currency).is_some(),
            }),
        }
    }
}
