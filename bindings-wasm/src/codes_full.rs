//! The rest of the code verbs (full build): canonical codes, generation, vanity codes, incentives.

use std::borrow::Cow;
use std::sync::OnceLock;

use affiliate_kit::codes::{self, CodePolicy};
use affiliate_kit::host::arguments;
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::json;

/// `canonical_code`: the storage and lookup key of a code.
#[wasm_bindgen(js_name = canonicalCode)]
pub fn canonical_code(code: &str, policy_json: Option<String>) -> Result<String> {
    Ok(codes::canonical_code(code, &*policy(policy_json)?)?)
}

/// `parse_generated`: a generated code whose check symbol matches, normalized.
#[wasm_bindgen(js_name = parseGenerated)]
pub fn parse_generated(code: &str, policy_json: Option<String>) -> Result<String> {
    Ok(codes::parse_generated(code, &*policy(policy_json)?)?)
}

/// `validate_vanity`: a vanity code, normalized.
#[wasm_bindgen(js_name = validateVanity)]
pub fn validate_vanity(code: &str, policy_json: Option<String>) -> Result<String> {
    Ok(codes::validate_vanity(code, &*policy(policy_json)?)?)
}

/// `generate_code_seeded`.
#[wasm_bindgen(js_name = generateCode)]
pub fn generate_code(seed: u64, policy_json: Option<String>) -> Result<String> {
    Ok(codes::generate_code_seeded(&*policy(policy_json)?, seed)?)
}

/// `generate_codes_seeded`: `count` codes from one seed.
#[wasm_bindgen(js_name = generateCodes)]
pub fn generate_codes(seed: u64, count: u32, policy_json: Option<String>) -> Result<Vec<String>> {
    Ok(codes::generate_codes_seeded(&*policy(policy_json)?, seed, count)?)
}

/// `check_symbol`: the check symbol of a payload, or `undefined` when it has a foreign character.
#[wasm_bindgen(js_name = checkSymbol)]
pub fn check_symbol(payload: &str) -> Option<String> {
    codes::check_symbol(payload).map(String::from)
}

/// `has_valid_check`.
#[wasm_bindgen(js_name = hasValidCheck)]
pub fn has_valid_check(code: &str) -> bool {
    codes::has_valid_check(code)
}

/// The default code policy, as JSON.
#[wasm_bindgen(js_name = defaultCodePolicy)]
pub fn default_code_policy() -> Result<String> {
    json(&CodePolicy::default())
}

/// A code policy as the core reads it (validated), as JSON.
#[wasm_bindgen(js_name = codePolicy)]
pub fn code_policy(policy_json: &str) -> Result<String> {
    json(&*policy(Some(policy_json.to_string()))?)
}

/// An incentive as the core reads it (validated), as JSON.
#[wasm_bindgen]
pub fn incentive(incentive_json: &str) -> Result<String> {
    json(&arguments::incentive(incentive_json)?)
}

/// `email_key`: the case-insensitive key of an e-mail address.
#[wasm_bindgen(js_name = emailKey)]
pub fn email_key(email: &str) -> Result<String> {
    Ok(affiliate_kit::program::email_key(email)?)
}

/// A code policy given as JSON, or the default policy (built once).
fn policy(json: Option<String>) -> Result<Cow<'static, CodePolicy>> {
    static DEFAULT: OnceLock<CodePolicy> = OnceLock::new();
    Ok(match json {
        Some(json) => Cow::Owned(arguments::code_policy(&json)?),
        None => Cow::Borrowed(DEFAULT.get_or_init(CodePolicy::default)),
    })
}
