//! `GET /v1/waitlists/{service_id}/entries/{id}/bridge`: help a person on a waitlist can
//! use now, each suggestion with the one request that records it as an interim service.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;

use waypoint_indexer::model::filters::MAX_AGE;
use waypoint_indexer::search::filters::Filters;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::state::AppState;
use crate::waitlists::actions::bridge::{self, Bridge, BridgeGroup, BridgeSuggestion, entry_facts};
use crate::waitlists::bridge::{
    BridgeQuery, DEFAULT_DAYS, DEFAULT_PER_KIND, MAX_DAYS, MAX_PER_KIND, Person, RecordStep,
};

/// This area's part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(bridge_resources),
    components(schemas(Bridge, BridgeGroup, BridgeSuggestion, RecordStep))
)]
pub struct BridgeApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(bridge_resources);
}

/// The parameters the bridge takes (documentation; parsing is `parse`).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct BridgeParams {
    /// Where the person is: a US ZIP code or "City, ST". Without a place, around the program.
    near: Option<String>,
    /// Latitude of where the person is (with `lon`).
    lat: Option<f64>,
    /// Longitude of where the person is (with `lat`).
    lon: Option<f64>,
    /// How far to look, in km (default 25, at most 500).
    radius_km: Option<f64>,
    /// ISO 639-1 code; listings in it come first. When omitted, the client's preferred
    /// language if the caller may see the client's details.
    language: Option<String>,
    /// Meetings starting within this many days (default 3, at most 14).
    days: Option<i64>,
    /// Suggestions per kind (default 3, at most 10).
    per_kind: Option<usize>,
    /// The person's gender (`female`, `male`, `transgender`, `non_binary`): leaves out help
    /// for other genders only.
    gender: Option<String>,
    /// The person's age in years (else from the client's date of birth, when the caller
    /// may see it): leaves out help for other ages.
    age: Option<u32>,
    /// Whether the person is a veteran: help for veterans only when `true`.
    veteran: Option<bool>,
}

fn parse(params: &[(String, String)]) -> Result<BridgeQuery, ApiError> {
    let mut query = BridgeQuery {
        place: Vec::new(),
        language: None,
        days: DEFAULT_DAYS,
        per_kind: DEFAULT_PER_KIND,
        person: Person::default(),
    };
    let mut person_filters = Filters::default();
    let number = |name: &str, value: &str, max: i64| -> Result<i64, ApiError> {
        value
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| ApiError::invalid(name, format!("a whole number from 1 to {max}")))
    };
    for (key, value) in params {
        match key.as_str() {
            "near" | "lat" | "lon" | "radius_km" => query.place.push((key.clone(), value.clone())),
            "language" => {
                let code = value.trim().to_ascii_lowercase();
                if !(2..=3).contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_lowercase()) {
                    return Err(ApiError::invalid(
                        "language",
                        format!("{value:?} is not an ISO 639-1 code such as es"),
                    ));
                }
                query.language = Some(code);
            }
            "days" => query.days = number("days", value, MAX_DAYS)?,
            "per_kind" => query.per_kind = number("per_kind", value, MAX_PER_KIND as i64)? as usize,
            // The values the search's own filter takes, as the searches will use it.
            "gender" => {
                if let Some(Err(e)) = person_filters.take(key, value) {
                    return Err(ApiError::invalid(e.parameter, e.detail));
                }
            }
            // No older than the search's filter takes, so no search fails after the entry
            // was read (and its showing recorded).
            "age" => query.person.age = Some(number("age", value, i64::from(MAX_AGE))? as u32),
            "veteran" => {
                query.person.veteran = Some(match value.trim() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(ApiError::invalid("veteran", "true or false")),
                })
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    "unknown parameter: use near, lat, lon, radius_km, language, days, per_kind, gender, age or veteran",
                ));
            }
        }
    }
    query.person.gender = person_filters.gender;
    Ok(query)
}

/// Help a person waiting for a program can use now, near them and in their language.
#[utoipa::path(get, path = "/v1/waitlists/{service_id}/entries/{id}/bridge", tag = "waitlists",
    security(("api_key" = [])),
    params(("service_id" = String, Path), ("id" = String, Path), BridgeParams),
    responses((status = 200, body = Bridge),
        (status = 400, description = "A parameter cannot be used; `parameter` names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/v1/waitlists/{service_id}/entries/{id}/bridge")]
pub async fn bridge_resources(
    caller: Caller,
    path: web::Path<(String, String)>,
    params: web::Query<Vec<(String, String)>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = parse(&params)?;
    let (service_id, entry_id) = path.into_inner();
    // The client's language is a detail: used only when this caller may see the details,
    // and then recorded in the ledger like any other showing (so a write).
    let (s, e, asked) = (service_id.clone(), entry_id.clone(), query.person.clone());
    let facts = state
        .db
        .write(move |c| entry_facts(c, &caller, &s, &e, asked))
        .await?;
    let (index, stale_after) = (state.index.clone(), state.capacity_stale_after);
    let answer = state
        .db
        .read(move |c| bridge::suggest(c, &index, service_id, entry_id, &query, facts, stale_after))
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameters_are_checked_and_named() {
        let q = parse(&pairs(&[
            ("near", "21202"),
            ("language", "ES"),
            ("days", "7"),
        ]))
        .unwrap();
        assert_eq!(q.place, pairs(&[("near", "21202")]));
        assert_eq!(q.language.as_deref(), Some("es"));
        assert_eq!((q.days, q.per_kind), (7, DEFAULT_PER_KIND));
        for (bad, name) in [
            (("days", "0"), "days"),
            (("days", "15"), "days"),
            (("per_kind", "x"), "per_kind"),
            (("language", "spanish"), "language"),
            (("gender", "man"), "gender"),
            (("age", "121"), "age"),
            (("veteran", "maybe"), "veteran"),
            (("colour", "red"), "colour"),
        ] {
            match parse(&pairs(&[bad])).unwrap_err() {
                ApiError::InvalidParameter { parameter, .. } => assert_eq!(parameter, name),
                other => panic!("{other:?}"),
            }
        }
    }
}
