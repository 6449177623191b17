//! Reading a snapshot into a program without holding its document: each sale, commission, entry and
//! customer becomes its compact record as it is parsed (the document of a large program is several
//! times the program), and every consistency check of a restore runs on the way or at the end.
//!
//! The state's fields are read in the order snapshots write them (affiliates, next_affiliate,
//! invitations, clicks, customers, sales, refunds, commissions, entries, payouts, events): each
//! section names things of the sections before it.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use hashbrown::HashMap;
use rust_decimal::Decimal;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::money::{Money, RoundingMode};
use crate::program::affiliates::attribution::Click;
use crate::program::affiliates::invitations::Invitation;
use crate::program::affiliates::Affiliate;
use crate::program::events::EventLog;
use crate::program::fraud::FraudFlags;
use crate::program::ledger::payouts::Payout;
use crate::program::ledger::{
    Commission, CommissionRecord, CommissionStatus, Entry, EntryKind, EntryRecord, LineShares,
};
use crate::program::sales::packed_order::{ContextAmounts, PackedOrder};
use crate::program::sales::{ContextRecord, RefundRecord, Refunded, SaleDoc, SaleOrigin, SaleRecord};
use crate::program::state::compact::Units;
use crate::program::state::indexing::settle_payouts;
use crate::program::state::{index_u32, CustomerLink, Indices, State};
use crate::program::{ProgramConfig, MAX_AMOUNT};

/// The state's fields, in the order snapshots write them.
const FIELDS: &[&str] = &[
    "affiliates",
    "next_affiliate",
    "invitations",
    "clicks",
    "customers",
    "sales",
    "refunds",
    "commissions",
    "entries",
    "payouts",
    "events",
    "plans",
];

/// The fields every snapshot has (the first ones of [`FIELDS`]); `plans` is there from version 3.
const REQUIRED: usize = 11;

/// What a sale's answer says of one commission it lists, checked when the commission is read.
struct Listed {
    sale: u32,
    affiliate: u32,
    level: u32,
    amount: Money,
    rule: u32,
    created_at: DateTime<Utc>,
}

/// The state being read, with what its later sections are checked against.
#[derive(Default)]
pub(crate) struct Restoring {
    state: State,
    idx: Indices,
    /// The state's fields read so far (bits in [`FIELDS`] order).
    read: u16,
    /// By commission position: the sale listing it and what it says.
    listed: Vec<Option<Listed>>,
    /// The first inconsistency found (serde's own error only stops the parse).
    error: Option<Error>,
}

impl Restoring {
    /// Stops the restore with `error` (the caller returns it, not serde's placeholder).
    pub fn refuse(&mut self, error: Error) {
        self.error = Some(error);
    }

    /// The inconsistency that stopped the parse, if one did.
    pub fn take_error(&mut self) -> Option<Error> {
        self.error.take()
    }

    /// The state read and its indices, after the checks that need all of it.
    pub fn finish(mut self, config: &ProgramConfig) -> Result<(State, Indices)> {
        if let Some(missing) = FIELDS.iter().take(REQUIRED).enumerate().find(|(k, _)| self.read & (1 << k) == 0) {
            return Err(Error::snapshot(format!("missing field `{}`", missing.1)));
        }
        let n = self.state.commissions.len();
        if let Some(listed) = self.listed.get(n).and_then(Option::as_ref) {
            let id = self.state.sales.get(listed.sale as usize).map(|s| s.id().to_string()).unwrap_or_default();
            return Err(Error::snapshot(format!("sale {id:?} lists commission com_{} wrongly", n + 1)));
        }
        for (i, c) in self.state.commissions.iter().enumerate() {
            if c.entry == u32::MAX {
                return Err(Error::snapshot(format!("commission com_{} has no ledger entry", i + 1)));
            }
            let reversed = self.idx.reversed.get(&index_u32(i)?).copied().unwrap_or_default();
            if c.amount.get() - reversed < Decimal::ZERO {
                return Err(Error::snapshot(format!("commission com_{} is reversed beyond what it earned", i + 1)));
            }
        }
        self.idx.index_pending(&self.state.commissions, &self.state.sales)?;
        self.check_refunds()?;
        self.state.check_settlement()?;
        self.state.check_events()?;
        self.idx.index_eligible(&self.state.affiliates, config);
        Ok((self.state, self.idx))
    }

    /// Starts reading `field` (its position in [`FIELDS`]): once, after the fields it refers to
    /// (every section may name the affiliates; the ledger's sections name those before them).
    fn start(&mut self, field: usize) -> Result<()> {
        let before = match field {
            4 | 5 => 1,
            7 => 6,
            8 => 8,
            9 => 9,
            _ => 0,
        };
        let bit = 1u16 << field;
        let needed = (1u16 << before) - 1;
        let name = FIELDS.get(field).copied().unwrap_or_default();
        if self.read & bit != 0 {
            return Err(Error::snapshot(format!("duplicate field `{name}`")));
        }
        if self.read & needed != needed {
            return Err(Error::snapshot(format!("field `{name}` comes before the fields it refers to")));
        }
        self.read |= bit;
        Ok(())
    }

    fn affiliate(&self, id: &str) -> Option<u32> {
        self.idx.affiliate_by_id.get(id).map(|&a| a as u32)
    }

    fn add_affiliates(&mut self, affiliates: Vec<Affiliate>) -> Result<()> {
        self.idx.index_affiliates(&affiliates)?;
        self.state.affiliates = affiliates;
        Ok(())
    }

    fn add_invitations(&mut self, invitations: Vec<Invitation>) {
        self.idx.index_invitations(&invitations);
        self.state.invitations = invitations;
    }

    fn add_customer(&mut self, key: &str, link: CustomerLink) -> Result<()> {
        let affiliate = match &link.affiliate {
            Some(id) => Some(
                self.affiliate(id)
                    .ok_or_else(|| Error::snapshot(format!("customer {key:?} is linked to an unknown affiliate")))?,
            ),
            None => None,
        };
        if self.state.customers.find(key).is_some() {
            return Err(Error::snapshot(format!("customer {key:?} is listed twice")));
        }
        let i = self.state.customers.add(key, link.first_at);
        if let Some(c) = self.state.customers.get_mut(i) {
            c.affiliate = affiliate.into();
        }
        Ok(())
    }

    /// A sale: its order and totals checked, what its answer says of its commissions kept to check
    /// them against, its record made.
    fn add_sale(&mut self, doc: SaleDoc) -> Result<()> {
        let i = self.state.sales.len();
        let sales = &self.state.sales;
        if self.idx.sale_by_id.get(&doc.id, |n| sales.id_bytes(n)).is_some() {
            return Err(Error::snapshot(format!("duplicate sale id {:?}", doc.id)));
        }
        doc.order.validate().map_err(|e| Error::snapshot(format!("sale {:?}: {e}", doc.id)))?;
        let gross = crate::program::sales::tracking::gross_of(&doc.order)?;
        let max = Decimal::from(MAX_AMOUNT);
        if gross > max || doc.gross != gross || doc.refunded < Decimal::ZERO || doc.refunded > gross {
            return Err(Error::snapshot(format!("sale {:?} has inconsistent totals", doc.id)));
        }
        // Refunds reverse the commissions a sale's answer lists, and the running totals add up their
        // amounts: each must be a commission of that sale, as written, listed once. Commissions are
        // numbered as they were written, sale after sale: each sale lists the next ones.
        let mut total = Decimal::ZERO;
        for view in &doc.outcome.commissions {
            let wrongly = || Error::snapshot(format!("sale {:?} lists commission {} wrongly", doc.id, view.id));
            let n = view.id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok()).filter(|&n| n > 0);
            let k = n.ok_or_else(wrongly)? - 1;
            let affiliate = self.affiliate(&view.affiliate_id).ok_or_else(wrongly)?;
            // The answer given when tracked: every commission starts pending (or held), nothing reversed.
            let as_tracked = view.sale_id == doc.id
                && matches!(view.status, CommissionStatus::Pending | CommissionStatus::Held)
                && view.reversed.amount.is_zero()
                && view.id == format!("com_{}", k + 1);
            if !as_tracked || k != self.listed.len() {
                return Err(wrongly());
            }
            if view.status == CommissionStatus::Held {
                self.state.created_held.insert(index_u32(k)?);
            }
            self.listed.push(Some(Listed {
                sale: index_u32(i)?,
                affiliate,
                level: view.level,
                amount: view.amount,
                rule: self.state.rules.intern(view.rule_id.as_str()),
                created_at: view.created_at,
            }));
            total = total.checked_add(view.amount.amount).ok_or_else(wrongly)?;
        }
        if total != doc.outcome.total.amount {
            return Err(Error::snapshot(format!("sale {:?} total is not the sum of its commissions", doc.id)));
        }
        if !doc.outcome.flags.is_empty() {
            let flags = FraudFlags::of(doc.outcome.flags.iter().map(|f| f.code));
            self.state.flags.insert(index_u32(i)?, flags);
        }
        push_sale(i, doc, &self.idx, &mut self.state)?;
        let sales = &self.state.sales;
        let key = sales.get(i).map(|s| s.id()).unwrap_or_default();
        self.idx.sale_by_id.insert(key, index_u32(i)?, |n| sales.id_bytes(n));
        Ok(())
    }

    fn add_refunds(&mut self, refunds: Vec<RefundRecord>) {
        self.idx.index_refunds(&refunds);
        self.state.refunds = refunds;
    }

    /// A commission: numbered by its position, within range, what its sale listed, made a record.
    fn add_commission(&mut self, c: Commission) -> Result<()> {
        let i = self.state.commissions.len();
        // Commands find a commission by the number in its id: it must be its position.
        if c.id != format!("com_{}", i + 1) {
            return Err(Error::snapshot(format!("commission {} is out of sequence", c.id)));
        }
        let max = Decimal::from(MAX_AMOUNT);
        if c.amount.amount < Decimal::ZERO || c.amount.amount > max {
            return Err(Error::snapshot(format!("commission {} amount is out of range", c.id)));
        }
        if c.line_shares.iter().any(|s| s.amount < Decimal::ZERO || s.amount > max) {
            return Err(Error::snapshot(format!("commission {} has a line share out of range", c.id)));
        }
        // Refunds by line reverse these shares: they must add up to the amount.
        let shares = c.line_shares.iter().try_fold(Decimal::ZERO, |acc, s| acc.checked_add(s.amount));
        if !c.line_shares.is_empty() && shares != Some(c.amount.amount) {
            return Err(Error::snapshot(format!("commission {} line shares do not add up to it", c.id)));
        }
        let listed = self
            .listed
            .get_mut(i)
            .and_then(Option::take)
            .ok_or_else(|| Error::snapshot(format!("commission {} is not listed by its sale", c.id)))?;
        let sale = self.state.sales.get(listed.sale as usize);
        let affiliate = self.affiliate(&c.affiliate_id);
        let matches = sale.is_some_and(|s| s.id() == c.sale_id)
            && affiliate == Some(listed.affiliate)
            && c.level == listed.level
            && c.amount == listed.amount
            && self.state.rules.name(listed.rule) == c.rule_id
            && c.created_at == listed.created_at
            // Created with its sale (the record keeps the sale's instant only).
            && sale.is_some_and(|s| s.at == c.created_at);
        if !matches {
            let sale = sale.map(|s| s.id().to_string()).unwrap_or_default();
            return Err(Error::snapshot(format!("sale {sale:?} lists commission {} wrongly", c.id)));
        }
        let lines = sale.map(|s| s.order()).transpose()?.map(|o| o.lines).unwrap_or_default();
        let pairs = c
            .line_shares
            .iter()
            .map(|share| {
                let k = lines.iter().position(|l| l.id == share.line_id).ok_or_else(|| {
                    Error::snapshot(format!("commission {} shares unknown line {:?}", c.id, share.line_id))
                })?;
                Ok((index_u32(k)?, share.amount))
            })
            .collect::<Result<Vec<_>>>()?;
        let wrongly = |what: &str| Error::snapshot(format!("commission {} {what}", c.id));
        self.state.commissions.push(CommissionRecord {
            affiliate: listed.affiliate,
            sale: listed.sale,
            level: u8::try_from(c.level).map_err(|_| wrongly("has a level no plan has"))?,
            rule: listed.rule,
            amount: Units::of(c.amount.amount).ok_or_else(|| wrongly("amount has too many decimals"))?,
            currency: c.amount.currency,
            status: c.status,
            line_shares: LineShares::from_pairs(pairs, c.amount.amount, &mut self.state.splits),
            entry: u32::MAX, // set by its `commission` entry
        });
        Ok(())
    }

    /// An entry: of a known commission, in its place (the `commission` entry first, then
    /// corrections taking something away), added to its account's sums and bucket.
    fn add_entry(&mut self, entry: Entry) -> Result<()> {
        let i = self.state.entries.len();
        if entry.amount.amount.abs() > Decimal::from(MAX_AMOUNT) {
            return Err(Error::snapshot(format!("entry {} amount is out of range", entry.id)));
        }
        let unknown = || Error::snapshot(format!("entry {} names an unknown commission", entry.id));
        let n = entry.commission_id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok());
        let ci = n.filter(|&n| n > 0 && entry.commission_id == format!("com_{n}")).ok_or_else(unknown)? - 1;
        let affiliates = &self.state.affiliates;
        let c = self.state.commissions.get_mut(ci).ok_or_else(unknown)?;
        let affiliate = affiliates.get(c.affiliate as usize).map(|a| a.id.as_str());
        if Some(entry.affiliate_id.as_str()) != affiliate || entry.amount.currency != c.currency {
            return Err(Error::snapshot(format!("entry {} does not match its commission", entry.id)));
        }
        let has_entry = c.entry != u32::MAX;
        let well_formed = match entry.kind {
            EntryKind::Commission => !has_entry,
            _ => has_entry && entry.amount.amount < Decimal::ZERO,
        };
        if !well_formed {
            return Err(Error::snapshot(format!("entry {} is out of place in its commission", entry.id)));
        }
        let (ei, commission) = (index_u32(i)?, index_u32(ci)?);
        if entry.kind == EntryKind::Commission {
            c.entry = ei;
        }
        let (affiliate, currency) = (c.affiliate, c.currency);
        if let Some(cause) = entry.cause {
            self.state.causes.insert(ei, cause.into_boxed_str());
        }
        // Within MAX_AMOUNT (checked above); at most 80 bits with its decimals.
        let amount = Units::of(entry.amount.amount)
            .ok_or_else(|| Error::snapshot(format!("entry {} amount has too many decimals", entry.id)))?;
        let record = EntryRecord::new(commission, entry.kind, entry.settlement, amount, entry.at);
        self.idx.index_entry(ei, &record, affiliate, currency);
        self.state.entries.push(record);
        Ok(())
    }

    /// The payouts, each with the entries whose settlement names it; an entry naming no payout is
    /// refused.
    fn add_payouts(&mut self, mut payouts: Vec<Payout>) -> Result<()> {
        settle_payouts(&mut payouts, &self.state.entries)?;
        self.state.payouts = payouts;
        Ok(())
    }

    /// Each sale's refunded total is the sum of its refunds, and each refund's corrections are the
    /// ledger entries it caused, exactly: a refund decides what is left to refund and to reverse.
    fn check_refunds(&self) -> Result<()> {
        let mut refunded: HashMap<&str, Decimal> = HashMap::new();
        // (commission number, clawback rather than reversal, amount taken back)
        let mut written: HashMap<&str, Vec<(usize, bool, Decimal)>> = HashMap::new();
        for r in &self.state.refunds {
            let total = refunded.entry(r.outcome.order_id.as_str()).or_default();
            *total = total
                .checked_add(r.outcome.amount.amount)
                .ok_or_else(|| Error::snapshot(format!("refund {:?} is out of range", r.refund.id)))?;
            written.insert(r.refund.id.as_str(), Vec::new());
        }
        for sale in self.state.sales.iter() {
            if refunded.remove(sale.id()).unwrap_or_default() != sale.refunded() {
                return Err(Error::snapshot(format!("sale {:?} refunded total does not match its refunds", sale.id())));
            }
        }
        if let Some(order) = refunded.keys().next() {
            return Err(Error::snapshot(format!("a refund names an unknown sale {order:?}")));
        }
        for (&ei, cause) in &self.state.causes {
            let Some(e) = self.state.entries.get(ei as usize) else { continue };
            if matches!(e.kind(), EntryKind::Reversal | EntryKind::Clawback) {
                let Some(list) = written.get_mut(&**cause) else {
                    return Err(Error::snapshot(format!("entry ent_{} names an unknown refund {cause:?}", ei + 1)));
                };
                list.push((e.commission as usize + 1, e.kind() == EntryKind::Clawback, -e.amount()));
            }
        }
        for r in &self.state.refunds {
            let number = |id: &str| {
                let n = id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
                if id == format!("com_{n}") {
                    n
                } else {
                    0 // no commission's
                }
            };
            let mut expected: Vec<_> = r
                .outcome
                .reversals
                .iter()
                .map(|v| (number(&v.commission_id), v.kind == EntryKind::Clawback, v.amount.amount))
                .collect();
            let mut found = written.remove(r.refund.id.as_str()).unwrap_or_default();
            expected.sort();
            found.sort();
            if expected != found {
                return Err(Error::snapshot(format!("refund {:?} does not match its ledger entries", r.refund.id)));
            }
        }
        Ok(())
    }

    /// Runs `add`, keeping its error for the caller (serde gets a placeholder that stops the parse).
    fn attempt<E: de::Error>(&mut self, add: impl FnOnce(&mut Restoring) -> Result<()>) -> std::result::Result<(), E> {
        match add(self) {
            Ok(()) => Ok(()),
            Err(e) => {
                let message = e.to_string();
                self.error = Some(e);
                Err(E::custom(message))
            }
        }
    }
}

/// Appends sale `i` read from a snapshot, whose answer must be what the record rebuilds: its
/// commissions consecutive (they were written together), credited exactly when it has some, its
/// first order an order tracked before it, its order of its own id.
fn push_sale(i: usize, doc: SaleDoc, idx: &Indices, state: &mut State) -> Result<()> {
    let wrong = |what: &str| Error::snapshot(format!("sale {:?} {what}", doc.id));
    let mut outcome = doc.outcome;
    let affiliate = |id: &str| idx.affiliate_by_id.get(id).map(|&a| a as u32);
    let sales = &state.sales;
    let root = match doc.origin {
        SaleOrigin::Order if outcome.order_id == doc.id => i,
        SaleOrigin::Order => return Err(wrong("names another order")),
        SaleOrigin::Payment => idx
            .sale_by_id
            .get(&outcome.order_id, |n| sales.id_bytes(n))
            .filter(|&r| sales.get(r).is_some_and(|root| root.origin == SaleOrigin::Order))
            .ok_or_else(|| wrong("is a payment of no order tracked before it"))?,
    };
    let numbers: Vec<usize> = outcome
        .commissions
        .iter()
        .map(|view| view.id.strip_prefix("com_").and_then(|n| n.parse::<usize>().ok()).unwrap_or(0))
        .collect();
    let first = numbers.first().copied().unwrap_or(1).saturating_sub(1);
    if numbers.iter().enumerate().any(|(k, &n)| n != first + k + 1) {
        return Err(wrong("lists commissions that are not consecutive"));
    }
    let credited = !numbers.is_empty();
    if outcome.sale_id != doc.id || outcome.credited != credited || outcome.reason.is_none() != credited {
        return Err(wrong("has an outcome that disagrees with it"));
    }
    if doc.order.id != doc.id {
        return Err(wrong("has an order of another id"));
    }
    let mut amounts = None;
    let context = match doc.context {
        None => None,
        Some(c) => {
            let parents: Option<Vec<u32>> = c.parents.iter().map(|p| affiliate(p)).collect();
            let first_payment_at = (doc.origin == SaleOrigin::Payment).then(|| sales.get(root).map(|r| r.at));
            if parents.is_none() || c.first_payment_at != first_payment_at.flatten() {
                return Err(wrong("has a quote context that names unknown affiliates or instants"));
            }
            // The plan must accept it, as it did when it quoted the sale (`explain` rebuilds it).
            let quoted = (*c).clone().quote_context(
                outcome.affiliate_id.clone().unwrap_or_default(),
                doc.new_customer,
                outcome.payment_number,
                doc.at,
                RoundingMode::default(),
            );
            crate::plan::validate_context(&quoted)
                .map_err(|e| wrong(&format!("has a quote context the plan refuses: {e}")))?;
            amounts = Some(ContextAmounts {
                period_sales_count: c.period_sales_count,
                period_revenue: c.period_revenue,
                period_earned: c.period_earned,
                customer_earned: c.customer_earned,
                affiliate_rate: c.affiliate_rate,
            });
            Some(ContextRecord {
                group: c.group.as_deref().map(|g| state.groups.intern(g)).into(),
                parents: state.chains.intern(&parents.unwrap_or_default()),
            })
        }
    };
    let affiliate = match &outcome.affiliate_id {
        Some(id) => Some(affiliate(id).ok_or_else(|| wrong("names an unknown affiliate"))?),
        None => None,
    };
    let refunded = (!doc.refunded.is_zero() || !doc.refunded_lines.is_empty())
        .then_some(Refunded { amount: doc.refunded, lines: doc.refunded_lines });
    if let Some(quote) = outcome.quote.take() {
        state.stored_quotes.insert(index_u32(i)?, Box::new(quote));
    }
    let record = SaleRecord {
        packed_end: 0, // set by push
        origin: doc.origin,
        at: doc.at,
        subtotal: Units::of(doc.order.subtotal()?).unwrap_or(Units::NONE),
        root: index_u32(root)?,
        payment_number: outcome.payment_number,
        affiliate: affiliate.into(),
        attributed_by: outcome.attributed_by,
        code: outcome.code.as_deref().map(|c| state.codes.intern(c)).into(),
        affiliate_status: outcome.affiliate_status,
        reason: outcome.reason,
        first_commission: index_u32(first)?,
        commission_count: index_u32(numbers.len())?,
        payments: doc.payments,
        new_customer: doc.new_customer,
        context: context.unwrap_or(ContextRecord::NONE),
    };
    state.sales.push(record, |out| PackedOrder::pack(out, &doc.order, doc.visitor_id.as_deref(), amounts.as_ref()));
    if let Some(refunded) = refunded {
        *state.sales.refunded_mut(i) = refunded;
    }
    Ok(())
}

/// Reads a snapshot's `state` into a [`Restoring`].
pub(crate) struct StateSeed<'a>(pub &'a mut Restoring);

impl<'de> DeserializeSeed<'de> for StateSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        deserializer.deserialize_struct("State", FIELDS, self)
    }
}

impl<'de> Visitor<'de> for StateSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a program state")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
        let r = self.0;
        while let Some(key) = map.next_key::<String>()? {
            let Some(field) = FIELDS.iter().position(|f| *f == key) else {
                return Err(de::Error::unknown_field(&key, FIELDS));
            };
            r.attempt::<A::Error>(|r| r.start(field))?;
            map.next_value_seed(FieldSeed { restoring: &mut *r, field })?;
        }
        Ok(())
    }
}

impl Restoring {
    /// Reads a state parsed into a JSON value (whose objects keep no order): its fields in the order
    /// snapshots write them. Errors name the field's path (`at state.sales[0].gross: ...`).
    pub fn read_state_value(&mut self, state: serde_json::Value) -> Result<()> {
        let serde_json::Value::Object(mut fields) = state else {
            return Err(Error::snapshot("at state: expected a program state"));
        };
        if let Some(unknown) = fields.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(Error::snapshot(format!("at state: unknown field `{unknown}`")));
        }
        for (field, name) in FIELDS.iter().enumerate() {
            let Some(value) = fields.remove(*name) else {
                if field >= REQUIRED {
                    continue;
                }
                return Err(Error::snapshot(format!("at state: missing field `{name}`")));
            };
            self.start(field)?;
            let read = crate::error::deserialize_seed_with_path(FieldSeed { restoring: &mut *self, field }, value);
            if let Some(inconsistent) = self.take_error() {
                return Err(inconsistent);
            }
            read.map_err(|(path, reason)| {
                let sep = if path.is_empty() || path.starts_with('[') { "" } else { "." };
                Error::snapshot(format!("at state.{name}{sep}{path}: {reason}"))
            })?;
        }
        Ok(())
    }
}

/// Reads one field of the state (by its position in [`FIELDS`]) into a [`Restoring`].
struct FieldSeed<'a> {
    restoring: &'a mut Restoring,
    field: usize,
}

impl<'de> DeserializeSeed<'de> for FieldSeed<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, de: D) -> std::result::Result<(), D::Error> {
        let r = self.restoring;
        match self.field {
            0 => {
                let affiliates = Vec::<Affiliate>::deserialize(de)?;
                r.attempt(|r| r.add_affiliates(affiliates))
            }
            1 => {
                r.state.next_affiliate = u64::deserialize(de)?;
                Ok(())
            }
            2 => {
                let invitations = Vec::<Invitation>::deserialize(de)?;
                r.add_invitations(invitations);
                Ok(())
            }
            3 => {
                r.state.clicks = BTreeMap::<String, Vec<Click>>::deserialize(de)?;
                Ok(())
            }
            4 => {
                let add = |r: &mut Restoring, (key, link): (String, CustomerLink)| r.add_customer(&key, link);
                Each::new(r, add).deserialize(de)
            }
            5 => Each::new(r, Restoring::add_sale).deserialize(de),
            6 => {
                let refunds = Vec::<RefundRecord>::deserialize(de)?;
                r.add_refunds(refunds);
                Ok(())
            }
            7 => Each::new(r, Restoring::add_commission).deserialize(de),
            8 => Each::new(r, Restoring::add_entry).deserialize(de),
            9 => {
                let payouts = Vec::<Payout>::deserialize(de)?;
                r.attempt(|r| r.add_payouts(payouts))
            }
            10 => {
                r.state.events = EventLog::deserialize(de)?;
                Ok(())
            }
            _ => {
                r.state.plan_versions = Vec::deserialize(de)?;
                Ok(())
            }
        }
    }
}

/// Reads a sequence (or, for `(key, value)` items, a map) handing each item to `add` as it is parsed.
struct Each<'a, F, T> {
    restoring: &'a mut Restoring,
    add: F,
    item: std::marker::PhantomData<T>,
}

impl<'a, F, T> Each<'a, F, T> {
    fn new(restoring: &'a mut Restoring, add: F) -> Self {
        Each { restoring, add, item: std::marker::PhantomData }
    }
}

impl<'de, F, T> DeserializeSeed<'de> for Each<'_, F, T>
where
    F: FnMut(&mut Restoring, T) -> Result<()>,
    T: Deserialize<'de> + EachShape,
{
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<(), D::Error> {
        if T::IS_MAP {
            deserializer.deserialize_map(self)
        } else {
            deserializer.deserialize_seq(self)
        }
    }
}

impl<'de, F, T> Visitor<'de> for Each<'_, F, T>
where
    F: FnMut(&mut Restoring, T) -> Result<()>,
    T: Deserialize<'de> + EachShape,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if T::IS_MAP { "a map" } else { "a list" })
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> std::result::Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            let add = &mut self.add;
            self.restoring.attempt(|r| add(r, item))?;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> std::result::Result<(), A::Error> {
        while let Some(item) = T::next_entry(&mut map)? {
            let add = &mut self.add;
            self.restoring.attempt(|r| add(r, item))?;
        }
        Ok(())
    }
}

/// Whether items come from a list or, as `(key, value)` pairs, from a map.
trait EachShape: Sized {
    const IS_MAP: bool;

    fn next_entry<'de, A: MapAccess<'de>>(_map: &mut A) -> std::result::Result<Option<Self>, A::Error> {
        Err(de::Error::custom("expected a list"))
    }
}

impl EachShape for SaleDoc {
    const IS_MAP: bool = false;
}

impl EachShape for Commission {
    const IS_MAP: bool = false;
}

impl EachShape for Entry {
    const IS_MAP: bool = false;
}

impl EachShape for (String, CustomerLink) {
    const IS_MAP: bool = true;

    fn next_entry<'de, A: MapAccess<'de>>(map: &mut A) -> std::result::Result<Option<Self>, A::Error> {
        map.next_entry::<String, CustomerLink>()
    }
}
