//! Money, currencies, rounding and allocation. Every function taking a decimal, a currency or money
//! returns our result type, so that a value that fails to lift is the typed exception of its kind.

use affiliate_kit::money::{self, Currency, Money, RoundingMode};
use rust_decimal::Decimal;

use crate::error::Result;
use crate::types::money::CurrencyInfo;

/// `parse_decimal`: a strictly parsed decimal.
#[uniffi::export]
pub fn parse_decimal(text: String) -> Result<Decimal> {
    Ok(money::parse_decimal(&text)?)
}

/// `parse_non_negative`: a strictly parsed decimal that is not negative.
#[uniffi::export]
pub fn parse_non_negative(text: String) -> Result<Decimal> {
    Ok(money::parse_non_negative(&text)?)
}

/// `Currency::from_code`: the currency's code, minor units and name.
#[uniffi::export]
pub fn currency_info(currency: Currency) -> Result<CurrencyInfo> {
    Ok(CurrencyInfo::from(currency))
}

/// `Money::parse`: an amount (parsed strictly) and a currency code.
#[uniffi::export]
pub fn money_parse(amount: String, currency: String) -> Result<Money> {
    Ok(Money::parse(&amount, &currency)?)
}

/// `Money::zero`: zero with the currency's minor units (`0.00` EUR).
#[uniffi::export]
pub fn money_zero(currency: Currency) -> Result<Money> {
    Ok(Money::zero(currency))
}

/// `Money::checked_add`.
#[uniffi::export]
pub fn money_add(a: Money, b: Money) -> Result<Money> {
    Ok(a.checked_add(&b)?)
}

/// `Money::checked_sub`.
#[uniffi::export]
pub fn money_sub(a: Money, b: Money) -> Result<Money> {
    Ok(a.checked_sub(&b)?)
}

/// `Money::checked_mul`: exact, not rounded.
#[uniffi::export]
pub fn money_mul(money: Money, factor: Decimal) -> Result<Money> {
    Ok(money.checked_mul(factor)?)
}

/// `Money::percent`: `percent` % of the amount, exact, not rounded.
#[uniffi::export]
pub fn money_percent(money: Money, percent: Decimal) -> Result<Money> {
    Ok(money.percent(percent)?)
}

/// `Money::round`: to the currency's minor units.
#[uniffi::export]
pub fn money_round(money: Money, mode: RoundingMode) -> Result<Money> {
    Ok(money.round(mode))
}

/// `Money::negated`.
#[uniffi::export]
pub fn money_negated(money: Money) -> Result<Money> {
    Ok(money.negated())
}

/// `Money::checked_cmp`: -1, 0 or 1.
#[uniffi::export]
pub fn money_cmp(a: Money, b: Money) -> Result<i32> {
    Ok(a.checked_cmp(&b)? as i32)
}

/// `Money::checked_min`: the smaller of two amounts of the same currency.
#[uniffi::export]
pub fn money_min(a: Money, b: Money) -> Result<Money> {
    Ok(a.checked_min(&b)?)
}

/// `round_to_minor_units`: the one rounding function of the core.
#[uniffi::export]
pub fn round_to_minor_units(amount: Decimal, currency: Currency, mode: RoundingMode) -> Result<Decimal> {
    Ok(money::round_to_minor_units(amount, currency, mode))
}

/// `allocate`: the parts of `total` by `weights` (largest remainder; they sum to the whole).
#[uniffi::export]
pub fn allocate(total: Money, weights: Vec<Decimal>) -> Result<Vec<Money>> {
    Ok(money::allocate(total, &weights)?)
}
