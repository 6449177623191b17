//! The binding's batch quote request and result, and order totals.

use affiliate_kit::plan::{Order, QuoteContext};
use rust_decimal::Decimal;

/// One order of `Plan.quoteMany`, with its context.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuoteRequest {
    /// The order.
    pub order: Order,
    /// Its quote context.
    pub context: QuoteContext,
}

/// The result of one request of `Plan.quoteMany`: its quote, or the error that refused it (the
/// other requests are quoted all the same, as in `Program.trackMany`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct QuoteResult {
    /// The quote, when the request could be quoted.
    pub quote: Option<affiliate_kit::plan::Quote>,
    /// The error, when it could not.
    pub error: Option<crate::types::sales::ErrorInfo>,
}

/// An order as the core reads it (validated), with its totals.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrderTotals {
    /// The order.
    pub order: Order,
    /// Sum of the lines' net amounts, before the order discount.
    pub lines_net: Decimal,
    /// Line amounts after line and order discounts, before tax and shipping.
    pub subtotal: Decimal,
}
