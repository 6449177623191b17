//! The offline verdict on a typed code, and strict parsing of generated codes.

use serde::Serialize;

use super::check::canonicalize_and_check;
use super::normalize::{invalid, normalize_into};
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
            CodeFormat::Generated { .. } => CodeKind::Generated.verdict_index(),
            CodeFormat::LikelyTypo { .. } => CodeKind::LikelyTypo.verdict_index(),
            CodeFormat::Vanity { .. } => CodeKind::Vanity.verdict_index(),
            CodeFormat::Invalid { .. } => Self::INVALID_INDEX,
        }
    }

    /// The [`CodeFormat::verdict_index`] of [`CodeFormat::Invalid`] (the others are
    /// [`CodeKind::verdict_index`]).
    pub const INVALID_INDEX: u32 = 3;

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
    let mut code = String::new();
    match check_format_into(input, policy, &mut code) {
        Ok(kind) => kind.with_code(code),
        Err(problem) => CodeFormat::Invalid { problem },
    }
}

/// [`check_format`] for callers that check code after code (a browser, as the shopper types): the
/// normalized code is written into `code` (cleared first, its room reused, so that a check
/// allocates nothing once it has room), and the answer is the code's kind, or why it is not a
/// possible code (the [`CodeFormat::Invalid`] verdict).
pub fn check_format_into(input: &str, policy: &CodePolicy, code: &mut String) -> Result<CodeKind, CodeProblem> {
    match read_generated(input, policy, code)? {
        Shape::Generated { valid: true } => Ok(CodeKind::Generated),
        Shape::Generated { valid: false } => Ok(CodeKind::LikelyTypo),
        Shape::Other { .. } => vanity_of_normalized(code, policy).map(|()| CodeKind::Vanity),
    }
}

/// What a possible code is: the verdicts of [`CodeFormat`] but [`CodeFormat::Invalid`], without
/// the code ([`check_format_into`]'s answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// A generated code with a matching check symbol.
    Generated,
    /// The shape of a generated code but a wrong check symbol.
    LikelyTypo,
    /// A well-formed vanity code.
    Vanity,
}

impl CodeKind {
    /// The index of the verdict's name in [`CodeFormat::VERDICTS`].
    pub fn verdict_index(self) -> u32 {
        match self {
            CodeKind::Generated => 0,
            CodeKind::LikelyTypo => 1,
            CodeKind::Vanity => 2,
        }
    }

    /// The verdict of this kind with its code.
    fn with_code(self, code: String) -> CodeFormat {
        match self {
            CodeKind::Generated => CodeFormat::Generated { code },
            CodeKind::LikelyTypo => CodeFormat::LikelyTypo { code },
            CodeKind::Vanity => CodeFormat::Vanity { code },
        }
    }
}

/// Parses a generated code strictly and returns its canonical form (`" abcd-efgh-j "` style input
/// accepted; O read as 0, I and L as 1 after the prefix). Errors: the [`super::normalize`] problems,
/// [`CodeProblem::PrefixMismatch`], [`CodeProblem::NotGenerated`] and
/// [`CodeProblem::BadCheckSymbol`]. The policy is validated first.
pub fn parse_generated(input: &str, policy: &CodePolicy) -> Result<String> {
    policy.validate()?;
    let mut code = String::new();
    let reason = match read_generated(input, policy, &mut code) {
        Ok(Shape::Generated { valid: true }) => return Ok(code),
        Ok(Shape::Generated { valid: false }) => CodeProblem::BadCheckSymbol,
        Ok(Shape::Other { prefix: false }) => {
            CodeProblem::PrefixMismatch { expected: policy.normalized_prefix().unwrap_or_default() }
        }
        Ok(Shape::Other { prefix: true }) => CodeProblem::NotGenerated,
        Err(problem) => problem,
    };
    Err(invalid(input, reason))
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
    let mut code = String::new();
    read_generated(input, policy, &mut code).map_err(|problem| invalid(input, problem))?;
    Ok(code)
}

/// What a normalized code is, read as a generated code.
enum Shape {
    /// The generated shape (canonicalized after the prefix), its check symbol right or wrong.
    Generated { valid: bool },
    /// Not the generated shape: without the prefix (`prefix: false`), or not a generated part after it.
    Other { prefix: bool },
}

/// Normalizes `input` into `code` and reads it as a generated code, canonicalizing a generated
/// part in place. Errors are [`super::normalize`]'s. An invalid policy prefix counts as empty.
fn read_generated(input: &str, policy: &CodePolicy, code: &mut String) -> Result<Shape, CodeProblem> {
    normalize_into(input, policy, code)?;
    let prefix = match policy.prefix_in(code) {
        Ok(Some(length)) => length,
        Ok(None) => return Ok(Shape::Other { prefix: false }),
        Err(_) => 0,
    };
    if policy.generated_part_after(code, prefix).is_none() {
        return Ok(Shape::Other { prefix: true });
    }
    // Canonical in place: the part is ASCII and each symbol's canonical form is one ASCII byte.
    let mut canonical = std::mem::take(code).into_bytes();
    let valid = canonical.get_mut(prefix..).is_some_and(canonicalize_and_check);
    *code = String::from_utf8(canonical).unwrap_or_default();
    Ok(Shape::Generated { valid })
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
