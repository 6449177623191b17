//! Compact fields of the program's records (there are millions of them).
//!
//! [`Units`]: amounts, the decimal's mantissa in 80 bits and its scale, in 11 unaligned bytes (a
//! `Decimal` takes 16, aligned). Ledger amounts are within `MAX_AMOUNT` (10^18) at the currency's
//! minor units (at most 4 decimals): below 10^22 units, where 80 bits hold ±6 × 10^23. Amounts read
//! from a snapshot or checkpoint that do not fit are refused there.
//!
//! [`Opt32`]: an optional number in 4 bytes (an `Option<u32>` takes 8): `u32::MAX` is none. The
//! numbers kept so (positions of affiliates and symbols) stay below it: the program checks that
//! its positions fit in u32 with room to spare (`check_room`), and symbols are fewer than sales.

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

    /// No amount: a record whose amount is found elsewhere when it does not fit (see [`Units::of`]).
    pub const NONE: Units = Units { low: 0, high: 0, scale: u8::MAX };

    /// The amount, or `None` for [`Units::NONE`].
    pub fn get_some(self) -> Option<Decimal> {
        (self.scale != u8::MAX).then(|| self.get())
    }

    /// The mantissa and scale, or `None` for [`Units::NONE`].
    pub fn parts(self) -> Option<(i128, u32)> {
        let (low, high, scale) = (self.low, self.high, self.scale);
        (scale != u8::MAX).then(|| ((i128::from(high) << 64) | i128::from(low), u32::from(scale)))
    }

    pub fn get(self) -> Decimal {
        let (mantissa, scale) = self.parts().unwrap_or_default();
        Decimal::try_from_i128_with_scale(mantissa, scale).unwrap_or_default()
    }
}

/// Where record `n`'s part lies in a buffer that holds every record's part end to end, each record
/// keeping where its own part ends (`end`): from the end of record `n - 1`'s (0 for the first) to
/// its own; empty past the last record.
pub(crate) fn end_to_end_span<R>(records: &[R], n: usize, end: impl Fn(&R) -> u64) -> std::ops::Range<usize> {
    let start = n.checked_sub(1).and_then(|p| records.get(p)).map_or(0, &end);
    let stop = records.get(n).map_or(0, &end);
    usize::try_from(start).unwrap_or(usize::MAX)..usize::try_from(stop).unwrap_or(0)
}

/// An optional number in 4 bytes (see the module).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Opt32(u32);

impl Opt32 {
    pub const NONE: Opt32 = Opt32(u32::MAX);

    pub fn get(self) -> Option<u32> {
        (self.0 != u32::MAX).then_some(self.0)
    }
}

impl From<Option<u32>> for Opt32 {
    fn from(n: Option<u32>) -> Opt32 {
        Opt32(n.unwrap_or(u32::MAX))
    }
}

impl fmt::Debug for Opt32 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.get().fmt(f)
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

#[cfg(test)]
mod record_sizes {
    use crate::program::affiliates::customers::CustomerRecord;
    use crate::program::events::StoredEvent;
    use crate::program::ledger::{CommissionRecord, EntryRecord};
    use crate::program::sales::SaleRecord;
    use std::mem::size_of;

    /// The records there are millions of stay this small (benches/README.md, issue 16: what a
    /// ledger entry costs in memory adds up from them).
    #[test]
    fn records_keep_their_sizes() {
        let sizes = [
            size_of::<SaleRecord>(),
            size_of::<CommissionRecord>(),
            size_of::<EntryRecord>(),
            size_of::<CustomerRecord>(),
            size_of::<StoredEvent>(),
        ];
        assert_eq!(sizes, [72, 40, 32, 40, 8]);
    }
}
