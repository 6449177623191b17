//! Kotlin binding of affiliate-kit (uniffi): the core's types mirrored as uniffi records and enums
//! (`types/`), decimals, currencies, instants, timezones and characters as custom types
//! (`custom.rs`), and the core's verbs as one-line exported functions and objects (`Plan`,
//! `Program`). Plan documents, program configs and command logs cross as JSON text; everything else
//! is typed, and `json_in.rs` / `json_out.rs` read and write the typed records as the core's JSON.
//! Nothing here decides anything; a value that fails to convert is the typed error of its kind,
//! never uniffi's internal error.

uniffi::setup_scaffolding!("affiliate_kit");

mod codes;
mod custom;
mod error;
mod json_in;
mod json_out;
mod money;
mod periods;
mod plans;
mod program;
mod program_durable;
mod program_reads;
mod types;
mod webhooks;

pub use error::AffiliateKitError;
