//! Money, currencies, rounding and allocation.

use affiliate_kit::money::{self, Currency, Money, RoundingMode};
use rust_decimal::Decimal;

use crate::error::Result;

#[uniffi::remote(Record)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

#[uniffi::remote(Enum)]
pub enum RoundingMode {
    HalfUp,
    HalfEven,
    TowardZero,
    AwayFromZero,
}

/// `parse_decimal`: a strictly parsed decimal.
#[uniffi::export]
pub fn parse_decimal(text: String) -> Result<Decimal> {
    Ok(money::parse_decimal(&text)?)
}

/// `Money::parse`.
#[uniffi::export]
pub fn money_parse(amount: String, currency: String) -> Result<Money> {
    Ok(Money::parse(&amount, &currency)?)
}

/// `Money::checked_add`.
#[uniffi::export]
pub fn money_add(a: Money, b: Money) -> Result<Money> {
    Ok(a.checked_add(&b)?)
}

/// `round_to_minor_units`: the one rounding function of the core.
#[uniffi::export]
pub fn round_to_minor_units(amount: Decimal, currency: Currency, mode: RoundingMode) -> Decimal {
    money::round_to_minor_units(amount, currency, mode)
}
