//! Vanity codes chosen by affiliates.

use super::normalize::{invalid, normalize_code};
use super::{CodePolicy, CodeProblem};
use crate::error::Result;

/// Validates a vanity code such as `"john-25"` and returns it normalized (`"JOHN25"`).
///
/// Besides [`super::normalize`]'s rules, rejects the policy's reserved words (exact match after
/// normalization) with [`CodeProblem::Reserved`], and codes with the shape of a generated code (the
/// prefix followed by `generated_length + 1` symbols readable as Crockford base32, O, I and L
/// included) with [`CodeProblem::GeneratedShape`]. Vanity codes carry no check symbol. The policy is
/// validated first.
///
/// **Beware the generated length.** Under the default policy (no prefix, `generated_length` 8) every
/// vanity code of exactly 9 readable symbols is refused as [`CodeProblem::GeneratedShape`], which
/// covers many 9-letter names: `"JOHNSMITH"`, `"BESTPRICE"`. Only a U makes such a code readable as
/// vanity (`"HELLOUSER"`). Setting a [`CodePolicy::prefix`] for generated codes (e.g. `"R"`) frees
/// every vanity length: then only vanity codes that start with the prefix and have exactly
/// `prefix + generated_length + 1` symbols are refused, and `"JOHNSMITH"` is accepted.
pub fn validate_vanity(input: &str, policy: &CodePolicy) -> Result<String> {
    policy.validate()?;
    vanity_code(input, policy).map_err(|reason| invalid(input, reason))
}

/// [`validate_vanity`] without policy validation, with the bare problem as the error.
pub(crate) fn vanity_code(input: &str, policy: &CodePolicy) -> Result<String, CodeProblem> {
    let code = normalize_code(input, policy)?;
    vanity_of_normalized(&code, policy)?;
    Ok(code)
}

/// Whether a code already normalized passes [`vanity_code`]'s rules.
pub(crate) fn vanity_of_normalized(code: &str, policy: &CodePolicy) -> Result<(), CodeProblem> {
    if let Some(word) = policy.reserved_match(code) {
        return Err(CodeProblem::Reserved { word });
    }
    if policy.generated_part(code).is_some() {
        return Err(CodeProblem::GeneratedShape);
    }
    Ok(())
}
