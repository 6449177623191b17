#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Money: currencies, strict parsing, checked arithmetic, the rounding policy, allocation, serde.

use std::str::FromStr;

use affiliate_kit::money::{allocate, parse_decimal, round_to_minor_units, Currency, Money, RoundingMode};
use affiliate_kit::{Error, ErrorKind};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn eur(s: &str) -> Money {
    Money::parse(s, "EUR").unwrap()
}

#[test]
fn currencies_carry_their_minor_units() {
    assert_eq!(Currency::from_code("EUR").unwrap().minor_units(), 2);
    assert_eq!(Currency::from_code("JPY").unwrap().minor_units(), 0);
    assert_eq!(Currency::from_code("KWD").unwrap().minor_units(), 3);
    assert_eq!(Currency::from_code("BHD").unwrap().minor_units(), 3);
    assert_eq!(Currency::from_code("USD").unwrap().code(), "USD");
}

#[test]
fn unknown_malformed_and_unitless_currencies_are_typed_errors() {
    for bad in ["eur", " EUR", "EUR ", "EU", "EURO", "", "ZZZ", "XAU", "€"] {
        let err = Currency::from_code(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidCurrency, "{bad:?}");
        match err {
            Error::InvalidCurrency { input, .. } => assert_eq!(input, bad),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn strict_parsing_accepts_plain_decimals_and_keeps_the_scale() {
    assert_eq!(parse_decimal("12").unwrap().to_string(), "12");
    assert_eq!(parse_decimal("12.5").unwrap().to_string(), "12.5");
    assert_eq!(parse_decimal("-3.10").unwrap().to_string(), "-3.10");
    assert_eq!(parse_decimal("0.0000000000000000000000000001").unwrap().to_string(), "0.0000000000000000000000000001");
    assert_eq!(parse_decimal("-0").unwrap().to_string(), "0");
    // 28 significant digits is the most accepted.
    assert_eq!(parse_decimal("1234567890123456789012345678").unwrap().to_string(), "1234567890123456789012345678");
    assert_eq!(parse_decimal("00012.50").unwrap().to_string(), "12.50");
}

#[test]
fn strict_parsing_rejects_everything_else_naming_the_input() {
    let bad = [
        "1e3",
        "1E3",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "Infinity",
        "",
        " 1",
        "1 ",
        "1,50",
        "+-1",
        "+1",
        "--1",
        ".5",
        "5.",
        "1.2.3",
        "0x10",
        "١٢",
        "12345678901234567890123456789",   // 29 significant digits
        "1000000000000000000000000000000", // 10^30
        "0.12345678901234567890123456789", // 29 decimals
        "-",
    ];
    for input in bad {
        match parse_decimal(input) {
            Err(Error::InvalidAmount { input: named, reason }) => {
                assert_eq!(named, input);
                assert!(!reason.is_empty());
            }
            other => panic!("{input:?} gave {other:?}"),
        }
    }
}

#[test]
fn arithmetic_is_checked_for_currency_and_overflow() {
    assert_eq!(eur("10.10").checked_add(&eur("0.95")).unwrap(), eur("11.05"));
    assert_eq!(eur("10.10").checked_sub(&eur("10.15")).unwrap(), eur("-0.05"));
    let usd = Money::parse("1.00", "USD").unwrap();
    assert_eq!(
        eur("1.00").checked_add(&usd).unwrap_err(),
        Error::CurrencyMismatch { expected: "EUR".into(), found: "USD".into() }
    );
    assert_eq!(eur("1.00").checked_cmp(&usd).unwrap_err().kind(), ErrorKind::CurrencyMismatch);
    let max = Money::new(Decimal::MAX, Currency::EUR);
    assert_eq!(max.checked_add(&eur("1")).unwrap_err().kind(), ErrorKind::Overflow);
    assert_eq!(max.negated().checked_sub(&eur("1")).unwrap_err().kind(), ErrorKind::Overflow);
    assert_eq!(max.checked_mul(d("2")).unwrap_err().kind(), ErrorKind::Overflow);
    assert_eq!(eur("199.99").percent(d("15")).unwrap().amount, d("29.9985"));
}

#[test]
fn the_one_rounding_function_follows_each_mode() {
    let cases = [
        // amount, currency, half_up, half_even, toward_zero, away_from_zero
        ("29.9985", "EUR", "30.00", "30.00", "29.99", "30.00"),
        ("100.5", "JPY", "101", "100", "100", "101"),
        ("101.5", "JPY", "102", "102", "101", "102"),
        ("0.145", "USD", "0.15", "0.14", "0.14", "0.15"),
        ("0.125", "EUR", "0.13", "0.12", "0.12", "0.13"),
        ("-0.125", "EUR", "-0.13", "-0.12", "-0.12", "-0.13"),
        ("0.121", "EUR", "0.12", "0.12", "0.12", "0.13"),
        ("1.2505", "KWD", "1.251", "1.250", "1.250", "1.251"),
        ("30", "EUR", "30.00", "30.00", "30.00", "30.00"),
        ("-0.001", "EUR", "0.00", "0.00", "0.00", "-0.01"),
    ];
    let modes = [RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::TowardZero, RoundingMode::AwayFromZero];
    for (amount, code, up, even, zero, away) in cases {
        let currency = Currency::from_code(code).unwrap();
        for (mode, expected) in modes.into_iter().zip([up, even, zero, away]) {
            let rounded = round_to_minor_units(d(amount), currency, mode);
            assert_eq!(rounded.to_string(), expected, "{amount} {code} {mode:?}");
            assert_eq!(Money::new(d(amount), currency).round(mode).amount.to_string(), expected);
        }
    }
    assert_eq!(RoundingMode::default(), RoundingMode::HalfUp);
}

#[test]
fn allocation_splits_by_largest_remainder() {
    let parts = |total: Money, weights: &[&str]| -> Vec<String> {
        let weights: Vec<Decimal> = weights.iter().map(|w| d(w)).collect();
        allocate(total, &weights).unwrap().into_iter().map(|m| m.amount.to_string()).collect()
    };
    // 5 cents 70/30: 3.5 / 1.5 -> floors 3 / 1, the tie on .5 goes to the earlier part.
    assert_eq!(parts(eur("0.05"), &["70", "30"]), ["0.04", "0.01"]);
    // 1.00 three ways: 33.33.. each -> 34 / 33 / 33.
    assert_eq!(parts(eur("1.00"), &["1", "1", "1"]), ["0.34", "0.33", "0.33"]);
    // 10.00 over 199.99 / 79.80 / 7.50 (sum 287.29): 696.13.. / 277.77.. / 26.10.. cents -> +1 to the
    // largest remainder (the second).
    assert_eq!(parts(eur("10.00"), &["199.99", "79.80", "7.50"]), ["6.96", "2.78", "0.26"]);
    // JPY has no minor units; negative totals split like their absolute value.
    assert_eq!(parts(Money::parse("100", "JPY").unwrap(), &["1", "2"]), ["33", "67"]);
    assert_eq!(parts(eur("-0.05"), &["70", "30"]), ["-0.04", "-0.01"]);
    // A total with more decimals than the currency is split at its own scale.
    assert_eq!(parts(eur("0.005"), &["1", "1"]), ["0.003", "0.002"]);
    // Weights of different scales are compared exactly: 100 cents × 10 / 10.33.. = 96.77, × 0.33.. /
    // 10.33.. = 3.23 → 96 + 3, the cent left goes to .77: 0.97 / 0.03.
    assert_eq!(parts(eur("1.00"), &["10", "0.3333333333333333333333333333"]), ["0.97", "0.03"]);
    assert_eq!(parts(eur("1.00"), &["0.5", "1.50"]), ["0.25", "0.75"]);
    // Trailing zeros do not change the unit: 1.000 EUR is split in cents.
    assert_eq!(parts(eur("1.000"), &["1", "1", "1"]), ["0.34", "0.33", "0.33"]);
    // Zero weights take nothing.
    assert_eq!(parts(eur("1.00"), &["0", "1"]), ["0.00", "1.00"]);
    assert_eq!(parts(eur("0.00"), &["0", "0"]), ["0.00", "0.00"]);
}

#[test]
fn allocation_rejects_impossible_weights() {
    assert_eq!(allocate(eur("1.00"), &[]).unwrap_err().kind(), ErrorKind::InvalidAllocation);
    assert_eq!(allocate(eur("1.00"), &[d("-1"), d("2")]).unwrap_err().kind(), ErrorKind::InvalidAllocation);
    assert_eq!(allocate(eur("1.00"), &[d("0"), d("0")]).unwrap_err().kind(), ErrorKind::InvalidAllocation);
    let huge = Money::new(Decimal::MAX, Currency::EUR);
    assert_eq!(allocate(huge, &[Decimal::MAX, d("1")]).unwrap_err().kind(), ErrorKind::Overflow);
}

#[test]
fn money_serializes_amounts_as_strings_and_parses_strictly() {
    let json = serde_json::to_string(&eur("30.00")).unwrap();
    assert_eq!(json, r#"{"amount":"30.00","currency":"EUR"}"#);
    let back: Money = serde_json::from_str(&json).unwrap();
    assert_eq!(back, eur("30.00"));
    assert!(serde_json::from_str::<Money>(r#"{"amount":30.0,"currency":"EUR"}"#).is_err());
    assert!(serde_json::from_str::<Money>(r#"{"amount":"1e3","currency":"EUR"}"#).is_err());
    assert!(serde_json::from_str::<Money>(r#"{"amount":"1.00","currency":"eur"}"#).is_err());
    assert_eq!(serde_json::to_string(&RoundingMode::HalfEven).unwrap(), r#""half_even""#);
    assert_eq!(Money::zero(Currency::JPY).to_string(), "0 JPY");
    assert_eq!(Money::zero(Currency::KWD).to_string(), "0.000 KWD");
}

proptest! {
    #[test]
    fn allocation_parts_always_sum_to_the_total(
        cents in -10_000_000_000i64..10_000_000_000i64,
        weights in prop::collection::vec((0u32..1_000_000, 0u32..6), 1..12),
    ) {
        prop_assume!(weights.iter().any(|(w, _)| *w > 0));
        let total = Money::new(Decimal::new(cents, 2), Currency::EUR);
        // Each weight has its own scale, so the exact comparison across scales is exercised.
        let weights: Vec<Decimal> = weights.iter().map(|(w, scale)| Decimal::new(i64::from(*w), *scale)).collect();
        let parts = allocate(total, &weights).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        let sum = parts.iter().fold(Decimal::ZERO, |acc, p| acc + p.amount);
        prop_assert_eq!(sum, total.amount);
        // Each part is within one minor unit of its exact share, and never of the wrong sign.
        let weight_sum: Decimal = weights.iter().sum();
        for (part, weight) in parts.iter().zip(&weights) {
            let exact = total.amount * weight / weight_sum;
            prop_assert!((part.amount - exact).abs() < d("0.01"));
            prop_assert!(part.amount.is_zero() || part.amount.is_sign_negative() == total.amount.is_sign_negative());
        }
    }

    #[test]
    fn weights_split_alike_with_or_without_trailing_zeros(
        cents in -10_000_000_000i64..10_000_000_000i64,
        weights in prop::collection::vec((0u32..1_000_000, 0u32..6, 0u32..20), 2..8),
    ) {
        prop_assume!(weights.iter().any(|(w, _, _)| *w > 0));
        let total = Money::new(Decimal::new(cents, 2), Currency::EUR);
        // Each weight written with up to 19 trailing zeros (a price typed "5.000000000"), and normalized.
        let written: Vec<Decimal> = weights
            .iter()
            .map(|(w, scale, zeros)| Decimal::from_i128_with_scale(i128::from(*w) * 10i128.pow(*zeros), scale + zeros))
            .collect();
        let normal: Vec<Decimal> = written.iter().map(|w| w.normalize()).collect();
        let text = |parts: Vec<Money>| parts.iter().map(|p| p.amount.to_string()).collect::<Vec<_>>();
        prop_assert_eq!(text(allocate(total, &written).unwrap()), text(allocate(total, &normal).unwrap()));
    }

    #[test]
    fn one_weight_takes_the_whole_total_at_the_allocation_scale(
        units in -10_000_000_000i64..10_000_000_000i64,
        scale in 0u32..6,
        weight in 1u32..1_000_000,
    ) {
        // One part is what the division gives a first part beside a zero weight: the same digits.
        let total = Money::new(Decimal::new(units, scale), Currency::EUR);
        let weight = Decimal::new(i64::from(weight), 2);
        let alone = allocate(total, &[weight]).unwrap();
        let beside_zero = allocate(total, &[weight, Decimal::ZERO]).unwrap();
        prop_assert_eq!(alone.len(), 1);
        prop_assert_eq!(alone[0].amount.to_string(), beside_zero[0].amount.to_string());
        prop_assert_eq!(alone[0].amount, total.amount);
    }

    #[test]
    fn parsing_round_trips_what_it_accepts(int in 0u64..u64::MAX, frac in 0u32..1_000_000, neg: bool) {
        let text = format!("{}{int}.{frac:06}", if neg { "-" } else { "" });
        let value = parse_decimal(&text).unwrap();
        let expected = if neg && (int != 0 || frac != 0) { text.clone() } else { text.trim_start_matches('-').to_string() };
        prop_assert_eq!(value.to_string(), expected);
    }

    #[test]
    fn rounding_is_within_half_a_unit_under_half_modes(units in -1_000_000_000i64..1_000_000_000i64, scale in 0u32..8) {
        let amount = Decimal::new(units, scale);
        for mode in [RoundingMode::HalfUp, RoundingMode::HalfEven] {
            let rounded = round_to_minor_units(amount, Currency::EUR, mode);
            prop_assert!((rounded - amount).abs() <= d("0.005"));
            prop_assert_eq!(rounded.scale(), 2);
        }
    }
}
