//! `GET /v1/waitlists/{service_id}/entries/{id}/bridge`: help a person on a waitlist can
//! use now, each suggestion with the one request that records it as an interim service.

use actix_web::{HttpResponse, get, web};
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use serde::Deserialize;
use waypoint_indexer::model::filters::MAX_AGE;
use waypoint_indexer::params::{self, within};
use waypoint_indexer::search::filters;
use waypoint_indexer::search::request::language_code;

use crate::auth::Caller;
use crate::error::{ApiError, Problem};
use crate::routes::query::Query;
use crate::state::AppState;
use crate::waitlists::actions::bridge::{self, Bridge, entry_facts};
use crate::waitlists::bridge::{
    BridgeQuery, DEFAULT_DAYS, DEFAULT_PER_KIND, MAX_DAYS, MAX_PER_KIND, Person,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(bridge_resources);
}

/// The parameters the bridge takes.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BridgeParams {
    /// Where the person is: a US ZIP code or "City, ST". Without a place, around the program.
    #[serde(default, deserialize_with = "params::text")]
    near: Option<String>,
    /// Latitude of where the person is (with `lon`).
    #[serde(default, deserialize_with = "params::number")]
    #[param(minimum = -90, maximum = 90)]
    lat: Option<f64>,
    /// Longitude of where the person is (with `lat`).
    #[serde(default, deserialize_with = "params::number")]
    #[param(minimum = -180, maximum = 180)]
    lon: Option<f64>,
    /// How far to look, in km (default 25, at most 500).
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 25, exclusive_minimum = 0, maximum = 500)]
    radius_km: Option<f64>,
    /// ISO 639-1 code; listings in it come first. When omitted, the client's preferred
    /// language if the caller may see the client's details.
    #[serde(default, deserialize_with = "params::text")]
    #[param(pattern = "^([A-Za-z]{2,3})?$", example = "es")]
    language: Option<String>,
    /// Meetings starting within this many days (default 3, at most 14).
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 3, minimum = 1, maximum = 14)]
    days: Option<i64>,
    /// Suggestions per kind (default 3, at most 10).
    #[serde(default, deserialize_with = "params::number")]
    #[param(default = 3, minimum = 1, maximum = 10)]
    per_kind: Option<i64>,
    /// The person's gender (`female`, `male`, `transgender`, `non_binary`): leaves out help
    /// for other genders only.
    #[serde(default, deserialize_with = "params::text")]
    gender: Option<String>,
    /// The person's age in years (else from the client's date of birth, when the caller
    /// may see it): leaves out help for other ages.
    #[serde(default, deserialize_with = "params::number")]
    #[param(minimum = 1, maximum = 120)]
    age: Option<i64>,
    /// Whether the person is a veteran: help for veterans only when `true`.
    #[serde(default, deserialize_with = "params::flag")]
    veteran: Option<bool>,
}

/// The bridge's parameters, checked, as the question the bridge answers.
fn parse(params: BridgeParams) -> Result<BridgeQuery, ApiError> {
    let language = params.language.as_deref().map(language_code).transpose()?;
    let mut place = Vec::new();
    if let Some(near) = params.near {
        place.push(("near".to_string(), near));
    }
    for (name, value) in [
        ("lat", params.lat),
        ("lon", params.lon),
        ("radius_km", params.radius_km),
    ] {
        if let Some(v) = value {
            place.push((name.to_string(), v.to_string()));
        }
    }
    // No older than the search's filter takes, so no search fails after the entry was read
    // (and its showing recorded).
    let age = match params.age {
        None => None,
        age => Some(within("age", age, 0, 1..=i64::from(MAX_AGE))? as u32),
    };
    Ok(BridgeQuery {
        place,
        language,
        days: within("days", params.days, DEFAULT_DAYS, 1..=MAX_DAYS)?,
        per_kind: within(
            "per_kind",
            params.per_kind,
            DEFAULT_PER_KIND as i64,
            1..=MAX_PER_KIND as i64,
        )? as usize,
        person: Person {
            // The values the search's own filter takes, as the searches will use it.
            gender: filters::gender(params.gender.as_deref())?,
            age,
            veteran: params.veteran,
            ..Person::default()
        },
    })
}

/// Help a person waiting for a program can use now, near them and in their language.
#[utoipa::path(tag = "waitlists",
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
    Query(params): Query<BridgeParams>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = parse(params)?;
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

    fn parse(p: &[(String, String)]) -> Result<BridgeQuery, ApiError> {
        super::parse(params::from_pairs(p)?)
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
