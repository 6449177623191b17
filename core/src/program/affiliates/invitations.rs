//! Invitations: e-mails invited to join, and what `invite` answers.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where an invitation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    /// Sent, not answered.
    Pending,
    /// Accepted: the affiliate exists.
    Accepted,
    /// Expired unanswered.
    Expired,
}

/// An invitation to join the program.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Invitation {
    /// `inv_<n>`, n from 1.
    pub id: String,
    /// The invited address, as given.
    pub email: String,
    /// Status.
    pub status: InvitationStatus,
    /// The affiliate who invited (becomes the new affiliate's parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invited_by: Option<String>,
    /// When it was sent.
    pub created_at: DateTime<Utc>,
    /// From this instant on it can no longer be accepted.
    pub expires_at: DateTime<Utc>,
    /// The affiliate it created, once accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliate_id: Option<String>,
}

/// What `invite` answers.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InviteOutcome {
    /// Invitations created (Chariow's key; answers journaled before it was named so say `created`,
    /// read as an alias).
    #[serde(alias = "created")]
    pub invitations: Vec<Invitation>,
    /// Addresses skipped.
    pub skipped: InviteSkipped,
    /// Malformed addresses.
    pub errors: Vec<InviteError>,
}

/// Addresses `invite` skipped.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InviteSkipped {
    /// Already affiliates (by e-mail, case-insensitively).
    pub already_affiliate: Vec<String>,
    /// Already invited, with the invitation still pending (or listed twice in the batch).
    pub already_invited: Vec<String>,
}

/// A malformed address in an `invite` batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct InviteError {
    /// The address, as given.
    pub email: String,
    /// What is wrong with it.
    pub reason: String,
}

/// What `accept_invitation` takes besides the invitation id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// The host's id for the new affiliate; when absent the program assigns `aff_<n>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// A vanity code to start with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl crate::program::Program {
    pub(in crate::program) fn exec_invite(
        &mut self,
        emails: &[String],
        invited_by: Option<&str>,
        at: DateTime<Utc>,
    ) -> crate::Result<InviteOutcome> {
        let limit = self.config.invitations.batch_limit;
        if emails.len() > limit as usize {
            return Err(crate::Error::limit(format!(
                "{} e-mails in one invitation batch; the limit is {limit}",
                emails.len()
            )));
        }
        if let Some(by) = invited_by {
            self.live_affiliate(by)?;
        }
        let expires_at = at
            .checked_add_signed(chrono::TimeDelta::days(i64::from(self.config.invitations.expiry_days)))
            .ok_or_else(|| crate::Error::overflow("invitation expiry"))?;
        let mut outcome = InviteOutcome::default();
        let mut seen = std::collections::HashSet::new();
        for email in emails {
            let key = match crate::program::affiliates::email_key(email) {
                Ok(key) => key,
                Err(e) => {
                    let reason = match e {
                        crate::Error::InvalidInput { reason, .. } => reason,
                        other => other.to_string(),
                    };
                    outcome.errors.push(InviteError { email: email.clone(), reason });
                    continue;
                }
            };
            if self.idx.affiliate_by_email.contains_key(&key) {
                outcome.skipped.already_affiliate.push(email.clone());
                continue;
            }
            let pending = self
                .idx
                .pending_invitation
                .get(&key)
                .and_then(|&i| self.state.invitations.get(i))
                .is_some_and(|inv| inv.expires_at > at);
            if pending || !seen.insert(key.clone()) {
                outcome.skipped.already_invited.push(email.clone());
                continue;
            }
            if let Some((old_i, old)) =
                self.idx.pending_invitation.remove(&key).and_then(|i| Some((i, self.state.invitations.get_mut(i)?)))
            {
                // Out of the expiry queue too, else `expire_invitations` would expire it a second time.
                self.idx.invitation_expiry.remove(&(old.expires_at, old_i));
                old.status = InvitationStatus::Expired;
                let invitation = old.clone();
                self.state.events.emit(at, crate::program::EventData::InvitationExpired { invitation });
            }
            let i = self.state.invitations.len();
            let invitation = Invitation {
                id: format!("inv_{}", i + 1),
                email: email.clone(),
                status: InvitationStatus::Pending,
                invited_by: invited_by.map(str::to_string),
                created_at: at,
                expires_at,
                affiliate_id: None,
            };
            self.state.invitations.push(invitation.clone());
            self.idx.pending_invitation.insert(key, i);
            self.idx.invitation_expiry.insert((expires_at, i));
            self.state.events.emit(at, crate::program::EventData::InvitationCreated { invitation: invitation.clone() });
            outcome.invitations.push(invitation);
        }
        Ok(outcome)
    }

    pub(in crate::program) fn exec_accept_invitation(
        &mut self,
        invitation_id: &str,
        acceptance: &Acceptance,
        at: DateTime<Utc>,
    ) -> crate::Result<crate::program::AffiliateView> {
        let not_found = || crate::Error::not_found("invitation", invitation_id);
        let n: usize = invitation_id.strip_prefix("inv_").and_then(|n| n.parse().ok()).ok_or_else(not_found)?;
        let i = n.checked_sub(1).ok_or_else(not_found)?;
        let invitation = self.state.invitations.get(i).filter(|inv| inv.id == invitation_id).ok_or_else(not_found)?;
        match invitation.status {
            InvitationStatus::Accepted => {
                return Err(crate::Error::state(format!("invitation {invitation_id} was already accepted")))
            }
            InvitationStatus::Expired => {
                return Err(crate::Error::state(format!("invitation {invitation_id} expired")))
            }
            InvitationStatus::Pending if invitation.expires_at <= at => {
                return Err(crate::Error::state(format!(
                    "invitation {invitation_id} expired at {}",
                    invitation.expires_at.to_rfc3339()
                )))
            }
            InvitationStatus::Pending => {}
        }
        let (email, expires_at) = (invitation.email.clone(), invitation.expires_at);
        let parent = invitation.invited_by.clone().filter(|p| self.idx.affiliate_by_id.contains_key(p));
        self.check_new_affiliate(acceptance.id.as_deref(), &acceptance.name, &email, acceptance.code.as_deref(), None)?;
        let code = acceptance.code.as_deref().map(|c| self.issue_code(c)).transpose()?;
        let reg = crate::program::Registration {
            id: acceptance.id.clone(),
            name: acceptance.name.clone(),
            email: email.clone(),
            code: None,
            group: None,
            parent,
        };
        let a =
            self.insert_affiliate(acceptance.id.clone(), &reg, code, crate::program::AffiliateSource::Invitation, at);
        if let Some(affiliate) = self.state.affiliates.get_mut(a) {
            affiliate.status = crate::program::AffiliateStatus::Active;
        }
        let affiliate_id = self.affiliate_at(a)?.id.clone();
        if let Some(inv) = self.state.invitations.get_mut(i) {
            inv.status = InvitationStatus::Accepted;
            inv.affiliate_id = Some(affiliate_id);
        }
        self.idx.pending_invitation.remove(&email.to_ascii_lowercase());
        self.idx.invitation_expiry.remove(&(expires_at, i));
        let view = self.view_at(a)?;
        self.state.events.emit(
            at,
            crate::program::EventData::AffiliateJoined {
                affiliate: view.clone(),
                invitation_id: invitation_id.to_string(),
                source: "invitation".to_string(),
            },
        );
        Ok(view)
    }

    pub(in crate::program) fn exec_expire_invitations(&mut self, at: DateTime<Utc>) -> Vec<Invitation> {
        let due: Vec<(DateTime<Utc>, usize)> = self.idx.invitation_expiry.range(..=(at, usize::MAX)).copied().collect();
        let mut expired = Vec::new();
        for key in due {
            self.idx.invitation_expiry.remove(&key);
            if let Some(inv) =
                self.state.invitations.get_mut(key.1).filter(|inv| inv.status == InvitationStatus::Pending)
            {
                let email = inv.email.to_ascii_lowercase();
                if self.idx.pending_invitation.get(&email) == Some(&key.1) {
                    self.idx.pending_invitation.remove(&email);
                }
                inv.status = InvitationStatus::Expired;
                expired.push(inv.clone());
            }
        }
        for invitation in &expired {
            self.state.events.emit(at, crate::program::EventData::InvitationExpired { invitation: invitation.clone() });
        }
        expired
    }
}
