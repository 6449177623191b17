//! Reads: affiliates, balances, commissions, payouts, invitations, events. None changes state.

use rust_decimal::Decimal;

use super::affiliate::{Affiliate, AffiliateStats, AffiliateStatus, AffiliateView};
use super::invitations::Invitation;
use super::ledger::{minor_money, Balance, Commission, Entry};
use super::payouts::Payout;
use super::{Command, Program, ProgramConfig};
use crate::codes::canonical_code;
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::plan::{CommissionKind, Plan, Target};

impl Program {
    /// The program's config.
    pub fn config(&self) -> &ProgramConfig {
        &self.config
    }

    /// The compiled commission plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// One affiliate, in the Chariow shape. Deleted affiliates are still found (without personal data).
    pub fn affiliate(&self, id: &str) -> Result<AffiliateView> {
        self.view_at(self.affiliate_index(id)?)
    }

    /// The affiliate owning a code (any spelling that canonicalizes to it).
    pub fn affiliate_by_code(&self, code: &str) -> Result<AffiliateView> {
        let canonical = canonical_code(code, &self.config.code_policy)?;
        let i = *self.idx.code_owner.get(&canonical).ok_or_else(|| Error::not_found("code", canonical))?;
        self.view_at(i)
    }

    /// Every affiliate, in registration order.
    pub fn affiliates(&self) -> Vec<AffiliateView> {
        (0..self.state.affiliates.len()).filter_map(|i| self.view_at(i).ok()).collect()
    }

    /// An affiliate's balance in `currency` (zero when they have no entries in it).
    pub fn balance(&self, affiliate_id: &str, currency: Currency) -> Result<Balance> {
        self.affiliate_index(affiliate_id)?;
        Ok(self.sums(affiliate_id, currency).balance(affiliate_id, currency))
    }

    /// A commission by id (`com_<n>`).
    pub fn commission(&self, id: &str) -> Result<&Commission> {
        self.commission_index(id)
            .and_then(|i| self.state.commissions.get(i).ok_or_else(|| Error::not_found("commission", id)))
    }

    /// Every commission, in creation order.
    pub fn commissions(&self) -> &[Commission] {
        &self.state.commissions
    }

    /// Every ledger entry, in writing order.
    pub fn entries(&self) -> &[Entry] {
        &self.state.entries
    }

    /// A payout by id (`pay_<n>`).
    pub fn payout(&self, id: &str) -> Result<&Payout> {
        self.payout_index(id).and_then(|i| self.state.payouts.get(i).ok_or_else(|| Error::not_found("payout", id)))
    }

    /// Every payout, in creation order.
    pub fn payouts(&self) -> &[Payout] {
        &self.state.payouts
    }

    /// Every invitation, in creation order.
    pub fn invitations(&self) -> &[Invitation] {
        &self.state.invitations
    }

    /// Every accepted command since the program was created or restored.
    pub fn command_log(&self) -> &[Command] {
        &self.log
    }

    pub(super) fn affiliate_index(&self, id: &str) -> Result<usize> {
        self.idx.affiliate_by_id.get(id).copied().ok_or_else(|| Error::not_found("affiliate", id))
    }

    /// The index of an affiliate that is not deleted.
    pub(super) fn live_affiliate(&self, id: &str) -> Result<usize> {
        let i = self.affiliate_index(id)?;
        if self.affiliate_at(i)?.status == AffiliateStatus::Deleted {
            return Err(Error::state(format!("affiliate {id:?} is deleted")));
        }
        Ok(i)
    }

    pub(super) fn affiliate_at(&self, i: usize) -> Result<&Affiliate> {
        self.state.affiliates.get(i).ok_or_else(|| Error::not_found("affiliate", i.to_string()))
    }

    pub(super) fn commission_index(&self, id: &str) -> Result<usize> {
        numbered(id, "com_", self.state.commissions.len()).ok_or_else(|| Error::not_found("commission", id))
    }

    pub(super) fn payout_index(&self, id: &str) -> Result<usize> {
        numbered(id, "pay_", self.state.payouts.len()).ok_or_else(|| Error::not_found("payout", id))
    }

    pub(super) fn view_at(&self, i: usize) -> Result<AffiliateView> {
        let a = self.affiliate_at(i)?;
        let totals = self.idx.totals.get(&a.id).copied().unwrap_or_default();
        let sums = self.sums(&a.id, self.config.currency);
        Ok(AffiliateView {
            id: a.id.clone(),
            code: a.codes.first().map(|c| c.code.clone()),
            name: a.name.clone(),
            email: a.email.clone(),
            commission_rate: self.default_rate(a),
            status: a.status,
            group: a.group.clone(),
            parent: a.parent.clone(),
            codes: a.codes.iter().map(|c| c.code.clone()).collect(),
            stats: AffiliateStats {
                total_referrals: totals.referrals,
                total_sales: totals.sales,
                total_earnings: minor_money(sums.earned - sums.reversed, self.config.currency),
            },
            created_at: a.created_at,
            updated_at: a.updated_at,
        })
    }

    /// The first percentage rule targeting the affiliate, else their group, else the program.
    fn default_rate(&self, a: &Affiliate) -> Option<Decimal> {
        let rules = &self.plan.spec().rules;
        let percentage = |matches: &dyn Fn(&Target) -> bool| {
            rules.iter().find(|r| r.commission == CommissionKind::Percentage && matches(&r.target)).and_then(|r| r.rate)
        };
        percentage(&|t| matches!(t, Target::Affiliate { affiliate } if *affiliate == a.id))
            .or_else(|| percentage(&|t| matches!(t, Target::Group { group } if Some(group) == a.group.as_ref())))
            .or_else(|| percentage(&|t| matches!(t, Target::Program {})))
    }
}

/// Parses `<prefix><n>` (n from 1) into an index below `len`.
fn numbered(id: &str, prefix: &str, len: usize) -> Option<usize> {
    let n: usize = id.strip_prefix(prefix)?.parse().ok()?;
    let i = n.checked_sub(1)?;
    (i < len && format!("{prefix}{n}") == id).then_some(i)
}
