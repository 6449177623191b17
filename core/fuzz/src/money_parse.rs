//! Money: strict decimal parsing, currency codes, the one rounding function and largest-remainder
//! allocation.
//!
//! Input: UTF-8 text (lossy), split into lines: line 1 is an amount, line 2 a currency code, lines 3
//! to 18 allocation weights.
//!
//! Invariants:
//! - nothing panics;
//! - `parse_decimal` accepts exactly the documented grammar (`-?digits(.digits)?`, at most 28
//!   decimals and 28 significant digits), checked against an independent reference;
//! - an accepted amount displays as its input with leading zeros dropped (scale kept, `-0` is `0`),
//!   and parse → display → parse gives the same value and text; JSON (as a string) reads the same;
//! - `parse_non_negative` accepts exactly the accepted amounts that are not negative;
//! - `Currency::from_code` accepts only three upper-case letters, and the currency displays as its code;
//! - `Money` round-trips through its JSON form; `Money::parse` is `parse_decimal` plus `from_code`;
//! - `round_to_minor_units` in every mode: the result has the currency's minor units, is within one
//!   minor unit (half a unit for the half modes) on the mode's side, a fixpoint, and zero is positive;
//! - `allocate`: the parts sum to the total exactly, have its sign, are whole units, and each lies
//!   within one unit of its exact proportional share; it fails only as documented.

use std::str::FromStr;

use affiliate_kit::money::{allocate, parse_decimal, parse_non_negative, round_to_minor_units};
use affiliate_kit::{Currency, Money, RoundingMode};
use rust_decimal::Decimal;

/// The currencies every amount is rounded and allocated in, besides the input's own.
const CURRENCIES: [Currency; 3] = [Currency::EUR, Currency::JPY, Currency::KWD];

/// The four rounding modes.
pub const MODES: [RoundingMode; 4] =
    [RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::TowardZero, RoundingMode::AwayFromZero];

/// The target: see the module documentation.
pub fn run(data: &[u8]) {
    let text = crate::text(data);
    let mut lines = text.split('\n');
    let amount = lines.next().unwrap_or_default();
    let currency_text = lines.next();
    let weights: Vec<Decimal> = lines.take(16).filter_map(|w| parse_decimal(w).ok()).collect();

    let parsed = check_amount(amount);
    let currency = currency_text.and_then(check_currency);
    if let Some(code) = currency_text {
        let money = Money::parse(amount, code);
        assert_eq!(money.is_ok(), parsed.is_some() && currency.is_some(), "Money::parse({amount:?}, {code:?})");
        if let Ok(money) = money {
            check_money(money);
        }
    }
    let Some(value) = parsed else { return };
    for currency in CURRENCIES.into_iter().chain(currency) {
        check_money(Money::new(value, currency));
        for mode in MODES {
            check_rounding(value, currency, mode);
        }
        check_allocation(Money::new(value, currency), &weights);
    }
}

/// The reference grammar: `(negative, integer digits, fraction digits)` of a strictly written decimal.
fn strict_parts(input: &str) -> Option<(bool, &str, Option<&str>)> {
    let (negative, body) = match input.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, input),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    (digits(int) && frac.is_none_or(digits)).then_some((negative, int, frac))
}

/// Checks `parse_decimal` and `parse_non_negative` on `input`; returns the value when accepted.
fn check_amount(input: &str) -> Option<Decimal> {
    let result = parse_decimal(input);
    let expected = strict_parts(input).and_then(|(negative, int, frac)| {
        let frac = frac.unwrap_or("");
        let int = int.trim_start_matches('0');
        let significant = if int.is_empty() { frac.trim_start_matches('0').len() } else { int.len() + frac.len() };
        (frac.len() <= 28 && significant <= 28).then(|| {
            let zero = int.is_empty() && frac.bytes().all(|b| b == b'0');
            let sign = if negative && !zero { "-" } else { "" };
            let int = if int.is_empty() { "0" } else { int };
            if frac.is_empty() {
                format!("{sign}{int}")
            } else {
                format!("{sign}{int}.{frac}")
            }
        })
    });
    match (&result, &expected) {
        (Ok(value), Some(text)) => assert_eq!(&value.to_string(), text, "parse_decimal({input:?}) displays wrongly"),
        (Err(e), None) => assert_eq!(e.kind().code(), "INVALID_AMOUNT", "parse_decimal({input:?}): {e}"),
        _ => panic!("parse_decimal({input:?}) = {result:?}, but the reference grammar says {expected:?}"),
    }
    let non_negative = parse_non_negative(input);
    match &result {
        Ok(value) if !value.is_sign_negative() => {
            assert_eq!(non_negative.as_ref().ok(), Some(value), "parse_non_negative({input:?})");
        }
        _ => assert!(non_negative.is_err(), "parse_non_negative({input:?}) accepted {non_negative:?}"),
    }
    let value = result.ok()?;
    assert!(!(value.is_zero() && value.is_sign_negative()), "parse_decimal({input:?}) gave a negative zero");
    let shown = value.to_string();
    let again = parse_decimal(&shown).unwrap_or_else(|e| panic!("{input:?} displays as {shown:?}, which fails: {e}"));
    assert_eq!(again, value, "{input:?} → {shown:?} → another value");
    assert_eq!(again.to_string(), shown, "{input:?} → {shown:?} → another text");
    // JSON reads amounts as strings with the same parser.
    let json = format!(r#"{{"amount": {}, "currency": "EUR"}}"#, serde_json::to_string(input).unwrap_or_default());
    let money: Money = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not load: {e}"));
    assert_eq!(money.amount.to_string(), shown, "JSON reads {input:?} differently");
    Some(value)
}

/// Checks `Currency::from_code` on `code`; returns the currency when accepted.
fn check_currency(code: &str) -> Option<Currency> {
    let result = Currency::from_code(code);
    match &result {
        Ok(currency) => {
            assert!(code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()), "{code:?} accepted as a currency");
            assert_eq!(currency.code(), code);
            assert_eq!(currency.to_string(), code);
            assert_eq!(Currency::from_str(code).ok(), Some(*currency));
            assert!(currency.minor_units() <= 4, "{code}: {} minor units", currency.minor_units());
        }
        Err(e) => assert_eq!(e.kind().code(), "INVALID_CURRENCY", "from_code({code:?}): {e}"),
    }
    let json = serde_json::to_string(code).unwrap_or_default();
    let read: Result<Currency, _> = serde_json::from_str(&json);
    assert_eq!(read.ok(), result.as_ref().ok().copied(), "JSON reads currency {code:?} differently");
    result.ok()
}

/// `Money` through its JSON form and its display.
fn check_money(money: Money) {
    let json = serde_json::to_string(&money).unwrap_or_else(|e| panic!("{money:?} does not serialize: {e}"));
    let back: Money = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not load back: {e}"));
    assert_eq!(back, money, "{json}");
    assert_eq!(back.amount.to_string(), money.amount.to_string(), "{json} loses the scale");
    assert_eq!(money.to_string(), format!("{} {}", money.amount, money.currency.code()));
}

/// One minor unit of `currency`, as a decimal (0.01 for EUR).
fn unit(currency: Currency) -> Decimal {
    Decimal::new(1, currency.minor_units())
}

fn check_rounding(value: Decimal, currency: Currency, mode: RoundingMode) {
    let rounded = round_to_minor_units(value, currency, mode);
    let what = format!("round_to_minor_units({value}, {currency}, {mode:?}) = {rounded}");
    let dp = currency.minor_units();
    // Padding to the minor units can only fail where the padded mantissa would leave 96 bits.
    if value.abs() < Decimal::from_str("1e24").unwrap_or(Decimal::MAX) {
        assert_eq!(rounded.scale(), dp, "{what}: not padded to the minor units");
    } else {
        assert!(rounded.normalize().scale() <= dp, "{what}: more decimals than the minor units");
    }
    assert!(!(rounded.is_zero() && rounded.is_sign_negative()), "{what}: negative zero");
    assert_eq!(round_to_minor_units(rounded, currency, mode), rounded, "{what}: not a fixpoint");
    let Some(diff) = rounded.checked_sub(value).map(|d| d.abs()) else { return };
    let one = unit(currency);
    let half = one / Decimal::TWO;
    match mode {
        RoundingMode::HalfUp | RoundingMode::HalfEven => assert!(diff <= half, "{what}: off by {diff}"),
        RoundingMode::TowardZero => assert!(diff < one && rounded.abs() <= value.abs(), "{what}"),
        RoundingMode::AwayFromZero => assert!(diff < one && rounded.abs() >= value.abs(), "{what}"),
    }
    if mode == RoundingMode::HalfUp && diff == half {
        assert!(rounded.abs() > value.abs(), "{what}: a half is rounded away from zero");
    }
    if !rounded.is_zero() {
        assert_eq!(rounded.is_sign_negative(), value.is_sign_negative(), "{what}: sign changed");
    }
}

fn check_allocation(total: Money, weights: &[Decimal]) {
    let result = allocate(total, weights);
    let what = format!("allocate({total:?}, {weights:?})");
    let total_weight: Option<Decimal> = weights.iter().try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w));
    let parts = match result {
        Ok(parts) => parts,
        Err(e) => {
            let invalid = weights.is_empty()
                || weights.iter().any(|w| w.is_sign_negative() && !w.is_zero())
                || (total_weight == Some(Decimal::ZERO) && !total.is_zero());
            let code = e.kind().code();
            assert!(
                (invalid && code == "INVALID_ALLOCATION") || (!invalid && code == "OVERFLOW"),
                "{what} failed with {code}: {e}"
            );
            return;
        }
    };
    assert!(!weights.is_empty(), "{what} accepted no weights");
    assert_eq!(parts.len(), weights.len(), "{what}: {parts:?}");
    let scale = total.currency.minor_units().max(total.amount.normalize().scale());
    // Each part lies within one unit of its exact share T·w/S, checked in integers (units of the
    // total's scale, weights at their finest scale) where the products fit in 128 bits.
    let weight_scale = weights.iter().map(|w| w.normalize().scale()).max().unwrap_or(0);
    let units = |value: Decimal, scale: u32| -> Option<i128> {
        let value = value.normalize();
        value.mantissa().checked_mul(10i128.checked_pow(scale.checked_sub(value.scale())?)?)
    };
    let ints: Option<Vec<i128>> = weights.iter().map(|w| units(*w, weight_scale)).collect();
    let sum = ints.and_then(|ints| ints.iter().try_fold(0i128, |acc, w| acc.checked_add(*w)));
    let mut added = Some(0i128);
    for (part, weight) in parts.iter().zip(weights) {
        assert_eq!(part.currency, total.currency, "{what}");
        assert!(part.amount.normalize().scale() <= scale, "{what}: part {part:?} is not in whole units");
        assert!(part.amount.is_zero() || part.is_negative() == total.is_negative(), "{what}: part {part:?}");
        added = added.zip(units(part.amount, scale)).and_then(|(a, p)| a.checked_add(p));
        let exact = (|| {
            let (t, p, w, s) =
                (units(total.amount, scale)?, units(part.amount, scale)?, units(*weight, weight_scale)?, sum?);
            Some((p.checked_mul(s)?.checked_sub(t.checked_mul(w)?)?.abs(), s))
        })();
        if let Some((off, s)) = exact.filter(|(_, s)| *s != 0) {
            assert!(off < s, "{what}: part {part:?} is a unit or more away from its share");
        }
    }
    // Summed in integer units: a Decimal sum of 29-digit parts would itself be rounded.
    assert_eq!(added, units(total.amount, scale), "{what}: the parts {parts:?} do not sum to the total");
}
