#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: multi-level commissions up the referral chain.

mod plan_support;

use affiliate_kit::plan::{Method, Plan, QuoteContext, ZeroReason};
use affiliate_kit::ErrorKind;
use plan_support::*;
use serde_json::{json, Value};

fn levels_plan(rate: &str, levels: Value) -> Plan {
    plan_v(json!({"currency": "EUR", "rules": [program_rule("default", rate)], "levels": levels}))
}

fn chain(parents: &[&str]) -> QuoteContext {
    let mut c = ctx("aff");
    c.parents = parents.iter().map(|p| p.to_string()).collect();
    c
}

#[test]
fn levels_of_the_sale() {
    // 10 % / 2 % / 1 % of 1000.00 = 100.00 / 20.00 / 10.00; total 130.00.
    let plan = levels_plan("10", json!([{"rate": "2"}, {"rate": "1"}]));
    let order = order_of("EUR", vec![line("l1", "p1", 1, "600.00"), line("l2", "p2", 2, "200.00")]);
    let q = quote(&plan, &order, &chain(&["parent", "grandparent"]));
    let got: Vec<(&str, u32, &str, String)> =
        q.lines.iter().map(|l| (l.beneficiary.as_str(), l.level, l.rule_id.as_str(), s(&l.amount))).collect();
    assert_eq!(
        got,
        vec![
            ("aff", 1, "default", "100.00".to_string()),
            ("parent", 2, "levels[0]", "20.00".to_string()),
            ("grandparent", 3, "levels[1]", "10.00".to_string()),
        ]
    );
    assert_eq!(total(&q), "130.00");
    for l in &q.lines[1..] {
        let calc = &l.explanation.calculation;
        assert_eq!(calc.method, Method::LevelOfSale);
        assert_eq!(s(&calc.base), "1000.00");
        assert_eq!(s(&l.base), "1000.00");
        assert_eq!(l.order_lines, vec!["l1".to_string(), "l2".to_string()]);
        assert!(l.explanation.decisions.is_empty());
    }
    assert_eq!(q.lines[1].explanation.calculation.rate, Some(dec("2")));
    assert_eq!(q.lines[2].explanation.calculation.rate, Some(dec("1")));
}

#[test]
fn levels_of_the_sale_use_the_discounted_base() {
    // 1000.00 − 100.00 order discount = 900.00: 10 % = 90.00, 2 % = 18.00.
    let plan = levels_plan("10", json!([{"rate": "2", "of": "sale"}]));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "discount": "100.00", "tax": "200.00",
        "lines": [line("l1", "p1", 1, "1000.00")]}));
    let q = quote(&plan, &order, &chain(&["parent"]));
    assert_eq!(s(&q.lines[1].amount), "18.00");
    assert_eq!(total(&q), "108.00");
}

#[test]
fn levels_of_the_childs_rounded_commission() {
    // Level 1: 10 % of 1.25 = 0.125 → 0.13. Level 2: 50 % of the rounded 0.13 = 0.065 → 0.07
    // (of the exact 0.125 it would be 0.0625 → 0.06). Level 3: 50 % of 0.07 = 0.035 → 0.04.
    let plan = levels_plan("10", json!([{"rate": "50", "of": "commission"}, {"rate": "50", "of": "commission"}]));
    let q = quote(&plan, &one_line_order("EUR", "1.25"), &chain(&["p1", "p2"]));
    let amounts: Vec<String> = q.lines.iter().map(|l| s(&l.amount)).collect();
    assert_eq!(amounts, vec!["0.13", "0.07", "0.04"]);
    let l2 = &q.lines[1].explanation.calculation;
    assert_eq!(l2.method, Method::LevelOfCommission);
    assert_eq!(s(&l2.base), "0.13");
    assert_eq!(l2.exact, dec("0.065"));
    assert_eq!(s(&q.lines[2].explanation.calculation.base), "0.07");
    assert_eq!(total(&q), "0.24");
}

#[test]
fn commission_level_of_ten_percent() {
    // 10 % of 1000.00 = 100.00; level 2 of commission 10 % of 100.00 = 10.00; level 3 of the sale
    // 1 % of 1000.00 = 10.00. Mixing kinds: each level uses its own base.
    let plan = levels_plan("10", json!([{"rate": "10", "of": "commission"}, {"rate": "1", "of": "sale"}]));
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &chain(&["p1", "p2"]));
    assert_eq!(s(&q.lines[1].amount), "10.00");
    assert_eq!(s(&q.lines[1].base), "100.00");
    assert_eq!(s(&q.lines[2].amount), "10.00");
    assert_eq!(s(&q.lines[2].base), "1000.00");
    assert_eq!(total(&q), "120.00");
}

#[test]
fn commission_levels_use_the_capped_direct_commission() {
    // 10 % of 1000.00 = 100.00 capped per order at 40.00; level 2: 10 % of 40.00 = 4.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [program_rule("default", "10")],
        "caps": {"per_order": {"amount": "40.00", "currency": "EUR"}},
        "levels": [{"rate": "10", "of": "commission"}]}));
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &chain(&["p1"]));
    assert_eq!(s(&q.lines[1].amount), "4.00");
    assert_eq!(total(&q), "44.00");
}

#[test]
fn commission_levels_sum_the_direct_lines() {
    // Direct: books 20 % of 50.00 = 10.00 and default 10 % of 25.00 = 2.50 → 12.50.
    // Level 2, 10 % of that commission: 1.25. Total 13.75.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"), category_rule("books", "books", "20")],
        "levels": [{"rate": "10", "of": "commission"}]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "50.00"), line("l2", "mug", 1, "25.00")]);
    let q = quote(&plan, &order, &chain(&["p1"]));
    let parent = q.lines.iter().find(|l| l.level == 2).unwrap();
    assert_eq!(s(&parent.base), "12.50");
    assert_eq!(s(&parent.amount), "1.25");
    assert_eq!(parent.order_lines, vec!["l1".to_string(), "l2".to_string()]);
    assert_eq!(total(&q), "13.75");
}

#[test]
fn depth_is_limited_by_the_number_of_levels() {
    // Two levels, four parents: only p1 and p2 are paid. 10 % / 2 % / 1 % of 1000.00.
    let plan = levels_plan("10", json!([{"rate": "2"}, {"rate": "1"}]));
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &chain(&["p1", "p2", "p3", "p4"]));
    let who: Vec<&str> = q.lines.iter().map(|l| l.beneficiary.as_str()).collect();
    assert_eq!(who, vec!["aff", "p1", "p2"]);
    assert_eq!(total(&q), "130.00");
}

#[test]
fn depth_is_limited_by_the_chain_length() {
    // Three levels, one parent: only level 2 is paid.
    let plan = levels_plan("10", json!([{"rate": "2"}, {"rate": "1"}, {"rate": "0.5"}]));
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &chain(&["p1"]));
    assert_eq!(q.lines.len(), 2);
    assert_eq!(q.lines[1].beneficiary, "p1");
    assert_eq!(total(&q), "120.00");
    // No parents: only the direct commission.
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &chain(&[]));
    assert_eq!(q.lines.len(), 1);
    assert_eq!(total(&q), "100.00");
}

#[test]
fn no_levels_means_no_parent_commission() {
    let plan = single_rate_plan("EUR", "10");
    let q = quote(&plan, &one_line_order("EUR", "1000.00"), &chain(&["p1", "p2"]));
    assert_eq!(q.lines.len(), 1);
    assert_eq!(total(&q), "100.00");
}

#[test]
fn zero_sale_base_gives_zero_parent_commissions() {
    // A fully discounted order: level 1 and level 2 are 0.00 with NonPositiveBase.
    let plan = levels_plan("10", json!([{"rate": "2"}]));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "discount": "40.00",
        "lines": [line("l1", "p1", 1, "40.00")]}));
    let q = quote(&plan, &order, &chain(&["p1"]));
    assert_eq!(q.lines.len(), 2);
    assert_eq!(total(&q), "0.00");
    assert_eq!(s(&q.lines[1].amount), "0.00");
    assert_eq!(q.lines[1].explanation.calculation.zero_reason, Some(ZeroReason::NonPositiveBase));
}

#[test]
fn parent_levels_round_with_the_context_mode() {
    // 2 % of 1005 JPY = 20.1 → 20; 1.5 % of 1005 = 15.075 → 15. Level 1: 10 % of 1005 = 100.5 → 100
    // half-even. Total 135.
    let plan = plan_v(json!({"currency": "JPY", "rules": [program_rule("default", "10")],
        "levels": [{"rate": "2"}, {"rate": "1.5"}]}));
    let mut c = chain(&["p1", "p2"]);
    c.rounding = affiliate_kit::RoundingMode::HalfEven;
    let q = quote(&plan, &one_line_order("JPY", "1005"), &c);
    let amounts: Vec<String> = q.lines.iter().map(|l| s(&l.amount)).collect();
    assert_eq!(amounts, vec!["100", "20", "15"]);
    assert_eq!(total(&q), "135");
}

#[test]
fn a_repeated_member_of_the_chain_is_an_invalid_order() {
    let plan = levels_plan("10", json!([{"rate": "2"}, {"rate": "1"}, {"rate": "1"}]));
    let order = one_line_order("EUR", "100.00");
    for (parents, path) in [
        (vec!["p1", "p2", "p1"], "context.parents[2]"),
        (vec!["p1", "p1"], "context.parents[1]"),
        (vec!["aff"], "context.parents[0]"), // the affiliate is its own parent
        (vec!["p1", "aff"], "context.parents[1]"),
        (vec!["p1", ""], "context.parents[1]"),
        (vec!["  "], "context.parents[0]"),
    ] {
        let err = plan.quote(&order, &chain(&parents)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidOrder, "{parents:?}");
        assert_eq!(err.path(), Some(path), "{parents:?}");
    }
}

#[test]
fn too_many_levels_are_rejected_and_the_maximum_is_accepted() {
    let max = affiliate_kit::plan::MAX_LEVELS;
    let levels = |n: usize| Value::Array((0..n).map(|_| json!({"rate": "1"})).collect());
    let ok = levels_plan("10", levels(max));
    assert_eq!(ok.spec().levels.len(), max);
    let err =
        plan_err(&json!({"currency": "EUR", "rules": [program_rule("default", "10")], "levels": levels(max + 1)}));
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert_eq!(err.path(), Some("levels"));
}
