//! What a program keeps (serialized in snapshots) and the indices derived from it on load.

use std::collections::{BTreeMap, BTreeSet};

use hashbrown::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::affiliate::Affiliate;
use super::attribution::Click;
use super::customers::Customers;
use super::events::{EventLog, StoredEvent};
use super::invitations::{Invitation, InvitationStatus};
use super::key_index::KeyIndex;
use super::ledger::{
    Commission, CommissionRecord, CommissionStatus, Entry, EntryKind, EntryRecord, LineShares, Settlement, Sums,
};
use super::packed_order::PackedOrder;
use super::payouts::Payout;
use super::sales::{ContextRecord, RefundRecord, Refunded, SaleDoc, SaleOrigin, SaleRecord};
use super::symbols::Symbols;
use crate::error::{Error, Result};
use crate::money::Currency;

/// What a program keeps. Every collection is ordered, so that snapshots are deterministic; they
/// write it field by field in this order (`snapshot::StateOut`), with the ledger in its public
/// shapes and the events rendered, and read it back as a [`StateDoc`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    pub affiliates: Vec<Affiliate>,
    /// The next `aff_<n>` to assign.
    pub next_affiliate: u64,
    pub invitations: Vec<Invitation>,
    pub clicks: BTreeMap<String, Vec<Click>>,
    pub customers: Customers,
    pub sales: Vec<SaleRecord>,
    pub refunds: Vec<RefundRecord>,
    pub commissions: Vec<CommissionRecord>,
    pub entries: Vec<EntryRecord>,
    /// The refund or rejection reason that caused each correction, by entry position.
    pub causes: HashMap<u32, Box<str>>,
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

/// The state as a snapshot holds it: the ledger in its public shapes, naming everything by id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StateDoc {
    pub affiliates: Vec<Affiliate>,
    pub next_affiliate: u64,
    pub invitations: Vec<Invitation>,
    pub clicks: BTreeMap<String, Vec<Click>>,
    pub customers: BTreeMap<String, CustomerLink>,
    pub sales: Vec<SaleDoc>,
    pub refunds: Vec<RefundRecord>,
    pub commissions: Vec<Commission>,
    pub entries: Vec<Entry>,
    pub payouts: Vec<Payout>,
    pub events: EventLog,
}

/// A customer as snapshots hold it (see `customers::CustomerRecord`).
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
    /// Sales by id (positions in the sales).
    pub sale_by_id: KeyIndex,
    pub refund_by_id: HashMap<String, usize>,
    /// Sums per account: (affiliate index, currency).
    pub accounts: HashMap<(u32, Currency), Sums>,
    /// Entries in the approved bucket, per account: what the next payout settles.
    pub approved_entries: HashMap<(u32, Currency), BTreeSet<usize>>,
    /// The corrections (reversals, clawbacks, rejections) of each corrected commission, in order.
    pub corrections: HashMap<u32, Vec<u32>>,
    /// Pending commissions by creation instant, for `approve_due`.
    pub pending: BTreeSet<(DateTime<Utc>, u32)>,
    /// Accounts whose payable balance reaches the minimum (and is positive).
    pub eligible: BTreeSet<(String, Currency)>,
    /// Volume per (affiliate number, plan period label).
    pub periods: HashMap<(u32, String), PeriodTotals>,
    /// Level-1 earnings per (affiliate number, customer number).
    pub customer_earned: HashMap<(u32, u32), Decimal>,
    /// Running totals per affiliate number.
    pub totals: HashMap<u32, AffiliateTotals>,
}

impl StateDoc {
    /// The state this document describes and its indices, checking its consistency.
    pub fn index(self, config: &super::ProgramConfig) -> Result<(State, Indices)> {
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
            let id_of = |n: u32| self.sales.get(n as usize).map_or("", |s| s.id.as_str());
            if idx.sale_by_id.get(&sale.id, id_of).is_some() {
                return Err(Error::snapshot(format!("duplicate sale id {:?}", sale.id)));
            }
            idx.sale_by_id.insert(&sale.id, index_u32(i)?, id_of);
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
                            && c.rule_id == view.rule_id
                            && c.created_at == view.created_at
                            && view.reversed.amount.is_zero()
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
        self.check_refunds()?;
        let mut rules = Symbols::default();
        let mut commissions = Vec::with_capacity(self.commissions.len());
        for c in &self.commissions {
            let affiliate = idx
                .affiliate_by_id
                .get(&c.affiliate_id)
                .ok_or_else(|| Error::snapshot(format!("commission {} names an unknown affiliate", c.id)))?;
            // Listed by its sale (checked above), so the sale is there.
            let sale = idx
                .sale_by_id
                .get(&c.sale_id, |n| self.sales.get(n as usize).map_or("", |s| &s.id))
                .unwrap_or_default();
            let lines = self.sales.get(sale).map(|s| s.order.lines.as_slice()).unwrap_or_default();
            let pairs: Vec<(u32, Decimal)> = c
                .line_shares
                .iter()
                .map(|share| {
                    let k = lines.iter().position(|l| l.id == share.line_id).ok_or_else(|| {
                        Error::snapshot(format!("commission {} shares unknown line {:?}", c.id, share.line_id))
                    })?;
                    Ok((index_u32(k)?, share.amount))
                })
                .collect::<Result<_>>()?;
            commissions.push(CommissionRecord {
                affiliate: index_u32(*affiliate)?,
                sale: index_u32(sale)?,
                level: c.level,
                rule: rules.intern(c.rule_id.as_str()),
                amount: c.amount,
                status: c.status,
                created_at: c.created_at,
                line_shares: LineShares::from_pairs(pairs, c.amount.amount),
                entry: u32::MAX, // set by its `commission` entry below
                reversed: Decimal::ZERO,
            });
        }
        let mut payouts = self.payouts;
        for p in &mut payouts {
            p.entries.clear();
        }
        let mut entries = Vec::with_capacity(self.entries.len());
        let mut causes = HashMap::new();
        for (i, entry) in self.entries.into_iter().enumerate() {
            if entry.amount.amount.abs() > max {
                return Err(Error::snapshot(format!("entry {} amount is out of range", entry.id)));
            }
            let ci = *commission_index
                .get(&entry.commission_id)
                .ok_or_else(|| Error::snapshot(format!("entry {} names an unknown commission", entry.id)))?;
            let c = commissions.get_mut(ci).ok_or_else(|| Error::snapshot("commission index"))?;
            let affiliate = self.affiliates.get(c.affiliate as usize).map(|a| a.id.as_str());
            if Some(entry.affiliate_id.as_str()) != affiliate || entry.amount.currency != c.amount.currency {
                return Err(Error::snapshot(format!("entry {} does not match its commission", entry.id)));
            }
            // One `commission` entry, first; every correction after it takes something away.
            let has_entry = c.entry != u32::MAX;
            let well_formed = match entry.kind {
                EntryKind::Commission => !has_entry,
                _ => has_entry && entry.amount.amount < Decimal::ZERO,
            };
            if !well_formed {
                return Err(Error::snapshot(format!("entry {} is out of place in its commission", entry.id)));
            }
            let ei = index_u32(i)?;
            let commission = index_u32(ci)?;
            if entry.kind == EntryKind::Commission {
                c.entry = ei;
            } else {
                c.reversed -= entry.amount.amount;
                idx.corrections.entry(commission).or_default().push(ei);
            }
            let key = (c.affiliate, entry.amount.currency);
            let sums = idx.accounts.entry(key).or_default();
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
                    payout_mut(&mut payouts, n)?.entries.push(i);
                }
                Settlement::Paid(n) => {
                    sums.paid += v;
                    payout_mut(&mut payouts, n)?.entries.push(i);
                }
            }
            if let Some(cause) = entry.cause {
                causes.insert(ei, cause.into_boxed_str());
            }
            entries.push(EntryRecord {
                commission,
                kind: entry.kind,
                settlement: entry.settlement,
                amount: v,
                at: entry.at,
            });
        }
        for (i, c) in commissions.iter().enumerate() {
            if c.entry == u32::MAX {
                return Err(Error::snapshot(format!("commission com_{} has no ledger entry", i + 1)));
            }
            if c.remaining() < Decimal::ZERO {
                return Err(Error::snapshot(format!("commission com_{} is reversed beyond what it earned", i + 1)));
            }
            if c.status == CommissionStatus::Pending {
                idx.pending.insert((c.created_at, index_u32(i)?));
            }
        }
        let mut customers = Customers::default();
        for (key, link) in self.customers {
            let i = customers.add(&key, link.first_at);
            let affiliate =
                match &link.affiliate {
                    Some(id) => Some(index_u32(*idx.affiliate_by_id.get(id).ok_or_else(|| {
                        Error::snapshot(format!("customer {key:?} is linked to an unknown affiliate"))
                    })?)?),
                    None => None,
                };
            if let Some(c) = customers.get_mut(i) {
                c.affiliate = affiliate;
            }
        }
        let mut symbols = (Symbols::default(), Symbols::default(), Symbols::default());
        let mut sales = Vec::with_capacity(self.sales.len());
        for (i, doc) in self.sales.into_iter().enumerate() {
            sales.push(sale_record(i, doc, &idx, &sales, &mut symbols)?);
        }
        let (groups, chains, codes) = symbols;
        let state = State {
            affiliates: self.affiliates,
            next_affiliate: self.next_affiliate,
            invitations: self.invitations,
            clicks: self.clicks,
            customers,
            sales,
            refunds: self.refunds,
            commissions,
            entries,
            causes,
            payouts,
            events: self.events,
            rules,
            groups,
            chains,
            codes,
        };
        state.check_settlement()?;
        state.check_events()?;
        for (key, sums) in &idx.accounts {
            if sums.payable() > Decimal::ZERO && sums.payable() >= config.minimum_for(key.1) {
                let id = state.affiliates.get(key.0 as usize).map(|a| a.id.clone()).unwrap_or_default();
                idx.eligible.insert((id, key.1));
            }
        }
        Ok((state, idx))
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

impl State {
    /// A commission's status agrees with its `commission` entry (pending while that entry is, not
    /// after), and a payout holds only its own affiliate's entries.
    fn check_settlement(&self) -> Result<()> {
        for (i, c) in self.commissions.iter().enumerate() {
            let first = self.entries.get(c.entry as usize);
            let pending = first.is_some_and(|e| e.settlement == Settlement::Pending);
            let agrees = match c.status {
                CommissionStatus::Pending => pending,
                CommissionStatus::Approved | CommissionStatus::Paid => first.is_some() && !pending,
                CommissionStatus::Rejected => first.is_some(),
            };
            if !agrees {
                return Err(Error::snapshot(format!("commission com_{} status disagrees with its entries", i + 1)));
            }
        }
        for p in &self.payouts {
            let foreign = p
                .entries
                .iter()
                .filter_map(|&i| self.entries.get(i))
                .filter_map(|e| self.commissions.get(e.commission as usize))
                .any(|c| self.affiliates.get(c.affiliate as usize).is_none_or(|a| a.id != p.affiliate_id));
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
}

/// The record of sale `i` read from a snapshot, whose outcome must be what the record rebuilds: its
/// commissions consecutive (they were written together), credited exactly when it has some, its
/// first order an order tracked before it. `sales` are the records of the sales before it.
fn sale_record(
    i: usize,
    doc: SaleDoc,
    idx: &Indices,
    sales: &[SaleRecord],
    (groups, chains, codes): &mut (Symbols, Symbols<[u32]>, Symbols),
) -> Result<SaleRecord> {
    let wrong = |what: &str| Error::snapshot(format!("sale {:?} {what}", doc.id));
    let outcome = doc.outcome;
    let affiliate = |id: &str| idx.affiliate_by_id.get(id).map(|&a| a as u32);
    let root = match doc.origin {
        SaleOrigin::Order if outcome.order_id == doc.id => i,
        SaleOrigin::Order => return Err(wrong("names another order")),
        SaleOrigin::Payment => idx
            .sale_by_id
            .get(&outcome.order_id, |n| sales.get(n as usize).map_or("", |s| &s.id))
            .filter(|&r| sales.get(r).is_some_and(|root| root.origin == SaleOrigin::Order))
            .ok_or_else(|| wrong("is a payment of no order tracked before it"))?,
    };
    let numbers: Vec<usize> = outcome
        .commissions
        .iter()
        .map(|view| view.id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0))
        .collect();
    let first = numbers.first().copied().unwrap_or(1).saturating_sub(1);
    if numbers.iter().enumerate().any(|(k, &n)| n != first + k + 1) {
        return Err(wrong("lists commissions that are not consecutive"));
    }
    let credited = !numbers.is_empty();
    if outcome.sale_id != doc.id || outcome.credited != credited || outcome.reason.is_none() != credited {
        return Err(wrong("has an outcome that disagrees with it"));
    }
    let context = match doc.context {
        None => None,
        Some(c) => {
            let parents: Option<Vec<u32>> = c.parents.iter().map(|p| affiliate(p)).collect();
            let first_payment_at = (doc.origin == SaleOrigin::Payment).then(|| sales.get(root).map(|r| r.at));
            if parents.is_none() || c.first_payment_at != first_payment_at.flatten() {
                return Err(wrong("has a quote context that names unknown affiliates or instants"));
            }
            Some(ContextRecord {
                group: c.group.as_deref().map(|g| groups.intern(g)),
                parents: chains.intern(&parents.unwrap_or_default()),
                period_sales_count: c.period_sales_count,
                period_revenue: c.period_revenue,
                period_earned: c.period_earned,
                customer_earned: c.customer_earned,
            })
        }
    };
    let affiliate = match &outcome.affiliate_id {
        Some(id) => Some(affiliate(id).ok_or_else(|| wrong("names an unknown affiliate"))?),
        None => None,
    };
    // A sale keeps its order without the id: it is the sale's.
    if doc.order.id != doc.id {
        return Err(wrong("has an order of another id"));
    }
    let refunded = (!doc.refunded.is_zero() || !doc.refunded_lines.is_empty())
        .then(|| Box::new(Refunded { amount: doc.refunded, lines: doc.refunded_lines }));
    Ok(SaleRecord {
        id: doc.id.into_boxed_str(),
        origin: doc.origin,
        order: PackedOrder::pack(&doc.order),
        visitor_id: doc.visitor_id.map(String::into_boxed_str),
        at: doc.at,
        root: index_u32(root)?,
        payment_number: outcome.payment_number,
        affiliate,
        attributed_by: outcome.attributed_by,
        code: outcome.code.as_deref().map(|c| codes.intern(c)),
        affiliate_status: outcome.affiliate_status,
        reason: outcome.reason,
        first_commission: index_u32(first)?,
        commission_count: index_u32(numbers.len())?,
        stored_quote: outcome.quote.map(Box::new),
        refunded,
        payments: doc.payments,
        new_customer: doc.new_customer,
        context,
    })
}

/// A position as the u32 that records hold (a program holds fewer than 2^32 of anything).
pub(crate) fn index_u32(i: usize) -> Result<u32> {
    u32::try_from(i).map_err(|_| Error::overflow("more than 2^32 records"))
}

fn payout_mut(payouts: &mut [Payout], n: u32) -> Result<&mut Payout> {
    let i = usize::try_from(n).ok().and_then(|n| n.checked_sub(1));
    i.and_then(|i| payouts.get_mut(i)).ok_or_else(|| Error::snapshot(format!("entry names unknown payout {n}")))
}
