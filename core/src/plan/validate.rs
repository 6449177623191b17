//! Plan validation: every error names the path of the bad field, e.g. `rules[2].tiers[1].threshold`.

use std::collections::HashSet;

use rust_decimal::Decimal;

use super::amounts::{Amounts, Threshold};
use super::compiled::{Commission, CompiledRule, Tier, TierValue};
use super::spec::{CommissionKind, Conditions, Payments, PlanSpec, RuleSpec, Target, TierMetric, TierSpec};
use crate::error::{Error, Result};
use crate::money::{Currency, Money, RoundingMode};

/// What an amount of the plan does, which decides the currencies it must give (see `amounts`).
#[derive(Clone, Copy, PartialEq)]
enum Role {
    /// It pays (a flat commission): it may leave a currency out, and then does not apply to it.
    Pays,
    /// It limits (a cap, a minimum subtotal, a revenue threshold): every accepted currency.
    Limits,
}

/// The deepest multi-level chain a plan may pay (level 1 plus this many parents).
pub const MAX_LEVELS: usize = 10;

/// Validates a spec and compiles its rules, for orders in `currencies` (the plan's first).
pub(crate) fn compile(spec: &PlanSpec, currencies: &[Currency]) -> Result<Vec<CompiledRule>> {
    if spec.rules.is_empty() {
        return Err(Error::plan("rules", "a plan needs at least one rule"));
    }
    let mut ids = HashSet::new();
    let mut rules = Vec::with_capacity(spec.rules.len());
    for (index, rule) in spec.rules.iter().enumerate() {
        let path = format!("rules[{index}]");
        if rule.id.trim().is_empty() {
            return Err(Error::plan(format!("{path}.id"), "must not be empty"));
        }
        if !ids.insert(rule.id.as_str()) {
            return Err(Error::plan(format!("{path}.id"), format!("duplicate rule id {:?}", rule.id)));
        }
        check_target(&rule.target, &format!("{path}.target"))?;
        check_conditions(&rule.conditions, currencies, &format!("{path}.conditions"))?;
        if let Some(cap) = &rule.cap {
            check_amounts(cap, currencies, Role::Limits, &format!("{path}.cap"))?;
        }
        rules.push(CompiledRule {
            index,
            id: rule.id.clone(),
            target: rule.target.clone(),
            priority: rule.priority,
            commission: compile_commission(rule, currencies, &path)?,
            conditions: rule.conditions.clone(),
            cap: rule.cap.clone(),
        });
    }
    for (name, cap) in [
        ("per_order", &spec.caps.per_order),
        ("per_customer", &spec.caps.per_customer),
        ("per_affiliate_period", &spec.caps.per_affiliate_period),
    ] {
        if let Some(cap) = cap {
            check_amounts(cap, currencies, Role::Limits, &format!("caps.{name}"))?;
        }
    }
    if spec.levels.len() > MAX_LEVELS {
        return Err(Error::plan("levels", format!("at most {MAX_LEVELS} levels")));
    }
    for (k, level) in spec.levels.iter().enumerate() {
        check_rate(level.rate, &format!("levels[{k}].rate"))?;
    }
    Ok(rules)
}

fn compile_commission(rule: &RuleSpec, currencies: &[Currency], path: &str) -> Result<Commission> {
    let unexpected = |field: &str, present: bool| -> Result<()> {
        if present {
            Err(Error::plan(format!("{path}.{field}"), format!("not used by a {} commission", rule.commission)))
        } else {
            Ok(())
        }
    };
    let missing = |field: &str| Error::plan(format!("{path}.{field}"), "required by this commission kind");
    match rule.commission {
        CommissionKind::Percentage => {
            unexpected("amount", rule.amount.is_some())?;
            unexpected("tiers", rule.tiers.is_some())?;
            unexpected("metric", rule.metric.is_some())?;
            let rate = rule.rate.ok_or_else(|| missing("rate"))?;
            check_rate(rate, &format!("{path}.rate"))?;
            Ok(Commission::Percentage(rate))
        }
        CommissionKind::FlatPerOrder | CommissionKind::FlatPerUnit => {
            unexpected("rate", rule.rate.is_some())?;
            unexpected("tiers", rule.tiers.is_some())?;
            unexpected("metric", rule.metric.is_some())?;
            let amount = rule.amount.clone().ok_or_else(|| missing("amount"))?;
            check_amounts(&amount, currencies, Role::Pays, &format!("{path}.amount"))?;
            Ok(if rule.commission == CommissionKind::FlatPerOrder {
                Commission::FlatPerOrder(amount)
            } else {
                Commission::FlatPerUnit(amount)
            })
        }
        CommissionKind::Tiered => {
            unexpected("rate", rule.rate.is_some())?;
            unexpected("amount", rule.amount.is_some())?;
            let metric = rule.metric.ok_or_else(|| missing("metric"))?;
            let specs = rule.tiers.as_ref().ok_or_else(|| missing("tiers"))?;
            if specs.is_empty() {
                return Err(Error::plan(format!("{path}.tiers"), "at least one tier is required"));
            }
            let mut tiers: Vec<Tier> = Vec::with_capacity(specs.len());
            for (j, tier) in specs.iter().enumerate() {
                let tier_path = format!("{path}.tiers[{j}]");
                tiers.push(compile_tier(tier, metric, currencies, &tier_path)?);
                if let (Some(prev), Some(this)) = (tiers.len().checked_sub(2).and_then(|p| tiers.get(p)), tiers.last())
                {
                    for &currency in currencies {
                        let plan_currency = currencies.first().copied().unwrap_or(currency);
                        let (Some(this), Some(prev)) =
                            (this.threshold.get(currency, plan_currency), prev.threshold.get(currency, plan_currency))
                        else {
                            continue;
                        };
                        if this <= prev {
                            return Err(Error::plan(
                                format!("{tier_path}.threshold"),
                                format!("thresholds must ascend: {this} is not above {prev}"),
                            ));
                        }
                    }
                }
            }
            Ok(Commission::Tiered { metric, tiers })
        }
    }
}

fn compile_tier(tier: &TierSpec, metric: TierMetric, currencies: &[Currency], path: &str) -> Result<Tier> {
    let threshold_path = format!("{path}.threshold");
    match (&tier.threshold, metric) {
        (Threshold::Plain(count), TierMetric::SalesCount) => {
            if *count < Decimal::ZERO {
                return Err(Error::plan(threshold_path, "must not be negative"));
            }
            if count.fract() != Decimal::ZERO {
                return Err(Error::plan(threshold_path, "a sales count threshold must be a whole number"));
            }
        }
        (Threshold::PerCurrency(_), TierMetric::SalesCount) => {
            return Err(Error::plan(threshold_path, "a sales count threshold is a number, not amounts per currency"));
        }
        (threshold, TierMetric::Revenue) => {
            let plan_currency = currencies.first().copied().unwrap_or(Currency::EUR);
            let amounts = threshold.iter(plan_currency).into_iter().map(|(c, v)| Money::new(v, c)).collect();
            let per_currency = matches!(threshold, Threshold::PerCurrency(_));
            check_each(amounts, per_currency, currencies, Role::Limits, &threshold_path)?;
        }
    }
    let value = match (tier.rate, tier.amount.clone()) {
        (Some(rate), None) => {
            check_rate(rate, &format!("{path}.rate"))?;
            TierValue::Rate(rate)
        }
        (None, Some(amount)) => {
            check_amounts(&amount, currencies, Role::Pays, &format!("{path}.amount"))?;
            TierValue::Amount(amount)
        }
        _ => return Err(Error::plan(path, "a tier needs exactly one of rate and amount")),
    };
    Ok(Tier { threshold: tier.threshold.clone(), value })
}

/// The most decimal places a rate may have (see [`super::order::MAX_ORDER_DECIMALS`]).
pub const MAX_RATE_DECIMALS: u32 = 8;

fn check_rate(rate: Decimal, path: &str) -> Result<()> {
    if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
        return Err(Error::plan(path, format!("rate {rate} is outside 0..=100")));
    }
    if rate.normalize().scale() > MAX_RATE_DECIMALS {
        return Err(Error::plan(path, format!("rate {rate} has more than {MAX_RATE_DECIMALS} decimal places")));
    }
    Ok(())
}

fn check_amounts(amounts: &Amounts, currencies: &[Currency], role: Role, path: &str) -> Result<()> {
    let per_currency = matches!(amounts, Amounts::PerCurrency(_));
    check_each(amounts.iter().collect(), per_currency, currencies, role, path)
}

/// Each amount is in an accepted currency, non-negative and in minor units; a limit gives every
/// accepted currency. Errors name `path`, or `path.USD` for one of amounts per currency.
fn check_each(amounts: Vec<Money>, per_currency: bool, currencies: &[Currency], role: Role, path: &str) -> Result<()> {
    for money in &amounts {
        let currency = money.currency;
        let path = if per_currency { format!("{path}.{currency}") } else { path.to_string() };
        if !currencies.contains(&currency) {
            return Err(Error::plan(path, format!("amount in {currency} {}", accepted_phrase(currencies))));
        }
        check_money(money, &path)?;
    }
    if role == Role::Limits {
        if let Some(missing) = currencies.iter().find(|&&c| !amounts.iter().any(|m| m.currency == c)) {
            return Err(Error::plan(
                path,
                format!(
                    "no amount in {missing}: a limit is given in every currency the program accepts ({})",
                    Currency::list(currencies)
                ),
            ));
        }
    }
    Ok(())
}

/// `but the plan is in EUR` or `but the program accepts EUR, USD`.
fn accepted_phrase(currencies: &[Currency]) -> String {
    match currencies {
        [one] => format!("but the plan is in {one}"),
        many => format!("but the program accepts {}", Currency::list(many)),
    }
}

fn check_money(money: &Money, path: &str) -> Result<()> {
    let currency = money.currency;
    if money.is_negative() {
        return Err(Error::plan(path, "must not be negative"));
    }
    if money.round(RoundingMode::TowardZero).amount != money.amount {
        return Err(Error::plan(
            path,
            format!("{} has more decimals than {currency}'s {} minor units", money.amount, currency.minor_units()),
        ));
    }
    Ok(())
}

fn check_list(list: Option<&[String]>, path: &str) -> Result<()> {
    match list {
        Some([]) => Err(Error::plan(path, "must not be empty")),
        Some(items) => match items.iter().position(|s| s.trim().is_empty()) {
            Some(i) => Err(Error::plan(format!("{path}[{i}]"), "must not be empty")),
            None => Ok(()),
        },
        None => Ok(()),
    }
}

fn check_target(target: &Target, path: &str) -> Result<()> {
    match target {
        Target::Program {} => Ok(()),
        Target::Group { group: name, categories, products }
        | Target::Affiliate { affiliate: name, categories, products } => {
            if name.trim().is_empty() {
                return Err(Error::plan(path, "the target needs a non-empty name"));
            }
            if categories.is_some() && products.is_some() {
                return Err(Error::plan(path, "a combined target gives categories or products, not both"));
            }
            check_list(categories.as_deref(), &format!("{path}.categories"))?;
            check_list(products.as_deref(), &format!("{path}.products"))
        }
        Target::Category { categories } => check_list(Some(categories), &format!("{path}.categories")),
        Target::Product { products } => check_list(Some(products), &format!("{path}.products")),
    }
}

fn check_conditions(conditions: &Conditions, currencies: &[Currency], path: &str) -> Result<()> {
    if let Some(min) = &conditions.min_subtotal {
        check_amounts(min, currencies, Role::Limits, &format!("{path}.min_subtotal"))?;
    }
    check_list(conditions.countries.as_deref(), &format!("{path}.countries"))?;
    if let Some(countries) = &conditions.countries {
        for (i, country) in countries.iter().enumerate() {
            if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(Error::plan(
                    format!("{path}.countries[{i}]"),
                    format!("{country:?} is not an ISO 3166 alpha-2 code such as \"FR\""),
                ));
            }
        }
    }
    if let Some(window) = &conditions.window {
        match (window.from, window.to) {
            (Some(from), Some(to)) if from >= to => {
                return Err(Error::plan(format!("{path}.window"), "empty window: `from` must be before `to`"));
            }
            (None, None) => return Err(Error::plan(format!("{path}.window"), "a window needs `from`, `to` or both")),
            _ => {}
        }
    }
    check_list(conditions.products.as_deref(), &format!("{path}.products"))?;
    check_list(conditions.categories.as_deref(), &format!("{path}.categories"))?;
    match conditions.payments {
        Some(Payments::FirstN { count: 0 }) => Err(Error::plan(format!("{path}.payments.count"), "must be at least 1")),
        Some(Payments::Months { months: 0 }) => {
            Err(Error::plan(format!("{path}.payments.months"), "must be at least 1"))
        }
        _ => Ok(()),
    }
}
