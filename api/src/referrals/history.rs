//! A referral's history (status changes) and notes in the store.

use diesel::prelude::*;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::{referral_events, referral_notes};
use waypoint_indexer::with_conn;

use super::model::{Note, ReferralEvent};
use super::transitions::Status;
use crate::auth::Role;
use crate::clock;

/// Records a history entry.
pub fn add_event(
    conn: &mut DbConnection,
    referral_id: &str,
    actor: Option<(&str, Role)>,
    from: Option<Status>,
    to: Status,
    reason_code: Option<&str>,
    reason: Option<&str>,
) -> QueryResult<()> {
    with_conn!(conn, |c| diesel::insert_into(referral_events::table)
        .values((
            referral_events::id.eq(uuid::Uuid::new_v4().to_string()),
            referral_events::referral_id.eq(referral_id),
            referral_events::at.eq(clock::now()),
            referral_events::actor_partner_id.eq(actor.map(|a| a.0)),
            referral_events::actor_role.eq(actor.map(|a| a.1.as_str())),
            referral_events::from_status.eq(from.map(Status::as_str)),
            referral_events::to_status.eq(to.as_str()),
            referral_events::reason_code.eq(reason_code),
            referral_events::reason.eq(reason),
        ))
        .execute(c))?;
    Ok(())
}

type EventRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

pub fn events(conn: &mut DbConnection, referral_id: &str) -> QueryResult<Vec<ReferralEvent>> {
    let rows: Vec<EventRow> = with_conn!(conn, |c| referral_events::table
        .filter(referral_events::referral_id.eq(referral_id))
        .select((
            referral_events::id,
            referral_events::at,
            referral_events::actor_partner_id,
            referral_events::actor_role,
            referral_events::from_status,
            referral_events::to_status,
            referral_events::reason_code,
            referral_events::reason,
        ))
        .order((referral_events::at, referral_events::id))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|r| ReferralEvent {
            id: r.0,
            at: r.1,
            actor_partner_id: r.2,
            actor_role: r.3,
            from: r.4.as_deref().and_then(Status::parse),
            to: Status::parse(&r.5).unwrap_or(Status::Requested),
            reason_code: r.6,
            reason: r.7,
        })
        .collect())
}

pub fn add_note(
    conn: &mut DbConnection,
    referral_id: &str,
    author: &str,
    text: &str,
) -> QueryResult<Note> {
    let note = Note {
        id: uuid::Uuid::new_v4().to_string(),
        author_partner_id: author.to_string(),
        text: Some(text.to_string()),
        created_at: clock::now(),
    };
    with_conn!(conn, |c| diesel::insert_into(referral_notes::table)
        .values((
            referral_notes::id.eq(&note.id),
            referral_notes::referral_id.eq(referral_id),
            referral_notes::author_partner_id.eq(author),
            referral_notes::text.eq(text),
            referral_notes::created_at.eq(&note.created_at),
        ))
        .execute(c))?;
    Ok(note)
}

pub fn notes(conn: &mut DbConnection, referral_id: &str) -> QueryResult<Vec<Note>> {
    let rows: Vec<(String, String, String, String)> = with_conn!(conn, |c| referral_notes::table
        .filter(referral_notes::referral_id.eq(referral_id))
        .select((
            referral_notes::id,
            referral_notes::author_partner_id,
            referral_notes::text,
            referral_notes::created_at,
        ))
        .order((referral_notes::created_at, referral_notes::id))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, author_partner_id, text, created_at)| Note {
            id,
            author_partner_id,
            text: Some(text),
            created_at,
        })
        .collect())
}
