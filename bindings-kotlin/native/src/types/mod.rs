//! The core's types mirrored for uniffi (`#[uniffi::remote(Record)]` / `#[uniffi::remote(Enum)]`:
//! each definition repeats the core's exactly), split by area, plus the few records the binding owns
//! (batch requests and results, currency info, order totals). Every item has a Kotlin doc.

pub mod affiliates;
pub mod codes;
pub mod events;
pub mod invitations;
pub mod ledger;
pub mod money;
pub mod orders;
pub mod payouts;
pub mod quotes;
pub mod reports;
pub mod sales;
pub mod time;
pub mod webhooks;

#[cfg(test)]
mod records_match_the_core;
