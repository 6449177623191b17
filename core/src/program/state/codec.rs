//! The byte encoding of packed orders and checkpoint records: unsigned integers as LEB128 varints,
//! strings as a length and their UTF-8 bytes, decimals as a byte of scale and sign and the
//! mantissa's magnitude (exactly the value and its scale). Reading never panics: bytes this module
//! did not write are an [`Error::InvalidSnapshot`].

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::error::{Error, Result};

pub(crate) fn put_varint(out: &mut Vec<u8>, mut n: u128) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

pub(crate) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    put_varint(out, bytes.len() as u128);
    out.extend_from_slice(bytes);
}

pub(crate) fn put_decimal(out: &mut Vec<u8>, d: Decimal) {
    // Scales are at most 28: the top bit carries the sign.
    out.push(d.scale() as u8 | if d.is_sign_negative() { 0x80 } else { 0 });
    put_varint(out, d.mantissa().unsigned_abs());
}

/// An instant as seconds since the epoch (zigzag, so that instants before 1970 stay short) and
/// nanoseconds.
pub(crate) fn put_instant(out: &mut Vec<u8>, at: DateTime<Utc>) {
    let seconds = at.timestamp();
    put_varint(out, u128::from(((seconds << 1) ^ (seconds >> 63)) as u64));
    put_varint(out, u128::from(at.timestamp_subsec_nanos()));
}

/// `None` as 0, `Some(n)` as n + 1.
pub(crate) fn put_option(out: &mut Vec<u8>, n: Option<u32>) {
    put_varint(out, n.map_or(0, |n| u128::from(n) + 1));
}

pub(crate) fn corrupt() -> Error {
    Error::snapshot("a packed record is malformed")
}

/// Reads what the `put_` functions wrote, from a slice.
pub(crate) struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader(bytes)
    }

    /// The bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.0.len()
    }

    pub fn byte(&mut self) -> Result<u8> {
        let (&b, rest) = self.0.split_first().ok_or_else(corrupt)?;
        self.0 = rest;
        Ok(b)
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.0.len() {
            return Err(corrupt());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    pub fn varint(&mut self) -> Result<u128> {
        // Nearly all fit in 63 bits (nine bytes): read in a u64, the rest (large mantissas) below.
        let mut n: u64 = 0;
        for (k, &b) in self.0.iter().take(9).enumerate() {
            n |= u64::from(b & 0x7f) << (7 * k);
            if b & 0x80 == 0 {
                self.0 = self.0.get(k + 1..).unwrap_or_default();
                return Ok(u128::from(n));
            }
        }
        let mut n: u128 = 0;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            n |= u128::from(b & 0x7f).checked_shl(shift).ok_or_else(corrupt)?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(corrupt())
    }

    pub fn u32(&mut self) -> Result<u32> {
        u32::try_from(self.varint()?).map_err(|_| corrupt())
    }

    pub fn u64(&mut self) -> Result<u64> {
        u64::try_from(self.varint()?).map_err(|_| corrupt())
    }

    /// A length: at most the bytes left (every item takes one byte at least), so that a length
    /// read from corrupt bytes never reserves more memory than the input holds.
    pub fn count(&mut self) -> Result<usize> {
        usize::try_from(self.varint()?).ok().filter(|&n| n <= self.0.len()).ok_or_else(corrupt)
    }

    /// What [`put_option`] wrote.
    pub fn option(&mut self) -> Result<Option<u32>> {
        match self.varint()? {
            0 => Ok(None),
            n => u32::try_from(n - 1).map(Some).map_err(|_| corrupt()),
        }
    }

    pub fn str_of(&mut self, n: usize) -> Result<&'a str> {
        std::str::from_utf8(self.take(n)?).map_err(|_| corrupt())
    }

    pub fn str(&mut self) -> Result<&'a str> {
        let n = usize::try_from(self.varint()?).map_err(|_| corrupt())?;
        self.str_of(n)
    }

    pub fn string(&mut self) -> Result<String> {
        self.str().map(str::to_string)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8]> {
        let n = usize::try_from(self.varint()?).map_err(|_| corrupt())?;
        self.take(n)
    }

    pub fn decimal(&mut self) -> Result<Decimal> {
        let head = self.byte()?;
        let magnitude = i128::try_from(self.varint()?).map_err(|_| corrupt())?;
        let mantissa = if head & 0x80 != 0 { -magnitude } else { magnitude };
        Decimal::try_from_i128_with_scale(mantissa, u32::from(head & 0x7f)).map_err(|_| corrupt())
    }

    pub fn instant(&mut self) -> Result<DateTime<Utc>> {
        let zigzag = self.u64()?;
        let seconds = (zigzag >> 1) as i64 ^ -((zigzag & 1) as i64);
        let nanos = self.u32()?;
        DateTime::from_timestamp(seconds, nanos).ok_or_else(corrupt)
    }
}
