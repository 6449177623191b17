//! Webhook delivery (the store's `WebhookWorker`): endpoints in, reports, dead letters and attempts
//! out as JSON. `run` loops in Rust with the GIL released until `stop` is called from another thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use affiliate_kit::Error as CoreError;
use affiliate_kit_store::{DeliveryOptions, Endpoint};
use pyo3::prelude::*;

use crate::error::Result;
use crate::text::json;

/// A worker delivering one program's events (see the store's `WebhookWorker`).
#[pyclass(module = "affiliate_kit._native", frozen)]
pub struct WebhookWorker {
    worker: Mutex<affiliate_kit_store::WebhookWorker>,
    /// Set by `stop`: outside the lock, which `run` holds.
    stop: Arc<AtomicBool>,
}

impl WebhookWorker {
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut affiliate_kit_store::WebhookWorker) -> Result<T> + Send,
    ) -> Result<T> {
        py.detach(|| f(&mut *lock(&self.worker)?))
    }
}

fn lock(
    mutex: &Mutex<affiliate_kit_store::WebhookWorker>,
) -> Result<MutexGuard<'_, affiliate_kit_store::WebhookWorker>> {
    mutex.lock().map_err(|_| {
        CoreError::InvalidState { reason: "the worker is unusable: a call panicked while holding it".into() }.into()
    })
}

#[pymethods]
impl WebhookWorker {
    /// `WebhookWorker::open`; each endpoint is (name, url, secret, event types).
    #[new]
    #[pyo3(signature = (url, endpoints, max_attempts, backoff_ms, max_backoff_ms, timeout_ms, batch))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        url: &str,
        endpoints: Vec<(String, String, String, Vec<String>)>,
        max_attempts: u32,
        backoff_ms: u64,
        max_backoff_ms: u64,
        timeout_ms: u64,
        batch: u64,
    ) -> Result<WebhookWorker> {
        let endpoints = endpoints
            .into_iter()
            .map(|(name, url, secret, event_types)| Endpoint { name, url, secret, event_types })
            .collect();
        let options = DeliveryOptions {
            max_attempts,
            backoff: Duration::from_millis(backoff_ms),
            max_backoff: Duration::from_millis(max_backoff_ms),
            timeout: Duration::from_millis(timeout_ms),
            batch,
        };
        let worker = py.detach(|| affiliate_kit_store::WebhookWorker::open(url, endpoints, options))?;
        Ok(WebhookWorker { worker: Mutex::new(worker), stop: Arc::new(AtomicBool::new(false)) })
    }

    /// `deliver_once`: the pass's report as JSON.
    fn deliver_once(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |w| json(&w.deliver_once()?))
    }

    /// `run` until `stop` (then ready to run again): the total report as JSON.
    fn run(&self, py: Python<'_>, idle_ms: u64) -> Result<String> {
        let stop = Arc::clone(&self.stop);
        let total = self.with(py, |w| Ok(w.run(&stop, Duration::from_millis(idle_ms))?));
        self.stop.store(false, Ordering::Relaxed);
        json(&total?)
    }

    /// Ends a `run` in progress (from another thread).
    fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// `dead_letters`, as a JSON array.
    #[pyo3(signature = (endpoint=None))]
    fn dead_letters(&self, py: Python<'_>, endpoint: Option<&str>) -> Result<String> {
        self.with(py, |w| json(&w.dead_letters(endpoint)?))
    }

    /// `replay_dead_letters`.
    fn replay_dead_letters(&self, py: Python<'_>, endpoint: &str, sequences: Vec<u64>) -> Result<u64> {
        self.with(py, |w| Ok(w.replay_dead_letters(endpoint, &sequences)?))
    }

    /// `attempts`, as a JSON array.
    fn attempts(&self, py: Python<'_>, endpoint: &str, sequence: u64) -> Result<String> {
        self.with(py, |w| json(&w.attempts(endpoint, sequence)?))
    }
}
