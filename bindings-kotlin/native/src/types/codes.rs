//! Referral codes: the policy, the offline verdict, why a code was rejected, incentives, and a
//! program's code validation (mirrors).

use affiliate_kit::codes::{
    CodeFormat, CodePolicy, CodeProblem, Discount, Incentive, IncentivePreview, IneligibleReason,
};
use affiliate_kit::money::Money;
use affiliate_kit::program::{CodeValidation, CodeValidity};
use rust_decimal::Decimal;

use crate::custom::{Symbol, Timestamp};

/// The rules referral codes follow (see `defaultCodePolicy()` for the defaults).
#[uniffi::remote(Record)]
pub struct CodePolicy {
    /// Fewest characters of a normalized code.
    pub min_length: u32,
    /// Most characters of a normalized code.
    pub max_length: u32,
    /// Words no vanity code may be, compared after normalization.
    pub reserved: Vec<String>,
    /// Random symbols in a generated code, before the check symbol.
    pub generated_length: u32,
    /// Literal prefix of generated codes (may be empty).
    pub prefix: String,
}

/// What a typed code looks like, judged offline.
#[uniffi::remote(Enum)]
pub enum CodeFormat {
    /// A generated code with a matching check symbol.
    Generated {
        /// The canonical code.
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

/// Why a referral code was rejected.
#[uniffi::remote(Enum)]
pub enum CodeProblem {
    /// Nothing is left after trimming and removing spaces and hyphens.
    Empty,
    /// A character other than ASCII letters, digits, spaces and hyphens.
    InvalidCharacter {
        /// The first offending character.
        character: Symbol,
        /// Its 0-based index, in characters, in the original input.
        position: u32,
    },
    /// Fewer characters than the policy's minimum.
    TooShort {
        /// The normalized length.
        length: u32,
        /// The policy minimum.
        min: u32,
    },
    /// More characters than the policy's maximum.
    TooLong {
        /// The normalized length.
        length: u32,
        /// The policy maximum.
        max: u32,
    },
    /// The code is one of the policy's reserved words.
    Reserved {
        /// The reserved word, normalized.
        word: String,
    },
    /// A vanity code that would be read as a generated code.
    GeneratedShape,
    /// A generated code whose check symbol does not match.
    BadCheckSymbol,
    /// The code does not have the shape of a generated code.
    NotGenerated,
    /// The code does not start with the policy's prefix for generated codes.
    PrefixMismatch {
        /// The expected prefix, normalized.
        expected: String,
    },
}

/// The discount of an incentive.
#[uniffi::remote(Enum)]
pub enum Discount {
    /// A percentage of the subtotal, from 0 to 100.
    PercentOff {
        /// The percentage, e.g. 10 for 10 %.
        percent: Decimal,
    },
    /// A fixed amount, capped at the subtotal.
    AmountOff {
        /// The amount taken off.
        amount: Money,
    },
}

/// A customer discount carried by a referral code, with optional conditions.
#[uniffi::remote(Record)]
pub struct Incentive {
    /// The discount.
    pub discount: Discount,
    /// The smallest subtotal the discount applies to.
    #[uniffi(default = None)]
    pub min_order: Option<Money>,
    /// From this instant on, the incentive no longer applies.
    #[uniffi(default = None)]
    pub expires_at: Option<Timestamp>,
}

/// Why an incentive does not apply.
#[uniffi::remote(Enum)]
pub enum IneligibleReason {
    /// The preview instant is at or after `expires_at`.
    Expired,
    /// The subtotal is below `min_order`.
    BelowMinimum {
        /// The minimum order.
        minimum: Money,
    },
}

/// The effect of an incentive on a subtotal.
#[uniffi::remote(Record)]
pub struct IncentivePreview {
    /// Whether the discount applies.
    pub eligible: bool,
    /// Why not, when it does not.
    pub reason: Option<IneligibleReason>,
    /// The discount (zero when ineligible).
    pub discount: Money,
    /// Subtotal minus discount, never negative.
    pub total: Money,
}

/// The verdict of `Program.validateCode`.
#[uniffi::remote(Enum)]
pub enum CodeValidity {
    /// An existing, unexpired code of an active affiliate.
    Valid,
    /// Not a possible code.
    Malformed,
    /// The shape of a generated code with a wrong check symbol.
    LikelyTypo,
    /// Well-formed but no affiliate has it.
    Unknown,
    /// The code expired.
    Expired,
    /// The code's affiliate is not active.
    AffiliateNotActive,
}

/// What `Program.validateCode` answers.
#[uniffi::remote(Record)]
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
