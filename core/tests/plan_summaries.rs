#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: the summary sentence of every kind of quote line, word for word (a tier, a flat
//! amount per unit, a rule's cap, beaten rules, both kinds of parent level, ids that need quoting).

mod plan_support;

use plan_support::*;
use serde_json::json;

#[test]
fn every_kind_of_line_says_why_in_one_sentence() {
    let plan = plan_v(json!({
        "currency": "EUR",
        "rules": [
            {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
            {"id": "p3", "target": {"type": "product", "products": ["sku-3"]}, "commission": "percentage", "rate": "8",
             "cap": {"amount": "3.33", "currency": "EUR"}},
            {"id": "t", "target": {"type": "category", "categories": ["cat-1"]}, "commission": "tiered",
             "metric": "sales_count", "tiers": [{"threshold": "0", "rate": "8"}, {"threshold": "10", "rate": "12"}]},
            {"id": "unit \"q\"", "target": {"type": "product", "products": ["sku-5"]}, "commission": "flat_per_unit",
             "amount": {"amount": "0.75", "currency": "EUR"}}
        ],
        "levels": [{"rate": "2.5"}, {"rate": "1", "of": "commission"}]
    }));
    let order = order_v(json!({"id": "o1", "currency": "EUR", "lines": [
        {"id": "a", "product": "sku-3", "quantity": 1, "unit_price": "100.00"},
        {"id": "b", "product": "sku-5", "quantity": 4, "unit_price": "1.00"},
        {"id": "c", "product": "other", "category": "cat-1", "quantity": 1, "unit_price": "50.00"}
    ]}));
    let mut context = ctx("aff_1");
    context.period_sales_count = 12;
    context.parents = vec!["aff_0".to_string(), "aff \"root\"".to_string()];
    let q = quote(&plan, &order, &context);
    let summaries: Vec<(&str, &str)> =
        q.lines.iter().map(|l| (l.rule_id.as_str(), l.explanation.summary.as_str())).collect();
    assert_eq!(
        summaries,
        [
            // 8 % of 100.00 = 8.00, over the rule's cap of 3.33.
            ("p3", "rule \"p3\" (product, priority 0) beat \"default\" (program): 8% of 100.00 EUR = 8.00 EUR; capped by the rule at 3.33 EUR"),
            // 4 units of 0.75; the id is quoted as Rust's Debug quotes it.
            ("unit \"q\"", "rule \"unit \\\"q\\\"\" (product, priority 0) beat \"default\" (program): 0.75 EUR x 4 units = 3.00 EUR"),
            // 12 sales before this one: the second tier, 12 % of 50.00 = 6.00.
            ("t", "rule \"t\" (category, priority 0) beat \"default\" (program): tier 1 (sales 12 >= 10): 12% of 50.00 EUR = 6.00 EUR"),
            // 2.5 % of the sale base 100.00 + 4.00 + 50.00 = 154.00 is 3.85.
            ("levels[0]", "level 2 (aff_0): 2.5% of the sale base 154.00 EUR = 3.85 EUR"),
            // 1 % of 3.85 is 0.0385, 0.04 half up; the parent's id as it is.
            ("levels[1]", "level 3 (aff \"root\"): 1% of the level below's commission 3.85 EUR = 0.04 EUR"),
        ]
    );
    assert_eq!(total(&q), "16.22"); // 3.33 + 3.00 + 6.00 + 3.85 + 0.04
}
