//! Creating a referral: find the service and the providers that receive it, check the
//! consent, store it with its first history entry and `referral.created` events, all under
//! the request's Idempotency-Key.

use chrono::Utc;
use serde_json::json;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;

use crate::auth::{Caller, Role};
use crate::clock;
use crate::consent::{self, ConsentFault, rules};
use crate::error::ApiError;
use crate::events::{self, payloads};
use crate::idempotency::{self, Answer};
use crate::problems::ProblemType;
use crate::referrals::model::CreateReferral;
use crate::referrals::store::{self, ReferralRow};
use crate::referrals::transitions::{Side, Status};
use crate::referrals::{CONSENT_CATEGORIES, Loaded, history};

/// Creates a referral once per Idempotency-Key.
pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    key: &str,
    fingerprint: &str,
    request: CreateReferral,
) -> Result<Answer, ApiError> {
    caller.require(&[Role::Referrer])?;
    request
        .validate()
        .map_err(|(field, detail)| ApiError::invalid(field, detail))?;
    idempotency::once(conn, &caller.partner_id, key, fingerprint, |conn| {
        Ok((201, insert(conn, caller, &request)?))
    })
}

/// Stores the referral; returns the response body.
fn insert(
    conn: &mut DbConnection,
    caller: &Caller,
    request: &CreateReferral,
) -> Result<String, ApiError> {
    let sal = request
        .service_at_location_id
        .as_deref()
        .filter(|s| !s.trim().is_empty());
    let sid = request
        .service_id
        .as_deref()
        .filter(|s| !s.trim().is_empty());
    let target = store::service_target(conn, sal, sid)?.ok_or_else(|| {
        ApiError::rule(
            ProblemType::UnknownService,
            "no service with this `service_at_location_id`/`service_id` is listed",
        )
        .with(
            "parameter",
            if sal.is_some() {
                "service_at_location_id"
            } else {
                "service_id"
            },
        )
    })?;
    let receivers = store::providers_for(conn, &target.organization_id)?;
    if receivers.is_empty() {
        return Err(ApiError::rule(
            ProblemType::NoReceivingPartner,
            "the organization running this service does not take referrals through Waypoint; contact it directly",
        ));
    }
    let required = target
        .categories
        .iter()
        .any(|c| CONSENT_CATEGORIES.contains(&c.as_str()));
    let consent = match request.consent_id.as_deref() {
        Some(id) => Some(
            consent::store::get(conn, id)?
                .filter(|c| c.partner_id == caller.partner_id)
                .ok_or(ConsentFault::Unknown)?,
        ),
        None => None,
    };
    store::serialize_changes(conn)?;
    let now = Utc::now();
    rules::check_for_referral(
        consent.as_ref(),
        required,
        request.client.reference.trim(),
        &receivers,
        now,
    )?;
    let at = clock::format(now);
    let row = ReferralRow {
        id: uuid::Uuid::new_v4().to_string(),
        referrer_id: caller.partner_id.clone(),
        service_id: target.service_id,
        service_at_location_id: target.service_at_location_id,
        organization_id: target.organization_id,
        consent_id: consent.as_ref().map(|c| c.id.clone()),
        consent_required: required,
        client_reference: request.client.reference.trim().to_string(),
        client: json!(request.client).to_string(),
        reason: request.reason.clone(),
        priority: request.priority.as_str().to_string(),
        appointment: request.appointment.as_ref().map(|a| json!(a).to_string()),
        status: Status::Requested.as_str().to_string(),
        business_status: None,
        status_reason_code: None,
        status_reason: None,
        outcome: None,
        created_at: at.clone(),
        updated_at: at,
        received_at: None,
        closed_loop_at: None,
        reminders_sent: 0,
    };
    store::insert(conn, &row, &receivers)?;
    history::add_event(
        conn,
        &row.id,
        Some((&caller.partner_id, caller.role)),
        None,
        Status::Requested,
        None,
        None,
    )?;
    let loaded = Loaded {
        row,
        receivers,
        consent,
        side: Side::Referrer,
    };
    let payload = payloads::ReferralCreated {
        referral_id: loaded.row.id.clone(),
        status: Status::Requested,
        priority: loaded.row.priority.clone(),
        service_id: loaded.row.service_id.clone(),
        service_at_location_id: loaded.row.service_at_location_id.clone(),
    };
    for partner in loaded.parties() {
        events::enqueue(
            conn,
            &partner,
            events::REFERRAL_CREATED,
            Some(&loaded.row.id),
            &payload,
        )?;
    }
    let view = loaded.show(conn, &caller.partner_id, now)?;
    serde_json::to_string(&view).map_err(|e| ApiError::Internal(e.to_string()))
}
