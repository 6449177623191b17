//! `Money`: a decimal amount in a currency, with checked arithmetic.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{decimal, round_to_minor_units, Currency, RoundingMode, Text};
use crate::error::{Error, Result};

/// A decimal amount in a currency. Serializes as `{"amount": "30.00", "currency": "EUR"}`:
/// the amount is always a string, never a JSON number.
///
/// The amount may carry more decimals than the currency's minor units (an exact intermediate such as
/// 29.9985); [`Money::round`] brings it to minor units with the one rounding function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Money {
    /// The exact amount.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// Money from an amount and a currency.
    pub fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Parses `amount` strictly (see [`decimal::parse_decimal`]) and `currency` as an ISO code.
    pub fn parse(amount: &str, currency: &str) -> Result<Money> {
        Ok(Money { amount: decimal::parse_decimal(amount)?, currency: Currency::from_code(currency)? })
    }

    /// Zero in `currency`, with the currency's minor units (`0.00` EUR).
    pub fn zero(currency: Currency) -> Money {
        Money { amount: Decimal::new(0, currency.minor_units()), currency }
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is below zero.
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// Rounds to the currency's minor units with `mode` (the library's one rounding point).
    pub fn round(self, mode: RoundingMode) -> Money {
        Money { amount: round_to_minor_units(self.amount, self.currency, mode), currency: self.currency }
    }

    /// Fails with [`Error::CurrencyMismatch`] unless `other` is in the same currency.
    pub fn ensure_same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                expected: self.currency.code().to_string(),
                found: other.currency.code().to_string(),
            })
        }
    }

    /// `self + other`, exact; a currency mismatch is an error, and so is a sum out of range or with
    /// more digits than a Decimal holds ([`Error::Overflow`]: `7922816251426433759354395033.5 + 0.1`
    /// is refused, not rounded to `7922816251426433759354395034`).
    pub fn checked_add(&self, other: &Money) -> Result<Money> {
        self.ensure_same_currency(other)?;
        let amount = exact_sum(self.amount, other.amount, false).ok_or_else(|| Error::overflow("money addition"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self - other`, exact; errors as [`Money::checked_add`].
    pub fn checked_sub(&self, other: &Money) -> Result<Money> {
        self.ensure_same_currency(other)?;
        let amount = exact_sum(self.amount, other.amount, true).ok_or_else(|| Error::overflow("money subtraction"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `self × factor`, exact (not rounded); a product out of range or with more digits than a
    /// Decimal holds is [`Error::Overflow`].
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        let amount = exact_mul(self.amount, factor).ok_or_else(|| Error::overflow("money multiplication"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// `percent` % of `self`, exact (not rounded): `15` % of 199.99 is 29.9985. A result out of
    /// range or with more digits than a Decimal holds is [`Error::Overflow`] (it would otherwise be
    /// rounded twice: once here, once to minor units).
    pub fn percent(&self, percent: Decimal) -> Result<Money> {
        let amount = exact_mul(self.amount, percent)
            .and_then(exact_hundredth)
            // `amount × percent` may leave the range while the percentage itself does not.
            .or_else(|| exact_hundredth(percent).and_then(|rate| exact_mul(self.amount, rate)))
            .ok_or_else(|| Error::overflow("percentage"))?;
        Ok(Money { amount, currency: self.currency })
    }

    /// The negated amount.
    pub fn negated(&self) -> Money {
        Money { amount: -self.amount, currency: self.currency }
    }

    /// Compares two amounts of the same currency; a mismatch is an error.
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering> {
        self.ensure_same_currency(other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    /// The smaller of two amounts of the same currency.
    pub fn checked_min(&self, other: &Money) -> Result<Money> {
        Ok(if self.checked_cmp(other)? == Ordering::Greater { *other } else { *self })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Text::of(self.amount).as_str())?;
        f.write_str(" ")?;
        f.write_str(self.currency.code())
    }
}

// rust_decimal's checked operations fail only when the integer part leaves the range; a result with
// more significant digits than the 96-bit mantissa holds is silently rounded (to the largest scale
// that fits). Money is never rounded except by `round_to_minor_units`, so these detect that case:
// a result at a smaller scale than the exact one is exact only if the digits it lost were zeros.

/// `a + b` (or `a - b`), or `None` when it is out of range or not exact.
pub(crate) fn exact_sum(a: Decimal, b: Decimal, subtract: bool) -> Option<Decimal> {
    let sum = if subtract { a.checked_sub(b)? } else { a.checked_add(b)? };
    let scale = a.scale().max(b.scale());
    if a.is_zero() || b.is_zero() || sum.scale() >= scale {
        return Some(sum); // aligned without loss: the common case, one comparison
    }
    // The exact sum, aligned to `scale`, must end in `dropped` zeros. Only the last `dropped`
    // digits of each operand matter, and those fit an i128 (at most 28 digits).
    let dropped = scale - sum.scale();
    let modulus = 10i128.checked_pow(dropped)?;
    let low = |value: Decimal| -> Option<i128> {
        let shift = scale - value.scale();
        let kept = dropped.saturating_sub(shift);
        (value.mantissa() % 10i128.checked_pow(kept)?).checked_mul(10i128.checked_pow(shift.min(dropped))?)
    };
    let (x, y) = (low(a)?, low(b)?);
    let rest = if subtract { x.checked_sub(y)? } else { x.checked_add(y)? };
    (rest % modulus == 0).then_some(sum)
}

/// `a × b`, or `None` when it is out of range or not exact.
pub(crate) fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let product = a.checked_mul(b)?;
    let scale = a.scale() + b.scale();
    if a.is_zero() || b.is_zero() || product.scale() >= scale {
        return Some(product);
    }
    // The product of the mantissas must end in `dropped` zeros: count its factors 2 and 5.
    let dropped = scale - product.scale();
    let (x, y) = (a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let twos = x.trailing_zeros() + y.trailing_zeros();
    (twos >= dropped && fives(x) + fives(y) >= dropped).then_some(product)
}

/// How many times 5 divides `n` (non-zero).
fn fives(mut n: u128) -> u32 {
    let mut count = 0;
    while n != 0 && n.is_multiple_of(5) {
        n /= 5;
        count += 1;
    }
    count
}

/// `value / 100`, or `None` when it is not exact (a scale above 26 leaves no room for two digits).
fn exact_hundredth(value: Decimal) -> Option<Decimal> {
    if let Some(quotient) = hundredth_as_divided(value) {
        return Some(quotient);
    }
    let quotient = value.checked_div(Decimal::ONE_HUNDRED)?;
    if value.scale() <= 26 {
        return Some(quotient); // the same mantissa two places further: representable, so exact
    }
    // `× 100` can only drop the two zeros it appends, so this comparison is itself exact.
    (quotient.checked_mul(Decimal::ONE_HUNDRED)? == value).then_some(quotient)
}

/// `value / 100` as rust_decimal's division writes it (the same digits, scale and sign), without
/// dividing, for the values percentages meet: a non-zero mantissa below 2^63 at a scale of at most
/// 19; `None` for the others (the caller divides). The division works at the dividend's scale when
/// 100 divides the mantissa; else it carries nine more digits (`m × 10^7` at scale `s + 9`) and drops
/// trailing zeros by 10^8 while the low 32 bits are zero, then by 10^4, 10^2 and 10 once each: that
/// gives back the mantissa two places further, unless 2^25 and 10 both divide it (one zero more goes:
/// left to the division). The tests compare it with the division over every kind of mantissa.
fn hundredth_as_divided(value: Decimal) -> Option<Decimal> {
    let (mantissa, scale) = (value.mantissa(), value.scale());
    if mantissa == 0 || scale > 19 || mantissa.unsigned_abs() >= 1 << 63 {
        return None;
    }
    if mantissa % 100 == 0 {
        return Decimal::try_from_i128_with_scale(mantissa / 100, scale).ok();
    }
    if mantissa % 10 == 0 && mantissa.unsigned_abs() % (1 << 25) == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(mantissa, scale + 2).ok()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::hundredth_as_divided;

    /// Mantissas of every kind the shortcut decides on: small, large, multiples of 10, 100 and 2^25.
    fn mantissa() -> impl Strategy<Value = i64> {
        prop_oneof![
            -1_000_000i64..1_000_000,
            any::<i64>(),
            (-1_000_000i64..1_000_000).prop_map(|m| m * 10),
            (-1_000_000i64..1_000_000).prop_map(|m| m * 100),
            (-100_000i64..100_000).prop_map(|m| m * (1 << 25)),
            (-100_000i64..100_000).prop_map(|m| m * 10 * (1 << 25)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_hundredth_is_what_the_division_writes(mantissa in mantissa(), scale in 0u32..=28) {
            let value = Decimal::new(mantissa, scale);
            if let Some(shortcut) = hundredth_as_divided(value) {
                let divided = value.checked_div(Decimal::ONE_HUNDRED);
                prop_assert_eq!(Some(shortcut.serialize()), divided.map(|d| d.serialize()), "{}", value);
            }
        }
    }
}
