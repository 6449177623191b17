//! Commission plans (a plan is a document: it crosses as JSON text) and typed quotes.

use std::sync::Arc;

use affiliate_kit::money::Currency;
use affiliate_kit::plan::{self, Order, Quote, QuoteContext};

use crate::custom::Timestamp;
use crate::error::Result;
use crate::types::orders::{OrderTotals, QuoteRequest, QuoteResult};

/// A validated commission plan (Kotlin: `Plan(json)` or `Plan.fromJson(json)`).
#[derive(Debug, uniffi::Object)]
pub struct Plan(pub(crate) plan::Plan);

#[uniffi::export]
impl Plan {
    /// `Plan::from_json`: parses and validates a plan; errors are `InvalidPlan` naming the path.
    #[uniffi::constructor]
    pub fn new(json: String) -> Result<Self> {
        Ok(Plan(plan::Plan::from_json(&json)?))
    }

    /// `Plan::from_json`, as a named constructor.
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>> {
        Ok(Arc::new(Plan(plan::Plan::from_json(&json)?)))
    }

    /// `Plan::to_json`: the plan document.
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// `Plan::currency`.
    pub fn currency(&self) -> Currency {
        self.0.currency()
    }

    /// `Plan::quote`: what the order earns in this context, with its explanation; `explain = false`:
    /// the same amounts, faster, with empty summaries and without the rules each winner beat or
    /// skipped (`Plan::quote_amounts`).
    #[uniffi::method(default(explain = true))]
    pub fn quote(&self, order: Order, context: QuoteContext, explain: bool) -> Result<Quote> {
        let detail = if explain { plan::Detail::Explained } else { plan::Detail::Amounts };
        Ok(self.0.quote_with(&order, &context, detail)?)
    }

    /// `Plan::quote` of each request, in order: a request that cannot be quoted is its row's error,
    /// the others are quoted (as `Program.trackMany` does).
    pub fn quote_many(&self, requests: Vec<QuoteRequest>) -> Vec<QuoteResult> {
        let result = |r: &QuoteRequest| match self.0.quote(&r.order, &r.context) {
            Ok(quote) => QuoteResult { quote: Some(quote), error: None },
            Err(e) => QuoteResult { quote: None, error: Some(e.into()) },
        };
        requests.iter().map(result).collect()
    }
}

/// `QuoteContext::new`: a context for `affiliate` at `at` (returning customer, first payment, no
/// volume yet, half-up); adjust it with `copy(...)`.
#[uniffi::export]
pub fn quote_context(affiliate: String, at: Timestamp) -> Result<QuoteContext> {
    Ok(QuoteContext::new(affiliate, at))
}

/// `Order::validate`, then the order's totals (`Order::lines_net`, `Order::subtotal`).
#[uniffi::export]
pub fn order_totals(order: Order) -> Result<OrderTotals> {
    order.validate()?;
    Ok(OrderTotals { lines_net: order.lines_net()?, subtotal: order.subtotal()?, order })
}
