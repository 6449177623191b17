//! Holds: commissions kept out of approval and payouts while someone looks at them. A held
//! commission's entries sit in the `held` bucket; it is never approved or paid until it is released
//! (back to pending: the next `approve_due` approves it once its holding period is over) or
//! rejected. An affiliate on hold has their pending commissions held with them and every new one
//! written held, and payouts skip them; approved commissions stay approved (payouts skip them too).
//! `release_affiliate` lifts the hold and releases every held commission of the affiliate, whatever
//! held it (the affiliate was reviewed); `reject_held` rejects them all instead.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::program::affiliates::{AffiliateHold, AffiliateView};
use crate::program::events::EventData;
use crate::program::ledger::settlement::check_reason;
use crate::program::ledger::{CommissionStatus, CommissionView, Settlement};
use crate::program::Program;

impl Program {
    pub(in crate::program) fn exec_hold_affiliate(
        &mut self,
        id: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<AffiliateView> {
        check_reason(reason)?;
        let i = self.live_affiliate(id)?;
        if self.affiliate_at(i)?.hold.is_some() {
            return Err(Error::state(format!("affiliate {id:?} is already on hold")));
        }
        let pending = self.commissions_of(i, CommissionStatus::Pending);
        if let Some(a) = self.state.affiliates.get_mut(i) {
            a.hold = Some(AffiliateHold { reason: reason.to_string(), since: at });
            a.updated_at = at;
        }
        let view = self.view_at(i)?;
        self.state.events.emit(at, EventData::AffiliateHeld { affiliate: view.clone() });
        for ci in pending {
            self.hold_one(ci, reason, at);
        }
        Ok(view)
    }

    pub(in crate::program) fn exec_release_affiliate(&mut self, id: &str, at: DateTime<Utc>) -> Result<AffiliateView> {
        let i = self.affiliate_index(id)?;
        let held = self.commissions_of(i, CommissionStatus::Held);
        if self.affiliate_at(i)?.hold.is_none() && held.is_empty() {
            return Err(Error::state(format!("affiliate {id:?} is not on hold and has no held commission")));
        }
        if let Some(a) = self.state.affiliates.get_mut(i) {
            if a.hold.take().is_some() {
                a.updated_at = at;
            }
        }
        let view = self.view_at(i)?;
        self.state.events.emit(at, EventData::AffiliateReleased { affiliate: view.clone() });
        for ci in held {
            self.release_one(ci, at);
        }
        Ok(view)
    }

    pub(in crate::program) fn exec_reject_held(
        &mut self,
        id: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<Vec<CommissionView>> {
        check_reason(reason)?;
        let i = self.affiliate_index(id)?;
        let held = self.commissions_of(i, CommissionStatus::Held);
        self.check_room(held.len())?;
        // Each is held, so each rejection passes the checks just made.
        held.into_iter().map(|ci| self.exec_reject(&format!("com_{}", ci + 1), reason, at)).collect()
    }

    pub(in crate::program) fn exec_hold_commission(
        &mut self,
        id: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<CommissionView> {
        check_reason(reason)?;
        let ci = self.commission_index(id)?;
        let c = self.state.commissions.get(ci).ok_or_else(|| Error::not_found("commission", id))?;
        match c.status {
            CommissionStatus::Pending => {}
            CommissionStatus::Approved => self.check_not_in_payout(c.entry, id)?,
            CommissionStatus::Held => return Err(Error::state(format!("commission {id} is already held"))),
            CommissionStatus::Paid => return Err(Error::state(format!("commission {id} is paid; it cannot be held"))),
            CommissionStatus::Rejected => return Err(Error::state(format!("commission {id} is rejected"))),
        }
        self.hold_one(ci, reason, at);
        self.commission_view(ci).ok_or_else(|| Error::not_found("commission", id))
    }

    pub(in crate::program) fn exec_release_commission(
        &mut self,
        id: &str,
        at: DateTime<Utc>,
    ) -> Result<CommissionView> {
        let ci = self.commission_index(id)?;
        let c = self.state.commissions.get(ci).ok_or_else(|| Error::not_found("commission", id))?;
        if c.status != CommissionStatus::Held {
            return Err(Error::state(format!("commission {id} is not held (it is {})", c.status)));
        }
        self.release_one(ci, at);
        self.commission_view(ci).ok_or_else(|| Error::not_found("commission", id))
    }

    /// The commissions of affiliate `i` with `status`, in order.
    fn commissions_of(&self, i: usize, status: CommissionStatus) -> Vec<usize> {
        let affiliate = u32::try_from(i).unwrap_or(u32::MAX);
        let of = |c: &&crate::program::ledger::CommissionRecord| c.affiliate == affiliate && c.status == status;
        self.state.commissions.iter().enumerate().filter(|(_, c)| of(c)).map(|(ci, _)| ci).collect()
    }

    /// Holds a pending or approved commission: its entries go to the held bucket. Emits `commission.held`.
    fn hold_one(&mut self, ci: usize, reason: &str, at: DateTime<Utc>) {
        let Some(c) = self.state.commissions.get_mut(ci) else { return };
        c.status = CommissionStatus::Held;
        let (entry, affiliate, currency) = (c.entry, c.affiliate, c.currency);
        let corrections = self.idx.corrections.get(&(ci as u32)).cloned().unwrap_or_default();
        let mut was_approved = false;
        for e in std::iter::once(entry).chain(corrections).map(|e| e as usize) {
            match self.state.entries.get(e).map(|e| e.settlement()) {
                Some(Settlement::Pending) => self.settle(e, Settlement::Held),
                Some(Settlement::Approved) => {
                    was_approved = true;
                    self.settle(e, Settlement::Held);
                }
                _ => {}
            }
        }
        if let Some(commission) = self.commission_view(ci) {
            let event = EventData::CommissionHeld { commission, reason: reason.to_string(), flags: Vec::new() };
            self.state.events.emit(at, event);
        }
        if was_approved {
            self.check_threshold(affiliate, currency, at);
        }
    }

    /// Releases a held commission: pending again, queued for `approve_due` by its creation instant.
    /// Emits `commission.released`.
    fn release_one(&mut self, ci: usize, at: DateTime<Utc>) {
        let Some(c) = self.state.commissions.get_mut(ci) else { return };
        c.status = CommissionStatus::Pending;
        let entry = c.entry;
        let corrections = self.idx.corrections.get(&(ci as u32)).cloned().unwrap_or_default();
        for e in std::iter::once(entry).chain(corrections).map(|e| e as usize) {
            if self.state.entries.get(e).is_some_and(|e| e.settlement() == Settlement::Held) {
                self.settle(e, Settlement::Pending);
            }
        }
        if let Some(created) = self.state.commission_created(ci) {
            self.idx.pending.push((created, ci as u32));
        }
        if let Some(commission) = self.commission_view(ci) {
            self.state.events.emit(at, EventData::CommissionReleased { commission });
        }
    }
}
