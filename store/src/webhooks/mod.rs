//! Webhook delivery from the outbox (feature `webhooks`): each endpoint is a consumer of the
//! program's events (`webhook:<name>`); the worker signs each event with the core's Standard Webhooks
//! signing ([`affiliate_kit::program::sign_webhook`]) and POSTs it.
//!
//! Rules it keeps:
//! - at least once, in sequence order per endpoint: an endpoint's cursor moves past an event only
//!   once it was delivered (a 2xx answer) or dead-lettered. Deliveries are recorded 20 at a time
//!   (and at a failure, and at the end of a pass), so a worker that dies sends at most those 20
//!   again. The event id (`webhook-id`) is the receiver's deduplication key;
//! - one worker per endpoint at a time (several may run, on several machines: they share the
//!   endpoints);
//! - a failed attempt (no answer, a timeout, any status but 2xx) waits `backoff · 2^(n-1)` (at most
//!   `max_backoff`), with jitter (a random half of it), before the next; later events of that
//!   endpoint wait behind it. After `max_attempts` failures the event is a dead letter, and the
//!   endpoint goes on with the next one. An operator lists dead letters and requeues them; the
//!   worker sends requeued ones (once each) before the stream;
//! - every attempt is recorded: when, the status, the error, how long it took.

mod http;
#[cfg(feature = "postgres")]
mod postgres;

use std::time::Duration;

use affiliate_kit::webhook::WebhookSecret;
use affiliate_kit::{Error, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[cfg(feature = "postgres")]
pub use postgres::WebhookWorker;

/// Where a program's events are POSTed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// Its name: 1 to 100 letters, digits, `-`, `_` or `.`; its cursor is the consumer
    /// `webhook:<name>`.
    pub name: String,
    /// `http://` or `https://`.
    pub url: String,
    /// The `whsec_...` secret the receiver verifies signatures with.
    pub secret: String,
    /// The event types it wants (`commission.created`, ...); empty: every event.
    pub event_types: Vec<String>,
}

impl Endpoint {
    /// An endpoint that wants every event.
    pub fn new(name: &str, url: &str, secret: &str) -> Endpoint {
        Endpoint { name: name.into(), url: url.into(), secret: secret.into(), event_types: Vec::new() }
    }

    /// The consumer whose cursor tracks this endpoint's deliveries.
    pub fn consumer(&self) -> String {
        format!("webhook:{}", self.name)
    }

    fn wants(&self, event_type: &str) -> bool {
        self.event_types.is_empty() || self.event_types.iter().any(|t| t == event_type)
    }

    fn check(&self) -> Result<()> {
        let field = |what: &str| format!("endpoints.{}.{what}", self.name);
        let name_ok = (1..=100).contains(&self.name.len())
            && self.name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !name_ok {
            return Err(Error::InvalidInput {
                field: "endpoints.name".into(),
                reason: format!("{:?}: 1 to 100 letters, digits, '-', '_' or '.'", self.name),
            });
        }
        if !(self.url.starts_with("http://") || self.url.starts_with("https://")) {
            return Err(Error::InvalidInput {
                field: field("url"),
                reason: "must start with http:// or https://".into(),
            });
        }
        WebhookSecret::parse(&self.secret)
            .map_err(|e| Error::InvalidInput { field: field("secret"), reason: e.to_string() })?;
        Ok(())
    }
}

/// How the worker retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryOptions {
    /// Attempts of one event before it is a dead letter (default 12).
    pub max_attempts: u32,
    /// The wait after the first failure, doubled after each (default 10 s).
    pub backoff: Duration,
    /// The longest wait (default 6 h: 12 attempts span about 11 hours).
    pub max_backoff: Duration,
    /// How long one POST may take, connecting included (default 10 s).
    pub timeout: Duration,
    /// Events per endpoint per pass (default 100).
    pub batch: u64,
}

impl Default for DeliveryOptions {
    fn default() -> DeliveryOptions {
        DeliveryOptions {
            max_attempts: 12,
            backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(6 * 3600),
            timeout: Duration::from_secs(10),
            batch: 100,
        }
    }
}

impl DeliveryOptions {
    fn check(&self) -> Result<()> {
        let invalid = |field: &str, reason: &str| Error::InvalidInput { field: field.into(), reason: reason.into() };
        if self.max_attempts == 0 {
            return Err(invalid("max_attempts", "must be at least 1"));
        }
        if self.timeout.is_zero() {
            return Err(invalid("timeout", "must be positive"));
        }
        if self.batch == 0 {
            return Err(invalid("batch", "must be at least 1"));
        }
        Ok(())
    }

    /// The wait after failure number `failures` (1, 2, ...): `backoff · 2^(failures-1)`, at most
    /// `max_backoff`, of which a random half (`jitter` in 0..=1) is waived so that endpoints failing
    /// together do not retry together.
    pub fn wait_after(&self, failures: u32, jitter: f64) -> Duration {
        let doubled = self.backoff.saturating_mul(1 << failures.saturating_sub(1).min(30));
        let full = doubled.min(self.max_backoff);
        full.saturating_sub(full.div_f64(2.0).mul_f64(jitter.clamp(0.0, 1.0)))
    }
}

/// What one pass of the worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Events delivered (2xx).
    pub delivered: u64,
    /// Attempts that failed (the event waits for its next attempt, or is requeued dead letter).
    pub failed: u64,
    /// Events that became dead letters.
    pub dead: u64,
    /// Requeued dead letters delivered.
    pub replayed: u64,
    /// Events passed over: a type the endpoint does not want.
    pub skipped: u64,
    /// Endpoints passed over: another worker held them, or their next attempt is not due.
    pub waiting: u64,
}

impl DeliveryReport {
    /// Whether the pass did nothing (then a worker loop may sleep).
    pub fn is_idle(&self) -> bool {
        self.delivered + self.failed + self.dead + self.replayed + self.skipped == 0
    }

    fn add(&mut self, other: DeliveryReport) {
        self.delivered += other.delivered;
        self.failed += other.failed;
        self.dead += other.dead;
        self.replayed += other.replayed;
        self.skipped += other.skipped;
        self.waiting += other.waiting;
    }
}

/// One delivery attempt, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attempt {
    /// The endpoint's name.
    pub endpoint: String,
    /// The event's sequence.
    pub sequence: u64,
    /// 1, 2, ... for this event and endpoint (replays continue the count).
    pub attempt: u32,
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// The HTTP status, when an answer came.
    pub status: Option<u16>,
    /// Why it failed; `None`: delivered.
    pub error: Option<String>,
    /// How long it took.
    pub millis: u64,
}

/// An event an endpoint kept refusing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadLetter {
    /// The endpoint's name.
    pub endpoint: String,
    /// The event's sequence.
    pub sequence: u64,
    /// Its type.
    pub event_type: String,
    /// Failed attempts.
    pub attempts: u32,
    /// The last attempt's error.
    pub error: String,
    /// When it became a dead letter.
    pub dead_at: DateTime<Utc>,
    /// Requeued by an operator, not yet sent again.
    pub requeued: bool,
    /// When a replay was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
}

/// The endpoints checked: each valid, names unique.
fn check_endpoints(endpoints: &[Endpoint]) -> Result<()> {
    let mut names = std::collections::BTreeSet::new();
    for endpoint in endpoints {
        endpoint.check()?;
        if !names.insert(endpoint.name.as_str()) {
            return Err(Error::InvalidInput {
                field: "endpoints.name".into(),
                reason: format!("{:?} is given twice", endpoint.name),
            });
        }
    }
    Ok(())
}

/// A random number in 0..1 for the jitter (no seed needed: timing is not the program's state).
fn jitter() -> f64 {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(now_ms().unsigned_abs());
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wall clock in unix milliseconds: the worker runs outside the core, and its timing (backoff,
/// attempt times) is its own.
fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_up_to_the_longest_and_jitter_waives_at_most_half() {
        let options = DeliveryOptions {
            backoff: Duration::from_secs(10),
            max_backoff: Duration::from_secs(60),
            ..DeliveryOptions::default()
        };
        let waits: Vec<u64> = (1..=5).map(|n| options.wait_after(n, 0.0).as_secs()).collect();
        assert_eq!(waits, [10, 20, 40, 60, 60]);
        assert_eq!(options.wait_after(2, 1.0), Duration::from_secs(10));
        assert_eq!(options.wait_after(2, 0.5), Duration::from_secs(15));
        assert_eq!(options.wait_after(40, 0.0), Duration::from_secs(60));
        let j = jitter();
        assert!((0.0..1.0).contains(&j), "{j}");
    }

    #[test]
    fn endpoints_are_checked_before_anything_is_sent() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let good = Endpoint::new("crm", "https://example.com/hook", secret);
        assert!(check_endpoints(std::slice::from_ref(&good)).is_ok());
        let field = |endpoints: &[Endpoint]| match check_endpoints(endpoints) {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(&[Endpoint { name: "a b".into(), ..good.clone() }]), "endpoints.name");
        assert_eq!(field(&[Endpoint { url: "ftp://x".into(), ..good.clone() }]), "endpoints.crm.url");
        assert_eq!(field(&[Endpoint { secret: "whsec_!!".into(), ..good.clone() }]), "endpoints.crm.secret");
        assert_eq!(field(&[good.clone(), good.clone()]), "endpoints.name");
        assert!(good.wants("order.tracked"));
        let only = Endpoint { event_types: vec!["commission.created".into()], ..good };
        assert!(only.wants("commission.created") && !only.wants("order.tracked"));
    }
}
