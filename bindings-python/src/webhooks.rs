//! Standard Webhooks signing and verification, of raw payloads and of events.

use affiliate_kit::{host::arguments, program, webhook};
use pyo3::prelude::*;

use crate::error::Result;
use crate::text::{at, json};

/// `sign_payload`: the three headers as JSON.
#[pyfunction]
fn sign_payload(msg_id: &str, at_: &str, body: &str, secret: &str) -> Result<String> {
    json(&webhook::sign_payload(msg_id, at("at", at_)?, body, secret)?)
}

/// `verify_payload` (tolerance: the core's default when `None`).
#[pyfunction]
#[pyo3(signature = (headers_json, body, secret, now, tolerance_seconds=None))]
fn verify_payload(
    headers_json: &str,
    body: &str,
    secret: &str,
    now: &str,
    tolerance_seconds: Option<i64>,
) -> Result<()> {
    let headers = arguments::webhook_headers(headers_json)?;
    let tolerance = tolerance_seconds.unwrap_or(webhook::DEFAULT_TOLERANCE_SECONDS);
    Ok(webhook::verify_payload(&headers, body, secret, at("now", now)?, tolerance)?)
}

/// `sign_webhook`: the signed delivery of an event, as JSON.
#[pyfunction]
fn sign_webhook(event_json: &str, secret: &str, at_: &str) -> Result<String> {
    json(&program::sign_webhook(&arguments::event(event_json)?, secret, at("at", at_)?)?)
}

/// `verify_webhook`: the verified event, as its JSON.
#[pyfunction]
fn verify_webhook(headers_json: &str, body: &str, secret: &str, now: &str) -> Result<String> {
    let headers = arguments::webhook_headers(headers_json)?;
    Ok(program::verify_webhook(&headers, body, secret, at("now", now)?)?.to_json())
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sign_payload, m)?)?;
    m.add_function(wrap_pyfunction!(verify_payload, m)?)?;
    m.add_function(wrap_pyfunction!(sign_webhook, m)?)?;
    m.add_function(wrap_pyfunction!(verify_webhook, m)?)?;
    Ok(())
}
