//! Largest-remainder allocation: splitting an amount so that the parts always sum to the whole.

use rust_decimal::Decimal;

use super::Money;
use crate::error::{Error, Result};

/// Splits `total` in proportion to `weights` by the largest-remainder method.
///
/// The parts are whole minor units of the currency (or of the total's own scale, if it has more
/// decimals), they always sum to `total` exactly, and a unit left over goes to the part with the
/// largest remainder, earlier parts first on a tie. 0.05 EUR split 70/30 gives 0.04 / 0.01.
/// A negative total is split like its absolute value and negated.
///
/// Errors: no weights, a negative weight, weights summing to zero with a non-zero total
/// ([`Error::InvalidAllocation`]), or numbers too large to split exactly ([`Error::Overflow`]).
pub fn allocate(total: Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    allocate_with_scale(total, weights, 0)
}

/// [`allocate`] in units of at least `10^-min_scale` (used where the weights themselves are finer
/// than minor units, so that no part exceeds its weight's own amount).
pub(crate) fn allocate_with_scale(total: Money, weights: &[Decimal], min_scale: u32) -> Result<Vec<Money>> {
    let invalid = |reason: &str| Error::InvalidAllocation { reason: reason.to_string() };
    if weights.is_empty() {
        return Err(invalid("no weights given"));
    }
    if weights.iter().any(|w| *w < Decimal::ZERO) {
        return Err(invalid("weights must not be negative"));
    }
    let scale = total.currency.minor_units().max(total.amount.normalize().scale()).max(min_scale);
    if let [weight] = weights {
        if *weight > Decimal::ZERO {
            // One part: the whole total at the allocation's scale (what the division below gives).
            let mut whole = total.amount;
            whole.rescale(scale);
            return Ok(vec![Money::new(whole, total.currency)]);
        }
    }
    let units = to_integer(total.amount.abs(), scale)?;
    if weights.iter().all(Decimal::is_zero) {
        if units == 0 {
            return weights.iter().map(|_| from_integer(0, scale, total)).collect();
        }
        return Err(invalid("weights sum to zero"));
    }
    // The weights as integers at one scale: as written when they fit, which splits exactly as the
    // normalized weights do (those integers times one power of ten: the same shares and the same
    // order of remainders), and saves normalizing each; else normalized.
    let as_written = || {
        let weight_scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
        let ints = weights
            .iter()
            .map(|w| 10i128.checked_pow(weight_scale - w.scale()).and_then(|factor| w.mantissa().checked_mul(factor)));
        ints.collect::<Option<Vec<i128>>>()
    };
    let parts = match as_written().and_then(|ints| split(units, &ints)) {
        Some(parts) => parts,
        None => {
            let weight_scale = weights.iter().map(|w| w.normalize().scale()).max().unwrap_or(0);
            let ints = weights.iter().map(|w| to_integer(*w, weight_scale)).collect::<Result<Vec<i128>>>()?;
            split(units, &ints).ok_or_else(|| Error::overflow("allocation"))?
        }
    };
    let sign = if total.is_negative() { -1 } else { 1 };
    parts.into_iter().map(|units| from_integer(sign * units, scale, total)).collect()
}

/// `units` split in proportion to `ints` (not all zero) by largest remainder, or `None` when a
/// product overflows.
fn split(units: i128, ints: &[i128]) -> Option<Vec<i128>> {
    let sum = ints.iter().try_fold(0i128, |acc, w| acc.checked_add(*w))?;
    let mut floors = Vec::with_capacity(ints.len());
    let mut remainders = Vec::with_capacity(ints.len());
    for w in ints {
        let product = units.checked_mul(*w)?;
        floors.push(product / sum);
        remainders.push(product % sum);
    }
    let given: i128 = floors.iter().sum();
    let leftover = usize::try_from(units - given).ok()?;
    if leftover > 0 {
        let mut order: Vec<usize> = (0..ints.len()).collect();
        order.sort_by(|a, b| remainders.get(*b).cmp(&remainders.get(*a)).then(a.cmp(b)));
        for index in order.into_iter().take(leftover) {
            if let Some(part) = floors.get_mut(index) {
                *part += 1;
            }
        }
    }
    Some(floors)
}

/// `value × 10^scale` as an exact integer; `value` must have at most `scale` decimals (after
/// dropping trailing zeros). Too large a result is [`Error::Overflow`].
fn to_integer(value: Decimal, scale: u32) -> Result<i128> {
    let value = value.normalize();
    let shift = scale.checked_sub(value.scale()).ok_or_else(|| Error::overflow("allocation scaling"))?;
    10i128
        .checked_pow(shift)
        .and_then(|factor| value.mantissa().checked_mul(factor))
        .ok_or_else(|| Error::overflow("allocation"))
}

/// `units × 10^-scale` in `like`'s currency. A part is never larger than the total, but at the
/// allocation's scale its units may not fit a Decimal's 96-bit mantissa (half of
/// 79228162514264337593543950334 EUR is 3961408125713216879677197516700 cents): trailing zeros are
/// then dropped (and padded back as far as they fit), and a part that cannot be represented exactly
/// (39614081257132168796771975167.50 EUR) is [`Error::Overflow`], never a silently wrong amount.
fn from_integer(units: i128, scale: u32, like: Money) -> Result<Money> {
    let (mut units, mut shown) = (units, scale);
    loop {
        if let Ok(mut amount) = Decimal::try_from_i128_with_scale(units, shown) {
            amount.rescale(scale); // only pads with zeros, as far as they fit
            return Ok(Money::new(amount, like.currency));
        }
        if shown == 0 || units % 10 != 0 {
            return Err(Error::overflow("allocation (a part does not fit a decimal)"));
        }
        units /= 10;
        shown -= 1;
    }
}
