//! Events: every state change emits one (mirrors).

use affiliate_kit::money::Money;
use affiliate_kit::program::{
    AffiliateStatus, AffiliateView, CommissionView, Event, EventData, Invitation, TrackOutcome, UpdateKind,
};

use crate::custom::Timestamp;
use crate::types::payouts::Payout;

/// One event, with a stable type (`eventType(event)`), a unique id and a sequence number.
#[uniffi::remote(Record)]
pub struct Event {
    /// Unique within the program: `evt_<sequence>`.
    pub id: String,
    /// 1, 2, 3, ... without gaps.
    pub sequence: u64,
    /// The `at` of the command that caused it.
    pub occurred_at: Timestamp,
    /// The type and its data.
    pub data: EventData,
}

/// What happened, with its data.
#[uniffi::remote(Enum)]
pub enum EventData {
    /// `affiliate.registered`: an affiliate was registered by the host.
    AffiliateRegistered {
        /// The affiliate.
        affiliate: AffiliateView,
    },
    /// `affiliate.updated`: an affiliate's name, e-mail, group or codes changed.
    AffiliateUpdated {
        /// The affiliate after the change.
        affiliate: AffiliateView,
    },
    /// `affiliate.approved`: a pending affiliate became active.
    AffiliateApproved {
        /// The affiliate.
        affiliate: AffiliateView,
    },
    /// `affiliate.status_changed`: an affiliate's status changed.
    AffiliateStatusChanged {
        /// The affiliate after the change.
        affiliate: AffiliateView,
        /// The status before.
        from: AffiliateStatus,
        /// The status after.
        to: AffiliateStatus,
    },
    /// `affiliate.deleted`: an affiliate's personal data was erased.
    AffiliateDeleted {
        /// The affiliate's id.
        affiliate_id: String,
    },
    /// `affiliate.joined`: an invited person joined.
    AffiliateJoined {
        /// The new affiliate.
        affiliate: AffiliateView,
        /// The invitation accepted.
        invitation_id: String,
        /// Always `invitation`.
        source: String,
    },
    /// `invitation.created`: an invitation was sent.
    InvitationCreated {
        /// The invitation.
        invitation: Invitation,
    },
    /// `invitation.expired`: an invitation expired unanswered.
    InvitationExpired {
        /// The invitation.
        invitation: Invitation,
    },
    /// `order.tracked`: an order was tracked (credited or not, with the reason).
    OrderTracked {
        /// The outcome.
        outcome: TrackOutcome,
    },
    /// `order.updated`: a tracked order got a payment, a refund or a chargeback.
    OrderUpdated {
        /// The order (for payments: the subscription's first order).
        order_id: String,
        /// What happened.
        kind: UpdateKind,
        /// The payment's or refund's id.
        id: String,
        /// The amount paid or refunded.
        amount: Money,
    },
    /// `commission.created`: a commission was written (pending).
    CommissionCreated {
        /// The commission.
        commission: CommissionView,
    },
    /// `commission.approved`: a commission passed its holding period.
    CommissionApproved {
        /// The commission.
        commission: CommissionView,
    },
    /// `commission.reversed`: part or all of an unpaid commission was reversed.
    CommissionReversed {
        /// The commission after the reversal.
        commission: CommissionView,
        /// The amount reversed (positive).
        amount: Money,
        /// The refund's id.
        refund_id: String,
    },
    /// `commission.clawed_back`: part or all of a paid commission was clawed back.
    CommissionClawedBack {
        /// The commission after the clawback.
        commission: CommissionView,
        /// The amount clawed back (positive).
        amount: Money,
        /// The refund's id.
        refund_id: String,
    },
    /// `commission.rejected`: a commission was rejected.
    CommissionRejected {
        /// The commission after the rejection.
        commission: CommissionView,
        /// The amount cancelled (positive).
        amount: Money,
        /// Why.
        reason: String,
    },
    /// `payout.threshold_reached`: a payable balance rose to or above the payout minimum.
    PayoutThresholdReached {
        /// The affiliate.
        affiliate_id: String,
        /// The payable balance.
        payable: Money,
        /// The minimum.
        minimum: Money,
    },
    /// `payout.created`: a payout was created.
    PayoutCreated {
        /// The payout.
        payout: Payout,
    },
    /// `payout.marked_paid`: a payout was marked paid.
    PayoutMarkedPaid {
        /// The payout.
        payout: Payout,
    },
    /// `payout.failed`: a payout failed; its entries are payable again.
    PayoutFailed {
        /// The payout.
        payout: Payout,
    },
}
