//! Host input given as JSON, parsed with typed errors: the entry point the bindings use, so that a
//! malformed field raises the same error kind, with the same path, in every language.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use crate::codes::{CodePolicy, Incentive};
use crate::error::{Error, Result};
use crate::money::RoundingMode;
use crate::plan::{PlanSpec, QuoteContext};
use crate::program::{AffiliateStatus, Command, Event};
use crate::time::{Bucket, Granularity};
use crate::webhook::WebhookHeaders;

/// Parses `json`, turning a malformed field into `make(path, reason)`; the path is empty for the
/// document itself.
fn parse<T: DeserializeOwned>(json: &str, make: impl Fn(String, String) -> Error) -> Result<T> {
    crate::error::from_json_with_path(json, make)
}

/// `field.path`, or `field` for the whole argument.
fn join(field: &str, path: &str) -> String {
    if path.is_empty() {
        field.to_string()
    } else {
        format!("{field}.{path}")
    }
}

/// A [`Command`] (`{"verb": "track_order", ...}`). A malformed order is [`Error::InvalidOrder`] with
/// the path inside the order (`lines[0].quantity`); any other malformed argument is
/// [`Error::InvalidInput`] naming it (`refund.amount`).
pub fn command(json: &str) -> Result<Command> {
    serde_json::from_str(json).map_err(|e| diagnose_command(json, &e))
}

/// Finds the argument at fault in a command that failed to parse (serde loses paths inside an
/// internally tagged enum): each typed argument is parsed alone for its precise path.
fn diagnose_command(json: &str, error: &serde_json::Error) -> Error {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else {
        return Error::input("", error.to_string());
    };
    let arg = |key: &str| value.get(key).map(|v| v.to_string());
    if let Some(Err(e)) = arg("order").map(|order| crate::plan::Order::from_json(&order)) {
        return e;
    }
    let typed: [(&str, Check); 9] = [
        ("registration", check::<crate::program::Registration>),
        ("update", check::<crate::program::AffiliateUpdate>),
        ("acceptance", check::<crate::program::Acceptance>),
        ("payment", check::<crate::program::Payment>),
        ("refund", check::<crate::program::Refund>),
        ("incentive", check::<Incentive>),
        ("at", check::<DateTime<Utc>>),
        ("expires_at", check::<Option<DateTime<Utc>>>),
        ("status", check::<crate::program::AffiliateStatus>),
    ];
    for (key, check) in typed {
        if let Some(found) = arg(key).and_then(|text| check(key, &text)) {
            return found;
        }
    }
    Error::input("", error.to_string())
}

/// Parses one argument alone; see [`check`].
type Check = fn(&str, &str) -> Option<Error>;

/// The error of parsing one argument alone, if any, as [`Error::InvalidInput`] naming `field.path`.
fn check<T: DeserializeOwned>(field: &str, json: &str) -> Option<Error> {
    parse::<T>(json, |path, reason| Error::input(join(field, &path), reason)).err()
}

/// A command log (a JSON array of commands), as [`crate::program::Program::replay`] takes it;
/// malformed is [`Error::InvalidSnapshot`].
pub fn command_log(json: &str) -> Result<Vec<Command>> {
    parse(json, |path, reason| Error::snapshot(format!("command log at {path:?}: {reason}")))
}

/// A [`QuoteContext`]; malformed is [`Error::InvalidOrder`] with the path prefixed by `context.`.
pub fn quote_context(json: &str) -> Result<QuoteContext> {
    parse(json, |path, reason| Error::order(join("context", &path), reason))
}

/// A [`CodePolicy`], validated; malformed or inconsistent is [`Error::InvalidPolicy`].
pub fn code_policy(json: &str) -> Result<CodePolicy> {
    let policy: CodePolicy = parse(json, |path, reason| Error::InvalidPolicy {
        reason: format!("at {:?}: {reason}", join("policy", &path)),
    })?;
    policy.validate()?;
    Ok(policy)
}

/// An [`Incentive`], validated; malformed is [`Error::InvalidInput`] naming `incentive.<path>`.
pub fn incentive(json: &str) -> Result<Incentive> {
    let incentive: Incentive = parse(json, |path, reason| Error::input(join("incentive", &path), reason))?;
    incentive.validate()?;
    Ok(incentive)
}

/// A [`PlanSpec`] (not yet checked as a plan: [`crate::plan::Plan::new`] does); malformed is
/// [`Error::InvalidPlan`] naming its path.
pub fn plan_spec(json: &str) -> Result<PlanSpec> {
    parse(json, Error::plan)
}

/// The three webhook headers; malformed is [`Error::InvalidSignature`] (a delivery that cannot be
/// verified).
pub fn webhook_headers(json: &str) -> Result<WebhookHeaders> {
    parse(json, |path, reason| Error::signature(format!("headers at {:?}: {reason}", join("headers", &path))))
}

/// An [`Event`] as the core serialized it; malformed is [`Error::InvalidInput`] naming `event.<path>`.
pub fn event(json: &str) -> Result<Event> {
    parse(json, |path, reason| Error::input(join("event", &path), reason))
}

/// An RFC 3339 timestamp (`2026-01-10T00:00:00Z`, any offset) as UTC; malformed is
/// [`Error::InvalidInput`] naming `field`.
pub fn timestamp(field: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::input(field, format!("{text:?} is not an RFC 3339 timestamp: {e}")))
}

/// A report [`Bucket`] as the core serialized it; malformed is [`Error::InvalidInput`] naming
/// `bucket.<path>`.
pub fn bucket(json: &str) -> Result<Bucket> {
    parse(json, |path, reason| Error::input(join("bucket", &path), reason))
}

/// A rounding mode by its name (`half_up`, `half_even`, `toward_zero`, `away_from_zero`); another
/// name is [`Error::InvalidInput`] naming `field`.
pub fn rounding(field: &str, name: &str) -> Result<RoundingMode> {
    named(field, name)
}

/// A report granularity by its name (`day`, `week`, `month`, `quarter`, `year`); another name is
/// [`Error::InvalidInput`] naming `field`.
pub fn granularity(field: &str, name: &str) -> Result<Granularity> {
    named(field, name)
}

/// An affiliate status by its name (`pending`, `active`, `inactive`, `suspended`).
pub fn affiliate_status(field: &str, name: &str) -> Result<AffiliateStatus> {
    named(field, name)
}

/// A unit enum variant by its serialized name.
fn named<T: DeserializeOwned>(field: &str, name: &str) -> Result<T> {
    // serde's own string deserializer, not JSON's: a checkout module reads a rounding mode without
    // carrying a JSON reader.
    use serde::de::IntoDeserializer;
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(name))
        .map_err(|e| Error::input(field, format!("{name:?}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn a_malformed_order_names_the_path_inside_the_order() {
        let json = r#"{"verb":"track_order","at":"2026-01-01T00:00:00Z","order":{"id":"o1","currency":"EUR",
            "lines":[{"id":"l1","product":"p","quantity":-1,"unit_price":"10"}]}}"#;
        let err = command(json).err();
        assert_eq!(err.as_ref().map(Error::kind), Some(ErrorKind::InvalidOrder));
        assert_eq!(err.as_ref().and_then(Error::path), Some("lines[0].quantity"));
    }

    #[test]
    fn other_malformed_arguments_are_invalid_input() {
        let json =
            r#"{"verb":"refund","at":"2026-01-01T00:00:00Z","refund":{"id":"r1","order_id":"o1","amount":"1e3"}}"#;
        let err = command(json).err();
        assert_eq!(err.as_ref().map(Error::kind), Some(ErrorKind::InvalidInput));
        assert_eq!(err.as_ref().and_then(Error::path), Some("refund.amount"));
        let err = command(r#"{"verb":"fly","at":"2026-01-01T00:00:00Z"}"#).err();
        assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::InvalidInput));
    }

    #[test]
    fn timestamps_take_any_offset_and_refuse_naive_text() {
        assert_eq!(
            timestamp("at", "2026-01-01T02:00:00+02:00").ok(),
            "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().ok()
        );
        let err = timestamp("at", "2026-01-01T00:00:00").err();
        assert_eq!(err.as_ref().map(Error::kind), Some(ErrorKind::InvalidInput));
        assert_eq!(err.as_ref().and_then(Error::path), Some("at"));
    }

    #[test]
    fn names_of_modes_and_granularities() {
        assert_eq!(rounding("rounding", "half_even").ok(), Some(RoundingMode::HalfEven));
        assert_eq!(granularity("granularity", "week").ok(), Some(Granularity::Week));
        let err = rounding("rounding", "HALF_UP").err();
        assert_eq!(err.as_ref().and_then(Error::path), Some("rounding"));
    }

    #[test]
    fn policies_and_incentives_are_validated_after_parsing() {
        let err = code_policy(r#"{"min_length": 9, "max_length": 3}"#).err();
        assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::InvalidPolicy));
        let err = incentive(r#"{"discount": 5}"#).err();
        assert_eq!(err.map(|e| e.kind()), Some(ErrorKind::InvalidInput));
    }
}
