//! The verbs that change a program, as methods and as [`Command`] data (the command log, replay,
//! and the shared scenario files all use the same JSON shape: `{"verb": "track_order", "at": ..., ...}`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::codes::Incentive;
use crate::error::Result;
use crate::plan::{Order, PlanSpec};
use crate::program::affiliates::attribution::Click;
use crate::program::affiliates::invitations::{Acceptance, Invitation, InviteOutcome};
use crate::program::affiliates::{AffiliateStatus, AffiliateUpdate, AffiliateView, Registration};
use crate::program::erasure::CustomerErasure;
use crate::program::events::Event;
use crate::program::ledger::payouts::Payout;
use crate::program::ledger::CommissionView;
use crate::program::plans::PlanVersion;
use crate::program::sales::{Payment, Refund, RefundOutcome, TrackOutcome, UpdateKind};
use crate::program::Program;

/// A state-changing command with its arguments. Serializes as `{"verb": "<name>", ...arguments}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "verb", rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)] // the fields are the arguments of the method of the same name
pub enum Command {
    /// [`Program::register_affiliate`].
    RegisterAffiliate { registration: Registration, at: DateTime<Utc> },
    /// [`Program::update_affiliate`].
    UpdateAffiliate { affiliate_id: String, update: AffiliateUpdate, at: DateTime<Utc> },
    /// [`Program::set_affiliate_status`].
    SetAffiliateStatus { affiliate_id: String, status: AffiliateStatus, at: DateTime<Utc> },
    /// [`Program::delete_affiliate`].
    DeleteAffiliate { affiliate_id: String, at: DateTime<Utc> },
    /// [`Program::add_code`].
    AddCode {
        affiliate_id: String,
        code: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        incentive: Option<Incentive>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    },
    /// [`Program::generate_code`].
    GenerateCode {
        affiliate_id: String,
        seed: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        incentive: Option<Incentive>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    },
    /// [`Program::invite`].
    Invite {
        emails: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        invited_by: Option<String>,
        at: DateTime<Utc>,
    },
    /// [`Program::accept_invitation`].
    AcceptInvitation { invitation_id: String, acceptance: Acceptance, at: DateTime<Utc> },
    /// [`Program::expire_invitations`].
    ExpireInvitations { at: DateTime<Utc> },
    /// [`Program::record_click`].
    RecordClick { visitor_id: String, code: String, at: DateTime<Utc> },
    /// [`Program::track_order`].
    TrackOrder {
        order: Order,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        visitor_id: Option<String>,
        at: DateTime<Utc>,
    },
    /// [`Program::record_payment`].
    RecordPayment { payment: Payment, at: DateTime<Utc> },
    /// [`Program::refund`].
    Refund { refund: Refund, at: DateTime<Utc> },
    /// [`Program::chargeback`].
    Chargeback { refund: Refund, at: DateTime<Utc> },
    /// [`Program::approve_due`].
    ApproveDue { at: DateTime<Utc> },
    /// [`Program::reject_commission`].
    RejectCommission { commission_id: String, reason: String, at: DateTime<Utc> },
    /// [`Program::hold_affiliate`].
    HoldAffiliate { affiliate_id: String, reason: String, at: DateTime<Utc> },
    /// [`Program::release_affiliate`].
    ReleaseAffiliate { affiliate_id: String, at: DateTime<Utc> },
    /// [`Program::reject_held`].
    RejectHeld { affiliate_id: String, reason: String, at: DateTime<Utc> },
    /// [`Program::hold_commission`].
    HoldCommission { commission_id: String, reason: String, at: DateTime<Utc> },
    /// [`Program::release_commission`].
    ReleaseCommission { commission_id: String, at: DateTime<Utc> },
    /// [`Program::erase_affiliate`].
    EraseAffiliate { affiliate_id: String, at: DateTime<Utc> },
    /// [`Program::erase_customer`].
    EraseCustomer { customer: String, at: DateTime<Utc> },
    /// [`Program::create_payouts`].
    CreatePayouts { at: DateTime<Utc> },
    /// [`Program::mark_payout_paid`].
    MarkPayoutPaid {
        payout_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        at: DateTime<Utc>,
    },
    /// [`Program::mark_payout_failed`].
    MarkPayoutFailed { payout_id: String, reason: String, at: DateTime<Utc> },
    /// [`Program::set_plan`].
    SetPlan { plan: PlanSpec, effective_from: DateTime<Utc>, at: DateTime<Utc> },
    /// [`Program::drain_events`].
    DrainEvents {},
}

impl Command {
    /// Every command's verb, in the order of the variants: what the bindings' test runners and
    /// wrappers read (through `schema/affiliate-kit.json`) to tell commands from reads. A test
    /// (`core/tests/descriptions.rs`) checks it against the variants serde knows.
    pub const VERBS: &'static [&'static str] = &[
        "register_affiliate",
        "update_affiliate",
        "set_affiliate_status",
        "delete_affiliate",
        "add_code",
        "generate_code",
        "invite",
        "accept_invitation",
        "expire_invitations",
        "record_click",
        "track_order",
        "record_payment",
        "refund",
        "chargeback",
        "approve_due",
        "reject_commission",
        "hold_affiliate",
        "release_affiliate",
        "reject_held",
        "hold_commission",
        "release_commission",
        "erase_affiliate",
        "erase_customer",
        "create_payouts",
        "mark_payout_paid",
        "mark_payout_failed",
        "set_plan",
        "drain_events",
    ];

    /// The verb, e.g. `"track_order"`.
    pub fn verb(&self) -> &'static str {
        match self {
            Command::RegisterAffiliate { .. } => "register_affiliate",
            Command::UpdateAffiliate { .. } => "update_affiliate",
            Command::SetAffiliateStatus { .. } => "set_affiliate_status",
            Command::DeleteAffiliate { .. } => "delete_affiliate",
            Command::AddCode { .. } => "add_code",
            Command::GenerateCode { .. } => "generate_code",
            Command::Invite { .. } => "invite",
            Command::AcceptInvitation { .. } => "accept_invitation",
            Command::ExpireInvitations { .. } => "expire_invitations",
            Command::RecordClick { .. } => "record_click",
            Command::TrackOrder { .. } => "track_order",
            Command::RecordPayment { .. } => "record_payment",
            Command::Refund { .. } => "refund",
            Command::Chargeback { .. } => "chargeback",
            Command::ApproveDue { .. } => "approve_due",
            Command::RejectCommission { .. } => "reject_commission",
            Command::HoldAffiliate { .. } => "hold_affiliate",
            Command::ReleaseAffiliate { .. } => "release_affiliate",
            Command::RejectHeld { .. } => "reject_held",
            Command::HoldCommission { .. } => "hold_commission",
            Command::ReleaseCommission { .. } => "release_commission",
            Command::EraseAffiliate { .. } => "erase_affiliate",
            Command::EraseCustomer { .. } => "erase_customer",
            Command::CreatePayouts { .. } => "create_payouts",
            Command::MarkPayoutPaid { .. } => "mark_payout_paid",
            Command::MarkPayoutFailed { .. } => "mark_payout_failed",
            Command::SetPlan { .. } => "set_plan",
            Command::DrainEvents {} => "drain_events",
        }
    }
}

impl Command {
    /// The command as JSON, as command logs and durable journals keep it.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The command's `at` (`None` for `drain_events`, which takes none).
    pub fn at(&self) -> Option<DateTime<Utc>> {
        match self {
            Command::RegisterAffiliate { at, .. }
            | Command::UpdateAffiliate { at, .. }
            | Command::SetAffiliateStatus { at, .. }
            | Command::DeleteAffiliate { at, .. }
            | Command::AddCode { at, .. }
            | Command::GenerateCode { at, .. }
            | Command::Invite { at, .. }
            | Command::AcceptInvitation { at, .. }
            | Command::ExpireInvitations { at }
            | Command::RecordClick { at, .. }
            | Command::TrackOrder { at, .. }
            | Command::RecordPayment { at, .. }
            | Command::Refund { at, .. }
            | Command::Chargeback { at, .. }
            | Command::ApproveDue { at }
            | Command::RejectCommission { at, .. }
            | Command::HoldAffiliate { at, .. }
            | Command::ReleaseAffiliate { at, .. }
            | Command::RejectHeld { at, .. }
            | Command::HoldCommission { at, .. }
            | Command::ReleaseCommission { at, .. }
            | Command::EraseAffiliate { at, .. }
            | Command::EraseCustomer { at, .. }
            | Command::CreatePayouts { at }
            | Command::MarkPayoutPaid { at, .. }
            | Command::MarkPayoutFailed { at, .. }
            | Command::SetPlan { at, .. } => Some(*at),
            Command::DrainEvents {} => None,
        }
    }
}

/// What a command answered; serializes as the answer itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
#[allow(missing_docs)] // each variant holds the answer of the verbs named
pub enum CommandOutcome {
    /// register, update, status, delete, add_code, generate_code, accept_invitation, hold_affiliate,
    /// release_affiliate, erase_affiliate.
    Affiliate(AffiliateView),
    /// invite.
    Invited(InviteOutcome),
    /// expire_invitations.
    Invitations(Vec<Invitation>),
    /// record_click.
    Click(Click),
    /// track_order, record_payment.
    Tracked(Box<TrackOutcome>),
    /// refund, chargeback.
    Refunded(RefundOutcome),
    /// approve_due, reject_held.
    Commissions(Vec<CommissionView>),
    /// reject_commission, hold_commission, release_commission.
    Commission(CommissionView),
    /// create_payouts.
    Payouts(Vec<Payout>),
    /// mark_payout_paid, mark_payout_failed.
    Payout(Payout),
    /// set_plan.
    PlanVersion(Box<PlanVersion>),
    /// erase_customer.
    CustomerErased(CustomerErasure),
    /// drain_events.
    Events(Vec<Event>),
}

impl CommandOutcome {
    /// Reads back the answer of a command of `verb` from its JSON (as a durable store keeps the
    /// answers of commands sent with a request id). Errors: [`crate::Error::InvalidSnapshot`].
    pub fn from_json(verb: &str, json: &str) -> Result<CommandOutcome> {
        use CommandOutcome as O;
        fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T> {
            serde_json::from_str(json).map_err(|e| crate::Error::snapshot(format!("stored answer: {e}")))
        }
        Ok(match verb {
            "register_affiliate"
            | "update_affiliate"
            | "set_affiliate_status"
            | "delete_affiliate"
            | "add_code"
            | "generate_code"
            | "accept_invitation"
            | "hold_affiliate"
            | "release_affiliate"
            | "erase_affiliate" => O::Affiliate(read(json)?),
            "erase_customer" => O::CustomerErased(read(json)?),
            "invite" => O::Invited(read(json)?),
            "expire_invitations" => O::Invitations(read(json)?),
            "record_click" => O::Click(read(json)?),
            "track_order" | "record_payment" => O::Tracked(Box::new(read(json)?)),
            "refund" | "chargeback" => O::Refunded(read(json)?),
            "approve_due" | "reject_held" => O::Commissions(read(json)?),
            "reject_commission" | "hold_commission" | "release_commission" => O::Commission(read(json)?),
            "create_payouts" => O::Payouts(read(json)?),
            "mark_payout_paid" | "mark_payout_failed" => O::Payout(read(json)?),
            "set_plan" => O::PlanVersion(Box::new(read(json)?)),
            "drain_events" => O::Events(read(json)?),
            other => return Err(crate::Error::snapshot(format!("stored answer of unknown verb {other:?}"))),
        })
    }
}

impl Program {
    /// Runs the commands in order, each answered on its own: a rejected command is its row's error and
    /// changes nothing, the ones after it run all the same (the batch calls of the bindings, e.g.
    /// `track_many`; a durable program commits such a batch in one transaction).
    pub fn execute_many(&mut self, commands: Vec<Command>) -> Vec<Result<CommandOutcome>> {
        commands.into_iter().map(|command| self.execute(command)).collect()
    }

    /// Runs one command (as the methods of the same name do) and logs it when accepted.
    pub fn execute(&mut self, command: Command) -> Result<CommandOutcome> {
        use CommandOutcome as O;
        Ok(match command {
            Command::RegisterAffiliate { registration, at } => O::Affiliate(self.register_affiliate(registration, at)?),
            Command::UpdateAffiliate { affiliate_id, update, at } => {
                O::Affiliate(self.update_affiliate(&affiliate_id, update, at)?)
            }
            Command::SetAffiliateStatus { affiliate_id, status, at } => {
                O::Affiliate(self.set_affiliate_status(&affiliate_id, status, at)?)
            }
            Command::DeleteAffiliate { affiliate_id, at } => O::Affiliate(self.delete_affiliate(&affiliate_id, at)?),
            Command::AddCode { affiliate_id, code, incentive, expires_at, at } => {
                O::Affiliate(self.add_code(&affiliate_id, &code, incentive, expires_at, at)?)
            }
            Command::GenerateCode { affiliate_id, seed, incentive, expires_at, at } => {
                O::Affiliate(self.generate_code(&affiliate_id, seed, incentive, expires_at, at)?)
            }
            Command::Invite { emails, invited_by, at } => O::Invited(self.invite(emails, invited_by, at)?),
            Command::AcceptInvitation { invitation_id, acceptance, at } => {
                O::Affiliate(self.accept_invitation(&invitation_id, acceptance, at)?)
            }
            Command::ExpireInvitations { at } => O::Invitations(self.expire_invitations(at)),
            Command::RecordClick { visitor_id, code, at } => O::Click(self.record_click(&visitor_id, &code, at)?),
            Command::TrackOrder { order, visitor_id, at } => {
                O::Tracked(Box::new(self.track_order(order, visitor_id, at)?))
            }
            Command::RecordPayment { payment, at } => O::Tracked(Box::new(self.record_payment(payment, at)?)),
            Command::Refund { refund, at } => O::Refunded(self.refund(refund, at)?),
            Command::Chargeback { refund, at } => O::Refunded(self.chargeback(refund, at)?),
            Command::ApproveDue { at } => O::Commissions(self.approve_due(at)?),
            Command::RejectCommission { commission_id, reason, at } => {
                O::Commission(self.reject_commission(&commission_id, &reason, at)?)
            }
            Command::HoldAffiliate { affiliate_id, reason, at } => {
                O::Affiliate(self.hold_affiliate(&affiliate_id, &reason, at)?)
            }
            Command::ReleaseAffiliate { affiliate_id, at } => O::Affiliate(self.release_affiliate(&affiliate_id, at)?),
            Command::RejectHeld { affiliate_id, reason, at } => {
                O::Commissions(self.reject_held(&affiliate_id, &reason, at)?)
            }
            Command::HoldCommission { commission_id, reason, at } => {
                O::Commission(self.hold_commission(&commission_id, &reason, at)?)
            }
            Command::ReleaseCommission { commission_id, at } => {
                O::Commission(self.release_commission(&commission_id, at)?)
            }
            Command::EraseAffiliate { affiliate_id, at } => O::Affiliate(self.erase_affiliate(&affiliate_id, at)?),
            Command::EraseCustomer { customer, at } => O::CustomerErased(self.erase_customer(&customer, at)?),
            Command::CreatePayouts { at } => O::Payouts(self.create_payouts(at)?),
            Command::MarkPayoutPaid { payout_id, reference, at } => {
                O::Payout(self.mark_payout_paid(&payout_id, reference, at)?)
            }
            Command::MarkPayoutFailed { payout_id, reason, at } => {
                O::Payout(self.mark_payout_failed(&payout_id, &reason, at)?)
            }
            Command::SetPlan { plan, effective_from, at } => {
                O::PlanVersion(Box::new(self.set_plan(plan, effective_from, at)?))
            }
            Command::DrainEvents {} => O::Events(self.drain_events()),
        })
    }

    /// Registers an affiliate: unique e-mail (case-insensitive), optional vanity code, group, parent.
    /// Active at once when the config auto-approves, else pending. Emits `affiliate.registered`.
    pub fn register_affiliate(&mut self, registration: Registration, at: DateTime<Utc>) -> Result<AffiliateView> {
        let out = self.exec_register(&registration, at)?;
        self.log_command(Command::RegisterAffiliate { registration, at });
        Ok(out)
    }

    /// Changes name, e-mail or group. Emits `affiliate.updated`.
    pub fn update_affiliate(
        &mut self,
        affiliate_id: &str,
        update: AffiliateUpdate,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let out = self.exec_update(affiliate_id, &update, at)?;
        self.log_command(Command::UpdateAffiliate { affiliate_id: affiliate_id.to_string(), update, at });
        Ok(out)
    }

    /// Sets the status (not `deleted`: see [`Program::delete_affiliate`]). Emits
    /// `affiliate.status_changed`, and `affiliate.approved` when a pending affiliate becomes active.
    pub fn set_affiliate_status(
        &mut self,
        affiliate_id: &str,
        status: AffiliateStatus,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let out = self.exec_set_status(affiliate_id, status, at)?;
        self.log_command(Command::SetAffiliateStatus { affiliate_id: affiliate_id.to_string(), status, at });
        Ok(out)
    }

    /// Erases the affiliate's name and e-mail and marks them deleted; the ledger stays under the id,
    /// their codes stay reserved. Emits `affiliate.deleted`.
    pub fn delete_affiliate(&mut self, affiliate_id: &str, at: DateTime<Utc>) -> Result<AffiliateView> {
        let out = self.exec_delete(affiliate_id, at)?;
        self.log_command(Command::DeleteAffiliate { affiliate_id: affiliate_id.to_string(), at });
        Ok(out)
    }

    /// Gives the affiliate a code (a vanity code, or a generated one with a valid check symbol), with an
    /// optional customer incentive and expiry. Codes are unique across the program. Emits `affiliate.updated`.
    pub fn add_code(
        &mut self,
        affiliate_id: &str,
        code: &str,
        incentive: Option<Incentive>,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let out = self.exec_add_code(affiliate_id, code, incentive.as_ref(), expires_at, at)?;
        let (affiliate_id, code) = (affiliate_id.to_string(), code.to_string());
        self.log_command(Command::AddCode { affiliate_id, code, incentive, expires_at, at });
        Ok(out)
    }

    /// Generates a code from `seed` under the program's code policy (the next seeds on a collision).
    /// Emits `affiliate.updated`.
    pub fn generate_code(
        &mut self,
        affiliate_id: &str,
        seed: u64,
        incentive: Option<Incentive>,
        expires_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let out = self.exec_generate_code(affiliate_id, seed, incentive.as_ref(), expires_at, at)?;
        let affiliate_id = affiliate_id.to_string();
        self.log_command(Command::GenerateCode { affiliate_id, seed, incentive, expires_at, at });
        Ok(out)
    }

    /// Invites up to the batch limit of e-mails (more is [`crate::Error::LimitExceeded`]); answers what
    /// was created, skipped and malformed. Emits `invitation.created` per invitation.
    pub fn invite(
        &mut self,
        emails: Vec<String>,
        invited_by: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<InviteOutcome> {
        let out = self.exec_invite(&emails, invited_by.as_deref(), at)?;
        self.log_command(Command::Invite { emails, invited_by, at });
        Ok(out)
    }

    /// Accepts a pending, unexpired invitation: registers the affiliate (active, source
    /// `invitation`, parent = the inviter). Emits `affiliate.joined`.
    pub fn accept_invitation(
        &mut self,
        invitation_id: &str,
        acceptance: Acceptance,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        let out = self.exec_accept_invitation(invitation_id, &acceptance, at)?;
        self.log_command(Command::AcceptInvitation { invitation_id: invitation_id.to_string(), acceptance, at });
        Ok(out)
    }

    /// Expires pending invitations whose `expires_at` is at or before `at`. Emits `invitation.expired`.
    pub fn expire_invitations(&mut self, at: DateTime<Utc>) -> Vec<Invitation> {
        let out = self.exec_expire_invitations(at);
        self.log_command(Command::ExpireInvitations { at });
        out
    }

    /// Records a visit by `visitor_id` through the link carrying `code`, for attribution.
    pub fn record_click(&mut self, visitor_id: &str, code: &str, at: DateTime<Utc>) -> Result<Click> {
        let out = self.exec_record_click(visitor_id, code, at)?;
        self.log_command(Command::RecordClick { visitor_id: visitor_id.to_string(), code: code.to_string(), at });
        Ok(out)
    }

    /// Tracks an order: attributes it (code > click in window > lifetime link), quotes it with the
    /// ledger's context, writes one pending commission per beneficiary level. Idempotent by order id:
    /// the same payload answers the first outcome; a different one is [`crate::Error::Conflict`].
    /// Emits `order.tracked` and `commission.created`.
    pub fn track_order(&mut self, order: Order, visitor_id: Option<String>, at: DateTime<Utc>) -> Result<TrackOutcome> {
        let out = self.exec_track_order(&order, visitor_id.as_deref(), at)?;
        self.log_command(Command::TrackOrder { order, visitor_id, at });
        Ok(out)
    }

    /// Records a follow-up payment of a subscription: the first order's lines again, as payment n.
    /// Idempotent by payment id. Emits `order.updated` (kind `payment`) and `commission.created`.
    pub fn record_payment(&mut self, payment: Payment, at: DateTime<Utc>) -> Result<TrackOutcome> {
        let out = self.exec_record_payment(&payment, at)?;
        self.log_command(Command::RecordPayment { payment, at });
        Ok(out)
    }

    /// Refunds a sale (everything left, an amount, or whole lines) and reverses every level's
    /// commission in proportion. Idempotent by refund id. Emits `order.updated` (kind `refund`) and
    /// `commission.reversed` or `commission.clawed_back`.
    pub fn refund(&mut self, refund: Refund, at: DateTime<Utc>) -> Result<RefundOutcome> {
        let out = self.exec_refund(UpdateKind::Refund, &refund, at)?;
        self.log_command(Command::Refund { refund, at });
        Ok(out)
    }

    /// A chargeback: as [`Program::refund`], with kind `chargeback`.
    pub fn chargeback(&mut self, refund: Refund, at: DateTime<Utc>) -> Result<RefundOutcome> {
        let out = self.exec_refund(UpdateKind::Chargeback, &refund, at)?;
        self.log_command(Command::Chargeback { refund, at });
        Ok(out)
    }

    /// Approves pending commissions created at or before `at` minus the holding days. Emits
    /// `commission.approved`, and `payout.threshold_reached` on a crossing.
    pub fn approve_due(&mut self, at: DateTime<Utc>) -> Result<Vec<CommissionView>> {
        let out = self.exec_approve_due(at)?;
        self.log_command(Command::ApproveDue { at });
        Ok(out)
    }

    /// Rejects a pending, held or approved (not in a payout) commission with a reason, cancelling what is
    /// left of it with a `rejection` entry. Emits `commission.rejected`.
    pub fn reject_commission(
        &mut self,
        commission_id: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<CommissionView> {
        let out = self.exec_reject(commission_id, reason, at)?;
        let (commission_id, reason) = (commission_id.to_string(), reason.to_string());
        self.log_command(Command::RejectCommission { commission_id, reason, at });
        Ok(out)
    }

    /// Puts an affiliate on hold with a reason: their pending commissions are held, every new one is
    /// written held, and payouts skip them until [`Program::release_affiliate`]. Emits
    /// `affiliate.held`, then `commission.held` per commission held.
    pub fn hold_affiliate(&mut self, affiliate_id: &str, reason: &str, at: DateTime<Utc>) -> Result<AffiliateView> {
        let out = self.exec_hold_affiliate(affiliate_id, reason, at)?;
        let (affiliate_id, reason) = (affiliate_id.to_string(), reason.to_string());
        self.log_command(Command::HoldAffiliate { affiliate_id, reason, at });
        Ok(out)
    }

    /// Lifts an affiliate's hold and releases every held commission of theirs (whatever held it):
    /// pending again until their holding period ends. Emits `affiliate.released`, then
    /// `commission.released` per commission.
    pub fn release_affiliate(&mut self, affiliate_id: &str, at: DateTime<Utc>) -> Result<AffiliateView> {
        let out = self.exec_release_affiliate(affiliate_id, at)?;
        self.log_command(Command::ReleaseAffiliate { affiliate_id: affiliate_id.to_string(), at });
        Ok(out)
    }

    /// Rejects every held commission of an affiliate with a reason (a `rejection` entry each); a hold
    /// on the affiliate stays. Emits `commission.rejected` per commission.
    pub fn reject_held(&mut self, affiliate_id: &str, reason: &str, at: DateTime<Utc>) -> Result<Vec<CommissionView>> {
        let out = self.exec_reject_held(affiliate_id, reason, at)?;
        let (affiliate_id, reason) = (affiliate_id.to_string(), reason.to_string());
        self.log_command(Command::RejectHeld { affiliate_id, reason, at });
        Ok(out)
    }

    /// Holds a pending or approved (not in a payout) commission with a reason. Emits `commission.held`.
    pub fn hold_commission(&mut self, commission_id: &str, reason: &str, at: DateTime<Utc>) -> Result<CommissionView> {
        let out = self.exec_hold_commission(commission_id, reason, at)?;
        let (commission_id, reason) = (commission_id.to_string(), reason.to_string());
        self.log_command(Command::HoldCommission { commission_id, reason, at });
        Ok(out)
    }

    /// Releases a held commission: pending again, approved by the next [`Program::approve_due`] once
    /// its holding period is over. Emits `commission.released`.
    pub fn release_commission(&mut self, commission_id: &str, at: DateTime<Utc>) -> Result<CommissionView> {
        let out = self.exec_release_commission(commission_id, at)?;
        self.log_command(Command::ReleaseCommission { commission_id: commission_id.to_string(), at });
        Ok(out)
    }

    /// Erases an affiliate's personal data (name, e-mail, the e-mails of their invitations, their own
    /// purchases' customer data) from the state, the events held and every name or e-mail equal to
    /// theirs in them, and marks them deleted; ids, money and the ledger stay exact. The command log
    /// held the data as given: it is dropped, and holds only the commands after the erasure (replay
    /// them onto a snapshot taken after it: [`Program::resume`]); the erasure itself is not logged. A
    /// durable store redacts its journal the same way. Emits `affiliate.erased`.
    pub fn erase_affiliate(&mut self, affiliate_id: &str, at: DateTime<Utc>) -> Result<AffiliateView> {
        let erasure = self.affiliate_erasure(affiliate_id, &crate::program::Erasure::default())?;
        self.exec_erase_affiliate(affiliate_id, &erasure, at)
    }

    /// Erases a customer's personal data, found by e-mail (text with `@`) or by the host's customer
    /// id: on their orders the id becomes `erased:<their first order id>` and the e-mail and visitor id go, their clicks
    /// go; the command log is dropped as by [`Program::erase_affiliate`]. An unknown customer is
    /// [`crate::Error::NotFound`]. Emits `customer.erased` with the orders' ids.
    pub fn erase_customer(&mut self, customer: &str, at: DateTime<Utc>) -> Result<CustomerErasure> {
        let (erasure, positions) = self.customer_erasure(customer, &crate::program::Erasure::default())?;
        self.exec_erase_customer(&erasure, &positions, at)
    }

    /// Creates a payout for every affiliate and currency whose payable balance reaches the minimum
    /// (suspended affiliates and affiliates on hold excepted), settling their approved entries and clawbacks. Emits `payout.created`.
    pub fn create_payouts(&mut self, at: DateTime<Utc>) -> Result<Vec<Payout>> {
        let out = self.exec_create_payouts(at)?;
        self.log_command(Command::CreatePayouts { at });
        Ok(out)
    }

    /// Marks a created payout paid: its entries become paid. Emits `payout.marked_paid`.
    pub fn mark_payout_paid(
        &mut self,
        payout_id: &str,
        reference: Option<String>,
        at: DateTime<Utc>,
    ) -> Result<Payout> {
        let out = self.exec_mark_paid(payout_id, reference.as_deref(), at)?;
        self.log_command(Command::MarkPayoutPaid { payout_id: payout_id.to_string(), reference, at });
        Ok(out)
    }

    /// Marks a created payout failed: its entries are payable again. Emits `payout.failed`.
    pub fn mark_payout_failed(&mut self, payout_id: &str, reason: &str, at: DateTime<Utc>) -> Result<Payout> {
        let out = self.exec_mark_failed(payout_id, reason, at)?;
        let (payout_id, reason) = (payout_id.to_string(), reason.to_string());
        self.log_command(Command::MarkPayoutFailed { payout_id, reason, at });
        Ok(out)
    }

    /// Logs an accepted command, when the program keeps its command log.
    pub(in crate::program) fn log_command(&mut self, command: Command) {
        if self.keep_log {
            self.log.push(command);
        }
    }

    /// Whether accepted commands go into [`Program::command_log`] (they do unless turned off). A host
    /// that keeps its own journal (a durable program) turns it off: the log grows with every command.
    /// Turning it off drops the log held so far.
    pub fn keep_command_log(&mut self, keep: bool) {
        self.keep_log = keep;
        if !keep {
            self.log = Vec::new();
        }
    }
}
