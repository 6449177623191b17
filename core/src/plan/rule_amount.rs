//! The amount of one level-1 commission: a rule applied to the base of the lines it won.

use rust_decimal::Decimal;

use super::amounts::Amounts;
use super::compiled::{Commission, CompiledRule, TierValue};
use super::context::QuoteContext;
use super::quote::{Calculation, Method, TierChoice, ZeroReason};
use super::spec::TierMetric;
use super::words::words;
use crate::error::Error;
use crate::error::Result;
use crate::money::{Currency, Money};

/// The flat amount in the base's currency (a rule without one there does not apply: `select`
/// skips it, so this is only reached with one).
fn flat_in(flat: &Amounts, base: &Money) -> Result<Money> {
    flat.get(base.currency).ok_or_else(|| Error::CurrencyMismatch {
        expected: Currency::list(&flat.iter().map(|m| m.currency).collect::<Vec<_>>()),
        found: base.currency.code().to_string(),
    })
}

/// Computes a rule's exact amount on `base` (the lines it won, `units` units) and rounds it once.
/// Returns the calculation and the rounded amount (before caps).
pub(crate) fn rule_amount(
    rule: &CompiledRule,
    base: Money,
    units: u32,
    ctx: &QuoteContext,
    plan_currency: Currency,
) -> Result<(Calculation, Money)> {
    let mut calc = Calculation {
        method: Method::Percentage,
        base,
        rate: None,
        flat: None,
        units: None,
        tier: None,
        zero_reason: None,
        exact: Decimal::ZERO,
        rounding: ctx.rounding,
    };
    let exact = match &rule.commission {
        Commission::Percentage(rate) => {
            calc.rate = Some(*rate);
            base.percent(*rate)?
        }
        Commission::FlatPerOrder(flat) => {
            calc.method = Method::FlatPerOrder;
            let flat = flat_in(flat, &base)?;
            calc.flat = Some(flat);
            flat
        }
        Commission::FlatPerUnit(flat) => {
            calc.method = Method::FlatPerUnit;
            let flat = flat_in(flat, &base)?;
            calc.flat = Some(flat);
            calc.units = Some(units);
            flat.checked_mul(Decimal::from(units))?
        }
        Commission::Tiered { metric, tiers } => {
            calc.method = Method::Tiered;
            let volume = match metric {
                TierMetric::SalesCount => Decimal::from(ctx.period_sales_count),
                TierMetric::Revenue => ctx.period_revenue,
            };
            // A count's threshold holds in every currency; revenue thresholds are given in every
            // currency the plan quotes (checked on load).
            let threshold = |tier: &super::compiled::Tier| match metric {
                TierMetric::SalesCount => tier.threshold.count(),
                TierMetric::Revenue => tier.threshold.get(base.currency, plan_currency),
            };
            let chosen = tiers
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, tier)| threshold(tier).filter(|t| *t <= volume).map(|t| (i, tier, t)));
            match chosen {
                None => {
                    calc.zero_reason = Some(ZeroReason::BelowFirstTier);
                    Money::zero(base.currency)
                }
                Some((index, tier, threshold)) => {
                    let index = u32::try_from(index).unwrap_or(u32::MAX);
                    calc.tier = Some(TierChoice { metric: *metric, volume, index, threshold });
                    match &tier.value {
                        TierValue::Rate(rate) => {
                            calc.rate = Some(*rate);
                            base.percent(*rate)?
                        }
                        TierValue::Amount(flat) => {
                            let flat = flat_in(flat, &base)?;
                            calc.flat = Some(flat);
                            flat
                        }
                    }
                }
            }
        }
    };
    let exact = if base.amount <= Decimal::ZERO {
        calc.zero_reason = Some(ZeroReason::NonPositiveBase);
        Money::zero(base.currency)
    } else {
        exact
    };
    calc.exact = exact.amount;
    Ok((calc, exact.round(ctx.rounding)))
}

/// Appends the arithmetic part of a summary sentence to `out`, naming the base when `base_name` is
/// not empty: `20% of 100.00 EUR = 20.00 EUR`, `5% of the sale base 277.29 EUR = 13.86 EUR`.
pub(crate) fn describe_base(out: &mut String, calc: &Calculation, amount: &Money, base_name: &str) {
    let amount = *amount;
    if let Some(reason) = calc.zero_reason {
        match reason {
            ZeroReason::NonPositiveBase => words!(out, "base ", calc.base, " is not positive, so ", amount),
            ZeroReason::BelowFirstTier => words!(out, "volume is below the first tier, so ", amount),
        }
        return;
    }
    if let Some(t) = &calc.tier {
        let metric = match t.metric {
            TierMetric::SalesCount => "sales",
            TierMetric::Revenue => "revenue",
        };
        words!(out, "tier ", t.index, " (", metric, " ", t.volume, " >= ", t.threshold, "): ");
    }
    match (calc.rate, calc.flat, calc.units) {
        (Some(rate), _, _) => words!(out, rate, "% of ", base_name, calc.base, " = ", amount),
        (None, Some(flat), Some(units)) => words!(out, flat, " x ", units, " units = ", amount),
        (None, Some(_), None) => words!(out, amount, " per order"),
        (None, None, _) => words!(out, amount),
    }
}
