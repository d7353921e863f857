//! Listing the referrals a partner sent (referrer) or receives (provider), newest changes
//! findable with `updated_since`, paged by an opaque cursor. Items are summaries without
//! client details; `GET /v1/referrals/{id}` gives those.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;

use crate::auth::{Caller, Role};
use crate::clock;
use crate::error::ApiError;
use crate::referrals::store::{self, ListFilter, Names, ReferralRow};
use crate::referrals::transitions::Status;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;

/// A referral in a list: status, routing and who is involved, no client details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralSummary {
    pub id: String,
    pub status: Status,
    pub business_status: Option<String>,
    // Stored as text; documented as `Priority`, as a referral's own is.
    #[schema(value_type = crate::referrals::model::Priority)]
    pub priority: String,
    pub service_id: String,
    /// The service's name (absent when it is no longer listed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    pub service_at_location_id: Option<String>,
    pub organization_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    pub referrer_id: String,
    pub referrer_name: Option<String>,
    /// The receiving partners.
    pub receivers: Vec<PartnerName>,
    pub consent_id: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub received_at: Option<String>,
    pub closed_loop_at: Option<String>,
}

/// A partner by id and name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartnerName {
    pub id: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReferralPage {
    pub items: Vec<ReferralSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// What the list was asked for, as given.
pub struct ListQuery {
    pub status: Option<String>,
    pub client_ref: Option<String>,
    pub service_id: Option<String>,
    pub updated_since: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<i64>,
}

pub fn encode_cursor(created_at: &str, id: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{created_at}|{id}"))
}

pub fn decode_cursor(cursor: &str) -> Option<(String, String)> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (created, id) = text.split_once('|')?;
    clock::parse(created)?;
    Some((created.to_string(), id.to_string()))
}

fn summary(row: ReferralRow, names: &Names) -> ReferralSummary {
    let partner = |id: &String| PartnerName {
        id: id.clone(),
        name: names.partners.get(id).cloned(),
    };
    ReferralSummary {
        status: row.status(),
        service_name: names.services.get(&row.service_id).cloned(),
        organization_name: names.organizations.get(&row.organization_id).cloned(),
        referrer_name: names.partners.get(&row.referrer_id).cloned(),
        receivers: names
            .receivers
            .get(&row.id)
            .into_iter()
            .flatten()
            .map(partner)
            .collect(),
        id: row.id,
        business_status: row.business_status,
        priority: row.priority,
        service_id: row.service_id,
        service_at_location_id: row.service_at_location_id,
        organization_id: row.organization_id,
        referrer_id: row.referrer_id,
        consent_id: row.consent_id,
        created_at: row.created_at,
        updated_at: row.updated_at,
        received_at: row.received_at,
        closed_loop_at: row.closed_loop_at,
    }
}

pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    query: ListQuery,
) -> Result<ReferralPage, ApiError> {
    caller.require(&[Role::Referrer, Role::Provider])?;
    let status = match query.status.as_deref() {
        Some(s) => Some(
            Status::parse(s)
                .ok_or_else(|| ApiError::invalid("status", format!("unknown status {s:?}")))?,
        ),
        None => None,
    };
    let updated_since = match query.updated_since.as_deref() {
        Some(t) => Some(clock::format(clock::parse(t).ok_or_else(|| {
            ApiError::invalid("updated_since", "`updated_since` must be an RFC 3339 time")
        })?)),
        None => None,
    };
    let after = match query.cursor.as_deref() {
        Some(c) => Some(
            decode_cursor(c)
                .ok_or_else(|| ApiError::invalid("cursor", "this cursor is not one we gave"))?,
        ),
        None => None,
    };
    // A client reference names a person: a referrer filters its own clients by it, while a
    // provider matching it against referrals whose details it may not see would learn who
    // they are for.
    if query.client_ref.is_some() && caller.role != Role::Referrer {
        return Err(ApiError::invalid(
            "client_ref",
            "`client_ref` filters a referrer's own clients; receivers filter by status or service",
        ));
    }
    let limit = query.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("`limit` must be 1 to {MAX_LIMIT}"),
        ));
    }
    let rows = store::list(
        conn,
        &ListFilter {
            partner_id: &caller.partner_id,
            as_receiver: caller.role == Role::Provider,
            status,
            client_reference: query.client_ref.as_deref(),
            service_id: query.service_id.as_deref(),
            updated_since: updated_since.as_deref(),
            after: after.as_ref().map(|(c, i)| (c.as_str(), i.as_str())),
            limit: limit + 1,
        },
    )?;
    let more = rows.len() as i64 > limit;
    let rows: Vec<ReferralRow> = rows.into_iter().take(limit as usize).collect();
    let names = store::names_for(conn, &rows)?;
    let items: Vec<ReferralSummary> = rows.into_iter().map(|r| summary(r, &names)).collect();
    let next_cursor = if more {
        items.last().map(|r| encode_cursor(&r.created_at, &r.id))
    } else {
        None
    };
    Ok(ReferralPage { items, next_cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_forgeries() {
        let c = encode_cursor("2026-11-23T12:00:00.000000Z", "abc-1");
        assert_eq!(
            decode_cursor(&c),
            Some(("2026-11-23T12:00:00.000000Z".into(), "abc-1".into()))
        );
        assert_eq!(decode_cursor("not base64!"), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("no separator")), None);
        assert_eq!(decode_cursor(&URL_SAFE_NO_PAD.encode("yesterday|x")), None);
    }
}
