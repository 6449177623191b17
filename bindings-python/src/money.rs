//! Money, currencies, rounding and allocation. Amounts cross as decimal strings.

use affiliate_kit::host::arguments;
use affiliate_kit::money::{self, Currency, Money};
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::error::Result;

/// An amount and its currency code, as returned to Python.
type Pair = (String, String);

fn pair(m: Money) -> Pair {
    (m.amount.to_string(), m.currency.code().to_string())
}

fn money_of(amount: &str, currency: &str) -> Result<Money> {
    Ok(Money::parse(amount, currency)?)
}

fn decimal(text: &str) -> Result<Decimal> {
    Ok(money::parse_decimal(text)?)
}

/// `parse_decimal`: the canonical text of a strictly parsed decimal.
#[pyfunction]
fn parse_decimal(text: &str) -> Result<String> {
    Ok(decimal(text)?.to_string())
}

/// `parse_non_negative`.
#[pyfunction]
fn parse_non_negative(text: &str) -> Result<String> {
    Ok(money::parse_non_negative(text)?.to_string())
}

/// `Currency::from_code`: (code, minor units, name).
#[pyfunction]
fn currency(code: &str) -> Result<(String, u32, String)> {
    let c = Currency::from_code(code)?;
    Ok((c.code().to_string(), c.minor_units(), c.name().to_string()))
}

/// `Money::parse`.
#[pyfunction]
fn money_parse(amount: &str, currency: &str) -> Result<Pair> {
    Ok(pair(money_of(amount, currency)?))
}

/// `Money::checked_add`.
#[pyfunction]
fn money_add(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<Pair> {
    Ok(pair(money_of(a, a_currency)?.checked_add(&money_of(b, b_currency)?)?))
}

/// `Money::checked_sub`.
#[pyfunction]
fn money_sub(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<Pair> {
    Ok(pair(money_of(a, a_currency)?.checked_sub(&money_of(b, b_currency)?)?))
}

/// `Money::checked_mul`.
#[pyfunction]
fn money_mul(amount: &str, currency: &str, factor: &str) -> Result<Pair> {
    Ok(pair(money_of(amount, currency)?.checked_mul(decimal(factor)?)?))
}

/// `Money::percent`.
#[pyfunction]
fn money_percent(amount: &str, currency: &str, percent: &str) -> Result<Pair> {
    Ok(pair(money_of(amount, currency)?.percent(decimal(percent)?)?))
}

/// `Money::round`.
#[pyfunction]
fn money_round(amount: &str, currency: &str, mode: &str) -> Result<Pair> {
    Ok(pair(money_of(amount, currency)?.round(arguments::rounding("mode", mode)?)))
}

/// `Money::negated`.
#[pyfunction]
fn money_negated(amount: &str, currency: &str) -> Result<Pair> {
    Ok(pair(money_of(amount, currency)?.negated()))
}

/// `Money::checked_cmp`: -1, 0 or 1.
#[pyfunction]
fn money_cmp(a: &str, a_currency: &str, b: &str, b_currency: &str) -> Result<i8> {
    Ok(money_of(a, a_currency)?.checked_cmp(&money_of(b, b_currency)?)? as i8)
}

/// `round_to_minor_units`.
#[pyfunction]
fn round_to_minor_units(amount: &str, currency: &str, mode: &str) -> Result<String> {
    let c = Currency::from_code(currency)?;
    Ok(money::round_to_minor_units(decimal(amount)?, c, arguments::rounding("mode", mode)?).to_string())
}

/// `allocate`: the parts of `amount` by `weights`, largest remainder, summing to the whole.
#[pyfunction]
fn allocate(amount: &str, currency: &str, weights: Vec<String>) -> Result<Vec<String>> {
    let weights = weights.iter().map(|w| decimal(w)).collect::<Result<Vec<_>>>()?;
    let parts = money::allocate(money_of(amount, currency)?, &weights)?;
    Ok(parts.into_iter().map(|m| m.amount.to_string()).collect())
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(parse_decimal, m)?)?;
    m.add_function(wrap_pyfunction!(parse_non_negative, m)?)?;
    m.add_function(wrap_pyfunction!(currency, m)?)?;
    m.add_function(wrap_pyfunction!(money_parse, m)?)?;
    m.add_function(wrap_pyfunction!(money_add, m)?)?;
    m.add_function(wrap_pyfunction!(money_sub, m)?)?;
    m.add_function(wrap_pyfunction!(money_mul, m)?)?;
    m.add_function(wrap_pyfunction!(money_percent, m)?)?;
    m.add_function(wrap_pyfunction!(money_round, m)?)?;
    m.add_function(wrap_pyfunction!(money_negated, m)?)?;
    m.add_function(wrap_pyfunction!(money_cmp, m)?)?;
    m.add_function(wrap_pyfunction!(round_to_minor_units, m)?)?;
    m.add_function(wrap_pyfunction!(allocate, m)?)?;
    Ok(())
}
