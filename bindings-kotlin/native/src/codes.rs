//! Referral codes under a code policy (the default policy when `null`), incentives, e-mail keys.
//! A given policy is validated first (`CodePolicy::validate`), as the other bindings' JSON input is.

use affiliate_kit::codes::{self, CodeFormat, CodePolicy, Incentive, IncentivePreview};
use affiliate_kit::money::{Money, RoundingMode};
use affiliate_kit::plan::Order;
use affiliate_kit::Error as CoreError;

use crate::custom::{Symbol, Timestamp};
use crate::error::Result;

/// The given policy (validated) or the default one.
fn policy(policy: Option<CodePolicy>) -> Result<CodePolicy> {
    let policy = policy.unwrap_or_default();
    policy.validate()?;
    Ok(policy)
}

/// A 256-bit seed from exactly 32 bytes.
fn seed_bytes(seed: &[u8]) -> Result<[u8; 32]> {
    Ok(<[u8; 32]>::try_from(seed).map_err(|_| CoreError::InvalidInput {
        field: "seed".to_string(),
        reason: format!("{} bytes given; a seed is exactly 32 bytes", seed.len()),
    })?)
}

/// `normalize`: trimmed, spaces and hyphens removed, upper-cased, length-checked.
#[uniffi::export(default(policy = None))]
pub fn normalize(code: String, policy: Option<CodePolicy>) -> Result<String> {
    Ok(codes::normalize(&code, &self::policy(policy)?)?)
}

/// `canonical_code`: the one key under which a code is stored and looked up.
#[uniffi::export(default(policy = None))]
pub fn canonical_code(code: String, policy: Option<CodePolicy>) -> Result<String> {
    Ok(codes::canonical_code(&code, &self::policy(policy)?)?)
}

/// `check_format`: what a typed code looks like, judged offline.
#[uniffi::export(default(policy = None))]
pub fn check_format(code: String, policy: Option<CodePolicy>) -> Result<CodeFormat> {
    Ok(codes::check_format(&code, &self::policy(policy)?))
}

/// `parse_generated`: a generated code whose check symbol matches, canonical.
#[uniffi::export(default(policy = None))]
pub fn parse_generated(code: String, policy: Option<CodePolicy>) -> Result<String> {
    Ok(codes::parse_generated(&code, &self::policy(policy)?)?)
}

/// `validate_vanity`: a vanity code, normalized.
#[uniffi::export(default(policy = None))]
pub fn validate_vanity(code: String, policy: Option<CodePolicy>) -> Result<String> {
    Ok(codes::validate_vanity(&code, &self::policy(policy)?)?)
}

/// `generate_code_seeded`: a generated code from a `u64` seed (deterministic; for tests).
#[uniffi::export(default(policy = None))]
pub fn generate_code(seed: u64, policy: Option<CodePolicy>) -> Result<String> {
    Ok(codes::generate_code_seeded(&self::policy(policy)?, seed)?)
}

/// `generate_code_from_seed_bytes`: a generated code from 32 bytes of host entropy (production).
#[uniffi::export(default(policy = None))]
pub fn generate_code_from_seed_bytes(seed: Vec<u8>, policy: Option<CodePolicy>) -> Result<String> {
    Ok(codes::generate_code_from_seed_bytes(&self::policy(policy)?, seed_bytes(&seed)?)?)
}

/// `generate_codes_seeded`: `count` codes from one `u64` seed, in order.
#[uniffi::export(default(policy = None))]
pub fn generate_codes(seed: u64, count: u32, policy: Option<CodePolicy>) -> Result<Vec<String>> {
    Ok(codes::generate_codes_seeded(&self::policy(policy)?, seed, count)?)
}

/// `check_symbol`: the check symbol of a payload, or `null` when it has a non-Crockford character.
#[uniffi::export]
pub fn check_symbol(payload: String) -> Option<Symbol> {
    codes::check_symbol(&payload)
}

/// `has_valid_check`: whether a payload followed by its check symbol passes the check.
#[uniffi::export]
pub fn has_valid_check(code: String) -> bool {
    codes::has_valid_check(&code)
}

/// `CodePolicy::default`: the default code policy.
#[uniffi::export]
pub fn default_code_policy() -> CodePolicy {
    CodePolicy::default()
}

/// `CodePolicy::validate`: throws `InvalidPolicy` when the policy is inconsistent.
#[uniffi::export]
pub fn validate_code_policy(policy: CodePolicy) -> Result<()> {
    Ok(policy.validate()?)
}

/// `Incentive::validate`: throws `InvalidAmount` or `CurrencyMismatch` when the incentive is invalid.
#[uniffi::export]
pub fn validate_incentive(incentive: Incentive) -> Result<()> {
    Ok(incentive.validate()?)
}

/// `Incentive::preview`: the incentive's effect on a subtotal at an instant.
#[uniffi::export]
pub fn preview_incentive(
    incentive: Incentive,
    subtotal: Money,
    at: Timestamp,
    rounding: RoundingMode,
) -> Result<IncentivePreview> {
    Ok(incentive.preview(subtotal, at, rounding)?)
}

/// `Incentive::preview_order`: the incentive's effect on an order's subtotal at an instant.
#[uniffi::export]
pub fn preview_incentive_order(
    incentive: Incentive,
    order: Order,
    at: Timestamp,
    rounding: RoundingMode,
) -> Result<IncentivePreview> {
    Ok(incentive.preview_order(&order, at, rounding)?)
}

/// `email_key`: the case-insensitive lookup key of an e-mail address (checked).
#[uniffi::export]
pub fn email_key(email: String) -> Result<String> {
    Ok(affiliate_kit::program::email_key(&email)?)
}
