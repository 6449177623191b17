//! Explanation sentences written piece by piece with [`words!`], without `core::fmt`'s machinery:
//! a quote writes a sentence or two per line, and formatting cost more than computing the amounts.
//! Each piece writes exactly what `{}` (or, for [`Quoted`], `{:?}`) writes; the tests compare them.

use rust_decimal::Decimal;

use crate::money::{Money, Text};

/// Something a sentence is made of.
pub(crate) trait Piece {
    /// Appends the piece's text.
    fn push_to(&self, out: &mut String);
}

/// Appends each piece to `out`, in order: `words!(out, "rule ", Quoted(&id), " applied")`.
macro_rules! words {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::plan::words::Piece::push_to(&$piece, out); )+
    }};
}
pub(crate) use words;

impl Piece for &str {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn push_to(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for Money {
    fn push_to(&self, out: &mut String) {
        out.push_str(Text::of(self.amount).as_str());
        out.push(' ');
        out.push_str(self.currency.code());
    }
}

impl Piece for Decimal {
    fn push_to(&self, out: &mut String) {
        out.push_str(Text::of(*self).as_str());
    }
}

impl Piece for u32 {
    fn push_to(&self, out: &mut String) {
        push_unsigned(out, u64::from(*self));
    }
}

impl Piece for usize {
    fn push_to(&self, out: &mut String) {
        push_unsigned(out, u64::try_from(*self).unwrap_or(u64::MAX));
    }
}

impl Piece for i32 {
    fn push_to(&self, out: &mut String) {
        if *self < 0 {
            out.push('-');
        }
        push_unsigned(out, u64::from(self.unsigned_abs()));
    }
}

/// A text as `{:?}` writes it: in double quotes, escaped (`"books"`).
pub(crate) struct Quoted<'a>(pub &'a str);

impl Piece for Quoted<'_> {
    fn push_to(&self, out: &mut String) {
        // Printable ASCII but the quote and the backslash stands for itself; anything else is
        // escaped as `Debug` escapes it.
        if self.0.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
            out.push('"');
            out.push_str(self.0);
            out.push('"');
        } else {
            use std::fmt::Write;
            let _ = write!(out, "{:?}", self.0); // writing to a String cannot fail
        }
    }
}

/// Appends `n` in decimal digits.
fn push_unsigned(out: &mut String, n: u64) {
    let mut digits = [0u8; 20]; // u64::MAX has 20 digits
    let mut at = digits.len();
    let mut rest = n;
    while let Some(slot) = at.checked_sub(1).and_then(|i| digits.get_mut(i)) {
        *slot = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        at -= 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(digits.get(at..).and_then(|d| std::str::from_utf8(d).ok()).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::Quoted;

    proptest! {
        #[test]
        fn each_piece_writes_what_format_writes(text in any::<String>(), ascii in "[ -~]{0,12}", n in any::<i32>(), u in any::<u32>()) {
            let mut out = String::new();
            words!(&mut out, Quoted(&text), " ", Quoted(&ascii), " ", n, " ", u, " ", u as usize);
            prop_assert_eq!(out, format!("{text:?} {ascii:?} {n} {u} {u}"));
        }
    }
}
