//! Kotlin binding of affiliate-kit (uniffi): the core's types mirrored as uniffi records and enums
//! (`types/`), decimals, currencies and instants as custom types (`custom.rs`), and the core's verbs as
//! one-line exported functions and objects. Nothing here decides anything; a value that fails to
//! convert is the typed error of its kind, never uniffi's internal error.

uniffi::setup_scaffolding!("affiliate_kit");

mod custom;
mod error;
mod money;

pub use error::AffiliateKitError;
