#![allow(clippy::panic, clippy::indexing_slicing)]
//! The bindings' shared batch (`affiliate_kit::host`): columns of order lines grouped into orders,
//! each quoted on its own, a bad order failing alone, minor units in and out.

use affiliate_kit::host::{quote_many, to_minor_units, LineColumns, UnitPrices};
use affiliate_kit::money::{Currency, RoundingMode};
use affiliate_kit::plan::Plan;
use affiliate_kit::ErrorKind;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

fn plan() -> Plan {
    // 10 % on every line; 20 % on books.
    Plan::from_json(
        r#"{"currency": "EUR", "rules": [
            {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
            {"id": "books", "target": {"type": "category", "categories": ["books"]}, "commission": "percentage", "rate": "20"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn at() -> DateTime<Utc> {
    "2026-03-01T00:00:00Z".parse().unwrap_or_default()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap_or_default()
}

/// Three orders: o1 of two lines (a 19.99 book twice, a 5.00 mug), o2 of one line for two affiliates
/// (refused alone), o3 of one line with a quantity out of range (refused alone).
fn columns(prices: UnitPrices) -> LineColumns {
    LineColumns {
        order_ids: strings(&["o1", "o1", "o2", "o2", "o3"]),
        affiliates: strings(&["aff_1", "aff_1", "aff_2", "aff_3", "aff_1"]),
        products: strings(&["novel", "mug", "pen", "pen", "cup"]),
        categories: Some(vec![Some("books".into()), None, None, None, None]),
        quantities: vec![2, 1, 1, 1, -1],
        unit_prices: prices,
    }
}

#[test]
fn each_order_is_quoted_or_refused_on_its_own() {
    let prices = UnitPrices::Decimal(vec![d("19.99"), d("5.00"), d("1.00"), d("1.00"), d("2.00")]);
    let quoted = quote_many(&plan(), &columns(prices), at(), RoundingMode::HalfUp).unwrap_or_default();
    let ids: Vec<&str> = quoted.iter().map(|q| q.order_id.as_str()).collect();
    assert_eq!(ids, ["o1", "o2", "o3"]);
    // o1: 20 % of 39.98 = 7.996 -> 8.00 on the books line, 10 % of 5.00 = 0.50 on the mug: 8.50.
    assert_eq!(quoted[0].affiliate, "aff_1");
    assert_eq!(quoted[0].total.as_ref().ok().map(ToString::to_string).as_deref(), Some("8.50"));
    let o2 = quoted[1].total.as_ref().err().map(|e| (e.kind(), e.path().map(str::to_string)));
    assert_eq!(o2, Some((ErrorKind::InvalidInput, Some("affiliates[3]".to_string()))));
    let o3 = quoted[2].total.as_ref().err().map(|e| (e.kind(), e.path().map(str::to_string)));
    assert_eq!(o3, Some((ErrorKind::InvalidOrder, Some("rows[4].quantity".to_string()))));
}

#[test]
fn minor_units_in_and_out() {
    let prices = UnitPrices::Minor(vec![1999, 500, 100, 100, 200]);
    let quoted = quote_many(&plan(), &columns(prices), at(), RoundingMode::HalfUp).unwrap_or_default();
    let total = quoted[0].total.clone().unwrap_or_default();
    assert_eq!(to_minor_units(total, Currency::EUR).ok(), Some(850));
    assert_eq!(to_minor_units(d("1.5"), Currency::JPY).map_err(|e| e.kind()), Err(ErrorKind::Overflow));
    assert_eq!(to_minor_units(d("-0.07"), Currency::EUR).ok(), Some(-7));
}

#[test]
fn columns_of_different_lengths_are_refused_whole() {
    let mut bad = columns(UnitPrices::Minor(vec![1, 2, 3, 4, 5]));
    bad.products.pop();
    let refused = quote_many(&plan(), &bad, at(), RoundingMode::HalfUp).err().map(|e| (e.kind(), e.to_string()));
    assert_eq!(refused, Some((ErrorKind::InvalidInput, "invalid input at products: 4 values for 5 rows".to_string())));
}

/// A batch of commands answered row by row: a command the core cannot read and one the program
/// refuses are their rows' errors and change nothing; the others run, in row order.
#[test]
fn execute_rows_answers_every_row_in_order() {
    use affiliate_kit::host::arguments;
    use affiliate_kit::host::execute_rows;
    use affiliate_kit::program::{CommandOutcome, Program, ProgramConfig};

    let config = format!(r#"{{"currency": "EUR", "plan": {}}}"#, plan().to_json());
    let config = ProgramConfig::from_json(&config).unwrap_or_else(|e| panic!("{e}"));
    let mut program = Program::new(config).unwrap_or_else(|e| panic!("{e}"));
    let track = |id: &str, quantity: &str| {
        format!(
            r#"{{"verb": "track_order", "at": "2026-03-02T00:00:00Z", "order": {{"id": "{id}", "currency": "EUR",
                "code": "ALICE", "lines": [{{"id": "1", "product": "novel", "category": "books", "quantity": {quantity},
                "unit_price": "50.00"}}]}}}}"#
        )
    };
    let commands = [
        r#"{"verb": "register_affiliate", "at": "2026-03-01T00:00:00Z",
            "registration": {"name": "Alice", "email": "alice@example.com", "code": "ALICE"}}"#
            .to_string(),
        track("o1", "-1"), // unreadable: a quantity is a u32
        track("o2", "0"),  // refused by the program: at least 1
        track("o3", "2"),  // 20 % of 100.00 = 20.00
    ];
    let rows = execute_rows(commands.iter().map(|c| arguments::command(c)).collect(), |cmds| {
        assert_eq!(cmds.len(), 3, "the unreadable command does not run");
        Ok(program.execute_many(cmds))
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 4);
    assert!(matches!(&rows[0], Ok(CommandOutcome::Affiliate(a)) if a.id == "aff_1"));
    assert_eq!(
        rows[1].as_ref().err().map(|e| (e.kind(), e.path())),
        Some((ErrorKind::InvalidOrder, Some("lines[0].quantity")))
    );
    assert_eq!(
        rows[2].as_ref().err().map(|e| (e.kind(), e.path())),
        Some((ErrorKind::InvalidOrder, Some("lines[0].quantity")))
    );
    match &rows[3] {
        Ok(CommandOutcome::Tracked(t)) => assert_eq!((t.sale_id.as_str(), t.total.amount), ("o3", d("20.00"))),
        other => panic!("{other:?}"),
    }
    assert!(program.sale("o1").is_err() && program.sale("o2").is_err());
    // The runner's own failure fails the batch.
    let failed = execute_rows(vec![], |_| Err(affiliate_kit::Error::InvalidState { reason: "disk".into() }));
    assert_eq!(failed.err().map(|e| e.kind()), Some(ErrorKind::InvalidState));
}
