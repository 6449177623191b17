//! Settlement: approving commissions after the holding period, rejecting them, and payouts.
//! Each verb touches only what it changes (the pending queue, the payable accounts, one payout).

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::Money;
use crate::program::affiliates::{check_name, AffiliateStatus};
use crate::program::events::EventData;
use crate::program::ledger::payouts::{Payout, PayoutStatus};
use crate::program::ledger::{CommissionStatus, CommissionView, EntryKind, Settlement};
use crate::program::Program;

/// A reason given for a rejection, a failure or a hold: non-blank text of at most 320 bytes.
pub(in crate::program) fn check_reason(reason: &str) -> Result<()> {
    check_name(reason).map_err(|_| Error::input("reason", "give a reason (non-blank text of at most 320 bytes)"))
}

impl Program {
    pub(in crate::program) fn exec_approve_due(&mut self, at: DateTime<Utc>) -> Result<Vec<CommissionView>> {
        let holding = TimeDelta::days(i64::from(self.config.holding_days));
        let cutoff = at.checked_sub_signed(holding).ok_or_else(|| Error::overflow("holding period"))?;
        let state = &self.state;
        let created = |n: u32| state.commission_created(n as usize).unwrap_or_default();
        let due = self.idx.pending.take_through((cutoff, u32::MAX), created);
        let mut approved = Vec::new();
        let mut touched = Vec::new();
        for (_, ci) in due {
            let ci = ci as usize;
            let (entry, affiliate, currency) = match self.state.commissions.get_mut(ci) {
                // Rejected ones stay queued until their time (`PendingQueue`): skipped here.
                Some(c) if c.status == CommissionStatus::Pending => {
                    c.status = CommissionStatus::Approved;
                    (c.entry, c.affiliate, c.currency)
                }
                _ => continue,
            };
            let corrections = self.idx.corrections.get(&(ci as u32)).cloned().unwrap_or_default();
            for e in std::iter::once(entry).chain(corrections).map(|e| e as usize) {
                if self.state.entries.get(e).is_some_and(|e| e.settlement() == Settlement::Pending) {
                    self.settle(e, Settlement::Approved);
                }
            }
            if let Some(view) = self.commission_view(ci) {
                touched.push((view.affiliate_id.clone(), currency, affiliate));
                self.state.events.emit(at, EventData::CommissionApproved { commission: view.clone() });
                approved.push(view);
            }
        }
        // Thresholds in the order of the affiliates' ids.
        touched.sort();
        touched.dedup();
        for (_, currency, affiliate) in touched {
            self.check_threshold(affiliate, currency, at);
        }
        Ok(approved)
    }

    pub(in crate::program) fn exec_reject(
        &mut self,
        id: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<CommissionView> {
        check_reason(reason)?;
        let ci = self.commission_index(id)?;
        let c = self.state.commissions.get(ci).ok_or_else(|| Error::not_found("commission", id))?;
        let settlement = match c.status {
            CommissionStatus::Pending => Settlement::Pending,
            CommissionStatus::Approved => {
                self.check_not_in_payout(c.entry, id)?;
                Settlement::Approved
            }
            CommissionStatus::Paid => {
                return Err(Error::state(format!("commission {id} is paid; refund the order instead")))
            }
            CommissionStatus::Rejected => return Err(Error::state(format!("commission {id} is already rejected"))),
            CommissionStatus::Held => Settlement::Held,
        };
        let (remaining, currency) = (self.remaining_of(ci), c.currency);
        let affiliate = c.affiliate;
        self.check_room(1)?;
        if remaining > Decimal::ZERO {
            self.push_entry(ci, EntryKind::Rejection, -remaining, at, Some(reason), settlement);
        }
        if let Some(c) = self.state.commissions.get_mut(ci) {
            c.status = CommissionStatus::Rejected;
        }
        let view = self.commission_view(ci).ok_or_else(|| Error::not_found("commission", id))?;
        self.state.events.emit(
            at,
            EventData::CommissionRejected {
                commission: view.clone(),
                amount: Money::new(remaining, currency),
                reason: reason.to_string(),
            },
        );
        if settlement == Settlement::Approved {
            self.check_threshold(affiliate, currency, at);
        }
        Ok(view)
    }

    pub(in crate::program) fn exec_create_payouts(&mut self, at: DateTime<Utc>) -> Result<Vec<Payout>> {
        let eligible: Vec<_> = self.idx.eligible.iter().cloned().collect();
        // Every payout number this call may use must fit in a u32: checked before anything changes.
        u32::try_from(self.state.payouts.len().saturating_add(eligible.len()))
            .map_err(|_| Error::overflow("payout count"))?;
        let mut created = Vec::new();
        for (affiliate_id, currency) in eligible {
            let Some(&a) = self.idx.affiliate_by_id.get(&affiliate_id) else { continue };
            let payable = self.sums(a, currency).payable();
            let Some(affiliate) = self.state.affiliates.get(a) else { continue };
            let on_hold = affiliate.hold.is_some();
            if payable <= Decimal::ZERO || affiliate.status == AffiliateStatus::Suspended || on_hold {
                continue;
            }
            // Affiliates are numbered below u32::MAX (they are records' numbers).
            let key = (a as u32, currency);
            let entries: Vec<usize> =
                self.idx.approved_entries.get(&key).map(|s| s.iter().copied().collect()).unwrap_or_default();
            let n = self.state.payouts.len() + 1;
            let number = u32::try_from(n).unwrap_or(u32::MAX); // fits: checked above
            for &e in &entries {
                self.settle(e, Settlement::InPayout(number));
            }
            let payout = Payout {
                id: format!("pay_{n}"),
                affiliate_id: affiliate_id.clone(),
                amount: Money::new(payable, currency),
                status: PayoutStatus::Created,
                entry_count: entries.len() as u64,
                created_at: at,
                settled_at: None,
                reference: None,
                failure_reason: None,
                entries,
            };
            self.state.payouts.push(payout.clone());
            self.check_threshold(a as u32, currency, at);
            self.state.events.emit(at, EventData::PayoutCreated { payout: payout.clone() });
            created.push(payout);
        }
        Ok(created)
    }

    pub(in crate::program) fn exec_mark_paid(
        &mut self,
        id: &str,
        reference: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Payout> {
        let pi = self.payout_index(id)?;
        self.created_payout(pi, id)?;
        if let Some(r) = reference {
            check_name(r).map_err(|_| Error::input("reference", "must be non-blank text of at most 320 bytes"))?;
        }
        let number = u32::try_from(pi + 1).map_err(|_| Error::overflow("payout count"))?;
        let entries = self.state.payouts.get(pi).map(|p| p.entries.clone()).unwrap_or_default();
        for &e in &entries {
            self.settle(e, Settlement::Paid(number));
            let commission =
                self.state.entries.get(e).filter(|e| e.kind() == EntryKind::Commission).map(|e| e.commission);
            if let Some(ci) = commission.map(|c| c as usize) {
                // A rejected commission's (netting) entries may ride along in a payout: it stays rejected.
                if let Some(c) = self.state.commissions.get_mut(ci).filter(|c| c.status == CommissionStatus::Approved) {
                    c.status = CommissionStatus::Paid;
                }
            }
        }
        let payout = self.finish_payout(pi, PayoutStatus::Paid, at, reference.map(str::to_string), None)?;
        self.state.events.emit(at, EventData::PayoutMarkedPaid { payout: payout.clone() });
        Ok(payout)
    }

    pub(in crate::program) fn exec_mark_failed(&mut self, id: &str, reason: &str, at: DateTime<Utc>) -> Result<Payout> {
        let pi = self.payout_index(id)?;
        self.created_payout(pi, id)?;
        check_reason(reason)?;
        let entries = self.state.payouts.get(pi).map(|p| p.entries.clone()).unwrap_or_default();
        for &e in &entries {
            self.settle(e, Settlement::Approved);
        }
        let payout = self.finish_payout(pi, PayoutStatus::Failed, at, None, Some(reason.to_string()))?;
        self.state.events.emit(at, EventData::PayoutFailed { payout: payout.clone() });
        if let Some(&a) = self.idx.affiliate_by_id.get(&payout.affiliate_id) {
            self.check_threshold(a as u32, payout.amount.currency, at);
        }
        Ok(payout)
    }

    /// An approved commission whose `commission` entry (`entry`) sits in a payout not yet settled
    /// cannot change: [`Error::InvalidState`].
    pub(in crate::program) fn check_not_in_payout(&self, entry: u32, id: &str) -> Result<()> {
        let in_payout =
            self.state.entries.get(entry as usize).is_some_and(|e| matches!(e.settlement(), Settlement::InPayout(_)));
        match in_payout {
            true => Err(Error::state(format!("commission {id} is in a payout; mark the payout failed first"))),
            false => Ok(()),
        }
    }

    fn created_payout(&self, pi: usize, id: &str) -> Result<()> {
        match self.state.payouts.get(pi).map(|p| p.status) {
            Some(PayoutStatus::Created) => Ok(()),
            Some(status) => Err(Error::state(format!("payout {id} is already {status}"))),
            None => Err(Error::not_found("payout", id)),
        }
    }

    fn finish_payout(
        &mut self,
        pi: usize,
        status: PayoutStatus,
        at: DateTime<Utc>,
        reference: Option<String>,
        failure_reason: Option<String>,
    ) -> Result<Payout> {
        let p = self.state.payouts.get_mut(pi).ok_or_else(|| Error::not_found("payout", pi.to_string()))?;
        p.status = status;
        p.settled_at = Some(at);
        p.reference = reference;
        p.failure_reason = failure_reason;
        if status == PayoutStatus::Failed {
            p.entries.clear();
        }
        Ok(p.clone())
    }
}
