//! Amounts as the ledger's records keep them: the decimal's mantissa in 80 bits and its scale, in
//! 11 unaligned bytes (a `Decimal` takes 16, aligned). Ledger amounts are within `MAX_AMOUNT`
//! (10^18) at the currency's minor units (at most 4 decimals): below 10^22 units, where 80 bits hold
//! ±6 × 10^23. Amounts read from a snapshot or checkpoint that do not fit are refused there.

use std::fmt;

use rust_decimal::Decimal;

/// A decimal of at most 80 bits of mantissa, exactly: the same value and scale back.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, packed)]
pub(crate) struct Units {
    low: u64,
    high: i16,
    scale: u8,
}

impl Units {
    /// `amount` kept exactly, or `None` when its mantissa needs more than 80 bits.
    pub fn of(amount: Decimal) -> Option<Units> {
        let m = amount.mantissa();
        let high = i16::try_from(m >> 64).ok()?;
        // The scale of a `Decimal` is at most 28.
        Some(Units { low: m as u64, high, scale: amount.scale() as u8 })
    }

    /// `amount` of the running ledger: a commission's (checked within `MAX_AMOUNT` and rounded to
    /// minor units when quoted) or a part of one, which always fits (see the module).
    pub fn of_ledger(amount: Decimal) -> Units {
        Units::of(amount).unwrap_or_default()
    }

    pub fn get(self) -> Decimal {
        let (low, high, scale) = (self.low, self.high, self.scale);
        let m = (i128::from(high) << 64) | i128::from(low);
        Decimal::try_from_i128_with_scale(m, u32::from(scale)).unwrap_or_default()
    }
}

impl fmt::Debug for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.get())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn amounts_come_back_with_their_value_and_scale() {
        assert_eq!(std::mem::size_of::<Units>(), 11);
        for text in ["0", "0.00", "12.30", "-12.30", "1000000000000000000.0000", "-0.0001", "604462909807314587353087"]
        {
            let d: Decimal = text.parse().unwrap();
            let back = Units::of(d).unwrap().get();
            assert_eq!(back.to_string(), text);
        }
        // 2^79 needs 81 bits with its sign.
        assert_eq!(Units::of("604462909807314587353088".parse().unwrap()), None);
        assert_eq!(Units::of("-604462909807314587353089".parse().unwrap()), None);
        assert_eq!(
            Units::of("-604462909807314587353088".parse().unwrap()).unwrap().get().to_string(),
            "-604462909807314587353088"
        );
    }
}
