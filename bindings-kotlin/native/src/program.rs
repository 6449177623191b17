//! The stateful `Program`: its constructors (the config, a snapshot, a command log: documents, as
//! JSON text; or a file kept durably by the store) and every command verb as a typed method answering
//! the core's typed answer. A rejected command changes nothing. Reads are in `program_reads.rs`, what
//! only a durable program has in `program_durable.rs`.

use std::sync::{Arc, Mutex, MutexGuard};

use affiliate_kit::codes::Incentive;
use affiliate_kit::host::arguments;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{
    self as core, Acceptance, AffiliateStatus, AffiliateUpdate, AffiliateView, Click, CommissionView, Invitation,
    InviteOutcome, Payment, Refund, RefundOutcome, Registration, TrackOutcome,
};
use affiliate_kit::program::{CustomerErasure, Payout, PlanVersion, ProgramConfig};
use affiliate_kit_store::ProgramHandle;

use crate::custom::Timestamp;
use crate::error::{AffiliateKitError, Result};
use crate::types::sales::{TrackRequest, TrackResult};

/// The answer of a `track_order` command.
fn tracked(outcome: core::CommandOutcome) -> affiliate_kit::Result<TrackOutcome> {
    match outcome {
        core::CommandOutcome::Tracked(outcome) => Ok(*outcome),
        other => Err(affiliate_kit::Error::InvalidState { reason: format!("unexpected answer {other:?}") }),
    }
}

/// An affiliate program (Kotlin: `Program(configJson)`, `Program.restore(snapshot)`,
/// `Program.replay(configJson, logJson)` in memory; `Program.open(location, configJson)` kept in a file
/// or in PostgreSQL).
/// Safe to share between threads: calls are serialized.
#[derive(Debug, uniffi::Object)]
pub struct Program(Mutex<ProgramHandle>);

impl Program {
    pub(crate) fn memory(program: core::Program) -> Program {
        Program(Mutex::new(ProgramHandle::Memory(program)))
    }

    pub(crate) fn kept(program: ProgramHandle) -> Program {
        Program(Mutex::new(program))
    }

    /// The program, locked; a poisoned lock is `InvalidState`.
    pub(crate) fn program(&self) -> Result<MutexGuard<'_, ProgramHandle>> {
        self.0.lock().map_err(|_| AffiliateKitError::InvalidState("the program is unusable: a call panicked".into()))
    }
}

#[uniffi::export]
impl Program {
    /// `Program::new` from a `ProgramConfig` as JSON.
    #[uniffi::constructor]
    pub fn new(config_json: String) -> Result<Self> {
        Ok(Program::memory(core::Program::new(ProgramConfig::from_json(&config_json)?)?))
    }

    /// `Program::restore` from `snapshot()` output.
    #[uniffi::constructor]
    pub fn restore(snapshot: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Program::memory(core::Program::restore(&snapshot)?)))
    }

    /// `Program::replay` of a command log (`commandLogJson()` output) against a new program.
    #[uniffi::constructor]
    pub fn replay(config_json: String, log_json: String) -> Result<Arc<Self>> {
        let (config, log) = (ProgramConfig::from_json(&config_json)?, arguments::command_log(&log_json)?);
        Ok(Arc::new(Program::memory(core::Program::replay(config, &log)?)))
    }

    /// `Program::register_affiliate`.
    pub fn register_affiliate(&self, registration: Registration, at: Timestamp) -> Result<AffiliateView> {
        Ok(self.program()?.register_affiliate(registration, at)?)
    }

    /// `Program::update_affiliate`: changes name, e-mail or group.
    pub fn update_affiliate(
        &self,
        affiliate_id: String,
        update: AffiliateUpdate,
        at: Timestamp,
    ) -> Result<AffiliateView> {
        Ok(self.program()?.update_affiliate(&affiliate_id, update, at)?)
    }

    /// `Program::set_affiliate_status` (not `DELETED`: see `deleteAffiliate`).
    pub fn set_affiliate_status(
        &self,
        affiliate_id: String,
        status: AffiliateStatus,
        at: Timestamp,
    ) -> Result<AffiliateView> {
        Ok(self.program()?.set_affiliate_status(&affiliate_id, status, at)?)
    }

    /// `Program::delete_affiliate`: erases personal data; the ledger stays.
    pub fn delete_affiliate(&self, affiliate_id: String, at: Timestamp) -> Result<AffiliateView> {
        Ok(self.program()?.delete_affiliate(&affiliate_id, at)?)
    }

    /// `Program::add_code`: a vanity or generated code, with an optional incentive and expiry.
    #[uniffi::method(default(incentive = None, expires_at = None))]
    pub fn add_code(
        &self,
        affiliate_id: String,
        code: String,
        incentive: Option<Incentive>,
        expires_at: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<AffiliateView> {
        Ok(self.program()?.add_code(&affiliate_id, &code, incentive, expires_at, at)?)
    }

    /// `Program::generate_code`: a generated code from `seed` under the program's code policy.
    #[uniffi::method(default(incentive = None, expires_at = None))]
    pub fn generate_code(
        &self,
        affiliate_id: String,
        seed: u64,
        incentive: Option<Incentive>,
        expires_at: Option<Timestamp>,
        at: Timestamp,
    ) -> Result<AffiliateView> {
        Ok(self.program()?.generate_code(&affiliate_id, seed, incentive, expires_at, at)?)
    }

    /// `Program::invite`: invites a batch of e-mails.
    #[uniffi::method(default(invited_by = None))]
    pub fn invite(&self, emails: Vec<String>, invited_by: Option<String>, at: Timestamp) -> Result<InviteOutcome> {
        Ok(self.program()?.invite(emails, invited_by, at)?)
    }

    /// `Program::accept_invitation`: registers the invited affiliate.
    pub fn accept_invitation(
        &self,
        invitation_id: String,
        acceptance: Acceptance,
        at: Timestamp,
    ) -> Result<AffiliateView> {
        Ok(self.program()?.accept_invitation(&invitation_id, acceptance, at)?)
    }

    /// `Program::expire_invitations`: expires pending invitations due at `at`.
    pub fn expire_invitations(&self, at: Timestamp) -> Result<Vec<Invitation>> {
        Ok(self.program()?.expire_invitations(at)?)
    }

    /// `Program::record_click`: a visit through the link carrying `code`.
    pub fn record_click(&self, visitor_id: String, code: String, at: Timestamp) -> Result<Click> {
        Ok(self.program()?.record_click(&visitor_id, &code, at)?)
    }

    /// `Program::track_order`: attributes, quotes and credits an order (idempotent by order id).
    #[uniffi::method(default(visitor_id = None))]
    pub fn track_order(&self, order: Order, visitor_id: Option<String>, at: Timestamp) -> Result<TrackOutcome> {
        Ok(self.program()?.track_order(order, visitor_id, at)?)
    }

    /// `Program::track_order` of each request, in order: a rejected order is its row's error and
    /// changes nothing; the others are tracked (in a file: committed together, in one transaction).
    pub fn track_many(&self, requests: Vec<TrackRequest>, at: Timestamp) -> Result<Vec<TrackResult>> {
        let commands = requests
            .into_iter()
            .map(|r| core::Command::TrackOrder { order: r.order, visitor_id: r.visitor_id, at })
            .collect();
        let answers = self.program()?.execute_many(commands)?;
        Ok(answers.into_iter().map(|a| TrackResult::from(a.and_then(tracked))).collect())
    }

    /// `Program::record_payment`: a follow-up payment of a subscription.
    pub fn record_payment(&self, payment: Payment, at: Timestamp) -> Result<TrackOutcome> {
        Ok(self.program()?.record_payment(payment, at)?)
    }

    /// `Program::refund`: refunds a sale and reverses its commissions in proportion.
    pub fn refund(&self, refund: Refund, at: Timestamp) -> Result<RefundOutcome> {
        Ok(self.program()?.refund(refund, at)?)
    }

    /// `Program::chargeback`: as `refund`, with kind `CHARGEBACK`.
    pub fn chargeback(&self, refund: Refund, at: Timestamp) -> Result<RefundOutcome> {
        Ok(self.program()?.chargeback(refund, at)?)
    }

    /// `Program::approve_due`: approves pending commissions past their holding period.
    pub fn approve_due(&self, at: Timestamp) -> Result<Vec<CommissionView>> {
        Ok(self.program()?.approve_due(at)?)
    }

    /// `Program::reject_commission`: cancels what is left of a commission.
    pub fn reject_commission(&self, commission_id: String, reason: String, at: Timestamp) -> Result<CommissionView> {
        Ok(self.program()?.reject_commission(&commission_id, &reason, at)?)
    }

    /// `Program::hold_affiliate`: holds their pending and new commissions; payouts skip them.
    pub fn hold_affiliate(&self, affiliate_id: String, reason: String, at: Timestamp) -> Result<AffiliateView> {
        Ok(self.program()?.hold_affiliate(&affiliate_id, &reason, at)?)
    }

    /// `Program::release_affiliate`: lifts the hold and releases their held commissions.
    pub fn release_affiliate(&self, affiliate_id: String, at: Timestamp) -> Result<AffiliateView> {
        Ok(self.program()?.release_affiliate(&affiliate_id, at)?)
    }

    /// `Program::reject_held`: rejects every held commission of the affiliate.
    pub fn reject_held(&self, affiliate_id: String, reason: String, at: Timestamp) -> Result<Vec<CommissionView>> {
        Ok(self.program()?.reject_held(&affiliate_id, &reason, at)?)
    }

    /// `Program::hold_commission`: holds a pending or approved commission.
    pub fn hold_commission(&self, commission_id: String, reason: String, at: Timestamp) -> Result<CommissionView> {
        Ok(self.program()?.hold_commission(&commission_id, &reason, at)?)
    }

    /// `Program::release_commission`: a held commission is pending again.
    pub fn release_commission(&self, commission_id: String, at: Timestamp) -> Result<CommissionView> {
        Ok(self.program()?.release_commission(&commission_id, at)?)
    }

    /// `Program::erase_affiliate`: their personal data out of the program and its history.
    pub fn erase_affiliate(&self, affiliate_id: String, at: Timestamp) -> Result<AffiliateView> {
        Ok(self.program()?.erase_affiliate(&affiliate_id, at)?)
    }

    /// `Program::erase_customer`: a customer's personal data (by e-mail or customer id) out of their orders.
    pub fn erase_customer(&self, customer: String, at: Timestamp) -> Result<CustomerErasure> {
        Ok(self.program()?.erase_customer(&customer, at)?)
    }

    /// `Program::create_payouts`: a payout per affiliate and currency reaching the minimum.
    pub fn create_payouts(&self, at: Timestamp) -> Result<Vec<Payout>> {
        Ok(self.program()?.create_payouts(at)?)
    }

    /// `Program::mark_payout_paid`.
    #[uniffi::method(default(reference = None))]
    pub fn mark_payout_paid(&self, payout_id: String, reference: Option<String>, at: Timestamp) -> Result<Payout> {
        Ok(self.program()?.mark_payout_paid(&payout_id, reference, at)?)
    }

    /// `Program::mark_payout_failed`: its entries are payable again.
    pub fn mark_payout_failed(&self, payout_id: String, reason: String, at: Timestamp) -> Result<Payout> {
        Ok(self.program()?.mark_payout_failed(&payout_id, &reason, at)?)
    }

    /// `Program::set_plan`: a new version of the plan (its JSON), quoting orders at or after
    /// `effectiveFrom` (never before `at`: history is not rewritten).
    pub fn set_plan(&self, plan_json: String, effective_from: Timestamp, at: Timestamp) -> Result<PlanVersion> {
        let plan = arguments::plan_spec(&plan_json)?;
        Ok(self.program()?.set_plan(plan, effective_from, at)?)
    }
}
