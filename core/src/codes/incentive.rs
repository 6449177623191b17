//! The customer incentive a referral code carries, and its preview on a subtotal.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{decimal, Money, RoundingMode};

/// The discount of an [`Incentive`].
/// Serializes as `{"type": "percent_off", "percent": "10"}` or
/// `{"type": "amount_off", "amount": {"amount": "5.00", "currency": "EUR"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Discount {
    /// A percentage of the subtotal, from 0 to 100.
    PercentOff {
        /// The percentage, e.g. `10` for 10 %.
        #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
        #[serde(with = "decimal::string")]
        percent: Decimal,
    },
    /// A fixed amount, capped at the subtotal.
    AmountOff {
        /// The amount taken off.
        amount: Money,
    },
}

/// A customer discount carried by a referral code, with optional conditions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Incentive {
    /// The discount.
    pub discount: Discount,
    /// The smallest subtotal the discount applies to.
    #[serde(default)]
    pub min_order: Option<Money>,
    /// From this instant on, the incentive no longer applies.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
}

/// Why an incentive does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum IneligibleReason {
    /// The preview instant is at or after `expires_at`.
    Expired,
    /// The subtotal is below `min_order`.
    BelowMinimum {
        /// The minimum order.
        minimum: Money,
    },
}

/// The effect of an incentive on a subtotal. Amounts are in the subtotal's minor units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncentivePreview {
    /// Whether the discount applies.
    pub eligible: bool,
    /// Why not, when it does not.
    pub reason: Option<IneligibleReason>,
    /// The discount (zero when ineligible).
    pub discount: Money,
    /// Subtotal minus discount, never negative.
    pub total: Money,
}

impl Incentive {
    /// Checks the incentive: the percentage lies in 0..=100, the amount off and the minimum order are
    /// not negative ([`Error::InvalidAmount`]), and an amount off and a minimum order are in the same
    /// currency ([`Error::CurrencyMismatch`], `expected` the amount off's currency, `found` the minimum
    /// order's).
    pub fn validate(&self) -> Result<()> {
        let invalid = |input: String, reason: &str| Err(Error::InvalidAmount { input, reason: reason.to_string() });
        match &self.discount {
            Discount::PercentOff { percent } if *percent < Decimal::ZERO || *percent > Decimal::ONE_HUNDRED => {
                return invalid(percent.to_string(), "percent off must be between 0 and 100");
            }
            Discount::AmountOff { amount } if amount.is_negative() => {
                return invalid(amount.amount.to_string(), "amount off must not be negative");
            }
            _ => {}
        }
        if let Some(minimum) = self.min_order.filter(Money::is_negative) {
            return invalid(minimum.amount.to_string(), "minimum order must not be negative");
        }
        if let (Discount::AmountOff { amount }, Some(minimum)) = (&self.discount, &self.min_order) {
            amount.ensure_same_currency(minimum)?;
        }
        Ok(())
    }

    /// Previews the incentive on `subtotal` at instant `at`.
    ///
    /// Everything is decided on the exact subtotal, which is never rounded first: the minimum order
    /// check and the percentage. Then each output amount is rounded exactly once with `rounding`,
    /// through [`Money::round`] (the library's one rounding point):
    ///
    /// * `discount = min(subtotal × percent / 100, subtotal).round(rounding)`, or with an amount off
    ///   `min(amount, subtotal).round(rounding)`;
    /// * `total = (subtotal − discount).round(rounding)`, and zero should that be negative.
    ///
    /// So 10 % of 0.045 EUR is 0.0045, a discount of 0.00 (not 10 % of a pre-rounded 0.05), and the
    /// total is 0.05 half-up. For subtotals already in minor units (the ordinary case) capping before
    /// or after rounding is the same, and `discount + total = subtotal`. Only for a subtotal finer than
    /// minor units can a capped discount round to slightly more than the exact subtotal (at most the
    /// subtotal rounded); the total is then zero, never negative.
    ///
    /// The incentive is ineligible when `at >= expires_at` ([`IneligibleReason::Expired`]) or the exact
    /// subtotal is below `min_order` ([`IneligibleReason::BelowMinimum`]); then the discount is zero
    /// and the total is the subtotal rounded with `rounding`.
    ///
    /// Errors: an invalid incentive ([`Incentive::validate`]), a negative subtotal
    /// ([`Error::InvalidAmount`]), an amount off or minimum order in another currency than the
    /// subtotal ([`Error::CurrencyMismatch`], whatever the eligibility).
    pub fn preview(&self, subtotal: Money, at: DateTime<Utc>, rounding: RoundingMode) -> Result<IncentivePreview> {
        self.validate()?;
        if subtotal.is_negative() {
            return Err(Error::InvalidAmount {
                input: subtotal.amount.to_string(),
                reason: "subtotal must not be negative".to_string(),
            });
        }
        if let Discount::AmountOff { amount } = &self.discount {
            subtotal.ensure_same_currency(amount)?;
        }
        let below_minimum = match &self.min_order {
            Some(minimum) => subtotal.checked_cmp(minimum)? == Ordering::Less,
            None => false,
        };
        let reason = if self.expires_at.is_some_and(|expires_at| at >= expires_at) {
            Some(IneligibleReason::Expired)
        } else if below_minimum {
            self.min_order.map(|minimum| IneligibleReason::BelowMinimum { minimum })
        } else {
            None
        };
        if reason.is_some() {
            return Ok(IncentivePreview {
                eligible: false,
                reason,
                discount: Money::zero(subtotal.currency),
                total: subtotal.round(rounding),
            });
        }
        let exact = match &self.discount {
            Discount::PercentOff { percent } => subtotal.percent(*percent)?,
            Discount::AmountOff { amount } => *amount,
        };
        let discount = exact.checked_min(&subtotal)?.round(rounding);
        let total = subtotal.checked_sub(&discount)?.round(rounding);
        let total = if total.is_negative() { Money::zero(total.currency) } else { total };
        Ok(IncentivePreview { eligible: true, reason: None, discount, total })
    }
}
