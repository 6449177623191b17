//! Commission plans: loading a plan from arbitrary JSON, and quoting fixed orders with it.
//!
//! Input: the plan as JSON text (UTF-8, lossy).
//!
//! Invariants:
//! - nothing panics; a plan that fails to load is `INVALID_PLAN`;
//! - `Plan::from_json` and serde's `Deserialize` agree;
//! - a loaded plan round-trips: `to_json` loads back to an equal plan with the same JSON;
//! - quoting each fixed order (in the plan's currency) with each fixed context succeeds or is
//!   `OVERFLOW`, and is deterministic; the quote's `total` is the sum of its lines; every amount is
//!   rounded to the currency's minor units and not negative; level-1 lines belong to the affiliate
//!   and level k to the (k-1)-th parent, at most as deep as the plan's levels; at level 1 the
//!   per-order-line shares sum to their commission, each order line is decided at most once, and
//!   decided plus unmatched lines are exactly the order's lines; a base of zero or less earns zero;
//!   the rule cap and the plan's per-order, per-customer and per-period caps hold;
//! - `quote_amounts` (the fast path) gives the same quote as `quote` without the explanation text;
//! - a quote round-trips through JSON.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use affiliate_kit::money::Currency;
use affiliate_kit::plan::{Explanation, Order, Plan, Quote, QuoteContext};
use rust_decimal::Decimal;

/// The orders every loaded plan quotes (in EUR; the plan's currency replaces it).
pub const ORDERS: &[&str] = &[
    include_str!("../../../benches/fixtures/order.json"),
    r#"{"id": "order-1001", "currency": "EUR", "discount": "10.00", "shipping": "4.90", "tax": "21.00",
        "customer": {"id": "c1", "email": "buyer@example.com", "country": "FR"},
        "lines": [{"id": "l1", "product": "course-rust", "category": "courses", "quantity": 1, "unit_price": "199.99"},
                  {"id": "l2", "product": "rust-book", "category": "books", "quantity": 2, "unit_price": "39.90", "tax": "1.50"},
                  {"id": "l3", "product": "stickers", "quantity": 3, "unit_price": "2.50", "discount": "7.50"}]}"#,
    r#"{"id": "o-small", "currency": "EUR", "code": "ALICE", "customer": {"country": "DE"},
        "lines": [{"id": "a", "product": "pro-plan", "category": "books", "quantity": 1, "unit_price": "0.05"},
                  {"id": "b", "product": "course", "quantity": 7, "unit_price": "0.001"}]}"#,
    r#"{"id": "o-big", "currency": "EUR", "discount": "1000",
        "lines": [{"id": "a", "product": "p", "category": "cat-1", "quantity": 4000000000, "unit_price": "999999.999999"},
                  {"id": "b", "product": "sku-3", "quantity": 1, "unit_price": "1000"}]}"#,
];

/// The contexts every fixed order is quoted with.
pub const CONTEXTS: &[&str] = &[
    include_str!("../../../benches/fixtures/context.json"),
    r#"{"affiliate": "aff_1", "group": "silver", "parents": ["aff_2", "aff_3", "aff_4", "aff_5", "aff_6", "aff_7"],
        "new_customer": true, "period_sales_count": 12, "period_revenue": "5000", "period_earned": "450.50",
        "customer_earned": "100", "at": "2026-05-15T12:00:00Z"}"#,
    r#"{"affiliate": "gold-1", "group": "gold", "parents": ["aff_1"], "payment_number": 3,
        "first_payment_at": "2026-01-31T00:00:00Z", "at": "2026-04-30T23:59:59Z", "rounding": "half_even",
        "period_sales_count": 4294967295, "period_revenue": "99999999999999", "period_earned": "0.001"}"#,
    r#"{"affiliate": "aff_9", "at": "2020-02-29T00:00:00Z", "rounding": "toward_zero"}"#,
];

fn fixed() -> &'static (Vec<Order>, Vec<QuoteContext>) {
    static FIXED: OnceLock<(Vec<Order>, Vec<QuoteContext>)> = OnceLock::new();
    FIXED.get_or_init(|| {
        let orders = ORDERS.iter().map(|json| Order::from_json(json).unwrap_or_else(|e| panic!("{json}: {e}")));
        let contexts = CONTEXTS.iter().map(|json| serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}")));
        (orders.collect(), contexts.collect())
    })
}

/// The target: see the module documentation.
pub fn run(data: &[u8]) {
    let json = crate::text(data);
    let plan = match Plan::from_json(&json) {
        Ok(plan) => plan,
        Err(e) => {
            assert_eq!(e.kind().code(), "INVALID_PLAN", "a plan fails to load with {e:?}");
            assert!(serde_json::from_str::<Plan>(&json).is_err(), "serde loads a plan from_json refuses: {e}");
            return;
        }
    };
    match serde_json::from_str::<Plan>(&json) {
        Ok(via_serde) => assert_eq!(via_serde, plan, "serde and from_json load different plans"),
        // B1: from_json ignores what follows the document, serde refuses it.
        Err(e) if crate::known::TRAILING_CHARACTERS_ACCEPTED && e.to_string().contains("trailing characters") => {}
        Err(e) => panic!("serde refuses a plan from_json loads: {e}"),
    }
    let written = plan.to_json();
    let back = Plan::from_json(&written).unwrap_or_else(|e| panic!("{written} does not load back: {e}"));
    assert_eq!(back, plan, "the plan changes through {written}");
    assert_eq!(back.to_json(), written, "to_json is not stable");

    let (orders, contexts) = fixed();
    for order in orders {
        let order = Order { currency: plan.currency(), ..order.clone() };
        for ctx in contexts {
            check_quote(&plan, &order, ctx);
        }
    }
}

fn check_quote(plan: &Plan, order: &Order, ctx: &QuoteContext) {
    let what = format!("quote of {} for {} at {}", order.id, ctx.affiliate, ctx.at);
    let quote = match plan.quote(order, ctx) {
        Ok(quote) => quote,
        Err(e) => {
            assert_eq!(e.kind().code(), "OVERFLOW", "{what}: {e}");
            assert!(plan.quote_amounts(order, ctx).is_err(), "{what}: only the fast path succeeds");
            return;
        }
    };
    assert_eq!(plan.quote(order, ctx).as_ref(), Ok(&quote), "{what}: not deterministic");
    check_quote_sums(plan, order, ctx, &quote, &what);
    let fast = plan.quote_amounts(order, ctx).unwrap_or_else(|e| panic!("{what}: quote_amounts fails: {e}"));
    assert_eq!(fast, without_explanations(&quote), "{what}: quote_amounts differs from quote");
    let json = serde_json::to_string(&quote).unwrap_or_else(|e| panic!("{what}: {e}"));
    let back: Quote = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{what}: {json} does not load: {e}"));
    assert_eq!(back, quote, "{what}: the quote changes through JSON");
}

/// What `quote_amounts` documents: the same quote with empty summaries and no beaten or skipped rules.
pub fn without_explanations(quote: &Quote) -> Quote {
    let mut quote = quote.clone();
    for line in &mut quote.lines {
        let Explanation { summary, decisions, .. } = &mut line.explanation;
        summary.clear();
        for decision in decisions {
            decision.beaten.clear();
            decision.skipped.clear();
        }
    }
    for unmatched in &mut quote.unmatched {
        unmatched.skipped.clear();
    }
    quote
}

/// Whether `amount` is in whole minor units of `currency`.
fn in_minor_units(amount: Decimal, currency: Currency) -> bool {
    amount.normalize().scale() <= currency.minor_units()
}

/// The invariants of one quote (shared with the commands target, which quotes through a program).
pub fn check_quote_sums(plan: &Plan, order: &Order, ctx: &QuoteContext, quote: &Quote, what: &str) {
    let currency = order.currency;
    assert_eq!(quote.order_id, order.id, "{what}");
    assert_eq!(quote.currency, currency, "{what}");
    assert_eq!(quote.total.currency, currency, "{what}");
    let sum: Decimal = quote.lines.iter().map(|l| l.amount.amount).sum();
    assert_eq!(quote.total.amount, sum, "{what}: the total is not the sum of the lines");
    let depth = plan.spec().levels.len();
    let mut level_one = Decimal::ZERO;
    let mut decided = BTreeSet::new();
    for line in &quote.lines {
        let amount = line.amount.amount;
        assert_eq!(line.amount.currency, currency, "{what}");
        assert!(amount >= Decimal::ZERO, "{what}: a negative commission {amount}");
        assert!(in_minor_units(amount, currency), "{what}: {amount} is not rounded to minor units");
        assert!(line.level >= 1, "{what}: level {}", line.level);
        if line.level == 1 {
            assert_eq!(line.beneficiary, ctx.affiliate, "{what}: level 1 is not the affiliate");
            level_one += amount;
            let shares: Decimal = line.explanation.decisions.iter().map(|d| d.amount.amount).sum();
            assert_eq!(shares, amount, "{what}: the line shares of {} do not sum to it", line.rule_id);
            for d in &line.explanation.decisions {
                assert_eq!(d.rule_id, line.rule_id, "{what}");
                assert!(decided.insert(d.line_id.clone()), "{what}: order line {} decided twice", d.line_id);
                assert!(d.amount.amount >= Decimal::ZERO, "{what}: negative share {}", d.amount.amount);
                if d.base.amount <= Decimal::ZERO {
                    assert!(d.amount.is_zero(), "{what}: line {} has base {} but earns", d.line_id, d.base.amount);
                }
            }
            let rule = plan.spec().rules.iter().find(|r| r.id == line.rule_id);
            if let Some(cap) = rule.and_then(|r| r.cap.as_ref()).and_then(|cap| cap.get(currency)) {
                assert!(amount <= cap.amount, "{what}: rule {} pays {amount} above its cap", line.rule_id);
            }
        } else {
            let k = usize::try_from(line.level).unwrap_or(usize::MAX) - 2;
            assert!(k < depth, "{what}: level {} beyond the plan's {depth} levels", line.level);
            assert_eq!(ctx.parents.get(k), Some(&line.beneficiary), "{what}: level {} is not the parent", line.level);
        }
    }
    let unmatched: BTreeSet<String> = quote.unmatched.iter().map(|u| u.line_id.clone()).collect();
    assert!(decided.is_disjoint(&unmatched), "{what}: a line both decided and unmatched");
    let all: BTreeSet<String> = order.lines.iter().map(|l| l.id.clone()).collect();
    let covered: BTreeSet<String> = decided.union(&unmatched).cloned().collect();
    assert_eq!(covered, all, "{what}: decided and unmatched lines are not the order's lines");
    let caps = &plan.spec().caps;
    let in_currency = |cap: &Option<affiliate_kit::plan::Amounts>| cap.as_ref().and_then(|c| c.get(currency));
    let room = |cap: Option<affiliate_kit::Money>, used: Decimal| cap.map(|c| (c.amount - used).max(Decimal::ZERO));
    for (name, limit) in [
        ("per_order", in_currency(&caps.per_order).map(|c| c.amount)),
        ("per_customer", room(in_currency(&caps.per_customer), ctx.customer_earned)),
        ("per_affiliate_period", room(in_currency(&caps.per_affiliate_period), ctx.period_earned)),
    ] {
        if let Some(limit) = limit {
            assert!(level_one <= limit, "{what}: level-1 total {level_one} above the {name} cap room {limit}");
        }
    }
}
