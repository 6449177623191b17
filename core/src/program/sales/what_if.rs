//! What-if on history: the sales and payments tracked in a period, quoted again under a candidate
//! plan with the context each had when it was tracked (period volumes, new customer, parents, earnings
//! so far), beside the commissions they really wrote. Nothing changes and nothing is journaled: it is
//! a read.
//!
//! What it does not replay: the candidate's own effect on later contexts (a sale's "earned so far"
//! is the history's, so caps count what was really earned), and statuses (a beneficiary who was not
//! active then got nothing, and gets the candidate's amount here).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::plan::{Plan, PlanSpec};
use crate::program::Program;

/// How many sales [`WhatIf::largest_changes`] lists by default.
pub const WHAT_IF_LARGEST: usize = 10;

/// What a candidate plan would have paid over a period of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WhatIf {
    /// The period's first instant (included).
    pub from: DateTime<Utc>,
    /// The instant after it (excluded).
    pub to: DateTime<Utc>,
    /// Sales and payments re-quoted (the credited ones tracked in the period).
    pub sales: u64,
    /// Commissions as written (before any refund or rejection), under the candidate, and the difference.
    pub total: WhatIfAmounts,
    /// The same per affiliate who earns in either, in registration order.
    pub affiliates: Vec<WhatIfAffiliate>,
    /// The sales whose commissions change most (by the size of the change, then in tracking order).
    pub largest_changes: Vec<WhatIfSale>,
}

/// Commissions now and under the candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WhatIfAmounts {
    /// As written.
    pub now: Money,
    /// Under the candidate plan.
    pub candidate: Money,
    /// `candidate - now`.
    pub difference: Money,
}

/// One affiliate's commissions now and under the candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WhatIfAffiliate {
    /// The affiliate.
    pub affiliate_id: String,
    /// Their commissions (every level) as written.
    pub now: Money,
    /// Under the candidate plan.
    pub candidate: Money,
    /// `candidate - now`.
    pub difference: Money,
}

/// One sale's commissions now and under the candidate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WhatIfSale {
    /// The order or payment.
    pub sale_id: String,
    /// The affiliate credited with it.
    pub affiliate_id: String,
    /// Its commissions (every level) as written.
    pub now: Money,
    /// Under the candidate plan.
    pub candidate: Money,
    /// `candidate - now`.
    pub difference: Money,
}

impl Program {
    /// Quotes the sales and payments tracked in `[from, to)` again under `candidate` (with the
    /// context each had when tracked) and answers what it would have paid, in total, per affiliate
    /// and for the `largest` sales that change most, beside what was really written. Changes nothing.
    /// A candidate that is invalid or in another currency is [`Error::InvalidPlan`]; `from` not
    /// before `to` is [`Error::InvalidInput`]. The sales in the program currency; see
    /// [`Program::what_if_in`] for another.
    pub fn what_if(
        &self,
        candidate: &PlanSpec,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        largest: usize,
    ) -> Result<WhatIf> {
        self.what_if_in(candidate, from, to, largest, None)
    }

    /// [`Program::what_if`] over the sales in `currency` (`None`: the program currency), one the
    /// program accepts ([`Error::CurrencyMismatch`] else).
    pub fn what_if_in(
        &self,
        candidate: &PlanSpec,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        largest: usize,
        currency: Option<Currency>,
    ) -> Result<WhatIf> {
        if candidate.currency != self.config.currency {
            return Err(Error::InvalidPlan {
                path: "candidate.currency".into(),
                reason: format!("the plan is in {} but the program is in {}", candidate.currency, self.config.currency),
            });
        }
        let currency = self.check_currency(currency)?;
        let plan = Plan::for_currencies(candidate.clone(), self.plan.currencies()).map_err(|e| match e {
            Error::InvalidPlan { path, reason } => Error::InvalidPlan {
                path: if path.is_empty() { "candidate".into() } else { format!("candidate.{path}") },
                reason,
            },
            other => other,
        })?;
        let several = self.plan.currencies().len() > 1;
        if from >= to {
            return Err(Error::input("to", format!("{to} is not after from ({from})")));
        }
        // What each sale really wrote, per beneficiary (a sale's commissions are written together).
        let mut written: HashMap<u32, Vec<(u32, Decimal)>> = HashMap::new();
        for c in &self.state.commissions {
            written.entry(c.sale).or_default().push((c.affiliate, c.amount.get()));
        }
        let mut per_affiliate: HashMap<u32, (Decimal, Decimal)> = HashMap::new();
        let mut changes = Vec::new();
        let (mut total_now, mut total_candidate, mut sales) = (Decimal::ZERO, Decimal::ZERO, 0u64);
        for (i, sale) in self.state.sales.iter().enumerate() {
            if sale.at < from || sale.at >= to || (several && sale.packed.currency()? != currency) {
                continue;
            }
            let Some((ctx, order)) = self.historic_context(i)? else { continue };
            sales += 1;
            let quote = plan.quote_amounts(&order, &ctx)?;
            let mut sale_now = Decimal::ZERO;
            for &(affiliate, amount) in written.get(&(i as u32)).map(Vec::as_slice).unwrap_or_default() {
                per_affiliate.entry(affiliate).or_default().0 += amount;
                sale_now += amount;
            }
            let mut sale_candidate = Decimal::ZERO;
            for line in quote.lines.iter().filter(|l| l.amount.amount > Decimal::ZERO) {
                let Some(&affiliate) = self.idx.affiliate_by_id.get(&line.beneficiary) else { continue };
                per_affiliate.entry(affiliate as u32).or_default().1 += line.amount.amount;
                sale_candidate += line.amount.amount;
            }
            total_now += sale_now;
            total_candidate += sale_candidate;
            if sale_now != sale_candidate {
                let affiliate = sale.affiliate.get().map(|a| self.affiliate_id_at(a).to_string()).unwrap_or_default();
                changes.push((i, sale.id().to_string(), affiliate, sale_now, sale_candidate));
            }
        }
        let amounts = |now: Decimal, candidate: Decimal| WhatIfAmounts {
            now: Money::new(now, currency),
            candidate: Money::new(candidate, currency),
            difference: Money::new(candidate - now, currency),
        };
        let mut affiliates: Vec<(u32, (Decimal, Decimal))> = per_affiliate.into_iter().collect();
        affiliates.sort_unstable_by_key(|(a, _)| *a);
        changes.sort_by(|a, b| (b.4 - b.3).abs().cmp(&(a.4 - a.3).abs()).then(a.0.cmp(&b.0)));
        changes.truncate(largest);
        Ok(WhatIf {
            from,
            to,
            sales,
            total: amounts(total_now, total_candidate),
            affiliates: affiliates
                .into_iter()
                .map(|(a, (now, candidate))| {
                    let WhatIfAmounts { now, candidate, difference } = amounts(now, candidate);
                    WhatIfAffiliate { affiliate_id: self.affiliate_id_at(a).to_string(), now, candidate, difference }
                })
                .collect(),
            largest_changes: changes
                .into_iter()
                .map(|(_, sale_id, affiliate_id, now, candidate)| {
                    let WhatIfAmounts { now, candidate, difference } = amounts(now, candidate);
                    WhatIfSale { sale_id, affiliate_id, now, candidate, difference }
                })
                .collect(),
        })
    }
}
