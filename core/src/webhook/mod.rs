//! Standard Webhooks signing and verification (<https://www.standardwebhooks.com>).
//!
//! A webhook is sent with three headers: `webhook-id`, `webhook-timestamp` (unix seconds) and
//! `webhook-signature`, a space-separated list of `v1,<base64 HMAC-SHA256>` entries computed over
//! `"{id}.{timestamp}.{body}"` with the key decoded from a `whsec_<base64>` secret. Everything here
//! is pure: the current time is always passed in.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::error::{Error, Result};

type HmacSha256 = Hmac<Sha256>;

/// How far (in seconds) a webhook timestamp may lie from the verifier's clock, either way.
pub const DEFAULT_TOLERANCE_SECONDS: i64 = 300;

/// The prefix of a serialized symmetric secret.
const SECRET_PREFIX: &str = "whsec_";

/// The version tag of symmetric (HMAC-SHA256) signatures.
const SIGNATURE_VERSION: &str = "v1";

/// A parsed HMAC secret: the raw key bytes. `Debug` does not reveal the key; `Display` writes the
/// `whsec_<base64>` form.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret {
    key: Vec<u8>,
}

impl WebhookSecret {
    /// Parses `whsec_<base64>`, or bare base64 like the reference libraries; the decoded bytes are
    /// the key. Malformed or empty base64 is [`Error::InvalidInput`] at `secret`.
    pub fn parse(secret: &str) -> Result<WebhookSecret> {
        let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
        if encoded.is_empty() {
            return Err(Error::input("secret", "secret is empty"));
        }
        let key =
            STANDARD.decode(encoded).map_err(|e| Error::input("secret", format!("secret is not valid base64: {e}")))?;
        WebhookSecret::from_bytes(&key)
    }

    /// Wraps raw key bytes; an empty key is [`Error::InvalidInput`] at `secret`.
    pub fn from_bytes(key: &[u8]) -> Result<WebhookSecret> {
        if key.is_empty() {
            return Err(Error::input("secret", "secret key is empty"));
        }
        Ok(WebhookSecret { key: key.to_vec() })
    }

    /// A MAC already fed with `"{id}.{timestamp}.{body}"`.
    fn mac(&self, msg_id: &str, timestamp: i64, body: &str) -> Result<HmacSha256> {
        let mut mac = HmacSha256::new_from_slice(&self.key)
            .map_err(|e| Error::input("secret", format!("unusable HMAC key: {e}")))?;
        mac.update(msg_id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body.as_bytes());
        Ok(mac)
    }

    /// The `v1,<base64>` signature of one message.
    fn sign(&self, msg_id: &str, timestamp: i64, body: &str) -> Result<String> {
        let tag = self.mac(msg_id, timestamp, body)?.finalize().into_bytes();
        Ok(format!("{SIGNATURE_VERSION},{}", STANDARD.encode(tag)))
    }
}

impl std::fmt::Display for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{SECRET_PREFIX}{}", STANDARD.encode(&self.key))
    }
}

impl std::fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSecret").field("key", &"<redacted>").finish()
    }
}

impl std::str::FromStr for WebhookSecret {
    type Err = Error;

    fn from_str(s: &str) -> Result<WebhookSecret> {
        WebhookSecret::parse(s)
    }
}

/// The three Standard Webhooks headers of one delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WebhookHeaders {
    /// `webhook-id`: the message id, stable across retries (an idempotency key).
    pub id: String,
    /// `webhook-timestamp`: the attempt time in unix seconds.
    pub timestamp: i64,
    /// `webhook-signature`: one or more space-separated `v1,<base64>` signatures.
    pub signature: String,
}

impl WebhookHeaders {
    /// The headers as `(name, value)` pairs: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
    pub fn to_pairs(&self) -> [(&'static str, String); 3] {
        [
            ("webhook-id", self.id.clone()),
            ("webhook-timestamp", self.timestamp.to_string()),
            ("webhook-signature", self.signature.clone()),
        ]
    }
}

/// Signs `body` as message `msg_id` sent at `at` (truncated to whole seconds) with `secret`
/// (`whsec_<base64>` or bare base64). An empty `msg_id` is [`Error::InvalidInput`] at `msg_id`;
/// a bad secret is [`Error::InvalidInput`] at `secret`.
pub fn sign_payload(msg_id: &str, at: DateTime<Utc>, body: &str, secret: &str) -> Result<WebhookHeaders> {
    let secret = WebhookSecret::parse(secret)?;
    if msg_id.is_empty() {
        return Err(Error::input("msg_id", "message id is empty"));
    }
    let timestamp = at.timestamp();
    let signature = secret.sign(msg_id, timestamp, body)?;
    Ok(WebhookHeaders { id: msg_id.to_string(), timestamp, signature })
}

/// Verifies a received webhook: the timestamp must lie within `tolerance_seconds` of `now`, and at
/// least one `v1` entry of the signature header must match (compared in constant time); other
/// versions and malformed entries are skipped. Failures are [`Error::InvalidSignature`]; a bad
/// secret or a negative tolerance is [`Error::InvalidInput`].
pub fn verify_payload(
    headers: &WebhookHeaders,
    body: &str,
    secret: &str,
    now: DateTime<Utc>,
    tolerance_seconds: i64,
) -> Result<()> {
    let secret = WebhookSecret::parse(secret)?;
    if tolerance_seconds < 0 {
        return Err(Error::input("tolerance_seconds", "tolerance must not be negative"));
    }
    if headers.id.is_empty() {
        return Err(Error::signature("missing message id"));
    }
    let now = now.timestamp();
    if headers.timestamp < now.saturating_sub(tolerance_seconds) {
        return Err(Error::signature("timestamp too old"));
    }
    if headers.timestamp > now.saturating_add(tolerance_seconds) {
        return Err(Error::signature("timestamp too new"));
    }
    let expected = secret.mac(&headers.id, headers.timestamp, body)?;
    let matched = headers
        .signature
        .split_ascii_whitespace()
        .filter_map(|entry| entry.split_once(','))
        .filter(|(version, _)| *version == SIGNATURE_VERSION)
        .filter_map(|(_, encoded)| STANDARD.decode(encoded).ok())
        .any(|candidate| expected.clone().verify_slice(&candidate).is_ok());
    if matched {
        Ok(())
    } else {
        Err(Error::signature("no matching signature"))
    }
}
