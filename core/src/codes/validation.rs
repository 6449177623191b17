//! Whether a typed code may be accepted at checkout: the verdict [`Program::validate_code`] answers
//! from the program, and [`CodeList::validate`] from a list of codes a checkout page was given.
//!
//! [`Program::validate_code`]: crate::program::Program::validate_code

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{canonical_code, check_format, CodeFormat, CodePolicy, Incentive};
use crate::error::{Error, Result};

/// The verdict of a code validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CodeValidity {
    /// An existing, unexpired code of an active affiliate.
    Valid,
    /// Not a possible code (empty, bad characters, too long, ...).
    Malformed,
    /// The shape of a generated code with a wrong check symbol: most likely a typo.
    LikelyTypo,
    /// Well-formed but no affiliate has it.
    Unknown,
    /// The code expired.
    Expired,
    /// The code's affiliate is not active.
    AffiliateNotActive,
}

/// What a code validation answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CodeValidation {
    /// Whether a checkout may accept the code.
    pub valid: bool,
    /// Why (or why not).
    pub reason: CodeValidity,
    /// The canonical code, when the input was a possible code.
    pub code: Option<String>,
    /// The affiliate owning it, when known.
    pub affiliate_id: Option<String>,
    /// The customer incentive the code carries, when valid.
    pub incentive: Option<Incentive>,
}

/// What decides the verdict on a code that was found: its owner, expiry, owner's status, incentive.
pub(crate) struct FoundCode<'a> {
    pub affiliate_id: &'a str,
    pub expires_at: Option<DateTime<Utc>>,
    pub active: bool,
    pub incentive: Option<&'a Incentive>,
}

/// The one rule of code validation: a malformed input is `malformed`; a code nobody has is
/// `likely_typo` when its check symbol is wrong, else `unknown`; a found code is `expired` at or after
/// its expiry, then `affiliate_not_active` unless its owner is active, else `valid` with its incentive.
pub(crate) fn validate_code<'a>(
    input: &str,
    policy: &CodePolicy,
    at: DateTime<Utc>,
    find: impl FnOnce(&str) -> Option<FoundCode<'a>>,
) -> CodeValidation {
    let answer = |reason, code: Option<String>, affiliate_id: Option<String>, incentive: Option<Incentive>| {
        CodeValidation { valid: reason == CodeValidity::Valid, reason, code, affiliate_id, incentive }
    };
    let Ok(code) = canonical_code(input, policy) else {
        return answer(CodeValidity::Malformed, None, None, None);
    };
    let Some(found) = find(&code) else {
        let reason = match check_format(input, policy) {
            CodeFormat::LikelyTypo { .. } => CodeValidity::LikelyTypo,
            CodeFormat::Invalid { .. } => CodeValidity::Malformed,
            _ => CodeValidity::Unknown,
        };
        return answer(reason, Some(code), None, None);
    };
    let reason = if found.expires_at.is_some_and(|e| at >= e) {
        CodeValidity::Expired
    } else if !found.active {
        CodeValidity::AffiliateNotActive
    } else {
        CodeValidity::Valid
    };
    let incentive = if reason == CodeValidity::Valid { found.incentive.cloned() } else { None };
    answer(reason, Some(code), Some(found.affiliate_id.to_string()), incentive)
}

/// One code of a [`CodeList`], as a server hands it to a checkout page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ListedCode {
    /// The code, in any spelling (it is stored canonical).
    pub code: String,
    /// The affiliate it refers to.
    pub affiliate_id: String,
    /// The customer incentive it carries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incentive: Option<Incentive>,
    /// From this instant on, the code is expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether its affiliate is active (default `true`: `ListedCode::ACTIVE_BY_DEFAULT`).
    #[serde(default = "active_by_default")]
    pub active: bool,
}

impl ListedCode {
    /// Whether a listed code's affiliate is active when the list does not say.
    pub const ACTIVE_BY_DEFAULT: bool = true;
}

fn active_by_default() -> bool {
    ListedCode::ACTIVE_BY_DEFAULT
}

/// The codes a checkout page was given, validated as [`Program::validate_code`] would, without the
/// program: a browser checks a typed code against it as the shopper types.
///
/// [`Program::validate_code`]: crate::program::Program::validate_code
#[derive(Debug, Clone, Default)]
pub struct CodeList {
    policy: CodePolicy,
    codes: HashMap<String, ListedCode>,
}

impl CodeList {
    /// An empty list under `policy`, which must be valid ([`CodePolicy::validate`]).
    pub fn new(policy: CodePolicy) -> Result<CodeList> {
        policy.validate()?;
        Ok(CodeList { policy, codes: HashMap::new() })
    }

    /// A list of `codes` under `policy`; errors are [`CodeList::new`]'s and [`CodeList::add`]'s.
    pub fn with_codes(policy: CodePolicy, codes: impl IntoIterator<Item = ListedCode>) -> Result<CodeList> {
        let mut list = CodeList::new(policy)?;
        for code in codes {
            list.add(code)?;
        }
        Ok(list)
    }

    /// Adds a code. A code that is not possible under the policy is [`Error::InvalidCode`]; one
    /// already listed in any spelling is [`Error::Conflict`]; an invalid incentive fails as
    /// [`Incentive::validate`] does.
    pub fn add(&mut self, listed: ListedCode) -> Result<()> {
        let code = canonical_code(&listed.code, &self.policy)?;
        if let Some(incentive) = &listed.incentive {
            incentive.validate()?;
        }
        if self.codes.contains_key(&code) {
            return Err(Error::conflict(format!("code {code:?} is listed twice")));
        }
        self.codes.insert(code, listed);
        Ok(())
    }

    /// How many codes are listed.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether no code is listed.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// Whether a typed code may be accepted at `at`, and its incentive. Never fails: a malformed
    /// input is answered `malformed`, a code not in the list `unknown` (or `likely_typo`).
    pub fn validate(&self, input: &str, at: DateTime<Utc>) -> CodeValidation {
        validate_code(input, &self.policy, at, |code| {
            self.codes.get(code).map(|listed| FoundCode {
                affiliate_id: &listed.affiliate_id,
                expires_at: listed.expires_at,
                active: listed.active,
                incentive: listed.incentive.as_ref(),
            })
        })
    }
}
