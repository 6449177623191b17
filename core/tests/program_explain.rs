#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! A sale keeps what its quote was computed from, not the quote: `explain`, `sale`, a repeated
//! `track_order` and the `order.tracked` event rebuild it, and it must be exactly what tracking
//! answered, whatever changed since (the affiliate's group, their period volume) and after a restore.

mod program_support;

use affiliate_kit::plan::Quote;
use affiliate_kit::program::{AffiliateUpdate, EventData, Program, TrackOutcome};
use program_support::*;
use serde_json::{json, Value};

/// Tiered by sales in the month (5 % below 2 earlier sales, 10 % from 2), 15 % for the group
/// `vip`, 5 % of the sale for the parent.
fn tiered() -> Program {
    let plan = json!({
        "currency": "EUR", "period": "month",
        "rules": [
            {"id": "tiers", "target": {"type": "program"}, "commission": "tiered", "metric": "sales_count",
             "tiers": [{"threshold": "0", "rate": "5"}, {"threshold": "2", "rate": "10"}]},
            {"id": "vip", "target": {"type": "group", "group": "vip"}, "commission": "percentage", "rate": "15"}
        ],
        "levels": [{"rate": "5", "of": "sale"}]
    });
    let mut p = Program::new(config_from(plan, json!({}))).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", None, None), at("2026-01-01T00:00:00Z")).unwrap();
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), Some("aff_1")), at("2026-01-01T00:00:00Z"))
        .unwrap();
    p
}

/// Tracks o1 and o2 (5 % each: fewer than 2 earlier sales), makes Alice `vip`, tracks o3 (15 %)
/// and o4 (15 %); returns the four answers.
fn history(p: &mut Program) -> Vec<TrackOutcome> {
    let mut answers = Vec::new();
    for (id, day) in [("o1", "05"), ("o2", "06")] {
        let when = at(&format!("2026-01-{day}T12:00:00Z"));
        answers.push(p.track_order(order(id, "100.00", Some("ALICE")), None, when).unwrap());
    }
    let vip = AffiliateUpdate { group: Some("vip".into()), ..AffiliateUpdate::default() };
    p.update_affiliate("aff_2", vip, at("2026-01-07T00:00:00Z")).unwrap();
    for (id, day) in [("o3", "08"), ("o4", "09")] {
        let when = at(&format!("2026-01-{day}T12:00:00Z"));
        answers.push(p.track_order(order(id, "100.00", Some("ALICE")), None, when).unwrap());
    }
    answers
}

fn quote(outcome: &TrackOutcome) -> &Quote {
    outcome.quote.as_ref().expect("a credited order has its quote")
}

fn amounts(q: &Quote) -> Vec<(String, u32, String)> {
    q.lines.iter().map(|l| (l.rule_id.clone(), l.level, l.amount.amount.to_string())).collect()
}

#[test]
fn explain_rebuilds_the_quote_answered_whatever_changed_since() {
    let mut p = tiered();
    let answers = history(&mut p);
    let five = vec![("tiers".to_string(), 1, "5.00".to_string()), ("levels[0]".to_string(), 2, "5.00".to_string())];
    let fifteen = vec![("vip".to_string(), 1, "15.00".to_string()), ("levels[0]".to_string(), 2, "5.00".to_string())];
    assert_eq!(amounts(quote(&answers[0])), five);
    assert_eq!(amounts(quote(&answers[1])), five);
    assert_eq!(amounts(quote(&answers[2])), fifteen);
    // Alice is vip now and has 4 sales this month; o2 was quoted before both.
    for (id, answer) in ["o1", "o2", "o3", "o4"].iter().zip(&answers) {
        let explained = p.explain(id).unwrap().expect("quoted");
        assert_eq!(&explained, quote(answer), "{id}");
        assert_eq!(p.sale(id).unwrap().outcome, *answer, "{id}");
    }
    assert_eq!(p.explain("o2").unwrap().unwrap().lines[0].explanation.calculation.rate, Some(dec("5")));
}

#[test]
fn a_commission_explains_itself_with_its_quote_line() {
    let mut p = tiered();
    let answers = history(&mut p);
    // o2 wrote com_3 (Alice, level 1) and com_4 (Bob, level 2).
    assert_eq!(p.explain_commission("com_3").unwrap(), quote(&answers[1]).lines[0]);
    assert_eq!(p.explain_commission("com_4").unwrap(), quote(&answers[1]).lines[1]);
    assert_eq!(p.explain_commission("com_4").unwrap().beneficiary, "aff_1");
    assert_eq!(err_kind(p.explain_commission("com_99")), affiliate_kit::ErrorKind::NotFound);
    assert_eq!(err_kind(p.explain("o99")), affiliate_kit::ErrorKind::NotFound);
}

#[test]
fn an_order_without_attribution_has_nothing_to_explain() {
    let mut p = tiered();
    let answer = p.track_order(order("o1", "100.00", None), None, at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!(answer.quote, None);
    assert_eq!(p.explain("o1").unwrap(), None);
}

#[test]
fn a_repeated_order_and_its_event_answer_the_first_quote() {
    let mut p = tiered();
    let answers = history(&mut p);
    let again = p.track_order(order("o2", "100.00", Some("ALICE")), None, at("2026-01-20T00:00:00Z")).unwrap();
    assert_eq!(again, answers[1]);
    let tracked: Vec<TrackOutcome> = p
        .events_since(0)
        .into_iter()
        .filter_map(|e| match e.data {
            EventData::OrderTracked { outcome } => Some(outcome),
            _ => None,
        })
        .collect();
    assert_eq!(tracked, answers);
    let created: Vec<String> = p
        .events_since(0)
        .into_iter()
        .filter_map(|e| match e.data {
            EventData::CommissionCreated { commission } => {
                Some(format!("{} {}", commission.id, commission.amount.amount))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        created,
        [
            "com_1 5.00",
            "com_2 5.00",
            "com_3 5.00",
            "com_4 5.00",
            "com_5 15.00",
            "com_6 5.00",
            "com_7 15.00",
            "com_8 5.00"
        ]
    );
}

#[test]
fn a_restored_program_explains_the_same() {
    let mut p = tiered();
    let answers = history(&mut p);
    let restored = Program::restore(&p.snapshot()).unwrap();
    assert_eq!(restored.snapshot(), p.snapshot());
    assert_eq!(restored, p);
    for (id, answer) in ["o1", "o2", "o3", "o4"].iter().zip(&answers) {
        assert_eq!(restored.explain(id).unwrap().as_ref(), Some(quote(answer)), "{id}");
    }
    assert_eq!(restored.events_since(0), p.events_since(0));
    // The snapshot holds each sale's context, and the events as delivered.
    let doc: Value = serde_json::from_str(&p.snapshot()).unwrap();
    assert_eq!(doc["schema_version"], 2);
    let sale = &doc["state"]["sales"][1];
    assert_eq!(sale["outcome"].get("quote"), None);
    assert_eq!(
        sale["context"],
        json!({"parents": ["aff_1"], "period_sales_count": 1, "period_revenue": "100.00",
        "period_earned": "5.00", "customer_earned": "0"})
    );
    assert_eq!(
        doc["state"]["events"]["events"][2]["data"]["outcome"]["quote"],
        serde_json::to_value(quote(&answers[0])).unwrap()
    );
}

#[test]
fn a_schema_1_snapshot_keeps_the_quotes_it_stored() {
    let mut p = tiered();
    let answers = history(&mut p);
    // Schema 1 kept each sale's quote in its outcome, and no context.
    let mut doc: Value = serde_json::from_str(&p.snapshot()).unwrap();
    doc["schema_version"] = json!(1);
    let mut stored = quote(&answers[1]).clone();
    stored.lines[0].explanation.summary = "as schema 1 stored it".into();
    for (k, sale) in doc["state"]["sales"].as_array_mut().unwrap().iter_mut().enumerate() {
        let sale = sale.as_object_mut().unwrap();
        sale.remove("context");
        let q = if k == 1 { stored.clone() } else { quote(&answers[k]).clone() };
        sale["outcome"]["quote"] = serde_json::to_value(q).unwrap();
    }
    let restored = Program::restore(&doc.to_string()).unwrap();
    assert_eq!(restored.explain("o2").unwrap(), Some(stored.clone()));
    assert_eq!(restored.explain("o3").unwrap().as_ref(), Some(quote(&answers[2])));
    // Written again (schema 2), such a sale keeps its quote, and restores the same.
    let again = Program::restore(&restored.snapshot()).unwrap();
    assert_eq!(again.explain("o2").unwrap(), Some(stored.clone()));
    assert_eq!(again.snapshot(), restored.snapshot());
    // So does its checkpoint.
    let mut checkpoint = Vec::new();
    restored.write_checkpoint(&mut checkpoint).unwrap();
    let read = Program::read_checkpoint(&checkpoint[..], |_| Ok(())).unwrap();
    assert_eq!(read.explain("o2").unwrap(), Some(stored));
    assert_eq!(read.snapshot(), restored.snapshot());
    // Streamed, a snapshot is read in the order it was written (schema 1 included)...
    let streamed = Program::restore_from_reader(restored.snapshot().as_bytes()).unwrap();
    assert_eq!(streamed.snapshot(), restored.snapshot());
    let labelled_1 = p.snapshot().replacen("\"schema_version\":2", "\"schema_version\":1", 1);
    assert_eq!(Program::restore_from_reader(labelled_1.as_bytes()).unwrap().snapshot(), p.snapshot());
    // ...and a document whose keys were reordered (here sorted) is read by `restore`, not streamed.
    let err = Program::restore_from_reader(doc.to_string().as_bytes()).unwrap_err();
    assert_eq!(err.kind(), affiliate_kit::ErrorKind::InvalidSnapshot);
    assert!(err.to_string().contains("comes before the fields it refers to"), "{err}");
}

#[test]
fn the_command_log_can_be_left_out() {
    let mut p = tiered();
    assert_eq!(p.command_log().len(), 2);
    p.keep_command_log(false);
    assert!(p.command_log().is_empty());
    let answers = history(&mut p);
    assert!(p.command_log().is_empty());
    assert_eq!(answers.len(), 4);
    p.keep_command_log(true);
    p.track_order(order("o5", "100.00", Some("ALICE")), None, at("2026-01-10T00:00:00Z")).unwrap();
    assert_eq!(p.command_log().iter().map(|c| c.verb()).collect::<Vec<_>>(), ["track_order"]);
}
