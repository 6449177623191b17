//! Referral codes for a checkout: normalize, check the format offline, preview a code's incentive.

use affiliate_kit::codes;
use affiliate_kit::host::arguments;
use affiliate_kit::money::Money;
use affiliate_kit::plan::Order;
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::{at, json, policy, rounding};

/// `normalize` under a policy (JSON) or the default policy.
#[wasm_bindgen]
pub fn normalize(code: &str, policy_json: Option<String>) -> Result<String> {
    Ok(codes::normalize(code, &*policy(policy_json)?)?)
}

/// `check_format`: the verdict as JSON.
#[wasm_bindgen(js_name = checkFormat)]
pub fn check_format(code: &str, policy_json: Option<String>) -> Result<String> {
    json(&codes::check_format(code, &*policy(policy_json)?))
}

/// `Incentive::preview` of a subtotal: the preview as JSON.
#[wasm_bindgen(js_name = previewIncentive)]
pub fn preview_incentive(
    incentive_json: &str,
    amount: &str,
    currency: &str,
    at_: &str,
    mode: Option<String>,
) -> Result<String> {
    let incentive = arguments::incentive(incentive_json)?;
    let subtotal = Money::parse(amount, currency)?;
    json(&incentive.preview(subtotal, at("at", at_)?, rounding("rounding", mode)?)?)
}

/// `Incentive::preview_order`: the preview of a whole order as JSON.
#[wasm_bindgen(js_name = previewIncentiveOrder)]
pub fn preview_incentive_order(
    incentive_json: &str,
    order_json: &str,
    at_: &str,
    mode: Option<String>,
) -> Result<String> {
    let incentive = arguments::incentive(incentive_json)?;
    let order = Order::from_json(order_json)?;
    json(&incentive.preview_order(&order, at("at", at_)?, rounding("rounding", mode)?)?)
}
