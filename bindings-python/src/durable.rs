//! The durable `Program`: `affiliate_kit_store::DurableProgram`, a program kept in a SQLite file, with
//! the same methods as the native `Program` (commands as JSON, reads returning JSON) plus the outbox
//! and the file's own calls. Every call that touches the file runs with the GIL released.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use affiliate_kit::input;
use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{Command, ProgramConfig};
use affiliate_kit::Error as CoreError;
use affiliate_kit_store::{self as store, Durability, OpenOptions};
use pyo3::prelude::*;

use crate::error::Result;
use crate::text::{at, json, json_each};

/// A program kept in a SQLite file (see the store's `DurableProgram`). One handle may be shared by
/// threads: calls take turns.
#[pyclass(module = "affiliate_kit._native", frozen)]
pub struct DurableProgram(Mutex<store::DurableProgram>);

impl DurableProgram {
    /// Runs `f` on the store with the GIL released: the lock is taken inside, so that a thread
    /// waiting for it does not hold the GIL. A mutex poisoned by a panic is `INVALID_STATE`.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        f: impl FnOnce(&mut store::DurableProgram) -> Result<T> + Send,
    ) -> Result<T> {
        py.detach(|| f(&mut *lock(&self.0)?))
    }
}

fn lock(mutex: &Mutex<store::DurableProgram>) -> Result<MutexGuard<'_, store::DurableProgram>> {
    mutex.lock().map_err(|_| {
        CoreError::InvalidState { reason: "the program is unusable: a call panicked while holding it".into() }.into()
    })
}

#[pymethods]
impl DurableProgram {
    /// `DurableProgram::open_with`: opens (or, with a config, creates) the program in the file at `path`.
    #[staticmethod]
    #[pyo3(signature = (path, config_json, durability, busy_timeout_ms, checkpoint_every))]
    fn open(
        py: Python<'_>,
        path: PathBuf,
        config_json: Option<&str>,
        durability: &str,
        busy_timeout_ms: u64,
        checkpoint_every: u64,
    ) -> Result<DurableProgram> {
        let config = config_json.map(ProgramConfig::from_json).transpose()?;
        let options = OpenOptions {
            durability: Durability::parse(durability)?,
            busy_timeout: Duration::from_millis(busy_timeout_ms),
            checkpoint_every,
            ..OpenOptions::default()
        };
        let program = py.detach(|| store::DurableProgram::open_with(path, config, options))?;
        Ok(DurableProgram(Mutex::new(program)))
    }

    /// `DurableProgram::execute`: runs one command, answered once it is committed, as JSON.
    fn execute(&self, py: Python<'_>, command_json: &str) -> Result<String> {
        let command = input::command(command_json)?;
        self.with(py, |p| json(&p.execute(command)?))
    }

    /// `DurableProgram::drain_events`: each event as its own JSON.
    fn drain_events(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| Ok(p.drain_events()?.iter().map(|e| e.to_json()).collect()))
    }

    /// `DurableProgram::events_since` (every one after `sequence`, from the file): each as its own JSON.
    fn events_since(&self, py: Python<'_>, sequence: u64) -> Result<Vec<String>> {
        self.with(py, |p| Ok(p.events_since(sequence, u64::MAX)?.iter().map(|e| e.to_json()).collect()))
    }

    /// `DurableProgram::pending_events`: each event as its own JSON.
    fn pending_events(&self, py: Python<'_>, consumer: &str, limit: u64) -> Result<Vec<String>> {
        self.with(py, |p| Ok(p.pending_events(consumer, limit)?.iter().map(|e| e.to_json()).collect()))
    }

    /// `DurableProgram::ack_events`.
    fn ack_events(&self, py: Python<'_>, consumer: &str, sequence: u64) -> Result<()> {
        self.with(py, |p| Ok(p.ack_events(consumer, sequence)?))
    }

    /// `DurableProgram::cursor`.
    fn cursor(&self, py: Python<'_>, consumer: &str) -> Result<u64> {
        self.with(py, |p| Ok(p.cursor(consumer)?))
    }

    /// `DurableProgram::checkpoint`, as JSON `{"seq", "raw_bytes", "stored_bytes"}`.
    fn checkpoint(&self, py: Python<'_>) -> Result<String> {
        let info = self.with(py, |p| Ok(p.checkpoint()?))?;
        json(&serde_json::json!({"seq": info.seq, "raw_bytes": info.raw_bytes, "stored_bytes": info.stored_bytes}))
    }

    /// `DurableProgram::refresh`.
    fn refresh(&self, py: Python<'_>) -> Result<()> {
        self.with(py, |p| Ok(p.refresh()?))
    }

    /// `DurableProgram::head`.
    fn head(&self, py: Python<'_>) -> Result<u64> {
        self.with(py, |p| Ok(p.head()))
    }

    /// `DurableProgram::close`.
    fn close(&self, py: Python<'_>) -> Result<()> {
        self.with(py, |p| Ok(p.close()?))
    }

    /// `DurableProgram::is_closed`.
    #[getter]
    fn closed(&self, py: Python<'_>) -> Result<bool> {
        self.with(py, |p| Ok(p.is_closed()))
    }

    /// `DurableProgram::snapshot` (the replica: its events are in the file).
    fn snapshot(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| Ok(p.snapshot()?))
    }

    /// `Program::config`, as JSON.
    fn config(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| json(p.config()?))
    }

    /// `Program::plan`, as JSON.
    fn plan(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| Ok(p.program()?.plan().to_json()))
    }

    /// The journal's commands, as a JSON array of commands (the durable command log).
    fn command_log(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| json(&p.journal(0, u64::MAX)?.into_iter().map(|e| e.command).collect::<Vec<Command>>()))
    }

    /// `Program::affiliate`.
    fn affiliate(&self, py: Python<'_>, affiliate_id: &str) -> Result<String> {
        self.with(py, |p| json(&p.affiliate(affiliate_id)?))
    }

    /// `Program::affiliate_by_code`.
    fn affiliate_by_code(&self, py: Python<'_>, code: &str) -> Result<String> {
        self.with(py, |p| json(&p.affiliate_by_code(code)?))
    }

    /// `Program::affiliates`: each as its own JSON.
    fn affiliates(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(&p.affiliates()?))
    }

    /// `Program::balance`.
    fn balance(&self, py: Python<'_>, affiliate_id: &str, currency: &str) -> Result<String> {
        let currency = Currency::from_code(currency)?;
        self.with(py, |p| json(&p.balance(affiliate_id, currency)?))
    }

    /// `Program::commission`.
    fn commission(&self, py: Python<'_>, commission_id: &str) -> Result<String> {
        self.with(py, |p| json(p.commission(commission_id)?))
    }

    /// `Program::commissions`: each as its own JSON.
    fn commissions(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(p.commissions()?))
    }

    /// `Program::entries`: each as its own JSON.
    fn entries(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(p.entries()?))
    }

    /// `Program::sale`.
    fn sale(&self, py: Python<'_>, sale_id: &str) -> Result<String> {
        self.with(py, |p| json(p.sale(sale_id)?))
    }

    /// `Program::payout`.
    fn payout(&self, py: Python<'_>, payout_id: &str) -> Result<String> {
        self.with(py, |p| json(p.payout(payout_id)?))
    }

    /// `Program::payouts`: each as its own JSON.
    fn payouts(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(p.payouts()?))
    }

    /// `Program::invitations`: each as its own JSON.
    fn invitations(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(p.invitations()?))
    }

    /// `Program::validate_code`.
    fn validate_code(&self, py: Python<'_>, code: &str, at_: &str) -> Result<String> {
        let at_ = at("at", at_)?;
        self.with(py, |p| json(&p.validate_code(code, at_)?))
    }

    /// `Program::quote`: what tracking the order would credit, changing nothing.
    #[pyo3(signature = (order_json, visitor_id, at_))]
    fn quote(&self, py: Python<'_>, order_json: &str, visitor_id: Option<&str>, at_: &str) -> Result<String> {
        let (order, at_) = (Order::from_json(order_json)?, at("at", at_)?);
        self.with(py, |p| json(&p.quote(&order, visitor_id, at_)?))
    }

    /// `Program::stats`.
    #[pyo3(signature = (affiliate_id=None))]
    fn stats(&self, py: Python<'_>, affiliate_id: Option<&str>) -> Result<String> {
        self.with(py, |p| json(&p.stats(affiliate_id)?))
    }

    /// `Program::report`.
    #[pyo3(signature = (granularity, from_, to, affiliate_id=None))]
    fn report(
        &self,
        py: Python<'_>,
        granularity: &str,
        from_: &str,
        to: &str,
        affiliate_id: Option<&str>,
    ) -> Result<String> {
        let (g, from_, to) = (input::granularity("granularity", granularity)?, at("from", from_)?, at("to", to)?);
        self.with(py, |p| json(&p.report(g, from_, to, affiliate_id)?))
    }
}
