//! GET /hsds/services and /hsds/services/{id}.

use actix_web::{HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;
use waypoint_indexer::params as wp;
use waypoint_indexer::store::hsds::{
    self, Depth, ServiceFilter, types::MinimalService, types::Service,
};

use super::params;
use super::{HsdsPage, found, record_id, respond};
use crate::capacity::listings;
use crate::error::ApiError;
use crate::routes::query::Query;
use crate::state::AppState;

/// The parameters `/hsds/services` takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ServicesParams {
    /// Words to find in the service's name or description or its organization's name
    /// (a substring, ignoring case and accents: `clinica` finds "Clínica").
    #[serde(default, deserialize_with = "wp::text")]
    search: Option<String>,
    /// Page number, from 1.
    #[serde(default, deserialize_with = "wp::number")]
    #[param(default = 1, minimum = 1, maximum = 1000000)]
    page: Option<i64>,
    /// Records per page (default 20, at most 100; at most 10000 with `minimal`).
    #[serde(default, deserialize_with = "wp::number")]
    #[param(default = 20, minimum = 1, maximum = 10000)]
    per_page: Option<i64>,
    /// `json` (default) or `ndjson`: every matching service, one JSON object per line,
    /// without pages.
    #[serde(default, deserialize_with = "wp::keyword_in_any_case")]
    #[param(default = "json", inline)]
    format: Option<params::Format>,
    /// Only services tagged with this taxonomy term.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_term_id: Option<String>,
    /// Only services tagged with a term of this taxonomy.
    #[serde(default, deserialize_with = "wp::text")]
    taxonomy_id: Option<String>,
    /// Only this organization's services.
    #[serde(default, deserialize_with = "wp::text")]
    organization_id: Option<String>,
    /// Only services changed at or after this RFC 3339 date-time (or date).
    #[serde(default, deserialize_with = "wp::text")]
    #[param(example = "2026-01-31T09:00:00Z")]
    modified_after: Option<String>,
    /// Just `id` and `last_modified` of each service.
    #[serde(default, deserialize_with = "wp::flag")]
    minimal: Option<bool>,
    /// Fully nested services, as `/hsds/services/{id}` gives them.
    #[serde(default, deserialize_with = "wp::flag")]
    full: Option<bool>,
}

/// A page of `/hsds/services`: services with their one-to-one fields (or fully nested with
/// `full`), or with `minimal` just each one's `id` and `last_modified`. Either page may be
/// empty, so the document gives the two as `anyOf`.
pub struct ServicesPage;

impl utoipa::PartialSchema for ServicesPage {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::AnyOfBuilder::new()
            .item(<HsdsPage<Service> as utoipa::PartialSchema>::schema())
            .item(<HsdsPage<MinimalService> as utoipa::PartialSchema>::schema())
            .into()
    }
}

impl utoipa::ToSchema for ServicesPage {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        use utoipa::PartialSchema;
        for (name, schema) in [
            (Service::name(), Service::schema()),
            (MinimalService::name(), MinimalService::schema()),
        ] {
            schemas.push((name.into_owned(), schema));
        }
        Service::schemas(schemas);
    }
}

impl ServicesParams {
    fn filter(&self) -> Result<ServiceFilter, ApiError> {
        params::service_filter(
            &self.search,
            &self.taxonomy_term_id,
            &self.taxonomy_id,
            &self.organization_id,
            &self.modified_after,
        )
    }
}

/// Services: the one-to-one fields with the organization, or fully nested with `full`.
#[utoipa::path(security((), ("api_key" = [])),
    params(ServicesParams),
    tag = "hsds",
    responses(
        (status = 200, description = "A page of services (`minimal`: of `MinimalService`), or with `format=ndjson` every matching service, one JSON object a line",
            content((ServicesPage = "application/json"), (String = "application/x-ndjson"))),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/services")]
pub async fn list(
    state: web::Data<AppState>,
    Query(p): Query<ServicesParams>,
) -> Result<HttpResponse, ApiError> {
    let filter = p.filter()?;
    let format = params::format(p.format);
    let (minimal, full) = (p.minimal == Some(true), p.full == Some(true));
    if minimal && full {
        return Err(ApiError::invalid(
            "minimal",
            "`minimal` and `full` cannot both be true",
        ));
    }
    if minimal {
        let page = params::page(
            p.page,
            p.per_page,
            params::MAX_MINIMAL_PER_PAGE,
            params::MAX_MINIMAL_PER_PAGE,
        )?;
        return respond(
            &state,
            format,
            page,
            move |c, page| -> Result<hsds::Page<MinimalService>, ApiError> {
                Ok(hsds::minimal_services(c, &filter, page)?)
            },
        )
        .await;
    }
    let page = params::list_page(p.page, p.per_page)?;
    let depth = if full { Depth::Full } else { Depth::List };
    respond(&state, format, page, move |c, page| {
        let mut loaded = hsds::services(c, &filter, page, depth)?;
        listings::overlay_hsds(c, &mut loaded.items)?;
        Ok(loaded)
    })
    .await
}

/// One service, fully nested: organization, services at locations with their locations
/// and addresses, phones, schedules, service areas, languages, costs, capacities (the
/// program's own latest report when it has sent one, else the feed's) and attributes with
/// their taxonomy terms.
#[utoipa::path(
    security((), ("api_key" = [])),
    tag = "hsds",
    params(("id" = String, Path, description = "The service's id")),
    responses(
        (status = 200, body = Service),
        (status = 404, description = "No service has this id", body = crate::error::Problem, content_type = "application/problem+json")
    )
)]
#[get("/services/{id}")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = record_id(id.into_inner(), "service")?;
    let key = id.clone();
    let record = state
        .db
        .read(move |c| {
            let mut loaded = hsds::service(c, &key)?;
            listings::overlay_hsds(c, loaded.as_mut())?;
            Ok(loaded)
        })
        .await?;
    found(record, "service", &id)
}
