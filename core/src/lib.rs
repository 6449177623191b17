//! # affiliate-kit
//!
//! An embeddable affiliate program engine. This crate is the pure core: decimal [`money`],
//! referral [`codes`], commission [`plan`]s evaluated into quotes, and the stateful
//! [`program::Program`] (affiliates, invitations, attribution, the commission ledger, payouts, events,
//! reports in a [`time`]zone, snapshots) with [`webhook`] signing. It does no I/O, reads no clock and
//! uses no global randomness: callers pass timestamps and seeds.
//!
//! ```
//! use affiliate_kit::plan::{Order, Plan, QuoteContext};
//!
//! let plan = Plan::from_json(r#"{
//!     "currency": "EUR",
//!     "rules": [{"id": "default", "target": {"type": "program"},
//!                "commission": "percentage", "rate": "15"}]
//! }"#)?;
//! let order = Order::from_json(r#"{"id": "o1", "currency": "EUR",
//!     "lines": [{"id": "l1", "product": "p1", "quantity": 1, "unit_price": "199.99"}]}"#)?;
//! let quote = plan.quote(&order, &QuoteContext::new("aff_1", "2026-05-01T10:00:00Z".parse()?))?;
//! assert_eq!(quote.total.amount.to_string(), "30.00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod codes;
mod error;
pub mod host;
pub mod money;
mod names;
pub mod plan;
pub mod program;
pub mod time;
pub mod webhook;

/// This library's version (durable stores record it with every journal row).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use error::{DetailInfo, DetailType, DetailValue, Error, ErrorKind, Failure, Family, KindInfo, Result};
/// The host's JSON arguments read with typed errors, by its former name: [`host::arguments`].
pub use host::arguments as input;
pub use money::{Currency, Money, RoundingMode};
