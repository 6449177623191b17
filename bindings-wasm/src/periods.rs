//! Report periods in a timezone (full build).

use affiliate_kit::host::arguments;
use affiliate_kit::time::{self, Timezone};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::{at, json};

/// `Timezone::parse`: the zone's canonical name.
#[wasm_bindgen]
pub fn timezone(name: &str) -> Result<String> {
    Ok(Timezone::parse(name)?.name().to_string())
}

/// `time::bucket_of`: the bucket holding an instant, as JSON.
#[wasm_bindgen(js_name = bucketOf)]
pub fn bucket_of(at_: &str, timezone: &str, granularity: &str) -> Result<String> {
    let g = arguments::granularity("granularity", granularity)?;
    json(&time::bucket_of(at("at", at_)?, Timezone::parse(timezone)?, g)?)
}

/// `time::next_bucket`, as JSON.
#[wasm_bindgen(js_name = nextBucket)]
pub fn next_bucket(bucket_json: &str, timezone: &str, granularity: &str) -> Result<String> {
    let g = arguments::granularity("granularity", granularity)?;
    json(&time::next_bucket(&arguments::bucket(bucket_json)?, Timezone::parse(timezone)?, g)?)
}

/// `time::buckets_between`, as a JSON array.
#[wasm_bindgen(js_name = bucketsBetween)]
pub fn buckets_between(from: &str, to: &str, timezone: &str, granularity: &str) -> Result<String> {
    let g = arguments::granularity("granularity", granularity)?;
    json(&time::buckets_between(at("from", from)?, at("to", to)?, Timezone::parse(timezone)?, g)?)
}
