//! An endpoint's deliveries, newest first with every attempt, and manual retries.

use waypoint_indexer::store::DbConnection;

use super::no_endpoint;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::problems::ProblemType;
use crate::webhooks::Delivery;
use crate::webhooks::store::{self, RetryRefused};

/// Deliveries listed when no `limit` is given, and the most one page may hold.
const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 200;

/// How many deliveries to list: `limit` checked, or the default.
pub fn limit(asked: Option<i64>) -> Result<i64, ApiError> {
    let limit = asked.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            "limit",
            format!("limit must be between 1 and {MAX_LIMIT}"),
        ));
    }
    Ok(limit)
}

/// The endpoint's last `limit` deliveries, each with every attempt.
pub fn list(
    conn: &mut DbConnection,
    caller: &Caller,
    endpoint_id: &str,
    limit: i64,
) -> Result<Vec<Delivery>, ApiError> {
    store::get(conn, &caller.partner_id, endpoint_id)?.ok_or_else(|| no_endpoint(endpoint_id))?;
    Ok(store::deliveries(conn, endpoint_id, None, limit)?)
}

/// Makes a delivery due now (same event id), whatever its status; not while it is being
/// sent, nor for a disabled endpoint.
pub fn retry(
    conn: &mut DbConnection,
    caller: &Caller,
    endpoint_id: &str,
    delivery_id: &str,
) -> Result<Delivery, ApiError> {
    store::retry_now(conn, &caller.partner_id, endpoint_id, delivery_id)?.map_err(|refused| {
        match refused {
            RetryRefused::NotFound => ApiError::NotFound(format!(
                "no delivery {delivery_id} of webhook endpoint {endpoint_id} for this partner"
            )),
            RetryRefused::EndpointDisabled => ApiError::rule(
                ProblemType::WebhookEndpointDisabled,
                "the endpoint was disabled (its receiver answered 410 Gone); subscribe again to receive events",
            ),
            RetryRefused::InFlight => ApiError::rule(
                ProblemType::WebhookDeliveryInFlight,
                "the delivery is being sent right now; look at its attempts in a few seconds",
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_defaults_to_50_and_stays_within_1_to_200() {
        assert_eq!(limit(None).unwrap(), 50);
        assert_eq!(limit(Some(1)).unwrap(), 1);
        assert_eq!(limit(Some(200)).unwrap(), 200);
        for bad in [0, -1, 201] {
            match limit(Some(bad)).unwrap_err() {
                ApiError::InvalidParameter { parameter, .. } => assert_eq!(parameter, "limit"),
                other => panic!("{other:?}"),
            }
        }
    }
}
