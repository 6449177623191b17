//! `CodePolicy`: length bounds, reserved words and the shape of generated codes.

use serde::{Deserialize, Serialize};

use super::check::value_of_byte;
use super::normalize::{canonical_chars, trim_ascii_space};
use crate::error::{Error, Result};

/// The longest `max_length` a policy may set, which bounds the work done on any input.
pub const MAX_CODE_LENGTH: u32 = 256;

/// The rules referral codes follow. Every field has a default, so `{}` is a valid policy in JSON.
///
/// **Vanity codes of the generated length are refused.** A vanity code with the shape of a generated
/// code (the prefix, then `generated_length + 1` symbols readable as Crockford base32, where only U is
/// unreadable) is rejected with [`super::CodeProblem::GeneratedShape`], so that [`super::check_format`]
/// is never ambiguous. With the default policy (no prefix, 8 symbols) this refuses most 9-character
/// names, e.g. `JOHNSMITH` or `BESTPRICE`. Setting a `prefix` for generated codes (e.g. `"R"`) frees
/// every vanity length: only vanity codes that begin with the prefix and have exactly the generated
/// length are then refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CodePolicy {
    /// Fewest characters of a normalized code (default 3).
    pub min_length: u32,
    /// Most characters of a normalized code (default 32, at most [`MAX_CODE_LENGTH`]).
    pub max_length: u32,
    /// Words no vanity code may be, compared after normalization (default `ADMIN`, `NULL`, ...).
    pub reserved: Vec<String>,
    /// Random symbols in a generated code, before the check symbol (default 8, i.e. 40 bits).
    ///
    /// Vanity codes of exactly `prefix + generated_length + 1` readable symbols are refused as
    /// [`super::CodeProblem::GeneratedShape`]: with the defaults, 9-letter names such as `JOHNSMITH`.
    /// Set a [`CodePolicy::prefix`] to free every vanity length (see the type's documentation).
    pub generated_length: u32,
    /// Literal prefix of generated codes, e.g. `SUMMER` or `R` (default empty). Normalized before use.
    ///
    /// With an empty prefix, vanity codes of `generated_length + 1` readable symbols (9 by default,
    /// e.g. `JOHNSMITH`) are refused as [`super::CodeProblem::GeneratedShape`]. With a prefix such as
    /// `R`, only vanity codes that start with the prefix and have the generated length are refused,
    /// so every vanity length is available.
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
        let generated = to_u32(prefix.len()).saturating_add(self.generated_length).saturating_add(1);
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

    /// The normalized reserved word equal to `code`, if any. Compares each word as it normalizes,
    /// without building it: a shopper's every keystroke checks the reserved words.
    pub(crate) fn reserved_match(&self, code: &str) -> Option<String> {
        self.reserved.iter().find(|word| normalizes_to(word, code)).map(|_| code.to_string())
    }

    /// The length of the normalized prefix when the normalized `code` starts with it, else `None`
    /// (what `code.starts_with(normalized_prefix)` answers), comparing the prefix as it normalizes,
    /// without building it. An invalid prefix is [`CodePolicy::normalized_prefix`]'s error.
    pub(crate) fn prefix_in(&self, code: &str) -> Result<Option<usize>, super::CodeProblem> {
        let long_way =
            || self.normalized_prefix().map(|prefix| code.starts_with(prefix.as_str()).then_some(prefix.len()));
        if !self.prefix.is_ascii() {
            return long_way();
        }
        let code = code.as_bytes();
        let (mut kept, mut matches) = (0, true);
        for &b in trim_ascii_space(self.prefix.as_bytes()) {
            if b == b' ' || b == b'-' {
                continue;
            }
            if !b.is_ascii_alphanumeric() {
                return long_way(); // the error, named as normalizing names it
            }
            if kept < to_usize(MAX_CODE_LENGTH) {
                matches &= code.get(kept) == Some(&b.to_ascii_uppercase());
                kept += 1;
            }
        }
        Ok(matches.then_some(kept))
    }

    /// For a normalized `code` with the shape of a generated code (the prefix, then exactly
    /// `generated_length + 1` symbols readable as Crockford base32, counting O, I and L), the part
    /// after the prefix.
    pub(crate) fn generated_part<'a>(&self, code: &'a str) -> Option<&'a str> {
        let prefix = self.prefix_in(code).ok()??;
        self.generated_part_after(code, prefix)
    }

    /// [`CodePolicy::generated_part`] of a code known to start with the normalized prefix, of
    /// `prefix` bytes.
    pub(crate) fn generated_part_after<'a>(&self, code: &'a str, prefix: usize) -> Option<&'a str> {
        let rest = code.get(prefix..)?;
        // A normalized code is ASCII: bytes are characters.
        let shaped = rest.is_ascii()
            && Some(rest.len()) == to_usize(self.generated_length).checked_add(1)
            && rest.bytes().all(|b| value_of_byte(b).is_some());
        shaped.then_some(rest)
    }
}

/// Whether `word` normalizes to exactly `code` as `canonical_chars(word, MAX_CODE_LENGTH)` would
/// (the same character rules, the first [`MAX_CODE_LENGTH`] characters kept), without allocating.
fn normalizes_to(word: &str, code: &str) -> bool {
    if !word.is_ascii() {
        // Rare (a policy word with non-ASCII space around it): normalize it the long way.
        return canonical_chars(word, MAX_CODE_LENGTH).is_ok_and(|(word, _)| word == code);
    }
    let mut expected = code.bytes();
    let mut kept = 0;
    for &b in trim_ascii_space(word.as_bytes()) {
        if b == b' ' || b == b'-' {
            continue;
        }
        if !b.is_ascii_alphanumeric() {
            return false;
        }
        if kept < MAX_CODE_LENGTH {
            kept += 1;
            if Some(b.to_ascii_uppercase()) != expected.next() {
                return false; // differs (whatever follows, the word cannot normalize to `code`)
            }
        }
    }
    expected.next().is_none()
}

/// `n` as a `u32`, saturating at `u32::MAX` (lengths and positions in the public API are `u32`).
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `n` as a `usize`, saturating at `usize::MAX` (exact on every 32- and 64-bit target).
pub(crate) fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::{canonical_chars, normalizes_to, CodePolicy, MAX_CODE_LENGTH};
    use proptest::prelude::*;

    proptest! {
        /// Comparing the prefix as it normalizes answers as normalizing it and comparing does, for
        /// valid and invalid prefixes.
        #[test]
        fn prefix_in_is_normalize_then_starts_with(prefix in "[ a-cA-C0-1\\-_\u{a0}\u{410}\\t]{0,6}", code in "[A-C0-1]{0,6}") {
            let policy = CodePolicy { prefix, ..CodePolicy::default() };
            let by_definition = policy
                .normalized_prefix()
                .map(|prefix| code.starts_with(prefix.as_str()).then_some(prefix.len()));
            prop_assert_eq!(policy.prefix_in(&code), by_definition);
            // And a code that does start with it.
            if let Ok(normal) = policy.normalized_prefix() {
                prop_assert_eq!(policy.prefix_in(&format!("{normal}{code}")), Ok(Some(normal.len())));
            }
        }

        /// The comparison without allocating answers as normalizing the word and comparing does.
        #[test]
        fn normalizes_to_is_normalize_then_compare(word in "[ a-cA-C0-1\\-_\u{a0}\u{410}\\t]{0,12}", code in "[A-C0-1]{0,6}") {
            let by_definition = canonical_chars(&word, MAX_CODE_LENGTH).is_ok_and(|(w, _)| w == code);
            prop_assert_eq!(normalizes_to(&word, &code), by_definition);
            // And the word against its own normalization, when it has one.
            if let Ok((normal, _)) = canonical_chars(&word, MAX_CODE_LENGTH) {
                prop_assert!(normalizes_to(&word, &normal));
            }
        }
    }
}
