//! Webhook signing and verification (full build).

use affiliate_kit::{host::arguments, program, webhook};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::{at, json};

/// `webhook::sign_payload`: the three headers (id, timestamp, signature), as JSON.
#[wasm_bindgen(js_name = signPayload)]
pub fn sign_payload(msg_id: &str, at_: &str, body: &str, secret: &str) -> Result<String> {
    json(&webhook::sign_payload(msg_id, at("at", at_)?, body, secret)?)
}

/// `webhook::verify_payload`; the tolerance defaults to the core's.
#[wasm_bindgen(js_name = verifyPayload)]
pub fn verify_payload(
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

/// `program::sign_webhook` of an event (its JSON).
#[wasm_bindgen(js_name = signWebhook)]
pub fn sign_webhook(event_json: &str, secret: &str, at_: &str) -> Result<String> {
    json(&program::sign_webhook(&arguments::event(event_json)?, secret, at("at", at_)?)?)
}

/// `program::verify_webhook`: the verified event, as JSON.
#[wasm_bindgen(js_name = verifyWebhook)]
pub fn verify_webhook(headers_json: &str, body: &str, secret: &str, now: &str) -> Result<String> {
    let headers = arguments::webhook_headers(headers_json)?;
    Ok(program::verify_webhook(&headers, body, secret, at("now", now)?)?.to_json())
}
