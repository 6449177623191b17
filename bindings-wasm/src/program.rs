//! The stateful `Program` (full build): commands as JSON (`{"verb": ...}`, exactly the core's
//! `Command`), reads returning JSON, events, snapshots.

use affiliate_kit::host::{self, arguments};
use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{self, ProgramConfig};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::{at, json};

/// An affiliate program (see the core's `Program`).
#[wasm_bindgen]
pub struct Program(program::Program);

#[wasm_bindgen]
impl Program {
    /// `Program::new` from a `ProgramConfig` as JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str) -> Result<Program> {
        Ok(Program(program::Program::new(ProgramConfig::from_json(config_json)?)?))
    }

    /// `Program::restore` from a snapshot.
    pub fn restore(snapshot: &str) -> Result<Program> {
        Ok(Program(program::Program::restore(snapshot)?))
    }

    /// `Program::replay` of a command log (a JSON array of commands).
    pub fn replay(config_json: &str, log_json: &str) -> Result<Program> {
        let log = arguments::command_log(log_json)?;
        Ok(Program(program::Program::replay(ProgramConfig::from_json(config_json)?, &log)?))
    }

    /// `Program::resume`: a checkpoint (a snapshot) and the commands accepted after it (a JSON
    /// array), for hosts that keep their own journal.
    pub fn resume(snapshot: &str, log_json: &str) -> Result<Program> {
        Ok(Program(program::Program::resume(snapshot, &arguments::command_log(log_json)?)?))
    }

    /// `Program::execute`: runs one command, returns its answer as JSON.
    pub fn execute(&mut self, command_json: &str) -> Result<String> {
        json(&self.0.execute(arguments::command(command_json)?)?)
    }

    /// `host::execute_rows` of commands (each the JSON of one): a JSON array with one row per command,
    /// `{"answer": ...}` or `{"error": <the core's failure>}` (a command that cannot be read or is
    /// refused changes nothing; the others run all the same).
    #[wasm_bindgen(js_name = executeMany)]
    pub fn execute_many(&mut self, commands_json: Vec<String>) -> Result<String> {
        let commands = commands_json.iter().map(|c| arguments::command(c)).collect();
        let answers = host::execute_rows(commands, |c| Ok(self.0.execute_many(c)))?;
        let rows: Vec<Row<'_>> = answers
            .iter()
            .map(|a| Row { answer: a.as_ref().ok(), error: a.as_ref().err().map(affiliate_kit::Error::failure) })
            .collect();
        json(&rows)
    }

    /// `Program::execute`, answering `{"answer": ..., "journal": "<the command as the core logs it>"}`:
    /// what a host appends to its own journal once the command is accepted.
    #[wasm_bindgen(js_name = executeJournaled)]
    pub fn execute_journaled(&mut self, command_json: &str) -> Result<String> {
        let command = arguments::command(command_json)?;
        let journal = command.to_json();
        let answer = self.0.execute(command)?;
        json(&Journaled { answer, journal })
    }

    /// `Program::drain_events`: a JSON array of events.
    #[wasm_bindgen(js_name = drainEvents)]
    pub fn drain_events(&mut self) -> String {
        events(&self.0.drain_events())
    }

    /// `Program::events_since`: a JSON array of events.
    #[wasm_bindgen(js_name = eventsSince)]
    pub fn events_since(&self, sequence: u64) -> String {
        events(&self.0.events_since(sequence))
    }

    /// `Program::snapshot`.
    pub fn snapshot(&self) -> String {
        self.0.snapshot()
    }

    /// `Program::config`, as JSON.
    pub fn config(&self) -> Result<String> {
        json(self.0.config())
    }

    /// `Program::plan`, as JSON.
    pub fn plan(&self) -> String {
        self.0.plan().to_json()
    }

    /// `Program::plans`, as a JSON array.
    pub fn plans(&self) -> Result<String> {
        json(&self.0.plans())
    }

    /// `Program::command_log`, as a JSON array of commands.
    #[wasm_bindgen(js_name = commandLog)]
    pub fn command_log(&self) -> Result<String> {
        json(self.0.command_log())
    }

    /// `Program::affiliate`.
    pub fn affiliate(&self, affiliate_id: &str) -> Result<String> {
        json(&self.0.affiliate(affiliate_id)?)
    }

    /// `Program::affiliate_by_code`.
    #[wasm_bindgen(js_name = affiliateByCode)]
    pub fn affiliate_by_code(&self, code: &str) -> Result<String> {
        json(&self.0.affiliate_by_code(code)?)
    }

    /// `Program::affiliates`, as a JSON array.
    pub fn affiliates(&self) -> Result<String> {
        json(&self.0.affiliates())
    }

    /// `Program::balance` in a currency.
    pub fn balance(&self, affiliate_id: &str, currency: &str) -> Result<String> {
        json(&self.0.balance(affiliate_id, Currency::from_code(currency)?)?)
    }

    /// `Program::commission`.
    pub fn commission(&self, commission_id: &str) -> Result<String> {
        json(&self.0.commission(commission_id)?)
    }

    /// `Program::commissions`, as a JSON array.
    pub fn commissions(&self) -> Result<String> {
        json(&self.0.commissions())
    }

    /// `Program::entries`, as a JSON array.
    pub fn entries(&self) -> Result<String> {
        json(&self.0.entries())
    }

    /// `Program::sale`.
    pub fn sale(&self, sale_id: &str) -> Result<String> {
        json(&self.0.sale(sale_id)?)
    }

    /// `Program::explain`: the quote as JSON, `null` when the plan did not quote the sale.
    pub fn explain(&self, sale_id: &str) -> Result<String> {
        json(&self.0.explain(sale_id)?)
    }

    /// `Program::explain_commission`: the commission's quote line as JSON.
    #[wasm_bindgen(js_name = explainCommission)]
    pub fn explain_commission(&self, commission_id: &str) -> Result<String> {
        json(&self.0.explain_commission(commission_id)?)
    }

    /// `Program::payout`.
    pub fn payout(&self, payout_id: &str) -> Result<String> {
        json(self.0.payout(payout_id)?)
    }

    /// `Program::payouts`, as a JSON array.
    pub fn payouts(&self) -> Result<String> {
        json(self.0.payouts())
    }

    /// `Program::invitations`, as a JSON array.
    pub fn invitations(&self) -> Result<String> {
        json(self.0.invitations())
    }

    /// `Program::validate_code` at an instant.
    #[wasm_bindgen(js_name = validateCode)]
    pub fn validate_code(&self, code: &str, at_: &str) -> Result<String> {
        json(&self.0.validate_code(code, at("at", at_)?))
    }

    /// `Program::quote`: what tracking the order would credit, changing nothing.
    pub fn quote(&self, order_json: &str, visitor_id: Option<String>, at_: &str) -> Result<String> {
        json(&self.0.quote(&Order::from_json(order_json)?, visitor_id.as_deref(), at("at", at_)?)?)
    }

    /// `Program::stats`, of the program or of one affiliate.
    pub fn stats(&self, affiliate_id: Option<String>, currency: Option<String>) -> Result<String> {
        json(&self.0.stats_in(affiliate_id.as_deref(), optional_currency(currency)?)?)
    }

    /// `Program::report` over `[from, to)` in buckets of a granularity.
    pub fn report(
        &self,
        granularity: &str,
        from: &str,
        to: &str,
        affiliate_id: Option<String>,
        currency: Option<String>,
    ) -> Result<String> {
        let g = arguments::granularity("granularity", granularity)?;
        let currency = optional_currency(currency)?;
        json(&self.0.report_in(g, at("from", from)?, at("to", to)?, affiliate_id.as_deref(), currency)?)
    }

    /// `Program::what_if` of a candidate plan (JSON) over `[from, to)`, as JSON.
    #[wasm_bindgen(js_name = whatIf)]
    pub fn what_if(
        &self,
        plan_json: &str,
        from: &str,
        to: &str,
        largest: Option<u32>,
        currency: Option<String>,
    ) -> Result<String> {
        let plan = arguments::plan_spec(plan_json)?;
        let largest = largest.map_or(program::WHAT_IF_LARGEST, |n| n as usize);
        let currency = optional_currency(currency)?;
        json(&self.0.what_if_in(&plan, at("from", from)?, at("to", to)?, largest, currency)?)
    }
}

/// One row of what `executeMany` answers: the command's answer, or its failure.
#[derive(serde::Serialize)]
struct Row<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<&'a program::CommandOutcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<affiliate_kit::Failure<'a>>,
}

/// What `executeJournaled` answers.
#[derive(serde::Serialize)]
struct Journaled {
    answer: program::CommandOutcome,
    journal: String,
}

/// Events as a JSON array, each exactly as the core writes it.
fn events<'a>(events: impl IntoIterator<Item = &'a program::Event>) -> String {
    let items: Vec<String> = events.into_iter().map(|e| e.to_json()).collect();
    format!("[{}]", items.join(","))
}

/// An optional currency code (`None`: the program's, as the core reads it).
fn optional_currency(code: Option<String>) -> Result<Option<Currency>> {
    Ok(code.as_deref().map(Currency::from_code).transpose()?)
}
