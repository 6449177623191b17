//! The binding's one error enum: one variant per core error kind (Kotlin:
//! `AffiliateKitException.InvalidAmount`, ...), each carrying the core's message.

use affiliate_kit::{Error as CoreError, ErrorKind};

/// Every error the Kotlin API can throw; the message is the core's.
#[derive(Debug, thiserror::Error, uniffi::Error)]
#[uniffi(flat_error)]
pub enum AffiliateKitError {
    /// A decimal amount could not be parsed or is out of range.
    #[error("{0}")]
    InvalidAmount(String),
    /// A currency code is unknown, malformed or has no minor units.
    #[error("{0}")]
    InvalidCurrency(String),
    /// Two amounts in different currencies were combined.
    #[error("{0}")]
    CurrencyMismatch(String),
    /// Arithmetic left the range of a 96-bit decimal.
    #[error("{0}")]
    Overflow(String),
    /// An allocation could not be made.
    #[error("{0}")]
    InvalidAllocation(String),
    /// A referral code is malformed or breaks the code policy.
    #[error("{0}")]
    InvalidCode(String),
    /// A code policy is inconsistent.
    #[error("{0}")]
    InvalidPolicy(String),
    /// A commission plan failed to load or validate.
    #[error("{0}")]
    InvalidPlan(String),
    /// An order or quote context is malformed.
    #[error("{0}")]
    InvalidOrder(String),
    /// A referenced affiliate, code, order, commission, payout or invitation does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The command contradicts existing state.
    #[error("{0}")]
    Conflict(String),
    /// A limit was exceeded.
    #[error("{0}")]
    LimitExceeded(String),
    /// The command is not allowed in the current state.
    #[error("{0}")]
    InvalidState(String),
    /// An argument is malformed.
    #[error("{0}")]
    InvalidInput(String),
    /// A program configuration failed to load or validate.
    #[error("{0}")]
    InvalidConfig(String),
    /// A snapshot or command log is malformed, truncated or inconsistent.
    #[error("{0}")]
    InvalidSnapshot(String),
    /// A snapshot was written by a newer version of the library.
    #[error("{0}")]
    UnsupportedVersion(String),
    /// A webhook signature is missing, malformed, stale or does not match.
    #[error("{0}")]
    InvalidSignature(String),
    /// A durable program's storage failed (full disk, read-only file, I/O): nothing was acknowledged.
    #[error("{0}")]
    Storage(String),
    /// A durable program's file stayed locked by another writer past the busy timeout: retry later.
    #[error("{0}")]
    Busy(String),
    /// A durable program's file is not an affiliate-kit program, or its journal is damaged.
    #[error("{0}")]
    CorruptJournal(String),
}

impl From<CoreError> for AffiliateKitError {
    fn from(error: CoreError) -> Self {
        let message = error.to_string();
        match error.kind() {
            ErrorKind::InvalidAmount => Self::InvalidAmount(message),
            ErrorKind::InvalidCurrency => Self::InvalidCurrency(message),
            ErrorKind::CurrencyMismatch => Self::CurrencyMismatch(message),
            ErrorKind::Overflow => Self::Overflow(message),
            ErrorKind::InvalidAllocation => Self::InvalidAllocation(message),
            ErrorKind::InvalidCode => Self::InvalidCode(message),
            ErrorKind::InvalidPolicy => Self::InvalidPolicy(message),
            ErrorKind::InvalidPlan => Self::InvalidPlan(message),
            ErrorKind::InvalidOrder => Self::InvalidOrder(message),
            ErrorKind::NotFound => Self::NotFound(message),
            ErrorKind::Conflict => Self::Conflict(message),
            ErrorKind::LimitExceeded => Self::LimitExceeded(message),
            ErrorKind::InvalidState => Self::InvalidState(message),
            ErrorKind::InvalidConfig => Self::InvalidConfig(message),
            ErrorKind::InvalidSnapshot => Self::InvalidSnapshot(message),
            ErrorKind::UnsupportedVersion => Self::UnsupportedVersion(message),
            ErrorKind::InvalidSignature => Self::InvalidSignature(message),
            ErrorKind::Storage => Self::Storage(message),
            ErrorKind::Busy => Self::Busy(message),
            ErrorKind::CorruptJournal => Self::CorruptJournal(message),
            _ => Self::InvalidInput(message),
        }
    }
}

impl From<serde_json::Error> for AffiliateKitError {
    fn from(error: serde_json::Error) -> Self {
        Self::InvalidInput(format!("JSON: {error}"))
    }
}

/// The result type of the exported functions.
pub type Result<T, E = AffiliateKitError> = std::result::Result<T, E>;
