//! Quickstart: load a commission plan, quote a few orders and print each commission and why.
//!
//! Run from the repository root: `cargo run --example quickstart`

use affiliate_kit::codes::{check_format, generate_code_seeded, CodePolicy};
use affiliate_kit::plan::{Order, Plan, QuoteContext};
use affiliate_kit::{Error, RoundingMode};

const PLAN: &str = r#"{
  "currency": "EUR",
  "rules": [
    {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
    {"id": "books", "target": {"type": "category", "categories": ["books"]},
     "commission": "percentage", "rate": "20"},
    {"id": "course-launch", "target": {"type": "product", "products": ["course-rust"]},
     "commission": "percentage", "rate": "50",
     "conditions": {"window": {"from": "2026-05-01T00:00:00Z", "to": "2026-06-01T00:00:00Z"}}},
    {"id": "gold-volume", "target": {"type": "group", "group": "gold"},
     "commission": "tiered", "metric": "sales_count",
     "tiers": [{"threshold": "0", "rate": "12"}, {"threshold": "10", "rate": "15"}]}
  ],
  "levels": [{"rate": "2"}, {"rate": "1"}]
}"#;

const ORDERS: [&str; 2] = [
    r#"{"id": "order-1001", "currency": "EUR", "discount": "10.00",
        "lines": [
          {"id": "l1", "product": "course-rust", "category": "courses", "quantity": 1, "unit_price": "199.99"},
          {"id": "l2", "product": "rust-book", "category": "books", "quantity": 2, "unit_price": "39.90"},
          {"id": "l3", "product": "stickers", "quantity": 3, "unit_price": "2.50"}
        ],
        "shipping": "4.90", "tax": "21.00"}"#,
    r#"{"id": "order-1002", "currency": "EUR",
        "lines": [{"id": "l1", "product": "mug", "quantity": 1, "unit_price": "199.99"}]}"#,
];

fn main() -> Result<(), Error> {
    let plan = Plan::from_json(PLAN)?;
    let policy = CodePolicy::default();
    let code = generate_code_seeded(&policy, 42)?;
    println!("affiliate code for aff_alice: {code} ({:?})", check_format(&code, &policy));

    let at = "2026-05-14T09:30:00Z"
        .parse()
        .map_err(|_| Error::InvalidOrder { path: "at".into(), reason: "bad timestamp".into() })?;
    let mut ctx = QuoteContext::new("aff_alice", at);
    ctx.parents = vec!["aff_bob".into(), "aff_carol".into()];

    for json in ORDERS {
        let order = Order::from_json(json)?;
        print_quote(&plan, &order, &ctx)?;
    }

    // The same 199.99 order for a gold affiliate with 12 sales this month, rounded half-even.
    let mut gold = QuoteContext::new("aff_dave", at);
    gold.group = Some("gold".into());
    gold.period_sales_count = 12;
    gold.rounding = RoundingMode::HalfEven;
    let order = Order::from_json(ORDERS[1])?;
    print_quote(&plan, &order, &gold)
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
