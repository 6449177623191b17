#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Attribution: code over click, the click window, last or first click, lifetime customers.

mod program_support;

use affiliate_kit::program::{AttributionSource, NoCreditReason, Program};
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

/// Alice (ALICE), Bob (BOB) and Carol (CAROL), no parents.
fn three(config: affiliate_kit::program::ProgramConfig) -> Program {
    let mut p = Program::new(config).unwrap();
    let t = at("2026-01-01T00:00:00Z");
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), None), t).unwrap();
    p.register_affiliate(reg("Carol", "carol@example.com", Some("CAROL"), None), t).unwrap();
    p
}

fn who(
    p: &mut Program,
    id: &str,
    code: Option<&str>,
    visitor: Option<&str>,
    when: &str,
) -> (Option<String>, Option<AttributionSource>) {
    let t = p.track_order(order(id, "100.00", code), visitor.map(str::to_string), at(when)).unwrap();
    (t.affiliate_id, t.attributed_by)
}

fn by(id: &str, source: AttributionSource) -> (Option<String>, Option<AttributionSource>) {
    (Some(id.to_string()), Some(source))
}

#[test]
fn a_code_beats_a_click() {
    let mut p = three(config());
    let click = p.record_click("v1", "bob", at("2026-01-05T00:00:00Z")).unwrap();
    assert_eq!((click.affiliate_id.as_str(), click.code.as_str()), ("aff_2", "BOB"));
    assert_eq!(
        who(&mut p, "o1", Some("alice"), Some("v1"), "2026-01-06T00:00:00Z"),
        by("aff_1", AttributionSource::Code)
    );
    let t = p.sale("o1").unwrap();
    assert_eq!(t.outcome.code.as_deref(), Some("ALICE"));
    assert_eq!(who(&mut p, "o2", None, Some("v1"), "2026-01-06T00:00:00Z"), by("aff_2", AttributionSource::Click));
    assert_eq!(p.sale("o2").unwrap().outcome.code, None);
    assert_eq!(who(&mut p, "o3", None, None, "2026-01-06T00:00:00Z"), (None, None));
    let t = p.sale("o3").unwrap();
    assert_eq!((t.outcome.credited, t.outcome.reason), (false, Some(NoCreditReason::NoAttribution)));
    assert_eq!(t.outcome.total.amount.to_string(), "0.00");
}

#[test]
fn clicks_count_within_the_window_only() {
    let mut p = three(config());
    p.record_click("v1", "BOB", at("2026-01-10T12:00:00Z")).unwrap();
    // Exactly 30 days later: still in the window.
    assert_eq!(who(&mut p, "o1", None, Some("v1"), "2026-02-09T12:00:00Z"), by("aff_2", AttributionSource::Click));
    // One second more: outside.
    assert_eq!(who(&mut p, "o2", None, Some("v1"), "2026-02-09T12:00:01Z"), (None, None));
    // A click after the order does not count for it.
    p.record_click("v2", "CAROL", at("2026-03-01T00:00:00Z")).unwrap();
    assert_eq!(who(&mut p, "o3", None, Some("v2"), "2026-02-28T23:59:59Z"), (None, None));

    let mut short = three(config_with(json!({"attribution": {"window_days": 1}})));
    short.record_click("v1", "BOB", at("2026-01-10T12:00:00Z")).unwrap();
    assert_eq!(who(&mut short, "o1", None, Some("v1"), "2026-01-11T12:00:00Z"), by("aff_2", AttributionSource::Click));
    assert_eq!(who(&mut short, "o2", None, Some("v1"), "2026-01-11T12:00:01Z"), (None, None));
}

#[test]
fn last_click_or_first_click() {
    let clicks = |p: &mut Program| {
        p.record_click("v1", "ALICE", at("2025-12-01T00:00:00Z")).unwrap(); // outside the window
        p.record_click("v1", "BOB", at("2026-01-05T00:00:00Z")).unwrap();
        p.record_click("v1", "CAROL", at("2026-01-20T00:00:00Z")).unwrap();
        // Recorded late but earlier in time: kept in time order.
        p.record_click("v1", "ALICE", at("2026-01-10T00:00:00Z")).unwrap();
    };
    let mut last = three(config());
    clicks(&mut last);
    assert_eq!(who(&mut last, "o1", None, Some("v1"), "2026-01-25T00:00:00Z"), by("aff_3", AttributionSource::Click));
    assert_eq!(who(&mut last, "o2", None, Some("v1"), "2026-01-15T00:00:00Z"), by("aff_1", AttributionSource::Click));

    let mut first = three(config_with(json!({"attribution": {"model": "first_click"}})));
    clicks(&mut first);
    assert_eq!(who(&mut first, "o1", None, Some("v1"), "2026-01-25T00:00:00Z"), by("aff_2", AttributionSource::Click));
    // On 2026-02-06 the Bob click of 01-05 is out of the window; Alice's of 01-10 is first.
    assert_eq!(who(&mut first, "o2", None, Some("v1"), "2026-02-06T00:00:00Z"), by("aff_1", AttributionSource::Click));
}

#[test]
fn lifetime_customers_stay_with_their_first_affiliate() {
    let mut p = three(config_with(json!({"attribution": {"lifetime_customers": true}})));
    let first = p
        .track_order(order_for("o1", "100.00", Some("BOB"), Some("cust-1"), None), None, at("2026-01-02T00:00:00Z"))
        .unwrap();
    assert_eq!(first.attributed_by, Some(AttributionSource::Code));
    // A year later, no code, no click: still Bob's.
    let later =
        p.track_order(order_for("o2", "50.00", None, Some("cust-1"), None), None, at("2027-01-02T00:00:00Z")).unwrap();
    assert_eq!(
        (later.affiliate_id.as_deref(), later.attributed_by),
        (Some("aff_2"), Some(AttributionSource::Lifetime))
    );
    assert_eq!(later.total.amount.to_string(), "5.00");
    // A code still wins over the lifetime link, and does not move it.
    let coded = p
        .track_order(order_for("o3", "50.00", Some("CAROL"), Some("cust-1"), None), None, at("2027-01-03T00:00:00Z"))
        .unwrap();
    assert_eq!(coded.affiliate_id.as_deref(), Some("aff_3"));
    let again =
        p.track_order(order_for("o4", "50.00", None, Some("cust-1"), None), None, at("2027-01-04T00:00:00Z")).unwrap();
    assert_eq!(again.affiliate_id.as_deref(), Some("aff_2"));
    // Customers known by e-mail only are linked by e-mail, case-insensitively.
    p.track_order(
        order_for("o5", "10.00", Some("ALICE"), None, Some("Zed@Example.com")),
        None,
        at("2027-01-05T00:00:00Z"),
    )
    .unwrap();
    let z = p
        .track_order(order_for("o6", "10.00", None, None, Some("zed@example.COM")), None, at("2027-01-06T00:00:00Z"))
        .unwrap();
    assert_eq!((z.affiliate_id.as_deref(), z.attributed_by), (Some("aff_1"), Some(AttributionSource::Lifetime)));

    // Without lifetime customers, the same order is not attributed.
    let mut plain = three(config());
    plain
        .track_order(order_for("o1", "100.00", Some("BOB"), Some("cust-1"), None), None, at("2026-01-02T00:00:00Z"))
        .unwrap();
    let later = plain
        .track_order(order_for("o2", "50.00", None, Some("cust-1"), None), None, at("2027-01-02T00:00:00Z"))
        .unwrap();
    assert_eq!((later.affiliate_id, later.reason), (None, Some(NoCreditReason::NoAttribution)));
}

#[test]
fn unknown_or_expired_codes_fall_back_to_the_click() {
    let mut p = three(config());
    p.add_code("aff_3", "WINTER", None, Some(at("2026-02-01T00:00:00Z")), at("2026-01-01T00:00:00Z")).unwrap();
    p.record_click("v1", "bob", at("2026-01-20T00:00:00Z")).unwrap();
    assert_eq!(
        who(&mut p, "o1", Some("NOSUCH"), Some("v1"), "2026-01-21T00:00:00Z"),
        by("aff_2", AttributionSource::Click)
    );
    assert_eq!(
        who(&mut p, "o2", Some("b@d!"), Some("v1"), "2026-01-21T00:00:00Z"),
        by("aff_2", AttributionSource::Click)
    );
    // The code is live until its expiry instant.
    assert_eq!(
        who(&mut p, "o3", Some("winter"), Some("v1"), "2026-01-31T23:59:59Z"),
        by("aff_3", AttributionSource::Code)
    );
    assert_eq!(
        who(&mut p, "o4", Some("winter"), Some("v1"), "2026-02-01T00:00:00Z"),
        by("aff_2", AttributionSource::Click)
    );
    assert_eq!(who(&mut p, "o5", Some("winter"), None, "2026-02-01T00:00:00Z"), (None, None));
}

#[test]
fn clicks_need_a_known_code_and_a_visitor() {
    let mut p = three(config());
    let before = p.snapshot();
    let t = at("2026-01-02T00:00:00Z");
    assert_eq!(err_kind(p.record_click("v1", "NOSUCH", t)), ErrorKind::NotFound);
    assert_eq!(err_kind(p.record_click("v1", "b@d", t)), ErrorKind::InvalidCode);
    assert_eq!(err_kind(p.record_click("", "BOB", t)), ErrorKind::InvalidInput);
    assert_eq!(err_kind(p.record_click("has space", "BOB", t)), ErrorKind::InvalidInput);
    assert_eq!(p.snapshot(), before);
    assert!(p.command_log().iter().all(|c| c.verb() == "register_affiliate"));
}
