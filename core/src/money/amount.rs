//! `Money`: a decimal amount in a currency, with checked arithmetic.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{decimal, round_to_minor_units, Currency, RoundingMode};
use crate::error::{Error, Result};

/// A decimal amount in a currency. Serializes as `{"amount": "30.00", "currency": "EUR"}`:
/// the amount is always a string, never a JSON number.
///
/// The amount may carry more decimals than the currency's minor units (an exact intermediate such as
/// 29.9985); [`Money::round`] brings it to minor units with the one rounding function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    /// The exact amount.
    #[serde(with = "decimal::string")]
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Money from an amount and a currency.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Parses `amount` strictly (see [`decimal::parse_decimal`]) and `currency` as an ISO code.
    pub fn parse(amount: &str, currency: &str) -> Result<Money> {
        Ok(Money { amount: decimal::parse_decimal(amount)?, currency: Currency::from_code(currency)? })
    }

    /// Zero in `currency`, with the currency's minor units (`0.00` EUR).
    pub fn zero(currency: Currency) -> Money {
        Money { amount: Decimal::new(0, currency.minor_units()), currency }
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// Rounds to the currency's minor units with `mode` (the library's one rounding point).
    pub fn round(self, mode: RoundingMode) -> Money {
        Money { amount: round_to_minor_units(self.amount, self.currency, mode), currency: self.currency }
    }

    /// Fails with [`Error::CurrencyMismatch`] unless `other` is in the same currency.
    pub fn ensure_same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                expected: self.currency.code().to_string(),
                found: other.currency.code().to_string(),
            })
        }
    }

    /// `self + other`; a currency mismatch or overflow is an error.
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.ensure_same_currency(other)?;
        let amount = self.amount.checked_add(other.amount).ok_or_else(|| Error::overflow("money addition"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self - other`; a currency mismatch or overflow is an error.
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.ensure_same_currency(other)?;
        let amount = self.amount.checked_sub(other.amount).ok_or_else(|| Error::overflow("money subtraction"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self × factor`, exact (not rounded); overflow is an error.
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        let amount = self.amount.checked_mul(factor).ok_or_else(|| Error::overflow("money multiplication"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `percent` % of `self`, exact (not rounded): `15` % of 199.99 is 29.9985.
    pub fn percent(&self, percent: Decimal) -> Result<Money> {
        let amount = self
            .amount
            .checked_mul(percent)
            .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
            .ok_or_else(|| Error::overflow("percentage"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// The negated amount.
    pub fn negated(&self) -> Money {
        Money { amount: -self.amount, currency: self.currency }
    }

    /// Compares two amounts of the same currency; a mismatch is an error.
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering> {
        self.ensure_same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// The smaller of two amounts of the same currency.
    pub fn checked_min(&self, other: &Money) -> Result<Money> {
        Ok(if self.checked_cmp(other)? == Ordering::Greater { *other } else { *self })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}
