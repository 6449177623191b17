//! Calendar buckets of reports, in a time zone.

use affiliate_kit::host::arguments;
use affiliate_kit::time::{self, Timezone};
use pyo3::prelude::*;

use crate::error::Result;
use crate::text::{at, json};

/// `Timezone::parse`: the zone's canonical name.
#[pyfunction]
fn timezone(name: &str) -> Result<&'static str> {
    Ok(Timezone::parse(name)?.name())
}

/// `bucket_of`, as JSON.
#[pyfunction]
fn bucket_of(at_: &str, timezone: &str, granularity: &str) -> Result<String> {
    let g = arguments::granularity("granularity", granularity)?;
    json(&time::bucket_of(at("at", at_)?, Timezone::parse(timezone)?, g)?)
}

/// `next_bucket`, as JSON.
#[pyfunction]
fn next_bucket(bucket_json: &str, timezone: &str, granularity: &str) -> Result<String> {
    let g = arguments::granularity("granularity", granularity)?;
    json(&time::next_bucket(&arguments::bucket(bucket_json)?, Timezone::parse(timezone)?, g)?)
}

/// `buckets_between`, as JSON (a list).
#[pyfunction]
fn buckets_between(from_: &str, to: &str, timezone: &str, granularity: &str) -> Result<String> {
    let g = arguments::granularity("granularity", granularity)?;
    json(&time::buckets_between(at("from", from_)?, at("to", to)?, Timezone::parse(timezone)?, g)?)
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(timezone, m)?)?;
    m.add_function(wrap_pyfunction!(bucket_of, m)?)?;
    m.add_function(wrap_pyfunction!(next_bucket, m)?)?;
    m.add_function(wrap_pyfunction!(buckets_between, m)?)?;
    Ok(())
}
