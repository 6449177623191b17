//! Sales (tracked orders and subscription payments), their outcomes, and refunds.

pub(in crate::program) mod explain;
pub(in crate::program) mod packed_order;
pub(in crate::program) mod refund_effects;
pub(in crate::program) mod refunds;
pub(in crate::program) mod table;
pub(in crate::program) mod tracking;
pub(in crate::program) mod what_if;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::{decimal, Money, RoundingMode};
use crate::plan::{Order, OrderLine, Quote, QuoteContext};
use crate::program::affiliates::AffiliateStatus;
use crate::program::fraud::FraudFlag;
use crate::program::ledger::{CommissionView, EntryKind};
use crate::program::state::compact::{Opt32, Units};

/// How an order was attributed to its affiliate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// The fraud rules that flagged the sale, with their reasons: its commissions were written held.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<FraudFlag>,
    /// The commissions written, one per beneficiary level (held when the sale was flagged or their
    /// affiliate is on hold).
    pub commissions: Vec<CommissionView>,
    /// Their sum.
    pub total: Money,
    /// The plan's quote with its explanation (when an affiliate was attributed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<Quote>,
}

/// Where a sale comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SaleOrigin {
    /// An order passed to `track_order`.
    Order,
    /// A follow-up payment passed to `record_payment`.
    Payment,
}

/// A tracked sale as the program keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub gross: Decimal,
    /// Refunded (and charged back) so far.
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
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

/// A tracked sale as snapshots hold it: [`Sale`] without the explained quote, which
/// [`crate::program::Program::explain`] rebuilds from the order, the plan and its [`SaleContext`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SaleDoc {
    pub id: String,
    pub origin: SaleOrigin,
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    pub at: DateTime<Utc>,
    /// The answer given, without its `quote` (except in sales restored from schema-1 snapshots, which
    /// kept the quote there and not its context).
    pub outcome: TrackOutcome,
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(with = "decimal::string")]
    pub gross: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
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

/// A tracked sale as the program keeps it: what its answer said, with numbers for what it names
/// (the affiliate, the first order, its commissions: consecutive, from `first_commission`), and the
/// context of its quote. [`crate::program::Program`] builds the [`TrackOutcome`] and the [`SaleDoc`] from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SaleRecord {
    /// Where its packed order ends in the sales' bytes (`Sales`): its id, visitor id, context
    /// amounts and order (for payments: the first order's content under the payment's id).
    pub packed_end: u64,
    pub origin: SaleOrigin,
    pub at: DateTime<Utc>,
    /// The order's subtotal (kept for the reads that sum it over every sale, such as reports), or
    /// `Units::NONE` when it does not fit (read from the order then: `SaleRef::subtotal`).
    pub subtotal: Units,
    /// Index of the subscription's first order (the sale itself for an order).
    pub root: u32,
    pub payment_number: u32,
    /// Index of the attributed affiliate.
    pub affiliate: Opt32,
    pub attributed_by: Option<AttributionSource>,
    /// The code that attributed it, a symbol of the program's codes.
    pub code: Opt32,
    pub affiliate_status: Option<AffiliateStatus>,
    /// Why it earns nothing; `None` when credited (it wrote commissions).
    pub reason: Option<NoCreditReason>,
    pub first_commission: u32,
    pub commission_count: u32,
    /// For orders: payments recorded so far, this order being payment 1.
    pub payments: u32,
    pub new_customer: bool,
    /// What its quote was computed from; `ContextRecord::NONE` when the plan did not quote it.
    pub context: ContextRecord,
}

/// What a sale had refunded (and charged back).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Refunded {
    pub amount: Decimal,
    /// Lines refunded whole.
    pub lines: Vec<String>,
}

impl SaleRecord {
    /// Whether it wrote commissions.
    pub fn credited(&self) -> bool {
        self.commission_count > 0
    }

    /// The indices of its commissions.
    pub fn commissions(&self) -> std::ops::Range<usize> {
        let first = self.first_commission as usize;
        first..first + self.commission_count as usize
    }

    /// The affiliate whose period volume the sale counts in: the attributed affiliate when they could
    /// earn (active, not a self-referral), whether or not the plan paid anything, so that sales below
    /// a first tier (or past a cap) still count towards the tiers.
    pub fn volume_affiliate(&self) -> Option<u32> {
        self.affiliate.get().filter(|_| counts_volume(self.reason))
    }
}

/// Whether a sale with this no-credit reason counts in its affiliate's volume: when they could earn
/// (active, not a self-referral), whether or not the plan paid anything.
pub(crate) fn counts_volume(reason: Option<NoCreditReason>) -> bool {
    matches!(reason, None | Some(NoCreditReason::NoCommission))
}

/// A [`SaleContext`] with numbers for what it names: the group and the parent chain as symbols of
/// the program's tables (its amounts are packed with the sale's order; the first payment's instant
/// is the first order's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ContextRecord {
    pub group: Opt32,
    pub parents: u32,
}

impl ContextRecord {
    pub const NONE: ContextRecord = ContextRecord { group: Opt32::NONE, parents: u32::MAX };

    /// The context, or `None` for [`ContextRecord::NONE`].
    pub fn get(self) -> Option<ContextRecord> {
        (self.parents != u32::MAX).then_some(self)
    }
}

/// What a sale's quote was computed from besides the order, the plan and the sale itself (its
/// affiliate, `at`, payment number and whether the customer was new): the affiliate's group and
/// parent chain then, and their volumes before the sale. Later changes to the affiliate or the
/// ledger do not change it, so the quote rebuilt from it is the one answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SaleContext {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parents: Vec<String>,
    #[serde(default)]
    pub period_sales_count: u32,
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::exact_string")]
    pub period_revenue: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::exact_string")]
    pub period_earned: Decimal,
    #[cfg_attr(feature = "schema", schemars(with = "crate::money::decimal::DecimalText"))]
    #[serde(default, with = "decimal::exact_string")]
    pub customer_earned: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_payment_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub affiliate_rate: Option<Decimal>,
}

impl SaleContext {
    /// The quote context of the sale it belongs to: its affiliate, whether the customer was new, its
    /// payment number and instant, the program's rounding.
    pub fn quote_context(
        self,
        affiliate: String,
        new_customer: bool,
        payment_number: u32,
        at: DateTime<Utc>,
        rounding: RoundingMode,
    ) -> QuoteContext {
        QuoteContext {
            affiliate,
            group: self.group,
            affiliate_rate: self.affiliate_rate,
            parents: self.parents,
            new_customer,
            period_sales_count: self.period_sales_count,
            period_revenue: self.period_revenue,
            period_earned: self.period_earned,
            customer_earned: self.customer_earned,
            payment_number,
            first_payment_at: self.first_payment_at,
            at,
            rounding,
        }
    }
}

/// The kinds of order update (the `kind` of `order.updated`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// A subscription or installment payment.
    Payment,
    /// A refund.
    Refund,
    /// A chargeback.
    Chargeback,
}

/// A follow-up payment of a subscription or installment plan: the first order's lines again, or its
/// own `lines` (an upgrade, a downgrade, a price change), or its own `amount` (a proration).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Payment {
    /// The payment's id (idempotency key; unique across orders and payments).
    pub id: String,
    /// The subscription's first order.
    pub order_id: String,
    /// The payment's own lines, in the first order's currency (its discount, shipping and tax are not
    /// repeated: only the lines' own). At most one of `lines` and `amount`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<OrderLine>>,
    /// The payment's subtotal, in minor units of the first order's currency: shared across the first
    /// order's lines in proportion to their net amounts (largest remainder), which keep their
    /// products, categories and quantities (no discount, shipping or tax is repeated).
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "crate::money::decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
}

impl Payment {
    /// A payment of `order_id` that repeats its lines.
    pub fn new(id: impl Into<String>, order_id: impl Into<String>) -> Payment {
        Payment { id: id.into(), order_id: order_id.into(), ..Payment::default() }
    }
}

/// A refund or chargeback of a sale: the whole remaining amount, an amount, or whole lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Refund {
    /// The refund's id (idempotency key).
    pub id: String,
    /// The sale refunded: an order id or a payment id.
    pub order_id: String,
    /// The amount refunded; with `lines` absent too, everything left is refunded.
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::money::decimal::DecimalText>"))]
    #[serde(default, with = "decimal::option_string", skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// Lines refunded whole (their amount net of discounts, plus their tax).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<Vec<String>>,
}

/// One commission's correction by a refund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RefundRecord {
    pub kind: UpdateKind,
    pub refund: Refund,
    pub outcome: RefundOutcome,
}
