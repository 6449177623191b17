//! The stateful half of the core: a [`Program`] that a host drives with commands (each taking an
//! `at` timestamp) and that keeps affiliates, codes, invitations, clicks, the commission ledger and
//! payouts, and emits [`Event`]s for the host to deliver.
//!
//! Rules that hold for every command:
//! - a rejected command (one that returns an error) changes nothing: state and outbox stay as they were;
//! - every accepted command goes into the command log (unless the host turns it off with
//!   [`Program::keep_command_log`]), and [`Program::replay`] of that log rebuilds the same state
//!   (byte-equal [`Program::snapshot`]); an erasure drops the log, which held the personal data it
//!   erases ([`Program::erase_affiliate`]): the log then replays onto a snapshot taken after it;
//! - ledger entries are immutable; refunds, chargebacks and rejections add entries; balances are sums
//!   of entries;
//! - rounding happens only through [`crate::money::round_to_minor_units`], with the config's mode.

// Each folder is one part of a program: its types in the folder's `mod.rs`, its verbs and their
// machinery in the files beside.
mod affiliates; // affiliates, their codes and verbs, invitations, attribution (clicks), customers
mod commands; // `Command`: every state change as data, and `execute`
mod config; // `ProgramConfig`
mod erasure; // erase_affiliate, erase_customer: personal data out of the state and the history
mod events; // the outbox: events, their log, webhook signing
mod fraud; // fraud rules: the checks that hold a sale's commissions, with their reasons
mod ledger; // commissions, entries, accounts and balances, approval, rejection and holds, payouts
mod plans; // plan versions: set_plan, the version in force at an instant
mod reads; // reads across the parts: balances, affiliate stats, reports
mod sales; // tracked orders and payments, refunds, explanations
mod state; // what a program keeps and its indices, snapshots, restore, checkpoints

pub use crate::codes::{CodeValidation, CodeValidity};
pub use affiliates::attribution::Click;
pub use affiliates::invitations::{
    Acceptance, Invitation, InvitationStatus, InviteError, InviteOutcome, InviteSkipped,
};
pub use affiliates::{
    email_key, Affiliate, AffiliateCode, AffiliateHold, AffiliateSource, AffiliateStats, AffiliateStatus,
    AffiliateUpdate, AffiliateView, Registration, MAX_TEXT_LEN,
};
pub use commands::{Command, CommandOutcome};
pub use config::{
    AttributionConfig, AttributionModel, InvitationConfig, MinimumPayout, PaymentPlan, ProgramConfig, RefundEffects,
    MAX_DAYS,
};
pub use erasure::{CustomerErasure, Erasure, ERASED};
pub use events::webhooks::{sign_webhook, verify_webhook, SignedWebhook};
pub use events::{Event, EventData};
pub use fraud::{FraudCode, FraudFlag, FraudRules, ManyAffiliates, OrderRate, RatePeriod, MAX_FRAUD_MINUTES};
pub use ledger::payouts::{Payout, PayoutStatus};
pub use ledger::{Balance, Commission, CommissionStatus, CommissionView, Entry, EntryKind, LineShare, Settlement};
pub use plans::PlanVersion;
pub use reads::reports::{ProgramStats, Report, ReportRow};
pub use sales::what_if::{WhatIf, WhatIfAffiliate, WhatIfAmounts, WhatIfSale, WHAT_IF_LARGEST};
pub use sales::{
    AttributionSource, NoCreditReason, Payment, Refund, RefundOutcome, Reversal, Sale, SaleOrigin, TrackOutcome,
    UpdateKind,
};
pub use state::checkpoint::CHECKPOINT_FORMAT;
pub use state::snapshot::SCHEMA_VERSION;

use crate::plan::Plan;
use state::{Indices, State};

/// The largest amount of one order or commission the program accepts (10^15 in any currency), so
/// that ledger sums over billions of entries stay far inside Decimal's range.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// An affiliate program: affiliates, codes, invitations, attribution, the commission ledger and
/// payouts. Pure: no I/O, no clock (every command takes `at`), no randomness (code generation takes
/// a seed).
#[derive(Debug, Clone)]
pub struct Program {
    config: ProgramConfig,
    /// The config's plan: version 1.
    plan: Plan,
    /// The versions set after it (`plans.rs`), compiled, in order.
    later_plans: Vec<Plan>,
    state: State,
    idx: Indices,
    log: Vec<Command>,
    /// Whether accepted commands go into `log` ([`Program::keep_command_log`]).
    keep_log: bool,
}

impl PartialEq for Program {
    fn eq(&self, other: &Program) -> bool {
        self.config == other.config && self.state == other.state
    }
}
