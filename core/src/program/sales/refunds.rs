//! Refunds and chargebacks: reverse every level's commission in proportion, never more than earned.
//! Before payout a correction is a `reversal` in the commission's bucket; after (or while in a payout)
//! it is a `clawback` that makes the payable balance negative until the next payout nets it.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{allocate_with_scale, round_to_minor_units, Money};
use crate::plan::{Order, MAX_ORDER_DECIMALS};
use crate::program::affiliates::check_id;
use crate::program::events::EventData;
use crate::program::ledger::{EntryKind, Settlement};
use crate::program::sales::refund_effects::RefundedSale;
use crate::program::sales::{Refund, RefundOutcome, RefundRecord, Reversal, UpdateKind};
use crate::program::Program;

impl Program {
    pub(in crate::program) fn exec_refund(
        &mut self,
        kind: UpdateKind,
        refund: &Refund,
        at: DateTime<Utc>,
    ) -> Result<RefundOutcome> {
        check_id("refund.id", &refund.id)?;
        if let Some(record) = self.idx.refund_by_id.get(&refund.id).and_then(|&i| self.state.refunds.get(i)) {
            if record.kind == kind && &record.refund == refund {
                return Ok(record.outcome.clone());
            }
            return Err(Error::conflict(format!(
                "refund {:?} was already recorded with a different payload",
                refund.id
            )));
        }
        let si =
            self.sale_position(&refund.order_id).ok_or_else(|| Error::not_found("order", refund.order_id.as_str()))?;
        let sale = self.state.sales.get(si).ok_or_else(|| Error::not_found("order", refund.order_id.as_str()))?;
        let order = sale.order()?;
        let currency = order.currency;
        let left = crate::program::sales::tracking::gross_of(&order)? - sale.refunded();
        let amount = match (&refund.amount, &refund.lines) {
            (Some(_), Some(_)) => return Err(Error::input("refund", "give an amount or lines, not both")),
            (Some(amount), None) => {
                if *amount <= Decimal::ZERO || amount.normalize().scale() > MAX_ORDER_DECIMALS {
                    return Err(Error::InvalidAmount {
                        input: amount.to_string(),
                        reason: format!("a refund is positive, with at most {MAX_ORDER_DECIMALS} decimals"),
                    });
                }
                if *amount > left {
                    return Err(Error::limit(format!(
                        "refund of {amount} {currency} is more than the {left} {currency} left on order {:?}",
                        refund.order_id
                    )));
                }
                *amount
            }
            (None, Some(lines)) => self.lines_amount(si, &order, lines)?.min(left),
            (None, None) => left,
        };
        if left <= Decimal::ZERO {
            return Err(Error::limit(format!("order {:?} is already fully refunded", refund.order_id)));
        }
        // The refunded lines by position in the order (the commissions' shares name lines so).
        let line_set: Option<HashSet<u32>> = refund.lines.as_ref().map(|l| {
            let lines = &order.lines;
            l.iter().filter_map(|id| lines.iter().position(|line| &line.id == id)).map(|k| k as u32).collect()
        });
        self.check_room(sale.commission_count as usize)?;
        let mut reversals = Vec::new();
        for ci in sale.commissions() {
            let c = self.state.commissions.get(ci).ok_or_else(|| Error::not_found("commission", ci.to_string()))?;
            let remaining = self.remaining_of(ci);
            if remaining <= Decimal::ZERO {
                continue;
            }
            // Refunding everything left (by amount, or by lines that cover it) reverses everything left.
            let share = match &line_set {
                _ if amount == left => remaining,
                Some(set) => c
                    .line_shares
                    .pairs(c.amount.get(), &self.state.splits)
                    .iter()
                    .filter(|s| set.contains(&s.0))
                    .map(|s| s.1)
                    .sum(),
                None => {
                    let exact = remaining
                        .checked_mul(amount)
                        .and_then(|p| p.checked_div(left))
                        .or_else(|| amount.checked_div(left).and_then(|r| r.checked_mul(remaining)))
                        .ok_or_else(|| Error::overflow("refund share"))?;
                    round_to_minor_units(exact, currency, self.config.rounding)
                }
            };
            let share = share.min(remaining);
            if share <= Decimal::ZERO {
                continue;
            }
            let first = self.state.entries.get(c.entry as usize).map(|e| e.settlement());
            let (entry_kind, settlement) = match first {
                Some(Settlement::Pending) => (EntryKind::Reversal, Settlement::Pending),
                Some(Settlement::Held) => (EntryKind::Reversal, Settlement::Held),
                Some(Settlement::Approved) | None => (EntryKind::Reversal, Settlement::Approved),
                Some(Settlement::InPayout(_) | Settlement::Paid(_)) => (EntryKind::Clawback, Settlement::Approved),
            };
            reversals.push((ci, entry_kind, settlement, share));
        }
        let outcome = RefundOutcome {
            refund_id: refund.id.clone(),
            order_id: refund.order_id.clone(),
            kind,
            amount: Money::new(amount, currency),
            remaining: Money::new(left - amount, currency),
            reversals: reversals
                .iter()
                .filter_map(|&(ci, kind, _, share)| {
                    let c = self.state.commissions.get(ci)?;
                    Some(Reversal {
                        commission_id: format!("com_{}", ci + 1),
                        affiliate_id: self.affiliate_id_at(c.affiliate).to_string(),
                        kind,
                        amount: Money::new(share, currency),
                    })
                })
                .collect(),
        };

        // Apply: nothing below can fail.
        let before = sale.refunded();
        let refunded = self.state.sales.refunded_mut(si);
        refunded.amount += amount;
        if let Some(lines) = &refund.lines {
            refunded.lines.extend(lines.iter().cloned());
        }
        self.state.events.emit(
            at,
            EventData::OrderUpdated {
                order_id: refund.order_id.clone(),
                kind,
                id: refund.id.clone(),
                amount: Money::new(amount, currency),
            },
        );
        for (ci, entry_kind, settlement, share) in reversals {
            self.push_entry(ci, entry_kind, -share, at, Some(&refund.id), settlement);
            let Some(affiliate) = self.state.commissions.get(ci).map(|c| c.affiliate) else { continue };
            let Some(commission) = self.commission_view(ci) else { continue };
            let amount = Money::new(share, currency);
            let refund_id = refund.id.clone();
            self.state.events.emit(
                at,
                match entry_kind {
                    EntryKind::Clawback => EventData::CommissionClawedBack { commission, amount, refund_id },
                    _ => EventData::CommissionReversed { commission, amount, refund_id },
                },
            );
            if settlement == Settlement::Approved {
                self.check_threshold(affiliate, currency, at);
            }
        }
        self.idx.refund_by_id.insert(refund.id.clone(), self.state.refunds.len());
        let record = RefundRecord { kind, refund: refund.clone(), outcome: outcome.clone() };
        let level_one = self.level_one_reversed(si, &record);
        self.state.refunds.push(record);
        // The sale and its refunds were read above: this cannot fail.
        let _ = self.uncount_refund(RefundedSale { sale: si, before, amount, level_one });
        Ok(outcome)
    }

    /// What refunding whole lines of a sale returns: each line's net amount, minus its share of the
    /// order discount (largest remainder), plus its tax.
    fn lines_amount(&self, si: usize, order: &Order, lines: &[String]) -> Result<Decimal> {
        let sale = self.state.sales.get(si).ok_or_else(|| Error::not_found("order", si.to_string()))?;
        if lines.is_empty() {
            return Err(Error::input("refund.lines", "name at least one line"));
        }
        let nets = order.lines.iter().map(|l| l.net()).collect::<Result<Vec<_>>>()?;
        // Cut in units no coarser than the finest net (as the plan's bases are), so that no line's
        // share of the order discount exceeds its net and no line refunds a negative amount.
        let scale = nets.iter().map(|n| n.normalize().scale()).max().unwrap_or(0);
        let discounts = if order.discount.is_zero() {
            vec![Money::zero(order.currency); nets.len()]
        } else {
            allocate_with_scale(Money::new(order.discount, order.currency), &nets, scale)?
        };
        let mut seen = HashSet::new();
        let mut total = Decimal::ZERO;
        for id in lines {
            if !seen.insert(id.as_str()) {
                return Err(Error::input("refund.lines", format!("line {id:?} is listed twice")));
            }
            if sale.refunds().is_some_and(|r| r.lines.contains(id)) {
                return Err(Error::limit(format!("line {id:?} of order {:?} was already refunded", order.id)));
            }
            let k = order
                .lines
                .iter()
                .position(|l| &l.id == id)
                .ok_or_else(|| Error::not_found("order line", id.as_str()))?;
            let (line, net, discount) = match (order.lines.get(k), nets.get(k), discounts.get(k)) {
                (Some(l), Some(n), Some(d)) => (l, *n, d.amount),
                _ => return Err(Error::not_found("order line", id.as_str())),
            };
            total = total.checked_add(net - discount + line.tax).ok_or_else(|| Error::overflow("refund amount"))?;
        }
        Ok(total)
    }
}
