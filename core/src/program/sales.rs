//! Sales (tracked orders and subscription payments), their outcomes, and refunds.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::affiliate::AffiliateStatus;
use super::ledger::{CommissionView, EntryKind};
use crate::money::{decimal, Money};
use crate::plan::{Order, Quote, QuoteContext};

/// How an order was attributed to its affiliate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionSource {
    /// The referral code entered at checkout.
    Code,
    /// A click by the same visitor within the attribution window.
    Click,
    /// The customer's lifetime link to an affiliate.
    Lifetime,
    /// The subscription's first order (for payments).
    Subscription,
}

/// Why a tracked sale earns nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoCreditReason {
    /// No valid code, no click in the window, no lifetime link.
    NoAttribution,
    /// The affiliate is not active (see `affiliate_status`).
    AffiliateNotActive,
    /// The customer's e-mail is the affiliate's own.
    SelfReferral,
    /// The plan paid nothing for this order.
    NoCommission,
}

/// What tracking a sale answered. Tracking the same order id again with the same payload answers
/// this same outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackOutcome {
    /// The order id, or the payment id for subscription payments.
    pub sale_id: String,
    /// The order (for payments: the subscription's first order).
    pub order_id: String,
    /// 1 for an order, 2, 3, ... for follow-up payments.
    pub payment_number: u32,
    /// The attributed affiliate, if any.
    pub affiliate_id: Option<String>,
    /// How it was attributed.
    pub attributed_by: Option<AttributionSource>,
    /// The code that attributed it (canonical), when by code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The affiliate's status when tracked, when not active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliate_status: Option<AffiliateStatus>,
    /// Whether commissions were written.
    pub credited: bool,
    /// Why not, when not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<NoCreditReason>,
    /// The commissions written, one per beneficiary level.
    pub commissions: Vec<CommissionView>,
    /// Their sum.
    pub total: Money,
    /// The plan's quote with its explanation (when an affiliate was attributed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
}

/// Where a sale comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleOrigin {
    /// An order passed to `track_order`.
    Order,
    /// A follow-up payment passed to `record_payment`.
    Payment,
}

/// A tracked sale as the program keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    /// Order id or payment id (unique across both).
    pub id: String,
    /// Order or payment.
    pub origin: SaleOrigin,
    /// The order content (for payments: the first order's content under the payment's id).
    pub order: Order,
    /// The visitor id given when tracking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The answer given.
    pub outcome: TrackOutcome,
    /// What the customer paid: lines net of discounts, plus tax and shipping.
    #[serde(with = "decimal::string")]
    pub gross: Decimal,
    /// Refunded (and charged back) so far.
    #[serde(with = "decimal::string")]
    pub refunded: Decimal,
    /// Lines refunded whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refunded_lines: Vec<String>,
    /// For orders: payments recorded so far, this order being payment 1.
    pub payments: u32,
    /// Whether the customer had never bought before this sale.
    pub new_customer: bool,
}

/// A tracked sale as the program keeps it: [`Sale`] without the explained quote, which
/// [`super::Program::explain`] rebuilds from the order, the plan and this sale's [`SaleContext`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SaleRecord {
    pub id: String,
    pub origin: SaleOrigin,
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    pub at: DateTime<Utc>,
    /// The answer given, without its `quote` (except in sales restored from schema-1 snapshots, which
    /// kept the quote there and not its context).
    pub outcome: TrackOutcome,
    #[serde(with = "decimal::string")]
    pub gross: Decimal,
    #[serde(with = "decimal::string")]
    pub refunded: Decimal,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refunded_lines: Vec<String>,
    pub payments: u32,
    pub new_customer: bool,
    /// What the quote was computed from, when the plan quoted the sale (and the outcome does not
    /// hold the quote, as sales restored from schema-1 snapshots do).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<Box<SaleContext>>,
}

impl SaleRecord {
    /// The public sale, with the quote given.
    pub fn to_sale(&self, quote: Option<Quote>) -> Sale {
        let mut outcome = self.outcome.clone();
        outcome.quote = quote;
        Sale {
            id: self.id.clone(),
            origin: self.origin,
            order: self.order.clone(),
            visitor_id: self.visitor_id.clone(),
            at: self.at,
            outcome,
            gross: self.gross,
            refunded: self.refunded,
            refunded_lines: self.refunded_lines.clone(),
            payments: self.payments,
            new_customer: self.new_customer,
        }
    }
}

/// What a sale's quote was computed from besides the order, the plan and the sale itself (its
/// affiliate, `at`, payment number and whether the customer was new): the affiliate's group and
/// parent chain then, and their volumes before the sale. Later changes to the affiliate or the
/// ledger do not change it, so the quote rebuilt from it is the one answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SaleContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    #[serde(default)]
    pub period_sales_count: u32,
    #[serde(default, with = "decimal::string")]
    pub period_revenue: Decimal,
    #[serde(default, with = "decimal::string")]
    pub period_earned: Decimal,
    #[serde(default, with = "decimal::string")]
    pub customer_earned: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_payment_at: Option<DateTime<Utc>>,
}

impl SaleContext {
    /// What a quote context keeps that the sale does not.
    pub fn of(ctx: &QuoteContext) -> SaleContext {
        SaleContext {
            group: ctx.group.clone(),
            parents: ctx.parents.clone(),
            period_sales_count: ctx.period_sales_count,
            period_revenue: ctx.period_revenue,
            period_earned: ctx.period_earned,
            customer_earned: ctx.customer_earned,
            first_payment_at: ctx.first_payment_at,
        }
    }
}

/// The kinds of order update (the `kind` of `order.updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// A subscription or installment payment.
    Payment,
    /// A refund.
    Refund,
    /// A chargeback.
    Chargeback,
}

/// A follow-up payment of a subscription or installment plan: it repeats the first order's lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The payment's id (idempotency key; unique across orders and payments).
    pub id: String,
    /// The subscription's first order.
    pub order_id: String,
}

/// A refund or chargeback of a sale: the whole remaining amount, an amount, or whole lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refund {
    /// The refund's id (idempotency key).
    pub id: String,
    /// The sale refunded: an order id or a payment id.
    pub order_id: String,
    /// The amount refunded; with `lines` absent too, everything left is refunded.
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Lines refunded whole (their amount net of discounts, plus their tax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<String>>,
}

/// One commission's correction by a refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reversal {
    /// The commission corrected.
    pub commission_id: String,
    /// Its beneficiary.
    pub affiliate_id: String,
    /// `reversal` (unpaid) or `clawback` (paid or in a payout).
    pub kind: EntryKind,
    /// The amount taken back (positive).
    pub amount: Money,
}

/// What a refund or chargeback answered. The same refund id with the same payload answers it again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundOutcome {
    /// The refund's id.
    pub refund_id: String,
    /// The sale.
    pub order_id: String,
    /// Refund or chargeback.
    pub kind: UpdateKind,
    /// The amount refunded.
    pub amount: Money,
    /// What is left to refund on the sale.
    pub remaining: Money,
    /// The corrections written.
    pub reversals: Vec<Reversal>,
}

/// A refund as the program keeps it, for idempotency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct RefundRecord {
    pub kind: UpdateKind,
    pub refund: Refund,
    pub outcome: RefundOutcome,
}
