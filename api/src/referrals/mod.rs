//! Referrals: a referrer asks a provider to serve a client, the provider moves it through
//! the Gravity statuses, both sides follow it. Who sees what is decided here: each side
//! sees only its own referrals, and client details reach a receiver only under a consent
//! in force (or for services that need none), each time recorded in the disclosure ledger.

pub mod actions;
pub mod history;
pub mod model;
pub mod reminders;
pub mod store;
pub mod transitions;

use chrono::{DateTime, Utc};
use waypoint_indexer::store::DbConnection;

use self::model::{ClientView, Referral, ReferralDetails, StatusReason};
use self::store::ReferralRow;
use self::transitions::Side;
use crate::auth::{Caller, Role};
use crate::consent::{self, Consent, Element, Elements};
use crate::disclosures::{self, ClientDetails, NewDisclosure, Released, Showing};
use crate::error::ApiError;

/// Categories whose referrals carry substance-use or mental-health information and so need
/// a Part 2 consent.
pub const CONSENT_CATEGORIES: [&str; 2] = ["substance-use-treatment", "mental-health"];

/// A referral with what deciding access needs.
pub struct Loaded {
    pub row: ReferralRow,
    pub receivers: Vec<String>,
    pub consent: Option<Consent>,
    pub side: Side,
}

/// The side of the referral the caller is on: 403 for roles that have no referrals, 404
/// for partners that are on neither side (its existence is not revealed).
pub fn side_of(caller: &Caller, row: &ReferralRow, receivers: &[String]) -> Result<Side, ApiError> {
    caller.require(&[Role::Referrer, Role::Provider])?;
    match caller.role {
        Role::Referrer if row.referrer_id == caller.partner_id => Ok(Side::Referrer),
        Role::Provider if receivers.contains(&caller.partner_id) => Ok(Side::Receiver),
        _ => Err(not_found(&row.id)),
    }
}

pub fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("no referral {id}"))
}

/// Loads a referral the caller may see.
pub fn load(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Loaded, ApiError> {
    caller.require(&[Role::Referrer, Role::Provider])?;
    let row = store::get(conn, id)?.ok_or_else(|| not_found(id))?;
    let receivers = store::receivers(conn, id)?;
    let side = side_of(caller, &row, &receivers)?;
    let consent = match &row.consent_id {
        Some(cid) => consent::store::get(conn, cid)?,
        None => None,
    };
    Ok(Loaded {
        row,
        receivers,
        consent,
        side,
    })
}

/// Whether the client's details may be shown to `viewer` on `side` now.
pub fn details_visible(
    row: &ReferralRow,
    consent: Option<&Consent>,
    side: Side,
    viewer: &str,
    now: DateTime<Utc>,
) -> bool {
    match side {
        Side::Referrer => true,
        Side::Receiver => match consent {
            Some(c) => c.allows_disclosure_to(viewer, now),
            None => !row.consent_required,
        },
    }
}

impl Loaded {
    pub fn details_visible(&self, viewer: &str, now: DateTime<Utc>) -> bool {
        details_visible(&self.row, self.consent.as_ref(), self.side, viewer, now)
    }

    /// The client's details as stored, whole.
    fn details(&self) -> ReferralDetails {
        let row = &self.row;
        let client: ClientView = serde_json::from_str(&row.client).unwrap_or_else(|_| ClientView {
            reference: row.client_reference.clone(),
            name: None,
            date_of_birth: None,
            phone: None,
            email: None,
            address: None,
            preferred_language: None,
            contact_preferences: Vec::new(),
        });
        ReferralDetails {
            client_reference: row.client_reference.clone(),
            client,
            reason: Some(row.reason.clone()),
            appointment: row
                .appointment
                .as_deref()
                .and_then(|a| serde_json::from_str(a).ok()),
        }
    }

    /// Whether a receiver may be shown `element`: the consent covers it, or the service
    /// needs no consent and none was given.
    pub fn covers(&self, element: Element) -> bool {
        self.consent
            .as_ref()
            .is_none_or(|c| c.elements.contains(&element))
    }

    /// Who shows what to `viewer`: the referrer's client, as far as the consent covers.
    pub fn showing<'a>(&'a self, viewer: &'a str) -> Showing<'a> {
        Showing {
            holder: &self.row.referrer_id,
            recipient: viewer,
            covered: self.consent.as_ref().map(|c| &c.elements),
            client_reference: &self.row.client_reference,
            referral_id: Some(&self.row.id),
            waitlist_entry_id: None,
            consent_id: self.row.consent_id.as_deref(),
        }
    }

    /// The referral as `viewer` may see it now, for an API answer: client details only
    /// where allowed, and their showing to a receiver recorded in the ledger.
    pub fn show(
        &self,
        conn: &mut DbConnection,
        viewer: &str,
        now: DateTime<Utc>,
    ) -> Result<Referral, ApiError> {
        let mut referral = if self.details_visible(viewer, now) {
            let whole = self.details();
            let held = whole.present();
            let shown = disclosures::release(conn, whole, &self.showing(viewer))?;
            self.view(Some(shown), &held)
        } else {
            self.view(None, &Elements::new())
        };
        referral.waitlist_entry = crate::waitlists::store::for_referral(conn, &self.row.id, now)?
            .map(|e| model::WaitlistPlace {
                entry_id: e.id,
                service_id: e.service_id,
                status: e.status,
                position: e.position,
                days_waiting: e.days_waiting,
                clocks: e.clocks,
                overdue: e.overdue,
            });
        Ok(referral)
    }

    /// The same for a webhook body, with the ledger record to write once it arrived.
    pub fn show_on_delivery(
        &self,
        viewer: &str,
        now: DateTime<Utc>,
    ) -> (Referral, Option<NewDisclosure>) {
        if !self.details_visible(viewer, now) {
            return (self.view(None, &Elements::new()), None);
        }
        let whole = self.details();
        let held = whole.present();
        let (released, disclosure) = disclosures::release_on_delivery(whole, &self.showing(viewer));
        (self.view(Some(released), &held), disclosure)
    }

    /// The answer, with the details shown (if any); `held` is every element the referral
    /// holds, so what was not shown can be named.
    fn view(&self, details: Option<Released<ReferralDetails>>, held: &Elements) -> Referral {
        let row = &self.row;
        let status_reason =
            (row.status_reason_code.is_some() || row.status_reason.is_some()).then(|| {
                StatusReason {
                    code: row.status_reason_code.clone(),
                    text: row.status_reason.clone(),
                }
            });
        let withheld_elements = match &details {
            Some(shown) => held.difference(&shown.get().present()).copied().collect(),
            None => Vec::new(),
        };
        Referral {
            id: row.id.clone(),
            status: row.status(),
            business_status: row.business_status.clone(),
            status_reason,
            priority: if row.priority == "urgent" {
                model::Priority::Urgent
            } else {
                model::Priority::Routine
            },
            service_id: row.service_id.clone(),
            service_at_location_id: row.service_at_location_id.clone(),
            organization_id: row.organization_id.clone(),
            referrer_id: row.referrer_id.clone(),
            receiver_ids: self.receivers.clone(),
            consent_id: row.consent_id.clone(),
            client_details_withheld: details.is_none(),
            notice: details.is_some().then_some(consent::PART2_NOTICE),
            details,
            withheld_elements,
            outcome: row
                .outcome
                .as_deref()
                .and_then(|o| serde_json::from_str(o).ok()),
            waitlist_entry: None,
            created_at: row.created_at.clone(),
            updated_at: row.updated_at.clone(),
            received_at: row.received_at.clone(),
            closed_loop_at: row.closed_loop_at.clone(),
        }
    }

    /// Everyone who hears about changes: the referrer and the receiving providers.
    pub fn parties(&self) -> Vec<String> {
        parties(&self.row.referrer_id, &self.receivers)
    }
}

pub fn parties(referrer: &str, receivers: &[String]) -> Vec<String> {
    let mut all = vec![referrer.to_string()];
    all.extend(receivers.iter().cloned());
    all
}
