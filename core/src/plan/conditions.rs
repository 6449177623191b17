//! Rule conditions and target matching, checked against an order, a line and the context.

use chrono::Months;

use super::compiled::CompiledRule;
use super::context::QuoteContext;
use super::order::{Order, OrderLine};
use super::quote::FailedCondition;
use super::spec::{Conditions, Payments, Target};
use crate::error::Result;
use crate::money::Money;

/// Whether the rule's target covers this line for this affiliate.
pub(crate) fn target_matches(target: &Target, line: &OrderLine, ctx: &QuoteContext) -> bool {
    match target {
        Target::Program {} => true,
        Target::Group { group, categories, products } => {
            ctx.group.as_deref() == Some(group.as_str()) && lines_match(categories, products, line)
        }
        Target::Affiliate { affiliate, categories, products } => {
            ctx.affiliate == *affiliate && lines_match(categories, products, line)
        }
        Target::Category { categories } => category_listed(categories, line),
        Target::Product { products } => products.contains(&line.product),
    }
}

/// Whether a combined target's categories or products (when given) cover the line.
fn lines_match(categories: &Option<Vec<String>>, products: &Option<Vec<String>>, line: &OrderLine) -> bool {
    categories.as_ref().is_none_or(|c| category_listed(c, line))
        && products.as_ref().is_none_or(|p| p.contains(&line.product))
}

fn category_listed(categories: &[String], line: &OrderLine) -> bool {
    line.category.as_ref().is_some_and(|c| categories.contains(c))
}

/// The first order-level condition of `rule` that fails, if any.
pub(crate) fn order_failure(
    rule: &CompiledRule,
    order: &Order,
    subtotal: &Money,
    ctx: &QuoteContext,
) -> Result<Option<FailedCondition>> {
    let c: &Conditions = &rule.conditions;
    if let Some(window) = &c.window {
        if window.from.is_some_and(|from| ctx.at < from) || window.to.is_some_and(|to| ctx.at >= to) {
            return Ok(Some(FailedCondition::Window));
        }
    }
    if let Some(payments) = c.payments {
        if !payment_earns(payments, ctx) {
            return Ok(Some(FailedCondition::Payment));
        }
    }
    if c.new_customers_only && !ctx.new_customer {
        return Ok(Some(FailedCondition::NewCustomersOnly));
    }
    if let Some(countries) = &c.countries {
        if !order.customer.country.as_ref().is_some_and(|country| countries.contains(country)) {
            return Ok(Some(FailedCondition::Country));
        }
    }
    if let Some(min) = &c.min_subtotal {
        // Given in every currency the plan quotes (checked on load).
        if min.get(subtotal.currency).is_none_or(|min| subtotal.checked_cmp(&min).is_ok_and(|o| o.is_lt())) {
            return Ok(Some(FailedCondition::MinSubtotal));
        }
    }
    if !rule.commission.pays_in(subtotal.currency) {
        return Ok(Some(FailedCondition::Currency));
    }
    Ok(None)
}

/// The first line-level condition of `rule` that fails, if any.
pub(crate) fn line_failure(rule: &CompiledRule, line: &OrderLine) -> Option<FailedCondition> {
    let c = &rule.conditions;
    if c.products.as_ref().is_some_and(|products| !products.contains(&line.product)) {
        return Some(FailedCondition::Product);
    }
    if c.categories.as_ref().is_some_and(|cats| !line.category.as_ref().is_some_and(|cat| cats.contains(cat))) {
        return Some(FailedCondition::Category);
    }
    None
}

fn payment_earns(payments: Payments, ctx: &QuoteContext) -> bool {
    match payments {
        Payments::FirstOnly {} => ctx.payment_number <= 1,
        Payments::FirstN { count } => ctx.payment_number <= count,
        Payments::Months { months } => {
            // The first payment starts the clock; a later payment with no known start cannot earn.
            let first = match ctx.first_payment_at {
                Some(first) => first,
                None if ctx.payment_number <= 1 => ctx.at,
                None => return false,
            };
            first.checked_add_months(Months::new(months)).is_some_and(|end| ctx.at < end)
        }
        Payments::Lifetime {} => true,
    }
}
