//! Commission plans and one-order quotes.

use affiliate_kit::input;
use affiliate_kit::plan::{self, Order};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::json;

/// A validated commission plan.
#[wasm_bindgen]
pub struct Plan(plan::Plan);

#[wasm_bindgen]
impl Plan {
    /// `Plan::from_json`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> Result<Plan> {
        Ok(Plan(plan::Plan::from_json(json)?))
    }

    /// `Plan::currency`: the plan's currency code.
    pub fn currency(&self) -> String {
        self.0.currency().code().to_string()
    }

    /// `Plan::quote`: the quote, with its explanation, as JSON.
    pub fn quote(&self, order_json: &str, context_json: &str) -> Result<String> {
        let order = Order::from_json(order_json)?;
        json(&self.0.quote(&order, &input::quote_context(context_json)?)?)
    }
}

#[cfg(feature = "full")]
#[wasm_bindgen]
impl Plan {
    /// `Plan::to_json`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// `Order::from_json` (validated) and its totals, as JSON `{order, lines_net, subtotal}`.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = orderTotals)]
pub fn order_totals(order_json: &str) -> Result<String> {
    let order = Order::from_json(order_json)?;
    json(&Totals { lines_net: order.lines_net()?.to_string(), subtotal: order.subtotal()?.to_string(), order })
}

/// The answer of [`order_totals`].
#[cfg(feature = "full")]
#[derive(serde::Serialize)]
struct Totals {
    order: Order,
    lines_net: String,
    subtotal: String,
}
