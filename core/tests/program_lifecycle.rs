#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! One program through its life: registration, a chain, orders, partial refund, approval, payouts,
//! a clawback after payout, and snapshot/restore/replay equality.

use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{Program, ProgramConfig, Refund, Registration};
use chrono::{DateTime, Utc};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn config() -> ProgramConfig {
    ProgramConfig::from_json(
        r#"{"currency": "EUR", "plan": {"currency": "EUR",
            "rules": [{"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"}],
            "levels": [{"rate": "5", "of": "sale"}]}}"#,
    )
    .unwrap()
}

fn order(id: &str, price: &str, code: Option<&str>) -> Order {
    let code = code.map(|c| format!(r#", "code": "{c}""#)).unwrap_or_default();
    Order::from_json(&format!(
        r#"{{"id": "{id}", "currency": "EUR", "lines": [{{"id": "l1", "product": "p", "quantity": 1, "unit_price": "{price}"}}]{code}}}"#
    ))
    .unwrap()
}

fn reg(name: &str, email: &str, code: &str, parent: Option<&str>) -> Registration {
    Registration {
        name: name.into(),
        email: email.into(),
        code: Some(code.into()),
        parent: parent.map(str::to_string),
        ..Registration::default()
    }
}

#[test]
fn a_chain_earns_refunds_gets_paid_and_is_clawed_back() {
    let mut p = Program::new(config()).unwrap();
    let alice =
        p.register_affiliate(reg("Alice", "alice@example.com", "ALICE10", None), at("2026-01-01T00:00:00Z")).unwrap();
    assert_eq!(alice.id, "aff_1");
    let bob = p
        .register_affiliate(reg("Bob", "bob@example.com", "BOBBY", Some("aff_1")), at("2026-01-01T00:00:00Z"))
        .unwrap();
    assert_eq!(bob.id, "aff_2");

    let t = p.track_order(order("o1", "600.00", Some("bobby")), None, at("2026-01-10T00:00:00Z")).unwrap();
    assert!(t.credited);
    let amounts: Vec<_> =
        t.commissions.iter().map(|c| (c.affiliate_id.as_str(), c.amount.amount.to_string())).collect();
    assert_eq!(amounts, vec![("aff_2", "60.00".to_string()), ("aff_1", "30.00".to_string())]);

    let r = p
        .refund(
            Refund { id: "r1".into(), order_id: "o1".into(), amount: Some("120.00".parse().unwrap()), lines: None },
            at("2026-01-12T00:00:00Z"),
        )
        .unwrap();
    let rev: Vec<_> = r.reversals.iter().map(|x| x.amount.amount.to_string()).collect();
    assert_eq!(rev, vec!["12.00", "6.00"]);

    p.approve_due(at("2026-02-09T00:00:00Z")).unwrap();
    p.track_order(order("o2", "600.00", Some("BOBBY")), None, at("2026-02-10T00:00:00Z")).unwrap();
    let approved = p.approve_due(at("2026-03-12T00:00:00Z")).unwrap();
    assert_eq!(approved.len(), 2);
    let bal = p.balance("aff_2", Currency::EUR).unwrap();
    assert_eq!(bal.payable.amount.to_string(), "108.00");

    let payouts = p.create_payouts(at("2026-03-13T00:00:00Z")).unwrap();
    let got: Vec<_> =
        payouts.iter().map(|x| (x.id.as_str(), x.affiliate_id.as_str(), x.amount.amount.to_string())).collect();
    assert_eq!(got, vec![("pay_1", "aff_1", "54.00".to_string()), ("pay_2", "aff_2", "108.00".to_string())]);
    p.mark_payout_paid("pay_1", Some("tr-1".into()), at("2026-03-14T00:00:00Z")).unwrap();
    p.mark_payout_paid("pay_2", None, at("2026-03-14T00:00:00Z")).unwrap();

    let r2 = p
        .refund(
            Refund { id: "r2".into(), order_id: "o2".into(), amount: None, lines: None },
            at("2026-03-20T00:00:00Z"),
        )
        .unwrap();
    assert_eq!(r2.reversals.iter().map(|x| x.amount.amount.to_string()).collect::<Vec<_>>(), vec!["60.00", "30.00"]);
    let bal = p.balance("aff_2", Currency::EUR).unwrap();
    assert_eq!(
        [bal.pending, bal.payable, bal.in_payout, bal.paid, bal.earned, bal.reversed].map(|m| m.amount.to_string()),
        ["0.00", "-60.00", "0.00", "108.00", "120.00", "72.00"].map(String::from)
    );

    let types: Vec<_> = p.events_since(0).iter().map(|e| e.event_type()).collect();
    assert!(types.contains(&"commission.clawed_back"), "{types:?}");
    assert!(types.contains(&"payout.threshold_reached"), "{types:?}");

    let snap = p.snapshot();
    let restored = Program::restore(&snap).unwrap();
    assert_eq!(restored.snapshot(), snap);
    let replayed = Program::replay(config(), p.command_log()).unwrap();
    assert_eq!(replayed.snapshot(), snap);
}
