#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Customer incentives carried by referral codes.

use affiliate_kit::codes::*;
use affiliate_kit::{Currency, Error, Money, RoundingMode};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

fn eur(amount: &str) -> Money {
    Money::parse(amount, "EUR").unwrap()
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn percent_off(percent: &str) -> Incentive {
    Incentive {
        discount: Discount::PercentOff { percent: percent.parse().unwrap() },
        min_order: None,
        expires_at: None,
    }
}

fn now() -> DateTime<Utc> {
    at("2026-05-01T10:00:00Z")
}

fn amounts(preview: &IncentivePreview) -> (String, String) {
    (preview.discount.amount.to_string(), preview.total.amount.to_string())
}

#[test]
fn percent_off_rounds_once() {
    let preview = percent_off("10").preview(eur("59.90"), now(), RoundingMode::HalfUp).unwrap();
    assert!(preview.eligible);
    assert_eq!(preview.reason, None);
    assert_eq!(amounts(&preview), ("5.99".into(), "53.91".into()));

    // 15 % of 0.10 = 0.015: 0.02 both half-up and half-even (2 is even).
    let p = percent_off("15");
    assert_eq!(amounts(&p.preview(eur("0.10"), now(), RoundingMode::HalfUp).unwrap()), ("0.02".into(), "0.08".into()));
    assert_eq!(
        amounts(&p.preview(eur("0.10"), now(), RoundingMode::HalfEven).unwrap()),
        ("0.02".into(), "0.08".into())
    );

    // 12.5 % of 1.00 = 0.125: 0.13 half-up, 0.12 half-even.
    let p = percent_off("12.5");
    assert_eq!(amounts(&p.preview(eur("1.00"), now(), RoundingMode::HalfUp).unwrap()), ("0.13".into(), "0.87".into()));
    assert_eq!(
        amounts(&p.preview(eur("1.00"), now(), RoundingMode::HalfEven).unwrap()),
        ("0.12".into(), "0.88".into())
    );

    // Totals show minor units.
    assert_eq!(
        amounts(&percent_off("10").preview(eur("100"), now(), RoundingMode::HalfUp).unwrap()),
        ("10.00".into(), "90.00".into())
    );
    assert_eq!(
        amounts(&percent_off("100").preview(eur("7.5"), now(), RoundingMode::HalfUp).unwrap()),
        ("7.50".into(), "0.00".into())
    );
}

#[test]
fn percent_off_in_yen() {
    let jpy = Money::parse("1005", "JPY").unwrap();
    let preview = percent_off("10").preview(jpy, now(), RoundingMode::HalfUp).unwrap();
    assert_eq!(preview.discount, Money::new(Decimal::from(101), Currency::JPY));
    assert_eq!(amounts(&preview), ("101".into(), "904".into()));
    let even = percent_off("10").preview(jpy, now(), RoundingMode::HalfEven).unwrap();
    assert_eq!(amounts(&even), ("100".into(), "905".into()));
}

#[test]
fn amount_off_is_capped_at_subtotal() {
    let incentive =
        Incentive { discount: Discount::AmountOff { amount: eur("20.00") }, min_order: None, expires_at: None };
    let preview = incentive.preview(eur("15.00"), now(), RoundingMode::HalfUp).unwrap();
    assert!(preview.eligible);
    assert_eq!(amounts(&preview), ("15.00".into(), "0.00".into()));
    let preview = incentive.preview(eur("25.00"), now(), RoundingMode::HalfUp).unwrap();
    assert_eq!(amounts(&preview), ("20.00".into(), "5.00".into()));
}

#[test]
fn minimum_order_not_reached() {
    let incentive = Incentive { min_order: Some(eur("50.00")), ..percent_off("10") };
    let preview = incentive.preview(eur("49.99"), now(), RoundingMode::HalfUp).unwrap();
    assert!(!preview.eligible);
    assert_eq!(preview.reason, Some(IneligibleReason::BelowMinimum { minimum: eur("50.00") }));
    assert_eq!(amounts(&preview), ("0.00".into(), "49.99".into()));
    let preview = incentive.preview(eur("50.00"), now(), RoundingMode::HalfUp).unwrap();
    assert!(preview.eligible);
    assert_eq!(amounts(&preview), ("5.00".into(), "45.00".into()));
}

#[test]
fn expired_exactly_at_expires_at() {
    let incentive = Incentive { expires_at: Some(at("2026-05-01T10:00:00Z")), ..percent_off("10") };
    let before = incentive.preview(eur("10.00"), at("2026-05-01T09:59:59Z"), RoundingMode::HalfUp).unwrap();
    assert!(before.eligible);
    assert_eq!(amounts(&before), ("1.00".into(), "9.00".into()));
    let exactly = incentive.preview(eur("10.00"), at("2026-05-01T10:00:00Z"), RoundingMode::HalfUp).unwrap();
    assert!(!exactly.eligible);
    assert_eq!(exactly.reason, Some(IneligibleReason::Expired));
    assert_eq!(amounts(&exactly), ("0.00".into(), "10.00".into()));
}

#[test]
fn currency_mismatch_is_an_error() {
    let usd = Money::parse("5.00", "USD").unwrap();
    let amount_off = Incentive { discount: Discount::AmountOff { amount: usd }, min_order: None, expires_at: None };
    let mismatch = Error::CurrencyMismatch { expected: "EUR".into(), found: "USD".into() };
    assert_eq!(amount_off.preview(eur("10.00"), now(), RoundingMode::HalfUp), Err(mismatch.clone()));
    let min_order = Incentive { min_order: Some(usd), ..percent_off("10") };
    assert_eq!(min_order.preview(eur("10.00"), now(), RoundingMode::HalfUp), Err(mismatch.clone()));
    // Even when the incentive has expired.
    let expired = Incentive { expires_at: Some(now()), ..amount_off };
    assert_eq!(expired.preview(eur("10.00"), now(), RoundingMode::HalfUp), Err(mismatch));
}

#[test]
fn invalid_incentives_and_subtotals() {
    let invalid = |input: &str, reason: &str| Error::InvalidAmount { input: input.into(), reason: reason.into() };
    assert_eq!(percent_off("100.5").validate(), Err(invalid("100.5", "percent off must be between 0 and 100")));
    assert_eq!(percent_off("-1").validate(), Err(invalid("-1", "percent off must be between 0 and 100")));
    assert_eq!(percent_off("0").validate(), Ok(()));
    assert_eq!(percent_off("100").validate(), Ok(()));
    let negative =
        Incentive { discount: Discount::AmountOff { amount: eur("-1.00") }, min_order: None, expires_at: None };
    assert_eq!(negative.validate(), Err(invalid("-1.00", "amount off must not be negative")));
    let negative_min = Incentive { min_order: Some(eur("-5")), ..percent_off("10") };
    assert_eq!(negative_min.validate(), Err(invalid("-5", "minimum order must not be negative")));
    assert_eq!(
        percent_off("10").preview(eur("-0.01"), now(), RoundingMode::HalfUp),
        Err(invalid("-0.01", "subtotal must not be negative"))
    );
}

#[test]
fn incentive_json_round_trip() {
    let json = r#"{"discount": {"type": "amount_off", "amount": {"amount": "5.00", "currency": "EUR"}},
                   "min_order": {"amount": "20.00", "currency": "EUR"}, "expires_at": "2026-06-01T00:00:00Z"}"#;
    let incentive: Incentive = serde_json::from_str(json).unwrap();
    assert_eq!(incentive.discount, Discount::AmountOff { amount: eur("5.00") });
    assert_eq!(incentive.min_order, Some(eur("20.00")));
    let percent: Incentive =
        serde_json::from_str(r#"{"discount": {"type": "percent_off", "percent": "12.5"}}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&percent.discount).unwrap(),
        serde_json::json!({"type": "percent_off", "percent": "12.5"})
    );
    assert!(serde_json::from_str::<Incentive>(r#"{"discount": {"type": "percent_off", "percent": 12.5}}"#).is_err());

    let preview = incentive.preview(eur("10.00"), now(), RoundingMode::HalfUp).unwrap();
    assert_eq!(
        serde_json::to_value(&preview).unwrap(),
        serde_json::json!({"eligible": false,
            "reason": {"type": "below_minimum", "minimum": {"amount": "20.00", "currency": "EUR"}},
            "discount": {"amount": "0.00", "currency": "EUR"}, "total": {"amount": "10.00", "currency": "EUR"}})
    );
}

#[test]
fn preview_order_discounts_the_order_subtotal() {
    let incentive: Incentive =
        serde_json::from_str(r#"{"discount": {"type": "percent_off", "percent": "10"}}"#).unwrap();
    // Lines 2 x 24.95 + 10.00 - 5.00 order discount = 54.90; tax and shipping are not discounted.
    let order = affiliate_kit::plan::Order::from_json(
        r#"{"id": "o1", "currency": "EUR", "discount": "5.00", "shipping": "4.90", "tax": "9.00", "lines": [
            {"id": "a", "product": "p", "quantity": 2, "unit_price": "24.95"},
            {"id": "b", "product": "q", "quantity": 1, "unit_price": "10.00"}]}"#,
    )
    .unwrap();
    let at = "2026-01-01T00:00:00Z".parse().unwrap();
    let preview = incentive.preview_order(&order, at, affiliate_kit::RoundingMode::HalfUp).unwrap();
    // 10 % of 54.90 = 5.49.
    assert_eq!(preview.discount.amount.to_string(), "5.49");
    assert_eq!(preview.total.amount.to_string(), "49.41");
}

#[test]
fn percent_is_taken_of_the_exact_subtotal() {
    // 10 % of 0.045 EUR is 0.0045, a discount of 0.00; not 10 % of a pre-rounded 0.05 (0.005 → 0.01).
    let p = percent_off("10");
    let half_up = p.preview(eur("0.045"), now(), RoundingMode::HalfUp).unwrap();
    assert!(half_up.eligible);
    assert_eq!(amounts(&half_up), ("0.00".into(), "0.05".into()));
    let half_even = p.preview(eur("0.045"), now(), RoundingMode::HalfEven).unwrap();
    assert_eq!(amounts(&half_even), ("0.00".into(), "0.04".into()));
    // 50 % of 10.005 = 5.0025 → 5.00; total 10.005 − 5.00 = 5.005 → 5.01 half-up.
    let half = percent_off("50").preview(eur("10.005"), now(), RoundingMode::HalfUp).unwrap();
    assert_eq!(amounts(&half), ("5.00".into(), "5.01".into()));
}

#[test]
fn minimum_order_is_checked_on_the_exact_subtotal() {
    // 0.045 rounds to 0.05 half-up but is below a 0.05 minimum.
    let incentive = Incentive { min_order: Some(eur("0.05")), ..percent_off("10") };
    let preview = incentive.preview(eur("0.045"), now(), RoundingMode::HalfUp).unwrap();
    assert!(!preview.eligible);
    assert_eq!(preview.reason, Some(IneligibleReason::BelowMinimum { minimum: eur("0.05") }));
    // Ineligible: no discount, the subtotal rounded once.
    assert_eq!(amounts(&preview), ("0.00".into(), "0.05".into()));
    assert!(incentive.preview(eur("0.05"), now(), RoundingMode::HalfUp).unwrap().eligible);
}

#[test]
fn capped_discount_of_a_sub_cent_subtotal_stays_in_minor_units() {
    // 100 % of, or 5.00 off, 0.045: capped at 0.045, rounded once; the total is never negative.
    let amount_off =
        Incentive { discount: Discount::AmountOff { amount: eur("5.00") }, min_order: None, expires_at: None };
    for incentive in [percent_off("100"), amount_off] {
        let up = incentive.preview(eur("0.045"), now(), RoundingMode::HalfUp).unwrap();
        assert_eq!(amounts(&up), ("0.05".into(), "0.00".into()));
        let even = incentive.preview(eur("0.045"), now(), RoundingMode::HalfEven).unwrap();
        assert_eq!(amounts(&even), ("0.04".into(), "0.00".into()));
        let down = incentive.preview(eur("0.049"), now(), RoundingMode::TowardZero).unwrap();
        assert_eq!(amounts(&down), ("0.04".into(), "0.00".into()));
        let away = incentive.preview(eur("0.041"), now(), RoundingMode::AwayFromZero).unwrap();
        assert_eq!(amounts(&away), ("0.05".into(), "0.00".into()));
    }
}

#[test]
fn amount_off_and_minimum_order_currencies_must_match_at_validation() {
    let usd = Money::parse("5.00", "USD").unwrap();
    let incentive = Incentive {
        discount: Discount::AmountOff { amount: eur("5.00") },
        min_order: Some(Money::parse("20.00", "USD").unwrap()),
        expires_at: None,
    };
    let mismatch = Error::CurrencyMismatch { expected: "EUR".into(), found: "USD".into() };
    assert_eq!(incentive.validate(), Err(mismatch.clone()));
    assert_eq!(incentive.validate().unwrap_err().kind(), affiliate_kit::ErrorKind::CurrencyMismatch);
    // Whatever the subtotal's currency, the preview fails the same way.
    assert_eq!(incentive.preview(Money::parse("30.00", "USD").unwrap(), now(), RoundingMode::HalfUp), Err(mismatch));
    let json = r#"{"discount": {"type": "amount_off", "amount": {"amount": "5.00", "currency": "EUR"}},
                   "min_order": {"amount": "20.00", "currency": "USD"}}"#;
    let parsed: Incentive = serde_json::from_str(json).unwrap();
    assert!(parsed.validate().is_err());
    // Same currency, or a percentage with any minimum order: valid.
    let same = Incentive { discount: Discount::AmountOff { amount: usd }, ..incentive };
    assert_eq!(same.validate(), Ok(()));
    assert_eq!(Incentive { min_order: Some(usd), ..percent_off("10") }.validate(), Ok(()));
}
