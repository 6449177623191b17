//! Reads: affiliates, balances, commissions, payouts, invitations, events. None changes state.

pub(in crate::program) mod reports;

use rust_decimal::Decimal;

use crate::codes::canonical_code;
use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::plan::{CommissionKind, Plan, Target, TargetKind};
use crate::program::affiliates::invitations::Invitation;
use crate::program::affiliates::{Affiliate, AffiliateStats, AffiliateStatus, AffiliateView};
use crate::program::ledger::payouts::Payout;
use crate::program::ledger::{minor_money, Balance, Commission, CommissionStatus, CommissionView, Entry, LineShare};
use crate::program::{Command, Program, ProgramConfig};

impl Program {
    /// The program's config.
    pub fn config(&self) -> &ProgramConfig {
        &self.config
    }

    /// The config's compiled commission plan (version 1; [`Program::plans`] lists every version,
    /// [`Program::plan_at`] gives the one in force at an instant).
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
        let i = self.affiliate_index(affiliate_id)?;
        Ok(self.sums(i, currency).balance(affiliate_id, currency))
    }

    /// A commission by id (`com_<n>`).
    pub fn commission(&self, id: &str) -> Result<Commission> {
        self.commission_index(id).and_then(|i| self.commission_at(i).ok_or_else(|| Error::not_found("commission", id)))
    }

    /// Every commission, in creation order.
    pub fn commissions(&self) -> Vec<Commission> {
        (0..self.state.commissions.len()).filter_map(|i| self.commission_at(i)).collect()
    }

    /// Every ledger entry, in writing order.
    pub fn entries(&self) -> Vec<Entry> {
        (0..self.state.entries.len()).filter_map(|i| self.entry_at(i)).collect()
    }

    /// How many commissions the ledger holds.
    pub fn commission_count(&self) -> usize {
        self.state.commissions.len()
    }

    /// How many entries the ledger holds.
    pub fn entry_count(&self) -> usize {
        self.state.entries.len()
    }

    /// The commission at index `ci` as reads and events show it (without its line shares).
    pub(in crate::program) fn commission_view(&self, ci: usize) -> Option<CommissionView> {
        let c = self.state.commissions.get(ci)?;
        let sale = self.state.sales.get(c.sale as usize)?;
        Some(CommissionView {
            id: format!("com_{}", ci + 1),
            affiliate_id: self.affiliate_id_at(c.affiliate).to_string(),
            sale_id: sale.id().to_string(),
            level: u32::from(c.level),
            rule_id: self.state.rules.name(c.rule).to_string(),
            amount: c.amount(),
            reversed: minor_money(self.reversed_of(ci), c.currency),
            status: c.status,
            created_at: self.created_at_of(c),
        })
    }

    /// The commission at index `ci` as `commission.created` and the sale's answer show it: pending
    /// (or held, if written held), nothing reversed.
    pub(in crate::program) fn created_view(&self, ci: usize) -> Option<CommissionView> {
        let mut view = self.commission_view(ci)?;
        view.status = match self.state.created_held.contains(&(ci as u32)) {
            true => CommissionStatus::Held,
            false => CommissionStatus::Pending,
        };
        view.reversed = minor_money(Decimal::ZERO, view.amount.currency);
        Some(view)
    }

    /// The commission at index `ci`, in its public shape (ids for what the record numbers).
    pub(in crate::program) fn commission_at(&self, ci: usize) -> Option<Commission> {
        let c = self.state.commissions.get(ci)?;
        let lines = self.state.sales.get(c.sale as usize)?.order().ok()?.lines;
        let line_id = |k: u32| lines.get(k as usize).map(|l| l.id.clone()).unwrap_or_default();
        let view = self.commission_view(ci)?;
        Some(Commission {
            id: view.id,
            affiliate_id: view.affiliate_id,
            sale_id: view.sale_id,
            level: view.level,
            rule_id: view.rule_id,
            amount: view.amount,
            status: view.status,
            created_at: view.created_at,
            line_shares: c
                .line_shares
                .pairs(c.amount.get(), &self.state.splits)
                .into_iter()
                .map(|(k, amount)| LineShare { line_id: line_id(k), amount })
                .collect(),
            reversed: self.reversed_of(ci),
        })
    }

    /// The entry at index `ei`, in its public shape.
    pub(in crate::program) fn entry_at(&self, ei: usize) -> Option<Entry> {
        let e = self.state.entries.get(ei)?;
        let c = self.state.commissions.get(e.commission as usize)?;
        Some(Entry {
            id: format!("ent_{}", ei + 1),
            commission_id: format!("com_{}", e.commission as usize + 1),
            affiliate_id: self.affiliate_id_at(c.affiliate).to_string(),
            kind: e.kind(),
            amount: Money::new(e.amount(), c.currency),
            at: e.at,
            cause: self.state.causes.get(&(ei as u32)).map(|c| c.to_string()),
            settlement: e.settlement(),
        })
    }

    /// The id of the affiliate at index `a` (records number affiliates by position; none is removed).
    pub(in crate::program) fn affiliate_id_at(&self, a: u32) -> &str {
        self.state.affiliates.get(a as usize).map_or("", |a| a.id.as_str())
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

    pub(in crate::program) fn affiliate_index(&self, id: &str) -> Result<usize> {
        self.idx.affiliate_by_id.get(id).copied().ok_or_else(|| Error::not_found("affiliate", id))
    }

    /// The index of an affiliate that is not deleted.
    pub(in crate::program) fn live_affiliate(&self, id: &str) -> Result<usize> {
        let i = self.affiliate_index(id)?;
        if self.affiliate_at(i)?.status == AffiliateStatus::Deleted {
            return Err(Error::state(format!("affiliate {id:?} is deleted")));
        }
        Ok(i)
    }

    /// `currency` (`None`: the program's), or [`Error::CurrencyMismatch`] unless the program accepts it.
    pub(in crate::program) fn check_currency(&self, currency: Option<Currency>) -> Result<Currency> {
        let currency = currency.unwrap_or(self.config.currency);
        if self.plan.currencies().contains(&currency) {
            return Ok(currency);
        }
        let expected = Currency::list(self.plan.currencies());
        Err(Error::CurrencyMismatch { expected, found: currency.code().to_string() })
    }

    pub(in crate::program) fn affiliate_at(&self, i: usize) -> Result<&Affiliate> {
        self.state.affiliates.get(i).ok_or_else(|| Error::not_found("affiliate", i.to_string()))
    }

    pub(in crate::program) fn commission_index(&self, id: &str) -> Result<usize> {
        numbered(id, "com_", self.state.commissions.len()).ok_or_else(|| Error::not_found("commission", id))
    }

    pub(in crate::program) fn payout_index(&self, id: &str) -> Result<usize> {
        numbered(id, "pay_", self.state.payouts.len()).ok_or_else(|| Error::not_found("payout", id))
    }

    pub(in crate::program) fn view_at(&self, i: usize) -> Result<AffiliateView> {
        let a = self.affiliate_at(i)?;
        // Referrals and sales in every currency; earnings in the program's (Chariow's shape has one).
        let (referrals, sales) = self.plan.currencies().iter().fold((0, 0), |(r, s), &c| {
            let totals = self.idx.totals.get(&(i as u32, c)).copied().unwrap_or_default();
            (r + totals.referrals, s + totals.sales)
        });
        let sums = self.sums(i, self.config.currency);
        Ok(AffiliateView {
            id: a.id.clone(),
            code: a.codes.first().map(|c| c.code.clone()),
            name: a.name.clone(),
            email: a.email.clone(),
            commission_rate: a.commission_rate.or_else(|| self.default_rate(a)),
            status: a.status,
            group: a.group.clone(),
            parent: a.parent.clone(),
            codes: a.codes.iter().map(|c| c.code.clone()).collect(),
            hold: a.hold.clone(),
            stats: AffiliateStats {
                total_referrals: referrals,
                total_sales: sales,
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
        percentage(&|t| {
            t.kind() == TargetKind::Affiliate && matches!(t, Target::Affiliate { affiliate, .. } if *affiliate == a.id)
        })
        .or_else(|| {
            percentage(&|t| {
                t.kind() == TargetKind::Group
                    && matches!(t, Target::Group { group, .. } if Some(group) == a.group.as_ref())
            })
        })
        .or_else(|| percentage(&|t| matches!(t, Target::Program {})))
    }
}

/// Parses `<prefix><n>` (n from 1) into an index below `len`.
fn numbered(id: &str, prefix: &str, len: usize) -> Option<usize> {
    let n: usize = id.strip_prefix(prefix)?.parse().ok()?;
    let i = n.checked_sub(1)?;
    (i < len && format!("{prefix}{n}") == id).then_some(i)
}
