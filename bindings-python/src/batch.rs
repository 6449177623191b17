//! `quote_many`: many orders quoted in one call, taken and returned as columns, so that volume never
//! crosses the boundary one Python object at a time. Rows are order lines; consecutive rows with the
//! same order id form one order.

use affiliate_kit::host::{self, LineColumns, UnitPrices};
use affiliate_kit::input;
use affiliate_kit::money::parse_decimal;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::error::Result;
use crate::plans::Plan;
use crate::text::at;

/// A column of integers: a list, or the bytes of a native-endian int64 buffer.
#[derive(FromPyObject)]
enum Ints<'py> {
    Buffer(Bound<'py, PyBytes>),
    List(Vec<i64>),
}

impl Ints<'_> {
    fn into_vec(self) -> Vec<i64> {
        match self {
            Ints::Buffer(b) => b
                .as_bytes()
                .chunks_exact(8)
                .map(|c| i64::from_ne_bytes(<[u8; 8]>::try_from(c).unwrap_or_default()))
                .collect(),
            Ints::List(v) => v,
        }
    }
}

/// Prices: decimal strings, or integer minor units (a list or an int64 buffer).
#[derive(FromPyObject)]
enum Prices<'py> {
    Minor(Ints<'py>),
    Text(Vec<String>),
}

/// Totals in the form the prices came in.
#[derive(IntoPyObject)]
enum Totals {
    Minor(Vec<i64>),
    Text(Vec<String>),
}

/// Quotes many orders of `plan` for affiliates at `at`, from columns of order lines. Totals come back
/// in the form the prices came in: decimal strings, or integer minor units.
#[pyfunction]
#[pyo3(signature = (plan, order_ids, affiliates, products, quantities, unit_prices, at_, categories=None, rounding="half_up"))]
#[allow(clippy::too_many_arguments)] // one argument per column
fn quote_many(
    py: Python<'_>,
    plan: &Plan,
    order_ids: Vec<String>,
    affiliates: Vec<String>,
    products: Vec<String>,
    quantities: Ints<'_>,
    unit_prices: Prices<'_>,
    at_: &str,
    categories: Option<Vec<Option<String>>>,
    rounding: &str,
) -> Result<(Vec<String>, Vec<String>, Totals)> {
    let currency = plan.0.currency();
    let at = at("at", at_)?;
    let rounding = input::rounding("rounding", rounding)?;
    let (unit_prices, minor) = match unit_prices {
        Prices::Minor(ints) => (UnitPrices::Minor(ints.into_vec()), true),
        Prices::Text(texts) => {
            (UnitPrices::Decimal(texts.iter().map(|t| parse_decimal(t)).collect::<affiliate_kit::Result<_>>()?), false)
        }
    };
    let columns =
        LineColumns { order_ids, affiliates, products, categories, quantities: quantities.into_vec(), unit_prices };
    let quoted = py.detach(|| host::quote_many(&plan.0, &columns, at, rounding))?;
    // Python's `quote_many` raises the first order's error (in row order).
    let mut ids = Vec::with_capacity(quoted.len());
    let mut who = Vec::with_capacity(quoted.len());
    let mut minor_totals = Vec::new();
    let mut text_totals = Vec::new();
    for q in quoted {
        let total = q.total?;
        if minor {
            minor_totals.push(host::to_minor_units(total, currency)?);
        } else {
            text_totals.push(total.to_string());
        }
        ids.push(q.order_id);
        who.push(q.affiliate);
    }
    let totals = if minor { Totals::Minor(minor_totals) } else { Totals::Text(text_totals) };
    Ok((ids, who, totals))
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(quote_many, m)?)?;
    Ok(())
}
