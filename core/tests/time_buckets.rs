#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
//! Calendar buckets in a program's timezone: labels, DST-length days, midnight gaps, ranges.

use affiliate_kit::time::*;
use affiliate_kit::ErrorKind;
use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn tz(name: &str) -> Timezone {
    Timezone::parse(name).unwrap()
}

fn bucket(at: &str, zone: &str, g: Granularity) -> Bucket {
    bucket_of(t(at), tz(zone), g).unwrap()
}

fn assert_bucket(b: &Bucket, label: &str, start: &str, end: &str) {
    assert_eq!(b.label, label, "{b:?}");
    assert_eq!(b.start, t(start), "start of {b:?}");
    assert_eq!(b.end, t(end), "end of {b:?}");
}

#[test]
fn paris_day_and_month_cross_utc_date() {
    let day = bucket("2026-01-31T23:30:00Z", "Europe/Paris", Granularity::Day);
    assert_bucket(&day, "2026-02-01", "2026-01-31T23:00:00Z", "2026-02-01T23:00:00Z");
    let month = bucket("2026-01-31T23:30:00Z", "Europe/Paris", Granularity::Month);
    assert_bucket(&month, "2026-02", "2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z");
    // The same instant in UTC is still January.
    assert_eq!(bucket_of(t("2026-01-31T23:30:00Z"), Timezone::UTC, Granularity::Month).unwrap().label, "2026-01");
}

#[test]
fn paris_spring_day_has_23_hours() {
    let day = bucket("2026-03-29T12:00:00Z", "Europe/Paris", Granularity::Day);
    assert_bucket(&day, "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z");
    assert_eq!(day.end - day.start, Duration::hours(23));
    assert_eq!(bucket("2026-03-29T21:59:59Z", "Europe/Paris", Granularity::Day).label, "2026-03-29");
    let next = bucket("2026-03-29T22:00:00Z", "Europe/Paris", Granularity::Day);
    assert_bucket(&next, "2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z");
    assert_eq!(next_bucket(&day, tz("Europe/Paris"), Granularity::Day).unwrap(), next);
}

#[test]
fn paris_autumn_day_has_25_hours() {
    let day = bucket("2026-10-25T12:00:00Z", "Europe/Paris", Granularity::Day);
    assert_bucket(&day, "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
    assert_eq!(day.end - day.start, Duration::hours(25));
    // Both occurrences of 02:30 local belong to the same day.
    assert_eq!(bucket("2026-10-25T00:30:00Z", "Europe/Paris", Granularity::Day), day);
    assert_eq!(bucket("2026-10-25T01:30:00Z", "Europe/Paris", Granularity::Day), day);
}

#[test]
fn los_angeles_month_boundaries() {
    let la = "America/Los_Angeles";
    assert_eq!(bucket("2026-03-01T07:59:59Z", la, Granularity::Month).label, "2026-02");
    let march = bucket("2026-03-01T08:00:00Z", la, Granularity::Month);
    // March starts in PST (-08:00) and ends in PDT (-07:00).
    assert_bucket(&march, "2026-03", "2026-03-01T08:00:00Z", "2026-04-01T07:00:00Z");
    let april = next_bucket(&march, tz(la), Granularity::Month).unwrap();
    assert_bucket(&april, "2026-04", "2026-04-01T07:00:00Z", "2026-05-01T07:00:00Z");
}

#[test]
fn iso_weeks_around_new_year() {
    let paris = "Europe/Paris";
    // 2026-01-01 is a Thursday: ISO week 1 of 2026 starts Monday 2025-12-29.
    let w1 = bucket("2026-01-01T12:00:00Z", paris, Granularity::Week);
    assert_bucket(&w1, "2026-W01", "2025-12-28T23:00:00Z", "2026-01-04T23:00:00Z");
    // 2027-01-01 is a Friday in ISO week 53 of 2026, which starts Monday 2026-12-28.
    let w53 = bucket("2027-01-01T12:00:00Z", paris, Granularity::Week);
    assert_bucket(&w53, "2026-W53", "2026-12-27T23:00:00Z", "2027-01-03T23:00:00Z");
    let after = next_bucket(&w53, tz(paris), Granularity::Week).unwrap();
    assert_bucket(&after, "2027-W01", "2027-01-03T23:00:00Z", "2027-01-10T23:00:00Z");
    // Sunday 23:59:59 local is still the old week; Monday 00:00 local is the new one.
    assert_eq!(bucket("2026-02-01T22:59:59Z", paris, Granularity::Week).label, "2026-W05");
    assert_eq!(bucket("2026-02-01T23:00:00Z", paris, Granularity::Week).label, "2026-W06");
    // 2020-12-31 (Thursday) is in 2020-W53; 2021-01-03 (Sunday) too.
    assert_eq!(bucket("2021-01-03T12:00:00Z", "UTC", Granularity::Week).label, "2020-W53");
    // A week spanning the spring change is 167 hours long.
    let dst_week = bucket("2026-03-29T12:00:00Z", paris, Granularity::Week);
    assert_bucket(&dst_week, "2026-W13", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z");
}

#[test]
fn quarter_and_year_labels() {
    let paris = "Europe/Paris";
    let q2 = bucket("2026-05-15T10:00:00Z", paris, Granularity::Quarter);
    assert_bucket(&q2, "2026-Q2", "2026-03-31T22:00:00Z", "2026-06-30T22:00:00Z");
    let q4 = bucket("2026-12-31T22:59:59Z", paris, Granularity::Quarter);
    assert_bucket(&q4, "2026-Q4", "2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z");
    let q1 = next_bucket(&q4, tz(paris), Granularity::Quarter).unwrap();
    assert_bucket(&q1, "2027-Q1", "2026-12-31T23:00:00Z", "2027-03-31T22:00:00Z");
    assert_eq!(bucket("2026-01-01T00:00:00Z", "UTC", Granularity::Quarter).label, "2026-Q1");
    assert_eq!(bucket("2026-08-01T00:00:00Z", "UTC", Granularity::Quarter).label, "2026-Q3");

    let year = bucket("2026-12-31T23:30:00Z", paris, Granularity::Year);
    assert_bucket(&year, "2027", "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z");
    let year = bucket("2026-06-01T00:00:00Z", "America/New_York", Granularity::Year);
    assert_bucket(&year, "2026", "2026-01-01T05:00:00Z", "2027-01-01T05:00:00Z");
}

#[test]
fn buckets_between_months_across_dst() {
    let paris = tz("Europe/Paris");
    let months =
        buckets_between(t("2026-01-15T00:00:00Z"), t("2026-05-10T00:00:00Z"), paris, Granularity::Month).unwrap();
    let labels: Vec<&str> = months.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]);
    for pair in months.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
    assert_eq!(months[2].start, t("2026-02-28T23:00:00Z"));
    assert_eq!(months[2].end, t("2026-03-31T22:00:00Z"));

    let la = tz("America/Los_Angeles");
    let months = buckets_between(t("2026-01-01T08:00:00Z"), t("2027-01-01T08:00:00Z"), la, Granularity::Month).unwrap();
    assert_eq!(months.len(), 12);
    assert_eq!(months[0].label, "2026-01");
    assert_eq!(months[11].label, "2026-12");
    for pair in months.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
}

#[test]
fn buckets_between_days_across_spring_change() {
    let days =
        buckets_between(t("2026-03-28T00:00:00Z"), t("2026-04-01T00:00:00Z"), tz("Europe/Paris"), Granularity::Day)
            .unwrap();
    let labels: Vec<&str> = days.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-01"]);
    let hours: Vec<i64> = days.iter().map(|b| (b.end - b.start).num_hours()).collect();
    assert_eq!(hours, [24, 23, 24, 24, 24]);
    for pair in days.windows(2) {
        assert_eq!(pair[0].end, pair[1].start);
    }
}

#[test]
fn buckets_between_edges() {
    let paris = tz("Europe/Paris");
    let at = t("2026-03-01T10:00:00Z");
    assert!(buckets_between(at, at, paris, Granularity::Day).unwrap().is_empty());
    assert!(buckets_between(at, at - Duration::days(3), paris, Granularity::Day).unwrap().is_empty());
    // A one-second range gives its one bucket; a range ending exactly at a bucket start excludes it.
    let one = buckets_between(at, at + Duration::seconds(1), paris, Granularity::Year).unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].label, "2026");
    let days = buckets_between(t("2026-03-01T23:00:00Z"), t("2026-03-03T23:00:00Z"), paris, Granularity::Day).unwrap();
    let labels: Vec<&str> = days.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["2026-03-02", "2026-03-03"]);
}

#[test]
fn buckets_between_limit() {
    let from = t("2000-01-01T00:00:00Z");
    let exactly = buckets_between(from, from + Duration::days(100_000), Timezone::UTC, Granularity::Day).unwrap();
    assert_eq!(exactly.len(), MAX_BUCKETS);
    let err = buckets_between(from, from + Duration::days(100_001), Timezone::UTC, Granularity::Day).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LimitExceeded);
    // Coarser granularities cover long ranges easily.
    let years = buckets_between(from, from + Duration::days(100_001), Timezone::UTC, Granularity::Year).unwrap();
    assert_eq!(years.len(), 274);
}

#[test]
fn santiago_midnight_gap_starts_at_first_existing_instant() {
    // Chile springs forward at 2026-09-06 00:00 local (-04) to 01:00 (-03): midnight does not exist.
    let santiago = "America/Santiago";
    let midnight = chrono::NaiveDate::from_ymd_opt(2026, 9, 6).unwrap().and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(
        chrono::TimeZone::from_local_datetime(&chrono_tz::America::Santiago, &midnight),
        chrono::LocalResult::None
    );
    let day = bucket("2026-09-06T12:00:00Z", santiago, Granularity::Day);
    assert_bucket(&day, "2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z");
    let before = bucket("2026-09-06T03:59:59Z", santiago, Granularity::Day);
    assert_bucket(&before, "2026-09-05", "2026-09-05T04:00:00Z", "2026-09-06T04:00:00Z");
    assert_eq!(next_bucket(&before, tz(santiago), Granularity::Day).unwrap(), day);
    // The gap falls on a Sunday, inside the ISO week starting Monday 2026-08-31.
    let week = bucket("2026-09-06T12:00:00Z", santiago, Granularity::Week);
    assert_bucket(&week, "2026-W36", "2026-08-31T04:00:00Z", "2026-09-07T03:00:00Z");
}

#[test]
fn havana_midnight_gap() {
    // Cuba springs forward at 2026-03-08 00:00 local (-05) to 01:00 (-04).
    let day = bucket("2026-03-08T12:00:00Z", "America/Havana", Granularity::Day);
    assert_bucket(&day, "2026-03-08", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z");
    assert_eq!(day.end - day.start, Duration::hours(23));
}

#[test]
fn apia_skipped_day_is_not_a_bucket() {
    // Samoa skipped 2011-12-30 entirely: 2011-12-29 24:00 (-10) became 2011-12-31 00:00 (+14).
    let apia = tz("Pacific/Apia");
    let days = buckets_between(t("2011-12-29T12:00:00Z"), t("2011-12-31T12:00:00Z"), apia, Granularity::Day).unwrap();
    let labels: Vec<&str> = days.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["2011-12-29", "2011-12-31", "2012-01-01"]);
    assert_bucket(&days[0], "2011-12-29", "2011-12-29T10:00:00Z", "2011-12-30T10:00:00Z");
    assert_bucket(&days[1], "2011-12-31", "2011-12-30T10:00:00Z", "2011-12-31T10:00:00Z");
}

#[test]
fn timezone_parse_display_serde() {
    let paris = Timezone::parse("Europe/Paris").unwrap();
    assert_eq!(paris.name(), "Europe/Paris");
    assert_eq!(paris.to_string(), "Europe/Paris");
    assert_eq!(paris.tz(), chrono_tz::Tz::Europe__Paris);
    assert_eq!("Europe/Paris".parse::<Timezone>().unwrap(), paris);
    assert_eq!(Timezone::default(), Timezone::UTC);
    assert_eq!(Timezone::UTC.name(), "UTC");

    let err = Timezone::parse("Mars/Olympus").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidConfig);
    assert_eq!(err.path(), Some("timezone"));
    assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    assert_eq!(Timezone::parse("").unwrap_err().kind(), ErrorKind::InvalidConfig);
    assert_eq!("europe/paris".parse::<Timezone>().unwrap_err().kind(), ErrorKind::InvalidConfig);

    assert_eq!(serde_json::to_string(&paris).unwrap(), r#""Europe/Paris""#);
    assert_eq!(serde_json::from_str::<Timezone>(r#""America/Santiago""#).unwrap(), tz("America/Santiago"));
    let err = serde_json::from_str::<Timezone>(r#""Mars/Olympus""#).unwrap_err().to_string();
    assert!(err.contains("unknown timezone") && err.contains("Mars/Olympus"), "{err}");
    let err = serde_json::from_str::<Timezone>("42").unwrap_err().to_string();
    assert!(err.contains("IANA timezone"), "{err}");
}

#[test]
fn granularity_and_bucket_serde() {
    assert_eq!(serde_json::to_string(&Granularity::Quarter).unwrap(), r#""quarter""#);
    assert_eq!(serde_json::from_str::<Granularity>(r#""week""#).unwrap(), Granularity::Week);
    assert!(serde_json::from_str::<Granularity>(r#""fortnight""#).is_err());
    assert!(Granularity::Day < Granularity::Year);

    let b = bucket("2026-01-31T23:30:00Z", "Europe/Paris", Granularity::Day);
    let json = serde_json::to_string(&b).unwrap();
    assert_eq!(json, r#"{"label":"2026-02-01","start":"2026-01-31T23:00:00Z","end":"2026-02-01T23:00:00Z"}"#);
    assert_eq!(serde_json::from_str::<Bucket>(&json).unwrap(), b);
    assert!(b.contains(b.start));
    assert!(!b.contains(b.end));
}

#[test]
fn extreme_instants_error_instead_of_panicking() {
    for g in [Granularity::Day, Granularity::Week, Granularity::Month, Granularity::Quarter, Granularity::Year] {
        for zone in ["UTC", "Pacific/Kiritimati", "Etc/GMT+12"] {
            let max = bucket_of(DateTime::<Utc>::MAX_UTC, tz(zone), g);
            assert!(max.is_err() || max.unwrap().contains(DateTime::<Utc>::MAX_UTC));
            let min = bucket_of(DateTime::<Utc>::MIN_UTC, tz(zone), g);
            assert!(min.is_err() || min.unwrap().contains(DateTime::<Utc>::MIN_UTC));
        }
    }
    let err = bucket_of(DateTime::<Utc>::MAX_UTC, Timezone::UTC, Granularity::Year).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Overflow);
}

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Paris",
    "America/Los_Angeles",
    "America/Santiago",
    "America/Havana",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Asia/Tehran",
    "Pacific/Apia",
    "Pacific/Chatham",
    "Africa/Casablanca",
];

const GRANULARITIES: &[Granularity] =
    &[Granularity::Day, Granularity::Week, Granularity::Month, Granularity::Quarter, Granularity::Year];

proptest! {
    #[test]
    fn bucket_contains_instant_and_chains(
        secs in 0i64..4_102_444_800, // 1970..2100
        zone in 0usize..ZONES.len(),
        g in 0usize..GRANULARITIES.len(),
    ) {
        let at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        let zone = tz(ZONES[zone]);
        let g = GRANULARITIES[g];
        let b = bucket_of(at, zone, g).unwrap();
        prop_assert!(b.contains(at), "{b:?} does not contain {at}");
        prop_assert_eq!(&bucket_of(b.start, zone, g).unwrap(), &b);
        prop_assert_eq!(&bucket_of(b.end - Duration::seconds(1), zone, g).unwrap(), &b);
        let next = next_bucket(&b, zone, g).unwrap();
        prop_assert_eq!(next.start, b.end);
        prop_assert!(next.label > b.label, "{} then {}", b.label, next.label);
    }
}
