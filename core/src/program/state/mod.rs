//! What a program keeps (serialized in snapshots) and the indices derived from it on load.

pub(in crate::program) mod checkpoint;
pub(in crate::program) mod codec;
pub(in crate::program) mod compact;
pub(in crate::program) mod indexing;
pub(in crate::program) mod invariants;
pub(in crate::program) mod key_index;
pub(in crate::program) mod restore;
pub(in crate::program) mod snapshot;
pub(in crate::program) mod symbols;

use std::collections::{BTreeMap, BTreeSet};

use hashbrown::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::Currency;
use crate::plan::Quote;
use crate::program::affiliates::attribution::Click;
use crate::program::affiliates::customers::Customers;
use crate::program::affiliates::invitations::Invitation;
use crate::program::affiliates::Affiliate;
use crate::program::events::EventLog;
use crate::program::fraud::recent::Recent;
use crate::program::fraud::FraudFlags;
use crate::program::ledger::payouts::Payout;
use crate::program::ledger::pending::PendingQueue;
use crate::program::ledger::{CommissionRecord, EntryRecord, Splits, Sums};
use crate::program::sales::table::Sales;
use crate::program::sales::RefundRecord;
use crate::program::state::key_index::KeyIndex;
use crate::program::state::symbols::Symbols;

/// What a program keeps. Every collection is ordered, so that snapshots are deterministic; they
/// write it field by field in this order (`snapshot::StateOut`), with the ledger in its public
/// shapes and the events rendered, and read it back item by item (`restore::Restoring`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    /// The plan versions after the config's (`plans.rs`), in order.
    pub plan_versions: Vec<crate::program::plans::PlanVersionRecord>,
    pub affiliates: Vec<Affiliate>,
    /// The next `aff_<n>` to assign.
    pub next_affiliate: u64,
    pub invitations: Vec<Invitation>,
    pub clicks: BTreeMap<String, Vec<Click>>,
    pub customers: Customers,
    pub sales: Sales,
    /// The quotes of sales restored from schema-1 snapshots (which kept the quote, not its
    /// context), by sale position.
    pub stored_quotes: HashMap<u32, Box<Quote>>,
    pub refunds: Vec<RefundRecord>,
    pub commissions: Vec<CommissionRecord>,
    /// The shares of commissions split over several lines (`LineShares::Split`).
    pub splits: Splits,
    pub entries: Vec<EntryRecord>,
    /// The refund or rejection reason that caused each correction, by entry position.
    pub causes: HashMap<u32, Box<str>>,
    /// The fraud rules that flagged each flagged sale, by sale position.
    pub flags: BTreeMap<u32, FraudFlags>,
    /// The commissions written held (for an affiliate on hold, or a flagged sale), by position: their
    /// sale's answer and `commission.created` show them held.
    pub created_held: BTreeSet<u32>,
    pub payouts: Vec<Payout>,
    pub events: EventLog,
    /// The rule ids commissions name.
    pub rules: Symbols,
    /// The groups and the parent chains (affiliate numbers, nearest first) sales were quoted with.
    pub groups: Symbols,
    pub chains: Symbols<[u32]>,
    /// The codes that attributed sales.
    pub codes: Symbols,
}

/// A customer as snapshots hold it (see `customers::CustomerRecord`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct CustomerLink {
    /// When they first bought.
    pub first_at: DateTime<Utc>,
    /// The affiliate credited with them first (for lifetime attribution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliate: Option<String>,
}

/// (affiliate number, plan period, currency): the volumes a period cap and tiers count.
pub(crate) type PeriodKey = (u32, i32, Currency);

/// Volume of one affiliate in one plan period and currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct PeriodTotals {
    pub sales: u32,
    pub revenue: Decimal,
    pub earned: Decimal,
}

/// Running totals of one affiliate (for the Chariow `stats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct AffiliateTotals {
    pub referrals: u64,
    pub sales: u64,
    pub revenue: Decimal,
}

/// Indices and sums derived from [`State`]; rebuilt on restore, kept in step by every command.
#[derive(Debug, Clone, Default)]
pub(crate) struct Indices {
    pub affiliate_by_id: HashMap<String, usize>,
    pub affiliate_by_email: HashMap<String, usize>,
    pub code_owner: HashMap<String, usize>,
    pub pending_invitation: HashMap<String, usize>,
    /// Pending invitations by expiry, for `expire_invitations`.
    pub invitation_expiry: BTreeSet<(DateTime<Utc>, usize)>,
    /// Sales by id (positions in the sales).
    pub sale_by_id: KeyIndex,
    pub refund_by_id: HashMap<String, usize>,
    /// Sums per account: (affiliate index, currency).
    pub accounts: HashMap<(u32, Currency), Sums>,
    /// Entries in the approved bucket, per account: what the next payout settles.
    pub approved_entries: HashMap<(u32, Currency), BTreeSet<usize>>,
    /// The corrections (reversals, clawbacks, rejections) of each corrected commission, in order.
    pub corrections: HashMap<u32, Vec<u32>>,
    /// What the corrections of each corrected commission took back (positive).
    pub reversed: HashMap<u32, Decimal>,
    /// Pending commissions by creation instant, for `approve_due`.
    pub pending: PendingQueue,
    /// Accounts whose payable balance reaches the minimum (and is positive).
    pub eligible: BTreeSet<(String, Currency)>,
    /// Volume per (affiliate number, plan period: `Program::period_of`, currency).
    pub periods: HashMap<PeriodKey, PeriodTotals>,
    /// Level-1 earnings per (affiliate number, customer number, currency), but for each customer's
    /// linked affiliate in the program's currency (in the customer's record: see `Customers::earned`).
    pub customer_earned: crate::program::affiliates::customers::Earned,
    /// Running totals per affiliate number and currency.
    pub totals: HashMap<(u32, Currency), AffiliateTotals>,
    /// The recent orders the fraud rules count.
    pub recent: Recent,
}

impl State {
    /// When commission `n` was created: its sale's instant.
    pub(in crate::program) fn commission_created(&self, n: usize) -> Option<DateTime<Utc>> {
        let c = self.commissions.get(n)?;
        Some(self.sales.get(c.sale as usize)?.at)
    }
}

/// A position as the u32 that records hold (a program holds fewer than 2^32 of anything).
pub(crate) fn index_u32(i: usize) -> Result<u32> {
    u32::try_from(i).map_err(|_| Error::overflow("more than 2^32 records"))
}
