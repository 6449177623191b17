//! Commission plans: pure data (JSON in and out, validated on load) evaluated against an order and
//! a [`QuoteContext`] into a [`Quote`] that explains every amount.
//!
//! Evaluation, in order:
//! 1. each line's base: net of line and prorated order discounts, excluding tax and shipping unless
//!    the plan includes them ([`BaseOptions`]);
//! 2. per line, the winning rule: the most specific target, then `priority`, then plan order;
//! 3. per winning rule, one level-1 commission over the lines it won, computed exactly and rounded
//!    once to minor units with the context's [`RoundingMode`](crate::money::RoundingMode);
//! 4. the rule's own cap, then the plan's caps (shared back across the lines by allocation);
//! 5. one commission per parent level, of the sale base or of the child's (rounded) commission.

mod amounts;
mod base;
mod caps;
mod compiled;
mod conditions;
mod context;
mod evaluate;
mod order;
mod quote;
mod rule_amount;
mod select;
mod spec;
mod validate;
mod words;

pub use amounts::{Amounts, CurrencyAmount, Threshold};
pub use compiled::TargetKind;
pub use context::QuoteContext;
pub(crate) use evaluate::validate_context;
pub use evaluate::OWN_RATE_RULE;
pub(crate) use order::order_scale;
pub use order::{Customer, Order, OrderLine, MAX_ORDER_DECIMALS};
pub use quote::{
    BeatReason, Beaten, Calculation, CapApplied, CapKind, Detail, Explanation, FailedCondition, LineDecision, Method,
    Quote, QuoteLine, Skipped, TierChoice, UnmatchedLine, ZeroReason,
};
pub use spec::{
    BaseOptions, Caps, CommissionKind, Conditions, LevelBase, LevelSpec, Payments, Period, PlanSpec, RuleSpec, Target,
    TierMetric, TierSpec, Window,
};
pub use validate::{MAX_LEVELS, MAX_RATE_DECIMALS};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{from_json_with_path, Error, Result};

/// A validated commission plan. Build one with [`Plan::new`] or [`Plan::from_json`]; it serializes
/// back to its [`PlanSpec`].
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    spec: PlanSpec,
    rules: Vec<compiled::CompiledRule>,
    /// The indices of `rules`, highest precedence first ([`select::precedence_order`]).
    by_precedence: Vec<usize>,
    /// The currencies it quotes orders in: the plan's, then the program's others.
    currencies: Vec<crate::money::Currency>,
}

impl Plan {
    /// Validates `spec`; errors are [`Error::InvalidPlan`] with the path of the bad field.
    /// The plan quotes orders in its currency only.
    pub fn new(spec: PlanSpec) -> Result<Plan> {
        let currencies = vec![spec.currency];
        Plan::for_currencies(spec, &currencies)
    }

    /// Validates `spec` for a program that accepts orders in `currencies` (the plan's currency
    /// among them): every limit (cap, minimum subtotal, revenue threshold) must be given in each,
    /// and no amount in any other.
    pub fn for_currencies(spec: PlanSpec, currencies: &[crate::money::Currency]) -> Result<Plan> {
        let mut accepted = vec![spec.currency];
        accepted.extend(currencies.iter().copied().filter(|&c| c != spec.currency));
        let rules = validate::compile(&spec, &accepted)?;
        let by_precedence = select::precedence_order(&rules);
        Ok(Plan { spec, rules, by_precedence, currencies: accepted })
    }

    /// The currencies it quotes orders in, the plan's first.
    pub fn currencies(&self) -> &[crate::money::Currency] {
        &self.currencies
    }

    /// Parses and validates a plan from JSON. Type errors and validation errors alike are
    /// [`Error::InvalidPlan`] naming the path, e.g. `rules[2].tiers[1].threshold`.
    pub fn from_json(json: &str) -> Result<Plan> {
        Plan::new(from_json_with_path(json, Error::plan)?)
    }

    /// The plan as JSON (the same shape [`Plan::from_json`] reads).
    pub fn to_json(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string(&self.spec).unwrap_or_default()
    }

    /// The plan's data.
    pub fn spec(&self) -> &PlanSpec {
        &self.spec
    }

    /// The plan's currency.
    pub fn currency(&self) -> crate::money::Currency {
        self.spec.currency
    }
}

impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Plan {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Plan, D::Error> {
        Plan::new(PlanSpec::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}
