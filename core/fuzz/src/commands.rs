//! A `Program` driven by an arbitrary sequence of commands, with the money invariants checked after
//! every one.
//!
//! Input (read with [`arbitrary::Unstructured`], one byte per choice, so that inputs are easy to
//! write by hand and to derive from the shared scenarios): byte 1 picks a [`World`] (a program
//! config with pools of ids, codes, e-mails, orders, amounts and instants: the 40 scenario files of
//! `core/tests/scenarios/` and a few configs of our own); then, up to [`MAX_OPS`] times, one byte
//! picks an operation (see [`op`]) and the following bytes pick its arguments from the world's
//! pools (`byte % pool size`; for optional arguments 0 means none). [`op::SCENARIO`] runs the
//! world's own scenario steps verbatim, so each scenario file is a seed (see `examples/seeds.rs`).
//!
//! Invariants:
//! - nothing panics;
//! - a rejected command leaves the program unchanged (`==`, and a byte-identical snapshot for the
//!   first rejections of a run) and the command log as it was; an accepted one is logged as given;
//! - after every accepted command, [`crate::ledger::check_program`]: money is conserved (balances
//!   are the sums of the entries; earned − reversed = pending + payable + in_payout + paid),
//!   corrections never exceed what a commission earned, payouts hold only approved entries and are
//!   the sums of their entries, statuses agree with the entries, ids and event sequences are gapless;
//! - after `approve_due` nothing due is left pending; after `create_payouts` no account (but a
//!   suspended affiliate's) is left payable at or above its minimum, payouts reach the minimum and
//!   come in affiliate-id order;
//! - a tracked sale's outcome adds up and pays at most its quote; `quote` answers what `track_order`
//!   then does;
//! - retrying an accepted order, payment, refund or chargeback (same id, same payload) answers the
//!   first outcome and changes nothing;
//! - `restore(snapshot)` mid-run equals the live program (and snapshots the same bytes);
//! - at the end, `replay(config, every accepted command)` gives a byte-equal snapshot, and the live
//!   command log is what was accepted since the last restore.

use std::sync::OnceLock;

use affiliate_kit::codes::{canonical_code, generate_code_seeded, Discount, Incentive};
use affiliate_kit::plan::{Order, PlanSpec};
use affiliate_kit::program::{
    Acceptance, AffiliateStatus, AffiliateUpdate, Command, CommandOutcome, Payment, Program, ProgramConfig, Refund,
    Registration,
};
use affiliate_kit::time::Granularity;
use affiliate_kit::{Currency, Money};
use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::ledger::{check_nothing_due, check_nothing_payable, check_program, Level};

/// The most operations one input runs.
pub const MAX_OPS: usize = 64;

/// How many rejected commands per run are also checked by comparing snapshot bytes (every one is
/// checked with `==` on the program, which compares the same state without serializing it).
const BYTE_CHECKS: u32 = 2;

/// The operation codes (the byte that starts each operation, modulo [`op::COUNT`]).
pub mod op {
    /// The world's scenario step number `next byte`, verbatim.
    pub const SCENARIO: u8 = 0;
    /// `register_affiliate`: host id?, name, e-mail, code?, group?, parent?, at.
    pub const REGISTER: u8 = 1;
    /// `update_affiliate`: affiliate, name?, e-mail?, group?, at.
    pub const UPDATE: u8 = 2;
    /// `set_affiliate_status`: affiliate, status, at.
    pub const SET_STATUS: u8 = 3;
    /// `delete_affiliate`: affiliate, at.
    pub const DELETE: u8 = 4;
    /// `add_code`: affiliate, code, incentive?, expires_at?, at.
    pub const ADD_CODE: u8 = 5;
    /// `generate_code`: affiliate, seed, incentive?, expires_at?, at.
    pub const GENERATE_CODE: u8 = 6;
    /// `invite`: count (0-3), that many e-mails, invited_by?, at.
    pub const INVITE: u8 = 7;
    /// `accept_invitation`: invitation, host id?, name, code?, at.
    pub const ACCEPT: u8 = 8;
    /// `expire_invitations`: at.
    pub const EXPIRE: u8 = 9;
    /// `record_click`: visitor, code, at.
    pub const CLICK: u8 = 10;
    /// `track_order`: order template, id (0 keeps), code (0 keeps, 1 none), e-mail (0 keeps, 1 none), visitor?, at.
    pub const TRACK: u8 = 11;
    /// `record_payment`: payment id, order id, at.
    pub const PAYMENT: u8 = 12;
    /// `refund`: refund id, sale id, kind (everything / amount / lines), amount or count and lines, at.
    pub const REFUND: u8 = 13;
    /// `chargeback`: as `refund`.
    pub const CHARGEBACK: u8 = 14;
    /// `approve_due`: at.
    pub const APPROVE_DUE: u8 = 15;
    /// `reject_commission`: commission, reason, at.
    pub const REJECT: u8 = 16;
    /// `create_payouts`: at.
    pub const CREATE_PAYOUTS: u8 = 17;
    /// `mark_payout_paid`: payout, reference?, at.
    pub const MARK_PAID: u8 = 18;
    /// `mark_payout_failed`: payout, reason, at.
    pub const MARK_FAILED: u8 = 19;
    /// `drain_events`.
    pub const DRAIN: u8 = 20;
    /// Retry an accepted order, payment, refund or chargeback: which one.
    pub const RETRY: u8 = 21;
    /// Snapshot, restore, and go on with the restored program.
    pub const RESTORE: u8 = 22;
    /// A read: which (quote then track, balance, validate_code, stats, report, affiliate_by_code,
    /// events_since), then its arguments.
    pub const READ: u8 = 23;
    /// `set_plan`: plan (the config's, the scenario's versions, a variant), effective_from, at.
    pub const SET_PLAN: u8 = 24;
    /// A hold verb: which (hold_affiliate, release_affiliate, reject_held, hold_commission,
    /// release_commission), then its arguments.
    pub const HOLD: u8 = 25;
    /// An erasure: erase_affiliate, or erase_customer by e-mail or by customer id.
    pub const ERASE: u8 = 26;
    /// The number of operations.
    pub const COUNT: u8 = 27;
}

/// One step of a scenario file: a command, or a `restore` of the program from its snapshot.
#[derive(Debug, Clone)]
pub enum Step {
    /// A command, as the scenario gives it.
    Command(Box<Command>),
    /// `restore`.
    Restore,
}

/// A program config with the pools the operations pick from.
pub struct World {
    /// The scenario file (or our own config's name).
    pub name: String,
    /// The config.
    pub config: ProgramConfig,
    /// The scenario's steps (empty for our own configs).
    pub steps: Vec<Step>,
    pools: Pools,
}

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        /// The shared scenario files (name, JSON), in the order of the worlds they become.
        pub const SCENARIOS: &[(&str, &str)] =
            &[$(($name, include_str!(concat!("../../tests/scenarios/", $name, ".json")))),*];
    };
}

scenarios!(
    "01-register-and-track-by-code",
    "02-click-attribution-window",
    "03-first-click-model",
    "04-last-click-model-and-code-precedence",
    "05-lifetime-customers",
    "06-self-referral",
    "07-pending-inactive-suspended-earn-nothing",
    "08-idempotent-retries",
    "09-partial-refunds-before-approval",
    "10-partial-refund-after-payout",
    "11-three-level-chain",
    "12-tier-crossing-in-month",
    "13-jpy-program",
    "14-timezone-report-paris",
    "15-invitations",
    "16-invitations-expire",
    "17-payout-threshold-crossings",
    "18-failed-payout",
    "19-reject-commission",
    "20-refund-by-lines",
    "21-chargeback",
    "22-subscription-first-n-payments",
    "23-subscription-months",
    "24-delete-affiliate",
    "25-codes-and-validate-code",
    "26-webhook-sign-verify",
    "27-bad-inputs-are-typed-errors",
    "28-update-affiliate-groups-and-rates",
    "29-holding-period-and-payout-order",
    "30-new-customers-and-period-cap",
    "31-final-refund-by-lines-reverses-the-rest",
    "32-below-first-tier-counts-as-volume",
    "33-refund-while-in-payout-then-payout-fails",
    "34-refund-mixing-clawback-and-reversal",
    "35-restore-midway-continues-the-same",
    "36-refund-by-lines-in-a-chain",
    "37-rounding-half-even",
    "38-quote-of-a-tracked-order",
    "39-click-through-an-expired-code",
    "40-incentive-in-another-currency",
    "41-plan-versions",
    "42-payments-at-the-version-in-force",
    "43-a-version-adds-a-parent-level",
    "44-what-if-with-levels",
    "45-orders-in-several-currencies",
    "46-tiers-and-caps-per-currency",
    "47-plan-versions-and-what-if-in-several-currencies",
    "48-payments-with-their-own-lines-and-amounts",
    "49-combined-targets",
    "50-refunds-lower-tier-volume-and-free-cap-room",
    "51-affiliate-own-rate",
    "52-a-usd-subscription-charged-back-after-payout",
    "53-an-affiliate-on-hold",
    "54-one-commission-held-and-released",
    "55-fraud-self-referral-normalized",
    "56-fraud-order-rates",
    "57-fraud-many-affiliates",
    "58-fraud-country-and-click-to-order-time",
    "59-erasure-of-an-affiliate-and-a-customer",
);

/// Our own configs, after the scenarios: what the scenarios do not use (KWD and JPY, no
/// auto-approval, a code prefix, first-click lifetime attribution, tiers by revenue, caps, deep
/// levels, no holding period, no payout minimum, a second currency with amounts per currency and a
/// flat rule in one currency only) and the month example's config.
pub const CONFIGS: &[(&str, &str)] = &[
    (
        "kwd-strict",
        r#"{"currency": "KWD", "currencies": ["KWD", "EUR"], "timezone": "America/New_York",
            "rounding": "toward_zero", "holding_days": 0, "minimum_payout": {"KWD": "1.000", "EUR": "5"},
            "attribution": {"window_days": 1, "model": "first_click", "lifetime_customers": true},
            "invitations": {"expiry_days": 1, "batch_limit": 3},
            "code_policy": {"prefix": "R", "generated_length": 4, "min_length": 2, "max_length": 12, "reserved": ["ADMIN"]},
            "auto_approve": false,
            "plan": {"currency": "KWD", "period": "quarter", "base": {"include_tax": true, "include_shipping": true},
              "rules": [
                {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "7.5"},
                {"id": "unit", "target": {"type": "product", "products": ["p"]}, "commission": "flat_per_unit",
                 "amount": {"amount": "0.125", "currency": "KWD"}, "cap": {"KWD": "1.000", "EUR": "3.00"}},
                {"id": "subs", "target": {"type": "product", "products": ["pro-plan"]}, "commission": "percentage", "rate": "30",
                 "conditions": {"payments": {"type": "first_n", "count": 2}}},
                {"id": "vol", "target": {"type": "group", "group": "gold"}, "commission": "tiered", "metric": "revenue",
                 "tiers": [{"threshold": {"KWD": "0", "EUR": "0"}, "rate": "5"},
                           {"threshold": {"KWD": "100", "EUR": "300"}, "rate": "12.5"}]},
                {"id": "new", "target": {"type": "category", "categories": ["books"]}, "commission": "flat_per_order",
                 "amount": {"KWD": "0.333", "EUR": "1.00"},
                 "conditions": {"new_customers_only": true, "countries": ["KW", "FR"]}}
              ],
              "caps": {"per_customer": {"KWD": "5.000", "EUR": "15.00"},
                       "per_affiliate_period": {"KWD": "50.000", "EUR": "150.00"}},
              "levels": [{"rate": "10", "of": "commission"}, {"rate": "1"}]}}"#,
    ),
    (
        "jpy-no-minimum",
        r#"{"currency": "JPY", "rounding": "half_even", "holding_days": 0, "minimum_payout": {"JPY": "0"},
            "plan": {"currency": "JPY", "period": "lifetime",
              "rules": [
                {"id": "default", "target": {"type": "program"}, "commission": "percentage", "rate": "10"},
                {"id": "books", "target": {"type": "category", "categories": ["books"]}, "commission": "percentage", "rate": "33.3333"},
                {"id": "months", "target": {"type": "product", "products": ["pro-plan"]}, "commission": "percentage", "rate": "50",
                 "conditions": {"payments": {"type": "months", "months": 1}}}
              ],
              "caps": {"per_order": {"amount": "1000", "currency": "JPY"}},
              "levels": [{"rate": "5"}, {"rate": "50", "of": "commission"}, {"rate": "0.5"}]}}"#,
    ),
    ("month-config", include_str!("../../tests/fixtures/month-config.json")),
];

/// Orders every world may track (`{CUR}` is the world's currency), besides its scenario's.
const ORDERS: &[&str] = &[
    r#"{"id": "o1", "currency": "{CUR}", "lines": [{"id": "l1", "product": "p", "quantity": 1, "unit_price": "600.00"}]}"#,
    r#"{"id": "o2", "currency": "{CUR}", "discount": "5.00", "lines": [
        {"id": "a", "product": "sku-3", "category": "cat-1", "quantity": 1, "unit_price": "199.99"},
        {"id": "b", "product": "sku-9", "category": "books", "quantity": 2, "unit_price": "19.90"},
        {"id": "c", "product": "other", "quantity": 1, "unit_price": "5.00"}]}"#,
    r#"{"id": "o3", "currency": "{CUR}", "code": "ALICE", "shipping": "4.90", "tax": "1.10",
        "customer": {"id": "c1", "email": "a@x.io", "country": "FR"}, "lines": [
        {"id": "l1", "product": "rust-book", "category": "books", "quantity": 2, "unit_price": "39.90", "tax": "3.00"},
        {"id": "l2", "product": "pro-plan", "quantity": 1, "unit_price": "19.99", "discount": "4.99"}]}"#,
    r#"{"id": "o4", "currency": "{CUR}", "customer": {"email": "b@x.io"},
        "lines": [{"id": "l1", "product": "p", "quantity": 3, "unit_price": "0.01"}]}"#,
    r#"{"id": "o5", "currency": "{CUR}", "discount": "1000", "customer": {"id": "c2"}, "lines": [
        {"id": "l1", "product": "course-rust", "category": "courses", "quantity": 1000, "unit_price": "1000000"},
        {"id": "l2", "product": "p", "quantity": 1, "unit_price": "1000"}]}"#,
    r#"{"id": "o6", "currency": "{CUR}", "customer": {"id": "c1"},
        "lines": [{"id": "l1", "product": "pro-plan", "quantity": 1, "unit_price": "1000000000000000"}]}"#,
];

const TIMES: &[&str] = &[
    "2026-01-01T00:00:00Z",
    "2026-01-01T01:00:00Z",
    "2026-01-02T00:00:00Z",
    "2026-01-16T00:00:00Z",
    "2026-02-01T00:00:00Z",
    "2026-03-02T00:00:00Z",
    "2026-03-29T01:30:00Z",
    "2027-02-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
];

/// The values operations pick from: each scenario's own values first, then generic ones.
#[derive(Default)]
struct Pools {
    affiliates: Vec<String>,
    host_ids: Vec<String>,
    names: Vec<String>,
    emails: Vec<String>,
    /// The customers' ids of the orders.
    customer_ids: Vec<String>,
    codes: Vec<String>,
    groups: Vec<String>,
    visitors: Vec<String>,
    incentives: Vec<Incentive>,
    orders: Vec<Order>,
    /// Order and payment ids: what refunds name.
    sale_ids: Vec<String>,
    order_ids: Vec<String>,
    payment_ids: Vec<String>,
    refund_ids: Vec<String>,
    amounts: Vec<Decimal>,
    plans: Vec<PlanSpec>,
    line_ids: Vec<String>,
    commission_ids: Vec<String>,
    payout_ids: Vec<String>,
    invitation_ids: Vec<String>,
    seeds: Vec<u64>,
    times: Vec<DateTime<Utc>>,
    reasons: Vec<String>,
}

/// Appends `value` unless present or the pool is full (a byte picks from at most 255 values).
fn add<T: PartialEq>(pool: &mut Vec<T>, value: T) {
    if pool.len() < 255 && !pool.contains(&value) {
        pool.push(value);
    }
}

fn add_all<'a>(pool: &mut Vec<String>, values: impl IntoIterator<Item = &'a str>) {
    for v in values {
        add(pool, v.to_string());
    }
}

impl Pools {
    fn collect(&mut self, command: &Command) {
        let mut times = Vec::new();
        match command {
            Command::RegisterAffiliate { registration: r, at } => {
                if let Some(id) = &r.id {
                    add(&mut self.host_ids, id.clone());
                    add(&mut self.affiliates, id.clone());
                }
                add(&mut self.names, r.name.clone());
                add(&mut self.emails, r.email.clone());
                r.code.iter().for_each(|c| add(&mut self.codes, c.clone()));
                r.group.iter().for_each(|g| add(&mut self.groups, g.clone()));
                r.parent.iter().for_each(|p| add(&mut self.affiliates, p.clone()));
                times.push(*at);
            }
            Command::UpdateAffiliate { affiliate_id, update, at } => {
                add(&mut self.affiliates, affiliate_id.clone());
                update.name.iter().for_each(|n| add(&mut self.names, n.clone()));
                update.email.iter().for_each(|e| add(&mut self.emails, e.clone()));
                update.group.iter().for_each(|g| add(&mut self.groups, g.clone()));
                times.push(*at);
            }
            Command::SetAffiliateStatus { affiliate_id, at, .. } | Command::DeleteAffiliate { affiliate_id, at } => {
                add(&mut self.affiliates, affiliate_id.clone());
                times.push(*at);
            }
            Command::AddCode { affiliate_id, code, incentive, expires_at, at } => {
                add(&mut self.affiliates, affiliate_id.clone());
                add(&mut self.codes, code.clone());
                incentive.iter().for_each(|i| add(&mut self.incentives, i.clone()));
                times.extend(expires_at.iter().copied().chain([*at]));
            }
            Command::GenerateCode { affiliate_id, seed, incentive, expires_at, at } => {
                add(&mut self.affiliates, affiliate_id.clone());
                add(&mut self.seeds, *seed);
                incentive.iter().for_each(|i| add(&mut self.incentives, i.clone()));
                times.extend(expires_at.iter().copied().chain([*at]));
            }
            Command::Invite { emails, invited_by, at } => {
                add_all(&mut self.emails, emails.iter().map(String::as_str));
                invited_by.iter().for_each(|a| add(&mut self.affiliates, a.clone()));
                times.push(*at);
            }
            Command::AcceptInvitation { invitation_id, acceptance, at } => {
                add(&mut self.invitation_ids, invitation_id.clone());
                acceptance.id.iter().for_each(|id| add(&mut self.host_ids, id.clone()));
                add(&mut self.names, acceptance.name.clone());
                acceptance.code.iter().for_each(|c| add(&mut self.codes, c.clone()));
                times.push(*at);
            }
            Command::RecordClick { visitor_id, code, at } => {
                add(&mut self.visitors, visitor_id.clone());
                add(&mut self.codes, code.clone());
                times.push(*at);
            }
            Command::TrackOrder { order, visitor_id, at } => {
                self.add_order(order);
                visitor_id.iter().for_each(|v| add(&mut self.visitors, v.clone()));
                times.push(*at);
            }
            Command::RecordPayment { payment, at } => {
                add(&mut self.payment_ids, payment.id.clone());
                add(&mut self.order_ids, payment.order_id.clone());
                times.push(*at);
            }
            Command::Refund { refund, at } | Command::Chargeback { refund, at } => {
                add(&mut self.refund_ids, refund.id.clone());
                add(&mut self.sale_ids, refund.order_id.clone());
                refund.amount.iter().for_each(|a| add(&mut self.amounts, *a));
                refund.lines.iter().flatten().for_each(|l| add(&mut self.line_ids, l.clone()));
                times.push(*at);
            }
            Command::RejectCommission { commission_id, reason, at }
            | Command::HoldCommission { commission_id, reason, at } => {
                add(&mut self.commission_ids, commission_id.clone());
                add(&mut self.reasons, reason.clone());
                times.push(*at);
            }
            Command::ReleaseCommission { commission_id, at } => {
                add(&mut self.commission_ids, commission_id.clone());
                times.push(*at);
            }
            Command::HoldAffiliate { affiliate_id, reason, at } | Command::RejectHeld { affiliate_id, reason, at } => {
                add(&mut self.affiliates, affiliate_id.clone());
                add(&mut self.reasons, reason.clone());
                times.push(*at);
            }
            Command::ReleaseAffiliate { affiliate_id, at } | Command::EraseAffiliate { affiliate_id, at } => {
                add(&mut self.affiliates, affiliate_id.clone());
                times.push(*at);
            }
            Command::EraseCustomer { customer, at } => {
                match customer.contains('@') {
                    true => add(&mut self.emails, customer.clone()),
                    false => add(&mut self.customer_ids, customer.clone()),
                }
                times.push(*at);
            }
            Command::MarkPayoutPaid { payout_id, reference, at } => {
                add(&mut self.payout_ids, payout_id.clone());
                reference.iter().for_each(|r| add(&mut self.reasons, r.clone()));
                times.push(*at);
            }
            Command::MarkPayoutFailed { payout_id, reason, at } => {
                add(&mut self.payout_ids, payout_id.clone());
                add(&mut self.reasons, reason.clone());
                times.push(*at);
            }
            Command::ExpireInvitations { at } | Command::ApproveDue { at } | Command::CreatePayouts { at } => {
                times.push(*at);
            }
            Command::SetPlan { plan, effective_from, at } => {
                add(&mut self.plans, plan.clone());
                times.extend([*effective_from, *at]);
            }
            Command::DrainEvents {} => {}
        }
        for t in times {
            add(&mut self.times, t);
        }
    }

    fn add_order(&mut self, order: &Order) {
        add(&mut self.order_ids, order.id.clone());
        order.code.iter().for_each(|c| add(&mut self.codes, c.clone()));
        order.customer.email.iter().for_each(|e| add(&mut self.emails, e.clone()));
        order.customer.id.iter().for_each(|c| add(&mut self.customer_ids, c.clone()));
        add_all(&mut self.line_ids, order.lines.iter().map(|l| l.id.as_str()));
        add(&mut self.orders, order.clone());
    }

    /// The generic values, after the scenario's own.
    fn add_generic(&mut self, config: &ProgramConfig) {
        self.times.sort();
        // The config's plan, and it at half the rates: versions that keep the currency and period.
        add(&mut self.plans, config.plan.clone());
        let mut halved = config.plan.clone();
        for rule in &mut halved.rules {
            rule.rate = rule.rate.map(|r| r / Decimal::TWO);
        }
        add(&mut self.plans, halved);
        let currency = config.currency;
        for (k, accepted) in config.currencies().into_iter().enumerate() {
            for json in ORDERS {
                // The orders in other currencies get ids of their own (`EUR-o1`).
                let json = if k == 0 { json.to_string() } else { json.replacen("\"o", &format!("\"{accepted}-o"), 1) };
                if let Ok(order) = Order::from_json(&json.replace("{CUR}", accepted.code())) {
                    self.add_order(&order);
                }
            }
        }
        add_all(&mut self.affiliates, ["aff_1", "aff_2", "aff_3", "aff_4", "aff_5", "host-1", "ghost"]);
        add_all(&mut self.host_ids, ["host-1", "aff_3", "bad id"]);
        let long = "n".repeat(321);
        add_all(&mut self.names, ["Alice", "Bob", "Carol", "  ", "x\u{7}y", long.as_str()]);
        add_all(&mut self.emails, ["a@x.io", "b@x.io", "c@x.io", "A@X.IO", "d@x.io", "not-an-email"]);
        let policy = &config.code_policy;
        let generated: Vec<String> = (1..=3).filter_map(|seed| generate_code_seeded(policy, seed).ok()).collect();
        let respelled = generated.first().map(|c| c.to_lowercase().replace('0', "o")).unwrap_or_default();
        add_all(&mut self.codes, generated.iter().map(String::as_str));
        add_all(&mut self.codes, [respelled.as_str(), "ALICE", "alice", "BOB", "CAROL25", "JOHNSMITH", "ADMIN"]);
        add_all(&mut self.codes, ["ab", "Ć0DE", "R-ABCD-E"]);
        add_all(&mut self.groups, ["gold", "silver", ""]);
        add_all(&mut self.visitors, ["v1", "v2", "bad visitor"]);
        let other = if currency == Currency::EUR { Currency::USD } else { Currency::EUR };
        let money = |amount: i64, scale: u32, currency| Money::new(Decimal::new(amount, scale), currency);
        for incentive in [
            Incentive { discount: Discount::PercentOff { percent: Decimal::TEN }, min_order: None, expires_at: None },
            Incentive {
                discount: Discount::AmountOff { amount: money(500, 2, currency) },
                min_order: Some(money(20, 0, currency)),
                expires_at: "2026-02-01T00:00:00Z".parse().ok(),
            },
            Incentive {
                discount: Discount::AmountOff { amount: money(5, 0, other) },
                min_order: None,
                expires_at: None,
            },
        ] {
            add(&mut self.incentives, incentive);
        }
        let order_ids: Vec<String> = self.order_ids.clone();
        add_all(&mut self.payment_ids, ["p1", "p2", "p3"]);
        for id in order_ids.iter().chain(self.payment_ids.clone().iter()) {
            add(&mut self.sale_ids, id.clone());
        }
        add_all(&mut self.refund_ids, ["r1", "r2", "r3", "r4"]);
        for amount in ["0.01", "0.5", "1", "10.00", "49.99", "100", "150.00", "599.99", "600.00", "1000000", "0.001"] {
            amount.parse().into_iter().for_each(|a| add(&mut self.amounts, a));
        }
        add_all(&mut self.line_ids, ["l1", "l2", "a", "b", "c", "zz"]);
        add_all(&mut self.commission_ids, ["com_1", "com_2", "com_3", "com_4", "com_5", "com_6", "com_8", "com_01"]);
        add_all(&mut self.payout_ids, ["pay_1", "pay_2", "pay_3", "pay_4", "pay_x"]);
        add_all(&mut self.invitation_ids, ["inv_1", "inv_2", "inv_3", "inv_4", "inv_0"]);
        for seed in [0, 1, 42, u64::MAX] {
            add(&mut self.seeds, seed);
        }
        for t in TIMES {
            t.parse().into_iter().for_each(|t| add(&mut self.times, t));
        }
        add_all(&mut self.reasons, ["fraud", "tr-1", " ", "x\u{0}"]);
    }
}

/// The verbs of the scenario steps that are commands.
const COMMAND_VERBS: &[&str] = affiliate_kit::program::Command::VERBS;

/// A scenario file as a world: its config, its command (and `restore`) steps, its values.
fn scenario_world(name: &str, json: &str) -> World {
    let doc: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("scenario {name}: {e}"));
    let config_json = doc.get("config").map(Value::to_string).unwrap_or_default();
    let config = ProgramConfig::from_json(&config_json).unwrap_or_else(|e| panic!("scenario {name} config: {e}"));
    let mut steps = Vec::new();
    for step in doc.get("steps").and_then(Value::as_array).into_iter().flatten() {
        let verb = step.get("verb").and_then(Value::as_str).unwrap_or_default();
        if verb == "restore" {
            steps.push(Step::Restore);
        } else if COMMAND_VERBS.contains(&verb) {
            let mut step = step.clone();
            if let Some(object) = step.as_object_mut() {
                for key in ["expect", "error", "note"] {
                    object.remove(key);
                }
            }
            // Steps that are not valid command JSON (bad-input scenarios) are left out.
            if let Ok(command) = serde_json::from_value::<Command>(step) {
                steps.push(Step::Command(Box::new(command)));
            }
        }
    }
    world(name, config, steps)
}

fn world(name: &str, config: ProgramConfig, steps: Vec<Step>) -> World {
    let mut pools = Pools::default();
    for step in &steps {
        if let Step::Command(command) = step {
            pools.collect(command);
        }
    }
    pools.add_generic(&config);
    World { name: name.to_string(), config, steps, pools }
}

impl World {
    /// The byte that picks `value` from the pool named `pool` (`affiliates`, `host_ids`, `names`,
    /// `emails`, `codes`, `groups`, `visitors`, `orders` (by id), `sale_ids`, `order_ids`,
    /// `payment_ids`, `refund_ids`, `amounts`, `line_ids`, `commission_ids`, `payout_ids`,
    /// `invitation_ids`, `seeds`, `times`, `reasons`), for writing inputs by hand.
    pub fn position(&self, pool: &str, value: &str) -> Option<u8> {
        let p = &self.pools;
        let strings = match pool {
            "affiliates" => &p.affiliates,
            "host_ids" => &p.host_ids,
            "names" => &p.names,
            "emails" => &p.emails,
            "codes" => &p.codes,
            "groups" => &p.groups,
            "visitors" => &p.visitors,
            "sale_ids" => &p.sale_ids,
            "order_ids" => &p.order_ids,
            "payment_ids" => &p.payment_ids,
            "refund_ids" => &p.refund_ids,
            "line_ids" => &p.line_ids,
            "commission_ids" => &p.commission_ids,
            "payout_ids" => &p.payout_ids,
            "invitation_ids" => &p.invitation_ids,
            "reasons" => &p.reasons,
            "orders" => return position(p.orders.iter().position(|o| o.id == value)),
            "amounts" => return position(p.amounts.iter().position(|a| a.to_string() == value)),
            "seeds" => return position(p.seeds.iter().position(|s| s.to_string() == value)),
            "times" => {
                let at: DateTime<Utc> = value.parse().ok()?;
                return position(p.times.iter().position(|t| *t == at));
            }
            _ => return None,
        };
        position(strings.iter().position(|s| s == value))
    }
}

fn position(index: Option<usize>) -> Option<u8> {
    index.and_then(|i| u8::try_from(i).ok())
}

/// Every world: the scenarios, then [`CONFIGS`]. Built once.
pub fn worlds() -> &'static [World] {
    static WORLDS: OnceLock<Vec<World>> = OnceLock::new();
    WORLDS.get_or_init(|| {
        let mut worlds: Vec<World> = SCENARIOS.iter().map(|(name, json)| scenario_world(name, json)).collect();
        for (name, json) in CONFIGS {
            let config = ProgramConfig::from_json(json).unwrap_or_else(|e| panic!("config {name}: {e}"));
            worlds.push(world(name, config, Vec::new()));
        }
        worlds
    })
}

/// The target: see the module documentation.
pub fn run(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let worlds = worlds();
    let Some(world) = pick(&mut u, worlds) else { return };
    let mut harness = Harness::new(world);
    for _ in 0..MAX_OPS {
        if u.is_empty() {
            break;
        }
        harness.step(&mut u);
    }
    harness.finish();
}

fn byte(u: &mut Unstructured<'_>) -> usize {
    usize::from(u8::arbitrary(u).unwrap_or(0))
}

/// The affiliate's own rates `update_affiliate` tries: set, cleared, and refused.
const RATES: [&str; 7] = ["25", "0", "100", "12.5", "", "abc", "100.5"];

/// One value of `pool` (`None` only for an empty pool).
fn pick<'p, T>(u: &mut Unstructured<'_>, pool: &'p [T]) -> Option<&'p T> {
    let b = byte(u);
    pool.get(b.checked_rem(pool.len())?)
}

/// `None` (byte 0) or one value of `pool`.
fn pick_opt<'p, T>(u: &mut Unstructured<'_>, pool: &'p [T]) -> Option<&'p T> {
    let b = byte(u) % (pool.len() + 1);
    b.checked_sub(1).and_then(|i| pool.get(i))
}

fn pick_string(u: &mut Unstructured<'_>, pool: &[String]) -> String {
    pick(u, pool).cloned().unwrap_or_default()
}

fn pick_opt_string(u: &mut Unstructured<'_>, pool: &[String]) -> Option<String> {
    pick_opt(u, pool).cloned()
}

/// The state of one run.
struct Harness<'w> {
    world: &'w World,
    program: Program,
    /// Every accepted command since the start (across restores).
    accepted: Vec<Command>,
    /// Where the live program's command log starts in `accepted` (after the last restore).
    log_start: usize,
    /// Accepted orders, payments, refunds and chargebacks with their first outcome, for retries.
    idempotent: Vec<(Command, CommandOutcome)>,
    byte_checks: u32,
    ops: usize,
}

impl<'w> Harness<'w> {
    fn new(world: &'w World) -> Harness<'w> {
        let program = Program::new(world.config.clone()).unwrap_or_else(|e| panic!("{}: {e}", world.name));
        Harness { world, program, accepted: Vec::new(), log_start: 0, idempotent: Vec::new(), byte_checks: 0, ops: 0 }
    }

    fn what(&self, verb: &str) -> String {
        format!("{} op {} ({verb})", self.world.name, self.ops)
    }

    fn step(&mut self, u: &mut Unstructured<'_>) {
        self.ops += 1;
        let world = self.world;
        let p = &world.pools;
        let code = u8::try_from(byte(u) % usize::from(op::COUNT)).unwrap_or(op::SCENARIO);
        let command = match code {
            op::SCENARIO => match pick(u, &world.steps) {
                Some(Step::Command(command)) => Some((**command).clone()),
                Some(Step::Restore) => return self.restore(),
                None => None,
            },
            op::REGISTER => Some(Command::RegisterAffiliate {
                registration: Registration {
                    id: pick_opt_string(u, &p.host_ids),
                    name: pick_string(u, &p.names),
                    email: pick_string(u, &p.emails),
                    code: pick_opt_string(u, &p.codes),
                    group: pick_opt_string(u, &p.groups),
                    parent: pick_opt_string(u, &p.affiliates),
                },
                at: self.at(u),
            }),
            op::UPDATE => Some(Command::UpdateAffiliate {
                affiliate_id: pick_string(u, &p.affiliates),
                update: AffiliateUpdate {
                    name: pick_opt_string(u, &p.names),
                    email: pick_opt_string(u, &p.emails),
                    group: pick_opt_string(u, &p.groups),
                    commission_rate: pick_opt(u, &RATES).map(|r| r.to_string()),
                },
                at: self.at(u),
            }),
            op::SET_STATUS => Some(Command::SetAffiliateStatus {
                affiliate_id: pick_string(u, &p.affiliates),
                status: *pick(u, &STATUSES).unwrap_or(&AffiliateStatus::Active),
                at: self.at(u),
            }),
            op::DELETE => {
                Some(Command::DeleteAffiliate { affiliate_id: pick_string(u, &p.affiliates), at: self.at(u) })
            }
            op::ADD_CODE => Some(Command::AddCode {
                affiliate_id: pick_string(u, &p.affiliates),
                code: pick_string(u, &p.codes),
                incentive: pick_opt(u, &p.incentives).cloned(),
                expires_at: pick_opt(u, &p.times).copied(),
                at: self.at(u),
            }),
            op::GENERATE_CODE => Some(Command::GenerateCode {
                affiliate_id: pick_string(u, &p.affiliates),
                seed: pick(u, &p.seeds).copied().unwrap_or_default(),
                incentive: pick_opt(u, &p.incentives).cloned(),
                expires_at: pick_opt(u, &p.times).copied(),
                at: self.at(u),
            }),
            op::INVITE => {
                let count = byte(u) % 4;
                let emails = (0..count).map(|_| pick_string(u, &p.emails)).collect();
                Some(Command::Invite { emails, invited_by: pick_opt_string(u, &p.affiliates), at: self.at(u) })
            }
            op::ACCEPT => Some(Command::AcceptInvitation {
                invitation_id: pick_string(u, &p.invitation_ids),
                acceptance: Acceptance {
                    id: pick_opt_string(u, &p.host_ids),
                    name: pick_string(u, &p.names),
                    code: pick_opt_string(u, &p.codes),
                },
                at: self.at(u),
            }),
            op::EXPIRE => Some(Command::ExpireInvitations { at: self.at(u) }),
            op::CLICK => Some(Command::RecordClick {
                visitor_id: pick_string(u, &p.visitors),
                code: pick_string(u, &p.codes),
                at: self.at(u),
            }),
            op::TRACK => {
                let (order, visitor_id) = self.order(u);
                Some(Command::TrackOrder { order, visitor_id, at: self.at(u) })
            }
            op::PAYMENT => Some(Command::RecordPayment { payment: self.payment(u), at: self.at(u) }),
            op::SET_PLAN => pick(u, &p.plans).cloned().map(|plan| Command::SetPlan {
                plan,
                effective_from: self.at(u),
                at: self.at(u),
            }),
            op::REFUND => Some(Command::Refund { refund: self.refund(u), at: self.at(u) }),
            op::CHARGEBACK => Some(Command::Chargeback { refund: self.refund(u), at: self.at(u) }),
            op::APPROVE_DUE => Some(Command::ApproveDue { at: self.at(u) }),
            op::REJECT => Some(Command::RejectCommission {
                commission_id: pick_string(u, &p.commission_ids),
                reason: pick_string(u, &p.reasons),
                at: self.at(u),
            }),
            op::ERASE => {
                let at = self.at(u);
                Some(match u.int_in_range(0..=2u8).unwrap_or(0) {
                    0 => Command::EraseAffiliate { affiliate_id: pick_string(u, &p.affiliates), at },
                    1 => Command::EraseCustomer { customer: pick_string(u, &p.emails), at },
                    _ => Command::EraseCustomer { customer: pick_string(u, &p.customer_ids), at },
                })
            }
            op::HOLD => {
                let (affiliate_id, commission_id) = (pick_string(u, &p.affiliates), pick_string(u, &p.commission_ids));
                let (reason, at) = (pick_string(u, &p.reasons), self.at(u));
                Some(match u.int_in_range(0..=4u8).unwrap_or(0) {
                    0 => Command::HoldAffiliate { affiliate_id, reason, at },
                    1 => Command::ReleaseAffiliate { affiliate_id, at },
                    2 => Command::RejectHeld { affiliate_id, reason, at },
                    3 => Command::HoldCommission { commission_id, reason, at },
                    _ => Command::ReleaseCommission { commission_id, at },
                })
            }
            op::CREATE_PAYOUTS => Some(Command::CreatePayouts { at: self.at(u) }),
            op::MARK_PAID => Some(Command::MarkPayoutPaid {
                payout_id: pick_string(u, &p.payout_ids),
                reference: pick_opt_string(u, &p.reasons),
                at: self.at(u),
            }),
            op::MARK_FAILED => Some(Command::MarkPayoutFailed {
                payout_id: pick_string(u, &p.payout_ids),
                reason: pick_string(u, &p.reasons),
                at: self.at(u),
            }),
            op::DRAIN => Some(Command::DrainEvents {}),
            op::RETRY => return self.retry(u),
            op::RESTORE => return self.restore(),
            _ => return self.read(u),
        };
        if let Some(command) = command {
            self.execute(command);
        }
    }

    fn at(&self, u: &mut Unstructured<'_>) -> DateTime<Utc> {
        pick(u, &self.world.pools.times).copied().unwrap_or_default()
    }

    /// An order template with its id, code and customer e-mail possibly replaced, and a visitor.
    fn order(&self, u: &mut Unstructured<'_>) -> (Order, Option<String>) {
        let p = &self.world.pools;
        let mut order = pick(u, &p.orders).cloned().unwrap_or_else(|| panic!("{}: no orders", self.world.name));
        if let Some(id) = pick_opt(u, &p.order_ids) {
            order.id = id.clone();
        }
        match byte(u) % (p.codes.len() + 2) {
            0 => {}
            1 => order.code = None,
            k => order.code = p.codes.get(k - 2).cloned(),
        }
        match byte(u) % (p.emails.len() + 2) {
            0 => {}
            1 => order.customer.email = None,
            k => order.customer.email = p.emails.get(k - 2).cloned(),
        }
        (order, pick_opt_string(u, &p.visitors))
    }

    /// A payment: the first order's lines again, an amount, or the lines of an order of the pool.
    fn payment(&self, u: &mut Unstructured<'_>) -> Payment {
        let p = &self.world.pools;
        let mut payment = Payment::new(pick_string(u, &p.payment_ids), pick_string(u, &p.order_ids));
        match byte(u) % 3 {
            0 => {}
            1 => payment.amount = pick(u, &p.amounts).copied(),
            _ => payment.lines = pick(u, &p.orders).map(|o| o.lines.clone()),
        }
        payment
    }

    fn refund(&self, u: &mut Unstructured<'_>) -> Refund {
        let p = &self.world.pools;
        let id = pick_string(u, &p.refund_ids);
        let order_id = pick_string(u, &p.sale_ids);
        let (amount, lines) = match byte(u) % 3 {
            0 => (None, None),
            1 => (pick(u, &p.amounts).copied(), None),
            _ => {
                let count = 1 + byte(u) % 3;
                (None, Some((0..count).map(|_| pick_string(u, &p.line_ids)).collect()))
            }
        };
        Refund { id, order_id, amount, lines }
    }

    /// Runs one command through [`execute_checked`] and keeps what the run needs of it.
    fn execute(&mut self, command: Command) -> Option<CommandOutcome> {
        let what = self.what(command.verb());
        let byte_check = self.byte_checks < BYTE_CHECKS;
        let sale_ids = &self.world.pools.sale_ids;
        let result = execute_checked(&mut self.program, command.clone(), sale_ids, &what, byte_check, Level::Live);
        let Ok(outcome) = result else {
            self.byte_checks += u32::from(byte_check);
            return None;
        };
        if matches!(
            command,
            Command::TrackOrder { .. }
                | Command::RecordPayment { .. }
                | Command::Refund { .. }
                | Command::Chargeback { .. }
        ) && self.idempotent.len() < 255
        {
            self.idempotent.push((command.clone(), outcome.clone()));
        }
        if erases(&command) {
            // Erased orders no longer answer their first payload (their customer is gone).
            self.idempotent.clear();
            self.accepted.push(command);
            self.log_start = self.accepted.len();
        } else {
            self.accepted.push(command);
        }
        Some(outcome)
    }

    /// Retries an accepted order, payment, refund or chargeback: the first outcome, nothing written.
    fn retry(&mut self, u: &mut Unstructured<'_>) {
        let Some((command, first)) = pick(u, &self.idempotent).cloned() else { return };
        let what = self.what("retry");
        let before = self.program.clone();
        let again = self.program.execute(command.clone());
        assert_eq!(again.as_ref().ok(), Some(&first), "{what}: {command:?} answers differently ({again:?})");
        assert!(self.program == before, "{what}: retrying {} changed the program", command.verb());
        self.accepted.push(command);
    }

    fn restore(&mut self) {
        let what = self.what("restore");
        let snapshot = self.program.snapshot();
        let restored = Program::restore(&snapshot).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(restored == self.program, "{what}: the restored program differs");
        assert_eq!(restored.snapshot(), snapshot, "{what}: the restored program snapshots differently");
        self.program = restored;
        self.log_start = self.accepted.len();
        check_program(&self.program, self.world.pools.sale_ids.iter().map(String::as_str), &what, Level::Live);
    }

    fn read(&mut self, u: &mut Unstructured<'_>) {
        let world = self.world;
        let p = &world.pools;
        let what = self.what("read");
        match byte(u) % 7 {
            0 => {
                // `quote` answers what `track_order` then does.
                let (order, visitor_id) = self.order(u);
                let at = self.at(u);
                let quoted = self.program.quote(&order, visitor_id.as_deref(), at);
                let tracked = self.execute(Command::TrackOrder { order, visitor_id, at });
                match (&quoted, tracked) {
                    (Ok(q), Some(CommandOutcome::Tracked(t))) => assert_eq!(q, &*t, "{what}: quote ≠ track_order"),
                    (Err(_), None) => {}
                    (q, t) => panic!("{what}: quote gave {q:?} but track_order {t:?}"),
                }
            }
            1 => {
                let affiliate = pick_string(u, &p.affiliates);
                let currency =
                    *pick(u, &[self.program.config().currency, Currency::EUR, Currency::JPY]).unwrap_or(&Currency::EUR);
                if let Err(e) = self.program.balance(&affiliate, currency) {
                    assert_eq!(e.kind().code(), "NOT_FOUND", "{what}: balance: {e}");
                }
            }
            2 => {
                let code = pick_string(u, &p.codes);
                let at = self.at(u);
                let v = self.program.validate_code(&code, at);
                assert_eq!(v.valid, v.reason == affiliate_kit::program::CodeValidity::Valid, "{what}: {v:?}");
                assert!(v.valid || v.incentive.is_none(), "{what}: an incentive for an invalid code: {v:?}");
                if v.valid {
                    let owner = self.program.affiliate_by_code(&code).unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_eq!(Some(owner.id), v.affiliate_id, "{what}: validate_code and affiliate_by_code");
                }
            }
            3 => {
                let affiliate = pick_opt_string(u, &p.affiliates);
                if let Err(e) = self.program.stats(affiliate.as_deref()) {
                    assert_eq!(e.kind().code(), "NOT_FOUND", "{what}: stats: {e}");
                }
            }
            4 => {
                let granularity = *pick(u, &GRANULARITIES).unwrap_or(&Granularity::Month);
                let (from, to) = (self.at(u), self.at(u));
                let affiliate = pick_opt_string(u, &p.affiliates);
                if let Err(e) = self.program.report(granularity, from, to, affiliate.as_deref()) {
                    let code = e.kind().code();
                    assert!(["NOT_FOUND", "LIMIT_EXCEEDED", "OVERFLOW"].contains(&code), "{what}: report: {e}");
                }
            }
            5 => {
                let code = pick_string(u, &p.codes);
                if let Ok(view) = self.program.affiliate_by_code(&code) {
                    let key = canonical_code(&code, &self.program.config().code_policy).unwrap_or_default();
                    assert!(view.codes.contains(&key), "{what}: {code:?} found {} without it", view.id);
                }
            }
            _ => {
                let total = self.program.events_since(0).len();
                let n = byte(u);
                let expected = total.saturating_sub(n);
                assert_eq!(self.program.events_since(n as u64).len(), expected, "{what}: events_since({n})");
            }
        }
    }

    /// The end of a run: replay and the command log. (Restoring is checked by [`op::RESTORE`], which
    /// the fuzzer puts anywhere, the end included: restoring costs as much as the rest of a run.)
    fn finish(self) {
        let what = format!("{} after {} ops", self.world.name, self.ops);
        let live = self.program.snapshot();
        let replayed = Program::replay(self.world.config.clone(), &self.accepted)
            .unwrap_or_else(|e| panic!("{what}: replay of the {} accepted commands fails: {e}", self.accepted.len()));
        assert_eq!(replayed.snapshot(), live, "{what}: replay differs from the live program");
        assert_eq!(
            self.program.command_log(),
            self.accepted.get(self.log_start..).unwrap_or_default(),
            "{what}: the command log"
        );
    }
}

/// Runs `command` on `program` and checks what it must leave: a rejection changes nothing (`==`, and
/// byte-identical snapshots with `byte_check`) and is not logged; an acceptance is logged as given,
/// its answer adds up, and [`check_program`] holds after it at `level`. `sale_ids` are the sales to
/// check.
pub fn execute_checked(
    program: &mut Program,
    command: Command,
    sale_ids: &[String],
    what: &str,
    byte_check: bool,
    level: Level,
) -> Result<CommandOutcome, affiliate_kit::Error> {
    let before = program.clone();
    let log = program.command_log().len();
    match program.execute(command.clone()) {
        Err(e) => {
            let message = e.to_string();
            assert!(!e.kind().code().is_empty() && !message.is_empty(), "{what}: {e:?}");
            assert!(*program == before, "{what}: rejected ({message}) but the program changed");
            if byte_check {
                assert_eq!(program.snapshot(), before.snapshot(), "{what}: rejected ({message}) but changed");
            }
            assert_eq!(program.command_log().len(), log, "{what}: a rejected command was logged");
            Err(e)
        }
        // An erasure drops the log (it held the personal data as given) and is not logged itself.
        Ok(outcome) if erases(&command) => {
            assert!(program.command_log().is_empty(), "{what}: the log outlived an erasure");
            check_program(program, sale_ids.iter().map(String::as_str), what, level);
            Ok(outcome)
        }
        Ok(outcome) => {
            assert_eq!(program.command_log().len(), log + 1, "{what}: not logged once");
            assert_eq!(program.command_log().last(), Some(&command), "{what}: logged differently");
            check_outcome(program, &command, &outcome, what);
            check_program(program, sale_ids.iter().map(String::as_str), what, level);
            Ok(outcome)
        }
    }
}

fn erases(command: &Command) -> bool {
    matches!(command, Command::EraseAffiliate { .. } | Command::EraseCustomer { .. })
}

fn check_outcome(program: &Program, command: &Command, outcome: &CommandOutcome, what: &str) {
    match (command, outcome) {
        (Command::ApproveDue { at }, CommandOutcome::Commissions(approved)) => {
            check_nothing_due(program, *at, what);
            let holding = chrono::TimeDelta::days(i64::from(program.config().holding_days));
            for c in approved {
                let due = at.checked_sub_signed(holding).is_some_and(|cutoff| c.created_at <= cutoff);
                assert!(due, "{what}: approved {} created at {}", c.id, c.created_at);
            }
        }
        (Command::CreatePayouts { .. }, CommandOutcome::Payouts(payouts)) => {
            check_nothing_payable(program, what);
            for pair in payouts.windows(2) {
                if let [a, b] = pair {
                    assert!(a.affiliate_id <= b.affiliate_id, "{what}: payouts out of affiliate order");
                }
            }
            for payout in payouts {
                let minimum = program.config().minimum_for(payout.amount.currency);
                assert!(payout.amount.amount >= minimum, "{what}: {} is below the minimum {minimum}", payout.id);
            }
        }
        (Command::TrackOrder { .. } | Command::RecordPayment { .. }, CommandOutcome::Tracked(outcome)) => {
            let total: Decimal = outcome.commissions.iter().map(|c| c.amount.amount).sum();
            assert_eq!(outcome.total.amount, total, "{what}: the outcome's total");
            assert_eq!(outcome.credited, !outcome.commissions.is_empty(), "{what}: credited");
            if let Some(quote) = &outcome.quote {
                assert!(outcome.total.amount <= quote.total.amount, "{what}: pays more than its quote");
                for c in &outcome.commissions {
                    let line = quote
                        .lines
                        .iter()
                        .find(|l| l.beneficiary == c.affiliate_id && l.level == c.level && l.rule_id == c.rule_id);
                    assert_eq!(line.map(|l| l.amount), Some(c.amount), "{what}: {} is not its quote line", c.id);
                }
            }
        }
        (Command::Refund { .. } | Command::Chargeback { .. }, CommandOutcome::Refunded(o)) => {
            assert!(o.amount.amount > Decimal::ZERO && o.remaining.amount >= Decimal::ZERO, "{what}: {o:?}");
            assert!(o.reversals.iter().all(|r| r.amount.amount > Decimal::ZERO), "{what}: {o:?}");
        }
        _ => {}
    }
}

const STATUSES: [AffiliateStatus; 5] = [
    AffiliateStatus::Active,
    AffiliateStatus::Inactive,
    AffiliateStatus::Suspended,
    AffiliateStatus::Pending,
    AffiliateStatus::Deleted,
];

const GRANULARITIES: [Granularity; 5] =
    [Granularity::Day, Granularity::Week, Granularity::Month, Granularity::Quarter, Granularity::Year];

/// Encodes a run of a world's scenario steps (all of them when `steps` is `None`): the seed input
/// that replays the scenario file.
pub fn encode_scenario(world: usize, steps: Option<usize>) -> Vec<u8> {
    let mut bytes = vec![u8::try_from(world).unwrap_or(0)];
    let count = worlds().get(world).map_or(0, |w| w.steps.len()).min(steps.unwrap_or(usize::MAX)).min(MAX_OPS);
    for i in 0..count {
        bytes.extend([op::SCENARIO, u8::try_from(i).unwrap_or(0)]);
    }
    bytes
}
