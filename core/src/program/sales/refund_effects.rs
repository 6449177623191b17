//! What a refund or chargeback takes back besides commissions, when the config asks for it
//! (`refunds` in [`crate::program::ProgramConfig`]; by default nothing):
//! - `lower_tier_volume`: the refunded share of the sale's subtotal leaves the affiliate's revenue in
//!   the sale's plan period and currency, and a sale refunded in full leaves the sales count, so buying
//!   and refunding does not climb tiers;
//! - `free_cap_room`: what the refund reversed of the affiliate's level-1 commission leaves the period
//!   and per-customer earnings the caps count, so the affiliate can earn it again.
//!
//! The refunded share of the subtotal is `subtotal x refunded / gross` rounded once (the program's
//! rounding) after each refund, and a refund takes the difference from before it: the shares add up
//! to the whole subtotal when the sale is refunded in full. Restore replays the refund records in
//! order (`rebuild_refund_effects`), so the volumes come back the same.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::money::round_to_minor_units;
use crate::program::sales::tracking::gross_of;
use crate::program::sales::RefundRecord;
use crate::program::Program;

/// One refund, as the volumes need it.
pub(in crate::program) struct RefundedSale {
    /// The sale's position.
    pub sale: usize,
    /// Refunded before this refund, and by it (gross amounts).
    pub before: Decimal,
    pub amount: Decimal,
    /// What it reversed of the volume affiliate's level-1 commissions.
    pub level_one: Decimal,
}

impl Program {
    /// Takes `refund` out of the volumes the config says refunds lower.
    pub(in crate::program) fn uncount_refund(&mut self, refund: RefundedSale) -> Result<()> {
        let effects = self.config.refunds;
        if !effects.lower_tier_volume && !effects.free_cap_room {
            return Ok(());
        }
        let Some(sale) = self.state.sales.get(refund.sale) else { return Ok(()) };
        let Some(affiliate) = sale.volume_affiliate() else { return Ok(()) };
        let (at, subtotal, currency) = (sale.at, sale.subtotal(), sale.packed.currency()?);
        let order = sale.order()?;
        let gross = gross_of(&order)?;
        let customer = Program::customer_key(&order).and_then(|k| self.state.customers.find(&k)).map(|c| c as u32);
        let Some(period) = self.period_of(at)? else { return Ok(()) };
        let rounding = self.config.rounding;
        let counted = |refunded: Decimal| -> Decimal {
            if gross <= Decimal::ZERO || refunded >= gross {
                return if refunded >= gross { subtotal } else { Decimal::ZERO };
            }
            let exact = subtotal.checked_mul(refunded).and_then(|p| p.checked_div(gross)).unwrap_or(subtotal);
            round_to_minor_units(exact, currency, rounding)
        };
        let after = refund.before + refund.amount;
        let totals = self.idx.periods.entry((affiliate, period, currency)).or_default();
        if effects.lower_tier_volume {
            totals.revenue -= counted(after) - counted(refund.before);
            if after >= gross && refund.before < gross {
                totals.sales = totals.sales.saturating_sub(1);
            }
        }
        if effects.free_cap_room && refund.level_one > Decimal::ZERO {
            totals.earned -= refund.level_one;
            if let Some(c) = customer {
                let own_currency = currency == self.config.currency;
                let others = &mut self.idx.customer_earned;
                self.state.customers.add_earned(c, affiliate, currency, own_currency, -refund.level_one, others);
            }
        }
        Ok(())
    }

    /// What `record` reversed of its sale's volume affiliate's level-1 commissions.
    pub(in crate::program) fn level_one_reversed(&self, sale: usize, record: &RefundRecord) -> Decimal {
        let affiliate = self.state.sales.get(sale).and_then(|s| s.volume_affiliate());
        record
            .outcome
            .reversals
            .iter()
            .filter(|r| {
                let index = r.commission_id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok());
                let c = index.and_then(|n| n.checked_sub(1)).and_then(|i| self.state.commissions.get(i));
                c.is_some_and(|c| c.level == 1 && Some(c.affiliate) == affiliate)
            })
            .map(|r| r.amount.amount)
            .sum()
    }

    /// Replays every refund record into the volumes, in order (after a restore counted the sales).
    pub(in crate::program) fn rebuild_refund_effects(&mut self) -> Result<()> {
        if !self.config.refunds.lower_tier_volume && !self.config.refunds.free_cap_room {
            return Ok(());
        }
        let mut refunded: std::collections::HashMap<usize, Decimal> = std::collections::HashMap::new();
        for k in 0..self.state.refunds.len() {
            let Some(record) = self.state.refunds.get(k) else { continue };
            let Some(sale) = self.sale_position(&record.refund.order_id) else { continue };
            let amount = record.outcome.amount.amount;
            let level_one = self.level_one_reversed(sale, record);
            let before = refunded.entry(sale).or_default();
            let refund = RefundedSale { sale, before: *before, amount, level_one };
            *before += amount;
            self.uncount_refund(refund)?;
        }
        Ok(())
    }
}
