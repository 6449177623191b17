//! Commission plans and one-order quotes.

use affiliate_kit::host::arguments;
use affiliate_kit::plan::{self, Detail, Order, QuoteContext};
use pyo3::prelude::*;

use crate::error::{Error, Result};
use crate::objects::{to_python, Shape};
use crate::reading::read;
use crate::text::json;

/// A validated commission plan.
#[pyclass(module = "affiliate_kit._native", frozen)]
pub struct Plan(pub plan::Plan);

#[pymethods]
impl Plan {
    /// `Plan::from_json`.
    #[staticmethod]
    fn from_json(json: &str) -> Result<Plan> {
        Ok(Plan(plan::Plan::from_json(json)?))
    }

    /// `Plan::to_json`.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// `Plan::currency`.
    fn currency(&self) -> &'static str {
        self.0.currency().code()
    }

    /// `Plan::quote`: the quote, with its explanation, as JSON.
    fn quote(&self, order_json: &str, context_json: &str) -> Result<String> {
        let order = Order::from_json(order_json)?;
        json(&self.0.quote(&order, &arguments::quote_context(context_json)?)?)
    }

    /// `Plan::quote` (with `explain`) or `Plan::quote_amounts`, built as the record of `shape`.
    #[pyo3(signature = (order_json, context_json, shape, explain = true))]
    fn quote_into(
        &self,
        py: Python<'_>,
        order_json: &str,
        context_json: &str,
        shape: &Shape,
        explain: bool,
    ) -> PyResult<Py<PyAny>> {
        let order = Order::from_json(order_json).map_err(Error::from)?;
        let context = arguments::quote_context(context_json).map_err(Error::from)?;
        let quote = self.0.quote_with(&order, &context, detail(explain)).map_err(Error::from)?;
        to_python(py, &quote, shape)
    }

    /// `quote_into` of an order and a context given as Python values (read by `reading`), or
    /// `NotImplemented` when they cannot be read that way: the package then passes them as JSON,
    /// which answers exactly as before (errors included).
    #[pyo3(signature = (order, context, shape, explain = true))]
    fn quote_values_into(
        &self,
        py: Python<'_>,
        order: &Bound<'_, PyAny>,
        context: &Bound<'_, PyAny>,
        shape: &Shape,
        explain: bool,
    ) -> PyResult<Py<PyAny>> {
        let (Ok(order), Ok(context)) = (read::<Order>(order), read::<QuoteContext>(context)) else {
            return Ok(py.NotImplemented().into_any());
        };
        order.validate().map_err(Error::from)?;
        let quote = self.0.quote_with(&order, &context, detail(explain)).map_err(Error::from)?;
        to_python(py, &quote, shape)
    }
}

/// The core's level of detail for a quote: explained, or the amounts alone (`Plan::quote_amounts`).
fn detail(explain: bool) -> Detail {
    if explain {
        Detail::Explained
    } else {
        Detail::Amounts
    }
}

/// `Order::from_json` (validated) and its totals: (the order as the core reads it, lines net, subtotal).
#[pyfunction]
fn order_totals(order_json: &str) -> Result<(String, String, String)> {
    let order = Order::from_json(order_json)?;
    Ok((json(&order)?, order.lines_net()?.to_string(), order.subtotal()?.to_string()))
}

/// Adds this module's functions and classes.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Plan>()?;
    m.add_function(wrap_pyfunction!(order_totals, m)?)?;
    Ok(())
}
