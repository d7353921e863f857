//! Changing a referral's status: the transition and who-may-set rules, the history entry
//! and `referral.status_changed` events, in one transaction.

use chrono::Utc;
use serde_json::json;
use waypoint_indexer::store::DbConnection;

use crate::auth::Caller;
use crate::clock;
use crate::error::ApiError;
use crate::events::{self, payloads};
use crate::referrals::model::{ClientView, Outcome, Referral, StatusChange, WaitlistHandOff};
use crate::referrals::store::{self, StatusUpdate};
use crate::referrals::transitions::{self, ReasonCode, Side, Status, TransitionError};
use crate::referrals::{Loaded, history, load};
use crate::waitlists::model::{NewEntry, WaitlistClient};

/// Most characters a free-text reason or business status may have.
const MAX_TEXT: usize = 2000;

/// Checks the parts of a change that do not depend on the referral.
fn check_body(change: &StatusChange) -> Result<(), ApiError> {
    if change.outcome.is_some() && change.status != Status::Completed {
        return Err(ApiError::invalid(
            "outcome",
            "an outcome goes only with status completed",
        ));
    }
    for (field, text) in [
        ("reason", &change.reason),
        ("business_status", &change.business_status),
    ] {
        if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT) {
            return Err(ApiError::invalid(
                field,
                format!("at most {MAX_TEXT} characters"),
            ));
        }
    }
    Ok(())
}

/// Completing a referral closes the loop, so it says what came of it (checked once the
/// move itself is legal, so an illegal move is still told as one).
fn check_outcome(change: &StatusChange) -> Result<(), ApiError> {
    if change.status == Status::Completed
        && !change.outcome.as_ref().is_some_and(Outcome::says_something)
    {
        return Err(ApiError::invalid(
            "outcome",
            "completing a referral needs an `outcome`: the services delivered \
             (`services_delivered`) and/or the `enrollment` (enrolled, not-enrolled, waitlisted)",
        ));
    }
    Ok(())
}

/// A hand-off to the waitlist goes only with a rejection for capacity.
fn check_hand_off(change: &StatusChange) -> Result<(), ApiError> {
    let at_capacity =
        change.status == Status::Rejected && change.reason_code == Some(ReasonCode::AtCapacity);
    if change.waitlist.is_some() && !at_capacity {
        return Err(ApiError::invalid(
            "waitlist",
            "a referral goes to the waitlist only when rejected with reason_code at-capacity",
        ));
    }
    Ok(())
}

/// Puts the referral's client on the program's waitlist, under the referral's consent and
/// as the referrer's client (the referrer holds the details), waiting since the referral
/// was made: the block grant's clocks run from the request for treatment.
fn hand_off(
    conn: &mut DbConnection,
    loaded: &Loaded,
    facts: &WaitlistHandOff,
) -> Result<(), ApiError> {
    let row = &loaded.row;
    let client: ClientView = serde_json::from_str(&row.client)
        .map_err(|e| ApiError::Internal(format!("stored client: {e}")))?;
    crate::waitlists::consent::check(
        conn,
        &row.service_id,
        &row.referrer_id,
        row.consent_id.as_deref(),
        &row.client_reference,
    )?;
    let new = NewEntry {
        client: WaitlistClient {
            reference: row.client_reference.clone(),
            name: client.name,
            date_of_birth: client.date_of_birth,
            phone: client.phone,
            preferred_language: client.preferred_language,
        },
        pregnant: facts.pregnant,
        injects_drugs: facts.injects_drugs,
        referral_id: Some(row.id.clone()),
        consent_id: row.consent_id.clone(),
        requested_at: clock::parse(&row.created_at).unwrap_or_else(Utc::now),
    };
    crate::waitlists::store::create(conn, &row.service_id, &new, &row.referrer_id)?;
    Ok(())
}

pub fn change(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    change: StatusChange,
) -> Result<Referral, ApiError> {
    check_body(&change)?;
    conn.in_transaction(|conn| {
        store::serialize_changes(conn)?;
        let loaded = load(conn, caller, id)?;
        let current = loaded.row.status();
        transitions::check(current, change.status, loaded.side, change.reason_code)?;
        check_outcome(&change)?;
        check_hand_off(&change)?;
        let now = Utc::now();
        let at = clock::format(now);
        let code = change
            .reason_code
            .map(|c| json!(c).as_str().unwrap_or_default().to_string());
        let outcome = change.outcome.as_ref().map(|o| json!(o).to_string());
        let update = StatusUpdate {
            status: change.status,
            business_status: change.business_status.as_deref(),
            reason_code: code.as_deref(),
            reason: change.reason.as_deref(),
            outcome,
            closed_loop_at: (change.status == Status::Completed).then_some(at.as_str()),
            received_at: (loaded.side == Side::Receiver).then_some(at.as_str()),
            at: &at,
        };
        if store::update_status(conn, id, current, &update)? == 0 {
            // Another change landed first; answer as if this one came after it.
            let now_current = store::get(conn, id)?.map(|r| r.status()).unwrap_or(current);
            return Err(TransitionError::Illegal {
                current: now_current,
                wanted: change.status,
                allowed: now_current.next().to_vec(),
            }
            .into());
        }
        history::add_event(
            conn,
            id,
            Some((&caller.partner_id, caller.role)),
            Some(current),
            change.status,
            code.as_deref(),
            change.reason.as_deref(),
        )?;
        let payload = payloads::ReferralStatusChanged {
            referral_id: id.to_string(),
            from: current,
            status: change.status,
            reason_code: code.clone(),
            business_status: change.business_status.clone(),
        };
        let parties = loaded.parties();
        for partner in &parties {
            events::enqueue(
                conn,
                partner,
                events::REFERRAL_STATUS_CHANGED,
                Some(id),
                &payload,
            )?;
        }
        if let Some(facts) = &change.waitlist {
            hand_off(conn, &loaded, facts)?;
        }
        let row = store::get(conn, id)?.ok_or_else(|| crate::referrals::not_found(id))?;
        let updated = Loaded { row, ..loaded };
        updated.show(conn, &caller.partner_id, now)
    })
}
