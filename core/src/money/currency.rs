//! ISO 4217 currencies with their minor units, backed by the `iso_currency` table.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// An ISO 4217 currency that has minor units (EUR: 2, JPY: 0, KWD: 3).
///
/// Codes are strict: exactly three upper-case ASCII letters naming a listed currency.
/// `"eur"`, `" EUR"` and `"XAU"` (no minor units) are rejected with [`Error::InvalidCurrency`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Euro.
    pub const EUR: Currency = Currency(iso_currency::Currency::EUR);
    /// US dollar.
    pub const USD: Currency = Currency(iso_currency::Currency::USD);
    /// Japanese yen (no minor units).
    pub const JPY: Currency = Currency(iso_currency::Currency::JPY);
    /// Kuwaiti dinar (three decimals).
    pub const KWD: Currency = Currency(iso_currency::Currency::KWD);

    /// Looks a currency up by its ISO 4217 code.
    pub fn from_code(code: &str) -> Result<Currency> {
        let invalid = |reason: &str| Error::InvalidCurrency { input: code.to_string(), reason: reason.to_string() };
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid("expected three upper-case letters (ISO 4217), e.g. \"EUR\""));
        }
        let currency = iso_currency::Currency::from_code(code).ok_or_else(|| invalid("not an ISO 4217 currency"))?;
        if currency.exponent().is_none() {
            return Err(invalid("currency has no minor units"));
        }
        Ok(Currency(currency))
    }

    /// The three-letter code, e.g. `"EUR"`.
    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Number of decimals of the minor unit: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn minor_units(self) -> u32 {
        // `from_code` only admits currencies with an exponent.
        u32::from(self.0.exponent().unwrap_or(0))
    }

    /// The codes of `currencies`, as error messages list them: `"EUR, USD"`.
    pub fn list(currencies: &[Currency]) -> String {
        currencies.iter().map(|c| c.code()).collect::<Vec<_>>().join(", ")
    }

    /// The English name, e.g. `"Euro"`.
    pub fn name(&self) -> &str {
        self.0.name()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Currency> {
        Currency::from_code(s)
    }
}

/// A currency is its ISO 4217 code in JSON.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "An ISO 4217 currency code with minor units, e.g. `EUR`."
        })
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Currency, D::Error> {
        let code = String::deserialize(deserializer)?;
        Currency::from_code(&code).map_err(serde::de::Error::custom)
    }
}
