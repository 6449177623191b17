//! Small conversions shared by the modules: results to JSON, text to timestamps and rounding modes.

use affiliate_kit::host::arguments;
use affiliate_kit::money::RoundingMode;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Result;

/// A core result as JSON text.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

/// An RFC 3339 timestamp argument.
pub fn at(field: &str, text: &str) -> Result<DateTime<Utc>> {
    Ok(arguments::timestamp(field, text)?)
}

/// A rounding mode by name, or the core's default (half_up) when not given.
pub fn rounding(field: &str, name: Option<String>) -> Result<RoundingMode> {
    Ok(name.as_deref().map(|n| arguments::rounding(field, n)).transpose()?.unwrap_or_default())
}
