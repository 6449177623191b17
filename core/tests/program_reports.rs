#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Reports bucketed in the program's timezone (day boundaries, DST days, month boundaries) and stats.

mod program_support;

use affiliate_kit::program::{AffiliateStatus, Program, Report};
use affiliate_kit::time::Granularity;
use affiliate_kit::ErrorKind;
use program_support::*;
use serde_json::json;

fn in_zone(tz: &str) -> Program {
    let mut p = Program::new(config_with(json!({"timezone": tz}))).unwrap();
    let t = at("2026-01-01T00:00:00Z");
    p.register_affiliate(reg("Alice", "alice@example.com", Some("ALICE"), None), t).unwrap();
    p.register_affiliate(reg("Bob", "bob@example.com", Some("BOB"), Some("aff_1")), t).unwrap();
    p
}

/// (label, sales, revenue, earned, reversed) of the non-empty rows.
fn rows(r: &Report) -> Vec<(String, u64, String, String, String)> {
    r.rows
        .iter()
        .filter(|row| row.sales > 0 || !row.earned.is_zero() || !row.reversed.is_zero())
        .map(|row| {
            (
                row.label.clone(),
                row.sales,
                row.revenue.amount.to_string(),
                row.earned.amount.to_string(),
                row.reversed.amount.to_string(),
            )
        })
        .collect()
}

fn row(label: &str, sales: u64, revenue: &str, earned: &str, reversed: &str) -> (String, u64, String, String, String) {
    (label.to_string(), sales, revenue.to_string(), earned.to_string(), reversed.to_string())
}

#[test]
fn paris_days_and_months() {
    let mut p = in_zone("Europe/Paris");
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-01-31T22:59:59Z")).unwrap();
    p.track_order(order("o2", "200.00", Some("BOB")), None, at("2026-01-31T23:30:00Z")).unwrap();
    p.refund(refund("r1", "o2", Some("50.00")), at("2026-02-01T22:59:59Z")).unwrap();

    let days = p.report(Granularity::Day, at("2026-01-31T00:00:00Z"), at("2026-02-02T00:00:00Z"), None).unwrap();
    assert_eq!(days.timezone, "Europe/Paris");
    let labels: Vec<_> = days.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, vec!["2026-01-31", "2026-02-01", "2026-02-02"]);
    assert_eq!((days.rows[1].start, days.rows[1].end), (at("2026-01-31T23:00:00Z"), at("2026-02-01T23:00:00Z")));
    // o2: Bob 20.00 and Alice 10.00; the refund of a quarter reverses 5.00 and 2.50.
    assert_eq!(
        rows(&days),
        vec![row("2026-01-31", 1, "100.00", "10.00", "0.00"), row("2026-02-01", 1, "200.00", "30.00", "7.50")]
    );
    let bob =
        p.report(Granularity::Day, at("2026-01-31T00:00:00Z"), at("2026-02-02T00:00:00Z"), Some("aff_2")).unwrap();
    assert_eq!(bob.affiliate_id.as_deref(), Some("aff_2"));
    assert_eq!(rows(&bob), vec![row("2026-02-01", 1, "200.00", "20.00", "5.00")]);
    // Alice earned level 2 on Bob's sale, which is not her sale.
    let alice =
        p.report(Granularity::Day, at("2026-01-31T00:00:00Z"), at("2026-02-02T00:00:00Z"), Some("aff_1")).unwrap();
    assert_eq!(
        rows(&alice),
        vec![row("2026-01-31", 1, "100.00", "10.00", "0.00"), row("2026-02-01", 0, "0.00", "10.00", "2.50")]
    );

    let months = p.report(Granularity::Month, at("2026-01-01T00:00:00Z"), at("2026-03-01T00:00:00Z"), None).unwrap();
    assert_eq!(months.rows.iter().map(|r| r.label.as_str()).collect::<Vec<_>>(), vec!["2026-01", "2026-02", "2026-03"]);
    assert_eq!(
        rows(&months),
        vec![row("2026-01", 1, "100.00", "10.00", "0.00"), row("2026-02", 1, "200.00", "30.00", "7.50")]
    );
    let weeks = p.report(Granularity::Week, at("2026-01-26T00:00:00Z"), at("2026-02-02T00:00:00Z"), None).unwrap();
    assert_eq!(rows(&weeks), vec![row("2026-W05", 2, "300.00", "40.00", "7.50")]);
    assert_eq!(
        err_kind(p.report(Granularity::Day, at("2026-01-01T00:00:00Z"), at("2026-01-02T00:00:00Z"), Some("aff_9"))),
        ErrorKind::NotFound
    );
}

#[test]
fn the_short_dst_day_in_paris() {
    let mut p = in_zone("Europe/Paris");
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-03-29T21:30:00Z")).unwrap();
    p.track_order(order("o2", "300.00", Some("ALICE")), None, at("2026-03-29T22:30:00Z")).unwrap();
    p.track_order(order("o3", "50.00", Some("ALICE")), None, at("2026-03-28T23:00:00Z")).unwrap();
    let r = p.report(Granularity::Day, at("2026-03-28T12:00:00Z"), at("2026-03-30T12:00:00Z"), None).unwrap();
    let bounds: Vec<_> = r.rows.iter().map(|row| (row.label.as_str(), row.start, row.end)).collect();
    assert_eq!(
        bounds,
        vec![
            ("2026-03-28", at("2026-03-27T23:00:00Z"), at("2026-03-28T23:00:00Z")),
            ("2026-03-29", at("2026-03-28T23:00:00Z"), at("2026-03-29T22:00:00Z")),
            ("2026-03-30", at("2026-03-29T22:00:00Z"), at("2026-03-30T22:00:00Z")),
        ]
    );
    assert_eq!((r.rows[1].end - r.rows[1].start).num_hours(), 23);
    assert_eq!(
        rows(&r),
        vec![row("2026-03-29", 2, "150.00", "15.00", "0.00"), row("2026-03-30", 1, "300.00", "30.00", "0.00")]
    );
}

#[test]
fn the_los_angeles_month_boundary() {
    let mut p = in_zone("America/Los_Angeles");
    p.track_order(order("o1", "100.00", Some("ALICE")), None, at("2026-03-01T07:59:59Z")).unwrap();
    p.track_order(order("o2", "300.00", Some("ALICE")), None, at("2026-03-01T08:00:00Z")).unwrap();
    let r = p.report(Granularity::Month, at("2026-02-15T00:00:00Z"), at("2026-03-15T00:00:00Z"), None).unwrap();
    assert_eq!(r.rows[1].start, at("2026-03-01T08:00:00Z"));
    assert_eq!(
        rows(&r),
        vec![row("2026-02", 1, "100.00", "10.00", "0.00"), row("2026-03", 1, "300.00", "30.00", "0.00")]
    );
}

#[test]
fn stats_per_affiliate_and_for_the_program() {
    let mut p = in_zone("UTC");
    p.register_affiliate(reg("Carol", "carol@example.com", Some("CAROL"), None), at("2026-01-01T00:00:00Z")).unwrap();
    p.set_affiliate_status("aff_3", AffiliateStatus::Inactive, at("2026-01-01T00:00:00Z")).unwrap();
    let t = at("2026-01-02T00:00:00Z");
    p.track_order(order_for("o1", "600.00", Some("BOB"), Some("c1"), None), None, t).unwrap();
    p.track_order(order_for("o2", "100.00", Some("ALICE"), Some("c2"), None), None, t).unwrap();
    p.track_order(order_for("o3", "200.00", Some("BOB"), Some("c1"), None), None, t).unwrap();
    p.track_order(order_for("o4", "900.00", Some("CAROL"), Some("c3"), None), None, t).unwrap();
    p.refund(refund("r1", "o2", None), at("2026-01-03T00:00:00Z")).unwrap();
    p.approve_due(at("2026-02-01T00:00:00Z")).unwrap();
    let payouts = p.create_payouts(at("2026-02-02T00:00:00Z")).unwrap();
    assert_eq!(
        payouts.iter().map(|x| (x.affiliate_id.as_str(), x.amount.amount.to_string())).collect::<Vec<_>>(),
        vec![("aff_2", "80.00".to_string())]
    );

    let summary = |s: affiliate_kit::program::ProgramStats| {
        (
            (s.affiliates, s.active_affiliates, s.sales, s.referrals),
            [s.revenue, s.earned, s.reversed, s.pending, s.payable, s.in_payout, s.paid].map(|m| m.amount.to_string()),
        )
    };
    let bob = p.stats(Some("aff_2")).unwrap();
    assert_eq!(bob.affiliate_id.as_deref(), Some("aff_2"));
    assert_eq!(summary(bob), ((1, 1, 2, 1), strs(["800.00", "80.00", "0.00", "0.00", "0.00", "80.00", "0.00"])));
    assert_eq!(
        summary(p.stats(Some("aff_1")).unwrap()),
        ((1, 1, 1, 1), strs(["100.00", "50.00", "10.00", "0.00", "40.00", "0.00", "0.00"]))
    );
    assert_eq!(
        summary(p.stats(Some("aff_3")).unwrap()),
        ((1, 0, 0, 0), strs(["0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"]))
    );
    let all = p.stats(None).unwrap();
    assert_eq!(all.affiliate_id, None);
    assert_eq!(summary(all), ((3, 2, 3, 2), strs(["900.00", "130.00", "10.00", "0.00", "40.00", "80.00", "0.00"])));
    assert_eq!(err_kind(p.stats(Some("aff_9"))), ErrorKind::NotFound);
    // An empty program reads zeros in minor units.
    let empty = program().stats(None).unwrap();
    assert_eq!(summary(empty), ((0, 0, 0, 0), strs(["0.00", "0.00", "0.00", "0.00", "0.00", "0.00", "0.00"])));
}
