#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: plan, order and context validation (error kinds and field paths), and
//! currency rules between a plan and the order it quotes.

mod plan_support;

use affiliate_kit::plan::{Order, Plan, PlanSpec, QuoteContext};
use affiliate_kit::{Error, ErrorKind};
use plan_support::*;
use serde_json::{json, Value};

fn eur(amount: &str) -> Value {
    json!({"amount": amount, "currency": "EUR"})
}

fn usd(amount: &str) -> Value {
    json!({"amount": amount, "currency": "USD"})
}

fn with_rules(rules: Vec<Value>) -> Value {
    json!({"currency": "EUR", "rules": rules})
}

/// A plan with a single rule built from `rule` (a program percentage rule with fields replaced).
fn with_rule(fields: Value) -> Value {
    let mut rule = program_rule("r0", "10");
    for (k, v) in fields.as_object().unwrap() {
        if v.is_null() {
            rule.as_object_mut().unwrap().remove(k);
        } else {
            rule[k] = v.clone();
        }
    }
    with_rules(vec![rule])
}

#[track_caller]
fn assert_plan_error(value: &Value, path: &str) -> Error {
    let err = plan_err(value);
    assert_eq!(err.kind(), ErrorKind::InvalidPlan, "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
    assert_eq!(err.kind().code(), "INVALID_PLAN");
    err
}

// ---------------------------------------------------------------- plans

#[test]
fn tiers_must_ascend() {
    let tiered = |tiers: Value| {
        json!({"id": "volume", "target": {"type": "program"}, "commission": "tiered",
               "metric": "sales_count", "tiers": tiers})
    };
    let plan =
        |tiers: Value| with_rules(vec![category_rule("a", "books", "20"), product_rule("b", "p", "30"), tiered(tiers)]);
    // Descending: 10 then 5.
    let err = assert_plan_error(
        &plan(json!([{"threshold": "10", "rate": "10"}, {"threshold": "5", "rate": "15"}])),
        "rules[2].tiers[1].threshold",
    );
    assert!(err.to_string().contains("rules[2].tiers[1].threshold"), "{err}");
    // Equal thresholds are not ascending either.
    assert_plan_error(
        &plan(json!([{"threshold": "0", "rate": "10"}, {"threshold": "0", "rate": "15"}])),
        "rules[2].tiers[1].threshold",
    );
    // The third tier below the second.
    assert_plan_error(
        &plan(
            json!([{"threshold": "0", "rate": "1"}, {"threshold": "10", "rate": "2"}, {"threshold": "9", "rate": "3"}]),
        ),
        "rules[2].tiers[2].threshold",
    );
    // Ascending is fine.
    Plan::from_json(&plan(json!([{"threshold": "0", "rate": "1"}, {"threshold": "10", "rate": "2"}])).to_string())
        .unwrap();
}

#[test]
fn tier_details_are_checked() {
    let tiered = |metric: &str, tiers: Value| {
        with_rules(vec![json!({"id": "v", "target": {"type": "program"}, "commission": "tiered",
                               "metric": metric, "tiers": tiers})])
    };
    assert_plan_error(
        &tiered("sales_count", json!([{"threshold": "2.5", "rate": "1"}])),
        "rules[0].tiers[0].threshold",
    );
    // A fractional revenue threshold is fine.
    Plan::from_json(&tiered("revenue", json!([{"threshold": "2.5", "rate": "1"}])).to_string()).unwrap();
    assert_plan_error(&tiered("revenue", json!([{"threshold": "-1", "rate": "1"}])), "rules[0].tiers[0].threshold");
    assert_plan_error(&tiered("revenue", json!([{"threshold": "0", "rate": "101"}])), "rules[0].tiers[0].rate");
    assert_plan_error(
        &tiered("revenue", json!([{"threshold": "0", "amount": usd("1.00")}])),
        "rules[0].tiers[0].amount",
    );
    assert_plan_error(
        &tiered("revenue", json!([{"threshold": "0", "rate": "1", "amount": eur("1.00")}])),
        "rules[0].tiers[0]",
    );
    assert_plan_error(&tiered("revenue", json!([{"threshold": "0"}])), "rules[0].tiers[0]");
    assert_plan_error(&tiered("revenue", json!([])), "rules[0].tiers");
    assert_plan_error(
        &with_rules(vec![json!({"id": "v", "target": {"type": "program"}, "commission": "tiered",
                               "tiers": [{"threshold": "0", "rate": "1"}]})]),
        "rules[0].metric",
    );
}

#[test]
fn rates_must_be_within_0_and_100() {
    for bad in ["100.01", "101", "-1", "-0.01", "1000"] {
        assert_plan_error(&with_rule(json!({"rate": bad})), "rules[0].rate");
    }
    for good in ["0", "100", "100.00", "0.001", "33.333"] {
        Plan::from_json(&with_rule(json!({"rate": good})).to_string()).unwrap_or_else(|e| panic!("{good}: {e}"));
    }
    let mut levels = with_rule(json!({}));
    levels["levels"] = json!([{"rate": "2"}, {"rate": "100.5"}]);
    assert_plan_error(&levels, "levels[1].rate");
}

#[test]
fn rates_must_be_decimal_strings() {
    // A JSON number with a fraction or exponent is a type error at the field (it may have been a
    // float); an exponent or other sloppy spelling in a string is refused too.
    for bad in
        [json!(15.5), json!(1e3), json!("1e3"), json!(" 10"), json!("+10"), json!("10,5"), json!(".5"), json!("")]
    {
        let err = assert_plan_error(&with_rule(json!({"rate": bad.clone()})), "rules[0].rate");
        assert!(!err.to_string().is_empty(), "{bad}");
    }
}

#[test]
fn json_integers_are_exact_and_accepted_as_decimals() {
    let plan = Plan::from_json(&with_rule(json!({"rate": 10})).to_string());
    assert_eq!(plan.map(|p| p.to_json().contains(r#""rate":"10""#)), Ok(true));
}

#[test]
fn an_empty_window_is_rejected() {
    for (from, to) in
        [("2026-05-01T00:00:00Z", "2026-05-01T00:00:00Z"), ("2026-06-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    {
        assert_plan_error(
            &with_rule(json!({"conditions": {"window": {"from": from, "to": to}}})),
            "rules[0].conditions.window",
        );
    }
    // One second long is not empty.
    Plan::from_json(
        &with_rule(json!({"conditions": {"window": {"from": "2026-05-01T00:00:00Z", "to": "2026-05-01T00:00:01Z"}}}))
            .to_string(),
    )
    .unwrap();
}

#[test]
fn unknown_currency_is_reported_at_currency() {
    for bad in ["XYZ", "eur", "EURO", "XAU"] {
        let mut plan = with_rule(json!({}));
        plan["currency"] = json!(bad);
        let err = assert_plan_error(&plan, "currency");
        assert!(err.to_string().contains(bad), "{err}");
    }
}

#[test]
fn fixed_amounts_must_be_in_the_plan_currency() {
    assert_plan_error(
        &with_rule(json!({"commission": "flat_per_order", "rate": null, "amount": usd("5.00")})),
        "rules[0].amount",
    );
    assert_plan_error(
        &with_rule(json!({"commission": "flat_per_unit", "rate": null, "amount": usd("5.00")})),
        "rules[0].amount",
    );
    assert_plan_error(&with_rule(json!({"cap": usd("5.00")})), "rules[0].cap");
    assert_plan_error(
        &with_rule(json!({"conditions": {"min_subtotal": usd("5.00")}})),
        "rules[0].conditions.min_subtotal",
    );
    for cap in ["per_order", "per_customer", "per_affiliate_period"] {
        let mut plan = with_rule(json!({}));
        plan["caps"] = json!({cap: usd("5.00")});
        assert_plan_error(&plan, &format!("caps.{cap}"));
    }
    // Negative amounts are refused as well.
    assert_plan_error(
        &with_rule(json!({"commission": "flat_per_order", "rate": null, "amount": eur("-5.00")})),
        "rules[0].amount",
    );
    assert_plan_error(&with_rule(json!({"cap": eur("-0.01")})), "rules[0].cap");
}

#[test]
fn misspelt_fields_are_rejected() {
    assert_plan_error(&with_rule(json!({"ratee": "5"})), "rules[0].ratee");
    assert_plan_error(
        &with_rule(json!({"conditions": {"min_subtotl": eur("1.00")}})),
        "rules[0].conditions.min_subtotl",
    );
    assert_plan_error(&with_rule(json!({"conditions": {"country": ["FR"]}})), "rules[0].conditions.country");
    assert_plan_error(&json!({"currency": "EUR", "rulez": []}), "rulez");
    let mut caps = with_rule(json!({}));
    caps["caps"] = json!({"per_ordr": eur("1.00")});
    assert_plan_error(&caps, "caps.per_ordr");
    let mut base = with_rule(json!({}));
    base["base"] = json!({"include_taxes": true});
    assert_plan_error(&base, "base.include_taxes");
    let mut levels = with_rule(json!({}));
    levels["levels"] = json!([{"rate": "2", "off": "sale"}]);
    assert_plan_error(&levels, "levels[0].off");
    assert_plan_error(&with_rule(json!({"commission": "percent"})), "rules[0].commission");
    // An extra field in a target with fields is rejected (`categories` makes a combined target;
    // `category` is a misspelling of it).
    assert_plan_error(
        &with_rule(json!({"target": {"type": "group", "group": "gold", "category": ["books"]}})),
        "rules[0].target",
    );
}

#[test]
fn misspelt_fields_in_unit_variants_are_rejected() {
    // spec.rs: "Unknown fields are rejected, so a misspelt condition never silently widens a rule."
    // A rule meant for books, written with the target type wrong, must not pay on every line.
    assert_plan_error(&with_rule(json!({"target": {"type": "program", "categories": ["books"]}})), "rules[0].target");
    assert_plan_error(
        &with_rule(json!({"conditions": {"payments": {"type": "first_only", "count": 3}}})),
        "rules[0].conditions.payments",
    );
    assert_plan_error(
        &with_rule(json!({"conditions": {"payments": {"type": "lifetime", "months": 12}}})),
        "rules[0].conditions.payments",
    );
}

#[test]
fn duplicate_rule_ids_are_rejected() {
    let err = assert_plan_error(
        &with_rules(vec![
            program_rule("default", "10"),
            category_rule("books", "books", "20"),
            program_rule("books", "5"),
        ]),
        "rules[2].id",
    );
    assert!(err.to_string().contains("books"), "{err}");
    assert_plan_error(&with_rules(vec![program_rule(" ", "10")]), "rules[0].id");
}

#[test]
fn commission_fields_must_match_the_kind() {
    assert_plan_error(&with_rule(json!({"rate": null})), "rules[0].rate");
    assert_plan_error(&with_rule(json!({"amount": eur("1.00")})), "rules[0].amount");
    assert_plan_error(&with_rule(json!({"metric": "revenue"})), "rules[0].metric");
    assert_plan_error(&with_rule(json!({"commission": "flat_per_order", "rate": null})), "rules[0].amount");
    assert_plan_error(&with_rule(json!({"commission": "flat_per_order", "amount": eur("1.00")})), "rules[0].rate");
    assert_plan_error(&with_rule(json!({"commission": "tiered", "rate": null, "metric": "revenue"})), "rules[0].tiers");
}

#[test]
fn other_plan_checks() {
    assert_plan_error(&with_rules(vec![]), "rules");
    assert_plan_error(
        &with_rule(json!({"target": {"type": "category", "categories": []}})),
        "rules[0].target.categories",
    );
    assert_plan_error(
        &with_rule(json!({"target": {"type": "product", "products": ["a", " "]}})),
        "rules[0].target.products[1]",
    );
    assert_plan_error(&with_rule(json!({"target": {"type": "group", "group": ""}})), "rules[0].target");
    assert_plan_error(
        &with_rule(json!({"conditions": {"countries": ["FR", "fr"]}})),
        "rules[0].conditions.countries[1]",
    );
    assert_plan_error(&with_rule(json!({"conditions": {"countries": []}})), "rules[0].conditions.countries");
    assert_plan_error(
        &with_rule(json!({"conditions": {"payments": {"type": "first_n", "count": 0}}})),
        "rules[0].conditions.payments.count",
    );
    assert_plan_error(
        &with_rule(json!({"conditions": {"payments": {"type": "months", "months": 0}}})),
        "rules[0].conditions.payments.months",
    );
}

#[test]
fn plan_new_validates_a_spec_built_in_code() {
    let mut spec: PlanSpec = serde_json::from_value(with_rule(json!({}))).unwrap();
    spec.rules[0].rate = Some(dec("150"));
    let err = Plan::new(spec.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert_eq!(err.path(), Some("rules[0].rate"));
    spec.rules[0].rate = Some(dec("15"));
    assert_eq!(Plan::new(spec).unwrap().spec().rules[0].rate, Some(dec("15")));
}

// ---------------------------------------------------------------- orders

#[track_caller]
fn assert_order_error(value: &Value, path: &str) {
    let err = match Order::from_json(&value.to_string()) {
        Ok(o) => panic!("order accepted: {o:?}"),
        Err(e) => e,
    };
    assert_eq!(err.kind(), ErrorKind::InvalidOrder, "{err}");
    assert_eq!(err.path(), Some(path), "{err}");
}

fn order_with_line(fields: Value) -> Value {
    let mut l = line("l1", "p1", 1, "10.00");
    for (k, v) in fields.as_object().unwrap() {
        l[k] = v.clone();
    }
    json!({"id": "o1", "currency": "EUR", "lines": [l]})
}

#[test]
fn order_errors_name_the_field() {
    // Serde rejects a negative quantity (u32); validation rejects 0.
    assert_order_error(&order_with_line(json!({"quantity": -1})), "lines[0].quantity");
    assert_order_error(&order_with_line(json!({"quantity": 0})), "lines[0].quantity");
    // "-1" parses as a decimal; validation rejects it as negative, at the same path.
    assert_order_error(&order_with_line(json!({"unit_price": "-1"})), "lines[0].unit_price");
    assert_order_error(&order_with_line(json!({"unit_price": 10.5})), "lines[0].unit_price");
    assert_order_error(&order_with_line(json!({"unit_price": "1e1"})), "lines[0].unit_price");
    assert_order_error(&order_with_line(json!({"discount": "10.01"})), "lines[0].discount");
    assert_order_error(&order_with_line(json!({"tax": "-0.01"})), "lines[0].tax");
    assert_order_error(&order_with_line(json!({"colour": "red"})), "lines[0].colour");
    assert_order_error(&order_with_line(json!({"product": ""})), "lines[0].product");

    let two = |id2: &str| json!({"id": "o1", "currency": "EUR", "lines": [line("l1", "p1", 1, "1.00"), line(id2, "p2", 1, "1.00")]});
    assert_order_error(&two("l1"), "lines[1].id");
    assert_order_error(&two(""), "lines[1].id");
    assert_order_error(&json!({"id": "o1", "currency": "EUR", "lines": []}), "lines");
    assert_order_error(&json!({"id": " ", "currency": "EUR", "lines": [line("l1", "p", 1, "1")]}), "id");
    assert_order_error(
        &json!({"id": "o1", "currency": "EUR", "discount": "10.01", "lines": [line("l1", "p", 1, "10.00")]}),
        "discount",
    );
    assert_order_error(
        &json!({"id": "o1", "currency": "EUR", "shipping": "-1", "lines": [line("l1", "p", 1, "10.00")]}),
        "shipping",
    );
    assert_order_error(
        &json!({"id": "o1", "currency": "EUR", "customer": {"country": "fr"}, "lines": [line("l1", "p", 1, "1")]}),
        "customer.country",
    );
    assert_order_error(&json!({"id": "o1", "currency": "EURO", "lines": [line("l1", "p", 1, "1")]}), "currency");
}

#[test]
fn quote_validates_an_order_built_in_code() {
    let plan = single_rate_plan("EUR", "10");
    let mut order = one_line_order("EUR", "10.00");
    order.lines[0].quantity = 0;
    let err = plan.quote(&order, &ctx("a")).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidOrder);
    assert_eq!(err.path(), Some("lines[0].quantity"));
}

#[test]
fn quote_validates_the_context() {
    let plan = single_rate_plan("EUR", "10");
    let order = one_line_order("EUR", "10.00");
    let check = |c: QuoteContext, path: &str| {
        let err = plan.quote(&order, &c).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidOrder, "{path}");
        assert_eq!(err.path(), Some(path));
    };
    check(ctx(" "), "context.affiliate");
    let mut c = ctx("a");
    c.payment_number = 0;
    check(c, "context.payment_number");
    for field in ["period_revenue", "period_earned", "customer_earned"] {
        let mut c = ctx("a");
        match field {
            "period_revenue" => c.period_revenue = dec("-0.01"),
            "period_earned" => c.period_earned = dec("-0.01"),
            _ => c.customer_earned = dec("-0.01"),
        }
        check(c, &format!("context.{field}"));
    }
}

// ---------------------------------------------------------------- currency

#[test]
fn a_plan_quotes_only_orders_in_its_own_currency() {
    // The core does no exchange: a EUR plan refuses a USD or JPY order outright, whatever its rules.
    for plan in [
        single_rate_plan("EUR", "10"),
        plan_v(with_rule(json!({"commission": "flat_per_order", "rate": null, "amount": eur("5.00")}))),
    ] {
        let err = plan.quote(&one_line_order("USD", "100.00"), &ctx("a")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::CurrencyMismatch);
        assert_eq!(err, Error::CurrencyMismatch { expected: "EUR".into(), found: "USD".into() });
        assert_eq!(
            plan.quote(&one_line_order("JPY", "1005"), &ctx("a")).unwrap_err(),
            Error::CurrencyMismatch { expected: "EUR".into(), found: "JPY".into() }
        );
    }
}

#[test]
fn a_window_without_either_end_is_rejected() {
    let err = Plan::from_json(&with_rule(json!({"conditions": {"window": {}}})).to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidPlan);
    assert_eq!(err.path(), Some("rules[0].conditions.window"));
}

#[test]
fn amounts_and_rates_finer_than_the_exact_range_are_rejected() {
    // 12 decimals in an order and 8 in a rate keep base × rate exact within Decimal's 28 digits.
    let err = Plan::from_json(&with_rule(json!({"rate": "10.000000001"})).to_string()).unwrap_err();
    assert_eq!(err.path(), Some("rules[0].rate"));
    assert!(Plan::from_json(&with_rule(json!({"rate": "10.00000001"})).to_string()).is_ok());
    let order = |price: &str| {
        Order::from_json(
            &json!({"id": "o", "currency": "EUR",
            "lines": [{"id": "l", "product": "p", "quantity": 1, "unit_price": price}]})
            .to_string(),
        )
    };
    assert_eq!(order("0.0000000000001").unwrap_err().path(), Some("lines[0].unit_price"));
    assert!(order("0.000000000001").is_ok());
    assert!(order("1.0000000000000000").is_ok(), "trailing zeros do not count");
}
