//! WebAssembly binding of affiliate-kit: the core's verbs, taking and returning JSON text and plain
//! strings. The JavaScript package (`js/`) converts JS values to and from these and turns failures
//! into `Error` subclasses with a `code`; nothing here decides anything.
//!
//! Two builds from this crate: the `checkout` feature (codes, incentive previews, one-order quotes)
//! and the `full` feature (everything the core offers).

mod codes;
mod error;
mod plans;
mod text;

#[cfg(feature = "full")]
mod codes_full;
#[cfg(feature = "full")]
mod money;
#[cfg(feature = "full")]
mod periods;
#[cfg(feature = "full")]
mod program;
#[cfg(feature = "full")]
mod webhooks;
