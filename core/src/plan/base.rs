//! The commission base of each order line: line net, minus its share of the order discount, plus
//! (when the plan says so) its share of shipping and its tax. Shares come from largest-remainder
//! allocation, so they sum exactly to the order-level amounts.

use rust_decimal::Decimal;

use super::order::Order;
use super::spec::BaseOptions;
use crate::error::{Error, Result};
use crate::money::{allocate_with_scale, Money};

/// The base of every line of `order`, in line order.
pub(crate) fn line_bases(order: &Order, options: BaseOptions) -> Result<Vec<Decimal>> {
    let nets = order.lines.iter().map(|line| line.net()).collect::<Result<Vec<Decimal>>>()?;
    let weights = if nets.iter().all(Decimal::is_zero) { vec![Decimal::ONE; nets.len()] } else { nets.clone() };
    // Shares are cut in units no coarser than the finest net, so a discount share never exceeds its
    // line's net and no base goes negative.
    let scale = nets.iter().map(|n| n.normalize().scale()).max().unwrap_or(0);
    let share = |amount: Decimal| -> Result<Vec<Decimal>> {
        if amount.is_zero() {
            return Ok(vec![Decimal::ZERO; weights.len()]);
        }
        let parts = allocate_with_scale(Money::new(amount, order.currency), &weights, scale)?;
        Ok(parts.into_iter().map(|m| m.amount).collect())
    };
    let discounts = share(order.discount)?;
    let shipping = if options.include_shipping { share(order.shipping)? } else { vec![Decimal::ZERO; nets.len()] };
    let taxes = if options.include_tax { share(order.tax)? } else { vec![Decimal::ZERO; nets.len()] };
    let mut bases = Vec::with_capacity(nets.len());
    for ((((net, line), discount), ship), tax) in nets.iter().zip(&order.lines).zip(discounts).zip(shipping).zip(taxes)
    {
        let line_tax = if options.include_tax { line.tax } else { Decimal::ZERO };
        let base = net
            .checked_sub(discount)
            .and_then(|b| b.checked_add(ship))
            .and_then(|b| b.checked_add(tax))
            .and_then(|b| b.checked_add(line_tax))
            .ok_or_else(|| Error::overflow("commission base"))?;
        bases.push(base);
    }
    Ok(bases)
}
