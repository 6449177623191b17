//! What the bindings' batch calls share, so that they behave the same in every language and hold no
//! logic of their own: order lines given as columns (one row per line, as a data frame or a SQL
//! result has them) become orders, and each order is quoted on its own, its failure its own.
//!
//! Rows with the same order id, one after the other, form one order; its lines are numbered `1`,
//! `2`, ... in row order, and all its rows must name the same affiliate. Prices are decimals, or
//! whole minor units of the plan's currency (`1999` is 19.99 EUR).
//!
//! A batch of commands (`track_many`) is answered row by row too: a command the host gave in a shape
//! the core cannot read is its row's error, as is one the program rejects ([`execute_rows`]).
//!
//! [`arguments`] reads what the hosts pass as JSON (commands, orders, contexts, policies, ...) with
//! typed errors naming the offending field, so that a malformed field is the same error, with the
//! same path, in every language.

pub mod arguments;
mod batch;

pub use batch::{execute_rows, quote_many, to_minor_units, BatchOrder, LineColumns, QuotedOrder, UnitPrices};
