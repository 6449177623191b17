//! The commission ledger: commissions, their immutable entries, and the balances derived from them.
//!
//! A commission is written once (a `commission` entry). Refunds, chargebacks and rejections never
//! change it: they add `reversal`, `clawback` or `rejection` entries with negative amounts. Each entry
//! sits in one settlement bucket (pending, held, approved, in a payout, paid), which approvals,
//! holds and payouts move it through; an affiliate's balance is the sum of their entries per bucket.

pub(in crate::program) mod accounts;
pub(in crate::program) mod holds;
pub(in crate::program) mod payouts;
pub(in crate::program) mod pending;
pub(in crate::program) mod settlement;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{decimal, Currency, Money};
use crate::program::state::compact::Units;

/// Where a commission is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CommissionStatus {
    /// In its holding period.
    Pending,
    /// Payable (or in a payout not yet paid).
    Approved,
    /// Paid out.
    Paid,
    /// Rejected; its remaining amount was cancelled.
    Rejected,
    /// Held for review (a hold on the commission or its affiliate, or a fraud rule): never approved
    /// or paid until released (back to pending) or rejected.
    Held,
}

crate::names::snake_names!(CommissionStatus {
    Pending => "pending",
    Approved => "approved",
    Paid => "paid",
    Rejected => "rejected",
    Held => "held",
});

/// The kinds of ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A commission earned (positive).
    Commission,
    /// A refund or chargeback reversing an unpaid commission (negative).
    Reversal,
    /// A refund or chargeback after the commission was paid or put in a payout (negative, payable).
    Clawback,
    /// A rejection cancelling what was left of a commission (negative).
    Rejection,
}

/// The settlement bucket an entry sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "state", content = "payout", rename_all = "snake_case")]
pub enum Settlement {
    /// Waiting for the holding period.
    Pending,
    /// Payable.
    Approved,
    /// In a payout not yet paid (its number n, of id `pay_<n>`).
    InPayout(u32),
    /// Paid by a payout (its number n, of id `pay_<n>`).
    Paid(u32),
    /// Held with its commission: neither approved nor paid until released.
    Held,
}

/// One immutable ledger entry. Its `settlement` is the only field that moves (with approvals and
/// payouts); amount, kind and commission never change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Entry {
    /// `ent_<n>`, n from 1.
    pub id: String,
    /// The commission it belongs to (`com_<n>`).
    pub commission_id: String,
    /// The beneficiary.
    pub affiliate_id: String,
    /// What it records.
    pub kind: EntryKind,
    /// Signed amount: positive for commissions, negative for corrections.
    pub amount: Money,
    /// When it was written.
    pub at: DateTime<Utc>,
    /// The refund or rejection that caused it, for corrections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// Where it is in settlement.
    pub settlement: Settlement,
}

/// A commission: one beneficiary level of one sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Commission {
    /// `com_<n>`, n from 1.
    pub id: String,
    /// The beneficiary.
    pub affiliate_id: String,
    /// The sale (order or payment id).
    pub sale_id: String,
    /// 1 for the referring affiliate, 2 for their parent, ...
    pub level: u32,
    /// The rule that produced it.
    pub rule_id: String,
    /// What it earned (the `commission` entry).
    pub amount: Money,
    /// Its status.
    pub status: CommissionStatus,
    /// When it was earned (the holding period starts here).
    pub created_at: DateTime<Utc>,
    /// Each order line's share of the amount, for refunds by line.
    pub line_shares: Vec<LineShare>,
    /// Total reversed, clawed back or rejected so far (positive).
    #[serde(skip)]
    pub(crate) reversed: Decimal,
}

impl Commission {
    /// What is left of it after corrections.
    pub fn remaining(&self) -> Decimal {
        self.amount.amount - self.reversed
    }

    /// The public view.
    pub fn view(&self) -> CommissionView {
        CommissionView {
            id: self.id.clone(),
            affiliate_id: self.affiliate_id.clone(),
            sale_id: self.sale_id.clone(),
            level: self.level,
            rule_id: self.rule_id.clone(),
            amount: self.amount,
            reversed: minor_money(self.reversed, self.amount.currency),
            status: self.status,
            created_at: self.created_at,
        }
    }
}

/// A commission as the program keeps it: what [`Commission`] shows, with numbers for what it names
/// (the affiliate, the sale and the order lines by position, the rule as a symbol). It was created
/// when its sale was (the sale's `at`). Its `commission` entry is `entry`; the corrections after it,
/// and what they took back, are in the program's indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommissionRecord {
    /// Index of the beneficiary in the program's affiliates.
    pub affiliate: u32,
    /// Index of the sale in the program's sales.
    pub sale: u32,
    /// The rule id, a symbol of the program's rule names.
    pub rule: u32,
    /// Index of its `commission` entry in the ledger.
    pub entry: u32,
    pub line_shares: LineShares,
    /// What it earned, in `currency`.
    pub amount: Units,
    pub currency: Currency,
    pub status: CommissionStatus,
    /// The beneficiary's level: 1, or 2 and more for parents (plans have at most `MAX_LEVELS`).
    pub level: u8,
}

impl CommissionRecord {
    pub fn amount(&self) -> Money {
        Money::new(self.amount.get(), self.currency)
    }
}

/// Each order line's share of a commission, lines named by their position in the sale's order.
/// Eight bytes, no pointer (so that a commission record stays 40 bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineShares {
    /// No shares (a commission no line decision produced).
    None,
    /// All of it on one line (every commission of a one-line order).
    Whole(u32),
    /// Shares over several lines: this split of the program's [`Splits`].
    Split(u32),
}

/// The shares of the commissions split over several lines, (line position, share) in the order
/// written, numbered as their commissions were written.
pub(crate) type Splits = Vec<Box<[(u32, Decimal)]>>;

impl LineShares {
    /// Shares of `amount` as (line position, share) pairs; a split goes into `splits`.
    pub fn from_pairs(pairs: Vec<(u32, Decimal)>, amount: Decimal, splits: &mut Splits) -> LineShares {
        match pairs.as_slice() {
            [] => LineShares::None,
            [(line, share)] if *share == amount && share.scale() == amount.scale() => LineShares::Whole(*line),
            _ => {
                // Fewer splits than commissions, whose positions fit in u32.
                splits.push(pairs.into_boxed_slice());
                LineShares::Split((splits.len() - 1) as u32)
            }
        }
    }

    /// The (line position, share) pairs of `amount`.
    pub fn pairs(&self, amount: Decimal, splits: &Splits) -> Vec<(u32, Decimal)> {
        match self {
            LineShares::None => Vec::new(),
            LineShares::Whole(line) => vec![(*line, amount)],
            LineShares::Split(n) => splits.get(*n as usize).map(|s| s.to_vec()).unwrap_or_default(),
        }
    }
}

/// A ledger entry as the program keeps it: [`Entry`] without what its commission says (the
/// affiliate, the currency), naming the commission by index. The cause of a correction is kept
/// beside the ledger (`State::causes`): most entries have none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EntryRecord {
    /// Index of its commission.
    pub commission: u32,
    /// The payout of an `InPayout` or `Paid` settlement (0 for the others).
    payout: u32,
    pub at: DateTime<Utc>,
    /// Signed amount, in the commission's currency.
    amount: Units,
    /// The kind in the low two bits, the settlement's state in the next three.
    flags: u8,
}

impl EntryRecord {
    pub fn new(commission: u32, kind: EntryKind, settlement: Settlement, amount: Units, at: DateTime<Utc>) -> Self {
        let kind = match kind {
            EntryKind::Commission => 0,
            EntryKind::Reversal => 1,
            EntryKind::Clawback => 2,
            EntryKind::Rejection => 3,
        };
        let mut entry = EntryRecord { commission, payout: 0, at, amount, flags: kind };
        entry.set_settlement(settlement);
        entry
    }

    pub fn kind(&self) -> EntryKind {
        match self.flags & 3 {
            0 => EntryKind::Commission,
            1 => EntryKind::Reversal,
            2 => EntryKind::Clawback,
            _ => EntryKind::Rejection,
        }
    }

    pub fn settlement(&self) -> Settlement {
        match self.flags >> 2 {
            0 => Settlement::Pending,
            1 => Settlement::Approved,
            2 => Settlement::InPayout(self.payout),
            3 => Settlement::Paid(self.payout),
            _ => Settlement::Held,
        }
    }

    pub fn set_settlement(&mut self, settlement: Settlement) {
        let (state, payout) = match settlement {
            Settlement::Pending => (0, 0),
            Settlement::Approved => (1, 0),
            Settlement::InPayout(n) => (2, n),
            Settlement::Paid(n) => (3, n),
            Settlement::Held => (4, 0),
        };
        self.flags = (self.flags & 3) | (state << 2);
        self.payout = payout;
    }

    /// Signed amount, in the commission's currency.
    pub fn amount(&self) -> Decimal {
        self.amount.get()
    }

    /// The amount's mantissa and scale.
    pub fn amount_parts(&self) -> (i128, u32) {
        self.amount.parts().unwrap_or_default()
    }
}

/// An order line's share of a commission.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LineShare {
    /// The order line.
    pub line_id: String,
    /// Its share.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub amount: Decimal,
}

/// A commission as reads and events show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CommissionView {
    /// Id.
    pub id: String,
    /// Beneficiary.
    pub affiliate_id: String,
    /// The sale (order or payment id).
    pub sale_id: String,
    /// Level.
    pub level: u32,
    /// Rule.
    pub rule_id: String,
    /// What it earned.
    pub amount: Money,
    /// Reversed, clawed back or rejected so far.
    pub reversed: Money,
    /// Status.
    pub status: CommissionStatus,
    /// When it was earned.
    pub created_at: DateTime<Utc>,
}

/// An affiliate's balance in one currency. Money is conserved:
/// `earned - reversed = pending + held + payable + in_payout + paid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Balance {
    /// The affiliate.
    pub affiliate_id: String,
    /// The currency.
    pub currency: Currency,
    /// Commissions in their holding period, net of their corrections.
    pub pending: Money,
    /// Held commissions (see `hold_commission`, `hold_affiliate`, fraud rules), net of their corrections.
    pub held: Money,
    /// Approved commissions not yet in a payout, net of their corrections (clawbacks excluded).
    pub approved: Money,
    /// What the next payout would pay: approved minus outstanding clawbacks (may be negative).
    pub payable: Money,
    /// In payouts created but not yet marked paid.
    pub in_payout: Money,
    /// Paid out (net of clawbacks settled by later payouts).
    pub paid: Money,
    /// Every commission written.
    pub earned: Money,
    /// Every reversal, clawback and rejection (positive).
    pub reversed: Money,
}

/// Running sums of one (affiliate, currency) account, kept in step with the entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Sums {
    pub pending: Decimal,
    pub held: Decimal,
    pub approved: Decimal,
    pub clawbacks: Decimal,
    pub in_payout: Decimal,
    pub paid: Decimal,
    pub earned: Decimal,
    pub reversed: Decimal,
}

impl Sums {
    /// Adds `amount` of an entry of `kind` to the bucket of `settlement`: the one place that says
    /// which bucket holds what (an approved clawback is outstanding until a payout settles it).
    pub fn add_to_bucket(&mut self, kind: EntryKind, settlement: Settlement, amount: Decimal) {
        match settlement {
            Settlement::Pending => self.pending += amount,
            Settlement::Held => self.held += amount,
            Settlement::Approved if kind == EntryKind::Clawback => self.clawbacks += amount,
            Settlement::Approved => self.approved += amount,
            Settlement::InPayout(_) => self.in_payout += amount,
            Settlement::Paid(_) => self.paid += amount,
        }
    }

    /// Approved plus outstanding (negative) clawbacks.
    pub fn payable(&self) -> Decimal {
        self.approved + self.clawbacks
    }

    /// The balance view.
    pub fn balance(&self, affiliate_id: &str, currency: Currency) -> Balance {
        let m = |v: Decimal| minor_money(v, currency);
        Balance {
            affiliate_id: affiliate_id.to_string(),
            currency,
            pending: m(self.pending),
            held: m(self.held),
            approved: m(self.approved),
            payable: m(self.payable()),
            in_payout: m(self.in_payout),
            paid: m(self.paid),
            earned: m(self.earned),
            reversed: m(self.reversed),
        }
    }
}

/// `amount` as money with at least the currency's minor units, so that an untouched sum reads
/// `0.00` and a configured minimum of `50` reads `50.00` (this only pads with zeros; it never rounds).
pub(crate) fn minor_money(mut amount: Decimal, currency: Currency) -> Money {
    if amount.scale() < currency.minor_units() {
        amount.rescale(currency.minor_units());
    }
    Money::new(amount, currency)
}
