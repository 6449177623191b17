//! The one error type of the core, with a stable kind per variant for the bindings.

use serde::Serialize;

/// Every error the core can return. Each variant is one error kind; bindings map each kind to one
/// native error class (Python exception, JS `Error` with a `code`, Kotlin exception).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A decimal amount could not be parsed or is out of range.
    #[error("invalid amount {input:?}: {reason}")]
    InvalidAmount {
        /// The rejected input, as given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A currency code is unknown, malformed or has no minor units.
    #[error("invalid currency {input:?}: {reason}")]
    InvalidCurrency {
        /// The rejected code, as given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// The currency the operation works in.
        expected: String,
        /// The currency that was offered.
        found: String,
    },
    /// Arithmetic left the range of a 96-bit decimal.
    #[error("arithmetic overflow in {operation}")]
    Overflow {
        /// The operation that overflowed.
        operation: String,
    },
    /// An allocation could not be made (no weights, a negative weight, all weights zero).
    #[error("invalid allocation: {reason}")]
    InvalidAllocation {
        /// What is wrong with the weights.
        reason: String,
    },
    /// A referral code is malformed or breaks the code policy.
    #[error("invalid code {input:?}: {reason}")]
    InvalidCode {
        /// The rejected code, as given.
        input: String,
        /// Why it was rejected, in a structured form.
        reason: crate::codes::CodeProblem,
    },
    /// A code policy itself is inconsistent (bounds, generated length, prefix).
    #[error("invalid code policy: {reason}")]
    InvalidPolicy {
        /// What is wrong with the policy.
        reason: String,
    },
    /// A commission plan failed to load or validate.
    #[error("invalid plan at {path}: {reason}")]
    InvalidPlan {
        /// The path of the bad field, e.g. `rules[2].tiers[1].threshold`.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An order (or a quote context) is malformed.
    #[error("invalid order at {path}: {reason}")]
    InvalidOrder {
        /// The path of the bad field, e.g. `lines[0].quantity`.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// The stable, language-neutral kind of an [`Error`]; bindings use [`ErrorKind::code`] as the
/// JS `code` property and to pick the native exception class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum ErrorKind {
    /// See [`Error::InvalidAmount`].
    InvalidAmount,
    /// See [`Error::InvalidCurrency`].
    InvalidCurrency,
    /// See [`Error::CurrencyMismatch`].
    CurrencyMismatch,
    /// See [`Error::Overflow`].
    Overflow,
    /// See [`Error::InvalidAllocation`].
    InvalidAllocation,
    /// See [`Error::InvalidCode`].
    InvalidCode,
    /// See [`Error::InvalidPolicy`].
    InvalidPolicy,
    /// See [`Error::InvalidPlan`].
    InvalidPlan,
    /// See [`Error::InvalidOrder`].
    InvalidOrder,
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl ErrorKind {
    /// The stable code of this kind, e.g. `"INVALID_CODE"`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::InvalidAmount => "INVALID_AMOUNT",
            ErrorKind::InvalidCurrency => "INVALID_CURRENCY",
            ErrorKind::CurrencyMismatch => "CURRENCY_MISMATCH",
            ErrorKind::Overflow => "OVERFLOW",
            ErrorKind::InvalidAllocation => "INVALID_ALLOCATION",
            ErrorKind::InvalidCode => "INVALID_CODE",
            ErrorKind::InvalidPolicy => "INVALID_POLICY",
            ErrorKind::InvalidPlan => "INVALID_PLAN",
            ErrorKind::InvalidOrder => "INVALID_ORDER",
        }
    }
}

impl Error {
    /// The kind of this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::InvalidAmount { .. } => ErrorKind::InvalidAmount,
            Error::InvalidCurrency { .. } => ErrorKind::InvalidCurrency,
            Error::CurrencyMismatch { .. } => ErrorKind::CurrencyMismatch,
            Error::Overflow { .. } => ErrorKind::Overflow,
            Error::InvalidAllocation { .. } => ErrorKind::InvalidAllocation,
            Error::InvalidCode { .. } => ErrorKind::InvalidCode,
            Error::InvalidPolicy { .. } => ErrorKind::InvalidPolicy,
            Error::InvalidPlan { .. } => ErrorKind::InvalidPlan,
            Error::InvalidOrder { .. } => ErrorKind::InvalidOrder,
        }
    }

    /// The path of the offending field, for plan and order errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::InvalidPlan { path, .. } | Error::InvalidOrder { path, .. } => Some(path),
            _ => None,
        }
    }

    pub(crate) fn overflow(operation: &str) -> Error {
        Error::Overflow { operation: operation.to_string() }
    }

    pub(crate) fn plan(path: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidPlan { path: path.into(), reason: reason.into() }
    }

    pub(crate) fn order(path: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidOrder { path: path.into(), reason: reason.into() }
    }
}

/// Parses JSON into `T`; a type error becomes `make(path, reason)` with the path of the bad field
/// (`lines[0].quantity`), the whole document's path being the empty string.
pub(crate) fn from_json_with_path<T: serde::de::DeserializeOwned>(
    json: &str,
    make: fn(String, String) -> Error,
) -> Result<T> {
    let de = &mut serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        make(if path == "." { String::new() } else { path }, e.inner().to_string())
    })
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
