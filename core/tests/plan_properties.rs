#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: properties over random carts and random percentage plans — determinism,
//! upper bounds on the total, non-negative amounts, discount shares that sum to the discount,
//! precedence and plan caps.

mod plan_support;

use affiliate_kit::money::round_to_minor_units;
use affiliate_kit::plan::{Caps, Order, Plan, Quote, QuoteContext};
use affiliate_kit::{Currency, Money, RoundingMode};
use plan_support::*;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

const PRODUCTS: [&str; 4] = ["p0", "p1", "p2", "p3"];
const CATEGORIES: [&str; 3] = ["c0", "c1", "c2"];
const AFFILIATES: [&str; 2] = ["aff_0", "aff_1"];
const GROUPS: [&str; 2] = ["gold", "silver"];
const MODES: [RoundingMode; 4] =
    [RoundingMode::HalfUp, RoundingMode::HalfEven, RoundingMode::TowardZero, RoundingMode::AwayFromZero];

#[derive(Debug, Clone)]
struct LineIn {
    product: usize,
    category: Option<usize>,
    quantity: u32,
    price_cents: i64,
    /// Line discount as a per-mille of the line's gross amount.
    discount_permille: i64,
}

#[derive(Debug, Clone)]
struct RuleIn {
    /// 0 program, 1 group, 2 affiliate, 3 category, 4 product.
    kind: usize,
    which: usize,
    priority: i32,
    rate_bp: u32,
}

#[derive(Debug, Clone)]
struct Case {
    lines: Vec<LineIn>,
    order_discount_permille: i64,
    default_rate_bp: u32,
    rules: Vec<RuleIn>,
    /// (rate in basis points, of commission?)
    levels: Vec<(u32, bool)>,
    parents: usize,
    affiliate: usize,
    group: Option<usize>,
    mode: usize,
}

fn case() -> impl Strategy<Value = Case> {
    let line = (0..4usize, prop::option::of(0..3usize), 1u32..6, 0i64..100_000, prop_oneof![Just(0i64), 0i64..=1000])
        .prop_map(|(product, category, quantity, price_cents, discount_permille)| LineIn {
            product,
            category,
            quantity,
            price_cents,
            discount_permille,
        });
    let rule = (0..5usize, 0..4usize, -2i32..3, 0u32..=10_000).prop_map(|(kind, which, priority, rate_bp)| RuleIn {
        kind,
        which,
        priority,
        rate_bp,
    });
    (
        prop::collection::vec(line, 1..6),
        prop_oneof![Just(0i64), 0i64..=1000],
        0u32..=10_000,
        prop::collection::vec(rule, 0..6),
        prop::collection::vec((0u32..=2_000, any::<bool>()), 0..3),
        0..4usize,
        0..2usize,
        prop::option::of(0..2usize),
        0..4usize,
    )
        .prop_map(
            |(lines, order_discount_permille, default_rate_bp, rules, levels, parents, affiliate, group, mode)| Case {
                lines,
                order_discount_permille,
                default_rate_bp,
                rules,
                levels,
                parents,
                affiliate,
                group,
                mode,
            },
        )
}

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn rate(bp: u32) -> Decimal {
    Decimal::new(i64::from(bp), 2)
}

impl Case {
    fn rule_id(i: usize) -> String {
        format!("r{i}")
    }

    fn target(r: &RuleIn) -> Value {
        match r.kind {
            0 => json!({"type": "program"}),
            1 => json!({"type": "group", "group": GROUPS[r.which % 2]}),
            2 => json!({"type": "affiliate", "affiliate": AFFILIATES[r.which % 2]}),
            3 => json!({"type": "category", "categories": [CATEGORIES[r.which % 3]]}),
            _ => json!({"type": "product", "products": [PRODUCTS[r.which % 4]]}),
        }
    }

    fn plan_json(&self, caps: Option<i64>) -> Value {
        let mut rules = vec![program_rule("default", &rate(self.default_rate_bp).to_string())];
        for (i, r) in self.rules.iter().enumerate() {
            rules.push(json!({"id": Case::rule_id(i), "target": Case::target(r), "priority": r.priority,
                              "commission": "percentage", "rate": rate(r.rate_bp).to_string()}));
        }
        let levels: Vec<Value> = self
            .levels
            .iter()
            .map(|(bp, of_commission)| {
                json!({"rate": rate(*bp).to_string(), "of": if *of_commission { "commission" } else { "sale" }})
            })
            .collect();
        let mut plan = json!({"currency": "EUR", "rules": rules, "levels": levels});
        if let Some(c) = caps {
            plan["caps"] = json!({"per_order": {"amount": cents(c).to_string(), "currency": "EUR"}});
        }
        plan
    }

    fn plan(&self) -> Plan {
        plan_v(self.plan_json(None))
    }

    fn gross_cents(l: &LineIn) -> i64 {
        l.price_cents * i64::from(l.quantity)
    }

    fn line_discount_cents(l: &LineIn) -> i64 {
        Case::gross_cents(l) * l.discount_permille / 1000
    }

    fn net_cents(l: &LineIn) -> i64 {
        Case::gross_cents(l) - Case::line_discount_cents(l)
    }

    fn order_discount_cents(&self) -> i64 {
        let net: i64 = self.lines.iter().map(Case::net_cents).sum();
        net * self.order_discount_permille / 1000
    }

    fn order(&self) -> Order {
        let lines: Vec<Value> = self
            .lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut v = json!({"id": format!("l{i}"), "product": PRODUCTS[l.product], "quantity": l.quantity,
                                   "unit_price": cents(l.price_cents).to_string(),
                                   "discount": cents(Case::line_discount_cents(l)).to_string()});
                if let Some(c) = l.category {
                    v["category"] = json!(CATEGORIES[c]);
                }
                v
            })
            .collect();
        order_v(json!({"id": "o1", "currency": "EUR", "lines": lines,
                       "discount": cents(self.order_discount_cents()).to_string(),
                       "tax": "7.77", "shipping": "3.33"}))
    }

    fn ctx(&self) -> QuoteContext {
        let mut c = ctx(AFFILIATES[self.affiliate]);
        c.group = self.group.map(|g| GROUPS[g].to_string());
        c.parents = (0..self.parents).map(|i| format!("parent_{i}")).collect();
        c.rounding = MODES[self.mode];
        c
    }

    fn mode(&self) -> RoundingMode {
        MODES[self.mode]
    }

    /// The most a rounding can add to one amount.
    fn slack(&self) -> Decimal {
        match self.mode() {
            RoundingMode::AwayFromZero => dec("0.01"),
            RoundingMode::TowardZero => Decimal::ZERO,
            _ => dec("0.005"),
        }
    }

    /// Whether rule `r` targets `line` for this context (independent re-statement of the docs).
    fn matches(&self, r: &RuleIn, line: &LineIn) -> bool {
        match r.kind {
            0 => true,
            1 => self.group == Some(r.which % 2),
            2 => self.affiliate == r.which % 2,
            3 => line.category == Some(r.which % 3),
            _ => line.product == r.which % 4,
        }
    }

    /// The expected winner of a line: (rule id, rate) by kind, then priority, then plan order.
    fn winner(&self, line: &LineIn) -> (String, Decimal, Vec<String>) {
        // The default program rule is index 0, priority 0.
        let mut best: (usize, i32, String, Decimal) = (0, 0, "default".into(), rate(self.default_rate_bp));
        let mut matching = vec!["default".to_string()];
        for (i, r) in self.rules.iter().enumerate() {
            if self.matches(r, line) {
                matching.push(Case::rule_id(i));
                if (r.kind, r.priority) > (best.0, best.1) {
                    best = (r.kind, r.priority, Case::rule_id(i), rate(r.rate_bp));
                }
            }
        }
        matching.retain(|id| *id != best.2);
        matching.sort();
        (best.2, best.3, matching)
    }

    fn max_rate(&self) -> Decimal {
        self.rules.iter().map(|r| rate(r.rate_bp)).chain([rate(self.default_rate_bp)]).max().unwrap()
    }
}

fn level1_total(q: &Quote) -> Decimal {
    q.lines.iter().filter(|l| l.level == 1).map(|l| l.amount.amount).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn quotes_are_deterministic(case in case()) {
        let plan = case.plan();
        let order = case.order();
        let ctx = case.ctx();
        let a = quote(&plan, &order, &ctx);
        let b = quote(&plan, &order, &ctx);
        prop_assert_eq!(&a, &b);
        // A plan reloaded from its own JSON quotes the same.
        let reloaded = Plan::from_json(&plan.to_json()).unwrap();
        prop_assert_eq!(&reloaded, &plan);
        prop_assert_eq!(&quote(&reloaded, &order, &ctx), &a);
        // The total is the sum of the lines.
        let sum: Decimal = a.lines.iter().map(|l| l.amount.amount).sum();
        prop_assert_eq!(a.total.amount, sum);
        // The total alone and the quote of amounts say the same, digit for digit.
        let total = plan.quote_total(&order, &ctx).unwrap();
        prop_assert_eq!((total.amount.to_string(), total.currency), (a.total.amount.to_string(), a.total.currency));
        prop_assert_eq!(&plan.quote_amounts(&order, &ctx).unwrap().total, &a.total);
    }

    #[test]
    fn discount_shares_sum_to_the_discount(case in case()) {
        let order = case.order();
        let q = quote(&case.plan(), &order, &case.ctx());
        // A program rule without conditions: every line is matched.
        prop_assert!(q.unmatched.is_empty());
        let mut decisions: Vec<_> = q.lines.iter().flat_map(|l| l.explanation.decisions.iter()).collect();
        prop_assert_eq!(decisions.len(), case.lines.len());
        decisions.sort_by_key(|d| d.line_id[1..].parse::<usize>().unwrap());
        let sum: Decimal = decisions.iter().map(|d| d.base.amount).sum();
        // Tax and shipping are excluded by default, so the bases sum to the subtotal exactly.
        prop_assert_eq!(sum, order.subtotal().unwrap());
        let discount = cents(case.order_discount_cents());
        let nets: Vec<Decimal> = case.lines.iter().map(|l| cents(Case::net_cents(l))).collect();
        let net_total: Decimal = nets.iter().copied().sum();
        for (d, net) in decisions.iter().zip(&nets) {
            let share = *net - d.base.amount;
            prop_assert!(share >= Decimal::ZERO && share <= *net, "share {} of net {}", share, net);
            prop_assert_eq!(share.scale().max(2), 2, "shares are whole cents: {}", share);
            if !net_total.is_zero() {
                let ideal = discount * *net / net_total;
                prop_assert!((share - ideal).abs() < dec("0.01"), "share {} vs ideal {}", share, ideal);
            }
        }
        // Every quote line's base is the sum of its decisions' bases.
        for l in q.lines.iter().filter(|l| l.level == 1) {
            let s: Decimal = l.explanation.decisions.iter().map(|d| d.base.amount).sum();
            prop_assert_eq!(l.base.amount, s);
        }
    }

    #[test]
    fn amounts_follow_their_explanations_and_are_never_negative(case in case()) {
        let q = quote(&case.plan(), &case.order(), &case.ctx());
        for l in &q.lines {
            prop_assert!(!l.amount.is_negative(), "{:?}", l);
            prop_assert_eq!(l.amount.amount.scale(), 2);
            let calc = &l.explanation.calculation;
            let r = calc.rate.unwrap();
            if calc.base.amount > Decimal::ZERO {
                prop_assert_eq!(calc.exact, calc.base.amount * r / Decimal::ONE_HUNDRED);
            } else {
                prop_assert!(calc.exact.is_zero());
            }
            prop_assert_eq!(l.amount.amount, round_to_minor_units(calc.exact, Currency::EUR, case.mode()));
        }
    }

    #[test]
    fn each_line_is_won_by_the_most_specific_then_highest_priority_then_earliest_rule(case in case()) {
        let q = quote(&case.plan(), &case.order(), &case.ctx());
        for l in q.lines.iter().filter(|l| l.level == 1) {
            for d in &l.explanation.decisions {
                let i: usize = d.line_id[1..].parse().unwrap();
                let (winner, winner_rate, mut losers) = case.winner(&case.lines[i]);
                prop_assert_eq!(&d.rule_id, &winner);
                prop_assert_eq!(&l.rule_id, &winner);
                prop_assert_eq!(l.explanation.calculation.rate, Some(winner_rate));
                let mut beaten: Vec<String> = d.beaten.iter().map(|b| b.rule_id.clone()).collect();
                beaten.sort();
                losers.sort();
                prop_assert_eq!(beaten, losers);
                for b in &d.beaten {
                    prop_assert!(b.target <= d.target);
                    if b.target < d.target {
                        prop_assert_eq!(b.reason, affiliate_kit::plan::BeatReason::LessSpecificTarget);
                    }
                }
            }
        }
    }

    #[test]
    fn total_never_exceeds_the_highest_rate_plus_level_rates(case in case()) {
        let order = case.order();
        let q = quote(&case.plan(), &order, &case.ctx());
        let subtotal = order.subtotal().unwrap();
        let direct = q.lines.iter().filter(|l| l.level == 1).count();
        let slack = case.slack();
        // Level 1: Σ base × rate ≤ subtotal × highest rate, plus one rounding per quote line.
        let level1_bound = subtotal * case.max_rate() / Decimal::ONE_HUNDRED + slack * Decimal::from(direct);
        prop_assert!(level1_total(&q) <= level1_bound, "level 1 {} > {}", level1_total(&q), level1_bound);
        // Parents: a sale level is at most rate % of the subtotal, a commission level rate % of the
        // bound of the level below; each plus one rounding.
        let mut bound = level1_bound;
        let mut below = level1_bound;
        for (bp, of_commission) in case.levels.iter().take(case.parents) {
            let base = if *of_commission { below } else { subtotal };
            let level = base * rate(*bp) / Decimal::ONE_HUNDRED + slack;
            bound += level;
            below = level;
        }
        prop_assert_eq!(q.lines.len(), direct + case.levels.len().min(case.parents));
        prop_assert!(q.total.amount <= bound, "total {} > bound {}", q.total.amount, bound);
    }

    #[test]
    fn per_order_cap_limits_the_direct_total_exactly(case in case(), cap_cents in 0i64..20_000) {
        let order = case.order();
        let ctx = case.ctx();
        let capped_plan = plan_v(case.plan_json(Some(cap_cents)));
        let mut spec = capped_plan.spec().clone();
        spec.caps = Caps::default();
        let uncapped = quote(&Plan::new(spec).unwrap(), &order, &ctx);
        let capped = quote(&capped_plan, &order, &ctx);
        let limit = cents(cap_cents);
        let expected = level1_total(&uncapped).min(limit);
        prop_assert_eq!(level1_total(&capped), expected);
        for (c, u) in capped.lines.iter().zip(&uncapped.lines).filter(|(c, _)| c.level == 1) {
            prop_assert_eq!(&c.rule_id, &u.rule_id);
            prop_assert!(c.amount.amount <= u.amount.amount);
            prop_assert!(!c.amount.is_negative());
            if c.amount != u.amount {
                let cap = c.explanation.caps.last().unwrap();
                prop_assert_eq!(cap.limit, Money::new(limit, Currency::EUR));
                prop_assert_eq!(cap.before, u.amount);
                prop_assert_eq!(cap.after, c.amount);
            } else {
                prop_assert!(c.explanation.caps.is_empty());
            }
        }
    }
}
