//! What admins do with partners over the API: the same operations as `waypoint partners`,
//! each refused (403) for any other role.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waypoint_indexer::store::DbConnection;

use super::{IssuedKey, KeyInfo, NewPartner, Partner, store};
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
    let (partner, key) = store::create(conn, &new)?;
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
    let issued = if rotate {
        store::rotate_key(conn, id)?
    } else {
        store::add_key(conn, id)?
    };
    issued.ok_or_else(|| missing(id))
}

pub fn revoke_key(
    conn: &mut DbConnection,
    caller: &Caller,
    id: &str,
    key_id: &str,
) -> Result<PartnerDetail, ApiError> {
    caller.require(&[Role::Admin])?;
    match store::revoke_keys(conn, id, Some(key_id))? {
        None => Err(missing(id)),
        Some(0) if !store::keys_of(conn, id)?.iter().any(|k| k.id == key_id) => Err(
            ApiError::NotFound(format!("no key {key_id} for partner {id}")),
        ),
        Some(_) => detail(conn, caller, id),
    }
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
    store::disable(conn, id)?.ok_or_else(|| missing(id))
}
