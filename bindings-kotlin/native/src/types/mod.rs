//! The types that cross to Kotlin: the core's types mirrored for uniffi (`mirrors.rs`, generated from
//! the description of the core's data by `./scripts/generate`: each restates a core type exactly,
//! with its documentation), and the few records the binding owns (batch requests and results,
//! currency info, order totals, the two records standing for core types with private fields).

pub mod ledger;
pub mod mirrors;
pub mod money;
pub mod orders;
pub mod payouts;
pub mod sales;

#[cfg(test)]
mod records_match_the_core;
