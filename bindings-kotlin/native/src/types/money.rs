//! The binding's currency description.

use affiliate_kit::money::Currency;

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
