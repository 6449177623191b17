//! Standard Webhooks signing and verification, of raw payloads and of events, and events as JSON.

use affiliate_kit::host::arguments;
use affiliate_kit::program::{self, Event, SignedWebhook};
use affiliate_kit::webhook::{self, WebhookHeaders};

use crate::custom::Timestamp;
use crate::error::Result;

/// `webhook::sign_payload`: the three headers of `body` sent as message `msg_id` at `at`.
#[uniffi::export]
pub fn sign_payload(msg_id: String, at: Timestamp, body: String, secret: String) -> Result<WebhookHeaders> {
    Ok(webhook::sign_payload(&msg_id, at, &body, &secret)?)
}

/// `webhook::verify_payload` at `now`; the tolerance (seconds) is the core's default when `null`.
/// Throws `InvalidSignature` when the delivery does not verify.
#[uniffi::export(default(tolerance_seconds = None))]
pub fn verify_payload(
    headers: WebhookHeaders,
    body: String,
    secret: String,
    now: Timestamp,
    tolerance_seconds: Option<i64>,
) -> Result<()> {
    let tolerance = tolerance_seconds.unwrap_or(webhook::DEFAULT_TOLERANCE_SECONDS);
    Ok(webhook::verify_payload(&headers, &body, &secret, now, tolerance)?)
}

/// `program::sign_webhook`: an event ready to POST, signed at `at`.
#[uniffi::export]
pub fn sign_webhook(event: Event, secret: String, at: Timestamp) -> Result<SignedWebhook> {
    Ok(program::sign_webhook(&event, &secret, at)?)
}

/// `program::verify_webhook`: verifies a delivery at `now` and parses its event.
#[uniffi::export]
pub fn verify_webhook(headers: WebhookHeaders, body: String, secret: String, now: Timestamp) -> Result<Event> {
    Ok(program::verify_webhook(&headers, &body, &secret, now)?)
}

/// `Event::event_type`: the stable type, e.g. `order.tracked`.
#[uniffi::export]
pub fn event_type(event: Event) -> Result<String> {
    Ok(event.event_type().to_string())
}

/// `Event::to_json`: the event exactly as webhooks deliver it.
#[uniffi::export]
pub fn event_to_json(event: Event) -> Result<String> {
    Ok(event.to_json())
}

/// An event from its JSON (as `eventToJson` or a webhook body has it); malformed is `InvalidInput`.
#[uniffi::export]
pub fn event_from_json(json: String) -> Result<Event> {
    Ok(arguments::event(&json)?)
}
