#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Commission plans: which rule wins an order line (target specificity, then priority, then plan
//! order) and how the explanation records the rules it beat.

mod plan_support;

use affiliate_kit::plan::{BeatReason, Beaten, LineDecision, Quote, TargetKind};
use plan_support::*;
use serde_json::{json, Value};

fn decision<'q>(q: &'q Quote, line_id: &str) -> &'q LineDecision {
    q.lines
        .iter()
        .flat_map(|l| l.explanation.decisions.iter())
        .find(|d| d.line_id == line_id)
        .unwrap_or_else(|| panic!("no decision for {line_id} in {q:#?}"))
}

fn sorted_beaten(d: &LineDecision) -> Vec<Beaten> {
    let mut b = d.beaten.clone();
    b.sort_by(|x, y| x.rule_id.cmp(&y.rule_id));
    b
}

fn beaten(rule_id: &str, target: TargetKind, priority: i32, reason: BeatReason) -> Beaten {
    Beaten { rule_id: rule_id.to_string(), target, priority, reason }
}

fn with_priority(mut rule: Value, priority: i32) -> Value {
    rule["priority"] = json!(priority);
    rule
}

#[test]
fn each_line_gets_its_own_rate_and_quote_line() {
    // global 10 %, category "books" 20 %, product "course" 50 %; three lines of 100.00:
    // l1 mug (no category) → default 10.00; l2 novel (books) → books 20.00;
    // l3 course (also in books) → course 50.00. Total 80.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"),
        category_rule("books", "books", "20"),
        product_rule("course", "course", "50"),
    ]}));
    let order = order_of(
        "EUR",
        vec![
            line("l1", "mug", 1, "100.00"),
            cat_line("l2", "novel", "books", 1, "100.00"),
            cat_line("l3", "course", "books", 1, "100.00"),
        ],
    );
    let q = quote(&plan, &order, &ctx("aff_1"));
    assert_eq!(q.lines.len(), 3);
    for (rule, line_id, rate, amount) in
        [("default", "l1", "10", "10.00"), ("books", "l2", "20", "20.00"), ("course", "l3", "50", "50.00")]
    {
        let l = line_of(&q, rule);
        assert_eq!(l.order_lines, vec![line_id.to_string()], "{rule}");
        assert_eq!(l.explanation.calculation.rate, Some(dec(rate)), "{rule}");
        assert_eq!(s(&l.amount), amount, "{rule}");
        assert_eq!(l.beneficiary, "aff_1");
        assert_eq!(l.level, 1);
    }
    assert_eq!(total(&q), "80.00");

    // The plain line beat nobody; the category line beat the program rule; the product line beat both.
    assert!(decision(&q, "l1").beaten.is_empty());
    assert_eq!(decision(&q, "l1").target, TargetKind::Program);
    assert_eq!(
        sorted_beaten(decision(&q, "l2")),
        vec![beaten("default", TargetKind::Program, 0, BeatReason::LessSpecificTarget)]
    );
    let d3 = decision(&q, "l3");
    assert_eq!(d3.rule_id, "course");
    assert_eq!(d3.target, TargetKind::Product);
    assert_eq!(
        sorted_beaten(d3),
        vec![
            beaten("books", TargetKind::Category, 0, BeatReason::LessSpecificTarget),
            beaten("default", TargetKind::Program, 0, BeatReason::LessSpecificTarget),
        ]
    );
    assert!(d3.skipped.is_empty());
    // The summary names the beaten rules.
    let summary = &line_of(&q, "course").explanation.summary;
    assert!(summary.contains("books") && summary.contains("default"), "{summary}");
}

#[test]
fn rule_order_in_the_plan_does_not_change_specificity() {
    // The product rule listed first, the program rule last: the product line still gets 50 %.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        product_rule("course", "course", "50"),
        category_rule("books", "books", "20"),
        program_rule("default", "10"),
    ]}));
    let order = order_of("EUR", vec![cat_line("l1", "course", "books", 1, "100.00")]);
    let q = quote(&plan, &order, &ctx("aff_1"));
    assert_eq!(decision(&q, "l1").rule_id, "course");
    assert_eq!(total(&q), "50.00");
}

#[test]
fn higher_priority_wins_between_rules_of_the_same_kind() {
    // Two category rules on "books": books-low (priority 1, 20 %) first, books-high (priority 5, 25 %)
    // later; priority beats plan order: 25 % of 80.00 = 20.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"),
        with_priority(category_rule("books-low", "books", "20"), 1),
        with_priority(category_rule("books-high", "books", "25"), 5),
    ]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "80.00")]);
    let q = quote(&plan, &order, &ctx("aff_1"));
    let d = decision(&q, "l1");
    assert_eq!(d.rule_id, "books-high");
    assert_eq!(d.priority, 5);
    assert_eq!(
        sorted_beaten(d),
        vec![
            beaten("books-low", TargetKind::Category, 1, BeatReason::LowerPriority),
            beaten("default", TargetKind::Program, 0, BeatReason::LessSpecificTarget),
        ]
    );
    assert_eq!(total(&q), "20.00");
}

#[test]
fn priority_does_not_beat_specificity() {
    // A program rule with priority 100 still loses to a category rule with priority 0.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        with_priority(program_rule("default", "10"), 100),
        category_rule("books", "books", "20"),
    ]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "80.00")]);
    let q = quote(&plan, &order, &ctx("aff_1"));
    let d = decision(&q, "l1");
    assert_eq!(d.rule_id, "books");
    assert_eq!(d.beaten, vec![beaten("default", TargetKind::Program, 100, BeatReason::LessSpecificTarget)]);
    // 20 % of 80.00 = 16.00
    assert_eq!(total(&q), "16.00");
}

#[test]
fn negative_priority_loses_to_the_default_zero() {
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        with_priority(category_rule("books-neg", "books", "30"), -1),
        category_rule("books", "books", "20"),
    ]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "80.00")]);
    let q = quote(&plan, &order, &ctx("aff_1"));
    let d = decision(&q, "l1");
    assert_eq!(d.rule_id, "books");
    assert_eq!(d.beaten, vec![beaten("books-neg", TargetKind::Category, -1, BeatReason::LowerPriority)]);
    assert_eq!(total(&q), "16.00");
}

#[test]
fn equal_kind_and_priority_the_earlier_rule_wins() {
    // books-a (20 %) and books-b (30 %), both category priority 2: books-a comes first and wins;
    // 20 % of 80.00 = 16.00.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        with_priority(category_rule("books-a", "books", "20"), 2),
        with_priority(category_rule("books-b", "books", "30"), 2),
    ]}));
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "80.00")]);
    let q = quote(&plan, &order, &ctx("aff_1"));
    let d = decision(&q, "l1");
    assert_eq!(d.rule_id, "books-a");
    assert_eq!(d.beaten, vec![beaten("books-b", TargetKind::Category, 2, BeatReason::LaterInPlan)]);
    assert_eq!(total(&q), "16.00");

    // Swapping the two rules swaps the winner: 30 % of 80.00 = 24.00.
    let swapped = plan_v(json!({"currency": "EUR", "rules": [
        with_priority(category_rule("books-b", "books", "30"), 2),
        with_priority(category_rule("books-a", "books", "20"), 2),
    ]}));
    let q = quote(&swapped, &order, &ctx("aff_1"));
    assert_eq!(decision(&q, "l1").rule_id, "books-b");
    assert_eq!(decision(&q, "l1").beaten[0].reason, BeatReason::LaterInPlan);
    assert_eq!(total(&q), "24.00");
}

fn people_plan() -> affiliate_kit::plan::Plan {
    plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"),
        {"id": "gold", "target": {"type": "group", "group": "gold"}, "commission": "percentage", "rate": "15"},
        {"id": "alice", "target": {"type": "affiliate", "affiliate": "aff_alice"},
         "commission": "percentage", "rate": "30"},
        category_rule("books", "books", "20"),
    ]}))
}

#[test]
fn affiliate_override_beats_group_beats_program() {
    let plan = people_plan();
    let order = order_of("EUR", vec![line("l1", "mug", 1, "200.00")]);

    // aff_alice in group gold: the affiliate override wins: 30 % of 200.00 = 60.00.
    let mut alice = ctx("aff_alice");
    alice.group = Some("gold".into());
    let q = quote(&plan, &order, &alice);
    let d = decision(&q, "l1");
    assert_eq!(d.rule_id, "alice");
    assert_eq!(d.target, TargetKind::Affiliate);
    assert_eq!(
        sorted_beaten(d),
        vec![
            beaten("default", TargetKind::Program, 0, BeatReason::LessSpecificTarget),
            beaten("gold", TargetKind::Group, 0, BeatReason::LessSpecificTarget),
        ]
    );
    assert_eq!(total(&q), "60.00");

    // aff_bob in gold: the group rule: 15 % of 200.00 = 30.00.
    let mut bob = ctx("aff_bob");
    bob.group = Some("gold".into());
    let q = quote(&plan, &order, &bob);
    assert_eq!(decision(&q, "l1").rule_id, "gold");
    assert_eq!(decision(&q, "l1").target, TargetKind::Group);
    assert_eq!(total(&q), "30.00");

    // aff_bob in another group: the program default: 10 % of 200.00 = 20.00.
    let mut silver = ctx("aff_bob");
    silver.group = Some("silver".into());
    let q = quote(&plan, &order, &silver);
    assert_eq!(decision(&q, "l1").rule_id, "default");
    assert!(decision(&q, "l1").beaten.is_empty());
    assert_eq!(total(&q), "20.00");
}

#[test]
fn category_rule_beats_an_affiliate_override_as_documented() {
    // program < group < affiliate < category < product: for aff_alice, the book line gets the
    // category's 20 % (of 50.00 = 10.00), the mug line her override's 30 % (of 100.00 = 30.00).
    let plan = people_plan();
    let order = order_of("EUR", vec![cat_line("l1", "novel", "books", 1, "50.00"), line("l2", "mug", 1, "100.00")]);
    let q = quote(&plan, &order, &ctx("aff_alice"));
    let d1 = decision(&q, "l1");
    assert_eq!(d1.rule_id, "books");
    assert_eq!(
        sorted_beaten(d1),
        vec![
            beaten("alice", TargetKind::Affiliate, 0, BeatReason::LessSpecificTarget),
            beaten("default", TargetKind::Program, 0, BeatReason::LessSpecificTarget),
        ]
    );
    assert_eq!(s(&line_of(&q, "books").amount), "10.00");
    assert_eq!(decision(&q, "l2").rule_id, "alice");
    assert_eq!(s(&line_of(&q, "alice").amount), "30.00");
    assert_eq!(total(&q), "40.00");
}

#[test]
fn lines_won_by_the_same_rule_share_one_quote_line() {
    // l1 and l3 are both books (20 %): one quote line on 30.00 + 20.00 = 50.00 → 10.00;
    // l2 the default 10 % of 40.00 = 4.00. Quote lines are in order of first appearance.
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"), category_rule("books", "books", "20")]}));
    let order = order_of(
        "EUR",
        vec![
            cat_line("l1", "novel", "books", 1, "30.00"),
            line("l2", "mug", 1, "40.00"),
            cat_line("l3", "atlas", "books", 1, "20.00"),
        ],
    );
    let q = quote(&plan, &order, &ctx("aff_1"));
    assert_eq!(q.lines.len(), 2);
    assert_eq!(q.lines[0].rule_id, "books");
    assert_eq!(q.lines[0].order_lines, vec!["l1".to_string(), "l3".to_string()]);
    assert_eq!(s(&q.lines[0].base), "50.00");
    assert_eq!(s(&q.lines[0].amount), "10.00");
    assert_eq!(q.lines[1].rule_id, "default");
    assert_eq!(s(&q.lines[1].amount), "4.00");
    assert_eq!(total(&q), "14.00");
}

#[test]
fn a_rule_whose_condition_fails_is_skipped_not_beaten() {
    // The product rule is for new customers only; for a returning customer the category rule wins
    // and the product rule is listed as skipped (NewCustomersOnly), not beaten.
    let mut promo = product_rule("course", "course", "50");
    promo["conditions"] = json!({"new_customers_only": true});
    let plan = plan_v(json!({"currency": "EUR", "rules": [
        program_rule("default", "10"), category_rule("books", "books", "20"), promo]}));
    let order = order_of("EUR", vec![cat_line("l1", "course", "books", 1, "100.00")]);
    let mut returning = ctx("aff_1");
    returning.new_customer = false;
    let q = quote(&plan, &order, &returning);
    let d = decision(&q, "l1");
    assert_eq!(d.rule_id, "books");
    assert_eq!(d.beaten, vec![beaten("default", TargetKind::Program, 0, BeatReason::LessSpecificTarget)]);
    assert_eq!(d.skipped.len(), 1);
    assert_eq!(d.skipped[0].rule_id, "course");
    assert_eq!(d.skipped[0].failed, affiliate_kit::plan::FailedCondition::NewCustomersOnly);
    assert_eq!(total(&q), "20.00");
}
