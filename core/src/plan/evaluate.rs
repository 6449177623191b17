//! `Plan::quote`: from an order and a context to commissions with explanations.

use rust_decimal::Decimal;

use super::base::line_bases;
use super::caps::{apply_plan_caps, apply_rule_cap};
use super::compiled::{Commission, CompiledRule};
use super::conditions::order_failure;
use super::context::QuoteContext;
use super::order::Order;
use super::quote::{
    Beaten, Calculation, CapApplied, Detail, Explanation, LineDecision, Method, Quote, QuoteLine, UnmatchedLine,
    ZeroReason,
};
use super::rule_amount::{describe_base, rule_amount};
use super::select::choose;
use super::spec::LevelBase;
use super::spec::{Conditions, Target};
use super::validate::MAX_RATE_DECIMALS;
use super::words::{words, Quoted};
use super::Plan;
use crate::error::{Error, Result};
use crate::money::{allocate, Currency, Money};

/// What an evaluation writes beside the amounts: [`Detail`]'s two levels, and the total alone
/// ([`Plan::quote_total`]), where lines name no one and carry no per-line decisions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Explained,
    Amounts,
    Total,
}

impl Level {
    /// Whether summaries and the rules each winner beat or skipped are written.
    fn explains(self) -> bool {
        self == Level::Explained
    }

    /// Whether lines name their beneficiary, rule and order lines (and carry per-line decisions).
    fn names(self) -> bool {
        self != Level::Total
    }
}

/// The lines one rule won, gathered for a single commission.
struct Group<'r> {
    rule: &'r CompiledRule,
    base: Money,
    units: u32,
    decisions: Vec<LineDecision>,
}

impl Plan {
    /// Quotes `order` for the affiliate and chain in `ctx`. Pure: the same inputs always give the
    /// same quote. Errors: a malformed order or context ([`Error::InvalidOrder`]), an order in a
    /// currency the plan does not quote ([`Error::CurrencyMismatch`]; the core does no exchange),
    /// overflow. The context's money (period revenue and earnings) is in the order's currency.
    pub fn quote(&self, order: &Order, ctx: &QuoteContext) -> Result<Quote> {
        self.quote_with(order, ctx, Detail::Explained)
    }

    /// The same quote as [`Plan::quote`] (every line, base, amount, calculation, cap and per-line
    /// share), without the explanation text: summaries are empty and the rules each winner beat or
    /// skipped are left out. The fast path for batches that only need the amounts.
    pub fn quote_amounts(&self, order: &Order, ctx: &QuoteContext) -> Result<Quote> {
        self.quote_with(order, ctx, Detail::Amounts)
    }

    /// [`Plan::quote`] with the chosen level of [`Detail`].
    pub fn quote_with(&self, order: &Order, ctx: &QuoteContext, detail: Detail) -> Result<Quote> {
        let level = match detail {
            Detail::Explained => Level::Explained,
            Detail::Amounts => Level::Amounts,
        };
        self.evaluate(order, ctx, level)
    }

    /// The total of [`Plan::quote`] alone (every level), exactly: the same evaluation, without
    /// naming who earns what (no beneficiaries, rule ids, order lines or per-line shares, so no
    /// text is copied). What a batch that answers totals uses.
    pub fn quote_total(&self, order: &Order, ctx: &QuoteContext) -> Result<Money> {
        Ok(self.evaluate(order, ctx, Level::Total)?.total)
    }

    /// The one evaluation behind every quote; `level` says what it writes beside the amounts.
    fn evaluate(&self, order: &Order, ctx: &QuoteContext, level: Level) -> Result<Quote> {
        let (explain, named) = (level.explains(), level.names());
        let figures = order.checked_figures()?;
        validate_context(ctx)?;
        if !self.currencies.contains(&order.currency) {
            return Err(Error::CurrencyMismatch {
                expected: Currency::list(&self.currencies),
                found: order.currency.code().to_string(),
            });
        }
        let currency = order.currency;
        let subtotal = Money::new(figures.subtotal, currency);
        let bases = line_bases(order, figures.nets, self.spec.base)?;
        let order_failures =
            self.rules.iter().map(|rule| order_failure(rule, order, &subtotal, ctx)).collect::<Result<Vec<_>>>()?;

        let own = own_rate_rule(ctx);
        let mut groups: Vec<Group> = Vec::with_capacity(order.lines.len());
        let mut unmatched = Vec::new();
        for (line, base) in order.lines.iter().zip(bases) {
            let choice = choose(&self.rules, &self.by_precedence, own.as_ref(), &order_failures, line, ctx, explain);
            let Some(rule) = choice.winner else {
                if named {
                    unmatched.push(UnmatchedLine { line_id: line.id.clone(), skipped: choice.skipped });
                }
                continue;
            };
            let base = Money::new(base, currency);
            let decision = named.then(|| LineDecision {
                line_id: line.id.clone(),
                base,
                amount: Money::zero(currency),
                rule_id: rule.id.clone(),
                target: rule.target.kind(),
                priority: rule.priority,
                beaten: choice.beaten,
                skipped: choice.skipped,
            });
            let group = match groups.iter_mut().position(|g| g.rule.index == rule.index) {
                Some(i) => groups.get_mut(i),
                None => {
                    groups.push(Group { rule, base: Money::zero(currency), units: 0, decisions: Vec::new() });
                    groups.last_mut()
                }
            };
            if let Some(group) = group {
                group.base = group.base.checked_add(&base)?;
                group.units =
                    group.units.checked_add(line.quantity).ok_or_else(|| Error::overflow("units of a rule"))?;
                group.decisions.extend(decision);
            }
        }

        // Room for every line of the quote at once: the direct ones and one per parent level.
        let mut lines = Vec::with_capacity(groups.len() + self.spec.levels.len().min(ctx.parents.len()));
        for group in groups {
            lines.push(direct_line(group, ctx, level, self.spec.currency)?);
        }
        apply_plan_caps(&mut lines, &self.spec.caps, ctx, explain)?;
        if named {
            for line in &mut lines {
                split_to_order_lines(line)?;
            }
        }
        self.push_parent_lines(&mut lines, ctx, level)?;
        let total = lines.iter().try_fold(Money::zero(currency), |acc, line| acc.checked_add(&line.amount))?;
        let order_id = if named { order.id.clone() } else { String::new() };
        Ok(Quote { order_id, currency, lines, unmatched, total, plan_version: None })
    }

    /// Adds to the direct `lines` one commission per parent level, up to the plan's depth and the
    /// chain's length.
    fn push_parent_lines(&self, lines: &mut Vec<QuoteLine>, ctx: &QuoteContext, level: Level) -> Result<()> {
        let direct: &[QuoteLine] = lines;
        let Some(first) = direct.first() else { return Ok(()) };
        let (explain, named) = (level.explains(), level.names());
        let currency = first.amount.currency;
        let order_lines: Vec<String> = direct.iter().flat_map(|l| l.order_lines.iter().cloned()).collect();
        let mut sale_base = Money::zero(currency);
        let mut child = Money::zero(currency);
        for line in direct {
            if line.base.amount > Decimal::ZERO {
                sale_base = sale_base.checked_add(&line.base)?;
            }
            child = child.checked_add(&line.amount)?;
        }
        for (k, (level, parent)) in self.spec.levels.iter().zip(&ctx.parents).enumerate() {
            let (base, method, what) = match level.of {
                LevelBase::Sale => (sale_base, Method::LevelOfSale, "the sale base "),
                LevelBase::Commission => (child, Method::LevelOfCommission, "the level below's commission "),
            };
            let positive = base.amount > Decimal::ZERO;
            let exact = if positive { base.percent(level.rate)? } else { Money::zero(currency) };
            let amount = exact.round(ctx.rounding);
            let calculation = Calculation {
                method,
                base,
                rate: Some(level.rate),
                flat: None,
                units: None,
                tier: None,
                zero_reason: (!positive).then_some(ZeroReason::NonPositiveBase),
                exact: exact.amount,
                rounding: ctx.rounding,
            };
            let number = u32::try_from(k).unwrap_or(u32::MAX).saturating_add(2);
            let mut summary = String::new();
            if explain {
                summary.reserve(96);
                words!(&mut summary, "level ", number, " (", parent.as_str(), "): ");
                describe_base(&mut summary, &calculation, &amount, what);
            }
            lines.push(QuoteLine {
                beneficiary: if named { parent.clone() } else { String::new() },
                level: number,
                rule_id: if named { level_rule_id(k) } else { String::new() },
                order_lines: order_lines.clone(),
                base,
                amount,
                explanation: Explanation {
                    summary,
                    calculation,
                    decisions: Vec::new(),
                    caps: Vec::new(),
                    plan_version: None,
                },
            });
            child = amount;
        }
        Ok(())
    }
}

/// The level-1 commission of one winning rule over the lines it won.
fn direct_line(group: Group, ctx: &QuoteContext, level: Level, plan_currency: Currency) -> Result<QuoteLine> {
    let rule = group.rule;
    let (calculation, rounded) = rule_amount(rule, group.base, group.units, ctx, plan_currency)?;
    let (amount, cap) = apply_rule_cap(rounded, rule.cap.as_ref().and_then(|cap| cap.get(group.base.currency)))?;
    let summary =
        if level.explains() { direct_summary(&group, &calculation, &rounded, cap.as_ref()) } else { String::new() };
    let named = level.names();
    Ok(QuoteLine {
        beneficiary: if named { ctx.affiliate.clone() } else { String::new() },
        level: 1,
        rule_id: if named { rule.id.clone() } else { String::new() },
        order_lines: group.decisions.iter().map(|d| d.line_id.clone()).collect(),
        base: group.base,
        amount,
        explanation: Explanation {
            summary,
            calculation,
            decisions: group.decisions,
            caps: cap.into_iter().collect(),
            plan_version: None,
        },
    })
}

/// `rule "books" (category, priority 0) beat "default" (program): 20% of 100.00 EUR = 20.00 EUR`.
fn direct_summary(group: &Group, calculation: &Calculation, rounded: &Money, cap: Option<&CapApplied>) -> String {
    let rule = group.rule;
    // Each beaten rule once, in the order first met.
    let mut beaten: Vec<&Beaten> = Vec::new();
    for b in group.decisions.iter().flat_map(|d| &d.beaten) {
        if !beaten.iter().any(|seen| seen.rule_id == b.rule_id && seen.target == b.target) {
            beaten.push(b);
        }
    }
    let mut summary = String::with_capacity(96 + 24 * beaten.len());
    words!(
        &mut summary,
        "rule ",
        Quoted(&rule.id),
        " (",
        rule.target.kind().as_str(),
        ", priority ",
        rule.priority,
        ") "
    );
    if beaten.is_empty() {
        summary.push_str("applied");
    } else {
        summary.push_str("beat ");
        for (i, b) in beaten.iter().enumerate() {
            let sep = if i == 0 { "" } else { ", " };
            words!(&mut summary, sep, Quoted(&b.rule_id), " (", b.target.as_str(), ")");
        }
    }
    summary.push_str(": ");
    describe_base(&mut summary, calculation, rounded, "");
    if let Some(cap) = cap {
        words!(&mut summary, "; capped by the rule at ", cap.limit);
    }
    summary
}

/// The rule id of parent level `k` (0 for level 2): `levels[0]`.
fn level_rule_id(k: usize) -> String {
    let mut id = String::with_capacity(10);
    words!(&mut id, "levels[", k, "]");
    id
}

/// Shares a level-1 commission across the order lines it covers, in proportion to their bases.
fn split_to_order_lines(line: &mut QuoteLine) -> Result<()> {
    let decisions = &mut line.explanation.decisions;
    if line.amount.is_zero() || decisions.is_empty() {
        return Ok(());
    }
    let weights: Vec<Decimal> = decisions.iter().map(|d| d.base.amount.max(Decimal::ZERO)).collect();
    for (decision, part) in decisions.iter_mut().zip(allocate(line.amount, &weights)?) {
        decision.amount = part;
    }
    Ok(())
}

/// The rule the affiliate's own rate makes: an affiliate rule of priority 0, before the plan's rules
/// (its index, `usize::MAX`, sorts first: see `select`), without conditions or cap.
fn own_rate_rule(ctx: &QuoteContext) -> Option<CompiledRule> {
    ctx.affiliate_rate.map(|rate| CompiledRule {
        index: usize::MAX,
        id: OWN_RATE_RULE.to_string(),
        target: Target::Affiliate { affiliate: ctx.affiliate.clone(), categories: None, products: None },
        priority: 0,
        commission: Commission::Percentage(rate),
        conditions: Conditions::default(),
        cap: None,
    })
}

/// The id quotes give the rule an affiliate's own rate makes ([`QuoteContext::affiliate_rate`]).
pub const OWN_RATE_RULE: &str = "commission_rate";

/// What a quote context must be for any plan to quote with it.
pub(crate) fn validate_context(ctx: &QuoteContext) -> Result<()> {
    if ctx.affiliate.trim().is_empty() {
        return Err(Error::order("context.affiliate", "must not be empty"));
    }
    if ctx.payment_number == 0 {
        return Err(Error::order("context.payment_number", "payments are numbered from 1"));
    }
    if ctx.first_payment_at.is_some_and(|first| first > ctx.at) {
        return Err(Error::order("context.first_payment_at", "the first payment cannot come after this one"));
    }
    for (i, parent) in ctx.parents.iter().enumerate() {
        let earlier = ctx.parents.get(..i).unwrap_or_default();
        if parent.trim().is_empty() || *parent == ctx.affiliate || earlier.contains(parent) {
            return Err(Error::order(
                format!("context.parents[{i}]"),
                format!("{parent:?} is empty or already in the chain"),
            ));
        }
    }
    if let Some(rate) = ctx.affiliate_rate {
        if rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED || rate.normalize().scale() > MAX_RATE_DECIMALS {
            return Err(Error::order("context.affiliate_rate", format!("rate {rate} is outside 0..=100")));
        }
    }
    for (field, value) in [
        ("period_revenue", ctx.period_revenue),
        ("period_earned", ctx.period_earned),
        ("customer_earned", ctx.customer_earned),
    ] {
        if value < Decimal::ZERO {
            return Err(Error::order(format!("context.{field}"), "must not be negative"));
        }
    }
    Ok(())
}
