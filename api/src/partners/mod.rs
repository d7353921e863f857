//! Partners: the organizations using the API, each with one role, keys, and (providers)
//! the HSDS organizations whose services they receive referrals for.

pub mod admin;
pub mod store;

use serde::Serialize;
use utoipa::ToSchema;
use waypoint_indexer::store::DbConnection;

use crate::auth::{Caller, Role};
use crate::error::ApiError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Partner {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// HSDS organizations this partner receives referrals for (providers).
    pub organization_ids: Vec<String>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disabled_at: Option<String>,
}

/// A key as listed: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct KeyInfo {
    pub id: String,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// A key just issued: the only time the key is shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuedKey {
    pub partner_id: String,
    pub key_id: String,
    pub api_key: String,
}

/// What creating a partner needs.
#[derive(Debug, Clone)]
pub struct NewPartner {
    pub name: String,
    pub role: Role,
    pub organization_ids: Vec<String>,
}

impl NewPartner {
    /// Checks what a partner must have: a name, and no organizations unless it is a provider.
    /// The error names the field at fault.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.name.trim().is_empty() {
            return Err(("name", "a partner needs a name".into()));
        }
        if self.role != Role::Provider && !self.organization_ids.is_empty() {
            return Err((
                "organization_ids",
                "only provider partners are linked to organizations".into(),
            ));
        }
        if self.organization_ids.iter().any(|o| o.trim().is_empty()) {
            return Err((
                "organization_ids",
                "organization ids cannot be empty".into(),
            ));
        }
        Ok(())
    }
}

/// Why a provider cannot be linked to organizations no loaded listing has: referrals to it
/// would never find it (a typo, or listings not loaded yet).
pub fn unknown_organizations_message(unknown: &[String]) -> String {
    format!(
        "no loaded organization has the id {}: load its listings first, or check the id \
         (GET /hsds/organizations lists them)",
        unknown
            .iter()
            .map(|id| format!("{id:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The partner the caller's key belongs to (`GET /v1/partners/me`); one gone since the key
/// was checked is a 401.
pub fn me(conn: &mut DbConnection, caller: &Caller) -> Result<Partner, ApiError> {
    store::get(conn, &caller.partner_id)?
        .ok_or_else(|| ApiError::Unauthorized("the API key's partner is gone".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partner(role: Role, orgs: &[&str]) -> NewPartner {
        NewPartner {
            name: "Testy McTestface Clinic".into(),
            role,
            organization_ids: orgs.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn only_providers_are_linked_to_organizations() {
        assert!(partner(Role::Provider, &["org-1"]).validate().is_ok());
        assert!(partner(Role::Provider, &[]).validate().is_ok());
        assert!(partner(Role::Referrer, &["org-1"]).validate().is_err());
        assert!(partner(Role::Provider, &[" "]).validate().is_err());
    }

    #[test]
    fn partners_need_a_name() {
        let mut p = partner(Role::Admin, &[]);
        p.name = "  ".into();
        assert!(p.validate().is_err());
    }
}
