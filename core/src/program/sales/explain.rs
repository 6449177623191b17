//! Explanations and events rebuilt on demand. A sale keeps what its quote was computed from (its
//! [`SaleContext`]), not the explained quote; `explain`, the answer to a repeated `track_order`, the
//! `order.tracked` event and [`Program::sale`] rebuild it with the plan, exactly as answered: the plan
//! is pure and its inputs are immutable.

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::plan::{Order, Quote, QuoteContext, QuoteLine};
use crate::program::events::{Event, EventData, EventLog, StoredEvent};
use crate::program::ledger::minor_money;
use crate::program::sales::table::SaleRef;
use crate::program::sales::{ContextRecord, Sale, SaleContext, SaleDoc, SaleOrigin, TrackOutcome};
use crate::program::Program;

impl Program {
    /// The explained quote of a tracked sale (order or payment id), as `track_order` or
    /// `record_payment` answered it: every rule, base, rate and cap. `None` when the plan did not
    /// quote it (no attribution, an affiliate not active, a self-referral: the outcome's `reason`).
    pub fn explain(&self, sale_id: &str) -> Result<Option<Quote>> {
        self.quote_of(self.sale_index(sale_id)?)
    }

    /// The quote line behind one commission (`com_<n>`): its rule, base, rate, caps and, at level 1,
    /// which rule won each order line and what it beat.
    pub fn explain_commission(&self, commission_id: &str) -> Result<QuoteLine> {
        let c = self.commission(commission_id)?;
        let quote = self.quote_of(self.sale_index(&c.sale_id)?)?;
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
        let i = self.sale_index(id)?;
        let doc = self.sale_doc(i).ok_or_else(|| Error::not_found("order", id))?;
        let mut outcome = doc.outcome;
        outcome.quote = self.quote_of(i)?;
        Ok(Sale {
            id: doc.id,
            origin: doc.origin,
            order: doc.order,
            visitor_id: doc.visitor_id,
            at: doc.at,
            outcome,
            gross: doc.gross,
            refunded: doc.refunded,
            refunded_lines: doc.refunded_lines,
            payments: doc.payments,
            new_customer: doc.new_customer,
        })
    }

    pub(in crate::program) fn sale_index(&self, id: &str) -> Result<usize> {
        self.sale_position(id).ok_or_else(|| Error::not_found("order", id))
    }

    /// The position of the sale with `id`, if tracked.
    pub(in crate::program) fn sale_position(&self, id: &str) -> Option<usize> {
        let sales = &self.state.sales;
        self.idx.sale_by_id.get(id, |n| sales.id_bytes(n))
    }

    /// The answer tracking the sale at index `i` gave, with the quote rebuilt.
    pub(in crate::program) fn answer_of(&self, i: usize) -> Result<TrackOutcome> {
        let mut outcome = self.outcome_of(i).ok_or_else(|| Error::not_found("order", i.to_string()))?;
        outcome.quote = self.quote_of(i)?;
        Ok(outcome)
    }

    /// The answer tracking the sale at index `i` gave, without its quote.
    pub(in crate::program) fn outcome_of(&self, i: usize) -> Option<TrackOutcome> {
        let sale = self.state.sales.get(i)?;
        let currency = sale.packed.currency().ok()?;
        let mut total = minor_money(Decimal::ZERO, currency);
        let mut commissions = Vec::with_capacity(sale.commission_count as usize);
        for ci in sale.commissions() {
            let view = self.created_view(ci)?;
            // Sums of amounts within the program's limit: they cannot overflow.
            total = total.checked_add(&view.amount).unwrap_or(total);
            commissions.push(view);
        }
        let root = self.state.sales.get(sale.root as usize)?;
        Some(TrackOutcome {
            sale_id: sale.id().to_string(),
            order_id: root.id().to_string(),
            payment_number: sale.payment_number,
            affiliate_id: sale.affiliate.get().map(|a| self.affiliate_id_at(a).to_string()),
            attributed_by: sale.attributed_by,
            code: sale.code.get().map(|c| self.state.codes.name(c).to_string()),
            affiliate_status: sale.affiliate_status,
            credited: sale.credited(),
            reason: sale.reason,
            flags: self.config.fraud.explain(self.state.flags.get(&(i as u32)).copied().unwrap_or_default()),
            commissions,
            total,
            quote: None,
        })
    }

    /// The sale at index `i` as snapshots hold it.
    pub(in crate::program) fn sale_doc(&self, i: usize) -> Option<SaleDoc> {
        let sale = self.state.sales.get(i)?;
        let mut outcome = self.outcome_of(i)?;
        outcome.quote = self.state.stored_quotes.get(&(i as u32)).map(|q| (**q).clone());
        let order = sale.order().ok()?;
        Some(SaleDoc {
            id: sale.id().to_string(),
            origin: sale.origin,
            visitor_id: sale.packed.visitor().map(str::to_string),
            at: sale.at,
            outcome,
            // A sale's order passed its checks when tracked: its total is within the limit.
            gross: crate::program::sales::tracking::gross_of(&order).unwrap_or_default(),
            order,
            refunded: sale.refunded(),
            refunded_lines: sale.refunds().map(|r| r.lines.clone()).unwrap_or_default(),
            payments: sale.payments,
            new_customer: sale.new_customer,
            context: sale.context.get().map(|c| Box::new(self.context_doc(&sale, &c))),
        })
    }

    /// A sale's quote context with ids for what the record numbers.
    fn context_doc(&self, sale: &SaleRef<'_>, c: &ContextRecord) -> SaleContext {
        let parents = self.state.chains.get(c.parents).unwrap_or_default();
        let amounts = sale.packed.amounts().unwrap_or_default();
        let first_payment_at = match sale.origin {
            SaleOrigin::Payment => self.state.sales.get(sale.root as usize).map(|root| root.at),
            SaleOrigin::Order => None,
        };
        SaleContext {
            group: c.group.get().map(|g| self.state.groups.name(g).to_string()),
            parents: parents.iter().map(|&a| self.affiliate_id_at(a).to_string()).collect(),
            period_sales_count: amounts.period_sales_count,
            period_revenue: amounts.period_revenue,
            period_earned: amounts.period_earned,
            customer_earned: amounts.customer_earned,
            first_payment_at,
            affiliate_rate: amounts.affiliate_rate,
        }
    }

    /// The quote of the sale at index `i`: rebuilt from its context, or as a schema-1 snapshot stored it.
    fn quote_of(&self, i: usize) -> Result<Option<Quote>> {
        let sale = self.state.sales.get(i).ok_or_else(|| Error::not_found("order", i.to_string()))?;
        if let Some(stored) = self.state.stored_quotes.get(&(i as u32)) {
            return Ok(Some((**stored).clone()));
        }
        let Some((ctx, order)) = self.historic_context(i)? else { return Ok(None) };
        let plan_at = self.plan_instant(sale.at, sale.payment_number, ctx.first_payment_at);
        self.quote_versioned(plan_at, &order, &ctx).map(Some)
    }

    /// The context the sale at index `i` was quoted with, and its order (`None` for a sale credited
    /// to no one, or restored from a schema-1 snapshot, which kept its quote but not its context).
    pub(in crate::program) fn historic_context(&self, i: usize) -> Result<Option<(QuoteContext, Order)>> {
        let sale = self.state.sales.get(i).ok_or_else(|| Error::not_found("order", i.to_string()))?;
        if self.state.stored_quotes.contains_key(&(i as u32)) {
            return Ok(None);
        }
        let (Some(context), Some(affiliate)) = (sale.context.get(), sale.affiliate.get()) else {
            return Ok(None);
        };
        let affiliate = self.affiliate_id_at(affiliate).to_string();
        let ctx = self.context_doc(&sale, &context).quote_context(
            affiliate,
            sale.new_customer,
            sale.payment_number,
            sale.at,
            self.config.rounding,
        );
        Ok(Some((ctx, sale.order()?)))
    }

    /// Events with a sequence number greater than `sequence` (`0` for all) still in memory.
    pub fn events_since(&self, sequence: u64) -> Vec<Event> {
        let start = self.state.events.index_after(sequence);
        self.render_events(start..self.state.events.events.len())
    }

    /// The events not yet drained (the outbox), oldest first; they are then marked delivered.
    pub fn drain_events(&mut self) -> Vec<Event> {
        let range = self.state.events.drain();
        self.log_command(crate::program::Command::DrainEvents {});
        self.render_events(range)
    }

    pub(in crate::program) fn render_events(&self, range: std::ops::Range<usize>) -> Vec<Event> {
        let log = &self.state.events;
        let stored = log.events.get(range.clone()).unwrap_or_default();
        stored.iter().zip(range).filter_map(|(e, k)| self.render_event(e, log.sequence_at(k))).collect()
    }

    /// The event as emitted. A reference renders from the sale or commission it names (sales and
    /// commissions are never removed, so it is always there); its quote is rebuilt from inputs that
    /// gave it once, so that cannot fail (if it did, the event would carry no quote rather than be lost).
    pub(in crate::program) fn render_event(&self, stored: &StoredEvent, sequence: u64) -> Option<Event> {
        let (occurred_at, data) = match stored {
            StoredEvent::Emitted(n) => return self.state.events.emitted(*n).cloned(),
            StoredEvent::OrderTracked(i) => {
                let i = *i as usize;
                let at = self.state.sales.get(i)?.at;
                let outcome = self.answer_of(i).ok().or_else(|| self.outcome_of(i))?;
                (at, EventData::OrderTracked { outcome })
            }
            StoredEvent::CommissionCreated(i) => {
                let view = self.created_view(*i as usize)?;
                (view.created_at, EventData::CommissionCreated { commission: view })
            }
        };
        Some(Event { id: format!("evt_{sequence}"), sequence, occurred_at, data })
    }

    /// Turns the restored events that are exactly what a sale or a commission renders back into
    /// references (every one a program wrote); any other stays as read.
    pub(in crate::program) fn compact_events(&mut self) {
        let old = std::mem::take(&mut self.state.events);
        let mut log = EventLog::starting(old.outbox_start, old.forgotten);
        for stored in &old.events {
            let event = match *stored {
                StoredEvent::Emitted(n) => old.emitted(n),
                reference => {
                    log.push(reference);
                    continue;
                }
            };
            let Some(event) = event else { continue };
            let reference = match &event.data {
                EventData::OrderTracked { outcome } => self
                    .sale_position(&outcome.sale_id)
                    .filter(|&i| self.state.sales.get(i).is_some_and(|s| s.origin == SaleOrigin::Order))
                    .map(|i| StoredEvent::OrderTracked(i as u32)),
                EventData::CommissionCreated { commission } => {
                    self.commission_index(&commission.id).ok().map(|i| StoredEvent::CommissionCreated(i as u32))
                }
                _ => None,
            };
            match reference {
                Some(reference) if self.render_event(&reference, event.sequence).as_ref() == Some(event) => {
                    log.push(reference)
                }
                _ => log.push_emitted(event.clone()),
            }
        }
        self.state.events = log;
    }
}
