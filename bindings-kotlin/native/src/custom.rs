//! Custom types: a decimal crosses as its text and arrives as `java.math.BigDecimal`, a currency as
//! its ISO code (`String`), an instant as RFC 3339 text arriving as `java.time.Instant` (see
//! `uniffi.toml`), a timezone as its IANA name, a `char` as a one-character `String` (`Symbol`) and a
//! plan as its JSON text.
//! Lifting fails with the typed error of the kind (`InvalidAmount`, ...), which uniffi throws as that
//! Kotlin exception for every function returning our error type.

use affiliate_kit::money::{self, Currency};
use affiliate_kit::plan::PlanSpec;
use affiliate_kit::time::Timezone;
use affiliate_kit::{host::arguments, Error as CoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;

use crate::error::AffiliateKitError;

/// An instant (UTC).
pub type Timestamp = DateTime<Utc>;

/// One Unicode scalar value (a code symbol, or the character a code was rejected for), crossing as a
/// one-character `String` (Kotlin's `Char` cannot hold every scalar value).
pub type Symbol = char;

/// The core error as the error uniffi throws from a failed lift.
pub(crate) fn typed(error: CoreError) -> uniffi::deps::anyhow::Error {
    AffiliateKitError::from(error).into()
}

uniffi::custom_type!(Decimal, String, {
    remote,
    lower: |d| d.to_string(),
    try_lift: |s| money::parse_decimal(&s).map_err(typed),
});

uniffi::custom_type!(Currency, String, {
    remote,
    lower: |c| c.code().to_string(),
    try_lift: |s| Currency::from_code(&s).map_err(typed),
});

uniffi::custom_type!(Timestamp, String, {
    remote,
    lower: |t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true),
    try_lift: |s| lift_timestamp(&s).map_err(typed),
});

/// An instant as RFC 3339 text; a year outside 0000-9999, which RFC 3339 cannot write (chrono, as
/// `lower` above, and `java.time.Instant` write it signed: `+10000-01-01T00:00:00Z`), is read as the
/// core's serde reads it, so that every instant the binding hands out can be handed back.
fn lift_timestamp(text: &str) -> Result<Timestamp, CoreError> {
    arguments::timestamp("instant", text).or_else(|e| text.parse().map_err(|_| e))
}

uniffi::custom_type!(Timezone, String, {
    remote,
    lower: |tz| tz.name().to_string(),
    try_lift: |s| Timezone::parse(&s).map_err(typed),
});

// A plan crosses as its JSON text, as configs do (Kotlin passes and reads plans as JSON documents).
uniffi::custom_type!(PlanSpec, String, {
    remote,
    lower: |plan| serde_json::to_string(&plan).unwrap_or_default(),
    try_lift: |s| arguments::plan_spec(&s).map_err(typed),
});

uniffi::custom_type!(Symbol, String, {
    remote,
    lower: |c| c.to_string(),
    try_lift: |s| single_char(&s).map_err(typed),
});

/// The only character of `text`, else [`CoreError::InvalidInput`].
fn single_char(text: &str) -> Result<char, CoreError> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => Err(CoreError::InvalidInput {
            field: "symbol".to_string(),
            reason: format!("{text:?} is not exactly one character"),
        }),
    }
}

/// `record` read back as the core type `T` through their common JSON shape: for the core types with
/// crate-private fields (`Commission`, `Payout`), which only serde can build outside the core.
pub(crate) fn via_json<R: serde::Serialize, T: serde::de::DeserializeOwned>(
    field: &str,
    record: &R,
) -> Result<T, uniffi::deps::anyhow::Error> {
    serde_json::to_value(record)
        .and_then(serde_json::from_value)
        .map_err(|e| typed(CoreError::InvalidInput { field: field.to_string(), reason: e.to_string() }))
}
