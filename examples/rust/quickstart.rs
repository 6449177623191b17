//! Quickstart: load a commission plan, quote a few orders and print each commission and why.
//!
//! Run from the repository root: `cargo run --example quickstart`

use affiliate_kit::codes::{check_format, generate_code_seeded, CodePolicy};
use affiliate_kit::plan::{Order, Plan, QuoteContext};
use affiliate_kit::{Error, RoundingMode};

/// The plan and orders are the shared fixtures that the tests and the other languages use too.
const PLAN: &str = include_str!("../../core/tests/fixtures/quickstart-plan.json");
const ORDERS: &str = include_str!("../../core/tests/fixtures/quickstart-orders.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let plan = Plan::from_json(PLAN)?;
    let policy = CodePolicy::default();
    let code = generate_code_seeded(&policy, 42)?;
    println!(
        "affiliate code for aff_alice: {code}, offline check: {}",
        serde_json::to_string(&check_format(&code, &policy))?
    );

    let at = "2026-05-14T09:30:00Z"
        .parse()
        .map_err(|_| Error::InvalidOrder { path: "at".into(), reason: "bad timestamp".into() })?;
    let mut ctx = QuoteContext::new("aff_alice", at);
    ctx.parents = vec!["aff_bob".into(), "aff_carol".into()];

    let orders: Vec<Order> = serde_json::from_str(ORDERS)?;
    for order in &orders {
        print_quote(&plan, order, &ctx)?;
    }

    // The same 199.99 order for a gold affiliate with 12 sales this month, rounded half-even.
    let mut gold = QuoteContext::new("aff_dave", at);
    gold.group = Some("gold".into());
    gold.period_sales_count = 12;
    gold.rounding = RoundingMode::HalfEven;
    if let Some(order) = orders.get(1) {
        print_quote(&plan, order, &gold)?;
    }
    Ok(())
}

fn print_quote(plan: &Plan, order: &Order, ctx: &QuoteContext) -> Result<(), Error> {
    let quote = plan.quote(order, ctx)?;
    println!("\n{} for {}: total commission {}", quote.order_id, ctx.affiliate, quote.total);
    for line in &quote.lines {
        println!(
            "  level {} {:<10} {:>12}  {}",
            line.level,
            line.beneficiary,
            line.amount.to_string(),
            line.explanation.summary
        );
    }
    Ok(())
}
