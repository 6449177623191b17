//! Crockford base32 symbols and the Damm check symbol over GF(32).
//!
//! Symbol values are taken as elements of GF(32) = GF(2)\[x\] / (x⁵ + x² + 1). The check uses the
//! quasigroup `x ∘ y = a·x + y` with the fixed element `a = x` (value 2): the running state starts at
//! 0, each symbol value `d` gives `state = state ∘ d`, and a code is valid iff the final state is 0.
//! The check symbol of a payload ending in state `s` is `c = a·s`, since `a·s + c = 0` (addition is
//! XOR).
//!
//! Why every single substitution and every adjacent transposition is caught:
//! * `x ∘ y` is a bijection in `x` (as `a ≠ 0`) and in `y`, so two sequences that differ in one
//!   symbol reach different states there and stay different to the end: the final state is not 0.
//! * Swapping adjacent `x ≠ y` from state `s` gives `a²s + a·x + y` versus `a²s + a·y + x`; they differ
//!   by `(a + 1)(x + y)`, non-zero as `a ≠ 1` and `x ≠ y`, and again the difference propagates.
//!
//! Both hold at every position, the check symbol included. The unit tests below verify these three
//! facts exhaustively over all 32 states and symbols, which turns the argument into a proof by
//! enumeration.

/// The Crockford base32 alphabet, in value order (no I, L, O, U).
pub const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// x⁵ + x² + 1.
const MODULUS: u8 = 0b10_0101;
/// The multiplier `a` of the quasigroup; any value other than 0 and 1 works.
const MULTIPLIER: u8 = 2;

/// Multiplication in GF(32).
const fn gf_mul(mut x: u8, mut y: u8) -> u8 {
    let mut product = 0;
    while y != 0 {
        if y & 1 != 0 {
            product ^= x;
        }
        y >>= 1;
        x <<= 1;
        if x & 0b10_0000 != 0 {
            x ^= MODULUS;
        }
    }
    product
}

/// `a·s` for every state `s` (a table: a step is on every code check's path). Built at compile time.
#[allow(clippy::indexing_slicing)]
const TIMES_MULTIPLIER: [u8; 32] = {
    let mut table = [0; 32];
    let mut state = 0;
    while state < 32 {
        table[state as usize] = gf_mul(MULTIPLIER, state);
        state += 1;
    }
    table
};

/// One step of the check: `state ∘ value`.
#[inline]
pub(crate) fn step(state: u8, value: u8) -> u8 {
    check_value(state) ^ value
}

/// The check value that brings `state` back to 0: `a·state` (states are below 32).
#[inline]
pub(crate) fn check_value(state: u8) -> u8 {
    TIMES_MULTIPLIER.get(usize::from(state)).copied().unwrap_or_else(|| gf_mul(MULTIPLIER, state))
}

/// The symbol of a value (the low five bits are used).
pub(crate) fn symbol(value: u8) -> char {
    // Every value below 32 is in the 32-symbol alphabet; the fallback is unreachable.
    ALPHABET.as_bytes().get(usize::from(value & 31)).map_or('0', |b| char::from(*b))
}

/// The value of a symbol read leniently: case-insensitive, O as 0, I and L as 1.
pub(crate) fn value_of(c: char) -> Option<u8> {
    u8::try_from(c).ok().and_then(value_of_byte)
}

/// [`value_of`] an ASCII byte (a normalized code's characters are bytes).
#[inline]
pub(crate) fn value_of_byte(b: u8) -> Option<u8> {
    match VALUES.get(usize::from(b)) {
        Some(&value) if value != NONE => Some(value),
        _ => None,
    }
}

/// Marks an ASCII character that is not a symbol in [`VALUES`].
const NONE: u8 = u8::MAX;

/// The value of each ASCII character read leniently (a table: this is on every code check's path).
/// Built at compile time: an index out of range would fail the build, never a run.
#[allow(clippy::indexing_slicing)]
const VALUES: [u8; 128] = {
    let mut table = [NONE; 128];
    let alphabet = ALPHABET.as_bytes();
    let mut value = 0;
    while value < alphabet.len() {
        let symbol = alphabet[value];
        table[symbol as usize] = value as u8;
        table[symbol.to_ascii_lowercase() as usize] = value as u8;
        value += 1;
    }
    table[b'O' as usize] = 0;
    table[b'o' as usize] = 0;
    table[b'I' as usize] = 1;
    table[b'i' as usize] = 1;
    table[b'L' as usize] = 1;
    table[b'l' as usize] = 1;
    table
};

/// The canonical spelling of one symbol of a generated part: upper case, O as 0, I and L as 1.
#[cfg(test)]
pub(crate) fn canonical_symbol(c: char) -> char {
    value_of(c).map_or(c, symbol)
}

/// Reads the generated part of a normalized code (bytes that are all symbols, see [`value_of_byte`])
/// in place: writes each symbol's canonical spelling (upper case, O as 0, I and L as 1) and answers whether the
/// check passes ([`has_valid_check`]), in one pass.
pub(crate) fn canonicalize_and_check(part: &mut [u8]) -> bool {
    let (mut state, mut readable) = (0, true);
    for b in part.iter_mut() {
        match value_of_byte(*b) {
            Some(value) => {
                state = step(state, value);
                *b = ALPHABET.as_bytes().get(usize::from(value)).copied().unwrap_or(*b);
            }
            None => readable = false,
        }
    }
    readable && !part.is_empty() && state == 0
}

/// The check symbol for a payload of Crockford symbols (read leniently), or `None` if a character
/// is not a Crockford symbol. `check_symbol("0")` is `'0'`.
pub fn check_symbol(payload: &str) -> Option<char> {
    let state = payload.chars().try_fold(0, |state, c| value_of(c).map(|v| step(state, v)))?;
    Some(symbol(check_value(state)))
}

/// Whether `code` (payload followed by its check symbol, Crockford symbols read leniently, no
/// prefix) is non-empty and passes the check.
pub fn has_valid_check(code: &str) -> bool {
    !code.is_empty() && code.chars().try_fold(0, |state, c| value_of(c).map(|v| step(state, v))) == Some(0)
}

#[cfg(test)]
mod tests {
    use super::{check_value, step, value_of, ALPHABET};

    #[test]
    fn the_lookup_table_reads_exactly_the_lenient_alphabet() {
        // The definition the table replaces: case-insensitive, O as 0, I and L as 1, else none.
        let by_definition = |c: char| {
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            ALPHABET.chars().position(|s| s == c).and_then(|i| u8::try_from(i).ok())
        };
        for c in (0..=0x2FFFu32).chain([0xFF10, 0xFF21, 0x1F600]).filter_map(char::from_u32) {
            assert_eq!(value_of(c), by_definition(c), "{c:?}");
        }
        assert_eq!(value_of('z'), Some(31));
        assert_eq!(value_of('u'), None);
    }

    /// Every state and every symbol value.
    const VALUES: std::ops::Range<u8> = 0..32;

    /// Exhaustive proof that every single substitution and every adjacent transposition of two
    /// different symbols is detected, at every position of a code of any length, the check symbol
    /// included.
    ///
    /// Over every state `s` and all symbols `x != y` and `d`, it checks that:
    /// 1. a substitution changes the state: `step(s, x) != step(s, y)`;
    /// 2. an adjacent transposition changes the state: `step(step(s, x), y) != step(step(s, y), x)`;
    /// 3. a difference is never lost later: for every `s != t`, `step(s, d) != step(t, d)`.
    ///
    /// The state starts at 0 and every state is reachable (`step(0, d) = d`, also checked), so the
    /// state before an error can be any of the 32 covered here. The error makes the state differ
    /// right after it (1, 2), the difference survives every later symbol (3), and the correct code
    /// ends in state 0 (checked for the check symbol too), so the mistyped code does not end in 0 and
    /// fails the check. Nothing depends on the position or on the code's length.
    #[test]
    fn check_detects_every_substitution_and_adjacent_transposition_exhaustively() {
        for s in VALUES {
            assert_eq!(step(0, s), s, "state {s} is reachable from the start");
            assert_eq!(step(s, check_value(s)), 0, "the check symbol of state {s} ends in 0");
            for x in VALUES {
                for y in VALUES.filter(|y| *y != x) {
                    assert_ne!(step(s, x), step(s, y), "substitution {x} -> {y} from state {s}");
                    assert_ne!(step(step(s, x), y), step(step(s, y), x), "transposition of {x} and {y} from state {s}");
                }
            }
            for t in VALUES.filter(|t| *t != s) {
                for d in VALUES {
                    assert_ne!(step(s, d), step(t, d), "states {s} and {t} merge on {d}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The one-pass reading answers as the check and the canonical spelling, symbol by symbol.
        #[test]
        fn canonicalize_and_check_is_the_check_and_the_canonical_symbols(part in "[0-9A-Za-z]{0,12}") {
            let mut bytes = part.clone().into_bytes();
            let valid = super::canonicalize_and_check(&mut bytes);
            proptest::prop_assert_eq!(valid, super::has_valid_check(&part));
            let canonical: String = part.chars().map(super::canonical_symbol).collect();
            proptest::prop_assert_eq!(bytes, canonical.into_bytes());
        }
    }

    #[test]
    fn the_step_table_is_the_field_multiplication() {
        for s in 0..=u8::MAX {
            assert_eq!(check_value(s), super::gf_mul(super::MULTIPLIER, s), "state {s}");
        }
    }

    /// Steps stay within the 32 states, so the enumeration above covers every state that occurs.
    #[test]
    fn steps_stay_within_the_states() {
        for s in VALUES {
            assert!(check_value(s) < 32);
            for d in VALUES {
                assert!(step(s, d) < 32);
            }
        }
    }
}
