//! Custom types: a decimal crosses as its text and arrives as `java.math.BigDecimal`, a currency as
//! its ISO code (`String`), an instant as RFC 3339 text arriving as `java.time.Instant` (see
//! `uniffi.toml`). Lifting fails with the typed error of the kind (`InvalidAmount`, ...), which uniffi
//! throws as that Kotlin exception for every function returning our error type.

use affiliate_kit::money::{self, Currency};
use affiliate_kit::{input, Error as CoreError};
use chrono::{DateTime, SecondsFormat, Utc};
use rust_decimal::Decimal;

use crate::error::AffiliateKitError;

/// An instant (UTC).
pub type Timestamp = DateTime<Utc>;

fn typed(error: CoreError) -> uniffi::deps::anyhow::Error {
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
    try_lift: |s| input::timestamp("instant", &s).map_err(typed),
});
