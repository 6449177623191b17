//! Plan versions: the config's plan is version 1; [`Program::set_plan`] adds versions that quote the
//! orders and payments at or after their `effective_from`. Rules:
//! - history is not rewritten: `effective_from` is never before the command's `at` nor at or before
//!   a sale already tracked, and each version starts after the one before it, so the version that
//!   quoted a sale is fixed once it is tracked;
//! - every version keeps the program's currency and plan period (period volumes are counted in the
//!   first version's periods);
//! - an order is quoted with the version in force at its `at`; a follow-up payment with the one in
//!   force at its subscription's first order (`payment_plan: "first_order"`, the default: the
//!   affiliate keeps the terms they sold under) or at the payment (`"at_payment"`);
//! - explanations are rebuilt with the version that quoted them, and name it (`plan_version`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::plan::{Plan, PlanSpec, Quote};
use crate::program::config::PaymentPlan;
use crate::program::events::EventData;
use crate::program::{Command, Program, ProgramConfig};

/// A version of the program's plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanVersion {
    /// 1 for the config's plan, then 2, 3, ... in the order they were set.
    pub version: u32,
    /// From when it quotes orders and payments (`None` for version 1: from the start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<DateTime<Utc>>,
    /// When it was set (`None` for version 1: with the program).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_at: Option<DateTime<Utc>>,
    /// The plan.
    pub plan: PlanSpec,
}

/// A version after the first, as the state keeps it (snapshots: `state.plans`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanVersionRecord {
    pub effective_from: DateTime<Utc>,
    pub set_at: DateTime<Utc>,
    pub plan: PlanSpec,
}

/// The compiled versions after the first (the config's), from the state's records.
pub(crate) fn compile_later(config: &ProgramConfig, records: &[PlanVersionRecord]) -> Result<Vec<Plan>> {
    let mut plans = Vec::with_capacity(records.len());
    for (k, record) in records.iter().enumerate() {
        let checked = check(config, &record.plan, |path| format!("state.plans[{k}].plan.{path}"));
        plans.push(checked.map_err(|e| Error::snapshot(e.to_string()))?);
        let ordered = k == 0 || records.get(k - 1).is_some_and(|before| before.effective_from < record.effective_from);
        if !ordered || record.effective_from < record.set_at {
            return Err(Error::snapshot(format!("state.plans[{k}]: effective_from is out of order")));
        }
    }
    Ok(plans)
}

/// Compiles a version's plan; it must keep the program's currency and period. Errors name `path`
/// (`plan.` for a command's argument).
fn check(config: &ProgramConfig, spec: &PlanSpec, path: impl Fn(&str) -> String) -> Result<Plan> {
    if spec.currency != config.currency {
        return Err(Error::InvalidPlan {
            path: path("currency"),
            reason: format!("the plan is in {} but the program is in {}", spec.currency, config.currency),
        });
    }
    let plan = Plan::for_currencies(spec.clone(), &config.currencies()).map_err(|e| match e {
        Error::InvalidPlan { path: inner, reason } => Error::InvalidPlan {
            path: if inner.is_empty() { path("").trim_end_matches('.').into() } else { path(&inner) },
            reason,
        },
        other => other,
    })?;
    if spec.period != config.plan.period {
        return Err(Error::InvalidPlan {
            path: path("period"),
            reason: format!(
                "a plan version keeps the program's period ({:?}): period volumes are counted in it",
                config.plan.period
            )
            .to_lowercase(),
        });
    }
    Ok(plan)
}

impl Program {
    /// Every version of the plan, oldest first (version 1 is the config's).
    pub fn plans(&self) -> Vec<PlanVersion> {
        let first = PlanVersion { version: 1, effective_from: None, set_at: None, plan: self.config.plan.clone() };
        let later = self.state.plan_versions.iter().zip(2..).map(|(r, version)| PlanVersion {
            version,
            effective_from: Some(r.effective_from),
            set_at: Some(r.set_at),
            plan: r.plan.clone(),
        });
        std::iter::once(first).chain(later).collect()
    }

    /// The version in force at `at` and its compiled plan.
    pub(in crate::program) fn plan_version_at(&self, at: DateTime<Utc>) -> (u32, &Plan) {
        let later = self.state.plan_versions.partition_point(|r| r.effective_from <= at);
        let plan = later.checked_sub(1).and_then(|k| self.later_plans.get(k)).unwrap_or(&self.plan);
        (u32::try_from(later + 1).unwrap_or(u32::MAX), plan)
    }

    /// The plan in force at `at`.
    pub fn plan_at(&self, at: DateTime<Utc>) -> &Plan {
        self.plan_version_at(at).1
    }

    /// The instant whose plan version quotes a sale at `at`: its own, or for a follow-up payment
    /// under `payment_plan: "first_order"`, its first order's.
    pub(in crate::program) fn plan_instant(
        &self,
        at: DateTime<Utc>,
        payment_number: u32,
        first_payment_at: Option<DateTime<Utc>>,
    ) -> DateTime<Utc> {
        match (self.config.payment_plan, first_payment_at) {
            (PaymentPlan::FirstOrder, Some(first)) if payment_number > 1 => first,
            _ => at,
        }
    }

    /// Quotes with the version in force at `plan_at`, naming it in the quote and every line.
    pub(in crate::program) fn quote_versioned(
        &self,
        plan_at: DateTime<Utc>,
        order: &crate::plan::Order,
        ctx: &crate::plan::QuoteContext,
    ) -> Result<Quote> {
        let (version, plan) = self.plan_version_at(plan_at);
        let mut quote = plan.quote(order, ctx)?;
        quote.plan_version = Some(version);
        for line in &mut quote.lines {
            line.explanation.plan_version = Some(version);
        }
        Ok(quote)
    }

    /// Sets a new version of the plan, quoting orders (and, under `payment_plan: "at_payment"`,
    /// payments) at or after `effective_from`; earlier ones keep theirs. `effective_from` before `at`
    /// or not after the last sale tracked is [`Error::InvalidInput`] (history is not rewritten), and
    /// so is one not after the last version's; a plan that is invalid, in another currency or with another period is
    /// [`Error::InvalidPlan`] at `plan.<path>`. Emits `plan.changed`.
    pub fn set_plan(
        &mut self,
        plan: PlanSpec,
        effective_from: DateTime<Utc>,
        at: DateTime<Utc>,
    ) -> Result<PlanVersion> {
        let compiled = check(&self.config, &plan, |path| format!("plan.{path}"))?;
        if effective_from < at {
            return Err(Error::input(
                "effective_from",
                format!("{effective_from} is before the command's at ({at}): history is not rewritten"),
            ));
        }
        // Commands' `at` need not increase: a sale tracked after `at` may be later than `effective_from`.
        if let Some(newest) = self.state.sales.iter().map(|s| s.at).max().filter(|&n| n >= effective_from) {
            return Err(Error::input(
                "effective_from",
                format!("{effective_from} is not after the last sale tracked ({newest}): history is not rewritten"),
            ));
        }
        if let Some(last) = self.state.plan_versions.last() {
            if effective_from <= last.effective_from {
                return Err(Error::input(
                    "effective_from",
                    format!(
                        "{effective_from} is not after version {}'s ({})",
                        self.later_plans.len() + 1,
                        last.effective_from
                    ),
                ));
            }
        }
        self.state.plan_versions.push(PlanVersionRecord { effective_from, set_at: at, plan: plan.clone() });
        self.later_plans.push(compiled);
        let version = PlanVersion {
            version: u32::try_from(self.later_plans.len() + 1).unwrap_or(u32::MAX),
            effective_from: Some(effective_from),
            set_at: Some(at),
            plan: plan.clone(),
        };
        self.state.events.emit(at, EventData::PlanChanged { version: version.clone() });
        self.log_command(Command::SetPlan { plan, effective_from, at });
        Ok(version)
    }
}
