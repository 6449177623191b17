//! The commission base of each order line: line net, minus its share of the order discount, plus
//! (when the plan says so) its share of shipping and its tax. Shares come from largest-remainder
//! allocation, so they sum exactly to the order-level amounts.

use rust_decimal::Decimal;

use super::order::{order_scale, Order};
use super::spec::BaseOptions;
use crate::error::{Error, Result};
use crate::money::{allocate_with_scale, exact_sum, Money};

/// The base of every line of `order`, in line order, from the lines' nets ([`OrderLine::net`](super::OrderLine::net)).
pub(crate) fn line_bases(order: &Order, nets: Vec<Decimal>, options: BaseOptions) -> Result<Vec<Decimal>> {
    let mut bases = nets;
    let shipping = if options.include_shipping { order.shipping } else { Decimal::ZERO };
    let tax = if options.include_tax { order.tax } else { Decimal::ZERO };
    if !(order.discount.is_zero() && shipping.is_zero() && tax.is_zero()) {
        // Every share is cut from the nets (the weights), then taken or added.
        let mut shares: [Option<(Vec<Money>, bool)>; 3] = Default::default();
        {
            let ones;
            let weights = if bases.iter().all(Decimal::is_zero) {
                ones = vec![Decimal::ONE; bases.len()];
                &ones
            } else {
                &bases
            };
            // Shares are cut in units no coarser than the finest net, so a discount share never
            // exceeds its line's net and no base goes negative.
            let scale = weights.iter().map(|n| n.normalize().scale()).max().unwrap_or(0);
            let amounts = [(order.discount, true), (shipping, false), (tax, false)];
            for (share, (amount, subtract)) in shares.iter_mut().zip(amounts) {
                if !amount.is_zero() {
                    *share = Some((allocate_with_scale(Money::new(amount, order.currency), weights, scale)?, subtract));
                }
            }
        }
        for (parts, subtract) in shares.into_iter().flatten() {
            for (base, part) in bases.iter_mut().zip(parts) {
                *base = exact_sum(*base, part.amount, subtract).ok_or_else(|| Error::overflow("commission base"))?;
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
