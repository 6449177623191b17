//! `CodeProblem`: why a code was rejected, in a structured and serializable form. It lives with the
//! errors (an `InvalidCode` error carries one) so that the error type depends on no feature module;
//! `affiliate_kit::codes::CodeProblem` is its public path.

use std::fmt;

use serde::Serialize;

/// Why a referral code was rejected. Carried by [`crate::Error::InvalidCode`] and by
/// [`crate::codes::CodeFormat::Invalid`]; its `Display` is a complete English sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum CodeProblem {
    /// Nothing is left after trimming and removing spaces and hyphens.
    Empty,
    /// A character other than ASCII letters, digits, spaces and hyphens.
    InvalidCharacter {
        /// The first offending character.
        character: char,
        /// Its 0-based index, in characters, in the original (untrimmed) input.
        position: u32,
    },
    /// Fewer characters than the policy's `min_length` (after normalization).
    TooShort {
        /// The normalized length.
        length: u32,
        /// The policy minimum.
        min: u32,
    },
    /// More characters than the policy's `max_length` (after normalization).
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
    /// A generated code whose check symbol does not match: almost certainly a typo.
    BadCheckSymbol,
    /// The code does not have the shape of a generated code.
    NotGenerated,
    /// The code does not start with the policy's prefix for generated codes.
    PrefixMismatch {
        /// The expected prefix, normalized.
        expected: String,
    },
}

impl fmt::Display for CodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeProblem::Empty => f.write_str("the code is empty"),
            CodeProblem::InvalidCharacter { character, position } => write!(
                f,
                "character {character:?} (U+{:04X}) at position {position} is not allowed; \
                 use letters A-Z, digits 0-9, spaces and hyphens",
                u32::from(*character)
            ),
            CodeProblem::TooShort { length, min } => {
                write!(f, "the code has {length} characters but needs at least {min}")
            }
            CodeProblem::TooLong { length, max } => {
                write!(f, "the code has {length} characters but at most {max} are allowed")
            }
            CodeProblem::Reserved { word } => write!(f, "{word} is a reserved word"),
            CodeProblem::GeneratedShape => f.write_str("a vanity code must not have the shape of a generated code"),
            CodeProblem::BadCheckSymbol => {
                f.write_str("the check symbol does not match; the code probably contains a typo")
            }
            CodeProblem::NotGenerated => f.write_str("the code does not have the shape of a generated code"),
            CodeProblem::PrefixMismatch { expected } => {
                write!(f, "the code does not start with the prefix {expected}")
            }
        }
    }
}
