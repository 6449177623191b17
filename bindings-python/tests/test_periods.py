"""Calendar buckets in an IANA time zone, with the expectations of core/tests/time_buckets.rs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone as dt_timezone
from typing import List

import pytest

from affiliate_kit import (
    InvalidConfigError,
    InvalidInputError,
    LimitExceededError,
    bucket_of,
    buckets_between,
    next_bucket,
    timezone,
)
from affiliate_kit.types import Bucket

PARIS = "Europe/Paris"


def t(text: str) -> datetime:
    """An RFC 3339 UTC instant ("2026-01-31T23:30:00Z")."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def assert_bucket(bucket: Bucket, label: str, start: str, end: str) -> None:
    assert (bucket.label, bucket.start, bucket.end) == (label, t(start), t(end))


def labels(buckets: List[Bucket]) -> List[str]:
    return [b.label for b in buckets]


def test_paris_day_and_month_cross_the_utc_date() -> None:
    # 23:30 UTC on 31 January is 00:30 on 1 February in Paris (UTC+1).
    at = t("2026-01-31T23:30:00Z")
    assert_bucket(bucket_of(at, PARIS, "day"), "2026-02-01", "2026-01-31T23:00:00Z", "2026-02-01T23:00:00Z")
    assert_bucket(bucket_of(at, PARIS, "month"), "2026-02", "2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z")
    assert bucket_of(at, "UTC", "month").label == "2026-01"
    # The same instant given with a +01:00 offset is the same bucket.
    local = datetime(2026, 2, 1, 0, 30, tzinfo=dt_timezone(timedelta(hours=1)))
    assert bucket_of(local, PARIS, "day") == bucket_of(at, PARIS, "day")


def test_paris_spring_day_has_23_hours() -> None:
    day = bucket_of(t("2026-03-29T12:00:00Z"), PARIS, "day")
    assert_bucket(day, "2026-03-29", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")
    assert day.end - day.start == timedelta(hours=23)
    assert bucket_of(t("2026-03-29T21:59:59Z"), PARIS, "day").label == "2026-03-29"
    following = next_bucket(day, PARIS, "day")
    assert_bucket(following, "2026-03-30", "2026-03-29T22:00:00Z", "2026-03-30T22:00:00Z")
    assert bucket_of(t("2026-03-29T22:00:00Z"), PARIS, "day") == following


def test_paris_autumn_day_has_25_hours() -> None:
    day = bucket_of(t("2026-10-25T12:00:00Z"), PARIS, "day")
    assert_bucket(day, "2026-10-25", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z")
    assert day.end - day.start == timedelta(hours=25)
    # Both occurrences of 02:30 local belong to that day.
    assert bucket_of(t("2026-10-25T00:30:00Z"), PARIS, "day") == day
    assert bucket_of(t("2026-10-25T01:30:00Z"), PARIS, "day") == day


def test_los_angeles_month_starts_in_pst_and_ends_in_pdt() -> None:
    la = "America/Los_Angeles"
    assert bucket_of(t("2026-03-01T07:59:59Z"), la, "month").label == "2026-02"
    march = bucket_of(t("2026-03-01T08:00:00Z"), la, "month")
    assert_bucket(march, "2026-03", "2026-03-01T08:00:00Z", "2026-04-01T07:00:00Z")
    assert_bucket(next_bucket(march, la, "month"), "2026-04", "2026-04-01T07:00:00Z", "2026-05-01T07:00:00Z")


def test_iso_weeks_quarters_and_years() -> None:
    # 2026-01-01 is a Thursday: ISO week 1 starts Monday 2025-12-29 (23:00 UTC the day before).
    assert_bucket(bucket_of(t("2026-01-01T12:00:00Z"), PARIS, "week"), "2026-W01",
                  "2025-12-28T23:00:00Z", "2026-01-04T23:00:00Z")
    w53 = bucket_of(t("2027-01-01T12:00:00Z"), PARIS, "week")
    assert_bucket(w53, "2026-W53", "2026-12-27T23:00:00Z", "2027-01-03T23:00:00Z")
    assert next_bucket(w53, PARIS, "week").label == "2027-W01"
    # The week of the spring change is 167 hours long.
    dst_week = bucket_of(t("2026-03-29T12:00:00Z"), PARIS, "week")
    assert_bucket(dst_week, "2026-W13", "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z")
    assert dst_week.end - dst_week.start == timedelta(hours=167)
    q4 = bucket_of(t("2026-12-31T22:59:59Z"), PARIS, "quarter")
    assert_bucket(q4, "2026-Q4", "2026-09-30T22:00:00Z", "2026-12-31T23:00:00Z")
    assert_bucket(next_bucket(q4, PARIS, "quarter"), "2027-Q1", "2026-12-31T23:00:00Z", "2027-03-31T22:00:00Z")
    assert_bucket(bucket_of(t("2026-12-31T23:30:00Z"), PARIS, "year"), "2027",
                  "2026-12-31T23:00:00Z", "2027-12-31T23:00:00Z")


def test_buckets_between_days_across_the_spring_change() -> None:
    days = buckets_between(t("2026-03-28T00:00:00Z"), t("2026-04-01T00:00:00Z"), PARIS, "day")
    assert labels(days) == ["2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31", "2026-04-01"]
    assert [(b.end - b.start) // timedelta(hours=1) for b in days] == [24, 23, 24, 24, 24]
    assert all(a.end == b.start for a, b in zip(days, days[1:]))


def test_buckets_between_months_across_dst() -> None:
    months = buckets_between(t("2026-01-15T00:00:00Z"), t("2026-05-10T00:00:00Z"), PARIS, "month")
    assert labels(months) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]
    # March starts at UTC+1 and ends at UTC+2.
    assert (months[2].start, months[2].end) == (t("2026-02-28T23:00:00Z"), t("2026-03-31T22:00:00Z"))
    assert all(a.end == b.start for a, b in zip(months, months[1:]))


def test_buckets_between_edges() -> None:
    at = t("2026-03-01T10:00:00Z")
    assert buckets_between(at, at, PARIS, "day") == []
    assert buckets_between(at, at - timedelta(days=3), PARIS, "day") == []
    assert labels(buckets_between(at, at + timedelta(seconds=1), PARIS, "year")) == ["2026"]
    # A range ending exactly at a bucket start excludes that bucket.
    days = buckets_between(t("2026-03-01T23:00:00Z"), t("2026-03-03T23:00:00Z"), PARIS, "day")
    assert labels(days) == ["2026-03-02", "2026-03-03"]


def test_buckets_between_limit() -> None:
    start = t("2000-01-01T00:00:00Z")
    assert len(buckets_between(start, start + timedelta(days=100_000), "UTC", "day")) == 100_000
    with pytest.raises(LimitExceededError):
        buckets_between(start, start + timedelta(days=100_001), "UTC", "day")
    assert len(buckets_between(start, start + timedelta(days=100_001), "UTC", "year")) == 274


def test_skipped_day_and_midnight_gap() -> None:
    # Samoa skipped 2011-12-30 entirely.
    apia = buckets_between(t("2011-12-29T12:00:00Z"), t("2011-12-31T12:00:00Z"), "Pacific/Apia", "day")
    assert labels(apia) == ["2011-12-29", "2011-12-31", "2012-01-01"]
    # Chile springs forward at midnight: the day starts at the first instant that exists (01:00 -03).
    santiago = bucket_of(t("2026-09-06T12:00:00Z"), "America/Santiago", "day")
    assert_bucket(santiago, "2026-09-06", "2026-09-06T04:00:00Z", "2026-09-07T03:00:00Z")


def test_timezones_and_bad_arguments() -> None:
    assert timezone(PARIS) == PARIS
    assert timezone("UTC") == "UTC"
    for bad in ("Mars/Olympus", "europe/paris", ""):
        with pytest.raises(InvalidConfigError) as error:
            timezone(bad)
        assert error.value.path == "timezone"
    with pytest.raises(InvalidConfigError, match="Mars/Olympus"):
        bucket_of(t("2026-01-01T00:00:00Z"), "Mars/Olympus", "day")
    with pytest.raises(InvalidInputError) as invalid:
        bucket_of(t("2026-01-01T00:00:00Z"), PARIS, "fortnight")  # type: ignore[arg-type]
    assert invalid.value.path == "granularity"
    with pytest.raises(ValueError, match=r"^at: naive datetime refused"):
        bucket_of(datetime(2026, 1, 1), PARIS, "day")
    with pytest.raises(ValueError, match=r"^from: naive datetime refused"):
        buckets_between(datetime(2026, 1, 1), t("2026-01-02T00:00:00Z"), PARIS, "day")
    with pytest.raises(TypeError, match=r"^timezone: expected str, got NoneType$"):
        bucket_of(t("2026-01-01T00:00:00Z"), None, "day")  # type: ignore[arg-type]
