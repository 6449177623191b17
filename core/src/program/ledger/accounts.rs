//! Writing ledger entries and moving them between settlement buckets, keeping the sums in step.
//! These run only after a command has been fully validated: they cannot fail.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::money::{Currency, Money};
use crate::program::events::EventData;
use crate::program::ledger::{minor_money, CommissionRecord, EntryKind, EntryRecord, Settlement, Sums};
use crate::program::state::compact::Units;
use crate::program::Program;

impl Program {
    /// Appends an entry to commission `ci` and adds it to its account's sums.
    pub(in crate::program) fn push_entry(
        &mut self,
        ci: usize,
        kind: EntryKind,
        amount: Decimal,
        at: DateTime<Utc>,
        cause: Option<&str>,
        settlement: Settlement,
    ) {
        let Some(c) = self.state.commissions.get_mut(ci) else { return };
        let i = self.state.entries.len();
        // Positions fit in u32: the tracking and refund commands check the ledger's size first.
        let (ei, commission) = (i as u32, ci as u32);
        if kind == EntryKind::Commission {
            c.entry = ei;
        }
        if let Some(cause) = cause {
            self.state.causes.insert(ei, cause.into());
        }
        let entry = EntryRecord::new(commission, kind, settlement, Units::of_ledger(amount), at);
        // The same accounting as a restored or checkpointed entry's.
        self.idx.index_entry(ei, &entry, c.affiliate, c.currency);
        self.state.entries.push(entry);
    }

    /// Moves entry `ei` to another bucket.
    pub(in crate::program) fn settle(&mut self, ei: usize, to: Settlement) {
        let Some(entry) = self.state.entries.get_mut(ei) else { return };
        let Some(c) = self.state.commissions.get(entry.commission as usize) else { return };
        let from = entry.settlement();
        entry.set_settlement(to);
        let key = (c.affiliate, c.currency);
        let (kind, amount) = (entry.kind(), entry.amount());
        let sums = self.idx.accounts.entry(key).or_default();
        sums.add_to_bucket(kind, from, -amount);
        sums.add_to_bucket(kind, to, amount);
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
    pub(in crate::program) fn check_threshold(&mut self, affiliate: u32, currency: Currency, at: DateTime<Utc>) {
        let payable = self.idx.accounts.get(&(affiliate, currency)).map_or(Decimal::ZERO, Sums::payable);
        let affiliate_id = self.state.affiliates.get(affiliate as usize).map(|a| a.id.clone()).unwrap_or_default();
        let key = (affiliate_id.clone(), currency);
        let minimum = self.config.minimum_for(currency);
        let above = payable > Decimal::ZERO && payable >= minimum;
        let was_above = self.idx.eligible.contains(&key);
        if above && !was_above {
            self.idx.eligible.insert(key);
            self.state.events.emit(
                at,
                EventData::PayoutThresholdReached {
                    affiliate_id,
                    payable: Money::new(payable, currency),
                    minimum: minor_money(minimum, currency),
                },
            );
        } else if !above && was_above {
            self.idx.eligible.remove(&key);
        }
    }

    /// Whether the ledger has room for `more` entries (and commissions) numbered in u32, checked by
    /// every command that writes some before it changes anything.
    pub(in crate::program) fn check_room(&self, more: usize) -> crate::Result<()> {
        let most = self.state.entries.len().max(self.state.commissions.len()).max(self.state.sales.len());
        crate::program::state::index_u32(most.saturating_add(more)).map(|_| ())
    }

    /// What corrections took back from commission `ci` (positive).
    pub(in crate::program) fn reversed_of(&self, ci: usize) -> Decimal {
        self.idx.reversed.get(&(ci as u32)).copied().unwrap_or_default()
    }

    /// What is left of commission `ci` after corrections.
    pub(in crate::program) fn remaining_of(&self, ci: usize) -> Decimal {
        self.state.commissions.get(ci).map_or(Decimal::ZERO, |c| c.amount.get() - self.reversed_of(ci))
    }

    /// When a commission was created: when its sale was.
    pub(in crate::program) fn created_at_of(&self, c: &CommissionRecord) -> DateTime<Utc> {
        self.state.sales.get(c.sale as usize).map(|s| s.at).unwrap_or_default()
    }

    /// The sums of one account (zero when it has no entries).
    pub(in crate::program) fn sums(&self, affiliate: usize, currency: Currency) -> Sums {
        let affiliate = u32::try_from(affiliate).unwrap_or(u32::MAX);
        self.idx.accounts.get(&(affiliate, currency)).copied().unwrap_or_default()
    }
}
