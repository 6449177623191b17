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
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Discount {
    /// A percentage of the subtotal, from 0 to 100.
    PercentOff {
        /// The percentage, e.g. `10` for 10 %.
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
    /// Checks the incentive, else [`Error::InvalidAmount`]: the percentage lies in 0..=100, the
    /// amount off and the minimum order are not negative.
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
        Ok(())
    }

    /// Previews the incentive on `subtotal` at instant `at`.
    ///
    /// The subtotal is first rounded to minor units with `rounding` (a no-op for ordinary amounts).
    /// A percentage discount is `subtotal × percent / 100` rounded with `rounding` (the library's one
    /// rounding point, [`Money::round`]); an amount off is capped at the subtotal, so the total is
    /// never negative. The incentive is ineligible when `at >= expires_at` ([`IneligibleReason::Expired`])
    /// or the subtotal is below `min_order` ([`IneligibleReason::BelowMinimum`]); then the discount is
    /// zero and the total is the subtotal.
    ///
    /// Errors: an invalid incentive or a negative subtotal ([`Error::InvalidAmount`]), an amount off
    /// or minimum order in another currency ([`Error::CurrencyMismatch`], whatever the eligibility).
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
        let subtotal = subtotal.round(rounding);
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
                total: subtotal,
            });
        }
        let raw = match &self.discount {
            Discount::PercentOff { percent } => subtotal.percent(*percent)?,
            Discount::AmountOff { amount } => *amount,
        };
        let discount = raw.round(rounding).checked_min(&subtotal)?;
        let total = subtotal.checked_sub(&discount)?.round(rounding);
        Ok(IncentivePreview { eligible: true, reason: None, discount, total })
    }

    /// Previews the incentive on an order: [`Incentive::preview`] of the order's subtotal (lines after
    /// line and order discounts, before tax and shipping). Errors also for a malformed order.
    pub fn preview_order(
        &self,
        order: &crate::plan::Order,
        at: DateTime<Utc>,
        rounding: RoundingMode,
    ) -> Result<IncentivePreview> {
        order.validate()?;
        self.preview(Money::new(order.subtotal()?, order.currency), at, rounding)
    }
}
