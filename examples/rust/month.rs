//! A month of a small program: invitations, clicks, orders, approvals, a payout, a partial refund after
//! the payout (a clawback), the next payout netting it, then each affiliate's statement and the event
//! stream.
//!
//! Run from the repository root: `cargo run --example month`

use affiliate_kit::codes::{Discount, Incentive};
use affiliate_kit::money::Currency;
use affiliate_kit::plan::Order;
use affiliate_kit::program::{Acceptance, Program, ProgramConfig, Refund, Registration};
use chrono::{DateTime, Utc};

/// The program config is a shared fixture (the tests and other languages' examples read it too).
const CONFIG: &str = include_str!("../../core/tests/fixtures/month-config.json");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut program = Program::new(ProgramConfig::from_json(CONFIG)?)?;

    // Day 1: Alice signs up with a vanity code carrying a 10 % discount, and invites two friends.
    let alice = program.register_affiliate(
        Registration { name: "Alice".into(), email: "alice@example.com".into(), ..Registration::default() },
        at("2026-03-01T09:00:00Z")?,
    )?;
    let ten_percent =
        Incentive { discount: Discount::PercentOff { percent: "10".parse()? }, min_order: None, expires_at: None };
    program.add_code(&alice.id, "alice", Some(ten_percent), None, at("2026-03-01T09:01:00Z")?)?;
    let invited = program.invite(
        vec!["bob@example.com".into(), "carol@example.com".into(), "not-an-email".into()],
        Some(alice.id.clone()),
        at("2026-03-01T09:05:00Z")?,
    )?;
    println!(
        "invited {} (errors: {})",
        invited.invitations.len(),
        invited.errors.iter().map(|e| e.email.as_str()).collect::<Vec<_>>().join(", ")
    );

    // Day 2: Bob accepts and gets a generated code; Carol never answers.
    let bob_invitation = invited.invitations.first().ok_or("bob was not invited")?;
    let bob = program.accept_invitation(
        &bob_invitation.id,
        Acceptance { name: "Bob".into(), ..Acceptance::default() },
        at("2026-03-02T18:00:00Z")?,
    )?;
    let bob = program.generate_code(&bob.id, 2026, None, None, at("2026-03-02T18:01:00Z")?)?;
    let bob_code = bob.code.clone().unwrap_or_default();

    // Orders: by Alice's code, by a click on Bob's link, a book and a course by Bob's code.
    program.record_click("visitor-7", &bob_code, at("2026-03-03T12:00:00Z")?)?;
    program.track_order(order("o-1001", "ALICE", "course", "course", "480.00")?, None, at("2026-03-03T10:00:00Z")?)?;
    program.track_order(
        order("o-1002", "", "course", "course", "300.00")?,
        Some("visitor-7".into()),
        at("2026-03-04T08:00:00Z")?,
    )?;
    program.track_order(
        order("o-1003", &bob_code, "rust-book", "books", "250.00")?,
        None,
        at("2026-03-05T16:30:00Z")?,
    )?;

    program.track_order(
        order("o-1004", &bob_code, "course", "course", "900.00")?,
        None,
        at("2026-03-10T09:00:00Z")?,
    )?;

    // Day 20: the holding period (14 days) is over for the first three orders; pay out.
    program.approve_due(at("2026-03-20T00:00:00Z")?)?;
    for payout in program.create_payouts(at("2026-03-20T01:00:00Z")?)? {
        program.mark_payout_paid(&payout.id, Some(format!("sepa-{}", payout.id)), at("2026-03-21T10:00:00Z")?)?;
    }

    // Day 22: half of o-1002 is refunded after it was paid: Bob's and Alice's shares are clawed back.
    program.refund(
        Refund { id: "rf-1".into(), order_id: "o-1002".into(), amount: Some("150.00".parse()?), lines: None },
        at("2026-03-22T11:00:00Z")?,
    )?;

    // Month end: o-1004 is approved, Carol's invitation expires, the next payout nets the clawback.
    program.expire_invitations(at("2026-03-31T23:00:00Z")?);
    program.approve_due(at("2026-03-31T23:00:00Z")?)?;
    program.create_payouts(at("2026-03-31T23:30:00Z")?)?;

    println!("\n== statements (EUR) ==");
    for affiliate in program.affiliates() {
        let b = program.balance(&affiliate.id, Currency::EUR)?;
        println!(
            "{} {:<6} code {:<10} earned {:>7} reversed {:>6} pending {:>6} payable {:>7} in payout {:>7} paid {:>7}",
            affiliate.id,
            affiliate.name.unwrap_or_default(),
            affiliate.code.unwrap_or_default(),
            b.earned.amount,
            b.reversed.amount,
            b.pending.amount,
            b.payable.amount,
            b.in_payout.amount,
            b.paid.amount,
        );
        for c in program.commissions().iter().filter(|c| c.affiliate_id == affiliate.id) {
            let why = program
                .sale(&c.sale_id)?
                .outcome
                .quote
                .as_ref()
                .and_then(|q| q.lines.iter().find(|l| l.beneficiary == c.affiliate_id && l.rule_id == c.rule_id))
                .map(|l| l.explanation.summary.clone())
                .unwrap_or_default();
            println!("    {} {} {:>7} {:<8} {}", c.id, c.sale_id, c.amount.amount, c.status, why);
        }
    }

    println!("\n== events ==");
    for event in program.drain_events() {
        println!("{:>3} {} {}", event.sequence, event.occurred_at.format("%m-%d %H:%M"), event.event_type());
    }
    Ok(())
}

fn at(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    s.parse()
}

fn order(id: &str, code: &str, product: &str, category: &str, price: &str) -> Result<Order, affiliate_kit::Error> {
    let code = if code.is_empty() { String::new() } else { format!(r#", "code": "{code}""#) };
    Order::from_json(&format!(
        r#"{{"id": "{id}", "currency": "EUR", "customer": {{"email": "buyer-{id}@example.net"}},
            "lines": [{{"id": "l1", "product": "{product}", "category": "{category}", "quantity": 1, "unit_price": "{price}"}}]{code}}}"#
    ))
}
