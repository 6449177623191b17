//! What a restored program must hold beyond what each record's own checks see (`restore` checks
//! these after reading a snapshot): settlement and payouts agree with the ledger, events are
//! numbered without gaps.

use super::State;
use crate::error::{Error, Result};
use crate::program::ledger::{CommissionStatus, Settlement};

impl State {
    /// A commission's status agrees with its `commission` entry (pending while that entry is, not
    /// after), and a payout holds only its own affiliate's entries.
    pub(in crate::program) fn check_settlement(&self) -> Result<()> {
        for (i, c) in self.commissions.iter().enumerate() {
            let first = self.entries.get(c.entry as usize);
            let pending = first.is_some_and(|e| e.settlement() == Settlement::Pending);
            let agrees = match c.status {
                CommissionStatus::Pending => pending,
                CommissionStatus::Approved | CommissionStatus::Paid => first.is_some() && !pending,
                CommissionStatus::Rejected => first.is_some(),
                CommissionStatus::Held => first.is_some_and(|e| e.settlement() == Settlement::Held),
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
    pub(in crate::program) fn check_events(&self) -> Result<()> {
        let numbered = self.events.forgotten.checked_add(self.events.events.len() as u64 + 1);
        if numbered.is_none_or(|next| next > i64::MAX as u64) {
            return Err(Error::snapshot("the event numbers are out of range"));
        }
        for (k, stored) in self.events.events.iter().enumerate() {
            let n = self.events.forgotten + k as u64 + 1;
            // Restored events are all as read; references are made after these checks.
            if let Some(e) = self.events.emitted_event(stored) {
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
