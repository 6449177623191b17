//! Calendar buckets of reports (mirrors).

use affiliate_kit::time::{Bucket, Granularity};

use crate::custom::Timestamp;

/// The size of a calendar bucket.
#[uniffi::remote(Enum)]
pub enum Granularity {
    /// A calendar day, labelled `2026-02-01`.
    Day,
    /// An ISO 8601 week from Monday, labelled `2026-W05`.
    Week,
    /// A calendar month, labelled `2026-02`.
    Month,
    /// A calendar quarter, labelled `2026-Q1`.
    Quarter,
    /// A calendar year, labelled `2026`.
    Year,
}

/// A calendar bucket: its label and the half-open UTC interval `[start, end)`.
#[uniffi::remote(Record)]
pub struct Bucket {
    /// The label.
    pub label: String,
    /// The first instant of the bucket.
    pub start: Timestamp,
    /// The first instant after the bucket.
    pub end: Timestamp,
}
