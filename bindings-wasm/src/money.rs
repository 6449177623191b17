//! Money, currencies, rounding and allocation (full build). Amounts cross as decimal strings;
//! money values as JSON `{"amount", "currency"}`.

use affiliate_kit::money::{self, Currency, Money};
use rust_decimal::Decimal;
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::{json, rounding};

fn money_of(amount: &str, currency: &str) -> Result<Money> {
    Ok(Money::parse(amount, currency)?)
}

fn decimal(text: &str) -> Result<Decimal> {
    Ok(money::parse_decimal(text)?)
}

/// `parse_decimal`: the canonical text of a strictly parsed decimal.
#[wasm_bindgen(js_name = parseDecimal)]
pub fn parse_decimal(text: &str) -> Result<String> {
    Ok(decimal(text)?.to_string())
}

/// `parse_non_negative`.
#[wasm_bindgen(js_name = parseNonNegative)]
pub fn parse_non_negative(text: &str) -> Result<String> {
    Ok(money::parse_non_negative(text)?.to_string())
}

/// `Currency::from_code`: `{code, minor_units, name}` as JSON.
#[wasm_bindgen]
pub fn currency(code: &str) -> Result<String> {
    let c = Currency::from_code(code)?;
    json(&CurrencyInfo { code: c.code(), minor_units: c.minor_units(), name: c.name() })
}

/// The answer of [`currency`].
#[derive(serde::Serialize)]
struct CurrencyInfo<'a> {
    code: &'a str,
    minor_units: u32,
    name: &'a str,
}

/// `Money::parse`.
#[wasm_bindgen(js_name = moneyParse)]
pub fn money_parse(amount: &str, currency: &str) -> Result<String> {
    json(&money_of(amount, currency)?)
}

/// `Money::checked_add`.
#[wasm_bindgen(js_name = moneyAdd)]
pub fn money_add(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<String> {
    json(&money_of(a, a_currency)?.checked_add(&money_of(b, b_currency)?)?)
}

/// `Money::checked_sub`.
#[wasm_bindgen(js_name = moneySub)]
pub fn money_sub(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<String> {
    json(&money_of(a, a_currency)?.checked_sub(&money_of(b, b_currency)?)?)
}

/// `Money::checked_mul`.
#[wasm_bindgen(js_name = moneyMul)]
pub fn money_mul(amount: &str, currency: &str, factor: &str) -> Result<String> {
    json(&money_of(amount, currency)?.checked_mul(decimal(factor)?)?)
}

/// `Money::percent`.
#[wasm_bindgen(js_name = moneyPercent)]
pub fn money_percent(amount: &str, currency: &str, percent: &str) -> Result<String> {
    json(&money_of(amount, currency)?.percent(decimal(percent)?)?)
}

/// `Money::round` in a rounding mode (`half_up`, `half_even`, `toward_zero`, `away_from_zero`;
/// the core's default when not given).
#[wasm_bindgen(js_name = moneyRound)]
pub fn money_round(amount: &str, currency: &str, mode: Option<String>) -> Result<String> {
    json(&money_of(amount, currency)?.round(rounding("mode", mode)?))
}

/// `Money::negated`.
#[wasm_bindgen(js_name = moneyNegated)]
pub fn money_negated(amount: &str, currency: &str) -> Result<String> {
    json(&money_of(amount, currency)?.negated())
}

/// `Money::checked_cmp`: -1, 0 or 1.
#[wasm_bindgen(js_name = moneyCmp)]
pub fn money_cmp(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<i8> {
    Ok(money_of(a, a_currency)?.checked_cmp(&money_of(b, b_currency)?)? as i8)
}

/// `Money::checked_min`.
#[wasm_bindgen(js_name = moneyMin)]
pub fn money_min(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<String> {
    json(&money_of(a, a_currency)?.checked_min(&money_of(b, b_currency)?)?)
}

/// `round_to_minor_units`: THE rounding function of the core.
#[wasm_bindgen(js_name = roundToMinorUnits)]
pub fn round_to_minor_units(amount: &str, currency: &str, mode: Option<String>) -> Result<String> {
    let c = Currency::from_code(currency)?;
    Ok(money::round_to_minor_units(decimal(amount)?, c, rounding("mode", mode)?).to_string())
}

/// `allocate`: the parts of an amount by weights (largest remainder; they sum to the whole).
#[wasm_bindgen]
pub fn allocate(amount: &str, currency: &str, weights: Vec<String>) -> Result<Vec<String>> {
    let weights = weights.iter().map(|w| decimal(w)).collect::<Result<Vec<_>>>()?;
    let parts = money::allocate(money_of(amount, currency)?, &weights)?;
    Ok(parts.into_iter().map(|m| m.amount.to_string()).collect())
}
