//! Tracking sales: attribute, quote with what the ledger knows, write pending commissions.
//! `track_order` and `record_payment` share one pipeline: prepare (fallible, no change), then apply.

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Utc};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{allocate, exact_sum, Currency, Money, RoundingMode};
use crate::plan::{Order, OrderLine, Period, QuoteContext, QuoteLine};
use crate::program::affiliates::attribution::Attribution;
use crate::program::affiliates::{check_id, AffiliateStatus};
use crate::program::events::{EventData, StoredEvent};
use crate::program::fraud::recent::{OrderKeys, NO_AFFILIATE};
use crate::program::fraud::FraudFlags;
use crate::program::ledger::{
    minor_money, CommissionRecord, CommissionStatus, CommissionView, EntryKind, LineShares, Settlement,
};
use crate::program::sales::packed_order::{ContextAmounts, PackedOrder};
use crate::program::sales::table::SaleRef;
use crate::program::sales::{
    counts_volume, AttributionSource, ContextRecord, NoCreditReason, Payment, SaleOrigin, SaleRecord, TrackOutcome,
    UpdateKind,
};
use crate::program::state::compact::Units;
use crate::program::state::{index_u32, PeriodKey};
use crate::program::{Program, MAX_AMOUNT};
use crate::time::{bucket_first_day, Granularity};

/// A commission about to be written.
struct NewCommission {
    /// Index of the beneficiary.
    affiliate: u32,
    level: u8,
    rule_id: String,
    amount: Money,
    /// `amount` as the record keeps it.
    units: Units,
    line_shares: Vec<(u32, Decimal)>,
    /// Written held: its affiliate is on hold, or fraud rules flagged the sale.
    held: bool,
}

/// What the running totals count of a sale.
struct CountedSale {
    origin: SaleOrigin,
    /// Whether commissions were written (else it counts as volume only).
    credited: bool,
    new_customer: bool,
    /// The customer's number, when the order names a customer.
    customer: Option<u32>,
    subtotal: Decimal,
    level_one: Decimal,
    /// The order's currency: revenue, earnings and caps count per currency.
    currency: Currency,
}

/// Everything a sale will write, computed before anything changes.
struct Prepared {
    outcome: TrackOutcome,
    /// Index of the attributed affiliate.
    affiliate: Option<usize>,
    commissions: Vec<NewCommission>,
    customer_key: Option<String>,
    new_customer: bool,
    /// (affiliate number, period label, currency) of the plan period the sale counts in.
    period_key: Option<PeriodKey>,
    subtotal: Decimal,
    gross: Decimal,
    /// What the quote was computed from, when the plan quoted the sale.
    context: Option<ContextParts>,
    /// The fraud rules the sale breaks (its commissions are then written held).
    flags: FraudFlags,
}

/// A quote context's parts a sale keeps (see [`ContextRecord`]), before interning.
struct ContextParts {
    group: Option<String>,
    /// Affiliate numbers, nearest first.
    parents: Vec<u32>,
    amounts: ContextAmounts,
}

impl Program {
    pub(in crate::program) fn exec_track_order(
        &mut self,
        order: &Order,
        visitor_id: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<TrackOutcome> {
        if let Some(outcome) = self.tracked_outcome(order, visitor_id)? {
            return Ok(outcome);
        }
        let prepared = self.prepare_order(order, visitor_id, at)?;
        Ok(self.apply_sale(order, SaleOrigin::Order, visitor_id, at, prepared, None))
    }

    /// What tracking `order` now would answer, without changing anything.
    /// For an order already tracked this is its outcome (same payload) or [`Error::Conflict`].
    pub fn quote(&self, order: &Order, visitor_id: Option<&str>, at: DateTime<Utc>) -> Result<TrackOutcome> {
        if let Some(outcome) = self.tracked_outcome(order, visitor_id)? {
            return Ok(outcome);
        }
        Ok(self.prepare_order(order, visitor_id, at)?.outcome)
    }

    /// The stored outcome of an order tracked before with the same payload; `None` if the id is new;
    /// [`Error::Conflict`] if the id was used for a different payload.
    fn tracked_outcome(&self, order: &Order, visitor_id: Option<&str>) -> Result<Option<TrackOutcome>> {
        let Some((i, sale)) = self.sale_position(&order.id).and_then(|i| Some((i, self.state.sales.get(i)?))) else {
            return Ok(None);
        };
        if sale.origin == SaleOrigin::Order && &sale.order()? == order && sale.packed.visitor() == visitor_id {
            return self.answer_of(i).map(Some);
        }
        Err(Error::conflict(format!("order {:?} was already tracked with a different payload", order.id)))
    }

    fn prepare_order(&self, order: &Order, visitor_id: Option<&str>, at: DateTime<Utc>) -> Result<Prepared> {
        if let Some(v) = visitor_id {
            check_id("visitor_id", v)?;
        }
        let totals = self.check_order(order)?;
        let attribution = self.attribute(order, visitor_id, at);
        self.prepare(order, totals, attribution, visitor_id, 1, None, at)
    }

    pub(in crate::program) fn exec_record_payment(
        &mut self,
        payment: &Payment,
        at: DateTime<Utc>,
    ) -> Result<TrackOutcome> {
        check_id("payment.id", &payment.id)?;
        if let Some(i) = self.sale_position(&payment.id) {
            let sale = self.state.sales.get(i).ok_or_else(|| Error::not_found("payment", payment.id.as_str()))?;
            let root = self.state.sales.get(sale.root as usize).map(|r| r.id());
            if sale.origin == SaleOrigin::Payment && root == Some(payment.order_id.as_str()) {
                return self.answer_of(i);
            }
            return Err(Error::conflict(format!("id {:?} is already used by another order or payment", payment.id)));
        }
        let root_index = self
            .sale_position(&payment.order_id)
            .ok_or_else(|| Error::not_found("order", payment.order_id.as_str()))?;
        let root =
            self.state.sales.get(root_index).ok_or_else(|| Error::not_found("order", payment.order_id.as_str()))?;
        if root.origin != SaleOrigin::Order {
            return Err(Error::input("payment.order_id", format!("{:?} is a payment, not an order", payment.order_id)));
        }
        if at < root.at {
            return Err(Error::input("at", "a payment cannot come before its subscription's first order"));
        }
        let mut order = root.order()?;
        order.id = payment.id.clone();
        payment_lines(&mut order, payment)?;
        let totals = self.check_order(&order).map_err(|e| match e {
            Error::InvalidOrder { path, reason } => Error::InvalidOrder { path: format!("payment.{path}"), reason },
            other => other,
        })?;
        let attribution = root.affiliate.get().map(|a| Attribution {
            affiliate: a as usize,
            source: AttributionSource::Subscription,
            code: None,
            click_at: None,
        });
        let number = root.payments.checked_add(1).ok_or_else(|| Error::overflow("payment number"))?;
        let mut prepared = self.prepare(&order, totals, attribution, None, number, Some(root.at), at)?;
        prepared.outcome.order_id = payment.order_id.clone();
        let gross = Money::new(prepared.gross, order.currency);
        let first_commission = self.state.commissions.len();
        let outcome = self.apply_sale(&order, SaleOrigin::Payment, None, at, prepared, Some(root_index));
        self.state.events.emit(
            at,
            EventData::OrderUpdated {
                order_id: payment.order_id.clone(),
                kind: UpdateKind::Payment,
                id: payment.id.clone(),
                amount: gross,
            },
        );
        self.emit_commissions(first_commission);
        Ok(outcome)
    }

    /// Order checks beyond [`Order::validate`]: a currency the program accepts, amounts within
    /// [`MAX_AMOUNT`]. Answers the order's totals, computed on the way.
    fn check_order(&self, order: &Order) -> Result<Totals> {
        let subtotal = order.checked_figures()?.subtotal;
        check_id("order.id", &order.id)?;
        self.check_currency(Some(order.currency))?;
        let gross = gross_with(order, subtotal)?;
        if gross > Decimal::from(MAX_AMOUNT) {
            return Err(Error::order("", format!("the order total is above the program's limit of {MAX_AMOUNT}")));
        }
        Ok(Totals { subtotal, gross })
    }

    #[allow(clippy::too_many_arguments)] // what a sale is prepared from, each its own
    fn prepare(
        &self,
        order: &Order,
        Totals { subtotal, gross }: Totals,
        attribution: Option<Attribution>,
        visitor_id: Option<&str>,
        payment_number: u32,
        first_payment_at: Option<DateTime<Utc>>,
        at: DateTime<Utc>,
    ) -> Result<Prepared> {
        // Every sale takes a position (and its commissions theirs) numbered in u32.
        self.check_room(1)?;
        let currency = order.currency;
        let customer_key = Program::customer_key(order);
        let new_customer =
            payment_number == 1 && customer_key.as_deref().is_some_and(|k| self.state.customers.find(k).is_none());
        let mut outcome = TrackOutcome {
            sale_id: order.id.clone(),
            order_id: order.id.clone(),
            payment_number,
            affiliate_id: None,
            attributed_by: None,
            code: None,
            affiliate_status: None,
            credited: false,
            reason: Some(NoCreditReason::NoAttribution),
            flags: Vec::new(),
            commissions: Vec::new(),
            total: minor_money(Decimal::ZERO, currency),
            quote: None,
        };
        let base = Prepared {
            outcome: outcome.clone(),
            affiliate: attribution.as_ref().map(|a| a.affiliate),
            commissions: Vec::new(),
            customer_key: customer_key.clone(),
            new_customer,
            period_key: None,
            subtotal,
            gross,
            context: None,
            flags: FraudFlags::default(),
        };
        let Some(attribution) = attribution else { return Ok(base) };
        let affiliate = self.affiliate_at(attribution.affiliate)?;
        outcome.affiliate_id = Some(affiliate.id.clone());
        outcome.attributed_by = Some(attribution.source);
        outcome.code = attribution.code.clone();
        if affiliate.status != AffiliateStatus::Active {
            outcome.affiliate_status = Some(affiliate.status);
            outcome.reason = Some(NoCreditReason::AffiliateNotActive);
            return Ok(Prepared { outcome, ..base });
        }
        let own = affiliate.email.as_deref().map(str::to_ascii_lowercase);
        if own.is_some() && order.customer.email.as_deref().map(str::to_ascii_lowercase) == own {
            outcome.reason = Some(NoCreditReason::SelfReferral);
            return Ok(Prepared { outcome, ..base });
        }
        // Fraud rules look at orders only (a payment renews what its first order started).
        let flags = match first_payment_at {
            None => self.fraud_flags(order, &attribution, visitor_id, at),
            Some(_) => FraudFlags::default(),
        };
        let number = index_u32(attribution.affiliate)?;
        let period_key = self.period_of(at)?.map(|period| (number, period, currency));
        let period = period_key.as_ref().and_then(|k| self.idx.periods.get(k)).copied().unwrap_or_default();
        // A count has no currency: a sales-count tier counts the sales in every currency.
        let period_sales_count = match period_key {
            Some((n, p, _)) if self.plan.currencies().len() > 1 => self
                .plan
                .currencies()
                .iter()
                .filter_map(|&c| self.idx.periods.get(&(n, p, c)))
                .fold(0u32, |sum, t| sum.saturating_add(t.sales)),
            _ => period.sales,
        };
        let customer_earned = customer_key
            .as_deref()
            .and_then(|k| self.state.customers.find(k))
            .map(|c| self.customer_earned(c as u32, number, currency))
            .unwrap_or_default();
        // The plan version that quotes it (its levels say how deep the parents go).
        let plan_at = self.plan_instant(at, payment_number, first_payment_at);
        let parents = self.parent_chain(attribution.affiliate, self.plan_at(plan_at).spec().levels.len());
        let ctx = QuoteContext {
            affiliate: affiliate.id.clone(),
            group: affiliate.group.clone(),
            affiliate_rate: affiliate.commission_rate,
            parents: parents.iter().map(|&p| self.affiliate_id_at(p).to_string()).collect(),
            new_customer,
            period_sales_count,
            period_revenue: period.revenue,
            period_earned: period.earned,
            customer_earned,
            payment_number,
            first_payment_at,
            at,
            rounding: self.config.rounding,
        };
        let quote = self.quote_versioned(plan_at, order, &ctx)?;
        let first_id = self.state.commissions.len();
        let mut commissions = Vec::new();
        for line in quote.lines.iter().filter(|l| l.amount.amount > Decimal::ZERO) {
            let Some(&beneficiary) = self.idx.affiliate_by_id.get(&line.beneficiary) else { continue };
            let Some(a) = self.state.affiliates.get(beneficiary).filter(|a| a.status == AffiliateStatus::Active) else {
                continue;
            };
            let held = a.hold.is_some() || !flags.is_empty();
            if line.amount.amount > Decimal::from(MAX_AMOUNT) {
                return Err(Error::overflow("commission above the program's limit"));
            }
            commissions.push(NewCommission {
                affiliate: index_u32(beneficiary)?,
                // Plans have at most MAX_LEVELS parent levels; amounts are within MAX_AMOUNT, rounded.
                level: u8::try_from(line.level).map_err(|_| Error::overflow("commission level"))?,
                rule_id: line.rule_id.clone(),
                amount: line.amount,
                units: Units::of(line.amount.amount).ok_or_else(|| Error::overflow("commission amount"))?,
                line_shares: line_shares(line, &quote.lines, order)?,
                held,
            });
        }
        self.check_room(commissions.len())?;
        let mut total = minor_money(Decimal::ZERO, currency);
        for (k, c) in commissions.iter().enumerate() {
            total = total.checked_add(&c.amount)?;
            let affiliate_id = self.state.affiliates.get(c.affiliate as usize).map(|a| a.id.clone());
            outcome.commissions.push(CommissionView {
                id: format!("com_{}", first_id + k + 1),
                affiliate_id: affiliate_id.unwrap_or_default(),
                sale_id: order.id.clone(),
                level: u32::from(c.level),
                rule_id: c.rule_id.clone(),
                amount: c.amount,
                reversed: minor_money(Decimal::ZERO, currency),
                status: if c.held { CommissionStatus::Held } else { CommissionStatus::Pending },
                created_at: at,
            });
        }
        outcome.credited = !commissions.is_empty();
        let flags = if outcome.credited { flags } else { FraudFlags::default() };
        outcome.flags = self.config.fraud.explain(flags);
        outcome.reason = (!outcome.credited).then_some(NoCreditReason::NoCommission);
        outcome.total = total;
        outcome.quote = Some(quote);
        let amounts = ContextAmounts {
            period_sales_count: ctx.period_sales_count,
            period_revenue: ctx.period_revenue,
            period_earned: ctx.period_earned,
            customer_earned: ctx.customer_earned,
            affiliate_rate: ctx.affiliate_rate,
        };
        let context = ContextParts { group: ctx.group, parents, amounts };
        Ok(Prepared { outcome, commissions, period_key, context: Some(context), flags, ..base })
    }

    /// Writes a prepared sale: the sale, the customer, the commissions and their entries, the totals,
    /// and (for orders) the `order.tracked` and `commission.created` events. Returns the outcome.
    fn apply_sale(
        &mut self,
        order: &Order,
        origin: SaleOrigin,
        visitor_id: Option<&str>,
        at: DateTime<Utc>,
        prepared: Prepared,
        root: Option<usize>,
    ) -> TrackOutcome {
        let Prepared {
            outcome,
            affiliate,
            commissions,
            customer_key,
            new_customer,
            period_key,
            subtotal,
            gross: _,
            context,
            flags,
        } = prepared;
        // Affiliate and customer numbers fit in u32, as sale positions do (`prepare` checked the room).
        let credited_affiliate = affiliate.filter(|_| outcome.credited).map(|a| a as u32);
        let customer = customer_key.as_deref().map(|key| self.state.customers.add(key, at) as u32);
        if let Some(link) = customer.and_then(|c| self.state.customers.get_mut(c as usize)) {
            if link.affiliate.get().is_none() {
                link.affiliate = credited_affiliate.into();
            }
        }
        if let Some(volume_affiliate) = affiliate.filter(|_| counts_volume(outcome.reason)) {
            let level_one: Decimal = commissions.iter().filter(|c| c.level == 1).map(|c| c.amount.amount).sum();
            let credited = outcome.credited;
            let currency = order.currency;
            let counted = CountedSale { origin, credited, new_customer, customer, subtotal, level_one, currency };
            self.count_sale(volume_affiliate as u32, period_key, counted);
        }
        let first_commission = self.state.commissions.len();
        // Positions fit in u32: `prepare` checked the room.
        let sale = self.state.sales.len() as u32;
        for c in commissions {
            let ci = self.state.commissions.len();
            let rule = self.state.rules.intern(c.rule_id.as_str());
            let (status, settlement) = match c.held {
                true => (CommissionStatus::Held, Settlement::Held),
                false => (CommissionStatus::Pending, Settlement::Pending),
            };
            self.state.commissions.push(CommissionRecord {
                affiliate: c.affiliate,
                sale,
                level: c.level,
                rule,
                amount: c.units,
                currency: c.amount.currency,
                status,
                line_shares: LineShares::from_pairs(c.line_shares, c.amount.amount, &mut self.state.splits),
                entry: u32::MAX, // set by push_entry
            });
            self.push_entry(ci, EntryKind::Commission, c.amount.amount, at, None, settlement);
            if c.held {
                self.state.created_held.insert(ci as u32);
            } else {
                self.idx.pending.push((at, ci as u32));
            }
        }
        if !flags.is_empty() {
            self.state.flags.insert(sale, flags);
        }
        if origin == SaleOrigin::Order {
            let affiliate = affiliate.map_or(NO_AFFILIATE, |a| a as u32);
            self.note_recent(&OrderKeys { customer, visitor: visitor_id, affiliate }, at);
        }
        if let Some(r) = root.and_then(|r| self.state.sales.get_mut(r)) {
            r.payments = r.payments.saturating_add(1);
        }
        let i = self.state.sales.len();
        // The sale keeps the quote's context; the answer (and the events, rendered) rebuild the quote.
        let written = self.state.commissions.len() - first_commission;
        let amounts = context.as_ref().map(|c| c.amounts);
        let context = context.map_or(ContextRecord::NONE, |c| ContextRecord {
            group: c.group.map(|g| self.state.groups.intern(g.as_str())).into(),
            parents: self.state.chains.intern(&c.parents),
        });
        let record = SaleRecord {
            packed_end: 0, // set by push
            origin,
            at,
            subtotal: Units::of(subtotal).unwrap_or(Units::NONE),
            root: root.unwrap_or(i) as u32,
            payment_number: outcome.payment_number,
            affiliate: affiliate.map(|a| a as u32).into(),
            attributed_by: outcome.attributed_by,
            code: outcome.code.as_deref().map(|c| self.state.codes.intern(c)).into(),
            affiliate_status: outcome.affiliate_status,
            reason: outcome.reason,
            // 0 when it wrote none, as a restored sale has it.
            first_commission: if written == 0 { 0 } else { first_commission as u32 },
            commission_count: written as u32,
            payments: 1,
            new_customer,
            context,
        };
        self.state.sales.push(record, |out| PackedOrder::pack(out, order, visitor_id, amounts.as_ref()));
        // Positions fit in u32: `prepare` checked the room.
        let sales = &self.state.sales;
        self.idx.sale_by_id.insert(&order.id, i as u32, |n| sales.id_bytes(n));
        if origin == SaleOrigin::Order {
            self.state.events.push(StoredEvent::OrderTracked(i as u32));
            self.emit_commissions(first_commission);
        }
        outcome
    }

    /// Adds a sale of an earning affiliate to their period volume and customer earnings, and (when
    /// credited) to their running totals.
    fn count_sale(&mut self, affiliate: u32, period_key: Option<PeriodKey>, sale: CountedSale) {
        if sale.credited {
            let totals = self.idx.totals.entry((affiliate, sale.currency)).or_default();
            totals.sales += 1;
            totals.revenue += sale.subtotal;
            if sale.origin == SaleOrigin::Order && (sale.new_customer || sale.customer.is_none()) {
                totals.referrals += 1;
            }
        }
        if let Some(key) = period_key {
            let p = self.idx.periods.entry(key).or_default();
            p.sales = p.sales.saturating_add(1);
            p.revenue += sale.subtotal;
            p.earned += sale.level_one;
        }
        if let Some(customer) = sale.customer {
            let own_currency = sale.currency == self.config.currency;
            let others = &mut self.idx.customer_earned;
            self.state.customers.add_earned(customer, affiliate, sale.currency, own_currency, sale.level_one, others);
        }
    }

    /// Rebuilds the running totals, and the recent orders the fraud rules count, from the sales
    /// (after a restore).
    pub(in crate::program) fn rebuild_totals(&mut self) -> Result<()> {
        let sales = std::mem::take(&mut self.state.sales);
        let result = sales.iter().try_for_each(|sale| {
            self.count_restored(&sale)?;
            self.note_restored(&sale)
        });
        self.state.sales = sales;
        result?;
        self.rebuild_refund_effects()
    }

    /// Counts a restored sale in the running totals, as tracking it did.
    fn count_restored(&mut self, sale: &SaleRef<'_>) -> Result<()> {
        let Some(affiliate) = sale.volume_affiliate() else {
            return Ok(());
        };
        let level_one: Decimal = sale
            .commissions()
            .filter_map(|ci| self.state.commissions.get(ci))
            .filter(|c| c.level == 1)
            .map(|c| c.amount.get())
            .sum();
        let (id, email) = sale.packed.customer()?;
        let customer = match Program::customer_key_of(id, email) {
            Some(key) => Some(self.state.customers.find(&key).ok_or_else(|| {
                Error::snapshot(format!("sale {:?} names a customer the program does not list", sale.id()))
            })? as u32),
            None => None,
        };
        let currency = sale.packed.currency()?;
        let counted = CountedSale {
            origin: sale.origin,
            credited: sale.credited(),
            new_customer: sale.new_customer,
            customer,
            subtotal: sale.subtotal(),
            level_one,
            currency,
        };
        let period = self.period_of(sale.at)?.map(|period| (affiliate, period, currency));
        self.count_sale(affiliate, period, counted);
        Ok(())
    }

    /// Counts a restored order in the recent windows, as tracking it did.
    pub(in crate::program) fn note_restored(&mut self, sale: &SaleRef<'_>) -> Result<()> {
        if sale.origin != SaleOrigin::Order || self.config.fraud.window_minutes() == 0 {
            return Ok(());
        }
        let (id, email) = sale.packed.customer()?;
        let customer =
            Program::customer_key_of(id, email).and_then(|k| self.state.customers.find(&k)).map(|c| c as u32);
        let affiliate = sale.affiliate.get().unwrap_or(NO_AFFILIATE);
        self.note_recent(&OrderKeys { customer, visitor: sale.packed.visitor(), affiliate }, sale.at);
        Ok(())
    }

    /// `commission.created` for each commission from index `first` on (those the sale just wrote),
    /// each written held followed by `commission.held` with why.
    fn emit_commissions(&mut self, first: usize) {
        for ci in first..self.state.commissions.len() {
            self.state.events.push(StoredEvent::CommissionCreated(ci as u32));
            if !self.state.created_held.contains(&(ci as u32)) {
                continue;
            }
            let Some(view) = self.created_view(ci) else { continue };
            let Some(c) = self.state.commissions.get(ci) else { continue };
            let flags = self.state.flags.get(&c.sale).copied().unwrap_or_default();
            let flags = self.config.fraud.explain(flags);
            let reason = match flags.is_empty() {
                true => self.state.affiliates.get(c.affiliate as usize).and_then(|a| a.hold.as_ref()),
                false => None,
            };
            let reason = match reason {
                Some(hold) => hold.reason.clone(),
                None => flags.iter().map(|f| f.reason.as_str()).collect::<Vec<_>>().join("; "),
            };
            let at = view.created_at;
            self.state.events.emit(at, EventData::CommissionHeld { commission: view, reason, flags });
        }
    }

    /// The plan period `at` falls in, as the number of its first local day (from the common era;
    /// 0 for the lifetime period), the key of the period volumes. (Every plan version has the
    /// config plan's period.)
    pub(in crate::program) fn period_of(&self, at: DateTime<Utc>) -> Result<Option<i32>> {
        let granularity = match self.plan.spec().period {
            Period::Month => Granularity::Month,
            Period::Quarter => Granularity::Quarter,
            Period::Year => Granularity::Year,
            Period::Lifetime => return Ok(Some(0)),
        };
        Ok(Some(bucket_first_day(at, self.config.timezone, granularity)?.num_days_from_ce()))
    }

    /// What `affiliate` earned from customer `c` at level one, in `currency` (for the customer cap).
    pub(in crate::program) fn customer_earned(&self, c: u32, affiliate: u32, currency: Currency) -> Decimal {
        let own_currency = currency == self.config.currency;
        self.state.customers.earned(c, affiliate, currency, own_currency, &self.idx.customer_earned)
    }

    /// The affiliate's parents, nearest first, `depth` deep (the plan's levels), stopping at a cycle.
    /// (Affiliate numbers: a parent is registered before its children, so it is always found.)
    fn parent_chain(&self, affiliate: usize, depth: usize) -> Vec<u32> {
        let mut chain = Vec::new();
        let mut seen = HashSet::new();
        seen.insert(affiliate);
        let mut current = self.state.affiliates.get(affiliate);
        while chain.len() < depth {
            let Some(parent) = current.and_then(|a| a.parent.as_ref()) else { break };
            let Some(&p) = self.idx.affiliate_by_id.get(parent) else { break };
            if !seen.insert(p) {
                break;
            }
            chain.push(p as u32);
            current = self.state.affiliates.get(p);
        }
        chain
    }
}

/// A follow-up payment's own lines or amount in place of its first order's lines (then no order
/// discount, shipping or tax is repeated). An amount is shared across the first order's lines by
/// their net amounts (equally when none is positive), each line keeping its product, category and
/// quantity: a share that `quantity` does not divide into minor units gets the unit price rounded
/// up and the difference as a line discount (10.00 over 3 units: 3.34 each, less 0.02).
fn payment_lines(order: &mut Order, payment: &Payment) -> Result<()> {
    let lines = match (&payment.lines, payment.amount) {
        (None, None) => return Ok(()),
        (Some(_), Some(_)) => return Err(Error::input("payment", "give its own lines or its amount, not both")),
        (Some(lines), None) => lines.clone(),
        (None, Some(amount)) => {
            let currency = order.currency;
            if amount < Decimal::ZERO || amount.normalize().scale() > currency.minor_units() {
                return Err(Error::input(
                    "payment.amount",
                    format!("{amount} is not a non-negative amount in {currency} minor units"),
                ));
            }
            let nets: Vec<Decimal> = order
                .lines
                .iter()
                .map(|l| (l.unit_price * Decimal::from(l.quantity) - l.discount).max(Decimal::ZERO))
                .collect();
            let weights = if nets.iter().any(|n| *n > Decimal::ZERO) { nets } else { vec![Decimal::ONE; nets.len()] };
            let shares = allocate(Money::new(amount, currency), &weights)?;
            order
                .lines
                .iter()
                .zip(shares)
                .map(|(line, share)| {
                    let quantity = Decimal::from(line.quantity.max(1));
                    let unit_price = Money::new(share.amount / quantity, currency).round(RoundingMode::AwayFromZero);
                    let unit_price = unit_price.amount;
                    // A zero difference is plain zero: as the order reads back from its JSON (which
                    // leaves a zero discount out), so that a restored sale packs the same bytes.
                    let discount =
                        Some(unit_price * quantity - share.amount).filter(|d| !d.is_zero()).unwrap_or_default();
                    OrderLine { unit_price, discount, tax: Decimal::ZERO, ..line.clone() }
                })
                .collect()
        }
    };
    order.lines = lines;
    order.discount = Decimal::ZERO;
    order.shipping = Decimal::ZERO;
    order.tax = Decimal::ZERO;
    Ok(())
}

/// What the customer paid: lines net of discounts, minus the order discount, plus tax and shipping.
pub(in crate::program) fn gross_of(order: &Order) -> Result<Decimal> {
    gross_with(order, order.subtotal().map_err(|_| Error::overflow("order total"))?)
}

/// [`gross_of`] from the order's subtotal.
fn gross_with(order: &Order, subtotal: Decimal) -> Result<Decimal> {
    let line_tax = order.lines.iter().try_fold(Decimal::ZERO, |acc, l| exact_sum(acc, l.tax, false));
    line_tax
        .and_then(|t| exact_sum(t, subtotal, false))
        .and_then(|t| exact_sum(t, order.tax, false))
        .and_then(|t| exact_sum(t, order.shipping, false))
        .map(crate::plan::order_scale)
        .ok_or_else(|| Error::overflow("order total"))
}

/// An order's subtotal and what the customer paid ([`gross_of`]), computed once when it is checked.
#[derive(Clone, Copy)]
struct Totals {
    subtotal: Decimal,
    gross: Decimal,
}

/// Each order line's share of a commission, by the line's position in the order: level 1 from the
/// quote's decisions; parent levels split by the bases of the lines level 1 was paid on (largest
/// remainder).
fn line_shares(line: &QuoteLine, all: &[QuoteLine], order: &Order) -> Result<Vec<(u32, Decimal)>> {
    let position = |line_id: &str| {
        let k = order.lines.iter().position(|l| l.id == line_id);
        k.ok_or_else(|| Error::not_found("order line", line_id)).and_then(index_u32)
    };
    if line.level == 1 {
        return line.explanation.decisions.iter().map(|d| Ok((position(&d.line_id)?, d.amount.amount))).collect();
    }
    let decisions: Vec<_> = all.iter().filter(|l| l.level == 1).flat_map(|l| l.explanation.decisions.iter()).collect();
    if decisions.is_empty() {
        return Ok(Vec::new());
    }
    let mut weights: Vec<Decimal> = decisions.iter().map(|d| d.base.amount.max(Decimal::ZERO)).collect();
    if weights.iter().all(Decimal::is_zero) {
        weights = vec![Decimal::ONE; decisions.len()];
    }
    let parts = allocate(line.amount, &weights)?;
    decisions.iter().zip(parts).map(|(d, p)| Ok((position(&d.line_id)?, p.amount))).collect()
}
