//! Explanations and events rebuilt on demand. A sale keeps what its quote was computed from (its
//! [`SaleContext`]), not the explained quote; `explain`, the answer to a repeated `track_order`, the
//! `order.tracked` event and [`Program::sale`] rebuild it with the plan, exactly as answered: the plan
//! is pure and its inputs are immutable.

use rust_decimal::Decimal;

use super::events::{Event, EventData, StoredEvent};
use super::ledger::{minor_money, Commission, CommissionStatus, CommissionView};
use super::sales::{Sale, SaleOrigin, SaleRecord, TrackOutcome};
use super::Program;
use crate::error::{Error, Result};
use crate::plan::{Quote, QuoteContext, QuoteLine};

impl Program {
    /// The explained quote of a tracked sale (order or payment id), as `track_order` or
    /// `record_payment` answered it: every rule, base, rate and cap. `None` when the plan did not
    /// quote it (no attribution, an affiliate not active, a self-referral: the outcome's `reason`).
    pub fn explain(&self, sale_id: &str) -> Result<Option<Quote>> {
        self.quote_of(self.sale_record(sale_id)?)
    }

    /// The quote line behind one commission (`com_<n>`): its rule, base, rate, caps and, at level 1,
    /// which rule won each order line and what it beat.
    pub fn explain_commission(&self, commission_id: &str) -> Result<QuoteLine> {
        let c = self.commission(commission_id)?;
        let quote = self.quote_of(self.sale_record(&c.sale_id)?)?;
        quote
            .and_then(|q| {
                q.lines
                    .into_iter()
                    .find(|l| l.level == c.level && l.rule_id == c.rule_id && l.beneficiary == c.affiliate_id)
            })
            .ok_or_else(|| Error::not_found("explanation of commission", commission_id))
    }

    /// A tracked sale (order or payment) by id, with its explained quote.
    pub fn sale(&self, id: &str) -> Result<Sale> {
        let record = self.sale_record(id)?;
        Ok(record.to_sale(self.quote_of(record)?))
    }

    pub(super) fn sale_record(&self, id: &str) -> Result<&SaleRecord> {
        self.idx.sale_by_id.get(id).and_then(|&i| self.state.sales.get(i)).ok_or_else(|| Error::not_found("order", id))
    }

    /// The answer tracking the sale gave: its stored outcome with the quote rebuilt.
    pub(super) fn answer_of(&self, record: &SaleRecord) -> Result<TrackOutcome> {
        let quote = self.quote_of(record)?;
        let mut outcome = record.outcome.clone();
        outcome.quote = quote;
        Ok(outcome)
    }

    /// The sale's quote: rebuilt from its context, or as a schema-1 snapshot stored it.
    fn quote_of(&self, record: &SaleRecord) -> Result<Option<Quote>> {
        if record.outcome.quote.is_some() {
            return Ok(record.outcome.quote.clone());
        }
        let (Some(context), Some(affiliate)) = (&record.context, &record.outcome.affiliate_id) else {
            return Ok(None);
        };
        let ctx = QuoteContext {
            affiliate: affiliate.clone(),
            group: context.group.clone(),
            parents: context.parents.clone(),
            new_customer: record.new_customer,
            period_sales_count: context.period_sales_count,
            period_revenue: context.period_revenue,
            period_earned: context.period_earned,
            customer_earned: context.customer_earned,
            payment_number: record.outcome.payment_number,
            first_payment_at: context.first_payment_at,
            at: record.at,
            rounding: self.config.rounding,
        };
        self.plan.quote(&record.order, &ctx).map(Some)
    }

    /// Events with a sequence number greater than `sequence` (`0` for all) still in memory.
    pub fn events_since(&self, sequence: u64) -> Vec<Event> {
        let start = self.state.events.index_after(sequence);
        self.render_events(start..self.state.events.events.len())
    }

    /// The events not yet drained (the outbox), oldest first; they are then marked delivered.
    pub fn drain_events(&mut self) -> Vec<Event> {
        let range = self.state.events.drain();
        self.log_command(super::Command::DrainEvents {});
        self.render_events(range)
    }

    pub(super) fn render_events(&self, range: std::ops::Range<usize>) -> Vec<Event> {
        let log = &self.state.events;
        let stored = log.events.get(range.clone()).unwrap_or_default();
        stored.iter().zip(range).filter_map(|(e, k)| self.render_event(e, log.sequence_at(k))).collect()
    }

    /// The event as emitted. A reference renders from the sale or commission it names (sales and
    /// commissions are never removed, so it is always there); its quote is rebuilt from inputs that
    /// gave it once, so that cannot fail (if it did, the event would carry no quote rather than be lost).
    pub(super) fn render_event(&self, stored: &StoredEvent, sequence: u64) -> Option<Event> {
        let (occurred_at, data) = match stored {
            StoredEvent::Emitted(event) => return Some((**event).clone()),
            StoredEvent::OrderTracked(i) => {
                let sale = self.state.sales.get(*i)?;
                let outcome = self.answer_of(sale).unwrap_or_else(|_| sale.outcome.clone());
                (sale.at, EventData::OrderTracked { outcome })
            }
            StoredEvent::CommissionCreated(i) => {
                let c = self.commission_at(*i)?;
                (c.created_at, EventData::CommissionCreated { commission: created_view(&c) })
            }
        };
        Some(Event { id: format!("evt_{sequence}"), sequence, occurred_at, data })
    }

    /// Turns the restored events that are exactly what a sale or a commission renders back into
    /// references (every one a program wrote); any other stays as read.
    pub(super) fn compact_events(&mut self) {
        let mut events = std::mem::take(&mut self.state.events.events);
        for stored in &mut events {
            let StoredEvent::Emitted(event) = stored else { continue };
            let reference = match &event.data {
                EventData::OrderTracked { outcome } => self
                    .idx
                    .sale_by_id
                    .get(&outcome.sale_id)
                    .copied()
                    .filter(|&i| self.state.sales.get(i).is_some_and(|s| s.origin == SaleOrigin::Order))
                    .map(StoredEvent::OrderTracked),
                EventData::CommissionCreated { commission } => {
                    self.commission_index(&commission.id).ok().map(StoredEvent::CommissionCreated)
                }
                _ => None,
            };
            if let Some(reference) = reference {
                if self.render_event(&reference, event.sequence).as_ref() == Some(&**event) {
                    *stored = reference;
                }
            }
        }
        self.state.events.events = events;
    }
}

/// A commission as `commission.created` shows it: pending, nothing reversed.
pub(super) fn created_view(c: &Commission) -> CommissionView {
    CommissionView {
        id: c.id.clone(),
        affiliate_id: c.affiliate_id.clone(),
        sale_id: c.sale_id.clone(),
        level: c.level,
        rule_id: c.rule_id.clone(),
        amount: c.amount,
        reversed: minor_money(Decimal::ZERO, c.amount.currency),
        status: CommissionStatus::Pending,
        created_at: c.created_at,
    }
}
