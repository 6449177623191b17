//! Every command verb and every read of [`affiliate_kit::program::Program`] on a [`DurableProgram`]
//! and a [`ProgramHandle`], written once: a verb is its [`Command`] through `execute` (for a durable
//! program: answered once committed), a read is the program's (for a durable program: the replica's
//! after [`DurableProgram::refresh`]).

use affiliate_kit::codes::Incentive;
use affiliate_kit::money::Currency;
use affiliate_kit::plan::{Order, PlanSpec, Quote, QuoteLine};
use affiliate_kit::program::{
    Acceptance, AffiliateStatus, AffiliateUpdate, AffiliateView, Balance, Click, CodeValidation, Command,
    CommandOutcome, Commission, CommissionView, CustomerErasure, Entry, Invitation, InviteOutcome, Payment, Payout,
    PlanVersion, ProgramConfig, ProgramStats, Refund, RefundOutcome, Registration, Report, Sale, TrackOutcome,
};
use affiliate_kit::time::Granularity;
use affiliate_kit::{Error, Result};
use chrono::{DateTime, Utc};

use crate::{DurableProgram, ProgramHandle};

/// The answer of `$command`, which must be the `$variant` of [`CommandOutcome`].
macro_rules! answer {
    ($self:ident, $variant:ident, $command:expr) => {
        match $self.execute($command)? {
            CommandOutcome::$variant(answer) => Ok(answer),
            other => Err(mismatch(&other)),
        }
    };
}

fn mismatch(outcome: &CommandOutcome) -> Error {
    Error::InvalidState { reason: format!("unexpected answer {outcome:?}") }
}

type At = DateTime<Utc>;

/// Writes every verb and read for `$ty`, which has `execute(&mut self, Command) ->
/// Result<CommandOutcome>` and `program(&mut self) -> Result<&Program>`.
macro_rules! program_verbs {
    ($ty:ty) => {
        /// The command verbs, as on [`affiliate_kit::program::Program`].
        impl $ty {
            /// `Program::register_affiliate`, durably.
            pub fn register_affiliate(&mut self, registration: Registration, at: At) -> Result<AffiliateView> {
                answer!(self, Affiliate, Command::RegisterAffiliate { registration, at })
            }

            /// `Program::update_affiliate`, durably.
            pub fn update_affiliate(
                &mut self,
                affiliate_id: &str,
                update: AffiliateUpdate,
                at: At,
            ) -> Result<AffiliateView> {
                answer!(self, Affiliate, Command::UpdateAffiliate { affiliate_id: affiliate_id.into(), update, at })
            }

            /// `Program::set_affiliate_status`, durably.
            pub fn set_affiliate_status(
                &mut self,
                affiliate_id: &str,
                status: AffiliateStatus,
                at: At,
            ) -> Result<AffiliateView> {
                answer!(self, Affiliate, Command::SetAffiliateStatus { affiliate_id: affiliate_id.into(), status, at })
            }

            /// `Program::delete_affiliate`, durably.
            pub fn delete_affiliate(&mut self, affiliate_id: &str, at: At) -> Result<AffiliateView> {
                answer!(self, Affiliate, Command::DeleteAffiliate { affiliate_id: affiliate_id.into(), at })
            }

            /// `Program::add_code`, durably.
            pub fn add_code(
                &mut self,
                affiliate_id: &str,
                code: &str,
                incentive: Option<Incentive>,
                expires_at: Option<At>,
                at: At,
            ) -> Result<AffiliateView> {
                let (affiliate_id, code) = (affiliate_id.into(), code.into());
                answer!(self, Affiliate, Command::AddCode { affiliate_id, code, incentive, expires_at, at })
            }

            /// `Program::generate_code`, durably.
            pub fn generate_code(
                &mut self,
                affiliate_id: &str,
                seed: u64,
                incentive: Option<Incentive>,
                expires_at: Option<At>,
                at: At,
            ) -> Result<AffiliateView> {
                let affiliate_id = affiliate_id.into();
                answer!(self, Affiliate, Command::GenerateCode { affiliate_id, seed, incentive, expires_at, at })
            }

            /// `Program::invite`, durably.
            pub fn invite(&mut self, emails: Vec<String>, invited_by: Option<String>, at: At) -> Result<InviteOutcome> {
                answer!(self, Invited, Command::Invite { emails, invited_by, at })
            }

            /// `Program::accept_invitation`, durably.
            pub fn accept_invitation(
                &mut self,
                invitation_id: &str,
                acceptance: Acceptance,
                at: At,
            ) -> Result<AffiliateView> {
                answer!(
                    self,
                    Affiliate,
                    Command::AcceptInvitation { invitation_id: invitation_id.into(), acceptance, at }
                )
            }

            /// `Program::expire_invitations`, durably.
            pub fn expire_invitations(&mut self, at: At) -> Result<Vec<Invitation>> {
                answer!(self, Invitations, Command::ExpireInvitations { at })
            }

            /// `Program::record_click`, durably.
            pub fn record_click(&mut self, visitor_id: &str, code: &str, at: At) -> Result<Click> {
                answer!(self, Click, Command::RecordClick { visitor_id: visitor_id.into(), code: code.into(), at })
            }

            /// `Program::track_order`, durably.
            pub fn track_order(&mut self, order: Order, visitor_id: Option<String>, at: At) -> Result<TrackOutcome> {
                answer!(self, Tracked, Command::TrackOrder { order, visitor_id, at }).map(|outcome| *outcome)
            }

            /// `Program::record_payment`, durably.
            pub fn record_payment(&mut self, payment: Payment, at: At) -> Result<TrackOutcome> {
                answer!(self, Tracked, Command::RecordPayment { payment, at }).map(|outcome| *outcome)
            }

            /// `Program::refund`, durably.
            pub fn refund(&mut self, refund: Refund, at: At) -> Result<RefundOutcome> {
                answer!(self, Refunded, Command::Refund { refund, at })
            }

            /// `Program::chargeback`, durably.
            pub fn chargeback(&mut self, refund: Refund, at: At) -> Result<RefundOutcome> {
                answer!(self, Refunded, Command::Chargeback { refund, at })
            }

            /// `Program::approve_due`, durably.
            pub fn approve_due(&mut self, at: At) -> Result<Vec<CommissionView>> {
                answer!(self, Commissions, Command::ApproveDue { at })
            }

            /// `Program::reject_commission`, durably.
            pub fn reject_commission(&mut self, commission_id: &str, reason: &str, at: At) -> Result<CommissionView> {
                let (commission_id, reason) = (commission_id.into(), reason.into());
                answer!(self, Commission, Command::RejectCommission { commission_id, reason, at })
            }

            /// `Program::hold_affiliate`, durably.
            pub fn hold_affiliate(&mut self, affiliate_id: &str, reason: &str, at: At) -> Result<AffiliateView> {
                let (affiliate_id, reason) = (affiliate_id.into(), reason.into());
                answer!(self, Affiliate, Command::HoldAffiliate { affiliate_id, reason, at })
            }

            /// `Program::release_affiliate`, durably.
            pub fn release_affiliate(&mut self, affiliate_id: &str, at: At) -> Result<AffiliateView> {
                answer!(self, Affiliate, Command::ReleaseAffiliate { affiliate_id: affiliate_id.into(), at })
            }

            /// `Program::reject_held`, durably.
            pub fn reject_held(&mut self, affiliate_id: &str, reason: &str, at: At) -> Result<Vec<CommissionView>> {
                let (affiliate_id, reason) = (affiliate_id.into(), reason.into());
                answer!(self, Commissions, Command::RejectHeld { affiliate_id, reason, at })
            }

            /// `Program::hold_commission`, durably.
            pub fn hold_commission(&mut self, commission_id: &str, reason: &str, at: At) -> Result<CommissionView> {
                let (commission_id, reason) = (commission_id.into(), reason.into());
                answer!(self, Commission, Command::HoldCommission { commission_id, reason, at })
            }

            /// `Program::erase_affiliate`, durably: the journal before it is redacted too.
            pub fn erase_affiliate(&mut self, affiliate_id: &str, at: At) -> Result<AffiliateView> {
                answer!(self, Affiliate, Command::EraseAffiliate { affiliate_id: affiliate_id.into(), at })
            }

            /// `Program::erase_customer`, durably: the journal before it is redacted too.
            pub fn erase_customer(&mut self, customer: &str, at: At) -> Result<CustomerErasure> {
                answer!(self, CustomerErased, Command::EraseCustomer { customer: customer.into(), at })
            }

            /// `Program::release_commission`, durably.
            pub fn release_commission(&mut self, commission_id: &str, at: At) -> Result<CommissionView> {
                answer!(self, Commission, Command::ReleaseCommission { commission_id: commission_id.into(), at })
            }

            /// `Program::create_payouts`, durably.
            pub fn create_payouts(&mut self, at: At) -> Result<Vec<Payout>> {
                answer!(self, Payouts, Command::CreatePayouts { at })
            }

            /// `Program::mark_payout_paid`, durably.
            pub fn mark_payout_paid(&mut self, payout_id: &str, reference: Option<String>, at: At) -> Result<Payout> {
                answer!(self, Payout, Command::MarkPayoutPaid { payout_id: payout_id.into(), reference, at })
            }

            /// `Program::mark_payout_failed`, durably.
            pub fn mark_payout_failed(&mut self, payout_id: &str, reason: &str, at: At) -> Result<Payout> {
                let (payout_id, reason) = (payout_id.into(), reason.into());
                answer!(self, Payout, Command::MarkPayoutFailed { payout_id, reason, at })
            }

            /// `Program::set_plan`, durably.
            pub fn set_plan(&mut self, plan: PlanSpec, effective_from: At, at: At) -> Result<PlanVersion> {
                match self.execute(Command::SetPlan { plan, effective_from, at })? {
                    CommandOutcome::PlanVersion(version) => Ok(*version),
                    other => Err(mismatch(&other)),
                }
            }
        }

        /// The reads, as on [`affiliate_kit::program::Program`] (of a durable program: with what other
        /// processes committed applied).
        impl $ty {
            /// `Program::config`.
            pub fn config(&mut self) -> Result<&ProgramConfig> {
                Ok(self.program()?.config())
            }

            /// `Program::plans`.
            pub fn plans(&mut self) -> Result<Vec<PlanVersion>> {
                Ok(self.program()?.plans())
            }

            /// `Program::affiliate`.
            pub fn affiliate(&mut self, id: &str) -> Result<AffiliateView> {
                self.program()?.affiliate(id)
            }

            /// `Program::affiliate_by_code`.
            pub fn affiliate_by_code(&mut self, code: &str) -> Result<AffiliateView> {
                self.program()?.affiliate_by_code(code)
            }

            /// `Program::affiliates`.
            pub fn affiliates(&mut self) -> Result<Vec<AffiliateView>> {
                Ok(self.program()?.affiliates())
            }

            /// `Program::balance`.
            pub fn balance(&mut self, affiliate_id: &str, currency: Currency) -> Result<Balance> {
                self.program()?.balance(affiliate_id, currency)
            }

            /// `Program::commission`.
            pub fn commission(&mut self, id: &str) -> Result<Commission> {
                self.program()?.commission(id)
            }

            /// `Program::commissions`.
            pub fn commissions(&mut self) -> Result<Vec<Commission>> {
                Ok(self.program()?.commissions())
            }

            /// `Program::entries`.
            pub fn entries(&mut self) -> Result<Vec<Entry>> {
                Ok(self.program()?.entries())
            }

            /// `Program::sale`.
            pub fn sale(&mut self, id: &str) -> Result<Sale> {
                self.program()?.sale(id)
            }

            /// `Program::explain`.
            pub fn explain(&mut self, sale_id: &str) -> Result<Option<Quote>> {
                self.program()?.explain(sale_id)
            }

            /// `Program::explain_commission`.
            pub fn explain_commission(&mut self, commission_id: &str) -> Result<QuoteLine> {
                self.program()?.explain_commission(commission_id)
            }

            /// `Program::payout`.
            pub fn payout(&mut self, id: &str) -> Result<&Payout> {
                self.program()?.payout(id)
            }

            /// `Program::payouts`.
            pub fn payouts(&mut self) -> Result<&[Payout]> {
                Ok(self.program()?.payouts())
            }

            /// `Program::invitations`.
            pub fn invitations(&mut self) -> Result<&[Invitation]> {
                Ok(self.program()?.invitations())
            }

            /// `Program::validate_code`.
            pub fn validate_code(&mut self, input: &str, at: At) -> Result<CodeValidation> {
                Ok(self.program()?.validate_code(input, at))
            }

            /// `Program::quote`: what tracking the order would credit, changing nothing.
            pub fn quote(&mut self, order: &Order, visitor_id: Option<&str>, at: At) -> Result<TrackOutcome> {
                self.program()?.quote(order, visitor_id, at)
            }

            /// `Program::stats`.
            pub fn stats(&mut self, affiliate_id: Option<&str>) -> Result<ProgramStats> {
                self.program()?.stats(affiliate_id)
            }

            /// `Program::report`.
            pub fn report(
                &mut self,
                granularity: Granularity,
                from: At,
                to: At,
                affiliate_id: Option<&str>,
            ) -> Result<Report> {
                self.program()?.report(granularity, from, to, affiliate_id)
            }

            /// `Program::stats_in`: in a currency (`None`: the program's).
            pub fn stats_in(&mut self, affiliate_id: Option<&str>, currency: Option<Currency>) -> Result<ProgramStats> {
                self.program()?.stats_in(affiliate_id, currency)
            }

            /// `Program::report_in`: in a currency (`None`: the program's).
            pub fn report_in(
                &mut self,
                granularity: Granularity,
                from: At,
                to: At,
                affiliate_id: Option<&str>,
                currency: Option<Currency>,
            ) -> Result<Report> {
                self.program()?.report_in(granularity, from, to, affiliate_id, currency)
            }

            /// `Program::snapshot` (of a durable program: the replica's, whose events are in the file).
            pub fn snapshot(&mut self) -> Result<String> {
                Ok(self.program()?.snapshot())
            }
        }
    };
}

program_verbs!(DurableProgram);
program_verbs!(ProgramHandle);
#[cfg(feature = "postgres")]
program_verbs!(crate::PostgresProgram);
