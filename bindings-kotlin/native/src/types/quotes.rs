//! Quotes and their explanations (mirrors).

use affiliate_kit::money::{Currency, Money, RoundingMode};
use affiliate_kit::plan::{
    BeatReason, Beaten, Calculation, CapApplied, CapKind, Explanation, FailedCondition, LineDecision, Method, Quote,
    QuoteLine, Skipped, TargetKind, TierChoice, TierMetric, UnmatchedLine, ZeroReason,
};
use rust_decimal::Decimal;

/// What an order earns: commissions per rule and level, and their total.
#[uniffi::remote(Record)]
pub struct Quote {
    /// The order quoted.
    pub order_id: String,
    /// The order's currency.
    pub currency: Currency,
    /// The commissions.
    pub lines: Vec<QuoteLine>,
    /// Order lines no rule applied to.
    pub unmatched: Vec<UnmatchedLine>,
    /// Sum of all commission amounts (every level).
    pub total: Money,
}

/// One commission of a quote.
#[uniffi::remote(Record)]
pub struct QuoteLine {
    /// Who earns it.
    pub beneficiary: String,
    /// 1 for the referring affiliate, 2 for their parent, ...
    pub level: u32,
    /// The rule that produced it.
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

/// Why a commission is what it is, with a one-sentence summary.
#[uniffi::remote(Record)]
pub struct Explanation {
    /// A one-sentence summary.
    pub summary: String,
    /// How the amount was computed.
    pub calculation: Calculation,
    /// For level 1: per order line, which rule won and which it beat.
    pub decisions: Vec<LineDecision>,
    /// Caps that reduced the amount.
    pub caps: Vec<CapApplied>,
}

/// The arithmetic behind an amount.
#[uniffi::remote(Record)]
pub struct Calculation {
    /// The method.
    pub method: Method,
    /// The base.
    pub base: Money,
    /// The percentage applied, for percentage methods.
    pub rate: Option<Decimal>,
    /// The fixed amount, for flat methods.
    pub flat: Option<Money>,
    /// Units counted, for flat-per-unit.
    pub units: Option<u32>,
    /// The tier chosen, for tiered rules.
    pub tier: Option<TierChoice>,
    /// Why the amount is zero, when it is by rule.
    pub zero_reason: Option<ZeroReason>,
    /// The exact amount before rounding and caps.
    pub exact: Decimal,
    /// The rounding mode used.
    pub rounding: RoundingMode,
}

/// How an amount was computed.
#[uniffi::remote(Enum)]
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
#[uniffi::remote(Enum)]
pub enum ZeroReason {
    /// The base after discounts is zero or less.
    NonPositiveBase,
    /// The affiliate's volume is below the first tier.
    BelowFirstTier,
}

/// The volume tier a tiered rule chose.
#[uniffi::remote(Record)]
pub struct TierChoice {
    /// What was counted.
    pub metric: TierMetric,
    /// The affiliate's volume before this order.
    pub volume: Decimal,
    /// The index of the tier in the rule.
    pub index: u32,
    /// Its threshold.
    pub threshold: Decimal,
}

/// The volume a tier is chosen by.
#[uniffi::remote(Enum)]
pub enum TierMetric {
    /// Number of the affiliate's sales in the period before this order.
    SalesCount,
    /// The affiliate's revenue in the period before this order.
    Revenue,
}

/// For one order line: the winning rule and the candidates it beat.
#[uniffi::remote(Record)]
pub struct LineDecision {
    /// The order line.
    pub line_id: String,
    /// Its commission base.
    pub base: Money,
    /// Its share of the rule's commission.
    pub amount: Money,
    /// The winning rule.
    pub rule_id: String,
    /// The winner's target kind.
    pub target: TargetKind,
    /// The winner's priority.
    pub priority: i32,
    /// Matching rules that lost, and why.
    pub beaten: Vec<Beaten>,
    /// Rules whose target matched but a condition failed.
    pub skipped: Vec<Skipped>,
}

/// The kind of a rule's target, in precedence order (later variants win).
#[uniffi::remote(Enum)]
pub enum TargetKind {
    /// The program default.
    Program,
    /// An affiliate group.
    Group,
    /// One affiliate.
    Affiliate,
    /// A product category.
    Category,
    /// A product.
    Product,
}

/// A matching rule that lost to the winner.
#[uniffi::remote(Record)]
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
#[uniffi::remote(Enum)]
pub enum BeatReason {
    /// The winner's target is more specific.
    LessSpecificTarget,
    /// Same target kind, lower priority.
    LowerPriority,
    /// Same target kind and priority, later in the plan.
    LaterInPlan,
}

/// A rule whose target matched a line but one of whose conditions failed.
#[uniffi::remote(Record)]
pub struct Skipped {
    /// The rule.
    pub rule_id: String,
    /// The first condition that failed.
    pub failed: FailedCondition,
}

/// A rule condition that did not hold.
#[uniffi::remote(Enum)]
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
}

/// An order line that earned nothing because no rule applied.
#[uniffi::remote(Record)]
pub struct UnmatchedLine {
    /// The order line.
    pub line_id: String,
    /// Rules whose target matched but a condition failed.
    pub skipped: Vec<Skipped>,
}

/// A cap that reduced a commission.
#[uniffi::remote(Record)]
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
#[uniffi::remote(Enum)]
pub enum CapKind {
    /// The rule's own cap.
    Rule,
    /// The plan's per-order cap.
    PerOrder,
    /// The plan's per-customer cap.
    PerCustomer,
    /// The plan's per-affiliate-period cap.
    PerAffiliatePeriod,
}
