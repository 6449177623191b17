//! The refusals every store gives the same way.

use affiliate_kit::{Error, Result};

/// A consumer's name: 1 to 200 characters.
pub(crate) fn check_consumer(consumer: &str) -> Result<()> {
    if consumer.is_empty() || consumer.len() > 200 {
        return Err(Error::InvalidInput { field: "consumer".into(), reason: "must have 1 to 200 characters".into() });
    }
    Ok(())
}

/// A call after `close`.
pub(crate) fn closed() -> Error {
    Error::InvalidState { reason: "the program is closed".into() }
}

/// A replica that could not be rebuilt.
pub(crate) fn lost_replica() -> Error {
    Error::InvalidState { reason: "the program could not be loaded".into() }
}
