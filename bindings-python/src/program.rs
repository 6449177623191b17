//! The stateful `Program`, in memory or kept in a SQLite file or in PostgreSQL (the store's
//! `ProgramHandle`): commands as JSON (`{"verb": ...}`, exactly the core's `Command`), reads returning
//! JSON, snapshots, and what only a kept program has (request ids, the outbox's cursors, checkpoints,
//! closing). Every call runs with the GIL released (a kept program waits on its file or server),
//! taking the lock inside.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use affiliate_kit::host::{self, arguments};
use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{self, ProgramConfig};
use affiliate_kit::Error as CoreError;
use affiliate_kit_store::{Durability, OpenOptions, ProgramHandle};
use pyo3::prelude::*;

use crate::error::Result;
use crate::objects::{to_python, Shape};
use crate::text::{at, json, json_each};

/// An affiliate program (see the core's `Program` and the store's `DurableProgram`). One object may
/// be shared by threads: calls take turns.
#[pyclass(module = "affiliate_kit._native", frozen)]
pub struct Program(Mutex<ProgramHandle>);

impl Program {
    fn memory(program: program::Program) -> Program {
        Program(Mutex::new(ProgramHandle::Memory(program)))
    }

    /// Runs `f` on the program with the GIL released: the lock is taken inside, so that a thread
    /// waiting for it does not hold the GIL. A lock poisoned by a panic is `INVALID_STATE`.
    fn with<T: Send>(&self, py: Python<'_>, f: impl FnOnce(&mut ProgramHandle) -> Result<T> + Send) -> Result<T> {
        py.detach(|| f(&mut *lock(&self.0)?))
    }
}

fn lock(mutex: &Mutex<ProgramHandle>) -> Result<MutexGuard<'_, ProgramHandle>> {
    mutex.lock().map_err(|_| {
        CoreError::InvalidState { reason: "the program is unusable: a call panicked while holding it".into() }.into()
    })
}

#[pymethods]
impl Program {
    /// `Program::new` from a `ProgramConfig` as JSON.
    #[new]
    fn new(config_json: &str) -> Result<Program> {
        Ok(Program::memory(program::Program::new(ProgramConfig::from_json(config_json)?)?))
    }

    /// `Program::restore` from a snapshot.
    #[staticmethod]
    fn restore(snapshot: &str) -> Result<Program> {
        Ok(Program::memory(program::Program::restore(snapshot)?))
    }

    /// `Program::replay` of a command log (a JSON array of commands).
    #[staticmethod]
    fn replay(config_json: &str, log_json: &str) -> Result<Program> {
        let log = arguments::command_log(log_json)?;
        Ok(Program::memory(program::Program::replay(ProgramConfig::from_json(config_json)?, &log)?))
    }

    /// `ProgramHandle::open`: opens (or, with a config, creates) the program at `location`, a
    /// `postgresql://` URL or a file's path.
    #[staticmethod]
    #[pyo3(signature = (location, config_json, durability, busy_timeout_ms, checkpoint_every))]
    fn open(
        py: Python<'_>,
        location: &str,
        config_json: Option<&str>,
        durability: &str,
        busy_timeout_ms: u64,
        checkpoint_every: u64,
    ) -> Result<Program> {
        let config = config_json.map(ProgramConfig::from_json).transpose()?;
        let options = OpenOptions {
            durability: Durability::parse(durability)?,
            busy_timeout: Duration::from_millis(busy_timeout_ms),
            checkpoint_every,
            ..OpenOptions::default()
        };
        let program = py.detach(|| ProgramHandle::open(location, config, options))?;
        Ok(Program(Mutex::new(program)))
    }

    /// `execute`: runs one command (durably, in a file), returns its answer as JSON.
    fn execute(&self, py: Python<'_>, command_json: &str) -> Result<String> {
        let command = arguments::command(command_json)?;
        self.with(py, |p| json(&p.execute(command)?))
    }

    /// `Program::execute`, the answer built as the record of `shape` (see `objects`).
    fn execute_into(&self, py: Python<'_>, command_json: &str, shape: &Shape) -> PyResult<Py<PyAny>> {
        let command = arguments::command(command_json).map_err(crate::error::Error::from)?;
        let outcome = self.with(py, |p| Ok(p.execute(command)?))?;
        to_python(py, &outcome, shape)
    }

    /// `execute_into` of a command given as Python values (`{"verb": ..., ...}`, read by
    /// `reading`), or `NotImplemented` when they cannot be read that way: the package then passes
    /// the command as JSON, which answers exactly as before (errors included).
    fn execute_values_into(&self, py: Python<'_>, command: &Bound<'_, PyAny>, shape: &Shape) -> PyResult<Py<PyAny>> {
        let Ok(command) = crate::reading::read::<program::Command>(command) else {
            return Ok(py.NotImplemented().into_any());
        };
        let outcome = self.with(py, |p| Ok(p.execute(command)?))?;
        to_python(py, &outcome, shape)
    }

    /// `host::execute_rows`: runs the commands in order (a durable program commits them in one
    /// transaction); each row is its answer as JSON, or the exception of its error (a command that
    /// cannot be read or is rejected changes nothing, and the others run all the same).
    fn execute_many(&self, py: Python<'_>, commands_json: Vec<String>) -> Result<Vec<Py<PyAny>>> {
        let commands = commands_json.iter().map(|c| arguments::command(c)).collect();
        let answers = self.with(py, |p| Ok(host::execute_rows(commands, |c| p.execute_many(c))?))?;
        let mut rows = Vec::with_capacity(answers.len());
        for answer in answers {
            rows.push(match answer {
                Ok(outcome) => pyo3::types::PyString::new(py, &json(&outcome)?).into_any().unbind(),
                Err(error) => PyErr::from(crate::error::Error::from(error)).into_value(py).into_any(),
            });
        }
        Ok(rows)
    }

    /// `drain_events`: each event as its own JSON.
    fn drain_events(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| Ok(p.drain_events()?.iter().map(|e| e.to_json()).collect()))
    }

    /// `events_since` (from the file, for a durable program): each event as its own JSON.
    fn events_since(&self, py: Python<'_>, sequence: u64) -> Result<Vec<String>> {
        self.with(py, |p| Ok(p.events_since(sequence)?.iter().map(|e| e.to_json()).collect()))
    }

    /// `snapshot` (of a durable program: the replica, whose events are in the file).
    fn snapshot(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| Ok(p.snapshot()?))
    }

    /// `config`, as JSON.
    fn config(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| json(p.config()?))
    }

    /// `plan`, as JSON.
    fn plan(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| Ok(p.program()?.plan().to_json()))
    }

    /// `plans`: every version of the plan, as a JSON array.
    fn plans(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| json(&p.program()?.plans()))
    }

    /// `command_log` (of a durable program: its journal), as a JSON array of commands.
    fn command_log(&self, py: Python<'_>) -> Result<String> {
        self.with(py, |p| json(&p.command_log()?))
    }

    /// `affiliate`.
    fn affiliate(&self, py: Python<'_>, affiliate_id: &str) -> Result<String> {
        self.with(py, |p| json(&p.affiliate(affiliate_id)?))
    }

    /// `affiliate_by_code`.
    fn affiliate_by_code(&self, py: Python<'_>, code: &str) -> Result<String> {
        self.with(py, |p| json(&p.affiliate_by_code(code)?))
    }

    /// `affiliates`: each as its own JSON.
    fn affiliates(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(&p.affiliates()?))
    }

    /// `balance`.
    fn balance(&self, py: Python<'_>, affiliate_id: &str, currency: &str) -> Result<String> {
        let currency = Currency::from_code(currency)?;
        self.with(py, |p| json(&p.balance(affiliate_id, currency)?))
    }

    /// `commission`.
    fn commission(&self, py: Python<'_>, commission_id: &str) -> Result<String> {
        self.with(py, |p| json(&p.commission(commission_id)?))
    }

    /// `commissions`: each as its own JSON.
    fn commissions(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(&p.commissions()?))
    }

    /// `entries`: each as its own JSON.
    fn entries(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(&p.entries()?))
    }

    /// `sale`.
    fn sale(&self, py: Python<'_>, sale_id: &str) -> Result<String> {
        self.with(py, |p| json(&p.sale(sale_id)?))
    }

    /// `explain`: the quote as JSON, `None` when the plan did not quote the sale.
    fn explain(&self, py: Python<'_>, sale_id: &str) -> Result<Option<String>> {
        self.with(py, |p| p.explain(sale_id)?.map(|q| json(&q)).transpose())
    }

    /// `explain_commission`.
    fn explain_commission(&self, py: Python<'_>, commission_id: &str) -> Result<String> {
        self.with(py, |p| json(&p.explain_commission(commission_id)?))
    }

    /// `payout`.
    fn payout(&self, py: Python<'_>, payout_id: &str) -> Result<String> {
        self.with(py, |p| json(p.payout(payout_id)?))
    }

    /// `payouts`: each as its own JSON.
    fn payouts(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(p.payouts()?))
    }

    /// `invitations`: each as its own JSON.
    fn invitations(&self, py: Python<'_>) -> Result<Vec<String>> {
        self.with(py, |p| json_each(p.invitations()?))
    }

    /// `validate_code`.
    fn validate_code(&self, py: Python<'_>, code: &str, at_: &str) -> Result<String> {
        let at_ = at("at", at_)?;
        self.with(py, |p| json(&p.validate_code(code, at_)?))
    }

    /// `quote`: what tracking the order would credit, changing nothing.
    #[pyo3(signature = (order_json, visitor_id, at_))]
    fn quote(&self, py: Python<'_>, order_json: &str, visitor_id: Option<&str>, at_: &str) -> Result<String> {
        let (order, at_) = (Order::from_json(order_json)?, at("at", at_)?);
        self.with(py, |p| json(&p.quote(&order, visitor_id, at_)?))
    }

    /// `stats`.
    #[pyo3(signature = (affiliate_id=None, currency=None))]
    fn stats(&self, py: Python<'_>, affiliate_id: Option<&str>, currency: Option<&str>) -> Result<String> {
        let currency = currency.map(Currency::from_code).transpose()?;
        self.with(py, |p| json(&p.stats_in(affiliate_id, currency)?))
    }

    /// `report`.
    #[pyo3(signature = (granularity, from_, to, affiliate_id=None, currency=None))]
    fn report(
        &self,
        py: Python<'_>,
        granularity: &str,
        from_: &str,
        to: &str,
        affiliate_id: Option<&str>,
        currency: Option<&str>,
    ) -> Result<String> {
        let (g, from_, to) = (arguments::granularity("granularity", granularity)?, at("from", from_)?, at("to", to)?);
        let currency = currency.map(Currency::from_code).transpose()?;
        self.with(py, |p| json(&p.report_in(g, from_, to, affiliate_id, currency)?))
    }

    /// `what_if`: the candidate plan (JSON) over `[from_, to)`, as JSON.
    #[pyo3(signature = (plan_json, from_, to, largest, currency=None))]
    fn what_if(
        &self,
        py: Python<'_>,
        plan_json: &str,
        from_: &str,
        to: &str,
        largest: usize,
        currency: Option<&str>,
    ) -> Result<String> {
        let (plan, from_, to) = (arguments::plan_spec(plan_json)?, at("from", from_)?, at("to", to)?);
        let currency = currency.map(Currency::from_code).transpose()?;
        self.with(py, |p| json(&p.program()?.what_if_in(&plan, from_, to, largest, currency)?))
    }

    // What only a kept program has (`INVALID_STATE` in memory).

    /// `execute_once`: runs one command with the caller's request id (a retry answers the first
    /// outcome), returns its answer as JSON.
    fn execute_once(&self, py: Python<'_>, command_json: &str, request_id: &str) -> Result<String> {
        let command = arguments::command(command_json)?;
        self.with(py, |p| json(&p.execute_once(command, request_id)?))
    }

    /// `execute_once`, the answer built as the record of `shape` (see `objects`).
    fn execute_once_into(
        &self,
        py: Python<'_>,
        command_json: &str,
        request_id: &str,
        shape: &Shape,
    ) -> PyResult<Py<PyAny>> {
        let command = arguments::command(command_json).map_err(crate::error::Error::from)?;
        let outcome = self.with(py, |p| Ok(p.execute_once(command, request_id)?))?;
        to_python(py, &outcome, shape)
    }

    /// `execute_once_into` of a command given as Python values (see `execute_values_into`), or
    /// `NotImplemented` when they cannot be read that way.
    fn execute_once_values_into(
        &self,
        py: Python<'_>,
        command: &Bound<'_, PyAny>,
        request_id: &str,
        shape: &Shape,
    ) -> PyResult<Py<PyAny>> {
        let Ok(command) = crate::reading::read::<program::Command>(command) else {
            return Ok(py.NotImplemented().into_any());
        };
        let outcome = self.with(py, |p| Ok(p.execute_once(command, request_id)?))?;
        to_python(py, &outcome, shape)
    }

    /// `pending_events`: each event as its own JSON.
    fn pending_events(&self, py: Python<'_>, consumer: &str, limit: u64) -> Result<Vec<String>> {
        self.with(py, |p| Ok(p.pending_events(consumer, limit)?.iter().map(|e| e.to_json()).collect()))
    }

    /// `ack_events`.
    fn ack_events(&self, py: Python<'_>, consumer: &str, sequence: u64) -> Result<()> {
        self.with(py, |p| Ok(p.ack_events(consumer, sequence)?))
    }

    /// `cursor`.
    fn cursor(&self, py: Python<'_>, consumer: &str) -> Result<u64> {
        self.with(py, |p| Ok(p.cursor(consumer)?))
    }

    /// `checkpoint`, as JSON `{"seq", "raw_bytes", "stored_bytes"}`.
    fn checkpoint(&self, py: Python<'_>) -> Result<String> {
        let info = self.with(py, |p| Ok(p.checkpoint()?))?;
        json(&serde_json::json!({"seq": info.seq, "raw_bytes": info.raw_bytes, "stored_bytes": info.stored_bytes}))
    }

    /// `refresh`.
    fn refresh(&self, py: Python<'_>) -> Result<()> {
        self.with(py, |p| Ok(p.refresh()?))
    }

    /// `head`.
    fn head(&self, py: Python<'_>) -> Result<u64> {
        self.with(py, |p| Ok(p.head()?))
    }

    /// `close`.
    fn close(&self, py: Python<'_>) -> Result<()> {
        self.with(py, |p| Ok(p.close()?))
    }

    /// `is_closed`.
    #[getter]
    fn closed(&self, py: Python<'_>) -> Result<bool> {
        self.with(py, |p| Ok(p.is_closed()?))
    }
}
