//! The indices a program derives from its records, built the same way when a snapshot is restored
//! (`restore.rs`, as it reads) and when a checkpoint is read (`checkpoint.rs`, from its records), both beside it.

use hashbrown::HashMap;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::program::affiliates::invitations::{Invitation, InvitationStatus};
use crate::program::affiliates::Affiliate;
use crate::program::ledger::payouts::Payout;
use crate::program::ledger::{CommissionRecord, CommissionStatus, EntryKind, EntryRecord, Settlement};
use crate::program::sales::table::Sales;
use crate::program::sales::RefundRecord;
use crate::program::state::{index_u32, Indices};
use crate::program::ProgramConfig;

impl Indices {
    /// Affiliates by id, lower-case e-mail and code; an id or a code listed twice is refused.
    pub(in crate::program) fn index_affiliates(&mut self, affiliates: &[Affiliate]) -> Result<()> {
        for (i, a) in affiliates.iter().enumerate() {
            if self.affiliate_by_id.insert(a.id.clone(), i).is_some() {
                return Err(Error::snapshot(format!("duplicate affiliate id {:?}", a.id)));
            }
            if let Some(email) = &a.email {
                self.affiliate_by_email.insert(email.to_ascii_lowercase(), i);
            }
            for code in &a.codes {
                if self.code_owner.insert(code.code.clone(), i).is_some() {
                    return Err(Error::snapshot(format!("duplicate code {:?}", code.code)));
                }
            }
        }
        index_u32(affiliates.len()).map(drop)
    }

    /// Pending invitations by lower-case e-mail and by expiry.
    pub(in crate::program) fn index_invitations(&mut self, invitations: &[Invitation]) {
        for (i, inv) in invitations.iter().enumerate() {
            if inv.status == InvitationStatus::Pending {
                self.pending_invitation.insert(inv.email.to_ascii_lowercase(), i);
                self.invitation_expiry.insert((inv.expires_at, i));
            }
        }
    }

    /// Refunds by id.
    pub(in crate::program) fn index_refunds(&mut self, refunds: &[RefundRecord]) {
        for (i, r) in refunds.iter().enumerate() {
            self.refund_by_id.insert(r.refund.id.clone(), i);
        }
    }

    /// Entry `i` (of a commission of `affiliate`) in its account's sums and bucket, and, for a
    /// correction, in what its commission had taken back.
    pub(in crate::program) fn index_entry(
        &mut self,
        i: u32,
        entry: &EntryRecord,
        affiliate: u32,
        currency: crate::money::Currency,
    ) {
        let v = entry.amount();
        if entry.kind() != EntryKind::Commission {
            *self.reversed.entry(entry.commission).or_default() -= v;
            self.corrections.entry(entry.commission).or_default().push(i);
        }
        let key = (affiliate, currency);
        let sums = self.accounts.entry(key).or_default();
        match entry.kind() {
            EntryKind::Commission => sums.earned += v,
            _ => sums.reversed -= v,
        }
        sums.add_to_bucket(entry.kind(), entry.settlement(), v);
        if entry.settlement() == Settlement::Approved {
            self.approved_entries.entry(key).or_default().insert(i as usize);
        }
    }

    /// Pending commissions by their sale's instant (when `approve_due` looks at them), sorted once.
    pub(in crate::program) fn index_pending(&mut self, commissions: &[CommissionRecord], sales: &Sales) -> Result<()> {
        index_u32(commissions.len())?;
        self.pending = commissions
            .iter()
            .enumerate()
            .filter(|(_, c)| c.status == CommissionStatus::Pending)
            .map(|(i, c)| (sales.get(c.sale as usize).map(|s| s.at).unwrap_or_default(), i as u32))
            .collect();
        Ok(())
    }

    /// The accounts whose payable balance is positive and reaches the config's minimum.
    pub(in crate::program) fn index_eligible(&mut self, affiliates: &[Affiliate], config: &ProgramConfig) {
        for (key, sums) in &self.accounts {
            if sums.payable() > Decimal::ZERO && sums.payable() >= config.minimum_for(key.1) {
                let id = affiliates.get(key.0 as usize).map(|a| a.id.clone()).unwrap_or_default();
                self.eligible.insert((id, key.1));
            }
        }
    }
}

/// Gives each payout the entries whose settlement names it (payouts are numbered from 1 in order);
/// an entry naming no payout is refused.
pub(in crate::program) fn settle_payouts(payouts: &mut [Payout], entries: &[EntryRecord]) -> Result<()> {
    let mut in_payouts: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let Settlement::InPayout(n) | Settlement::Paid(n) = e.settlement() {
            in_payouts.entry(n).or_default().push(i);
        }
    }
    for (k, p) in payouts.iter_mut().enumerate() {
        p.entries = in_payouts.remove(&index_u32(k + 1)?).unwrap_or_default();
    }
    match in_payouts.keys().next() {
        Some(n) => Err(Error::snapshot(format!("entry names unknown payout {n}"))),
        None => Ok(()),
    }
}
