//! Strict decimal parsing and the string (de)serialization of amounts.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serializer};

use crate::error::{Error, Result};

/// How a decimal string field appears in the description of the data (`schema` feature): a string
/// of format `decimal`, so the generated bindings type it as their decimal (`Decimal`, a decimal
/// string in TypeScript) and not as text. Fields name it with `#[schemars(with = "DecimalText")]`.
#[cfg(feature = "schema")]
pub struct DecimalText;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for DecimalText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DecimalText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "decimal" })
    }
}

/// The most significant digits an amount may have.
pub const MAX_SIGNIFICANT_DIGITS: usize = 28;

/// Parses a decimal strictly: an optional `-`, digits, and optionally `.` followed by digits.
///
/// Accepts `12`, `12.5`, `-3.10` (keeping the scale: `-3.10` stays two decimals). Rejects
/// exponents (`1e3`), `NaN`, `inf`, the empty string, surrounding spaces, `1,50`, `+1`, `+-1`, `.5`,
/// `5.` and more than 28 significant digits, each with [`Error::InvalidAmount`] naming the input.
pub fn parse_decimal(input: &str) -> Result<Decimal> {
    parse_checked(input, true)
}

/// Parses a decimal with the syntax of [`parse_decimal`] but without its digit limit: any value a
/// Decimal holds exactly (up to 29 significant digits within its range). For amounts the core
/// computed itself, such as a commission's exact amount before rounding, read back from a snapshot.
pub fn parse_exact(input: &str) -> Result<Decimal> {
    parse_checked(input, false)
}

fn parse_checked(input: &str, limit_digits: bool) -> Result<Decimal> {
    let invalid = |reason: &str| Error::InvalidAmount { input: input.to_string(), reason: reason.to_string() };
    let body = input.strip_prefix('-').unwrap_or(input);
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_part) || frac_part.is_some_and(|f| !all_digits(f)) {
        return Err(invalid("expected digits with an optional leading '-' and '.' fraction, e.g. \"-3.10\""));
    }
    let frac_len = frac_part.map_or(0, str::len);
    if frac_len > MAX_SIGNIFICANT_DIGITS {
        return Err(invalid("more than 28 decimal places"));
    }
    let significant = int_part.trim_start_matches('0').len()
        + frac_part.map_or(0, |f| {
            if int_part.trim_start_matches('0').is_empty() {
                f.trim_start_matches('0').len()
            } else {
                f.len()
            }
        });
    if limit_digits && significant > MAX_SIGNIFICANT_DIGITS {
        return Err(invalid("more than 28 significant digits"));
    }
    let mut value = Decimal::from_str_exact(input).map_err(|e| invalid(&e.to_string()))?;
    if value.is_zero() {
        value.set_sign_positive(true);
    }
    Ok(value)
}

/// Parses a decimal that must not be negative (prices, quantities, rates).
pub fn parse_non_negative(input: &str) -> Result<Decimal> {
    let value = parse_decimal(input)?;
    if value.is_sign_negative() {
        return Err(Error::InvalidAmount { input: input.to_string(), reason: "must not be negative".to_string() });
    }
    Ok(value)
}

/// A decimal that serializes as a JSON string (`"30.00"`) and deserializes strictly with
/// [`parse_decimal`]. Use with `#[serde(with = "crate::money::decimal::string")]`.
pub mod string {
    use super::*;

    /// Writes the decimal as a string, keeping its scale.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(super::super::Text::of(*value).as_str())
    }

    /// Reads the decimal from a string with [`parse_decimal`], or from a JSON integer (exact);
    /// other JSON numbers (fractions, exponents) are refused: they may have passed through a float.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(StringOrInteger { limit_digits: true })
    }
}

/// Like [`string`], reading with [`parse_exact`]: for values the core computes (they may use a
/// Decimal's 29th digit), never for input. Use with `#[serde(with = "crate::money::decimal::exact_string")]`.
pub mod exact_string {
    use super::*;

    /// Writes the decimal as a string, keeping its scale.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(super::super::Text::of(*value).as_str())
    }

    /// Reads the decimal from a string with [`parse_exact`], or from a JSON integer.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        deserializer.deserialize_any(StringOrInteger { limit_digits: false })
    }
}

/// Accepts a decimal string or an integer, nothing else.
struct StringOrInteger {
    limit_digits: bool,
}

impl serde::de::Visitor<'_> for StringOrInteger {
    type Value = Decimal;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a decimal string such as \"30.00\" or an integer")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Decimal, E> {
        parse_checked(text, self.limit_digits).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Decimal, E> {
        Err(E::custom(format!(
            "the number {value} is refused: amounts are decimal strings (\"30.00\") or integers, never floats"
        )))
    }
}

/// A decimal read by [`string::deserialize`], so that `Option` can wrap it.
struct Wrapped(Decimal);

impl<'de> Deserialize<'de> for Wrapped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Wrapped, D::Error> {
        string::deserialize(deserializer).map(Wrapped)
    }
}

/// An optional decimal as a JSON string or `null`. Use with `#[serde(default, with = ...)]`.
pub mod option_string {
    use super::*;

    /// Writes `Some` as a string and `None` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.collect_str(v),
            None => serializer.serialize_none(),
        }
    }

    /// Reads what [`string::deserialize`] reads, or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        Option::<Wrapped>::deserialize(deserializer).map(|value| value.map(|Wrapped(d)| d))
    }
}
