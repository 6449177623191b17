//! The stateful half of the core: a [`Program`] that a host drives with commands (each taking an
//! `at` timestamp) and that keeps affiliates, codes, invitations, clicks, the commission ledger and
//! payouts, and emits [`Event`]s for the host to deliver.
//!
//! Rules that hold for every command:
//! - a rejected command (one that returns an error) changes nothing: state and outbox stay as they were;
//! - every accepted command goes into the command log (unless the host turns it off with
//!   [`Program::keep_command_log`]), and [`Program::replay`] of that log rebuilds the same state
//!   (byte-equal [`Program::snapshot`]);
//! - ledger entries are immutable; refunds, chargebacks and rejections add entries; balances are sums
//!   of entries;
//! - rounding happens only through [`crate::money::round_to_minor_units`], with the config's mode.

mod accounts;
mod affiliate;
mod attribution;
mod checkpoint;
mod codec;
mod commands;
mod compact;
mod config;
mod customers;
mod events;
mod explain;
mod indexing;
mod invitations;
mod key_index;
mod ledger;
mod packed_order;
mod payouts;
mod pending;
mod reads;
mod refunds;
mod registry;
mod reports;
mod restore;
mod sale_table;
mod sales;
mod settlement;
mod snapshot;
mod state;
mod symbols;
mod tracking;

mod webhooks;

pub use affiliate::{
    email_key, Affiliate, AffiliateCode, AffiliateSource, AffiliateStats, AffiliateStatus, AffiliateUpdate,
    AffiliateView, Registration, MAX_TEXT_LEN,
};
pub use attribution::Click;
pub use checkpoint::CHECKPOINT_FORMAT;
pub use commands::{Command, CommandOutcome};
pub use config::{AttributionConfig, AttributionModel, InvitationConfig, MinimumPayout, ProgramConfig, MAX_DAYS};
pub use events::{Event, EventData};
pub use invitations::{Acceptance, Invitation, InvitationStatus, InviteError, InviteOutcome, InviteSkipped};
pub use ledger::{Balance, Commission, CommissionStatus, CommissionView, Entry, EntryKind, LineShare, Settlement};
pub use payouts::{Payout, PayoutStatus};
pub use registry::{CodeValidation, CodeValidity};
pub use reports::{ProgramStats, Report, ReportRow};
pub use sales::{
    AttributionSource, NoCreditReason, Payment, Refund, RefundOutcome, Reversal, Sale, SaleOrigin, TrackOutcome,
    UpdateKind,
};
pub use snapshot::SCHEMA_VERSION;
pub use webhooks::{sign_webhook, verify_webhook, SignedWebhook};

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
    plan: Plan,
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
