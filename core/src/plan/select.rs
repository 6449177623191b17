//! Choosing the winning rule for one order line: the most specific target wins (program < group <
//! affiliate < category < product < the combined targets, see [`TargetKind`](super::TargetKind)),
//! then the higher `priority`, then the rule that comes first in the plan. The affiliate's own rate
//! (`own`, when the context has one) comes before every rule of the plan.

use std::cmp::Reverse;

use super::compiled::CompiledRule;
use super::conditions::{line_failure, target_matches};
use super::context::QuoteContext;
use super::order::OrderLine;
use super::quote::{BeatReason, Beaten, FailedCondition, Skipped};

/// The outcome of precedence for one line.
pub(crate) struct LineChoice<'r> {
    pub winner: Option<&'r CompiledRule>,
    pub beaten: Vec<Beaten>,
    pub skipped: Vec<Skipped>,
}

/// A rule's rank: among the rules that cover a line and pass their conditions, the highest wins.
/// The own rate's index is `usize::MAX`: plus one (wrapping) it comes before index 0.
fn precedence(rule: &CompiledRule) -> (super::TargetKind, i32, Reverse<usize>) {
    (rule.target.kind(), rule.priority, Reverse(rule.index.wrapping_add(1)))
}

/// The indices of `rules`, highest [`precedence`] first: the order [`choose`] tries them in.
pub(crate) fn precedence_order(rules: &[CompiledRule]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| rules.get(i).map(|rule| Reverse(precedence(rule))));
    order
}

/// Picks the winning rule for `line`. `order_failures[i]` is rule `i`'s failed order-level
/// condition, computed once per order; `by_precedence` is [`precedence_order`] of `rules`. Without
/// `explain`, the rules are tried in that order and the first that covers the line and passes wins
/// (the beaten and skipped rules are not collected).
pub(crate) fn choose<'r>(
    rules: &'r [CompiledRule],
    by_precedence: &[usize],
    own: Option<&'r CompiledRule>,
    order_failures: &[Option<FailedCondition>],
    line: &OrderLine,
    ctx: &QuoteContext,
    explain: bool,
) -> LineChoice<'r> {
    let failure =
        |rule: &CompiledRule| order_failures.get(rule.index).copied().flatten().or_else(|| line_failure(rule, line));
    let wins = |rule: &CompiledRule| target_matches(&rule.target, line, ctx) && failure(rule).is_none();
    if !explain {
        let own = own.filter(|own| wins(own));
        let own_rank = own.map(precedence);
        let winner = by_precedence
            .iter()
            .filter_map(|&i| rules.get(i))
            .take_while(|rule| own_rank.is_none_or(|own_rank| precedence(rule) > own_rank))
            .find(|rule| wins(rule))
            .or(own);
        return LineChoice { winner, beaten: Vec::new(), skipped: Vec::new() };
    }
    let matching = rules.iter().chain(own).filter(|rule| target_matches(&rule.target, line, ctx));
    let mut candidates: Vec<&CompiledRule> = Vec::new();
    let mut skipped = Vec::new();
    for rule in matching {
        match failure(rule) {
            Some(failed) => skipped.push(Skipped { rule_id: rule.id.clone(), failed }),
            None => candidates.push(rule),
        }
    }
    let winner = candidates.iter().copied().max_by_key(|r| precedence(r));
    let beaten = match winner {
        Some(w) => candidates
            .iter()
            .filter(|c| c.index != w.index)
            .map(|c| Beaten {
                rule_id: c.id.clone(),
                target: c.target.kind(),
                priority: c.priority,
                reason: if c.target.kind() < w.target.kind() {
                    BeatReason::LessSpecificTarget
                } else if c.priority < w.priority {
                    BeatReason::LowerPriority
                } else {
                    BeatReason::LaterInPlan
                },
            })
            .collect(),
        None => Vec::new(),
    };
    LineChoice { winner, beaten, skipped }
}
