//! The audit log: what admins did (partners, keys, capacity) and what any partner did to
//! where client data flows (webhook endpoints) or on another's behalf (capacity reported
//! by a coordinator or an admin), each entry written in the transaction of its change and
//! readable by admins at `GET /v1/audit`.

pub mod actions;
pub mod store;

use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use crate::auth::{Caller, Role};

/// What was done.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AuditAction {
    PartnerCreated,
    PartnerDisabled,
    KeyIssued,
    /// A new key, with the partner's other keys revoked.
    KeyRotated,
    KeyRevoked,
    WebhookRegistered,
    WebhookDeleted,
    WebhookSecretRotated,
    /// Capacity reported for a program by a coordinator or an admin, not its provider.
    CapacityReported,
}

/// Who acted: a partner (as it was when it acted) or the `waypoint partners` command line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Actor {
    /// The partner's id; absent for the command line.
    pub partner_id: Option<String>,
    /// The partner's role; absent for the command line.
    pub role: Option<Role>,
    /// The partner's name, or `command line`.
    pub name: String,
}

impl Actor {
    /// An operator running `waypoint partners` on the server.
    pub fn command_line() -> Actor {
        Actor {
            partner_id: None,
            role: None,
            name: "command line".into(),
        }
    }
}

impl From<&Caller> for Actor {
    fn from(caller: &Caller) -> Actor {
        Actor {
            partner_id: Some(caller.partner_id.clone()),
            role: Some(caller.role),
            name: caller.name.clone(),
        }
    }
}

/// What was acted on: `partner`, `key`, `webhook_endpoint` or `service`, and its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Target {
    #[schema(schema_with = crate::keywords::audit_target)]
    pub kind: &'static str,
    pub id: String,
}

impl Target {
    pub fn partner(id: &str) -> Target {
        Target {
            kind: "partner",
            id: id.into(),
        }
    }
    pub fn key(id: &str) -> Target {
        Target {
            kind: "key",
            id: id.into(),
        }
    }
    pub fn webhook_endpoint(id: &str) -> Target {
        Target {
            kind: "webhook_endpoint",
            id: id.into(),
        }
    }
    pub fn service(id: &str) -> Target {
        Target {
            kind: "service",
            id: id.into(),
        }
    }
}

/// One entry of the audit log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEvent {
    pub id: String,
    /// When it was done (RFC 3339, UTC).
    #[schema(format = DateTime)]
    pub at: String,
    pub actor: Actor,
    pub action: AuditAction,
    pub target: Target,
    /// What the action set (a partner's name and role, an endpoint's URL and events, a
    /// report's figures); never a key or a secret.
    #[schema(value_type = Object)]
    pub detail: Value,
}

/// Whether a capacity report is made on another's behalf and so audited: every report
/// but a provider's for its own program.
pub fn reports_on_behalf(caller: &Caller) -> bool {
    !caller.is(Role::Provider)
}

#[cfg(test)]
mod tests {
    use waypoint_indexer::model::Keyword;

    use super::*;

    fn caller(role: Role) -> Caller {
        Caller {
            partner_id: "p-1".into(),
            name: "Example Clinic (fictional)".into(),
            role,
            organization_ids: vec![],
        }
    }

    #[test]
    fn only_reports_by_someone_other_than_the_provider_are_on_behalf() {
        assert!(!reports_on_behalf(&caller(Role::Provider)));
        assert!(reports_on_behalf(&caller(Role::Coordinator)));
        assert!(reports_on_behalf(&caller(Role::Admin)));
    }

    #[test]
    fn an_actor_is_the_partner_as_it_was_or_the_command_line() {
        let actor = Actor::from(&caller(Role::Admin));
        assert_eq!(actor.partner_id.as_deref(), Some("p-1"));
        assert_eq!(actor.role, Some(Role::Admin));
        assert_eq!(Actor::command_line().partner_id, None);
    }

    #[test]
    fn actions_are_stored_and_shown_as_the_same_words() {
        for action in <AuditAction as strum::VariantArray>::VARIANTS {
            let word: &str = action.into();
            assert_eq!(serde_json::to_value(action).unwrap(), word);
            assert_eq!(AuditAction::parse(word), Some(*action));
        }
    }
}
