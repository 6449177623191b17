//! Orders as the host sends them: lines, discounts, tax, shipping and the customer.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{from_json_with_path, Error, Result};
use crate::money::{decimal, exact_mul, exact_sum, Currency};

/// An order to quote (and, in a program, to track). Amounts are decimals in `currency`, JSON strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// The host's order id (idempotency key when tracked).
    pub id: String,
    /// The currency of every amount of the order.
    pub currency: Currency,
    /// The lines; at least one.
    pub lines: Vec<OrderLine>,
    /// Order-level discount, prorated across lines by largest remainder.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string", skip_serializing_if = "Decimal::is_zero")]
    pub discount: Decimal,
    /// Shipping charged (excluded from the base unless the plan includes it).
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string", skip_serializing_if = "Decimal::is_zero")]
    pub shipping: Decimal,
    /// Order-level tax (excluded from the base unless the plan includes it).
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string", skip_serializing_if = "Decimal::is_zero")]
    pub tax: Decimal,
    /// Who bought.
    #[serde(default, skip_serializing_if = "Customer::is_empty")]
    pub customer: Customer,
    /// The referral code entered at checkout, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// One order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderLine {
    /// Line id, unique within the order.
    pub id: String,
    /// Product id.
    pub product: String,
    /// Product category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Units sold; at least 1.
    pub quantity: u32,
    /// Price of one unit, before discounts and tax.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub unit_price: Decimal,
    /// Discount on the whole line.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string", skip_serializing_if = "Decimal::is_zero")]
    pub discount: Decimal,
    /// Tax on the line (excluded from the base unless the plan includes it).
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::string", skip_serializing_if = "Decimal::is_zero")]
    pub tax: Decimal,
}

/// The buyer, as far as commission rules care.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Customer {
    /// The host's customer id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// E-mail (used by a program to detect self-referrals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// ISO 3166 alpha-2 country, e.g. `"FR"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Customer {
    /// Whether nothing is known of the customer.
    pub fn is_empty(&self) -> bool {
        self == &Customer::default()
    }
}

impl OrderLine {
    /// `quantity × unit_price − discount`, exact.
    pub fn net(&self) -> Result<Decimal> {
        exact_mul(Decimal::from(self.quantity), self.unit_price)
            .and_then(|gross| exact_sum(gross, self.discount, true))
            .map(order_scale)
            .ok_or_else(|| Error::overflow("line amount"))
    }
}

impl Order {
    /// Parses and validates an order from JSON; errors name the path of the bad field
    /// (`lines[0].unit_price`). This is the checked entry point: plain serde deserialization does not
    /// run [`Order::validate`] (though [`Plan::quote`](super::Plan::quote) always does).
    pub fn from_json(json: &str) -> Result<Order> {
        let order: Order = from_json_with_path(json, Error::order)?;
        order.validate()?;
        Ok(order)
    }

    /// Checks what serde cannot: ids present and unique, amounts not negative, discounts not larger
    /// than what they discount.
    pub fn validate(&self) -> Result<()> {
        self.checked_figures().map(|_| ())
    }

    /// [`Order::validate`], answering the figures it computed on the way (what a quote needs of
    /// them), so that nothing is computed twice.
    pub(crate) fn checked_figures(&self) -> Result<OrderFigures> {
        if self.id.trim().is_empty() {
            return Err(Error::order("id", "must not be empty"));
        }
        if self.lines.is_empty() {
            return Err(Error::order("lines", "an order needs at least one line"));
        }
        // Small orders compare ids directly; large ones use a set (no allocation in the common case).
        let mut ids = (self.lines.len() > 16).then(std::collections::HashSet::new);
        let mut nets = Vec::with_capacity(self.lines.len());
        for (i, line) in self.lines.iter().enumerate() {
            let path = |field: &str| format!("lines[{i}].{field}");
            let repeated = match ids.as_mut() {
                Some(ids) => !ids.insert(line.id.as_str()),
                None => self.lines.get(..i).unwrap_or_default().iter().any(|l| l.id == line.id),
            };
            if line.id.trim().is_empty() || repeated {
                return Err(Error::order(path("id"), format!("line id {:?} is empty or repeated", line.id)));
            }
            if line.product.trim().is_empty() {
                return Err(Error::order(path("product"), "must not be empty"));
            }
            if line.quantity == 0 {
                return Err(Error::order(path("quantity"), "must be at least 1"));
            }
            for (field, value) in [("unit_price", line.unit_price), ("discount", line.discount), ("tax", line.tax)] {
                if let Some(problem) = amount_problem(value) {
                    return Err(Error::order(path(field), problem));
                }
            }
            let net = line.net()?;
            if net < Decimal::ZERO {
                return Err(Error::order(path("discount"), "larger than the line amount"));
            }
            nets.push(net);
        }
        for (field, value) in [("discount", self.discount), ("shipping", self.shipping), ("tax", self.tax)] {
            if let Some(problem) = amount_problem(value) {
                return Err(Error::order(field, problem));
            }
        }
        let lines_net = sum_of_nets(&nets)?;
        if self.discount > lines_net {
            return Err(Error::order("discount", "larger than the order's line amounts"));
        }
        if let Some(country) = &self.customer.country {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::order("customer.country", format!("{country:?} is not an ISO 3166 alpha-2 code")));
            }
        }
        let subtotal = subtotal_of(lines_net, self.discount)?;
        Ok(OrderFigures { nets, subtotal })
    }

    /// Sum of the lines' net amounts, before the order discount.
    pub fn lines_net(&self) -> Result<Decimal> {
        sum_of_nets(&self.lines.iter().map(OrderLine::net).collect::<Result<Vec<_>>>()?)
    }

    /// The subtotal: line amounts after line and order discounts, before tax and shipping.
    pub fn subtotal(&self) -> Result<Decimal> {
        subtotal_of(self.lines_net()?, self.discount)
    }
}

/// What validating an order computes that quoting it needs: each line's net
/// ([`OrderLine::net`]) and the [subtotal](Order::subtotal).
pub(crate) struct OrderFigures {
    pub nets: Vec<Decimal>,
    pub subtotal: Decimal,
}

/// The sum of line nets ([`Order::lines_net`]).
fn sum_of_nets(nets: &[Decimal]) -> Result<Decimal> {
    nets.iter().try_fold(Decimal::ZERO, |acc, net| {
        exact_sum(acc, *net, false).map(order_scale).ok_or_else(|| Error::overflow("order subtotal"))
    })
}

/// The lines' net less the order discount ([`Order::subtotal`]).
fn subtotal_of(lines_net: Decimal, discount: Decimal) -> Result<Decimal> {
    exact_sum(lines_net, discount, true).map(order_scale).ok_or_else(|| Error::overflow("order subtotal"))
}

/// The most decimal places an order amount may have. Keeps every product `base × rate` within
/// Decimal's 28 digits, so that nothing is rounded before the one rounding point.
pub const MAX_ORDER_DECIMALS: u32 = 12;

/// An amount computed from validated order amounts, with trailing zeros past
/// [`MAX_ORDER_DECIMALS`] dropped: a price written `1.000000000000000000000000000` would otherwise make
/// a line of 10 units `10.000000000000000000000000000`, 29 digits that no snapshot could hold. Order
/// amounts have at most that many significant places, so this drops zeros only, never a digit.
pub(crate) fn order_scale(value: Decimal) -> Decimal {
    if value.scale() > MAX_ORDER_DECIMALS {
        value.trunc_with_scale(MAX_ORDER_DECIMALS)
    } else {
        value
    }
}

/// What is wrong with an order amount, if anything (the path is added by the caller, only on error).
fn amount_problem(value: Decimal) -> Option<String> {
    if value < Decimal::ZERO {
        return Some(format!("{value} must not be negative"));
    }
    // A scale within the limit needs no normalizing (trailing zeros only lower it).
    if value.scale() > MAX_ORDER_DECIMALS && value.normalize().scale() > MAX_ORDER_DECIMALS {
        return Some(format!("{value} has more than {MAX_ORDER_DECIMALS} decimal places"));
    }
    None
}

/// Incentive previews of whole orders live with orders: codes know money, not plans.
impl crate::codes::Incentive {
    /// Previews the incentive on an order: [`crate::codes::Incentive::preview`] of the order's subtotal
    /// (lines after line and order discounts, before tax and shipping). Errors also for a malformed
    /// order.
    pub fn preview_order(
        &self,
        order: &Order,
        at: chrono::DateTime<chrono::Utc>,
        rounding: crate::money::RoundingMode,
    ) -> Result<crate::codes::IncentivePreview> {
        order.validate()?;
        self.preview(crate::money::Money::new(order.subtotal()?, order.currency), at, rounding)
    }
}
