//! The error kinds: one row per kind, the one definition of what the bindings show of an error.
//! `./scripts/generate` writes the Python exception classes, the JavaScript error classes (and their
//! TypeScript declarations) and the Kotlin error enum from these rows (through
//! `schema/affiliate-kit.json`); adding a kind here and running it adds the class everywhere.

use serde::Serialize;

/// The builtin error family a kind belongs to: the base each binding gives its class beside the
/// library's own (Python: `ValueError`, `KeyError`, `OverflowError`, `RuntimeError`, `OSError`,
/// `TimeoutError`), so that code that does not know this library can still catch it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Family {
    /// A value given was wrong.
    Value,
    /// Something looked up does not exist.
    Lookup,
    /// Arithmetic left its range.
    Overflow,
    /// The operation is not allowed now.
    State,
    /// Input or output failed.
    Io,
    /// A wait ran out.
    Timeout,
}

/// The type of a detail field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DetailType {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// A [`super::CodeProblem`], as its JSON.
    CodeProblem,
}

/// A field of an error's `details` ([`crate::Error::details`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DetailInfo {
    /// The field's name.
    pub name: &'static str,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: DetailType,
    /// What it holds.
    pub doc: &'static str,
}

/// What the bindings need to know of one error kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KindInfo {
    /// The stable code, e.g. `INVALID_CODE` (JS `code`, Python `code`).
    pub code: &'static str,
    /// The kind's name, e.g. `InvalidCode` (the Kotlin exception `AffiliateKitException.InvalidCode`).
    pub name: &'static str,
    /// The class of the kind in Python and JavaScript, e.g. `InvalidCodeError`.
    pub class: &'static str,
    /// Its builtin family.
    pub family: Family,
    /// Whether the error's `path` names the offending field or argument.
    pub has_path: bool,
    /// What the kind means (one or two sentences; the bindings' class documentation).
    pub doc: &'static str,
    /// The fields of its `details`.
    pub details: &'static [DetailInfo],
}

macro_rules! kinds {
    ($($kind:ident {
        code: $code:literal, class: $class:literal, family: $family:ident, path: $path:literal,
        doc: $doc:literal, details: [$(($dname:literal, $dtype:ident, $ddoc:literal)),* $(,)?] $(,)?
    })*) => {
        /// The stable, language-neutral kind of an [`crate::Error`]; bindings use [`ErrorKind::code`]
        /// as the `code` of their errors and to pick the native class ([`ErrorKind::info`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        #[non_exhaustive]
        pub enum ErrorKind {
            $(#[doc = $doc] $kind,)*
        }

        impl ErrorKind {
            /// Every kind, in the order of their definition.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$kind),*];

            /// The stable code of this kind, e.g. `"INVALID_CODE"` (a match of its own, so that a
            /// build that only needs codes, such as the WASM checkout module, links no documentation).
            pub fn code(self) -> &'static str {
                match self {
                    $(ErrorKind::$kind => $code,)*
                }
            }

            /// What the bindings show of this kind.
            pub fn info(self) -> &'static KindInfo {
                match self {
                    $(ErrorKind::$kind => &KindInfo {
                        code: $code,
                        name: stringify!($kind),
                        class: $class,
                        family: Family::$family,
                        has_path: $path,
                        doc: $doc,
                        details: &[$(DetailInfo { name: $dname, ty: DetailType::$dtype, doc: $ddoc }),*],
                    },)*
                }
            }
        }
    };
}

kinds! {
    InvalidAmount {
        code: "INVALID_AMOUNT", class: "InvalidAmountError", family: Value, path: false,
        doc: "A decimal amount could not be parsed or is out of range (`1e3`, `NaN`, `1,50`).",
        details: [],
    }
    InvalidCurrency {
        code: "INVALID_CURRENCY", class: "InvalidCurrencyError", family: Value, path: false,
        doc: "A currency code is unknown, malformed or has no minor units (`eur`, `EURO`, `XAU`).",
        details: [],
    }
    CurrencyMismatch {
        code: "CURRENCY_MISMATCH", class: "CurrencyMismatchError", family: Value, path: false,
        doc: "Two amounts in different currencies were combined.",
        details: [
            ("expected", String, "The currency the operation works in."),
            ("found", String, "The currency that was offered."),
        ],
    }
    Overflow {
        code: "OVERFLOW", class: "ArithmeticOverflowError", family: Overflow, path: false,
        doc: "Arithmetic left the range of a 96-bit decimal (or a limit of the program's records).",
        details: [],
    }
    InvalidAllocation {
        code: "INVALID_ALLOCATION", class: "InvalidAllocationError", family: Value, path: false,
        doc: "An allocation could not be made (no weights, a negative weight, all weights zero).",
        details: [],
    }
    InvalidCode {
        code: "INVALID_CODE", class: "InvalidCodeError", family: Value, path: false,
        doc: "A referral code is malformed or breaks the code policy.",
        details: [("problem", CodeProblem, "Why the code was rejected, in a structured form.")],
    }
    InvalidPolicy {
        code: "INVALID_POLICY", class: "InvalidPolicyError", family: Value, path: false,
        doc: "A code policy is inconsistent (bounds, generated length, prefix).",
        details: [],
    }
    InvalidPlan {
        code: "INVALID_PLAN", class: "InvalidPlanError", family: Value, path: true,
        doc: "A commission plan failed to load or validate; `path` names the bad field.",
        details: [],
    }
    InvalidOrder {
        code: "INVALID_ORDER", class: "InvalidOrderError", family: Value, path: true,
        doc: "An order (or a quote context) is malformed; `path` names the bad field.",
        details: [],
    }
    NotFound {
        code: "NOT_FOUND", class: "NotFoundError", family: Lookup, path: false,
        doc: "A referenced affiliate, code, order, commission, payout or invitation does not exist.",
        details: [
            ("entity", String, "What was looked up: `affiliate`, `code`, `order`, `commission`, `payout`, `invitation`, ..."),
            ("id", String, "The id (or code) asked for."),
        ],
    }
    Conflict {
        code: "CONFLICT", class: "ConflictError", family: Value, path: false,
        doc: "The command contradicts existing state (a duplicate e-mail or code, an order id reused with a different payload, an id taken).",
        details: [],
    }
    LimitExceeded {
        code: "LIMIT_EXCEEDED", class: "LimitExceededError", family: Value, path: false,
        doc: "A limit was exceeded (too many invitations in one batch, a refund larger than what is left).",
        details: [],
    }
    InvalidState {
        code: "INVALID_STATE", class: "InvalidStateError", family: State, path: false,
        doc: "The command is not allowed in the current state (approving a rejected commission, paying a failed payout, accepting an expired invitation).",
        details: [],
    }
    InvalidInput {
        code: "INVALID_INPUT", class: "InvalidInputError", family: Value, path: true,
        doc: "An argument is malformed (an e-mail address, an empty id, a name, a timestamp); `path` names it.",
        details: [],
    }
    InvalidConfig {
        code: "INVALID_CONFIG", class: "InvalidConfigError", family: Value, path: true,
        doc: "A program configuration failed to load or validate; `path` names the bad field.",
        details: [],
    }
    InvalidSnapshot {
        code: "INVALID_SNAPSHOT", class: "InvalidSnapshotError", family: Value, path: false,
        doc: "A snapshot, checkpoint or command log is malformed, truncated or inconsistent.",
        details: [],
    }
    UnsupportedVersion {
        code: "UNSUPPORTED_VERSION", class: "UnsupportedVersionError", family: Value, path: false,
        doc: "A snapshot (or a durable program's file) was written by a newer version of the library.",
        details: [
            ("document", String, "Which version: `snapshot schema_version`, `store schema version`, `journal format`, ..."),
            ("found", Integer, "The version found."),
            ("supported", Integer, "The newest version this library reads."),
        ],
    }
    InvalidSignature {
        code: "INVALID_SIGNATURE", class: "InvalidSignatureError", family: Value, path: false,
        doc: "A webhook signature is missing, malformed, stale or does not match.",
        details: [],
    }
    Storage {
        code: "STORAGE", class: "StorageError", family: Io, path: false,
        doc: "A durable program's storage failed (a full disk, a read-only or missing file, an I/O error); the command was not acknowledged and is not in the program.",
        details: [("operation", String, "What the store was doing: `open`, `append`, `checkpoint`, `read`, ...")],
    }
    Busy {
        code: "BUSY", class: "BusyError", family: Timeout, path: false,
        doc: "A durable program's file stayed locked by another writer past the busy timeout; nothing was written: retry later.",
        details: [],
    }
    CorruptJournal {
        code: "CORRUPT_JOURNAL", class: "CorruptJournalError", family: Value, path: false,
        doc: "A durable program's file is not an affiliate-kit program, or its journal has a gap, a bad digest or replays differently than it was written; nothing was changed.",
        details: [],
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}
