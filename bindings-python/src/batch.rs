//! `quote_many`: many orders quoted in one call, taken and returned as columns, so that volume never
//! crosses the boundary one Python object at a time. Rows are order lines; consecutive rows with the
//! same order id form one order.

use affiliate_kit::money::{parse_decimal, Currency};
use affiliate_kit::plan::{Customer, Order, OrderLine, QuoteContext};
use affiliate_kit::{input, Error as CoreError};
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use rust_decimal::Decimal;

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

/// The columns of one batch, owned (the work runs without the GIL).
struct Rows {
    order_ids: Vec<String>,
    affiliates: Vec<String>,
    products: Vec<String>,
    categories: Option<Vec<Option<String>>>,
    quantities: Vec<i64>,
    prices: Result<Vec<Decimal>>,
}

fn length_error(field: &str, found: usize, rows: usize) -> CoreError {
    CoreError::InvalidInput { field: field.to_string(), reason: format!("{found} values for {rows} rows") }
}

fn check_lengths(rows: &Rows, prices: usize) -> Result<()> {
    let n = rows.order_ids.len();
    let lengths = [
        ("affiliates", rows.affiliates.len()),
        ("products", rows.products.len()),
        ("quantities", rows.quantities.len()),
        ("unit_prices", prices),
        ("categories", rows.categories.as_ref().map_or(n, Vec::len)),
    ];
    match lengths.iter().find(|(_, len)| *len != n) {
        Some((field, len)) => Err(length_error(field, *len, n).into()),
        None => Ok(()),
    }
}

/// Quotes every order; returns (order ids, affiliates, totals as decimals).
fn quote_rows(
    plan: &Plan,
    rows: Rows,
    at: DateTime<Utc>,
    rounding: affiliate_kit::RoundingMode,
) -> Result<Vec<(String, String, Decimal)>> {
    let prices = rows.prices?;
    let currency = plan.0.currency();
    let mut out = Vec::new();
    let mut start = 0;
    while start < rows.order_ids.len() {
        let id = rows.order_ids.get(start).cloned().unwrap_or_default();
        let end =
            (start..rows.order_ids.len()).find(|&i| rows.order_ids.get(i) != Some(&id)).unwrap_or(rows.order_ids.len());
        let mut lines = Vec::with_capacity(end - start);
        for row in start..end {
            let quantity = rows.quantities.get(row).copied().unwrap_or_default();
            let quantity = u32::try_from(quantity).map_err(|_| CoreError::InvalidOrder {
                path: format!("rows[{row}].quantity"),
                reason: format!("{quantity} is not a quantity"),
            })?;
            lines.push(OrderLine {
                id: (row - start + 1).to_string(),
                product: rows.products.get(row).cloned().unwrap_or_default(),
                category: rows.categories.as_ref().and_then(|c| c.get(row).cloned().flatten()),
                quantity,
                unit_price: prices.get(row).copied().unwrap_or_default(),
                discount: Decimal::ZERO,
                tax: Decimal::ZERO,
            });
        }
        let order = Order {
            id: id.clone(),
            currency,
            lines,
            discount: Decimal::ZERO,
            shipping: Decimal::ZERO,
            tax: Decimal::ZERO,
            customer: Customer::default(),
            code: None,
        };
        let affiliate = rows.affiliates.get(start).cloned().unwrap_or_default();
        if let Some(row) = (start..end).find(|&i| rows.affiliates.get(i) != Some(&affiliate)) {
            return Err(CoreError::InvalidInput {
                field: format!("affiliates[{row}]"),
                reason: format!("order {id:?} has rows for two affiliates ({affiliate:?} first)"),
            }
            .into());
        }
        let mut context = QuoteContext::new(affiliate.clone(), at);
        context.rounding = rounding;
        let quote = plan.0.quote_amounts(&order, &context)?;
        out.push((id, affiliate, quote.total.amount));
        start = end;
    }
    Ok(out)
}

fn minor_to_decimal(minor: &[i64], currency: Currency) -> Vec<Decimal> {
    minor.iter().map(|&m| Decimal::new(m, currency.minor_units())).collect()
}

fn decimal_to_minor(amount: Decimal, currency: Currency) -> Result<i64> {
    let overflow = || CoreError::Overflow { operation: "total in minor units".to_string() };
    let scaled = amount.checked_mul(Decimal::from(10_i64.pow(currency.minor_units()))).ok_or_else(overflow)?;
    i64::try_from(scaled.normalize()).map_err(|_| overflow().into())
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
    let (prices, minor) = match unit_prices {
        Prices::Minor(ints) => (Ok(minor_to_decimal(&ints.into_vec(), currency)), true),
        Prices::Text(texts) => (
            texts.iter().map(|t| parse_decimal(t)).collect::<affiliate_kit::Result<Vec<_>>>().map_err(Into::into),
            false,
        ),
    };
    let price_count = prices.as_ref().map_or(order_ids.len(), Vec::len);
    let rows = Rows { order_ids, affiliates, products, categories, quantities: quantities.into_vec(), prices };
    check_lengths(&rows, price_count)?;
    let quoted = py.detach(|| quote_rows(plan, rows, at, rounding))?;
    let mut ids = Vec::with_capacity(quoted.len());
    let mut who = Vec::with_capacity(quoted.len());
    let totals = if minor {
        let mut t = Vec::with_capacity(quoted.len());
        for (id, affiliate, total) in quoted {
            t.push(decimal_to_minor(total, currency)?);
            ids.push(id);
            who.push(affiliate);
        }
        Totals::Minor(t)
    } else {
        let mut t = Vec::with_capacity(quoted.len());
        for (id, affiliate, total) in quoted {
            t.push(total.to_string());
            ids.push(id);
            who.push(affiliate);
        }
        Totals::Text(t)
    };
    Ok((ids, who, totals))
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(quote_many, m)?)?;
    Ok(())
}
