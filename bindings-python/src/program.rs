//! The stateful `Program`: commands as JSON (`{"verb": ...}`, exactly the core's `Command`), reads
//! returning JSON, snapshots.

use affiliate_kit::input;
use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{self, ProgramConfig};
use pyo3::prelude::*;

use crate::error::Result;
use crate::text::{at, json, json_each};

/// An affiliate program (see the core's `Program`).
#[pyclass(module = "affiliate_kit._native")]
pub struct Program(program::Program);

#[pymethods]
impl Program {
    /// `Program::new` from a `ProgramConfig` as JSON.
    #[new]
    fn new(config_json: &str) -> Result<Program> {
        Ok(Program(program::Program::new(ProgramConfig::from_json(config_json)?)?))
    }

    /// `Program::restore` from a snapshot.
    #[staticmethod]
    fn restore(snapshot: &str) -> Result<Program> {
        Ok(Program(program::Program::restore(snapshot)?))
    }

    /// `Program::replay` of a command log (a JSON array of commands).
    #[staticmethod]
    fn replay(config_json: &str, log_json: &str) -> Result<Program> {
        let log = input::command_log(log_json)?;
        Ok(Program(program::Program::replay(ProgramConfig::from_json(config_json)?, &log)?))
    }

    /// `Program::execute`: runs one command, returns its answer as JSON.
    fn execute(&mut self, command_json: &str) -> Result<String> {
        json(&self.0.execute(input::command(command_json)?)?)
    }

    /// `Program::drain_events`: each event as its own JSON.
    fn drain_events(&mut self) -> Result<Vec<String>> {
        Ok(self.0.drain_events().iter().map(|e| e.to_json()).collect())
    }

    /// `Program::events_since`: each event as its own JSON.
    fn events_since(&self, sequence: u64) -> Vec<String> {
        self.0.events_since(sequence).iter().map(|e| e.to_json()).collect()
    }

    /// `Program::snapshot`.
    fn snapshot(&self) -> String {
        self.0.snapshot()
    }

    /// `Program::config`, as JSON.
    fn config(&self) -> Result<String> {
        json(self.0.config())
    }

    /// `Program::plan`, as JSON.
    fn plan(&self) -> String {
        self.0.plan().to_json()
    }

    /// `Program::command_log`, as a JSON array of commands.
    fn command_log(&self) -> Result<String> {
        json(self.0.command_log())
    }

    /// `Program::affiliate`.
    fn affiliate(&self, affiliate_id: &str) -> Result<String> {
        json(&self.0.affiliate(affiliate_id)?)
    }

    /// `Program::affiliate_by_code`.
    fn affiliate_by_code(&self, code: &str) -> Result<String> {
        json(&self.0.affiliate_by_code(code)?)
    }

    /// `Program::affiliates`: each as its own JSON.
    fn affiliates(&self) -> Result<Vec<String>> {
        json_each(&self.0.affiliates())
    }

    /// `Program::balance`.
    fn balance(&self, affiliate_id: &str, currency: &str) -> Result<String> {
        json(&self.0.balance(affiliate_id, Currency::from_code(currency)?)?)
    }

    /// `Program::commission`.
    fn commission(&self, commission_id: &str) -> Result<String> {
        json(self.0.commission(commission_id)?)
    }

    /// `Program::commissions`: each as its own JSON.
    fn commissions(&self) -> Result<Vec<String>> {
        json_each(self.0.commissions())
    }

    /// `Program::entries`: each as its own JSON.
    fn entries(&self) -> Result<Vec<String>> {
        json_each(self.0.entries())
    }

    /// `Program::sale`.
    fn sale(&self, sale_id: &str) -> Result<String> {
        json(self.0.sale(sale_id)?)
    }

    /// `Program::payout`.
    fn payout(&self, payout_id: &str) -> Result<String> {
        json(self.0.payout(payout_id)?)
    }

    /// `Program::payouts`: each as its own JSON.
    fn payouts(&self) -> Result<Vec<String>> {
        json_each(self.0.payouts())
    }

    /// `Program::invitations`: each as its own JSON.
    fn invitations(&self) -> Result<Vec<String>> {
        json_each(self.0.invitations())
    }

    /// `Program::validate_code`.
    fn validate_code(&self, code: &str, at_: &str) -> Result<String> {
        json(&self.0.validate_code(code, at("at", at_)?))
    }

    /// `Program::quote`: what tracking the order would credit, changing nothing.
    #[pyo3(signature = (order_json, visitor_id, at_))]
    fn quote(&self, order_json: &str, visitor_id: Option<&str>, at_: &str) -> Result<String> {
        json(&self.0.quote(&Order::from_json(order_json)?, visitor_id, at("at", at_)?)?)
    }

    /// `Program::stats`.
    #[pyo3(signature = (affiliate_id=None))]
    fn stats(&self, affiliate_id: Option<&str>) -> Result<String> {
        json(&self.0.stats(affiliate_id)?)
    }

    /// `Program::report`.
    #[pyo3(signature = (granularity, from_, to, affiliate_id=None))]
    fn report(&self, granularity: &str, from_: &str, to: &str, affiliate_id: Option<&str>) -> Result<String> {
        let g = input::granularity("granularity", granularity)?;
        json(&self.0.report(g, at("from", from_)?, at("to", to)?, affiliate_id)?)
    }
}
