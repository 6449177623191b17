//! Caps: a rule's own per-order cap, and the plan's caps on the direct commission of an order.

use rust_decimal::Decimal;

use super::amounts::Amounts;
use super::context::QuoteContext;
use super::quote::{CapApplied, CapKind, QuoteLine};
use super::spec::Caps;
use super::words::words;
use crate::error::Result;
use crate::money::{allocate, Money, RoundingMode};

/// Limits `amount` to `cap`, recording the cap when it bites.
pub(crate) fn apply_rule_cap(amount: Money, cap: Option<Money>) -> Result<(Money, Option<CapApplied>)> {
    match cap {
        Some(limit) if amount.checked_cmp(&limit)?.is_gt() => {
            Ok((limit, Some(CapApplied { cap: CapKind::Rule, limit, before: amount, after: limit })))
        }
        _ => Ok((amount, None)),
    }
}

/// Applies the plan's caps to the level-1 lines: when their total exceeds what the tightest cap
/// leaves, that limit is shared across the lines in proportion to their amounts.
/// With `explain`, each bitten line's summary says so.
pub(crate) fn apply_plan_caps(lines: &mut [QuoteLine], caps: &Caps, ctx: &QuoteContext, explain: bool) -> Result<()> {
    let Some(first) = lines.first() else { return Ok(()) };
    let currency = first.amount.currency;
    let remaining = |cap: &Option<Amounts>, used: Decimal, kind: CapKind| -> Result<Option<(Money, CapKind)>> {
        // A cap is given in every currency the plan quotes (checked on load).
        let Some(cap) = cap.as_ref().and_then(|cap| cap.get(currency)) else { return Ok(None) };
        let left = cap.checked_sub(&Money::new(used, cap.currency))?;
        let left = if left.is_negative() { Money::zero(cap.currency) } else { left };
        // A limit is never raised by rounding.
        Ok(Some((left.round(RoundingMode::TowardZero), kind)))
    };
    let candidates = [
        remaining(&caps.per_order, Decimal::ZERO, CapKind::PerOrder)?,
        remaining(&caps.per_customer, ctx.customer_earned, CapKind::PerCustomer)?,
        remaining(&caps.per_affiliate_period, ctx.period_earned, CapKind::PerAffiliatePeriod)?,
    ];
    let mut tightest: Option<(Money, CapKind)> = None;
    for (limit, kind) in candidates.into_iter().flatten() {
        if tightest.is_none_or(|(best, _)| limit.amount < best.amount) {
            tightest = Some((limit, kind));
        }
    }
    let Some((limit, kind)) = tightest else { return Ok(()) };
    let total = lines.iter().try_fold(Money::zero(currency), |acc, line| acc.checked_add(&line.amount))?;
    if total.checked_cmp(&limit)?.is_le() {
        return Ok(());
    }
    let weights: Vec<Decimal> = lines.iter().map(|line| line.amount.amount).collect();
    let parts = allocate(limit, &weights)?;
    for (line, part) in lines.iter_mut().zip(parts) {
        let part = part.round(RoundingMode::TowardZero);
        if part != line.amount {
            line.explanation.caps.push(CapApplied { cap: kind, limit, before: line.amount, after: part });
            if explain {
                words!(&mut line.explanation.summary, "; capped by ", kind.as_str(), " at ", limit, " to ", part);
            }
            line.amount = part;
        }
    }
    Ok(())
}
