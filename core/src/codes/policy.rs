//! `CodePolicy`: length bounds, reserved words and the shape of generated codes.

use serde::{Deserialize, Serialize};

use super::check::is_readable_symbol;
use super::normalize::canonical_chars;
use crate::error::{Error, Result};

/// The longest `max_length` a policy may set, which bounds the work done on any input.
pub const MAX_CODE_LENGTH: usize = 256;

/// The rules referral codes follow. Every field has a default, so `{}` is a valid policy in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CodePolicy {
    /// Fewest characters of a normalized code (default 3).
    pub min_length: usize,
    /// Most characters of a normalized code (default 32, at most [`MAX_CODE_LENGTH`]).
    pub max_length: usize,
    /// Words no vanity code may be, compared after normalization (default `ADMIN`, `NULL`, ...).
    pub reserved: Vec<String>,
    /// Random symbols in a generated code, before the check symbol (default 8, i.e. 40 bits).
    pub generated_length: usize,
    /// Literal prefix of generated codes, e.g. `SUMMER` (default empty). Normalized before use.
    pub prefix: String,
}

impl Default for CodePolicy {
    fn default() -> Self {
        CodePolicy {
            min_length: 3,
            max_length: 32,
            reserved: ["ADMIN", "AFFILIATE", "NULL", "NONE", "TEST", "STAFF", "SUPPORT", "UNDEFINED"]
                .iter()
                .map(|w| (*w).to_string())
                .collect(),
            generated_length: 8,
            prefix: String::new(),
        }
    }
}

impl CodePolicy {
    /// Checks that the policy is consistent, else [`Error::InvalidPolicy`]: `1 <= min_length <=
    /// max_length <= MAX_CODE_LENGTH`, `generated_length >= 1`, a prefix and reserved words made of
    /// letters, digits, spaces and hyphens, and generated codes (prefix + payload + check symbol)
    /// whose length lies within the bounds.
    pub fn validate(&self) -> Result<()> {
        let invalid = |reason: String| Err(Error::InvalidPolicy { reason });
        if self.min_length < 1 {
            return invalid("min_length must be at least 1".to_string());
        }
        if self.min_length > self.max_length {
            return invalid(format!("min_length {} exceeds max_length {}", self.min_length, self.max_length));
        }
        if self.max_length > MAX_CODE_LENGTH {
            return invalid(format!("max_length {} exceeds the limit of {MAX_CODE_LENGTH}", self.max_length));
        }
        if self.generated_length < 1 {
            return invalid("generated_length must be at least 1".to_string());
        }
        let prefix = self.normalized_prefix().map_err(|problem| Error::InvalidPolicy {
            reason: format!("prefix {:?} is not a valid code prefix: {problem}", self.prefix),
        })?;
        let generated = prefix.len().saturating_add(self.generated_length).saturating_add(1);
        if generated > self.max_length || generated < self.min_length {
            return invalid(format!(
                "generated codes have {generated} characters (prefix + {} symbols + check symbol), \
                 outside min_length {} and max_length {}",
                self.generated_length, self.min_length, self.max_length
            ));
        }
        for word in &self.reserved {
            if let Err(problem) = canonical_chars(word, MAX_CODE_LENGTH) {
                return invalid(format!("reserved word {word:?} is not a valid code: {problem}"));
            }
        }
        Ok(())
    }

    /// The prefix in normalized form (`summer` → `SUMMER`).
    pub(crate) fn normalized_prefix(&self) -> Result<String, super::CodeProblem> {
        canonical_chars(&self.prefix, MAX_CODE_LENGTH).map(|(prefix, _)| prefix)
    }

    /// The normalized reserved word equal to `code`, if any.
    pub(crate) fn reserved_match(&self, code: &str) -> Option<String> {
        self.reserved
            .iter()
            .filter_map(|word| canonical_chars(word, MAX_CODE_LENGTH).ok())
            .map(|(word, _)| word)
            .find(|word| word == code)
    }

    /// For a normalized `code` with the shape of a generated code (the prefix, then exactly
    /// `generated_length + 1` symbols readable as Crockford base32, counting O, I and L), the part
    /// after the prefix.
    pub(crate) fn generated_part<'a>(&self, code: &'a str) -> Option<&'a str> {
        let prefix = self.normalized_prefix().ok()?;
        let rest = code.strip_prefix(prefix.as_str())?;
        let shaped =
            rest.chars().count() == self.generated_length.saturating_add(1) && rest.chars().all(is_readable_symbol);
        shaped.then_some(rest)
    }
}
