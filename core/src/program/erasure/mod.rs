//! Erasure of personal data (GDPR's right to erasure): `erase_affiliate` and `erase_customer`.
//!
//! What is personal here: an affiliate's name and e-mail, an invited person's e-mail, a customer's id
//! and e-mail on their orders, and the visitor ids (cookies) their orders and clicks carry. Money,
//! ids of affiliates, orders, commissions and payouts, and the ledger are not: they stay exact. A
//! customer's country stays on their orders too: plan conditions and the fraud rules computed money
//! and holds from it, and alone it names nobody.
//!
//! An [`Erasure`] is the set of values to erase; it redacts them, by value, wherever they appear in a
//! personal field of a command, an event or an answer (a name or e-mail equal to the erased person's
//! is erased wherever it is, even in another record). The program applies it to its live state, its
//! events and its command log (which it then drops: see `Program::erase_affiliate`); a durable store
//! applies it to its journal rows, their events and answers (see the store crate).

pub(in crate::program) mod verbs;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::plan::Order;
use crate::program::affiliates::invitations::{Invitation, InviteOutcome};
use crate::program::affiliates::AffiliateView;
use crate::program::commands::{Command, CommandOutcome};
use crate::program::events::{Event, EventData};

/// What an erased text field reads afterwards.
pub const ERASED: &str = "[erased]";

/// The personal values one erasure removes: found by the program in what it holds, with what a
/// store's history adds ([`Erasure::harvest`], [`crate::program::Program::execute_erasure`]); then
/// applied, by value, to commands, events and answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erasure {
    /// The affiliate erased (`erase_affiliate`): their views and updates are redacted wherever they are.
    pub affiliate: Option<String>,
    /// Names to erase.
    pub names: BTreeSet<String>,
    /// E-mails to erase, in lower case (compared case-insensitively).
    pub emails: BTreeSet<String>,
    /// Customer ids (the host's) to erase.
    pub customer_ids: BTreeSet<String>,
    /// Visitor ids to erase.
    pub visitors: BTreeSet<String>,
    /// Invitations of the erased person: their acceptance's name is theirs.
    pub invitations: BTreeSet<String>,
}

/// What `erase_customer` answers: the sales whose customer was erased (no personal data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CustomerErasure {
    /// The orders and payments whose customer id, e-mail and visitor id were erased.
    pub sales: Vec<String>,
}

impl Erasure {
    /// Whether `email` is one to erase.
    pub fn has_email(&self, email: &str) -> bool {
        self.emails.contains(&email.to_ascii_lowercase())
    }

    /// Adds every value of `other` (but its affiliate).
    pub fn merge(&mut self, other: &Erasure) {
        self.names.extend(other.names.iter().cloned());
        self.emails.extend(other.emails.iter().map(|e| e.to_ascii_lowercase()));
        self.customer_ids.extend(other.customer_ids.iter().cloned());
        self.visitors.extend(other.visitors.iter().cloned());
        self.invitations.extend(other.invitations.iter().cloned());
    }

    /// Adds what an event of the history says of the erased affiliate: every name and e-mail their
    /// views had, the e-mails of their invitations.
    pub fn harvest(&mut self, event: &Event) {
        let Some(affiliate) = self.affiliate.clone() else { return };
        if let Some(view) = view_of(&event.data).filter(|v| v.id == affiliate) {
            self.names.extend(view.name.iter().cloned());
            self.emails.extend(view.email.iter().map(|e| e.to_ascii_lowercase()));
        }
        if let EventData::InvitationCreated { invitation } | EventData::InvitationExpired { invitation } = &event.data {
            if invitation.affiliate_id.as_deref() == Some(affiliate.as_str()) {
                self.emails.insert(invitation.email.to_ascii_lowercase());
                self.invitations.insert(invitation.id.clone());
            }
        }
    }

    /// Redacts a command's personal fields; whether it changed.
    pub fn command(&self, command: &mut Command) -> bool {
        let mut changed = false;
        match command {
            Command::RegisterAffiliate { registration: r, .. } => {
                let theirs = self.has_email(&r.email) || r.id.is_some() && r.id == self.affiliate;
                if theirs || self.names.contains(&r.name) {
                    changed |= set(&mut r.name, ERASED);
                }
                if theirs {
                    changed |= set(&mut r.email, ERASED);
                }
            }
            Command::UpdateAffiliate { affiliate_id, update, .. } => {
                let theirs = Some(affiliate_id.as_str()) == self.affiliate.as_deref();
                if let Some(name) = update.name.as_mut().filter(|n| theirs || self.names.contains(n.as_str())) {
                    changed |= set(name, ERASED);
                }
                if let Some(email) = update.email.as_mut().filter(|e| theirs || self.has_email(e)) {
                    changed |= set(email, ERASED);
                }
            }
            Command::Invite { emails, .. } => {
                for email in emails.iter_mut().filter(|e| self.has_email(e)) {
                    changed |= set(email, ERASED);
                }
            }
            Command::AcceptInvitation { invitation_id, acceptance, .. }
                if self.invitations.contains(invitation_id) || self.names.contains(&acceptance.name) =>
            {
                changed |= set(&mut acceptance.name, ERASED);
            }
            Command::RecordClick { visitor_id, .. } if self.visitors.contains(visitor_id) => {
                changed |= set(visitor_id, ERASED);
            }
            Command::TrackOrder { order, visitor_id, .. } => {
                changed |= self.order(order);
                if visitor_id.as_ref().is_some_and(|v| self.visitors.contains(v)) {
                    *visitor_id = None;
                    changed = true;
                }
            }
            _ => {}
        }
        changed
    }

    /// Redacts an order's customer: an erased id reads [`ERASED`], an erased e-mail is removed.
    pub fn order(&self, order: &mut Order) -> bool {
        let mut changed = false;
        let customer = &mut order.customer;
        if customer.id.as_ref().is_some_and(|id| self.customer_ids.contains(id)) {
            customer.id = Some(ERASED.to_string());
            changed = true;
        }
        if customer.email.as_ref().is_some_and(|e| self.has_email(e)) {
            customer.email = None;
            changed = true;
        }
        changed
    }

    /// Redacts an event's personal fields; whether it changed.
    pub fn event(&self, event: &mut Event) -> bool {
        match &mut event.data {
            EventData::InvitationCreated { invitation } | EventData::InvitationExpired { invitation } => {
                self.invitation(invitation)
            }
            data => view_of_mut(data).is_some_and(|view| self.view(view)),
        }
    }

    /// Redacts a command's answer; whether it changed.
    pub fn outcome(&self, outcome: &mut CommandOutcome) -> bool {
        match outcome {
            CommandOutcome::Affiliate(view) => self.view(view),
            CommandOutcome::Invited(invited) => self.invited(invited),
            CommandOutcome::Invitations(list) => list.iter_mut().fold(false, |c, i| self.invitation(i) | c),
            CommandOutcome::Events(events) => events.iter_mut().fold(false, |c, e| self.event(e) | c),
            _ => false,
        }
    }

    /// An affiliate view: the erased affiliate's, or one with an erased e-mail, loses name and e-mail.
    pub fn view(&self, view: &mut AffiliateView) -> bool {
        let theirs = Some(view.id.as_str()) == self.affiliate.as_deref()
            || view.email.as_ref().is_some_and(|e| self.has_email(e));
        let named = view.name.as_ref().is_some_and(|n| self.names.contains(n));
        let changed = (theirs && (view.name.is_some() || view.email.is_some())) || named;
        if theirs {
            view.email = None;
        }
        if theirs || named {
            view.name = None;
        }
        changed
    }

    /// An invitation of an erased e-mail reads [`ERASED`].
    pub fn invitation(&self, invitation: &mut Invitation) -> bool {
        let theirs = self.has_email(&invitation.email) || self.invitations.contains(&invitation.id);
        theirs && set(&mut invitation.email, ERASED)
    }

    fn invited(&self, invited: &mut InviteOutcome) -> bool {
        let mut changed = invited.invitations.iter_mut().fold(false, |c, i| self.invitation(i) | c);
        let skipped = &mut invited.skipped;
        for email in skipped.already_affiliate.iter_mut().chain(skipped.already_invited.iter_mut()) {
            if self.has_email(email) {
                changed |= set(email, ERASED);
            }
        }
        for error in invited.errors.iter_mut() {
            if self.has_email(&error.email) {
                changed |= set(&mut error.email, ERASED);
            }
        }
        changed
    }
}

/// Sets `field` to `value`; whether it changed.
fn set(field: &mut String, value: &str) -> bool {
    if field == value {
        return false;
    }
    value.clone_into(field);
    true
}

/// The affiliate view an event's data carries, if any: `$data` by reference or by mutable reference.
macro_rules! affiliate_view {
    ($data:expr) => {
        match $data {
            EventData::AffiliateRegistered { affiliate }
            | EventData::AffiliateUpdated { affiliate }
            | EventData::AffiliateApproved { affiliate }
            | EventData::AffiliateStatusChanged { affiliate, .. }
            | EventData::AffiliateHeld { affiliate }
            | EventData::AffiliateReleased { affiliate }
            | EventData::AffiliateJoined { affiliate, .. } => Some(affiliate),
            _ => None,
        }
    };
}

fn view_of(data: &EventData) -> Option<&AffiliateView> {
    affiliate_view!(data)
}

fn view_of_mut(data: &mut EventData) -> Option<&mut AffiliateView> {
    affiliate_view!(data)
}
