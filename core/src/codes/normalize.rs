//! Normalization: the one canonical spelling of a typed code.

use super::policy::{to_u32, to_usize};
use super::{CodePolicy, CodeProblem};
use crate::error::{Error, Result};

/// Normalizes a typed code: trims surrounding whitespace, removes ASCII spaces and hyphens and
/// upper-cases ASCII letters, so `" ab-c 12 "` becomes `"ABC12"`.
///
/// Any other character (a Cyrillic `А` look-alike, a zero-width space, an emoji, `_`, a tab inside
/// the code) is rejected with [`CodeProblem::InvalidCharacter`] naming the first one and its
/// 0-based character position in the original input. Then the policy's length bounds apply
/// ([`CodeProblem::Empty`], [`CodeProblem::TooShort`], [`CodeProblem::TooLong`]). The work is linear
/// in the input and at most `max_length + 1` characters are kept, so huge inputs fail fast.
/// Normalizing a normalized code returns it unchanged.
pub fn normalize(input: &str, policy: &CodePolicy) -> Result<String> {
    normalize_code(input, policy).map_err(|reason| invalid(input, reason))
}

/// Builds the [`Error::InvalidCode`] for `input`.
pub(crate) fn invalid(input: &str, reason: CodeProblem) -> Error {
    Error::InvalidCode { input: input.to_string(), reason }
}

/// [`normalize`] with the bare problem as the error.
pub(crate) fn normalize_code(input: &str, policy: &CodePolicy) -> Result<String, CodeProblem> {
    let (code, length) = canonical_chars(input, policy.max_length.saturating_add(1))?;
    if length == 0 {
        Err(CodeProblem::Empty)
    } else if length < policy.min_length {
        Err(CodeProblem::TooShort { length, min: policy.min_length })
    } else if length > policy.max_length {
        Err(CodeProblem::TooLong { length, max: policy.max_length })
    } else {
        Ok(code)
    }
}

/// The character rules of [`normalize`] without length bounds: returns at most `keep` normalized
/// characters and the full normalized length (saturating at `u32::MAX`). Used for policy prefixes and
/// reserved words too.
pub(crate) fn canonical_chars(input: &str, keep: u32) -> Result<(String, u32), CodeProblem> {
    let keep = to_usize(keep);
    let leading = input.chars().take_while(|c| c.is_whitespace()).count();
    let mut code = String::new();
    let mut length = 0usize;
    for (index, c) in input.trim().chars().enumerate() {
        if c == ' ' || c == '-' {
            continue;
        }
        if !c.is_ascii_alphanumeric() {
            return Err(CodeProblem::InvalidCharacter {
                character: c,
                position: to_u32(leading.saturating_add(index)),
            });
        }
        if length < keep {
            code.push(c.to_ascii_uppercase());
        }
        length += 1;
    }
    Ok((code, to_u32(length)))
}
