//! The `Program`'s reads (none changes state), its events and its documents: snapshot, config, plan
//! and command log.

use std::sync::Arc;

use affiliate_kit::host::arguments;
use affiliate_kit::money::Currency;
use affiliate_kit::plan::{Order, Quote, QuoteLine};
use affiliate_kit::program::{
    AffiliateView, Balance, CodeValidation, Commission, Entry, Event, Invitation, Payout, PlanVersion, ProgramStats,
    Report, Sale, TrackOutcome, WhatIf,
};
use affiliate_kit::time::Granularity;

use crate::custom::Timestamp;
use crate::error::Result;
use crate::plans::Plan;
use crate::program::Program;

#[uniffi::export]
impl Program {
    /// `Program::affiliate`: one affiliate by id (deleted ones too, without personal data).
    pub fn affiliate(&self, affiliate_id: String) -> Result<AffiliateView> {
        Ok(self.program()?.affiliate(&affiliate_id)?)
    }

    /// `Program::affiliate_by_code`: the affiliate owning a code (any spelling).
    pub fn affiliate_by_code(&self, code: String) -> Result<AffiliateView> {
        Ok(self.program()?.affiliate_by_code(&code)?)
    }

    /// `Program::affiliates`: every affiliate, in registration order.
    pub fn affiliates(&self) -> Result<Vec<AffiliateView>> {
        Ok(self.program()?.affiliates()?)
    }

    /// `Program::balance`: an affiliate's balance in a currency.
    pub fn balance(&self, affiliate_id: String, currency: Currency) -> Result<Balance> {
        Ok(self.program()?.balance(&affiliate_id, currency)?)
    }

    /// `Program::commission`: a commission by id (`com_<n>`).
    pub fn commission(&self, commission_id: String) -> Result<Commission> {
        Ok(self.program()?.commission(&commission_id)?)
    }

    /// `Program::commissions`: every commission, in creation order.
    pub fn commissions(&self) -> Result<Vec<Commission>> {
        self.program()?.commissions().map_err(Into::into)
    }

    /// `Program::entries`: every ledger entry, in writing order.
    pub fn entries(&self) -> Result<Vec<Entry>> {
        self.program()?.entries().map_err(Into::into)
    }

    /// `Program::sale`: a tracked sale (order or payment) by id.
    pub fn sale(&self, sale_id: String) -> Result<Sale> {
        Ok(self.program()?.sale(&sale_id)?)
    }

    /// `Program::explain`: the explained quote of a tracked sale, exactly as tracking answered it;
    /// null when the plan did not quote it.
    pub fn explain(&self, sale_id: String) -> Result<Option<Quote>> {
        Ok(self.program()?.explain(&sale_id)?)
    }

    /// `Program::explain_commission`: why a commission is what it is (its quote line).
    pub fn explain_commission(&self, commission_id: String) -> Result<QuoteLine> {
        Ok(self.program()?.explain_commission(&commission_id)?)
    }

    /// `Program::payout`: a payout by id (`pay_<n>`).
    pub fn payout(&self, payout_id: String) -> Result<Payout> {
        Ok(self.program()?.payout(&payout_id)?.clone())
    }

    /// `Program::payouts`: every payout, in creation order.
    pub fn payouts(&self) -> Result<Vec<Payout>> {
        Ok(self.program()?.payouts()?.to_vec())
    }

    /// `Program::invitations`: every invitation, in creation order.
    pub fn invitations(&self) -> Result<Vec<Invitation>> {
        Ok(self.program()?.invitations()?.to_vec())
    }

    /// `Program::validate_code`: whether a checkout may accept a code at `at`, and why.
    pub fn validate_code(&self, code: String, at: Timestamp) -> Result<CodeValidation> {
        Ok(self.program()?.validate_code(&code, at)?)
    }

    /// `Program::quote`: what tracking the order would credit, changing nothing.
    #[uniffi::method(default(visitor_id = None))]
    pub fn quote(&self, order: Order, visitor_id: Option<String>, at: Timestamp) -> Result<TrackOutcome> {
        Ok(self.program()?.quote(&order, visitor_id.as_deref(), at)?)
    }

    /// `Program::stats_in`: totals of one affiliate, or of the program when `null`, in one currency
    /// (`null`: the program's).
    #[uniffi::method(default(affiliate_id = None, currency = None))]
    pub fn stats(&self, affiliate_id: Option<String>, currency: Option<Currency>) -> Result<ProgramStats> {
        Ok(self.program()?.stats_in(affiliate_id.as_deref(), currency)?)
    }

    /// `Program::report_in`: activity per calendar bucket overlapping `[from, to)`, in one currency
    /// (`null`: the program's).
    #[uniffi::method(default(affiliate_id = None, currency = None))]
    pub fn report(
        &self,
        granularity: Granularity,
        from: Timestamp,
        to: Timestamp,
        affiliate_id: Option<String>,
        currency: Option<Currency>,
    ) -> Result<Report> {
        Ok(self.program()?.report_in(granularity, from, to, affiliate_id.as_deref(), currency)?)
    }

    /// `Program::what_if`: what the candidate plan (JSON) would have paid for the sales and payments
    /// tracked in `[from, to)`, each quoted again with the context it had then: in total, per
    /// affiliate, and the `largest` sales that change most, for the sales in one currency (`null`:
    /// the program's). Changes nothing.
    #[uniffi::method(default(largest = 10, currency = None))]
    pub fn what_if(
        &self,
        plan_json: String,
        from: Timestamp,
        to: Timestamp,
        largest: u32,
        currency: Option<Currency>,
    ) -> Result<WhatIf> {
        let plan = arguments::plan_spec(&plan_json)?;
        Ok(self.program()?.program()?.what_if_in(&plan, from, to, largest as usize, currency)?)
    }

    /// `Program::events_since`: events with a sequence number greater than `sequence` (0: all; a
    /// durable program reads them from its file).
    pub fn events_since(&self, sequence: u64) -> Result<Vec<Event>> {
        Ok(self.program()?.events_since(sequence)?)
    }

    /// `Program::drain_events`: the outbox, oldest first; the events are then marked delivered
    /// (in memory, a command: it goes into the command log; in a file, by every process of it).
    pub fn drain_events(&self) -> Result<Vec<Event>> {
        Ok(self.program()?.drain_events()?)
    }

    /// `Program::snapshot`: the whole state as JSON (restore with `Program.restore`; a durable
    /// program's holds no events: its file has them).
    pub fn snapshot(&self) -> Result<String> {
        Ok(self.program()?.snapshot()?)
    }

    /// `Program::config`, as JSON.
    pub fn config_json(&self) -> Result<String> {
        Ok(serde_json::to_string(self.program()?.config()?)?)
    }

    /// `Program::plan`, as JSON.
    pub fn plan_json(&self) -> Result<String> {
        Ok(self.program()?.program()?.plan().to_json())
    }

    /// `Program::plans`: every version of the plan, oldest first (version 1 is the config's).
    pub fn plans(&self) -> Result<Vec<PlanVersion>> {
        Ok(self.program()?.program()?.plans())
    }

    /// `Program::plan`, as a `Plan` (to quote by hand with the program's plan).
    pub fn plan(&self) -> Result<Arc<Plan>> {
        Ok(Arc::new(Plan(self.program()?.program()?.plan().clone())))
    }

    /// `Program::command_log`: every accepted command since creation or restore (of a durable
    /// program: its whole journal), as a JSON array (replay it with `Program.replay`).
    pub fn command_log_json(&self) -> Result<String> {
        Ok(serde_json::to_string(&self.program()?.command_log()?)?)
    }
}
