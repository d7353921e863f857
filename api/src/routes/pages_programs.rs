//! The program pages: a provider reports its programs' capacity; a coordinator sees
//! capacity across programs, a program's waitlist, admits and removes, and the bridge
//! services for a waiting person. Each handler calls the same domain action as its `/v1`
//! handler (`capacity::actions::report`, `coordination::actions::capacity_overview`,
//! `waitlists::actions::{read, change, bridge}`), and a refusal is a message on the page.

use actix_web::http::StatusCode;
use actix_web::web::{self, Bytes};
use actix_web::{HttpRequest, HttpResponse};

use super::pages_session::{SignedIn, private_page, see_other, signed_form, signed_in};
use crate::auth::Role;
use crate::capacity::{CapacityReport, CapacityUnit};
use crate::capacity::{actions as capacity, store as capacity_store};
use crate::coordination::actions as coordination;
use crate::error::ApiError;
use crate::state::AppState;
use crate::waitlists::actions::{bridge, change, read};
use crate::waitlists::bridge::{BridgeQuery, DEFAULT_DAYS, DEFAULT_PER_KIND, Person};
use crate::waitlists::model::{AdmitBody, StatusFilter};
use crate::waitlists::rules::RemovalReason;
use crate::web::fields::Fields;
use crate::web::form::pairs;
use crate::web::partner::{self, error_box};
use crate::web::program_pages::{self, OwnProgram};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/partner/capacity").route(web::get().to(own_capacity)))
        .service(
            web::resource("/partner/capacity/{service_id}").route(web::post().to(report_capacity)),
        )
        .service(web::resource("/partner/programs").route(web::get().to(programs)))
        .service(web::resource("/partner/waitlists/{service_id}").route(web::get().to(waitlist)))
        .service(
            web::resource("/partner/waitlists/{service_id}/entries/{id}/admit")
                .route(web::post().to(admit)),
        )
        .service(
            web::resource("/partner/waitlists/{service_id}/entries/{id}/remove")
                .route(web::post().to(remove)),
        )
        .service(
            web::resource("/partner/waitlists/{service_id}/entries/{id}/bridge")
                .route(web::get().to(bridge_page)),
        );
}

fn query(req: &HttpRequest) -> Fields {
    Fields::from_pairs(pairs(req.query_string()))
}

fn refusal(s: &SignedIn, e: &ApiError) -> HttpResponse {
    let (status, message) = error_box(s.lang, e);
    let main = format!("<h1>{}</h1>{message}", s.lang.p().could_not);
    let page = partner::frame(
        s.lang,
        &s.account(),
        s.lang.p().could_not,
        "/partner",
        &main,
    );
    private_page(status, s.lang, page)
}

/// The provider's capacity page, with `message` above the forms.
async fn capacity_page(
    s: &SignedIn,
    state: &AppState,
    message: &str,
    status: StatusCode,
) -> HttpResponse {
    if let Err(e) = s.caller.require(&[Role::Provider]) {
        return refusal(s, &e);
    }
    let organizations = s.caller.organization_ids.clone();
    let stale_after = state.capacity_stale_after;
    let found = state
        .db
        .read(move |c| {
            let now = chrono::Utc::now();
            let mut programs = Vec::new();
            for service_id in capacity_store::services_of(c, &organizations)? {
                let name = capacity_store::service_name(c, &service_id)?.unwrap_or_default();
                let capacity = capacity_store::current(c, &service_id)?
                    .map(|stored| stored.view(now, stale_after));
                programs.push(OwnProgram {
                    service_id,
                    name,
                    capacity,
                });
            }
            programs.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(programs)
        })
        .await;
    match found {
        Ok(programs) => private_page(
            status,
            s.lang,
            program_pages::capacity_page(s.lang, &s.account(), &programs, message),
        ),
        Err(e) => refusal(s, &e),
    }
}

/// `GET /partner/capacity`.
async fn own_capacity(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let message = query(&req)
        .get("done")
        .map(|_| partner::done(s.lang.p().capacity_saved))
        .unwrap_or_default();
    capacity_page(&s, &state, &message, StatusCode::OK).await
}

/// The form's report as the API's `CapacityReport` (one unit), checked by its own
/// `validate`.
fn report_of(fields: &Fields) -> Result<crate::capacity::ValidReport, ApiError> {
    let count = |name: &str| -> Result<Option<i64>, ApiError> {
        fields
            .get(name)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    ApiError::invalid(name, format!("`{name}` must be a whole number"))
                })
            })
            .transpose()
    };
    let available = count("available")?
        .ok_or_else(|| ApiError::invalid("available", "`available` is required"))?;
    CapacityReport {
        status: fields.text("status"),
        capacities: vec![CapacityUnit {
            unit: fields.text("unit"),
            available,
            maximum: count("maximum")?,
            description: None,
        }],
        notes: None,
    }
    .validate()
}

/// `POST /partner/capacity/{service_id}`: `capacity::actions::report`.
async fn report_capacity(
    req: HttpRequest,
    state: web::Data<AppState>,
    service_id: web::Path<String>,
    body: Bytes,
) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let result = match report_of(&fields) {
        Ok(report) => {
            let (caller, id) = (s.caller.clone(), service_id.into_inner());
            state
                .db
                .write(move |c| capacity::report(c, &caller, &id, &report).map(|_| ()))
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => see_other(&format!("/partner/capacity?lang={}&done=1", s.lang.code())),
        Err(e) => {
            let (status, message) = error_box(s.lang, &e);
            capacity_page(&s, &state, &message, status).await
        }
    }
}

/// `GET /partner/programs?q=…&near=…`: `coordination::actions::capacity_overview` with
/// `/v1/search`'s own parameter parsing.
async fn programs(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let form = query(&req);
    let (q, near) = (form.text("q"), form.text("near"));
    let mut params = vec![("per_page".to_string(), "50".to_string())];
    for (name, value) in [("q", &q), ("near", &near)] {
        if !value.is_empty() {
            params.push((name.to_string(), value.clone()));
        }
    }
    let parsed = waypoint_indexer::params::from_pairs(&params)
        .map_err(ApiError::from)
        .and_then(crate::search::request_of);
    let found = match parsed {
        Ok((request, has_capacity)) => {
            let (caller, index, stale_after) = (
                s.caller.clone(),
                state.index.clone(),
                state.capacity_stale_after,
            );
            state
                .db
                .read(move |c| {
                    coordination::capacity_overview(
                        c,
                        &index,
                        &caller,
                        request,
                        has_capacity,
                        stale_after,
                    )
                })
                .await
        }
        Err(e) => Err(e),
    };
    let (status, overview, message) = match found {
        Ok(o) => (StatusCode::OK, Some(o), String::new()),
        Err(e) => {
            let (status, message) = error_box(s.lang, &e);
            (status, None, message)
        }
    };
    let page =
        program_pages::overview_page(s.lang, &s.account(), &q, &near, overview.as_ref(), &message);
    private_page(status, s.lang, page)
}

/// A program's waitlist (`waitlists::actions::read::list`, the queue), with `message`.
async fn waitlist_page(
    s: &SignedIn,
    state: &AppState,
    service_id: String,
    message: &str,
    status: StatusCode,
) -> HttpResponse {
    let caller = s.caller.clone();
    let sid = service_id.clone();
    let found = state
        .db
        .write(move |c| {
            let entries = read::list(c, &caller, &sid, StatusFilter::Waiting)?;
            let name = capacity_store::service_name(c, &sid)?.unwrap_or_else(|| sid.clone());
            Ok((entries, name))
        })
        .await;
    match found {
        Ok((entries, name)) => private_page(
            status,
            s.lang,
            program_pages::waitlist_page(
                s.lang,
                &s.account(),
                &service_id,
                &name,
                &entries,
                message,
            ),
        ),
        Err(e) => refusal(s, &e),
    }
}

/// `GET /partner/waitlists/{service_id}`.
async fn waitlist(
    req: HttpRequest,
    state: web::Data<AppState>,
    service_id: web::Path<String>,
) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let p = s.lang.p();
    let message = match query(&req).get("done") {
        Some("admitted") => partner::done(p.admitted),
        Some("removed") => partner::done(p.removed),
        _ => String::new(),
    };
    waitlist_page(
        &s,
        &state,
        service_id.into_inner(),
        &message,
        StatusCode::OK,
    )
    .await
}

/// Back to the waitlist after a form: 303 with what was done, or the refusal on it.
async fn after(
    s: &SignedIn,
    state: &AppState,
    service_id: String,
    done: &str,
    result: Result<(), ApiError>,
) -> HttpResponse {
    match result {
        Ok(()) => see_other(&format!(
            "/partner/waitlists/{service_id}?lang={}&done={done}",
            s.lang.code()
        )),
        Err(e) => {
            let (status, message) = error_box(s.lang, &e);
            waitlist_page(s, state, service_id, &message, status).await
        }
    }
}

/// `POST …/entries/{id}/admit`: `waitlists::actions::change::admit` (the admission rule
/// decides against the program's capacity).
async fn admit(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let (service_id, id) = path.into_inner();
    let request = AdmitBody {
        unit: None,
        confirmed_by_program: fields.get("confirmed_by_program").is_some(),
    };
    let (caller, sid, stale_after) = (
        s.caller.clone(),
        service_id.clone(),
        state.capacity_stale_after,
    );
    let result = state
        .db
        .write(move |c| change::admit(c, &caller, &sid, &id, request, stale_after).map(|_| ()))
        .await;
    after(&s, &state, service_id, "admitted", result).await
}

/// `POST …/entries/{id}/remove`: `waitlists::actions::change::remove`.
async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    body: Bytes,
) -> HttpResponse {
    let (s, fields) = match signed_form(&req, &state, &body).await {
        Ok(ok) => ok,
        Err(res) => return res,
    };
    let (service_id, id) = path.into_inner();
    let reason = fields.text("reason");
    let result =
        match serde_json::from_value::<RemovalReason>(serde_json::Value::String(reason.clone())) {
            Ok(reason) => {
                let (caller, sid) = (s.caller.clone(), service_id.clone());
                state
                    .db
                    .write(move |c| change::remove(c, &caller, &sid, &id, reason, None).map(|_| ()))
                    .await
            }
            Err(_) => Err(ApiError::invalid(
                "reason",
                format!("unknown reason {reason:?}"),
            )),
        };
    after(&s, &state, service_id, "removed", result).await
}

/// `GET …/entries/{id}/bridge`: `waitlists::actions::bridge` around the program.
async fn bridge_page(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let s = match signed_in(&req, &state).await {
        Ok(s) => s,
        Err(res) => return res,
    };
    let (service_id, entry_id) = path.into_inner();
    let query = BridgeQuery {
        place: Vec::new(),
        language: None,
        days: DEFAULT_DAYS,
        per_kind: DEFAULT_PER_KIND,
        person: Person::default(),
    };
    let (caller, sid, eid) = (s.caller.clone(), service_id.clone(), entry_id.clone());
    let facts = state
        .db
        .write(move |c| bridge::entry_facts(c, &caller, &sid, &eid, Person::default()))
        .await;
    let found = match facts {
        Ok(facts) => {
            let (index, stale_after) = (state.index.clone(), state.capacity_stale_after);
            state
                .db
                .read(move |c| {
                    bridge::suggest(c, &index, service_id, entry_id, &query, facts, stale_after)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match found {
        Ok(b) => private_page(
            StatusCode::OK,
            s.lang,
            program_pages::bridge_page(s.lang, &s.account(), &b),
        ),
        Err(e) => refusal(&s, &e),
    }
}
