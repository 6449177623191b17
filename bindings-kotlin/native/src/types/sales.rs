//! Sales, tracking outcomes, payments and refunds (mirrors), and the binding's batch tracking
//! request and per-row result.

use affiliate_kit::money::Money;
use affiliate_kit::plan::{Order, Quote};
use affiliate_kit::program::{
    AffiliateStatus, AttributionSource, CommissionView, EntryKind, NoCreditReason, Payment, Refund, RefundOutcome,
    Reversal, Sale, SaleOrigin, TrackOutcome, UpdateKind,
};
use affiliate_kit::Error as CoreError;
use rust_decimal::Decimal;

use crate::custom::Timestamp;

/// How an order was attributed to its affiliate.
#[uniffi::remote(Enum)]
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
#[uniffi::remote(Enum)]
pub enum NoCreditReason {
    /// No valid code, no click in the window, no lifetime link.
    NoAttribution,
    /// The affiliate is not active.
    AffiliateNotActive,
    /// The customer's e-mail is the affiliate's own.
    SelfReferral,
    /// The plan paid nothing for this order.
    NoCommission,
}

/// What tracking a sale answered.
#[uniffi::remote(Record)]
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
    pub code: Option<String>,
    /// The affiliate's status when tracked, when not active.
    pub affiliate_status: Option<AffiliateStatus>,
    /// Whether commissions were written.
    pub credited: bool,
    /// Why not, when not.
    pub reason: Option<NoCreditReason>,
    /// The commissions written, one per beneficiary level.
    pub commissions: Vec<CommissionView>,
    /// Their sum.
    pub total: Money,
    /// The plan's quote with its explanation (when an affiliate was attributed).
    pub quote: Option<Quote>,
}

/// Where a sale comes from.
#[uniffi::remote(Enum)]
pub enum SaleOrigin {
    /// An order passed to `trackOrder`.
    Order,
    /// A follow-up payment passed to `recordPayment`.
    Payment,
}

/// A tracked sale as the program keeps it.
#[uniffi::remote(Record)]
pub struct Sale {
    /// Order id or payment id.
    pub id: String,
    /// Order or payment.
    pub origin: SaleOrigin,
    /// The order content.
    pub order: Order,
    /// The visitor id given when tracking.
    pub visitor_id: Option<String>,
    /// When it happened.
    pub at: Timestamp,
    /// The answer given.
    pub outcome: TrackOutcome,
    /// What the customer paid: lines net of discounts, plus tax and shipping.
    pub gross: Decimal,
    /// Refunded (and charged back) so far.
    pub refunded: Decimal,
    /// Lines refunded whole.
    pub refunded_lines: Vec<String>,
    /// For orders: payments recorded so far, this order being payment 1.
    pub payments: u32,
    /// Whether the customer had never bought before this sale.
    pub new_customer: bool,
}

/// The kinds of order update.
#[uniffi::remote(Enum)]
pub enum UpdateKind {
    /// A subscription or installment payment.
    Payment,
    /// A refund.
    Refund,
    /// A chargeback.
    Chargeback,
}

/// A follow-up payment of a subscription: it repeats the first order's lines.
#[uniffi::remote(Record)]
pub struct Payment {
    /// The payment's id (idempotency key).
    pub id: String,
    /// The subscription's first order.
    pub order_id: String,
}

/// A refund or chargeback: everything left (no amount, no lines), an amount, or whole lines.
#[uniffi::remote(Record)]
pub struct Refund {
    /// The refund's id (idempotency key).
    pub id: String,
    /// The sale refunded: an order id or a payment id.
    pub order_id: String,
    /// The amount refunded.
    #[uniffi(default = None)]
    pub amount: Option<Decimal>,
    /// Lines refunded whole.
    #[uniffi(default = None)]
    pub lines: Option<Vec<String>>,
}

/// One commission's correction by a refund.
#[uniffi::remote(Record)]
pub struct Reversal {
    /// The commission corrected.
    pub commission_id: String,
    /// Its beneficiary.
    pub affiliate_id: String,
    /// `REVERSAL` (unpaid) or `CLAWBACK` (paid or in a payout).
    pub kind: EntryKind,
    /// The amount taken back (positive).
    pub amount: Money,
}

/// What a refund or chargeback answered.
#[uniffi::remote(Record)]
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

/// One order of `Program.trackMany`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrackRequest {
    /// The order.
    pub order: Order,
    /// The visitor id, for click attribution.
    #[uniffi(default = None)]
    pub visitor_id: Option<String>,
}

/// The result of one order of `Program.trackMany`: its outcome, or the error that rejected it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TrackResult {
    /// The outcome, when the order was accepted.
    pub outcome: Option<TrackOutcome>,
    /// The error, when it was rejected (the program is then unchanged by it).
    pub error: Option<ErrorInfo>,
}

/// An error as data: its stable code, message and the path of the bad field.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ErrorInfo {
    /// The stable code of the kind, e.g. `INVALID_ORDER` (the exception class's kind).
    pub code: String,
    /// The core's message, as the exception would carry it.
    pub message: String,
    /// The path of the offending field, for order, plan, config and input errors.
    pub path: Option<String>,
}

impl From<CoreError> for ErrorInfo {
    fn from(e: CoreError) -> Self {
        ErrorInfo { code: e.kind().code().to_string(), message: e.to_string(), path: e.path().map(str::to_string) }
    }
}

impl From<affiliate_kit::Result<TrackOutcome>> for TrackResult {
    fn from(result: affiliate_kit::Result<TrackOutcome>) -> Self {
        match result {
            Ok(outcome) => TrackResult { outcome: Some(outcome), error: None },
            Err(e) => TrackResult { outcome: None, error: Some(e.into()) },
        }
    }
}
