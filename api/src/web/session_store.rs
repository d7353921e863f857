//! The page's sessions in the database (`web_sessions`), so every instance on one
//! PostgreSQL knows them: start one for a key, find the partner behind one (still
//! enabled, key not revoked, session live), and end one. Ids arrive already hashed.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::web_sessions as s;
use waypoint_indexer::with_conn;

use super::session::{self, ABSOLUTE_LIFETIME, IDLE_LIFETIME};
use crate::auth::Caller;
use crate::clock;
use crate::error::ApiError;
use crate::partners::store as partners;

fn db(e: diesel::result::Error) -> ApiError {
    ApiError::Internal(format!("web sessions: {e}"))
}

/// Stores a new session for the partner holding the key whose hash is `key_hash`, and
/// clears sessions that ended (idle or too old) so the table stays small.
pub fn start(
    conn: &mut DbConnection,
    id_hash: &str,
    caller: &Caller,
    key_hash: &str,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let at = clock::format(now);
    let idle_before = clock::format(now - IDLE_LIFETIME);
    let old_before = clock::format(now - ABSOLUTE_LIFETIME);
    with_conn!(&mut *conn, |c| diesel::delete(
        s::table.filter(
            s::last_seen_at
                .lt(&idle_before)
                .or(s::created_at.lt(&old_before)),
        ),
    )
    .execute(c))
    .map_err(db)?;
    with_conn!(&mut *conn, |c| diesel::insert_into(s::table)
        .values((
            s::id_hash.eq(id_hash),
            s::partner_id.eq(&caller.partner_id),
            s::key_hash.eq(key_hash),
            s::created_at.eq(&at),
            s::last_seen_at.eq(&at),
        ))
        .execute(c))
    .map_err(db)?;
    Ok(())
}

/// A live session as found: who it is for, and whether its last use should be written.
pub struct Found {
    pub caller: Caller,
    pub needs_touch: bool,
}

/// The partner behind a session, when the session is live and its key and partner still
/// are; `None` for anything else (unknown, ended, revoked, disabled).
pub fn find(
    conn: &mut DbConnection,
    id_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Found>, ApiError> {
    let row: Option<(String, String, String, String)> = with_conn!(&mut *conn, |c| s::table
        .find(id_hash)
        .select((s::partner_id, s::key_hash, s::created_at, s::last_seen_at))
        .first(c)
        .optional())
    .map_err(db)?;
    let Some((partner_id, key_hash, created, last_seen)) = row else {
        return Ok(None);
    };
    let (Some(created), Some(last_seen)) = (clock::parse(&created), clock::parse(&last_seen))
    else {
        return Ok(None);
    };
    if session::check_live(created, last_seen, now).is_err() {
        return Ok(None);
    }
    // The key's partner, only while the key is active and the partner enabled.
    let partner = partners::by_key_hash(conn, &key_hash).map_err(db)?;
    Ok(partner.filter(|p| p.id == partner_id).map(|p| Found {
        caller: Caller::from(p),
        needs_touch: session::needs_touch(last_seen, now),
    }))
}

/// Writes a session's last use.
pub fn touch(conn: &mut DbConnection, id_hash: &str, now: DateTime<Utc>) -> Result<(), ApiError> {
    let at = clock::format(now);
    with_conn!(&mut *conn, |c| diesel::update(s::table.find(id_hash))
        .set(s::last_seen_at.eq(&at))
        .execute(c))
    .map_err(db)?;
    Ok(())
}

/// Ends a session (sign-out).
pub fn end(conn: &mut DbConnection, id_hash: &str) -> Result<(), ApiError> {
    with_conn!(&mut *conn, |c| diesel::delete(s::table.find(id_hash))
        .execute(c))
    .map_err(db)?;
    Ok(())
}
