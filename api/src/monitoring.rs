//! What `/metrics` needs beyond its counters: who may read it (an admin's API key, or the
//! scrape token), and the state of the moment, read from memory and, where only the store
//! knows, with two indexed queries (the newest listing change, the webhook queue).

use actix_web::HttpRequest;
use actix_web::http::header::AUTHORIZATION;
use chrono::Utc;

use crate::auth::{Caller, Role, keys};
use crate::error::ApiError;
use crate::metrics::scrape::{FromStore, StoreState};
use crate::metrics::token::ScrapeToken;
use crate::state::AppState;
use crate::webhooks::store as webhooks;

/// Lets the request through when it bears the scrape token, else when its API key is an
/// admin's: 401 without a key that works, 403 for another role.
pub async fn may_read(req: &HttpRequest, token: Option<&ScrapeToken>) -> Result<(), ApiError> {
    let presented = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(keys::from_authorization);
    if let (Some(token), Some(presented)) = (token, presented)
        && token.matches(presented)
    {
        return Ok(());
    }
    Caller::from_request_head(req)
        .await?
        .require(&[Role::Admin])
}

/// The state a scrape shows: memory first, then the store's part on a pooled connection
/// (`None` at once while the database is known to be away).
pub async fn state_now(state: &AppState) -> StoreState {
    let now = Utc::now();
    let readiness = state
        .health
        .readiness(&state.index, state.store.backend().name())
        .ok();
    let store = state
        .db
        .read(move |c| {
            let last_change = waypoint_indexer::store::read::last_change(c)?;
            let webhooks = webhooks::queue(c, now)?;
            Ok::<_, ApiError>(FromStore {
                last_change,
                webhooks,
            })
        })
        .await
        .ok();
    StoreState {
        now,
        listings: readiness.as_ref().map_or(0, |r| r.listings),
        index_documents: readiness.as_ref().map_or(0, |r| r.index_documents),
        index_applied: state.index.applied_seq().ok().flatten().unwrap_or(0),
        database_up: store.is_some(),
        pool: state.db.pool_use(),
        store,
    }
}
