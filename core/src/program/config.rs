//! How a program is set up: currencies, timezone, rounding, holding period, payout minimums,
//! attribution, invitations, code policy and the commission plan.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::codes::CodePolicy;
use crate::error::{from_json_with_path, Error, Result};
use crate::money::{Currency, RoundingMode};
use crate::plan::{Plan, PlanSpec};
use crate::program::fraud::FraudRules;
use crate::time::Timezone;

/// The program's settings. Every field but `currency` and `plan` has a default, so the smallest JSON
/// config is `{"currency": "EUR", "plan": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ProgramConfig {
    /// The program's currency (the plan's currency must be the same).
    pub currency: Currency,
    /// Every currency the program takes orders in, `currency` among them (default: `currency` only).
    /// No exchange happens: commissions are earned in the order's currency, and balances, payouts,
    /// stats and period volumes are kept per currency.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub currencies: Vec<Currency>,
    /// The IANA timezone of days, weeks and months in reports and plan periods (default UTC).
    #[serde(default)]
    pub timezone: Timezone,
    /// How commissions and reversals are rounded to minor units (default half_up).
    #[serde(default)]
    pub rounding: RoundingMode,
    /// Days a commission stays pending before [`crate::program::Program::approve_due`] approves it (default 30).
    #[serde(default = "default_holding_days")]
    pub holding_days: u32,
    /// The smallest payout per currency, e.g. `{"EUR": "50.00"}`, one for every accepted currency.
    /// When absent: 50 in the program currency (a program of one currency only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_payout: Option<BTreeMap<Currency, MinimumPayout>>,
    /// How orders are attributed to affiliates.
    #[serde(default)]
    pub attribution: AttributionConfig,
    /// Invitation expiry and batch size.
    #[serde(default)]
    pub invitations: InvitationConfig,
    /// The rules referral codes follow.
    #[serde(default)]
    pub code_policy: CodePolicy,
    /// Whether new affiliates start active (true, the default) or pending approval.
    #[serde(default = "yes")]
    pub auto_approve: bool,
    /// Which plan version quotes a follow-up payment (`record_payment`) once the plan changed:
    /// the one its subscription's first order was quoted with (`first_order`, the default), or the
    /// one in force at the payment (`at_payment`).
    #[serde(default, skip_serializing_if = "PaymentPlan::is_first_order")]
    // (schemars leaves out a default that `skip_serializing_if` skips: the description names it.)
    #[cfg_attr(feature = "schema", schemars(extend("default" = "first_order")))]
    pub payment_plan: PaymentPlan,
    /// What refunds take back besides commissions: tier volume, cap room (default: neither).
    #[serde(default, skip_serializing_if = "RefundEffects::is_default")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {"lower_tier_volume": false, "free_cap_room": false})))]
    pub refunds: RefundEffects,
    /// The fraud rules that hold a sale's commissions (default: the normalized self-referral only).
    #[serde(default, skip_serializing_if = "FraudRules::is_default")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = {"self_referral": true})))]
    pub fraud: FraudRules,
    /// The commission plan (version 1; `set_plan` adds versions).
    pub plan: PlanSpec,
}

/// What a refund or chargeback takes back besides the commissions it reverses. By default neither:
/// sales count towards tiers and caps as sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RefundEffects {
    /// The refunded share of a sale's subtotal leaves the affiliate's revenue of the sale's plan
    /// period, and a sale refunded in full leaves its sales count (buy-then-refund climbs no tier).
    pub lower_tier_volume: bool,
    /// What a refund reverses of the affiliate's level-1 commission leaves the period and
    /// per-customer earnings the caps count (the affiliate can earn it again).
    pub free_cap_room: bool,
}

impl RefundEffects {
    fn is_default(&self) -> bool {
        *self == RefundEffects::default()
    }
}

/// Which plan version quotes a follow-up payment (see [`ProgramConfig::payment_plan`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentPlan {
    /// The version that quoted the subscription's first order (grandfathered terms).
    #[default]
    FirstOrder,
    /// The version in force at the payment.
    AtPayment,
}

impl PaymentPlan {
    /// The default (configs written before plan versions stay as they were).
    fn is_first_order(&self) -> bool {
        *self == PaymentPlan::FirstOrder
    }
}

/// A payout minimum, a decimal string in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct MinimumPayout(
    #[serde(with = "crate::money::decimal::string")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    pub Decimal,
);

/// Attribution settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AttributionConfig {
    /// How long a click can earn an order, in days (default 30).
    pub window_days: u32,
    /// Which click in the window wins (default last click).
    pub model: AttributionModel,
    /// Whether a customer stays linked to the first affiliate credited for them, so later orders
    /// without code or click still credit that affiliate (default false).
    pub lifetime_customers: bool,
}

impl Default for AttributionConfig {
    fn default() -> Self {
        AttributionConfig { window_days: 30, model: AttributionModel::LastClick, lifetime_customers: false }
    }
}

/// Which click wins when a visitor clicked several affiliates' links in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttributionModel {
    /// The most recent click (the default).
    #[default]
    LastClick,
    /// The earliest click in the window.
    FirstClick,
}

/// Invitation settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct InvitationConfig {
    /// Days before a pending invitation expires (default 30).
    pub expiry_days: u32,
    /// Most e-mails in one `invite` call (default 25).
    pub batch_limit: u32,
}

impl Default for InvitationConfig {
    fn default() -> Self {
        InvitationConfig { expiry_days: 30, batch_limit: 25 }
    }
}

fn default_holding_days() -> u32 {
    30
}

fn yes() -> bool {
    true
}

/// The longest holding period, attribution window or invitation expiry, in days (about 100 years).
pub const MAX_DAYS: u32 = 36_500;

impl ProgramConfig {
    /// A config with every default, for `currency` and `plan`.
    pub fn new(currency: Currency, plan: PlanSpec) -> ProgramConfig {
        ProgramConfig {
            currency,
            currencies: Vec::new(),
            timezone: Timezone::default(),
            rounding: RoundingMode::default(),
            holding_days: default_holding_days(),
            minimum_payout: None,
            attribution: AttributionConfig::default(),
            invitations: InvitationConfig::default(),
            code_policy: CodePolicy::default(),
            auto_approve: true,
            payment_plan: PaymentPlan::default(),
            refunds: RefundEffects::default(),
            fraud: FraudRules::default(),
            plan,
        }
    }

    /// Parses a config from JSON; errors are [`Error::InvalidConfig`] with the path of the bad field
    /// (plan errors keep their own kind, [`Error::InvalidPlan`], with `plan.` in front of the path).
    pub fn from_json(json: &str) -> Result<ProgramConfig> {
        let config: ProgramConfig = from_json_with_path(json, Error::config)?;
        config.compile()?;
        Ok(config)
    }

    /// The currencies the program takes orders in: `currency` first, then the others listed.
    pub fn currencies(&self) -> Vec<Currency> {
        let mut all = vec![self.currency];
        all.extend(self.currencies.iter().copied().filter(|&c| c != self.currency));
        all
    }

    /// The payout minimum for `currency` (every accepted currency has one: checked on load).
    pub fn minimum_for(&self, currency: Currency) -> Decimal {
        match &self.minimum_payout {
            Some(map) => map.get(&currency).map_or(Decimal::ZERO, |m| m.0),
            None if currency == self.currency => Decimal::from(50),
            None => Decimal::ZERO,
        }
    }

    /// Validates the config and compiles its plan.
    pub(crate) fn compile(&self) -> Result<Plan> {
        if self.plan.currency != self.currency {
            return Err(Error::config(
                "plan.currency",
                format!("the plan is in {} but the program is in {}", self.plan.currency, self.currency),
            ));
        }
        self.check_currencies()?;
        let plan = Plan::for_currencies(self.plan.clone(), &self.currencies()).map_err(|e| match e {
            Error::InvalidPlan { path, reason } => Error::InvalidPlan {
                path: if path.is_empty() { "plan".into() } else { format!("plan.{path}") },
                reason,
            },
            other => other,
        })?;
        for (path, days) in [
            ("holding_days", self.holding_days),
            ("attribution.window_days", self.attribution.window_days),
            ("invitations.expiry_days", self.invitations.expiry_days),
        ] {
            if days > MAX_DAYS {
                return Err(Error::config(path, format!("{days} is more than {MAX_DAYS} days")));
            }
        }
        if self.invitations.batch_limit == 0 {
            return Err(Error::config("invitations.batch_limit", "must be at least 1"));
        }
        let accepted = self.currencies();
        if let Some(map) = &self.minimum_payout {
            for (currency, minimum) in map {
                if !accepted.contains(currency) {
                    return Err(Error::config(
                        format!("minimum_payout.{currency}"),
                        format!("{currency} is not a currency the program accepts ({})", Currency::list(&accepted)),
                    ));
                }
                if minimum.0 < Decimal::ZERO {
                    return Err(Error::config(format!("minimum_payout.{currency}"), "must not be negative"));
                }
                if minimum.0.normalize().scale() > currency.minor_units() {
                    return Err(Error::config(
                        format!("minimum_payout.{currency}"),
                        format!("{} has more decimals than {currency} minor units", minimum.0),
                    ));
                }
            }
        }
        self.code_policy.validate().map_err(|e| Error::config("code_policy", e.to_string()))?;
        self.fraud.validate()?;
        Ok(plan)
    }

    /// `currencies` lists `currency` and no code twice, and every accepted currency has a payout
    /// minimum. (A map that left one out once made its minimum 0 without a word.)
    fn check_currencies(&self) -> Result<()> {
        if !self.currencies.is_empty() && !self.currencies.contains(&self.currency) {
            return Err(Error::config(
                "currencies",
                format!("the program's currency {} must be one of its currencies", self.currency),
            ));
        }
        for (i, currency) in self.currencies.iter().enumerate() {
            if self.currencies.get(..i).unwrap_or_default().contains(currency) {
                return Err(Error::config(format!("currencies[{i}]"), format!("{currency} is listed twice")));
            }
        }
        let accepted = self.currencies();
        match &self.minimum_payout {
            None if accepted.len() > 1 => Err(Error::config(
                "minimum_payout",
                format!(
                    "a program of several currencies gives a minimum payout for each ({})",
                    Currency::list(&accepted)
                ),
            )),
            Some(map) => match accepted.iter().find(|c| !map.contains_key(c)) {
                Some(missing) => Err(Error::config(
                    "minimum_payout",
                    format!(
                        "no minimum for {missing}: give one for every currency the program accepts ({})",
                        Currency::list(&accepted)
                    ),
                )),
                None => Ok(()),
            },
            None => Ok(()),
        }
    }
}
