//! Signing events for webhook delivery, and verifying them on the receiving side (Standard Webhooks).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::program::events::Event;
use crate::webhook::{sign_payload, verify_payload, WebhookHeaders, DEFAULT_TOLERANCE_SECONDS};

/// An event ready to POST: the three `webhook-*` headers and the exact body they sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SignedWebhook {
    /// `webhook-id` (the event id), `webhook-timestamp`, `webhook-signature`.
    pub headers: WebhookHeaders,
    /// The event's JSON ([`Event::to_json`]).
    pub body: String,
}

/// Signs `event` with a `whsec_...` secret at `at` (the delivery attempt's time): the message id is
/// the event id, so retries of one event share it and receivers can deduplicate.
pub fn sign_webhook(event: &Event, secret: &str, at: DateTime<Utc>) -> Result<SignedWebhook> {
    let body = event.to_json();
    let headers = sign_payload(&event.id, at, &body, secret)?;
    Ok(SignedWebhook { headers, body })
}

/// Verifies a delivery at `now` (5 minutes' tolerance either way, constant-time comparison) and
/// parses its event. Errors: [`Error::InvalidSignature`]; a verified body that is not an event is
/// [`Error::InvalidInput`].
pub fn verify_webhook(headers: &WebhookHeaders, body: &str, secret: &str, now: DateTime<Utc>) -> Result<Event> {
    verify_payload(headers, body, secret, now, DEFAULT_TOLERANCE_SECONDS)?;
    serde_json::from_str(body).map_err(|e| Error::input("body", format!("not an affiliate-kit event: {e}")))
}
