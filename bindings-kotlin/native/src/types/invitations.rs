//! Invitations and what `invite` and `acceptInvitation` take and answer (mirrors).

use affiliate_kit::program::{Acceptance, Invitation, InvitationStatus, InviteError, InviteOutcome, InviteSkipped};

use crate::custom::Timestamp;

/// Where an invitation is.
#[uniffi::remote(Enum)]
pub enum InvitationStatus {
    /// Sent, not answered.
    Pending,
    /// Accepted: the affiliate exists.
    Accepted,
    /// Expired unanswered.
    Expired,
}

/// An invitation to join the program.
#[uniffi::remote(Record)]
pub struct Invitation {
    /// `inv_<n>`.
    pub id: String,
    /// The invited address, as given.
    pub email: String,
    /// Status.
    pub status: InvitationStatus,
    /// The affiliate who invited.
    pub invited_by: Option<String>,
    /// When it was sent.
    pub created_at: Timestamp,
    /// From this instant on it can no longer be accepted.
    pub expires_at: Timestamp,
    /// The affiliate it created, once accepted.
    pub affiliate_id: Option<String>,
}

/// What `Program.invite` answers.
#[uniffi::remote(Record)]
pub struct InviteOutcome {
    /// Invitations created.
    pub created: Vec<Invitation>,
    /// Addresses skipped.
    pub skipped: InviteSkipped,
    /// Malformed addresses.
    pub errors: Vec<InviteError>,
}

/// Addresses `Program.invite` skipped.
#[uniffi::remote(Record)]
pub struct InviteSkipped {
    /// Already affiliates (by e-mail, case-insensitively).
    pub already_affiliate: Vec<String>,
    /// Already invited with the invitation still pending, or listed twice.
    pub already_invited: Vec<String>,
}

/// A malformed address in an invitation batch.
#[uniffi::remote(Record)]
pub struct InviteError {
    /// The address, as given.
    pub email: String,
    /// What is wrong with it.
    pub reason: String,
}

/// What `Program.acceptInvitation` takes besides the invitation id.
#[uniffi::remote(Record)]
pub struct Acceptance {
    /// The host's id for the new affiliate; when absent the program assigns `aff_<n>`.
    #[uniffi(default = None)]
    pub id: Option<String>,
    /// Display name.
    pub name: String,
    /// A vanity code to start with.
    #[uniffi(default = None)]
    pub code: Option<String>,
}
