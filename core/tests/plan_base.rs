#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: rounding of the exact amount to minor units, and the commission base
//! (order-discount proration, tax, shipping, zero bases, flat amounts).

mod plan_support;

use affiliate_kit::plan::{Method, ZeroReason};
use affiliate_kit::RoundingMode;
use plan_support::*;
use serde_json::json;

// ---------------------------------------------------------------- rounding

#[test]
fn fifteen_percent_of_199_99_eur_is_30_00_half_up() {
    // 199.99 × 15 / 100 = 29.9985 exactly → half-up to 2 dp: 30.00 (the 3rd decimal is 8).
    let q = quote(&single_rate_plan("EUR", "15"), &one_line_order("EUR", "199.99"), &ctx("aff_1"));
    assert_eq!(total(&q), "30.00");
    let l = line_of(&q, "default");
    assert_eq!(s(&l.amount), "30.00");
    assert_eq!(s(&l.base), "199.99");
    let calc = &l.explanation.calculation;
    assert_eq!(calc.method, Method::Percentage);
    assert_eq!(calc.rate, Some(dec("15")));
    assert_eq!(calc.exact, dec("29.9985"));
    assert_eq!(calc.exact.to_string(), "29.9985");
    assert_eq!(calc.rounding, RoundingMode::HalfUp);
    assert_eq!(calc.zero_reason, None);
}

#[test]
fn fifteen_percent_of_199_99_eur_is_30_00_half_even_too() {
    // 29.9985 is not a midpoint between 29.99 and 30.00 (29.995 is), so half-even also gives 30.00.
    let q = quote(
        &single_rate_plan("EUR", "15"),
        &one_line_order("EUR", "199.99"),
        &ctx_rounding("aff_1", RoundingMode::HalfEven),
    );
    assert_eq!(total(&q), "30.00");
    assert_eq!(line_of(&q, "default").explanation.calculation.rounding, RoundingMode::HalfEven);
}

#[test]
fn fifteen_percent_of_199_99_eur_toward_zero_and_away_from_zero() {
    // 29.9985 truncated → 29.99; any fraction away from zero → 30.00.
    let plan = single_rate_plan("EUR", "15");
    let order = one_line_order("EUR", "199.99");
    assert_eq!(total(&quote(&plan, &order, &ctx_rounding("a", RoundingMode::TowardZero))), "29.99");
    assert_eq!(total(&quote(&plan, &order, &ctx_rounding("a", RoundingMode::AwayFromZero))), "30.00");
}

#[test]
fn ten_percent_of_1005_jpy_is_101_half_up_and_100_half_even() {
    // 1005 × 10 / 100 = 100.5 exactly, a midpoint; JPY has no minor units.
    // half-up → 101, half-even → 100 (the even neighbour). No ".00" suffix for JPY.
    let plan = single_rate_plan("JPY", "10");
    let order = one_line_order("JPY", "1005");
    let up = quote(&plan, &order, &ctx("aff_1"));
    assert_eq!(total(&up), "101");
    assert_eq!(s(&line_of(&up, "default").amount), "101");
    assert_eq!(line_of(&up, "default").explanation.calculation.exact, dec("100.5"));
    let even = quote(&plan, &order, &ctx_rounding("aff_1", RoundingMode::HalfEven));
    assert_eq!(total(&even), "100");
}

#[test]
fn two_point_nine_percent_of_5_usd_is_0_15_half_up_and_0_14_half_even() {
    // 5.00 × 2.9 / 100 = 0.145 exactly, a midpoint: half-up → 0.15, half-even → 0.14 (4 is even).
    let plan = single_rate_plan("USD", "2.9");
    let order = one_line_order("USD", "5.00");
    let up = quote(&plan, &order, &ctx("aff_1"));
    assert_eq!(total(&up), "0.15");
    assert_eq!(up.total.currency.code(), "USD");
    assert_eq!(line_of(&up, "default").explanation.calculation.exact, dec("0.145"));
    let even = quote(&plan, &order, &ctx_rounding("aff_1", RoundingMode::HalfEven));
    assert_eq!(total(&even), "0.14");
}

#[test]
fn kwd_rounds_to_three_decimals() {
    // 10.005 × 12.5 / 100 = 1.250625 → 3 dp: 1.251 (the 4th decimal is 6), in both modes.
    let plan = single_rate_plan("KWD", "12.5");
    let order = one_line_order("KWD", "10.005");
    let up = quote(&plan, &order, &ctx("aff_1"));
    assert_eq!(total(&up), "1.251");
    assert_eq!(line_of(&up, "default").explanation.calculation.exact, dec("1.250625"));
    assert_eq!(total(&quote(&plan, &order, &ctx_rounding("aff_1", RoundingMode::HalfEven))), "1.251");
}

#[test]
fn kwd_midpoint_at_the_third_decimal() {
    // 0.025 × 50 / 100 = 0.0125, a midpoint at 3 dp: half-up → 0.013, half-even → 0.012.
    let plan = single_rate_plan("KWD", "50");
    let order = one_line_order("KWD", "0.025");
    assert_eq!(total(&quote(&plan, &order, &ctx("a"))), "0.013");
    assert_eq!(total(&quote(&plan, &order, &ctx_rounding("a", RoundingMode::HalfEven))), "0.012");
}

#[test]
fn amounts_are_padded_to_minor_units() {
    // 10 % of 100 EUR = 10 → shown as "10.00"; the base keeps the order's scale.
    let q = quote(&single_rate_plan("EUR", "10"), &one_line_order("EUR", "100"), &ctx("a"));
    assert_eq!(total(&q), "10.00");
}

#[test]
fn one_rounding_per_rule_not_per_line() {
    // Two lines of 0.05 won by the same 10 % rule: one commission on the summed base.
    // 0.10 × 10 / 100 = 0.010 → 0.01. Rounding each line (0.005 → 0.01 twice) would give 0.02.
    let plan = single_rate_plan("EUR", "10");
    let order = order_of("EUR", vec![line("l1", "p1", 1, "0.05"), line("l2", "p2", 1, "0.05")]);
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(q.lines.len(), 1);
    assert_eq!(s(&q.lines[0].base), "0.10");
    assert_eq!(q.lines[0].order_lines, vec!["l1".to_string(), "l2".to_string()]);
    assert_eq!(total(&q), "0.01");
}

// ---------------------------------------------------------------- base

#[test]
fn order_discount_is_prorated_by_largest_remainder() {
    // Lines: l1 199.99, l2 2 × 39.90 = 79.80, l3 3 × 2.50 = 7.50; nets sum 287.29; discount 10.00.
    // In cents: 1000 × 19999 / 28729 = 696 r 3616; 1000 × 7980 / 28729 = 277 r 22067;
    // 1000 × 750 / 28729 = 26 r 3046. Floors sum 999, the one cent left goes to the largest
    // remainder (l2): shares 6.96 / 2.78 / 0.26 = 10.00.
    // Bases: 199.99 − 6.96 = 193.03; 79.80 − 2.78 = 77.02; 7.50 − 0.26 = 7.24; sum 277.29.
    // 10 % of 277.29 = 27.729 → 27.73.
    let order = order_v(json!({
        "id": "o1", "currency": "EUR", "discount": "10.00",
        "lines": [line("l1", "course", 1, "199.99"), line("l2", "book", 2, "39.90"), line("l3", "stickers", 3, "2.50")]
    }));
    let q = quote(&single_rate_plan("EUR", "10"), &order, &ctx("a"));
    let l = line_of(&q, "default");
    let bases: Vec<(String, String)> =
        l.explanation.decisions.iter().map(|d| (d.line_id.clone(), s(&d.base))).collect();
    assert_eq!(
        bases,
        vec![
            ("l1".to_string(), "193.03".to_string()),
            ("l2".to_string(), "77.02".to_string()),
            ("l3".to_string(), "7.24".to_string())
        ]
    );
    assert_eq!(s(&l.base), "277.29");
    assert_eq!(l.explanation.calculation.exact, dec("27.729"));
    assert_eq!(total(&q), "27.73");
}

#[test]
fn prorated_discount_gives_each_rule_its_lines_share() {
    // Same order, each line won by its own rule (50 % / 20 % / 10 %), so the shares show per quote
    // line: 50 % of 193.03 = 96.515 → 96.52; 20 % of 77.02 = 15.404 → 15.40; 10 % of 7.24 = 0.724
    // → 0.72. Total 96.52 + 15.40 + 0.72 = 112.64.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"),
        product_rule("course", "course", "50"),
        product_rule("book", "book", "20"),
    ]}));
    let order = order_v(json!({
        "id": "o1", "currency": "EUR", "discount": "10.00",
        "lines": [line("l1", "course", 1, "199.99"), line("l2", "book", 2, "39.90"), line("l3", "stickers", 3, "2.50")]
    }));
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(s(&line_of(&q, "course").base), "193.03");
    assert_eq!(s(&line_of(&q, "course").amount), "96.52");
    assert_eq!(s(&line_of(&q, "book").base), "77.02");
    assert_eq!(s(&line_of(&q, "book").amount), "15.40");
    assert_eq!(s(&line_of(&q, "default").base), "7.24");
    assert_eq!(s(&line_of(&q, "default").amount), "0.72");
    assert_eq!(total(&q), "112.64");
}

#[test]
fn line_discount_reduces_only_its_line() {
    // l1: 2 × 50.00 − 15.00 = 85.00; l2: 20.00. 10 % of 105.00 = 10.50.
    let order = order_v(json!({"id": "o1", "currency": "EUR", "lines": [
        {"id": "l1", "product": "p1", "quantity": 2, "unit_price": "50.00", "discount": "15.00"},
        line("l2", "p2", 1, "20.00"),
    ]}));
    let q = quote(&single_rate_plan("EUR", "10"), &order, &ctx("a"));
    let d = &line_of(&q, "default").explanation.decisions;
    assert_eq!(s(&d[0].base), "85.00");
    assert_eq!(s(&d[1].base), "20.00");
    assert_eq!(total(&q), "10.50");
}

fn taxed_order() -> affiliate_kit::plan::Order {
    // Lines 60.00 (line tax 5.00) and 40.00; order tax 15.00; shipping 5.01.
    order_v(json!({"id": "o1", "currency": "EUR", "tax": "15.00", "shipping": "5.01", "lines": [
        {"id": "l1", "product": "p1", "quantity": 1, "unit_price": "60.00", "tax": "5.00"},
        line("l2", "p2", 1, "40.00"),
    ]}))
}

fn base_plan(include_tax: bool, include_shipping: bool) -> affiliate_kit::plan::Plan {
    plan_v(json!({"currency": "EUR", "base": {"include_tax": include_tax, "include_shipping": include_shipping},
        "rules": [program_rule("default", "10")]}))
}

#[test]
fn tax_and_shipping_are_excluded_by_default() {
    // Base 60.00 + 40.00 = 100.00 → 10 % = 10.00.
    let default_plan = single_rate_plan("EUR", "10");
    let q = quote(&default_plan, &taxed_order(), &ctx("a"));
    assert_eq!(s(&line_of(&q, "default").base), "100.00");
    assert_eq!(total(&q), "10.00");
    // Same with the options spelled out as false.
    assert_eq!(total(&quote(&base_plan(false, false), &taxed_order(), &ctx("a"))), "10.00");
}

#[test]
fn tax_is_included_with_include_tax() {
    // Order tax 15.00 split 60:40 → 9.00 / 6.00. l1: 60.00 + 5.00 + 9.00 = 74.00; l2: 40.00 + 6.00 =
    // 46.00; base 120.00 → 12.00.
    let q = quote(&base_plan(true, false), &taxed_order(), &ctx("a"));
    let d = &line_of(&q, "default").explanation.decisions;
    assert_eq!(s(&d[0].base), "74.00");
    assert_eq!(s(&d[1].base), "46.00");
    assert_eq!(total(&q), "12.00");
}

#[test]
fn shipping_is_included_with_include_shipping_by_largest_remainder() {
    // Shipping 501 cents split 6000:4000: 501 × 0.6 = 300.6 → 300 r .6, 501 × 0.4 = 200.4 → 200 r .4;
    // the cent left goes to l1: 3.01 / 2.00. Bases 63.01 / 42.00 = 105.01 → 10 % = 10.501 → 10.50.
    let q = quote(&base_plan(false, true), &taxed_order(), &ctx("a"));
    let d = &line_of(&q, "default").explanation.decisions;
    assert_eq!(s(&d[0].base), "63.01");
    assert_eq!(s(&d[1].base), "42.00");
    assert_eq!(line_of(&q, "default").explanation.calculation.exact, dec("10.501"));
    assert_eq!(total(&q), "10.50");
}

#[test]
fn tax_and_shipping_together() {
    // 100.00 + 5.00 + 15.00 + 5.01 = 125.01 → 12.501 → 12.50.
    let q = quote(&base_plan(true, true), &taxed_order(), &ctx("a"));
    assert_eq!(s(&line_of(&q, "default").base), "125.01");
    assert_eq!(total(&q), "12.50");
}

#[test]
fn fully_discounted_line_earns_zero_with_non_positive_base() {
    // l1 "freebie" 20.00 with line discount 20.00 → net 0 (weight 0 in the order discount share),
    // won by the product rule: base 0.00 → 0.00, NonPositiveBase.
    // l2 "mug" 50.00 − the whole order discount 5.00 = 45.00 → 10 % = 4.50.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"), product_rule("freebie", "freebie", "30")]}));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "discount": "5.00", "lines": [
        {"id": "l1", "product": "freebie", "quantity": 1, "unit_price": "20.00", "discount": "20.00"},
        line("l2", "mug", 1, "50.00"),
    ]}));
    let q = quote(&plan, &order, &ctx("a"));
    let free = line_of(&q, "freebie");
    assert!(free.base.is_zero(), "{:?}", free.base);
    assert_eq!(s(&free.amount), "0.00");
    assert_eq!(free.explanation.calculation.zero_reason, Some(ZeroReason::NonPositiveBase));
    assert!(free.explanation.calculation.exact.is_zero());
    let mug = line_of(&q, "default");
    assert_eq!(s(&mug.base), "45.00");
    assert_eq!(s(&mug.amount), "4.50");
    assert_eq!(mug.explanation.calculation.zero_reason, None);
    assert_eq!(total(&q), "4.50");
}

#[test]
fn fully_discounted_order_pays_no_flat_amount() {
    // A flat 5.00 per order on a base of 0 (order discount = the whole subtotal) pays 0.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "flat", "target": {"type": "program"}, "commission": "flat_per_order",
         "amount": {"amount": "5.00", "currency": "EUR"}}]}));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "discount": "30.00",
        "lines": [line("l1", "p1", 1, "30.00")]}));
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(total(&q), "0.00");
    assert_eq!(line_of(&q, "flat").explanation.calculation.zero_reason, Some(ZeroReason::NonPositiveBase));
}

#[test]
fn flat_per_unit_multiplies_by_quantity() {
    // 1.50 per unit; l1 quantity 3, l2 quantity 2, both won by the rule: 1.50 × 5 = 7.50.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "per-unit", "target": {"type": "program"}, "commission": "flat_per_unit",
         "amount": {"amount": "1.50", "currency": "EUR"}}]}));
    let order = order_of("EUR", vec![line("l1", "p1", 3, "10.00"), line("l2", "p2", 2, "4.00")]);
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(q.lines.len(), 1);
    let calc = &q.lines[0].explanation.calculation;
    assert_eq!(calc.method, Method::FlatPerUnit);
    assert_eq!(calc.units, Some(5));
    assert_eq!(calc.flat, Some(money("1.50", "EUR")));
    assert_eq!(calc.rate, None);
    assert_eq!(total(&q), "7.50");
}

#[test]
fn flat_per_unit_only_counts_units_of_lines_the_rule_won() {
    // Product rule 0.25 per unit on "pen" (quantity 4) = 1.00; the program 10 % on the mug 12.00 = 1.20.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"),
        {"id": "pens", "target": {"type": "product", "products": ["pen"]}, "commission": "flat_per_unit",
         "amount": {"amount": "0.25", "currency": "EUR"}}]}));
    let order = order_of("EUR", vec![line("l1", "pen", 4, "1.00"), line("l2", "mug", 2, "6.00")]);
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(line_of(&q, "pens").explanation.calculation.units, Some(4));
    assert_eq!(s(&line_of(&q, "pens").amount), "1.00");
    assert_eq!(s(&line_of(&q, "default").amount), "1.20");
    assert_eq!(total(&q), "2.20");
}

#[test]
fn flat_per_order_is_paid_once_for_all_lines_of_the_rule() {
    // Three lines won by one flat_per_order rule of 5.00 → one commission of 5.00, not 15.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "flat", "target": {"type": "program"}, "commission": "flat_per_order",
         "amount": {"amount": "5.00", "currency": "EUR"}}]}));
    let order =
        order_of("EUR", vec![line("l1", "p1", 1, "10.00"), line("l2", "p2", 3, "1.00"), line("l3", "p3", 1, "99.00")]);
    let q = quote(&plan, &order, &ctx("a"));
    assert_eq!(q.lines.len(), 1);
    let l = &q.lines[0];
    assert_eq!(l.order_lines, vec!["l1".to_string(), "l2".to_string(), "l3".to_string()]);
    assert_eq!(l.explanation.calculation.method, Method::FlatPerOrder);
    assert_eq!(l.explanation.calculation.flat, Some(money("5.00", "EUR")));
    assert_eq!(s(&l.base), "112.00");
    assert_eq!(total(&q), "5.00");
    // The 5.00 is shared by base (10.00 / 3.00 / 99.00 of 112.00): 500 cents × 10/112 = 44.64,
    // × 3/112 = 13.39, × 99/112 = 441.96 → floors 44 + 13 + 441 = 498, two cents left for the largest
    // remainders (.96 then .64): 0.45 / 0.13 / 4.42, summing to 5.00.
    let shares: Vec<String> = l.explanation.decisions.iter().map(|d| s(&d.amount)).collect();
    assert_eq!(shares, ["0.45", "0.13", "4.42"]);
}

#[test]
fn discount_shares_never_exceed_sub_cent_line_amounts() {
    // Nets 0.004 and 0.006 EUR with a 0.01 order discount: the discount is cut in thousandths
    // (0.004 / 0.006), so both bases are 0.000 and neither goes negative.
    let order = order_v(json!({"id": "o", "currency": "EUR", "discount": "0.01", "lines": [
        line("a", "p1", 1, "0.004"), line("b", "p2", 1, "0.006")]}));
    let q = quote(&single_rate_plan("EUR", "10"), &order, &ctx("aff"));
    let bases: Vec<_> = q.lines[0].explanation.decisions.iter().map(|d| d.base.amount).collect();
    assert_eq!(bases, [dec("0"), dec("0")]);
    assert_eq!(total(&q), "0.00");
}
