//! Calendar buckets (day, ISO week, month, quarter, year) in a program's IANA timezone.
//!
//! A bucket is a half-open UTC interval `[start, end)` whose bounds are local midnights converted
//! to UTC, so days are 23 or 25 hours long across DST changes. When a local midnight does not
//! exist (a DST gap at midnight, as in `America/Santiago`), the bucket starts at the first instant
//! that exists after it; when it is ambiguous, at the earliest of its instants.
//!
//! ```
//! use affiliate_kit::time::{bucket_of, Granularity, Timezone};
//!
//! let paris = Timezone::parse("Europe/Paris")?;
//! let day = bucket_of("2026-01-31T23:30:00Z".parse()?, paris, Granularity::Day)?;
//! assert_eq!(day.label, "2026-02-01");
//! assert_eq!(day.start.to_rfc3339(), "2026-01-31T23:00:00+00:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// The most buckets [`buckets_between`] returns.
pub const MAX_BUCKETS: usize = 100_000;

/// A validated IANA timezone; serializes as its name (`"Europe/Paris"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timezone(chrono_tz::Tz);

impl Timezone {
    /// Coordinated Universal Time, the default.
    pub const UTC: Timezone = Timezone(chrono_tz::Tz::UTC);

    /// Parses an IANA timezone name such as `"Europe/Paris"` (exact spelling, case-sensitive).
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] at `timezone` when the name is unknown.
    pub fn parse(name: &str) -> Result<Timezone> {
        name.parse::<chrono_tz::Tz>().map(Timezone).map_err(|_| Error::config("timezone", unknown_reason(name)))
    }

    /// The IANA name of this timezone, e.g. `"Europe/Paris"`.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    /// The underlying `chrono_tz` timezone.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }
}

fn unknown_reason(name: &str) -> String {
    format!("unknown timezone {name:?}: expected an IANA name such as \"Europe/Paris\"")
}

impl Default for Timezone {
    fn default() -> Self {
        Timezone::UTC
    }
}

impl fmt::Display for Timezone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Timezone {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Timezone::parse(s)
    }
}

impl From<chrono_tz::Tz> for Timezone {
    fn from(tz: chrono_tz::Tz) -> Self {
        Timezone(tz)
    }
}

/// A timezone is its IANA name in JSON.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timezone {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timezone".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "description": "An IANA timezone name, e.g. `Europe/Paris`."})
    }
}

impl Serialize for Timezone {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Timezone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct NameVisitor;

        impl serde::de::Visitor<'_> for NameVisitor {
            type Value = Timezone;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an IANA timezone name such as \"Europe/Paris\"")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Timezone, E> {
                v.parse::<chrono_tz::Tz>().map(Timezone).map_err(|_| E::custom(unknown_reason(v)))
            }
        }

        deserializer.deserialize_str(NameVisitor)
    }
}

/// The size of a calendar bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// A calendar day, labelled `2026-02-01`.
    Day,
    /// An ISO 8601 week starting on Monday, labelled `2026-W05` with its ISO week-numbering year.
    Week,
    /// A calendar month, labelled `2026-02`.
    Month,
    /// A calendar quarter, labelled `2026-Q1`.
    Quarter,
    /// A calendar year, labelled `2026`.
    Year,
}

/// A calendar bucket: its label and the half-open UTC interval `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Bucket {
    /// The label: `2026-02-01`, `2026-W05`, `2026-02`, `2026-Q1` or `2026`.
    pub label: String,
    /// The first instant of the bucket (its local midnight, in UTC).
    pub start: DateTime<Utc>,
    /// The first instant after the bucket (the next bucket's start).
    pub end: DateTime<Utc>,
}

impl Bucket {
    /// Whether `at` lies in `[start, end)`.
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.start <= at && at < self.end
    }
}

/// The first local day of the bucket containing `at` in `tz` (what tells buckets apart, without
/// their label and bounds).
///
/// # Errors
/// [`Error::Overflow`] when the local date leaves chrono's representable range.
pub fn bucket_first_day(at: DateTime<Utc>, tz: Timezone, granularity: Granularity) -> Result<NaiveDate> {
    let utc = at.naive_utc();
    let offset = tz.0.offset_from_utc_datetime(&utc).fix();
    let local = utc.checked_add_offset(offset).ok_or_else(|| Error::overflow("bucket local date"))?;
    first_day(local.date(), granularity)
}

/// The bucket containing `at` in `tz`.
///
/// # Errors
/// [`Error::Overflow`] when the bucket's bounds leave chrono's representable range.
pub fn bucket_of(at: DateTime<Utc>, tz: Timezone, granularity: Granularity) -> Result<Bucket> {
    let first = bucket_first_day(at, tz, granularity)?;
    let next = next_first_day(first, granularity)?;
    Ok(Bucket { label: label(first, granularity), start: local_midnight(tz, first)?, end: local_midnight(tz, next)? })
}

/// The bucket after `bucket` (the one containing `bucket.end`), for filling empty buckets in reports.
///
/// # Errors
/// [`Error::Overflow`] when the bucket's bounds leave chrono's representable range.
pub fn next_bucket(bucket: &Bucket, tz: Timezone, granularity: Granularity) -> Result<Bucket> {
    bucket_of(bucket.end, tz, granularity)
}

/// Every bucket overlapping `[from, to)`, in order; empty when `from >= to`.
///
/// # Errors
/// [`Error::LimitExceeded`] when more than [`MAX_BUCKETS`] buckets would be returned;
/// [`Error::Overflow`] when a bound leaves chrono's representable range.
pub fn buckets_between(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Timezone,
    granularity: Granularity,
) -> Result<Vec<Bucket>> {
    let mut buckets = Vec::new();
    if from >= to {
        return Ok(buckets);
    }
    let mut bucket = bucket_of(from, tz, granularity)?;
    loop {
        if buckets.len() >= MAX_BUCKETS {
            return Err(Error::limit(format!(
                "more than {MAX_BUCKETS} {granularity:?} buckets between {from} and {to}"
            )));
        }
        let more = bucket.end < to;
        if !more {
            buckets.push(bucket);
            return Ok(buckets);
        }
        let next = next_bucket(&bucket, tz, granularity)?;
        if next.start <= bucket.start {
            return Err(Error::overflow("buckets_between (no progress)"));
        }
        buckets.push(bucket);
        bucket = next;
    }
}

/// The first local day of the bucket containing `date`.
fn first_day(date: NaiveDate, granularity: Granularity) -> Result<NaiveDate> {
    let first = match granularity {
        Granularity::Day => Some(date),
        Granularity::Week => date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday()))),
        Granularity::Month => date.with_day(1),
        Granularity::Quarter => NaiveDate::from_ymd_opt(date.year(), date.month0() / 3 * 3 + 1, 1),
        Granularity::Year => NaiveDate::from_ymd_opt(date.year(), 1, 1),
    };
    first.ok_or_else(|| Error::overflow("bucket start date"))
}

/// The first local day of the bucket after the one starting on `first`.
fn next_first_day(first: NaiveDate, granularity: Granularity) -> Result<NaiveDate> {
    let next = match granularity {
        Granularity::Day => first.checked_add_days(Days::new(1)),
        Granularity::Week => first.checked_add_days(Days::new(7)),
        Granularity::Month => first.checked_add_months(Months::new(1)),
        Granularity::Quarter => first.checked_add_months(Months::new(3)),
        Granularity::Year => first.checked_add_months(Months::new(12)),
    };
    next.ok_or_else(|| Error::overflow("bucket end date"))
}

fn label(first: NaiveDate, granularity: Granularity) -> String {
    match granularity {
        Granularity::Day => format!("{:04}-{:02}-{:02}", first.year(), first.month(), first.day()),
        Granularity::Week => {
            let week = first.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        Granularity::Month => format!("{:04}-{:02}", first.year(), first.month()),
        Granularity::Quarter => format!("{:04}-Q{}", first.year(), first.month0() / 3 + 1),
        Granularity::Year => format!("{:04}", first.year()),
    }
}

/// The longest DST gap searched for the first existing instant after a missing midnight.
const MAX_GAP_MINUTES: i64 = 48 * 60;

/// Local midnight starting `date` in `tz`, in UTC: the earliest instant when ambiguous, the first
/// existing instant after it when it falls in a gap.
fn local_midnight(tz: Timezone, date: NaiveDate) -> Result<DateTime<Utc>> {
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    if let Some(at) = earliest(tz, &midnight) {
        return Ok(at);
    }
    // In a gap: find the first existing minute, then step back to the first existing second
    // (transitions fall on whole seconds).
    for minute in 1..=MAX_GAP_MINUTES {
        let candidate = midnight
            .checked_add_signed(TimeDelta::minutes(minute))
            .ok_or_else(|| Error::overflow("bucket start instant"))?;
        let Some(mut found) = earliest(tz, &candidate) else {
            continue;
        };
        for second in 1..60 {
            let before = candidate
                .checked_sub_signed(TimeDelta::seconds(second))
                .ok_or_else(|| Error::overflow("bucket start instant"))?;
            match earliest(tz, &before) {
                Some(at) => found = at,
                None => break,
            }
        }
        return Ok(found);
    }
    Err(Error::overflow("bucket start instant"))
}

/// The earliest UTC instant showing `local` on the wall clock of `tz`, if any.
fn earliest(tz: Timezone, local: &NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.0.from_local_datetime(local) {
        chrono::LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(a, b) => Some(a.with_timezone(&Utc).min(b.with_timezone(&Utc))),
        chrono::LocalResult::None => None,
    }
}
