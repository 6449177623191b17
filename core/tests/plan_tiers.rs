#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: tiered rules chosen by the affiliate's volume before the order.

mod plan_support;

use affiliate_kit::plan::{Method, Plan, TierMetric, ZeroReason};
use plan_support::*;
use serde_json::json;

fn sales_plan() -> Plan {
    plan_v(json!({"currency": "EUR", "rules": [
        {"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
         "tiers": [{"threshold": "0", "rate": "10"}, {"threshold": "10", "rate": "15"},
                   {"threshold": "25", "rate": "20"}]}]}))
}

fn revenue_plan() -> Plan {
    plan_v(json!({"currency": "EUR", "rules": [
        {"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "revenue",
         "tiers": [{"threshold": "0", "rate": "5"}, {"threshold": "1000.00", "rate": "7.5"},
                   {"threshold": "5000", "rate": "10"}]}]}))
}

#[test]
fn sales_count_tiers_on_both_sides_of_each_threshold() {
    // Base 200.00: 10 % = 20.00, 15 % = 30.00, 20 % = 40.00.
    let plan = sales_plan();
    let order = one_line_order("EUR", "200.00");
    for (count, index, threshold, rate, amount) in [
        (0u32, 0usize, "0", "10", "20.00"),
        (9, 0, "0", "10", "20.00"),
        (10, 1, "10", "15", "30.00"),
        (24, 1, "10", "15", "30.00"),
        (25, 2, "25", "20", "40.00"),
        (1000, 2, "25", "20", "40.00"),
    ] {
        let mut c = ctx("aff_1");
        c.period_sales_count = count;
        let q = quote(&plan, &order, &c);
        assert_eq!(total(&q), amount, "count {count}");
        let calc = &line_of(&q, "volume").explanation.calculation;
        assert_eq!(calc.method, Method::Tiered);
        assert_eq!(calc.rate, Some(dec(rate)), "count {count}");
        assert_eq!(calc.zero_reason, None);
        let tier = calc.tier.as_ref().unwrap();
        assert_eq!(tier.metric, TierMetric::SalesCount);
        assert_eq!(tier.index as usize, index, "count {count}");
        assert_eq!(tier.threshold, dec(threshold), "count {count}");
        assert_eq!(tier.volume, rust_decimal::Decimal::from(count));
    }
}

#[test]
fn revenue_tiers_on_both_sides_of_each_threshold() {
    // Base 200.00: 5 % = 10.00, 7.5 % = 15.00, 10 % = 20.00.
    let plan = revenue_plan();
    let order = one_line_order("EUR", "200.00");
    for (revenue, index, amount) in [
        ("0", 0usize, "10.00"),
        ("999.99", 0, "10.00"),
        ("1000.00", 1, "15.00"),
        ("4999.99", 1, "15.00"),
        ("5000.00", 2, "20.00"),
        ("123456.78", 2, "20.00"),
    ] {
        let mut c = ctx("aff_1");
        c.period_revenue = dec(revenue);
        // The sales count is irrelevant to a revenue tier.
        c.period_sales_count = 1_000_000;
        let q = quote(&plan, &order, &c);
        assert_eq!(total(&q), amount, "revenue {revenue}");
        let tier = line_of(&q, "volume").explanation.calculation.tier.clone().unwrap();
        assert_eq!(tier.metric, TierMetric::Revenue);
        assert_eq!(tier.index as usize, index, "revenue {revenue}");
        assert_eq!(tier.volume, dec(revenue));
    }
}

#[test]
fn tier_rate_applies_to_the_whole_base_and_rounds_once() {
    // 12.5 % of 199.99 = 24.99875 → 25.00 (not a marginal/stepped computation).
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
         "tiers": [{"threshold": "0", "rate": "5"}, {"threshold": "3", "rate": "12.5"}]}]}));
    let mut c = ctx("aff_1");
    c.period_sales_count = 3;
    let q = quote(&plan, &one_line_order("EUR", "199.99"), &c);
    assert_eq!(line_of(&q, "volume").explanation.calculation.exact, dec("24.99875"));
    assert_eq!(total(&q), "25.00");
}

#[test]
fn volume_below_the_first_threshold_pays_zero() {
    // First tier from 5 sales: with 4 sales the rule applies but pays 0.00 (BelowFirstTier).
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "volume", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
         "tiers": [{"threshold": "5", "rate": "10"}]}]}));
    let order = one_line_order("EUR", "200.00");
    let mut c = ctx("aff_1");
    c.period_sales_count = 4;
    let q = quote(&plan, &order, &c);
    assert_eq!(total(&q), "0.00");
    let l = line_of(&q, "volume");
    assert_eq!(s(&l.amount), "0.00");
    let calc = &l.explanation.calculation;
    assert_eq!(calc.zero_reason, Some(ZeroReason::BelowFirstTier));
    assert_eq!(calc.tier, None);
    assert_eq!(calc.rate, None);
    assert!(q.unmatched.is_empty(), "the rule applied, it just pays nothing");

    // At exactly 5 sales: 10 % of 200.00 = 20.00.
    c.period_sales_count = 5;
    assert_eq!(total(&quote(&plan, &order, &c)), "20.00");
}

#[test]
fn below_first_tier_rule_still_beats_less_specific_rules() {
    // A group tiered rule below its first tier wins the line (zero) over the program's 10 %.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"),
        {"id": "gold", "target": {"type": "group", "group": "gold"}, "commission": "tiered",
         "metric": "revenue", "tiers": [{"threshold": "100.00", "rate": "20"}]}]}));
    let mut c = ctx("aff_1");
    c.group = Some("gold".into());
    c.period_revenue = dec("99.99");
    let q = quote(&plan, &one_line_order("EUR", "50.00"), &c);
    assert_eq!(q.lines.len(), 1);
    assert_eq!(q.lines[0].rule_id, "gold");
    assert_eq!(q.lines[0].explanation.calculation.zero_reason, Some(ZeroReason::BelowFirstTier));
    assert_eq!(total(&q), "0.00");
}

#[test]
fn tier_with_an_amount_pays_it_once_per_order() {
    // Tiers of fixed amounts: 2.00 from 0 sales, 5.00 from 10. Two lines won by the rule, 12 sales:
    // one commission of 5.00 for the order (not per line, not a percentage).
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        {"id": "bounty", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
         "tiers": [{"threshold": "0", "amount": {"amount": "2.00", "currency": "EUR"}},
                   {"threshold": "10", "amount": {"amount": "5.00", "currency": "EUR"}}]}]}));
    let order = order_of("EUR", vec![line("l1", "p1", 1, "30.00"), line("l2", "p2", 4, "1.00")]);
    let mut c = ctx("aff_1");
    c.period_sales_count = 12;
    let q = quote(&plan, &order, &c);
    assert_eq!(q.lines.len(), 1);
    let calc = &q.lines[0].explanation.calculation;
    assert_eq!(calc.method, Method::Tiered);
    assert_eq!(calc.flat, Some(money("5.00", "EUR")));
    assert_eq!(calc.rate, None);
    assert_eq!(calc.tier.as_ref().unwrap().index, 1);
    assert_eq!(total(&q), "5.00");

    c.period_sales_count = 9;
    assert_eq!(total(&quote(&plan, &order, &c)), "2.00");
}
