//! The commission base of each order line: line net, minus its share of the order discount, plus
//! (when the plan says so) its share of shipping and its tax. Shares come from largest-remainder
//! allocation, so they sum exactly to the order-level amounts.

use rust_decimal::Decimal;

use super::order::{order_scale, Order};
use super::spec::BaseOptions;
use crate::error::{Error, Result};
use crate::money::{allocate_with_scale, exact_sum, Money};

/// The base of every line of `order`, in line order.
pub(crate) fn line_bases(order: &Order, options: BaseOptions) -> Result<Vec<Decimal>> {
    let mut bases = order.lines.iter().map(|line| line.net()).collect::<Result<Vec<Decimal>>>()?;
    let shipping = if options.include_shipping { order.shipping } else { Decimal::ZERO };
    let tax = if options.include_tax { order.tax } else { Decimal::ZERO };
    if !(order.discount.is_zero() && shipping.is_zero() && tax.is_zero()) {
        let nets = bases.clone();
        let ones;
        let weights = if nets.iter().all(Decimal::is_zero) {
            ones = vec![Decimal::ONE; nets.len()];
            &ones
        } else {
            &nets
        };
        // Shares are cut in units no coarser than the finest net, so a discount share never exceeds
        // its line's net and no base goes negative.
        let scale = nets.iter().map(|n| n.normalize().scale()).max().unwrap_or(0);
        for (amount, sign) in [(order.discount, -1), (shipping, 1), (tax, 1)] {
            if amount.is_zero() {
                continue;
            }
            let parts = allocate_with_scale(Money::new(amount, order.currency), weights, scale)?;
            for (base, part) in bases.iter_mut().zip(parts) {
                let next = exact_sum(*base, part.amount, sign < 0);
                *base = next.ok_or_else(|| Error::overflow("commission base"))?;
            }
        }
    }
    if options.include_tax {
        for (base, line) in bases.iter_mut().zip(&order.lines) {
            *base = exact_sum(*base, line.tax, false).ok_or_else(|| Error::overflow("commission base"))?;
        }
    }
    Ok(bases.into_iter().map(order_scale).collect())
}
