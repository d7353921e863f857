//! What admins do with partners over the API: the same operations as `waypoint partners`,
//! each refused (403) for any other role, and each change entered in the audit log in its
//! own transaction.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waypoint_indexer::store::DbConnection;

use super::{IssuedKey, KeyInfo, NewPartner, Partner, store};
use crate::audit::{self, Actor, AuditAction, Target};
use crate::auth::{Caller, Role};
use crate::error::ApiError;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePartner {
    #[schema(pattern = r"\S")]
    pub name: String,
    pub role: Role,
    /// HSDS organizations a provider receives referrals for.
    #[serde(default)]
    pub organization_ids: Vec<String>,
}

/// A partner with its keys (never the keys themselves).
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerDetail {
    #[serde(flatten)]
    pub partner: Partner,
    pub keys: Vec<KeyInfo>,
}

/// A new partner and its first key, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedPartner {
    pub partner: Partner,
    pub partner_id: String,
    pub key_id: String,
    pub api_key: String,
}

fn missing(id: &str) -> ApiError {
    ApiError::NotFound(format!("no partner {id}"))
}

pub fn create(
    conn: &mut DbConnection,
    caller: &Caller,
    body: CreatePartner,
) -> Result<CreatedPartner, ApiError> {
    caller.require(&[Role::Admin])?;
    let new = NewPartner {
        name: body.name,
        role: body.role,
        organization_ids: body.organization_ids,
    };
    new.validate()
        .map_err(|(field, detail)| ApiError::invalid(field, detail))?;
    let unknown = store::unknown_organizations(conn, &new.organization_ids)?;
    if !unknown.is_empty() {
        return Err(ApiError::invalid(
            "organization_ids",
            super::unknown_organizations_message(&unknown),
        ));
    }
    let (partner, key) = conn.in_transaction(|conn| {
        let (partner, key) = store::create(conn, &new)?;
        audit_created(conn, &Actor::from(caller), &partner, &key.key_id)?;
        Ok::<_, ApiError>((partner, key))
    })?;
    Ok(CreatedPartner {
        partner_id: partner.id.clone(),
        partner,
        key_id: key.key_id,
        api_key: key.api_key,
    })
}

pub fn list(conn: &mut DbConnection, caller: &Caller) -> Result<Vec<Partner>, ApiError> {
    caller.require(&[Role::Admin])?;
    Ok(store::list(conn)?)
}

pub fn detail(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
) -> Result<PartnerDetail, ApiError> {
    caller.require(&[Role::Admin])?;
    let partner = store::get(conn, id)?.ok_or_else(|| missing(id))?;
    let keys = store::keys_of(conn, id)?;
    Ok(PartnerDetail { partner, keys })
}

/// A new key; `rotate` revokes the current ones in the same transaction.
pub fn issue_key(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    rotate: bool,
) -> Result<IssuedKey, ApiError> {
    caller.require(&[Role::Admin])?;
    conn.in_transaction(|conn| {
        let issued = if rotate {
            store::rotate_key(conn, id)?
        } else {
            store::add_key(conn, id)?
        };
        let issued = issued.ok_or_else(|| missing(id))?;
        audit_key_issued(conn, &Actor::from(caller), id, &issued.key_id, rotate)?;
        Ok(issued)
    })
}

pub fn revoke_key(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    key_id: &str,
) -> Result<PartnerDetail, ApiError> {
    caller.require(&[Role::Admin])?;
    conn.in_transaction(|conn| match store::revoke_keys(conn, id, Some(key_id))? {
        None => Err(missing(id)),
        Some(0) if !store::keys_of(conn, id)?.iter().any(|k| k.id == key_id) => Err(
            ApiError::NotFound(format!("no key {key_id} for partner {id}")),
        ),
        Some(revoked) => {
            if revoked > 0 {
                audit_keys_revoked(conn, &Actor::from(caller), id, Some(key_id))?;
            }
            detail(conn, caller, id)
        }
    })
}

/// Disables a partner: its keys stop working; its records stay.
pub fn disable(conn: &mut DbConnection, caller: &Caller, id: &str) -> Result<Partner, ApiError> {
    caller.require(&[Role::Admin])?;
    if id == caller.partner_id {
        return Err(ApiError::invalid(
            "id",
            "an admin cannot disable its own partner",
        ));
    }
    conn.in_transaction(|conn| {
        let partner = store::disable(conn, id)?.ok_or_else(|| missing(id))?;
        audit::store::record(
            conn,
            &Actor::from(caller),
            AuditAction::PartnerDisabled,
            &Target::partner(id),
            serde_json::json!({ "name": partner.name, "role": partner.role }),
        )?;
        Ok(partner)
    })
}

/// The audit entry of a new partner (its name, role and organizations; never its key).
pub fn audit_created(
    conn: &mut DbConnection,
    actor: &Actor,
    partner: &Partner,
    key_id: &str,
) -> diesel::QueryResult<()> {
    audit::store::record(
        conn,
        actor,
        AuditAction::PartnerCreated,
        &Target::partner(&partner.id),
        serde_json::json!({
            "name": partner.name,
            "role": partner.role,
            "organization_ids": partner.organization_ids,
            "key_id": key_id,
        }),
    )
}

/// The audit entry of a key issued to `partner_id`; `rotate` when its others were revoked.
pub fn audit_key_issued(
    conn: &mut DbConnection,
    actor: &Actor,
    partner_id: &str,
    key_id: &str,
    rotate: bool,
) -> diesel::QueryResult<()> {
    let action = if rotate {
        AuditAction::KeyRotated
    } else {
        AuditAction::KeyIssued
    };
    audit::store::record(
        conn,
        actor,
        action,
        &Target::key(key_id),
        serde_json::json!({ "partner_id": partner_id }),
    )
}

/// The audit entry of revoked keys: one (`key_id`) or all of the partner's.
pub fn audit_keys_revoked(
    conn: &mut DbConnection,
    actor: &Actor,
    partner_id: &str,
    key_id: Option<&str>,
) -> diesel::QueryResult<()> {
    let target = match key_id {
        Some(key) => Target::key(key),
        None => Target::partner(partner_id),
    };
    audit::store::record(
        conn,
        actor,
        AuditAction::KeyRevoked,
        &target,
        serde_json::json!({ "partner_id": partner_id, "all_keys": key_id.is_none() }),
    )
}
