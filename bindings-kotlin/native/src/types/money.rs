//! Money and rounding (mirrors), and the binding's currency description.

use affiliate_kit::money::{Currency, Money, RoundingMode};
use rust_decimal::Decimal;

/// A decimal amount in a currency; the amount may carry more decimals than the minor units.
#[uniffi::remote(Record)]
pub struct Money {
    /// The exact amount.
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
}

/// How a value between two minor units is rounded.
#[uniffi::remote(Enum)]
pub enum RoundingMode {
    /// Half away from zero (the default of the core).
    HalfUp,
    /// Half to even (banker's rounding).
    HalfEven,
    /// Truncate toward zero.
    TowardZero,
    /// Any fraction away from zero.
    AwayFromZero,
}

/// An ISO 4217 currency as the core knows it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CurrencyInfo {
    /// The three-letter code, e.g. `EUR`.
    pub code: String,
    /// Decimals of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
    pub minor_units: u32,
    /// The English name, e.g. `Euro`.
    pub name: String,
}

impl From<Currency> for CurrencyInfo {
    fn from(c: Currency) -> Self {
        CurrencyInfo { code: c.code().to_string(), minor_units: c.minor_units(), name: c.name().to_string() }
    }
}
