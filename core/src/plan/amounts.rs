//! Money a plan gives per currency: flat amounts, caps, minimum subtotals and revenue thresholds.
//!
//! A program may accept orders in several currencies (`currencies` in its config) and the core does
//! no exchange, so every fixed amount of a plan is given per currency. The rule this module's callers
//! enforce (see `validate`): an amount that *pays* (a flat commission, a tier's amount) may leave a
//! currency out, and then its rule does not apply to orders in that currency (the quote says so); an
//! amount that *limits* (a cap, a minimum subtotal, a revenue threshold) must be given in every
//! accepted currency, since leaving one out would silently lift the limit.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use crate::money::{decimal, Currency, Money};

/// A decimal string in a per-currency map: `"5.00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct CurrencyAmount(
    #[serde(with = "crate::money::decimal::string")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    pub Decimal,
);

/// A fixed amount of a plan: in one currency, `{"amount": "5.00", "currency": "EUR"}`, or per
/// currency, `{"EUR": "5.00", "USD": "6.00"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Amounts {
    /// One currency.
    One(Money),
    /// One amount per currency.
    PerCurrency(BTreeMap<Currency, CurrencyAmount>),
}

/// A tier's threshold: a number (a sales count, or revenue in the plan's currency), `"1000"`, or
/// revenue per currency, `{"EUR": "1000", "USD": "1100"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Threshold {
    /// A sales count, or revenue in the plan's currency.
    Plain(
        #[serde(with = "crate::money::decimal::string")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
        Decimal,
    ),
    /// Revenue per currency.
    PerCurrency(BTreeMap<Currency, CurrencyAmount>),
}

impl From<Money> for Amounts {
    fn from(money: Money) -> Amounts {
        Amounts::One(money)
    }
}

impl From<Decimal> for Threshold {
    fn from(value: Decimal) -> Threshold {
        Threshold::Plain(value)
    }
}

impl Amounts {
    /// The amount in `currency`, if given.
    pub fn get(&self, currency: Currency) -> Option<Money> {
        match self {
            Amounts::One(money) => (money.currency == currency).then_some(*money),
            Amounts::PerCurrency(map) => map.get(&currency).map(|a| Money::new(a.0, currency)),
        }
    }

    /// Every amount given, in currency order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = Money> + '_> {
        match self {
            Amounts::One(money) => Box::new(std::iter::once(*money)),
            Amounts::PerCurrency(map) => Box::new(map.iter().map(|(&c, a)| Money::new(a.0, c))),
        }
    }
}

impl Threshold {
    /// The threshold for volume in `currency` (a plain threshold is in `plan_currency`, or a count).
    pub fn get(&self, currency: Currency, plan_currency: Currency) -> Option<Decimal> {
        match self {
            Threshold::Plain(value) => (currency == plan_currency).then_some(*value),
            Threshold::PerCurrency(map) => map.get(&currency).map(|a| a.0),
        }
    }

    /// A sales count threshold (plain).
    pub fn count(&self) -> Option<Decimal> {
        match self {
            Threshold::Plain(value) => Some(*value),
            Threshold::PerCurrency(_) => None,
        }
    }

    /// Every threshold given with its currency (a plain one in `plan_currency`).
    pub fn iter(&self, plan_currency: Currency) -> Vec<(Currency, Decimal)> {
        match self {
            Threshold::Plain(value) => vec![(plan_currency, *value)],
            Threshold::PerCurrency(map) => map.iter().map(|(&c, a)| (c, a.0)).collect(),
        }
    }
}

const AMOUNTS: &str = r#"money such as {"amount": "5.00", "currency": "EUR"}, or amounts per currency such as {"EUR": "5.00", "USD": "6.00"}"#;

impl<'de> Deserialize<'de> for Amounts {
    /// `amount` or `currency` among the keys reads one [`Money`]; currency codes read a map.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amounts, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let serde_json::Value::Object(map) = &value else {
            return Err(D::Error::custom(format!("expected {AMOUNTS}")));
        };
        if map.contains_key("amount") || map.contains_key("currency") {
            return Money::deserialize(value).map(Amounts::One).map_err(D::Error::custom);
        }
        per_currency(value).map(Amounts::PerCurrency).map_err(|e| D::Error::custom(format!("{e} (expected {AMOUNTS})")))
    }
}

impl<'de> Deserialize<'de> for Threshold {
    /// A string or an integer reads a plain threshold; an object reads thresholds per currency.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Threshold, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        if value.is_object() {
            return per_currency(value).map(Threshold::PerCurrency).map_err(D::Error::custom);
        }
        decimal::string::deserialize(value).map(Threshold::Plain).map_err(|e| {
            D::Error::custom(format!("{e} (or revenue thresholds per currency such as {{\"EUR\": \"1000\"}})"))
        })
    }
}

/// A non-empty map of currency codes to decimal strings.
fn per_currency(value: serde_json::Value) -> Result<BTreeMap<Currency, CurrencyAmount>, serde_json::Error> {
    let map = BTreeMap::<Currency, CurrencyAmount>::deserialize(value)?;
    if map.is_empty() {
        return Err(serde_json::Error::custom("no currency given"));
    }
    Ok(map)
}
