//! What a program keeps (serialized in snapshots) and the indices derived from it on load.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::affiliate::Affiliate;
use super::attribution::Click;
use super::events::{EventLog, StoredEvent};
use super::invitations::{Invitation, InvitationStatus};
use super::ledger::{Commission, CommissionStatus, Entry, EntryKind, Settlement, Sums};
use super::payouts::Payout;
use super::sales::{RefundRecord, SaleRecord};
use crate::error::{Error, Result};
use crate::money::Currency;

/// The persisted state. Every collection is ordered, so that serialization is deterministic.
/// Snapshots write it field by field in this order (`snapshot::StateOut`), rendering the events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct State {
    pub affiliates: Vec<Affiliate>,
    /// The next `aff_<n>` to assign.
    pub next_affiliate: u64,
    pub invitations: Vec<Invitation>,
    pub clicks: BTreeMap<String, Vec<Click>>,
    /// Customer key (id, else lower-case e-mail) to the customer's first sale and linked affiliate.
    pub customers: BTreeMap<String, CustomerLink>,
    pub sales: Vec<SaleRecord>,
    pub refunds: Vec<RefundRecord>,
    pub commissions: Vec<Commission>,
    pub entries: Vec<Entry>,
    pub payouts: Vec<Payout>,
    pub events: EventLog,
}

/// What the program remembers of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CustomerLink {
    /// When they first bought.
    pub first_at: DateTime<Utc>,
    /// The affiliate credited with them first (for lifetime attribution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliate: Option<String>,
}

/// Volume of one affiliate in one plan period.
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
    pub sale_by_id: HashMap<String, usize>,
    pub refund_by_id: HashMap<String, usize>,
    pub accounts: HashMap<(String, Currency), Sums>,
    /// Entries in the approved bucket, per account: what the next payout settles.
    pub approved_entries: HashMap<(String, Currency), BTreeSet<usize>>,
    /// Pending commissions by creation instant, for `approve_due`.
    pub pending: BTreeSet<(DateTime<Utc>, usize)>,
    /// Accounts whose payable balance reaches the minimum (and is positive).
    pub eligible: BTreeSet<(String, Currency)>,
    pub periods: HashMap<(String, String), PeriodTotals>,
    /// Level-1 earnings per affiliate, then per customer key.
    pub customer_earned: HashMap<String, HashMap<String, Decimal>>,
    pub totals: HashMap<String, AffiliateTotals>,
}

impl State {
    /// Rebuilds every index and sum from the persisted data, checking its consistency.
    pub fn index(&mut self, config: &super::ProgramConfig) -> Result<Indices> {
        let mut idx = Indices::default();
        for (i, a) in self.affiliates.iter().enumerate() {
            if idx.affiliate_by_id.insert(a.id.clone(), i).is_some() {
                return Err(Error::snapshot(format!("duplicate affiliate id {:?}", a.id)));
            }
            if let Some(email) = &a.email {
                idx.affiliate_by_email.insert(email.to_ascii_lowercase(), i);
            }
            for code in &a.codes {
                if idx.code_owner.insert(code.code.clone(), i).is_some() {
                    return Err(Error::snapshot(format!("duplicate code {:?}", code.code)));
                }
            }
        }
        for (i, inv) in self.invitations.iter().enumerate() {
            if inv.status == InvitationStatus::Pending {
                idx.pending_invitation.insert(inv.email.to_ascii_lowercase(), i);
                idx.invitation_expiry.insert((inv.expires_at, i));
            }
        }
        let max = Decimal::from(super::MAX_AMOUNT);
        for (i, sale) in self.sales.iter().enumerate() {
            if idx.sale_by_id.insert(sale.id.clone(), i).is_some() {
                return Err(Error::snapshot(format!("duplicate sale id {:?}", sale.id)));
            }
            sale.order.validate().map_err(|e| Error::snapshot(format!("sale {:?}: {e}", sale.id)))?;
            let gross = super::tracking::gross_of(&sale.order)?;
            if gross > max || sale.gross != gross || sale.refunded < Decimal::ZERO || sale.refunded > gross {
                return Err(Error::snapshot(format!("sale {:?} has inconsistent totals", sale.id)));
            }
        }
        for (i, c) in self.commissions.iter().enumerate() {
            // Commands find a commission by the number in its id: it must be its position.
            if c.id != format!("com_{}", i + 1) {
                return Err(Error::snapshot(format!("commission {} is out of sequence", c.id)));
            }
            if c.amount.amount < Decimal::ZERO || c.amount.amount > max {
                return Err(Error::snapshot(format!("commission {} amount is out of range", c.id)));
            }
            if c.line_shares.iter().any(|s| s.amount < Decimal::ZERO || s.amount > max) {
                return Err(Error::snapshot(format!("commission {} has a line share out of range", c.id)));
            }
            // Refunds by line reverse these shares: they must add up to the amount.
            let shares = c.line_shares.iter().try_fold(Decimal::ZERO, |acc, s| acc.checked_add(s.amount));
            if !c.line_shares.is_empty() && shares != Some(c.amount.amount) {
                return Err(Error::snapshot(format!("commission {} line shares do not add up to it", c.id)));
            }
        }
        for (i, r) in self.refunds.iter().enumerate() {
            idx.refund_by_id.insert(r.refund.id.clone(), i);
        }
        let commission_index: HashMap<String, usize> =
            self.commissions.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        // Refunds reverse the commissions a sale's outcome lists, and the running totals add up their
        // amounts: each must be a commission of that sale, as written, and listed once.
        let mut listed = BTreeSet::new();
        for sale in &self.sales {
            for view in &sale.outcome.commissions {
                let matches =
                    commission_index.get(&view.id).and_then(|&ci| self.commissions.get(ci)).is_some_and(|c| {
                        c.sale_id == sale.id
                            && c.affiliate_id == view.affiliate_id
                            && c.level == view.level
                            && c.amount == view.amount
                            // The answer given when tracked: every commission starts pending.
                            && view.status == CommissionStatus::Pending
                    });
                if !matches || !listed.insert(view.id.as_str()) {
                    return Err(Error::snapshot(format!("sale {:?} lists commission {} wrongly", sale.id, view.id)));
                }
            }
        }
        if let Some(c) = self.commissions.iter().find(|c| !listed.contains(c.id.as_str())) {
            return Err(Error::snapshot(format!("commission {} is not listed by its sale", c.id)));
        }
        for sale in &self.sales {
            let listed_total =
                sale.outcome.commissions.iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v.amount.amount));
            if listed_total != Some(sale.outcome.total.amount) {
                return Err(Error::snapshot(format!("sale {:?} total is not the sum of its commissions", sale.id)));
            }
        }
        if let Some(c) = self.commissions.iter().find(|c| !idx.affiliate_by_id.contains_key(&c.affiliate_id)) {
            return Err(Error::snapshot(format!("commission {} names an unknown affiliate", c.id)));
        }
        for c in &mut self.commissions {
            c.entries.clear();
            c.reversed = Decimal::ZERO;
        }
        for p in &mut self.payouts {
            p.entries.clear();
        }
        for (i, entry) in self.entries.iter().enumerate() {
            if entry.amount.amount.abs() > max {
                return Err(Error::snapshot(format!("entry {} amount is out of range", entry.id)));
            }
            let ci = *commission_index
                .get(&entry.commission_id)
                .ok_or_else(|| Error::snapshot(format!("entry {} names an unknown commission", entry.id)))?;
            let c = self.commissions.get_mut(ci).ok_or_else(|| Error::snapshot("commission index"))?;
            if entry.affiliate_id != c.affiliate_id || entry.amount.currency != c.amount.currency {
                return Err(Error::snapshot(format!("entry {} does not match its commission", entry.id)));
            }
            // One `commission` entry, first; every correction after it takes something away.
            let well_formed = match entry.kind {
                EntryKind::Commission => c.entries.is_empty(),
                _ => !c.entries.is_empty() && entry.amount.amount < Decimal::ZERO,
            };
            if !well_formed {
                return Err(Error::snapshot(format!("entry {} is out of place in its commission", entry.id)));
            }
            c.entries.push(i);
            if entry.kind != EntryKind::Commission {
                c.reversed -= entry.amount.amount;
            }
            let key = (entry.affiliate_id.clone(), entry.amount.currency);
            let sums = idx.accounts.entry(key.clone()).or_default();
            let v = entry.amount.amount;
            match entry.kind {
                EntryKind::Commission => sums.earned += v,
                _ => sums.reversed -= v,
            }
            match entry.settlement {
                Settlement::Pending => sums.pending += v,
                Settlement::Approved => {
                    if entry.kind == EntryKind::Clawback {
                        sums.clawbacks += v;
                    } else {
                        sums.approved += v;
                    }
                    idx.approved_entries.entry(key).or_default().insert(i);
                }
                Settlement::InPayout(n) => {
                    sums.in_payout += v;
                    payout_mut(&mut self.payouts, n)?.entries.push(i);
                }
                Settlement::Paid(n) => {
                    sums.paid += v;
                    payout_mut(&mut self.payouts, n)?.entries.push(i);
                }
            }
        }
        for (i, c) in self.commissions.iter().enumerate() {
            if c.remaining() < Decimal::ZERO {
                return Err(Error::snapshot(format!("commission {} is reversed beyond what it earned", c.id)));
            }
            if c.status == CommissionStatus::Pending {
                idx.pending.insert((c.created_at, i));
            }
        }
        self.check_refunds()?;
        self.check_settlement()?;
        self.check_events()?;
        for (key, sums) in &idx.accounts {
            if sums.payable() > Decimal::ZERO && sums.payable() >= config.minimum_for(key.1) {
                idx.eligible.insert(key.clone());
            }
        }
        Ok(idx)
    }
}

impl State {
    /// A commission's status agrees with its `commission` entry (pending while that entry is, not
    /// after), and a payout holds only its own affiliate's entries.
    fn check_settlement(&self) -> Result<()> {
        for c in &self.commissions {
            let first = c.entries.first().and_then(|&i| self.entries.get(i));
            let pending = first.is_some_and(|e| e.settlement == Settlement::Pending);
            let agrees = match c.status {
                CommissionStatus::Pending => pending,
                CommissionStatus::Approved | CommissionStatus::Paid => first.is_some() && !pending,
                CommissionStatus::Rejected => first.is_some(),
            };
            if !agrees {
                return Err(Error::snapshot(format!("commission {} status disagrees with its entries", c.id)));
            }
        }
        for p in &self.payouts {
            let foreign =
                p.entries.iter().filter_map(|&i| self.entries.get(i)).any(|e| e.affiliate_id != p.affiliate_id);
            if foreign {
                return Err(Error::snapshot(format!("payout {} holds another affiliate's entries", p.id)));
            }
        }
        Ok(())
    }

    /// Events are `evt_<n>` with sequence n, without gaps (webhook receivers deduplicate by id), from
    /// the first one not forgotten.
    fn check_events(&self) -> Result<()> {
        let numbered = self.events.forgotten.checked_add(self.events.events.len() as u64 + 1);
        if numbered.is_none_or(|next| next > i64::MAX as u64) {
            return Err(Error::snapshot("the event numbers are out of range"));
        }
        for (k, stored) in self.events.events.iter().enumerate() {
            let n = self.events.forgotten + k as u64 + 1;
            // Restored events are all as read; references are made after these checks.
            if let StoredEvent::Emitted(e) = stored {
                if e.sequence != n || e.id != format!("evt_{n}") {
                    return Err(Error::snapshot(format!("event {} is out of sequence", e.id)));
                }
            }
        }
        if self.events.outbox_start > self.events.events.len() {
            return Err(Error::snapshot("the event outbox is past the last event"));
        }
        Ok(())
    }

    /// Each sale's refunded total is the sum of its refunds, and each refund's corrections are the
    /// ledger entries it caused, exactly: a refund decides what is left to refund and to reverse.
    fn check_refunds(&self) -> Result<()> {
        let mut refunded: HashMap<&str, Decimal> = HashMap::new();
        // (commission, clawback rather than reversal, amount taken back)
        let mut written: HashMap<&str, Vec<(&str, bool, Decimal)>> = HashMap::new();
        for r in &self.refunds {
            let total = refunded.entry(r.outcome.order_id.as_str()).or_default();
            *total = total
                .checked_add(r.outcome.amount.amount)
                .ok_or_else(|| Error::snapshot(format!("refund {:?} is out of range", r.refund.id)))?;
            written.insert(r.refund.id.as_str(), Vec::new());
        }
        for sale in &self.sales {
            if refunded.remove(sale.id.as_str()).unwrap_or_default() != sale.refunded {
                return Err(Error::snapshot(format!("sale {:?} refunded total does not match its refunds", sale.id)));
            }
        }
        if let Some(order) = refunded.keys().next() {
            return Err(Error::snapshot(format!("a refund names an unknown sale {order:?}")));
        }
        for e in &self.entries {
            if let (EntryKind::Reversal | EntryKind::Clawback, Some(cause)) = (e.kind, e.cause.as_deref()) {
                let Some(list) = written.get_mut(cause) else {
                    return Err(Error::snapshot(format!("entry {} names an unknown refund {cause:?}", e.id)));
                };
                list.push((e.commission_id.as_str(), e.kind == EntryKind::Clawback, -e.amount.amount));
            }
        }
        for r in &self.refunds {
            let mut expected: Vec<_> = r
                .outcome
                .reversals
                .iter()
                .map(|v| (v.commission_id.as_str(), v.kind == EntryKind::Clawback, v.amount.amount))
                .collect();
            let mut found = written.remove(r.refund.id.as_str()).unwrap_or_default();
            expected.sort();
            found.sort();
            if expected != found {
                return Err(Error::snapshot(format!("refund {:?} does not match its ledger entries", r.refund.id)));
            }
        }
        Ok(())
    }
}

fn payout_mut(payouts: &mut [Payout], n: u32) -> Result<&mut Payout> {
    let i = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
    i.and_then(|i| payouts.get_mut(i)).ok_or_else(|| Error::snapshot(format!("entry names unknown payout {n}")))
}
