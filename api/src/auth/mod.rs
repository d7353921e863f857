//! Who is calling: partner roles, API keys (shown once, stored as SHA-256 hex), and the
//! `Caller` extractor that turns `Authorization: Bearer KEY` into a partner.

mod caller;
pub mod gate;
pub mod keys;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use caller::Caller;

/// What a partner does with the API; each partner has exactly one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Sends referrals (clinics, EHRs, care-coordination systems).
    Referrer,
    /// Receives referrals for the services of its linked HSDS organizations.
    Provider,
    /// Keeps waitlists across programs.
    Coordinator,
    /// Runs this Waypoint: partners, keys, reports.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Referrer,
        Role::Provider,
        Role::Coordinator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Referrer => "referrer",
            Role::Provider => "provider",
            Role::Coordinator => "coordinator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        Role::parse(s).ok_or_else(|| {
            format!("unknown role {s:?}: expected referrer, provider, coordinator or admin")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_and_write_as_lowercase_words() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            assert_eq!(
                serde_json::to_value(role).unwrap(),
                serde_json::json!(role.as_str())
            );
        }
        assert_eq!("provider".parse::<Role>(), Ok(Role::Provider));
        assert!("Provider".parse::<Role>().is_err());
    }
}
