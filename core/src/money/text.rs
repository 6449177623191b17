//! A decimal's text without `core::fmt` (whose machinery costs more than the digits): what every
//! amount of an explanation and of serialized data is written with.

use std::fmt;

use rust_decimal::Decimal;

/// The text of a decimal exactly as its `Display` writes it (`-12.50`, `0.05`, `0`, and `-0.00` for a
/// negative zero), held on the stack. The tests compare the two over every kind of decimal.
pub(crate) struct Text {
    bytes: [u8; 32],
    start: usize,
}

impl Text {
    /// The text of `value`.
    pub(crate) fn of(value: Decimal) -> Text {
        // 29 digits at most (with a leading 0 when every digit is a decimal), a point and a sign.
        let mut text = Text { bytes: [b'0'; 32], start: 32 };
        let scale = usize::try_from(value.scale()).unwrap_or(usize::MAX);
        let mut mantissa = value.mantissa().unsigned_abs();
        let mut written = 0; // digits written, right to left
                             // Digits beyond 64 bits one by one in 128 (rare), the rest in 64, which divides faster.
        while mantissa > u128::from(u64::MAX) {
            text.push_digit(u8::try_from(mantissa % 10).unwrap_or(0), &mut written, scale);
            mantissa /= 10;
        }
        let mut rest = u64::try_from(mantissa).unwrap_or(0);
        loop {
            text.push_digit(u8::try_from(rest % 10).unwrap_or(0), &mut written, scale);
            rest /= 10;
            // Every decimal and at least one digit before the point.
            if rest == 0 && written > scale {
                break;
            }
        }
        if value.is_sign_negative() {
            text.push(b'-');
        }
        text
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        self.bytes.get(self.start..).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("0")
    }

    /// Puts the next digit (right to left) before what is written, and the decimal point once
    /// `scale` digits are written.
    fn push_digit(&mut self, digit: u8, written: &mut usize, scale: usize) {
        if *written == scale && scale > 0 {
            self.push(b'.');
        }
        self.push(b'0' + digit);
        *written += 1;
    }

    /// Puts `b` before what is written.
    fn push(&mut self, b: u8) {
        if let Some(i) = self.start.checked_sub(1) {
            if let Some(slot) = self.bytes.get_mut(i) {
                *slot = b;
                self.start = i;
            }
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::Text;

    /// Mantissas of every size a decimal holds.
    fn mantissa() -> impl Strategy<Value = i128> {
        prop_oneof![
            -1_000i128..1_000,
            any::<i64>().prop_map(i128::from),
            (0i128..(1i128 << 96)).prop_map(|m| m),
            (0i128..(1i128 << 96)).prop_map(|m| -m),
            Just((1i128 << 96) - 1),
            Just(10_000_000_000_000_000_000),
            Just(9_999_999_999_999_999_999),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn the_text_is_what_display_writes(mantissa in mantissa(), scale in 0u32..=28, negative_zero: bool) {
            let mut value = Decimal::from_i128_with_scale(mantissa, scale);
            if negative_zero && mantissa == 0 {
                value.set_sign_negative(true);
            }
            let text = Text::of(value);
            prop_assert_eq!(text.as_str(), value.to_string());
        }
    }

    #[test]
    fn zeros_and_limits() {
        for (value, text) in [
            (Decimal::ZERO, "0"),
            (Decimal::new(0, 2), "0.00"),
            (Decimal::new(5, 2), "0.05"),
            (Decimal::new(-1250, 2), "-12.50"),
            (Decimal::MAX, "79228162514264337593543950335"),
            (Decimal::MIN, "-79228162514264337593543950335"),
            (Decimal::from_i128_with_scale(1, 28), "0.0000000000000000000000000001"),
        ] {
            assert_eq!(Text::of(value).as_str(), text);
        }
        let mut negative_zero = Decimal::new(0, 2);
        negative_zero.set_sign_negative(true);
        assert_eq!(Text::of(negative_zero).as_str(), "-0.00");
    }
}
