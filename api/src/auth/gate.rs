//! The operator's switch `WAYPOINT_REQUIRE_API_KEY`: when on, search and `/hsds` need a
//! valid key like every partner endpoint; when off (the default) they stay public.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};

use super::Caller;
use crate::state::AppState;

/// Whether a path is a listing read that the switch covers.
pub fn is_listing_path(path: &str) -> bool {
    path == "/v1/search"
        || path.starts_with("/v1/search/")
        || path == "/hsds"
        || path.starts_with("/hsds/")
}

pub async fn require_key_for_listings(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let required = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.require_api_key);
    if required
        && is_listing_path(req.path())
        && let Err(e) = Caller::from_request_head(req.request()).await
    {
        return Ok(req.into_response(e.error_response()));
    }
    next.call(req).await.map(|r| r.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_search_and_hsds_are_covered() {
        assert!(is_listing_path("/v1/search"));
        assert!(is_listing_path("/hsds/services/abc"));
        assert!(is_listing_path("/hsds"));
        assert!(!is_listing_path("/hsdsx"));
        assert!(!is_listing_path("/v1/referrals"));
        assert!(!is_listing_path("/health"));
    }
}
