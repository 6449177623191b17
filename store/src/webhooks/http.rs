//! One signed POST, with ureq (a well-kept blocking client; rustls for https).

use std::time::{Duration, Instant};

use affiliate_kit::program::SignedWebhook;

/// What came of one POST.
pub(super) struct Sent {
    /// The status, when an answer came.
    pub status: Option<u16>,
    /// Why it failed; `None`: delivered (2xx).
    pub error: Option<String>,
    pub millis: u64,
}

/// A client that answers every status (the worker decides), follows no redirect (a POST is not
/// sent to another address than the configured one) and gives up after `timeout`.
pub(super) fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(format!("affiliate-kit/{}", affiliate_kit::VERSION))
        .build()
        .into()
}

/// POSTs `webhook` to `url` with its three `webhook-*` headers.
pub(super) fn post(agent: &ureq::Agent, url: &str, webhook: &SignedWebhook) -> Sent {
    let started = Instant::now();
    let mut request = agent.post(url).header("content-type", "application/json");
    for (name, value) in webhook.headers.to_pairs() {
        request = request.header(name, value);
    }
    let answer = request.send(webhook.body.as_str());
    let millis = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    match answer {
        Ok(response) => {
            let status = response.status().as_u16();
            let error = (!(200..300).contains(&status)).then(|| format!("HTTP {status}"));
            Sent { status: Some(status), error, millis }
        }
        Err(e) => Sent { status: None, error: Some(e.to_string()), millis },
    }
}
