//! Small conversions shared by the modules: results to JSON, text to timestamps and names.

use affiliate_kit::host::arguments;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::error::Result;

/// A core result as JSON text.
pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    Ok(serde_json::to_string(value)?)
}

/// Each item as its own JSON text.
pub fn json_each<T: Serialize>(values: &[T]) -> Result<Vec<String>> {
    values.iter().map(json).collect()
}

/// An RFC 3339 timestamp argument.
pub fn at(field: &str, text: &str) -> Result<DateTime<Utc>> {
    Ok(arguments::timestamp(field, text)?)
}
