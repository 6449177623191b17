//! The one error type of the core, with a stable kind per variant for the bindings.

use serde::Serialize;

mod code_problem;
mod kinds;

pub use code_problem::CodeProblem;
pub use kinds::{DetailInfo, DetailType, ErrorKind, Family, KindInfo};

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
        reason: CodeProblem,
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
    /// A referenced affiliate, code, order, commission, payout or invitation does not exist.
    #[error("{entity} not found: {id:?}")]
    NotFound {
        /// What was looked up: `affiliate`, `code`, `order`, `commission`, `payout`, `invitation`, ...
        entity: String,
        /// The id (or code) asked for.
        id: String,
    },
    /// The command contradicts existing state: a duplicate e-mail or code, an order id reused with a
    /// different payload, an id taken.
    #[error("conflict: {reason}")]
    Conflict {
        /// What conflicts.
        reason: String,
    },
    /// A limit was exceeded: too many invitations in one batch, a refund larger than what is left.
    #[error("limit exceeded: {reason}")]
    LimitExceeded {
        /// Which limit, and by how much.
        reason: String,
    },
    /// The command is not allowed in the current state (approving a rejected commission, paying a
    /// failed payout, accepting an expired invitation).
    #[error("invalid state: {reason}")]
    InvalidState {
        /// Why the command cannot run now.
        reason: String,
    },
    /// An argument is malformed: an e-mail address, an empty id, a name, a timestamp.
    #[error("invalid input at {field}: {reason}")]
    InvalidInput {
        /// The argument or field, e.g. `email`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A program configuration failed to load or validate.
    #[error("invalid config at {path}: {reason}")]
    InvalidConfig {
        /// The path of the bad field, e.g. `timezone`.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A snapshot or command log is malformed, truncated or inconsistent.
    #[error("invalid snapshot: {reason}")]
    InvalidSnapshot {
        /// What is wrong with it.
        reason: String,
    },
    /// A snapshot (or a durable program's file) was written by a newer version of the library.
    #[error("unsupported {document} {found} (this library reads up to {supported})")]
    UnsupportedVersion {
        /// Which version: `snapshot schema_version`, `store schema version`, `journal format`.
        document: String,
        /// The version found.
        found: u32,
        /// The newest version this library reads.
        supported: u32,
    },
    /// A webhook signature is missing, malformed, stale or does not match.
    #[error("invalid webhook signature: {reason}")]
    InvalidSignature {
        /// Why verification failed.
        reason: String,
    },
    /// A durable program's storage failed: a full disk, a read-only or missing file, an I/O error.
    /// The command was not acknowledged and is not in the program.
    #[error("storage error in {operation}: {reason}")]
    Storage {
        /// What the store was doing: `open`, `append`, `checkpoint`, `read`, ...
        operation: String,
        /// The storage's own message.
        reason: String,
    },
    /// A durable program's database stayed locked by another writer past the busy timeout. Nothing
    /// was written: retry later.
    #[error("database busy: {reason}")]
    Busy {
        /// The storage's own message.
        reason: String,
    },
    /// A durable program's file is not an affiliate-kit program, or its journal has a gap, a bad
    /// digest, or replays differently than it was written. Nothing was changed.
    #[error("corrupt journal: {reason}")]
    CorruptJournal {
        /// What is wrong, with the journal sequence number where it applies.
        reason: String,
    },
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
            Error::NotFound { .. } => ErrorKind::NotFound,
            Error::Conflict { .. } => ErrorKind::Conflict,
            Error::LimitExceeded { .. } => ErrorKind::LimitExceeded,
            Error::InvalidState { .. } => ErrorKind::InvalidState,
            Error::InvalidInput { .. } => ErrorKind::InvalidInput,
            Error::InvalidConfig { .. } => ErrorKind::InvalidConfig,
            Error::InvalidSnapshot { .. } => ErrorKind::InvalidSnapshot,
            Error::UnsupportedVersion { .. } => ErrorKind::UnsupportedVersion,
            Error::InvalidSignature { .. } => ErrorKind::InvalidSignature,
            Error::Storage { .. } => ErrorKind::Storage,
            Error::Busy { .. } => ErrorKind::Busy,
            Error::CorruptJournal { .. } => ErrorKind::CorruptJournal,
        }
    }

    /// The path of the offending field, for plan and order errors.
    pub fn path(&self) -> Option<&str> {
        match self {
            Error::InvalidPlan { path, .. } | Error::InvalidOrder { path, .. } | Error::InvalidConfig { path, .. } => {
                Some(path)
            }
            Error::InvalidInput { field, .. } => Some(field),
            _ => None,
        }
    }

    /// The kind's detail fields ([`KindInfo::details`]), in the table's order, with this error's values.
    pub fn details(&self) -> Vec<(&'static str, DetailValue<'_>)> {
        use DetailValue::{Integer, Problem, Text};
        match self {
            Error::CurrencyMismatch { expected, found } => vec![("expected", Text(expected)), ("found", Text(found))],
            Error::InvalidCode { reason, .. } => vec![("problem", Problem(reason))],
            Error::NotFound { entity, id } => vec![("entity", Text(entity)), ("id", Text(id))],
            Error::UnsupportedVersion { document, found, supported } => {
                vec![("document", Text(document)), ("found", Integer(*found)), ("supported", Integer(*supported))]
            }
            Error::Storage { operation, .. } => vec![("operation", Text(operation))],
            _ => Vec::new(),
        }
    }

    /// This error as the bindings carry it across their boundary.
    pub fn failure(&self) -> Failure<'_> {
        Failure { code: self.kind().code(), message: self.to_string(), path: self.path(), details: self.details() }
    }

    pub(crate) fn overflow(operation: &str) -> Error {
        Error::Overflow { operation: operation.to_string() }
    }

    pub(crate) fn plan(path: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidPlan { path: path.into(), reason: reason.into() }
    }

    pub(crate) fn not_found(entity: &str, id: impl Into<String>) -> Error {
        Error::NotFound { entity: entity.to_string(), id: id.into() }
    }

    pub(crate) fn conflict(reason: impl Into<String>) -> Error {
        Error::Conflict { reason: reason.into() }
    }

    pub(crate) fn limit(reason: impl Into<String>) -> Error {
        Error::LimitExceeded { reason: reason.into() }
    }

    pub(crate) fn state(reason: impl Into<String>) -> Error {
        Error::InvalidState { reason: reason.into() }
    }

    pub(crate) fn input(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidInput { field: field.into(), reason: reason.into() }
    }

    pub(crate) fn config(path: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidConfig { path: path.into(), reason: reason.into() }
    }

    pub(crate) fn snapshot(reason: impl Into<String>) -> Error {
        Error::InvalidSnapshot { reason: reason.into() }
    }

    pub(crate) fn signature(reason: impl Into<String>) -> Error {
        Error::InvalidSignature { reason: reason.into() }
    }

    pub(crate) fn order(path: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::InvalidOrder { path: path.into(), reason: reason.into() }
    }
}

/// Parses JSON into `T`; a type error becomes `make(path, reason)` with the path of the bad field
/// (`lines[0].quantity`), the whole document's path being the empty string.
pub(crate) fn from_json_with_path<T: serde::de::DeserializeOwned>(
    json: &str,
    make: impl Fn(String, String) -> Error,
) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = deserialize_with_path(&mut de).map_err(|(path, reason)| make(path, reason))?;
    // Nothing but whitespace may follow the document: `{...} trailing` or two documents are refused.
    de.end().map_err(|e| make(String::new(), e.to_string()))?;
    Ok(value)
}

/// Deserializes `T`, naming the path of a bad field on failure: `(path, reason)`, the whole
/// document's path being the empty string. Without the `error-paths` feature (the small WASM
/// checkout build) the path is always empty and serde_json's reason gives the line and column.
pub(crate) fn deserialize_with_path<'de, T, D>(de: D) -> std::result::Result<T, (String, String)>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    #[cfg(feature = "error-paths")]
    {
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            (if path == "." { String::new() } else { path }, e.inner().to_string())
        })
    }
    #[cfg(not(feature = "error-paths"))]
    {
        T::deserialize(de).map_err(|e| (String::new(), e.to_string()))
    }
}

/// [`deserialize_with_path`] with a seed.
pub(crate) fn deserialize_seed_with_path<'de, S, D>(seed: S, de: D) -> std::result::Result<S::Value, (String, String)>
where
    S: serde::de::DeserializeSeed<'de>,
    D: serde::Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    #[cfg(feature = "error-paths")]
    {
        let mut track = serde_path_to_error::Track::new();
        let result = seed.deserialize(serde_path_to_error::Deserializer::new(de, &mut track));
        result.map_err(|e| {
            let path = track.path().to_string();
            (if path == "." { String::new() } else { path }, e.to_string())
        })
    }
    #[cfg(not(feature = "error-paths"))]
    {
        seed.deserialize(de).map_err(|e| (String::new(), e.to_string()))
    }
}

/// The value of a detail field of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum DetailValue<'a> {
    /// Text ([`DetailType::String`]).
    Text(&'a str),
    /// A whole number ([`DetailType::Integer`]).
    Integer(u32),
    /// Why a code was rejected ([`DetailType::CodeProblem`]); its JSON is an object.
    Problem(&'a CodeProblem),
}

/// An error as the bindings carry it across their boundary (the WASM module's failures are its
/// JSON): the kind's code, the message, the offending field when the kind names one, and the kind's
/// detail fields as an object (omitted when it has none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Failure<'a> {
    /// [`ErrorKind::code`] (or a binding's own code, such as `INTERNAL`).
    pub code: &'a str,
    /// The error's message.
    pub message: String,
    /// [`Error::path`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<&'a str>,
    /// [`Error::details`].
    #[serde(skip_serializing_if = "<[_]>::is_empty", serialize_with = "details_object")]
    pub details: Vec<(&'static str, DetailValue<'a>)>,
}

fn details_object<S: serde::Serializer>(
    details: &[(&'static str, DetailValue<'_>)],
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_map(details.iter().map(|(name, value)| (*name, value)))
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
