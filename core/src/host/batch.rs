//! Batches: order lines given as columns made into orders and quoted one by one, and batches of
//! commands answered row by row.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::money::{Currency, RoundingMode};
use crate::plan::{Customer, Order, OrderLine, Plan, QuoteContext};
use crate::program::{Command, CommandOutcome};

/// Unit prices of a batch's rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitPrices {
    /// Decimal amounts.
    Decimal(Vec<Decimal>),
    /// Whole minor units of the currency.
    Minor(Vec<i64>),
}

impl UnitPrices {
    fn len(&self) -> usize {
        match self {
            UnitPrices::Decimal(v) => v.len(),
            UnitPrices::Minor(v) => v.len(),
        }
    }

    fn get(&self, row: usize, currency: Currency) -> Decimal {
        match self {
            UnitPrices::Decimal(v) => v.get(row).copied().unwrap_or_default(),
            UnitPrices::Minor(v) => Decimal::new(v.get(row).copied().unwrap_or_default(), currency.minor_units()),
        }
    }
}

/// Order lines as columns, one row per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineColumns {
    /// The order of each row.
    pub order_ids: Vec<String>,
    /// The affiliate of each row (the same on every row of an order).
    pub affiliates: Vec<String>,
    /// The product of each row.
    pub products: Vec<String>,
    /// The category of each row, when given.
    pub categories: Option<Vec<Option<String>>>,
    /// The quantity of each row.
    pub quantities: Vec<i64>,
    /// The unit price of each row.
    pub unit_prices: UnitPrices,
}

/// One order of a batch: its rows `rows` (a range of row numbers) made into an order for `affiliate`,
/// or why they could not be.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOrder {
    /// The order id.
    pub order_id: String,
    /// The affiliate of its first row.
    pub affiliate: String,
    /// Its rows.
    pub rows: std::ops::Range<usize>,
    /// The order, or the error of its rows (a quantity out of range, a second affiliate).
    pub order: Result<Order>,
}

impl LineColumns {
    /// The number of rows; every column must have it, else [`Error::InvalidInput`] naming the column.
    pub fn rows(&self) -> Result<usize> {
        let n = self.order_ids.len();
        let lengths = [
            ("affiliates", self.affiliates.len()),
            ("products", self.products.len()),
            ("quantities", self.quantities.len()),
            ("unit_prices", self.unit_prices.len()),
            ("categories", self.categories.as_ref().map_or(n, Vec::len)),
        ];
        match lengths.iter().find(|(_, len)| *len != n) {
            Some((field, len)) => {
                Err(Error::InvalidInput { field: (*field).to_string(), reason: format!("{len} values for {n} rows") })
            }
            None => Ok(n),
        }
    }

    /// The orders of the rows, in row order, in `currency` (the plan's).
    pub fn orders(&self, currency: Currency) -> Result<Vec<BatchOrder>> {
        let n = self.rows()?;
        Ok(self
            .order_rows(n)
            .map(|rows| {
                let (order_id, affiliate) = self.order_and_affiliate(rows.start);
                let mut order = empty_order(currency);
                let filled = self.fill(&mut order, order_id, affiliate, rows.clone());
                BatchOrder {
                    order_id: order_id.to_string(),
                    affiliate: affiliate.to_string(),
                    rows,
                    order: filled.map(|()| order),
                }
            })
            .collect())
    }

    /// The rows of each order, in row order: consecutive rows with the same order id.
    fn order_rows(&self, n: usize) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        let mut start = 0;
        std::iter::from_fn(move || {
            let id = self.order_ids.get(start).filter(|_| start < n)?;
            let end = (start..n).find(|&i| self.order_ids.get(i) != Some(id)).unwrap_or(n);
            let rows = start..end;
            start = end;
            Some(rows)
        })
    }

    /// The order id and the affiliate of `row`.
    fn order_and_affiliate(&self, row: usize) -> (&str, &str) {
        let id = self.order_ids.get(row).map_or("", String::as_str);
        (id, self.affiliates.get(row).map_or("", String::as_str))
    }

    /// Makes `order` (in its currency) the order `id` of `rows` for `affiliate`, reusing what it holds
    /// (its strings and lines): a batch of a million orders fills one order a million times.
    fn fill(&self, order: &mut Order, id: &str, affiliate: &str, rows: std::ops::Range<usize>) -> Result<()> {
        if let Some(row) = rows.clone().find(|&i| self.affiliates.get(i).map(String::as_str) != Some(affiliate)) {
            return Err(Error::InvalidInput {
                field: format!("affiliates[{row}]"),
                reason: format!("order {id:?} has rows for two affiliates ({affiliate:?} first)"),
            });
        }
        set_text(&mut order.id, id);
        order.lines.truncate(rows.len());
        for (k, row) in rows.enumerate() {
            let quantity = self.quantities.get(row).copied().unwrap_or_default();
            let quantity = u32::try_from(quantity).map_err(|_| Error::InvalidOrder {
                path: format!("rows[{row}].quantity"),
                reason: format!("{quantity} is not a quantity"),
            })?;
            if order.lines.len() <= k {
                order.lines.push(OrderLine {
                    id: (k + 1).to_string(),
                    product: String::new(),
                    category: None,
                    quantity: 1,
                    unit_price: Decimal::ZERO,
                    discount: Decimal::ZERO,
                    tax: Decimal::ZERO,
                });
            }
            if let Some(line) = order.lines.get_mut(k) {
                set_text(&mut line.product, self.products.get(row).map_or("", String::as_str));
                match self.categories.as_ref().and_then(|c| c.get(row)).and_then(Option::as_deref) {
                    Some(category) => set_text(line.category.get_or_insert_with(String::new), category),
                    None => line.category = None,
                }
                line.quantity = quantity;
                line.unit_price = self.unit_prices.get(row, order.currency);
            }
        }
        Ok(())
    }
}

/// An order of no lines in `currency`, to be [filled](LineColumns::fill).
fn empty_order(currency: Currency) -> Order {
    Order {
        id: String::new(),
        currency,
        lines: Vec::new(),
        discount: Decimal::ZERO,
        shipping: Decimal::ZERO,
        tax: Decimal::ZERO,
        customer: Customer::default(),
        code: None,
    }
}

/// Makes `text` hold `value`, in the room it has.
fn set_text(text: &mut String, value: &str) {
    text.clear();
    text.push_str(value);
}

/// One order's quote in a batch.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotedOrder {
    /// The order id.
    pub order_id: String,
    /// Its affiliate.
    pub affiliate: String,
    /// The commission total of the order (every level), or why it has none.
    pub total: Result<Decimal>,
}

/// Quotes every order of `columns` under `plan` for its affiliate (no parents, a new period) at `at`,
/// with its total only (`Plan::quote_total`). A malformed batch (columns of different lengths) is an
/// error; an order that cannot be made or quoted has its own error and the others are quoted.
pub fn quote_many(
    plan: &Plan,
    columns: &LineColumns,
    at: DateTime<Utc>,
    rounding: RoundingMode,
) -> Result<Vec<QuotedOrder>> {
    let n = columns.rows()?;
    // One order and one context, filled for each order in turn: no allocation per order but its answer.
    let mut order = empty_order(plan.currency());
    let mut context = QuoteContext::new(String::new(), at);
    context.rounding = rounding;
    Ok(columns
        .order_rows(n)
        .map(|rows| {
            let (order_id, affiliate) = columns.order_and_affiliate(rows.start);
            let total = columns.fill(&mut order, order_id, affiliate, rows).and_then(|()| {
                set_text(&mut context.affiliate, affiliate);
                plan.quote_total(&order, &context).map(|total| total.amount)
            });
            QuotedOrder { order_id: order_id.to_string(), affiliate: affiliate.to_string(), total }
        })
        .collect())
}

/// `amount` in whole minor units of `currency` (a total that came from minor-unit prices goes back
/// as minor units); [`Error::Overflow`] beyond i64, or for an amount finer than the minor unit.
pub fn to_minor_units(amount: Decimal, currency: Currency) -> Result<i64> {
    let overflow = || Error::Overflow { operation: "total in minor units".to_string() };
    let scaled = amount.checked_mul(Decimal::from(10_i64.pow(currency.minor_units()))).ok_or_else(overflow)?;
    if !scaled.fract().is_zero() {
        return Err(overflow());
    }
    i64::try_from(scaled.normalize()).map_err(|_| overflow())
}

/// Runs a batch of commands as read from the host, answering each row: a command that could not be
/// read keeps its error, the others run through `run` (`Program::execute_many`, or a durable
/// program's, which commits them together) and get its answers, in the rows' order. `run`'s own
/// failure (the file could not be written) fails the whole batch.
pub fn execute_rows(
    commands: Vec<Result<Command>>,
    run: impl FnOnce(Vec<Command>) -> Result<Vec<Result<CommandOutcome>>>,
) -> Result<Vec<Result<CommandOutcome>>> {
    let mut readable = Vec::with_capacity(commands.len());
    let mut rows = Vec::with_capacity(commands.len());
    for command in commands {
        match command {
            Ok(command) => {
                readable.push(command);
                rows.push(None);
            }
            Err(error) => rows.push(Some(Err(error))),
        }
    }
    let mut answers = run(readable)?.into_iter();
    let answered = rows.into_iter().map(|row| match row {
        Some(unreadable) => unreadable,
        None => answers.next().unwrap_or_else(|| {
            Err(Error::InvalidState { reason: "a batch answered fewer rows than it ran".to_string() })
        }),
    });
    Ok(answered.collect())
}
