//! The result of evaluating a plan: commissions per beneficiary level, each with its explanation.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::compiled::TargetKind;
use super::spec::TierMetric;
use crate::money::{decimal, Currency, Money, RoundingMode};

/// How much explanation [`Plan::quote_with`](super::Plan::quote_with) writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Detail {
    /// Everything: summaries and, per order line, the rules the winner beat or skipped.
    #[default]
    Explained,
    /// The amounts only: the same lines, bases, amounts, calculations, caps and per-line shares,
    /// with empty summaries and no beaten or skipped rules.
    Amounts,
}

/// What an order earns: one line per (winning rule, level 1) group of order lines, then one line per
/// parent level. `total` is the sum of every line's amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quote {
    /// The order quoted.
    pub order_id: String,
    /// The order's currency.
    pub currency: Currency,
    /// The commissions.
    pub lines: Vec<QuoteLine>,
    /// Order lines no rule applied to, with the rules whose conditions failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<UnmatchedLine>,
    /// Sum of all commission amounts (every level).
    pub total: Money,
    /// The program's plan version that quoted it (a program's quotes; `None` for a plan's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_version: Option<u32>,
}

/// One commission of a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteLine {
    /// Who earns it: the affiliate at level 1, a parent above.
    pub beneficiary: String,
    /// 1 for the referring affiliate, 2 for their parent, ...
    pub level: u32,
    /// The rule that produced it (`levels[0]` for level 2, ...).
    pub rule_id: String,
    /// The order lines it covers.
    pub order_lines: Vec<String>,
    /// The base it was computed on.
    pub base: Money,
    /// The commission, rounded to minor units.
    pub amount: Money,
    /// Why this amount.
    pub explanation: Explanation,
}

/// Why a commission is what it is, structured, with a one-sentence summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Explanation {
    /// A sentence such as `rule "books" (category, priority 0) beat "default" (program): 20% of 100.00 EUR = 20.00 EUR`.
    pub summary: String,
    /// How the amount was computed.
    pub calculation: Calculation,
    /// For level 1: per order line, which rule won and which candidates it beat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<LineDecision>,
    /// Caps that reduced the amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub caps: Vec<CapApplied>,
    /// The program's plan version whose rule wrote it (a program's quotes; `None` for a plan's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan_version: Option<u32>,
}

/// The arithmetic behind an amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Calculation {
    /// The method.
    pub method: Method,
    /// The base.
    pub base: Money,
    /// The percentage applied, for percentage methods.
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub rate: Option<Decimal>,
    /// The fixed amount, for flat methods (per order or per unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat: Option<Money>,
    /// Units counted, for flat-per-unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<u32>,
    /// The tier chosen, for tiered rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<TierChoice>,
    /// Why the amount is zero, when it is by rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zero_reason: Option<ZeroReason>,
    /// The exact amount before rounding (and before caps); it may use all 29 digits of a Decimal.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::exact_string")]
    pub exact: Decimal,
    /// The rounding mode used.
    pub rounding: RoundingMode,
}

/// How an amount was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A percentage of the base.
    Percentage,
    /// A fixed amount per order.
    FlatPerOrder,
    /// A fixed amount per unit.
    FlatPerUnit,
    /// A volume tier's rate or amount.
    Tiered,
    /// A parent's percentage of the sale base.
    LevelOfSale,
    /// A parent's percentage of the child's commission.
    LevelOfCommission,
}

/// Why a rule that applied pays nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ZeroReason {
    /// The base after discounts is zero or less.
    NonPositiveBase,
    /// The affiliate's volume is below the first tier.
    BelowFirstTier,
}

/// The volume tier a tiered rule chose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TierChoice {
    /// What was counted.
    pub metric: TierMetric,
    /// The affiliate's volume before this order.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub volume: Decimal,
    /// The index of the tier in the rule.
    pub index: u32,
    /// Its threshold.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub threshold: Decimal,
}

/// For one order line: the winning rule and the candidates it beat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineDecision {
    /// The order line.
    pub line_id: String,
    /// Its commission base.
    pub base: Money,
    /// Its share of the rule's commission (split by base, largest remainder), so that partial
    /// refunds by line can reverse exactly what each line earned.
    pub amount: Money,
    /// The winning rule.
    pub rule_id: String,
    /// The winner's target kind (its precedence).
    pub target: TargetKind,
    /// The winner's priority.
    pub priority: i32,
    /// Matching rules that lost, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub beaten: Vec<Beaten>,
    /// Rules whose target matched but a condition failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A matching rule that lost to the winner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Beaten {
    /// The losing rule.
    pub rule_id: String,
    /// Its target kind.
    pub target: TargetKind,
    /// Its priority.
    pub priority: i32,
    /// Why it lost.
    pub reason: BeatReason,
}

/// Why a matching rule lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum BeatReason {
    /// The winner's target is more specific (program < group < affiliate < category < product).
    LessSpecificTarget,
    /// Same target kind, lower priority.
    LowerPriority,
    /// Same target kind and priority, later in the plan.
    LaterInPlan,
}

/// A rule whose target matched a line but one of whose conditions failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Skipped {
    /// The rule.
    pub rule_id: String,
    /// The first condition that failed.
    pub failed: FailedCondition,
}

/// A rule condition that did not hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FailedCondition {
    /// The subtotal is below the minimum.
    MinSubtotal,
    /// The customer bought before.
    NewCustomersOnly,
    /// The customer's country is not listed (or unknown).
    Country,
    /// The order is outside the date window.
    Window,
    /// The line's product is not listed.
    Product,
    /// The line's category is not listed (or unknown).
    Category,
    /// This payment number does not earn.
    Payment,
    /// The rule gives no amount in the order's currency.
    Currency,
}

/// An order line that earned nothing because no rule applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UnmatchedLine {
    /// The order line.
    pub line_id: String,
    /// Rules whose target matched but a condition failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<Skipped>,
}

/// A cap that reduced a commission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CapApplied {
    /// Which cap.
    pub cap: CapKind,
    /// What was left under the cap for this order.
    pub limit: Money,
    /// The amount before the cap.
    pub before: Money,
    /// The amount after the cap.
    pub after: Money,
}

/// The kinds of cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CapKind {
    /// The rule's own `cap`.
    Rule,
    /// The plan's `caps.per_order`.
    PerOrder,
    /// The plan's `caps.per_customer`.
    PerCustomer,
    /// The plan's `caps.per_affiliate_period`.
    PerAffiliatePeriod,
}

crate::names::snake_names!(CapKind {
    Rule => "rule",
    PerOrder => "per_order",
    PerCustomer => "per_customer",
    PerAffiliatePeriod => "per_affiliate_period",
});
