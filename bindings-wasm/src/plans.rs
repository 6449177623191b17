//! Commission plans and one-order quotes.

use affiliate_kit::host::arguments;
use affiliate_kit::plan::{self, Order};
use wasm_bindgen::prelude::*;

use crate::error::Result;
use crate::text::{at, json, rounding};
use affiliate_kit::{host, money};

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

    /// `Plan::quote` as JSON, with its explanation unless `explain` is false (`Plan::quote_amounts`).
    pub fn quote(&self, order_json: &str, context_json: &str, explain: Option<bool>) -> Result<String> {
        let order = Order::from_json(order_json)?;
        let detail = if explain.unwrap_or(true) { plan::Detail::Explained } else { plan::Detail::Amounts };
        json(&self.0.quote_with(&order, &arguments::quote_context(context_json)?, detail)?)
    }
}

#[wasm_bindgen]
impl Plan {
    /// `Plan::to_json`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// `host::quote_many` of order-line columns (the JSON of [`Columns`]) at `at`: one JSON row per
    /// order, `{order_id, affiliate, total}` or `{order_id, affiliate, error}` (the core's failure).
    #[wasm_bindgen(js_name = quoteMany)]
    pub fn quote_many(&self, columns_json: &str, at_: &str, rounding_: Option<String>) -> Result<String> {
        let columns: Columns = serde_json::from_str(columns_json)
            .map_err(|e| affiliate_kit::Error::InvalidInput { field: "columns".into(), reason: e.to_string() })?;
        let unit_prices =
            columns.unit_prices.iter().map(|p| money::parse_decimal(p)).collect::<affiliate_kit::Result<_>>()?;
        let columns = host::LineColumns {
            order_ids: columns.order_ids,
            affiliates: columns.affiliates,
            products: columns.products,
            categories: columns.categories,
            quantities: columns.quantities,
            unit_prices: host::UnitPrices::Decimal(unit_prices),
        };
        let quoted = host::quote_many(&self.0, &columns, at("at", at_)?, rounding("rounding", rounding_)?)?;
        let rows: Vec<QuotedRow<'_>> = quoted
            .iter()
            .map(|q| QuotedRow {
                order_id: &q.order_id,
                affiliate: &q.affiliate,
                total: q.total.as_ref().ok().map(ToString::to_string),
                error: q.total.as_ref().err().map(affiliate_kit::Error::failure),
            })
            .collect();
        json(&rows)
    }
}

/// Order lines as columns, as JavaScript gives them (prices as decimal strings).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Columns {
    order_ids: Vec<String>,
    affiliates: Vec<String>,
    products: Vec<String>,
    #[serde(default)]
    categories: Option<Vec<Option<String>>>,
    quantities: Vec<i64>,
    unit_prices: Vec<String>,
}

/// One order of [`Plan::quote_many`]'s answer.
#[derive(serde::Serialize)]
struct QuotedRow<'a> {
    order_id: &'a str,
    affiliate: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<affiliate_kit::Failure<'a>>,
}

/// `Order::from_json` (validated) and its totals, as JSON `{order, lines_net, subtotal}`.
#[wasm_bindgen(js_name = orderTotals)]
pub fn order_totals(order_json: &str) -> Result<String> {
    let order = Order::from_json(order_json)?;
    json(&Totals { lines_net: order.lines_net()?.to_string(), subtotal: order.subtotal()?.to_string(), order })
}

/// The answer of [`order_totals`].
#[derive(serde::Serialize)]
struct Totals {
    order: Order,
    lines_net: String,
    subtotal: String,
}
