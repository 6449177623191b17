//! The offline verdict on a typed code, and strict parsing of generated codes.

use serde::Serialize;

use super::check::{canonical_symbol, has_valid_check};
use super::normalize::{invalid, normalize_code};
use super::vanity::vanity_of_normalized;
use super::{CodePolicy, CodeProblem};
use crate::error::Result;

/// What a typed code looks like, judged offline (e.g. in a browser, before any lookup).
/// Serializes as `{"verdict": "generated", "code": "..."}` and so on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum CodeFormat {
    /// A generated code with a matching check symbol.
    Generated {
        /// The canonical code (normalized, O read as 0, I and L as 1 after the prefix).
        code: String,
    },
    /// The shape of a generated code but a wrong check symbol: most likely a typo.
    LikelyTypo {
        /// The code as normalized and canonicalized.
        code: String,
    },
    /// A well-formed vanity code.
    Vanity {
        /// The normalized code.
        code: String,
    },
    /// Not a possible code.
    Invalid {
        /// Why not.
        problem: CodeProblem,
    },
}

impl CodeFormat {
    /// Whether the code is worth looking up: [`CodeFormat::Generated`] or [`CodeFormat::Vanity`].
    pub fn is_acceptable(&self) -> bool {
        matches!(self, CodeFormat::Generated { .. } | CodeFormat::Vanity { .. })
    }

    /// Every verdict's name, as it serializes, at its [`CodeFormat::verdict_index`].
    pub const VERDICTS: [&'static str; 4] = ["generated", "likely_typo", "vanity", "invalid"];

    /// The verdict's name, as it serializes (`"generated"`, `"likely_typo"`, `"vanity"`, `"invalid"`).
    pub fn verdict(&self) -> &'static str {
        let [generated, likely_typo, vanity, invalid] = Self::VERDICTS;
        match self {
            CodeFormat::Generated { .. } => generated,
            CodeFormat::LikelyTypo { .. } => likely_typo,
            CodeFormat::Vanity { .. } => vanity,
            CodeFormat::Invalid { .. } => invalid,
        }
    }

    /// The index of the verdict's name in [`CodeFormat::VERDICTS`] (a binding can answer the
    /// verdict as a number).
    pub fn verdict_index(&self) -> u32 {
        match self {
            CodeFormat::Generated { .. } => 0,
            CodeFormat::LikelyTypo { .. } => 1,
            CodeFormat::Vanity { .. } => 2,
            CodeFormat::Invalid { .. } => 3,
        }
    }

    /// The normalized code, unless the verdict is [`CodeFormat::Invalid`].
    pub fn code(&self) -> Option<&str> {
        match self {
            CodeFormat::Generated { code } | CodeFormat::LikelyTypo { code } | CodeFormat::Vanity { code } => {
                Some(code)
            }
            CodeFormat::Invalid { .. } => None,
        }
    }
}

/// Judges a typed code without any lookup; never fails. A code with the generated shape is
/// [`CodeFormat::Generated`] or [`CodeFormat::LikelyTypo`] by its check symbol; anything else is
/// [`CodeFormat::Vanity`] if it passes [`super::validate_vanity`]'s rules, else
/// [`CodeFormat::Invalid`]. The policy is assumed valid (see [`CodePolicy::validate`]).
pub fn check_format(input: &str, policy: &CodePolicy) -> CodeFormat {
    match generated_code(input, policy) {
        Ok(code) => CodeFormat::Generated { code },
        Err(GeneratedError::BadCheck(code)) => CodeFormat::LikelyTypo { code },
        Err(GeneratedError::Problem(problem)) => CodeFormat::Invalid { problem },
        Err(GeneratedError::NotGenerated(_, code)) => match vanity_of_normalized(code, policy) {
            Ok(code) => CodeFormat::Vanity { code },
            Err(problem) => CodeFormat::Invalid { problem },
        },
    }
}

/// Parses a generated code strictly and returns its canonical form (`" abcd-efgh-j "` style input
/// accepted; O read as 0, I and L as 1 after the prefix). Errors: the [`super::normalize`] problems,
/// [`CodeProblem::PrefixMismatch`], [`CodeProblem::NotGenerated`] and
/// [`CodeProblem::BadCheckSymbol`]. The policy is validated first.
pub fn parse_generated(input: &str, policy: &CodePolicy) -> Result<String> {
    policy.validate()?;
    generated_code(input, policy).map_err(|error| {
        let reason = match error {
            GeneratedError::Problem(problem) | GeneratedError::NotGenerated(problem, _) => problem,
            GeneratedError::BadCheck(_) => CodeProblem::BadCheckSymbol,
        };
        invalid(input, reason)
    })
}

/// The one key under which a code is stored and looked up, so that every spelling a customer may type
/// finds it: the code [normalized](super::normalize), and, if it has the shape of a generated code,
/// canonicalized after the prefix (O read as 0, I and L as 1). This is exactly the `code` of
/// [`check_format`]'s [`CodeFormat::Generated`] and [`CodeFormat::LikelyTypo`] verdicts (the check
/// symbol is not verified here); any other code, vanity codes included, is returned normalized
/// (`"john-25"` → `"JOHN25"`), so `"1vxs-nzgey"`, `"1VXSNZGEY"` and `"IVXSNZGEY"` share one key.
///
/// Store codes under this key when issuing them and look typed codes up by it. Errors are
/// [`super::normalize`]'s. The policy is assumed valid (see [`CodePolicy::validate`]); use the same
/// policy for storing and looking up.
pub fn canonical_code(input: &str, policy: &CodePolicy) -> Result<String> {
    match generated_code(input, policy) {
        Ok(code) | Err(GeneratedError::BadCheck(code) | GeneratedError::NotGenerated(_, code)) => Ok(code),
        Err(GeneratedError::Problem(problem)) => Err(invalid(input, problem)),
    }
}

/// Why a code was not read as a valid generated code.
enum GeneratedError {
    /// Not a code at all.
    Problem(CodeProblem),
    /// A code, but without the generated shape: why not, and the normalized code.
    NotGenerated(CodeProblem, String),
    /// The generated shape, canonicalized, with a wrong check symbol.
    BadCheck(String),
}

fn generated_code(input: &str, policy: &CodePolicy) -> Result<String, GeneratedError> {
    let code = normalize_code(input, policy).map_err(GeneratedError::Problem)?;
    let prefix = policy.normalized_prefix().unwrap_or_default();
    if !code.starts_with(prefix.as_str()) {
        return Err(GeneratedError::NotGenerated(CodeProblem::PrefixMismatch { expected: prefix }, code));
    }
    let Some(part) = policy.generated_part_after(&code, &prefix) else {
        return Err(GeneratedError::NotGenerated(CodeProblem::NotGenerated, code));
    };
    let valid = has_valid_check(part);
    // Canonical in place: the part is ASCII and each symbol's canonical form is one ASCII byte.
    let mut canonical = code.into_bytes();
    for b in canonical.iter_mut().skip(prefix.len()) {
        *b = u8::try_from(canonical_symbol(char::from(*b))).unwrap_or(*b);
    }
    let canonical = String::from_utf8(canonical).unwrap_or_default();
    if valid {
        Ok(canonical)
    } else {
        Err(GeneratedError::BadCheck(canonical))
    }
}

#[cfg(test)]
mod tests {
    use super::{CodeFormat, CodeProblem};

    #[test]
    fn the_verdict_names_are_the_serialized_ones_at_their_index() {
        let code = || "ABC".to_string();
        for (index, format) in [
            CodeFormat::Generated { code: code() },
            CodeFormat::LikelyTypo { code: code() },
            CodeFormat::Vanity { code: code() },
            CodeFormat::Invalid { problem: CodeProblem::Empty },
        ]
        .into_iter()
        .enumerate()
        {
            let json = serde_json::to_value(&format).unwrap_or_default();
            assert_eq!(json["verdict"], format.verdict(), "{format:?}");
            assert_eq!(format.verdict_index() as usize, index, "{format:?}");
            assert_eq!(CodeFormat::VERDICTS[index], format.verdict(), "{format:?}");
        }
    }
}
