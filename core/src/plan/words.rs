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

/// Integers as `{}` writes them.
macro_rules! integer_pieces {
    ($($ty:ty),*) => {
        $(impl Piece for $ty {
            fn push_to(&self, out: &mut String) {
                out.push_str(itoa::Buffer::new().format(*self));
            }
        })*
    };
}
integer_pieces!(u32, usize, i32);

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
