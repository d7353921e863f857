//! Audit entries in the store: added, never changed, read newest first.

use diesel::prelude::*;
use serde_json::Value;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::schema::audit_events;
use waypoint_indexer::with_conn;

use super::{Actor, AuditAction, AuditEvent, Target};
use crate::auth::Role;
use crate::clock;

/// Adds an entry; called inside the transaction of the change it records.
pub fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    action: AuditAction,
    target: &Target,
    detail: Value,
) -> QueryResult<()> {
    let id = uuid::Uuid::new_v4().to_string();
    let at = clock::now();
    let role = actor.role.map(|r| r.as_str());
    let detail = detail.to_string();
    with_conn!(conn, |c| diesel::insert_into(audit_events::table)
        .values((
            audit_events::id.eq(&id),
            audit_events::at.eq(&at),
            audit_events::actor_partner_id.eq(actor.partner_id.as_deref()),
            audit_events::actor_role.eq(role),
            audit_events::actor_name.eq(&actor.name),
            audit_events::action.eq(action.as_str()),
            audit_events::target_kind.eq(target.kind),
            audit_events::target_id.eq(&target.id),
            audit_events::detail.eq(&detail),
        ))
        .execute(c))?;
    Ok(())
}

/// Which entries to read.
#[derive(Debug, Default)]
pub struct AuditFilter<'a> {
    /// Only this partner's actions.
    pub actor_partner_id: Option<&'a str>,
    pub action: Option<AuditAction>,
    /// Only actions on this record.
    pub target_id: Option<&'a str>,
    /// At or after this stored time.
    pub since: Option<&'a str>,
    /// Older than this entry (the cursor).
    pub before_seq: Option<i64>,
    pub limit: i64,
}

type Row = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
);

/// Entries matching `f`, newest first, each with its sequence number (for the cursor).
pub fn list(conn: &mut DbConnection, f: &AuditFilter) -> QueryResult<Vec<(i64, AuditEvent)>> {
    let rows: Vec<Row> = with_conn!(conn, |c| {
        let mut q = audit_events::table.into_boxed();
        if let Some(actor) = f.actor_partner_id {
            q = q.filter(audit_events::actor_partner_id.eq(actor));
        }
        if let Some(action) = f.action {
            q = q.filter(audit_events::action.eq(action.as_str()));
        }
        if let Some(target) = f.target_id {
            q = q.filter(audit_events::target_id.eq(target));
        }
        if let Some(since) = f.since {
            q = q.filter(audit_events::at.ge(since));
        }
        if let Some(before) = f.before_seq {
            q = q.filter(audit_events::seq.lt(before));
        }
        q.order(audit_events::seq.desc())
            .limit(f.limit)
            .select((
                audit_events::seq,
                audit_events::id,
                audit_events::at,
                audit_events::actor_partner_id,
                audit_events::actor_role,
                audit_events::actor_name,
                audit_events::action,
                audit_events::target_kind,
                audit_events::target_id,
                audit_events::detail,
            ))
            .load(c)
    })?;
    Ok(rows.into_iter().filter_map(event).collect())
}

/// An entry as read; one whose words this version does not know (written by a newer
/// one) is left out rather than shown wrong.
fn event(row: Row) -> Option<(i64, AuditEvent)> {
    let (seq, id, at, partner_id, role, name, action, kind, target_id, detail) = row;
    let kind = crate::keywords::AUDIT_TARGETS
        .iter()
        .copied()
        .find(|k| *k == kind)?;
    Some((
        seq,
        AuditEvent {
            id,
            at,
            actor: Actor {
                partner_id,
                role: role.as_deref().and_then(Role::parse),
                name,
            },
            action: AuditAction::parse(&action)?,
            target: Target {
                kind,
                id: target_id,
            },
            detail: serde_json::from_str(&detail).unwrap_or(Value::Null),
        },
    ))
}
