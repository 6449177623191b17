//! The binding's batch tracking request and per-row result, and errors as data.

use affiliate_kit::plan::Order;
use affiliate_kit::program::TrackOutcome;
use affiliate_kit::Error as CoreError;

/// One order of `Program.trackMany`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrackRequest {
    /// The order.
    pub order: Order,
    /// The visitor id, for click attribution.
    #[uniffi(default = None)]
    pub visitor_id: Option<String>,
}

/// The result of one order of `Program.trackMany`: its outcome, or the error that rejected it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrackResult {
    /// The outcome, when the order was accepted.
    pub outcome: Option<TrackOutcome>,
    /// The error, when it was rejected (the program is then unchanged by it).
    pub error: Option<ErrorInfo>,
}

/// An error as data: its stable code, message and the path of the bad field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ErrorInfo {
    /// The stable code of the kind, e.g. `INVALID_ORDER` (the exception class's kind).
    pub code: String,
    /// The core's message, as the exception would carry it.
    pub message: String,
    /// The path of the offending field, for order, plan, config and input errors.
    pub path: Option<String>,
}

impl From<CoreError> for ErrorInfo {
    fn from(e: CoreError) -> Self {
        ErrorInfo { code: e.kind().code().to_string(), message: e.to_string(), path: e.path().map(str::to_string) }
    }
}

impl From<affiliate_kit::Result<TrackOutcome>> for TrackResult {
    fn from(result: affiliate_kit::Result<TrackOutcome>) -> Self {
        match result {
            Ok(outcome) => TrackResult { outcome: Some(outcome), error: None },
            Err(e) => TrackResult { outcome: None, error: Some(e.into()) },
        }
    }
}
