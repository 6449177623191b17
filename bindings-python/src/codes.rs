//! Referral codes under a code policy (JSON, or the default policy when `None`), and incentives.

use affiliate_kit::codes::{self, CodePolicy};
use affiliate_kit::host::arguments;
use affiliate_kit::money::Money;
use affiliate_kit::plan::Order;
use pyo3::prelude::*;

use crate::error::Result;
use crate::text::{at, json};

fn policy(json: Option<&str>) -> Result<CodePolicy> {
    Ok(json.map(arguments::code_policy).transpose()?.unwrap_or_default())
}

/// `normalize`.
#[pyfunction]
#[pyo3(signature = (code, policy_json=None))]
fn normalize(code: &str, policy_json: Option<&str>) -> Result<String> {
    Ok(codes::normalize(code, &policy(policy_json)?)?)
}

/// `canonical_code`.
#[pyfunction]
#[pyo3(signature = (code, policy_json=None))]
fn canonical_code(code: &str, policy_json: Option<&str>) -> Result<String> {
    Ok(codes::canonical_code(code, &policy(policy_json)?)?)
}

/// `check_format`: the verdict as JSON.
#[pyfunction]
#[pyo3(signature = (code, policy_json=None))]
fn check_format(code: &str, policy_json: Option<&str>) -> Result<String> {
    json(&codes::check_format(code, &policy(policy_json)?))
}

/// `parse_generated`.
#[pyfunction]
#[pyo3(signature = (code, policy_json=None))]
fn parse_generated(code: &str, policy_json: Option<&str>) -> Result<String> {
    Ok(codes::parse_generated(code, &policy(policy_json)?)?)
}

/// `validate_vanity`.
#[pyfunction]
#[pyo3(signature = (code, policy_json=None))]
fn validate_vanity(code: &str, policy_json: Option<&str>) -> Result<String> {
    Ok(codes::validate_vanity(code, &policy(policy_json)?)?)
}

/// `generate_code_seeded`.
#[pyfunction]
#[pyo3(signature = (seed, policy_json=None))]
fn generate_code(seed: u64, policy_json: Option<&str>) -> Result<String> {
    Ok(codes::generate_code_seeded(&policy(policy_json)?, seed)?)
}

/// `generate_codes_seeded`.
#[pyfunction]
#[pyo3(signature = (seed, count, policy_json=None))]
fn generate_codes(seed: u64, count: u32, policy_json: Option<&str>) -> Result<Vec<String>> {
    Ok(codes::generate_codes_seeded(&policy(policy_json)?, seed, count)?)
}

/// `check_symbol`.
#[pyfunction]
fn check_symbol(payload: &str) -> Option<char> {
    codes::check_symbol(payload)
}

/// `has_valid_check`.
#[pyfunction]
fn has_valid_check(code: &str) -> bool {
    codes::has_valid_check(code)
}

/// The default code policy as JSON.
#[pyfunction]
fn default_code_policy() -> Result<String> {
    json(&CodePolicy::default())
}

/// `Incentive::validate` (through parsing): the incentive as the core reads it, as JSON.
#[pyfunction]
fn incentive(incentive_json: &str) -> Result<String> {
    json(&arguments::incentive(incentive_json)?)
}

/// `Incentive::preview` of a subtotal.
#[pyfunction]
fn incentive_preview(incentive_json: &str, amount: &str, currency: &str, at_: &str, rounding: &str) -> Result<String> {
    let incentive = arguments::incentive(incentive_json)?;
    let subtotal = Money::parse(amount, currency)?;
    json(&incentive.preview(subtotal, at("at", at_)?, arguments::rounding("rounding", rounding)?)?)
}

/// `Incentive::preview_order`.
#[pyfunction]
fn incentive_preview_order(incentive_json: &str, order_json: &str, at_: &str, rounding: &str) -> Result<String> {
    let incentive = arguments::incentive(incentive_json)?;
    let order = Order::from_json(order_json)?;
    json(&incentive.preview_order(&order, at("at", at_)?, arguments::rounding("rounding", rounding)?)?)
}

/// `email_key`: the case-insensitive key of an e-mail address.
#[pyfunction]
fn email_key(email: &str) -> Result<String> {
    Ok(affiliate_kit::program::email_key(email)?)
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(normalize, m)?)?;
    m.add_function(wrap_pyfunction!(canonical_code, m)?)?;
    m.add_function(wrap_pyfunction!(check_format, m)?)?;
    m.add_function(wrap_pyfunction!(parse_generated, m)?)?;
    m.add_function(wrap_pyfunction!(validate_vanity, m)?)?;
    m.add_function(wrap_pyfunction!(generate_code, m)?)?;
    m.add_function(wrap_pyfunction!(generate_codes, m)?)?;
    m.add_function(wrap_pyfunction!(check_symbol, m)?)?;
    m.add_function(wrap_pyfunction!(has_valid_check, m)?)?;
    m.add_function(wrap_pyfunction!(default_code_policy, m)?)?;
    m.add_function(wrap_pyfunction!(incentive, m)?)?;
    m.add_function(wrap_pyfunction!(incentive_preview, m)?)?;
    m.add_function(wrap_pyfunction!(incentive_preview_order, m)?)?;
    m.add_function(wrap_pyfunction!(email_key, m)?)?;
    Ok(())
}
