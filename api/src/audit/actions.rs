//! Reading the audit log: admins only, newest first, paged by an opaque cursor.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;

use super::store::{self, AuditFilter};
use super::{AuditAction, AuditEvent};
use crate::auth::{Caller, Role};
use crate::clock;
use crate::error::ApiError;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    /// Newest first.
    pub items: Vec<AuditEvent>,
    /// Pass as `cursor` for older entries; absent on the last page.
    pub next_cursor: Option<String>,
}

/// What the log was asked for, as given.
#[derive(Debug, Default)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub target_id: Option<String>,
    pub since: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

fn encode_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("audit|{seq}"))
}

fn decode_cursor(cursor: &str) -> Option<i64> {
    let text = String::from_utf8(URL_SAFE_NO_PAD.decode(cursor).ok()?).ok()?;
    text.strip_prefix("audit|")?.parse().ok()
}

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    query: AuditQuery,
) -> Result<AuditPage, ApiError> {
    caller.require(&[Role::Admin])?;
    let action = match query.action.as_deref() {
        Some(a) => Some(AuditAction::parse(a).ok_or_else(|| {
            ApiError::invalid(
                "action",
                format!("unknown action {a:?}: expected {}", AuditAction::one_of()),
            )
        })?),
        None => None,
    };
    let since = match query.since.as_deref() {
        Some(t) => Some(clock::format(clock::parse(t).ok_or_else(|| {
            ApiError::invalid("since", "`since` must be an RFC 3339 time")
        })?)),
        None => None,
    };
    // A blank cursor (a form's empty field) is the first page.
    let before_seq = match query.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(
            decode_cursor(c)
                .ok_or_else(|| ApiError::invalid("cursor", "this cursor is not one we gave"))?,
        ),
        None => None,
    };
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("`limit` must be between 1 and {MAX_LIMIT}"),
        ));
    }
    // One more than the page shows, to know whether another page follows.
    let mut rows = store::list(
        conn,
        &AuditFilter {
            actor_partner_id: query.actor.as_deref(),
            action,
            target_id: query.target_id.as_deref(),
            since: since.as_deref(),
            before_seq,
            limit: limit + 1,
        },
    )?;
    let next_cursor = (rows.len() as i64 > limit).then(|| {
        rows.truncate(limit as usize);
        encode_cursor(rows.last().map_or(0, |(seq, _)| *seq))
    });
    Ok(AuditPage {
        items: rows.into_iter().map(|(_, event)| event).collect(),
        next_cursor,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_and_a_made_up_one_does_not() {
        assert_eq!(decode_cursor(&encode_cursor(42)), Some(42));
        assert_eq!(decode_cursor("42"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("referral|42")), None);
    }
}
