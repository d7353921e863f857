//! The `Caller` extractor: the partner behind `Authorization: Bearer KEY`, or a 401.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use waypoint_indexer::model::Keyword;
use waypoint_indexer::store::DbConnection;

use super::{Role, keys};
use crate::error::ApiError;
use crate::partners::Partner;
use crate::partners::store as partners;
use crate::state::AppState;
use crate::traffic::RateLimiter;
use crate::traffic::client::ClientAddress;

/// The authenticated partner making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub partner_id: String,
    pub name: String,
    pub role: Role,
    /// The HSDS organizations a provider receives referrals for.
    pub organization_ids: Vec<String>,
}

/// A partner acting on its own behalf, as when a webhook is sent to it.
impl From<Partner> for Caller {
    fn from(partner: Partner) -> Caller {
        Caller {
            partner_id: partner.id,
            name: partner.name,
            role: partner.role,
            organization_ids: partner.organization_ids,
        }
    }
}

impl Caller {
    /// 403 unless the caller has one of these roles.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let wanted: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(ApiError::Forbidden(format!(
                "this needs the role {}; this key's partner is a {}",
                wanted.join(" or "),
                self.role
            )))
        }
    }

    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }

    /// Finds the partner holding `key` (active key, enabled partner).
    pub fn authenticate(conn: &mut DbConnection, key: &str) -> Result<Caller, ApiError> {
        let partner = partners::by_key_hash(conn, &keys::hash(key))
            .map_err(|e| ApiError::Internal(format!("key lookup: {e}")))?
            .ok_or_else(|| {
                ApiError::Unauthorized("the API key is not valid or has been revoked".into())
            })?;
        Ok(Caller::from(partner))
    }

    /// The caller of a request, from its `Authorization` header.
    pub async fn from_request_head(req: &HttpRequest) -> Result<Caller, ApiError> {
        let key = req
            .headers()
            .get(AUTHORIZATION)
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "an API key is needed: send `Authorization: Bearer KEY`".into(),
                )
            })?
            .to_str()
            .ok()
            .and_then(keys::from_authorization)
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header must be `Bearer KEY`".into())
            })?
            .to_string();
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::Internal("application state missing".into()))?
            .clone();
        let key_hash = keys::hash(&key);
        let found = state
            .db
            .read(move |conn| Caller::authenticate(conn, &key))
            .await;
        note_key_attempt(req, &key_hash, &found);
        found
    }
}

/// Tells the rate limits how a key fared: a key that authenticated gets a bucket of its
/// own; an unknown or revoked one counts as a failed attempt from the client's address.
fn note_key_attempt(req: &HttpRequest, key_hash: &str, found: &Result<Caller, ApiError>) {
    let Some(limiter) = req.app_data::<web::Data<RateLimiter>>() else {
        return;
    };
    match found {
        Ok(_) => limiter.key_accepted(key_hash),
        Err(ApiError::Unauthorized(_)) => {
            if let Some(ClientAddress(client)) = req.extensions().get::<ClientAddress>().copied() {
                limiter.key_refused(client, key_hash, std::time::Instant::now());
            }
        }
        Err(_) => {}
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Caller, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { Caller::from_request_head(&req).await })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn require_refuses_other_roles_with_403() {
        let caller = Caller {
            partner_id: "p".into(),
            name: "Testy McTestface Clinic".into(),
            role: Role::Referrer,
            organization_ids: vec![],
        };
        assert!(caller.require(&[Role::Referrer, Role::Admin]).is_ok());
        let err = caller.require(&[Role::Provider]).unwrap_err();
        assert!(matches!(err, ApiError::Forbidden(_)));
        assert!(err.to_string().contains("provider"));
    }
}
