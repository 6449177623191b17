//! Calendar buckets of reports in a timezone (a `Timezone` is an IANA name; an unknown one is
//! `InvalidConfig`).

use affiliate_kit::time::{self, Bucket, Granularity, Timezone};

use crate::custom::Timestamp;
use crate::error::Result;

/// `Timezone::parse`: the zone's canonical IANA name.
#[uniffi::export]
pub fn timezone(name: String) -> Result<String> {
    Ok(Timezone::parse(&name)?.name().to_string())
}

/// `time::bucket_of`: the bucket holding `at`.
#[uniffi::export]
pub fn bucket_of(at: Timestamp, timezone: Timezone, granularity: Granularity) -> Result<Bucket> {
    Ok(time::bucket_of(at, timezone, granularity)?)
}

/// `time::next_bucket`: the bucket after `bucket`.
#[uniffi::export]
pub fn next_bucket(bucket: Bucket, timezone: Timezone, granularity: Granularity) -> Result<Bucket> {
    Ok(time::next_bucket(&bucket, timezone, granularity)?)
}

/// `time::buckets_between`: every bucket overlapping `[from, to)`, in order.
#[uniffi::export]
pub fn buckets_between(
    from: Timestamp,
    to: Timestamp,
    timezone: Timezone,
    granularity: Granularity,
) -> Result<Vec<Bucket>> {
    Ok(time::buckets_between(from, to, timezone, granularity)?)
}
