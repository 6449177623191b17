//! Stats (totals per affiliate or for the program) and reports bucketed by day, week or month in
//! the program's timezone.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::program::affiliates::AffiliateStatus;
use crate::program::ledger::{minor_money, EntryKind};
use crate::program::Program;
use crate::time::{buckets_between, Granularity};

/// Totals for one affiliate or the whole program, in one currency (sales and referrals in it too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ProgramStats {
    /// The affiliate, or `None` for the program.
    pub affiliate_id: Option<String>,
    /// Affiliates (1 for an affiliate's stats).
    pub affiliates: u64,
    /// Active affiliates.
    pub active_affiliates: u64,
    /// Credited sales (orders and payments).
    pub sales: u64,
    /// Customers first brought.
    pub referrals: u64,
    /// Subtotal of the credited sales.
    pub revenue: Money,
    /// Commissions written.
    pub earned: Money,
    /// Reversed, clawed back or rejected.
    pub reversed: Money,
    /// In the holding period.
    pub pending: Money,
    /// Held for review.
    pub held: Money,
    /// Payable now.
    pub payable: Money,
    /// In payouts not yet paid.
    pub in_payout: Money,
    /// Paid out.
    pub paid: Money,
}

/// A report: one row per calendar bucket of the program's timezone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Report {
    /// The IANA timezone of the buckets.
    pub timezone: String,
    /// Day, week (ISO, from Monday) or month.
    pub granularity: Granularity,
    /// The affiliate, or `None` for the program.
    pub affiliate_id: Option<String>,
    /// The rows, oldest first, empty buckets included.
    pub rows: Vec<ReportRow>,
}

/// One bucket of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReportRow {
    /// `2026-02-01`, `2026-W05` or `2026-02`.
    pub label: String,
    /// First instant of the bucket.
    pub start: DateTime<Utc>,
    /// First instant after it.
    pub end: DateTime<Utc>,
    /// Credited sales tracked in the bucket.
    pub sales: u64,
    /// Their subtotal.
    pub revenue: Money,
    /// Commissions written in the bucket.
    pub earned: Money,
    /// Corrections written in the bucket (positive).
    pub reversed: Money,
}

impl Program {
    /// Totals of one affiliate (`Some(id)`) or of the whole program (`None`), in the program currency.
    pub fn stats(&self, affiliate_id: Option<&str>) -> Result<ProgramStats> {
        self.stats_in(affiliate_id, None)
    }

    /// [`Program::stats`] in `currency` (`None`: the program currency), one the program accepts
    /// ([`Error::CurrencyMismatch`] else): the sales in it, their revenue and the commissions earned in it.
    pub fn stats_in(&self, affiliate_id: Option<&str>, currency: Option<Currency>) -> Result<ProgramStats> {
        let currency = self.check_currency(currency)?;
        let indices: Vec<usize> = match affiliate_id {
            Some(id) => vec![self.affiliate_index(id)?],
            None => (0..self.state.affiliates.len()).collect(),
        };
        let mut s = Sums::default();
        let mut active = 0;
        for &i in &indices {
            let a = self.affiliate_at(i)?;
            if a.status == AffiliateStatus::Active {
                active += 1;
            }
            let totals = self.idx.totals.get(&(i as u32, currency)).copied().unwrap_or_default();
            let sums = self.sums(i, currency);
            s.sales += totals.sales;
            s.referrals += totals.referrals;
            s.revenue = add(s.revenue, totals.revenue)?;
            for (acc, v) in [
                (&mut s.earned, sums.earned),
                (&mut s.reversed, sums.reversed),
                (&mut s.pending, sums.pending),
                (&mut s.held, sums.held),
                (&mut s.payable, sums.payable()),
                (&mut s.in_payout, sums.in_payout),
                (&mut s.paid, sums.paid),
            ] {
                *acc = add(*acc, v)?;
            }
        }
        let m = |v: Decimal| minor_money(v, currency);
        Ok(ProgramStats {
            affiliate_id: affiliate_id.map(str::to_string),
            affiliates: indices.len() as u64,
            active_affiliates: active,
            sales: s.sales,
            referrals: s.referrals,
            revenue: m(s.revenue),
            earned: m(s.earned),
            reversed: m(s.reversed),
            pending: m(s.pending),
            held: m(s.held),
            payable: m(s.payable),
            in_payout: m(s.in_payout),
            paid: m(s.paid),
        })
    }

    /// Sales and ledger activity per day, ISO week or month of the program's timezone, for the buckets
    /// overlapping `[from, to)`, for one affiliate or the program. DST-correct: a day is local midnight
    /// to local midnight (23 or 25 hours on change days). In the program currency.
    pub fn report(
        &self,
        granularity: Granularity,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        affiliate_id: Option<&str>,
    ) -> Result<Report> {
        self.report_in(granularity, from, to, affiliate_id, None)
    }

    /// [`Program::report`] in `currency` (`None`: the program currency), one the program accepts
    /// ([`Error::CurrencyMismatch`] else): the sales in it and the commissions earned in it.
    pub fn report_in(
        &self,
        granularity: Granularity,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        affiliate_id: Option<&str>,
        currency: Option<Currency>,
    ) -> Result<Report> {
        if let Some(id) = affiliate_id {
            self.affiliate_index(id)?;
        }
        let currency = self.check_currency(currency)?;
        let several = self.plan.currencies().len() > 1;
        let buckets = buckets_between(from, to, self.config.timezone, granularity)?;
        let mut rows: Vec<ReportRow> = buckets
            .into_iter()
            .map(|b| ReportRow {
                label: b.label,
                start: b.start,
                end: b.end,
                sales: 0,
                revenue: minor_money(Decimal::ZERO, currency),
                earned: minor_money(Decimal::ZERO, currency),
                reversed: minor_money(Decimal::ZERO, currency),
            })
            .collect();
        // The row of each instant: sales and entries come mostly in time order, so the row of the one
        // before is tried first.
        let bounds: Vec<(DateTime<Utc>, DateTime<Utc>)> = rows.iter().map(|r| (r.start, r.end)).collect();
        let mut last = 0;
        let mut find = |at: DateTime<Utc>| {
            if bounds.get(last).is_some_and(|&(start, end)| start <= at && at < end) {
                return Some(last);
            }
            let k = bounds.partition_point(|&(_, end)| end <= at);
            bounds.get(k).filter(|&&(start, _)| start <= at).map(|_| {
                last = k;
                k
            })
        };
        let mut sums: Vec<[ExactSum; 3]> = vec![Default::default(); rows.len()];
        let wanted = |id: Option<&str>| affiliate_id.is_none() || id == affiliate_id;
        for sale in self.state.sales.iter() {
            if !sale.credited() || !wanted(sale.affiliate.get().map(|a| self.affiliate_id_at(a))) {
                continue;
            }
            if several && sale.packed.currency()? != currency {
                continue;
            }
            if let Some(k) = find(sale.at) {
                let (Some(row), Some([revenue, _, _])) = (rows.get_mut(k), sums.get_mut(k)) else { continue };
                row.sales += 1;
                match sale.subtotal.parts() {
                    Some((units, scale)) => revenue.add(units, scale)?,
                    None => revenue.add_decimal(sale.subtotal())?,
                }
            }
        }
        let wanted_index = affiliate_id.map(|id| self.affiliate_index(id)).transpose()?;
        for entry in &self.state.entries {
            let Some(c) = self.state.commissions.get(entry.commission as usize) else { continue };
            if c.currency != currency || wanted_index.is_some_and(|a| a != c.affiliate as usize) {
                continue;
            }
            if let Some([_, earned, reversed]) = find(entry.at).and_then(|k| sums.get_mut(k)) {
                let (units, scale) = entry.amount_parts();
                match entry.kind() {
                    EntryKind::Commission => earned.add(units, scale)?,
                    _ => reversed.add(-units, scale)?,
                }
            }
        }
        for (row, sums) in rows.iter_mut().zip(sums) {
            for (amount, sum) in [&mut row.revenue, &mut row.earned, &mut row.reversed].into_iter().zip(sums) {
                if let Some(total) = sum.total()? {
                    amount.amount = add(amount.amount, total)?;
                }
            }
        }
        Ok(Report {
            timezone: self.config.timezone.name().to_string(),
            granularity,
            affiliate_id: affiliate_id.map(str::to_string),
            rows,
        })
    }
}

#[derive(Default)]
struct Sums {
    sales: u64,
    referrals: u64,
    revenue: Decimal,
    earned: Decimal,
    reversed: Decimal,
    pending: Decimal,
    held: Decimal,
    payable: Decimal,
    in_payout: Decimal,
    paid: Decimal,
}

/// An exact sum of amounts in integer units: those of its first amount's scale (ledger amounts all
/// have their currency's) added as integers, any of another scale as decimals. The total is what
/// adding them all as decimals gives, found in a few instructions per amount instead of sixty.
#[derive(Debug, Clone, Copy, Default)]
struct ExactSum {
    units: i128,
    scale: Option<u32>,
    others: Option<Decimal>,
}

impl ExactSum {
    fn add(&mut self, units: i128, scale: u32) -> Result<()> {
        match self.scale {
            Some(s) if s != scale => {
                self.add_decimal(Decimal::try_from_i128_with_scale(units, scale).map_err(overflow)?)
            }
            _ => {
                self.scale = Some(scale);
                self.units = self.units.checked_add(units).ok_or_else(|| Error::overflow("report sum"))?;
                Ok(())
            }
        }
    }

    fn add_decimal(&mut self, amount: Decimal) -> Result<()> {
        self.others = Some(match self.others {
            Some(others) => add(others, amount)?,
            None => amount,
        });
        Ok(())
    }

    /// The sum, `None` when nothing was added.
    fn total(&self) -> Result<Option<Decimal>> {
        let units =
            self.scale.map(|s| Decimal::try_from_i128_with_scale(self.units, s).map_err(overflow)).transpose()?;
        match (units, self.others) {
            (Some(units), Some(others)) => add(units, others).map(Some),
            (units, others) => Ok(units.or(others)),
        }
    }
}

fn overflow(_: rust_decimal::Error) -> Error {
    Error::overflow("report sum")
}

fn add(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow("report sum"))
}
