//! The HSDS 3.1 read API under `/hsds`: one module per resource. Handlers parse the query
//! into the store's filter types, read one page (or stream every record as NDJSON), and
//! answer HSDS pages.

pub mod organizations;
pub mod params;
pub mod root;
pub mod service_at_locations;
pub mod services;
pub mod taxonomies;
pub mod taxonomy_terms;

use actix_web::web::Bytes;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use waypoint_indexer::store::DbConnection;
use waypoint_indexer::store::hsds::{Page, PageRequest};

use crate::auth::gate::require_key_for_listings;
use crate::error::ApiError;
use crate::state::AppState;

/// Records per database read while streaming NDJSON.
const NDJSON_BATCH: i64 = 500;

/// Every route under `/hsds`, behind the listing gate (so a route added here is gated
/// without a second thought); handlers' paths are relative to the scope.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        utoipa_actix_web::scope("/hsds")
            .wrap(actix_web::middleware::from_fn(require_key_for_listings))
            .configure(routes),
    );
}

fn routes(cfg: &mut ServiceConfig) {
    cfg.service(root::api_info)
        .service(root::api_info_no_slash)
        .service(services::list)
        .service(services::one)
        .service(organizations::list)
        .service(organizations::one)
        .service(service_at_locations::list)
        .service(service_at_locations::one)
        .service(taxonomies::list)
        .service(taxonomies::one)
        .service(taxonomy_terms::list)
        .service(taxonomy_terms::one);
}

/// An HSDS page of records.
#[derive(Debug, Serialize, ToSchema)]
pub struct HsdsPage<T> {
    /// Records matching, on every page.
    pub total_items: i64,
    pub total_pages: i64,
    pub page_number: i64,
    /// Records on this page.
    pub size: usize,
    pub first_page: bool,
    pub last_page: bool,
    pub empty: bool,
    pub contents: Vec<T>,
}

impl<T> HsdsPage<T> {
    pub fn new(page: Page<T>, request: PageRequest) -> HsdsPage<T> {
        let total_pages = (page.total_items + request.per_page - 1) / request.per_page;
        HsdsPage {
            total_items: page.total_items,
            total_pages,
            page_number: request.page,
            size: page.items.len(),
            first_page: request.page == 1,
            last_page: request.page >= total_pages,
            empty: page.items.is_empty(),
            contents: page.items,
        }
    }
}

/// The id in a record's path. No record has an id with a NUL byte (which PostgreSQL cannot
/// even compare), so such an id is not found rather than a failed query.
pub fn record_id(id: String, what: &str) -> Result<String, ApiError> {
    if id.contains('\0') {
        return Err(ApiError::NotFound(format!("no {what} has id {id:?}")));
    }
    Ok(id)
}

/// A single record, or a 404 problem naming what was not found.
pub fn found<T: Serialize>(
    record: Option<T>,
    what: &str,
    id: &str,
) -> Result<HttpResponse, ApiError> {
    match record {
        Some(r) => Ok(HttpResponse::Ok().json(r)),
        None => Err(ApiError::NotFound(format!("no {what} has id {id:?}"))),
    }
}

/// Answers one JSON page, or (NDJSON) every matching record one per line, read from the
/// store a batch at a time as the client takes them.
pub async fn respond<T, F>(
    state: &web::Data<AppState>,
    format: params::Format,
    page: PageRequest,
    fetch: F,
) -> Result<HttpResponse, ApiError>
where
    T: Serialize + Send + 'static,
    F: Fn(&mut DbConnection, PageRequest) -> Result<Page<T>, ApiError> + Clone + Send + 'static,
{
    match format {
        params::Format::Json => {
            let f = fetch.clone();
            let found = state.db.read(move |c| f(c, page)).await?;
            Ok(HttpResponse::Ok().json(HsdsPage::new(found, page)))
        }
        params::Format::Ndjson => {
            // Read the first batch before answering, so a failing store is a problem
            // response rather than a cut-off stream.
            let first = PageRequest {
                page: 1,
                per_page: NDJSON_BATCH,
            };
            let f = fetch.clone();
            let batch = state.db.read(move |c| f(c, first)).await?;
            let body = ndjson_lines(&batch.items)?;
            let more = batch.total_items > NDJSON_BATCH;
            let state = state.clone();
            let rest = futures_util::stream::unfold((more, 2_i64), move |(more, number)| {
                let state = state.clone();
                let fetch = fetch.clone();
                async move {
                    if !more {
                        return None;
                    }
                    let request = PageRequest {
                        page: number,
                        per_page: NDJSON_BATCH,
                    };
                    let result =
                        state
                            .db
                            .read(move |c| fetch(c, request))
                            .await
                            .and_then(|batch| {
                                let more = !batch.items.is_empty()
                                    && batch.total_items > number * NDJSON_BATCH;
                                Ok((ndjson_lines(&batch.items)?, more))
                            });
                    match result {
                        Ok((bytes, more)) => Some((Ok(bytes), (more, number + 1))),
                        Err(e) => {
                            tracing::error!(error = %e, "NDJSON stream stopped");
                            Some((Err(e), (false, number + 1)))
                        }
                    }
                }
            });
            let stream = futures_util::stream::StreamExt::chain(
                futures_util::stream::once(async move { Ok::<Bytes, ApiError>(body) }),
                rest,
            );
            Ok(HttpResponse::Ok()
                .content_type("application/x-ndjson")
                .streaming(stream))
        }
    }
}

fn ndjson_lines<T: Serialize>(items: &[T]) -> Result<Bytes, ApiError> {
    let mut out = Vec::new();
    for item in items {
        serde_json::to_writer(&mut out, item).map_err(|e| ApiError::Internal(e.to_string()))?;
        out.push(b'\n');
    }
    Ok(Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_fields_follow_the_counts() {
        let request = PageRequest {
            page: 2,
            per_page: 7,
        };
        let page = HsdsPage::new(
            Page {
                items: vec![1; 7],
                total_items: 20,
            },
            request,
        );
        assert_eq!((page.total_pages, page.page_number, page.size), (3, 2, 7));
        assert!(!page.first_page && !page.last_page && !page.empty);
        let empty: HsdsPage<i32> = HsdsPage::new(
            Page {
                items: vec![],
                total_items: 0,
            },
            PageRequest {
                page: 1,
                per_page: 20,
            },
        );
        assert_eq!(empty.total_pages, 0);
        assert!(empty.first_page && empty.last_page && empty.empty);
    }
}
