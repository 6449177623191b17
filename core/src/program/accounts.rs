//! Writing ledger entries and moving them between settlement buckets, keeping the sums in step.
//! These run only after a command has been fully validated: they cannot fail.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::events::EventData;
use super::ledger::{minor_money, Entry, EntryKind, Settlement, Sums};
use super::Program;
use crate::money::{Currency, Money};

impl Program {
    /// Appends an entry to commission `ci` and adds it to its account's sums.
    pub(super) fn push_entry(
        &mut self,
        ci: usize,
        kind: EntryKind,
        amount: Decimal,
        at: DateTime<Utc>,
        cause: Option<String>,
        settlement: Settlement,
    ) {
        let Some(c) = self.state.commissions.get_mut(ci) else { return };
        let i = self.state.entries.len();
        let entry = Entry {
            id: format!("ent_{}", i + 1),
            commission_id: c.id.clone(),
            affiliate_id: c.affiliate_id.clone(),
            kind,
            amount: Money::new(amount, c.amount.currency),
            at,
            cause,
            settlement,
        };
        c.entries.push(i);
        if kind != EntryKind::Commission {
            c.reversed -= amount;
        }
        let key = (entry.affiliate_id.clone(), entry.amount.currency);
        let sums = self.idx.accounts.entry(key.clone()).or_default();
        match kind {
            EntryKind::Commission => sums.earned += amount,
            _ => sums.reversed -= amount,
        }
        add_to_bucket(sums, kind, settlement, amount);
        if settlement == Settlement::Approved {
            self.idx.approved_entries.entry(key).or_default().insert(i);
        }
        self.state.entries.push(entry);
    }

    /// Moves entry `ei` to another bucket.
    pub(super) fn settle(&mut self, ei: usize, to: Settlement) {
        let Some(entry) = self.state.entries.get_mut(ei) else { return };
        let from = entry.settlement;
        entry.settlement = to;
        let key = (entry.affiliate_id.clone(), entry.amount.currency);
        let (kind, amount) = (entry.kind, entry.amount.amount);
        let sums = self.idx.accounts.entry(key.clone()).or_default();
        add_to_bucket(sums, kind, from, -amount);
        add_to_bucket(sums, kind, to, amount);
        let approved = self.idx.approved_entries.entry(key).or_default();
        if from == Settlement::Approved {
            approved.remove(&ei);
        }
        if to == Settlement::Approved {
            approved.insert(ei);
        }
    }

    /// After a change to an account's payable balance: emits `payout.threshold_reached` when it rose
    /// to the minimum (once per crossing) and keeps the set of payable accounts.
    pub(super) fn check_threshold(&mut self, affiliate_id: &str, currency: Currency, at: DateTime<Utc>) {
        let key = (affiliate_id.to_string(), currency);
        let payable = self.idx.accounts.get(&key).map_or(Decimal::ZERO, Sums::payable);
        let minimum = self.config.minimum_for(currency);
        let above = payable > Decimal::ZERO && payable >= minimum;
        let was_above = self.idx.eligible.contains(&key);
        if above && !was_above {
            self.idx.eligible.insert(key);
            self.state.events.emit(
                at,
                EventData::PayoutThresholdReached {
                    affiliate_id: affiliate_id.to_string(),
                    payable: Money::new(payable, currency),
                    minimum: minor_money(minimum, currency),
                },
            );
        } else if !above && was_above {
            self.idx.eligible.remove(&key);
        }
    }

    /// The sums of one account (zero when it has no entries).
    pub(super) fn sums(&self, affiliate_id: &str, currency: Currency) -> Sums {
        self.idx.accounts.get(&(affiliate_id.to_string(), currency)).copied().unwrap_or_default()
    }
}

fn add_to_bucket(sums: &mut Sums, kind: EntryKind, settlement: Settlement, amount: Decimal) {
    match settlement {
        Settlement::Pending => sums.pending += amount,
        Settlement::Approved if kind == EntryKind::Clawback => sums.clawbacks += amount,
        Settlement::Approved => sums.approved += amount,
        Settlement::InPayout(_) => sums.in_payout += amount,
        Settlement::Paid(_) => sums.paid += amount,
    }
}
