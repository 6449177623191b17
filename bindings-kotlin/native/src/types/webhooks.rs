//! Standard Webhooks headers and signed deliveries (mirrors).

use affiliate_kit::program::SignedWebhook;
use affiliate_kit::webhook::WebhookHeaders;

/// The three Standard Webhooks headers of one delivery.
#[uniffi::remote(Record)]
pub struct WebhookHeaders {
    /// `webhook-id`: the message id, stable across retries.
    pub id: String,
    /// `webhook-timestamp`: the attempt time in unix seconds.
    pub timestamp: i64,
    /// `webhook-signature`: one or more space-separated `v1,<base64>` signatures.
    pub signature: String,
}

/// An event ready to POST: the headers and the exact body they sign.
#[uniffi::remote(Record)]
pub struct SignedWebhook {
    /// `webhook-id` (the event id), `webhook-timestamp`, `webhook-signature`.
    pub headers: WebhookHeaders,
    /// The event's JSON.
    pub body: String,
}
