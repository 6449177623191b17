//! `quote_many`: many orders quoted in one call, taken and returned as columns, so that volume never
//! crosses the boundary one Python object at a time. Rows are order lines; consecutive rows with the
//! same order id form one order.

use affiliate_kit::host::arguments;
use affiliate_kit::host::{self, LineColumns, UnitPrices};
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

/// Totals in the form the prices came in (`None` for an order whose error is collected).
#[derive(IntoPyObject)]
enum Totals {
    Minor(Vec<Option<i64>>),
    Text(Vec<Option<String>>),
}

/// Order ids, affiliates, totals, and each order's error (collected) or `None`.
type Quoted = (Vec<String>, Vec<String>, Totals, Vec<Option<Py<PyAny>>>);

/// Quotes many orders of `plan` for affiliates at `at`, from columns of order lines. Totals come back
/// in the form the prices came in: decimal strings, or integer minor units. An order's error is
/// raised (the first, in row order), or with `collect` answered in its row (the core's `host`
/// quotes every order on its own).
#[pyfunction]
#[pyo3(signature = (plan, order_ids, affiliates, products, quantities, unit_prices, at_, categories=None, rounding="half_up", collect=false))]
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
    collect: bool,
) -> Result<Quoted> {
    let currency = plan.0.currency();
    let at = at("at", at_)?;
    let rounding = arguments::rounding("rounding", rounding)?;
    let (unit_prices, minor) = match unit_prices {
        Prices::Minor(ints) => (UnitPrices::Minor(ints.into_vec()), true),
        Prices::Text(texts) => {
            (UnitPrices::Decimal(texts.iter().map(|t| parse_decimal(t)).collect::<affiliate_kit::Result<_>>()?), false)
        }
    };
    let columns =
        LineColumns { order_ids, affiliates, products, categories, quantities: quantities.into_vec(), unit_prices };
    let quoted = py.detach(|| host::quote_many(&plan.0, &columns, at, rounding))?;
    let mut ids = Vec::with_capacity(quoted.len());
    let mut who = Vec::with_capacity(quoted.len());
    let mut minor_totals = Vec::new();
    let mut text_totals = Vec::new();
    let mut errors = Vec::with_capacity(quoted.len());
    for q in quoted {
        // The total in the prices' form (minor units may overflow: that is the order's error too).
        let total = q.total.and_then(|t| match minor {
            true => host::to_minor_units(t, currency).map(|m| (Some(m), None)),
            false => Ok((None, Some(t.to_string()))),
        });
        let error = match total {
            Ok((minor_total, text_total)) => {
                minor_totals.push(minor_total);
                text_totals.push(text_total);
                None
            }
            Err(error) if collect => {
                minor_totals.push(None);
                text_totals.push(None);
                Some(PyErr::from(crate::error::Error::from(error)).into_value(py).into_any())
            }
            Err(error) => return Err(error.into()),
        };
        errors.push(error);
        ids.push(q.order_id);
        who.push(q.affiliate);
    }
    let totals = if minor { Totals::Minor(minor_totals) } else { Totals::Text(text_totals) };
    Ok((ids, who, totals, errors))
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(quote_many, m)?)?;
    Ok(())
}
