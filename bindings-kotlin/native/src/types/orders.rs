//! Orders and quote contexts (mirrors), and the binding's batch request and order totals.

use affiliate_kit::money::{Currency, RoundingMode};
use affiliate_kit::plan::{Customer, Order, OrderLine, QuoteContext};
use rust_decimal::Decimal;

use crate::custom::Timestamp;

/// An order to quote or track; amounts are decimals in `currency`.
#[uniffi::remote(Record)]
pub struct Order {
    /// The host's order id (idempotency key when tracked).
    pub id: String,
    /// The currency of every amount of the order.
    pub currency: Currency,
    /// The lines; at least one.
    pub lines: Vec<OrderLine>,
    /// Order-level discount, prorated across lines.
    pub discount: Decimal,
    /// Shipping charged.
    pub shipping: Decimal,
    /// Order-level tax.
    pub tax: Decimal,
    /// Who bought.
    #[uniffi(default)]
    pub customer: Customer,
    /// The referral code entered at checkout, if any.
    #[uniffi(default = None)]
    pub code: Option<String>,
}

/// One order line.
#[uniffi::remote(Record)]
pub struct OrderLine {
    /// Line id, unique within the order.
    pub id: String,
    /// Product id.
    pub product: String,
    /// Product category.
    #[uniffi(default = None)]
    pub category: Option<String>,
    /// Units sold; at least 1.
    pub quantity: u32,
    /// Price of one unit, before discounts and tax.
    pub unit_price: Decimal,
    /// Discount on the whole line.
    pub discount: Decimal,
    /// Tax on the line.
    pub tax: Decimal,
}

/// The buyer, as far as commission rules care.
#[uniffi::remote(Record)]
pub struct Customer {
    /// The host's customer id.
    #[uniffi(default = None)]
    pub id: Option<String>,
    /// E-mail (used by a program to detect self-referrals).
    #[uniffi(default = None)]
    pub email: Option<String>,
    /// ISO 3166 alpha-2 country, e.g. `FR`.
    #[uniffi(default = None)]
    pub country: Option<String>,
}

/// Everything a plan's rules need that is not in the order.
#[uniffi::remote(Record)]
pub struct QuoteContext {
    /// The affiliate credited with the order (level 1).
    pub affiliate: String,
    /// The affiliate's group, for group rules.
    #[uniffi(default = None)]
    pub group: Option<String>,
    /// Parents up the referral chain, nearest first.
    #[uniffi(default)]
    pub parents: Vec<String>,
    /// Whether the customer never bought before.
    #[uniffi(default = false)]
    pub new_customer: bool,
    /// The affiliate's number of sales in the plan's period, before this order.
    #[uniffi(default = 0)]
    pub period_sales_count: u32,
    /// The affiliate's revenue in the plan's period, before this order.
    pub period_revenue: Decimal,
    /// Commission the affiliate already earned in the plan's period.
    pub period_earned: Decimal,
    /// Commission the affiliate already earned from this customer.
    pub customer_earned: Decimal,
    /// Which payment of a subscription this is: 1 for the first.
    #[uniffi(default = 1)]
    pub payment_number: u32,
    /// When the subscription's first payment was made.
    #[uniffi(default = None)]
    pub first_payment_at: Option<Timestamp>,
    /// When the order happens.
    pub at: Timestamp,
    /// How commissions are rounded to minor units.
    pub rounding: RoundingMode,
}

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
