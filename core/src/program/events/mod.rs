//! Events: every state change emits one, with a stable type, a unique id and a sequence number.

pub(in crate::program) mod webhooks;

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::program::affiliates::invitations::Invitation;
use crate::program::affiliates::{AffiliateStatus, AffiliateView};
use crate::program::fraud::FraudFlag;
use crate::program::ledger::payouts::Payout;
use crate::program::ledger::CommissionView;
use crate::program::sales::{TrackOutcome, UpdateKind};

/// One event. JSON: `{"id": "evt_1", "sequence": 1, "type": "order.tracked", "occurred_at": "...",
/// "data": {...}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Event {
    /// Unique within the program: `evt_<sequence>`.
    pub id: String,
    /// 1, 2, 3, ... without gaps.
    pub sequence: u64,
    /// The `at` of the command that caused it.
    pub occurred_at: DateTime<Utc>,
    /// The type and its data.
    #[serde(flatten)]
    pub data: EventData,
}

impl Event {
    /// The stable type, e.g. `"order.tracked"`.
    pub fn event_type(&self) -> &'static str {
        self.data.event_type()
    }

    /// The event as JSON, exactly as webhooks deliver it.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serialization cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// What happened, with its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", content = "data")]
pub enum EventData {
    /// An affiliate was registered by the host.
    #[serde(rename = "affiliate.registered")]
    AffiliateRegistered {
        /// The affiliate.
        affiliate: AffiliateView,
    },
    /// An affiliate's name, e-mail, group or codes changed.
    #[serde(rename = "affiliate.updated")]
    AffiliateUpdated {
        /// The affiliate after the change.
        affiliate: AffiliateView,
    },
    /// A pending affiliate became active (programs that do not auto-approve).
    #[serde(rename = "affiliate.approved")]
    AffiliateApproved {
        /// The affiliate.
        affiliate: AffiliateView,
    },
    /// An affiliate's status changed.
    #[serde(rename = "affiliate.status_changed")]
    AffiliateStatusChanged {
        /// The affiliate after the change.
        affiliate: AffiliateView,
        /// The status before.
        from: AffiliateStatus,
        /// The status after.
        to: AffiliateStatus,
    },
    /// An affiliate was put on hold (`hold_affiliate`).
    #[serde(rename = "affiliate.held")]
    AffiliateHeld {
        /// The affiliate, with their hold.
        affiliate: AffiliateView,
    },
    /// An affiliate's hold was lifted, or their held commissions released (`release_affiliate`).
    #[serde(rename = "affiliate.released")]
    AffiliateReleased {
        /// The affiliate.
        affiliate: AffiliateView,
    },
    /// An affiliate's personal data was erased.
    #[serde(rename = "affiliate.deleted")]
    AffiliateDeleted {
        /// The affiliate's id.
        affiliate_id: String,
    },
    /// An affiliate's personal data was erased from the program and its history (`erase_affiliate`).
    #[serde(rename = "affiliate.erased")]
    AffiliateErased {
        /// The affiliate's id.
        affiliate_id: String,
    },
    /// A customer's personal data was erased from their orders and the history (`erase_customer`).
    #[serde(rename = "customer.erased")]
    CustomerErased {
        /// The orders and payments whose customer was erased.
        sales: Vec<String>,
    },
    /// An invited person joined (Chariow's `affiliate.joined`).
    #[serde(rename = "affiliate.joined")]
    AffiliateJoined {
        /// The new affiliate.
        affiliate: AffiliateView,
        /// The invitation accepted.
        invitation_id: String,
        /// Always `"invitation"`.
        source: String,
    },
    /// An invitation was sent.
    #[serde(rename = "invitation.created")]
    InvitationCreated {
        /// The invitation.
        invitation: Invitation,
    },
    /// An invitation expired unanswered.
    #[serde(rename = "invitation.expired")]
    InvitationExpired {
        /// The invitation.
        invitation: Invitation,
    },
    /// An order was tracked (credited or not, with the reason).
    #[serde(rename = "order.tracked")]
    OrderTracked {
        /// The outcome.
        outcome: TrackOutcome,
    },
    /// A tracked order got a payment, a refund or a chargeback.
    #[serde(rename = "order.updated")]
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
    /// A new version of the plan was set (`set_plan`).
    #[serde(rename = "plan.changed")]
    PlanChanged {
        /// The version.
        version: crate::program::plans::PlanVersion,
    },
    /// A commission was written (pending).
    #[serde(rename = "commission.created")]
    CommissionCreated {
        /// The commission.
        commission: CommissionView,
    },
    /// A commission passed its holding period.
    #[serde(rename = "commission.approved")]
    CommissionApproved {
        /// The commission.
        commission: CommissionView,
    },
    /// Part or all of an unpaid commission was reversed by a refund or chargeback.
    #[serde(rename = "commission.reversed")]
    CommissionReversed {
        /// The commission after the reversal.
        commission: CommissionView,
        /// The amount reversed (positive).
        amount: Money,
        /// The refund's id.
        refund_id: String,
    },
    /// Part or all of a paid (or in-payout) commission was clawed back from the next payout.
    #[serde(rename = "commission.clawed_back")]
    CommissionClawedBack {
        /// The commission after the clawback.
        commission: CommissionView,
        /// The amount clawed back (positive).
        amount: Money,
        /// The refund's id.
        refund_id: String,
    },
    /// A commission was held: by `hold_commission`, written for an affiliate on hold, or flagged by
    /// fraud rules (then `flags` says which, and `reason` joins their reasons).
    #[serde(rename = "commission.held")]
    CommissionHeld {
        /// The commission, held.
        commission: CommissionView,
        /// Why.
        reason: String,
        /// The fraud rules that flagged its sale, if that is why.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        flags: Vec<FraudFlag>,
    },
    /// A held commission was released: pending again until its holding period ends.
    #[serde(rename = "commission.released")]
    CommissionReleased {
        /// The commission, pending.
        commission: CommissionView,
    },
    /// A commission was rejected.
    #[serde(rename = "commission.rejected")]
    CommissionRejected {
        /// The commission after the rejection.
        commission: CommissionView,
        /// The amount cancelled (positive).
        amount: Money,
        /// Why.
        reason: String,
    },
    /// An affiliate's payable balance rose to or above the payout minimum.
    #[serde(rename = "payout.threshold_reached")]
    PayoutThresholdReached {
        /// The affiliate.
        affiliate_id: String,
        /// The payable balance.
        payable: Money,
        /// The minimum.
        minimum: Money,
    },
    /// A payout was created.
    #[serde(rename = "payout.created")]
    PayoutCreated {
        /// The payout.
        payout: Payout,
    },
    /// A payout was marked paid.
    #[serde(rename = "payout.marked_paid")]
    PayoutMarkedPaid {
        /// The payout.
        payout: Payout,
    },
    /// A payout failed; its entries are payable again.
    #[serde(rename = "payout.failed")]
    PayoutFailed {
        /// The payout.
        payout: Payout,
    },
}

impl EventData {
    /// The stable type, e.g. `"order.tracked"`.
    pub fn event_type(&self) -> &'static str {
        match self {
            EventData::AffiliateRegistered { .. } => "affiliate.registered",
            EventData::AffiliateUpdated { .. } => "affiliate.updated",
            EventData::AffiliateApproved { .. } => "affiliate.approved",
            EventData::AffiliateStatusChanged { .. } => "affiliate.status_changed",
            EventData::AffiliateHeld { .. } => "affiliate.held",
            EventData::AffiliateReleased { .. } => "affiliate.released",
            EventData::AffiliateDeleted { .. } => "affiliate.deleted",
            EventData::AffiliateErased { .. } => "affiliate.erased",
            EventData::CustomerErased { .. } => "customer.erased",
            EventData::AffiliateJoined { .. } => "affiliate.joined",
            EventData::InvitationCreated { .. } => "invitation.created",
            EventData::InvitationExpired { .. } => "invitation.expired",
            EventData::OrderTracked { .. } => "order.tracked",
            EventData::OrderUpdated { .. } => "order.updated",
            EventData::PlanChanged { .. } => "plan.changed",
            EventData::CommissionCreated { .. } => "commission.created",
            EventData::CommissionApproved { .. } => "commission.approved",
            EventData::CommissionReversed { .. } => "commission.reversed",
            EventData::CommissionClawedBack { .. } => "commission.clawed_back",
            EventData::CommissionHeld { .. } => "commission.held",
            EventData::CommissionReleased { .. } => "commission.released",
            EventData::CommissionRejected { .. } => "commission.rejected",
            EventData::PayoutThresholdReached { .. } => "payout.threshold_reached",
            EventData::PayoutCreated { .. } => "payout.created",
            EventData::PayoutMarkedPaid { .. } => "payout.marked_paid",
            EventData::PayoutFailed { .. } => "payout.failed",
        }
    }
}

/// An event as the log keeps it, in 8 bytes. The events every order writes are references to the
/// sale or commission they report, rendered (with the quote rebuilt) when read or delivered: what
/// they say never changes, since a sale's answer and a commission's creation are immutable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StoredEvent {
    /// `order.tracked` of the sale at this index of the program's sales.
    OrderTracked(u32),
    /// `commission.created` of the commission at this index.
    CommissionCreated(u32),
    /// Any other event: the one of [`EventLog::emitted`] with this number.
    Emitted(u32),
}

/// The event log and the outbox cursor. The first `forgotten` events were dropped (see
/// [`crate::program::Program::forget_events`]): a durable host keeps them on disk, not in memory.
/// Snapshots hold every event rendered ([`EventLogDoc`]); restoring turns them back into references.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventLog {
    /// The events kept in memory, in sequence order, numbered from `forgotten + 1` without gaps.
    pub events: Vec<StoredEvent>,
    /// The events that are no references, in order, numbered (modulo 2^32: fewer are kept) from
    /// `emitted_first`.
    emitted: VecDeque<Event>,
    emitted_first: u32,
    /// Index (in `events`) of the first event not yet drained.
    pub outbox_start: usize,
    /// How many events were forgotten before `events[0]`.
    pub forgotten: u64,
}

impl PartialEq for EventLog {
    /// The same events, whatever their storage numbers.
    fn eq(&self, other: &EventLog) -> bool {
        let same = |(a, b): (&StoredEvent, &StoredEvent)| match (*a, *b) {
            (StoredEvent::Emitted(x), StoredEvent::Emitted(y)) => self.emitted(x) == other.emitted(y),
            (a, b) => a == b,
        };
        (self.outbox_start, self.forgotten, self.events.len())
            == (other.outbox_start, other.forgotten, other.events.len())
            && self.events.iter().zip(&other.events).all(same)
    }
}

impl Eq for EventLog {}

/// The event log in a snapshot: every event rendered, and the outbox cursor.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct EventLogDoc<E> {
    pub events: E,
    pub outbox_start: usize,
    /// Absent from snapshots when no event was forgotten.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub forgotten: u64,
}

impl<'de> Deserialize<'de> for EventLog {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<EventLog, D::Error> {
        let doc = EventLogDoc::<Vec<Event>>::deserialize(deserializer)?;
        let mut log = EventLog { outbox_start: doc.outbox_start, forgotten: doc.forgotten, ..EventLog::default() };
        doc.events.into_iter().for_each(|e| log.push_emitted(e));
        Ok(log)
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl EventLog {
    /// An empty log whose outbox starts at `outbox_start`, `forgotten` events in.
    pub fn starting(outbox_start: usize, forgotten: u64) -> EventLog {
        EventLog { outbox_start, forgotten, ..EventLog::default() }
    }

    /// The sequence number the next event gets.
    pub fn next_sequence(&self) -> u64 {
        self.forgotten.saturating_add(self.events.len() as u64 + 1)
    }

    /// The sequence number of the event at `index` of `events`.
    pub fn sequence_at(&self, index: usize) -> u64 {
        self.forgotten.saturating_add(index as u64 + 1)
    }

    /// Appends an event with the next sequence number.
    pub fn emit(&mut self, at: DateTime<Utc>, data: EventData) {
        let sequence = self.next_sequence();
        let event = Event { id: format!("evt_{sequence}"), sequence, occurred_at: at, data };
        self.push_emitted(event);
    }

    /// Every event kept as emitted (not a reference), to be changed in place (an erasure's redaction).
    pub fn emitted_mut(&mut self) -> impl Iterator<Item = &mut Event> {
        self.emitted.iter_mut()
    }

    /// Every event kept as emitted (not a reference).
    pub fn emitted_all(&self) -> impl Iterator<Item = &Event> {
        self.emitted.iter()
    }

    /// Appends an event as it is (the next in sequence: callers check).
    pub fn push_emitted(&mut self, event: Event) {
        // Fewer than 2^32 are kept: numbers wrap around without colliding.
        let number = self.emitted_first.wrapping_add(self.emitted.len() as u32);
        self.emitted.push_back(event);
        self.events.push(StoredEvent::Emitted(number));
    }

    /// The event `stored` is, when it is no reference.
    pub fn emitted_event(&self, stored: &StoredEvent) -> Option<&Event> {
        match *stored {
            StoredEvent::Emitted(n) => self.emitted(n),
            _ => None,
        }
    }

    /// The event of [`StoredEvent::Emitted`] with this number.
    pub fn emitted(&self, number: u32) -> Option<&Event> {
        self.emitted.get(number.wrapping_sub(self.emitted_first) as usize)
    }

    /// Appends a reference event with the next sequence number.
    pub fn push(&mut self, event: StoredEvent) {
        self.events.push(event);
    }

    /// The indices of the events not yet drained; marks them drained.
    pub fn drain(&mut self) -> std::ops::Range<usize> {
        let range = self.outbox_start.min(self.events.len())..self.events.len();
        self.outbox_start = self.events.len();
        range
    }

    /// The index of the first event (still in memory) with a sequence greater than `sequence`.
    pub fn index_after(&self, sequence: u64) -> usize {
        let start = sequence.saturating_sub(self.forgotten);
        usize::try_from(start).unwrap_or(usize::MAX).min(self.events.len())
    }

    /// Drops the events with a sequence up to `sequence` from memory; their numbers stay used.
    pub fn forget_through(&mut self, sequence: u64) {
        let count = self.index_after(sequence);
        let emitted = self.events.drain(..count).filter(|e| matches!(e, StoredEvent::Emitted(_))).count();
        self.emitted.drain(..emitted.min(self.emitted.len()));
        self.emitted_first = self.emitted_first.wrapping_add(emitted as u32);
        self.outbox_start = self.outbox_start.saturating_sub(count);
        self.forgotten += count as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgotten_events_take_their_stored_copies_with_them_and_numbers_go_on() {
        let at = DateTime::<Utc>::default();
        let mut log = EventLog::default();
        let deleted = |id: &str| EventData::AffiliateDeleted { affiliate_id: id.into() };
        log.emit(at, deleted("a"));
        log.push(StoredEvent::OrderTracked(0));
        log.emit(at, deleted("b"));
        log.emit(at, deleted("c"));
        let ids = |log: &EventLog| -> Vec<String> {
            log.events.iter().filter_map(|e| log.emitted_event(e)).map(|e| e.id.clone()).collect()
        };
        assert_eq!(ids(&log), ["evt_1", "evt_3", "evt_4"]);
        log.forget_through(3);
        assert_eq!((log.emitted.len(), log.emitted_first), (1, 2));
        assert_eq!(log.events, [StoredEvent::Emitted(2)]);
        assert_eq!(ids(&log), ["evt_4"]);
        log.emit(at, deleted("d"));
        assert_eq!(ids(&log), ["evt_4", "evt_5"]);
        // Numbers wrap around without colliding.
        log.emitted_first = u32::MAX;
        log.events = vec![StoredEvent::Emitted(u32::MAX), StoredEvent::Emitted(0)];
        assert_eq!(ids(&log), ["evt_4", "evt_5"]);
    }
}
