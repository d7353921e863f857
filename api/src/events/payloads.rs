//! What each event tells its partners (the thin `data` of a webhook or a polled event):
//! one type per event, used both to write the event and to describe it in the OpenAPI
//! document's `webhooks`, so the two cannot differ.

use serde::Serialize;
use utoipa::ToSchema;

use crate::capacity::CapacityStatus;
use crate::referrals::transitions::Status;
use crate::waitlists::rules::ClockState;

/// `referral.created`: a referral was made (to the referrer and each receiving partner).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralCreated {
    pub referral_id: String,
    /// Always `requested`.
    pub status: Status,
    /// `routine` or `urgent`.
    pub priority: String,
    pub service_id: String,
    pub service_at_location_id: Option<String>,
}

/// `referral.status_changed`: either side moved a referral on (or an unanswered one
/// expired: `business_status` is then `expired`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralStatusChanged {
    pub referral_id: String,
    pub from: Status,
    pub status: Status,
    /// Why, for a rejection or cancellation: `at-capacity`, `not-eligible`,
    /// `could-not-contact`, `client-declined`, `duplicate` or `other`.
    pub reason_code: Option<String>,
    /// The sender's own finer status, when it gave one.
    pub business_status: Option<String>,
}

/// `referral.note_added`: a party added a note (its text is in the detailed payload only,
/// and only where consent covers notes).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralNoteAdded {
    pub referral_id: String,
    pub note_id: String,
    pub author_partner_id: String,
}

/// `referral.reminder`: a referral is still `requested` after a reminder interval.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralReminder {
    pub referral_id: String,
    pub status: String,
    /// 1 for the first reminder, 2 for the second…
    pub reminder: usize,
    pub waiting_since: String,
}

/// `consent.revoked`: a client revoked a consent that referrals to these partners used.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConsentRevoked {
    pub consent_id: String,
    pub revoked_at: String,
}

/// `waitlist.overdue`: a waiting person's interim-services or admission clock ran out
/// (45 CFR 96.126 and 96.131).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WaitlistOverdue {
    pub entry_id: String,
    pub service_id: String,
    /// `interim_services` or `admission`.
    pub clock: String,
    pub state: Option<ClockState>,
    pub due_at: String,
}

/// `capacity.threshold`: a program's capacity crossed its near-full line, either way.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapacityThreshold {
    pub service_id: String,
    pub status: CapacityStatus,
    /// Free units across the units that report a maximum.
    pub available: i64,
    pub maximum: i64,
    pub updated: String,
}
