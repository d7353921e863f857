//! Who is calling: partner roles, API keys (shown once, stored as SHA-256 hex), and the
//! `Caller` extractor that turns `Authorization: Bearer KEY` into a partner.

mod caller;
pub mod gate;
pub mod keys;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use waypoint_indexer::model::Keyword;

pub use caller::Caller;

/// What a partner does with the API; each partner has exactly one role.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    ToSchema,
    strum::IntoStaticStr,
    strum::Display,
    strum::VariantArray,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
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

impl std::str::FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Role, String> {
        Role::parse(s).ok_or_else(|| format!("unknown role {s:?}: expected {}", Role::one_of()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_and_write_as_lowercase_words() {
        for &role in Role::all() {
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
